/* forge.c — a test tool, never installed: re-sign a bundle after a test changed it, so that the
 * test proves the import's content checks rather than the checksum or the signature.
 *
 *   forge resign BUNDLE.zbx DB
 *
 * recomputes payload_sha256 over the payload rows in id order (as the check does: empty rows
 * count for nothing) and signs the manifest with the office key of the database DB
 * (office_public_key and office_fingerprint become that office's; every other manifest row is
 * left as the test wrote it). A month bundle (kind month: parts, no payload) gets each part's
 * sha256 and bytes in its manifest entry part:NNNN recomputed from the part row instead; a
 * district bundle (kind district: rows) its rows_sha256. Prints the signing office's fingerprint. Exit 0, or 1 with a
 * message. Built by `make unit` as $(BUILD)/forge from the library's objects: the signing is
 * bundle.c's own (st_bundle_sign), so a forged bundle is signed exactly as an export is. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "../../src/store/store_priv.h"
#include "zhibu/store.h"
#include "zhibu/store_district.h"
#include "zhibu/store_office.h"

static void hex_of(crypto_hash_sha256_state *h, char out[65])
{
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(h, d);
    sodium_bin2hex(out, 65, d, sizeof d);
}

static int sign_and_close(sqlite3 *b, struct store *st, const char *bundle, int rc)
{
    if (rc != SQLITE_OK) {
        fprintf(stderr, "forge: %s: %s\n", bundle, sqlite3_errmsg(b));
    } else if (st_bundle_sign(st, b) != STORE_OK) {
        fprintf(stderr, "forge: %s\n", store_errmsg(st));
        rc = SQLITE_ERROR;
    }
    if (rc == SQLITE_OK) rc = sqlite3_exec(b, "COMMIT", NULL, NULL, NULL);
    sqlite3_close(b);
    char pk[OFFICE_PK_HEX], fpr[OFFICE_FPR_LEN];
    if (rc == SQLITE_OK && store_office_public(st, pk, fpr) == STORE_OK) printf("%s\n", fpr);
    store_close(st);
    return rc == SQLITE_OK ? 0 : 1;
}

static int resign_month(sqlite3 *b, struct store *st, const char *bundle)
{
    sqlite3_stmt *s = NULL, *u = NULL;
    int rc = sqlite3_prepare_v2(b, "SELECT id, data FROM part ORDER BY id", -1, &s, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(b, "UPDATE manifest SET value = json_set(value, '$.sha256', ?2,"
                                   " '$.bytes', ?3) WHERE key = printf('part:%04d', ?1)",
                                -1, &u, NULL);
    while (rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
        crypto_hash_sha256_state h;
        crypto_hash_sha256_init(&h);
        int k = sqlite3_column_bytes(s, 1);
        const void *p = sqlite3_column_blob(s, 1);
        if (k > 0 && p) crypto_hash_sha256_update(&h, p, (unsigned long long)k);
        char hex[65];
        hex_of(&h, hex);
        sqlite3_reset(u);
        sqlite3_bind_int64(u, 1, sqlite3_column_int64(s, 0));
        sqlite3_bind_text(u, 2, hex, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(u, 3, k);
        if (sqlite3_step(u) != SQLITE_DONE) rc = SQLITE_ERROR;
    }
    sqlite3_finalize(s);
    sqlite3_finalize(u);
    return sign_and_close(b, st, bundle, rc);
}

static void field(crypto_hash_sha256_state *h, const char *v)
{
    char len[24];
    int k = snprintf(len, sizeof len, "%zu:", strlen(v));
    crypto_hash_sha256_update(h, (const unsigned char *)len, (unsigned long long)k);
    crypto_hash_sha256_update(h, (const unsigned char *)v, strlen(v));
}

static int resign_district(sqlite3 *b, struct store *st, const char *bundle)
{
    sqlite3_stmt *s = NULL;
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    int rc = sqlite3_prepare_v2(b, "SELECT tbl, uuid, json FROM row ORDER BY id", -1, &s, NULL);
    int nv = 0, ns = 0;
    while (rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
        for (int i = 0; i < 3; i++) {
            const char *v = (const char *)sqlite3_column_text(s, i);
            field(&h, v ? v : "");
        }
        const char *t = (const char *)sqlite3_column_text(s, 0);
        if (t && strcmp(t, "district_verdict") == 0) nv++;
        else ns++;
    }
    sqlite3_finalize(s);
    s = NULL;
    char hex[65];
    hex_of(&h, hex);
    char sql[300];
    snprintf(sql, sizeof sql,
             "UPDATE manifest SET value = '%s' WHERE key = 'rows_sha256';"
             "UPDATE manifest SET value = '%d' WHERE key = 'rows:district_verdict';"
             "UPDATE manifest SET value = '%d' WHERE key = 'rows:spot_check';",
             hex, nv, ns);
    if (rc == SQLITE_OK) rc = sqlite3_exec(b, sql, NULL, NULL, NULL);
    return sign_and_close(b, st, bundle, rc);
}

static int resign(const char *bundle, const char *dbpath)
{
    struct store *st = NULL;
    struct store_options so = {.create = false};
    char err[1024];
    if (store_open(dbpath, &so, &st, err, sizeof err) != STORE_OK) {
        fprintf(stderr, "forge: %s: %s\n", dbpath, err);
        return 1;
    }
    sqlite3 *b = NULL;
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_open_v2(bundle, &b, SQLITE_OPEN_READWRITE, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_exec(b, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    /* a month bundle: every part's hash and size into its manifest entry */
    int is_month = 0, is_district = 0;
    if (rc == SQLITE_OK &&
        sqlite3_prepare_v2(b, "SELECT value FROM manifest WHERE key = 'kind'", -1, &s, NULL) ==
            SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0)) {
        is_month = strcmp((const char *)sqlite3_column_text(s, 0), "month") == 0;
        is_district = strcmp((const char *)sqlite3_column_text(s, 0), "district") == 0;
    }
    sqlite3_finalize(s);
    s = NULL;
    if (rc == SQLITE_OK && is_month) return resign_month(b, st, bundle);
    if (rc == SQLITE_OK && is_district) return resign_district(b, st, bundle);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(b, "SELECT data FROM payload ORDER BY id", -1, &s, NULL);
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    while (rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
        int k = sqlite3_column_bytes(s, 0);
        const void *p = sqlite3_column_blob(s, 0);
        if (k > 0 && p) crypto_hash_sha256_update(&h, p, (unsigned long long)k);
    }
    sqlite3_finalize(s);
    s = NULL;
    unsigned char d[crypto_hash_sha256_BYTES];
    char hex[2 * crypto_hash_sha256_BYTES + 1];
    crypto_hash_sha256_final(&h, d);
    sodium_bin2hex(hex, sizeof hex, d, sizeof d);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(b, "INSERT OR REPLACE INTO manifest(key, value)"
                                   " VALUES ('payload_sha256', ?1)", -1, &s, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(s, 1, hex, -1, SQLITE_STATIC);
        rc = sqlite3_step(s) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_OK) {
        fprintf(stderr, "forge: %s: %s\n", bundle, sqlite3_errmsg(b));
    } else if (st_bundle_sign(st, b) != STORE_OK) {
        fprintf(stderr, "forge: %s\n", store_errmsg(st));
        rc = SQLITE_ERROR;
    }
    if (rc == SQLITE_OK) rc = sqlite3_exec(b, "COMMIT", NULL, NULL, NULL);
    sqlite3_close(b);
    char pk[OFFICE_PK_HEX], fpr[OFFICE_FPR_LEN];
    if (rc == SQLITE_OK && store_office_public(st, pk, fpr) == STORE_OK) printf("%s\n", fpr);
    store_close(st);
    return rc == SQLITE_OK ? 0 : 1;
}

/* The district's own writes, through the store as its screens make them (journaled), for the
 * tests of the district's bundles until a command makes them:
 *   forge district-verdict DB BRANCH_CODE MONTH ITEM VERDICT SENT_BACK COMMENT
 *   forge spot-check DB BRANCH_CODE DATE INSPECTORS INSPECTED RESULT FINDINGS */
static int district_write(int argc, char **argv)
{
    struct store *st = NULL;
    struct store_options so = {.create = false};
    char err[1024];
    if (store_open(argv[2], &so, &st, err, sizeof err) != STORE_OK) {
        fprintf(stderr, "forge: %s: %s\n", argv[2], err);
        return 1;
    }
    struct branch b;
    int rc = store_branch_by_code(st, argv[3], &b);
    if (rc == STORE_OK && strcmp(argv[1], "district-verdict") == 0 && argc == 9) {
        struct district_verdict v;
        memset(&v, 0, sizeof v);
        v.branch_id = b.id;
        snprintf(v.month, sizeof v.month, "%s", argv[4]);
        snprintf(v.item, sizeof v.item, "%s", argv[5]);
        snprintf(v.verdict, sizeof v.verdict, "%s", argv[6]);
        v.sent_back = strcmp(argv[7], "1") == 0;
        snprintf(v.comment, sizeof v.comment, "%s", argv[8]);
        rc = store_district_verdict_set(st, &v);
    } else if (rc == STORE_OK && strcmp(argv[1], "spot-check") == 0 && argc == 9) {
        struct spot_check c;
        memset(&c, 0, sizeof c);
        c.branch_id = b.id;
        snprintf(c.date, sizeof c.date, "%s", argv[4]);
        snprintf(c.inspectors, sizeof c.inspectors, "%s", argv[5]);
        snprintf(c.inspected, sizeof c.inspected, "%s", argv[6]);
        snprintf(c.result, sizeof c.result, "%s", argv[7]);
        snprintf(c.findings, sizeof c.findings, "%s", argv[8]);
        rc = store_spot_check_add(st, &c);
    } else if (rc == STORE_OK) {
        rc = STORE_ERR;
        fprintf(stderr, "forge: usage\n");
    }
    if (rc != STORE_OK) fprintf(stderr, "forge: %s\n", store_errmsg(st));
    store_close(st);
    return rc == STORE_OK ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "resign") == 0) return resign(argv[2], argv[3]);
    if (argc == 9 && (strcmp(argv[1], "district-verdict") == 0 || strcmp(argv[1], "spot-check") == 0))
        return district_write(argc, argv);
    fprintf(stderr, "usage: forge resign BUNDLE.zbx DB_OF_SIGNING_OFFICE\n"
                    "       forge district-verdict DB BRANCH MONTH ITEM VERDICT SENT_BACK COMMENT\n"
                    "       forge spot-check DB BRANCH DATE INSPECTORS INSPECTED RESULT FINDINGS\n");
    return 2;
}
