/* Unit tests of st_child_uuid (src/store/exchange_schema.c): the uuid under which a row of
 * meeting_attendance or dues_allocation (schema 13: stored without one) travels in a bundle. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "test.h"
#include "../../src/store/exchange_priv.h"

/* uuid of table, parent and key (NULL: a NULL value) through SQLite values */
static void child(const char *table, const char *parent, const char *key, char out[UUID_STR_LEN])
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    CHECK_INT(sqlite3_open(":memory:", &db), SQLITE_OK);
    CHECK_INT(sqlite3_prepare_v2(db, "SELECT ?1, ?2", -1, &s, NULL), SQLITE_OK);
    if (parent) sqlite3_bind_text(s, 1, parent, -1, SQLITE_STATIC);
    if (key) sqlite3_bind_text(s, 2, key, -1, SQLITE_STATIC);
    CHECK_INT(sqlite3_step(s), SQLITE_ROW);
    st_child_uuid(table, sqlite3_column_value(s, 0), sqlite3_column_value(s, 1), out);
    sqlite3_finalize(s);
    sqlite3_close(db);
}

TEST(child_uuid_derived_the_same_everywhere)
{
    const char *pay = "0b7e4bd2-5cde-4a0e-9b1a-1f2e3d4c5b6a";
    char a[UUID_STR_LEN], b[UUID_STR_LEN];
    /* the value tests/lib.sh child_uuid (Python's BLAKE2b) gives: the same in every office */
    child("dues_allocation", pay, "2026-01", a);
    CHECK_STR(a, "3d487873-5546-8154-a1f8-67af3f12ae46");
    child("dues_allocation", pay, "2026-01", b);
    CHECK_STR(a, b);
    /* a uuid's shape: version 8, variant 10 */
    CHECK_INT((int)strlen(a), UUID_STR_LEN - 1);
    CHECK(a[8] == '-' && a[13] == '-' && a[18] == '-' && a[23] == '-');
    CHECK(a[14] == '8');
    CHECK(strchr("89ab", a[19]) != NULL);
    /* another month, table or parent: another uuid; the parts do not run into each other */
    child("dues_allocation", pay, "2026-02", b);
    CHECK(strcmp(a, b) != 0);
    child("meeting_attendance", pay, "2026-01", b);
    CHECK(strcmp(a, b) != 0);
    child("dues_allocation", "0b7e4bd2-5cde-4a0e-9b1a-1f2e3d4c5b6a2", "026-01", b);
    CHECK(strcmp(a, b) != 0);
    /* no key (a member removed behind zhibu's back): a random uuid, matching nothing */
    child("meeting_attendance", pay, NULL, a);
    child("meeting_attendance", pay, NULL, b);
    CHECK_INT((int)strlen(a), UUID_STR_LEN - 1);
    CHECK(strcmp(a, b) != 0);
}
