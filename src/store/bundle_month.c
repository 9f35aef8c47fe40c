/* bundle_month.c — the township's month bundle for the district (store_exchange.h): per branch
 * the township reviews, its ledger bundle and its verdicts bundle as parts of one signed
 * container; imported at the district in one transaction, one part at a time through a
 * temporary file and the checks of any bundle (bundle_import.c). */
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
#include "zhibu/store_district.h"
#include "zhibu/store_exchange.h"
#include "zhibu/store_office.h"
#include "zhibu/util.h"

#define PIECE (256 * 1024)

/* ---- export ------------------------------------------------------------------------------ */

/* The township committee: the branch with branches under it and no parent (its code names the
 * township); "" when there is none. */
static int township_committee(struct store *st, char *code, size_t codesz, char *name,
                              size_t namesz)
{
    code[0] = name[0] = '\0';
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT code, name FROM branch b WHERE b.parent_id IS NULL"
                              " AND EXISTS (SELECT 1 FROM branch c WHERE c.parent_id = b.id)"
                              " ORDER BY b.id LIMIT 1");
    if (!s) return STORE_ERR;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        st_col_text(s, 0, code, codesz);
        st_col_text(s, 1, name, namesz);
    }
    st_done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return st_sqlfail(st, rc, "读取乡镇党委");
    return STORE_OK;
}

struct branch_ref {
    int64_t id;
    char uuid[UUID_STR_LEN];
    char code[24];
    char name[TEXT_SHORT];
};

/* The branches the township reviews: every branch without branches under it, by code. */
static int reviewed_branches(struct store *st, struct branch_ref **out, int *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT id, uuid, code, name FROM branch b WHERE NOT EXISTS"
                              " (SELECT 1 FROM branch c WHERE c.parent_id = b.id) ORDER BY code");
    if (!s) return STORE_ERR;
    int rc, cap = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 32;
            *out = xrealloc(*out, (size_t)cap * sizeof **out);
        }
        struct branch_ref *b = &(*out)[(*n)++];
        b->id = sqlite3_column_int64(s, 0);
        st_col_text(s, 1, b->uuid, sizeof b->uuid);
        st_col_text(s, 2, b->code, sizeof b->code);
        st_col_text(s, 3, b->name, sizeof b->name);
    }
    st_done(s);
    if (rc != SQLITE_DONE) {
        free(*out);
        *out = NULL;
        *n = 0;
        return st_sqlfail(st, rc, "读取支部");
    }
    return STORE_OK;
}

/* Copy the file at from into part row id of the container, in pieces; its SHA-256 and size into
 * p. */
static int put_part(struct container *c, const char *from, struct month_part *p)
{
    struct stat sb;
    if (stat(from, &sb) != 0) return st_container_fail(c);
    FILE *f = fopen(from, "rb");
    if (!f) return st_container_fail(c);
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(c->db, "INSERT INTO part(id, data) VALUES (?1, zeroblob(?2))", -1,
                                &s, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int(s, 1, p->id);
        sqlite3_bind_int64(s, 2, (sqlite3_int64)sb.st_size);
        rc = sqlite3_step(s) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
    }
    sqlite3_finalize(s);
    sqlite3_blob *b = NULL;
    if (rc == SQLITE_OK) rc = sqlite3_blob_open(c->db, "main", "part", "data", p->id, 1, &b);
    struct jsha h;
    jsha_init(&h);
    unsigned char *buf = xmalloc(PIECE);
    long long off = 0;
    while (rc == SQLITE_OK && off < (long long)sb.st_size) {
        size_t k = fread(buf, 1, PIECE, f);
        if (k == 0) {
            rc = SQLITE_ERROR;
            break;
        }
        jsha_update(&h, buf, k);
        rc = sqlite3_blob_write(b, buf, (int)k, (int)off);
        off += (long long)k;
    }
    free(buf);
    sqlite3_blob_close(b);
    fclose(f);
    if (rc != SQLITE_OK) return st_container_fail(c);
    st_jsha_hex(&h, p->sha256);
    p->bytes = (long long)sb.st_size;
    return STORE_OK;
}

static char *part_json(const struct month_part *p)
{
    sqlite3 *mem = NULL;
    sqlite3_stmt *s = NULL;
    char *out = NULL;
    if (sqlite3_open(":memory:", &mem) == SQLITE_OK &&
        sqlite3_prepare_v2(mem,
                           "SELECT json_object('kind', ?1, 'branch_uuid', ?2, 'branch_code', ?3,"
                           " 'branch_name', ?4, 'sha256', ?5, 'bytes', ?6)",
                           -1, &s, NULL) == SQLITE_OK) {
        sqlite3_bind_text(s, 1, exchange_kind_code(p->kind), -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, p->branch_uuid, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, p->branch_code, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, p->branch_name, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 5, p->sha256, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 6, p->bytes);
        if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
            out = xstrdup((const char *)sqlite3_column_text(s, 0));
    }
    sqlite3_finalize(s);
    sqlite3_close(mem);
    return out;
}

static int export_month(struct store *st, struct zmonth month, const char *path,
                        const char *program_version, struct month_manifest *m)
{
    struct office_info me;
    int rc = store_office_get(st, &me);
    if (rc != STORE_OK) return rc;
    if (strcmp(me.kind, "township") != 0)
        return st_fail(st, STORE_ERR, "只有乡镇的数据库可以导出给区（县）的月度交换包（本数据库是%s）",
                       office_kind_label(me.kind));
    if (!store_may_export(st, EXCHANGE_VERDICTS))
        return st_fail(st, STORE_ERR_DENIED, "只有审查员或管理员可以导出给区（县）的月度交换包");
    if (!zmonth_valid(month)) return st_fail(st, STORE_ERR, "月份无效");
    if (zmonth_cmp(month, zmonth_of_date(clock_today())) > 0) {
        char ym[ZMONTH_STR_LEN];
        zmonth_format(month, ym);
        return st_fail(st, STORE_ERR, "月份 %s 还没有到，不能报送", ym);
    }
    if (!path || !*path) return st_fail(st, STORE_ERR, "未指定交换包文件");
    if (access(path, F_OK) == 0) return st_fail(st, STORE_ERR, "文件 %s 已存在（不会覆盖）", path);
    if (st_sha_ready() != 0) return st_fail(st, STORE_ERR, "无法初始化加密库");
    struct branch_ref *br = NULL;
    int nbr = 0;
    if ((rc = reviewed_branches(st, &br, &nbr)) != STORE_OK) return rc;
    if (nbr == 0) {
        free(br);
        return st_fail(st, STORE_ERR, "本乡镇的数据库还没有村（社区）支部，没有可以报送的内容");
    }
    if ((rc = st_container_stamp(st, m, BUNDLE_KIND_MONTH, program_version)) != STORE_OK ||
        (rc = township_committee(st, m->township_code, sizeof m->township_code,
                                 m->township_name, sizeof m->township_name)) != STORE_OK) {
        free(br);
        return rc;
    }
    if (me.name[0]) zb_strlcpy(m->township_name, me.name, sizeof m->township_name);
    zmonth_format(month, m->month);
    struct container c = {.st = st, .path = path};
    if ((rc = st_container_open(&c, "CREATE TABLE part(id INTEGER PRIMARY KEY, data BLOB);")) !=
        STORE_OK) {
        free(br);
        return rc;
    }
    m->parts = xcalloc((size_t)nbr * 2, sizeof *m->parts);
    char *tmp = xasprintf("%s.part%ld", path, (long)getpid());
    for (int i = 0; i < nbr && rc == STORE_OK; i++) {
        for (int k = 0; k < 2 && rc == STORE_OK; k++) {
            struct month_part *p = &m->parts[m->nparts];
            p->id = m->nparts + 1;
            p->kind = k ? EXCHANGE_VERDICTS : EXCHANGE_LEDGER;
            zb_strlcpy(p->branch_uuid, br[i].uuid, sizeof p->branch_uuid);
            zb_strlcpy(p->branch_code, br[i].code, sizeof p->branch_code);
            zb_strlcpy(p->branch_name, br[i].name, sizeof p->branch_name);
            unlink(tmp);
            st_exchange_month_part(true);
            rc = store_bundle_export(st, br[i].id, p->kind, tmp, program_version, NULL);
            st_exchange_month_part(false);
            if (rc != STORE_OK) {
                /* the part's message, naming the branch; the container removed */
                char why[512];
                zb_strlcpy(why, store_errmsg(st), sizeof why);
                st_container_abort(&c);
                rc = st_fail(st, rc, "支部 %s %s：%s", br[i].code, br[i].name, why);
                break;
            }
            rc = put_part(&c, tmp, p);
            unlink(tmp);
            if (rc != STORE_OK) break;
            char key[16];
            snprintf(key, sizeof key, "part:%04d", p->id);
            char *json = part_json(p);
            if (!json || st_container_put(&c, key, json) != STORE_OK) rc = st_container_fail(&c);
            free(json);
            m->nparts++;
        }
    }
    unlink(tmp);
    free(tmp);
    free(br);
    if (rc != STORE_OK) return rc;
    char num[16];
    snprintf(num, sizeof num, "%d", m->nparts);
    if (st_container_put_common(&c, m) != STORE_OK || st_container_put(&c, "parts", num) != STORE_OK)
        return st_container_fail(&c);
    return st_container_finish(&c);
}

int store_bundle_export_month(struct store *st, struct zmonth month, const char *path,
                              const char *program_version, struct month_manifest *out)
{
    struct month_manifest local;
    struct month_manifest *m = out ? out : &local;
    memset(m, 0, sizeof *m);
    int rc = export_month(st, month, path, program_version, m);
    if (rc != STORE_OK || !out) month_manifest_free(m);
    return rc;
}

/* ---- check ------------------------------------------------------------------------------- */

static int fail_msg(char *err, size_t errsz, const char *msg)
{
    if (err && errsz) zb_strlcpy(err, msg, errsz);
    return -1;
}

#define MSG_ALTERED "交换包内容与校验值不符（文件被改动或不完整）"

/* Read the parts the manifest lists and check each part row against its hash and size (read in
 * pieces); no part row that the manifest does not list. */
static int check_parts(sqlite3 *db, struct month_manifest *m, char *err, size_t errsz)
{
    sqlite3_stmt *s = NULL;
    char parts[16] = "";
    if (sqlite3_prepare_v2(db, "SELECT value FROM manifest WHERE key = 'parts'", -1, &s, NULL) ==
            SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
        zb_strlcpy(parts, (const char *)sqlite3_column_text(s, 0), sizeof parts);
    sqlite3_finalize(s);
    int n = atoi(parts);
    if (n <= 0 || n > 100000) return fail_msg(err, errsz, "交换包的清单不完整");
    m->parts = xcalloc((size_t)n, sizeof *m->parts);
    if (sqlite3_prepare_v2(db,
                           "SELECT CAST(substr(key, 6) AS INTEGER), json_extract(value, '$.kind'),"
                           " json_extract(value, '$.branch_uuid'),"
                           " json_extract(value, '$.branch_code'),"
                           " json_extract(value, '$.branch_name'), json_extract(value, '$.sha256'),"
                           " json_extract(value, '$.bytes') FROM manifest"
                           " WHERE key GLOB 'part:*' AND json_valid(value) ORDER BY key",
                           -1, &s, NULL) != SQLITE_OK)
        return fail_msg(err, errsz, "交换包的清单不完整");
    while (sqlite3_step(s) == SQLITE_ROW && m->nparts < n) {
        struct month_part *p = &m->parts[m->nparts++];
        p->id = sqlite3_column_int(s, 0);
        const char *k = (const char *)sqlite3_column_text(s, 1);
        int kind = exchange_kind_parse(k);
        p->kind = kind < 0 ? EXCHANGE_LEDGER : (enum exchange_kind)kind;
        const char *t;
        if ((t = (const char *)sqlite3_column_text(s, 2))) zb_strlcpy(p->branch_uuid, t, sizeof p->branch_uuid);
        if ((t = (const char *)sqlite3_column_text(s, 3))) zb_strlcpy(p->branch_code, t, sizeof p->branch_code);
        if ((t = (const char *)sqlite3_column_text(s, 4))) zb_strlcpy(p->branch_name, t, sizeof p->branch_name);
        if ((t = (const char *)sqlite3_column_text(s, 5))) zb_strlcpy(p->sha256, t, sizeof p->sha256);
        p->bytes = sqlite3_column_int64(s, 6);
        if (kind < 0 || !p->branch_uuid[0] || !p->branch_code[0] || strlen(p->sha256) != 64 ||
            p->id <= 0 || p->bytes <= 0) {
            sqlite3_finalize(s);
            return fail_msg(err, errsz, "交换包的清单不完整");
        }
    }
    sqlite3_finalize(s);
    s = NULL;
    int rows = -1;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM part", -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        rows = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    if (m->nparts != n || rows != n) return fail_msg(err, errsz, MSG_ALTERED);
    unsigned char *buf = xmalloc(PIECE);
    int result = 0;
    for (int i = 0; i < m->nparts && result == 0; i++) {
        struct month_part *p = &m->parts[i];
        sqlite3_blob *b = NULL;
        if (sqlite3_blob_open(db, "main", "part", "data", p->id, 0, &b) != SQLITE_OK) {
            sqlite3_blob_close(b);
            result = fail_msg(err, errsz, MSG_ALTERED);
            break;
        }
        long long size = sqlite3_blob_bytes(b);
        struct jsha h;
        jsha_init(&h);
        for (long long off = 0; off < size && result == 0;) {
            int k = size - off > PIECE ? PIECE : (int)(size - off);
            if (sqlite3_blob_read(b, buf, k, (int)off) != SQLITE_OK)
                result = fail_msg(err, errsz, "交换包已损坏（完整性检查失败）");
            else jsha_update(&h, buf, (size_t)k);
            off += k;
        }
        sqlite3_blob_close(b);
        char hex[SHA_HEX];
        st_jsha_hex(&h, hex);
        if (result == 0 && (size != p->bytes || strcmp(hex, p->sha256) != 0))
            result = fail_msg(err, errsz, MSG_ALTERED);
    }
    free(buf);
    return result;
}

static int check_open(const char *path, struct month_manifest *m, sqlite3 **out, char *err,
                      size_t errsz)
{
    sqlite3 *db = NULL;
    if (st_container_check_open(path, BUNDLE_KIND_MONTH, m, &db, err, errsz) != 0) return -1;
    struct zmonth ym;
    int result = 0;
    if (!zmonth_parse(m->month, &ym)) result = fail_msg(err, errsz, "交换包的清单不完整（月份）");
    if (result == 0) result = check_parts(db, m, err, errsz);
    if (result == 0 && out) *out = db;
    else sqlite3_close(db);
    if (result != 0) month_manifest_free(m);
    return result;
}

int store_month_bundle_check(const char *path, struct month_manifest *m, char *err, size_t errsz)
{
    char kind[16];
    if (store_bundle_peek_kind(path, kind, sizeof kind, err, errsz) != 0) {
        memset(m, 0, sizeof *m);
        return -1;
    }
    if (strcmp(kind, BUNDLE_KIND_DISTRICT) == 0) {
        sqlite3 *db = NULL;
        int r = st_container_check_open(path, BUNDLE_KIND_DISTRICT, m, &db, err, errsz);
        sqlite3_close(db);
        return r;
    }
    return check_open(path, m, NULL, err, errsz);
}

/* ---- import ------------------------------------------------------------------------------ */

/* Part p of the open container into a new temporary file (its name into path), in pieces. */
static int extract_part(sqlite3 *db, const struct month_part *p, char *path, size_t pathsz)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, pathsz, "%s/zhibu-part-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) return -1;
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        close(fd);
        unlink(path);
        return -1;
    }
    sqlite3_blob *b = NULL;
    int ok = sqlite3_blob_open(db, "main", "part", "data", p->id, 0, &b) == SQLITE_OK;
    unsigned char *buf = xmalloc(PIECE);
    long long size = ok ? sqlite3_blob_bytes(b) : 0;
    for (long long off = 0; ok && off < size;) {
        int k = size - off > PIECE ? PIECE : (int)(size - off);
        ok = sqlite3_blob_read(b, buf, k, (int)off) == SQLITE_OK &&
             fwrite(buf, 1, (size_t)k, f) == (size_t)k;
        off += k;
    }
    free(buf);
    sqlite3_blob_close(b);
    if (fclose(f) != 0) ok = 0;
    if (!ok) unlink(path);
    return ok ? 0 : -1;
}

static int64_t branch_here(struct store *st, const char *uuid)
{
    sqlite3_stmt *s = st_stmt(st, "SELECT id FROM branch WHERE uuid = ?1");
    if (!s) return STORE_ERR;
    st_bind_text(s, 1, uuid);
    int rc = sqlite3_step(s);
    int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    st_done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return st_sqlfail(st, rc, "读取支部");
    return id;
}

int st_month_refuse(struct store *st, struct month_report *rep, int rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rep->problem, sizeof rep->problem, fmt, ap);
    va_end(ap);
    return st_fail(st, rc, "%s", rep->problem);
}

int st_month_gate(struct store *st, const struct month_manifest *m, struct month_report *rep,
                  const char *refusal)
{
    if (strcmp(m->office_test, "0") != 0 && !store_office_test_clock(st))
        return st_month_refuse(st, rep, STORE_ERR_DENIED,
                               "交换包来自测试或演示数据库（其日期时间可以随意设定），真实台账不能导入");
    if (!store_may_admin(st) && st->session.role != STORE_ROLE_REVIEWER)
        return st_month_refuse(st, rep, STORE_ERR_DENIED, "%s", refusal);
    return STORE_OK;
}

/* Who signed and whether this district takes it: the registered township into *t. */
static int decide_township(struct store *st, const struct month_manifest *m, struct township *t,
                           struct month_report *rep)
{
    struct office_info me;
    int rc = store_office_get(st, &me);
    if (rc != STORE_OK) return rc;
    if (strcmp(me.kind, "district") != 0)
        return st_month_refuse(st, rep, STORE_ERR_DENIED,
                      "月度交换包是乡镇报送区（县）的，只能导入区（县）的数据库（本数据库是%s）",
                      office_kind_label(me.kind));
    if (strcmp(m->office_kind, "township") != 0)
        return st_month_refuse(st, rep, STORE_ERR_DENIED, "月度交换包只接受乡镇导出的，此包来自%s",
                      office_kind_label(m->office_kind));
    if ((rc = st_month_gate(st, m, rep, "只有区委组织部的审查员或管理员能导入乡镇的月度交换包")) !=
        STORE_OK)
        return rc;
    rc = store_township_of_key(st, m->office_public_key, t);
    if (rc == STORE_ERR_NOT_FOUND) {
        char who[TEXT_SHORT + 64];
        office_describe(m->office_name, m->office_kind, who, sizeof who);
        return st_month_refuse(st, rep, STORE_ERR_DENIED,
                      "%s（组织代码 %s，指纹 %s）未在本区登记，整个交换包未导入；请先核对指纹，"
                      "用 zhibu office township add 登记该乡镇",
                      who, m->township_code[0] ? m->township_code : "无", m->office_fingerprint);
    }
    if (rc != STORE_OK) {
        zb_strlcpy(rep->problem, store_errmsg(st), sizeof rep->problem);
        return rc;
    }
    return STORE_OK;
}

static void add_counts(const struct exchange_report *r, bool verdicts, struct month_branch_report *b)
{
    for (int i = 0; i < r->ntables; i++) {
        const struct exchange_table_report *t = &r->t[i];
        if (verdicts) {
            b->verdicts_added += t->added;
            b->verdicts_updated += t->updated;
            b->verdicts_unchanged += t->unchanged;
            b->verdicts_kept += t->kept;
        } else {
            b->ledger_added += t->added;
            b->ledger_updated += t->updated;
            b->ledger_unchanged += t->unchanged;
            b->ledger_kept += t->kept;
        }
    }
    b->journal_added += r->journal_added;
    b->amends += r->amends;
}

static int import_month(struct store *st, const char *path, struct month_manifest *m,
                        struct month_report *rep)
{
    sqlite3 *bdb = NULL;
    char err[512];
    if (check_open(path, m, &bdb, err, sizeof err) != 0) {
        zb_strlcpy(rep->problem, err, sizeof rep->problem);
        return st_fail(st, STORE_ERR, "%s", err);
    }
    int rc = store_begin(st);
    if (rc != STORE_OK) {
        sqlite3_close(bdb);
        return rc;
    }
    struct township t;
    rc = decide_township(st, m, &t, rep);
    if (rc == STORE_OK) {
        zb_strlcpy(rep->township_code, t.code, sizeof rep->township_code);
        zb_strlcpy(rep->township_name, t.name, sizeof rep->township_name);
        if (!t.public_key[0]) {
            rc = store_township_learn_key(st, t.id, m->office_uuid, m->office_public_key);
            rep->key_learnt = rc == STORE_OK;
            if (rc != STORE_OK) zb_strlcpy(rep->problem, store_errmsg(st), sizeof rep->problem);
        }
    }
    /* every branch: new here or already this township's — checked before any part is applied */
    for (int i = 0; i < m->nparts && rc == STORE_OK; i++) {
        const struct month_part *p = &m->parts[i];
        int64_t id = branch_here(st, p->branch_uuid);
        if (id < 0) {
            rc = (int)id;
            break;
        }
        struct township other;
        int r = id ? store_branch_township(st, id, &other) : STORE_ERR_NOT_FOUND;
        if (r == STORE_OK && other.id != t.id)
            rc = st_month_refuse(st, rep, STORE_ERR_CONSTRAINT,
                        "支部 %s（%s）已属于乡镇“%s”（%s），不能再由乡镇“%s”（%s）报送，"
                        "整个月度交换包未导入",
                        p->branch_code, p->branch_name, other.name, other.code, t.name, t.code);
        else if (r != STORE_OK && r != STORE_ERR_NOT_FOUND)
            rc = r;
    }
    rep->b = xcalloc((size_t)(m->nparts ? m->nparts : 1), sizeof *rep->b);
    bool changed = false;
    for (int i = 0; i < m->nparts && rc == STORE_OK; i++) {
        const struct month_part *p = &m->parts[i];
        char tmp[600];
        if (extract_part(bdb, p, tmp, sizeof tmp) != 0) {
            rc = st_month_refuse(st, rep, STORE_ERR, "无法把月度交换包的一部分写入临时文件（%s）",
                        zb_errno_text(errno));
            break;
        }
        struct bundle_part part = {.public_key = m->office_public_key, .kind = (int)p->kind,
                                   .branch_uuid = p->branch_uuid};
        struct bundle_manifest *pm = xcalloc(1, sizeof *pm);
        struct exchange_report *pr = xcalloc(1, sizeof *pr);
        rc = st_bundle_import_part(st, tmp, &part, pm, pr);
        unlink(tmp);
        sqlite3_db_release_memory(st->db); /* the part's clean pages: one part's memory at a time */
        if (rc != STORE_OK) {
            char why[400];
            zb_strlcpy(why, pr->problem[0] ? pr->problem : store_errmsg(st), sizeof why);
            snprintf(rep->problem, sizeof rep->problem, "支部 %.23s 的%s：%s", p->branch_code,
                     p->kind == EXCHANGE_VERDICTS ? "审查结论" : "台账", why);
        } else {
            /* the branch's line of the report (a ledger part then its verdicts part) */
            struct month_branch_report *b = NULL;
            for (int k = 0; k < rep->nbranches && !b; k++)
                if (strcmp(rep->b[k].branch_code, pr->branch_code) == 0) b = &rep->b[k];
            if (!b) {
                b = &rep->b[rep->nbranches++];
                zb_strlcpy(b->branch_code, p->branch_code, sizeof b->branch_code);
                zb_strlcpy(b->branch_name, p->branch_name, sizeof b->branch_name);
            }
            if (pr->branch_new) b->branch_new = true;
            add_counts(pr, p->kind == EXCHANGE_VERDICTS, b);
            for (int k = 0; k < pr->ntables; k++)
                if (pr->t[k].added || pr->t[k].updated) changed = true;
            if (pr->journal_added) changed = true;
            if (p->kind == EXCHANGE_LEDGER) {
                rc = store_township_assign(st, pr->branch_id, t.id);
                if (rc != STORE_OK) zb_strlcpy(rep->problem, store_errmsg(st), sizeof rep->problem);
            }
        }
        free(pm);
        free(pr);
    }
    rep->unchanged = !changed;
    if (rc == STORE_OK) {
        /* the month bundle itself: bundle_log kind month, no branch */
        sqlite3_stmt *s = st_stmt(st,
                                  "INSERT INTO bundle_log(uuid, kind, branch_id, origin_office,"
                                  " exported_at, exported_by, journal_head, payload_sha256,"
                                  " report_json, imported_at, imported_by)"
                                  " VALUES (?1, 'month', NULL, ?2, ?3, ?4, '', ?5,"
                                  " json_object('month', ?6, 'township', ?7, 'branches', ?8,"
                                  " 'unchanged', json(?9)), ?10, ?11)");
        if (!s) {
            rc = STORE_ERR;
        } else {
            char uuid[UUID_STR_LEN], now[24], sha[SHA_HEX];
            store_uuid(uuid);
            clock_now_iso(now);
            crypto_hash_sha256_state h;
            crypto_hash_sha256_init(&h);
            for (int i = 0; i < m->nparts; i++)
                crypto_hash_sha256_update(&h, (const unsigned char *)m->parts[i].sha256, 64);
            st_sha_hex(&h, sha);
            st_bind_text(s, 1, uuid);
            st_bind_text(s, 2, m->office_uuid);
            st_bind_text(s, 3, m->exported_at);
            st_bind_text(s, 4, m->exported_by);
            st_bind_text(s, 5, sha);
            st_bind_text(s, 6, m->month);
            st_bind_text(s, 7, t.code);
            sqlite3_bind_int(s, 8, rep->nbranches);
            st_bind_text(s, 9, rep->unchanged ? "true" : "false");
            st_bind_text(s, 10, now);
            st_bind_text(s, 11, st->user);
            rc = st_step_write(st, s, "记录导入");
        }
        if (rc != STORE_OK) zb_strlcpy(rep->problem, store_errmsg(st), sizeof rep->problem);
    }
    sqlite3_close(bdb);
    return st_bundle_end(st, rc, rep->problem, sizeof rep->problem);
}

int st_bundle_end(struct store *st, int rc, char *problem, size_t problemsz)
{
    if (rc != STORE_OK) {
        if (!problem[0]) zb_strlcpy(problem, store_errmsg(st), problemsz);
        st_fail(st, rc, "%s", problem);
        return st_abort(st, rc);
    }
    rc = store_commit(st);
    if (rc != STORE_OK) zb_strlcpy(problem, store_errmsg(st), problemsz);
    return rc;
}

int store_bundle_import_month(struct store *st, const char *path, struct month_manifest *m,
                              struct month_report *rep)
{
    struct month_manifest lm;
    struct month_report lr;
    if (!m) m = &lm;
    if (!rep) rep = &lr;
    memset(rep, 0, sizeof *rep);
    memset(m, 0, sizeof *m);
    int saved = st_bundle_cache(st, 0);
    int rc = import_month(st, path, m, rep);
    st_bundle_cache(st, saved);
    if (m == &lm) month_manifest_free(m);
    if (rep == &lr) month_report_free(rep);
    return rc;
}
