/* audit.h — 月审: the monthly review engine (core: pure). For one branch and one month, from
 * the branch's facts as they stood, each item gets a state (达标 / 未达标 / 待定), reasons in
 * plain Chinese with the records behind them, and a score out of 100 (deductions = the weights of
 * failed items, from config). The verdict stays the reviewer's. */
#ifndef ZHIBU_AUDIT_H
#define ZHIBU_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zhibu/audit_people.h"
#include "zhibu/date.h"
#include "zhibu/dues.h"
#include "zhibu/meeting.h"

enum audit_item { AI_MEETINGS = 0, AI_THEME_DAY, AI_RECORDS, AI_MEMBERS, AI_DUES, AI_POSTS, AI_COUNT };
/* Codes (meetings, theme_day, records, members, dues, posts) and labels 三会一课 主题党日 记录规范
 * 党员管理 党费收缴 设岗定责, in enum order; ends with {NULL, NULL}. */
extern const struct code_label AUDIT_ITEMS[];
/* Two-character labels for narrow tables: 三会 党日 记录 党员 党费 设岗 */
const char *audit_item_short(enum audit_item i);
int audit_item_of_code(const char *code); /* -1 if unknown */
/* What a stored review-item code (a verdict's or a rectification order's item) reads as on
 * screen: the six items' labels, "overall" 总体, anything else 其他项目 — a code itself never
 * reaches the screen. */
const char *audit_item_label(const char *code);

enum audit_state { AS_PASS = 0, AS_FAIL, AS_PENDING };
/* 达标 未达标 待定, and the marks ✓ ✗ △ */
const char *audit_state_label(enum audit_state s);
const char *audit_state_mark(enum audit_state s);

enum audit_ref_kind { REF_MEETING = 1, REF_MEMBER, REF_HOLDING, REF_GROUP,
                      REF_CANDIDATE /* a person in the 发展党员 pipeline (issue 19) */ };
struct audit_ref {
    enum audit_ref_kind kind;
    int64_t id;
};
#define AUDIT_MAX_REFS 32
struct audit_reason {
    enum audit_item item;
    char text[256];            /* "10月未召开支部委员会", "2条记录补记", "3名党员欠交党费满3个月" */
    struct audit_ref refs[AUDIT_MAX_REFS];
    int nrefs;                 /* the records behind it (the first AUDIT_MAX_REFS) */
    bool fails;                /* makes the item 未达标 (false: 待定 or only listed) */
};

/* ---- the facts of one branch for one month ---- */
struct audit_meeting {         /* non-voided records dated from January 1 of the year to month end */
    int64_t id;
    struct meeting_fact f;     /* date, kind, also_mask, group_id (voided is false) */
    /* of the month's records only (judge_records; 0 and "" on the earlier ones): */
    int quorum;                /* enum quorum_state */
    unsigned missing_mask;
    char created_at[24];       /* for the late-entry rule */
};
struct audit_group {           /* groups not voided by month end */
    int64_t id;
    const char *name;
    const char *start_date;    /* 成立日期, "" unknown (before schema 9) */
    const char *end_date;      /* 撤销日期, "" while it stands */
    int members;               /* members of the group on the roster at month end */
};
struct audit_member {          /* on the roster at some time during the month */
    /* (pointers first, then ints, then the flags: a district holds two arrays of these) */
    int64_t id;
    const char *name;
    const char *join_date;
    const char *probation_until; /* the newest 延长预备期 decided by month end: the new end of
                                    probation ("" or NULL if none) */
    const char *leave_date;    /* "" if still on the roster at month end */
    const char *mobile_since;  /* "" if not mobile */
    const char *last_contact;  /* "" if none */
    struct dues_facts dues;    /* with paid allocations (enough history for the arrears rules) */
    /* December only (the yearly rules, year_rules.h), of the year up to month end: */
    int talks;                 /* 谈心谈话 records the member took part in (present, or host) */
    int lectures;              /* 党课 records with the member as lecturer */
    struct zdate arrived;      /* the newest transfer in ({0} if none): the yearly rules ask
                                  nothing of a member who came in December or later */
    bool has_office;
    bool probationary;         /* status at month end */
    bool mobile;
    bool post_excused;
    bool secretary;            /* holds the office of 书记 (December only) */
};
struct audit_holding {         /* post holdings current at some time during the month */
    int64_t id;
    int64_t member_id;
    struct zdate claimed;
    struct zdate ended;        /* {0} while held */
    const char *last_report;   /* the newest report dated on or before month end, "" if none */
};
struct audit_input {
    int64_t branch_id;
    int year, month;
    struct zdate today;        /* periods not yet over on this day are judged 待定, not 未达标 */
    struct zdate since;        /* the branch's ledger begins (its first member, record or entry) */
    const struct audit_meeting *meetings; int nmeetings;
    const struct audit_group *groups; int ngroups;
    const struct audit_member *members; int nmembers;
    const struct audit_holding *holdings; int nholdings;
    const struct audit_people *people; /* issue 19 (audit_people.h); NULL: not checked */
};

struct audit_rules {
    struct meeting_freq_rules freq;
    int late_entry_days;
    struct dues_rules dues;
    int probation_months, probation_remind_days;
    int mobile_contact_months, mobile_transfer_months;
    int post_report_months;
    int post_coverage_percent;
    int talk_per_year;         /* 谈心谈话 with each member, checked in December */
    int secretary_lectures_per_year; /* the secretary's 党课, checked in December */
    struct people_rules people; /* issue 19: pipeline, term, remittance (audit_people.h) */
    int weight[AI_COUNT];      /* deductions when an item fails (config [audit]) */
    int pass_score;
};

struct audit_result {
    int64_t branch_id;
    int year, month;
    enum audit_state state[AI_COUNT];
    int deduction[AI_COUNT];
    int score;                 /* 100 - deductions, not below 0 */
    struct audit_reason *reasons; /* heap; in item order */
    int nreasons;
    /* counts for the report's 统计 */
    int members;               /* on the roster at month end */
    int meetings_held[MK_COUNT]; /* records of each kind (or also-counting) dated in the month */
    long dues_expected, dues_collected; /* for the month, 分 */
    int post_eligible, post_covered;
};

/* Judge one branch's month. The rules for each item (DOMAIN.md "The monthly review"):
 * 三会一课: a committee meeting this month; each group met this month; a general meeting and a
 *   lecture this quarter — 待定 before the quarter's last month, 未达标 in it once it is over;
 *   in December also the year's people rules (year_rules.h): each member on the roster at month
 *   end took part in talk_per_year 谈心谈话, the secretary gave secretary_lectures_per_year
 *   党课 — 待定 until December is over (or when the ledger began after January 1), then 未达标;
 * 主题党日: held this month; 记录规范: records dated this month complete, with quorum, not 补记;
 * 党员管理: no probationary member overdue for 转正, mobile members contacted on time;
 * 党费收缴: every member's dues for the month recorded once the month is over; arrears of
 *   arrears_talk_months and lapse runs listed (and failing);
 * 设岗定责: coverage >= post_coverage_percent, no overdue reports.
 * A month not yet over (today <= month end) leaves the month's requirements 待定. A branch whose
 * `since` is after the month is 待定 throughout ("该月尚未建立台账"); a month with no members
 * is 待定 throughout ("该月无在册党员"); a branch with no groups has no group requirement, and
 * a group must meet only in a month group_meets_in_month says it stood and had members. */
void audit_branch(const struct audit_input *in, const struct audit_rules *r, struct audit_result *out);
/* audit_branch of ins[0..n) into res[0..n), on two threads (audit_many.c). */
void audit_branches(const struct audit_input *ins, int n, const struct audit_rules *r,
                    struct audit_result *res);
void audit_result_free(struct audit_result *r);
/* The members of in on the roster at the month's end as the yearly rules see them (talks,
 * lectures, secretary: loaded for December), in in's order, into out (room for in->nmembers);
 * returns how many. */
struct year_person;
int audit_year_people(const struct audit_input *in, struct year_person *out);

/* Overall suggestion from the score and states (the reviewer decides): 合格 when no item fails
 * and score >= pass_score... see audit.c. rules must not be NULL (the pass score is its).
 * Returns a VERDICTS code. */
const char *audit_suggest_verdict(const struct audit_result *r, const struct audit_rules *rules);

/* Verdicts: pass 合格, rectify 需整改, fail 不合格. */
extern const struct code_label VERDICTS[];
/* Rectification status: open 整改中, done 已整改待确认, confirmed 已确认, (returned is open again
 * with a note). */
extern const struct code_label RECTIFY_STATES[];

#endif
