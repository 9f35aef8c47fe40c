/* exchange.c — one branch's rows as an SQLite changeset over the exchange schema (written as
 * the rows are read: cset_row), and applying such a changeset to another office's database
 * (store_exchange.h).
 *
 * The exchange schema is derived from the live schema: for each table that travels, `uuid` as
 * PRIMARY KEY, `xid` (the row's id at its origin), then the table's other columns in order,
 * with every foreign key column holding the referenced row's uuid. Columns that only mean
 * something locally stay home (LOCAL_COLS). The pseudo-table journal has history's columns
 * with uuid as key. (The ledger's dues start travels in the branch row, column dues_start.)
 * Attendance and allocations (schema 13: keyed here by (meeting, member) / (payment, month),
 * table_def.key_col) store no uuid, id or timestamps: they travel under a uuid derived from
 * their parent's uuid and key (st_child_uuid), xid their place in key order, and their parent's
 * created_at / updated_at (xcol.virt) — the same layout as before; they are written, updated
 * and removed here by their key.
 *
 * Import, in one transaction of the target:
 *   1. a staging database (a temporary file) with the exchange schema receives the target's
 *      current rows of the branch (zx_here lists their uuids);
 *   2. the changeset's chunks (store_exchange_export_chunks: a new changeset every so many
 *      rows) are checked, then applied there in order — rows may refer to rows of later
 *      chunks, resolved only in step 4; the conflict handler decides per row (same values:
 *      unchanged; else by the table's owner and updated_at: replaced or kept) and the
 *      decisions land in zx_state, chunk by chunk; before any is applied, every chunk is read
 *      once (st_scan_changeset): rows and members within the limits, no value over 1 MB, every
 *      row with a branch_id of this branch;
 *   3. each bundle row gets an action in zx_do (add, update; and for rows whose values are
 *      part of their parent's JSON — attendance, resolutions, allocations — the parent's
 *      decision rules: a kept parent keeps its children as they are here, a replaced one
 *      takes exactly the bundle's set, removing children the bundle no longer has); the
 *      journaled rows touched (zx_aff) keep their JSON from before; every row to be written
 *      belongs to the branch through its references (st_check_belonging) and passes the rules a
 *      form's row passes (import_check.c) — else nothing is written;
 *   4. the rows are written in the order of TABLES (new rows in the origin's order; a
 *      reference to a row of this bundle not yet written is filled in a second pass; one to a
 *      row not in this database is NULL, or leaves an existing row's value as it is);
 *   5. journal entries go to journal_import, one history entry "import" per journaled row
 *      whose JSON changed, and the 审后修改 marks (a record of a reviewed month changed, or
 *      the branch's dues start moved later past one).
 * SQL text built here holds identifiers read from the schema (quoted) and constants only.
 *
 * The exchange schema is in exchange_schema.c; the import in exchange_import.c (its checks in
 * exchange_check.c, decisions and writes in exchange_write.c, the image's journal in
 * exchange_image.c). */
#include "exchange_priv.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_check.h"
#include "journal_codec.h"
#include "store_json.h"
#include "zhibu/clock.h"
#include "zhibu/store_exchange.h"
#include "zhibu/store_office.h"
#include "zhibu/util.h"

/* ---- the office ------------------------------------------------------------------------ */

int store_office_get_kind(struct store *st, char *kind, size_t kindsz)
{
    int rc = store_meta_get(st, "office_kind", kind, kindsz);
    if (rc == STORE_ERR_NOT_FOUND) {
        zb_strlcpy(kind, "village", kindsz);
        return STORE_OK;
    }
    return rc;
}

int store_office_set_kind(struct store *st, const char *kind)
{
    if (!kind) return st_fail(st, STORE_ERR_CONSTRAINT, "未指定单位类型");
    return store_office_set(st, kind, NULL);
}

/* ---- small string builder -------------------------------------------------------------- */

static void sb_put(struct sb *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        while (cap < b->len + n + 1) cap *= 2;
        b->p = xrealloc(b->p, cap);
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void st_sb_add(struct sb *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

/* An identifier (from the schema) in double quotes. */
void st_sb_ident(struct sb *b, const char *id)
{
    sb_put(b, "\"", 1);
    for (const char *p = id; *p; p++) {
        if (*p == '"') sb_put(b, "\"", 1);
        sb_put(b, p, 1);
    }
    sb_put(b, "\"", 1);
}

void st_sb_fmt(struct sb *b, const char *fmt, ...)
{
    char tmp[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    st_sb_add(b, tmp);
}

void st_sb_reset(struct sb *b)
{
    b->len = 0;
    if (b->p) b->p[0] = '\0';
}

/* ---- copying the branch's rows into the exchange tables -------------------------------- */

/* SELECT of table t's rows of branch ?1 on the target, translated to the exchange layout. */
static void select_sql(const struct xtab *t, struct sb *b)
{
    const char *pc = t->def->parent_col, *kc = t->def->key_col;
    if (XTAB_KEYED(t)) {
        /* no uuid (st_copy_rows derives it) and no id: the rows numbered in key order */
        st_sb_add(b, "SELECT NULL, row_number() OVER (ORDER BY zt_.");
        st_sb_ident(b, pc);
        st_sb_add(b, ", zt_.");
        st_sb_ident(b, kc);
        st_sb_add(b, ")");
    } else {
        st_sb_add(b, "SELECT zt_.uuid, zt_.id");
    }
    for (int c = 0; c < t->ncols; c++) {
        const struct xcol *col = &t->cols[c];
        st_sb_add(b, ", ");
        if (col->virt) { /* the parent's */
            st_sb_add(b, "(SELECT zp_.");
            st_sb_ident(b, col->name);
            st_sb_add(b, " FROM ");
            st_sb_ident(b, t->cols[t->parent_xcol - 2].ref_table);
            st_sb_add(b, " zp_ WHERE zp_.id = zt_.");
            st_sb_ident(b, pc);
            st_sb_add(b, ")");
        } else if (col->ref_table) {
            st_sb_add(b, "(SELECT zr_.uuid FROM ");
            st_sb_ident(b, col->ref_table);
            st_sb_add(b, " zr_ WHERE zr_.");
            st_sb_ident(b, col->ref_to);
            st_sb_add(b, " = zt_.");
            st_sb_ident(b, col->name);
            st_sb_add(b, ")");
        } else {
            st_sb_add(b, "zt_.");
            st_sb_ident(b, col->name);
        }
    }
    st_sb_add(b, " FROM ");
    st_sb_ident(b, t->name);
    st_sb_add(b, " zt_ WHERE ");
    st_sb_add(b, t->def->filter);
    if (XTAB_KEYED(t)) {
        st_sb_add(b, " ORDER BY zt_.");
        st_sb_ident(b, pc);
        st_sb_add(b, ", zt_.");
        st_sb_ident(b, kc);
    } else {
        st_sb_add(b, " ORDER BY zt_.id");
    }
}

static void insert_sql(const struct xtab *t, struct sb *b)
{
    st_sb_add(b, "INSERT INTO ");
    st_sb_ident(b, t->name);
    st_sb_add(b, " VALUES (?");
    for (int c = 1; c < t->nxcols; c++) st_sb_add(b, ", ?");
    st_sb_add(b, ")");
}

/* ---- export: the changeset, written as the rows are read --------------------------------
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

static void cset_put(struct xctx *x, const void *p, size_t n)
{
    if (x->cset_len + n > x->cset_cap) {
        size_t cap = x->cset_cap ? x->cset_cap : 64 * 1024;
        while (cap < x->cset_len + n) cap *= 2;
        x->cset = xrealloc(x->cset, cap);
        x->cset_cap = cap;
    }
    memcpy(x->cset + x->cset_len, p, n);
    x->cset_len += n;
}

static void cset_byte(struct xctx *x, unsigned char b)
{
    cset_put(x, &b, 1);
}

/* a varint of the SQLite record format (n < 2^56: groups of 7 bits, high bit set on all but
 * the last) */
static void cset_varint(struct xctx *x, uint64_t n)
{
    unsigned char b[9];
    int k = 0;
    do {
        b[k++] = (unsigned char)(n & 0x7f);
        n >>= 7;
    } while (n && k < 8);
    unsigned char out[9];
    for (int i = 0; i < k; i++) out[i] = (unsigned char)(b[k - 1 - i] | (i < k - 1 ? 0x80 : 0));
    cset_put(x, out, (size_t)k);
}

static void cset_be64(struct xctx *x, uint64_t v)
{
    unsigned char b[8];
    for (int i = 7; i >= 0; i--) {
        b[i] = (unsigned char)(v & 0xff);
        v >>= 8;
    }
    cset_put(x, b, 8);
}

static void cset_value(struct xctx *x, sqlite3_value *v)
{
    int ty = sqlite3_value_type(v);
    cset_byte(x, (unsigned char)ty);
    switch (ty) {
    case SQLITE_INTEGER: cset_be64(x, (uint64_t)sqlite3_value_int64(v)); break;
    case SQLITE_FLOAT: {
        double d = sqlite3_value_double(v);
        uint64_t u;
        memcpy(&u, &d, sizeof u);
        cset_be64(x, u);
        break;
    }
    case SQLITE_TEXT: {
        const unsigned char *t = sqlite3_value_text(v);
        size_t n = (size_t)sqlite3_value_bytes(v);
        cset_varint(x, n);
        if (n) cset_put(x, t, n);
        break;
    }
    case SQLITE_BLOB: {
        const void *b = sqlite3_value_blob(v);
        size_t n = (size_t)sqlite3_value_bytes(v);
        cset_varint(x, n);
        if (n) cset_put(x, b, n);
        break;
    }
    default: break; /* NULL: the type byte alone */
    }
}

/* One row of table ti into the chunk: its uuid (child: a keyed row's derived one; else sel's
 * first column), then sel's columns 1 .. ncopy - 1 (and NULL for any column not copied). */
static void cset_row(struct xctx *x, int ti, sqlite3_stmt *sel, int ncopy, const char *child)
{
    const struct xtab *t = &x->tabs[ti];
    if (!child && sqlite3_column_type(sel, 0) == SQLITE_NULL) return;
    if (x->cset_tab != ti) {
        cset_byte(x, 'T');
        cset_varint(x, (uint64_t)t->nxcols);
        for (int c = 0; c < t->nxcols; c++) cset_byte(x, c == 0);
        cset_put(x, t->name, strlen(t->name) + 1);
        x->cset_tab = ti;
    }
    cset_byte(x, SQLITE_INSERT);
    cset_byte(x, 0);
    if (child) {
        cset_byte(x, SQLITE_TEXT);
        cset_varint(x, UUID_STR_LEN - 1);
        cset_put(x, child, UUID_STR_LEN - 1);
    } else {
        cset_value(x, sqlite3_column_value(sel, 0));
    }
    for (int c = 1; c < ncopy; c++) cset_value(x, sqlite3_column_value(sel, c));
    for (int c = ncopy; c < t->nxcols; c++) cset_byte(x, SQLITE_NULL);
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

/* The view history's column name over history_data h, as the view shows it, decoded by
 * zhibu's C functions (the view's built-in SQL is there for the sqlite3 shell); NULL: none. A
 * prev_hash kept as 0 (schema 14) is the previous sealed entry's hash of the chain: in a walk of
 * one chain's sealed entries in id order that is the previous row's (lag), where the view looks
 * it up for each entry (a branch's export: ~100 ms of the largest ten-year branch). */
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
        {"prev_hash", "CASE WHEN typeof(h.prev_hash) = 'integer' THEN ifnull(lag(" JZ_HEX("h.hash")
                      ") OVER (ORDER BY h.id), '') ELSE " JZ_HEX("h.prev_hash") " END"},
        {"hash", JZ_HEX("h.hash")},
    };
    for (size_t i = 0; i < sizeof E / sizeof E[0]; i++)
        if (strcmp(E[i].name, name) == 0) return E[i].expr;
    return NULL;
}

/* The branch's chain, its sealed entries in order, as the view history shows them (through the
 * view itself when it has a column journal_expr does not know). */
static void journal_sql(const struct xtab *t, struct sb *q)
{
    bool known = true;
    for (int c = 0; c < t->ncols && known; c++) known = journal_expr(t->cols[c].name) != NULL;
    st_sb_add(q, known ? "SELECT zj_uuid_text(h.uuid)" : "SELECT uuid");
    for (int c = 0; c < t->ncols; c++) {
        st_sb_add(q, ", ");
        if (known) st_sb_add(q, journal_expr(t->cols[c].name));
        else st_sb_ident(q, t->cols[c].name);
    }
    st_sb_add(q, known ? " FROM history_data h WHERE h.branch_id = ?1 AND h.hash IS NOT NULL"
                         " ORDER BY h.id"
                       : " FROM history WHERE branch_id = ?1 AND hash IS NOT NULL ORDER BY id");
}

/* Copy the rows of branch_id (all columns, or for the journal of an import only the uuids)
 * from the target: for an export (x->put) into the chunk's changeset, which goes to x->put
 * whenever it is full; else into the stage, and with here listed in zx_here. counts: rows per
 * table. */
int st_copy_rows(struct xctx *x, int64_t branch_id, bool here, int *counts)
{
    struct store *st = x->st;
    struct sb q = {0}, ins = {0};
    sqlite3_stmt *sel = NULL, *put = NULL, *mark = NULL;
    int rc = STORE_OK;
    if (here &&
        sqlite3_prepare_v2(x->stage, "INSERT INTO zx_here(uuid) VALUES (?1)", -1, &mark, NULL))
        rc = st_stage_fail(x, "准备导入");
    for (int i = 0; i < x->ntabs && rc == STORE_OK; i++) {
        const struct xtab *t = &x->tabs[i];
        st_sb_reset(&q);
        st_sb_reset(&ins);
        int ncopy = t->nxcols; /* columns copied */
        if (t->def) {
            select_sql(t, &q);
            insert_sql(t, &ins);
        } else if (t->pseudo == PS_JOURNAL && !here) {
            journal_sql(t, &q);
            insert_sql(t, &ins);
        } else {
            if (x->skip_journal) continue;
            st_sb_add(&q, "SELECT uuid FROM journal_import WHERE branch_id = ?1");
            st_sb_add(&ins, "INSERT INTO journal(uuid) VALUES (?1)");
            ncopy = 1;
        }
        int src = sqlite3_prepare_v2(st->db, q.p, -1, &sel, NULL);
        if (src != SQLITE_OK) {
            rc = st_sqlfail(st, src, "读取支部数据");
            break;
        }
        if (!x->put && sqlite3_prepare_v2(x->stage, ins.p, -1, &put, NULL) != SQLITE_OK) {
            rc = st_stage_fail(x, "准备交换数据");
            break;
        }
        sqlite3_bind_int64(sel, 1, branch_id);
        int n = 0;
        bool keyed = XTAB_KEYED(t);
        char child[UUID_STR_LEN];
        while ((src = sqlite3_step(sel)) == SQLITE_ROW) {
            if (keyed) /* the uuid it travels by (the parent and key as the exchange has them) */
                st_child_uuid(t->name, sqlite3_column_value(sel, t->parent_xcol),
                              sqlite3_column_value(sel, t->key_xcol), child);
            if (x->put) {
                cset_row(x, i, sel, ncopy, keyed ? child : NULL);
            } else {
                sqlite3_reset(put);
                for (int c = 0; c < ncopy; c++)
                    sqlite3_bind_value(put, c + 1, sqlite3_column_value(sel, c));
                if (keyed) sqlite3_bind_text(put, 1, child, -1, SQLITE_TRANSIENT);
            }
            if (!x->put && sqlite3_step(put) != SQLITE_DONE) {
                rc = st_stage_fail(x, "复制支部数据");
                break;
            }
            if (mark) {
                sqlite3_reset(mark);
                if (keyed) sqlite3_bind_text(mark, 1, child, -1, SQLITE_TRANSIENT);
                else sqlite3_bind_value(mark, 1, sqlite3_column_value(sel, 0));
                if (sqlite3_step(mark) != SQLITE_DONE) {
                    rc = st_stage_fail(x, "复制支部数据");
                    break;
                }
            }
            n++;
            if (x->put) {
                x->chunk_rows++;
                for (int c = 0; c < ncopy; c++) {
                    int ty = sqlite3_column_type(sel, c);
                    x->chunk_bytes += ty == SQLITE_TEXT || ty == SQLITE_BLOB
                                          ? (size_t)sqlite3_column_bytes(sel, c) + 4 : 9;
                }
                if (keyed) x->chunk_bytes += UUID_STR_LEN - 1 + 4 - 9; /* the uuid, as before */
                if ((x->max_rows && x->chunk_rows >= x->max_rows) ||
                    (x->max_bytes && x->chunk_bytes >= x->max_bytes)) {
                    if ((rc = flush_chunk(x, false)) != STORE_OK) break;
                }
            }
        }
        if (rc == STORE_OK && src != SQLITE_DONE) rc = st_sqlfail(st, src, "读取支部数据");
        if (counts) counts[i] = n;
        sqlite3_finalize(sel);
        sqlite3_finalize(put);
        sel = put = NULL;
    }
    sqlite3_finalize(sel);
    sqlite3_finalize(put);
    sqlite3_finalize(mark);
    free(q.p);
    free(ins.p);
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
        rc = st_copy_rows(&x, branch_id, false, n);
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
