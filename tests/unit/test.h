/* test.h — the unit-test runner's interface. Each test is a function registered with
 * TEST(name); CHECK* macros record a failure and carry on. tests/unit/main.c runs every
 * registered test (or those whose name contains argv[1]) and prints one line per test:
 * "ok NAME" or "FAIL NAME: file:line: what", then "unit: N passed, M failed". Each test runs in a
 * child process: a test that crashes is one FAIL and the rest still run. */
#ifndef ZHIBU_TEST_H
#define ZHIBU_TEST_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

typedef void (*test_fn)(void);
void test_register(const char *name, test_fn fn);
void test_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A fresh empty temporary directory for this test (removed when the test ends, even by a crash). */
const char *test_tmpdir(void);
/* Fixtures shared by the store tests (tests/unit/main.c): NAME's path in the test's temporary
 * directory (heap), and a database there opened (created) as USER, failing the test when it
 * cannot be. */
struct store;
char *test_db_path(const char *name);
struct store *test_open_db(const char *path, const char *user);
/* A meeting of KIND on DATE in the branch (topics only) added through the store: its id (the
 * test fails when it cannot be). */
int64_t test_add_meeting(struct store *st, int64_t branch_id, const char *kind, const char *date);
/* SQL run on the file with a connection of its own (behind the store's back): a statement, and
 * the first column of the first row of a query (the test fails when either fails). */
void test_sql(const char *path, const char *sql);
long long test_sql_int(const char *path, const char *sql);
/* The first column of the first row of a query on the file (its own connection) as text, on the
 * heap: "(null)" when there is none, the value is NULL, or the query fails (compared, not said). */
char *test_sql_text(const char *path, const char *sql);
/* The file's bytes (malloc), *n its size; a file that cannot be read fails the test (NULL). */
unsigned char *test_slurp(const char *path, size_t *n);
/* The fingerprint of the office that signed the bundle, as a person confirms it on first use
 * ("" when the bundle does not check); a static buffer. */
const char *test_bundle_signer(const char *bundle);
/* The branch's bundle of KIND (enum exchange_kind) exported by the system from the file DB to
 * the test directory's NAME (replaced); its path (heap). The test fails when it cannot be. */
char *test_bundle_export(const char *db, int64_t branch, int kind, const char *name);

/* SQL that takes the current schema (7) back to version 5 (for upgrade tests that go on to drop
 * the objects of earlier versions): v7 journal_import, bundle_log, office_uuid; v6 the journal
 * columns, amend_request, last_login_at. */
/* schema 8's additions undone (a database as zhibu of schema 7 left it) */
/* (the office key's journal entry goes too: a version-7 database never had one) */
/* schema 9's part people undone (issue 14: probation decisions) */
#define DOWNGRADE_V9_PEOPLE_SQL "DROP TABLE probation_decision; "
/* schema 9 part rules: the groups' dates */
#define DOWNGRADE_V8_RULES_SQL                                                                 \
    "ALTER TABLE party_group DROP COLUMN start_date; ALTER TABLE party_group DROP COLUMN end_date;"
/* schema 10 part journal undone: history and journal_import tables again, their JSON as text
 * (the views decode it) */
#define DOWNGRADE_V9_JOURNAL_SQL                                                               \
    " CREATE TABLE ji9 AS SELECT * FROM journal_import; DROP VIEW journal_import;"             \
    " DROP TABLE journal_import_data; ALTER TABLE ji9 RENAME TO journal_import;"               \
    " CREATE INDEX journal_import_chain ON journal_import(branch_id, origin_office, origin_id);" \
    " CREATE TABLE history_v9 (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE,"               \
    " table_name TEXT NOT NULL, row_uuid TEXT NOT NULL, action TEXT NOT NULL,"                  \
    " changed_at TEXT NOT NULL, changed_by TEXT NOT NULL, old_json TEXT, new_json TEXT,"        \
    " branch_id INTEGER, prev_hash TEXT, hash TEXT);"                                          \
    " INSERT INTO history_v9 SELECT * FROM history ORDER BY id; DROP VIEW history;"             \
    " DROP TABLE history_data; DROP TABLE history_dict;"                                       \
    " ALTER TABLE history_v9 RENAME TO history;"                                               \
    " CREATE INDEX history_row ON history(table_name, row_uuid);"                              \
    " CREATE INDEX history_chain ON history(branch_id, id);"                                   \
    " CREATE INDEX history_unsealed ON history(id) WHERE hash IS NULL; "
/* schema 10 undone, every part (a database as zhibu of schema 9 left it) */
/* schema 10's part audit undone (issue 17: the allocations summed for the monthly review) */
#define DOWNGRADE_V9_AUDIT_SQL                                                                 \
    "DROP TRIGGER dues_paid_year_insert; DROP TRIGGER dues_paid_year_delete;"                  \
    " DROP TRIGGER dues_paid_year_update; DROP TRIGGER dues_paid_year_void;"                   \
    " DROP TABLE dues_paid_year; DROP INDEX member_group; CREATE INDEX member_group ON member(group_id); "
/* schema 13's part rows undone: attendance and allocations with an id, a uuid (random) and
 * timestamps (their parent's) again, as zhibu of schema 12 left them — after
 * DOWNGRADE_V9_AUDIT_SQL (the review's triggers on dues_allocation are not made again) */
#define TEST_RANDOM_UUID                                                                       \
    "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)),"  \
    " 2) || '-8' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))"
#define DOWNGRADE_V12_ROWS_SQL                                                                 \
    " CREATE TABLE ma12 (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, meeting_id INTEGER"  \
    " NOT NULL REFERENCES meeting(id), member_id INTEGER NOT NULL REFERENCES member(id), voting"  \
    " INTEGER NOT NULL DEFAULT 0, mark TEXT NOT NULL CONSTRAINT attendance_mark CHECK (mark IN"  \
    " ('present','leave','absent')), reason TEXT NOT NULL DEFAULT '', excused INTEGER NOT NULL"  \
    " DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL, updated_at TEXT NOT"  \
    " NULL, UNIQUE (meeting_id, member_id));"                                                   \
    " INSERT INTO ma12 SELECT NULL, " TEST_RANDOM_UUID ", a.meeting_id, a.member_id, a.voting,"  \
    " a.mark, a.reason, a.excused, a.seq, m.created_at, m.updated_at FROM meeting_attendance a"  \
    " JOIN meeting m ON m.id = a.meeting_id ORDER BY a.meeting_id, a.seq;"                     \
    " DROP TABLE meeting_attendance; ALTER TABLE ma12 RENAME TO meeting_attendance;"            \
    " CREATE TABLE da12 (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, payment_id INTEGER"  \
    " NOT NULL REFERENCES dues_payment(id), month TEXT NOT NULL, amount INTEGER NOT NULL,"       \
    " created_at TEXT NOT NULL, updated_at TEXT NOT NULL, member_id INTEGER);"                  \
    " INSERT INTO da12 SELECT NULL, " TEST_RANDOM_UUID ", a.payment_id, a.month, a.amount,"      \
    " p.created_at, p.updated_at, a.member_id FROM dues_allocation a JOIN dues_payment p"       \
    " ON p.id = a.payment_id ORDER BY a.payment_id, a.month;"                                  \
    " DROP TABLE dues_allocation; ALTER TABLE da12 RENAME TO dues_allocation;"                  \
    " CREATE INDEX dues_allocation_payment ON dues_allocation(payment_id);"                    \
    " CREATE INDEX dues_allocation_month ON dues_allocation(month, member_id, amount, payment_id);" \
    " CREATE TRIGGER dues_allocation_member AFTER INSERT ON dues_allocation"                   \
    " WHEN new.member_id IS NULL BEGIN UPDATE dues_allocation SET member_id = (SELECT"          \
    " p.member_id FROM dues_payment p WHERE p.id = new.payment_id) WHERE id = new.id; END; "
/* schema 10 undone, every part (a database as zhibu of schema 9 left it) */
#define DOWNGRADE_V9_SQL DOWNGRADE_V9_AUDIT_SQL DOWNGRADE_V12_ROWS_SQL DOWNGRADE_V9_JOURNAL_SQL
/* schema 11's parts roles and district undone: app_user as schema 10 had it (no inspector, no
 * station_id), the district's tables gone (with the part bundle's, a database as zhibu of
 * schema 10 left it; then PRAGMA user_version = 10) */
#define DOWNGRADE_V10_ROLES_SQL                                                                \
    "CREATE TABLE au10 (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, login TEXT NOT NULL"  \
    " UNIQUE, display_name TEXT NOT NULL DEFAULT '', role TEXT NOT NULL CONSTRAINT user_role"    \
    " CHECK (role IN ('secretary','reviewer','admin')), branch_id INTEGER REFERENCES branch(id),"  \
    " pw_hash TEXT NOT NULL DEFAULT '', disabled INTEGER NOT NULL DEFAULT 0, failed_logins"      \
    " INTEGER NOT NULL DEFAULT 0, locked_until TEXT, created_at TEXT NOT NULL, created_by TEXT"  \
    " NOT NULL, updated_at TEXT NOT NULL, last_login_at TEXT NOT NULL DEFAULT '');"              \
    " INSERT INTO au10 SELECT id, uuid, login, display_name, role, branch_id, pw_hash, disabled," \
    " failed_logins, locked_until, created_at, created_by, updated_at, last_login_at FROM"       \
    " app_user; DROP TABLE app_user; ALTER TABLE au10 RENAME TO app_user;"
#define DOWNGRADE_V10_DISTRICT_SQL                                                             \
    " DROP TABLE spot_check; DROP TABLE district_verdict; DROP TABLE district_office;"          \
    " DROP TABLE township_branch; DROP TABLE township; DROP TABLE station;"

/* schema 9 undone, every part (a database as zhibu of schema 8 left it) */
#define DOWNGRADE_V8_SQL                                                                       \
    DOWNGRADE_V9_SQL                                                                           \
    "ALTER TABLE audit_verdict DROP COLUMN engine_json; ALTER TABLE rectification DROP COLUMN problem;" /* 9: review */ \
    DOWNGRADE_V9_PEOPLE_SQL                                                                    \
    DOWNGRADE_V8_RULES_SQL
#define DOWNGRADE_V7_SQL                                                                       \
    DOWNGRADE_V8_SQL                                                                           \
    " DROP TABLE office_key; DROP TABLE office_peer; DROP TABLE journal_head;"                  \
    " ALTER TABLE branch DROP COLUMN dues_start; DELETE FROM history WHERE table_name = 'office_key';"
#define DOWNGRADE_V6_SQL                                                                       \
    DOWNGRADE_V7_SQL                                                                           \
    " DROP TABLE journal_import; DROP TABLE bundle_log; DELETE FROM meta WHERE key = 'office_uuid';" \
    " DROP TABLE amend_request; DROP INDEX history_chain; DROP INDEX history_unsealed;"         \
    " ALTER TABLE history DROP COLUMN branch_id; ALTER TABLE history DROP COLUMN prev_hash;"    \
    " ALTER TABLE history DROP COLUMN hash; ALTER TABLE app_user DROP COLUMN last_login_at;"

#define TEST(name)                                                             \
    static void test_##name(void);                                             \
    __attribute__((constructor)) static void test_register_##name(void) {      \
        test_register(#name, test_##name);                                     \
    }                                                                          \
    static void test_##name(void)

#define CHECK(cond)                                                            \
    do {                                                                       \
        if (!(cond)) test_fail(__FILE__, __LINE__, "CHECK(%s)", #cond);        \
    } while (0)

#define CHECK_INT(got, want)                                                   \
    do {                                                                       \
        long long g_ = (long long)(got), w_ = (long long)(want);               \
        if (g_ != w_)                                                          \
            test_fail(__FILE__, __LINE__, "%s == %lld, expected %lld", #got,  \
                      g_, w_);                                                 \
    } while (0)

#define CHECK_STR(got, want)                                                   \
    do {                                                                       \
        const char *g_ = (got), *w_ = (want);                                  \
        if (!g_ || !w_ || strcmp(g_, w_) != 0)                                 \
            test_fail(__FILE__, __LINE__, "%s == \"%s\", expected \"%s\"",     \
                      #got, g_ ? g_ : "(null)", w_ ? w_ : "(null)");          \
    } while (0)

#endif
