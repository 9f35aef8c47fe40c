/* Unit tests of the widgets' editing logic (no terminal: nothing here draws). */
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "zhibu/widgets.h"

/* ---- text field ---- */

TEST(widgets_field_mixed_text_moves_by_character)
{
    struct ui_field f;
    ui_field_init(&f, 0);
    ui_field_set(&f, "红旗村abc");
    CHECK_STR(ui_field_text(&f), "红旗村abc");
    CHECK_INT(f.cursor, 6);
    CHECK_INT(ui_field_cursor_col(&f), 9); /* three double-width + three narrow */
    CHECK(ui_field_key(&f, UK_HOME));
    CHECK_INT(ui_field_cursor_col(&f), 0);
    CHECK(ui_field_key(&f, UK_RIGHT));
    CHECK_INT(ui_field_cursor_col(&f), 2);
    CHECK(ui_field_key(&f, UK_RIGHT));
    CHECK_INT(f.cursor, 2);
    CHECK_INT(ui_field_cursor_col(&f), 4);
    CHECK(ui_field_key(&f, 'X'));
    CHECK_STR(ui_field_text(&f), "红旗X村abc");
    CHECK_INT(ui_field_cursor_col(&f), 5);
    CHECK(ui_field_key(&f, UK_DELETE)); /* removes the whole of 村, not one byte */
    CHECK_STR(ui_field_text(&f), "红旗Xabc");
    CHECK(ui_field_key(&f, UK_BACKSPACE));
    CHECK(ui_field_key(&f, UK_BACKSPACE));
    CHECK_STR(ui_field_text(&f), "红abc");
    CHECK_INT(f.cursor, 1);
    CHECK_INT(ui_field_cursor_col(&f), 2);
    CHECK(ui_field_key(&f, 0x4E00)); /* 一 */
    CHECK_STR(ui_field_text(&f), "红一abc");
    CHECK_INT(ui_field_cursor_col(&f), 4);
    CHECK(ui_field_key(&f, UK_END));
    CHECK_INT(f.cursor, 5);
    CHECK_INT(ui_field_cursor_col(&f), 7);
    CHECK(ui_field_key(&f, UK_RIGHT)); /* at the end: used, nothing moves */
    CHECK_INT(f.cursor, 5);
    CHECK(ui_field_key(&f, UK_DELETE));
    CHECK_STR(ui_field_text(&f), "红一abc");
    CHECK_INT(f.len, strlen("红一abc"));
    CHECK(ui_field_key(&f, UK_CTRL_U));
    CHECK_STR(ui_field_text(&f), "");
    CHECK_INT(f.cursor, 0);
    CHECK(ui_field_key(&f, UK_BACKSPACE)); /* at the start of an empty field */
    CHECK_STR(ui_field_text(&f), "");
    ui_field_free(&f);
}

TEST(widgets_field_leaves_navigation_keys_to_others)
{
    struct ui_field f;
    ui_field_init(&f, 0);
    ui_field_set(&f, "abc");
    int keys[] = {UK_UP, UK_DOWN, UK_TAB, UK_BTAB, UK_ENTER, UK_ESC, UK_F(2), UK_PGDN, UK_EOF};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) CHECK(!ui_field_key(&f, keys[i]));
    CHECK_STR(ui_field_text(&f), "abc");
    CHECK_INT(f.cursor, 3);
    ui_field_free(&f);
}

TEST(widgets_field_max_chars_refuses_insert_and_truncates_set)
{
    struct ui_field f;
    ui_field_init(&f, 4);
    ui_field_set(&f, "一二三四五六");
    CHECK_STR(ui_field_text(&f), "一二三四");
    CHECK_INT(f.cursor, 4);
    CHECK(ui_field_key(&f, 'a')); /* consumed but refused */
    CHECK_STR(ui_field_text(&f), "一二三四");
    CHECK(ui_field_key(&f, UK_BACKSPACE));
    CHECK(ui_field_key(&f, 'a'));
    CHECK_STR(ui_field_text(&f), "一二三a");
    CHECK(ui_field_key(&f, UK_HOME));
    CHECK(ui_field_key(&f, 0x7EA2)); /* 红: still full */
    CHECK_STR(ui_field_text(&f), "一二三a");
    ui_field_free(&f);
}

TEST(widgets_field_set_sanitises_controls_and_bad_bytes)
{
    struct ui_field f;
    ui_field_init(&f, 0);
    ui_field_set(&f, "a\tb\x01" "c\xff\n");
    CHECK_STR(ui_field_text(&f), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK_INT(f.cursor, 7);
    CHECK_INT(ui_field_cursor_col(&f), 7); /* U+FFFD takes one column */
    ui_field_set(&f, NULL);
    CHECK_STR(ui_field_text(&f), "");
    CHECK_INT(f.cursor, 0);
    ui_field_free(&f);
}

/* The text ui_field_view says is visible. */
static void field_visible(struct ui_field *f, int cols, bool follow, char *out, size_t outsz)
{
    size_t from, to;
    ui_field_view(f, cols, follow, &from, &to);
    size_t n = to - from < outsz - 1 ? to - from : outsz - 1;
    memcpy(out, ui_field_text(f) + from, n);
    out[n] = '\0';
}

TEST(widgets_field_scrolls_without_cutting_wide_characters)
{
    char vis[64];
    struct ui_field f;
    ui_field_init(&f, 0);
    ui_field_set(&f, "红旗村abc");
    field_visible(&f, 4, true, vis, sizeof vis); /* cursor at the end, column 9 */
    CHECK_STR(vis, "abc");
    CHECK_INT(f.scroll, 6);
    ui_field_key(&f, UK_HOME);
    ui_field_key(&f, UK_RIGHT);
    ui_field_key(&f, UK_RIGHT); /* on 村 */
    field_visible(&f, 4, true, vis, sizeof vis);
    CHECK_STR(vis, "村ab");
    CHECK_INT(f.scroll, 4);
    ui_field_key(&f, UK_LEFT);
    field_visible(&f, 4, true, vis, sizeof vis);
    CHECK_STR(vis, "旗村");
    field_visible(&f, 3, false, vis, sizeof vis); /* not being edited: the start */
    CHECK_STR(vis, "红"); /* 旗 would need columns 3-4 of 3 */
    ui_field_set(&f, "a红旗村");
    field_visible(&f, 4, true, vis, sizeof vis); /* column 4 would be the right half of 旗 */
    CHECK_STR(vis, "村");
    CHECK_INT(f.scroll, 5);
    CHECK_INT(ui_field_cursor_col(&f) - f.scroll, 2);
    ui_field_set(&f, "短");
    field_visible(&f, 4, true, vis, sizeof vis); /* fits: no scrolling */
    CHECK_STR(vis, "短");
    CHECK_INT(f.scroll, 0);
    ui_field_free(&f);
}

/* ---- character map ---- */

TEST(widgets_charmap_offsets_and_columns)
{
    struct ui_charmap m;
    ui_charmap_build(&m, "红a旗");
    CHECK_INT(m.n, 3);
    CHECK_INT(m.off[1], 3);
    CHECK_INT(m.off[2], 4);
    CHECK_INT(m.off[3], 7);
    CHECK_INT(m.col[1], 2);
    CHECK_INT(m.col[2], 3);
    CHECK_INT(m.col[3], 5);
    ui_charmap_free(&m);
}

/* ---- editor ---- */

TEST(widgets_editor_wrap_count_never_splits_wide_characters)
{
    /* 红旗村abc is 9 columns */
    CHECK_INT(ui_editor_wrap_count("红旗村abc", 10), 1);
    CHECK_INT(ui_editor_wrap_count("红旗村abc", 9), 2); /* exactly full: the cursor's line */
    CHECK_INT(ui_editor_wrap_count("红旗村abc", 5), 3); /* 红旗 | 村abc | (cursor) */
    CHECK_INT(ui_editor_wrap_count("红旗村abc", 4), 3); /* 红旗 | 村ab | c */
    CHECK_INT(ui_editor_wrap_count("红旗村abc", 3), 4); /* 红 | 旗 | 村a | bc */
    CHECK_INT(ui_editor_wrap_count("", 4), 1);
    CHECK_INT(ui_editor_wrap_count("红旗村abc", 0), 1);
}

TEST(widgets_editor_split_and_join)
{
    struct ui_editor e;
    ui_editor_init(&e, 0);
    ui_editor_set(&e, "红旗村abc");
    CHECK_INT(e.nlines, 1);
    CHECK_INT(e.row, 0);
    CHECK_INT(e.cursor, 0);
    for (int i = 0; i < 3; i++) CHECK(ui_editor_key(&e, UK_RIGHT));
    CHECK(ui_editor_key(&e, UK_ENTER));
    CHECK_INT(e.nlines, 2);
    CHECK_INT(e.row, 1);
    CHECK_INT(e.cursor, 0);
    char *t = ui_editor_text(&e);
    CHECK_STR(t, "红旗村\nabc");
    free(t);
    CHECK(ui_editor_key(&e, UK_BACKSPACE)); /* at the start of a line: join */
    CHECK_INT(e.nlines, 1);
    CHECK_INT(e.row, 0);
    CHECK_INT(e.cursor, 3);
    t = ui_editor_text(&e);
    CHECK_STR(t, "红旗村abc");
    free(t);

    ui_editor_set(&e, "第一行\n第二行");
    CHECK(ui_editor_key(&e, UK_END));
    CHECK_INT(e.cursor, 3);
    CHECK(ui_editor_key(&e, UK_DELETE)); /* at the end of a line: join the next */
    t = ui_editor_text(&e);
    CHECK_STR(t, "第一行第二行");
    free(t);
    CHECK(ui_editor_key(&e, UK_LEFT)); /* before the first 行 */
    CHECK(ui_editor_key(&e, UK_BACKSPACE));
    t = ui_editor_text(&e);
    CHECK_STR(t, "第行第二行");
    CHECK_INT(e.cursor, 1);
    free(t);
    CHECK(!ui_editor_key(&e, UK_TAB));
    CHECK(!ui_editor_key(&e, UK_ESC));
    ui_editor_free(&e);
}

TEST(widgets_editor_left_right_cross_lines)
{
    struct ui_editor e;
    ui_editor_init(&e, 0);
    ui_editor_set(&e, "ab\n红");
    CHECK(ui_editor_key(&e, UK_END));
    CHECK(ui_editor_key(&e, UK_RIGHT));
    CHECK_INT(e.row, 1);
    CHECK_INT(e.cursor, 0);
    CHECK(ui_editor_key(&e, UK_LEFT));
    CHECK_INT(e.row, 0);
    CHECK_INT(e.cursor, 2);
    ui_editor_free(&e);
}

TEST(widgets_editor_up_down_by_visual_line)
{
    struct ui_editor e;
    ui_editor_init(&e, 0);
    ui_editor_set(&e, "红旗村abc\n第二行");
    e.wrap_cols = 4; /* as if drawn 4 columns wide: 红旗 | 村ab | c, then 第二 | 行 */
    CHECK(ui_editor_key(&e, UK_DOWN));
    CHECK_INT(e.row, 0);
    CHECK_INT(e.cursor, 2); /* 村 */
    CHECK(ui_editor_key(&e, UK_DOWN));
    CHECK_INT(e.cursor, 5); /* c */
    CHECK(ui_editor_key(&e, UK_DOWN));
    CHECK_INT(e.row, 1);
    CHECK_INT(e.cursor, 0);
    CHECK(ui_editor_key(&e, UK_UP));
    CHECK_INT(e.row, 0);
    CHECK_INT(e.cursor, 5);

    /* Keep the column: from 旗 (column 2) down to a (column 2 of 村ab) */
    CHECK(ui_editor_key(&e, UK_HOME));
    CHECK(ui_editor_key(&e, UK_HOME));
    CHECK_INT(e.cursor, 0);
    CHECK(ui_editor_key(&e, UK_RIGHT));
    CHECK(ui_editor_key(&e, UK_DOWN));
    CHECK_INT(e.cursor, 3);
    CHECK(ui_editor_key(&e, UK_DOWN)); /* "c" is shorter: the end of it */
    CHECK_INT(e.cursor, 6);
    CHECK(ui_editor_key(&e, UK_DOWN)); /* column 2 of 第二 is 二 */
    CHECK_INT(e.row, 1);
    CHECK_INT(e.cursor, 1);
    CHECK(ui_editor_key(&e, UK_DOWN)); /* 行: column 2 is after it */
    CHECK_INT(e.cursor, 3);
    CHECK(!ui_editor_key(&e, UK_DOWN)); /* last visual line: not used */
    CHECK_INT(e.cursor, 3);
    CHECK(ui_editor_key(&e, UK_UP));
    CHECK_INT(e.row, 1);
    CHECK_INT(e.cursor, 1);
    ui_editor_free(&e);
}

TEST(widgets_editor_up_at_top_is_not_used)
{
    struct ui_editor e;
    ui_editor_init(&e, 0);
    ui_editor_set(&e, "一行");
    CHECK(!ui_editor_key(&e, UK_UP));
    CHECK(!ui_editor_key(&e, UK_DOWN));
    CHECK(ui_editor_key(&e, UK_PGDN)); /* goes to the end */
    CHECK_INT(e.cursor, 2);
    CHECK(ui_editor_key(&e, UK_PGUP));
    CHECK_INT(e.cursor, 0);
    ui_editor_free(&e);
}

TEST(widgets_editor_home_end_visual_then_logical)
{
    struct ui_editor e;
    ui_editor_init(&e, 0);
    ui_editor_set(&e, "红旗村abc");
    e.wrap_cols = 4;
    for (int i = 0; i < 3; i++) ui_editor_key(&e, UK_RIGHT); /* on a, in 村ab */
    CHECK(ui_editor_key(&e, UK_HOME));
    CHECK_INT(e.cursor, 2);
    CHECK(ui_editor_key(&e, UK_HOME));
    CHECK_INT(e.cursor, 0);
    for (int i = 0; i < 3; i++) ui_editor_key(&e, UK_RIGHT);
    CHECK(ui_editor_key(&e, UK_END)); /* on b: after it is already the next visual line */
    CHECK_INT(e.cursor, 4);
    CHECK(ui_editor_key(&e, UK_END));
    CHECK_INT(e.cursor, 6);
    ui_editor_free(&e);
}

TEST(widgets_editor_max_chars_counts_line_breaks)
{
    struct ui_editor e;
    ui_editor_init(&e, 5);
    ui_editor_set(&e, "abcdefg");
    char *t = ui_editor_text(&e);
    CHECK_STR(t, "abcde");
    free(t);
    CHECK(ui_editor_key(&e, UK_END));
    CHECK(ui_editor_key(&e, 'x'));  /* refused */
    CHECK(ui_editor_key(&e, UK_ENTER)); /* refused: a line break is a character too */
    CHECK_INT(e.nlines, 1);
    CHECK_INT(ui_editor_chars(&e), 5);
    ui_editor_set(&e, "ab\ncd");
    CHECK_INT(ui_editor_chars(&e), 5);
    CHECK(ui_editor_key(&e, 0x7EA2));
    t = ui_editor_text(&e);
    CHECK_STR(t, "ab\ncd");
    free(t);
    CHECK(ui_editor_key(&e, UK_DELETE));
    CHECK(ui_editor_key(&e, 0x7EA2));
    t = ui_editor_text(&e);
    CHECK_STR(t, "红b\ncd");
    free(t);
    ui_editor_free(&e);
}

TEST(widgets_editor_set_normalises_pasted_text)
{
    struct ui_editor e;
    ui_editor_init(&e, 0);
    ui_editor_set(&e, "一\r\n二\r三\t四\x02");
    CHECK_INT(e.nlines, 3);
    char *t = ui_editor_text(&e);
    CHECK_STR(t, "一\n二\n三 四\xEF\xBF\xBD");
    free(t);
    ui_editor_free(&e);
}

/* ---- list ---- */

static const struct ui_column roster_cols[] = {
    {.title = "姓名", .width = 8, .grow = 1},
    {.title = "性别", .width = 4},
    {.title = "出生日期", .width = 10},
    {.title = "支部", .width = 10, .grow = 2},
    {.title = "备注", .width = 6, .grow = 1},
};

static int sum_widths(const int *w, int n)
{
    int total = 0, shown = 0;
    for (int i = 0; i < n; i++) {
        if (w[i] > 0) {
            total += w[i];
            shown++;
        }
    }
    return total + (shown > 1 ? shown - 1 : 0);
}

TEST(widgets_list_layout_80_and_120)
{
    int w[5];
    ui_list_layout(roster_cols, 5, 80, w);
    /* minimums 38 + 4 spaces = 42; 38 extra shared 1:2:1, the odd one to the first */
    CHECK_INT(w[0], 18);
    CHECK_INT(w[1], 4);
    CHECK_INT(w[2], 10);
    CHECK_INT(w[3], 29);
    CHECK_INT(w[4], 15);
    CHECK_INT(sum_widths(w, 5), 80);
    ui_list_layout(roster_cols, 5, 120, w);
    CHECK_INT(w[0], 28);
    CHECK_INT(w[1], 4);
    CHECK_INT(w[2], 10);
    CHECK_INT(w[3], 49);
    CHECK_INT(w[4], 25);
    CHECK_INT(sum_widths(w, 5), 120);
}

TEST(widgets_list_layout_drops_columns_that_do_not_fit)
{
    struct ui_column many[10];
    for (int i = 0; i < 10; i++) many[i] = (struct ui_column){.title = "列", .width = 10};
    int w[10];
    ui_list_layout(many, 10, 80, w);
    for (int i = 0; i < 7; i++) CHECK_INT(w[i], 10); /* 7 x 10 + 6 = 76 */
    for (int i = 7; i < 10; i++) CHECK_INT(w[i], 0);
    for (int i = 0; i < 10; i++) many[i].grow = 1;
    ui_list_layout(many, 10, 80, w);
    CHECK_INT(w[0], 11);
    CHECK_INT(w[1], 11);
    CHECK_INT(w[2], 11);
    CHECK_INT(w[3], 11);
    CHECK_INT(w[4], 10);
    CHECK_INT(w[7], 0);
    CHECK_INT(sum_widths(w, 10), 80);
    /* a single column wider than everything is cut to the width */
    struct ui_column wide = {.title = "备注", .width = 100};
    ui_list_layout(&wide, 1, 80, w);
    CHECK_INT(w[0], 80);
}

TEST(widgets_list_keys_move_and_scroll)
{
    struct ui_list l = {.columns = roster_cols, .ncolumns = 5, .sel = -1, .page = 10};
    ui_list_set_count(&l, 50);
    CHECK_INT(l.sel, 0);
    CHECK(ui_list_key(&l, UK_DOWN));
    CHECK_INT(l.sel, 1);
    CHECK(ui_list_key(&l, 'j'));
    CHECK_INT(l.sel, 2);
    CHECK(ui_list_key(&l, 'k'));
    CHECK_INT(l.sel, 1);
    CHECK(ui_list_key(&l, UK_END));
    CHECK_INT(l.sel, 49);
    CHECK_INT(l.top, 40);
    CHECK(ui_list_key(&l, UK_PGUP));
    CHECK_INT(l.sel, 39);
    CHECK_INT(l.top, 39);
    CHECK(ui_list_key(&l, UK_PGDN));
    CHECK(ui_list_key(&l, UK_PGDN));
    CHECK_INT(l.sel, 49);
    CHECK(ui_list_key(&l, UK_HOME));
    CHECK_INT(l.sel, 0);
    CHECK_INT(l.top, 0);
    CHECK(ui_list_key(&l, UK_UP)); /* at the top: used, stays */
    CHECK_INT(l.sel, 0);
    CHECK(!ui_list_key(&l, UK_ENTER));
    CHECK(!ui_list_key(&l, 'x'));
    ui_list_select(&l, 30);
    CHECK_INT(l.sel, 30);
    ui_list_set_count(&l, 20); /* fewer rows now: selection kept in range */
    CHECK_INT(l.sel, 19);
    CHECK(l.top <= 19 && l.top >= 10);
    ui_list_set_count(&l, 0);
    CHECK_INT(l.sel, -1);
    CHECK_INT(l.top, 0);
    CHECK(ui_list_key(&l, UK_DOWN));
    CHECK_INT(l.sel, -1);
}

/* ---- form ---- */

static const char *const gender_choices[] = {"男", "女", "未说明"};

static void demo_items(struct ui_item *items)
{
    memset(items, 0, 6 * sizeof *items);
    items[0] = (struct ui_item){.label = "姓名", .type = UI_ITEM_TEXT, .required = true,
                                .max_chars = 20};
    items[1] = (struct ui_item){.label = "编号", .type = UI_ITEM_LABEL};
    items[2] = (struct ui_item){.label = "入党日期", .type = UI_ITEM_DATE, .max_chars = 10};
    items[3] = (struct ui_item){.label = "预备党员", .type = UI_ITEM_CHECK};
    items[4] = (struct ui_item){.label = "登记人", .type = UI_ITEM_LABEL};
    items[5] = (struct ui_item){.label = "性别", .type = UI_ITEM_CHOICE,
                                .choices = gender_choices, .nchoices = 3};
}

TEST(widgets_form_tab_skips_labels_and_wraps)
{
    struct ui_item items[6];
    demo_items(items);
    struct ui_form f;
    ui_form_init(&f, items, 6);
    CHECK_INT(f.active, 0);
    CHECK(ui_form_key(&f, UK_TAB));
    CHECK_INT(f.active, 2);
    CHECK(ui_form_key(&f, UK_TAB));
    CHECK_INT(f.active, 3);
    CHECK(ui_form_key(&f, UK_TAB));
    CHECK_INT(f.active, 5);
    CHECK(ui_form_key(&f, UK_TAB));
    CHECK_INT(f.active, 0);
    CHECK(ui_form_key(&f, UK_BTAB));
    CHECK_INT(f.active, 5);
    CHECK(ui_form_key(&f, UK_BTAB));
    CHECK_INT(f.active, 3);
    CHECK(ui_form_key(&f, UK_BTAB));
    CHECK_INT(f.active, 2);
    CHECK(ui_form_key(&f, UK_BTAB));
    CHECK_INT(f.active, 0);
    CHECK(ui_form_key(&f, UK_UP)); /* Up and Down do not wrap */
    CHECK_INT(f.active, 0);
    CHECK(ui_form_key(&f, UK_DOWN));
    CHECK_INT(f.active, 2);
    ui_form_focus(&f, 4); /* a label cannot take the focus */
    CHECK_INT(f.active, 2);
    ui_form_focus(&f, 5);
    CHECK(ui_form_key(&f, UK_DOWN));
    CHECK_INT(f.active, 5);
    CHECK(!ui_form_key(&f, UK_F(2)));
    CHECK(!ui_form_key(&f, UK_ESC));
    CHECK(!f.changed);
    ui_form_free(&f);
}

TEST(widgets_form_enter_in_text_moves_on)
{
    struct ui_item items[6];
    demo_items(items);
    struct ui_form f;
    ui_form_init(&f, items, 6);
    CHECK(ui_form_key(&f, 0x5F20)); /* 张 */
    CHECK(ui_form_key(&f, 0x4E09)); /* 三 */
    CHECK_STR(ui_form_text(&f, 0), "张三");
    CHECK(f.changed);
    CHECK(ui_form_key(&f, UK_ENTER));
    CHECK_INT(f.active, 2);
    ui_form_mark_saved(&f);
    CHECK(!f.changed);
    ui_form_set_text(&f, 1, "DY-0001"); /* loading values is not an edit */
    CHECK_STR(ui_form_text(&f, 1), "DY-0001");
    CHECK(!f.changed);
    ui_form_free(&f);
}

TEST(widgets_form_date_error_when_leaving_invalid_date)
{
    struct ui_item items[6];
    demo_items(items);
    struct ui_form f;
    ui_form_init(&f, items, 6);
    ui_form_focus(&f, 2);
    const char *typed = "2023-02-29";
    for (const char *p = typed; *p; p++) CHECK(ui_form_key(&f, *p));
    CHECK_STR(items[2].error, "");
    CHECK(ui_form_key(&f, UK_TAB));
    CHECK_INT(f.active, 3);
    CHECK_STR(items[2].error, "2023年2月没有29日"); /* the format is right: the day does not exist */
    /* Editing the date clears the message; a real date leaves none */
    ui_form_focus(&f, 2);
    CHECK_STR(items[2].error, "2023年2月没有29日");
    CHECK(ui_form_key(&f, UK_CTRL_U));
    CHECK_STR(items[2].error, "");
    for (const char *p = "2024-02-29"; *p; p++) ui_form_key(&f, *p);
    CHECK(ui_form_key(&f, UK_BTAB));
    CHECK_INT(f.active, 0);
    CHECK_STR(items[2].error, "");
    /* An empty date is not a format error (the screen decides whether it is required) */
    ui_form_set_text(&f, 2, "");
    ui_form_focus(&f, 2);
    ui_form_focus(&f, 0);
    CHECK_STR(items[2].error, "");
    ui_form_set_text(&f, 2, "2024/1/1");
    ui_form_focus(&f, 2);
    CHECK(ui_form_key(&f, UK_ENTER));
    CHECK_STR(items[2].error, "日期格式应为 YYYY-MM-DD（如 2026-03-05）");
    ui_form_set_error(&f, 2, NULL);
    CHECK_STR(items[2].error, "");
    ui_form_free(&f);
}

TEST(widgets_form_choice_and_check)
{
    struct ui_item items[6];
    demo_items(items);
    struct ui_form f;
    ui_form_init(&f, items, 6);
    CHECK_INT(ui_form_choice(&f, 5), -1);
    ui_form_focus(&f, 5);
    CHECK(ui_form_key(&f, UK_RIGHT));
    CHECK_INT(ui_form_choice(&f, 5), 0);
    CHECK(ui_form_key(&f, UK_LEFT));
    CHECK_INT(ui_form_choice(&f, 5), 2);
    CHECK(ui_form_key(&f, UK_RIGHT));
    CHECK_INT(ui_form_choice(&f, 5), 0);
    CHECK(f.changed);
    ui_form_set_choice(&f, 5, 7); /* out of range: none */
    CHECK_INT(ui_form_choice(&f, 5), -1);
    ui_form_focus(&f, 3);
    CHECK(!ui_form_checked(&f, 3));
    CHECK(ui_form_key(&f, UK_SPACE));
    CHECK(ui_form_checked(&f, 3));
    CHECK(ui_form_key(&f, UK_SPACE));
    CHECK(!ui_form_checked(&f, 3));
    ui_form_set_checked(&f, 3, true);
    CHECK(ui_form_checked(&f, 3));
    ui_form_free(&f);
}

TEST(widgets_form_multiline_up_down_leave_at_edges)
{
    struct ui_item items[3] = {
        {.label = "会议主题", .type = UI_ITEM_TEXT},
        {.label = "会议记录", .type = UI_ITEM_MULTILINE, .max_chars = 5000},
        {.label = "备注", .type = UI_ITEM_TEXT},
    };
    struct ui_form f;
    ui_form_init(&f, items, 3);
    ui_form_set_text(&f, 1, "第一行\n第二行");
    ui_form_focus(&f, 1);
    CHECK(ui_form_key(&f, UK_DOWN)); /* within the text */
    CHECK_INT(f.active, 1);
    CHECK_INT(items[1].editor.row, 1);
    CHECK(ui_form_key(&f, UK_DOWN)); /* from the last line: to the next item */
    CHECK_INT(f.active, 2);
    CHECK(ui_form_key(&f, UK_UP));
    CHECK_INT(f.active, 1);
    CHECK(ui_form_key(&f, UK_UP));
    CHECK_INT(f.active, 1);
    CHECK_INT(items[1].editor.row, 0);
    CHECK(ui_form_key(&f, UK_ENTER)); /* Enter splits inside the editor */
    CHECK_INT(f.active, 1);
    CHECK(f.changed);
    char *t = ui_form_multiline(&f, 1);
    CHECK_STR(t, "\n第一行\n第二行");
    free(t);
    CHECK(ui_form_key(&f, UK_UP));
    CHECK(ui_form_key(&f, UK_UP)); /* from the first line: to the previous item */
    CHECK_INT(f.active, 0);
    ui_form_free(&f);
}

/* ---- pastes and limits: nothing cut unseen ---- */

TEST(widgets_field_insert_takes_a_paste_at_the_cursor_within_the_limit)
{
    struct ui_field f;
    ui_field_init(&f, 6);
    ui_field_set(&f, "红旗");
    CHECK(ui_field_key(&f, UK_HOME));
    CHECK_INT(ui_field_insert(&f, "一二三四五六七", 100), 4); /* room for 4 of 7 */
    CHECK_STR(ui_field_text(&f), "一二三四红旗");
    CHECK_INT(f.cursor, 4);
    CHECK_INT(ui_field_insert(&f, "八", 100), 0); /* full: nothing */
    CHECK_STR(ui_field_text(&f), "一二三四红旗");
    ui_field_free(&f);
    ui_field_init(&f, 0);
    CHECK_INT(ui_field_insert(&f, "ab\x01" "c", 2), 2); /* at most max */
    CHECK_STR(ui_field_text(&f), "ab");
    CHECK_INT(ui_field_insert(&f, "\x01", 5), 1); /* a control is kept visible, as U+FFFD */
    CHECK_STR(ui_field_text(&f), "ab\xEF\xBF\xBD");
    ui_field_free(&f);
}

TEST(widgets_editor_insert_counts_the_whole_text)
{
    struct ui_editor e;
    ui_editor_init(&e, 10);
    ui_editor_set(&e, "一二\n三");             /* 3 characters and a line break: 4 */
    CHECK_INT(ui_editor_insert(&e, "四五六七八九十", 100), 6);
    CHECK_INT(ui_editor_chars(&e), 10);
    char *t = ui_editor_text(&e);
    CHECK_STR(t, "四五六七八九一二\n三"); /* at the cursor: the start */
    free(t);
    CHECK_INT(ui_editor_insert(&e, "x", 1), 0);
    ui_editor_free(&e);
}

/* A big paste is one edit: 100,000 characters into an editor of 20,000 take exactly 20,000. */
TEST(widgets_editor_insert_of_a_large_paste)
{
    size_t n = 100000;
    char *big = malloc(n * 3 + 1);
    for (size_t i = 0; i < n; i++) memcpy(big + 3 * i, "测", 3);
    big[n * 3] = '\0';
    struct ui_editor e;
    ui_editor_init(&e, 20000);
    CHECK_INT(ui_editor_insert(&e, big, n), 20000);
    CHECK_INT(ui_editor_chars(&e), 20000);
    CHECK_INT(e.cursor, 20000);
    ui_editor_free(&e);
    free(big);
}

TEST(widgets_form_typing_into_a_full_item_is_refused_with_a_note)
{
    struct ui_item items[3] = {
        {.label = "地点", .type = UI_ITEM_TEXT, .max_chars = 3},
        {.label = "会议内容", .type = UI_ITEM_MULTILINE, .max_chars = 2},
        {.label = "会议日期", .type = UI_ITEM_DATE, .max_chars = 10},
    };
    struct ui_form f;
    ui_form_init(&f, items, 3);
    char note[256];
    while (ui_note_take(note, sizeof note)) {}
    CHECK(ui_form_key(&f, 'a'));
    CHECK(ui_form_key(&f, 'b'));
    CHECK(ui_form_key(&f, 'c'));
    CHECK(!ui_note_take(note, sizeof note)); /* up to the limit: no message */
    CHECK(ui_form_key(&f, 'd'));
    CHECK_STR(ui_form_text(&f, 0), "abc");
    CHECK(ui_note_take(note, sizeof note));
    CHECK_STR(note, "地点最多 3 字，已满");
    /* a paste that fits goes in whole, in one step */
    CHECK(ui_form_key(&f, UK_TAB));
    ui_paste_set("甲乙", 2);
    CHECK(ui_form_key(&f, UK_PASTE));
    char *t = ui_form_multiline(&f, 1);
    CHECK_STR(t, "甲乙");
    free(t);
    CHECK(!ui_note_take(note, sizeof note));
    CHECK(ui_form_key(&f, 'x'));
    CHECK(ui_note_take(note, sizeof note));
    CHECK_STR(note, "会议内容最多 2 字，已满");
    /* into a full item a paste adds nothing, and says so without asking */
    ui_paste_set("丙丁", 2);
    CHECK(ui_form_key(&f, UK_PASTE));
    CHECK(ui_note_take(note, sizeof note));
    CHECK_STR(note, "会议内容最多 2 字，已满：粘贴的 2 字未加入");
    /* a date field: ten characters, the eleventh refused and said */
    CHECK(ui_form_key(&f, UK_TAB));
    CHECK_INT(f.active, 2);
    ui_paste_set("2026-11-20", 10);
    CHECK(ui_form_key(&f, UK_PASTE));
    CHECK(!ui_note_take(note, sizeof note));
    CHECK(ui_form_key(&f, '1'));
    CHECK_STR(ui_form_text(&f, 2), "2026-11-20");
    CHECK(ui_note_take(note, sizeof note));
    CHECK_STR(note, "会议日期最多 10 字，已满");
    ui_form_free(&f);
}

/* ---- text view (the message box and the import's result page share it) ---- */

#include "zhibu/text.h"
#include "../../src/ui/ui_internal.h"

TEST(widgets_wrap_keeps_each_line_with_its_paragraph)
{
    struct ui_wrapped w = {0};
    /* 20 columns: the first paragraph (24 wide characters) takes three lines */
    ui_wrap_text(&w, "第 2 行：党小组“村东头第一党小组”不存在\n共 1 行\n\n  ·  提醒", 20);
    CHECK(w.n >= 5);
    CHECK_INT(w.para[0], 0);
    CHECK_INT(w.para[1], 0);
    int i = 0;
    while (i < w.n && w.para[i] == 0) i++;
    CHECK_STR(w.lines[i], "共 1 行");
    CHECK_INT(w.para[i], 1);
    CHECK_STR(w.lines[i + 1], "");
    CHECK_INT(w.para[i + 1], 2);
    CHECK_INT(w.para[w.n - 1], 3);
    for (int k = 0; k < w.n; k++) CHECK(text_width(w.lines[k]) <= 20);
    ui_wrapped_free(&w);
}

TEST(widgets_scroll_keys_move_and_clamp_at_the_top)
{
    int top = 0;
    CHECK(ui_scroll_key(&top, 10, 35, UK_DOWN));
    CHECK_INT(top, 1);
    CHECK(ui_scroll_key(&top, 10, 35, UK_PGDN));
    CHECK_INT(top, 10); /* a page less one line: the last line stays in sight */
    CHECK(ui_scroll_key(&top, 10, 35, UK_END));
    CHECK_INT(top, 35); /* clamped by the draw to nlines - page */
    CHECK(ui_scroll_key(&top, 10, 35, UK_HOME));
    CHECK_INT(top, 0);
    CHECK(ui_scroll_key(&top, 10, 35, UK_UP));
    CHECK_INT(top, 0);
    CHECK(ui_scroll_key(&top, 1, 35, UK_PGDN));
    CHECK_INT(top, 1); /* a one-line page still moves */
    CHECK(!ui_scroll_key(&top, 10, 35, UK_ENTER));
    CHECK(!ui_scroll_key(&top, 10, 35, 'j'));
}
