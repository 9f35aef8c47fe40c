/* exchange.c — one branch's rows as an SQLite changeset over the exchange schema (written as
 * the rows are read: exchange_export.c), and applying such a changeset to another office's
 * database (store_exchange.h).
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

/* Copy the target's rows of branch_id into the stage (an import; the export writes its
 * changeset in exchange_export.c): all columns, or for the journal only the uuids of the
 * entries imported before; with here, their uuids listed in zx_here. counts: rows per table. */
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
        if (sqlite3_prepare_v2(x->stage, ins.p, -1, &put, NULL) != SQLITE_OK) {
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
            sqlite3_reset(put);
            for (int c = 0; c < ncopy; c++)
                sqlite3_bind_value(put, c + 1, sqlite3_column_value(sel, c));
            if (keyed) sqlite3_bind_text(put, 1, child, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(put) != SQLITE_DONE) {
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
