/* Unit tests of src/store/auth_db.c and the checks in every write function of the store: each
 * role (system, the secretary of branch A, the secretary of B, a reviewer of every branch, a
 * reviewer of A's township, a reviewer of another township, an admin) against each kind of
 * write, refused (STORE_ERR_DENIED, the database unchanged) or done; months with a verdict
 * locked until 申请修改 with a reason, the amend rows and the history after them; and after
 * every write, each journaled row equal to the newest new_json its history holds. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "test.h"
#include "zhibu/store.h"
#include "zhibu/store_audit.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_dues.h"
#include "zhibu/store_lifecycle.h"
#include "zhibu/store_meeting.h"
#include "zhibu/store_posts.h"

#include "../../src/store/store_json.h"

/* ---- helpers --------------------------------------------------------------------------- */

static struct store *open_db(const char *path)
{
    return test_open_db(path, "system");
}

static bool copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    bool ok = in && out;
    char buf[65536];
    size_t n;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0) ok = fwrite(buf, 1, n, out) == n;
    if (in) fclose(in);
    if (out && fclose(out) != 0) ok = false;
    return ok;
}

static struct member member_def(int64_t branch_id, const char *name, const char *full)
{
    struct member m;
    fx_member_fill(&m, &(struct fx_member){.branch = branch_id, .name = name, .join = "2010-03-01",
                                           .full = full});
    return m;
}

static int64_t mk_member(struct store *st, int64_t branch_id, const char *name, const char *full)
{
    return fx_member(st, &(struct fx_member){.branch = branch_id, .name = name, .join = "2010-03-01",
                                             .full = full}, NULL);
}

static void fill_meeting(struct meeting *m, int64_t branch_id, const char *date, const char *topics)
{
    memset(m, 0, sizeof *m);
    m->branch_id = branch_id;
    snprintf(m->kind, sizeof m->kind, "general");
    snprintf(m->date, sizeof m->date, "%s", date);
    m->topics = strdup(topics);
    m->minutes = strdup("");
}

static int64_t mk_meeting(struct store *st, int64_t branch_id, const char *date, const char *topics)
{
    struct meeting m;
    fill_meeting(&m, branch_id, date, topics);
    if (store_meeting_add(st, &m) != STORE_OK)
        test_fail(__FILE__, __LINE__, "meeting_add: %s", store_errmsg(st));
    meeting_free(&m);
    return m.id;
}

/* Change a stored meeting's topics (and date when given); the store's result. */
static int meeting_retopic(struct store *st, int64_t id, const char *date, const char *topics)
{
    struct meeting m;
    int rc = store_meeting_get(st, id, &m);
    if (rc) return rc;
    free(m.topics);
    m.topics = strdup(topics);
    if (date) snprintf(m.date, sizeof m.date, "%s", date);
    rc = store_meeting_update(st, &m);
    meeting_free(&m);
    return rc;
}

static int add_payment(struct store *st, int64_t member_id, const char *paid_date, int ym)
{
    struct dues_payment p = {0};
    p.member_id = member_id;
    snprintf(p.paid_date, sizeof p.paid_date, "%s", paid_date);
    p.from_ym = p.to_ym = ym;
    p.amount = 200;
    struct dues_paid a = {.ym = ym, .amount = 200};
    int rc = store_dues_payment_add(st, &p, &a, 1);
    return rc ? rc : (int)p.id;
}

static int add_adjust(struct store *st, int64_t member_id, int from_ym, int64_t *id)
{
    struct dues_adjust_rec r = {0};
    r.member_id = member_id;
    r.a.from_ym = from_ym;
    r.a.to_ym = from_ym + 2;
    r.a.kind = DUES_WAIVE;
    snprintf(r.approved_by, sizeof r.approved_by, "镇党委");
    snprintf(r.reason, sizeof r.reason, "生活困难");
    int rc = store_dues_adjust_add(st, &r);
    if (id) *id = r.id;
    return rc;
}

static struct verdict verdict_def(int64_t b, const char *month, const char *item,
                                  const char *verdict, const char *deadline)
{
    struct verdict v = {.branch_id = b};
    snprintf(v.month, sizeof v.month, "%s", month);
    snprintf(v.item, sizeof v.item, "%s", item);
    snprintf(v.verdict, sizeof v.verdict, "%s", verdict);
    snprintf(v.comment, sizeof v.comment, "%s", verdict[0] == 'r' ? "补开支委会" : "");
    snprintf(v.deadline, sizeof v.deadline, "%s", deadline);
    return v;
}

static int sql_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    int v = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
}

/* A fingerprint of every row of every table, read through a connection of its own. */
static uint64_t fingerprint(const char *path)
{
    sqlite3 *db = NULL;
    uint64_t h = 1469598103934665603ull;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return 0;
    }
    sqlite3_stmt *t = NULL;
    sqlite3_prepare_v2(db,
                       "SELECT name FROM sqlite_master WHERE type = 'table'"
                       " AND name NOT LIKE 'sqlite_%' ORDER BY name",
                       -1, &t, NULL);
    while (t && sqlite3_step(t) == SQLITE_ROW) {
        char sql[256];
        snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", (const char *)sqlite3_column_text(t, 0));
        sqlite3_stmt *s = NULL;
        if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
            sqlite3_finalize(s);
            continue;
        }
        while (sqlite3_step(s) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(s); c++) {
                const unsigned char *v = sqlite3_column_text(s, c);
                for (const unsigned char *p = v ? v : (const unsigned char *)"\1"; *p; p++)
                    h = (h ^ *p) * 1099511628211ull;
                h = (h ^ 0xff) * 1099511628211ull;
            }
        }
        sqlite3_finalize(s);
    }
    sqlite3_finalize(t);
    sqlite3_close(db);
    return h;
}

/* Every journaled row compared with the newest new_json of its history; the number of rows
 * that differ (or have none), the first described in first. */
static const struct {
    const char *table, *json;
} JOURNALED[] = {
    {"branch", BRANCH_JSON},          {"dues_basis", BASIS_JSON},
    {"dues_adjust", ADJUST_JSON},     {"dues_payment", PAYMENT_JSON},
    {"party_group", GROUP_JSON},      {"member_mobile", MOBILE_JSON},
    {"mobile_contact", CONTACT_JSON}, {"member_transfer", TRANSFER_JSON},
    {"meeting", MEETING_JSON},        {"meeting_plan", PLAN_JSON},
    {"member", MEMBER_JSON},          {"post", POST_JSON},
    {"post_holding", HOLDING_JSON},   {"post_report", REPORT_JSON},
    {"post_review", REVIEW_JSON},     {"post_excuse", EXCUSE_JSON},
    {"audit_verdict", VERDICT_JSON},  {"rectification", RECTIFY_JSON},
    {"handin", HANDIN_JSON},          {"amend_request", AMEND_JSON},
    {"office_key", OFFICE_KEY_JSON},
};

static int journal_mismatches(const char *path, char *first, size_t firstsz, int *rows)
{
    sqlite3 *db = NULL;
    first[0] = '\0';
    *rows = 0;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return -1;
    }
    int bad = 0;
    sqlite3_stmt *newest = NULL;
    sqlite3_prepare_v2(db,
                       "SELECT new_json FROM history WHERE table_name = ?1 AND row_uuid = ?2"
                       " ORDER BY id DESC LIMIT 1",
                       -1, &newest, NULL);
    for (size_t i = 0; i < sizeof JOURNALED / sizeof JOURNALED[0]; i++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT id, uuid FROM %s ORDER BY id", JOURNALED[i].table);
        sqlite3_stmt *ids = NULL, *json = NULL;
        if (sqlite3_prepare_v2(db, sql, -1, &ids, NULL) != SQLITE_OK ||
            sqlite3_prepare_v2(db, JOURNALED[i].json, -1, &json, NULL) != SQLITE_OK) {
            snprintf(first, firstsz, "cannot read %s: %s", JOURNALED[i].table, sqlite3_errmsg(db));
            bad++;
        }
        while (!bad && sqlite3_step(ids) == SQLITE_ROW) {
            (*rows)++;
            sqlite3_bind_int64(json, 1, sqlite3_column_int64(ids, 0));
            const char *now = sqlite3_step(json) == SQLITE_ROW
                                  ? (const char *)sqlite3_column_text(json, 0) : NULL;
            sqlite3_reset(newest);
            sqlite3_bind_text(newest, 1, JOURNALED[i].table, -1, SQLITE_STATIC);
            sqlite3_bind_text(newest, 2, (const char *)sqlite3_column_text(ids, 1), -1,
                              SQLITE_TRANSIENT);
            const char *hist = sqlite3_step(newest) == SQLITE_ROW
                                   ? (const char *)sqlite3_column_text(newest, 0) : NULL;
            if (!now || !hist || strcmp(now, hist) != 0) {
                if (!bad)
                    snprintf(first, firstsz, "%s #%lld: row %.300s, history %.300s",
                             JOURNALED[i].table, (long long)sqlite3_column_int64(ids, 0),
                             now ? now : "(none)", hist ? hist : "(none)");
                bad++;
            }
            sqlite3_reset(json);
        }
        sqlite3_finalize(ids);
        sqlite3_finalize(json);
    }
    sqlite3_finalize(newest);
    sqlite3_close(db);
    return bad;
}

#define CHECK_JOURNAL(path)                                                                    \
    do {                                                                                       \
        char first_[800];                                                                      \
        int rows_;                                                                             \
        int bad_ = journal_mismatches(path, first_, sizeof first_, &rows_);                    \
        if (bad_ != 0) test_fail(__FILE__, __LINE__, "%d rows unjournaled: %s", bad_, first_); \
        CHECK(rows_ > 0);                                                                      \
    } while (0)

/* ---- the fixture ----------------------------------------------------------------------- */

/* Township T over branches A and B; township U over C. Everything written by system. */
static struct fix {
    int64_t t, a, b, u, c;
    int64_t group_a;
    int64_t m_a1, m_a2, m_mobile, m_b1;
    int64_t meet_a, meet_b, plan_a, plan_a2;
    int64_t pay_a, adj_a;
    int64_t post_a, hold_a;
    int64_t post_a2, m_excused; /* a post nobody holds; a member excused from the scheme */
    int64_t rect_open, rect_done;
} fx;

static void build_fixture(const char *path)
{
    struct store *st = open_db(path);
    if (!st) return;
    fx.t = fx_branch(st, "T", "T党支部", 0);
    fx.a = fx_branch(st, "A", "A党支部", fx.t);
    fx.b = fx_branch(st, "B", "B党支部", fx.t);
    fx.u = fx_branch(st, "U", "U党支部", 0);
    fx.c = fx_branch(st, "C", "C党支部", fx.u);
    struct group g = {.branch_id = fx.a};
    snprintf(g.name, sizeof g.name, "第一党小组");
    CHECK_INT(store_group_add(st, &g), STORE_OK);
    fx.group_a = g.id;
    fx.m_a1 = mk_member(st, fx.a, "张三", "2011-03-01");
    fx.m_a2 = mk_member(st, fx.a, "李四", "");
    fx.m_mobile = mk_member(st, fx.a, "王五", "2011-03-01");
    fx.m_b1 = mk_member(st, fx.b, "赵六", "2011-03-01");
    fx.meet_a = mk_meeting(st, fx.a, "2024-09-10", "学习党章");
    fx.meet_b = mk_meeting(st, fx.b, "2024-09-11", "学习党章");
    struct meeting_plan p = {.branch_id = fx.a};
    snprintf(p.kind, sizeof p.kind, "general");
    snprintf(p.date, sizeof p.date, "2024-09-25");
    snprintf(p.topic, sizeof p.topic, "专题学习");
    CHECK_INT(store_plan_add(st, &p), STORE_OK);
    fx.plan_a = p.id;
    p.id = 0;
    snprintf(p.date, sizeof p.date, "2024-09-26");
    CHECK_INT(store_plan_add(st, &p), STORE_OK);
    fx.plan_a2 = p.id;
    CHECK_INT(store_dues_basis_set(st, fx.m_a1, (struct zmonth){2024, 1}, "farmer", 0, "", store_dues_bases_version(st, fx.m_a1)), STORE_OK);
    int pay = add_payment(st, fx.m_a1, "2024-09-15", dues_ym(2024, 9));
    CHECK(pay > 0);
    fx.pay_a = pay;
    CHECK_INT(add_adjust(st, fx.m_a1, dues_ym(2024, 3), &fx.adj_a), STORE_OK);
    struct mobile_info mi = {.member_id = fx.m_mobile};
    snprintf(mi.destination, sizeof mi.destination, "广东省深圳市");
    snprintf(mi.since, sizeof mi.since, "2024-02-01");
    CHECK_INT(store_mobile_set(st, &mi), STORE_OK);
    struct post post = {.branch_id = fx.a, .wanted = 2};
    snprintf(post.category, sizeof post.category, "政策宣传");
    snprintf(post.name, sizeof post.name, "政策宣传员");
    post.duties = (char *)"宣传党的政策";
    CHECK_INT(store_post_add(st, &post), STORE_OK);
    fx.post_a = post.id;
    struct holding h = {.post_id = fx.post_a, .member_id = fx.m_a1};
    snprintf(h.claimed, sizeof h.claimed, "2024-03-01");
    CHECK_INT(store_holding_add(st, &h), STORE_OK);
    fx.hold_a = h.id;
    struct post post2 = {.branch_id = fx.a, .wanted = 1};
    snprintf(post2.category, sizeof post2.category, "矛盾调解");
    snprintf(post2.name, sizeof post2.name, "调解员");
    post2.duties = (char *)"调解邻里纠纷";
    CHECK_INT(store_post_add(st, &post2), STORE_OK);
    fx.post_a2 = post2.id;
    fx.m_excused = mk_member(st, fx.a, "孙七", "2011-03-01");
    CHECK_INT(store_post_excuse_add(st, fx.m_excused, "长期卧病", "2024-01-01"), STORE_OK);
    struct verdict v = verdict_def(fx.a, "2024-08", "meetings", "rectify", "2024-09-30");
    CHECK_INT(store_verdict_set(st, &v), STORE_OK);
    v = verdict_def(fx.a, "2024-08", "records", "rectify", "2024-09-30");
    CHECK_INT(store_verdict_set(st, &v), STORE_OK);
    struct store_rectification_list r_l = {0};
    struct rectification *r = NULL;
    int n = 0;
    store_rectification_list_free(&r_l);
    CHECK_INT(store_rectification_list(st, fx.a, &(struct zmonth){2024, 8}, false, &r_l), STORE_OK);
    r = r_l.v, n = r_l.n;
    CHECK_INT(n, 2);
    for (int i = 0; i < n; i++) {
        if (strcmp(r[i].item, "meetings") == 0) fx.rect_open = r[i].id;
        else fx.rect_done = r[i].id;
    }
    CHECK_INT(store_rectification_done(st, fx.rect_done, "已补全记录"), STORE_OK);
    store_close(st);
    store_rectification_list_free(&r_l);
}

/* ---- the writes ------------------------------------------------------------------------ */

enum who { W_EDIT, W_REVIEW, W_ADMIN, W_BRANCH_INFO, W_SYSTEM };

static int w_branch_add(struct store *st)
{
    struct branch b = {0};
    snprintf(b.code, sizeof b.code, "NEW");
    snprintf(b.name, sizeof b.name, "新建党支部");
    snprintf(b.type, sizeof b.type, "rural");
    b.parent_id = fx.t;
    return store_branch_add(st, &b);
}

static int w_branch_update(struct store *st)
{
    struct branch b;
    int rc = store_branch_get(st, fx.a, &b);
    if (rc) return rc;
    snprintf(b.theme_day, sizeof b.theme_day, "15");
    return store_branch_update(st, &b);
}

static int w_group_add(struct store *st)
{
    struct group g = {.branch_id = fx.a};
    snprintf(g.name, sizeof g.name, "第二党小组");
    return store_group_add(st, &g);
}

static int w_group_update(struct store *st)
{
    struct group g;
    int rc = store_group_get(st, fx.group_a, &g);
    if (rc) return rc;
    snprintf(g.name, sizeof g.name, "一组");
    return store_group_update(st, &g);
}

static int w_group_void(struct store *st)
{
    return store_group_void(st, fx.group_a, "合并");
}

static int w_member_add(struct store *st)
{
    struct member m = member_def(fx.a, "新党员", "2015-01-01");
    return store_member_add(st, &m);
}

static int w_member_update(struct store *st)
{
    struct member m;
    int rc = store_member_get(st, fx.m_a1, &m);
    if (rc) return rc;
    snprintf(m.phone, sizeof m.phone, "13800000000");
    return store_member_update(st, &m);
}

static int w_member_leave(struct store *st)
{
    struct member m;
    int rc = store_member_get(st, fx.m_a1, &m);
    if (rc) return rc;
    snprintf(m.leave_status, sizeof m.leave_status, "deceased");
    snprintf(m.leave_date, sizeof m.leave_date, "2024-10-01");
    snprintf(m.leave_reason, sizeof m.leave_reason, "病故");
    return store_member_update(st, &m);
}

/* a member of A moved to B: needs A (the branch it leaves) */
static int w_member_move(struct store *st)
{
    struct member m;
    int rc = store_member_get(st, fx.m_a2, &m);
    if (rc) return rc;
    m.branch_id = fx.b;
    m.group_id = 0;
    return store_member_update(st, &m);
}

static int w_meeting_add(struct store *st)
{
    struct meeting m;
    fill_meeting(&m, fx.a, "2024-09-20", "民主评议");
    m.plan_id = fx.plan_a; /* fulfils the plan: its row changes too */
    int rc = store_meeting_add(st, &m);
    meeting_free(&m);
    return rc;
}

static int w_meeting_update(struct store *st)
{
    return meeting_retopic(st, fx.meet_a, NULL, "学习党章（修订）");
}

static int w_meeting_void(struct store *st)
{
    return store_meeting_void(st, fx.meet_a, "重复录入");
}

static int w_plan_add(struct store *st)
{
    struct meeting_plan p = {.branch_id = fx.a};
    snprintf(p.kind, sizeof p.kind, "general");
    snprintf(p.date, sizeof p.date, "2024-11-05");
    snprintf(p.topic, sizeof p.topic, "年终总结");
    return store_plan_add(st, &p);
}

static int w_plan_update(struct store *st)
{
    struct meeting_plan p;
    int rc = store_plan_get(st, fx.plan_a, &p);
    if (rc) return rc;
    snprintf(p.topic, sizeof p.topic, "专题学习（二）");
    return store_plan_update(st, &p);
}

static int w_plan_void(struct store *st)
{
    return store_plan_void(st, fx.plan_a2, "改期");
}

static int w_basis(struct store *st)
{
    return store_dues_basis_set(st, fx.m_a1, (struct zmonth){2024, 9}, "farmer", 0, "调整", store_dues_bases_version(st, fx.m_a1));
}

static int w_payment_add(struct store *st)
{
    int rc = add_payment(st, fx.m_a1, "2024-09-20", dues_ym(2024, 8));
    return rc > 0 ? STORE_OK : rc;
}

static int w_payment_void(struct store *st)
{
    return store_dues_payment_void(st, fx.pay_a, "金额录错");
}

static int w_adjust_add(struct store *st)
{
    return add_adjust(st, fx.m_a1, dues_ym(2024, 7), NULL);
}

static int w_adjust_void(struct store *st)
{
    return store_dues_adjust_void(st, fx.adj_a, "已恢复");
}

static int w_dues_start(struct store *st)
{
    return store_dues_start_set(st, fx.a, (struct zmonth){2024, 1});
}

static int w_make_full(struct store *st)
{
    return store_member_make_full(st, fx.m_a2, "2024-09-01", 0, NULL);
}

static int w_mobile_set(struct store *st)
{
    struct mobile_info mi = {.member_id = fx.m_a1};
    snprintf(mi.destination, sizeof mi.destination, "浙江省杭州市");
    snprintf(mi.since, sizeof mi.since, "2024-05-01");
    return store_mobile_set(st, &mi);
}

static int w_mobile_end(struct store *st)
{
    return store_mobile_end(st, fx.m_mobile, "2024-09-01");
}

static int w_contact(struct store *st)
{
    struct mobile_contact c = {.member_id = fx.m_mobile};
    snprintf(c.date, sizeof c.date, "2024-06-01");
    snprintf(c.way, sizeof c.way, "电话");
    return store_mobile_contact_add(st, &c);
}

static int w_transfer_out(struct store *st)
{
    struct transfer t = {.member_id = fx.m_a1};
    snprintf(t.date, sizeof t.date, "2024-09-05");
    snprintf(t.place, sizeof t.place, "县城关镇党委");
    return store_transfer_out(st, &t);
}

static int w_transfer_in(struct store *st)
{
    struct member m = member_def(fx.a, "转入党员", "2012-01-01");
    struct transfer t = {0};
    snprintf(t.date, sizeof t.date, "2024-09-05");
    snprintf(t.place, sizeof t.place, "邻县某村党支部");
    return store_transfer_in(st, &m, &t);
}

static int w_post_add(struct store *st)
{
    struct post p = {.branch_id = fx.a, .wanted = 1};
    snprintf(p.category, sizeof p.category, "环境卫生");
    snprintf(p.name, sizeof p.name, "卫生监督员");
    p.duties = (char *)"监督";
    return store_post_add(st, &p);
}

static int w_post_update(struct store *st)
{
    struct post p;
    int rc = store_post_get(st, fx.post_a, &p);
    if (rc) return rc;
    p.wanted = 3;
    rc = store_post_update(st, &p);
    post_free(&p);
    return rc;
}

static int w_holding_add(struct store *st)
{
    struct holding h = {.post_id = fx.post_a, .member_id = fx.m_mobile};
    snprintf(h.claimed, sizeof h.claimed, "2024-04-01");
    return store_holding_add(st, &h);
}

static int w_holding_end(struct store *st)
{
    return store_holding_end(st, fx.hold_a, "2024-09-01", "外出务工");
}

static int w_notice(struct store *st)
{
    int n = 0;
    int rc = store_holding_notice(st, fx.a, "2024-04-05", &n);
    if (rc == STORE_OK && n != 1) return STORE_ERR;
    return rc;
}

static int w_report(struct store *st)
{
    struct post_report r = {.holding_id = fx.hold_a};
    snprintf(r.date, sizeof r.date, "2024-06-01");
    snprintf(r.venue, sizeof r.venue, "支部党员大会");
    r.content = (char *)"宣讲政策三次";
    return store_report_add(st, &r);
}

static int w_post_review(struct store *st)
{
    struct post_review r = {.holding_id = fx.hold_a};
    snprintf(r.period_start, sizeof r.period_start, "2024-01-01");
    snprintf(r.period_end, sizeof r.period_end, "2024-06-30");
    snprintf(r.rating, sizeof r.rating, "excellent");
    snprintf(r.date, sizeof r.date, "2024-06-30");
    return store_review_add(st, &r);
}

static int w_excuse(struct store *st)
{
    return store_post_excuse_add(st, fx.m_a2, "年老体弱", "2024-01-01");
}

static int w_post_void(struct store *st)
{
    return store_post_void(st, fx.post_a2, "岗位合并");
}

static int w_unexcuse(struct store *st)
{
    return store_post_excuse_end(st, fx.m_excused);
}

static int w_verdict(struct store *st)
{
    struct verdict v = verdict_def(fx.a, "2024-07", "overall", "pass", "");
    return store_verdict_set(st, &v);
}

static int w_rect_order(struct store *st)
{
    struct verdict v = verdict_def(fx.a, "2024-07", "dues", "rectify", "2024-08-31");
    return store_verdict_set(st, &v);
}

static int w_rect_done(struct store *st)
{
    return store_rectification_done(st, fx.rect_open, "已补开");
}

static int w_rect_confirm(struct store *st)
{
    return store_rectification_confirm(st, fx.rect_done);
}

static int w_rect_return(struct store *st)
{
    return store_rectification_return(st, fx.rect_done, "记录仍不完整");
}

static int w_handin(struct store *st)
{
    struct handin h = {.branch_id = fx.a};
    snprintf(h.month, sizeof h.month, "2024-09");
    return store_handin_add(st, &h);
}

static int w_set_created(struct store *st)
{
    return store_meeting_set_created(st, fx.meet_a, "2024-09-11T09:00:00");
}

static const struct write {
    const char *name;
    int (*fn)(struct store *);
    enum who who;
} WRITES[] = {
    {"branch_add", w_branch_add, W_ADMIN},
    {"branch_update", w_branch_update, W_BRANCH_INFO},
    {"group_add", w_group_add, W_EDIT},
    {"group_update", w_group_update, W_EDIT},
    {"group_void", w_group_void, W_EDIT},
    {"member_add", w_member_add, W_EDIT},
    {"member_update", w_member_update, W_EDIT},
    {"member_leave", w_member_leave, W_EDIT},
    {"member_move", w_member_move, W_EDIT},
    {"meeting_add", w_meeting_add, W_EDIT},
    {"meeting_update", w_meeting_update, W_EDIT},
    {"meeting_void", w_meeting_void, W_EDIT},
    {"plan_add", w_plan_add, W_EDIT},
    {"plan_update", w_plan_update, W_EDIT},
    {"plan_void", w_plan_void, W_EDIT},
    {"dues_basis", w_basis, W_EDIT},
    {"dues_payment", w_payment_add, W_EDIT},
    {"dues_payment_void", w_payment_void, W_EDIT},
    {"dues_adjust", w_adjust_add, W_EDIT},
    {"dues_adjust_void", w_adjust_void, W_EDIT},
    {"dues_start", w_dues_start, W_EDIT},
    {"make_full", w_make_full, W_EDIT},
    {"mobile_set", w_mobile_set, W_EDIT},
    {"mobile_end", w_mobile_end, W_EDIT},
    {"mobile_contact", w_contact, W_EDIT},
    {"transfer_out", w_transfer_out, W_EDIT},
    {"transfer_in", w_transfer_in, W_EDIT},
    {"post_add", w_post_add, W_EDIT},
    {"post_update", w_post_update, W_EDIT},
    {"holding_add", w_holding_add, W_EDIT},
    {"holding_end", w_holding_end, W_EDIT},
    {"posts_notice", w_notice, W_EDIT},
    {"post_report", w_report, W_EDIT},
    {"post_review", w_post_review, W_EDIT},
    {"post_excuse", w_excuse, W_EDIT},
    {"post_void", w_post_void, W_EDIT},
    {"post_unexcuse", w_unexcuse, W_EDIT},
    {"verdict", w_verdict, W_REVIEW},
    {"rectification_order", w_rect_order, W_REVIEW},
    {"rectification_done", w_rect_done, W_EDIT},
    {"rectification_confirm", w_rect_confirm, W_REVIEW},
    {"rectification_return", w_rect_return, W_REVIEW},
    {"handin", w_handin, W_EDIT},
    {"meeting_set_created", w_set_created, W_SYSTEM},
};

enum actor { A_SYSTEM, A_SEC_A, A_SEC_B, A_REV_ALL, A_REV_T, A_REV_U, A_ADMIN, A_COUNT };
static const char *const ACTOR_NAMES[] = {"system",     "secretary A", "secretary B", "reviewer all",
                                          "reviewer T", "reviewer U",  "admin"};

static void act_as(struct store *st, enum actor a)
{
    int rc = STORE_OK;
    switch (a) {
    case A_SYSTEM: break;
    case A_SEC_A: rc = store_test_set_session(st, STORE_ROLE_SECRETARY, fx.a, "sec_a"); break;
    case A_SEC_B: rc = store_test_set_session(st, STORE_ROLE_SECRETARY, fx.b, "sec_b"); break;
    case A_REV_ALL: rc = store_test_set_session(st, STORE_ROLE_REVIEWER, 0, "rev_all"); break;
    case A_REV_T: rc = store_test_set_session(st, STORE_ROLE_REVIEWER, fx.t, "rev_t"); break;
    case A_REV_U: rc = store_test_set_session(st, STORE_ROLE_REVIEWER, fx.u, "rev_u"); break;
    case A_ADMIN: rc = store_test_set_session(st, STORE_ROLE_ADMIN, 0, "admin"); break;
    case A_COUNT: break;
    }
    CHECK_INT(rc, STORE_OK);
}

static bool allowed(enum who w, enum actor a)
{
    if (a == A_SYSTEM) return true;
    switch (w) {
    case W_EDIT: return a == A_SEC_A;
    case W_REVIEW: return a == A_REV_ALL || a == A_REV_T;
    case W_ADMIN: return a == A_ADMIN;
    case W_BRANCH_INFO: return a == A_ADMIN || a == A_SEC_A;
    case W_SYSTEM: return false;
    }
    return false;
}

/* ---- tests ----------------------------------------------------------------------------- */

TEST(store_perm_roles_and_session)
{
    CHECK_STR(store_role_code(STORE_ROLE_SECRETARY), "secretary");
    CHECK_STR(store_role_code(STORE_ROLE_REVIEWER), "reviewer");
    CHECK_STR(store_role_code(STORE_ROLE_ADMIN), "admin");
    CHECK_STR(store_role_label(STORE_ROLE_SECRETARY), "支部书记");
    CHECK_STR(store_role_label(STORE_ROLE_REVIEWER), "审查员");
    CHECK_STR(store_role_label(STORE_ROLE_ADMIN), "管理员");
    CHECK_INT(store_role_parse("reviewer"), STORE_ROLE_REVIEWER);
    CHECK_INT(store_role_parse("admin"), STORE_ROLE_ADMIN);
    CHECK_INT(store_role_parse("secretary"), STORE_ROLE_SECRETARY);
    CHECK_INT(store_role_parse("boss"), -1);
    CHECK_INT(store_role_parse(NULL), -1);

    char *path = test_db_path("roles.db");
    build_fixture(path);
    struct store *st = open_db(path);
    free(path);
    if (!st) return;
    /* a new handle is system: it may do everything */
    CHECK_INT(store_session(st)->role, STORE_ROLE_SYSTEM);
    CHECK(store_may_edit(st, fx.a) && store_may_review(st, fx.a) && store_may_admin(st));
    act_as(st, A_SEC_A);
    CHECK_INT(store_session(st)->role, STORE_ROLE_SECRETARY);
    CHECK_INT(store_session(st)->branch_id, fx.a);
    CHECK(store_may_edit(st, fx.a));
    CHECK(!store_may_edit(st, fx.b));
    CHECK(!store_may_review(st, fx.a));
    CHECK(!store_may_admin(st));
    act_as(st, A_REV_T);
    CHECK(!store_may_edit(st, fx.a));
    CHECK(store_may_review(st, fx.a) && store_may_review(st, fx.b) && store_may_review(st, fx.t));
    CHECK(!store_may_review(st, fx.c));
    CHECK(!store_may_review(st, fx.u));
    act_as(st, A_REV_ALL);
    CHECK(store_may_review(st, fx.c));
    act_as(st, A_ADMIN);
    CHECK(store_may_admin(st));
    CHECK(!store_may_edit(st, fx.a));
    CHECK(!store_may_review(st, fx.a));
    /* history names who wrote */
    act_as(st, A_SEC_A);
    CHECK_INT(w_member_update(st), STORE_OK);
    struct member m;
    CHECK_INT(store_member_get(st, fx.m_a1, &m), STORE_OK);
    struct history_entry e[2];
    int n = 0;
    CHECK_INT(store_history_list(st, "member", m.uuid, e, 2, &n), STORE_OK);
    CHECK(n >= 1);
    if (n >= 1) CHECK_STR(e[0].changed_by, "sec_a");
    store_history_free(e, n);
    store_close(st);
}

TEST(store_perm_every_write_by_every_role)
{
    char *tpl = test_db_path("template.db");
    char *path = test_db_path("case.db");
    build_fixture(tpl);
    CHECK_JOURNAL(tpl);
    for (size_t w = 0; w < sizeof WRITES / sizeof WRITES[0]; w++) {
        for (int a = 0; a < A_COUNT; a++) {
            if (!copy_file(tpl, path)) {
                test_fail(__FILE__, __LINE__, "copy %s", tpl);
                goto out;
            }
            struct store *st = open_db(path);
            if (!st) goto out;
            act_as(st, (enum actor)a);
            uint64_t before = fingerprint(path);
            int rc = WRITES[w].fn(st);
            bool ok = allowed(WRITES[w].who, (enum actor)a);
            if (rc != (ok ? STORE_OK : STORE_ERR_DENIED))
                test_fail(__FILE__, __LINE__, "%s as %s: %d (%s), expected %s", WRITES[w].name,
                          ACTOR_NAMES[a], rc, store_errmsg(st), ok ? "OK" : "DENIED");
            if (!ok) {
                if (fingerprint(path) != before)
                    test_fail(__FILE__, __LINE__, "%s as %s: refused but the database changed",
                              WRITES[w].name, ACTOR_NAMES[a]);
                CHECK(store_errmsg(st)[0] != '\0');
                /* the sentences the user sees */
                if (WRITES[w].who == W_EDIT && a == A_SEC_B)
                    CHECK_STR(store_errmsg(st), "只能修改本支部（B党支部）的台账");
                if (WRITES[w].who == W_EDIT && (a == A_REV_ALL || a == A_REV_U))
                    CHECK_STR(store_errmsg(st), "审查员不能修改台账（只能评审）");
                if (WRITES[w].who == W_EDIT && a == A_ADMIN)
                    CHECK_STR(store_errmsg(st), "管理员不能修改台账");
                if (WRITES[w].who == W_REVIEW && (a == A_SEC_A || a == A_ADMIN))
                    CHECK_STR(store_errmsg(st), "只有审查员能作出评审结论");
                if (WRITES[w].who == W_REVIEW && a == A_REV_U)
                    CHECK_STR(store_errmsg(st), "只能评审所辖支部（U党支部及其下级支部）");
            } else if (WRITES[w].who != W_SYSTEM) {
                if (fingerprint(path) == before)
                    test_fail(__FILE__, __LINE__, "%s as %s: OK but nothing written",
                              WRITES[w].name, ACTOR_NAMES[a]);
            }
            store_close(st);
            /* every row as it stands is the newest value its history holds */
            if (ok && WRITES[w].who != W_SYSTEM) {
                char first[800];
                int rows;
                int bad = journal_mismatches(path, first, sizeof first, &rows);
                if (bad)
                    test_fail(__FILE__, __LINE__, "%s as %s: %d rows unjournaled: %s",
                              WRITES[w].name, ACTOR_NAMES[a], bad, first);
            }
        }
    }
out:
    free(tpl);
    free(path);
}

TEST(store_perm_secretary_cannot_reach_other_branch_rows)
{
    char *path = test_db_path("other.db");
    build_fixture(path);
    struct store *st = open_db(path);
    if (!st) {
        free(path);
        return;
    }
    act_as(st, A_SEC_A);
    uint64_t before = fingerprint(path);
    /* B's rows, by the secretary of A */
    CHECK_INT(meeting_retopic(st, fx.meet_b, NULL, "改动"), STORE_ERR_DENIED);
    CHECK_STR(store_errmsg(st), "只能修改本支部（A党支部）的台账");
    CHECK_INT(store_meeting_void(st, fx.meet_b, "x"), STORE_ERR_DENIED);
    struct member m;
    CHECK_INT(store_member_get(st, fx.m_b1, &m), STORE_OK);
    snprintf(m.phone, sizeof m.phone, "1");
    CHECK_INT(store_member_update(st, &m), STORE_ERR_DENIED);
    /* a member of B cannot be pulled into A either */
    m.branch_id = fx.a;
    CHECK_INT(store_member_update(st, &m), STORE_ERR_DENIED);
    struct member nm = member_def(fx.b, "冒名", "2015-01-01");
    CHECK_INT(store_member_add(st, &nm), STORE_ERR_DENIED);
    CHECK_INT(add_payment(st, fx.m_b1, "2024-09-01", dues_ym(2024, 9)), STORE_ERR_DENIED);
    struct branch b;
    CHECK_INT(store_branch_get(st, fx.b, &b), STORE_OK);
    snprintf(b.theme_day, sizeof b.theme_day, "5");
    CHECK_INT(store_branch_update(st, &b), STORE_ERR_DENIED);
    /* its own branch, but not moved under another township */
    CHECK_INT(store_branch_get(st, fx.a, &b), STORE_OK);
    b.parent_id = fx.u;
    CHECK_INT(store_branch_update(st, &b), STORE_ERR_DENIED);
    struct handin h = {.branch_id = fx.b};
    snprintf(h.month, sizeof h.month, "2024-09");
    CHECK_INT(store_handin_add(st, &h), STORE_ERR_DENIED);
    CHECK(fingerprint(path) == before);
    /* UI state stays open to every role */
    CHECK_INT(store_meta_set(st, "ui:last_screen", "members"), STORE_OK);
    store_close(st);
    free(path);
}

/* ---- locked months --------------------------------------------------------------------- */

struct lockfix {
    int64_t meet_oct, meet_sep, meet_b_oct, pay_oct;
    char meet_oct_uuid[UUID_STR_LEN];
};

static void build_locked(struct store *st, struct lockfix *lf)
{
    lf->meet_oct = mk_meeting(st, fx.a, "2024-10-12", "十月学习");
    lf->meet_sep = mk_meeting(st, fx.a, "2024-09-03", "九月学习");
    lf->meet_b_oct = mk_meeting(st, fx.b, "2024-10-12", "十月学习");
    int pay = add_payment(st, fx.m_a1, "2024-10-05", dues_ym(2024, 10));
    CHECK(pay > 0);
    lf->pay_oct = pay;
    struct meeting m;
    CHECK_INT(store_meeting_get(st, lf->meet_oct, &m), STORE_OK);
    memcpy(lf->meet_oct_uuid, m.uuid, sizeof lf->meet_oct_uuid);
    meeting_free(&m);
    /* the reviewer's verdict on A's October */
    struct verdict v = verdict_def(fx.a, "2024-10", "overall", "pass", "");
    CHECK_INT(store_verdict_set(st, &v), STORE_OK);
}

#define LOCK_MSG "2024年10月已评审，修改需先申请修改（说明原因）"

TEST(store_perm_reviewed_month_locked)
{
    char *path = test_db_path("lock.db");
    build_fixture(path);
    struct store *st = open_db(path);
    if (!st) {
        free(path);
        return;
    }
    struct lockfix lf;
    build_locked(st, &lf);
    CHECK_INT(store_month_locked(st, fx.a, (struct zmonth){2024, 10}), 1);
    CHECK_INT(store_month_locked(st, fx.a, (struct zmonth){2024, 13}), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_month_locked(st, fx.a, (struct zmonth){2024, 9}), 0);
    CHECK_INT(store_month_locked(st, fx.b, (struct zmonth){2024, 10}), 0);
    CHECK_INT(store_month_locked(st, fx.a, (struct zmonth){2024, 8}), 1); /* the fixture's verdicts */

    act_as(st, A_SEC_A);
    uint64_t before = fingerprint(path);
    CHECK_INT(meeting_retopic(st, lf.meet_oct, NULL, "改了"), STORE_ERR_LOCKED);
    CHECK_STR(store_errmsg(st), LOCK_MSG);
    CHECK_INT(store_meeting_void(st, lf.meet_oct, "重复"), STORE_ERR_LOCKED);
    CHECK_STR(store_errmsg(st), LOCK_MSG);
    struct meeting add;
    fill_meeting(&add, fx.a, "2024-10-20", "补记");
    CHECK_INT(store_meeting_add(st, &add), STORE_ERR_LOCKED);
    CHECK_STR(store_errmsg(st), LOCK_MSG);
    meeting_free(&add);
    /* moving a September record into October touches October */
    CHECK_INT(meeting_retopic(st, lf.meet_sep, "2024-10-03", "九月学习"), STORE_ERR_LOCKED);
    CHECK_INT(add_payment(st, fx.m_a1, "2024-10-20", dues_ym(2024, 11)), STORE_ERR_LOCKED);
    CHECK_STR(store_errmsg(st), LOCK_MSG);
    CHECK_INT(store_dues_payment_void(st, lf.pay_oct, "录错"), STORE_ERR_LOCKED);
    CHECK_INT(add_adjust(st, fx.m_a1, dues_ym(2024, 10), NULL), STORE_ERR_LOCKED);
    CHECK_INT(store_dues_basis_set(st, fx.m_a1, (struct zmonth){2024, 10}, "farmer", 0, "", store_dues_bases_version(st, fx.m_a1)),
              STORE_ERR_LOCKED);
    CHECK(fingerprint(path) == before);

    /* months without a verdict are open: September in A, October in B */
    CHECK_INT(meeting_retopic(st, lf.meet_sep, NULL, "九月学习（补）"), STORE_OK);
    CHECK_INT(add_payment(st, fx.m_a1, "2024-09-28", dues_ym(2024, 11)) > 0, 1);
    act_as(st, A_SEC_B);
    CHECK_INT(meeting_retopic(st, lf.meet_b_oct, NULL, "十月学习（B）"), STORE_OK);
    store_close(st);
    free(path);
}

/* A save that changes nothing writes nothing (issue 14): no history, no 审后修改, no
 * STORE_ERR_LOCKED in a reviewed month, the version as read; a real change is still refused. */
TEST(store_perm_unchanged_update_writes_nothing)
{
    char *path = test_db_path("noop.db");
    build_fixture(path);
    struct store *st = open_db(path);
    if (!st) {
        free(path);
        return;
    }
    struct lockfix lf;
    build_locked(st, &lf);
    act_as(st, A_SEC_A);
    uint64_t before = fingerprint(path);
    struct meeting m;
    CHECK_INT(store_meeting_get(st, lf.meet_oct, &m), STORE_OK);
    int64_t version = m.version;
    CHECK_INT(store_meeting_update(st, &m), STORE_OK);
    CHECK(m.version == version);
    meeting_free(&m);
    CHECK_INT(meeting_retopic(st, lf.meet_oct, NULL, "十月学习"), STORE_OK);
    CHECK_INT(meeting_retopic(st, lf.meet_sep, NULL, "九月学习"), STORE_OK);
    struct member mem;
    CHECK_INT(store_member_get(st, fx.m_a1, &mem), STORE_OK);
    version = mem.version;
    CHECK_INT(store_member_update(st, &mem), STORE_OK);
    CHECK(mem.version == version);
    struct branch b;
    CHECK_INT(store_branch_get(st, fx.a, &b), STORE_OK);
    CHECK_INT(store_branch_update(st, &b), STORE_OK);
    struct meeting_plan plan;
    CHECK_INT(store_plan_get(st, fx.plan_a2, &plan), STORE_OK);
    CHECK_INT(store_plan_update(st, &plan), STORE_OK);
    struct post post;
    CHECK_INT(store_post_get(st, fx.post_a, &post), STORE_OK);
    CHECK_INT(store_post_update(st, &post), STORE_OK);
    post_free(&post);
    struct mobile_info mi;
    CHECK_INT(store_mobile_get(st, fx.m_mobile, &mi), STORE_OK);
    CHECK_INT(store_mobile_set(st, &mi), STORE_OK);
    /* a dues basis set again as it is */
    CHECK_INT(store_dues_basis_set(st, fx.m_a1, (struct zmonth){2024, 1}, "farmer", 0, "", store_dues_bases_version(st, fx.m_a1)),
              STORE_OK);
    CHECK(fingerprint(path) == before);
    /* a change is a change */
    CHECK_INT(meeting_retopic(st, lf.meet_oct, NULL, "十月学习（改）"), STORE_ERR_LOCKED);
    CHECK_INT(meeting_retopic(st, lf.meet_sep, NULL, "九月学习（改）"), STORE_OK);
    CHECK(fingerprint(path) != before);
    store_close(st);
    free(path);
}

TEST(store_perm_amend_reason_rules)
{
    char *path = test_db_path("reason.db");
    build_fixture(path);
    struct store *st = open_db(path);
    free(path);
    if (!st) return;
    struct lockfix lf;
    build_locked(st, &lf);
    act_as(st, A_SEC_A);
    CHECK_INT(store_amend_begin(st, ""), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_amend_begin(st, NULL), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_amend_begin(st, "   　 "), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_amend_begin(st, "改"), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_amend_begin(st, "  改 "), STORE_ERR_CONSTRAINT);
    char big[600 * 3 + 1];
    big[0] = '\0';
    for (int i = 0; i < 600; i++) strcat(big, "错");
    CHECK_INT(store_amend_begin(st, big), STORE_ERR_CONSTRAINT);
    /* refused reasons leave the month locked */
    CHECK_INT(meeting_retopic(st, lf.meet_oct, NULL, "改了"), STORE_ERR_LOCKED);
    /* 500 characters is the most */
    big[500 * 3] = '\0';
    CHECK_INT(store_amend_begin(st, big), STORE_OK);
    CHECK_INT(meeting_retopic(st, lf.meet_oct, NULL, "改了"), STORE_OK);
    struct store_amend_list am_l = {0};
    struct amend *am = NULL;
    int n = 0;
    store_amend_list_free(&am_l);
    CHECK_INT(store_amend_list(st, fx.a, &(struct zmonth){2024, 10}, &am_l), STORE_OK);
    am = am_l.v, n = am_l.n;
    CHECK_INT(n, 1);
    if (n == 1) CHECK_STR(am[0].reason, big);
    store_amend_end(st);
    CHECK_INT(meeting_retopic(st, lf.meet_oct, NULL, "又改了"), STORE_ERR_LOCKED);
    CHECK_INT(store_amend_begin(st, "ab"), STORE_OK);
    store_close(st);
    store_amend_list_free(&am_l);
}

TEST(store_perm_amend_records_and_history)
{
    char *path = test_db_path("amend.db");
    build_fixture(path);
    struct store *st = open_db(path);
    if (!st) {
        free(path);
        return;
    }
    struct lockfix lf;
    build_locked(st, &lf);
    act_as(st, A_SEC_A);
    CHECK_INT(store_amend_begin(st, "  补录漏记的议题  "), STORE_OK);
    CHECK_INT(meeting_retopic(st, lf.meet_oct, NULL, "十月学习及补充议题"), STORE_OK);
    CHECK_INT(store_dues_payment_void(st, lf.pay_oct, "收据号录错"), STORE_OK);
    struct meeting add;
    fill_meeting(&add, fx.a, "2024-10-25", "补记的支委会");
    CHECK_INT(store_meeting_add(st, &add), STORE_OK);
    meeting_free(&add);
    store_amend_end(st);

    struct store_amend_list am_l = {0};
    struct amend *am = NULL;
    int n = 0;
    store_amend_list_free(&am_l);
    CHECK_INT(store_amend_list(st, fx.a, &(struct zmonth){2024, 10}, &am_l), STORE_OK);
    am = am_l.v, n = am_l.n;
    CHECK_INT(n, 3);
    if (n == 3) {
        /* newest first */
        CHECK_STR(am[2].table_name, "meeting");
        CHECK_STR(am[2].row_uuid, lf.meet_oct_uuid);
        CHECK_STR(am[2].reason, "补录漏记的议题");
        CHECK_STR(am[2].month, "2024-10");
        CHECK_STR(am[2].requested_by, "sec_a");
        CHECK(am[2].requested_at[0] != '\0');
        CHECK_INT(am[2].branch_id, fx.a);
        CHECK_STR(am[1].table_name, "dues_payment");
        CHECK_STR(am[0].table_name, "meeting");
        /* the meeting's history after history_after is the change, old and new */
        struct history_entry e[8];
        int hn = 0;
        CHECK_INT(store_history_list(st, "meeting", lf.meet_oct_uuid, e, 8, &hn), STORE_OK);
        int after = 0;
        for (int i = 0; i < hn; i++) {
            if (e[i].id <= am[2].history_after) continue;
            after++;
            CHECK_STR(e[i].action, "update");
            CHECK(e[i].old_json && strstr(e[i].old_json, "\"十月学习\""));
            CHECK(e[i].new_json && strstr(e[i].new_json, "十月学习及补充议题"));
        }
        CHECK_INT(after, 1);
        store_history_free(e, hn);
    }
    /* another branch, another month: nothing */
    store_amend_list_free(&am_l);
    CHECK_INT(store_amend_list(st, fx.b, NULL, &am_l), STORE_OK);
    am = am_l.v, n = am_l.n;
    CHECK_INT(n, 0);
    store_amend_list_free(&am_l);
    CHECK_INT(store_amend_list(st, fx.a, &(struct zmonth){2024, 9}, &am_l), STORE_OK);
    am = am_l.v, n = am_l.n;
    CHECK_INT(n, 0);
    store_close(st);
    /* each amend row has its history entry */
    CHECK_INT(sql_int(path, "SELECT count(*) FROM history WHERE table_name = 'amend_request'"
                            " AND action = 'insert' AND row_uuid IN (SELECT uuid FROM amend_request)"),
              3);
    CHECK_JOURNAL(path);
    free(path);
    store_amend_list_free(&am_l);
}
