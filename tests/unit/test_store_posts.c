/* Unit tests of src/store/posts_db.c: schema 4 and the upgrade from 3, posts (add, get, update,
 * list with holders and the last report, void refused while held), claims and their refusals,
 * stepping down, the public notice, reports, reviews (one per period, the latest rating),
 * excused members, a branch's holdings over a period, history for every write, and the time to
 * list a branch's posts. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fixtures.h"
#include "test.h"
#include "zhibu/store.h"
#include "zhibu/store_meeting.h"
#include "zhibu/store_posts.h"

/* ---- helpers --------------------------------------------------------------------------- */

static struct store *open_db(const char *path)
{
    return test_open_db(path, "书记乙");
}

static struct store *fresh(void)
{
    char *p = test_db_path("p.db");
    struct store *st = open_db(p);
    free(p);
    return st;
}

/* A member on the roster, or (leave_date set) one who died on that date. */
static int64_t mk_member(struct store *st, int64_t branch_id, const char *name,
                         const char *leave_date)
{
    return fx_member(st, &(struct fx_member){.branch = branch_id, .name = name, .join = "2000-07-01",
                                             .full = "2001-07-01", .leave_date = leave_date}, NULL);
}

static struct post mk_post_def(int64_t branch_id, const char *category, const char *name,
                               const char *duties, int wanted)
{
    struct post p = {0};
    p.branch_id = branch_id;
    snprintf(p.category, sizeof p.category, "%s", category);
    snprintf(p.name, sizeof p.name, "%s", name);
    p.duties = (char *)duties;
    p.wanted = wanted;
    return p;
}

static int64_t mk_post(struct store *st, int64_t branch_id, const char *category,
                       const char *name, int wanted)
{
    struct post p = mk_post_def(branch_id, category, name, "宣传党的政策", wanted);
    if (store_post_add(st, &p) != STORE_OK)
        test_fail(__FILE__, __LINE__, "post_add(%s): %s", name, store_errmsg(st));
    return p.id;
}

static struct holding holding_def(int64_t post_id, int64_t member_id, const char *claimed,
                                  const char *pledge)
{
    struct holding h = {0};
    h.post_id = post_id;
    h.member_id = member_id;
    snprintf(h.how, sizeof h.how, "claim");
    snprintf(h.claimed, sizeof h.claimed, "%s", claimed);
    snprintf(h.pledge, sizeof h.pledge, "%s", pledge);
    return h;
}

static int64_t claim(struct store *st, int64_t post_id, int64_t member_id, const char *date)
{
    struct holding h = holding_def(post_id, member_id, date, "认真履职");
    if (store_holding_add(st, &h) != STORE_OK)
        test_fail(__FILE__, __LINE__, "holding_add: %s", store_errmsg(st));
    return h.id;
}

static int64_t report(struct store *st, int64_t holding_id, const char *date, const char *content)
{
    struct post_report r = {0};
    r.holding_id = holding_id;
    snprintf(r.date, sizeof r.date, "%s", date);
    snprintf(r.venue, sizeof r.venue, "支部党员大会");
    r.content = (char *)content;
    if (store_report_add(st, &r) != STORE_OK)
        test_fail(__FILE__, __LINE__, "report_add: %s", store_errmsg(st));
    return r.id;
}

static struct post_review review_def(int64_t holding_id, const char *start, const char *end,
                                     const char *rating)
{
    struct post_review r = {0};
    r.holding_id = holding_id;
    snprintf(r.period_start, sizeof r.period_start, "%s", start);
    snprintf(r.period_end, sizeof r.period_end, "%s", end);
    snprintf(r.rating, sizeof r.rating, "%s", rating);
    snprintf(r.comment, sizeof r.comment, "群众反映良好");
    snprintf(r.date, sizeof r.date, "%s", end);
    return r;
}

/* History rows of one row with action, or -1. *new_json (if given) gets a copy of the newest
 * such row's new_json (caller frees). */
static int history_count(struct store *st, const char *table, const char *uuid,
                         const char *action, char **new_json)
{
    struct history_entry h[16];
    int n = 0, found = 0;
    if (new_json) *new_json = NULL;
    if (store_history_list(st, table, uuid, h, 16, &n) != STORE_OK) return -1;
    for (int i = 0; i < n; i++) {
        if (strcmp(h[i].action, action) != 0) continue;
        if (new_json && !*new_json && h[i].new_json) *new_json = strdup(h[i].new_json);
        found++;
    }
    store_history_free(h, n);
    return found;
}

/* ---- schema ---------------------------------------------------------------------------- */

/* A version-3 database is today's file without the objects of versions 4 and 5 (schema 3 is
 * MIGRATIONS[0..2], unchanged; versions 4 and 5 add tables, indexes, a trigger and one
 * dues_allocation column). */
TEST(store_posts_schema_upgrade_from_v3)
{
    char *p = test_db_path("v3.db");
    struct store *st = open_db(p);
    if (!st) return;
    int64_t b = fx_branch(st, "V3", "V3村党支部", 0);
    int64_t mid = mk_member(st, b, "赵老党员", "");
    store_close(st);

    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(p, &db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db,
                           DOWNGRADE_V6_SQL "DROP TABLE audit_verdict; DROP TABLE rectification; DROP TABLE handin;"
                           " DROP INDEX branch_parent; DROP INDEX meeting_audit;"
                           " DROP TRIGGER dues_allocation_member; DROP INDEX dues_allocation_month;"
                           " DROP INDEX dues_payment_voided; DROP INDEX dues_payment_branch_from;"
                           " ALTER TABLE dues_allocation DROP COLUMN member_id;"
                           " DROP TABLE post_review; DROP TABLE post_report;"
                           " DROP TABLE post_holding; DROP TABLE post_excuse; DROP TABLE post;"
                           " PRAGMA user_version = 3;",
                           NULL, NULL, NULL),
              SQLITE_OK);
    sqlite3_close(db);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'post%'"), 0);

    st = open_db(p);
    if (!st) return;
    CHECK_INT(store_schema_version(st), STORE_SCHEMA_VERSION);
    CHECK(STORE_SCHEMA_VERSION >= 4);
    char bak[1024];
    snprintf(bak, sizeof bak, "%s", store_migration_backup(st));
    CHECK(strstr(bak, "/v3.db.v3-") != NULL);
    struct member mem;
    CHECK_INT(store_member_get(st, mid, &mem), STORE_OK);
    CHECK_STR(mem.name, "赵老党员");
    /* the new objects exist and work */
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM sqlite_schema WHERE name IN ('post',"
                          " 'post_holding', 'post_report', 'post_review', 'post_excuse',"
                          " 'post_branch', 'post_holding_post', 'post_holding_member',"
                          " 'post_report_holding', 'post_excuse_member', 'post_excuse_current')"),
              11);
    int64_t pid = mk_post(st, b, "政策宣传", "政策宣传员", 2);
    int64_t hid = claim(st, pid, mid, "2024-03-01");
    CHECK(hid > 0);
    store_close(st);

    /* the backup is the old database: version 3, its data, no post tables */
    CHECK_INT(test_sql_int(bak, "PRAGMA user_version"), 3);
    CHECK_INT(test_sql_int(bak, "SELECT count(*) FROM sqlite_schema WHERE name = 'post'"), 0);
    CHECK_INT(test_sql_int(bak, "SELECT count(*) FROM member"), 1);
    free(p);
}

TEST(store_posts_schema_checks)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "C1", "C1村党支部", 0);
    int64_t mid = mk_member(st, b, "钱一", "");
    int64_t pid = mk_post(st, b, "村务监督", "财务监督员", 1);
    int64_t hid = claim(st, pid, mid, "2024-01-01");
    /* the CHECKs hold even for SQL written around the store */
    char sql[256];
    snprintf(sql, sizeof sql, "UPDATE post SET wanted = 100 WHERE id = %lld", (long long)pid);
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(store_path(st), &db), SQLITE_OK);
    CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK);
    snprintf(sql, sizeof sql, "UPDATE post_holding SET how = 'appoint' WHERE id = %lld",
             (long long)hid);
    CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK);
    sqlite3_close(db);
    /* a review with an unknown rating is refused by the CHECK, named by field */
    struct post_review r = review_def(hid, "2024-01-01", "2024-06-30", "good");
    CHECK_INT(store_review_add(st, &r), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "评议等次") != NULL);
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM post_review"), 0);
    store_close(st);
}

/* ---- posts ----------------------------------------------------------------------------- */

TEST(store_posts_add_get_update)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "P1", "P1村党支部", 0);
    struct post p = mk_post_def(b, " 政策宣传 ", "  政策宣传员 ",
                                "1. 宣传党的路线方针政策\n2. 每月入户宣讲一次\n", 3);
    snprintf(p.active_from, sizeof p.active_from, "2024-01-01");
    CHECK_INT(store_post_add(st, &p), STORE_OK);
    CHECK(p.id > 0);
    CHECK_INT(strlen(p.uuid), 36);
    CHECK_STR(p.name, "政策宣传员");
    CHECK_STR(p.category, "政策宣传");

    struct post g;
    CHECK_INT(store_post_get(st, p.id, &g), STORE_OK);
    CHECK_STR(g.name, "政策宣传员");
    CHECK_STR(g.category, "政策宣传");
    CHECK_STR(g.duties, "1. 宣传党的路线方针政策\n2. 每月入户宣讲一次");
    CHECK_INT(g.wanted, 3);
    CHECK_STR(g.active_from, "2024-01-01");
    CHECK_STR(g.active_to, "");
    CHECK(!g.voided);
    CHECK_INT(g.holders, 0);
    CHECK_STR(g.last_report, "");
    CHECK_INT(g.branch_id, b);
    CHECK_STR(g.uuid, p.uuid);
    post_free(&g);

    /* update every field */
    struct post u = mk_post_def(b, "村务监督", "村务公开监督员", "监督村务公开", 2);
    u.id = p.id;
    u.version = p.version; /* an update states the version it read */
    snprintf(u.active_from, sizeof u.active_from, "2024-02-01");
    snprintf(u.active_to, sizeof u.active_to, "2024-12-31");
    CHECK_INT(store_post_update(st, &u), STORE_OK);
    CHECK_INT(store_post_get(st, p.id, &g), STORE_OK);
    CHECK_STR(g.name, "村务公开监督员");
    CHECK_STR(g.category, "村务监督");
    CHECK_STR(g.duties, "监督村务公开");
    CHECK_INT(g.wanted, 2);
    CHECK_STR(g.active_to, "2024-12-31");
    post_free(&g);

    /* bad input */
    struct post bad = mk_post_def(b, "", "  ", "", 1);
    CHECK_INT(store_post_add(st, &bad), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "须填写岗位名称");
    bad = mk_post_def(b, "", "治安员", "", 0);
    CHECK_INT(store_post_add(st, &bad), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "岗位人数应为 1 至 99");
    bad.wanted = 100;
    CHECK_INT(store_post_add(st, &bad), STORE_ERR_CONSTRAINT);
    bad.wanted = 1;
    snprintf(bad.active_from, sizeof bad.active_from, "2024-02-30");
    CHECK_INT(store_post_add(st, &bad), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "岗位起始日期") != NULL);
    snprintf(bad.active_from, sizeof bad.active_from, "2024-06-01");
    snprintf(bad.active_to, sizeof bad.active_to, "2024-05-31");
    CHECK_INT(store_post_add(st, &bad), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "岗位截止日期不能早于起始日期");
    bad = mk_post_def(9999, "", "治安员", "", 1);
    CHECK_INT(store_post_add(st, &bad), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "所属支部不存在") != NULL);
    CHECK_INT(store_post_get(st, 12345, &g), STORE_ERR_NOT_FOUND);
    CHECK_STR(store_errmsg(st), "岗位不存在");
    u.id = 12345;
    CHECK_INT(store_post_update(st, &u), STORE_ERR_NOT_FOUND);
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM post"), 1);

    /* history: insert and update of the post */
    char *json = NULL;
    CHECK_INT(history_count(st, "post", p.uuid, "insert", &json), 1);
    CHECK(json && strstr(json, "\"name\":\"政策宣传员\"") != NULL);
    free(json);
    CHECK_INT(history_count(st, "post", p.uuid, "update", &json), 1);
    CHECK(json && strstr(json, "\"name\":\"村务公开监督员\"") != NULL);
    CHECK(json && strstr(json, "\"wanted\":2") != NULL);
    free(json);
    store_close(st);
}

TEST(store_posts_list_holders_last_report_void)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "L1", "L1村党支部", 0);
    int64_t other = fx_branch(st, "L2", "L2村党支部", 0);
    int64_t p_zhian = mk_post(st, b, "治安维护", "治安巡逻员", 2);
    int64_t p_xc = mk_post(st, b, "政策宣传", "政策宣传员", 3);
    int64_t p_hj = mk_post(st, b, "环境卫生", "环境卫生监督员", 1);
    int64_t p_empty = mk_post(st, b, "环境卫生", "河道保洁员", 1);
    mk_post(st, other, "政策宣传", "他村宣传员", 1);
    int64_t m1 = mk_member(st, b, "孙一", "");
    int64_t m2 = mk_member(st, b, "孙二", "");
    int64_t m3 = mk_member(st, b, "孙三", "");
    int64_t h1 = claim(st, p_xc, m1, "2024-01-05");
    int64_t h2 = claim(st, p_xc, m2, "2024-01-06");
    claim(st, p_xc, m3, "2024-01-07");
    int64_t h4 = claim(st, p_zhian, m1, "2024-02-01");
    report(st, h1, "2024-04-01", "一季度宣讲三次");
    report(st, h2, "2024-07-02", "二季度宣讲两次");
    report(st, h1, "2024-06-30", "二季度宣讲");
    report(st, h4, "2024-03-31", "巡逻十次");
    /* a holder who stepped down still counts for the post's last report, not for holders */
    CHECK_INT(store_holding_end(st, h4, "2024-05-01", "外出务工"), STORE_OK);
    int64_t h5 = claim(st, p_zhian, m2, "2024-05-02");
    (void)h5;

    struct store_post_list list_l = {0};
    struct post *list = NULL;
    int n = 0;
    store_post_list_free(&list_l);
    CHECK_INT(store_post_list(st, b, &list_l), STORE_OK);
    list = list_l.v, n = list_l.n;
    CHECK_INT(n, 4);
    if (n == 4) {
        /* by category, then name (UTF-8 order) */
        CHECK_STR(list[0].category, "政策宣传");
        CHECK_STR(list[0].name, "政策宣传员");
        CHECK_INT(list[0].holders, 3);
        CHECK_STR(list[0].last_report, "2024-07-02");
        CHECK_STR(list[0].duties, "宣传党的政策");
        CHECK_STR(list[1].category, "治安维护");
        CHECK_INT(list[1].holders, 1);
        CHECK_STR(list[1].last_report, "2024-03-31");
        CHECK_STR(list[2].category, "环境卫生");
        CHECK_STR(list[3].category, "环境卫生");
        CHECK(strcmp(list[2].name, list[3].name) < 0);
        for (int i = 2; i < 4; i++) {
            CHECK_INT(list[i].holders, 0);
            CHECK_STR(list[i].last_report, "");
        }
    }
    for (int i = 0; i < n; i++) post_free(&list[i]);
    /* get fills the counts too */
    struct post g;
    CHECK_INT(store_post_get(st, p_xc, &g), STORE_OK);
    CHECK_INT(g.holders, 3);
    CHECK_STR(g.last_report, "2024-07-02");
    post_free(&g);

    /* void: refused while held, needs a reason, then gone from the list */
    CHECK_INT(store_post_void(st, p_xc, "合并岗位"), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "请先办理在岗党员卸任");
    CHECK_INT(store_post_void(st, p_empty, "  "), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "撤销岗位须填写原因");
    CHECK_INT(store_post_void(st, p_empty, "河道已硬化，无需保洁"), STORE_OK);
    CHECK_INT(store_post_void(st, p_empty, "再次撤销"), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "该岗位已撤销");
    CHECK_INT(store_post_get(st, p_empty, &g), STORE_OK);
    CHECK(g.voided);
    char uuid[UUID_STR_LEN];
    snprintf(uuid, sizeof uuid, "%s", g.uuid);
    post_free(&g);
    store_post_list_free(&list_l);
    CHECK_INT(store_post_list(st, b, &list_l), STORE_OK);
    list = list_l.v, n = list_l.n;
    CHECK_INT(n, 3);
    for (int i = 0; i < n; i++) {
        CHECK(list[i].id != p_empty);
        post_free(&list[i]);
    }
    char *json = NULL;
    CHECK_INT(history_count(st, "post", uuid, "void", &json), 1);
    CHECK(json && strstr(json, "河道已硬化") != NULL);
    free(json);
    /* a voided post is not edited or claimed */
    struct post u = mk_post_def(b, "环境卫生", "河道保洁员", "", 1);
    u.id = p_empty;
    CHECK_INT(store_post_update(st, &u), STORE_ERR_CONSTRAINT);
    struct holding h = holding_def(p_empty, m3, "2024-06-01", "");
    CHECK_INT(store_holding_add(st, &h), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "该岗位已撤销，不能认领");
    /* the post held once (ended) can be voided after the last holder steps down */
    (void)p_hj;
    store_close(st);
    store_post_list_free(&list_l);
}

/* ---- holdings -------------------------------------------------------------------------- */

TEST(store_posts_claims_and_refusals)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "H1", "H1村党支部", 0);
    int64_t other = fx_branch(st, "H2", "H2村党支部", 0);
    int64_t pid = mk_post(st, b, "致富帮扶", "致富帮扶员", 1);
    int64_t pid2 = mk_post(st, b, "种植示范", "种植示范户", 2);
    int64_t m = mk_member(st, b, "周一", "");
    int64_t left = mk_member(st, b, "周故", "2023-12-01");
    int64_t outsider = mk_member(st, other, "吴外", "");

    struct holding h = holding_def(pid, m, "2024-03-01", "  带动三户脱贫致富，每季度向支部汇报  ");
    snprintf(h.how, sizeof h.how, "recommend");
    CHECK_INT(store_holding_add(st, &h), STORE_OK);
    CHECK(h.id > 0);
    CHECK_STR(h.pledge, "带动三户脱贫致富，每季度向支部汇报");
    CHECK_STR(h.member_name, "周一");
    CHECK_STR(h.post_name, "致富帮扶员");
    struct holding g;
    CHECK_INT(store_holding_get(st, h.id, &g), STORE_OK);
    CHECK_STR(g.how, "recommend");
    CHECK_STR(g.claimed, "2024-03-01");
    CHECK_STR(g.pledge, "带动三户脱贫致富，每季度向支部汇报");
    CHECK_STR(g.noticed, "");
    CHECK_STR(g.ended, "");
    CHECK_STR(g.member_name, "周一");
    CHECK_STR(g.post_name, "致富帮扶员");
    CHECK_STR(g.last_report, "");
    CHECK_STR(g.latest_rating, "");
    CHECK_STR(g.uuid, h.uuid);
    CHECK_INT(g.post_id, pid);
    CHECK_INT(g.member_id, m);
    /* "" how means a claim */
    struct holding h2 = holding_def(pid2, m, "2024-03-02", "");
    h2.how[0] = '\0';
    CHECK_INT(store_holding_add(st, &h2), STORE_OK);
    CHECK_INT(store_holding_get(st, h2.id, &g), STORE_OK);
    CHECK_STR(g.how, "claim");

    /* refusals */
    struct holding bad = holding_def(pid, outsider, "2024-03-01", "");
    CHECK_INT(store_holding_add(st, &bad), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "该党员不属于本支部，不能认领本支部的岗位");
    bad = holding_def(pid, left, "2023-11-01", "");
    CHECK_INT(store_holding_add(st, &bad), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "该党员已离开名册，不能认领岗位");
    bad = holding_def(pid, m, "2024-04-01", "");
    CHECK_INT(store_holding_add(st, &bad), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "该党员已在此岗位");
    bad = holding_def(pid, m, "2024-13-01", "");
    CHECK_INT(store_holding_add(st, &bad), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "认领日期") != NULL);
    bad = holding_def(pid, m, "", "");
    CHECK_INT(store_holding_add(st, &bad), STORE_ERR_CONSTRAINT);
    bad = holding_def(pid2, m, "2024-03-01", "");
    snprintf(bad.how, sizeof bad.how, "appoint");
    CHECK_INT(store_holding_add(st, &bad), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "认领方式应为认领或推荐");
    bad = holding_def(777, m, "2024-03-01", "");
    CHECK_INT(store_holding_add(st, &bad), STORE_ERR_NOT_FOUND);
    bad = holding_def(pid2, 777, "2024-03-01", "");
    CHECK_INT(store_holding_add(st, &bad), STORE_ERR_NOT_FOUND);
    CHECK_INT(store_holding_get(st, 777, &g), STORE_ERR_NOT_FOUND);
    /* a full post is not refused (the caller warns): pid wants 1 and gets a second holder */
    int64_t m2 = mk_member(st, b, "周二", "");
    CHECK(claim(st, pid, m2, "2024-03-05") > 0);
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM post_holding"), 3);

    /* history of the claim */
    char *json = NULL;
    CHECK_INT(history_count(st, "post_holding", h.uuid, "insert", &json), 1);
    CHECK(json && strstr(json, "带动三户脱贫致富") != NULL);
    CHECK(json && strstr(json, "\"how\":\"recommend\"") != NULL);
    free(json);
    store_close(st);
}

TEST(store_posts_several_holders_and_posts_end)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "S1", "S1村党支部", 0);
    int64_t pa = mk_post(st, b, "民事纠纷调解", "纠纷调解员", 3);
    int64_t pb = mk_post(st, b, "信息咨询", "信息咨询员", 3);
    int64_t pc = mk_post(st, b, "设施维护", "设施维护员", 3);
    int64_t m1 = mk_member(st, b, "郑一", "");
    int64_t m2 = mk_member(st, b, "郑二", "");
    int64_t a1 = claim(st, pa, m1, "2024-01-10");
    int64_t a2 = claim(st, pa, m2, "2024-01-11");
    int64_t b1 = claim(st, pb, m1, "2024-01-12");
    int64_t c1 = claim(st, pc, m1, "2024-01-13");

    struct store_holding_list hs_l = {0};
    struct holding *hs = NULL;
    int n = 0;
    store_holding_list_free(&hs_l);
    CHECK_INT(store_holding_list(st, &(struct holding_filter){.member_id = m1}, &hs_l), STORE_OK);
    hs = hs_l.v, n = hs_l.n;
    CHECK_INT(n, 3);
    store_holding_list_free(&hs_l);
    CHECK_INT(store_holding_list(st, &(struct holding_filter){.post_id = pa}, &hs_l), STORE_OK);
    hs = hs_l.v, n = hs_l.n;
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_INT(hs[0].id, a1);
        CHECK_INT(hs[1].id, a2);
    }

    /* end: date and reason required, not before the claim, once */
    CHECK_INT(store_holding_end(st, a1, "", "外出"), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "卸任日期") != NULL);
    CHECK_INT(store_holding_end(st, a1, "2024-06-01", " "), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "须填写卸任原因");
    CHECK_INT(store_holding_end(st, a1, "2024-01-09", "外出"), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "卸任日期不能早于认领日期");
    CHECK_INT(store_holding_end(st, 999, "2024-06-01", "外出"), STORE_ERR_NOT_FOUND);
    CHECK_INT(store_holding_end(st, a1, "2024-06-01", "外出务工"), STORE_OK);
    CHECK_INT(store_holding_end(st, a1, "2024-07-01", "再次卸任"), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "该党员已卸任此岗位");
    struct holding g;
    CHECK_INT(store_holding_get(st, a1, &g), STORE_OK);
    CHECK_STR(g.ended, "2024-06-01");
    CHECK_STR(g.end_reason, "外出务工");
    /* the same day as the claim is allowed */
    CHECK_INT(store_holding_end(st, c1, "2024-01-13", "认领有误"), STORE_OK);

    /* current first, then ended (newest ended first) */
    store_holding_list_free(&hs_l);
    CHECK_INT(store_holding_list(st, &(struct holding_filter){.post_id = pa}, &hs_l), STORE_OK);
    hs = hs_l.v, n = hs_l.n;
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_INT(hs[0].id, a2);
        CHECK_INT(hs[1].id, a1);
        CHECK_STR(hs[1].ended, "2024-06-01");
    }
    store_holding_list_free(&hs_l);
    CHECK_INT(store_holding_list(st, &(struct holding_filter){.member_id = m1}, &hs_l), STORE_OK);
    hs = hs_l.v, n = hs_l.n;
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_INT(hs[0].id, b1);
        CHECK_STR(hs[0].post_name, "信息咨询员");
        CHECK_INT(hs[1].id, a1);
        CHECK_INT(hs[2].id, c1);
    }
    /* after stepping down the member may claim the same post again */
    CHECK(claim(st, pa, m1, "2024-08-01") > 0);
    store_holding_list_free(&hs_l);
    CHECK_INT(store_holding_list(st, &(struct holding_filter){.post_id = pa}, &hs_l), STORE_OK);
    hs = hs_l.v, n = hs_l.n;
    CHECK_INT(n, 3);
    if (n == 3) CHECK_STR(hs[2].ended, "2024-06-01");

    char *json = NULL;
    CHECK_INT(history_count(st, "post_holding", g.uuid, "end", &json), 1);
    CHECK(json && strstr(json, "\"ended\":\"2024-06-01\"") != NULL);
    CHECK(json && strstr(json, "外出务工") != NULL);
    free(json);
    store_close(st);
    store_holding_list_free(&hs_l);
}

TEST(store_holding_notice)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "N1", "N1村党支部", 0);
    int64_t other = fx_branch(st, "N2", "N2村党支部", 0);
    int64_t pa = mk_post(st, b, "文明新风", "移风易俗宣传员", 3);
    int64_t po = mk_post(st, other, "文明新风", "他村宣传员", 3);
    int64_t m1 = mk_member(st, b, "冯一", "");
    int64_t m2 = mk_member(st, b, "冯二", "");
    int64_t m3 = mk_member(st, b, "冯三", "");
    int64_t mo = mk_member(st, other, "陈外", "");
    int64_t h1 = claim(st, pa, m1, "2024-03-01");
    int64_t h2 = claim(st, pa, m2, "2024-03-02");
    int64_t h3 = claim(st, pa, m3, "2024-03-20"); /* after the notice date */
    int64_t hended = claim(st, pa, mk_member(st, b, "冯四", ""), "2024-01-01");
    CHECK_INT(store_holding_end(st, hended, "2024-02-01", "调整岗位"), STORE_OK);
    int64_t ho = claim(st, po, mo, "2024-03-01");

    int count = -1;
    CHECK_INT(store_holding_notice(st, b, "2024-03-10", &count), STORE_OK);
    CHECK_INT(count, 2);
    struct holding g;
    CHECK_INT(store_holding_get(st, h1, &g), STORE_OK);
    CHECK_STR(g.noticed, "2024-03-10");
    CHECK_INT(store_holding_get(st, h2, &g), STORE_OK);
    CHECK_STR(g.noticed, "2024-03-10");
    CHECK_INT(store_holding_get(st, h3, &g), STORE_OK);
    CHECK_STR(g.noticed, "");
    CHECK_INT(store_holding_get(st, hended, &g), STORE_OK);
    CHECK_STR(g.noticed, "");
    CHECK_INT(store_holding_get(st, ho, &g), STORE_OK);
    CHECK_STR(g.noticed, "");
    /* a second notice takes only the new claim; the earlier dates stay */
    CHECK_INT(store_holding_notice(st, b, "2024-04-01", &count), STORE_OK);
    CHECK_INT(count, 1);
    CHECK_INT(store_holding_get(st, h3, &g), STORE_OK);
    CHECK_STR(g.noticed, "2024-04-01");
    CHECK_INT(store_holding_get(st, h1, &g), STORE_OK);
    CHECK_STR(g.noticed, "2024-03-10");
    CHECK_INT(store_holding_notice(st, b, "2024-04-02", &count), STORE_OK);
    CHECK_INT(count, 0);
    CHECK_INT(store_holding_notice(st, b, "2024-04-31", &count), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "公示日期") != NULL);
    CHECK_INT(count, 0);
    char *json = NULL;
    CHECK_INT(history_count(st, "post_holding", g.uuid, "notice", &json), 1);
    CHECK(json && strstr(json, "\"noticed\":\"2024-03-10\"") != NULL);
    free(json);
    store_close(st);
}

/* ---- reports and reviews --------------------------------------------------------------- */

TEST(store_posts_reports)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "R1", "R1村党支部", 0);
    int64_t pid = mk_post(st, b, "养殖示范", "养殖示范户", 2);
    int64_t m = mk_member(st, b, "褚一", "");
    int64_t hid = claim(st, pid, m, "2024-01-01");
    int64_t hid2 = claim(st, pid, mk_member(st, b, "褚二", ""), "2024-01-01");

    /* a 2,000-character report in Chinese with line breaks round-trips */
    char *longtext = malloc(2000 * 3 + 16);
    longtext[0] = '\0';
    const char *unit = "养殖技术培训\n";  /* 7 characters */
    size_t chars = 0;
    while (chars + 7 <= 1995) {
        strcat(longtext, unit);
        chars += 7;
    }
    while (chars < 2000) {
        strcat(longtext, "猪");
        chars++;
    }
    CHECK_INT(strlen(longtext), 2000 * 3 - (1995 / 7) * 2);
    int64_t r_long = report(st, hid, "2024-03-31", longtext);
    report(st, hid, "2024-06-28", "二季度：带动五户发展生猪养殖");
    report(st, hid, "2024-06-28", "同日补充汇报");
    report(st, hid2, "2024-09-30", "别人的汇报");

    struct store_report_list rs_l = {0};
    struct post_report *rs = NULL;
    int n = 0;
    store_report_list_free(&rs_l);
    CHECK_INT(store_report_list(st, hid, &rs_l), STORE_OK);
    rs = rs_l.v, n = rs_l.n;
    CHECK_INT(n, 3);
    if (n == 3) {
        /* newest first; the same day by entry, newest first */
        CHECK_STR(rs[0].content, "同日补充汇报");
        CHECK_STR(rs[1].content, "二季度：带动五户发展生猪养殖");
        CHECK_STR(rs[2].date, "2024-03-31");
        CHECK_INT(rs[2].id, r_long);
        CHECK_STR(rs[2].content, longtext);
        CHECK_STR(rs[2].venue, "支部党员大会");
        CHECK_INT(rs[2].meeting_id, 0);
        CHECK_INT(rs[2].holding_id, hid);
    }
    post_reports_free(rs, n);
    CHECK(n == 0 || rs[0].content == NULL);
    free(longtext);

    /* the holding's last report */
    struct holding g;
    CHECK_INT(store_holding_get(st, hid, &g), STORE_OK);
    CHECK_STR(g.last_report, "2024-06-28");

    /* a report made at a meeting names it */
    struct meeting mt = {0};
    mt.branch_id = b;
    snprintf(mt.kind, sizeof mt.kind, "general");
    snprintf(mt.date, sizeof mt.date, "2024-12-20");
    mt.topics = strdup("岗位履职汇报");
    mt.minutes = strdup("");
    CHECK_INT(store_meeting_add(st, &mt), STORE_OK);
    struct post_report r = {0};
    r.holding_id = hid;
    snprintf(r.date, sizeof r.date, "2024-12-20");
    snprintf(r.venue, sizeof r.venue, " 支部党员大会 ");
    r.content = (char *)"四季度汇报";
    r.meeting_id = mt.id;
    CHECK_INT(store_report_add(st, &r), STORE_OK);
    CHECK_STR(r.venue, "支部党员大会");
    store_report_list_free(&rs_l);
    CHECK_INT(store_report_list(st, hid, &rs_l), STORE_OK);
    rs = rs_l.v, n = rs_l.n;
    CHECK_INT(n, 4);
    if (n > 0) CHECK_INT(rs[0].meeting_id, mt.id);
    post_reports_free(rs, n);
    meeting_free(&mt);

    /* bad input */
    r.meeting_id = 4242;
    CHECK_INT(store_report_add(st, &r), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "会议记录不存在") != NULL);
    r.meeting_id = 0;
    r.content = (char *)" \n ";
    CHECK_INT(store_report_add(st, &r), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "须填写汇报内容");
    r.content = NULL;
    CHECK_INT(store_report_add(st, &r), STORE_ERR_CONSTRAINT);
    r.content = (char *)"内容";
    snprintf(r.date, sizeof r.date, "2024/12/20");
    CHECK_INT(store_report_add(st, &r), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "汇报日期") != NULL);
    snprintf(r.date, sizeof r.date, "2024-12-21");
    r.holding_id = 31337;
    CHECK_INT(store_report_add(st, &r), STORE_ERR_NOT_FOUND);
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM post_report"), 5);

    /* history */
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM history WHERE table_name = 'post_report'"
                          " AND action = 'insert' AND new_json LIKE '%四季度汇报%'"),
              1);
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM history h JOIN post_report r ON r.uuid = h.row_uuid"
                          " WHERE h.table_name = 'post_report'"),
              5);
    store_close(st);
    store_report_list_free(&rs_l);
}

TEST(store_posts_reviews_and_latest_rating)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "V1", "V1村党支部", 0);
    int64_t pid = mk_post(st, b, "村务监督", "重大事项监督员", 1);
    int64_t m = mk_member(st, b, "卫一", "");
    int64_t hid = claim(st, pid, m, "2023-01-01");

    struct post_review r = review_def(hid, "2024-01-01", "2024-06-30", "competent");
    snprintf(r.reward, sizeof r.reward, "  ");
    CHECK_INT(store_review_add(st, &r), STORE_OK);
    CHECK(r.id > 0);
    CHECK_STR(r.reward, "");
    /* entered out of order: the latest period decides, not the latest entry */
    struct post_review r2 = review_def(hid, "2024-07-01", "2024-12-31", "excellent");
    snprintf(r2.reward, sizeof r2.reward, "表彰");
    CHECK_INT(store_review_add(st, &r2), STORE_OK);
    struct post_review r0 = review_def(hid, "2023-07-01", "2023-12-31", "incompetent");
    snprintf(r0.reward, sizeof r0.reward, "提醒谈话");
    CHECK_INT(store_review_add(st, &r0), STORE_OK);

    struct holding g;
    CHECK_INT(store_holding_get(st, hid, &g), STORE_OK);
    CHECK_STR(g.latest_rating, "excellent");

    struct store_review_list rs_l = {0};
    struct post_review *rs = NULL;
    int n = 0;
    store_review_list_free(&rs_l);
    CHECK_INT(store_review_list(st, hid, &rs_l), STORE_OK);
    rs = rs_l.v, n = rs_l.n;
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_STR(rs[0].period_start, "2024-07-01");
        CHECK_STR(rs[0].rating, "excellent");
        CHECK_STR(rs[0].reward, "表彰");
        CHECK_STR(rs[1].period_end, "2024-06-30");
        CHECK_STR(rs[2].rating, "incompetent");
        CHECK_STR(rs[2].reward, "提醒谈话");
        CHECK_STR(rs[2].comment, "群众反映良好");
        CHECK_STR(rs[2].date, "2023-12-31");
    }

    /* one review per holding and period */
    struct post_review dup = review_def(hid, "2024-01-01", "2024-06-30", "basic");
    CHECK_INT(store_review_add(st, &dup), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "该期间已评议");
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM post_review WHERE rating = 'basic'"), 0);
    /* bad input */
    struct post_review bad = review_def(hid, "2025-07-01", "2025-06-30", "basic");
    CHECK_INT(store_review_add(st, &bad), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "评议期间的截止日期不能早于开始日期");
    bad = review_def(hid, "2025-01-01", "2025-12-31", "basic");
    snprintf(bad.date, sizeof bad.date, "昨天");
    CHECK_INT(store_review_add(st, &bad), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "评议日期") != NULL);
    bad = review_def(9999, "2025-01-01", "2025-12-31", "basic");
    CHECK_INT(store_review_add(st, &bad), STORE_ERR_NOT_FOUND);
    /* the same period for another holder is fine */
    int64_t hid2 = claim(st, pid, mk_member(st, b, "卫二", ""), "2023-01-01");
    struct post_review other = review_def(hid2, "2024-01-01", "2024-06-30", "basic");
    CHECK_INT(store_review_add(st, &other), STORE_OK);
    CHECK_INT(store_holding_get(st, hid2, &g), STORE_OK);
    CHECK_STR(g.latest_rating, "basic");

    /* holdings lists carry the rating too */
    struct store_holding_list hs_l = {0};
    struct holding *hs = NULL;
    store_holding_list_free(&hs_l);
    CHECK_INT(store_holding_list(st, &(struct holding_filter){.member_id = m}, &hs_l), STORE_OK);
    hs = hs_l.v, n = hs_l.n;
    CHECK_INT(n, 1);
    if (n == 1) CHECK_STR(hs[0].latest_rating, "excellent");

    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM history WHERE table_name = 'post_review'"
                          " AND action = 'insert' AND new_json LIKE '%\"reward\":\"表彰\"%'"),
              1);
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM history WHERE table_name = 'post_review'"), 4);
    store_close(st);
    store_holding_list_free(&hs_l);
    store_review_list_free(&rs_l);
}

/* ---- excused members ------------------------------------------------------------------- */

TEST(store_posts_excuse)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "X1", "X1村党支部", 0);
    int64_t m = mk_member(st, b, "蒋老", "");
    int64_t gone = mk_member(st, b, "蒋故", "2022-01-01");
    char why[TEXT_LONG] = "junk";

    CHECK_INT(store_post_excuse_get(st, m, why, sizeof why), STORE_OK);
    CHECK_STR(why, "");
    CHECK_INT(store_post_excuse_add(st, m, "  ", "2024-01-01"), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "须填写免于设岗的原因");
    CHECK_INT(store_post_excuse_add(st, m, "年老体弱", "2024-02-30"), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_post_excuse_add(st, gone, "年老体弱", "2024-01-01"), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_post_excuse_add(st, 9999, "年老体弱", "2024-01-01"), STORE_ERR_NOT_FOUND);
    CHECK_INT(store_post_excuse_add(st, m, " 年老体弱，行动不便 ", "2024-01-01"), STORE_OK);
    CHECK_INT(store_post_excuse_get(st, m, why, sizeof why), STORE_OK);
    CHECK_STR(why, "年老体弱，行动不便");
    /* a second one is refused until the first has ended */
    CHECK_INT(store_post_excuse_add(st, m, "外出务工", "2024-05-01"), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "该党员已登记免于设岗");
    CHECK_INT(store_post_excuse_get(st, m, why, sizeof why), STORE_OK);
    CHECK_STR(why, "年老体弱，行动不便");

    CHECK_INT(store_post_excuse_end(st, m), STORE_OK);
    CHECK_INT(store_post_excuse_get(st, m, why, sizeof why), STORE_OK);
    CHECK_STR(why, "");
    CHECK_INT(store_post_excuse_end(st, m), STORE_ERR_NOT_FOUND);
    CHECK_STR(store_errmsg(st), "该党员未登记免于设岗");
    /* the ended record is kept; a new one can start, "" since = today */
    CHECK_INT(store_post_excuse_add(st, m, "外出务工", ""), STORE_OK);
    CHECK_INT(store_post_excuse_get(st, m, why, sizeof why), STORE_OK);
    CHECK_STR(why, "外出务工");
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM post_excuse"), 2);
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM post_excuse WHERE ended_at IS NOT NULL"
                          " AND reason = '年老体弱，行动不便' AND since = '2024-01-01'"),
              1);
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM post_excuse WHERE ended_at IS NULL"
                          " AND length(since) = 10"),
              1);
    /* a small buffer gets a whole-character prefix */
    char tiny[8];
    CHECK_INT(store_post_excuse_get(st, m, tiny, sizeof tiny), STORE_OK);
    CHECK_STR(tiny, "外出");

    /* history: insert, end, insert */
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM history WHERE table_name = 'post_excuse'"
                          " AND action = 'insert'"),
              2);
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM history WHERE table_name = 'post_excuse'"
                          " AND action = 'end' AND old_json LIKE '%\"ended_at\":null%'"
                          " AND new_json NOT LIKE '%\"ended_at\":null%'"),
              1);
    store_close(st);
}

/* ---- a branch over a period ------------------------------------------------------------ */

TEST(store_posts_holdings_of_branch_by_period)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "B1", "B1村党支部", 0);
    int64_t other = fx_branch(st, "B2", "B2村党支部", 0);
    int64_t pa = mk_post(st, b, "治安维护", "治安巡逻员", 5);
    int64_t pb = mk_post(st, b, "环境卫生", "卫生监督员", 5);
    int64_t po = mk_post(st, other, "治安维护", "他村巡逻员", 5);
    int64_t m1 = mk_member(st, b, "沈一", "");
    int64_t m2 = mk_member(st, b, "沈二", "");
    int64_t m3 = mk_member(st, b, "沈三", "");
    int64_t mo = mk_member(st, other, "韩外", "");
    int64_t early = claim(st, pa, m1, "2023-01-01");
    CHECK_INT(store_holding_end(st, early, "2024-01-01", "调整岗位"), STORE_OK); /* last day 2023-12-31 */
    int64_t cur = claim(st, pb, m1, "2024-01-01");
    int64_t late = claim(st, pa, m2, "2024-07-01");
    int64_t never = claim(st, pb, m3, "2024-03-01");
    CHECK_INT(store_holding_end(st, never, "2024-03-01", "认领有误"), STORE_OK);
    claim(st, po, mo, "2024-01-01");

    struct store_holding_list hl;

    struct holding *hs = NULL;
    int n = -1;
    /* the whole history */
    CHECK_INT(store_holding_list(st, &(struct holding_filter){.branch_id = b, .from = "", .to = ""}, &hl), STORE_OK);
    hs = hl.v, n = hl.n;
    CHECK_INT(n, 3); /* not the one ended on its claim day, not the other branch */
    free(hs);
    /* 2023: only the early holding */
    CHECK_INT(store_holding_list(st, &(struct holding_filter){.branch_id = b, .from = "2023-01-01", .to = "2023-12-31"}, &hl), STORE_OK);
    hs = hl.v, n = hl.n;
    CHECK_INT(n, 1);
    if (n == 1) {
        CHECK_INT(hs[0].id, early);
        CHECK_STR(hs[0].member_name, "沈一");
        CHECK_STR(hs[0].post_name, "治安巡逻员");
    }
    free(hs);
    /* the first half of 2024: ended on 2024-01-01 means not held that day */
    CHECK_INT(store_holding_list(st, &(struct holding_filter){.branch_id = b, .from = "2024-01-01", .to = "2024-06-30"}, &hl), STORE_OK);
    hs = hl.v, n = hl.n;
    CHECK_INT(n, 1);
    if (n == 1) CHECK_INT(hs[0].id, cur);
    free(hs);
    /* one day earlier the early holding was still current */
    CHECK_INT(store_holding_list(st, &(struct holding_filter){.branch_id = b, .from = "2023-12-31", .to = "2024-06-30"}, &hl), STORE_OK);
    hs = hl.v, n = hl.n;
    CHECK_INT(n, 2);
    free(hs);
    /* the second half: both current ones, ordered by category then name */
    CHECK_INT(store_holding_list(st, &(struct holding_filter){.branch_id = b, .from = "2024-07-01", .to = "2024-12-31"}, &hl), STORE_OK);
    hs = hl.v, n = hl.n;
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_INT(hs[0].id, late);  /* 治安维护 < 环境卫生 in UTF-8 order */
        CHECK_INT(hs[1].id, cur);
    }
    free(hs);
    /* open start, open end */
    CHECK_INT(store_holding_list(st, &(struct holding_filter){.branch_id = b, .from = "", .to = "2023-06-30"}, &hl), STORE_OK);
    hs = hl.v, n = hl.n;
    CHECK_INT(n, 1);
    free(hs);
    CHECK_INT(store_holding_list(st, &(struct holding_filter){.branch_id = b, .from = "2025-01-01", .to = ""}, &hl), STORE_OK);
    hs = hl.v, n = hl.n;
    CHECK_INT(n, 2);
    free(hs);
    /* a branch with nothing */
    int64_t empty = fx_branch(st, "B3", "B3村党支部", 0);
    CHECK_INT(store_holding_list(st, &(struct holding_filter){.branch_id = empty, .from = "", .to = ""}, &hl), STORE_OK);
    hs = hl.v, n = hl.n;
    CHECK_INT(n, 0);
    free(hs);
    store_close(st);
}

/* ---- speed ----------------------------------------------------------------------------- */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* 15 posts, 90 holders, 2,000 reports: the post list (holders and last report per post) and a
 * post's holdings take well under 5 ms; the bound here is generous for sanitizer builds. */
TEST(store_posts_list_fast)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "F1", "F1村党支部", 0);
    CHECK_INT(store_begin(st), STORE_OK);
    int64_t posts[15], holdings[90];
    for (int i = 0; i < 15; i++) {
        char name[32];
        snprintf(name, sizeof name, "岗位%02d", i);
        posts[i] = mk_post(st, b, "政策宣传", name, 6);
    }
    for (int i = 0; i < 90; i++) {
        char name[32];
        snprintf(name, sizeof name, "党员%02d", i);
        int64_t m = mk_member(st, b, name, "");
        holdings[i] = claim(st, posts[i % 15], m, "2015-01-01");
    }
    for (int i = 0; i < 2000; i++) {
        char date[32];
        int q = i / 90; /* 0..22: one report a quarter per holder */
        snprintf(date, sizeof date, "%04d-%02d-%02d", 2015 + q / 4, (q % 4) * 3 + 3, 1 + i % 28);
        struct post_report r = {0};
        r.holding_id = holdings[i % 90];
        memcpy(r.date, date, sizeof r.date - 1);
        r.content = (char *)"本季度履职情况：入户宣讲政策，收集群众意见，协助调解纠纷。";
        if (store_report_add(st, &r) != STORE_OK) {
            test_fail(__FILE__, __LINE__, "report: %s", store_errmsg(st));
            break;
        }
    }
    CHECK_INT(store_commit(st), STORE_OK);
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM post_report"), 2000);

    struct store_post_list list_l = {0};
    struct post *list = NULL;
    int n = 0;
    double best = 1e9, best_h = 1e9;
    for (int round = 0; round < 5; round++) {
        double t0 = now_ms();
        store_post_list_free(&list_l);
        int rc = store_post_list(st, b, &list_l);
        list = list_l.v, n = list_l.n;
        double t = now_ms() - t0;
        if (t < best) best = t;
        CHECK_INT(rc, STORE_OK);
        CHECK_INT(n, 15);
        if (n == 15) {
            CHECK_INT(list[0].holders, 6);
            CHECK_STR(list[14].last_report, "2020-09-07");
        }
        for (int i = 0; i < n; i++) post_free(&list[i]);
        struct store_holding_list hl;
        struct holding *hs = NULL;
        int nh = 0;
        t0 = now_ms();
        rc = store_holding_list(st, &(struct holding_filter){.branch_id = b, .from = "", .to = ""}, &hl);
        hs = hl.v, nh = hl.n;
        t = now_ms() - t0;
        if (t < best_h) best_h = t;
        CHECK_INT(nh, 90);
        free(hs);
    }
    fprintf(stderr,
            "    store_post_list: 15 posts, 90 holders, 2,000 reports: %.2f ms;"
            " holdings_of_branch: %.2f ms\n",
            best, best_h); /* printed, not asserted: make test runs on shared, noisy machines */
    store_close(st);
    store_post_list_free(&list_l);
}
