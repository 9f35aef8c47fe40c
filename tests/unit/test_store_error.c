/* Unit tests of store_error (include/zhibu/store.h): the last failure's code and message, and
 * what failed as the store knows it — the work (st_sqlfail's what), the table and column a NOT
 * NULL, UNIQUE or CHECK failure names (a CHECK by its constraint's name, with the field as the
 * user knows it); a plain st_fail knows none of these; st_err_keep / st_err_restore put the
 * whole failure back. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/store/store_priv.h"
#include "test.h"
#include "zhibu/store.h"

/* Run sql on the handle's connection and report its failure through st_sqlfail. */
static int fail_with(struct store *st, const char *sql)
{
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
    CHECK(rc != SQLITE_OK);
    return st_sqlfail(st, sqlite3_extended_errcode(st->db), "保存");
}

TEST(store_error_names_what_failed)
{
    char *path = test_db_path("error.db");
    struct store *st = test_open_db(path, "system");
    free(path);
    const struct store_error *e = store_error(st);
    CHECK(sqlite3_exec(st->db,
                       "CREATE TEMP TABLE t(x INTEGER CONSTRAINT member_status CHECK (x = 1),"
                       " y TEXT NOT NULL DEFAULT '', z TEXT UNIQUE)",
                       NULL, NULL, NULL) == SQLITE_OK);

    CHECK_INT(fail_with(st, "INSERT INTO t(x) VALUES (2)"), STORE_ERR_CONSTRAINT);
    e = store_error(st);
    CHECK_INT(e->code, STORE_ERR_CONSTRAINT);
    CHECK_STR(e->message, store_errmsg(st));
    CHECK_STR(e->message, "保存失败：党员类别的取值无效");
    CHECK_STR(e->what, "保存");
    CHECK_STR(e->table, "member");
    CHECK_STR(e->field, "status");
    CHECK_STR(e->label, "党员类别");
    CHECK_INT(e->sqlite_code, SQLITE_CONSTRAINT_CHECK);

    CHECK_INT(fail_with(st, "INSERT INTO t(x, y) VALUES (1, NULL)"), STORE_ERR_CONSTRAINT);
    CHECK_STR(e->message, "保存失败：必填项为空");
    CHECK_STR(e->table, "t");
    CHECK_STR(e->field, "y");
    CHECK_STR(e->label, "");
    CHECK_INT(e->sqlite_code, SQLITE_CONSTRAINT_NOTNULL);

    CHECK(sqlite3_exec(st->db, "INSERT INTO t(x, z) VALUES (1, 'a')", NULL, NULL, NULL) ==
          SQLITE_OK);
    CHECK_INT(fail_with(st, "INSERT INTO t(x, z) VALUES (1, 'a')"), STORE_ERR_CONSTRAINT);
    CHECK_STR(e->message, "保存失败：记录重复");
    CHECK_STR(e->table, "t");
    CHECK_STR(e->field, "z");

    /* kept aside across another failure, then put back whole */
    struct st_err_saved keep;
    st_err_keep(st, &keep);
    CHECK_INT(st_fail(st, STORE_ERR_NOT_FOUND, "没有这个%s", "支部"), STORE_ERR_NOT_FOUND);
    CHECK_INT(e->code, STORE_ERR_NOT_FOUND);
    CHECK_STR(e->message, "没有这个支部");
    CHECK_STR(e->what, "");
    CHECK_STR(e->table, "");
    CHECK_STR(e->field, "");
    CHECK_INT(e->sqlite_code, 0);
    st_err_restore(st, &keep);
    CHECK_INT(e->code, STORE_ERR_CONSTRAINT);
    CHECK_STR(e->message, "保存失败：记录重复");
    CHECK_STR(store_errmsg(st), "保存失败：记录重复");
    CHECK_STR(e->table, "t");
    CHECK_STR(e->field, "z");
    store_close(st);
}

/* No handle (an open that failed): no failure recorded, every text "". */
TEST(store_error_without_handle)
{
    const struct store_error *e = store_error(NULL);
    CHECK_INT(e->code, STORE_OK);
    CHECK_STR(e->message, "");
    CHECK_STR(e->label, "");
}

/* A message longer than the store keeps (1024 bytes: a failure naming two long paths) ends in …
 * at a character's boundary, not in the middle of a character's bytes. */
TEST(store_error_long_message_cut_visibly)
{
    char *path = test_db_path("error-long.db");
    struct store *st = test_open_db(path, "system");
    free(path);
    char dir[1500];
    memset(dir, 'a', sizeof dir - 1);
    dir[sizeof dir - 1] = '\0';
    for (int shift = 0; shift < 3; shift++) { /* the cut falls on each byte of a character */
        CHECK_INT(st_fail(st, STORE_ERR, "数据库%.*s不能打开：%s", shift, "xx", dir), STORE_ERR);
        const char *m = store_errmsg(st);
        size_t n = strlen(m);
        CHECK(n < 1024);
        CHECK(n >= 1024 - 8);
        CHECK(n >= 3 && strcmp(m + n - 3, "…") == 0);
        CHECK(strncmp(m, "数据库", strlen("数据库")) == 0);
    }
    /* Chinese to the end: the cut steps back to the start of a character */
    char zh[3 * 400 + 1] = "";
    for (int i = 0; i < 400; i++) strcat(zh, "党");
    for (int shift = 0; shift < 3; shift++) {
        st_fail(st, STORE_ERR, "%.*s%s", shift, "xx", zh);
        const char *m = store_errmsg(st);
        size_t n = strlen(m);
        CHECK(n >= 3 && strcmp(m + n - 3, "…") == 0);
        CHECK_INT((int)((n - 3 - (size_t)shift) % 3), 0); /* whole characters before the … */
    }
    /* a message that fits is left as it is */
    st_fail(st, STORE_ERR, "数据库 %s 不能打开", "x.db");
    CHECK_STR(store_errmsg(st), "数据库 x.db 不能打开");
    store_close(st);
}
