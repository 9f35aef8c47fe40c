/* test_circular_db.c — the 通报's loader (store/circular_db.c) on a district made through the
 * store: only a district's database, the window of months filled from both verdicts and the
 * engine's state kept with the township's, the orders whose deadline falls in the period with
 * their done date, and an inspector's station. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "district_test.h"
#include "test.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_circular.h"
#include "zhibu/store_district.h"

static int64_t branch(struct store *st, const char *code, const char *name, int64_t township)
{
    struct branch b = {0};
    snprintf(b.code, sizeof b.code, "%s", code);
    snprintf(b.name, sizeof b.name, "%s", name);
    snprintf(b.type, sizeof b.type, "rural");
    CHECK_INT(store_branch_add(st, &b), STORE_OK);
    CHECK_INT(store_township_assign(st, b.id, township), STORE_OK);
    return b.id;
}

/* the township's verdict, as a bundle import leaves it (nobody gives it by hand at a district) */
static void tverdict(const char *path, int64_t branch_id, const char *month, const char *verdict,
                     const char *engine)
{
    char sql[1024];
    snprintf(sql, sizeof sql,
             "INSERT INTO audit_verdict (uuid, branch_id, month, item, verdict, created_at, created_by,"
             " updated_at, engine_json) VALUES ('v-%lld-%s', %lld, '%s', 'overall', '%s',"
             " '2026-11-01T00:00:00Z', 't', '2026-11-01T00:00:00Z', '%s')",
             (long long)branch_id, month, (long long)branch_id, month, verdict, engine ? engine : "{}");
    test_sql(path, sql);
}

static const struct circ_cell *cell(const struct circ_data *d, int b, struct zmonth m)
{
    int k = zmonth_index(m) - zmonth_index(d->in.window_first);
    return &d->in.cells[b * d->in.nmonths + k];
}

TEST(circular_db_only_at_a_district)
{
    char *path = test_db_path("v.db");
    struct store *st = test_open_db(path, "system");
    struct circular_rules r = {2, 12};
    struct circ_data d;
    CHECK_INT(store_circular_load(st, (struct zmonth){2026, 10}, 1, &r, (struct zdate){2026, 11, 21}, &d),
              STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "只有区（县）的数据库可以生成通报");
    store_close(st);
    free(path);
}

TEST(circular_db_loads_the_window)
{
    char *path;
    struct store *st = dt_district("d.db", &path);
    int64_t s1 = dt_station(st, "第一指导站");
    int64_t ta = dt_township(st, "T02", "东风乡党委", s1, NULL);
    int64_t tb = dt_township(st, "T01", "红旗镇党委", 0, NULL);
    int64_t b1 = branch(st, "B2", "东风村党支部", ta);
    int64_t b2 = branch(st, "B1", "红旗村党支部", tb);
    tverdict(path, b1, "2026-10", "pass", "{\"score\":85,\"states\":{\"meetings\":\"fail\"},\"reasons\":[]}");
    tverdict(path, b1, "2026-09", "rectify", NULL);
    tverdict(path, b2, "2026-10", "pass", "{\"score\":100,\"states\":{\"meetings\":\"pass\",\"dues\":\"pending\"},\"reasons\":[]}");
    tverdict(path, b2, "2025-10", "fail", NULL); /* before the window: not loaded */
    struct district_verdict dv = {.branch_id = b1, .month = "2026-10", .item = "overall", .verdict = "fail",
                                  .comment = "会议记录与系统不一致"};
    CHECK_INT(store_district_verdict_set(st, &dv), STORE_OK);
    test_sql(path, "INSERT INTO rectification (uuid, branch_id, month, item, deadline, status, done_at,"
                   " created_at, created_by, updated_at) SELECT 'r1', id, '2026-09', 'overall', '2026-10-15',"
                   " 'done', '2026-10-15T15:00:00Z', 'x', 'x', 'x' FROM branch WHERE code = 'B2';"
                   "INSERT INTO rectification (uuid, branch_id, month, item, deadline, status,"
                   " created_at, created_by, updated_at) SELECT 'r2', id, '2026-10', 'overall', '2026-11-30',"
                   " 'open', 'x', 'x', 'x' FROM branch WHERE code = 'B2'");
    struct circular_rules r = {2, 12};
    struct circ_data d;
    CHECK_INT(store_circular_load(st, (struct zmonth){2026, 10}, 1, &r, (struct zdate){2026, 11, 21}, &d), STORE_OK);
    CHECK_STR(d.office_name, "城关区委组织部");
    CHECK_STR(d.scope, "");
    CHECK_INT(d.in.ntownships, 2);
    CHECK_STR(d.townships[0].code, "T01"); /* by code */
    CHECK_INT(d.in.nbranches, 2);
    CHECK_STR(d.branches[0].code, "B1");
    CHECK_INT(d.branches[0].township, 0);
    CHECK_INT(d.branches[1].township, 1);
    CHECK_INT(d.in.nmonths, 12);
    CHECK_INT(d.in.window_first.year, 2025);
    CHECK_INT(d.in.window_first.month, 11);
    const struct circ_cell *c = cell(&d, 1, (struct zmonth){2026, 10});
    CHECK_INT(c->township, CV_PASS);
    CHECK_INT(c->district, CV_FAIL);
    CHECK_INT(c->engine, CE_FAIL);
    CHECK_INT(cell(&d, 1, (struct zmonth){2026, 9})->township, CV_RECTIFY);
    CHECK_INT(cell(&d, 1, (struct zmonth){2026, 9})->engine, CE_NONE);
    CHECK_INT(cell(&d, 0, (struct zmonth){2026, 10})->engine, CE_PENDING);
    CHECK_INT(cell(&d, 0, (struct zmonth){2025, 11})->township, CV_NONE);
    CHECK_INT(d.in.norders, 1); /* r2's deadline is after October */
    CHECK_INT(d.orders[0].branch, 1);
    CHECK_INT(d.orders[0].status, CO_DONE);
    CHECK_INT(d.orders[0].done_at.d, 15); /* TZ=UTC in the tests */
    struct circ_result res;
    CHECK_INT(circular_compute(&d.in, &r, &res), 0);
    CHECK_INT(res.total.pass, 1);
    CHECK_INT(res.total.overturned, 1);
    CHECK_INT(res.total.engine_fail_passed, 1);
    CHECK_INT(res.total.orders_on_time, 1);
    circular_result_free(&res);
    store_circular_free(&d);

    /* an inspector of 第一指导站: 东风乡 only */
    CHECK_INT(store_test_set_inspector(st, s1, "ducha"), STORE_OK);
    CHECK_INT(store_circular_load(st, (struct zmonth){2026, 7}, 3, &r, (struct zdate){2026, 11, 21}, &d), STORE_OK);
    CHECK_INT(d.in.ntownships, 1);
    CHECK_STR(d.townships[0].code, "T02");
    CHECK_INT(d.in.nbranches, 1);
    CHECK_STR(d.branches[0].code, "B2");
    CHECK_STR(d.scope, "第一指导站");
    CHECK_INT(d.in.period_months, 3);
    CHECK_INT(d.in.window_first.month, 10); /* 12 months to September 2026 */
    store_circular_free(&d);
    store_close(st);
    free(path);
}
