/* meeting_demo.c — what only the demo generator needs from the meeting tables: back-dating a
 * record's (or a plan's) entry time, so that generated history looks as if it had been entered
 * on the days after each meeting (and a few records late, as 补记). A real ledger never calls
 * these: created_at is the evidence of when a record was written. The statements are not
 * cached (store_priv.h's cache belongs to meeting.c); the demo calls this once a record. */
#include "zhibu/store_meeting.h"

#include <sqlite3.h>
#include <stdio.h>

#include "store_priv.h"
#include "zhibu/store_office.h"

/* Run one statement binding ?1 = id and ?2 = the timestamp. */
static int exec_bound(struct store *st, const char *sql, int64_t id, const char *ts)
{
    sqlite3_stmt *s = NULL;
    int sqlrc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (sqlrc != SQLITE_OK) {
        sqlite3_finalize(s);
        return st_sqlfail(st, sqlrc, "写入录入时间");
    }
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_text(s, 2, ts, -1, SQLITE_STATIC);
    int rc = st_step_write(st, s, "写入录入时间");
    sqlite3_finalize(s);
    return rc;
}

static int set_created(struct store *st, const char *const *sqls, int n, int64_t id,
                       const char *created_at)
{
    /* the demo generator only: the system, on a demo or test database */
    if (st->session.role != STORE_ROLE_SYSTEM || !store_office_test_clock(st))
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
        "UPDATE meeting_attendance SET created_at = ?2, updated_at = ?2 WHERE meeting_id = ?1",
        "UPDATE meeting_resolution SET created_at = ?2, updated_at = ?2 WHERE meeting_id = ?1",
        "UPDATE history_data SET changed_at = ?2, new_json = zj_pack(table_name, (SELECT"
        " CASE WHEN json_valid(j) AND json_type(j, '$.updated_at') IS NOT NULL"
        "   THEN json_set(j, '$.updated_at', ?2) ELSE j END FROM (SELECT zj(table_name, new_json) AS j)))"
        " WHERE table_name = 'meeting' AND action = 'insert'"
        " AND row_uuid = (SELECT uuid FROM meeting WHERE id = ?1)",
    };
    return set_created(st, SQL, (int)(sizeof SQL / sizeof SQL[0]), id, created_at);
}

int store_plan_set_created(struct store *st, int64_t id, const char *created_at)
{
    static const char *const SQL[] = {
        "UPDATE meeting_plan SET created_at = ?2, updated_at = ?2 WHERE id = ?1",
        "UPDATE history_data SET changed_at = ?2, new_json = zj_pack(table_name, (SELECT"
        " CASE WHEN json_valid(j) AND json_type(j, '$.updated_at') IS NOT NULL"
        "   THEN json_set(j, '$.updated_at', ?2) ELSE j END FROM (SELECT zj(table_name, new_json) AS j)))"
        " WHERE table_name = 'meeting_plan' AND action = 'insert'"
        " AND row_uuid = (SELECT uuid FROM meeting_plan WHERE id = ?1)",
    };
    return set_created(st, SQL, (int)(sizeof SQL / sizeof SQL[0]), id, created_at);
}

int store_demo_bulk_cache(struct store *st, int megabytes)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA cache_size = %d", -1024 * (megabytes > 0 ? megabytes : 2));
    char *msg = NULL;
    int sqlrc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);
    sqlite3_free(msg);
    return sqlrc == SQLITE_OK ? STORE_OK : st_sqlfail(st, sqlrc, "设置缓存");
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
    if (st->tx_depth == 0 || !st->seal_from) return STORE_OK;
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
