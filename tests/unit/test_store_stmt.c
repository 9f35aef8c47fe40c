/* Unit tests of the statement cache in src/store/store_util.c (st_stmt): a statement per SQL
 * text address, prepared once, handed back reset and with its bindings cleared; the table grows
 * past its first size keeping every statement; st_stmt_clear finalizes them all; a statement
 * that does not prepare is not cached. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/store/store_priv.h"
#include "test.h"
#include "zhibu/store.h"

/* Two texts alike at two addresses: two statements. */
static const char Q1[] = "SELECT ?1";
static const char Q2[] = "SELECT ?1";

TEST(store_stmt_cache_keyed_by_text_address)
{
    char *path = test_db_path("stmt.db");
    struct store *st = test_open_db(path, "system");
    free(path);
    size_t before = st->cache_n;
    sqlite3_stmt *a = st_stmt(st, Q1);
    CHECK(a != NULL);
    CHECK_INT((int)(st->cache_n - before), 1);
    CHECK(st_stmt(st, Q1) == a);
    sqlite3_stmt *b = st_stmt(st, Q2);
    CHECK(b != NULL && b != a);
    CHECK_INT((int)(st->cache_n - before), 2);

    /* handed back reset, bindings cleared */
    a = st_stmt(st, Q1);
    sqlite3_bind_int(a, 1, 7);
    CHECK_INT(sqlite3_step(a), SQLITE_ROW);
    CHECK_INT(sqlite3_column_int(a, 0), 7);
    a = st_stmt(st, Q1);
    CHECK_INT(sqlite3_step(a), SQLITE_ROW);
    CHECK_INT(sqlite3_column_type(a, 0), SQLITE_NULL);
    st_done(a);
    store_close(st);
}

/* Texts in a static buffer written once (they live as long as the process). */
#define MANY 1500
static char many[MANY][24];

TEST(store_stmt_cache_grows_and_clears)
{
    char *path = test_db_path("stmt_many.db");
    struct store *st = test_open_db(path, "system");
    free(path);
    static sqlite3_stmt *first[MANY];
    for (int i = 0; i < MANY; i++) {
        snprintf(many[i], sizeof many[i], "SELECT %d", i);
        first[i] = st_stmt(st, many[i]);
        CHECK(first[i] != NULL);
    }
    CHECK(st->cache_n >= MANY);
    CHECK(st->cache_n * 4 <= st->cache_cap * 3);
    for (int i = 0; i < MANY; i++) {
        sqlite3_stmt *s = st_stmt(st, many[i]);
        CHECK(s == first[i]);
        CHECK_INT(sqlite3_step(s), SQLITE_ROW);
        CHECK_INT(sqlite3_column_int(s, 0), i);
        st_done(s);
    }
    st_stmt_clear(st);
    CHECK_INT((int)st->cache_n, 0);
    sqlite3_stmt *s = st_stmt(st, many[3]);
    CHECK(s != NULL);
    CHECK_INT(sqlite3_step(s), SQLITE_ROW);
    CHECK_INT(sqlite3_column_int(s, 0), 3);
    st_done(s);
    CHECK_INT((int)st->cache_n, 1);
    store_close(st);
}

TEST(store_stmt_prepare_failure_not_cached)
{
    char *path = test_db_path("stmt_bad.db");
    struct store *st = test_open_db(path, "system");
    free(path);
    size_t before = st->cache_n;
    CHECK(st_stmt(st, "SELEC nothing") == NULL);
    CHECK(strstr(store_errmsg(st), "数据库语句出错") != NULL);
    CHECK_INT((int)(st->cache_n - before), 0);
    CHECK(st_stmt(st, "SELEC nothing") == NULL);
    store_close(st);
}
