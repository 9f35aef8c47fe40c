/* meeting.h — 三会一课 records and the rules about them (core: pure, no I/O).
 * A record has one kind and may also count as others (also_mask). Its derived facts —
 * counts, quorum, missing elements — are computed here by meeting_evaluate() from the record
 * and the rule numbers, and stored with it so lists and the audit read them without
 * recomputing; late entry (补记) depends on the configured day count and is computed on
 * reading with meeting_is_late(). */
#ifndef ZHIBU_MEETING_H
#define ZHIBU_MEETING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zhibu/date.h"
#include "zhibu/model.h"

enum meeting_kind {
    MK_GENERAL = 0,  /* 支部党员大会 */
    MK_COMMITTEE,    /* 支部委员会 */
    MK_GROUP,        /* 党小组会 (belongs to one group) */
    MK_LECTURE,      /* 党课 (has a lecturer) */
    MK_THEME_DAY,    /* 主题党日 */
    MK_LIFE_MEETING, /* 组织生活会 */
    MK_APPRAISAL,    /* 民主评议党员 */
    MK_TALK,         /* 谈心谈话 */
    MK_OTHER,        /* 其他 */
    MK_COUNT
};
#define MK_BIT(k) (1u << (k))

/* Codes (general, committee, group, lecture, theme_day, life_meeting, appraisal, talk,
 * other) and labels, in enum order; ends with {NULL, NULL}. */
extern const struct code_label MEETING_KINDS[];
/* -1 if unknown */
int meeting_kind_of_code(const char *code);
const char *meeting_kind_code(enum meeting_kind k);
const char *meeting_kind_label(enum meeting_kind k);
/* Short labels for narrow columns: 党员大会 支委会 小组会 党课 主题党日 生活会 评议 谈心 其他 */
const char *meeting_kind_short(enum meeting_kind k);

/* Attendance marks: present 出席, leave 请假, absent 缺席. */
extern const struct code_label ATTEND_MARKS[];

struct attendee {
    int64_t member_id;
    char name[TEXT_SHORT];     /* filled on read / from the roster */
    char office[16];           /* office held (from the roster) */
    bool voting;               /* a full member on the meeting date (may vote) */
    char mark[12];             /* ATTEND_MARKS code */
    char reason[256];          /* why on leave or absent ("" otherwise) */
    bool excused;              /* excused with approval: leaves the quorum denominator */
};

struct resolution {
    char text[512];
    int votes_for, votes_against, votes_abstain;
};

/* Elements a record must hold (bits of missing_mask). */
enum meeting_element {
    ME_TIME = 1u << 0,        /* start and end time */
    ME_PLACE = 1u << 1,
    ME_HOST = 1u << 2,        /* 主持人 */
    ME_RECORDER = 1u << 3,    /* 记录人 */
    ME_LECTURER = 1u << 4,    /* 主讲人, for a lecture (kind or also-counts-as) */
    ME_ATTENDANCE = 1u << 5,  /* an expected list */
    ME_REASONS = 1u << 6,     /* every absentee and person on leave has a reason */
    ME_TOPICS = 1u << 7,
    ME_MINUTES = 1u << 8,
    ME_RESOLUTIONS = 1u << 9, /* resolutions with votes, or "no resolutions" stated */
    ME_GROUP = 1u << 10,      /* a group meeting names its group */
};

enum quorum_state {
    QUORUM_NA = 0,  /* this kind has no quorum rule */
    QUORUM_MET = 1,
    QUORUM_NOT_MET = 2,
};

struct meeting {
    int64_t id;
    char uuid[UUID_STR_LEN];
    int64_t branch_id;
    int64_t group_id;          /* MK_GROUP: the group; else 0 */
    char group_name[TEXT_SHORT]; /* filled on read */
    char kind[16];             /* MEETING_KINDS code */
    unsigned also_mask;        /* MK_BIT()s of the other kinds this record also counts as */
    char date[11];             /* YYYY-MM-DD */
    char start_time[6];        /* HH:MM or "" */
    char end_time[6];
    char place[256];           /* MEETING_PLACE_MAX (60) characters of up to 4 bytes */
    int64_t host_id, recorder_id, lecturer_id; /* members, 0 = none */
    char host_name[TEXT_SHORT], recorder_name[TEXT_SHORT]; /* filled on read */
    char lecturer_name[TEXT_SHORT]; /* the lecturer's name (a member's, or a visitor's) */
    bool election;             /* an election: the 4/5 quorum applies */
    char *topics;              /* heap: one topic per line */
    char *minutes;             /* heap: what was said */
    char observers[1024];      /* 列席, free text: MEETING_OBSERVERS_MAX (200) characters */
    bool no_resolutions;       /* "本次会议无表决事项" stated */
    struct resolution *resolutions; /* heap */
    int nresolutions;
    struct attendee *attendees;     /* heap: the expected list with marks */
    int nattendees;
    int64_t plan_id;           /* the plan this record fulfils, 0 = none */

    /* derived by meeting_evaluate(), stored with the record */
    int expected, present, on_leave, absent;
    int voting_expected;       /* full members not excused: the quorum denominator */
    int voting_present;
    int quorum;                /* enum quorum_state */
    unsigned missing_mask;     /* enum meeting_element bits */

    char created_at[24];
    char created_by[64];
    char updated_at[24];
    char voided_at[24];        /* "" = not voided */
    char void_reason[512];
    char voided_by[64];
    int64_t version;           /* as read (store.h: versions) */
};

struct meeting_rules {
    int election_quorum_percent; /* cfg->election_quorum_percent (80) */
};

/* Free the heap parts (topics, minutes, resolutions, attendees) and zero them. */
void meeting_free(struct meeting *m);
/* Deep copy. */
void meeting_copy(struct meeting *dst, const struct meeting *src);
/* Whether the record is of kind k or also counts as k. */
bool meeting_counts_as(const struct meeting *m, enum meeting_kind k);

/* Fill expected/present/on_leave/absent/voting_* , quorum and missing_mask.
 * Quorum: a record that is or also counts as 支部党员大会 needs voting_present * 2 >
 * voting_expected, or for an election voting_present * 100 >= voting_expected *
 * election_quorum_percent (r NULL: 80); otherwise one that is or also counts as 支部委员会
 * needs more than half of its list present, excused members left out of both sides; other
 * kinds QUORUM_NA; an empty denominator is QUORUM_NOT_MET. ME_RESOLUTIONS applies to general
 * and committee records only (kind or also); ME_GROUP to a record of kind group. */
void meeting_evaluate(struct meeting *m, const struct meeting_rules *r);
/* The head counts as the record shows them (form, print, export): members excused with
 * approval (不计应到) leave 应到 and are not counted as 请假/缺席 — the same people the quorum
 * leaves out (voting_expected); one who comes anyway is 实到 and 应到 both. So expected ==
 * present + on_leave + absent, and excused + expected - (excused present) == nattendees. */
struct meeting_heads {
    int expected, present, on_leave, absent;
    int excused;               /* excused with approval and not present */
};
void meeting_heads(const struct meeting *m, struct meeting_heads *out);
/* Those present who have a vote (attendees marked present with voting set): no resolution
 * can have more votes (for + against + abstain) than this. */
int meeting_voters_present(const struct meeting *m);
/* Those entitled to vote: full members on the list not excused with approval (the general
 * quorum's denominator, as meeting_evaluate counts voting_expected). */
int meeting_voters_entitled(const struct meeting *m);
/* A resolution is adopted (通过) when more than half of those entitled to vote voted for it:
 * votes_for * 2 > meeting_voters_entitled(m); with nobody entitled it is not. */
bool meeting_resolution_passed(const struct meeting *m, const struct resolution *r);
/* "通过" / "未通过" */
const char *meeting_resolution_outcome(const struct meeting *m, const struct resolution *r);
/* "缺：地点、记录人" style list of the missing elements (out, "" when none). */
void meeting_missing_text(unsigned missing_mask, char *out, size_t outsz);
/* Entered more than late_entry_days after the meeting: created_at's date (UTC ISO-8601)
 * minus the meeting date > late_entry_days. False when either is unreadable. */
bool meeting_is_late(const char *meeting_date, const char *created_at, int late_entry_days);
/* Days between the meeting and its entry (negative if entered before; 0 if unreadable). */
long meeting_entry_delay(const char *meeting_date, const char *created_at);

/* Problems that stop a save (not completeness): NULL when acceptable, else a Chinese
 * sentence. Checks: kind known; date valid and not after today; times HH:MM and end after
 * start; a group meeting has a group; attendance marks known; reasons only for leave/absent;
 * votes not negative and, per resolution, not more in all than those present with a vote
 * (meeting_voters_present); text limits (topics 2,000 chars, minutes 20,000, place 60,
 * lecturer 30, observers 200); no control characters or invalid UTF-8 in a text field
 * ("地点含有控制字符或无效字符"; newlines only in topics, minutes, observers and resolutions);
 * no person twice in the attendance. Empty times and reasons are incomplete, not wrong.
 * *field (may be NULL) gets an enum meeting_field for the form. */
enum meeting_field {
    MFLD_NONE = 0, MFLD_KIND, MFLD_DATE, MFLD_START, MFLD_END, MFLD_PLACE, MFLD_HOST,
    MFLD_RECORDER, MFLD_LECTURER, MFLD_GROUP, MFLD_TOPICS, MFLD_MINUTES, MFLD_OBSERVERS,
    MFLD_RESOLUTIONS, MFLD_ATTENDANCE
};
#define MEETING_TOPICS_MAX 2000
#define MEETING_MINUTES_MAX 20000
#define MEETING_PLACE_MAX 60
#define MEETING_OBSERVERS_MAX 200
const char *meeting_check(const struct meeting *m, struct zdate today, enum meeting_field *field,
                          char *buf, size_t bufsz);
/* The first resolution whose votes (for + against + abstain) exceed those present with a
 * vote: "第 2 项决议的表决票数共 9 票，超过出席会议的有表决权党员 7 人" (in buf, bufsz bytes;
 * ZB_MSG_MAX is enough), or NULL. meeting_check asks it; the store asks it again before a save. */
const char *meeting_votes_problem(const struct meeting *m, char *buf, size_t bufsz);
/* HH:MM, 00:00–23:59 */
bool meeting_time_valid(const char *hhmm);

/* ---- what the rules require (frequency), for reminders and the audit ---- */

/* A record as the counting needs it. */
struct meeting_fact {
    struct zdate date;
    enum meeting_kind kind;
    unsigned also_mask;
    int64_t group_id;
    bool voided;
};

struct meeting_freq_rules {
    int general_per_quarter;   /* cfg values */
    int committee_per_month;
    int group_per_month;       /* per group */
    int lecture_per_quarter;
    int theme_day_per_month;
    int life_meeting_per_year;
    int appraisal_per_year;
};

enum period { PERIOD_MONTH, PERIOD_QUARTER, PERIOD_YEAR };

struct requirement {
    enum meeting_kind kind;
    enum period period;
    int64_t group_id;          /* group meetings: which group; else 0 */
    int required, held;        /* in the period containing `on` */
    int days_left;             /* days from `on` to the period's last day, both counted
                                  (1 on the last day) */
    struct zdate period_start, period_end;
};

/* For the period containing `on`, each rule with required > 0: how many were held (records
 * not voided, dated in the period up to and including `on`, counting also-counts-as kinds).
 * Order: general (quarter), committee (month), group (month, one per group in the given
 * order), lecture (quarter), theme day (month), life meeting (year), appraisal (year). A group
 * meeting counts only for fact.group_id; also counting as a group meeting without a group id
 * counts for no group.
 * groups/ngroups: the branch's group ids (one group requirement each). Returns the number
 * written to out (at most max). */
int meeting_requirements(const struct meeting_fact *facts, int nfacts, const int64_t *groups,
                         int ngroups, const struct meeting_freq_rules *r, struct zdate on,
                         struct requirement *out, int max);
/* "" when held >= required. Otherwise, with 本月/本季度/本年度 and the verb 开展 for 主题党日 and
 * 民主评议党员 (召开 for the rest):
 *   none held: "本季度尚未召开支部党员大会，还剩 9 天", "本月尚未开展主题党日，还剩 3 天",
 *              "第一党小组本月尚未召开党小组会，还剩 10 天" (group_name for group meetings);
 *   some held: "本季度支部党员大会已开 1 次，应开 2 次，还剩 9 天"
 *              ("已开展 1 次，应开展 2 次" for 开展 kinds). */
void requirement_text(const struct requirement *q, const char *group_name, char *out, size_t outsz);

#endif
