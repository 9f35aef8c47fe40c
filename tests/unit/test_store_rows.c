/* Unit tests of src/store/row.c, the row helpers of the store (issue 16, item 1): one row fetched
 * (found, not found, a failing step, a statement that did not prepare); a write whose step fails
 * (a constraint) said by st_step_write and st_step_write_as; the reason check (empty,
 * white space only, too long, cut to fit); voiding (st_void_row through the store's void
 * functions): a locked month refused with nothing written, history "void" and a journal that
 * verifies, a reason refused before anything is written. */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/store/store_priv.h"
#include "test.h"
#include "zhibu/store.h"
#include "zhibu/store_audit.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_meeting.h"
#include "zhibu/store_posts.h"

/* ---- helpers --------------------------------------------------------------------------- */

static int64_t mk_branch(struct store *st, const char *code)
{
    struct branch b = {0};
    snprintf(b.code, sizeof b.code, "%s", code);
    snprintf(b.name, sizeof b.name, "%s党支部", code);
    snprintf(b.type, sizeof b.type, "rural");
    if (store_branch_add(st, &b) != STORE_OK)
        test_fail(__FILE__, __LINE__, "branch_add: %s", store_errmsg(st));
    return b.id;
}

static int64_t mk_meeting(struct store *st, int64_t branch_id, const char *date)
{
    struct meeting m = {0};
    m.branch_id = branch_id;
    snprintf(m.kind, sizeof m.kind, "committee");
    snprintf(m.date, sizeof m.date, "%s", date);
    m.topics = strdup("学习");
    m.minutes = strdup("");
    if (store_meeting_add(st, &m) != STORE_OK)
        test_fail(__FILE__, __LINE__, "meeting_add: %s", store_errmsg(st));
    int64_t id = m.id;
    meeting_free(&m);
    return id;
}

/* The month of branch b reviewed (a verdict on it): its rows are locked. */
static void review_month(struct store *st, int64_t b, const char *month)
{
    struct verdict v = {.branch_id = b};
    snprintf(v.month, sizeof v.month, "%s", month);
    snprintf(v.item, sizeof v.item, "overall");
    snprintf(v.verdict, sizeof v.verdict, "pass");
    if (store_verdict_set(st, &v) != STORE_OK)
        test_fail(__FILE__, __LINE__, "verdict_set: %s", store_errmsg(st));
}

static void journal_verifies(struct store *st, int line)
{
    struct verify_result *r = calloc(1, sizeof *r);
    int rc = store_journal_verify(st, 0, r);
    if (rc != STORE_OK || r->nproblems != 0)
        test_fail(__FILE__, line, "store_journal_verify: rc %d, %d problems (%s)", rc, r->nproblems,
                  r->nproblems ? r->problems[0].message : "");
    free(r);
}

static void fill_int(sqlite3_stmt *s, void *out)
{
    *(int64_t *)out = sqlite3_column_int64(s, 0);
}

static sqlite3_stmt *prepare(struct store *st, const char *sql)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
        test_fail(__FILE__, __LINE__, "prepare %s: %s", sql, sqlite3_errmsg(st->db));
    return s;
}

/* ---- one row --------------------------------------------------------------------------- */

TEST(store_rows_get_found_missing_error)
{
    char *p = test_db_path("r.db");
    struct store *st = test_open_db(p, "书记甲");
    free(p);
    if (!st) return;
    sqlite3_stmt *s = prepare(st, "SELECT ?1 * 10 WHERE ?1 > 0");
    int64_t v = -1;
    /* found: the row filled in */
    CHECK_INT(st_get_row(st, s, 5, fill_int, &v, "没有这一行", "读取测试"), STORE_OK);
    CHECK_INT(v, 50);
    /* none: not found, with the caller's sentence; nothing filled */
    v = -1;
    CHECK_INT(st_get_row(st, s, 0, fill_int, &v, "没有这一行", "读取测试"), STORE_ERR_NOT_FOUND);
    CHECK_STR(store_errmsg(st), "没有这一行");
    CHECK_INT(v, -1);
    /* none, the sentence left to the caller: the message is not touched */
    CHECK_INT(st_get_row(st, s, -3, fill_int, &v, NULL, "读取测试"), STORE_ERR_NOT_FOUND);
    CHECK_STR(store_errmsg(st), "没有这一行");
    /* the statement was reset: it runs again */
    CHECK_INT(st_get_row(st, s, 7, fill_int, &v, NULL, "读取测试"), STORE_OK);
    CHECK_INT(v, 70);
    sqlite3_finalize(s);
    /* a step that fails: the mapped failure naming what was being read */
    s = prepare(st, "SELECT abs(?1)");
    CHECK_INT(st_get_row(st, s, INT64_MIN, fill_int, &v, "没有这一行", "读取测试"), STORE_ERR);
    CHECK_STR(store_errmsg(st), "读取测试失败：integer overflow");
    CHECK_INT(v, 70);
    /* st_one_row: bound by the caller */
    sqlite3_bind_int64(s, 1, -4);
    CHECK_INT(st_one_row(st, s, fill_int, &v, NULL, "读取测试"), STORE_OK);
    CHECK_INT(v, 4);
    sqlite3_finalize(s);
    /* a statement that did not prepare (NULL): STORE_ERR, the prepare's message kept */
    st_fail(st, STORE_OK, "%s", "");
    CHECK_INT(st_get_row(st, NULL, 1, fill_int, &v, "没有这一行", "读取测试"), STORE_ERR);
    CHECK_INT(st_one_row(st, NULL, fill_int, &v, "没有这一行", "读取测试"), STORE_ERR);

    /* the store's own gets go through it: a group found, and one that is not there */
    int64_t b = mk_branch(st, "R1");
    struct group g = {.branch_id = b};
    snprintf(g.name, sizeof g.name, "第一党小组");
    CHECK_INT(store_group_add(st, &g), STORE_OK);
    struct group got;
    CHECK_INT(store_group_get(st, g.id, &got), STORE_OK);
    CHECK_STR(got.name, "第一党小组");
    CHECK_INT(store_group_get(st, g.id + 100, &got), STORE_ERR_NOT_FOUND);
    CHECK_STR(store_errmsg(st), "党小组不存在");
    struct branch br;
    CHECK_INT(store_branch_by_code(st, "NOPE", &br), STORE_ERR_NOT_FOUND);
    CHECK_STR(store_errmsg(st), "组织代码 NOPE 不存在");
    store_close(st);
}

/* ---- a write that fails ---------------------------------------------------------------- */

static int say_fk(struct store *st, int sqlrc, const void *ctx)
{
    if (sqlrc == SQLITE_CONSTRAINT_NOTNULL)
        return st_fail(st, STORE_ERR_CONSTRAINT, "%s：名称为空", (const char *)ctx);
    return st_sqlfail(st, sqlrc, ctx);
}

TEST(store_rows_write_failure_said)
{
    char *p = test_db_path("w.db");
    struct store *st = test_open_db(p, "书记甲");
    if (!st) {
        free(p);
        return;
    }
    int64_t b = mk_branch(st, "W1");
    long long groups = test_sql_int(p, "SELECT count(*) FROM party_group");
    /* NOT NULL: st_sqlfail's sentence, through st_step_write */
    sqlite3_stmt *s = prepare(st, "INSERT INTO party_group(uuid, branch_id, name, created_at,"
                                  " created_by, updated_at) VALUES ('u1', ?1, NULL, 'x', 'y', 'x')");
    sqlite3_bind_int64(s, 1, b);
    CHECK_INT(st_step_write(st, s, "保存测试"), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "保存测试失败：必填项为空");
    /* the same, said by the caller's function */
    CHECK_INT(st_step_write_as(st, s, say_fk, "保存测试"), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "保存测试：名称为空");
    sqlite3_finalize(s);
    /* a foreign key: st_sqlfail's sentence when the caller's function does not know it */
    s = prepare(st, "INSERT INTO party_group(uuid, branch_id, name, created_at, created_by,"
                    " updated_at) VALUES ('u2', 9999, '某组', 'x', 'y', 'x')");
    CHECK_INT(st_step_write_as(st, s, say_fk, "保存测试"), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "保存测试失败：关联的记录不存在");
    sqlite3_finalize(s);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM party_group"), groups);
    /* the store's writes: a duplicate group name keeps group.c's sentence */
    struct group g = {.branch_id = b};
    snprintf(g.name, sizeof g.name, "第一党小组");
    CHECK_INT(store_group_add(st, &g), STORE_OK);
    struct group again = {.branch_id = b};
    snprintf(again.name, sizeof again.name, "第一党小组");
    CHECK_INT(store_group_add(st, &again), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "党小组名称 第一党小组 已存在");
    /* and a duplicate branch code branch.c's */
    struct branch dup = {0};
    snprintf(dup.code, sizeof dup.code, "W1");
    snprintf(dup.name, sizeof dup.name, "又一个");
    snprintf(dup.type, sizeof dup.type, "rural");
    CHECK_INT(store_branch_add(st, &dup), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "组织代码 W1 已存在");
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM branch"), 1);
    journal_verifies(st, __LINE__);
    store_close(st);
    free(p);
}

/* ---- the reason ------------------------------------------------------------------------ */

TEST(store_rows_reason_checked)
{
    char *p = test_db_path("c.db");
    struct store *st = test_open_db(p, "书记甲");
    free(p);
    if (!st) return;
    char buf[16];
    /* trimmed */
    CHECK_INT(st_check_reason(st, buf, sizeof buf, "  录错了 \n", "须填写原因", "原因"), STORE_OK);
    CHECK_STR(buf, "录错了");
    /* empty, white space only, NULL: refused with the caller's sentence */
    CHECK_INT(st_check_reason(st, buf, sizeof buf, "", "须填写原因", "原因"), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "须填写原因");
    CHECK_STR(buf, "");
    st_fail(st, STORE_OK, "%s", "");
    CHECK_INT(st_check_reason(st, buf, sizeof buf, " \t　\n", "须填写原因", "原因"),
              STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "须填写原因");
    CHECK_INT(st_check_reason(st, buf, sizeof buf, NULL, "须填写原因", "原因"), STORE_ERR_CONSTRAINT);
    /* not required: empty is fine */
    CHECK_INT(st_check_reason(st, buf, sizeof buf, "  ", NULL, "原因"), STORE_OK);
    CHECK_STR(buf, "");
    /* too long (15 bytes fit): "<label>过长", dst left empty */
    CHECK_INT(st_check_reason(st, buf, sizeof buf, "一二三四五六", "须填写原因", "原因"),
              STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "原因过长");
    CHECK_STR(buf, "");
    CHECK_INT(st_check_reason(st, buf, sizeof buf, "  一二三四五  ", "须填写原因", "原因"), STORE_OK);
    CHECK_STR(buf, "一二三四五");
    /* no label: cut to fit, never inside a character */
    CHECK_INT(st_check_reason(st, buf, sizeof buf, "一二三四五六", "须填写原因", NULL), STORE_OK);
    CHECK_STR(buf, "一二三四五");
    store_close(st);
}

/* ---- voiding --------------------------------------------------------------------------- */

TEST(store_rows_void_locked_refused_nothing_written)
{
    setenv("ZHIBU_TODAY", "2026-11-21", 1);
    char *p = test_db_path("v.db");
    struct store *st = test_open_db(p, "书记甲");
    if (!st) {
        free(p);
        return;
    }
    int64_t b = mk_branch(st, "V1");
    int64_t oct = mk_meeting(st, b, "2026-10-12");
    int64_t sep = mk_meeting(st, b, "2026-09-03");
    review_month(st, b, "2026-10");
    long long hist = test_sql_int(p, "SELECT count(*) FROM history");
    long long amends = test_sql_int(p, "SELECT count(*) FROM amend_request");
    /* October is reviewed: the void is refused, nothing written */
    CHECK_INT(store_meeting_void(st, oct, "重复录入"), STORE_ERR_LOCKED);
    CHECK_STR(store_errmsg(st), "2026年10月已评审，修改需先申请修改（说明原因）");
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history"), hist);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM meeting WHERE voided_at IS NOT NULL"), 0);
    /* an empty reason is refused before the lock is even looked at */
    CHECK_INT(store_meeting_void(st, sep, "   "), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "作废须填写原因");
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history"), hist);
    /* a reason longer than another office takes on import (511 bytes): refused, not saved to
     * make the branch's bundle refused later */
    {
        char longr[600];
        memset(longr, 'x', sizeof longr - 1);
        longr[sizeof longr - 1] = '\0';
        CHECK_INT(store_meeting_void(st, sep, longr), STORE_ERR_CONSTRAINT);
        CHECK_STR(store_errmsg(st), "作废原因过长");
        CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history"), hist);
    }
    /* September is not reviewed: voided, history "void" with the reason */
    CHECK_INT(store_meeting_void(st, sep, "  重复录入 "), STORE_OK);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history"), hist + 1);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history WHERE action = 'void'"
                              " AND table_name = 'meeting'"
                              " AND json_extract(new_json, '$.void_reason') = '重复录入'"),
              1);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM meeting WHERE voided_at IS NOT NULL"
                              " AND void_reason = '重复录入' AND voided_by = '书记甲'"),
              1);
    /* void already */
    CHECK_INT(store_meeting_void(st, sep, "再来"), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "该记录已作废");
    /* October with 申请修改: voided, the amend recorded */
    CHECK_INT(store_amend_begin(st, "重复录入的会议"), STORE_OK);
    CHECK_INT(store_meeting_void(st, oct, "重复录入"), STORE_OK);
    store_amend_end(st);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM amend_request"), amends + 1);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history"), hist + 3); /* September, October, the amend */
    CHECK_INT(store_meeting_void(st, oct + 100, "无"), STORE_ERR_NOT_FOUND);
    journal_verifies(st, __LINE__);
    store_close(st);
    free(p);
}

TEST(store_rows_void_group_and_post)
{
    setenv("ZHIBU_TODAY", "2026-11-21", 1);
    char *p = test_db_path("g.db");
    struct store *st = test_open_db(p, "书记甲");
    if (!st) {
        free(p);
        return;
    }
    int64_t b = mk_branch(st, "V2");
    struct group g = {.branch_id = b};
    snprintf(g.name, sizeof g.name, "第二党小组");
    CHECK_INT(store_group_add(st, &g), STORE_OK);
    long long hist = test_sql_int(p, "SELECT count(*) FROM history");
    /* a group's void asks for a reason as every void does */
    CHECK_INT(store_group_void(st, g.id, " "), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "作废须填写原因");
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history"), hist);
    CHECK_INT(store_group_void(st, g.id, "合并到第一党小组"), STORE_OK);
    struct group got;
    CHECK_INT(store_group_get(st, g.id, &got), STORE_OK);
    CHECK(got.voided);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history WHERE action = 'void'"
                              " AND table_name = 'party_group'"),
              1);
    /* a post: its own wording, its own length */
    struct post post = {.branch_id = b, .wanted = 1};
    snprintf(post.name, sizeof post.name, "河道保洁");
    CHECK_INT(store_post_add(st, &post), STORE_OK);
    char *longer = malloc(TEXT_LONG + 8);
    memset(longer, 'x', TEXT_LONG + 7);
    longer[TEXT_LONG + 7] = '\0';
    hist = test_sql_int(p, "SELECT count(*) FROM history");
    CHECK_INT(store_post_void(st, post.id, longer), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "撤销原因过长");
    free(longer);
    CHECK_INT(store_post_void(st, post.id, "\t"), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "撤销岗位须填写原因");
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history"), hist);
    CHECK_INT(store_post_void(st, post.id, "河道已硬化"), STORE_OK);
    CHECK_INT(store_post_void(st, post.id, "再次撤销"), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "该岗位已撤销");
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history"), hist + 1);
    journal_verifies(st, __LINE__);
    store_close(st);
    free(p);
}
