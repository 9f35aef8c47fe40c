/* Unit tests of src/store/dues_db.c: schema 3 and the upgrade from 2, bases and the roster's
 * category following the newest, loading a branch's dues facts, payments with allocations
 * (bad amounts and allocations refused, void), receipt numbers, adjustments, history, and the
 * time to load a branch of 90 members with ten years of monthly payments. */
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fixtures.h"
#include "test.h"
#include "zhibu/rules.h"
#include "zhibu/store.h"
#include "zhibu/store_audit.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_dues.h"
#include "zhibu/store_lifecycle.h"
#include "zhibu/store_meeting.h"

/* ---- helpers --------------------------------------------------------------------------- */

static struct store *open_db(const char *path)
{
    return test_open_db(path, "书记甲");
}

static struct store *fresh(void)
{
    char *p = test_db_path("d.db");
    struct store *st = open_db(p);
    free(p);
    return st;
}

static int64_t mk_member(struct store *st, int64_t branch_id, const char *name, const char *join,
                         const char *category, const char *leave_date)
{
    return fx_member(st, &(struct fx_member){.branch = branch_id, .name = name, .gender = "F",
                                             .join = join, .category = category,
                                             .leave_date = leave_date}, NULL);
}

static struct dues_payment payment(int64_t member_id, const char *date, const char *receipt,
                                   int from_ym, int to_ym, long amount)
{
    struct dues_payment p = {0};
    p.member_id = member_id;
    snprintf(p.paid_date, sizeof p.paid_date, "%s", date);
    snprintf(p.receipt_no, sizeof p.receipt_no, "%s", receipt);
    p.from_ym = from_ym;
    p.to_ym = to_ym;
    p.amount = amount;
    return p;
}

/* A payment of `per` 分 a month for from..to, each month allocated its share. */
static int64_t pay(struct store *st, int64_t member_id, const char *date, const char *receipt,
                   int from_ym, int to_ym, long per)
{
    struct dues_paid alloc[48];
    int n = 0;
    for (int ym = from_ym; ym <= to_ym && n < 48; ym++) alloc[n++] = (struct dues_paid){ym, per};
    struct dues_payment p = payment(member_id, date, receipt, from_ym, to_ym, per * n);
    int rc = store_dues_payment_add(st, &p, alloc, n);
    if (rc != STORE_OK) test_fail(__FILE__, __LINE__, "payment_add: %s", store_errmsg(st));
    return p.id;
}

static int history_count(struct store *st, const char *table, const char *uuid, const char *action)
{
    struct history_entry h[16];
    int n = 0, found = 0;
    if (store_history_list(st, table, uuid, h, 16, &n) != STORE_OK) return -1;
    for (int i = 0; i < n; i++) found += strcmp(h[i].action, action) == 0;
    store_history_free(h, n);
    return found;
}

/* ---- schema ---------------------------------------------------------------------------- */

/* A version-2 database is today's file without the version-3, -4 and -5 objects: schema 2 is
 * MIGRATIONS[0..1], unchanged, and version 3 only adds tables, indexes and one member column,
 * so dropping them (ALTER TABLE DROP COLUMN needs SQLite 3.35; Debian has 3.40) gives the
 * file version 2 made, without keeping a copy of the old schema text in the tests. */
TEST(store_dues_schema_upgrade_from_v2)
{
    char *p = test_db_path("v2.db");
    struct store *st = open_db(p);
    if (!st) return;
    int64_t b = fx_branch(st, "V2", "V2村党支部", 0);
    int64_t mid = mk_member(st, b, "王老党员", "1990-07-01", "retired", "");
    struct meeting m = {0};
    m.branch_id = b;
    snprintf(m.kind, sizeof m.kind, "general");
    snprintf(m.date, sizeof m.date, "2024-03-01");
    m.topics = strdup("升级前的党员大会");
    m.minutes = strdup("");
    CHECK_INT(store_meeting_add(st, &m), STORE_OK);
    meeting_free(&m);
    store_close(st);

    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(p, &db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db,
                           DOWNGRADE_V6_SQL "DROP TABLE audit_verdict; DROP TABLE rectification; DROP TABLE handin;"
                           " DROP INDEX branch_parent; DROP INDEX meeting_audit;"
                           " DROP TABLE post_review; DROP TABLE post_report;"
                           " DROP TABLE post_holding; DROP TABLE post_excuse; DROP TABLE post;"
                           " DROP TABLE dues_allocation; DROP TABLE dues_payment;"
                           " DROP TABLE dues_adjust; DROP TABLE dues_basis;"
                           " DROP TABLE member_mobile; DROP TABLE mobile_contact;"
                           " DROP TABLE member_transfer;"
                           " ALTER TABLE member DROP COLUMN full_meeting_id;"
                           " PRAGMA user_version = 2;",
                           NULL, NULL, NULL),
              SQLITE_OK);
    sqlite3_close(db);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM pragma_table_info('member')"
                          " WHERE name = 'full_meeting_id'"),
              0);

    st = open_db(p);
    if (!st) return;
    CHECK_INT(store_schema_version(st), STORE_SCHEMA_VERSION);
    char bak[1024];
    snprintf(bak, sizeof bak, "%s", store_migration_backup(st));
    CHECK(strstr(bak, "/v2.db.v2-") != NULL);
    struct member mem;
    CHECK_INT(store_member_get(st, mid, &mem), STORE_OK);
    CHECK_STR(mem.name, "王老党员");
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM meeting WHERE topics = '升级前的党员大会'"), 1);
    /* the new objects work */
    CHECK_INT(store_dues_basis_set(st, mid, (struct zmonth){2024, 1}, "retired", 420000, "", store_dues_bases_version(st, mid)), STORE_OK);
    pay(st, mid, "2024-01-15", "A001", dues_ym(2024, 1), dues_ym(2024, 1), 2100);
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM sqlite_schema WHERE name IN ('dues_basis',"
                          " 'dues_adjust', 'dues_payment', 'dues_allocation', 'member_mobile',"
                          " 'mobile_contact', 'member_transfer', 'dues_payment_member')"),
              8); /* dues_allocation_payment: the key of dues_allocation since schema 13 */
    /* dues_payment_branch_date: dropped in schema 14 (dues_payment_branch_from serves its users) */
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM sqlite_schema"
                          " WHERE name = 'dues_payment_branch_date'"),
              0);
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM pragma_table_info('member')"
                          " WHERE name = 'full_meeting_id'"),
              1);
    store_close(st);

    /* the backup is the old database: version 2, its data, no dues tables */
    CHECK_INT(test_sql_int(bak, "PRAGMA user_version"), 2);
    CHECK_INT(test_sql_int(bak, "SELECT count(*) FROM sqlite_schema WHERE name = 'dues_basis'"), 0);
    CHECK_INT(test_sql_int(bak, "SELECT count(*) FROM member"), 1);
    CHECK_INT(test_sql_int(bak, "SELECT count(*) FROM meeting"), 1);
    free(p);
}

/* ---- bases ----------------------------------------------------------------------------- */

TEST(store_dues_basis_set_and_category_follows)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "B1", "B1村党支部", 0);
    int64_t mid = mk_member(st, b, "李在职", "2015-03-10", "farmer", "");
    struct member m;

    CHECK_INT(store_dues_basis_set(st, mid, (struct zmonth){2024, 1}, "employed", 450000, "年初核定", store_dues_bases_version(st, mid)),
              STORE_OK);
    CHECK_INT(store_member_get(st, mid, &m), STORE_OK);
    CHECK_STR(m.dues_category, "employed");
    /* the same month again updates the row (a new pay from that month) */
    CHECK_INT(store_dues_basis_set(st, mid, (struct zmonth){2024, 1}, "retired", 380000, "退休", store_dues_bases_version(st, mid)), STORE_OK);
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM dues_basis"), 1);
    CHECK_INT(test_sql_int(store_path(st), "SELECT base_fen FROM dues_basis WHERE from_month = '2024-01'"), 380000);
    CHECK_INT(store_member_get(st, mid, &m), STORE_OK);
    CHECK_STR(m.dues_category, "retired");
    /* an older month does not move the roster's category: the newest basis decides */
    CHECK_INT(store_dues_basis_set(st, mid, (struct zmonth){2023, 1}, "employed", 300000, "", store_dues_bases_version(st, mid)), STORE_OK);
    CHECK_INT(store_member_get(st, mid, &m), STORE_OK);
    CHECK_STR(m.dues_category, "retired");
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM dues_basis"), 2);

    /* history: the basis row inserted then updated; the member updated twice (farmer →
     * employed → retired) */
    char uuid[64] = "";
    sqlite3 *db = NULL;
    sqlite3_open(store_path(st), &db);
    sqlite3_stmt *s = NULL;
    sqlite3_prepare_v2(db, "SELECT uuid FROM dues_basis WHERE from_month = '2024-01'", -1, &s,
                       NULL);
    if (sqlite3_step(s) == SQLITE_ROW) snprintf(uuid, sizeof uuid, "%s", sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(db);
    CHECK_INT(history_count(st, "dues_basis", uuid, "insert"), 1);
    CHECK_INT(history_count(st, "dues_basis", uuid, "update"), 1);
    struct history_entry h[8];
    int n = 0;
    CHECK_INT(store_history_list(st, "dues_basis", uuid, h, 8, &n), STORE_OK);
    if (n >= 1) {
        CHECK(h[0].old_json && strstr(h[0].old_json, "\"base_fen\":450000"));
        CHECK(h[0].new_json && strstr(h[0].new_json, "\"base_fen\":380000"));
    }
    store_history_free(h, n);
    CHECK_INT(history_count(st, "member", m.uuid, "update"), 2);

    /* bad input changes nothing */
    int before = store_history_count(st);
    CHECK_INT(store_dues_basis_set(st, mid, (struct zmonth){2024, 6}, "soldier", 1000, "", store_dues_bases_version(st, mid)),
              STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "党费类别无效");
    CHECK_INT(store_dues_basis_set(st, mid, (struct zmonth){2024, 6}, "", 1000, "", store_dues_bases_version(st, mid)), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_dues_basis_set(st, mid, (struct zmonth){2024, 6}, "employed", -1, "", store_dues_bases_version(st, mid)),
              STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "党费基数不能为负数");
    CHECK_INT(store_dues_basis_set(st, mid, (struct zmonth){0, 0}, "employed", 1000, "", store_dues_bases_version(st, mid)), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_dues_basis_set(st, 99999, (struct zmonth){2024, 6}, "employed", 1000, "", store_dues_bases_version(st, 99999)),
              STORE_ERR_NOT_FOUND);
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM dues_basis"), 2);
    CHECK_INT(store_history_count(st), before);
    store_close(st);
}

/* ---- loading the facts ----------------------------------------------------------------- */

TEST(store_dues_members_loads_branch)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "L1", "L1村党支部", 0);
    int64_t other = fx_branch(st, "L2", "L2村党支部", 0);
    int64_t a = mk_member(st, b, "安在职", "2020-03-15", "employed", "");
    int64_t nb = mk_member(st, b, "白农民", "2024-06-01", "farmer", "");
    int64_t gone = mk_member(st, b, "陈已故", "2001-01-01", "retired", "2023-05-10");
    int64_t old = mk_member(st, b, "丁早走", "2001-01-01", "retired", "2019-02-01");
    int64_t x = mk_member(st, other, "外支部", "2001-01-01", "farmer", "");

    CHECK_INT(store_dues_basis_set(st, a, (struct zmonth){2024, 1}, "employed", 600000, "", store_dues_bases_version(st, a)), STORE_OK);
    CHECK_INT(store_dues_basis_set(st, a, (struct zmonth){2020, 3}, "employed", 280000, "", store_dues_bases_version(st, a)), STORE_OK);
    pay(st, a, "2024-01-20", "1", dues_ym(2024, 1), dues_ym(2024, 3), 9000);
    int64_t voided = pay(st, a, "2024-04-20", "2", dues_ym(2024, 4), dues_ym(2024, 4), 9000);
    CHECK_INT(store_dues_payment_void(st, voided, "金额记错"), STORE_OK);
    pay(st, gone, "2023-02-01", "3", dues_ym(2023, 1), dues_ym(2023, 2), 1500);
    pay(st, x, "2024-01-02", "4", dues_ym(2024, 1), dues_ym(2024, 1), 50);
    struct dues_adjust_rec r = {.member_id = a};
    r.a = (struct dues_adjust){dues_ym(2024, 7), dues_ym(2024, 9), DUES_WAIVE, 0};
    snprintf(r.approved_by, sizeof r.approved_by, "镇党委");
    snprintf(r.reason, sizeof r.reason, "大病住院");
    CHECK_INT(store_dues_adjust_add(st, &r), STORE_OK);
    struct dues_adjust_rec r2 = r;
    r2.a = (struct dues_adjust){dues_ym(2024, 10), dues_ym(2024, 12), DUES_REDUCE, 100};
    CHECK_INT(store_dues_adjust_add(st, &r2), STORE_OK);
    CHECK_INT(store_dues_adjust_void(st, r2.id, "批错了"), STORE_OK);

    struct store_dues_member_list d_l = {0};
    struct dues_member *d = NULL;
    int n = -1;
    /* since 2024-01: those on the roster only (陈 left 2023-05, 丁 in 2019) */
    CHECK_INT(store_dues_member_list(st, b, (struct zmonth){2024, 1}, &d_l), STORE_OK);
    d = d_l.v, n = d_l.n;
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_INT(d[0].m.id, a);
        CHECK_INT(d[1].m.id, nb);
        CHECK_INT(d[0].f.join_ym, dues_ym(2020, 3));
        CHECK_INT(d[0].f.leave_ym, 0);
        CHECK_INT(d[0].f.nbases, 2);
        if (d[0].f.nbases == 2) {
            CHECK_INT(d[0].f.bases[0].from_ym, dues_ym(2020, 3)); /* sorted by month */
            CHECK_INT(d[0].f.bases[0].base_fen, 280000);
            CHECK_INT(d[0].f.bases[1].from_ym, dues_ym(2024, 1));
            CHECK_STR(d[0].f.bases[1].category, "employed");
        }
        CHECK_INT(d[0].f.npaid, 3); /* the voided payment does not count */
        long sum = 0;
        for (int i = 0; i < d[0].f.npaid; i++) {
            CHECK(d[0].f.paid[i].ym >= dues_ym(2024, 1) && d[0].f.paid[i].ym <= dues_ym(2024, 3));
            sum += d[0].f.paid[i].amount;
        }
        CHECK_INT(sum, 27000);
        CHECK_INT(d[0].f.nadjusts, 1); /* the voided reduction does not count */
        if (d[0].f.nadjusts == 1) {
            CHECK_INT(d[0].f.adjusts[0].kind, DUES_WAIVE);
            CHECK_INT(d[0].f.adjusts[0].from_ym, dues_ym(2024, 7));
            CHECK_INT(d[0].f.adjusts[0].to_ym, dues_ym(2024, 9));
        }
        /* no basis row: one from the roster's category, base 0, from admission */
        CHECK_INT(d[1].f.join_ym, dues_ym(2024, 6));
        CHECK_INT(d[1].f.nbases, 1);
        if (d[1].f.nbases == 1) {
            CHECK_STR(d[1].f.bases[0].category, "farmer");
            CHECK_INT(d[1].f.bases[0].base_fen, 0);
            CHECK_INT(d[1].f.bases[0].from_ym, dues_ym(2024, 6));
        }
        CHECK_INT(d[1].f.npaid, 0);
        CHECK_INT(d[1].f.nadjusts, 0);
    }
    store_dues_member_list_free(&d_l);

    /* since 2023-01: the member who left in May 2023 is there, with her payments; 丁 is not */
    CHECK_INT(store_dues_member_list(st, b, (struct zmonth){2023, 1}, &d_l), STORE_OK);
    d = d_l.v, n = d_l.n;
    CHECK_INT(n, 3);
    bool seen = false;
    for (int i = 0; i < n; i++) {
        CHECK(d[i].m.id != old);
        if (d[i].m.id == gone) {
            seen = true;
            CHECK_INT(d[i].f.leave_ym, dues_ym(2023, 5));
            CHECK_INT(d[i].f.npaid, 2);
            CHECK_STR(d[i].m.leave_status, "deceased");
        }
    }
    CHECK(seen);
    store_dues_member_list_free(&d_l);

    /* one member alone */
    struct dues_member one;
    CHECK_INT(store_dues_member_get(st, a, &one), STORE_OK);
    CHECK_STR(one.m.name, "安在职");
    CHECK_INT(one.f.nbases, 2);
    CHECK_INT(one.f.npaid, 3);
    CHECK_INT(one.f.nadjusts, 1);
    store_dues_member_free(&one);
    CHECK_INT(store_dues_member_get(st, 424242, &one), STORE_ERR_NOT_FOUND);

    /* a branch without members */
    int64_t empty = fx_branch(st, "L3", "L3村党支部", 0);
    CHECK_INT(store_dues_member_list(st, empty, (struct zmonth){2024, 1}, &d_l), STORE_OK);
    d = d_l.v, n = d_l.n;
    CHECK_INT(n, 0);
    store_dues_member_list_free(&d_l);
    store_close(st);
}

/* ---- payments -------------------------------------------------------------------------- */

TEST(store_dues_payment_add_allocation_and_void)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "P1", "P1村党支部", 0);
    int64_t other = fx_branch(st, "P2", "P2村党支部", 0);
    int64_t mid = mk_member(st, b, "钱交费", "2010-01-01", "farmer", "");

    struct dues_paid alloc[] = {{dues_ym(2024, 1), 100}, {dues_ym(2024, 2), 100},
                                {dues_ym(2024, 3), 150}};
    struct dues_payment p = payment(mid, "2024-03-05", " R-07 ", dues_ym(2024, 1),
                                    dues_ym(2024, 3), 350);
    snprintf(p.note, sizeof p.note, "补交一季度");
    CHECK_INT(store_dues_payment_add(st, &p, alloc, 3), STORE_OK);
    CHECK(p.id > 0);
    CHECK_INT(p.branch_id, b); /* taken from the member */
    CHECK_STR(p.receipt_no, "R-07");
    CHECK_STR(p.created_by, "书记甲");
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM dues_allocation"), 3);
    CHECK_INT(test_sql_int(store_path(st), "SELECT amount FROM dues_allocation WHERE month = '2024-03'"), 150);
    /* each allocation names the payment's member, and the month sums have them */
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM dues_allocation a JOIN dues_payment q"
                          " ON q.id = a.payment_id WHERE a.member_id = q.member_id"), 3);
    CHECK_INT(test_sql_int(store_path(st), "SELECT m1 * 1000000 + m2 * 1000 + m3 FROM dues_paid_year"
                          " WHERE year = 2024 AND member_id = (SELECT member_id FROM dues_payment)"),
              100100150);
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM dues_payment WHERE from_month = '2024-01'"
                          " AND to_month = '2024-03' AND amount = 350"),
              1);

    struct store_dues_payment_list list_l = {0};
    struct dues_payment *list = NULL;
    int n = 0;
    store_dues_payment_list_free(&list_l);
    CHECK_INT(store_dues_payment_list(st, mid, &list_l), STORE_OK);
    list = list_l.v, n = list_l.n;
    CHECK_INT(n, 1);
    if (n == 1) {
        CHECK_STR(list[0].paid_date, "2024-03-05");
        CHECK_STR(list[0].receipt_no, "R-07");
        CHECK_INT(list[0].from_ym, dues_ym(2024, 1));
        CHECK_INT(list[0].to_ym, dues_ym(2024, 3));
        CHECK_INT(list[0].amount, 350);
        CHECK_STR(list[0].note, "补交一季度");
        CHECK(!list[0].voided);
    }
    struct history_entry h[4];
    CHECK_INT(store_history_list(st, "dues_payment", p.uuid, h, 4, &n), STORE_OK);
    CHECK_INT(n, 1);
    if (n == 1) {
        CHECK_STR(h[0].action, "insert");
        CHECK(h[0].new_json && strstr(h[0].new_json, "\"allocations\":[{\"month\":\"2024-01\","
                                                     "\"amount\":100}"));
    }
    store_history_free(h, n);

    /* bad amounts and allocations: refused with a sentence, nothing written */
    int hist = store_history_count(st);
    struct dues_paid one = {dues_ym(2024, 4), 100};
    struct dues_payment bad = payment(mid, "2024-04-05", "", dues_ym(2024, 4), dues_ym(2024, 4), 0);
    CHECK_INT(store_dues_payment_add(st, &bad, &one, 1), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "交费金额须大于0");
    bad.amount = -100;
    CHECK_INT(store_dues_payment_add(st, &bad, &one, 1), STORE_ERR_CONSTRAINT);
    bad.amount = DUES_MAX_AMOUNT + 1;
    struct dues_paid huge = {dues_ym(2024, 4), DUES_MAX_AMOUNT + 1};
    CHECK_INT(store_dues_payment_add(st, &bad, &huge, 1), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "交费金额不能超过 100000 元");
    bad.amount = 120; /* allocations add up to 100 */
    CHECK_INT(store_dues_payment_add(st, &bad, &one, 1), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "各月分配合计与交费金额不符");
    bad.amount = 100;
    struct dues_paid outside = {dues_ym(2024, 5), 100};
    CHECK_INT(store_dues_payment_add(st, &bad, &outside, 1), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "分配的月份不在交费起止月份之内");
    CHECK_INT(store_dues_payment_add(st, &bad, &one, 0), STORE_ERR_CONSTRAINT);
    struct dues_paid negative[] = {{dues_ym(2024, 4), 150}, {dues_ym(2024, 4), -50}};
    CHECK_INT(store_dues_payment_add(st, &bad, negative, 2), STORE_ERR_CONSTRAINT);
    struct dues_payment backwards = payment(mid, "2024-04-05", "", dues_ym(2024, 5),
                                            dues_ym(2024, 4), 100);
    CHECK_INT(store_dues_payment_add(st, &backwards, &one, 1), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "起始月份不能晚于结束月份");
    struct dues_payment baddate = payment(mid, "2024-02-30", "", dues_ym(2024, 4),
                                          dues_ym(2024, 4), 100);
    CHECK_INT(store_dues_payment_add(st, &baddate, &one, 1), STORE_ERR_CONSTRAINT);
    struct dues_payment wrong = payment(mid, "2024-04-05", "", dues_ym(2024, 4),
                                        dues_ym(2024, 4), 100);
    wrong.branch_id = other;
    CHECK_INT(store_dues_payment_add(st, &wrong, &one, 1), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "该党员不属于这个支部");
    struct dues_payment nobody = payment(777, "2024-04-05", "", dues_ym(2024, 4),
                                         dues_ym(2024, 4), 100);
    CHECK_INT(store_dues_payment_add(st, &nobody, &one, 1), STORE_ERR_NOT_FOUND);
    CHECK_STR(store_errmsg(st), "党员不存在");
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM dues_payment"), 1);
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM dues_allocation"), 3);
    CHECK_INT(store_history_count(st), hist);

    /* void: a reason is required; then the allocations stop counting */
    CHECK_INT(store_dues_payment_void(st, p.id, "   "), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "作废须填写原因");
    CHECK_INT(store_dues_payment_void(st, p.id, "收据填错，重新登记"), STORE_OK);
    CHECK_INT(store_dues_payment_void(st, p.id, "再来一次"), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "该交费记录已作废");
    CHECK_INT(store_dues_payment_void(st, 9999, "无"), STORE_ERR_NOT_FOUND);
    struct dues_member dm;
    CHECK_INT(store_dues_member_get(st, mid, &dm), STORE_OK);
    CHECK_INT(dm.f.npaid, 0);
    store_dues_member_free(&dm);
    store_dues_payment_list_free(&list_l);
    CHECK_INT(store_dues_payment_list(st, mid, &list_l), STORE_OK);
    list = list_l.v, n = list_l.n;
    CHECK_INT(n, 1);
    if (n == 1) {
        CHECK(list[0].voided);
        CHECK_STR(list[0].void_reason, "收据填错，重新登记");
    }
    CHECK_INT(store_history_list(st, "dues_payment", p.uuid, h, 4, &n), STORE_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(h[0].action, "void");
        CHECK(h[0].new_json && strstr(h[0].new_json, "收据填错"));
        CHECK(h[0].old_json && strstr(h[0].old_json, "\"voided_at\":null"));
    }
    store_history_free(h, n);

    /* newest first */
    pay(st, mid, "2024-05-01", "R-08", dues_ym(2024, 1), dues_ym(2024, 1), 100);
    pay(st, mid, "2024-06-01", "R-09", dues_ym(2024, 2), dues_ym(2024, 2), 100);
    store_dues_payment_list_free(&list_l);
    CHECK_INT(store_dues_payment_list(st, mid, &list_l), STORE_OK);
    list = list_l.v, n = list_l.n;
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_STR(list[0].receipt_no, "R-09");
        CHECK_STR(list[2].receipt_no, "R-07");
    }
    store_close(st);
    store_dues_payment_list_free(&list_l);
}

TEST(store_dues_receipt_count_per_branch_and_year)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "R1", "R1村党支部", 0);
    int64_t other = fx_branch(st, "R2", "R2村党支部", 0);
    int64_t m1 = mk_member(st, b, "甲", "2010-01-01", "farmer", "");
    int64_t m2 = mk_member(st, b, "乙", "2010-01-01", "farmer", "");
    int64_t m3 = mk_member(st, other, "丙", "2010-01-01", "farmer", "");
    CHECK_INT(store_dues_receipt_count(st, b, 2024, "No.001"), 0);
    pay(st, m1, "2024-01-05", "No.001", dues_ym(2024, 1), dues_ym(2024, 1), 100);
    CHECK_INT(store_dues_receipt_count(st, b, 2024, "No.001"), 1);
    CHECK_INT(store_dues_receipt_count(st, b, 2024, " No.001 "), 1);
    pay(st, m2, "2024-12-31", "No.001", dues_ym(2024, 12), dues_ym(2024, 12), 100);
    CHECK_INT(store_dues_receipt_count(st, b, 2024, "No.001"), 2);
    /* another year, another branch: not counted */
    pay(st, m1, "2025-01-01", "No.001", dues_ym(2025, 1), dues_ym(2025, 1), 100);
    pay(st, m3, "2024-03-01", "No.001", dues_ym(2024, 3), dues_ym(2024, 3), 100);
    CHECK_INT(store_dues_receipt_count(st, b, 2024, "No.001"), 2);
    CHECK_INT(store_dues_receipt_count(st, b, 2025, "No.001"), 1);
    CHECK_INT(store_dues_receipt_count(st, other, 2024, "No.001"), 1);
    CHECK_INT(store_dues_receipt_count(st, b, 2023, "No.001"), 0);
    CHECK_INT(store_dues_receipt_count(st, b, 2024, "no.001"), 0);
    /* a voided payment frees its number; "" is never a reuse */
    int64_t v = pay(st, m2, "2024-06-01", "No.002", dues_ym(2024, 6), dues_ym(2024, 6), 100);
    CHECK_INT(store_dues_receipt_count(st, b, 2024, "No.002"), 1);
    CHECK_INT(store_dues_payment_void(st, v, "重复登记"), STORE_OK);
    CHECK_INT(store_dues_receipt_count(st, b, 2024, "No.002"), 0);
    pay(st, m2, "2024-07-01", "", dues_ym(2024, 7), dues_ym(2024, 7), 100);
    pay(st, m2, "2024-08-01", "", dues_ym(2024, 8), dues_ym(2024, 8), 100);
    CHECK_INT(store_dues_receipt_count(st, b, 2024, ""), 0);
    CHECK_INT(store_dues_receipt_count(st, b, 2024, NULL), 0);
    store_close(st);
}

/* ---- adjustments ----------------------------------------------------------------------- */

TEST(store_dues_adjust_required_fields_and_void)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "J1", "J1村党支部", 0);
    int64_t mid = mk_member(st, b, "孙困难", "2010-01-01", "lowincome", "");
    struct dues_adjust_rec r = {.member_id = mid};
    r.a = (struct dues_adjust){dues_ym(2024, 3), dues_ym(2024, 8), DUES_REDUCE, 10};

    CHECK_INT(store_dues_adjust_add(st, &r), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "须填写批准人");
    snprintf(r.approved_by, sizeof r.approved_by, "  镇党委  ");
    snprintf(r.reason, sizeof r.reason, " \t ");
    CHECK_INT(store_dues_adjust_add(st, &r), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "须填写原因");
    snprintf(r.reason, sizeof r.reason, "家庭困难，经镇党委批准减交");
    r.a.from_ym = dues_ym(2024, 9);
    CHECK_INT(store_dues_adjust_add(st, &r), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "起始月份不能晚于结束月份");
    r.a.from_ym = dues_ym(2024, 3);
    r.a.amount = -5;
    CHECK_INT(store_dues_adjust_add(st, &r), STORE_ERR_CONSTRAINT);
    r.a.amount = 10;
    r.a.kind = (enum dues_adjust_kind)7;
    CHECK_INT(store_dues_adjust_add(st, &r), STORE_ERR_CONSTRAINT);
    r.a.kind = DUES_REDUCE;
    r.member_id = 5555;
    CHECK_INT(store_dues_adjust_add(st, &r), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "党员不存在");
    r.member_id = mid;
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM dues_adjust"), 0);

    CHECK_INT(store_dues_adjust_add(st, &r), STORE_OK);
    CHECK(r.id > 0);
    struct dues_adjust_rec w = {.member_id = mid};
    w.a = (struct dues_adjust){dues_ym(2024, 1), dues_ym(2024, 2), DUES_WAIVE, 999};
    snprintf(w.approved_by, sizeof w.approved_by, "镇党委");
    snprintf(w.reason, sizeof w.reason, "住院");
    CHECK_INT(store_dues_adjust_add(st, &w), STORE_OK);
    CHECK_INT(test_sql_int(store_path(st), "SELECT amount FROM dues_adjust WHERE kind = 'waive'"), 0);

    struct store_dues_adjust_list list_l = {0};
    struct dues_adjust_rec *list = NULL;
    int n = 0;
    store_dues_adjust_list_free(&list_l);
    CHECK_INT(store_dues_adjust_list(st, mid, &list_l), STORE_OK);
    list = list_l.v, n = list_l.n;
    CHECK_INT(n, 2);
    if (n == 2) { /* by month */
        CHECK_INT(list[0].a.kind, DUES_WAIVE);
        CHECK_INT(list[1].a.kind, DUES_REDUCE);
        CHECK_INT(list[1].a.amount, 10);
        CHECK_INT(list[1].a.from_ym, dues_ym(2024, 3));
        CHECK_INT(list[1].a.to_ym, dues_ym(2024, 8));
        CHECK_STR(list[1].approved_by, "镇党委");
        CHECK_STR(list[1].reason, "家庭困难，经镇党委批准减交");
        CHECK(!list[1].voided);
    }
    CHECK_INT(store_dues_adjust_void(st, r.id, ""), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_dues_adjust_void(st, r.id, "情况好转"), STORE_OK);
    CHECK_INT(store_dues_adjust_void(st, r.id, "情况好转"), STORE_ERR_CONSTRAINT);
    store_dues_adjust_list_free(&list_l);
    CHECK_INT(store_dues_adjust_list(st, mid, &list_l), STORE_OK);
    list = list_l.v, n = list_l.n;
    CHECK(n == 2 && list[1].voided && !list[0].voided);
    CHECK_INT(history_count(st, "dues_adjust", r.uuid, "insert"), 1);
    CHECK_INT(history_count(st, "dues_adjust", r.uuid, "void"), 1);
    struct dues_member dm;
    CHECK_INT(store_dues_member_get(st, mid, &dm), STORE_OK);
    CHECK_INT(dm.f.nadjusts, 1);
    store_dues_member_free(&dm);
    store_close(st);
    store_dues_adjust_list_free(&list_l);
}

/* ---- speed ----------------------------------------------------------------------------- */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* 90 members, each with a basis and ten years of monthly payments (10,800 payments): the whole
 * branch loads, every member with every payment. The time is printed, not asserted: make test
 * runs on shared, noisy machines (make bench measures the dues screen against its budget). */
TEST(store_dues_members_loads_fast)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "F1", "F1村党支部", 0);
    CHECK_INT(store_begin(st), STORE_OK);
    for (int i = 0; i < 90; i++) {
        char name[32];
        snprintf(name, sizeof name, "党员%02d", i);
        int64_t mid = mk_member(st, b, name, "2014-01-01", "employed", "");
        store_dues_basis_set(st, mid, (struct zmonth){2014, 1}, "employed", 400000, "", store_dues_bases_version(st, mid));
        for (int ym = dues_ym(2014, 1); ym < dues_ym(2024, 1); ym++) {
            char date[11];
            snprintf(date, sizeof date, "%04d-%02d-10", dues_ym_year(ym), dues_ym_month(ym));
            struct dues_paid a = {ym, 4000};
            struct dues_payment p = payment(mid, date, "", ym, ym, 4000);
            if (store_dues_payment_add(st, &p, &a, 1) != STORE_OK) {
                test_fail(__FILE__, __LINE__, "payment: %s", store_errmsg(st));
                break;
            }
        }
    }
    CHECK_INT(store_commit(st), STORE_OK);

    struct store_dues_member_list d_l = {0};
    struct dues_member *d = NULL;
    int n = 0;
    double best = 1e9;
    for (int round = 0; round < 5; round++) {
        double t0 = now_ms();
        int rc = store_dues_member_list(st, b, (struct zmonth){2023, 1}, &d_l);
        d = d_l.v, n = d_l.n;
        double t = now_ms() - t0;
        if (t < best) best = t;
        CHECK_INT(rc, STORE_OK);
        CHECK_INT(n, 90);
        if (n == 90) CHECK_INT(d[89].f.npaid, 120);
        store_dues_member_list_free(&d_l);
    }
    fprintf(stderr, "    store_dues_member_list: 90 members, 10,800 payments: %.2f ms\n", best);
    store_close(st);
}

/* A month that is not zmonth_valid is refused by the ledger start and the bases with the
 * messages the store gave for a bad "ym" (台账起始月有误, 起始月份无效), and nothing is
 * written; the start read back is a valid month. */
TEST(store_dues_bad_months_refused)
{
    struct store *st = fresh();
    if (!st) return;
    setenv("ZHIBU_TODAY", "2026-11-21", 1);
    int64_t b = fx_branch(st, "S9", "S9村党支部", 0);
    int64_t m = mk_member(st, b, "月份甲", "2001-07-01", "farmer", "");
    CHECK_INT(store_dues_start_set(st, b, (struct zmonth){2026, 1}), STORE_OK);
    int64_t hist = store_history_count(st);
    int bases = test_sql_int(store_path(st), "SELECT count(*) FROM dues_basis");
    const struct zmonth bad[] = {{2026, 13}, {2026, 0}, {1899, 12}, {3000, 1}, {0, 0}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_INT(store_dues_start_set(st, b, bad[i]), STORE_ERR_CONSTRAINT);
        CHECK_STR(store_errmsg(st), "台账起始月有误");
        CHECK_INT(store_dues_basis_set(st, m, bad[i], "employed", 1000, "", store_dues_bases_version(st, m)),
                  STORE_ERR_CONSTRAINT);
        CHECK_STR(store_errmsg(st), "起始月份无效");
    }
    CHECK_INT((int)store_history_count(st), (int)hist);
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM dues_basis"), bases);
    struct zmonth got = {0, 0};
    CHECK_INT(store_dues_start_get(st, b, &got), STORE_OK);
    CHECK(zmonth_valid(got));
    CHECK_INT(zmonth_cmp(got, (struct zmonth){2026, 1}), 0);
    store_close(st);
}

/* The ledger's start: the current month with no payments; the earliest month a payment covers
 * once there are some (a voided one does not count); the month set by hand above all. The
 * members' facts carry it. */
TEST(store_dues_start_month)
{
    struct store *st = fresh();
    if (!st) return;
    setenv("ZHIBU_TODAY", "2026-11-21", 1);
    int64_t b = fx_branch(st, "S1", "S1村党支部", 0);
    int64_t m = mk_member(st, b, "起始甲", "2001-07-01", "farmer", "");
    struct zmonth ym = {0, 0};
    CHECK_INT(store_dues_start_get(st, b, &ym), STORE_OK);
    CHECK_INT(zmonth_index(ym), dues_ym(2026, 11));
    int64_t early = pay(st, m, "2026-11-01", "", dues_ym(2026, 3), dues_ym(2026, 4), 50);
    pay(st, m, "2026-11-02", "", dues_ym(2026, 9), dues_ym(2026, 11), 50);
    CHECK_INT(store_dues_start_get(st, b, &ym), STORE_OK);
    CHECK_INT(zmonth_index(ym), dues_ym(2026, 3));
    CHECK_INT(store_dues_payment_void(st, early, "录错"), STORE_OK);
    CHECK_INT(store_dues_start_get(st, b, &ym), STORE_OK);
    CHECK_INT(zmonth_index(ym), dues_ym(2026, 9));
    CHECK_INT(store_dues_start_set(st, b, (struct zmonth){2026, 1}), STORE_OK);
    CHECK_INT(store_dues_start_get(st, b, &ym), STORE_OK);
    CHECK_INT(zmonth_index(ym), dues_ym(2026, 1));
    struct store_dues_member_list d_l = {0};
    struct dues_member *d = NULL;
    int n = 0;
    CHECK_INT(store_dues_member_list(st, b, (struct zmonth){2026, 1}, &d_l), STORE_OK);
    d = d_l.v, n = d_l.n;
    CHECK_INT(n, 1);
    if (n == 1) CHECK_INT(d[0].f.start_ym, dues_ym(2026, 1));
    store_dues_member_list_free(&d_l);
    struct dues_member one;
    CHECK_INT(store_dues_member_get(st, m, &one), STORE_OK);
    CHECK_INT(one.f.start_ym, dues_ym(2026, 1));
    store_dues_member_free(&one);
    store_close(st);
}

/* A member transferred in owes only after the month the transfer letter says dues were paid
 * through, however long ago they joined and whenever the branch's ledger began. */
TEST(store_dues_start_after_transfer_in)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "S2", "S2村党支部", 0);
    int64_t old = mk_member(st, b, "老党员", "1995-07-01", "farmer", "");
    pay(st, old, "2026-11-01", "", dues_ym(2025, 1), dues_ym(2025, 1), 50);
    CHECK_INT(store_dues_start_set(st, b, (struct zmonth){2025, 1}), STORE_OK);
    struct member m = {0};
    m.branch_id = b;
    snprintf(m.name, sizeof m.name, "转入乙");
    snprintf(m.gender, sizeof m.gender, "M");
    snprintf(m.join_date, sizeof m.join_date, "2003-07-01");
    snprintf(m.full_date, sizeof m.full_date, "2004-07-01");
    snprintf(m.status, sizeof m.status, "full");
    snprintf(m.dues_category, sizeof m.dues_category, "farmer");
    struct transfer t = {0};
    snprintf(t.direction, sizeof t.direction, "in");
    snprintf(t.date, sizeof t.date, "2026-09-15");
    snprintf(t.place, sizeof t.place, "柳林镇党委");
    snprintf(t.dues_paid_through, sizeof t.dues_paid_through, "2026-08");
    CHECK_INT(store_transfer_in(st, &m, &t), STORE_OK);
    struct dues_member d;
    CHECK_INT(store_dues_member_get(st, m.id, &d), STORE_OK);
    CHECK_INT(d.f.start_ym, dues_ym(2026, 9));
    store_dues_member_free(&d);
    CHECK_INT(store_dues_member_get(st, old, &d), STORE_OK);
    CHECK_INT(d.f.start_ym, dues_ym(2025, 1));
    store_dues_member_free(&d);
    store_close(st);
}

/* ---- the ledger's start: a journaled column of the branch (issue 12, hole 1) ------------ */

/* Months owed and what they lack, over every member of the branch, as of November 2026. */
static void owed(struct store *st, int64_t branch, int *months, long *fen)
{
    struct dues_rules r;
    { struct rules R; rules_from_config(NULL, &R); r = R.audit.dues; }
    struct store_dues_member_list d_l = {0};
    struct dues_member *d = NULL;
    int n = 0;
    *months = 0;
    *fen = 0;
    if (store_dues_member_list(st, branch, (struct zmonth){2026, 1}, &d_l) != STORE_OK) {
        test_fail(__FILE__, __LINE__, "dues_members: %s", store_errmsg(st));
        return;
    }
    d = d_l.v, n = d_l.n;
    for (int i = 0; i < n; i++) {
        struct dues_status s;
        dues_status_of(&d[i].f, dues_ym(2026, 11), &r, &s);
        *months += s.months_owed;
        *fen += s.amount_owed;
    }
    store_dues_member_list_free(&d_l);
}

/* The file's bytes (heap), *n its size. */
static unsigned char *file_bytes(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    *n = 0;
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *p = malloc(len > 0 ? (size_t)len : 1);
    *n = fread(p, 1, len > 0 ? (size_t)len : 0, f);
    fclose(f);
    return p;
}

/* Moving the start later than a month that holds a payment would stop counting that payment's
 * months and every arrear before it: refused with the month named, the file byte for byte as
 * it was. Earlier is allowed (it can only add arrears), so is later up to the first paid month;
 * never later than this month. */
TEST(store_dues_start_later_than_payments_refused)
{
    setenv("ZHIBU_TODAY", "2026-11-21", 1);
    char *p = test_db_path("late.db");
    struct store *st = open_db(p);
    if (!st) {
        free(p);
        return;
    }
    int64_t b = fx_branch(st, "S3", "S3村党支部", 0);
    int64_t m1 = mk_member(st, b, "欠费甲", "2020-01-01", "farmer", "");
    mk_member(st, b, "欠费乙", "2020-01-01", "farmer", "");
    int64_t paid = pay(st, m1, "2026-10-10", "", dues_ym(2026, 10), dues_ym(2026, 10), 50);
    CHECK_INT(store_dues_start_set(st, b, (struct zmonth){2026, 1}), STORE_OK); /* earlier */
    int months = 0;
    long fen = 0;
    owed(st, b, &months, &fen);
    CHECK_INT(months, 9 + 10); /* 甲 January to September, 乙 January to October */
    CHECK_INT(fen, 19 * 50);
    store_close(st);

    size_t n0 = 0, n1 = 0;
    unsigned char *before = file_bytes(p, &n0);
    st = open_db(p);
    if (!st) {
        free(before);
        free(p);
        return;
    }
    CHECK_INT(store_dues_start_set(st, b, (struct zmonth){2026, 11}), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "2026年10月已有党费缴纳记录，台账起始月不能晚于该月");
    CHECK_INT(store_dues_start_set(st, b, (struct zmonth){2026, 12}), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "台账起始月不能晚于本月");
    struct zmonth ym = {0, 0};
    CHECK_INT(store_dues_start_get(st, b, &ym), STORE_OK);
    CHECK_INT(zmonth_index(ym), dues_ym(2026, 1));
    int months2 = 0;
    long fen2 = 0;
    owed(st, b, &months2, &fen2);
    CHECK_INT(months2, months);
    CHECK_INT(fen2, fen);
    store_close(st);
    unsigned char *after = file_bytes(p, &n1);
    CHECK(n0 > 0 && n0 == n1 && memcmp(before, after, n0) == 0);
    free(before);
    free(after);

    /* later, but not past the paid month: allowed, and the arrears before it go */
    st = open_db(p);
    if (!st) {
        free(p);
        return;
    }
    CHECK_INT(store_dues_start_set(st, b, (struct zmonth){2026, 10}), STORE_OK);
    owed(st, b, &months2, &fen2);
    CHECK_INT(months2, 1); /* 乙's October */
    /* a voided payment holds no month */
    CHECK_INT(store_dues_payment_void(st, paid, "录错"), STORE_OK);
    CHECK_INT(store_dues_start_set(st, b, (struct zmonth){2026, 11}), STORE_OK);
    CHECK_INT(store_dues_start_get(st, b, &ym), STORE_OK);
    CHECK_INT(zmonth_index(ym), dues_ym(2026, 11));
    store_close(st);
    free(p);
}

/* A start change is an entry of the branch's journal (old and new value, sealed) and nothing
 * else: no meta row. verify compares the column: changed with the sqlite3 shell, it is found.
 * A meta dues_start row left from an older version is not read. */
TEST(store_dues_start_journaled_and_verified)
{
    setenv("ZHIBU_TODAY", "2026-11-21", 1);
    char *p = test_db_path("journal.db");
    struct store *st = open_db(p);
    if (!st) {
        free(p);
        return;
    }
    int64_t b = fx_branch(st, "S4", "S4村党支部", 0);
    mk_member(st, b, "记账甲", "2020-01-01", "farmer", "");
    struct branch br;
    CHECK_INT(store_branch_get(st, b, &br), STORE_OK);
    CHECK_INT(store_dues_start_set(st, b, (struct zmonth){2026, 3}), STORE_OK);
    CHECK_INT(store_dues_start_set(st, b, (struct zmonth){2026, 3}), STORE_OK); /* the same: no entry */
    struct history_entry h[8];
    int n = 0;
    CHECK_INT(store_history_list(st, "branch", br.uuid, h, 8, &n), STORE_OK);
    CHECK_INT(n, 2); /* insert, then the start */
    if (n == 2) {
        CHECK_STR(h[0].action, "update");
        CHECK(h[0].old_json && strstr(h[0].old_json, "\"dues_start\":null") != NULL);
        CHECK(h[0].new_json && strstr(h[0].new_json, "\"dues_start\":\"2026-03\"") != NULL);
    }
    store_history_free(h, n);
    char sql[300];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM branch WHERE id = %lld AND dues_start = '2026-03'",
             (long long)b);
    CHECK_INT(test_sql_int(p, sql), 1);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM meta WHERE key LIKE 'dues_start:%'"), 0);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history WHERE hash IS NULL"), 0);
    struct verify_result r;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    store_close(st);

    /* behind zhibu's back: the column, then a stale meta row */
    snprintf(sql, sizeof sql,
             "UPDATE branch SET dues_start = '2026-10' WHERE id = %lld;"
             " INSERT INTO meta(key, value) VALUES ('dues_start:%lld', '2026-11');",
             (long long)b, (long long)b);
    test_sql(p, sql);
    st = open_db(p);
    if (!st) {
        free(p);
        return;
    }
    struct zmonth ym = {0, 0};
    CHECK_INT(store_dues_start_get(st, b, &ym), STORE_OK);
    CHECK_INT(zmonth_index(ym), dues_ym(2026, 10)); /* the column, not meta */
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 1);
    if (r.nproblems == 1) {
        CHECK_INT(r.problems[0].kind, VERIFY_ROW_CHANGED);
        CHECK_STR(r.problems[0].table_name, "branch");
        CHECK_STR(r.problems[0].row_uuid, br.uuid);
    }
    store_close(st);
    free(p);
}

/* Past a month with a verdict the start moves only with 申请修改: STORE_ERR_LOCKED with the
 * sentence of every locked month; with a reason, one 审后修改 row per reviewed month dropped
 * out, and the journal verifies. */
TEST(store_dues_start_past_verdict_needs_amend)
{
    setenv("ZHIBU_TODAY", "2026-11-21", 1);
    char *p = test_db_path("amend.db");
    struct store *st = open_db(p);
    if (!st) {
        free(p);
        return;
    }
    int64_t b = fx_branch(st, "S5", "S5村党支部", 0);
    mk_member(st, b, "未交甲", "2020-01-01", "farmer", "");
    CHECK_INT(store_dues_start_set(st, b, (struct zmonth){2026, 1}), STORE_OK);
    const char *months[] = {"2026-08", "2026-09"};
    for (int i = 0; i < 2; i++) {
        struct verdict v = {.branch_id = b};
        snprintf(v.month, sizeof v.month, "%s", months[i]);
        snprintf(v.item, sizeof v.item, "dues");
        snprintf(v.verdict, sizeof v.verdict, "pass");
        CHECK_INT(store_verdict_set(st, &v), STORE_OK);
    }
    int m0 = 0;
    long f0 = 0;
    owed(st, b, &m0, &f0);
    CHECK_INT(m0, 10);
    long long hist = test_sql_int(p, "SELECT count(*) FROM history");
    CHECK_INT(store_dues_start_set(st, b, (struct zmonth){2026, 10}), STORE_ERR_LOCKED);
    CHECK_STR(store_errmsg(st), "2026年8月已评审，修改需先申请修改（说明原因）");
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history"), hist);
    int m1 = 0;
    long f1 = 0;
    owed(st, b, &m1, &f1);
    CHECK_INT(m1, m0);
    /* up to the first reviewed month: no lock */
    CHECK_INT(store_dues_start_set(st, b, (struct zmonth){2026, 8}), STORE_OK);
    CHECK_INT(store_amend_begin(st, "纸质台账核实至九月，经支委会研究"), STORE_OK);
    CHECK_INT(store_dues_start_set(st, b, (struct zmonth){2026, 10}), STORE_OK);
    store_amend_end(st);
    struct store_amend_list a_l = {0};
    struct amend *a = NULL;
    int n = 0;
    store_amend_list_free(&a_l);
    CHECK_INT(store_amend_list(st, b, NULL, &a_l), STORE_OK);
    a = a_l.v, n = a_l.n;
    CHECK_INT(n, 2);
    struct branch br;
    CHECK_INT(store_branch_get(st, b, &br), STORE_OK);
    for (int i = 0; i < n; i++) {
        CHECK_STR(a[i].table_name, "branch");
        CHECK_STR(a[i].row_uuid, br.uuid);
        CHECK_STR(a[i].reason, "纸质台账核实至九月，经支委会研究");
    }
    if (n == 2) {
        CHECK_STR(a[0].month, "2026-09"); /* newest first */
        CHECK_STR(a[1].month, "2026-08");
    }
    owed(st, b, &m1, &f1);
    CHECK_INT(m1, 1); /* October */
    struct verify_result r;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    store_close(st);
    free(p);
    store_amend_list_free(&a_l);
}

/* The branch's theme day (主题党日) is the other setting of the branch that the month's review
 * reads: a column of the branch, journaled by store_branch_update (old and new) and compared by
 * verify. Editing the branch keeps the dues start as it is. */
TEST(store_branch_theme_day_journaled_and_verified)
{
    setenv("ZHIBU_TODAY", "2026-11-21", 1);
    char *p = test_db_path("theme.db");
    struct store *st = open_db(p);
    if (!st) {
        free(p);
        return;
    }
    int64_t b = fx_branch(st, "S6", "S6村党支部", 0);
    CHECK_INT(store_dues_start_set(st, b, (struct zmonth){2026, 2}), STORE_OK);
    struct branch br;
    CHECK_INT(store_branch_get(st, b, &br), STORE_OK);
    snprintf(br.theme_day, sizeof br.theme_day, "20");
    CHECK_INT(store_branch_update(st, &br), STORE_OK);
    struct history_entry h[8];
    int n = 0;
    CHECK_INT(store_history_list(st, "branch", br.uuid, h, 8, &n), STORE_OK);
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK(h[0].old_json && strstr(h[0].old_json, "\"theme_day\":\"\"") != NULL);
        CHECK(h[0].new_json && strstr(h[0].new_json, "\"theme_day\":\"20\"") != NULL);
        CHECK(h[0].new_json && strstr(h[0].new_json, "\"dues_start\":\"2026-02\"") != NULL);
    }
    store_history_free(h, n);
    struct zmonth ym = {0, 0};
    CHECK_INT(store_dues_start_get(st, b, &ym), STORE_OK);
    CHECK_INT(zmonth_index(ym), dues_ym(2026, 2));
    struct verify_result r;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    store_close(st);
    test_sql(p, "UPDATE branch SET theme_day = '5'");
    st = open_db(p);
    if (!st) {
        free(p);
        return;
    }
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 1);
    if (r.nproblems == 1) {
        CHECK_INT(r.problems[0].kind, VERIFY_ROW_CHANGED);
        CHECK_STR(r.problems[0].row_uuid, br.uuid);
    }
    store_close(st);
    free(p);
}

/* ---- a version-7 ledger ---------------------------------------------------------------- */

static void hash_field(crypto_hash_sha256_state *h, const unsigned char *v, int n)
{
    if (!v) {
        crypto_hash_sha256_update(h, (const unsigned char *)"-:", 2);
        return;
    }
    char len[24];
    int k = snprintf(len, sizeof len, "%d:", n);
    crypto_hash_sha256_update(h, (const unsigned char *)len, (unsigned long long)k);
    crypto_hash_sha256_update(h, v, (unsigned long long)n);
}

/* Every journal hash recomputed as src/store/journal.c computes it (what a version-7 zhibu
 * wrote once its JSON is what that version wrote): one chain per history.branch_id. */
static void rechain(const char *path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL, *u = NULL;
    if (sodium_init() < 0 || sqlite3_open(path, &db) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "SELECT id, uuid, table_name, row_uuid, action, changed_at, changed_by,"
                           " old_json, new_json, branch_id FROM history ORDER BY id",
                           -1, &s, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "UPDATE history SET prev_hash = ?2, hash = ?3 WHERE id = ?1", -1,
                           &u, NULL) != SQLITE_OK) {
        test_fail(__FILE__, __LINE__, "rechain: %s", db ? sqlite3_errmsg(db) : "open");
        sqlite3_finalize(s);
        sqlite3_close(db);
        return;
    }
    struct { int64_t branch; char hash[65]; } last[16];
    int nlast = 0;
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    while (sqlite3_step(s) == SQLITE_ROW) {
        int64_t branch = sqlite3_column_int64(s, 9);
        int c = 0;
        while (c < nlast && last[c].branch != branch) c++;
        if (c == nlast && nlast < 16) {
            last[nlast].branch = branch;
            last[nlast++].hash[0] = '\0';
        }
        if (c >= 16) {
            test_fail(__FILE__, __LINE__, "rechain: too many chains");
            break;
        }
        char prev[65], t[24];
        snprintf(prev, sizeof prev, "%s", last[c].hash);
        crypto_hash_sha256_state h;
        unsigned char d[crypto_hash_sha256_BYTES];
        crypto_hash_sha256_init(&h);
        crypto_hash_sha256_update(&h, (const unsigned char *)"zhibu-journal-1", 15);
        hash_field(&h, (const unsigned char *)prev, (int)strlen(prev));
        int k = snprintf(t, sizeof t, "%lld", (long long)sqlite3_column_int64(s, 0));
        hash_field(&h, (const unsigned char *)t, k);
        for (int col = 1; col <= 8; col++) {
            const unsigned char *v = sqlite3_column_type(s, col) == SQLITE_NULL
                                         ? NULL : sqlite3_column_text(s, col);
            hash_field(&h, v, v ? sqlite3_column_bytes(s, col) : 0);
        }
        k = snprintf(t, sizeof t, "%lld", (long long)branch);
        hash_field(&h, (const unsigned char *)t, k);
        crypto_hash_sha256_final(&h, d);
        sodium_bin2hex(last[c].hash, sizeof last[c].hash, d, sizeof d);
        sqlite3_reset(u);
        sqlite3_bind_int64(u, 1, sqlite3_column_int64(s, 0));
        sqlite3_bind_text(u, 2, prev, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(u, 3, last[c].hash, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(u) != SQLITE_DONE) test_fail(__FILE__, __LINE__, "rechain: %s", sqlite3_errmsg(db));
    }
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    sqlite3_finalize(s);
    sqlite3_finalize(u);
    sqlite3_close(db);
}

/* A version-7 ledger kept the start in meta and journaled branches without it. After the
 * upgrade the column holds the start (the meta row stays: nothing is deleted), each branch
 * gets one 'baseline' entry with the new key, and the journal verifies — but a branch changed
 * behind zhibu's back before the upgrade is not laundered by it: verify still finds it. */
TEST(store_dues_start_upgrade_from_v7_verifies)
{
    setenv("ZHIBU_TODAY", "2026-11-21", 1);
    char *p = test_db_path("v7.db");
    struct store *st = open_db(p);
    if (!st) {
        free(p);
        return;
    }
    int64_t a = fx_branch(st, "U1", "U1村党支部", 0), b = fx_branch(st, "U2", "U2村党支部", 0), c = fx_branch(st, "U3", "U3村党支部", 0);
    int64_t m = mk_member(st, a, "升级甲", "2020-01-01", "farmer", "");
    pay(st, m, "2026-08-10", "", dues_ym(2026, 8), dues_ym(2026, 8), 50);
    struct branch bc;
    CHECK_INT(store_branch_get(st, c, &bc), STORE_OK);
    store_close(st);
    long long before = test_sql_int(p, "SELECT count(*) FROM history");
    char sql[8192];
    snprintf(sql, sizeof sql,
             DOWNGRADE_V7_SQL
             " UPDATE history SET old_json = json_remove(old_json, '$.dues_start'),"
             " new_json = json_remove(new_json, '$.dues_start') WHERE table_name = 'branch';"
             " INSERT INTO meta(key, value) VALUES ('dues_start:%lld', '2026-03');"
             " UPDATE branch SET name = '改过的名称' WHERE id = %lld;"
             " PRAGMA user_version = 7;",
             (long long)a, (long long)c);
    test_sql(p, sql);
    rechain(p);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history WHERE new_json LIKE '%dues_start%'"), 0);

    st = open_db(p);
    if (!st) {
        free(p);
        return;
    }
    CHECK_INT(store_schema_version(st), STORE_SCHEMA_VERSION);
    struct zmonth ym = {0, 0};
    CHECK_INT(store_dues_start_get(st, a, &ym), STORE_OK);
    CHECK_INT(zmonth_index(ym), dues_ym(2026, 3));
    CHECK_INT(store_dues_start_get(st, b, &ym), STORE_OK);
    CHECK_INT(zmonth_index(ym), dues_ym(2026, 11)); /* none set, no payment: this month */
    snprintf(sql, sizeof sql, "SELECT count(*) FROM meta WHERE key = 'dues_start:%lld'", (long long)a);
    CHECK_INT(test_sql_int(p, sql), 1);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history"), before + 2);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM history WHERE action = 'baseline' AND table_name = 'branch'"
             " AND json_extract(new_json, '$.dues_start') = '2026-03'"
             " AND row_uuid = (SELECT uuid FROM branch WHERE id = %lld)",
             (long long)a);
    CHECK_INT(test_sql_int(p, sql), 1);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history WHERE hash IS NULL"), 0);
    struct verify_result r;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 1);
    if (r.nproblems == 1) {
        CHECK_INT(r.problems[0].kind, VERIFY_ROW_CHANGED);
        CHECK_STR(r.problems[0].row_uuid, bc.uuid);
    }
    CHECK_INT(store_journal_verify(st, a, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    /* and the start goes on in the journal */
    CHECK_INT(store_dues_start_set(st, a, (struct zmonth){2026, 1}), STORE_OK);
    CHECK_INT(store_journal_verify(st, a, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    store_close(st);
    free(p);
}
