/* lifecycle.c — members over time: probation due dates, mobile members' contact and transfer
 * (see lifecycle.h). Pure date arithmetic; the numbers come from config. */
#include "zhibu/lifecycle.h"

#include <stddef.h>
#include <stdio.h>

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
    return probation_status_until(join_date, NULL, today, probation_months, remind_days, out);
}

bool probation_status_until(const char *join_date, const char *extended_until, struct zdate today,
                            int probation_months, int remind_days, struct probation_status *out)
{
    struct probation_status s;
    if (!probation_end_of(join_date, extended_until, probation_months, &s.due)) return false;
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

/* ---- 转正, 延长预备期, 取消预备党员资格 ---------------------------------------------------- */

bool probation_end_of(const char *join_date, const char *extended_until, int probation_months,
                      struct zdate *out)
{
    struct zdate join, until;
    if (!date_parse(join_date, &join)) return false;
    if (extended_until && extended_until[0] && date_parse(extended_until, &until))
        *out = until;
    else
        *out = date_add_months(join, probation_months);
    return true;
}

const char *probation_meeting_check(enum probation_outcome o, const struct probation_case *c,
                                    bool has_meeting, bool general, struct zdate meeting_date,
                                    char *buf, size_t bufsz)
{
    if (!has_meeting) {
        if (o == PROBATION_EXTEND) return "延长预备期须经支部党员大会讨论决定，请选择会议记录";
        if (o == PROBATION_CANCEL) return "取消预备党员资格须经支部党员大会讨论决定，请选择会议记录";
        return NULL;
    }
    if (!general) return "作出决定的会议须是支部党员大会";
    char md[DATE_STR_LEN], end[DATE_STR_LEN];
    date_format(meeting_date, md);
    date_format(c->end, end);
    if (o == PROBATION_CANCEL) {
        if (date_cmp(meeting_date, c->join) < 0) return "会议日期早于该党员的入党日期";
        return NULL;
    }
    if (date_cmp(meeting_date, c->end) < 0) {
        snprintf(buf, bufsz, "会议（%s）早于预备期满之日（%s），不能%s", md, end,
                 o == PROBATION_FULL ? "批准转正" : "决定延长预备期");
        return buf;
    }
    return NULL;
}

const char *probation_full_date_check(const struct probation_case *c, struct zdate full, char *buf,
                                      size_t bufsz)
{
    if (date_cmp(full, c->end) >= 0) return NULL;
    char end[DATE_STR_LEN];
    date_format(c->end, end);
    snprintf(buf, bufsz, "转正日期不能早于预备期满之日（%s）", end);
    return buf;
}

const char *probation_extend_check(const struct probation_case *c, int months,
                                   const struct probation_rules *r, char *buf, size_t bufsz)
{
    if (c->times_extended >= r->extend_times) {
        if (r->extend_times <= 0) return "按规定预备期不能延长";
        if (r->extend_times == 1) return "预备期只能延长一次";
        snprintf(buf, bufsz, "预备期最多延长 %d 次", r->extend_times);
        return buf;
    }
    if (months < r->extend_min_months || months > r->extend_max_months) {
        snprintf(buf, bufsz, "延长预备期应为 %d 至 %d 个月", r->extend_min_months,
                 r->extend_max_months);
        return buf;
    }
    return NULL;
}
