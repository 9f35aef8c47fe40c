/* remit_form.c — one 党费上缴: the date (today), the months (after the newest remitted up to
 * last month), the amount (what was collected for those months, while not typed otherwise),
 * the receipt number and a note. The store checks it (remit_check) and says why it refuses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/dues.h"
#include "zhibu/remit.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_dues.h"
#include "zhibu/store_remit.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

enum { A_SAVE = 1 };

static const struct ui_action remit_form_actions[] = {
    {.id = A_SAVE, .key = UK_F(2), .key2 = UK_CTRL_S, .label = "保存", .help = "检查并登记这次上缴", .perm = STORE_PERM_EDIT},
    {0},
};

enum item { I_DATE, I_FROM, I_TO, I_AMOUNT, I_RECEIPT, I_NOTE, I_COUNT };

struct remit_form {
    struct ui_form form;
    struct ui_item items[I_COUNT];
    struct remit_totals range; /* of the months last computed */
    char auto_amount[24];      /* the amount last filled in automatically */
    char last_range[32];
};

static int range_of(struct remit_form *p, int *from, int *to)
{
    *from = dues_ym_parse(ui_form_text(&p->form, I_FROM));
    *to = dues_ym_parse(ui_form_text(&p->form, I_TO));
    return (*from >= 0 && *to >= 0 && *from <= *to) ? 0 : -1;
}

/* The months' totals read again when they change; the amount follows what was collected while
 * the user has not typed another. */
static void follow_amount(struct screen *s)
{
    struct remit_form *p = s->state;
    int from, to;
    if (range_of(p, &from, &to) != 0) return;
    char range[32];
    snprintf(range, sizeof range, "%d-%d", from, to);
    if (strcmp(range, p->last_range) == 0) return;
    zb_strlcpy(p->last_range, range, sizeof p->last_range);
    if (store_remit_totals(s->app->store, s->app->branch_id, from, to, &p->range) != STORE_OK)
        p->range = (struct remit_totals){0};
    if (strcmp(ui_form_text(&p->form, I_AMOUNT), p->auto_amount) != 0) return;
    long left = p->range.collected - p->range.remitted;
    dues_format_yuan(left > 0 ? left : 0, p->auto_amount, sizeof p->auto_amount);
    bool changed = p->form.changed;
    ui_form_set_text(&p->form, I_AMOUNT, p->auto_amount);
    p->form.changed = changed;
}

static int remit_form_open(struct screen *s, void *arg)
{
    (void)arg;
    struct remit_form *p = s->state;
    struct app *app = s->app;
    int through = 0;
    struct zmonth start = {0};
    if (store_remit_through(app->store, app->branch_id, &through) != STORE_OK ||
        store_dues_start_get(app->store, app->branch_id, &start) != STORE_OK) {
        screens_store_error(app, "读取上缴记录失败");
        return -1;
    }
    int from, to;
    remit_next_months(through, zmonth_index(start), clock_today(), &from, &to);
    struct ui_item *it = p->items;
    it[I_DATE] = (struct ui_item){.label = "上缴日期", .type = UI_ITEM_DATE, .required = true, .max_chars = 10, .hint = "YYYY-MM-DD"};
    it[I_FROM] = (struct ui_item){.label = "起始月份", .type = UI_ITEM_TEXT, .required = true, .max_chars = 7, .hint = "YYYY-MM"};
    it[I_TO] = (struct ui_item){.label = "截止月份", .type = UI_ITEM_TEXT, .required = true, .max_chars = 7, .hint = "YYYY-MM；不晚于上缴日期所在月"};
    it[I_AMOUNT] = (struct ui_item){.label = "金额（元）", .type = UI_ITEM_TEXT, .required = true, .max_chars = 12, .hint = "默认为这些月份已收未缴的党费"};
    it[I_RECEIPT] = (struct ui_item){.label = "收据编号", .type = UI_ITEM_TEXT, .max_chars = 30};
    it[I_NOTE] = (struct ui_item){.label = "备注", .type = UI_ITEM_TEXT, .max_chars = 60};
    ui_form_init(&p->form, p->items, I_COUNT);
    char buf[16];
    date_format(clock_today(), buf);
    ui_form_set_text(&p->form, I_DATE, buf);
    dues_ym_format(from, buf);
    ui_form_set_text(&p->form, I_FROM, buf);
    dues_ym_format(to, buf);
    ui_form_set_text(&p->form, I_TO, buf);
    p->auto_amount[0] = '\0';
    ui_form_set_text(&p->form, I_AMOUNT, "");
    follow_amount(s);
    ui_form_mark_saved(&p->form);
    ui_form_focus(&p->form, I_AMOUNT);
    return 0;
}

static void remit_form_close(struct screen *s)
{
    struct remit_form *p = s->state;
    ui_form_free(&p->form);
}

static bool remit_form_dirty(struct screen *s)
{
    struct remit_form *p = s->state;
    return p->form.changed;
}

static const char *remit_form_discard(struct screen *s)
{
    (void)s;
    return "放弃这次尚未登记的上缴？";
}

static void remit_form_draw(struct screen *s, struct ui_rect body)
{
    struct remit_form *p = s->state;
    follow_amount(s);
    char line[300], a[24], b[24];
    int from, to;
    if (range_of(p, &from, &to) == 0) {
        dues_format_yuan(p->range.collected, a, sizeof a);
        dues_format_yuan(p->range.remitted, b, sizeof b);
        snprintf(line, sizeof line, "党费上缴：这 %d 个月已收 %s 元，已上缴 %s 元（F2 保存）",
                 to - from + 1, a, b);
    } else {
        snprintf(line, sizeof line, "党费上缴：起止月份写作 YYYY-MM");
    }
    ui_put(body.row, body.col + 1, body.cols - 1, line, UA_HEADER);
    ui_form_draw(&p->form, (struct ui_rect){body.row + 1, body.col + 1, body.rows - 1, body.cols - 2});
}

static int write_remit(struct store *st, void *ctx)
{
    return store_remit_add(st, ctx);
}

static int remit_form_save(struct screen *s)
{
    struct remit_form *p = s->state;
    struct app *app = s->app;
    for (int i = 0; i < I_COUNT; i++) ui_form_set_error(&p->form, i, NULL);
    struct remittance r = {.branch_id = app->branch_id};
    r.from_ym = dues_ym_parse(ui_form_text(&p->form, I_FROM));
    r.to_ym = dues_ym_parse(ui_form_text(&p->form, I_TO));
    if (r.from_ym < 0 || r.to_ym < 0) {
        int item = r.from_ym < 0 ? I_FROM : I_TO;
        ui_form_set_error(&p->form, item, "月份应写作 YYYY-MM");
        ui_form_focus(&p->form, item);
        app_error(app, "未登记：月份应写作 YYYY-MM，例如 2026-09");
        return SR_REDRAW;
    }
    char amount_text[32];
    zb_strlcpy(amount_text, ui_form_text(&p->form, I_AMOUNT), sizeof amount_text);
    text_trim(amount_text);
    r.amount = dues_parse_yuan(amount_text);
    if (r.amount < 0) {
        ui_form_set_error(&p->form, I_AMOUNT, "金额有误");
        ui_form_focus(&p->form, I_AMOUNT);
        app_error(app, "未登记：金额应为数字，最多两位小数，且不超过10万元");
        return SR_REDRAW;
    }
    zb_strlcpy(r.date, ui_form_text(&p->form, I_DATE), sizeof r.date);
    zb_strlcpy(r.receipt, ui_form_text(&p->form, I_RECEIPT), sizeof r.receipt);
    zb_strlcpy(r.note, ui_form_text(&p->form, I_NOTE), sizeof r.note);
    int rc = screens_write(app, write_remit, &r);
    if (rc == STORE_ERR_LOCKED) return SR_REDRAW;
    if (rc != STORE_OK) {
        app_error(app, "未登记：%s", store_errmsg(app->store));
        return SR_REDRAW;
    }
    char a[24], m[64];
    dues_format_yuan(r.amount, a, sizeof a);
    remit_months_text(r.from_ym, r.to_ym, m, sizeof m);
    app_status(app, "已登记上缴：%s党费 %s 元", m, a);
    return SR_BACK;
}

static int remit_form_handle(struct screen *s, int key, const struct ui_action *act)
{
    struct remit_form *p = s->state;
    if (act && act->id == A_SAVE) return remit_form_save(s);
    return ui_form_key(&p->form, key) ? SR_REDRAW : SR_NONE;
}

const struct screen_ops remit_form_screen = {
    .name = "remit_form",
    .title = "登记党费上缴",
    .manual = "党费",
    .help_intro = "上缴日期默认为今天，所缴月份默认从上次上缴的下一个月到上个月，金额默认为这些月份"
                  "已收而未上缴的党费（可改）。截止月份不能晚于上缴日期所在的月份，已上缴的月份不能"
                  "重复上缴。",
    .state_size = sizeof(struct remit_form),
    .actions = remit_form_actions,
    .back = "返回上缴记录（有未保存的修改时先询问）",
    .discard = remit_form_discard,
    .open = remit_form_open,
    .draw = remit_form_draw,
    .handle = remit_form_handle,
    .close = remit_form_close,
    .dirty = remit_form_dirty,
};
