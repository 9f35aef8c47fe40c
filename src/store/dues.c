/* dues.c — 党费 in the database: bases from a month on, adjustments (免交 / 减交 / 缓交) with
 * who approved them, payments split into per-month allocations, voids, receipt numbers, and
 * loading a branch's dues facts for the rules of core/dues.c in a handful of queries. */
#include "store_priv.h"
#include "store_list.h"
#include "store_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/store_dues.h"
#include "zhibu/text.h"
#include "zhibu/util.h"

/* ---- small helpers --------------------------------------------------------------------- */

/* Months the ledger can hold: years 1900..2999, like dates. */
/* "YYYY-MM" of the month of a YYYY-MM-DD text; -1 if it is not a date. */
static int ym_of_text(const char *date)
{
    struct zdate d;
    if (!date || !date_parse(date, &d)) return -1;
    return dues_ym_of_date(d);
}

static int ym_col(sqlite3_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    return t ? dues_ym_parse((const char *)t) : -1;
}

static void bind_ym(sqlite3_stmt *s, int idx, int ym)
{
    char buf[8];
    dues_ym_format(ym, buf);
    st_bind_text(s, idx, buf);
}

/* A trimmed heap copy of text; NULL (and the message) when it is empty. */
static char *required_text(struct store *st, const char *text, const char *msg)
{
    char *r = xstrdup(text ? text : "");
    text_trim(r);
    if (!r[0]) {
        free(r);
        st_fail(st, STORE_ERR_CONSTRAINT, "%s", msg);
        return NULL;
    }
    return r;
}

/* uuid of a row, whether it is voided, its branch and the month that locks it, from a cached
 * "SELECT uuid, voided_at IS NOT NULL, branch, month ... WHERE id = ?1" statement. */
static int row_state(struct store *st, enum stmt_id id, const char *sql, int64_t row_id,
                     char uuid[UUID_STR_LEN], bool *voided, int64_t *branch, char month[16],
                     const char *what)
{
    sqlite3_stmt *s = st_stmt(st, id, sql);
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, row_id);
    int rc = sqlite3_step(s);
    int result = STORE_OK;
    if (rc == SQLITE_ROW) {
        st_col_text(s, 0, uuid, UUID_STR_LEN);
        *voided = sqlite3_column_int(s, 1) != 0;
        *branch = sqlite3_column_int64(s, 2);
        st_col_text(s, 3, month, 16);
    } else if (rc == SQLITE_DONE) {
        result = st_fail(st, STORE_ERR_NOT_FOUND, "%s不存在", what);
    } else {
        result = st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取记录");
    }
    st_done(s);
    return result;
}

/* Void one row of a table with voided_at / voided_by / void_reason, with history "void".
 * update_sql binds ?1 id, ?2 now, ?3 user, ?4 reason. */
struct void_spec {
    const char *table;
    const char *what;          /* 交费记录 ... for messages */
    enum stmt_id state_id, json_id, void_id;
    const char *state_sql, *json_sql, *void_sql;
};

static int void_row(struct store *st, const struct void_spec *v, int64_t id, const char *reason)
{
    char uuid[UUID_STR_LEN], month[16] = "";
    bool voided = false;
    int64_t branch = 0;
    int rc = row_state(st, v->state_id, v->state_sql, id, uuid, &voided, &branch, month, v->what);
    if (rc) return rc;
    rc = st_require_edit(st, branch);
    if (rc) return rc;
    if (voided) return st_fail(st, STORE_ERR_CONSTRAINT, "该%s已作废", v->what);
    char *why = required_text(st, reason, "作废须填写原因");
    if (!why) return STORE_ERR_CONSTRAINT;
    rc = store_begin(st);
    if (rc) {
        free(why);
        return rc;
    }
    rc = st_check_lock(st, branch, month, v->table, uuid);
    if (rc) {
        free(why);
        return st_abort(st, rc);
    }
    int64_t h = st_history_begin(st, v->table, uuid, "void", v->json_id, v->json_sql, id);
    if (h < 0) {
        free(why);
        return st_abort(st, (int)h);
    }
    sqlite3_stmt *s = st_stmt(st, v->void_id, v->void_sql);
    if (!s) {
        free(why);
        return st_abort(st, STORE_ERR);
    }
    char now[24];
    clock_now_iso(now);
    sqlite3_bind_int64(s, 1, id);
    st_bind_text(s, 2, now);
    st_bind_text(s, 3, st->user);
    st_bind_text(s, 4, why);
    free(why);
    int sqlrc = sqlite3_step(s);
    st_done(s);
    if (sqlrc != SQLITE_DONE)
        return st_abort(st, st_sqlfail(st, sqlite3_extended_errcode(st->db), "作废"));
    rc = st_history_finish(st, h, v->json_id, v->json_sql, id);
    if (rc) return st_abort(st, rc);
    return store_commit(st);
}

/* ---- bases ----------------------------------------------------------------------------- */

/* The newest basis decides the roster's dues category; the change goes through the member
 * update (history "update"). */
static int follow_category(struct store *st, int64_t member_id)
{
    sqlite3_stmt *s = st_stmt(st, S_DUES_BASIS_NEWEST,
                              "SELECT category FROM dues_basis WHERE member_id = ?1"
                              " ORDER BY from_month DESC LIMIT 1");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, member_id);
    char cat[16] = "";
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) st_col_text(s, 0, cat, sizeof cat);
    st_done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取党费基数");
    if (!cat[0]) return STORE_OK;
    struct member m;
    rc = store_member_get(st, member_id, &m);
    if (rc) return rc;
    if (strcmp(m.dues_category, cat) == 0) return STORE_OK;
    zb_strlcpy(m.dues_category, cat, sizeof m.dues_category);
    return store_member_update(st, &m);
}

/* CROSS JOIN: the branch's bases first, then each one's entries (history_row); SQLite would
 * otherwise walk every dues_basis entry of the whole file (a district: 57 ms a screen). */
#define BASES_VERSION_SQL(where)                                                               \
    "SELECT b.member_id, max(h.id) FROM dues_basis b CROSS JOIN history h"                     \
    " ON h.table_name = 'dues_basis' AND h.row_uuid = b.uuid WHERE b.member_id " where           \
    " GROUP BY b.member_id"

int64_t store_dues_bases_version(struct store *st, int64_t member_id)
{
    sqlite3_stmt *s = st_stmt(st, S_DUES_BASES_VERSION, BASES_VERSION_SQL("= ?1"));
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, member_id);
    int rc = sqlite3_step(s);
    int64_t v = rc == SQLITE_ROW ? sqlite3_column_int64(s, 1) : 0;
    st_done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取党费基数");
    return v;
}

/* Inside the write: the member's bases as the caller read them (version `read`), else the
 * conflict with the newest change of any of them. */
static int check_bases(struct store *st, int64_t member_id, int64_t read)
{
    int64_t now = store_dues_bases_version(st, member_id);
    if (now < 0) return (int)now;
    if (now == read) return STORE_OK;
    st_conflict_at(st, "dues_basis", now, NULL, NULL);
    return st_fail(st, STORE_ERR_CHANGED, "该党员的党费基数已被 %s 于 %s 修改",
                   st->conflict.who, st->conflict.when);
}

int store_dues_basis_set(struct store *st, int64_t member_id, int from_ym, const char *category,
                         long base_fen, const char *note, int64_t bases_version)
{
    const char *why = dues_check_basis(from_ym, category, base_fen); /* as an import's */
    if (why) return st_fail(st, STORE_ERR_CONSTRAINT, "%s", why);
    struct member m;
    int rc = store_member_get(st, member_id, &m);
    if (rc) return rc;
    rc = st_require_edit(st, m.branch_id);
    if (rc) return rc;

    rc = store_begin(st);
    if (rc) return rc;
    rc = check_bases(st, member_id, bases_version);
    if (rc) return st_abort(st, rc);
    sqlite3_stmt *s = st_stmt(st, S_DUES_BASIS_FIND,
                              "SELECT id, uuid FROM dues_basis WHERE member_id = ?1"
                              " AND from_month = ?2");
    if (!s) return st_abort(st, STORE_ERR);
    sqlite3_bind_int64(s, 1, member_id);
    bind_ym(s, 2, from_ym);
    int64_t id = 0;
    char uuid[UUID_STR_LEN] = "";
    int sqlrc = sqlite3_step(s);
    if (sqlrc == SQLITE_ROW) {
        id = sqlite3_column_int64(s, 0);
        st_col_text(s, 1, uuid, sizeof uuid);
    }
    st_done(s);
    if (sqlrc != SQLITE_ROW && sqlrc != SQLITE_DONE)
        return st_abort(st, st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取党费基数"));
    if (!id) store_uuid(uuid);
    if (id) {
        /* set again as it is: nothing written, and no 申请修改 in a reviewed month (issue 14) */
        s = st_stmt(st, S_DUES_BASIS_SAME,
                    "SELECT category = ?2 AND base_fen = ?3 AND note = ?4 FROM dues_basis WHERE id = ?1");
        if (!s) return st_abort(st, STORE_ERR);
        sqlite3_bind_int64(s, 1, id);
        st_bind_text(s, 2, category);
        sqlite3_bind_int64(s, 3, base_fen);
        st_bind_text(s, 4, note);
        bool same = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) != 0;
        st_done(s);
        if (same) return st_abort(st, STORE_OK);
    }
    char from[8];
    dues_ym_format(from_ym, from);
    rc = st_check_lock(st, m.branch_id, from, "dues_basis", uuid);
    if (rc) return st_abort(st, rc);

    char now[24];
    clock_now_iso(now);
    int64_t h;
    if (id) {
        h = st_history_begin(st, "dues_basis", uuid, "update", S_DUES_BASIS_JSON, BASIS_JSON, id);
        if (h < 0) return st_abort(st, (int)h);
        s = st_stmt(st, S_DUES_BASIS_UPDATE,
                    "UPDATE dues_basis SET category = ?2, base_fen = ?3, note = ?4,"
                    " updated_at = ?5 WHERE id = ?1");
        if (!s) return st_abort(st, STORE_ERR);
        sqlite3_bind_int64(s, 1, id);
    } else {
        s = st_stmt(st, S_DUES_BASIS_INSERT,
                    "INSERT INTO dues_basis(member_id, category, base_fen, note, created_at,"
                    " updated_at, from_month, uuid, created_by)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8)");
        if (!s) return st_abort(st, STORE_ERR);
        sqlite3_bind_int64(s, 1, member_id);
        bind_ym(s, 6, from_ym);
        st_bind_text(s, 7, uuid);
        st_bind_text(s, 8, st->user);
        h = 0;
    }
    st_bind_text(s, 2, category);
    sqlite3_bind_int64(s, 3, base_fen);
    st_bind_text(s, 4, note);
    st_bind_text(s, 5, now);
    sqlrc = sqlite3_step(s);
    st_done(s);
    if (sqlrc != SQLITE_DONE)
        return st_abort(st, st_sqlfail(st, sqlite3_extended_errcode(st->db), "保存党费基数"));
    if (!id) {
        id = sqlite3_last_insert_rowid(st->db);
        h = st_history_begin(st, "dues_basis", uuid, "insert", S_DUES_BASIS_JSON, NULL, id);
        if (h < 0) return st_abort(st, (int)h);
    }
    rc = st_history_finish(st, h, S_DUES_BASIS_JSON, BASIS_JSON, id);
    if (rc == STORE_OK) rc = follow_category(st, member_id);
    if (rc) return st_abort(st, rc);
    return store_commit(st);
}

/* ---- adjustments ----------------------------------------------------------------------- */

static const char *const ADJUST_KINDS[] = {"waive", "reduce", "defer"};

int store_dues_adjust_add(struct store *st, struct dues_adjust_rec *r)
{
    const struct dues_adjust *a = &r->a;
    const char *why = dues_check_adjust(a->from_ym, a->to_ym, (int)a->kind, a->amount); /* as an import's */
    if (why) return st_fail(st, STORE_ERR_CONSTRAINT, "%s", why);
    int64_t branch = st_member_branch(st, r->member_id);
    int rc = st_require_edit(st, branch);
    if (rc) return rc;
    char *approved = required_text(st, r->approved_by, "须填写批准人");
    if (!approved) return STORE_ERR_CONSTRAINT;
    char *reason = required_text(st, r->reason, "须填写原因");
    if (!reason) {
        free(approved);
        return STORE_ERR_CONSTRAINT;
    }
    rc = store_begin(st);
    if (rc) {
        free(approved);
        free(reason);
        return rc;
    }
    sqlite3_stmt *s = st_stmt(st, S_DUES_ADJUST_INSERT,
                              "INSERT INTO dues_adjust(uuid, member_id, from_month, to_month, kind,"
                              " amount, approved_by, reason, created_at, created_by, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?9)");
    if (!s) {
        free(approved);
        free(reason);
        return st_abort(st, STORE_ERR);
    }
    char uuid[UUID_STR_LEN], now[24], from[8];
    store_uuid(uuid);
    clock_now_iso(now);
    dues_ym_format(a->from_ym, from);
    rc = st_check_lock(st, branch, from, "dues_adjust", uuid);
    if (rc) {
        free(approved);
        free(reason);
        return st_abort(st, rc);
    }
    st_bind_text(s, 1, uuid);
    sqlite3_bind_int64(s, 2, r->member_id);
    bind_ym(s, 3, a->from_ym);
    bind_ym(s, 4, a->to_ym);
    st_bind_text(s, 5, ADJUST_KINDS[a->kind]);
    sqlite3_bind_int64(s, 6, a->kind == DUES_REDUCE ? a->amount : 0);
    st_bind_text(s, 7, approved);
    st_bind_text(s, 8, reason);
    st_bind_text(s, 9, now);
    st_bind_text(s, 10, st->user);
    free(approved);
    free(reason);
    int sqlrc = sqlite3_step(s);
    st_done(s);
    if (sqlrc != SQLITE_DONE) {
        sqlrc = sqlite3_extended_errcode(st->db);
        if (sqlrc == SQLITE_CONSTRAINT_FOREIGNKEY)
            return st_abort(st, st_fail(st, STORE_ERR_CONSTRAINT, "党员不存在"));
        return st_abort(st, st_sqlfail(st, sqlrc, "保存党费减免"));
    }
    int64_t id = sqlite3_last_insert_rowid(st->db);
    int64_t h = st_history_begin(st, "dues_adjust", uuid, "insert", S_DUES_ADJUST_JSON, NULL, id);
    if (h < 0) return st_abort(st, (int)h);
    rc = st_history_finish(st, h, S_DUES_ADJUST_JSON, ADJUST_JSON, id);
    if (rc) return st_abort(st, rc);
    rc = store_commit(st);
    if (rc) return rc;
    r->id = id;
    memcpy(r->uuid, uuid, sizeof uuid);
    r->voided = false;
    return STORE_OK;
}

int store_dues_adjust_void(struct store *st, int64_t id, const char *reason)
{
    static const struct void_spec spec = {
        .table = "dues_adjust",
        .what = "减免记录",
        .state_id = S_DUES_ADJUST_STATE,
        .state_sql = "SELECT a.uuid, a.voided_at IS NOT NULL, m.branch_id, a.from_month"
                     " FROM dues_adjust a JOIN member m ON m.id = a.member_id WHERE a.id = ?1",
        .json_id = S_DUES_ADJUST_JSON,
        .json_sql = ADJUST_JSON,
        .void_id = S_DUES_ADJUST_VOID,
        .void_sql = "UPDATE dues_adjust SET voided_at = ?2, voided_by = ?3, void_reason = ?4,"
                    " updated_at = ?2 WHERE id = ?1",
    };
    return void_row(st, &spec, id, reason);
}

static enum dues_adjust_kind adjust_kind_of(const char *code)
{
    for (size_t i = 0; i < ZB_ARRAY_LEN(ADJUST_KINDS); i++)
        if (strcmp(code, ADJUST_KINDS[i]) == 0) return (enum dues_adjust_kind)i;
    return DUES_WAIVE;
}

/* Columns 0..3 of an adjustment row: from_month, to_month, kind, amount. */
static void read_adjust(sqlite3_stmt *s, int col, struct dues_adjust *a)
{
    a->from_ym = ym_col(s, col);
    a->to_ym = ym_col(s, col + 1);
    const unsigned char *k = sqlite3_column_text(s, col + 2);
    a->kind = adjust_kind_of(k ? (const char *)k : "");
    a->amount = (long)sqlite3_column_int64(s, col + 3);
}

int store_dues_adjust_list(struct store *st, int64_t member_id, struct store_dues_adjust_list *out)
{
    *out = (struct store_dues_adjust_list){0};
    sqlite3_stmt *s = st_stmt(st, S_DUES_ADJUST_LIST,
                              "SELECT from_month, to_month, kind, amount, id, uuid, approved_by,"
                              " reason, voided_at IS NOT NULL FROM dues_adjust"
                              " WHERE member_id = ?1 ORDER BY from_month, id");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, member_id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct dues_adjust_rec *r = ST_LIST_ADD(out);
        memset(r, 0, sizeof *r);
        read_adjust(s, 0, &r->a);
        r->id = sqlite3_column_int64(s, 4);
        st_col_text(s, 5, r->uuid, sizeof r->uuid);
        r->member_id = member_id;
        st_col_text(s, 6, r->approved_by, sizeof r->approved_by);
        st_col_text(s, 7, r->reason, sizeof r->reason);
        r->voided = sqlite3_column_int(s, 8) != 0;
    }
    int result = STORE_OK;
    if (rc != SQLITE_DONE) {
        result = st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取党费减免");
        store_dues_adjust_list_free(out);
    }
    st_done(s);
    return result;
}

void store_dues_adjust_list_free(struct store_dues_adjust_list *l)
{
    free(l->v);
    *l = (struct store_dues_adjust_list){0};
}

/* ---- payments -------------------------------------------------------------------------- */

/* The payment with its allocations as an array (json() keeps the subquery's text as JSON). */

static int check_payment(struct store *st, struct dues_payment *p, const struct dues_paid *alloc,
                         int nalloc)
{
    /* the same checks as an imported payment's (core: dues_check_entry, _allocations) */
    const char *why = dues_check_entry(p->from_ym, p->to_ym, p->amount, p->paid_date);
    if (!why) why = dues_check_allocations(p->from_ym, p->to_ym, p->amount, alloc, nalloc);
    if (why) return st_fail(st, STORE_ERR_CONSTRAINT, "%s", why);
    struct member m;
    int rc = store_member_get(st, p->member_id, &m);
    if (rc) return rc;
    if (p->branch_id == 0) p->branch_id = m.branch_id;
    if (p->branch_id != m.branch_id)
        return st_fail(st, STORE_ERR_CONSTRAINT, "该党员不属于这个支部");
    return STORE_OK;
}

/* Inside the write: what is paid for p's months is still what the caller saw (p->paid_before);
 * else nothing is written and the message names the newest payment (or void) of those months:
 * two PCs pressing Space on the same member on collection day pay once. */
static int check_paid_before(struct store *st, const struct dues_payment *p)
{
    sqlite3_stmt *s = st_stmt(st, S_DUES_PAID_MONTHS,
                              "SELECT ifnull(sum(a.amount), 0) FROM dues_allocation a"
                              " JOIN dues_payment p ON p.id = a.payment_id"
                              " WHERE p.member_id = ?1 AND p.voided_at IS NULL"
                              " AND +a.month >= ?2 AND +a.month <= ?3"); /* by member, not month */
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, p->member_id);
    bind_ym(s, 2, p->from_ym);
    bind_ym(s, 3, p->to_ym);
    int rc = sqlite3_step(s);
    long paid = rc == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : 0;
    st_done(s);
    if (rc != SQLITE_ROW) return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取交费记录");
    if (paid == p->paid_before) return STORE_OK;
    s = st_stmt(st, S_DUES_PAID_NEWEST,
                "SELECT h.changed_at, h.changed_by, h.new_json, h.action, q.amount"
                " FROM dues_payment q JOIN history h ON h.table_name = 'dues_payment'"
                " AND h.row_uuid = q.uuid WHERE q.member_id = ?1 AND EXISTS (SELECT 1"
                " FROM dues_allocation a WHERE a.payment_id = q.id AND a.month >= ?2"
                " AND a.month <= ?3) ORDER BY h.id DESC LIMIT 1");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, p->member_id);
    bind_ym(s, 2, p->from_ym);
    bind_ym(s, 3, p->to_ym);
    char when[24] = "", who[64] = "", action[16] = "";
    char *json = NULL;
    long amount = 0;
    if (sqlite3_step(s) == SQLITE_ROW) {
        st_col_text(s, 0, when, sizeof when);
        st_col_text(s, 1, who, sizeof who);
        if (sqlite3_column_type(s, 2) != SQLITE_NULL)
            json = xstrdup((const char *)sqlite3_column_text(s, 2));
        st_col_text(s, 3, action, sizeof action);
        amount = (long)sqlite3_column_int64(s, 4);
    }
    st_done(s);
    st_conflict(st, "dues_payment", who, when, NULL, json);
    char months[64], yuan[24];
    if (p->from_ym == p->to_ym)
        snprintf(months, sizeof months, "%d年%d月", dues_ym_year(p->from_ym),
                 dues_ym_month(p->from_ym));
    else
        snprintf(months, sizeof months, "%d年%d月至%d年%d月", dues_ym_year(p->from_ym),
                 dues_ym_month(p->from_ym), dues_ym_year(p->to_ym), dues_ym_month(p->to_ym));
    dues_format_yuan(amount, yuan, sizeof yuan);
    return st_fail(st, STORE_ERR_CHANGED, "%s的党费已由 %s 于 %s %s一笔（%s 元）", months,
                   st->conflict.who, st->conflict.when,
                   strcmp(action, "void") == 0 ? "作废" : "登记", yuan);
}

int store_dues_payment_add(struct store *st, struct dues_payment *p, const struct dues_paid *alloc,
                           int nalloc)
{
    int rc = st_require_edit(st, st_member_branch(st, p->member_id));
    if (rc) return rc;
    int64_t given_branch = p->branch_id;
    rc = check_payment(st, p, alloc, nalloc);
    if (rc) {
        p->branch_id = given_branch;
        return rc;
    }
    rc = store_begin(st);
    if (rc) return rc;
    sqlite3_stmt *s = st_stmt(st, S_DUES_PAYMENT_INSERT,
                              "INSERT INTO dues_payment(uuid, member_id, branch_id, paid_date,"
                              " receipt_no, from_month, to_month, amount, note, created_at,"
                              " created_by, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?10)");
    if (!s) return st_abort(st, STORE_ERR);
    char uuid[UUID_STR_LEN], now[24];
    store_uuid(uuid);
    clock_now_iso(now);
    rc = st_check_lock(st, p->branch_id, p->paid_date, "dues_payment", uuid);
    if (rc == STORE_OK) rc = check_paid_before(st, p);
    if (rc) return st_abort(st, rc);
    char receipt[sizeof p->receipt_no];
    zb_strlcpy(receipt, p->receipt_no, sizeof receipt);
    text_trim(receipt);
    st_bind_text(s, 1, uuid);
    sqlite3_bind_int64(s, 2, p->member_id);
    sqlite3_bind_int64(s, 3, p->branch_id);
    st_bind_text(s, 4, p->paid_date);
    st_bind_text(s, 5, receipt);
    bind_ym(s, 6, p->from_ym);
    bind_ym(s, 7, p->to_ym);
    sqlite3_bind_int64(s, 8, p->amount);
    st_bind_text(s, 9, p->note);
    st_bind_text(s, 10, now);
    st_bind_text(s, 11, st->user);
    int sqlrc = sqlite3_step(s);
    st_done(s);
    if (sqlrc != SQLITE_DONE)
        return st_abort(st, st_sqlfail(st, sqlite3_extended_errcode(st->db), "保存交费记录"));
    int64_t id = sqlite3_last_insert_rowid(st->db);
    int64_t h = st_history_begin(st, "dues_payment", uuid, "insert", S_DUES_PAYMENT_JSON, NULL, id);
    if (h < 0) return st_abort(st, (int)h);
    for (int i = 0; i < nalloc; i++) {
        s = st_stmt(st, S_DUES_ALLOC_INSERT,
                    "INSERT INTO dues_allocation(uuid, payment_id, month, amount, created_at,"
                    " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)");
        if (!s) return st_abort(st, STORE_ERR);
        char auuid[UUID_STR_LEN];
        store_uuid(auuid);
        st_bind_text(s, 1, auuid);
        sqlite3_bind_int64(s, 2, id);
        bind_ym(s, 3, alloc[i].ym);
        sqlite3_bind_int64(s, 4, alloc[i].amount);
        st_bind_text(s, 5, now);
        sqlrc = sqlite3_step(s);
        st_done(s);
        if (sqlrc != SQLITE_DONE)
            return st_abort(st, st_sqlfail(st, sqlite3_extended_errcode(st->db), "保存交费记录"));
    }
    rc = st_history_finish(st, h, S_DUES_PAYMENT_JSON, PAYMENT_JSON, id);
    if (rc) return st_abort(st, rc);
    rc = store_commit(st);
    if (rc) return rc;
    p->id = id;
    memcpy(p->uuid, uuid, sizeof uuid);
    zb_strlcpy(p->receipt_no, receipt, sizeof p->receipt_no);
    memcpy(p->created_at, now, sizeof now);
    zb_strlcpy(p->created_by, st->user, sizeof p->created_by);
    p->voided = false;
    p->void_reason[0] = '\0';
    return STORE_OK;
}

int store_dues_payment_void(struct store *st, int64_t id, const char *reason)
{
    static const struct void_spec spec = {
        .table = "dues_payment",
        .what = "交费记录",
        .state_id = S_DUES_PAYMENT_STATE,
        .state_sql = "SELECT uuid, voided_at IS NOT NULL, branch_id, paid_date FROM dues_payment"
                     " WHERE id = ?1",
        .json_id = S_DUES_PAYMENT_JSON,
        .json_sql = PAYMENT_JSON,
        .void_id = S_DUES_PAYMENT_VOID,
        .void_sql = "UPDATE dues_payment SET voided_at = ?2, voided_by = ?3, void_reason = ?4,"
                    " updated_at = ?2 WHERE id = ?1",
    };
    return void_row(st, &spec, id, reason);
}

int store_dues_payment_list(struct store *st, int64_t member_id, struct store_dues_payment_list *out)
{
    *out = (struct store_dues_payment_list){0};
    sqlite3_stmt *s = st_stmt(st, S_DUES_PAYMENT_LIST,
                              "SELECT id, uuid, member_id, branch_id, paid_date, receipt_no,"
                              " from_month, to_month, amount, note, created_at, created_by,"
                              " voided_at IS NOT NULL, ifnull(void_reason, '') FROM dues_payment"
                              " WHERE member_id = ?1 ORDER BY paid_date DESC, id DESC");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, member_id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct dues_payment *p = ST_LIST_ADD(out);
        memset(p, 0, sizeof *p);
        p->id = sqlite3_column_int64(s, 0);
        st_col_text(s, 1, p->uuid, sizeof p->uuid);
        p->member_id = sqlite3_column_int64(s, 2);
        p->branch_id = sqlite3_column_int64(s, 3);
        st_col_text(s, 4, p->paid_date, sizeof p->paid_date);
        st_col_text(s, 5, p->receipt_no, sizeof p->receipt_no);
        p->from_ym = ym_col(s, 6);
        p->to_ym = ym_col(s, 7);
        p->amount = (long)sqlite3_column_int64(s, 8);
        st_col_text(s, 9, p->note, sizeof p->note);
        st_col_text(s, 10, p->created_at, sizeof p->created_at);
        st_col_text(s, 11, p->created_by, sizeof p->created_by);
        p->voided = sqlite3_column_int(s, 12) != 0;
        st_col_text(s, 13, p->void_reason, sizeof p->void_reason);
    }
    int result = STORE_OK;
    if (rc != SQLITE_DONE) {
        result = st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取交费记录");
        store_dues_payment_list_free(out);
    }
    st_done(s);
    return result;
}

void store_dues_payment_list_free(struct store_dues_payment_list *l)
{
    free(l->v);
    *l = (struct store_dues_payment_list){0};
}

int store_dues_receipt_count(struct store *st, int64_t branch_id, int year, const char *receipt_no)
{
    if (!receipt_no) return 0;
    char no[sizeof ((struct dues_payment *)0)->receipt_no];
    zb_strlcpy(no, receipt_no, sizeof no);
    text_trim(no);
    if (!no[0]) return 0;
    sqlite3_stmt *s = st_stmt(st, S_DUES_RECEIPT_COUNT,
                              "SELECT count(*) FROM dues_payment WHERE branch_id = ?1"
                              " AND paid_date >= ?2 AND paid_date < ?3 AND receipt_no = ?4"
                              " AND voided_at IS NULL");
    if (!s) return -1;
    char from[24], to[24];
    snprintf(from, sizeof from, "%04d-01-01", year);
    snprintf(to, sizeof to, "%04d-01-01", year + 1);
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, from);
    st_bind_text(s, 3, to);
    st_bind_text(s, 4, no);
    int n = -1;
    if (sqlite3_step(s) == SQLITE_ROW)
        n = sqlite3_column_int(s, 0);
    else
        st_sqlfail(st, sqlite3_extended_errcode(st->db), "统计收据编号");
    st_done(s);
    return n;
}

/* ---- loading the facts ----------------------------------------------------------------- */

/* Growable arrays of one member while loading. */
struct load_slot {
    int64_t member_id;
    int index;                 /* into the result array */
    int cap_bases, cap_adjusts, cap_paid;
};

static void *grow(void *arr, int *cap, int need, size_t elem)
{
    if (need <= *cap) return arr;
    int c = *cap ? *cap : 4;
    while (c < need) c *= 2;
    *cap = c;
    return xrealloc(arr, (size_t)c * elem);
}

struct load {
    struct dues_member *d;
    int n, cap;
    struct load_slot *slots;   /* sorted by member_id once the members are in */
    int since_ym;
    struct store *st;          /* for collect_member's reads */
    int rc;                    /* a read failure in collect_member */
};

static int slot_cmp(const void *a, const void *b)
{
    int64_t x = ((const struct load_slot *)a)->member_id;
    int64_t y = ((const struct load_slot *)b)->member_id;
    return x < y ? -1 : x > y;
}

static struct load_slot *slot_of(struct load *L, int64_t member_id)
{
    struct load_slot key = {.member_id = member_id};
    return bsearch(&key, L->slots, (size_t)L->n, sizeof *L->slots, slot_cmp);
}

/* The month a member's dues begin: admission; without a (valid) join date, the month the
 * member was entered — the earliest month the ledger can vouch for. */
int st_dues_join_ym(const char *join_date, const char *created_at)
{
    int ym = ym_of_text(join_date);
    if (ym < 0) {
        char day[11];
        zb_strlcpy(day, created_at ? created_at : "", sizeof day);
        ym = ym_of_text(day);
    }
    return ym < 0 ? 0 : ym;
}

int st_dues_leave_ym(const char *leave_status, const char *leave_date, const char *updated_at,
                     int join_ym, const char *paid_through)
{
    if (!leave_status || !leave_status[0]) return 0;
    struct zdate left;
    if (!leave_date || !date_parse(leave_date, &left)) { /* left without a date: from when the row last changed */
        char day[11];
        zb_strlcpy(day, updated_at ? updated_at : "", sizeof day);
        if (!date_parse(day, &left)) return join_ym;
    }
    int through = strcmp(leave_status, "transferred") == 0 && paid_through && paid_through[0]
                      ? dues_ym_parse(paid_through)
                      : -1;
    return dues_leave_ym(left, through, join_ym);
}

static int join_ym_of(const struct member *m)
{
    return st_dues_join_ym(m->join_date, m->created_at);
}

/* The 党费交至 month of the newest transfer out of member_id ("" when none or none stated). */
static int transfer_out_paid_through(struct store *st, int64_t member_id, char out[8])
{
    out[0] = '\0';
    sqlite3_stmt *s = st_stmt(st, S_DUES_TRANSFER_OUT,
                              "SELECT dues_paid_through FROM member_transfer WHERE member_id = ?1"
                              " AND direction = 'out' ORDER BY date DESC, id DESC LIMIT 1");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, member_id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) st_col_text(s, 0, out, 8);
    st_done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return st_sqlfail(st, rc, "读取转出记录");
    return STORE_OK;
}

/* The month member m owes nothing after (0 while on the roster); *rc set on a read failure. */
static int leave_ym_of(struct store *st, const struct member *m, int *rc)
{
    char through[8] = "";
    if (strcmp(m->leave_status, "transferred") == 0) {
        int r = transfer_out_paid_through(st, m->id, through);
        if (r != STORE_OK) *rc = r;
    }
    return st_dues_leave_ym(m->leave_status, m->leave_date, m->updated_at, join_ym_of(m), through);
}

static void member_in(struct load *L, const struct member *m, int leave_ym)
{
    if (L->n == L->cap) {
        L->cap = L->cap ? L->cap * 2 : 32;
        L->d = xrealloc(L->d, (size_t)L->cap * sizeof *L->d);
    }
    struct dues_member *d = &L->d[L->n++];
    memset(d, 0, sizeof *d);
    d->m = *m;
    d->f.join_ym = join_ym_of(m);
    d->f.leave_ym = leave_ym;
}

static int collect_member(const struct member *m, void *ctx)
{
    struct load *L = ctx;
    int leave_ym = leave_ym_of(L->st, m, &L->rc);
    if (m->leave_status[0] && leave_ym < L->since_ym) return 0;
    member_in(L, m, leave_ym);
    return 0;
}

/* The three fact queries for a branch (members on the roster or left since ?2) and for one
 * member; each returns member_id first. */
#define IN_BRANCH                                                                              \
    " IN (SELECT id FROM member WHERE branch_id = ?1 AND (leave_status = ''"                   \
    " OR leave_date >= ?2 OR leave_date = ''))"
/* BASES_SQL, ADJUSTS_SQL and PAID_SQL: store_priv.h (audit.c loads the same facts). */

static int fill_facts(struct store *st, struct load *L, sqlite3_stmt *bases, sqlite3_stmt *adjusts,
                      sqlite3_stmt *paid)
{
    int rc;
    while ((rc = sqlite3_step(bases)) == SQLITE_ROW) {
        struct load_slot *sl = slot_of(L, sqlite3_column_int64(bases, 0));
        if (!sl) continue;
        struct dues_member *d = &L->d[sl->index];
        d->bases = grow(d->bases, &sl->cap_bases, d->nbases + 1, sizeof *d->bases);
        struct dues_basis *b = &d->bases[d->nbases++];
        memset(b, 0, sizeof *b);
        b->from_ym = ym_col(bases, 1);
        st_col_text(bases, 2, b->category, sizeof b->category);
        b->base_fen = (long)sqlite3_column_int64(bases, 3);
    }
    st_done(bases);
    if (rc != SQLITE_DONE) return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取党费基数");
    while ((rc = sqlite3_step(adjusts)) == SQLITE_ROW) {
        struct load_slot *sl = slot_of(L, sqlite3_column_int64(adjusts, 0));
        if (!sl) continue;
        struct dues_member *d = &L->d[sl->index];
        d->adjusts = grow(d->adjusts, &sl->cap_adjusts, d->nadjusts + 1, sizeof *d->adjusts);
        read_adjust(adjusts, 1, &d->adjusts[d->nadjusts++]);
    }
    st_done(adjusts);
    if (rc != SQLITE_DONE) return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取党费减免");
    int64_t last_id = 0;
    struct load_slot *sl = NULL;
    while ((rc = sqlite3_step(paid)) == SQLITE_ROW) {
        int64_t mid = sqlite3_column_int64(paid, 0);
        if (!sl || mid != last_id) sl = slot_of(L, mid);
        last_id = mid;
        if (!sl) continue;
        struct dues_member *d = &L->d[sl->index];
        d->paid = grow(d->paid, &sl->cap_paid, d->npaid + 1, sizeof *d->paid);
        struct dues_paid *p = &d->paid[d->npaid++];
        p->ym = ym_col(paid, 1);
        p->amount = (long)sqlite3_column_int64(paid, 2);
    }
    st_done(paid);
    if (rc != SQLITE_DONE) return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取交费记录");

    /* Point the facts at the arrays; a member without a basis gets the roster's category. */
    for (int i = 0; i < L->n; i++) {
        struct dues_member *d = &L->d[i];
        if (d->nbases == 0) {
            d->bases = xcalloc(1, sizeof *d->bases);
            d->nbases = 1;
            d->bases[0].from_ym = d->f.join_ym;
            zb_strlcpy(d->bases[0].category, d->m.dues_category, sizeof d->bases[0].category);
        }
        d->f.bases = d->bases;
        d->f.nbases = d->nbases;
        d->f.adjusts = d->adjusts;
        d->f.nadjusts = d->nadjusts;
        d->f.paid = d->paid;
        d->f.npaid = d->npaid;
    }
    return STORE_OK;
}

static void make_slots(struct load *L)
{
    L->slots = xcalloc((size_t)(L->n ? L->n : 1), sizeof *L->slots);
    for (int i = 0; i < L->n; i++) {
        L->slots[i].member_id = L->d[i].m.id;
        L->slots[i].index = i;
    }
    qsort(L->slots, (size_t)L->n, sizeof *L->slots, slot_cmp);
}

/* The start set by hand (branch.dues_start): *ym, or -1 when none; the branch's uuid. */
static int start_set(struct store *st, int64_t branch_id, int *ym, char uuid[UUID_STR_LEN])
{
    sqlite3_stmt *s =
        st_stmt(st, S_DUES_START_GET, "SELECT dues_start, uuid FROM branch WHERE id = ?1");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    int rc = sqlite3_step(s);
    *ym = -1;
    if (uuid) uuid[0] = '\0';
    if (rc == SQLITE_ROW) {
        *ym = ym_col(s, 0);
        if (uuid) st_col_text(s, 1, uuid, UUID_STR_LEN);
    }
    st_done(s);
    if (rc == SQLITE_DONE) return st_fail(st, STORE_ERR_NOT_FOUND, "支部不存在");
    if (rc != SQLITE_ROW) return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取党费台账起始月份");
    return STORE_OK;
}

/* The start when none is set: the earliest month a payment of the branch covers (a voided one
 * does not count), else the current month. */
static int start_default(struct store *st, int64_t branch_id, int *ym)
{
    sqlite3_stmt *s = st_stmt(st, S_DUES_FIRST_MONTH,
                              "SELECT min(a.month) FROM dues_allocation a"
                              " JOIN dues_payment p ON p.id = a.payment_id"
                              " WHERE p.branch_id = ?1 AND p.voided_at IS NULL");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    int rc = sqlite3_step(s);
    int first = rc == SQLITE_ROW ? ym_col(s, 0) : -1;
    st_done(s);
    if (rc != SQLITE_ROW) return st_sqlfail(st, rc, "读取党费台账起始月份");
    *ym = first >= 0 ? first : dues_ym_of_date(clock_today());
    return STORE_OK;
}

int store_dues_start(struct store *st, int64_t branch_id, int *ym)
{
    int set = -1;
    int rc = start_set(st, branch_id, &set, NULL);
    if (rc == STORE_OK && set >= 0) {
        *ym = set;
        return STORE_OK;
    }
    if (rc != STORE_OK && rc != STORE_ERR_NOT_FOUND) return rc;
    return start_default(st, branch_id, ym);
}

int st_dues_verdict_months(struct store *st, int64_t branch_id, int from, int to,
                           char (**months)[8], size_t *n)
{
    *months = NULL;
    *n = 0;
    if (from < 0 || to <= from) return STORE_OK;
    char fm[8], tm[8];
    dues_ym_format(from, fm);
    dues_ym_format(to, tm);
    sqlite3_stmt *s = st_stmt(st, S_DUES_START_VERDICTS,
                              "SELECT DISTINCT month FROM audit_verdict WHERE branch_id = ?1"
                              " AND month >= ?2 AND month < ?3 ORDER BY month");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, fm);
    st_bind_text(s, 3, tm);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            *months = xrealloc(*months, cap * sizeof **months);
        }
        st_col_text(s, 0, (*months)[(*n)++], sizeof **months);
    }
    st_done(s);
    if (rc != SQLITE_DONE) return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取评审");
    return STORE_OK;
}

int st_dues_start_dropped(struct store *st, int64_t branch_id, const char *old_start,
                          const char *new_start, char (**months)[8], size_t *n)
{
    *months = NULL;
    *n = 0;
    int to = new_start ? dues_ym_parse(new_start) : -1;
    if (to < 0) return STORE_OK;
    int from = old_start ? dues_ym_parse(old_start) : -1;
    if (from < 0) { /* none set: what stood for it */
        int rc = start_default(st, branch_id, &from);
        if (rc != STORE_OK) return rc;
    }
    return st_dues_verdict_months(st, branch_id, from, to, months, n);
}

/* Moving the start later, from `from` to `to`: refused when a month before `to` holds a payment
 * of the branch (it would stop counting); each month from..to-1 with a verdict is a locked month
 * (st_check_lock: STORE_ERR_LOCKED, or recorded as 审后修改 with the active reason). */
static int check_later(struct store *st, int64_t branch_id, const char *uuid, int from, int to)
{
    char tm[8];
    dues_ym_format(to, tm);
    sqlite3_stmt *s = st_stmt(st, S_DUES_START_PAID_BEFORE,
                              "SELECT min(a.month) FROM dues_allocation a"
                              " JOIN dues_payment p ON p.id = a.payment_id"
                              " WHERE p.branch_id = ?1 AND p.voided_at IS NULL AND a.month < ?2");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, tm);
    int rc = sqlite3_step(s);
    int paid = rc == SQLITE_ROW ? ym_col(s, 0) : -1;
    st_done(s);
    if (rc != SQLITE_ROW) return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取交费记录");
    if (paid >= 0)
        return st_fail(st, STORE_ERR_CONSTRAINT,
                       "%d年%d月已有党费缴纳记录，台账起始月不能晚于该月", dues_ym_year(paid),
                       dues_ym_month(paid));
    char (*months)[8] = NULL;
    size_t n = 0;
    rc = st_dues_verdict_months(st, branch_id, from, to, &months, &n);
    for (size_t i = 0; i < n && rc == STORE_OK; i++)
        rc = st_check_lock(st, branch_id, months[i], "branch", uuid);
    free(months);
    return rc;
}

int store_dues_set_start(struct store *st, int64_t branch_id, int ym)
{
    int rc = st_require_edit(st, branch_id); /* part of the branch's ledger */
    if (rc) return rc;
    if (!dues_ym_valid(ym)) return st_fail(st, STORE_ERR_CONSTRAINT, "台账起始月有误");
    if (ym > dues_ym_of_date(clock_today()))
        return st_fail(st, STORE_ERR_CONSTRAINT, "台账起始月不能晚于本月");
    rc = store_begin(st);
    if (rc) return rc;
    char uuid[UUID_STR_LEN];
    int set = -1, now = 0;
    rc = start_set(st, branch_id, &set, uuid);
    if (rc == STORE_OK) rc = store_dues_start(st, branch_id, &now);
    if (rc != STORE_OK) return st_abort(st, rc);
    if (set == ym) return store_commit(st); /* as it is: nothing to record */
    if (ym > now) { /* later: it can take months out of the count */
        rc = check_later(st, branch_id, uuid, now, ym);
        if (rc != STORE_OK) return st_abort(st, rc);
    }
    char val[8];
    dues_ym_format(ym, val);
    rc = st_branch_set_dues_start(st, branch_id, uuid, val);
    if (rc != STORE_OK) return st_abort(st, rc);
    return store_commit(st);
}

int st_dues_member_start(int branch_start, const char *paid_through, const char *date)
{
    int ym = paid_through ? dues_ym_parse(paid_through) : -1;
    int from = ym >= 0 ? ym + 1 : -1;
    struct zdate arrived;
    if (from < 0 && date && date_parse(date, &arrived)) from = dues_ym_of_date(arrived);
    return from > branch_start ? from : branch_start;
}

/* Where a member's counted months begin: the branch's ledger start, or, for a member who
 * transferred in later, the month after the one the transfer letter says dues were paid
 * through (else the month of arrival). */
static int member_start(struct store *st, struct dues_member *d, int branch_start)
{
    d->f.start_ym = branch_start;
    sqlite3_stmt *s = st_stmt(st, S_DUES_TRANSFER_IN,
                              "SELECT dues_paid_through, date FROM member_transfer"
                              " WHERE member_id = ?1 AND direction = 'in' ORDER BY date DESC, id DESC LIMIT 1");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, d->m.id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        d->f.start_ym = st_dues_member_start(branch_start, (const char *)sqlite3_column_text(s, 0),
                                             (const char *)sqlite3_column_text(s, 1));
    st_done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return st_sqlfail(st, rc, "读取转入记录");
    return STORE_OK;
}

/* Each loaded member's bases_version, in one query for the branch. */
static int fill_bases_versions(struct store *st, struct load *L, int64_t branch_id,
                               const char *since)
{
    sqlite3_stmt *s = st_stmt(st, S_DUES_BRANCH_BASES_VERSION, BASES_VERSION_SQL(IN_BRANCH));
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, since);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct load_slot *sl = slot_of(L, sqlite3_column_int64(s, 0));
        if (sl) L->d[sl->index].bases_version = sqlite3_column_int64(s, 1);
    }
    st_done(s);
    if (rc != SQLITE_DONE) return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取党费基数");
    return STORE_OK;
}

int store_dues_members(struct store *st, int64_t branch_id, int since_ym, struct dues_member **out,
                       int *n)
{
    *out = NULL;
    *n = 0;
    struct load L = {.since_ym = since_ym, .st = st};
    struct member_filter f = {.branch_id = branch_id, .include_left = true};
    int rc = store_member_each(st, &f, collect_member, &L);
    if (rc == STORE_OK) rc = L.rc;
    if (rc == STORE_OK && L.n > 0) {
        make_slots(&L);
        char since[11];
        dues_ym_format(since_ym, since);
        zb_strlcpy(since + 7, "-01", sizeof since - 7);
        sqlite3_stmt *sb = st_stmt(st, S_DUES_BRANCH_BASES, BASES_SQL(IN_BRANCH));
        sqlite3_stmt *sa = sb ? st_stmt(st, S_DUES_BRANCH_ADJUSTS, ADJUSTS_SQL(IN_BRANCH)) : NULL;
        sqlite3_stmt *sp = sa ? st_stmt(st, S_DUES_BRANCH_PAID, PAID_SQL(IN_BRANCH)) : NULL;
        if (!sp) {
            rc = STORE_ERR;
        } else {
            sqlite3_stmt *all[] = {sb, sa, sp};
            for (size_t i = 0; i < ZB_ARRAY_LEN(all); i++) {
                sqlite3_bind_int64(all[i], 1, branch_id);
                st_bind_text(all[i], 2, since);
            }
            rc = fill_facts(st, &L, sb, sa, sp);
        }
        if (rc == STORE_OK) rc = fill_bases_versions(st, &L, branch_id, since);
    }
    free(L.slots);
    int start = 0;
    if (rc == STORE_OK) rc = store_dues_start(st, branch_id, &start);
    if (rc != STORE_OK) {
        store_dues_members_free(L.d, L.n);
        return rc;
    }
    for (int i = 0; i < L.n && rc == STORE_OK; i++) rc = member_start(st, &L.d[i], start);
    if (rc != STORE_OK) {
        store_dues_members_free(L.d, L.n);
        return rc;
    }
    *out = L.d;
    *n = L.n;
    return STORE_OK;
}

int store_dues_member(struct store *st, int64_t member_id, struct dues_member *out)
{
    memset(out, 0, sizeof *out);
    struct member m;
    int rc = store_member_get(st, member_id, &m);
    if (rc) return rc;
    struct load L = {.st = st};
    member_in(&L, &m, leave_ym_of(st, &m, &rc));
    if (rc) {
        store_dues_members_free(L.d, L.n);
        return rc;
    }
    make_slots(&L);
    sqlite3_stmt *sb = st_stmt(st, S_DUES_MEMBER_BASES, BASES_SQL("= ?1"));
    sqlite3_stmt *sa = sb ? st_stmt(st, S_DUES_MEMBER_ADJUSTS, ADJUSTS_SQL("= ?1")) : NULL;
    sqlite3_stmt *sp = sa ? st_stmt(st, S_DUES_MEMBER_PAID, PAID_SQL("= ?1")) : NULL;
    if (!sp) {
        rc = STORE_ERR;
    } else {
        sqlite3_bind_int64(sb, 1, member_id);
        sqlite3_bind_int64(sa, 1, member_id);
        sqlite3_bind_int64(sp, 1, member_id);
        rc = fill_facts(st, &L, sb, sa, sp);
    }
    free(L.slots);
    if (rc == STORE_OK) {
        int64_t v = store_dues_bases_version(st, member_id);
        if (v < 0) rc = (int)v;
        else L.d[0].bases_version = v;
    }
    int start = 0;
    if (rc == STORE_OK) rc = store_dues_start(st, m.branch_id, &start);
    if (rc == STORE_OK) rc = member_start(st, &L.d[0], start);
    if (rc != STORE_OK) {
        store_dues_members_free(L.d, L.n);
        return rc;
    }
    *out = L.d[0];
    free(L.d);
    return STORE_OK;
}

void store_dues_member_free(struct dues_member *d)
{
    if (!d) return;
    free(d->bases);
    free(d->adjusts);
    free(d->paid);
    d->bases = NULL;
    d->adjusts = NULL;
    d->paid = NULL;
    d->nbases = d->nadjusts = d->npaid = 0;
    memset(&d->f, 0, sizeof d->f);
}

void store_dues_members_free(struct dues_member *d, int n)
{
    if (!d) return;
    for (int i = 0; i < n; i++) store_dues_member_free(&d[i]);
    free(d);
}
