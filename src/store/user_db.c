/* user.c — accounts and login (store_auth.h): adding users, passwords, disabling, listing, and
 * store_login with its lockout: each attempt is counted as a failure before its password is
 * checked (taken back when it is right), so that attempts made in parallel cannot all see the
 * same count. Every change of an account, and every login attempt on a known account, is a
 * history entry of table "app_user" (the journal's chain 0).
 *
 * Passwords are hashed with libsodium's crypto_pwhash_str (argon2id). The clear text is only
 * ever borrowed from the caller for the hash or the check; nothing here copies it. */
#include "store_priv.h"
#include "store_json.h"
#include "store_list.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/util.h"

/* Argon2id cost. opslimit: libsodium's INTERACTIVE (2 passes). memlimit: 16 MiB, NOT
 * crypto_pwhash_MEMLIMIT_INTERACTIVE (64 MiB): the whole program's peak memory budget is 32 MB
 * (DESIGN.md, "Budgets"), and a login must fit in it with the interface already running. */
#define USER_PW_OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define USER_PW_MEMLIMIT ((size_t)16777216)

#define USER_COLS                                                                              \
    "SELECT u.id, u.uuid, u.login, u.display_name, u.role, ifnull(u.branch_id, 0),"            \
    " ifnull(b.code, ''), u.disabled, u.failed_logins, ifnull(u.locked_until, ''),"            \
    " u.created_at, u.pw_hash, u.last_login_at, ifnull(u.station_id, 0), ifnull(z.name, '')"  \
    " FROM app_user u LEFT JOIN branch b ON b.id = u.branch_id"                                \
    " LEFT JOIN station z ON z.id = u.station_id"

static const char MSG_WRONG[] = "用户名或密码错误";

/* ---- the password in history ------------------------------------------------------------ */

#define PASSWORD_MARK_BYTES 16

/* zb_password_mark(pw_hash): '' for no password, else the hex BLAKE2b-128 of the stored hash
 * string (store_json.h, USER_JSON). */
static void password_mark_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const unsigned char *h = sqlite3_value_text(argv[0]);
    int n = sqlite3_value_bytes(argv[0]);
    if (!h || n == 0) {
        sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
        return;
    }
    unsigned char d[PASSWORD_MARK_BYTES];
    char hex[2 * PASSWORD_MARK_BYTES + 1];
    crypto_generichash(d, sizeof d, h, (unsigned long long)n, NULL, 0);
    sodium_bin2hex(hex, sizeof hex, d, sizeof d);
    sqlite3_result_text(ctx, hex, -1, SQLITE_TRANSIENT);
}

int st_user_sql_functions(sqlite3 *db)
{
    /* crypto_generichash needs no sodium_init (it has no global state) */
    return sqlite3_create_function(db, "zb_password_mark", 1,
                                   SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                   password_mark_fn, NULL, NULL);
}

#define JOURNAL_USER_KEY "journal_user"

/* ?1 the newest entry's JSON, ?2 the row's JSON as now journaled */
#define LEGACY_MATCH_SQL                                                                       \
    "json_type(?1, '$.pw_hash') IS NOT NULL AND json_remove(?1, '$.pw_hash')"                   \
    " = json_remove(?2, '$.password') AND zb_password_mark(json_extract(?1, '$.pw_hash'))"      \
    " = json_extract(?2, '$.password')"

bool st_user_json_legacy_match(struct store *st, const char *json, const char *newest)
{
    if (!json || !newest) return false;
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT json_valid(?1) AND json_valid(?2) AND " LEGACY_MATCH_SQL);
    if (!s) return false;
    st_bind_text(s, 1, newest);
    st_bind_text(s, 2, json);
    bool match = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) == 1;
    st_done(s);
    return match;
}

int st_user_json_baseline(struct store *st)
{
    char done[8];
    if (store_meta_get(st, JOURNAL_USER_KEY, done, sizeof done) == STORE_OK &&
        strcmp(done, "2") == 0)
        return STORE_OK;
    sqlite3_stmt *rows =
        st_stmt(st, "SELECT id, uuid FROM app_user ORDER BY id");
    if (!rows) return STORE_ERR;
    int rc = STORE_OK, src = SQLITE_DONE;
    while (rc == STORE_OK && (src = sqlite3_step(rows)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(rows, 0);
        char uuid[UUID_STR_LEN];
        st_col_text(rows, 1, uuid, sizeof uuid);
        char *json = st_journal_json(st, "app_user", id);
        if (!json) continue;
        /* the newest entry holds the hash, and the row is what it says apart from that */
        sqlite3_stmt *n = st_stmt(st,
                                  "SELECT h.new_json FROM history_data d JOIN history h"
                                  " ON h.id = d.id WHERE " ST_HROW("d", "'app_user'", "?1")
                                  " AND h.new_json IS NOT NULL ORDER BY d.id DESC LIMIT 1");
        if (!n) {
            free(json);
            rc = STORE_ERR;
            break;
        }
        st_bind_text(n, 1, uuid);
        int step = sqlite3_step(n);
        char *newest = step == SQLITE_ROW && sqlite3_column_text(n, 0)
                           ? xstrdup((const char *)sqlite3_column_text(n, 0))
                           : NULL;
        st_done(n);
        bool only_hash = st_user_json_legacy_match(st, json, newest);
        free(newest);
        free(json);
        if (step != SQLITE_ROW && step != SQLITE_DONE) {
            rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "建立日志基线");
            break;
        }
        if (!only_hash) continue;
        /* the entry's old value is the newest one without its hash: no hash is copied */
        int64_t h = st_history_begin(st, "app_user", uuid, "baseline",
                                     "SELECT json_remove(h.new_json, '$.pw_hash') FROM"
                                     " history_data d JOIN history h ON h.id = d.id WHERE "
                                     ST_HROW("d", "'app_user'", "(SELECT uuid FROM app_user WHERE id = ?1)")
                                     " AND h.new_json IS NOT NULL ORDER BY d.id DESC LIMIT 1",
                                     id);
        if (h < 0) rc = (int)h;
        else rc = st_history_finish(st, h, USER_JSON, id);
    }
    if (rc == STORE_OK && src != SQLITE_DONE && src != SQLITE_ROW)
        rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "建立日志基线");
    st_done(rows);
    if (rc == STORE_OK) rc = store_meta_set(st, JOURNAL_USER_KEY, "2");
    return rc;
}

/* sodium_init once per process; -1 (message set) when the library cannot start. */
static int need_sodium(struct store *st)
{
    static int ready; /* 0 not yet, 1 ready */
    if (ready) return STORE_OK;
    if (sodium_init() < 0) return st_fail(st, STORE_ERR, "无法初始化密码库（libsodium）");
    ready = 1;
    return STORE_OK;
}

/* Hash password into out (crypto_pwhash_STRBYTES). */
static int hash_password(struct store *st, const char *password, char out[crypto_pwhash_STRBYTES])
{
    int rc = need_sodium(st);
    if (rc) return rc;
    if (crypto_pwhash_str(out, password, strlen(password), USER_PW_OPSLIMIT, USER_PW_MEMLIMIT) != 0)
        return st_fail(st, STORE_ERR, "计算密码摘要失败（内存不足）");
    return STORE_OK;
}

static void read_user(sqlite3_stmt *s, void *out)
{
    struct user *u = out;
    memset(u, 0, sizeof *u);
    u->id = sqlite3_column_int64(s, 0);
    st_col_text(s, 1, u->uuid, sizeof u->uuid);
    st_col_text(s, 2, u->login, sizeof u->login);
    st_col_text(s, 3, u->display_name, sizeof u->display_name);
    const char *role = (const char *)sqlite3_column_text(s, 4);
    int r = store_role_parse(role ? role : "");
    u->role = r > 0 ? (enum store_role)r : STORE_ROLE_SECRETARY;
    u->branch_id = sqlite3_column_int64(s, 5);
    st_col_text(s, 6, u->branch_code, sizeof u->branch_code);
    u->disabled = sqlite3_column_int(s, 7) != 0;
    u->failed_logins = sqlite3_column_int(s, 8);
    st_col_text(s, 9, u->locked_until, sizeof u->locked_until);
    st_col_text(s, 10, u->created_at, sizeof u->created_at);
    st_col_text(s, 12, u->last_login, sizeof u->last_login);
    u->station_id = sqlite3_column_int64(s, 13);
    st_col_text(s, 14, u->station_name, sizeof u->station_name);
}

struct user_found {
    struct user *user;
    char *hash;
};

static void read_found(sqlite3_stmt *s, void *out)
{
    const struct user_found *f = out;
    read_user(s, f->user);
    if (f->hash) st_col_text(s, 11, f->hash, crypto_pwhash_STRBYTES);
}

/* The user with this login (case-insensitive); with hash non-NULL also the stored hash.
 * STORE_ERR_NOT_FOUND (message "用户 X 不存在") when there is none. */
static int user_find(struct store *st, const char *login, struct user *out,
                     char hash[crypto_pwhash_STRBYTES])
{
    sqlite3_stmt *s = st_stmt(st, USER_COLS " WHERE u.login = ?1 COLLATE NOCASE");
    if (s) st_bind_text(s, 1, login);
    struct user_found f = {out, hash};
    int rc = st_one_row(st, s, read_found, &f, NULL, "读取用户");
    if (rc == STORE_ERR_NOT_FOUND) st_fail(st, rc, "用户 %s 不存在", login ? login : "");
    return rc;
}

int store_user_get(struct store *st, const char *login, struct user *out)
{
    return user_find(st, login, out, NULL);
}

int store_user_list(struct store *st, struct store_user_list *out)
{
    *out = (struct store_user_list){0};
    sqlite3_stmt *s = st_stmt(st, USER_COLS " ORDER BY u.login");
    if (!s) return STORE_ERR;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) read_user(s, ST_LIST_ADD(out));
    if (rc != SQLITE_DONE) {
        store_user_list_free(out);
        st_done(s);
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取用户");
    }
    st_done(s);
    return STORE_OK;
}

void store_user_list_free(struct store_user_list *l)
{
    free(l->v);
    *l = (struct store_user_list){0};
}

/* A display name: at most 63 bytes, no control characters. */
static int check_display_name(struct store *st, const char *name)
{
    if (strlen(name) >= sizeof ((struct user *)0)->display_name)
        return st_fail(st, STORE_ERR_CONSTRAINT, "显示名太长：最多 21 个汉字或 63 个字母");
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return st_fail(st, STORE_ERR_CONSTRAINT, "显示名不能包含控制字符");
    return STORE_OK;
}

/* The role's branch: a secretary needs an existing branch; a reviewer has none (0 = every
 * branch) or an existing one; an administrator has none (one given is refused). */
static int check_role_branch(struct store *st, struct user *u)
{
    struct branch b;
    switch (u->role) {
    case STORE_ROLE_SECRETARY:
        if (u->branch_id <= 0)
            return st_fail(st, STORE_ERR_CONSTRAINT, "支部书记账号必须指定所在支部");
        if (store_branch_get(st, u->branch_id, &b) != STORE_OK)
            return st_fail(st, STORE_ERR_CONSTRAINT, "支部书记账号的支部不存在");
        zb_strlcpy(u->branch_code, b.code, sizeof u->branch_code);
        return STORE_OK;
    case STORE_ROLE_REVIEWER:
        if (u->branch_id < 0) return st_fail(st, STORE_ERR_CONSTRAINT, "审查范围的支部不存在");
        if (u->branch_id == 0) {
            u->branch_code[0] = '\0';
            return STORE_OK;
        }
        if (store_branch_get(st, u->branch_id, &b) != STORE_OK)
            return st_fail(st, STORE_ERR_CONSTRAINT, "审查范围的支部不存在");
        zb_strlcpy(u->branch_code, b.code, sizeof u->branch_code);
        return STORE_OK;
    case STORE_ROLE_ADMIN:
        if (u->branch_id != 0)
            return st_fail(st, STORE_ERR_CONSTRAINT, "管理员账号不属于某个支部，不要指定支部");
        u->branch_id = 0;
        u->branch_code[0] = '\0';
        return STORE_OK;
    case STORE_ROLE_INSPECTOR:
        if (u->branch_id != 0)
            return st_fail(st, STORE_ERR_CONSTRAINT, "指导站督查员账号不属于某个支部，不要指定支部");
        return STORE_OK;
    default:
        return st_fail(st, STORE_ERR_CONSTRAINT,
                       "用户角色应为支部书记、审查员、管理员或指导站督查员");
    }
}

/* The role's station: an inspector needs an existing station, in a district's database; the
 * other roles have none. Fills u->station_name. */
static int check_role_station(struct store *st, struct user *u)
{
    if (u->role != STORE_ROLE_INSPECTOR) {
        if (u->station_id != 0)
            return st_fail(st, STORE_ERR_CONSTRAINT, "只有指导站督查员账号属于指导站");
        u->station_name[0] = '\0';
        return STORE_OK;
    }
    if (!st_at_district(st))
        return st_fail(st, STORE_ERR_CONSTRAINT, "指导站督查员账号只能在区（县）的数据库中建立");
    if (u->station_id <= 0) return st_fail(st, STORE_ERR_CONSTRAINT, "督查员须指定指导站");
    sqlite3_stmt *s = st_stmt(st, "SELECT name FROM station WHERE id = ?1");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, u->station_id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) st_col_text(s, 0, u->station_name, sizeof u->station_name);
    st_done(s);
    if (rc == SQLITE_DONE) return st_fail(st, STORE_ERR_CONSTRAINT, "督查员的指导站不存在");
    if (rc != SQLITE_ROW) return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取指导站");
    return STORE_OK;
}

int store_user_add(struct store *st, struct user *u, const char *password)
{
    int rc = st_require_admin(st);
    if (rc) return rc;
    char msg[256];
    if (auth_check_login(u->login, msg, sizeof msg) != 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "%s", msg);
    if (auth_check_password(password, msg, sizeof msg) != 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "%s", msg);
    if ((rc = check_display_name(st, u->display_name)) != STORE_OK) return rc;
    if ((rc = check_role_branch(st, u)) != STORE_OK) return rc;
    if ((rc = check_role_station(st, u)) != STORE_OK) return rc;
    struct user other;
    rc = user_find(st, u->login, &other, NULL);
    if (rc == STORE_OK) return st_fail(st, STORE_ERR_CONSTRAINT, "用户名 %s 已存在", other.login);
    if (rc != STORE_ERR_NOT_FOUND) return rc;

    /* hash before the transaction: the write lock is not held over the slow part */
    char hash[crypto_pwhash_STRBYTES];
    if ((rc = hash_password(st, password, hash)) != STORE_OK) return rc;
    const char *name = u->display_name[0] ? u->display_name : u->login;

    rc = store_begin(st);
    if (rc) return rc;
    sqlite3_stmt *s = st_stmt(st,
                              "INSERT INTO app_user(uuid, login, display_name, role, branch_id,"
                              " pw_hash, created_at, created_by, updated_at, station_id)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7, ?9)");
    if (!s) return st_abort(st, STORE_ERR);
    char uuid[UUID_STR_LEN], now[24];
    st_bind_stamps(st, s, 1, uuid, 7, now);
    st_bind_text(s, 2, u->login);
    st_bind_text(s, 3, name);
    st_bind_text(s, 4, store_role_code(u->role));
    st_bind_id(s, 5, u->branch_id);
    st_bind_text(s, 6, hash);
    st_bind_id(s, 9, u->station_id);
    rc = st_step_write(st, s, "保存用户");
    sodium_memzero(hash, sizeof hash);
    if (rc) return st_abort(st, rc);
    int64_t id = st_insert_history(st, "app_user", uuid, USER_JSON);
    if (id < 0) return st_abort(st, (int)id);
    rc = store_commit(st);
    if (rc) return rc;
    u->id = id;
    memcpy(u->uuid, uuid, sizeof uuid);
    zb_strlcpy(u->display_name, name, sizeof u->display_name);
    memcpy(u->created_at, now, sizeof now);
    u->disabled = false;
    u->failed_logins = 0;
    u->locked_until[0] = '\0';
    return STORE_OK;
}

/* Run one bound update of user row id inside a history entry (action) of that row. */
static int user_change(struct store *st, const struct user *u, const char *action,
                       sqlite3_stmt *s, const char *what)
{
    int64_t h = st_history_begin(st, "app_user", u->uuid, action, USER_JSON, u->id);
    if (h < 0) {
        st_done(s);
        return (int)h;
    }
    int rc = st_step_write(st, s, what);
    if (rc) return rc;
    return st_history_finish(st, h, USER_JSON, u->id);
}

int store_user_passwd(struct store *st, const char *login, const char *password)
{
    struct user u;
    int rc = user_find(st, login, &u, NULL);
    if (rc) return rc;
    bool self = st->logged_in && strcmp(st->session.login, u.login) == 0;
    if (!self && (rc = st_require_admin(st)) != STORE_OK) return rc;
    char msg[256];
    if (auth_check_password(password, msg, sizeof msg) != 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "%s", msg);
    char hash[crypto_pwhash_STRBYTES];
    if ((rc = hash_password(st, password, hash)) != STORE_OK) return rc;

    rc = store_begin(st);
    if (rc) {
        sodium_memzero(hash, sizeof hash);
        return rc;
    }
    sqlite3_stmt *s = st_stmt(st,
                              "UPDATE app_user SET pw_hash = ?2, failed_logins = 0,"
                              " locked_until = NULL, updated_at = ?3 WHERE id = ?1");
    if (!s) {
        sodium_memzero(hash, sizeof hash);
        return st_abort(st, STORE_ERR);
    }
    char now[24];
    clock_now_iso(now);
    sqlite3_bind_int64(s, 1, u.id);
    st_bind_text(s, 2, hash);
    st_bind_text(s, 3, now);
    rc = user_change(st, &u, "passwd", s, "修改密码");
    sodium_memzero(hash, sizeof hash);
    if (rc) return st_abort(st, rc);
    return store_commit(st);
}

/* Why account u may not be disabled now (STORE_ERR_DENIED with the sentence), or STORE_OK. */
static int disable_refusal(struct store *st, const struct user *u)
{
    if (u->role == STORE_ROLE_ADMIN) {
        int admins = st_count(st,
                              "SELECT count(*) FROM app_user WHERE role = 'admin' AND disabled = 0");
        if (admins < 0) return STORE_ERR;
        if (admins <= 1)
            return st_fail(st, STORE_ERR_DENIED, "%s 是最后一个可用的管理员账号，不能停用", u->login);
    }
    /* the interface would go on as an account that can no longer log in */
    if (st->logged_in && strcmp(st->session.login, u->login) == 0)
        return st_fail(st, STORE_ERR_DENIED,
                       "不能停用自己正在使用的账号 %s（请用另一个管理员账号停用）", u->login);
    return STORE_OK;
}

int store_user_may_disable(struct store *st, const char *login)
{
    int rc = st_require_admin(st);
    if (rc) return rc;
    struct user u;
    if ((rc = user_find(st, login, &u, NULL)) != STORE_OK) return rc;
    return u.disabled ? STORE_OK : disable_refusal(st, &u);
}

int store_user_set_disabled(struct store *st, const char *login, bool disabled)
{
    int rc = st_require_admin(st);
    if (rc) return rc;
    struct user u;
    if ((rc = user_find(st, login, &u, NULL)) != STORE_OK) return rc;
    if (u.disabled == disabled) return STORE_OK; /* nothing to change, nothing written */
    rc = store_begin(st);
    if (rc) return rc;
    if (disabled && (rc = disable_refusal(st, &u)) != STORE_OK) return st_abort(st, rc);
    sqlite3_stmt *s = st_stmt(st,
                              "UPDATE app_user SET disabled = ?2, updated_at = ?3 WHERE id = ?1");
    if (!s) return st_abort(st, STORE_ERR);
    char now[24];
    clock_now_iso(now);
    sqlite3_bind_int64(s, 1, u.id);
    sqlite3_bind_int(s, 2, disabled ? 1 : 0);
    st_bind_text(s, 3, now);
    rc = user_change(st, &u, disabled ? "disable" : "enable", s, disabled ? "停用账号" : "启用账号");
    if (rc) return st_abort(st, rc);
    return store_commit(st);
}

int store_user_set_branch(struct store *st, const char *login, int64_t branch_id)
{
    int rc = st_require_admin(st);
    if (rc) return rc;
    struct user u;
    if ((rc = user_find(st, login, &u, NULL)) != STORE_OK) return rc;
    if (u.role == STORE_ROLE_ADMIN)
        return st_fail(st, STORE_ERR_CONSTRAINT, "管理员账号不属于某个支部，不能指定支部");
    struct user want = u;
    want.branch_id = branch_id;
    if ((rc = check_role_branch(st, &want)) != STORE_OK) return rc;
    if (want.branch_id == u.branch_id) return STORE_OK; /* nothing to change, nothing written */
    rc = store_begin(st);
    if (rc) return rc;
    sqlite3_stmt *s = st_stmt(st,
                              "UPDATE app_user SET branch_id = ?2, updated_at = ?3 WHERE id = ?1");
    if (!s) return st_abort(st, STORE_ERR);
    char now[24];
    clock_now_iso(now);
    sqlite3_bind_int64(s, 1, u.id);
    st_bind_id(s, 2, want.branch_id);
    st_bind_text(s, 3, now);
    rc = user_change(st, &u, "branch", s, "指定支部");
    if (rc) return st_abort(st, rc);
    return store_commit(st);
}

int store_user_set_station(struct store *st, const char *login, int64_t station_id)
{
    int rc = st_require_admin(st);
    if (rc) return rc;
    struct user u;
    if ((rc = user_find(st, login, &u, NULL)) != STORE_OK) return rc;
    struct user want = u;
    want.station_id = station_id;
    if ((rc = check_role_station(st, &want)) != STORE_OK) return rc;
    if (want.station_id == u.station_id) return STORE_OK; /* nothing to change, nothing written */
    rc = store_begin(st);
    if (rc) return rc;
    sqlite3_stmt *s = st_stmt(st,
                              "UPDATE app_user SET station_id = ?2, updated_at = ?3 WHERE id = ?1");
    if (!s) return st_abort(st, STORE_ERR);
    char now[24];
    clock_now_iso(now);
    sqlite3_bind_int64(s, 1, u.id);
    st_bind_id(s, 2, want.station_id);
    st_bind_text(s, 3, now);
    rc = user_change(st, &u, "station", s, "指定指导站");
    if (rc) return st_abort(st, rc);
    return store_commit(st);
}

/* ---- login ----------------------------------------------------------------------------- */

/* A UTC timestamp as time_t; false when it is not one. */
static bool utc_time(const char *utc, time_t *out)
{
    struct zdate d;
    char date[11];
    unsigned h = 0, mi = 0, s = 0;
    if (!utc || strlen(utc) != 20) return false;
    memcpy(date, utc, 10);
    date[10] = '\0';
    if (!date_parse(date, &d) || sscanf(utc + 11, "%2u:%2u:%2u", &h, &mi, &s) != 3) return false;
    *out = (time_t)date_to_days(d) * 86400 + (time_t)(h * 3600 + mi * 60 + s);
    return true;
}

/* When a lock ends (or a row was changed: store_priv.h), in local time: "HH:MM", or
 * "M月D日 HH:MM" when that is not today. */
void st_local_time(const char *utc, const char *now, char *out, size_t outsz)
{
    time_t t, n;
    struct tm until, today;
    snprintf(out, outsz, "%s", utc);
    if (!utc_time(utc, &t) || !utc_time(now, &n)) return;
    if (!localtime_r(&t, &until) || !localtime_r(&n, &today)) return;
    if (until.tm_year == today.tm_year && until.tm_yday == today.tm_yday)
        snprintf(out, outsz, "%02d:%02d", until.tm_hour, until.tm_min);
    else
        snprintf(out, outsz, "%d月%d日 %02d:%02d", until.tm_mon + 1, until.tm_mday,
                 until.tm_hour, until.tm_min);
}

/* An unknown login costs what a known one does, so that timing does not tell them apart. */
static void dummy_verify(const char *password)
{
    static char dummy[crypto_pwhash_STRBYTES];
    if (!dummy[0] && crypto_pwhash_str(dummy, "zhibu-no-such-user", 18, USER_PW_OPSLIMIT,
                                       USER_PW_MEMLIMIT) != 0)
        return;
    if (crypto_pwhash_str_verify(dummy, password, strlen(password)) == 0) {
        /* cannot happen: nobody knows the dummy's password; the result is only waited for */
    }
}

/* A history entry "action" on the user row (no change of the row itself, or one already made
 * by the bound statement s when non-NULL), committed. */
static int login_record(struct store *st, const struct user *u, const char *action,
                        sqlite3_stmt *s)
{
    int rc = store_begin(st);
    if (rc) {
        if (s) st_done(s);
        return rc;
    }
    int64_t h = st_history_begin(st, "app_user", u->uuid, action, USER_JSON, u->id);
    if (h < 0) {
        if (s) st_done(s);
        return st_abort(st, (int)h);
    }
    if (s && (rc = st_step_write(st, s, "记录登录")) != STORE_OK) return st_abort(st, rc);
    rc = st_history_finish(st, h, USER_JSON, u->id);
    if (rc) return st_abort(st, rc);
    return store_commit(st);
}

/* The attempt cannot be counted in the database (a read-only file, a full disk): the lock and
 * the count as stored still hold, and this handle counts its own failures (st->unrecorded),
 * so that the interface cannot be used to guess on without limit while nothing is written.
 * Whoever has the file itself could try passwords against it anyway: counting in the file
 * protects the login screen, not the file. */
static int claim_unrecorded(struct store *st, const char *login, const struct auth_policy *pol,
                            const char *now, struct user *u, char hash[crypto_pwhash_STRBYTES],
                            int *failed, bool *locked, bool *unrecorded)
{
    int rc = user_find(st, login, u, hash);
    if (rc) return rc;
    if (auth_is_locked(u->locked_until, now) ||
        u->failed_logins + st->unrecorded >= pol->attempts) {
        *locked = true;
        return STORE_OK;
    }
    *unrecorded = true;
    *failed = u->failed_logins + st->unrecorded + 1;
    return STORE_OK;
}

/* Count this attempt before its password is checked (issue 12, hole 10): in one write
 * transaction, read the account as it stands; when it is locked, record the refusal and say so
 * (*locked); else count the attempt as a failure (locking the account when the count reaches
 * the policy: *until set) and commit, so that the slow check runs without the write lock and
 * parallel attempts cannot all see the same count. STORE_ERR_NOT_FOUND when there is no such
 * account (nothing written). */
static int login_claim(struct store *st, const char *login, const struct auth_policy *pol,
                       const char *now, struct user *u, char hash[crypto_pwhash_STRBYTES],
                       char until[24], int *failed, bool *locked, bool *unrecorded)
{
    *locked = false;
    *unrecorded = false;
    until[0] = '\0';
    int rc = store_begin(st);
    if (rc && st_write_impossible(st, rc))
        return claim_unrecorded(st, login, pol, now, u, hash, failed, locked, unrecorded);
    if (rc) return rc;
    rc = user_find(st, login, u, hash);
    if (rc) return st_abort(st, rc);
    if (auth_is_locked(u->locked_until, now)) {
        *locked = true;
        int64_t h = st_history_begin(st, "app_user", u->uuid, "login_failed",
                                     USER_JSON, u->id);
        if (h < 0) return st_abort(st, (int)h);
        rc = st_history_finish(st, h, USER_JSON, u->id);
        rc = rc ? st_abort(st, rc) : store_commit(st);
        /* the refusal stands whether or not it could be written down */
        return rc && st_write_impossible(st, rc) ? STORE_OK : rc;
    }
    *failed = auth_after_failure(pol, u->failed_logins, now, until);
    if (*failed < 0)
        return st_abort(st, st_fail(st, STORE_ERR, "系统时间无效，无法记录登录失败"));
    sqlite3_stmt *s = st_stmt(st,
                              "UPDATE app_user SET failed_logins = ?2, locked_until = ?3"
                              " WHERE id = ?1");
    if (!s) return st_abort(st, STORE_ERR);
    sqlite3_bind_int64(s, 1, u->id);
    sqlite3_bind_int(s, 2, *failed);
    if (until[0])
        st_bind_text(s, 3, until);
    else
        sqlite3_bind_null(s, 3);
    rc = st_step_write(st, s, "记录登录");
    if (rc) rc = st_abort(st, rc);
    else rc = store_commit(st);
    if (rc && st_write_impossible(st, rc))
        return claim_unrecorded(st, login, pol, now, u, hash, failed, locked, unrecorded);
    return rc;
}

int store_login(struct store *st, const char *login, const char *password,
                const struct auth_policy *policy)
{
    if (st->logged_in)
        return st_fail(st, STORE_ERR_DENIED, "已以 %s 的身份登录，不能再登录其他账号",
                       st->session.login);
    int rc = need_sodium(st);
    if (rc) return rc;
    struct auth_policy pol = policy ? *policy : (struct auth_policy){.attempts = 5, .minutes = 5};
    if (!password) password = "";
    /* a password longer than any we accept cannot be right; it is not even hashed */
    bool plausible = strnlen(password, AUTH_PASSWORD_MAX + 1) <= AUTH_PASSWORD_MAX;

    struct user u;
    char hash[crypto_pwhash_STRBYTES], now[24], until[24] = "";
    clock_now_iso(now);
    int failed = 0;
    bool locked = false, unrecorded = false;
    rc = (login && *login)
             ? login_claim(st, login, &pol, now, &u, hash, until, &failed, &locked, &unrecorded)
             : STORE_ERR_NOT_FOUND;
    if (rc == STORE_ERR_NOT_FOUND) {
        if (plausible && need_sodium(st) == STORE_OK) dummy_verify(password);
        if (pol.attempts > 1)
            return st_fail(st, STORE_ERR_AUTH, "%s（还可尝试 %d 次）", MSG_WRONG, pol.attempts - 1);
        return st_fail(st, STORE_ERR_AUTH, "%s", MSG_WRONG);
    }
    if (rc) return rc;
    if (locked && !auth_is_locked(u.locked_until, now))
        return st_fail(st, STORE_ERR_AUTH, "密码错误次数过多，请稍后再试");
    if (locked) {
        char when[64];
        st_local_time(u.locked_until, now, when, sizeof when);
        return st_fail(st, STORE_ERR_AUTH, "账号已锁定，请于 %s 后再试", when);
    }

    /* the attempt is counted; now the slow check, holding no lock */
    bool right = plausible && hash[0] &&
                 crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
    if (!right && unrecorded) {
        st->unrecorded++;
        return st_fail(st, STORE_ERR_AUTH, "%s（还可尝试 %d 次）", MSG_WRONG,
                       pol.attempts - failed > 0 ? pol.attempts - failed : 0);
    }
    if (!right) {
        rc = login_record(st, &u, until[0] ? "locked" : "login_failed", NULL);
        if (rc) return rc;
        if (until[0]) {
            char when[64];
            st_local_time(until, now, when, sizeof when);
            return st_fail(st, STORE_ERR_AUTH, "密码错误次数过多，账号已锁定，请于 %s 后再试",
                           when);
        }
        return st_fail(st, STORE_ERR_AUTH, "%s（还可尝试 %d 次）", MSG_WRONG,
                       pol.attempts - failed > 0 ? pol.attempts - failed : 0);
    }
    if (u.disabled && unrecorded) return st_fail(st, STORE_ERR_AUTH, "账号已停用");
    if (u.disabled) {
        /* the right password is no failure: the attempt counted above is taken back */
        sqlite3_stmt *s = st_stmt(st,
                                  "UPDATE app_user SET failed_logins = 0, locked_until = NULL"
                                  " WHERE id = ?1");
        if (!s) return STORE_ERR;
        sqlite3_bind_int64(s, 1, u.id);
        rc = login_record(st, &u, "login_failed", s);
        if (rc) return rc;
        return st_fail(st, STORE_ERR_AUTH, "账号已停用");
    }

    /* Right password. A hash made with other costs is replaced in the same write. */
    char fresh[crypto_pwhash_STRBYTES] = "";
    if (!unrecorded &&
        crypto_pwhash_str_needs_rehash(hash, USER_PW_OPSLIMIT, USER_PW_MEMLIMIT) != 0 &&
        hash_password(st, password, fresh) != STORE_OK)
        fresh[0] = '\0';
    sqlite3_stmt *s = st_stmt(st,
                              "UPDATE app_user SET failed_logins = 0, locked_until = NULL,"
                              " last_login_at = ?2, pw_hash = coalesce(?3, pw_hash) WHERE id = ?1");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, u.id);
    st_bind_text(s, 2, now);
    if (fresh[0])
        st_bind_text(s, 3, fresh);
    else
        sqlite3_bind_null(s, 3);
    /* the login is recorded as made by the user who logged in */
    char was[sizeof st->user];
    memcpy(was, st->user, sizeof was);
    zb_strlcpy(st->user, u.login, sizeof st->user);
    /* The record of the login is bookkeeping: when the file cannot take it (read-only, a
     * full disk), the person with the right password still reads what is there. */
    rc = unrecorded ? STORE_OK : login_record(st, &u, "login", s);
    if (unrecorded) st_done(s);
    sodium_memzero(fresh, sizeof fresh);
    if (rc && !st_write_impossible(st, rc)) {
        memcpy(st->user, was, sizeof was);
        return rc;
    }
    memset(&st->session, 0, sizeof st->session);
    st->session.role = u.role;
    st->session.user_id = u.id;
    st->session.branch_id = u.role == STORE_ROLE_ADMIN ? 0 : u.branch_id;
    st->session.station_id = u.role == STORE_ROLE_INSPECTOR ? u.station_id : 0;
    zb_strlcpy(st->session.station_name, u.role == STORE_ROLE_INSPECTOR ? u.station_name : "",
               sizeof st->session.station_name);
    zb_strlcpy(st->session.login, u.login, sizeof st->session.login);
    zb_strlcpy(st->session.display_name, u.display_name, sizeof st->session.display_name);
    st->logged_in = true;
    st->err[0] = '\0';
    return STORE_OK;
}

void store_user_name(struct store *st, const char *login, char *out, size_t outsz)
{
    struct user u;
    zb_strlcpy(out, login ? login : "", outsz);
    if (st && login && *login && store_user_get(st, login, &u) == STORE_OK && u.display_name[0])
        zb_strlcpy(out, u.display_name, outsz);
}
