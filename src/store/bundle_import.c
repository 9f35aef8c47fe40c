/* bundle_import.c — a bundle file checked read-only (integrity, manifest, version, signature,
 * SHA-256 of the chunks in order, read one at a time) before anything touches a database, and
 * imported chunk by chunk in one transaction with its bundle_log row. */
#include "bundle_priv.h"

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
int st_bundle_check_signature(sqlite3 *db, const struct bundle_manifest *m, char *err,
                              size_t errsz)
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
    if (st_signed_text(db, &text) != 0) return check_fail(err, errsz, MSG_BADSIG);
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

/* The file this process last checked whole (store_bundle_check: its integrity and the SHA-256
 * of its payload), as stat saw it, and that payload's SHA-256. The import of the same file right
 * after (the command line checks a bundle before it opens the database, then imports it) does
 * not check the file's structure and hash a second time before it starts: the manifest and the
 * signature are checked again in the import's snapshot, the manifest must name the same
 * payload, and every pass of the import over the payload checks its SHA-256 again before
 * anything is written (file_next). Used once. */
static struct {
    bool set;
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime, ctime;
    char sha[SHA_HEX];
} checked;

static bool same_stat(const struct stat *sb)
{
    return checked.set && sb->st_dev == checked.dev && sb->st_ino == checked.ino &&
           sb->st_size == checked.size && sb->st_mtim.tv_sec == checked.mtime.tv_sec &&
           sb->st_mtim.tv_nsec == checked.mtime.tv_nsec &&
           sb->st_ctim.tv_sec == checked.ctime.tv_sec && sb->st_ctim.tv_nsec == checked.ctime.tv_nsec;
}

static bool integrity_ok(sqlite3 *db)
{
    sqlite3_stmt *s = NULL;
    bool ok = sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL) == SQLITE_OK &&
              sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0) &&
              strcmp((const char *)sqlite3_column_text(s, 0), "ok") == 0;
    sqlite3_finalize(s);
    return ok;
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
    /* checked whole just before (the import after the command line's check) */
    bool known = keep && !payload && same_stat(&sb);
    checked.set = false;
    if (sb.st_size == 0) return check_fail(err, errsz, "文件为空");
    struct exchange_limits lim;
    store_exchange_limits_get(&lim);
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
    if (st_sha_ready() != 0) return check_fail(err, errsz, "无法初始化加密库");

    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return check_fail(err, errsz, "无法读取交换包");
    }
    int result = 0;
    sqlite3_stmt *s = NULL;
    /* one snapshot from the check to the end of the import */
    if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        result = check_fail(err, errsz, "无法读取交换包");
    if (result == 0 && !known && !integrity_ok(db)) result = check_fail(err, errsz, MSG_DAMAGED);
    if (result == 0) result = read_manifest(db, m, err, errsz);
    /* another payload than the one checked: not the file checked, checked whole here */
    if (result == 0 && known && strcmp(m->payload_sha256, checked.sha) != 0) {
        known = false;
        if (!integrity_ok(db)) result = check_fail(err, errsz, MSG_DAMAGED);
    }
    if (result == 0) result = st_bundle_check_signature(db, m, err, errsz);
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
    if (result == 0 && !known) { /* (known: the import's passes hash it again, file_next) */
        if (sqlite3_prepare_v2(db, "SELECT data FROM payload ORDER BY id", -1, &s, NULL) !=
            SQLITE_OK) {
            result = check_fail(err, errsz, MSG_ALTERED);
        } else {
            struct jsha h;
            jsha_init(&h);
            int rc;
            while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
                int k = sqlite3_column_bytes(s, 0);
                const void *p = sqlite3_column_blob(s, 0);
                if (k <= 0 || !p) continue;
                jsha_update(&h, p, (size_t)k);
                if (payload) {
                    data = xrealloc(data, n + (size_t)k);
                    memcpy(data + n, p, (size_t)k);
                    n += (size_t)k;
                }
            }
            char hex[SHA_HEX];
            st_jsha_hex(&h, hex);
            if (rc != SQLITE_DONE) result = check_fail(err, errsz, MSG_DAMAGED);
            else if (strcmp(hex, m->payload_sha256) != 0) result = check_fail(err, errsz, MSG_ALTERED);
        }
        sqlite3_finalize(s);
    }
    if (result == 0 && keep) *keep = db;
    else sqlite3_close(db);
    if (result == 0 && !keep) { /* checked whole: the import of it may start from here */
        checked.set = true;
        checked.dev = sb.st_dev;
        checked.ino = sb.st_ino;
        checked.size = sb.st_size;
        checked.mtime = sb.st_mtim;
        checked.ctime = sb.st_ctim;
        zb_strlcpy(checked.sha, m->payload_sha256, sizeof checked.sha);
    }
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
    struct jsha h;
};

static int file_rewind(void *ctx)
{
    struct file_source *f = ctx;
    sqlite3_reset(f->s);
    jsha_init(&f->h);
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
        jsha_update(&f->h, p, (size_t)k);
        *data = p;
        *n = (size_t)k;
        return 1;
    }
    if (rc != SQLITE_DONE) {
        f->src.err = MSG_DAMAGED;
        return -1;
    }
    char hex[SHA_HEX];
    st_jsha_hex(&f->h, hex);
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
    sqlite3_stmt *s = st_stmt(st,
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

static int import_file(struct store *st, const char *path, const char *trust,
                       const struct bundle_part *part, struct bundle_manifest *m,
                       struct exchange_report *rep);
/* exchange_derive.c (exchange_priv.h): the stages an import attached, detached */
void st_stage_detach(struct store *st);

int store_bundle_import(struct store *st, const char *path, const char *trust,
                        struct bundle_manifest *m, struct exchange_report *rep)
{
    int saved = st_bundle_cache(st, 0);
    int rc = import_file(st, path, trust, NULL, m, rep);
    st_bundle_cache(st, saved);
    return rc;
}

int st_bundle_import_part(struct store *st, const char *path, const struct bundle_part *part,
                          struct bundle_manifest *m, struct exchange_report *rep)
{
    return import_file(st, path, NULL, part, m, rep);
}

/* A part of a month bundle (st_bundle_import_part): signed by the month bundle's signer, of the
 * kind and branch its manifest lists. STORE_OK or the refusal (rep->problem). */
static int part_matches(struct store *st, const struct bundle_part *part,
                        const struct bundle_manifest *m, struct exchange_report *rep)
{
    const char *why = NULL;
    if (strcmp(m->office_public_key, part->public_key) != 0)
        why = "不是由月度交换包的签名单位签名的";
    else if ((int)m->kind != part->kind || strcmp(m->branch_uuid, part->branch_uuid) != 0)
        why = "与月度交换包清单所列的种类或支部不符";
    if (!why) return STORE_OK;
    snprintf(rep->problem, sizeof rep->problem, "月度交换包中支部 %s 的%s%s，整个交换包未导入",
             m->branch_code, m->kind == EXCHANGE_VERDICTS ? "审查结论" : "台账", why);
    return st_fail(st, STORE_ERR_DENIED, "%s", rep->problem);
}

static int import_file_tx(struct store *st, const char *path, const char *trust,
                          const struct bundle_part *part, struct bundle_manifest *m,
                          struct exchange_report *rep);

/* The import in its own transaction (a part: in the month import's), then the stage it attached
 * detached (exchange_derive.c; a part's stays until the month's transaction ends). */
static int import_file(struct store *st, const char *path, const char *trust,
                       const struct bundle_part *part, struct bundle_manifest *m,
                       struct exchange_report *rep)
{
    int rc = import_file_tx(st, path, trust, part, m, rep);
    if (!part) st_stage_detach(st);
    return rc;
}

static int import_file_tx(struct store *st, const char *path, const char *trust,
                          const struct bundle_part *part, struct bundle_manifest *m,
                          struct exchange_report *rep)
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
    f.src.from_township = part != NULL;
    f.src.schema_version = m->schema_version;
    if (sqlite3_prepare_v2(bdb, "SELECT data FROM payload ORDER BY id", -1, &f.s, NULL) !=
        SQLITE_OK) {
        sqlite3_close(bdb);
        zb_strlcpy(rep->problem, MSG_DAMAGED, sizeof rep->problem);
        return st_fail(st, STORE_ERR, "%s", MSG_DAMAGED);
    }
    /* a part of a month bundle: inside the month import's transaction, the sender decided by it */
    int rc = part ? STORE_OK : store_begin(st);
    if (rc != STORE_OK) {
        sqlite3_finalize(f.s);
        sqlite3_close(bdb);
        return rc;
    }
#define ABORT(rc) (part ? (rc) : st_abort(st, (rc)))
    struct office_sender who;
    memset(&who, 0, sizeof who);
    bool reg = false;
    /* a test or demo database runs on whatever clock the environment sets: its entry times and
     * 补记 prove nothing, so a real ledger never takes its rows or verdicts (a mark missing from
     * a signed manifest counts as a test database's) */
    if (strcmp(m->office_test, "0") != 0 && !store_office_test_clock(st)) {
        rc = st_fail(st, STORE_ERR_DENIED,
                     "交换包来自测试或演示数据库（其日期时间可以随意设定），真实台账不能导入");
        zb_strlcpy(rep->problem, st->err, sizeof rep->problem);
    } else if (part) {
        rc = part_matches(st, part, m, rep);
    } else {
        rc = decide_sender(st, m, trust, &who, &reg, rep);
    }
    /* a township is the reviewing office of the branches it holds: another office's ledger
     * may answer its rectification orders (done) but not add, change, confirm or send back
     * any (hole 3: rectification decisions only from the reviewing office) */
    char *before = NULL, kind_here[16] = "";
    if (rc == STORE_OK && m->kind == EXCHANGE_LEDGER && who.branch_id &&
        who.state != OFFICE_SENDER_SELF &&
        (rc = store_office_get_kind(st, kind_here, sizeof kind_here)) == STORE_OK &&
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
    if (rc != STORE_OK) return ABORT(rc);
    sqlite3_stmt *s = st_stmt(st,
                              "INSERT INTO bundle_log(uuid, kind, branch_id, origin_office,"
                              " exported_at, exported_by, journal_head, payload_sha256,"
                              " report_json, imported_at, imported_by)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    if (!s) return ABORT(STORE_ERR);
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
        return ABORT(rc);
    }
    if (part) return STORE_OK;
#undef ABORT
    rc = store_commit(st);
    if (rc != STORE_OK) zb_strlcpy(rep->problem, st->err, sizeof rep->problem);
    return rc;
}
