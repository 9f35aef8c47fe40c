/* Unit tests of dues_paid_year (src/store/audit_schema.h, schema 10): the allocations of payments
 * not voided, summed by member, year and month, kept by triggers through payments, voids and
 * direct changes of allocation rows, and filled by the upgrade from version 9. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "test.h"
#include "zhibu/dues.h"
#include "zhibu/store.h"
#include "zhibu/store_dues.h"

/* The rows where dues_paid_year and the allocations summed afresh differ (0 when in step). */
#define PAID_YEAR_DIFF_SQL                                                                     \
    "WITH want AS (SELECT CAST(substr(a.month, 1, 4) AS INTEGER) AS y, a.member_id AS mid,"    \
    "  CAST(substr(a.month, 6, 2) AS INTEGER) AS mo, sum(a.amount) AS amt FROM dues_allocation a" \
    "  WHERE a.payment_id NOT IN (SELECT id FROM dues_payment WHERE voided_at IS NOT NULL)"     \
    "  GROUP BY 1, 2, 3 HAVING amt <> 0),"                                                     \
    " months(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM months WHERE value < 12),"  \
    " have AS (SELECT year AS y, member_id AS mid, value AS mo, CASE value WHEN 1 THEN m1"     \
    "  WHEN 2 THEN m2 WHEN 3 THEN m3 WHEN 4 THEN m4 WHEN 5 THEN m5 WHEN 6 THEN m6 WHEN 7 THEN m7" \
    "  WHEN 8 THEN m8 WHEN 9 THEN m9 WHEN 10 THEN m10 WHEN 11 THEN m11 ELSE m12 END AS amt"      \
    "  FROM dues_paid_year, months WHERE amt <> 0)"                            \
    " SELECT (SELECT count(*) FROM (SELECT * FROM want EXCEPT SELECT * FROM have))"            \
    " + (SELECT count(*) FROM (SELECT * FROM have EXCEPT SELECT * FROM want))"

static long long paid_in(const char *path, int64_t member, int year, int month)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT ifnull((SELECT m%d FROM dues_paid_year WHERE year = %d"
             " AND member_id = %lld), 0)", month, year, (long long)member);
    return test_sql_int(path, sql);
}

/* A payment of `per` 分 for each month from..to. */
static int64_t pay(struct store *st, int64_t member, int from_ym, int to_ym, long per)
{
    struct dues_paid alloc[24];
    int n = 0;
    for (int ym = from_ym; ym <= to_ym && n < 24; ym++) alloc[n++] = (struct dues_paid){ym, per};
    struct dues_payment p = {.member_id = member, .from_ym = from_ym, .to_ym = to_ym,
                             .amount = per * n};
    snprintf(p.paid_date, sizeof p.paid_date, "2025-03-05");
    if (store_dues_payment_add(st, &p, alloc, n) != STORE_OK) {
        fprintf(stderr, "    %s\n", store_errmsg(st));
        return 0;
    }
    return p.id;
}

TEST(paid_year_kept_by_payments_voids_and_upgrade)
{
    char *p = test_db_path("d.db");
    struct store *st = test_open_db(p, "书记甲");
    if (!st) {
        free(p);
        return;
    }
    int64_t b = fx_branch(st, "Y1", "Y1村党支部", 0);
    int64_t a = fx_member(st, &(struct fx_member){.branch = b, .name = "甲", .gender = "F",
                                                  .join = "2010-01-01", .category = "farmer"}, NULL);
    int64_t c = fx_member(st, &(struct fx_member){.branch = b, .name = "乙", .gender = "M",
                                                  .join = "2010-01-01", .category = "farmer"}, NULL);
    CHECK(pay(st, a, dues_ym(2024, 11), dues_ym(2025, 2), 100) > 0); /* across two years */
    int64_t wrong = pay(st, c, dues_ym(2025, 1), dues_ym(2025, 1), 50);
    CHECK(wrong > 0);
    CHECK(pay(st, c, dues_ym(2025, 3), dues_ym(2025, 3), 200) > 0);
    CHECK_INT(paid_in(p, a, 2024, 11), 100);
    CHECK_INT(paid_in(p, a, 2024, 12), 100);
    CHECK_INT(paid_in(p, a, 2025, 1), 100);
    CHECK_INT(paid_in(p, a, 2025, 2), 100);
    CHECK_INT(paid_in(p, c, 2025, 1), 50);
    CHECK_INT(paid_in(p, c, 2025, 3), 200);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM dues_paid_year"), 3);

    /* a voided payment counts no more */
    CHECK_INT(store_dues_payment_void(st, wrong, "录错了"), STORE_OK);
    CHECK_INT(paid_in(p, c, 2025, 1), 0);
    CHECK_INT(test_sql_int(p, PAID_YEAR_DIFF_SQL), 0);
    store_close(st);

    /* rows changed by hand (as a repair would): every change followed; restoring a void too; a
     * month's allocation raised adds up; a new one (inserted without member_id, as the store
     * does) counts (schema 13: one allocation per payment and month, its key) */
    test_sql(p, "UPDATE dues_allocation SET amount = amount + 30 WHERE month = '2025-01'"
                " AND payment_id = (SELECT payment_id FROM dues_allocation WHERE month = '2024-11');"
                " INSERT INTO dues_allocation(payment_id, month, amount)"
                " SELECT payment_id, '2025-05', 30 FROM dues_allocation WHERE month = '2024-11';"
                " UPDATE dues_allocation SET amount = amount + 7 WHERE month = '2024-12';"
                " UPDATE dues_allocation SET month = '2025-04' WHERE month = '2025-03';"
                " DELETE FROM dues_allocation WHERE month = '2025-02';"
                " UPDATE dues_allocation SET member_id = NULL WHERE month = '2024-11';"
                " UPDATE dues_payment SET voided_at = NULL WHERE voided_at IS NOT NULL;");
    CHECK_INT(paid_in(p, a, 2024, 12), 107);
    CHECK_INT(paid_in(p, a, 2024, 11), 100); /* the payment's member */
    CHECK_INT(paid_in(p, a, 2025, 1), 130);
    CHECK_INT(paid_in(p, a, 2025, 5), 30);
    CHECK_INT(paid_in(p, c, 2025, 1), 50);
    CHECK_INT(paid_in(p, a, 2025, 2), 0);
    CHECK_INT(paid_in(p, c, 2025, 3), 0);
    CHECK_INT(paid_in(p, c, 2025, 4), 200);
    test_sql(p, "UPDATE dues_allocation SET member_id = (SELECT member_id FROM dues_payment"
                " WHERE id = payment_id) WHERE member_id IS NULL;");
    CHECK_INT(test_sql_int(p, PAID_YEAR_DIFF_SQL), 0);

    /* a database of version 9: the upgrade sums the allocations there */
    test_sql(p, DOWNGRADE_V9_SQL "PRAGMA user_version = 9;");
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'dues_paid_year%'"),
              0);
    st = test_open_db(p, "书记甲");
    CHECK(st != NULL);
    if (st) {
        CHECK_INT(store_schema_version(st), STORE_SCHEMA_VERSION);
        store_close(st);
    }
    CHECK_INT(paid_in(p, a, 2024, 12), 107);
    CHECK_INT(paid_in(p, a, 2025, 1), 130);
    CHECK_INT(paid_in(p, c, 2025, 1), 50);
    CHECK_INT(paid_in(p, c, 2025, 4), 200);
    CHECK_INT(test_sql_int(p, PAID_YEAR_DIFF_SQL), 0);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'dues_paid_year%'"),
              5); /* the table and its four triggers */
    free(p);
}
