/* review.c — 月审: every branch's month at a glance for the township reviewer: one column per
 * item (✓ 达标, ✗ 未达标, △ 待定), the score and the previous month's, the overall verdict, the
 * hand-in date and the rectification orders not yet closed (整改中 and 待确认). Sort by score or
 * name, show only the branches with problems, jump to a branch by part of its name or code
 * (/, or just type), open a branch, write the report. Once the district has re-reviewed the month
 * (its verdicts arrive in the district's bundle), a column 区复审 gives its overall verdict beside
 * the township's, and a finding sent back (区退回) marks the branch. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/audit.h"
#include "zhibu/audit_report.h"
#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/dues.h"
#include "zhibu/rules.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_audit.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_district.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

enum { A_OPEN = 1, A_MONTH, A_FILTER, A_SORT, A_REPORT, A_RECTIFY, A_VERIFY, A_FIND, A_STATS };

static const struct ui_action review_actions[] = {
    {.id = A_OPEN, .key = UK_ENTER, .help = "打开所选支部：各项的问题及其依据记录，给出审查意见", .perm = STORE_PERM_ANY},
    {.id = A_MONTH, .key = UK_F(3), .label = "月份", .help = "审查另一个月份（默认上个月）", .perm = STORE_PERM_ANY},
    {.id = A_FILTER, .key = UK_F(4), .label = "有问题", .help = "只看有未达标项目的支部 / 看全部支部", .perm = STORE_PERM_ANY},
    {.id = A_SORT, .key = 's', .label = "排序", .help = "按得分或按组织代码排列", .perm = STORE_PERM_ANY},
    {.id = A_FIND, .key = '/', .label = "查找", .help = "按名称或组织代码的一部分找到支部（也可直接输入汉字或数字）", .perm = STORE_PERM_ANY},
    {.id = A_REPORT, .key = UK_F(9), .label = "月报", .help = "把本月审查结果写成月报（.xlsx：汇总、问题清单、审后修改、统计；或 .csv）", .perm = STORE_PERM_ANY},
    {.id = A_RECTIFY, .key = 'r', .label = "整改", .help = "全部支部的整改事项：确认或退回", .perm = STORE_PERM_ANY},
    {.id = A_STATS, .key = 't', .help = "党内统计：所选支部和全部支部合计的党员构成和本年增减（可导出 .xlsx）", .perm = STORE_PERM_ANY},
    {.id = A_VERIFY, .key = 'k', .label = "校验", .help = "校验全部支部的台账与修改日志（哈希链）：发现被绕过程序改动的记录", .perm = STORE_PERM_ANY},
    {0},
};

/* At 80 columns every column fits: 支部 and 标记 are cut with … (the status line gives the
 * selected row's cut cells in full); wider screens give them the rest. */
enum { C_NAME, C_SCORE = AI_COUNT + 1, C_PREV, C_VERDICT, C_HANDIN, C_ORDERS, C_MARKS };
static const struct ui_column review_columns[] = {
    {.title = "支部", .width = 12, .grow = 1},
    {.title = "三会", .width = 4}, {.title = "党日", .width = 4}, {.title = "记录", .width = 4},
    {.title = "党员", .width = 4}, {.title = "党费", .width = 4}, {.title = "设岗", .width = 4},
    {.title = "得分", .width = 4, .right = true},
    {.title = "上月", .width = 4, .right = true},
    {.title = "意见", .width = 6},
    {.title = "提交", .width = 6},
    {.title = "整改", .width = 7},
    {.title = "标记", .width = 4, .grow = 1},
};
/* The same with 区复审 before 标记, for a month the district has re-reviewed (支部 narrower, so that
 * 区复审 fits 80 columns; 标记 is then left out: the status line gives it for the selected row). */
static const struct ui_column review_columns_district[] = {
    {.title = "支部", .width = 10, .grow = 1},
    {.title = "三会", .width = 4}, {.title = "党日", .width = 4}, {.title = "记录", .width = 4},
    {.title = "党员", .width = 4}, {.title = "党费", .width = 4}, {.title = "设岗", .width = 4},
    {.title = "得分", .width = 4, .right = true},
    {.title = "上月", .width = 4, .right = true},
    {.title = "意见", .width = 6},
    {.title = "提交", .width = 6},
    {.title = "整改", .width = 7},
    {.title = "区复审", .width = 6},
    {.title = "标记", .width = 4, .grow = 1},
};
enum { C_DISTRICT = C_MARKS };

struct review_row {
    struct branch b;
    struct audit_result r;
    char verdict[12];        /* overall, "" = not reviewed */
    int prev_score;          /* the previous month's score, -1 = none */
    char handed[11];         /* the hand-in's date (YYYY-MM-DD), "" = not handed in */
    int open_orders, done_orders; /* 整改中, and 已报完成 awaiting the reviewer's confirmation */
    int amends;              /* 审后修改 of the month */
    int verify;              /* store_journal_status: 1 problems, 0 clean, -1 never checked */
    char district[12];       /* the district's overall verdict, "" = none */
    bool sent_back;          /* the district sent a finding of the month back */
};

struct review {
    struct ui_list list;
    struct review_row *rows;
    int n, cap;
    int *view;               /* indexes into rows (filtered, sorted) */
    int nview;
    int year, month;
    bool problems_only, by_score;
    struct audit_rules rules;
    char find[128];          /* the last text searched for (/ asks with it again) */
    int district_verdicts;   /* branches the district gave an overall verdict this month */
    bool district;           /* any district verdict of the month: 区复审 shown */
};

struct collect {
    struct review *x;
    const struct audit_rules *rules;
};

static int collect_branches(const struct audit_input *ins, const struct branch *bs, int n, void *ctx)
{
    struct collect *c = ctx;
    struct review *x = c->x;
    if (n > x->cap) {
        x->cap = n;
        x->rows = xrealloc(x->rows, (size_t)x->cap * sizeof *x->rows);
    }
    struct audit_result *res = xcalloc((size_t)(n > 0 ? n : 1), sizeof *res);
    audit_branches(ins, n, c->rules, res);
    for (int i = 0; i < n; i++) {
        struct review_row *row = &x->rows[x->n++];
        memset(row, 0, sizeof *row);
        row->b = bs[i];
        row->r = res[i];
        row->prev_score = -1;
    }
    free(res);
    return x->n == 0; /* no branch: no previous month to score */
}

/* The previous month's score of each branch in rows (matched by id; both loads are in code
 * order, so mostly the same place). */
static int collect_prev(const struct audit_input *ins, const struct branch *bs, int n, void *ctx)
{
    struct collect *c = ctx;
    struct review *x = c->x;
    struct audit_result *res = xcalloc((size_t)(n > 0 ? n : 1), sizeof *res);
    audit_branches(ins, n, c->rules, res);
    for (int k = 0; k < n; k++) {
        int i = k < x->n && x->rows[k].b.id == bs[k].id ? k : -1;
        for (int m = 0; i < 0 && m < x->n; m++)
            if (x->rows[m].b.id == bs[k].id) i = m;
        if (i >= 0) x->rows[i].prev_score = res[k].score;
        audit_result_free(&res[k]);
    }
    free(res);
    return 0;
}

static void free_rows(struct review *x)
{
    for (int i = 0; i < x->n; i++) audit_result_free(&x->rows[i].r);
    x->n = 0;
}

static int cmp_score(const void *a, const void *b, void *ctx)
{
    const struct review *x = ctx;
    const struct review_row *p = &x->rows[*(const int *)a], *q = &x->rows[*(const int *)b];
    if (p->r.score != q->r.score) return p->r.score - q->r.score;
    return strcmp(p->b.code, q->b.code);
}

static bool has_problem(const struct review_row *row)
{
    if (row->verify == 1 || row->amends > 0 || row->sent_back) return true;
    for (int i = 0; i < AI_COUNT; i++)
        if (row->r.state[i] == AS_FAIL) return true;
    return row->open_orders > 0 || row->done_orders > 0;
}

static void make_view(struct review *x)
{
    free(x->view);
    x->view = xcalloc((size_t)x->n + 1, sizeof *x->view);
    x->nview = 0;
    for (int i = 0; i < x->n; i++)
        if (!x->problems_only || has_problem(&x->rows[i])) x->view[x->nview++] = i;
    if (x->by_score) {
        /* a small insertion sort: stable, and n is a few hundred */
        for (int i = 1; i < x->nview; i++) {
            int v = x->view[i], j = i - 1;
            while (j >= 0 && cmp_score(&x->view[j], &v, x) > 0) {
                x->view[j + 1] = x->view[j];
                j--;
            }
            x->view[j + 1] = v;
        }
    }
    ui_list_set_count(&x->list, x->nview);
}

/* The district's verdicts of the month (one list for every branch): the overall beside ours. */
static void load_district(struct review *x, struct store *st, struct zmonth month)
{
    x->district_verdicts = 0;
    x->district = false;
    struct store_district_verdict_list dl = {0};
    if (store_district_verdict_list(st, 0, month, &dl) != STORE_OK) dl.n = 0;
    for (int k = 0, i = 0; k < dl.n; k++) {
        const struct district_verdict *d = &dl.v[k];
        /* both lists are in branch order mostly: look from where the last one was found */
        int m = 0;
        while (m < x->n && x->rows[i].b.id != d->branch_id) {
            i = (i + 1) % x->n;
            m++;
        }
        if (m == x->n) continue;
        struct review_row *row = &x->rows[i];
        x->district = true;
        if (d->sent_back) row->sent_back = true;
        if (strcmp(d->item, "overall") != 0) continue;
        if (!row->district[0]) x->district_verdicts++;
        zb_strlcpy(row->district, d->verdict, sizeof row->district);
    }
    store_district_verdict_list_free(&dl);
    x->list.columns = x->district ? review_columns_district : review_columns;
    x->list.ncolumns = x->district ? (int)ZB_ARRAY_LEN(review_columns_district) : (int)ZB_ARRAY_LEN(review_columns);
}

static void load(struct screen *s)
{
    struct review *x = s->state;
    struct app *app = s->app;
    free_rows(x);
    struct collect c = {.x = x, .rules = &x->rules};
    struct zdate prev = date_add_months((struct zdate){x->year, x->month, 1}, -1);
    int failed = 0;
    if (store_audit_all_pair(app->store, (struct zmonth){x->year, x->month}, (struct zmonth){prev.y, prev.m},
                             clock_today(), collect_branches, collect_prev, &c, &failed) != STORE_OK)
        screens_store_error(app, failed == 1 ? "审查失败" : "上月审查失败");
    struct zmonth month = {x->year, x->month};
    /* the verdicts, orders, hand-ins and amends of every branch in one read (not four a row) */
    struct store_review_facts facts;
    if (store_review_facts(app->store, month, &facts) != STORE_OK) { /* said, not left blank */
        screens_store_error(app, "读取各支部的结论、整改和月报失败");
        facts = (struct store_review_facts){0};
    }
    for (int i = 0; i < x->n; i++) {
        struct review_row *row = &x->rows[i];
        const struct review_facts *f = store_review_facts_find(&facts, row->b.id);
        if (f) {
            zb_strlcpy(row->verdict, f->verdict, sizeof row->verdict);
            zb_strlcpy(row->handed, f->handed, sizeof row->handed);
            row->open_orders = f->open_orders;
            row->done_orders = f->done_orders;
            row->amends = f->amends;
        }
        row->verify = store_journal_status(app->store, row->b.id, NULL);
    }
    store_review_facts_free(&facts);
    load_district(x, app->store, month);
    make_view(x);
}

static void review_cell(void *ctx, int row, int column, char *buf, size_t bufsz)
{
    struct review *x = ctx;
    buf[0] = '\0';
    if (row < 0 || row >= x->nview) return;
    const struct review_row *r = &x->rows[x->view[row]];
    if (column == C_NAME) {
        zb_strlcpy(buf, r->b.name, bufsz);
    } else if (column <= AI_COUNT) {
        snprintf(buf, bufsz, " %s", audit_state_mark(r->r.state[column - 1]));
    } else if (column == C_SCORE) {
        snprintf(buf, bufsz, "%d", r->r.score);
    } else if (column == C_PREV) {
        if (r->prev_score >= 0) snprintf(buf, bufsz, "%d", r->prev_score);
        else zb_strlcpy(buf, "—", bufsz);
    } else if (column == C_VERDICT) {
        zb_strlcpy(buf, r->verdict[0] ? code_label_of(VERDICTS, r->verdict) : "未审", bufsz);
    } else if (column == C_HANDIN) {
        /* the month handed in: the date (MM-DD) it was */
        if (!r->handed[0]) zb_strlcpy(buf, "未提交", bufsz);
        else snprintf(buf, bufsz, "%s", r->handed + 5);
    } else if (column == C_ORDERS) {
        /* orders not closed: 整改中 (the branch's to do), 待确认 (reported done: the reviewer's) */
        if (r->open_orders && r->done_orders) snprintf(buf, bufsz, "中%d待%d", r->open_orders, r->done_orders);
        else if (r->open_orders) snprintf(buf, bufsz, "整改中%d", r->open_orders);
        else if (r->done_orders) snprintf(buf, bufsz, "待确认%d", r->done_orders);
    } else if (column == C_DISTRICT && x->district) {
        zb_strlcpy(buf, r->district[0] ? code_label_of(VERDICTS, r->district) : "", bufsz);
    } else {
        /* 区退回: the district sent a finding back; 改N: N records changed after review (审后修改);
         * ✗校验: the journal check failed */
        size_t len = 0;
        if (r->sent_back) len += (size_t)snprintf(buf, bufsz, "区退回");
        if (r->amends && len < bufsz) len += (size_t)snprintf(buf + len, bufsz - len, "%s改%d", len ? " " : "", r->amends);
        if (r->verify == 1 && len < bufsz) snprintf(buf + len, bufsz - len, "%s✗校验", len ? " " : "");
    }
}

static enum ui_attr review_row_attr(void *ctx, int row)
{
    struct review *x = ctx;
    if (row < 0 || row >= x->nview) return UA_NORMAL;
    return has_problem(&x->rows[x->view[row]]) ? UA_MARK : UA_NORMAL;
}

static int review_open(struct screen *s, void *arg)
{
    (void)arg;
    struct review *x = s->state;
    struct zdate last = date_add_months(date_month_start(clock_today()), -1);
    x->year = last.y;
    x->month = last.m;
    x->rules = s->app->rules->audit;
    x->list = (struct ui_list){.columns = review_columns, .ncolumns = (int)ZB_ARRAY_LEN(review_columns), .sel = -1,
                               .cell = review_cell, .row_attr = review_row_attr, .ctx = x,
                               .empty_text = "（没有可审查的支部）"};
    load(s);
    return 0;
}

static void review_close(struct screen *s)
{
    struct review *x = s->state;
    free_rows(x);
    free(x->rows);
    free(x->view);
}

static void review_resume(struct screen *s)
{
    struct review *x = s->state;
    int keep = x->list.sel;
    load(s);
    if (keep >= 0) ui_list_select(&x->list, keep);
}

static void review_draw(struct screen *s, struct ui_rect body)
{
    struct review *x = s->state;
    int fails = 0, reviewed = 0, sent = 0;
    for (int i = 0; i < x->n; i++) {
        if (has_problem(&x->rows[i])) fails++;
        if (x->rows[i].verdict[0]) reviewed++;
        if (x->rows[i].sent_back) sent++;
    }
    char line[300], district[80] = "";
    if (x->district) snprintf(district, sizeof district, "，区复审 %d 个", x->district_verdicts);
    if (sent > 0) snprintf(district + strlen(district), sizeof district - strlen(district), "，区退回 %d 个", sent);
    snprintf(line, sizeof line, "%d年%d月 月审：%d 个支部，有问题 %d 个，已审 %d 个%s%s%s", x->year, x->month, x->n, fails,
             reviewed, district, x->problems_only ? "（只看有问题的）" : "", x->by_score ? "（按得分）" : "");
    ui_put(body.row, body.col + 1, body.cols - 1, line, UA_HEADER);
    ui_list_draw(&x->list, (struct ui_rect){body.row + 1, body.col, body.rows - 1, body.cols});
}

bool screens_ask_review_month(int *year, int *month)
{
    int ym = dues_ym(*year, *month), current = dues_ym_of_date(clock_today());
    for (;;) {
        if (!screens_ask_month("审查月份", "月份（YYYY-MM）：", &ym)) return false;
        if (ym <= current) break;
        ui_message("月份有误", "不能审查未来的月份");
    }
    *year = dues_ym_year(ym);
    *month = dues_ym_month(ym);
    return true;
}

static int change_month(struct screen *s)
{
    struct review *x = s->state;
    if (screens_ask_review_month(&x->year, &x->month)) load(s);
    return SR_REDRAW;
}

static int write_report(struct screen *s)
{
    struct review *x = s->state;
    struct app *app = s->app;
    char path[1024];
    snprintf(path, sizeof path, "月报-%04d-%02d.xlsx", x->year, x->month);
    if (!ui_prompt("月报", "文件名（.xlsx 或 .csv）：", path, sizeof path, 200, true)) return SR_REDRAW;
    text_trim(path);
    if (!screens_may_overwrite(app, path)) return SR_REDRAW;
    char err[512];
    if (audit_report_write(app->store, (struct zmonth){x->year, x->month}, clock_today(), &x->rules, path, err, sizeof err) != 0) {
        app_error(app, "月报未写成：%s", err);
        return SR_REDRAW;
    }
    app_status(app, "已写成 %d年%d月 月报：%s", x->year, x->month, path);
    return SR_REDRAW;
}

/* The whole database's journal and rows: how many branches fail, and the marks refreshed. */
static int verify_all(struct screen *s)
{
    struct app *app = s->app;
    app_status(app, "正在校验全部台账……");
    app_repaint(app);
    ui_refresh();
    struct verify_result *vr = xcalloc(1, sizeof *vr);
    int rc = store_journal_verify(app->store, 0, vr);
    if (rc != STORE_OK) screens_store_error(app, "校验未完成");
    else if (vr->nproblems == 0 && vr->nwarnings > 0)
        app_status(app, "校验完整：%lld 条日志、%lld 行记录均与哈希链相符；时间倒退 %d 处（警告，"
                    "zhibu verify 列出）",
                    (long long)vr->entries, (long long)vr->rows, vr->nwarnings);
    else if (vr->nproblems == 0)
        app_status(app, "校验完整：%lld 条日志、%lld 行记录均与哈希链相符", (long long)vr->entries,
                    (long long)vr->rows);
    else
        app_error(app, "校验发现 %d 处不符（标记列 ✗校验）；首处：%s", vr->nproblems, vr->problems[0].message);
    free(vr);
    review_resume(s);
    return SR_REDRAW;
}

static bool row_matches(const struct review_row *r, const char *text)
{
    return strstr(r->b.name, text) || strstr(r->b.code, text);
}

/* Jump to the next branch (after the selected one, wrapping) whose name or code holds part of
 * what is asked; `typed` is the character that opened the question, if any. */
static int find_branch(struct screen *s, const char *typed)
{
    struct review *x = s->state;
    struct app *app = s->app;
    char text[128];
    zb_strlcpy(text, typed ? typed : x->find, sizeof text);
    if (!ui_prompt("查找支部", "名称或组织代码的一部分：", text, sizeof text, 40, true)) return SR_REDRAW;
    text_trim(text);
    if (!text[0]) return SR_REDRAW;
    zb_strlcpy(x->find, text, sizeof x->find);
    for (int k = 1; k <= x->nview; k++) {
        int i = ((x->list.sel < 0 ? -1 : x->list.sel) + k) % x->nview;
        if (row_matches(&x->rows[x->view[i]], text)) {
            ui_list_select(&x->list, i);
            return SR_REDRAW;
        }
    }
    bool hidden = false;
    for (int i = 0; i < x->n && !hidden; i++) hidden = row_matches(&x->rows[i], text);
    if (hidden)
        app_error(app, "含“%s”的支部没有未达标项目，未列出（按 F4 看全部支部）", text);
    else
        app_error(app, "没有名称或组织代码含“%s”的支部", text);
    return SR_REDRAW;
}

static int review_handle(struct screen *s, int key, const struct ui_action *act)
{
    struct review *x = s->state;
    struct app *app = s->app;
    if (!act) {
        if (ui_list_key(&x->list, key)) return SR_REDRAW;
        /* typing a character starts the search with it */
        if (key == UK_PASTE) return find_branch(s, ui_paste_text());
        if (ui_key_is_char(key) && key != UK_SPACE) return find_branch(s, ui_key_label(key));
        return SR_NONE;
    }
    switch (act->id) {
    case A_OPEN: {
        if (x->list.sel < 0 || x->list.sel >= x->nview) return SR_REDRAW;
        const struct review_row *r = &x->rows[x->view[x->list.sel]];
        struct branch_review_arg arg = {.branch_id = r->b.id, .year = x->year, .month = x->month, .reviewer = true};
        app_push(app, &branch_review_screen, &arg);
        return SR_REDRAW;
    }
    case A_MONTH: return change_month(s);
    case A_FILTER: x->problems_only = !x->problems_only; make_view(x); return SR_REDRAW;
    case A_SORT: x->by_score = !x->by_score; make_view(x); return SR_REDRAW;
    case A_FIND: return find_branch(s, NULL);
    case A_REPORT: return write_report(s);
    case A_VERIFY: return verify_all(s);
    case A_STATS: {
        if (x->list.sel < 0 || x->list.sel >= x->nview) return SR_REDRAW;
        int64_t id = x->rows[x->view[x->list.sel]].b.id;
        app_push(app, &stats_screen, &id);
        return SR_REDRAW;
    }
    case A_RECTIFY: {
        struct rectify_arg arg = {.branch_id = 0, .reviewer = true};
        app_push(app, &rectify_screen, &arg);
        return SR_REDRAW;
    }
    default: return SR_NONE;
    }
}

const struct screen_ops review_screen = {
    .name = "review",
    .title = "月审",
    .manual = "月审月报（乡镇审查员）",
    .help_intro = "乡镇审查：本数据库中每个支部该月的审查结果。✓ 达标，✗ 未达标，△ 待定（如季度会议在季末前）。"
                  "得分按配置文件中的权重扣分，仅供参考，审查意见由审查员给出。上月：上个月的得分；"
                  "提交：支部提交月报的日期（未提交）；整改：整改中N 为支部正在整改，待确认N 为已报完成、"
                  "待审查员确认（两者都有时写作 中N待M）。区委组织部复审过的月份多一栏区复审（区里的总体意见，"
                  "随区里的交换包来），区里退回问题的支部在标记中写区退回。直接输入名称或代码的一部分可找到支部。",
    .state_size = sizeof(struct review),
    .actions = review_actions,
    .back = "返回首页",
    .open = review_open,
    .draw = review_draw,
    .handle = review_handle,
    .resume = review_resume,
    .close = review_close,
};
