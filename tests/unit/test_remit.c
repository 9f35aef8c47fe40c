/* Unit tests of 党费上缴: core/remit.c (the check of a remittance at its edges, the even split,
 * the review's section remit at exactly the interval and one month more, a ledger that never
 * remitted judged from its first dues month) and store/remit_db.c (add with the core's check in
 * Chinese, overlapping months refused, void with a reason and months free again, collected
 * against remitted equal to SQL sums, a reviewer refused, a locked month, the review's load,
 * verify finding a remittance changed behind zhibu's back). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "test.h"
#include "zhibu/audit.h"
#include "zhibu/audit_people.h"
#include "zhibu/dues.h"
#include "zhibu/remit.h"
#include "zhibu/rules.h"
#include "zhibu/store.h"
#include "zhibu/store_audit.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_dues.h"
#include "zhibu/store_remit.h"
#include "zhibu/util.h"

static const struct zdate TODAY = {2026, 11, 21};

static const char *check(const char *date, int from, int to, long amount, const char *receipt,
                         const struct remit_span *o, int no, char *buf)
{
    static const char *const dates[] = {"2026-10-08", "2026-07-05"};
    static const char *const receipts[] = {"SJ-003", ""};
    return remit_check(date, from, to, amount, receipt, TODAY, o, no, dates, receipts, buf,
                       ZB_MSG_MAX);
}

TEST(remit_check_edges)
{
    char buf[ZB_MSG_MAX];
    int jul = dues_ym(2026, 7), sep = dues_ym(2026, 9), nov = dues_ym(2026, 11);
    CHECK(check("2026-10-08", jul, sep, 123456, "SJ-001", NULL, 0, buf) == NULL);
    CHECK(check("2026-11-21", jul, nov, 0, "", NULL, 0, buf) == NULL); /* today, its month, 0 */
    CHECK_STR(check("2026-11-22", jul, sep, 100, "", NULL, 0, buf), "上缴日期不能晚于今天");
    CHECK_STR(check("", jul, sep, 100, "", NULL, 0, buf), "须填写上缴日期");
    const char *why = check("2026-02-30", jul, sep, 100, "", NULL, 0, buf);
    CHECK(why && strstr(why, "2月") != NULL);
    CHECK(check("2026/10/08", jul, sep, 100, "", NULL, 0, buf) != NULL);
    CHECK_STR(check("2026-10-08", sep, jul, 100, "", NULL, 0, buf), "起始月份不能晚于截止月份");
    CHECK_STR(check("2026-10-08", jul, -1, 100, "", NULL, 0, buf), "上缴月份无效");
    CHECK(check("2026-10-08", jul, dues_ym(2026, 10), 100, "", NULL, 0, buf) == NULL);
    CHECK_STR(check("2026-09-30", jul, dues_ym(2026, 10), 100, "", NULL, 0, buf),
              "不能上缴2026年10月及以后的党费：上缴日期为2026年9月");
    CHECK_STR(check("2026-10-08", jul, sep, -1, "", NULL, 0, buf), "上缴金额不能为负数");
    CHECK(check("2026-10-08", jul, sep, DUES_MAX_AMOUNT, "", NULL, 0, buf) == NULL);
    CHECK_STR(check("2026-10-08", jul, sep, DUES_MAX_AMOUNT + 1, "", NULL, 0, buf),
              "上缴金额不能超过 100000 元");
    char longr[REMIT_RECEIPT_BYTES + 1];
    memset(longr, 'A', REMIT_RECEIPT_BYTES);
    longr[REMIT_RECEIPT_BYTES] = '\0';
    CHECK_STR(check("2026-10-08", jul, sep, 100, longr, NULL, 0, buf), "收据编号过长");
    longr[REMIT_RECEIPT_BYTES - 1] = '\0';
    CHECK(check("2026-10-08", jul, sep, 100, longr, NULL, 0, buf) == NULL);
    /* overlapping: one month in common at either end refused, adjacent accepted */
    struct remit_span o[] = {{jul, sep, 5000}, {dues_ym(2026, 4), dues_ym(2026, 6), 5000}};
    CHECK_STR(check("2026-11-08", sep, nov, 100, "", o, 2, buf),
              "2026年7月至9月已上缴（2026-10-08，收据 SJ-003），不能重复上缴");
    CHECK_STR(check("2026-11-08", dues_ym(2026, 6), dues_ym(2026, 6), 100, "", o, 2, buf),
              "2026年4月至6月已上缴（2026-07-05），不能重复上缴");
    CHECK(check("2026-11-08", dues_ym(2026, 10), nov, 100, "", o, 2, buf) == NULL);
    CHECK(check("2026-11-08", dues_ym(2026, 1), dues_ym(2026, 3), 100, "", o, 2, buf) == NULL);
}

TEST(remit_share_adds_up)
{
    struct remit_span s = {dues_ym(2025, 11), dues_ym(2026, 1), 1000}; /* 333 333 334 */
    CHECK_INT(remit_share(&s, dues_ym(2025, 10)), 0);
    CHECK_INT(remit_share(&s, dues_ym(2025, 11)), 333);
    CHECK_INT(remit_share(&s, dues_ym(2026, 1)), 334);
    CHECK_INT(remit_remitted(&s, 1, dues_ym(2026, 1), dues_ym(2026, 12)), 334);
    CHECK_INT(remit_remitted(&s, 1, dues_ym(2025, 1), dues_ym(2025, 12)), 666);
    CHECK_INT(remit_remitted(&s, 1, dues_ym(2020, 1), dues_ym(2030, 12)), 1000);
    CHECK_INT(remit_through(&s, 1), dues_ym(2026, 1));
    CHECK_INT(remit_through(NULL, 0), 0);
    char t[64];
    remit_months_text(s.from_ym, s.to_ym, t, sizeof t);
    CHECK_STR(t, "2025年11月至2026年1月");
    remit_months_text(s.to_ym, s.to_ym, t, sizeof t);
    CHECK_STR(t, "2026年1月");
    int from, to;
    remit_next_months(dues_ym(2026, 6), dues_ym(2025, 1), TODAY, &from, &to);
    CHECK_INT(from, dues_ym(2026, 7));
    CHECK_INT(to, dues_ym(2026, 10));
    remit_next_months(0, dues_ym(2026, 1), TODAY, &from, &to);
    CHECK_INT(from, dues_ym(2026, 1));
    remit_next_months(dues_ym(2026, 11), 0, TODAY, &from, &to); /* remitted ahead */
    CHECK_INT(from, dues_ym(2026, 12));
    CHECK_INT(to, dues_ym(2026, 12));
}

/* The review of one month for a branch with one member: its remit facts, the interval. */
static int reasons(int year, int month, int through, int start, int interval, struct zdate today,
                   struct audit_reason *out)
{
    static const struct audit_member m = {.id = 1, .name = "张红"};
    struct audit_people p = {.remit = {.through_ym = through, .start_ym = start}};
    struct audit_input in = {.branch_id = 1, .year = year, .month = month, .today = today,
                             .since = {2025, 1, 1}, .members = &m, .nmembers = 1, .people = &p};
    struct audit_rules r = {0};
    r.people.remit_interval_months = interval;
    return audit_remit_reasons(&in, &r, out, 4);
}

TEST(remit_review_at_the_interval)
{
    struct audit_reason out[4];
    int jun = dues_ym(2026, 6);
    /* quarterly: remitted through June; September (exactly 3 months on) passes, October fails */
    CHECK_INT(reasons(2026, 9, jun, dues_ym(2025, 1), 3, TODAY, out), 0);
    CHECK_INT(reasons(2026, 10, jun, dues_ym(2025, 1), 3, TODAY, out), 1);
    CHECK_INT(out[0].item, AI_DUES);
    CHECK(out[0].fails);
    CHECK_STR(out[0].text, "党费已上缴至2026年6月，超过3个月未上缴");
    /* the month not over yet: not judged */
    CHECK_INT(reasons(2026, 11, jun, dues_ym(2025, 1), 3, TODAY, out), 0);
    CHECK_INT(reasons(2026, 10, jun, dues_ym(2025, 1), 3, (struct zdate){2026, 10, 31}, out), 0);
    CHECK_INT(reasons(2026, 10, jun, dues_ym(2025, 1), 3, (struct zdate){2026, 11, 1}, out), 1);
    /* monthly: through September; October passes, one more month fails */
    int sep = dues_ym(2026, 9);
    CHECK_INT(reasons(2026, 10, sep, dues_ym(2025, 1), 1, TODAY, out), 0);
    CHECK_INT(reasons(2026, 10, dues_ym(2026, 8), dues_ym(2025, 1), 1, TODAY, out), 1);
    CHECK_STR(out[0].text, "党费已上缴至2026年8月，超过1个月未上缴");
    /* never remitted: a ledger begun in January 2026 is not failed in its first interval */
    int jan = dues_ym(2026, 1);
    CHECK_INT(reasons(2026, 3, 0, jan, 3, TODAY, out), 0);
    CHECK_INT(reasons(2026, 4, 0, jan, 3, TODAY, out), 1);
    CHECK_STR(out[0].text, "党费自2026年1月起未上缴，超过3个月未上缴");
    /* the ledger's start moved past the last remittance: the months before it were on paper */
    CHECK_INT(reasons(2026, 10, jun, dues_ym(2026, 11), 3, TODAY, out), 0);
    CHECK_INT(reasons(2026, 10, jun, dues_ym(2026, 8), 3, TODAY, out), 0);
    CHECK_INT(reasons(2026, 10, jun, dues_ym(2026, 7), 3, TODAY, out), 1); /* from July: the third quarter owed */
    /* start unknown: from since (2025-01) */
    CHECK_INT(reasons(2025, 3, 0, 0, 3, TODAY, out), 0);
    CHECK_INT(reasons(2025, 4, 0, 0, 3, TODAY, out), 1);
    /* no members: nothing to hand up */
    struct audit_people p = {0};
    struct audit_input in = {.year = 2026, .month = 10, .today = TODAY, .people = &p};
    struct audit_rules r = {0};
    r.people.remit_interval_months = 3;
    CHECK_INT(audit_remit_reasons(&in, &r, out, 4), 0);
    in.people = NULL;
    CHECK_INT(audit_remit_reasons(&in, &r, out, 4), 0);
}

/* ---- the store ------------------------------------------------------------------------- */

static struct remittance remit(int64_t b, const char *date, int from, int to, long amount,
                               const char *receipt)
{
    struct remittance r = {.branch_id = b, .from_ym = from, .to_ym = to, .amount = amount};
    snprintf(r.date, sizeof r.date, "%s", date);
    snprintf(r.receipt, sizeof r.receipt, "%s", receipt);
    return r;
}

static void pay(struct store *st, int64_t member, const char *date, int from, int to, long per)
{
    struct dues_paid alloc[24];
    int n = 0;
    for (int ym = from; ym <= to; ym++) alloc[n++] = (struct dues_paid){ym, per};
    struct dues_payment p = {.member_id = member, .from_ym = from, .to_ym = to, .amount = per * n};
    snprintf(p.paid_date, sizeof p.paid_date, "%s", date);
    if (store_dues_payment_add(st, &p, alloc, n) != STORE_OK)
        test_fail(__FILE__, __LINE__, "payment: %s", store_errmsg(st));
}

TEST(store_remit_add_void_sums)
{
    char *path = test_db_path("r.db");
    struct store *st = test_open_db(path, "书记甲");
    if (!st) return;
    int64_t a = fx_branch(st, "RA", "RA村党支部", 0);
    int64_t b = fx_branch(st, "RB", "RB村党支部", 0);
    int64_t m1 = fx_member(st, &(struct fx_member){.branch = a, .name = "张红"}, NULL);
    int64_t m2 = fx_member(st, &(struct fx_member){.branch = a, .name = "王芳"}, NULL);
    int64_t m3 = fx_member(st, &(struct fx_member){.branch = b, .name = "李兰"}, NULL);
    int jan = dues_ym(2026, 1);
    pay(st, m1, "2026-03-15", jan, jan + 2, 200);      /* Q1: 600 */
    pay(st, m2, "2026-03-15", jan, jan + 5, 300);      /* Q1: 900, Q2: 900 */
    pay(st, m3, "2026-03-15", jan, jan + 2, 9999);     /* another branch */
    struct remittance q1 = remit(a, "2026-04-08", jan, jan + 2, 1500, " SJ-001 ");
    CHECK_INT(store_remit_add(st, &q1), STORE_OK);
    CHECK_STR(q1.receipt, "SJ-001");
    CHECK(q1.id > 0);
    /* overlapping months refused with the store's sentence */
    struct remittance over = remit(a, "2026-07-08", jan + 2, jan + 5, 900, "SJ-002");
    CHECK_INT(store_remit_add(st, &over), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "2026年1月至3月已上缴（2026-04-08，收据 SJ-001），不能重复上缴");
    /* a future date, a month after the date, a negative amount */
    struct remittance fut = remit(a, "2026-11-22", jan + 3, jan + 5, 900, "");
    CHECK_INT(store_remit_add(st, &fut), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "上缴日期不能晚于今天");
    struct remittance late = remit(a, "2026-05-08", jan + 3, jan + 5, 900, "");
    CHECK_INT(store_remit_add(st, &late), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "不能上缴2026年6月及以后的党费：上缴日期为2026年5月");
    struct remittance neg = remit(a, "2026-07-08", jan + 3, jan + 5, -5, "");
    CHECK_INT(store_remit_add(st, &neg), STORE_ERR_CONSTRAINT);
    /* B's own months are free: the check is per branch */
    struct remittance bq1 = remit(b, "2026-04-09", jan, jan + 2, 29997, "SJ-101");
    CHECK_INT(store_remit_add(st, &bq1), STORE_OK);
    struct remittance q2 = remit(a, "2026-07-08", jan + 3, jan + 5, 900, "SJ-002");
    CHECK_INT(store_remit_add(st, &q2), STORE_OK);
    CHECK_INT(test_sql_int(path, "SELECT count(*) FROM dues_remittance"), 3);

    /* totals equal SQL sums */
    struct remit_totals t;
    CHECK_INT(store_remit_totals(st, a, jan, jan + 11, &t), STORE_OK);
    char sql[400];
    snprintf(sql, sizeof sql,
             "SELECT sum(a.amount) FROM dues_payment p JOIN dues_allocation a ON a.payment_id = p.id"
             " WHERE p.branch_id = %lld AND p.voided_at IS NULL AND a.month LIKE '2026-%%'",
             (long long)a);
    CHECK_INT(t.collected, test_sql_int(path, sql));
    CHECK_INT(t.collected, 600 + 1800);
    snprintf(sql, sizeof sql,
             "SELECT sum(amount_fen) FROM dues_remittance WHERE branch_id = %lld"
             " AND voided_at IS NULL AND from_month LIKE '2026-%%'", (long long)a);
    CHECK_INT(t.remitted, test_sql_int(path, sql));
    CHECK_INT(t.remitted, 2400);
    struct remit_month mo[3];
    CHECK_INT(store_remit_months(st, a, jan + 4, jan + 6, mo), STORE_OK);
    CHECK_INT(mo[0].collected, 300);
    CHECK_INT(mo[0].remitted, 300);
    CHECK(mo[1].covered && !mo[2].covered);
    CHECK_INT(mo[2].collected, 0);
    int through;
    CHECK_INT(store_remit_through(st, a, &through), STORE_OK);
    CHECK_INT(through, jan + 5);

    /* void: a reason is required; the months may then be remitted again */
    CHECK_INT(store_remit_void(st, q2.id, "  "), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "作废上缴记录须填写原因");
    {   /* a reason longer than another office takes (row_rules: 511 bytes) is refused here */
        char longr[600];
        memset(longr, 'x', sizeof longr - 1);
        longr[sizeof longr - 1] = '\0';
        CHECK_INT(store_remit_void(st, q2.id, longr), STORE_ERR_CONSTRAINT);
        CHECK_STR(store_errmsg(st), "作废原因过长");
    }
    CHECK_INT(store_remit_void(st, q2.id, "金额录错"), STORE_OK);
    CHECK_INT(store_remit_void(st, q2.id, "再次"), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_remit_through(st, a, &through), STORE_OK);
    CHECK_INT(through, jan + 2);
    CHECK_INT(store_remit_totals(st, a, jan, jan + 11, &t), STORE_OK);
    CHECK_INT(t.remitted, 1500);
    struct store_remit_list l;
    CHECK_INT(store_remit_list(st, a, &l), STORE_OK);
    CHECK_INT(l.n, 2);
    if (l.n == 2) {
        CHECK(l.v[0].voided);
        CHECK_STR(l.v[0].void_reason, "金额录错");
        CHECK(!l.v[1].voided);
    }
    store_remit_list_free(&l);
    struct remittance again = remit(a, "2026-07-09", jan + 3, jan + 5, 900, "SJ-003");
    CHECK_INT(store_remit_add(st, &again), STORE_OK);
    /* journaled: insert and void */
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM history WHERE table_name = 'dues_remittance' AND row_uuid = '%s'",
             q2.uuid);
    CHECK_INT(test_sql_int(path, sql), 2);

    /* a date in a reviewed month: locked, unless 申请修改 (then one 审后修改 row) */
    struct verdict v = {.branch_id = a};
    snprintf(v.month, sizeof v.month, "2026-10");
    snprintf(v.item, sizeof v.item, "dues");
    snprintf(v.verdict, sizeof v.verdict, "pass");
    CHECK_INT(store_verdict_set(st, &v), STORE_OK);
    struct remittance q3 = remit(a, "2026-10-08", jan + 6, jan + 8, 0, "SJ-004");
    CHECK_INT(store_remit_add(st, &q3), STORE_ERR_LOCKED);
    CHECK_INT(store_amend_begin(st, "上缴记录漏登，补登"), STORE_OK);
    CHECK_INT(store_remit_add(st, &q3), STORE_OK);
    store_amend_end(st);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM amend_request WHERE row_uuid = '%s'", q3.uuid);
    CHECK_INT(test_sql_int(path, sql), 1);
    CHECK_INT(store_remit_void(st, q3.id, "重复"), STORE_ERR_LOCKED);

    /* a reviewer may not add; a secretary of B may not add to A */
    CHECK_INT(store_test_set_session(st, STORE_ROLE_REVIEWER, 0, "rev"), STORE_OK);
    struct remittance rv = remit(a, "2026-10-08", jan + 6, jan + 8, 0, "");
    CHECK_INT(store_remit_add(st, &rv), STORE_ERR_DENIED);
    CHECK_INT(store_remit_void(st, again.id, "审查人"), STORE_ERR_DENIED);
    CHECK_INT(store_test_set_session(st, STORE_ROLE_SECRETARY, b, "sec_b"), STORE_OK);
    CHECK_INT(store_remit_add(st, &rv), STORE_ERR_DENIED);
    CHECK_INT(test_sql_int(path, "SELECT count(*) FROM dues_remittance"), 5);
    store_close(st);
    free(path);
}

struct review_ctx {
    const struct audit_rules *r;
    int found;
    char text[256];
    int dues;
};

static int judge(const struct audit_input *in, const struct branch *b, void *ctx)
{
    (void)b;
    struct review_ctx *c = ctx;
    struct audit_result res;
    audit_branch(in, c->r, &res);
    for (int k = 0; k < res.nreasons; k++)
        if (strstr(res.reasons[k].text, "上缴")) {
            c->found++;
            snprintf(c->text, sizeof c->text, "%s", res.reasons[k].text);
        }
    c->dues = res.state[AI_DUES];
    audit_result_free(&res);
    return 0;
}

TEST(store_remit_review_and_verify)
{
    char *path = test_db_path("v.db");
    struct store *st = test_open_db(path, "书记甲");
    if (!st) return;
    int64_t a = fx_branch(st, "VA", "VA村党支部", 0);
    int64_t m = fx_member(st, &(struct fx_member){.branch = a, .name = "张红"}, NULL);
    CHECK_INT(store_dues_start_set(st, a, (struct zmonth){2026, 1}), STORE_OK);
    int jan = dues_ym(2026, 1);
    pay(st, m, "2026-10-15", jan, jan + 9, 200); /* the ledger begins in January */
    struct remittance q1 = remit(a, "2026-04-08", jan, jan + 2, 0, "SJ-001");
    CHECK_INT(store_remit_add(st, &q1), STORE_OK);
    struct remittance q2 = remit(a, "2026-07-08", jan + 3, jan + 5, 0, "SJ-002");
    CHECK_INT(store_remit_add(st, &q2), STORE_OK);
    struct rules ru;
    rules_from_config(NULL, &ru);
    /* September passes (through June, exactly three months), October fails */
    for (int month = 9; month <= 10; month++) {
        struct review_ctx c = {.r = &ru.audit};
        CHECK_INT(store_audit_each(st, a, (struct zmonth){2026, month}, TODAY, judge, &c),
                  STORE_OK);
        CHECK_INT(c.found, month == 10);
        if (month == 10) {
            CHECK_STR(c.text, "党费已上缴至2026年6月，超过3个月未上缴");
            CHECK_INT(c.dues, AS_FAIL);
        }
    }
    /* a remittance changed behind zhibu's back: verify finds it */
    store_close(st);
    char sql[200];
    snprintf(sql, sizeof sql, "UPDATE dues_remittance SET amount_fen = 100 WHERE id = %lld",
             (long long)q2.id);
    test_sql(path, sql);
    st = test_open_db(path, "书记甲");
    if (!st) return;
    struct verify_result vr;
    CHECK_INT(store_journal_verify(st, 0, &vr), STORE_OK);
    CHECK(vr.nproblems >= 1);
    store_close(st);
    free(path);
}

struct remit_facts {
    int64_t branch;
    int through_ym;
    struct zdate last;
    int seen;
};

static int grab_remit(const struct audit_input *in, const struct branch *b, void *ctx)
{
    struct remit_facts *f = ctx;
    if (b->id != f->branch || !in->people) return 0;
    f->through_ym = in->people->remit.through_ym;
    f->last = in->people->remit.last_date;
    f->seen++;
    return 0;
}

/* The review's remittance facts are the same whether the month is loaded for every branch (a
 * scan of the table) or for one (by the index): the newest month and the newest date among the
 * branch's remittances not voided dated by the month's end — a voided one, one dated after the
 * month and another branch's left out; the newest month need not be the newest date's. */
TEST(store_remit_review_facts_every_branch)
{
    char *path = test_db_path("vf.db");
    struct store *st = test_open_db(path, "书记甲");
    if (!st) return;
    int64_t a = fx_branch(st, "FA", "FA村党支部", 0);
    int64_t b = fx_branch(st, "FB", "FB村党支部", 0);
    int jan = dues_ym(2026, 1);
    struct remittance r1 = remit(a, "2026-07-08", jan + 3, jan + 5, 0, "F-001"); /* to June */
    struct remittance r2 = remit(a, "2026-09-20", jan, jan + 2, 0, "F-002"); /* later, to March */
    struct remittance r3 = remit(a, "2026-09-25", jan + 6, jan + 8, 0, "F-003"); /* voided */
    struct remittance r4 = remit(a, "2026-11-02", jan + 6, jan + 9, 0, "F-004"); /* after October */
    struct remittance r5 = remit(b, "2026-10-30", jan, jan + 9, 0, "F-005"); /* the other branch */
    CHECK_INT(store_remit_add(st, &r1), STORE_OK);
    CHECK_INT(store_remit_add(st, &r2), STORE_OK);
    CHECK_INT(store_remit_add(st, &r3), STORE_OK);
    CHECK_INT(store_remit_void(st, r3.id, "录错"), STORE_OK);
    CHECK_INT(store_remit_add(st, &r4), STORE_OK);
    CHECK_INT(store_remit_add(st, &r5), STORE_OK);
    for (int every = 0; every <= 1; every++) {
        struct remit_facts f = {.branch = a};
        CHECK_INT(store_audit_each(st, every ? 0 : a, (struct zmonth){2026, 10}, TODAY, grab_remit, &f),
                  STORE_OK);
        CHECK_INT(f.seen, 1);
        CHECK_INT(f.through_ym, jan + 5);
        CHECK_INT(date_cmp(f.last, (struct zdate){2026, 9, 20}), 0);
        f = (struct remit_facts){.branch = b};
        CHECK_INT(store_audit_each(st, every ? 0 : b, (struct zmonth){2026, 10}, TODAY, grab_remit, &f),
                  STORE_OK);
        CHECK_INT(f.through_ym, jan + 9);
        CHECK_INT(date_cmp(f.last, (struct zdate){2026, 10, 30}), 0);
        /* September: nothing of b's yet */
        f = (struct remit_facts){.branch = b, .through_ym = -1};
        CHECK_INT(store_audit_each(st, every ? 0 : b, (struct zmonth){2026, 9}, TODAY, grab_remit, &f),
                  STORE_OK);
        CHECK_INT(f.through_ym, 0);
        CHECK_INT(f.last.y, 0);
    }
    store_close(st);
    free(path);
}
