/* test_zmonth.c — the one month type (struct zmonth, date.h): parse, format, index arithmetic,
 * compare, and the text that is not a month. */
#include "test.h"
#include "zhibu/date.h"

static struct zmonth M(int y, int m)
{
    return (struct zmonth){y, m};
}

TEST(zmonth_parse_good)
{
    struct zmonth m = {0, 0};
    CHECK(zmonth_parse("2026-11", &m));
    CHECK_INT(m.year, 2026);
    CHECK_INT(m.month, 11);
    CHECK(zmonth_parse("1900-01", &m));
    CHECK_INT(m.year, 1900);
    CHECK_INT(m.month, 1);
    CHECK(zmonth_parse("2999-12", &m));
    CHECK(zmonth_parse("2026-02", NULL));
}

TEST(zmonth_parse_bad)
{
    static const char *const bad[] = {
        "2026-13", "2026-00", "2026-1", "26-01", "", "abcd-ef", "2026/01", "2026-01-01",
        "2026-1a", " 2026-01", "2026-01 ", "1899-12", "3000-01", "+202-01",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct zmonth m = {7, 7};
        if (zmonth_parse(bad[i], &m)) test_fail(__FILE__, __LINE__, "parsed \"%s\"", bad[i]);
        CHECK_INT(m.year, 7); /* untouched */
        CHECK_INT(m.month, 7);
    }
    CHECK(!zmonth_parse(NULL, NULL));
}

TEST(zmonth_format_round_trip)
{
    char s[ZMONTH_STR_LEN];
    zmonth_format(M(2026, 3), s);
    CHECK_STR(s, "2026-03");
    zmonth_format(M(1900, 12), s);
    CHECK_STR(s, "1900-12");
    struct zmonth m;
    CHECK(zmonth_parse(s, &m));
    CHECK_INT(zmonth_cmp(m, M(1900, 12)), 0);
    zmonth_format(M(12345, 123), s); /* clamped, never overflows */
    CHECK_STR(s, "9999-99");
}

TEST(zmonth_valid_range)
{
    CHECK(zmonth_valid(M(2026, 1)));
    CHECK(zmonth_valid(M(2026, 12)));
    CHECK(!zmonth_valid(M(2026, 0)));
    CHECK(!zmonth_valid(M(2026, 13)));
    CHECK(!zmonth_valid(M(1899, 12)));
    CHECK(!zmonth_valid(M(3000, 1)));
    CHECK(!zmonth_valid(M(0, 0)));
}

TEST(zmonth_index_arithmetic)
{
    CHECK_INT(zmonth_index(M(2026, 1)), 2026 * 12);
    CHECK_INT(zmonth_index(M(2026, 12)), 2026 * 12 + 11);
    struct zmonth m = zmonth_from_index(2026 * 12 + 11);
    CHECK_INT(m.year, 2026);
    CHECK_INT(m.month, 12);
    m = zmonth_from_index(-1); /* floors: the month before year 0's January */
    CHECK_INT(m.year, -1);
    CHECK_INT(m.month, 12);
    m = zmonth_add(M(2026, 11), 2);
    CHECK_INT(m.year, 2027);
    CHECK_INT(m.month, 1);
    m = zmonth_add(M(2026, 1), -1);
    CHECK_INT(m.year, 2025);
    CHECK_INT(m.month, 12);
    m = zmonth_add(M(2026, 5), -24);
    CHECK_INT(zmonth_cmp(m, M(2024, 5)), 0);
    m = zmonth_of_date((struct zdate){2026, 2, 28});
    CHECK_INT(zmonth_cmp(m, M(2026, 2)), 0);
}

TEST(zmonth_cmp_order)
{
    CHECK(zmonth_cmp(M(2026, 1), M(2025, 12)) > 0);
    CHECK(zmonth_cmp(M(2025, 12), M(2026, 1)) < 0);
    CHECK_INT(zmonth_cmp(M(2026, 6), M(2026, 6)), 0);
    CHECK_INT(zmonth_cmp(M(2026, 6), M(2026, 7)), -1);
    CHECK_INT(zmonth_cmp(M(2026, 8), M(2026, 7)), 1);
}
