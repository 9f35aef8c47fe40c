/* Unit tests for issue 14's rules about people (core): dues after leaving, 缓交 and 需谈话, bases
 * to be set. */
#include "test.h"
#include "zhibu/util.h"
#include "zhibu/dues.h"

static struct dues_rules rules14(void)
{
    return (struct dues_rules){
        .employed_bound1 = 300000, .employed_bound2 = 500000, .employed_bound3 = 1000000,
        .employed_rate1 = 50, .employed_rate2 = 100, .employed_rate3 = 150, .employed_rate4 = 200,
        .retired_bound1 = 500000, .retired_rate1 = 50, .retired_rate2 = 100,
        .farmer_amount = 50, .flat_amount = 20,
        .arrears_talk_months = 3, .arrears_lapse_months = 6,
    };
}

static const struct dues_basis FARMER14[] = {{.from_ym = 0, .category = "farmer", .base_fen = 0}};

static struct zdate D14(int y, int m, int d)
{
    return (struct zdate){y, m, d};
}

static char M14[ZB_MSG_MAX]; /* the checks' sentences */

TEST(people14_leave_on_the_first_owes_nothing_that_month)
{
    int join = dues_ym(2020, 3);
    CHECK_INT(dues_leave_ym(D14(2026, 12, 1), -1, join), dues_ym(2026, 11));
    CHECK_INT(dues_leave_ym(D14(2026, 12, 2), -1, join), dues_ym(2026, 12));
    CHECK_INT(dues_leave_ym(D14(2026, 12, 31), -1, join), dues_ym(2026, 12));
    CHECK_INT(dues_leave_ym(D14(2027, 1, 1), -1, join), dues_ym(2026, 12)); /* across the year */
    /* left on the 1st of the month of admission: nothing owed at all */
    CHECK_INT(dues_leave_ym(D14(2020, 3, 1), -1, join), join - 1);
    /* bad input: a leave before admission never makes months before it owed */
    CHECK_INT(dues_leave_ym(D14(2019, 5, 10), -1, join), join - 1);
}

TEST(people14_transfer_out_owes_through_the_letter_month)
{
    int join = dues_ym(2020, 3);
    /* transferred in December, the letter says paid through November: December is the new
     * branch's */
    CHECK_INT(dues_leave_ym(D14(2026, 12, 10), dues_ym(2026, 11), join), dues_ym(2026, 11));
    /* paid ahead through February: the old branch holds those months */
    CHECK_INT(dues_leave_ym(D14(2026, 12, 10), dues_ym(2027, 2), join), dues_ym(2027, 2));
    /* a letter month before admission (bad input): nothing owed */
    CHECK_INT(dues_leave_ym(D14(2026, 12, 10), dues_ym(2019, 1), join), join - 1);
    /* the months state it: December not owed */
    struct dues_rules r = rules14();
    struct dues_facts f = {.join_ym = join, .bases = FARMER14, .nbases = 1,
                           .leave_ym = dues_leave_ym(D14(2026, 12, 10), dues_ym(2026, 11), join)};
    CHECK_INT(dues_month_of(&f, dues_ym(2026, 12), dues_ym(2026, 12), &r).state, DUES_NOT_DUE);
    CHECK_INT(dues_month_of(&f, dues_ym(2026, 11), dues_ym(2026, 12), &r).state, DUES_UNPAID);
}

TEST(people14_deferred_months_are_not_talked_about)
{
    struct dues_rules r = rules14();
    struct dues_adjust a[] = {{dues_ym(2026, 6), dues_ym(2026, 9), DUES_DEFER, 0}};
    struct dues_facts f = {.join_ym = dues_ym(2026, 6), .bases = FARMER14, .nbases = 1,
                           .adjusts = a, .nadjusts = 1};
    struct dues_status s;
    dues_status_of(&f, dues_ym(2026, 10), &r, &s); /* June..September owed, all deferred */
    CHECK_INT(s.months_owed, 4);                   /* still owed */
    CHECK_INT(s.amount_owed, 200);
    CHECK(!s.needs_talk);
    CHECK(!s.lapse);
    /* October and November unpaid without deferral: two months, not yet three */
    dues_status_of(&f, dues_ym(2026, 12), &r, &s);
    CHECK_INT(s.months_owed, 6);
    CHECK(!s.needs_talk);
    /* a third month without deferral: talk */
    dues_status_of(&f, dues_ym(2027, 1), &r, &s);
    CHECK(s.needs_talk);
    /* without the approval the deferred months count */
    f.nadjusts = 0;
    dues_status_of(&f, dues_ym(2026, 10), &r, &s);
    CHECK(s.needs_talk);
}

TEST(people14_base_needed_only_when_owed)
{
    static const struct dues_basis EMP0[] = {{.from_ym = 0, .category = "employed", .base_fen = 0}};
    static const struct dues_basis EMP[] = {{.from_ym = 0, .category = "employed", .base_fen = 300000}};
    struct dues_adjust waive[] = {{dues_ym(2026, 5), dues_ym(2026, 5), DUES_WAIVE, 0}};
    struct dues_facts f = {.join_ym = dues_ym(2026, 3), .bases = EMP0, .nbases = 1};
    CHECK(dues_base_needed(&f, dues_ym(2026, 4)));
    CHECK(!dues_base_needed(&f, dues_ym(2026, 2))); /* before admission */
    f.leave_ym = dues_ym(2026, 4);
    CHECK(!dues_base_needed(&f, dues_ym(2026, 5))); /* after leaving */
    f.leave_ym = 0;
    f.adjusts = waive;
    f.nadjusts = 1;
    CHECK(!dues_base_needed(&f, dues_ym(2026, 5))); /* waived */
    CHECK(dues_base_needed(&f, dues_ym(2026, 6)));
    f.bases = EMP;
    CHECK(!dues_base_needed(&f, dues_ym(2026, 6)));
    f.bases = FARMER14;
    CHECK(!dues_base_needed(&f, dues_ym(2026, 6)));
    f.nbases = 0; /* no basis at all: nothing known to be missing */
    CHECK(!dues_base_needed(&f, dues_ym(2026, 6)));
}

/* ---- 转正, 延长预备期, 取消预备党员资格 (core/lifecycle.c) ---- */
#include "zhibu/lifecycle.h"

static const struct probation_rules PR14 = {.months = 12, .extend_min_months = 6,
                                            .extend_max_months = 12, .extend_times = 1};

static struct probation_case case14(const char *join, const char *until, int times)
{
    struct probation_case c = {.times_extended = times};
    CHECK(date_parse(join, &c.join));
    CHECK(probation_end_of(join, until, 12, &c.end));
    return c;
}

TEST(people14_probation_end_of)
{
    struct zdate e;
    CHECK(probation_end_of("2025-10-01", "", 12, &e));
    CHECK_INT(date_cmp(e, D14(2026, 10, 1)), 0);
    CHECK(probation_end_of("2025-10-01", NULL, 12, &e));
    CHECK_INT(date_cmp(e, D14(2026, 10, 1)), 0);
    CHECK(probation_end_of("2025-10-01", "2027-04-01", 12, &e));
    CHECK_INT(date_cmp(e, D14(2027, 4, 1)), 0);
    /* bad input: a join date that is no date; an extension that is no date is ignored */
    CHECK(!probation_end_of("2025-02-30", "", 12, &e));
    CHECK(!probation_end_of("", "", 12, &e));
    CHECK(probation_end_of("2025-10-01", "2027-13-01", 12, &e));
    CHECK_INT(date_cmp(e, D14(2026, 10, 1)), 0);
    /* the status after an extension: due then, not overdue today */
    struct probation_status ps;
    CHECK(probation_status_until("2025-10-01", "2027-04-01", D14(2026, 11, 21), 12, 30, &ps));
    CHECK(!ps.overdue);
    CHECK(!ps.remind);
    CHECK(probation_status_until("2025-10-01", "", D14(2026, 11, 21), 12, 30, &ps));
    CHECK(ps.overdue);
}

TEST(people14_full_needs_a_general_meeting_after_probation)
{
    struct probation_case c = case14("2025-10-01", "", 0);
    /* held before the end of probation: refused as the approving meeting */
    CHECK_STR(probation_meeting_check(PROBATION_FULL, &c, true, true, D14(2026, 9, 30), M14, sizeof M14),
              "会议（2026-09-30）早于预备期满之日（2026-10-01），不能批准转正");
    CHECK(probation_meeting_check(PROBATION_FULL, &c, true, true, D14(2026, 10, 1), M14, sizeof M14) == NULL);
    CHECK(probation_meeting_check(PROBATION_FULL, &c, true, true, D14(2026, 11, 15), M14, sizeof M14) == NULL);
    /* not a 支部党员大会 */
    CHECK_STR(probation_meeting_check(PROBATION_FULL, &c, true, false, D14(2026, 11, 15), M14, sizeof M14),
              "作出决定的会议须是支部党员大会");
    /* 转正 kept on paper: no meeting recorded */
    CHECK(probation_meeting_check(PROBATION_FULL, &c, false, false, D14(0, 0, 0), M14, sizeof M14) == NULL);
    /* the 转正 date */
    CHECK_STR(probation_full_date_check(&c, D14(2026, 9, 30), M14, sizeof M14), "转正日期不能早于预备期满之日（2026-10-01）");
    CHECK(probation_full_date_check(&c, D14(2026, 10, 1), M14, sizeof M14) == NULL);
    /* after an extension the new end counts */
    c = case14("2025-10-01", "2027-04-01", 1);
    CHECK_STR(probation_meeting_check(PROBATION_FULL, &c, true, true, D14(2026, 11, 15), M14, sizeof M14),
              "会议（2026-11-15）早于预备期满之日（2027-04-01），不能批准转正");
    CHECK_STR(probation_full_date_check(&c, D14(2026, 10, 1), M14, sizeof M14), "转正日期不能早于预备期满之日（2027-04-01）");
}

TEST(people14_extend_and_cancel_rules)
{
    struct probation_case c = case14("2025-10-01", "", 0);
    CHECK_STR(probation_meeting_check(PROBATION_EXTEND, &c, false, false, D14(0, 0, 0), M14, sizeof M14),
              "延长预备期须经支部党员大会讨论决定，请选择会议记录");
    CHECK_STR(probation_meeting_check(PROBATION_EXTEND, &c, true, true, D14(2026, 8, 1), M14, sizeof M14),
              "会议（2026-08-01）早于预备期满之日（2026-10-01），不能决定延长预备期");
    CHECK(probation_meeting_check(PROBATION_EXTEND, &c, true, true, D14(2026, 10, 8), M14, sizeof M14) == NULL);
    CHECK(probation_extend_check(&c, 6, &PR14, M14, sizeof M14) == NULL);
    CHECK(probation_extend_check(&c, 12, &PR14, M14, sizeof M14) == NULL);
    CHECK_STR(probation_extend_check(&c, 5, &PR14, M14, sizeof M14), "延长预备期应为 6 至 12 个月");
    CHECK_STR(probation_extend_check(&c, 13, &PR14, M14, sizeof M14), "延长预备期应为 6 至 12 个月");
    CHECK_STR(probation_extend_check(&c, -1, &PR14, M14, sizeof M14), "延长预备期应为 6 至 12 个月");
    c.times_extended = 1; /* only once */
    CHECK_STR(probation_extend_check(&c, 6, &PR14, M14, sizeof M14), "预备期只能延长一次");
    struct probation_rules twice = PR14;
    twice.extend_times = 2;
    CHECK(probation_extend_check(&c, 6, &twice, M14, sizeof M14) == NULL);
    c.times_extended = 2;
    CHECK_STR(probation_extend_check(&c, 6, &twice, M14, sizeof M14), "预备期最多延长 2 次");
    twice.extend_times = 0;
    c.times_extended = 0;
    CHECK_STR(probation_extend_check(&c, 6, &twice, M14, sizeof M14), "按规定预备期不能延长");
    /* cancelling: a 支部党员大会 any time after admission */
    c = case14("2025-10-01", "", 0);
    CHECK_STR(probation_meeting_check(PROBATION_CANCEL, &c, false, false, D14(0, 0, 0), M14, sizeof M14),
              "取消预备党员资格须经支部党员大会讨论决定，请选择会议记录");
    CHECK(probation_meeting_check(PROBATION_CANCEL, &c, true, true, D14(2026, 3, 1), M14, sizeof M14) == NULL);
    CHECK_STR(probation_meeting_check(PROBATION_CANCEL, &c, true, true, D14(2025, 9, 1), M14, sizeof M14),
              "会议日期早于该党员的入党日期");
    CHECK_STR(probation_meeting_check(PROBATION_CANCEL, &c, true, false, D14(2026, 3, 1), M14, sizeof M14),
              "作出决定的会议须是支部党员大会");
}
