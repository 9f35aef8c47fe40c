/* dues.c — 党费 in the database: bases from a month on, adjustments (免交 / 减交 / 缓交) with
 * who approved them, payments split into per-month allocations, voids, receipt numbers, and
 * loading a branch's dues facts for the rules of core/dues.c in a handful of queries.
 *
 * Payments are in dues_payments.c; loading the facts in dues_load.c. */
#include "dues_priv.h"
#include "store_json.h"
#include "store_list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/store_dues.h"
#include "zhibu/text.h"
#include "zhibu/util.h"

/* ---- small helpers --------------------------------------------------------------------- */

/* "YYYY-MM" of the month of a YYYY-MM-DD text; -1 if it is not a date. */
int st_ym_of_text(const char *date)
{
    struct zdate d;
    if (!date || !date_parse(date, &d)) return -1;
    return dues_ym_of_date(d);
}

int st_ym_col(sqlite3_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    return t ? dues_ym_parse((const char *)t) : -1;
}

void st_bind_ym(sqlite3_stmt *s, int idx, int ym)
{
    char buf[8];
    dues_ym_format(ym, buf);
    st_bind_text(s, idx, buf);
}

/* What the void of a row needs to know of it (row_state). */
struct row_state {
    char uuid[UUID_STR_LEN], month[16];
    bool voided;
    int64_t branch;
};

static void read_state(sqlite3_stmt *s, void *out)
{
    struct row_state *r = out;
    st_col_text(s, 0, r->uuid, sizeof r->uuid);
    r->voided = sqlite3_column_int(s, 1) != 0;
    r->branch = sqlite3_column_int64(s, 2);
    st_col_text(s, 3, r->month, sizeof r->month);
}

/* Void one row of a table with voided_at / voided_by / void_reason (st_void_row): its state
 * from v's "SELECT uuid, voided_at IS NOT NULL, branch, month ... WHERE id = ?1", locked by
 * that month. */
int st_dues_void(struct store *st, const struct void_spec *v, int64_t id, const char *reason)
{
    struct row_state r = {.uuid = ""};
    int rc = st_get_row(st, st_stmt(st, v->state_sql), id, read_state, &r, NULL,
                        "读取记录");
    if (rc == STORE_ERR_NOT_FOUND) return st_fail(st, rc, "%s不存在", v->what);
    if (rc) return rc;
    char voided_msg[64];
    snprintf(voided_msg, sizeof voided_msg, "该%s已作废", v->what);
    const struct st_void sv = {
        .table = v->table,
        .json_sql = v->json_sql,
        .void_sql = v->void_sql,
        .what = "作废",
        .voided_msg = voided_msg,
        .id = id,
        .branch_id = r.branch,
        .uuid = r.uuid,
        .month = r.month,
        .voided = r.voided,
    };
    return st_void_row(st, &sv, reason);
}

/* ---- bases ----------------------------------------------------------------------------- */

/* The newest basis decides the roster's dues category; the change goes through the member
 * update (history "update"). */
static int follow_category(struct store *st, int64_t member_id)
{
    sqlite3_stmt *s = st_stmt(st,
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

int64_t store_dues_bases_version(struct store *st, int64_t member_id)
{
    sqlite3_stmt *s = st_stmt(st, BASES_VERSION_SQL("= ?1"));
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
    /* the demo generator, the only writer of a new file, read the version just before (as
     * check_paid_before, dues_payments.c): a second read of the member's bases per basis */
    if (st->demo_bulk) return STORE_OK;
    int64_t now = store_dues_bases_version(st, member_id);
    if (now < 0) return (int)now;
    if (now == read) return STORE_OK;
    st_conflict_at(st, "dues_basis", now, NULL, NULL);
    return st_fail(st, STORE_ERR_CHANGED, "该党员的党费基数已被 %s 于 %s 修改",
                   st->conflict.who, st->conflict.when);
}

int store_dues_basis_set(struct store *st, int64_t member_id, struct zmonth from_month,
                         const char *category, long base_fen, const char *note, int64_t bases_version)
{
    int from_ym = zmonth_valid(from_month) ? zmonth_index(from_month) : -1;
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
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT id, uuid FROM dues_basis WHERE member_id = ?1"
                              " AND from_month = ?2");
    if (!s) return st_abort(st, STORE_ERR);
    sqlite3_bind_int64(s, 1, member_id);
    st_bind_ym(s, 2, from_ym);
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
        s = st_stmt(st,
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
        h = st_history_begin(st, "dues_basis", uuid, "update", BASIS_JSON, id);
        if (h < 0) return st_abort(st, (int)h);
        s = st_stmt(st,
                    "UPDATE dues_basis SET category = ?2, base_fen = ?3, note = ?4,"
                    " updated_at = ?5 WHERE id = ?1");
        if (!s) return st_abort(st, STORE_ERR);
        sqlite3_bind_int64(s, 1, id);
    } else {
        s = st_stmt(st,
                    "INSERT INTO dues_basis(member_id, category, base_fen, note, created_at,"
                    " updated_at, from_month, uuid, created_by)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8)");
        if (!s) return st_abort(st, STORE_ERR);
        sqlite3_bind_int64(s, 1, member_id);
        st_bind_ym(s, 6, from_ym);
        st_bind_text(s, 7, uuid);
        st_bind_text(s, 8, st->user);
        h = 0;
    }
    st_bind_text(s, 2, category);
    sqlite3_bind_int64(s, 3, base_fen);
    st_bind_text(s, 4, note);
    st_bind_text(s, 5, now);
    rc = st_step_write(st, s, "保存党费基数");
    if (rc) return st_abort(st, rc);
    if (!id) {
        id = sqlite3_last_insert_rowid(st->db);
        h = st_history_begin(st, "dues_basis", uuid, "insert", NULL, id);
        if (h < 0) return st_abort(st, (int)h);
    }
    rc = st_history_finish(st, h, BASIS_JSON, id);
    if (rc == STORE_OK) rc = follow_category(st, member_id);
    if (rc) return st_abort(st, rc);
    return store_commit(st);
}

/* ---- adjustments ----------------------------------------------------------------------- */

static const char *const ADJUST_KINDS[] = {"waive", "reduce", "defer"};

/* A failed write of an adjustment (st_step_write_as). */
static int adjust_fail(struct store *st, int sqlrc, const void *ctx)
{
    (void)ctx;
    if (sqlrc == SQLITE_CONSTRAINT_FOREIGNKEY)
        return st_fail(st, STORE_ERR_CONSTRAINT, "党员不存在");
    return st_sqlfail(st, sqlrc, "保存党费减免");
}

int store_dues_adjust_add(struct store *st, struct dues_adjust_rec *r)
{
    const struct dues_adjust *a = &r->a;
    const char *why = dues_check_adjust(a->from_ym, a->to_ym, (int)a->kind, a->amount); /* as an import's */
    if (why) return st_fail(st, STORE_ERR_CONSTRAINT, "%s", why);
    int64_t branch = st_member_branch(st, r->member_id);
    int rc = st_require_edit(st, branch);
    if (rc) return rc;
    char approved[sizeof r->approved_by], reason[sizeof r->reason];
    rc = st_check_reason(st, approved, sizeof approved, r->approved_by, "须填写批准人", NULL);
    if (rc == STORE_OK)
        rc = st_check_reason(st, reason, sizeof reason, r->reason, "须填写原因", NULL);
    if (rc) return rc;
    rc = store_begin(st);
    if (rc) return rc;
    sqlite3_stmt *s = st_stmt(st,
                              "INSERT INTO dues_adjust(uuid, member_id, from_month, to_month, kind,"
                              " amount, approved_by, reason, created_at, created_by, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?9)");
    if (!s) return st_abort(st, STORE_ERR);
    char uuid[UUID_STR_LEN], now[24], from[8];
    store_uuid(uuid);
    clock_now_iso(now);
    dues_ym_format(a->from_ym, from);
    rc = st_check_lock(st, branch, from, "dues_adjust", uuid);
    if (rc) return st_abort(st, rc);
    st_bind_text(s, 1, uuid);
    sqlite3_bind_int64(s, 2, r->member_id);
    st_bind_ym(s, 3, a->from_ym);
    st_bind_ym(s, 4, a->to_ym);
    st_bind_text(s, 5, ADJUST_KINDS[a->kind]);
    sqlite3_bind_int64(s, 6, a->kind == DUES_REDUCE ? a->amount : 0);
    st_bind_text(s, 7, approved);
    st_bind_text(s, 8, reason);
    st_bind_text(s, 9, now);
    st_bind_text(s, 10, st->user);
    rc = st_step_write_as(st, s, adjust_fail, NULL);
    if (rc) return st_abort(st, rc);
    int64_t id = sqlite3_last_insert_rowid(st->db);
    int64_t h = st_history_begin(st, "dues_adjust", uuid, "insert", NULL, id);
    if (h < 0) return st_abort(st, (int)h);
    rc = st_history_finish(st, h, ADJUST_JSON, id);
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
        .state_sql = "SELECT a.uuid, a.voided_at IS NOT NULL, m.branch_id, a.from_month"
                     " FROM dues_adjust a JOIN member m ON m.id = a.member_id WHERE a.id = ?1",
        .json_sql = ADJUST_JSON,
        .void_sql = "UPDATE dues_adjust SET voided_at = ?2, voided_by = ?3, void_reason = ?4,"
                    " updated_at = ?2 WHERE id = ?1",
    };
    return st_dues_void(st, &spec, id, reason);
}

static enum dues_adjust_kind adjust_kind_of(const char *code)
{
    for (size_t i = 0; i < ZB_ARRAY_LEN(ADJUST_KINDS); i++)
        if (strcmp(code, ADJUST_KINDS[i]) == 0) return (enum dues_adjust_kind)i;
    return DUES_WAIVE;
}

/* Columns 0..3 of an adjustment row: from_month, to_month, kind, amount. */
void st_read_adjust(sqlite3_stmt *s, int col, struct dues_adjust *a)
{
    a->from_ym = st_ym_col(s, col);
    a->to_ym = st_ym_col(s, col + 1);
    const unsigned char *k = sqlite3_column_text(s, col + 2);
    a->kind = adjust_kind_of(k ? (const char *)k : "");
    a->amount = (long)sqlite3_column_int64(s, col + 3);
}

int store_dues_adjust_list(struct store *st, int64_t member_id, struct store_dues_adjust_list *out)
{
    *out = (struct store_dues_adjust_list){0};
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT from_month, to_month, kind, amount, id, uuid, approved_by,"
                              " reason, voided_at IS NOT NULL FROM dues_adjust"
                              " WHERE member_id = ?1 ORDER BY from_month, id");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, member_id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct dues_adjust_rec *r = ST_LIST_ADD(out);
        memset(r, 0, sizeof *r);
        st_read_adjust(s, 0, &r->a);
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
