/* csv.c — CSV field quoting and JSON string escaping (see csv.h). */
#include "zhibu/csv.h"

#include <stdint.h>
#include <string.h>

#include "zhibu/text.h"

bool csv_needs_quotes(const char *s)
{
    return s && s[strcspn(s, ",\"\r\n")] != '\0';
}

/* Control characters in a field: a line break (CR LF, lone CR, LF) is kept as LF inside the
 * quotes, a tab stays, and any other control character (C0, DEL, C1), the bidirectional
 * overrides and invalid UTF-8 are written as U+FFFD — so a field read from the ledger cannot
 * drive the terminal it is shown on. */
static int put_clean(FILE *f, const char *s)
{
    static const char fffd[] = "\xef\xbf\xbd";
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        int rc;
        if (c == '"') {
            rc = fputs("\"\"", f);
            i++;
        } else if (c == '\r') {
            rc = putc('\n', f) == EOF ? -1 : 0;
            i += s[i + 1] == '\n' ? 2 : 1;
        } else if (c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f)) {
            rc = putc(c, f) == EOF ? -1 : 0;
            i++;
        } else {
            uint32_t cp;
            size_t n = text_decode(s + i, len - i, &cp);
            bool invalid = cp == TEXT_REPLACEMENT && !(n == 3 && memcmp(s + i, fffd, 3) == 0);
            bool control = cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
                           (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
            rc = invalid || control ? fputs(fffd, f) : (fwrite(s + i, 1, n, f) == n ? 0 : -1);
            i += n;
        }
        if (rc < 0) return -1;
    }
    return 0;
}

/* Whether the field holds anything put_clean changes (then it is written through it). */
static bool needs_cleaning(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p >= 0x7f) return true;
    return false;
}

int csv_write_field(FILE *f, const char *s)
{
    if (!s) s = "";
    bool quote = csv_needs_quotes(s);
    if (!quote && !needs_cleaning(s)) return fputs(s, f) < 0 ? -1 : 0;
    if (quote && putc('"', f) == EOF) return -1;
    if (put_clean(f, s) != 0) return -1;
    return quote && putc('"', f) == EOF ? -1 : 0;
}

int csv_write_row(FILE *f, const char *const *fields, int n)
{
    for (int i = 0; i < n; i++) {
        if (i > 0 && putc(',', f) == EOF) return -1;
        if (csv_write_field(f, fields[i]) != 0) return -1;
    }
    return putc('\n', f) == EOF ? -1 : 0;
}

/* C1 controls and the bidirectional overrides are escaped (\u0085, \u202e): the same text,
 * and nothing that drives a terminal. True (and *i advanced, *rc set) when s held one. */
static bool json_escaped(const char *s, size_t len, size_t *i, FILE *f, int *rc)
{
    uint32_t cp;
    size_t n = text_decode(s, len, &cp);
    if (!((cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
          (cp >= 0x2066 && cp <= 0x2069)))
        return false;
    *rc = fprintf(f, "\\u%04x", (unsigned)cp);
    *i += n;
    return true;
}

int json_write_string(FILE *f, const char *s)
{
    if (!s) s = "";
    if (putc('"', f) == EOF) return -1;
    size_t len = strlen(s);
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        int rc;
        if (c == '"' || c == '\\') {
            rc = fprintf(f, "\\%c", c);
            i++;
        } else if (c < 0x20 || c == 0x7f) {
            rc = fprintf(f, "\\u%04x", c);
            i++;
        } else if (c >= 0x80 && json_escaped(s + i, len - i, &i, f, &rc)) {
            /* a C1 control or a bidirectional override: escaped like the C0 ones */
        } else if (c < 0x80) {
            rc = putc(c, f) == EOF ? -1 : 1;
            i++;
        } else {
            uint32_t cp;
            size_t n = text_decode(s + i, len - i, &cp);
            if (cp == TEXT_REPLACEMENT && !(n == 3 && memcmp(s + i, "\xef\xbf\xbd", 3) == 0)) {
                /* invalid or truncated sequence: one U+FFFD for what text_decode consumed */
                rc = fputs("\xef\xbf\xbd", f);
            } else {
                rc = (int)fwrite(s + i, 1, n, f) == (int)n ? 1 : -1;
            }
            i += n;
        }
        if (rc < 0) return -1;
    }
    return putc('"', f) == EOF ? -1 : 0;
}
