/* post_form.c — one post's definition (组织定岗): category, name, duties, holders wanted, the
 * dates it is active. Checked by post_check_post (core). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/posts.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_posts.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

enum { A_SAVE = 1 };

static const struct ui_action post_form_actions[] = {
    {.id = A_SAVE, .key = UK_F(2), .key2 = UK_CTRL_S, .label = "保存", .help = "检查并保存岗位", .perm = STORE_PERM_EDIT},
    {0},
};

enum item { I_CATEGORY, I_NAME, I_DUTIES, I_WANTED, I_FROM, I_TO, I_COUNT };

struct post_form {
    struct ui_form form;
    struct ui_item items[I_COUNT];
    struct post p;
    bool is_new;
    struct form_snapshot base;  /* the items as read (a save refused as changed elsewhere) */
};

static void fill_form(struct post_form *f)
{
    ui_form_set_text(&f->form, I_CATEGORY, f->p.category);
    ui_form_set_text(&f->form, I_NAME, f->p.name);
    ui_form_set_text(&f->form, I_DUTIES, f->p.duties ? f->p.duties : "");
    char buf[16];
    snprintf(buf, sizeof buf, "%d", f->p.wanted);
    ui_form_set_text(&f->form, I_WANTED, buf);
    ui_form_set_text(&f->form, I_FROM, f->p.active_from);
    ui_form_set_text(&f->form, I_TO, f->p.active_to);
    ui_form_mark_saved(&f->form);
}

static int post_form_open(struct screen *s, void *arg)
{
    struct post_form *f = s->state;
    struct app *app = s->app;
    const struct post_form_arg *a = arg;
    if (a && a->id) {
        if (store_post_get(app->store, a->id, &f->p) != STORE_OK) {
            screens_store_error(app, "找不到该岗位");
            return -1;
        }
    } else {
        f->is_new = true;
        f->p.branch_id = app->branch_id;
        f->p.wanted = 1;
        date_format(clock_today(), f->p.active_from);
    }
    struct ui_item *it = f->items;
    it[I_CATEGORY] = (struct ui_item){.label = "类别", .type = UI_ITEM_TEXT, .max_chars = 20, .hint = "如 宣传教育类"};
    it[I_NAME] = (struct ui_item){.label = "岗位名称", .type = UI_ITEM_TEXT, .required = true, .max_chars = 20};
    it[I_DUTIES] = (struct ui_item){.label = "岗位职责", .type = UI_ITEM_MULTILINE, .height = 5, .max_chars = 1000};
    it[I_WANTED] = (struct ui_item){.label = "需要人数", .type = UI_ITEM_TEXT, .required = true, .max_chars = 2};
    it[I_FROM] = (struct ui_item){.label = "开始日期", .type = UI_ITEM_DATE, .max_chars = 10, .hint = "YYYY-MM-DD"};
    it[I_TO] = (struct ui_item){.label = "停止日期", .type = UI_ITEM_DATE, .max_chars = 10, .hint = "空＝长期"};
    ui_form_init(&f->form, f->items, I_COUNT);
    fill_form(f);
    ui_form_focus(&f->form, f->is_new ? I_CATEGORY : I_DUTIES);
    screens_form_snapshot(&f->base, &f->form);
    return 0;
}

static void post_form_close(struct screen *s)
{
    struct post_form *f = s->state;
    ui_form_free(&f->form);
    post_free(&f->p);
    screens_form_snapshot_free(&f->base);
}

/* The save was refused: the post was changed in another session since the form read it.
 * Asked, the saved post is loaded, keeping what the person changed and the other did not. */
static int reload_saved(struct screen *s)
{
    struct post_form *f = s->state;
    struct app *app = s->app;
    if (!screens_conflict_ask(app)) return SR_REDRAW;
    struct post saved;
    if (store_post_get(app->store, f->p.id, &saved) != STORE_OK) {
        screens_store_error(app, "无法重新读取该岗位");
        return SR_REDRAW;
    }
    struct form_snapshot mine;
    screens_form_snapshot(&mine, &f->form);
    post_free(&f->p);
    f->p = saved;
    fill_form(f);
    screens_form_merge(app, &f->form, &f->base, &mine);
    screens_form_snapshot_free(&mine);
    return SR_REDRAW;
}

static bool post_form_dirty(struct screen *s)
{
    struct post_form *f = s->state;
    return f->form.changed;
}

static void post_form_draw(struct screen *s, struct ui_rect body)
{
    struct post_form *f = s->state;
    ui_put(body.row, body.col + 1, body.cols - 1,
           f->is_new ? "新设岗位（带 * 的为必填项；F2 保存，Esc 返回）" : "修改岗位（F2 保存，Esc 返回）", UA_HEADER);
    ui_form_draw(&f->form, (struct ui_rect){body.row + 1, body.col + 1, body.rows - 1, body.cols - 2});
}

static int do_save(struct screen *s)
{
    struct post_form *f = s->state;
    struct app *app = s->app;
    struct post p = f->p;
    /* nothing changed: nothing written (no empty 修改 line in the history) */
    if (!f->is_new && screens_form_same(&f->form, &f->base)) {
        app_status(app, "未作修改，无需保存");
        return SR_BACK;
    }
    char buf[64];
    zb_strlcpy(p.category, ui_form_text(&f->form, I_CATEGORY), sizeof p.category);
    text_trim(p.category);
    zb_strlcpy(p.name, ui_form_text(&f->form, I_NAME), sizeof p.name);
    text_trim(p.name);
    zb_strlcpy(buf, ui_form_text(&f->form, I_WANTED), sizeof buf);
    text_trim(buf);
    p.wanted = text_all_digits(buf) ? atoi(buf) : -1;
    zb_strlcpy(p.active_from, ui_form_text(&f->form, I_FROM), sizeof p.active_from);
    zb_strlcpy(p.active_to, ui_form_text(&f->form, I_TO), sizeof p.active_to);
    char *duties = ui_form_multiline(&f->form, I_DUTIES);
    const char *err = post_check_post(p.name, p.category, duties, p.wanted, p.active_from, p.active_to);
    if (err) {
        free(duties);
        app_error(app, "未保存：%s", err);
        return SR_REDRAW;
    }
    p.duties = duties;
    int rc = f->is_new ? store_post_add(app->store, &p) : store_post_update(app->store, &p);
    free(duties);
    if (rc == STORE_ERR_CHANGED) return reload_saved(s);
    if (rc != STORE_OK) {
        screens_store_error(app, "未保存");
        return SR_REDRAW;
    }
    app_status(app, "已保存岗位：%s", p.name);
    return SR_BACK;
}

static int post_form_handle(struct screen *s, int key, const struct ui_action *act)
{
    struct post_form *f = s->state;
    if (act && act->id == A_SAVE) return do_save(s);
    return ui_form_key(&f->form, key) ? SR_REDRAW : SR_NONE;
}

const struct screen_ops post_form_screen = {
    .name = "post_form",
    .title = "岗位",
    .manual = "设岗定责",
    .help_intro = "组织定岗：岗位的类别、名称、职责（每行一条）和需要人数。撤销岗位在岗位列表按 F8。",
    .state_size = sizeof(struct post_form),
    .actions = post_form_actions,
    .back = "返回（有未保存的修改时先询问）",
    .open = post_form_open,
    .draw = post_form_draw,
    .handle = post_form_handle,
    .close = post_form_close,
    .dirty = post_form_dirty,
};
