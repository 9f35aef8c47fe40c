/* Unit tests for core/date.c */
#include "test.h"
#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/dues.h"
#include "zhibu/util.h"

static char MSG[ZB_MSG_MAX]; /* the checks' sentences */

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

TEST(date_leap_years)
{
    CHECK(date_is_leap(2000));
    CHECK(!date_is_leap(1900));
    CHECK(date_is_leap(2024));
    CHECK(!date_is_leap(2100));
    CHECK(!date_is_leap(2026));
    CHECK_INT(date_days_in_month(2024, 2), 29);
    CHECK_INT(date_days_in_month(1900, 2), 28);
    CHECK_INT(date_days_in_month(2000, 2), 29);
    CHECK_INT(date_days_in_month(2026, 4), 30);
    CHECK_INT(date_days_in_month(2026, 12), 31);
    CHECK_INT(date_days_in_month(2026, 13), 0);
}

/* A date in the right shape that does not exist is told so, not that its format is wrong. */
TEST(date_problem_names_what_is_wrong)
{
    CHECK(date_problem("2026-02-28", MSG, sizeof MSG) == NULL);
    CHECK(date_problem("2024-02-29", MSG, sizeof MSG) == NULL);
    CHECK_STR(date_problem("2026-02-30", MSG, sizeof MSG), "2026年2月没有30日");
    CHECK_STR(date_problem("2026-02-29", MSG, sizeof MSG), "2026年2月没有29日"); /* not a leap year */
    CHECK_STR(date_problem("2100-02-29", MSG, sizeof MSG), "2100年2月没有29日");
    CHECK_STR(date_problem("2026-04-31", MSG, sizeof MSG), "2026年4月没有31日");
    CHECK_STR(date_problem("2026-01-32", MSG, sizeof MSG), "2026年1月没有32日");
    CHECK_STR(date_problem("2026-02-00", MSG, sizeof MSG), "没有0日：日应为 01 到 28");
    CHECK_STR(date_problem("2026-13-01", MSG, sizeof MSG), "没有13月：月份应为 01 到 12");
    CHECK_STR(date_problem("2026-00-10", MSG, sizeof MSG), "没有0月：月份应为 01 到 12");
    CHECK_STR(date_problem("1899-12-31", MSG, sizeof MSG), "年份应在 1900 到 2999 之间");
    CHECK_STR(date_problem("3000-01-01", MSG, sizeof MSG), "年份应在 1900 到 2999 之间");
    /* the shape wrong: the format sentence */
    const char *fmt_msg = "日期格式应为 YYYY-MM-DD（如 2026-03-05）";
    CHECK_STR(date_problem("2026-2-3", MSG, sizeof MSG), fmt_msg);
    CHECK_STR(date_problem("2026/02/03", MSG, sizeof MSG), fmt_msg);
    CHECK_STR(date_problem("2026-02-3x", MSG, sizeof MSG), fmt_msg);
    CHECK_STR(date_problem("2026-02-300", MSG, sizeof MSG), fmt_msg);
    CHECK_STR(date_problem("二〇二六年一月", MSG, sizeof MSG), fmt_msg);
    CHECK_STR(date_problem("", MSG, sizeof MSG), fmt_msg);
    CHECK_STR(date_problem(NULL, MSG, sizeof MSG), fmt_msg);
}

/* H:MM is read as 0H:MM; the hour and minute must exist. */
TEST(time_parse_and_problem)
{
    char tbuf[ZB_MSG_MAX];
    char t[6] = "x";
    CHECK(time_parse("7:30", t));
    CHECK_STR(t, "07:30");
    CHECK(time_parse("07:30", t));
    CHECK_STR(t, "07:30");
    CHECK(time_parse("0:00", t));
    CHECK_STR(t, "00:00");
    CHECK(time_parse("23:59", t));
    CHECK_STR(t, "23:59");
    CHECK(time_problem("7:30", tbuf, sizeof tbuf) == NULL);
    CHECK(time_problem("19:05", tbuf, sizeof tbuf) == NULL);
    strcpy(t, "keep");
    CHECK(!time_parse("24:00", t));
    CHECK(!time_parse("7:60", t));
    CHECK(!time_parse("7:3", t));
    CHECK(!time_parse("730", t));
    CHECK(!time_parse("0730", t));
    CHECK(!time_parse("07:30:00", t));
    CHECK(!time_parse(" 7:30", t));
    CHECK(!time_parse("7：30", t)); /* a full-width colon */
    CHECK(!time_parse("", t));
    CHECK(!time_parse(NULL, t));
    CHECK_STR(t, "keep"); /* untouched when refused */
    CHECK_STR(time_problem("24:00", tbuf, sizeof tbuf), "没有24时：小时应为 0 到 23");
    CHECK_STR(time_problem("99:10", tbuf, sizeof tbuf), "没有99时：小时应为 0 到 23");
    CHECK_STR(time_problem("7:60", tbuf, sizeof tbuf), "没有60分：分钟应为 00 到 59");
    const char *shape = "时间应写作 HH:MM（如 09:30 或 9:30）";
    CHECK_STR(time_problem("7.30", tbuf, sizeof tbuf), shape);
    CHECK_STR(time_problem("七点半", tbuf, sizeof tbuf), shape);
    CHECK_STR(time_problem("7:3", tbuf, sizeof tbuf), shape);
    CHECK_STR(time_problem("", tbuf, sizeof tbuf), shape);
}

TEST(date_parse_good)
{
    struct zdate d;
    CHECK(date_parse("2026-02-03", &d));
    CHECK_INT(d.y, 2026);
    CHECK_INT(d.m, 2);
    CHECK_INT(d.d, 3);
    CHECK(date_parse("2024-02-29", &d));
    CHECK(date_parse("1900-01-01", &d));
    CHECK(date_parse("2999-12-31", &d));
    CHECK_STR(fmt(d), "2999-12-31");
}

TEST(date_parse_bad_strings)
{
    struct zdate d = {7, 7, 7};
    CHECK(!date_parse("2026-2-3", &d));
    CHECK(!date_parse("2026-02-30", &d));
    CHECK(!date_parse("2026-02-29", &d));
    CHECK(!date_parse("2100-02-29", &d));
    CHECK(!date_parse("2026-13-01", &d));
    CHECK(!date_parse("2026-00-10", &d));
    CHECK(!date_parse("2026-01-00", &d));
    CHECK(!date_parse("2026-01-01x", &d));
    CHECK(!date_parse("2026-01-01 ", &d));
    CHECK(!date_parse(" 2026-01-01", &d));
    CHECK(!date_parse("1899-12-31", &d));
    CHECK(!date_parse("3000-01-01", &d));
    CHECK(!date_parse("2026/01/01", &d));
    CHECK(!date_parse("2026-0a-01", &d));
    CHECK(!date_parse("+026-01-01", &d));
    CHECK(!date_parse("", &d));
    CHECK(!date_parse(NULL, &d));
    CHECK(!date_parse("二〇二六年一月", &d));
    /* a failed parse leaves the output alone */
    CHECK_INT(d.y, 7);
}

TEST(date_month_parse_format)
{
    struct zdate d;
    char m[8];
    CHECK(month_parse("2026-03", &d));
    CHECK_STR(fmt(d), "2026-03-01");
    month_format(D(2026, 11, 30), m);
    CHECK_STR(m, "2026-11");
    CHECK(!month_parse("2026-3", &d));
    CHECK(!month_parse("2026-13", &d));
    CHECK(!month_parse("2026-03-01", &d));
    CHECK(!month_parse("1899-12", &d));
}

TEST(date_days_roundtrip)
{
    CHECK_INT(date_to_days(D(1970, 1, 1)), 0);
    CHECK_INT(date_to_days(D(1970, 1, 2)), 1);
    CHECK_INT(date_to_days(D(1969, 12, 31)), -1);
    CHECK_INT(date_to_days(D(2000, 3, 1)), 11017);
    CHECK_INT(date_to_days(D(1900, 1, 1)), -25567);
    CHECK_STR(fmt(date_from_days(-25567)), "1900-01-01");
    CHECK_STR(fmt(date_from_days(11016)), "2000-02-29");
    /* every day of 1900..2100 survives the round trip */
    long start = date_to_days(D(1900, 1, 1)), end = date_to_days(D(2100, 12, 31));
    struct zdate prev = date_from_days(start - 1);
    int bad = 0;
    for (long n = start; n <= end; n++) {
        struct zdate d = date_from_days(n);
        if (!date_valid(d) || date_to_days(d) != n || date_cmp(prev, d) >= 0) bad++;
        prev = d;
    }
    CHECK_INT(bad, 0);
    CHECK_INT(date_diff_days(D(2026, 3, 1), D(2026, 2, 1)), 28);
    CHECK_INT(date_diff_days(D(2024, 3, 1), D(2024, 2, 1)), 29);
    CHECK_STR(fmt(date_add_days(D(2026, 12, 31), 1)), "2027-01-01");
    CHECK_STR(fmt(date_add_days(D(2024, 3, 1), -1)), "2024-02-29");
}

TEST(date_add_months_clamps)
{
    CHECK_STR(fmt(date_add_months(D(2026, 1, 31), 1)), "2026-02-28");
    CHECK_STR(fmt(date_add_months(D(2024, 1, 31), 1)), "2024-02-29");
    CHECK_STR(fmt(date_add_months(D(2026, 3, 31), 1)), "2026-04-30");
    CHECK_STR(fmt(date_add_months(D(2026, 11, 15), 2)), "2027-01-15");
    CHECK_STR(fmt(date_add_months(D(2026, 1, 15), -1)), "2025-12-15");
    CHECK_STR(fmt(date_add_months(D(2026, 3, 31), -13)), "2025-02-28");
    CHECK_STR(fmt(date_add_months(D(2026, 5, 10), 0)), "2026-05-10");
    CHECK_STR(fmt(date_add_months(D(2025, 2, 28), 12)), "2026-02-28");
}

TEST(date_add_years_feb29)
{
    CHECK_STR(fmt(date_add_years(D(2024, 2, 29), 1)), "2025-02-28");
    CHECK_STR(fmt(date_add_years(D(2024, 2, 29), 4)), "2028-02-29");
    CHECK_STR(fmt(date_add_years(D(2000, 2, 29), 100)), "2100-02-28");
    CHECK_STR(fmt(date_add_years(D(2026, 6, 1), -18)), "2008-06-01");
}

TEST(date_month_span_counts)
{
    CHECK_INT(date_month_span(D(2026, 1, 31), D(2026, 3, 1)), 2);
    CHECK_INT(date_month_span(D(2025, 12, 1), D(2026, 1, 31)), 1);
    CHECK_INT(date_month_span(D(2026, 5, 1), D(2026, 5, 31)), 0);
    CHECK_INT(date_month_span(D(2026, 5, 1), D(2025, 5, 1)), -12);
}

TEST(date_quarter_bounds)
{
    CHECK_INT(date_quarter(D(2026, 1, 1)), 1);
    CHECK_INT(date_quarter(D(2026, 3, 31)), 1);
    CHECK_INT(date_quarter(D(2026, 4, 1)), 2);
    CHECK_INT(date_quarter(D(2026, 6, 30)), 2);
    CHECK_INT(date_quarter(D(2026, 7, 1)), 3);
    CHECK_INT(date_quarter(D(2026, 12, 31)), 4);
    CHECK_STR(fmt(date_quarter_start(D(2026, 3, 31))), "2026-01-01");
    CHECK_STR(fmt(date_quarter_end(D(2026, 1, 1))), "2026-03-31");
    CHECK_STR(fmt(date_quarter_start(D(2026, 5, 20))), "2026-04-01");
    CHECK_STR(fmt(date_quarter_end(D(2026, 5, 20))), "2026-06-30");
    CHECK_STR(fmt(date_quarter_end(D(2026, 8, 1))), "2026-09-30");
    CHECK_STR(fmt(date_quarter_start(D(2026, 12, 31))), "2026-10-01");
    CHECK_STR(fmt(date_quarter_end(D(2026, 10, 1))), "2026-12-31");
    CHECK_STR(fmt(date_month_start(D(2024, 2, 17))), "2024-02-01");
    CHECK_STR(fmt(date_month_end(D(2024, 2, 17))), "2024-02-29");
    CHECK_STR(fmt(date_month_end(D(2100, 2, 1))), "2100-02-28");
    CHECK_STR(fmt(date_year_start(D(2026, 7, 7))), "2026-01-01");
    CHECK_STR(fmt(date_year_end(D(2026, 7, 7))), "2026-12-31");
}

TEST(date_weekday_known)
{
    CHECK_INT(date_weekday(D(1970, 1, 1)), 3); /* Thursday */
    CHECK_INT(date_weekday(D(2026, 1, 1)), 3); /* Thursday */
    CHECK_INT(date_weekday(D(2024, 2, 29)), 3); /* Thursday */
    CHECK_INT(date_weekday(D(2021, 7, 1)), 3);
    CHECK_INT(date_weekday(D(1949, 10, 1)), 5); /* Saturday */
    CHECK_INT(date_weekday(D(2026, 3, 1)), 6);  /* Sunday */
    CHECK_INT(date_weekday(D(2026, 3, 2)), 0);  /* Monday */
}

TEST(date_age_birthdays)
{
    CHECK_INT(date_age(D(2008, 6, 1), D(2026, 6, 1)), 18);
    CHECK_INT(date_age(D(2008, 6, 1), D(2026, 5, 31)), 17);
    CHECK_INT(date_age(D(2004, 2, 29), D(2022, 2, 28)), 17);
    CHECK_INT(date_age(D(2004, 2, 29), D(2022, 3, 1)), 18);
    CHECK_INT(date_age(D(2004, 2, 29), D(2024, 2, 29)), 20);
    CHECK_INT(date_age(D(1990, 12, 31), D(1991, 12, 30)), 0);
}

TEST(date_cmp_order)
{
    CHECK(date_cmp(D(2026, 1, 1), D(2025, 12, 31)) > 0);
    CHECK(date_cmp(D(2026, 1, 1), D(2026, 1, 2)) < 0);
    CHECK(date_cmp(D(2026, 2, 1), D(2026, 1, 31)) > 0);
    CHECK_INT(date_cmp(D(2026, 2, 1), D(2026, 2, 1)), 0);
    CHECK(!date_valid(D(2026, 2, 29)));
    CHECK(date_valid(D(2028, 2, 29)));
}

/* One range of years for dates and for months (core/dues.c's months used to restate it). */
TEST(date_year_valid_and_months_agree)
{
    CHECK(!date_year_valid(DATE_YEAR_MIN - 1));
    CHECK(date_year_valid(DATE_YEAR_MIN));
    CHECK(date_year_valid(DATE_YEAR_MAX));
    CHECK(!date_year_valid(DATE_YEAR_MAX + 1));
    CHECK(dues_ym_valid(dues_ym(DATE_YEAR_MIN, 1)));
    CHECK(!dues_ym_valid(dues_ym(DATE_YEAR_MIN, 1) - 1));
    CHECK(dues_ym_valid(dues_ym(DATE_YEAR_MAX, 12)));
    CHECK(!dues_ym_valid(dues_ym(DATE_YEAR_MAX, 12) + 1));
    CHECK(date_parse("2999-12-31", NULL));
    CHECK(!date_parse("3000-01-01", NULL));
}

/* Two problems asked in a row keep their own sentences: each is in its caller's buffer (a
 * static buffer would have the second overwrite the first). */
TEST(date_problem_two_calls_keep_their_messages)
{
    char b1[ZB_MSG_MAX], b2[ZB_MSG_MAX];
    const char *m1 = date_problem("2026-02-30", b1, sizeof b1);
    const char *m2 = date_problem("2026-13-01", b2, sizeof b2);
    CHECK_STR(m1, "2026年2月没有30日");
    CHECK_STR(m2, "没有13月：月份应为 01 到 12");
}

/* clock_set_now (the demo's records written as entered on their day, issue 17): honoured only
 * where overrides are (a demo or test database), before $ZHIBU_NOW; an invalid timestamp is
 * ignored; NULL gives the clock back. */
TEST(clock_set_now_only_where_overrides_are)
{
    char now[24];
    clock_allow_override(0);
    clock_set_now("2001-02-03T04:05:06Z");
    clock_now_iso(now);
    CHECK(strcmp(now, "2001-02-03T04:05:06Z") != 0);
    clock_allow_override(1);
    clock_now_iso(now);
    CHECK_STR(now, "2001-02-03T04:05:06Z");
    clock_set_now("2001-02-30T04:05:06Z"); /* no such day: ignored, and the one before ended */
    clock_now_iso(now);
    CHECK(strcmp(now, "2001-02-03T04:05:06Z") != 0);
    clock_set_now("2001-02-03T04:05:06Z");
    clock_set_now(NULL);
    clock_now_iso(now);
    CHECK(strcmp(now, "2001-02-03T04:05:06Z") != 0);
}

/* date_format, month_format and clock_now_iso write their digits by hand (issue 17): the same
 * text as "%04d-%02d-%02d" of each field clamped to its width, and an ISO time of 20 chars. */
TEST(date_format_by_hand_clamps_to_widths)
{
    char b[DATE_STR_LEN], m[8];
    date_format((struct zdate){5, 2, 3}, b);
    CHECK_STR(b, "0005-02-03");
    date_format((struct zdate){-3, 123, 7}, b);
    CHECK_STR(b, "0000-99-07");
    date_format((struct zdate){12345, 10, -1}, b);
    CHECK_STR(b, "9999-10-00");
    month_format((struct zdate){7, 0, 1}, m);
    CHECK_STR(m, "0007-00");
    month_format((struct zdate){2026, 12, 31}, m);
    CHECK_STR(m, "2026-12");
    char now[24];
    clock_allow_override(0);
    clock_now_iso(now);
    clock_allow_override(1);
    CHECK_INT(strlen(now), 20);
    for (int i = 0; i < 20; i++) {
        char want = i == 4 || i == 7 ? '-' : i == 10 ? 'T' : i == 13 || i == 16 ? ':' : 'x';
        if (i == 19) want = 'Z';
        if (want == 'x') CHECK(now[i] >= '0' && now[i] <= '9');
        else CHECK(now[i] == want);
    }
    CHECK(strncmp(now, "20", 2) == 0);
}
