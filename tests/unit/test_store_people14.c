/* Unit tests of issue 14's rules about people as the store keeps them: a 预备党员 takes no
 * committee office; leaving ends the member's posts (and office); the dues of one who left on the
 * 1st or was transferred out with the letter's 交至. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "zhibu/dues.h"
#include "zhibu/posts.h"
#include "zhibu/store.h"
#include "zhibu/store_dues.h"
#include "zhibu/store_lifecycle.h"
#include "zhibu/store_posts.h"

static struct store *fresh14(void)
{
    char *path = test_db_path("p14.db");
    struct store *st = test_open_db(path, "组织委员");
    free(path);
    return st;
}

static int64_t branch14(struct store *st)
{
    struct branch b = {0};
    snprintf(b.code, sizeof b.code, "P14");
    snprintf(b.name, sizeof b.name, "十四村党支部");
    snprintf(b.type, sizeof b.type, "rural");
    if (store_branch_add(st, &b) != STORE_OK)
        test_fail(__FILE__, __LINE__, "branch_add: %s", store_errmsg(st));
    return b.id;
}

static void member14(struct member *m, int64_t branch_id, const char *name, bool probationary)
{
    memset(m, 0, sizeof *m);
    m->branch_id = branch_id;
    snprintf(m->name, sizeof m->name, "%s", name);
    snprintf(m->gender, sizeof m->gender, "M");
    snprintf(m->join_date, sizeof m->join_date, "%s", probationary ? "2026-03-01" : "2010-03-01");
    snprintf(m->status, sizeof m->status, "%s", probationary ? "probationary" : "full");
    if (!probationary) snprintf(m->full_date, sizeof m->full_date, "2011-03-01");
    snprintf(m->dues_category, sizeof m->dues_category, "farmer");
}

static int64_t add14(struct store *st, int64_t branch_id, const char *name, bool probationary)
{
    struct member m;
    member14(&m, branch_id, name, probationary);
    if (store_member_add(st, &m) != STORE_OK)
        test_fail(__FILE__, __LINE__, "member_add(%s): %s", name, store_errmsg(st));
    return m.id;
}

TEST(people14_store_probationary_takes_no_office)
{
    struct store *st = fresh14();
    int64_t b = branch14(st);
    struct member m;
    member14(&m, b, "钱预备", true);
    snprintf(m.office, sizeof m.office, "committee");
    CHECK_INT(store_member_add(st, &m), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "预备党员没有表决权、选举权和被选举权，不能担任支委职务");
    m.office[0] = '\0';
    CHECK_INT(store_member_add(st, &m), STORE_OK);
    /* appointed later (the committee screen's way): refused, nothing written */
    struct member g;
    CHECK_INT(store_member_get(st, m.id, &g), STORE_OK);
    snprintf(g.office, sizeof g.office, "secretary");
    CHECK_INT(store_member_update(st, &g), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_member_get(st, m.id, &g), STORE_OK);
    CHECK_STR(g.office, "");
    /* a full member may be appointed */
    int64_t full = add14(st, b, "赵正式", false);
    CHECK_INT(store_member_get(st, full, &g), STORE_OK);
    snprintf(g.office, sizeof g.office, "secretary");
    CHECK_INT(store_member_update(st, &g), STORE_OK);
    /* ... but not turned back into a probationary member while holding it */
    snprintf(g.status, sizeof g.status, "probationary");
    g.full_date[0] = '\0';
    CHECK_INT(store_member_update(st, &g), STORE_ERR_CONSTRAINT);
    store_close(st);
}

TEST(people14_store_leaving_ends_posts_and_office)
{
    struct store *st = fresh14();
    int64_t b = branch14(st);
    int64_t dead = add14(st, b, "孙去世", false), moved = add14(st, b, "李转出", false);
    int64_t stays = add14(st, b, "周在册", false);
    struct post p = {.branch_id = b, .wanted = 5};
    snprintf(p.category, sizeof p.category, "政策宣传");
    snprintf(p.name, sizeof p.name, "政策宣传员");
    p.duties = (char *)"宣传党的政策";
    CHECK_INT(store_post_add(st, &p), STORE_OK);
    int64_t hid[3];
    int64_t who[3] = {dead, moved, stays};
    for (int i = 0; i < 3; i++) {
        struct holding h = {.post_id = p.id, .member_id = who[i]};
        snprintf(h.how, sizeof h.how, "claim");
        snprintf(h.claimed, sizeof h.claimed, "2026-01-10");
        snprintf(h.pledge, sizeof h.pledge, "认真履职");
        CHECK_INT(store_holding_add(st, &h), STORE_OK);
        hid[i] = h.id;
    }
    /* death: the holding ends on the day, with the reason; the office ends too */
    struct member m;
    CHECK_INT(store_member_get(st, dead, &m), STORE_OK);
    snprintf(m.office, sizeof m.office, "publicity");
    CHECK_INT(store_member_update(st, &m), STORE_OK);
    snprintf(m.leave_status, sizeof m.leave_status, "deceased");
    snprintf(m.leave_date, sizeof m.leave_date, "2026-11-03");
    snprintf(m.leave_reason, sizeof m.leave_reason, "病故");
    CHECK_INT(store_member_update(st, &m), STORE_OK);
    CHECK_INT(store_member_get(st, dead, &m), STORE_OK);
    CHECK_STR(m.office, "");
    struct holding h;
    CHECK_INT(store_holding_get(st, hid[0], &h), STORE_OK);
    CHECK_STR(h.ended, "2026-11-03");
    CHECK_STR(h.end_reason, "离开名册（去世）");
    /* transfer out: the same, on the transfer date */
    struct transfer t = {.member_id = moved};
    snprintf(t.date, sizeof t.date, "2026-11-12");
    snprintf(t.place, sizeof t.place, "城关镇东街社区党支部");
    snprintf(t.dues_paid_through, sizeof t.dues_paid_through, "2026-10");
    CHECK_INT(store_transfer_out(st, &t), STORE_OK);
    CHECK_INT(store_holding_get(st, hid[1], &h), STORE_OK);
    CHECK_STR(h.ended, "2026-11-12");
    CHECK_STR(h.end_reason, "离开名册（转出）");
    CHECK_INT(store_holding_get(st, hid[2], &h), STORE_OK);
    CHECK_STR(h.ended, "");
    /* the 公示 that follows lists only the one still holding */
    int count = 0;
    CHECK_INT(store_holding_notice(st, b, "2026-11-20", &count), STORE_OK);
    CHECK_INT(count, 1);
    /* bad input: a second leaving is refused as before, nothing more ended */
    t.id = 0;
    CHECK_INT(store_transfer_out(st, &t), STORE_ERR_CONSTRAINT);
    store_close(st);
}

TEST(people14_store_dues_after_leaving)
{
    struct store *st = fresh14();
    int64_t b = branch14(st);
    int64_t first = add14(st, b, "吴月初", false), moved = add14(st, b, "郑转出", false);
    struct member m;
    CHECK_INT(store_member_get(st, first, &m), STORE_OK);
    snprintf(m.leave_status, sizeof m.leave_status, "expelled");
    snprintf(m.leave_date, sizeof m.leave_date, "2026-11-01");
    snprintf(m.leave_reason, sizeof m.leave_reason, "开除党籍");
    CHECK_INT(store_member_update(st, &m), STORE_OK);
    struct transfer t = {.member_id = moved};
    snprintf(t.date, sizeof t.date, "2026-12-05");
    snprintf(t.place, sizeof t.place, "城关镇东街社区党支部");
    snprintf(t.dues_paid_through, sizeof t.dues_paid_through, "2026-11");
    CHECK_INT(store_transfer_out(st, &t), STORE_OK);
    struct dues_member d;
    CHECK_INT(store_dues_member_get(st, first, &d), STORE_OK);
    CHECK_INT(d.f.leave_ym, dues_ym(2026, 10)); /* November not owed */
    store_dues_member_free(&d);
    CHECK_INT(store_dues_member_get(st, moved, &d), STORE_OK);
    CHECK_INT(d.f.leave_ym, dues_ym(2026, 11)); /* December is the new branch's */
    store_dues_member_free(&d);
    struct store_dues_member_list all_l = {0};
    struct dues_member *all = NULL;
    int n = 0;
    CHECK_INT(store_dues_member_list(st, b, (struct zmonth){2026, 1}, &all_l), STORE_OK);
    all = all_l.v, n = all_l.n;
    CHECK_INT(n, 2);
    for (int i = 0; i < n; i++)
        CHECK_INT(all[i].f.leave_ym, all[i].m.id == first ? dues_ym(2026, 10) : dues_ym(2026, 11));
    store_dues_member_list_free(&all_l);
    store_close(st);
}

/* ---- 转正, 延长预备期, 取消预备党员资格 in the store ---- */
#include "zhibu/store_meeting.h"

static int64_t meeting14(struct store *st, int64_t branch_id, const char *kind, const char *date)
{
    struct meeting m = {0};
    m.branch_id = branch_id;
    snprintf(m.kind, sizeof m.kind, "%s", kind);
    snprintf(m.date, sizeof m.date, "%s", date);
    m.topics = strdup("讨论预备党员转正");
    m.minutes = strdup("");
    if (store_meeting_add(st, &m) != STORE_OK)
        test_fail(__FILE__, __LINE__, "meeting_add: %s", store_errmsg(st));
    meeting_free(&m);
    return m.id;
}

static int64_t prob14(struct store *st, int64_t branch_id, const char *name, const char *join)
{
    struct member m;
    member14(&m, branch_id, name, true);
    snprintf(m.join_date, sizeof m.join_date, "%s", join);
    if (store_member_add(st, &m) != STORE_OK)
        test_fail(__FILE__, __LINE__, "member_add(%s): %s", name, store_errmsg(st));
    return m.id;
}

static const struct probation_rules SPR = {.months = 12, .extend_min_months = 6,
                                           .extend_max_months = 12, .extend_times = 1};

TEST(people14_store_full_meeting_before_probation_end_refused)
{
    struct store *st = fresh14();
    int64_t b = branch14(st);
    int64_t m = prob14(st, b, "孙预备", "2025-10-01");
    int64_t early = meeting14(st, b, "general", "2026-09-20");
    int64_t committee = meeting14(st, b, "committee", "2026-10-10");
    int64_t good = meeting14(st, b, "general", "2026-10-15");
    int hist = store_history_count(st);
    CHECK_INT(store_member_make_full(st, m, "2026-10-01", early, &SPR), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st),
              "会议（2026-09-20）早于预备期满之日（2026-10-01），不能批准转正");
    CHECK_INT(store_member_make_full(st, m, "2026-10-01", committee, &SPR), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "作出决定的会议须是支部党员大会");
    CHECK_INT(store_member_make_full(st, m, "2026-09-30", good, &SPR), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "转正日期不能早于预备期满之日（2026-10-01）");
    CHECK_INT(store_history_count(st), hist); /* nothing written */
    CHECK_INT(store_member_make_full(st, m, "2026-10-01", good, &SPR), STORE_OK);
    CHECK_INT(store_member_full_meeting(st, m), good);
    store_close(st);
}

TEST(people14_store_extend_once_then_full_after_the_new_end)
{
    struct store *st = fresh14();
    int64_t b = branch14(st);
    int64_t m = prob14(st, b, "钱延长", "2025-10-01");
    int64_t early = meeting14(st, b, "general", "2026-09-20");
    int64_t at_end = meeting14(st, b, "general", "2026-10-12");
    struct probation_decision d = {.member_id = m, .meeting_id = 0};
    snprintf(d.reason, sizeof d.reason, "组织观念淡薄，需继续考察");
    CHECK_INT(store_probation_extend(st, &d, 6, &SPR), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "延长预备期须经支部党员大会讨论决定，请选择会议记录");
    d.meeting_id = early;
    CHECK_INT(store_probation_extend(st, &d, 6, &SPR), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "会议（2026-09-20）早于预备期满之日（2026-10-01），不能决定延长预备期");
    CHECK_INT(store_probation_extend(st, &d, 13, &SPR), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "延长预备期应为 6 至 12 个月");
    d.meeting_id = at_end;
    d.reason[0] = '\0';
    CHECK_INT(store_probation_extend(st, &d, 6, &SPR), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "须填写延长预备期的原因");
    snprintf(d.reason, sizeof d.reason, "  组织观念淡薄，需继续考察 ");
    CHECK_INT(store_probation_extend(st, &d, 6, &SPR), STORE_OK);
    CHECK(d.id > 0);
    CHECK_STR(d.kind, "extend");
    CHECK_STR(d.date, "2026-10-12");
    CHECK_STR(d.until, "2027-04-01");
    CHECK_STR(d.reason, "组织观念淡薄，需继续考察");
    struct member g;
    CHECK_INT(store_member_get(st, m, &g), STORE_OK);
    CHECK_STR(g.status, "probationary");
    CHECK_STR(g.probation_until, "2027-04-01");
    /* history of the decision */
    struct store_probation_decision_list list_l = {0};
    struct probation_decision *list = NULL;
    int n = 0;
    store_probation_decision_list_free(&list_l);
    CHECK_INT(store_probation_decision_list(st, m, &list_l), STORE_OK);
    list = list_l.v, n = list_l.n;
    CHECK_INT(n, 1);
    CHECK_INT(list[0].meeting_id, at_end);
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM history WHERE table_name = 'probation_decision'"
                                           " AND action = 'insert'"), 1);
    /* only once */
    struct probation_decision d2 = {.member_id = m, .meeting_id = at_end};
    snprintf(d2.reason, sizeof d2.reason, "再延长");
    CHECK_INT(store_probation_extend(st, &d2, 6, &SPR), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "预备期只能延长一次");
    /* 转正 now waits for the new end */
    CHECK_INT(store_member_make_full(st, m, "2026-10-12", at_end, &SPR), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "转正日期不能早于预备期满之日（2027-04-01）");
    store_close(st);
    store_probation_decision_list_free(&list_l);
}

TEST(people14_store_cancel_leaves_the_roster)
{
    struct store *st = fresh14();
    int64_t b = branch14(st);
    int64_t m = prob14(st, b, "李取消", "2025-10-01");
    int64_t full = add14(st, b, "赵正式", false);
    int64_t before = meeting14(st, b, "general", "2025-09-01");
    int64_t meet = meeting14(st, b, "general", "2026-06-10");
    struct post p = {.branch_id = b, .wanted = 5};
    snprintf(p.category, sizeof p.category, "政策宣传");
    snprintf(p.name, sizeof p.name, "政策宣传员");
    p.duties = (char *)"宣传党的政策";
    CHECK_INT(store_post_add(st, &p), STORE_OK);
    struct holding h = {.post_id = p.id, .member_id = m};
    snprintf(h.how, sizeof h.how, "claim");
    snprintf(h.claimed, sizeof h.claimed, "2026-01-10");
    snprintf(h.pledge, sizeof h.pledge, "认真履职");
    CHECK_INT(store_holding_add(st, &h), STORE_OK);

    struct probation_decision d = {.member_id = m, .meeting_id = before};
    snprintf(d.reason, sizeof d.reason, "严重违反纪律");
    CHECK_INT(store_probation_cancel(st, &d, &SPR), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "会议日期早于该党员的入党日期");
    d.meeting_id = 99999;
    CHECK_INT(store_probation_cancel(st, &d, &SPR), STORE_ERR_NOT_FOUND);
    CHECK_STR(store_errmsg(st), "作出决定的会议不存在");
    /* a full member has no probation to cancel */
    struct probation_decision f = {.member_id = full, .meeting_id = meet};
    snprintf(f.reason, sizeof f.reason, "x");
    CHECK_INT(store_probation_cancel(st, &f, &SPR), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "该党员不是在册的预备党员");
    /* during probation, by a 支部党员大会 */
    d.meeting_id = meet;
    CHECK_INT(store_probation_cancel(st, &d, &SPR), STORE_OK);
    struct member g;
    CHECK_INT(store_member_get(st, m, &g), STORE_OK);
    CHECK_STR(g.leave_status, "expelled");
    CHECK_STR(g.leave_date, "2026-06-10");
    CHECK_STR(g.leave_reason, "取消预备党员资格：严重违反纪律");
    CHECK(g.probation_cancelled);
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM history WHERE table_name = 'member'"
                                           " AND action = 'disqualify'"), 1);
    CHECK_INT(store_holding_get(st, h.id, &h), STORE_OK);
    CHECK_STR(h.ended, "2026-06-10");
    /* not twice */
    CHECK_INT(store_probation_cancel(st, &d, &SPR), STORE_ERR_CONSTRAINT);
    store_close(st);
}

/* 转正 only by the decision (store_member_make_full with a 支部党员大会 after probation): the
 * member form cannot make a 预备党员 正式 by changing 党籍 and typing a 转正日期. */
TEST(people14_store_form_cannot_make_full)
{
    struct store *st = fresh14();
    int64_t b = branch14(st);
    int64_t id = add14(st, b, "孙预备", true);
    struct member g;
    CHECK_INT(store_member_get(st, id, &g), STORE_OK);
    snprintf(g.status, sizeof g.status, "full");
    snprintf(g.full_date, sizeof g.full_date, "2027-03-01");
    CHECK_INT(store_member_update(st, &g), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "预备党员转正须由支部党员大会讨论决定：请在党员名册中按 z 登记转正");
    CHECK_INT(store_member_get(st, id, &g), STORE_OK);
    CHECK_STR(g.status, "probationary");
    CHECK_STR(g.full_date, "");
    /* other changes to a 预备党员 still save */
    snprintf(g.phone, sizeof g.phone, "13800000000");
    CHECK_INT(store_member_update(st, &g), STORE_OK);
    store_close(st);
}
