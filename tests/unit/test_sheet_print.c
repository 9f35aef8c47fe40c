/* Unit tests of sheet.c's print helpers (issue 14): the page-header string that keeps the year
 * (a space after the 14 pt size code; '&' doubled), the period a title names, and a list of
 * names laid out without breaking a name across lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "zhibu/sheet.h"
#include "zhibu/text.h"

TEST(sheet_header_text_keeps_the_year)
{
    char *h = export_sheet_header_text("2026年11月 月审月报");
    /* "&C&142026..." would read font size 142026 and lose the year */
    CHECK_STR(h, "&C&14 2026年11月 月审月报");
    free(h);
    h = export_sheet_header_text("红旗&新村党支部");
    CHECK_STR(h, "&C&14 红旗&&新村党支部");
    free(h);
    h = export_sheet_header_text("换行\n和\x01控制");
    CHECK(strchr(h, '\n') == NULL && strchr(h, '\x01') == NULL);
    free(h);
    h = export_sheet_header_text(NULL);
    CHECK_STR(h, "&C&14 ");
    free(h);
}

TEST(sheet_period_text)
{
    char b[96];
    export_period_text("2026-10-01", "2026-10-31", b, sizeof b);
    CHECK_STR(b, "2026年10月");
    export_period_text("2024-02-01", "2024-02-29", b, sizeof b);
    CHECK_STR(b, "2024年2月");
    export_period_text("2026-01-01", "2026-12-31", b, sizeof b);
    CHECK_STR(b, "2026年");
    export_period_text("2026-10-01", "2026-11-21", b, sizeof b);
    CHECK_STR(b, "2026年10月1日至2026年11月21日");
    export_period_text("2026-10-02", "", b, sizeof b);
    CHECK_STR(b, "2026年10月2日起");
    export_period_text(NULL, "2026-11-21", b, sizeof b);
    CHECK_STR(b, "至2026年11月21日");
    export_period_text("", NULL, b, sizeof b);
    CHECK_STR(b, "全部日期");
    /* not dates: as if not given */
    export_period_text("2026-13-01", "yesterday", b, sizeof b);
    CHECK_STR(b, "全部日期");
}

/* The list written at `width`, as a heap string. */
static char *list_at(int width, const char *const *items, int n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct export_page pg = {.f = f, .width = width};
    export_page_list(&pg, "出席人员", items, n, "无");
    fclose(f);
    return buf;
}

static int widest(const char *page)
{
    int w = 0;
    char *copy = strdup(page);
    for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n"))
        if (text_width(line) > w) w = text_width(line);
    free(copy);
    return w;
}

TEST(sheet_page_list_never_breaks_a_name)
{
    static const char *const NAMES[] = {"王一", "李二", "阿依古丽·买买提", "欧阳振华", "端木青山秀",
                                        "热依拉·阿不都热合曼", "赵五"};
    int n = (int)(sizeof NAMES / sizeof NAMES[0]);
    for (int width = 40; width <= 80; width++) { /* the print is 72 wide */
        char *page = list_at(width, NAMES, n);
        if (widest(page) > width) test_fail(__FILE__, __LINE__, "width %d:\n%s", width, page);
        for (int i = 0; i < n; i++)
            if (!strstr(page, NAMES[i])) test_fail(__FILE__, __LINE__, "width %d: %s broken:\n%s", width, NAMES[i], page);
        /* continuation lines start under the first name */
        size_t first = strcspn(page, "\n");
        if (page[first] && page[first + 1] && strncmp(page + first + 1, "          ", 10) != 0)
            test_fail(__FILE__, __LINE__, "width %d: not hung under the names:\n%s", width, page);
        free(page);
    }
    char *page = list_at(34, NAMES, n);
    CHECK_STR(page, "出席人员：王一、李二、\n"
                    "          阿依古丽·买买提、\n"
                    "          欧阳振华、端木青山秀、\n"
                    "          热依拉·阿不都热合曼、\n"
                    "          赵五\n");
    free(page);
}

TEST(sheet_page_list_bad_input)
{
    /* nobody: the text for none */
    char *page = list_at(40, NULL, 0);
    CHECK_STR(page, "出席人员：无\n");
    free(page);
    /* a name wider than the room under the label is cut (never past the width), and the 、
     * after it never begins a line; the list goes on */
    static const char *const NAMES[] = {"王一", "李二", "阿依古丽·买买提", "欧阳振华", "端木青山秀",
                                        "热依拉·阿不都热合曼", "赵五"};
    for (int width = 16; width < 40; width++) {
        page = list_at(width, NAMES, 7);
        if (widest(page) > width || strstr(page, "\n          、"))
            test_fail(__FILE__, __LINE__, "width %d:\n%s", width, page);
        free(page);
    }
    static const char *const LONG[] = {"甲", "一二三四五六七八九十一二三四五六七八九十", "乙"};
    page = list_at(24, LONG, 3);
    CHECK(widest(page) <= 24);
    CHECK(strstr(page, "乙\n") != NULL);
    CHECK(strstr(page, "出席人员：甲、\n") != NULL);
    free(page);
    /* control characters and invalid bytes do not reach the page */
    static const char *const BAD[] = {"王\x01一", "李\xff二"};
    page = list_at(40, BAD, 2);
    CHECK(strchr(page, '\x01') == NULL && strchr(page, '\xff') == NULL);
    free(page);
}
