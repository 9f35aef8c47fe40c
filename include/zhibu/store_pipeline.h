/* store_pipeline.h — 发展党员 in the database (src/store/pipeline_db.c; rules in pipeline.h).
 * Every write is journaled (history) and checked by the core rules first; refusals carry the
 * core's Chinese sentence (store_error). Only a secretary of the branch (or an administrator)
 * writes; reviewers read. */
#ifndef ZHIBU_STORE_PIPELINE_H
#define ZHIBU_STORE_PIPELINE_H

#include <stdbool.h>
#include <stdint.h>

#include "zhibu/model.h"
#include "zhibu/pipeline.h"
#include "zhibu/store.h"

struct candidate {
    int64_t id;
    char uuid[UUID_STR_LEN];
    int64_t branch_id;
    char name[TEXT_SHORT];
    char gender[4];               /* GENDERS */
    char birth_date[11];
    char ethnicity[32];
    char education[16];           /* EDUCATIONS or "" */
    char category[16];            /* MEMBER_CATEGORIES or "" */
    char phone[24];
    char stage[16];               /* CANDIDATE_STAGES (set by the store from the steps) */
    int64_t member_id;            /* the roster row made at admission, 0 before */
    char note[PEOPLE_NOTE_BYTES + 1];
    bool voided;
    int64_t version;              /* as read (store.h: versions) */
    /* filled on read */
    char stage_date[11];          /* the date the current stage was reached */
    struct cand_due due;          /* what is due next (cand_due_of, today, the config's rules) */
};

struct candidate_step {
    int64_t id;
    char uuid[UUID_STR_LEN];
    int64_t candidate_id;
    char kind[16];                /* CANDIDATE_STEPS */
    char date[11];
    int64_t meeting_id;           /* 0: none */
    int64_t person_id;            /* talk: who talked; activist: the first 培养联系人; 0: none */
    int64_t person2_id;           /* activist: the second 培养联系人 */
    int votes_for, votes_against, votes_abstain; /* admit */
    char note[PEOPLE_NOTE_BYTES + 1];
    bool voided;
    /* filled on read */
    char meeting_label[TEXT_SHORT]; /* "2026-03-10 支部委员会", "" */
    char person_name[TEXT_SHORT], person2_name[TEXT_SHORT];
    char created_at[24];          /* when it was entered: a step entered more than
                                     late_entry_days after its date is 补记 (meeting_is_late) */
};

/* A new person: apply (入党申请书) on c's application date `applied` with the personal facts, the
 * person and the step "apply" journaled in one transaction. Refused: no name, bad
 * gender/education/category code, a phone that is not 7 to 15 digits, a birth date after the
 * application or after today, the application in the future or in a month with a verdict,
 * younger than min_join_age at the application (18: 《细则》 第五条). Sets c->id, uuid, version,
 * stage "applicant", stage_date. rules: config (NULL: defaults). */
int store_candidate_add(struct store *st, struct candidate *c, const char *applied,
                        const struct people_rules *rules, int min_join_age);
/* The personal facts (name, gender, birth, ethnicity, education, category, phone, note);
 * STORE_ERR_CHANGED when the row changed since read. Not the stage. */
int store_candidate_update(struct store *st, struct candidate *c);
/* Void a person entered by mistake (a reason; not once admitted). A person not taken further is
 * not voided but stopped (a step "stop" with the reason in its note). */
int store_candidate_void(struct store *st, int64_t id, const char *reason);
/* One person (voided too), with stage_date and `due` as of today with the default intervals of
 * [pipeline] (a list takes the config's rules). */
int store_candidate_get(struct store *st, int64_t id, struct candidate *out);

/* A step (s->candidate_id, kind, date, meeting, persons, votes, note), checked with
 * cand_step_check (order, intervals, the meeting's kind and date, not after today; the meeting
 * the branch's own and not voided), the persons (activist: contacts_required 培养联系人 of the
 * branch, full members on the roster that day, two different people; talk, observe: optionally
 * who talked / observed, on the roster that day; other steps: none), the votes (admit:
 * cand_vote_check against the meeting's voting_expected; other steps: none), a stop's reason
 * (its note), the month's lock. admit also makes the roster row (status probationary,
 * join_date = the date, the person's facts; m's other fields — group, dues category, phone,
 * note — from m, NULL: the dues category from the person's category, else employed), checked
 * with validate_member, and sets candidate.member_id, in one transaction. The candidate's stage
 * follows (journaled "update" of the candidate). Sets s->id and s->uuid. */
int store_candidate_step_add(struct store *st, struct candidate_step *s,
                             const struct member *m, const struct people_rules *rules,
                             int min_join_age);
/* Void a step with a reason (the stage follows): refused for the application (void the
 * person), an admission (the roster's business once made), a step that a remaining step needs
 * (cand_void_check). */
int store_candidate_step_void(struct store *st, int64_t step_id, const char *reason);

struct store_candidate_list {
    struct candidate *v;
    int n;
};
/* The people of a branch (0: every branch the session may read) in the pipeline: not voided,
 * not stopped unless with_stopped, admitted ones while still probationary; by stage then date.
 * Roster members who are probationary without a candidate row (admitted before the ledger) are
 * listed too (id 0, member_id set, stage probationary). today: for `due`. */
int store_candidate_list(struct store *st, int64_t branch_id, bool with_stopped,
                         struct zdate today, const struct people_rules *rules,
                         struct store_candidate_list *out);
void store_candidate_list_free(struct store_candidate_list *l);

struct store_candidate_step_list {
    struct candidate_step *v;
    int n;
};
/* A person's steps, oldest first (voided ones included, marked). */
int store_candidate_steps(struct store *st, int64_t candidate_id,
                          struct store_candidate_step_list *out);
void store_candidate_step_list_free(struct store_candidate_step_list *l);

#endif
