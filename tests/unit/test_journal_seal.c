/* Unit tests of the seal's read (journal.c seal_read, seal_text): the uuid, row uuid, action and
 * time of each entry are read as stored and made text in C; the hash the seal writes must be the
 * one computed from the text the SQL of the view gives (ENTRY_COLS: JZ_UUID_TEXT, JZ_ACTION_TEXT,
 * JZ_TIME_TEXT), for the compact forms and for every other stored form too (text, an integer, a
 * blob that is not a uuid, an action code without a name, a time out of range). */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/store/journal_codec.h"
#include "../../src/store/journal_priv.h"
#include "../../src/store/store_priv.h"
#include "fixtures.h"
#include "test.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"

/* Every sealed entry from id `from` on: the hash stored is st_entry_hash over ENTRY_COLS (the
 * view's text of each field), from the stored previous hash. Returns the entries checked. */
static int hashes_as_the_view(const char *path, long long from)
{
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT(st_jz_sql_functions(db), SQLITE_OK);
    CHECK_INT(st_jz_form_functions(db), SQLITE_OK);
    sqlite3_stmt *s = NULL;
    CHECK_INT(sqlite3_prepare_v2(db, ENTRY_COLS " WHERE h.id >= ?1 AND h.hash IS NOT NULL ORDER BY h.id",
                                 -1, &s, NULL),
              SQLITE_OK);
    int n = 0;
    if (s) {
        sqlite3_bind_int64(s, 1, from);
        while (sqlite3_step(s) == SQLITE_ROW) {
            char want[HASH_HEX], prev[HASH_HEX] = "";
            if (sqlite3_column_type(s, 10) != SQLITE_NULL)
                snprintf(prev, sizeof prev, "%s", (const char *)sqlite3_column_text(s, 10));
            st_entry_hash(s, sqlite3_column_int64(s, 9), prev, want);
            CHECK_STR((const char *)sqlite3_column_text(s, 11), want);
            n++;
        }
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return n;
}

TEST(journal_seal_hashes_every_stored_form_as_the_view_reads_it)
{
    char *path = test_db_path("sealforms.db");
    struct store *st = test_open_db(path, "书记甲");
    if (!st) return;
    int64_t b = fx_branch(st, "JF", "JF党支部", 0);
    long long from = test_sql_int(path, "SELECT ifnull(max(id), 0) + 1 FROM history_data");
    CHECK_INT(store_begin(st), STORE_OK);
    struct member m[4];
    static const char *const names[] = {"赵一", "钱二", "孙三", "李四"};
    for (int i = 0; i < 4; i++)
        fx_member(st, &(struct fx_member){.branch = b, .name = names[i], .gender = "F",
                                          .join = "2001-07-01", .full = "2002-07-01"}, &m[i]);
    /* behind the store's back, in its transaction (sealed at the commit): the first three
     * entries written in forms other than the compact ones; the last entry's time the last
     * second of 9999; the rest as written */
    static const char *const odd[] = {
        /* a blob that is not a uuid, an action code without a name, a time past 9999 */
        "UPDATE history_data SET uuid = X'00112233445566778899aabbccddee', row_uuid ="
        " X'0011223344556677889900aabbccddeeff', action = 99, changed_at = 253402300800"
        " WHERE id = ?1",
        /* text where codes are kept: not canonical, so kept as text by the writers too */
        "UPDATE history_data SET uuid = 'NOT-A-UUID', row_uuid = 12345, action = 'UPDATE',"
        " changed_at = '2026-11-21 16:48:32Z' WHERE id = ?1",
        /* the edges: action 0 or 25, a time before 1970, an empty blob */
        "UPDATE history_data SET action = CASE WHEN id % 2 THEN 0 ELSE 25 END, changed_at = -1,"
        " uuid = X'' WHERE id = ?1",
    };
    for (int i = 0; i < 3; i++) {
        sqlite3_stmt *s = NULL;
        CHECK_INT(sqlite3_prepare_v2(st->db, odd[i], -1, &s, NULL), SQLITE_OK);
        if (!s) continue;
        sqlite3_bind_int64(s, 1, from + i);
        CHECK_INT(sqlite3_step(s), SQLITE_DONE);
        sqlite3_finalize(s);
    }
    CHECK_INT(sqlite3_exec(st->db,
                           "UPDATE history_data SET changed_at = 253402300799"
                           " WHERE id = (SELECT max(id) FROM history_data)",
                           NULL, NULL, NULL),
              SQLITE_OK);
    CHECK_INT(store_commit(st), STORE_OK);
    store_close(st);
    CHECK_INT(test_sql_int(path, "SELECT count(*) FROM history_data WHERE hash IS NULL"), 0);
    /* the odd forms are what the seal read */
    char sql[300];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM history_data WHERE id >= %lld AND (action IN (0, 25, 99)"
             " OR typeof(row_uuid) = 'integer' OR changed_at IN (-1, 253402300800, 253402300799))",
             from);
    CHECK(test_sql_int(path, sql) >= 4);
    CHECK(hashes_as_the_view(path, from) >= 4);
    free(path);
}
