/* text.c — UTF-8 decoding and terminal-column measurement (core: pure).
 * The decoder is our own and strict: overlong forms, surrogates, code points past U+10FFFF and
 * truncated sequences each yield U+FFFD and consume exactly one byte, so the next byte is
 * looked at again (a stray lead byte never swallows the valid text after it). */
#include "zhibu/text.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "zhibu/util.h"

static bool is_cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

size_t text_lead_len(unsigned char b)
{
    if (b < 0x80) return 1;
    if (b >= 0xC2 && b <= 0xDF) return 2;
    if (b >= 0xE0 && b <= 0xEF) return 3;
    if (b >= 0xF0 && b <= 0xF4) return 4;
    return 0; /* a continuation byte, C0/C1 (only overlong forms) or F5..FF */
}

bool text_cp_well_formed(uint32_t cp, size_t n)
{
    static const uint32_t least[5] = {0, 0, 0x80, 0x800, 0x10000};
    return n >= 1 && n <= 4 && cp >= least[n] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
}

size_t text_decode(const char *s, size_t len, uint32_t *cp)
{
    *cp = TEXT_REPLACEMENT;
    if (len == 0) return 0;
    const unsigned char *u = (const unsigned char *)s;
    size_t need = text_lead_len(u[0]);
    if (need == 0 || len < need) return 1;
    uint32_t v = (need == 1) ? u[0] : (u[0] & (0x7Fu >> need));
    for (size_t i = 1; i < need; i++) {
        if (!is_cont(u[i])) return 1;
        v = (v << 6) | (u[i] & 0x3F);
    }
    if (!text_cp_well_formed(v, need)) return 1;
    *cp = v;
    return need;
}

size_t text_valid_len(const char *s, size_t len)
{
    uint32_t cp;
    size_t n = text_decode(s, len, &cp);
    return (cp == TEXT_REPLACEMENT && n != 3) ? 0 : n; /* U+FFFD itself is 3 bytes */
}

size_t text_encode(uint32_t cp, char out[4])
{
    unsigned char *o = (unsigned char *)out;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = TEXT_REPLACEMENT;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

static bool is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

uint32_t text_display_cp(uint32_t cp)
{
    if (is_control(cp) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return TEXT_REPLACEMENT;
    if (wcwidth((wchar_t)cp) < 0) return TEXT_REPLACEMENT;
    return cp;
}

int text_cp_width(uint32_t cp)
{
    uint32_t d = text_display_cp(cp);
    if (d == TEXT_REPLACEMENT) return 1; /* even where the locale does not know U+FFFD */
    int w = wcwidth((wchar_t)d);
    if (w < 0) return 1;
    return w > 2 ? 2 : w;
}

int text_width(const char *s)
{
    size_t len = strlen(s);
    int cols = 0;
    uint32_t cp;
    for (size_t i = 0; i < len;) {
        i += text_decode(s + i, len - i, &cp);
        cols += text_cp_width(cp);
    }
    return cols;
}

size_t text_chars(const char *s)
{
    size_t len = strlen(s), n = 0;
    uint32_t cp;
    for (size_t i = 0; i < len; n++) i += text_decode(s + i, len - i, &cp);
    return n;
}

size_t text_fit(const char *s, int max_cols, int *cols_out)
{
    size_t len = strlen(s), i = 0;
    int cols = 0;
    uint32_t cp;
    if (max_cols < 0) max_cols = 0;
    while (i < len) {
        size_t n = text_decode(s + i, len - i, &cp);
        int w = text_cp_width(cp);
        if (cols + w > max_cols) break;
        cols += w;
        i += n;
    }
    if (cols_out) *cols_out = cols;
    return i;
}

/* Appends the display form of the characters of s[0..nbytes) to dst at *pos, never past
 * dstsz-1 bytes. */
static void put_display(char *dst, size_t dstsz, size_t *pos, const char *s, size_t nbytes)
{
    uint32_t cp;
    char enc[4];
    for (size_t i = 0; i < nbytes;) {
        i += text_decode(s + i, nbytes - i, &cp);
        size_t n = text_encode(text_display_cp(cp), enc);
        if (*pos + n >= dstsz) return;
        memcpy(dst + *pos, enc, n);
        *pos += n;
    }
}

static void put_char(char *dst, size_t dstsz, size_t *pos, char c)
{
    if (*pos + 1 < dstsz) dst[(*pos)++] = c;
}

/* True if s holds nothing but blanks (ASCII space or U+3000) from byte i on. */
static bool blank_from(const char *s, size_t len, size_t i)
{
    uint32_t cp;
    while (i < len) {
        i += text_decode(s + i, len - i, &cp);
        if (cp != ' ' && cp != 0x3000) return false;
    }
    return true;
}

size_t text_pad(char *dst, size_t dstsz, const char *s, int cols, bool ellipsis)
{
    size_t pos = 0;
    if (dstsz == 0) return 0;
    if (cols < 0) cols = 0;
    size_t len = strlen(s);
    int ew = text_width(TEXT_ELLIPSIS);
    bool mark = false;
    if (ellipsis && cols > 0) {
        size_t whole = text_fit(s, cols, NULL);
        mark = !blank_from(s, len, whole);
    }
    int budget = mark ? (cols > ew ? cols - ew : 0) : cols;
    int used;
    size_t nbytes = text_fit(s, budget, &used);
    put_display(dst, dstsz, &pos, s, nbytes);
    if (mark && cols >= ew) { /* right after the text, so no gap opens before it */
        size_t n = strlen(TEXT_ELLIPSIS);
        if (pos + n < dstsz) {
            memcpy(dst + pos, TEXT_ELLIPSIS, n);
            pos += n;
        }
        used += ew;
        budget += ew;
    }
    /* The columns left over (at most one when a double-width character would straddle the
     * end, more when s is short) become spaces. */
    for (; used < budget; used++) put_char(dst, dstsz, &pos, ' ');
    if (mark && cols < ew)
        for (int i = 0; i < cols; i++) put_char(dst, dstsz, &pos, ' ');
    dst[pos] = '\0';
    return pos;
}

bool text_cut_at(const char *s, int cols)
{
    size_t len = strlen(s);
    return !blank_from(s, len, text_fit(s, cols < 0 ? 0 : cols, NULL));
}

/* ---- line breaking ---- */

/* Characters a line must not start with: closing brackets and quotes, and the punctuation that
 * follows what it closes (GB/T 15834 and the usual 禁则). */
static bool no_line_start(uint32_t cp)
{
    switch (cp) {
    case 0x3002: case 0xFF0C: case 0x3001: case 0xFF1B: case 0xFF1A: case 0xFF1F: case 0xFF01:
    /* 。 ， 、 ； ： ？ ！ */
    case 0xFF09: case 0x300D: case 0x300F: case 0x300B: case 0x3011: case 0x3015: case 0x3009:
    case 0x3017: case 0xFF3D: case 0xFF5D:
    /* ） 」 』 》 】 〕 〉 〗 ］ ｝ */
    case 0x201D: case 0x2019: case 0x2026: case 0xFF0E: case 0xFF05: case 0x2030: case 0xFF5E:
    /* ” ’ … ． ％ ‰ ～ */
    /* ASCII '.' is left out: after a Chinese character it starts a word (".csv"), and after an
     * ASCII one the word rule keeps it */
    case ')': case ']': case '}': case ',': case ';': case ':': case '!': case '?': case '%':
        return true;
    }
    return false;
}

/* Characters a line must not end with: opening brackets and quotes. */
static bool no_line_end(uint32_t cp)
{
    switch (cp) {
    case 0xFF08: case 0x300C: case 0x300E: case 0x300A: case 0x3010: case 0x3014: case 0x3008:
    case 0x3016: case 0xFF3B: case 0xFF5B: case 0x201C: case 0x2018:
    /* （ 「 『 《 【 〔 〈 〖 ［ ｛ “ ‘ */
    case '(': case '[': case '{':
        return true;
    }
    return false;
}

static bool is_blank(uint32_t cp)
{
    return cp == ' ' || cp == 0x3000;
}

/* Part of an ASCII word, number or path: "zhibu.ini", "2026-11-21", "F10", "/tmp/a.csv". */
static bool is_ascii_word(uint32_t cp)
{
    return cp > ' ' && cp < 0x7F;
}

/* May a line end between characters a and b? */
static bool may_break(uint32_t a, uint32_t b)
{
    if (is_blank(b)) return true;
    if (no_line_start(b) || no_line_end(a)) return false;
    return !(is_ascii_word(a) && is_ascii_word(b));
}

size_t text_wrap_line(const char *s, int cols, size_t *next)
{
    size_t len = strlen(s);
    if (cols < 1) cols = 1;
    size_t fit = text_fit(s, cols, NULL);
    uint32_t cp;
    if (fit >= len) {
        *next = len;
        return len;
    }
    if (fit == 0) { /* a double-width character in a one-column line */
        fit = text_decode(s, len, &cp);
        *next = fit;
        return fit;
    }
    /* The characters that fit, with the one after them: the break goes back from the width to
     * the first place the rules allow. */
    size_t cap = fit + 2, n = 0;
    size_t *off = xmalloc(cap * sizeof *off);
    uint32_t *cps = xmalloc(cap * sizeof *cps);
    for (size_t i = 0; i <= fit && i < len && n < cap;) {
        off[n] = i;
        i += text_decode(s + i, len - i, &cps[n]);
        n++;
    }
    /* off[n-1] == fit: the first character that does not fit */
    size_t k = n - 1;
    while (k > 0 && !may_break(cps[k - 1], cps[k])) k--;
    size_t end = k > 0 ? off[k] : fit; /* no break the rules allow: cut at the width */
    bool all_blank = true;
    for (size_t i = 0; i < k && all_blank; i++) all_blank = is_blank(cps[i]);
    if (all_blank) end = fit; /* nothing but the indent would be left on the line */
    free(off);
    free(cps);
    size_t after = end;
    while (after < len) {
        size_t step = text_decode(s + after, len - after, &cp);
        if (!is_blank(cp)) break;
        after += step;
    }
    /* blanks at the end of the line are left out */
    size_t line = end;
    while (line > 0 && s[line - 1] == ' ') line--;
    while (line >= 3 && (unsigned char)s[line - 3] == 0xE3 && (unsigned char)s[line - 2] == 0x80 &&
           (unsigned char)s[line - 1] == 0x80)
        line -= 3;
    if (line == 0) line = end;
    *next = after;
    return line;
}

char *text_sanitize(const char *s, bool keep_newlines)
{
    size_t len = strlen(s);
    /* Worst case: every byte invalid, each becoming the three bytes of U+FFFD. */
    char *out = xmalloc(len * 3 + 1);
    size_t pos = 0;
    uint32_t cp;
    for (size_t i = 0; i < len;) {
        size_t n = text_decode(s + i, len - i, &cp);
        bool bad = cp == TEXT_REPLACEMENT || (is_control(cp) && !(keep_newlines && cp == '\n'));
        if (bad) {
            pos += text_encode(TEXT_REPLACEMENT, out + pos);
        } else {
            memcpy(out + pos, s + i, n);
            pos += n;
        }
        i += n;
    }
    out[pos] = '\0';
    return out;
}

/* Bytes of white space at s (0 if none): ASCII blanks or U+3000 IDEOGRAPHIC SPACE. */
static size_t space_len(const char *s)
{
    switch (*s) {
    case ' ': case '\t': case '\n': case '\r': case '\v': case '\f':
        return 1;
    }
    if ((unsigned char)s[0] == 0xE3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80)
        return 3;
    return 0;
}

void text_trim(char *s)
{
    size_t start = 0, n;
    while ((n = space_len(s + start)) > 0) start += n;
    size_t len = strlen(s + start);
    memmove(s, s + start, len + 1);
    for (;;) {
        if (len >= 1 && space_len(s + len - 1) == 1) {
            len--;
        } else if (len >= 3 && space_len(s + len - 3) == 3) {
            len -= 3;
        } else {
            break;
        }
        s[len] = '\0';
    }
}

bool text_all_digits(const char *s)
{
    if (!s || !*s) return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return false;
    return true;
}
