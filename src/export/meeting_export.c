/* meeting_export.c — meeting records out of the program (see meeting_export.h): the printed
 * page (plain text, wrapped by terminal columns; meeting_print.c), and the filtered list as
 * .xlsx, CSV or JSON. This file and its siblings in src/export/ are the only code that includes
 * xlsxwriter.h.
 *
 * Files are written to PATH.tmp and renamed over PATH only once complete, so a failure (a
 * full disk, a missing directory) leaves no file, neither the old one half-replaced nor a
 * fragment. Text going into a file is sanitized (invalid UTF-8 and control characters become
 * U+FFFD) so that the XML inside an .xlsx is always well formed. */
#include "zhibu/meeting_export.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "zhibu/csv.h"
#include "zhibu/model.h"
#include "zhibu/sheet.h"
#include "zhibu/store_auth.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "meeting_export_priv.h"

/* ---- exports ---- */

int export_format_of_path(const char *path)
{
    if (!path) return -1;
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base) return -1;
    if (strcasecmp(dot, ".xlsx") == 0) return EXPORT_XLSX;
    if (strcasecmp(dot, ".csv") == 0) return EXPORT_CSV;
    if (strcasecmp(dot, ".json") == 0) return EXPORT_JSON;
    return -1;
}

/* Columns of the 会议记录 sheet and of the CSV, in order. */
enum {
    COL_CODE, COL_BRANCH, COL_DATE, COL_START, COL_END, COL_KIND, COL_ALSO, COL_GROUP,
    COL_TOPICS, COL_PLACE, COL_HOST, COL_RECORDER, COL_LECTURER, COL_EXPECTED, COL_PRESENT,
    COL_LEAVE, COL_ABSENT, COL_QUORUM, COL_MARKS, COL_MISSING, COL_CREATED, COL_CREATED_BY,
    NCOLS
};
static const struct {
    const char *header;
    double width; /* in Excel's character units: a Chinese character takes about 2 */
} COLUMNS[NCOLS] = {
    [COL_CODE] = {"组织代码", 12},    [COL_BRANCH] = {"党组织名称", 24},
    [COL_DATE] = {"日期", 11},        [COL_START] = {"开始时间", 9},
    [COL_END] = {"结束时间", 9},      [COL_KIND] = {"会议类型", 13},
    [COL_ALSO] = {"同时计为", 16},    [COL_GROUP] = {"党小组", 12},
    [COL_TOPICS] = {"议题", 44},      [COL_PLACE] = {"地点", 16},
    [COL_HOST] = {"主持人", 10},      [COL_RECORDER] = {"记录人", 10},
    [COL_LECTURER] = {"主讲人", 10},  [COL_EXPECTED] = {"应到", 6},
    [COL_PRESENT] = {"实到", 6},      [COL_LEAVE] = {"请假", 6},
    [COL_ABSENT] = {"缺席", 6},       [COL_QUORUM] = {"法定人数", 9},
    [COL_MARKS] = {"标记", 24},       [COL_MISSING] = {"缺少要素", 24},
    [COL_CREATED] = {"录入时间", 21}, [COL_CREATED_BY] = {"录入人", 10},
};
#define FIRST_NUMBER_COL COL_EXPECTED
#define LAST_NUMBER_COL COL_ABSENT

enum { ACOL_CODE, ACOL_DATE, ACOL_KIND, ACOL_TOPIC, ACOL_NAME, ACOL_OFFICE, ACOL_VOTING,
       ACOL_MARK, ACOL_REASON, ANCOLS };
static const struct {
    const char *header;
    double width;
} ATT_COLUMNS[ANCOLS] = {
    [ACOL_CODE] = {"组织代码", 12}, [ACOL_DATE] = {"会议日期", 11},
    [ACOL_KIND] = {"会议类型", 13}, [ACOL_TOPIC] = {"议题", 36},
    [ACOL_NAME] = {"姓名", 14},     [ACOL_OFFICE] = {"职务", 10},
    [ACOL_VOTING] = {"表决权", 7},  [ACOL_MARK] = {"出席情况", 9},
    [ACOL_REASON] = {"原因", 30},
};

/* 会议内容: what was said, one row per record. */
enum { CCOL_DATE, CCOL_KIND, CCOL_TOPICS, CCOL_HOST, CCOL_RECORDER, CCOL_OBSERVERS, CCOL_MINUTES,
       CNCOLS };
static const struct {
    const char *header;
    double width;
} CONTENT_COLUMNS[CNCOLS] = {
    [CCOL_DATE] = {"会议日期", 11},  [CCOL_KIND] = {"会议类型", 13},
    [CCOL_TOPICS] = {"议题", 30},    [CCOL_HOST] = {"主持人", 10},
    [CCOL_RECORDER] = {"记录人", 10}, [CCOL_OBSERVERS] = {"列席人员", 18},
    [CCOL_MINUTES] = {"会议内容", 70},
};

/* 决议: one row per resolution, with its votes and outcome. */
enum { RCOL_DATE, RCOL_KIND, RCOL_NO, RCOL_TEXT, RCOL_FOR, RCOL_AGAINST, RCOL_ABSTAIN,
       RCOL_ENTITLED, RCOL_VOTERS, RCOL_OUTCOME, RNCOLS };
static const struct {
    const char *header;
    double width;
} RES_COLUMNS[RNCOLS] = {
    [RCOL_DATE] = {"会议日期", 11},     [RCOL_KIND] = {"会议类型", 13},
    [RCOL_NO] = {"序号", 5},            [RCOL_TEXT] = {"决议事项", 44},
    [RCOL_FOR] = {"赞成", 6},           [RCOL_AGAINST] = {"反对", 6},
    [RCOL_ABSTAIN] = {"弃权", 6},       [RCOL_ENTITLED] = {"有表决权应到", 12},
    [RCOL_VOTERS] = {"出席有表决权", 12}, [RCOL_OUTCOME] = {"表决结果", 9},
};

/* One record's values as text (heap strings where noted), shared by CSV and .xlsx. */
struct row_text {
    char *cells[NCOLS];
};

static void row_fill(struct row_text *rt, const struct meeting *m, const struct branch *b,
                     int late_entry_days, const char *entered_by)
{
    char tmp[512];
    rt->cells[COL_CODE] = export_clean_text(b->code, false);
    rt->cells[COL_BRANCH] = export_clean_text(b->name, false);
    rt->cells[COL_DATE] = export_clean_text(m->date, false);
    rt->cells[COL_START] = export_clean_text(m->start_time, false);
    rt->cells[COL_END] = export_clean_text(m->end_time, false);
    rt->cells[COL_KIND] = export_clean_text(meeting_kind_text(m->kind), false);
    meeting_also_text(m->also_mask, m->kind, true, tmp, sizeof tmp);
    rt->cells[COL_ALSO] = xstrdup(tmp);
    rt->cells[COL_GROUP] = export_clean_text(m->group_name, false);
    /* topics stay one per line inside the cell */
    char *topics = export_clean_text(m->topics, true);
    size_t len = strlen(topics);
    while (len > 0 && (topics[len - 1] == '\n' || topics[len - 1] == ' ')) topics[--len] = '\0';
    rt->cells[COL_TOPICS] = topics;
    rt->cells[COL_PLACE] = export_clean_text(m->place, false);
    rt->cells[COL_HOST] = export_clean_text(m->host_name, false);
    rt->cells[COL_RECORDER] = export_clean_text(m->recorder_name, false);
    rt->cells[COL_LECTURER] = export_clean_text(m->lecturer_name, false);
    /* members excused with approval (不计应到) leave 应到, as the audit counts them */
    struct meeting_heads h;
    meeting_heads(m, &h);
    rt->cells[COL_EXPECTED] = xasprintf("%d", h.expected);
    rt->cells[COL_PRESENT] = xasprintf("%d", h.present);
    rt->cells[COL_LEAVE] = xasprintf("%d", h.on_leave);
    rt->cells[COL_ABSENT] = xasprintf("%d", h.absent);
    rt->cells[COL_QUORUM] = xstrdup(meeting_quorum_label(m->quorum));
    meeting_marks_text(m, late_entry_days, tmp, sizeof tmp);
    if (m->voided_at[0] && m->void_reason[0]) {
        char *why = export_clean_text(m->void_reason, false);
        rt->cells[COL_MARKS] = xasprintf("%s（作废原因：%s）", tmp, why);
        free(why);
    } else {
        rt->cells[COL_MARKS] = xstrdup(tmp);
    }
    meeting_missing_text(m->missing_mask, tmp, sizeof tmp);
    /* "缺：地点、记录人" → "地点、记录人" in a column already named 缺少要素 */
    const char *miss = strncmp(tmp, "缺：", strlen("缺：")) == 0 ? tmp + strlen("缺：") : tmp;
    rt->cells[COL_MISSING] = xstrdup(miss);
    /* what people read: local time to the minute, and the person's name (the stored UTC
     * timestamp and the login are in the .json and in zhibu list meetings) */
    export_local_time(m->created_at, tmp, sizeof tmp);
    rt->cells[COL_CREATED] = export_clean_text(tmp, false);
    rt->cells[COL_CREATED_BY] = export_clean_text(entered_by, false);
}

static void row_free(struct row_text *rt)
{
    for (int i = 0; i < NCOLS; i++) free(rt->cells[i]);
}

struct exporter {
    enum export_format format;
    const struct branch *branch;
    int late_entry_days;
    struct export_file out;   /* the file: out.f for CSV and JSON, out.wb for .xlsx */
    FILE *f;                  /* CSV, JSON: out.f */
    lxw_worksheet *ws, *wa, *wc, *wr; /* 会议记录, 出席情况, 会议内容, 决议 */
    struct export_formats fmt;        /* bordered cells (sheet.c) */
    const char *period;               /* the dates the file covers, for the titles */
    lxw_row_t row, arow, crow, rrow;
    long records;
    struct store *st;                 /* for the names of who entered the records */
    char who_login[64], who_name[128];
    bool failed;              /* a write failed (the reason is in out) */
};

static void xlsx_check(struct exporter *x, lxw_error rc)
{
    export_file_lxw(&x->out, rc);
    if (x->out.failed) x->failed = true;
}

static void file_check(struct exporter *x, int rc)
{
    export_file_io(&x->out, rc);
    if (x->out.failed) x->failed = true;
}

/* A sheet's title (the branch, what it holds and the period, in row 0 and in the page
 * header), its headings in row 1, the page set up for print (sheet.c). */
static void xlsx_sheet_start(struct exporter *x, lxw_worksheet *ws, const char *what,
                             const char *const *headers, const double *widths, int ncols)
{
    char *title = xasprintf("%s %s（%s）", x->branch->name, what, x->period);
    export_sheet_print(&x->out, ws, &(struct export_print){.title = title, .landscape = true, .repeat_row = 1});
    for (int c = 0; c < ncols; c++)
        xlsx_check(x, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL));
    export_sheet_title(&x->out, ws, 0, ncols, title, &x->fmt);
    free(title);
    for (int c = 0; c < ncols; c++)
        xlsx_check(x, worksheet_write_string(ws, 1, (lxw_col_t)c, headers[c], x->fmt.head));
    worksheet_freeze_panes(ws, 2, 0);
    if (x->out.failed) x->failed = true;
}

static void xlsx_headers(struct exporter *x)
{
    const char *h[32];
    double w[32];
    for (int c = 0; c < NCOLS; c++) h[c] = COLUMNS[c].header, w[c] = COLUMNS[c].width;
    xlsx_sheet_start(x, x->ws, "会议记录", h, w, NCOLS);
    for (int c = 0; c < ANCOLS; c++) h[c] = ATT_COLUMNS[c].header, w[c] = ATT_COLUMNS[c].width;
    xlsx_sheet_start(x, x->wa, "出席情况", h, w, ANCOLS);
    for (int c = 0; c < CNCOLS; c++) h[c] = CONTENT_COLUMNS[c].header, w[c] = CONTENT_COLUMNS[c].width;
    xlsx_sheet_start(x, x->wc, "会议内容", h, w, CNCOLS);
    for (int c = 0; c < RNCOLS; c++) h[c] = RES_COLUMNS[c].header, w[c] = RES_COLUMNS[c].width;
    xlsx_sheet_start(x, x->wr, "决议", h, w, RNCOLS);
    x->row = x->arow = x->crow = x->rrow = 2;
}

static void xlsx_text(struct exporter *x, lxw_worksheet *ws, lxw_row_t row, int col, const char *s,
                      bool wrap)
{
    if (!x->failed)
        xlsx_check(x, worksheet_write_string(ws, row, (lxw_col_t)col, s ? s : "",
                                             wrap ? x->fmt.wrap : x->fmt.cell));
}

static void xlsx_number(struct exporter *x, lxw_worksheet *ws, lxw_row_t row, int col, double v)
{
    if (!x->failed) xlsx_check(x, worksheet_write_number(ws, row, (lxw_col_t)col, v, x->fmt.number));
}

/* 会议内容 and 决议 rows of one record. */
static void xlsx_content(struct exporter *x, const struct meeting *m, struct row_text *rt)
{
    lxw_row_t row = x->crow++;
    char *observers = export_clean_text(m->observers, true);
    char *minutes = export_clean_text(m->minutes, true);
    text_trim(observers);
    text_trim(minutes);
    xlsx_text(x, x->wc, row, CCOL_DATE, rt->cells[COL_DATE], false);
    xlsx_text(x, x->wc, row, CCOL_KIND, rt->cells[COL_KIND], false);
    xlsx_text(x, x->wc, row, CCOL_TOPICS, rt->cells[COL_TOPICS], true);
    xlsx_text(x, x->wc, row, CCOL_HOST, rt->cells[COL_HOST], false);
    xlsx_text(x, x->wc, row, CCOL_RECORDER, rt->cells[COL_RECORDER], false);
    xlsx_text(x, x->wc, row, CCOL_OBSERVERS, observers[0] ? observers : "无", true);
    xlsx_text(x, x->wc, row, CCOL_MINUTES, minutes[0] ? minutes : "（未填）", true);
    free(observers);
    free(minutes);

    int entitled = meeting_voters_entitled(m), voters = meeting_voters_present(m);
    int n = 0;
    for (int i = 0; m->resolutions && i < m->nresolutions && !x->failed; i++) {
        const struct resolution *r = &m->resolutions[i];
        char *text = export_clean_text(r->text, true);
        row = x->rrow++;
        xlsx_text(x, x->wr, row, RCOL_DATE, rt->cells[COL_DATE], false);
        xlsx_text(x, x->wr, row, RCOL_KIND, rt->cells[COL_KIND], false);
        xlsx_number(x, x->wr, row, RCOL_NO, ++n);
        xlsx_text(x, x->wr, row, RCOL_TEXT, text, true);
        xlsx_number(x, x->wr, row, RCOL_FOR, r->votes_for);
        xlsx_number(x, x->wr, row, RCOL_AGAINST, r->votes_against);
        xlsx_number(x, x->wr, row, RCOL_ABSTAIN, r->votes_abstain);
        xlsx_number(x, x->wr, row, RCOL_ENTITLED, entitled);
        xlsx_number(x, x->wr, row, RCOL_VOTERS, voters);
        xlsx_text(x, x->wr, row, RCOL_OUTCOME, meeting_resolution_outcome(m, r), false);
        free(text);
    }
    if (n == 0 && m->no_resolutions && !x->failed) {
        row = x->rrow++;
        xlsx_text(x, x->wr, row, RCOL_DATE, rt->cells[COL_DATE], false);
        xlsx_text(x, x->wr, row, RCOL_KIND, rt->cells[COL_KIND], false);
        for (int c = RCOL_NO; c < RNCOLS; c++)
            xlsx_text(x, x->wr, row, c, c == RCOL_TEXT ? "本次会议无表决事项" : "", false);
    }
}

static void xlsx_record(struct exporter *x, const struct meeting *m, struct row_text *rt)
{
    for (int c = 0; c < NCOLS && !x->failed; c++) {
        if (c >= FIRST_NUMBER_COL && c <= LAST_NUMBER_COL)
            xlsx_check(x, worksheet_write_number(x->ws, x->row, (lxw_col_t)c,
                                                 strtod(rt->cells[c], NULL), x->fmt.number));
        else
            xlsx_check(x, worksheet_write_string(x->ws, x->row, (lxw_col_t)c, rt->cells[c],
                                                 c == COL_TOPICS ? x->fmt.wrap : x->fmt.cell));
    }
    x->row++;
    /* the first topic names the meeting in the attendance sheet */
    char *first = xstrdup(rt->cells[COL_TOPICS]);
    first[strcspn(first, "\n")] = '\0';
    for (int i = 0; i < m->nattendees && !x->failed; i++) {
        const struct attendee *a = &m->attendees[i];
        char *name = export_clean_text(a->name, false), *reason = export_clean_text(a->reason, false);
        const char *cells[ANCOLS] = {
            [ACOL_CODE] = rt->cells[COL_CODE], [ACOL_DATE] = rt->cells[COL_DATE],
            [ACOL_KIND] = rt->cells[COL_KIND], [ACOL_TOPIC] = first,
            [ACOL_NAME] = name,                [ACOL_OFFICE] = code_label_of(OFFICES, a->office),
            [ACOL_VOTING] = a->voting ? "是" : "否",
            [ACOL_MARK] = a->excused && strcmp(a->mark, "present") != 0
                              ? "经批准不计应到" : code_label_of(ATTEND_MARKS, a->mark),
            [ACOL_REASON] = reason,
        };
        for (int c = 0; c < ANCOLS && !x->failed; c++)
            xlsx_check(x, worksheet_write_string(x->wa, x->arow, (lxw_col_t)c,
                                                 cells[c] ? cells[c] : "", x->fmt.cell));
        x->arow++;
        free(name);
        free(reason);
    }
    free(first);
    xlsx_content(x, m, rt);
}

static void csv_record(struct exporter *x, struct row_text *rt)
{
    file_check(x, csv_write_row(x->f, (const char *const *)rt->cells, NCOLS));
}

/* JSON: an array of objects; numbers as numbers, flags as booleans, codes for the coded
 * values, and the attendance list inside each record. */
static int json_key(FILE *f, const char *key, bool first)
{
    if (!first && putc(',', f) == EOF) return -1;
    if (json_write_string(f, key) != 0) return -1;
    return putc(':', f) == EOF ? -1 : 0;
}

static int json_str(FILE *f, const char *key, const char *val)
{
    if (json_key(f, key, false) != 0) return -1;
    return json_write_string(f, val);
}

static int json_int(FILE *f, const char *key, long val)
{
    if (json_key(f, key, false) != 0) return -1;
    return fprintf(f, "%ld", val) < 0 ? -1 : 0;
}

static int json_bool(FILE *f, const char *key, bool val)
{
    if (json_key(f, key, false) != 0) return -1;
    return fputs(val ? "true" : "false", f) < 0 ? -1 : 0;
}

/* A list "a;b;c" as a JSON array of strings. */
static int json_list(FILE *f, const char *key, const char *items, char sep)
{
    if (json_key(f, key, false) != 0 || putc('[', f) == EOF) return -1;
    int n = 0;
    const char *p = items;
    while (p && *p) {
        size_t len = strcspn(p, (char[]){sep, '\0'});
        if (len > 0) {
            char *item = xmalloc(len + 1);
            memcpy(item, p, len);
            item[len] = '\0';
            int rc = (n++ > 0 && putc(',', f) == EOF) ? -1 : json_write_string(f, item);
            free(item);
            if (rc != 0) return -1;
        }
        p += len;
        if (*p) p++;
    }
    return putc(']', f) == EOF ? -1 : 0;
}

int meeting_write_json(FILE *f, const struct meeting *m, const char *branch_code,
                       int late_entry_days, bool with_details)
{
    char tmp[512];
    int rc = putc('{', f) == EOF ? -1 : 0;
    if (rc == 0) rc = json_key(f, "branch_code", true);
    if (rc == 0) rc = json_write_string(f, branch_code);
    if (rc == 0) rc = json_str(f, "date", m->date);
    if (rc == 0) rc = json_str(f, "start_time", m->start_time);
    if (rc == 0) rc = json_str(f, "end_time", m->end_time);
    if (rc == 0) rc = json_str(f, "kind", m->kind);
    meeting_also_text(m->also_mask, m->kind, false, tmp, sizeof tmp);
    if (rc == 0) rc = json_list(f, "also", tmp, ';');
    if (rc == 0) rc = json_str(f, "group", m->group_name);
    if (with_details) {
        if (rc == 0) rc = json_list(f, "topics", m->topics, '\n');
        if (rc == 0) rc = json_str(f, "place", m->place);
        if (rc == 0) rc = json_str(f, "host", m->host_name);
        if (rc == 0) rc = json_str(f, "recorder", m->recorder_name);
        if (rc == 0) rc = json_str(f, "lecturer", m->lecturer_name);
        if (rc == 0) rc = json_str(f, "observers", m->observers);
        if (rc == 0) rc = json_str(f, "minutes", m->minutes);
    } else {
        char *first = meeting_first_topic(m->topics);
        if (rc == 0) rc = json_str(f, "first_topic", first);
        free(first);
    }
    struct meeting_heads h; /* as the form and the print count them: the excused leave 应到 */
    meeting_heads(m, &h);
    if (rc == 0) rc = json_int(f, "expected", h.expected);
    if (rc == 0) rc = json_int(f, "present", h.present);
    if (rc == 0) rc = json_int(f, "on_leave", h.on_leave);
    if (rc == 0) rc = json_int(f, "absent", h.absent);
    if (rc == 0) rc = json_str(f, "quorum", meeting_quorum_code(m->quorum));
    if (rc == 0) rc = json_bool(f, "late", meeting_is_late(m->date, m->created_at, late_entry_days));
    if (rc == 0) rc = json_bool(f, "incomplete", m->missing_mask != 0);
    meeting_missing_codes(m->missing_mask, tmp, sizeof tmp);
    if (rc == 0) rc = json_list(f, "missing", tmp, ';');
    if (rc == 0) rc = json_bool(f, "voided", m->voided_at[0] != '\0');
    if (with_details && m->voided_at[0]) {
        if (rc == 0) rc = json_str(f, "voided_at", m->voided_at);
        if (rc == 0) rc = json_str(f, "void_reason", m->void_reason);
    }
    if (rc == 0) rc = json_str(f, "created_at", m->created_at);
    if (rc == 0) rc = json_str(f, "created_by", m->created_by);
    if (rc == 0) rc = json_str(f, "uuid", m->uuid);
    if (with_details) {
        if (rc == 0) rc = json_key(f, "resolutions", false);
        if (rc == 0 && putc('[', f) == EOF) rc = -1;
        for (int i = 0; rc == 0 && m->resolutions && i < m->nresolutions; i++) {
            const struct resolution *r = &m->resolutions[i];
            if (i > 0 && putc(',', f) == EOF) rc = -1;
            if (rc == 0 && putc('{', f) == EOF) rc = -1;
            if (rc == 0) rc = json_key(f, "text", true);
            if (rc == 0) rc = json_write_string(f, r->text);
            if (rc == 0) rc = json_int(f, "for", r->votes_for);
            if (rc == 0) rc = json_int(f, "against", r->votes_against);
            if (rc == 0) rc = json_int(f, "abstain", r->votes_abstain);
            if (rc == 0) rc = json_bool(f, "passed", meeting_resolution_passed(m, r));
            if (rc == 0 && putc('}', f) == EOF) rc = -1;
        }
        if (rc == 0 && putc(']', f) == EOF) rc = -1;
        if (rc == 0) rc = json_key(f, "attendance", false);
        if (rc == 0 && putc('[', f) == EOF) rc = -1;
        for (int i = 0; rc == 0 && i < m->nattendees; i++) {
            const struct attendee *a = &m->attendees[i];
            if (i > 0 && putc(',', f) == EOF) rc = -1;
            if (rc == 0 && putc('{', f) == EOF) rc = -1;
            if (rc == 0) rc = json_key(f, "name", true);
            if (rc == 0) rc = json_write_string(f, a->name);
            if (rc == 0) rc = json_str(f, "office", a->office);
            if (rc == 0) rc = json_bool(f, "voting", a->voting);
            if (rc == 0) rc = json_str(f, "mark", a->mark);
            if (rc == 0) rc = json_str(f, "reason", a->reason);
            if (rc == 0) rc = json_bool(f, "excused", a->excused);
            if (rc == 0 && putc('}', f) == EOF) rc = -1;
        }
        if (rc == 0 && putc(']', f) == EOF) rc = -1;
    }
    if (rc == 0 && putc('}', f) == EOF) rc = -1;
    return rc;
}

static int export_one(struct exporter *x, const struct meeting *m)
{
    if (x->format == EXPORT_JSON) {
        if (x->records > 0 && fputs(",\n", x->f) < 0) file_check(x, -1);
        if (!x->failed)
            file_check(x, meeting_write_json(x->f, m, x->branch->code, x->late_entry_days, true));
    } else {
        struct row_text rt = {0};
        /* the login's display name, looked up once per login in a row */
        if (strcmp(x->who_login, m->created_by) != 0) {
            zb_strlcpy(x->who_login, m->created_by, sizeof x->who_login);
            store_user_name(x->st, m->created_by, x->who_name, sizeof x->who_name);
        }
        row_fill(&rt, m, x->branch, x->late_entry_days, x->who_name);
        if (x->format == EXPORT_CSV) csv_record(x, &rt);
        else xlsx_record(x, m, &rt);
        row_free(&rt);
    }
    x->records++;
    return x->failed ? -1 : 0;
}

/* The ids of the records matching f, oldest first (the store pages newest first). */
static int collect_ids(struct store *st, const struct meeting_filter *f, int64_t **ids_out,
                       int *n_out)
{
    enum { PAGE = 256 };
    struct meeting_row *rows = xcalloc(PAGE, sizeof *rows);
    int64_t *ids = NULL;
    int n = 0, cap = 0, offset = 0, rc = STORE_OK;
    for (;;) {
        int got = 0;
        rc = store_meeting_page(st, f, offset, PAGE, rows, &got);
        if (rc != STORE_OK) break;
        if (n + got > cap) {
            cap = (n + got) * 2;
            ids = xrealloc(ids, (size_t)cap * sizeof *ids);
        }
        for (int i = 0; i < got; i++) ids[n++] = rows[i].id;
        if (got < PAGE) break;
        offset += got;
    }
    free(rows);
    if (rc != STORE_OK) {
        free(ids);
        return rc;
    }
    for (int i = 0, j = n - 1; i < j; i++, j--) {
        int64_t t = ids[i];
        ids[i] = ids[j];
        ids[j] = t;
    }
    *ids_out = ids;
    *n_out = n;
    return STORE_OK;
}

int meetings_export(struct store *st, const struct meeting_filter *f, const char *path,
                    int late_entry_days, char *err, size_t errsz)
{
    if (err && errsz) err[0] = '\0';
    int fmt = export_format_of_path(path);
    if (!path || !*path || fmt < 0) {
        snprintf(err, errsz, "无法导出到 %s：文件名应以 .xlsx、.csv 或 .json 结尾",
                 path ? path : "");
        return -1;
    }
    struct branch b = {0};
    if (store_branch_get(st, f->branch_id, &b) != STORE_OK) {
        snprintf(err, errsz, "无法导出：%s", store_errmsg(st));
        return -1;
    }
    int64_t *ids = NULL;
    int nids = 0;
    if (collect_ids(st, f, &ids, &nids) != STORE_OK) {
        snprintf(err, errsz, "无法导出：%s", store_errmsg(st));
        return -1;
    }

    char period[128];
    export_period_text(f->from, f->to, period, sizeof period);
    struct exporter x = {.format = (enum export_format)fmt, .branch = &b,
                         .late_entry_days = late_entry_days, .period = period, .st = st};
    if (export_file_open(&x.out, path, fmt == EXPORT_XLSX, err, errsz) != 0) {
        free(ids);
        return -1;
    }
    x.f = x.out.f;
    x.failed = x.out.failed;
    if (fmt == EXPORT_XLSX) {
        if (x.out.wb) {
            x.ws = workbook_add_worksheet(x.out.wb, "会议记录");
            x.wa = workbook_add_worksheet(x.out.wb, "出席情况");
            x.wc = workbook_add_worksheet(x.out.wb, "会议内容");
            x.wr = workbook_add_worksheet(x.out.wb, "决议");
            export_sheet_formats(&x.out, &x.fmt);
        }
        if (!x.out.wb || !x.ws || !x.wa || !x.wc || !x.wr || x.out.failed)
            xlsx_check(&x, LXW_ERROR_MEMORY_MALLOC_FAILED);
        else
            xlsx_headers(&x);
    } else if (fmt == EXPORT_CSV) {
        /* a byte-order mark: spreadsheet programs on Chinese Windows read the file as GBK
         * without it */
        file_check(&x, fputs("\xEF\xBB\xBF", x.f) < 0 ? -1 : 0);
        const char *headers[NCOLS];
        for (int c = 0; c < NCOLS; c++) headers[c] = COLUMNS[c].header;
        file_check(&x, csv_write_row(x.f, headers, NCOLS));
    } else {
        file_check(&x, fputs("[\n", x.f) < 0 ? -1 : 0);
    }

    bool store_failed = false;
    for (int i = 0; i < nids && !x.failed; i++) {
        struct meeting m = {0};
        if (store_meeting_get(st, ids[i], &m) != STORE_OK) {
            store_failed = true;
            snprintf(err, errsz, "无法导出：%s", store_errmsg(st));
            meeting_free(&m);
            break;
        }
        export_one(&x, &m);
        meeting_free(&m);
    }
    free(ids);

    if (fmt == EXPORT_XLSX && x.out.wb && !x.failed && !store_failed && x.row > 2)
        xlsx_check(&x, worksheet_autofilter(x.ws, 1, 0, x.row - 1, NCOLS - 1));
    if (fmt == EXPORT_JSON && !x.failed && !store_failed)
        file_check(&x, fputs(x.records > 0 ? "\n]\n" : "]\n", x.f) < 0 ? -1 : 0);
    return export_file_close(&x.out, !store_failed, err, errsz);
}
