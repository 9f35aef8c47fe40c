/* audit_report.c — the monthly review out of the program (see audit_report.h): one branch's
 * result as text or JSON, the snapshot kept when a month is handed in, and the month's report
 * (月报) for every branch — .xlsx with sheets 汇总, 问题清单 and 统计, or CSV (汇总) — written
 * while the store hands over one branch at a time (store_audit_each), through sheet.c's
 * temporary file. */
#include "zhibu/audit_report.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <xlsxwriter.h>

#include "zhibu/csv.h"
#include "zhibu/flatjson.h"
#include "zhibu/meeting.h"
#include "zhibu/model.h"
#include "zhibu/sheet.h"
#include "zhibu/store_audit.h"
#include "zhibu/text.h"
#include "zhibu/util.h"

/* ---- states ---- */

static const char *const STATE_CODES[] = {"pass", "fail", "pending"};

const char *audit_state_code(enum audit_state s)
{
    return (unsigned)s < 3 ? STATE_CODES[s] : "pending";
}

int audit_state_of_code(const char *code)
{
    for (int i = 0; code && i < 3; i++)
        if (strcmp(code, STATE_CODES[i]) == 0) return i;
    return -1;
}

static const char *item_code(int i)
{
    return AUDIT_ITEMS[i].code;
}

static const char *item_label(int i)
{
    return AUDIT_ITEMS[i].label;
}

/* ---- text ---- */

void audit_result_text(FILE *out, const struct audit_result *r, const char *branch_code,
                       const char *branch_name)
{
    char *code = export_clean_text(branch_code ? branch_code : "", false);
    char *name = export_clean_text(branch_name ? branch_name : "", false);
    fprintf(out, "%s %s  %04d年%d月  得分 %d\n", code, name, r->year, r->month, r->score);
    free(code);
    free(name);
    for (int i = 0; i < AI_COUNT; i++) {
        fprintf(out, "  %s %s  %s", audit_state_mark(r->state[i]), item_label(i),
                audit_state_label(r->state[i]));
        if (r->deduction[i] > 0) fprintf(out, "（扣 %d 分）", r->deduction[i]);
        fputc('\n', out);
        for (int k = 0; k < r->nreasons; k++) {
            if ((int)r->reasons[k].item != i) continue;
            char *t = export_clean_text(r->reasons[k].text, false);
            fprintf(out, "      · %s\n", t);
            free(t);
        }
    }
}

/* ---- JSON ---- */

static int put(FILE *f, const char *s)
{
    return fputs(s, f) < 0 ? -1 : 0;
}

/* {"meetings":"pass",...} */
static int write_states(FILE *f, const struct audit_result *r)
{
    int rc = put(f, "{");
    for (int i = 0; rc == 0 && i < AI_COUNT; i++) {
        if (i > 0) rc = put(f, ",");
        if (rc == 0) rc = json_write_string(f, item_code(i));
        if (rc == 0) rc = put(f, ":");
        if (rc == 0) rc = json_write_string(f, audit_state_code(r->state[i]));
    }
    if (rc == 0) rc = put(f, "}");
    return rc;
}

static const char *ref_kind_code(enum audit_ref_kind k)
{
    switch (k) {
    case REF_MEETING: return "meeting";
    case REF_MEMBER: return "member";
    case REF_HOLDING: return "holding";
    case REF_GROUP: return "group";
    }
    return "other";
}

int audit_result_json(FILE *out, const struct audit_result *r, const struct audit_rules *rules,
                      const char *branch_code, const char *branch_name)
{
    char month[24];
    snprintf(month, sizeof month, "%04d-%02d", r->year, r->month);
    const char *suggest = rules ? audit_suggest_verdict(r, rules) : NULL;
    int rc = put(out, "{\"branch_code\":");
    if (rc == 0) rc = json_write_string(out, branch_code);
    if (rc == 0) rc = put(out, ",\"branch_name\":");
    if (rc == 0) rc = json_write_string(out, branch_name);
    if (rc == 0) rc = put(out, ",\"month\":");
    if (rc == 0) rc = json_write_string(out, month);
    if (rc == 0) rc = fprintf(out, ",\"score\":%d,\"suggest\":", r->score) < 0 ? -1 : 0;
    if (rc == 0) rc = json_write_string(out, suggest ? suggest : "");
    if (rc == 0) rc = put(out, ",\"states\":");
    if (rc == 0) rc = write_states(out, r);
    if (rc == 0) rc = put(out, ",\"reasons\":[");
    for (int k = 0; rc == 0 && k < r->nreasons; k++) {
        const struct audit_reason *a = &r->reasons[k];
        if (k > 0) rc = put(out, ",");
        if (rc == 0) rc = put(out, "{\"item\":");
        if (rc == 0) rc = json_write_string(out, (unsigned)a->item < AI_COUNT ? item_code((int)a->item) : "");
        if (rc == 0) rc = put(out, ",\"text\":");
        if (rc == 0) rc = json_write_string(out, a->text);
        if (rc == 0) rc = put(out, a->fails ? ",\"fails\":true,\"refs\":[" : ",\"fails\":false,\"refs\":[");
        int nrefs = a->nrefs < 0 ? 0 : a->nrefs > AUDIT_MAX_REFS ? AUDIT_MAX_REFS : a->nrefs;
        for (int j = 0; rc == 0 && j < nrefs; j++)
            rc = fprintf(out, "%s{\"kind\":\"%s\",\"id\":%lld}", j ? "," : "",
                         ref_kind_code(a->refs[j].kind), (long long)a->refs[j].id) < 0 ? -1 : 0;
        if (rc == 0) rc = put(out, "]}");
    }
    if (rc == 0) rc = put(out, "]}");
    return rc;
}

char *audit_snapshot_json(const struct audit_result *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return NULL;
    int rc = fprintf(f, "{\"score\":%d,\"states\":", r->score) < 0 ? -1 : 0;
    if (rc == 0) rc = write_states(f, r);
    if (rc == 0) rc = put(f, ",\"reasons\":[");
    for (int k = 0; rc == 0 && k < r->nreasons; k++) {
        if (k > 0) rc = put(f, ",");
        if (rc == 0) rc = json_write_string(f, r->reasons[k].text);
    }
    if (rc == 0) rc = put(f, "]}");
    if (fclose(f) != 0) rc = -1;
    if (rc != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

char *audit_engine_json(const struct audit_result *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return NULL;
    int rc = fprintf(f, "{\"score\":%d,\"states\":", r->score) < 0 ? -1 : 0;
    if (rc == 0) rc = write_states(f, r);
    if (rc == 0) rc = put(f, ",\"reasons\":[");
    for (int k = 0; rc == 0 && k < r->nreasons; k++) {
        const struct audit_reason *a = &r->reasons[k];
        if (k > 0) rc = put(f, ",");
        if (rc == 0) rc = put(f, "{\"item\":");
        if (rc == 0) rc = json_write_string(f, (unsigned)a->item < AI_COUNT ? item_code((int)a->item) : "");
        if (rc == 0) rc = put(f, ",\"text\":");
        if (rc == 0) rc = json_write_string(f, a->text);
        if (rc == 0) rc = put(f, a->fails ? ",\"fails\":true}" : ",\"fails\":false}");
    }
    if (rc == 0) rc = put(f, "]}");
    if (fclose(f) != 0) rc = -1;
    if (rc != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* ---- reading a snapshot back: the states object and the reasons array ---- */

/* {"meetings":"pass",...}: known items set, unknown ones skipped; a state that is not a
 * state code makes it not a snapshot. */
static int read_states(const char *s, enum audit_state states[AI_COUNT])
{
    struct flatjson_pair pairs[AI_COUNT * 2 + 4];
    int n = flatjson_parse(s, pairs, (int)(sizeof pairs / sizeof pairs[0]));
    if (n < 0) return -1;
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        int item = audit_item_of_code(pairs[i].key), st = audit_state_of_code(pairs[i].value);
        if (st < 0) rc = -1;
        else if (item >= 0 && item < AI_COUNT) states[item] = (enum audit_state)st;
    }
    flatjson_free(pairs, n);
    return rc;
}

/* ["...", ...] into one "\n"-joined heap string. */
static int read_reasons(const char *s, char **out)
{
    char **items = NULL;
    int n = flatjson_strings(s, &items);
    if (n < 0) return -1;
    size_t len = 0;
    for (int i = 0; i < n; i++) len += strlen(items[i]) + 1;
    char *buf = xmalloc(len + 1);
    len = 0;
    for (int i = 0; i < n; i++) {
        if (i) buf[len++] = '\n';
        size_t k = strlen(items[i]);
        memcpy(buf + len, items[i], k);
        len += k;
        free(items[i]);
    }
    buf[len] = '\0';
    free(items);
    *out = buf;
    return 0;
}

int audit_snapshot_read(const char *json, enum audit_state states[AI_COUNT], int *score, char **reasons_out)
{
    if (reasons_out) *reasons_out = NULL;
    struct flatjson_pair pairs[16];
    int n = flatjson_parse(json, pairs, 16);
    if (n < 0) return -1;
    int rc = -1;
    enum audit_state st[AI_COUNT];
    for (int i = 0; i < AI_COUNT; i++) st[i] = AS_PENDING;
    const char *sc = flatjson_get(pairs, n, "score");
    const char *ss = flatjson_get(pairs, n, "states");
    const char *rs = flatjson_get(pairs, n, "reasons");
    char *reasons = NULL;
    long v = 0;
    char *end = NULL;
    if (!sc || !ss || !*sc) goto done;
    errno = 0;
    v = strtol(sc, &end, 10);
    if (errno || *end || v < 0 || v > 100 || !((*sc >= '0' && *sc <= '9'))) goto done;
    if (read_states(ss, st) != 0) goto done;
    if (rs && *rs && read_reasons(rs, &reasons) != 0) goto done;
    rc = 0;
done:
    flatjson_free(pairs, n);
    if (rc == 0) {
        for (int i = 0; i < AI_COUNT; i++) states[i] = st[i];
        if (score) *score = (int)v;
        if (reasons_out) *reasons_out = reasons ? reasons : xstrdup("");
        else free(reasons);
    }
    return rc;
}

void audit_kept_free(struct audit_kept *k)
{
    if (!k) return;
    for (int i = 0; i < k->nreasons; i++) free(k->reasons[i].text);
    free(k->reasons);
    k->reasons = NULL;
    k->nreasons = 0;
}

int audit_engine_read(const char *json, struct audit_kept *out)
{
    memset(out, 0, sizeof *out);
    if (!json) return -1;
    struct flatjson_pair top[8];
    int n = flatjson_parse(json, top, 8);
    if (n < 0) return -1;
    int rc = -1;
    const char *sc = flatjson_get(top, n, "score"), *ss = flatjson_get(top, n, "states");
    const char *rs = flatjson_get(top, n, "reasons");
    char **objs = NULL;
    int no = -1;
    char *end = NULL;
    long v;
    for (int i = 0; i < AI_COUNT; i++) out->state[i] = AS_PENDING;
    if (!sc || !ss || !rs || !(*sc >= '0' && *sc <= '9')) goto done;
    errno = 0;
    v = strtol(sc, &end, 10);
    if (errno || *end || v < 0 || v > 100) goto done;
    if (read_states(ss, out->state) != 0) goto done;
    no = flatjson_objects(rs, &objs);
    if (no < 0) goto done;
    out->score = (int)v;
    out->reasons = xcalloc((size_t)no + 1, sizeof *out->reasons);
    for (int i = 0; i < no; i++) {
        struct flatjson_pair p[6];
        int np = flatjson_parse(objs[i], p, 6);
        if (np < 0) continue;
        const char *it = flatjson_get(p, np, "item"), *text = flatjson_get(p, np, "text");
        const char *fails = flatjson_get(p, np, "fails");
        int item = audit_item_of_code(it);
        if (item >= 0 && item < AI_COUNT && text) {
            struct audit_kept_reason *a = &out->reasons[out->nreasons++];
            a->item = item;
            a->fails = fails && strcmp(fails, "true") == 0;
            a->text = xstrdup(text);
        }
        flatjson_free(p, np);
    }
    rc = 0;
done:
    for (int i = 0; i < no; i++) free(objs[i]);
    free(objs);
    flatjson_free(top, n);
    if (rc != 0) audit_kept_free(out);
    return rc;
}

/* ---- the month's report ---- */

enum { SC_CODE, SC_NAME, SC_ITEMS, SC_SCORE = SC_ITEMS + AI_COUNT, SC_VERDICT, SC_RECTIFY, SC_COLS };
enum { PC_BRANCH, PC_ITEM, PC_REASON, PC_ORDER, PC_DEADLINE, PC_STATUS, PC_COLS };
static const char *const PROBLEM_HEADERS[PC_COLS] = {"支部", "项目", "问题", "整改要求", "期限", "状态"};
static const double PROBLEM_WIDTHS[PC_COLS] = {22, 10, 48, 40, 12, 14};

struct report {
    struct store *st;
    const struct audit_rules *rules;
    char month[8];
    struct export_file x;
    lxw_worksheet *summary, *problems, *stats;
    lxw_format *bold, *wrap, *money, *percent;
    lxw_row_t srow, prow;
    struct rectification *rect; /* the month's orders, every branch */
    int nrect;
    bool failed_store;
    char err[512];
    /* totals for 统计 */
    int branches, members;
    int verdicts[4];            /* pass, rectify, fail, not reviewed */
    long meetings[MK_COUNT];
    long dues_expected, dues_collected;
    long post_eligible, post_covered;
};

static bool has_suffix(const char *path, const char *ext)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    return dot && dot != base && strcasecmp(dot, ext) == 0;
}

/* Every rectification order of the month, growing the buffer until they all fit. */
static int load_rectifications(struct store *st, const char *month, struct rectification **out, int *n)
{
    int cap = 64;
    for (;;) {
        struct rectification *r = xcalloc((size_t)cap, sizeof *r);
        int got = 0;
        int rc = store_rectifications(st, 0, month, false, r, cap, &got);
        if (rc != STORE_OK || got < cap) {
            if (rc != STORE_OK) {
                free(r);
                return rc;
            }
            *out = r;
            *n = got;
            return STORE_OK;
        }
        free(r);
        cap *= 4;
    }
}

static void cell_string(struct report *o, lxw_worksheet *ws, lxw_row_t row, int col, const char *s,
                        lxw_format *f)
{
    if (o->x.failed) return;
    char *t = export_clean_text(s, false);
    export_file_lxw(&o->x, worksheet_write_string(ws, row, (lxw_col_t)col, t, f));
    free(t);
}

static void cell_number(struct report *o, lxw_worksheet *ws, lxw_row_t row, int col, double v,
                        lxw_format *f)
{
    if (!o->x.failed) export_file_lxw(&o->x, worksheet_write_number(ws, row, (lxw_col_t)col, v, f));
}

static lxw_worksheet *add_sheet(struct report *o, const char *name)
{
    lxw_worksheet *ws = o->x.wb ? workbook_add_worksheet(o->x.wb, name) : NULL;
    if (!ws) export_file_lxw(&o->x, LXW_ERROR_MEMORY_MALLOC_FAILED);
    return ws;
}

static void header_row(struct report *o, lxw_worksheet *ws, const char *const *headers,
                       const double *widths, int n)
{
    for (int c = 0; c < n && !o->x.failed; c++) {
        export_file_lxw(&o->x, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL));
        cell_string(o, ws, 0, c, headers[c], o->bold);
    }
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_repeat_rows(ws, 0, 0);
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
}

static void report_start(struct report *o)
{
    const char *headers[SC_COLS];
    double widths[SC_COLS];
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
    widths[SC_VERDICT] = 10;
    headers[SC_RECTIFY] = "整改情况";
    widths[SC_RECTIFY] = 22;
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
    o->stats = add_sheet(o, "统计");
    o->bold = workbook_add_format(wb);
    o->wrap = workbook_add_format(wb);
    o->money = workbook_add_format(wb);
    o->percent = workbook_add_format(wb);
    if (!o->summary || !o->problems || !o->stats || !o->bold || !o->wrap || !o->money || !o->percent) {
        export_file_lxw(&o->x, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    format_set_bold(o->bold);
    format_set_text_wrap(o->wrap);
    format_set_align(o->wrap, LXW_ALIGN_VERTICAL_TOP);
    format_set_num_format(o->money, "0.00");
    format_set_num_format(o->percent, "0.0%");
    char y[8];
    snprintf(y, sizeof y, "%.4s", o->month);
    char *head = xasprintf("&C&14%s年%d月 月审月报", y, atoi(o->month + 5));
    worksheet_set_header(o->summary, head);
    worksheet_set_header(o->problems, head);
    worksheet_set_header(o->stats, head);
    free(head);
    header_row(o, o->summary, headers, widths, SC_COLS);
    header_row(o, o->problems, PROBLEM_HEADERS, PROBLEM_WIDTHS, PC_COLS);
    static const char *const STAT_HEADERS[] = {"项目", "数值"};
    static const double STAT_WIDTHS[] = {26, 14};
    header_row(o, o->stats, STAT_HEADERS, STAT_WIDTHS, 2);
    o->srow = o->prow = 1;
}

/* The branch's order for an item this month (the newest first, as the store lists them). */
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

/* The overall verdict's code, "" when not reviewed (or NULL on a store error). */
static const char *overall_verdict(struct report *o, int64_t branch_id, char *buf, size_t bufsz)
{
    struct verdict v[AI_COUNT + 4];
    int n = 0;
    if (store_verdicts_of(o->st, branch_id, o->month, v, AI_COUNT + 4, &n) != STORE_OK) return NULL;
    buf[0] = '\0';
    for (int i = 0; i < n; i++)
        if (strcmp(v[i].item, "overall") == 0) zb_strlcpy(buf, v[i].verdict, bufsz);
    return buf;
}

static void problem_rows(struct report *o, const struct audit_result *r, const struct branch *b)
{
    if (!o->x.xlsx) return;
    char who[TEXT_SHORT + 40];
    snprintf(who, sizeof who, "%s（%s）", b->name, b->code);
    for (int k = 0; k < r->nreasons && !o->x.failed; k++) {
        const struct audit_reason *a = &r->reasons[k];
        if ((unsigned)a->item >= AI_COUNT) continue;
        enum audit_state s = r->state[a->item];
        if (!a->fails && s == AS_PASS) continue;
        const struct rectification *rc = order_of(o, b->id, item_code((int)a->item));
        const char *status;
        if (rc) status = code_label_of(RECTIFY_STATES, rc->status);
        else if (!a->fails) status = "待定"; /* listed: pending, not failing */
        else status = "未下达整改";
        lxw_row_t row = o->prow++;
        cell_string(o, o->problems, row, PC_BRANCH, who, o->wrap);
        cell_string(o, o->problems, row, PC_ITEM, item_label((int)a->item), o->wrap);
        cell_string(o, o->problems, row, PC_REASON, a->text, o->wrap);
        cell_string(o, o->problems, row, PC_ORDER, rc ? rc->order_text : "", o->wrap);
        cell_string(o, o->problems, row, PC_DEADLINE, rc ? rc->deadline : "", o->wrap);
        cell_string(o, o->problems, row, PC_STATUS, status, o->wrap);
    }
}

static int report_branch(const struct audit_input *in, const struct branch *b, void *ctx)
{
    struct report *o = ctx;
    struct audit_result r;
    memset(&r, 0, sizeof r);
    audit_branch(in, o->rules, &r);

    char vbuf[16], rect[96];
    const char *verdict = overall_verdict(o, b->id, vbuf, sizeof vbuf);
    if (!verdict) {
        snprintf(o->err, sizeof o->err, "无法生成月报：%s", store_errmsg(o->st));
        o->failed_store = true;
        audit_result_free(&r);
        return 1;
    }
    rectify_text(o, b->id, rect, sizeof rect);
    int vi = code_index(VERDICTS, verdict);
    o->verdicts[vi >= 0 && vi < 3 ? vi : 3]++;
    o->branches++;
    o->members += r.members;
    for (int k = 0; k < MK_COUNT; k++) o->meetings[k] += r.meetings_held[k];
    o->dues_expected += r.dues_expected;
    o->dues_collected += r.dues_collected;
    o->post_eligible += r.post_eligible;
    o->post_covered += r.post_covered;

    const char *vlabel = verdict[0] ? code_label_of(VERDICTS, verdict) : "未审查";
    if (o->x.xlsx) {
        lxw_row_t row = o->srow++;
        cell_string(o, o->summary, row, SC_CODE, b->code, NULL);
        cell_string(o, o->summary, row, SC_NAME, b->name, NULL);
        for (int i = 0; i < AI_COUNT; i++)
            cell_string(o, o->summary, row, SC_ITEMS + i, audit_state_label(r.state[i]), NULL);
        cell_number(o, o->summary, row, SC_SCORE, r.score, NULL);
        cell_string(o, o->summary, row, SC_VERDICT, vlabel, NULL);
        cell_string(o, o->summary, row, SC_RECTIFY, rect, NULL);
        problem_rows(o, &r, b);
    } else if (!o->x.failed) {
        char score[16];
        snprintf(score, sizeof score, "%d", r.score);
        char *code = export_clean_text(b->code, false), *name = export_clean_text(b->name, false);
        const char *cells[SC_COLS];
        cells[SC_CODE] = code;
        cells[SC_NAME] = name;
        for (int i = 0; i < AI_COUNT; i++) cells[SC_ITEMS + i] = audit_state_label(r.state[i]);
        cells[SC_SCORE] = score;
        cells[SC_VERDICT] = vlabel;
        cells[SC_RECTIFY] = rect;
        export_file_io(&o->x, csv_write_row(o->x.f, cells, SC_COLS));
        free(code);
        free(name);
    }
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
    stat_count(o, &row, "未审查", o->verdicts[3], NULL);
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

int audit_report_write(struct store *st, int year, int month, struct zdate today,
                       const struct audit_rules *rules, const char *path, char *err, size_t errsz)
{
    if (err && errsz) err[0] = '\0';
    bool xlsx = path && has_suffix(path, ".xlsx"), csv = path && has_suffix(path, ".csv");
    if (!xlsx && !csv) {
        snprintf(err, errsz, "无法导出到 %s：文件名应以 .xlsx 或 .csv 结尾", path ? path : "");
        return -1;
    }
    if (!st || !rules || year < 1900 || year > 2999 || month < 1 || month > 12) {
        snprintf(err, errsz, "无法生成月报：月份无效");
        return -1;
    }
    struct report *o = xcalloc(1, sizeof *o);
    o->st = st;
    o->rules = rules;
    snprintf(o->month, sizeof o->month, "%04d-%02d", year, month);
    if (load_rectifications(st, o->month, &o->rect, &o->nrect) != STORE_OK) {
        snprintf(err, errsz, "无法生成月报：%s", store_errmsg(st));
        free(o);
        return -1;
    }
    if (export_file_open(&o->x, path, xlsx, err, errsz) != 0) {
        free(o->rect);
        free(o);
        return -1;
    }
    report_start(o);
    bool ok = true;
    if (!o->x.failed) {
        int rc = store_audit_each(st, 0, year, month, today, report_branch, o);
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
