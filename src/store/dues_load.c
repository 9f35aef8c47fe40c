/* dues_load.c — loading a branch's dues facts for the rules of core/dues.c in a handful of
 * queries: members with their bases, adjustments and allocations, and the ledger's dues start. */
#include "dues_priv.h"
#include "store_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/store_dues.h"
#include "zhibu/text.h"
#include "zhibu/util.h"

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

static int join_ym_of(const struct member *m)
{
    return dues_join_ym(m->join_date, m->created_at);
}

/* The 党费交至 month of the newest transfer out of member_id ("" when none or none stated). */
static int transfer_out_paid_through(struct store *st, int64_t member_id, char out[8])
{
    out[0] = '\0';
    sqlite3_stmt *s = st_stmt(st,
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
    return dues_leave_ym_of(m->leave_status, m->leave_date, m->updated_at, join_ym_of(m), through);
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
        b->from_ym = st_ym_col(bases, 1);
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
        st_read_adjust(adjusts, 1, &d->adjusts[d->nadjusts++]);
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
        p->ym = st_ym_col(paid, 1);
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

struct start_row {
    int *ym;
    char *uuid;
};

static void read_start(sqlite3_stmt *s, void *out)
{
    const struct start_row *r = out;
    *r->ym = st_ym_col(s, 0);
    if (r->uuid) st_col_text(s, 1, r->uuid, UUID_STR_LEN);
}

/* The start set by hand (branch.dues_start): *ym, or -1 when none; the branch's uuid. */
static int start_set(struct store *st, int64_t branch_id, int *ym, char uuid[UUID_STR_LEN])
{
    sqlite3_stmt *s =
        st_stmt(st, "SELECT dues_start, uuid FROM branch WHERE id = ?1");
    if (!s) return STORE_ERR;
    *ym = -1;
    if (uuid) uuid[0] = '\0';
    struct start_row r = {ym, uuid};
    return st_get_row(st, s, branch_id, read_start, &r, "支部不存在", "读取党费台账起始月份");
}

/* The start when none is set: the earliest month a payment of the branch covers (a voided one
 * does not count), else the current month. */
static int start_default(struct store *st, int64_t branch_id, int *ym)
{
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT min(a.month) FROM dues_allocation a"
                              " JOIN dues_payment p ON p.id = a.payment_id"
                              " WHERE p.branch_id = ?1 AND p.voided_at IS NULL");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    int rc = sqlite3_step(s);
    int first = rc == SQLITE_ROW ? st_ym_col(s, 0) : -1;
    st_done(s);
    if (rc != SQLITE_ROW) return st_sqlfail(st, rc, "读取党费台账起始月份");
    *ym = first >= 0 ? first : dues_ym_of_date(clock_today());
    return STORE_OK;
}

/* store_dues_start_get as a "ym" integer. */
static int start_get(struct store *st, int64_t branch_id, int *ym)
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

int store_dues_start_get(struct store *st, int64_t branch_id, struct zmonth *out)
{
    int ym = 0;
    int rc = start_get(st, branch_id, &ym);
    if (rc == STORE_OK) *out = zmonth_from_index(ym);
    return rc;
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
    sqlite3_stmt *s = st_stmt(st,
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
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT min(a.month) FROM dues_allocation a"
                              " JOIN dues_payment p ON p.id = a.payment_id"
                              " WHERE p.branch_id = ?1 AND p.voided_at IS NULL AND a.month < ?2");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, tm);
    int rc = sqlite3_step(s);
    int paid = rc == SQLITE_ROW ? st_ym_col(s, 0) : -1;
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

int store_dues_start_set(struct store *st, int64_t branch_id, struct zmonth month)
{
    int ym = zmonth_valid(month) ? zmonth_index(month) : -1;
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
    if (rc == STORE_OK) rc = start_get(st, branch_id, &now);
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

/* Where a member's counted months begin: the branch's ledger start, or, for a member who
 * transferred in later, the month after the one the transfer letter says dues were paid
 * through (else the month of arrival). */
static int member_start(struct store *st, struct dues_member *d, int branch_start)
{
    d->f.start_ym = branch_start;
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT dues_paid_through, date FROM member_transfer"
                              " WHERE member_id = ?1 AND direction = 'in' ORDER BY date DESC, id DESC LIMIT 1");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, d->m.id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        d->f.start_ym = dues_member_start(branch_start, (const char *)sqlite3_column_text(s, 0),
                                          (const char *)sqlite3_column_text(s, 1));
    st_done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return st_sqlfail(st, rc, "读取转入记录");
    return STORE_OK;
}

/* Each loaded member's bases_version, in one query for the branch. */
static int fill_bases_versions(struct store *st, struct load *L, int64_t branch_id,
                               const char *since)
{
    sqlite3_stmt *s = st_stmt(st, BASES_VERSION_SQL(IN_BRANCH));
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

/* The n members of d with what they own, and d. */
static void members_free(struct dues_member *d, int n)
{
    if (!d) return;
    for (int i = 0; i < n; i++) store_dues_member_free(&d[i]);
    free(d);
}

int store_dues_member_list(struct store *st, int64_t branch_id, struct zmonth since_month,
                           struct store_dues_member_list *out)
{
    *out = (struct store_dues_member_list){0};
    int since_ym = zmonth_index(since_month);
    struct load L = {.since_ym = since_ym, .st = st};
    struct member_filter f = {.branch_id = branch_id, .include_left = true};
    int rc = store_member_each(st, &f, collect_member, &L);
    if (rc == STORE_OK) rc = L.rc;
    if (rc == STORE_OK && L.n > 0) {
        make_slots(&L);
        char since[11];
        dues_ym_format(since_ym, since);
        zb_strlcpy(since + 7, "-01", sizeof since - 7);
        sqlite3_stmt *sb = st_stmt(st, BASES_SQL(IN_BRANCH));
        sqlite3_stmt *sa = sb ? st_stmt(st, ADJUSTS_SQL(IN_BRANCH)) : NULL;
        sqlite3_stmt *sp = sa ? st_stmt(st, PAID_SQL(IN_BRANCH)) : NULL;
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
    if (rc == STORE_OK) rc = start_get(st, branch_id, &start);
    if (rc != STORE_OK) {
        members_free(L.d, L.n);
        return rc;
    }
    for (int i = 0; i < L.n && rc == STORE_OK; i++) rc = member_start(st, &L.d[i], start);
    if (rc != STORE_OK) {
        members_free(L.d, L.n);
        return rc;
    }
    out->v = L.d;
    out->n = L.n;
    return STORE_OK;
}

int store_dues_member_get(struct store *st, int64_t member_id, struct dues_member *out)
{
    memset(out, 0, sizeof *out);
    struct member m;
    int rc = store_member_get(st, member_id, &m);
    if (rc) return rc;
    struct load L = {.st = st};
    member_in(&L, &m, leave_ym_of(st, &m, &rc));
    if (rc) {
        members_free(L.d, L.n);
        return rc;
    }
    make_slots(&L);
    sqlite3_stmt *sb = st_stmt(st, BASES_SQL("= ?1"));
    sqlite3_stmt *sa = sb ? st_stmt(st, ADJUSTS_SQL("= ?1")) : NULL;
    sqlite3_stmt *sp = sa ? st_stmt(st, PAID_SQL("= ?1")) : NULL;
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
    if (rc == STORE_OK) rc = start_get(st, m.branch_id, &start);
    if (rc == STORE_OK) rc = member_start(st, &L.d[0], start);
    if (rc != STORE_OK) {
        members_free(L.d, L.n);
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

void store_dues_member_list_free(struct store_dues_member_list *l)
{
    members_free(l->v, l->n);
    *l = (struct store_dues_member_list){0};
}
