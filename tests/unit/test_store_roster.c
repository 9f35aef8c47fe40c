/* Unit tests of store_roster.h (src/store/roster_import_db.c): the roster import's plan made against
 * the branch as it stands, and its writing, all or nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "test.h"
#include "zhibu/roster_import.h"
#include "zhibu/store.h"
#include "zhibu/store_roster.h"
#include "zhibu/table_read.h"

TEST(roster_import_store_all_or_nothing)
{
    char *path = test_db_path("r.db");
    struct store *st = test_open_db(path, "tester");
    struct branch b = {0};
    snprintf(b.code, sizeof b.code, "1101010001");
    snprintf(b.name, sizeof b.name, "红旗村党支部");
    snprintf(b.type, sizeof b.type, "rural");
    CHECK_INT(store_branch_add(st, &b), STORE_OK);
    struct member m = stored(0, "王五", "1970-01-01");
    m.branch_id = b.id;
    CHECK_INT(store_member_add(st, &m), STORE_OK);
    struct table t = csv("姓名,性别,出生日期,入党日期,转正日期,党小组\n"
                         "新人,女,1980-01-01,2005-07-01,2006-07-01,新小组\n"
                         "王五,男,1970-01-01,1995-07-01,1996-07-01,新小组\n");
    struct roster_rules rules = {18, 12};
    struct rimp_plan p;
    CHECK_INT(store_roster_plan(st, b.id, &t, &rules, true, &p), STORE_OK);
    CHECK_INT(p.nproblems, 0);
    CHECK_INT(p.added, 1);
    CHECK_INT(p.updated, 1);
    /* another session changes 王五 after the plan was made */
    struct member again;
    CHECK_INT(store_member_get(st, m.id, &again), STORE_OK);
    snprintf(again.phone, sizeof again.phone, "13700000000");
    CHECK_INT(store_member_update(st, &again), STORE_OK);
    long long members = test_sql_int(path, "select count(*) from member");
    long long hist = test_sql_int(path, "select count(*) from history");
    char err[512];
    CHECK_INT(store_roster_apply(st, b.id, &p, err, sizeof err), STORE_ERR_CHANGED);
    CHECK(strncmp(err, "第 3 行（王五）未能保存：", strlen("第 3 行（王五）未能保存：")) == 0);
    CHECK_INT(test_sql_int(path, "select count(*) from member"), members);
    CHECK_INT(test_sql_int(path, "select count(*) from party_group"), 0);
    CHECK_INT(test_sql_int(path, "select count(*) from history"), hist);
    rimp_plan_free(&p);
    /* planned again, it goes through, and a third time changes nothing */
    CHECK_INT(store_roster_plan(st, b.id, &t, &rules, true, &p), STORE_OK);
    CHECK_INT(store_roster_apply(st, b.id, &p, err, sizeof err), STORE_OK);
    rimp_plan_free(&p);
    CHECK_INT(test_sql_int(path, "select count(*) from party_group where name = '新小组'"), 1);
    CHECK_INT(store_roster_plan(st, b.id, &t, &rules, true, &p), STORE_OK);
    CHECK_INT(p.same, 2);
    CHECK_INT(p.nnew_groups, 0);
    rimp_plan_free(&p);
    table_free(&t);
    store_close(st);
    free(path);
}
