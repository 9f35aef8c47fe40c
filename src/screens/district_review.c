/* district_review.c — 复审 at a district's database (issue 18): every branch in the session's scope
 * (an inspector: their station's townships; the store's lists filter) for a month, grouped by
 * township (a township's row, then its branches), each with the engine's result (the six items,
 * the score), the township's overall verdict, the district's, whether the month was handed in and
 * the open orders. Where the engine and the township disagree the row says so — first of all a
 * branch the engine fails that the township passed (✗判合格): the header counts them, F4 shows
 * only the disagreements, s puts them first within each township. Enter opens the branch's page
 * (branch_review.c, district mode), where the district records its own verdicts.
 * The data: store_district_month (one bulk call) and one store_audit_all for every branch. Also
 * the dialog of a district verdict (district_page.h). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/audit.h"
#include "zhibu/audit_report.h"
#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/rules.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_audit.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_district.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

#include "district_page.h"

enum { A_OPEN = 1, A_MONTH, A_FILTER, A_SORT, A_FIND, A_CHECKS };

static const struct ui_action dr_actions[] = {
    {.id = A_OPEN, .key = UK_ENTER, .help = "打开所选支部的复审页：各项的问题、乡镇的意见，记录区复审意见", .perm = STORE_PERM_ANY},
    {.id = A_MONTH, .key = UK_F(3), .label = "月份", .help = "复审另一个月份（默认上个月）", .perm = STORE_PERM_ANY},
    {.id = A_FILTER, .key = UK_F(4), .label = "只看分歧", .help = "只看审查结果与乡镇意见（或区复审意见）不一致的支部 / 看全部", .perm = STORE_PERM_ANY},
    {.id = A_SORT, .key = 's', .label = "分歧在前", .help = "每个乡镇内把有分歧的支部排在前面（✗判合格 最先）/ 按组织代码", .perm = STORE_PERM_ANY},
    {.id = A_FIND, .key = '/', .label = "查找", .help = "按名称或组织代码的一部分找到支部或乡镇", .perm = STORE_PERM_ANY},
    {.id = A_CHECKS, .key = 'c', .label = "督查", .help = "督查记录：全部支部的督查（日期、指导站、检查人、结果）", .perm = STORE_PERM_ANY},
    {0},
};

/* At 80 columns every column fits, 支部 cut with … (the status line gives the selected row's
 * cut cells in full). A township's row: its name, and in 分歧 its count of branches. */
enum { C_NAME, C_SCORE = AI_COUNT + 1, C_TOWNSHIP, C_DISTRICT, C_HANDIN, C_ORDERS, C_MARKS };
static const struct ui_column dr_columns[] = {
    {.title = "乡镇 / 支部", .width = 10, .grow = 2},
    {.title = "三会", .width = 4}, {.title = "党日", .width = 4}, {.title = "记录", .width = 4},
    {.title = "党员", .width = 4}, {.title = "党费", .width = 4}, {.title = "设岗", .width = 4},
    {.title = "得分", .width = 4, .right = true},
    {.title = "乡镇", .width = 6},
    {.title = "区复审", .width = 6},
    {.title = "提交", .width = 4},
    {.title = "整改", .width = 4, .right = true},
    {.title = "分歧", .width = 9, .grow = 1},
};

/* What a branch's row disagrees on, most telling first. */
enum {
    DIS_LENIENT = 1,   /* the engine fails an item the township passed (item or overall) */
    DIS_STRICT = 2,    /* the engine fails nothing, the township did not pass it */
    DIS_DISTRICT = 4,  /* the district's overall verdict differs from the township's */
};

struct dr_row {
    struct district_row d;
    bool judged;               /* the engine judged it (a township's own committee is not) */
    enum audit_state state[AI_COUNT];
    int score;
    unsigned dis;              /* DIS_* */
};

struct dr_town {
    int first, n;              /* its rows */
    int dis, lenient;          /* rows that disagree, of them ✗判合格 */
};

struct dr_id {
    int64_t id;
    int row;
};

struct dreview {
    struct ui_list list;
    struct dr_row *rows;
    int n;
    struct dr_town *towns;
    int ntowns;
    int *view;                 /* >= 0: a row; < 0: township -(t + 1) */
    int nview;
    int year, month;
    bool only_dis, dis_first;
    struct audit_rules rules;
    struct dr_id *by_id;       /* rows' branch ids and indexes by id (to place the engine's results) */
    char find[128];
};

static int cmp_id(const void *a, const void *b)
{
    int64_t p = ((const struct dr_id *)a)->id, q = ((const struct dr_id *)b)->id;
    return p < q ? -1 : p > q;
}

static int row_of_branch(const struct dreview *x, int64_t id)
{
    struct dr_id key = {.id = id};
    const struct dr_id *hit = bsearch(&key, x->by_id, (size_t)x->n, sizeof *x->by_id, cmp_id);
    return hit ? hit->row : -1;
}

static int collect(const struct audit_input *ins, const struct branch *bs, int n, void *ctx)
{
    struct dreview *x = ctx;
    struct audit_result *res = xcalloc((size_t)(n > 0 ? n : 1), sizeof *res);
    audit_branches(ins, n, &x->rules, res);
    for (int i = 0; i < n; i++) {
        int k = row_of_branch(x, bs[i].id);
        if (k >= 0) {
            struct dr_row *r = &x->rows[k];
            r->judged = true;
            memcpy(r->state, res[i].state, sizeof r->state);
            r->score = res[i].score;
        }
        audit_result_free(&res[i]);
    }
    free(res);
    return 0;
}

static unsigned disagreement(const struct dr_row *r)
{
    unsigned dis = 0;
    const char *town = r->d.township_verdict[AI_COUNT], *dist = r->d.district_verdict[AI_COUNT];
    if (r->judged) {
        bool fails = false;
        for (int i = 0; i < AI_COUNT; i++) {
            if (r->state[i] != AS_FAIL) continue;
            fails = true;
            if (strcmp(r->d.township_verdict[i], "pass") == 0) dis |= DIS_LENIENT;
        }
        if (fails && strcmp(town, "pass") == 0) dis |= DIS_LENIENT;
        if (!fails && town[0] && strcmp(town, "pass") != 0) dis |= DIS_STRICT;
    }
    if (dist[0] && strcmp(dist, town) != 0) dis |= DIS_DISTRICT;
    return dis;
}

static int dis_rank(unsigned dis)
{
    return dis & DIS_LENIENT ? 0 : dis & DIS_STRICT ? 1 : dis ? 2 : 3;
}

static void make_view(struct dreview *x)
{
    free(x->view);
    x->view = xcalloc((size_t)(x->n + x->ntowns) + 1, sizeof *x->view);
    x->nview = 0;
    for (int t = 0; t < x->ntowns; t++) {
        const struct dr_town *tw = &x->towns[t];
        if (x->only_dis && tw->dis == 0) continue;
        x->view[x->nview++] = -(t + 1);
        int from = x->nview;
        for (int k = tw->first; k < tw->first + tw->n; k++)
            if (!x->only_dis || x->rows[k].dis) x->view[x->nview++] = k;
        if (!x->dis_first) continue;
        for (int i = from + 1; i < x->nview; i++) { /* stable insertion sort: a township is small */
            int v = x->view[i], j = i - 1;
            while (j >= from && dis_rank(x->rows[x->view[j]].dis) > dis_rank(x->rows[v].dis)) {
                x->view[j + 1] = x->view[j];
                j--;
            }
            x->view[j + 1] = v;
        }
    }
    ui_list_set_count(&x->list, x->nview);
}

static void load(struct screen *s)
{
    struct dreview *x = s->state;
    struct app *app = s->app;
    struct zmonth month = {x->year, x->month};
    struct store_district_rows dr = {0};
    if (store_district_month(app->store, month, &dr) != STORE_OK) screens_store_error(app, "读取复审数据失败");
    x->n = 0;
    x->ntowns = 0;
    free(x->rows);
    free(x->towns);
    free(x->by_id);
    x->rows = xcalloc((size_t)dr.n + 1, sizeof *x->rows);
    x->towns = xcalloc((size_t)dr.n + 1, sizeof *x->towns);
    x->by_id = xcalloc((size_t)dr.n + 1, sizeof *x->by_id);
    for (int i = 0; i < dr.n; i++) {
        x->rows[x->n].d = dr.v[i];
        x->by_id[x->n] = (struct dr_id){dr.v[i].branch_id, x->n};
        x->n++;
    }
    store_district_rows_free(&dr);
    qsort(x->by_id, (size_t)x->n, sizeof *x->by_id, cmp_id);
    if (x->n > 0 && store_audit_all(app->store, 0, month, clock_today(), collect, x) != STORE_OK)
        screens_store_error(app, "审查失败");
    for (int i = 0; i < x->n; i++) {
        struct dr_row *r = &x->rows[i];
        r->dis = disagreement(r);
        if (x->ntowns == 0 || x->rows[x->towns[x->ntowns - 1].first].d.township_id != r->d.township_id)
            x->towns[x->ntowns++] = (struct dr_town){.first = i};
        struct dr_town *tw = &x->towns[x->ntowns - 1];
        tw->n++;
        if (r->dis) tw->dis++;
        if (r->dis & DIS_LENIENT) tw->lenient++;
    }
    make_view(x);
}

static const char *verdict_word(const char *code, const char *none)
{
    return code[0] ? code_label_of(VERDICTS, code) : none;
}

static void dr_cell(void *ctx, int row, int column, char *buf, size_t bufsz)
{
    struct dreview *x = ctx;
    buf[0] = '\0';
    if (row < 0 || row >= x->nview) return;
    if (x->view[row] < 0) {
        const struct dr_town *tw = &x->towns[-x->view[row] - 1];
        const struct district_row *d = &x->rows[tw->first].d;
        if (column == C_NAME) zb_strlcpy(buf, d->township_id ? d->township_name : "（未属乡镇）", bufsz);
        if (column == C_MARKS) snprintf(buf, bufsz, "分歧%d/%d", tw->dis, tw->n);
        return;
    }
    const struct dr_row *r = &x->rows[x->view[row]];
    if (column == C_NAME) {
        zb_strlcpy(buf, r->d.branch_name, bufsz);
    } else if (column <= AI_COUNT) {
        if (r->judged) snprintf(buf, bufsz, " %s", audit_state_mark(r->state[column - 1]));
    } else if (column == C_SCORE) {
        if (r->judged) snprintf(buf, bufsz, "%d", r->score);
        else zb_strlcpy(buf, "—", bufsz);
    } else if (column == C_TOWNSHIP) {
        zb_strlcpy(buf, verdict_word(r->d.township_verdict[AI_COUNT], "未审"), bufsz);
    } else if (column == C_DISTRICT) {
        zb_strlcpy(buf, verdict_word(r->d.district_verdict[AI_COUNT], ""), bufsz);
    } else if (column == C_HANDIN) {
        zb_strlcpy(buf, r->d.handed_in ? "已交" : "未交", bufsz);
    } else if (column == C_ORDERS) {
        if (r->d.open_orders) snprintf(buf, bufsz, "%d", r->d.open_orders);
    } else {
        /* ✗判合格: failed by the engine, passed by the township; ✓判需整改 / ✓判不合格: the other
         * way; 区改判: the district's overall differs; 退回: a finding sent back */
        size_t len = 0;
        const char *town = r->d.township_verdict[AI_COUNT];
        if (r->dis & DIS_LENIENT) len += (size_t)snprintf(buf + len, bufsz - len, "✗判合格 ");
        if ((r->dis & DIS_STRICT) && len < bufsz)
            len += (size_t)snprintf(buf + len, bufsz - len, "✓判%s ", code_label_of(VERDICTS, town));
        if ((r->dis & DIS_DISTRICT) && len < bufsz) len += (size_t)snprintf(buf + len, bufsz - len, "区改判 ");
        if (r->d.sent_back && len < bufsz) len += (size_t)snprintf(buf + len, bufsz - len, "退回 ");
        if (len > 0 && len <= bufsz) buf[len - 1] = '\0';
    }
}

static enum ui_attr dr_row_attr(void *ctx, int row)
{
    struct dreview *x = ctx;
    if (row < 0 || row >= x->nview) return UA_NORMAL;
    if (x->view[row] < 0) return UA_HEADER;
    const struct dr_row *r = &x->rows[x->view[row]];
    return r->dis || r->d.sent_back ? UA_MARK : UA_NORMAL;
}

static int dr_open(struct screen *s, void *arg)
{
    (void)arg;
    struct dreview *x = s->state;
    struct zdate last = date_add_months(date_month_start(clock_today()), -1);
    x->year = last.y;
    x->month = last.m;
    x->rules = s->app->rules->audit;
    x->list = (struct ui_list){.columns = dr_columns, .ncolumns = (int)ZB_ARRAY_LEN(dr_columns), .sel = -1,
                               .cell = dr_cell, .row_attr = dr_row_attr, .ctx = x,
                               .empty_text = store_session(s->app->store)->role == STORE_ROLE_INSPECTOR
                                                 ? "（本站负责的乡镇没有可复审的支部）"
                                                 : "（没有可复审的支部：乡镇报送的月度交换包导入后显示）"};
    load(s);
    /* the first branch, not its township's row */
    if (x->nview > 1) x->list.sel = 1;
    return 0;
}

static void dr_close(struct screen *s)
{
    struct dreview *x = s->state;
    free(x->rows);
    free(x->towns);
    free(x->view);
    free(x->by_id);
}

static void dr_resume(struct screen *s)
{
    struct dreview *x = s->state;
    int keep = x->list.sel;
    load(s);
    if (keep >= 0) ui_list_select(&x->list, keep);
}

static void dr_draw(struct screen *s, struct ui_rect body)
{
    struct dreview *x = s->state;
    int dis = 0, lenient = 0, judged = 0, sent = 0;
    for (int i = 0; i < x->n; i++) {
        if (x->rows[i].dis) dis++;
        if (x->rows[i].dis & DIS_LENIENT) lenient++;
        if (x->rows[i].d.district_verdict[AI_COUNT][0]) judged++;
        if (x->rows[i].d.sent_back) sent++;
    }
    char line[400];
    snprintf(line, sizeof line, "%d年%d月复审 %d乡镇%d支部 分歧%d（✗判合格%d） 区复审%d 退回%d%s%s", x->year, x->month,
             x->ntowns, x->n, dis, lenient, judged, sent, x->only_dis ? " 只看分歧" : "", x->dis_first ? " 分歧在前" : "");
    ui_put(body.row, body.col + 1, body.cols - 1, line, UA_HEADER);
    ui_list_draw(&x->list, (struct ui_rect){body.row + 1, body.col, body.rows - 1, body.cols});
}

static bool view_matches(const struct dreview *x, int v, const char *text)
{
    if (v < 0) {
        const struct district_row *d = &x->rows[x->towns[-v - 1].first].d;
        return strstr(d->township_name, text) || strstr(d->township_code, text);
    }
    return strstr(x->rows[v].d.branch_name, text) || strstr(x->rows[v].d.branch_code, text);
}

/* Jump to the next row (after the selected one, wrapping) whose branch or township holds part
 * of what is asked. */
static int find_row(struct screen *s, const char *typed)
{
    struct dreview *x = s->state;
    char text[128];
    zb_strlcpy(text, typed ? typed : x->find, sizeof text);
    if (!ui_prompt("查找", "支部或乡镇的名称、组织代码的一部分：", text, sizeof text, 40, true)) return SR_REDRAW;
    text_trim(text);
    if (!text[0]) return SR_REDRAW;
    zb_strlcpy(x->find, text, sizeof x->find);
    for (int k = 1; k <= x->nview; k++) {
        int i = ((x->list.sel < 0 ? -1 : x->list.sel) + k) % x->nview;
        if (view_matches(x, x->view[i], text)) {
            ui_list_select(&x->list, i);
            return SR_REDRAW;
        }
    }
    app_error(s->app, "%s没有名称或组织代码含“%s”的支部或乡镇", x->only_dis ? "有分歧的支部中" : "", text);
    return SR_REDRAW;
}

static int dr_handle(struct screen *s, int key, const struct ui_action *act)
{
    struct dreview *x = s->state;
    struct app *app = s->app;
    if (!act) {
        if (ui_list_key(&x->list, key)) return SR_REDRAW;
        if (key == UK_PASTE) return find_row(s, ui_paste_text());
        if (ui_key_is_char(key) && key != UK_SPACE && (key > 0x7f || (key >= '0' && key <= '9')))
            return find_row(s, ui_key_label(key));
        return SR_NONE;
    }
    switch (act->id) {
    case A_OPEN: {
        if (x->list.sel < 0 || x->list.sel >= x->nview) return SR_REDRAW;
        int v = x->view[x->list.sel];
        if (v < 0) {
            app_status(app, "选中乡镇下的一个支部后按 Enter 打开它的复审页");
            return SR_REDRAW;
        }
        struct branch_review_arg arg = {.branch_id = x->rows[v].d.branch_id, .year = x->year, .month = x->month,
                                        .reviewer = true, .district = true};
        app_push(app, &branch_review_screen, &arg);
        return SR_REDRAW;
    }
    case A_MONTH:
        if (screens_ask_review_month(&x->year, &x->month)) load(s);
        return SR_REDRAW;
    case A_FILTER: x->only_dis = !x->only_dis; make_view(x); return SR_REDRAW;
    case A_SORT: x->dis_first = !x->dis_first; make_view(x); return SR_REDRAW;
    case A_FIND: return find_row(s, NULL);
    case A_CHECKS: {
        struct spot_checks_arg arg = {.branch_id = 0};
        app_push(app, &spot_checks_screen, &arg);
        return SR_REDRAW;
    }
    default: return SR_NONE;
    }
}

const struct screen_ops district_review_screen = {
    .name = "district_review",
    .title = "复审",
    .manual = "复审（区委组织部）",
    .help_intro = "区委组织部复审：各乡镇报送的支部该月的审查结果，按乡镇分组（乡镇一行，其下是它的支部）。"
                  "✓ 达标，✗ 未达标，△ 待定；得分仅供参考。乡镇：乡镇审查员的总体意见（未审）；区复审：本级的总体意见；"
                  "提交：支部是否提交了月报；整改：未完成的整改事项。分歧：✗判合格＝有未达标项目而乡镇判为合格"
                  "（最先要看的）；✓判需整改、✓判不合格＝各项达标而乡镇未判合格；区改判＝区复审意见与乡镇不同；"
                  "退回＝已把问题退回乡镇。指导站督查员只看到本站负责的乡镇。",
    .state_size = sizeof(struct dreview),
    .actions = dr_actions,
    .back = "返回首页",
    .open = dr_open,
    .draw = dr_draw,
    .handle = dr_handle,
    .resume = dr_resume,
    .close = dr_close,
};

/* ---- the district's verdict on one item (district_page.h) ---- */

bool district_verdict_ask(struct app *app, const struct branch *b, int year, int month, const char *item,
                          const char *label, const struct audit_result *r, const char *township,
                          const struct district_verdict *old)
{
    const char *opts[4];
    int n = 0;
    for (const struct code_label *c = VERDICTS; c->code && n < 4; c++) opts[n++] = c->label;
    char title[300];
    snprintf(title, sizeof title, "%s %s：区复审（乡镇：%s）", b->name, label, verdict_word(township, "未审"));
    int initial = code_index(VERDICTS, old ? old->verdict : township);
    int pick = ui_pick(title, opts, n, initial < 0 ? 0 : initial);
    if (pick < 0) return false;
    struct district_verdict v = {.branch_id = b->id};
    snprintf(v.month, sizeof v.month, "%04d-%02d", year, month);
    zb_strlcpy(v.item, item, sizeof v.item);
    zb_strlcpy(v.verdict, VERDICTS[pick].code, sizeof v.verdict);
    static const char *const back_opts[] = {"不退回（只记录复审意见）", "退回乡镇（写明问题，乡镇在审查页看到）"};
    int back = ui_pick(title, back_opts, 2, old && old->sent_back ? 1 : 0);
    if (back < 0) return false;
    v.sent_back = back == 1;
    if (old) zb_strlcpy(v.comment, old->comment, sizeof v.comment);
    bool differs = strcmp(v.verdict, township) != 0;
    const char *ask = v.sent_back ? "退回的问题（乡镇会看到）：" : differs ? "理由（与乡镇结论不同，须说明）：" : "意见（可不填）：";
    if (!ui_prompt(title, ask, v.comment, sizeof v.comment, 500, false)) return false;
    text_trim(v.comment);
    zb_strlcpy(v.reviewer, app->user, sizeof v.reviewer);
    char *engine = r ? audit_engine_json(r) : NULL;
    v.engine_json = engine;
    int rc = store_district_verdict_set(app->store, &v);
    free(engine);
    if (rc != STORE_OK) {
        screens_store_error(app, "未保存");
        return false;
    }
    app_status(app, "%s %s：区复审%s%s", b->name, label, opts[pick], v.sent_back ? "，已退回乡镇" : "");
    return true;
}
