/* Unit tests of two sessions at one ledger (issue 13): two store handles open on one file, as two
 * PCs of a township office share one database. An update carries the version it was read at and
 * is refused, with who, when and what changed, when the row changed since (no lost update); a
 * payment is decided inside the write, so two Space presses on one member pay once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "zhibu/dues.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_dues.h"
#include "zhibu/store_lifecycle.h"
#include "zhibu/store_meeting.h"
#include "zhibu/store_posts.h"

/* ---- helpers --------------------------------------------------------------------------- */

struct two {
    char *path;
    struct store *a, *b; /* two sessions on one file */
    int64_t branch, group, member;
};

/* A database with a branch, a group and a member, then a second handle on the same file, as
 * another login. The changes of session b are stamped 09:05 (UTC, the tests' time zone). */
static bool two_open(struct two *t)
{
    memset(t, 0, sizeof *t);
    t->path = test_db_path("shared.db");
    t->a = test_open_db(t->path, "shuji");
    if (!t->a) return false;
    struct branch br = {0};
    snprintf(br.code, sizeof br.code, "1101");
    snprintf(br.name, sizeof br.name, "红旗村党支部");
    snprintf(br.type, sizeof br.type, "rural");
    struct group g = {0};
    struct member m = {0};
    struct user u = {0};
    snprintf(u.login, sizeof u.login, "wei");
    snprintf(u.display_name, sizeof u.display_name, "魏委员");
    u.role = STORE_ROLE_ADMIN;
    if (store_branch_add(t->a, &br) != STORE_OK || store_user_add(t->a, &u, "weimima123") != STORE_OK) {
        test_fail(__FILE__, __LINE__, "setup: %s", store_errmsg(t->a));
        return false;
    }
    g.branch_id = br.id;
    snprintf(g.name, sizeof g.name, "第一党小组");
    m.branch_id = br.id;
    snprintf(m.name, sizeof m.name, "王小明");
    snprintf(m.gender, sizeof m.gender, "M");
    snprintf(m.birth_date, sizeof m.birth_date, "1980-05-06");
    snprintf(m.join_date, sizeof m.join_date, "2005-07-01");
    snprintf(m.full_date, sizeof m.full_date, "2006-07-01");
    snprintf(m.status, sizeof m.status, "full");
    snprintf(m.dues_category, sizeof m.dues_category, "farmer");
    if (store_group_add(t->a, &g) != STORE_OK || store_member_add(t->a, &m) != STORE_OK) {
        test_fail(__FILE__, __LINE__, "setup: %s", store_errmsg(t->a));
        return false;
    }
    t->branch = br.id;
    t->group = g.id;
    t->member = m.id;
    t->b = test_open_db(t->path, "wei");
    if (!t->b) return false;
    setenv("ZHIBU_NOW", "2026-11-21T09:05:00Z", 1);
    return true;
}

static void two_close(struct two *t)
{
    unsetenv("ZHIBU_NOW");
    store_close(t->a);
    store_close(t->b);
    free(t->path);
}

static long long count(const struct two *t, const char *sql)
{
    return test_sql_int(t->path, sql);
}

/* The refusal A sees: the message, and the conflict naming the field with its old and new
 * values (JSON text of the row as read and as it is now). */
static void check_refusal(struct store *st, const char *table, const char *was, const char *now)
{
    CHECK_STR(store_errmsg(st), "该记录已被 魏委员 于 09:05 修改");
    struct store_conflict c;
    CHECK_INT(store_conflict(st, &c), STORE_OK);
    CHECK_STR(c.table, table);
    CHECK_STR(c.who, "魏委员");
    CHECK_STR(c.when, "09:05");
    CHECK(c.was_json && strstr(c.was_json, was) != NULL);
    CHECK(c.now_json && strstr(c.now_json, now) != NULL);
    CHECK(c.now_json && strstr(c.now_json, was) == NULL);
    store_conflict_free(&c);
}

static int64_t add_meeting(struct two *t)
{
    struct meeting m = {0};
    m.branch_id = t->branch;
    snprintf(m.kind, sizeof m.kind, "general");
    snprintf(m.date, sizeof m.date, "2026-11-20");
    snprintf(m.place, sizeof m.place, "村委会议室");
    m.topics = strdup("学习文件");
    m.minutes = strdup("");
    int rc = store_meeting_add(t->a, &m);
    if (rc != STORE_OK) test_fail(__FILE__, __LINE__, "meeting_add: %s", store_errmsg(t->a));
    meeting_free(&m);
    return m.id;
}

/* ---- tests ----------------------------------------------------------------------------- */

/* The case: A opens a meeting, B opens it too, changes 地点 and saves; A saves its older
 * form: refused, B's change kept, A's not written; A reads again and saves. */
TEST(store_concurrency_meeting_lost_update_refused)
{
    struct two t;
    if (!two_open(&t)) return;
    int64_t id = add_meeting(&t);
    struct meeting ma, mb;
    CHECK_INT(store_meeting_get(t.a, id, &ma), STORE_OK);
    CHECK_INT(store_meeting_get(t.b, id, &mb), STORE_OK);
    CHECK(ma.version > 0);
    CHECK_INT(ma.version, mb.version);

    snprintf(mb.place, sizeof mb.place, "党员活动室");
    CHECK_INT(store_meeting_update(t.b, &mb), STORE_OK);
    CHECK(mb.version > ma.version);
    long long hist = count(&t, "SELECT count(*) FROM history");

    free(ma.topics);
    ma.topics = strdup("学习文件\n讨论村规民约");
    CHECK_INT(store_meeting_update(t.a, &ma), STORE_ERR_CHANGED);
    check_refusal(t.a, "meeting", "\"place\":\"村委会议室\"", "\"place\":\"党员活动室\"");
    CHECK_INT(count(&t, "SELECT count(*) FROM meeting WHERE place = '党员活动室'"
                        " AND topics = '学习文件'"), 1);
    CHECK_INT(count(&t, "SELECT count(*) FROM history"), hist); /* nothing written */

    /* B saves again without reading: its own save moved its version on */
    snprintf(mb.start_time, sizeof mb.start_time, "09:00");
    CHECK_INT(store_meeting_update(t.b, &mb), STORE_OK);

    /* A reads again and saves: accepted */
    meeting_free(&ma);
    CHECK_INT(store_meeting_get(t.a, id, &ma), STORE_OK);
    free(ma.topics);
    ma.topics = strdup("学习文件\n讨论村规民约");
    CHECK_INT(store_meeting_update(t.a, &ma), STORE_OK);
    CHECK_INT(count(&t, "SELECT count(*) FROM meeting WHERE place = '党员活动室'"
                        " AND start_time = '09:00' AND topics LIKE '%村规民约'"), 1);
    meeting_free(&ma);
    meeting_free(&mb);
    two_close(&t);
}

/* Attendance is part of the record: a change of marks by B refuses A's older record too. */
TEST(store_concurrency_meeting_attendance_counts_as_change)
{
    struct two t;
    if (!two_open(&t)) return;
    int64_t id = add_meeting(&t);
    struct meeting ma, mb;
    CHECK_INT(store_meeting_get(t.a, id, &ma), STORE_OK);
    CHECK_INT(store_meeting_get(t.b, id, &mb), STORE_OK);
    struct attendee *list = NULL;
    int n = 0;
    CHECK_INT(store_meeting_expected(t.b, t.branch, MK_GENERAL, 0, mb.date, &list, &n), STORE_OK);
    CHECK_INT(n, 1);
    free(mb.attendees);
    mb.attendees = list;
    mb.nattendees = n;
    CHECK_INT(store_meeting_update(t.b, &mb), STORE_OK);
    snprintf(ma.observers, sizeof ma.observers, "镇组织委员");
    CHECK_INT(store_meeting_update(t.a, &ma), STORE_ERR_CHANGED);
    CHECK_INT(count(&t, "SELECT count(*) FROM meeting_attendance"), 1);
    CHECK_INT(count(&t, "SELECT count(*) FROM meeting WHERE observers <> ''"), 0);
    meeting_free(&ma);
    meeting_free(&mb);
    two_close(&t);
}

/* The roster: a member form saved over a change made in another session (even one made
 * elsewhere, as the mobile flag) is refused; a struct never read (version 0) too. */
TEST(store_concurrency_member_group_branch)
{
    struct two t;
    if (!two_open(&t)) return;
    struct member ma, mb;
    CHECK_INT(store_member_get(t.a, t.member, &ma), STORE_OK);
    CHECK_INT(store_member_get(t.b, t.member, &mb), STORE_OK);
    snprintf(mb.phone, sizeof mb.phone, "13900001111");
    CHECK_INT(store_member_update(t.b, &mb), STORE_OK);
    snprintf(ma.note, sizeof ma.note, "老党员");
    CHECK_INT(store_member_update(t.a, &ma), STORE_ERR_CHANGED);
    check_refusal(t.a, "member", "\"phone\":\"\"", "\"phone\":\"13900001111\"");
    CHECK_INT(count(&t, "SELECT count(*) FROM member WHERE phone = '13900001111' AND note = ''"), 1);
    /* from a list page, as the roster and the committee screens read it */
    struct member_filter f = {.branch_id = t.branch};
    struct member page[4];
    int n = 0;
    CHECK_INT(store_member_page(t.a, &f, 0, 4, page, &n), STORE_OK);
    CHECK_INT(n, 1);
    CHECK_INT(page[0].version, mb.version);
    snprintf(page[0].note, sizeof page[0].note, "老党员");
    CHECK_INT(store_member_update(t.a, &page[0]), STORE_OK);
    struct member never = page[0];
    never.version = 0;
    CHECK_INT(store_member_update(t.a, &never), STORE_ERR_CHANGED);

    struct group ga, gb;
    CHECK_INT(store_group_get(t.a, t.group, &ga), STORE_OK);
    CHECK_INT(store_group_get(t.b, t.group, &gb), STORE_OK);
    snprintf(gb.name, sizeof gb.name, "一组");
    CHECK_INT(store_group_update(t.b, &gb), STORE_OK);
    ga.leader_id = t.member;
    CHECK_INT(store_group_update(t.a, &ga), STORE_ERR_CHANGED);
    check_refusal(t.a, "party_group", "\"name\":\"第一党小组\"", "\"name\":\"一组\"");
    CHECK_INT(count(&t, "SELECT count(*) FROM party_group WHERE name = '一组' AND leader_id IS NULL"), 1);
    struct store_group_list list;
    CHECK_INT(store_group_list(t.a, t.branch, &list), STORE_OK);
    CHECK_INT(list.n, 1);
    if (list.n == 1) {
        list.v[0].leader_id = t.member;
        CHECK_INT(store_group_update(t.a, &list.v[0]), STORE_OK);
    }
    store_group_list_free(&list);

    struct branch ba, bb;
    CHECK_INT(store_branch_get(t.a, t.branch, &ba), STORE_OK);
    CHECK_INT(store_branch_get(t.b, t.branch, &bb), STORE_OK);
    snprintf(bb.theme_day, sizeof bb.theme_day, "15");
    CHECK_INT(store_branch_update(t.b, &bb), STORE_OK);
    snprintf(ba.name, sizeof ba.name, "红旗村党总支");
    CHECK_INT(store_branch_update(t.a, &ba), STORE_ERR_CHANGED);
    check_refusal(t.a, "branch", "\"theme_day\":\"\"", "\"theme_day\":\"15\"");
    CHECK_INT(count(&t, "SELECT count(*) FROM branch WHERE name = '红旗村党支部' AND theme_day = '15'"), 1);
    two_close(&t);
}

/* Posts, plans and mobile details follow the same rule; details entered by B while A was
 * entering them too (A read none: version 0) are not overwritten either. */
TEST(store_concurrency_post_plan_mobile)
{
    struct two t;
    if (!two_open(&t)) return;
    struct post p = {.branch_id = t.branch, .wanted = 1};
    snprintf(p.name, sizeof p.name, "政策宣传员");
    p.duties = strdup("宣传政策");
    CHECK_INT(store_post_add(t.a, &p), STORE_OK);
    struct post pa, pb;
    CHECK_INT(store_post_get(t.a, p.id, &pa), STORE_OK);
    CHECK_INT(store_post_get(t.b, p.id, &pb), STORE_OK);
    CHECK_INT(pa.version, p.version);
    pb.wanted = 2;
    CHECK_INT(store_post_update(t.b, &pb), STORE_OK);
    free(pa.duties);
    pa.duties = strdup("宣传政策，收集民意");
    CHECK_INT(store_post_update(t.a, &pa), STORE_ERR_CHANGED);
    check_refusal(t.a, "post", "\"wanted\":1", "\"wanted\":2");
    CHECK_INT(count(&t, "SELECT count(*) FROM post WHERE wanted = 2 AND duties = '宣传政策'"), 1);
    post_free(&p);
    post_free(&pa);
    post_free(&pb);

    struct meeting_plan plan = {.branch_id = t.branch};
    snprintf(plan.kind, sizeof plan.kind, "lecture");
    snprintf(plan.date, sizeof plan.date, "2026-12-05");
    snprintf(plan.topic, sizeof plan.topic, "党课：党章");
    CHECK_INT(store_plan_add(t.a, &plan), STORE_OK);
    struct meeting_plan qa, qb;
    CHECK_INT(store_plan_get(t.a, plan.id, &qa), STORE_OK);
    CHECK_INT(store_plan_get(t.b, plan.id, &qb), STORE_OK);
    snprintf(qb.date, sizeof qb.date, "2026-12-06");
    CHECK_INT(store_plan_update(t.b, &qb), STORE_OK);
    snprintf(qa.topic, sizeof qa.topic, "党课：党规");
    CHECK_INT(store_plan_update(t.a, &qa), STORE_ERR_CHANGED);
    check_refusal(t.a, "meeting_plan", "\"date\":\"2026-12-05\"", "\"date\":\"2026-12-06\"");

    /* both enter mobile details for the member: B first; A (which read none) is refused */
    struct mobile_info none;
    CHECK_INT(store_mobile_get(t.a, t.member, &none), STORE_ERR_NOT_FOUND);
    struct mobile_info mb = {.member_id = t.member};
    snprintf(mb.destination, sizeof mb.destination, "广东省深圳市");
    snprintf(mb.since, sizeof mb.since, "2026-03-01");
    CHECK_INT(store_mobile_set(t.b, &mb), STORE_OK);
    struct mobile_info ma = {.member_id = t.member};
    snprintf(ma.destination, sizeof ma.destination, "浙江省义乌市");
    snprintf(ma.since, sizeof ma.since, "2026-04-01");
    CHECK_INT(store_mobile_set(t.a, &ma), STORE_ERR_CHANGED);
    CHECK_STR(store_errmsg(t.a), "该记录已被 魏委员 于 09:05 修改");
    CHECK_INT(count(&t, "SELECT count(*) FROM member_mobile WHERE destination = '广东省深圳市'"), 1);
    /* B changes them again from what it saved: its version moved with its save */
    snprintf(mb.card_no, sizeof mb.card_no, "LD-1");
    CHECK_INT(store_mobile_set(t.b, &mb), STORE_OK);
    two_close(&t);
}

/* Collection day on two PCs: both read the member's November as unpaid and press Space; the
 * first pays, the second is refused inside its write ("已由 … 登记") and nothing is paid twice.
 * Read again, the month is paid in full. */
TEST(store_concurrency_double_payment_refused)
{
    struct two t;
    if (!two_open(&t)) return;
    int ym = dues_ym(2026, 11);
    struct dues_paid alloc[1] = {{.ym = ym, .amount = 12206}};
    struct dues_member da, db;
    CHECK_INT(store_dues_member_get(t.a, t.member, &da), STORE_OK);
    CHECK_INT(store_dues_member_get(t.b, t.member, &db), STORE_OK);
    CHECK_INT(da.npaid, 0);

    struct dues_payment pb = {.member_id = t.member, .from_ym = ym, .to_ym = ym, .amount = 12206,
                              .paid_before = 0};
    snprintf(pb.paid_date, sizeof pb.paid_date, "2026-11-21");
    CHECK_INT(store_dues_payment_add(t.b, &pb, alloc, 1), STORE_OK);
    struct dues_payment pa = pb;
    pa.id = 0;
    CHECK_INT(store_dues_payment_add(t.a, &pa, alloc, 1), STORE_ERR_CHANGED);
    CHECK_STR(store_errmsg(t.a), "2026年11月的党费已由 魏委员 于 09:05 登记一笔（122.06 元）");
    CHECK_INT(count(&t, "SELECT count(*) FROM dues_payment"), 1);
    CHECK_INT(count(&t, "SELECT sum(amount) FROM dues_allocation"), 12206);

    /* read again: paid in full; an advance over it states what was paid and goes through */
    store_dues_member_free(&da);
    CHECK_INT(store_dues_member_get(t.a, t.member, &da), STORE_OK);
    CHECK_INT(da.npaid, 1);
    pa.paid_before = 12206;
    CHECK_INT(store_dues_payment_add(t.a, &pa, alloc, 1), STORE_OK);
    CHECK_INT(count(&t, "SELECT count(*) FROM dues_payment"), 2);

    /* a void in between is a change too: B's older view of the month is refused */
    CHECK_INT(store_dues_payment_void(t.a, pa.id, "重复登记"), STORE_OK);
    struct dues_payment pc = pb;
    pc.paid_before = 2 * 12206;
    CHECK_INT(store_dues_payment_add(t.b, &pc, alloc, 1), STORE_ERR_CHANGED);
    CHECK(strstr(store_errmsg(t.b), "作废一笔") != NULL);
    CHECK_INT(count(&t, "SELECT count(*) FROM dues_payment WHERE voided_at IS NULL"), 1);
    store_dues_member_free(&da);
    store_dues_member_free(&db);
    two_close(&t);
}

/* Bases: B sets a member's base while A has the grid open; A's base from its older grid is
 * refused, B's kept. */
TEST(store_concurrency_dues_basis)
{
    struct two t;
    if (!two_open(&t)) return;
    struct dues_member da, db;
    CHECK_INT(store_dues_member_get(t.a, t.member, &da), STORE_OK);
    CHECK_INT(store_dues_member_get(t.b, t.member, &db), STORE_OK);
    CHECK_INT(da.bases_version, 0);
    int ym = dues_ym(2026, 1);
    CHECK_INT(store_dues_basis_set(t.b, t.member, ym, "retired", 300000, "", db.bases_version),
              STORE_OK);
    CHECK_INT(store_dues_basis_set(t.a, t.member, ym, "employed", 500000, "", da.bases_version),
              STORE_ERR_CHANGED);
    CHECK_STR(store_errmsg(t.a), "该党员的党费基数已被 魏委员 于 09:05 修改");
    CHECK_INT(count(&t, "SELECT count(*) FROM dues_basis WHERE category = 'retired'"
                        " AND base_fen = 300000"), 1);
    CHECK_INT(count(&t, "SELECT count(*) FROM dues_basis"), 1);
    store_dues_member_free(&da);
    CHECK_INT(store_dues_member_get(t.a, t.member, &da), STORE_OK);
    CHECK(da.bases_version > 0);
    CHECK_INT(store_dues_basis_set(t.a, t.member, ym, "employed", 500000, "", da.bases_version),
              STORE_OK);
    store_dues_member_free(&da);
    store_dues_member_free(&db);
    two_close(&t);
}
