/* Unit tests for core/date_text.c: dates as offices type them, and Excel's day numbers. */
#include "test.h"
#include "zhibu/util.h"
#include "zhibu/date_text.h"

static const char *parsed(const char *s)
{
    static char buf[DATE_STR_LEN];
    struct zdate d;
    if (!date_text_parse(s, &d)) return "(refused)";
    date_format(d, buf);
    return buf;
}

TEST(date_text_every_form)
{
    CHECK_STR(parsed("1975-03-02"), "1975-03-02");
    CHECK_STR(parsed("1975-3-2"), "1975-03-02");
    CHECK_STR(parsed("1975/3/2"), "1975-03-02");
    CHECK_STR(parsed("1975/03/02"), "1975-03-02");
    CHECK_STR(parsed("1975.3.2"), "1975-03-02");
    CHECK_STR(parsed("1975年3月2日"), "1975-03-02");
    CHECK_STR(parsed("1975年03月02日"), "1975-03-02");
    CHECK_STR(parsed("1975年3月2号"), "1975-03-02");
    CHECK_STR(parsed("1975年3月2"), "1975-03-02");
    CHECK_STR(parsed("1975 年 3 月 2 日"), "1975-03-02");
    CHECK_STR(parsed("19750302"), "1975-03-02");
    CHECK_STR(parsed("  1975-03-02\t"), "1975-03-02");
    CHECK_STR(parsed("\xE3\x80\x80" "1975-03-02"), "1975-03-02");   /* ideographic space */
    CHECK_STR(parsed("１９７５－０３－０２"), "1975-03-02");           /* full-width */
    CHECK_STR(parsed("1975/3/2 0:00"), "1975-03-02");                /* a CSV saved by Excel */
    CHECK_STR(parsed("1975-03-02 00:00:00"), "1975-03-02");
    CHECK_STR(parsed("2024-02-29"), "2024-02-29");
}

TEST(date_text_refuses_what_is_not_a_day)
{
    CHECK_STR(parsed("1975-02-30"), "(refused)");
    CHECK_STR(parsed("2026-02-29"), "(refused)");   /* not a leap year */
    CHECK_STR(parsed("1900-02-29"), "(refused)");
    CHECK_STR(parsed("1975-13-01"), "(refused)");
    CHECK_STR(parsed("1975-00-10"), "(refused)");
    CHECK_STR(parsed("1975-03-00"), "(refused)");
    CHECK_STR(parsed("19750230"), "(refused)");
    CHECK_STR(parsed("1975-3/2"), "(refused)");     /* separators mixed */
    CHECK_STR(parsed("75-3-2"), "(refused)");       /* a two-digit year */
    CHECK_STR(parsed("1975年3月"), "(refused)");
    CHECK_STR(parsed("1975"), "(refused)");
    CHECK_STR(parsed("1975-03-02x"), "(refused)");
    CHECK_STR(parsed(""), "(refused)");
    CHECK_STR(parsed("1899-12-31"), "(refused)");
    CHECK_STR(parsed("三月二日"), "(refused)");
    CHECK(!date_text_parse(NULL, NULL));
}

TEST(date_text_problem_says_what_is_wrong)
{
    char msg[ZB_MSG_MAX];
    CHECK(date_text_problem("1975/3/2", msg, sizeof msg) == NULL);
    CHECK_STR(date_text_problem("1975-02-30", msg, sizeof msg), "1975年2月没有30日");
    CHECK_STR(date_text_problem("1975年2月29日", msg, sizeof msg), "1975年2月没有29日");
    CHECK_STR(date_text_problem("1975.13.1", msg, sizeof msg), "没有13月：月份应为 1 到 12");
    CHECK_STR(date_text_problem("1975.2.0", msg, sizeof msg), "没有0日：日应为 1 到 28");
    CHECK_STR(date_text_problem("1800-01-01", msg, sizeof msg), "年份应在 1900 到 2999 之间");
    CHECK_STR(date_text_problem("去年", msg, sizeof msg), "无法识别的日期（可写作 1975-03-02、1975/3/2、1975.3.2 或 1975年3月2日）");
}

TEST(date_text_excel_serials)
{
    struct zdate d;
    char buf[DATE_STR_LEN];
    CHECK(date_from_excel_serial(1, false, &d));
    date_format(d, buf);
    CHECK_STR(buf, "1900-01-01");
    CHECK(date_from_excel_serial(59, false, &d));
    date_format(d, buf);
    CHECK_STR(buf, "1900-02-28");
    CHECK(!date_from_excel_serial(60, false, &d)); /* 1900-02-29, which never was */
    CHECK(date_from_excel_serial(61, false, &d));
    date_format(d, buf);
    CHECK_STR(buf, "1900-03-01");
    CHECK(date_from_excel_serial(27455, false, &d));
    date_format(d, buf);
    CHECK_STR(buf, "1975-03-02");
    CHECK(date_from_excel_serial(27455.75, false, &d)); /* a time of day is dropped */
    date_format(d, buf);
    CHECK_STR(buf, "1975-03-02");
    CHECK(date_from_excel_serial(25993, true, &d));   /* the 1904 system: 1462 days less */
    date_format(d, buf);
    CHECK_STR(buf, "1975-03-02");
    CHECK(!date_from_excel_serial(0, false, &d));
    CHECK(!date_from_excel_serial(-5, false, &d));
    CHECK(!date_from_excel_serial(9e9, false, &d));
}
