/* rectify.c — 整改事项: the rectification orders of one branch (its secretary marks one done with
 * a note) or of every branch (the reviewer confirms a done one or sends it back with a note).
 * Orders past their deadline and not confirmed are marked 逾期. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/audit.h"
#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/deadlines.h"
#include "zhibu/list_screen.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_audit.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

enum { A_DONE = 1, A_CONFIRM, A_RETURN, A_SHOW, A_ALL };

static const struct ui_action rectify_actions[] = {
    {.id = A_DONE, .key = 'd', .label = "已整改", .help = "（支部）所选整改已完成：写明整改情况，交审查员确认", .perm = STORE_PERM_EDIT},
    {.id = A_CONFIRM, .key = 'c', .label = "确认", .help = "（审查员）确认所选整改已完成", .perm = STORE_PERM_REVIEW},
    {.id = A_RETURN, .key = 'b', .label = "退回", .help = "（审查员）整改不到位，写明原因后退回重新整改", .perm = STORE_PERM_REVIEW},
    {.id = A_SHOW, .key = UK_ENTER, .help = "查看所选整改的要求、说明和经过", .perm = STORE_PERM_ANY},
    {.id = A_ALL, .key = UK_F(4), .label = "全部", .help = "只看未完成的 / 看全部（含已确认的）", .perm = STORE_PERM_ANY},
    {0},
};

static const struct ui_column rectify_columns[] = {
    {.title = "支部", .width = 10, .grow = 1},
    {.title = "月份", .width = 7},
    {.title = "项目", .width = 8},
    {.title = "期限", .width = 10},
    {.title = "状态", .width = 12},
};

struct rectify {
    struct ui_list list;
    struct rectify_arg arg;
    struct rectification *r; /* every order shown (heap) */
    int n;
    bool all;
};

static bool overdue(const struct rectification *r)
{
    return rectify_overdue(r->status, r->deadline, clock_today());
}

static void rectify_cell(void *ctx, int row, int column, char *buf, size_t bufsz)
{
    struct rectify *x = ctx;
    buf[0] = '\0';
    if (row < 0 || row >= x->n) return;
    const struct rectification *r = &x->r[row];
    switch (column) {
    case 0: zb_strlcpy(buf, r->branch_name, bufsz); break;
    case 1: zb_strlcpy(buf, r->month, bufsz); break;
    case 2: zb_strlcpy(buf, audit_item_label(r->item), bufsz); break;
    case 3: zb_strlcpy(buf, r->deadline, bufsz); break;
    case 4:
        snprintf(buf, bufsz, "%s%s%s", code_label_of(RECTIFY_STATES, r->status), overdue(r) ? " 逾期" : "",
                 strcmp(r->status, "open") == 0 && r->return_note[0] ? " 退回" : "");
        break;
    default: break;
    }
}

static enum ui_attr rectify_row_attr(void *ctx, int row)
{
    struct rectify *x = ctx;
    if (row < 0 || row >= x->n) return UA_NORMAL;
    if (strcmp(x->r[row].status, "confirmed") == 0) return UA_DIM;
    return overdue(&x->r[row]) ? UA_MARK : UA_NORMAL;
}

static int load(struct screen *s)
{
    struct rectify *x = s->state;
    struct store_rectification_list l;
    if (store_rectification_list(s->app->store, x->arg.branch_id, NULL, !x->all, &l) != STORE_OK)
        screens_store_error(s->app, "读取整改事项失败");
    free(x->r);
    x->r = l.v;
    x->n = l.n;
    return x->n;
}

static int rectify_init(struct screen *s, void *arg)
{
    struct rectify *x = s->state;
    x->arg = *(const struct rectify_arg *)arg;
    return 0;
}

static void rectify_release(struct screen *s)
{
    struct rectify *x = s->state;
    free(x->r);
}

static enum ui_attr rectify_header(struct screen *s, char *line, size_t linesz)
{
    struct rectify *x = s->state;
    int late = 0;
    for (int i = 0; i < x->n; i++)
        if (overdue(&x->r[i])) late++;
    snprintf(line, linesz, "%s整改事项 %d 项，其中逾期 %d 项%s", x->arg.branch_id ? "本支部" : "各支部", x->n, late,
             x->all ? "（含已确认）" : "");
    return late ? UA_MARK : UA_HEADER;
}

/* Where the order stands, when the move of act cannot be made from there (the store's rule: open
 * -> done by the branch -> confirmed or sent back by the reviewer), in the store's words; NULL
 * when it can. Asked before the note is typed. */
static const char *move_refusal(const struct rectification *r, int act)
{
    const char *from = act == A_DONE ? "open" : "done";
    if ((act != A_DONE && act != A_CONFIRM && act != A_RETURN) || strcmp(r->status, from) == 0) return NULL;
    if (strcmp(r->status, "confirmed") == 0) return "该整改已确认";
    if (strcmp(r->status, "done") == 0) return "该整改已标记完成，等待确认";
    return "该整改尚未标记完成";
}

static int rectify_act(struct screen *s, const struct ui_action *act)
{
    struct rectify *x = s->state;
    struct app *app = s->app;
    if (act->id == A_ALL) {
        x->all = !x->all;
        list_screen_reload(s);
        return SR_REDRAW;
    }
    if (x->list.sel < 0 || x->list.sel >= x->n) {
        app_error(app, "请先选择一项整改");
        return SR_REDRAW;
    }
    const struct rectification *r = &x->r[x->list.sel];
    const char *refusal = move_refusal(r, act->id);
    if (refusal) {
        app_error(app, "%s", refusal);
        return SR_REDRAW;
    }
    int64_t id = r->id;
    char text[2400];
    switch (act->id) {
    case A_SHOW:
        snprintf(text, sizeof text, "整改要求：%s\n期限：%s\n状态：%s%s\n\n支部整改情况：%s%s%s\n%s%s\n%s%s",
                 r->order_text, r->deadline, code_label_of(RECTIFY_STATES, r->status), overdue(r) ? "（已逾期）" : "",
                 r->done_note[0] ? r->done_note : "（尚未说明）", r->done_at[0] ? "（" : "", r->done_at[0] ? r->done_at : "",
                 r->return_note[0] ? "退回原因：" : "", r->return_note, r->confirmed_at[0] ? "确认于 " : "", r->confirmed_at);
        ui_message(r->branch_name, text);
        return SR_REDRAW;
    case A_DONE: {
        char note[600] = "";
        if (!ui_prompt("整改完成", "整改情况：", note, sizeof note, 150, true)) return SR_REDRAW;
        text_trim(note);
        if (store_rectification_done(app->store, id, note) != STORE_OK) {
            screens_store_error(app, "未保存");
            return SR_REDRAW;
        }
        app_status(app, "已报整改完成，待审查员确认");
        break;
    }
    case A_CONFIRM:
        if (!ui_confirm("确认该项整改已完成？")) return SR_REDRAW;
        if (store_rectification_confirm(app->store, id) != STORE_OK) {
            screens_store_error(app, "未确认");
            return SR_REDRAW;
        }
        app_status(app, "已确认整改完成");
        break;
    case A_RETURN: {
        char note[600] = "";
        if (!ui_prompt("退回整改", "退回原因：", note, sizeof note, 150, true)) return SR_REDRAW;
        text_trim(note);
        if (store_rectification_return(app->store, id, note) != STORE_OK) {
            screens_store_error(app, "未退回");
            return SR_REDRAW;
        }
        app_status(app, "已退回，重新整改");
        break;
    }
    default: return SR_NONE;
    }
    list_screen_reload(s);
    return SR_REDRAW;
}

/* The orders' branch; on the list of every branch, the selected order's. */
static int64_t rectify_branch(struct screen *s)
{
    struct rectify *x = s->state;
    if (x->arg.branch_id) return x->arg.branch_id;
    return x->list.sel >= 0 && x->list.sel < x->n ? x->r[x->list.sel].branch_id : 0;
}

static const struct list_screen rectify_list = {
    .columns = rectify_columns, .ncolumns = (int)ZB_ARRAY_LEN(rectify_columns),
    .empty_text = "（没有未完成的整改事项）", .init = rectify_init, .load = load, .header = rectify_header,
    .cell = rectify_cell, .row_attr = rectify_row_attr, .act = rectify_act, .release = rectify_release,
};

const struct screen_ops rectify_screen = {
    .name = "rectify",
    .title = "整改事项",
    .manual = "月审月报（支部）",
    .help_intro = "审查意见为“需整改”的项目形成整改事项：支部整改后写明情况（d），审查员确认（c）或退回（b）。"
                  "过了期限尚未确认的标为逾期。",
    .state_size = sizeof(struct rectify),
    .actions = rectify_actions,
    .back = "返回",
    LIST_SCREEN_OPS(rectify_list),
    .resume = list_screen_reload,
    .branch = rectify_branch,
};
