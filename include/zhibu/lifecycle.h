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

/* Whole months from a to b (b >= a), counting a month only when the day of month is reached:
 * 2026-01-31 → 2026-02-28 is 0, → 2026-03-01 is 1. Negative if b < a. */
int lifecycle_whole_months(struct zdate a, struct zdate b);

#endif
