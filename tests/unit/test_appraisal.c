/* Unit tests of 民主评议党员 results: core/appraisal.c (the checks of a result and its follow-up
 * at their boundaries, the counts, the December review's reasons) and store/appraisal_db.c
 * (setting results and follow-ups with history and versions, the refusals — a reviewer, a
 * locked month, a member not on the roster, a bad follow-up —, the sheet, the year, the review's
 * load, verify finding a row changed behind the program's back). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "test.h"
#include "zhibu/appraisal.h"
#include "zhibu/audit.h"
#include "zhibu/rules.h"
#include "zhibu/store.h"
#include "zhibu/store_appraisal.h"
#include "zhibu/store_audit.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_lifecycle.h"
#include "zhibu/store_meeting.h"

#define D(y, m, d) ((struct zdate){(y), (m), (d)})

/* No character cut: every UTF-8 sequence whole. */
static bool utf8_whole(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
        if (!n) return false;
        for (int k = 1; k < n; k++)
            if ((p[k] & 0xC0) != 0x80) return false;
        p += n;
    }
    return true;
}

/* ---- core: the checks ------------------------------------------------------------------ */

TEST(appraisal_result_check_boundaries)
{
    struct appraisal_meeting m = {.branch_id = 1, .kind = "appraisal", .date = "2025-12-10"};
    struct appraisal_member who = {.branch_id = 1, .join_date = "2025-12-10", .leave_date = ""};
    CHECK(appraisal_result_check(&m, &who, "qualified") == NULL); /* joined that very day */
    who.join_date = "2025-12-11";
    CHECK_STR(appraisal_result_check(&m, &who, "qualified"), "该党员在会议当日尚未入党，不在名册中");
    who.join_date = ""; /* unknown: counts as joined, as the expected lists take it */
    CHECK(appraisal_result_check(&m, &who, "excellent") == NULL);
    who.join_date = "2010-01-01";
    who.left = true;
    who.leave_date = "2025-12-10"; /* left on the day: still on the roster that day */
    CHECK(appraisal_result_check(&m, &who, "basic") == NULL);
    who.leave_date = "2025-12-09";
    CHECK_STR(appraisal_result_check(&m, &who, "basic"), "该党员在会议之前已离开名册");
    who.leave_date = ""; /* left, day unknown */
    CHECK_STR(appraisal_result_check(&m, &who, "basic"), "该党员在会议之前已离开名册");
    who.left = false;
    who.arrived = "2025-12-11"; /* transferred in after the meeting */
    CHECK_STR(appraisal_result_check(&m, &who, "basic"), "该党员在会议之后才转入本支部");
    who.arrived = "2025-12-10";
    CHECK(appraisal_result_check(&m, &who, "basic") == NULL);
    who.arrived = "";
    /* bad results */
    CHECK(appraisal_result_check(&m, &who, "") != NULL);
    CHECK(appraisal_result_check(&m, &who, NULL) != NULL);
    CHECK_STR(appraisal_result_check(&m, &who, "good"), "评议结果只能是优秀、合格、基本合格或不合格");
    /* the meeting: another branch's, voided, not an appraisal, counting as one */
    who.branch_id = 2;
    CHECK_STR(appraisal_result_check(&m, &who, "qualified"), "只能评议本支部的党员");
    who.branch_id = 1;
    m.voided = true;
    CHECK_STR(appraisal_result_check(&m, &who, "qualified"), "已作废的会议记录不能登记评议结果");
    m.voided = false;
    m.kind = "life_meeting";
    CHECK(appraisal_result_check(&m, &who, "qualified") != NULL);
    m.also_mask = MK_BIT(MK_APPRAISAL);
    CHECK(appraisal_result_check(&m, &who, "qualified") == NULL);
    m.kind = "general";
    m.also_mask = MK_BIT(MK_LECTURE);
    CHECK_STR(appraisal_result_check(&m, &who, "qualified"),
              "只有民主评议党员会议（或同时计为民主评议的会议）才能登记评议结果");
    m.kind = "appraisal";
    m.date = "2025-13-01";
    CHECK_STR(appraisal_result_check(&m, &who, "qualified"), "会议日期无效");
    CHECK(appraisal_result_check(NULL, &who, "qualified") != NULL);
}

TEST(appraisal_follow_up_check_boundaries)
{
    struct zdate today = D(2026, 1, 10);
    const char *held = "2025-12-10";
    CHECK(appraisal_follow_up_check("unqualified", held, "correct", "2025-12-10", today) == NULL);
    CHECK(appraisal_follow_up_check("unqualified", held, "remove", "2026-01-10", today) == NULL);
    CHECK_STR(appraisal_follow_up_check("unqualified", held, "correct", "2025-12-09", today),
              "处置日期不能早于评议会议");
    CHECK_STR(appraisal_follow_up_check("unqualified", held, "correct", "2026-01-11", today),
              "处置日期不能晚于今天");
    CHECK_STR(appraisal_follow_up_check("unqualified", held, "correct", "", today), "须填写处置日期");
    CHECK_STR(appraisal_follow_up_check("unqualified", held, "correct", "2025-12-32", today),
              "处置日期无效（格式 YYYY-MM-DD）");
    CHECK_STR(appraisal_follow_up_check("unqualified", held, "scold", "2025-12-20", today),
              "组织处置只能是限期改正、劝其退党、除名或其他处置");
    CHECK_STR(appraisal_follow_up_check("basic", held, "correct", "2025-12-20", today),
              "只有评为不合格的党员才登记组织处置");
    CHECK_STR(appraisal_follow_up_check("qualified", held, "other", "2025-12-20", today),
              "只有评为不合格的党员才登记组织处置");
    /* clearing */
    CHECK(appraisal_follow_up_check("unqualified", held, "", "", today) == NULL);
    CHECK(appraisal_follow_up_check("qualified", held, NULL, NULL, today) == NULL);
    CHECK_STR(appraisal_follow_up_check("unqualified", held, "", "2025-12-20", today),
              "没有组织处置就不必填写处置日期");
    CHECK(appraisal_pending("unqualified", ""));
    CHECK(!appraisal_pending("unqualified", "correct"));
    CHECK(!appraisal_pending("basic", ""));
}

TEST(appraisal_counts_and_text)
{
    struct appraisal_entry v[] = {
        {"excellent", ""}, {"qualified", ""}, {"qualified", ""}, {"basic", ""},
        {"unqualified", ""}, {"unqualified", "correct"}, {"", ""}, {"bogus", ""},
    };
    struct appraisal_counts c;
    appraisal_count(v, 8, &c);
    CHECK_INT(c.by[AG_EXCELLENT], 1);
    CHECK_INT(c.by[AG_QUALIFIED], 2);
    CHECK_INT(c.by[AG_BASIC], 1);
    CHECK_INT(c.by[AG_UNQUALIFIED], 2);
    CHECK_INT(c.rated, 6);
    CHECK_INT(c.unrated, 2);
    CHECK_INT(c.pending, 1);
    char out[128];
    appraisal_counts_text(&c, out, sizeof out);
    CHECK_STR(out, "优秀 1  合格 2  基本合格 1  不合格 2  未评 2  待处置 1");
    appraisal_count(v, 3, &c);
    appraisal_counts_text(&c, out, sizeof out);
    CHECK_STR(out, "优秀 1  合格 2  基本合格 0  不合格 0");
    appraisal_count(NULL, 0, &c);
    CHECK_INT(c.rated + c.unrated, 0);
    CHECK_INT(appraisal_grade_of("basic"), AG_BASIC);
    CHECK_INT(appraisal_grade_of(""), -1);
    CHECK_INT(appraisal_grade_of("优秀"), -1);
}

TEST(appraisal_unrated_text_cut_at_a_name)
{
    const char *names[] = {"张三", "李四", "王五"};
    char out[256];
    appraisal_unrated_text(names, 3, false, "", out, sizeof out);
    CHECK_STR(out, "本年度民主评议未评定等次的党员3名：张三、李四、王五");
    appraisal_unrated_text(names, 2, true, "（年末前待定）", out, sizeof out);
    CHECK_STR(out, "本年度民主评议尚有2名党员未评定等次（年末前待定）：张三、李四");
    /* too small: the names that fit, then 等 */
    char small[64];
    appraisal_unrated_text(names, 3, false, "", small, 70);
    CHECK_STR(small, "本年度民主评议未评定等次的党员3名：张三等");
    CHECK(strstr(small, "张三") != NULL);
    CHECK(strstr(small, "等") != NULL);
    CHECK(utf8_whole(small));
    appraisal_unrated_text(names, 0, false, "", out, sizeof out);
    CHECK_STR(out, "");
}

/* ---- core: the December review --------------------------------------------------------- */

struct fx {
    struct audit_meeting meetings[6];
    struct audit_member members[40];
    char names[40][40];
    int64_t rated[40], pending[40];
    struct audit_people people;
    struct audit_input in;
    struct audit_rules rules;
    struct audit_result r;
};

/* December 2025 reviewed on today; an appraisal on 12-10 (and the month's other meetings), n
 * members all rated. */
static void fx_init(struct fx *f, int n, struct zdate today)
{
    memset(f, 0, sizeof *f);
    { struct rules R; rules_from_config(NULL, &R); f->rules = R.audit; }
    static const enum meeting_kind kinds[] = {MK_COMMITTEE, MK_THEME_DAY, MK_GENERAL, MK_LECTURE, MK_APPRAISAL};
    for (int i = 0; i < 5; i++) {
        f->meetings[i].id = i + 1;
        f->meetings[i].f = (struct meeting_fact){.date = D(2025, 12, 6 + i), .kind = kinds[i]};
        snprintf(f->meetings[i].created_at, sizeof f->meetings[i].created_at, "2025-12-%02uT10:00:00Z", (unsigned)(6 + i) % 100u);
    }
    for (int i = 0; i < n; i++) {
        snprintf(f->names[i], sizeof f->names[i], "党员%02d", i + 1);
        f->members[i] = (struct audit_member){.id = 100 + i, .name = f->names[i], .join_date = "2010-01-01",
                                              .leave_date = "", .mobile_since = "", .last_contact = "",
                                              .talks = 1};
        f->rated[i] = 100 + i;
    }
    f->people.appraisal = (struct audit_appraisal){.rated = f->rated, .nrated = n, .pending = f->pending};
    /* a committee within its term (issue 19's term check: none recorded is 待定 in December) */
    f->people.term = (struct audit_term){.known = true, .elected = D(2024, 3, 1), .term_years = 3};
    f->in = (struct audit_input){.branch_id = 1, .year = 2025, .month = 12, .today = today,
                                 .since = D(2020, 1, 1), .meetings = f->meetings, .nmeetings = 5,
                                 .members = f->members, .nmembers = n, .people = &f->people};
}

static const struct audit_reason *find(const struct audit_result *r, const char *needle)
{
    for (int i = 0; i < r->nreasons; i++)
        if (strstr(r->reasons[i].text, needle)) return &r->reasons[i];
    return NULL;
}

TEST(audit_december_appraisal_held_and_everyone_rated)
{
    struct fx f;
    fx_init(&f, 4, D(2026, 1, 5));
    f.members[0].secretary = true;
    f.members[0].lectures = 1;
    audit_branch(&f.in, &f.rules, &f.r);
    CHECK(find(&f.r, "民主评议") == NULL);
    CHECK_INT(f.r.state[AI_MEMBERS], AS_PASS);
    audit_result_free(&f.r);

    /* two not rated: named, failing once December is over */
    f.rated[0] = 100;
    f.rated[1] = 102;
    f.people.appraisal.nrated = 2;
    audit_branch(&f.in, &f.rules, &f.r);
    const struct audit_reason *u = find(&f.r, "未评定等次");
    CHECK(u && strcmp(u->text, "本年度民主评议未评定等次的党员2名：党员02、党员04") == 0);
    CHECK(u && u->fails && u->item == AI_MEMBERS && u->nrefs == 2);
    CHECK(u && u->refs[0].kind == REF_MEMBER && u->refs[0].id == 101);
    CHECK_INT(f.r.state[AI_MEMBERS], AS_FAIL);
    audit_result_free(&f.r);

    /* while December runs: 待定, worded as still open */
    f.in.today = D(2025, 12, 31);
    audit_branch(&f.in, &f.rules, &f.r);
    u = find(&f.r, "未评定等次");
    CHECK(u && strcmp(u->text, "本年度民主评议尚有2名党员未评定等次（年末前待定）：党员02、党员04") == 0);
    CHECK(u && !u->fails);
    CHECK_INT(f.r.state[AI_MEMBERS], AS_PENDING);
    audit_result_free(&f.r);

    /* a ledger begun in March: 待定 with the date */
    f.in.today = D(2026, 1, 5);
    f.in.since = D(2025, 3, 5);
    audit_branch(&f.in, &f.rules, &f.r);
    u = find(&f.r, "未评定等次");
    CHECK(u && !u->fails && strstr(u->text, "（台账自3月5日建立）"));
    audit_result_free(&f.r);
    f.in.since = D(2020, 1, 1);

    /* a member who joined after the appraisal, one who left during the year: not asked */
    f.meetings[4].f.date = D(2025, 11, 20); /* the appraisal in November */
    f.members[1].join_date = "2025-11-21";
    f.members[3].leave_date = "2025-11-30";
    audit_branch(&f.in, &f.rules, &f.r);
    CHECK(find(&f.r, "未评定等次") == NULL);
    audit_result_free(&f.r);
    f.members[1].join_date = "2025-11-20"; /* on the day of the appraisal: asked */
    audit_branch(&f.in, &f.rules, &f.r);
    u = find(&f.r, "未评定等次");
    CHECK(u && strcmp(u->text, "本年度民主评议未评定等次的党员1名：党员02") == 0);
    audit_result_free(&f.r);
    f.members[1].join_date = "2010-01-01";
    f.members[1].arrived = D(2025, 11, 21); /* transferred in after the appraisal */
    f.members[1].talks = 1;
    audit_branch(&f.in, &f.rules, &f.r);
    CHECK(find(&f.r, "未评定等次") == NULL);
    audit_result_free(&f.r);
}

TEST(audit_december_appraisal_not_held)
{
    struct fx f;
    fx_init(&f, 3, D(2026, 1, 5));
    f.members[0].secretary = true;
    f.members[0].lectures = 1;
    f.in.nmeetings = 4; /* no appraisal */
    f.people.appraisal.nrated = 0;
    audit_branch(&f.in, &f.rules, &f.r);
    const struct audit_reason *h = find(&f.r, "民主评议");
    CHECK(h && strcmp(h->text, "本年度未开展民主评议党员") == 0 && h->fails && h->item == AI_MEMBERS);
    CHECK(find(&f.r, "未评定等次") == NULL); /* the one reason, not a list of everybody */
    int said = 0; /* the meeting-frequency rules do not say it again */
    for (int i = 0; i < f.r.nreasons; i++)
        if (strstr(f.r.reasons[i].text, "民主评议")) said++;
    CHECK_INT(said, 1);
    audit_result_free(&f.r);
    f.in.today = D(2025, 12, 20);
    audit_branch(&f.in, &f.rules, &f.r);
    h = find(&f.r, "民主评议");
    CHECK(h && strcmp(h->text, "本年度尚未开展民主评议党员（年末前待定）") == 0 && !h->fails);
    audit_result_free(&f.r);
    /* a life meeting counting as the appraisal is one */
    f.in.today = D(2026, 1, 5);
    f.meetings[3].f.also_mask = MK_BIT(MK_APPRAISAL);
    f.people.appraisal.nrated = 3;
    audit_branch(&f.in, &f.rules, &f.r);
    CHECK(find(&f.r, "民主评议") == NULL);
    audit_result_free(&f.r);
    /* the rule off (appraisal_per_year = 0): nothing asked */
    f.meetings[3].f.also_mask = 0;
    f.rules.freq.appraisal_per_year = 0;
    audit_branch(&f.in, &f.rules, &f.r);
    CHECK(find(&f.r, "民主评议") == NULL);
    audit_result_free(&f.r);
    /* November: not asked */
    f.rules.freq.appraisal_per_year = 1;
    f.in.month = 11;
    struct audit_reason out[4];
    CHECK_INT(audit_appraisal_reasons(&f.in, &f.rules, out, 4), 0);
}

TEST(audit_december_appraisal_pending_follow_up_and_long_list)
{
    struct fx f;
    fx_init(&f, 40, D(2026, 1, 5));
    for (int i = 0; i < 40; i++) snprintf(f.names[i], sizeof f.names[i], "欧阳长名字党员%02d", i + 1);
    f.pending[0] = 105;
    f.people.appraisal.npending = 1;
    struct audit_reason out[AUDIT_PEOPLE_MAX_REASONS];
    int n = audit_appraisal_reasons(&f.in, &f.rules, out, AUDIT_PEOPLE_MAX_REASONS);
    CHECK_INT(n, 1);
    CHECK(n == 1 && strcmp(out[0].text, "评为不合格的党员1名尚未登记组织处置（待处置）") == 0);
    CHECK(n == 1 && !out[0].fails && out[0].refs[0].id == 105);
    /* nobody rated: a long list cut at a name, with 等 */
    f.people.appraisal.nrated = 0;
    f.people.appraisal.npending = 0;
    n = audit_appraisal_reasons(&f.in, &f.rules, out, AUDIT_PEOPLE_MAX_REASONS);
    CHECK_INT(n, 1);
    CHECK(strstr(out[0].text, "40名：欧阳长名字党员01、") != NULL);
    size_t len = strlen(out[0].text);
    CHECK(len >= 3 && strcmp(out[0].text + len - 3, "等") == 0);
    CHECK(utf8_whole(out[0].text));
    CHECK_INT(out[0].nrefs, AUDIT_MAX_REFS);
    /* no room: nothing written past max */
    CHECK_INT(audit_appraisal_reasons(&f.in, &f.rules, out, 0), 0);
}

/* ---- the store ------------------------------------------------------------------------- */

static int64_t mk_meeting(struct store *st, int64_t b, const char *kind, unsigned also, const char *date)
{
    struct meeting m = {0};
    m.branch_id = b;
    snprintf(m.kind, sizeof m.kind, "%s", kind);
    m.also_mask = also;
    snprintf(m.date, sizeof m.date, "%s", date);
    m.topics = strdup("开展年度民主评议党员");
    m.minutes = strdup("");
    if (store_meeting_add(st, &m) != STORE_OK) test_fail(__FILE__, __LINE__, "meeting_add: %s", store_errmsg(st));
    meeting_free(&m);
    return m.id;
}

static int64_t mk_member(struct store *st, int64_t b, const char *name, const char *join, const char *leave)
{
    return fx_member(st, &(struct fx_member){.branch = b, .name = name, .join = join, .full = "2000-01-01",
                                             .leave_date = leave}, NULL);
}

TEST(store_appraisal_set_follow_up_history_and_refusals)
{
    setenv("ZHIBU_TODAY", "2026-01-10", 1);
    char *p = test_db_path("a.db");
    struct store *st = test_open_db(p, "书记甲");
    if (!st) {
        free(p);
        return;
    }
    int64_t b = fx_branch(st, "A1", "A1党支部", 0), other = fx_branch(st, "A2", "A2党支部", 0);
    int64_t a = mk_member(st, b, "甲", "2010-01-01", NULL);
    int64_t c = mk_member(st, b, "乙", "2010-01-01", NULL);
    int64_t late = mk_member(st, b, "丙", "2025-12-11", NULL);
    int64_t gone = mk_member(st, b, "丁", "2010-01-01", "2025-06-30");
    int64_t far = mk_member(st, other, "戊", "2010-01-01", NULL);
    int64_t mt = mk_meeting(st, b, "appraisal", 0, "2025-12-10");
    int64_t gen = mk_meeting(st, b, "general", 0, "2025-12-12");

    int64_t va = 0, vc = 0;
    CHECK_INT(store_appraisal_set(st, mt, a, "excellent", &va), STORE_OK);
    CHECK(va > 0);
    CHECK_INT(store_appraisal_set(st, mt, c, "unqualified", &vc), STORE_OK);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM appraisal_result"), 2);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history WHERE table_name = 'appraisal_result'"
                              " AND action = 'insert'"), 2);

    /* refusals, each in Chinese, nothing written */
    int64_t v0 = 0;
    CHECK_INT(store_appraisal_set(st, mt, late, "qualified", &v0), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "该党员在会议当日尚未入党，不在名册中");
    CHECK_INT(store_appraisal_set(st, mt, gone, "qualified", &v0), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "该党员在会议之前已离开名册");
    CHECK_INT(store_appraisal_set(st, mt, far, "qualified", &v0), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "只能评议本支部的党员");
    CHECK_INT(store_appraisal_set(st, gen, a, "qualified", &v0), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_appraisal_set(st, mt, a, "good", &va), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_appraisal_set(st, 9999, a, "good", &va), STORE_ERR_NOT_FOUND);
    CHECK_INT(store_appraisal_set(st, mt, 9999, "qualified", &v0), STORE_ERR_NOT_FOUND);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM appraisal_result"), 2);

    /* the follow-up: bad ones refused, a good one kept */
    CHECK_INT(store_appraisal_follow_up(st, mt, c, "correct", "2025-12-09", "", &vc), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "处置日期不能早于评议会议");
    CHECK_INT(store_appraisal_follow_up(st, mt, c, "correct", "2026-01-11", "", &vc), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "处置日期不能晚于今天");
    CHECK_INT(store_appraisal_follow_up(st, mt, a, "correct", "2025-12-20", "", &va), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "只有评为不合格的党员才登记组织处置");
    int64_t vx = 0;
    CHECK_INT(store_appraisal_follow_up(st, mt, late, "correct", "2025-12-20", "", &vx), STORE_ERR_NOT_FOUND);
    CHECK_INT(store_appraisal_follow_up(st, mt, c, "correct", "2025-12-20", "限期三个月改正", &vc), STORE_OK);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM appraisal_result WHERE follow_up = 'correct'"
                              " AND follow_up_date = '2025-12-20' AND follow_up_note = '限期三个月改正'"), 1);

    /* versions: a save over a change made since the read is refused */
    int64_t stale = va;
    CHECK_INT(store_appraisal_set(st, mt, a, "qualified", &va), STORE_OK);
    CHECK_INT(store_appraisal_set(st, mt, a, "basic", &stale), STORE_ERR_CHANGED);
    int64_t none = 0; /* "not rated" when read, rated since */
    CHECK_INT(store_appraisal_set(st, mt, a, "basic", &none), STORE_ERR_CHANGED);
    /* saving the same again writes nothing */
    long long h = test_sql_int(p, "SELECT count(*) FROM history");
    CHECK_INT(store_appraisal_set(st, mt, a, "qualified", &va), STORE_OK);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history"), h);
    /* away from 不合格: the follow-up goes (kept in history) */
    CHECK_INT(store_appraisal_set(st, mt, c, "basic", &vc), STORE_OK);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM appraisal_result WHERE follow_up <> ''"), 0);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history WHERE table_name = 'appraisal_result'"
                              " AND json_extract(old_json, '$.follow_up') = 'correct'"), 1);

    /* the sheet: everyone on the roster that day, with the counts */
    struct appraisal_sheet sh;
    CHECK_INT(store_appraisal_sheet(st, mt, &sh), STORE_OK);
    CHECK_INT(sh.n, 2); /* 甲 乙 (丙 came later, 丁 had left) */
    CHECK(sh.is_appraisal && !sh.voided);
    CHECK_INT(sh.counts.by[AG_QUALIFIED], 1);
    CHECK_INT(sh.counts.by[AG_BASIC], 1);
    CHECK_INT(sh.counts.unrated, 0);
    store_appraisal_sheet_free(&sh);
    CHECK_INT(store_appraisal_sheet(st, gen, &sh), STORE_OK);
    CHECK(!sh.is_appraisal);
    CHECK_INT(sh.counts.unrated, 3); /* 甲 乙, and 丙 joined before the 12th */
    store_appraisal_sheet_free(&sh);
    CHECK_INT(store_appraisal_sheet(st, 9999, &sh), STORE_ERR_NOT_FOUND);

    /* transferred in after the meeting (the party join date years back): not on that day's
     * roster, refused */
    struct member tm;
    fx_member_fill(&tm, &(struct fx_member){.branch = b, .name = "秦转入", .join = "2012-07-01", .full = "2013-07-01"});
    struct transfer tr = {0};
    snprintf(tr.direction, sizeof tr.direction, "in");
    snprintf(tr.date, sizeof tr.date, "2025-12-20");
    snprintf(tr.place, sizeof tr.place, "邻镇红星村党支部");
    snprintf(tr.letter_no, sizeof tr.letter_no, "外（2025）8号");
    snprintf(tr.dues_paid_through, sizeof tr.dues_paid_through, "2025-11");
    CHECK_INT(store_transfer_in(st, &tm, &tr), STORE_OK);
    v0 = 0;
    CHECK_INT(store_appraisal_set(st, mt, tm.id, "qualified", &v0), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "该党员在会议之后才转入本支部");
    CHECK_INT(store_appraisal_sheet(st, mt, &sh), STORE_OK);
    CHECK_INT(sh.n, 2); /* not listed */
    store_appraisal_sheet_free(&sh);

    /* a reviewer reads, never writes */
    CHECK_INT(store_test_set_session(st, STORE_ROLE_REVIEWER, 0, "rev"), STORE_OK);
    CHECK_INT(store_appraisal_set(st, mt, a, "excellent", &va), STORE_ERR_DENIED);
    CHECK_INT(store_appraisal_follow_up(st, mt, c, "", "", "", &vc), STORE_ERR_DENIED);
    CHECK_INT(store_appraisal_sheet(st, mt, &sh), STORE_OK);
    store_appraisal_sheet_free(&sh);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM appraisal_result WHERE result = 'excellent'"), 0);

    /* verify: clean, then a result changed behind the program's back is found */
    struct verify_result *vr = calloc(1, sizeof *vr);
    CHECK_INT(store_journal_verify(st, 0, vr), STORE_OK);
    CHECK_INT(vr->nproblems, 0);
    test_sql(p, "UPDATE appraisal_result SET result = 'excellent' WHERE member_id = 2");
    CHECK_INT(store_journal_verify(st, 0, vr), STORE_OK);
    CHECK(vr->nproblems >= 1);
    CHECK(vr->nproblems >= 1 && vr->problems[0].kind == VERIFY_ROW_CHANGED &&
          strcmp(vr->problems[0].table_name, "appraisal_result") == 0);
    free(vr);
    store_close(st);
    free(p);
}

TEST(store_appraisal_locked_month)
{
    setenv("ZHIBU_TODAY", "2026-11-21", 1);
    char *p = test_db_path("l.db");
    struct store *st = test_open_db(p, "书记甲");
    if (!st) {
        free(p);
        return;
    }
    int64_t b = fx_branch(st, "L1", "L1党支部", 0);
    int64_t a = mk_member(st, b, "甲", "2010-01-01", NULL);
    int64_t mt = mk_meeting(st, b, "life_meeting", MK_BIT(MK_APPRAISAL), "2026-10-20");
    struct verdict v = {.branch_id = b};
    snprintf(v.month, sizeof v.month, "2026-10");
    snprintf(v.item, sizeof v.item, "overall");
    snprintf(v.verdict, sizeof v.verdict, "pass");
    CHECK_INT(store_verdict_set(st, &v), STORE_OK);
    int64_t va = 0;
    CHECK_INT(store_appraisal_set(st, mt, a, "qualified", &va), STORE_ERR_LOCKED);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM appraisal_result"), 0);
    CHECK_INT(store_amend_begin(st, "漏录了评议结果"), STORE_OK);
    CHECK_INT(store_appraisal_set(st, mt, a, "qualified", &va), STORE_OK);
    store_amend_end(st);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM appraisal_result"), 1);
    store_close(st);
    free(p);
}

struct got {
    struct audit_rules rules;
    struct audit_result r;
    int nrated, npending;
};

static int collect(const struct audit_input *in, const struct branch *b, void *ctx)
{
    (void)b;
    struct got *g = ctx;
    if (in->people) {
        g->nrated = in->people->appraisal.nrated;
        g->npending = in->people->appraisal.npending;
    }
    audit_branch(in, &g->rules, &g->r);
    return 1;
}

TEST(store_audit_december_appraisal_loaded)
{
    setenv("ZHIBU_TODAY", "2026-01-10", 1);
    char *p = test_db_path("y.db");
    struct store *st = test_open_db(p, "书记甲");
    if (!st) {
        free(p);
        return;
    }
    int64_t b = fx_branch(st, "Y1", "Y1党支部", 0);
    int64_t a = mk_member(st, b, "甲", "2010-01-01", NULL);
    int64_t c = mk_member(st, b, "乙", "2010-01-01", NULL);
    int64_t d = mk_member(st, b, "丙", "2010-01-01", NULL);
    int64_t e = mk_member(st, b, "丁", "2010-01-01", NULL);
    int64_t m1 = mk_meeting(st, b, "appraisal", 0, "2025-11-20");
    int64_t m0 = mk_meeting(st, b, "appraisal", 0, "2024-12-10");  /* last year's */
    int64_t mv = mk_meeting(st, b, "appraisal", 0, "2025-12-01");  /* voided below */
    int64_t v = 0;
    CHECK_INT(store_appraisal_set(st, m1, a, "excellent", &v), STORE_OK);
    v = 0;
    CHECK_INT(store_appraisal_set(st, m1, c, "unqualified", &v), STORE_OK);
    v = 0;
    CHECK_INT(store_appraisal_set(st, m0, d, "qualified", &v), STORE_OK);
    v = 0;
    CHECK_INT(store_appraisal_set(st, mv, e, "qualified", &v), STORE_OK);
    CHECK_INT(store_meeting_void(st, mv, "录重了"), STORE_OK);

    struct got g = {0};
    { struct rules R; rules_from_config(NULL, &R); g.rules = R.audit; }
    CHECK_INT(store_audit_each(st, b, (struct zmonth){2025, 12}, D(2026, 1, 10), collect, &g), STORE_OK);
    CHECK_INT(g.nrated, 2);
    CHECK_INT(g.npending, 1);
    const struct audit_reason *u = find(&g.r, "未评定等次");
    CHECK(u && strcmp(u->text, "本年度民主评议未评定等次的党员2名：丙、丁") == 0 && u->fails);
    CHECK(find(&g.r, "待处置") != NULL);
    audit_result_free(&g.r);

    /* the same without the partial index (a database made before it) */
    test_sql(p, "DROP INDEX meeting_appraisal");
    memset(&g.r, 0, sizeof g.r);
    g.nrated = g.npending = -1;
    CHECK_INT(store_audit_each(st, b, (struct zmonth){2025, 12}, D(2026, 1, 10), collect, &g), STORE_OK);
    CHECK_INT(g.nrated, 2);
    CHECK_INT(g.npending, 1);
    u = find(&g.r, "未评定等次");
    CHECK(u && strcmp(u->text, "本年度民主评议未评定等次的党员2名：丙、丁") == 0);
    audit_result_free(&g.r);

    /* the year's summary: one appraisal, two results */
    struct appraisal_year y;
    CHECK_INT(store_appraisal_year(st, b, 2025, &y), STORE_OK);
    CHECK_INT(y.meetings, 1);
    CHECK_INT(y.counts.rated, 2);
    CHECK_INT(y.counts.by[AG_EXCELLENT], 1);
    CHECK_INT(y.counts.by[AG_UNQUALIFIED], 1);
    CHECK_INT(y.counts.pending, 1);
    CHECK_INT(store_appraisal_year(st, b, 2024, &y), STORE_OK);
    CHECK_INT(y.meetings, 1);
    CHECK_INT(y.counts.by[AG_QUALIFIED], 1);

    /* November: not loaded, nothing said */
    memset(&g.r, 0, sizeof g.r);
    g.nrated = g.npending = -1;
    CHECK_INT(store_audit_each(st, b, (struct zmonth){2025, 11}, D(2026, 1, 10), collect, &g), STORE_OK);
    CHECK_INT(g.nrated, 0);
    CHECK(find(&g.r, "民主评议") == NULL);
    audit_result_free(&g.r);
    store_close(st);
    free(p);
}
