#include "test.h"
#include "zhibu/meeting_summary.h"

static struct meeting_fact fact(int y, int m, int d, enum meeting_kind k, unsigned also, bool voided)
{
    return (struct meeting_fact){.date = {y, m, d}, .kind = k, .also_mask = also, .voided = voided};
}

static const struct meeting_freq_rules RULES = {
    .general_per_quarter = 1, .committee_per_month = 1, .group_per_month = 1,
    .lecture_per_quarter = 1, .theme_day_per_month = 1, .life_meeting_per_year = 1,
    .appraisal_per_year = 1,
};

TEST(meeting_summary_counts_and_shortfalls)
{
    struct meeting_fact f[] = {
        fact(2026, 1, 10, MK_COMMITTEE, 0, false),
        fact(2026, 3, 15, MK_GENERAL, MK_BIT(MK_THEME_DAY) | MK_BIT(MK_LECTURE), false),
        fact(2026, 2, 15, MK_COMMITTEE, 0, true),           /* voided: counts for nothing */
        fact(2025, 12, 31, MK_COMMITTEE, 0, false),         /* another year */
        fact(2026, 11, 5, MK_COMMITTEE, 0, false),
    };
    struct year_summary y;
    static const int two[12] = {2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2};
    meeting_year_summary(f, 5, two, &RULES, 2026, (struct zdate){2026, 11, 21}, &y);
    CHECK_INT(y.counts[MK_COMMITTEE][0], 1);
    CHECK_INT(y.counts[MK_COMMITTEE][1], 0);
    CHECK_INT(y.total[MK_COMMITTEE], 2);
    CHECK_INT(y.counts[MK_THEME_DAY][2], 1);
    CHECK_INT(y.counts[MK_LECTURE][2], 1);
    CHECK_INT(y.counts[MK_GENERAL][2], 1);
    CHECK(!y.shortfall[MK_COMMITTEE][0]);
    CHECK(y.shortfall[MK_COMMITTEE][1]);      /* February had only a voided one */
    CHECK(!y.shortfall[MK_COMMITTEE][10]);    /* November is not over */
    CHECK(!y.shortfall[MK_GENERAL][2]);       /* Q1 met by the March general meeting */
    CHECK(y.shortfall[MK_GENERAL][5]);        /* Q2 none */
    CHECK(!y.shortfall[MK_GENERAL][11]);      /* Q4 not over */
    CHECK(y.shortfall[MK_GROUP][0]);          /* two groups, none met */
    CHECK_INT(y.required[MK_GROUP], 1);       /* per group */
    CHECK_INT(y.groups[0], 2);
    CHECK(!y.shortfall[MK_LIFE_MEETING][11]); /* the year is not over */
    CHECK_INT(y.required[MK_TALK], 0);
}

TEST(meeting_summary_year_end_judged_next_year)
{
    struct meeting_fact f[] = {fact(2025, 12, 20, MK_LIFE_MEETING, MK_BIT(MK_APPRAISAL), false)};
    struct year_summary y;
    meeting_year_summary(f, 1, NULL, &RULES, 2025, (struct zdate){2026, 1, 1}, &y);
    CHECK(!y.shortfall[MK_LIFE_MEETING][11]);
    CHECK(!y.shortfall[MK_APPRAISAL][11]);
    CHECK(y.shortfall[MK_LECTURE][11]);       /* Q4 2025 had no lecture */
    CHECK(!y.shortfall[MK_GROUP][0]);         /* no groups: no group rule */
}

/* Groups count only in the months they had to meet (issue 14: a group made in November does not
 * make January to October fall short; one without members, never). */
TEST(meeting_summary_groups_by_month)
{
    struct meeting_fact f[] = {
        {.date = {2026, 3, 5}, .kind = MK_GROUP, .group_id = 7},
    };
    int groups[12] = {0};
    groups[2] = 1;                           /* March: one group */
    groups[10] = 2;                          /* November: two */
    struct year_summary y;
    meeting_year_summary(f, 1, groups, &RULES, 2026, (struct zdate){2026, 12, 21}, &y);
    CHECK(!y.shortfall[MK_GROUP][0]);        /* no group had to meet in January */
    CHECK(!y.shortfall[MK_GROUP][2]);        /* March's one met */
    CHECK(y.shortfall[MK_GROUP][10]);        /* November's two did not */
    CHECK_INT(y.groups[10], 2);
}
