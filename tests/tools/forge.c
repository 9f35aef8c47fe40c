/* forge.c — a test tool, never installed: re-sign a bundle after a test changed it, so that the
 * test proves the import's content checks rather than the checksum or the signature.
 *
 *   forge resign BUNDLE.zbx DB
 *
 * recomputes payload_sha256 over the payload rows in id order (as the check does: empty rows
 * count for nothing) and signs the manifest with the office key of the database DB
 * (office_public_key and office_fingerprint become that office's; every other manifest row is
 * left as the test wrote it). Prints the signing office's fingerprint. Exit 0, or 1 with a
 * message. Built by `make unit` as $(BUILD)/forge from the library's objects: the signing is
 * bundle.c's own (st_bundle_sign), so a forged bundle is signed exactly as an export is. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "../../src/store/store_priv.h"
#include "zhibu/store.h"
#include "zhibu/store_office.h"

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

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "resign") == 0) return resign(argv[2], argv[3]);
    fprintf(stderr, "usage: forge resign BUNDLE.zbx DB_OF_SIGNING_OFFICE\n");
    return 2;
}
