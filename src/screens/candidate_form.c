/* candidate_form.c — 入党申请人: a new applicant (the personal facts and the date of the
 * written application, store_candidate_add) or the facts of one already in the pipeline
 * (store_candidate_update; the application date is then a step of its own, shown here only).
 * The store checks (birth before the application, age, codes) and says what is wrong. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/model.h"
#include "zhibu/rules.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_pipeline.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

enum { A_SAVE = 1 };

static const struct ui_action form_actions[] = {
    {.id = A_SAVE, .key = UK_F(2), .key2 = UK_CTRL_S, .label = "保存", .help = "检查并保存；不合要求时状态行说明原因", .perm = STORE_PERM_EDIT},
    {0},
};

enum item { I_NAME, I_GENDER, I_BIRTH, I_ETHNICITY, I_EDUCATION, I_CATEGORY, I_PHONE, I_APPLIED, I_NOTE, I_COUNT };

/* The application's date is not a field of the person (it is the first step): held here. */
struct applied_text {
    char v[11];
};

static const struct ui_form_field FIELDS[] = {
    {.item = I_NAME, .label = "姓名", .type = UI_ITEM_TEXT, .required = true, .max_chars = NAME_MAX_CHARS,
     UI_BIND_TEXT_OF(struct candidate, name)},
    {.item = I_GENDER, .label = "性别", .type = UI_ITEM_CHOICE, .required = true},
    {.item = I_BIRTH, .label = "出生日期", .type = UI_ITEM_DATE, .required = true, .max_chars = 10,
     .hint = "YYYY-MM-DD", UI_BIND_TEXT_OF(struct candidate, birth_date), .raw = true},
    {.item = I_ETHNICITY, .label = "民族", .type = UI_ITEM_TEXT, .max_chars = 10, .hint = "如 汉族",
     UI_BIND_TEXT_OF(struct candidate, ethnicity)},
    {.item = I_EDUCATION, .label = "学历", .type = UI_ITEM_CHOICE},
    {.item = I_CATEGORY, .label = "人员类别", .type = UI_ITEM_CHOICE},
    {.item = I_PHONE, .label = "电话", .type = UI_ITEM_TEXT, .max_chars = 15, .hint = "7–15 位数字",
     UI_BIND_TEXT_OF(struct candidate, phone)},
    {.item = I_APPLIED, .label = "递交申请书日期", .type = UI_ITEM_DATE, .required = true, .max_chars = 10,
     .hint = "YYYY-MM-DD"},
    {.item = I_NOTE, .label = "备注", .type = UI_ITEM_TEXT, .max_chars = 100,
     UI_BIND_TEXT_OF(struct candidate, note)},
};

struct candidate_form {
    struct ui_form form;
    struct ui_item items[I_COUNT];
    struct candidate c;        /* as read (or a blank new one) */
    bool is_new;
    int64_t *saved_id;
    char applied[11];
    const char *genders[4], *educations[16], *categories[16];
    struct form_snapshot base;
};

/* Labels of a code table (the "" entry as its label, e.g. 未填) and the code at an index. */
static int labels_of(const struct code_label *t, const char **out, int max)
{
    int n = 0;
    for (; t->code && n < max; t++) out[n++] = t->label;
    return n;
}

static const char *code_at(const struct code_label *t, int i)
{
    return i >= 0 && i < code_count(t) ? t[i].code : "";
}

static void fill_form(struct candidate_form *f)
{
    struct ui_form *form = &f->form;
    ui_form_fill(form, FIELDS, I_COUNT, &f->c);
    ui_form_set_choice(form, I_GENDER, code_index(GENDERS, f->c.gender));
    int e = code_index(EDUCATIONS, f->c.education);
    ui_form_set_choice(form, I_EDUCATION, e >= 0 ? e + 1 : 0); /* 0: 未填 */
    ui_form_set_choice(form, I_CATEGORY, code_index(MEMBER_CATEGORIES, f->c.category));
    ui_form_set_text(form, I_APPLIED, f->applied);
    ui_form_mark_saved(form);
}

/* The date of the application (the apply step) of an existing person. */
static void read_applied(struct app *app, struct candidate_form *f)
{
    struct store_candidate_step_list l = {0};
    if (store_candidate_steps(app->store, f->c.id, &l) != STORE_OK) return;
    for (int i = 0; i < l.n; i++)
        if (!l.v[i].voided && strcmp(l.v[i].kind, "apply") == 0) zb_strlcpy(f->applied, l.v[i].date, sizeof f->applied);
    store_candidate_step_list_free(&l);
}

static int form_open(struct screen *s, void *arg)
{
    struct candidate_form *f = s->state;
    struct app *app = s->app;
    const struct candidate_form_arg *a = arg;
    f->saved_id = a ? a->saved_id : NULL;
    if (a && a->id) {
        if (store_candidate_get(app->store, a->id, &f->c) != STORE_OK) {
            screens_store_error(app, "找不到该人员");
            return -1;
        }
        read_applied(app, f);
    } else {
        f->is_new = true;
        f->c.branch_id = app->branch_id;
        zb_strlcpy(f->c.gender, "M", sizeof f->c.gender);
        zb_strlcpy(f->c.ethnicity, "汉族", sizeof f->c.ethnicity);
        zb_strlcpy(f->applied, app->today, sizeof f->applied);
    }
    struct ui_item *it = f->items;
    ui_form_setup(it, FIELDS, I_COUNT);
    it[I_GENDER].choices = f->genders, it[I_GENDER].nchoices = labels_of(GENDERS, f->genders, 4);
    f->educations[0] = "未填";
    it[I_EDUCATION].choices = f->educations, it[I_EDUCATION].nchoices = 1 + labels_of(EDUCATIONS, f->educations + 1, 15);
    it[I_CATEGORY].choices = f->categories, it[I_CATEGORY].nchoices = labels_of(MEMBER_CATEGORIES, f->categories, 16);
    if (!f->is_new) { /* a step of its own: recorded (or voided) on the person's page */
        it[I_APPLIED].type = UI_ITEM_LABEL;
        it[I_APPLIED].required = false;
    }
    ui_form_init(&f->form, f->items, I_COUNT);
    fill_form(f);
    ui_form_focus(&f->form, I_NAME);
    screens_form_snapshot(&f->base, &f->form);
    return 0;
}

static void form_close(struct screen *s)
{
    struct candidate_form *f = s->state;
    ui_form_free(&f->form);
    screens_form_snapshot_free(&f->base);
}

static bool form_dirty(struct screen *s)
{
    struct candidate_form *f = s->state;
    return f->form.changed;
}

static void form_draw(struct screen *s, struct ui_rect body)
{
    struct candidate_form *f = s->state;
    ui_put(body.row, body.col + 1, body.cols - 1,
           f->is_new ? "登记入党申请人（带 * 的为必填项；F2 保存，Esc 返回）" : "修改基本情况（F2 保存，Esc 返回）",
           UA_HEADER);
    ui_form_draw(&f->form, (struct ui_rect){body.row + 1, body.col + 1, body.rows - 1, body.cols - 2});
}

static int reload_saved(struct screen *s)
{
    struct candidate_form *f = s->state;
    struct app *app = s->app;
    if (!screens_conflict_ask(app)) return SR_REDRAW;
    struct candidate saved;
    if (store_candidate_get(app->store, f->c.id, &saved) != STORE_OK) {
        screens_store_error(app, "无法重新读取该人员");
        return SR_REDRAW;
    }
    struct form_snapshot mine;
    screens_form_snapshot(&mine, &f->form);
    f->c = saved;
    fill_form(f);
    screens_form_merge(app, &f->form, &f->base, &mine);
    screens_form_snapshot_free(&mine);
    return SR_REDRAW;
}

static int do_save(struct screen *s)
{
    struct candidate_form *f = s->state;
    struct app *app = s->app;
    if (!f->is_new && screens_form_same(&f->form, &f->base)) {
        app_status(app, "未作修改，无需保存");
        return SR_BACK;
    }
    struct candidate c = f->c;
    int too_long = ui_form_read(&f->form, FIELDS, I_COUNT, &c);
    const char *applied = ui_form_text(&f->form, I_APPLIED);
    if (too_long < 0 && f->is_new && strlen(applied) > 10) too_long = I_APPLIED;
    if (too_long >= 0) { /* said, never cut */
        ui_form_focus(&f->form, too_long);
        app_error(app, "未保存：%s内容过长，请删减", f->items[too_long].label);
        return SR_REDRAW;
    }
    zb_strlcpy(c.gender, code_at(GENDERS, ui_form_choice(&f->form, I_GENDER)), sizeof c.gender);
    int e = ui_form_choice(&f->form, I_EDUCATION);
    zb_strlcpy(c.education, e > 0 ? code_at(EDUCATIONS, e - 1) : "", sizeof c.education);
    zb_strlcpy(c.category, code_at(MEMBER_CATEGORIES, ui_form_choice(&f->form, I_CATEGORY)), sizeof c.category);
    int rc = f->is_new ? store_candidate_add(app->store, &c, applied, &app->rules->audit.people,
                                             app->rules->min_join_age)
                       : store_candidate_update(app->store, &c);
    if (rc == STORE_ERR_CHANGED) return reload_saved(s);
    if (rc != STORE_OK) {
        screens_store_error(app, "未保存");
        return SR_REDRAW;
    }
    if (f->saved_id) *f->saved_id = c.id;
    if (f->is_new) app_status(app, "已登记入党申请人：%s（%s 递交申请书）", c.name, applied);
    else app_status(app, "已保存：%s", c.name);
    return SR_BACK;
}

static int form_handle(struct screen *s, int key, const struct ui_action *act)
{
    struct candidate_form *f = s->state;
    if (act && act->id == A_SAVE) return do_save(s);
    return ui_form_key(&f->form, key) ? SR_REDRAW : SR_NONE;
}

const struct screen_ops candidate_form_screen = {
    .name = "candidate_form",
    .title = "入党申请人",
    .manual = "发展党员",
    .help_intro = "登记入党申请人的基本情况和递交入党申请书的日期（不得早于出生日期，也不得晚于今天；"
                  "申请人须年满十八岁）。以后的每一步在其页面按 F2 记录。",
    .state_size = sizeof(struct candidate_form),
    .actions = form_actions,
    .back = "返回（有未保存的修改时先询问）",
    .open = form_open,
    .draw = form_draw,
    .handle = form_handle,
    .close = form_close,
    .dirty = form_dirty,
};
