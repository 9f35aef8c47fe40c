/* Unit tests of the pure parts of src/export/dues_export.c (the ledger row shared by the
 * export and `zhibu list dues`, the flag code and label, the paid-through text) and of
 * the dues rules of rules_from_config. The files themselves are read back by openpyxl in tests/cli/dues.sh. */
#include <string.h>

#include "test.h"
#include "zhibu/config.h"
#include "zhibu/dues.h"
#include "zhibu/rules.h"
#include "zhibu/dues_export.h"

static struct dues_rules rules(void)
{
    struct dues_rules r;
    { struct rules R; rules_from_config(NULL, &R); r = R.audit.dues; }
    return r;
}

TEST(dues_export_rules_from_config)
{
    struct dues_rules r = rules();
    CHECK_INT(r.employed_bound1, 300000);
    CHECK_INT(r.employed_rate4, 200);
    CHECK_INT(r.retired_bound1, 500000);
    CHECK_INT(r.farmer_amount, 50);
    CHECK_INT(r.flat_amount, 20);
    CHECK_INT(r.arrears_talk_months, 3);
    CHECK_INT(r.arrears_lapse_months, 6);
    struct config c;
    config_defaults(&c);
    c.farmer_amount = 100;
    c.arrears_lapse_months = 8;
    { struct rules R; rules_from_config(&c, &R); r = R.audit.dues; }
    CHECK_INT(r.farmer_amount, 100);
    CHECK_INT(r.arrears_lapse_months, 8);
}

/* An employed member admitted in December 2025 on 4,000 元 (1% = 40 元), 5,000 元 from July 2026
 * (still 1%: the bound belongs to the lower bracket = 50 元), paid January-March 2026 at once and
 * April monthly; "now" is 2026-09. */
TEST(dues_export_ledger_row)
{
    struct dues_rules r = rules();
    struct dues_basis bases[] = {
        {.from_ym = dues_ym(2025, 12), .category = "employed", .base_fen = 400000},
        {.from_ym = dues_ym(2026, 7), .category = "employed", .base_fen = 500000},
    };
    struct dues_paid paid[] = {
        {dues_ym(2025, 12), 4000}, {dues_ym(2026, 1), 4000}, {dues_ym(2026, 2), 4000},
        {dues_ym(2026, 3), 4000},  {dues_ym(2026, 4), 2500}, {dues_ym(2026, 4), 1500},
    };
    struct dues_facts f = {.join_ym = dues_ym(2025, 12), .bases = bases, .nbases = 2,
                           .paid = paid, .npaid = 6};
    struct dues_ledger_row row;
    dues_ledger_row_of(&f, 2026, dues_ym(2026, 9), &r, &row);
    CHECK(row.in_year);
    CHECK_INT(row.paid[0], 4000);
    CHECK_INT(row.paid[3], 4000); /* two allocations to April add up */
    CHECK_INT(row.paid[4], 0);
    CHECK_INT(row.total_paid, 16000); /* December 2025 is not this year's */
    CHECK_INT(row.state[3], DUES_PAID);
    CHECK_INT(row.state[4], DUES_UNPAID);
    CHECK_INT(row.state[9], DUES_FUTURE);
    CHECK_INT(row.ref_ym, dues_ym(2026, 9));
    CHECK_STR(row.category, "employed");
    CHECK_INT(row.base_fen, 500000);
    CHECK_INT(row.monthly_due, 5000);
    /* owed: May, June (4,000) and July, August (5,000); September is being collected */
    CHECK_INT(row.status.months_owed, 4);
    CHECK_INT(row.status.amount_owed, 18000);
    CHECK_STR(dues_flag_code(&row.status), "talk");
    char label[160], through[8];
    dues_flag_label(&row.status, &r, label, sizeof label);
    CHECK_STR(label, "需谈话");
    dues_paid_through_text(&f, &row.status, through);
    CHECK_STR(through, "2026-04");

    /* the year before: admitted in December, so January to November are not due */
    dues_ledger_row_of(&f, 2025, dues_ym(2026, 9), &r, &row);
    CHECK(row.in_year);
    CHECK_INT(row.state[0], DUES_NOT_DUE);
    CHECK_INT(row.state[10], DUES_NOT_DUE);
    CHECK_INT(row.state[11], DUES_PAID);
    CHECK_INT(row.total_paid, 4000);
    CHECK_INT(row.base_fen, 400000);
    CHECK_INT(row.ref_ym, dues_ym(2025, 12));
    /* a year before admission: not in it */
    dues_ledger_row_of(&f, 2024, dues_ym(2026, 9), &r, &row);
    CHECK(!row.in_year);
}

TEST(dues_export_ledger_row_left_and_flat)
{
    struct dues_rules r = rules();
    struct dues_basis bases[] = {{.from_ym = dues_ym(2020, 1), .category = "farmer"}};
    struct dues_facts f = {.join_ym = dues_ym(2020, 1), .leave_ym = dues_ym(2025, 12),
                           .bases = bases, .nbases = 1};
    struct dues_ledger_row row;
    /* left in December 2025: not in 2026's ledger, in 2025's */
    dues_ledger_row_of(&f, 2026, dues_ym(2026, 9), &r, &row);
    CHECK(!row.in_year);
    dues_ledger_row_of(&f, 2025, dues_ym(2026, 9), &r, &row);
    CHECK(row.in_year);
    CHECK_INT(row.base_fen, 0); /* a farmer has no base */
    CHECK_INT(row.monthly_due, 50);
    /* nothing ever paid: 交至 is empty, and 72 months in a row is the lapse flag */
    char through[8], label[160];
    dues_paid_through_text(&f, &row.status, through);
    CHECK_STR(through, "");
    CHECK_STR(dues_flag_code(&row.status), "lapse");
    dues_flag_label(&row.status, &r, label, sizeof label);
    CHECK_STR(label, "连续六个月未交 — 按自行脱党处理待支部研究");
    r.arrears_lapse_months = 14;
    dues_flag_label(&row.status, &r, label, sizeof label);
    CHECK_STR(label, "连续14个月未交 — 按自行脱党处理待支部研究");
}

TEST(dues_export_flags_empty_and_waived)
{
    struct dues_rules r = rules();
    struct dues_basis bases[] = {{.from_ym = dues_ym(2026, 1), .category = "lowincome"}};
    struct dues_adjust adj[] = {{.from_ym = dues_ym(2026, 1), .to_ym = dues_ym(2026, 12),
                                 .kind = DUES_WAIVE}};
    struct dues_facts f = {.join_ym = dues_ym(2026, 1), .bases = bases, .nbases = 1,
                           .adjusts = adj, .nadjusts = 1};
    struct dues_ledger_row row;
    dues_ledger_row_of(&f, 2026, dues_ym(2026, 9), &r, &row);
    CHECK_INT(row.state[0], DUES_WAIVED);
    CHECK_INT(row.monthly_due, 0);
    CHECK_INT(row.status.months_owed, 0);
    CHECK_STR(dues_flag_code(&row.status), "");
    char label[16] = "x";
    dues_flag_label(&row.status, &r, label, sizeof label);
    CHECK_STR(label, "");
    char through[8];
    dues_paid_through_text(&f, &row.status, through);
    CHECK(through[0] == '\0' || strncmp(through, "2026-", 5) == 0);
}
