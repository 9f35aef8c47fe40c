/* deadlines.h — when a meeting plan or a rectification order is late (core: pure). The plan
 * list, the rectification list and the reminders ask these, so a plan or an order is called
 * 逾期 by one rule everywhere. */
#ifndef ZHIBU_DEADLINES_H
#define ZHIBU_DEADLINES_H

#include <stdbool.h>

#include "zhibu/date.h"

struct rules;

/* Days from today to a plan's date (YYYY-MM-DD) into *days: 0 today, negative when the plan is
 * overdue (by -*days days). False (and *days untouched) when date is not a date. */
bool plan_days_left(const char *date, struct zdate today, long *days);
/* A plan is overdue once its date is before today (not on the day itself). */
bool plan_overdue(const char *date, struct zdate today);

/* An order (status a RECTIFY_STATES code) is overdue when it is not confirmed and today is
 * after its deadline; an order without a valid deadline never is. */
bool rectify_overdue(const char *status, const char *deadline, struct zdate today);
/* The deadline first offered for a new order: today + r->rectify_days ([audit] rectify_days). */
struct zdate rectify_default_deadline(struct zdate today, const struct rules *r);

#endif
