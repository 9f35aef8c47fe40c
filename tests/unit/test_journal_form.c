/* Unit tests of the compact forms of schema 14 (journal_form.c): a canonical uuid, action or time
 * round trips to the same text; anything else (upper case, another shape, an impossible date,
 * NULL) is refused and so kept as text; the view's SQL (built-in functions only) decodes each
 * compact form to the same text as the C decoders. */
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../../src/store/journal_codec.h"
#include "../../src/store/journal_priv.h"
#include "test.h"

static void uuid_trip(const char *s, int want)
{
    unsigned char b[16];
    int got = st_jz_uuid_bin(s, s ? strlen(s) : 0, b);
    CHECK_INT(got, want);
    if (got) {
        char back[37];
        st_jz_uuid_text(b, back);
        CHECK_STR(back, s);
    }
}

TEST(journal_form_uuid)
{
    uuid_trip("0be5b0a8-087a-4a25-9ce9-02ecb3823909", 1);
    uuid_trip("00000000-0000-0000-0000-000000000000", 1);
    uuid_trip("ffffffff-ffff-ffff-ffff-ffffffffffff", 1);
    uuid_trip("0BE5B0A8-087A-4A25-9CE9-02ECB3823909", 0); /* upper case: kept as text */
    uuid_trip("0be5b0a8-087a-4a25-9ce9-02ecb382390", 0);  /* 35 characters */
    uuid_trip("0be5b0a8-087a-4a25-9ce9-02ecb38239099", 0);
    uuid_trip("0be5b0a8087a-4a25-9ce9-02ecb3823909-", 0); /* dashes elsewhere */
    uuid_trip("0be5b0a8-087a-4a25-9ce9_02ecb3823909", 0);
    uuid_trip("0be5b0a8-087a-4a25-9ce9-02ecb382390g", 0);
    uuid_trip("", 0);
    uuid_trip(NULL, 0);
    unsigned char b[16];
    CHECK_INT(st_jz_uuid_bin("0be5b0a8-087a-4a25-9ce9-02ecb3823909\0x", 37, b), 0);
}

/* The uuid's reading (a table of the hex digits' values) against a plain one: every byte at
 * every place of a canonical uuid is taken exactly when it is a dash where the dashes go, else
 * a lower-case hex digit elsewhere; taken, the bytes are the digits' values. */
static int uuid_ref(const unsigned char *s, unsigned char out[16])
{
    int k = 0;
    for (int i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash != (s[i] == '-')) return 0;
        if (dash) continue;
        int v = s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : s[i] >= 'a' && s[i] <= 'f' ? s[i] - 'a' + 10 : -1;
        if (v < 0) return 0;
        if (k % 2 == 0) out[k / 2] = (unsigned char)(v << 4);
        else out[k / 2] |= (unsigned char)v;
        k++;
    }
    return k == 32;
}

TEST(journal_form_uuid_every_byte)
{
    const char *base = "0be5b0a8-087a-4a25-9ce9-02ecb3823909";
    int bad = 0, taken = 0;
    for (int pos = 0; pos < 36; pos++)
        for (int c = 1; c < 256; c++) {
            unsigned char s[37], b[16], want[16];
            memcpy(s, base, 37);
            s[pos] = (unsigned char)c;
            int got = st_jz_uuid_bin((const char *)s, 36, b);
            int ref = uuid_ref(s, want);
            if (got != ref || (got && memcmp(b, want, 16) != 0)) bad++;
            taken += got;
        }
    CHECK_INT(bad, 0);
    CHECK_INT(taken, 32 * 16 + 4); /* 16 digits at each of 32 places, the dash at its 4 */
}

static void time_trip(const char *s, int want)
{
    int64_t t = -1;
    int got = st_jz_time_int(s, s ? strlen(s) : 0, &t);
    CHECK_INT(got, want);
    if (got) {
        char back[21];
        CHECK(st_jz_time_text(t, back));
        CHECK_STR(back, s);
    }
}

TEST(journal_form_time)
{
    time_trip("2026-11-21T16:48:32Z", 1);
    time_trip("1970-01-01T00:00:00Z", 1);
    time_trip("2024-02-29T23:59:59Z", 1);
    time_trip("9999-12-31T23:59:59Z", 1);
    time_trip("2000-02-29T12:00:00Z", 1);
    time_trip("2100-02-29T12:00:00Z", 0); /* no such day */
    time_trip("2026-02-30T00:00:00Z", 0);
    time_trip("2026-04-31T00:00:00Z", 0);
    time_trip("2026-13-01T00:00:00Z", 0);
    time_trip("2026-00-10T00:00:00Z", 0);
    time_trip("2026-11-21T24:00:00Z", 0);
    time_trip("2026-11-21T23:60:00Z", 0);
    time_trip("2026-11-21T23:59:60Z", 0); /* a leap second: kept as text */
    time_trip("1969-12-31T23:59:59Z", 0);
    time_trip("2026-11-21 16:48:32Z", 0); /* other forms: as they were written */
    time_trip("2026-11-21t16:48:32Z", 0);
    time_trip("2026-11-21T16:48:32", 0);
    time_trip("2026-11-21T16:48:32.000Z", 0);
    time_trip("2026-11-21T16:48:32+00:00", 0);
    time_trip("+026-11-21T16:48:32Z", 0);
    time_trip("", 0);
    time_trip(NULL, 0);
    char out[21];
    CHECK(!st_jz_time_text(-1, out));
    CHECK(!st_jz_time_text(253402300800LL, out));
}

TEST(journal_form_action)
{
    static const char *const names[] = {
        "insert", "update", "void", "leave", "baseline", "end", "notice", "fulfil",
        "full", "mobile", "transfer_in", "transfer_out", "reopen", "import", "login",
        "login_failed", "locked", "passwd", "disable", "enable", "disqualify", "station",
        "learn_key", "delete",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        int code = st_jz_action_code(names[i], strlen(names[i]));
        CHECK_INT(code, (int)i + 1); /* frozen: stored in every ledger */
        CHECK_STR(st_jz_action_name(code), names[i]);
    }
    CHECK_INT(st_jz_action_code("Insert", 6), 0);
    CHECK_INT(st_jz_action_code("insert ", 7), 0);
    CHECK_INT(st_jz_action_code("ins", 3), 0);
    CHECK_INT(st_jz_action_code("", 0), 0);
    CHECK_INT(st_jz_action_code(NULL, 0), 0);
    CHECK(st_jz_action_name(0) == NULL);
    CHECK(st_jz_action_name(25) == NULL);
    CHECK(st_jz_action_name(-1) == NULL);
}

/* one text from SQL (NULL: SQL NULL) into out */
static void sql_text(sqlite3 *db, const char *sql, sqlite3_int64 arg, const void *blob, char *out,
                     size_t outsz)
{
    sqlite3_stmt *s = NULL;
    out[0] = '\0';
    CHECK_INT(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
    if (!s) return;
    if (blob) sqlite3_bind_blob(s, 1, blob, 16, SQLITE_STATIC);
    else sqlite3_bind_int64(s, 1, arg);
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
        snprintf(out, outsz, "%s", (const char *)sqlite3_column_text(s, 0));
    else snprintf(out, outsz, "(null)");
    sqlite3_finalize(s);
}

TEST(journal_form_view_sql_decodes_as_c)
{
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(":memory:", &db), SQLITE_OK);
    char got[64];
    /* times: a spread over the range, each second of a day's edges */
    for (int64_t t = 0; t < 253402300799LL; t += 86399LL * 367 + 12345) {
        char want[21];
        CHECK(st_jz_time_text(t, want));
        sql_text(db, "SELECT " JZ_TIME_TEXT("?1"), t, NULL, got, sizeof got);
        CHECK_STR(got, want);
        int64_t back = -1;
        CHECK_INT(st_jz_time_int(want, 20, &back), 1);
        CHECK_INT(back, t);
    }
    sql_text(db, "SELECT " JZ_TIME_TEXT("?1"), 253402300799LL, NULL, got, sizeof got);
    CHECK_STR(got, "9999-12-31T23:59:59Z");
    for (int code = 1; code <= 24; code++) {
        sql_text(db, "SELECT " JZ_ACTION_TEXT("?1"), code, NULL, got, sizeof got);
        CHECK_STR(got, st_jz_action_name(code));
    }
    unsigned char b[16];
    CHECK_INT(st_jz_uuid_bin("0be5b0a8-087a-4a25-9ce9-02ecb3823909", 36, b), 1);
    sql_text(db, "SELECT " JZ_UUID_TEXT("?1"), 0, b, got, sizeof got);
    CHECK_STR(got, "0be5b0a8-087a-4a25-9ce9-02ecb3823909");
    /* the encoders as SQL: compact only when canonical, anything else as it is */
    CHECK_INT(st_jz_form_functions(db), SQLITE_OK);
    sql_text(db, "SELECT typeof(zj_uuid('0BE5B0A8-087A-4A25-9CE9-02ECB3823909')) ||"
                 " typeof(zj_uuid('0be5b0a8-087a-4a25-9ce9-02ecb3823909')) || typeof(zj_uuid(?1))",
             7, NULL, got, sizeof got);
    CHECK_STR(got, "textblobinteger");
    sql_text(db, "SELECT zj_time('2026-11-21 16:48:32Z') || ' ' || zj_time('2026-11-21T16:48:32Z')"
                 " || ' ' || typeof(zj_time(?1)) || ' ' || zj_action('update') || ' '"
                 " || zj_action('UPDATE') || ' ' || quote(zj_action(NULL))",
             1764039125, NULL, got, sizeof got);
    CHECK_STR(got, "2026-11-21 16:48:32Z 1795279712 integer 2 UPDATE NULL");
    sqlite3_close(db);
}

/* st_jz_time_text(t) is the C library's UTC calendar text of t */
static void time_as_gmtime(int64_t t)
{
    char got[21], want[32];
    time_t tt = (time_t)t;
    struct tm tm;
    CHECK(gmtime_r(&tt, &tm) != NULL);
    strftime(want, sizeof want, "%Y-%m-%dT%H:%M:%SZ", &tm);
    CHECK(st_jz_time_text(t, got));
    CHECK_STR(got, want);
}

/* st_jz_time_text writes its digits itself: the same text as the C library's UTC calendar, for
 * every second of two days' edges and a dense spread of the range */
TEST(journal_form_time_text_as_gmtime)
{
    int64_t edges[] = {0, 59, 60, 3599, 3600, 86399, 86400, 951782400 /* 2000-02-29 */,
                       1796256000 - 1, 1796256000, 253402300799LL};
    for (size_t i = 0; i < sizeof edges / sizeof *edges; i++)
        for (int64_t t = edges[i] > 2 ? edges[i] - 2 : 0; t <= edges[i] + 2 && t <= 253402300799LL;
             t++)
            time_as_gmtime(t);
    for (int64_t t = 17; t < 253402300799LL; t += 7777777) time_as_gmtime(t);
}

/* schema 14's table codes: frozen (stored in every ledger), every table zhibu journals has one,
 * the view's SQL decodes and the triggers' SQL encodes as C does, anything else stays text */
TEST(journal_form_table)
{
    static const char *const names[] = {
        "branch", "party_group", "member", "meeting", "meeting_plan", "dues_basis", "dues_adjust",
        "dues_payment", "member_mobile", "mobile_contact", "member_transfer", "post",
        "post_holding", "post_report", "post_review", "post_excuse", "audit_verdict",
        "rectification", "handin", "app_user", "amend_request", "office_key", "office_peer",
        "probation_decision", "station", "township", "township_branch", "district_office",
        "district_verdict", "spot_check", "candidate", "candidate_step", "appraisal_result",
        "committee_term", "office_term", "dues_remittance", "office",
    };
    const int n = (int)(sizeof names / sizeof names[0]);
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(":memory:", &db), SQLITE_OK);
    CHECK_INT(st_jz_form_functions(db), SQLITE_OK);
    char got[64], sql[200];
    for (int i = 0; i < n; i++) {
        int code = st_jz_table_code(names[i], strlen(names[i]));
        CHECK_INT(code, i + 1);
        CHECK_STR(st_jz_table_name(code), names[i]);
        sql_text(db, "SELECT " JZ_TABLE_TEXT("?1"), code, NULL, got, sizeof got);
        CHECK_STR(got, names[i]);
        sqlite3_stmt *s = NULL;
        CHECK_INT(sqlite3_prepare_v2(db, "SELECT typeof(x) || ' ' || x FROM (SELECT "
                                         JZ_TABLE_ENC("?1") " AS x)", -1, &s, NULL), SQLITE_OK);
        if (!s) continue;
        sqlite3_bind_text(s, 1, names[i], -1, SQLITE_STATIC);
        CHECK_INT(sqlite3_step(s), SQLITE_ROW);
        snprintf(sql, sizeof sql, "integer %d", i + 1);
        CHECK_STR((const char *)sqlite3_column_text(s, 0), sql);
        sqlite3_finalize(s);
    }
    /* every table of st_journaled has a code */
    for (int i = 0; i < st_njournaled; i++)
        CHECK(st_jz_table_code(st_journaled[i].table, strlen(st_journaled[i].table)) > 0);
    CHECK_INT(st_jz_table_code("Member", 6), 0);
    CHECK_INT(st_jz_table_code("member ", 7), 0);
    CHECK_INT(st_jz_table_code("", 0), 0);
    CHECK_INT(st_jz_table_code(NULL, 0), 0);
    CHECK(st_jz_table_name(0) == NULL);
    CHECK(st_jz_table_name(n + 1) == NULL);
    /* an unknown code reads as itself; other names and types stay text */
    sql_text(db, "SELECT " JZ_TABLE_TEXT("?1"), 99, NULL, got, sizeof got);
    CHECK_STR(got, "99");
    sql_text(db, "SELECT typeof(zj_table('Member')) || typeof(zj_table('member'))"
                 " || typeof(zj_table(?1)) || typeof(" JZ_TABLE_ENC("'Member'") ")"
                 " || typeof(" JZ_TABLE_ENC("3") ")",
             3, NULL, got, sizeof got);
    CHECK_STR(got, "textintegerintegertexttext");
    /* a row uuid: compact only when canonical */
    sql_text(db, "SELECT typeof(zj_uuid(upper(x))) || typeof(zj_uuid(x)) || length(zj_uuid(x))"
                 " FROM (SELECT '0be5b0a8-087a-4a25-9ce9-02ecb3823909' AS x WHERE ?1)",
             1, NULL, got, sizeof got);
    CHECK_STR(got, "textblob16");
    sqlite3_close(db);
}
