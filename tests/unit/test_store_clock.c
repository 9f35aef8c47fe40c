/* Unit tests of the clock's gate (issue 12, hole 2): ZHIBU_TODAY / ZHIBU_NOW honoured only on a
 * database created as a test database; the mark (office_key.test_clock) fixed at creation —
 * refused on a database that exists, its row refused change by triggers, its public fields
 * journaled (chain 0) so that a mark changed or put in with the sqlite3 shell is neither
 * honoured nor unseen by verify; an upgraded schema-7 database's key journaled as a baseline. */
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "zhibu/clock.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_office.h"

/* ---- helpers --------------------------------------------------------------------------- */

/* The environment's clock settings, put back after a test that changes them. */
struct saved_env {
    char today[64], now[64];
    bool has_today, has_now;
};

static void env_save(struct saved_env *e)
{
    const char *t = getenv("ZHIBU_TODAY"), *n = getenv("ZHIBU_NOW");
    e->has_today = t != NULL;
    e->has_now = n != NULL;
    snprintf(e->today, sizeof e->today, "%s", t ? t : "");
    snprintf(e->now, sizeof e->now, "%s", n ? n : "");
}

/* Back to the runner's state: its databases are test databases, the overrides honoured. */
static void env_restore(const struct saved_env *e)
{
    if (e->has_today) setenv("ZHIBU_TODAY", e->today, 1);
    else unsetenv("ZHIBU_TODAY");
    if (e->has_now) setenv("ZHIBU_NOW", e->now, 1);
    else unsetenv("ZHIBU_NOW");
    store_test_mark_new_databases(true);
    clock_allow_override(1);
}

static struct store *open_with(const char *path, bool test_clock, int *rc, char *err, size_t errsz)
{
    struct store_options opt = {.create = true, .backup_keep = 5, .test_clock = test_clock};
    struct store *st = NULL;
    *rc = store_open(path, &opt, &st, err, errsz);
    return st;
}

/* A database as `zhibu init` (without --test) makes it: a real ledger. */
static struct store *open_real(const char *path)
{
    store_test_mark_new_databases(false);
    char err[512];
    int rc;
    struct store *st = open_with(path, false, &rc, err, sizeof err);
    if (rc != STORE_OK) test_fail(__FILE__, __LINE__, "store_open(%s): %d %s", path, rc, err);
    return st;
}

static bool file_bytes(const char *path, unsigned char out[crypto_hash_sha256_BYTES])
{
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    unsigned char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) crypto_hash_sha256_update(&h, buf, n);
    fclose(f);
    crypto_hash_sha256_final(&h, out);
    return true;
}

/* A statement behind the store's back; SQLite's result code and message. */
static int raw_exec(const char *path, const char *sql, char *msg, size_t msgsz)
{
    sqlite3 *db = NULL;
    char *err = NULL;
    int rc = sqlite3_open(path, &db);
    if (rc == SQLITE_OK) rc = sqlite3_exec(db, sql, NULL, NULL, &err);
    snprintf(msg, msgsz, "%s", err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
    return rc;
}

static int count_problems(const struct verify_result *r, enum verify_kind kind, const char *table)
{
    int n = 0;
    for (int i = 0; i < r->nproblems && i < VERIFY_MAX_PROBLEMS; i++)
        n += r->problems[i].kind == kind && strcmp(r->problems[i].table_name, table) == 0;
    return n;
}

/* ---- tests ----------------------------------------------------------------------------- */

TEST(clock_office_key_journaled_at_creation)
{
    char *path = test_db_path("key.db");
    struct store *st = test_open_db(path, "init");
    if (!st) return;
    CHECK_INT(test_sql_int(path, "SELECT count(*) FROM history WHERE table_name = 'office_key'"
                                 " AND action = 'insert' AND branch_id = 0 AND prev_hash = ''"
                                 " AND changed_by = 'init' AND old_json IS NULL"),
              1);
    /* the row is the office's: its uuid is meta office_uuid */
    CHECK_INT(test_sql_int(path, "SELECT count(*) FROM office_key k JOIN meta m"
                                 " ON m.key = 'office_uuid' AND m.value = k.uuid"),
              1);
    /* the public fields, never the secret key */
    CHECK_INT(test_sql_int(path, "SELECT count(*) FROM history h JOIN office_key k"
                                 " ON h.row_uuid = k.uuid WHERE"
                                 " json_extract(h.new_json, '$.public_key') = k.public_key"
                                 " AND json_extract(h.new_json, '$.test_clock') = 1"
                                 " AND json_extract(h.new_json, '$.created_at') = k.created_at"),
              1);
    CHECK_INT(test_sql_int(path, "SELECT count(*) FROM history h, json_each(h.new_json) j"
                                 " WHERE h.table_name = 'office_key'"),
              3);
    CHECK_INT(test_sql_int(path, "SELECT count(*) FROM history h JOIN office_key k"
                                 " WHERE instr(h.new_json, hex(k.secret_key)) > 0"
                                 " OR instr(lower(h.new_json), lower(hex(k.secret_key))) > 0"),
              0);
    struct verify_result r;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    CHECK_INT(r.rows, 1);
    CHECK(store_office_test_clock(st));
    store_close(st);
    /* reopening writes nothing more */
    st = test_open_db(path, "init");
    CHECK_INT(test_sql_int(path, "SELECT count(*) FROM history"), 1);
    store_close(st);
    free(path);
}

TEST(clock_real_database_ignores_overrides)
{
    struct saved_env env;
    env_save(&env);
    setenv("ZHIBU_TODAY", "2001-02-03", 1);
    setenv("ZHIBU_NOW", "2001-02-03T04:05:06Z", 1);
    char *real = test_db_path("real.db");
    struct store *st = open_real(real);
    if (st) {
        CHECK(!store_office_test_clock(st));
        CHECK(!clock_override_active());
        CHECK(!clock_is_fixed());
        struct zdate today = clock_today();
        CHECK(!(today.y == 2001 && today.m == 2 && today.d == 3));
        char now[24];
        clock_now_iso(now);
        CHECK(strncmp(now, "2001-", 5) != 0);
        CHECK_INT(test_sql_int(real, "SELECT test_clock FROM office_key"), 0);
        /* what the store writes carries the real time */
        struct user u = {.role = STORE_ROLE_ADMIN};
        snprintf(u.login, sizeof u.login, "admin");
        CHECK_INT(store_user_add(st, &u, "secret12"), STORE_OK);
        CHECK_INT(test_sql_int(real, "SELECT count(*) FROM app_user WHERE created_at LIKE '2001-%'"), 0);
        CHECK_INT(test_sql_int(real, "SELECT count(*) FROM history WHERE changed_at LIKE '2001-%'"), 0);
        store_close(st);
    }
    /* a database created as a test database: the same environment is honoured */
    char *test = test_db_path("test.db");
    char err[512];
    int rc;
    st = open_with(test, true, &rc, err, sizeof err);
    CHECK_INT(rc, STORE_OK);
    if (st) {
        CHECK(store_office_test_clock(st));
        CHECK(clock_override_active());
        struct zdate today = clock_today();
        CHECK(today.y == 2001 && today.m == 2 && today.d == 3);
        char now[24];
        clock_now_iso(now);
        CHECK_STR(now, "2001-02-03T04:05:06Z");
        store_close(st);
    }
    /* and the real one again, after the test database: off again */
    st = open_real(real);
    if (st) {
        CHECK(!clock_override_active());
        store_close(st);
    }
    env_restore(&env);
    free(real);
    free(test);
}

TEST(clock_test_mark_refused_on_existing_database)
{
    struct saved_env env;
    env_save(&env);
    char *path = test_db_path("ledger.db");
    struct store *st = open_real(path);
    store_close(st);
    unsigned char before[crypto_hash_sha256_BYTES], after[crypto_hash_sha256_BYTES];
    CHECK(file_bytes(path, before));
    char err[512];
    int rc;
    st = open_with(path, true, &rc, err, sizeof err);
    CHECK_INT(rc, STORE_ERR_DENIED);
    CHECK(st == NULL);
    CHECK(strstr(err, "不能把已有的台账改为测试用") != NULL);
    CHECK(file_bytes(path, after));
    CHECK(memcmp(before, after, sizeof before) == 0);
    CHECK_INT(test_sql_int(path, "SELECT test_clock FROM office_key"), 0);
    store_close(st);
    env_restore(&env);
    free(path);
}

TEST(clock_office_key_triggers_refuse_change)
{
    char *path = test_db_path("trig.db");
    struct store *st = test_open_db(path, "init");
    store_close(st);
    char msg[256];
    CHECK_INT(raw_exec(path, "UPDATE office_key SET test_clock = 0", msg, sizeof msg) & 0xff,
              SQLITE_CONSTRAINT);
    CHECK(strstr(msg, "office_key is written once") != NULL);
    CHECK_INT(raw_exec(path, "DELETE FROM office_key", msg, sizeof msg) & 0xff, SQLITE_CONSTRAINT);
    CHECK(strstr(msg, "office_key is written once") != NULL);
    CHECK_INT(raw_exec(path, "INSERT INTO office_key(id, uuid, public_key, secret_key, test_clock,"
                             " created_at) VALUES (2, 'x', 'y', x'00', 1, 'z')",
                       msg, sizeof msg) & 0xff,
              SQLITE_CONSTRAINT);
    CHECK_INT(test_sql_int(path, "SELECT count(*) || test_clock FROM office_key"), 11);
    free(path);
}

TEST(clock_forged_mark_not_honoured_and_found_by_verify)
{
    struct saved_env env;
    env_save(&env);
    setenv("ZHIBU_TODAY", "2001-02-03", 1);
    char *path = test_db_path("forged.db");
    struct store *st = open_real(path);
    store_close(st);
    char msg[256];
    CHECK_INT(raw_exec(path, "DROP TRIGGER office_key_no_update;"
                             " UPDATE office_key SET test_clock = 1",
                       msg, sizeof msg),
              SQLITE_OK);
    st = open_real(path);
    if (st) {
        CHECK(!store_office_test_clock(st));
        CHECK(!clock_override_active());
        struct verify_result r;
        CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
        CHECK_INT(r.nproblems, 1);
        CHECK_INT(count_problems(&r, VERIFY_ROW_CHANGED, "office_key"), 1);
        CHECK(strstr(r.problems[0].message, "本单位密钥") != NULL);
        CHECK(strstr(r.problems[0].message, "在 zhibu 之外被改动") != NULL);
        store_close(st);
    }
    env_restore(&env);
    free(path);
}

TEST(clock_replaced_mark_found_by_verify)
{
    struct saved_env env;
    env_save(&env);
    char *path = test_db_path("replaced.db");
    struct store *st = open_real(path);
    store_close(st);
    /* the row removed and put back as a test database's, same uuid and key */
    char msg[256];
    CHECK_INT(raw_exec(path, "DROP TRIGGER office_key_no_update; DROP TRIGGER office_key_no_delete;"
                             " CREATE TEMP TABLE k AS SELECT * FROM office_key;"
                             " DELETE FROM office_key;"
                             " INSERT INTO office_key SELECT id, uuid, public_key, secret_key, 1,"
                             " created_at FROM k",
                       msg, sizeof msg),
              SQLITE_OK);
    st = open_real(path);
    if (st) {
        CHECK(!store_office_test_clock(st));
        struct verify_result r;
        CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
        CHECK_INT(count_problems(&r, VERIFY_ROW_CHANGED, "office_key"), 1);
        store_close(st);
    }
    /* a wholly new row (another uuid): the journaled one is missing, the new one unjournaled */
    CHECK_INT(raw_exec(path, "DELETE FROM office_key;"
                             " INSERT INTO office_key(id, uuid, public_key, secret_key, test_clock,"
                             " created_at) VALUES (1, 'f0f0f0f0-0000-4000-8000-000000000000',"
                             " 'aa', x'00', 1, '2026-01-01T00:00:00Z')",
                       msg, sizeof msg),
              SQLITE_OK);
    st = open_real(path);
    if (st) {
        CHECK(!store_office_test_clock(st));
        struct verify_result r;
        CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
        CHECK_INT(count_problems(&r, VERIFY_ROW_MISSING, "office_key"), 1);
        CHECK_INT(count_problems(&r, VERIFY_ROW_UNJOURNALED, "office_key"), 1);
        store_close(st);
    }
    env_restore(&env);
    free(path);
}

TEST(clock_office_key_baseline_after_upgrade_from_v7)
{
    char *path = test_db_path("v7.db");
    struct store *st = test_open_db(path, "system");
    store_close(st);
    /* a database as zhibu of schema 7 left it (its journal already held the key of the
     * schema-8 open above: the key made by the upgrade must still verify) */
    test_sql(path, DOWNGRADE_V7_SQL " PRAGMA user_version = 7;");
    CHECK_INT(test_sql_int(path, "PRAGMA user_version"), 7);
    st = test_open_db(path, "system");
    if (!st) return;
    CHECK_INT(store_schema_version(st), STORE_SCHEMA_VERSION);
    /* the new key journaled as a baseline, never as a test database (it was not created now) */
    CHECK_INT(test_sql_int(path, "SELECT count(*) FROM history h JOIN office_key k"
                                 " ON h.row_uuid = k.uuid WHERE h.action = 'baseline'"
                                 " AND h.branch_id = 0"
                                 " AND json_extract(h.new_json, '$.public_key') = k.public_key"
                                 " AND json_extract(h.new_json, '$.test_clock') = 0"),
              1);
    CHECK_INT(test_sql_int(path, "SELECT test_clock FROM office_key"), 0);
    struct verify_result r;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    store_close(st);
    free(path);
}
