/* test_circular.c — 通报's rule (core/circular.c) on hand-made districts: the final verdict,
 * the three figures and their ties, no branches, no verdicts, branches behind 1 vs 2 months,
 * quarters, the district overturning both ways, orders on time, late, not done. */
#include <stdio.h>
#include <string.h>

#include "test.h"
#include "zhibu/circular.h"
#include "zhibu/config.h"

#define NM 12
#define MAXB 8

/* A district under construction: the window is the 12 months ending with `last`. */
struct fx {
    struct circ_township t[6];
    struct circ_branch b[MAXB];
    struct circ_cell c[MAXB * NM];
    struct circ_order o[16];
    int nt, nb, no;
    struct circ_input in;
    struct circular_rules r;
};

static void fx_init(struct fx *f, int year, int month, int period_months)
{
    memset(f, 0, sizeof *f);
    f->r.behind_months = 2;
    f->r.trend_months = 12;
    f->in.first = (struct zmonth){year, month};
    f->in.period_months = period_months;
    f->in.today = (struct zdate){2027, 6, 1};
    f->in.nmonths = NM;
    f->in.window_first = zmonth_add(f->in.first, period_months - NM);
}

static int fx_town(struct fx *f, const char *code)
{
    snprintf(f->t[f->nt].code, sizeof f->t[0].code, "%s", code);
    snprintf(f->t[f->nt].name, sizeof f->t[0].name, "%s镇", code);
    f->t[f->nt].id = f->nt + 1;
    return f->nt++;
}

static int fx_branch(struct fx *f, int town, const char *code)
{
    snprintf(f->b[f->nb].code, sizeof f->b[0].code, "%s", code);
    f->b[f->nb].township = town;
    f->b[f->nb].id = f->nb + 1;
    return f->nb++;
}

/* months back from the window's last month: 0 = the last */
static struct circ_cell *cell(struct fx *f, int b, int back)
{
    return &f->c[b * NM + (NM - 1 - back)];
}

static void fx_set(struct fx *f, int b, int back, int township, int district)
{
    cell(f, b, back)->township = (unsigned char)township;
    cell(f, b, back)->district = (unsigned char)district;
}

static void fx_order(struct fx *f, int b, const char *deadline, int status, const char *done)
{
    struct circ_order *o = &f->o[f->no++];
    o->branch = b;
    date_parse(deadline, &o->deadline);
    o->month = zmonth_of_date(o->deadline);
    o->status = status;
    if (done) date_parse(done, &o->done_at);
}

static int fx_run(struct fx *f, struct circ_result *res)
{
    f->in.townships = f->t;
    f->in.ntownships = f->nt;
    f->in.branches = f->b;
    f->in.nbranches = f->nb;
    f->in.cells = f->c;
    f->in.orders = f->o;
    f->in.norders = f->no;
    return circular_compute(&f->in, &f->r, res);
}

static const char *code_at(struct fx *f, const struct circ_result *res, int i)
{
    return f->t[res->rows[i].township].code;
}

TEST(circular_final_verdict_district_first)
{
    struct circ_cell c = {CV_PASS, CV_NONE, CE_NONE};
    CHECK_INT(circ_final(&c), CV_PASS);
    c.district = CV_FAIL;
    CHECK_INT(circ_final(&c), CV_FAIL);
    c.township = CV_NONE;
    c.district = CV_NONE;
    CHECK_INT(circ_final(&c), CV_NONE);
    CHECK_INT(circ_verdict_of_code("rectify"), CV_RECTIFY);
    CHECK_INT(circ_verdict_of_code(""), CV_NONE);
    CHECK_STR(circ_verdict_label(CV_NONE), "未审");
}

TEST(circular_ranks_by_pass_share)
{
    struct fx f;
    fx_init(&f, 2026, 10, 1);
    int a = fx_town(&f, "A"), b = fx_town(&f, "B");
    int a1 = fx_branch(&f, a, "A1"), a2 = fx_branch(&f, a, "A2");
    int b1 = fx_branch(&f, b, "B1"), b2 = fx_branch(&f, b, "B2");
    fx_set(&f, a1, 0, CV_PASS, CV_NONE);
    fx_set(&f, a2, 0, CV_FAIL, CV_NONE);
    fx_set(&f, b1, 0, CV_PASS, CV_NONE);
    fx_set(&f, b2, 0, CV_PASS, CV_NONE);
    struct circ_result res;
    CHECK_INT(fx_run(&f, &res), 0);
    CHECK_INT(res.nrows, 2);
    CHECK_STR(code_at(&f, &res, 0), "B");
    CHECK_INT(res.rows[0].rank, 1);
    CHECK_INT(res.rows[0].pass, 2);
    CHECK_INT(res.rows[1].pass, 1);
    CHECK_INT(res.rows[1].fail, 1);
    CHECK_INT(res.rows[1].rank, 2);
    CHECK_INT(res.total.branches, 4);
    CHECK_INT(res.total.pass, 3);
    char t[16];
    circ_ratio_text(res.rows[1].pass_share, t, sizeof t);
    CHECK_STR(t, "50.0%");
    circ_ratio_text(res.total.pass_share, t, sizeof t);
    CHECK_STR(t, "75.0%");
    circular_result_free(&res);
}

TEST(circular_ties_share_rank_by_code)
{
    struct fx f;
    fx_init(&f, 2026, 10, 1);
    /* C, A, B entered out of order; A and C equal on everything, B better */
    int c = fx_town(&f, "C"), a = fx_town(&f, "A"), b = fx_town(&f, "B");
    fx_set(&f, fx_branch(&f, c, "C1"), 0, CV_PASS, CV_NONE);
    fx_set(&f, fx_branch(&f, c, "C2"), 0, CV_FAIL, CV_NONE);
    fx_set(&f, fx_branch(&f, a, "A1"), 0, CV_FAIL, CV_NONE);
    fx_set(&f, fx_branch(&f, a, "A2"), 0, CV_PASS, CV_NONE);
    fx_set(&f, fx_branch(&f, b, "B1"), 0, CV_PASS, CV_NONE);
    struct circ_result res;
    CHECK_INT(fx_run(&f, &res), 0);
    CHECK_STR(code_at(&f, &res, 0), "B");
    CHECK_STR(code_at(&f, &res, 1), "A");
    CHECK_STR(code_at(&f, &res, 2), "C");
    CHECK_INT(res.rows[0].rank, 1);
    CHECK_INT(res.rows[1].rank, 2);
    CHECK_INT(res.rows[2].rank, 2); /* 并列 */
    circular_result_free(&res);
}

TEST(circular_second_key_on_time_third_overturn)
{
    struct fx f;
    fx_init(&f, 2026, 10, 1);
    int a = fx_town(&f, "A"), b = fx_town(&f, "B"), c = fx_town(&f, "C");
    int a1 = fx_branch(&f, a, "A1"), b1 = fx_branch(&f, b, "B1"), c1 = fx_branch(&f, c, "C1");
    /* all 合格 after 复审 (50% would be the same too): A and B tie on pass share */
    fx_set(&f, a1, 0, CV_PASS, CV_NONE);
    fx_set(&f, b1, 0, CV_PASS, CV_NONE);
    fx_set(&f, c1, 0, CV_PASS, CV_NONE);
    /* A: its one order due in October done late; B: done on the deadline day; C: the same */
    fx_order(&f, a1, "2026-10-15", CO_DONE, "2026-10-16");
    fx_order(&f, b1, "2026-10-15", CO_CONFIRMED, "2026-10-15");
    fx_order(&f, c1, "2026-10-15", CO_DONE, "2026-10-15");
    /* C's verdict overturned once of two (in the window but before the period: not counted) */
    fx_set(&f, c1, 1, CV_PASS, CV_FAIL);
    /* this month: C re-reviewed and overturned fail → pass; B re-reviewed and upheld */
    fx_set(&f, c1, 0, CV_FAIL, CV_PASS);
    fx_set(&f, b1, 0, CV_PASS, CV_PASS);
    struct circ_result res;
    CHECK_INT(fx_run(&f, &res), 0);
    CHECK_STR(code_at(&f, &res, 0), "B");
    CHECK_STR(code_at(&f, &res, 1), "C");
    CHECK_STR(code_at(&f, &res, 2), "A");
    CHECK_INT(res.rows[0].orders_on_time, 1);
    CHECK_INT(res.rows[1].overturned, 1);
    CHECK_INT(res.rows[1].looser, 1);
    CHECK_INT(res.rows[1].stricter, 0);
    CHECK_INT(res.rows[1].district_given, 1);
    CHECK_INT(res.rows[2].orders_late, 1);
    CHECK_INT(res.rows[2].orders_on_time, 0);
    CHECK_INT(res.rows[2].overturn.den, 0); /* A never re-reviewed */
    CHECK_INT(res.rows[2].rank, 3);
    circular_result_free(&res);
}

TEST(circular_orders_due_in_period_only)
{
    struct fx f;
    fx_init(&f, 2026, 10, 1);
    f.in.today = (struct zdate){2026, 10, 20};
    int a = fx_town(&f, "A");
    int a1 = fx_branch(&f, a, "A1");
    fx_order(&f, a1, "2026-10-01", CO_OPEN, NULL);                   /* not done: due, open */
    fx_order(&f, a1, "2026-10-10", CO_DONE, "2026-10-11");            /* late */
    fx_order(&f, a1, "2026-10-19", CO_CONFIRMED, "2026-10-19");       /* on the day */
    fx_order(&f, a1, "2026-10-20", CO_OPEN, NULL);                   /* deadline today: not over */
    fx_order(&f, a1, "2026-09-30", CO_OPEN, NULL);                   /* before the period */
    fx_order(&f, a1, "2026-11-01", CO_DONE, "2026-10-02");            /* after the period */
    struct circ_result res;
    CHECK_INT(fx_run(&f, &res), 0);
    CHECK_INT(res.rows[0].orders_due, 3);
    CHECK_INT(res.rows[0].orders_open, 1);
    CHECK_INT(res.rows[0].orders_late, 1);
    CHECK_INT(res.rows[0].orders_on_time, 1);
    char t[16];
    circ_ratio_text(res.rows[0].on_time, t, sizeof t);
    CHECK_STR(t, "33.3%");
    circular_result_free(&res);
}

TEST(circular_no_branches_and_no_verdicts)
{
    struct fx f;
    fx_init(&f, 2026, 10, 1);
    int a = fx_town(&f, "A"), e = fx_town(&f, "E"), n = fx_town(&f, "N");
    fx_set(&f, fx_branch(&f, a, "A1"), 0, CV_FAIL, CV_NONE);
    int n1 = fx_branch(&f, n, "N1"); /* N: a branch with no verdict at all */
    (void)e;                         /* E: no branches */
    struct circ_result res;
    CHECK_INT(fx_run(&f, &res), 0);
    /* A and N both 0% (0 of 1); E has no share ("—") and comes last */
    CHECK_STR(code_at(&f, &res, 0), "A");
    CHECK_STR(code_at(&f, &res, 1), "N");
    CHECK_STR(code_at(&f, &res, 2), "E");
    CHECK_INT(res.rows[1].rank, 1);
    CHECK_INT(res.rows[1].unreviewed, 1);
    CHECK_INT(res.rows[1].pass, 0);
    CHECK_INT(res.rows[2].branches, 0);
    CHECK_INT(res.rows[2].pass_share.den, 0);
    CHECK_INT(res.rows[2].rank, 3);
    char t[16];
    circ_ratio_text(res.rows[2].pass_share, t, sizeof t);
    CHECK_STR(t, "—");
    /* N1 never reviewed: 未审 from the district's first month on record (October: A's first
     * verdict), one month, not behind; A1 neither */
    CHECK_INT(res.nbehind, 0);
    (void)n1;
    CHECK_INT(res.total.unreviewed, 1);
    circular_result_free(&res);

    /* the district began in August (N's verdict): N1 behind from there, three months */
    fx_set(&f, n1, 2, CV_FAIL, CV_NONE);
    CHECK_INT(fx_run(&f, &res), 0);
    CHECK_INT(res.nbehind, 1);
    CHECK_INT(res.behind[0].branch, n1);
    CHECK_INT(res.behind[0].months, 3);
    circular_result_free(&res);

    /* nothing on record anywhere: every share "—", nobody behind */
    fx_set(&f, n1, 2, CV_NONE, CV_NONE);
    fx_set(&f, 0, 0, CV_NONE, CV_NONE);
    CHECK_INT(fx_run(&f, &res), 0);
    CHECK_INT(res.nbehind, 0);
    CHECK_INT(res.total.branch_months, 0);
    CHECK_INT(res.total.pass_share.den, 0);
    circular_result_free(&res);

    /* a district with no townships at all */
    fx_init(&f, 2026, 10, 1);
    CHECK_INT(fx_run(&f, &res), 0);
    CHECK_INT(res.nrows, 0);
    CHECK_INT(res.nbehind, 0);
    CHECK_INT(res.total.pass_share.den, 0);
    circular_result_free(&res);
}

TEST(circular_behind_one_vs_two_months)
{
    struct fx f;
    fx_init(&f, 2026, 10, 1);
    int a = fx_town(&f, "A"), b = fx_town(&f, "B");
    int one = fx_branch(&f, a, "A1"), two = fx_branch(&f, a, "A2"), three = fx_branch(&f, b, "B1");
    int gap = fx_branch(&f, b, "B2");
    for (int i = 0; i < NM; i++) {
        fx_set(&f, one, i, CV_PASS, CV_NONE);
        fx_set(&f, two, i, CV_PASS, CV_NONE);
        fx_set(&f, three, i, CV_PASS, CV_NONE);
        fx_set(&f, gap, i, CV_PASS, CV_NONE);
    }
    fx_set(&f, one, 0, CV_RECTIFY, CV_NONE);       /* only October */
    fx_set(&f, two, 0, CV_FAIL, CV_NONE);          /* September and October */
    fx_set(&f, two, 1, CV_RECTIFY, CV_NONE);
    fx_set(&f, three, 0, CV_PASS, CV_FAIL);        /* district: fail, three months */
    fx_set(&f, three, 1, CV_NONE, CV_NONE);        /* 未审 counts as not 合格 */
    fx_set(&f, three, 2, CV_FAIL, CV_NONE);
    fx_set(&f, gap, 0, CV_FAIL, CV_NONE);          /* not 合格 in Oct and Aug, 合格 in Sep */
    fx_set(&f, gap, 2, CV_FAIL, CV_NONE);
    struct circ_result res;
    CHECK_INT(fx_run(&f, &res), 0);
    CHECK_INT(res.nbehind, 2);
    CHECK_INT(res.behind[0].branch, three); /* longest first */
    CHECK_INT(res.behind[0].months, 3);
    CHECK_INT(res.behind[0].from.month, 8);
    CHECK_INT(res.behind[1].branch, two);
    CHECK_INT(res.behind[1].months, 2);
    CHECK_INT(res.behind[1].from.month, 9);
    CHECK_INT(res.total.behind, 2);
    circular_result_free(&res);

    /* the threshold from the rules: 1 names A1 and B2 too, 3 only B1 */
    f.r.behind_months = 1;
    CHECK_INT(fx_run(&f, &res), 0);
    CHECK_INT(res.nbehind, 4);
    circular_result_free(&res);
    f.r.behind_months = 3;
    CHECK_INT(fx_run(&f, &res), 0);
    CHECK_INT(res.nbehind, 1);
    circular_result_free(&res);
}

TEST(circular_quarter_aggregates_branch_months)
{
    struct fx f;
    fx_init(&f, 2026, 1, 3); /* Q1: January–March; window ends in March */
    int a = fx_town(&f, "A");
    int a1 = fx_branch(&f, a, "A1"), a2 = fx_branch(&f, a, "A2");
    fx_set(&f, a1, 0, CV_PASS, CV_NONE);    /* March */
    fx_set(&f, a1, 1, CV_PASS, CV_NONE);    /* February */
    fx_set(&f, a1, 2, CV_FAIL, CV_PASS);    /* January: overturned fail → pass */
    fx_set(&f, a1, 3, CV_PASS, CV_NONE);    /* December 2025: not in Q1 */
    fx_set(&f, a2, 0, CV_PASS, CV_FAIL);    /* March: overturned pass → fail */
    fx_set(&f, a2, 1, CV_RECTIFY, CV_NONE);
    fx_set(&f, a2, 3, CV_PASS, CV_NONE);
    fx_order(&f, a1, "2026-03-31", CO_DONE, "2026-03-31"); /* the quarter's last day: in */
    fx_order(&f, a1, "2026-04-01", CO_OPEN, NULL);          /* Q2 */
    fx_order(&f, a2, "2025-12-31", CO_OPEN, NULL);          /* Q4 of 2025 */
    fx_order(&f, a2, "2026-01-01", CO_OPEN, NULL);          /* the first day: in */
    struct circ_result res;
    CHECK_INT(fx_run(&f, &res), 0);
    const struct circ_row *r = &res.rows[0];
    CHECK_INT(r->branch_months, 6);
    CHECK_INT(r->pass, 3);
    CHECK_INT(r->fail, 1);
    CHECK_INT(r->rectify, 1);
    CHECK_INT(r->unreviewed, 1); /* A2 in January */
    CHECK_INT(r->district_given, 2);
    CHECK_INT(r->overturned, 2);
    CHECK_INT(r->stricter, 1);
    CHECK_INT(r->looser, 1);
    CHECK_INT(r->orders_due, 2);
    CHECK_INT(r->orders_on_time, 1);
    CHECK_INT(r->orders_open, 1);
    CHECK_INT(res.last.month, 3);
    CHECK_INT(res.trend_first.year, 2025);
    CHECK_INT(res.trend_first.month, 4);
    CHECK_INT(res.ntrend, 12);
    /* trend: March 1 of 2 (A2 failed by the district), December 2025 2 of 2 */
    CHECK_INT(r->trend_pass[11], 1);
    CHECK_INT(r->trend_den[11], 2);
    CHECK_INT(r->trend_pass[8], 2);
    /* A2: March fail, February rectify, January none: behind 3 months, from January */
    CHECK_INT(res.nbehind, 1);
    CHECK_INT(res.behind[0].months, 3);
    CHECK_INT(res.behind[0].from.month, 1);
    char t[64];
    circ_title((struct zmonth){2026, 1}, 3, t, sizeof t);
    CHECK_STR(t, "关于2026年第1季度执行月审月报制度情况的通报");
    circ_title((struct zmonth){2026, 11}, 1, t, sizeof t);
    CHECK_STR(t, "关于2026年11月执行月审月报制度情况的通报");
    circ_period_text((struct zmonth){2026, 10}, 3, t, sizeof t);
    CHECK_STR(t, "2026年第4季度");
    circular_result_free(&res);

    /* a quarter must begin in January, April, July or October */
    fx_init(&f, 2026, 2, 3);
    CHECK_INT(fx_run(&f, &res), -1);
    /* a window that does not end with the period's last month */
    fx_init(&f, 2026, 1, 3);
    f.in.window_first = zmonth_add(f.in.window_first, 1);
    CHECK_INT(fx_run(&f, &res), -1);
}

TEST(circular_engine_fail_township_pass)
{
    struct fx f;
    fx_init(&f, 2026, 10, 1);
    int a = fx_town(&f, "A");
    int a1 = fx_branch(&f, a, "A1"), a2 = fx_branch(&f, a, "A2");
    fx_set(&f, a1, 0, CV_PASS, CV_NONE);
    cell(&f, a1, 0)->engine = CE_FAIL;
    fx_set(&f, a2, 0, CV_FAIL, CV_NONE);
    cell(&f, a2, 0)->engine = CE_FAIL;
    struct circ_result res;
    CHECK_INT(fx_run(&f, &res), 0);
    CHECK_INT(res.rows[0].engine_fail_passed, 1);
    circular_result_free(&res);
}

TEST(circular_rules_from_config)
{
    struct config c;
    config_defaults(&c);
    CHECK_INT(c.rules.circular.behind_months, 2);
    CHECK_INT(c.rules.circular.trend_months, 12);
    CHECK_INT(circular_window(&c.rules.circular, 1), 12);
    struct circular_rules r = {13, 3};
    CHECK_INT(circular_window(&r, 3), 13);
}

TEST(circular_months_before_a_township_reported_are_off_record)
{
    struct fx f;
    fx_init(&f, 2026, 10, 1);
    int a = fx_town(&f, "A"), n = fx_town(&f, "N");
    int a1 = fx_branch(&f, a, "A1"), a2 = fx_branch(&f, a, "A2");
    int n1 = fx_branch(&f, n, "N1");
    /* A began reporting in August (A2 then; A1 only in September) */
    fx_set(&f, a2, 2, CV_PASS, CV_NONE);
    fx_set(&f, a1, 1, CV_FAIL, CV_NONE);
    fx_set(&f, a2, 1, CV_PASS, CV_NONE);
    fx_set(&f, a1, 0, CV_RECTIFY, CV_NONE);
    fx_set(&f, a2, 0, CV_PASS, CV_NONE);
    (void)n1; /* N never reported: from the district's first month (August), as 未审 */
    struct circ_result res;
    CHECK_INT(fx_run(&f, &res), 0);
    const struct circ_row *ra = res.rows[0].township == a ? &res.rows[0] : &res.rows[1];
    const struct circ_row *rn = res.rows[0].township == n ? &res.rows[0] : &res.rows[1];
    /* trend: "—" before August; August counts A1 as 未审 (A was reporting by then) */
    CHECK_INT(ra->trend_den[8], 0);
    CHECK_INT(ra->trend_den[9], 2);
    CHECK_INT(ra->trend_pass[9], 1);
    CHECK_INT(rn->trend_den[8], 0);
    CHECK_INT(rn->trend_den[9], 1);
    /* A1: not 合格 in August (未审), September, October — three months, not twelve; N1 the
     * same three (by township code: A first) */
    CHECK_INT(res.nbehind, 2);
    CHECK_INT(res.behind[0].branch, a1);
    CHECK_INT(res.behind[0].months, 3);
    CHECK_INT(res.behind[0].from.month, 8);
    CHECK_INT(res.behind[1].branch, n1);
    CHECK_INT(res.behind[1].months, 3);
    circular_result_free(&res);

    /* a quarter in whose last month A began: only that month is on record */
    fx_init(&f, 2026, 7, 3);
    a = fx_town(&f, "A");
    a1 = fx_branch(&f, a, "A1");
    fx_set(&f, a1, 0, CV_PASS, CV_NONE); /* September */
    CHECK_INT(fx_run(&f, &res), 0);
    CHECK_INT(res.rows[0].branch_months, 1);
    CHECK_INT(res.rows[0].pass, 1);
    CHECK_INT(res.rows[0].unreviewed, 0);
    circular_result_free(&res);
}
