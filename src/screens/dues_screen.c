/* dues.c — 党费: the collection grid (members down, the year's months across), with the cell
 * cursor on a month. On collection day: move down the list and press Space — "paid in full this
 * month" — and the cursor goes to the next member. Enter records a payment of several months;
 * b sets a base, w a waiver, reduction or deferral; a lists arrears; l a member's payments;
 * u the branch's remittances to the higher committee (党费上缴, remit_screen.c), whose year
 * (已收 / 已上缴 / 未上缴) stands under the month's line.
 * Every amount and state comes from core (dues.h) over what the store holds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/dues.h"
#include "zhibu/rules.h"
#include "zhibu/dues_export.h"
#include "zhibu/model.h"
#include "zhibu/screens.h"
#include "zhibu/store_auth.h"
#include "zhibu/store.h"
#include "zhibu/store_dues.h"
#include "zhibu/store_remit.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

enum { A_QUICK = 1, A_PAY, A_BASIS, A_ADJUST, A_ARREARS, A_PAYMENTS, A_YEAR, A_EXPORT, A_START, A_LEFT, A_RIGHT, A_REMIT };

static const struct ui_action dues_actions[] = {
    {.id = A_QUICK, .key = UK_SPACE, .key2 = 'y', .label = "交清", .help = "所选党员交清光标所在月份的党费（按应交金额，今天，无收据号），并移到下一人", .perm = STORE_PERM_EDIT},
    {.id = A_PAY, .key = UK_ENTER, .help = "登记一笔交费：可一次交多个月（补交或预交），填写金额、日期、收据编号", .perm = STORE_PERM_EDIT},
    {.id = A_BASIS, .key = 'b', .label = "基数", .help = "设定所选党员从某月起的党费类别和月缴纳基数（年初核定或工资变动）", .perm = STORE_PERM_EDIT},
    {.id = A_ADJUST, .key = 'w', .label = "减免", .help = "登记经批准的免交、减交或缓交（起止月份、批准人、原因）", .perm = STORE_PERM_EDIT},
    {.id = A_ARREARS, .key = 'a', .label = "欠交", .help = "欠交党费的党员：交至月份、欠交月数和金额、需谈话、连续六个月未交", .perm = STORE_PERM_ANY},
    {.id = A_PAYMENTS, .key = 'l', .label = "明细", .help = "所选党员的交费明细；录错的可作废（须填原因）", .perm = STORE_PERM_ANY},
    {.id = A_REMIT, .key = 'u', .label = "上缴", .help = "党费上缴：本支部向上级党委上缴党费的记录（日期、月份、金额、收据），登记和作废", .perm = STORE_PERM_ANY},
    {.id = A_YEAR, .key = UK_F(4), .label = "年份", .help = "查看另一年份", .perm = STORE_PERM_ANY},
    {.id = A_EXPORT, .key = UK_F(9), .label = "导出", .help = "导出全年党费台账（含本月收缴汇总）为 .xlsx 或 .csv", .perm = STORE_PERM_ANY},
    {.id = A_START, .key = 's', .help = "设定本支部党费台账的起始月份：此前的月份已在纸质台账登记，不计欠交；不能晚于已有交费的月份，每次改动记入支部的修改记录", .perm = STORE_PERM_EDIT},
    {.id = A_LEFT, .key = UK_LEFT, .help = "光标移到上一个月", .perm = STORE_PERM_ANY},
    {.id = A_RIGHT, .key = UK_RIGHT, .help = "光标移到下一个月", .perm = STORE_PERM_ANY},
    {0},
};

/* name, 12 months, paid through */
static const struct ui_column dues_columns[] = {
    {.title = "姓名", .width = 8, .grow = 1},
    {.title = "1月", .width = 4}, {.title = "2月", .width = 4}, {.title = "3月", .width = 4},
    {.title = "4月", .width = 4}, {.title = "5月", .width = 4}, {.title = "6月", .width = 4},
    {.title = "7月", .width = 4}, {.title = "8月", .width = 4}, {.title = "9月", .width = 4},
    {.title = "10月", .width = 4}, {.title = "11月", .width = 4}, {.title = "12月", .width = 4},
    {.title = "交至", .width = 7},
};

struct dues_screen {
    struct ui_list list;
    struct dues_member *members;
    int n;
    int year, month;          /* the cursor's month 1..12 */
    int current_ym;
    struct dues_rules rules;
    struct dues_month *cells; /* n × 12 */
    struct dues_status *status;
    int start_ym;             /* the ledger's first month */
    struct remit_totals remit; /* the year's collected and remitted (党费上缴) */
};

static struct dues_month *cell(struct dues_screen *d, int row, int month)
{
    return &d->cells[row * 12 + (month - 1)];
}

static void compute(struct dues_screen *d)
{
    free(d->cells);
    free(d->status);
    d->cells = xcalloc((size_t)(d->n > 0 ? d->n : 1) * 12, sizeof *d->cells);
    d->status = xcalloc((size_t)(d->n > 0 ? d->n : 1), sizeof *d->status);
    for (int i = 0; i < d->n; i++) {
        for (int m = 1; m <= 12; m++)
            *cell(d, i, m) = dues_month_of(&d->members[i].f, dues_ym(d->year, m), d->current_ym, &d->rules);
        dues_status_of(&d->members[i].f, d->current_ym, &d->rules, &d->status[i]);
    }
}

static void reload(struct screen *s)
{
    struct dues_screen *d = s->state;
    struct app *app = s->app;
    int keep = d->list.sel;
    store_dues_member_list_free(&(struct store_dues_member_list){d->members, d->n});
    struct store_dues_member_list all;
    if (store_dues_member_list(app->store, app->branch_id, (struct zmonth){d->year, 1}, &all) != STORE_OK)
        screens_store_error(app, "读取党费失败");
    d->members = all.v;
    d->n = all.n;
    struct zmonth start;
    d->start_ym = store_dues_start_get(app->store, app->branch_id, &start) == STORE_OK ? zmonth_index(start) : 0;
    if (store_remit_totals(app->store, app->branch_id, dues_ym(d->year, 1), dues_ym(d->year, 12),
                           &d->remit) != STORE_OK)
        d->remit = (struct remit_totals){0};
    compute(d);
    ui_list_set_count(&d->list, d->n);
    if (keep >= 0) ui_list_select(&d->list, keep);
    d->list.cell_cursor = d->month + 1;
}

static void dues_cell(void *ctx, int row, int column, char *buf, size_t bufsz)
{
    struct dues_screen *d = ctx;
    buf[0] = '\0';
    if (row < 0 || row >= d->n) return;
    if (column == 0) {
        zb_strlcpy(buf, d->members[row].m.name, bufsz);
    } else if (column <= 12) {
        const struct dues_month *c = cell(d, row, column);
        if (c->state == DUES_NOT_DUE) return;
        if (c->state == DUES_FUTURE) {
            zb_strlcpy(buf, "·", bufsz);
            return;
        }
        zb_strlcpy(buf, dues_state_label(c->state), bufsz);
        if (c->deferred && c->state != DUES_PAID) zb_strlcpy(buf, "缓", bufsz);
        if (c->state == DUES_WAIVED && dues_base_missing(&d->members[row].f, dues_ym(d->year, column)))
            zb_strlcpy(buf, "待核", bufsz);
    } else {
        int pt = d->status[row].paid_through_ym;
        if (dues_base_missing(&d->members[row].f, d->current_ym)) zb_strlcpy(buf, "待核", bufsz);
        else if (pt >= d->members[row].f.join_ym) dues_ym_format(pt, buf);
        else zb_strlcpy(buf, "未交", bufsz);
    }
}

static enum ui_attr dues_row_attr(void *ctx, int row)
{
    struct dues_screen *d = ctx;
    if (row < 0 || row >= d->n) return UA_NORMAL;
    if (d->members[row].m.leave_status[0]) return UA_DIM;
    return d->status[row].needs_talk || d->status[row].lapse ? UA_MARK : UA_NORMAL;
}

static int dues_open(struct screen *s, void *arg)
{
    (void)arg;
    struct dues_screen *d = s->state;
    struct zdate today = clock_today();
    d->year = today.y;
    d->month = today.m;
    d->current_ym = dues_ym_of_date(today);
    d->rules = s->app->rules->audit.dues;
    d->list = (struct ui_list){
        .columns = dues_columns,
        .ncolumns = (int)ZB_ARRAY_LEN(dues_columns),
        .sel = -1,
        .cell = dues_cell,
        .row_attr = dues_row_attr,
        .ctx = d,
        .empty_text = "（本支部名册中没有党员）",
    };
    reload(s);
    return 0;
}

static void dues_close(struct screen *s)
{
    struct dues_screen *d = s->state;
    store_dues_member_list_free(&(struct store_dues_member_list){d->members, d->n});
    free(d->cells);
    free(d->status);
}

static void dues_resume(struct screen *s)
{
    reload(s);
}

static void dues_draw(struct screen *s, struct ui_rect body)
{
    struct dues_screen *d = s->state;
    char line[400], a[24], b[24], c[24];
    long due = 0, paid = 0;
    int unpaid = 0;
    for (int i = 0; i < d->n; i++) {
        const struct dues_month *x = cell(d, i, d->month);
        if (x->state == DUES_NOT_DUE) continue;
        due += x->due;
        paid += x->paid;
        if (x->state == DUES_UNPAID || x->state == DUES_PARTLY) unpaid++;
    }
    dues_format_yuan(due, a, sizeof a);
    dues_format_yuan(paid, b, sizeof b);
    dues_format_yuan(due > paid ? due - paid : 0, c, sizeof c);
    char start[8] = "";
    if (d->start_ym) dues_ym_format(d->start_ym, start);
    snprintf(line, sizeof line, "%d年%d月：应收 %s 实收 %s 未收 %s 元（%d 人未交清） 台账自 %s", d->year,
             d->month, a, b, c, unpaid, start);
    ui_put(body.row, body.col + 1, body.cols - 1, line, UA_HEADER);
    dues_format_yuan(d->remit.collected, a, sizeof a);
    dues_format_yuan(d->remit.remitted, b, sizeof b);
    dues_format_yuan(d->remit.collected - d->remit.remitted, c, sizeof c);
    snprintf(line, sizeof line, "%d年：已收 %s 已上缴 %s 未上缴 %s 元（u 上缴记录）", d->year, a, b, c);
    ui_put(body.row + 1, body.col + 1, body.cols - 1, line, UA_NORMAL);
    struct ui_rect lr = {body.row + 2, body.col, body.rows - 3, body.cols};
    ui_list_draw(&d->list, lr);
    /* the selected member's line: amount due and where they stand */
    int sel = d->list.sel;
    if (sel >= 0 && sel < d->n) {
        const struct dues_member *m = &d->members[sel];
        const struct dues_month *x = cell(d, sel, d->month);
        const struct dues_status *st = &d->status[sel];
        dues_format_yuan(x->due, a, sizeof a);
        dues_format_yuan(st->amount_owed, b, sizeof b);
        const char *flag = st->lapse ? "  连续六个月未交 — 按自行脱党处理待支部研究"
                           : st->needs_talk ? "  需谈话" : "";
        snprintf(line, sizeof line, "%s %s：本月应交 %s 元；欠交 %d 个月 %s 元%s", m->m.name,
                 code_label_of(DUES_CATEGORIES, m->m.dues_category), a, st->months_owed, b, flag);
        ui_put(body.row + body.rows - 1, body.col + 1, body.cols - 1, line,
               st->needs_talk || st->lapse ? UA_MARK : UA_NORMAL);
    }
}

static struct dues_member *selected(struct screen *s)
{
    struct dues_screen *d = s->state;
    if (d->list.sel < 0 || d->list.sel >= d->n) {
        app_error(s->app, "请先选择一名党员");
        return NULL;
    }
    return &d->members[d->list.sel];
}

/* A payment refused because another session changed the member's dues meanwhile (the store
 * decides inside its write): the grid read again, and the member's month as it now stands —
 * 已交清 (and on to the next member), or what is still owed. */
static int paid_elsewhere(struct screen *s, int64_t member_id)
{
    struct dues_screen *d = s->state;
    struct app *app = s->app;
    char why[512];
    zb_strlcpy(why, store_errmsg(app->store), sizeof why);
    reload(s);
    for (int i = 0; i < d->n; i++) {
        if (d->members[i].m.id != member_id) continue;
        ui_list_select(&d->list, i);
        const struct dues_month *x = cell(d, i, d->month);
        if (x->paid >= x->due) {
            app_status(app, "%s %d月已交清（%s）", d->members[i].m.name, d->month, why);
            ui_list_key(&d->list, UK_DOWN);
        } else {
            app_error(app, "未登记：%s；已重新读取，请核对后再登记", why);
        }
        return SR_REDRAW;
    }
    app_error(app, "未登记：%s", why);
    return SR_REDRAW;
}

/* The grid's other writes, made through screens_write (a reviewed month asks for 申请修改). */
struct basis_write {
    int64_t member_id, version;
    int from;
    const char *category;
    long base;
};
static int write_basis(struct store *st, void *ctx)
{
    struct basis_write *w = ctx;
    return store_dues_basis_set(st, w->member_id, zmonth_from_index(w->from), w->category, w->base, "", w->version);
}

static int write_adjust(struct store *st, void *ctx)
{
    return store_dues_adjust_add(st, ctx);
}

struct start_write {
    int64_t branch_id;
    int ym;
};
static int write_start(struct store *st, void *ctx)
{
    struct start_write *w = ctx;
    return store_dues_start_set(st, w->branch_id, zmonth_from_index(w->ym));
}

/* Space: the cursor month paid in full, today, and on to the next member. */
static int quick_pay(struct screen *s)
{
    struct dues_screen *d = s->state;
    struct app *app = s->app;
    struct dues_member *m = selected(s);
    if (!m) return SR_REDRAW;
    int ym = dues_ym(d->year, d->month);
    const struct dues_month *x = cell(d, d->list.sel, d->month);
    if (x->state == DUES_NOT_DUE) {
        app_error(app, "%s %d月不需交党费（入党前或已离开名册）", m->m.name, d->month);
        return SR_REDRAW;
    }
    if (dues_base_missing(&m->f, ym)) {
        app_error(app, "%s 尚未核定党费基数（按 b 设定月收入或养老金）", m->m.name);
        return SR_REDRAW;
    }
    if (x->state == DUES_WAIVED) {
        app_error(app, "%s %d月已批准免交", m->m.name, d->month);
        return SR_REDRAW;
    }
    if (x->paid >= x->due) {
        app_status(app, "%s %d月已交清", m->m.name, d->month);
        ui_list_key(&d->list, UK_DOWN);
        return SR_REDRAW;
    }
    long amount = x->due - x->paid;
    char today[11];
    date_format(clock_today(), today);
    char msgbuf[ZB_MSG_MAX];
    const char *err = dues_check_payment(&m->f, ym, ym, amount, today, clock_today(), msgbuf, sizeof msgbuf);
    if (err) {
        app_error(app, "未登记：%s", err);
        return SR_REDRAW;
    }
    struct dues_paid alloc[1];
    int na = dues_allocate(&m->f, ym, ym, amount, &d->rules, alloc);
    struct dues_payment p = {.member_id = m->m.id, .branch_id = app->branch_id, .from_ym = ym, .to_ym = ym,
                             .amount = amount, .paid_before = x->paid};
    zb_strlcpy(p.paid_date, today, sizeof p.paid_date);
    int rc = screens_write_payment(app, &p, alloc, na);
    if (rc == STORE_ERR_LOCKED) return SR_REDRAW;
    if (rc == STORE_ERR_CHANGED) return paid_elsewhere(s, p.member_id);
    if (rc != STORE_OK) {
        screens_store_error(app, "未登记");
        return SR_REDRAW;
    }
    char a[24];
    dues_format_yuan(amount, a, sizeof a);
    app_status(app, "已登记：%s %d月 %s 元", m->m.name, d->month, a);
    reload(s);
    ui_list_key(&d->list, UK_DOWN);
    return SR_REDRAW;
}

static int set_basis(struct screen *s)
{
    struct dues_screen *d = s->state;
    struct app *app = s->app;
    struct dues_member *m = selected(s);
    if (!m) return SR_REDRAW;
    char title[200];
    snprintf(title, sizeof title, "%s 的党费基数", m->m.name);
    int from = dues_ym(d->year, d->month);
    if (!screens_ask_month(title, "从哪个月起（YYYY-MM）：", &from)) return SR_REDRAW;
    const char *labels[8], *codes[8];
    int n = 0, initial = 0;
    for (const struct code_label *c = DUES_CATEGORIES; c->code && n < 8; c++) {
        if (strcmp(c->code, m->m.dues_category) == 0) initial = n;
        codes[n] = c->code;
        labels[n++] = c->label;
    }
    int pick = ui_pick("党费类别", labels, n, initial);
    if (pick < 0) return SR_REDRAW;
    long base = 0;
    if (strcmp(codes[pick], "employed") == 0 || strcmp(codes[pick], "retired") == 0) {
        char buf[32] = "";
        for (;;) {
            if (!ui_prompt(title, strcmp(codes[pick], "employed") == 0 ? "月工资收入（税后，元）：" : "月养老金（元）：",
                           buf, sizeof buf, 12, true))
                return SR_REDRAW;
            text_trim(buf);
            base = dues_parse_yuan(buf);
            if (base >= 0) break;
            ui_message("金额有误", "金额应为数字，最多两位小数，例如 3500 或 3500.50，且不超过 10 万元");
        }
    }
    struct basis_write w = {.member_id = m->m.id, .version = m->bases_version, .from = from,
                            .category = codes[pick], .base = base};
    int rc = screens_write(app, write_basis, &w);
    if (rc == STORE_ERR_LOCKED) return SR_REDRAW;
    if (rc == STORE_ERR_CHANGED) {
        char why[512];
        zb_strlcpy(why, store_errmsg(app->store), sizeof why);
        reload(s);
        app_error(app, "未保存：%s；已重新读取，请核对后再设定", why);
        return SR_REDRAW;
    }
    if (rc != STORE_OK) {
        screens_store_error(app, "未保存");
        return SR_REDRAW;
    }
    char a[24], ym[8];
    dues_format_yuan(dues_monthly_amount(codes[pick], base, &d->rules), a, sizeof a);
    dues_ym_format(from, ym);
    app_status(app, "%s 自 %s 起为%s，月应交 %s 元", m->m.name, ym, labels[pick], a);
    reload(s);
    return SR_REDRAW;
}

static int set_adjust(struct screen *s)
{
    struct dues_screen *d = s->state;
    struct app *app = s->app;
    struct dues_member *m = selected(s);
    if (!m) return SR_REDRAW;
    static const char *const kinds[] = {"免交", "减交", "缓交（有正当理由）"};
    char title[200];
    snprintf(title, sizeof title, "%s 减免缓交", m->m.name);
    int kind = ui_pick(title, kinds, 3, 0);
    if (kind < 0) return SR_REDRAW;
    struct dues_adjust_rec r = {.member_id = m->m.id};
    r.a.kind = (enum dues_adjust_kind)kind;
    r.a.from_ym = dues_ym(d->year, d->month);
    if (!screens_ask_month(title, "起始月份（YYYY-MM）：", &r.a.from_ym)) return SR_REDRAW;
    r.a.to_ym = r.a.from_ym;
    for (;;) {
        if (!screens_ask_month(title, "截止月份（YYYY-MM）：", &r.a.to_ym)) return SR_REDRAW;
        if (r.a.to_ym >= r.a.from_ym) break;
        ui_message("月份有误", "截止月份不能早于起始月份");
    }
    if (r.a.kind == DUES_REDUCE) {
        char buf[32] = "";
        for (;;) {
            if (!ui_prompt(title, "减交后每月金额（元）：", buf, sizeof buf, 12, true)) return SR_REDRAW;
            text_trim(buf);
            r.a.amount = dues_parse_yuan(buf);
            if (r.a.amount >= 0) break;
            ui_message("金额有误", "金额应为数字，最多两位小数");
        }
    }
    if (!ui_prompt(title, "批准人（如 镇党委）：", r.approved_by, sizeof r.approved_by, 30, true)) return SR_REDRAW;
    text_trim(r.approved_by);
    if (!ui_prompt(title, "原因：", r.reason, sizeof r.reason, 60, true)) return SR_REDRAW;
    text_trim(r.reason);
    int rc = screens_write(app, write_adjust, &r);
    if (rc == STORE_ERR_LOCKED) return SR_REDRAW;
    if (rc != STORE_OK) {
        screens_store_error(app, "未保存");
        return SR_REDRAW;
    }
    app_status(app, "已登记 %s %s", m->m.name, kinds[kind]);
    reload(s);
    return SR_REDRAW;
}

static int set_start(struct screen *s)
{
    struct dues_screen *d = s->state;
    struct app *app = s->app;
    int ym = d->start_ym ? d->start_ym : d->current_ym;
    if (!screens_ask_month("党费台账起始月份", "从哪个月起在本系统记账（YYYY-MM）：", &ym)) return SR_REDRAW;
    if (ym > d->current_ym) {
        app_error(app, "起始月份不能晚于本月");
        return SR_REDRAW;
    }
    /* a reviewed month drops out: 申请修改 */
    int rc = screens_write(app, write_start, &(struct start_write){app->branch_id, ym});
    if (rc == STORE_ERR_LOCKED) return SR_REDRAW;
    if (rc != STORE_OK) {
        screens_store_error(app, "未保存");
        return SR_REDRAW;
    }
    char t[8];
    dues_ym_format(ym, t);
    app_status(app, "党费台账自 %s 起记录；此前的月份不计欠交", t);
    reload(s);
    return SR_REDRAW;
}

static int change_year(struct screen *s)
{
    struct dues_screen *d = s->state;
    char buf[8];
    snprintf(buf, sizeof buf, "%d", d->year);
    for (;;) {
        if (!ui_prompt("查看年份", "年份：", buf, sizeof buf, 4, true)) return SR_REDRAW;
        text_trim(buf);
        int y = atoi(buf);
        if (text_all_digits(buf) && y >= 1950 && y <= clock_today().y + 1) {
            d->year = y;
            break;
        }
        ui_message("年份有误", "请输入四位年份，不晚于明年");
    }
    reload(s);
    return SR_REDRAW;
}

static int do_export(struct screen *s)
{
    struct dues_screen *d = s->state;
    struct app *app = s->app;
    char path[1024];
    snprintf(path, sizeof path, "党费台账-%d.xlsx", d->year);
    if (!ui_prompt("导出党费台账", "文件名（.xlsx 或 .csv）：", path, sizeof path, 200, true)) return SR_REDRAW;
    text_trim(path);
    if (!screens_may_overwrite(app, path)) return SR_REDRAW;
    char err[512];
    if (dues_export_year(app->store, app->branch_id, d->year, (struct zmonth){d->year, d->month},
                         zmonth_from_index(d->current_ym), &d->rules, path, err, sizeof err) != 0) {
        app_error(app, "导出失败：%s", err);
        return SR_REDRAW;
    }
    app_status(app, "已导出 %d 年党费台账到 %s", d->year, path);
    return SR_REDRAW;
}

static int dues_handle(struct screen *s, int key, const struct ui_action *act)
{
    struct dues_screen *d = s->state;
    struct app *app = s->app;
    if (!act) return ui_list_key(&d->list, key) ? SR_REDRAW : SR_NONE;
    switch (act->id) {
    case A_QUICK: return quick_pay(s);
    case A_PAY: {
        struct dues_member *m = selected(s);
        if (!m) return SR_REDRAW;
        struct payment_form_arg arg = {.member_id = m->m.id, .to_ym = dues_ym(d->year, d->month)};
        app_push(app, &payment_form_screen, &arg);
        return SR_REDRAW;
    }
    case A_BASIS: return set_basis(s);
    case A_ADJUST: return set_adjust(s);
    case A_ARREARS: app_push(app, &arrears_screen, NULL); return SR_REDRAW;
    case A_PAYMENTS: {
        struct dues_member *m = selected(s);
        if (m) app_push(app, &payments_screen, &m->m.id);
        return SR_REDRAW;
    }
    case A_REMIT: app_push(app, &remit_screen, &d->year); return SR_REDRAW;
    case A_YEAR: return change_year(s);
    case A_EXPORT: return do_export(s);
    case A_START: return set_start(s);
    case A_LEFT:
        if (d->month > 1) d->month--;
        d->list.cell_cursor = d->month + 1;
        return SR_REDRAW;
    case A_RIGHT:
        if (d->month < 12) d->month++;
        d->list.cell_cursor = d->month + 1;
        return SR_REDRAW;
    default: return SR_NONE;
    }
}

const struct screen_ops dues_screen = {
    .name = "dues",
    .title = "党费",
    .manual = "党费",
    .help_intro = "党费收缴表：每行一名党员，每列一个月。已交＝交清；部分＝未交足；欠＝该月未交；"
                  "缓＝经批准缓交；免＝经批准免交；待核＝在职或离退休党员尚未核定基数；·＝未到月份；交至＝连续交清到的月份。"
                  "收缴日：光标放在本月，逐人按空格登记“交清”。本月党费在月末前不算欠交。"
                  "台账起始月份（s）以前的月份已在纸质台账登记，不计欠交；转入的党员从介绍信所写“交至”的次月起计。"
                  "第二行是全年已收、已上缴（向上级党委）和未上缴的党费；按 u 查看和登记上缴记录。",
    .state_size = sizeof(struct dues_screen),
    .actions = dues_actions,
    .back = "返回首页",
    .open = dues_open,
    .draw = dues_draw,
    .handle = dues_handle,
    .resume = dues_resume,
    .close = dues_close,
};
