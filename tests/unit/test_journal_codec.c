/* Unit tests of the journal's packed JSON (journal_codec.c): every table's JSON, Chinese text,
 * empty and huge values round trip byte for byte; text (entries before version 10, or written by
 * hand) passes through; a corrupt blob is an error or the blob itself, never a crash; the view
 * history shows packed entries as text; verify finds a byte changed inside a packed entry. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/store/journal_codec.h"
#include "../../src/store/store_priv.h"
#include "fixtures.h"
#include "test.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"

/* want: 1 packed, 0 kept as text, -1 either */
static void round_trip(const char *table, const char *json, int want)
{
    unsigned char *p = NULL;
    size_t n = 0;
    int packed = st_jz_pack(table, json, strlen(json), &p, &n);
    if (want >= 0) CHECK_INT(packed, want);
    if (!packed) return;
    CHECK(n < strlen(json));
    size_t m = 0;
    char *back = st_jz_unpack(table, p, n, &m);
    CHECK(back != NULL);
    if (back) {
        CHECK_INT((long long)m, (long long)strlen(json));
        CHECK(memcmp(back, json, m) == 0);
    }
    free(back);
    free(p);
}

TEST(journal_codec_round_trip_every_table)
{
    for (int i = 0; i < st_jz_ndicts; i++) {
        const struct jz_dict *d = &st_jz_dicts[i];
        char *json = malloc((size_t)d->len + 1);
        memcpy(json, d->bytes, (size_t)d->len);
        json[d->len] = '\0';
        /* the dictionary's own text (packs to so little it may stay text: at most 32 to 1) */
        round_trip(d->table, json, -1);
        free(json);
    }
    round_trip("member", "{\"branch_id\":1,\"name\":\"张红\",\"gender\":\"F\",\"birth_date\":"
                         "\"1980-01-01\",\"ethnicity\":\"汉族\",\"updated_at\":\"2026-11-21T08:00:00Z\"}",
               1);
    round_trip("dues_payment", "", 0);           /* empty: text */
    round_trip("dues_payment", "{}", 0);         /* too short to pay */
    round_trip("no_such_table", "{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5}", 0);
}

TEST(journal_codec_huge_minutes)
{
    /* a meeting with 200 KB of minutes, mixed Chinese and digits: several deflate blocks */
    size_t cap = 220000;
    char *json = malloc(cap);
    size_t n = (size_t)snprintf(json, cap, "{\"branch_id\":3,\"kind\":\"committee\",\"minutes\":\"");
    unsigned x = 12345;
    while (n < 200000) {
        x = x * 1103515245u + 12345u;
        static const char *const W[] = {"会议", "党员", "学习", "讨论", "决定", "支部", "，", "。"};
        n += (size_t)snprintf(json + n, cap - n, "%s%u", W[(x >> 16) % 8], (x >> 8) % 100);
    }
    snprintf(json + n, cap - n, "\",\"attendance\":[]}");
    round_trip("meeting", json, 1);
    free(json);
}

/* A payment's JSON as the journal records it, with NOTE as its note (a string literal). */
#define PAYMENT_SAMPLE(note)                                                                   \
    "{\"member_id\":82,\"branch_id\":3,\"paid_date\":\"2023-03-10\",\"receipt_no\":"             \
    "\"2023-0183\",\"from_month\":\"2023-03\",\"to_month\":\"2023-03\",\"amount\":"            \
    "8179,\"note\":\"" note "\",\"voided_at\":null,\"allocations\":[]}"

TEST(journal_codec_corrupt_is_not_a_crash)
{
    const char *json = PAYMENT_SAMPLE("备注");
    unsigned char *p = NULL;
    size_t n = 0;
    CHECK_INT(st_jz_pack("dues_payment", json, strlen(json), &p, &n), 1);
    if (!p) return;
    size_t m;
    /* every single byte changed, the blob cut short, the wrong table: never the text */
    for (size_t i = 0; i < n; i++) {
        unsigned char *q = malloc(n);
        memcpy(q, p, n);
        q[i] ^= 0x5a;
        char *t = st_jz_unpack("dues_payment", q, n, &m);
        CHECK(t == NULL || strcmp(t, json) != 0);
        free(t);
        free(q);
    }
    for (size_t k = 0; k < n; k++) CHECK(st_jz_unpack("dues_payment", p, k, &m) == NULL);
    char *t = st_jz_unpack("meeting", p, n, &m);
    CHECK(t == NULL || strcmp(t, json) != 0);
    free(t);
    CHECK(st_jz_unpack("dues_payment", "garbage garbage garbage", 23, &m) == NULL);
    free(p);

    /* through SQL: zj() passes text through and gives a corrupt blob back as it is */
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(":memory:", &db), SQLITE_OK);
    CHECK_INT(st_jz_sql_functions(db), SQLITE_OK);
    sqlite3_stmt *s = NULL;
    CHECK_INT(sqlite3_prepare_v2(db,
                                 "SELECT zj('meeting', '{\"a\":1}'), typeof(zj('meeting', x'00112233445566')),"
                                 " zj('meeting', NULL) IS NULL, zj('meeting', zj_pack('meeting', ?1)) = ?1,"
                                 " typeof(zj_pack('meeting', ?1))",
                                 -1, &s, NULL),
              SQLITE_OK);
    char big[2000];
    int k = snprintf(big, sizeof big, "{\"place\":\"村党群服务中心\",\"minutes\":\"");
    for (unsigned x = 7; k < 1500; x = x * 1103515245u + 12345u)
        k += snprintf(big + k, sizeof big - (size_t)k, "第%u项，", (x >> 8) % 100000);
    snprintf(big + k, sizeof big - (size_t)k, "\"}");
    sqlite3_bind_text(s, 1, big, -1, SQLITE_STATIC);
    CHECK_INT(sqlite3_step(s), SQLITE_ROW);
    CHECK_STR((const char *)sqlite3_column_text(s, 0), "{\"a\":1}");
    CHECK_STR((const char *)sqlite3_column_text(s, 1), "blob");
    CHECK_INT(sqlite3_column_int(s, 2), 1);
    CHECK_INT(sqlite3_column_int(s, 3), 1);
    CHECK_STR((const char *)sqlite3_column_text(s, 4), "blob");
    sqlite3_finalize(s);
    /* sqlar_uncompress of something that is not zlib: an SQL error */
    CHECK(sqlite3_exec(db, "SELECT sqlar_uncompress(x'0011223344', 100)", NULL, NULL, NULL) ==
          SQLITE_ERROR);
    sqlite3_close(db);
}

/* A database with one packed member entry: the view shows it as text, verify finds a byte
 * changed inside the blob. */
TEST(journal_codec_view_and_verify)
{
    char *path = test_db_path("packed.db");
    struct store *st = test_open_db(path, "书记甲");
    if (!st) return;
    int64_t b = fx_branch(st, "JA", "JA党支部", 0);
    struct member m;
    fx_member(st, &(struct fx_member){.branch = b, .name = "张红", .gender = "F", .join = "2001-07-01",
                                      .full = "2002-07-01"}, &m);
    store_close(st);
    char sql[400];
    snprintf(sql, sizeof sql,
             "SELECT id FROM history_data WHERE id IN (SELECT id FROM history WHERE row_uuid = '%s')"
             " AND typeof(new_json) = 'blob'", m.uuid);
    long long id = test_sql_int(path, sql);
    CHECK(id > 0);
    snprintf(sql, sizeof sql, "SELECT json_extract(new_json, '$.name') = '张红' FROM history WHERE id = %lld",
             id);
    CHECK_INT(test_sql_int(path, sql), 1);
    st = test_open_db(path, "书记甲");
    struct verify_result r;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    store_close(st);
    /* one byte in the middle of the packed value changed */
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *s = NULL;
    CHECK_INT(sqlite3_prepare_v2(db, "SELECT new_json FROM history_data WHERE id = ?1", -1, &s, NULL),
              SQLITE_OK);
    sqlite3_bind_int64(s, 1, id);
    CHECK_INT(sqlite3_step(s), SQLITE_ROW);
    int n = sqlite3_column_bytes(s, 0);
    unsigned char *blob = malloc((size_t)n);
    memcpy(blob, sqlite3_column_blob(s, 0), (size_t)n);
    sqlite3_finalize(s);
    blob[n / 2] ^= 0x01;
    CHECK_INT(sqlite3_prepare_v2(db, "UPDATE history_data SET new_json = ?2 WHERE id = ?1", -1, &s, NULL),
              SQLITE_OK);
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_blob(s, 2, blob, n, free);
    CHECK_INT(sqlite3_step(s), SQLITE_DONE);
    sqlite3_finalize(s);
    sqlite3_close(db);
    st = test_open_db(path, "书记甲");
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK(r.nproblems >= 1);
    bool chain = false;
    for (int i = 0; i < r.nproblems && i < VERIFY_MAX_PROBLEMS; i++)
        chain |= r.problems[i].kind == VERIFY_CHAIN && r.problems[i].entry_id == id &&
                 strstr(r.problems[i].message, "日志被改动") != NULL;
    CHECK(chain);
    store_close(st);
    free(path);
}

/* The demo's bulk (st_jz_plain): st_jz_bind and zj_pack() keep values as text while it is on,
 * and pack them again (the same bytes as st_jz_pack) once it is off. */
TEST(journal_codec_plain_while_the_demo_writes)
{
    const char *json = PAYMENT_SAMPLE("");
    unsigned char *want = NULL;
    size_t wantn = 0;
    CHECK_INT(st_jz_pack("dues_payment", json, strlen(json), &want, &wantn), 1);
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(":memory:", &db), SQLITE_OK);
    CHECK_INT(st_jz_sql_functions(db), SQLITE_OK);
    for (int plain = 1; plain >= 0; plain--) {
        st_jz_plain(plain != 0);
        sqlite3_stmt *s = NULL;
        CHECK_INT(sqlite3_prepare_v2(db, "SELECT typeof(?1), ?1, zj_pack('dues_payment', ?2),"
                                         " typeof(zj_pack('dues_payment', ?2))", -1, &s, NULL),
                  SQLITE_OK);
        if (!s) break;
        CHECK_INT(st_jz_bind(s, 1, "dues_payment", json), SQLITE_OK);
        sqlite3_bind_text(s, 2, json, -1, SQLITE_STATIC);
        CHECK_INT(sqlite3_step(s), SQLITE_ROW);
        const char *type = plain ? "text" : "blob";
        CHECK_STR((const char *)sqlite3_column_text(s, 0), type);
        CHECK_STR((const char *)sqlite3_column_text(s, 3), type);
        for (int c = 1; c <= 2; c++) {
            size_t n = (size_t)sqlite3_column_bytes(s, c);
            const void *v = sqlite3_column_blob(s, c);
            if (plain) {
                CHECK_INT((long long)n, (long long)strlen(json));
                CHECK(v && memcmp(v, json, n) == 0);
            } else {
                CHECK_INT((long long)n, (long long)wantn);
                CHECK(v && memcmp(v, want, n) == 0);
            }
        }
        sqlite3_finalize(s);
    }
    st_jz_plain(false);
    sqlite3_close(db);
    free(want);
}

/* The seal reads old_json and new_json as stored and unpacks them on its hashing thread
 * (journal.c seal_hash), as zj() would: the hash of a packed entry is over its text, and a
 * blob that does not unpack is hashed as its bytes, which is what verify recomputes
 * (journal_entry.c). Sealed in one commit: two members' entries packed, and one whose new
 * value was made a blob that unpacks to nothing before the commit sealed it. */
TEST(journal_codec_seal_hashes_the_text_of_packed_entries)
{
    char *path = test_db_path("sealpacked.db");
    struct store *st = test_open_db(path, "书记甲");
    if (!st) return;
    int64_t b = fx_branch(st, "JS", "JS党支部", 0);
    CHECK_INT(store_begin(st), STORE_OK);
    struct member m1, m2;
    fx_member(st, &(struct fx_member){.branch = b, .name = "赵一", .gender = "F", .join = "2001-07-01",
                                      .full = "2002-07-01"}, &m1);
    fx_member(st, &(struct fx_member){.branch = b, .name = "钱二", .gender = "M", .join = "2003-07-01",
                                      .full = "2004-07-01"}, &m2);
    /* behind the store's back, in its transaction: 钱二's entry's value a blob of no dictionary's */
    char *sql = sqlite3_mprintf("UPDATE history_data SET new_json = X'0102030405060708090a'"
                                " WHERE hash IS NULL AND id = (SELECT max(id) FROM history_data)");
    CHECK_INT(sqlite3_exec(st->db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_free(sql);
    CHECK_INT(store_commit(st), STORE_OK);
    store_close(st);
    CHECK_INT(test_sql_int(path, "SELECT count(*) FROM history_data WHERE hash IS NULL"), 0);
    CHECK(test_sql_int(path, "SELECT count(*) FROM history_data WHERE typeof(new_json) = 'blob'"
                             " AND length(new_json) > 10") >= 2);
    st = test_open_db(path, "书记甲");
    struct verify_result r;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    int chain = 0, changed = 0;
    for (int i = 0; i < r.nproblems && i < VERIFY_MAX_PROBLEMS; i++) {
        chain += r.problems[i].kind == VERIFY_CHAIN;
        changed += r.problems[i].kind == VERIFY_ROW_CHANGED;
    }
    CHECK_INT(chain, 0);   /* every hash the seal wrote is the one verify computes */
    CHECK_INT(changed, 1); /* 钱二's row is not what the broken entry holds */
    CHECK_INT(r.nproblems, 1);
    store_close(st);
    free(path);
}
