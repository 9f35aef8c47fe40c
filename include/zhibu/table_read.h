/* table_read.h — reading an office's own spreadsheet into a table (table.h): an .xlsx workbook
 * (src/export/xlsx_read.c: the zip container with minizip, its XML with expat — shared strings,
 * inline strings, numbers, cells formatted as dates) or a CSV file (src/export/table_read.c:
 * UTF-8 with or without BOM, or GBK as old Excel saves it). Errors are one Chinese sentence
 * naming the file, for the person who chose it. */
#ifndef ZHIBU_TABLE_READ_H
#define ZHIBU_TABLE_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "zhibu/table.h"

/* What is read, and how much at most (a file beyond these is refused, not cut). */
#define TABLE_MAX_ROWS 100000
#define TABLE_MAX_COLS 256          /* columns kept; cells further right are ignored */
#define TABLE_MAX_FILE (64L << 20)  /* bytes of a CSV file, of each part inside a workbook */

struct table_read_opts {
    const char *sheet;     /* a workbook's sheet by name; NULL/"" = the first */
    const char *encoding;  /* CSV: NULL/"" = detect (valid UTF-8, else GBK), "utf-8", "gbk" */
};

/* Reads path by what it holds (a zip: a workbook; an old .xls, UTF-16 text, an empty file: refused
 * with what to do) into t (blank rows dropped). 0, or -1 with the sentence in err (t empty). */
int table_read_file(const char *path, const struct table_read_opts *o, struct table *t,
                    char *err, size_t errsz);
/* The same for a workbook, a CSV file. */
int xlsx_read(const char *path, const char *sheet, struct table *t, char *err, size_t errsz);
int csv_read(const char *path, const char *encoding, struct table *t, char *err, size_t errsz);
/* CSV text already in memory (bytes as in a file), for csv_read and the tests. */
int csv_parse(const char *data, size_t len, const char *encoding, const char *name,
              struct table *t, char *err, size_t errsz);

#endif
