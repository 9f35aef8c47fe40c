/* bundle_priv.h — what bundle.c and bundle_import.c share; private to them. */
#ifndef ZHIBU_BUNDLE_PRIV_H
#define ZHIBU_BUNDLE_PRIV_H

#include "store_priv.h"

#include <sodium.h>
#include <stddef.h>

#include "journal_sha.h"

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
/* The same over the CPU's SHA instructions when it has them (journal_sha.h): a payload's
 * SHA-256, megabytes read several times by an import (libsodium's portable rounds were a tenth
 * of a ten-year branch's import). */
void st_jsha_hex(struct jsha *h, char out[SHA_HEX]);
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

/* The manifest's signature of the bundle file db: there, made by the key m carries, whose
 * fingerprint m carries too. 0, or -1 with err. */
struct bundle_manifest;
int st_bundle_check_signature(sqlite3 *db, const struct bundle_manifest *m, char *err,
                              size_t errsz);
/* A part of a month bundle (bundle_month.c), imported by st_bundle_import_part inside the
 * caller's transaction (nothing committed or rolled back there: on a failure the caller rolls
 * back): the sender is the month bundle's signer, already found to be the branch's registered
 * township; the part must be signed by that key (public_key) and be of the kind and branch the
 * month bundle's manifest lists for it. Its rows then go through store_exchange_import_chunks
 * as any bundle's (a verdicts part is taken at a district: exchange_source.from_township), and
 * it gets its own bundle_log row. */
struct bundle_part {
    const char *public_key;
    int kind;                      /* enum exchange_kind */
    const char *branch_uuid;
};
struct exchange_report;
/* exchange_schema.c: while on, exports leave out the district's own tables (spot_check): the
 * parts of a month bundle */
void st_exchange_month_part(bool on);
int st_bundle_import_part(struct store *st, const char *path, const struct bundle_part *part,
                          struct bundle_manifest *m, struct exchange_report *rep);

/* ---- the container of the district's bundles (bundle_file.c) ----
 * Written under path.tmpPID in one transaction of that file, the manifest signed by this
 * office (st_bundle_sign), renamed to path at the end; any failure removes the temporary file. */
struct month_manifest;
struct container {
    struct store *st;
    const char *path;
    char *tmp;
    sqlite3 *db;
};
/* refuses an existing path; creates manifest and runs tables_sql (the other tables) */
int st_container_open(struct container *c, const char *tables_sql);
int st_container_put(struct container *c, const char *key, const char *value);
int st_container_put_common(struct container *c, const struct month_manifest *m);
int st_container_stamp(struct store *st, struct month_manifest *m, const char *kind,
                       const char *program_version);
int st_container_finish(struct container *c);   /* sign, commit, rename */
void st_container_abort(struct container *c);
int st_container_fail(struct container *c);     /* abort, "无法写入交换包 P" */
/* Open the container at path read-only in a read transaction (one snapshot for the check and
 * the import), checked: quick_check, the format, the kind (must be kind), the version, the
 * signature. 0 with *out and m's common keys, or -1 with err. */
int st_container_check_open(const char *path, const char *kind, struct month_manifest *m,
                            sqlite3 **out, char *err, size_t errsz);

/* The end of a month or district bundle's import (one transaction): on a failure the problem
 * (problem, or the store's message when empty) is the handle's error and the transaction is
 * rolled back; else it commits (a failed commit's message into problem). Returns rc or the
 * commit's code. */
int st_bundle_end(struct store *st, int rc, char *problem, size_t problemsz);

/* A month or district bundle's refusal: the sentence into rep->problem and the handle's error;
 * returns rc. */
struct month_report;
struct month_manifest;
int st_month_refuse(struct store *st, struct month_report *rep, int rc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The checks a month (township → district) and a district (district → township) bundle's import
 * share once the offices' kinds are right: a bundle from a test or demo database only into one;
 * only a reviewer or an administrator imports (else refusal). STORE_OK or the refusal's code. */
int st_month_gate(struct store *st, const struct month_manifest *m, struct month_report *rep,
                  const char *refusal);

#endif
