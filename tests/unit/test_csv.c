/* Unit tests of CSV quoting and JSON string escaping (src/export/csv.c). */
#include <stdio.h>
#include <stdlib.h>

#include "test.h"
#include "zhibu/csv.h"

/* What csv_write_field / json_write_string / csv_write_row produce, as a heap string. */
static char *capture_field(int (*fn)(FILE *, const char *), const char *s, int *rc)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    *rc = fn(f, s);
    fclose(f);
    return buf;
}

#define CHECK_FIELD(fn, in, want)                                              \
    do {                                                                       \
        int rc_;                                                               \
        char *got_ = capture_field(fn, in, &rc_);                              \
        CHECK_INT(rc_, 0);                                                     \
        CHECK_STR(got_, want);                                                 \
        free(got_);                                                            \
    } while (0)

TEST(csv_plain_fields_unquoted)
{
    CHECK_FIELD(csv_write_field, "王建国", "王建国");
    CHECK_FIELD(csv_write_field, "", "");
    CHECK_FIELD(csv_write_field, NULL, "");
    CHECK_FIELD(csv_write_field, "阿依古丽·买买提", "阿依古丽·买买提");
    CHECK_FIELD(csv_write_field, " leading space", " leading space");
}

TEST(csv_quotes_comma_quote_newline)
{
    CHECK_FIELD(csv_write_field, "张三,李四", "\"张三,李四\"");
    CHECK_FIELD(csv_write_field, "他说\"好\"", "\"他说\"\"好\"\"\"");
    CHECK_FIELD(csv_write_field, "第一行\n第二行", "\"第一行\n第二行\"");
    /* a carriage return is a line break, written as LF (a lone CR on a terminal would move
     * back over what the line already showed) */
    CHECK_FIELD(csv_write_field, "a\rb", "\"a\nb\"");
    CHECK_FIELD(csv_write_field, "a\r\nb", "\"a\nb\"");
    CHECK_FIELD(csv_write_field, "\"", "\"\"\"\"");
    CHECK_FIELD(csv_write_field, ",", "\",\"");
}

TEST(csv_needs_quotes_cases)
{
    CHECK(!csv_needs_quotes("abc"));
    CHECK(!csv_needs_quotes(""));
    CHECK(!csv_needs_quotes(NULL));
    CHECK(!csv_needs_quotes("中文，全角逗号")); /* U+FF0C is not a separator */
    CHECK(csv_needs_quotes("a,b"));
    CHECK(csv_needs_quotes("a\"b"));
    CHECK(csv_needs_quotes("a\nb"));
    CHECK(csv_needs_quotes("a\rb"));
}

TEST(csv_write_row_joins_and_ends_line)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    const char *fields[] = {"1101010001", "刘,明", "", "M"};
    CHECK_INT(csv_write_row(f, fields, 4), 0);
    const char *one[] = {"x"};
    CHECK_INT(csv_write_row(f, one, 1), 0);
    fclose(f);
    CHECK_STR(buf, "1101010001,\"刘,明\",,M\nx\n");
    free(buf);
}

TEST(json_escapes_quotes_backslash_controls)
{
    CHECK_FIELD(json_write_string, "王建国", "\"王建国\"");
    CHECK_FIELD(json_write_string, "", "\"\"");
    CHECK_FIELD(json_write_string, NULL, "\"\"");
    CHECK_FIELD(json_write_string, "a\"b", "\"a\\\"b\"");
    CHECK_FIELD(json_write_string, "C:\\dir", "\"C:\\\\dir\"");
    CHECK_FIELD(json_write_string, "x\ny\tz", "\"x\\u000ay\\u0009z\"");
    CHECK_FIELD(json_write_string, "\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"");
    CHECK_FIELD(json_write_string, "/<>", "\"/<>\"");
}

TEST(json_replaces_invalid_utf8)
{
    /* a stray continuation byte, a truncated 3-byte sequence at the end, an overlong '/' */
    CHECK_FIELD(json_write_string, "a\x80" "b", "\"a\xef\xbf\xbd" "b\"");
    CHECK_FIELD(json_write_string, "中\xe6\x96", "\"中\xef\xbf\xbd\xef\xbf\xbd\"");
    CHECK_FIELD(json_write_string, "\xc0\xaf", "\"\xef\xbf\xbd\xef\xbf\xbd\"");
    /* a genuine U+FFFD and a 4-byte character pass through */
    CHECK_FIELD(json_write_string, "\xef\xbf\xbd\xf0\x9f\x98\x80", "\"\xef\xbf\xbd\xf0\x9f\x98\x80\"");
}

TEST(csv_write_error_reported)
{
    /* a stream opened read-only refuses writes: the functions say so */
    FILE *f = fopen("/dev/null", "r");
    CHECK(f != NULL);
    if (!f) return;
    CHECK_INT(csv_write_field(f, "abc"), -1);
    CHECK_INT(csv_write_field(f, "a,b"), -1);
    CHECK_INT(json_write_string(f, "abc"), -1);
    fclose(f);
}
