/* table.h — a sheet of cells as read from an office's file (an .xlsx worksheet or a CSV file,
 * src/export/table_read.c), before any meaning is given to it (core: pure data). Rows keep the
 * number the office sees in Excel (the header is usually row 1), blank rows left out. */
#ifndef ZHIBU_TABLE_H
#define ZHIBU_TABLE_H

#include <stdbool.h>
#include <stddef.h>

enum table_cell_kind {
    TABLE_EMPTY = 0,
    TABLE_TEXT,   /* text as typed */
    TABLE_NUMBER, /* a number cell of a workbook: its value as text ("13800000000", "0.5") */
    TABLE_DATE,   /* a number cell formatted as a date: the day number as text ("27455") */
};

struct table_cell {
    enum table_cell_kind kind;
    char *text; /* heap, UTF-8; NULL when empty */
};

struct table_row {
    int line;   /* the row number the office sees (Excel's row, the CSV record's first line) */
    int ncells;
    struct table_cell *cells;
};

struct table {
    struct table_row *rows;
    int nrows, cap;
    bool date1904;      /* a workbook counting days from 1904 (date_text.h) */
    char sheet[128];    /* the worksheet read ("" for CSV) */
    char encoding[16];  /* CSV: "UTF-8" or "GBK"; "" for a workbook */
    int cols_kept;      /* cells further right than this many columns were in the file and were
                           not read (the reader's cap); 0 = nothing left out */
};

/* A new row numbered line at the end; its cells are added with table_set. */
struct table_row *table_add_row(struct table *t, int line);
/* Cell col (0-based) of row r: text copied (len bytes), kind as given. An empty text leaves the
 * cell empty. */
void table_set(struct table_row *r, int col, enum table_cell_kind kind, const char *text,
               size_t len);
/* The cell's text, "" when there is none. */
const char *table_text(const struct table_row *r, int col);
/* Whether every cell of the row is empty or blank. */
bool table_row_blank(const struct table_row *r);
/* Drops the blank rows (after reading). */
void table_drop_blank(struct table *t);
void table_free(struct table *t);
/* Column letters of a 0-based index: 0 → "A", 27 → "AB". */
void table_col_name(int col, char out[8]);

#endif
