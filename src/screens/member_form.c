/* member_form.c — 党员信息: add or edit one member in a form. The rules are checked by
 * validate_member() (core); the first problem is shown beside its field and on the status
 * line, and nothing is saved until the record is valid. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/model.h"
#include "zhibu/rules.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_lifecycle.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/validate.h"
#include "zhibu/widgets.h"

#include "audit_refs.h"

enum { A_SAVE = 1 };

static const struct ui_action form_actions[] = {
    {.id = A_SAVE, .key = UK_F(2), .key2 = UK_CTRL_S, .label = "保存", .help = "检查并保存；有错误时光标停在出错的一项", .perm = STORE_PERM_EDIT},
    {0},
};

enum item {
    I_NAME, I_GENDER, I_BIRTH, I_ETHNICITY, I_EDUCATION, I_PHONE, I_JOIN, I_STATUS, I_FULL,
    I_DUES, I_OFFICE, I_GROUP, I_MOBILE, I_CATEGORY, I_NOTE, I_LEFT, I_COUNT
};

struct member_form {
    struct ui_form form;
    struct ui_item items[I_COUNT];
    struct member m;           /* the record as loaded (or a blank new one) */
    bool is_new;
    int64_t *saved_id;
    bool transfer_in;
    struct transfer transfer;  /* for a member transferred in */
    /* choice labels */
    const char *genders[4], *educations[16], *statuses[4], *dues[8], *offices[8], *categories[16];
    const char **group_names;  /* [0] "（不分小组）", then every group of the branch (heap) */
    int64_t *group_ids;
    struct group *groups;
    struct screens_branch_ctx branch; /* a member of another branch: read in its branch */
    int ngroups;
    char left_text[TEXT_LONG + 64];
    struct form_snapshot base;  /* the items as read (a save refused as changed elsewhere) */
};

/* The labels of a code table into out[] (codes in the same order); returns the count.
 * skip_empty leaves out the "" code. */
static int labels_of(const struct code_label *t, const char **out, int max, bool skip_empty)
{
    int n = 0;
    for (; t->code && n < max; t++)
        if (!(skip_empty && !t->code[0])) out[n++] = t->label;
    return n;
}

/* The code at choice index i in table t (as labels_of listed it). */
static const char *code_at(const struct code_label *t, int i, bool skip_empty)
{
    int n = 0;
    for (; t->code; t++) {
        if (skip_empty && !t->code[0]) continue;
        if (n++ == i) return t->code;
    }
    return "";
}

static int index_of(const struct code_label *t, const char *code, bool skip_empty)
{
    int n = 0;
    for (; t->code; t++) {
        if (skip_empty && !t->code[0]) continue;
        if (strcmp(t->code, code) == 0) return n;
        n++;
    }
    return -1;
}

/* Every item once: its label, type and limits, the member field it holds (text, dates and the
 * mobile mark are filled and read by the form widget; the choices and the note by fill_form and
 * read_form) and the check's field it answers for (validate_member's MF_*). */
static const struct ui_form_field FIELDS[] = {
    {.item = I_NAME, .label = "姓名", .type = UI_ITEM_TEXT, .required = true, .max_chars = NAME_MAX_CHARS,
     UI_BIND_TEXT_OF(struct member, name), .tag = MF_NAME},
    {.item = I_GENDER, .label = "性别", .type = UI_ITEM_CHOICE, .required = true, .tag = MF_GENDER},
    {.item = I_BIRTH, .label = "出生日期", .type = UI_ITEM_DATE, .max_chars = 10, .hint = "YYYY-MM-DD",
     UI_BIND_TEXT_OF(struct member, birth_date), .raw = true, .tag = MF_BIRTH},
    {.item = I_ETHNICITY, .label = "民族", .type = UI_ITEM_TEXT, .max_chars = 10, .hint = "如 汉族",
     UI_BIND_TEXT_OF(struct member, ethnicity), .tag = MF_ETHNICITY},
    {.item = I_EDUCATION, .label = "学历", .type = UI_ITEM_CHOICE, .tag = MF_EDUCATION},
    {.item = I_PHONE, .label = "电话", .type = UI_ITEM_TEXT, .max_chars = 15, .hint = "7–15 位数字",
     UI_BIND_TEXT_OF(struct member, phone), .tag = MF_PHONE},
    {.item = I_JOIN, .label = "入党日期", .type = UI_ITEM_DATE, .required = true, .max_chars = 10,
     .hint = "YYYY-MM-DD", UI_BIND_TEXT_OF(struct member, join_date), .raw = true, .tag = MF_JOIN},
    {.item = I_STATUS, .label = "党籍状态", .type = UI_ITEM_CHOICE, .required = true, .tag = MF_STATUS},
    {.item = I_FULL, .label = "转正日期", .type = UI_ITEM_DATE, .max_chars = 10, .hint = "正式党员必填",
     UI_BIND_TEXT_OF(struct member, full_date), .raw = true, .tag = MF_FULL},
    {.item = I_DUES, .label = "党费类别", .type = UI_ITEM_CHOICE, .required = true, .tag = MF_DUES},
    {.item = I_OFFICE, .label = "支委职务", .type = UI_ITEM_CHOICE, .tag = MF_OFFICE},
    {.item = I_GROUP, .label = "党小组", .type = UI_ITEM_CHOICE, .tag = MF_GROUP},
    {.item = I_MOBILE, .label = "流动党员", .type = UI_ITEM_CHECK, UI_BIND_BOOL_OF(struct member, mobile)},
    /* 人员类别 (issue 19) after the items scripts already Tab through */
    {.item = I_CATEGORY, .label = "人员类别", .type = UI_ITEM_CHOICE, .tag = MF_CATEGORY},
    {.item = I_NOTE, .label = "备注", .type = UI_ITEM_MULTILINE, .max_chars = 300, .height = 3, .tag = MF_NOTE},
    {.item = I_LEFT, .label = "名册状态", .type = UI_ITEM_LABEL, .tag = MF_LEAVE_STATUS},
};

/* The item a check's field is shown at: the leaving fields all stand in 名册状态. */
static int item_of_field(enum member_field field)
{
    if (field == MF_LEAVE_DATE || field == MF_LEAVE_REASON) return I_LEFT;
    return ui_form_tagged(FIELDS, I_COUNT, (int)field, I_NAME);
}

static void setup_items(struct member_form *f)
{
    int ng = labels_of(GENDERS, f->genders, 4, false);
    int ne = labels_of(EDUCATIONS, f->educations, 16, false);
    int ns = labels_of(MEMBER_STATUSES, f->statuses, 4, false);
    int nd = labels_of(DUES_CATEGORIES, f->dues, 8, false);
    int no = labels_of(OFFICES, f->offices, 8, false);
    int nc = labels_of(MEMBER_CATEGORIES, f->categories, 16, false);
    f->group_names[0] = "（不分小组）";
    f->group_ids[0] = 0;
    for (int i = 0; i < f->ngroups; i++) {
        f->group_names[i + 1] = f->groups[i].name;
        f->group_ids[i + 1] = f->groups[i].id;
    }
    struct ui_item *it = f->items;
    ui_form_setup(it, FIELDS, I_COUNT);
    it[I_GENDER].choices = f->genders, it[I_GENDER].nchoices = ng;
    it[I_EDUCATION].choices = f->educations, it[I_EDUCATION].nchoices = ne;
    it[I_STATUS].choices = f->statuses, it[I_STATUS].nchoices = ns;
    it[I_DUES].choices = f->dues, it[I_DUES].nchoices = nd;
    it[I_OFFICE].choices = f->offices, it[I_OFFICE].nchoices = no;
    it[I_CATEGORY].choices = f->categories, it[I_CATEGORY].nchoices = nc;
    it[I_GROUP].choices = f->group_names, it[I_GROUP].nchoices = f->ngroups + 1;
}

static void fill_form(struct member_form *f)
{
    struct ui_form *form = &f->form;
    const struct member *m = &f->m;
    ui_form_fill(form, FIELDS, I_COUNT, m);
    ui_form_set_choice(form, I_GENDER, index_of(GENDERS, m->gender, false));
    ui_form_set_choice(form, I_EDUCATION, index_of(EDUCATIONS, m->education, false));
    ui_form_set_choice(form, I_STATUS, index_of(MEMBER_STATUSES, m->status, false));
    ui_form_set_choice(form, I_DUES, index_of(DUES_CATEGORIES, m->dues_category, false));
    ui_form_set_choice(form, I_OFFICE, index_of(OFFICES, m->office, false));
    ui_form_set_choice(form, I_CATEGORY, index_of(MEMBER_CATEGORIES, m->category, false));
    int g = 0;
    for (int i = 0; i <= f->ngroups; i++)
        if (f->group_ids[i] == m->group_id) g = i;
    ui_form_set_choice(form, I_GROUP, g);
    struct ui_item *note = &f->items[I_NOTE];
    ui_editor_set(&note->editor, m->note);
    if (m->leave_status[0])
        snprintf(f->left_text, sizeof f->left_text, "已离开名册：%s %s，%s",
                 code_label_of(LEAVE_STATUSES, m->leave_status), m->leave_date, m->leave_reason);
    else
        snprintf(f->left_text, sizeof f->left_text, "%s", f->is_new ? "新党员（保存后列入名册）" : "在册");
    ui_form_set_text(form, I_LEFT, f->left_text);
    ui_form_mark_saved(form);
}

static int form_open(struct screen *s, void *arg)
{
    struct member_form *f = s->state;
    struct app *app = s->app;
    const struct member_form_arg *a = arg;
    f->saved_id = a ? a->saved_id : NULL;
    if (a && a->transfer_in) {
        f->transfer_in = true;
        f->transfer = *a->transfer_in;
    }
    if (a && a->id) {
        if (store_member_get(app->store, a->id, &f->m) != STORE_OK) {
            screens_store_error(app, "找不到该党员");
            return -1;
        }
        /* a member of another branch is read in that branch: its groups, its name on top */
        screens_branch_enter(app, f->m.branch_id, &f->branch);
    } else {
        f->is_new = true;
        f->m.branch_id = app->branch_id;
        zb_strlcpy(f->m.gender, "M", sizeof f->m.gender);
        zb_strlcpy(f->m.status, "full", sizeof f->m.status);
        zb_strlcpy(f->m.dues_category, "farmer", sizeof f->m.dues_category);
        zb_strlcpy(f->m.ethnicity, "汉族", sizeof f->m.ethnicity);
    }
    f->groups = screens_groups(app, &f->ngroups);
    f->group_names = xcalloc((size_t)f->ngroups + 1, sizeof *f->group_names);
    f->group_ids = xcalloc((size_t)f->ngroups + 1, sizeof *f->group_ids);
    setup_items(f);
    ui_form_init(&f->form, f->items, I_COUNT);
    fill_form(f);
    ui_form_focus(&f->form, I_NAME);
    screens_form_snapshot(&f->base, &f->form);
    return 0;
}

static void form_close(struct screen *s)
{
    struct member_form *f = s->state;
    ui_form_free(&f->form);
    free(f->groups);
    free(f->group_names);
    free(f->group_ids);
    screens_form_snapshot_free(&f->base);
    screens_branch_leave(s->app, &f->branch);
}

/* The save was refused: the member was changed in another session since the form read it.
 * Asked, the saved record is loaded, keeping what the person changed and the other did not. */
static int reload_saved(struct screen *s)
{
    struct member_form *f = s->state;
    struct app *app = s->app;
    if (!screens_conflict_ask(app)) return SR_REDRAW;
    struct member saved;
    if (store_member_get(app->store, f->m.id, &saved) != STORE_OK) {
        screens_store_error(app, "无法重新读取该党员");
        return SR_REDRAW;
    }
    struct form_snapshot mine;
    screens_form_snapshot(&mine, &f->form);
    f->m = saved;
    fill_form(f);
    screens_form_merge(app, &f->form, &f->base, &mine);
    screens_form_snapshot_free(&mine);
    return SR_REDRAW;
}

static bool form_dirty(struct screen *s)
{
    struct member_form *f = s->state;
    return f->form.changed;
}

static void form_draw(struct screen *s, struct ui_rect body)
{
    struct member_form *f = s->state;
    char head[300];
    if (f->transfer_in)
        snprintf(head, sizeof head, "转入党员：自 %s 转入（带 * 的为必填项；F2 保存）", f->transfer.place);
    else if (f->is_new)
        snprintf(head, sizeof head, "新增党员（带 * 的为必填项；F2 保存，Esc 返回）");
    else
        snprintf(head, sizeof head, "修改党员信息：%s（录入于 %.10s，录入人 %s）", f->m.name,
                 f->m.created_at, f->m.created_by);
    ui_put(body.row, body.col + 1, body.cols - 1, head, UA_HEADER);
    struct ui_rect fr = {body.row + 1, body.col + 1, body.rows - 1, body.cols - 2};
    ui_form_draw(&f->form, fr);
}

/* The form's values into m (on top of the loaded record, so leave fields stay). Returns -1, or
 * the first text item too long for its field (nothing cut: the screen refuses it). */
static int read_form(struct member_form *f, struct member *m)
{
    struct ui_form *form = &f->form;
    *m = f->m;
    int too_long = ui_form_read(form, FIELDS, I_COUNT, m);
    int c = ui_form_choice(form, I_GENDER);
    zb_strlcpy(m->gender, c >= 0 ? code_at(GENDERS, c, false) : "", sizeof m->gender);
    c = ui_form_choice(form, I_EDUCATION);
    zb_strlcpy(m->education, c >= 0 ? code_at(EDUCATIONS, c, false) : "", sizeof m->education);
    c = ui_form_choice(form, I_STATUS);
    zb_strlcpy(m->status, c >= 0 ? code_at(MEMBER_STATUSES, c, false) : "", sizeof m->status);
    c = ui_form_choice(form, I_DUES);
    zb_strlcpy(m->dues_category, c >= 0 ? code_at(DUES_CATEGORIES, c, false) : "", sizeof m->dues_category);
    c = ui_form_choice(form, I_OFFICE);
    zb_strlcpy(m->office, c >= 0 ? code_at(OFFICES, c, false) : "", sizeof m->office);
    c = ui_form_choice(form, I_CATEGORY);
    zb_strlcpy(m->category, c >= 0 ? code_at(MEMBER_CATEGORIES, c, false) : "", sizeof m->category);
    c = ui_form_choice(form, I_GROUP);
    m->group_id = (c > 0 && c <= f->ngroups) ? f->group_ids[c] : 0;
    char *note = ui_form_multiline(form, I_NOTE);
    zb_strlcpy(m->note, note ? note : "", sizeof m->note);
    free(note);
    return too_long;
}

/* Date fields typed longer than the struct holds must not pass as shorter valid dates. */
static bool date_text_fits(const struct ui_form *form, int item)
{
    return strlen(ui_form_text(form, item)) < 11;
}

static int do_save(struct screen *s)
{
    struct member_form *f = s->state;
    struct app *app = s->app;
    const struct rules *rules = app->rules;
    /* nothing changed: nothing written (no empty 修改 line in the history) */
    if (!f->is_new && screens_form_same(&f->form, &f->base)) {
        app_status(app, "未作修改，无需保存");
        return SR_BACK;
    }
    for (int i = 0; i < I_COUNT; i++) ui_form_set_error(&f->form, i, NULL);
    struct member m;
    int too_long = read_form(f, &m);
    struct valid_result vr = {V_OK, MF_NONE};
    const char *msg = NULL;
    char msgbuf[ZB_MSG_MAX];
    if (too_long >= 0 && too_long != I_BIRTH && too_long != I_JOIN && too_long != I_FULL) {
        /* a text the ledger's field cannot hold (wide characters count by bytes): said, not cut */
        ui_form_set_error(&f->form, too_long, "内容过长");
        ui_form_focus(&f->form, too_long);
        app_error(app, "未保存：%s内容过长，请删减", f->items[too_long].label);
        return SR_REDRAW;
    }
    static const int dates[] = {I_BIRTH, I_JOIN, I_FULL};
    static const enum member_field date_fields[] = {MF_BIRTH, MF_JOIN, MF_FULL};
    for (int i = 0; i < 3; i++)
        if (!date_text_fits(&f->form, dates[i])) {
            vr = (struct valid_result){V_DATE_FORMAT, date_fields[i]};
            msg = validate_date_message(ui_form_text(&f->form, dates[i]), V_DATE_FORMAT, msgbuf, sizeof msgbuf);
        }
    if (vr.code == V_OK) {
        vr = validate_member(&m, clock_today(), rules->min_join_age, rules->probation.months);
        msg = validate_member_message(&m, vr, rules->min_join_age, rules->probation.months, msgbuf, sizeof msgbuf);
    }
    if (vr.code != V_OK) {
        int item = item_of_field(vr.field);
        ui_form_set_error(&f->form, item, msg);
        ui_form_focus(&f->form, item);
        app_error(app, "未保存：%s — %s", validate_field_label(vr.field), msg);
        return SR_REDRAW;
    }
    int rc = !f->is_new ? store_member_update(app->store, &m)
             : f->transfer_in ? store_transfer_in(app->store, &m, &f->transfer)
                              : store_member_add(app->store, &m);
    if (rc == STORE_ERR_CHANGED) return reload_saved(s);
    if (rc != STORE_OK) {
        screens_store_error(app, "保存失败");
        return SR_REDRAW;
    }
    if (f->saved_id) *f->saved_id = m.id;
    app_status(app, "已保存：%s", m.name);
    return SR_BACK;
}

static int form_handle(struct screen *s, int key, const struct ui_action *act)
{
    struct member_form *f = s->state;
    if (act && act->id == A_SAVE) return do_save(s);
    return ui_form_key(&f->form, key) ? SR_REDRAW : SR_NONE;
}

const struct screen_ops member_form_screen = {
    .name = "member_form",
    .title = "党员信息",
    .manual = "党员名册",
    .help_intro = "填写党员信息。Tab / Shift-Tab 或 ↑ ↓ 在各项之间移动；选择项按 Enter 或空格打开选项，"
                  "← → 切换；复选项按空格切换。日期写作 YYYY-MM-DD。正式党员须填转正日期，且在入党满一年之后。",
    .state_size = sizeof(struct member_form),
    .actions = form_actions,
    .back = "返回名册（有未保存的修改时先询问）",
    .open = form_open,
    .draw = form_draw,
    .handle = form_handle,
    .close = form_close,
    .dirty = form_dirty,
};
