/* Unit tests of the district's roles and journal (issue 18): the inspector (指导站督查员) needs a
 * station and a district's database, logs in with their station, and STORE_PERM_DISTRICT says
 * who may re-review which branch (with the store_may_why sentences); accounts survive the
 * upgrade to schema 11 (app_user rebuilt: ids, uuids, passwords, journal); verify finds a row of
 * station, township, township_branch, district_office, district_verdict or spot_check changed or
 * deleted behind zhibu's back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "district_test.h"
#include "fixtures.h"
#include "test.h"
#include "zhibu/auth.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_district.h"

static const struct auth_policy POLICY = {5, 15};

static struct user mk_user(const char *login, enum store_role role, int64_t branch,
                           int64_t station)
{
    struct user u = {.role = role, .branch_id = branch, .station_id = station};
    snprintf(u.login, sizeof u.login, "%s", login);
    return u;
}

TEST(district_role_inspector_codes_and_labels)
{
    CHECK_STR(store_role_code(STORE_ROLE_INSPECTOR), "inspector");
    CHECK_STR(store_role_label(STORE_ROLE_INSPECTOR), "指导站督查员");
    CHECK_INT(store_role_parse("inspector"), STORE_ROLE_INSPECTOR);
    CHECK_INT(store_role_parse("reviewer"), STORE_ROLE_REVIEWER);
}

TEST(district_inspector_account_needs_a_station_at_a_district)
{
    char *path;
    struct store *st = dt_district("acc.db", &path);
    int64_t s1 = dt_station(st, "一站");
    int64_t s2 = dt_station(st, "二站");
    struct user u = mk_user("ducha", STORE_ROLE_INSPECTOR, 0, 0);
    CHECK_INT(store_user_add(st, &u, "secret12"), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "督查员须指定指导站");
    u = mk_user("ducha", STORE_ROLE_INSPECTOR, 0, 99);
    CHECK_INT(store_user_add(st, &u, "secret12"), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "督查员的指导站不存在");
    u = mk_user("ducha", STORE_ROLE_INSPECTOR, 1, s1);
    CHECK_INT(store_user_add(st, &u, "secret12"), STORE_ERR_CONSTRAINT);
    u = mk_user("shencha", STORE_ROLE_REVIEWER, 0, s1);
    CHECK_INT(store_user_add(st, &u, "secret12"), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "只有指导站督查员账号属于指导站");
    u = mk_user("ducha", STORE_ROLE_INSPECTOR, 0, s1);
    CHECK_INT(store_user_add(st, &u, "secret12"), STORE_OK);
    struct user g;
    CHECK_INT(store_user_get(st, "ducha", &g), STORE_OK);
    CHECK_INT(g.role, STORE_ROLE_INSPECTOR);
    CHECK(g.station_id == s1);
    CHECK_STR(g.station_name, "一站");
    /* moved to another station; none is refused */
    CHECK_INT(store_user_set_station(st, "ducha", 0), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_user_set_station(st, "ducha", s2), STORE_OK);
    CHECK_INT(store_user_get(st, "ducha", &g), STORE_OK);
    CHECK_STR(g.station_name, "二站");
    store_close(st);

    /* the login carries the station */
    struct store_options opt = {.user = "x"};
    char err[256];
    CHECK_INT(store_open(path, &opt, &st, err, sizeof err), STORE_OK);
    CHECK_INT(store_login(st, "ducha", "secret12", &POLICY), STORE_OK);
    const struct store_session *se = store_session(st);
    CHECK_INT(se->role, STORE_ROLE_INSPECTOR);
    CHECK(se->station_id == s2);
    CHECK_STR(se->station_name, "二站");
    struct verify_result vr;
    CHECK_INT(store_journal_verify(st, 0, &vr), STORE_OK);
    CHECK_INT(vr.nproblems, 0);
    store_close(st);
    free(path);

    /* not at a township's database */
    path = test_db_path("town.db");
    st = test_open_db(path, "system");
    CHECK_INT(store_office_set(st, "township", "红旗镇党委"), STORE_OK);
    u = mk_user("ducha", STORE_ROLE_INSPECTOR, 0, 1);
    CHECK_INT(store_user_add(st, &u, "secret12"), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "指导站督查员账号只能在区（县）的数据库中建立");
    store_close(st);
    free(path);
}

TEST(district_perm_who_may_re_review)
{
    char *path;
    struct store *st = dt_district("perm.db", &path);
    int64_t s1 = dt_station(st, "一站");
    int64_t hq = dt_township(st, "HQ", "红旗镇党委", s1, NULL);
    int64_t df = dt_township(st, "DF", "东风乡党委", 0, NULL);
    int64_t b1 = fx_branch(st, "HQ001", NULL, 0);
    int64_t b2 = fx_branch(st, "DF001", NULL, 0);
    CHECK_INT(store_township_assign(st, b1, hq), STORE_OK);
    CHECK_INT(store_township_assign(st, b2, df), STORE_OK);
    char why[256];
    CHECK(store_may(st, STORE_PERM_DISTRICT, b1)); /* the system */
    CHECK_INT(store_test_set_session(st, STORE_ROLE_REVIEWER, 0, "fushen"), STORE_OK);
    CHECK(store_may(st, STORE_PERM_DISTRICT, b1));
    CHECK(store_may(st, STORE_PERM_DISTRICT, b2));
    CHECK(!store_may(st, STORE_PERM_REVIEW, b1)); /* the township's verdicts: not here */
    CHECK_STR(store_may_why(st, STORE_PERM_REVIEW, b1, why, sizeof why),
              "区（县）数据库中的乡镇审查结论只能由乡镇的交换包带来");
    CHECK(store_may(st, STORE_PERM_ALL_BRANCHES, 0));
    CHECK_INT(store_test_set_inspector(st, s1, "ducha"), STORE_OK);
    CHECK(store_may(st, STORE_PERM_DISTRICT, b1));
    CHECK(!store_may(st, STORE_PERM_DISTRICT, b2));
    CHECK(store_may(st, STORE_PERM_DISTRICT, 0)); /* may re-review some branch */
    CHECK(!store_may(st, STORE_PERM_EDIT, b1));
    CHECK(!store_may(st, STORE_PERM_ADMIN, 0));
    CHECK(store_may(st, STORE_PERM_ALL_BRANCHES, 0));
    CHECK_STR(store_may_why(st, STORE_PERM_DISTRICT, b2, why, sizeof why),
              "只能复审、督查本指导站（一站）所辖乡镇的支部");
    CHECK_STR(store_may_why(st, STORE_PERM_DISTRICT, b1, why, sizeof why), "");
    CHECK_STR(store_may_why(st, STORE_PERM_EDIT, b1, why, sizeof why), "指导站督查员不能修改台账");
    /* the branches listed: only the station's */
    struct store_branch_list bl;
    CHECK_INT(store_branch_list(st, &bl), STORE_OK);
    CHECK_INT(bl.n, 1);
    if (bl.n == 1) CHECK(bl.v[0].id == b1);
    store_branch_list_free(&bl);
    CHECK_INT(store_test_set_session(st, STORE_ROLE_SECRETARY, b1, "shuji"), STORE_OK);
    CHECK(!store_may(st, STORE_PERM_DISTRICT, b1));
    CHECK_INT(store_test_set_session(st, STORE_ROLE_ADMIN, 0, "admin"), STORE_OK);
    CHECK(!store_may(st, STORE_PERM_DISTRICT, b1));
    CHECK_STR(store_may_why(st, STORE_PERM_DISTRICT, b1, why, sizeof why),
              "只有区委组织部复审人员或指导站督查员能复审、督查");
    CHECK_INT(store_branch_list(st, &bl), STORE_OK);
    CHECK_INT(bl.n, 2);
    store_branch_list_free(&bl);
    store_close(st);
    free(path);
}

/* ---- the upgrade: accounts kept ----------------------------------------------------------- */

TEST(district_upgrade_to_11_keeps_the_accounts)
{
    char *path = test_db_path("up.db");
    struct store *st = test_open_db(path, "system");
    int64_t b = fx_branch(st, "HQ001", NULL, 0);
    struct user u = mk_user("admin", STORE_ROLE_ADMIN, 0, 0);
    CHECK_INT(store_user_add(st, &u, "secret12"), STORE_OK);
    u = mk_user("shuji", STORE_ROLE_SECRETARY, b, 0);
    CHECK_INT(store_user_add(st, &u, "secret34"), STORE_OK);
    u = mk_user("shencha", STORE_ROLE_REVIEWER, 0, 0);
    CHECK_INT(store_user_add(st, &u, "secret56"), STORE_OK);
    store_close(st);
    char before[4096];
    snprintf(before, sizeof before, "%lld",
             test_sql_int(path, "SELECT sum(id * 7 + length(uuid) + length(pw_hash) +"
                                " unicode(role)) FROM app_user"));
    long long n_hist = test_sql_int(path, "SELECT count(*) FROM history");
    test_sql(path, DOWNGRADE_V10_ROLES_SQL DOWNGRADE_V10_DISTRICT_SQL " PRAGMA user_version = 10;");
    CHECK_INT(test_sql_int(path, "SELECT count(*) FROM pragma_table_info('app_user')"
                                 " WHERE name = 'station_id'"),
              0);

    /* opened: upgraded, the accounts as they were */
    struct store_options opt = {.user = "x", .backup_keep = 5};
    char err[256];
    CHECK_INT(store_open(path, &opt, &st, err, sizeof err), STORE_OK);
    CHECK_INT(store_login(st, "shuji", "secret34", &POLICY), STORE_OK);
    CHECK_INT(store_session(st)->role, STORE_ROLE_SECRETARY);
    CHECK(store_session(st)->branch_id == b);
    store_close(st);
    CHECK_INT(test_sql_int(path, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    CHECK_INT(test_sql_int(path, "SELECT count(*) FROM pragma_table_info('app_user')"
                                 " WHERE name = 'station_id'"),
              1);
    char after[4096];
    snprintf(after, sizeof after, "%lld",
             test_sql_int(path, "SELECT sum(id * 7 + length(uuid) + length(pw_hash) +"
                                " unicode(role)) FROM app_user"));
    CHECK_STR(after, before);
    CHECK_INT(test_sql_int(path, "SELECT count(*) FROM app_user"), 3);
    /* the login was journaled, nothing else changed */
    CHECK_INT(test_sql_int(path, "SELECT count(*) FROM history"), n_hist + 1);
    CHECK_INT(test_sql_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'app_user'"
                                 " AND sql LIKE '%inspector%'"),
              1);
    CHECK_INT(store_open(path, &opt, &st, err, sizeof err), STORE_OK);
    CHECK_INT(store_login(st, "admin", "secret12", &POLICY), STORE_OK);
    struct verify_result vr;
    CHECK_INT(store_journal_verify(st, 0, &vr), STORE_OK);
    CHECK_INT(vr.nproblems, 0);
    /* an inspector can be made now */
    CHECK_INT(store_office_set(st, "district", "城关区委组织部"), STORE_OK);
    int64_t s1 = dt_station(st, "一站");
    u = mk_user("ducha", STORE_ROLE_INSPECTOR, 0, s1);
    CHECK_INT(store_user_add(st, &u, "secret78"), STORE_OK);
    store_close(st);

    /* upgraded again (a test's downgrade of the version number only): the station is kept */
    test_sql(path, "PRAGMA user_version = 10;");
    CHECK_INT(store_open(path, &opt, &st, err, sizeof err), STORE_OK);
    struct user g;
    CHECK_INT(store_user_get(st, "ducha", &g), STORE_OK);
    CHECK(g.station_id == s1);
    CHECK_INT(store_journal_verify(st, 0, &vr), STORE_OK);
    CHECK_INT(vr.nproblems, 0);
    store_close(st);
    free(path);
}

/* ---- verify ------------------------------------------------------------------------------- */

/* A district with a row in each of its tables (and, in a township's file, district_office). */
static void build(const char *path, bool township)
{
    struct store *st = test_open_db(path, "system");
    if (township) {
        char pk[OFFICE_PK_HEX], fpr[OFFICE_FPR_LEN];
        dt_key(pk, fpr);
        CHECK_INT(store_office_set(st, "township", "红旗镇党委"), STORE_OK);
        CHECK_INT(store_district_set(st, "城关区委组织部", fpr), STORE_OK);
        CHECK_INT(store_district_learn_key(st, "uuid-d", pk), STORE_OK);
        store_close(st);
        return;
    }
    CHECK_INT(store_office_set(st, "district", "城关区委组织部"), STORE_OK);
    int64_t s1 = dt_station(st, "一站");
    int64_t hq = dt_township(st, "HQ", "红旗镇党委", s1, NULL);
    int64_t b1 = fx_branch(st, "HQ001", NULL, 0);
    CHECK_INT(store_township_assign(st, b1, hq), STORE_OK);
    struct district_verdict v = {.branch_id = b1};
    snprintf(v.month, sizeof v.month, "2026-10");
    snprintf(v.item, sizeof v.item, "overall");
    snprintf(v.verdict, sizeof v.verdict, "pass");
    CHECK_INT(store_district_verdict_set(st, &v), STORE_OK);
    struct spot_check c = {.branch_id = b1};
    snprintf(c.date, sizeof c.date, "2026-11-01");
    snprintf(c.inspectors, sizeof c.inspectors, "张三");
    snprintf(c.inspected, sizeof c.inspected, "会议记录与系统一致");
    snprintf(c.result, sizeof c.result, "consistent");
    CHECK_INT(store_spot_check_add(st, &c), STORE_OK);
    store_close(st);
}

/* Verify of the file at path: whether a problem names table (kind), and how many problems. */
static int verify_names(const char *path, const char *table, enum verify_kind kind)
{
    struct store *st = test_open_db(path, "system");
    struct verify_result vr;
    CHECK_INT(store_journal_verify(st, 0, &vr), STORE_OK);
    store_close(st);
    int found = 0;
    for (int i = 0; i < vr.nproblems && i < VERIFY_MAX_PROBLEMS; i++)
        if (strcmp(vr.problems[i].table_name, table) == 0 && vr.problems[i].kind == kind) found++;
    if (!table) return vr.nproblems;
    return found;
}

TEST(district_verify_finds_rows_changed_behind_zhibus_back)
{
    static const struct {
        const char *table, *change;
        bool township;
    } cases[] = {
        {"station", "UPDATE station SET name = '假指导站'", false},
        {"township", "UPDATE township SET fingerprint = 'AAAA-AAAA-AAAA-AAAA'", false},
        {"township_branch", "UPDATE township_branch SET township_id = 7", false},
        {"district_verdict", "UPDATE district_verdict SET verdict = 'fail'", false},
        {"spot_check", "UPDATE spot_check SET result = 'issues', findings = '伪造'", false},
        {"district_office", "UPDATE district_office SET public_key = 'ab'", true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char name[64];
        snprintf(name, sizeof name, "v%zu.db", i);
        char *path = test_db_path(name);
        build(path, cases[i].township);
        struct store *st = test_open_db(path, "system");
        struct verify_result vr;
        CHECK_INT(store_journal_verify(st, 0, &vr), STORE_OK);
        CHECK_INT(vr.nproblems, 0);
        store_close(st);
        test_sql(path, cases[i].change);
        if (verify_names(path, cases[i].table, VERIFY_ROW_CHANGED) != 1)
            test_fail(__FILE__, __LINE__, "a %s row changed was not found", cases[i].table);
        free(path);

        /* and deleted */
        snprintf(name, sizeof name, "d%zu.db", i);
        path = test_db_path(name);
        build(path, cases[i].township);
        char del[128];
        snprintf(del, sizeof del, "PRAGMA foreign_keys = OFF; DELETE FROM %s", cases[i].table);
        test_sql(path, del);
        if (verify_names(path, cases[i].table, VERIFY_ROW_MISSING) != 1)
            test_fail(__FILE__, __LINE__, "a %s row deleted was not found", cases[i].table);
        free(path);
    }
}
