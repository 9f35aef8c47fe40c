/* Unit tests for core/dues.c */
#include "test.h"
#include "zhibu/dues.h"
#include "zhibu/util.h"

static char MSG[ZB_MSG_MAX]; /* the checks' sentences */

/* The defaults of config [dues]. */
static struct dues_rules rules(void)
{
    return (struct dues_rules){
        .employed_bound1 = 300000, .employed_bound2 = 500000, .employed_bound3 = 1000000,
        .employed_rate1 = 50, .employed_rate2 = 100, .employed_rate3 = 150, .employed_rate4 = 200,
        .retired_bound1 = 500000, .retired_rate1 = 50, .retired_rate2 = 100,
        .farmer_amount = 50, .flat_amount = 20,
        .arrears_talk_months = 3, .arrears_lapse_months = 6,
    };
}

static int YM(int y, int m)
{
    return dues_ym(y, m);
}

static const char *yuan(long fen)
{
    static char buf[4][32];
    static int n;
    char *b = buf[n++ % 4];
    dues_format_yuan(fen, b, sizeof buf[0]);
    return b;
}

static const char *ymtext(int ym)
{
    static char buf[4][8];
    static int n;
    char *b = buf[n++ % 4];
    dues_ym_format(ym, b);
    return b;
}

/* The allocation out[0..n-1] is exactly want (months and amounts, in order). Entries at or past
 * n are never read: when the count is wrong only the count's failure is reported. */
static void check_alloc_at(const char *file, int line, const struct dues_paid *out, int n,
                           const struct dues_paid *want, int nwant)
{
    if (n != nwant) {
        test_fail(file, line, "allocation has %d entries, expected %d", n, nwant);
        return;
    }
    for (int i = 0; i < n; i++)
        if (out[i].ym != want[i].ym || out[i].amount != want[i].amount)
            test_fail(file, line, "entry %d is %s %ld, expected %s %ld", i, ymtext(out[i].ym),
                      out[i].amount, ymtext(want[i].ym), want[i].amount);
}
#define CHECK_ALLOC(out, n, ...)                                                       \
    do {                                                                               \
        const struct dues_paid w_[] = {__VA_ARGS__};                                   \
        check_alloc_at(__FILE__, __LINE__, (out), (n), w_, (int)(sizeof w_ / sizeof w_[0])); \
    } while (0)

/* An employed member with a base of 3000 元 (15.00 a month) from 2025-01, nothing paid. */
static const struct dues_basis BASE_3000[] = {{.from_ym = 2025 * 12, .category = "employed", .base_fen = 300000}};

static struct dues_facts facts(int join_ym, const struct dues_paid *paid, int npaid)
{
    return (struct dues_facts){.join_ym = join_ym, .leave_ym = 0, .bases = BASE_3000, .nbases = 1,
                               .adjusts = NULL, .nadjusts = 0, .paid = paid, .npaid = npaid};
}

/* Pay each month from..to in full (15.00) into buf; returns the count. */
static int pay_months(struct dues_paid *buf, int from, int to, long each)
{
    int n = 0;
    for (int ym = from; ym <= to; ym++) buf[n++] = (struct dues_paid){ym, each};
    return n;
}

/* ---- amounts ---- */

TEST(dues_amount_employed_bounds)
{
    struct dues_rules r = rules();
    CHECK_STR(yuan(dues_monthly_amount("employed", 300000, &r)), "15.00");  /* 3000.00: 0.5% */
    CHECK_STR(yuan(dues_monthly_amount("employed", 300001, &r)), "30.00");  /* 3000.01: 1% */
    CHECK_STR(yuan(dues_monthly_amount("employed", 500000, &r)), "50.00");  /* 5000.00: 1% */
    CHECK_STR(yuan(dues_monthly_amount("employed", 500001, &r)), "75.00");  /* 5000.01: 1.5% */
    CHECK_STR(yuan(dues_monthly_amount("employed", 1000000, &r)), "150.00"); /* 10000.00: 1.5% */
    CHECK_STR(yuan(dues_monthly_amount("employed", 1000001, &r)), "200.00"); /* 10000.01: 2% */
    CHECK_INT(dues_monthly_amount("employed", 2000000, &r), 40000);
    CHECK_INT(dues_monthly_amount("employed", 0, &r), 0);
    CHECK_INT(dues_monthly_amount("employed", -500, &r), 0);
}

TEST(dues_amount_retired_bounds)
{
    struct dues_rules r = rules();
    CHECK_STR(yuan(dues_monthly_amount("retired", 300000, &r)), "15.00");
    CHECK_STR(yuan(dues_monthly_amount("retired", 500000, &r)), "25.00");  /* 5000.00: 0.5% */
    CHECK_STR(yuan(dues_monthly_amount("retired", 500001, &r)), "50.00");  /* 5000.01: 1% */
    CHECK_STR(yuan(dues_monthly_amount("retired", 1200000, &r)), "120.00"); /* no 1.5% for pensions */
}

TEST(dues_amount_flat_categories)
{
    struct dues_rules r = rules();
    CHECK_STR(yuan(dues_monthly_amount("farmer", 0, &r)), "0.50");
    CHECK_STR(yuan(dues_monthly_amount("farmer", 900000, &r)), "0.50"); /* base ignored */
    CHECK_STR(yuan(dues_monthly_amount("student", 0, &r)), "0.20");
    CHECK_STR(yuan(dues_monthly_amount("unemployed", 500000, &r)), "0.20");
    CHECK_STR(yuan(dues_monthly_amount("lowincome", 0, &r)), "0.20");
    r.farmer_amount = 100;
    r.flat_amount = 30;
    CHECK_INT(dues_monthly_amount("farmer", 0, &r), 100);
    CHECK_INT(dues_monthly_amount("student", 0, &r), 30);
    CHECK_INT(dues_monthly_amount("", 300000, &r), 0);
    CHECK_INT(dues_monthly_amount("Employed", 300000, &r), 0);
    CHECK_INT(dues_monthly_amount(NULL, 300000, &r), 0);
}

TEST(dues_amount_rounds_half_up)
{
    struct dues_rules r = rules();
    CHECK_STR(yuan(dues_monthly_amount("employed", 123450, &r)), "6.17"); /* 6.1725 */
    CHECK_STR(yuan(dues_monthly_amount("employed", 123500, &r)), "6.18"); /* 6.175: half up */
    CHECK_STR(yuan(dues_monthly_amount("employed", 123590, &r)), "6.18"); /* 6.1795 */
    CHECK_STR(yuan(dues_monthly_amount("employed", 345678, &r)), "34.57"); /* 34.5678 */
    CHECK_STR(yuan(dues_monthly_amount("employed", 345640, &r)), "34.56"); /* 34.5640 */
    CHECK_INT(dues_monthly_amount("retired", 99, &r), 0);  /* 0.495 分 */
    CHECK_INT(dues_monthly_amount("retired", 100, &r), 1); /* 0.5 分 */
    /* Rates from config are used, not the defaults. */
    r.employed_rate1 = 80;
    CHECK_STR(yuan(dues_monthly_amount("employed", 300000, &r)), "24.00");
}

/* ---- money text ---- */

TEST(dues_parse_yuan_good)
{
    CHECK_INT(dues_parse_yuan("35"), 3500);
    CHECK_INT(dues_parse_yuan("35.5"), 3550);
    CHECK_INT(dues_parse_yuan("35.50"), 3550);
    CHECK_INT(dues_parse_yuan("35.05"), 3505);
    CHECK_INT(dues_parse_yuan("0.2"), 20);
    CHECK_INT(dues_parse_yuan("0.02"), 2);
    CHECK_INT(dues_parse_yuan("0"), 0);
    CHECK_INT(dues_parse_yuan("0.00"), 0);
    CHECK_INT(dues_parse_yuan("007"), 700);
    CHECK_INT(dues_parse_yuan("3000.01"), 300001);
    CHECK_INT(dues_parse_yuan("100000"), DUES_MAX_AMOUNT);
    CHECK_INT(dues_parse_yuan("100000.00"), DUES_MAX_AMOUNT);
}

TEST(dues_parse_yuan_bad)
{
    const char *bad[] = {"", " ", "-1", "+1", "1e3", "3,000", "12.345", "abc", "１２", "12元",
                         "35.", ".5", " 35", "35 ", "3 5", "1.2.3", "0x10", "100000.01", "100001",
                         "99999999999999999999999999", "35.5a", "¥35"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (dues_parse_yuan(bad[i]) != -1)
            test_fail(__FILE__, __LINE__, "dues_parse_yuan(\"%s\") == %ld, expected -1", bad[i],
                      dues_parse_yuan(bad[i]));
    CHECK_INT(dues_parse_yuan(NULL), -1);
}

TEST(dues_format_yuan_values)
{
    CHECK_STR(yuan(3550), "35.50");
    CHECK_STR(yuan(0), "0.00");
    CHECK_STR(yuan(5), "0.05");
    CHECK_STR(yuan(20), "0.20");
    CHECK_STR(yuan(100), "1.00");
    CHECK_STR(yuan(DUES_MAX_AMOUNT), "100000.00");
    CHECK_STR(yuan(-150), "-1.50");
    CHECK_INT(dues_parse_yuan(yuan(123456)), 123456); /* round trip */
    char small[4];
    dues_format_yuan(3550, small, sizeof small);
    CHECK_STR(small, "35."); /* truncated, still terminated */
}

/* ---- months ---- */

TEST(dues_ym_helpers)
{
    CHECK_INT(YM(2026, 1) - YM(2025, 12), 1);
    CHECK_INT(YM(2026, 12) - YM(2026, 1), 11);
    CHECK_INT(dues_ym_year(YM(2025, 12)), 2025);
    CHECK_INT(dues_ym_month(YM(2025, 12)), 12);
    CHECK_INT(dues_ym_year(YM(2025, 12) + 1), 2026);
    CHECK_INT(dues_ym_month(YM(2025, 12) + 1), 1);
    CHECK_INT(dues_ym_of_date((struct zdate){2026, 3, 31}), YM(2026, 3));
    CHECK_STR(ymtext(YM(2026, 3)), "2026-03");
    CHECK_STR(ymtext(YM(1999, 12)), "1999-12");
    CHECK_INT(dues_ym_parse("2026-03"), YM(2026, 3));
    CHECK_INT(dues_ym_parse("2025-12"), YM(2025, 12));
    CHECK_INT(dues_ym_parse("2026-13"), -1);
    CHECK_INT(dues_ym_parse("2026-00"), -1);
    CHECK_INT(dues_ym_parse("2026-3"), -1);
    CHECK_INT(dues_ym_parse("2026-03-01"), -1);
    CHECK_INT(dues_ym_parse("2026/03"), -1);
    CHECK_INT(dues_ym_parse(""), -1);
    CHECK_INT(dues_ym_parse(NULL), -1);
}

TEST(dues_state_labels)
{
    CHECK_STR(dues_state_label(DUES_NOT_DUE), "不计");
    CHECK_STR(dues_state_label(DUES_FUTURE), "未到");
    CHECK_STR(dues_state_label(DUES_WAIVED), "免");
    CHECK_STR(dues_state_label(DUES_PAID), "已交");
    CHECK_STR(dues_state_label(DUES_PARTLY), "部分");
    CHECK_STR(dues_state_label(DUES_UNPAID), "欠");
}

TEST(dues_month_states)
{
    struct dues_rules r = rules();
    struct dues_paid paid[] = {{YM(2025, 2), 1500}, {YM(2025, 3), 1000}, {YM(2025, 8), 1500},
                               {YM(2025, 4), 700}, {YM(2025, 4), 800}};
    struct dues_facts f = facts(YM(2025, 2), paid, 5);
    int now = YM(2025, 6);
    struct dues_month m = dues_month_of(&f, YM(2025, 1), now, &r);
    CHECK_INT(m.state, DUES_NOT_DUE);
    CHECK_INT(m.due, 0);
    m = dues_month_of(&f, YM(2025, 2), now, &r);
    CHECK_INT(m.state, DUES_PAID);
    CHECK_INT(m.due, 1500);
    CHECK_INT(m.paid, 1500);
    m = dues_month_of(&f, YM(2025, 3), now, &r);
    CHECK_INT(m.state, DUES_PARTLY);
    CHECK_INT(m.paid, 1000);
    m = dues_month_of(&f, YM(2025, 4), now, &r); /* two entries add up */
    CHECK_INT(m.state, DUES_PAID);
    CHECK_INT(m.paid, 1500);
    m = dues_month_of(&f, YM(2025, 5), now, &r);
    CHECK_INT(m.state, DUES_UNPAID);
    m = dues_month_of(&f, now, now, &r); /* the current month has come */
    CHECK_INT(m.state, DUES_UNPAID);
    m = dues_month_of(&f, YM(2025, 7), now, &r);
    CHECK_INT(m.state, DUES_FUTURE);
    CHECK_INT(m.due, 1500);
    m = dues_month_of(&f, YM(2025, 8), now, &r); /* paid ahead */
    CHECK_INT(m.state, DUES_PAID);
    CHECK(!m.deferred);
}

TEST(dues_mid_year_pay_change)
{
    struct dues_rules r = rules();
    struct dues_basis b[] = {{YM(2026, 1), "employed", 300000}, {YM(2026, 7), "employed", 600000},
                             {YM(2027, 1), "retired", 400000}};
    struct dues_facts f = {.join_ym = YM(2020, 5), .bases = b, .nbases = 3};
    int now = YM(2026, 9);
    CHECK_INT(dues_month_of(&f, YM(2025, 12), now, &r).due, 1500); /* before the first: the first */
    CHECK_INT(dues_month_of(&f, YM(2026, 6), now, &r).due, 1500);
    CHECK_INT(dues_month_of(&f, YM(2026, 7), now, &r).due, 9000); /* 6000 元 × 1.5% from July */
    CHECK_INT(dues_month_of(&f, YM(2026, 12), now, &r).due, 9000);
    CHECK_INT(dues_month_of(&f, YM(2027, 1), now, &r).due, 2000); /* retired: 4000 × 0.5% */
    /* Owed over the year: Jan..Aug (the current month is not yet owed). */
    struct dues_status s;
    dues_status_of(&f, YM(2026, 9), &r, &s);
    CHECK_INT(s.amount_owed, 0 + 6 * 1500 + 2 * 9000 + (YM(2026, 1) - YM(2020, 5)) * 1500);
    CHECK_INT(dues_amount_for(&f, YM(2026, 1), YM(2026, 12), &r), 6 * 1500 + 6 * 9000);
}

TEST(dues_waivers_reductions_deferrals)
{
    struct dues_rules r = rules();
    struct dues_adjust a[] = {{YM(2026, 3), YM(2026, 5), DUES_WAIVE, 0},
                              {YM(2026, 8), YM(2026, 9), DUES_REDUCE, 100},
                              {YM(2026, 10), YM(2026, 11), DUES_DEFER, 0}};
    struct dues_facts f = facts(YM(2025, 1), NULL, 0);
    f.adjusts = a;
    f.nadjusts = 3;
    int now = YM(2026, 12);
    struct dues_month m = dues_month_of(&f, YM(2026, 2), now, &r);
    CHECK_INT(m.state, DUES_UNPAID);
    CHECK_INT(m.due, 1500);
    for (int ym = YM(2026, 3); ym <= YM(2026, 5); ym++) {
        m = dues_month_of(&f, ym, now, &r);
        CHECK_INT(m.state, DUES_WAIVED);
        CHECK_INT(m.due, 0);
    }
    m = dues_month_of(&f, YM(2026, 6), now, &r);
    CHECK_INT(m.due, 1500);
    m = dues_month_of(&f, YM(2026, 8), now, &r);
    CHECK_INT(m.due, 100);
    CHECK_INT(m.state, DUES_UNPAID);
    m = dues_month_of(&f, YM(2026, 10), now, &r);
    CHECK_INT(m.due, 1500);
    CHECK_INT(m.state, DUES_UNPAID);
    CHECK(m.deferred);
    CHECK(!dues_month_of(&f, YM(2026, 12), now, &r).deferred);
    /* Waived months are neither owed nor break 交至. */
    struct dues_paid paid[24];
    int np = pay_months(paid, YM(2025, 1), YM(2026, 2), 1500);
    paid[np++] = (struct dues_paid){YM(2026, 6), 1500};
    f.paid = paid;
    f.npaid = np;
    struct dues_status s;
    dues_status_of(&f, YM(2026, 7), &r, &s);
    CHECK_STR(ymtext(s.paid_through_ym), "2026-06");
    CHECK_INT(s.months_owed, 0);
    CHECK_INT(s.amount_owed, 0);
    /* Later: a deferral between unpaid months breaks the run of months unpaid without reason. */
    dues_status_of(&f, YM(2027, 1), &r, &s);
    CHECK_INT(s.months_owed, 6);            /* 2026-07..12 */
    CHECK_INT(s.amount_owed, 1500 + 100 * 2 + 1500 * 3);
    CHECK_INT(s.unpaid_run, 3);             /* 07..09 ; 10..11 deferred ; 12 */
}

TEST(dues_admission_mid_month)
{
    struct dues_rules r = rules();
    /* Admitted on 20 March: owes March in full. */
    struct dues_facts f = facts(dues_ym_of_date((struct zdate){2026, 3, 20}), NULL, 0);
    int now = YM(2026, 5);
    CHECK_INT(dues_month_of(&f, YM(2026, 2), now, &r).state, DUES_NOT_DUE);
    CHECK_INT(dues_month_of(&f, YM(2026, 3), now, &r).state, DUES_UNPAID);
    CHECK_INT(dues_month_of(&f, YM(2026, 3), now, &r).due, 1500);
    struct dues_status s;
    dues_status_of(&f, now, &r, &s);
    CHECK_INT(s.months_owed, 2); /* March, April */
    CHECK_INT(s.amount_owed, 3000);
    CHECK_STR(ymtext(s.paid_through_ym), "2026-02"); /* join - 1: nothing paid */
    CHECK(!s.needs_talk);
    /* Admitted this month: nothing owed yet. */
    dues_status_of(&f, YM(2026, 3), &r, &s);
    CHECK_INT(s.months_owed, 0);
    CHECK_INT(s.unpaid_run, 0);
}

TEST(dues_leaving_mid_year)
{
    struct dues_rules r = rules();
    struct dues_paid paid[12];
    int np = pay_months(paid, YM(2026, 1), YM(2026, 4), 1500);
    struct dues_facts f = facts(YM(2020, 1), NULL, 0);
    f.join_ym = YM(2026, 1);
    f.leave_ym = YM(2026, 6);
    f.paid = paid;
    f.npaid = np;
    int now = YM(2026, 11);
    struct dues_month m = dues_month_of(&f, YM(2026, 7), now, &r);
    CHECK_INT(m.state, DUES_NOT_DUE);
    CHECK_INT(m.due, 0);
    CHECK_INT(dues_month_of(&f, YM(2026, 6), now, &r).state, DUES_UNPAID);
    struct dues_status s;
    dues_status_of(&f, now, &r, &s);
    CHECK_INT(s.months_owed, 2); /* May, June: nothing after leaving */
    CHECK_INT(s.amount_owed, 3000);
    CHECK_STR(ymtext(s.paid_through_ym), "2026-04");
    CHECK_INT(dues_amount_for(&f, YM(2026, 5), YM(2026, 12), &r), 3000);
    /* Settled on leaving: 交至 stops at the month of leaving. */
    paid[np++] = (struct dues_paid){YM(2026, 5), 1500};
    paid[np++] = (struct dues_paid){YM(2026, 6), 1500};
    f.npaid = np;
    dues_status_of(&f, now, &r, &s);
    CHECK_INT(s.months_owed, 0);
    CHECK_STR(ymtext(s.paid_through_ym), "2026-06");
}

TEST(dues_owed_across_year_end)
{
    struct dues_rules r = rules();
    struct dues_paid paid[24];
    int np = pay_months(paid, YM(2025, 1), YM(2025, 11), 1500);
    struct dues_facts f = facts(YM(2025, 1), paid, np);
    struct dues_status s;
    dues_status_of(&f, YM(2026, 2), &r, &s);
    CHECK_STR(ymtext(s.paid_through_ym), "2025-11");
    CHECK_INT(s.months_owed, 2); /* 2025-12, 2026-01 */
    CHECK_INT(s.amount_owed, 3000);
    CHECK_INT(s.unpaid_run, 2);
    CHECK(!s.needs_talk);
    CHECK(!s.lapse);
    dues_status_of(&f, YM(2026, 3), &r, &s);
    CHECK_INT(s.months_owed, 3);
    CHECK(s.needs_talk);
}

TEST(dues_advance_payment_next_year)
{
    struct dues_rules r = rules();
    struct dues_paid paid[30];
    int np = pay_months(paid, YM(2025, 1), YM(2026, 12), 1500);
    struct dues_facts f = facts(YM(2025, 1), paid, np);
    int now = YM(2025, 6);
    struct dues_status s;
    dues_status_of(&f, now, &r, &s);
    CHECK_STR(ymtext(s.paid_through_ym), "2026-12");
    CHECK_INT(s.months_owed, 0);
    CHECK_INT(s.amount_owed, 0);
    CHECK_INT(dues_month_of(&f, YM(2026, 3), now, &r).state, DUES_PAID);
    CHECK_INT(dues_month_of(&f, YM(2027, 1), now, &r).state, DUES_FUTURE);
    /* A gap in the advance: 交至 stops before it. */
    paid[YM(2025, 9) - YM(2025, 1)].amount = 0;
    dues_status_of(&f, now, &r, &s);
    CHECK_STR(ymtext(s.paid_through_ym), "2025-08");
    CHECK_INT(s.months_owed, 0); /* September has not come */
}

TEST(dues_partial_payment)
{
    struct dues_rules r = rules();
    struct dues_paid paid[] = {{YM(2026, 1), 1500}, {YM(2026, 2), 1000}};
    struct dues_facts f = facts(YM(2026, 1), paid, 2);
    struct dues_status s;
    dues_status_of(&f, YM(2026, 3), &r, &s);
    CHECK_STR(ymtext(s.paid_through_ym), "2026-01");
    CHECK_INT(s.months_owed, 1);
    CHECK_INT(s.amount_owed, 500);
    CHECK_INT(s.unpaid_run, 0); /* something was paid */
    CHECK_INT(dues_amount_for(&f, YM(2026, 2), YM(2026, 3), &r), 2000);
}

TEST(dues_talk_and_lapse_thresholds)
{
    struct dues_rules r = rules();
    struct dues_paid paid[24];
    int np = pay_months(paid, YM(2025, 1), YM(2025, 12), 1500);
    struct dues_facts f = facts(YM(2025, 1), paid, np);
    struct dues_status s;
    dues_status_of(&f, YM(2026, 3), &r, &s); /* Jan, Feb owed */
    CHECK_INT(s.months_owed, 2);
    CHECK(!s.needs_talk);
    dues_status_of(&f, YM(2026, 4), &r, &s); /* exactly 3 */
    CHECK_INT(s.months_owed, 3);
    CHECK(s.needs_talk);
    CHECK(!s.lapse);
    dues_status_of(&f, YM(2026, 6), &r, &s); /* 5 in a row */
    CHECK_INT(s.unpaid_run, 5);
    CHECK(!s.lapse);
    dues_status_of(&f, YM(2026, 7), &r, &s); /* 6 in a row */
    CHECK_INT(s.unpaid_run, 6);
    CHECK(s.lapse);
    CHECK(s.needs_talk);
    /* Six owed but not in a row (March paid): talk, no lapse. */
    paid[np++] = (struct dues_paid){YM(2026, 3), 1500};
    f.npaid = np;
    dues_status_of(&f, YM(2026, 8), &r, &s);
    CHECK_INT(s.months_owed, 6);
    CHECK_INT(s.unpaid_run, 4);
    CHECK(s.needs_talk);
    CHECK(!s.lapse);
    /* Thresholds come from the rules. */
    r.arrears_talk_months = 7;
    r.arrears_lapse_months = 4;
    dues_status_of(&f, YM(2026, 8), &r, &s);
    CHECK(!s.needs_talk);
    CHECK(s.lapse);
}

TEST(dues_deferral_breaks_lapse_run)
{
    struct dues_rules r = rules();
    struct dues_adjust a[] = {{YM(2026, 3), YM(2026, 3), DUES_DEFER, 0}};
    struct dues_facts f = facts(YM(2026, 1), NULL, 0);
    f.adjusts = a;
    f.nadjusts = 1;
    struct dues_status s;
    dues_status_of(&f, YM(2026, 7), &r, &s); /* Jan..Jun unpaid, March deferred */
    CHECK_INT(s.months_owed, 6);             /* still owed */
    CHECK_INT(s.amount_owed, 9000);
    CHECK_INT(s.unpaid_run, 3);              /* Apr..Jun */
    CHECK(s.needs_talk);
    CHECK(!s.lapse);
    f.nadjusts = 0;
    dues_status_of(&f, YM(2026, 7), &r, &s);
    CHECK_INT(s.unpaid_run, 6);
    CHECK(s.lapse);
}

TEST(dues_allocate_in_order)
{
    struct dues_rules r = rules();
    struct dues_paid pre[] = {{YM(2026, 3), 1000}};
    struct dues_facts f = facts(YM(2026, 1), pre, 1);
    struct dues_paid out[12];
    int n = dues_allocate(&f, YM(2026, 3), YM(2026, 5), 3500, &r, out);
    /* March takes what it still lacks */
    CHECK_ALLOC(out, n, {YM(2026, 3), 500}, {YM(2026, 4), 1500}, {YM(2026, 5), 1500});
    /* Short: later months get nothing. */
    n = dues_allocate(&f, YM(2026, 3), YM(2026, 5), 1200, &r, out);
    CHECK_ALLOC(out, n, {YM(2026, 3), 500}, {YM(2026, 4), 700});
    CHECK_INT(dues_amount_for(&f, YM(2026, 3), YM(2026, 5), &r), 3500);
    CHECK_INT(dues_allocate(&f, YM(2026, 3), YM(2026, 5), 0, &r, out), 0);
    CHECK_INT(dues_allocate(&f, YM(2026, 5), YM(2026, 3), 1500, &r, out), 0);
}

TEST(dues_allocate_over_waived_month_and_overpayment)
{
    struct dues_rules r = rules();
    struct dues_adjust a[] = {{YM(2026, 4), YM(2026, 4), DUES_WAIVE, 0}};
    struct dues_facts f = facts(YM(2026, 1), NULL, 0);
    f.adjusts = a;
    f.nadjusts = 1;
    struct dues_paid out[12];
    int n = dues_allocate(&f, YM(2026, 3), YM(2026, 5), 3000, &r, out);
    CHECK_ALLOC(out, n, {YM(2026, 3), 1500}, {YM(2026, 5), 1500});
    CHECK_INT(dues_amount_for(&f, YM(2026, 3), YM(2026, 5), &r), 3000);
    /* Overpayment stays visible on the last month. */
    n = dues_allocate(&f, YM(2026, 3), YM(2026, 5), 5000, &r, out);
    CHECK_ALLOC(out, n, {YM(2026, 3), 1500}, {YM(2026, 5), 3500});
    /* The last month of the range is waived: the rest goes to the last month that is due. */
    n = dues_allocate(&f, YM(2026, 3), YM(2026, 4), 2000, &r, out);
    CHECK_ALLOC(out, n, {YM(2026, 3), 2000});
    /* Months already paid take only the overpayment. */
    struct dues_paid pre[] = {{YM(2026, 3), 1500}, {YM(2026, 5), 1500}};
    f.paid = pre;
    f.npaid = 2;
    n = dues_allocate(&f, YM(2026, 3), YM(2026, 5), 800, &r, out);
    CHECK_ALLOC(out, n, {YM(2026, 5), 800});
    CHECK_INT(dues_amount_for(&f, YM(2026, 3), YM(2026, 5), &r), 0);
    /* Only waived months: nothing can be allocated. */
    CHECK_INT(dues_allocate(&f, YM(2026, 4), YM(2026, 4), 1500, &r, out), 0);
}

TEST(dues_allocate_skips_months_not_due)
{
    struct dues_rules r = rules();
    struct dues_facts f = facts(YM(2026, 3), NULL, 0);
    f.leave_ym = YM(2026, 4);
    struct dues_paid out[12];
    int n = dues_allocate(&f, YM(2026, 1), YM(2026, 6), 4000, &r, out);
    CHECK_ALLOC(out, n, {YM(2026, 3), 1500}, {YM(2026, 4), 2500});
    CHECK_INT(dues_allocate(&f, YM(2026, 5), YM(2026, 6), 1500, &r, out), 0);
    CHECK_INT(dues_amount_for(&f, YM(2026, 1), YM(2026, 12), &r), 3000);
}

TEST(dues_check_payment_messages)
{
    struct dues_facts f = facts(YM(2025, 3), NULL, 0);
    struct zdate today = {2026, 5, 15};
    int a = YM(2026, 1), b = YM(2026, 3);
    CHECK(dues_check_payment(&f, a, b, 4500, "2026-05-15", today, MSG, sizeof MSG) == NULL);
    CHECK(dues_check_payment(&f, YM(2025, 3), YM(2027, 2), 4500, "2026-05-01", today, MSG, sizeof MSG) == NULL); /* 24 */
    CHECK_STR(dues_check_payment(&f, a, b, 0, "2026-05-15", today, MSG, sizeof MSG), "金额须大于零");
    CHECK_STR(dues_check_payment(&f, a, b, -100, "2026-05-15", today, MSG, sizeof MSG), "金额须大于零");
    CHECK_STR(dues_check_payment(&f, a, b, DUES_MAX_AMOUNT + 1, "2026-05-15", today, MSG, sizeof MSG),
              "金额过大（单笔不能超过10万元）");
    CHECK(dues_check_payment(&f, a, b, DUES_MAX_AMOUNT, "2026-05-15", today, MSG, sizeof MSG) == NULL);
    CHECK_STR(dues_check_payment(&f, b, a, 4500, "2026-05-15", today, MSG, sizeof MSG), "起止月份有误");
    CHECK_STR(dues_check_payment(&f, -1, b, 4500, "2026-05-15", today, MSG, sizeof MSG), "起止月份有误");
    CHECK_STR(dues_check_payment(&f, YM(2025, 2), b, 4500, "2026-05-15", today, MSG, sizeof MSG),
              "不能为入党前的月份交党费");
    CHECK_STR(dues_check_payment(&f, YM(2025, 3), YM(2027, 3), 4500, "2026-05-15", today, MSG, sizeof MSG),
              "一次最多交24个月");
    CHECK_STR(dues_check_payment(&f, a, b, 4500, "2026-02-30", today, MSG, sizeof MSG), "2026年2月没有30日");
    CHECK_STR(dues_check_payment(&f, a, b, 4500, "2026/05/15", today, MSG, sizeof MSG),
              "日期格式应为 YYYY-MM-DD（如 2026-03-05）");
    CHECK_STR(dues_check_payment(&f, a, b, 4500, "", today, MSG, sizeof MSG), "日期格式应为 YYYY-MM-DD（如 2026-03-05）");
    CHECK_STR(dues_check_payment(&f, a, b, 4500, "2026-05-16", today, MSG, sizeof MSG), "交费日期不能晚于今天");
    f.leave_ym = YM(2026, 2);
    CHECK_STR(dues_check_payment(&f, a, b, 4500, "2026-05-15", today, MSG, sizeof MSG), "不能为离开名册后的月份交党费");
    CHECK(dues_check_payment(&f, a, YM(2026, 2), 3000, "2026-05-15", today, MSG, sizeof MSG) == NULL);
    /* A range with nothing due at all is refused (the allocation would have nowhere to go). */
    struct dues_adjust w[] = {{YM(2026, 1), YM(2026, 2), DUES_WAIVE, 0}};
    f.adjusts = w;
    f.nadjusts = 1;
    CHECK_STR(dues_check_payment(&f, a, YM(2026, 2), 3000, "2026-05-15", today, MSG, sizeof MSG),
              "所选月份均已免交，无需交党费");
    CHECK(dues_check_payment(&f, YM(2025, 12), YM(2026, 2), 3000, "2026-05-15", today, MSG, sizeof MSG) == NULL);
}

TEST(dues_base_missing_for_employed_without_base)
{
    struct dues_basis bases[] = {{.from_ym = 24300, .category = "employed", .base_fen = 0},
                                 {.from_ym = 24306, .category = "employed", .base_fen = 350000},
                                 {.from_ym = 24310, .category = "farmer", .base_fen = 0}};
    struct dues_facts f = {.join_ym = 24300, .bases = bases, .nbases = 3};
    CHECK(dues_base_missing(&f, 24300));
    CHECK(dues_base_missing(&f, 24305));
    CHECK(!dues_base_missing(&f, 24306));
    CHECK(!dues_base_missing(&f, 24311)); /* farmers have no base */
    struct dues_facts none = {.join_ym = 24300};
    CHECK(!dues_base_missing(&none, 24300));
}

/* Months before the branch's ledger began are not counted: nothing owed for them, paid_through
 * runs over them, and a payment for them is refused with its own sentence. */
TEST(dues_ledger_start_limits_arrears)
{
    static const struct dues_rules R = {.farmer_amount = 50, .flat_amount = 20,
                                        .arrears_talk_months = 3, .arrears_lapse_months = 6};
    struct dues_basis b[] = {{.from_ym = 0, .category = "farmer"}};
    int join = dues_ym(2001, 7), start = dues_ym(2026, 9), now = dues_ym(2026, 11);
    struct dues_facts f = {.join_ym = join, .start_ym = start, .bases = b, .nbases = 1};
    struct dues_status st;
    dues_status_of(&f, now, &R, &st);
    CHECK_INT(st.months_owed, 2);                  /* September and October only */
    CHECK_INT(st.paid_through_ym, start - 1);
    CHECK(!st.needs_talk);
    CHECK_INT(dues_month_of(&f, dues_ym(2026, 8), now, &R).state, DUES_NOT_DUE);
    CHECK_STR(dues_check_payment(&f, dues_ym(2026, 8), dues_ym(2026, 9), 100, "2026-11-01",
                                 (struct zdate){2026, 11, 21}, MSG, sizeof MSG),
              "不能为党费台账起始月份之前的月份交党费");
    f.start_ym = 0;
    dues_status_of(&f, now, &R, &st);
    CHECK(st.months_owed > 300);                   /* without a start: every month since 2001 */
}

/* The months of a member's row as stored, which the store's loads of dues facts used to work out
 * themselves (store/dues_db.c): admission, leaving, the start after a transfer in. */
TEST(dues_months_of_stored_rows)
{
    CHECK_INT(dues_join_ym("2020-05-31", "2026-01-02T08:00:00Z"), dues_ym(2020, 5));
    CHECK_INT(dues_join_ym("", "2026-01-02T08:00:00Z"), dues_ym(2026, 1)); /* entered */
    CHECK_INT(dues_join_ym("2020-02-30", "2026-01-02 08:00"), dues_ym(2026, 1));
    CHECK_INT(dues_join_ym(NULL, NULL), 0);
    CHECK_INT(dues_join_ym("", "bad"), 0);

    int join = dues_ym(2020, 5);
    CHECK_INT(dues_leave_ym_of("", "2026-03-15", "", join, ""), 0);          /* on the roster */
    CHECK_INT(dues_leave_ym_of("died", "2026-03-15", "", join, ""), dues_ym(2026, 3));
    CHECK_INT(dues_leave_ym_of("died", "2026-03-01", "", join, ""), dues_ym(2026, 2));
    CHECK_INT(dues_leave_ym_of("died", "", "2026-04-10T09:00:00Z", join, ""), dues_ym(2026, 4));
    CHECK_INT(dues_leave_ym_of("died", "", "", join, ""), join);
    /* the letter's 党费交至 counts only for one transferred out */
    CHECK_INT(dues_leave_ym_of("transferred", "2026-03-15", "", join, "2026-01"), dues_ym(2026, 1));
    CHECK_INT(dues_leave_ym_of("died", "2026-03-15", "", join, "2026-01"), dues_ym(2026, 3));
    CHECK_INT(dues_leave_ym_of("transferred", "2019-03-15", "", join, ""), join - 1);

    int start = dues_ym(2025, 1);
    CHECK_INT(dues_member_start(start, NULL, NULL), start);
    CHECK_INT(dues_member_start(start, "2026-02", "2026-04-10"), dues_ym(2026, 3));
    CHECK_INT(dues_member_start(start, "", "2026-04-10"), dues_ym(2026, 4));
    CHECK_INT(dues_member_start(start, "2024-06", "2024-08-01"), start); /* never before */
}

/* Two payments checked in a row keep their own sentences (each in its caller's buffer). */
TEST(dues_check_payment_two_calls_keep_their_messages)
{
    struct dues_facts f = facts(YM(2025, 3), NULL, 0);
    struct zdate today = {2026, 5, 15};
    char b1[ZB_MSG_MAX], b2[ZB_MSG_MAX];
    const char *m1 = dues_check_payment(&f, YM(2026, 1), YM(2026, 3), 4500, "2026-02-30", today, b1, sizeof b1);
    const char *m2 = dues_check_payment(&f, YM(2026, 1), YM(2026, 3), 4500, "2026-04-31", today, b2, sizeof b2);
    CHECK_STR(m1, "2026年2月没有30日");
    CHECK_STR(m2, "2026年4月没有31日");
}
