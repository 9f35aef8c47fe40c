/* Unit tests for the roster import's plan (core/roster_import.c): headers, matching, what an
 * update lists (its writing, store_roster.h: test_store_roster.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "test.h"
#include "zhibu/roster_import.h"
#include "zhibu/store.h"
#include "zhibu/store_roster.h"
#include "zhibu/table_read.h"
#include "zhibu/util.h"

static struct rimp_context ctx(const struct member *ms, int n, const struct group *gs, int ng)
{
    return (struct rimp_context){.branch_id = 1, .members = ms, .nmembers = n, .groups = gs,
                                 .ngroups = ng, .today = {2026, 11, 21}, .min_join_age = 18,
                                 .probation_months = 12};
}

TEST(roster_import_headers)
{
    CHECK_INT(rimp_column_of_header("姓名"), RIC_NAME);
    CHECK_INT(rimp_column_of_header(" 姓  名 "), RIC_NAME);
    CHECK_INT(rimp_column_of_header("姓名*"), RIC_NAME);
    CHECK_INT(rimp_column_of_header("姓名（必填）"), RIC_NAME);
    CHECK_INT(rimp_column_of_header("出生年月"), RIC_BIRTH);
    CHECK_INT(rimp_column_of_header("手机号码"), RIC_PHONE);
    CHECK_INT(rimp_column_of_header("人员状态"), RIC_STATUS);
    CHECK_INT(rimp_column_of_header("党费类别"), RIC_DUES);
    CHECK_INT(rimp_column_of_header("籍贯"), -1);
    CHECK_INT(rimp_column_of_header(""), -1);
}

/* A title row above the header, columns in another order, a blank cell that keeps the stored
 * value, a Chinese name padded with blanks. */
TEST(roster_import_matches_and_lists_changes)
{
    struct member ms[3] = {stored(1, "王五", "1970-01-01"), stored(2, "赵六", ""),
                           stored(3, "钱七", "1960-02-02")};
    snprintf(ms[2].leave_status, sizeof ms[2].leave_status, "deceased");
    snprintf(ms[2].leave_date, sizeof ms[2].leave_date, "2020-01-01");
    struct group g = {.id = 9, .branch_id = 1};
    snprintf(g.name, sizeof g.name, "第一党小组");
    struct table t = csv("红旗村党员花名册,,,\n"
                         "联系电话,姓名,出生日期,党小组\n"
                         "13800000000,王  五,1970/1/1,\n"
                         "13900000000,赵六,1970-05-05,第一党小组\n"
                         ",钱七,1960-02-02,\n");
    struct rimp_context c = ctx(ms, 3, &g, 1);
    struct rimp_plan p;
    CHECK_INT(rimp_plan_make(&t, &c, &p), 1);
    CHECK_INT(p.header_line, 2);
    CHECK_INT(p.rows[0].action, RIMP_SAME);
    CHECK_STR(p.rows[0].what, "无变化 王五");
    CHECK_INT(p.rows[1].action, RIMP_UPDATE);
    CHECK_STR(p.rows[1].what, "更新 赵六：出生日期 — → 1970-05-05；联系电话 13800000000 → 13900000000；党小组 — → 第一党小组");
    CHECK_INT(p.rows[1].m.id, 2);
    CHECK_INT(p.rows[1].m.group_id, 9);
    CHECK_STR(p.rows[1].m.join_date, "1995-07-01"); /* not in the file: kept */
    CHECK_INT(p.rows[2].action, RIMP_BAD);
    CHECK_STR(p.problems[0].text, "钱七 已离开名册（去世 2020-01-01），导入不能恢复；请删去这一行");
    CHECK_INT(p.problems[0].line, 5);
    char *report = rimp_plan_report(&p, "加 --create-groups 在导入时新建");
    CHECK_STR(report, "第 3 行：无变化 王五\n"
                      "第 4 行：更新 赵六：出生日期 — → 1970-05-05；联系电话 13800000000 → 13900000000；党小组 — → 第一党小组\n"
                      "第 5 行：钱七 已离开名册（去世 2020-01-01），导入不能恢复；请删去这一行\n"
                      "共 3 行：新增 0，更新 1，无变化 1；问题 1 处\n");
    free(report);
    rimp_plan_free(&p);
    table_free(&t);
}

TEST(roster_import_ambiguous_names)
{
    struct member ms[2] = {stored(1, "张三", "1970-01-01"), stored(2, "张三", "1975-01-01")};
    struct table t = csv("姓名,出生日期,民族\n张三,,汉族\n张三,1975-01-01,回族\n");
    struct rimp_context c = ctx(ms, 2, NULL, 0);
    struct rimp_plan p;
    CHECK_INT(rimp_plan_make(&t, &c, &p), 1);
    CHECK_STR(p.problems[0].text, "名册中有 2 名党员叫 张三：请填写出生日期以区分");
    CHECK_STR(p.rows[1].what, "更新 张三：民族 — → 回族");
    CHECK_INT(p.rows[1].m.id, 2);
    rimp_plan_free(&p);
    table_free(&t);
}

TEST(roster_import_duplicate_headers_and_unknown_columns)
{
    struct table t = csv("姓名,籍贯,电话,联系电话\n张三,河北,123,456\n");
    struct rimp_context c = ctx(NULL, 0, NULL, 0);
    struct rimp_plan p;
    CHECK(rimp_plan_make(&t, &c, &p) > 0);
    CHECK_INT(p.nnotes, 1);
    CHECK_STR(p.notes[0], "“籍贯”列（B 列）不是名册的列，不导入");
    CHECK_STR(p.problems[0].text, "“联系电话”列出现了两次（C 列和 D 列）");
    CHECK_INT(p.problems[0].line, 1);
    rimp_plan_free(&p);
    table_free(&t);
}

/* The store writes all rows or none: the second row refused (changed meanwhile), the first is
 * not kept either; the groups made for them neither. */
/* A new member without 转正日期: 预备 while the probation can still run; past it, the file left
 * the date out, and the row says so instead of putting a wrong 党籍 on the roster. An explicit
 * 党籍状态 decides. */
TEST(roster_import_missing_full_date_past_probation)
{
    struct table t = csv("姓名,性别,出生日期,入党日期,转正日期,党籍状态\n"
                         "甲,男,1980-01-01,2026-03-01,,\n"
                         "乙,男,1980-01-01,2010-07-01,,\n"
                         "丙,男,1980-01-01,2025-11-21,,\n"
                         "丁,男,1980-01-01,2024-07-01,,预备党员\n"
                         "戊,男,1980-01-01,2010-07-01,2011-07-01,\n");
    struct rimp_context c = ctx(NULL, 0, NULL, 0);
    struct rimp_plan p;
    CHECK_INT(rimp_plan_make(&t, &c, &p), 2);
    CHECK_INT(p.rows[0].action, RIMP_NEW);
    CHECK_STR(p.rows[0].m.status, "probationary");
    CHECK_INT(p.rows[1].action, RIMP_BAD);
    CHECK_STR(p.problems[0].text, "转正日期未填：入党日期 2010-07-01 至今已超过 12 个月的预备期，已转正的请填转正日期；"
                                  "仍是预备党员（延长预备期）的请在“党籍状态”列填“预备党员”");
    CHECK_INT(p.problems[0].line, 3);
    CHECK_INT(p.rows[2].action, RIMP_BAD); /* exactly a year: the probation is over */
    CHECK_INT(p.problems[1].line, 4);
    CHECK_INT(p.rows[3].action, RIMP_NEW);
    CHECK_STR(p.rows[3].m.status, "probationary");
    CHECK_INT(p.rows[4].action, RIMP_NEW);
    CHECK_STR(p.rows[4].m.status, "full");
    rimp_plan_free(&p);
    table_free(&t);
}
