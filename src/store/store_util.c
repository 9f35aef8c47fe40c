/* store_util.c — messages, the statement cache, binding helpers, UUIDs, meta settings, counts. */
#include "conn_priv.h"
#include "store_priv.h"

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

int st_month_text(struct store *st, struct zmonth m, char out[ZMONTH_STR_LEN])
{
    out[0] = '\0';
    if (!zmonth_valid(m)) return st_fail(st, STORE_ERR_CONSTRAINT, "月份格式应为 YYYY-MM");
    zmonth_format(m, out);
    return STORE_OK;
}

/* A message longer than st->err (two long paths in one) ends in … at a character's boundary:
 * visibly cut, never a broken UTF-8 sequence. */
int st_fail(struct store *st, int rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(st->err, sizeof st->err, fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof st->err) {
        static const char ellipsis[] = "…";
        size_t k = sizeof st->err - sizeof ellipsis;
        while (k > 0 && ((unsigned char)st->err[k] & 0xC0) == 0x80) k--;
        memcpy(st->err + k, ellipsis, sizeof ellipsis);
    }
    st_error_set(st, rc);
    return rc;
}

void st_error_set(struct store *st, int rc)
{
    st->err_what[0] = st->err_table[0] = st->err_field[0] = '\0';
    st->error = (struct store_error){.code = rc, .message = st->err, .what = st->err_what,
                                     .table = st->err_table, .field = st->err_field, .label = ""};
}

_Static_assert(sizeof ((struct st_err_saved *)0)->err == sizeof ((struct store *)0)->err,
               "st_err_saved holds the whole message");

void st_err_keep(const struct store *st, struct st_err_saved *k)
{
    memcpy(k->err, st->err, sizeof k->err);
    memcpy(k->what, st->err_what, sizeof k->what);
    memcpy(k->table, st->err_table, sizeof k->table);
    memcpy(k->field, st->err_field, sizeof k->field);
    k->error = st->error;
}

void st_err_restore(struct store *st, const struct st_err_saved *k)
{
    memcpy(st->err, k->err, sizeof k->err);
    memcpy(st->err_what, k->what, sizeof k->what);
    memcpy(st->err_table, k->table, sizeof k->table);
    memcpy(st->err_field, k->field, sizeof k->field);
    st->error = k->error; /* its texts point at the handle's own buffers (or a constant) */
}

/* Names of the CHECK constraints in the schema: their table and column, and the field as the
 * user knows it. */
static const struct {
    const char *name;
    const char *label;
    const char *table, *column;
} check_names[] = {
    {"branch_type", "组织类型", "branch", "type"},
    {"member_gender", "性别", "member", "gender"},
    {"member_education", "学历", "member", "education"},
    {"member_status", "党员类别", "member", "status"},
    {"member_dues_category", "党费类别", "member", "dues_category"},
    {"member_office", "职务", "member", "office"},
    {"member_mobile", "流动党员标记", "member", "mobile"},
    {"member_leave_status", "出党/离开状态", "member", "leave_status"},
    {"user_role", "用户角色", "app_user", "role"},
    {"dues_basis_category", "党费类别", "dues_basis", "category"},
    {"dues_basis_base", "党费基数", "dues_basis", "base_fen"},
    {"dues_adjust_kind", "减免类别", "dues_adjust", "kind"},
    {"dues_adjust_amount", "减交金额", "dues_adjust", "amount"},
    {"dues_payment_amount", "交费金额", "dues_payment", "amount"},
    {"transfer_direction", "转移方向", "member_transfer", "direction"},
    {"post_wanted", "岗位人数", "post", "wanted"},
    {"holding_how", "认领方式", "post_holding", "how"},
    {"post_review_rating", "评议等次", "post_review", "rating"},
    {"audit_verdict_item", "评审项目", "audit_verdict", "item"},
    {"audit_verdict_verdict", "评审结论", "audit_verdict", "verdict"},
    {"rectification_item", "整改项目", "rectification", "item"},
    {"rectification_status", "整改状态", "rectification", "status"},
    {"handin_snapshot", "月报快照", "handin", "snapshot_json"},
    {"handin_notes", "月报说明", "handin", "notes_json"},
};

static int sql_message(struct store *st, int sqlrc, const char *what)
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

/* "T.C" (the first column of a NOT NULL or UNIQUE failure's list) into the error's table and
 * field. */
static void table_column(struct store *st, const char *list)
{
    const char *dot = strchr(list, '.');
    if (!dot) return;
    size_t tl = (size_t)(dot - list), cl = strcspn(dot + 1, ", ");
    if (tl >= sizeof st->err_table || cl >= sizeof st->err_field) return;
    memcpy(st->err_table, list, tl);
    st->err_table[tl] = '\0';
    memcpy(st->err_field, dot + 1, cl);
    st->err_field[cl] = '\0';
}

int st_sqlfail(struct store *st, int sqlrc, const char *what)
{
    int rc = sql_message(st, sqlrc, what);
    zb_strlcpy(st->err_what, what ? what : "", sizeof st->err_what);
    st->error.sqlite_code = sqlrc;
    if ((sqlrc & 0xff) != SQLITE_CONSTRAINT) return rc;
    const char *msg = sqlite3_errmsg(st->db);
    static const char NOT_NULL[] = "NOT NULL constraint failed: ";
    static const char UNIQUE[] = "UNIQUE constraint failed: ";
    static const char CHECK[] = "CHECK constraint failed: ";
    if (strncmp(msg, NOT_NULL, sizeof NOT_NULL - 1) == 0) {
        table_column(st, msg + sizeof NOT_NULL - 1);
    } else if (strncmp(msg, UNIQUE, sizeof UNIQUE - 1) == 0) {
        table_column(st, msg + sizeof UNIQUE - 1);
    } else if (strncmp(msg, CHECK, sizeof CHECK - 1) == 0) {
        const char *name = msg + sizeof CHECK - 1;
        for (size_t i = 0; i < ZB_ARRAY_LEN(check_names); i++) {
            size_t len = strlen(check_names[i].name);
            if (strncmp(name, check_names[i].name, len) == 0 && (name[len] == '\0' || name[len] == ' ')) {
                zb_strlcpy(st->err_table, check_names[i].table, sizeof st->err_table);
                zb_strlcpy(st->err_field, check_names[i].column, sizeof st->err_field);
                st->error.label = check_names[i].label;
                break;
            }
        }
    }
    return rc;
}

bool st_write_impossible(const struct store *st, int rc)
{
    return rc == STORE_ERR_READONLY || st->disk_full || st->mode != STORE_READ_WRITE;
}

/* The slot of sql in a table of cap slots (a power of two): its entry, or the empty slot where
 * it goes. */
static size_t cache_slot(const struct st_cached *c, size_t cap, const char *sql)
{
    size_t j = (size_t)(((uint64_t)(uintptr_t)sql * 0x9E3779B97F4A7C15ull) >> 32) & (cap - 1);
    while (c[j].sql && c[j].sql != sql) j = (j + 1) & (cap - 1);
    return j;
}

sqlite3_stmt *st_stmt(struct store *st, const char *sql)
{
    if (st->cache_cap) {
        struct st_cached *e = &st->cache[cache_slot(st->cache, st->cache_cap, sql)];
        if (e->s) {
            sqlite3_reset(e->s);
            sqlite3_clear_bindings(e->s);
            return e->s;
        }
    }
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);
    if (rc != SQLITE_OK) {
        st_fail(st, STORE_ERR, "数据库语句出错：%s", sqlite3_errmsg(st->db));
        sqlite3_finalize(s);
        return NULL;
    }
    if ((st->cache_n + 1) * 4 > st->cache_cap * 3) { /* at most 3/4 full */
        size_t cap = st->cache_cap ? st->cache_cap * 2 : 512;
        struct st_cached *c = xcalloc(cap, sizeof *c);
        for (size_t i = 0; i < st->cache_cap; i++)
            if (st->cache[i].sql) c[cache_slot(c, cap, st->cache[i].sql)] = st->cache[i];
        free(st->cache);
        st->cache = c;
        st->cache_cap = cap;
    }
    struct st_cached *e = &st->cache[cache_slot(st->cache, st->cache_cap, sql)];
    e->sql = sql;
    e->s = s;
    st->cache_n++;
    return s;
}

void st_stmt_clear(struct store *st)
{
    for (size_t i = 0; i < st->cache_cap; i++) sqlite3_finalize(st->cache[i].s);
    free(st->cache);
    st->cache = NULL;
    st->cache_cap = st->cache_n = 0;
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
int st_run_simple(struct store *st, const char *sql)
{
    sqlite3_stmt *s = st_stmt(st, sql);
    if (!s) return SQLITE_ERROR;
    int rc = sqlite3_step(s);
    st_done(s);
    return rc == SQLITE_DONE ? SQLITE_OK : sqlite3_extended_errcode(st->db);
}

/* ---- uuid ------------------------------------------------------------------------------ */

/* The demo's bulk (store_demo_bulk_begin, st_uuid_sequential): uuids whose first 48 bits count
 * up from a random start and whose other bits are random as always — as unique between offices
 * as before, but each new row's uuid goes at the end of its table's uuid index instead of on a
 * random page of it (at a district's scale: a page read back and written out again per row).
 * 0: off. One thread writes (the demo). */
static uint64_t uuid_next;

void st_uuid_sequential(bool on)
{
    uuid_next = 0;
    if (!on) return;
    unsigned char r[6];
    sqlite3_randomness(sizeof r, r);
    for (int i = 0; i < 6; i++) uuid_next = uuid_next << 8 | r[i];
    uuid_next = (uuid_next >> 1) | 1; /* room to count up; never 0 */
}

void store_uuid(char out[UUID_STR_LEN])
{
    unsigned char b[16];
    sqlite3_randomness(sizeof b, b);
    if (uuid_next) {
        uint64_t v = uuid_next++;
        for (int i = 5; i >= 0; i--, v >>= 8) b[i] = (unsigned char)(v & 0xff);
    }
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    /* 8-4-4-4-12 lower-case hex, as "%02x" would write each byte: by hand (issue 17: the
     * demo's millions of rows and journal entries each took a uuid, snprintf ~6k instructions) */
    static const char hex[] = "0123456789abcdef";
    char *o = out;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) *o++ = '-';
        *o++ = hex[b[i] >> 4];
        *o++ = hex[b[i] & 0x0f];
    }
    *o = '\0';
}

/* ---- meta ------------------------------------------------------------------------------ */

struct meta_value {
    char *val;
    size_t valsz;
};

static void read_meta(sqlite3_stmt *s, void *out)
{
    const struct meta_value *v = out;
    if (v->val && v->valsz) st_col_text(s, 0, v->val, v->valsz);
}

int store_meta_get(struct store *st, const char *key, char *val, size_t valsz)
{
    sqlite3_stmt *s = st_stmt(st, "SELECT value FROM meta WHERE key = ?1");
    if (!s) return STORE_ERR;
    st_bind_text(s, 1, key);
    struct meta_value v = {val, valsz};
    int rc = st_one_row(st, s, read_meta, &v, NULL, "读取设置");
    if (rc == STORE_ERR_NOT_FOUND) {
        if (val && valsz) val[0] = '\0';
        st_fail(st, rc, "设置 %s 不存在", key);
    }
    return rc;
}

int store_meta_set(struct store *st, const char *key, const char *val)
{
    sqlite3_stmt *s = st_stmt(st,
                              "INSERT INTO meta(key, value) VALUES (?1, ?2)"
                              " ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    if (!s) return STORE_ERR;
    st_bind_text(s, 1, key);
    st_bind_text(s, 2, val);
    return st_step_write(st, s, "保存设置");
}

int st_count(struct store *st, const char *sql)
{
    sqlite3_stmt *s = st_stmt(st, sql);
    if (!s) return -1;
    int n = -1;
    if (sqlite3_step(s) == SQLITE_ROW) n = sqlite3_column_int(s, 0);
    else st_sqlfail(st, sqlite3_extended_errcode(st->db), "统计");
    st_done(s);
    return n;
}

int store_history_count(struct store *st)
{
    return st_count(st, "SELECT count(*) FROM history");
}

int store_user_count(struct store *st)
{
    return st_count(st, "SELECT count(*) FROM app_user");
}

int st_step_write(struct store *st, sqlite3_stmt *s, const char *what)
{
    int rc = sqlite3_step(s);
    st_done(s);
    if (rc != SQLITE_DONE) return st_sqlfail(st, sqlite3_extended_errcode(st->db), what);
    return STORE_OK;
}

int64_t st_insert_history(struct store *st, const char *table, const char *uuid,
                          const char *json_sql)
{
    int64_t id = sqlite3_last_insert_rowid(st->db);
    int64_t h = st_history_insert_whole(st, table, uuid, json_sql, id);
    return h < 0 ? h : id;
}
