/* msg.c — the one place a failure becomes the sentence the user reads (msg.h). */
#include "zhibu/msg.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/store.h"
#include "zhibu/util.h"

/* The code point at p (UTF-8, NUL-terminated), and its length in *n; 0 with *n = 1 for a byte
 * that does not start a valid sequence. */
static uint32_t cp_at(const char *p, size_t *n)
{
    const unsigned char *u = (const unsigned char *)p;
    if (u[0] < 0x80) {
        *n = 1;
        return u[0];
    }
    size_t len = u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : u[0] >= 0xC0 ? 2 : 0;
    uint32_t cp = len == 4 ? u[0] & 0x07u : len == 3 ? u[0] & 0x0Fu : u[0] & 0x1Fu;
    for (size_t i = 1; i < len; i++) {
        if ((u[i] & 0xC0) != 0x80) len = 0;
        else cp = cp << 6 | (u[i] & 0x3Fu);
        if (!len) break;
    }
    *n = len ? len : 1;
    return len ? cp : 0;
}

/* Chinese text, or the full-width and CJK punctuation that goes with it. */
static bool is_wide_text(uint32_t cp)
{
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* Sentences that say everything themselves: whatever was being done when they happened is
 * left out before them. */
static const char *const WHOLE_SENTENCES[] = {
    "磁盘已满，未保存；已保存的内容没有丢失",
    "只读文件：不能保存",
};

void msg_tidy(char *s, size_t size)
{
    static const char FAIL[] = "失败：";
    if (size == 0) return;
    /* a program prefix inside the message ("zhibu: ", "zhibu user: "): the printer adds its own */
    if (strncmp(s, "zhibu", 5) == 0 && (s[5] == ':' || s[5] == ' ')) {
        const char *p = s + 5;
        if (*p == ' ') {
            p++;
            while (*p && *p != ':' && *p != ' ' && (unsigned char)*p < 0x80) p++;
        }
        if (p[0] == ':' && p[1] == ' ') memmove(s, p + 2, strlen(p + 2) + 1);
    }
    /* ASCII colons after Chinese text become full-width (and the space after them goes); the
     * message may grow by two bytes a colon, up to size (never cutting a character) */
    char *src = xstrdup(s);
    size_t w = 0;
    uint32_t prev = 0;
    for (size_t r = 0; src[r];) {
        size_t n;
        uint32_t cp = cp_at(src + r, &n);
        const char *put = src + r;
        size_t len = n;
        if (cp == ':' && is_wide_text(prev)) {
            put = "：";
            len = 3;
            while (src[r + n] == ' ') n++;
            cp = 0xFF1A;
        }
        if (w + len >= size) break;
        memcpy(s + w, put, len);
        w += len;
        r += n;
        prev = cp;
    }
    s[w] = '\0';
    free(src);
    /* the whole sentences stand alone */
    for (size_t i = 0; i < ZB_ARRAY_LEN(WHOLE_SENTENCES); i++) {
        const char *p = strstr(s, WHOLE_SENTENCES[i]);
        if (p && p != s) memmove(s, p, strlen(p) + 1);
    }
    /* "保存失败：保存党员失败：…": one failure said once, with the longer of the two names */
    char *first = strstr(s, FAIL);
    if (!first) return;
    char *second_name = first + strlen(FAIL);
    char *second = strstr(second_name, FAIL);
    if (!second) return;
    for (const char *p = second_name; p < second; p++)
        if (strncmp(p, "：", 3) == 0 || strncmp(p, "，", 3) == 0 || *p == '\n') return;
    size_t a = (size_t)(first - s), b = (size_t)(second - second_name);
    if (a > b) memmove(first, second, strlen(second) + 1); /* keep the first name */
    else memmove(s, second_name, strlen(second_name) + 1);  /* keep the second */
}

char *msg_store_failure(char *out, size_t n, const char *lead, const struct store_error *e)
{
    if (n == 0) return out;
    const char *why = e && e->message && e->message[0] ? e->message : "未知错误";
    char *text = lead && lead[0] ? xasprintf("%s：%s", lead, why) : xstrdup(why);
    size_t cap = 3 * strlen(text) + 1; /* an ASCII colon may become a full-width one (3 bytes) */
    char *whole = xmalloc(cap);
    memcpy(whole, text, strlen(text) + 1);
    free(text);
    msg_tidy(whole, cap);
    zb_strlcpy(out, whole, n);
    free(whole);
    return out;
}
