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

static void free_fold_buf(void *p)
{
    struct fold_buf *b = p;
    free(b->p);
    free(b);
}

/* whether t holds q (q not empty) */
static bool holds(const struct fold_buf *t, const struct fold_buf *q)
{
    if (t->len < q->len) return false;
    const char *p = t->p, *end = t->p + (t->len - q->len) + 1;
    while (p < end && (p = memchr(p, q->p[0], (size_t)(end - p))) != NULL) {
        if (memcmp(p, q->p, q->len) == 0) return true;
        p++;
    }
    return false;
}

static void trigram_has(sqlite3_context *c, int argc, sqlite3_value **argv)
{
    struct trigram_fold *f = sqlite3_user_data(c);
    /* the folded query, kept for the statement's rows while ?query stays the same */
    struct fold_buf *q = sqlite3_get_auxdata(c, 0);
    if (!q) {
        const char *text = (const char *)sqlite3_value_text(argv[0]);
        q = xcalloc(1, sizeof *q);
        if (!text || !fold(f, text, sqlite3_value_bytes(argv[0]), q)) {
            free_fold_buf(q);
            sqlite3_result_error(c, "zb_trigram_has: 无法处理查询文字", -1);
            return;
        }
        sqlite3_set_auxdata(c, 0, q, free_fold_buf);
        q = sqlite3_get_auxdata(c, 0);
        if (!q) {
            sqlite3_result_error_nomem(c);
            return;
        }
    }
    if (q->len == 0) { /* fewer than 3 characters: the index never found such a query */
        sqlite3_result_int(c, 0);
        return;
    }
    struct fold_buf t = {0};
    int found = 0;
    for (int i = 1; i < argc && !found; i++) {
        const char *text = (const char *)sqlite3_value_text(argv[i]);
        int n = sqlite3_value_bytes(argv[i]);
        if (!text) continue;
        if (!fold(f, text, n, &t)) {
            free(t.p);
            sqlite3_result_error(c, "zb_trigram_has: 无法处理会议文字", -1);
            return;
        }
        found = holds(&t, q);
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
