/* Unit tests for core/text.c (the runner sets LC_ALL=C.UTF-8). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The one validity rule the CSV reader, the meeting search and the keyboard share. */
TEST(text_valid_len_and_lead)
{
    CHECK_INT(text_valid_len("a", 1), 1);
    CHECK_INT(text_valid_len("红", 3), 3);
    CHECK_INT(text_valid_len("\xEF\xBF\xBD", 3), 3); /* U+FFFD written as itself is valid */
    CHECK_INT(text_valid_len("\xF0\x9F\x98\x80", 4), 4);
    CHECK_INT(text_valid_len("红", 2), 0);            /* cut short */
    CHECK_INT(text_valid_len("\xC0\xAF", 2), 0);      /* overlong */
    CHECK_INT(text_valid_len("\xED\xA0\x80", 3), 0);  /* surrogate */
    CHECK_INT(text_valid_len("\xF4\x90\x80\x80", 4), 0); /* past U+10FFFF */
    CHECK_INT(text_valid_len("\x80", 1), 0);
    CHECK_INT(text_valid_len("", 0), 0);
    CHECK_INT(text_lead_len('a'), 1);
    CHECK_INT(text_lead_len(0xC2), 2);
    CHECK_INT(text_lead_len(0xC1), 0);
    CHECK_INT(text_lead_len(0xE7), 3);
    CHECK_INT(text_lead_len(0xF4), 4);
    CHECK_INT(text_lead_len(0xF5), 0);
    CHECK_INT(text_lead_len(0x80), 0);
    CHECK(text_cp_well_formed(0x7EA2, 3));
    CHECK(!text_cp_well_formed(0x7F, 2));
    CHECK(!text_cp_well_formed(0x7FF, 3));
    CHECK(!text_cp_well_formed(0xD800, 3));
    CHECK(!text_cp_well_formed(0x110000, 4));
    CHECK(!text_cp_well_formed(0x41, 5));
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
    CHECK_STR(pad("红旗村ab", 5, true), "红旗…");
    CHECK_STR(pad("红旗村ab", 6, true), "红旗… ");
    CHECK_INT(text_width(pad("红旗村ab", 6, true)), 6);
    CHECK_STR(pad("红旗村ab", 7, true), "红旗村…");
    /* fits exactly: no mark */
    CHECK_STR(pad("红旗村ab", 8, true), "红旗村ab");
    CHECK_STR(pad("红旗村ab", 9, true), "红旗村ab ");
    CHECK_STR(pad("红旗村ab", 1, true), "…");
    CHECK_STR(pad("红旗村ab", 0, true), "");
    CHECK_STR(pad("abc", 2, true), "a…");
    CHECK_INT(text_width(pad("阿依古丽·买买提", 12, true)), 12);
    CHECK_STR(pad("阿依古丽·买买提", 12, true), "阿依古丽·买…");
    /* blanks past the end are padding, not text: nothing is cut */
    CHECK_STR(pad("红旗   ", 4, true), "红旗");
    CHECK_STR(pad("红旗\xE3\x80\x80\xE3\x80\x80", 5, true), "红旗 ");
    CHECK_STR(pad("红旗  村", 5, true), "红旗…");
}

TEST(text_cut_at_ignores_padding)
{
    CHECK(!text_cut_at("红旗村", 6));
    CHECK(text_cut_at("红旗村", 5));
    CHECK(!text_cut_at("红旗村    ", 6));
    CHECK(text_cut_at("前进建材有限公司党支部", 18));
    CHECK(!text_cut_at("", 0));
    CHECK(text_cut_at("a", 0));
}

/* The lines of a paragraph wrapped at cols, joined with '|'. */
static const char *wrap(const char *s, int cols)
{
    static char out[2048];
    size_t pos = 0, at = 0, len = strlen(s);
    out[0] = '\0';
    int guard = 0;
    while (at < len && guard++ < 200) {
        size_t next;
        size_t n = text_wrap_line(s + at, cols, &next);
        if (pos && pos + 1 < sizeof out) out[pos++] = '|';
        if (pos + n + 1 >= sizeof out) break;
        memcpy(out + pos, s + at, n);
        pos += n;
        out[pos] = '\0';
        if (next == 0) break; /* never: a line always takes a character */
        at += next;
    }
    return out;
}

TEST(text_wrap_fits_and_cuts_by_columns)
{
    CHECK_STR(wrap("红旗村党支部", 20), "红旗村党支部");
    CHECK_STR(wrap("红旗村党支部", 6), "红旗村|党支部");
    CHECK_STR(wrap("红旗村党支部", 5), "红旗|村党|支部");
    CHECK_STR(wrap("", 5), "");
    /* a double-width character in one column still advances */
    CHECK_STR(wrap("红旗", 1), "红|旗");
    size_t next = 99;
    CHECK_INT(text_wrap_line("", 4, &next), 0);
    CHECK_INT(next, 0);
}

TEST(text_wrap_closing_punctuation_never_starts_a_line)
{
    /* the width falls before 。：the character before it goes down with it */
    CHECK_STR(wrap("甲乙丙。丁戊", 6), "甲乙|丙。丁|戊");
    CHECK_STR(wrap("不足法定人数；要素不全", 12), "不足法定人|数；要素不全");
    CHECK_STR(wrap("今天，无收据号）并移到", 14), "今天，无收据|号）并移到");
    CHECK_STR(wrap("甲乙」』》丙丁", 8), "甲|乙」』》|丙丁");
    CHECK_STR(wrap("的.t", 3), "的|.t");
    CHECK_STR(wrap("or (a)", 5), "or|(a)");
    for (const char *p = "。，、；：？！）」』》"; *p;) {
        char para[64];
        uint32_t cp;
        size_t n = text_decode(p, strlen(p), &cp);
        snprintf(para, sizeof para, "一二三%.*s四五六", (int)n, p);
        const char *w = wrap(para, 6);
        /* the punctuation stays on the first line, with 三 */
        CHECK(strstr(w, "|") != NULL);
        const char *bar = strchr(w, '|');
        CHECK(bar && strncmp(bar + 1, p, n) != 0);
        p += n;
    }
}

TEST(text_wrap_opening_punctuation_never_ends_a_line)
{
    CHECK_STR(wrap("甲乙（丙丁）", 6), "甲乙|（丙|丁）");
    CHECK_STR(wrap("甲乙丙（丁", 8), "甲乙丙|（丁");
    CHECK_STR(wrap("学习《党章》", 6), "学习|《党|章》");
    CHECK_STR(wrap("甲「乙", 4), "甲|「乙");
}

TEST(text_wrap_keeps_ascii_words_whole)
{
    CHECK_STR(wrap("导出为 .xlsx 或 .csv 文件", 14), "导出为 .xlsx|或 .csv 文件");
    CHECK_STR(wrap("导出为.xlsx或.csv", 12), "导出为.xlsx|或.csv");
    CHECK_STR(wrap("日期 2026-11-21 起", 10), "日期|2026-11-21|起");
    CHECK_STR(wrap("见 /etc/zhibu.ini。", 16), "见|/etc/zhibu.ini。");
    CHECK_STR(wrap("为 .xlsx 或 .csv", 15), "为 .xlsx 或|.csv");
    /* a word wider than the line is cut at the width (nothing else can be done) */
    CHECK_STR(wrap("abcdefghij", 4), "abcd|efgh|ij");
    /* blanks at the break are dropped, not carried to the next line */
    CHECK_STR(wrap("ab cd ef", 5), "ab cd|ef");
    /* an indent alone is never a line */
    CHECK_STR(wrap("  abcdefgh", 6), "  abcd|efgh");
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
