/* audit_people.h — issue 19 in the monthly review (core: pure): the rule numbers of the
 * pipeline, the committee's term and the remittance of dues, and what the review checks of them.
 *
 * Each piece of work owns one section below (its struct of facts and its function) and may
 * change only that section; audit_people.c (core) gathers the four, audit.c adds their reasons
 * to the result, the store's loader (src/store/audit_people_load.c) fills the facts.
 *   pipeline   src/core/pipeline.c    src/store/pipeline_db.c   (发展党员)
 *   appraisal  src/core/appraisal.c   src/store/appraisal_db.c  (民主评议党员 results)
 *   term       src/core/committee_term.c src/store/term_db.c    (换届, office history)
 *   remit      src/core/remit.c       src/store/remit_db.c      (党费上缴) */
#ifndef ZHIBU_AUDIT_PEOPLE_H
#define ZHIBU_AUDIT_PEOPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zhibu/date.h"

/* The rule numbers (config; rules_config.c maps the keys). */
struct people_rules {
    /* [pipeline] 发展党员 (《中国共产党发展党员工作细则》) */
    int talk_within_days;       /* talk_within_days = 30: 入党谈话 within this many days of the
                                   application */
    int observe_months;         /* observe_months = 3: an activist 考察 at least this often */
    int activist_min_months;    /* activist_min_months = 12: 积极分子 at least this long before
                                   being chosen 发展对象 */
    int approve_within_months;  /* approve_within_months = 3: the higher committee approves an
                                   admission within this many months */
    int contacts_required;      /* contacts_required = 2: 培养联系人 (full members) per activist */
    /* [committee] 换届 */
    int term_years;             /* term_years = 3 (3..5): the term of a newly elected committee */
    int term_remind_months1;    /* term_remind_months1 = 6: first reminder before the term ends */
    int term_remind_months2;    /* term_remind_months2 = 3: second reminder */
    /* [dues] 党费上缴 */
    int remit_interval_months;  /* remit_interval_months = 3 (1 monthly, 3 quarterly): collected
                                   dues handed up at least this often */
};

/* ---- section pipeline: steps of the month and whether their meeting is right ---- */
struct audit_step {
    int64_t id;                 /* candidate_step id */
    int64_t candidate_id;
    const char *name;           /* the person's name */
    const char *kind;           /* CANDIDATE_STEPS code */
    struct zdate date;
    int64_t meeting_id;         /* 0: none linked */
    const char *meeting_kind;   /* the linked meeting's MEETING_KINDS code, NULL when none or
                                   voided */
    unsigned meeting_also;      /* its also-counts-as mask */
    struct zdate meeting_date;  /* its date ({0} when none) */
};
struct audit_pipeline {
    const struct audit_step *steps; /* not voided, dated in the month */
    int nsteps;
};

/* ---- section appraisal: the year's appraisal (December) ---- */
struct audit_appraisal {
    const int64_t *rated;       /* members with a result at an appraisal of the year (sorted) */
    int nrated;
};

/* ---- section term: the committee's term as of month end ---- */
struct audit_term {
    bool known;                 /* a (not voided) term elected by month end */
    struct zdate elected;
    int term_years;
    int64_t term_id;
};

/* ---- section remit: dues handed up as of month end ---- */
struct audit_remit {
    int through_ym;             /* the newest remitted month (dues_ym), 0 when none */
    struct zdate last_date;     /* the newest remittance's date ({0} when none) */
};

/* One branch's month (audit_input.people; NULL when not loaded: nothing is checked). */
struct audit_people {
    struct audit_pipeline pipeline;
    struct audit_appraisal appraisal;
    struct audit_term term;
    struct audit_remit remit;
};

struct audit_input;
struct audit_rules;
struct audit_reason;

/* Each section's reasons for in's month into out (room for max); returns how many. A reason's
 * item is one of the six (AI_MEMBERS for the pipeline, the appraisal and the term, AI_DUES for the
 * remittance); fails = false makes it 待定. */
int audit_pipeline_reasons(const struct audit_input *in, const struct audit_rules *r,
                           struct audit_reason *out, int max);
int audit_appraisal_reasons(const struct audit_input *in, const struct audit_rules *r,
                            struct audit_reason *out, int max);
int audit_term_reasons(const struct audit_input *in, const struct audit_rules *r,
                       struct audit_reason *out, int max);
int audit_remit_reasons(const struct audit_input *in, const struct audit_rules *r,
                        struct audit_reason *out, int max);
/* All four, in that order (audit_people.c). */
int audit_people_reasons(const struct audit_input *in, const struct audit_rules *r,
                         struct audit_reason *out, int max);
#define AUDIT_PEOPLE_MAX_REASONS 16

#endif
