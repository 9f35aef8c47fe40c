/* branch_review.c — one branch's month under review: each item's state and the reasons behind
 * it, the verdicts given, and, if the month was handed in, what has changed since. Enter on a
 * reason opens the records behind it read-only. The reviewer gives verdicts (v for an item, o
 * overall); the branch's own self-check hands the month in (F2). At every level the district's
 * verdicts (复审) stand under the township's, a finding sent back marked "区委组织部退回：……", and
 * the branch's spot checks (督查) follow the items; at a district (arg.district) d records the
 * district's verdict on the selected item (district_verdict_ask) and c opens the spot checks. */
#define _GNU_SOURCE /* open_memstream */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/audit.h"
#include "zhibu/audit_report.h"
#include "zhibu/clock.h"
#include "zhibu/csv.h"
#include "zhibu/date.h"
#include "zhibu/deadlines.h"
#include "zhibu/flatjson.h"
#include "zhibu/post_flows.h"
#include "zhibu/rules.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_audit.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_district.h"
#include "zhibu/history_view.h"
#include "zhibu/store_meeting.h"
#include "zhibu/store_posts.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

#include "audit_refs.h"
#include "district_page.h"

enum { A_OPEN = 1, A_VERDICT, A_OVERALL, A_HANDIN, A_RECTIFY, A_DISTRICT, A_CHECKS };

static const struct ui_action branch_review_actions[] = {
    {.id = A_OPEN, .key = UK_ENTER, .help = "打开所选问题依据的记录（只读）：会议记录、党员、在岗情况", .perm = STORE_PERM_ANY},
    {.id = A_VERDICT, .key = 'v', .label = "意见", .help = "对所选项目给出审查意见：合格 / 需整改 / 不合格（需整改和不合格须写整改要求和期限）", .perm = STORE_PERM_REVIEW},
    {.id = A_OVERALL, .key = 'o', .label = "总评", .help = "给出该支部本月的总体审查意见", .perm = STORE_PERM_REVIEW},
    {.id = A_HANDIN, .key = UK_F(2), .label = "提交月报", .help = "（支部）提交本月月报：保存此刻各项状态；有未达标项目的须逐项说明", .perm = STORE_PERM_EDIT},
    {.id = A_RECTIFY, .key = 'r', .label = "整改", .help = "该支部的整改事项", .perm = STORE_PERM_ANY},
    {.id = A_DISTRICT, .key = 'd', .label = "复审", .help = "（区委组织部）对所选项目（或总体）记录区复审意见，可退回乡镇；与乡镇结论不同须说明理由", .perm = STORE_PERM_DISTRICT},
    {.id = A_CHECKS, .key = 'c', .label = "督查", .help = "（区委组织部、指导站）该支部的督查记录：登记、作废（各级都在本页“督查”一栏看到）", .perm = STORE_PERM_DISTRICT},
    {0},
};

static const struct ui_column br_columns[] = {
    {.title = "项目", .width = 8},
    {.title = "状态", .width = 8},
    {.title = "问题 / 意见", .width = 20, .grow = 1},
};

/* Rows past the items: the 审后修改 heading and one row per amend; the 督查 heading and one row per
 * spot check. */
#define ROW_AMENDS (-2)
#define ROW_AMEND (-3)
#define ROW_CHECKS (-4)
#define ROW_CHECK (-5)

/* An item's row for the 情况说明 the branch gave for it when handing the month in. */
#define REASON_NOTE (-2)
/* A problem found when the month was reviewed that the engine no longer finds (the index of the
 * reason in the item's kept result in `gone`). */
#define REASON_GONE (-3)
/* The district's verdict on the item (or the overall), under the township's. */
#define REASON_DISTRICT (-4)

struct br_row {
    int item;          /* enum audit_item, AI_COUNT for the overall line, ROW_AMEND(S) */
    int reason;        /* index into result reasons (or into amends), -1 for the item line,
                        * REASON_NOTE for the item's hand-in note, REASON_GONE */
    int gone;          /* REASON_GONE: the reason's index in the item's kept result */
};

struct branch_review {
    struct ui_list list;
    struct branch_review_arg arg;
    struct branch b;
    struct audit_result r;
    bool have_result;
    struct audit_rules rules;
    struct verdict v[AI_COUNT + 1];
    int nv;
    bool handed;
    struct handin h;
    enum audit_state then[AI_COUNT];
    int then_score;
    struct flatjson_pair notes[AI_COUNT * 2]; /* the hand-in's 情况说明, by item code */
    int nnotes;
    /* the month as reviewed: the engine's result kept with each verdict ([AI_COUNT] overall),
     * and for each item the one it was reviewed on (its own, else the overall, else the newest) */
    struct audit_kept kept[AI_COUNT + 1];
    bool has_kept[AI_COUNT + 1];
    const struct audit_kept *item_k[AI_COUNT];
    struct br_row *rows;             /* the items, their reasons and every amend (heap) */
    int nrows;
    char month[8];
    struct amend *amends;            /* every 审后修改 of the month, newest first (heap) */
    int namends;
    int verify_problems;             /* store_journal_verify of this branch: problems found, -1 = not run yet, -2 = failed */
    char verify_first[256];          /* the first problem's message */
    struct district_verdict dv[AI_COUNT + 1]; /* the district's verdicts ([AI_COUNT] overall) */
    bool has_dv[AI_COUNT + 1];
    struct spot_check *checks;       /* the branch's spot checks, newest first (heap) */
    int nchecks;
    char township[TEXT_SHORT];       /* at a district: the township that sends the branch */
    struct screens_branch_ctx ctx; /* the title bar names the branch under review */
    bool may_review;               /* hints name o only to whom may use it */
    bool may_district;             /* and d */
};

static const struct verdict *verdict_of(const struct branch_review *x, const char *item)
{
    for (int i = 0; i < x->nv; i++)
        if (strcmp(x->v[i].item, item) == 0) return &x->v[i];
    return NULL;
}

/* The hand-in's 情况说明 for an item, NULL when none. */
static const char *note_of(const struct branch_review *x, int item)
{
    const char *n = x->handed ? flatjson_get(x->notes, x->nnotes, AUDIT_ITEMS[item].code) : NULL;
    return n && *n ? n : NULL;
}

/* Whether the result lists text as a problem of item (failing, or the item not passing). */
static bool now_lists(const struct audit_result *r, int item, const char *text)
{
    for (int k = 0; k < r->nreasons; k++)
        if ((int)r->reasons[k].item == item && strcmp(r->reasons[k].text, text) == 0) return true;
    return false;
}

static bool kept_lists(const struct audit_kept *k, int item, int j)
{
    return k->reasons[j].item == item && (k->reasons[j].fails || k->state[item] != AS_PASS);
}

/* The results kept with the month's verdicts (x->v read). */
static void load_kept(struct branch_review *x, struct store *st)
{
    const struct verdict *newest = NULL;
    for (int i = 0; i <= AI_COUNT; i++) {
        if (x->has_kept[i]) audit_kept_free(&x->kept[i]);
        x->has_kept[i] = false;
    }
    for (int i = 0; i < x->nv; i++) {
        int slot = strcmp(x->v[i].item, "overall") == 0 ? AI_COUNT : audit_item_of_code(x->v[i].item);
        if (slot < 0 || slot > AI_COUNT) continue;
        char *json = NULL;
        if (store_verdict_engine(st, x->arg.branch_id, (struct zmonth){x->arg.year, x->arg.month}, x->v[i].item, &json) == STORE_OK &&
            audit_engine_read(json, &x->kept[slot]) == 0) {
            x->has_kept[slot] = true;
            if (!newest || strcmp(x->v[i].updated_at, newest->updated_at) > 0) newest = &x->v[i];
        }
        free(json);
    }
    const struct audit_kept *base = x->has_kept[AI_COUNT] ? &x->kept[AI_COUNT] : NULL;
    if (!base && newest) {
        int slot = strcmp(newest->item, "overall") == 0 ? AI_COUNT : audit_item_of_code(newest->item);
        base = &x->kept[slot];
    }
    for (int i = 0; i < AI_COUNT; i++) x->item_k[i] = x->has_kept[i] ? &x->kept[i] : base;
}

/* The district's verdicts of the month and the branch's spot checks (none below a district until
 * its bundle brings them). */
static void load_district(struct branch_review *x, struct store *st)
{
    memset(x->has_dv, 0, sizeof x->has_dv);
    struct store_district_verdict_list dl = {0};
    if (store_district_verdict_list(st, x->arg.branch_id, (struct zmonth){x->arg.year, x->arg.month}, &dl) == STORE_OK) {
        for (int i = 0; i < dl.n; i++) {
            int slot = strcmp(dl.v[i].item, "overall") == 0 ? AI_COUNT : audit_item_of_code(dl.v[i].item);
            if (slot < 0 || slot > AI_COUNT) continue;
            x->dv[slot] = dl.v[i];
            x->dv[slot].engine_json = NULL;
            x->has_dv[slot] = true;
        }
        store_district_verdict_list_free(&dl);
    }
    free(x->checks);
    x->checks = NULL;
    x->nchecks = 0;
    struct store_spot_check_list cl = {0};
    if (store_spot_check_list(st, x->arg.branch_id, &cl) == STORE_OK) {
        x->checks = cl.v;
        x->nchecks = cl.n;
    }
}

static int grab(const struct audit_input *in, const struct branch *b, void *ctx)
{
    struct branch_review *x = ctx;
    x->b = *b;
    audit_branch(in, &x->rules, &x->r);
    x->have_result = true;
    return 1;
}

static void load(struct screen *s)
{
    struct branch_review *x = s->state;
    struct app *app = s->app;
    if (x->have_result) audit_result_free(&x->r);
    x->have_result = false;
    if (store_audit_each(app->store, x->arg.branch_id, (struct zmonth){x->arg.year, x->arg.month}, clock_today(), grab, x) != STORE_OK)
        screens_store_error(app, "审查失败");
    struct store_verdict_list v; /* one per item and the overall (UNIQUE branch, month, item) */
    store_verdict_list(app->store, x->arg.branch_id, (struct zmonth){x->arg.year, x->arg.month}, &v);
    for (x->nv = 0; x->nv < v.n && x->nv < AI_COUNT + 1; x->nv++) x->v[x->nv] = v.v[x->nv];
    store_verdict_list_free(&v);
    load_kept(x, app->store);
    load_district(x, app->store);
    if (x->handed) store_handin_free(&x->h);
    x->handed = store_handin_get(app->store, x->arg.branch_id, (struct zmonth){x->arg.year, x->arg.month}, &x->h) == STORE_OK;
    if (x->handed && audit_snapshot_read(x->h.snapshot_json, x->then, &x->then_score, NULL) != 0) x->handed = false;
    flatjson_free(x->notes, x->nnotes);
    x->nnotes = x->handed ? flatjson_parse(x->h.notes_json, x->notes, (int)ZB_ARRAY_LEN(x->notes)) : 0;
    if (x->nnotes < 0) x->nnotes = 0;
    x->nrows = 0;
    if (!x->have_result) {
        ui_list_set_count(&x->list, 0);
        return;
    }
    struct store_amend_list am;
    store_amend_list(app->store, x->arg.branch_id, &(struct zmonth){x->arg.year, x->arg.month}, &am);
    free(x->amends);
    x->amends = am.v;
    x->namends = am.n;
    /* one row per item and reason, the overall line, the amends' heading and one per amend */
    free(x->rows);
    int nkept = 0;
    for (int i = 0; i < AI_COUNT; i++) nkept += x->item_k[i] ? x->item_k[i]->nreasons : 0;
    x->rows = xcalloc((size_t)(3 * AI_COUNT + x->r.nreasons + nkept + 5 + x->namends + x->nchecks), sizeof *x->rows);
    for (int i = 0; i < AI_COUNT; i++) {
        x->rows[x->nrows++] = (struct br_row){i, -1, 0};
        if (x->has_dv[i]) x->rows[x->nrows++] = (struct br_row){i, REASON_DISTRICT, 0};
        if (note_of(x, i)) x->rows[x->nrows++] = (struct br_row){i, REASON_NOTE, 0};
        for (int k = 0; k < x->r.nreasons; k++)
            if ((int)x->r.reasons[k].item == i) x->rows[x->nrows++] = (struct br_row){i, k, 0};
        const struct audit_kept *kk = x->item_k[i];
        for (int j = 0; kk && j < kk->nreasons; j++)
            if (kept_lists(kk, i, j) && !now_lists(&x->r, i, kk->reasons[j].text))
                x->rows[x->nrows++] = (struct br_row){i, REASON_GONE, j};
    }
    x->rows[x->nrows++] = (struct br_row){AI_COUNT, -1, 0};
    if (x->has_dv[AI_COUNT]) x->rows[x->nrows++] = (struct br_row){AI_COUNT, REASON_DISTRICT, 0};
    if (x->nchecks > 0) {
        x->rows[x->nrows++] = (struct br_row){ROW_CHECKS, -1, 0};
        for (int k = 0; k < x->nchecks; k++) x->rows[x->nrows++] = (struct br_row){ROW_CHECK, k, 0};
    }
    if (x->namends > 0) {
        x->rows[x->nrows++] = (struct br_row){ROW_AMENDS, -1, 0};
        for (int k = 0; k < x->namends; k++) x->rows[x->nrows++] = (struct br_row){ROW_AMEND, k, 0};
    }
    /* this branch's journal and rows, checked each time the page is read — after the page
     * is drawn without it (the check takes longer than everything above on a ten-year
     * branch: about 100 ms on the ten-year district); a problem found shows on the next draw */
    x->verify_problems = -1;
    x->verify_first[0] = '\0';
    ui_list_set_count(&x->list, x->nrows);
    app_repaint(app);
    ui_refresh();
    struct verify_result *vr = xcalloc(1, sizeof *vr);
    if (store_journal_verify(app->store, x->arg.branch_id, vr) == STORE_OK) {
        x->verify_problems = vr->nproblems;
        if (vr->nproblems > 0) zb_strlcpy(x->verify_first, vr->problems[0].message, sizeof x->verify_first);
    } else {
        x->verify_problems = -2; /* the check itself failed: say so rather than nothing */
    }
    free(vr);
    ui_list_set_count(&x->list, x->nrows);
}

static void br_cell(void *ctx, int row, int column, char *buf, size_t bufsz)
{
    struct branch_review *x = ctx;
    buf[0] = '\0';
    if (row < 0 || row >= x->nrows) return;
    const struct br_row *r = &x->rows[row];
    if (r->item == ROW_AMENDS) {
        if (column == 0) zb_strlcpy(buf, "审后修改", bufsz);
        if (column == 1) snprintf(buf, bufsz, "%d 处", x->namends);
        if (column == 2) zb_strlcpy(buf, "评审后经申请修改的记录（Enter 查看修改前后的内容）", bufsz);
        return;
    }
    if (r->item == ROW_CHECKS) {
        int standing = 0;
        for (int k = 0; k < x->nchecks; k++) standing += !x->checks[k].voided_at[0];
        if (column == 0) zb_strlcpy(buf, "督查", bufsz);
        if (column == 1) snprintf(buf, bufsz, "%d 次", standing);
        if (column == 2) zb_strlcpy(buf, "指导站的督查（Enter 查看全文）", bufsz);
        return;
    }
    if (r->item == ROW_CHECK) {
        if (column == 2) {
            buf[0] = buf[1] = ' ';
            spot_check_line(&x->checks[r->reason], buf + 2, bufsz - 2);
        }
        return;
    }
    if (r->reason == REASON_DISTRICT) {
        /* a finding sent back is what the township must see: named as the district's */
        const struct district_verdict *d = &x->dv[r->item];
        if (column != 2) return;
        if (d->sent_back)
            snprintf(buf, bufsz, "  区委组织部退回：%s（区复审：%s）", d->comment, code_label_of(VERDICTS, d->verdict));
        else
            snprintf(buf, bufsz, "  区复审：%s%s%s", code_label_of(VERDICTS, d->verdict), d->comment[0] ? "，" : "", d->comment);
        return;
    }
    if (r->item == ROW_AMEND) {
        const struct amend *a = &x->amends[r->reason];
        if (column == 2)
            snprintf(buf, bufsz, "  %.10s %s %s：%s  ▸", a->requested_at, a->requested_by,
                     code_label_of(LEDGER_TABLES, a->table_name), a->reason);
        return;
    }
    if (r->item == AI_COUNT) {
        const struct verdict *v = verdict_of(x, "overall");
        if (column == 0) zb_strlcpy(buf, "总体", bufsz);
        if (column == 1) snprintf(buf, bufsz, "%d 分", x->r.score);
        if (column == 2) {
            if (v) snprintf(buf, bufsz, "%s：%s%s%s", x->arg.district ? "乡镇意见" : "意见", code_label_of(VERDICTS, v->verdict),
                            v->comment[0] ? "，" : "", v->comment);
            else if (x->arg.district) zb_strlcpy(buf, "乡镇尚未给出总体意见", bufsz);
            else if (x->may_review) zb_strlcpy(buf, "尚未给出总体意见（按 o）", bufsz);
            else zb_strlcpy(buf, "尚未给出总体意见", bufsz);
            if (x->may_district && !x->has_dv[AI_COUNT] && strlen(buf) + 1 < bufsz)
                zb_strlcpy(buf + strlen(buf), "；区尚未复审（按 d）", bufsz - strlen(buf));
        }
        return;
    }
    if (r->reason == REASON_NOTE) {
        if (column == 2) snprintf(buf, bufsz, "  情况说明：%s", note_of(x, r->item));
        return;
    }
    if (r->reason == REASON_GONE) {
        if (column == 2) snprintf(buf, bufsz, "  审查时：%s（现已不存在）", x->item_k[r->item]->reasons[r->gone].text);
        return;
    }
    if (r->reason >= 0) {
        if (column == 2) {
            const struct audit_reason *a = &x->r.reasons[r->reason];
            snprintf(buf, bufsz, "  %s%s", a->text, a->nrefs ? "  ▸" : "");
        }
        return;
    }
    enum audit_item item = (enum audit_item)r->item;
    if (column == 0) zb_strlcpy(buf, AUDIT_ITEMS[item].label, bufsz);
    if (column == 1) snprintf(buf, bufsz, "%s %s", audit_state_mark(x->r.state[item]), audit_state_label(x->r.state[item]));
    if (column == 2) {
        const struct verdict *v = verdict_of(x, AUDIT_ITEMS[item].code);
        size_t len = 0;
        const struct audit_kept *k = x->item_k[item];
        bool since_review = k && k->state[item] != x->r.state[item];
        bool since_handin = x->handed && x->then[item] != x->r.state[item];
        if (since_review && since_handin && k->state[item] == x->then[item])
            len += (size_t)snprintf(buf + len, bufsz - len, "提交和审查后有变化（当时%s） ", audit_state_label(k->state[item]));
        else {
            if (since_review)
                len += (size_t)snprintf(buf + len, bufsz - len, "审查后有变化（审查时%s） ", audit_state_label(k->state[item]));
            if (since_handin && len < bufsz)
                len += (size_t)snprintf(buf + len, bufsz - len, "提交后有变化（提交时%s） ", audit_state_label(x->then[item]));
        }
        if (v && len < bufsz)
            snprintf(buf + len, bufsz - len, "%s：%s%s%s%s", x->arg.district ? "乡镇" : "意见", code_label_of(VERDICTS, v->verdict),
                     v->deadline[0] ? "，期限 " : "", v->deadline, v->comment[0] ? "" : "");
    }
}

static enum ui_attr br_row_attr(void *ctx, int row)
{
    struct branch_review *x = ctx;
    if (row < 0 || row >= x->nrows) return UA_NORMAL;
    const struct br_row *r = &x->rows[row];
    if (r->reason == REASON_DISTRICT) return x->dv[r->item].sent_back ? UA_MARK : UA_NORMAL;
    if (r->item == AI_COUNT || r->item == ROW_AMENDS || r->item == ROW_CHECKS) return UA_HEADER;
    if (r->item == ROW_AMEND) return UA_MARK;
    if (r->item == ROW_CHECK)
        return x->checks[r->reason].voided_at[0] ? UA_DIM : strcmp(x->checks[r->reason].result, "issues") == 0 ? UA_MARK : UA_NORMAL;
    if (r->reason == REASON_NOTE) return UA_NORMAL;
    if (r->reason == REASON_GONE) return UA_DIM;
    if (r->reason >= 0) return x->r.reasons[r->reason].fails ? UA_MARK : UA_DIM;
    if (x->handed && x->then[r->item] != x->r.state[r->item]) return UA_MARK;
    if (x->item_k[r->item] && x->item_k[r->item]->state[r->item] != x->r.state[r->item]) return UA_MARK;
    return x->r.state[r->item] == AS_FAIL ? UA_MARK : UA_NORMAL;
}

static int br_open(struct screen *s, void *arg)
{
    struct branch_review *x = s->state;
    x->arg = *(const struct branch_review_arg *)arg;
    snprintf(x->month, sizeof x->month, "%04d-%02d", x->arg.year, x->arg.month);
    x->rules = s->app->rules->audit;
    x->list = (struct ui_list){.columns = br_columns, .ncolumns = 3, .sel = -1, .cell = br_cell, .row_attr = br_row_attr,
                               .ctx = x, .empty_text = "（没有这个支部的审查结果）"};
    load(s);
    if (!x->have_result) {
        app_error(s->app, "找不到该支部的审查结果");
        return -1;
    }
    screens_branch_enter(s->app, x->arg.branch_id, &x->ctx);
    x->may_review = store_may(s->app->store, STORE_PERM_REVIEW, x->arg.branch_id);
    x->may_district = x->arg.district && store_may(s->app->store, STORE_PERM_DISTRICT, x->arg.branch_id);
    struct township t;
    if (x->arg.district && store_branch_township(s->app->store, x->arg.branch_id, &t) == STORE_OK)
        zb_strlcpy(x->township, t.name, sizeof x->township);
    return 0;
}

static void br_close(struct screen *s)
{
    struct branch_review *x = s->state;
    screens_branch_leave(s->app, &x->ctx);
    if (x->have_result) audit_result_free(&x->r);
    if (x->handed) store_handin_free(&x->h);
    flatjson_free(x->notes, x->nnotes);
    for (int i = 0; i <= AI_COUNT; i++)
        if (x->has_kept[i]) audit_kept_free(&x->kept[i]);
    free(x->rows);
    free(x->amends);
    free(x->checks);
}

static void br_draw(struct screen *s, struct ui_rect body)
{
    struct branch_review *x = s->state;
    char line[400];
    snprintf(line, sizeof line, "%s %d年%d月%s  得分 %d", x->b.name, x->arg.year, x->arg.month,
             x->arg.district ? "复审" : x->arg.reviewer ? "审查" : "自查", x->r.score);
    ui_put(body.row, body.col + 1, body.cols - 1, line, UA_HEADER);
    if (x->handed)
        snprintf(line, sizeof line, "已于 %.10s 提交月报（%s），提交时得分 %d", x->h.handed_at, x->h.handed_by, x->then_score);
    else
        snprintf(line, sizeof line, "尚未提交月报");
    if (x->township[0]) snprintf(line + strlen(line), sizeof line - strlen(line), "；乡镇：%s", x->township);
    bool bad = x->verify_problems > 0;
    if (x->verify_problems == -1) /* drawn once before the check runs (load) */
        snprintf(line + strlen(line), sizeof line - strlen(line), "；正在校验本支部台账……");
    else if (x->verify_problems == -2)
        snprintf(line + strlen(line), sizeof line - strlen(line), "；本支部台账未能校验");
    if (bad) snprintf(line, sizeof line, "校验未通过：%s（共 %d 处，zhibu verify --branch %s 查看）",
                      x->verify_first, x->verify_problems, x->b.code);
    ui_put(body.row + 1, body.col + 1, body.cols - 1, line, bad ? UA_MARK : UA_DIM);
    ui_list_draw(&x->list, (struct ui_rect){body.row + 2, body.col, body.rows - 2, body.cols});
}

static int give_verdict(struct screen *s, const char *item, const char *label)
{
    struct branch_review *x = s->state;
    struct app *app = s->app;
    const char *opts[4];
    int n = 0;
    for (const struct code_label *c = VERDICTS; c->code && n < 4; c++) opts[n++] = c->label;
    char title[200];
    snprintf(title, sizeof title, "%s %s：审查意见", x->b.name, label);
    const struct verdict *old = verdict_of(x, item);
    int initial = old ? code_index(VERDICTS, old->verdict) : 0;
    int pick = ui_pick(title, opts, n, initial < 0 ? 0 : initial);
    if (pick < 0) return SR_REDRAW;
    struct verdict v = {.branch_id = x->b.id};
    zb_strlcpy(v.month, x->month, sizeof v.month);
    zb_strlcpy(v.item, item, sizeof v.item);
    zb_strlcpy(v.verdict, VERDICTS[pick].code, sizeof v.verdict);
    if (old) zb_strlcpy(v.comment, old->comment, sizeof v.comment);
    /* 需整改 and 不合格 both order rectification, with a deadline (the store's rule) */
    bool rectify = strcmp(v.verdict, "rectify") == 0 || strcmp(v.verdict, "fail") == 0;
    if (!ui_prompt(title, rectify ? "整改要求：" : "意见：", v.comment, sizeof v.comment, 150, rectify)) return SR_REDRAW;
    text_trim(v.comment);
    if (rectify) {
        if (old && old->deadline[0]) zb_strlcpy(v.deadline, old->deadline, sizeof v.deadline);
        else date_format(rectify_default_deadline(clock_today(), app->rules), v.deadline);
        for (;;) {
            if (!ui_prompt(title, "整改期限（YYYY-MM-DD）：", v.deadline, sizeof v.deadline, 10, true)) return SR_REDRAW;
            text_trim(v.deadline);
            struct zdate d;
            if (date_parse(v.deadline, &d) && date_cmp(d, clock_today()) >= 0) break;
            char msgbuf[ZB_MSG_MAX];
            const char *why = date_problem(v.deadline, msgbuf, sizeof msgbuf);
            ui_message("日期有误", why ? why : "整改期限应为今天或以后的日期");
        }
    }
    zb_strlcpy(v.reviewer, app->user, sizeof v.reviewer);
    /* the result the reviewer judged stays with the verdict (the report shows the month as
     * reviewed, whatever changes after) */
    char *engine = audit_engine_json(&x->r);
    v.engine_json = engine;
    int rc = store_verdict_set(app->store, &v);
    free(engine);
    if (rc != STORE_OK) {
        screens_store_error(app, "未保存");
        return SR_REDRAW;
    }
    app_status(app, "%s %s：%s%s%s", x->b.name, label, opts[pick], rectify ? "，整改期限 " : "", rectify ? v.deadline : "");
    load(s);
    return SR_REDRAW;
}

/* 提交月报: the snapshot of this moment, with a note for every failed item. */
static int hand_in(struct screen *s)
{
    struct branch_review *x = s->state;
    struct app *app = s->app;
    if (x->handed) {
        app_error(app, "%d年%d月 已于 %.10s 提交", x->arg.year, x->arg.month, x->h.handed_at);
        return SR_REDRAW;
    }
    struct zdate end = date_month_end((struct zdate){x->arg.year, x->arg.month, 1});
    if (date_cmp(clock_today(), end) <= 0 && !ui_confirm("本月尚未结束，仍然提交本月月报？")) return SR_REDRAW;
    char *notes = NULL;
    size_t notes_len = 0;
    FILE *out = open_memstream(&notes, &notes_len);
    if (!out) return SR_REDRAW;
    fputc('{', out);
    int written = 0;
    for (int i = 0; i < AI_COUNT; i++) {
        if (x->r.state[i] != AS_FAIL) continue;
        char note[400] = "", title[200];
        snprintf(title, sizeof title, "提交月报：%s 未达标", AUDIT_ITEMS[i].label);
        if (!ui_prompt(title, "情况说明：", note, sizeof note, 120, true)) {
            fclose(out);
            free(notes);
            return SR_REDRAW;
        }
        text_trim(note);
        if (written++) fputc(',', out);
        json_write_string(out, AUDIT_ITEMS[i].code);
        fputc(':', out);
        json_write_string(out, note);
    }
    fputc('}', out);
    fclose(out);
    char q[400];
    snprintf(q, sizeof q, "提交 %s %d年%d月 月报？（得分 %d；提交后仍可补充记录，审查时会显示变化）", x->b.name, x->arg.year,
             x->arg.month, x->r.score);
    if (!ui_confirm(q)) {
        free(notes);
        return SR_REDRAW;
    }
    struct handin h = {.branch_id = x->b.id};
    zb_strlcpy(h.month, x->month, sizeof h.month);
    h.snapshot_json = audit_snapshot_json(&x->r);
    h.notes_json = notes;
    int rc = store_handin_add(app->store, &h);
    free(h.snapshot_json);
    free(notes);
    if (rc != STORE_OK) {
        screens_store_error(app, "未提交");
        return SR_REDRAW;
    }
    app_status(app, "已提交 %d年%d月 月报", x->arg.year, x->arg.month);
    load(s);
    return SR_REDRAW;
}

static int br_handle(struct screen *s, int key, const struct ui_action *act)
{
    struct branch_review *x = s->state;
    struct app *app = s->app;
    if (!act) return ui_list_key(&x->list, key) ? SR_REDRAW : SR_NONE;
    const struct br_row *row = x->list.sel >= 0 && x->list.sel < x->nrows ? &x->rows[x->list.sel] : NULL;
    switch (act->id) {
    case A_OPEN:
        if (row && row->item == ROW_AMEND) {
            const struct amend *a = &x->amends[row->reason];
            char *title = xasprintf("审后修改 — %s（原因：%s）", code_label_of(LEDGER_TABLES, a->table_name), a->reason);
            history_view_show(app, a->table_name, a->row_uuid, title);
            free(title);
        } else if (row && row->item == ROW_CHECK) {
            char *t = spot_check_text(app->store, &x->checks[row->reason]);
            ui_message("督查", t);
            free(t);
        } else if (row && row->item >= 0 && row->reason >= 0) audit_refs_open(app, &x->r.reasons[row->reason], x->b.id, x->arg.year, x->arg.month);
        else app_status(app, "选中一条问题后按 Enter 查看依据的记录");
        return SR_REDRAW;
    case A_VERDICT:
        if (!row || row->item == AI_COUNT || row->item < 0) return give_verdict(s, "overall", "总体");
        return give_verdict(s, AUDIT_ITEMS[row->item].code, AUDIT_ITEMS[row->item].label);
    case A_OVERALL: return give_verdict(s, "overall", "总体");
    case A_HANDIN: return hand_in(s);
    case A_DISTRICT: {
        int item = row && row->item >= 0 && row->item < AI_COUNT ? row->item : AI_COUNT;
        const char *code = item == AI_COUNT ? "overall" : AUDIT_ITEMS[item].code;
        const struct verdict *v = verdict_of(x, code);
        if (district_verdict_ask(app, &x->b, x->arg.year, x->arg.month, code, item == AI_COUNT ? "总体" : AUDIT_ITEMS[item].label,
                                 &x->r, v ? v->verdict : "", x->has_dv[item] ? &x->dv[item] : NULL))
            load(s);
        return SR_REDRAW;
    }
    case A_CHECKS: {
        struct spot_checks_arg arg = {.branch_id = x->b.id};
        app_push(app, &spot_checks_screen, &arg);
        return SR_REDRAW;
    }
    case A_RECTIFY: {
        struct rectify_arg arg = {.branch_id = x->b.id, .reviewer = x->arg.reviewer};
        app_push(app, &rectify_screen, &arg);
        return SR_REDRAW;
    }
    default: return SR_NONE;
    }
}

/* Verdicts and the hand-in are asked for the branch under review, not the current one. */
static int64_t br_branch(struct screen *s)
{
    struct branch_review *x = s->state;
    return x->b.id;
}

const struct screen_ops branch_review_screen = {
    .name = "branch_review",
    .title = "支部月审",
    .manual = "月审月报（支部）",
    .help_intro = "一个支部一个月的审查：各项状态及问题（▸ 表示可按 Enter 查看依据的记录）。"
                  "审查员对各项和总体给出意见，需整改、不合格的须写整改要求和期限；支部自查后可提交月报，"
                  "未达标的项目逐项写明情况说明（提交后显示在该项下）；"
                  "提交后如有改动，审查时会标出“提交后有变化”。",
    .state_size = sizeof(struct branch_review),
    .actions = branch_review_actions,
    .back = "返回",
    .open = br_open,
    .draw = br_draw,
    .handle = br_handle,
    .resume = load,
    .close = br_close,
    .branch = br_branch,
};
