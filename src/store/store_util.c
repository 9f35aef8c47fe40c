/* store_util.c — messages, the statement cache, binding helpers, UUIDs, meta settings, counts. */
#include "conn_priv.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "zhibu/clock.h"
#include "zhibu/store_office.h"
#include "zhibu/util.h"

/* ---- messages and helpers -------------------------------------------------------------- */

int st_fail(struct store *st, int rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(st->err, sizeof st->err, fmt, ap);
    va_end(ap);
    return rc;
}

/* Names of the CHECK constraints in the schema, as the user knows the field. */
static const struct {
    const char *name;
    const char *label;
} check_names[] = {
    {"branch_type", "组织类型"},         {"member_gender", "性别"},
    {"member_education", "学历"},        {"member_status", "党员类别"},
    {"member_dues_category", "党费类别"}, {"member_office", "职务"},
    {"member_mobile", "流动党员标记"},    {"member_leave_status", "出党/离开状态"},
    {"user_role", "用户角色"},
    {"dues_basis_category", "党费类别"}, {"dues_basis_base", "党费基数"},
    {"dues_adjust_kind", "减免类别"},    {"dues_adjust_amount", "减交金额"},
    {"dues_payment_amount", "交费金额"}, {"transfer_direction", "转移方向"},
    {"post_wanted", "岗位人数"},         {"holding_how", "认领方式"},
    {"post_review_rating", "评议等次"},
    {"audit_verdict_item", "评审项目"},  {"audit_verdict_verdict", "评审结论"},
    {"rectification_item", "整改项目"},  {"rectification_status", "整改状态"},
    {"handin_snapshot", "月报快照"},     {"handin_notes", "月报说明"},
};

int st_sqlfail(struct store *st, int sqlrc, const char *what)
{
    const char *msg = sqlite3_errmsg(st->db);
    st->disk_full = false;
    switch (sqlrc & 0xff) {
    case SQLITE_CONSTRAINT:
        switch (sqlrc) {
        case SQLITE_CONSTRAINT_FOREIGNKEY:
            return st_fail(st, STORE_ERR_CONSTRAINT, "%s失败：关联的记录不存在", what);
        case SQLITE_CONSTRAINT_NOTNULL:
            return st_fail(st, STORE_ERR_CONSTRAINT, "%s失败：必填项为空", what);
        case SQLITE_CONSTRAINT_CHECK:
            for (size_t i = 0; i < ZB_ARRAY_LEN(check_names); i++) {
                const char *p = strstr(msg, check_names[i].name);
                size_t len = strlen(check_names[i].name);
                if (p && (p[len] == '\0' || p[len] == ' '))
                    return st_fail(st, STORE_ERR_CONSTRAINT, "%s失败：%s的取值无效", what,
                                   check_names[i].label);
            }
            return st_fail(st, STORE_ERR_CONSTRAINT, "%s失败：取值无效", what);
        default:
            return st_fail(st, STORE_ERR_CONSTRAINT, "%s失败：记录重复", what);
        }
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return st_fail(st, STORE_ERR_BUSY, "%s失败：数据库正被其他程序使用，请稍后再试", what);
    case SQLITE_READONLY:
        return st_fail(st, STORE_ERR_READONLY, "%s", ST_MSG_READ_ONLY);
    case SQLITE_FULL:
        /* one sentence, whatever was being done: nothing of it was kept, nothing before lost */
        st->disk_full = true;
        return st_fail(st, STORE_ERR, "%s", ST_MSG_DISK_FULL);
    case SQLITE_IOERR: {
        /* a full disk shows as an I/O error where SQLite cannot tell (the log's index) */
        long long left = st->path ? st_free_bytes(st->path) : -1;
        if (left >= 0 && left < DISK_FULL_BYTES) {
            st->disk_full = true;
            return st_fail(st, STORE_ERR, "%s", ST_MSG_DISK_FULL);
        }
        return st_fail(st, STORE_ERR, "%s失败：读写磁盘出错", what);
    }
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return st_fail(st, STORE_ERR, "%s失败：数据库文件已损坏", what);
    default:
        return st_fail(st, STORE_ERR, "%s失败：%s", what, msg);
    }
}

bool st_write_impossible(const struct store *st, int rc)
{
    return rc == STORE_ERR_READONLY || st->disk_full || st->mode != STORE_READ_WRITE;
}

sqlite3_stmt *st_stmt(struct store *st, enum stmt_id id, const char *sql)
{
    sqlite3_stmt *s = st->cache[id];
    if (s) {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
        return s;
    }
    int rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);
    if (rc != SQLITE_OK) {
        st_fail(st, STORE_ERR, "数据库语句出错：%s", sqlite3_errmsg(st->db));
        sqlite3_finalize(s);
        return NULL;
    }
    st->cache[id] = s;
    return s;
}

void st_done(sqlite3_stmt *s)
{
    if (s) sqlite3_reset(s);
}

void st_bind_stamps(struct store *st, sqlite3_stmt *s, int uuid_idx, char uuid[UUID_STR_LEN],
                    int now_idx, char now[24])
{
    store_uuid(uuid);
    clock_now_iso(now);
    st_bind_text(s, uuid_idx, uuid);
    st_bind_text(s, now_idx, now);
    st_bind_text(s, now_idx + 1, st->user);
}

int st_bind_text(sqlite3_stmt *s, int idx, const char *text)
{
    return sqlite3_bind_text(s, idx, text ? text : "", -1, SQLITE_TRANSIENT);
}

int st_bind_id(sqlite3_stmt *s, int idx, int64_t id)
{
    if (id == 0) return sqlite3_bind_null(s, idx);
    return sqlite3_bind_int64(s, idx, id);
}

void st_col_text(sqlite3_stmt *s, int col, char *dst, size_t dstsz)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    zb_strlcpy(dst, t ? (const char *)t : "", dstsz);
}

/* Run one fixed statement with no result rows (cached). */
int st_run_simple(struct store *st, enum stmt_id id, const char *sql)
{
    sqlite3_stmt *s = st_stmt(st, id, sql);
    if (!s) return SQLITE_ERROR;
    int rc = sqlite3_step(s);
    st_done(s);
    return rc == SQLITE_DONE ? SQLITE_OK : sqlite3_extended_errcode(st->db);
}

/* ---- uuid ------------------------------------------------------------------------------ */

void store_uuid(char out[UUID_STR_LEN])
{
    unsigned char b[16];
    sqlite3_randomness(sizeof b, b);
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    snprintf(out, UUID_STR_LEN,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
             b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
             b[15]);
}

/* ---- meta ------------------------------------------------------------------------------ */

int store_meta_get(struct store *st, const char *key, char *val, size_t valsz)
{
    sqlite3_stmt *s = st_stmt(st, S_META_GET, "SELECT value FROM meta WHERE key = ?1");
    if (!s) return STORE_ERR;
    st_bind_text(s, 1, key);
    int rc = sqlite3_step(s);
    int result = STORE_OK;
    if (rc == SQLITE_ROW) {
        if (val && valsz) st_col_text(s, 0, val, valsz);
    } else if (rc == SQLITE_DONE) {
        if (val && valsz) val[0] = '\0';
        result = st_fail(st, STORE_ERR_NOT_FOUND, "设置 %s 不存在", key);
    } else {
        result = st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取设置");
    }
    st_done(s);
    return result;
}

int store_meta_set(struct store *st, const char *key, const char *val)
{
    sqlite3_stmt *s = st_stmt(st, S_META_SET,
                              "INSERT INTO meta(key, value) VALUES (?1, ?2)"
                              " ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    if (!s) return STORE_ERR;
    st_bind_text(s, 1, key);
    st_bind_text(s, 2, val);
    int rc = sqlite3_step(s);
    st_done(s);
    if (rc != SQLITE_DONE) return st_sqlfail(st, sqlite3_extended_errcode(st->db), "保存设置");
    return STORE_OK;
}

int st_count(struct store *st, enum stmt_id id, const char *sql)
{
    sqlite3_stmt *s = st_stmt(st, id, sql);
    if (!s) return -1;
    int n = -1;
    if (sqlite3_step(s) == SQLITE_ROW) n = sqlite3_column_int(s, 0);
    else st_sqlfail(st, sqlite3_extended_errcode(st->db), "统计");
    st_done(s);
    return n;
}

int store_history_count(struct store *st)
{
    return st_count(st, S_HISTORY_COUNT, "SELECT count(*) FROM history");
}

int store_user_count(struct store *st)
{
    return st_count(st, S_USER_COUNT, "SELECT count(*) FROM app_user");
}

int st_step_write(struct store *st, sqlite3_stmt *s, const char *what)
{
    int rc = sqlite3_step(s);
    st_done(s);
    if (rc != SQLITE_DONE) return st_sqlfail(st, sqlite3_extended_errcode(st->db), what);
    return STORE_OK;
}

int64_t st_insert_history(struct store *st, const char *table, const char *uuid,
                          enum stmt_id json_id, const char *json_sql)
{
    int64_t id = sqlite3_last_insert_rowid(st->db);
    int64_t h = st_history_begin(st, table, uuid, "insert", json_id, NULL, id);
    if (h < 0) return h;
    int rc = st_history_finish(st, h, json_id, json_sql, id);
    return rc ? rc : id;
}
