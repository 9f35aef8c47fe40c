/* Unit tests of src/core/auth.c: login names, passwords, lockout arithmetic. */
#include <stdio.h>
#include <string.h>

#include "test.h"
#include "zhibu/auth.h"

static int login_ok(const char *login, char *msg)
{
    msg[0] = '\0';
    return auth_check_login(login, msg, 256);
}

TEST(auth_login_accepts)
{
    char msg[256];
    CHECK_INT(login_ok("ab", msg), 0);
    CHECK_INT(login_ok("admin", msg), 0);
    CHECK_INT(login_ok("Wang.Jian-1_x", msg), 0);
    CHECK_INT(login_ok("a1234567890123456789012345678901", msg), 0); /* exactly 32 */
    CHECK_STR(msg, "");
}

TEST(auth_login_refuses)
{
    char msg[256];
    CHECK_INT(login_ok(NULL, msg), -1);
    CHECK_STR(msg, "用户名不能为空");
    CHECK_INT(login_ok("", msg), -1);
    CHECK_STR(msg, "用户名不能为空");
    CHECK_INT(login_ok("a", msg), -1);
    CHECK(strstr(msg, "太短") != NULL);
    CHECK_INT(login_ok("a12345678901234567890123456789012", msg), -1); /* 33 */
    CHECK(strstr(msg, "太长") != NULL);
    CHECK(strstr(msg, "32") != NULL);
    CHECK_INT(login_ok("王建国", msg), -1);
    CHECK(strstr(msg, "中文") != NULL);
    CHECK(strstr(msg, "显示名") != NULL);
    /* one Chinese character: refused for being Chinese, not for being short */
    CHECK_INT(login_ok("王", msg), -1);
    CHECK(strstr(msg, "中文") != NULL);
    CHECK_INT(login_ok("wang建国", msg), -1);
    CHECK(strstr(msg, "中文") != NULL);
    CHECK_INT(login_ok("wang jian", msg), -1);
    CHECK(strstr(msg, "空格") != NULL);
    CHECK_INT(login_ok(" admin", msg), -1);
    CHECK(strstr(msg, "空格") != NULL);
    CHECK_INT(login_ok("admin ", msg), -1);
    CHECK(strstr(msg, "空格") != NULL);
    CHECK_INT(login_ok("1admin", msg), -1);
    CHECK(strstr(msg, "字母开头") != NULL);
    CHECK_INT(login_ok("_admin", msg), -1);
    CHECK(strstr(msg, "字母开头") != NULL);
    CHECK_INT(login_ok("ad@min", msg), -1);
    CHECK(strstr(msg, "只能包含") != NULL);
    CHECK_INT(login_ok("ad;min", msg), -1);
    CHECK_INT(login_ok("ad\nmin", msg), -1);
    /* a NULL or tiny message buffer is fine */
    CHECK_INT(auth_check_login("", NULL, 0), -1);
    char tiny[4];
    CHECK_INT(auth_check_login("", tiny, sizeof tiny), -1);
    CHECK_INT((int)strlen(tiny), 3);
}

TEST(auth_password_limits)
{
    char msg[256], pw[1001];
    CHECK_INT(auth_check_password(NULL, msg, sizeof msg), -1);
    CHECK_STR(msg, "密码不能为空");
    CHECK_INT(auth_check_password("", msg, sizeof msg), -1);
    CHECK_STR(msg, "密码不能为空");
    CHECK_INT(auth_check_password("12345", msg, sizeof msg), -1);
    CHECK(strstr(msg, "太短") != NULL);
    msg[0] = '\0';
    CHECK_INT(auth_check_password("123456", msg, sizeof msg), 0);
    CHECK_STR(msg, "");
    CHECK_INT(auth_check_password("      ", msg, sizeof msg), 0);   /* spaces are text too */
    CHECK_INT(auth_check_password("密码", msg, sizeof msg), 0);     /* 6 bytes */
    CHECK_INT(auth_check_password("密", msg, sizeof msg), -1);      /* 3 bytes */
    memset(pw, 'x', 128);
    pw[128] = '\0';
    CHECK_INT(auth_check_password(pw, msg, sizeof msg), 0);
    memset(pw, 'x', 129);
    pw[129] = '\0';
    CHECK_INT(auth_check_password(pw, msg, sizeof msg), -1);
    CHECK(strstr(msg, "太长") != NULL);
    CHECK(strstr(msg, "不会截断") != NULL);
    memset(pw, 'x', 1000);
    pw[1000] = '\0';
    CHECK_INT(auth_check_password(pw, msg, sizeof msg), -1);
    CHECK(strstr(msg, "128") != NULL);
}

TEST(auth_add_minutes)
{
    char out[24];
    CHECK_INT(auth_add_minutes("2026-11-21T10:00:00Z", 5, out), 0);
    CHECK_STR(out, "2026-11-21T10:05:00Z");
    CHECK_INT(auth_add_minutes("2026-12-31T23:58:30Z", 5, out), 0);
    CHECK_STR(out, "2027-01-01T00:03:30Z");
    CHECK_INT(auth_add_minutes("2028-02-28T23:59:59Z", 1, out), 0);
    CHECK_STR(out, "2028-02-29T00:00:59Z");
    CHECK_INT(auth_add_minutes("2026-03-01T00:00:00Z", -1, out), 0);
    CHECK_STR(out, "2026-02-28T23:59:00Z");
    CHECK_INT(auth_add_minutes("2026-11-21T10:00:00Z", 1440, out), 0);
    CHECK_STR(out, "2026-11-22T10:00:00Z");
    static const char *const bad[] = {
        "", "2026-11-21", "2026-11-21T10:00:00", "2026-11-21 10:00:00Z", "2026-02-30T10:00:00Z",
        "2026-11-21T24:00:00Z", "2026-11-21T10:60:00Z", "2026-11-21T10:00:60Z",
        "2026-11-21T10:00:00Z ", "2026-11-2xT10:00:00Z", "+026-11-21T10:00:00Z",
        "2026-11-21T10:00:00+08:00",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        strcpy(out, "junk");
        CHECK_INT(auth_add_minutes(bad[i], 5, out), -1);
        CHECK_STR(out, "");
    }
    CHECK_INT(auth_add_minutes(NULL, 5, out), -1);
}

TEST(auth_is_locked)
{
    CHECK(!auth_is_locked("", "2026-11-21T10:00:00Z"));
    CHECK(!auth_is_locked(NULL, "2026-11-21T10:00:00Z"));
    CHECK(auth_is_locked("2026-11-21T10:05:00Z", "2026-11-21T10:00:00Z"));
    CHECK(auth_is_locked("2026-11-21T10:05:00Z", "2026-11-21T10:04:59Z"));
    /* expires at the second it names: one second after, free */
    CHECK(!auth_is_locked("2026-11-21T10:05:00Z", "2026-11-21T10:05:00Z"));
    CHECK(!auth_is_locked("2026-11-21T10:05:00Z", "2026-11-21T10:05:01Z"));
    CHECK(!auth_is_locked("2026-11-21T10:05:00Z", "2027-01-01T00:00:00Z"));
    /* across a day boundary */
    CHECK(auth_is_locked("2026-11-22T00:02:00Z", "2026-11-21T23:59:00Z"));
    /* malformed: fail closed */
    CHECK(auth_is_locked("garbage", "2026-11-21T10:00:00Z"));
    CHECK(auth_is_locked("2026-11-21T10:05:00Z", "not a time"));
    CHECK(auth_is_locked("2026-11-21T10:05:00Z", NULL));
}

TEST(auth_after_failure)
{
    struct auth_policy p = {.attempts = 5, .minutes = 5};
    char out[24];
    const char *now = "2026-11-21T10:00:00Z";
    CHECK_INT(auth_after_failure(&p, 0, now, out), 1);
    CHECK_STR(out, "");
    CHECK_INT(auth_after_failure(&p, 3, now, out), 4);
    CHECK_STR(out, "");
    /* the 5th wrong password locks and the count starts again */
    CHECK_INT(auth_after_failure(&p, 4, now, out), 0);
    CHECK_STR(out, "2026-11-21T10:05:00Z");
    CHECK(auth_is_locked(out, "2026-11-21T10:04:59Z"));
    CHECK(!auth_is_locked(out, "2026-11-21T10:05:01Z"));
    /* a count above the policy (policy lowered since) locks too */
    CHECK_INT(auth_after_failure(&p, 9, now, out), 0);
    CHECK_STR(out, "2026-11-21T10:05:00Z");
    /* negative count from a damaged row is taken as 0 */
    CHECK_INT(auth_after_failure(&p, -3, now, out), 1);
    struct auth_policy one = {.attempts = 1, .minutes = 30};
    CHECK_INT(auth_after_failure(&one, 0, now, out), 0);
    CHECK_STR(out, "2026-11-21T10:30:00Z");
    /* the lock needs a readable now */
    CHECK_INT(auth_after_failure(&p, 4, "2026-13-01T00:00:00Z", out), -1);
    CHECK_STR(out, "");
    /* below the count a bad now does not matter */
    CHECK_INT(auth_after_failure(&p, 1, "bad", out), 2);
    /* no policy: counted, never locked */
    CHECK_INT(auth_after_failure(NULL, 7, now, out), 8);
    CHECK_STR(out, "");
}
