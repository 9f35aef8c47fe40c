/* date_text.h — dates as offices type them in their own spreadsheets (core: pure, no I/O):
 * 1975-03-02, 1975-3-2, 1975/3/2, 1975.3.2, 1975年3月2日, 19750302, with full-width digits or
 * separators and a midnight time after it (what a CSV saved by Excel holds), and Excel's own
 * day numbers. The strict form the program itself writes stays date_parse (date.h). */
#ifndef ZHIBU_DATE_TEXT_H
#define ZHIBU_DATE_TEXT_H

#include <stdbool.h>

#include "zhibu/date.h"

/* True when s (surrounding blanks allowed) is a real date in one of the forms above, written to
 * out. Years 1900..2999 (date_valid); 1975-02-30 is refused, as is a mix of separators
 * (1975-3/2) or a two-digit year. */
bool date_text_parse(const char *s, struct zdate *out);
/* Why s is not a date, as one Chinese sentence, or NULL when date_text_parse accepts it: the
 * shape is a date's but the day is not ("1975年2月没有30日", "没有13月：月份应为 1 到 12"), else
 * "无法识别的日期（可写作 1975-03-02、1975/3/2、1975.3.2 或 1975年3月2日）". A sentence with
 * numbers is written into buf (bufsz bytes; ZB_MSG_MAX is enough). */
const char *date_text_problem(const char *s, char *buf, size_t bufsz);
/* An Excel day number: 1 is 1900-01-01 (and day 60 Excel's 1900-02-29, which never was:
 * refused), or with date1904 (a workbook from old Mac Excel) 0 is 1904-01-01. A fraction (the
 * time of day) is dropped. False outside the years date_valid accepts. */
bool date_from_excel_serial(double serial, bool date1904, struct zdate *out);

#endif
