/* contacts.c — 联系记录: the log of contacts with a mobile member, newest first; F2 adds one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/list_screen.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_lifecycle.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/validate.h"
#include "zhibu/widgets.h"

enum { A_NEW = 1 };

static const struct ui_action contacts_actions[] = {
    {.id = A_NEW, .key = UK_F(2), .label = "新增", .help = "登记一次联系：日期、方式、情况", .perm = STORE_PERM_EDIT},
    {0},
};

static const struct ui_column contacts_columns[] = {
    {.title = "日期", .width = 10},
    {.title = "方式", .width = 4},
    {.title = "情况", .width = 20, .grow = 1},
};

struct contacts {
    struct ui_list list;
    int64_t member_id;
    struct member m;
    struct mobile_contact *c; /* every contact (heap) */
    int n;
};

static void contacts_cell(void *ctx, int row, int column, char *buf, size_t bufsz)
{
    struct contacts *x = ctx;
    buf[0] = '\0';
    if (row < 0 || row >= x->n) return;
    if (column == 0) zb_strlcpy(buf, x->c[row].date, bufsz);
    if (column == 1) zb_strlcpy(buf, x->c[row].way, bufsz);
    if (column == 2) zb_strlcpy(buf, x->c[row].note, bufsz);
}

static int load(struct screen *s)
{
    struct contacts *x = s->state;
    struct store_mobile_contact_list l;
    if (store_mobile_contact_list(s->app->store, x->member_id, &l) != STORE_OK)
        screens_store_error(s->app, "读取联系记录失败");
    free(x->c);
    x->c = l.v;
    x->n = l.n;
    return x->n;
}

static int contacts_init(struct screen *s, void *arg)
{
    struct contacts *x = s->state;
    x->member_id = *(const int64_t *)arg;
    if (store_member_get(s->app->store, x->member_id, &x->m) != STORE_OK) {
        app_error(s->app, "找不到该党员");
        return -1;
    }
    return 0;
}

static enum ui_attr contacts_header(struct screen *s, char *buf, size_t bufsz)
{
    struct contacts *x = s->state;
    snprintf(buf, bufsz, "与 %s 的联系记录（共 %d 次）", x->m.name, x->n);
    return UA_HEADER;
}

static int contacts_act(struct screen *s, const struct ui_action *act)
{
    struct contacts *x = s->state;
    struct app *app = s->app;
    if (act->id != A_NEW) return SR_NONE;
    struct mobile_contact c = {.member_id = x->member_id};
    char date[16];
    date_format(clock_today(), date);
    if (!screens_ask_date("登记联系", "日期（YYYY-MM-DD）：", date, sizeof date)) return SR_REDRAW;
    static const char *const ways[] = {"电话", "微信", "走访", "来信", "其他"};
    int w = ui_pick("联系方式", ways, 5, 0);
    if (w < 0) return SR_REDRAW;
    if (!ui_prompt("登记联系", "情况：", c.note, sizeof c.note, 80, true)) return SR_REDRAW;
    text_trim(c.note);
    zb_strlcpy(c.date, date, sizeof c.date);
    zb_strlcpy(c.way, ways[w], sizeof c.way);
    if (store_mobile_contact_add(app->store, &c) != STORE_OK) {
        screens_store_error(app, "未保存");
        return SR_REDRAW;
    }
    app_status(app, "已登记 %s %s联系", date, ways[w]);
    list_screen_reload(s);
    return SR_REDRAW;
}

static void contacts_release(struct screen *s)
{
    struct contacts *x_ = s->state;
    free(x_->c);
}

static const struct list_screen contacts_list = {
    .columns = contacts_columns, .ncolumns = 3, .empty_text = "（还没有联系记录，按 F2 登记）",
    .init = contacts_init, .load = load, .header = contacts_header, .cell = contacts_cell,
    .act = contacts_act, .release = contacts_release,
};

const struct screen_ops contacts_screen = {
    .name = "contacts",
    .title = "联系记录",
    .manual = "党员名册",
    .help_intro = "与流动党员的每次联系。首页按最近一次联系的日期提醒。",
    .state_size = sizeof(struct contacts),
    .actions = contacts_actions,
    .back = "返回流动党员信息",
    LIST_SCREEN_OPS(contacts_list),
    .resume = list_screen_reload,
};
