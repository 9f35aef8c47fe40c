/* auth.c — the rules of accounts (see auth.h): login names, passwords, lockout arithmetic.
 * Pure: no I/O and no clock; timestamps are "YYYY-MM-DDTHH:MM:SSZ" (UTC) given by the caller.
 *
 * A malformed timestamp never unlocks an account: auth_is_locked treats a locked_until it
 * cannot read (or a "now" it cannot read while locked_until is set) as locked, so a damaged
 * row fails closed; an administrator's new password (store_user_passwd) clears it. */
#include "zhibu/auth.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "zhibu/date.h"

static void set_msg(char *msg, size_t msgsz, const char *text)
{
    if (msg && msgsz) snprintf(msg, msgsz, "%s", text);
}

static bool ascii_letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool ascii_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

int auth_check_login(const char *login, char *msg, size_t msgsz)
{
    if (!login || !*login) {
        set_msg(msg, msgsz, "用户名不能为空");
        return -1;
    }
    /* What is wrong with the characters is said first: a Chinese or spaced login is refused
     * for what it is, whatever its length. */
    bool space = false, other = false;
    size_t len = 0;
    for (const unsigned char *p = (const unsigned char *)login; *p; p++, len++) {
        if (*p >= 0x80) {
            set_msg(msg, msgsz,
                    "用户名不能用中文：请用英文字母、数字和 _ . -（中文姓名请填在“显示名”里）");
            return -1;
        }
        if (*p == ' ' || *p == '\t')
            space = true;
        else if (!ascii_letter(*p) && !ascii_digit(*p) && *p != '_' && *p != '.' && *p != '-')
            other = true;
    }
    if (space) {
        set_msg(msg, msgsz, "用户名不能包含空格（中文姓名请填在“显示名”里）");
        return -1;
    }
    if (other) {
        set_msg(msg, msgsz, "用户名只能包含英文字母、数字和 _ . -");
        return -1;
    }
    if (!ascii_letter((unsigned char)login[0])) {
        set_msg(msg, msgsz, "用户名必须以英文字母开头");
        return -1;
    }
    if (len < AUTH_LOGIN_MIN) {
        char m[128];
        snprintf(m, sizeof m, "用户名太短：至少 %d 个字符", AUTH_LOGIN_MIN);
        set_msg(msg, msgsz, m);
        return -1;
    }
    if (len > AUTH_LOGIN_MAX) {
        char m[128];
        snprintf(m, sizeof m, "用户名太长：最多 %d 个字符", AUTH_LOGIN_MAX);
        set_msg(msg, msgsz, m);
        return -1;
    }
    return 0;
}

int auth_check_password(const char *password, char *msg, size_t msgsz)
{
    if (!password || !*password) {
        set_msg(msg, msgsz, "密码不能为空");
        return -1;
    }
    /* bounded scan: a very long input is not walked to its end */
    size_t len = strnlen(password, AUTH_PASSWORD_MAX + 1);
    char m[160];
    if (len < AUTH_PASSWORD_MIN) {
        snprintf(m, sizeof m, "密码太短：至少 %d 个字节（字母、数字各算 1 个，汉字算 3 个）",
                 AUTH_PASSWORD_MIN);
        set_msg(msg, msgsz, m);
        return -1;
    }
    if (len > AUTH_PASSWORD_MAX) {
        snprintf(m, sizeof m, "密码太长：最多 %d 个字节（不会截断，请换一个短些的密码）",
                 AUTH_PASSWORD_MAX);
        set_msg(msg, msgsz, m);
        return -1;
    }
    return 0;
}

/* "YYYY-MM-DDTHH:MM:SSZ" to seconds since 1970-01-01T00:00:00Z; false when
 * the text is not exactly such a timestamp of a real day and time. */
static bool parse_ts(const char *s, int64_t *out)
{
    if (!s || strlen(s) != 20) return false;
    static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
    for (int i = 0; i < 20; i++) {
        if (shape[i] == 'd') {
            if (!ascii_digit((unsigned char)s[i])) return false;
        } else if (s[i] != shape[i]) {
            return false;
        }
    }
    char date[11];
    memcpy(date, s, 10);
    date[10] = '\0';
    struct zdate d;
    if (!date_parse(date, &d)) return false;
    int h = (s[11] - '0') * 10 + (s[12] - '0');
    int mi = (s[14] - '0') * 10 + (s[15] - '0');
    int sec = (s[17] - '0') * 10 + (s[18] - '0');
    if (h > 23 || mi > 59 || sec > 59) return false;
    *out = (int64_t)date_to_days(d) * 86400 + h * 3600 + mi * 60 + sec;
    return true;
}

static int format_ts(int64_t t, char out[24])
{
    long days = (long)(t >= 0 ? t / 86400 : -((-t + 86399) / 86400));
    int64_t rest = t - (int64_t)days * 86400;
    struct zdate d = date_from_days(days);
    if (!date_valid(d) || d.y < 1 || d.y > 9999) return -1;
    unsigned r = (unsigned)rest;
    snprintf(out, 24, "%04u-%02u-%02uT%02u:%02u:%02uZ", (unsigned)d.y % 10000u,
             (unsigned)d.m % 100u, (unsigned)d.d % 100u, (r / 3600u) % 100u, (r / 60u) % 60u,
             r % 60u);
    return 0;
}

int auth_add_minutes(const char *now, int minutes, char out[24])
{
    out[0] = '\0';
    int64_t t;
    if (!parse_ts(now, &t)) return -1;
    char tmp[24];
    if (format_ts(t + (int64_t)minutes * 60, tmp) != 0) return -1;
    memcpy(out, tmp, sizeof tmp);
    return 0;
}

bool auth_is_locked(const char *locked_until, const char *now)
{
    if (!locked_until || !*locked_until) return false;
    int64_t until, t;
    if (!parse_ts(locked_until, &until) || !parse_ts(now, &t)) return true; /* fail closed */
    return until > t;
}

int auth_after_failure(const struct auth_policy *p, int failed, const char *now, char out[24])
{
    out[0] = '\0';
    int count = (failed > 0 ? failed : 0) + 1;
    if (!p || p->attempts <= 0 || count < p->attempts) return count;
    if (auth_add_minutes(now, p->minutes > 0 ? p->minutes : 0, out) != 0) return -1;
    return 0;
}
