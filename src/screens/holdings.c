/* holdings.c — who holds which post, in three views: a post's page (its duties above its
 * holders), a member's posts (from the roster), and the holders whose reports are overdue.
 * The same keys everywhere: F2 claim, r report, v review, F8 step down, l the record. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/model.h"
#include "zhibu/post_flows.h"
#include "zhibu/post_status.h"
#include "zhibu/posts.h"
#include "zhibu/list_screen.h"
#include "zhibu/rules.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_posts.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

enum { A_CLAIM = 1, A_REPORT, A_REVIEW, A_END, A_RECORD, A_EDIT, A_OPEN };

static const struct ui_action holdings_actions[] = {
    {.id = A_CLAIM, .key = UK_F(2), .label = "认领", .help = "认领岗位（或由组织推荐），填写认领日期和承诺；岗位已满时先提醒", .perm = STORE_PERM_EDIT},
    {.id = A_REPORT, .key = 'r', .label = "汇报", .help = "登记所选党员的履职汇报：日期、在何处汇报、内容", .perm = STORE_PERM_EDIT},
    {.id = A_REVIEW, .key = 'v', .label = "评议", .help = "登记民主评议：期间、等次（优秀/称职/基本称职/不称职）、意见、考核奖励", .perm = STORE_PERM_EDIT},
    {.id = A_END, .key = UK_F(8), .label = "卸任", .help = "所选党员卸任该岗位（须填日期和原因；记录保留）", .perm = STORE_PERM_EDIT},
    {.id = A_RECORD, .key = 'l', .label = "履职", .help = "查看所选党员在该岗位的承诺、全部汇报和评议", .perm = STORE_PERM_ANY},
    {.id = A_EDIT, .key = 'e', .help = "修改岗位的类别、名称、职责和人数（岗位页面）", .perm = STORE_PERM_EDIT},
    {.id = A_OPEN, .key = UK_ENTER, .help = "打开所选岗位的页面", .perm = STORE_PERM_ANY},
    {0},
};

static const struct ui_column holding_columns[] = {
    {.title = "党员", .width = 8, .grow = 1},
    {.title = "岗位", .width = 10, .grow = 1},
    {.title = "认领", .width = 10},
    {.title = "最近汇报", .width = 10},
    {.title = "评议", .width = 8},
};

struct holdings {
    struct ui_list list;
    struct holdings_arg arg;
    struct holding *h;
    int n;
    struct report_due *due;
    struct post post;            /* HOLDINGS_OF_POST */
    struct member member;        /* HOLDINGS_OF_MEMBER */
    char duties_line[512];
};

static void holding_cell(void *ctx, int row, int column, char *buf, size_t bufsz)
{
    struct holdings *x = ctx;
    buf[0] = '\0';
    if (row < 0 || row >= x->n) return;
    const struct holding *h = &x->h[row];
    switch (column) {
    case 0: zb_strlcpy(buf, h->member_name, bufsz); break;
    case 1: zb_strlcpy(buf, h->post_name, bufsz); break;
    case 2: zb_strlcpy(buf, h->claimed, bufsz); break;
    case 3:
        if (h->ended[0]) snprintf(buf, bufsz, "卸任%s", h->ended + 2);
        else if (x->due[row].overdue) snprintf(buf, bufsz, "逾期%ld天", -x->due[row].days_left);
        else zb_strlcpy(buf, h->last_report[0] ? h->last_report : "尚未汇报", bufsz);
        break;
    case 4: zb_strlcpy(buf, h->latest_rating[0] ? code_label_of(POST_RATINGS, h->latest_rating) : "", bufsz); break;
    default: break;
    }
}

static enum ui_attr holding_row_attr(void *ctx, int row)
{
    struct holdings *x = ctx;
    if (row < 0 || row >= x->n) return UA_NORMAL;
    if (x->h[row].ended[0]) return UA_DIM;
    return x->due[row].overdue ? UA_MARK : UA_NORMAL;
}

static int load(struct screen *s)
{
    struct holdings *x = s->state;
    struct app *app = s->app;
    free(x->h);
    free(x->due);
    x->h = NULL;
    x->due = NULL;
    x->n = 0;
    if (x->arg.mode == HOLDINGS_OVERDUE) {
        struct post_status st;
        post_status_load(app, &st);
        x->h = xcalloc((size_t)st.nholdings + 1, sizeof *x->h);
        for (int i = 0; i < st.nholdings; i++)
            if (!st.holdings[i].ended[0] && st.due[i].overdue) x->h[x->n++] = st.holdings[i];
        post_status_free(&st);
    } else {
        struct holding_filter f = {.post_id = x->arg.mode == HOLDINGS_OF_POST ? x->arg.id : 0,
                                   .member_id = x->arg.mode == HOLDINGS_OF_POST ? 0 : x->arg.id};
        struct store_holding_list l;
        if (store_holding_list(app->store, &f, &l) != STORE_OK)
            screens_store_error(app, "读取在岗情况失败");
        x->h = l.v;
        x->n = l.n;
    }
    x->due = xcalloc((size_t)x->n + 1, sizeof *x->due);
    for (int i = 0; i < x->n; i++)
        post_report_due(x->h[i].claimed, x->h[i].last_report, clock_today(), app->rules->audit.post_report_months, &x->due[i]);
    if (x->arg.mode == HOLDINGS_OF_POST) {
        post_free(&x->post);
        int n = 0;
        store_post_get(app->store, x->arg.id, &x->post);
        /* holders and wanted as the list reads them */
        struct post *list = screens_posts(app, &n);
        for (int i = 0; i < n; i++)
            if (list[i].id == x->post.id) x->post.holders = list[i].holders;
        screens_posts_free(list, n);
        /* the duties on one line, lines joined by "；" */
        size_t len = 0;
        x->duties_line[0] = '\0';
        for (const char *p = x->post.duties ? x->post.duties : ""; *p && len + 4 < sizeof x->duties_line; p++) {
            if (*p == '\n') {
                len += (size_t)snprintf(x->duties_line + len, sizeof x->duties_line - len, "；");
            } else {
                x->duties_line[len++] = *p;
                x->duties_line[len] = '\0';
            }
        }
    }
    return x->n;
}

static int holdings_init(struct screen *s, void *arg)
{
    struct holdings *x = s->state;
    struct app *app = s->app;
    x->arg = *(const struct holdings_arg *)arg;
    if (x->arg.mode == HOLDINGS_OF_MEMBER && store_member_get(app->store, x->arg.id, &x->member) != STORE_OK) {
        app_error(app, "找不到该党员");
        return -1;
    }
    if (x->arg.mode == HOLDINGS_OF_POST && store_post_get(app->store, x->arg.id, &x->post) != STORE_OK) {
        app_error(app, "找不到该岗位");
        return -1;
    }
    x->list.empty_text = x->arg.mode == HOLDINGS_OVERDUE ? "（没有汇报逾期的在岗党员）"
                                                         : "（还没有人在岗，按 F2 认领）";
    return 0;
}

static void holdings_release(struct screen *s)
{
    struct holdings *x = s->state;
    free(x->h);
    free(x->due);
    post_free(&x->post);
}

static int holdings_top(struct screen *s, struct ui_rect body)
{
    struct holdings *x = s->state;
    char line[800];
    int row = body.row;
    switch (x->arg.mode) {
    case HOLDINGS_OF_POST:
        snprintf(line, sizeof line, "%s（%s）在岗 %d 人，需要 %d 人", x->post.name, x->post.category, x->post.holders,
                 x->post.wanted);
        ui_put(row++, body.col + 1, body.cols - 1, line, x->post.holders > x->post.wanted ? UA_MARK : UA_HEADER);
        snprintf(line, sizeof line, "职责：%s", x->duties_line[0] ? x->duties_line : "（未填写）");
        ui_put(row++, body.col + 1, body.cols - 1, line, UA_NORMAL);
        break;
    case HOLDINGS_OF_MEMBER:
        snprintf(line, sizeof line, "%s 的岗位（%d 项，含已卸任）", x->member.name, x->n);
        ui_put(row++, body.col + 1, body.cols - 1, line, UA_HEADER);
        break;
    case HOLDINGS_OVERDUE:
        snprintf(line, sizeof line, "超过 %d 个月未汇报履职情况的在岗党员：%d 人", s->app->rules->audit.post_report_months, x->n);
        ui_put(row++, body.col + 1, body.cols - 1, line, x->n ? UA_MARK : UA_HEADER);
        break;
    }
    return row - body.row;
}

static const struct holding *selected(struct screen *s)
{
    struct holdings *x = s->state;
    if (x->list.sel < 0 || x->list.sel >= x->n) {
        app_error(s->app, "请先选择一行");
        return NULL;
    }
    return &x->h[x->list.sel];
}

static int claim(struct screen *s)
{
    struct holdings *x = s->state;
    struct app *app = s->app;
    if (x->arg.mode == HOLDINGS_OVERDUE) {
        app_error(app, "请在岗位页面或党员的岗位中认领");
        return SR_REDRAW;
    }
    if (x->arg.mode == HOLDINGS_OF_POST) {
        struct member_filter f = {.branch_id = app->branch_id};
        struct member m;
        char title[200];
        snprintf(title, sizeof title, "认领 %s 的党员（可输入字跳转）", x->post.name);
        if (screens_pick_member(app, &f, title, 0, "名册中还没有党员", &m) != 0) return SR_REDRAW;
        if (post_flow_claim(app, &x->post, &m)) list_screen_reload(s);
        return SR_REDRAW;
    }
    struct post p;
    if (post_flow_pick_post(app, "选择岗位", &p) != 0) return SR_REDRAW;
    if (post_flow_claim(app, &p, &x->member)) list_screen_reload(s);
    post_free(&p);
    return SR_REDRAW;
}

static int holdings_act(struct screen *s, const struct ui_action *act)
{
    struct holdings *x = s->state;
    struct app *app = s->app;
    const struct holding *h;
    switch (act->id) {
    case A_CLAIM: return claim(s);
    case A_REPORT:
        if ((h = selected(s)) && post_flow_report(app, h)) list_screen_reload(s);
        return SR_REDRAW;
    case A_REVIEW:
        if ((h = selected(s)) && post_flow_review(app, h)) list_screen_reload(s);
        return SR_REDRAW;
    case A_END:
        if ((h = selected(s)) && post_flow_end(app, h)) list_screen_reload(s);
        return SR_REDRAW;
    case A_RECORD:
        if ((h = selected(s))) post_flow_show_record(app, h);
        return SR_REDRAW;
    case A_EDIT:
        if (x->arg.mode != HOLDINGS_OF_POST) {
            app_error(app, "在岗位页面中可修改岗位");
            return SR_REDRAW;
        }
        {
            struct post_form_arg arg = {.id = x->post.id};
            app_push(app, &post_form_screen, &arg);
        }
        return SR_REDRAW;
    case A_OPEN:
        if (x->arg.mode == HOLDINGS_OF_POST) return SR_NONE;
        if ((h = selected(s))) {
            struct holdings_arg arg = {.mode = HOLDINGS_OF_POST, .id = h->post_id};
            app_push(app, &holdings_screen, &arg);
        }
        return SR_REDRAW;
    default: return SR_NONE;
    }
}

static const struct list_screen holdings_list = {
    .columns = holding_columns, .ncolumns = (int)ZB_ARRAY_LEN(holding_columns), .init = holdings_init,
    .load = load, .top = holdings_top, .cell = holding_cell, .row_attr = holding_row_attr,
    .act = holdings_act, .release = holdings_release,
};

const struct screen_ops holdings_screen = {
    .name = "holdings",
    .title = "在岗党员",
    .manual = "设岗定责",
    .help_intro = "岗位与在岗党员。认领时填写承诺；按规定间隔汇报履职情况（逾期的标为“逾期”）；"
                  "按期民主评议并登记考核奖励；卸任须填日期和原因，记录保留。",
    .state_size = sizeof(struct holdings),
    .actions = holdings_actions,
    .back = "返回",
    LIST_SCREEN_OPS(holdings_list),
    .resume = list_screen_reload,
};
