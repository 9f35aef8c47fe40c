/* contacts.c — 联系记录: the log of contacts with a mobile member, newest first; F2 adds one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_lifecycle.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/validate.h"
#include "zhibu/widgets.h"

enum { A_NEW = 1, A_BACK };

static const struct ui_action contacts_actions[] = {
    {.id = A_NEW, .key = UK_F(2), .label = "新增", .help = "登记一次联系：日期、方式、情况", .perm = STORE_PERM_EDIT},
    {.id = A_BACK, .key = UK_ESC, .help = "返回流动党员信息", .perm = STORE_PERM_ANY},
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

static void load(struct screen *s)
{
    struct contacts *x = s->state;
    struct store_mobile_contact_list l;
    if (store_mobile_contact_list(s->app->store, x->member_id, &l) != STORE_OK)
        app_error(s->app, "读取联系记录失败：%s", store_errmsg(s->app->store));
    free(x->c);
    x->c = l.v;
    x->n = l.n;
    ui_list_set_count(&x->list, x->n);
}

static int contacts_open(struct screen *s, void *arg)
{
    struct contacts *x = s->state;
    x->member_id = *(const int64_t *)arg;
    if (store_member_get(s->app->store, x->member_id, &x->m) != STORE_OK) {
        app_error(s->app, "找不到该党员");
        return -1;
    }
    x->list = (struct ui_list){.columns = contacts_columns, .ncolumns = 3, .sel = -1, .cell = contacts_cell,
                               .ctx = x, .empty_text = "（还没有联系记录，按 F2 登记）"};
    load(s);
    return 0;
}

static void contacts_draw(struct screen *s, struct ui_rect body)
{
    struct contacts *x = s->state;
    char line[200];
    snprintf(line, sizeof line, "与 %s 的联系记录（共 %d 次）", x->m.name, x->n);
    ui_put(body.row, body.col + 1, body.cols - 1, line, UA_HEADER);
    ui_list_draw(&x->list, (struct ui_rect){body.row + 1, body.col, body.rows - 1, body.cols});
}

static int contacts_handle(struct screen *s, int key, const struct ui_action *act)
{
    struct contacts *x = s->state;
    struct app *app = s->app;
    if (!act) return ui_list_key(&x->list, key) ? SR_REDRAW : SR_NONE;
    if (act->id == A_BACK) return SR_BACK;
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
        app_error(app, "未保存：%s", store_errmsg(app->store));
        return SR_REDRAW;
    }
    app_status(app, "已登记 %s %s联系", date, ways[w]);
    load(s);
    return SR_REDRAW;
}

static void contacts_close(struct screen *s)
{
    struct contacts *x_ = s->state;
    free(x_->c);
}

const struct screen_ops contacts_screen = {
    .name = "contacts",
    .title = "联系记录",
    .manual = "党员名册",
    .help_intro = "与流动党员的每次联系。首页按最近一次联系的日期提醒。",
    .state_size = sizeof(struct contacts),
    .actions = contacts_actions,
    .open = contacts_open,
    .draw = contacts_draw,
    .handle = contacts_handle,
    .resume = load,
    .close = contacts_close,
};
