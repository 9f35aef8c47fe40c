/* bundle.c — the bundle file (.zbx): one SQLite file with a manifest and the changeset of
 * exchange.c as its payload, one payload row per chunk (store_exchange.h). Written chunk by
 * chunk as the export makes them, under a temporary name, the manifest last, then renamed;
 * checked read-only (integrity, manifest, version, SHA-256 of the chunks in order, read one at
 * a time) before anything touches a database; imported chunk by chunk in one transaction with
 * its bundle_log row. */
#include "store_priv.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "zhibu/clock.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_exchange.h"
#include "zhibu/store_office.h"
#include "zhibu/util.h"

#define BUNDLE_FORMAT "zhibu-bundle 1"
#define SHA_HEX (crypto_hash_sha256_BYTES * 2 + 1)
#define SIGNED_HEAD "zhibu-bundle-manifest 1\n"
#define MSG_UNSIGNED "交换包没有签名（来自旧版本 zhibu），请对方升级后重新导出"
#define MSG_BADSIG "交换包签名无效（文件被改动或伪造）"

static int sha_ready(void)
{
    static int ready;
    if (!ready) ready = sodium_init() >= 0 ? 1 : -1;
    return ready > 0 ? 0 : -1;
}

static void sha_hex(crypto_hash_sha256_state *h, char out[SHA_HEX])
{
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(h, d);
    sodium_bin2hex(out, SHA_HEX, d, sizeof d);
}

/* ---- the signature ---------------------------------------------------------------------- */

static int put_kv(sqlite3_stmt *s, const char *key, const char *value)
{
    sqlite3_reset(s);
    sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, value, -1, SQLITE_TRANSIENT);
    return sqlite3_step(s) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
}

struct bytes {
    unsigned char *p;
    size_t len, cap;
};

static void bytes_add(struct bytes *b, const void *data, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 1024;
        while (cap < b->len + n) cap *= 2;
        b->p = xrealloc(b->p, cap);
        b->cap = cap;
    }
    if (n) memcpy(b->p + b->len, data, n);
    b->len += n;
}

static void bytes_field(struct bytes *b, const void *data, int n)
{
    char len[24];
    int k = data ? snprintf(len, sizeof len, "%d:", n) : snprintf(len, sizeof len, "-:");
    bytes_add(b, len, (size_t)k);
    if (data) bytes_add(b, data, (size_t)n);
}

/* The text the signature covers (store_exchange.h): every manifest row but the signature, in
 * key order (bytewise), key and value length-prefixed. 0 with *out (heap), or -1 (a key that
 * is not text, or the manifest unreadable). */
static int signed_text(sqlite3 *db, struct bytes *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, "SELECT key, value, typeof(key) = 'text' FROM manifest"
                               " ORDER BY key COLLATE BINARY", -1, &s, NULL) != SQLITE_OK)
        return -1;
    bytes_add(out, SIGNED_HEAD, strlen(SIGNED_HEAD));
    int rc, bad = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (!sqlite3_column_int(s, 2)) bad = 1;
        const void *k = sqlite3_column_text(s, 0);
        int nk = sqlite3_column_bytes(s, 0);
        if (!k) continue;
        if (nk == 9 && memcmp(k, "signature", 9) == 0) continue;
        bytes_field(out, k, nk);
        const void *v = sqlite3_column_type(s, 1) == SQLITE_NULL ? NULL : sqlite3_column_text(s, 1);
        bytes_field(out, v, v ? sqlite3_column_bytes(s, 1) : 0);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE || bad) {
        free(out->p);
        memset(out, 0, sizeof *out);
        return -1;
    }
    return 0;
}

int st_bundle_sign(struct store *st, sqlite3 *bdb)
{
    char pk[OFFICE_PK_HEX], fpr[OFFICE_FPR_LEN];
    int rc = store_office_public(st, pk, fpr);
    if (rc != STORE_OK) return rc;
    sqlite3_stmt *s = NULL;
    int src = sqlite3_prepare_v2(bdb, "INSERT OR REPLACE INTO manifest(key, value) VALUES (?1, ?2)",
                                 -1, &s, NULL);
    if (src == SQLITE_OK) src = put_kv(s, "office_public_key", pk);
    if (src == SQLITE_OK) src = put_kv(s, "office_fingerprint", fpr);
    if (src == SQLITE_OK)
        src = sqlite3_exec(bdb, "DELETE FROM manifest WHERE key = 'signature'", NULL, NULL, NULL);
    struct bytes text = {0};
    if (src == SQLITE_OK && signed_text(bdb, &text) != 0) src = SQLITE_ERROR;
    if (src != SQLITE_OK) {
        sqlite3_finalize(s);
        free(text.p);
        return st_fail(st, STORE_ERR, "无法签名交换包");
    }
    unsigned char sig[ST_OFFICE_SIG_BYTES];
    rc = st_office_sign(st, text.p, text.len, sig);
    free(text.p);
    if (rc == STORE_OK) {
        char hex[OFFICE_SIG_HEX];
        sodium_bin2hex(hex, sizeof hex, sig, sizeof sig);
        if (put_kv(s, "signature", hex) != SQLITE_OK) rc = st_fail(st, STORE_ERR, "无法签名交换包");
    }
    sqlite3_finalize(s);
    return rc;
}

/* ---- export ---------------------------------------------------------------------------- */

/* The newest sealed entry of the branch's chain: its hash into out ("" when none), its number
 * into *id (0). */
static int journal_head(struct store *st, int64_t branch_id, char out[65], int64_t *id)
{
    sqlite3_stmt *s = st_stmt(st, S_BUNDLE_HEAD,
                              "SELECT hash, id FROM history WHERE branch_id = ?1"
                              " AND hash IS NOT NULL ORDER BY id DESC LIMIT 1");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    int rc = sqlite3_step(s);
    out[0] = '\0';
    *id = 0;
    if (rc == SQLITE_ROW) {
        st_col_text(s, 0, out, 65);
        *id = sqlite3_column_int64(s, 1);
    }
    st_done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取日志");
    return STORE_OK;
}

/* The bundle file being written at tmp: payload rows as the chunks come, the manifest last,
 * all in one transaction of the file. */
struct bundle_writer {
    struct store *st;
    const char *path;      /* the bundle's name (for the message) */
    const char *tmp;
    sqlite3 *db;
    sqlite3_stmt *put;
    int64_t next_id;
    crypto_hash_sha256_state sha;
};

static void unlink_tmp(const char *tmp)
{
    unlink(tmp);
    char *j = xasprintf("%s-journal", tmp);
    unlink(j);
    free(j);
}

static void writer_abort(struct bundle_writer *w)
{
    sqlite3_finalize(w->put);
    w->put = NULL;
    if (w->db) sqlite3_close(w->db);
    w->db = NULL;
    unlink_tmp(w->tmp);
}

static int writer_fail(struct bundle_writer *w)
{
    writer_abort(w);
    return st_fail(w->st, STORE_ERR, "无法写入交换包 %s", w->path);
}

static int writer_open(struct bundle_writer *w)
{
    unlink_tmp(w->tmp);
    /* a bundle holds a branch's members and ledger: owner-only (its journal follows its mode) */
    int fd = zb_create_private(w->tmp, true);
    if (fd < 0) return st_fail(w->st, STORE_ERR, "无法写入交换包 %s：%s", w->path, zb_errno_text(errno));
    close(fd);
    int rc = sqlite3_open_v2(w->tmp, &w->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(w->db,
                          "PRAGMA journal_mode = DELETE; BEGIN;"
                          "CREATE TABLE manifest(key TEXT PRIMARY KEY, value TEXT);"
                          "CREATE TABLE payload(id INTEGER PRIMARY KEY, data BLOB);",
                          NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(w->db, "INSERT INTO payload(id, data) VALUES (?1, ?2)", -1,
                                &w->put, NULL);
    if (rc != SQLITE_OK) return writer_fail(w);
    w->next_id = 1;
    crypto_hash_sha256_init(&w->sha);
    return STORE_OK;
}

/* exchange_chunk_fn: the next payload row, and into the SHA-256 */
static int writer_put(void *ctx, const void *data, size_t n)
{
    struct bundle_writer *w = ctx;
    sqlite3_reset(w->put);
    sqlite3_bind_int64(w->put, 1, w->next_id);
    sqlite3_bind_blob64(w->put, 2, data, n, SQLITE_STATIC);
    int rc = sqlite3_step(w->put);
    sqlite3_clear_bindings(w->put);
    if (rc != SQLITE_DONE) return writer_fail(w);
    w->next_id++;
    if (n) crypto_hash_sha256_update(&w->sha, data, (unsigned long long)n);
    return STORE_OK;
}

/* The manifest, commit, close; STORE_OK (the file complete at w->tmp) or failed (removed). */
static int writer_finish(struct bundle_writer *w, const struct bundle_manifest *m)
{
    sqlite3_finalize(w->put);
    w->put = NULL;
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(w->db, "INSERT INTO manifest(key, value) VALUES (?1, ?2)", -1,
                                &s, NULL);
    char num[32];
    if (rc == SQLITE_OK) rc = put_kv(s, "format", m->format);
    if (rc == SQLITE_OK) rc = put_kv(s, "kind", exchange_kind_code(m->kind));
    if (rc == SQLITE_OK) rc = put_kv(s, "branch_code", m->branch_code);
    if (rc == SQLITE_OK) rc = put_kv(s, "branch_name", m->branch_name);
    if (rc == SQLITE_OK) rc = put_kv(s, "branch_uuid", m->branch_uuid);
    if (rc == SQLITE_OK) rc = put_kv(s, "exported_at", m->exported_at);
    if (rc == SQLITE_OK) rc = put_kv(s, "exported_by", m->exported_by);
    if (rc == SQLITE_OK) rc = put_kv(s, "office_uuid", m->office_uuid);
    snprintf(num, sizeof num, "%d", m->schema_version);
    if (rc == SQLITE_OK) rc = put_kv(s, "schema_version", num);
    if (rc == SQLITE_OK) rc = put_kv(s, "program_version", m->program_version);
    if (rc == SQLITE_OK) rc = put_kv(s, "journal_head", m->journal_head);
    if (rc == SQLITE_OK) rc = put_kv(s, "bundle_uuid", m->bundle_uuid);
    for (int i = 0; i < m->nreceived && rc == SQLITE_OK; i++) {
        char key[64], val[96];
        snprintf(key, sizeof key, "received_head:%s", m->received[i].office);
        snprintf(val, sizeof val, "%lld %s", (long long)m->received[i].entry, m->received[i].hash);
        rc = put_kv(s, key, val);
    }
    if (rc == SQLITE_OK) rc = put_kv(s, "payload_sha256", m->payload_sha256);
    if (rc == SQLITE_OK) rc = put_kv(s, "office_kind", m->office_kind);
    if (rc == SQLITE_OK) rc = put_kv(s, "office_name", m->office_name);
    if (rc == SQLITE_OK) rc = put_kv(s, "office_test", m->office_test);
    for (int i = 0; i < m->ncounts && rc == SQLITE_OK; i++) {
        char key[48];
        snprintf(key, sizeof key, "rows:%s", m->counts[i].table);
        snprintf(num, sizeof num, "%d", m->counts[i].rows);
        rc = put_kv(s, key, num);
    }
    sqlite3_finalize(s);
    /* the office's key and the signature, over everything above */
    if (rc == SQLITE_OK && st_bundle_sign(w->st, w->db) != STORE_OK) {
        writer_abort(w);
        return STORE_ERR;
    }
    if (rc == SQLITE_OK) rc = sqlite3_exec(w->db, "COMMIT", NULL, NULL, NULL);
    if (sqlite3_close(w->db) != SQLITE_OK && rc == SQLITE_OK) rc = SQLITE_ERROR;
    w->db = NULL;
    if (rc != SQLITE_OK) return writer_fail(w);
    return STORE_OK;
}

/* Refuse to export a branch that does not verify: what a bundle carries must be what the
 * journal describes (the receiving office checks it, issue 12 hole 7). */
static int refuse_unverified(struct store *st, int64_t branch_id, enum exchange_kind kind)
{
    struct verify_result *vr = xcalloc(1, sizeof *vr);
    int rc = store_verify(st, branch_id, vr);
    if (rc == STORE_OK && vr->nproblems > 0) {
        if (kind == EXCHANGE_LEDGER)
            rc = st_fail(st, STORE_ERR,
                         "本支部台账校验未通过（%d 处问题，首个：%s），导出的交换包会被乡镇发现；"
                         "请先运行 zhibu verify 查看",
                         vr->nproblems, vr->problems[0].message);
        else
            rc = st_fail(st, STORE_ERR,
                         "该支部台账校验未通过（%d 处问题，首个：%s），不能导出审查结论；"
                         "请先运行 zhibu verify 查看",
                         vr->nproblems, vr->problems[0].message);
    }
    free(vr);
    return rc;
}

/* A verdicts bundle: the newest head received from each other office for the branch. */
static int received_heads(struct store *st, int64_t branch_id, const char *own,
                          struct bundle_manifest *m)
{
    m->nreceived = 0;
    sqlite3_stmt *s = st_stmt(st, S_JOURNAL_HEAD_LATEST,
                              "SELECT j.office_uuid, j.entry_id, j.hash FROM journal_head j"
                              " WHERE j.branch_id = ?1 AND j.direction = 'received'"
                              " AND j.office_uuid <> ?2 AND j.id = (SELECT k.id FROM"
                              " journal_head k WHERE k.branch_id = j.branch_id"
                              " AND k.office_uuid = j.office_uuid AND k.direction = 'received'"
                              " ORDER BY k.entry_id DESC, k.id DESC LIMIT 1)"
                              " ORDER BY j.recorded_at DESC, j.office_uuid LIMIT 4");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, own);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW && m->nreceived < 4) {
        st_col_text(s, 0, m->received[m->nreceived].office, sizeof m->received[0].office);
        m->received[m->nreceived].entry = sqlite3_column_int64(s, 1);
        st_col_text(s, 2, m->received[m->nreceived].hash, sizeof m->received[0].hash);
        m->nreceived++;
    }
    st_done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取链头");
    return STORE_OK;
}

/* Record the head a ledger bundle carries as sent, in a transaction of its own. */
static int record_sent(struct store *st, int64_t branch_id, int64_t head_id,
                       const struct bundle_manifest *m)
{
    if (!m->journal_head[0]) return STORE_OK;
    int rc = store_begin(st);
    if (rc != STORE_OK) return rc;
    rc = st_journal_head_record(st, branch_id, "sent", m->office_uuid, head_id, m->journal_head,
                                m->bundle_uuid);
    if (rc != STORE_OK) return st_abort(st, rc);
    return store_commit(st);
}

int store_bundle_export(struct store *st, int64_t branch_id, enum exchange_kind kind,
                        const char *path, const char *program_version,
                        struct bundle_manifest *out)
{
    struct bundle_manifest local;
    struct bundle_manifest *m = out ? out : &local;
    memset(m, 0, sizeof *m);
    if (!path || !*path) return st_fail(st, STORE_ERR, "未指定交换包文件");
    if (access(path, F_OK) == 0) return st_fail(st, STORE_ERR, "文件 %s 已存在（不会覆盖）", path);
    struct branch b;
    int rc = store_branch_get(st, branch_id, &b);
    if (rc != STORE_OK) return rc;
    if (sha_ready() != 0) return st_fail(st, STORE_ERR, "无法初始化加密库");
    if (!store_may_export(st, kind))
        return st_fail(st, STORE_ERR_DENIED, "只有审查员或管理员可以导出审查结论");
    if ((rc = refuse_unverified(st, branch_id, kind)) != STORE_OK) return rc;
    char *tmp = xasprintf("%s.tmp%ld", path, (long)getpid());
    struct bundle_writer w = {.st = st, .path = path, .tmp = tmp};
    /* The head must be that of the entries exported: read it before and after, and export
     * again when another program wrote to this branch's journal in between. */
    char before[65] = "";
    int64_t before_id = 0, head_id = 0;
    for (int attempt = 0;; attempt++) {
        if (kind == EXCHANGE_LEDGER &&
            (rc = journal_head(st, branch_id, before, &before_id)) != STORE_OK)
            break;
        if ((rc = writer_open(&w)) != STORE_OK) break;
        rc = store_exchange_export_chunks(st, branch_id, kind, EXCHANGE_CHUNK_ROWS,
                                          EXCHANGE_CHUNK_BYTES, writer_put, &w, m->counts,
                                          &m->ncounts);
        if (rc == STORE_OK && kind == EXCHANGE_LEDGER)
            rc = journal_head(st, branch_id, m->journal_head, &head_id);
        if (rc != STORE_OK || kind != EXCHANGE_LEDGER || strcmp(before, m->journal_head) == 0)
            break;
        writer_abort(&w);
        if (attempt == 4) {
            rc = st_fail(st, STORE_ERR_BUSY, "导出时台账一直在被修改，请稍后再试");
            break;
        }
    }
    if (rc != STORE_OK) {
        writer_abort(&w);
        free(tmp);
        return rc;
    }
    zb_strlcpy(m->format, BUNDLE_FORMAT, sizeof m->format);
    m->kind = kind;
    zb_strlcpy(m->branch_code, b.code, sizeof m->branch_code);
    zb_strlcpy(m->branch_name, b.name, sizeof m->branch_name);
    zb_strlcpy(m->branch_uuid, b.uuid, sizeof m->branch_uuid);
    clock_now_iso(m->exported_at);
    zb_strlcpy(m->exported_by, st->user, sizeof m->exported_by);
    if (store_meta_get(st, "office_uuid", m->office_uuid, sizeof m->office_uuid) != STORE_OK)
        m->office_uuid[0] = '\0';
    m->schema_version = STORE_SCHEMA_VERSION;
    zb_strlcpy(m->program_version, program_version ? program_version : "", sizeof m->program_version);
    store_uuid(m->bundle_uuid);
    if (kind == EXCHANGE_VERDICTS) rc = received_heads(st, branch_id, m->office_uuid, m);
    sha_hex(&w.sha, m->payload_sha256);
    if (rc == STORE_OK) {
        struct office_info me;
        rc = store_office_get(st, &me);
        if (rc == STORE_OK) {
            zb_strlcpy(m->office_kind, me.kind, sizeof m->office_kind);
            zb_strlcpy(m->office_name, me.name, sizeof m->office_name);
            zb_strlcpy(m->office_test, store_office_test_clock(st) ? "1" : "0",
                       sizeof m->office_test);
            zb_strlcpy(m->office_public_key, me.public_key, sizeof m->office_public_key);
            zb_strlcpy(m->office_fingerprint, me.fingerprint, sizeof m->office_fingerprint);
        }
    }
    if (rc == STORE_OK) rc = writer_finish(&w, m);
    else writer_abort(&w);
    if (rc == STORE_OK && kind == EXCHANGE_LEDGER) {
        rc = record_sent(st, branch_id, head_id, m);
        if (rc != STORE_OK) unlink_tmp(tmp);
    }
    if (rc == STORE_OK && rename(tmp, path) != 0) {
        unlink_tmp(tmp);
        rc = st_fail(st, STORE_ERR, "无法写入交换包 %s", path);
    }
    free(tmp);
    return rc;
}

/* ---- check ----------------------------------------------------------------------------- */

static int check_fail(char *err, size_t errsz, const char *msg)
{
    if (err && errsz) zb_strlcpy(err, msg, errsz);
    return -1;
}

static int read_manifest(sqlite3 *db, struct bundle_manifest *m, char *err, size_t errsz)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, "SELECT key, value FROM manifest", -1, &s, NULL) != SQLITE_OK)
        return check_fail(err, errsz, "不是 zhibu 交换包");
    char kind[16] = "", schema[16] = "";
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(s, 0);
        const char *v = (const char *)sqlite3_column_text(s, 1);
        if (!k) continue;
        if (!v) v = "";
        struct {
            const char *key;
            char *dst;
            size_t sz;
        } f[] = {
            {"format", m->format, sizeof m->format},
            {"kind", kind, sizeof kind},
            {"branch_code", m->branch_code, sizeof m->branch_code},
            {"branch_name", m->branch_name, sizeof m->branch_name},
            {"branch_uuid", m->branch_uuid, sizeof m->branch_uuid},
            {"exported_at", m->exported_at, sizeof m->exported_at},
            {"exported_by", m->exported_by, sizeof m->exported_by},
            {"office_uuid", m->office_uuid, sizeof m->office_uuid},
            {"schema_version", schema, sizeof schema},
            {"program_version", m->program_version, sizeof m->program_version},
            {"journal_head", m->journal_head, sizeof m->journal_head},
            {"bundle_uuid", m->bundle_uuid, sizeof m->bundle_uuid},
            {"payload_sha256", m->payload_sha256, sizeof m->payload_sha256},
            {"office_kind", m->office_kind, sizeof m->office_kind},
            {"office_name", m->office_name, sizeof m->office_name},
            {"office_test", m->office_test, sizeof m->office_test},
            {"office_public_key", m->office_public_key, sizeof m->office_public_key},
            {"office_fingerprint", m->office_fingerprint, sizeof m->office_fingerprint},
        };
        for (size_t i = 0; i < ZB_ARRAY_LEN(f); i++)
            if (strcmp(k, f[i].key) == 0) zb_strlcpy(f[i].dst, v, f[i].sz);
        if (strncmp(k, "received_head:", 14) == 0 && m->nreceived < 4) {
            char hash[65] = "";
            long long entry = 0;
            if (sscanf(v, "%lld %64s", &entry, hash) == 2 && entry > 0 && strlen(hash) == 64) {
                zb_strlcpy(m->received[m->nreceived].office, k + 14,
                           sizeof m->received[0].office);
                m->received[m->nreceived].entry = entry;
                zb_strlcpy(m->received[m->nreceived].hash, hash, sizeof m->received[0].hash);
                m->nreceived++;
            }
        }
        if (strncmp(k, "rows:", 5) == 0 && m->ncounts < EXCHANGE_MAX_TABLES) {
            struct exchange_count *c = &m->counts[m->ncounts++];
            zb_strlcpy(c->table, k + 5, sizeof c->table);
            c->rows = atoi(v);
        }
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return check_fail(err, errsz, "交换包已损坏（完整性检查失败）");
    int k = exchange_kind_parse(kind);
    if (strcmp(m->format, BUNDLE_FORMAT) != 0 || k < 0)
        return check_fail(err, errsz, "不是 zhibu 交换包");
    m->kind = (enum exchange_kind)k;
    char *end = NULL;
    long v = strtol(schema, &end, 10);
    if (!*schema || *end || v <= 0 || v > 1000000)
        return check_fail(err, errsz, "不是 zhibu 交换包（清单中的数据库版本无效）");
    m->schema_version = (int)v;
    if (m->schema_version > STORE_SCHEMA_VERSION) {
        char msg[128];
        snprintf(msg, sizeof msg, "交换包来自更新版本的 zhibu（数据库版本 %d）", m->schema_version);
        return check_fail(err, errsz, msg);
    }
    if (!m->branch_uuid[0] || !m->branch_code[0] || !m->exported_at[0] ||
        strlen(m->payload_sha256) != SHA_HEX - 1)
        return check_fail(err, errsz, "交换包的清单不完整");
    return 0;
}

#define MSG_ALTERED "交换包内容与校验值不符（文件被改动或不完整）"
#define MSG_DAMAGED "交换包已损坏（完整性检查失败）"

/* The manifest's signature: there, made by the key the manifest carries, whose fingerprint it
 * carries too (m read by read_manifest). */
static int check_signature(sqlite3 *db, const struct bundle_manifest *m, char *err, size_t errsz)
{
    sqlite3_stmt *s = NULL;
    char sig_hex[OFFICE_SIG_HEX + 1] = "";
    bool have = false;
    if (sqlite3_prepare_v2(db, "SELECT value FROM manifest WHERE key = 'signature'", -1, &s,
                           NULL) != SQLITE_OK)
        return check_fail(err, errsz, MSG_DAMAGED);
    if (sqlite3_step(s) == SQLITE_ROW) {
        have = true;
        const char *v = (const char *)sqlite3_column_text(s, 0);
        if (v && strlen(v) < sizeof sig_hex) zb_strlcpy(sig_hex, v, sizeof sig_hex);
    }
    sqlite3_finalize(s);
    if (!have) return check_fail(err, errsz, MSG_UNSIGNED);
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES];
    size_t npk = 0, nsig = 0;
    char fpr[OFFICE_FPR_LEN];
    office_fingerprint(m->office_public_key, fpr);
    if (!fpr[0] || strcmp(fpr, m->office_fingerprint) != 0 ||
        sodium_hex2bin(pk, sizeof pk, m->office_public_key, strlen(m->office_public_key), NULL,
                       &npk, NULL) != 0 || npk != sizeof pk ||
        strlen(sig_hex) != 2 * sizeof sig ||
        sodium_hex2bin(sig, sizeof sig, sig_hex, strlen(sig_hex), NULL, &nsig, NULL) != 0 ||
        nsig != sizeof sig)
        return check_fail(err, errsz, MSG_BADSIG);
    struct bytes text;
    if (signed_text(db, &text) != 0) return check_fail(err, errsz, MSG_BADSIG);
    int ok = crypto_sign_verify_detached(sig, text.p, (unsigned long long)text.len, pk);
    free(text.p);
    return ok == 0 ? 0 : check_fail(err, errsz, MSG_BADSIG);
}

/* "17 MB", "96 KB" (rounded up) */
static void size_text(long long bytes, char *out, size_t outsz)
{
    if (bytes >= 1024 * 1024) snprintf(out, outsz, "%lld MB", (bytes + 1024 * 1024 - 1) >> 20);
    else snprintf(out, outsz, "%lld KB", (bytes + 1023) >> 10);
}

/* Check the bundle at path (store_bundle_check). With keep, *keep is the bundle left open in a
 * read transaction (the snapshot that was checked) for the import; with payload, the chunks
 * concatenated. */
static int check_file(const char *path, struct bundle_manifest *m, sqlite3 **keep,
                      void **payload, size_t *npayload, char *err, size_t errsz)
{
    memset(m, 0, sizeof *m);
    if (keep) *keep = NULL;
    if (payload) *payload = NULL;
    if (npayload) *npayload = 0;
    if (err && errsz) err[0] = '\0';
    struct stat sb;
    if (!path || stat(path, &sb) != 0) {
        char msg[600];
        snprintf(msg, sizeof msg, "找不到交换包 %s", path ? path : "");
        return check_fail(err, errsz, msg);
    }
    if (!S_ISREG(sb.st_mode)) return check_fail(err, errsz, "不是 zhibu 交换包");
    if (sb.st_size == 0) return check_fail(err, errsz, "文件为空");
    struct exchange_limits lim;
    store_exchange_limits(&lim);
    if ((long long)sb.st_size > lim.max_bundle_bytes) {
        char msg[256], size[32], max[32];
        size_text((long long)sb.st_size, size, sizeof size);
        size_text(lim.max_bundle_bytes, max, sizeof max);
        snprintf(msg, sizeof msg, "交换包过大：%s，超过上限 %s（配置 [exchange] max_bundle_mb），未导入",
                 size, max);
        return check_fail(err, errsz, msg);
    }
    FILE *f = fopen(path, "rb");
    if (!f) return check_fail(err, errsz, "无法读取交换包（没有读权限）");
    char head[16];
    size_t got = fread(head, 1, sizeof head, f);
    fclose(f);
    if (got != sizeof head || memcmp(head, "SQLite format 3", 16) != 0)
        return check_fail(err, errsz, "不是 zhibu 交换包");
    if (sha_ready() != 0) return check_fail(err, errsz, "无法初始化加密库");

    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return check_fail(err, errsz, "无法读取交换包");
    }
    int result = 0;
    sqlite3_stmt *s = NULL;
    /* one snapshot from the check to the end of the import */
    if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        result = check_fail(err, errsz, "无法读取交换包");
    bool ok = result == 0 &&
              sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL) == SQLITE_OK &&
              sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0) &&
              strcmp((const char *)sqlite3_column_text(s, 0), "ok") == 0;
    sqlite3_finalize(s);
    s = NULL;
    if (result == 0 && !ok) result = check_fail(err, errsz, MSG_DAMAGED);
    if (result == 0) result = read_manifest(db, m, err, errsz);
    if (result == 0) result = check_signature(db, m, err, errsz);
    unsigned char *data = NULL;
    size_t n = 0;
    _Static_assert(EXCHANGE_MAX_CHUNK_BYTES == 4 * 1024 * 1024, "the message says 4 MB");
    /* a chunk the export never makes is refused before it is read into memory (length() of a
     * blob reads only its header) */
    if (result == 0 && sqlite3_prepare_v2(db, "SELECT max(length(data)) FROM payload", -1, &s,
                                          NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int64(s, 0) > EXCHANGE_MAX_CHUNK_BYTES)
        result = check_fail(err, errsz, "交换包中有一块数据超过 4 MB，不是 zhibu 导出的交换包");
    sqlite3_finalize(s);
    s = NULL;
    if (result == 0) {
        if (sqlite3_prepare_v2(db, "SELECT data FROM payload ORDER BY id", -1, &s, NULL) !=
            SQLITE_OK) {
            result = check_fail(err, errsz, MSG_ALTERED);
        } else {
            crypto_hash_sha256_state h;
            crypto_hash_sha256_init(&h);
            int rc;
            while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
                int k = sqlite3_column_bytes(s, 0);
                const void *p = sqlite3_column_blob(s, 0);
                if (k <= 0 || !p) continue;
                crypto_hash_sha256_update(&h, p, (unsigned long long)k);
                if (payload) {
                    data = xrealloc(data, n + (size_t)k);
                    memcpy(data + n, p, (size_t)k);
                    n += (size_t)k;
                }
            }
            char hex[SHA_HEX];
            sha_hex(&h, hex);
            if (rc != SQLITE_DONE) result = check_fail(err, errsz, MSG_DAMAGED);
            else if (strcmp(hex, m->payload_sha256) != 0) result = check_fail(err, errsz, MSG_ALTERED);
        }
        sqlite3_finalize(s);
    }
    if (result == 0 && keep) *keep = db;
    else sqlite3_close(db);
    if (result == 0 && payload) {
        *payload = data ? data : xmalloc(1); /* an empty changeset: nothing to apply */
        if (npayload) *npayload = n;
    } else {
        free(data);
    }
    return result;
}

int store_bundle_check(const char *path, struct bundle_manifest *m, void **payload,
                       size_t *npayload, char *err, size_t errsz)
{
    return check_file(path, m, NULL, payload, npayload, err, errsz);
}

/* The payload rows of a checked bundle one at a time (struct exchange_source); every full pass
 * checks the SHA-256 again, so what is applied is what was checked. */
struct file_source {
    struct exchange_source src;
    sqlite3_stmt *s;
    const char *want;
    crypto_hash_sha256_state h;
};

static int file_rewind(void *ctx)
{
    struct file_source *f = ctx;
    sqlite3_reset(f->s);
    crypto_hash_sha256_init(&f->h);
    return STORE_OK;
}

static int file_next(void *ctx, const void **data, size_t *n)
{
    struct file_source *f = ctx;
    int rc;
    while ((rc = sqlite3_step(f->s)) == SQLITE_ROW) {
        int k = sqlite3_column_bytes(f->s, 0);
        const void *p = sqlite3_column_blob(f->s, 0);
        if (k <= 0 || !p) continue;
        crypto_hash_sha256_update(&f->h, p, (unsigned long long)k);
        *data = p;
        *n = (size_t)k;
        return 1;
    }
    if (rc != SQLITE_DONE) {
        f->src.err = MSG_DAMAGED;
        return -1;
    }
    char hex[SHA_HEX];
    sha_hex(&f->h, hex);
    if (strcmp(hex, f->want) != 0) {
        f->src.err = MSG_ALTERED;
        return -1;
    }
    return 0;
}

/* ---- import ---------------------------------------------------------------------------- */

static void json_str(char **buf, const char *s)
{
    char *out = xmalloc(strlen(s) * 6 + 3), *o = out;
    *o++ = '"';
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            *o++ = '\\';
            *o++ = (char)*p;
        } else if (*p < 0x20) {
            o += sprintf(o, "\\u%04x", *p);
        } else {
            *o++ = (char)*p;
        }
    }
    *o++ = '"';
    *o = '\0';
    char *joined = xasprintf("%s%s", *buf, out);
    free(out);
    free(*buf);
    *buf = joined;
}

static void json_add(char **buf, const char *text)
{
    char *joined = xasprintf("%s%s", *buf, text);
    free(*buf);
    *buf = joined;
}

/* The report as JSON (bundle_log.report_json): heap. */
static char *report_json(const struct exchange_report *r)
{
    char *j = xstrdup("{\"branch_code\":");
    json_str(&j, r->branch_code);
    char tmp[160];
    snprintf(tmp, sizeof tmp, ",\"branch_new\":%s,\"amends\":%d,\"journal_added\":%d,\"tables\":{",
             r->branch_new ? "true" : "false", r->amends, r->journal_added);
    json_add(&j, tmp);
    for (int i = 0; i < r->ntables; i++) {
        if (i) json_add(&j, ",");
        json_str(&j, r->t[i].table);
        snprintf(tmp, sizeof tmp,
                 ":{\"added\":%d,\"updated\":%d,\"unchanged\":%d,\"kept\":%d,\"conflicts\":%d}",
                 r->t[i].added, r->t[i].updated, r->t[i].unchanged, r->t[i].kept,
                 r->t[i].conflicts);
        json_add(&j, tmp);
    }
    json_add(&j, "}}");
    return j;
}

/* The heads an import brings (journal_head): a ledger's own head, from another office; a
 * verdicts bundle's heads of this office's chain that the township says it received. */
static int record_received(struct store *st, const struct bundle_manifest *m,
                           const struct exchange_report *rep)
{
    char own[40];
    if (store_meta_get(st, "office_uuid", own, sizeof own) != STORE_OK) own[0] = '\0';
    if (m->kind == EXCHANGE_LEDGER)
        return strcmp(m->office_uuid, own) == 0
                   ? STORE_OK
                   : st_journal_head_record(st, rep->branch_id, "received", m->office_uuid,
                                            rep->journal_head_id, rep->journal_head,
                                            m->bundle_uuid);
    int rc = STORE_OK;
    for (int i = 0; i < m->nreceived && rc == STORE_OK; i++)
        if (*own && strcmp(m->received[i].office, own) == 0)
            rc = st_journal_head_record(st, rep->branch_id, "received", own,
                                        m->received[i].entry, m->received[i].hash,
                                        m->bundle_uuid);
    return rc;
}

/* The reviewing office's decisions on branch_id's rectification orders, as one text (heap;
 * NULL on failure): each order's uuid, month, item, text, deadline, whether it is confirmed, by
 * whom and when, the reason of a send-back and the problem it was given for — what only the
 * reviewer writes. The branch's
 * ledger office writes only the "done" side (status done, done_note, done_at, done_by). */
static char *decisions(struct store *st, int64_t branch_id)
{
    sqlite3_stmt *s = st_stmt(st, S_BUNDLE_DECISIONS,
                              "SELECT ifnull(json_group_array(json_array(uuid, month, item,"
                              " order_text, deadline, status = 'confirmed', confirmed_at,"
                              " confirmed_by, return_note, problem)), '[]') FROM (SELECT * FROM"
                              " rectification WHERE branch_id = ?1 ORDER BY uuid)");
    if (!s) return NULL;
    sqlite3_bind_int64(s, 1, branch_id);
    char *text = NULL;
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
        text = xstrdup((const char *)sqlite3_column_text(s, 0));
    else
        st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取整改通知");
    st_done(s);
    return text;
}

/* Who signed the bundle and whether it is taken (store_bundle_import): STORE_OK with *reg set
 * when the sender is to be registered with the import, else the refusal (rep->problem). */
static int decide_sender(struct store *st, const struct bundle_manifest *m, const char *trust,
                         struct office_sender *who, bool *reg, struct exchange_report *rep)
{
    *reg = false;
    int rc = store_office_sender(st, m, who);
    if (rc != STORE_OK) return rc;
    bool confirmed = trust && *trust && office_fingerprint_same(trust, m->office_fingerprint);
    char msg[sizeof who->message + 128];
    switch (who->state) {
    case OFFICE_SENDER_SELF:
    case OFFICE_SENDER_KNOWN: return STORE_OK;
    case OFFICE_SENDER_NEW:
    case OFFICE_SENDER_CHANGED:
        if (confirmed && (who->state == OFFICE_SENDER_NEW || store_may_admin(st))) {
            *reg = true;
            return STORE_OK;
        }
        if (confirmed)
            snprintf(msg, sizeof msg, "%s（更换登记的单位须由管理员进行）", who->message);
        else if (trust && *trust)
            snprintf(msg, sizeof msg, "给出的指纹 %s 与交换包的签名指纹 %s 不符，已拒绝", trust,
                     m->office_fingerprint);
        else if (who->state == OFFICE_SENDER_NEW)
            snprintf(msg, sizeof msg, "%s：须与对方核对指纹后登记该单位", who->message);
        else
            snprintf(msg, sizeof msg, "%s", who->message);
        break;
    case OFFICE_SENDER_REFUSED:
    default: snprintf(msg, sizeof msg, "%s", who->message); break;
    }
    zb_strlcpy(rep->problem, msg, sizeof rep->problem);
    return st_fail(st, STORE_ERR_DENIED, "%s", msg);
}

int store_bundle_import(struct store *st, const char *path, const char *trust,
                        struct bundle_manifest *m, struct exchange_report *rep)
{
    struct bundle_manifest lm;
    struct exchange_report lr;
    if (!m) m = &lm;
    if (!rep) rep = &lr;
    memset(rep, 0, sizeof *rep);
    sqlite3 *bdb = NULL;
    char err[256];
    if (check_file(path, m, &bdb, NULL, NULL, err, sizeof err) != 0) {
        zb_strlcpy(rep->problem, err, sizeof rep->problem);
        return st_fail(st, STORE_ERR, "%s", err);
    }
    struct file_source f = {.src = {.ctx = &f, .rewind = file_rewind, .next = file_next,
                                    .journal_head = m->kind == EXCHANGE_LEDGER ? m->journal_head
                                                                                : NULL},
                            .want = m->payload_sha256};
    if (sqlite3_prepare_v2(bdb, "SELECT data FROM payload ORDER BY id", -1, &f.s, NULL) !=
        SQLITE_OK) {
        sqlite3_close(bdb);
        zb_strlcpy(rep->problem, MSG_DAMAGED, sizeof rep->problem);
        return st_fail(st, STORE_ERR, "%s", MSG_DAMAGED);
    }
    int rc = store_begin(st);
    if (rc != STORE_OK) {
        sqlite3_finalize(f.s);
        sqlite3_close(bdb);
        return rc;
    }
    struct office_sender who;
    bool reg = false;
    /* a test or demo database runs on whatever clock the environment sets: its entry times and
     * 补记 prove nothing, so a real ledger never takes its rows or verdicts (a mark missing from
     * a signed manifest counts as a test database's) */
    if (strcmp(m->office_test, "0") != 0 && !store_office_test_clock(st)) {
        rc = st_fail(st, STORE_ERR_DENIED,
                     "交换包来自测试或演示数据库（其日期时间可以随意设定），真实台账不能导入");
        zb_strlcpy(rep->problem, st->err, sizeof rep->problem);
    } else {
        rc = decide_sender(st, m, trust, &who, &reg, rep);
    }
    /* a township is the reviewing office of the branches it holds: another office's ledger
     * may answer its rectification orders (done) but not add, change, confirm or send back
     * any (hole 3: rectification decisions only from the reviewing office) */
    char *before = NULL, kind_here[16] = "";
    if (rc == STORE_OK && m->kind == EXCHANGE_LEDGER && who.branch_id &&
        who.state != OFFICE_SENDER_SELF &&
        (rc = store_office_kind(st, kind_here, sizeof kind_here)) == STORE_OK &&
        strcmp(kind_here, "township") == 0 && !(before = decisions(st, who.branch_id)))
        rc = STORE_ERR;
    if (rc == STORE_OK)
        rc = store_exchange_import_chunks(st, &f.src, m->kind, m->branch_uuid, m->branch_code,
                                          m->office_uuid, m->exported_at, rep);
    sqlite3_finalize(f.s);
    sqlite3_close(bdb); /* ends the read transaction */
    if (rc == STORE_OK && before) {
        char *after = decisions(st, who.branch_id);
        if (!after) {
            rc = STORE_ERR;
        } else if (strcmp(before, after) != 0) {
            rc = st_fail(st, STORE_ERR_DENIED,
                         "交换包改动了本单位对支部 %s 的整改决定（整改要求、期限、确认或退回），"
                         "这些只能由审查单位作出，已拒绝",
                         m->branch_code);
            zb_strlcpy(rep->problem, st->err, sizeof rep->problem);
        }
        free(after);
    }
    free(before);
    if (rc == STORE_OK && reg) {
        rc = st_office_register(st, m, rep->branch_id, who.role);
        if (rc != STORE_OK) zb_strlcpy(rep->problem, st->err, sizeof rep->problem);
    }
    if (rc != STORE_OK) return st_abort(st, rc);
    sqlite3_stmt *s = st_stmt(st, S_BUNDLE_LOG_INSERT,
                              "INSERT INTO bundle_log(uuid, kind, branch_id, origin_office,"
                              " exported_at, exported_by, journal_head, payload_sha256,"
                              " report_json, imported_at, imported_by)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    if (!s) return st_abort(st, STORE_ERR);
    char uuid[UUID_STR_LEN], now[24];
    store_uuid(uuid);
    clock_now_iso(now);
    char *json = report_json(rep);
    st_bind_text(s, 1, uuid);
    st_bind_text(s, 2, exchange_kind_code(m->kind));
    sqlite3_bind_int64(s, 3, rep->branch_id);
    st_bind_text(s, 4, m->office_uuid);
    st_bind_text(s, 5, m->exported_at);
    st_bind_text(s, 6, m->exported_by);
    st_bind_text(s, 7, m->journal_head);
    st_bind_text(s, 8, m->payload_sha256);
    st_bind_text(s, 9, json);
    st_bind_text(s, 10, now);
    st_bind_text(s, 11, st->user);
    rc = st_step_write(st, s, "记录导入");
    free(json);
    if (rc == STORE_OK) rc = record_received(st, m, rep);
    if (rc != STORE_OK) {
        zb_strlcpy(rep->problem, st->err, sizeof rep->problem);
        return st_abort(st, rc);
    }
    rc = store_commit(st);
    if (rc != STORE_OK) zb_strlcpy(rep->problem, st->err, sizeof rep->problem);
    return rc;
}
