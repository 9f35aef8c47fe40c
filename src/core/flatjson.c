/* flatjson.c — a reader for flat JSON objects (see flatjson.h). Strings are decoded
 * (escapes, \uXXXX with surrogate pairs); numbers, true/false and null are kept as text. */
#include "zhibu/flatjson.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/text.h"
#include "zhibu/util.h"

static const char *skip_ws(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    return p;
}

static int hex4(const char *p, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return -1;
    }
    *out = v;
    return 0;
}

/* Parses a string starting at the opening quote; returns the position after the closing
 * quote and a heap copy in *out, or NULL. */
static const char *parse_string(const char *p, char **out)
{
    size_t cap = strlen(p) + 1, len = 0;
    char *buf = xmalloc(cap);
    p++;
    while (*p && *p != '"') {
        if ((unsigned char)*p < 0x20) goto bad; /* JSON escapes control characters */
        if (*p != '\\') {
            buf[len++] = *p++;
            continue;
        }
        p++;
        unsigned cp;
        switch (*p) {
        case '"': case '\\': case '/': buf[len++] = *p; break;
        case 'b': buf[len++] = '\b'; break;
        case 'f': buf[len++] = '\f'; break;
        case 'n': buf[len++] = '\n'; break;
        case 'r': buf[len++] = '\r'; break;
        case 't': buf[len++] = '\t'; break;
        case 'u':
            if (hex4(p + 1, &cp) != 0) goto bad;
            p += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF && p[1] == '\\' && p[2] == 'u') {
                unsigned lo;
                if (hex4(p + 3, &lo) == 0 && lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    p += 6;
                }
            }
            if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD; /* a lone surrogate */
            if (cp == 0) cp = 0xFFFD;                     /* no NUL inside a C string */
            len += text_encode(cp, buf + len);
            break;
        default: goto bad;
        }
        p++;
    }
    if (*p != '"') goto bad;
    buf[len] = '\0';
    *out = buf;
    return p + 1;
bad:
    free(buf);
    return NULL;
}

/* From an opening [ or { to just after its closing bracket (strings may hold brackets); NULL
 * when it does not close. */
static const char *skip_nested(const char *p)
{
    int depth = 0;
    bool in_string = false;
    for (; *p; p++) {
        if (in_string) {
            if (*p == '\\' && p[1]) p++;
            else if (*p == '"') in_string = false;
        } else if (*p == '"') {
            in_string = true;
        } else if (*p == '[' || *p == '{') {
            depth++;
        } else if (*p == ']' || *p == '}') {
            if (--depth == 0) return p + 1;
        }
    }
    return NULL;
}

int flatjson_parse(const char *json, struct flatjson_pair *out, int max)
{
    int n = 0;
    const char *p = skip_ws(json ? json : "");
    if (*p != '{') return -1;
    p = skip_ws(p + 1);
    if (*p == '}') return 0;
    for (;;) {
        if (*p != '"') goto bad;
        char *key = NULL, *value = NULL;
        p = parse_string(p, &key);
        if (!p) goto bad;
        p = skip_ws(p);
        if (*p != ':') { free(key); goto bad; }
        p = skip_ws(p + 1);
        if (*p == '"') {
            p = parse_string(p, &value);
            if (!p) { free(key); goto bad; }
        } else if (*p == '[' || *p == '{') {
            /* a nested array or object is kept as its raw text */
            const char *start = p;
            p = skip_nested(p);
            if (!p) { free(key); goto bad; }
            size_t l = (size_t)(p - start);
            value = xmalloc(l + 1);
            memcpy(value, start, l);
            value[l] = '\0';
        } else {
            const char *start = p;
            while (*p && *p != ',' && *p != '}' && *p != ' ' && *p != '\n') p++;
            if (p == start) { free(key); goto bad; }
            size_t l = (size_t)(p - start);
            value = xmalloc(l + 1);
            memcpy(value, start, l);
            value[l] = '\0';
            if (strcmp(value, "null") == 0) value[0] = '\0';
        }
        if (n < max) {
            out[n].key = key;
            out[n].value = value;
            n++;
        } else {
            free(key);
            free(value);
        }
        p = skip_ws(p);
        if (*p == ',') { p = skip_ws(p + 1); continue; }
        if (*p == '}') return n;
        goto bad;
    }
bad:
    flatjson_free(out, n);
    return -1;
}

void flatjson_free(struct flatjson_pair *pairs, int n)
{
    for (int i = 0; i < n; i++) {
        free(pairs[i].key);
        free(pairs[i].value);
        pairs[i].key = pairs[i].value = NULL;
    }
}

const char *flatjson_get(const struct flatjson_pair *pairs, int n, const char *key)
{
    for (int i = 0; i < n; i++)
        if (strcmp(pairs[i].key, key) == 0) return pairs[i].value;
    return NULL;
}

/* An element of an array: a string (its value, unescaped) */
static const char *string_item(const char *p, char **item)
{
    return *p == '"' ? parse_string(p, item) : NULL;
}

/* ... or an object (its text as it stands). */
static const char *object_item(const char *p, char **item)
{
    const char *start = p;
    if (*p != '{' || !(p = skip_nested(p))) return NULL;
    size_t l = (size_t)(p - start);
    *item = xmalloc(l + 1);
    memcpy(*item, start, l);
    (*item)[l] = '\0';
    return p;
}

/* A whole text that is one array of elements read by item: a heap array of heap strings in
 * *out, their count, or -1 (nothing kept) when the text is not such an array. */
static int parse_array(const char *json, char ***out,
                       const char *(*item_of)(const char *p, char **item))
{
    *out = NULL;
    const char *p = skip_ws(json ? json : "");
    if (*p != '[') return -1;
    p = skip_ws(p + 1);
    int n = 0, cap = 0;
    char **items = NULL;
    if (*p != ']') {
        for (;;) {
            char *item = NULL;
            if (!(p = item_of(p, &item))) goto bad;
            if (n == cap) {
                cap = cap ? cap * 2 : 8;
                items = xrealloc(items, (size_t)cap * sizeof *items);
            }
            items[n++] = item;
            p = skip_ws(p);
            if (*p == ',') {
                p = skip_ws(p + 1);
                continue;
            }
            if (*p == ']') break;
            goto bad;
        }
    }
    if (*skip_ws(p + 1)) goto bad;
    *out = items;
    return n;
bad:
    for (int i = 0; i < n; i++) free(items[i]);
    free(items);
    return -1;
}

int flatjson_strings(const char *json, char ***out)
{
    return parse_array(json, out, string_item);
}

int flatjson_objects(const char *json, char ***out)
{
    return parse_array(json, out, object_item);
}
