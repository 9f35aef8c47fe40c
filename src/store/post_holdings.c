/* post_holdings.c — holdings of posts in the database (claims and recommendations with the pledge,
 * the 公示 date and stepping down), their reports, and reviews with their reward. */
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

static void read_holding(sqlite3_stmt *s, void *out)
{
    struct holding *h = out;
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
    return st_get_row(st, st_stmt(st, HOLDING_COLS " WHERE h.id = ?1"), id,
                      read_holding, out, "岗位认领记录不存在", "读取岗位认领记录");
}

/* Whether member_id holds post_id now (1), not (0), or <0 rc. */
static int holds_now(struct store *st, int64_t post_id, int64_t member_id)
{
    sqlite3_stmt *s = st_stmt(st,
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
    int rc = st_require_edit(st, st_post_branch(st, h->post_id));
    if (rc) return rc;
    zb_strlcpy(how, h->how[0] ? h->how : "claim", sizeof how);
    if (strcmp(how, "claim") != 0 && strcmp(how, "recommend") != 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "认领方式应为认领或推荐");
    rc = st_check_date(st, h->claimed, "认领日期", false);
    if (rc) return rc;
    st_check_reason(st, pledge, sizeof pledge, h->pledge, NULL, "承诺");

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

    sqlite3_stmt *s = st_stmt(st,
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
    int64_t id = st_insert_history(st, "post_holding", uuid, HOLDING_JSON);
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
    int rc = st_require_edit(st, st_holding_branch(st, id));
    if (rc) return rc;
    rc = st_check_date(st, date, "卸任日期", false);
    if (rc) return rc;
    char why[sizeof ((struct holding *)0)->end_reason];
    rc = st_check_reason(st, why, sizeof why, reason, "须填写卸任原因", "卸任原因");
    if (rc) return rc;
    rc = store_begin(st);
    if (rc) return rc;
    struct holding h;
    rc = store_holding_get(st, id, &h);
    if (rc) return st_abort(st, rc);
    if (h.ended[0]) return st_abort(st, st_fail(st, STORE_ERR_CONSTRAINT, "该党员已卸任此岗位"));
    if (strcmp(date, h.claimed) < 0)
        return st_abort(st, st_fail(st, STORE_ERR_CONSTRAINT, "卸任日期不能早于认领日期"));
    int64_t hist = st_history_begin(st, "post_holding", h.uuid, "end",
                                    HOLDING_JSON, id);
    if (hist < 0) return st_abort(st, (int)hist);
    sqlite3_stmt *s = st_stmt(st,
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
    if (rc == STORE_OK) rc = st_history_finish(st, hist, HOLDING_JSON, id);
    if (rc) return st_abort(st, rc);
    return store_commit(st);
}

int st_holdings_end_for_member(struct store *st, int64_t member_id, const char *date,
                               const char *reason)
{
    sqlite3_stmt *s = st_stmt(st,
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
    int rc = st_read_end(st, s, sqlrc, "读取岗位认领记录");
    char now[24];
    clock_now_iso(now);
    for (int i = 0; rc == STORE_OK && i < n; i++) {
        int64_t h = st_history_begin(st, "post_holding", rows[i].uuid, "end",
                                     HOLDING_JSON, rows[i].id);
        if (h < 0) {
            rc = (int)h;
            break;
        }
        s = st_stmt(st,
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
        if (rc == STORE_OK) rc = st_history_finish(st, h, HOLDING_JSON, rows[i].id);
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
        s = st_stmt(st,
                    HOLDING_COLS " WHERE h.post_id = ?1"
                                 " ORDER BY h.ended <> '', h.ended DESC, h.claimed,"
                                 " m.name, h.id");
        if (!s) return STORE_ERR;
        sqlite3_bind_int64(s, 1, f->post_id);
    } else if (f->member_id) {
        s = st_stmt(st,
                    HOLDING_COLS " WHERE h.member_id = ?1"
                                 " ORDER BY h.ended <> '', h.ended DESC, p.category,"
                                 " p.name, h.claimed, h.id");
        if (!s) return STORE_ERR;
        sqlite3_bind_int64(s, 1, f->member_id);
    } else {
        s = st_stmt(st,
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
    int result = st_read_end(st, s, rc, "读取岗位认领记录");
    if (result) store_holding_list_free(out);
    return result;
}

void store_holding_list_free(struct store_holding_list *l)
{
    free(l->v);
    *l = (struct store_holding_list){0};
}

int store_holding_notice(struct store *st, int64_t branch_id, const char *date, int *count)
{
    *count = 0;
    int rc = st_require_edit(st, branch_id);
    if (rc) return rc;
    rc = st_check_date(st, date, "公示日期", false);
    if (rc) return rc;
    rc = store_begin(st);
    if (rc) return rc;
    /* the rows first (ids and uuids), then each change with its history */
    sqlite3_stmt *s = st_stmt(st,
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
    rc = st_read_end(st, s, sqlrc, "读取岗位认领记录");
    char now[24];
    clock_now_iso(now);
    for (int i = 0; rc == STORE_OK && i < n; i++) {
        int64_t h = st_history_begin(st, "post_holding", rows[i].uuid, "notice",
                                     HOLDING_JSON, rows[i].id);
        if (h < 0) {
            rc = (int)h;
            break;
        }
        s = st_stmt(st,
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
            rc = st_history_finish(st, h, HOLDING_JSON, rows[i].id);
    }
    free(rows);
    if (rc) return st_abort(st, rc);
    rc = store_commit(st);
    if (rc == STORE_OK) *count = n;
    return rc;
}

/* ---- reports --------------------------------------------------------------------------- */

/* A failed write of a report (st_step_write_as). */
static int report_fail(struct store *st, int sqlrc, const void *ctx)
{
    (void)ctx;
    if (sqlrc == SQLITE_CONSTRAINT_FOREIGNKEY)
        return st_fail(st, STORE_ERR_CONSTRAINT, "保存汇报失败: 关联的会议记录不存在");
    return st_sqlfail(st, sqlrc, "保存汇报");
}

int store_report_add(struct store *st, struct post_report *r)
{
    int rc = st_require_edit(st, st_holding_branch(st, r->holding_id));
    if (rc) return rc;
    rc = st_check_date(st, r->date, "汇报日期", false);
    if (rc) return rc;
    char venue[sizeof r->venue];
    rc = st_check_reason(st, venue, sizeof venue, r->venue, NULL, "汇报场合");
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
    sqlite3_stmt *s = st_stmt(st,
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
    rc = st_step_write_as(st, s, report_fail, NULL);
    if (rc) return st_abort(st, rc);
    int64_t id = st_insert_history(st, "post_report", uuid, REPORT_JSON);
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
    sqlite3_stmt *s = st_stmt(st,
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
    int result = st_read_end(st, s, rc, "读取汇报");
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

/* A failed write of a review (st_step_write_as). */
static int review_fail(struct store *st, int sqlrc, const void *ctx)
{
    (void)ctx;
    if (sqlrc == SQLITE_CONSTRAINT_UNIQUE) return st_fail(st, STORE_ERR_CONSTRAINT, "该期间已评议");
    return st_sqlfail(st, sqlrc, "保存评议");
}

int store_review_add(struct store *st, struct post_review *r)
{
    int rc = st_require_edit(st, st_holding_branch(st, r->holding_id));
    if (rc) return rc;
    rc = st_check_date(st, r->period_start, "评议期间开始日期", false);
    if (rc == STORE_OK) rc = st_check_date(st, r->period_end, "评议期间截止日期", false);
    if (rc == STORE_OK) rc = st_check_date(st, r->date, "评议日期", false);
    if (rc) return rc;
    if (strcmp(r->period_end, r->period_start) < 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "评议期间的截止日期不能早于开始日期");
    char comment[sizeof r->comment], reward[sizeof r->reward];
    st_check_reason(st, comment, sizeof comment, r->comment, NULL, "评议意见");
    st_check_reason(st, reward, sizeof reward, r->reward, NULL, "考核奖励");

    rc = store_begin(st);
    if (rc) return rc;
    struct holding h;
    rc = store_holding_get(st, r->holding_id, &h);
    if (rc) return st_abort(st, rc);
    sqlite3_stmt *s = st_stmt(st,
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
    rc = st_step_write_as(st, s, review_fail, NULL);
    if (rc) return st_abort(st, rc);
    int64_t id = st_insert_history(st, "post_review", uuid, REVIEW_JSON);
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
    sqlite3_stmt *s = st_stmt(st,
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
    int result = st_read_end(st, s, rc, "读取评议");
    if (result) store_review_list_free(out);
    return result;
}

void store_review_list_free(struct store_review_list *l)
{
    free(l->v);
    *l = (struct store_review_list){0};
}
