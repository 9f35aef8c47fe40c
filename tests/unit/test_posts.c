/* Unit tests for core/posts.c */
#include "test.h"
#include "zhibu/posts.h"
#include "zhibu/text.h"
#include "zhibu/util.h"

#include <stdio.h>
#include <stdlib.h>

static char MSG[ZB_MSG_MAX]; /* the checks' sentences */

static struct zdate D(int y, int m, int d)
{
    return (struct zdate){y, m, d};
}

static const char *fmt(struct zdate d)
{
    static char buf[4][DATE_STR_LEN];
    static int n;
    char *b = buf[n++ % 4];
    date_format(d, b);
    return b;
}

static const char *label(struct zdate s, struct zdate e)
{
    static char buf[64];
    post_period_label(s, e, buf, sizeof buf);
    return buf;
}

/* A string of n copies of a (UTF-8) character, on the heap. */
static char *repeat(const char *ch, int n)
{
    size_t l = strlen(ch);
    char *s = malloc(l * (size_t)n + 1);
    for (int i = 0; i < n; i++) memcpy(s + l * (size_t)i, ch, l);
    s[l * (size_t)n] = '\0';
    return s;
}

static const struct zdate NONE = {0, 0, 0};

/* ---- ratings and catalogue ---- */

TEST(posts_ratings_codes_and_labels)
{
    CHECK_INT(code_count(POST_RATINGS), 4);
    CHECK_STR(code_label_of(POST_RATINGS, "excellent"), "优秀");
    CHECK_STR(code_label_of(POST_RATINGS, "competent"), "称职");
    CHECK_STR(code_label_of(POST_RATINGS, "basic"), "基本称职");
    CHECK_STR(code_label_of(POST_RATINGS, "incompetent"), "不称职");
    CHECK_STR(code_of_label(POST_RATINGS, "基本称职"), "basic");
}

TEST(posts_catalogue_has_twelve_valid_posts)
{
    int n = 0;
    for (const struct post_template *t = POST_CATALOGUE; t->name; t++, n++) {
        CHECK(t->name[0] != '\0');
        CHECK(t->category && t->category[0] != '\0');
        CHECK(t->duties && t->duties[0] != '\0');
        CHECK(strchr(t->duties, '\n') != NULL); /* a few lines */
        CHECK(t->wanted >= 1 && t->wanted <= 3);
        /* every shipped post passes the check a user's own post must pass */
        const char *e = post_check_post(t->name, t->category, t->duties, t->wanted, "", "");
        if (e) test_fail(__FILE__, __LINE__, "%s: %s", t->name, e);
        for (const struct post_template *u = POST_CATALOGUE; u != t; u++)
            CHECK(strcmp(u->name, t->name) != 0);
    }
    CHECK_INT(n, 12);
    CHECK_STR(POST_CATALOGUE[0].name, "政策宣传岗");
    CHECK_STR(POST_CATALOGUE[0].category, "宣传教育类");
    CHECK_STR(POST_CATALOGUE[0].duties, "宣传党的路线方针政策和惠农政策\n每月入户宣讲不少于2次\n收集反映群众意见建议");
    const char *want[] = {"政策宣传", "村务监督", "财务监督", "种植示范", "养殖示范", "致富帮扶",
                          "民事纠纷调解", "治安维护", "环境卫生", "设施维护", "信息咨询", "文明新风"};
    for (int i = 0; i < 12; i++) {
        bool found = false;
        for (const struct post_template *t = POST_CATALOGUE; t->name; t++)
            if (strstr(t->name, want[i])) found = true;
        if (!found) test_fail(__FILE__, __LINE__, "catalogue lacks %s", want[i]);
    }
}

/* ---- coverage ---- */

TEST(posts_coverage_counts_excused_office_and_left)
{
    struct coverage_member m[] = {
        {1, false, true, false},  /* eligible, holds a post */
        {2, false, true, false},  /* eligible, no post */
        {3, false, true, true},   /* excused (年老体弱) */
        {4, true, true, false},   /* committee member holding a post: not counted */
        {5, false, false, false}, /* left the roster before the day, still has an open holding */
        {6, false, true, false},  /* eligible, holds two posts */
        {7, false, true, true},   /* excused but holds a post: still outside the count */
        {8, true, false, false},  /* committee member who left: not counted at all */
    };
    struct coverage_hold h[] = {
        {1, D(2025, 3, 1), NONE},
        {4, D(2025, 3, 1), NONE},
        {5, D(2025, 3, 1), NONE},
        {6, D(2025, 3, 1), NONE},
        {6, D(2025, 4, 1), NONE},
        {7, D(2025, 3, 1), NONE},
    };
    struct coverage c;
    bool cov[8];
    post_coverage(m, 8, h, 6, D(2025, 6, 30), &c, cov);
    CHECK_INT(c.eligible, 3);
    CHECK_INT(c.covered, 2); /* member 6 counts once */
    CHECK_INT(c.excused, 2);
    CHECK_INT(c.office, 1);
    CHECK_INT(c.percent, 66); /* 2/3 rounded down */
    CHECK(cov[0]);
    CHECK(!cov[1]);
    CHECK(!cov[2]);
    CHECK(!cov[3]);
    CHECK(!cov[4]);
    CHECK(cov[5]);
    CHECK(!cov[6]);
    CHECK(!cov[7]);

    /* covered_out may be NULL */
    struct coverage c2;
    post_coverage(m, 8, h, 6, D(2025, 6, 30), &c2, NULL);
    CHECK_INT(c2.covered, 2);
    CHECK_INT(c2.percent, 66);
}

TEST(posts_coverage_member_who_left_mid_period)
{
    /* Member 2 left on 2025-05-10: the caller says on_roster per day. */
    struct coverage_member before[] = {{1, false, true, false}, {2, false, true, false}};
    struct coverage_member after[] = {{1, false, true, false}, {2, false, false, false}};
    struct coverage_hold h[] = {{2, D(2025, 1, 5), NONE}};
    struct coverage c;
    post_coverage(before, 2, h, 1, D(2025, 5, 1), &c, NULL);
    CHECK_INT(c.eligible, 2);
    CHECK_INT(c.covered, 1);
    CHECK_INT(c.percent, 50);
    post_coverage(after, 2, h, 1, D(2025, 6, 1), &c, NULL);
    CHECK_INT(c.eligible, 1);
    CHECK_INT(c.covered, 0);
    CHECK_INT(c.percent, 0);
}

TEST(posts_coverage_holding_bounds)
{
    struct coverage_member m[] = {{1, false, true, false}};
    struct coverage c;
    bool cov[1];
    /* claimed on the day: counts */
    struct coverage_hold h1[] = {{1, D(2025, 6, 30), NONE}};
    post_coverage(m, 1, h1, 1, D(2025, 6, 30), &c, cov);
    CHECK_INT(c.covered, 1);
    CHECK(cov[0]);
    /* claimed the day after: not yet */
    struct coverage_hold h2[] = {{1, D(2025, 7, 1), NONE}};
    post_coverage(m, 1, h2, 1, D(2025, 6, 30), &c, cov);
    CHECK_INT(c.covered, 0);
    CHECK(!cov[0]);
    /* ended the day before: gone */
    struct coverage_hold h3[] = {{1, D(2025, 1, 1), D(2025, 6, 29)}};
    post_coverage(m, 1, h3, 1, D(2025, 6, 30), &c, NULL);
    CHECK_INT(c.covered, 0);
    CHECK_INT(c.percent, 0);
    /* ended on the day: gone that day */
    struct coverage_hold h4[] = {{1, D(2025, 1, 1), D(2025, 6, 30)}};
    post_coverage(m, 1, h4, 1, D(2025, 6, 30), &c, NULL);
    CHECK_INT(c.covered, 0);
    /* ended the day after: still held */
    struct coverage_hold h5[] = {{1, D(2025, 1, 1), D(2025, 7, 1)}};
    post_coverage(m, 1, h5, 1, D(2025, 6, 30), &c, NULL);
    CHECK_INT(c.covered, 1);
    CHECK_INT(c.percent, 100);
    /* one post ended, another still held: covered once */
    struct coverage_hold h6[] = {{1, D(2025, 1, 1), D(2025, 3, 1)}, {1, D(2025, 3, 1), NONE}};
    post_coverage(m, 1, h6, 2, D(2025, 6, 30), &c, NULL);
    CHECK_INT(c.covered, 1);
    CHECK_INT(c.eligible, 1);
    /* a holding of someone not in the list changes nothing */
    struct coverage_hold h7[] = {{99, D(2025, 1, 1), NONE}};
    post_coverage(m, 1, h7, 1, D(2025, 6, 30), &c, NULL);
    CHECK_INT(c.covered, 0);
}

TEST(posts_coverage_nobody_eligible_is_full)
{
    struct coverage_member m[] = {{1, true, true, false}, {2, false, true, true}};
    struct coverage c;
    post_coverage(m, 2, NULL, 0, D(2025, 6, 30), &c, NULL);
    CHECK_INT(c.eligible, 0);
    CHECK_INT(c.covered, 0);
    CHECK_INT(c.office, 1);
    CHECK_INT(c.excused, 1);
    CHECK_INT(c.percent, 100);
    post_coverage(NULL, 0, NULL, 0, D(2025, 6, 30), &c, NULL);
    CHECK_INT(c.eligible, 0);
    CHECK_INT(c.percent, 100);
}

TEST(posts_coverage_percent_rounds_down)
{
    struct coverage_member m[7];
    struct coverage_hold h[6];
    for (int i = 0; i < 7; i++) m[i] = (struct coverage_member){i + 1, false, true, false};
    for (int i = 0; i < 6; i++) h[i] = (struct coverage_hold){i + 1, D(2025, 1, 1), NONE};
    struct coverage c;
    post_coverage(m, 7, h, 6, D(2025, 2, 1), &c, NULL);
    CHECK_INT(c.covered, 6);
    CHECK_INT(c.eligible, 7);
    CHECK_INT(c.percent, 85); /* 85.7 */
}

/* ---- reports ---- */

TEST(posts_report_due_bounds)
{
    struct report_due r;
    /* no report yet: the claim date counts */
    CHECK(post_report_due("2025-01-15", "", D(2025, 4, 15), 3, &r));
    CHECK_STR(fmt(r.due), "2025-04-15");
    CHECK_INT(r.days_left, 0);
    CHECK(!r.overdue); /* the due day itself */
    CHECK(post_report_due("2025-01-15", "", D(2025, 4, 16), 3, &r));
    CHECK_INT(r.days_left, -1);
    CHECK(r.overdue); /* a day later */
    CHECK(post_report_due("2025-01-15", NULL, D(2025, 4, 5), 3, &r));
    CHECK_INT(r.days_left, 10);
    CHECK(!r.overdue);
    /* the last report counts from then */
    CHECK(post_report_due("2025-01-15", "2025-04-10", D(2025, 4, 16), 3, &r));
    CHECK_STR(fmt(r.due), "2025-07-10");
    CHECK(!r.overdue);
    CHECK_INT(r.days_left, 85);
}

TEST(posts_report_due_month_end_and_year_end)
{
    struct report_due r;
    /* 11-30 + 3 months: 02-28 (clamped), 02-29 in a leap year */
    CHECK(post_report_due("2024-06-01", "2024-11-30", D(2025, 2, 28), 3, &r));
    CHECK_STR(fmt(r.due), "2025-02-28");
    CHECK(!r.overdue);
    CHECK(post_report_due("2024-06-01", "2024-11-30", D(2025, 3, 1), 3, &r));
    CHECK(r.overdue);
    CHECK_INT(r.days_left, -1);
    CHECK(post_report_due("2023-06-01", "2023-11-30", D(2024, 2, 29), 3, &r));
    CHECK_STR(fmt(r.due), "2024-02-29");
    CHECK(!r.overdue);
    /* 08-31 + 6 months */
    CHECK(post_report_due("2025-08-31", "", D(2026, 3, 1), 6, &r));
    CHECK_STR(fmt(r.due), "2026-02-28");
    CHECK(r.overdue);
    /* monthly */
    CHECK(post_report_due("2025-01-31", "", D(2025, 2, 28), 1, &r));
    CHECK_STR(fmt(r.due), "2025-02-28");
    CHECK(!r.overdue);
}

TEST(posts_report_due_bad_dates)
{
    struct report_due r = {{1, 1, 1}, 7, true};
    CHECK(!post_report_due("", "", D(2025, 4, 16), 3, &r));
    CHECK(!post_report_due("2025-02-30", "bad", D(2025, 4, 16), 3, &r));
    CHECK(!post_report_due(NULL, NULL, D(2025, 4, 16), 3, &r));
    CHECK_INT(r.days_left, 7); /* untouched */
    /* a bad report date falls back to the claim */
    CHECK(post_report_due("2025-01-15", "2025-13-01", D(2025, 4, 16), 3, &r));
    CHECK_STR(fmt(r.due), "2025-04-15");
    CHECK(r.overdue);
    /* only the report is valid */
    CHECK(post_report_due("", "2025-03-01", D(2025, 4, 16), 3, &r));
    CHECK_STR(fmt(r.due), "2025-06-01");
}

/* ---- review periods ---- */

TEST(posts_review_period_half_years)
{
    struct zdate s, e;
    post_review_period(D(2025, 1, 1), 6, &s, &e);
    CHECK_STR(fmt(s), "2025-01-01");
    CHECK_STR(fmt(e), "2025-06-30");
    CHECK_STR(label(s, e), "2025年上半年");
    post_review_period(D(2025, 6, 30), 6, &s, &e);
    CHECK_STR(fmt(s), "2025-01-01");
    CHECK_STR(fmt(e), "2025-06-30");
    post_review_period(D(2025, 7, 1), 6, &s, &e);
    CHECK_STR(fmt(s), "2025-07-01");
    CHECK_STR(fmt(e), "2025-12-31");
    CHECK_STR(label(s, e), "2025年下半年");
    post_review_period(D(2025, 12, 31), 6, &s, &e);
    CHECK_STR(fmt(s), "2025-07-01");
    CHECK_STR(fmt(e), "2025-12-31");
}

TEST(posts_review_period_years)
{
    struct zdate s, e;
    post_review_period(D(2025, 3, 15), 12, &s, &e);
    CHECK_STR(fmt(s), "2025-01-01");
    CHECK_STR(fmt(e), "2025-12-31");
    CHECK_STR(label(s, e), "2025年");
    post_review_period(D(2024, 12, 31), 12, &s, &e);
    CHECK_STR(fmt(s), "2024-01-01");
    CHECK_STR(fmt(e), "2024-12-31");
    CHECK_STR(label(s, e), "2024年");
    /* out of range steps count as a year */
    post_review_period(D(2025, 8, 1), 24, &s, &e);
    CHECK_STR(fmt(s), "2025-01-01");
    CHECK_STR(fmt(e), "2025-12-31");
    post_review_period(D(2025, 8, 1), 0, &s, &e);
    CHECK_STR(label(s, e), "2025年");
}

TEST(posts_review_period_quarters_and_odd_steps)
{
    struct zdate s, e;
    post_review_period(D(2025, 2, 14), 3, &s, &e);
    CHECK_STR(fmt(s), "2025-01-01");
    CHECK_STR(fmt(e), "2025-03-31");
    CHECK_STR(label(s, e), "2025年1-3月");
    post_review_period(D(2025, 4, 1), 3, &s, &e);
    CHECK_STR(fmt(s), "2025-04-01");
    CHECK_STR(fmt(e), "2025-06-30");
    CHECK_STR(label(s, e), "2025年4-6月");
    post_review_period(D(2025, 12, 31), 3, &s, &e);
    CHECK_STR(fmt(s), "2025-10-01");
    CHECK_STR(fmt(e), "2025-12-31");
    CHECK_STR(label(s, e), "2025年10-12月");
    /* monthly: leap February */
    post_review_period(D(2024, 2, 10), 1, &s, &e);
    CHECK_STR(fmt(s), "2024-02-01");
    CHECK_STR(fmt(e), "2024-02-29");
    CHECK_STR(label(s, e), "2024年2月");
    /* 5 does not divide 12: Jan-May, Jun-Oct, Nov-Dec */
    post_review_period(D(2025, 11, 20), 5, &s, &e);
    CHECK_STR(fmt(s), "2025-11-01");
    CHECK_STR(fmt(e), "2025-12-31");
    CHECK_STR(label(s, e), "2025年11-12月");
    post_review_period(D(2025, 6, 1), 5, &s, &e);
    CHECK_STR(label(s, e), "2025年6-10月");
    /* 4 months */
    post_review_period(D(2025, 8, 31), 4, &s, &e);
    CHECK_STR(fmt(s), "2025-05-01");
    CHECK_STR(fmt(e), "2025-08-31");
}

TEST(posts_period_label_other_spans_and_small_buffer)
{
    CHECK_STR(label(D(2025, 11, 1), D(2026, 2, 28)), "2025年11月-2026年2月");
    CHECK_STR(label(D(2025, 3, 5), D(2025, 4, 20)), "2025-03-05至2025-04-20");
    char small[5];
    post_period_label(D(2025, 1, 1), D(2025, 12, 31), small, sizeof small);
    CHECK_STR(small, "2025"); /* truncated, still terminated */
}

/* ---- checks ---- */

TEST(posts_check_claim_messages)
{
    struct zdate today = D(2025, 6, 30);
    CHECK(post_check_claim("2025-06-30", "2010-07-01", "", "带头宣传政策，每月入户两次", today, MSG, sizeof MSG) == NULL);
    CHECK(post_check_claim("2025-03-01", "2010-07-01", NULL, NULL, today, MSG, sizeof MSG) == NULL);
    CHECK_STR(post_check_claim("2025-6-30", "2010-07-01", "", "", today, MSG, sizeof MSG),
              "日期格式应为 YYYY-MM-DD（如 2026-03-05）");
    CHECK_STR(post_check_claim("2025-02-29", "2010-07-01", "", "", today, MSG, sizeof MSG), "2025年2月没有29日");
    CHECK_STR(post_check_claim("", "2010-07-01", "", "", today, MSG, sizeof MSG), "日期格式应为 YYYY-MM-DD，且须是真实日期");
    CHECK_STR(post_check_claim("2025-07-01", "2010-07-01", "", "", today, MSG, sizeof MSG), "日期不能晚于今天");
    CHECK_STR(post_check_claim("2010-06-30", "2010-07-01", "", "", today, MSG, sizeof MSG), "认领日期不能早于入党日期");
    CHECK(post_check_claim("2010-07-01", "2010-07-01", "", "", today, MSG, sizeof MSG) == NULL);
    /* left the roster: the leave day itself is still on the roster */
    CHECK(post_check_claim("2025-05-10", "2010-07-01", "2025-05-10", "", today, MSG, sizeof MSG) == NULL);
    CHECK_STR(post_check_claim("2025-05-11", "2010-07-01", "2025-05-10", "", today, MSG, sizeof MSG),
              "该党员已离开名册，不能认领岗位");
    /* pledge: 200 characters is fine, 201 is not; newlines allowed, other controls not */
    char *p200 = repeat("诺", 200), *p201 = repeat("诺", 201);
    CHECK(post_check_claim("2025-06-01", "2010-07-01", "", p200, today, MSG, sizeof MSG) == NULL);
    CHECK_STR(post_check_claim("2025-06-01", "2010-07-01", "", p201, today, MSG, sizeof MSG), "承诺不能超过200字");
    free(p200);
    free(p201);
    CHECK(post_check_claim("2025-06-01", "2010-07-01", "", "第一条\n第二条", today, MSG, sizeof MSG) == NULL);
    CHECK_STR(post_check_claim("2025-06-01", "2010-07-01", "", "承诺\t内容", today, MSG, sizeof MSG),
              "承诺含有控制字符或无效字符");
    CHECK_STR(post_check_claim("2025-06-01", "2010-07-01", "", "bad \xff byte", today, MSG, sizeof MSG),
              "承诺含有控制字符或无效字符");
}

TEST(posts_check_report_messages)
{
    struct zdate today = D(2025, 6, 30);
    const char *ok = "本季度入户宣讲6次，收集意见3条。";
    CHECK(post_check_report("2025-06-30", "2025-01-10", "", ok, today, MSG, sizeof MSG) == NULL);
    CHECK(post_check_report("2025-01-10", "2025-01-10", NULL, ok, today, MSG, sizeof MSG) == NULL);
    CHECK_STR(post_check_report("2025-06-31", "2025-01-10", "", ok, today, MSG, sizeof MSG), "2025年6月没有31日");
    CHECK_STR(post_check_report("2025-07-01", "2025-01-10", "", ok, today, MSG, sizeof MSG), "日期不能晚于今天");
    CHECK_STR(post_check_report("2025-01-09", "2025-01-10", "", ok, today, MSG, sizeof MSG), "汇报日期不能早于认领日期");
    /* stepped down on 05-31: a report that day is the closing one, a day later is refused */
    CHECK(post_check_report("2025-05-31", "2025-01-10", "2025-05-31", ok, today, MSG, sizeof MSG) == NULL);
    CHECK_STR(post_check_report("2025-06-01", "2025-01-10", "2025-05-31", ok, today, MSG, sizeof MSG),
              "汇报日期不能晚于卸任日期");
    CHECK_STR(post_check_report("2025-06-01", "2025-01-10", "", "", today, MSG, sizeof MSG), "汇报内容不能为空");
    CHECK_STR(post_check_report("2025-06-01", "2025-01-10", "", " \n\u3000 ", today, MSG, sizeof MSG), "汇报内容不能为空");
    CHECK_STR(post_check_report("2025-06-01", "2025-01-10", "", NULL, today, MSG, sizeof MSG), "汇报内容不能为空");
    char *c2000 = repeat("报", 2000), *c2001 = repeat("报", 2001);
    CHECK(post_check_report("2025-06-01", "2025-01-10", "", c2000, today, MSG, sizeof MSG) == NULL);
    CHECK_STR(post_check_report("2025-06-01", "2025-01-10", "", c2001, today, MSG, sizeof MSG), "汇报内容不能超过2000字");
    free(c2000);
    free(c2001);
    CHECK(post_check_report("2025-06-01", "2025-01-10", "", "一、宣讲\n二、走访", today, MSG, sizeof MSG) == NULL);
    CHECK_STR(post_check_report("2025-06-01", "2025-01-10", "", "内容\x1b[31m", today, MSG, sizeof MSG),
              "汇报内容含有控制字符或无效字符");
}

TEST(posts_check_review_messages)
{
    struct zdate today = D(2025, 7, 10);
    struct zdate s1 = D(2025, 1, 1), e1 = D(2025, 6, 30);
    CHECK(post_check_review(s1, e1, "2025-03-01", "excellent", "2025-07-05", today, MSG, sizeof MSG) == NULL);
    /* claimed on the period's last day: still reviewable */
    CHECK(post_check_review(s1, e1, "2025-06-30", "competent", "2025-07-05", today, MSG, sizeof MSG) == NULL);
    CHECK_STR(post_check_review(D(2024, 7, 1), D(2024, 12, 31), "2025-03-01", "basic", "2025-07-05", today, MSG, sizeof MSG),
              "评议期间早于认领岗位的日期");
    CHECK_STR(post_check_review(s1, e1, "2025-07-01", "basic", "2025-07-05", today, MSG, sizeof MSG),
              "评议期间早于认领岗位的日期");
    /* the current half-year has started: allowed (a review at year end is entered then) */
    CHECK(post_check_review(D(2025, 7, 1), D(2025, 12, 31), "2025-03-01", "incompetent", "2025-07-10", today, MSG, sizeof MSG) == NULL);
    CHECK_STR(post_check_review(D(2026, 1, 1), D(2026, 6, 30), "2025-03-01", "competent", "2025-07-05", today, MSG, sizeof MSG),
              "尚未到评议期间");
    CHECK_STR(post_check_review(s1, e1, "2025-03-01", "", "2025-07-05", today, MSG, sizeof MSG), "请选择评议等次");
    CHECK_STR(post_check_review(s1, e1, "2025-03-01", NULL, "2025-07-05", today, MSG, sizeof MSG), "请选择评议等次");
    CHECK_STR(post_check_review(s1, e1, "2025-03-01", "good", "2025-07-05", today, MSG, sizeof MSG), "请选择评议等次");
    CHECK_STR(post_check_review(s1, e1, "2025-03-01", "excellent", "2025/07/05", today, MSG, sizeof MSG),
              "日期格式应为 YYYY-MM-DD（如 2026-03-05）");
    CHECK_STR(post_check_review(s1, e1, "2025-03-01", "excellent", "2025-07-11", today, MSG, sizeof MSG), "日期不能晚于今天");
}

/* The period alone, as the review's picker checks it before anything is typed. */
TEST(posts_check_review_period_alone)
{
    struct zdate today = D(2025, 7, 10);
    CHECK(post_check_review_period(D(2025, 1, 1), D(2025, 6, 30), "2025-03-01", today) == NULL);
    CHECK(post_check_review_period(D(2025, 1, 1), D(2025, 6, 30), "", today) == NULL);
    CHECK(post_check_review_period(D(2025, 7, 1), D(2025, 12, 31), "2025-03-01", today) == NULL);
    CHECK_STR(post_check_review_period(D(2024, 7, 1), D(2024, 12, 31), "2025-03-01", today),
              "评议期间早于认领岗位的日期");
    CHECK_STR(post_check_review_period(D(2026, 1, 1), D(2026, 6, 30), "2025-03-01", today), "尚未到评议期间");
    /* the whole check says the same first */
    CHECK_STR(post_check_review(D(2024, 7, 1), D(2024, 12, 31), "2025-03-01", "", "", today, MSG, sizeof MSG),
              "评议期间早于认领岗位的日期");
}

TEST(posts_check_post_messages)
{
    CHECK(post_check_post("政策宣传岗", "宣传教育类", "宣传政策\n收集意见", 2, "2025-01-01", "") == NULL);
    CHECK(post_check_post("政策宣传岗", "", "", 1, "", "") == NULL);
    CHECK(post_check_post("政策宣传岗", NULL, NULL, 99, NULL, NULL) == NULL);
    CHECK_STR(post_check_post("", "宣传教育类", "", 1, "", ""), "岗位名称不能为空");
    CHECK_STR(post_check_post("\u3000 ", "宣传教育类", "", 1, "", ""), "岗位名称不能为空");
    CHECK_STR(post_check_post(NULL, "宣传教育类", "", 1, "", ""), "岗位名称不能为空");
    char *n20 = repeat("岗", 20), *n21 = repeat("岗", 21);
    CHECK(post_check_post(n20, n20, "", 1, "", "") == NULL);
    CHECK_STR(post_check_post(n21, "", "", 1, "", ""), "岗位名称不能超过20字");
    CHECK_STR(post_check_post("岗位", n21, "", 1, "", ""), "类别不能超过20字");
    free(n20);
    free(n21);
    char *d1000 = repeat("责", 1000), *d1001 = repeat("责", 1001);
    CHECK(post_check_post("岗位", "", d1000, 1, "", "") == NULL);
    CHECK_STR(post_check_post("岗位", "", d1001, 1, "", ""), "岗位职责不能超过1000字");
    free(d1000);
    free(d1001);
    CHECK_STR(post_check_post("岗位", "", "", 0, "", ""), "需要人数应为1到99");
    CHECK_STR(post_check_post("岗位", "", "", 100, "", ""), "需要人数应为1到99");
    CHECK_STR(post_check_post("岗位", "", "", -1, "", ""), "需要人数应为1到99");
    CHECK_STR(post_check_post("岗位", "", "", 1, "2025-13-01", ""), "日期格式应为 YYYY-MM-DD，且须是真实日期");
    CHECK_STR(post_check_post("岗位", "", "", 1, "2025-01-01", "2025-1-2"),
              "日期格式应为 YYYY-MM-DD，且须是真实日期");
    CHECK_STR(post_check_post("岗位", "", "", 1, "2025-01-01", "2024-12-31"), "停止日期不能早于开始日期");
    CHECK(post_check_post("岗位", "", "", 1, "2025-01-01", "2025-01-01") == NULL);
    CHECK(post_check_post("岗位", "", "", 1, "", "2025-01-01") == NULL);
    CHECK_STR(post_check_post("岗位\n名称", "", "", 1, "", ""), "岗位名称含有控制字符或无效字符");
    CHECK_STR(post_check_post("岗位", "类\x7f别", "", 1, "", ""), "类别含有控制字符或无效字符");
    CHECK_STR(post_check_post("岗位", "", "职责\r\n", 1, "", ""), "岗位职责含有控制字符或无效字符");
    CHECK(post_check_post("岗位", "", "职责一\n职责二", 1, "", "") == NULL);
    /* a literal U+FFFD is text, not an invalid byte */
    CHECK(post_check_post("岗位\uFFFD", "", "", 1, "", "") == NULL);
}

/* Which posts and holdings a 公示 lists (posts_export.c had its own copies): the bounds. */
TEST(posts_active_and_held_on)
{
    CHECK(post_active_on(false, "", "", "2026-11-21"));
    CHECK(!post_active_on(true, "", "", "2026-11-21"));
    CHECK(post_active_on(false, "2026-11-21", "2026-11-21", "2026-11-21")); /* both days count */
    CHECK(!post_active_on(false, "2026-11-22", "", "2026-11-21"));
    CHECK(!post_active_on(false, "", "2026-11-20", "2026-11-21"));
    CHECK(post_active_on(false, NULL, NULL, "2026-11-21"));
    CHECK(post_held_on("2026-11-21", "", "2026-11-21"));
    CHECK(!post_held_on("2026-11-22", "", "2026-11-21"));
    CHECK(post_held_on("2026-01-01", "2026-11-22", "2026-11-21"));
    CHECK(!post_held_on("2026-01-01", "2026-11-21", "2026-11-21")); /* ended that day: not held */
    CHECK(!post_held_on("", "", "2026-11-21"));
}

/* Two checks in a row keep their own sentences (each in its caller's buffer; a static buffer
 * would have the second overwrite the first). */
TEST(post_checks_two_calls_keep_their_messages)
{
    struct zdate today = D(2025, 7, 10);
    char b1[ZB_MSG_MAX], b2[ZB_MSG_MAX], b3[ZB_MSG_MAX];
    const char *m1 = post_check_claim("2025-02-29", "2010-07-01", "", "", today, b1, sizeof b1);
    const char *m2 = post_check_report("2025-06-31", "2025-01-10", "", "内容", today, b2, sizeof b2);
    const char *m3 = post_check_review(D(2025, 1, 1), D(2025, 6, 30), "2025-03-01", "excellent", "2025-04-31",
                                       today, b3, sizeof b3);
    CHECK_STR(m1, "2025年2月没有29日");
    CHECK_STR(m2, "2025年6月没有31日");
    CHECK_STR(m3, "2025年4月没有31日");
}
