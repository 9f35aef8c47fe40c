/* audit_report.c — the monthly review out of the program (see audit_report.h): the month's report
 * (月报) for every branch — .xlsx with sheets 汇总, 问题清单 and 统计, or CSV (汇总) — written
 * while the store hands over one branch at a time (store_audit_each), through sheet.c's
 * temporary file. One branch's result as text or JSON and the snapshot are in audit_json.c, the
 * 审后修改 texts in audit_amends.c. */
#include "zhibu/audit_report.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <xlsxwriter.h>

#include "zhibu/csv.h"
#include "zhibu/date.h"
#include "zhibu/flatjson.h"
#include "zhibu/meeting.h"
#include "zhibu/model.h"
#include "zhibu/sheet.h"
#include "zhibu/store_audit.h"
#include "zhibu/store_auth.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "audit_report_priv.h"

/* ---- the month's report ---- */

/* The report is the month as reviewed: per branch, the engine's result kept with its verdicts
 * (an item's own verdict, else the overall one, else the newest), the verdicts and orders as
 * given (each order with the problem it was given for), the state now where it differs, the
 * hand-in's explanations, and the 审后修改 of the month with what each changed. A branch with no
 * verdict is shown as the engine finds it now. */
enum { SC_CODE, SC_NAME, SC_ITEMS, SC_SCORE = SC_ITEMS + AI_COUNT, SC_VERDICT, SC_RECTIFY, SC_HANDIN,
       SC_AMENDS, SC_NOW, SC_COLS };
enum { PC_BRANCH, PC_ITEM, PC_REASON, PC_NOTE, PC_VERDICT, PC_ORDER, PC_DEADLINE, PC_STATUS, PC_NOW, PC_COLS };
static const char *const PROBLEM_HEADERS[PC_COLS] = {"支部", "项目", "问题（审查时）", "支部情况说明", "审查意见",
                                                     "整改要求", "期限", "整改状态", "现状"};
static const double PROBLEM_WIDTHS[PC_COLS] = {22, 10, 44, 30, 24, 36, 12, 14, 16};
enum { AC_BRANCH, AC_RECORD, AC_CHANGE, AC_REASON, AC_WHO, AC_WHEN, AC_COLS };
static const char *const AMEND_HEADERS[AC_COLS] = {"支部", "记录", "修改内容（原 → 新）", "修改原因", "修改人", "修改时间"};
static const double AMEND_WIDTHS[AC_COLS] = {22, 30, 50, 36, 12, 18};

struct report {
    struct store *st;
    const struct audit_rules *rules;
    char month[8];
    struct zmonth zm;         /* the same month */
    struct export_file x;
    lxw_worksheet *summary, *problems, *amends, *stats;
    lxw_format *bold, *wrap, *money, *percent;
    lxw_format *cell;           /* bordered: every cell of a table has lines (sheet.c) */
    lxw_row_t srow, prow, arow;
    struct rectification *rect; /* the month's orders, every branch */
    int nrect;
    bool failed_store;
    char err[512];
    /* totals for 统计 */
    int branches, members;
    int verdicts[5];            /* pass, rectify, fail, not reviewed, item verdicts only */
    long meetings[MK_COUNT];
    long dues_expected, dues_collected;
    long post_eligible, post_covered;
    int namends;
};

/* One branch as the report shows it. */
struct view {
    const struct branch *b;
    const struct audit_result *now;
    struct verdict *v;                            /* the month's verdicts (heap) */
    int nv;
    const struct verdict *item_v[AI_COUNT + 1];   /* by item, [AI_COUNT] overall */
    struct audit_kept kept[AI_COUNT + 1];         /* kept with item_v[i] */
    bool has_kept[AI_COUNT + 1];
    const struct audit_kept *base;                /* the branch's result as reviewed */
    const struct audit_kept *item_k[AI_COUNT];    /* each item's result as reviewed */
    bool handed;
    struct handin h;
    struct flatjson_pair notes[AI_COUNT * 2];
    int nnotes;
    struct amend *am;
    int nam;
    char who[TEXT_SHORT + 40];
};

static bool has_suffix(const char *path, const char *ext)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    return dot && dot != base && strcasecmp(dot, ext) == 0;
}

static void cell_string(struct report *o, lxw_worksheet *ws, lxw_row_t row, int col, const char *s,
                        lxw_format *f)
{
    if (o->x.failed) return;
    if (!s || !*s) { /* an empty cell keeps its lines */
        export_file_lxw(&o->x, worksheet_write_blank(ws, row, (lxw_col_t)col, f ? f : o->cell));
        return;
    }
    char *t = export_clean_text(s, true);
    export_file_lxw(&o->x, worksheet_write_string(ws, row, (lxw_col_t)col, t, f ? f : o->cell));
    free(t);
}

static void cell_number(struct report *o, lxw_worksheet *ws, lxw_row_t row, int col, double v,
                        lxw_format *f)
{
    if (!o->x.failed) export_file_lxw(&o->x, worksheet_write_number(ws, row, (lxw_col_t)col, v, f ? f : o->cell));
}

static lxw_worksheet *add_sheet(struct report *o, const char *name)
{
    lxw_worksheet *ws = o->x.wb ? workbook_add_worksheet(o->x.wb, name) : NULL;
    if (!ws) export_file_lxw(&o->x, LXW_ERROR_MEMORY_MALLOC_FAILED);
    return ws;
}

/* The table's heading in row `row` (0, or 1 under a title row), frozen above the rows. */
static void header_row(struct report *o, lxw_worksheet *ws, const char *const *headers,
                       const double *widths, int n, lxw_row_t row)
{
    for (int c = 0; c < n && !o->x.failed; c++) {
        export_file_lxw(&o->x, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL));
        cell_string(o, ws, row, c, headers[c], o->bold);
    }
    worksheet_freeze_panes(ws, row + 1, 0);
}

static void summary_headers(const char **headers, double *widths)
{
    headers[SC_CODE] = "组织代码";
    widths[SC_CODE] = 14;
    headers[SC_NAME] = "支部名称";
    widths[SC_NAME] = 24;
    for (int i = 0; i < AI_COUNT; i++) {
        headers[SC_ITEMS + i] = item_label(i);
        widths[SC_ITEMS + i] = 10;
    }
    headers[SC_SCORE] = "得分";
    widths[SC_SCORE] = 7;
    headers[SC_VERDICT] = "审查意见";
    widths[SC_VERDICT] = 16;
    headers[SC_RECTIFY] = "整改情况";
    widths[SC_RECTIFY] = 22;
    headers[SC_HANDIN] = "提交月报";
    widths[SC_HANDIN] = 12;
    headers[SC_AMENDS] = "审后修改";
    widths[SC_AMENDS] = 9;
    headers[SC_NOW] = "现状（与审查时不同处）";
    widths[SC_NOW] = 30;
}

static void report_start(struct report *o)
{
    const char *headers[SC_COLS];
    double widths[SC_COLS];
    summary_headers(headers, widths);
    if (!o->x.xlsx) {
        /* a byte-order mark: spreadsheet programs on Chinese Windows read UTF-8 with it */
        export_file_io(&o->x, fputs("\xEF\xBB\xBF", o->x.f) < 0 ? -1 : 0);
        if (!o->x.failed) export_file_io(&o->x, csv_write_row(o->x.f, headers, SC_COLS));
        return;
    }
    lxw_workbook *wb = o->x.wb;
    if (!wb) {
        export_file_lxw(&o->x, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    o->summary = add_sheet(o, "汇总");
    o->problems = add_sheet(o, "问题清单");
    o->amends = add_sheet(o, "审后修改");
    o->stats = add_sheet(o, "统计");
    struct export_formats fmt;
    export_sheet_formats(&o->x, &fmt);
    if (!o->summary || !o->problems || !o->amends || !o->stats || o->x.failed) {
        export_file_lxw(&o->x, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    o->bold = fmt.head;
    o->wrap = fmt.wrap;
    o->money = fmt.money;
    o->percent = fmt.percent;
    o->cell = fmt.cell;
    /* printed: A4, landscape, the month in the page header (sheet.c) and in 统计's heading */
    char period[32];
    snprintf(period, sizeof period, "%.4s年%d月", o->month, atoi(o->month + 5));
    char *head = xasprintf("%s 月审月报", period);
    /* 汇总, 问题清单 and 审后修改: the month's title in row 1 above the table (repeated with
     * the heading on every printed page); 统计 names the month in its heading (B1) */
    lxw_worksheet *sheets[] = {o->summary, o->problems, o->amends, o->stats};
    for (int i = 0; i < 4; i++)
        export_sheet_print(&o->x, sheets[i], &(struct export_print){.title = head, .landscape = i < 3,
                                                                      .repeat_row = i < 3 ? 1 : 0});
    export_sheet_title(&o->x, o->summary, 0, SC_COLS, head, &fmt);
    export_sheet_title(&o->x, o->problems, 0, PC_COLS, head, &fmt);
    export_sheet_title(&o->x, o->amends, 0, AC_COLS, head, &fmt);
    free(head);
    header_row(o, o->summary, headers, widths, SC_COLS, 1);
    header_row(o, o->problems, PROBLEM_HEADERS, PROBLEM_WIDTHS, PC_COLS, 1);
    header_row(o, o->amends, AMEND_HEADERS, AMEND_WIDTHS, AC_COLS, 1);
    const char *STAT_HEADERS[] = {"项目", period};
    static const double STAT_WIDTHS[] = {26, 14};
    header_row(o, o->stats, STAT_HEADERS, STAT_WIDTHS, 2, 0);
    o->srow = o->prow = o->arow = 2;
}

/* The branch's order for an item this month. */
static const struct rectification *order_of(const struct report *o, int64_t branch_id, const char *item)
{
    for (int i = 0; i < o->nrect; i++)
        if (o->rect[i].branch_id == branch_id && strcmp(o->rect[i].item, item) == 0) return &o->rect[i];
    return NULL;
}

/* 整改情况: 无 / 整改中 N 项 / 待确认 N 项 / 已确认 (open and done both shown). */
static void rectify_text(const struct report *o, int64_t branch_id, char *out, size_t outsz)
{
    int open = 0, done = 0, confirmed = 0;
    for (int i = 0; i < o->nrect; i++) {
        if (o->rect[i].branch_id != branch_id) continue;
        if (strcmp(o->rect[i].status, "confirmed") == 0) confirmed++;
        else if (strcmp(o->rect[i].status, "done") == 0) done++;
        else open++;
    }
    if (open && done) snprintf(out, outsz, "整改中 %d 项，待确认 %d 项", open, done);
    else if (open) snprintf(out, outsz, "整改中 %d 项", open);
    else if (done) snprintf(out, outsz, "待确认 %d 项", done);
    else if (confirmed) snprintf(out, outsz, "已确认");
    else snprintf(out, outsz, "无");
}

static int verdict_slot(const char *item)
{
    if (strcmp(item, "overall") == 0) return AI_COUNT;
    int i = audit_item_of_code(item);
    return i >= 0 && i < AI_COUNT ? i : -1;
}

static void view_free(struct view *w)
{
    for (int i = 0; i <= AI_COUNT; i++)
        if (w->has_kept[i]) audit_kept_free(&w->kept[i]);
    if (w->handed) store_handin_free(&w->h);
    flatjson_free(w->notes, w->nnotes);
    free(w->v);
    free(w->am);
}

/* The branch's verdicts with the results kept with them, its hand-in and its amends. */
static int view_load(struct report *o, struct view *w, const struct branch *b, const struct audit_result *now)
{
    memset(w, 0, sizeof *w);
    w->b = b;
    w->now = now;
    snprintf(w->who, sizeof w->who, "%s（%s）", b->name, b->code);
    struct store_verdict_list vl;
    int rc = store_verdict_list(o->st, b->id, o->zm, &vl);
    w->v = vl.v;
    w->nv = vl.n;
    const struct verdict *newest = NULL;
    for (int i = 0; rc == STORE_OK && i < w->nv; i++) {
        int slot = verdict_slot(w->v[i].item);
        if (slot < 0) continue;
        w->item_v[slot] = &w->v[i];
        char *json = NULL;
        rc = store_verdict_engine(o->st, b->id, o->zm, w->v[i].item, &json);
        if (rc == STORE_OK && audit_engine_read(json, &w->kept[slot]) == 0) {
            w->has_kept[slot] = true;
            if (!newest || strcmp(w->v[i].updated_at, newest->updated_at) > 0) newest = &w->v[i];
        }
        free(json);
    }
    if (rc != STORE_OK) return rc;
    if (w->has_kept[AI_COUNT]) w->base = &w->kept[AI_COUNT];
    else if (newest) w->base = &w->kept[verdict_slot(newest->item)];
    for (int i = 0; i < AI_COUNT; i++) w->item_k[i] = w->has_kept[i] ? &w->kept[i] : w->base;
    int hrc = store_handin_get(o->st, b->id, o->zm, &w->h);
    if (hrc == STORE_OK) {
        w->handed = true;
        w->nnotes = flatjson_parse(w->h.notes_json, w->notes, (int)ZB_ARRAY_LEN(w->notes));
        if (w->nnotes < 0) w->nnotes = 0;
    } else if (hrc != STORE_ERR_NOT_FOUND) {
        return hrc;
    }
    struct store_amend_list al;
    int arc = store_amend_list(o->st, b->id, &o->zm, &al);
    w->am = al.v;
    w->nam = al.n;
    return arc;
}

static const char *note_of(const struct view *w, int item)
{
    const char *n = flatjson_get(w->notes, w->nnotes, item_code(item));
    return n && *n ? n : NULL;
}

static enum audit_state state_reviewed(const struct view *w, int i)
{
    return w->item_k[i] ? w->item_k[i]->state[i] : w->now->state[i];
}

/* 审查意见: the overall verdict; with item verdicts only, what they were. */
static void verdict_text(const struct view *w, char *out, size_t outsz)
{
    if (w->item_v[AI_COUNT]) {
        zb_strlcpy(out, code_label_of(VERDICTS, w->item_v[AI_COUNT]->verdict), outsz);
        return;
    }
    if (w->nv == 0) {
        zb_strlcpy(out, "未审查", outsz);
        return;
    }
    static const char *const ORDER[] = {"fail", "rectify", "pass"};
    size_t len = (size_t)snprintf(out, outsz, "未作总评（分项：");
    bool first = true;
    for (int k = 0; k < 3; k++) {
        int n = 0;
        for (int i = 0; i < AI_COUNT; i++)
            if (w->item_v[i] && strcmp(w->item_v[i]->verdict, ORDER[k]) == 0) n++;
        if (n && len < outsz) {
            len += (size_t)snprintf(out + len, outsz - len, "%s%s %d 项", first ? "" : "，",
                                    code_label_of(VERDICTS, ORDER[k]), n);
            first = false;
        }
    }
    if (len < outsz) snprintf(out + len, outsz - len, "）");
}

/* 现状: where the engine finds the month now otherwise than when it was reviewed. */
static void now_text(const struct view *w, char *out, size_t outsz)
{
    out[0] = '\0';
    if (w->nv == 0) return;
    if (!w->base) {
        zb_strlcpy(out, "审查时结果未保存", outsz);
        return;
    }
    size_t len = 0;
    if (w->now->score != w->base->score)
        len += (size_t)snprintf(out + len, outsz - len, "现得分 %d", w->now->score);
    for (int i = 0; i < AI_COUNT && len < outsz; i++)
        if (w->now->state[i] != state_reviewed(w, i))
            len += (size_t)snprintf(out + len, outsz - len, "%s%s现%s", len ? "；" : "", item_label(i),
                                    audit_state_label(w->now->state[i]));
    if (!len) zb_strlcpy(out, "与审查时相同", outsz);
}

/* Whether the result lists reason text of item as a problem (failing, or the item not passing). */
static bool lists(const enum audit_state *state, int item, bool fails)
{
    return fails || state[item] != AS_PASS;
}

static bool now_has(const struct audit_result *r, int item, const char *text)
{
    for (int k = 0; k < r->nreasons; k++)
        if ((int)r->reasons[k].item == item && strcmp(r->reasons[k].text, text) == 0 &&
            lists(r->state, item, r->reasons[k].fails))
            return true;
    return false;
}

static bool kept_has(const struct audit_kept *k, int item, const char *text)
{
    for (int j = 0; j < k->nreasons; j++)
        if (k->reasons[j].item == item && strcmp(k->reasons[j].text, text) == 0 &&
            lists(k->state, item, k->reasons[j].fails))
            return true;
    return false;
}

/* Whether the order was given for this problem: its problem names it (an order that kept no
 * problem goes with every problem of its item). */
static bool order_for(const struct rectification *r, const char *text)
{
    if (!r->problem[0]) return true;
    for (const char *p = r->problem; (p = strstr(p, text)) != NULL; p++) {
        size_t n = strlen(text);
        bool starts = p == r->problem || p[-1] == '\n' || (p >= r->problem + 3 && memcmp(p - 3, "：", 3) == 0);
        if (starts && (p[n] == '\0' || p[n] == '\n')) return true;
    }
    return false;
}

static void item_verdict_text(const struct view *w, int slot, char *out, size_t outsz)
{
    out[0] = '\0';
    const struct verdict *v = w->item_v[slot];
    if (v) {
        snprintf(out, outsz, "%s%s%s", code_label_of(VERDICTS, v->verdict), v->comment[0] ? "：" : "", v->comment);
    } else if (slot < AI_COUNT && w->item_v[AI_COUNT]) {
        snprintf(out, outsz, "总评%s", code_label_of(VERDICTS, w->item_v[AI_COUNT]->verdict));
    } else if (w->nv == 0) {
        zb_strlcpy(out, "未审查", outsz);
    }
}

static void problem_row(struct report *o, const struct view *w, const char *item, const char *reason,
                        const char *note, const char *verdict, const struct rectification *r,
                        const char *status, const char *now)
{
    lxw_row_t row = o->prow++;
    cell_string(o, o->problems, row, PC_BRANCH, w->who, o->wrap);
    cell_string(o, o->problems, row, PC_ITEM, item, o->wrap);
    cell_string(o, o->problems, row, PC_REASON, reason, o->wrap);
    cell_string(o, o->problems, row, PC_NOTE, note, o->wrap);
    cell_string(o, o->problems, row, PC_VERDICT, verdict, o->wrap);
    cell_string(o, o->problems, row, PC_ORDER, r ? r->order_text : NULL, o->wrap);
    cell_string(o, o->problems, row, PC_DEADLINE, r ? r->deadline : NULL, o->wrap);
    cell_string(o, o->problems, row, PC_STATUS, r ? code_label_of(RECTIFY_STATES, r->status) : status, o->wrap);
    cell_string(o, o->problems, row, PC_NOW, now, o->wrap);
}

static void problem_rows(struct report *o, const struct view *w)
{
    if (!o->x.xlsx) return;
    const struct audit_result *now = w->now;
    char vtext[800];
    for (int i = 0; i < AI_COUNT && !o->x.failed; i++) {
        const struct audit_kept *k = w->item_k[i];
        const struct rectification *r = order_of(o, w->b->id, item_code(i));
        const char *note = note_of(w, i);
        item_verdict_text(w, i, vtext, sizeof vtext);
        const struct verdict *iv = w->item_v[i];
        const char *no_order = iv && strcmp(iv->verdict, "pass") == 0 ? "合格，无需整改" : "未下达整改";
        bool order_shown = false;
        int rows = 0;
        int n = k ? k->nreasons : now->nreasons;
        for (int j = 0; j < n && !o->x.failed; j++) {
            int item = k ? k->reasons[j].item : (int)now->reasons[j].item;
            bool fails = k ? k->reasons[j].fails : now->reasons[j].fails;
            const char *text = k ? k->reasons[j].text : now->reasons[j].text;
            if (item != i || !lists(k ? k->state : now->state, i, fails)) continue;
            const struct rectification *mine = r && order_for(r, text) ? r : NULL;
            order_shown |= mine != NULL;
            const char *status = mine ? NULL : fails ? no_order : "待定";
            if (!k && w->nv == 0) status = fails ? "未审查" : "待定";
            const char *state_now = !k ? NULL : now_has(now, i, text) ? "仍存在" : "已消除";
            problem_row(o, w, item_label(i), text, rows == 0 ? note : NULL, vtext, mine, status, state_now);
            rows++;
        }
        if (r && !order_shown) {
            problem_row(o, w, item_label(i), r->problem[0] ? r->problem : "（审查员判定）", rows == 0 ? note : NULL,
                        vtext, r, NULL, NULL);
            rows++;
        }
        if (note && rows == 0) {
            problem_row(o, w, item_label(i), "（提交月报时未达标）", note, vtext, NULL, NULL, NULL);
            rows++;
        }
        if (!k) continue;
        /* problems the engine finds now that it did not when the month was reviewed */
        for (int j = 0; j < now->nreasons && !o->x.failed; j++) {
            const struct audit_reason *a = &now->reasons[j];
            if ((int)a->item != i || !lists(now->state, i, a->fails) || kept_has(k, i, a->text)) continue;
            problem_row(o, w, item_label(i), a->text, NULL, NULL, NULL, NULL, "审后新出现");
        }
    }
    const struct rectification *r = order_of(o, w->b->id, "overall");
    if (r && !o->x.failed) {
        item_verdict_text(w, AI_COUNT, vtext, sizeof vtext);
        problem_row(o, w, "总评", r->problem[0] ? r->problem : "（审查员判定）", NULL, vtext, r, NULL, NULL);
    }
}

static void amend_rows(struct report *o, const struct view *w)
{
    o->namends += w->nam;
    if (!o->x.xlsx) return;
    for (int i = w->nam - 1; i >= 0 && !o->x.failed; i--) { /* oldest first */
        const struct amend *a = &w->am[i];
        struct history_entry e;
        char record[600], when[64];
        char *change;
        if (store_amend_change(o->st, a, &e) == STORE_OK) {
            audit_record_text(o->st, a->table_name, e.new_json ? e.new_json : e.old_json, record, sizeof record);
            change = audit_change_text(o->st, &e, a->table_name);
            store_history_free(&e, 1);
        } else {
            audit_record_text(o->st, a->table_name, NULL, record, sizeof record);
            change = xstrdup("（日志中没有这次修改）");
        }
        export_local_time(a->requested_at, when, sizeof when);
        char who[128];
        store_user_name(o->st, a->requested_by, who, sizeof who);
        lxw_row_t row = o->arow++;
        cell_string(o, o->amends, row, AC_BRANCH, w->who, o->wrap);
        cell_string(o, o->amends, row, AC_RECORD, record, o->wrap);
        cell_string(o, o->amends, row, AC_CHANGE, change, o->wrap);
        cell_string(o, o->amends, row, AC_REASON, a->reason, o->wrap);
        cell_string(o, o->amends, row, AC_WHO, who, o->wrap);
        cell_string(o, o->amends, row, AC_WHEN, when, o->wrap);
        free(change);
    }
}

static int report_branch(const struct audit_input *in, const struct branch *b, void *ctx)
{
    struct report *o = ctx;
    struct audit_result r;
    memset(&r, 0, sizeof r);
    audit_branch(in, o->rules, &r);
    struct view *w = xcalloc(1, sizeof *w);
    if (view_load(o, w, b, &r) != STORE_OK) {
        snprintf(o->err, sizeof o->err, "无法生成月报：%s", store_errmsg(o->st));
        o->failed_store = true;
        view_free(w);
        free(w);
        audit_result_free(&r);
        return 1;
    }
    char rect[96], vtext[200], handin[16], amends[16], now[400];
    rectify_text(o, b->id, rect, sizeof rect);
    verdict_text(w, vtext, sizeof vtext);
    snprintf(handin, sizeof handin, "%.10s", w->handed ? w->h.handed_at : "未提交");
    if (w->nam) snprintf(amends, sizeof amends, "改%d", w->nam);
    else snprintf(amends, sizeof amends, "无");
    now_text(w, now, sizeof now);
    const struct verdict *ov = w->item_v[AI_COUNT];
    int vi = ov ? code_index(VERDICTS, ov->verdict) : -1;
    o->verdicts[vi >= 0 && vi < 3 ? vi : w->nv ? 4 : 3]++;
    o->branches++;
    o->members += r.members;
    for (int k = 0; k < MK_COUNT; k++) o->meetings[k] += r.meetings_held[k];
    o->dues_expected += r.dues_expected;
    o->dues_collected += r.dues_collected;
    o->post_eligible += r.post_eligible;
    o->post_covered += r.post_covered;

    char items[AI_COUNT][64];
    for (int i = 0; i < AI_COUNT; i++) {
        enum audit_state then = state_reviewed(w, i);
        if (w->base && then != r.state[i])
            snprintf(items[i], sizeof items[i], "%s（现%s）", audit_state_label(then), audit_state_label(r.state[i]));
        else
            zb_strlcpy(items[i], audit_state_label(then), sizeof items[i]);
    }
    int score = w->base ? w->base->score : r.score;
    if (o->x.xlsx) {
        lxw_row_t row = o->srow++;
        cell_string(o, o->summary, row, SC_CODE, b->code, NULL);
        cell_string(o, o->summary, row, SC_NAME, b->name, NULL);
        for (int i = 0; i < AI_COUNT; i++) cell_string(o, o->summary, row, SC_ITEMS + i, items[i], NULL);
        cell_number(o, o->summary, row, SC_SCORE, score, NULL);
        cell_string(o, o->summary, row, SC_VERDICT, vtext, NULL);
        cell_string(o, o->summary, row, SC_RECTIFY, rect, NULL);
        cell_string(o, o->summary, row, SC_HANDIN, handin, NULL);
        cell_string(o, o->summary, row, SC_AMENDS, amends, NULL);
        cell_string(o, o->summary, row, SC_NOW, now, NULL);
        problem_rows(o, w);
        amend_rows(o, w);
    } else if (!o->x.failed) {
        o->namends += w->nam;
        char sscore[16];
        snprintf(sscore, sizeof sscore, "%d", score);
        char *code = export_clean_text(b->code, false), *name = export_clean_text(b->name, false);
        const char *cells[SC_COLS];
        cells[SC_CODE] = code;
        cells[SC_NAME] = name;
        for (int i = 0; i < AI_COUNT; i++) cells[SC_ITEMS + i] = items[i];
        cells[SC_SCORE] = sscore;
        cells[SC_VERDICT] = vtext;
        cells[SC_RECTIFY] = rect;
        cells[SC_HANDIN] = handin;
        cells[SC_AMENDS] = amends;
        cells[SC_NOW] = now;
        export_file_io(&o->x, csv_write_row(o->x.f, cells, SC_COLS));
        free(code);
        free(name);
    }
    view_free(w);
    free(w);
    audit_result_free(&r);
    return o->x.failed ? 1 : 0;
}

static void stat_section(struct report *o, lxw_row_t *row, const char *title)
{
    if (*row > 1) (*row)++; /* a blank line between sections */
    cell_string(o, o->stats, (*row)++, 0, title, o->bold);
}

static void stat_count(struct report *o, lxw_row_t *row, const char *label, double v, lxw_format *f)
{
    cell_string(o, o->stats, *row, 0, label, NULL);
    cell_number(o, o->stats, *row, 1, v, f);
    (*row)++;
}

/* A rate as a fraction (shown as a percentage), or "—" when there is nothing to divide by. */
static void stat_rate(struct report *o, lxw_row_t *row, const char *label, long part, long whole)
{
    if (whole > 0) {
        stat_count(o, row, label, (double)part / (double)whole, o->percent);
    } else {
        cell_string(o, o->stats, *row, 0, label, NULL);
        cell_string(o, o->stats, *row, 1, "—", NULL);
        (*row)++;
    }
}

static void report_stats(struct report *o)
{
    if (!o->x.xlsx || o->x.failed) return;
    lxw_row_t row = 1;
    stat_section(o, &row, "支部");
    stat_count(o, &row, "支部数", o->branches, NULL);
    stat_count(o, &row, "在册党员", o->members, NULL);
    stat_section(o, &row, "审查意见");
    for (int i = 0; i < 3; i++) stat_count(o, &row, code_label_of(VERDICTS, VERDICTS[i].code), o->verdicts[i], NULL);
    stat_count(o, &row, "未作总评（仅分项）", o->verdicts[4], NULL);
    stat_count(o, &row, "未审查", o->verdicts[3], NULL);
    stat_count(o, &row, "审后修改（处）", o->namends, NULL);
    stat_section(o, &row, "本月召开的会议（次）");
    for (int k = 0; k < MK_COUNT; k++)
        stat_count(o, &row, meeting_kind_label((enum meeting_kind)k), (double)o->meetings[k], NULL);
    stat_section(o, &row, "党费收缴");
    stat_count(o, &row, "应收（元）", (double)o->dues_expected / 100.0, o->money);
    stat_count(o, &row, "实收（元）", (double)o->dues_collected / 100.0, o->money);
    stat_rate(o, &row, "收缴率", o->dues_collected, o->dues_expected);
    stat_section(o, &row, "设岗定责");
    stat_count(o, &row, "应设岗党员", (double)o->post_eligible, NULL);
    stat_count(o, &row, "已设岗党员", (double)o->post_covered, NULL);
    stat_rate(o, &row, "覆盖率", o->post_covered, o->post_eligible);
}

int audit_report_write(struct store *st, struct zmonth month, struct zdate today,
                       const struct audit_rules *rules, const char *path, char *err, size_t errsz)
{
    if (err && errsz) err[0] = '\0';
    bool xlsx = path && has_suffix(path, ".xlsx"), csv = path && has_suffix(path, ".csv");
    if (!xlsx && !csv) {
        snprintf(err, errsz, "无法导出到 %s：文件名应以 .xlsx 或 .csv 结尾", path ? path : "");
        return -1;
    }
    if (!st || !rules || !zmonth_valid(month)) {
        snprintf(err, errsz, "无法生成月报：月份无效");
        return -1;
    }
    struct report *o = xcalloc(1, sizeof *o);
    o->st = st;
    o->rules = rules;
    zmonth_format(month, o->month);
    o->zm = month;
    struct store_rectification_list rl;
    if (store_rectification_list(st, 0, &o->zm, false, &rl) != STORE_OK) {
        snprintf(err, errsz, "无法生成月报：%s", store_errmsg(st));
        free(o);
        return -1;
    }
    o->rect = rl.v;
    o->nrect = rl.n;
    if (export_file_open(&o->x, path, xlsx, err, errsz) != 0) {
        free(o->rect);
        free(o);
        return -1;
    }
    report_start(o);
    bool ok = true;
    if (!o->x.failed) {
        int rc = store_audit_each(st, 0, month, today, report_branch, o);
        if (o->failed_store) {
            snprintf(err, errsz, "%s", o->err);
            ok = false;
        } else if (rc != STORE_OK && !o->x.failed) {
            snprintf(err, errsz, "无法生成月报：%s", store_errmsg(st));
            ok = false;
        }
    }
    if (ok) report_stats(o);
    int rc = export_file_close(&o->x, ok, err, errsz);
    free(o->rect);
    free(o);
    return rc;
}
