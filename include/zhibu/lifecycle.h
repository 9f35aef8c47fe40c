/* lifecycle.h — members over time (core: pure): when a probationary member is due to become a
 * full member, when a mobile member's contact is overdue, when one away long should transfer.
 * The numbers come from config ([members]). */
#ifndef ZHIBU_LIFECYCLE_H
#define ZHIBU_LIFECYCLE_H

#include <stdbool.h>

#include "zhibu/date.h"

struct probation_status {
    struct zdate due;   /* join date + probation_months */
    long days_left;     /* due - today; negative when overdue */
    bool remind;        /* 0 <= days_left <= remind_days */
    bool overdue;       /* days_left < 0 */
};
/* For a probationary member admitted on join_date. False (out untouched) if join_date is not a
 * valid date. */
bool probation_status_of(const char *join_date, struct zdate today, int probation_months,
                         int remind_days, struct probation_status *out);

/* The same for one whose probation was extended to extended_until ("" or NULL: not extended):
 * due is that day. */
bool probation_status_until(const char *join_date, const char *extended_until, struct zdate today,
                            int probation_months, int remind_days, struct probation_status *out);

struct mobile_status {
    long days_since_contact; /* from the last contact, or from `since` when there is none */
    bool contact_overdue;    /* no contact for contact_months or more (date arithmetic, months) */
    int months_away;         /* whole months from `since` to today */
    bool should_transfer;    /* months_away >= transfer_months: 应转出组织关系 */
};
/* since: the date the member went away; last_contact: "" when never. False if since is not a
 * valid date. */
bool mobile_status_of(const char *since, const char *last_contact, struct zdate today,
                      int contact_months, int transfer_months, struct mobile_status *out);

/* ---- 转正, 延长预备期, 取消预备党员资格 (issue 14) ------------------------------------------ */

struct probation_rules {       /* config [members] */
    int months;                /* probation_months (12) */
    int extend_min_months;     /* probation_extend_min_months (6) */
    int extend_max_months;     /* probation_extend_max_months (12) */
    int extend_times;          /* probation_extend_times (1) */
};

enum probation_outcome { PROBATION_FULL = 0, PROBATION_EXTEND, PROBATION_CANCEL };

struct probation_case {        /* one probationary member */
    struct zdate join;         /* admission */
    struct zdate end;          /* the end of probation now (probation_end_of) */
    int times_extended;
};

/* The end of probation of a member admitted on join_date: join + probation_months, or, once
 * extended, the newest extension's end (extended_until, "" when none). False (out untouched) if
 * join_date is not a valid date. */
bool probation_end_of(const char *join_date, const char *extended_until, int probation_months,
                      struct zdate *out);
/* The checks below return NULL if acceptable, else the sentence: a constant string, or buf
 * (bufsz bytes, ZB_MSG_MAX is enough) for a sentence with dates or numbers.
 * The meeting deciding `o` for c: a 支部党员大会 (general); for 转正 and 延长预备期 held on or after the end
 * of probation (a meeting before it cannot approve — "会议（…）早于预备期满之日（…），不能批准转正"); for
 * 取消预备党员资格 not before admission. 转正 may be recorded without the meeting (has_meeting
 * false: records kept on paper); the other two outcomes need it. */
const char *probation_meeting_check(enum probation_outcome o, const struct probation_case *c,
                                    bool has_meeting, bool general, struct zdate meeting_date,
                                    char *buf, size_t bufsz);
/* 转正 on date `full`: not before the end of probation. */
const char *probation_full_date_check(const struct probation_case *c, struct zdate full, char *buf,
                                      size_t bufsz);
/* 延长预备期 by `months` months: at most extend_times times in all, months within
 * extend_min_months..extend_max_months. */
const char *probation_extend_check(const struct probation_case *c, int months,
                                   const struct probation_rules *r, char *buf, size_t bufsz);

/* Whole months from a to b (b >= a), counting a month only when the day of month is reached:
 * 2026-01-31 → 2026-02-28 is 0, → 2026-03-01 is 1. Negative if b < a. */
int lifecycle_whole_months(struct zdate a, struct zdate b);

#endif
