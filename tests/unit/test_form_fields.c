/* Unit tests of the form's fields declared once (widgets.h: ui_form_setup, ui_form_fill,
 * ui_form_read): each binding round-trips, a text longer than its member is reported and
 * never cut, unbound items are left to the screen. */
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "zhibu/widgets.h"

struct rec {
    char name[16];
    char date[11];
    char code[6];
    char *notes;
    bool flag;
    int untouched;
};

enum { F_NAME, F_DATE, F_CODE, F_NOTES, F_FLAG, F_SHOWN, F_COUNT };

static const struct ui_form_field FIELDS[] = {
    {.item = F_NAME, .label = "姓名", .type = UI_ITEM_TEXT, .required = true, .max_chars = 15, UI_BIND_TEXT_OF(struct rec, name), .tag = 7},
    {.item = F_DATE, .label = "日期", .type = UI_ITEM_DATE, .max_chars = 10, .hint = "YYYY-MM-DD", UI_BIND_TEXT_OF(struct rec, date)},
    {.item = F_CODE, .label = "代码", .type = UI_ITEM_TEXT, .max_chars = 10, UI_BIND_TEXT_OF(struct rec, code), .raw = true},
    {.item = F_NOTES, .label = "备注", .type = UI_ITEM_MULTILINE, .height = 3, .max_chars = 300, UI_BIND_HEAP_OF(struct rec, notes), .tag = 9},
    {.item = F_FLAG, .label = "流动", .type = UI_ITEM_CHECK, UI_BIND_BOOL_OF(struct rec, flag)},
    {.item = F_SHOWN, .label = "状态", .type = UI_ITEM_LABEL},
};

static void open_form(struct ui_form *f, struct ui_item *items)
{
    memset(items, 0, F_COUNT * sizeof *items);
    ui_form_setup(items, FIELDS, F_COUNT);
    ui_form_init(f, items, F_COUNT);
}

TEST(form_fields_setup_declares_each_item)
{
    struct ui_item items[F_COUNT];
    struct ui_form f;
    open_form(&f, items);
    CHECK_STR(items[F_NAME].label, "姓名");
    CHECK(items[F_NAME].required);
    CHECK_INT(items[F_NAME].max_chars, 15);
    CHECK_INT(items[F_DATE].type, UI_ITEM_DATE);
    CHECK_STR(items[F_DATE].hint, "YYYY-MM-DD");
    CHECK_INT(items[F_NOTES].type, UI_ITEM_MULTILINE);
    CHECK_INT(items[F_NOTES].height, 3);
    CHECK_INT(items[F_FLAG].type, UI_ITEM_CHECK);
    CHECK_INT(items[F_SHOWN].type, UI_ITEM_LABEL);
    CHECK(!items[F_SHOWN].required);
    CHECK_INT(ui_form_tagged(FIELDS, F_COUNT, 9, F_NAME), F_NOTES);
    CHECK_INT(ui_form_tagged(FIELDS, F_COUNT, 7, F_DATE), F_NAME);
    CHECK_INT(ui_form_tagged(FIELDS, F_COUNT, 3, F_DATE), F_DATE); /* no such tag: the fallback */
    CHECK_INT(ui_form_tagged(FIELDS, F_COUNT, 0, F_FLAG), F_FLAG); /* 0 is no tag */
    ui_form_free(&f);
}

TEST(form_fields_each_binding_round_trips)
{
    struct ui_item items[F_COUNT];
    struct ui_form f;
    open_form(&f, items);
    struct rec a = {.name = "王建国", .date = "2026-03-01", .code = "ab", .notes = strdup("第一行\n第二行"),
                    .flag = true, .untouched = 5};
    ui_form_fill(&f, FIELDS, F_COUNT, &a);
    CHECK_STR(ui_form_text(&f, F_NAME), "王建国");
    CHECK_STR(ui_form_text(&f, F_DATE), "2026-03-01");
    char *notes = ui_form_multiline(&f, F_NOTES);
    CHECK_STR(notes, "第一行\n第二行");
    free(notes);
    CHECK(ui_form_checked(&f, F_FLAG));
    CHECK_STR(ui_form_text(&f, F_SHOWN), ""); /* unbound: the screen's */
    CHECK(!f.changed);                        /* filling is not an edit */

    struct rec b = {.untouched = 9};
    CHECK_INT(ui_form_read(&f, FIELDS, F_COUNT, &b), -1);
    CHECK_STR(b.name, a.name);
    CHECK_STR(b.date, a.date);
    CHECK_STR(b.code, a.code);
    CHECK_STR(b.notes, a.notes);
    CHECK(b.flag);
    CHECK_INT(b.untouched, 9);

    /* a NULL heap text is shown empty; read back it is "" (heap), the old one freed */
    free(a.notes);
    a.notes = NULL;
    a.flag = false;
    ui_form_fill(&f, FIELDS, F_COUNT, &a);
    CHECK_INT(ui_form_read(&f, FIELDS, F_COUNT, &b), -1);
    CHECK_STR(b.notes, "");
    CHECK(!b.flag);
    free(b.notes);
    ui_form_free(&f);
}

TEST(form_fields_text_is_trimmed_unless_raw)
{
    struct ui_item items[F_COUNT];
    struct ui_form f;
    open_form(&f, items);
    ui_form_set_text(&f, F_NAME, "  李红 ");
    ui_form_set_text(&f, F_DATE, " 2026-3-1 "); /* what the item holds: ten characters */
    ui_form_set_text(&f, F_CODE, " x ");
    struct rec r = {0};
    CHECK_INT(ui_form_read(&f, FIELDS, F_COUNT, &r), -1);
    CHECK_STR(r.name, "李红");
    CHECK_STR(r.date, "2026-3-1");
    CHECK_STR(r.code, " x ");
    free(r.notes);
    ui_form_free(&f);
}

TEST(form_fields_text_longer_than_member_is_reported_not_cut)
{
    struct ui_item items[F_COUNT];
    struct ui_form f;
    open_form(&f, items);
    struct rec r = {.name = "旧名", .date = "2026-01-01", .code = "old"};
    ui_form_set_text(&f, F_NAME, "新名");
    ui_form_set_text(&f, F_DATE, "２０２６年３月１日"); /* ten characters, 27 bytes */
    ui_form_set_text(&f, F_CODE, "abcdef");             /* six bytes into char[6] */
    CHECK_STR(ui_form_text(&f, F_CODE), "abcdef");
    CHECK_INT(ui_form_read(&f, FIELDS, F_COUNT, &r), F_DATE); /* the first that does not fit */
    CHECK_STR(r.date, "2026-01-01");                        /* left as it was, not cut */
    CHECK_STR(r.code, "old");
    CHECK_STR(r.name, "新名");                              /* the others are read */
    ui_form_set_text(&f, F_DATE, "2026-03-01");
    CHECK_INT(ui_form_read(&f, FIELDS, F_COUNT, &r), F_CODE);
    CHECK_STR(r.date, "2026-03-01");
    CHECK_STR(r.code, "old");
    ui_form_set_text(&f, F_CODE, "abcde"); /* exactly what fits */
    CHECK_INT(ui_form_read(&f, FIELDS, F_COUNT, &r), -1);
    CHECK_STR(r.code, "abcde");
    free(r.notes);
    ui_form_free(&f);
}
