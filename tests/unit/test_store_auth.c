/* Unit tests of src/store/user_db.c: adding and listing users, refusals that write nothing,
 * argon2id hashes, store_login with its counting (twenty parallel attempts: at most five
 * checked), lockout (and its end, under ZHIBU_NOW; not on a real ledger),
 * disabled accounts, the last administrator, history of every change and login, and a
 * logged-in handle that stays that user's. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/wait.h>
#include <unistd.h>

#include "fixtures.h"
#include "test.h"
#include "zhibu/clock.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_dues.h"

/* ---- helpers --------------------------------------------------------------------------- */

static struct store *open_path(const char *path)
{
    struct store_options opt = {.create = true, .backup_keep = 5};
    struct store *st = NULL;
    char err[512];
    int rc = store_open(path, &opt, &st, err, sizeof err);
    if (rc != STORE_OK) test_fail(__FILE__, __LINE__, "store_open(%s): %d %s", path, rc, err);
    return st;
}

static struct store *fresh(char *path, size_t pathsz)
{
    snprintf(path, pathsz, "%s/u.db", test_tmpdir());
    return open_path(path);
}

static int add_user(struct store *st, const char *login, enum store_role role, int64_t branch,
                    const char *name, const char *pw)
{
    struct user u = {0};
    snprintf(u.login, sizeof u.login, "%s", login);
    snprintf(u.display_name, sizeof u.display_name, "%s", name ? name : "");
    u.role = role;
    u.branch_id = branch;
    return store_user_add(st, &u, pw);
}

/* One integer (or -1) from the file through a connection of our own. */
static long long sql_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    long long v = -1;
    if (sqlite3_open(path, &db) != SQLITE_OK) return -1;
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
}

/* One text value ("" when none) into out. */
static void sql_text(const char *path, const char *sql, char *out, size_t outsz)
{
    sqlite3 *db = NULL;
    out[0] = '\0';
    if (sqlite3_open(path, &db) != SQLITE_OK) return;
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW &&
        sqlite3_column_text(s, 0))
        snprintf(out, outsz, "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(db);
}

static long long history_of(const char *path, const char *login, const char *action)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM history h JOIN app_user u ON u.uuid = h.row_uuid"
             " WHERE h.table_name = 'app_user' AND u.login = '%s' AND h.action = '%s'",
             login, action);
    return sql_int(path, sql);
}

static const struct auth_policy POLICY = {.attempts = 5, .minutes = 5};

/* ---- tests ----------------------------------------------------------------------------- */

TEST(store_user_add_list_get)
{
    char path[512];
    struct store *st = fresh(path, sizeof path);
    int64_t town = fx_branch(st, "1101010000", "支部1101010000", 0);
    int64_t village = fx_branch(st, "1101010001", "支部1101010001", town);
    CHECK_INT(add_user(st, "admin", STORE_ROLE_ADMIN, 0, "管理员", "secret12"), STORE_OK);
    CHECK_INT(add_user(st, "shuji", STORE_ROLE_SECRETARY, village, "王书记", "secret12"),
              STORE_OK);
    CHECK_INT(add_user(st, "shencha", STORE_ROLE_REVIEWER, 0, "", "secret12"), STORE_OK);
    CHECK_INT(add_user(st, "town.rev", STORE_ROLE_REVIEWER, town, "镇审查员", "secret12"),
              STORE_OK);

    struct store_user_list all;
    CHECK_INT(store_user_list(st, &all), STORE_OK);
    CHECK_INT(all.n, 4);
    if (all.n != 4) {
        store_user_list_free(&all);
        store_close(st);
        return;
    }
    struct user *list = all.v;
    CHECK_STR(list[0].login, "admin");
    CHECK_STR(list[1].login, "shencha");
    CHECK_STR(list[2].login, "shuji");
    CHECK_STR(list[3].login, "town.rev");
    CHECK_INT(list[0].role, STORE_ROLE_ADMIN);
    CHECK_STR(list[1].display_name, "shencha"); /* no name given: the login */
    CHECK_INT(list[1].branch_id, 0);
    CHECK_STR(list[2].branch_code, "1101010001");
    CHECK_INT(list[2].branch_id, village);
    CHECK_STR(list[3].branch_code, "1101010000");
    store_user_list_free(&all);

    struct user u;
    CHECK_INT(store_user_get(st, "shuji", &u), STORE_OK);
    CHECK_STR(u.display_name, "王书记");
    CHECK_INT(u.role, STORE_ROLE_SECRETARY);
    CHECK(!u.disabled);
    CHECK_INT(u.failed_logins, 0);
    CHECK_STR(u.locked_until, "");
    CHECK_INT((int)strlen(u.uuid), 36);
    CHECK_INT((int)strlen(u.created_at), 20);
    /* logins are found whatever their case */
    CHECK_INT(store_user_get(st, "SHUJI", &u), STORE_OK);
    CHECK_STR(u.login, "shuji");
    CHECK_INT(store_user_get(st, "nobody", &u), STORE_ERR_NOT_FOUND);
    CHECK(strstr(store_errmsg(st), "nobody") != NULL);

    /* the hash is argon2id and never the password */
    char hash[256];
    sql_text(path, "SELECT pw_hash FROM app_user WHERE login = 'shuji'", hash, sizeof hash);
    CHECK(strncmp(hash, "$argon2id$", 10) == 0);
    CHECK(strstr(hash, "secret12") == NULL);
    CHECK(strstr(hash, "m=16384") != NULL); /* 16 MiB, not the 64 MiB default */
    CHECK_INT(sql_int(path, "SELECT count(*) FROM history WHERE instr(old_json, 'secret12') > 0"
                            " OR instr(new_json, 'secret12') > 0"), 0);
    CHECK_INT(history_of(path, "shuji", "insert"), 1);
    CHECK_INT(sql_int(path, "SELECT count(*) FROM app_user WHERE created_by = 'system'"), 4);
    store_close(st);
}

TEST(store_user_add_refusals_write_nothing)
{
    char path[512];
    struct store *st = fresh(path, sizeof path);
    int64_t village = fx_branch(st, "1101010001", "支部1101010001", 0);
    CHECK_INT(add_user(st, "admin", STORE_ROLE_ADMIN, 0, "", "secret12"), STORE_OK);
    long long hist = sql_int(path, "SELECT count(*) FROM history");

    CHECK_INT(add_user(st, "admin", STORE_ROLE_ADMIN, 0, "", "secret12"), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "已存在") != NULL);
    CHECK_INT(add_user(st, "ADMIN", STORE_ROLE_REVIEWER, 0, "", "secret12"),
              STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "已存在") != NULL);
    CHECK_INT(add_user(st, "", STORE_ROLE_ADMIN, 0, "", "secret12"), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "用户名不能为空");
    CHECK_INT(add_user(st, "王书记", STORE_ROLE_SECRETARY, village, "", "secret12"),
              STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "显示名") != NULL);
    CHECK_INT(add_user(st, "wang shuji", STORE_ROLE_SECRETARY, village, "", "secret12"),
              STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "空格") != NULL);
    CHECK_INT(add_user(st, "wang", STORE_ROLE_SECRETARY, village, "", "12345"),
              STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "太短") != NULL);
    char big[1001];
    memset(big, 'p', 1000);
    big[1000] = '\0';
    CHECK_INT(add_user(st, "wang", STORE_ROLE_SECRETARY, village, "", big), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "太长") != NULL);
    CHECK_INT(add_user(st, "wang", STORE_ROLE_SECRETARY, village, "", NULL), STORE_ERR_CONSTRAINT);
    CHECK_INT(add_user(st, "wang", STORE_ROLE_SECRETARY, 0, "", "secret12"), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "支部") != NULL);
    CHECK_INT(add_user(st, "wang", STORE_ROLE_SECRETARY, 999, "", "secret12"),
              STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "不存在") != NULL);
    CHECK_INT(add_user(st, "wang", STORE_ROLE_REVIEWER, 999, "", "secret12"), STORE_ERR_CONSTRAINT);
    CHECK_INT(add_user(st, "wang", STORE_ROLE_SYSTEM, 0, "", "secret12"), STORE_ERR_CONSTRAINT);
    CHECK_INT(add_user(st, "wang", STORE_ROLE_SECRETARY, village, "王\n书记", "secret12"),
              STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "控制字符") != NULL);

    CHECK_INT(sql_int(path, "SELECT count(*) FROM app_user"), 1);
    CHECK_INT(sql_int(path, "SELECT count(*) FROM history"), hist);

    /* exactly the limits are fine */
    char pw128[129];
    memset(pw128, 'k', 128);
    pw128[128] = '\0';
    CHECK_INT(add_user(st, "ab", STORE_ROLE_SECRETARY, village,
                       "一二三四五六七八九十一二三四五六七八九十一", "123456"), STORE_OK);
    CHECK_INT(add_user(st, "a1234567890123456789012345678901", STORE_ROLE_SECRETARY, village,
                       "", pw128), STORE_OK);
    CHECK_INT(store_login(st, "a1234567890123456789012345678901", pw128, &POLICY), STORE_OK);
    store_close(st);
}

TEST(store_user_permissions)
{
    char path[512];
    struct store *st = fresh(path, sizeof path);
    int64_t village = fx_branch(st, "1101010001", "支部1101010001", 0);
    CHECK_INT(add_user(st, "admin", STORE_ROLE_ADMIN, 0, "", "secret12"), STORE_OK);
    CHECK_INT(add_user(st, "shuji", STORE_ROLE_SECRETARY, village, "", "secret12"), STORE_OK);
    CHECK_INT(add_user(st, "other", STORE_ROLE_SECRETARY, village, "", "secret12"), STORE_OK);
    store_close(st);

    /* a secretary: no new users, no disabling, no one else's password; their own is fine */
    st = open_path(path);
    CHECK_INT(store_login(st, "shuji", "secret12", &POLICY), STORE_OK);
    CHECK_INT(add_user(st, "newbie", STORE_ROLE_SECRETARY, village, "", "secret12"),
              STORE_ERR_DENIED);
    CHECK(store_errmsg(st)[0] != '\0');
    CHECK_INT(store_user_set_disabled(st, "other", true), STORE_ERR_DENIED);
    CHECK_INT(store_user_passwd(st, "other", "newpass1"), STORE_ERR_DENIED);
    CHECK_INT(store_user_passwd(st, "shuji", "newpass1"), STORE_OK);
    store_close(st);
    CHECK_INT(sql_int(path, "SELECT count(*) FROM app_user WHERE login = 'newbie'"), 0);
    CHECK_INT(history_of(path, "other", "passwd"), 0);
    CHECK_INT(history_of(path, "shuji", "passwd"), 1);

    /* an administrator may */
    st = open_path(path);
    CHECK_INT(store_login(st, "admin", "secret12", &POLICY), STORE_OK);
    CHECK_INT(add_user(st, "newbie", STORE_ROLE_SECRETARY, village, "", "secret12"), STORE_OK);
    CHECK_INT(store_user_passwd(st, "other", "other123"), STORE_OK);
    CHECK_INT(store_user_set_disabled(st, "other", true), STORE_OK);
    CHECK_INT(sql_int(path, "SELECT count(*) FROM app_user WHERE login = 'newbie'"
                            " AND created_by = 'admin'"), 1);
    store_close(st);
    st = open_path(path);
    CHECK_INT(store_login(st, "shuji", "newpass1", &POLICY), STORE_OK);
    store_close(st);
}

TEST(store_user_login_session)
{
    char path[512];
    struct store *st = fresh(path, sizeof path);
    int64_t town = fx_branch(st, "1101010000", "支部1101010000", 0);
    int64_t village = fx_branch(st, "1101010001", "支部1101010001", town);
    CHECK_INT(add_user(st, "shuji", STORE_ROLE_SECRETARY, village, "王书记", "secret12"), STORE_OK);
    CHECK_INT(add_user(st, "shencha", STORE_ROLE_REVIEWER, town, "审查员", "secret12"), STORE_OK);
    store_close(st);

    setenv("ZHIBU_NOW", "2026-11-21T09:00:00Z", 1);
    st = open_path(path);
    CHECK_INT(store_session(st)->role, STORE_ROLE_SYSTEM);
    CHECK_INT(store_login(st, "shuji", "secret12", &POLICY), STORE_OK);
    const struct store_session *s = store_session(st);
    CHECK_INT(s->role, STORE_ROLE_SECRETARY);
    CHECK_INT(s->branch_id, village);
    CHECK(s->user_id > 0);
    CHECK_STR(s->login, "shuji");
    CHECK_STR(s->display_name, "王书记");
    /* a handle logged in stays that user's */
    CHECK_INT(store_login(st, "shencha", "secret12", &POLICY), STORE_ERR_DENIED);
    CHECK(strstr(store_errmsg(st), "shuji") != NULL);
    CHECK_INT(store_login(st, "shuji", "secret12", &POLICY), STORE_ERR_DENIED);
    store_set_user(st, "someone");
    CHECK_INT(store_test_set_session(st, STORE_ROLE_SYSTEM, 0, "x"), STORE_ERR_DENIED);
    CHECK_STR(store_session(st)->login, "shuji");
    /* a write after store_set_user is still recorded as the user who logged in */
    CHECK_INT(store_user_passwd(st, "shuji", "secret12"), STORE_OK);
    store_close(st);
    CHECK_INT(sql_int(path, "SELECT count(*) FROM history WHERE changed_by = 'someone'"), 0);
    CHECK_INT(sql_int(path, "SELECT count(*) FROM history WHERE action = 'passwd'"
                            " AND changed_by = 'shuji'"), 1);
    CHECK_INT(history_of(path, "shuji", "login"), 1);
    char last[32];
    sql_text(path, "SELECT last_login_at FROM app_user WHERE login = 'shuji'", last, sizeof last);
    CHECK_STR(last, "2026-11-21T09:00:00Z");
    CHECK_INT(sql_int(path, "SELECT count(*) FROM history WHERE action = 'login'"
                            " AND changed_by = 'shuji'"), 1);

    st = open_path(path);
    CHECK_INT(store_login(st, "ShenCha", "secret12", &POLICY), STORE_OK);
    CHECK_INT(store_session(st)->role, STORE_ROLE_REVIEWER);
    CHECK_INT(store_session(st)->branch_id, town);
    CHECK_STR(store_session(st)->login, "shencha");
    store_close(st);
    unsetenv("ZHIBU_NOW");
}

TEST(store_user_wrong_password_and_lockout)
{
    char path[512];
    struct store *st = fresh(path, sizeof path);
    int64_t village = fx_branch(st, "1101010001", "支部1101010001", 0);
    CHECK_INT(add_user(st, "shuji", STORE_ROLE_SECRETARY, village, "", "secret12"), STORE_OK);

    setenv("ZHIBU_NOW", "2026-11-21T10:00:00Z", 1);
    /* unknown login: the same message, nothing written */
    long long hist = sql_int(path, "SELECT count(*) FROM history");
    CHECK_INT(store_login(st, "nobody", "secret12", &POLICY), STORE_ERR_AUTH);
    CHECK_STR(store_errmsg(st), "用户名或密码错误（还可尝试 4 次）");
    CHECK_INT(store_login(st, "", "secret12", &POLICY), STORE_ERR_AUTH);
    CHECK_INT(store_login(st, "王书记", "secret12", &POLICY), STORE_ERR_AUTH);
    CHECK_INT(sql_int(path, "SELECT count(*) FROM history"), hist);

    CHECK_INT(store_login(st, "shuji", "wrong-pw", &POLICY), STORE_ERR_AUTH);
    CHECK_STR(store_errmsg(st), "用户名或密码错误（还可尝试 4 次）");
    CHECK_INT(sql_int(path, "SELECT failed_logins FROM app_user"), 1);
    CHECK_INT(history_of(path, "shuji", "login_failed"), 1);
    CHECK_INT(store_login(st, "shuji", "", &POLICY), STORE_ERR_AUTH);
    CHECK_STR(store_errmsg(st), "用户名或密码错误（还可尝试 3 次）");
    char big[1001];
    memset(big, 's', 1000);
    big[1000] = '\0';
    CHECK_INT(store_login(st, "shuji", big, &POLICY), STORE_ERR_AUTH);
    CHECK_INT(store_login(st, "shuji", "secret1", &POLICY), STORE_ERR_AUTH);
    CHECK_STR(store_errmsg(st), "用户名或密码错误（还可尝试 1 次）");
    CHECK_INT(sql_int(path, "SELECT failed_logins FROM app_user"), 4);
    CHECK(!store_session(st)->user_id);

    /* the 5th locks for 5 minutes and starts the count again */
    CHECK_INT(store_login(st, "shuji", "secret13", &POLICY), STORE_ERR_AUTH);
    CHECK(strstr(store_errmsg(st), "账号已锁定，请于 10:05 后再试") != NULL);
    CHECK_INT(sql_int(path, "SELECT failed_logins FROM app_user"), 0);
    char until[32];
    sql_text(path, "SELECT locked_until FROM app_user", until, sizeof until);
    CHECK_STR(until, "2026-11-21T10:05:00Z");
    CHECK_INT(history_of(path, "shuji", "locked"), 1);
    struct user u;
    CHECK_INT(store_user_get(st, "shuji", &u), STORE_OK);
    CHECK_STR(u.locked_until, "2026-11-21T10:05:00Z");

    /* locked: even the right password is refused, one second before the end too */
    setenv("ZHIBU_NOW", "2026-11-21T10:04:59Z", 1);
    CHECK_INT(store_login(st, "shuji", "secret12", &POLICY), STORE_ERR_AUTH);
    CHECK_STR(store_errmsg(st), "账号已锁定，请于 10:05 后再试");
    CHECK_INT(store_session(st)->role, STORE_ROLE_SYSTEM);
    CHECK_INT(history_of(path, "shuji", "login"), 0);

    /* one second after: the right password works and clears everything */
    setenv("ZHIBU_NOW", "2026-11-21T10:05:01Z", 1);
    CHECK_INT(store_login(st, "shuji", "secret12", &POLICY), STORE_OK);
    CHECK_INT(store_session(st)->role, STORE_ROLE_SECRETARY);
    CHECK_INT(sql_int(path, "SELECT failed_logins FROM app_user"), 0);
    CHECK_INT(sql_int(path, "SELECT locked_until IS NULL FROM app_user"), 1);
    CHECK_INT(history_of(path, "shuji", "login"), 1);
    store_close(st);
    unsetenv("ZHIBU_NOW");
}

TEST(store_user_success_resets_count)
{
    char path[512];
    struct store *st = fresh(path, sizeof path);
    CHECK_INT(add_user(st, "admin", STORE_ROLE_ADMIN, 0, "", "secret12"), STORE_OK);
    struct auth_policy three = {.attempts = 3, .minutes = 60};
    CHECK_INT(store_login(st, "admin", "nope-nope", &three), STORE_ERR_AUTH);
    CHECK_STR(store_errmsg(st), "用户名或密码错误（还可尝试 2 次）");
    CHECK_INT(store_login(st, "admin", "nope-nope", &three), STORE_ERR_AUTH);
    CHECK_INT(store_login(st, "admin", "secret12", &three), STORE_OK);
    CHECK_INT(sql_int(path, "SELECT failed_logins FROM app_user"), 0);
    store_close(st);
}

/* Twenty processes try a wrong password at the same moment: each attempt is counted before its
 * password is checked, so no more than the policy's five are checked and the others are told
 * the account is locked (issue 12, hole 10). */
TEST(store_user_parallel_wrong_passwords_counted)
{
    char path[512];
    struct store *st = fresh(path, sizeof path);
    CHECK_INT(add_user(st, "shencha", STORE_ROLE_REVIEWER, 0, "", "secret12"), STORE_OK);
    store_close(st);
    setenv("ZHIBU_NOW", "2026-11-21T12:00:00Z", 1);
    enum { N = 20 };
    pid_t kids[N];
    fflush(stdout);
    for (int i = 0; i < N; i++) {
        kids[i] = fork();
        if (kids[i] == 0) {
            struct store_options opt = {.backup_keep = 5};
            struct store *c = NULL;
            char err[512];
            int code = 40;
            if (store_open(path, &opt, &c, err, sizeof err) == STORE_OK) {
                int rc = store_login(c, "shencha", "wrong-pw", &POLICY);
                const char *msg = store_errmsg(c);
                code = rc != STORE_ERR_AUTH             ? 30
                       : strstr(msg, "密码错误")        ? 10
                       : strstr(msg, "账号已锁定")      ? 20
                                                        : 30;
                store_close(c);
            }
            _exit(code);
        }
    }
    int wrong = 0, locked = 0, other = 0;
    for (int i = 0; i < N; i++) {
        int status = 0;
        if (kids[i] < 0 || waitpid(kids[i], &status, 0) != kids[i] || !WIFEXITED(status)) {
            other++;
            continue;
        }
        int code = WEXITSTATUS(status);
        if (code == 10) wrong++;
        else if (code == 20) locked++;
        else other++;
    }
    unsetenv("ZHIBU_NOW");
    CHECK(wrong <= 5);
    CHECK_INT(wrong + locked, N);
    CHECK_INT(other, 0);
    char until[32];
    sql_text(path, "SELECT locked_until FROM app_user", until, sizeof until);
    CHECK_STR(until, "2026-11-21T12:05:00Z");
    /* every attempt journaled as before: the failures, the lock, the refusals while locked */
    CHECK_INT(history_of(path, "shencha", "login_failed") + history_of(path, "shencha", "locked"), N);
    CHECK_INT(history_of(path, "shencha", "locked"), 1);
}

/* The attempt counted before the check is taken back when the password is right, even on a
 * disabled account (which is refused all the same). */
TEST(store_user_right_password_takes_back_the_count)
{
    char path[512];
    struct store *st = fresh(path, sizeof path);
    CHECK_INT(add_user(st, "admin", STORE_ROLE_ADMIN, 0, "", "secret12"), STORE_OK);
    CHECK_INT(add_user(st, "shencha", STORE_ROLE_REVIEWER, 0, "", "secret12"), STORE_OK);
    CHECK_INT(store_user_set_disabled(st, "shencha", true), STORE_OK);
    CHECK_INT(store_login(st, "shencha", "nope-nope", &POLICY), STORE_ERR_AUTH);
    CHECK_INT(store_login(st, "shencha", "nope-nope", &POLICY), STORE_ERR_AUTH);
    CHECK_INT(sql_int(path, "SELECT failed_logins FROM app_user WHERE login = 'shencha'"), 2);
    CHECK_INT(store_login(st, "shencha", "secret12", &POLICY), STORE_ERR_AUTH);
    CHECK_STR(store_errmsg(st), "账号已停用");
    CHECK_INT(sql_int(path, "SELECT failed_logins FROM app_user WHERE login = 'shencha'"), 0);
    CHECK_INT(history_of(path, "shencha", "login_failed"), 3);
    /* four wrong, then the right one: it logs in and the count is cleared */
    for (int i = 0; i < 4; i++) CHECK_INT(store_login(st, "admin", "nope-nope", &POLICY), STORE_ERR_AUTH);
    CHECK_INT(store_login(st, "admin", "secret12", &POLICY), STORE_OK);
    CHECK_INT(sql_int(path, "SELECT failed_logins FROM app_user WHERE login = 'admin'"), 0);
    CHECK_INT(sql_int(path, "SELECT locked_until IS NULL FROM app_user WHERE login = 'admin'"), 1);
    store_close(st);
}

/* On a real ledger ZHIBU_NOW is not honoured: a lock set by the real clock is not lifted by
 * setting the clock past it (issue 12, hole 2). */
TEST(store_user_real_database_lock_not_lifted_by_now)
{
    const char *old_now = getenv("ZHIBU_NOW");
    char keep[64];
    snprintf(keep, sizeof keep, "%s", old_now ? old_now : "");
    unsetenv("ZHIBU_NOW");
    store_test_mark_new_databases(false);
    char path[512];
    struct store *st = fresh(path, sizeof path);
    CHECK_INT(add_user(st, "shencha", STORE_ROLE_REVIEWER, 0, "", "secret12"), STORE_OK);
    for (int i = 0; i < 5; i++) CHECK_INT(store_login(st, "shencha", "nope-nope", &POLICY), STORE_ERR_AUTH);
    CHECK(strstr(store_errmsg(st), "账号已锁定") != NULL);
    store_close(st);
    setenv("ZHIBU_NOW", "2099-01-01T00:00:00Z", 1);
    st = open_path(path);
    if (st) {
        CHECK_INT(store_login(st, "shencha", "secret12", &POLICY), STORE_ERR_AUTH);
        CHECK(strstr(store_errmsg(st), "账号已锁定") != NULL);
        CHECK_INT(store_session(st)->role, STORE_ROLE_SYSTEM);
        store_close(st);
    }
    CHECK_INT(sql_int(path, "SELECT count(*) FROM app_user WHERE locked_until LIKE '2099-%'"), 0);
    if (old_now) setenv("ZHIBU_NOW", keep, 1);
    else unsetenv("ZHIBU_NOW");
    store_test_mark_new_databases(true);
    clock_allow_override(1);
}

TEST(store_user_passwd_clears_lock)
{
    char path[512];
    struct store *st = fresh(path, sizeof path);
    CHECK_INT(add_user(st, "admin", STORE_ROLE_ADMIN, 0, "", "secret12"), STORE_OK);
    CHECK_INT(add_user(st, "boss", STORE_ROLE_ADMIN, 0, "", "secret12"), STORE_OK);
    struct auth_policy one = {.attempts = 1, .minutes = 60};
    setenv("ZHIBU_NOW", "2026-11-21T23:30:00Z", 1);
    CHECK_INT(store_login(st, "boss", "wrong-pw", &one), STORE_ERR_AUTH);
    CHECK(strstr(store_errmsg(st), "账号已锁定，请于 11月22日 00:30 后再试") != NULL);
    CHECK_INT(store_login(st, "boss", "secret12", &one), STORE_ERR_AUTH);
    /* bad new passwords are refused and change nothing */
    CHECK_INT(store_user_passwd(st, "boss", "short"), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_user_passwd(st, "nobody", "longenough"), STORE_ERR_NOT_FOUND);
    CHECK_INT(history_of(path, "boss", "passwd"), 0);
    CHECK_INT(store_user_passwd(st, "boss", "fresh-pass"), STORE_OK);
    CHECK_INT(history_of(path, "boss", "passwd"), 1);
    CHECK_INT(sql_int(path, "SELECT locked_until IS NULL FROM app_user WHERE login = 'boss'"), 1);
    CHECK_INT(store_login(st, "boss", "secret12", &one), STORE_ERR_AUTH); /* old one: locks again */
    store_close(st);
    st = open_path(path);
    setenv("ZHIBU_NOW", "2026-11-22T01:00:00Z", 1);
    CHECK_INT(store_login(st, "boss", "fresh-pass", &one), STORE_OK);
    store_close(st);
    unsetenv("ZHIBU_NOW");
}

TEST(store_user_disable)
{
    char path[512];
    struct store *st = fresh(path, sizeof path);
    int64_t village = fx_branch(st, "1101010001", "支部1101010001", 0);
    CHECK_INT(add_user(st, "admin", STORE_ROLE_ADMIN, 0, "", "secret12"), STORE_OK);
    CHECK_INT(add_user(st, "shuji", STORE_ROLE_SECRETARY, village, "", "secret12"), STORE_OK);

    /* the last enabled administrator stays */
    CHECK_INT(store_user_set_disabled(st, "admin", true), STORE_ERR_DENIED);
    CHECK(strstr(store_errmsg(st), "最后一个") != NULL);
    CHECK_INT(sql_int(path, "SELECT disabled FROM app_user WHERE login = 'admin'"), 0);
    CHECK_INT(history_of(path, "admin", "disable"), 0);
    CHECK_INT(add_user(st, "admin2", STORE_ROLE_ADMIN, 0, "", "secret12"), STORE_OK);
    CHECK_INT(store_user_set_disabled(st, "admin", true), STORE_OK);
    CHECK_INT(store_user_set_disabled(st, "admin2", true), STORE_ERR_DENIED);
    CHECK_INT(store_user_set_disabled(st, "admin", false), STORE_OK);
    CHECK_INT(history_of(path, "admin", "disable"), 1);
    CHECK_INT(history_of(path, "admin", "enable"), 1);
    CHECK_INT(store_user_set_disabled(st, "nobody", true), STORE_ERR_NOT_FOUND);

    CHECK_INT(store_user_set_disabled(st, "shuji", true), STORE_OK);
    CHECK_INT(store_user_set_disabled(st, "shuji", true), STORE_OK); /* again: nothing new */
    CHECK_INT(history_of(path, "shuji", "disable"), 1);
    struct user u;
    CHECK_INT(store_user_get(st, "shuji", &u), STORE_OK);
    CHECK(u.disabled);
    /* disabled: the right password is refused; a wrong one gets the usual message */
    CHECK_INT(store_login(st, "shuji", "secret12", &POLICY), STORE_ERR_AUTH);
    CHECK_STR(store_errmsg(st), "账号已停用");
    CHECK_INT(store_login(st, "shuji", "bad-pass", &POLICY), STORE_ERR_AUTH);
    CHECK(strstr(store_errmsg(st), "用户名或密码错误") != NULL);
    CHECK_INT(store_session(st)->role, STORE_ROLE_SYSTEM);
    CHECK_INT(store_user_set_disabled(st, "shuji", false), STORE_OK);
    CHECK_INT(store_login(st, "shuji", "secret12", &POLICY), STORE_OK);
    store_close(st);
}

/* Issue 15 (账号管理 on screen): the rules the screen and `zhibu user` share live here — an
 * administrator cannot disable the account they are logged in as, an administrator account
 * has no branch, a secretary's branch and a reviewer's scope are assigned with history, and the
 * last login is read with the account. */
TEST(store_user_screen_rules)
{
    char path[512];
    struct store *st = fresh(path, sizeof path);
    int64_t town = fx_branch(st, "1101010000", "支部1101010000", 0);
    int64_t village = fx_branch(st, "1101010001", "支部1101010001", town);
    CHECK_INT(add_user(st, "admin", STORE_ROLE_ADMIN, 0, "", "secret12"), STORE_OK);
    CHECK_INT(add_user(st, "admin2", STORE_ROLE_ADMIN, 0, "", "secret12"), STORE_OK);
    /* an administrator with a branch is refused (the CLI refused it before the store did) */
    CHECK_INT(add_user(st, "admin3", STORE_ROLE_ADMIN, village, "", "secret12"),
              STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "管理员账号不属于某个支部") != NULL);
    CHECK_INT(add_user(st, "shuji", STORE_ROLE_SECRETARY, village, "", "secret12"), STORE_OK);
    CHECK_INT(add_user(st, "shencha", STORE_ROLE_REVIEWER, 0, "", "secret12"), STORE_OK);
    struct user u;
    CHECK_INT(store_user_get(st, "shuji", &u), STORE_OK);
    CHECK_STR(u.last_login, "");
    store_close(st);

    st = open_path(path);
    CHECK_INT(store_login(st, "admin", "secret12", &POLICY), STORE_OK);
    /* not yourself, even with another administrator left */
    CHECK_INT(store_user_set_disabled(st, "admin", true), STORE_ERR_DENIED);
    CHECK(strstr(store_errmsg(st), "不能停用自己") != NULL);
    CHECK_INT(history_of(path, "admin", "disable"), 0);
    CHECK_INT(store_user_set_disabled(st, "admin2", true), STORE_OK);
    CHECK_INT(store_user_set_disabled(st, "admin2", false), STORE_OK);

    /* branches */
    CHECK_INT(store_user_set_branch(st, "shuji", 0), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "必须指定所在支部") != NULL);
    CHECK_INT(store_user_set_branch(st, "shuji", 999), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_user_set_branch(st, "admin2", village), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_user_set_branch(st, "admin2", 0), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_user_set_branch(st, "nobody", village), STORE_ERR_NOT_FOUND);
    CHECK_INT(history_of(path, "shuji", "branch"), 0);
    CHECK_INT(store_user_set_branch(st, "shuji", town), STORE_OK);
    CHECK_INT(store_user_set_branch(st, "shuji", town), STORE_OK); /* again: nothing new */
    CHECK_INT(history_of(path, "shuji", "branch"), 1);
    CHECK_INT(store_user_get(st, "shuji", &u), STORE_OK);
    CHECK(u.branch_id == town);
    CHECK_INT(store_user_set_branch(st, "shencha", village), STORE_OK);
    CHECK_INT(store_user_set_branch(st, "shencha", 0), STORE_OK);
    CHECK_INT(history_of(path, "shencha", "branch"), 2);
    CHECK_INT(store_user_get(st, "admin", &u), STORE_OK);
    CHECK(u.last_login[0] != '\0');
    store_close(st);

    /* a secretary may not */
    st = open_path(path);
    CHECK_INT(store_login(st, "shuji", "secret12", &POLICY), STORE_OK);
    CHECK_INT(store_user_set_branch(st, "shuji", village), STORE_ERR_DENIED);
    store_close(st);
    CHECK_INT(history_of(path, "shuji", "branch"), 1);
    struct verify_result vr;
    st = open_path(path);
    CHECK_INT(store_journal_verify(st, 0, &vr), STORE_OK);
    CHECK_INT(vr.nproblems, 0);
    store_close(st);
}

/* ==== the tests of test_store_journal.c (moved whole) ==== */
/* Unit tests of src/store/journal.c: the seal (one hash chain per branch), store_journal_verify against
 * entries and rows changed behind the store's back with raw sqlite3, the per-branch check, the
 * remembered status, and the baseline written when a version-5 database is upgraded. */
/* ---- helpers --------------------------------------------------------------------------- */

static struct store *open_db(const char *path)
{
    return test_open_db(path, "书记甲");
}

static int64_t mk_member(struct store *st, int64_t branch_id, const char *name, char *uuid)
{
    struct member m;
    fx_member(st, &(struct fx_member){.branch = branch_id, .name = name, .gender = "F",
                                      .join = "2001-07-01", .full = "2002-07-01"}, &m);
    if (uuid) snprintf(uuid, UUID_STR_LEN, "%s", m.uuid);
    return m.id;
}

static int64_t pay(struct store *st, int64_t member_id, char *uuid)
{
    struct dues_paid alloc[2] = {{dues_ym(2025, 1), 300}, {dues_ym(2025, 2), 300}};
    struct dues_payment p = {0};
    p.member_id = member_id;
    snprintf(p.paid_date, sizeof p.paid_date, "2025-02-10");
    p.from_ym = dues_ym(2025, 1);
    p.to_ym = dues_ym(2025, 2);
    p.amount = 600;
    if (store_dues_payment_add(st, &p, alloc, 2) != STORE_OK)
        test_fail(__FILE__, __LINE__, "payment_add: %s", store_errmsg(st));
    if (uuid) snprintf(uuid, UUID_STR_LEN, "%s", p.uuid);
    return p.id;
}

/* A database with two branches whose writes interleave: A, B, a member of each, another of
 * A, a payment in B. */
struct fixture {
    char *path;
    int64_t a, b, ma, mb, ma2, pb;
    char ma_uuid[UUID_STR_LEN], mb_uuid[UUID_STR_LEN], pb_uuid[UUID_STR_LEN];
};

static struct store *setup(struct fixture *f, const char *name)
{
    memset(f, 0, sizeof *f);
    f->path = test_db_path(name);
    struct store *st = open_db(f->path);
    if (!st) return NULL;
    f->a = fx_branch(st, "JA", "JA党支部", 0);
    f->b = fx_branch(st, "JB", "JB党支部", 0);
    f->ma = mk_member(st, f->a, "张红", f->ma_uuid);
    f->mb = mk_member(st, f->b, "李兰", f->mb_uuid);
    f->ma2 = mk_member(st, f->a, "王芳", NULL);
    f->pb = pay(st, f->mb, f->pb_uuid);
    return st;
}

static int count_kind(const struct verify_result *r, enum verify_kind k)
{
    int n = 0;
    for (int i = 0; i < r->nproblems && i < VERIFY_MAX_PROBLEMS; i++) n += r->problems[i].kind == k;
    return n;
}

/* Close, run sql on the file, reopen and verify (branch 0 = all). */
static struct store *tamper(struct store *st, const struct fixture *f, const char *sql,
                            int64_t branch, struct verify_result *r)
{
    store_close(st);
    test_sql(f->path, sql);
    st = open_db(f->path);
    if (!st) return NULL;
    CHECK_INT(store_journal_verify(st, branch, r), STORE_OK);
    return st;
}

/* ---- the seal -------------------------------------------------------------------------- */

TEST(journal_seal_chains_per_branch)
{
    struct fixture f;
    struct store *st = setup(&f, "seal.db");
    if (!st) return;
    store_close(st);
    const char *p = f.path;
    CHECK(test_sql_int(p, "SELECT count(*) FROM history") >= 6);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history WHERE hash IS NULL OR prev_hash IS NULL"
                         " OR branch_id IS NULL"), 0);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history WHERE length(hash) <> 64"
                         " OR hash GLOB '*[^0-9a-f]*'"), 0);
    CHECK_INT(test_sql_int(p, "SELECT count(DISTINCT hash) = count(*) FROM history"), 1);
    /* two chains, one per branch, and chain 0 (the office key written at creation): each
     * starts with "" and links to its predecessor */
    char sql[400];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM history WHERE branch_id NOT IN (0, %lld, %lld)",
             (long long)f.a, (long long)f.b);
    CHECK_INT(test_sql_int(p, sql), 0);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history WHERE branch_id = 0"
                         " AND table_name = 'office_key' AND action = 'insert'"), 1);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history h WHERE prev_hash = ''"), 3);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history h WHERE prev_hash <> ''"
                         " AND prev_hash IS NOT (SELECT p.hash FROM history p WHERE"
                         " p.branch_id = h.branch_id AND p.id < h.id ORDER BY p.id DESC LIMIT 1)"),
              0);
    /* the writes interleave, yet the member of B sits in B's chain and the payment too */
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM history WHERE row_uuid IN ('%s', '%s') AND branch_id = %lld",
             f.mb_uuid, f.pb_uuid, (long long)f.b);
    CHECK_INT(test_sql_int(p, sql), 2);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM history WHERE row_uuid = '%s' AND branch_id = %lld", f.ma_uuid,
             (long long)f.a);
    CHECK_INT(test_sql_int(p, sql), 1);
    /* B's second entry (its member) follows the branch insert, not A's member in between */
    snprintf(sql, sizeof sql,
             "SELECT (SELECT prev_hash FROM history WHERE row_uuid = '%s') ="
             " (SELECT hash FROM history WHERE table_name = 'branch' AND branch_id = %lld)",
             f.mb_uuid, (long long)f.b);
    CHECK_INT(test_sql_int(p, sql), 1);

    st = open_db(p);
    if (!st) return;
    struct verify_result r;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    CHECK_INT(r.entries, test_sql_int(p, "SELECT count(*) FROM history"));
    CHECK_INT(r.rows, 2 + 3 + 1 + 1); /* branches, members, the payment, the office key */
    store_close(st);
    free(f.path);
}

/* One transaction of more entries than the seal reads at a time (512; it hashes one batch while
 * it reads the next, issue 17): A's entries fill the first batch and more, B's first entry of
 * the transaction comes in the second, after B's chain already has entries sealed before. Every
 * chain links on, and verify finds nothing. */
TEST(journal_seal_batches_link_each_chain)
{
    struct fixture f;
    struct store *st = setup(&f, "seal_batches.db");
    if (!st) return;
    const char *p = f.path;
    char sql[400];
    int before = test_sql_int(p, "SELECT count(*) FROM history");
    long long last = test_sql_int(p, "SELECT max(id) FROM history");
    CHECK_INT(store_begin(st), STORE_OK);
    char name[32];
    for (int i = 0; i < 700; i++) {
        snprintf(name, sizeof name, "党员%d", i);
        mk_member(st, f.a, name, NULL);
    }
    char mb_uuid[UUID_STR_LEN];
    mk_member(st, f.b, "赵兰", mb_uuid);
    mk_member(st, f.a, "钱红", NULL);
    CHECK_INT(store_commit(st), STORE_OK);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history") - before, 702);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history WHERE hash IS NULL OR prev_hash IS NULL"
                         " OR branch_id IS NULL"), 0);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history h WHERE prev_hash = ''"), 3);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history h WHERE prev_hash IS NOT (SELECT"
                         " ifnull((SELECT q.hash FROM history q WHERE q.branch_id = h.branch_id AND"
                         " q.id < h.id ORDER BY q.id DESC LIMIT 1), ''))"), 0);
    snprintf(sql, sizeof sql, "SELECT (SELECT prev_hash FROM history WHERE row_uuid = '%s') ="
             " (SELECT hash FROM history WHERE branch_id = %lld AND id <= %lld ORDER BY id DESC"
             " LIMIT 1)", mb_uuid, (long long)f.b, last);
    CHECK_INT(test_sql_int(p, sql), 1);
    struct verify_result r;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    store_close(st);
    free(f.path);
}

/* ---- tampering ------------------------------------------------------------------------- */

TEST(journal_verify_rewritten_entry)
{
    struct fixture f;
    struct store *st = setup(&f, "rewrite.db");
    if (!st) return;
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT id FROM history WHERE row_uuid = '%s'", f.ma_uuid);
    int64_t entry = test_sql_int(f.path, sql);
    snprintf(sql, sizeof sql,
             "UPDATE history SET new_json = json_set(new_json, '$.name', '张绿') WHERE id = %lld;"
             "UPDATE member SET name = '张绿' WHERE uuid = '%s';",
             (long long)entry, f.ma_uuid);
    struct verify_result r;
    st = tamper(st, &f, sql, 0, &r);
    if (!st) return;
    CHECK_INT(r.nproblems, 1); /* the row agrees with the forged entry: only the chain tells */
    CHECK_INT(r.problems[0].kind, VERIFY_CHAIN);
    CHECK_INT(r.problems[0].entry_id, entry);
    CHECK_INT(r.problems[0].branch_id, f.a);
    char want[64];
    snprintf(want, sizeof want, "日志第 %lld 条（党员 新增，", (long long)entry);
    CHECK(strstr(r.problems[0].message, want) != NULL);
    CHECK(strstr(r.problems[0].message, "与哈希链不符") != NULL);
    /* the other branch is untouched */
    CHECK_INT(store_journal_verify(st, f.b, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    CHECK_INT(store_journal_verify(st, f.a, &r), STORE_OK);
    CHECK_INT(r.nproblems, 1);
    CHECK_INT(store_journal_status(st, f.a, NULL), 1);
    CHECK_INT(store_journal_status(st, f.b, NULL), 0);
    char at[24];
    CHECK_INT(store_journal_status(st, 0, at), 0);
    CHECK(strlen(at) >= 19);
    store_close(st);

    /* changed_by rewritten: caught the same way */
    struct fixture g;
    st = setup(&g, "rewrite2.db");
    if (!st) return;
    CHECK_INT(store_journal_status(st, g.a, NULL), -1);
    snprintf(sql, sizeof sql, "SELECT id FROM history WHERE row_uuid = '%s'", g.pb_uuid);
    entry = test_sql_int(g.path, sql);
    snprintf(sql, sizeof sql, "UPDATE history SET changed_by = '别人' WHERE id = %lld",
             (long long)entry);
    st = tamper(st, &g, sql, 0, &r);
    if (!st) return;
    CHECK_INT(r.nproblems, 1);
    CHECK_INT(r.problems[0].kind, VERIFY_CHAIN);
    CHECK_INT(r.problems[0].entry_id, entry);
    CHECK_INT(r.problems[0].branch_id, g.b);
    CHECK_INT(store_journal_status(st, g.b, NULL), 1);
    CHECK_INT(store_journal_status(st, g.a, NULL), 0);
    store_close(st);
    free(f.path);
    free(g.path);
}

/* changed_at is part of the hash: an entry moved in time is found like any other rewrite */
TEST(journal_verify_changed_at_rewritten)
{
    struct fixture f;
    struct store *st = setup(&f, "when.db");
    if (!st) return;
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT id FROM history WHERE row_uuid = '%s'", f.mb_uuid);
    int64_t entry = test_sql_int(f.path, sql);
    snprintf(sql, sizeof sql,
             "UPDATE history SET changed_at = '2020-01-01T00:00:00Z' WHERE id = %lld",
             (long long)entry);
    struct verify_result r;
    st = tamper(st, &f, sql, 0, &r);
    if (!st) return;
    CHECK_INT(r.nproblems, 1);
    CHECK_INT(r.problems[0].kind, VERIFY_CHAIN);
    CHECK_INT(r.problems[0].entry_id, entry);
    CHECK_INT(r.problems[0].branch_id, f.b);
    CHECK(strstr(r.problems[0].message, "与哈希链不符：日志被改动") != NULL);
    store_close(st);
    free(f.path);
}

/* 时间倒退: an entry earlier than the one before it in its chain is a warning, with both
 * entries; the ledger is still complete. Entries of another chain in between do not count. */
TEST(journal_verify_clock_back_warning)
{
    char *path = test_db_path("clock.db");
    struct store *st = open_db(path);
    if (!st) return;
    setenv("ZHIBU_NOW", "2026-11-21T10:00:00Z", 1);
    int64_t a = fx_branch(st, "JA", "JA党支部", 0);
    int64_t b = fx_branch(st, "JB", "JB党支部", 0);
    mk_member(st, a, "张红", NULL);
    setenv("ZHIBU_NOW", "2026-11-21T11:00:00Z", 1);
    mk_member(st, b, "李兰", NULL);
    struct verify_result r;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    CHECK_INT(r.nwarnings, 0); /* an ordinary ledger */
    /* the clock set back: 10:30 is after A's last entry (10:00), so A is fine although B wrote
     * at 11:00 in between; 09:00 runs back in B's chain */
    setenv("ZHIBU_NOW", "2026-11-21T10:30:00Z", 1);
    char uuid[UUID_STR_LEN];
    mk_member(st, a, "王芳", uuid);
    setenv("ZHIBU_NOW", "2026-11-21T09:00:00Z", 1);
    mk_member(st, b, "赵敏", NULL);
    unsetenv("ZHIBU_NOW");
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    CHECK_INT(r.nwarnings, 1);
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT id FROM history WHERE row_uuid = '%s'", uuid);
    store_close(st);
    int64_t ok_entry = test_sql_int(path, sql);
    CHECK(ok_entry > 0);
    long long zhao = test_sql_int(path, "SELECT h.id FROM history h JOIN member m ON"
                                        " m.uuid = h.row_uuid WHERE m.name = '赵敏'");
    long long li = test_sql_int(path, "SELECT h.id FROM history h JOIN member m ON"
                                      " m.uuid = h.row_uuid WHERE m.name = '李兰'");
    st = open_db(path);
    if (!st) return;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nwarnings, 1);
    CHECK_INT(r.warnings[0].kind, VERIFY_CLOCK_BACK);
    CHECK_INT(r.warnings[0].entry_id, zhao);
    CHECK_INT(r.warnings[0].branch_id, b);
    CHECK_STR(r.warnings[0].table_name, "member");
    char want[200];
    snprintf(want, sizeof want,
             "时间倒退：日志第 %lld 条（党员 新增）记于 2026-11-21 09:00:00，早于同一链上前一条"
             "（第 %lld 条）的 2026-11-21 11:00:00",
             zhao, li);
    CHECK_STR(r.warnings[0].message, want);
    CHECK_INT(store_journal_status(st, b, NULL), 0); /* a warning does not make it bad */
    CHECK_INT(store_journal_verify(st, a, &r), STORE_OK);
    CHECK_INT(r.nwarnings, 0);
    CHECK_INT(store_journal_verify(st, b, &r), STORE_OK);
    CHECK_INT(r.nwarnings, 1);
    store_close(st);
    free(path);
}

TEST(journal_verify_deleted_entry)
{
    struct fixture f;
    struct store *st = setup(&f, "delete.db");
    if (!st) return;
    /* A's chain: branch insert, 张红, 王芳. Remove 张红's entry (the middle one). */
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT id FROM history WHERE row_uuid = '%s'", f.ma_uuid);
    int64_t gone = test_sql_int(f.path, sql);
    snprintf(sql, sizeof sql,
             "SELECT min(id) FROM history WHERE branch_id = %lld AND id > %lld",
             (long long)f.a, (long long)gone);
    int64_t next = test_sql_int(f.path, sql);
    CHECK(next > gone + 1); /* B's entries lie in between */
    snprintf(sql, sizeof sql, "DELETE FROM history WHERE id = %lld", (long long)gone);
    struct verify_result r;
    st = tamper(st, &f, sql, 0, &r);
    if (!st) return;
    CHECK_INT(count_kind(&r, VERIFY_CHAIN), 1);
    CHECK_INT(r.problems[0].kind, VERIFY_CHAIN);
    CHECK_INT(r.problems[0].entry_id, next);
    CHECK(strstr(r.problems[0].message, "删除") != NULL);
    /* and 张红 is now a row the journal never saw */
    CHECK_INT(count_kind(&r, VERIFY_ROW_UNJOURNALED), 1);
    CHECK_INT(r.nproblems, 2);
    store_close(st);
    free(f.path);
}

TEST(journal_verify_rows)
{
    struct fixture f;
    struct store *st = setup(&f, "rows.db");
    if (!st) return;
    struct verify_result r;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);

    /* a row changed */
    char sql[400];
    snprintf(sql, sizeof sql, "UPDATE member SET phone = '13800000000' WHERE id = %lld",
             (long long)f.ma2);
    st = tamper(st, &f, sql, 0, &r);
    if (!st) return;
    CHECK_INT(r.nproblems, 1);
    CHECK_INT(r.problems[0].kind, VERIFY_ROW_CHANGED);
    CHECK_STR(r.problems[0].table_name, "member");
    CHECK_INT(r.problems[0].branch_id, f.a);
    CHECK(strstr(r.problems[0].message, "党员 ") == r.problems[0].message);
    CHECK(strstr(r.problems[0].message, "与日志不符") != NULL);
    /* only branch A's check sees it */
    CHECK_INT(store_journal_verify(st, f.b, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    CHECK_INT(r.rows, 3); /* B itself, its member and its payment */
    store_close(st);
    test_sql(f.path, "UPDATE member SET phone = '' WHERE phone = '13800000000'");
    st = open_db(f.path);
    if (!st) return;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);

    /* an allocation removed changes its payment */
    snprintf(sql, sizeof sql, "DELETE FROM dues_allocation WHERE payment_id = %lld AND amount = 300"
             " AND month = (SELECT max(month) FROM dues_allocation WHERE payment_id = %lld)",
             (long long)f.pb, (long long)f.pb);
    st = tamper(st, &f, sql, 0, &r);
    if (!st) return;
    CHECK_INT(r.nproblems, 1);
    CHECK_INT(r.problems[0].kind, VERIFY_ROW_CHANGED);
    CHECK_STR(r.problems[0].table_name, "dues_payment");
    CHECK_STR(r.problems[0].row_uuid, f.pb_uuid);
    CHECK(strstr(r.problems[0].message, "交费记录") != NULL);

    /* the payment removed altogether */
    snprintf(sql, sizeof sql,
             "DELETE FROM dues_allocation WHERE payment_id = %lld;"
             "DELETE FROM dues_payment WHERE id = %lld;",
             (long long)f.pb, (long long)f.pb);
    st = tamper(st, &f, sql, 0, &r);
    if (!st) return;
    CHECK_INT(r.nproblems, 1);
    CHECK_INT(r.problems[0].kind, VERIFY_ROW_MISSING);
    CHECK_STR(r.problems[0].row_uuid, f.pb_uuid);
    CHECK_INT(r.problems[0].branch_id, f.b);
    CHECK(r.problems[0].entry_id > 0);
    CHECK(strstr(r.problems[0].message, "已被删除") != NULL);
    CHECK_INT(store_journal_verify(st, f.a, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    CHECK_INT(store_journal_verify(st, f.b, &r), STORE_OK);
    CHECK_INT(r.nproblems, 1);

    /* a row written behind the store's back */
    snprintf(sql, sizeof sql,
             "INSERT INTO party_group(uuid, branch_id, name, created_at, created_by, updated_at)"
             " VALUES ('0badc0de-0000-4000-8000-000000000000', %lld, '影子小组', 'x', 'x', 'x')",
             (long long)f.a);
    st = tamper(st, &f, sql, f.a, &r);
    if (!st) return;
    CHECK_INT(r.nproblems, 1);
    CHECK_INT(r.problems[0].kind, VERIFY_ROW_UNJOURNALED);
    CHECK_STR(r.problems[0].table_name, "party_group");
    CHECK(strstr(r.problems[0].message, "党小组 0badc0de") == r.problems[0].message);
    /* a per-branch run leaves the remembered status (of the last whole run) alone */
    CHECK_INT(store_journal_status(st, f.a, NULL), 0);
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 2);
    CHECK_INT(count_kind(&r, VERIFY_ROW_MISSING), 1);
    CHECK_INT(count_kind(&r, VERIFY_ROW_UNJOURNALED), 1);
    CHECK_INT(store_journal_status(st, f.a, NULL), 1);
    CHECK_INT(store_journal_status(st, f.b, NULL), 1);
    store_close(st);
    free(f.path);
}

TEST(journal_verify_unsealed_entry)
{
    struct fixture f;
    struct store *st = setup(&f, "forged.db");
    if (!st) return;
    struct verify_result r;
    st = tamper(st, &f,
                "INSERT INTO history(uuid, table_name, row_uuid, action, changed_at, changed_by)"
                " VALUES ('f0f0f0f0-0000-4000-8000-000000000000', 'member', 'x', 'update',"
                " '2026-01-01T00:00:00Z', '某人')",
                0, &r);
    if (!st) return;
    CHECK_INT(r.nproblems, 1);
    CHECK_INT(r.problems[0].kind, VERIFY_CHAIN);
    CHECK(strstr(r.problems[0].message, "未经封存") != NULL);
    store_close(st);
    free(f.path);
}

/* ---- the upgrade ----------------------------------------------------------------------- */

TEST(journal_baseline_after_upgrade_from_v5)
{
    struct fixture f;
    struct store *st = setup(&f, "v5.db");
    if (!st) return;
    store_close(st);
    const char *p = f.path;
    long long before = test_sql_int(p, "SELECT count(*) FROM history");
    /* a version-5 ledger: one row changed without history, one row never journaled */
    char sql[8192];
    snprintf(sql, sizeof sql,
             DOWNGRADE_V6_SQL
             " UPDATE member SET note = '旧版本直接改的' WHERE id = %lld;"
             " INSERT INTO party_group(uuid, branch_id, name, created_at, created_by, updated_at)"
             " VALUES ('0badc0de-0000-4000-8000-000000000001', %lld, '老小组', 'x', 'x', 'x');"
             " PRAGMA user_version = 5;",
             (long long)f.ma, (long long)f.b);
    test_sql(p, sql);
    CHECK_INT(test_sql_int(p, "PRAGMA user_version"), 5);

    st = open_db(p);
    if (!st) return;
    CHECK_INT(store_schema_version(st), STORE_SCHEMA_VERSION);
    /* the two rows, and the office key the upgrade made (in place of the one undone above) */
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history"), before + 2);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history WHERE action = 'baseline'"), 3);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history WHERE action = 'baseline'"
                         " AND table_name = 'office_key'"), 1);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM history WHERE action = 'baseline' AND row_uuid = '%s'"
             " AND json_extract(new_json, '$.note') = '旧版本直接改的'"
             " AND json_extract(old_json, '$.note') = '' AND branch_id = %lld",
             f.ma_uuid, (long long)f.a);
    CHECK_INT(test_sql_int(p, sql), 1);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history WHERE action = 'baseline' AND"
                         " old_json IS NULL AND row_uuid = '0badc0de-0000-4000-8000-000000000001'"),
              1);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history WHERE hash IS NULL"), 0);
    struct verify_result r;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    CHECK_INT(r.entries, before + 2);
    /* reopening adds nothing more */
    store_close(st);
    st = open_db(p);
    if (!st) return;
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history"), before + 2);
    /* and writing goes on in the same chains */
    mk_member(st, f.a, "赵敏", NULL);
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    store_close(st);
    free(f.path);
}

/* Users belong to no branch: chain 0, even a secretary's account (whose JSON names a branch). */
TEST(journal_users_in_chain_zero)
{
    struct fixture f;
    struct store *st = setup(&f, "users.db");
    if (!st) return;
    struct user u = {0};
    snprintf(u.login, sizeof u.login, "shuji");
    snprintf(u.display_name, sizeof u.display_name, "王书记");
    u.role = STORE_ROLE_SECRETARY;
    u.branch_id = f.b;
    if (store_user_add(st, &u, "abcd1234") != STORE_OK) {
        test_fail(__FILE__, __LINE__, "user_add: %s", store_errmsg(st));
        store_close(st);
        return;
    }
    char sql[400];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM history WHERE table_name = 'app_user' AND row_uuid = '%s'"
             " AND branch_id = 0 AND prev_hash = (SELECT hash FROM history"
             " WHERE table_name = 'office_key') AND length(hash) = 64", u.uuid);
    CHECK_INT(test_sql_int(f.path, sql), 1);
    struct verify_result r;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    CHECK_INT(r.rows, 2 + 3 + 1 + 1 + 1);
    /* a branch's check does not count the user */
    CHECK_INT(store_journal_verify(st, f.b, &r), STORE_OK);
    CHECK_INT(r.rows, 3);
    store_close(st);
    test_sql(f.path, "UPDATE app_user SET role = 'admin', branch_id = NULL");
    st = open_db(f.path);
    if (!st) return;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 1);
    CHECK_INT(r.problems[0].kind, VERIFY_ROW_CHANGED);
    CHECK_INT(r.problems[0].branch_id, 0);
    CHECK(strstr(r.problems[0].message, "用户 ") == r.problems[0].message);
    CHECK_INT(store_journal_status(st, 0, NULL), 1);
    CHECK_INT(store_journal_status(st, f.b, NULL), 0);
    store_close(st);
    free(f.path);
}
