/* store_auth.h — who is writing, and what they may write; the months a verdict has locked; the
 * journal that proves the ledger was not rewritten behind zhibu's back.
 *
 * Every handle has a session. store_open gives the handle the role STORE_ROLE_SYSTEM (the
 * command-line tools: demo, init, migrations, list/audit/report); the interface calls
 * store_login, after which the handle is that user's for good (a handle never goes back to
 * system or to another user). Every write function of the store checks the session
 * (src/store/auth_db.c, st_require) and refuses with STORE_ERR_DENIED and a Chinese sentence:
 *   secretary (支部书记/组织委员): the ledger of their own branch — members, groups, meetings,
 *       plans, dues, posts, the branch's own information, the monthly hand-in, the "done" note
 *       of a rectification order. Nothing of another branch; no verdicts.
 *   reviewer (审查员): verdicts and rectification decisions (order, confirm, send back) for the
 *       branches in scope (branch_id 0 = every branch; else that branch and those under it).
 *   admin (管理员): users, branches (add, edit), settings. Not the ledger, not verdicts.
 *   inspector (指导站督查员, a district's database): reads the townships of their station and
 *       their branches; writes district verdicts and spot checks there (STORE_PERM_DISTRICT).
 *   system: everything (no login: command-line tools run by whoever owns the file). */
#ifndef ZHIBU_STORE_AUTH_H
#define ZHIBU_STORE_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zhibu/auth.h"
#include "zhibu/date.h"
#include "zhibu/model.h"
#include "zhibu/store.h"

enum store_role {
    STORE_ROLE_SYSTEM = 0,
    STORE_ROLE_SECRETARY,
    STORE_ROLE_REVIEWER,
    STORE_ROLE_ADMIN,
    STORE_ROLE_INSPECTOR,     /* 指导站督查员: a district's guidance station (issue 18) */
};
/* "secretary" / "reviewer" / "admin" / "inspector" (the app_user.role codes), "system" */
const char *store_role_code(enum store_role r);
/* 支部书记 / 审查员 / 管理员 / 指导站督查员 / 系统 */
const char *store_role_label(enum store_role r);
/* The role of a code; -1 when unknown. */
int store_role_parse(const char *code);

struct store_session {
    enum store_role role;
    int64_t user_id;          /* 0 for system */
    int64_t branch_id;        /* secretary: their branch; reviewer: scope (0 = all) */
    int64_t station_id;       /* inspector: their guidance station (a district's database) */
    char station_name[TEXT_SHORT];
    char login[AUTH_LOGIN_MAX + 1];
    char display_name[64];
};
const struct store_session *store_session(const struct store *st);
/* Whether the session may write the ledger of branch_id / give verdicts on it / administer. */
bool store_may_edit(const struct store *st, int64_t branch_id);
bool store_may_review(const struct store *st, int64_t branch_id);
bool store_may_admin(const struct store *st);

/* What an action of the interface needs (struct ui_action.perm, screen.h): the key bar, F1 and
 * the key handling ask store_may, so a user is shown only what the store would let them do.
 * STORE_PERM_UNSET (0) is no rule at all: store_may refuses it, and a unit test makes sure
 * every action names one. */
enum store_perm {
    STORE_PERM_UNSET = 0,
    STORE_PERM_ANY,          /* every role: look, move, go back, open, export a ledger, import */
    STORE_PERM_EDIT,         /* write the ledger of the branch (store_may_edit) */
    STORE_PERM_REVIEW,       /* verdicts and rectification decisions on the branch (store_may_review) */
    STORE_PERM_ADMIN,        /* branches, users, settings (store_may_admin) */
    STORE_PERM_BRANCH_INFO,  /* the branch's own information: an admin, or its secretary
                                (store_branch_update); branch 0 (a new branch): an admin */
    STORE_PERM_ALL_BRANCHES, /* see every branch (switch the current one, the township's table):
                                everyone but a secretary, who keeps to their own branch */
    STORE_PERM_EXPORT_VERDICTS, /* export verdicts (store_may_export) */
    STORE_PERM_DISTRICT,     /* 复审 verdicts, findings sent back and spot checks (督查) on the
                                branch, at a district's database only: a reviewer of scope 0
                                (every branch), an inspector for the branches of their
                                station's townships, the system; not a secretary or an admin.
                                Branch 0: whether the session may re-review at all (an
                                inspector with a station: yes) */
};
/* Whether the session may do what perm names on branch_id. */
bool store_may(const struct store *st, enum store_perm perm, int64_t branch_id);
/* Why not, as the store's write functions would say it ("只有审查员能作出评审结论"), into out;
 * "" when store_may allows it. Returns out. */
const char *store_may_why(const struct store *st, enum store_perm perm, int64_t branch_id,
                          char *out, size_t outsz);

/* ---- users ---- */
struct user {
    int64_t id;
    char uuid[UUID_STR_LEN];
    char login[AUTH_LOGIN_MAX + 1];
    char display_name[64];
    enum store_role role;     /* secretary, reviewer, admin or inspector */
    int64_t branch_id;        /* secretary: required; reviewer: 0 or a township branch; admin,
                               * inspector: 0 */
    char branch_code[24];     /* filled on read, "" when none */
    int64_t station_id;       /* inspector: required (a district's database only); else 0 */
    char station_name[TEXT_SHORT];   /* filled on read, "" when none */
    bool disabled;
    int failed_logins;
    char locked_until[24];    /* "" when not locked */
    char created_at[24];
    char last_login[24];      /* UTC time of the last login, "" when never */
};
/* Add a user with a password (hashed with argon2id, crypto_pwhash_str; the clear text is never
 * stored). Refuses a bad login or password (auth_check_*), a taken login, a secretary without a
 * branch. Admin or system only. Sets u->id and u->uuid. */
int store_user_add(struct store *st, struct user *u, const char *password);
/* New password for login: admin/system for anyone, any user for themselves. Clears a lockout. */
int store_user_passwd(struct store *st, const char *login, const char *password);
/* Disable (or enable again) an account; the last enabled admin cannot be disabled, nor the
 * account the handle is logged in as (STORE_ERR_DENIED). Admin or system only. */
int store_user_set_disabled(struct store *st, const char *login, bool disabled);
/* Whether store_user_set_disabled(login, true) would be allowed now (STORE_OK; STORE_OK too for
 * an account already disabled), else its refusal (store_errmsg): asked before the question. */
int store_user_may_disable(struct store *st, const char *login);
/* A secretary's branch, or a reviewer's scope (0 = every branch); an administrator has none
 * (STORE_ERR_CONSTRAINT), a secretary must have one. Admin or system only; history "branch". */
int store_user_set_branch(struct store *st, const char *login, int64_t branch_id);
/* An inspector's station (required: "督查员须指定指导站"); others have none. Admin or system;
 * history "station". */
int store_user_set_station(struct store *st, const char *login, int64_t station_id);
int store_user_get(struct store *st, const char *login, struct user *out);
/* The name people know an account by: its display name ("王书记"), or the login itself when
 * there is none or no such account (a record from another office). Into out (outsz). */
void store_user_name(struct store *st, const char *login, char *out, size_t outsz);
/* Every user, ordered by login (store.h: lists). */
struct store_user_list {
    struct user *v;
    int n;
};
int store_user_list(struct store *st, struct store_user_list *out);
void store_user_list_free(struct store_user_list *l);

/* Check the password and, when right, make the handle that user's (see above). Wrong password:
 * STORE_ERR_AUTH "用户名或密码错误（还可尝试 N 次）" and the failure is counted; the policy's
 * attempts-th failure locks the account for policy minutes ("账号已锁定，请于 HH:MM 后再试",
 * local time of the unlock). A locked or disabled account (STORE_ERR_AUTH, "账号已停用") is
 * refused even with the right password. An unknown login gives the same message as a wrong
 * password. Each failure and each login is written to the journal (action "login_failed",
 * "locked", "login"). A handle already logged in refuses (STORE_ERR_DENIED). */
int store_login(struct store *st, const char *login, const char *password,
                const struct auth_policy *policy);

/* ---- reviewed months are locked ---- */
/* Whether branch_id's month has a verdict: 1 yes, 0 no, < 0 error (a month that is not
 * zmonth_valid: STORE_ERR_CONSTRAINT, "月份格式应为 YYYY-MM"). */
int store_month_locked(struct store *st, int64_t branch_id, struct zmonth month);
/* 申请修改: the reason for changing records of reviewed months. Until store_amend_end, writes
 * on this handle to records of a locked month are allowed, and each is recorded as 审后修改
 * (an amend row: branch, month, table, row, reason, who, when). Without a reason such a write
 * is refused with STORE_ERR_LOCKED "YYYY年M月已评审，修改需先申请修改（说明原因）". A reason must
 * be 2–500 characters after trimming (else STORE_ERR_CONSTRAINT). */
int store_amend_begin(struct store *st, const char *reason);
void store_amend_end(struct store *st);
struct amend {
    int64_t id;
    int64_t branch_id;
    char month[8];
    char table_name[32];
    char row_uuid[UUID_STR_LEN];
    char reason[2048];        /* up to 500 characters */
    char requested_at[24];
    char requested_by[64];
    int64_t history_after;    /* history entries of the row with id > this are the change */
};
/* 审后修改 of a branch and month (NULL = every month; not zmonth_valid: STORE_ERR_CONSTRAINT,
 * "月份格式应为 YYYY-MM"), newest first. */
struct store_amend_list {
    struct amend *v;
    int n;
};
int store_amend_list(struct store *st, int64_t branch_id, const struct zmonth *month,
                     struct store_amend_list *out);
void store_amend_list_free(struct store_amend_list *l);

/* ---- the journal ---- */
/* Every history row is an entry of a hash chain (one chain per branch, and chain 0 for
 * entries that belong to no branch: users, logins): hash = SHA-256 over the previous entry's
 * hash of the same chain and the entry's fields, computed when the outermost transaction
 * commits. store_journal_verify recomputes every chain (or one branch's) and checks that each
 * journaled row as it stands equals the newest new value the journal holds for it. */
enum verify_kind {
    VERIFY_CHAIN,             /* an entry's hash does not match (entry rewritten/removed) */
    VERIFY_ROW_CHANGED,       /* the row differs from the journal's newest value */
    VERIFY_ROW_MISSING,       /* the journal has the row, the table does not */
    VERIFY_ROW_UNJOURNALED,   /* the table has a row the journal never saw */
    VERIFY_HEAD_MISSING,      /* a head this office sent or received (journal_head) is gone
                               * from its chain or has another hash: the newest entries were
                               * removed (tail truncation) */
    VERIFY_CLOCK_BACK,        /* a warning, not a problem: an entry's changed_at is earlier
                               * than the entry before it in the same chain (时间倒退) */
};
struct verify_problem {
    enum verify_kind kind;
    int64_t entry_id;         /* history id (0 when none) */
    int64_t branch_id;        /* 0 when it belongs to no branch / unknown */
    char table_name[32];
    char row_uuid[UUID_STR_LEN];
    char message[256];        /* Chinese, e.g. "日志第 812 条被改动" */
};
struct verify_result {
    int64_t entries;          /* journal entries checked */
    int64_t rows;             /* rows checked */
    int nproblems;            /* all problems found (the first VERIFY_MAX_PROBLEMS are kept) */
    struct verify_problem problems[16];
    /* warnings (VERIFY_CLOCK_BACK): listed, but the ledger is still 完整 when nproblems is 0;
     * entry_id the entry that runs back, the message names the one before it */
    int nwarnings;            /* all warnings found (the first VERIFY_MAX_PROBLEMS are kept) */
    struct verify_problem warnings[16];
};
#define VERIFY_MAX_PROBLEMS 16
/* Verify every chain and row (branch_id 0) or one branch's. STORE_OK when the check ran (the
 * result says whether anything was found); < 0 when it could not run.
 * Besides the chains and rows: every journal head this office recorded (journal_head: sent with
 * its own ledger bundles, received in other offices' bundles, and the heads a verdicts bundle
 * says the township received) must still be in its chain with the same hash — the newest
 * entries removed together with their rows are found this way (VERIFY_HEAD_MISSING, naming the
 * missing entries); heads of ledger bundles imported before journal_head existed (bundle_log)
 * must be among the imported entries. Entries whose time runs earlier than the entry before
 * them in the same chain are warnings (VERIFY_CLOCK_BACK). */
int store_journal_verify(struct store *st, int64_t branch_id, struct verify_result *out);
/* The outcome of the last store_journal_verify over the whole database, kept per branch so the audit
 * screen can show it without running it again: 1 = a problem found in branch_id, 0 = clean,
 * -1 = never verified. verified_at (24 bytes, may be NULL) gets when. */
int store_journal_status(struct store *st, int64_t branch_id, char *verified_at);

/* ---- for tests only ----
 * Give the handle a session without a password (role, branch, login): lets the store's
 * permission tests act as each role. Refused (STORE_ERR_DENIED) once store_login succeeded. */
int store_test_set_session(struct store *st, enum store_role role, int64_t branch_id,
                           const char *login);
/* The same for an inspector of station_id. */
int store_test_set_inspector(struct store *st, int64_t station_id, const char *login);

#endif
