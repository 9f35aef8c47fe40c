/* Unit tests for core/audit.c: the monthly review engine. Each test starts from a branch that
 * passes every item in October 2025 (reviewed on 2025-11-05) and breaks one thing. */
#include "test.h"
#include "zhibu/audit.h"
#include "zhibu/posts.h"
#include "zhibu/util.h"

#include <stdio.h>
#include <string.h>

#define MAXM 64
#define MAXP 40

static struct zdate D(int y, int m, int d)
{
    return (struct zdate){y, m, d};
}

static int YM(int y, int m)
{
    return dues_ym(y, m);
}

struct fx {
    struct audit_input in;
    struct audit_rules rules;
    struct audit_meeting meetings[MAXM];
    struct audit_group groups[4];
    struct audit_member members[16];
    char join[16][11], leave[16][11], since[16][11], contact[16][11];
    struct dues_paid paid[16][MAXP];
    struct dues_adjust adjust[16];
    struct audit_holding holdings[16];
    char report[16][11];
    struct audit_result r;
};

static const struct dues_basis FARMER[] = {{.from_ym = 0, .category = "farmer", .base_fen = 0}};

static struct fx FX;

/* The defaults of config/zhibu.ini. */
static void default_rules(struct audit_rules *r)
{
    memset(r, 0, sizeof *r);
    r->freq = (struct meeting_freq_rules){.general_per_quarter = 1, .committee_per_month = 1,
                                          .group_per_month = 1, .lecture_per_quarter = 1,
                                          .theme_day_per_month = 1, .life_meeting_per_year = 1,
                                          .appraisal_per_year = 1};
    r->late_entry_days = 7;
    r->dues.farmer_amount = 50;
    r->dues.flat_amount = 20;
    r->dues.arrears_talk_months = 3;
    r->dues.arrears_lapse_months = 6;
    r->probation_months = 12;
    r->probation_remind_days = 30;
    r->mobile_contact_months = 6;
    r->mobile_transfer_months = 6;
    r->post_report_months = 3;
    r->post_coverage_percent = 80;
    r->weight[AI_MEETINGS] = 30;
    r->weight[AI_THEME_DAY] = 15;
    r->weight[AI_RECORDS] = 15;
    r->weight[AI_MEMBERS] = 15;
    r->weight[AI_DUES] = 15;
    r->weight[AI_POSTS] = 10;
    r->pass_score = 80;
}

/* A complete record, entered on the day it was held, with quorum. Returns its index. */
static int add_meeting(struct fx *f, int64_t id, struct zdate date, enum meeting_kind kind,
                       unsigned also, int64_t group)
{
    int i = f->in.nmeetings++;
    struct audit_meeting *m = &f->meetings[i];
    memset(m, 0, sizeof *m);
    m->id = id;
    m->f = (struct meeting_fact){.date = date, .kind = kind, .also_mask = also, .group_id = group};
    m->quorum = kind == MK_GENERAL || kind == MK_COMMITTEE ? QUORUM_MET : QUORUM_NA;
    snprintf(m->created_at, sizeof m->created_at, "%04d-%02d-%02dT12:00:00Z", date.y, date.m, date.d);
    return i;
}

/* The month's meetings: committee on the 10th, group 7 on the 12th, and a general meeting on
 * the 15th that is also the theme day and a lecture. Ids: month * 10 + 1..3. */
static void add_month_meetings(struct fx *f, int y, int mo)
{
    add_meeting(f, mo * 10 + 1, D(y, mo, 10), MK_COMMITTEE, 0, 0);
    add_meeting(f, mo * 10 + 2, D(y, mo, 12), MK_GROUP, 0, 7);
    add_meeting(f, mo * 10 + 3, D(y, mo, 15), MK_GENERAL, MK_BIT(MK_THEME_DAY) | MK_BIT(MK_LECTURE), 0);
}

/* Set member i's payment for month ym (0 removes it). */
static void set_paid(struct fx *f, int i, int ym, long amount)
{
    struct audit_member *m = &f->members[i];
    struct dues_paid *p = f->paid[i];
    int n = m->dues.npaid;
    for (int k = 0; k < n; k++)
        if (p[k].ym == ym) {
            if (amount > 0) p[k].amount = amount;
            else p[k] = p[--n];
            m->dues.npaid = n;
            return;
        }
    if (amount > 0 && n < MAXP) p[n++] = (struct dues_paid){ym, amount};
    m->dues.npaid = n;
}

/* A farmer (50 分 a month) on the roster since `join`, paid up from the ledger's start
 * (2024-01) through 2025-12, with a post claimed on 2025-01-01 reported on 2025-09-15 unless
 * the member holds an office. Member i has id i + 1, holding id 101 + i. */
static int add_member(struct fx *f, const char *join, bool office)
{
    int i = f->in.nmembers++;
    struct audit_member *m = &f->members[i];
    memset(m, 0, sizeof *m);
    m->id = i + 1;
    m->name = "党员";
    m->has_office = office;
    snprintf(f->join[i], sizeof f->join[i], "%s", join);
    f->leave[i][0] = f->since[i][0] = f->contact[i][0] = '\0';
    m->join_date = f->join[i];
    m->leave_date = f->leave[i];
    m->mobile_since = f->since[i];
    m->last_contact = f->contact[i];
    struct zdate jd;
    date_parse(join, &jd);
    m->dues = (struct dues_facts){.join_ym = dues_ym_of_date(jd), .start_ym = YM(2024, 1),
                                  .bases = FARMER, .nbases = 1, .paid = f->paid[i]};
    for (int ym = YM(2024, 1); ym <= YM(2025, 12); ym++)
        if (ym >= m->dues.join_ym) set_paid(f, i, ym, 50);
    if (!office) {
        int h = f->in.nholdings++;
        snprintf(f->report[h], sizeof f->report[h], "2025-09-15");
        f->holdings[h] = (struct audit_holding){.id = 101 + i, .member_id = m->id,
                                                .claimed = D(2025, 1, 1), .last_report = f->report[h]};
    }
    return i;
}

static void set_leave(struct fx *f, int i, const char *date)
{
    snprintf(f->leave[i], sizeof f->leave[i], "%s", date);
    struct zdate d;
    date_parse(date, &d);
    f->members[i].dues.leave_ym = dues_ym_of_date(d);
}

/* The passing branch: a secretary and four members in one group, October 2025 on 2025-11-05,
 * every month of 2025 with its meetings. */
static struct fx *fixture(void)
{
    struct fx *f = &FX;
    audit_result_free(&f->r);
    memset(f, 0, sizeof *f);
    default_rules(&f->rules);
    f->in.branch_id = 3;
    f->in.year = 2025;
    f->in.month = 10;
    f->in.today = D(2025, 11, 5);
    f->in.since = D(2024, 1, 1);
    f->in.meetings = f->meetings;
    f->in.groups = f->groups;
    f->in.members = f->members;
    f->in.holdings = f->holdings;
    f->groups[0] = (struct audit_group){7, "第一党小组", "", "", 2};
    f->in.ngroups = 1;
    for (int mo = 1; mo <= 10; mo++) add_month_meetings(f, 2025, mo);
    add_member(f, "2010-03-01", true);
    for (int i = 0; i < 4; i++) add_member(f, "2015-06-01", false);
    return f;
}

/* Drop the records of one kind (and group) dated in y-mo. */
static void drop_meetings(struct fx *f, int y, int mo, enum meeting_kind kind)
{
    int n = 0;
    for (int i = 0; i < f->in.nmeetings; i++) {
        const struct audit_meeting *m = &f->meetings[i];
        if (m->f.date.y == y && m->f.date.m == mo && m->f.kind == kind) continue;
        f->meetings[n++] = *m;
    }
    f->in.nmeetings = n;
}

static void set_month(struct fx *f, int y, int mo, struct zdate today)
{
    f->in.year = y;
    f->in.month = mo;
    f->in.today = today;
}

static const struct audit_result *run(struct fx *f)
{
    audit_result_free(&f->r);
    audit_branch(&f->in, &f->rules, &f->r);
    return &f->r;
}

/* The n-th reason of an item (NULL if none). */
/* The n-th reason of item, or NULL. */
static const struct audit_reason *find_reason(const struct audit_result *r, enum audit_item item, int n)
{
    for (int i = 0; i < r->nreasons; i++)
        if (r->reasons[i].item == item && n-- == 0) return &r->reasons[i];
    return NULL;
}

/* The n-th reason of item; when there is none the test fails at the caller's line and an empty
 * reason (no text, no refs) stands in, so the checks after it read zeros instead of crashing. */
static const struct audit_reason *reason_at(const char *file, int line, const struct audit_result *r,
                                            enum audit_item item, int n)
{
    static const struct audit_reason none;
    const struct audit_reason *x = find_reason(r, item, n);
    if (x) return x;
    test_fail(file, line, "no reason %d of item %d (%d reasons in all)", n, (int)item, r->nreasons);
    return &none;
}
#define reason(r, item, n) reason_at(__FILE__, __LINE__, (r), (item), (n))

static const char *reason_text(const struct audit_result *r, enum audit_item item, int n)
{
    const struct audit_reason *x = find_reason(r, item, n);
    return x ? x->text : "(none)";
}

static int count_item(const struct audit_result *r, enum audit_item item)
{
    int n = 0;
    for (int i = 0; i < r->nreasons; i++) n += r->reasons[i].item == item;
    return n;
}

/* ---- labels ---- */

TEST(audit_item_label_never_a_code)
{
    for (int i = 0; i < AI_COUNT; i++) CHECK_STR(audit_item_label(AUDIT_ITEMS[i].code), AUDIT_ITEMS[i].label);
    CHECK_STR(audit_item_label("overall"), "总体");
    CHECK_STR(audit_item_label("nonsense"), "其他项目");
    CHECK_STR(audit_item_label(""), "其他项目");
    CHECK_STR(audit_item_label(NULL), "其他项目");
}

TEST(audit_items_codes_and_labels)
{
    CHECK_INT(code_count(AUDIT_ITEMS), AI_COUNT);
    CHECK_STR(AUDIT_ITEMS[AI_MEETINGS].code, "meetings");
    CHECK_STR(AUDIT_ITEMS[AI_MEETINGS].label, "三会一课");
    CHECK_STR(AUDIT_ITEMS[AI_THEME_DAY].label, "主题党日");
    CHECK_STR(AUDIT_ITEMS[AI_RECORDS].label, "记录规范");
    CHECK_STR(AUDIT_ITEMS[AI_MEMBERS].label, "党员管理");
    CHECK_STR(AUDIT_ITEMS[AI_DUES].label, "党费收缴");
    CHECK_STR(AUDIT_ITEMS[AI_POSTS].code, "posts");
    CHECK_STR(AUDIT_ITEMS[AI_POSTS].label, "设岗定责");
    CHECK_INT(audit_item_of_code("dues"), AI_DUES);
    CHECK_INT(audit_item_of_code("theme_day"), AI_THEME_DAY);
    CHECK_INT(audit_item_of_code("overall"), -1);
    CHECK_INT(audit_item_of_code(NULL), -1);
    CHECK_STR(audit_item_short(AI_MEETINGS), "三会");
    CHECK_STR(audit_item_short(AI_THEME_DAY), "党日");
    CHECK_STR(audit_item_short(AI_RECORDS), "记录");
    CHECK_STR(audit_item_short(AI_MEMBERS), "党员");
    CHECK_STR(audit_item_short(AI_DUES), "党费");
    CHECK_STR(audit_item_short(AI_POSTS), "设岗");
    CHECK_STR(audit_item_short(AI_COUNT), "");
}

TEST(audit_states_verdicts_rectify_labels)
{
    CHECK_STR(audit_state_label(AS_PASS), "达标");
    CHECK_STR(audit_state_label(AS_FAIL), "未达标");
    CHECK_STR(audit_state_label(AS_PENDING), "待定");
    CHECK_STR(audit_state_mark(AS_PASS), "✓");
    CHECK_STR(audit_state_mark(AS_FAIL), "✗");
    CHECK_STR(audit_state_mark(AS_PENDING), "△");
    CHECK_INT(code_count(VERDICTS), 3);
    CHECK_STR(code_label_of(VERDICTS, "pass"), "合格");
    CHECK_STR(code_label_of(VERDICTS, "rectify"), "需整改");
    CHECK_STR(code_label_of(VERDICTS, "fail"), "不合格");
    CHECK_INT(code_count(RECTIFY_STATES), 3);
    CHECK_STR(code_label_of(RECTIFY_STATES, "open"), "整改中");
    CHECK_STR(code_label_of(RECTIFY_STATES, "done"), "已整改待确认");
    CHECK_STR(code_label_of(RECTIFY_STATES, "confirmed"), "已确认");
}

/* ---- the whole month ---- */

TEST(audit_good_branch_passes_every_item)
{
    struct fx *f = fixture();
    const struct audit_result *r = run(f);
    for (int i = 0; i < AI_COUNT; i++) {
        CHECK_INT(r->state[i], AS_PASS);
        CHECK_INT(r->deduction[i], 0);
    }
    CHECK_INT(r->nreasons, 0);
    CHECK_INT(r->score, 100);
    CHECK_INT(r->branch_id, 3);
    CHECK_INT(r->year, 2025);
    CHECK_INT(r->month, 10);
    CHECK_INT(r->members, 5);
    CHECK_INT(r->meetings_held[MK_COMMITTEE], 1);
    CHECK_INT(r->meetings_held[MK_GROUP], 1);
    CHECK_INT(r->meetings_held[MK_GENERAL], 1);
    CHECK_INT(r->meetings_held[MK_THEME_DAY], 1); /* the general meeting also counts */
    CHECK_INT(r->meetings_held[MK_LECTURE], 1);
    CHECK_INT(r->meetings_held[MK_TALK], 0);
    CHECK_INT(r->dues_expected, 250);
    CHECK_INT(r->dues_collected, 250);
    CHECK_INT(r->post_eligible, 4);
    CHECK_INT(r->post_covered, 4);
    CHECK_STR(audit_suggest_verdict(r, &f->rules), "pass");
}

/* ---- 三会一课 ---- */

TEST(audit_committee_missing_fails_once_month_over)
{
    struct fx *f = fixture();
    drop_meetings(f, 2025, 10, MK_COMMITTEE);
    const struct audit_result *r = run(f);
    CHECK_INT(r->state[AI_MEETINGS], AS_FAIL);
    CHECK_INT(count_item(r, AI_MEETINGS), 1);
    CHECK_STR(reason_text(r, AI_MEETINGS, 0), "10月未召开支部委员会");
    CHECK(reason(r, AI_MEETINGS, 0)->fails);
    CHECK_INT(r->deduction[AI_MEETINGS], 30);
    CHECK_INT(r->score, 70);
    CHECK_INT(r->meetings_held[MK_COMMITTEE], 0);
    CHECK_STR(audit_suggest_verdict(r, &f->rules), "fail");
}

TEST(audit_committee_missing_pending_while_month_runs)
{
    struct fx *f = fixture();
    drop_meetings(f, 2025, 10, MK_COMMITTEE);
    f->in.today = D(2025, 10, 31); /* the last day: not over yet */
    const struct audit_result *r = run(f);
    CHECK_INT(r->state[AI_MEETINGS], AS_PENDING);
    CHECK_STR(reason_text(r, AI_MEETINGS, 0), "本月尚未召开支部委员会");
    CHECK(!reason(r, AI_MEETINGS, 0)->fails);
    CHECK_INT(r->deduction[AI_MEETINGS], 0);
    CHECK_INT(r->score, 100);
    CHECK_STR(audit_suggest_verdict(r, &f->rules), "pass");
    f->in.today = D(2025, 11, 1); /* the day after: 未达标 */
    r = run(f);
    CHECK_INT(r->state[AI_MEETINGS], AS_FAIL);
}

TEST(audit_committee_twice_required_counts_held)
{
    struct fx *f = fixture();
    f->rules.freq.committee_per_month = 2;
    const struct audit_result *r = run(f);
    CHECK_STR(reason_text(r, AI_MEETINGS, 0), "10月支部委员会仅召开1次，应召开2次");
    CHECK_INT(r->state[AI_MEETINGS], AS_FAIL);
    f->in.today = D(2025, 10, 20);
    r = run(f);
    CHECK_STR(reason_text(r, AI_MEETINGS, 0), "本月支部委员会已召开1次，应召开2次");
    CHECK_INT(r->state[AI_MEETINGS], AS_PENDING);
}

TEST(audit_meeting_on_month_last_day_counts_next_day_does_not)
{
    struct fx *f = fixture();
    drop_meetings(f, 2025, 10, MK_COMMITTEE);
    int i = add_meeting(f, 900, D(2025, 10, 31), MK_COMMITTEE, 0, 0);
    const struct audit_result *r = run(f);
    CHECK_INT(r->state[AI_MEETINGS], AS_PASS);
    CHECK_INT(r->meetings_held[MK_COMMITTEE], 1);
    f->meetings[i].f.date = D(2025, 11, 1); /* outside the month: ignored */
    r = run(f);
    CHECK_INT(r->state[AI_MEETINGS], AS_FAIL);
    CHECK_INT(r->meetings_held[MK_COMMITTEE], 0);
    f->meetings[i].f.date = D(2025, 9, 30); /* September's second one does not help October */
    r = run(f);
    CHECK_INT(r->state[AI_MEETINGS], AS_FAIL);
}

TEST(audit_voided_fact_is_ignored)
{
    struct fx *f = fixture();
    drop_meetings(f, 2025, 10, MK_COMMITTEE);
    int i = add_meeting(f, 900, D(2025, 10, 20), MK_COMMITTEE, 0, 0);
    f->meetings[i].f.voided = true;
    f->meetings[i].missing_mask = ME_PLACE;
    const struct audit_result *r = run(f);
    CHECK_INT(r->state[AI_MEETINGS], AS_FAIL);
    CHECK_INT(r->state[AI_RECORDS], AS_PASS);
    CHECK_INT(r->meetings_held[MK_COMMITTEE], 0);
}

TEST(audit_group_missing_names_the_group)
{
    struct fx *f = fixture();
    f->groups[1] = (struct audit_group){8, "第二党小组", "", "", 2};
    f->in.ngroups = 2;
    const struct audit_result *r = run(f);
    CHECK_INT(r->state[AI_MEETINGS], AS_FAIL);
    CHECK_INT(count_item(r, AI_MEETINGS), 1);
    CHECK_STR(reason_text(r, AI_MEETINGS, 0), "第二党小组10月未召开党小组会");
    CHECK_INT(reason(r, AI_MEETINGS, 0)->nrefs, 1);
    CHECK_INT(reason(r, AI_MEETINGS, 0)->refs[0].kind, REF_GROUP);
    CHECK_INT(reason(r, AI_MEETINGS, 0)->refs[0].id, 8);
    /* a meeting of group 7 does not count for group 8 */
    add_meeting(f, 901, D(2025, 10, 25), MK_GROUP, 0, 7);
    r = run(f);
    CHECK_INT(r->state[AI_MEETINGS], AS_FAIL);
    add_meeting(f, 902, D(2025, 10, 26), MK_GROUP, 0, 8);
    r = run(f);
    CHECK_INT(r->state[AI_MEETINGS], AS_PASS);
    CHECK_INT(r->meetings_held[MK_GROUP], 3);
    f->in.today = D(2025, 10, 28);
    drop_meetings(f, 2025, 10, MK_GROUP);
    r = run(f);
    CHECK_STR(reason_text(r, AI_MEETINGS, 0), "第一党小组本月尚未召开党小组会");
    CHECK_STR(reason_text(r, AI_MEETINGS, 1), "第二党小组本月尚未召开党小组会");
    CHECK_INT(r->state[AI_MEETINGS], AS_PENDING);
}

TEST(audit_branch_without_groups_has_no_group_requirement)
{
    struct fx *f = fixture();
    f->in.ngroups = 0;
    f->in.groups = NULL;
    drop_meetings(f, 2025, 10, MK_GROUP);
    const struct audit_result *r = run(f);
    CHECK_INT(r->state[AI_MEETINGS], AS_PASS);
    CHECK_INT(r->nreasons, 0);
}

TEST(audit_general_meeting_quarter_end_fails)
{
    struct fx *f = fixture();
    for (int mo = 7; mo <= 9; mo++) drop_meetings(f, 2025, mo, MK_GENERAL);
    for (int mo = 7; mo <= 9; mo++) add_meeting(f, 500 + mo, D(2025, mo, 15), MK_THEME_DAY, MK_BIT(MK_LECTURE), 0);
    set_month(f, 2025, 9, D(2025, 10, 5));
    const struct audit_result *r = run(f);
    CHECK_INT(r->state[AI_MEETINGS], AS_FAIL);
    CHECK_STR(reason_text(r, AI_MEETINGS, 0), "第三季度未召开支部党员大会");
    CHECK_INT(count_item(r, AI_MEETINGS), 1);
    CHECK_INT(r->state[AI_THEME_DAY], AS_PASS);
    /* August: the quarter has a month to go — 待定, even when reviewed later */
    set_month(f, 2025, 8, D(2025, 10, 5));
    r = run(f);
    CHECK_INT(r->state[AI_MEETINGS], AS_PENDING);
    CHECK_STR(reason_text(r, AI_MEETINGS, 0), "本季度尚未召开支部党员大会（季末前待定）");
    CHECK_INT(r->score, 100);
    /* September not yet over */
    set_month(f, 2025, 9, D(2025, 9, 30));
    r = run(f);
    CHECK_INT(r->state[AI_MEETINGS], AS_PENDING);
    /* one held in July counts for September (the quarter up to month end) */
    add_meeting(f, 600, D(2025, 7, 1), MK_GENERAL, 0, 0);
    set_month(f, 2025, 9, D(2025, 10, 5));
    r = run(f);
    CHECK_INT(r->state[AI_MEETINGS], AS_PASS);
    CHECK_INT(r->meetings_held[MK_GENERAL], 0); /* none in September itself */
}

TEST(audit_general_meeting_after_month_end_does_not_count)
{
    struct fx *f = fixture();
    /* Q4: nothing held in October; November's (after the audited month) does not count */
    drop_meetings(f, 2025, 10, MK_GENERAL);
    add_meeting(f, 700, D(2025, 10, 15), MK_THEME_DAY, MK_BIT(MK_LECTURE), 0);
    add_meeting(f, 701, D(2025, 11, 3), MK_GENERAL, 0, 0);
    const struct audit_result *r = run(f);
    CHECK_INT(r->state[AI_MEETINGS], AS_PENDING);
    CHECK_STR(reason_text(r, AI_MEETINGS, 0), "本季度尚未召开支部党员大会（季末前待定）");
}

TEST(audit_december_lecture_missing_fails_also_counts)
{
    struct fx *f = fixture();
    for (int mo = 11; mo <= 12; mo++) {
        add_meeting(f, mo * 10 + 1, D(2025, mo, 10), MK_COMMITTEE, 0, 0);
        add_meeting(f, mo * 10 + 2, D(2025, mo, 12), MK_GROUP, 0, 7);
        add_meeting(f, mo * 10 + 3, D(2025, mo, 15), MK_THEME_DAY, 0, 0);
    }
    /* October's general meeting counted as theme day and lecture: drop the lecture */
    for (int i = 0; i < f->in.nmeetings; i++)
        if (f->meetings[i].id == 103) f->meetings[i].f.also_mask = MK_BIT(MK_THEME_DAY);
    set_month(f, 2025, 12, D(2026, 1, 6));
    const struct audit_result *r = run(f);
    CHECK_INT(r->state[AI_MEETINGS], AS_FAIL);
    CHECK_INT(count_item(r, AI_MEETINGS), 1);
    CHECK_STR(reason_text(r, AI_MEETINGS, 0), "第四季度未开展党课");
    /* a committee meeting that also counts as a lecture fills it */
    f->meetings[f->in.nmeetings - 3].f.also_mask = MK_BIT(MK_LECTURE);
    r = run(f);
    CHECK_INT(r->state[AI_MEETINGS], AS_PASS);
    CHECK_INT(r->meetings_held[MK_LECTURE], 1);
    CHECK_INT(r->meetings_held[MK_COMMITTEE], 1);
}

TEST(audit_theme_day_rule_and_also_counts)
{
    struct fx *f = fixture();
    for (int i = 0; i < f->in.nmeetings; i++)
        if (f->meetings[i].id == 103) f->meetings[i].f.also_mask = MK_BIT(MK_LECTURE);
    const struct audit_result *r = run(f);
    CHECK_INT(r->state[AI_THEME_DAY], AS_FAIL);
    CHECK_INT(r->state[AI_MEETINGS], AS_PASS);
    CHECK_INT(count_item(r, AI_THEME_DAY), 1);
    CHECK_STR(reason_text(r, AI_THEME_DAY, 0), "10月未开展主题党日");
    CHECK_INT(r->deduction[AI_THEME_DAY], 15);
    CHECK_INT(r->score, 85);
    CHECK_STR(audit_suggest_verdict(r, &f->rules), "rectify");
    CHECK_INT(r->meetings_held[MK_THEME_DAY], 0);
    f->in.today = D(2025, 10, 16);
    r = run(f);
    CHECK_INT(r->state[AI_THEME_DAY], AS_PENDING);
    CHECK_STR(reason_text(r, AI_THEME_DAY, 0), "本月尚未开展主题党日");
}

/* ---- 记录规范 ---- */

TEST(audit_records_incomplete_and_quorum)
{
    struct fx *f = fixture();
    f->meetings[f->in.nmeetings - 3].missing_mask = ME_PLACE | ME_RECORDER; /* October's committee */
    f->meetings[f->in.nmeetings - 1].missing_mask = ME_MINUTES;             /* and general */
    f->meetings[f->in.nmeetings - 1].quorum = QUORUM_NOT_MET;
    f->meetings[0].missing_mask = ME_PLACE; /* January: not this month */
    f->meetings[0].quorum = QUORUM_NOT_MET;
    const struct audit_result *r = run(f);
    CHECK_INT(r->state[AI_RECORDS], AS_FAIL);
    CHECK_INT(count_item(r, AI_RECORDS), 2);
    CHECK_STR(reason_text(r, AI_RECORDS, 0), "2条记录要素不全");
    const struct audit_reason *x = reason(r, AI_RECORDS, 0);
    CHECK_INT(x->nrefs, 2);
    CHECK_INT(x->refs[0].kind, REF_MEETING);
    CHECK_INT(x->refs[0].id, 101);
    CHECK_INT(x->refs[1].id, 103);
    CHECK_STR(reason_text(r, AI_RECORDS, 1), "1条记录不足法定人数");
    CHECK_INT(reason(r, AI_RECORDS, 1)->refs[0].id, 103);
    CHECK_INT(r->deduction[AI_RECORDS], 15);
    CHECK_INT(r->score, 85);
    /* 待定 does not apply: a bad record is bad while the month runs */
    f->in.today = D(2025, 10, 20);
    r = run(f);
    CHECK_INT(r->state[AI_RECORDS], AS_FAIL);
}

TEST(audit_records_late_entry_edge)
{
    struct fx *f = fixture();
    struct audit_meeting *m = &f->meetings[f->in.nmeetings - 3]; /* committee 2025-10-10 */
    snprintf(m->created_at, sizeof m->created_at, "2025-10-17T09:00:00Z"); /* exactly 7 days */
    const struct audit_result *r = run(f);
    CHECK_INT(r->state[AI_RECORDS], AS_PASS);
    snprintf(m->created_at, sizeof m->created_at, "2025-10-18T09:00:00Z"); /* 8 days: 补记 */
    r = run(f);
    CHECK_INT(r->state[AI_RECORDS], AS_FAIL);
    CHECK_STR(reason_text(r, AI_RECORDS, 0), "1条记录补记");
    CHECK_INT(reason(r, AI_RECORDS, 0)->refs[0].id, 101);
    f->rules.late_entry_days = 8;
    r = run(f);
    CHECK_INT(r->state[AI_RECORDS], AS_PASS);
}

TEST(audit_records_none_in_month_pass)
{
    struct fx *f = fixture();
    drop_meetings(f, 2025, 10, MK_COMMITTEE);
    drop_meetings(f, 2025, 10, MK_GROUP);
    drop_meetings(f, 2025, 10, MK_GENERAL);
    const struct audit_result *r = run(f);
    CHECK_INT(r->state[AI_RECORDS], AS_PASS);
    CHECK_INT(r->state[AI_MEETINGS], AS_FAIL);
    CHECK_INT(r->state[AI_THEME_DAY], AS_FAIL);
    /* committee and group fail; the quarter's general meeting and lecture are 待定 in October */
    CHECK_INT(count_item(r, AI_MEETINGS), 4);
    CHECK_STR(reason_text(r, AI_MEETINGS, 0), "10月未召开支部委员会");
    CHECK_STR(reason_text(r, AI_MEETINGS, 1), "第一党小组10月未召开党小组会");
    CHECK_STR(reason_text(r, AI_MEETINGS, 2), "本季度尚未召开支部党员大会（季末前待定）");
    CHECK_STR(reason_text(r, AI_MEETINGS, 3), "本季度尚未开展党课（季末前待定）");
    CHECK(!reason(r, AI_MEETINGS, 2)->fails);
    CHECK_INT(r->score, 55);
    CHECK_STR(audit_suggest_verdict(r, &f->rules), "fail");
}

/* ---- 党员管理 ---- */

TEST(audit_members_probation_overdue_edge)
{
    struct fx *f = fixture();
    int i = add_member(f, "2024-10-31", false);
    f->members[i].probationary = true; /* due 2025-10-31: not overdue on month end */
    const struct audit_result *r = run(f);
    CHECK_INT(r->state[AI_MEMBERS], AS_PASS);
    snprintf(f->join[i], sizeof f->join[i], "2024-10-30"); /* due the 30th: overdue on the 31st */
    r = run(f);
    CHECK_INT(r->state[AI_MEMBERS], AS_FAIL);
    CHECK_STR(reason_text(r, AI_MEMBERS, 0), "1名预备党员超期未转正");
    CHECK_INT(reason(r, AI_MEMBERS, 0)->refs[0].kind, REF_MEMBER);
    CHECK_INT(reason(r, AI_MEMBERS, 0)->refs[0].id, f->members[i].id);
    CHECK_INT(r->deduction[AI_MEMBERS], 15);
    /* in a month still running it is judged as of today */
    f->in.today = D(2025, 10, 30);
    r = run(f);
    CHECK_INT(r->state[AI_MEMBERS], AS_PASS);
    /* one who left during the month is not checked */
    f->in.today = D(2025, 11, 5);
    set_leave(f, i, "2025-10-31");
    r = run(f);
    CHECK_INT(r->state[AI_MEMBERS], AS_PASS);
    CHECK_INT(r->members, 5);
}

/* issue 14: a probation extended (延长预备期) is due at its new end, not overdue before it */
TEST(audit_members_probation_extended_not_overdue)
{
    struct fx *f = fixture();
    int i = 1;
    f->members[i].probationary = true;
    snprintf(f->join[i], sizeof f->join[i], "2024-08-01"); /* due 2025-08-01 */
    const struct audit_result *r = run(f);
    CHECK_STR(reason_text(r, AI_MEMBERS, 0), "1名预备党员超期未转正");
    f->members[i].probation_until = "2026-02-01";
    r = run(f);
    CHECK_INT(r->state[AI_MEMBERS], AS_PASS);
    f->members[i].probation_until = "2025-10-15"; /* extended, and that end passed too */
    r = run(f);
    CHECK_INT(r->state[AI_MEMBERS], AS_FAIL);
    f->members[i].probation_until = "2025-1x-15"; /* bad input: ignored, the first end counts */
    r = run(f);
    CHECK_INT(r->state[AI_MEMBERS], AS_FAIL);
}

TEST(audit_members_mobile_contact_edge)
{
    struct fx *f = fixture();
    struct audit_member *m = &f->members[2];
    m->mobile = true;
    snprintf(f->since[2], sizeof f->since[2], "2025-01-01");
    snprintf(f->contact[2], sizeof f->contact[2], "2025-05-01"); /* 5 whole months to 10-31 */
    const struct audit_result *r = run(f);
    CHECK_INT(r->state[AI_MEMBERS], AS_PASS);
    snprintf(f->contact[2], sizeof f->contact[2], "2025-04-30"); /* 6 months */
    r = run(f);
    CHECK_INT(r->state[AI_MEMBERS], AS_FAIL);
    CHECK_STR(reason_text(r, AI_MEMBERS, 0), "1名流动党员超过6个月未联系");
    CHECK_INT(reason(r, AI_MEMBERS, 0)->refs[0].id, 3);
    f->contact[2][0] = '\0'; /* never contacted: from going away, 9 months */
    f->members[3].mobile = true;
    snprintf(f->since[3], sizeof f->since[3], "2024-12-01");
    f->rules.mobile_contact_months = 10;
    r = run(f);
    CHECK_STR(reason_text(r, AI_MEMBERS, 0), "1名流动党员超过10个月未联系");
    CHECK_INT(reason(r, AI_MEMBERS, 0)->refs[0].id, 4);
}

/* ---- 党费收缴 ---- */

TEST(audit_dues_unpaid_and_partly_after_month)
{
    struct fx *f = fixture();
    set_paid(f, 1, YM(2025, 10), 0);
    set_paid(f, 2, YM(2025, 10), 30);
    const struct audit_result *r = run(f);
    CHECK_INT(r->state[AI_DUES], AS_FAIL);
    CHECK_INT(count_item(r, AI_DUES), 1);
    CHECK_STR(reason_text(r, AI_DUES, 0), "2名党员10月党费未交清");
    CHECK_INT(reason(r, AI_DUES, 0)->nrefs, 2);
    CHECK_INT(reason(r, AI_DUES, 0)->refs[0].id, 2);
    CHECK_INT(reason(r, AI_DUES, 0)->refs[1].id, 3);
    CHECK_INT(r->dues_expected, 250);
    CHECK_INT(r->dues_collected, 180);
    CHECK_INT(r->deduction[AI_DUES], 15);
    /* during the month nothing is said about it yet */
    f->in.today = D(2025, 10, 31);
    r = run(f);
    CHECK_INT(r->state[AI_DUES], AS_PASS);
    CHECK_INT(count_item(r, AI_DUES), 0);
    CHECK_INT(r->dues_collected, 180);
}

TEST(audit_dues_deferred_month_not_listed)
{
    struct fx *f = fixture();
    set_paid(f, 1, YM(2025, 10), 0);
    f->adjust[1] = (struct dues_adjust){YM(2025, 10), YM(2025, 10), DUES_DEFER, 0};
    f->members[1].dues.adjusts = &f->adjust[1];
    f->members[1].dues.nadjusts = 1;
    const struct audit_result *r = run(f);
    CHECK_INT(r->state[AI_DUES], AS_PASS);
    CHECK_INT(r->dues_expected, 250);
    CHECK_INT(r->dues_collected, 200);
}

TEST(audit_dues_arrears_talk_and_lapse)
{
    struct fx *f = fixture();
    for (int mo = 8; mo <= 10; mo++) set_paid(f, 1, YM(2025, mo), 0); /* owes 3 months at Nov */
    const struct audit_result *r = run(f);
    CHECK_INT(r->state[AI_DUES], AS_FAIL);
    CHECK_STR(reason_text(r, AI_DUES, 0), "1名党员10月党费未交清");
    CHECK_STR(reason_text(r, AI_DUES, 1), "1名党员欠交党费满3个月");
    CHECK_INT(reason(r, AI_DUES, 1)->refs[0].id, 2);
    CHECK_INT(count_item(r, AI_DUES), 2);
    /* in October itself only Aug and Sep are owed */
    f->in.today = D(2025, 10, 25);
    r = run(f);
    CHECK_INT(r->state[AI_DUES], AS_PASS);
    f->in.today = D(2025, 11, 5);
    for (int mo = 5; mo <= 7; mo++) set_paid(f, 1, YM(2025, mo), 0); /* May..Oct: six in a row */
    r = run(f);
    CHECK_INT(count_item(r, AI_DUES), 3);
    CHECK_STR(reason_text(r, AI_DUES, 2), "1名党员连续6个月未交党费");
    CHECK_INT(r->deduction[AI_DUES], 15); /* one item, one deduction */
    CHECK_INT(r->score, 85);
}

TEST(audit_dues_members_joining_and_leaving_mid_month)
{
    struct fx *f = fixture();
    int j = add_member(f, "2025-10-15", false); /* joins mid-month: owes October */
    set_paid(f, j, YM(2025, 10), 0);
    int l = 1;
    set_leave(f, l, "2025-10-20");                /* leaves mid-month: still owes October */
    set_paid(f, l, YM(2025, 10), 0);
    for (int mo = 7; mo <= 9; mo++) set_paid(f, l, YM(2025, mo), 0);
    const struct audit_result *r = run(f);
    CHECK_INT(r->members, 5); /* 5 - 1 left + 1 joined */
    CHECK_STR(reason_text(r, AI_DUES, 0), "2名党员10月党费未交清");
    CHECK_INT(reason(r, AI_DUES, 0)->refs[0].id, 2);
    CHECK_INT(reason(r, AI_DUES, 0)->refs[1].id, f->members[j].id);
    /* the one who left is no longer chased for arrears */
    CHECK_INT(count_item(r, AI_DUES), 1);
    CHECK_INT(r->dues_expected, 300);
    CHECK_INT(r->dues_collected, 200);
    /* one who left before the month owes nothing */
    set_leave(f, l, "2025-09-20");
    r = run(f);
    CHECK_STR(reason_text(r, AI_DUES, 0), "1名党员10月党费未交清");
    CHECK_INT(r->dues_expected, 250);
}

/* issue 14: an employed or retired member with no base (待核) owes nothing that can be unpaid,
 * so the base itself is the problem; a waiver covers it, a farmer needs none. */
TEST(audit_dues_employed_without_base_is_listed)
{
    static const struct dues_basis NO_BASE[] = {{.from_ym = 0, .category = "employed", .base_fen = 0}};
    static const struct dues_basis RETIRED0[] = {{.from_ym = 0, .category = "retired", .base_fen = 0}};
    static const struct dues_basis BASED[] = {{.from_ym = 0, .category = "retired", .base_fen = 400000}};
    struct fx *f = fixture();
    f->rules.dues.retired_bound1 = 500000;
    f->rules.dues.retired_rate1 = 50;
    f->members[1].dues.bases = NO_BASE;
    f->members[2].dues.bases = RETIRED0;
    const struct audit_result *r = run(f);
    CHECK_INT(r->state[AI_DUES], AS_FAIL);
    CHECK_STR(reason_text(r, AI_DUES, 0), "2名党员未核定党费基数");
    CHECK_INT(reason(r, AI_DUES, 0)->nrefs, 2);
    CHECK_INT(reason(r, AI_DUES, 0)->refs[0].id, 2);
    CHECK_INT(reason(r, AI_DUES, 0)->refs[1].id, 3);
    CHECK_INT(count_item(r, AI_DUES), 1); /* the paid 50 分 is not "unpaid" */
    /* known now: listed while the month runs too */
    f->in.today = D(2025, 10, 20);
    r = run(f);
    CHECK_STR(reason_text(r, AI_DUES, 0), "2名党员未核定党费基数");
    f->in.today = D(2025, 11, 5);
    /* a base set: no longer listed (and now owes 20.00 a month, paid 0.50: unpaid) */
    f->members[2].dues.bases = BASED;
    r = run(f);
    CHECK_STR(reason_text(r, AI_DUES, 0), "1名党员未核定党费基数");
    CHECK_STR(reason_text(r, AI_DUES, 1), "1名党员10月党费未交清");
    /* a waiver for the month: nothing owed, no base needed */
    f->adjust[1] = (struct dues_adjust){YM(2025, 10), YM(2025, 10), DUES_WAIVE, 0};
    f->members[1].dues.adjusts = &f->adjust[1];
    f->members[1].dues.nadjusts = 1;
    r = run(f);
    CHECK_STR(reason_text(r, AI_DUES, 0), "1名党员10月党费未交清");
    CHECK_INT(count_item(r, AI_DUES), 2); /* and 欠交满3个月 (0.50 paid of 20.00 since 2024) */
    /* one who left before the month is not asked for a base */
    f->members[1].dues.nadjusts = 0;
    set_leave(f, 1, "2025-09-20");
    r = run(f);
    CHECK_STR(reason_text(r, AI_DUES, 0), "1名党员10月党费未交清");
    CHECK_INT(count_item(r, AI_DUES), 2);
}

/* issue 14: one who left on the 1st owes nothing for that month (dues_leave_ym) */
TEST(audit_dues_left_on_the_first_owes_nothing_that_month)
{
    struct fx *f = fixture();
    set_paid(f, 1, YM(2025, 10), 0);
    snprintf(f->leave[1], sizeof f->leave[1], "2025-10-01");
    f->members[1].dues.leave_ym = dues_leave_ym(D(2025, 10, 1), -1, f->members[1].dues.join_ym);
    const struct audit_result *r = run(f);
    CHECK_INT(r->state[AI_DUES], AS_PASS);
    CHECK_INT(r->dues_expected, 200);
}

/* ---- 设岗定责 ---- */

TEST(audit_posts_coverage_threshold_edges)
{
    struct fx *f = fixture();
    add_member(f, "2015-06-01", false); /* five eligible, all covered */
    f->in.nholdings--;                  /* the fifth has no post: 4/5 = 80% */
    const struct audit_result *r = run(f);
    CHECK_INT(r->post_eligible, 5);
    CHECK_INT(r->post_covered, 4);
    CHECK_INT(r->state[AI_POSTS], AS_PASS);
    f->in.nholdings--; /* 3/5 = 60% */
    r = run(f);
    CHECK_INT(r->state[AI_POSTS], AS_FAIL);
    CHECK_STR(reason_text(r, AI_POSTS, 0), "设岗覆盖率60%，低于80%");
    const struct audit_reason *x = reason(r, AI_POSTS, 0);
    CHECK_INT(x->nrefs, 2);
    CHECK_INT(x->refs[0].kind, REF_MEMBER);
    CHECK_INT(x->refs[0].id, 5);
    CHECK_INT(x->refs[1].id, 6);
    CHECK_INT(r->deduction[AI_POSTS], 10);
    CHECK_INT(r->score, 90);
    CHECK_STR(audit_suggest_verdict(r, &f->rules), "rectify");
    /* excused members leave the denominator: 3/3 */
    f->members[4].post_excused = true;
    f->members[5].post_excused = true;
    r = run(f);
    CHECK_INT(r->post_eligible, 3);
    CHECK_INT(r->post_covered, 3);
    CHECK_INT(r->state[AI_POSTS], AS_PASS);
}

TEST(audit_posts_nobody_eligible_passes)
{
    struct fx *f = fixture();
    for (int i = 1; i < f->in.nmembers; i++) f->members[i].post_excused = true;
    f->in.nholdings = 0;
    const struct audit_result *r = run(f);
    CHECK_INT(r->post_eligible, 0);
    CHECK_INT(r->state[AI_POSTS], AS_PASS);
}

TEST(audit_posts_ended_holding_not_covering)
{
    struct fx *f = fixture();
    f->holdings[0].ended = D(2025, 10, 31); /* ended on month end: not held that day */
    f->holdings[1].ended = D(2025, 10, 31);
    const struct audit_result *r = run(f);
    CHECK_INT(r->post_covered, 2);
    CHECK_STR(reason_text(r, AI_POSTS, 0), "设岗覆盖率50%，低于80%");
    f->holdings[0].ended = D(2025, 11, 1);
    f->holdings[1].ended = D(2025, 11, 1);
    r = run(f);
    CHECK_INT(r->post_covered, 4);
    CHECK_INT(r->state[AI_POSTS], AS_PASS);
}

/* The overdue reports are those post_report_due calls overdue on the day judged (the month's
 * end once it is over, else today): the engine tests the dates themselves, without formatting
 * the claim and parsing it again — a grid of claims (month ends that the months' step clamps),
 * last reports (none, not a date, before the claim, on each side of the due day) and steps. */
TEST(audit_posts_overdue_as_post_report_due)
{
    static const struct zdate CLAIMS[] = {{2025, 1, 31}, {2024, 11, 30}, {2025, 5, 31}, {2025, 7, 31},
                                          {2025, 8, 29}, {2025, 9, 30}, {2024, 2, 29}};
    static const char *const REPORTS[] = {"", "2025-7-31", "not a date", "2024-12-31", "2025-02-28",
                                          "2025-06-30", "2025-07-30", "2025-07-31", "2025-08-31",
                                          "2025-10-15", "2025-10-31"};
    static const int MONTHS[] = {1, 3, 4, 12};
    static const struct zdate TODAYS[] = {{2025, 11, 5}, {2025, 10, 15}, {2025, 10, 31}};
    for (size_t c = 0; c < ZB_ARRAY_LEN(CLAIMS); c++)
        for (size_t p = 0; p < ZB_ARRAY_LEN(REPORTS); p++)
            for (size_t k = 0; k < ZB_ARRAY_LEN(MONTHS); k++)
                for (size_t t = 0; t < ZB_ARRAY_LEN(TODAYS); t++) {
                    struct fx *f = fixture();
                    f->rules.post_report_months = MONTHS[k];
                    f->in.today = TODAYS[t];
                    f->holdings[0].claimed = CLAIMS[c];
                    snprintf(f->report[0], sizeof f->report[0], "%s", REPORTS[p]);
                    struct zdate end = {2025, 10, 31};
                    struct zdate as_of = date_cmp(TODAYS[t], end) > 0 ? end : TODAYS[t];
                    char claimed[DATE_STR_LEN];
                    date_format(CLAIMS[c], claimed);
                    struct report_due rd;
                    bool want = post_report_due(claimed, REPORTS[p], as_of, MONTHS[k], &rd) && rd.overdue;
                    const struct audit_result *r = run(f);
                    bool got = false;
                    for (int i = 0; i < r->nreasons; i++) {
                        const struct audit_reason *x = &r->reasons[i];
                        if (x->item != AI_POSTS || !strstr(x->text, "未汇报")) continue;
                        for (int j = 0; j < x->nrefs; j++) got = got || x->refs[j].id == f->holdings[0].id;
                    }
                    if (got != want)
                        test_fail(__FILE__, __LINE__, "claim %s, report \"%s\", %d months, today %d-%d-%d: %s",
                                  claimed, REPORTS[p], MONTHS[k], TODAYS[t].y, TODAYS[t].m, TODAYS[t].d,
                                  want ? "not overdue" : "overdue");
                }
}

TEST(audit_posts_overdue_reports_edge)
{
    struct fx *f = fixture();
    snprintf(f->report[0], sizeof f->report[0], "2025-07-31"); /* due 10-31: not overdue */
    const struct audit_result *r = run(f);
    CHECK_INT(r->state[AI_POSTS], AS_PASS);
    snprintf(f->report[0], sizeof f->report[0], "2025-07-30"); /* due 10-30: overdue */
    r = run(f);
    CHECK_INT(r->state[AI_POSTS], AS_FAIL);
    CHECK_STR(reason_text(r, AI_POSTS, 0), "1名在岗党员超过3个月未汇报");
    CHECK_INT(reason(r, AI_POSTS, 0)->refs[0].kind, REF_HOLDING);
    CHECK_INT(reason(r, AI_POSTS, 0)->refs[0].id, 102);
    /* a second post of the same member, never reported since its claim: one member, two refs */
    int h = f->in.nholdings++;
    f->report[h][0] = '\0';
    f->holdings[h] = (struct audit_holding){.id = 200, .member_id = 2, .claimed = D(2025, 3, 1),
                                            .last_report = f->report[h]};
    r = run(f);
    CHECK_STR(reason_text(r, AI_POSTS, 0), "1名在岗党员超过3个月未汇报");
    CHECK_INT(reason(r, AI_POSTS, 0)->nrefs, 2);
    CHECK_INT(reason(r, AI_POSTS, 0)->refs[1].id, 200);
    /* a holding that ended is not chased */
    f->holdings[0].ended = D(2025, 10, 1);
    f->holdings[h].ended = D(2025, 10, 1);
    r = run(f);
    CHECK_INT(count_item(r, AI_POSTS), 1); /* but coverage drops to 75% */
    CHECK_STR(reason_text(r, AI_POSTS, 0), "设岗覆盖率75%，低于80%");
}

/* ---- score ---- */

TEST(audit_score_uses_config_weights_and_floor)
{
    struct fx *f = fixture();
    drop_meetings(f, 2025, 10, MK_COMMITTEE);                     /* 三会一课 */
    set_paid(f, 1, YM(2025, 10), 0);                                /* 党费收缴 */
    f->rules.weight[AI_MEETINGS] = 40;
    f->rules.weight[AI_DUES] = 5;
    const struct audit_result *r = run(f);
    CHECK_INT(r->deduction[AI_MEETINGS], 40);
    CHECK_INT(r->deduction[AI_DUES], 5);
    CHECK_INT(r->deduction[AI_POSTS], 0);
    CHECK_INT(r->score, 55);
    f->rules.weight[AI_MEETINGS] = 90;
    f->rules.weight[AI_DUES] = 30;
    r = run(f);
    CHECK_INT(r->score, 0);
    CHECK_STR(audit_suggest_verdict(r, &f->rules), "fail");
    f->rules.weight[AI_MEETINGS] = 10;
    f->rules.weight[AI_DUES] = 10;
    r = run(f);
    CHECK_INT(r->score, 80); /* exactly pass_score: 需整改 */
    CHECK_STR(audit_suggest_verdict(r, &f->rules), "rectify");
    f->rules.pass_score = 81;
    CHECK_STR(audit_suggest_verdict(r, &f->rules), "fail");
}

/* ---- the branch and its month ---- */

TEST(audit_branch_created_after_month_pending_throughout)
{
    struct fx *f = fixture();
    f->in.since = D(2025, 11, 1);
    const struct audit_result *r = run(f);
    CHECK_INT(r->nreasons, AI_COUNT);
    for (int i = 0; i < AI_COUNT; i++) {
        CHECK_INT(r->state[i], AS_PENDING);
        CHECK_STR(reason_text(r, (enum audit_item)i, 0), "该月尚未建立台账");
        CHECK(!reason(r, (enum audit_item)i, 0)->fails);
    }
    CHECK_INT(r->score, 100);
    CHECK_STR(audit_suggest_verdict(r, &f->rules), "pass");
}

TEST(audit_branch_created_during_month)
{
    struct fx *f = fixture();
    f->in.since = D(2025, 10, 20);
    const struct audit_result *r = run(f);
    CHECK_INT(r->state[AI_MEETINGS], AS_PASS); /* what it recorded counts */
    drop_meetings(f, 2025, 10, MK_COMMITTEE);
    r = run(f);
    CHECK_INT(r->state[AI_MEETINGS], AS_PENDING);
    CHECK_STR(reason_text(r, AI_MEETINGS, 0), "10月未召开支部委员会（台账自10月20日建立）");
    CHECK_INT(r->score, 100);
    /* from its first full month the rule applies */
    f->in.since = D(2025, 10, 1);
    r = run(f);
    CHECK_INT(r->state[AI_MEETINGS], AS_FAIL);
    /* a ledger begun mid-quarter: December's missing general meeting is 待定 */
    for (int mo = 11; mo <= 12; mo++) add_month_meetings(f, 2025, mo);
    drop_meetings(f, 2025, 12, MK_GENERAL);
    add_meeting(f, 800, D(2025, 12, 15), MK_THEME_DAY, MK_BIT(MK_LECTURE), 0);
    drop_meetings(f, 2025, 11, MK_GENERAL);
    add_meeting(f, 801, D(2025, 11, 15), MK_THEME_DAY, 0, 0);
    add_meeting(f, 802, D(2025, 10, 1), MK_COMMITTEE, 0, 0);
    drop_meetings(f, 2025, 10, MK_GENERAL);
    add_meeting(f, 803, D(2025, 10, 15), MK_THEME_DAY, 0, 0);
    f->in.since = D(2025, 11, 5);
    set_month(f, 2025, 12, D(2026, 1, 5));
    r = run(f);
    CHECK_INT(r->state[AI_MEETINGS], AS_PENDING);
    CHECK_STR(reason_text(r, AI_MEETINGS, 0), "第四季度未召开支部党员大会（台账自11月5日建立）");
    f->in.since = D(2025, 10, 1);
    r = run(f);
    CHECK_INT(r->state[AI_MEETINGS], AS_FAIL);
    CHECK_STR(reason_text(r, AI_MEETINGS, 0), "第四季度未召开支部党员大会");
}

TEST(audit_month_without_members_pending)
{
    struct fx *f = fixture();
    f->in.nmembers = 0;
    f->in.nholdings = 0;
    const struct audit_result *r = run(f);
    CHECK_INT(r->members, 0);
    CHECK_INT(r->nreasons, AI_COUNT);
    for (int i = 0; i < AI_COUNT; i++) CHECK_INT(r->state[i], AS_PENDING);
    CHECK_STR(reason_text(r, AI_DUES, 0), "该月无在册党员");
    CHECK_INT(r->score, 100);
    CHECK_INT(r->meetings_held[MK_COMMITTEE], 1);
    /* everyone left during the month: nobody on the roster at month end */
    f = fixture();
    for (int i = 0; i < f->in.nmembers; i++) set_leave(f, i, "2025-10-15");
    r = run(f);
    CHECK_INT(r->members, 0);
    CHECK_STR(reason_text(r, AI_MEETINGS, 0), "该月无在册党员");
}

TEST(audit_bad_input_is_pending_not_crash)
{
    struct fx *f = fixture();
    f->in.month = 13;
    const struct audit_result *r = run(f);
    CHECK_INT(r->nreasons, 0);
    CHECK_INT(r->state[AI_MEETINGS], AS_PENDING);
    CHECK_INT(r->score, 100);
    struct audit_result empty;
    audit_branch(NULL, &f->rules, &empty);
    CHECK_INT(empty.nreasons, 0);
    CHECK(empty.reasons == NULL);
    audit_result_free(&empty);
    audit_result_free(&empty); /* twice is harmless */
    CHECK_STR(audit_suggest_verdict(NULL, NULL), "pass");
}

TEST(audit_many_problems_refs_capped)
{
    struct fx *f = fixture();
    f->in.nmeetings = 0;
    for (int i = 0; i < 40; i++) {
        int k = add_meeting(f, 1000 + i, D(2025, 10, 1 + i % 28), MK_OTHER, 0, 0);
        f->meetings[k].missing_mask = ME_TOPICS;
    }
    const struct audit_result *r = run(f);
    CHECK_STR(reason_text(r, AI_RECORDS, 0), "40条记录要素不全");
    CHECK_INT(reason(r, AI_RECORDS, 0)->nrefs, AUDIT_MAX_REFS);
    CHECK_INT(r->meetings_held[MK_OTHER], 40);
    /* reasons stay in item order: meetings, theme day, records */
    CHECK_INT(r->reasons[0].item, AI_MEETINGS);
    CHECK_INT(r->reasons[r->nreasons - 1].item, AI_RECORDS);
    for (int i = 1; i < r->nreasons; i++) CHECK(r->reasons[i - 1].item <= r->reasons[i].item);
}

/* ---- many branches at once (audit_many.c) ---- */

TEST(audit_branches_same_as_one_by_one_in_order)
{
    /* five inputs that differ (committee dropped in some, another branch id each) judged on two
     * threads: each result is audit_branch's for the input at the same place */
    struct fx *f = fixture();
    enum { N = 5 };
    struct audit_input ins[N];
    struct audit_meeting meetings[N][sizeof f->meetings / sizeof f->meetings[0]];
    struct audit_result want[N], got[N];
    memset(want, 0, sizeof want);
    memset(got, 0, sizeof got);
    for (int k = 0; k < N; k++) {
        f = fixture();
        if (k % 2) drop_meetings(f, 2025, 10, MK_COMMITTEE);
        memcpy(meetings[k], f->meetings, sizeof f->meetings);
        ins[k] = f->in;
        ins[k].meetings = meetings[k];
        ins[k].branch_id = 100 + k;
        audit_branch(&ins[k], &f->rules, &want[k]);
    }
    audit_branches(ins, N, &f->rules, got);
    for (int k = 0; k < N; k++) {
        CHECK_INT(got[k].branch_id, 100 + k);
        CHECK_INT(got[k].score, want[k].score);
        CHECK_INT(got[k].state[AI_MEETINGS], k % 2 ? AS_FAIL : AS_PASS);
        CHECK_INT(got[k].nreasons, want[k].nreasons);
        audit_result_free(&want[k]);
        audit_result_free(&got[k]);
    }
    /* none and one */
    audit_branches(ins, 0, &f->rules, got);
    audit_branches(ins, 1, &f->rules, got);
    CHECK_INT(got[0].branch_id, 100);
    audit_result_free(&got[0]);
}
