/* payments.c — 交费明细: one member's payments, newest first; one entered by mistake is voided
 * with a reason (it stays, marked, and stops counting). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/dues.h"
#include "zhibu/list_screen.h"
#include "zhibu/screens.h"
#include "zhibu/store_auth.h"
#include "zhibu/store.h"
#include "zhibu/store_dues.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

enum { A_VOID = 1 };

static const struct ui_action payments_actions[] = {
    {.id = A_VOID, .key = UK_F(8), .label = "作废", .help = "作废录错的一笔交费（须填原因；记录保留）", .perm = STORE_PERM_EDIT},
    {0},
};

static const struct ui_column payments_columns[] = {
    {.title = "交费日期", .width = 10},
    {.title = "所交月份", .width = 15},
    {.title = "金额", .width = 9, .right = true},
    {.title = "收据编号", .width = 10, .grow = 1},
    {.title = "录入", .width = 8, .grow = 1},
};

struct payments {
    struct ui_list list;
    int64_t member_id;
    struct member m;
    struct dues_payment *p;      /* every payment of the member (heap) */
    int n;
};

static void payments_cell(void *ctx, int row, int column, char *buf, size_t bufsz)
{
    struct payments *x = ctx;
    buf[0] = '\0';
    if (row < 0 || row >= x->n) return;
    const struct dues_payment *p = &x->p[row];
    char f[8], t[8];
    switch (column) {
    case 0: zb_strlcpy(buf, p->paid_date, bufsz); break;
    case 1:
        dues_ym_format(p->from_ym, f);
        dues_ym_format(p->to_ym, t);
        if (p->from_ym == p->to_ym) zb_strlcpy(buf, f, bufsz);
        else snprintf(buf, bufsz, "%s—%s", f, p->to_ym / 12 == p->from_ym / 12 ? t + 5 : t);
        break;
    case 2: dues_format_yuan(p->amount, buf, bufsz); break;
    case 3: zb_strlcpy(buf, p->voided ? "已作废" : p->receipt_no, bufsz); break;
    case 4: zb_strlcpy(buf, p->created_by, bufsz); break;
    default: break;
    }
}

static enum ui_attr payments_row_attr(void *ctx, int row)
{
    struct payments *x = ctx;
    return row >= 0 && row < x->n && x->p[row].voided ? UA_DIM : UA_NORMAL;
}

static int load(struct screen *s)
{
    struct payments *x = s->state;
    struct store_dues_payment_list l;
    if (store_dues_payment_list(s->app->store, x->member_id, &l) != STORE_OK)
        screens_store_error(s->app, "读取交费明细失败");
    free(x->p);
    x->p = l.v;
    x->n = l.n;
    return x->n;
}

static int payments_init(struct screen *s, void *arg)
{
    struct payments *x = s->state;
    x->member_id = *(const int64_t *)arg;
    if (store_member_get(s->app->store, x->member_id, &x->m) != STORE_OK) {
        app_error(s->app, "找不到该党员");
        return -1;
    }
    return 0;
}

static enum ui_attr payments_header(struct screen *s, char *line, size_t linesz)
{
    struct payments *x = s->state;
    snprintf(line, linesz, "%s 的交费明细（共 %d 笔）", x->m.name, x->n);
    return UA_HEADER;
}

struct void_write {
    int64_t id;
    const char *reason;
};
static int write_void(struct store *st, void *ctx)
{
    struct void_write *w = ctx;
    return store_dues_payment_void(st, w->id, w->reason);
}

static int payments_act(struct screen *s, const struct ui_action *act)
{
    struct payments *x = s->state;
    struct app *app = s->app;
    if (act->id == A_VOID) {
        if (x->list.sel < 0 || x->list.sel >= x->n) return SR_REDRAW;
        const struct dues_payment *p = &x->p[x->list.sel];
        if (p->voided) {
            app_error(app, "这笔交费已作废（%s）", p->void_reason);
            return SR_REDRAW;
        }
        int64_t id = p->id;
        char reason[256] = "";
        if (!ui_prompt("作废交费", "作废原因：", reason, sizeof reason, 60, true)) return SR_REDRAW;
        text_trim(reason);
        if (!ui_confirm("确认作废这笔交费？（记录保留，不再计入已交）")) return SR_REDRAW;
        int rc = screens_write(app, write_void, &(struct void_write){id, reason});
        if (rc == STORE_ERR_LOCKED) return SR_REDRAW;
        if (rc != STORE_OK) {
            screens_store_error(app, "未作废");
            return SR_REDRAW;
        }
        app_status(app, "已作废（原因：%s）", reason);
        list_screen_reload(s);
    }
    return SR_REDRAW;
}

static void payments_release(struct screen *s)
{
    struct payments *x_ = s->state;
    free(x_->p);
}

static const struct list_screen payments_list = {
    .columns = payments_columns, .ncolumns = (int)ZB_ARRAY_LEN(payments_columns),
    .empty_text = "（还没有交费记录）", .init = payments_init, .load = load, .header = payments_header,
    .cell = payments_cell, .row_attr = payments_row_attr, .act = payments_act,
    .release = payments_release,
};

const struct screen_ops payments_screen = {
    .name = "payments",
    .title = "交费明细",
    .manual = "党费",
    .help_intro = "所选党员的全部交费记录，新的在前。录错的交费只能作废（须填原因），不能删除。",
    .state_size = sizeof(struct payments),
    .actions = payments_actions,
    .back = "返回",
    LIST_SCREEN_OPS(payments_list),
    .resume = list_screen_reload,
};
