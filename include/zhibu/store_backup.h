/* store_backup.h — backups of the ledger and restoring one (src/store/backup_db.c).
 *
 * A backup is a consistent copy made with SQLite's online backup API from an open handle, so it
 * holds every committed change, those still in the write-ahead log included, while other
 * processes keep writing. It is written to DIR/.NAME.tmp (0600), checked (PRAGMA integrity_check
 * and the same check as `zhibu verify`), and only then renamed to
 *     DIR/<office>-<YYYYMMDD-HHMM>.zhibu-backup      (local time; -2, -3 ... in the same minute)
 * where <office> is the office's name, or its kind's label when unnamed, with the characters a
 * file name cannot hold (/ \ : * ? " < > |, spaces, control characters) replaced by "_".
 * The copy is a single file (rollback journal mode): nothing else is written beside it.
 *
 * Restoring checks the backup the same way and that it is this office's (the same office key as
 * the current file), keeps the current file as NAME.before-restore-<YYYYMMDD-HHMMSS> (a copy made
 * through the backup API: complete, its log included), and only then replaces the file (a copy
 * beside it, fsync, rename). It is refused while another process has the database open. */
#ifndef ZHIBU_STORE_BACKUP_H
#define ZHIBU_STORE_BACKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zhibu/store.h"
#include "zhibu/store_office.h"

#define BACKUP_SUFFIX ".zhibu-backup"
#define BACKUP_PATH_MAX 4096

/* A backup made or found. */
struct backup_file {
    char path[BACKUP_PATH_MAX];
    char name[512];          /* the file name alone */
    char made[20];           /* "2026-11-21 14:05", local time (from the name, else the file's) */
    long long bytes;
};

/* Make a backup of st in dir now: an administrator or the system (STORE_ERR_DENIED with the
 * store's sentence otherwise). The directory must exist and be writable ("备份目录 X 不存在
 * （U 盘插好了吗？）", "备份目录 X 不可写"); a full disk, a failed check: nothing is left behind
 * (STORE_ERR with the reason). Records the backup as the last one (meta backup_last, best
 * effort). *out filled on success. */
int store_backup_make(struct store *st, const char *dir, struct backup_file *out);
/* The backup made on quitting the interface, whoever is logged in: when dir holds no backup of
 * this office made today (clock_today), make one there and keep only the newest keep of this
 * office's backups (store_backup_prune). *made: whether one was made (false: one of today was
 * there already). */
int store_backup_daily(struct store *st, const char *dir, int keep, bool *made,
                       struct backup_file *out, int *removed);
/* Whether the daily backup is due: dir holds no backup of this office made today (true too when
 * dir cannot be read: store_backup_daily then says why). */
bool store_backup_due(struct store *st, const char *dir);
/* Remove all but the newest keep backups of this office in dir: files named as this office's
 * backups whose office key is this office's (another office's backups, and every other file,
 * are never touched). *removed: how many went. */
int store_backup_prune(struct store *st, const char *dir, int keep, int *removed);
/* Every *.zhibu-backup file in dir, newest first (store.h: lists). A missing or unreadable
 * directory: STORE_ERR_NOT_FOUND with the sentence in st's message. */
struct store_backup_list {
    struct backup_file *v;
    int n;
};
int store_backup_list(struct store *st, const char *dir, struct store_backup_list *out);
void store_backup_list_free(struct store_backup_list *l);
/* The last backup made from this database (by whatever means: the CLI, F2, on quitting):
 * STORE_ERR_NOT_FOUND when none was recorded. */
int store_backup_last(struct store *st, struct backup_file *out);

/* What a backup file holds. */
struct backup_check {
    int schema;                  /* its database version */
    struct office_info office;   /* whose it is */
    int branches, members, meetings;
    long long entries, rows;     /* what the verification went through */
};
/* Check a backup file without writing anything to it or beside it: a zhibu database, whole
 * (integrity_check), the journal and rows as `zhibu verify` finds them (a backup from an older
 * version is verified after its upgrade, when restored). STORE_OK with *out filled, or the
 * reason in err: STORE_ERR_NOT_FOUND (missing), STORE_ERR_NOT_SQLITE (not a zhibu database,
 * empty, cut short), STORE_ERR_TOO_NEW, STORE_ERR (damaged: "备份文件 X 已损坏：...", or
 * verification problems: "备份文件 X 校验未通过：..."). */
int store_backup_check(const char *path, struct backup_check *out, char *err, size_t errsz);

/* Whether another process has the database at path open: its process id, or 0 (none, or no
 * way to tell). SQLite's own lock on PATH-shm, which every connection to a database in WAL
 * mode holds while open, is tested (this process's own connections are not seen). */
long store_backup_file_in_use(const char *path);

struct restore_result {
    char kept[BACKUP_PATH_MAX];  /* the former file kept, "" when there was none */
    bool other_office;           /* a backup of another office, taken with other_office */
    struct backup_check from;    /* what the backup holds */
};
/* Replace the database at db by the backup from (see the top). db need not exist (a PC that
 * died: its directory must). open: NULL, or this process's open handle of the database (the
 * 系统管理 screen; db is then its path): the former file is kept from it, its connection is
 * closed for the replacement and opened again on the restored file READ-ONLY (every write
 * refused: the session belongs to the ledger as it was; the interface is to be restarted) —
 * again read-write when nothing was restored. Refused, with nothing changed and the reason in err: the backup's
 * check fails; another process has db open ("数据库 X 正被另一个程序（进程 N）打开：请先退出
 * 它再恢复"); db cannot be read as a zhibu database ("请把它改名移开后再恢复"); the backup is
 * another office's (naming both offices and fingerprints) unless other_office; the former file
 * cannot be kept (a full disk). */
int store_backup_restore(const char *db, struct store *open, const char *from,
                         bool other_office, struct restore_result *out, char *err, size_t errsz);

#endif
