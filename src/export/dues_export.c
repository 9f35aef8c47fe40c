/* dues_export.c — the dues ledger out of the program (see dues_export.h): the year's ledger
 * (sheet 党费台账) and the month's collection summary (sheet 收缴汇总), as .xlsx or CSV,
 * through the temporary file of sheet.c. The arithmetic is core's (dues.h); this file only
 * lays it out, and its row helpers are shared with `zhibu list dues`. */
#include "zhibu/dues_export.h"

#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "zhibu/csv.h"
#include "zhibu/meeting_export.h"
#include "zhibu/model.h"
#include "zhibu/sheet.h"
#include "zhibu/store_dues.h"
#include "zhibu/store_remit.h"
#include "zhibu/util.h"

/* ---- the pure helpers ---- */

static const struct dues_basis *basis_at(const struct dues_facts *f, int ym)
{
    if (!f->bases || f->nbases <= 0) return NULL;
    const struct dues_basis *b = &f->bases[0];
    for (int i = 0; i < f->nbases; i++)
        if (f->bases[i].from_ym <= ym) b = &f->bases[i];
    return b;
}

void dues_ledger_row_of(const struct dues_facts *f, int year, int current_ym,
                        const struct dues_rules *r, struct dues_ledger_row *out)
{
    memset(out, 0, sizeof *out);
    int jan = dues_ym(year, 1), dec = dues_ym(year, 12);
    out->in_year = f->join_ym <= dec && (f->leave_ym == 0 || f->leave_ym >= jan);
    int last_due = 0, first_due = 0;
    for (int m = 0; m < 12; m++) {
        int ym = jan + m;
        struct dues_month dm = dues_month_of(f, ym, current_ym, r);
        out->state[m] = dm.state;
        out->paid[m] = 0;
        for (int i = 0; i < f->npaid; i++)
            if (f->paid[i].ym == ym) out->paid[m] += f->paid[i].amount;
        out->total_paid += out->paid[m];
        if (dm.state != DUES_NOT_DUE) {
            if (!first_due) first_due = ym;
            if (ym <= current_ym) last_due = ym;
        }
    }
    out->ref_ym = last_due ? last_due : first_due ? first_due : jan;
    const struct dues_basis *b = basis_at(f, out->ref_ym);
    if (b) {
        zb_strlcpy(out->category, b->category, sizeof out->category);
        if (strcmp(b->category, "employed") == 0 || strcmp(b->category, "retired") == 0)
            out->base_fen = b->base_fen;
    }
    out->monthly_due = dues_month_of(f, out->ref_ym, current_ym, r).due;
    dues_status_of(f, current_ym, r, &out->status);
}

const char *dues_flag_code(const struct dues_status *s)
{
    if (s->lapse) return "lapse";
    if (s->needs_talk) return "talk";
    return "";
}

static const char *const CN_NUMBERS[] = {"零", "一", "二", "三", "四", "五", "六",
                                         "七", "八", "九", "十", "十一", "十二"};

void dues_flag_label(const struct dues_status *s, const struct dues_rules *r, char *out,
                     size_t outsz)
{
    if (!out || outsz == 0) return;
    out[0] = '\0';
    if (s->lapse) {
        int n = r ? r->arrears_lapse_months : 6;
        if (n >= 0 && n < (int)ZB_ARRAY_LEN(CN_NUMBERS))
            snprintf(out, outsz, "连续%s个月未交 — 按自行脱党处理待支部研究", CN_NUMBERS[n]);
        else
            snprintf(out, outsz, "连续%d个月未交 — 按自行脱党处理待支部研究", n);
    } else if (s->needs_talk) {
        zb_strlcpy(out, "需谈话", outsz);
    }
}

void dues_paid_through_text(const struct dues_facts *f, const struct dues_status *s, char out[8])
{
    out[0] = '\0';
    if (s->paid_through_ym >= f->join_ym) dues_ym_format(s->paid_through_ym, out);
}

/* ---- layout ---- */

enum {
    LC_NAME, LC_STATUS, LC_CATEGORY, LC_BASE, LC_DUE, LC_M1, LC_M12 = LC_M1 + 11, LC_TOTAL,
    LC_THROUGH, LC_OWED_MONTHS, LC_OWED, LC_FLAG, LNCOLS
};
static const char *const LEDGER_HEADERS[LNCOLS] = {
    "姓名", "党籍", "党费类别", "月缴纳基数(元)", "月应交(元)",
    "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月",
    "全年实交(元)", "交至", "欠交月数", "欠交金额(元)", "状态",
};
static const double LEDGER_WIDTHS[LNCOLS] = {
    16, 10, 10, 14, 11, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 13, 9, 9, 13, 44,
};

enum { SC_NAME, SC_STATUS, SC_CATEGORY, SC_DUE, SC_PAID, SC_OUT, SC_STATE, SNCOLS };
static const char *const SUMMARY_HEADERS[SNCOLS] = {
    "姓名", "党籍", "党费类别", "应交(元)", "实交(元)", "未交(元)", "情况",
};
static const double SUMMARY_WIDTHS[SNCOLS] = {16, 10, 10, 11, 11, 11, 8};

enum { RC_MONTH, RC_COLLECTED, RC_REMITTED, RC_LEFT, RNCOLS };
static const char *const REMIT_HEADERS[RNCOLS] = {"月份", "已收(元)", "已上缴(元)", "未上缴(元)"};
static const double REMIT_WIDTHS[RNCOLS] = {12, 14, 14, 14};

/* One cell: text, an amount in 分 (shown in 元), a plain count, or nothing. */
enum cell_kind { CELL_EMPTY, CELL_TEXT, CELL_FEN, CELL_COUNT };
struct cell {
    enum cell_kind kind;
    const char *text;
    long value;
};

/* The table being written: one worksheet of the workbook, or the CSV stream. */
struct table {
    struct export_file *out;
    lxw_worksheet *ws;         /* NULL for CSV */
    struct export_formats fmt; /* bordered cells (.xlsx) */
    const char *branch_name;   /* for the title */
    lxw_row_t row;
    int ncols;
};

/* .xlsx: the title with the year or month in row 0 (and in the page header), the headings in
 * row 1; A4, landscape when wide. CSV: the headings only. */
static void table_header(struct table *t, const char *const *headers, const double *widths,
                         const char *title, bool landscape)
{
    if (t->ws) {
        char *full = xasprintf("%s %s", t->branch_name ? t->branch_name : "", title);
        export_sheet_print(t->out, t->ws,
                           &(struct export_print){.title = full, .landscape = landscape, .repeat_row = 1});
        for (int c = 0; c < t->ncols; c++)
            export_file_lxw(t->out, worksheet_set_column(t->ws, (lxw_col_t)c, (lxw_col_t)c,
                                                         widths[c], NULL));
        export_sheet_title(t->out, t->ws, 0, t->ncols, full, &t->fmt);
        free(full);
        for (int c = 0; c < t->ncols; c++)
            export_file_lxw(t->out, worksheet_write_string(t->ws, 1, (lxw_col_t)c, headers[c],
                                                           t->fmt.head));
        worksheet_freeze_panes(t->ws, 2, 0);
        t->row = 2;
        return;
    } else {
        export_file_io(t->out, fputs("\xEF\xBB\xBF", t->out->f) < 0 ? -1 : 0);
        export_file_io(t->out, csv_write_row(t->out->f, headers, t->ncols));
    }
    t->row = 1;
}

static void table_row(struct table *t, const struct cell *cells)
{
    if (t->out->failed) return;
    if (t->ws) {
        for (int c = 0; c < t->ncols; c++) {
            const struct cell *k = &cells[c];
            lxw_col_t col = (lxw_col_t)c;
            if (k->kind == CELL_TEXT && k->text && *k->text) {
                char *clean = export_clean_text(k->text, false);
                export_file_lxw(t->out, worksheet_write_string(t->ws, t->row, col, clean, t->fmt.cell));
                free(clean);
            } else if (k->kind == CELL_FEN) {
                export_file_lxw(t->out, worksheet_write_number(t->ws, t->row, col,
                                                               (double)k->value / 100.0, t->fmt.money));
            } else if (k->kind == CELL_COUNT) {
                export_file_lxw(t->out, worksheet_write_number(t->ws, t->row, col,
                                                               (double)k->value, t->fmt.number));
            } else {
                /* an empty cell keeps its lines */
                export_file_lxw(t->out, worksheet_write_blank(t->ws, t->row, col, t->fmt.cell));
            }
        }
    } else {
        char nums[LNCOLS][32];
        char *clean[LNCOLS] = {0};
        const char *fields[LNCOLS];
        for (int c = 0; c < t->ncols; c++) {
            const struct cell *k = &cells[c];
            fields[c] = "";
            if (k->kind == CELL_TEXT) {
                clean[c] = export_clean_text(k->text, false);
                fields[c] = clean[c];
            } else if (k->kind == CELL_FEN) {
                dues_format_yuan(k->value, nums[c], sizeof nums[c]);
                fields[c] = nums[c];
            } else if (k->kind == CELL_COUNT) {
                snprintf(nums[c], sizeof nums[c], "%ld", k->value);
                fields[c] = nums[c];
            }
        }
        export_file_io(t->out, csv_write_row(t->out->f, fields, t->ncols));
        for (int c = 0; c < t->ncols; c++) free(clean[c]);
    }
    t->row++;
}

static struct cell text_cell(const char *s)
{
    return (struct cell){.kind = CELL_TEXT, .text = s};
}

static struct cell fen_cell(long v)
{
    return (struct cell){.kind = CELL_FEN, .value = v};
}

static const char *member_standing(const struct member *m)
{
    if (m->leave_status[0]) return code_label_of(LEAVE_STATUSES, m->leave_status);
    return code_label_of(MEMBER_STATUSES, m->status);
}

struct ledger_totals {
    long paid[12], total, owed;
    int owed_months;
};

static void ledger_member(struct table *t, const struct dues_member *dm, int year, int current_ym,
                          const struct dues_rules *r, struct ledger_totals *tot)
{
    struct dues_ledger_row row;
    dues_ledger_row_of(&dm->f, year, current_ym, r, &row);
    if (!row.in_year) return;
    struct cell cells[LNCOLS] = {0};
    char through[8], flag[160];
    cells[LC_NAME] = text_cell(dm->m.name);
    cells[LC_STATUS] = text_cell(member_standing(&dm->m));
    cells[LC_CATEGORY] = text_cell(code_label_of(DUES_CATEGORIES, row.category));
    if (strcmp(row.category, "employed") == 0 || strcmp(row.category, "retired") == 0)
        cells[LC_BASE] = fen_cell(row.base_fen);
    cells[LC_DUE] = fen_cell(row.monthly_due);
    for (int m = 0; m < 12; m++) {
        if (row.paid[m] > 0 || row.state[m] == DUES_UNPAID || row.state[m] == DUES_PARTLY)
            cells[LC_M1 + m] = fen_cell(row.paid[m]);
        else if (row.state[m] == DUES_WAIVED)
            cells[LC_M1 + m] = text_cell("免交");
        tot->paid[m] += row.paid[m];
    }
    cells[LC_TOTAL] = fen_cell(row.total_paid);
    dues_paid_through_text(&dm->f, &row.status, through);
    cells[LC_THROUGH] = text_cell(through);
    cells[LC_OWED_MONTHS] = (struct cell){.kind = CELL_COUNT, .value = row.status.months_owed};
    cells[LC_OWED] = fen_cell(row.status.amount_owed);
    dues_flag_label(&row.status, r, flag, sizeof flag);
    cells[LC_FLAG] = text_cell(flag);
    table_row(t, cells);
    tot->total += row.total_paid;
    tot->owed += row.status.amount_owed;
    tot->owed_months += row.status.months_owed;
}

static void ledger_table(struct table *t, const struct dues_member *dm, int n, int year,
                         int current_ym, const struct dues_rules *r)
{
    char title[64];
    snprintf(title, sizeof title, "%d年 党费收缴台账", year);
    table_header(t, LEDGER_HEADERS, LEDGER_WIDTHS, title, true);
    struct ledger_totals tot = {0};
    for (int i = 0; i < n && !t->out->failed; i++) ledger_member(t, &dm[i], year, current_ym, r, &tot);
    struct cell cells[LNCOLS] = {0};
    cells[LC_NAME] = text_cell("合计");
    for (int m = 0; m < 12; m++) cells[LC_M1 + m] = fen_cell(tot.paid[m]);
    cells[LC_TOTAL] = fen_cell(tot.total);
    cells[LC_OWED_MONTHS] = (struct cell){.kind = CELL_COUNT, .value = tot.owed_months};
    cells[LC_OWED] = fen_cell(tot.owed);
    table_row(t, cells);
}

static void summary_table(struct table *t, const struct dues_member *dm, int n, int month_ym,
                          int current_ym, const struct dues_rules *r)
{
    char title[64];
    snprintf(title, sizeof title, "%d年%d月 党费收缴汇总", dues_ym_year(month_ym), dues_ym_month(month_ym));
    table_header(t, SUMMARY_HEADERS, SUMMARY_WIDTHS, title, false);
    long due = 0, paid = 0, outstanding = 0;
    for (int i = 0; i < n && !t->out->failed; i++) {
        struct dues_month m = dues_month_of(&dm[i].f, month_ym, current_ym, r);
        if (m.state == DUES_NOT_DUE) continue;
        long lack = m.due > m.paid ? m.due - m.paid : 0;
        const struct dues_basis *b = basis_at(&dm[i].f, month_ym);
        struct cell cells[SNCOLS] = {
            [SC_NAME] = text_cell(dm[i].m.name),
            [SC_STATUS] = text_cell(member_standing(&dm[i].m)),
            [SC_CATEGORY] = text_cell(b ? code_label_of(DUES_CATEGORIES, b->category) : ""),
            [SC_DUE] = fen_cell(m.due),
            [SC_PAID] = fen_cell(m.paid),
            [SC_OUT] = fen_cell(lack),
            [SC_STATE] = text_cell(m.deferred && lack > 0 ? "缓交" : dues_state_label(m.state)),
        };
        table_row(t, cells);
        due += m.due;
        paid += m.paid;
        outstanding += lack;
    }
    struct cell cells[SNCOLS] = {
        [SC_NAME] = text_cell("合计"), [SC_DUE] = fen_cell(due),
        [SC_PAID] = fen_cell(paid),    [SC_OUT] = fen_cell(outstanding),
    };
    table_row(t, cells);
}

/* 党费上缴: the year's months, collected against remitted (store_remit_months), and the total. */
static void remit_table(struct table *t, struct store *st, int64_t branch_id, int year)
{
    char title[64];
    snprintf(title, sizeof title, "%d年 党费上缴汇总", year);
    table_header(t, REMIT_HEADERS, REMIT_WIDTHS, title, false);
    struct remit_month m[12];
    if (store_remit_months(st, branch_id, dues_ym(year, 1), dues_ym(year, 12), m) != STORE_OK)
        memset(m, 0, sizeof m);
    long collected = 0, remitted = 0;
    for (int i = 0; i < 12 && !t->out->failed; i++) {
        char month[16];
        snprintf(month, sizeof month, "%d月", i + 1);
        struct cell cells[RNCOLS] = {
            [RC_MONTH] = text_cell(month),
            [RC_COLLECTED] = fen_cell(m[i].collected),
            [RC_REMITTED] = fen_cell(m[i].remitted),
            [RC_LEFT] = fen_cell(m[i].collected - m[i].remitted),
        };
        table_row(t, cells);
        collected += m[i].collected;
        remitted += m[i].remitted;
    }
    struct cell cells[RNCOLS] = {
        [RC_MONTH] = text_cell("合计"), [RC_COLLECTED] = fen_cell(collected),
        [RC_REMITTED] = fen_cell(remitted), [RC_LEFT] = fen_cell(collected - remitted),
    };
    table_row(t, cells);
}

/* ---- the files ---- */

/* Which tables go into the file (党费上缴: with the ledger and the summary, .xlsx only). */
enum { WANT_LEDGER = 1, WANT_SUMMARY = 2 };

static int export_dues(struct store *st, int64_t branch_id, int year, int month_ym, int current_ym,
                       const struct dues_rules *r, int want, const char *path, char *err,
                       size_t errsz)
{
    if (err && errsz) err[0] = '\0';
    int fmt = export_format_of_path(path);
    if (!path || !*path || (fmt != EXPORT_XLSX && fmt != EXPORT_CSV)) {
        snprintf(err, errsz, "无法导出到 %s：文件名应以 .xlsx 或 .csv 结尾", path ? path : "");
        return -1;
    }
    if (fmt == EXPORT_CSV && want == (WANT_LEDGER | WANT_SUMMARY)) want = WANT_LEDGER;
    int since = dues_ym(year, 1);
    if ((want & WANT_SUMMARY) && month_ym < since) since = month_ym;
    struct store_dues_member_list all;
    if (store_dues_member_list(st, branch_id, zmonth_from_index(since), &all) != STORE_OK) {
        snprintf(err, errsz, "无法导出：%s", store_errmsg(st));
        return -1;
    }
    const struct dues_member *dm = all.v;
    int n = all.n;
    struct export_file out;
    if (export_file_open(&out, path, fmt == EXPORT_XLSX, err, errsz) != 0) {
        store_dues_member_list_free(&all);
        return -1;
    }
    struct branch b = {0};
    struct table t = {.out = &out};
    if (out.wb) {
        export_sheet_formats(&out, &t.fmt);
        if (store_branch_get(st, branch_id, &b) == STORE_OK) t.branch_name = b.name;
    }
    if ((want & WANT_LEDGER) && !out.failed) {
        t.ncols = LNCOLS;
        if (out.wb && !(t.ws = workbook_add_worksheet(out.wb, "党费台账")))
            export_file_lxw(&out, LXW_ERROR_MEMORY_MALLOC_FAILED);
        if (!out.failed) ledger_table(&t, dm, n, year, current_ym, r);
    }
    if ((want & WANT_SUMMARY) && !out.failed) {
        t.ncols = SNCOLS;
        if (out.wb && !(t.ws = workbook_add_worksheet(out.wb, "收缴汇总")))
            export_file_lxw(&out, LXW_ERROR_MEMORY_MALLOC_FAILED);
        if (!out.failed) summary_table(&t, dm, n, month_ym, current_ym, r);
    }
    if (want == (WANT_LEDGER | WANT_SUMMARY) && out.wb && !out.failed) {
        t.ncols = RNCOLS;
        if (!(t.ws = workbook_add_worksheet(out.wb, "党费上缴")))
            export_file_lxw(&out, LXW_ERROR_MEMORY_MALLOC_FAILED);
        if (!out.failed) remit_table(&t, st, branch_id, year);
    }
    store_dues_member_list_free(&all);
    return export_file_close(&out, true, err, errsz);
}

int dues_export_year(struct store *st, int64_t branch_id, int year, struct zmonth month,
                     struct zmonth current, const struct dues_rules *r, const char *path, char *err,
                     size_t errsz)
{
    if (!zmonth_valid(month)) month = current;
    return export_dues(st, branch_id, year, zmonth_index(month), zmonth_index(current), r,
                       WANT_LEDGER | WANT_SUMMARY, path, err, errsz);
}

int dues_export_month(struct store *st, int64_t branch_id, struct zmonth month, struct zmonth current,
                      const struct dues_rules *r, const char *path, char *err, size_t errsz)
{
    return export_dues(st, branch_id, month.year, zmonth_index(month), zmonth_index(current), r,
                       WANT_SUMMARY, path, err, errsz);
}
