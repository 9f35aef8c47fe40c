/* sheet.h — what the exports in src/export/ share (src/export/sheet.c): text made safe for a
 * file, a short Chinese reason for an errno, and the output file itself — written to
 * PATH.tmp (a CSV/JSON stream or an .xlsx workbook) and renamed over PATH only once complete,
 * so that a failure (a missing directory, a full disk) leaves no file behind, neither the old
 * one half-replaced nor a fragment. */
#ifndef ZHIBU_SHEET_H
#define ZHIBU_SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct lxw_workbook;
struct lxw_worksheet;
struct lxw_format;

/* A heap copy fit for output: CR LF and lone CR become LF (or, for single-line fields, every
 * line break becomes a space), tabs a space, and what is left that is not printable (control
 * characters, invalid UTF-8) U+FFFD, so the XML inside an .xlsx is always well formed. */
char *export_clean_text(const char *s, bool multiline);
/* 目录不存在, 没有写入权限, 磁盘空间不足 ... (strerror for the rare ones). */
const char *export_errno_text(int e);

/* One output file being written. */
struct export_file {
    char *path;                /* the final name (copied) */
    char *tmp;                 /* PATH.tmp */
    bool xlsx;                 /* else a text stream in f */
    FILE *f;                   /* CSV, JSON */
    struct lxw_workbook *wb;   /* .xlsx */
    bool failed;               /* a write failed: errno_saved or lxw_rc say why */
    int errno_saved;
    int lxw_rc;                /* an lxw_error */
};

/* Open PATH.tmp: a workbook (constant-memory mode: rows in order, sheet by sheet or
 * interleaved) when xlsx, else a stream. Returns 0, or -1 with "无法写入 PATH：原因" in err
 * (nothing is left behind). */
int export_file_open(struct export_file *x, const char *path, bool xlsx, char *err, size_t errsz);
/* Record a failed write: an lxw_error (LXW_NO_ERROR = 0 is no failure) or a stdio status
 * (non-zero = failure, errno says why). The first failure is the one reported. */
void export_file_lxw(struct export_file *x, int lxw_rc);
void export_file_io(struct export_file *x, int rc);
/* Close; when `ok` and nothing failed, rename PATH.tmp to PATH and return 0. Otherwise remove
 * PATH.tmp and return -1, with "无法写入 PATH：原因" in err when the failure was the file's
 * (when !ok the caller's message in err is kept). Frees what export_file_open allocated. */
int export_file_close(struct export_file *x, bool ok, char *err, size_t errsz);

/* ---- the printed page: plain text laid out by terminal columns (text.h), for the printed
 * meeting record and the notices. Writes go to f; the first failed write sets `failed` and
 * later ones are skipped. Lines never exceed `width` columns as long as every indent leaves
 * at least 2 columns, and a double-width character is never split. ---- */
struct export_page {
    FILE *f;
    int width;
    bool failed;
};
void export_page_put(struct export_page *pg, const char *s);
void export_page_spaces(struct export_page *pg, int n);
/* One paragraph (no '\n'), its first line indented `first` columns and the others `hang`;
 * runs of ASCII letters and digits are kept whole where a space allows, and Chinese closing
 * punctuation does not begin a line. */
void export_page_paragraph(struct export_page *pg, const char *para, int first, int hang);
/* Text of several paragraphs (cleaned with export_clean_text): each wrapped as above; runs of
 * empty lines become one. */
void export_page_text(struct export_page *pg, const char *text, int first, int hang);
/* "LABEL：value", continuation lines under the value. */
void export_page_field(struct export_page *pg, const char *label, const char *value);
/* "LABEL：a、b、c" — names (or any items) never broken across lines: a line ends only after
 * a "、", the next line goes on under the first item; an item wider than a whole line alone is
 * wrapped like a paragraph. `empty` is written when n == 0. */
void export_page_list(struct export_page *pg, const char *label, const char *const *items, int n,
                      const char *empty);
/* A line of `width` copies of c. */
void export_page_rule(struct export_page *pg, char c);
/* One line centred in the width (wrapped when wider). */
void export_page_centered(struct export_page *pg, const char *text);
/* "YYYY-MM-DD HH:MM" in local time from a stored UTC timestamp "YYYY-MM-DDTHH:MM:SSZ" (what
 * people read in a sheet, not the stored form); the text itself when it is not one. */
void export_local_time(const char *utc, char *out, size_t outsz);
/* "2026年11月15日" from YYYY-MM-DD; the text itself when it is not a date, "（未填）" for "". */
void export_chinese_date(const char *date, char *out, size_t outsz);

/* ---- the printed sheet: what every .xlsx the program writes shares ---- */

/* The formats of a table printed with lines: every cell of the table (heading included)
 * has a thin border. Made once per workbook by export_sheet_formats. */
struct export_formats {
    struct lxw_format *title;   /* the title row: bold, 14 pt, no border */
    struct lxw_format *head;    /* the table's heading row: bold, bordered, centred */
    struct lxw_format *cell;    /* text, bordered, top-aligned */
    struct lxw_format *wrap;    /* long text, bordered, wrapped, top-aligned */
    struct lxw_format *number;  /* a count, bordered */
    struct lxw_format *money;   /* 0.00, bordered */
    struct lxw_format *percent; /* 0.0%, bordered */
};
/* Adds the formats to x's workbook; a failure is recorded in x (and the pointers stay NULL). */
void export_sheet_formats(struct export_file *x, struct export_formats *f);

/* How a sheet is printed: A4 (paper 9), landscape when wide, one page wide, the table's
 * heading row repeated on every page, the title centred in the page header at 14 pt and the
 * page number in the footer (unless a footer is given). */
struct export_print {
    const char *title;          /* plain text: "&" is escaped here; "" / NULL = no header */
    const char *footer;         /* a header/footer string with its codes (&L, &R ...) as is;
                                   NULL = "第 &P 页，共 &N 页" centred */
    bool landscape;
    int repeat_row;             /* the heading row repeated on each page; -1 = none */
};
void export_sheet_print(struct export_file *x, struct lxw_worksheet *ws, const struct export_print *p);
/* The page-header string for a title: "&C&14 TITLE" with '&' doubled — the space keeps digits
 * that begin the title ("2026年11月") from being read as part of the font size (heap). */
char *export_sheet_header_text(const char *title);
/* The title (and the month or period it covers) in a cell: row `row`, merged over columns
 * 0..ncols-1, in f->title. */
void export_sheet_title(struct export_file *x, struct lxw_worksheet *ws, unsigned row, int ncols,
                        const char *text, const struct export_formats *f);
/* The period of a date range as the title shows it: "2026年10月" for a whole month,
 * "2026年" for a whole year, "2026年10月1日至2026年11月21日", "2026年10月1日起",
 * "至2026年11月21日", "全部日期" when neither bound is given. */
void export_period_text(const char *from, const char *to, char *out, size_t outsz);

#endif
