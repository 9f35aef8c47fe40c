/* Unit tests for core/lifecycle.c */
#include "test.h"
#include "zhibu/lifecycle.h"

static struct zdate D(int y, int m, int d)
{
    return (struct zdate){y, m, d};
}

static const char *fmt(struct zdate d)
{
    static char buf[4][DATE_STR_LEN];
    static int n;
    char *b = buf[n++ % 4];
    date_format(d, b);
    return b;
}

TEST(lifecycle_whole_months_counts_reached_days)
{
    CHECK_INT(lifecycle_whole_months(D(2026, 1, 31), D(2026, 2, 28)), 0);
    CHECK_INT(lifecycle_whole_months(D(2026, 1, 31), D(2026, 3, 1)), 1);
    CHECK_INT(lifecycle_whole_months(D(2026, 1, 15), D(2026, 1, 15)), 0);
    CHECK_INT(lifecycle_whole_months(D(2026, 1, 15), D(2026, 2, 14)), 0);
    CHECK_INT(lifecycle_whole_months(D(2026, 1, 15), D(2026, 2, 15)), 1);
    CHECK_INT(lifecycle_whole_months(D(2025, 11, 15), D(2026, 2, 15)), 3); /* across a year end */
    CHECK_INT(lifecycle_whole_months(D(2025, 11, 15), D(2026, 2, 14)), 2);
    CHECK_INT(lifecycle_whole_months(D(2024, 2, 29), D(2025, 2, 28)), 11);
    CHECK_INT(lifecycle_whole_months(D(2024, 2, 29), D(2025, 3, 1)), 12);
    CHECK(lifecycle_whole_months(D(2026, 3, 1), D(2026, 1, 1)) < 0);
    CHECK_INT(lifecycle_whole_months(D(2026, 3, 1), D(2026, 1, 1)), -2);
}

TEST(lifecycle_probation_remind_edges)
{
    struct probation_status p;
    CHECK(probation_status_of("2025-03-10", D(2026, 2, 8), 12, 30, &p));
    CHECK_STR(fmt(p.due), "2026-03-10");
    CHECK_INT(p.days_left, 30); /* exactly 30 days ahead: remind */
    CHECK(p.remind);
    CHECK(!p.overdue);
    CHECK(probation_status_of("2025-03-10", D(2026, 2, 7), 12, 30, &p));
    CHECK_INT(p.days_left, 31); /* 31 days ahead: not yet */
    CHECK(!p.remind);
    CHECK(!p.overdue);
    CHECK(probation_status_of("2025-03-10", D(2026, 3, 10), 12, 30, &p));
    CHECK_INT(p.days_left, 0); /* the day itself: remind, not overdue */
    CHECK(p.remind);
    CHECK(!p.overdue);
    CHECK(probation_status_of("2025-03-10", D(2026, 3, 11), 12, 30, &p));
    CHECK_INT(p.days_left, -1); /* the day after: overdue */
    CHECK(!p.remind);
    CHECK(p.overdue);
    CHECK(probation_status_of("2025-03-10", D(2025, 6, 1), 12, 30, &p));
    CHECK(!p.remind);
    CHECK(!p.overdue);
    /* Config numbers are used. */
    CHECK(probation_status_of("2025-03-10", D(2026, 2, 7), 12, 31, &p));
    CHECK(p.remind);
    CHECK(probation_status_of("2025-03-10", D(2026, 2, 7), 6, 30, &p));
    CHECK_STR(fmt(p.due), "2025-09-10");
    CHECK(p.overdue);
}

TEST(lifecycle_probation_leap_day_and_bad_date)
{
    struct probation_status p;
    CHECK(probation_status_of("2024-02-29", D(2025, 2, 28), 12, 30, &p));
    CHECK_STR(fmt(p.due), "2025-02-28");
    CHECK_INT(p.days_left, 0);
    CHECK(probation_status_of("2024-02-29", D(2025, 3, 1), 12, 30, &p));
    CHECK(p.overdue);
    CHECK(probation_status_of("2025-01-31", D(2025, 1, 31), 1, 30, &p));
    CHECK_STR(fmt(p.due), "2025-02-28");
    p.days_left = 12345;
    CHECK(!probation_status_of("2025-02-29", D(2026, 1, 1), 12, 30, &p));
    CHECK(!probation_status_of("", D(2026, 1, 1), 12, 30, &p));
    CHECK(!probation_status_of("2025-3-10", D(2026, 1, 1), 12, 30, &p));
    CHECK(!probation_status_of(NULL, D(2026, 1, 1), 12, 30, &p));
    CHECK_INT(p.days_left, 12345); /* untouched */
}

TEST(lifecycle_mobile_contact_six_months)
{
    struct mobile_status s;
    /* No contact since going away on 2025-06-15. */
    CHECK(mobile_status_of("2025-06-15", "", D(2025, 12, 15), 6, 6, &s));
    CHECK(s.contact_overdue); /* exactly 6 months */
    CHECK_INT(s.days_since_contact, 183);
    CHECK_INT(s.months_away, 6);
    CHECK(s.should_transfer);
    CHECK(mobile_status_of("2025-06-15", "", D(2025, 12, 14), 6, 6, &s));
    CHECK(!s.contact_overdue); /* a day less */
    CHECK_INT(s.months_away, 5);
    CHECK(!s.should_transfer);
    /* A later contact resets the clock; being away does not. */
    CHECK(mobile_status_of("2025-01-10", "2025-10-01", D(2026, 4, 1), 6, 6, &s));
    CHECK(s.contact_overdue);
    CHECK_INT(s.days_since_contact, 182);
    CHECK(mobile_status_of("2025-01-10", "2025-10-01", D(2026, 3, 31), 6, 6, &s));
    CHECK(!s.contact_overdue);
    CHECK_INT(s.days_since_contact, 181);
    CHECK_INT(s.months_away, 14);
    CHECK(s.should_transfer);
    /* A contact that is not a real date does not count. */
    CHECK(mobile_status_of("2025-06-15", "2025-13-01", D(2025, 12, 15), 6, 6, &s));
    CHECK(s.contact_overdue);
    CHECK(mobile_status_of("2025-06-15", NULL, D(2025, 12, 14), 6, 6, &s));
    CHECK(!s.contact_overdue);
    /* Config numbers are used. */
    CHECK(mobile_status_of("2025-06-15", "", D(2025, 12, 15), 7, 12, &s));
    CHECK(!s.contact_overdue);
    CHECK(!s.should_transfer);
}

TEST(lifecycle_mobile_months_away_across_year_end)
{
    struct mobile_status s;
    CHECK(mobile_status_of("2025-10-20", "2026-03-01", D(2026, 3, 20), 6, 6, &s));
    CHECK_INT(s.months_away, 5);
    CHECK(!s.should_transfer);
    CHECK_INT(s.days_since_contact, 19);
    CHECK(!s.contact_overdue);
    CHECK(mobile_status_of("2025-10-20", "2026-03-01", D(2026, 4, 20), 6, 6, &s));
    CHECK_INT(s.months_away, 6);
    CHECK(s.should_transfer);
    CHECK(mobile_status_of("2025-08-31", "", D(2026, 2, 28), 6, 6, &s));
    CHECK_INT(s.months_away, 5); /* the 31st is not reached in February */
    CHECK(!s.contact_overdue);
    CHECK(mobile_status_of("2025-08-31", "", D(2026, 3, 1), 6, 6, &s));
    CHECK_INT(s.months_away, 6);
    CHECK(s.contact_overdue);
    s.months_away = 99;
    CHECK(!mobile_status_of("", "", D(2026, 3, 1), 6, 6, &s));
    CHECK(!mobile_status_of("2025-02-30", "", D(2026, 3, 1), 6, 6, &s));
    CHECK_INT(s.months_away, 99);
}
