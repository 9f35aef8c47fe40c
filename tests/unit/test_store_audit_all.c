/* Unit tests of store_audit_all (src/store/audit.c): every branch's input handed over at once
 * is the input store_audit_each hands over one branch at a time; the dues window, read on two
 * threads (its earlier and its later months), keeps the allocations of both halves and of a
 * payment that spans them, and an amount too large for the compact row, and drops a voided
 * payment's and those outside the window; bad
 * months and branches are refused without calling fn. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "zhibu/store.h"
#include "zhibu/store_audit.h"
#include "zhibu/store_dues.h"

static char path[1024]; /* the database open_fresh opened */

static struct store *open_fresh(const char *name)
{
    const char *dir = test_tmpdir();
    snprintf(path, sizeof path, "%s/%s", dir, name);
    struct store_options opt = {.create = true, .backup_keep = 5, .user = "审核员丙"};
    struct store *st = NULL;
    char err[512];
    if (store_open(path, &opt, &st, err, sizeof err) != STORE_OK) {
        test_fail(__FILE__, __LINE__, "store_open(%s): %s", path, err);
        return NULL;
    }
    return st;
}

static int64_t add_branch(struct store *st, const char *code, int64_t parent)
{
    struct branch b = {0};
    snprintf(b.code, sizeof b.code, "%s", code);
    snprintf(b.name, sizeof b.name, "%s党支部", code);
    snprintf(b.type, sizeof b.type, "rural");
    b.parent_id = parent;
    if (store_branch_add(st, &b) != STORE_OK)
        test_fail(__FILE__, __LINE__, "branch_add: %s", store_errmsg(st));
    return b.id;
}

static int64_t add_member(struct store *st, int64_t branch_id, const char *name)
{
    struct member m = {0};
    m.branch_id = branch_id;
    snprintf(m.name, sizeof m.name, "%s", name);
    snprintf(m.gender, sizeof m.gender, "F");
    snprintf(m.join_date, sizeof m.join_date, "2015-07-01");
    snprintf(m.full_date, sizeof m.full_date, "2016-07-01");
    snprintf(m.status, sizeof m.status, "full");
    snprintf(m.dues_category, sizeof m.dues_category, "farmer");
    if (store_member_add(st, &m) != STORE_OK)
        test_fail(__FILE__, __LINE__, "member_add(%s): %s", name, store_errmsg(st));
    return m.id;
}

/* amount 分 a month for from..to */
static int64_t add_payment(struct store *st, int64_t member_id, const char *date, int from_ym,
                           int to_ym, long amount)
{
    struct dues_paid alloc[24];
    int n = 0;
    for (int ym = from_ym; ym <= to_ym && n < 24; ym++) alloc[n++] = (struct dues_paid){ym, amount};
    struct dues_payment p = {0};
    p.member_id = member_id;
    snprintf(p.paid_date, sizeof p.paid_date, "%s", date);
    p.from_ym = from_ym;
    p.to_ym = to_ym;
    p.amount = amount * n;
    if (store_dues_payment_add(st, &p, alloc, n) != STORE_OK)
        test_fail(__FILE__, __LINE__, "payment_add: %s", store_errmsg(st));
    return p.id;
}

/* ---- what the loader hands out ---- */

#define MAXB 4
#define MAXM 8
struct got_member {
    int64_t id;
    int npaid;
    long paid_sum;
    unsigned long months; /* bit (ym - window start) for each allocation */
};
struct got_branch {
    int64_t id;
    char code[32];
    int nmembers, nmeetings, nholdings;
    struct got_member m[MAXM];
};
struct got {
    int calls, n;
    struct got_branch b[MAXB];
};

static int window_start; /* the window's first month (ym) of the month under test */

static void copy_branch(struct got_branch *g, const struct audit_input *in, const struct branch *b)
{
    memset(g, 0, sizeof *g);
    g->id = b->id;
    snprintf(g->code, sizeof g->code, "%s", b->code);
    g->nmembers = in->nmembers;
    g->nmeetings = in->nmeetings;
    g->nholdings = in->nholdings;
    for (int i = 0; i < in->nmembers && i < MAXM; i++) {
        const struct audit_member *m = &in->members[i];
        g->m[i].id = m->id;
        g->m[i].npaid = m->dues.npaid;
        for (int k = 0; k < m->dues.npaid; k++) {
            g->m[i].paid_sum += m->dues.paid[k].amount;
            int bit = m->dues.paid[k].ym - window_start;
            g->m[i].months |= bit >= 0 && bit < 64 ? 1UL << bit : 1UL << 63;
        }
    }
}

static int each_fn(const struct audit_input *in, const struct branch *b, void *ctx)
{
    struct got *g = ctx;
    g->calls++;
    if (g->n < MAXB) copy_branch(&g->b[g->n++], in, b);
    return 0;
}

static int all_fn(const struct audit_input *ins, const struct branch *bs, int n, void *ctx)
{
    struct got *g = ctx;
    g->calls++;
    for (int i = 0; i < n && g->n < MAXB; i++) copy_branch(&g->b[g->n++], &ins[i], &bs[i]);
    return 0;
}

static const struct got_member *member_of(const struct got *g, int64_t id)
{
    for (int b = 0; b < g->n; b++)
        for (int i = 0; i < g->b[b].nmembers && i < MAXM; i++)
            if (g->b[b].m[i].id == id) return &g->b[b].m[i];
    return NULL;
}

TEST(store_audit_all_hands_over_what_each_does)
{
    struct store *st = open_fresh("all.db");
    if (!st) return;
    int64_t town = add_branch(st, "T0", 0);
    int64_t a = add_branch(st, "A1", town);
    int64_t b = add_branch(st, "B2", town);
    int64_t m1 = add_member(st, a, "甲");
    int64_t m2 = add_member(st, a, "乙");
    int64_t m3 = add_member(st, b, "丙");

    /* the window of 2024-05: 2023-06 .. 2024-05; its halves 2023-06..2023-11, 2023-12..2024-05 */
    window_start = dues_ym(2023, 6);
    add_payment(st, m1, "2023-05-10", dues_ym(2023, 5), dues_ym(2023, 5), 200);  /* before */
    add_payment(st, m1, "2023-06-10", dues_ym(2023, 6), dues_ym(2023, 7), 200);  /* first half */
    add_payment(st, m1, "2023-11-10", dues_ym(2023, 11), dues_ym(2023, 12), 300); /* both */
    add_payment(st, m1, "2024-05-10", dues_ym(2024, 5), dues_ym(2024, 5), 200);  /* last month */
    add_payment(st, m1, "2024-06-10", dues_ym(2024, 6), dues_ym(2024, 6), 200);  /* after */
    int64_t v = add_payment(st, m1, "2024-04-10", dues_ym(2024, 4), dues_ym(2024, 4), 900);
    CHECK_INT(store_dues_payment_void(st, v, "金额录错"), STORE_OK);
    add_payment(st, m3, "2024-01-10", dues_ym(2023, 9), dues_ym(2024, 2), 100);    /* 6 months */

    struct zdate today = {2024, 6, 20};
    struct got all = {0}, each = {0};
    CHECK_INT(store_audit_all(st, 0, (struct zmonth){2024, 5}, today, all_fn, &all), STORE_OK);
    CHECK_INT(store_audit_each(st, 0, (struct zmonth){2024, 5}, today, each_fn, &each), STORE_OK);
    CHECK_INT(all.calls, 1);
    CHECK_INT(each.calls, 2);
    /* the leaf branches, in code order, not the township committee */
    CHECK_INT(all.n, 2);
    CHECK_STR(all.b[0].code, "A1");
    CHECK_STR(all.b[1].code, "B2");
    CHECK_INT(all.b[0].nmembers, 2);
    CHECK_INT(all.b[1].nmembers, 1);
    CHECK(memcmp(&all.b, &each.b, sizeof all.b) == 0);

    const struct got_member *g1 = member_of(&all, m1), *g2 = member_of(&all, m2),
                            *g3 = member_of(&all, m3);
    CHECK(g1 && g2 && g3);
    if (g1) {
        /* 2023-06, 2023-07 (200 each), 2023-11, 2023-12 (300 each), 2024-05 (200) */
        CHECK_INT(g1->npaid, 5);
        CHECK_INT(g1->paid_sum, 200 + 200 + 300 + 300 + 200);
        CHECK_INT(g1->months, (1UL << 0) | (1UL << 1) | (1UL << 5) | (1UL << 6) | (1UL << 11));
    }
    if (g2) CHECK_INT(g2->npaid, 0);
    if (g3) {
        CHECK_INT(g3->npaid, 6);
        CHECK_INT(g3->paid_sum, 600);
        CHECK_INT(g3->months, 0x3FUL << 3); /* 2023-09 .. 2024-02 */
    }

    /* an amount beyond 32 bits (not one the forms accept, but the loader keeps it whole) */
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    char sql[256];
    snprintf(sql, sizeof sql,
             "UPDATE dues_allocation SET amount = 5000000000 WHERE month = '2023-12'"
             " AND payment_id IN (SELECT id FROM dues_payment WHERE member_id = %lld)",
             (long long)m1);
    CHECK_INT(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    CHECK_INT(sqlite3_changes(db), 1);
    sqlite3_close(db);
    memset(&all, 0, sizeof all);
    CHECK_INT(store_audit_all(st, 0, (struct zmonth){2024, 5}, today, all_fn, &all), STORE_OK);
    g1 = member_of(&all, m1);
    CHECK(g1 != NULL);
    if (g1) {
        CHECK_INT(g1->npaid, 5);
        CHECK(g1->paid_sum == 200L + 200 + 300 + 5000000000L + 200);
    }

    /* one branch */
    memset(&all, 0, sizeof all);
    CHECK_INT(store_audit_all(st, b, (struct zmonth){2024, 5}, today, all_fn, &all), STORE_OK);
    CHECK_INT(all.calls, 1);
    CHECK_INT(all.n, 1);
    CHECK_STR(all.b[0].code, "B2");
    g3 = member_of(&all, m3);
    CHECK(g3 != NULL);
    if (g3) CHECK_INT(g3->paid_sum, 600);
    store_close(st);
}

TEST(store_audit_all_refuses_bad_months_and_branches)
{
    struct store *st = open_fresh("all_bad.db");
    if (!st) return;
    int64_t town = add_branch(st, "T0", 0);
    add_branch(st, "A1", town);
    struct zdate today = {2024, 6, 20};
    struct got g = {0};
    CHECK_INT(store_audit_all(st, 0, (struct zmonth){2024, 13}, today, all_fn, &g), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_audit_all(st, 0, (struct zmonth){1899, 12}, today, all_fn, &g), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_audit_all(st, 9999, (struct zmonth){2024, 5}, today, all_fn, &g), STORE_ERR_NOT_FOUND);
    CHECK_INT(store_audit_all(st, -1, (struct zmonth){2024, 5}, today, all_fn, &g), STORE_ERR_NOT_FOUND);
    CHECK_INT(g.calls, 0);
    /* a database whose branches have no members: fn once, with every leaf branch */
    CHECK_INT(store_audit_all(st, 0, (struct zmonth){2024, 5}, today, all_fn, &g), STORE_OK);
    CHECK_INT(g.calls, 1);
    CHECK_INT(g.n, 1);
    CHECK_INT(g.b[0].nmembers, 0);
    store_close(st);
}
