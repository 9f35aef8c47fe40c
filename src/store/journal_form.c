/* journal_form.c — the compact forms of a journal entry's uuid, action and time (schema 14).
 *
 * history_data keeps a value in a compact form only when it is canonical and decodes back to
 * exactly the same text; anything else stays text, byte for byte (a value written by hand is
 * evidence, and verify must still see it as it was written):
 * - uuid: a lower-case 36-character UUID (8-4-4-4-12 hex digits) as its 16 bytes (a blob);
 * - action: a name of ACTIONS below as its code (an integer; the list is frozen: codes are
 *   stored, append only);
 * - changed_at: "YYYY-MM-DDTHH:MM:SSZ" (what clock_now_iso writes), years 1970..9999, as unix
 *   seconds (an integer) when strftime gives the same text back;
 * - table_name: a name of JZ_TABLES (journal_codec.h) as its code (an integer; frozen, append
 *   only).
 * The view history decodes them with built-in SQL only (JZ_UUID_TEXT, JZ_ACTION_TEXT,
 * JZ_TIME_TEXT in journal_codec.h); st_entry_read (journal_entry.c) decodes them in C. */
#include "journal_codec.h"

#include <stdint.h>
#include <string.h>

/* Frozen: the code of ACTIONS[i] is i + 1 (JZ_ACTION_TEXT spells the same list in SQL). */
static const char *const ACTIONS[] = {
    "insert", "update", "void", "leave", "baseline", "end", "notice", "fulfil",
    "full", "mobile", "transfer_in", "transfer_out", "reopen", "import", "login",
    "login_failed", "locked", "passwd", "disable", "enable", "disqualify", "station",
    "learn_key", "delete",
};
#define N_ACTIONS ((int)(sizeof ACTIONS / sizeof ACTIONS[0]))

/* A lower-case hex digit's value + 1 (0: not one), by its byte (issue 17: every writer turns
 * its uuids' text into bytes; the demo ~150k of them a branch) */
static const unsigned char HEX1[256] = {
    ['0'] = 1,  ['1'] = 2,  ['2'] = 3,  ['3'] = 4,  ['4'] = 5,  ['5'] = 6,
    ['6'] = 7,  ['7'] = 8,  ['8'] = 9,  ['9'] = 10, ['a'] = 11, ['b'] = 12,
    ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
};

int st_jz_uuid_bin(const char *s, size_t n, unsigned char out[16])
{
    /* 8-4-4-4-12 lower-case hex digits: each byte's two digits lie in one group */
    if (!s || n != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-') return 0;
    const unsigned char *u = (const unsigned char *)s;
    int k = 0;
    for (size_t i = 0; i < 36; i += 2) {
        if (i == 8 || i == 13 || i == 18 || i == 23) i++;
        unsigned a = HEX1[u[i]], b = HEX1[u[i + 1]];
        if (!a || !b) return 0;
        out[k++] = (unsigned char)((a - 1) * 16 + (b - 1));
    }
    return k == 16;
}

void st_jz_uuid_text(const unsigned char b[16], char out[37])
{
    static const char hex[] = "0123456789abcdef";
    char *p = out;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) *p++ = '-';
        *p++ = hex[b[i] >> 4];
        *p++ = hex[b[i] & 15];
    }
    *p = '\0';
}

int st_jz_action_code(const char *s, size_t n)
{
    if (!s) return 0;
    for (int i = 0; i < N_ACTIONS; i++)
        if (strlen(ACTIONS[i]) == n && memcmp(ACTIONS[i], s, n) == 0) return i + 1;
    return 0;
}

const char *st_jz_action_name(int64_t code)
{
    return code >= 1 && code <= N_ACTIONS ? ACTIONS[code - 1] : NULL;
}

static const char *const TABLES[] = {
#define JZ_T_NAME_(n, s) s,
    JZ_TABLES(JZ_T_NAME_)
#undef JZ_T_NAME_
};
#define N_TABLES ((int)(sizeof TABLES / sizeof TABLES[0]))

int st_jz_table_code(const char *s, size_t n)
{
    if (!s) return 0;
    for (int i = 0; i < N_TABLES; i++)
        if (strlen(TABLES[i]) == n && memcmp(TABLES[i], s, n) == 0) return i + 1;
    return 0;
}

const char *st_jz_table_name(int64_t code)
{
    return code >= 1 && code <= N_TABLES ? TABLES[code - 1] : NULL;
}

/* days since 1970-01-01 of a civil date (proleptic Gregorian, as SQLite's date functions) */
static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

bool st_jz_time_text(int64_t t, char out[21])
{
    if (t < 0 || t > 253402300799LL) return false; /* 1970 .. 9999-12-31T23:59:59Z */
    int64_t z = t / 86400 + 719468, secs = t % 86400;
    int64_t era = z / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    /* "%04u-%02u-%02uT%02u:%02u:%02uZ" written digit by digit: verify decodes every entry's
     * time (millions), where snprintf was a tenth of the chain walk's own work */
    unsigned v[6] = {(unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u,
                     (unsigned)(secs / 3600) % 100u, (unsigned)(secs / 60 % 60) % 100u,
                     (unsigned)(secs % 60) % 100u};
    out[0] = (char)('0' + v[0] / 1000);
    out[1] = (char)('0' + v[0] / 100 % 10);
    out[2] = (char)('0' + v[0] / 10 % 10);
    out[3] = (char)('0' + v[0] % 10);
    static const char sep[5] = {'-', '-', 'T', ':', ':'};
    for (int i = 1; i < 6; i++) {
        out[3 * i + 1] = sep[i - 1];
        out[3 * i + 2] = (char)('0' + v[i] / 10);
        out[3 * i + 3] = (char)('0' + v[i] % 10);
    }
    out[19] = 'Z';
    out[20] = '\0';
    return true;
}

int st_jz_time_int(const char *s, size_t n, int64_t *out)
{
    if (!s || n != 20) return 0;
    static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
    for (int i = 0; i < 20; i++) {
        if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i]) return 0;
    }
#define NUM2(i) ((s[i] - '0') * 10 + (s[(i) + 1] - '0'))
    int y = NUM2(0) * 100 + NUM2(2), mo = NUM2(5), d = NUM2(8);
    int h = NUM2(11), mi = NUM2(14), se = NUM2(17);
#undef NUM2
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59) return 0;
    int64_t t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
    char back[21];
    if (!st_jz_time_text(t, back) || memcmp(back, s, 20) != 0) return 0; /* 31 February */
    *out = t;
    return 1;
}

/* ---- SQL: the encoders (writers, the upgrade) ------------------------------------------- */

static void enc_uuid(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    unsigned char b[16];
    if (sqlite3_value_type(argv[0]) == SQLITE_TEXT &&
        st_jz_uuid_bin((const char *)sqlite3_value_text(argv[0]),
                       (size_t)sqlite3_value_bytes(argv[0]), b))
        sqlite3_result_blob(ctx, b, 16, SQLITE_TRANSIENT);
    else
        sqlite3_result_value(ctx, argv[0]);
}

static void enc_action(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    int code = sqlite3_value_type(argv[0]) == SQLITE_TEXT
                   ? st_jz_action_code((const char *)sqlite3_value_text(argv[0]),
                                       (size_t)sqlite3_value_bytes(argv[0]))
                   : 0;
    if (code) sqlite3_result_int(ctx, code);
    else sqlite3_result_value(ctx, argv[0]);
}

static void enc_table(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    int code = sqlite3_value_type(argv[0]) == SQLITE_TEXT
                   ? st_jz_table_code((const char *)sqlite3_value_text(argv[0]),
                                      (size_t)sqlite3_value_bytes(argv[0]))
                   : 0;
    if (code) sqlite3_result_int(ctx, code);
    else sqlite3_result_value(ctx, argv[0]);
}

/* zj_uuid_text(v), zj_table_text(v): a stored row uuid or table as text, as JZ_UUID_TEXT and
 * JZ_TABLE_TEXT read it (zhibu's own statements: faster than the built-in SQL). */
static void dec_uuid(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    char t[37];
    if (sqlite3_value_type(argv[0]) == SQLITE_BLOB && sqlite3_value_bytes(argv[0]) == 16) {
        st_jz_uuid_text(sqlite3_value_blob(argv[0]), t);
        sqlite3_result_text(ctx, t, 36, SQLITE_TRANSIENT);
    } else
        sqlite3_result_value(ctx, argv[0]);
}

static void dec_table(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *t = sqlite3_value_type(argv[0]) == SQLITE_INTEGER
                        ? st_jz_table_name(sqlite3_value_int64(argv[0]))
                        : NULL;
    if (t) sqlite3_result_text(ctx, t, -1, SQLITE_STATIC);
    else sqlite3_result_value(ctx, argv[0]);
}

static void enc_time(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    int64_t t;
    if (sqlite3_value_type(argv[0]) == SQLITE_TEXT &&
        st_jz_time_int((const char *)sqlite3_value_text(argv[0]),
                       (size_t)sqlite3_value_bytes(argv[0]), &t))
        sqlite3_result_int64(ctx, t);
    else
        sqlite3_result_value(ctx, argv[0]);
}

/* zj_json_made(v): a JSON text that SQLite's own JSON functions made (json_group_array's, read
 * through a scalar subquery, which may drop its JSON subtype), marked as JSON as json(v) would,
 * without parsing and writing it again (the demo's journal: history.c st_history_insert_whole).
 * Only for such text: it is not checked. */
#define JZ_JSON_SUBTYPE 74 /* 'J', SQLite's JSON subtype */
static void json_made(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sqlite3_result_value(ctx, argv[0]);
    if (sqlite3_value_type(argv[0]) == SQLITE_TEXT) sqlite3_result_subtype(ctx, JZ_JSON_SUBTYPE);
}

int st_jz_form_functions(sqlite3 *db)
{
    const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    int rc = sqlite3_create_function(db, "zj_uuid", 1, flags, NULL, enc_uuid, NULL, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_create_function(db, "zj_action", 1, flags, NULL, enc_action, NULL, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_create_function(db, "zj_time", 1, flags, NULL, enc_time, NULL, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_create_function(db, "zj_table", 1, flags, NULL, enc_table, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "zj_uuid_text", 1, flags, NULL, dec_uuid, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "zj_table_text", 1, flags, NULL, dec_table, NULL, NULL);
    /* direct only: a view or trigger of a file cannot have text taken as JSON unchecked */
    int made = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY;
#ifdef SQLITE_RESULT_SUBTYPE
    made |= SQLITE_RESULT_SUBTYPE; /* (SQLite 3.45 on: it sets a subtype) */
#endif
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "zj_json_made", 1, made, NULL, json_made, NULL, NULL);
    return rc;
}
