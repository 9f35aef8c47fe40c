/* exchange_derive.c — the derived tables of a branch new here, filled once after its rows.
 *
 * Two triggers derive a table from each row written: meeting_fts_insert indexes a meeting for
 * the search (FTS5 flushes a segment at every statement, so a row at a time writes a segment a
 * meeting and merges them), dues_paid_year_insert adds an allocation to its member's year (an
 * upsert a row). When the import writes a branch new here row by row (xctx.every: every
 * staged row inserted, none updated or deleted in the first pass), the two are set aside for
 * that pass and their work done after it by one statement each over the branch's rows: the
 * same index entries (the same rowids and texts) and the same sums (integer sums of the same
 * allocations, grouped as the trigger's upsert adds them). Then the triggers are made again
 * from their own text, before the second pass (whose updates they follow as always).
 *
 * Only when a trigger's stored text is exactly the one whose work the statement does; else
 * it stays and works as before. All inside the import's transaction: a failure rolls the
 * DROP back with the rest (and the triggers are made again before any error is returned). */
#include "exchange_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit_schema.h"
#include "zhibu/clock.h"
#include "zhibu/util.h"

/* the triggers' text as stored by SQLite (the statement without its final semicolon) */
static const char FTS_TRIGGER[] =
    "CREATE TRIGGER meeting_fts_insert AFTER INSERT ON meeting BEGIN"
    "  INSERT INTO meeting_fts(rowid, topics, minutes) VALUES (new.id, new.topics, new.minutes);"
    " END";
static const char PY_TRIGGER[] =
    "CREATE TRIGGER dues_paid_year_insert AFTER INSERT ON dues_allocation BEGIN"
    PY_APPLY("new", "") " END";

/* the work of each for the branch ?1's rows */
static const char FTS_FILL[] =
    "INSERT INTO meeting_fts(rowid, topics, minutes)"
    " SELECT id, topics, minutes FROM meeting WHERE branch_id = ?1 ORDER BY id";
static const char PY_FILL[] =
    "INSERT INTO dues_paid_year" PY_COLS " SELECT CAST(substr(a.month, 1, 4) AS INTEGER) AS y, "
    PY_MEMBER("a") " AS mid" PY_MONTHS(PY_SUM, "a", "")
    " FROM dues_payment b JOIN dues_allocation a ON a.payment_id = b.id WHERE b.branch_id = ?1"
    " AND" PY_VALID("a") " AND" PY_NOT_VOIDED("a")
    " GROUP BY y, mid HAVING mid IS NOT NULL" PY_UPSERT;

static const struct {
    const char *name, *text, *fill;
} DERIVED[ST_DERIVED] = {
    {"meeting_fts_insert", FTS_TRIGGER, FTS_FILL},
    {"dues_paid_year_insert", PY_TRIGGER, PY_FILL},
};

static int exec_sql(struct store *st, const char *sql)
{
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? STORE_OK : st_sqlfail(st, sqlite3_extended_errcode(st->db), "导入");
}

int st_derive_defer(struct xctx *x)
{
    struct store *st = x->st;
    if (!x->every) return STORE_OK;
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT sql FROM main.sqlite_schema WHERE type = 'trigger' AND name = ?1",
                           -1, &s, NULL) != SQLITE_OK)
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "导入");
    int rc = STORE_OK;
    for (int i = 0; i < ST_DERIVED && rc == STORE_OK; i++) {
        sqlite3_reset(s);
        sqlite3_bind_text(s, 1, DERIVED[i].name, -1, SQLITE_STATIC);
        int r = sqlite3_step(s);
        const char *sql = r == SQLITE_ROW ? (const char *)sqlite3_column_text(s, 0) : NULL;
        if (r != SQLITE_ROW && r != SQLITE_DONE) {
            rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "导入");
            break;
        }
        if (!sql || strcmp(sql, DERIVED[i].text) != 0) continue; /* not the one known: kept */
        sqlite3_reset(s);
        char drop[80];
        snprintf(drop, sizeof drop, "DROP TRIGGER main.%s", DERIVED[i].name);
        rc = exec_sql(st, drop);
        if (rc == STORE_OK) x->deferred[i] = true;
    }
    sqlite3_finalize(s);
    return rc;
}

int st_derive_restore(struct xctx *x, int rc)
{
    struct store *st = x->st;
    for (int i = 0; i < ST_DERIVED; i++) {
        if (!x->deferred[i]) continue;
        /* the branch's rows derived (none when the branch was not written: rc says why) */
        if (rc == STORE_OK && x->branch_id > 0) {
            sqlite3_stmt *s = NULL;
            int r = sqlite3_prepare_v2(st->db, DERIVED[i].fill, -1, &s, NULL);
            if (r == SQLITE_OK) {
                sqlite3_bind_int64(s, 1, x->branch_id);
                r = sqlite3_step(s);
            }
            if (r != SQLITE_DONE) rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "导入");
            sqlite3_finalize(s);
        }
        /* made again whatever happened (a failed import is rolled back with it), unless the
         * transaction has already ended: its rollback undid the DROP. A failure here is said
         * only when nothing else was (the first cause stays the message). */
        x->deferred[i] = false;
        if (sqlite3_get_autocommit(st->db)) continue;
        if (sqlite3_exec(st->db, DERIVED[i].text, NULL, NULL, NULL) != SQLITE_OK && rc == STORE_OK)
            rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "导入");
    }
    return rc;
}

/* ---- a branch new here: each table's rows in one statement from the stage ---------------
 * The first pass writes a table's staged rows one statement each (st_write_table: read on the
 * stage, bound and stepped here). For a branch new here (xctx.every) the stage is a file of its
 * own (st_stage_file), attached to this connection for the writes, and a table whose references
 * all name tables written before it is copied by one INSERT … SELECT in the origin's order
 * (xid): the same rows with the same ids, each reference looked up here by uuid as bind_row
 * looks it up (NULL when not here), the local fills as the row statement has them. A table
 * that may refer to a row not written yet (itself, a later table: pass 2's forward
 * references) goes row by row as before, and so does a table whose statement fails (a
 * constraint: the statement is undone, and the rows one by one name the conflicts as always).
 * The stage's file is attached as soon as it is made and its name removed at once (both
 * connections keep it open; journal_mode OFF: SQLite needs no name to write it). This
 * connection only reads it, and only in the writes; the stage's own connection writes nothing
 * but its temporary tables from then on (zx_fwd). Detached after the transaction
 * (st_stage_detach). */

char *st_stage_file(void)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir) dir = "/tmp";
    size_t n = strlen(dir) + 32;
    char *path = xmalloc(n);
    snprintf(path, n, "%s/zhibu-stage-XXXXXX", dir);
    int fd = mkstemp(path); /* 0600 */
    if (fd < 0) {
        free(path);
        return NULL; /* the stage then stays SQLite's own temporary database */
    }
    close(fd);
    return path;
}

void st_stage_detach(struct store *st)
{
    for (int i = 0; i < ST_STAGE_NAMES; i++) {
        char sql[40];
        snprintf(sql, sizeof sql, "DETACH DATABASE zx_stage%d", i);
        sqlite3_exec(st->db, sql, NULL, NULL, NULL); /* not attached, or in use: left */
    }
}

void st_stage_attach(struct xctx *x)
{
    struct store *st = x->st;
    st_stage_detach(st); /* a stage of an earlier import whose transaction has ended */
    for (int i = 0; i < ST_STAGE_NAMES; i++) {
        char name[24], sql[96];
        snprintf(name, sizeof name, "zx_stage%d", i);
        sqlite3_stmt *s = NULL;
        snprintf(sql, sizeof sql, "ATTACH DATABASE ?1 AS %s", name);
        int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_bind_text(s, 1, x->stage_path, -1, SQLITE_STATIC);
            rc = sqlite3_step(s) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
        }
        sqlite3_finalize(s);
        if (rc != SQLITE_OK) continue; /* the name in use (an import earlier in this transaction) */
        /* read once, table by table: a small cache (the peak memory budget) */
        snprintf(sql, sizeof sql, "PRAGMA %s.cache_size = -512", name);
        sqlite3_exec(st->db, sql, NULL, NULL, NULL);
        memcpy(x->attached, name, strlen(name) + 1);
        return;
    }
}

/* A reference's value here: the id of the row whose uuid the staged column holds. */
static void sb_ref(struct sb *b, const struct xcol *col)
{
    st_sb_add(b, "(SELECT zr_.id FROM main.");
    st_sb_ident(b, col->ref_table);
    st_sb_add(b, " zr_ WHERE zr_.uuid = zs_.");
    st_sb_ident(b, col->name);
    st_sb_add(b, ")");
}

/* How a bulk statement ended (rc: its step): done; a constraint, the statement undone inside
 * the transaction, which goes on: row by row names the conflict as always (not done); anything
 * else (a full disk, an I/O error: SQLite may have rolled the whole transaction back) fails the
 * import here, so that no row is then written outside it. */
static int bulk_end(struct store *st, int rc, bool *done)
{
    *done = rc == SQLITE_DONE;
    if (*done) return STORE_OK;
    if ((rc & 0xff) == SQLITE_CONSTRAINT && !sqlite3_get_autocommit(st->db)) return STORE_OK;
    return st_sqlfail(st, sqlite3_extended_errcode(st->db), "导入");
}

int st_write_bulk(struct xctx *x, struct xtab *t, bool *done)
{
    *done = false;
    if (!x->every || !x->attached[0] || !t->def) return STORE_OK;
    int me = (int)(t - x->tabs);
    for (int c = 0; c < t->ncols; c++) {
        if (!t->cols[c].ref_table) continue;
        int r = st_xtab_index(x, t->cols[c].ref_table);
        if (r >= me) return STORE_OK; /* may name a row not written yet: row by row */
    }
    bool keyed = XTAB_KEYED(t);
    struct sb b = {0};
    st_insert_head(&b, t, "main.");
    st_sb_add(&b, keyed ? ") SELECT " : ") SELECT zs_.uuid");
    for (int c = 0, n = 0; c < t->ncols; c++) {
        const struct xcol *col = &t->cols[c];
        if (col->virt) continue;
        if (n++ || !keyed) st_sb_add(&b, ", ");
        if (col->ref_table) {
            sb_ref(&b, col);
        } else {
            st_sb_add(&b, "zs_.");
            st_sb_ident(&b, col->name);
        }
    }
    for (int c = 0; c < t->nfill; c++) {
        st_sb_add(&b, ", ");
        const char *p = strstr(t->fills[c], "?P");
        if (p && keyed) { /* the parent as written (st_prepare_writes) */
            char *head = xstrdup(t->fills[c]);
            head[p - t->fills[c]] = '\0';
            st_sb_add(&b, head);
            free(head);
            sb_ref(&b, &t->cols[t->parent_xcol - 2]);
            st_sb_add(&b, p + 2);
        } else if (p) {
            st_sb_add(&b, "NULL");
        } else {
            st_sb_add(&b, t->fills[c]);
        }
    }
    st_sb_add(&b, " FROM ");
    st_sb_add(&b, x->attached);
    st_sb_add(&b, ".");
    st_sb_ident(&b, t->name);
    st_sb_add(&b, " zs_ ORDER BY zs_.xid");
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(x->st->db, b.p, -1, &s, NULL);
    free(b.p);
    if (rc != SQLITE_OK) return STORE_OK; /* not made: row by row */
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return bulk_end(x->st, rc, done);
}

/* The bundle's journal entries not here into journal_import_data by one statement from the
 * attached stage, packed as st_write_journal packs them (zj_pack and zj_unhex are st_jz_bind
 * and st_jz_bind_hash as SQL functions). Only when every entry is one st_write_journal would
 * bind the same way: its table named by text (st_jz_bind takes the name as text, zj_pack an
 * integer as a code) and no text with a NUL in it (st_jz_bind stops there, zj_pack does not);
 * else, or when the statement fails (a conflict), *done is false and st_write_journal goes
 * row by row. */
int st_write_journal_bulk(struct xctx *x, const char *origin_office, bool *done)
{
    *done = false;
    if (!x->every || !x->attached[0] || st_xtab_index(x, JOURNAL) < 0) return STORE_OK;
    struct store *st = x->st;
    struct sb b = {0};
    /* (st_sb_fmt: 63 bytes at most; the statements are built from pieces) */
    st_sb_add(&b, "SELECT NOT EXISTS (SELECT 1 FROM ");
    st_sb_add(&b, x->attached);
    st_sb_add(&b, ".journal WHERE typeof(table_name) <> 'text'");
    static const char *const TEXTS[] = {"old_json", "new_json", "prev_hash", "hash"};
    for (size_t i = 0; i < sizeof TEXTS / sizeof TEXTS[0]; i++) {
        st_sb_add(&b, " OR (typeof(");
        st_sb_add(&b, TEXTS[i]);
        st_sb_add(&b, ") = 'text' AND instr(CAST(");
        st_sb_add(&b, TEXTS[i]);
        st_sb_add(&b, " AS BLOB), x'00') > 0)");
    }
    st_sb_add(&b, ")");
    sqlite3_stmt *s = NULL;
    /* every entry seen plain as it was staged (st_scan_fill): nothing to look for */
    int ok = (x->jz_seen && !x->jz_odd) ||
             (sqlite3_prepare_v2(st->db, b.p, -1, &s, NULL) == SQLITE_OK &&
              sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) == 1);
    sqlite3_finalize(s);
    if (!ok) {
        free(b.p);
        return STORE_OK;
    }
    st_sb_reset(&b);
    st_sb_add(&b,
              "INSERT INTO journal_import_data(uuid, origin_office, origin_id, origin_branch_id,"
              " branch_id, table_name, row_uuid, action, changed_at, changed_by, old_json,"
              " new_json, prev_hash, hash, imported_at)"
              " SELECT uuid, ?1, id, branch_id, ?2, table_name, row_uuid, action, changed_at,"
              " changed_by, zj_pack(table_name, old_json), zj_pack(table_name, new_json),"
              " zj_unhex(prev_hash), zj_unhex(hash), ?3 FROM ");
    st_sb_add(&b, x->attached);
    st_sb_add(&b, ".journal WHERE uuid NOT IN (SELECT uuid FROM ");
    st_sb_add(&b, x->attached);
    st_sb_add(&b, ".zx_here) ORDER BY id");
    char now[24];
    clock_now_iso(now);
    int rc = sqlite3_prepare_v2(st->db, b.p, -1, &s, NULL);
    free(b.p);
    if (rc != SQLITE_OK) return STORE_OK; /* not made: row by row */
    sqlite3_bind_text(s, 1, origin_office, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, x->branch_id);
    sqlite3_bind_text(s, 3, now, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(s);
    int changes = sqlite3_changes(st->db);
    sqlite3_finalize(s);
    int brc = bulk_end(st, rc, done);
    if (*done) x->rep->journal_added += changes;
    return brc;
}
