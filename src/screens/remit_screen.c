/* remit_screen.c — 党费上缴: the branch's remittances of collected dues to the higher committee
 * (date, months, amount, receipt), newest first, with the year's 已收 / 已上缴 / 未上缴 above; F2
 * records one (remit_form.c), F8 voids one entered by mistake (with a reason; it stays, marked).
 * Reached from the 党费 screen (key u). The rules are core/remit.c's, the sums the store's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/dues.h"
#include "zhibu/list_screen.h"
#include "zhibu/remit.h"
#include "zhibu/rules.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_remit.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

enum { A_ADD = 1, A_VOID };

static const struct ui_action remit_actions[] = {
    {.id = A_ADD, .key = UK_F(2), .label = "上缴", .help = "登记一次党费上缴：上缴日期、所缴月份、金额（默认为这些月份已收的党费）、收据编号", .perm = STORE_PERM_EDIT},
    {.id = A_VOID, .key = UK_F(8), .label = "作废", .help = "作废录错的一条上缴记录（须填原因；记录保留，其月份可重新登记）", .perm = STORE_PERM_EDIT},
    {0},
};

static const struct ui_column remit_columns[] = {
    {.title = "上缴日期", .width = 10},
    {.title = "所缴月份", .width = 15},
    {.title = "金额（元）", .width = 11, .right = true},
    {.title = "收据编号", .width = 14, .grow = 1},
    {.title = "录入", .width = 8, .grow = 1},
};

struct remit_screen {
    struct ui_list list;
    struct remittance *v;      /* every remittance of the branch (heap) */
    int n;
    int year;
    struct remit_totals year_totals;
    int through_ym;
};

static void remit_cell(void *ctx, int row, int column, char *buf, size_t bufsz)
{
    struct remit_screen *x = ctx;
    buf[0] = '\0';
    if (row < 0 || row >= x->n) return;
    const struct remittance *r = &x->v[row];
    char f[8], t[8];
    switch (column) {
    case 0: zb_strlcpy(buf, r->date, bufsz); break;
    case 1:
        dues_ym_format(r->from_ym, f);
        dues_ym_format(r->to_ym, t);
        if (r->from_ym == r->to_ym) zb_strlcpy(buf, f, bufsz);
        else snprintf(buf, bufsz, "%s—%s", f, r->to_ym / 12 == r->from_ym / 12 ? t + 5 : t);
        break;
    case 2: dues_format_yuan(r->amount, buf, bufsz); break;
    case 3:
        if (r->voided) snprintf(buf, bufsz, "已作废（%s）", r->void_reason);
        else zb_strlcpy(buf, r->receipt, bufsz);
        break;
    case 4: zb_strlcpy(buf, r->created_by, bufsz); break;
    default: break;
    }
}

static enum ui_attr remit_row_attr(void *ctx, int row)
{
    struct remit_screen *x = ctx;
    return row >= 0 && row < x->n && x->v[row].voided ? UA_DIM : UA_NORMAL;
}

static int remit_load(struct screen *s)
{
    struct remit_screen *x = s->state;
    struct app *app = s->app;
    struct store_remit_list l;
    if (store_remit_list(app->store, app->branch_id, &l) != STORE_OK) {
        screens_store_error(app, "读取上缴记录失败");
        l = (struct store_remit_list){0};
    }
    free(x->v);
    x->v = l.v;
    x->n = l.n;
    if (store_remit_totals(app->store, app->branch_id, dues_ym(x->year, 1), dues_ym(x->year, 12),
                           &x->year_totals) != STORE_OK)
        x->year_totals = (struct remit_totals){0};
    if (store_remit_through(app->store, app->branch_id, &x->through_ym) != STORE_OK) x->through_ym = 0;
    return x->n;
}

static int remit_init(struct screen *s, void *arg)
{
    struct remit_screen *x = s->state;
    const int *year = arg;
    x->year = year && *year > 0 ? *year : clock_today().y;
    return 0;
}

static int remit_top(struct screen *s, struct ui_rect body)
{
    struct remit_screen *x = s->state;
    char line[400], a[24], b[24], c[24], t[8] = "无";
    dues_format_yuan(x->year_totals.collected, a, sizeof a);
    dues_format_yuan(x->year_totals.remitted, b, sizeof b);
    dues_format_yuan(x->year_totals.collected - x->year_totals.remitted, c, sizeof c);
    if (x->through_ym > 0) dues_ym_format(x->through_ym, t);
    snprintf(line, sizeof line, "%d年：已收 %s 已上缴 %s 未上缴 %s 元", x->year, a, b, c);
    ui_put(body.row, body.col + 1, body.cols - 1, line, UA_HEADER);
    snprintf(line, sizeof line, "党费已上缴至 %s（每 %d 个月至少上缴一次）；上缴记录共 %d 条", t,
             s->app->rules->audit.people.remit_interval_months, x->n);
    ui_put(body.row + 1, body.col + 1, body.cols - 1, line, UA_NORMAL);
    return 2;
}

struct void_write {
    int64_t id;
    const char *reason;
};
static int write_void(struct store *st, void *ctx)
{
    struct void_write *w = ctx;
    return store_remit_void(st, w->id, w->reason);
}

static int void_selected(struct screen *s)
{
    struct remit_screen *x = s->state;
    struct app *app = s->app;
    int sel = list_screen_sel(s);
    if (sel < 0 || sel >= x->n) {
        app_error(app, "没有可作废的上缴记录");
        return SR_REDRAW;
    }
    const struct remittance *r = &x->v[sel];
    if (r->voided) {
        app_error(app, "这条上缴记录已作废（%s）", r->void_reason);
        return SR_REDRAW;
    }
    int64_t id = r->id;
    char reason[256] = "";
    if (!ui_prompt("作废上缴记录", "作废原因：", reason, sizeof reason, 60, true)) return SR_REDRAW;
    text_trim(reason);
    if (!ui_confirm("确认作废这条上缴记录？（记录保留，不再计入已上缴）")) return SR_REDRAW;
    int rc = screens_write(app, write_void, &(struct void_write){id, reason});
    if (rc == STORE_ERR_LOCKED) return SR_REDRAW;
    if (rc != STORE_OK) {
        screens_store_error(app, "未作废");
        return SR_REDRAW;
    }
    app_status(app, "已作废上缴记录（原因：%s）", reason);
    list_screen_reload(s);
    return SR_REDRAW;
}

static int remit_act(struct screen *s, const struct ui_action *act)
{
    if (act->id == A_ADD) {
        app_push(s->app, &remit_form_screen, NULL);
        return SR_REDRAW;
    }
    if (act->id == A_VOID) return void_selected(s);
    return SR_NONE;
}

static void remit_release(struct screen *s)
{
    struct remit_screen *x = s->state;
    free(x->v);
    x->v = NULL;
}

static const struct list_screen remit_list = {
    .columns = remit_columns, .ncolumns = (int)ZB_ARRAY_LEN(remit_columns),
    .empty_text = "（还没有上缴记录，按 F2 登记）", .init = remit_init, .load = remit_load,
    .top = remit_top, .cell = remit_cell, .row_attr = remit_row_attr, .act = remit_act,
    .release = remit_release,
};

const struct screen_ops remit_screen = {
    .name = "remit",
    .title = "党费上缴",
    .manual = "党费",
    .help_intro = "本支部向上级党委上缴党费的记录，新的在前：上缴日期、所缴月份、金额和收据编号。"
                  "上方是所看年份已收、已上缴和未上缴的党费（已收按交费分摊到各月计算；一次上缴"
                  "多个月的，按月平均计入）。同一月份不能重复上缴；录错的记录只能作废（须填原因），"
                  "作废后其月份可重新登记。月审时，最近上缴的月份早于审查月份减去配置的间隔"
                  "（[dues] remit_interval_months，默认每季度）的支部列为党费未达标。",
    .state_size = sizeof(struct remit_screen),
    .actions = remit_actions,
    .back = "返回党费收缴表",
    LIST_SCREEN_OPS(remit_list),
    .resume = list_screen_reload,
};
