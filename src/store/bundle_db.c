/* bundle.c — the bundle file (.zbx): one SQLite file with a manifest and the changeset of
 * exchange.c as its payload, one payload row per chunk (store_exchange.h). Written chunk by
 * chunk as the export makes them, under a temporary name, the manifest last, then renamed;
 * checked read-only (integrity, manifest, version, SHA-256 of the chunks in order, read one at
 * a time) before anything touches a database; imported chunk by chunk in one transaction with
 * its bundle_log row.
 *
 * Checking and importing a bundle are in bundle_import.c. */
#include "bundle_priv.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
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

int st_sha_ready(void)
{
    static int ready;
    if (!ready) ready = sodium_init() >= 0 ? 1 : -1;
    return ready > 0 ? 0 : -1;
}

void st_sha_hex(crypto_hash_sha256_state *h, char out[SHA_HEX])
{
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(h, d);
    sodium_bin2hex(out, SHA_HEX, d, sizeof d);
}

void st_jsha_hex(struct jsha *h, char out[SHA_HEX])
{
    unsigned char d[32];
    jsha_final(h, d);
    sodium_bin2hex(out, SHA_HEX, d, sizeof d);
}

int st_bundle_cache(struct store *st, int saved)
{
    char sql[48];
    if (saved) {
        snprintf(sql, sizeof sql, "PRAGMA cache_size = %d", saved);
        sqlite3_exec(st->db, sql, NULL, NULL, NULL);
        sqlite3_exec(st->db, "PRAGMA temp_store = DEFAULT", NULL, NULL, NULL);
        return 0;
    }
    sqlite3_stmt *q = st_stmt(st, "PRAGMA cache_size");
    int before = q && sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int(q, 0) : 0;
    st_done(q);
    if (!before) return 0; /* unreadable (or 0): left as it is */
    snprintf(sql, sizeof sql, "PRAGMA cache_size = %d", -1024 * BUNDLE_CACHE_MB);
    sqlite3_exec(st->db, sql, NULL, NULL, NULL);
    sqlite3_exec(st->db, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL);
    return before;
}

/* ---- the signature ---------------------------------------------------------------------- */

static int put_kv(sqlite3_stmt *s, const char *key, const char *value)
{
    sqlite3_reset(s);
    sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, value, -1, SQLITE_TRANSIENT);
    return sqlite3_step(s) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
}

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
int st_signed_text(sqlite3 *db, struct bytes *out)
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
    if (src == SQLITE_OK && st_signed_text(bdb, &text) != 0) src = SQLITE_ERROR;
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
int st_journal_head(struct store *st, int64_t branch_id, char out[65], int64_t *id)
{
    sqlite3_stmt *s = st_stmt(st,
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
    sqlite3_blob *blob;    /* the payload row being filled (writer_put), reopened per row */
    int64_t next_id;
    struct jsha sha;
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
    sqlite3_blob_close(w->blob);
    w->blob = NULL;
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
    /* A new file, renamed into place only once complete and removed on any failure: nothing to
     * roll back, so no rollback journal (journal_mode OFF); the commit still syncs the file once
     * (synchronous FULL) before the rename. Pages of 64 KiB for the chunks' blobs: a sixteenth
     * of the writes (the logical content, what is signed and checked, is the same). */
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(w->db,
                          "PRAGMA page_size = 65536; PRAGMA journal_mode = OFF;"
                          " PRAGMA synchronous = FULL; BEGIN;"
                          "CREATE TABLE manifest(key TEXT PRIMARY KEY, value TEXT);"
                          "CREATE TABLE payload(id INTEGER PRIMARY KEY, data BLOB);",
                          NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(w->db, "INSERT INTO payload(id, data) VALUES (?1, zeroblob(?2))",
                                -1, &w->put, NULL);
    if (rc != SQLITE_OK) return writer_fail(w);
    w->next_id = 1;
    jsha_init(&w->sha);
    return STORE_OK;
}

/* exchange_chunk_fn: the next payload row, and into the SHA-256 */
static int writer_put(void *ctx, const void *data, size_t n)
{
    struct bundle_writer *w = ctx;
    sqlite3_reset(w->put);
    sqlite3_bind_int64(w->put, 1, w->next_id);
    sqlite3_bind_int64(w->put, 2, (sqlite3_int64)n);
    int rc = sqlite3_step(w->put) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
    /* the bytes straight into the row's pages (not first into a record of its own size) */
    if (rc == SQLITE_OK && n) {
        if (n > INT_MAX) rc = SQLITE_TOOBIG;
        else if (w->blob) rc = sqlite3_blob_reopen(w->blob, w->next_id);
        else rc = sqlite3_blob_open(w->db, "main", "payload", "data", w->next_id, 1, &w->blob);
        if (rc == SQLITE_OK) rc = sqlite3_blob_write(w->blob, data, (int)n, 0);
    }
    if (rc != SQLITE_OK) return writer_fail(w);
    w->next_id++;
    if (n) jsha_update(&w->sha, data, n);
    return STORE_OK;
}

/* The manifest, commit, close; STORE_OK (the file complete at w->tmp) or failed (removed). */
static int writer_finish(struct bundle_writer *w, const struct bundle_manifest *m)
{
    int brc = sqlite3_blob_close(w->blob);
    w->blob = NULL;
    if (brc != SQLITE_OK) return writer_fail(w);
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
 * journal describes (the receiving office checks it, issue 12 hole 7). refuse_found: on the
 * verification's result. */
static int refuse_found(struct store *st, const struct verify_result *vr, enum exchange_kind kind)
{
    if (vr->nproblems == 0) return STORE_OK;
    if (kind == EXCHANGE_LEDGER)
        return st_fail(st, STORE_ERR,
                       "本支部台账校验未通过（%d 处问题，首个：%s），导出的交换包会被乡镇发现；"
                       "请先运行 zhibu verify 查看",
                       vr->nproblems, vr->problems[0].message);
    return st_fail(st, STORE_ERR,
                   "该支部台账校验未通过（%d 处问题，首个：%s），不能导出审查结论；"
                   "请先运行 zhibu verify 查看",
                   vr->nproblems, vr->problems[0].message);
}

static int refuse_unverified(struct store *st, int64_t branch_id, enum exchange_kind kind)
{
    struct verify_result *vr = xcalloc(1, sizeof *vr);
    int rc = store_journal_verify(st, branch_id, vr);
    if (rc == STORE_OK) rc = refuse_found(st, vr, kind);
    free(vr);
    return rc;
}

/* The verification beside the export: store_journal_verify on a read-only connection of its
 * own (st_open_reader), in a thread, while this one writes the bundle; the bundle is finished
 * only when it found nothing. Without a second connection (a transaction open, a database in
 * memory, ZHIBU_VERIFY_ONE_THREAD) it runs before the export, as it did; when the thread's
 * connection fails, after the export on this one (on a test database ZHIBU_TEST_FAIL_SIDE_VERIFY
 * makes the thread fail so, for the tests). */
#define EXPORT_CACHE_KB "1024"
struct side_verify {
    struct store *st;      /* the thread's: its connection only */
    int64_t branch_id;
    enum exchange_kind kind;
    struct verify_result *vr;
    bool test_fail; /* ZHIBU_TEST_FAIL_SIDE_VERIFY on a test database: as if its connection failed */
    int rc;
    pthread_t thread;
};

static void *side_main(void *arg)
{
    struct side_verify *v = arg;
    v->rc = v->test_fail ? STORE_ERR : store_journal_verify(v->st, v->branch_id, v->vr);
    return NULL;
}

static bool side_start(struct store *st, struct side_verify *v, int64_t branch_id,
                       enum exchange_kind kind)
{
    memset(v, 0, sizeof *v);
    if (st->tx_depth || !sqlite3_threadsafe() || getenv("ZHIBU_VERIFY_ONE_THREAD")) return false;
    const char *file = sqlite3_db_filename(st->db, "main");
    if (!file || !*file || !st->path) return false; /* in memory: nothing else sees it */
    sqlite3 *db = NULL;
    if (st_open_reader(st, &db) != SQLITE_OK || st_user_sql_functions(db) != SQLITE_OK) {
        sqlite3_close(db);
        return false;
    }
    sqlite3_busy_timeout(db, 5000);
    v->st = xcalloc(1, sizeof *v->st);
    v->st->db = db;
    v->st->path = st->path; /* borrowed: the verification's own worker opens it too */
    v->st->immutable = st->immutable;
    v->branch_id = branch_id;
    v->kind = kind;
    v->vr = xcalloc(1, sizeof *v->vr);
    v->test_fail = getenv("ZHIBU_TEST_FAIL_SIDE_VERIFY") && store_office_test_clock(st);
    (void)jsha_accelerated(); /* asked here, before two threads hash */
    if (pthread_create(&v->thread, NULL, side_main, v) != 0) {
        sqlite3_close(db);
        free(v->st);
        free(v->vr);
        v->st = NULL;
        v->vr = NULL;
        return false;
    }
    return true;
}

/* Wait for it: what it found (said on this handle), or when its connection failed, the
 * verification again here. */
static int side_join(struct store *st, struct side_verify *v)
{
    pthread_join(v->thread, NULL);
    sqlite3 *db = v->st->db;
    st_stmt_clear(v->st);
    sqlite3_close(db);
    free(v->st);
    v->st = NULL;
    int rc = v->rc == STORE_OK ? refuse_found(st, v->vr, v->kind)
                               : refuse_unverified(st, v->branch_id, v->kind);
    free(v->vr);
    v->vr = NULL;
    return rc;
}

/* A verdicts bundle: the newest head received from each other office for the branch. */
static int received_heads(struct store *st, int64_t branch_id, const char *own,
                          struct bundle_manifest *m)
{
    m->nreceived = 0;
    sqlite3_stmt *s = st_stmt(st,
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

static int export_file(struct store *st, int64_t branch_id, enum exchange_kind kind,
                       const char *path, const char *program_version,
                       struct bundle_manifest *out);

int store_bundle_export(struct store *st, int64_t branch_id, enum exchange_kind kind,
                        const char *path, const char *program_version,
                        struct bundle_manifest *out)
{
    int saved = st_bundle_cache(st, 0);
    int rc = export_file(st, branch_id, kind, path, program_version, out);
    st_bundle_cache(st, saved);
    return rc;
}

static int export_file(struct store *st, int64_t branch_id, enum exchange_kind kind,
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
    if (st_sha_ready() != 0) return st_fail(st, STORE_ERR, "无法初始化加密库");
    if (!store_may_export(st, kind))
        return st_fail(st, STORE_ERR_DENIED, "只有审查员或管理员可以导出审查结论");
    struct side_verify side;
    bool beside = side_start(st, &side, branch_id, kind);
    /* beside it, the export reads each page about once: a small cache (the memory is the
     * verification's; store_bundle_export sets it back) */
    if (beside) sqlite3_exec(st->db, "PRAGMA cache_size = -" EXPORT_CACHE_KB, NULL, NULL, NULL);
    if (!beside && (rc = refuse_unverified(st, branch_id, kind)) != STORE_OK) return rc;
    char *tmp = xasprintf("%s.tmp%ld", path, (long)getpid());
    struct bundle_writer w = {.st = st, .path = path, .tmp = tmp};
    /* The head must be that of the entries exported: read it before and after, and export
     * again when another program wrote to this branch's journal in between. */
    char before[65] = "";
    int64_t before_id = 0, head_id = 0;
    for (int attempt = 0;; attempt++) {
        if (kind == EXCHANGE_LEDGER &&
            (rc = st_journal_head(st, branch_id, before, &before_id)) != STORE_OK)
            break;
        if ((rc = writer_open(&w)) != STORE_OK) break;
        rc = store_exchange_export_chunks(st, branch_id, kind, EXCHANGE_CHUNK_ROWS,
                                          EXCHANGE_CHUNK_BYTES, writer_put, &w, m->counts,
                                          &m->ncounts);
        if (rc == STORE_OK && kind == EXCHANGE_LEDGER)
            rc = st_journal_head(st, branch_id, m->journal_head, &head_id);
        if (rc != STORE_OK || kind != EXCHANGE_LEDGER || strcmp(before, m->journal_head) == 0)
            break;
        writer_abort(&w);
        if (attempt == 4) {
            rc = st_fail(st, STORE_ERR_BUSY, "导出时台账一直在被修改，请稍后再试");
            break;
        }
    }
    if (beside) { /* what the verification found comes first, as when it ran before */
        int vrc = side_join(st, &side);
        if (vrc != STORE_OK) rc = vrc;
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
    m->schema_version = STORE_BUNDLE_SCHEMA_VERSION;
    zb_strlcpy(m->program_version, program_version ? program_version : "", sizeof m->program_version);
    store_uuid(m->bundle_uuid);
    if (kind == EXCHANGE_VERDICTS) rc = received_heads(st, branch_id, m->office_uuid, m);
    st_jsha_hex(&w.sha, m->payload_sha256);
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
