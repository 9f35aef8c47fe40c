/* auth.h — the rules of accounts (src/core/auth.c): what a login name and a password may be,
 * and when a run of wrong passwords locks an account. Pure functions: no I/O, no clock (the
 * caller passes "now" as a UTC timestamp "YYYY-MM-DDTHH:MM:SSZ"). */
#ifndef ZHIBU_AUTH_H
#define ZHIBU_AUTH_H

#include <stdbool.h>
#include <stddef.h>

/* Login names: 2–32 characters, ASCII letters, digits, '_', '.', '-', starting with a letter.
 * Spaces and Chinese are refused (the display name carries the person's Chinese name), because
 * a login is typed on any keyboard, in any input method state, and appears in scripts. */
#define AUTH_LOGIN_MIN 2
#define AUTH_LOGIN_MAX 32
/* Passwords: 6–128 bytes of any text (Chinese allowed); longer ones are refused, not cut. */
#define AUTH_PASSWORD_MIN 6
#define AUTH_PASSWORD_MAX 128

/* The password of the accounts `zhibu demo` makes (shown on a demo database's login screen). */
#define DEMO_PASSWORD "demo1234"

/* 0 when acceptable, else -1 with a Chinese sentence in msg ("用户名不能为空", ...). */
int auth_check_login(const char *login, char *msg, size_t msgsz);
int auth_check_password(const char *password, char *msg, size_t msgsz);

/* Lockout. failed = consecutive wrong passwords so far, locked_until = "" or a timestamp. */
struct auth_policy {
    int attempts;  /* wrong passwords that lock (config accounts.lockout_attempts) */
    int minutes;   /* how long (config accounts.lockout_minutes) */
};
/* Whether the account is locked at now (locked_until later than now). */
bool auth_is_locked(const char *locked_until, const char *now);
/* After one more wrong password: the new failed count, and locked_until (out[24]) set to now +
 * minutes when the count reaches attempts (the count then starts again at 0), else "". */
int auth_after_failure(const struct auth_policy *p, int failed, const char *now, char out[24]);
/* Timestamp arithmetic: now + minutes into out[24]; -1 when now is not a timestamp. */
int auth_add_minutes(const char *now, int minutes, char out[24]);

#endif
