/* branch.c — 支部信息: the current branch's details (code, name, type, theme day), or a new
 * branch when opened with NULL. */
#include <stdio.h>
#include <string.h>

#include "zhibu/branch_rules.h"
#include "zhibu/history_view.h"
#include "zhibu/model.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

enum { A_SAVE = 1, A_NEW, A_HISTORY, A_EXCHANGE };

static const struct ui_action branch_actions[] = {
    {.id = A_SAVE, .key = UK_F(2), .key2 = UK_CTRL_S, .label = "保存", .help = "检查并保存支部信息", .perm = STORE_PERM_BRANCH_INFO},
    {.id = A_HISTORY, .key = UK_F(5), .label = "记录", .help = "查看支部信息的修改记录", .perm = STORE_PERM_ANY},
    {.id = A_NEW, .key = UK_F(7), .label = "新支部", .help = "另建一个支部（乡镇数据库可存放多个支部）", .perm = STORE_PERM_ADMIN},
    {.id = A_EXCHANGE, .key = UK_F(9), .label = "导入导出", .help = "村（社区）与乡镇之间导出、导入交换包（台账、审查结论）", .perm = STORE_PERM_ANY},
    {0},
};

enum item { I_CODE, I_NAME, I_TYPE, I_THEME, I_PARENT, I_COUNT };

struct branch_form {
    struct ui_form form;
    struct ui_item items[I_COUNT];
    struct branch b;
    bool is_new;
    const char *types[12];
    char parent_text[TEXT_SHORT + 40];
    struct form_snapshot base;  /* the items as read (a save refused as changed elsewhere) */
};

static const enum item FIELD_ITEM[] = {
    [BF_NONE] = I_CODE, [BF_CODE] = I_CODE, [BF_NAME] = I_NAME, [BF_TYPE] = I_TYPE,
    [BF_THEME_DAY] = I_THEME,
};

static void fill(struct screen *s);

static void setup(struct screen *s)
{
    struct branch_form *f = s->state;
    int nt = 0;
    for (const struct code_label *t = BRANCH_TYPES; t->code && nt < 12; t++) f->types[nt++] = t->label;
    f->items[I_CODE] = (struct ui_item){.label = "组织代码", .type = UI_ITEM_TEXT, .required = true, .max_chars = BRANCH_CODE_MAX};
    f->items[I_NAME] = (struct ui_item){.label = "支部名称", .type = UI_ITEM_TEXT, .required = true, .max_chars = BRANCH_NAME_MAX};
    f->items[I_TYPE] = (struct ui_item){.label = "类型", .type = UI_ITEM_CHOICE, .required = true, .choices = f->types, .nchoices = nt};
    f->items[I_THEME] = (struct ui_item){.label = "主题党日", .type = UI_ITEM_TEXT, .max_chars = 2, .hint = "每月第几日，1–28"};
    f->items[I_PARENT] = (struct ui_item){.label = "上级组织", .type = UI_ITEM_LABEL};
    ui_form_init(&f->form, f->items, I_COUNT);
    fill(s);
    ui_form_focus(&f->form, f->is_new ? I_CODE : I_NAME);
    screens_form_snapshot_free(&f->base);
    screens_form_snapshot(&f->base, &f->form);
}

/* The record's values into the form. */
static void fill(struct screen *s)
{
    struct branch_form *f = s->state;
    ui_form_set_text(&f->form, I_CODE, f->b.code);
    ui_form_set_text(&f->form, I_NAME, f->b.name);
    ui_form_set_choice(&f->form, I_TYPE, code_index(BRANCH_TYPES, f->b.type));
    ui_form_set_text(&f->form, I_THEME, f->b.theme_day);
    struct branch parent;
    if (f->b.parent_id && store_branch_get(s->app->store, f->b.parent_id, &parent) == STORE_OK)
        snprintf(f->parent_text, sizeof f->parent_text, "%s（%s）", parent.name, parent.code);
    else
        snprintf(f->parent_text, sizeof f->parent_text, "（无）");
    ui_form_set_text(&f->form, I_PARENT, f->parent_text);
    ui_form_mark_saved(&f->form);
}

static int branch_open(struct screen *s, void *arg)
{
    struct branch_form *f = s->state;
    const int64_t *id = arg;
    if (id && *id) {
        if (store_branch_get(s->app->store, *id, &f->b) != STORE_OK) {
            screens_store_error(s->app, "找不到支部");
            return -1;
        }
    } else {
        f->is_new = true;
        zb_strlcpy(f->b.type, "rural", sizeof f->b.type);
    }
    setup(s);
    return 0;
}

static void branch_close(struct screen *s)
{
    struct branch_form *f = s->state;
    ui_form_free(&f->form);
    screens_form_snapshot_free(&f->base);
}

/* The save was refused: the branch was changed in another session since the form read it.
 * Asked, the saved details are loaded, keeping what the person changed and the other did not. */
static int reload_saved(struct screen *s)
{
    struct branch_form *f = s->state;
    struct app *app = s->app;
    if (!screens_conflict_ask(app)) return SR_REDRAW;
    struct branch saved;
    if (store_branch_get(app->store, f->b.id, &saved) != STORE_OK) {
        screens_store_error(app, "无法重新读取支部信息");
        return SR_REDRAW;
    }
    struct form_snapshot mine;
    screens_form_snapshot(&mine, &f->form);
    f->b = saved;
    fill(s);
    screens_form_merge(app, &f->form, &f->base, &mine);
    screens_form_snapshot_free(&mine);
    return SR_REDRAW;
}

static bool branch_dirty(struct screen *s)
{
    struct branch_form *f = s->state;
    return f->form.changed;
}

static void branch_draw(struct screen *s, struct ui_rect body)
{
    struct branch_form *f = s->state;
    ui_put(body.row, body.col + 1, body.cols - 1,
           f->is_new ? "新建支部（带 * 的为必填项；F2 保存，Esc 返回）" : "支部信息（F2 保存，Esc 返回）",
           UA_HEADER);
    ui_form_draw(&f->form, (struct ui_rect){body.row + 1, body.col + 1, body.rows - 1, body.cols - 2});
}

static int do_save(struct screen *s)
{
    struct branch_form *f = s->state;
    struct app *app = s->app;
    struct branch b = f->b;
    /* nothing changed: nothing written (no empty 修改 line in the history) */
    if (!f->is_new && screens_form_same(&f->form, &f->base)) {
        app_status(app, "未作修改，无需保存");
        return SR_BACK;
    }
    char buf[TEXT_SHORT];
    zb_strlcpy(buf, ui_form_text(&f->form, I_CODE), sizeof buf);
    text_trim(buf);
    zb_strlcpy(b.code, buf, sizeof b.code);
    zb_strlcpy(buf, ui_form_text(&f->form, I_NAME), sizeof buf);
    text_trim(buf);
    zb_strlcpy(b.name, buf, sizeof b.name);
    int t = ui_form_choice(&f->form, I_TYPE);
    zb_strlcpy(b.type, t >= 0 ? BRANCH_TYPES[t].code : "", sizeof b.type);
    zb_strlcpy(buf, ui_form_text(&f->form, I_THEME), sizeof buf);
    text_trim(buf);
    zb_strlcpy(b.theme_day, buf, sizeof b.theme_day);
    for (int i = 0; i < I_COUNT; i++) ui_form_set_error(&f->form, i, NULL);
    enum branch_field bf;
    const char *err = branch_check(&b, &bf);
    if (err) {
        ui_form_set_error(&f->form, FIELD_ITEM[bf], err);
        ui_form_focus(&f->form, FIELD_ITEM[bf]);
        app_error(app, "未保存：%s", err);
        return SR_REDRAW;
    }
    int rc = f->is_new ? store_branch_add(app->store, &b) : store_branch_update(app->store, &b);
    if (rc == STORE_ERR_CHANGED) return reload_saved(s);
    if (rc != STORE_OK) {
        screens_store_error(app, "未保存");
        return SR_REDRAW;
    }
    if (f->is_new || app->branch_id == b.id) screens_set_branch(app, b.id);
    app_status(app, "已保存支部信息：%s", b.name);
    return SR_BACK;
}

static int branch_handle(struct screen *s, int key, const struct ui_action *act)
{
    struct branch_form *f = s->state;
    struct app *app = s->app;
    if (!act) return ui_form_key(&f->form, key) ? SR_REDRAW : SR_NONE;
    switch (act->id) {
    case A_SAVE: return do_save(s);
    case A_NEW:
        if (f->form.changed && !ui_confirm("放弃尚未保存的修改，另建新支部？")) return SR_REDRAW;
        ui_form_free(&f->form);
        memset(&f->b, 0, sizeof f->b);
        f->is_new = true;
        zb_strlcpy(f->b.type, "rural", sizeof f->b.type);
        setup(s);
        return SR_REDRAW;
    case A_HISTORY:
        if (!f->is_new) history_view_show(app, "branch", f->b.uuid, f->b.name);
        return SR_REDRAW;
    case A_EXCHANGE:
        if (f->form.changed && !ui_confirm("放弃尚未保存的修改，转到导入导出？")) return SR_REDRAW;
        app_push(app, &exchange_screen, NULL);
        return SR_REDRAW;
    default: return SR_NONE;
    }
}

/* The branch shown (0 while a new one is made: only an admin may save it). */
static int64_t branch_of(struct screen *s)
{
    struct branch_form *f = s->state;
    return f->is_new ? 0 : f->b.id;
}

const struct screen_ops branch_screen = {
    .name = "branch",
    .title = "支部信息",
    .manual = "支部信息、党小组与支部委员会",
    .help_intro = "支部的组织代码、名称、类型和主题党日。组织代码在数据库中唯一。",
    .state_size = sizeof(struct branch_form),
    .actions = branch_actions,
    .back = "返回首页（有未保存的修改时先询问）",
    .open = branch_open,
    .draw = branch_draw,
    .handle = branch_handle,
    .close = branch_close,
    .dirty = branch_dirty,
    .branch = branch_of,
};
