/* Unit test: a branch's verification reads one moment of the file. Its steps on the caller's
 * connection (entries of other offices, heads, dues sums, rows the journal holds that their
 * table does not) run in one read transaction: a row deleted behind zhibu's back by another
 * connection while the verification runs is not half seen (the journal's look-up before the
 * delete, the row's after it); the next verification names it. */
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/store/store_priv.h"
#include "fixtures.h"
#include "test.h"
#include "zhibu/model.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"

struct behind {
    const char *path;
    char sql[200];
    int fired;
};

/* At the start of the first look-up of one row by its uuid (st_missing_branch's), another
 * connection deletes the row and commits. */
static int on_stmt(unsigned type, void *ctx, void *p, void *x)
{
    (void)p;
    struct behind *b = ctx;
    const char *sql = x;
    if (type != SQLITE_TRACE_STMT || b->fired || !sql || !strstr(sql, "zt_.uuid = ?1")) return 0;
    b->fired = 1;
    sqlite3 *other = NULL;
    if (sqlite3_open_v2(b->path, &other, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
        sqlite3_exec(other, b->sql, NULL, NULL, NULL) == SQLITE_OK && sqlite3_changes(other) == 1)
        b->fired = 2;
    sqlite3_close(other);
    return 0;
}

TEST(journal_verify_branch_reads_one_moment)
{
    char *path = test_db_path("snapshot.db");
    struct store *st = test_open_db(path, NULL);
    if (!st) return;
    int64_t a = fx_branch(st, "SA", "SA党支部", 0);
    struct member m;
    fx_member(st, &(struct fx_member){.branch = a, .name = "张红"}, &m);
    fx_member(st, &(struct fx_member){.branch = a, .name = "王芳"}, NULL);
    struct behind b = {.path = path};
    snprintf(b.sql, sizeof b.sql, "DELETE FROM member WHERE uuid = '%s'", m.uuid);
    sqlite3_trace_v2(st->db, SQLITE_TRACE_STMT, on_stmt, &b);
    struct verify_result *r = calloc(1, sizeof *r);
    CHECK_INT(store_journal_verify(st, a, r), STORE_OK);
    sqlite3_trace_v2(st->db, 0, NULL, NULL);
    CHECK_INT(b.fired, 2); /* the row was deleted while the verification ran */
    CHECK_INT(r->nproblems, 0); /* as the file was when it began: the row there */
    /* the next verification sees the delete and names the row */
    CHECK_INT(store_journal_verify(st, a, r), STORE_OK);
    CHECK_INT(r->nproblems, 1);
    CHECK_INT(r->problems[0].kind, VERIFY_ROW_MISSING);
    CHECK(strstr(r->problems[0].message, "已被删除") != NULL);
    CHECK(strstr(r->problems[0].message, "党员") != NULL);
    free(r);
    store_close(st);
    free(path);
}
