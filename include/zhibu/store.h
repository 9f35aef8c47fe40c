/* store.h — the database: opening, schema migrations, and every SQL statement.
 * src/store/ is the only code that includes sqlite3.h. All statements are prepared and bound.
 * Functions return STORE_OK (0) or a negative enum store_rc; store_errmsg() gives a Chinese
 * sentence for the last failure on that handle. */
#ifndef ZHIBU_STORE_H
#define ZHIBU_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zhibu/model.h"

#define STORE_SCHEMA_VERSION 14

enum store_rc {
    STORE_OK = 0,
    STORE_ERR = -1,            /* anything else; see store_errmsg */
    STORE_ERR_NOT_SQLITE = -2, /* 文件不是 zhibu 数据库 (不是 SQLite 文件) */
    STORE_ERR_TOO_NEW = -3,    /* 数据库由更新版本的 zhibu 创建 */
    STORE_ERR_CANT_OPEN = -4,  /* 无法打开或创建 (目录不存在、不可写 ...) */
    STORE_ERR_READONLY = -5,   /* 只读 */
    STORE_ERR_BACKUP = -6,     /* 迁移前备份失败 (数据库未改动) */
    STORE_ERR_NOT_FOUND = -7,
    STORE_ERR_CONSTRAINT = -8, /* 唯一性/外键约束 (如组织代码重复) */
    STORE_ERR_BUSY = -9,
    STORE_ERR_DENIED = -10,    /* the session's role may not do this (store_auth.h) */
    STORE_ERR_LOCKED = -11,    /* the month has a verdict: 申请修改 first (store_amend_begin) */
    STORE_ERR_AUTH = -12,      /* login refused: wrong password, locked, disabled */
    STORE_ERR_CHANGED = -13,   /* the row changed since it was read (another session saved it):
                                * nothing written; store_conflict() says who, when and what */
};

struct store;

/* How a database is open: for reading and writing, or for reading only because the file or
 * its directory cannot be written (a write-protected stick, a CD: STORE_READ_ONLY) or because
 * the disk is too full to even start the write-ahead log (STORE_DISK_FULL). Writes on a
 * read-only handle are refused before they start (STORE_ERR_READONLY, with the message
 * "只读文件：不能保存" or the full disk's "磁盘已满，未保存；已保存的内容没有丢失"). */
enum store_access { STORE_READ_WRITE, STORE_READ_ONLY, STORE_DISK_FULL };

/* How far the upgrade of an older database has come (store_options.progress): the store never
 * prints, it tells the caller, who shows it (cli_upgrade_progress). Called with BEGIN once, then
 * as the work goes on (often: the caller limits how often it shows it), then END once, also
 * when the upgrade failed (ok false; the open's error says why). */
enum store_upgrade_stage {
    STORE_UPGRADE_BEGIN,  /* the file is at version from and will be upgraded to to */
    STORE_UPGRADE_BACKUP, /* the copy before the upgrade: done of total bytes */
    STORE_UPGRADE_STEP,   /* making version step: what (Chinese, "" = the step's SQL), and done of
                           * total rows when total > 0 (else no total is known) */
    STORE_UPGRADE_SHRINK, /* the file given back its free space (VACUUM): done of total pages,
                           * an estimate (migrate.c still_working) */
    STORE_UPGRADE_END,
};
struct store_upgrade {
    enum store_upgrade_stage stage;
    const char *path;        /* the database */
    int from, to, step;
    const char *what;        /* "重建表 meeting_attendance"; "" when nothing to add */
    long long done, total;   /* total 0: unknown (show that it moves, not how far) */
    const char *backup;      /* END: the backup written before the upgrade, or "" */
    bool ok;                 /* END: the database is at version to */
};
typedef void (*store_upgrade_fn)(const struct store_upgrade *u, void *ctx);

struct store_options {
    bool create;             /* create the file if missing (else STORE_ERR_CANT_OPEN); a new
                              * database file is made 0600 (its log files follow its mode) */
    bool adopt_empty;        /* an existing 0-byte file is made a new database too (zhibu init,
                              * zhibu demo); without it a 0-byte or truncated file is refused as
                              * not a zhibu database (STORE_ERR_NOT_SQLITE), and so is an SQLite
                              * file without tables */
    const char *backup_dir;  /* migration backups: NULL or "" = the database's directory (the
                              * callers leave it so: [backup] dir may be an absent stick) */
    int backup_keep;         /* backups of this database kept; older ones removed (<= 0: keep all) */
    const char *user;        /* who writes: stored in created_by / history (default "system") */
    bool test_clock;         /* a database created by this open is a test or demo database:
                              * ZHIBU_TODAY / ZHIBU_NOW are honoured on it (office_key.test_clock,
                              * fixed at creation); an existing database is refused
                              * (STORE_ERR_DENIED): the mark is never added to a ledger later */
    store_upgrade_fn progress; /* NULL, or told how an upgrade goes (struct store_upgrade) */
    void *progress_ctx;
};

/* Open (and create/migrate) a database. On failure *out is NULL and err holds a Chinese
 * sentence naming the file. A database with user_version above STORE_SCHEMA_VERSION, a file
 * that is not SQLite, or an unwritable location is refused without changing anything.
 * Before migrating an existing database to a newer schema, a backup is written with the
 * SQLite backup API to BACKUP_DIR/NAME.vN-YYYYMMDDTHHMMSS.bak. */
int store_open(const char *path, const struct store_options *opt, struct store **out,
               char *err, size_t errsz);
void store_close(struct store *st);
/* Unit tests only: every database created from now on is a test database (as with
 * store_options.test_clock), and the clock overrides stay honoured whatever is opened. */
void store_test_mark_new_databases(bool on);
const char *store_errmsg(const struct store *st);
/* The last failure of a handle: the code the failing function returned, its message (as
 * store_errmsg) and what failed as far as the store knows it; a text not known is "". Valid
 * until the handle's next failure or store_close. */
struct store_error {
    int code;              /* enum store_rc; STORE_OK before any failure */
    const char *message;   /* the Chinese sentence of store_errmsg */
    const char *what;      /* the work a database failure interrupted ("保存会议记录") */
    const char *table;     /* the table a constraint named ("member") */
    const char *field;     /* its column ("status") */
    const char *label;     /* that column as the user knows it ("党员类别") */
    int sqlite_code;       /* a database failure's extended SQLite result code, else 0 */
};
const struct store_error *store_error(const struct store *st);
int store_schema_version(struct store *st);
const char *store_path(const struct store *st);
/* STORE_READ_WRITE, or why the handle only reads (enum store_access). */
enum store_access store_access_mode(const struct store *st);
/* Set the user recorded in created_by / history for subsequent writes. */
void store_set_user(struct store *st, const char *user);
/* Path of the last migration backup written by store_open, or "" */
const char *store_migration_backup(const struct store *st);

/* Transactions: nest-safe (inner begin/commit are counted, only the outer one acts).
 * The outer level is BEGIN IMMEDIATE; an inner level is a savepoint, so an inner rollback
 * (e.g. one failed write inside a batch) undoes only that level's work. Every write function
 * below runs in its own (inner) transaction. */
int store_begin(struct store *st);
int store_commit(struct store *st);
int store_rollback(struct store *st);

/* ---- versions: two sessions at one ledger ----
 * Every row read for editing carries its version (the `version` field of the structs): the id of
 * the row's newest history entry, which every write through the store and every import moves
 * on. An update passes the version back; inside its write transaction the store compares it
 * with the row's version now and refuses a save over a change made since the read
 * (STORE_ERR_CHANGED, "该记录已被 王书记 于 14:05 修改"), writing nothing. A successful update sets
 * the struct's version to the new one, so the same form can save again. */
struct store_conflict {
    char table[32];           /* the row's table ("meeting", "member" ...) */
    char who[160];            /* who changed it: the account's name, else the login */
    char when[40];            /* when, local time: "14:05", or "11月20日 14:05" another day */
    char *was_json;           /* the row as it was read (history JSON; NULL when unknown) */
    char *now_json;           /* the row as it is now (NULL when unknown) */
};
/* The last refusal STORE_ERR_CHANGED on this handle (copies; free with store_conflict_free).
 * STORE_ERR_NOT_FOUND when there was none. */
int store_conflict(struct store *st, struct store_conflict *out);
void store_conflict_free(struct store_conflict *c);

/* ---- lists ----
 * Every list of the store comes back in one shape: struct store_<entity>_list { T *v; int n; },
 * filled by int store_<entity>_list(st, ...filters..., struct store_<entity>_list *out) with
 * every matching row (a heap array grown as needed: nothing is ever left out) and freed by
 * store_<entity>_list_free(), which leaves {NULL, 0} and may be called on an empty or failed
 * list. *out is overwritten (not freed): free an earlier list first. On a failure *out is
 * empty and store_errmsg says why. Tables that grow without bound and are shown a screen at a
 * time (members, meeting records) are read page by page instead (store_*_page, paged.h). */

/* Fresh random UUID v4 text. */
void store_uuid(char out[UUID_STR_LEN]);

/* ---- meta ---- */
/* key/value settings kept in the database (e.g. "demo" = "1"). */
int store_meta_get(struct store *st, const char *key, char *val, size_t valsz); /* NOT_FOUND if absent */
int store_meta_set(struct store *st, const char *key, const char *val);

/* ---- branches ---- */
int store_branch_add(struct store *st, struct branch *b);      /* sets id, uuid, stamps */
/* Refused with STORE_ERR_CHANGED when the row changed since b was read (b->version). */
int store_branch_update(struct store *st, struct branch *b);
int store_branch_get(struct store *st, int64_t id, struct branch *out);
int store_branch_by_code(struct store *st, const char *code, struct branch *out);
int store_branch_count(struct store *st);
/* Every branch, ordered by code (for an inspector, 指导站督查员, only the branches of their
 * station's townships: store_district.h). */
struct store_branch_list {
    struct branch *v;
    int n;
};
int store_branch_list(struct store *st, struct store_branch_list *out);
void store_branch_list_free(struct store_branch_list *l);

/* ---- groups ---- */
/* Add a group: name, leader, start_date ("" = today) and end_date ("" = it stands), checked
 * by group_name_check and group_dates_check (STORE_ERR_CONSTRAINT with the sentence). */
int store_group_add(struct store *st, struct group *g);
/* name, leader, start_date, end_date (checked as on add; "" start keeps the stored one);
 * g->version checked */
int store_group_update(struct store *st, struct group *g);
int store_group_get(struct store *st, int64_t id, struct group *out);
/* Void a group (voided_at = now, with the reason); history action "void". Its members keep
 * their group_id; store_group_list no longer shows it. */
int store_group_void(struct store *st, int64_t id, const char *reason);
/* Groups of a branch (not voided), in the order they were made. */
struct store_group_list {
    struct group *v;
    int n;
};
int store_group_list(struct store *st, int64_t branch_id, struct store_group_list *out);
void store_group_list_free(struct store_group_list *l);
/* How many of the branch's groups must meet in each month of year (group_meets_in_month: the
 * group stood the whole month and had members on the roster at its end; groups voided before
 * the month's end left out): out[0] January .. out[11] December. */
int store_group_meets_by_month(struct store *st, int64_t branch_id, int year, int out[12]);

/* ---- members ---- */
struct member_filter {
    int64_t branch_id;       /* required */
    int64_t group_id;        /* 0 = any, -1 = no group */
    const char *status;      /* NULL/"" = any, else MEMBER_STATUSES code */
    const char *name_like;   /* NULL/"" = any; substring of name (instr) */
    bool include_left;       /* include members who left the roster */
    bool only_left;          /* only members who left */
    bool only_office;        /* only committee members (office != "") */
};
/* A group_id of another branch is refused (STORE_ERR_CONSTRAINT) like a missing one. */
int store_member_add(struct store *st, struct member *m);      /* sets id, uuid, stamps; history */
/* Update every field; the old row goes into history with the new values. Refused with
 * STORE_ERR_CHANGED when the row changed since m was read (m->version). */
int store_member_update(struct store *st, struct member *m);
int store_member_get(struct store *st, int64_t id, struct member *out);
int store_member_count(struct store *st, const struct member_filter *f);
/* Members matching f ordered by group (in the order groups were made; no group last), office
 * rank, name — or, with only_office, by office rank first; rows offset.. offset+max-1. */
int store_member_page(struct store *st, const struct member_filter *f, int offset, int max,
                      struct member *out, int *n);
/* Row index (0-based) of member id in the order of store_member_page, or -1. */
int store_member_position(struct store *st, const struct member_filter *f, int64_t id);
/* Call fn for each matching member, in page order; stops when fn returns non-zero.
 * Rows are streamed (one in memory at a time); fn may call other store functions. */
int store_member_each(struct store *st, const struct member_filter *f,
                      int (*fn)(const struct member *m, void *ctx), void *ctx);
/* Every matching member, in page order (store.h: lists): for a short part of the roster (the
 * committee) or a caller that needs the whole of it at once (the roster import's plan). */
struct store_member_list {
    struct member *v;
    int n;
};
int store_member_list(struct store *st, const struct member_filter *f, struct store_member_list *out);
void store_member_list_free(struct store_member_list *l);

/* ---- history ---- */
struct history_entry {
    int64_t id;
    char table_name[32];
    char row_uuid[UUID_STR_LEN];
    char action[16];         /* insert, update, leave, void ... */
    char changed_at[24];
    char changed_by[64];
    char *old_json;          /* heap, may be NULL */
    char *new_json;          /* heap, may be NULL */
};
/* History of one row (newest first), up to max; free with store_history_free. */
int store_history_list(struct store *st, const char *table_name, const char *row_uuid,
                       struct history_entry *out, int max, int *n);
void store_history_free(struct history_entry *e, int n);
int store_history_count(struct store *st);

/* ---- users (the rest in store_auth.h) ---- */
int store_user_count(struct store *st);

/* ---- for tests only ----
 * Append a migration step (SQL run in its own transaction) after the real ones, so that a
 * test can open a version-STORE_SCHEMA_VERSION database as an "older" one and check the
 * upgrade path (backup, data kept). Returns the version the step produces, or -1 when full.
 * The sql string must outlive its use. Reset with store_test_reset_migrations(). */
int store_test_add_migration(const char *sql);
void store_test_reset_migrations(void);

#endif
