/* Unit tests for core/text.c (the runner sets LC_ALL=C.UTF-8). */
#include <stdlib.h>

#include "test.h"
#include "zhibu/text.h"

static const char *pad(const char *s, int cols, bool ellipsis)
{
    static char buf[256];
    text_pad(buf, sizeof buf, s, cols, ellipsis);
    return buf;
}

TEST(text_decode_valid)
{
    uint32_t cp;
    CHECK_INT(text_decode("a", 1, &cp), 1);
    CHECK_INT(cp, 'a');
    CHECK_INT(text_decode("\xC3\xA9", 2, &cp), 2);
    CHECK_INT(cp, 0xE9);
    CHECK_INT(text_decode("红", 3, &cp), 3);
    CHECK_INT(cp, 0x7EA2);
    CHECK_INT(text_decode("\xF0\x9F\x98\x80", 4, &cp), 4);
    CHECK_INT(cp, 0x1F600);
    CHECK_INT(text_decode("\xF4\x8F\xBF\xBF", 4, &cp), 4);
    CHECK_INT(cp, 0x10FFFF);
}

TEST(text_decode_invalid)
{
    uint32_t cp;
    /* overlong '/' and overlong NUL */
    CHECK_INT(text_decode("\xC0\xAF", 2, &cp), 1);
    CHECK_INT(cp, TEXT_REPLACEMENT);
    CHECK_INT(text_decode("\xC1\xBF", 2, &cp), 1);
    CHECK_INT(cp, TEXT_REPLACEMENT);
    CHECK_INT(text_decode("\xE0\x80\xAF", 3, &cp), 1);
    CHECK_INT(cp, TEXT_REPLACEMENT);
    CHECK_INT(text_decode("\xF0\x80\x80\xAF", 4, &cp), 1);
    CHECK_INT(cp, TEXT_REPLACEMENT);
    /* surrogate U+D800 */
    CHECK_INT(text_decode("\xED\xA0\x80", 3, &cp), 1);
    CHECK_INT(cp, TEXT_REPLACEMENT);
    /* above U+10FFFF */
    CHECK_INT(text_decode("\xF4\x90\x80\x80", 4, &cp), 1);
    CHECK_INT(cp, TEXT_REPLACEMENT);
    CHECK_INT(text_decode("\xFF", 1, &cp), 1);
    CHECK_INT(cp, TEXT_REPLACEMENT);
    /* lone continuation byte */
    CHECK_INT(text_decode("\x80", 1, &cp), 1);
    CHECK_INT(cp, TEXT_REPLACEMENT);
    /* truncated by the length, and by a following ASCII byte */
    CHECK_INT(text_decode("红", 2, &cp), 1);
    CHECK_INT(cp, TEXT_REPLACEMENT);
    CHECK_INT(text_decode("\xE7" "ab", 3, &cp), 1);
    CHECK_INT(cp, TEXT_REPLACEMENT);
}

TEST(text_encode_roundtrip)
{
    char out[4];
    uint32_t cp;
    uint32_t samples[] = {0x41, 0x7FF, 0x800, 0x7EA2, 0xFFFD, 0x10000, 0x10FFFF};
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        size_t n = text_encode(samples[i], out);
        CHECK_INT(text_decode(out, n, &cp), n);
        CHECK_INT(cp, samples[i]);
    }
    CHECK_INT(text_encode(0xD800, out), 3); /* a surrogate is encoded as U+FFFD */
    CHECK_INT(text_decode(out, 3, &cp), 3);
    CHECK_INT(cp, TEXT_REPLACEMENT);
}

TEST(text_width_mixed)
{
    CHECK_INT(text_width(""), 0);
    CHECK_INT(text_width("abc"), 3);
    CHECK_INT(text_width("红旗村ab"), 8);
    CHECK_INT(text_width("党员：张三"), 10);
    /* invalid bytes and controls each take one column, as the U+FFFD that replaces them */
    CHECK_INT(text_width("a\xFF" "b"), 3);
    CHECK_INT(text_width("a\tb\n"), 4);
    CHECK_INT(text_width("\x1b[31m"), 5);
    CHECK_INT(text_cp_width(0x7EA2), 2);
    CHECK_INT(text_cp_width(0x01), 1);
    CHECK_INT(text_cp_width(0x9B), 1);
    CHECK_INT(text_cp_width(0x0301), 0); /* combining acute accent */
    CHECK_INT(text_display_cp(0x07), TEXT_REPLACEMENT);
    CHECK_INT(text_display_cp(0x7F), TEXT_REPLACEMENT);
    CHECK_INT(text_display_cp(0x7EA2), 0x7EA2);
    CHECK_INT(text_chars("红旗村ab"), 5);
    CHECK_INT(text_chars("\xE7\xBA"), 2);
    CHECK_INT(text_chars(""), 0);
}

TEST(text_fit_odd_budgets)
{
    int cols = -1;
    CHECK_INT(text_fit("红旗村ab", 5, &cols), 6);
    CHECK_INT(cols, 4);
    CHECK_INT(text_fit("红旗村ab", 6, &cols), 9);
    CHECK_INT(cols, 6);
    CHECK_INT(text_fit("红旗村ab", 7, &cols), 10);
    CHECK_INT(cols, 7);
    CHECK_INT(text_fit("红旗村ab", 8, &cols), 11);
    CHECK_INT(cols, 8);
    CHECK_INT(text_fit("红旗村ab", 100, &cols), 11);
    CHECK_INT(cols, 8);
    CHECK_INT(text_fit("红旗村ab", 1, &cols), 0);
    CHECK_INT(cols, 0);
    CHECK_INT(text_fit("红旗村ab", 0, &cols), 0);
    CHECK_INT(cols, 0);
    CHECK_INT(text_fit("红旗村ab", -3, NULL), 0);
    CHECK_INT(text_fit("a红", 2, &cols), 1);
    CHECK_INT(cols, 1);
}

TEST(text_pad_never_splits_wide)
{
    CHECK_STR(pad("红旗村ab", 5, false), "红旗 ");
    CHECK_STR(pad("红旗村ab", 6, false), "红旗村");
    CHECK_STR(pad("红旗村ab", 7, false), "红旗村a");
    CHECK_STR(pad("红旗村ab", 8, false), "红旗村ab");
    CHECK_STR(pad("红旗村ab", 10, false), "红旗村ab  ");
    CHECK_STR(pad("红旗村ab", 1, false), " ");
    CHECK_STR(pad("红旗村ab", 0, false), "");
    CHECK_STR(pad("", 3, false), "   ");
    CHECK_STR(pad("a红", 2, false), "a ");
    CHECK_INT(text_width(pad("红旗村ab", 5, false)), 5);
}

TEST(text_pad_ellipsis_marks_last_column)
{
    CHECK_STR(pad("红旗村ab", 5, true), "红旗>");
    CHECK_STR(pad("红旗村ab", 6, true), "红旗 >");
    CHECK_STR(pad("红旗村ab", 7, true), "红旗村>");
    /* fits exactly: no mark */
    CHECK_STR(pad("红旗村ab", 8, true), "红旗村ab");
    CHECK_STR(pad("红旗村ab", 9, true), "红旗村ab ");
    CHECK_STR(pad("红旗村ab", 1, true), ">");
    CHECK_STR(pad("红旗村ab", 0, true), "");
    CHECK_STR(pad("abc", 2, true), "a>");
}

TEST(text_pad_replaces_bad_bytes)
{
    CHECK_STR(pad("a\xFF" "b", 4, false), "a\xEF\xBF\xBD" "b ");
    CHECK_STR(pad("x\ty", 3, false), "x\xEF\xBF\xBDy");
    CHECK_STR(pad("\x1b[1m", 2, false), "\xEF\xBF\xBD[");
    /* a small destination is never overrun and stays terminated */
    char small[5];
    size_t n = text_pad(small, sizeof small, "红旗村", 6, false);
    CHECK_INT(n, 3);
    CHECK_STR(small, "红");
}

TEST(text_sanitize_controls)
{
    char *s = text_sanitize("第一行\n第二行\t\x07\xC0\xAF", true);
    CHECK_STR(s, "第一行\n第二行\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    free(s);
    s = text_sanitize("a\nb", false);
    CHECK_STR(s, "a\xEF\xBF\xBD" "b");
    free(s);
    s = text_sanitize("红旗村", false);
    CHECK_STR(s, "红旗村");
    free(s);
    s = text_sanitize("", false);
    CHECK_STR(s, "");
    free(s);
}

TEST(text_trim_spaces)
{
    char a[] = "  \t张三\n ";
    text_trim(a);
    CHECK_STR(a, "张三");
    char b[] = "\xE3\x80\x80李 四\xE3\x80\x80 ";
    text_trim(b);
    CHECK_STR(b, "李 四");
    char c[] = " \xE3\x80\x80 \t";
    text_trim(c);
    CHECK_STR(c, "");
    char d[] = "";
    text_trim(d);
    CHECK_STR(d, "");
    char e[] = "王五";
    text_trim(e);
    CHECK_STR(e, "王五");
}

TEST(text_all_digits_cases)
{
    CHECK(text_all_digits("13800138000"));
    CHECK(text_all_digits("0"));
    CHECK(!text_all_digits(""));
    CHECK(!text_all_digits(NULL));
    CHECK(!text_all_digits("138-0013"));
    CHECK(!text_all_digits(" 123"));
    CHECK(!text_all_digits("１２３")); /* full-width digits are not ASCII digits */
}
