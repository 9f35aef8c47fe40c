/* meeting_demo.c — what only the demo generator needs from the meeting tables: back-dating a
 * record's (or a plan's) entry time, so that generated history looks as if it had been entered
 * on the days after each meeting (and a few records late, as 补记). A real ledger never calls
 * these: created_at is the evidence of when a record was written. */
#include "zhibu/store_meeting.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_schema.h"
#include "conn_priv.h"
#include "journal_codec.h"
#include "store_priv.h"
#include "zhibu/store_office.h"
#include "zhibu/util.h"

/* Run one statement binding ?1 = id and ?2 = the timestamp (cached: the demo calls these for
 * every record it makes). */
static int exec_bound(struct store *st, const char *sql, int64_t id, const char *ts)
{
    sqlite3_stmt *s = st_stmt(st, sql);
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_text(s, 2, ts, -1, SQLITE_STATIC);
    return st_step_write(st, s, "写入录入时间");
}

static int set_created(struct store *st, const char *const *sqls, int n, int64_t id,
                       const char *created_at)
{
    /* the demo generator only: the system, on a demo or test database (checked once for all
     * by store_demo_bulk_begin) */
    if (st->session.role != STORE_ROLE_SYSTEM || (!st->demo_bulk && !store_office_test_clock(st)))
        return st_fail(st, STORE_ERR_DENIED, "只有演示或测试数据库能改写录入时间");
    if (!created_at || !*created_at)
        return st_fail(st, STORE_ERR_CONSTRAINT, "写入录入时间失败: 时间为空");
    int rc = store_begin(st);
    if (rc) return rc;
    for (int i = 0; i < n && rc == STORE_OK; i++) rc = exec_bound(st, sqls[i], id, created_at);
    if (rc) return st_abort(st, rc);
    return store_commit(st);
}

int store_meeting_set_created(struct store *st, int64_t id, const char *created_at)
{
    static const char *const SQL[] = {
        "UPDATE meeting SET created_at = ?2, updated_at = ?2 WHERE id = ?1",
        "UPDATE meeting_resolution SET created_at = ?2, updated_at = ?2 WHERE meeting_id = ?1",
        "UPDATE history_data SET changed_at = zj_time(?2), new_json = zj_pack(table_name, (SELECT"
        " CASE WHEN json_valid(j) AND json_type(j, '$.updated_at') IS NOT NULL"
        "   THEN json_set(j, '$.updated_at', ?2) ELSE j END FROM (SELECT zj(table_name, new_json) AS j)))"
        " WHERE table_name = zj_table('meeting') AND action = zj_action('insert')"
        " AND row_uuid = zj_uuid((SELECT uuid FROM meeting WHERE id = ?1))",
    };
    return set_created(st, SQL, (int)(sizeof SQL / sizeof SQL[0]), id, created_at);
}

int store_plan_set_created(struct store *st, int64_t id, const char *created_at)
{
    static const char *const SQL[] = {
        "UPDATE meeting_plan SET created_at = ?2, updated_at = ?2 WHERE id = ?1",
        "UPDATE history_data SET changed_at = zj_time(?2), new_json = zj_pack(table_name, (SELECT"
        " CASE WHEN json_valid(j) AND json_type(j, '$.updated_at') IS NOT NULL"
        "   THEN json_set(j, '$.updated_at', ?2) ELSE j END FROM (SELECT zj(table_name, new_json) AS j)))"
        " WHERE table_name = zj_table('meeting_plan') AND action = zj_action('insert')"
        " AND row_uuid = zj_uuid((SELECT uuid FROM meeting_plan WHERE id = ?1))",
    };
    return set_created(st, SQL, (int)(sizeof SQL / sizeof SQL[0]), id, created_at);
}

/* issue 19's rows: the same for one row of a table the demo writes after the posts. The table
 * name comes from this list only (no text of the caller's reaches the SQL). */
int store_demo_set_created(struct store *st, const char *table, int64_t id, const char *created_at)
{
#define ROW_SQL(t)                                                                             \
    {t, {"UPDATE " t " SET created_at = ?2, updated_at = ?2 WHERE id = ?1",                    \
         "UPDATE history_data SET changed_at = zj_time(?2), new_json = zj_pack(table_name, (SELECT"     \
         " CASE WHEN json_valid(j) AND json_type(j, '$.updated_at') IS NOT NULL"              \
         "   THEN json_set(j, '$.updated_at', ?2) ELSE j END FROM (SELECT zj(table_name,"     \
         " new_json) AS j))) WHERE table_name = zj_table('" t "') AND action = zj_action('insert')"                  \
         " AND row_uuid = zj_uuid((SELECT uuid FROM " t " WHERE id = ?1))"}}
    static const struct {
        const char *table;
        const char *sql[2];
    } ROWS[] = {
        ROW_SQL("candidate"),      ROW_SQL("candidate_step"), ROW_SQL("appraisal_result"),
        ROW_SQL("committee_term"), ROW_SQL("office_term"),    ROW_SQL("dues_remittance"),
    };
#undef ROW_SQL
    for (size_t i = 0; i < sizeof ROWS / sizeof ROWS[0]; i++)
        if (table && strcmp(ROWS[i].table, table) == 0) return set_created(st, ROWS[i].sql, 2, id, created_at);
    return st_fail(st, STORE_ERR_CONSTRAINT, "写入录入时间失败: 表 %s 不能改写", table ? table : "");
}

/* Run one constant statement (a pragma) on the demo's connection. */
static int exec_plain(struct store *st, const char *sql, const char *what)
{
    int sqlrc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
    return sqlrc == SQLITE_OK ? STORE_OK : st_sqlfail(st, sqlite3_extended_errcode(st->db), what);
}

/* The columns of history_data this file knows (schema.c, versions 10 and 14), in order. */
#define HISTORY_COLUMNS                                                                        \
    "id,uuid,table_name,row_uuid,action,changed_at,changed_by,old_json,new_json,branch_id,"   \
    "prev_hash,hash"

/* The temporary history_data: as schema 14's (journal_codec.c V14_TABLE_SQL), the compact forms
 * kept as such. */
#define SHADOW_TABLE_SQL SHADOW_TABLE("history_data")
#define SHADOW_TABLE(name)                                                                     \
    "CREATE TEMP TABLE " name " (id INTEGER PRIMARY KEY, uuid NOT NULL,"                       \
    " table_name NOT NULL, row_uuid NOT NULL, action NOT NULL,"                                \
    " changed_at NOT NULL, changed_by TEXT NOT NULL, old_json, new_json,"                      \
    " branch_id INTEGER, prev_hash, hash TEXT)"

/* The demo's journal goes to a temporary history_data first, which the store's unqualified
 * "history_data" finds before the file's (SQLite looks in temp first), read through a temporary
 * copy of the view history (a view of the file would read the file's table): written there in
 * the order the demo makes it, with only the index its reads need (history_row), it is moved
 * into the file's history_data once, in the order of its times
 * (store_demo_history_in_time_order), instead of being written there, copied out, deleted and
 * written again. Only when the file's history_data has the columns known here (else the demo
 * writes into it as any write does). */
static int shadow_history(struct store *st)
{
    static const char *const SQL[] = {
        SHADOW_TABLE_SQL,
        "CREATE INDEX temp.history_row ON history_data(table_name, row_uuid)",
        /* what the file holds already (the office's key, read by store_office_test_clock),
         * so that the new entries get the ids they would get in the file */
        "INSERT INTO temp.history_data SELECT " HISTORY_COLUMNS " FROM main.history_data",
    };
    sqlite3_stmt *q = NULL;
    int sqlrc = sqlite3_prepare_v2(st->db,
                                   "SELECT (SELECT group_concat(name, ',') FROM (SELECT name FROM"
                                   " pragma_table_info('history_data', 'main') ORDER BY cid)),"
                                   " (SELECT sql FROM main.sqlite_schema WHERE type = 'view'"
                                   " AND name = 'history')",
                                   -1, &q, NULL);
    bool known = false;
    char *view = NULL;
    static const char VIEW_HEAD[] = "CREATE VIEW history AS ";
    if (sqlrc == SQLITE_OK && (sqlrc = sqlite3_step(q)) == SQLITE_ROW) {
        const unsigned char *cols = sqlite3_column_text(q, 0);
        const char *sql = (const char *)sqlite3_column_text(q, 1);
        known = cols && strcmp((const char *)cols, HISTORY_COLUMNS) == 0 && sql &&
                strncmp(sql, VIEW_HEAD, sizeof VIEW_HEAD - 1) == 0;
        if (known) view = sqlite3_mprintf("CREATE TEMP VIEW history AS %s", sql + sizeof VIEW_HEAD - 1);
        sqlrc = SQLITE_OK;
    }
    sqlite3_finalize(q);
    if (sqlrc != SQLITE_OK) return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取修改日志");
    int rc = STORE_OK;
    for (size_t i = 0; known && i < sizeof SQL / sizeof SQL[0] && rc == STORE_OK; i++)
        rc = exec_plain(st, SQL[i], "准备修改日志");
    if (known && rc == STORE_OK) rc = exec_plain(st, view, "准备修改日志");
    sqlite3_free(view);
    /* its entries kept as text until they are moved into the file (move_packed) */
    if (known && rc == STORE_OK) st_jz_plain(true);
    return rc;
}

/* The meeting search index (meeting_fts, external content) is filled by triggers on meeting; in
 * one long transaction FTS5 writes a segment for every meeting (it flushes at every statement
 * savepoint) and spends the demo's time merging them. During the bulk the triggers are set
 * aside (their text kept in a temporary table) and the index is built once from the meetings at
 * the end (fts_restore, FTS5's 'rebuild': the same index of the same rows), then the triggers
 * are made again from their own text. Only when the file has exactly these triggers. */
#define FTS_TRIGGERS                                                                           \
    " type = 'trigger' AND tbl_name = 'meeting' AND name IN ('meeting_fts_insert',"            \
    " 'meeting_fts_delete', 'meeting_fts_update')"
/* dues_paid_year (audit_schema.h) is kept by triggers on dues_allocation and dues_payment: each
 * allocation the demo writes ran a trigger program with an upsert of its member's year (2.2 M
 * of them on the ten-year district). The township's generator writes every allocation before
 * anything reads the table, so its four triggers are set aside as fts_defer's (their text in a
 * temporary table) and the table is filled once at the end (paid_restore) from the
 * allocations: one row for each year and member any allocation of a valid month names, its
 * months the sums of the allocations whose payment is not voided. That is what the triggers
 * leave after inserts and voids, the bulk's only writes to these tables (a year whose
 * payments were all voided keeps its row of zeros, as the void trigger leaves it). Only when
 * the file has exactly these triggers and no allocations yet. Anything that reads the sums
 * inside the bulk (a district's townships audit their months before the seal) has them made
 * first (store_demo_bulk_sums). */
#define PAID_TRIGGERS                                                                          \
    " type = 'trigger' AND name IN ('dues_paid_year_insert', 'dues_paid_year_delete',"         \
    " 'dues_paid_year_update', 'dues_paid_year_void')"

/* Each row's text of QUERY run as a statement, in the query's order. */
static int exec_each(struct store *st, const char *query, const char *what)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(st->db, query, -1, &q, NULL) != SQLITE_OK)
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), what);
    int rc = STORE_OK, sqlrc = SQLITE_DONE;
    while (rc == STORE_OK && (sqlrc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *text = (const char *)sqlite3_column_text(q, 0);
        rc = exec_plain(st, text ? text : "", what);
    }
    if (rc == STORE_OK && sqlrc != SQLITE_DONE)
        rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), what);
    sqlite3_finalize(q);
    return rc;
}

/* A set of triggers set aside for the bulk: the n triggers that `which` (a condition on
 * main.sqlite_schema) names, when the file has all n and `empty` (a query) says the tables they
 * derive from are empty: their text kept in temp.<keep> in their order, then each dropped. */
static int triggers_defer(struct store *st, const char *which, int n, const char *empty,
                          const char *keep, const char *what)
{
    char sql[512];
    int have = 0, is_empty = 0;
    snprintf(sql, sizeof sql, "SELECT count(*) FROM main.sqlite_schema WHERE%s", which);
    if (st_query_int(st->db, sql, &have) != SQLITE_OK ||
        (have == n && st_query_int(st->db, empty, &is_empty) != SQLITE_OK))
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), what);
    if (have != n || !is_empty) return STORE_OK; /* not these triggers, or rows already: kept */
    snprintf(sql, sizeof sql,
             "CREATE TEMP TABLE %s AS SELECT name, sql FROM main.sqlite_schema WHERE%s ORDER BY rowid",
             keep, which);
    int rc = exec_plain(st, sql, what);
    /* (the names `which` lists: ours) */
    snprintf(sql, sizeof sql, "SELECT 'DROP TRIGGER main.' || name FROM temp.%s ORDER BY rowid", keep);
    return rc == STORE_OK ? exec_each(st, sql, what) : rc;
}

/* triggers_defer's set back (inside the demo's transaction): when temp.<keep> is there, `fill`
 * does the triggers' work over the whole table once, then each trigger is made again from its
 * own text, in its order, and temp.<keep> dropped. Nothing when they were not set aside. */
static int triggers_restore(struct store *st, const char *keep, const char *fill, const char *what)
{
    char sql[160];
    int deferred = 0;
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM temp.sqlite_master WHERE type = 'table' AND name = '%s'", keep);
    if (st_query_int(st->db, sql, &deferred) != SQLITE_OK)
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), what);
    if (!deferred) return STORE_OK;
    int rc = exec_plain(st, fill, what);
    snprintf(sql, sizeof sql, "SELECT sql FROM temp.%s ORDER BY rowid", keep);
    if (rc == STORE_OK) rc = exec_each(st, sql, what);
    snprintf(sql, sizeof sql, "DROP TABLE temp.%s", keep);
    if (rc == STORE_OK) rc = exec_plain(st, sql, what);
    return rc;
}

static int fts_defer(struct store *st)
{
    return triggers_defer(st, FTS_TRIGGERS, 3, "SELECT NOT EXISTS (SELECT 1 FROM main.meeting)",
                          "zd_fts_trigger", "准备检索索引");
}

/* fts_defer's index built and its triggers made again */
static int fts_restore(struct store *st)
{
    return triggers_restore(st, "zd_fts_trigger",
                            "INSERT INTO main.meeting_fts(meeting_fts) VALUES ('rebuild')",
                            "建立检索索引");
}

static int paid_defer(struct store *st)
{
    return triggers_defer(st, PAID_TRIGGERS, 4,
                          "SELECT NOT EXISTS (SELECT 1 FROM main.dues_allocation)"
                          " AND NOT EXISTS (SELECT 1 FROM main.dues_paid_year)",
                          "zd_paid_trigger", "准备党费汇总");
}

/* one month's sum of the allocations of payments not voided */
#define PY_LIVE(x, sign, mm)                                                                   \
    ", " sign "sum(CASE WHEN substr(" x ".month, 6, 2) = '" mm "' AND" PY_NOT_VOIDED(x)         \
    " THEN " x ".amount ELSE 0 END)"

/* paid_defer's table filled and its triggers made again */
static int paid_restore(struct store *st)
{
    return triggers_restore(st, "zd_paid_trigger",
                            "INSERT INTO main.dues_paid_year" PY_COLS " SELECT CAST(substr(a.month,"
                            " 1, 4) AS INTEGER) AS y, " PY_MEMBER("a") " AS mid"
                            PY_MONTHS(PY_LIVE, "a", "") " FROM main.dues_allocation a WHERE"
                            PY_VALID("a") " GROUP BY y, mid HAVING mid IS NOT NULL",
                            "汇总党费");
}

int store_demo_bulk_sums(struct store *st)
{
    if (!st->demo_bulk) return st_fail(st, STORE_ERR, "成批写入尚未开始");
    return paid_restore(st);
}

int store_demo_bulk_begin(struct store *st, int megabytes)
{
    if (st->session.role != STORE_ROLE_SYSTEM || !store_office_test_clock(st))
        return st_fail(st, STORE_ERR_DENIED, "只有演示或测试数据库能成批写入");
    if (st->tx_depth != 0) return st_fail(st, STORE_ERR, "成批写入须在事务以外开始");
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA cache_size = %d", -1024 * (megabytes > 0 ? megabytes : 2));
    int rc = exec_plain(st, sql, "设置缓存");
    /* a new file: no write-ahead log to fill with every page and copy back at the end, and no
     * sync before the end (a failed run removes the file) */
    if (rc == STORE_OK) rc = exec_plain(st, "PRAGMA journal_mode = OFF", "设置日志方式");
    if (rc == STORE_OK) rc = exec_plain(st, "PRAGMA synchronous = OFF", "设置同步方式");
    if (rc == STORE_OK) rc = shadow_history(st);
    if (rc == STORE_OK) rc = fts_defer(st);
    if (rc == STORE_OK) rc = paid_defer(st);
    if (rc == STORE_OK) {
        st->demo_bulk = true;
        st->demo_bulk_undone = false;
        st_uuid_sequential(true);
        st_roster_watch(st, true);
    }
    return rc;
}

int store_demo_bulk_cache(struct store *st, int megabytes, int temp_megabytes)
{
    if (!st->demo_bulk) return st_fail(st, STORE_ERR, "成批写入尚未开始");
    /* what the cache holds written to the file first (no journal: allowed inside the
     * transaction), so that a smaller cache frees its pages now */
    int sqlrc = sqlite3_db_cacheflush(st->db);
    if (sqlrc != SQLITE_OK) return st_sqlfail(st, sqlrc, "设置缓存");
    char sql[96];
    snprintf(sql, sizeof sql, "PRAGMA main.cache_size = %d", -1024 * (megabytes > 0 ? megabytes : 2));
    int rc = exec_plain(st, sql, "设置缓存");
    snprintf(sql, sizeof sql, "PRAGMA temp.cache_size = %d",
             -1024 * (temp_megabytes > 0 ? temp_megabytes : 2));
    if (rc == STORE_OK) rc = exec_plain(st, sql, "设置缓存");
    if (rc == STORE_OK) sqlite3_db_release_memory(st->db);
    return rc;
}

int store_demo_bulk_end(struct store *st)
{
    st_jz_plain(false);
    if (!st->demo_bulk) return STORE_OK;
    st->demo_bulk = false;
    st_roster_watch(st, false);
    st_uuid_sequential(false);
    if (st->tx_depth != 0) return st_fail(st, STORE_ERR, "成批写入须在事务提交后结束");
    if (st->demo_bulk_undone)
        return st_fail(st, STORE_ERR, "成批写入中有撤销的修改，数据不完整");
    /* shadow_history's table still there: its entries never reached the file */
    int shadowed = 0;
    if (st_query_int(st->db, "SELECT count(*) FROM temp.sqlite_master WHERE type = 'table'"
                             " AND name = 'history_data'", &shadowed) != SQLITE_OK)
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取修改日志");
    if (shadowed) return st_fail(st, STORE_ERR, "成批写入的修改日志未写入数据库");
    if (st_query_int(st->db, "SELECT count(*) FROM temp.sqlite_master WHERE type = 'table'"
                             " AND name = 'zd_fts_trigger'", &shadowed) != SQLITE_OK)
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "建立检索索引");
    if (shadowed) return st_fail(st, STORE_ERR, "成批写入的检索索引未建立");
    if (st_query_int(st->db, "SELECT count(*) FROM temp.sqlite_master WHERE type = 'table'"
                             " AND name = 'zd_paid_trigger'", &shadowed) != SQLITE_OK)
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "汇总党费");
    if (shadowed) return st_fail(st, STORE_ERR, "成批写入的党费汇总未建立");
    /* the ledger's own settings again (store.c's set_pragmas): the switch to WAL is a write
     * that, with synchronous FULL, puts the whole file on the disk */
    int rc = exec_plain(st, "PRAGMA synchronous = FULL", "设置同步方式");
    if (rc == STORE_OK) rc = exec_plain(st, "PRAGMA journal_mode = WAL", "设置日志方式");
    if (rc == STORE_OK) rc = exec_plain(st, "PRAGMA cache_size = -2000", "设置缓存");
    return rc;
}

/* Run SQL[0..n) in order, ?1 (where a statement has it) bound to from. */
static int exec_from(struct store *st, const char *const *sql, size_t n, int64_t from)
{
    int sqlrc = SQLITE_OK;
    for (size_t i = 0; i < n && sqlrc == SQLITE_OK; i++) {
        sqlite3_stmt *s = NULL;
        sqlrc = sqlite3_prepare_v2(st->db, sql[i], -1, &s, NULL);
        if (sqlrc == SQLITE_OK) {
            if (sqlite3_bind_parameter_count(s) > 0) sqlite3_bind_int64(s, 1, from);
            sqlrc = sqlite3_step(s);
            if (sqlrc == SQLITE_DONE) sqlrc = SQLITE_OK;
        }
        sqlite3_finalize(s);
    }
    return sqlrc == SQLITE_OK ? STORE_OK : st_sqlfail(st, sqlite3_extended_errcode(st->db), "整理修改日志");
}

/* ---- the journal packed on a second thread (issue 17) ----
 * During the bulk, shadow_history's entries are kept as text (st_jz_plain): the demo's main
 * thread does not deflate each entry as it writes it (an eighth of its time), nor unpack and
 * pack again the entries it back-dates (store_*_set_created). They are packed once, at the
 * end, with the same st_jz_pack every write uses (journal_codec.c: the same bytes, text where
 * packing does not pay), a batch at a time: a second thread packs one batch while this one
 * reads the next from the temporary table and writes the one before into another. */
#define MOVE_ROWS 128
#define MOVE_BYTES (128 * 1024) /* a batch's text at most about this (and one entry) */
#define MOVE_COLS 12            /* HISTORY_COLUMNS */
#define MOVE_TABLE 2            /* table_name */
#define MOVE_OLD 7              /* old_json, then new_json */

struct move_col {
    int type;     /* SQLITE_INTEGER, _FLOAT, _TEXT, _BLOB, _NULL */
    int64_t i;
    double f;
    size_t off, n; /* text or blob: its bytes in the batch's */
};

struct move_row {
    struct move_col c[MOVE_COLS];
    unsigned char *packed[2]; /* old_json, new_json packed (heap), or NULL: kept as it is */
    size_t packedn[2];
};

struct move_batch {
    struct move_row *r;
    int n;
    atomic_int taken; /* rows handed out to the packers (move_pack) */
    unsigned char *bytes;
    size_t len, cap;
};

static void move_batch_clear(struct move_batch *b)
{
    for (int i = 0; i < b->n; i++)
        for (int k = 0; k < 2; k++) {
            free(b->r[i].packed[k]);
            b->r[i].packed[k] = NULL;
        }
    b->n = 0;
    b->len = 0;
}

static void move_batch_free(struct move_batch *b)
{
    move_batch_clear(b);
    free(b->r);
    free(b->bytes);
}

/* The next batch of rows from q (n = 0 at the end); SQLITE_ROW/DONE into *sqlrc. */
static void move_read(sqlite3_stmt *q, struct move_batch *b, int *sqlrc)
{
    move_batch_clear(b);
    if (!b->r) b->r = xcalloc(MOVE_ROWS, sizeof *b->r);
    while (b->n < MOVE_ROWS && b->len < MOVE_BYTES && (*sqlrc = sqlite3_step(q)) == SQLITE_ROW) {
        struct move_row *r = &b->r[b->n++];
        for (int c = 0; c < MOVE_COLS; c++) {
            struct move_col *mc = &r->c[c];
            mc->type = sqlite3_column_type(q, c);
            if (mc->type == SQLITE_INTEGER) mc->i = sqlite3_column_int64(q, c);
            if (mc->type == SQLITE_FLOAT) mc->f = sqlite3_column_double(q, c);
            if (mc->type != SQLITE_TEXT && mc->type != SQLITE_BLOB) continue;
            const void *v = mc->type == SQLITE_TEXT ? (const void *)sqlite3_column_text(q, c)
                                                    : sqlite3_column_blob(q, c);
            size_t n = (size_t)sqlite3_column_bytes(q, c);
            if (b->len + n + 1 > b->cap) {
                size_t cap = b->cap ? b->cap : 64 * 1024;
                while (cap < b->len + n + 1) cap *= 2;
                b->bytes = xrealloc(b->bytes, cap);
                b->cap = cap;
            }
            if (n) memcpy(b->bytes + b->len, v, n);
            b->bytes[b->len + n] = '\0'; /* text: NUL-terminated for the packer */
            mc->off = b->len;
            mc->n = n;
            b->len += n + 1;
        }
    }
}

/* Each text of old_json and new_json packed where it pays, row by row as they are handed out:
 * by the second thread, and by this one too once it has read and written its share. */
static void *move_pack(void *arg)
{
    struct move_batch *b = arg;
    for (int i; (i = atomic_fetch_add(&b->taken, 1)) < b->n;) {
        struct move_row *r = &b->r[i];
        const struct move_col *t = &r->c[MOVE_TABLE];
        const char *table = t->type == SQLITE_INTEGER ? st_jz_table_name(t->i)
                            : t->type == SQLITE_TEXT  ? (const char *)b->bytes + t->off
                                                      : NULL;
        for (int k = 0; k < 2; k++) {
            const struct move_col *v = &r->c[MOVE_OLD + k];
            r->packed[k] = NULL;
            if (v->type == SQLITE_TEXT && table)
                st_jz_pack(table, (const char *)b->bytes + v->off, v->n, &r->packed[k],
                           &r->packedn[k]);
        }
    }
    return NULL;
}

/* The batch's rows into the file's history_data. */
static int move_write(struct store *st, sqlite3_stmt *ins, struct move_batch *b)
{
    for (int i = 0; i < b->n; i++) {
        struct move_row *r = &b->r[i];
        sqlite3_reset(ins);
        for (int c = 0; c < MOVE_COLS; c++) {
            const struct move_col *mc = &r->c[c];
            int k = c - MOVE_OLD;
            if (k >= 0 && k < 2 && r->packed[k]) {
                sqlite3_bind_blob(ins, c + 1, r->packed[k], (int)r->packedn[k], free);
                r->packed[k] = NULL; /* SQLite's now */
                continue;
            }
            const void *v = b->bytes + mc->off;
            switch (mc->type) {
            case SQLITE_INTEGER: sqlite3_bind_int64(ins, c + 1, mc->i); break;
            case SQLITE_FLOAT: sqlite3_bind_double(ins, c + 1, mc->f); break;
            case SQLITE_TEXT: sqlite3_bind_text(ins, c + 1, v, (int)mc->n, SQLITE_STATIC); break;
            case SQLITE_BLOB: sqlite3_bind_blob(ins, c + 1, v, (int)mc->n, SQLITE_STATIC); break;
            default: sqlite3_bind_null(ins, c + 1); break;
            }
        }
        if (sqlite3_step(ins) != SQLITE_DONE)
            return st_sqlfail(st, sqlite3_extended_errcode(st->db), "整理修改日志");
    }
    sqlite3_reset(ins);
    sqlite3_clear_bindings(ins);
    return STORE_OK;
}

/* The rows of sel (HISTORY_COLUMNS; ?1 bound to from) inserted by ins (?1..?12 the columns),
 * their old_json and new_json packed. */
static int move_packed(struct store *st, const char *sel, const char *insert, int64_t from)
{
    sqlite3_stmt *q = NULL, *ins = NULL;
    int sqlrc = sqlite3_prepare_v2(st->db, sel, -1, &q, NULL);
    if (sqlrc == SQLITE_OK) sqlrc = sqlite3_prepare_v2(st->db, insert, -1, &ins, NULL);
    if (sqlrc != SQLITE_OK) {
        int rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "整理修改日志");
        sqlite3_finalize(q);
        sqlite3_finalize(ins);
        return rc;
    }
    sqlite3_bind_int64(q, 1, from);
    struct move_batch bt[2] = {{0}};
    struct move_batch *cur = &bt[0], *next = &bt[1];
    int rc = STORE_OK;
    sqlrc = SQLITE_ROW;
    move_read(q, cur, &sqlrc);
    atomic_store(&cur->taken, 0);
    pthread_t t;
    bool packing = cur->n > 0 && pthread_create(&t, NULL, move_pack, cur) == 0;
    while (cur->n > 0 && rc == STORE_OK) {
        /* the next batch read while this one is packed, then this thread packs with the
         * other what is left of it (two cores: the packing is most of this step) */
        if (sqlrc == SQLITE_ROW) move_read(q, next, &sqlrc);
        else move_batch_clear(next);
        move_pack(cur);
        if (packing) pthread_join(t, NULL);
        packing = false;
        atomic_store(&next->taken, 0);
        if (next->n > 0) packing = pthread_create(&t, NULL, move_pack, next) == 0;
        if (rc == STORE_OK) rc = move_write(st, ins, cur);
        struct move_batch *w = cur;
        cur = next;
        next = w;
    }
    if (packing) pthread_join(t, NULL);
    if (rc == STORE_OK && sqlrc != SQLITE_DONE && sqlrc != SQLITE_ROW)
        rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "整理修改日志");
    move_batch_free(&bt[0]);
    move_batch_free(&bt[1]);
    sqlite3_finalize(q);
    sqlite3_finalize(ins);
    return rc;
}

/* The file's indexes on history_data made after the entries are moved in (history_from_shadow):
 * inserted one entry at a time, history_row (table, row uuid) takes them in the order of their
 * times, which is not its own, a page read back and written out again per entry at a district's
 * scale; made at the end, they are built from a sort of their keys. The same indexes, made from
 * their own text (kept in a temporary table meanwhile). on: set aside; else made again. */
static int history_indexes(struct store *st, bool on)
{
    int rc = STORE_OK;
    if (on)
        rc = exec_plain(st, "CREATE TEMP TABLE zd_history_index AS SELECT name, sql FROM"
                            " main.sqlite_schema WHERE type = 'index' AND tbl_name = 'history_data'"
                            " AND sql IS NOT NULL ORDER BY rowid", "整理修改日志");
    /* read first, then run (no statement may be reading while an index is dropped) */
    char *run[16];
    int n = 0;
    sqlite3_stmt *q = NULL;
    if (rc == STORE_OK &&
        sqlite3_prepare_v2(st->db, "SELECT name, sql FROM temp.zd_history_index ORDER BY rowid",
                           -1, &q, NULL) != SQLITE_OK)
        rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "整理修改日志");
    int sqlrc = SQLITE_ROW;
    while (rc == STORE_OK && n < (int)(sizeof run / sizeof run[0]) &&
           (sqlrc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(q, 0);
        const char *sql = (const char *)sqlite3_column_text(q, 1);
        run[n++] = on ? sqlite3_mprintf("DROP INDEX main.\"%w\"", name ? name : "")
                      : sqlite3_mprintf("%s", sql ? sql : "");
    }
    if (rc == STORE_OK && sqlrc != SQLITE_DONE && sqlrc != SQLITE_ROW)
        rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "整理修改日志");
    if (rc == STORE_OK && sqlrc == SQLITE_ROW && sqlite3_step(q) == SQLITE_ROW)
        rc = st_fail(st, STORE_ERR, "整理修改日志失败：索引过多"); /* more than run holds */
    sqlite3_finalize(q);
    for (int i = 0; i < n; i++) {
        if (rc == STORE_OK) rc = exec_plain(st, run[i] ? run[i] : "", "整理修改日志");
        sqlite3_free(run[i]);
    }
    if (rc == STORE_OK && !on) rc = exec_plain(st, "DROP TABLE temp.zd_history_index", "整理修改日志");
    return rc;
}

/* shadow_history's new entries into the file's history, packed (move_packed, in the order
 * written, before they are sorted), numbered from the file's next id (the first they had) in
 * the order of their times (ties: as written), and the temporary table dropped. They are sealed before they reach the file (the temporary table numbered again,
 * with the chains' index, sealed there: st_journal_seal reads the unqualified history_data),
 * so that each is written once, whole: sealed in the file, every entry would grow by its hash
 * after it was written, splitting the pages it fills (issue 17: 8% of history_data unused).
 * The seal writes each entry, with its hash, straight into the file (st->seal_into_main), in
 * id order: not an UPDATE of the temporary row, then a copy of them all. */
static int history_from_shadow(struct store *st)
{
    int next = 0;
    if (st_query_int(st->db, "SELECT ifnull(max(id), 0) + 1 FROM main.history_data", &next) !=
        SQLITE_OK)
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "整理修改日志");
    if (st->seal_from && st->seal_from != next)
        return st_fail(st, STORE_ERR, "整理修改日志失败：日志编号不连续");
    /* the entries written, packed (move_packed) in the order written: sorted in the order of
     * their times as the file will hold them, not as text four times as long */
    static const char PACK_FROM[] =
        "SELECT " HISTORY_COLUMNS " FROM temp.zh_written WHERE id >= ?1 ORDER BY id";
    static const char PACK_INTO[] =
        "INSERT INTO temp.zh_packed(" HISTORY_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
        " ?8, ?9, ?10, ?11, ?12)";
    static const char *const ORDER[] = {
        "DROP TABLE temp.zh_written",
        SHADOW_TABLE_SQL,
        "INSERT INTO temp.history_data SELECT " HISTORY_COLUMNS " FROM temp.zh_packed"
        " WHERE id < ?1 OR hash IS NOT NULL ORDER BY id",
    };
    /* numbered ?1, ?1 + 1, ... in the order of their times: when the table ends at ?1 - 1 (as
     * it does unless an entry of this transaction was sealed already), by a plain sort with
     * the next rowid each (no window's buffer of every row); else by row_number() */
    static const char *const RENUMBER[] = {
        "INSERT INTO temp.history_data(" HISTORY_COLUMNS ")"
        " SELECT NULL, uuid, table_name, row_uuid, action, changed_at, changed_by, old_json,"
        " new_json, branch_id, prev_hash, hash FROM temp.zh_packed"
        " WHERE id >= ?1 AND hash IS NULL ORDER BY changed_at, id",
        "INSERT INTO temp.history_data(" HISTORY_COLUMNS ")"
        " SELECT ?1 - 1 + row_number() OVER (ORDER BY changed_at, id), uuid, table_name,"
        " row_uuid, action, changed_at, changed_by, old_json, new_json, branch_id,"
        " prev_hash, hash FROM temp.zh_packed WHERE id >= ?1 AND hash IS NULL",
    };
    static const char *const ORDER_END[] = {
        "DROP TABLE temp.zh_packed",
        "CREATE INDEX temp.history_chain ON history_data(branch_id, id)",
    };
    /* the seal writes each entry it seals into the file (st->seal_into_main); what it did not
     * seal (an entry of this transaction sealed already: none the demo writes) follows */
    static const char *const MOVE[] = {
        "INSERT INTO main.history_data(" HISTORY_COLUMNS ") SELECT " HISTORY_COLUMNS
        " FROM temp.history_data WHERE id >= ?1 AND hash IS NOT NULL ORDER BY id",
        "DROP TABLE temp.history_data",
    };
    st_jz_plain(false);
    if (!st->seal_from)
        return exec_from(st, (const char *const[]){"DROP VIEW temp.history",
                                                   "DROP TABLE temp.history_data"}, 2, 0);
    /* ids below seal_from: what the file held (shadow_history), as it was; the rest packed
     * (by id: not a scan of every entry's text for its hash) */
    int rc = exec_from(st, (const char *const[]){
                 "DROP VIEW temp.history",
                 "ALTER TABLE temp.history_data RENAME TO zh_written",
                 SHADOW_TABLE("zh_packed"),
                 "INSERT INTO temp.zh_packed SELECT " HISTORY_COLUMNS " FROM temp.zh_written"
                 " WHERE id < ?1 ORDER BY id"}, 4, st->seal_from);
    if (rc == STORE_OK) rc = move_packed(st, PACK_FROM, PACK_INTO, st->seal_from);
    if (rc == STORE_OK) rc = exec_from(st, ORDER, sizeof ORDER / sizeof ORDER[0], st->seal_from);
    int last = 0;
    if (rc == STORE_OK &&
        st_query_int(st->db, "SELECT ifnull(max(id), 0) FROM temp.history_data", &last) != SQLITE_OK)
        rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "整理修改日志");
    if (rc == STORE_OK)
        rc = exec_from(st, &RENUMBER[last + 1 == st->seal_from ? 0 : 1], 1, st->seal_from);
    if (rc == STORE_OK)
        rc = exec_from(st, ORDER_END, sizeof ORDER_END / sizeof ORDER_END[0], st->seal_from);
    if (rc == STORE_OK) rc = history_indexes(st, true);
    if (rc == STORE_OK) {
        st->seal_into_main = true;
        rc = st_journal_seal(st);
        st->seal_into_main = false;
    }
    if (rc == STORE_OK) rc = exec_from(st, MOVE, sizeof MOVE / sizeof MOVE[0], st->seal_from);
    if (rc == STORE_OK) rc = history_indexes(st, false); /* after the temporary table's drop */
    return rc;
}

/* The demo writes a branch at a time and back-dates each record afterwards, so the history it
 * wrote in this transaction is not in the order of its times: a real ledger's journal is (bar a
 * PC clock set back, which verify lists as 时间倒退). Before the transaction commits and seals
 * its entries, they are numbered again in the order of their times (ties: as written). Nothing
 * outside history refers to these ids yet (the demo makes no exports or 申请修改). */
int store_demo_history_in_time_order(struct store *st)
{
    if (st->session.role != STORE_ROLE_SYSTEM || !store_office_test_clock(st))
        return st_fail(st, STORE_ERR_DENIED, "只有演示或测试数据库能重排修改日志");
    if (st->tx_depth == 0) return STORE_OK;
    int frc = fts_restore(st);
    if (frc == STORE_OK) frc = paid_restore(st);
    if (frc != STORE_OK) return frc;
    int shadowed = 0;
    if (st_query_int(st->db, "SELECT count(*) FROM temp.sqlite_master WHERE type = 'table'"
                             " AND name = 'history_data'", &shadowed) != SQLITE_OK)
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "整理修改日志");
    if (shadowed) return history_from_shadow(st);
    if (!st->seal_from) return STORE_OK;
    static const char *const SQL[] = {
        "CREATE TEMP TABLE zh_order AS SELECT * FROM history_data WHERE 0",
        "INSERT INTO temp.zh_order SELECT * FROM history_data WHERE id >= ?1 AND hash IS NULL",
        "DELETE FROM history_data WHERE id >= ?1 AND hash IS NULL",
        "INSERT INTO history_data(id, uuid, table_name, row_uuid, action, changed_at, changed_by,"
        " old_json, new_json, branch_id, prev_hash, hash)"
        " SELECT ?1 - 1 + row_number() OVER (ORDER BY changed_at, id), uuid, table_name,"
        " row_uuid, action, changed_at, changed_by, old_json, new_json, branch_id, prev_hash,"
        " hash FROM temp.zh_order",
        "DROP TABLE temp.zh_order",
    };
    int rc = STORE_OK;
    for (size_t i = 0; i < sizeof SQL / sizeof SQL[0] && rc == STORE_OK; i++) {
        sqlite3_stmt *s = NULL;
        int sqlrc = sqlite3_prepare_v2(st->db, SQL[i], -1, &s, NULL);
        if (sqlrc == SQLITE_OK) {
            if (sqlite3_bind_parameter_count(s) > 0) sqlite3_bind_int64(s, 1, st->seal_from);
            sqlrc = sqlite3_step(s);
            if (sqlrc == SQLITE_DONE) sqlrc = SQLITE_OK;
        }
        if (sqlrc != SQLITE_OK) rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "整理修改日志");
        sqlite3_finalize(s);
    }
    return rc;
}
