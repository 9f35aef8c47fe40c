/* Unit tests for 党内统计 (core/stats.c): the day figures are taken, the age bands at their
 * bounds, who is on the roster at the edges of a year, and each table; the store's reading
 * (stats_db.c) on a small ledger; the member category through validate and the roster import. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "test.h"
#include "zhibu/model.h"
#include "zhibu/roster_import.h"
#include "zhibu/stats.h"
#include "zhibu/table.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_stats.h"
#include "zhibu/validate.h"

static struct stats_member sm(int64_t branch, const char *gender, const char *birth,
                              const char *join, const char *full)
{
    struct stats_member m = {.branch_id = branch};
    snprintf(m.gender, sizeof m.gender, "%s", gender);
    snprintf(m.birth_date, sizeof m.birth_date, "%s", birth);
    snprintf(m.join_date, sizeof m.join_date, "%s", join);
    snprintf(m.full_date, sizeof m.full_date, "%s", full);
    snprintf(m.ethnicity, sizeof m.ethnicity, "汉族");
    return m;
}

static void leave(struct stats_member *m, const char *way, const char *date)
{
    snprintf(m->leave_status, sizeof m->leave_status, "%s", way);
    snprintf(m->leave_date, sizeof m->leave_date, "%s", date);
}

TEST(stats_as_of_and_year)
{
    struct zdate today = {2026, 11, 21};
    struct zdate d = stats_as_of(2025, today);
    CHECK(d.y == 2025 && d.m == 12 && d.d == 31);
    d = stats_as_of(2026, today);
    CHECK(d.y == 2026 && d.m == 11 && d.d == 21);
    CHECK(stats_year_ok(2026, today));
    CHECK(stats_year_ok(1990, today));
    CHECK(!stats_year_ok(2027, today));
    CHECK(!stats_year_ok(1899, today));
}

TEST(stats_age_bands_bounds)
{
    CHECK_INT(stats_age_band(18), ST_AGE_30);
    CHECK_INT(stats_age_band(30), ST_AGE_30);
    CHECK_INT(stats_age_band(31), ST_AGE_31_35);
    CHECK_INT(stats_age_band(35), ST_AGE_31_35);
    CHECK_INT(stats_age_band(36), ST_AGE_36_40);
    CHECK_INT(stats_age_band(45), ST_AGE_41_45);
    CHECK_INT(stats_age_band(46), ST_AGE_46_50);
    CHECK_INT(stats_age_band(55), ST_AGE_51_55);
    CHECK_INT(stats_age_band(56), ST_AGE_56_60);
    CHECK_INT(stats_age_band(60), ST_AGE_56_60);
    CHECK_INT(stats_age_band(61), ST_AGE_61_70);
    CHECK_INT(stats_age_band(70), ST_AGE_61_70);
    CHECK_INT(stats_age_band(71), ST_AGE_71);
    CHECK_INT(stats_age_band(99), ST_AGE_71);
    for (int i = 0; i < ST_COUNT; i++) CHECK(STATS_ITEMS[i].key && STATS_ITEMS[i].label);
}

/* A birthday on December 31 is reached on the day the figures are taken; an unknown birth
 * date is 未填; one day short of 31 is still 30岁及以下. */
TEST(stats_birthday_on_dec_31)
{
    struct stats_member m[4] = {
        sm(1, "M", "1995-12-31", "2015-07-01", "2016-07-01"), /* 30 on 2025-12-31 */
        sm(1, "F", "1994-12-31", "2015-07-01", "2016-07-01"), /* 31 on 2025-12-31 */
        sm(1, "M", "", "2015-07-01", "2016-07-01"),
        sm(1, "M", "1995-01-01", "2015-07-01", "2016-07-01"), /* 30 */
    };
    int64_t b = 1;
    struct stats_table t;
    stats_make(m, 4, &b, 1, 2025, (struct zdate){2025, 12, 31}, &t);
    CHECK_INT(t.branch[0].n[ST_TOTAL], 4);
    CHECK_INT(t.branch[0].n[ST_AGE_30], 2);
    CHECK_INT(t.branch[0].n[ST_AGE_31_35], 1);
    CHECK_INT(t.branch[0].n[ST_AGE_UNKNOWN], 1);
    CHECK_INT(t.branch[0].n[ST_MALE], 3);
    CHECK_INT(t.branch[0].n[ST_FEMALE], 1);
    stats_free(&t);
    /* a day earlier the one born on 1994-12-31 is still 30 */
    stats_make(m, 4, &b, 1, 2025, (struct zdate){2025, 12, 30}, &t);
    CHECK_INT(t.branch[0].n[ST_AGE_30], 3);
    CHECK_INT(t.branch[0].n[ST_AGE_31_35], 0);
    stats_free(&t);
}

/* Left on January 1: counted as left that year and not on its roster, on the roster of the
 * year before; admitted this year by the 入党 date; probationary until the 转正 date. */
TEST(stats_year_edges)
{
    struct stats_member m[6] = {
        sm(1, "M", "1960-01-01", "1990-07-01", "1991-07-01"),
        sm(1, "M", "1960-01-01", "1990-07-01", "1991-07-01"),
        sm(1, "F", "2000-01-01", "2025-01-01", "2026-01-01"),  /* admitted 2025, full 2026 */
        sm(2, "M", "1950-01-01", "1980-07-01", "1981-07-01"),
        sm(2, "M", "1970-01-01", "2025-12-31", ""),            /* admitted on the last day */
        sm(2, "M", "1970-01-01", "2000-07-01", "2001-07-01"),
    };
    leave(&m[1], "deceased", "2026-01-01");
    leave(&m[3], "transferred", "2025-12-31");
    leave(&m[5], "expelled", "2025-06-30");
    m[5].cancelled = true; /* 取消预备党员资格: on its own line */
    int64_t ids[2] = {1, 2};
    struct stats_table t;
    stats_make(m, 6, ids, 2, 2025, (struct zdate){2025, 12, 31}, &t);
    CHECK_INT(t.branch[0].n[ST_TOTAL], 3); /* the one who left on 2026-01-01 is still here */
    CHECK_INT(t.branch[0].n[ST_PROBATIONARY], 1);
    CHECK_INT(t.branch[0].n[ST_ADMITTED], 1);
    CHECK_INT(t.branch[0].n[ST_LEFT], 0);
    CHECK_INT(t.branch[1].n[ST_TOTAL], 1); /* left on Dec 31: gone that day */
    CHECK_INT(t.branch[1].n[ST_ADMITTED], 1);
    CHECK_INT(t.branch[1].n[ST_PROBATIONARY], 1);
    CHECK_INT(t.branch[1].n[ST_LEFT], 2);
    CHECK_INT(t.branch[1].n[ST_LEFT_TRANSFERRED], 1);
    CHECK_INT(t.branch[1].n[ST_LEFT_CANCELLED], 1);
    CHECK_INT(t.branch[1].n[ST_LEFT_EXPELLED], 0);
    CHECK_INT(t.total.n[ST_TOTAL], 4);
    CHECK_INT(t.total.n[ST_LEFT], 2);
    stats_free(&t);

    stats_make(m, 6, ids, 2, 2026, (struct zdate){2026, 11, 21}, &t);
    CHECK_INT(t.branch[0].n[ST_TOTAL], 2);
    CHECK_INT(t.branch[0].n[ST_LEFT], 1);
    CHECK_INT(t.branch[0].n[ST_LEFT_DECEASED], 1);
    CHECK_INT(t.branch[0].n[ST_PROBATIONARY], 0); /* full since 2026-01-01 */
    CHECK_INT(t.branch[0].n[ST_ADMITTED], 0);
    CHECK_INT(t.total.n[ST_TOTAL], 3);
    stats_free(&t);

    /* only the branches asked for */
    stats_make(m, 6, &ids[1], 1, 2025, (struct zdate){2025, 12, 31}, &t);
    CHECK_INT(t.total.n[ST_TOTAL], 1);
    stats_free(&t);
}

TEST(stats_ethnicity_education_category_mobile)
{
    struct stats_member m[6];
    for (int i = 0; i < 6; i++) m[i] = sm(1, "M", "1980-01-01", "2010-07-01", "2011-07-01");
    snprintf(m[1].ethnicity, sizeof m[1].ethnicity, "回族");
    snprintf(m[2].ethnicity, sizeof m[2].ethnicity, "蒙古族");
    snprintf(m[3].ethnicity, sizeof m[3].ethnicity, "回族");
    m[4].ethnicity[0] = '\0';
    snprintf(m[5].ethnicity, sizeof m[5].ethnicity, "汉");
    snprintf(m[0].education, sizeof m[0].education, "master");
    snprintf(m[1].education, sizeof m[1].education, "junior");
    snprintf(m[0].category, sizeof m[0].category, "farmer");
    snprintf(m[1].category, sizeof m[1].category, "farmer");
    snprintf(m[2].category, sizeof m[2].category, "retired");
    m[3].mobile = true;
    int64_t b = 1;
    struct stats_table t;
    stats_make(m, 6, &b, 1, 2026, (struct zdate){2026, 11, 21}, &t);
    const struct stats_counts *c = &t.branch[0];
    CHECK_INT(c->n[ST_HAN], 2);
    CHECK_INT(c->n[ST_MINORITY], 3);
    CHECK_INT(c->n[ST_ETHNICITY_UNKNOWN], 1);
    CHECK_INT(c->nminorities, 2);
    CHECK_STR(c->minorities[0].name, "回族");
    CHECK_INT(c->minorities[0].n, 2);
    CHECK_STR(c->minorities[1].name, "蒙古族");
    CHECK_INT(c->n[ST_EDU_MASTER], 1);
    CHECK_INT(c->n[ST_EDU_JUNIOR], 1);
    CHECK_INT(c->n[ST_EDU_UNKNOWN], 4);
    CHECK_INT(c->n[ST_CAT_FARMER], 2);
    CHECK_INT(c->n[ST_CAT_RETIRED], 1);
    CHECK_INT(c->n[ST_CAT_UNKNOWN], 3);
    CHECK_INT(c->n[ST_MOBILE], 1);
    CHECK_INT(t.total.nminorities, 2);
    stats_free(&t);
}

TEST(validate_member_category)
{
    struct member m = stored(1, "张三", "1970-01-01");
    struct zdate today = {2026, 11, 21};
    CHECK_INT(validate_member(&m, today, 18, 12).code, V_OK); /* "" = 未填 */
    snprintf(m.category, sizeof m.category, "retired");
    CHECK_INT(validate_member(&m, today, 18, 12).code, V_OK);
    snprintf(m.category, sizeof m.category, "employed"); /* a dues category, not a 人员类别 */
    struct valid_result v = validate_member(&m, today, 18, 12);
    CHECK_INT(v.code, V_CODE_UNKNOWN);
    CHECK_INT(v.field, MF_CATEGORY);
    CHECK_STR(validate_field_label(v.field), "人员类别");
}

/* 人员类别 in the roster file: labels to codes, an unknown label refused with its row; a file
 * made from the template before issue 19 (its dues column headed 人员类别) reads as before. */
TEST(roster_import_category_column)
{
    struct member ms[1] = {stored(1, "王五", "1970-01-01")};
    struct rimp_context c = {.branch_id = 1, .members = ms, .nmembers = 1,
                             .today = {2026, 11, 21}, .min_join_age = 18, .probation_months = 12};
    struct rimp_plan p;
    struct table t = csv("姓名,性别,入党日期,转正日期,党费类别,人员类别\n"
                         "王五,,,,,离退休人员\n"
                         "张三,男,2001-07-01,2002-07-01,在职,工人\n"
                         "李四,女,2001-07-01,2002-07-01,,农民\n"
                         "赵六,男,2001-07-01,2002-07-01,,厨师\n");
    CHECK_INT(rimp_plan_make(&t, &c, &p), 1);
    CHECK_STR(p.rows[0].what, "更新 王五：人员类别 — → 离退休人员");
    CHECK_STR(p.rows[0].m.category, "retired");
    CHECK_STR(p.rows[1].m.category, "worker");
    CHECK_STR(p.rows[1].m.dues_category, "employed");
    CHECK_STR(p.rows[2].m.category, "farmer");
    CHECK_STR(p.rows[2].what, "新增 李四（党费类别未填，按农民）");
    CHECK_INT(p.problems[0].line, 5);
    CHECK(strstr(p.problems[0].text, "人员类别“厨师”无效（应为 工人、农牧渔民、") == p.problems[0].text);
    rimp_plan_free(&p);
    table_free(&t);

    /* the old template: 人员类别 holding dues labels, no 党费类别 column */
    t = csv("姓名,性别,入党日期,转正日期,人员类别\n"
            "张三,男,2001-07-01,2002-07-01,在职\n"
            "李四,女,2001-07-01,2002-07-01,\n");
    CHECK_INT(rimp_plan_make(&t, &c, &p), 0);
    CHECK_STR(p.rows[0].m.dues_category, "employed");
    CHECK_STR(p.rows[0].m.category, "");
    CHECK_INT(p.nnotes, 1);
    CHECK(strstr(p.notes[0], "按党费类别导入") != NULL);
    rimp_plan_free(&p);
    table_free(&t);

    /* without the column: as before */
    t = csv("姓名,性别,入党日期,转正日期\n张三,男,2001-07-01,2002-07-01\n");
    CHECK_INT(rimp_plan_make(&t, &c, &p), 0);
    CHECK_STR(p.rows[0].m.category, "");
    CHECK_INT(p.nnotes, 0);
    rimp_plan_free(&p);
    table_free(&t);
    CHECK_INT(rimp_column_of_header("人员类别"), RIC_CATEGORY);
    CHECK_INT(rimp_column_of_header("党费类别"), RIC_DUES);
}

/* The store: the category written, read back and journaled (a change behind the program's back
 * found by verify); 党内统计 of a year read in one statement; a future year refused. */
TEST(store_stats_and_category)
{
    char *path = test_db_path("stats.db");
    struct store *st = test_open_db(path, "system");
    if (!st) {
        free(path);
        return;
    }
    struct branch b = {0};
    snprintf(b.code, sizeof b.code, "1101010001");
    snprintf(b.name, sizeof b.name, "红旗村党支部");
    snprintf(b.type, sizeof b.type, "rural");
    CHECK_INT(store_branch_add(st, &b), STORE_OK);
    struct member m[3];
    const char *cats[3] = {"farmer", "retired", ""};
    for (int i = 0; i < 3; i++) {
        m[i] = stored(0, i == 0 ? "张三" : i == 1 ? "李四" : "王五", "1950-01-01");
        m[i].branch_id = b.id;
        snprintf(m[i].category, sizeof m[i].category, "%s", cats[i]);
        CHECK_INT(store_member_add(st, &m[i]), STORE_OK);
    }
    struct member got;
    CHECK_INT(store_member_get(st, m[1].id, &got), STORE_OK);
    CHECK_STR(got.category, "retired");
    snprintf(got.category, sizeof got.category, "other");
    CHECK_INT(store_member_update(st, &got), STORE_OK);
    CHECK_INT(store_member_get(st, m[1].id, &got), STORE_OK);
    CHECK_STR(got.category, "other");
    /* a member left on 2026-01-01: on 2025's roster, among 2026's leavers */
    CHECK_INT(store_member_get(st, m[2].id, &got), STORE_OK);
    snprintf(got.leave_status, sizeof got.leave_status, "deceased");
    snprintf(got.leave_date, sizeof got.leave_date, "2026-01-01");
    snprintf(got.leave_reason, sizeof got.leave_reason, "病故");
    CHECK_INT(store_member_update(st, &got), STORE_OK);

    struct stats_table t;
    struct store_branch_list bl;
    CHECK_INT(store_stats_year(st, 0, 2026, &t, &bl), STORE_OK);
    CHECK_INT(bl.n, 1);
    CHECK_INT(t.as_of.m * 100 + t.as_of.d, 1121); /* today (ZHIBU_TODAY) */
    CHECK_INT(t.total.n[ST_TOTAL], 2);
    CHECK_INT(t.total.n[ST_CAT_FARMER], 1);
    CHECK_INT(t.total.n[ST_CAT_OTHER], 1);
    CHECK_INT(t.total.n[ST_LEFT_DECEASED], 1);
    CHECK_INT(t.total.n[ST_AGE_71], 2);
    stats_free(&t);
    store_branch_list_free(&bl);
    CHECK_INT(store_stats_year(st, b.id, 2025, &t, &bl), STORE_OK);
    CHECK_INT(t.branch[0].n[ST_TOTAL], 3);
    CHECK_INT(t.branch[0].n[ST_LEFT], 0);
    CHECK_INT(t.branch[0].n[ST_CAT_UNKNOWN], 1);
    stats_free(&t);
    store_branch_list_free(&bl);
    CHECK_INT(store_stats_year(st, 0, 2027, &t, &bl), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "统计年度") != NULL);

    struct verify_result vr;
    CHECK_INT(store_journal_verify(st, 0, &vr), STORE_OK);
    CHECK_INT(vr.nproblems, 0);
    char sql[128];
    snprintf(sql, sizeof sql, "UPDATE member SET category = 'worker' WHERE id = %lld", (long long)m[0].id);
    test_sql(path, sql);
    CHECK_INT(store_journal_verify(st, 0, &vr), STORE_OK);
    CHECK(vr.nproblems > 0);
    store_close(st);
    free(path);
}
