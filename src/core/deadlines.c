/* deadlines.c — plans and rectification orders past their date (see deadlines.h). */
#include "zhibu/deadlines.h"

#include <string.h>

#include "zhibu/rules.h"

bool plan_days_left(const char *date, struct zdate today, long *days)
{
    struct zdate d;
    if (!date || !date_parse(date, &d)) return false;
    *days = date_diff_days(d, today);
    return true;
}

bool plan_overdue(const char *date, struct zdate today)
{
    long days;
    return plan_days_left(date, today, &days) && days < 0;
}

bool rectify_overdue(const char *status, const char *deadline, struct zdate today)
{
    struct zdate d;
    if (status && strcmp(status, "confirmed") == 0) return false;
    return deadline && date_parse(deadline, &d) && date_cmp(today, d) > 0;
}

struct zdate rectify_default_deadline(struct zdate today, const struct rules *r)
{
    return date_add_days(today, r->rectify_days);
}
