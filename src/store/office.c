/* office.c — the office's identity (store_office.h): the key pair written once, when the
 * database is created or first opened by a zhibu that knows offices (schema 8), and the test
 * mark fixed at that moment. */
#include "store_priv.h"
#include "store_json.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/store_office.h"
#include "zhibu/util.h"

static int sodium_up(struct store *st)
{
    static int ok;
    if (!ok) ok = sodium_init() >= 0 ? 1 : -1;
    if (ok < 0) return st_fail(st, STORE_ERR, "无法初始化加密库（libsodium）");
    return STORE_OK;
}

int st_office_ensure(struct store *st, bool created, bool test_clock)
{
    int rc = sodium_up(st);
    if (rc != STORE_OK) return rc;
    int have = 0;
    sqlite3_stmt *s = st_stmt(st, S_OFFICE_KEY_GET, "SELECT count(*) FROM office_key");
    if (!s) return STORE_ERR;
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW) have = sqlite3_column_int(s, 0);
    st_done(s);
    if (src != SQLITE_ROW) return st_sqlfail(st, src, "读取本单位密钥");
    if (have) return STORE_OK;

    /* the row is the office's: its uuid is the office's (schema 7 made one for every database) */
    char uuid[UUID_STR_LEN];
    if (store_meta_get(st, "office_uuid", uuid, sizeof uuid) != STORE_OK || !uuid[0])
        store_uuid(uuid);
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_keypair(pk, sk);
    char hex[OFFICE_PK_HEX], now[24];
    sodium_bin2hex(hex, sizeof hex, pk, sizeof pk);
    clock_now_iso(now);
    s = st_stmt(st, S_OFFICE_KEY_INSERT,
                "INSERT INTO office_key(id, uuid, public_key, secret_key, test_clock, created_at)"
                " VALUES (1, ?1, ?2, ?3, ?4, ?5)");
    if (!s) {
        sodium_memzero(sk, sizeof sk);
        return STORE_ERR;
    }
    st_bind_text(s, 1, uuid);
    st_bind_text(s, 2, hex);
    sqlite3_bind_blob(s, 3, sk, (int)sizeof sk, SQLITE_TRANSIENT);
    sqlite3_bind_int(s, 4, test_clock ? 1 : 0);
    st_bind_text(s, 5, now);
    sodium_memzero(sk, sizeof sk);
    rc = st_step_write(st, s, "建立本单位密钥");
    if (rc != STORE_OK) return rc;
    /* its public fields in the journal (chain 0): a mark changed behind zhibu's back shows */
    int64_t h = st_history_begin(st, "office_key", uuid, created ? "insert" : "baseline",
                                 S_OFFICE_KEY_JSON, NULL, 1);
    if (h < 0) return (int)h;
    return st_history_finish(st, h, S_OFFICE_KEY_JSON, OFFICE_KEY_JSON, 1);
}

/* The mark counts only while the row is what the journal last recorded of it: a test_clock
 * set with the sqlite3 shell (triggers dropped) does not switch the clock overrides on. */
bool store_office_test_clock(struct store *st)
{
    sqlite3_stmt *s = st_stmt(st, S_OFFICE_TEST_CLOCK,
                              "SELECT test_clock FROM office_key k WHERE test_clock = 1"
                              " AND " OFFICE_KEY_JSON_EXPR " = (SELECT h.new_json FROM history h"
                              " WHERE h.table_name = 'office_key' AND h.row_uuid = k.uuid"
                              " AND h.new_json IS NOT NULL ORDER BY h.id DESC LIMIT 1)");
    if (!s) return false;
    bool on = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) == 1;
    st_done(s);
    return on;
}

/* Base32 without 0/O/1/I/L/U: nothing to mishear or misread. */
static const char FPR_ALPHABET[] = "ABCDEFGHJKMNPQRSTVWXYZ23456789";

void office_fingerprint(const char *pk_hex, char out[OFFICE_FPR_LEN])
{
    out[0] = '\0';
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    size_t n = 0;
    if (!pk_hex || strlen(pk_hex) != 2 * sizeof pk ||
        sodium_hex2bin(pk, sizeof pk, pk_hex, strlen(pk_hex), NULL, &n, NULL) != 0 ||
        n != sizeof pk)
        return;
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, pk, sizeof pk);
    size_t k = 0;
    for (int i = 0; i < 16; i++) {
        if (i && i % 4 == 0) out[k++] = '-';
        out[k++] = FPR_ALPHABET[h[i] % (sizeof FPR_ALPHABET - 1)];
    }
    out[k] = '\0';
}

int store_office_public(struct store *st, char pk_hex[OFFICE_PK_HEX],
                        char fingerprint[OFFICE_FPR_LEN])
{
    pk_hex[0] = '\0';
    fingerprint[0] = '\0';
    int rc = sodium_up(st);
    if (rc != STORE_OK) return rc;
    sqlite3_stmt *s = st_stmt(st, S_OFFICE_PUBLIC, "SELECT public_key FROM office_key");
    if (!s) return STORE_ERR;
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW) st_col_text(s, 0, pk_hex, OFFICE_PK_HEX);
    st_done(s);
    if (src == SQLITE_DONE) return st_fail(st, STORE_ERR_NOT_FOUND, "本数据库还没有单位密钥");
    if (src != SQLITE_ROW) return st_sqlfail(st, src, "读取本单位密钥");
    office_fingerprint(pk_hex, fingerprint);
    return STORE_OK;
}
