/* date_text.c — dates as typed in an office's spreadsheet (see date_text.h). Pure. */
#include "zhibu/date_text.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "zhibu/text.h"
#include "zhibu/util.h"

/* A date's text made plain: full-width digits and separators as ASCII, 年/月 as 'Y'/'M',
 * 日/号 dropped at the end, surrounding blanks and a time after a space cut off. False when
 * the text is too long to be a date. */
static bool normalise(const char *s, char *out, size_t outsz)
{
    char buf[96];
    if (!s || strlen(s) >= sizeof buf) return false;
    zb_strlcpy(buf, s, sizeof buf);
    text_trim(buf);
    size_t n = 0, len = strlen(buf);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = text_decode(buf + i, len - i, &cp);
        i += k;
        char c;
        if (cp >= 0xFF10 && cp <= 0xFF19) c = (char)('0' + (cp - 0xFF10));
        else if (cp == 0xFF0D || cp == 0x2014 || cp == 0x2013) c = '-';
        else if (cp == 0xFF0F) c = '/';
        else if (cp == 0xFF0E || cp == 0x3002) c = '.';
        else if (cp == 0x5E74) c = 'Y'; /* 年 */
        else if (cp == 0x6708) c = 'M'; /* 月 */
        else if (cp == 0x65E5 || cp == 0x53F7) c = 'D'; /* 日, 号 */
        else if (cp == 0x3000 || cp == ' ' || cp == '\t') c = ' ';
        else if (cp == 0xFF1A) c = ':';
        else if (cp < 0x80) c = (char)cp;
        else c = '?';
        if (n + 1 >= outsz) return false;
        out[n++] = c;
    }
    out[n] = '\0';
    /* "1975-03-02 00:00:00", "1975/3/2 0:00": the date before the time */
    char *sp = strchr(out, ' ');
    if (sp && strchr(sp, ':')) *sp = '\0';
    /* blanks left inside (1975 年 3 月 2 日) go */
    size_t w = 0;
    for (size_t r = 0; out[r]; r++)
        if (out[r] != ' ') out[w++] = out[r];
    out[w] = '\0';
    return true;
}

/* Digits at *p (1..max of them) into *v; advances *p. */
static bool number(const char **p, int max, int *v, int *ndigits)
{
    int n = 0, x = 0;
    while (**p >= '0' && **p <= '9') {
        if (++n > max) return false;
        x = x * 10 + (**p - '0');
        (*p)++;
    }
    if (n == 0) return false;
    *v = x;
    if (ndigits) *ndigits = n;
    return true;
}

/* The shape of a date, whatever its numbers: true with y, m, d filled. */
static bool shape(const char *s, struct zdate *d)
{
    char t[96];
    if (!normalise(s, t, sizeof t) || !t[0]) return false;
    size_t len = strlen(t);
    if (len == 8 && text_all_digits(t)) { /* 19750302 */
        d->y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
        d->m = (t[4] - '0') * 10 + (t[5] - '0');
        d->d = (t[6] - '0') * 10 + (t[7] - '0');
        return true;
    }
    const char *p = t;
    int yd;
    if (!number(&p, 4, &d->y, &yd) || yd != 4) return false;
    char sep = *p;
    if (sep != '-' && sep != '/' && sep != '.' && sep != 'Y') return false;
    p++;
    if (!number(&p, 2, &d->m, NULL)) return false;
    char sep2 = *p;
    if (sep == 'Y' ? sep2 != 'M' : sep2 != sep) return false;
    p++;
    if (!number(&p, 2, &d->d, NULL)) return false;
    if (sep == 'Y' && *p == 'D') p++;
    return *p == '\0';
}

bool date_text_parse(const char *s, struct zdate *out)
{
    struct zdate d;
    if (!shape(s, &d) || !date_valid(d)) return false;
    if (out) *out = d;
    return true;
}

const char *date_text_problem(const char *s, char *buf, size_t bufsz)
{
    struct zdate d;
    if (!shape(s, &d))
        return "无法识别的日期（可写作 1975-03-02、1975/3/2、1975.3.2 或 1975年3月2日）";
    return date_fields_problem(d, false, buf, bufsz);
}

bool date_from_excel_serial(double serial, bool date1904, struct zdate *out)
{
    if (!isfinite(serial) || serial < 0 || serial > 1e7) return false;
    long n = (long)floor(serial);
    struct zdate d;
    if (date1904) {
        d = date_add_days((struct zdate){1904, 1, 1}, n);
    } else {
        if (n < 1 || n == 60) return false; /* day 0 is "1900-01-00"; 60 the leap day that never was */
        d = date_add_days((struct zdate){1899, 12, n < 60 ? 31 : 30}, n);
    }
    if (!date_valid(d)) return false;
    *out = d;
    return true;
}
