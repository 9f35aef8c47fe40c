/* meeting_search.c — the check behind a search of 3+ characters: zb_trigram_has(query, text...)
 * is 1 when one of the texts holds the query, letters matched as the trigram tokenizer matches
 * them (case folded), else 0. meeting_fts keeps no positions (schema 14, fts_schema.h): it
 * names the records holding the query's trigrams anywhere, and this check on each candidate's
 * own text keeps exactly those that hold the query itself, as the old phrase query did.
 *
 * The texts are folded by the trigram tokenizer itself (found through the fts5_api of the
 * connection): it gives the trigrams at each character, each character folded; the first
 * trigram and the last character of each next one are the folded text. So "holds the query" is
 * "the folded query is in the folded text", which is what a phrase of the query's trigrams at
 * consecutive positions in one column meant. */
#include "meeting_priv.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/text.h"
#include "zhibu/util.h"

struct trigram_fold {
    fts5_tokenizer api;
    Fts5Tokenizer *tok;
};

/* A folded text being built: bytes appended by the tokenizer's callback. */
struct fold_buf {
    char *p;
    size_t len, cap;
    bool first;
};

static void buf_add(struct fold_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->p = xrealloc(b->p, b->cap);
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static int fold_token(void *ctx, int flags, const char *token, int n, int start, int end)
{
    (void)flags;
    (void)start;
    (void)end;
    struct fold_buf *b = ctx;
    if (n <= 0) return SQLITE_OK;
    if (b->first) {
        b->first = false;
        buf_add(b, token, (size_t)n);
        return SQLITE_OK;
    }
    int last = n - 1; /* the last UTF-8 character of the trigram */
    while (last > 0 && ((unsigned char)token[last] & 0xC0) == 0x80) last--;
    buf_add(b, token + last, (size_t)(n - last));
    return SQLITE_OK;
}

/* text folded into b (emptied first); false when the tokenizer failed */
static bool fold(struct trigram_fold *f, const char *text, int n, struct fold_buf *b)
{
    b->len = 0;
    b->first = true;
    buf_add(b, "", 0);
    return f->api.xTokenize(f->tok, b, FTS5_TOKENIZE_DOCUMENT, text, n, fold_token) == SQLITE_OK;
}

/* whether the n bytes at t hold the m bytes at q (m > 0) */
static bool bytes_hold(const char *t, size_t n, const char *q, size_t m)
{
    if (n < m) return false;
    const char *p = t, *end = t + (n - m) + 1;
    while (p < end && (p = memchr(p, q[0], (size_t)(end - p))) != NULL) {
        if (memcmp(p, q, m) == 0) return true;
        p++;
    }
    return false;
}

/* Plain text: well-formed UTF-8 (shortest forms, no surrogates) without NUL, U+FFFE or U+FFFF,
 * which the tokenizer reads character by character as it is written. In plain text a plain
 * query's bytes are found only where its characters are (UTF-8 synchronises itself). */
static bool plain_utf8(const unsigned char *s, size_t n, bool *caseless)
{
    bool nocase = true;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = text_decode((const char *)s + i, n - i, &cp);
        if (cp == 0 || cp == 0xFFFE || cp == 0xFFFF) return false;
        if (cp == TEXT_REPLACEMENT && len != 3) return false; /* not well-formed */
        /* Characters without case, that no other character folds to: ASCII other than letters,
         * general and CJK punctuation, kana, CJK ideographs, full-width digits and punctuation */
        bool without_case = (cp < 0x80 && !((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')) ||
                            (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x30FF) ||
                            (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
                            (cp >= 0xFF01 && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
                            (cp >= 0xFF5B && cp <= 0xFF65) || (cp >= 0x20000 && cp <= 0x3FFFF);
        nocase = nocase && without_case;
        i += len;
    }
    if (caseless) *caseless = nocase;
    return true;
}

bool st_meeting_query_caseless(const char *q)
{
    bool caseless = false;
    return plain_utf8((const unsigned char *)q, strlen(q), &caseless) && caseless;
}

/* The query as the function's rows see it, kept while ?query stays the same (auxdata). */
struct query_form {
    struct fold_buf folded;
    char *raw;
    size_t raw_len;
    bool plain, caseless;
};

static void free_query_form(void *p)
{
    struct query_form *q = p;
    free(q->folded.p);
    free(q->raw);
    free(q);
}

static void trigram_has(sqlite3_context *c, int argc, sqlite3_value **argv)
{
    struct trigram_fold *f = sqlite3_user_data(c);
    struct query_form *q = sqlite3_get_auxdata(c, 0);
    if (!q) {
        const char *text = (const char *)sqlite3_value_text(argv[0]);
        int n = sqlite3_value_bytes(argv[0]);
        q = xcalloc(1, sizeof *q);
        if (!text || !fold(f, text, n, &q->folded)) {
            free_query_form(q);
            sqlite3_result_error(c, "zb_trigram_has: 无法处理查询文字", -1);
            return;
        }
        q->raw = xmalloc((size_t)n + 1);
        memcpy(q->raw, text, (size_t)n + 1);
        q->raw_len = (size_t)n;
        q->plain = plain_utf8((const unsigned char *)text, (size_t)n, &q->caseless);
        sqlite3_set_auxdata(c, 0, q, free_query_form);
        q = sqlite3_get_auxdata(c, 0);
        if (!q) {
            sqlite3_result_error_nomem(c);
            return;
        }
    }
    if (q->folded.len == 0) { /* fewer than 3 characters: no trigram, never found */
        sqlite3_result_int(c, 0);
        return;
    }
    struct fold_buf t = {0};
    int found = 0;
    for (int i = 1; i < argc && !found; i++) {
        const char *text = (const char *)sqlite3_value_text(argv[i]);
        int n = sqlite3_value_bytes(argv[i]);
        if (!text) continue;
        /* plain query and text: the query's own bytes are a match; without them, a query of
         * characters without case has none (folding changes neither side) */
        if (q->plain && plain_utf8((const unsigned char *)text, (size_t)n, NULL)) {
            if (bytes_hold(text, (size_t)n, q->raw, q->raw_len)) {
                found = 1;
                continue;
            }
            if (q->caseless) continue;
        }
        if (!fold(f, text, n, &t)) {
            free(t.p);
            sqlite3_result_error(c, "zb_trigram_has: 无法处理会议文字", -1);
            return;
        }
        found = bytes_hold(t.p, t.len, q->folded.p, q->folded.len);
    }
    free(t.p);
    sqlite3_result_int(c, found);
}

static void free_trigram_fold(void *p)
{
    struct trigram_fold *f = p;
    if (f->tok) f->api.xDelete(f->tok);
    free(f);
}

int st_meeting_sql_functions(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_pointer(s, 1, (void *)&api, "fts5_api_ptr", NULL);
        sqlite3_step(s);
        rc = sqlite3_finalize(s);
    } else {
        sqlite3_finalize(s);
    }
    if (rc != SQLITE_OK) return rc;
    if (!api) return SQLITE_ERROR;
    struct trigram_fold *f = xcalloc(1, sizeof *f);
    void *ud = NULL;
    rc = api->xFindTokenizer(api, "trigram", &ud, &f->api);
    if (rc == SQLITE_OK) rc = f->api.xCreate(ud, NULL, 0, &f->tok);
    if (rc != SQLITE_OK) {
        free_trigram_fold(f);
        return rc;
    }
    return sqlite3_create_function_v2(db, "zb_trigram_has", -1,
                                      SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, f,
                                      trigram_has, NULL, NULL, free_trigram_fold);
}

/* ---- the index's query ----------------------------------------------------------------- */

/* The terms: trigrams as the tokenizer gives them (folded; a trigram folded is its own token
 * again), every third one (0, 3, 6 …) and the last, so that together they cover the query. */
struct term_list {
    struct fold_buf out;
    int seen;
    char pending[64]; /* the newest trigram not taken ("" when none) */
    int pending_len;
};

static void take(struct term_list *t, const char *token, int n)
{
    if (t->out.len) buf_add(&t->out, " AND ", 5);
    buf_add(&t->out, "\"", 1);
    for (int i = 0; i < n; i++) {
        if (token[i] == '"') buf_add(&t->out, "\"", 1);
        buf_add(&t->out, token + i, 1);
    }
    buf_add(&t->out, "\"", 1);
}

static int term_token(void *ctx, int flags, const char *token, int n, int start, int end)
{
    (void)flags;
    (void)start;
    (void)end;
    struct term_list *t = ctx;
    if (n <= 0) return SQLITE_OK;
    if (t->seen++ % 3 == 0 || (size_t)n > sizeof t->pending) {
        take(t, token, n);
        t->pending_len = 0;
    } else {
        memcpy(t->pending, token, (size_t)n);
        t->pending_len = n;
    }
    return SQLITE_OK;
}

char *st_meeting_fts_terms(sqlite3 *db, const char *q)
{
    fts5_api *api = NULL;
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL) == SQLITE_OK) {
        sqlite3_bind_pointer(s, 1, (void *)&api, "fts5_api_ptr", NULL);
        sqlite3_step(s);
    }
    sqlite3_finalize(s);
    fts5_tokenizer tk;
    Fts5Tokenizer *tok = NULL;
    void *ud = NULL;
    if (!api || api->xFindTokenizer(api, "trigram", &ud, &tk) != SQLITE_OK ||
        tk.xCreate(ud, NULL, 0, &tok) != SQLITE_OK)
        return NULL;
    struct term_list t = {.seen = 0};
    buf_add(&t.out, "", 0);
    int rc = tk.xTokenize(tok, &t, FTS5_TOKENIZE_DOCUMENT, q, (int)strlen(q), term_token);
    tk.xDelete(tok);
    if (rc != SQLITE_OK) {
        free(t.out.p);
        return NULL;
    }
    if (t.pending_len) take(&t, t.pending, t.pending_len);
    if (t.out.len == 0) buf_add(&t.out, "\"\"", 2); /* no trigram: matches nothing */
    return t.out.p;
}
