/* Unit tests for core/deadlines.c: one rule for a plan or a rectification order being late,
 * shared by the plan list, the rectification list and the reminders (which had their own copies),
 * and the deadline first offered for an order, from the rules (not the literal 30). */
#include "test.h"
#include "zhibu/config.h"
#include "zhibu/deadlines.h"
#include "zhibu/rules.h"

static const struct zdate TODAY = {2026, 11, 21};

TEST(deadlines_plan_days_left)
{
    long days = 99;
    CHECK(plan_days_left("2026-11-21", TODAY, &days));
    CHECK_INT(days, 0);
    CHECK(plan_days_left("2026-11-28", TODAY, &days));
    CHECK_INT(days, 7);
    CHECK(plan_days_left("2026-10-31", TODAY, &days));
    CHECK_INT(days, -21);
    days = 5;
    CHECK(!plan_days_left("2026-02-30", TODAY, &days));
    CHECK(!plan_days_left("", TODAY, &days));
    CHECK(!plan_days_left(NULL, TODAY, &days));
    CHECK_INT(days, 5);
}

TEST(deadlines_plan_overdue)
{
    CHECK(!plan_overdue("2026-11-21", TODAY)); /* the day itself is not late */
    CHECK(plan_overdue("2026-11-20", TODAY));
    CHECK(!plan_overdue("2026-11-22", TODAY));
    CHECK(!plan_overdue("not a date", TODAY));
}

TEST(deadlines_rectify_overdue)
{
    CHECK(rectify_overdue("open", "2026-11-20", TODAY));
    CHECK(rectify_overdue("done", "2026-11-20", TODAY)); /* done but not confirmed: still late */
    CHECK(!rectify_overdue("confirmed", "2026-11-20", TODAY));
    CHECK(!rectify_overdue("open", "2026-11-21", TODAY)); /* due today */
    CHECK(!rectify_overdue("open", "2026-12-01", TODAY));
    CHECK(!rectify_overdue("open", "", TODAY));
}

TEST(deadlines_rectify_default_deadline)
{
    struct rules r;
    rules_from_config(NULL, &r);
    struct zdate d = rectify_default_deadline(TODAY, &r); /* default: 30 days, as before */
    CHECK_INT(d.y, 2026);
    CHECK_INT(d.m, 12);
    CHECK_INT(d.d, 21);
    struct config c;
    config_defaults(&c);
    c.rectify_days = 10;
    rules_from_config(&c, &r);
    d = rectify_default_deadline(TODAY, &r);
    CHECK_INT(d.m, 12);
    CHECK_INT(d.d, 1);
}
