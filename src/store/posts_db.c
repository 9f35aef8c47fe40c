/* posts.c — the post scheme (设岗定责) in the database: posts (voided, never deleted), holdings
 * (claims and recommendations with the pledge, the 公示 date and stepping down), reports,
 * reviews with their reward, and members excused from the scheme. Every write records a history
 * row of its table (post, post_holding, post_report, post_review, post_excuse). List reads fill
 * the counted fields (holders, last report, latest rating) in the same query.
 *
 * Holdings, reports and reviews are in post_holdings.c. */
#include "posts_priv.h"
#include "store_json.h"
#include "store_list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/store_posts.h"
#include "zhibu/text.h"
#include "zhibu/util.h"

/* ---- small helpers --------------------------------------------------------------------- */

/* A valid date text, else "<label>格式应为 ..."; with optional, "" is accepted too. */
int st_check_date(struct store *st, const char *date, const char *label, bool optional)
{
    struct zdate d;
    if (optional && (!date || !*date)) return STORE_OK;
    if (!date || !date_parse(date, &d))
        return st_fail(st, STORE_ERR_CONSTRAINT, "%s" DATE_MSG, label);
    return STORE_OK;
}

/* The end of a read loop: STORE_OK when the statement ran to completion (or stopped at a row),
 * else the mapped failure. Resets s. */
int st_read_end(struct store *st, sqlite3_stmt *s, int rc, const char *what)
{
    int result = STORE_OK;
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        result = st_sqlfail(st, sqlite3_extended_errcode(st->db), what);
    st_done(s);
    return result;
}

/* ---- posts ----------------------------------------------------------------------------- */

/* Column order read by read_post: the row, then the current holders and the newest report of
 * any holding of the post (both index lookups per post: post_holding_post, post_report_holding). */
#define POST_COLS                                                                              \
    "SELECT p.id, p.uuid, p.branch_id, p.category, p.name, p.duties, p.wanted, p.active_from,"  \
    " p.active_to, p.voided_at IS NOT NULL,"                                                   \
    " (SELECT count(*) FROM post_holding h WHERE h.post_id = p.id AND h.ended = ''),"          \
    " ifnull((SELECT max(r.date) FROM post_holding h JOIN post_report r ON r.holding_id = h.id" \
    " WHERE h.post_id = p.id), ''), " ST_VERSION_SQL("post", "p.uuid")                          \
    " FROM post p"

static void read_post(sqlite3_stmt *s, void *out)
{
    struct post *p = out;
    memset(p, 0, sizeof *p);
    p->id = sqlite3_column_int64(s, 0);
    st_col_text(s, 1, p->uuid, sizeof p->uuid);
    p->branch_id = sqlite3_column_int64(s, 2);
    st_col_text(s, 3, p->category, sizeof p->category);
    st_col_text(s, 4, p->name, sizeof p->name);
    const unsigned char *d = sqlite3_column_text(s, 5);
    p->duties = xstrdup(d ? (const char *)d : "");
    p->wanted = sqlite3_column_int(s, 6);
    st_col_text(s, 7, p->active_from, sizeof p->active_from);
    st_col_text(s, 8, p->active_to, sizeof p->active_to);
    p->voided = sqlite3_column_int(s, 9) != 0;
    p->holders = sqlite3_column_int(s, 10);
    st_col_text(s, 11, p->last_report, sizeof p->last_report);
    p->version = sqlite3_column_int64(s, 12);
}

void post_free(struct post *p)
{
    if (!p) return;
    free(p->duties);
    p->duties = NULL;
}

/* The tidied definition of p: name (required), category, duties (heap, trimmed), wanted and
 * the active dates checked. */
struct post_def {
    char category[64];
    char name[64];
    char *duties;
};

static int post_tidy(struct store *st, const struct post *p, struct post_def *def)
{
    def->duties = NULL;
    int rc = st_check_reason(st, def->name, sizeof def->name, p->name, "须填写岗位名称",
                             "岗位名称");
    if (rc == STORE_OK)
        rc = st_check_reason(st, def->category, sizeof def->category, p->category, NULL,
                             "岗位类别");
    if (rc) return rc;
    if (p->wanted < 1 || p->wanted > 99)
        return st_fail(st, STORE_ERR_CONSTRAINT, "岗位人数应为 1 至 99");
    rc = st_check_date(st, p->active_from, "岗位起始日期", true);
    if (rc == STORE_OK) rc = st_check_date(st, p->active_to, "岗位截止日期", true);
    if (rc) return rc;
    if (p->active_from[0] && p->active_to[0] && strcmp(p->active_to, p->active_from) < 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "岗位截止日期不能早于起始日期");
    def->duties = xstrdup(p->duties ? p->duties : "");
    text_trim(def->duties);
    return STORE_OK;
}

/* A failed write of a post (st_step_write_as; ctx: the operation, "保存岗位"). */
static int post_fail(struct store *st, int sqlrc, const void *ctx)
{
    const char *what = ctx;
    if (sqlrc == SQLITE_CONSTRAINT_FOREIGNKEY)
        return st_fail(st, STORE_ERR_CONSTRAINT, "%s失败: 所属支部不存在", what);
    return st_sqlfail(st, sqlrc, what);
}

/* The branch of a post / of a holding's post; 0 when there is none (who may write is decided
 * by the branch the row belongs to). */
int64_t st_post_branch(struct store *st, int64_t post_id)
{
    sqlite3_stmt *s = st_stmt(st, "SELECT branch_id FROM post WHERE id = ?1");
    if (!s) return 0;
    sqlite3_bind_int64(s, 1, post_id);
    int64_t b = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    st_done(s);
    return b;
}

int64_t st_holding_branch(struct store *st, int64_t holding_id)
{
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT p.branch_id FROM post_holding h JOIN post p"
                              " ON p.id = h.post_id WHERE h.id = ?1");
    if (!s) return 0;
    sqlite3_bind_int64(s, 1, holding_id);
    int64_t b = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    st_done(s);
    return b;
}

int store_post_add(struct store *st, struct post *p)
{
    int rc = st_require_edit(st, p->branch_id);
    if (rc) return rc;
    struct post_def def;
    rc = post_tidy(st, p, &def);
    if (rc) return rc;
    rc = store_begin(st);
    if (rc) {
        free(def.duties);
        return rc;
    }
    sqlite3_stmt *s = st_stmt(st,
                              "INSERT INTO post(uuid, branch_id, category, name, duties, wanted,"
                              " active_from, active_to, created_at, created_by, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?9)");
    if (!s) {
        free(def.duties);
        return st_abort(st, STORE_ERR);
    }
    char uuid[UUID_STR_LEN], now[24];
    st_bind_stamps(st, s, 1, uuid, 9, now);
    sqlite3_bind_int64(s, 2, p->branch_id);
    st_bind_text(s, 3, def.category);
    st_bind_text(s, 4, def.name);
    st_bind_text(s, 5, def.duties);
    sqlite3_bind_int(s, 6, p->wanted);
    st_bind_text(s, 7, p->active_from);
    st_bind_text(s, 8, p->active_to);
    free(def.duties);
    rc = st_step_write_as(st, s, post_fail, "保存岗位");
    if (rc) return st_abort(st, rc);
    int64_t id = st_insert_history(st, "post", uuid, POST_JSON);
    if (id < 0) return st_abort(st, (int)id);
    int64_t version = st_row_version(st, "post", uuid);
    if (version < 0) return st_abort(st, (int)version);
    rc = store_commit(st);
    if (rc) return rc;
    p->id = id;
    memcpy(p->uuid, uuid, sizeof uuid);
    zb_strlcpy(p->category, def.category, sizeof p->category);
    zb_strlcpy(p->name, def.name, sizeof p->name);
    p->voided = false;
    p->holders = 0;
    p->last_report[0] = '\0';
    p->version = version;
    return STORE_OK;
}

int store_post_get(struct store *st, int64_t id, struct post *out)
{
    return st_get_row(st, st_stmt(st, POST_COLS " WHERE p.id = ?1"), id, read_post,
                      out, "岗位不存在", "读取岗位");
}

int store_post_update(struct store *st, struct post *p)
{
    int rc = st_require_edit(st, st_post_branch(st, p->id));
    if (rc) return rc;
    struct post_def def;
    rc = post_tidy(st, p, &def);
    if (rc) return rc;
    rc = store_begin(st);
    if (rc) {
        free(def.duties);
        return rc;
    }
    struct post old;
    rc = store_post_get(st, p->id, &old);
    if (rc) {
        free(def.duties);
        return st_abort(st, rc);
    }
    post_free(&old);
    if (old.voided) {
        free(def.duties);
        return st_abort(st, st_fail(st, STORE_ERR_CONSTRAINT, "该岗位已撤销，不能修改"));
    }
    rc = st_check_version(st, "post", old.uuid, p->version, POST_JSON, p->id);
    if (rc) {
        free(def.duties);
        return st_abort(st, rc);
    }
    int64_t h = st_history_begin(st, "post", old.uuid, "update", POST_JSON, p->id);
    sqlite3_stmt *s = h < 0 ? NULL
                            : st_stmt(st,
                                      "UPDATE post SET category = ?2, name = ?3, duties = ?4,"
                                      " wanted = ?5, active_from = ?6, active_to = ?7,"
                                      " updated_at = ?8 WHERE id = ?1");
    if (!s) {
        free(def.duties);
        return st_abort(st, h < 0 ? (int)h : STORE_ERR);
    }
    char now[24];
    clock_now_iso(now);
    sqlite3_bind_int64(s, 1, p->id);
    st_bind_text(s, 2, def.category);
    st_bind_text(s, 3, def.name);
    st_bind_text(s, 4, def.duties);
    sqlite3_bind_int(s, 5, p->wanted);
    st_bind_text(s, 6, p->active_from);
    st_bind_text(s, 7, p->active_to);
    st_bind_text(s, 8, now);
    free(def.duties);
    rc = st_step_write(st, s, "保存岗位");
    if (rc == STORE_OK) rc = st_history_finish(st, h, POST_JSON, p->id);
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

/* A post still held is not voided (st_void_row's check). */
static int post_void_check(struct store *st, void *ctx)
{
    const struct post *old = ctx;
    if (old->holders > 0) return st_fail(st, STORE_ERR_CONSTRAINT, "请先办理在岗党员卸任");
    return STORE_OK;
}

int store_post_void(struct store *st, int64_t id, const char *reason)
{
    struct post old;
    int rc = store_post_get(st, id, &old);
    if (rc) return rc;
    post_free(&old);
    const struct st_void v = {
        .table = "post",
        .json_sql = POST_JSON,
        .void_sql = "UPDATE post SET voided_at = ?2, voided_by = ?3, void_reason = ?4,"
                    " updated_at = ?2 WHERE id = ?1",
        .what = "撤销岗位",
        .voided_msg = "该岗位已撤销",
        .reason_empty = "撤销岗位须填写原因",
        .reason_label = "撤销原因",
        .id = id,
        .branch_id = old.branch_id,
        .uuid = old.uuid,
        .voided = old.voided,
        .check = post_void_check,
        .ctx = &old,
    };
    return st_void_row(st, &v, reason);
}

int store_post_list(struct store *st, int64_t branch_id, struct store_post_list *out)
{
    *out = (struct store_post_list){0};
    sqlite3_stmt *s = st_stmt(st,
                              POST_COLS " WHERE p.branch_id = ?1 AND p.voided_at IS NULL"
                                        " ORDER BY p.category, p.name, p.id");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) read_post(s, ST_LIST_ADD(out));
    int result = st_read_end(st, s, rc, "读取岗位");
    if (result) store_post_list_free(out);
    return result;
}

void store_post_list_free(struct store_post_list *l)
{
    for (int i = 0; i < l->n; i++) post_free(&l->v[i]);
    free(l->v);
    *l = (struct store_post_list){0};
}

/* ---- excused members ------------------------------------------------------------------- */

/* The member's open excuse: its id (0 when none, <0 rc), uuid and reason. */
static int64_t current_excuse(struct store *st, int64_t member_id, char uuid[UUID_STR_LEN],
                              char *reason, size_t reasonsz)
{
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT id, uuid, reason FROM post_excuse WHERE member_id = ?1"
                              " AND ended_at IS NULL");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, member_id);
    int rc = sqlite3_step(s);
    int64_t id = 0;
    uuid[0] = '\0';
    if (reason && reasonsz) reason[0] = '\0';
    if (rc == SQLITE_ROW) {
        id = sqlite3_column_int64(s, 0);
        st_col_text(s, 1, uuid, UUID_STR_LEN);
        if (reason && reasonsz) st_col_text(s, 2, reason, reasonsz);
    }
    st_done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取免于设岗记录");
    return id;
}

int store_post_excuse_add(struct store *st, int64_t member_id, const char *reason, const char *since)
{
    int rc = st_require_edit(st, st_member_branch(st, member_id));
    if (rc) return rc;
    char why[TEXT_LONG];
    rc = st_check_reason(st, why, sizeof why, reason, "须填写免于设岗的原因", "免于设岗的原因");
    if (rc) return rc;
    char from[DATE_STR_LEN];
    if (since && *since) {
        rc = st_check_date(st, since, "免于设岗起始日期", false);
        if (rc) return rc;
        zb_strlcpy(from, since, sizeof from);
    } else {
        date_format(clock_today(), from);
    }
    struct member m;
    rc = store_member_get(st, member_id, &m);
    if (rc) return rc;
    if (m.leave_status[0]) return st_fail(st, STORE_ERR_CONSTRAINT, "该党员已不在名册");

    rc = store_begin(st);
    if (rc) return rc;
    char uuid[UUID_STR_LEN];
    int64_t cur = current_excuse(st, member_id, uuid, NULL, 0);
    if (cur < 0) return st_abort(st, (int)cur);
    if (cur > 0) return st_abort(st, st_fail(st, STORE_ERR_CONSTRAINT, "该党员已登记免于设岗"));
    sqlite3_stmt *s = st_stmt(st,
                              "INSERT INTO post_excuse(uuid, member_id, reason, since, created_at,"
                              " created_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5)");
    if (!s) return st_abort(st, STORE_ERR);
    char now[24];
    st_bind_stamps(st, s, 1, uuid, 5, now);
    sqlite3_bind_int64(s, 2, member_id);
    st_bind_text(s, 3, why);
    st_bind_text(s, 4, from);
    rc = st_step_write(st, s, "保存免于设岗");
    if (rc) return st_abort(st, rc);
    int64_t id = st_insert_history(st, "post_excuse", uuid, EXCUSE_JSON);
    if (id < 0) return st_abort(st, (int)id);
    return store_commit(st);
}

int store_post_excuse_end(struct store *st, int64_t member_id)
{
    int rc = st_require_edit(st, st_member_branch(st, member_id));
    if (rc) return rc;
    rc = store_begin(st);
    if (rc) return rc;
    char uuid[UUID_STR_LEN];
    int64_t id = current_excuse(st, member_id, uuid, NULL, 0);
    if (id < 0) return st_abort(st, (int)id);
    if (id == 0) return st_abort(st, st_fail(st, STORE_ERR_NOT_FOUND, "该党员未登记免于设岗"));
    int64_t h = st_history_begin(st, "post_excuse", uuid, "end", EXCUSE_JSON, id);
    if (h < 0) return st_abort(st, (int)h);
    sqlite3_stmt *s = st_stmt(st,
                              "UPDATE post_excuse SET ended_at = ?2, updated_at = ?2 WHERE id = ?1");
    if (!s) return st_abort(st, STORE_ERR);
    char now[24];
    clock_now_iso(now);
    sqlite3_bind_int64(s, 1, id);
    st_bind_text(s, 2, now);
    rc = st_step_write(st, s, "保存免于设岗");
    if (rc == STORE_OK) rc = st_history_finish(st, h, EXCUSE_JSON, id);
    if (rc) return st_abort(st, rc);
    return store_commit(st);
}

int store_post_excuse_get(struct store *st, int64_t member_id, char *reason, size_t reasonsz)
{
    char uuid[UUID_STR_LEN];
    int64_t id = current_excuse(st, member_id, uuid, reason, reasonsz);
    return id < 0 ? (int)id : STORE_OK;
}
