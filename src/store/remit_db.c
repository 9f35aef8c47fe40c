/* remit_db.c — 党费上缴 in the database (store_remit.h): remittances of a branch (add, void,
 * list), collected against remitted month by month, and the review's facts (st_load_remit,
 * audit_people.h section remit). The rules are core/remit.c's. */
#include "audit_priv.h"
#include "dues_priv.h"
#include "posts_priv.h"
#include "store_json.h"
#include "store_list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/dues.h"
#include "zhibu/remit.h"
#include "zhibu/store_remit.h"
#include "zhibu/text.h"
#include "zhibu/util.h"

#define REMIT_COLS                                                                             \
    "SELECT id, uuid, branch_id, date, from_month, to_month, amount_fen, receipt, note,"       \
    " voided_at IS NOT NULL, ifnull(void_reason, ''), created_at, created_by"                  \
    " FROM dues_remittance"

static void read_remit(sqlite3_stmt *s, void *out)
{
    struct remittance *r = out;
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(s, 0);
    st_col_text(s, 1, r->uuid, sizeof r->uuid);
    r->branch_id = sqlite3_column_int64(s, 2);
    st_col_text(s, 3, r->date, sizeof r->date);
    r->from_ym = st_ym_col(s, 4);
    r->to_ym = st_ym_col(s, 5);
    r->amount = (long)sqlite3_column_int64(s, 6);
    st_col_text(s, 7, r->receipt, sizeof r->receipt);
    st_col_text(s, 8, r->note, sizeof r->note);
    r->voided = sqlite3_column_int(s, 9) != 0;
    st_col_text(s, 10, r->void_reason, sizeof r->void_reason);
    st_col_text(s, 11, r->created_at, sizeof r->created_at);
    st_col_text(s, 12, r->created_by, sizeof r->created_by);
}

int store_remit_get(struct store *st, int64_t id, struct remittance *out)
{
    return st_get_row(st, st_stmt(st, REMIT_COLS " WHERE id = ?1"), id, read_remit, out,
                      "上缴记录不存在", "读取上缴记录");
}

int store_remit_list(struct store *st, int64_t branch_id, struct store_remit_list *out)
{
    *out = (struct store_remit_list){0};
    sqlite3_stmt *s = st_stmt(st, REMIT_COLS " WHERE branch_id = ?1"
                                             " ORDER BY to_month DESC, date DESC, id DESC");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) read_remit(s, ST_LIST_ADD(out));
    int result = st_read_end(st, s, rc, "读取上缴记录");
    if (result) store_remit_list_free(out);
    return result;
}

void store_remit_list_free(struct store_remit_list *l)
{
    if (!l) return;
    free(l->v);
    *l = (struct store_remit_list){0};
}

/* The branch's remittances not voided, for the check (spans, dates, receipts; heap). */
struct others {
    struct remit_span *spans;
    const char **dates, **receipts;
    struct store_remit_list list;
};

static int load_others(struct store *st, int64_t branch_id, struct others *o)
{
    memset(o, 0, sizeof *o);
    int rc = store_remit_list(st, branch_id, &o->list);
    if (rc) return rc;
    size_t n = (size_t)(o->list.n ? o->list.n : 1);
    o->spans = xcalloc(n, sizeof *o->spans);
    o->dates = xcalloc(n, sizeof *o->dates);
    o->receipts = xcalloc(n, sizeof *o->receipts);
    int k = 0;
    for (int i = 0; i < o->list.n; i++) {
        const struct remittance *r = &o->list.v[i];
        if (r->voided) continue;
        o->spans[k] = (struct remit_span){r->from_ym, r->to_ym, r->amount};
        o->dates[k] = r->date;
        o->receipts[k] = r->receipt;
        k++;
    }
    return k; /* the list keeps every row, the spans only those not voided */
}

static void free_others(struct others *o)
{
    free(o->spans);
    free(o->dates);
    free(o->receipts);
    store_remit_list_free(&o->list);
}

static int remit_write_fail(struct store *st, int sqlrc, const void *ctx)
{
    if (sqlrc == SQLITE_CONSTRAINT_FOREIGNKEY)
        return st_fail(st, STORE_ERR_CONSTRAINT, "保存上缴记录失败: 所属支部不存在");
    return st_sqlfail(st, sqlrc, ctx);
}

int store_remit_add(struct store *st, struct remittance *r)
{
    int rc = st_require_edit(st, r->branch_id);
    if (rc) return rc;
    char receipt[REMIT_RECEIPT_BYTES], note[PEOPLE_NOTE_BYTES + 1];
    rc = st_check_reason(st, receipt, sizeof receipt, r->receipt, NULL, "收据编号");
    if (rc == STORE_OK) rc = st_check_reason(st, note, sizeof note, r->note, NULL, "备注");
    if (rc) return rc;
    rc = store_begin(st);
    if (rc) return rc;
    struct others o;
    int k = load_others(st, r->branch_id, &o);
    if (k < 0) return st_abort(st, k);
    char buf[ZB_MSG_MAX];
    const char *why = remit_check(r->date, r->from_ym, r->to_ym, r->amount, receipt,
                                  clock_today(), o.spans, k, o.dates, o.receipts, buf, sizeof buf);
    if (why) {
        rc = st_fail(st, STORE_ERR_CONSTRAINT, "%s", why);
        free_others(&o);
        return st_abort(st, rc);
    }
    free_others(&o);
    char uuid[UUID_STR_LEN], now[24];
    store_uuid(uuid);
    rc = st_check_lock(st, r->branch_id, r->date, "dues_remittance", uuid);
    if (rc) return st_abort(st, rc);
    sqlite3_stmt *s = st_stmt(st,
                              "INSERT INTO dues_remittance(uuid, branch_id, date, from_month,"
                              " to_month, amount_fen, receipt, note, created_at, created_by,"
                              " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?9)");
    if (!s) return st_abort(st, STORE_ERR);
    clock_now_iso(now);
    st_bind_text(s, 1, uuid);
    sqlite3_bind_int64(s, 2, r->branch_id);
    st_bind_text(s, 3, r->date);
    st_bind_ym(s, 4, r->from_ym);
    st_bind_ym(s, 5, r->to_ym);
    sqlite3_bind_int64(s, 6, r->amount);
    st_bind_text(s, 7, receipt);
    st_bind_text(s, 8, note);
    st_bind_text(s, 9, now);
    st_bind_text(s, 10, st->user);
    rc = st_step_write_as(st, s, remit_write_fail, "保存上缴记录");
    if (rc) return st_abort(st, rc);
    int64_t id = st_insert_history(st, "dues_remittance", uuid, REMITTANCE_JSON);
    if (id < 0) return st_abort(st, (int)id);
    rc = store_commit(st);
    if (rc) return rc;
    r->id = id;
    memcpy(r->uuid, uuid, sizeof uuid);
    zb_strlcpy(r->receipt, receipt, sizeof r->receipt);
    zb_strlcpy(r->note, note, sizeof r->note);
    memcpy(r->created_at, now, sizeof r->created_at);
    zb_strlcpy(r->created_by, st->user, sizeof r->created_by);
    r->voided = false;
    r->void_reason[0] = '\0';
    return STORE_OK;
}

int store_remit_void(struct store *st, int64_t id, const char *reason)
{
    struct remittance old;
    int rc = store_remit_get(st, id, &old);
    if (rc) return rc;
    const struct st_void v = {
        .table = "dues_remittance",
        .json_sql = REMITTANCE_JSON,
        .void_sql = "UPDATE dues_remittance SET voided_at = ?2, voided_by = ?3, void_reason = ?4,"
                    " updated_at = ?2 WHERE id = ?1",
        .what = "作废上缴记录",
        .voided_msg = "该上缴记录已作废",
        .reason_empty = "作废上缴记录须填写原因",
        .reason_label = "作废原因",
        .id = id,
        .branch_id = old.branch_id,
        .uuid = old.uuid,
        .month = old.date,
        .voided = old.voided,
    };
    return st_void_row(st, &v, reason);
}

int store_remit_months(struct store *st, int64_t branch_id, int from_ym, int to_ym,
                       struct remit_month *out)
{
    if (from_ym > to_ym || !dues_ym_valid(from_ym) || !dues_ym_valid(to_ym))
        return st_fail(st, STORE_ERR_CONSTRAINT, "起止月份有误");
    int n = to_ym - from_ym + 1;
    for (int i = 0; i < n; i++) out[i] = (struct remit_month){.ym = from_ym + i};
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT a.month, sum(a.amount) FROM dues_payment p"
                              " JOIN dues_allocation a ON a.payment_id = p.id"
                              " WHERE p.branch_id = ?1 AND p.voided_at IS NULL"
                              " AND a.month BETWEEN ?2 AND ?3 GROUP BY a.month");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_ym(s, 2, from_ym);
    st_bind_ym(s, 3, to_ym);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int ym = st_ym_col(s, 0);
        if (ym >= from_ym && ym <= to_ym) out[ym - from_ym].collected = (long)sqlite3_column_int64(s, 1);
    }
    rc = st_read_end(st, s, rc, "读取党费收缴");
    if (rc) return rc;
    s = st_stmt(st,
                "SELECT from_month, to_month, amount_fen FROM dues_remittance"
                " WHERE branch_id = ?1 AND voided_at IS NULL AND to_month >= ?2"
                " AND from_month <= ?3");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_ym(s, 2, from_ym);
    st_bind_ym(s, 3, to_ym);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct remit_span sp = {st_ym_col(s, 0), st_ym_col(s, 1), (long)sqlite3_column_int64(s, 2)};
        for (int ym = sp.from_ym > from_ym ? sp.from_ym : from_ym; ym <= sp.to_ym && ym <= to_ym;
             ym++) {
            out[ym - from_ym].remitted += remit_share(&sp, ym);
            out[ym - from_ym].covered = true;
        }
    }
    return st_read_end(st, s, rc, "读取上缴记录");
}

int store_remit_totals(struct store *st, int64_t branch_id, int from_ym, int to_ym,
                       struct remit_totals *out)
{
    *out = (struct remit_totals){0};
    if (from_ym > to_ym || !dues_ym_valid(from_ym) || !dues_ym_valid(to_ym))
        return st_fail(st, STORE_ERR_CONSTRAINT, "起止月份有误");
    struct remit_month *m = xcalloc((size_t)(to_ym - from_ym + 1), sizeof *m);
    int rc = store_remit_months(st, branch_id, from_ym, to_ym, m);
    for (int i = 0; rc == STORE_OK && i <= to_ym - from_ym; i++) {
        out->collected += m[i].collected;
        out->remitted += m[i].remitted;
    }
    free(m);
    return rc;
}

int store_remit_through(struct store *st, int64_t branch_id, int *through_ym)
{
    *through_ym = 0;
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT max(to_month) FROM dues_remittance"
                              " WHERE branch_id = ?1 AND voided_at IS NULL");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
        int ym = st_ym_col(s, 0);
        *through_ym = ym > 0 ? ym : 0;
    }
    return st_read_end(st, s, rc, "读取上缴记录");
}

/* *cur := t when t is the greater text (max()'s order), kept in buf or, longer, in strings. */
static void keep_newest(struct arena *strings, const unsigned char *t, char *buf, size_t bufsz,
                        const char **cur)
{
    if (!t || (*cur && strcmp((const char *)t, *cur) <= 0)) return;
    size_t len = strlen((const char *)t);
    if (len < bufsz) {
        memcpy(buf, t, len + 1);
        *cur = buf;
    } else {
        *cur = st_arena_str(strings, t);
    }
}

/* The review's facts: each branch's newest remitted month and date among its remittances not
 * voided dated by the month's end, and its dues start. Every branch: the table in storage order
 * (a scan), the newest of each kept here as max() would keep it (text order) — a look-up in the
 * table for each row the (branch_id, to_month) index yields cost ten times the scan; one
 * branch: by that index. */
#define REMIT_SQL(where)                                                                       \
    "SELECT branch_id, to_month, date FROM dues_remittance WHERE " where                        \
    " AND voided_at IS NULL AND date <= ?4"
const char *const REMIT_ALL_SQL = REMIT_SQL("+branch_id BETWEEN ?1 AND ?2");

int st_read_remit(struct load *L, sqlite3_stmt *s, struct arena *strings)
{
    for (int b = 0; b < L->nbr; b++) L->people[b].remit.start_ym = L->bs[b].start_ym;
    /* each branch's newest texts so far (rows come mostly oldest first: most rows are newer) */
    struct newest {
        char to[32], date[32];
        const char *pto, *pdate; /* to, date, or a longer text in strings */
    } *nw = xcalloc((size_t)(L->nbr ? L->nbr : 1), sizeof *nw);
    struct bcursor c = {.idx = -2};
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int bi = st_cursor_branch(L, &c, sqlite3_column_int64(s, 0));
        if (bi < 0) continue;
        struct newest *n = &nw[bi];
        keep_newest(strings, sqlite3_column_text(s, 1), n->to, sizeof n->to, &n->pto);
        keep_newest(strings, sqlite3_column_text(s, 2), n->date, sizeof n->date, &n->pdate);
    }
    for (int b = 0; rc == SQLITE_DONE && b < L->nbr; b++) {
        if (!nw[b].pto && !nw[b].pdate) continue;
        struct audit_remit *f = &L->people[b].remit;
        int ym = dues_ym_parse(nw[b].pto ? nw[b].pto : "");
        f->through_ym = ym > 0 ? ym : 0;
        if (!date_parse(nw[b].pdate ? nw[b].pdate : "", &f->last_date)) f->last_date = (struct zdate){0};
    }
    free(nw);
    return rc;
}

int st_load_remit(struct load *L)
{
    if (L->remit_on_thread) return STORE_OK; /* read there (st_holdings_job_run) */
    sqlite3_stmt *s = st_load_stmt(L, L->lo == L->hi ? REMIT_SQL("branch_id = ?1") : REMIT_ALL_SQL);
    if (!s) return STORE_ERR;
    return st_load_end(L, s, st_read_remit(L, s, &L->strings), "读取党费上缴");
}
