/* review.c — the reviewer's side of the monthly review in the database: verdicts per item with
 * history; rectification orders and their states (open → done → confirmed, or back to open);
 * months handed in (提交月报) with a snapshot. Split from audit.c, which loads the facts. */
#include "store_priv.h"
#include "store_list.h"
#include "store_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/dues.h"
#include "zhibu/flatjson.h"
#include "zhibu/store_audit.h"
#include "zhibu/text.h"
#include "zhibu/util.h"

static const char *col_str(sqlite3_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    return t ? (const char *)t : "";
}

/* ---- verdicts -------------------------------------------------------------------------- */

static const char *const ITEM_CODES[] = {"meetings", "theme_day", "records", "members",
                                         "dues",     "posts",     "overall"};
static const char *const VERDICT_CODES[] = {"pass", "rectify", "fail"};

static bool in_codes(const char *code, const char *const *codes, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (code && strcmp(code, codes[i]) == 0) return true;
    return false;
}

/* Items in AUDIT_ITEMS order, overall last. */
#define ITEM_ORDER(col)                                                                        \
    " CASE " col " WHEN 'meetings' THEN 0 WHEN 'theme_day' THEN 1 WHEN 'records' THEN 2"       \
    " WHEN 'members' THEN 3 WHEN 'dues' THEN 4 WHEN 'posts' THEN 5 ELSE 6 END"

static int check_month(struct store *st, const char *month)
{
    if (!month || dues_ym_parse(month) < 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "月份格式应为 YYYY-MM");
    return STORE_OK;
}

/* A failed write of the review (st_step_write_as; ctx: the operation, "保存评审结论"). */
static int review_fail(struct store *st, int sqlrc, const void *ctx)
{
    if (sqlrc == SQLITE_CONSTRAINT_FOREIGNKEY)
        return st_fail(st, STORE_ERR_NOT_FOUND, "支部不存在");
    return st_sqlfail(st, sqlrc, ctx);
}

/* id and uuid of the row of (branch, month, item) by a cached statement; 0 when none. */
static int64_t find_row(struct store *st, const char *sql, int64_t branch_id,
                        const char *month, const char *item, char uuid[UUID_STR_LEN],
                        char *status, size_t statussz)
{
    sqlite3_stmt *s = st_stmt(st, sql);
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, month);
    st_bind_text(s, 3, item);
    int rc = sqlite3_step(s);
    int64_t row = 0;
    if (rc == SQLITE_ROW) {
        row = sqlite3_column_int64(s, 0);
        st_col_text(s, 1, uuid, UUID_STR_LEN);
        if (status) st_col_text(s, 2, status, statussz);
    }
    st_done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取评审记录");
    return row;
}

/* The problem an order of `item` is given for, from the engine's result kept with its verdict:
 * the item's failing reasons, one a line (for "overall" every failing reason, after its item's
 * label); when the item has none, its other reasons (pending). Whole reasons only, up to
 * outsz - 1 bytes ("……" for the rest). "" when the JSON holds no reasons. */
static void problem_of(const char *engine_json, const char *item, char *out, size_t outsz)
{
    out[0] = '\0';
    if (!engine_json || outsz < 8) return;
    struct flatjson_pair top[8];
    int nt = flatjson_parse(engine_json, top, 8);
    if (nt < 0) return;
    const char *reasons = flatjson_get(top, nt, "reasons");
    char **objs = NULL;
    int no = reasons ? flatjson_objects(reasons, &objs) : -1;
    bool overall = strcmp(item, "overall") == 0;
    size_t len = 0;
    bool cut = false;
    for (int pass = 0; pass < 2 && len == 0 && !cut; pass++)
        for (int i = 0; i < no; i++) {
            struct flatjson_pair p[6];
            int np = flatjson_parse(objs[i], p, 6);
            if (np < 0) continue;
            const char *it = flatjson_get(p, np, "item"), *text = flatjson_get(p, np, "text");
            const char *fails = flatjson_get(p, np, "fails");
            bool failing = fails && strcmp(fails, "true") == 0;
            bool want = it && text && *text && (overall ? failing : strcmp(it, item) == 0 &&
                                                                        (pass == 1 || failing));
            if (want && !cut) {
                char line[1200];
                int k = audit_item_of_code(it);
                snprintf(line, sizeof line, "%s%s%s%s", len ? "\n" : "",
                         overall && k >= 0 ? AUDIT_ITEMS[k].label : "", overall && k >= 0 ? "：" : "", text);
                size_t n = strlen(line);
                if (len + n + sizeof "\n……" > outsz) {
                    cut = true;
                    if (len) {
                        memcpy(out + len, "\n……", sizeof "\n……");
                        len += sizeof "\n……" - 1;
                    }
                } else {
                    memcpy(out + len, line, n + 1);
                    len += n;
                }
            }
            flatjson_free(p, np);
        }
    for (int i = 0; i < no; i++) free(objs[i]);
    free(objs);
    flatjson_free(top, nt);
}

/* 需整改 or 不合格: create the order of (branch, month, item), or give the existing one the new
 * text and deadline — an order already done or confirmed opens again, since the reviewer says
 * it still needs putting right. The order keeps the problem it is given for (problem_of; an
 * existing order keeps its own when the verdict brings no engine result). Inside the caller's
 * transaction. */
static int order_rectification(struct store *st, const struct verdict *v, const char *now)
{
    char problem[sizeof ((struct rectification *)0)->problem];
    problem_of(v->engine_json, v->item, problem, sizeof problem);
    char uuid[UUID_STR_LEN] = "", status[12] = "";
    int64_t id = find_row(st,
                          "SELECT id, uuid, status FROM rectification WHERE branch_id = ?1"
                          " AND month = ?2 AND item = ?3",
                          v->branch_id, v->month, v->item, uuid, status, sizeof status);
    if (id < 0) return (int)id;
    if (id == 0) {
        sqlite3_stmt *s = st_stmt(st,
                                  "INSERT INTO rectification(uuid, branch_id, month, item,"
                                  " order_text, deadline, status, created_at, created_by,"
                                  " updated_at, problem)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'open', ?7, ?8, ?7, ?9)");
        if (!s) return STORE_ERR;
        store_uuid(uuid);
        st_bind_text(s, 1, uuid);
        sqlite3_bind_int64(s, 2, v->branch_id);
        st_bind_text(s, 3, v->month);
        st_bind_text(s, 4, v->item);
        st_bind_text(s, 5, v->comment);
        st_bind_text(s, 6, v->deadline);
        st_bind_text(s, 7, now);
        st_bind_text(s, 8, st->user);
        st_bind_text(s, 9, problem);
        int rc = st_step_write_as(st, s, review_fail, "保存整改通知");
        if (rc) return rc;
        id = sqlite3_last_insert_rowid(st->db);
        int64_t h = st_history_begin(st, "rectification", uuid, "insert", NULL, id);
        if (h < 0) return (int)h;
        return st_history_finish(st, h, RECTIFY_JSON, id);
    }
    int64_t h = st_history_begin(st, "rectification", uuid,
                                 strcmp(status, "open") == 0 ? "update" : "reopen",
                                 RECTIFY_JSON, id);
    if (h < 0) return (int)h;
    sqlite3_stmt *s = st_stmt(st,
                              "UPDATE rectification SET order_text = ?2, deadline = ?3,"
                              " status = 'open', updated_at = ?4,"
                              " problem = CASE WHEN ?5 THEN ?6 ELSE problem END WHERE id = ?1");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, id);
    st_bind_text(s, 2, v->comment);
    st_bind_text(s, 3, v->deadline);
    st_bind_text(s, 4, now);
    sqlite3_bind_int(s, 5, v->engine_json != NULL);
    st_bind_text(s, 6, problem);
    int rc = st_step_write_as(st, s, review_fail, "保存整改通知");
    if (rc) return rc;
    return st_history_finish(st, h, RECTIFY_JSON, id);
}

int store_verdict_set(struct store *st, struct verdict *v)
{
    int rc = st_require_review(st, v->branch_id);
    if (rc) return rc;
    rc = check_month(st, v->month);
    if (rc) return rc;
    if (!in_codes(v->item, ITEM_CODES, ZB_ARRAY_LEN(ITEM_CODES)))
        return st_fail(st, STORE_ERR_CONSTRAINT, "评审项目无效");
    if (!in_codes(v->verdict, VERDICT_CODES, ZB_ARRAY_LEN(VERDICT_CODES)))
        return st_fail(st, STORE_ERR_CONSTRAINT, "评审结论无效");
    struct verdict w = *v;
    rc = st_check_reason(st, w.comment, sizeof w.comment, v->comment, NULL, "评审意见");
    if (rc) return rc;
    /* what is not 合格 gets a rectification order (DOMAIN: what fails is put right) */
    bool rectify = strcmp(w.verdict, "rectify") == 0 || strcmp(w.verdict, "fail") == 0;
    struct zdate d;
    if (rectify) {
        if (!w.deadline[0])
            return st_fail(st, STORE_ERR_CONSTRAINT, "%s须填写整改期限",
                           strcmp(w.verdict, "fail") == 0 ? "不合格" : "需整改");
        if (!date_parse(w.deadline, &d))
            return st_fail(st, STORE_ERR_CONSTRAINT, "整改期限格式应为 YYYY-MM-DD，且须是真实日期");
    } else if (w.deadline[0] && !date_parse(w.deadline, &d)) {
        return st_fail(st, STORE_ERR_CONSTRAINT, "整改期限格式应为 YYYY-MM-DD，且须是真实日期");
    }
    rc = st_check_reason(st, w.reviewer, sizeof w.reviewer, v->reviewer, NULL, "评审人");
    if (rc) return rc;
    if (!w.reviewer[0]) zb_strlcpy(w.reviewer, st->user, sizeof w.reviewer);
    if (w.engine_json) {
        struct flatjson_pair p[8];
        int np = flatjson_parse(w.engine_json, p, 8);
        if (np < 0) return st_fail(st, STORE_ERR_CONSTRAINT, "审查结果格式无效");
        flatjson_free(p, np);
    }

    rc = store_begin(st);
    if (rc) return rc;
    char uuid[UUID_STR_LEN] = "", now[24];
    clock_now_iso(now);
    int64_t id = find_row(st,
                          "SELECT id, uuid FROM audit_verdict WHERE branch_id = ?1 AND month = ?2"
                          " AND item = ?3",
                          w.branch_id, w.month, w.item, uuid, NULL, 0);
    if (id < 0) return st_abort(st, (int)id);
    int64_t h = 0;
    sqlite3_stmt *s;
    if (id) {
        h = st_history_begin(st, "audit_verdict", uuid, "update", VERDICT_JSON, id);
        if (h < 0) return st_abort(st, (int)h);
        s = st_stmt(st,
                    "UPDATE audit_verdict SET verdict = ?2, comment = ?3, deadline = ?4,"
                    " reviewer = ?5, updated_at = ?6,"
                    " engine_json = ifnull(json(?12), engine_json) WHERE id = ?1");
        if (!s) return st_abort(st, STORE_ERR);
        sqlite3_bind_int64(s, 1, id);
    } else {
        s = st_stmt(st,
                    "INSERT INTO audit_verdict(verdict, comment, deadline, reviewer, created_at,"
                    " updated_at, uuid, branch_id, month, item, created_by, engine_json)"
                    " VALUES (?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8, ?9, ?10, ?11,"
                    " ifnull(json(?12), '{}'))");
        if (!s) return st_abort(st, STORE_ERR);
        store_uuid(uuid);
        st_bind_text(s, 7, uuid);
        sqlite3_bind_int64(s, 8, w.branch_id);
        st_bind_text(s, 9, w.month);
        st_bind_text(s, 10, w.item);
        st_bind_text(s, 11, st->user);
    }
    st_bind_text(s, 2, w.verdict);
    st_bind_text(s, 3, w.comment);
    st_bind_text(s, 4, w.deadline);
    st_bind_text(s, 5, w.reviewer);
    st_bind_text(s, 6, now);
    if (w.engine_json) st_bind_text(s, 12, w.engine_json);
    else sqlite3_bind_null(s, 12);
    rc = st_step_write_as(st, s, review_fail, "保存评审结论");
    if (rc) return st_abort(st, rc);
    if (!id) {
        id = sqlite3_last_insert_rowid(st->db);
        h = st_history_begin(st, "audit_verdict", uuid, "insert", NULL, id);
        if (h < 0) return st_abort(st, (int)h);
    }
    rc = st_history_finish(st, h, VERDICT_JSON, id);
    /* another verdict leaves an existing order as it is: the reviewer confirms it or it stays */
    if (rc == STORE_OK && rectify) rc = order_rectification(st, &w, now);
    if (rc) return st_abort(st, rc);
    rc = store_commit(st);
    if (rc) return rc;
    w.engine_json = v->engine_json;
    *v = w;
    v->id = id;
    zb_strlcpy(v->updated_at, now, sizeof v->updated_at);
    return STORE_OK;
}

int store_verdict_list(struct store *st, int64_t branch_id, struct zmonth month,
                       struct store_verdict_list *out)
{
    *out = (struct store_verdict_list){0};
    char ym[ZMONTH_STR_LEN];
    int mrc = st_month_text(st, month, ym);
    if (mrc) return mrc;
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT id, branch_id, month, item, verdict, comment, deadline,"
                              " reviewer, updated_at FROM audit_verdict WHERE branch_id = ?1"
                              " AND month = ?2 ORDER BY" ITEM_ORDER("item"));
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, ym);
    int rc = SQLITE_DONE;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct verdict *v = ST_LIST_ADD(out);
        memset(v, 0, sizeof *v);
        v->id = sqlite3_column_int64(s, 0);
        v->branch_id = sqlite3_column_int64(s, 1);
        st_col_text(s, 2, v->month, sizeof v->month);
        st_col_text(s, 3, v->item, sizeof v->item);
        st_col_text(s, 4, v->verdict, sizeof v->verdict);
        st_col_text(s, 5, v->comment, sizeof v->comment);
        st_col_text(s, 6, v->deadline, sizeof v->deadline);
        st_col_text(s, 7, v->reviewer, sizeof v->reviewer);
        st_col_text(s, 8, v->updated_at, sizeof v->updated_at);
    }
    st_done(s);
    if (rc != SQLITE_DONE) {
        store_verdict_list_free(out);
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取评审结论");
    }
    return STORE_OK;
}

void store_verdict_list_free(struct store_verdict_list *l)
{
    free(l->v);
    *l = (struct store_verdict_list){0};
}

static void read_engine(sqlite3_stmt *s, void *out)
{
    *(char **)out = xstrdup(col_str(s, 0));
}

int store_verdict_engine(struct store *st, int64_t branch_id, struct zmonth month, const char *item,
                         char **json_out)
{
    *json_out = NULL;
    char ym[ZMONTH_STR_LEN];
    int mrc = st_month_text(st, month, ym);
    if (mrc) return mrc;
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT engine_json FROM audit_verdict WHERE branch_id = ?1"
                              " AND month = ?2 AND item = ?3");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, ym);
    st_bind_text(s, 3, item);
    return st_one_row(st, s, read_engine, json_out, "没有该评审结论", "读取评审结论");
}

/* ---- rectification --------------------------------------------------------------------- */

#define RECTIFY_COLS                                                                           \
    "SELECT r.id, r.uuid, r.branch_id, b.name, r.month, r.item, r.order_text, r.deadline,"     \
    " r.status, r.done_note, r.done_at, r.done_by, r.confirmed_at, r.confirmed_by,"             \
    " r.return_note, r.problem FROM rectification r JOIN branch b ON b.id = r.branch_id"

static void read_rectification(sqlite3_stmt *s, void *out)
{
    struct rectification *r = out;
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(s, 0);
    st_col_text(s, 1, r->uuid, sizeof r->uuid);
    r->branch_id = sqlite3_column_int64(s, 2);
    st_col_text(s, 3, r->branch_name, sizeof r->branch_name);
    st_col_text(s, 4, r->month, sizeof r->month);
    st_col_text(s, 5, r->item, sizeof r->item);
    st_col_text(s, 6, r->order_text, sizeof r->order_text);
    st_col_text(s, 7, r->deadline, sizeof r->deadline);
    st_col_text(s, 8, r->status, sizeof r->status);
    st_col_text(s, 9, r->done_note, sizeof r->done_note);
    st_col_text(s, 10, r->done_at, sizeof r->done_at);
    st_col_text(s, 11, r->done_by, sizeof r->done_by);
    st_col_text(s, 12, r->confirmed_at, sizeof r->confirmed_at);
    st_col_text(s, 13, r->confirmed_by, sizeof r->confirmed_by);
    st_col_text(s, 14, r->return_note, sizeof r->return_note);
    st_col_text(s, 15, r->problem, sizeof r->problem);
}

int store_rectification_list(struct store *st, int64_t branch_id, const struct zmonth *month,
                             bool open_only, struct store_rectification_list *out)
{
    *out = (struct store_rectification_list){0};
    char ym[ZMONTH_STR_LEN] = "";
    int mrc = month ? st_month_text(st, *month, ym) : STORE_OK;
    if (mrc) return mrc;
    sqlite3_stmt *s = st_stmt(st,
                              RECTIFY_COLS " WHERE (?1 = 0 OR r.branch_id = ?1)"
                                           " AND (?2 = '' OR r.month = ?2)"
                                           " AND (?3 = 0 OR r.status <> 'confirmed')"
                                           " ORDER BY r.month DESC, b.code," ITEM_ORDER("r.item"));
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, ym);
    sqlite3_bind_int(s, 3, open_only ? 1 : 0);
    int rc = SQLITE_DONE;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) read_rectification(s, ST_LIST_ADD(out));
    st_done(s);
    if (rc != SQLITE_DONE) {
        store_rectification_list_free(out);
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取整改通知");
    }
    return STORE_OK;
}

void store_rectification_list_free(struct store_rectification_list *l)
{
    free(l->v);
    *l = (struct store_rectification_list){0};
}

/* Where an order stands (rectify_move). */
struct order_state {
    char uuid[UUID_STR_LEN], status[12];
    int64_t branch;
};

static void read_order_state(sqlite3_stmt *s, void *out)
{
    struct order_state *o = out;
    st_col_text(s, 0, o->uuid, sizeof o->uuid);
    st_col_text(s, 1, o->status, sizeof o->status);
    o->branch = sqlite3_column_int64(s, 2);
}

/* Move order id from status `from` by the cached update (?1 id, ?2 now, ?3 user, ?4 note), with
 * history `action`. Refusals name where the order stands. by_reviewer: the move is the
 * reviewer's (confirm, send back); else the branch's (done). */
static int rectify_move(struct store *st, int64_t id, const char *from, const char *action,
                        const char *upd_sql, const char *note, bool by_reviewer)
{
    struct order_state o = {"", "", 0};
    int rc = st_get_row(st, st_stmt(st, "SELECT uuid, status, branch_id FROM rectification"
                                        " WHERE id = ?1"),
                        id, read_order_state, &o, "整改通知不存在", "读取整改通知");
    if (rc) return rc;
    const char *uuid = o.uuid, *status = o.status;
    int64_t branch = o.branch;
    rc = by_reviewer ? st_require_review(st, branch) : st_require_edit(st, branch);
    if (rc) return rc;
    if (strcmp(status, from) != 0) {
        if (strcmp(status, "confirmed") == 0)
            return st_fail(st, STORE_ERR_CONSTRAINT, "该整改已确认");
        if (strcmp(status, "done") == 0)
            return st_fail(st, STORE_ERR_CONSTRAINT, "该整改已标记完成，等待确认");
        return st_fail(st, STORE_ERR_CONSTRAINT, "该整改尚未标记完成");
    }
    rc = store_begin(st);
    if (rc) return rc;
    int64_t h = st_history_begin(st, "rectification", uuid, action, RECTIFY_JSON, id);
    if (h < 0) return st_abort(st, (int)h);
    sqlite3_stmt *s = st_stmt(st, upd_sql);
    if (!s) return st_abort(st, STORE_ERR);
    char now[24];
    clock_now_iso(now);
    sqlite3_bind_int64(s, 1, id);
    st_bind_text(s, 2, now);
    st_bind_text(s, 3, st->user);
    if (note) st_bind_text(s, 4, note);
    rc = st_step_write_as(st, s, review_fail, "保存整改通知");
    if (rc == STORE_OK) rc = st_history_finish(st, h, RECTIFY_JSON, id);
    if (rc) return st_abort(st, rc);
    return store_commit(st);
}

int store_rectification_done(struct store *st, int64_t id, const char *note)
{
    char text[600];
    int rc = st_check_reason(st, text, sizeof text, note, "整改说明不能为空", "整改说明");
    if (rc) return rc;
    return rectify_move(st, id, "open", "done",
                        "UPDATE rectification SET status = 'done', done_at = ?2, done_by = ?3,"
                        " done_note = ?4, updated_at = ?2 WHERE id = ?1",
                        text, false);
}

int store_rectification_confirm(struct store *st, int64_t id)
{
    return rectify_move(st, id, "done", "confirm",
                        "UPDATE rectification SET status = 'confirmed', confirmed_at = ?2,"
                        " confirmed_by = ?3, updated_at = ?2 WHERE id = ?1",
                        NULL, true);
}

int store_rectification_return(struct store *st, int64_t id, const char *note)
{
    char text[600];
    int rc = st_check_reason(st, text, sizeof text, note, "退回须填写说明", "退回说明");
    if (rc) return rc;
    return rectify_move(st, id, "done", "return",
                        "UPDATE rectification SET status = 'open', return_note = ?4,"
                        " updated_at = ?2 WHERE id = ?1",
                        text, true);
}

/* ---- 审后修改 ----------------------------------------------------------------------------- */

static void read_change(sqlite3_stmt *s, void *dst)
{
    struct history_entry *out = dst;
    out->id = sqlite3_column_int64(s, 0);
    st_col_text(s, 1, out->table_name, sizeof out->table_name);
    st_col_text(s, 2, out->row_uuid, sizeof out->row_uuid);
    st_col_text(s, 3, out->action, sizeof out->action);
    st_col_text(s, 4, out->changed_at, sizeof out->changed_at);
    st_col_text(s, 5, out->changed_by, sizeof out->changed_by);
    out->old_json = sqlite3_column_type(s, 6) == SQLITE_NULL ? NULL : xstrdup(col_str(s, 6));
    out->new_json = sqlite3_column_type(s, 7) == SQLITE_NULL ? NULL : xstrdup(col_str(s, 7));
}

int store_amend_change(struct store *st, const struct amend *a, struct history_entry *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT h.id, h.table_name, h.row_uuid, h.action, h.changed_at,"
                              " h.changed_by, h.old_json, h.new_json FROM history_data d"
                              " JOIN history h ON h.id = d.id WHERE " ST_HROW("d", "?1", "?2")
                              " AND d.id > ?3 ORDER BY d.id LIMIT 1");
    if (!s) return STORE_ERR;
    st_bind_text(s, 1, a->table_name);
    st_bind_text(s, 2, a->row_uuid);
    sqlite3_bind_int64(s, 3, a->history_after);
    return st_one_row(st, s, read_change, out, "日志中没有这次修改", "读取审后修改");
}

/* ---- handing the month in -------------------------------------------------------------- */

/* A failed hand-in (st_step_write_as). */
static int handin_fail(struct store *st, int sqlrc, const void *ctx)
{
    (void)ctx;
    if (sqlrc == SQLITE_CONSTRAINT_UNIQUE) return st_fail(st, STORE_ERR_CONSTRAINT, "该月已提交");
    return review_fail(st, sqlrc, "提交月报");
}

int store_handin_add(struct store *st, struct handin *h)
{
    int rc = st_require_edit(st, h->branch_id);
    if (rc) return rc;
    rc = check_month(st, h->month);
    if (rc) return rc;
    char by[64];
    rc = st_check_reason(st, by, sizeof by, h->handed_by, NULL, "提交人");
    if (rc) return rc;
    if (!by[0]) zb_strlcpy(by, st->user, sizeof by);
    rc = store_begin(st);
    if (rc) return rc;
    sqlite3_stmt *s = st_stmt(st,
                              "INSERT INTO handin(uuid, branch_id, month, handed_at, handed_by,"
                              " snapshot_json, notes_json, created_at, created_by, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?4, ?8, ?4)");
    if (!s) return st_abort(st, STORE_ERR);
    char uuid[UUID_STR_LEN], now[24];
    store_uuid(uuid);
    clock_now_iso(now);
    st_bind_text(s, 1, uuid);
    sqlite3_bind_int64(s, 2, h->branch_id);
    st_bind_text(s, 3, h->month);
    st_bind_text(s, 4, now);
    st_bind_text(s, 5, by);
    st_bind_text(s, 6, h->snapshot_json && h->snapshot_json[0] ? h->snapshot_json : "{}");
    st_bind_text(s, 7, h->notes_json && h->notes_json[0] ? h->notes_json : "{}");
    st_bind_text(s, 8, st->user);
    rc = st_step_write_as(st, s, handin_fail, NULL);
    if (rc) return st_abort(st, rc);
    int64_t id = sqlite3_last_insert_rowid(st->db);
    int64_t hist = st_history_begin(st, "handin", uuid, "insert", NULL, id);
    if (hist < 0) return st_abort(st, (int)hist);
    rc = st_history_finish(st, hist, HANDIN_JSON, id);
    if (rc) return st_abort(st, rc);
    rc = store_commit(st);
    if (rc) return rc;
    h->id = id;
    zb_strlcpy(h->handed_at, now, sizeof h->handed_at);
    zb_strlcpy(h->handed_by, by, sizeof h->handed_by);
    return STORE_OK;
}

static void read_handin(sqlite3_stmt *s, void *dst)
{
    struct handin *out = dst;
    out->id = sqlite3_column_int64(s, 0);
    out->branch_id = sqlite3_column_int64(s, 1);
    st_col_text(s, 2, out->month, sizeof out->month);
    st_col_text(s, 3, out->handed_at, sizeof out->handed_at);
    st_col_text(s, 4, out->handed_by, sizeof out->handed_by);
    out->snapshot_json = xstrdup(col_str(s, 5));
    out->notes_json = xstrdup(col_str(s, 6));
}

int store_handin_get(struct store *st, int64_t branch_id, struct zmonth month, struct handin *out)
{
    memset(out, 0, sizeof *out);
    char ym[ZMONTH_STR_LEN];
    int mrc = st_month_text(st, month, ym);
    if (mrc) return mrc;
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT id, branch_id, month, handed_at, handed_by, snapshot_json,"
                              " notes_json FROM handin WHERE branch_id = ?1 AND month = ?2");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, ym);
    return st_one_row(st, s, read_handin, out, "该月尚未提交", "读取月报");
}

void store_handin_free(struct handin *h)
{
    if (!h) return;
    free(h->snapshot_json);
    free(h->notes_json);
    h->snapshot_json = NULL;
    h->notes_json = NULL;
}

/* ---- the township table's facts of a month, every branch at once ---- */

int store_review_facts(struct store *st, struct zmonth month, struct store_review_facts *out)
{
    *out = (struct store_review_facts){0};
    char ym[ZMONTH_STR_LEN];
    int mrc = st_month_text(st, month, ym);
    if (mrc) return mrc;
    /* each subquery by its (branch_id, month…) unique key or index, as the one-branch reads (the
     * orders not by their (status, month) index: that holds every branch's orders of the month) */
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT b.id,"
                              " ifnull((SELECT v.verdict FROM audit_verdict v WHERE v.branch_id = b.id"
                              " AND v.month = ?1 AND v.item = 'overall'), ''),"
                              " ifnull((SELECT h.handed_at FROM handin h WHERE h.branch_id = b.id"
                              " AND h.month = ?1), ''),"
                              " (SELECT count(*) FROM rectification r WHERE r.branch_id = b.id"
                              " AND r.month = ?1 AND +r.status = 'open'),"
                              " (SELECT count(*) FROM rectification r WHERE r.branch_id = b.id"
                              " AND r.month = ?1 AND +r.status = 'done'),"
                              " (SELECT count(*) FROM amend_request a WHERE a.branch_id = b.id"
                              " AND a.month = ?1)"
                              " FROM branch b ORDER BY b.id");
    if (!s) return STORE_ERR;
    st_bind_text(s, 1, ym);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct review_facts *f = ST_LIST_ADD(out);
        memset(f, 0, sizeof *f);
        f->branch_id = sqlite3_column_int64(s, 0);
        st_col_text(s, 1, f->verdict, sizeof f->verdict);
        st_col_text(s, 2, f->handed, sizeof f->handed);
        f->open_orders = sqlite3_column_int(s, 3);
        f->done_orders = sqlite3_column_int(s, 4);
        f->amends = sqlite3_column_int(s, 5);
    }
    st_done(s);
    if (rc != SQLITE_DONE) {
        store_review_facts_free(out);
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取审查情况");
    }
    return STORE_OK;
}

const struct review_facts *store_review_facts_find(const struct store_review_facts *l, int64_t branch_id)
{
    int lo = 0, hi = l->n - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (l->v[mid].branch_id == branch_id) return &l->v[mid];
        if (l->v[mid].branch_id < branch_id) lo = mid + 1;
        else hi = mid - 1;
    }
    return NULL;
}

void store_review_facts_free(struct store_review_facts *l)
{
    free(l->v);
    *l = (struct store_review_facts){0};
}
