/* journal_entry.c — verify's chain walk reads history_data itself (issue 17): one entry's fields
 * as the view history shows them, and its hash.
 *
 * ENTRY_COLS (journal_priv.h) reads an entry through SQL functions: zj() for old_json and
 * new_json (each value unpacked into a new heap string, copied again into SQLite's result) and
 * lower(hex()) for the two hashes. Here the columns are read as stored and turned into the same
 * text in C: a packed value unpacked into a buffer kept for the whole walk (a value that does
 * not unpack is its bytes as they are, as zj gives it), a blob hash in lower-case hex, every
 * other value as sqlite3_column_text gives it (what the SQL passed through). Schema 14's
 * compact forms (journal_form.c) become their text here too: a 16-byte uuid or row uuid, a
 * table's or an action's code, a time in unix seconds; a prev_hash of 0 is left to the caller
 * (the chain's previous hash). The hash is st_entry_hash's (journal.c) over the same bytes,
 * with journal_sha.c. */
#include "journal_entry.h"

#include <stdlib.h>
#include <string.h>

#include "journal_codec.h"
#include "journal_sha.h"

/* A column's value v of type t (its type before any conversion) as sqlite3_column_text gives
 * it. */
static void text_of(sqlite3_value *v, int t, const unsigned char **p, size_t *n)
{
    if (t == SQLITE_NULL) {
        *p = NULL;
        *n = 0;
        return;
    }
    *p = sqlite3_value_text(v);
    *n = (size_t)sqlite3_value_bytes(v);
}

/* A stored hash (value v of type t) as text: a blob in lower-case hex, anything else as it is;
 * NULL stays NULL. */
static const char *hash_of(sqlite3_value *v, int t, char **buf, size_t *cap)
{
    if (t == SQLITE_NULL) return NULL;
    if (t != SQLITE_BLOB) return (const char *)sqlite3_value_text(v);
    const unsigned char *b = sqlite3_value_blob(v);
    size_t n = (size_t)sqlite3_value_bytes(v);
    if (*cap < 2 * n + 1) {
        *cap = 2 * n + 1;
        *buf = realloc(*buf, *cap);
        if (!*buf) abort();
    }
    jsha_hex(b, n, *buf);
    return *buf;
}

/* Each column's type read once, before any value (reading a value as text converts it), and
 * only what that type needs fetched: verify reads millions of entries. The columns are read
 * through sqlite3_column_value: the same values as sqlite3_column_*, without a mutex and error
 * check per call (which cost as much as a field's decoding). Such a value is "unprotected":
 * the statement's connection is used by this thread alone while the entry is read (verify's
 * workers each have their own, opened without a mutex), which is all the difference. */
void st_entry_read(sqlite3_stmt *s, struct st_entry *e)
{
    sqlite3_value *cv[12];
    for (int c = 0; c < 12; c++) {
        cv[c] = sqlite3_column_value(s, c);
        e->t[c] = sqlite3_value_type(cv[c]);
    }
    const int *t = e->t;
    e->id = sqlite3_value_int64(cv[0]);
    e->branch = sqlite3_value_int64(cv[9]);
    /* uuid: 16 bytes in its compact form */
    if (t[1] == SQLITE_BLOB && sqlite3_value_bytes(cv[1]) == 16) {
        st_jz_uuid_text(sqlite3_value_blob(cv[1]), e->ubuf);
        e->v[1] = (const unsigned char *)e->ubuf;
        e->n[1] = 36;
    } else {
        text_of(cv[1], t[1], &e->v[1], &e->n[1]);
    }
    /* table_name: a table's code (JZ_TABLE_TEXT: an unknown code as it is) */
    const char *tn = t[2] == SQLITE_INTEGER ? st_jz_table_name(sqlite3_value_int64(cv[2])) : NULL;
    if (tn) {
        e->v[2] = (const unsigned char *)tn;
        e->n[2] = strlen(tn);
    } else {
        text_of(cv[2], t[2], &e->v[2], &e->n[2]);
    }
    /* row_uuid: 16 bytes in its compact form */
    if (t[3] == SQLITE_BLOB && sqlite3_value_bytes(cv[3]) == 16) {
        st_jz_uuid_text(sqlite3_value_blob(cv[3]), e->rbuf);
        e->v[3] = (const unsigned char *)e->rbuf;
        e->n[3] = 36;
    } else {
        text_of(cv[3], t[3], &e->v[3], &e->n[3]);
    }
    if (t[4] == SQLITE_INTEGER) {
        const char *a = st_jz_action_name(sqlite3_value_int64(cv[4]));
        e->v[4] = (const unsigned char *)a; /* NULL as the view: CASE without a match */
        e->n[4] = a ? strlen(a) : 0;
    } else {
        text_of(cv[4], t[4], &e->v[4], &e->n[4]);
    }
    if (t[5] == SQLITE_INTEGER && st_jz_time_text(sqlite3_value_int64(cv[5]), e->tbuf)) {
        e->v[5] = (const unsigned char *)e->tbuf;
        e->n[5] = 20;
    } else {
        text_of(cv[5], t[5], &e->v[5], &e->n[5]);
    }
    text_of(cv[6], t[6], &e->v[6], &e->n[6]);
    const char *table = (const char *)e->v[2];
    for (int c = 7; c <= 8; c++) {
        int k = c - 7;
        if (t[c] == SQLITE_BLOB) {
            size_t n = 0;
            const char *x = st_jz_unpack_buf(table, sqlite3_value_blob(cv[c]),
                                             (size_t)sqlite3_value_bytes(cv[c]), &n, &e->zbuf[k],
                                             &e->zcap[k]);
            if (x) {
                e->v[c] = (const unsigned char *)x;
                e->n[c] = n;
                continue;
            }
        }
        text_of(cv[c], t[c], &e->v[c], &e->n[c]);
    }
    e->prev_implied = t[10] == SQLITE_INTEGER;
    e->prev = e->prev_implied ? NULL : hash_of(cv[10], t[10], &e->hbuf[0], &e->hcap[0]);
    e->hash = hash_of(cv[11], t[11], &e->hbuf[1], &e->hcap[1]);
}

void st_entry_free(struct st_entry *e)
{
    for (int k = 0; k < 2; k++) {
        free(e->zbuf[k]);
        free(e->hbuf[k]);
    }
    memset(e, 0, sizeof *e);
}

/* the decimal digits of v ending at end: their start */
static char *digits(char *end, uint64_t v)
{
    do {
        *--end = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return end;
}

/* One field: its length and ':' then the bytes; NULL "-:" (as journal.c's hash_field). */
static void field(struct jsha *h, const void *v, size_t n)
{
    if (!v) {
        jsha_update(h, "-:", 2);
        return;
    }
    char t[24], *e = t + sizeof t;
    *--e = ':';
    char *p = digits(e, n);
    jsha_update(h, p, (size_t)(t + sizeof t - p));
    jsha_update(h, v, n);
}

static void field_int(struct jsha *h, int64_t v)
{
    char t[24], *e = t + sizeof t;
    char *p = digits(e, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
    if (v < 0) *--p = '-';
    field(h, p, (size_t)(e - p));
}

void st_entry_hash_hex(const struct st_entry *e, int64_t id, int64_t branch, const char *prev,
                       char out[65])
{
    struct jsha h;
    unsigned char d[32];
    jsha_init(&h);
    jsha_update(&h, "zhibu-journal-1", 15);
    field(&h, prev, strlen(prev));
    field_int(&h, id);
    for (int c = 1; c <= 8; c++) field(&h, e->v[c], e->n[c]);
    field_int(&h, branch);
    jsha_final(&h, d);
    jsha_hex(d, sizeof d, out);
}
