/* lifecycle.c — members over time: probation due dates, mobile members' contact and transfer
 * (see lifecycle.h). Pure date arithmetic; the numbers come from config. */
#include "zhibu/lifecycle.h"

#include <stddef.h>

int lifecycle_whole_months(struct zdate a, struct zdate b)
{
    if (date_cmp(b, a) < 0) return -lifecycle_whole_months(b, a);
    int n = date_month_span(a, b);
    /* A month counts only once its day of month is reached (31 January → 28 February is not
     * yet a month). */
    if (b.d < a.d) n--;
    return n;
}

bool probation_status_of(const char *join_date, struct zdate today, int probation_months,
                         int remind_days, struct probation_status *out)
{
    struct zdate join;
    if (!date_parse(join_date, &join)) return false;
    struct probation_status s;
    s.due = date_add_months(join, probation_months);
    s.days_left = date_diff_days(s.due, today);
    s.remind = s.days_left >= 0 && s.days_left <= remind_days;
    s.overdue = s.days_left < 0;
    *out = s;
    return true;
}

bool mobile_status_of(const char *since, const char *last_contact, struct zdate today,
                      int contact_months, int transfer_months, struct mobile_status *out)
{
    struct zdate away;
    if (!date_parse(since, &away)) return false;
    struct zdate ref = away, contact;
    /* A contact log entry that is not a real date cannot count as a contact. */
    if (last_contact && last_contact[0] && date_parse(last_contact, &contact)) ref = contact;
    struct mobile_status s;
    s.days_since_contact = date_diff_days(today, ref);
    s.contact_overdue = lifecycle_whole_months(ref, today) >= contact_months;
    s.months_away = lifecycle_whole_months(away, today);
    s.should_transfer = s.months_away >= transfer_months;
    *out = s;
    return true;
}
