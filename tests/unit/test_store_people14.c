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
    CHECK_INT(store_posts_notice(st, b, "2026-11-20", &count), STORE_OK);
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
    CHECK_INT(store_dues_member(st, first, &d), STORE_OK);
    CHECK_INT(d.f.leave_ym, dues_ym(2026, 10)); /* November not owed */
    store_dues_member_free(&d);
    CHECK_INT(store_dues_member(st, moved, &d), STORE_OK);
    CHECK_INT(d.f.leave_ym, dues_ym(2026, 11)); /* December is the new branch's */
    store_dues_member_free(&d);
    struct dues_member *all = NULL;
    int n = 0;
    CHECK_INT(store_dues_members(st, b, dues_ym(2026, 1), &all, &n), STORE_OK);
    CHECK_INT(n, 2);
    for (int i = 0; i < n; i++)
        CHECK_INT(all[i].f.leave_ym, all[i].m.id == first ? dues_ym(2026, 10) : dues_ym(2026, 11));
    store_dues_members_free(all, n);
    store_close(st);
}
