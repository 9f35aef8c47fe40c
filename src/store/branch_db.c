/* branch.c — party branches (支部): add, update, look up, list; the dues start (a journaled
 * column written for dues.c) and its baseline on upgrade. Every write keeps history. */
#include "store_priv.h"
#include "store_json.h"
#include "store_list.h"
#include "district_priv.h"

#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"

#define BRANCH_COLS                                                                            \
    "SELECT id, uuid, code, name, type, ifnull(parent_id, 0), theme_day, created_at,"          \
    " updated_at, " ST_VERSION_SQL("branch", "branch.uuid") " FROM branch"

static void read_branch(sqlite3_stmt *s, void *out)
{
    struct branch *b = out;
    memset(b, 0, sizeof *b);
    b->id = sqlite3_column_int64(s, 0);
    st_col_text(s, 1, b->uuid, sizeof b->uuid);
    st_col_text(s, 2, b->code, sizeof b->code);
    st_col_text(s, 3, b->name, sizeof b->name);
    st_col_text(s, 4, b->type, sizeof b->type);
    b->parent_id = sqlite3_column_int64(s, 5);
    st_col_text(s, 6, b->theme_day, sizeof b->theme_day);
    st_col_text(s, 7, b->created_at, sizeof b->created_at);
    st_col_text(s, 8, b->updated_at, sizeof b->updated_at);
    b->version = sqlite3_column_int64(s, 9);
}

/* The message for a failed save of branch ctx (st_step_write_as). */
static int branch_fail(struct store *st, int sqlrc, const void *ctx)
{
    const struct branch *b = ctx;
    if (sqlrc == SQLITE_CONSTRAINT_UNIQUE && strstr(sqlite3_errmsg(st->db), "branch.code"))
        return st_fail(st, STORE_ERR_CONSTRAINT, "组织代码 %s 已存在", b->code);
    if (sqlrc == SQLITE_CONSTRAINT_FOREIGNKEY)
        return st_fail(st, STORE_ERR_CONSTRAINT, "保存支部失败: 上级组织不存在");
    return st_sqlfail(st, sqlrc, "保存支部");
}

int store_branch_add(struct store *st, struct branch *b)
{
    int rc = st_require_admin(st);
    if (rc) return rc;
    rc = store_begin(st);
    if (rc) return rc;
    sqlite3_stmt *s = st_stmt(st,
                              "INSERT INTO branch(uuid, code, name, type, parent_id, theme_day,"
                              " created_at, created_by, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7)");
    if (!s) return st_abort(st, STORE_ERR);
    char uuid[UUID_STR_LEN], now[24];
    st_bind_stamps(st, s, 1, uuid, 7, now);
    st_bind_text(s, 2, b->code);
    st_bind_text(s, 3, b->name);
    st_bind_text(s, 4, b->type);
    st_bind_id(s, 5, b->parent_id);
    st_bind_text(s, 6, b->theme_day);
    rc = st_step_write_as(st, s, branch_fail, b);
    if (rc) return st_abort(st, rc);
    int64_t id = sqlite3_last_insert_rowid(st->db);
    int64_t h = st_history_begin(st, "branch", uuid, "insert", NULL, id);
    if (h < 0) return st_abort(st, (int)h);
    rc = st_history_finish(st, h, BRANCH_JSON, id);
    if (rc) return st_abort(st, rc);
    rc = store_commit(st);
    if (rc) return rc;
    b->id = id;
    memcpy(b->uuid, uuid, sizeof uuid);
    memcpy(b->created_at, now, sizeof now);
    memcpy(b->updated_at, now, sizeof now);
    b->version = h;
    return STORE_OK;
}

int store_branch_update(struct store *st, struct branch *b)
{
    struct branch old;
    int rc = store_branch_get(st, b->id, &old);
    if (rc) return rc;
    /* an admin, or the secretary of that branch (who may not move it under another parent) */
    if (st->session.role == STORE_ROLE_SECRETARY) {
        rc = st_require_edit(st, old.id);
        if (rc) return rc;
        if (b->parent_id != old.parent_id)
            return st_fail(st, STORE_ERR_DENIED, "支部书记不能更改上级组织");
    } else {
        rc = st_require_admin(st);
        if (rc) return rc;
    }
    rc = store_begin(st);
    if (rc) return rc;
    rc = st_check_version(st, "branch", old.uuid, b->version, BRANCH_JSON,
                          b->id);
    if (rc) return st_abort(st, rc);
    int64_t h = st_history_begin(st, "branch", old.uuid, "update",
                                 BRANCH_JSON, b->id);
    if (h < 0) return st_abort(st, (int)h);
    sqlite3_stmt *s = st_stmt(st,
                              "UPDATE branch SET code = ?2, name = ?3, type = ?4, parent_id = ?5,"
                              " theme_day = ?6, updated_at = ?7 WHERE id = ?1");
    if (!s) return st_abort(st, STORE_ERR);
    char now[24];
    clock_now_iso(now);
    sqlite3_bind_int64(s, 1, b->id);
    st_bind_text(s, 2, b->code);
    st_bind_text(s, 3, b->name);
    st_bind_text(s, 4, b->type);
    st_bind_id(s, 5, b->parent_id);
    st_bind_text(s, 6, b->theme_day);
    st_bind_text(s, 7, now);
    rc = st_step_write_as(st, s, branch_fail, b);
    if (rc) return st_abort(st, rc);
    rc = st_history_finish(st, h, BRANCH_JSON, b->id);
    if (rc) return st_abort(st, rc);
    /* an update that changed nothing (issue 14): no history, no change */
    {
        int same = st_history_same(st, h);
        if (same < 0) return st_abort(st, same);
        if (same) return st_abort(st, STORE_OK);
    }
    rc = store_commit(st);
    if (rc == STORE_OK) b->version = h;
    return rc;
}

int store_branch_get(struct store *st, int64_t id, struct branch *out)
{
    return st_get_row(st, st_stmt(st, BRANCH_COLS " WHERE id = ?1"), id,
                      read_branch, out, "支部不存在", "读取支部");
}

int store_branch_by_code(struct store *st, const char *code, struct branch *out)
{
    sqlite3_stmt *s = st_stmt(st, BRANCH_COLS " WHERE code = ?1");
    if (s) st_bind_text(s, 1, code);
    int rc = st_one_row(st, s, read_branch, out, NULL, "读取支部");
    if (rc == STORE_ERR_NOT_FOUND) st_fail(st, rc, "组织代码 %s 不存在", code ? code : "");
    return rc;
}

int store_branch_count(struct store *st)
{
    return st_count(st, "SELECT count(*) FROM branch");
}

int store_branch_list(struct store *st, struct store_branch_list *out)
{
    *out = (struct store_branch_list){0};
    /* an inspector's list keeps to the branches of their station's townships */
    sqlite3_stmt *s = st_stmt(st, BRANCH_COLS " WHERE" DISTRICT_SCOPE("branch.id", "1")
                                  " ORDER BY code");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, st_inspector_station(st));
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) read_branch(s, ST_LIST_ADD(out));
    int result = STORE_OK;
    if (rc != SQLITE_DONE) {
        result = st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取支部列表");
        store_branch_list_free(out);
    }
    st_done(s);
    return result;
}

void store_branch_list_free(struct store_branch_list *l)
{
    free(l->v);
    *l = (struct store_branch_list){0};
}

/* ---- the dues start: a journaled column written by dues.c ------------------------------ */

int st_branch_set_dues_start(struct store *st, int64_t id, const char *uuid, const char *month)
{
    int64_t h = st_history_begin(st, "branch", uuid, "update", BRANCH_JSON, id);
    if (h < 0) return (int)h;
    sqlite3_stmt *s = st_stmt(st,
                              "UPDATE branch SET dues_start = ?2, updated_at = ?3 WHERE id = ?1");
    if (!s) return STORE_ERR;
    char now[24];
    clock_now_iso(now);
    sqlite3_bind_int64(s, 1, id);
    st_bind_text(s, 2, month);
    st_bind_text(s, 3, now);
    int rc = st_step_write(st, s, "保存党费台账起始月");
    if (rc) return rc;
    return st_history_finish(st, h, BRANCH_JSON, id);
}

int st_branch_dues_start_baseline(struct store *st)
{
    static const struct journal_baseline b = {
        .table = "branch",
        .rows_sql = "SELECT id, uuid FROM branch ORDER BY id",
        .newest_sql = "SELECT new_json <> ?2 AND json_remove(new_json, '$.dues_start')"
                      " = json_remove(?2, '$.dues_start') FROM history"
                      " WHERE id IN (SELECT d.id FROM history_data d WHERE "
                      ST_HROW("d", "'branch'", "?1") ")"
                      " AND new_json IS NOT NULL AND json_valid(new_json)"
                      " ORDER BY id DESC LIMIT 1",
        .old_sql = "SELECT new_json FROM history WHERE id IN (SELECT d.id FROM history_data d"
                   " WHERE " ST_HROW("d", "'branch'", "(SELECT uuid FROM branch WHERE id = ?1)")
                   ") AND new_json IS NOT NULL ORDER BY id DESC LIMIT 1",
        .new_sql = BRANCH_JSON,
    };
    return st_journal_baseline_new_keys(st, &b);
}
