/* journal_derived.c — verify's check of the data derived from journaled rows (issue 17).
 *
 * dues_paid_year (audit_schema.h) is what the monthly review reads of the dues: the allocations
 * of the payments not voided, summed by member and year, kept by triggers. It is not journaled
 * itself, so a change to it behind zhibu's back would change what the review concludes while
 * every journaled row still matched its journal. verify therefore sums the allocations again
 * (the rows it has just compared with the journal) and names every member and year whose stored
 * sums differ — a row changed, added or removed — as a row changed outside zhibu. A year whose
 * twelve sums are all 0 is the same as no row (the triggers leave such rows after a void). */
#include "journal_priv.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_schema.h"
#include "zhibu/util.h"

#define PY_M12 "m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12"
#define PY_NONZERO                                                                             \
    "(m1 <> 0 OR m2 <> 0 OR m3 <> 0 OR m4 <> 0 OR m5 <> 0 OR m6 <> 0 OR m7 <> 0 OR m8 <> 0"    \
    " OR m9 <> 0 OR m10 <> 0 OR m11 <> 0 OR m12 <> 0)"

/* Each (year, member) whose stored sums are not the sums of its allocations: year, member id,
 * the member's uuid and branch (NULL: no such member). ALL: every branch. ONE: the members of
 * branch ?1, their allocations reached through their payments (dues_payment_member, then
 * dues_allocation's key (payment, month)), so that one branch of a district does not sum the
 * whole district's allocations; their stored rows looked up by the key (year, member) for each
 * year the table holds (zy_: from one year to the next by the key, whatever the years are), not
 * by a scan of the whole table — 240 M instructions of a branch's page on the ten-year
 * district. */
#define DERIVED_SQL(SCOPE_A, SCOPE_Y, HAVE, SCOPE_M)                                            \
    "WITH sums(year, member_id, " PY_M12 ") AS (SELECT CAST(substr(a.month, 1, 4) AS INTEGER),"   \
    "  " PY_MEMBER("a") " AS mid" PY_MONTHS(PY_SUM, "a", "") " FROM dues_allocation a WHERE"    \
    PY_VALID("a") " AND" PY_NOT_VOIDED("a") SCOPE_A " GROUP BY 1, 2 HAVING mid IS NOT NULL),"   \
    " want AS (SELECT * FROM sums WHERE " PY_NONZERO SCOPE_Y "),"                              \
    HAVE ","                                                                                    \
    " diff AS (SELECT year, member_id FROM (SELECT * FROM have EXCEPT SELECT * FROM want)"     \
    "  UNION SELECT year, member_id FROM (SELECT * FROM want EXCEPT SELECT * FROM have))"      \
    " SELECT d.year, d.member_id, m.uuid, m.branch_id FROM diff d"                             \
    " LEFT JOIN member m ON m.id = d.member_id" SCOPE_M " ORDER BY d.member_id, d.year"

#define BRANCH_MEMBERS "(SELECT zm_.id FROM member zm_ WHERE zm_.branch_id = ?1)"
#define PY_M12_OF(t)                                                                           \
    t ".m1, " t ".m2, " t ".m3, " t ".m4, " t ".m5, " t ".m6, " t ".m7, " t ".m8, " t ".m9, "    \
    t ".m10, " t ".m11, " t ".m12"
#define PY_NONZERO_OF(t)                                                                       \
    "(" t ".m1 <> 0 OR " t ".m2 <> 0 OR " t ".m3 <> 0 OR " t ".m4 <> 0 OR " t ".m5 <> 0 OR "    \
    t ".m6 <> 0 OR " t ".m7 <> 0 OR " t ".m8 <> 0 OR " t ".m9 <> 0 OR " t ".m10 <> 0 OR "      \
    t ".m11 <> 0 OR " t ".m12 <> 0)"
static const char DERIVED_ALL_SQL[] = DERIVED_SQL(
    "", "", " have AS (SELECT year, member_id, " PY_M12 " FROM dues_paid_year WHERE " PY_NONZERO ")",
    "");
static const char DERIVED_ONE_SQL[] = DERIVED_SQL(
    " AND a.payment_id IN (SELECT zp_.id FROM dues_payment zp_ WHERE zp_.member_id IN"
    " " BRANCH_MEMBERS ")",
    " AND member_id IN " BRANCH_MEMBERS,
    /* CROSS JOIN keeps the order: years, the branch's members, then the key */
    " zy_(y) AS (SELECT min(year) FROM dues_paid_year UNION ALL SELECT (SELECT min(year)"
    " FROM dues_paid_year WHERE year > zy_.y) FROM zy_ WHERE zy_.y IS NOT NULL),"
    " have AS (SELECT py.year, py.member_id, " PY_M12_OF("py") " FROM zy_ CROSS JOIN member zm_"
    " CROSS JOIN dues_paid_year py ON py.year = zy_.y AND py.member_id = zm_.id"
    " WHERE zm_.branch_id = ?1 AND " PY_NONZERO_OF("py") ")",
    " WHERE m.branch_id = ?1");

/* ---- the whole database in C ------------------------------------------------------------
 * DERIVED_ALL_SQL groups every allocation by year and member (a sort of millions of rows, each
 * with a look-up of its payment for NOT EXISTS ... voided_at). The same sums here: the
 * allocations read in month order (the covering index dues_allocation_month), one year at a
 * time summed by member in a hash table, the voided payments' ids read once beforehand, and
 * each year compared with dues_paid_year read in its key order. A (year, member) differs when
 * its twelve sums differ, a missing row counting as twelve zeros — what the statement's two
 * EXCEPTs of the non-zero rows find. Anything the statement would treat in a way this does not
 * copy (a value not of the column's kind, a sum over 64 bits) sends the whole check to the
 * statement, which alone reports then. */

#define ALLOC_SQL "SELECT month, member_id, amount, payment_id FROM dues_allocation ORDER BY month"
#define HAVE_SQL "SELECT year, member_id, " PY_M12 " FROM dues_paid_year ORDER BY year, member_id"

struct py_row {
    int64_t member;
    int64_t m[12];
};

struct py_year {
    struct py_row *v;
    size_t n, cap;
    uint32_t *slot;        /* index + 1 into v by member (open addressing), 0 empty */
    size_t nslot;
};

static struct py_row *py_get(struct py_year *y, int64_t member)
{
    if (2 * (y->n + 1) > y->nslot) {
        size_t ns = y->nslot ? y->nslot * 2 : 4096;
        uint32_t *slot = xcalloc(ns, sizeof *slot);
        for (size_t i = 0; i < y->n; i++) {
            size_t h = (size_t)((uint64_t)y->v[i].member * 0x9E3779B97F4A7C15ull) & (ns - 1);
            while (slot[h]) h = (h + 1) & (ns - 1);
            slot[h] = (uint32_t)(i + 1);
        }
        free(y->slot);
        y->slot = slot;
        y->nslot = ns;
    }
    size_t h = (size_t)((uint64_t)member * 0x9E3779B97F4A7C15ull) & (y->nslot - 1);
    while (y->slot[h]) {
        struct py_row *r = &y->v[y->slot[h] - 1];
        if (r->member == member) return r;
        h = (h + 1) & (y->nslot - 1);
    }
    if (y->n == y->cap) {
        y->cap = y->cap ? y->cap * 2 : 1024;
        y->v = xrealloc(y->v, y->cap * sizeof *y->v);
    }
    struct py_row *r = &y->v[y->n];
    memset(r, 0, sizeof *r);
    r->member = member;
    y->slot[h] = (uint32_t)(++y->n);
    return r;
}

static int row_cmp(const void *pa, const void *pb)
{
    const struct py_row *a = pa, *b = pb;
    return a->member < b->member ? -1 : a->member > b->member;
}

struct py_diff {
    int64_t member;
    int year;
};

static int diff_cmp(const void *pa, const void *pb)
{
    const struct py_diff *a = pa, *b = pb;
    if (a->member != b->member) return a->member < b->member ? -1 : 1;
    return a->year < b->year ? -1 : a->year > b->year;
}

struct py_run {
    sqlite3_stmt *have;
    int hrc;               /* have's last step */
    struct py_diff *d;
    size_t nd, capd;
    bool fallback;
};

static void add_diff(struct py_run *r, int64_t member, int64_t year)
{
    if (year < INT32_MIN || year > INT32_MAX) {
        r->fallback = true;
        return;
    }
    if (r->nd == r->capd) {
        r->capd = r->capd ? r->capd * 2 : 64;
        r->d = xrealloc(r->d, r->capd * sizeof *r->d);
    }
    r->d[r->nd].member = member;
    r->d[r->nd++].year = (int)year;
}

/* The current have row: false (fallback) when it is not all integers. */
static bool have_row(struct py_run *r, struct py_row *h, int64_t *year)
{
    for (int c = 0; c < 14; c++)
        if (sqlite3_column_type(r->have, c) != SQLITE_INTEGER) return false;
    *year = sqlite3_column_int64(r->have, 0);
    h->member = sqlite3_column_int64(r->have, 1);
    for (int k = 0; k < 12; k++) h->m[k] = sqlite3_column_int64(r->have, 2 + k);
    return true;
}

static bool nonzero(const struct py_row *p)
{
    for (int k = 0; k < 12; k++)
        if (p->m[k]) return true;
    return false;
}

/* The stored rows of years before upto (INT64_MAX: all) against nothing, then year upto's
 * against y (sorted by member). */
static void compare_year(struct py_run *r, int64_t upto, struct py_year *y)
{
    size_t i = 0;
    while (!r->fallback && (r->hrc == SQLITE_ROW || i < y->n)) {
        struct py_row h;
        int64_t hy = INT64_MAX;
        if (r->hrc == SQLITE_ROW && !have_row(r, &h, &hy)) {
            r->fallback = true;
            return;
        }
        if (r->hrc == SQLITE_ROW && hy < upto) { /* a year with no allocations */
            if (nonzero(&h)) add_diff(r, h.member, hy);
            r->hrc = sqlite3_step(r->have);
            continue;
        }
        if (upto == INT64_MAX) break;
        bool have_here = r->hrc == SQLITE_ROW && hy == upto;
        if (!have_here && i == y->n) break;
        if (have_here && (i == y->n || h.member < y->v[i].member)) {
            if (nonzero(&h)) add_diff(r, h.member, upto);
            r->hrc = sqlite3_step(r->have);
        } else if (!have_here || y->v[i].member < h.member) {
            if (nonzero(&y->v[i])) add_diff(r, y->v[i].member, upto);
            i++;
        } else {
            if (memcmp(h.m, y->v[i].m, sizeof h.m) != 0) add_diff(r, h.member, upto);
            r->hrc = sqlite3_step(r->have);
            i++;
        }
    }
    if (r->hrc != SQLITE_ROW && r->hrc != SQLITE_DONE) r->fallback = true;
}

static void year_flush(struct py_run *r, int64_t year, struct py_year *y)
{
    if (y->n > 1) qsort(y->v, y->n, sizeof *y->v, row_cmp);
    compare_year(r, year, y);
    y->n = 0;
    if (y->slot) memset(y->slot, 0, y->nslot * sizeof *y->slot);
}

static bool in_sorted(const int64_t *v, size_t n, int64_t x)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] == x) return true;
        if (v[mid] < x) lo = mid + 1;
        else hi = mid;
    }
    return false;
}

/* A month PY_VALID accepts: 'dddd-[01]d' with 01..12; its year and month index (0..11). */
static bool valid_month(const unsigned char *t, int n, int64_t *year, int *mi)
{
    if (n != 7 || t[4] != '-') return false;
    for (int i = 0; i < 4; i++)
        if (t[i] < '0' || t[i] > '9') return false;
    if ((t[5] != '0' && t[5] != '1') || t[6] < '0' || t[6] > '9') return false;
    int m = (t[5] - '0') * 10 + (t[6] - '0');
    if (m < 1 || m > 12) return false;
    *year = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
    *mi = m - 1;
    return true;
}

/* The sums in C: STORE_OK with r->d filled, r->fallback when the statement must decide. */
static int derived_c(struct store *st, struct py_run *r)
{
    int64_t *voided = NULL;
    size_t nv = 0, capv = 0;
    /* +id: without it the planner reads the whole table in id order (0.26 s on a ten-year
     * district) rather than the few voided payments of the partial index dues_payment_voided
     * and a sort of them (~0 s) */
    sqlite3_stmt *s = st_stmt(st, "SELECT id FROM dues_payment WHERE voided_at IS NOT NULL"
                                  " ORDER BY +id");
    if (!s) return STORE_ERR;
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        if (nv == capv) {
            capv = capv ? capv * 2 : 256;
            voided = xrealloc(voided, capv * sizeof *voided);
        }
        voided[nv++] = sqlite3_column_int64(s, 0);
    }
    st_done(s);
    if (src != SQLITE_DONE) {
        free(voided);
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验党费汇总");
    }
    sqlite3_stmt *a = st_stmt(st, ALLOC_SQL);
    sqlite3_stmt *pm = st_stmt(st, "SELECT member_id FROM dues_payment WHERE id = ?1");
    r->have = st_stmt(st, HAVE_SQL);
    if (!a || !pm || !r->have) {
        free(voided);
        return STORE_ERR;
    }
    r->hrc = sqlite3_step(r->have);
    struct py_year y = {0};
    int64_t cur = -1;
    while (!r->fallback && (src = sqlite3_step(a)) == SQLITE_ROW) {
        if (sqlite3_column_type(a, 0) != SQLITE_TEXT || sqlite3_column_type(a, 2) != SQLITE_INTEGER ||
            sqlite3_column_type(a, 3) != SQLITE_INTEGER) {
            r->fallback = true;
            break;
        }
        int64_t year;
        int mi;
        if (!valid_month(sqlite3_column_text(a, 0), sqlite3_column_bytes(a, 0), &year, &mi))
            continue;
        int64_t pay = sqlite3_column_int64(a, 3);
        if (nv && in_sorted(voided, nv, pay)) continue;
        int64_t member;
        int mt = sqlite3_column_type(a, 1);
        if (mt == SQLITE_INTEGER) {
            member = sqlite3_column_int64(a, 1);
        } else if (mt == SQLITE_NULL) { /* coalesce(..., the payment's member) */
            sqlite3_reset(pm);
            sqlite3_bind_int64(pm, 1, pay);
            int prc = sqlite3_step(pm);
            int pt = prc == SQLITE_ROW ? sqlite3_column_type(pm, 0) : SQLITE_NULL;
            member = pt == SQLITE_INTEGER ? sqlite3_column_int64(pm, 0) : 0;
            st_done(pm);
            if (prc != SQLITE_ROW && prc != SQLITE_DONE) {
                src = prc;
                break;
            }
            if (pt == SQLITE_NULL) continue; /* HAVING mid IS NOT NULL */
            if (pt != SQLITE_INTEGER) {
                r->fallback = true;
                break;
            }
        } else {
            r->fallback = true;
            break;
        }
        if (year != cur) {
            if (cur >= 0) year_flush(r, cur, &y);
            cur = year;
        }
        struct py_row *p = py_get(&y, member);
        if (__builtin_add_overflow(p->m[mi], sqlite3_column_int64(a, 2), &p->m[mi]))
            r->fallback = true;
    }
    int rc = STORE_OK;
    if (!r->fallback && src != SQLITE_DONE)
        rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验党费汇总");
    if (rc == STORE_OK && !r->fallback) {
        if (cur >= 0) year_flush(r, cur, &y);
        if (!r->fallback) compare_year(r, INT64_MAX, &y);
    }
    st_done(a);
    st_done(r->have);
    free(voided);
    free(y.v);
    free(y.slot);
    return rc;
}

/* The differences found in C reported as the statement reports them. */
static int derived_report(struct store *st, struct py_run *r, st_derived_fn report, void *ctx)
{
    if (r->nd > 1) qsort(r->d, r->nd, sizeof *r->d, diff_cmp);
    sqlite3_stmt *m = st_stmt(st, "SELECT uuid, branch_id FROM member WHERE id = ?1");
    if (!m) return STORE_ERR;
    for (size_t i = 0; i < r->nd; i++) {
        sqlite3_reset(m);
        sqlite3_bind_int64(m, 1, r->d[i].member);
        int mrc = sqlite3_step(m);
        if (mrc != SQLITE_ROW && mrc != SQLITE_DONE) {
            st_done(m);
            return st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验党费汇总");
        }
        const unsigned char *uuid = mrc == SQLITE_ROW ? sqlite3_column_text(m, 0) : NULL;
        int64_t branch = mrc == SQLITE_ROW ? sqlite3_column_int64(m, 1) : 0;
        char id[32];
        snprintf(id, sizeof id, "#%lld", (long long)r->d[i].member);
        report(ctx, branch, uuid ? (const char *)uuid : id, r->d[i].year);
    }
    st_done(m);
    return STORE_OK;
}

int st_verify_derived(struct store *st, int64_t branch_id, st_derived_fn report, void *ctx)
{
    if (!branch_id && !getenv("ZHIBU_VERIFY_DERIVED_SQL")) {
        struct py_run r = {0};
        int rc = derived_c(st, &r);
        if (rc == STORE_OK && !r.fallback) rc = derived_report(st, &r, report, ctx);
        free(r.d);
        if (rc != STORE_OK || !r.fallback) return rc;
    }
    sqlite3_stmt *s = st_stmt(st, branch_id ? DERIVED_ONE_SQL : DERIVED_ALL_SQL);
    if (!s) return STORE_ERR;
    if (branch_id) sqlite3_bind_int64(s, 1, branch_id);
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        const unsigned char *uuid = sqlite3_column_text(s, 2);
        char id[32];
        snprintf(id, sizeof id, "#%lld", (long long)sqlite3_column_int64(s, 1));
        report(ctx, sqlite3_column_int64(s, 3), uuid ? (const char *)uuid : id,
               sqlite3_column_int(s, 0));
    }
    int rc = src == SQLITE_DONE ? STORE_OK
                                : st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验党费汇总");
    st_done(s);
    return rc;
}
