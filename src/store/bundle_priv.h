/* bundle_priv.h — what bundle.c and bundle_import.c share; private to them. */
#ifndef ZHIBU_BUNDLE_PRIV_H
#define ZHIBU_BUNDLE_PRIV_H

#include "store_priv.h"

#include <sodium.h>
#include <stddef.h>

#define BUNDLE_FORMAT "zhibu-bundle 1"
#define SHA_HEX (crypto_hash_sha256_BYTES * 2 + 1)
#define SIGNED_HEAD "zhibu-bundle-manifest 1\n"
#define MSG_UNSIGNED "交换包没有签名（来自旧版本 zhibu），请对方升级后重新导出"
#define MSG_BADSIG "交换包签名无效（文件被改动或伪造）"

struct bytes {
    unsigned char *p;
    size_t len, cap;
};

int st_journal_head(struct store *st, int64_t branch_id, char out[65], int64_t *id);
void st_sha_hex(crypto_hash_sha256_state *h, char out[SHA_HEX]);
int st_sha_ready(void);
int st_signed_text(sqlite3 *db, struct bytes *out);
/* A bundle's export or import reads or writes a branch's rows across the uuid indexes of the
 * whole database (random keys): st_bundle_cache(st, 0) sets a page cache of BUNDLE_CACHE_MB
 * and statement journals in memory, and returns what to give it back afterwards,
 * st_bundle_cache(st, saved), which sets the cache as it was (its pages above freed). */
/* 8 MB: DESIGN.md's 32 MB for any command, imports and exports included (64 MB made a
 * ten-year branch's export peak at 82 MB in make bench) */
#define BUNDLE_CACHE_MB 8
int st_bundle_cache(struct store *st, int saved);

#endif
