/* date.h — calendar arithmetic on plain dates (core: pure, no I/O).
 * Dates are proleptic Gregorian; text form is YYYY-MM-DD, months are YYYY-MM. */
#ifndef ZHIBU_DATE_H
#define ZHIBU_DATE_H

#include <stdbool.h>
#include <stddef.h>

struct zdate {
    int y, m, d;
};

#define DATE_STR_LEN 11 /* "YYYY-MM-DD" + NUL */
/* The years a date or a month of the ledger can have (typed, imported or asked for). */
#define DATE_YEAR_MIN 1900
#define DATE_YEAR_MAX 2999
bool date_year_valid(int year);

bool date_is_leap(int year);
int date_days_in_month(int year, int month);
bool date_valid(struct zdate d);
/* Strict: exactly YYYY-MM-DD with a real day, years 1900..2999. */
bool date_parse(const char *s, struct zdate *out);
void date_format(struct zdate d, char out[DATE_STR_LEN]);
/* Why s (already trimmed) is not a date, as one Chinese sentence for the person who typed it:
 * "2026年2月没有30日", "没有13月：月份应为 01 到 12", "年份应在 1900 到 2999 之间", or, when the
 * shape is wrong, "日期格式应为 YYYY-MM-DD（如 2026-03-05）". NULL when s is a date. A sentence with
 * numbers is written into buf (bufsz bytes; ZB_MSG_MAX is enough). */
const char *date_problem(const char *s, char *buf, size_t bufsz);
/* Why fields of a date's shape are not a date ("1975年2月没有30日", "没有13月：…"), in buf; NULL
 * when they are one. padded: months and days said as 01..12 (a YYYY-MM-DD field), else as
 * 1..12 (dates as people type them: 1975.2.30). */
const char *date_fields_problem(struct zdate d, bool padded, char *buf, size_t bufsz);
/* Strict YYYY-MM; writes the first day of that month. */
bool month_parse(const char *s, struct zdate *out);
void month_format(struct zdate d, char out[8]);

/* A time of day typed as HH:MM or H:MM (00:00..23:59), normalised to HH:MM into out ("7:30" →
 * "07:30"). False (out untouched) for anything else: 24:00, 7:60, 0730, 7:3, "七点". */
bool time_parse(const char *s, char out[6]);
/* Why s is not a time, as one Chinese sentence ("没有24时：小时应为 0 到 23", "分钟应为 00 到 59",
 * "时间应写作 HH:MM（如 09:30 或 9:30）"); NULL when time_parse accepts it. A sentence with
 * numbers is written into buf (bufsz bytes; ZB_MSG_MAX is enough). */
const char *time_problem(const char *s, char *buf, size_t bufsz);

/* Days since 1970-01-01 (negative before). */
long date_to_days(struct zdate d);
struct zdate date_from_days(long days);
int date_cmp(struct zdate a, struct zdate b);
long date_diff_days(struct zdate later, struct zdate earlier);
struct zdate date_add_days(struct zdate d, long n);
/* Adds months; a day past the end of the new month is clamped (01-31 + 1 month = 02-28/29). */
struct zdate date_add_months(struct zdate d, int n);
/* Adds years; 02-29 becomes 02-28 in a common year. */
struct zdate date_add_years(struct zdate d, int n);
/* Whole months from a's month to b's month (2026-01-xx .. 2026-03-xx = 2). */
int date_month_span(struct zdate a, struct zdate b);

int date_quarter(struct zdate d); /* 1..4 */
struct zdate date_month_start(struct zdate d);
struct zdate date_month_end(struct zdate d);
struct zdate date_quarter_start(struct zdate d);
struct zdate date_quarter_end(struct zdate d);
struct zdate date_year_start(struct zdate d);
struct zdate date_year_end(struct zdate d);
/* 0 = Monday .. 6 = Sunday */
int date_weekday(struct zdate d);
/* Whole years of age on date `on` for someone born on `birth`. */
int date_age(struct zdate birth, struct zdate on);

/* ---- one month: struct zmonth ----
 * The one month type of the public APIs (store, exports): a year and a month 1..12. Arithmetic
 * goes through the index (year*12 + month-1: consecutive months are consecutive integers);
 * "YYYY-MM" text is for SQL, bindings and display only. Valid months lie in the ledger's years
 * (1900-01 .. 2999-12). */
struct zmonth {
    int year;
    int month;               /* 1..12 */
};
#define ZMONTH_STR_LEN 8 /* "YYYY-MM" + NUL */

/* Whether m is a month of the ledger's range (years 1900..2999, month 1..12). */
bool zmonth_valid(struct zmonth m);
/* Strict "YYYY-MM" of a valid month ("2026-13", "2026-1", "" and years out of range are not):
 * true with *out set (out may be NULL), else false with *out untouched. */
bool zmonth_parse(const char *s, struct zmonth *out);
/* "YYYY-MM" (fields clamped to four and two digits, as month_format). */
void zmonth_format(struct zmonth m, char out[ZMONTH_STR_LEN]);
/* year*12 + month-1, and back (negative indexes floor to the right year). */
int zmonth_index(struct zmonth m);
struct zmonth zmonth_from_index(int index);
/* The month n months after m (before, for negative n). */
struct zmonth zmonth_add(struct zmonth m, int n);
/* <0, 0, >0 as a is before, the same as, after b. */
int zmonth_cmp(struct zmonth a, struct zmonth b);
/* The month of a date. */
struct zmonth zmonth_of_date(struct zdate d);

#endif
