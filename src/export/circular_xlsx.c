/* circular_xlsx.c — the 通报 as an .xlsx ready to print and stamp (circular_export.h): A4
 * landscape, margins, fit to the page's width, the heading row of each table repeated on every
 * page, page numbers in the footer, the office's name and the date at the end with room above
 * them for the stamp. Written in row order (sheet.c opens workbooks in constant-memory mode). */
#include "zhibu/circular_export.h"

#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "zhibu/sheet.h"
#include "zhibu/util.h"

enum { RC_RANK, RC_TOWN, RC_BRANCHES, RC_PASS, RC_RECTIFY, RC_FAIL, RC_NONE, RC_SHARE, RC_DUE, RC_ONTIME,
       RC_ONTIME_SHARE, RC_GIVEN, RC_OVERTURNED, RC_OVERTURN_SHARE, RC_ENGINE, RC_BEHIND, RC_COLS };
static const char *const RANK_HEAD[RC_COLS] = {
    "名次", "乡镇", "支部数", "合格", "需整改", "不合格", "未审", "合格率", "到期整改通知", "按期完成",
    "按期整改率", "复审数", "改判数", "复审改判率", "引擎未达标而评合格", "连续未合格支部"};
static const double RANK_WIDTH[RC_COLS] = {6, 20, 7, 7, 7, 7, 7, 8, 8, 8, 9, 7, 7, 9, 10, 9};
enum { BC_NO, BC_TOWN, BC_CODE, BC_NAME, BC_MONTHS, BC_DETAIL, BC_COLS };
static const char *const BEHIND_HEAD[BC_COLS] = {"序号", "乡镇", "组织代码", "支部名称", "连续月数",
                                                  "各月复审后结论"};
static const double BEHIND_WIDTH[BC_COLS] = {6, 20, 14, 26, 9, 60};

struct cx {
    struct export_file x;
    struct export_formats f;
    lxw_format *center, *right, *para, *bold, *head;
    const struct circ_doc *d;
};

static void put_str(struct cx *o, lxw_worksheet *ws, lxw_row_t r, int c, const char *s, lxw_format *f)
{
    if (o->x.failed) return;
    if (!s || !*s) {
        export_file_lxw(&o->x, worksheet_write_blank(ws, r, (lxw_col_t)c, f));
        return;
    }
    char *t = export_clean_text(s, true);
    export_file_lxw(&o->x, worksheet_write_string(ws, r, (lxw_col_t)c, t, f));
    free(t);
}

static void put_num(struct cx *o, lxw_worksheet *ws, lxw_row_t r, int c, double v, lxw_format *f)
{
    if (!o->x.failed) export_file_lxw(&o->x, worksheet_write_number(ws, r, (lxw_col_t)c, v, f));
}

/* A ratio as a number formatted 0.0%, or "—" when it does not apply. */
static void put_ratio(struct cx *o, lxw_worksheet *ws, lxw_row_t r, int c, struct circ_ratio q)
{
    if (q.den > 0) put_num(o, ws, r, c, (double)q.num / q.den, o->f.percent);
    else put_str(o, ws, r, c, "—", o->right);
}

/* Text over columns 0..ncols-1 of row r (merged), in f, the row `height` points high. */
static void put_merged(struct cx *o, lxw_worksheet *ws, lxw_row_t r, int c0, int ncols, const char *s,
                       lxw_format *f, double height)
{
    if (o->x.failed) return;
    char *t = export_clean_text(s, true);
    if (height > 0) export_file_lxw(&o->x, worksheet_set_row(ws, r, height, NULL));
    if (ncols > 1)
        export_file_lxw(&o->x, worksheet_merge_range(ws, r, (lxw_col_t)c0, r, (lxw_col_t)(c0 + ncols - 1), t, f));
    else
        export_file_lxw(&o->x, worksheet_write_string(ws, r, (lxw_col_t)c0, t, f));
    free(t);
}

static lxw_worksheet *sheet(struct cx *o, const char *name, const char *header, int repeat_row,
                            const double *widths, int ncols)
{
    lxw_worksheet *ws = o->x.wb ? workbook_add_worksheet(o->x.wb, name) : NULL;
    if (!ws) {
        export_file_lxw(&o->x, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return NULL;
    }
    export_sheet_print(&o->x, ws, &(struct export_print){.title = header, .landscape = true,
                                                          .repeat_row = repeat_row});
    worksheet_set_margins(ws, 0.6, 0.6, 0.8, 0.8);
    worksheet_center_horizontally(ws);
    for (int c = 0; c < ncols; c++)
        export_file_lxw(&o->x, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL));
    return ws;
}

static void formats(struct cx *o)
{
    export_sheet_formats(&o->x, &o->f);
    if (o->x.failed) return;
    lxw_format **more[] = {&o->center, &o->right, &o->para, &o->bold, &o->head};
    for (size_t i = 0; i < ZB_ARRAY_LEN(more); i++) {
        *more[i] = workbook_add_format(o->x.wb);
        if (!*more[i]) {
            export_file_lxw(&o->x, LXW_ERROR_MEMORY_MALLOC_FAILED);
            return;
        }
    }
    format_set_align(o->center, LXW_ALIGN_CENTER);
    format_set_align(o->center, LXW_ALIGN_VERTICAL_CENTER);
    format_set_font_size(o->center, 12);
    format_set_border(o->right, LXW_BORDER_THIN);
    format_set_align(o->right, LXW_ALIGN_RIGHT);
    format_set_text_wrap(o->para);
    format_set_align(o->para, LXW_ALIGN_VERTICAL_TOP);
    format_set_bold(o->bold);
    format_set_bold(o->head);
    format_set_border(o->head, LXW_BORDER_THIN);
    format_set_text_wrap(o->head);
    format_set_align(o->head, LXW_ALIGN_CENTER);
    format_set_align(o->head, LXW_ALIGN_VERTICAL_CENTER);
}

static void rank_row(struct cx *o, lxw_worksheet *ws, lxw_row_t r, const struct circ_row *row)
{
    const struct circ_doc *d = o->d;
    if (row->township >= 0) put_num(o, ws, r, RC_RANK, row->rank, o->f.number);
    else put_str(o, ws, r, RC_RANK, "", o->f.cell);
    char total[TEXT_SHORT + 8];
    snprintf(total, sizeof total, "%s合计", circ_scope_name(d));
    put_str(o, ws, r, RC_TOWN, row->township >= 0 ? d->in->townships[row->township].name : total,
            row->township >= 0 ? o->f.cell : o->head);
    const int counts[] = {row->branches, row->pass, row->rectify, row->fail, row->unreviewed};
    for (int i = 0; i < 5; i++) put_num(o, ws, r, RC_BRANCHES + i, counts[i], o->f.number);
    put_ratio(o, ws, r, RC_SHARE, row->pass_share);
    put_num(o, ws, r, RC_DUE, row->orders_due, o->f.number);
    put_num(o, ws, r, RC_ONTIME, row->orders_on_time, o->f.number);
    put_ratio(o, ws, r, RC_ONTIME_SHARE, row->on_time);
    put_num(o, ws, r, RC_GIVEN, row->district_given, o->f.number);
    put_num(o, ws, r, RC_OVERTURNED, row->overturned, o->f.number);
    put_ratio(o, ws, r, RC_OVERTURN_SHARE, row->overturn);
    put_num(o, ws, r, RC_ENGINE, row->engine_fail_passed, o->f.number);
    put_num(o, ws, r, RC_BEHIND, row->behind, o->f.number);
}

static void main_sheet(struct cx *o)
{
    const struct circ_doc *d = o->d;
    const struct circ_result *res = d->res;
    lxw_worksheet *ws = sheet(o, "通报", NULL, 4, RANK_WIDTH, RC_COLS);
    if (!ws) return;
    char title[160], buf[4096], date[48], iso[DATE_STR_LEN];
    circ_title(d->in->first, d->in->period_months, title, sizeof title);
    date_format(d->issued, iso);
    export_chinese_date(iso, date, sizeof date);
    export_sheet_title(&o->x, ws, 0, RC_COLS, title, &o->f);
    snprintf(buf, sizeof buf, "%s　　%s", circ_office_name(d), date);
    put_merged(o, ws, 1, 0, RC_COLS, buf, o->center, 20);
    circ_summary_text(d, buf, sizeof buf);
    put_merged(o, ws, 2, 0, RC_COLS, buf, o->para, 48);
    put_merged(o, ws, 3, 0, RC_COLS,
               d->in->period_months == 3 ? "一、各乡镇排名（合格、需整改、不合格、未审为支部·月数）"
                                         : "一、各乡镇排名",
               o->bold, 20);
    export_file_lxw(&o->x, worksheet_set_row(ws, 4, 30, NULL));
    for (int c = 0; c < RC_COLS; c++) put_str(o, ws, 4, c, RANK_HEAD[c], o->head);
    lxw_row_t r = 5;
    for (int i = 0; i < res->nrows; i++) rank_row(o, ws, r++, &res->rows[i]);
    rank_row(o, ws, r++, &res->total);
    r++;
    snprintf(buf, sizeof buf, "二、连续%d个月及以上未合格的支部%d个，见附件1；三、近%d个月合格率走势见附件2。",
             res->behind_months, res->nbehind, res->ntrend);
    put_merged(o, ws, r++, 0, RC_COLS, buf, o->bold, 20);
    r++;
    put_merged(o, ws, r++, 0, RC_COLS, "说明：", o->bold, 0);
    char note[512];
    for (int i = 0; circ_note(d, i, note, sizeof note); i++) {
        snprintf(buf, sizeof buf, "%d. %s", i + 1, note);
        put_merged(o, ws, r++, 0, RC_COLS, buf, o->para, 30);
    }
    /* room for the stamp: the office and the date under it, 4 rows of 30 points (about 4.2 cm) */
    for (int i = 0; i < 2; i++) export_file_lxw(&o->x, worksheet_set_row(ws, r++, 30, NULL));
    put_merged(o, ws, r++, RC_GIVEN, RC_COLS - RC_GIVEN, circ_office_name(d), o->center, 30);
    put_merged(o, ws, r++, RC_GIVEN, RC_COLS - RC_GIVEN, date, o->center, 30);
}

static void behind_sheet(struct cx *o)
{
    const struct circ_doc *d = o->d;
    const struct circ_result *res = d->res;
    char title[256], period[48], months[2048];
    circ_period_text(d->in->first, d->in->period_months, period, sizeof period);
    snprintf(title, sizeof title, "附件1　连续%d个月及以上未合格的支部（%s）", res->behind_months, period);
    lxw_worksheet *ws = sheet(o, "连续未合格支部", title, 1, BEHIND_WIDTH, BC_COLS);
    if (!ws) return;
    export_sheet_title(&o->x, ws, 0, BC_COLS, title, &o->f);
    for (int c = 0; c < BC_COLS; c++) put_str(o, ws, 1, c, BEHIND_HEAD[c], o->f.head);
    lxw_row_t r = 2;
    for (int i = 0; i < res->nbehind; i++, r++) {
        const struct circ_behind *b = &res->behind[i];
        const struct circ_branch *br = &d->in->branches[b->branch];
        put_num(o, ws, r, BC_NO, i + 1, o->f.number);
        put_str(o, ws, r, BC_TOWN, d->in->townships[br->township].name, o->f.cell);
        put_str(o, ws, r, BC_CODE, br->code, o->f.cell);
        put_str(o, ws, r, BC_NAME, br->name, o->f.cell);
        put_num(o, ws, r, BC_MONTHS, b->months, o->f.number);
        circ_behind_months_text(d, b, months, sizeof months);
        put_str(o, ws, r, BC_DETAIL, months, o->f.wrap);
    }
    if (res->nbehind == 0) put_merged(o, ws, r, 0, BC_COLS, "无", o->f.cell, 0);
}

static void trend_sheet(struct cx *o)
{
    const struct circ_doc *d = o->d;
    const struct circ_result *res = d->res;
    char title[256], period[48];
    circ_period_text(d->in->first, d->in->period_months, period, sizeof period);
    snprintf(title, sizeof title, "附件2　近%d个月各乡镇合格率走势（至%d年%d月）", res->ntrend, res->last.year,
             res->last.month);
    double widths[1 + CIRC_MAX_TREND];
    widths[0] = 20;
    for (int k = 0; k < res->ntrend; k++) widths[1 + k] = 9;
    lxw_worksheet *ws = sheet(o, "合格率走势", title, 1, widths, 1 + res->ntrend);
    if (!ws) return;
    export_sheet_title(&o->x, ws, 0, 1 + res->ntrend, title, &o->f);
    put_str(o, ws, 1, 0, "乡镇", o->f.head);
    for (int k = 0; k < res->ntrend; k++) {
        struct zmonth m = zmonth_add(res->trend_first, k);
        char b[24];
        snprintf(b, sizeof b, "%d年%d月", m.year, m.month);
        put_str(o, ws, 1, 1 + k, b, o->f.head);
    }
    lxw_row_t r = 2;
    for (int i = 0; i <= d->in->ntownships; i++, r++) {
        const struct circ_row *row = &res->total;
        for (int j = 0; i < d->in->ntownships && j < res->nrows; j++)
            if (res->rows[j].township == i) row = &res->rows[j];
        put_str(o, ws, r, 0, i < d->in->ntownships ? d->in->townships[i].name : circ_scope_name(d), o->f.cell);
        for (int k = 0; k < res->ntrend; k++)
            put_ratio(o, ws, r, 1 + k, (struct circ_ratio){row->trend_pass[k], row->trend_den[k]});
    }
}

int circular_write_xlsx(const struct circ_doc *d, const char *path, char *err, size_t errsz)
{
    struct cx o = {.d = d};
    if (export_file_open(&o.x, path, true, err, errsz) != 0) return -1;
    formats(&o);
    if (!o.x.failed) main_sheet(&o);
    if (!o.x.failed) behind_sheet(&o);
    if (!o.x.failed) trend_sheet(&o);
    return export_file_close(&o.x, true, err, errsz);
}
