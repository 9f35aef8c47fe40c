/* date.h — calendar arithmetic on plain dates (core: pure, no I/O).
 * Dates are proleptic Gregorian; text form is YYYY-MM-DD, months are YYYY-MM. */
#ifndef ZHIBU_DATE_H
#define ZHIBU_DATE_H

#include <stdbool.h>

struct zdate {
    int y, m, d;
};

#define DATE_STR_LEN 11 /* "YYYY-MM-DD" + NUL */

bool date_is_leap(int year);
int date_days_in_month(int year, int month);
bool date_valid(struct zdate d);
/* Strict: exactly YYYY-MM-DD with a real day, years 1900..2999. */
bool date_parse(const char *s, struct zdate *out);
void date_format(struct zdate d, char out[DATE_STR_LEN]);
/* Strict YYYY-MM; writes the first day of that month. */
bool month_parse(const char *s, struct zdate *out);
void month_format(struct zdate d, char out[8]);

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

#endif
