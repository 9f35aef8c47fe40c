/* Unit tests for issue 14's rules about people (core): dues after leaving, 缓交 and 需谈话, bases
 * to be set. */
#include "test.h"
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
