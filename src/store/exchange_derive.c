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

#include <stdlib.h>
#include <string.h>

#include "audit_schema.h"
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
        /* made again whatever happened (a failed import is rolled back with it) */
        int r = exec_sql(st, DERIVED[i].text);
        x->deferred[i] = false;
        if (rc == STORE_OK) rc = r;
    }
    return rc;
}
