/* Unit tests of st_history_insert_whole (history.c): an inserted row's entry written by one
 * INSERT while the journal is kept as text (the demo's bulk) is the entry st_history_begin and
 * st_history_finish write; outside the bulk it is those two. A payment's entry, now written after
 * its allocations, lists every one of them, in the bulk and outside it. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/store/journal_codec.h"
#include "../../src/store/store_json.h"
#include "../../src/store/store_priv.h"
#include "fixtures.h"
#include "test.h"
#include "zhibu/dues.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_dues.h"

/* A ledger PATH (test_db_path(file)) with one branch CODE and one member NAME (farmer, joined
 * 2010, full when `full`): the store, or NULL (the test failed); the member in *m. */
static struct store *one_member(const char *file, const char *code, const char *name,
                                const char *full, char **path, struct member *m)
{
    *path = test_db_path(file);
    struct store *st = test_open_db(*path, "书记甲");
    if (!st) return NULL;
    char bname[32];
    snprintf(bname, sizeof bname, "%s党支部", code);
    int64_t b = fx_branch(st, code, bname, 0);
    fx_member(st, &(struct fx_member){.branch = b, .name = name, .join = "2010-01-01", .full = full,
                                      .category = "farmer"}, m);
    return st;
}

/* Row id of `table` written both ways, the journal as text (the bulk) and packed: entry h1 by
 * st_history_begin + st_history_finish, h2 by st_history_insert_whole, compared by same(),
 * then rolled back. */
static void both_ways(struct store *st, const char *table, const char *uuid, const char *json_sql,
                      int64_t id, void (*same)(struct store *, int64_t, int64_t))
{
    for (int plain = 1; plain >= 0; plain--) {
        st_jz_plain(plain);
        CHECK_INT(store_begin(st), STORE_OK);
        int64_t h1 = st_history_begin(st, table, uuid, "insert", NULL, id);
        CHECK(h1 > 0);
        CHECK_INT(st_history_finish(st, h1, json_sql, id), STORE_OK);
        int64_t h2 = st_history_insert_whole(st, table, uuid, json_sql, id);
        CHECK(h2 == h1 + 1);
        same(st, h1, h2);
        st_jz_plain(false);
        CHECK_INT(store_rollback(st), STORE_OK);
    }
}

/* sql (of entries ?1 and ?2 of history_data) prepared, bound to h1 and h2 and stepped to its
 * row; NULL (a failed check) when it has none */
static sqlite3_stmt *pair_row(struct store *st, const char *sql, int64_t h1, int64_t h2)
{
    sqlite3_stmt *s = NULL;
    CHECK_INT(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL), SQLITE_OK);
    if (!s) return NULL;
    sqlite3_bind_int64(s, 1, h1);
    sqlite3_bind_int64(s, 2, h2);
    CHECK_INT(sqlite3_step(s), SQLITE_ROW);
    if (sqlite3_data_count(s) > 0) return s;
    sqlite3_finalize(s);
    return NULL;
}

/* entries h1 and h2 the same but for their id, uuid and time (their forms the same too) */
static void same_entry(struct store *st, int64_t h1, int64_t h2)
{
    sqlite3_stmt *s = pair_row(st,
                               "SELECT a.table_name IS b.table_name AND a.row_uuid IS b.row_uuid"
                               " AND a.action IS b.action AND a.changed_by IS b.changed_by"
                               " AND a.old_json IS b.old_json AND a.new_json IS b.new_json"
                               " AND typeof(a.uuid) = typeof(b.uuid)"
                               " AND typeof(a.changed_at) = typeof(b.changed_at)"
                               " AND typeof(a.new_json) = typeof(b.new_json)"
                               " AND b.old_json IS NULL AND b.new_json IS NOT NULL"
                               " AND b.hash IS NULL AND b.branch_id IS NULL,"
                               " json_extract(zj(b.table_name, b.new_json), '$.name'),"
                               " zj_table_text(b.table_name), typeof(b.action)"
                               " FROM history_data a, history_data b WHERE a.id = ?1 AND b.id = ?2",
                               h1, h2);
    if (!s) return;
    CHECK_INT(sqlite3_column_int(s, 0), 1);
    CHECK_STR((const char *)sqlite3_column_text(s, 1), "周五");
    CHECK_STR((const char *)sqlite3_column_text(s, 2), "member");
    CHECK_STR((const char *)sqlite3_column_text(s, 3), "integer"); /* 'insert' as its code */
    sqlite3_finalize(s);
}

TEST(history_insert_whole_is_begin_and_finish)
{
    char *path;
    struct member m;
    struct store *st = one_member("whole.db", "HW", "周五", "2011-01-01", &path, &m);
    if (!st) return;
    both_ways(st, "member", m.uuid, MEMBER_JSON, m.id, same_entry);
    store_close(st);
    free(path);
}

/* a payment of 100 分 for each of n months of 2025 from month `first` */
static int64_t pay(struct store *st, int64_t member, int first, int n)
{
    struct dues_paid alloc[12];
    for (int i = 0; i < n; i++) alloc[i] = (struct dues_paid){dues_ym(2025, first + i), 100};
    struct dues_payment p = {.member_id = member, .from_ym = dues_ym(2025, first),
                             .to_ym = dues_ym(2025, first + n - 1), .amount = 100L * n};
    snprintf(p.paid_date, sizeof p.paid_date, "2025-03-05");
    if (store_dues_payment_add(st, &p, alloc, n) != STORE_OK) {
        fprintf(stderr, "    %s\n", store_errmsg(st));
        return 0;
    }
    return p.id;
}

/* entries h1 and h2 of a payment: the same new_json, which lists n allocations */
static void same_payment_json(struct store *st, int64_t h1, int64_t h2, int n)
{
    sqlite3_stmt *s = pair_row(st,
                               "SELECT a.new_json IS b.new_json, json_array_length(zj('dues_payment',"
                               " b.new_json), '$.allocations'), b.action IS a.action"
                               " FROM history_data a, history_data b WHERE a.id = ?1 AND b.id = ?2",
                               h1, h2);
    if (!s) return;
    CHECK_INT(sqlite3_column_int(s, 0), 1);
    CHECK_INT(sqlite3_column_int(s, 1), n);
    CHECK_INT(sqlite3_column_int(s, 2), 1);
    sqlite3_finalize(s);
}

static void same_payment_json4(struct store *st, int64_t h1, int64_t h2)
{
    same_payment_json(st, h1, h2, 4);
}

/* the payment's JSON, whose allocations are a json_group_array read through json() (written by
 * the bulk's one INSERT as zj_json_made(): the same text) */
TEST(history_insert_whole_payment_json_as_begin_and_finish)
{
    char *path;
    struct member m;
    struct store *st = one_member("wholejson.db", "HJ", "郑七", NULL, &path, &m);
    if (!st) return;
    int64_t id = pay(st, m.id, 2, 4);
    CHECK(id > 0);
    both_ways(st, "dues_payment", "x", PAYMENT_JSON, id, same_payment_json4);
    store_close(st);
    free(path);
}

/* A database in memory with the journal's form functions (zj_json_made among them). */
static sqlite3 *form_db(void)
{
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(":memory:", &db), SQLITE_OK);
    CHECK_INT(st_jz_form_functions(db), SQLITE_OK);
    return db;
}

/* zj_json_made(v) inside json_object is json(v) for what json_group_array makes of any text:
 * quotes, backslashes, control characters, Chinese, text that looks like JSON; no rows */
TEST(history_json_made_is_json_of_a_group_array)
{
    sqlite3 *db = form_db();
    CHECK_INT(sqlite3_exec(db,
                           "CREATE TABLE t(k INTEGER, v, w REAL);"
                           "INSERT INTO t VALUES (1, 'a\"b\\c', 1.5), (1, char(1, 9, 10, 31), -0.25),"
                           " (1, '张三 “引号”', 1e300), (1, '{\"x\":[1,2]}', NULL), (1, NULL, 3),"
                           " (2, '', 0)",
                           NULL, NULL, NULL),
              SQLITE_OK);
    sqlite3_stmt *s = NULL;
    CHECK_INT(sqlite3_prepare_v2(db,
                                 "SELECT json_object('l', json((SELECT json_group_array(json_object("
                                 "'v', v, 'w', w)) FROM (SELECT * FROM t WHERE k = ?1 ORDER BY rowid)))),"
                                 " json_object('l', zj_json_made((SELECT json_group_array(json_object("
                                 "'v', v, 'w', w)) FROM (SELECT * FROM t WHERE k = ?1 ORDER BY rowid))))",
                                 -1, &s, NULL),
              SQLITE_OK);
    for (int k = 1; s && k <= 3; k++) {
        sqlite3_reset(s);
        sqlite3_bind_int(s, 1, k);
        CHECK_INT(sqlite3_step(s), SQLITE_ROW);
        CHECK_STR((const char *)sqlite3_column_text(s, 1), (const char *)sqlite3_column_text(s, 0));
    }
    sqlite3_finalize(s);
    /* marked as JSON by zj_json_made itself, whatever subtype its argument brings: a literal */
    CHECK_INT(sqlite3_prepare_v2(db,
                                 "SELECT json_object('l', zj_json_made('[1,{\"a\":\"b\"}]'), 'n',"
                                 " zj_json_made(NULL), 'i', zj_json_made(7))",
                                 -1, &s, NULL),
              SQLITE_OK);
    if (s) {
        CHECK_INT(sqlite3_step(s), SQLITE_ROW);
        CHECK_STR((const char *)sqlite3_column_text(s, 0), "{\"l\":[1,{\"a\":\"b\"}],\"n\":null,\"i\":7}");
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
}

TEST(history_payment_entry_lists_its_allocations)
{
    char *path;
    struct member m;
    struct store *st = one_member("wholepay.db", "HP", "吴六", NULL, &path, &m);
    if (!st) return;
    int64_t a = m.id;
    CHECK(pay(st, a, 1, 3) > 0);
    /* as the demo writes it: in a transaction, the journal kept as text until the commit */
    CHECK_INT(store_begin(st), STORE_OK);
    st_jz_plain(true);
    CHECK(pay(st, a, 4, 5) > 0);
    st_jz_plain(false);
    CHECK_INT(store_commit(st), STORE_OK);
    store_close(st);
    CHECK_INT(test_sql_int(path, "SELECT count(*) FROM history WHERE table_name = 'dues_payment'"),
              2);
    CHECK_INT(test_sql_int(path, "SELECT sum(json_array_length(new_json, '$.allocations') ="
                                 " CASE WHEN id = (SELECT min(id) FROM history WHERE table_name ="
                                 " 'dues_payment') THEN 3 ELSE 5 END) FROM history WHERE table_name"
                                 " = 'dues_payment'"),
              2);
    st = test_open_db(path, "书记甲");
    struct verify_result r;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    store_close(st);
    free(path);
}

/* zj_json_made takes its text as JSON unchecked: only zhibu's own statements may call it, never a
 * view or a trigger a file brings */
TEST(history_json_made_not_from_a_view)
{
    sqlite3 *db = form_db();
    CHECK_INT(sqlite3_exec(db, "CREATE VIEW v AS SELECT json_object('l', zj_json_made('[1'))",
                           NULL, NULL, NULL),
              SQLITE_OK);
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT * FROM v", -1, &s, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_step(s);
    CHECK_INT(rc, SQLITE_ERROR);
    CHECK(strstr(sqlite3_errmsg(db), "unsafe use of zj_json_made") != NULL);
    sqlite3_finalize(s);
    /* called directly it is as before */
    CHECK_INT(sqlite3_prepare_v2(db, "SELECT json_object('l', zj_json_made('[2]'))", -1, &s, NULL),
              SQLITE_OK);
    if (s) {
        CHECK_INT(sqlite3_step(s), SQLITE_ROW);
        CHECK_STR((const char *)sqlite3_column_text(s, 0), "{\"l\":[2]}");
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
}
