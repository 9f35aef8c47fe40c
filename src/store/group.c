/* group.c — party groups (党小组) of a branch: add, rename/leader/dates, void, look up, list;
 * which groups must meet in each month (group_meets_in_month). */
#include "store_priv.h"
#include "store_json.h"
#include "store_list.h"

#include <stdlib.h>
#include <string.h>

#include "zhibu/branch_rules.h"
#include "zhibu/clock.h"
#include "zhibu/date.h"

#define GROUP_COLS                                                                             \
    "SELECT g.id, g.uuid, g.branch_id, g.name, ifnull(g.leader_id, 0), ifnull(l.name, ''),"    \
    " (SELECT count(*) FROM member m WHERE m.group_id = g.id AND m.leave_status = ''),"        \
    " g.voided_at IS NOT NULL, " ST_VERSION_SQL("party_group", "g.uuid") ","                   \
    " g.start_date, g.end_date"                                                                 \
    " FROM party_group g LEFT JOIN member l ON l.id = g.leader_id"

static void read_group(sqlite3_stmt *s, void *out)
{
    struct group *g = out;
    memset(g, 0, sizeof *g);
    g->id = sqlite3_column_int64(s, 0);
    st_col_text(s, 1, g->uuid, sizeof g->uuid);
    g->branch_id = sqlite3_column_int64(s, 2);
    st_col_text(s, 3, g->name, sizeof g->name);
    g->leader_id = sqlite3_column_int64(s, 4);
    st_col_text(s, 5, g->leader_name, sizeof g->leader_name);
    g->member_count = sqlite3_column_int(s, 6);
    g->voided = sqlite3_column_int(s, 7) != 0;
    g->version = sqlite3_column_int64(s, 8);
    st_col_text(s, 9, g->start_date, sizeof g->start_date);
    st_col_text(s, 10, g->end_date, sizeof g->end_date);
}

/* The group's name and dates as the rules want them (start "" = today); STORE_OK or
 * STORE_ERR_CONSTRAINT with the rule's sentence. */
static int group_check(struct store *st, struct group *g)
{
    char msgbuf[ZB_MSG_MAX];
    const char *why = group_name_check(g->name);
    if (!why) {
        if (!g->start_date[0]) date_format(clock_today(), g->start_date);
        why = group_dates_check(g->start_date, g->end_date, clock_today(), NULL, msgbuf, sizeof msgbuf);
    }
    return why ? st_fail(st, STORE_ERR_CONSTRAINT, "%s", why) : STORE_OK;
}

/* A failed save of group ctx (st_step_write_as). */
static int group_fail(struct store *st, int sqlrc, const void *ctx)
{
    const struct group *g = ctx;
    if (sqlrc == SQLITE_CONSTRAINT_UNIQUE && strstr(sqlite3_errmsg(st->db), "party_group.name"))
        return st_fail(st, STORE_ERR_CONSTRAINT, "党小组名称 %s 已存在", g->name);
    if (sqlrc == SQLITE_CONSTRAINT_FOREIGNKEY)
        return st_fail(st, STORE_ERR_CONSTRAINT, "保存党小组失败: 所属支部或组长不存在");
    return st_sqlfail(st, sqlrc, "保存党小组");
}

int store_group_add(struct store *st, struct group *g)
{
    int rc = st_require_edit(st, g->branch_id);
    if (rc) return rc;
    rc = group_check(st, g);
    if (rc) return rc;
    rc = store_begin(st);
    if (rc) return rc;
    sqlite3_stmt *s = st_stmt(st,
                              "INSERT INTO party_group(uuid, branch_id, name, leader_id,"
                              " created_at, created_by, updated_at, start_date, end_date)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5, ?7, ?8)");
    if (!s) return st_abort(st, STORE_ERR);
    char uuid[UUID_STR_LEN], now[24];
    st_bind_stamps(st, s, 1, uuid, 5, now);
    sqlite3_bind_int64(s, 2, g->branch_id);
    st_bind_text(s, 3, g->name);
    st_bind_id(s, 4, g->leader_id);
    st_bind_text(s, 7, g->start_date);
    st_bind_text(s, 8, g->end_date);
    rc = st_step_write_as(st, s, group_fail, g);
    if (rc) return st_abort(st, rc);
    int64_t id = sqlite3_last_insert_rowid(st->db);
    int64_t h = st_history_begin(st, "party_group", uuid, "insert", NULL, id);
    if (h < 0) return st_abort(st, (int)h);
    rc = st_history_finish(st, h, GROUP_JSON, id);
    if (rc) return st_abort(st, rc);
    rc = store_commit(st);
    if (rc) return rc;
    g->id = id;
    memcpy(g->uuid, uuid, sizeof uuid);
    g->voided = false;
    g->version = h;
    return STORE_OK;
}

int store_group_update(struct store *st, struct group *g)
{
    int64_t id = g->id;
    struct group old;
    int rc = store_group_get(st, id, &old);
    if (rc) return rc;
    rc = st_require_edit(st, old.branch_id);
    if (rc) return rc;
    if (!g->start_date[0]) memcpy(g->start_date, old.start_date, sizeof g->start_date);
    rc = group_check(st, g);
    if (rc) return rc;
    rc = store_begin(st);
    if (rc) return rc;
    rc = st_check_version(st, "party_group", old.uuid, g->version, GROUP_JSON, id);
    if (rc) return st_abort(st, rc);
    int64_t h = st_history_begin(st, "party_group", old.uuid, "update", GROUP_JSON, id);
    if (h < 0) return st_abort(st, (int)h);
    sqlite3_stmt *s = st_stmt(st, "UPDATE party_group SET updated_at = ?2, name = ?3,"
                                  " leader_id = ?4, start_date = ?5, end_date = ?6 WHERE id = ?1");
    if (!s) return st_abort(st, STORE_ERR);
    char now[24];
    clock_now_iso(now);
    sqlite3_bind_int64(s, 1, id);
    st_bind_text(s, 2, now);
    st_bind_text(s, 3, g->name);
    st_bind_id(s, 4, g->leader_id);
    st_bind_text(s, 5, g->start_date);
    st_bind_text(s, 6, g->end_date);
    rc = st_step_write_as(st, s, group_fail, g);
    if (rc) return st_abort(st, rc);
    rc = st_history_finish(st, h, GROUP_JSON, id);
    if (rc) return st_abort(st, rc);
    /* an update that changed nothing (issue 14): no history, no change */
    {
        int same = st_history_same(st, h);
        if (same < 0) return st_abort(st, same);
        if (same) return st_abort(st, STORE_OK);
    }
    rc = store_commit(st);
    if (rc == STORE_OK) g->version = h;
    return rc;
}

int store_group_void(struct store *st, int64_t id, const char *reason)
{
    struct group old;
    int rc = store_group_get(st, id, &old);
    if (rc) return rc;
    const struct st_void v = {
        .table = "party_group",
        .json_sql = GROUP_JSON,
        .void_sql = "UPDATE party_group SET updated_at = ?2, voided_at = ?2,"
                    " void_reason = ?4 WHERE id = ?1", /* no voided_by (?3) in party_group */
        .what = "保存党小组",
        .id = id,
        .branch_id = old.branch_id,
        .uuid = old.uuid,
    };
    return st_void_row(st, &v, reason);
}

int store_group_get(struct store *st, int64_t id, struct group *out)
{
    return st_get_row(st, st_stmt(st, GROUP_COLS " WHERE g.id = ?1"), id, read_group,
                      out, "党小组不存在", "读取党小组");
}

int store_group_list(struct store *st, int64_t branch_id, struct store_group_list *out)
{
    *out = (struct store_group_list){0};
    sqlite3_stmt *s = st_stmt(st,
                              GROUP_COLS " WHERE g.branch_id = ?1 AND g.voided_at IS NULL"
                                         " ORDER BY g.id");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) read_group(s, ST_LIST_ADD(out));
    int result = STORE_OK;
    if (rc != SQLITE_DONE) {
        result = st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取党小组列表");
        store_group_list_free(out);
    }
    st_done(s);
    return result;
}

void store_group_list_free(struct store_group_list *l)
{
    free(l->v);
    *l = (struct store_group_list){0};
}

/* The branch of group id, or 0 when there is no such group. */
int64_t st_group_branch(struct store *st, int64_t id)
{
    sqlite3_stmt *s = st_stmt(st, "SELECT branch_id FROM party_group WHERE id = ?1");
    if (!s) return 0;
    sqlite3_bind_int64(s, 1, id);
    int64_t b = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    st_done(s);
    return b;
}

int store_group_meets_by_month(struct store *st, int64_t branch_id, int year, int out[12])
{
    memset(out, 0, 12 * sizeof *out);
    if (!date_year_valid(year)) return st_fail(st, STORE_ERR_CONSTRAINT, "年份无效");
    /* the groups as they stood at each month's end, with their members on the roster then */
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT g.start_date, g.end_date, (SELECT count(*) FROM member m"
                              " WHERE m.group_id = g.id AND m.join_date <> '' AND m.join_date <= ?2"
                              " AND (m.leave_status = '' OR m.leave_date > ?2))"
                              " FROM party_group g WHERE g.branch_id = ?1"
                              " AND (g.voided_at IS NULL OR substr(g.voided_at, 1, 10) > ?2)");
    if (!s) return STORE_ERR;
    int result = STORE_OK;
    for (int mo = 1; mo <= 12 && result == STORE_OK; mo++) {
        char end[DATE_STR_LEN];
        date_format(date_month_end((struct zdate){year, mo, 1}), end);
        sqlite3_reset(s);
        sqlite3_bind_int64(s, 1, branch_id);
        st_bind_text(s, 2, end);
        int rc;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW)
            if (group_meets_in_month((const char *)sqlite3_column_text(s, 0),
                                     (const char *)sqlite3_column_text(s, 1),
                                     sqlite3_column_int(s, 2), year, mo))
                out[mo - 1]++;
        if (rc != SQLITE_DONE) result = st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取党小组");
    }
    st_done(s);
    return result;
}

int st_group_dates_baseline(struct store *st)
{
    static const struct journal_baseline b = {
        .table = "party_group",
        .rows_sql = "SELECT id, uuid FROM party_group ORDER BY id",
        .newest_sql = "SELECT new_json <> ?2 AND json_remove(new_json, '$.start_date',"
                      " '$.end_date') = json_remove(?2, '$.start_date', '$.end_date')"
                      " FROM history WHERE id IN (SELECT d.id FROM history_data d WHERE "
                      ST_HROW("d", "'party_group'", "?1") ")"
                      " AND new_json IS NOT NULL AND json_valid(new_json)"
                      " ORDER BY id DESC LIMIT 1",
        .old_sql = "SELECT new_json FROM history WHERE id IN (SELECT d.id FROM history_data d"
                   " WHERE " ST_HROW("d", "'party_group'", "(SELECT uuid FROM party_group WHERE id = ?1)")
                   ") AND new_json IS NOT NULL ORDER BY id DESC LIMIT 1",
        .new_sql = GROUP_JSON,
    };
    return st_journal_baseline_new_keys(st, &b);
}
