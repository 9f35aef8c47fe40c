/* csv.c — CSV field quoting and JSON string escaping (see csv.h). */
#include "zhibu/csv.h"

#include <stdint.h>
#include <string.h>

#include "zhibu/text.h"

bool csv_needs_quotes(const char *s)
{
    return s && s[strcspn(s, ",\"\r\n")] != '\0';
}

int csv_write_field(FILE *f, const char *s)
{
    if (!s) s = "";
    if (!csv_needs_quotes(s)) return fputs(s, f) < 0 ? -1 : 0;
    if (putc('"', f) == EOF) return -1;
    for (const char *p = s; *p; p++) {
        if (*p == '"' && putc('"', f) == EOF) return -1;
        if (putc(*p, f) == EOF) return -1;
    }
    return putc('"', f) == EOF ? -1 : 0;
}

int csv_write_row(FILE *f, const char *const *fields, int n)
{
    for (int i = 0; i < n; i++) {
        if (i > 0 && putc(',', f) == EOF) return -1;
        if (csv_write_field(f, fields[i]) != 0) return -1;
    }
    return putc('\n', f) == EOF ? -1 : 0;
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
