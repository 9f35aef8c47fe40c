/* date.c — calendar arithmetic on plain dates (proleptic Gregorian). Pure: no I/O, no clock. */
#include "zhibu/date.h"

#include <stdio.h>
#include <string.h>

bool date_year_valid(int year)
{
    return year >= DATE_YEAR_MIN && year <= DATE_YEAR_MAX;
}

bool date_is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int date_days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    if (month == 2 && date_is_leap(year)) return 29;
    return days[month - 1];
}

bool date_valid(struct zdate d)
{
    return date_year_valid(d.y) && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
           d.d <= date_days_in_month(d.y, d.m);
}

/* Reads exactly n ASCII digits from s; false if any is not a digit. */
static bool read_digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool date_parse(const char *s, struct zdate *out)
{
    struct zdate d;
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return false;
    if (!read_digits(s, 4, &d.y) || !read_digits(s + 5, 2, &d.m) || !read_digits(s + 8, 2, &d.d))
        return false;
    if (!date_valid(d)) return false;
    if (out) *out = d;
    return true;
}

/* The sentences below are the only Chinese in this file: they say which part of a date or time
 * typed by a person is wrong, so "2026-02-30" is not told that its format is wrong. */
const char *date_problem(const char *s, char *buf, size_t bufsz)
{
    struct zdate d;
    if (date_parse(s, NULL)) return NULL;
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !read_digits(s, 4, &d.y) ||
        !read_digits(s + 5, 2, &d.m) || !read_digits(s + 8, 2, &d.d))
        return "日期格式应为 YYYY-MM-DD（如 2026-03-05）";
    return date_fields_problem(d, true, buf, bufsz);
}

const char *date_fields_problem(struct zdate d, bool padded, char *buf, size_t bufsz)
{
    if (date_valid(d)) return NULL;
    if (d.y < DATE_YEAR_MIN || d.y > DATE_YEAR_MAX)
        snprintf(buf, bufsz, "年份应在 %d 到 %d 之间", DATE_YEAR_MIN, DATE_YEAR_MAX);
    else if (d.m < 1 || d.m > 12)
        snprintf(buf, bufsz, "没有%d月：月份应为 %s 到 12", d.m, padded ? "01" : "1");
    else if (d.d == 0)
        snprintf(buf, bufsz, padded ? "没有0日：日应为 01 到 %02d" : "没有0日：日应为 1 到 %d",
                 date_days_in_month(d.y, d.m));
    else
        snprintf(buf, bufsz, "%d年%d月没有%d日", d.y, d.m, d.d);
    return buf;
}

/* Splits H:MM or HH:MM into hour and minute (any values); false for any other shape. */
static bool time_fields(const char *s, int *h, int *mi)
{
    if (!s) return false;
    size_t len = strlen(s);
    if (len == 4 && s[1] == ':') return read_digits(s, 1, h) && read_digits(s + 2, 2, mi);
    if (len == 5 && s[2] == ':') return read_digits(s, 2, h) && read_digits(s + 3, 2, mi);
    return false;
}

bool time_parse(const char *s, char out[6])
{
    int h, mi;
    if (!time_fields(s, &h, &mi) || h < 0 || h > 23 || mi < 0 || mi > 59) return false;
    out[0] = (char)('0' + h / 10);
    out[1] = (char)('0' + h % 10);
    out[2] = ':';
    out[3] = (char)('0' + mi / 10);
    out[4] = (char)('0' + mi % 10);
    out[5] = '\0';
    return true;
}

const char *time_problem(const char *s, char *buf, size_t bufsz)
{
    int h, mi;
    if (!time_fields(s, &h, &mi)) return "时间应写作 HH:MM（如 09:30 或 9:30）";
    if (h > 23)
        snprintf(buf, bufsz, "没有%d时：小时应为 0 到 23", h);
    else if (mi > 59)
        snprintf(buf, bufsz, "没有%d分：分钟应为 00 到 59", mi);
    else
        return NULL;
    return buf;
}

/* v (0 <= v < 10^width) as width decimal digits, zero-padded. */
static void put_digits(char *out, int v, int width)
{
    for (int i = width - 1; i >= 0; i--, v /= 10) out[i] = (char)('0' + v % 10);
}

void date_format(struct zdate d, char out[DATE_STR_LEN])
{
    /* Field values are clamped to their widths so the output is always 10 characters. */
    int y = d.y < 0 ? 0 : d.y > 9999 ? 9999 : d.y;
    int m = d.m < 0 ? 0 : d.m > 99 ? 99 : d.m;
    int dd = d.d < 0 ? 0 : d.d > 99 ? 99 : d.d;
    /* "%04d-%02d-%02d" by hand (issue 17: the demo formats millions of dates) */
    put_digits(out, y, 4);
    out[4] = '-';
    put_digits(out + 5, m, 2);
    out[7] = '-';
    put_digits(out + 8, dd, 2);
    out[10] = '\0';
}

bool month_parse(const char *s, struct zdate *out)
{
    struct zdate d = {0, 0, 1};
    if (!s || strlen(s) != 7 || s[4] != '-') return false;
    if (!read_digits(s, 4, &d.y) || !read_digits(s + 5, 2, &d.m)) return false;
    if (!date_valid(d)) return false;
    if (out) *out = d;
    return true;
}

void month_format(struct zdate d, char out[8])
{
    int y = d.y < 0 ? 0 : d.y > 9999 ? 9999 : d.y;
    int m = d.m < 0 ? 0 : d.m > 99 ? 99 : d.m;
    put_digits(out, y, 4); /* "%04d-%02d" */
    out[4] = '-';
    put_digits(out + 5, m, 2);
    out[7] = '\0';
}

/* Day numbers count from 0000-03-01 internally (a year then ends with the leap day), shifted
 * so that 1970-01-01 is day 0. Floor division keeps it right for years before 1970. */
static long floor_div(long a, long b)
{
    long q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
    return q;
}

#define DAYS_0000_03_01_TO_1970 719468L

long date_to_days(struct zdate d)
{
    long y = d.m <= 2 ? d.y - 1 : d.y;
    long mp = d.m <= 2 ? d.m + 9 : d.m - 3;           /* March = 0 .. February = 11 */
    long doy = (153 * mp + 2) / 5 + (d.d - 1);         /* day of the March-based year */
    long era = floor_div(y, 400);
    long yoe = y - era * 400;                          /* 0..399 */
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;  /* day of the 400-year era */
    return era * 146097 + doe - DAYS_0000_03_01_TO_1970;
}

struct zdate date_from_days(long days)
{
    long z = days + DAYS_0000_03_01_TO_1970;
    long era = floor_div(z, 146097);
    long doe = z - era * 146097;                                   /* 0..146096 */
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* 0..399 */
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);            /* 0..365 */
    long mp = (5 * doy + 2) / 153;                                 /* 0..11 */
    struct zdate r;
    r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
    r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
    r.y = (int)(yoe + era * 400 + (r.m <= 2 ? 1 : 0));
    return r;
}

int date_cmp(struct zdate a, struct zdate b)
{
    if (a.y != b.y) return a.y < b.y ? -1 : 1;
    if (a.m != b.m) return a.m < b.m ? -1 : 1;
    if (a.d != b.d) return a.d < b.d ? -1 : 1;
    return 0;
}

long date_diff_days(struct zdate later, struct zdate earlier)
{
    return date_to_days(later) - date_to_days(earlier);
}

struct zdate date_add_days(struct zdate d, long n)
{
    return date_from_days(date_to_days(d) + n);
}

struct zdate date_add_months(struct zdate d, int n)
{
    long idx = (long)d.y * 12 + (d.m - 1) + n;
    struct zdate r;
    r.y = (int)floor_div(idx, 12);
    r.m = (int)(idx - (long)r.y * 12) + 1;
    int dim = date_days_in_month(r.y, r.m);
    r.d = d.d > dim ? dim : d.d;
    return r;
}

struct zdate date_add_years(struct zdate d, int n)
{
    return date_add_months(d, n * 12);
}

int date_month_span(struct zdate a, struct zdate b)
{
    return (b.y - a.y) * 12 + (b.m - a.m);
}

int date_quarter(struct zdate d)
{
    return (d.m - 1) / 3 + 1;
}

struct zdate date_month_start(struct zdate d)
{
    return (struct zdate){d.y, d.m, 1};
}

struct zdate date_month_end(struct zdate d)
{
    return (struct zdate){d.y, d.m, date_days_in_month(d.y, d.m)};
}

struct zdate date_quarter_start(struct zdate d)
{
    return (struct zdate){d.y, (date_quarter(d) - 1) * 3 + 1, 1};
}

struct zdate date_quarter_end(struct zdate d)
{
    int m = date_quarter(d) * 3;
    return (struct zdate){d.y, m, date_days_in_month(d.y, m)};
}

struct zdate date_year_start(struct zdate d)
{
    return (struct zdate){d.y, 1, 1};
}

struct zdate date_year_end(struct zdate d)
{
    return (struct zdate){d.y, 12, 31};
}

int date_weekday(struct zdate d)
{
    /* 1970-01-01 was a Thursday (3 when Monday is 0). */
    long w = (date_to_days(d) + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

int date_age(struct zdate birth, struct zdate on)
{
    /* Someone born on 29 February turns a year older on 1 March in a common year. */
    int age = on.y - birth.y;
    if (on.m < birth.m || (on.m == birth.m && on.d < birth.d)) age--;
    return age;
}

/* ---- struct zmonth ---------------------------------------------------------------------- */

bool zmonth_valid(struct zmonth m)
{
    return m.year >= DATE_YEAR_MIN && m.year <= DATE_YEAR_MAX && m.month >= 1 && m.month <= 12;
}

bool zmonth_parse(const char *s, struct zmonth *out)
{
    struct zdate d;
    if (!month_parse(s, &d)) return false;
    if (out) *out = (struct zmonth){d.y, d.m};
    return true;
}

void zmonth_format(struct zmonth m, char out[ZMONTH_STR_LEN])
{
    month_format((struct zdate){m.year, m.month, 1}, out);
}

int zmonth_index(struct zmonth m)
{
    return m.year * 12 + (m.month - 1);
}

struct zmonth zmonth_from_index(int index)
{
    int y = (int)floor_div(index, 12);
    return (struct zmonth){y, index - y * 12 + 1};
}

struct zmonth zmonth_add(struct zmonth m, int n)
{
    return zmonth_from_index(zmonth_index(m) + n);
}

int zmonth_cmp(struct zmonth a, struct zmonth b)
{
    int x = zmonth_index(a), y = zmonth_index(b);
    return (x > y) - (x < y);
}

struct zmonth zmonth_of_date(struct zdate d)
{
    return (struct zmonth){d.y, d.m};
}
