/* bundle_file.c — the container file of the district's bundles (store_exchange.h: the month
 * bundle and the district bundle): a manifest signed like a bundle's, written under a temporary
 * name and renamed at the end; read back checked (integrity, manifest, signature) before any
 * database is touched. bundle_month.c and bundle_district.c fill it. */
#include "bundle_priv.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "zhibu/clock.h"
#include "zhibu/store_exchange.h"
#include "zhibu/store_office.h"
#include "zhibu/util.h"

void month_manifest_free(struct month_manifest *m)
{
    if (!m) return;
    free(m->parts);
    m->parts = NULL;
    m->nparts = 0;
}

void month_report_free(struct month_report *r)
{
    if (!r) return;
    free(r->b);
    r->b = NULL;
    r->nbranches = 0;
}

static int fail_msg(char *err, size_t errsz, const char *msg)
{
    if (err && errsz) zb_strlcpy(err, msg, errsz);
    return -1;
}

int store_bundle_peek_kind(const char *path, char *kind, size_t kindsz, char *err, size_t errsz)
{
    if (kind && kindsz) kind[0] = '\0';
    struct stat sb;
    if (!path || stat(path, &sb) != 0) {
        char msg[600];
        snprintf(msg, sizeof msg, "找不到交换包 %s", path ? path : "");
        return fail_msg(err, errsz, msg);
    }
    if (!S_ISREG(sb.st_mode)) return fail_msg(err, errsz, "不是 zhibu 交换包");
    if (sb.st_size == 0) return fail_msg(err, errsz, "文件为空");
    FILE *f = fopen(path, "rb");
    if (!f) return fail_msg(err, errsz, "无法读取交换包（没有读权限）");
    char head[16];
    size_t got = fread(head, 1, sizeof head, f);
    fclose(f);
    if (got != sizeof head || memcmp(head, "SQLite format 3", 16) != 0)
        return fail_msg(err, errsz, "不是 zhibu 交换包");
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, "SELECT value FROM manifest WHERE key = 'kind'", -1, &s, NULL);
    if (rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
        zb_strlcpy(kind, (const char *)sqlite3_column_text(s, 0), kindsz);
    sqlite3_finalize(s);
    sqlite3_close(db);
    if (!kind[0]) return fail_msg(err, errsz, "不是 zhibu 交换包");
    return 0;
}

/* ---- writing ----------------------------------------------------------------------------- */

static void unlink_tmp(const char *tmp)
{
    unlink(tmp);
    char *j = xasprintf("%s-journal", tmp);
    unlink(j);
    free(j);
}

void st_container_abort(struct container *c)
{
    if (c->db) sqlite3_close(c->db);
    c->db = NULL;
    if (c->tmp) unlink_tmp(c->tmp);
    free(c->tmp);
    c->tmp = NULL;
}

int st_container_fail(struct container *c)
{
    st_container_abort(c);
    return st_fail(c->st, STORE_ERR, "无法写入交换包 %s", c->path);
}

int st_container_open(struct container *c, const char *tables_sql)
{
    if (!c->path || !*c->path) return st_fail(c->st, STORE_ERR, "未指定交换包文件");
    if (access(c->path, F_OK) == 0)
        return st_fail(c->st, STORE_ERR, "文件 %s 已存在（不会覆盖）", c->path);
    c->tmp = xasprintf("%s.tmp%ld", c->path, (long)getpid());
    unlink_tmp(c->tmp);
    int fd = zb_create_private(c->tmp, true);
    if (fd < 0) {
        int e = errno;
        free(c->tmp);
        c->tmp = NULL;
        return st_fail(c->st, STORE_ERR, "无法写入交换包 %s：%s", c->path, zb_errno_text(e));
    }
    close(fd);
    int rc = sqlite3_open_v2(c->tmp, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(c->db,
                          "PRAGMA journal_mode = DELETE; PRAGMA cache_size = -256; BEGIN;"
                          "CREATE TABLE manifest(key TEXT PRIMARY KEY, value TEXT);",
                          NULL, NULL, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_exec(c->db, tables_sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK) return st_container_fail(c);
    return STORE_OK;
}

int st_container_put(struct container *c, const char *key, const char *value)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(c->db, "INSERT OR REPLACE INTO manifest(key, value) VALUES (?1, ?2)",
                                -1, &s, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 2, value, -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(s) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
    }
    sqlite3_finalize(s);
    return rc == SQLITE_OK ? STORE_OK : STORE_ERR;
}

/* The keys every container carries (store_exchange.h), from m. */
int st_container_put_common(struct container *c, const struct month_manifest *m)
{
    char num[16];
    snprintf(num, sizeof num, "%d", m->schema_version);
    const char *kv[][2] = {
        {"format", BUNDLE_FORMAT},
        {"kind", m->kind},
        {"month", m->month},
        {"exported_at", m->exported_at},
        {"exported_by", m->exported_by},
        {"office_uuid", m->office_uuid},
        {"office_kind", m->office_kind},
        {"office_name", m->office_name},
        {"office_test", m->office_test},
        {"schema_version", num},
        {"program_version", m->program_version},
        {"bundle_uuid", m->bundle_uuid},
        {"township_code", m->township_code},
        {"township_name", m->township_name},
    };
    for (size_t i = 0; i < ZB_ARRAY_LEN(kv); i++)
        if (st_container_put(c, kv[i][0], kv[i][1]) != STORE_OK) return STORE_ERR;
    return STORE_OK;
}

/* Fill m's office fields and stamps from this database. */
int st_container_stamp(struct store *st, struct month_manifest *m, const char *kind,
                       const char *program_version)
{
    zb_strlcpy(m->kind, kind, sizeof m->kind);
    clock_now_iso(m->exported_at);
    zb_strlcpy(m->exported_by, st->user, sizeof m->exported_by);
    m->schema_version = STORE_BUNDLE_SCHEMA_VERSION;
    zb_strlcpy(m->program_version, program_version ? program_version : "",
               sizeof m->program_version);
    store_uuid(m->bundle_uuid);
    struct office_info me;
    int rc = store_office_get(st, &me);
    if (rc != STORE_OK) return rc;
    zb_strlcpy(m->office_uuid, me.uuid, sizeof m->office_uuid);
    zb_strlcpy(m->office_kind, me.kind, sizeof m->office_kind);
    zb_strlcpy(m->office_name, me.name, sizeof m->office_name);
    zb_strlcpy(m->office_test, store_office_test_clock(st) ? "1" : "0", sizeof m->office_test);
    zb_strlcpy(m->office_public_key, me.public_key, sizeof m->office_public_key);
    zb_strlcpy(m->office_fingerprint, me.fingerprint, sizeof m->office_fingerprint);
    return STORE_OK;
}

int st_container_finish(struct container *c)
{
    if (st_bundle_sign(c->st, c->db) != STORE_OK) {
        st_container_abort(c);
        return STORE_ERR;
    }
    int rc = sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
    if (sqlite3_close(c->db) != SQLITE_OK && rc == SQLITE_OK) rc = SQLITE_ERROR;
    c->db = NULL;
    if (rc != SQLITE_OK) return st_container_fail(c);
    if (rename(c->tmp, c->path) != 0) return st_container_fail(c);
    free(c->tmp);
    c->tmp = NULL;
    return STORE_OK;
}

/* ---- reading ----------------------------------------------------------------------------- */

#define MSG_DAMAGED "交换包已损坏（完整性检查失败）"

static void read_key(sqlite3 *db, const char *key, char *out, size_t outsz)
{
    sqlite3_stmt *s = NULL;
    out[0] = '\0';
    if (sqlite3_prepare_v2(db, "SELECT value FROM manifest WHERE key = ?1", -1, &s, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
        if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
            zb_strlcpy(out, (const char *)sqlite3_column_text(s, 0), outsz);
    }
    sqlite3_finalize(s);
}

int st_container_check_open(const char *path, const char *kind, struct month_manifest *m,
                            sqlite3 **out, char *err, size_t errsz)
{
    memset(m, 0, sizeof *m);
    *out = NULL;
    if (err && errsz) err[0] = '\0';
    char k[16];
    if (store_bundle_peek_kind(path, k, sizeof k, err, errsz) != 0) return -1;
    if (st_sha_ready() != 0) return fail_msg(err, errsz, "无法初始化加密库");
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return fail_msg(err, errsz, "无法读取交换包");
    }
    int result = 0;
    sqlite3_stmt *s = NULL;
    /* the parts are read in pieces, each once: a small page cache (the import's memory is the
     * database's) */
    if (sqlite3_exec(db, "PRAGMA cache_size = -256; BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        result = fail_msg(err, errsz, "无法读取交换包");
    bool ok = result == 0 &&
              sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &s, NULL) == SQLITE_OK &&
              sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0) &&
              strcmp((const char *)sqlite3_column_text(s, 0), "ok") == 0;
    sqlite3_finalize(s);
    if (result == 0 && !ok) result = fail_msg(err, errsz, MSG_DAMAGED);
    char format[32], schema[16];
    if (result == 0) {
        read_key(db, "format", format, sizeof format);
        read_key(db, "kind", m->kind, sizeof m->kind);
        read_key(db, "month", m->month, sizeof m->month);
        read_key(db, "exported_at", m->exported_at, sizeof m->exported_at);
        read_key(db, "exported_by", m->exported_by, sizeof m->exported_by);
        read_key(db, "office_uuid", m->office_uuid, sizeof m->office_uuid);
        read_key(db, "office_kind", m->office_kind, sizeof m->office_kind);
        read_key(db, "office_name", m->office_name, sizeof m->office_name);
        read_key(db, "office_test", m->office_test, sizeof m->office_test);
        read_key(db, "office_public_key", m->office_public_key, sizeof m->office_public_key);
        read_key(db, "office_fingerprint", m->office_fingerprint, sizeof m->office_fingerprint);
        read_key(db, "program_version", m->program_version, sizeof m->program_version);
        read_key(db, "bundle_uuid", m->bundle_uuid, sizeof m->bundle_uuid);
        read_key(db, "township_code", m->township_code, sizeof m->township_code);
        read_key(db, "township_name", m->township_name, sizeof m->township_name);
        read_key(db, "schema_version", schema, sizeof schema);
        m->schema_version = atoi(schema);
        if (strcmp(format, BUNDLE_FORMAT) != 0 || strcmp(m->kind, kind) != 0)
            result = fail_msg(err, errsz, "不是 zhibu 交换包");
        else if (m->schema_version > STORE_SCHEMA_VERSION) {
            char msg[128];
            snprintf(msg, sizeof msg, "交换包来自更新版本的 zhibu（数据库版本 %d）",
                     m->schema_version);
            result = fail_msg(err, errsz, msg);
        } else if (m->schema_version <= 0 || !m->exported_at[0])
            result = fail_msg(err, errsz, "交换包的清单不完整");
    }
    if (result == 0) {
        /* the signature: the key and fingerprint the manifest carries */
        struct bundle_manifest *bm = xcalloc(1, sizeof *bm);
        zb_strlcpy(bm->office_public_key, m->office_public_key, sizeof bm->office_public_key);
        zb_strlcpy(bm->office_fingerprint, m->office_fingerprint, sizeof bm->office_fingerprint);
        result = st_bundle_check_signature(db, bm, err, errsz);
        free(bm);
    }
    if (result == 0) *out = db;
    else sqlite3_close(db);
    return result;
}
