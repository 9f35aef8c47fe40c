/* Unit tests of verify's fast row check (src/store/journal_rows.c): the JSON the fast path writes
 * in C is the JSON store_json.h's statement gives (st_journal_json), byte for byte, for rows of
 * every fast table (meeting with attendance and resolutions, dues_payment with allocations,
 * post_report) holding odd values: quotes, backslashes, every control byte, NUL inside text,
 * DEL, Chinese, empty strings, NULLs, the biggest and smallest integers, children out of order
 * and with equal sort keys, no children, ids close together (read by range: another meeting's
 * row among them) and far apart (read by the index). A REAL or a BLOB is left to SQL (no fast JSON). The
 * rows written behind zhibu's back are reported as today (不在日志中), tampered rows as changed,
 * and the threaded run gives the same result as the run in one thread. journal_sha.c is SHA-256. */
#include <sodium.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/store/journal_rows.h"
#include "../../src/store/journal_sha.h"
#include "../../src/store/store_priv.h"
#include "fixtures.h"
#include "test.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_meeting.h"

static void exec_ok(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
        test_fail(__FILE__, __LINE__, "%s: %s", sql, err ? err : "?");
    sqlite3_free(err);
}

/* Text of every byte 0x01..0x1f, quote, backslash, DEL, slash, Chinese (and a NUL when nul). */
static int odd_text(char *out, size_t cap, bool nul)
{
    int n = 0;
    for (int c = 1; c < 0x20; c++) out[n++] = (char)c;
    n += snprintf(out + n, cap - (size_t)n, "\"q\\b/\x7f 党员 \xe4\xb8\xad'");
    if (nul) {
        out[n++] = '\0';
        out[n++] = 'z';
    }
    out[n] = '\0';
    return n;
}

/* Bind text of n bytes (NUL inside kept). */
static void run_text(sqlite3 *db, const char *sql, const char *t, int n)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
        test_fail(__FILE__, __LINE__, "%s: %s", sql, sqlite3_errmsg(db));
        return;
    }
    for (int i = 1; i <= sqlite3_bind_parameter_count(s); i++)
        sqlite3_bind_text(s, i, t, n, SQLITE_TRANSIENT);
    if (sqlite3_step(s) != SQLITE_DONE) test_fail(__FILE__, __LINE__, "%s: %s", sql, sqlite3_errmsg(db));
    sqlite3_finalize(s);
}

/* Every row of table: the fast JSON (when there is one) is the SQL JSON. Returns how many rows
 * had a fast JSON; *rows counts them all. */
static int same_json(struct store *st, const char *path, const char *table, int *rows)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    *rows = (int)test_sql_int(path, sql);
    snprintf(sql, sizeof sql, "SELECT max(id) FROM %s", table);
    long long max = test_sql_int(path, sql);
    int fast = 0;
    for (long long id = 1; id <= max; id++) {
        char *want = st_journal_json(st, table, id);
        char *got = st_rows_fast_json(st, table, id);
        if (got) {
            fast++;
            CHECK(want != NULL);
            if (want && strcmp(got, want) != 0)
                test_fail(__FILE__, __LINE__, "%s %lld:\nfast %s\nsql  %s", table, id, got, want);
        }
        free(want);
        free(got);
    }
    return fast;
}

TEST(journal_rows_fast_json_is_the_sql_json)
{
    char *path = test_db_path("rows_fast.db");
    struct store *st = test_open_db(path, "书记甲");
    if (!st) return;
    int64_t b = fx_branch(st, "RF", "RF党支部", 0);
    struct member m;
    fx_member(st, &(struct fx_member){.branch = b, .name = "张红", .gender = "F", .join = "2001-07-01",
                                      .full = "2002-07-01"}, &m);
    store_close(st);

    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    char t[200];
    int n = odd_text(t, sizeof t, false);
    char tn[200];
    int nn = odd_text(tn, sizeof tn, true);
    char ins[1200];
    /* meetings: odd text everywhere, NULLs, the integer limits, an empty one */
    snprintf(ins, sizeof ins,
             "INSERT INTO meeting(id, uuid, branch_id, kind, also_mask, date, start_time, place,"
             " lecturer_name, observers, topics, minutes, missing_mask, quorum, created_at,"
             " created_by, updated_at, voided_at, void_reason, voided_by) VALUES (%d, 'm-odd-1',"
             " %lld, 'committee', 9223372036854775807, '2026-01-05', ?1, ?1, ?1, ?1, ?1, ?1,"
             " -9223372036854775808, -1, 'x', 'x', '2026-01-05T00:00:00Z', ?1, ?1, NULL)",
             9001, (long long)b);
    run_text(db, ins, t, n);
    snprintf(ins, sizeof ins,
             "INSERT INTO meeting(id, uuid, branch_id, kind, date, minutes, created_at, created_by,"
             " updated_at) VALUES (9002, 'm-nul-2', %lld, 'general', '2026-01-06', ?1, '', '', '')",
             (long long)b);
    run_text(db, ins, tn, nn);
    snprintf(ins, sizeof ins,
             "INSERT INTO meeting(id, uuid, branch_id, kind, date, created_at, created_by,"
             " updated_at) VALUES (9003, 'm-empty-3', %lld, 'group', '', '', '', '')",
             (long long)b);
    exec_ok(db, ins);
    /* attendance out of order, equal seq (then by member: schema 13), odd reasons */
    snprintf(ins, sizeof ins,
             "INSERT INTO meeting_attendance(meeting_id, member_id, voting, mark, reason,"
             " excused, seq) VALUES"
             " (9001, %lld, 1, 'present', ?1, 0, 3),"
             " (9001, 99001, 0, 'leave', ?1, 1, 3),"
             " (9001, 99002, 1, 'absent', '', 0, -2),"
             " (9001, 99003, 1, 'present', '因病', 9223372036854775807, 0),"
             " (9002, 99004, 1, 'present', ?1, 0, 1),"
             " (9002, 99005, 0, 'absent', 'x', 0, 1),"
             " (9002, 99006, 0, 'leave', '', 0, 0)",
             (long long)m.id);
    run_text(db, ins, t, n);
    run_text(db,
             "INSERT INTO meeting_resolution(id, uuid, meeting_id, seq, text, votes_for,"
             " votes_against, votes_abstain, created_at, updated_at) VALUES"
             " (8002, 'r2', 9001, 2, ?1, 3, 0, 1, '', ''), (8001, 'r1', 9001, 1, '', 0, 0, 0, '', '')",
             t, n);
    /* payments: allocations by month (one a month: schema 13's key), none for one */
    snprintf(ins, sizeof ins,
             "INSERT INTO dues_payment(id, uuid, member_id, branch_id, paid_date, receipt_no,"
             " from_month, to_month, amount, note, created_at, created_by, updated_at, voided_at,"
             " void_reason, voided_by) VALUES (9101, 'p-odd-1', %lld, %lld, '2026-01-05', ?1,"
             " '2026-01', '2026-03', 9223372036854775807, ?1, '', '', '', NULL, ?1, NULL),"
             " (9102, 'p-none-2', %lld, %lld, '', '', '', '', 1, '', '', '', '', '', '', '')",
             (long long)m.id, (long long)b, (long long)m.id, (long long)b);
    run_text(db, ins, t, n);
    exec_ok(db, "INSERT INTO dues_allocation(payment_id, month, amount) VALUES"
                " (9101, '2026-03', 5), (9101, '2026-01', -7), (9101, '2026-04', 0),"
                " (9101, '2026-02', 1)");
    /* a REAL and a BLOB: left to SQL */
    snprintf(ins, sizeof ins,
             "INSERT INTO dues_payment(id, uuid, member_id, branch_id, paid_date, from_month,"
             " to_month, amount, created_at, created_by, updated_at) VALUES (9103, 'p-real-3',"
             " %lld, %lld, '2026-01-05', '2026-01', '2026-01', 1.5, '', '', ''),"
             " (9104, 'p-blob-4', %lld, %lld, x'e5859a', '2026-01', '2026-01', 2, '', '', '')",
             (long long)m.id, (long long)b, (long long)m.id, (long long)b);
    exec_ok(db, ins);
    /* reports: odd text, NULL meeting, a meeting */
    run_text(db,
             "INSERT INTO post_report(id, uuid, holding_id, date, venue, content, meeting_id,"
             " created_at, created_by, updated_at) VALUES (9201, 'pr-1', 77, ?1, ?1, ?1, NULL, '',"
             " '', ''), (9202, 'pr-2', 78, '2026-02-01', '', '', 9001, '', '', '')",
             t, n);
    sqlite3_close(db);

    st = test_open_db(path, "书记甲");
    int rows = 0;
    CHECK_INT(same_json(st, path, "meeting", &rows), 3);
    CHECK_INT(rows, 3);
    CHECK_INT(same_json(st, path, "dues_payment", &rows), 2);
    CHECK_INT(rows, 4);
    CHECK_INT(same_json(st, path, "post_report", &rows), 2);
    CHECK_INT(rows, 2);
    /* the fast JSON of a meeting: children in their order */
    char *j = st_rows_fast_json(st, "meeting", 9003);
    CHECK(j && strstr(j, "\"attendance\":[],\"resolutions\":[]}") != NULL);
    free(j);
    j = st_rows_fast_json(st, "dues_payment", 9101);
    CHECK(j && strstr(j, "\"allocations\":[{\"month\":\"2026-01\",\"amount\":-7},{\"month\":"
                         "\"2026-02\",\"amount\":1},{\"month\":\"2026-03\",\"amount\":5},"
                         "{\"month\":\"2026-04\",\"amount\":0}]}") != NULL);
    free(j);
    CHECK(st_rows_fast_json(st, "member", m.id) == NULL); /* no fast path there */

    /* verify: the rows written behind zhibu's back, each as before, in one thread or two (a
     * BLOB in a row is an error of json_object's, as it was: that one out first) */
    struct verify_result r1, r2;
    CHECK(store_journal_verify(st, 0, &r1) < 0);
    store_close(st);
    test_sql(path, "DELETE FROM dues_payment WHERE uuid = 'p-blob-4'");
    st = test_open_db(path, "书记甲");
    CHECK_INT(store_journal_verify(st, 0, &r1), STORE_OK);
    setenv("ZHIBU_VERIFY_ONE_THREAD", "1", 1);
    CHECK_INT(store_journal_verify(st, 0, &r2), STORE_OK);
    unsetenv("ZHIBU_VERIFY_ONE_THREAD");
    CHECK_INT(r1.nproblems, 8);
    CHECK_INT(r2.nproblems, r1.nproblems);
    CHECK_INT((int)r1.rows, (int)r2.rows);
    CHECK_INT((int)r1.entries, (int)r2.entries);
    int unjournaled = 0;
    for (int i = 0; i < r1.nproblems && i < VERIFY_MAX_PROBLEMS; i++) {
        unjournaled += r1.problems[i].kind == VERIFY_ROW_UNJOURNALED;
        CHECK_STR(r1.problems[i].message, r2.problems[i].message);
        CHECK_STR(r1.problems[i].row_uuid, r2.problems[i].row_uuid);
    }
    CHECK_INT(unjournaled, 8);
    /* in the order of the tables, each by id */
    CHECK_STR(r1.problems[0].row_uuid, "m-odd-1");
    CHECK_STR(r1.problems[3].row_uuid, "p-odd-1");
    CHECK_STR(r1.problems[5].row_uuid, "p-real-3");
    CHECK_STR(r1.problems[7].row_uuid, "pr-2");
    store_close(st);
    free(path);
}

/* Journaled rows: a meeting with attendance verifies clean through the fast path; an attendance
 * reason changed behind zhibu's back (a quote and a newline in it) is "changed", the same in one
 * thread or two; with a chain problem too, the chain's problem comes first. */
TEST(journal_rows_fast_path_finds_a_change)
{
    char *path = test_db_path("rows_change.db");
    struct store *st = test_open_db(path, "书记甲");
    if (!st) return;
    int64_t b = fx_branch(st, "RC", "RC党支部", 0);
    struct member m;
    fx_member(st, &(struct fx_member){.branch = b, .name = "李四", .gender = "M", .join = "2001-07-01",
                                      .full = "2002-07-01"}, &m);
    struct meeting mt = {0};
    mt.branch_id = b;
    snprintf(mt.kind, sizeof mt.kind, "general");
    snprintf(mt.date, sizeof mt.date, "2026-03-02");
    mt.topics = strdup("学习\n讨论");
    mt.minutes = strdup("会议记录：\"第一项\"\t\\完");
    mt.attendees = calloc(1, sizeof *mt.attendees);
    mt.nattendees = 1;
    mt.attendees[0].member_id = m.id;
    snprintf(mt.attendees[0].mark, sizeof mt.attendees[0].mark, "present");
    CHECK_INT(store_meeting_add(st, &mt), STORE_OK);
    int64_t mid = mt.id;
    meeting_free(&mt);
    char *fast = st_rows_fast_json(st, "meeting", mid);
    char *want = st_journal_json(st, "meeting", mid);
    CHECK(fast && want && strcmp(fast, want) == 0);
    free(fast);
    free(want);
    struct verify_result r;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    CHECK(r.rows >= 3);
    store_close(st);
    /* the attendance row changed behind zhibu's back: the meeting differs from its entry */
    test_sql(path, "UPDATE meeting_attendance SET reason = 'a\"b' || char(10)");
    st = test_open_db(path, "书记甲");
    struct verify_result r1, r2;
    CHECK_INT(store_journal_verify(st, 0, &r1), STORE_OK);
    setenv("ZHIBU_VERIFY_ONE_THREAD", "1", 1);
    CHECK_INT(store_journal_verify(st, 0, &r2), STORE_OK);
    unsetenv("ZHIBU_VERIFY_ONE_THREAD");
    CHECK_INT(r1.nproblems, 1);
    CHECK_INT(r2.nproblems, 1);
    CHECK_INT(r1.problems[0].kind, VERIFY_ROW_CHANGED);
    CHECK_STR(r1.problems[0].message, r2.problems[0].message);
    store_close(st);
    test_sql(path, "UPDATE history SET changed_by = 'x' WHERE id = (SELECT min(id) FROM history)");
    st = test_open_db(path, "书记甲");
    CHECK_INT(store_journal_verify(st, 0, &r1), STORE_OK);
    setenv("ZHIBU_VERIFY_ONE_THREAD", "1", 1);
    CHECK_INT(store_journal_verify(st, 0, &r2), STORE_OK);
    unsetenv("ZHIBU_VERIFY_ONE_THREAD");
    CHECK_INT(r1.nproblems, 2);
    CHECK_INT(r1.problems[0].kind, VERIFY_CHAIN);
    CHECK_INT(r1.problems[1].kind, VERIFY_ROW_CHANGED);
    CHECK_INT(r2.nproblems, 2);
    for (int i = 0; i < 2; i++) CHECK_STR(r1.problems[i].message, r2.problems[i].message);
    store_close(st);
    free(path);
}

/* journal_sha.c: the SHA-256 of every length 0..1000 and a few large ones, fed whole and in
 * pieces, is libsodium's, with the CPU's instructions (when it has them) and without. */
TEST(journal_sha_is_sha256)
{
    size_t cap = 70000;
    unsigned char *data = malloc(cap);
    unsigned x = 99;
    for (size_t i = 0; i < cap; i++) {
        x = x * 1103515245u + 12345u;
        data[i] = (unsigned char)(x >> 16);
    }
    for (int mode = 0; mode <= 1; mode++) {
        jsha_force(mode);
        for (size_t n = 0; n <= cap; n = n < 1000 ? n + 1 : n * 3 + 7) {
            unsigned char want[crypto_hash_sha256_BYTES], got[32], got2[32];
            crypto_hash_sha256(want, data, n);
            struct jsha h;
            jsha_init(&h);
            jsha_update(&h, data, n);
            jsha_final(&h, got);
            jsha_init(&h); /* in uneven pieces */
            for (size_t o = 0, k = 1; o < n; o += k, k = k * 2 + 1)
                jsha_update(&h, data + o, o + k <= n ? k : n - o);
            jsha_final(&h, got2);
            if (memcmp(want, got, 32) != 0 || memcmp(want, got2, 32) != 0)
                test_fail(__FILE__, __LINE__, "sha256 of %zu bytes (mode %d, accelerated %d)", n,
                          mode, jsha_accelerated());
        }
    }
    jsha_force(-1);
    printf("    journal_sha: CPU instructions %s\n", jsha_accelerated() ? "used" : "not available");
    free(data);
}
