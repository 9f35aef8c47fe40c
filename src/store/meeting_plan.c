/* meeting_plan.c — meeting plans in the database: add, update, void, the open ones; a record
 * fulfils its plan. */
#include "meeting_priv.h"
#include "store_json.h"
#include "store_list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/store_meeting.h"
#include "zhibu/text.h"
#include "zhibu/util.h"

/* ---- plans: shared parts --------------------------------------------------------------- */

#define PLAN_SELECT                                                                            \
    "SELECT p.id, p.uuid, p.branch_id, p.kind, ifnull(p.group_id, 0), p.date, p.topic,"        \
    " ifnull(p.meeting_id, 0), p.voided_at IS NOT NULL, p.created_at, "                       \
    ST_VERSION_SQL("meeting_plan", "p.uuid") " FROM meeting_plan p"

static void read_plan(sqlite3_stmt *s, void *out)
{
    struct meeting_plan *p = out;
    memset(p, 0, sizeof *p);
    p->id = sqlite3_column_int64(s, 0);
    st_col_text(s, 1, p->uuid, sizeof p->uuid);
    p->branch_id = sqlite3_column_int64(s, 2);
    st_col_text(s, 3, p->kind, sizeof p->kind);
    p->group_id = sqlite3_column_int64(s, 4);
    st_col_text(s, 5, p->date, sizeof p->date);
    st_col_text(s, 6, p->topic, sizeof p->topic);
    p->meeting_id = sqlite3_column_int64(s, 7);
    p->voided = sqlite3_column_int(s, 8) != 0;
    st_col_text(s, 9, p->created_at, sizeof p->created_at);
    p->version = sqlite3_column_int64(s, 10);
}

/* Whether plan_id may be fulfilled by the record meeting_id (0 = a record not yet written) of
 * branch_id. */
int st_check_plan_link(struct store *st, int64_t plan_id, int64_t branch_id,
                       int64_t meeting_id)
{
    struct meeting_plan p;
    int rc = store_plan_get(st, plan_id, &p);
    if (rc == STORE_ERR_NOT_FOUND)
        return st_fail(st, STORE_ERR_CONSTRAINT, "保存会议记录失败: 会议计划不存在");
    if (rc) return rc;
    if (p.branch_id != branch_id)
        return st_fail(st, STORE_ERR_CONSTRAINT, "保存会议记录失败: 会议计划不属于该支部");
    if (p.voided) return st_fail(st, STORE_ERR_CONSTRAINT, "保存会议记录失败: 会议计划已作废");
    if (p.meeting_id != 0 && p.meeting_id != meeting_id)
        return st_fail(st, STORE_ERR_CONSTRAINT, "保存会议记录失败: 该计划已有会议记录");
    return STORE_OK;
}

/* Set (or, with meeting_id 0, clear) the record that fulfils a plan, with history under
 * action. Inside a transaction. */
int st_set_plan_meeting(struct store *st, int64_t plan_id, int64_t meeting_id,
                        const char *action)
{
    struct meeting_plan p;
    int rc = store_plan_get(st, plan_id, &p);
    if (rc) return rc;
    if (p.meeting_id == meeting_id) return STORE_OK;
    int64_t h = st_history_begin(st, "meeting_plan", p.uuid, action, PLAN_JSON,
                                 plan_id);
    if (h < 0) return (int)h;
    sqlite3_stmt *s = st_stmt(st,
                              "UPDATE meeting_plan SET meeting_id = ?2, updated_at = ?3"
                              " WHERE id = ?1");
    if (!s) return STORE_ERR;
    char now[24];
    clock_now_iso(now);
    sqlite3_bind_int64(s, 1, plan_id);
    st_bind_id(s, 2, meeting_id);
    st_bind_text(s, 3, now);
    rc = st_step_write(st, s, "保存会议计划");
    if (rc) return rc;
    return st_history_finish(st, h, PLAN_JSON, plan_id);
}

/* ---- plans ----------------------------------------------------------------------------- */

static int check_plan(struct store *st, const struct meeting_plan *p, int64_t branch_id)
{
    int kind = meeting_kind_of_code(p->kind);
    if (kind < 0) return st_fail(st, STORE_ERR_CONSTRAINT, "保存会议计划失败: 会议类型无效");
    struct zdate d;
    if (!date_parse(p->date, &d))
        return st_fail(st, STORE_ERR_CONSTRAINT, "保存会议计划失败: 日期无效");
    if (kind == MK_GROUP && p->group_id == 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "保存会议计划失败: 党小组会须选择党小组");
    if (p->group_id != 0) {
        int64_t b = st_group_branch(st, p->group_id);
        if (b == 0) return st_fail(st, STORE_ERR_CONSTRAINT, "保存会议计划失败: 党小组不存在");
        if (b != branch_id)
            return st_fail(st, STORE_ERR_CONSTRAINT, "保存会议计划失败: 党小组不属于该支部");
    }
    return STORE_OK;
}

static int plan_fail(struct store *st, int sqlrc, const void *ctx)
{
    (void)ctx;
    if (sqlrc == SQLITE_CONSTRAINT_FOREIGNKEY)
        return st_fail(st, STORE_ERR_CONSTRAINT, "保存会议计划失败: 所属支部或党小组不存在");
    return st_sqlfail(st, sqlrc, "保存会议计划");
}

int store_plan_add(struct store *st, struct meeting_plan *p)
{
    int rc = st_require_edit(st, p->branch_id);
    if (rc) return rc;
    rc = check_plan(st, p, p->branch_id);
    if (rc) return rc;
    rc = store_begin(st);
    if (rc) return rc;
    sqlite3_stmt *s = st_stmt(st,
                              "INSERT INTO meeting_plan(uuid, branch_id, kind, group_id, date,"
                              " topic, created_at, created_by, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7)");
    if (!s) return st_abort(st, STORE_ERR);
    char uuid[UUID_STR_LEN], now[24];
    st_bind_stamps(st, s, 1, uuid, 7, now);
    sqlite3_bind_int64(s, 2, p->branch_id);
    st_bind_text(s, 3, p->kind);
    st_bind_id(s, 4, p->group_id);
    st_bind_text(s, 5, p->date);
    st_bind_text(s, 6, p->topic);
    rc = st_step_write_as(st, s, plan_fail, NULL);
    if (rc) return st_abort(st, rc);
    int64_t id = sqlite3_last_insert_rowid(st->db);
    int64_t h = st_history_begin(st, "meeting_plan", uuid, "insert", NULL, id);
    if (h < 0) return st_abort(st, (int)h);
    rc = st_history_finish(st, h, PLAN_JSON, id);
    if (rc) return st_abort(st, rc);
    rc = store_commit(st);
    if (rc) return rc;
    p->id = id;
    memcpy(p->uuid, uuid, sizeof uuid);
    memcpy(p->created_at, now, sizeof now);
    p->meeting_id = 0;
    p->voided = false;
    p->version = h;
    return STORE_OK;
}

int store_plan_update(struct store *st, struct meeting_plan *p)
{
    struct meeting_plan old;
    int rc = store_plan_get(st, p->id, &old);
    if (rc) return rc;
    rc = st_require_edit(st, old.branch_id);
    if (rc) return rc;
    if (old.voided) return st_fail(st, STORE_ERR_CONSTRAINT, "已作废的计划不能修改");
    rc = check_plan(st, p, old.branch_id);
    if (rc) return rc;
    rc = store_begin(st);
    if (rc) return rc;
    rc = st_check_version(st, "meeting_plan", old.uuid, p->version, PLAN_JSON, p->id);
    if (rc) return st_abort(st, rc);
    int64_t h = st_history_begin(st, "meeting_plan", old.uuid, "update", PLAN_JSON,
                                 p->id);
    if (h < 0) return st_abort(st, (int)h);
    sqlite3_stmt *s = st_stmt(st,
                              "UPDATE meeting_plan SET kind = ?2, group_id = ?3, date = ?4,"
                              " topic = ?5, updated_at = ?6 WHERE id = ?1");
    if (!s) return st_abort(st, STORE_ERR);
    char now[24];
    clock_now_iso(now);
    sqlite3_bind_int64(s, 1, p->id);
    st_bind_text(s, 2, p->kind);
    st_bind_id(s, 3, p->group_id);
    st_bind_text(s, 4, p->date);
    st_bind_text(s, 5, p->topic);
    st_bind_text(s, 6, now);
    rc = st_step_write_as(st, s, plan_fail, NULL);
    if (rc) return st_abort(st, rc);
    rc = st_history_finish(st, h, PLAN_JSON, p->id);
    if (rc) return st_abort(st, rc);
    /* an update that changed nothing (issue 14): no history, no change */
    {
        int same = st_history_same(st, h);
        if (same < 0) return st_abort(st, same);
        if (same) return st_abort(st, STORE_OK);
    }
    rc = store_commit(st);
    if (rc == STORE_OK) p->version = h;
    return rc;
}

int store_plan_get(struct store *st, int64_t id, struct meeting_plan *out)
{
    return st_get_row(st, st_stmt(st, PLAN_SELECT " WHERE p.id = ?1"), id, read_plan,
                      out, "会议计划不存在", "读取会议计划");
}

/* A plan a record fulfils is not voided (st_void_row's check). */
static int plan_void_check(struct store *st, void *ctx)
{
    const struct meeting_plan *old = ctx;
    if (old->meeting_id != 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "该计划已有会议记录，不能作废");
    return STORE_OK;
}

int store_plan_void(struct store *st, int64_t id, const char *reason)
{
    struct meeting_plan old;
    int rc = store_plan_get(st, id, &old);
    if (rc) return rc;
    const struct st_void v = {
        .table = "meeting_plan",
        .json_sql = PLAN_JSON,
        .void_sql = "UPDATE meeting_plan SET voided_at = ?2, voided_by = ?3,"
                    " void_reason = ?4, updated_at = ?2 WHERE id = ?1",
        .what = "作废会议计划",
        .voided_msg = "该计划已作废",
        .id = id,
        .branch_id = old.branch_id,
        .uuid = old.uuid,
        .voided = old.voided,
        .check = plan_void_check,
        .ctx = &old,
    };
    return st_void_row(st, &v, reason);
}

int store_plan_list(struct store *st, int64_t branch_id, const char *to,
                    struct store_plan_list *out)
{
    *out = (struct store_plan_list){0};
    sqlite3_stmt *s = st_stmt(st,
                              PLAN_SELECT " WHERE p.branch_id = ?1 AND p.meeting_id IS NULL"
                                          " AND p.voided_at IS NULL AND p.date <= ?2"
                                          " ORDER BY p.date, p.id");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, to && to[0] ? to : "9999-99-99");
    int sqlrc;
    while ((sqlrc = sqlite3_step(s)) == SQLITE_ROW) read_plan(s, ST_LIST_ADD(out));
    int rc = STORE_OK;
    if (sqlrc != SQLITE_DONE) {
        rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取会议计划");
        store_plan_list_free(out);
    }
    st_done(s);
    return rc;
}

void store_plan_list_free(struct store_plan_list *l)
{
    free(l->v);
    *l = (struct store_plan_list){0};
}
