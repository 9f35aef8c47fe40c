/* plans.c — 会议计划: meetings planned ahead (kind, date, topic). Recording a plan opens the
 * meeting form with the plan filled in; the saved record fulfils the plan. Cancelling a plan
 * voids it with a reason. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/deadlines.h"
#include "zhibu/meeting.h"
#include "zhibu/list_screen.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_meeting.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

enum { A_NEW = 1, A_RECORD, A_CANCEL_PLAN };

static const struct ui_action plan_actions[] = {
    {.id = A_NEW, .key = UK_F(2), .label = "新计划", .help = "计划一次会议：类型、日期、议题", .perm = STORE_PERM_EDIT},
    {.id = A_RECORD, .key = UK_ENTER, .help = "按所选计划登记会议记录（保存后计划即完成）", .perm = STORE_PERM_EDIT},
    {.id = A_CANCEL_PLAN, .key = UK_F(8), .label = "取消计划", .help = "取消所选计划（须填原因，记录保留）", .perm = STORE_PERM_EDIT},
    {0},
};

static const struct ui_column plan_columns[] = {
    {.title = "日期", .width = 10},
    {.title = "类型", .width = 8},
    {.title = "议题", .width = 20, .grow = 1},
    {.title = "状态", .width = 12},
};

struct plans {
    struct ui_list list;
    struct meeting_plan *plans;  /* every open plan (heap) */
    int n;
    struct zdate today;
    int64_t saved_id;
};

static void plan_cell(void *ctx, int row, int column, char *buf, size_t bufsz)
{
    struct plans *p = ctx;
    buf[0] = '\0';
    if (row < 0 || row >= p->n) return;
    const struct meeting_plan *x = &p->plans[row];
    int k = meeting_kind_of_code(x->kind);
    long days;
    switch (column) {
    case 0: zb_strlcpy(buf, x->date, bufsz); break;
    case 1: zb_strlcpy(buf, k >= 0 ? meeting_kind_short((enum meeting_kind)k) : x->kind, bufsz); break;
    case 2: zb_strlcpy(buf, x->topic, bufsz); break;
    case 3:
        if (!plan_days_left(x->date, p->today, &days)) break;
        if (days < 0) snprintf(buf, bufsz, "逾期 %ld 天", -days);
        else if (days == 0) zb_strlcpy(buf, "今天", bufsz);
        else snprintf(buf, bufsz, "还有 %ld 天", days);
        break;
    default: break;
    }
}

static enum ui_attr plan_row_attr(void *ctx, int row)
{
    struct plans *p = ctx;
    if (row >= 0 && row < p->n && plan_overdue(p->plans[row].date, p->today))
        return UA_MARK;
    return UA_NORMAL;
}

static int load(struct screen *s)
{
    struct plans *p = s->state;
    struct store_plan_list l;
    if (store_plan_list(s->app->store, s->app->branch_id, "", &l) != STORE_OK)
        screens_store_error(s->app, "读取计划失败");
    free(p->plans);
    p->plans = l.v;
    p->n = l.n;
    return p->n;
}

static int plans_init(struct screen *s, void *arg)
{
    (void)arg;
    struct plans *p = s->state;
    p->today = clock_today();
    p->list.empty_text = store_may(s->app->store, STORE_PERM_EDIT, s->app->branch_id)
                             ? "（没有待办的会议计划，按 F2 新建）"
                             : "（没有待办的会议计划）";
    return 0;
}

static enum ui_attr plans_header(struct screen *s, char *line, size_t linesz)
{
    struct plans *p = s->state;
    int overdue = 0;
    for (int i = 0; i < p->n; i++)
        if (plan_row_attr(p, i) == UA_MARK) overdue++;
    snprintf(line, linesz, "待办计划 %d 项，其中逾期 %d 项", p->n, overdue);
    return overdue ? UA_MARK : UA_NORMAL;
}

static int new_plan(struct screen *s)
{
    struct app *app = s->app;
    struct plans *p = s->state;
    int k = screens_pick_meeting_kind("计划会议：选择类型", 0);
    if (k < 0) return SR_REDRAW;
    struct meeting_plan plan = {.branch_id = app->branch_id};
    zb_strlcpy(plan.kind, meeting_kind_code((enum meeting_kind)k), sizeof plan.kind);
    if (k == MK_GROUP) {
        struct group g;
        if (screens_pick_group(app, "哪个党小组", "本支部还没有党小组", &g) != 0) return SR_REDRAW;
        plan.group_id = g.id;
    }
    char date[32];
    date_format(p->today, date);
    for (;;) {
        if (!ui_prompt("计划会议", "日期（YYYY-MM-DD）：", date, sizeof date, 10, true)) return SR_REDRAW;
        text_trim(date);
        struct zdate d;
        if (!date_parse(date, &d)) {
            char msgbuf[ZB_MSG_MAX];
            ui_message("日期有误", date_problem(date, msgbuf, sizeof msgbuf));
            continue;
        }
        if (date_cmp(d, p->today) < 0) {
            ui_message("日期有误", "计划日期不能早于今天；已开过的会议请直接登记记录");
            continue;
        }
        break;
    }
    zb_strlcpy(plan.date, date, sizeof plan.date);
    char topic[sizeof plan.topic] = "";
    if (!ui_prompt("计划会议", "议题：", topic, sizeof topic, 60, true)) return SR_REDRAW;
    text_trim(topic);
    zb_strlcpy(plan.topic, topic, sizeof plan.topic);
    if (store_plan_add(app->store, &plan) != STORE_OK) {
        screens_store_error(app, "未保存");
        return SR_REDRAW;
    }
    app_status(app, "已计划：%s %s", plan.date, meeting_kind_label((enum meeting_kind)k));
    list_screen_reload(s);
    return SR_REDRAW;
}

static int plans_act(struct screen *s, const struct ui_action *act)
{
    struct plans *p = s->state;
    struct app *app = s->app;
    const struct meeting_plan *sel = p->list.sel >= 0 && p->list.sel < p->n ? &p->plans[p->list.sel] : NULL;
    switch (act->id) {
    case A_NEW: return new_plan(s);
    case A_RECORD: {
        if (!sel) { app_error(app, "请先选择一项计划"); return SR_REDRAW; }
        struct meeting_form_arg arg = {.kind = meeting_kind_of_code(sel->kind), .plan_id = sel->id,
                                       .saved_id = &p->saved_id};
        app_push(app, &meeting_form_screen, &arg);
        return SR_REDRAW;
    }
    case A_CANCEL_PLAN: {
        if (!sel) { app_error(app, "请先选择一项计划"); return SR_REDRAW; }
        /* the store's refusals, known before the reason is asked */
        if (sel->voided || sel->meeting_id) {
            app_error(app, "未取消：%s", sel->voided ? "该计划已作废" : "该计划已有会议记录，不能作废");
            return SR_REDRAW;
        }
        int64_t id = sel->id;
        char reason[256] = "";
        if (!ui_prompt("取消计划", "原因：", reason, sizeof reason, 100, true)) return SR_REDRAW;
        text_trim(reason);
        if (store_plan_void(app->store, id, reason) != STORE_OK) {
            screens_store_error(app, "未取消");
            return SR_REDRAW;
        }
        app_status(app, "已取消计划（原因：%s）", reason);
        list_screen_reload(s);
        return SR_REDRAW;
    }
    default: return SR_NONE;
    }
}

static void plans_release(struct screen *s)
{
    struct plans *x_ = s->state;
    free(x_->plans);
}

static const struct list_screen plans_list = {
    .columns = plan_columns, .ncolumns = 4, .init = plans_init, .load = load, .header = plans_header,
    .cell = plan_cell, .row_attr = plan_row_attr, .act = plans_act, .release = plans_release,
};

const struct screen_ops plans_screen = {
    .name = "plans",
    .title = "会议计划",
    .manual = "三会一课",
    .help_intro = "提前计划会议。首页会提醒 7 日内的计划和逾期的计划；按计划登记记录后，计划即完成。",
    .state_size = sizeof(struct plans),
    .actions = plan_actions,
    .back = "返回会议记录列表",
    LIST_SCREEN_OPS(plans_list),
    .resume = list_screen_reload,
};
