/* exchange_write.c — an import's decisions (the action on each bundle row) and its writes: the
 * rows, their history, the journal and the 审后修改 marks. */
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

/* ---- import: deciding ------------------------------------------------------------------ */

int st_stage_exec(struct xctx *x, const char *sql, const char *what)
{
    return sqlite3_exec(x->stage, sql, NULL, NULL, NULL) == SQLITE_OK ? STORE_OK
                                                                      : st_stage_fail(x, what);
}

int st_save_states(struct xctx *x)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(x->stage, "INSERT OR REPLACE INTO zx_state VALUES (?1, ?2)", -1, &s,
                           NULL) != SQLITE_OK)
        return st_stage_fail(x, "导入");
    int rc = st_stage_exec(x, "BEGIN", "导入");
    for (size_t i = 0; i < x->ndec && rc == STORE_OK; i++) {
        sqlite3_reset(s);
        sqlite3_bind_text(s, 1, x->dec[i].uuid, -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 2, x->dec[i].state);
        if (sqlite3_step(s) != SQLITE_DONE) rc = st_stage_fail(x, "导入");
    }
    sqlite3_finalize(s);
    if (rc == STORE_OK) rc = st_stage_exec(x, "COMMIT", "导入");
    x->ndec = 0; /* saved: memory holds one chunk's decisions at most */
    return rc;
}

/* st_decide's table i when every staged row is added (x->every): the count, and zx_aff filled by
 * one statement — the rows of the loop's own query (the same tables, joins and filter: the same
 * order), the journaled row or its parent each, as the loop lists them (INSERT OR IGNORE: a
 * parent once; NULL: a row each, as the loop binds it) */
static int decide_every(struct xctx *x, int i, struct sb *q)
{
    struct xtab *t = &x->tabs[i];
    bool child = t->parent_tab >= 0;
    int at = t->journaled ? i : child ? t->parent_tab : -1;
    st_sb_reset(q);
    st_sb_add(q, "SELECT count(*) FROM ");
    st_sb_ident(q, t->name);
    sqlite3_stmt *s = NULL;
    int rc = STORE_OK;
    if (sqlite3_prepare_v2(x->stage, q->p, -1, &s, NULL) != SQLITE_OK ||
        sqlite3_step(s) != SQLITE_ROW)
        rc = st_stage_fail(x, "导入");
    else
        t->rep->added += sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    if (rc != STORE_OK || at < 0 || !x->tabs[at].journaled) return rc;
    const char *pc = child ? t->cols[t->parent_xcol - 2].name : NULL;
    st_sb_reset(q);
    st_sb_add(q, "INSERT OR IGNORE INTO zx_aff SELECT t.");
    st_sb_ident(q, t->journaled ? "uuid" : pc);
    st_sb_fmt(q, ", %d, NULL FROM ", at);
    st_sb_ident(q, t->name);
    st_sb_add(q, " t LEFT JOIN zx_here h ON h.uuid = t.uuid LEFT JOIN zx_state s ON s.uuid = t.uuid");
    if (child) {
        st_sb_add(q, " LEFT JOIN zx_here ph ON ph.uuid = t.");
        st_sb_ident(q, pc);
        st_sb_add(q, " LEFT JOIN zx_state ps ON ps.uuid = t.");
        st_sb_ident(q, pc);
    }
    st_sb_add(q, " WHERE h.uuid IS NULL OR s.state IS NOT NULL");
    return st_stage_exec(x, q->p, "导入");
}

/* For each table: the action on each bundle row (zx_do), the counts, and the journaled rows
 * touched (zx_aff: the row itself, or the parent whose JSON holds it). */
int st_decide(struct xctx *x)
{
    sqlite3_stmt *put = NULL, *aff = NULL;
    if (sqlite3_prepare_v2(x->stage, "INSERT INTO zx_do VALUES (?1, ?2)", -1, &put, NULL) ||
        sqlite3_prepare_v2(x->stage, "INSERT OR IGNORE INTO zx_aff VALUES (?1, ?2, NULL)", -1,
                           &aff, NULL)) {
        sqlite3_finalize(put);
        return st_stage_fail(x, "导入");
    }
    int rc = st_stage_exec(x, "BEGIN", "导入");
    /* a branch new here whose bundle held no row twice (no decision of the conflict handler,
     * nothing of it here): every staged row is added, known before the loop; the checks and the
     * writes then read the stage's tables whole (x->every) and zx_do is left empty */
    bool every = false;
    if (rc == STORE_OK && x->rep->branch_new) {
        sqlite3_stmt *e = NULL;
        if (sqlite3_prepare_v2(x->stage,
                               "SELECT NOT EXISTS (SELECT 1 FROM zx_state)"
                               " AND NOT EXISTS (SELECT 1 FROM zx_here)",
                               -1, &e, NULL) != SQLITE_OK || sqlite3_step(e) != SQLITE_ROW)
            rc = st_stage_fail(x, "导入");
        else
            every = sqlite3_column_int(e, 0) != 0;
        sqlite3_finalize(e);
    }
    struct sb q = {0};
    for (int i = 0; i < x->ntabs && rc == STORE_OK; i++) {
        struct xtab *t = &x->tabs[i];
        if (every) {
            rc = decide_every(x, i, &q);
            continue;
        }
        st_sb_reset(&q);
        bool child = t->parent_tab >= 0;
        /* every bundle row: new here, or decided by the conflict handler */
        st_sb_add(&q, "SELECT t.uuid, h.uuid IS NOT NULL, s.state");
        if (child) {
            st_sb_add(&q, ", t.");
            st_sb_ident(&q, t->cols[t->parent_xcol - 2].name);
            st_sb_add(&q, ", ph.uuid IS NOT NULL, ps.state");
        }
        st_sb_add(&q, " FROM ");
        st_sb_ident(&q, t->name);
        st_sb_add(&q, " t LEFT JOIN zx_here h ON h.uuid = t.uuid");
        st_sb_add(&q, " LEFT JOIN zx_state s ON s.uuid = t.uuid");
        if (child) {
            const char *pc = t->cols[t->parent_xcol - 2].name;
            st_sb_add(&q, " LEFT JOIN zx_here ph ON ph.uuid = t.");
            st_sb_ident(&q, pc);
            st_sb_add(&q, " LEFT JOIN zx_state ps ON ps.uuid = t.");
            st_sb_ident(&q, pc);
        }
        st_sb_add(&q, " WHERE h.uuid IS NULL OR s.state IS NOT NULL");
        sqlite3_stmt *s = NULL;
        if (sqlite3_prepare_v2(x->stage, q.p, -1, &s, NULL) != SQLITE_OK) {
            rc = st_stage_fail(x, "导入");
            break;
        }
        int src;
        char last[UUID_STR_LEN + 1]; /* the parent listed in zx_aff last (nlast bytes, -1: none) */
        int nlast = -1;
        while ((src = sqlite3_step(s)) == SQLITE_ROW) {
            bool here = sqlite3_column_int(s, 1);
            int state = here ? sqlite3_column_int(s, 2) : ST_ADDED;
            if (child && sqlite3_column_int(s, 4)) {
                int ps = sqlite3_column_type(s, 5) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 5);
                /* a kept parent keeps its rows as they are here; a replaced one takes the
                 * bundle's */
                if (ps == ST_KEPT && (state == ST_ADDED || state == ST_UPDATED)) state = ST_KEPT;
                else if (ps == ST_UPDATED && state == ST_KEPT) state = ST_UPDATED;
            }
            int act = state == ST_ADDED ? ACT_ADD : state == ST_UPDATED ? ACT_UPDATE : 0;
            switch (state) {
            case ST_ADDED: t->rep->added++; break;
            case ST_UPDATED: t->rep->updated++; break;
            case ST_UNCHANGED: t->rep->unchanged++; break;
            default: t->rep->kept++; break;
            }
            if (!act) continue;
            if (every) goto affected;
            sqlite3_reset(put);
            sqlite3_bind_value(put, 1, sqlite3_column_value(s, 0));
            sqlite3_bind_int(put, 2, act);
            if (sqlite3_step(put) != SQLITE_DONE) {
                rc = st_stage_fail(x, "导入");
                break;
            }
        affected:;
            int at = t->journaled ? i : child ? t->parent_tab : -1;
            if (at >= 0 && x->tabs[at].journaled) {
                sqlite3_value *u = sqlite3_column_value(s, t->journaled ? 0 : 3);
                /* a child of the parent listed for the row before: listed already (the
                 * children of a parent travel together) */
                if (!t->journaled) {
                    bool text = sqlite3_value_type(u) == SQLITE_TEXT; /* (no conversion) */
                    int n = text ? sqlite3_value_bytes(u) : 0;
                    text = text && n < (int)sizeof last;
                    if (text && nlast == n && memcmp(sqlite3_value_text(u), last, (size_t)n) == 0)
                        continue;
                    nlast = text ? n : -1;
                    if (text) memcpy(last, sqlite3_value_text(u), (size_t)n);
                }
                sqlite3_reset(aff);
                sqlite3_bind_value(aff, 1, u);
                sqlite3_bind_int(aff, 2, at);
                if (sqlite3_step(aff) != SQLITE_DONE) {
                    rc = st_stage_fail(x, "导入");
                    break;
                }
            }
        }
        if (rc == STORE_OK && src != SQLITE_DONE) rc = st_stage_fail(x, "导入");
        sqlite3_finalize(s);
        if (rc != STORE_OK || !child || every) continue;
        /* rows here that the bundle no longer has, under a replaced parent: removed */
        st_sb_reset(&q);
        const char *pc = t->cols[t->parent_xcol - 2].name;
        st_sb_add(&q, "SELECT t.uuid, t.");
        st_sb_ident(&q, pc);
        st_sb_add(&q, " FROM ");
        st_sb_ident(&q, t->name);
        st_sb_add(&q, " t JOIN zx_here h ON h.uuid = t.uuid JOIN zx_state ps ON ps.uuid = t.");
        st_sb_ident(&q, pc);
        st_sb_add(&q, " AND ps.state = 2 WHERE NOT EXISTS (SELECT 1 FROM zx_state s"
                   " WHERE s.uuid = t.uuid)");
        if (sqlite3_prepare_v2(x->stage, q.p, -1, &s, NULL) != SQLITE_OK) {
            rc = st_stage_fail(x, "导入");
            break;
        }
        while ((src = sqlite3_step(s)) == SQLITE_ROW) {
            t->rep->updated++;
            sqlite3_reset(put);
            sqlite3_bind_value(put, 1, sqlite3_column_value(s, 0));
            sqlite3_bind_int(put, 2, ACT_DELETE);
            int r1 = sqlite3_step(put);
            sqlite3_reset(aff);
            sqlite3_bind_value(aff, 1, sqlite3_column_value(s, 1));
            sqlite3_bind_int(aff, 2, t->parent_tab);
            if (r1 != SQLITE_DONE || sqlite3_step(aff) != SQLITE_DONE) {
                rc = st_stage_fail(x, "导入");
                break;
            }
        }
        if (rc == STORE_OK && src != SQLITE_DONE) rc = st_stage_fail(x, "导入");
        sqlite3_finalize(s);
    }
    free(q.p);
    sqlite3_finalize(put);
    sqlite3_finalize(aff);
    if (rc == STORE_OK) rc = st_stage_exec(x, "COMMIT", "导入");
    /* a branch new here: nothing of it was copied into the stage, so every staged row is new
     * here and listed to add (as the counts say: nothing unchanged, kept or updated) */
    x->every = every;
    return rc;
}

/* ---- import: writing ------------------------------------------------------------------- */

/* The condition that names the row here: its uuid (?1), or for a keyed table its parent and
 * key (the staged row's values, references bound as this office's ids: bind_row). */
static void where_row(const struct xtab *t, struct sb *b)
{
    if (!XTAB_KEYED(t)) {
        st_sb_add(b, " WHERE uuid = ?1");
        return;
    }
    st_sb_add(b, " WHERE ");
    st_sb_ident(b, t->cols[t->parent_xcol - 2].name);
    st_sb_fmt(b, " = ?%d AND ", t->parent_xcol);
    st_sb_ident(b, t->cols[t->key_xcol - 2].name);
    st_sb_fmt(b, " = ?%d", t->key_xcol);
}

/* "INSERT INTO <schema><table>(uuid, <its columns>, <its local fills>" — without the closing
 * parenthesis; a keyed table has no uuid of its own. The row statement and the bulk copy
 * (exchange_derive.c) name the same columns so. */
void st_insert_head(struct sb *b, const struct xtab *t, const char *schema)
{
    bool keyed = XTAB_KEYED(t);
    st_sb_add(b, "INSERT INTO ");
    st_sb_add(b, schema);
    st_sb_ident(b, t->name);
    st_sb_add(b, keyed ? "(" : "(uuid");
    for (int c = 0, n = 0; c < t->ncols; c++) {
        if (t->cols[c].virt) continue;
        if (n++ || !keyed) st_sb_add(b, ", ");
        st_sb_ident(b, t->cols[c].name);
    }
    for (int c = 0; c < t->nfill; c++) {
        st_sb_add(b, ", ");
        st_sb_ident(b, t->fill_cols[c]);
    }
}

int st_prepare_writes(struct xctx *x, struct xtab *t)
{
    struct store *st = x->st;
    struct sb b = {0};
    bool keyed = XTAB_KEYED(t);
    st_insert_head(&b, t, "");
    st_sb_add(&b, keyed ? ") VALUES (" : ") VALUES (?1");
    for (int c = 0, n = 0; c < t->ncols; c++) {
        if (t->cols[c].virt) continue;
        st_sb_fmt(&b, n++ || !keyed ? ", ?%d" : "?%d", c + 2);
    }
    for (int c = 0; c < t->nfill; c++) {
        st_sb_add(&b, ", ");
        const char *p = strstr(t->fills[c], "?P");
        if (p && keyed) { /* the parent as bound (exchange_schema.c LOCAL_COLS) */
            st_sb_fmt(&b, "%.*s?%d%s", (int)(p - t->fills[c]), t->fills[c], t->parent_xcol, p + 2);
        } else if (p) {
            st_sb_add(&b, "NULL");
        } else {
            st_sb_add(&b, t->fills[c]);
        }
    }
    st_sb_add(&b, ")");
    int rc = sqlite3_prepare_v2(st->db, b.p, -1, &t->ins, NULL);
    if (rc == SQLITE_OK) {
        /* ?(2+c) the value; for a reference, ?(2+ncols+c) = 1 keeps the value here */
        st_sb_reset(&b);
        st_sb_add(&b, "UPDATE ");
        st_sb_ident(&b, t->name);
        st_sb_add(&b, " SET ");
        for (int c = 0, n = 0; c < t->ncols; c++) {
            /* a keyed row's key names it; its timestamps are not stored */
            if (keyed && (t->cols[c].virt || 2 + c == t->parent_xcol || 2 + c == t->key_xcol))
                continue;
            if (n++) st_sb_add(&b, ", ");
            st_sb_ident(&b, t->cols[c].name);
            if (t->cols[c].ref_table) {
                st_sb_fmt(&b, " = iif(?%d, ", c + 2 + t->ncols);
                st_sb_ident(&b, t->cols[c].name);
                st_sb_fmt(&b, ", ?%d)", c + 2);
            } else {
                st_sb_fmt(&b, " = ?%d", c + 2);
            }
        }
        where_row(t, &b);
        rc = sqlite3_prepare_v2(st->db, b.p, -1, &t->upd, NULL);
    }
    free(b.p);
    return rc == SQLITE_OK ? STORE_OK : st_sqlfail(st, rc, "准备导入");
}

/* Bind the staged row (columns: uuid, xid, cols...) into s; *forward set when a reference
 * names a row of the bundle not written yet. */
static int bind_row(struct xctx *x, struct xtab *t, sqlite3_stmt *row, sqlite3_stmt *s,
                    bool *forward)
{
    *forward = false;
    sqlite3_bind_value(s, 1, sqlite3_column_value(row, 0));
    for (int c = 0; c < t->ncols; c++) {
        sqlite3_value *v = sqlite3_column_value(row, 2 + c);
        const struct xcol *col = &t->cols[c];
        if (!col->ref_table || sqlite3_value_type(v) == SQLITE_NULL) {
            sqlite3_bind_value(s, 2 + c, v);
            if (col->ref_table) sqlite3_bind_int(s, 2 + t->ncols + c, 0);
            continue;
        }
        int64_t id = st_id_here(x, col->ref_table, v);
        if (id < 0) return (int)id;
        if (id > 0) {
            sqlite3_bind_int64(s, 2 + c, id);
            sqlite3_bind_int(s, 2 + t->ncols + c, 0);
        } else {
            if (st_in_bundle(x, v)) *forward = true;
            sqlite3_bind_null(s, 2 + c);
            /* not here: an existing row keeps its value (a forward one is set in pass 2) */
            sqlite3_bind_int(s, 2 + t->ncols + c, 1);
        }
    }
    return STORE_OK;
}

static int conflict(struct xctx *x, struct xtab *t, sqlite3_stmt *row, int sqlrc)
{
    t->rep->conflicts++;
    x->conflicts++;
    char what[96];
    const unsigned char *u = sqlite3_column_text(row, 0);
    snprintf(what, sizeof what, "导入表 %s 的记录 %.8s", t->name, u ? (const char *)u : "");
    st_sqlfail(x->st, sqlrc, what);
    if (!x->rep->problem[0]) zb_strlcpy(x->rep->problem, x->st->err, sizeof x->rep->problem);
    return STORE_OK; /* counted: the import fails after all tables were tried */
}

/* Write table t's actions: removals, updates, then new rows in the origin's order. Rows
 * with a reference to a bundle row not yet written are listed in zx_fwd for pass 2. */
int st_write_table(struct xctx *x, struct xtab *t, sqlite3_stmt *fwd, bool pass2)
{
    struct store *st = x->st;
    struct sb q = {0};
    st_sb_add(&q, "SELECT t.*, d.act FROM ");
    st_sb_ident(&q, t->name);
    if (pass2)
        st_sb_add(&q, " t JOIN zx_fwd d ON d.uuid = t.uuid ORDER BY t.xid");
    else if (x->every) /* every row added (st_decide), zx_do empty */
        st_sb_fmt(&q, " t CROSS JOIN (SELECT %d AS act) d ORDER BY t.xid", ACT_ADD);
    else
        st_sb_add(&q, " t JOIN zx_do d ON d.uuid = t.uuid ORDER BY d.act, t.xid");
    sqlite3_stmt *row = NULL;
    int rc = STORE_OK;
    if (sqlite3_prepare_v2(x->stage, q.p, -1, &row, NULL) != SQLITE_OK) rc = st_stage_fail(x, "导入");
    free(q.p);
    sqlite3_stmt *del = NULL;
    int src = SQLITE_DONE;
    while (rc == STORE_OK && (src = sqlite3_step(row)) == SQLITE_ROW) {
        int act = sqlite3_column_int(row, t->nxcols);
        if (act == ACT_DELETE) {
            if (!del) {
                struct sb b = {0};
                st_sb_add(&b, "DELETE FROM ");
                st_sb_ident(&b, t->name);
                where_row(t, &b);
                int prc = sqlite3_prepare_v2(st->db, b.p, -1, &del, NULL);
                free(b.p);
                if (prc != SQLITE_OK) {
                    rc = st_sqlfail(st, prc, "准备导入");
                    break;
                }
            }
            sqlite3_reset(del);
            if (XTAB_KEYED(t)) {
                bool forward;
                rc = bind_row(x, t, row, del, &forward);
                if (rc != STORE_OK) break;
            } else {
                sqlite3_bind_value(del, 1, sqlite3_column_value(row, 0));
            }
            int w = sqlite3_step(del);
            sqlite3_reset(del);
            st_id_forget(x);
            if (w != SQLITE_DONE) rc = conflict(x, t, row, sqlite3_extended_errcode(st->db));
            continue;
        }
        sqlite3_stmt *s = act == ACT_ADD && !pass2 ? t->ins : t->upd;
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
        bool forward;
        rc = bind_row(x, t, row, s, &forward);
        if (rc != STORE_OK) break;
        int w = sqlite3_step(s);
        sqlite3_reset(s);
        if (w != SQLITE_DONE) {
            rc = conflict(x, t, row, sqlite3_extended_errcode(st->db));
            continue;
        }
        if (s == t->ins && !XTAB_KEYED(t)) /* nothing refers to a keyed row */
            st_id_written(x, t->name, sqlite3_column_value(row, 0),
                          sqlite3_last_insert_rowid(st->db));
        if (forward && !pass2) {
            sqlite3_reset(fwd);
            sqlite3_bind_value(fwd, 1, sqlite3_column_value(row, 0));
            if (sqlite3_step(fwd) != SQLITE_DONE) rc = st_stage_fail(x, "导入");
        }
    }
    if (rc == STORE_OK && src != SQLITE_DONE) rc = st_stage_fail(x, "导入");
    sqlite3_finalize(row);
    sqlite3_finalize(del);
    return rc;
}

/* The JSON before the change of every journaled row touched that is here (zx_aff.old_json). */
int st_keep_old_json(struct xctx *x)
{
    /* a new branch has no rows here: a bundle row already here is another branch's, which
     * st_check_belonging has refused (as a new row's uuid, or as a reference) */
    if (!x->branch_id) return STORE_OK;
    sqlite3_stmt *s = NULL, *u = NULL;
    if (sqlite3_prepare_v2(x->stage, "SELECT uuid, tab FROM zx_aff", -1, &s, NULL) ||
        sqlite3_prepare_v2(x->stage, "UPDATE zx_aff SET old_json = ?2 WHERE uuid = ?1", -1, &u,
                           NULL)) {
        sqlite3_finalize(s);
        return st_stage_fail(x, "导入");
    }
    int rc = st_stage_exec(x, "BEGIN", "导入"), src = SQLITE_DONE;
    while (rc == STORE_OK && (src = sqlite3_step(s)) == SQLITE_ROW) {
        const struct xtab *t = &x->tabs[sqlite3_column_int(s, 1)];
        int64_t id = st_id_here(x, t->name, sqlite3_column_value(s, 0));
        if (id < 0) {
            rc = (int)id;
            break;
        }
        if (id == 0) continue;
        char *json = st_journal_json(x->st, t->name, id);
        sqlite3_reset(u);
        sqlite3_bind_value(u, 1, sqlite3_column_value(s, 0));
        if (json) sqlite3_bind_text(u, 2, json, -1, free);
        else sqlite3_bind_null(u, 2);
        if (sqlite3_step(u) != SQLITE_DONE) rc = st_stage_fail(x, "导入");
    }
    if (rc == STORE_OK && src != SQLITE_DONE) rc = st_stage_fail(x, "导入");
    sqlite3_finalize(s);
    sqlite3_finalize(u);
    if (rc == STORE_OK) rc = st_stage_exec(x, "COMMIT", "导入");
    return rc;
}

static int64_t history_add(struct store *st, const char *table, const char *row_uuid,
                           const char *old_json, const char *new_json)
{
    sqlite3_stmt *s = st_stmt(st,
                              "INSERT INTO history_data(uuid, table_name, row_uuid, action, changed_at,"
                              " changed_by, old_json, new_json)"
                              " VALUES (zj_uuid(?1), zj_table(?2), zj_uuid(?3), zj_action('import'), zj_time(?4),"
                              " ?5, ?6, ?7)");
    if (!s) return STORE_ERR;
    char uuid[UUID_STR_LEN], now[24];
    st_bind_stamps(st, s, 1, uuid, 4, now);
    st_bind_text(s, 2, table);
    st_bind_text(s, 3, row_uuid);
    st_jz_bind(s, 6, table, old_json);
    st_jz_bind(s, 7, table, new_json);
    int rc = st_step_write(st, s, "记录修改历史");
    if (rc != STORE_OK) return rc;
    int64_t id = sqlite3_last_insert_rowid(st->db);
    if (!st->seal_from) st->seal_from = id;
    return id;
}

/* The month ("YYYY-MM", "" when none) of a record from its JSON. */
static void json_month(struct xctx *x, const char *json, const char *col, char out[8])
{
    out[0] = '\0';
    if (!json) return;
    /* prepared once per import (st_write_history finalizes it) */
    if (!x->month_s &&
        sqlite3_prepare_v2(x->stage, "SELECT substr(json_extract(?1, '$.' || ?2), 1, 7)", -1,
                           &x->month_s, NULL) != SQLITE_OK)
        return;
    sqlite3_stmt *s = x->month_s;
    sqlite3_bind_text(s, 1, json, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, col, -1, SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(s, 0);
        if (t && strlen((const char *)t) == 7) memcpy(out, t, 8);
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
}

/* 审后修改: the record changed in a month that has a verdict here, unless the bundle brought
 * the village's own amend row for it. */
static int mark_amend(struct xctx *x, const struct xtab *t, const char *row_uuid,
                      const char *month, int64_t hist_id, const char *exported_at)
{
    struct store *st = x->st;
    struct zmonth m;
    if (!zmonth_parse(month, &m)) return 0; /* no month, or none a verdict can have */
    int locked = store_month_locked(st, x->branch_id, m);
    if (locked <= 0) return locked;
    sqlite3_stmt *s = NULL;
    int own = 0;
    if (st_xtab_index(x, "amend_request") >= 0 &&
        sqlite3_prepare_v2(x->stage,
                           "SELECT 1 FROM amend_request a JOIN zx_do d ON d.uuid = a.uuid"
                           " AND d.act = 3 WHERE a.row_uuid = ?1 AND a.month = ?2",
                           -1, &s, NULL) == SQLITE_OK) {
        sqlite3_bind_text(s, 1, row_uuid, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, month, -1, SQLITE_STATIC);
        own = sqlite3_step(s) == SQLITE_ROW;
    }
    sqlite3_finalize(s);
    if (own) return STORE_OK;
    s = st_stmt(st,
                "INSERT INTO amend_request(uuid, branch_id, month, table_name, row_uuid, reason,"
                " history_after, created_at, created_by, updated_at)"
                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?8)");
    if (!s) return STORE_ERR;
    char uuid[UUID_STR_LEN], now[24], reason[160];
    store_uuid(uuid);
    clock_now_iso(now);
    snprintf(reason, sizeof reason, "导入时发现：评审后支部修改了该记录（包 %s）", exported_at);
    st_bind_text(s, 1, uuid);
    sqlite3_bind_int64(s, 2, x->branch_id);
    st_bind_text(s, 3, month);
    st_bind_text(s, 4, t->name);
    st_bind_text(s, 5, row_uuid);
    st_bind_text(s, 6, reason);
    sqlite3_bind_int64(s, 7, hist_id - 1);
    st_bind_text(s, 8, now);
    st_bind_text(s, 9, st->user);
    int rc = st_step_write(st, s, "记录审后修改");
    if (rc != STORE_OK) return rc;
    int64_t id = st_insert_history(st, "amend_request", uuid, AMEND_JSON);
    if (id < 0) return (int)id;
    x->rep->amends++;
    return STORE_OK;
}

/* The branch's dues start moved later past months with a verdict here (they stop counting):
 * each such month marked 审后修改 like a changed record of it. */
static int mark_start_moved(struct xctx *x, const struct xtab *t, const char *row_uuid,
                            const char *old_json, const char *new_json, int64_t hist_id,
                            const char *exported_at)
{
    char s_old[8], s_new[8];
    json_month(x, old_json, "dues_start", s_old);
    json_month(x, new_json, "dues_start", s_new);
    if (!s_new[0] || strcmp(s_old, s_new) == 0) return STORE_OK;
    char (*months)[8] = NULL;
    size_t n = 0;
    int rc = st_dues_start_dropped(x->st, x->branch_id, s_old, s_new, &months, &n);
    for (size_t i = 0; i < n && rc == STORE_OK; i++)
        rc = mark_amend(x, t, row_uuid, months[i], hist_id, exported_at);
    free(months);
    return rc;
}

/* zx_uuid(): a new entry's uuid (store_uuid), for history_bulk's statement. */
static void zx_uuid_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    char u[UUID_STR_LEN];
    store_uuid(u);
    sqlite3_result_text(ctx, u, -1, SQLITE_TRANSIENT);
}

/* A branch new here (every row added, none here before, so no JSON before: st_keep_old_json
 * kept none): the history entries of table t's touched rows written by one statement, in
 * zx_aff's order, the same values history_add writes one by one — the row's JSON here
 * (NULL when the row is not here: no entry), packed as st_jz_bind packs it. Only a table whose
 * JSON is json_object(...) itself, never NULL for a row that is here (a json_patch may be).
 * *done: written; else the caller goes row by row. */
static int history_bulk(struct xctx *x, const struct xtab *t, int tab, bool *done)
{
    *done = false;
    struct store *st = x->st;
    if (!x->every || !x->rep->branch_new || !x->attached[0] || !st_journal_has(t->name))
        return STORE_OK;
    char *json = st_journal_json_expr(t->name, "zt_.id");
    if (!json || strncmp(json, "(SELECT json_object(", 20) != 0) {
        free(json);
        return STORE_OK;
    }
    struct sb b = {0};
    st_sb_add(&b, "INSERT INTO history_data(uuid, table_name, row_uuid, action, changed_at,"
                  " changed_by, old_json, new_json) SELECT zj_uuid(zx_uuid()), zj_table(?1),"
                  " zj_uuid(a.uuid), zj_action('import'), zj_time(?2), ?3, NULL, zj_pack(?1, ");
    st_sb_add(&b, json);
    st_sb_add(&b, ") FROM ");
    st_sb_add(&b, x->attached);
    st_sb_add(&b, ".zx_aff a JOIN main.");
    st_sb_ident(&b, t->name);
    st_sb_add(&b, " zt_ ON zt_.uuid = a.uuid WHERE a.tab = ?4 ORDER BY a.rowid");
    free(json);
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_create_function(st->db, "zx_uuid", 0, SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL,
                                     zx_uuid_fn, NULL, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_prepare_v2(st->db, b.p, -1, &s, NULL);
    free(b.p);
    if (rc != SQLITE_OK) { /* not made: row by row */
        sqlite3_finalize(s);
        return STORE_OK;
    }
    char now[24];
    clock_now_iso(now);
    sqlite3_bind_text(s, 1, t->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, st->user, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(s, 4, tab);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "记录修改历史");
    int64_t n = sqlite3_changes(st->db);
    /* one statement's rows take consecutive ids: the first of them starts the seal */
    if (n > 0 && !st->seal_from) st->seal_from = sqlite3_last_insert_rowid(st->db) - n + 1;
    *done = true;
    return STORE_OK;
}

/* One history entry "import" per touched journaled row whose JSON changed; amend marks. */
int st_write_history(struct xctx *x, const char *exported_at)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(x->stage, "SELECT uuid, tab, old_json FROM zx_aff ORDER BY tab, rowid",
                           -1, &s, NULL) != SQLITE_OK)
        return st_stage_fail(x, "导入");
    int rc = STORE_OK, src, bulk_tab = -1;
    bool bulk = false;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        int tab = sqlite3_column_int(s, 1);
        const struct xtab *t = &x->tabs[tab];
        if (tab != bulk_tab) { /* the first row of a table: its rows in one statement? */
            bulk_tab = tab;
            bulk = false;
            rc = strcmp(t->name, "branch") == 0 ? STORE_OK : history_bulk(x, t, tab, &bulk);
            if (rc != STORE_OK) break;
        }
        if (bulk) continue;
        const char *uuid = (const char *)sqlite3_column_text(s, 0);
        const char *old = (const char *)sqlite3_column_text(s, 2);
        int64_t id = st_id_here(x, t->name, sqlite3_column_value(s, 0));
        if (id < 0) {
            rc = (int)id;
            break;
        }
        char *now = id ? st_journal_json(x->st, t->name, id) : NULL;
        bool changed = (old == NULL) != (now == NULL) || (old && strcmp(old, now) != 0);
        if (changed) {
            int64_t h = history_add(x->st, t->name, uuid, old, now);
            if (h < 0) rc = (int)h;
            /* a branch new here has no verdicts here (a ledger bundle carries none): no month
             * of it is locked */
            if (rc == STORE_OK && t->def->month_col && x->kind == EXCHANGE_LEDGER &&
                !x->rep->branch_new) {
                char m_new[8], m_old[8];
                json_month(x, now, t->def->month_col, m_new);
                json_month(x, old, t->def->month_col, m_old);
                if (m_new[0]) rc = mark_amend(x, t, uuid, m_new, h, exported_at);
                if (rc == STORE_OK && m_old[0] && strcmp(m_old, m_new) != 0)
                    rc = mark_amend(x, t, uuid, m_old, h, exported_at);
            }
            if (rc == STORE_OK && x->kind == EXCHANGE_LEDGER && strcmp(t->name, "branch") == 0)
                rc = mark_start_moved(x, t, uuid, old, now, h, exported_at);
        }
        free(now);
        if (rc != STORE_OK) break;
    }
    if (rc == STORE_OK && src != SQLITE_DONE) rc = st_stage_fail(x, "导入");
    sqlite3_finalize(s);
    sqlite3_finalize(x->month_s);
    x->month_s = NULL;
    return rc;
}

int st_write_journal(struct xctx *x, const char *origin_office)
{
    struct store *st = x->st;
    struct xtab *t = &x->tabs[st_xtab_index(x, JOURNAL)];
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(x->stage,
                           "SELECT uuid, id, branch_id, table_name, row_uuid, action, changed_at,"
                           " changed_by, old_json, new_json, prev_hash, hash FROM journal"
                           " WHERE uuid NOT IN (SELECT uuid FROM zx_here) ORDER BY id",
                           -1, &s, NULL) != SQLITE_OK)
        return st_stage_fail(x, "导入日志");
    char now[24];
    clock_now_iso(now);
    int rc = STORE_OK, src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        sqlite3_stmt *w = st_stmt(st,
                                  "INSERT INTO journal_import_data(uuid, origin_office, origin_id,"
                                  " origin_branch_id, branch_id, table_name, row_uuid, action,"
                                  " changed_at, changed_by, old_json, new_json, prev_hash, hash,"
                                  " imported_at) VALUES (?1, ?13, ?2, ?3, ?14, ?4, ?5, ?6, ?7, ?8,"
                                  " ?9, ?10, ?11, ?12, ?15)");
        if (!w) {
            rc = STORE_ERR;
            break;
        }
        for (int c = 0; c < 8; c++) sqlite3_bind_value(w, c + 1, sqlite3_column_value(s, c));
        /* the JSON packed, the hashes as bytes (journal_codec.c); text as sent when not JSON
         * text or not a hash */
        const char *table = (const char *)sqlite3_column_text(s, 3);
        for (int c = 8; c < 10; c++) {
            if (sqlite3_column_type(s, c) == SQLITE_TEXT)
                st_jz_bind(w, c + 1, table, (const char *)sqlite3_column_text(s, c));
            else
                sqlite3_bind_value(w, c + 1, sqlite3_column_value(s, c));
        }
        for (int c = 10; c < 12; c++) {
            if (sqlite3_column_type(s, c) == SQLITE_TEXT)
                st_jz_bind_hash(w, c + 1, (const char *)sqlite3_column_text(s, c));
            else
                sqlite3_bind_value(w, c + 1, sqlite3_column_value(s, c));
        }
        st_bind_text(w, 13, origin_office);
        sqlite3_bind_int64(w, 14, x->branch_id);
        st_bind_text(w, 15, now);
        int r = sqlite3_step(w);
        st_done(w);
        if (r != SQLITE_DONE) {
            conflict(x, t, s, sqlite3_extended_errcode(st->db));
            continue;
        }
        x->rep->journal_added++;
    }
    if (rc == STORE_OK && src != SQLITE_DONE) rc = st_stage_fail(x, "导入日志");
    sqlite3_finalize(s);
    return rc;
}
