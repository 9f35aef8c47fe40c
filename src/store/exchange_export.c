/* exchange_export.c — a branch's rows as the chunks of an export's changeset
 * (store_exchange_export_chunks, store_exchange.h), written as the rows are read.
 *
 * Each table's rows are read by one statement in the origin's order (as exchange_db.c's
 * select_sql orders them), but its references are read as they are stored (the referenced
 * row's id) and turned into that row's uuid here, once per row referred to (struct refmap:
 * `SELECT uuid FROM t WHERE col = ?1`, what the exchange's correlated sub-select asks, kept
 * by id); a keyed row's (table_def.key_col) created_at and updated_at, its parent's, are read
 * once per parent (the rows come in their parent's order) and its xid, its place in key order,
 * is counted. The journal's prev_hash kept as 0 (schema 14) is the previous entry's hash of
 * the walk, kept here (where lag() made SQLite hold every row of the journal, its JSON
 * included, in a temporary table before the first was read). The values, the chunks and their
 * sizes are those the statement with sub-selects gave (tests/cli/bundle_export.sh compares). */
#include "exchange_priv.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "journal_codec.h"
#include "zhibu/store_exchange.h"
#include "zhibu/util.h"

/* ---- a value of a row, from the statement or kept -------------------------------------- */

struct xval {
    int type;              /* SQLITE_INTEGER … SQLITE_NULL */
    int64_t i;
    double d;
    const void *p;         /* text or blob */
    size_t n;
};

static void xval_of(struct xval *o, sqlite3_value *v)
{
    memset(o, 0, sizeof *o);
    o->type = v ? sqlite3_value_type(v) : SQLITE_NULL;
    switch (o->type) {
    case SQLITE_INTEGER: o->i = sqlite3_value_int64(v); break;
    case SQLITE_FLOAT: o->d = sqlite3_value_double(v); break;
    case SQLITE_TEXT:
        o->p = sqlite3_value_text(v);
        o->n = (size_t)sqlite3_value_bytes(v);
        break;
    case SQLITE_BLOB:
        o->p = sqlite3_value_blob(v);
        o->n = (size_t)sqlite3_value_bytes(v);
        break;
    default: o->type = SQLITE_NULL; break;
    }
}

/* A copy that owns its bytes (p: heap, or NULL). */
static void xval_keep(struct xval *o, const struct xval *v)
{
    *o = *v;
    if (v->type == SQLITE_TEXT || v->type == SQLITE_BLOB) {
        void *c = xmalloc(v->n + 1);
        if (v->n) memcpy(c, v->p, v->n);
        ((char *)c)[v->n] = '\0';
        o->p = c;
    } else {
        o->p = NULL;
    }
}

static void xval_free(struct xval *o)
{
    if (o->type == SQLITE_TEXT || o->type == SQLITE_BLOB) free((void *)o->p);
    memset(o, 0, sizeof *o);
}

/* ---- the references: a referenced row's uuid by its id --------------------------------- */

struct refslot {
    bool used;
    int64_t key;
    struct xval v;         /* owned; SQLITE_NULL: no such row */
};

struct refmap {
    const char *table, *col;   /* the xcol's ref_table, ref_to */
    sqlite3_stmt *s;           /* SELECT uuid FROM table WHERE col = ?1 */
    struct refslot *slot;      /* open addressing */
    size_t cap, n;
    struct xval once;          /* a value looked up by a key that is not an integer */
};

struct refs {
    struct refmap *m;
    int n, cap;
};

static void refs_free(struct refs *r)
{
    for (int i = 0; i < r->n; i++) {
        struct refmap *m = &r->m[i];
        sqlite3_finalize(m->s);
        for (size_t k = 0; k < m->cap; k++)
            if (m->slot[k].used) xval_free(&m->slot[k].v);
        free(m->slot);
        xval_free(&m->once);
    }
    free(r->m);
    memset(r, 0, sizeof *r);
}

/* The map of table.col, made on first use; NULL when its statement cannot be prepared. */
static struct refmap *refs_map(struct store *st, struct refs *r, const char *table,
                               const char *col)
{
    for (int i = 0; i < r->n; i++)
        if (strcmp(r->m[i].table, table) == 0 && strcmp(r->m[i].col, col) == 0) return &r->m[i];
    struct sb q = {0};
    st_sb_add(&q, "SELECT uuid FROM ");
    st_sb_ident(&q, table);
    st_sb_add(&q, " WHERE ");
    st_sb_ident(&q, col);
    st_sb_add(&q, " = ?1");
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, q.p, -1, &s, NULL);
    free(q.p);
    if (rc != SQLITE_OK) {
        st_sqlfail(st, rc, "读取支部数据");
        return NULL;
    }
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->m = xrealloc(r->m, (size_t)r->cap * sizeof *r->m);
    }
    struct refmap *m = &r->m[r->n++];
    memset(m, 0, sizeof *m);
    m->table = table;
    m->col = col;
    m->s = s;
    return m;
}

static size_t slot_of(const struct refmap *m, int64_t key)
{
    uint64_t h = (uint64_t)key * 0x9e3779b97f4a7c15ULL;
    return (size_t)(h >> 17) & (m->cap - 1);
}

/* The first row's uuid for v (an xval of NULL when none), as the sub-select gives it: into
 * *out (kept by the map until it is freed, or until the next look-up of a key that is not an
 * integer). STORE_OK, or the error. */
static int ref_lookup(struct store *st, struct refmap *m, sqlite3_value *v,
                      const struct xval **out)
{
    static const struct xval null_v = {.type = SQLITE_NULL};
    int ty = sqlite3_value_type(v);
    if (ty == SQLITE_NULL) { /* col = NULL: no row */
        *out = &null_v;
        return STORE_OK;
    }
    int64_t key = ty == SQLITE_INTEGER ? sqlite3_value_int64(v) : 0;
    size_t at = 0;
    if (ty == SQLITE_INTEGER) {
        if (m->n * 2 >= m->cap) { /* grow: at most half full */
            size_t cap = m->cap ? m->cap * 2 : 256;
            struct refslot *old = m->slot;
            size_t ocap = m->cap;
            m->slot = xcalloc(cap, sizeof *m->slot);
            m->cap = cap;
            for (size_t k = 0; k < ocap; k++) {
                if (!old[k].used) continue;
                size_t j = slot_of(m, old[k].key);
                while (m->slot[j].used) j = (j + 1) & (m->cap - 1);
                m->slot[j] = old[k];
            }
            free(old);
        }
        at = slot_of(m, key);
        while (m->slot[at].used) {
            if (m->slot[at].key == key) {
                *out = &m->slot[at].v;
                return STORE_OK;
            }
            at = (at + 1) & (m->cap - 1);
        }
    }
    sqlite3_reset(m->s);
    sqlite3_bind_value(m->s, 1, v);
    int src = sqlite3_step(m->s);
    if (src != SQLITE_ROW && src != SQLITE_DONE) {
        sqlite3_reset(m->s);
        return st_sqlfail(st, src, "读取支部数据");
    }
    struct xval found = {.type = SQLITE_NULL};
    if (src == SQLITE_ROW) xval_of(&found, sqlite3_column_value(m->s, 0));
    struct xval *dst;
    if (ty == SQLITE_INTEGER) {
        m->slot[at].used = true;
        m->slot[at].key = key;
        m->n++;
        dst = &m->slot[at].v;
    } else {
        xval_free(&m->once);
        dst = &m->once;
    }
    xval_keep(dst, &found);
    sqlite3_reset(m->s);
    *out = dst;
    return STORE_OK;
}

/* ---- the changeset ----------------------------------------------------------------------
 * An export's chunk is an SQLite changeset (the session extension's format, sqlite3session.h):
 * for each table a header — 'T', its number of columns as a varint, one byte per column (1 for
 * the primary key, uuid; 0 for the others), its name and a NUL — then for each row
 * SQLITE_INSERT, 0 (a direct change) and its values, each a type byte followed by an 8-byte
 * big-endian integer or IEEE double, or by a varint length and the bytes of a text or blob (a
 * NULL is its type byte alone). A session on a staging copy made it before: every row inserted
 * there, then read back by the session. Written here as the rows are read: the same changes,
 * each table's rows in the origin's order (the session gave them in the order of its hash
 * table; the import does not depend on the order within a chunk). A row without a uuid, which
 * a session leaves out, is left out too (the live tables hold none: uuid NOT NULL UNIQUE). */

/* Room for n more bytes in the chunk. */
static void cset_reserve(struct xctx *x, size_t n)
{
    if (x->cset_len + n <= x->cset_cap) return;
    size_t cap = x->cset_cap ? x->cset_cap : 64 * 1024;
    while (cap < x->cset_len + n) cap *= 2;
    x->cset = xrealloc(x->cset, cap);
    x->cset_cap = cap;
}

/* The unchecked writes below: the room reserved before (cset_row) */
static inline unsigned char *put_byte(unsigned char *o, unsigned char b)
{
    *o = b;
    return o + 1;
}

/* a varint of the SQLite record format (n < 2^56: groups of 7 bits, high bit set on all but
 * the last) */
static unsigned char *put_varint(unsigned char *o, uint64_t n)
{
    unsigned char b[9];
    int k = 0;
    do {
        b[k++] = (unsigned char)(n & 0x7f);
        n >>= 7;
    } while (n && k < 8);
    for (int i = 0; i < k; i++) *o++ = (unsigned char)(b[k - 1 - i] | (i < k - 1 ? 0x80 : 0));
    return o;
}

static unsigned char *put_be64(unsigned char *o, uint64_t v)
{
    for (int i = 7; i >= 0; i--) {
        o[i] = (unsigned char)(v & 0xff);
        v >>= 8;
    }
    return o + 8;
}

static unsigned char *put_value(unsigned char *o, const struct xval *v)
{
    o = put_byte(o, (unsigned char)v->type);
    switch (v->type) {
    case SQLITE_INTEGER: return put_be64(o, (uint64_t)v->i);
    case SQLITE_FLOAT: {
        uint64_t u;
        memcpy(&u, &v->d, sizeof u);
        return put_be64(o, u);
    }
    case SQLITE_TEXT:
    case SQLITE_BLOB:
        o = put_varint(o, v->n);
        if (v->n) memcpy(o, v->p, v->n);
        return o + v->n;
    default: return o; /* NULL: the type byte alone */
    }
}

/* One row of table ti (its nxcols values) into the chunk. */
static void cset_row(struct xctx *x, int ti, const struct xval *v)
{
    const struct xtab *t = &x->tabs[ti];
    size_t need = 2 + 10 + (size_t)t->nxcols + strlen(t->name) + 1; /* the header, the op */
    for (int c = 0; c < t->nxcols; c++) need += 1 + 9 + v[c].n;
    cset_reserve(x, need);
    unsigned char *o = x->cset + x->cset_len;
    if (x->cset_tab != ti) {
        o = put_byte(o, 'T');
        o = put_varint(o, (uint64_t)t->nxcols);
        for (int c = 0; c < t->nxcols; c++) o = put_byte(o, c == 0);
        size_t nl = strlen(t->name) + 1;
        memcpy(o, t->name, nl);
        o += nl;
        x->cset_tab = ti;
    }
    o = put_byte(o, SQLITE_INSERT);
    o = put_byte(o, 0);
    for (int c = 0; c < t->nxcols; c++) o = put_value(o, &v[c]);
    x->cset_len = (size_t)(o - x->cset);
}

/* Hand the rows read since the last chunk to x->put as one changeset and start a new one. An
 * empty chunk only when it would be the only one. */
static int flush_chunk(struct xctx *x, bool last)
{
    if (!x->chunk_rows && !(last && x->nchunks == 0)) return STORE_OK;
    int rc = x->put(x->put_ctx, x->cset_len ? (void *)x->cset : (void *)"", x->cset_len);
    x->cset_len = 0;
    x->cset_tab = -1;
    x->nchunks++;
    x->chunk_rows = x->chunk_bytes = 0;
    return rc;
}

/* ---- the statements ---------------------------------------------------------------------- */

/* Table t's rows of branch ?1 in the origin's order: uuid, id (for a keyed table NULL, NULL:
 * its uuid is derived, its xid counted), then each column as stored (a virtual one NULL). */
static void rows_sql(const struct xtab *t, struct sb *b)
{
    bool keyed = XTAB_KEYED(t);
    st_sb_add(b, keyed ? "SELECT NULL, NULL" : "SELECT zt_.uuid, zt_.id");
    for (int c = 0; c < t->ncols; c++) {
        st_sb_add(b, ", ");
        if (t->cols[c].virt) {
            st_sb_add(b, "NULL");
        } else {
            st_sb_add(b, "zt_.");
            st_sb_ident(b, t->cols[c].name);
        }
    }
    st_sb_add(b, " FROM ");
    st_sb_ident(b, t->name);
    st_sb_add(b, " zt_ WHERE ");
    st_sb_add(b, t->def->filter);
    if (keyed) {
        st_sb_add(b, " ORDER BY zt_.");
        st_sb_ident(b, t->def->parent_col);
        st_sb_add(b, ", zt_.");
        st_sb_ident(b, t->def->key_col);
    } else {
        st_sb_add(b, " ORDER BY zt_.id");
    }
}

/* A keyed table's virtual columns from its parent row: SELECT them (with_uuid: and its uuid,
 * the parent reference's value) FROM parent WHERE id = ?1 (none: no statement). */
static void parent_sql(const struct xtab *t, struct sb *b, bool with_uuid)
{
    int n = 0;
    for (int c = 0; c < t->ncols; c++) {
        if (!t->cols[c].virt) continue;
        st_sb_add(b, n++ ? ", " : "SELECT ");
        st_sb_ident(b, t->cols[c].name);
    }
    if (!n) return;
    if (with_uuid) st_sb_add(b, ", uuid");
    st_sb_add(b, " FROM ");
    st_sb_ident(b, t->cols[t->parent_xcol - 2].ref_table);
    st_sb_add(b, " WHERE id = ?1");
}

/* The view history's column name over history_data h, as the view shows it, decoded by
 * zhibu's C functions (the view's built-in SQL is there for the sqlite3 shell); NULL: none. A
 * prev_hash kept as 0 (schema 14) is the previous sealed entry's hash of the chain: in a walk of
 * one chain's sealed entries in id order, the previous row's — read here as NULL, with the
 * flag prev_kept (the statement's column after the last), and taken from the previous row. */
static const char *journal_expr(const char *name)
{
    static const struct {
        const char *name, *expr;
    } E[] = {
        {"id", "h.id"},
        {"table_name", "zj_table_text(h.table_name)"},
        {"row_uuid", "zj_uuid_text(h.row_uuid)"},
        {"action", JZ_ACTION_TEXT("h.action")},
        {"changed_at", JZ_TIME_TEXT("h.changed_at")},
        {"changed_by", "h.changed_by"},
        {"old_json", "zj(h.table_name, h.old_json)"},
        {"new_json", "zj(h.table_name, h.new_json)"},
        {"branch_id", "h.branch_id"},
        {"prev_hash", "CASE WHEN typeof(h.prev_hash) = 'integer' THEN NULL ELSE "
                      JZ_HEX("h.prev_hash") " END"},
        {"hash", JZ_HEX("h.hash")},
    };
    for (size_t i = 0; i < sizeof E / sizeof E[0]; i++)
        if (strcmp(E[i].name, name) == 0) return E[i].expr;
    return NULL;
}

/* The branch's chain, its sealed entries in order, as the view history shows them (through the
 * view itself when it has a column journal_expr does not know: *flag -1, else the column of
 * prev_kept). */
static void journal_sql(const struct xtab *t, struct sb *q, int *flag)
{
    bool known = true;
    for (int c = 0; c < t->ncols && known; c++) known = journal_expr(t->cols[c].name) != NULL;
    st_sb_add(q, known ? "SELECT zj_uuid_text(h.uuid)" : "SELECT uuid");
    for (int c = 0; c < t->ncols; c++) {
        st_sb_add(q, ", ");
        if (known) st_sb_add(q, journal_expr(t->cols[c].name));
        else st_sb_ident(q, t->cols[c].name);
    }
    *flag = known ? 1 + t->ncols : -1;
    st_sb_add(q, known ? ", typeof(h.prev_hash) = 'integer'"
                         " FROM history_data h WHERE h.branch_id = ?1 AND h.hash IS NOT NULL"
                         " ORDER BY h.id"
                       : " FROM history WHERE branch_id = ?1 AND hash IS NOT NULL ORDER BY id");
}

/* ---- the rows ---------------------------------------------------------------------------- */

/* How each column of table t's statement becomes the exchange's value. */
enum { COL_AS_IS, COL_REF, COL_VIRT, COL_PARENT };
#define ROW_MAX_COLS 128

struct tab_read {
    sqlite3_stmt *sel, *parent;
    int kind[ROW_MAX_COLS];
    struct refmap *map[ROW_MAX_COLS];
    int virt_at[ROW_MAX_COLS];   /* COL_VIRT, COL_PARENT: the parent statement's column */
    int prev_col, hash_col, flag_col; /* the journal: prev_hash, hash, prev_kept (-1: none) */
};

static int prepare_table(struct xctx *x, int64_t branch_id, struct refs *refs, int ti,
                         struct tab_read *r)
{
    struct store *st = x->st;
    const struct xtab *t = &x->tabs[ti];
    struct sb q = {0};
    memset(r, 0, sizeof *r);
    r->prev_col = r->hash_col = r->flag_col = -1;
    if (t->nxcols > ROW_MAX_COLS) return st_fail(st, STORE_ERR, "导出：表 %s 的列太多", t->name);
    int rc = STORE_OK;
    if (t->def) {
        rows_sql(t, &q);
    } else {
        journal_sql(t, &q, &r->flag_col);
        for (int c = 0; c < t->ncols && r->flag_col >= 0; c++) {
            if (strcmp(t->cols[c].name, "prev_hash") == 0) r->prev_col = 1 + c;
            if (strcmp(t->cols[c].name, "hash") == 0) r->hash_col = 1 + c;
        }
    }
    int src = sqlite3_prepare_v2(st->db, q.p, -1, &r->sel, NULL);
    if (src != SQLITE_OK) rc = st_sqlfail(st, src, "读取支部数据");
    if (rc == STORE_OK && t->def) {
        /* the parent reference (its uuid) read with the parent's columns when it names the
         * parent by id, as they do */
        const struct xcol *pc = XTAB_KEYED(t) ? &t->cols[t->parent_xcol - 2] : NULL;
        bool with_uuid = pc && pc->ref_table && pc->ref_to && strcmp(pc->ref_to, "id") == 0;
        st_sb_reset(&q);
        parent_sql(t, &q, with_uuid);
        if (q.len && (src = sqlite3_prepare_v2(st->db, q.p, -1, &r->parent, NULL)) != SQLITE_OK)
            rc = st_sqlfail(st, src, "读取支部数据");
        int nv = 0, base = 2; /* uuid and id (or xid) come first */
        for (int c = 0; c < t->ncols && rc == STORE_OK; c++) {
            const struct xcol *col = &t->cols[c];
            if (col->virt) {
                r->kind[base + c] = COL_VIRT;
                r->virt_at[base + c] = nv++;
            } else if (r->parent && with_uuid && base + c == t->parent_xcol) {
                r->kind[base + c] = COL_PARENT; /* its column: after the virtual ones */
            } else if (col->ref_table) {
                r->kind[base + c] = COL_REF;
                r->map[base + c] = refs_map(st, refs, col->ref_table, col->ref_to);
                if (!r->map[base + c]) rc = STORE_ERR;
            }
        }
    }
    for (int c = 0; c < t->nxcols; c++) {
        if (r->kind[c] != COL_PARENT) continue;
        r->virt_at[c] = 0;
        for (int k = 0; k < t->nxcols; k++) r->virt_at[c] += r->kind[k] == COL_VIRT;
    }
    free(q.p);
    if (rc == STORE_OK) sqlite3_bind_int64(r->sel, 1, branch_id);
    return rc;
}

/* The text of a value that is not NULL, as SQLite gives it (a uuid or key is text; a number
 * only if stored so in a column without text affinity). */
static void xval_text(const struct xval *v, char buf[40], const void **p, size_t *n)
{
    if (v->type == SQLITE_TEXT || v->type == SQLITE_BLOB) {
        *p = v->p;
        *n = v->n;
        return;
    }
    if (v->type == SQLITE_INTEGER) snprintf(buf, 40, "%lld", (long long)v->i);
    else sqlite3_snprintf(40, buf, "%!.15g", v->d);
    *p = buf;
    *n = strlen(buf);
}

/* Copy the rows of branch_id into the chunks. counts: rows per table. */
static int export_rows(struct xctx *x, int64_t branch_id, int *counts)
{
    struct store *st = x->st;
    struct refs refs = {0};
    struct xval v[ROW_MAX_COLS], prev_hash = {.type = SQLITE_NULL};
    bool have_prev = false;
    int rc = STORE_OK;
    for (int i = 0; i < x->ntabs && rc == STORE_OK; i++) {
        const struct xtab *t = &x->tabs[i];
        struct tab_read r;
        rc = prepare_table(x, branch_id, &refs, i, &r);
        bool keyed = XTAB_KEYED(t);
        int64_t parent_id = 0;
        bool parent_read = false, parent_row = false;
        int n = 0, src = SQLITE_DONE;
        char child[UUID_STR_LEN];
        while (rc == STORE_OK && (src = sqlite3_step(r.sel)) == SQLITE_ROW) {
            for (int c = 0; c < t->nxcols && rc == STORE_OK; c++) {
                sqlite3_value *sv = sqlite3_column_value(r.sel, c);
                if (r.kind[c] == COL_REF) {
                    const struct xval *u = NULL;
                    rc = ref_lookup(st, r.map[c], sv, &u);
                    if (rc == STORE_OK) v[c] = *u;
                } else if (r.kind[c] == COL_AS_IS) {
                    xval_of(&v[c], sv);
                }
            }
            if (rc != STORE_OK) break;
            if (r.parent) { /* the parent's columns: read again when the parent changes */
                sqlite3_value *pv = sqlite3_column_value(r.sel, t->parent_xcol);
                bool same = parent_read && sqlite3_value_type(pv) == SQLITE_INTEGER &&
                            sqlite3_value_int64(pv) == parent_id;
                if (!same) {
                    sqlite3_reset(r.parent);
                    sqlite3_bind_value(r.parent, 1, pv);
                    int prc = sqlite3_step(r.parent);
                    if (prc != SQLITE_ROW && prc != SQLITE_DONE) {
                        rc = st_sqlfail(st, prc, "读取支部数据");
                        break;
                    }
                    parent_row = prc == SQLITE_ROW;
                    parent_read = sqlite3_value_type(pv) == SQLITE_INTEGER;
                    parent_id = parent_read ? sqlite3_value_int64(pv) : 0;
                }
                for (int c = 2; c < t->nxcols; c++)
                    if (r.kind[c] == COL_VIRT || r.kind[c] == COL_PARENT)
                        xval_of(&v[c], parent_row ? sqlite3_column_value(r.parent, r.virt_at[c])
                                                  : NULL);
            }
            if (keyed) { /* xid: its place in key order; the uuid derived from parent and key */
                v[1].type = SQLITE_INTEGER;
                v[1].i = n + 1;
                const struct xval *pk = &v[t->parent_xcol], *kk = &v[t->key_xcol];
                if (pk->type == SQLITE_NULL || kk->type == SQLITE_NULL) {
                    store_uuid(child);
                } else {
                    char b1[40], b2[40];
                    const void *p1, *p2;
                    size_t n1, n2;
                    xval_text(pk, b1, &p1, &n1);
                    xval_text(kk, b2, &p2, &n2);
                    st_child_uuid_text(t->name, p1, n1, p2, n2, child);
                }
            }
            if (r.flag_col >= 0 && r.prev_col >= 0 && r.hash_col >= 0) {
                /* prev_hash kept as 0: the previous row's hash ('' before the first) */
                if (sqlite3_column_int(r.sel, r.flag_col)) {
                    static const struct xval empty = {.type = SQLITE_TEXT, .p = "", .n = 0};
                    v[r.prev_col] = have_prev ? prev_hash : empty;
                }
            }
            /* the sizes as the statement with sub-selects gave them */
            x->chunk_rows++;
            for (int c = 0; c < t->nxcols; c++)
                x->chunk_bytes += v[c].type == SQLITE_TEXT || v[c].type == SQLITE_BLOB
                                      ? v[c].n + 4 : 9;
            if (keyed) {
                x->chunk_bytes += UUID_STR_LEN - 1 + 4 - 9; /* the uuid, as before */
                v[0].type = SQLITE_TEXT;
                v[0].p = child;
                v[0].n = UUID_STR_LEN - 1;
            }
            if (v[0].type != SQLITE_NULL) cset_row(x, i, v);
            if (r.hash_col >= 0 && r.flag_col >= 0) {
                xval_free(&prev_hash);
                xval_keep(&prev_hash, &v[r.hash_col]);
                have_prev = true;
            }
            n++;
            if ((x->max_rows && x->chunk_rows >= x->max_rows) ||
                (x->max_bytes && x->chunk_bytes >= x->max_bytes)) {
                if ((rc = flush_chunk(x, false)) != STORE_OK) break;
            }
        }
        if (rc == STORE_OK && src != SQLITE_DONE) rc = st_sqlfail(st, src, "读取支部数据");
        if (counts) counts[i] = n;
        sqlite3_finalize(r.sel);
        sqlite3_finalize(r.parent);
    }
    xval_free(&prev_hash);
    refs_free(&refs);
    return rc;
}

/* ---- export ---------------------------------------------------------------------------- */

bool store_may_export(const struct store *st, enum exchange_kind kind)
{
    enum store_role r = st->session.role;
    return kind == EXCHANGE_LEDGER || r == STORE_ROLE_REVIEWER || r == STORE_ROLE_ADMIN ||
           r == STORE_ROLE_SYSTEM;
}

int store_exchange_export_chunks(struct store *st, int64_t branch_id, enum exchange_kind kind,
                                 size_t max_rows, size_t max_bytes, exchange_chunk_fn put,
                                 void *ctx, struct exchange_count *counts, int *ncounts)
{
    if (ncounts) *ncounts = 0;
    if (!store_may_export(st, kind))
        return st_fail(st, STORE_ERR_DENIED, "只有审查员或管理员可以导出审查结论");
    struct branch b;
    int rc = store_branch_get(st, branch_id, &b);
    if (rc != STORE_OK) return rc == STORE_ERR_NOT_FOUND
                                  ? st_fail(st, rc, "没有这个支部（编号 %lld）", (long long)branch_id)
                                  : rc;
    /* no stage: the rows go straight into the chunk's changeset (cset_row) */
    struct xctx x = {.st = st, .kind = kind, .put = put, .put_ctx = ctx, .max_rows = max_rows,
                     .max_bytes = max_bytes, .cset_tab = -1};
    bool read_tx = st->tx_depth == 0;
    rc = st_build_schema(&x);
    /* one snapshot of the source for all tables */
    if (rc == STORE_OK && read_tx) {
        sqlite3_stmt *s = st_stmt(st, "BEGIN");
        rc = s ? st_step_write(st, s, "导出") : STORE_ERR;
    }
    int n[EXCHANGE_MAX_TABLES] = {0};
    if (rc == STORE_OK) {
        rc = export_rows(&x, branch_id, n);
        if (read_tx) {
            sqlite3_stmt *s = st_stmt(st, "COMMIT");
            if (s) sqlite3_step(s);
            st_done(s);
        }
    }
    if (rc == STORE_OK) rc = flush_chunk(&x, true);
    if (rc == STORE_OK && counts && ncounts) {
        for (int i = 0; i < x.ntabs; i++) {
            zb_strlcpy(counts[i].table, x.tabs[i].name, sizeof counts[i].table);
            counts[i].rows = n[i];
        }
        *ncounts = x.ntabs;
    }
    st_xctx_free(&x);
    return rc;
}

struct one_blob {
    void *p;
    size_t n;
};

static int keep_blob(void *ctx, const void *data, size_t n)
{
    struct one_blob *o = ctx;
    o->p = xmalloc(n ? n : 1);
    if (n) memcpy(o->p, data, n);
    o->n = n;
    return STORE_OK;
}

int store_exchange_export(struct store *st, int64_t branch_id, enum exchange_kind kind,
                          void **blob, size_t *nblob, struct exchange_count *counts,
                          int *ncounts)
{
    struct one_blob o = {0};
    int rc = store_exchange_export_chunks(st, branch_id, kind, 0, 0, keep_blob, &o, counts,
                                          ncounts);
    if (rc != STORE_OK) {
        free(o.p);
        o.p = NULL;
        o.n = 0;
    }
    *blob = o.p;
    *nblob = o.n;
    return rc;
}
