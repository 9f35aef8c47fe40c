/* Unit tests for core/meeting_freq.c: what the rules still require, and how it is worded. */
#include "test.h"
#include "zhibu/meeting.h"

static struct zdate D(int y, int m, int d)
{
    return (struct zdate){y, m, d};
}

static struct meeting_fact F(int y, int m, int d, enum meeting_kind k, unsigned also)
{
    return (struct meeting_fact){.date = D(y, m, d), .kind = k, .also_mask = also};
}

/* The defaults of the config. */
static const struct meeting_freq_rules DEFAULTS = {
    .general_per_quarter = 1, .committee_per_month = 1, .group_per_month = 1,
    .lecture_per_quarter = 1, .theme_day_per_month = 1, .life_meeting_per_year = 1,
    .appraisal_per_year = 1,
};

/* The requirement for kind k (and group g) in out, or NULL. */
static const struct requirement *find(const struct requirement *out, int n, enum meeting_kind k,
                                      int64_t g)
{
    for (int i = 0; i < n; i++)
        if (out[i].kind == k && out[i].group_id == g) return &out[i];
    return NULL;
}

static int held(const struct requirement *out, int n, enum meeting_kind k, int64_t g)
{
    const struct requirement *q = find(out, n, k, g);
    return q ? q->held : -1;
}

static const char *text(const struct requirement *q, const char *group_name)
{
    static char buf[256];
    requirement_text(q, group_name, buf, sizeof buf);
    return buf;
}

TEST(meeting_freq_order_periods_and_days_left)
{
    const int64_t groups[] = {12, 11};
    struct requirement out[16];
    int n = meeting_requirements(NULL, 0, groups, 2, &DEFAULTS, D(2026, 3, 31), out, 16);
    CHECK_INT(n, 8);
    const enum meeting_kind order[] = {MK_GENERAL, MK_COMMITTEE, MK_GROUP, MK_GROUP,
                                       MK_LECTURE, MK_THEME_DAY, MK_LIFE_MEETING, MK_APPRAISAL};
    for (int i = 0; i < n && i < 8; i++) {
        CHECK_INT(out[i].kind, order[i]);
        CHECK_INT(out[i].held, 0);
        CHECK_INT(out[i].required, 1);
    }
    CHECK_INT(out[2].group_id, 12);
    CHECK_INT(out[3].group_id, 11);
    CHECK_INT(out[0].group_id, 0);
    /* On the last day of the quarter and of the month one day is left. */
    CHECK_INT(out[0].period, PERIOD_QUARTER);
    CHECK_INT(out[0].days_left, 1);
    CHECK_INT(out[0].period_start.m, 1);
    CHECK_INT(out[0].period_end.m, 3);
    CHECK_INT(out[0].period_end.d, 31);
    CHECK_INT(out[1].period, PERIOD_MONTH);
    CHECK_INT(out[1].days_left, 1);
    CHECK_INT(out[1].period_start.d, 1);
    CHECK_INT(out[6].period, PERIOD_YEAR);
    CHECK_INT(out[6].days_left, 276); /* 2026-03-31 .. 2026-12-31 */
    CHECK_INT(out[6].period_start.m, 1);
    CHECK_INT(out[6].period_end.m, 12);

    /* First day of a quarter: the whole quarter is left (Q2 has 91 days). */
    n = meeting_requirements(NULL, 0, NULL, 0, &DEFAULTS, D(2026, 4, 1), out, 16);
    CHECK_INT(n, 6);
    CHECK_INT(out[0].days_left, 91);
    CHECK_INT(out[1].days_left, 30);
    CHECK_INT(out[4].days_left, 275);
    /* February of a leap year. */
    n = meeting_requirements(NULL, 0, NULL, 0, &DEFAULTS, D(2024, 2, 1), out, 16);
    CHECK_INT(out[1].days_left, 29);
    CHECK_INT(out[1].period_end.d, 29);
    CHECK_INT(out[4].days_left, 335);
}

/* A 党员大会 held on the 主题党日 together with a 党课 counts for all three. */
TEST(meeting_freq_also_counts_as)
{
    struct meeting_fact facts[] = {
        F(2026, 4, 15, MK_GENERAL, MK_BIT(MK_THEME_DAY) | MK_BIT(MK_LECTURE)),
    };
    struct requirement out[16];
    int n = meeting_requirements(facts, 1, NULL, 0, &DEFAULTS, D(2026, 4, 20), out, 16);
    CHECK_INT(held(out, n, MK_GENERAL, 0), 1);
    CHECK_INT(held(out, n, MK_THEME_DAY, 0), 1);
    CHECK_INT(held(out, n, MK_LECTURE, 0), 1);
    CHECK_INT(held(out, n, MK_COMMITTEE, 0), 0);
    CHECK_INT(held(out, n, MK_LIFE_MEETING, 0), 0);
    CHECK_INT(held(out, n, MK_APPRAISAL, 0), 0);
    /* Its kind counts even if the mask repeats it, and only once. */
    facts[0].also_mask |= MK_BIT(MK_GENERAL);
    n = meeting_requirements(facts, 1, NULL, 0, &DEFAULTS, D(2026, 4, 20), out, 16);
    CHECK_INT(held(out, n, MK_GENERAL, 0), 1);
}

TEST(meeting_freq_voided_and_future_records)
{
    struct meeting_fact facts[] = {
        F(2026, 4, 2, MK_COMMITTEE, MK_BIT(MK_THEME_DAY)),
        F(2026, 4, 21, MK_GENERAL, MK_BIT(MK_LECTURE)), /* after `on` */
        F(2026, 4, 20, MK_LIFE_MEETING, 0),             /* on `on` itself: counts */
    };
    facts[0].voided = true;
    struct requirement out[16];
    int n = meeting_requirements(facts, 3, NULL, 0, &DEFAULTS, D(2026, 4, 20), out, 16);
    CHECK_INT(held(out, n, MK_COMMITTEE, 0), 0);
    CHECK_INT(held(out, n, MK_THEME_DAY, 0), 0);
    CHECK_INT(held(out, n, MK_GENERAL, 0), 0);
    CHECK_INT(held(out, n, MK_LECTURE, 0), 0);
    CHECK_INT(held(out, n, MK_LIFE_MEETING, 0), 1);
    /* The next day the general meeting and its lecture count. */
    n = meeting_requirements(facts, 3, NULL, 0, &DEFAULTS, D(2026, 4, 21), out, 16);
    CHECK_INT(held(out, n, MK_GENERAL, 0), 1);
    CHECK_INT(held(out, n, MK_LECTURE, 0), 1);
    CHECK_INT(held(out, n, MK_COMMITTEE, 0), 0);
}

TEST(meeting_freq_month_quarter_year_ends)
{
    struct meeting_fact facts[] = {
        F(2026, 3, 31, MK_COMMITTEE, MK_BIT(MK_THEME_DAY)), /* last day of Q1 */
        F(2026, 3, 31, MK_GENERAL, MK_BIT(MK_LECTURE)),
        F(2025, 12, 31, MK_LIFE_MEETING, MK_BIT(MK_APPRAISAL)),
        F(2026, 4, 30, MK_COMMITTEE, 0),
    };
    struct requirement out[16];
    /* 2026-03-31: everything of March and Q1 is there. */
    int n = meeting_requirements(facts, 4, NULL, 0, &DEFAULTS, D(2026, 3, 31), out, 16);
    CHECK_INT(held(out, n, MK_COMMITTEE, 0), 1);
    CHECK_INT(held(out, n, MK_THEME_DAY, 0), 1);
    CHECK_INT(held(out, n, MK_GENERAL, 0), 1);
    CHECK_INT(held(out, n, MK_LECTURE, 0), 1);
    CHECK_INT(held(out, n, MK_LIFE_MEETING, 0), 0); /* last year's */
    CHECK_INT(held(out, n, MK_APPRAISAL, 0), 0);
    /* 2026-04-01: a new month and a new quarter; nothing yet. */
    n = meeting_requirements(facts, 4, NULL, 0, &DEFAULTS, D(2026, 4, 1), out, 16);
    CHECK_INT(held(out, n, MK_COMMITTEE, 0), 0);
    CHECK_INT(held(out, n, MK_THEME_DAY, 0), 0);
    CHECK_INT(held(out, n, MK_GENERAL, 0), 0);
    CHECK_INT(held(out, n, MK_LECTURE, 0), 0);
    /* 2026-05-01: April's committee meeting is no longer this month's. */
    n = meeting_requirements(facts, 4, NULL, 0, &DEFAULTS, D(2026, 5, 1), out, 16);
    CHECK_INT(held(out, n, MK_COMMITTEE, 0), 0);
    n = meeting_requirements(facts, 4, NULL, 0, &DEFAULTS, D(2026, 4, 30), out, 16);
    CHECK_INT(held(out, n, MK_COMMITTEE, 0), 1);
    /* 2025-12-31 counts the year's life meeting and appraisal; 2026-01-01 does not. */
    n = meeting_requirements(facts, 4, NULL, 0, &DEFAULTS, D(2025, 12, 31), out, 16);
    CHECK_INT(held(out, n, MK_LIFE_MEETING, 0), 1);
    CHECK_INT(held(out, n, MK_APPRAISAL, 0), 1);
    CHECK_INT(find(out, n, MK_LIFE_MEETING, 0)->days_left, 1);
    n = meeting_requirements(facts, 4, NULL, 0, &DEFAULTS, D(2026, 1, 1), out, 16);
    CHECK_INT(held(out, n, MK_LIFE_MEETING, 0), 0);
    CHECK_INT(held(out, n, MK_APPRAISAL, 0), 0);
    CHECK_INT(find(out, n, MK_LIFE_MEETING, 0)->days_left, 365);
}

TEST(meeting_freq_groups_count_their_own)
{
    struct meeting_fact facts[] = {
        F(2026, 6, 3, MK_GROUP, 0),
        F(2026, 6, 5, MK_GROUP, 0),
        F(2026, 6, 6, MK_GROUP, 0),                  /* no group: counts for none */
        F(2026, 6, 8, MK_GENERAL, MK_BIT(MK_GROUP)), /* also a group meeting, no group id */
        F(2026, 6, 9, MK_THEME_DAY, MK_BIT(MK_GROUP)),
        F(2026, 5, 30, MK_GROUP, 0),                 /* last month */
    };
    facts[0].group_id = 11;
    facts[1].group_id = 11;
    facts[4].group_id = 13; /* a theme day held as group 13's meeting */
    facts[5].group_id = 12;
    const int64_t groups[] = {11, 12, 13};
    struct requirement out[16];
    int n = meeting_requirements(facts, 6, groups, 3, &DEFAULTS, D(2026, 6, 10), out, 16);
    CHECK_INT(n, 9);
    CHECK_INT(held(out, n, MK_GROUP, 11), 2);
    CHECK_INT(held(out, n, MK_GROUP, 12), 0);
    CHECK_INT(held(out, n, MK_GROUP, 13), 1);
    CHECK_INT(held(out, n, MK_GROUP, 0), -1); /* no requirement for "no group" */
    /* A general meeting never counts as a group meeting by itself... */
    CHECK_INT(held(out, n, MK_GENERAL, 0), 1);
    CHECK_INT(held(out, n, MK_THEME_DAY, 0), 1);
    /* ...and group meetings do not count as general ones. */
    facts[3].voided = true;
    n = meeting_requirements(facts, 6, groups, 3, &DEFAULTS, D(2026, 6, 10), out, 16);
    CHECK_INT(held(out, n, MK_GENERAL, 0), 0);
}

TEST(meeting_freq_rules_from_config)
{
    struct meeting_freq_rules r = DEFAULTS;
    r.general_per_quarter = 2;
    r.lecture_per_quarter = 0; /* skipped */
    r.appraisal_per_year = 0;
    r.group_per_month = 0;
    const int64_t groups[] = {11};
    struct meeting_fact facts[] = {F(2026, 2, 10, MK_GENERAL, 0)};
    struct requirement out[16];
    int n = meeting_requirements(facts, 1, groups, 1, &r, D(2026, 3, 23), out, 16);
    CHECK_INT(n, 4);
    CHECK(find(out, n, MK_LECTURE, 0) == NULL);
    CHECK(find(out, n, MK_APPRAISAL, 0) == NULL);
    CHECK(find(out, n, MK_GROUP, 11) == NULL);
    CHECK_INT(out[0].kind, MK_GENERAL);
    CHECK_INT(out[0].required, 2);
    CHECK_INT(out[0].held, 1);
    CHECK_INT(out[0].days_left, 9);
    CHECK_STR(text(&out[0], NULL), "本季度支部党员大会已开 1 次，应开 2 次，还剩 9 天");
    /* max caps the output. */
    n = meeting_requirements(facts, 1, groups, 1, &DEFAULTS, D(2026, 3, 23), out, 2);
    CHECK_INT(n, 2);
    CHECK_INT(out[1].kind, MK_COMMITTEE);
    /* Bad input. */
    CHECK_INT(meeting_requirements(facts, 1, groups, 1, NULL, D(2026, 3, 23), out, 16), 0);
    CHECK_INT(meeting_requirements(facts, 1, groups, 1, &DEFAULTS, D(2026, 2, 30), out, 16), 0);
    CHECK_INT(meeting_requirements(facts, 1, groups, 1, &DEFAULTS, D(2026, 3, 23), out, 0), 0);
}

TEST(meeting_freq_requirement_text_wording)
{
    struct requirement out[16];
    const int64_t groups[] = {11};
    int n = meeting_requirements(NULL, 0, groups, 1, &DEFAULTS, D(2026, 3, 22), out, 16);
    CHECK_STR(text(find(out, n, MK_COMMITTEE, 0), NULL), "本月尚未召开支部委员会，还剩 10 天");
    CHECK_STR(text(find(out, n, MK_GROUP, 11), "第一党小组"),
              "第一党小组本月尚未召开党小组会，还剩 10 天");
    CHECK_STR(text(find(out, n, MK_THEME_DAY, 0), NULL), "本月尚未开展主题党日，还剩 10 天");
    CHECK_STR(text(find(out, n, MK_LECTURE, 0), NULL), "本季度尚未召开党课，还剩 10 天");
    n = meeting_requirements(NULL, 0, NULL, 0, &DEFAULTS, D(2026, 3, 23), out, 16);
    CHECK_STR(text(find(out, n, MK_GENERAL, 0), NULL), "本季度尚未召开支部党员大会，还剩 9 天");
    n = meeting_requirements(NULL, 0, NULL, 0, &DEFAULTS, D(2026, 11, 21), out, 16);
    CHECK_STR(text(find(out, n, MK_LIFE_MEETING, 0), NULL), "本年度尚未召开组织生活会，还剩 41 天");
    CHECK_STR(text(find(out, n, MK_APPRAISAL, 0), NULL), "本年度尚未开展民主评议党员，还剩 41 天");

    /* Partly met, for an activity. */
    struct requirement q = {.kind = MK_THEME_DAY, .period = PERIOD_MONTH, .required = 2,
                            .held = 1, .days_left = 3};
    CHECK_STR(text(&q, NULL), "本月主题党日已开展 1 次，应开展 2 次，还剩 3 天");
    /* Met, and more than met. */
    q.held = 2;
    CHECK_STR(text(&q, NULL), "");
    q.held = 3;
    CHECK_STR(text(&q, NULL), "");
    /* The group name is used for group meetings only. */
    q = (struct requirement){.kind = MK_COMMITTEE, .period = PERIOD_MONTH, .required = 1,
                             .days_left = 1};
    CHECK_STR(text(&q, "第一党小组"), "本月尚未召开支部委员会，还剩 1 天");
    q.kind = MK_GROUP;
    CHECK_STR(text(&q, NULL), "本月尚未召开党小组会，还剩 1 天");
    CHECK_STR(text(NULL, NULL), "");
    /* A short buffer is cut between characters. */
    char small[10];
    requirement_text(&q, NULL, small, sizeof small);
    CHECK_STR(small, "本月尚");
}
