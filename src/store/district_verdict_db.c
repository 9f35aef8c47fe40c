/* district_verdict_db.c — 复审: the district's verdicts beside the township's, and one month of
 * every branch in scope for the 复审 screen, the audit and the circular (store_district.h).
 *
 * A district verdict never touches audit_verdict: the township's verdict as it stood when the
 * district judged is copied into township_verdict. Written only at a district's database, by a
 * session allowed STORE_PERM_DISTRICT on the branch; journaled (DISTRICT_VERDICT_JSON). */
#include "store_priv.h"
#include "store_list.h"
#include "store_json.h"
#include "district_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/store_district.h"
#include "zhibu/text.h"
#include "zhibu/util.h"

static const char *const ITEMS[DISTRICT_ITEMS] = {"meetings", "theme_day", "records", "members",
                                                  "dues",     "posts",     "overall"};
static const char *const VERDICT_CODES[] = {"pass", "rectify", "fail"};

static int item_index(const char *item)
{
    for (int i = 0; item && i < DISTRICT_ITEMS; i++)
        if (strcmp(item, ITEMS[i]) == 0) return i;
    return -1;
}

#define ITEM_ORDER(col)                                                                        \
    " CASE " col " WHEN 'meetings' THEN 0 WHEN 'theme_day' THEN 1 WHEN 'records' THEN 2"       \
    " WHEN 'members' THEN 3 WHEN 'dues' THEN 4 WHEN 'posts' THEN 5 ELSE 6 END"

/* A month that may be judged: valid, not after this month. */
static int check_month(struct store *st, const char *month, struct zmonth *out)
{
    if (!month || strlen(month) != 7 || !zmonth_parse(month, out) || !zmonth_valid(*out))
        return st_fail(st, STORE_ERR_CONSTRAINT, "月份格式应为 YYYY-MM");
    struct zmonth now = zmonth_of_date(clock_today());
    if (zmonth_cmp(*out, now) > 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "月份 %s 还没有到，不能复审", month);
    return STORE_OK;
}

/* The township's verdict on (branch, month, item), "" when none. */
static int township_verdict(struct store *st, int64_t branch_id, const char *month,
                            const char *item, char out[12])
{
    out[0] = '\0';
    sqlite3_stmt *s = st_stmt(st, "SELECT verdict FROM audit_verdict WHERE branch_id = ?1"
                                  " AND month = ?2 AND item = ?3");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, month);
    st_bind_text(s, 3, item);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) st_col_text(s, 0, out, 12);
    st_done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取乡镇评审结论");
    return STORE_OK;
}

static bool json_object_ok(struct store *st, const char *json)
{
    sqlite3_stmt *s = st_stmt(st, "SELECT json_valid(?1) AND json_type(?1) = 'object'");
    if (!s) return false;
    st_bind_text(s, 1, json);
    bool ok = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) == 1;
    st_done(s);
    return ok;
}

#define DV_COLS                                                                                \
    "SELECT d.id, d.uuid, d.branch_id, d.month, d.item, d.verdict, d.township_verdict,"        \
    " d.comment, d.sent_back, d.reviewer, d.created_by, d.updated_at FROM district_verdict d"

static void read_verdict(sqlite3_stmt *s, void *out);

static int verdict_fail(struct store *st, int sqlrc, const void *ctx)
{
    if (sqlrc == SQLITE_CONSTRAINT_FOREIGNKEY)
        return st_fail(st, STORE_ERR_NOT_FOUND, "支部不存在");
    return st_sqlfail(st, sqlrc, ctx);
}

int store_district_verdict_set(struct store *st, struct district_verdict *v)
{
    int rc = st_require_district(st, v->branch_id);
    if (rc) return rc;
    struct district_verdict w = *v;
    struct zmonth m;
    if ((rc = check_month(st, v->month, &m)) != STORE_OK) return rc;
    if (item_index(v->item) < 0) return st_fail(st, STORE_ERR_CONSTRAINT, "复审项目无效");
    bool known = false;
    for (size_t i = 0; i < ZB_ARRAY_LEN(VERDICT_CODES); i++)
        known = known || strcmp(v->verdict, VERDICT_CODES[i]) == 0;
    if (!known) return st_fail(st, STORE_ERR_CONSTRAINT, "复审结论应为合格、需整改或不合格");
    if ((rc = st_check_text(st, v->comment, w.comment, sizeof w.comment, 0, 500, "复审意见",
                            true)) != STORE_OK)
        return rc;
    if ((rc = st_check_text(st, v->reviewer, w.reviewer, sizeof w.reviewer, 0, 63, "复审人",
                            false)) != STORE_OK)
        return rc;
    if (!w.reviewer[0]) zb_strlcpy(w.reviewer, st->user, sizeof w.reviewer);
    if (w.engine_json && !json_object_ok(st, w.engine_json))
        return st_fail(st, STORE_ERR_CONSTRAINT, "审查结果格式无效");
    struct branch b;
    if (store_branch_get(st, v->branch_id, &b) != STORE_OK)
        return st_fail(st, STORE_ERR_NOT_FOUND, "支部不存在");
    if ((rc = township_verdict(st, v->branch_id, w.month, w.item, w.township_verdict)))
        return rc;
    if (w.sent_back && !w.comment[0])
        return st_fail(st, STORE_ERR_CONSTRAINT, "退回乡镇须写明问题");
    if (w.township_verdict[0] && strcmp(w.township_verdict, w.verdict) != 0 && !w.comment[0])
        return st_fail(st, STORE_ERR_CONSTRAINT, "与乡镇结论不同须说明理由");

    if ((rc = store_begin(st)) != STORE_OK) return rc;
    char uuid[UUID_STR_LEN] = "", now[24];
    clock_now_iso(now);
    int64_t id = 0;
    sqlite3_stmt *s = st_stmt(st, "SELECT id, uuid FROM district_verdict WHERE branch_id = ?1"
                                  " AND month = ?2 AND item = ?3");
    if (!s) return st_abort(st, STORE_ERR);
    sqlite3_bind_int64(s, 1, w.branch_id);
    st_bind_text(s, 2, w.month);
    st_bind_text(s, 3, w.item);
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW) {
        id = sqlite3_column_int64(s, 0);
        st_col_text(s, 1, uuid, sizeof uuid);
    }
    st_done(s);
    if (src != SQLITE_ROW && src != SQLITE_DONE)
        return st_abort(st, st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取复审结论"));
    int64_t h = 0;
    if (id) {
        h = st_history_begin(st, "district_verdict", uuid, "update", DISTRICT_VERDICT_JSON, id);
        if (h < 0) return st_abort(st, (int)h);
        s = st_stmt(st, "UPDATE district_verdict SET verdict = ?2, township_verdict = ?3,"
                        " comment = ?4, sent_back = ?5, reviewer = ?6, updated_at = ?7,"
                        " engine_json = ifnull(json(?8), engine_json) WHERE id = ?1");
        if (!s) return st_abort(st, STORE_ERR);
        sqlite3_bind_int64(s, 1, id);
    } else {
        s = st_stmt(st, "INSERT INTO district_verdict(verdict, township_verdict, comment,"
                        " sent_back, reviewer, created_at, updated_at, engine_json, uuid,"
                        " branch_id, month, item, created_by) VALUES (?2, ?3, ?4, ?5, ?6, ?7,"
                        " ?7, ifnull(json(?8), '{}'), ?9, ?10, ?11, ?12, ?13)");
        if (!s) return st_abort(st, STORE_ERR);
        store_uuid(uuid);
        st_bind_text(s, 9, uuid);
        sqlite3_bind_int64(s, 10, w.branch_id);
        st_bind_text(s, 11, w.month);
        st_bind_text(s, 12, w.item);
        st_bind_text(s, 13, st->user);
    }
    st_bind_text(s, 2, w.verdict);
    st_bind_text(s, 3, w.township_verdict);
    st_bind_text(s, 4, w.comment);
    sqlite3_bind_int(s, 5, w.sent_back ? 1 : 0);
    st_bind_text(s, 6, w.reviewer);
    st_bind_text(s, 7, now);
    if (w.engine_json) st_bind_text(s, 8, w.engine_json);
    else sqlite3_bind_null(s, 8);
    rc = st_step_write_as(st, s, verdict_fail, "保存复审结论");
    if (rc) return st_abort(st, rc);
    if (!id) {
        id = sqlite3_last_insert_rowid(st->db);
        h = st_history_begin(st, "district_verdict", uuid, "insert", NULL, id);
        if (h < 0) return st_abort(st, (int)h);
    }
    rc = st_history_finish(st, h, DISTRICT_VERDICT_JSON, id);
    if (rc) return st_abort(st, rc);
    /* the same verdict again (issue 14): no history, no change */
    int same = 0;
    if (src == SQLITE_ROW) {
        same = st_history_same(st, h);
        if (same < 0) return st_abort(st, same);
    }
    rc = same ? st_abort(st, STORE_OK) : store_commit(st);
    if (rc != STORE_OK) return rc;
    /* the row as stored (an update keeps who created it) */
    rc = st_get_row(st, st_stmt(st, DV_COLS " WHERE d.id = ?1"), id, read_verdict, v,
                    "复审结论不存在", "读取复审结论");
    v->engine_json = NULL;
    return rc;
}

static void read_verdict(sqlite3_stmt *s, void *out)
{
    struct district_verdict *v = out;
    memset(v, 0, sizeof *v);
    v->id = sqlite3_column_int64(s, 0);
    st_col_text(s, 1, v->uuid, sizeof v->uuid);
    v->branch_id = sqlite3_column_int64(s, 2);
    st_col_text(s, 3, v->month, sizeof v->month);
    st_col_text(s, 4, v->item, sizeof v->item);
    st_col_text(s, 5, v->verdict, sizeof v->verdict);
    st_col_text(s, 6, v->township_verdict, sizeof v->township_verdict);
    st_col_text(s, 7, v->comment, sizeof v->comment);
    v->sent_back = sqlite3_column_int(s, 8) != 0;
    st_col_text(s, 9, v->reviewer, sizeof v->reviewer);
    st_col_text(s, 10, v->created_by, sizeof v->created_by);
    st_col_text(s, 11, v->updated_at, sizeof v->updated_at);
}

int store_district_verdict_list(struct store *st, int64_t branch_id, struct zmonth month,
                                struct store_district_verdict_list *out)
{
    *out = (struct store_district_verdict_list){0};
    char ym[ZMONTH_STR_LEN];
    int rc = st_month_text(st, month, ym);
    if (rc) return rc;
    sqlite3_stmt *s = st_stmt(st,
                              DV_COLS " JOIN branch b ON b.id = d.branch_id"
                              " WHERE d.month = ?2 AND (?1 = 0 OR d.branch_id = ?1) AND"
                              DISTRICT_SCOPE("d.branch_id", "3")
                              " ORDER BY b.code, d.branch_id," ITEM_ORDER("d.item"));
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, ym);
    sqlite3_bind_int64(s, 3, st_inspector_station(st));
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) read_verdict(s, ST_LIST_ADD(out));
    int result = STORE_OK;
    if (rc != SQLITE_DONE) {
        result = st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取复审结论");
        store_district_verdict_list_free(out);
    }
    st_done(s);
    return result;
}

void store_district_verdict_list_free(struct store_district_verdict_list *l)
{
    free(l->v);
    *l = (struct store_district_verdict_list){0};
}

/* ---- the month -------------------------------------------------------------------------- */

struct row_key {
    int64_t branch_id;
    int row;
};

static int key_cmp(const void *a, const void *b)
{
    const struct row_key *x = a, *y = b;
    return (x->branch_id > y->branch_id) - (x->branch_id < y->branch_id);
}

static int row_of(const struct row_key *keys, int n, int64_t branch_id)
{
    struct row_key k = {branch_id, 0};
    const struct row_key *f = bsearch(&k, keys, (size_t)n, sizeof *keys, key_cmp);
    return f ? f->row : -1;
}

/* The verdicts of ?1 (month) from one table into the rows (district: with sent_back). */
static int month_verdicts(struct store *st, const char *sql, const char *ym,
                          struct store_district_rows *out, const struct row_key *keys,
                          bool district)
{
    sqlite3_stmt *s = st_stmt(st, sql);
    if (!s) return STORE_ERR;
    st_bind_text(s, 1, ym);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int r = row_of(keys, out->n, sqlite3_column_int64(s, 0));
        int i = item_index((const char *)sqlite3_column_text(s, 1));
        if (r < 0 || i < 0) continue;
        struct district_row *row = &out->v[r];
        char *dst = district ? row->district_verdict[i] : row->township_verdict[i];
        st_col_text(s, 2, dst, sizeof row->district_verdict[i]);
        if (district && sqlite3_column_int(s, 3)) row->sent_back = true;
    }
    int result = STORE_OK;
    if (rc != SQLITE_DONE) result = st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取评审结论");
    st_done(s);
    return result;
}

int store_district_month(struct store *st, struct zmonth month, struct store_district_rows *out)
{
    *out = (struct store_district_rows){0};
    char ym[ZMONTH_STR_LEN];
    int rc = st_month_text(st, month, ym);
    if (rc) return rc;
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT ifnull(t.id, 0), ifnull(t.code, ''), ifnull(t.name, ''),"
                              " b.id, b.code, b.name,"
                              " EXISTS(SELECT 1 FROM handin h WHERE h.branch_id = b.id"
                              "  AND h.month = ?1), ifnull(o.n, 0)"
                              " FROM branch b"
                              " LEFT JOIN township_branch tb ON tb.branch_id = b.id"
                              " LEFT JOIN township t ON t.id = tb.township_id"
                              " LEFT JOIN (SELECT r.branch_id, count(*) AS n FROM branch rb"
                              "  CROSS JOIN rectification r ON r.branch_id = rb.id AND r.month = ?1"
                              "  WHERE r.status <> 'confirmed' GROUP BY r.branch_id) o"
                              "  ON o.branch_id = b.id"
                              " WHERE" DISTRICT_SCOPE("b.id", "2")
                              " ORDER BY t.code IS NULL, t.code, b.code, b.id");
    if (!s) return STORE_ERR;
    st_bind_text(s, 1, ym);
    sqlite3_bind_int64(s, 2, st_inspector_station(st));
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct district_row *r = ST_LIST_ADD(out);
        memset(r, 0, sizeof *r);
        r->township_id = sqlite3_column_int64(s, 0);
        st_col_text(s, 1, r->township_code, sizeof r->township_code);
        st_col_text(s, 2, r->township_name, sizeof r->township_name);
        r->branch_id = sqlite3_column_int64(s, 3);
        st_col_text(s, 4, r->branch_code, sizeof r->branch_code);
        st_col_text(s, 5, r->branch_name, sizeof r->branch_name);
        r->handed_in = sqlite3_column_int(s, 6) != 0;
        r->open_orders = sqlite3_column_int(s, 7);
    }
    st_done(s);
    if (rc != SQLITE_DONE) {
        store_district_rows_free(out);
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取本月支部");
    }
    struct row_key *keys = xmalloc(sizeof *keys * (size_t)(out->n ? out->n : 1));
    for (int i = 0; i < out->n; i++) keys[i] = (struct row_key){out->v[i].branch_id, i};
    qsort(keys, (size_t)out->n, sizeof *keys, key_cmp);
    /* through branch: audit_verdict's index leads with branch_id (a lookup per branch, not a
     * scan of every month of ten years; CROSS JOIN keeps branch outside) */
    rc = month_verdicts(st, "SELECT v.branch_id, v.item, v.verdict, 0 FROM branch b"
                            " CROSS JOIN audit_verdict v ON v.branch_id = b.id AND v.month = ?1",
                        ym, out, keys, false);
    if (rc == STORE_OK)
        rc = month_verdicts(st, "SELECT branch_id, item, verdict, sent_back FROM district_verdict"
                                " WHERE month = ?1",
                            ym, out, keys, true);
    free(keys);
    if (rc) store_district_rows_free(out);
    return rc;
}

void store_district_rows_free(struct store_district_rows *l)
{
    free(l->v);
    *l = (struct store_district_rows){0};
}
