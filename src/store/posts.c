/* posts.c — the post scheme (设岗定责) in the database: posts (voided, never deleted), holdings
 * (claims and recommendations with the pledge, the 公示 date and stepping down), reports,
 * reviews with their reward, and members excused from the scheme. Every write records a history
 * row of its table (post, post_holding, post_report, post_review, post_excuse). List reads fill
 * the counted fields (holders, last report, latest rating) in the same query. */
#include "store_priv.h"
#include "store_list.h"
#include "store_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/store_posts.h"
#include "zhibu/text.h"
#include "zhibu/util.h"

#define DATE_MSG "格式应为 YYYY-MM-DD，且须是真实日期"

/* ---- small helpers --------------------------------------------------------------------- */

/* A valid date text, else "<label>格式应为 ..."; with optional, "" is accepted too. */
static int check_date(struct store *st, const char *date, const char *label, bool optional)
{
    struct zdate d;
    if (optional && (!date || !*date)) return STORE_OK;
    if (!date || !date_parse(date, &d))
        return st_fail(st, STORE_ERR_CONSTRAINT, "%s" DATE_MSG, label);
    return STORE_OK;
}

/* A trimmed copy of text into dst; msg (if any) when it is empty, "<label>过长" when it does
 * not fit. */
static int take_text(struct store *st, char *dst, size_t dstsz, const char *text, const char *msg,
                     const char *label)
{
    const char *src = text ? text : "";
    char *tmp = xstrdup(src);
    text_trim(tmp);
    size_t len = strlen(tmp);
    int rc = STORE_OK;
    if (len >= dstsz) rc = st_fail(st, STORE_ERR_CONSTRAINT, "%s过长", label);
    else if (msg && len == 0) rc = st_fail(st, STORE_ERR_CONSTRAINT, "%s", msg);
    zb_strlcpy(dst, rc == STORE_OK ? tmp : "", dstsz);
    free(tmp);
    return rc;
}


/* The end of a read loop: STORE_OK when the statement ran to completion (or stopped at a row),
 * else the mapped failure. Resets s. */
static int read_end(struct store *st, sqlite3_stmt *s, int rc, const char *what)
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

static void read_post(sqlite3_stmt *s, struct post *p)
{
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
    int rc = take_text(st, def->name, sizeof def->name, p->name, "须填写岗位名称", "岗位名称");
    if (rc == STORE_OK)
        rc = take_text(st, def->category, sizeof def->category, p->category, NULL, "岗位类别");
    if (rc) return rc;
    if (p->wanted < 1 || p->wanted > 99)
        return st_fail(st, STORE_ERR_CONSTRAINT, "岗位人数应为 1 至 99");
    rc = check_date(st, p->active_from, "岗位起始日期", true);
    if (rc == STORE_OK) rc = check_date(st, p->active_to, "岗位截止日期", true);
    if (rc) return rc;
    if (p->active_from[0] && p->active_to[0] && strcmp(p->active_to, p->active_from) < 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "岗位截止日期不能早于起始日期");
    def->duties = xstrdup(p->duties ? p->duties : "");
    text_trim(def->duties);
    return STORE_OK;
}

static int post_fail(struct store *st, int sqlrc, const char *what)
{
    if (sqlrc == SQLITE_CONSTRAINT_FOREIGNKEY)
        return st_fail(st, STORE_ERR_CONSTRAINT, "%s失败: 所属支部不存在", what);
    return st_sqlfail(st, sqlrc, what);
}

/* The branch of a post / of a holding's post; 0 when there is none (who may write is decided
 * by the branch the row belongs to). */
static int64_t post_branch(struct store *st, int64_t post_id)
{
    sqlite3_stmt *s = st_stmt(st, S_POST_BRANCH, "SELECT branch_id FROM post WHERE id = ?1");
    if (!s) return 0;
    sqlite3_bind_int64(s, 1, post_id);
    int64_t b = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    st_done(s);
    return b;
}

static int64_t holding_branch(struct store *st, int64_t holding_id)
{
    sqlite3_stmt *s = st_stmt(st, S_HOLDING_BRANCH,
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
    sqlite3_stmt *s = st_stmt(st, S_POST_INSERT,
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
    int sqlrc = sqlite3_step(s);
    st_done(s);
    if (sqlrc != SQLITE_DONE)
        return st_abort(st, post_fail(st, sqlite3_extended_errcode(st->db), "保存岗位"));
    int64_t id = st_insert_history(st, "post", uuid, S_POST_JSON, POST_JSON);
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
    sqlite3_stmt *s = st_stmt(st, S_POST_GET, POST_COLS " WHERE p.id = ?1");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    int result = STORE_OK;
    if (rc == SQLITE_ROW)
        read_post(s, out);
    else if (rc == SQLITE_DONE)
        result = st_fail(st, STORE_ERR_NOT_FOUND, "岗位不存在");
    else
        result = st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取岗位");
    st_done(s);
    return result;
}

int store_post_update(struct store *st, struct post *p)
{
    int rc = st_require_edit(st, post_branch(st, p->id));
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
    rc = st_check_version(st, "post", old.uuid, p->version, S_POST_JSON, POST_JSON, p->id);
    if (rc) {
        free(def.duties);
        return st_abort(st, rc);
    }
    int64_t h = st_history_begin(st, "post", old.uuid, "update", S_POST_JSON, POST_JSON, p->id);
    sqlite3_stmt *s = h < 0 ? NULL
                            : st_stmt(st, S_POST_UPDATE,
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
    if (rc == STORE_OK) rc = st_history_finish(st, h, S_POST_JSON, POST_JSON, p->id);
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

int store_post_void(struct store *st, int64_t id, const char *reason)
{
    int rc = st_require_edit(st, post_branch(st, id));
    if (rc) return rc;
    char why[TEXT_LONG];
    rc = take_text(st, why, sizeof why, reason, "撤销岗位须填写原因", "撤销原因");
    if (rc) return rc;
    rc = store_begin(st);
    if (rc) return rc;
    struct post old;
    rc = store_post_get(st, id, &old);
    if (rc) return st_abort(st, rc);
    post_free(&old);
    if (old.voided) return st_abort(st, st_fail(st, STORE_ERR_CONSTRAINT, "该岗位已撤销"));
    if (old.holders > 0)
        return st_abort(st, st_fail(st, STORE_ERR_CONSTRAINT, "请先办理在岗党员卸任"));
    int64_t h = st_history_begin(st, "post", old.uuid, "void", S_POST_JSON, POST_JSON, id);
    if (h < 0) return st_abort(st, (int)h);
    sqlite3_stmt *s = st_stmt(st, S_POST_VOID,
                              "UPDATE post SET voided_at = ?2, voided_by = ?3, void_reason = ?4,"
                              " updated_at = ?2 WHERE id = ?1");
    if (!s) return st_abort(st, STORE_ERR);
    char now[24];
    clock_now_iso(now);
    sqlite3_bind_int64(s, 1, id);
    st_bind_text(s, 2, now);
    st_bind_text(s, 3, st->user);
    st_bind_text(s, 4, why);
    rc = st_step_write(st, s, "撤销岗位");
    if (rc == STORE_OK) rc = st_history_finish(st, h, S_POST_JSON, POST_JSON, id);
    if (rc) return st_abort(st, rc);
    return store_commit(st);
}

int store_post_list(struct store *st, int64_t branch_id, struct store_post_list *out)
{
    *out = (struct store_post_list){0};
    sqlite3_stmt *s = st_stmt(st, S_POST_LIST,
                              POST_COLS " WHERE p.branch_id = ?1 AND p.voided_at IS NULL"
                                        " ORDER BY p.category, p.name, p.id");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) read_post(s, ST_LIST_ADD(out));
    int result = read_end(st, s, rc, "读取岗位");
    if (result) store_post_list_free(out);
    return result;
}

void store_post_list_free(struct store_post_list *l)
{
    for (int i = 0; i < l->n; i++) post_free(&l->v[i]);
    free(l->v);
    *l = (struct store_post_list){0};
}

/* ---- holdings -------------------------------------------------------------------------- */

/* Column order read by read_holding: the row, the member's and the post's names, the newest
 * report and the rating of the review of the latest period (index lookups per holding). */
#define HOLDING_COLS                                                                           \
    "SELECT h.id, h.uuid, h.post_id, h.member_id, h.how, h.claimed, h.pledge, h.noticed,"      \
    " h.ended, h.end_reason, m.name, p.name,"                                                  \
    " ifnull((SELECT max(r.date) FROM post_report r WHERE r.holding_id = h.id), ''),"          \
    " ifnull((SELECT v.rating FROM post_review v WHERE v.holding_id = h.id"                    \
    " ORDER BY v.period_start DESC LIMIT 1), '')"                                              \
    " FROM post_holding h JOIN member m ON m.id = h.member_id JOIN post p ON p.id = h.post_id"

static void read_holding(sqlite3_stmt *s, struct holding *h)
{
    memset(h, 0, sizeof *h);
    h->id = sqlite3_column_int64(s, 0);
    st_col_text(s, 1, h->uuid, sizeof h->uuid);
    h->post_id = sqlite3_column_int64(s, 2);
    h->member_id = sqlite3_column_int64(s, 3);
    st_col_text(s, 4, h->how, sizeof h->how);
    st_col_text(s, 5, h->claimed, sizeof h->claimed);
    st_col_text(s, 6, h->pledge, sizeof h->pledge);
    st_col_text(s, 7, h->noticed, sizeof h->noticed);
    st_col_text(s, 8, h->ended, sizeof h->ended);
    st_col_text(s, 9, h->end_reason, sizeof h->end_reason);
    st_col_text(s, 10, h->member_name, sizeof h->member_name);
    st_col_text(s, 11, h->post_name, sizeof h->post_name);
    st_col_text(s, 12, h->last_report, sizeof h->last_report);
    st_col_text(s, 13, h->latest_rating, sizeof h->latest_rating);
}

int store_holding_get(struct store *st, int64_t id, struct holding *out)
{
    sqlite3_stmt *s = st_stmt(st, S_HOLDING_GET, HOLDING_COLS " WHERE h.id = ?1");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    int result = STORE_OK;
    if (rc == SQLITE_ROW)
        read_holding(s, out);
    else if (rc == SQLITE_DONE)
        result = st_fail(st, STORE_ERR_NOT_FOUND, "岗位认领记录不存在");
    else
        result = st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取岗位认领记录");
    st_done(s);
    return result;
}

/* Whether member_id holds post_id now (1), not (0), or <0 rc. */
static int holds_now(struct store *st, int64_t post_id, int64_t member_id)
{
    sqlite3_stmt *s = st_stmt(st, S_HOLDING_DUPLICATE,
                              "SELECT count(*) FROM post_holding WHERE post_id = ?1"
                              " AND member_id = ?2 AND ended = ''");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, post_id);
    sqlite3_bind_int64(s, 2, member_id);
    int rc = sqlite3_step(s);
    int found = rc == SQLITE_ROW && sqlite3_column_int(s, 0) > 0;
    st_done(s);
    if (rc != SQLITE_ROW) return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取岗位认领记录");
    return found;
}

int store_holding_add(struct store *st, struct holding *h)
{
    char how[sizeof h->how], pledge[sizeof h->pledge];
    int rc = st_require_edit(st, post_branch(st, h->post_id));
    if (rc) return rc;
    zb_strlcpy(how, h->how[0] ? h->how : "claim", sizeof how);
    if (strcmp(how, "claim") != 0 && strcmp(how, "recommend") != 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "认领方式应为认领或推荐");
    rc = check_date(st, h->claimed, "认领日期", false);
    if (rc) return rc;
    take_text(st, pledge, sizeof pledge, h->pledge, NULL, "承诺");

    rc = store_begin(st);
    if (rc) return rc;
    struct post p;
    rc = store_post_get(st, h->post_id, &p);
    if (rc) return st_abort(st, rc);
    post_free(&p);
    if (p.voided) return st_abort(st, st_fail(st, STORE_ERR_CONSTRAINT, "该岗位已撤销，不能认领"));
    struct member m;
    rc = store_member_get(st, h->member_id, &m);
    if (rc) return st_abort(st, rc);
    if (m.branch_id != p.branch_id)
        return st_abort(st, st_fail(st, STORE_ERR_CONSTRAINT, "该党员不属于本支部，不能认领本支部的岗位"));
    if (m.leave_status[0])
        return st_abort(st, st_fail(st, STORE_ERR_CONSTRAINT, "该党员已离开名册，不能认领岗位"));
    int dup = holds_now(st, h->post_id, h->member_id);
    if (dup < 0) return st_abort(st, dup);
    if (dup) return st_abort(st, st_fail(st, STORE_ERR_CONSTRAINT, "该党员已在此岗位"));

    sqlite3_stmt *s = st_stmt(st, S_HOLDING_INSERT,
                              "INSERT INTO post_holding(uuid, post_id, member_id, how, claimed,"
                              " pledge, created_at, created_by, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7)");
    if (!s) return st_abort(st, STORE_ERR);
    char uuid[UUID_STR_LEN], now[24];
    st_bind_stamps(st, s, 1, uuid, 7, now);
    sqlite3_bind_int64(s, 2, h->post_id);
    sqlite3_bind_int64(s, 3, h->member_id);
    st_bind_text(s, 4, how);
    st_bind_text(s, 5, h->claimed);
    st_bind_text(s, 6, pledge);
    rc = st_step_write(st, s, "保存岗位认领");
    if (rc) return st_abort(st, rc);
    int64_t id = st_insert_history(st, "post_holding", uuid, S_HOLDING_JSON, HOLDING_JSON);
    if (id < 0) return st_abort(st, (int)id);
    rc = store_commit(st);
    if (rc) return rc;
    h->id = id;
    memcpy(h->uuid, uuid, sizeof uuid);
    zb_strlcpy(h->how, how, sizeof h->how);
    zb_strlcpy(h->pledge, pledge, sizeof h->pledge);
    h->noticed[0] = h->ended[0] = h->end_reason[0] = '\0';
    zb_strlcpy(h->member_name, m.name, sizeof h->member_name);
    zb_strlcpy(h->post_name, p.name, sizeof h->post_name);
    h->last_report[0] = h->latest_rating[0] = '\0';
    return STORE_OK;
}

int store_holding_end(struct store *st, int64_t id, const char *date, const char *reason)
{
    int rc = st_require_edit(st, holding_branch(st, id));
    if (rc) return rc;
    rc = check_date(st, date, "卸任日期", false);
    if (rc) return rc;
    char why[sizeof ((struct holding *)0)->end_reason];
    rc = take_text(st, why, sizeof why, reason, "须填写卸任原因", "卸任原因");
    if (rc) return rc;
    rc = store_begin(st);
    if (rc) return rc;
    struct holding h;
    rc = store_holding_get(st, id, &h);
    if (rc) return st_abort(st, rc);
    if (h.ended[0]) return st_abort(st, st_fail(st, STORE_ERR_CONSTRAINT, "该党员已卸任此岗位"));
    if (strcmp(date, h.claimed) < 0)
        return st_abort(st, st_fail(st, STORE_ERR_CONSTRAINT, "卸任日期不能早于认领日期"));
    int64_t hist = st_history_begin(st, "post_holding", h.uuid, "end", S_HOLDING_JSON,
                                    HOLDING_JSON, id);
    if (hist < 0) return st_abort(st, (int)hist);
    sqlite3_stmt *s = st_stmt(st, S_HOLDING_END,
                              "UPDATE post_holding SET ended = ?2, end_reason = ?3,"
                              " updated_at = ?4 WHERE id = ?1");
    if (!s) return st_abort(st, STORE_ERR);
    char now[24];
    clock_now_iso(now);
    sqlite3_bind_int64(s, 1, id);
    st_bind_text(s, 2, date);
    st_bind_text(s, 3, why);
    st_bind_text(s, 4, now);
    rc = st_step_write(st, s, "保存卸任");
    if (rc == STORE_OK) rc = st_history_finish(st, hist, S_HOLDING_JSON, HOLDING_JSON, id);
    if (rc) return st_abort(st, rc);
    return store_commit(st);
}

int st_holdings_end_for_member(struct store *st, int64_t member_id, const char *date,
                               const char *reason)
{
    sqlite3_stmt *s = st_stmt(st, S_HOLDINGS_HELD_BY,
                              "SELECT id, uuid, claimed FROM post_holding WHERE member_id = ?1"
                              " AND ended = '' ORDER BY id");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, member_id);
    struct row {
        int64_t id;
        char uuid[UUID_STR_LEN];
        char claimed[11];
    } *rows = NULL;
    int n = 0, cap = 0, sqlrc;
    while ((sqlrc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            rows = xrealloc(rows, (size_t)cap * sizeof *rows);
        }
        rows[n].id = sqlite3_column_int64(s, 0);
        st_col_text(s, 1, rows[n].uuid, sizeof rows[n].uuid);
        st_col_text(s, 2, rows[n].claimed, sizeof rows[n].claimed);
        n++;
    }
    int rc = read_end(st, s, sqlrc, "读取岗位认领记录");
    char now[24];
    clock_now_iso(now);
    for (int i = 0; rc == STORE_OK && i < n; i++) {
        int64_t h = st_history_begin(st, "post_holding", rows[i].uuid, "end", S_HOLDING_JSON,
                                     HOLDING_JSON, rows[i].id);
        if (h < 0) {
            rc = (int)h;
            break;
        }
        s = st_stmt(st, S_HOLDING_END,
                    "UPDATE post_holding SET ended = ?2, end_reason = ?3,"
                    " updated_at = ?4 WHERE id = ?1");
        if (!s) {
            rc = STORE_ERR;
            break;
        }
        /* a holding never ends before its claim (a claim dated after the leaving: that day) */
        const char *end = strcmp(date, rows[i].claimed) < 0 ? rows[i].claimed : date;
        sqlite3_bind_int64(s, 1, rows[i].id);
        st_bind_text(s, 2, end);
        st_bind_text(s, 3, reason);
        st_bind_text(s, 4, now);
        rc = st_step_write(st, s, "保存卸任");
        if (rc == STORE_OK) rc = st_history_finish(st, h, S_HOLDING_JSON, HOLDING_JSON, rows[i].id);
    }
    free(rows);
    return rc;
}

/* Read up to max holdings from a statement bound except ?2 = max. */
int store_holding_list(struct store *st, const struct holding_filter *f,
                       struct store_holding_list *out)
{
    *out = (struct store_holding_list){0};
    sqlite3_stmt *s;
    if (f->post_id) {
        s = st_stmt(st, S_HOLDINGS_OF_POST,
                    HOLDING_COLS " WHERE h.post_id = ?1"
                                 " ORDER BY h.ended <> '', h.ended DESC, h.claimed,"
                                 " m.name, h.id");
        if (!s) return STORE_ERR;
        sqlite3_bind_int64(s, 1, f->post_id);
    } else if (f->member_id) {
        s = st_stmt(st, S_HOLDINGS_OF_MEMBER,
                    HOLDING_COLS " WHERE h.member_id = ?1"
                                 " ORDER BY h.ended <> '', h.ended DESC, p.category,"
                                 " p.name, h.claimed, h.id");
        if (!s) return STORE_ERR;
        sqlite3_bind_int64(s, 1, f->member_id);
    } else {
        s = st_stmt(st, S_HOLDINGS_OF_BRANCH,
                    HOLDING_COLS " WHERE p.branch_id = ?1"
                                 " AND (?3 = '' OR h.claimed <= ?3)"
                                 " AND (h.ended = '' OR (h.ended > h.claimed"
                                 " AND (?2 = '' OR h.ended > ?2)))"
                                 " ORDER BY p.category, p.name, p.id, h.claimed, h.id");
        if (!s) return STORE_ERR;
        sqlite3_bind_int64(s, 1, f->branch_id);
        st_bind_text(s, 2, f->from);
        st_bind_text(s, 3, f->to);
    }
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) read_holding(s, ST_LIST_ADD(out));
    int result = read_end(st, s, rc, "读取岗位认领记录");
    if (result) store_holding_list_free(out);
    return result;
}

void store_holding_list_free(struct store_holding_list *l)
{
    free(l->v);
    *l = (struct store_holding_list){0};
}

int store_posts_notice(struct store *st, int64_t branch_id, const char *date, int *count)
{
    *count = 0;
    int rc = st_require_edit(st, branch_id);
    if (rc) return rc;
    rc = check_date(st, date, "公示日期", false);
    if (rc) return rc;
    rc = store_begin(st);
    if (rc) return rc;
    /* the rows first (ids and uuids), then each change with its history */
    sqlite3_stmt *s = st_stmt(st, S_HOLDING_UNNOTICED,
                              "SELECT h.id, h.uuid FROM post_holding h JOIN post p"
                              " ON p.id = h.post_id WHERE p.branch_id = ?1 AND h.ended = ''"
                              " AND h.noticed = '' AND h.claimed <= ?2 ORDER BY h.id");
    if (!s) return st_abort(st, STORE_ERR);
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, date);
    struct row {
        int64_t id;
        char uuid[UUID_STR_LEN];
    } *rows = NULL;
    int n = 0, cap = 0, sqlrc;
    while ((sqlrc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            rows = xrealloc(rows, (size_t)cap * sizeof *rows);
        }
        rows[n].id = sqlite3_column_int64(s, 0);
        st_col_text(s, 1, rows[n].uuid, sizeof rows[n].uuid);
        n++;
    }
    rc = read_end(st, s, sqlrc, "读取岗位认领记录");
    char now[24];
    clock_now_iso(now);
    for (int i = 0; rc == STORE_OK && i < n; i++) {
        int64_t h = st_history_begin(st, "post_holding", rows[i].uuid, "notice", S_HOLDING_JSON,
                                     HOLDING_JSON, rows[i].id);
        if (h < 0) {
            rc = (int)h;
            break;
        }
        s = st_stmt(st, S_HOLDING_NOTICE,
                    "UPDATE post_holding SET noticed = ?2, updated_at = ?3 WHERE id = ?1");
        if (!s) {
            rc = STORE_ERR;
            break;
        }
        sqlite3_bind_int64(s, 1, rows[i].id);
        st_bind_text(s, 2, date);
        st_bind_text(s, 3, now);
        rc = st_step_write(st, s, "保存公示日期");
        if (rc == STORE_OK)
            rc = st_history_finish(st, h, S_HOLDING_JSON, HOLDING_JSON, rows[i].id);
    }
    free(rows);
    if (rc) return st_abort(st, rc);
    rc = store_commit(st);
    if (rc == STORE_OK) *count = n;
    return rc;
}

/* ---- reports --------------------------------------------------------------------------- */

int store_report_add(struct store *st, struct post_report *r)
{
    int rc = st_require_edit(st, holding_branch(st, r->holding_id));
    if (rc) return rc;
    rc = check_date(st, r->date, "汇报日期", false);
    if (rc) return rc;
    char venue[sizeof r->venue];
    rc = take_text(st, venue, sizeof venue, r->venue, NULL, "汇报场合");
    if (rc) return rc;
    char *content = xstrdup(r->content ? r->content : "");
    text_trim(content);
    if (!content[0]) {
        free(content);
        return st_fail(st, STORE_ERR_CONSTRAINT, "须填写汇报内容");
    }
    rc = store_begin(st);
    struct holding h;
    if (rc == STORE_OK) {
        rc = store_holding_get(st, r->holding_id, &h);
        if (rc) st_abort(st, rc);
    }
    if (rc) {
        free(content);
        return rc;
    }
    sqlite3_stmt *s = st_stmt(st, S_REPORT_INSERT,
                              "INSERT INTO post_report(uuid, holding_id, date, venue, content,"
                              " meeting_id, created_at, created_by, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7)");
    if (!s) {
        free(content);
        return st_abort(st, STORE_ERR);
    }
    char uuid[UUID_STR_LEN], now[24];
    st_bind_stamps(st, s, 1, uuid, 7, now);
    sqlite3_bind_int64(s, 2, r->holding_id);
    st_bind_text(s, 3, r->date);
    st_bind_text(s, 4, venue);
    st_bind_text(s, 5, content);
    st_bind_id(s, 6, r->meeting_id);
    free(content);
    int sqlrc = sqlite3_step(s);
    st_done(s);
    if (sqlrc != SQLITE_DONE) {
        sqlrc = sqlite3_extended_errcode(st->db);
        if (sqlrc == SQLITE_CONSTRAINT_FOREIGNKEY)
            return st_abort(st, st_fail(st, STORE_ERR_CONSTRAINT, "保存汇报失败: 关联的会议记录不存在"));
        return st_abort(st, st_sqlfail(st, sqlrc, "保存汇报"));
    }
    int64_t id = st_insert_history(st, "post_report", uuid, S_REPORT_JSON, REPORT_JSON);
    if (id < 0) return st_abort(st, (int)id);
    rc = store_commit(st);
    if (rc) return rc;
    r->id = id;
    zb_strlcpy(r->venue, venue, sizeof r->venue);
    return STORE_OK;
}

int store_report_list(struct store *st, int64_t holding_id, struct store_report_list *out)
{
    *out = (struct store_report_list){0};
    sqlite3_stmt *s = st_stmt(st, S_REPORT_LIST,
                              "SELECT id, holding_id, date, venue, content, ifnull(meeting_id, 0)"
                              " FROM post_report WHERE holding_id = ?1"
                              " ORDER BY date DESC, id DESC");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, holding_id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct post_report *r = ST_LIST_ADD(out);
        memset(r, 0, sizeof *r);
        r->id = sqlite3_column_int64(s, 0);
        r->holding_id = sqlite3_column_int64(s, 1);
        st_col_text(s, 2, r->date, sizeof r->date);
        st_col_text(s, 3, r->venue, sizeof r->venue);
        const unsigned char *c = sqlite3_column_text(s, 4);
        r->content = xstrdup(c ? (const char *)c : "");
        r->meeting_id = sqlite3_column_int64(s, 5);
    }
    int result = read_end(st, s, rc, "读取汇报");
    if (result) store_report_list_free(out);
    return result;
}

void store_report_list_free(struct store_report_list *l)
{
    post_reports_free(l->v, l->n);
    free(l->v);
    *l = (struct store_report_list){0};
}

void post_reports_free(struct post_report *r, int n)
{
    for (int i = 0; r && i < n; i++) {
        free(r[i].content);
        r[i].content = NULL;
    }
}

/* ---- reviews --------------------------------------------------------------------------- */

int store_review_add(struct store *st, struct post_review *r)
{
    int rc = st_require_edit(st, holding_branch(st, r->holding_id));
    if (rc) return rc;
    rc = check_date(st, r->period_start, "评议期间开始日期", false);
    if (rc == STORE_OK) rc = check_date(st, r->period_end, "评议期间截止日期", false);
    if (rc == STORE_OK) rc = check_date(st, r->date, "评议日期", false);
    if (rc) return rc;
    if (strcmp(r->period_end, r->period_start) < 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "评议期间的截止日期不能早于开始日期");
    char comment[sizeof r->comment], reward[sizeof r->reward];
    take_text(st, comment, sizeof comment, r->comment, NULL, "评议意见");
    take_text(st, reward, sizeof reward, r->reward, NULL, "考核奖励");

    rc = store_begin(st);
    if (rc) return rc;
    struct holding h;
    rc = store_holding_get(st, r->holding_id, &h);
    if (rc) return st_abort(st, rc);
    sqlite3_stmt *s = st_stmt(st, S_REVIEW_INSERT,
                              "INSERT INTO post_review(uuid, holding_id, period_start, period_end,"
                              " rating, comment, date, reward, created_at, created_by, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?9)");
    if (!s) return st_abort(st, STORE_ERR);
    char uuid[UUID_STR_LEN], now[24];
    st_bind_stamps(st, s, 1, uuid, 9, now);
    sqlite3_bind_int64(s, 2, r->holding_id);
    st_bind_text(s, 3, r->period_start);
    st_bind_text(s, 4, r->period_end);
    st_bind_text(s, 5, r->rating);
    st_bind_text(s, 6, comment);
    st_bind_text(s, 7, r->date);
    st_bind_text(s, 8, reward);
    int sqlrc = sqlite3_step(s);
    st_done(s);
    if (sqlrc != SQLITE_DONE) {
        sqlrc = sqlite3_extended_errcode(st->db);
        if (sqlrc == SQLITE_CONSTRAINT_UNIQUE)
            return st_abort(st, st_fail(st, STORE_ERR_CONSTRAINT, "该期间已评议"));
        return st_abort(st, st_sqlfail(st, sqlrc, "保存评议"));
    }
    int64_t id = st_insert_history(st, "post_review", uuid, S_REVIEW_JSON, REVIEW_JSON);
    if (id < 0) return st_abort(st, (int)id);
    rc = store_commit(st);
    if (rc) return rc;
    r->id = id;
    zb_strlcpy(r->comment, comment, sizeof r->comment);
    zb_strlcpy(r->reward, reward, sizeof r->reward);
    return STORE_OK;
}

int store_review_list(struct store *st, int64_t holding_id, struct store_review_list *out)
{
    *out = (struct store_review_list){0};
    sqlite3_stmt *s = st_stmt(st, S_REVIEW_LIST,
                              "SELECT id, holding_id, period_start, period_end, rating, comment,"
                              " date, reward FROM post_review WHERE holding_id = ?1"
                              " ORDER BY period_start DESC, id DESC");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, holding_id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct post_review *r = ST_LIST_ADD(out);
        memset(r, 0, sizeof *r);
        r->id = sqlite3_column_int64(s, 0);
        r->holding_id = sqlite3_column_int64(s, 1);
        st_col_text(s, 2, r->period_start, sizeof r->period_start);
        st_col_text(s, 3, r->period_end, sizeof r->period_end);
        st_col_text(s, 4, r->rating, sizeof r->rating);
        st_col_text(s, 5, r->comment, sizeof r->comment);
        st_col_text(s, 6, r->date, sizeof r->date);
        st_col_text(s, 7, r->reward, sizeof r->reward);
    }
    int result = read_end(st, s, rc, "读取评议");
    if (result) store_review_list_free(out);
    return result;
}

void store_review_list_free(struct store_review_list *l)
{
    free(l->v);
    *l = (struct store_review_list){0};
}

/* ---- excused members ------------------------------------------------------------------- */

/* The member's open excuse: its id (0 when none, <0 rc), uuid and reason. */
static int64_t current_excuse(struct store *st, int64_t member_id, char uuid[UUID_STR_LEN],
                              char *reason, size_t reasonsz)
{
    sqlite3_stmt *s = st_stmt(st, S_EXCUSE_CURRENT,
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

int store_post_excuse(struct store *st, int64_t member_id, const char *reason, const char *since)
{
    int rc = st_require_edit(st, st_member_branch(st, member_id));
    if (rc) return rc;
    char why[TEXT_LONG];
    rc = take_text(st, why, sizeof why, reason, "须填写免于设岗的原因", "免于设岗的原因");
    if (rc) return rc;
    char from[DATE_STR_LEN];
    if (since && *since) {
        rc = check_date(st, since, "免于设岗起始日期", false);
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
    sqlite3_stmt *s = st_stmt(st, S_EXCUSE_INSERT,
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
    int64_t id = st_insert_history(st, "post_excuse", uuid, S_EXCUSE_JSON, EXCUSE_JSON);
    if (id < 0) return st_abort(st, (int)id);
    return store_commit(st);
}

int store_post_unexcuse(struct store *st, int64_t member_id)
{
    int rc = st_require_edit(st, st_member_branch(st, member_id));
    if (rc) return rc;
    rc = store_begin(st);
    if (rc) return rc;
    char uuid[UUID_STR_LEN];
    int64_t id = current_excuse(st, member_id, uuid, NULL, 0);
    if (id < 0) return st_abort(st, (int)id);
    if (id == 0) return st_abort(st, st_fail(st, STORE_ERR_NOT_FOUND, "该党员未登记免于设岗"));
    int64_t h = st_history_begin(st, "post_excuse", uuid, "end", S_EXCUSE_JSON, EXCUSE_JSON, id);
    if (h < 0) return st_abort(st, (int)h);
    sqlite3_stmt *s = st_stmt(st, S_EXCUSE_END,
                              "UPDATE post_excuse SET ended_at = ?2, updated_at = ?2 WHERE id = ?1");
    if (!s) return st_abort(st, STORE_ERR);
    char now[24];
    clock_now_iso(now);
    sqlite3_bind_int64(s, 1, id);
    st_bind_text(s, 2, now);
    rc = st_step_write(st, s, "保存免于设岗");
    if (rc == STORE_OK) rc = st_history_finish(st, h, S_EXCUSE_JSON, EXCUSE_JSON, id);
    if (rc) return st_abort(st, rc);
    return store_commit(st);
}

int store_post_excused(struct store *st, int64_t member_id, char *reason, size_t reasonsz)
{
    char uuid[UUID_STR_LEN];
    int64_t id = current_excuse(st, member_id, uuid, reason, reasonsz);
    return id < 0 ? (int)id : STORE_OK;
}
