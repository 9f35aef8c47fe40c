/* dues_payments.c — 党费 payments in the database: checks, payments split into per-month
 * allocations, voids, receipt numbers. */
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

/* ---- payments -------------------------------------------------------------------------- */

/* The payment with its allocations as an array (json() keeps the subquery's text as JSON). */

/* member_branch: the member's branch as st_member_branch read it (0: no such member). */
static int check_payment(struct store *st, struct dues_payment *p, const struct dues_paid *alloc,
                         int nalloc, int64_t member_branch)
{
    /* the same checks as an imported payment's (core: dues_check_entry, _allocations) */
    const char *why = dues_check_entry(p->from_ym, p->to_ym, p->amount, p->paid_date);
    if (!why) why = dues_check_allocations(p->from_ym, p->to_ym, p->amount, alloc, nalloc);
    if (why) return st_fail(st, STORE_ERR_CONSTRAINT, "%s", why);
    /* the whole member read only for its message when there is none (issue 17: the demo's
     * 1.9 M payments each read a member row of some thirty columns for its branch) */
    if (member_branch == 0) {
        struct member m;
        int rc = store_member_get(st, p->member_id, &m);
        if (rc) return rc;
        member_branch = m.branch_id;
    }
    if (p->branch_id == 0) p->branch_id = member_branch;
    if (p->branch_id != member_branch)
        return st_fail(st, STORE_ERR_CONSTRAINT, "该党员不属于这个支部");
    return STORE_OK;
}

/* Inside the write: what is paid for p's months is still what the caller saw (p->paid_before);
 * else nothing is written and the message names the newest payment (or void) of those months:
 * two PCs pressing Space on the same member on collection day pay once. */
static int check_paid_before(struct store *st, const struct dues_payment *p)
{
    /* the demo generator, the only writer of a new file, knows what it paid: without this
     * the check reads every earlier payment of the member, ten years of them (issue 17) */
    if (st->demo_bulk) return STORE_OK;
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT ifnull(sum(a.amount), 0) FROM dues_allocation a"
                              " JOIN dues_payment p ON p.id = a.payment_id"
                              " WHERE p.member_id = ?1 AND p.voided_at IS NULL"
                              " AND +a.month >= ?2 AND +a.month <= ?3"); /* by member, not month */
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, p->member_id);
    st_bind_ym(s, 2, p->from_ym);
    st_bind_ym(s, 3, p->to_ym);
    int rc = sqlite3_step(s);
    long paid = rc == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : 0;
    st_done(s);
    if (rc != SQLITE_ROW) return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取交费记录");
    if (paid == p->paid_before) return STORE_OK;
    s = st_stmt(st,
                "SELECT h.changed_at, h.changed_by, h.new_json, h.action, q.amount"
                " FROM dues_payment q JOIN history_data d ON " ST_HROW("d", "'dues_payment'", "q.uuid")
                " JOIN history h ON h.id = d.id WHERE q.member_id = ?1 AND EXISTS (SELECT 1"
                " FROM dues_allocation a WHERE a.payment_id = q.id AND a.month >= ?2"
                " AND a.month <= ?3) ORDER BY h.id DESC LIMIT 1");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, p->member_id);
    st_bind_ym(s, 2, p->from_ym);
    st_bind_ym(s, 3, p->to_ym);
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
    int64_t member_branch = st_member_branch(st, p->member_id);
    int rc = st_require_edit(st, member_branch);
    if (rc) return rc;
    int64_t given_branch = p->branch_id;
    rc = check_payment(st, p, alloc, nalloc, member_branch);
    if (rc) {
        p->branch_id = given_branch;
        return rc;
    }
    rc = store_begin(st);
    if (rc) return rc;
    sqlite3_stmt *s = st_stmt(st,
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
    st_bind_ym(s, 6, p->from_ym);
    st_bind_ym(s, 7, p->to_ym);
    sqlite3_bind_int64(s, 8, p->amount);
    st_bind_text(s, 9, p->note);
    st_bind_text(s, 10, now);
    st_bind_text(s, 11, st->user);
    rc = st_step_write(st, s, "保存交费记录");
    if (rc) return st_abort(st, rc);
    int64_t id = sqlite3_last_insert_rowid(st->db);
    /* the allocation's member given (the payment's, which trigger dues_allocation_member would
     * copy into it): that trigger's update of the new row, and the check of the month sums'
     * update trigger it sets off, are not run for every allocation (issue 17: the demo writes
     * 1.9 M of them) */
    for (int i = 0; i < nalloc; i++) {
        s = st_stmt(st,
                    "INSERT INTO dues_allocation(payment_id, month, amount, member_id)"
                    " VALUES (?1, ?2, ?3, ?4)");
        if (!s) return st_abort(st, STORE_ERR);
        sqlite3_bind_int64(s, 1, id);
        st_bind_ym(s, 2, alloc[i].ym);
        sqlite3_bind_int64(s, 3, alloc[i].amount);
        sqlite3_bind_int64(s, 4, p->member_id);
        rc = st_step_write(st, s, "保存交费记录");
        if (rc) return st_abort(st, rc);
    }
    /* the entry after the allocations (they write none): its value, which lists them, read
     * once they are there, by one write (st_history_insert_whole) */
    int64_t h = st_history_insert_whole(st, "dues_payment", uuid, PAYMENT_JSON, id);
    if (h < 0) return st_abort(st, (int)h);
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
        .state_sql = "SELECT uuid, voided_at IS NOT NULL, branch_id, paid_date FROM dues_payment"
                     " WHERE id = ?1",
        .json_sql = PAYMENT_JSON,
        .void_sql = "UPDATE dues_payment SET voided_at = ?2, voided_by = ?3, void_reason = ?4,"
                    " updated_at = ?2 WHERE id = ?1",
    };
    return st_dues_void(st, &spec, id, reason);
}

int store_dues_payment_list(struct store *st, int64_t member_id, struct store_dues_payment_list *out)
{
    *out = (struct store_dues_payment_list){0};
    sqlite3_stmt *s = st_stmt(st,
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
        p->from_ym = st_ym_col(s, 6);
        p->to_ym = st_ym_col(s, 7);
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
    sqlite3_stmt *s = st_stmt(st,
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
