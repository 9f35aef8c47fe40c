/* csv.h — writing CSV fields (RFC 4180 quoting) and JSON strings, shared by every export.
 * The functions write to a stdio stream and return 0, or -1 when the stream reports an
 * error (disk full, closed pipe); callers check once at the end with ferror() too. */
#ifndef ZHIBU_CSV_H
#define ZHIBU_CSV_H

#include <stdbool.h>
#include <stdio.h>

/* Whether a field must be quoted: it holds a comma, a double quote, CR or LF. */
bool csv_needs_quotes(const char *s);
/* One field, without separator: as is, or in double quotes with quotes doubled when
 * csv_needs_quotes(). NULL is written as an empty field. */
int csv_write_field(FILE *f, const char *s);
/* A whole record: the n fields separated by commas, then "\n". */
int csv_write_row(FILE *f, const char *const *fields, int n);

/* A JSON string with its quotes: '"' and '\' escaped, control characters (below U+0020, and
 * U+007F) as \u00XX, invalid UTF-8 bytes replaced by U+FFFD so the output is always valid
 * UTF-8 JSON. NULL is written as "". */
int json_write_string(FILE *f, const char *s);

#endif
