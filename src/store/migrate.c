/* migrate.c — schema migrations, each run after a backup of the database (pruned to the newest
 * few). */
#include "conn_priv.h"
#include "journal_codec.h"

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

/* ---- migration backups ----------------------------------------------------------------- */

/* Whether name is BASE.vN-YYYYMMDDTHHMMSS[-K].bak; *stamp points at the timestamp. */
static bool is_backup_name(const char *name, const char *base, const char **stamp)
{
    size_t bl = strlen(base);
    if (strncmp(name, base, bl) != 0 || strncmp(name + bl, ".v", 2) != 0) return false;
    const char *p = name + bl + 2;
    if (*p < '0' || *p > '9') return false;
    while (*p >= '0' && *p <= '9') p++;
    if (*p++ != '-') return false;
    *stamp = p;
    for (int i = 0; i < 15; i++, p++) {
        if (i == 8 ? *p != 'T' : (*p < '0' || *p > '9')) return false;
    }
    if (*p == '-') {
        p++;
        if (*p < '0' || *p > '9') return false;
        while (*p >= '0' && *p <= '9') p++;
    }
    return strcmp(p, ".bak") == 0;
}

struct backup_file {
    char *name;
    const char *stamp;
    long serial;
};

static int backup_newer_first(const void *a, const void *b)
{
    const struct backup_file *x = a, *y = b;
    int c = strncmp(y->stamp, x->stamp, 15);
    if (c) return c;
    return (y->serial > x->serial) - (y->serial < x->serial);
}

/* Remove all but the keep newest backups of base in dir. Only our backup files are touched. */
static void prune_backups(const char *dir, const char *base, int keep)
{
    if (keep <= 0) return;
    DIR *d = opendir(dir);
    if (!d) return;
    struct backup_file *files = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *stamp;
        if (!is_backup_name(e->d_name, base, &stamp)) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            files = xrealloc(files, cap * sizeof *files);
        }
        files[n].name = xstrdup(e->d_name);
        files[n].stamp = files[n].name + (stamp - e->d_name);
        files[n].serial = stamp[15] == '-' ? strtol(stamp + 16, NULL, 10) : 0;
        n++;
    }
    closedir(d);
    qsort(files, n, sizeof *files, backup_newer_first);
    for (size_t i = 0; i < n; i++) {
        if (i >= (size_t)keep) {
            char *p = xasprintf("%s/%s", dir, files[i].name);
            unlink(p);
            free(p);
        }
        free(files[i].name);
    }
    free(files);
}

/* Copy the open database to a fresh backup file; STORE_OK or STORE_ERR_BACKUP with st->err. */
int st_write_backup(struct store *st, const struct store_options *opt, int old_version)
{
    char *dir = opt->backup_dir && *opt->backup_dir ? xstrdup(opt->backup_dir) : st_dir_of(st->path);
    const char *base = st_base_of(st->path);
    struct stat sb;
    if (stat(dir, &sb) != 0) mkdir(dir, 0700);

    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char stamp[20];
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &tm);

    char *dest = xasprintf("%s/%s.v%d-%s.bak", dir, base, old_version, stamp);
    for (int k = 2; access(dest, F_OK) == 0 && k < 1000; k++) {
        free(dest);
        dest = xasprintf("%s/%s.v%d-%s-%d.bak", dir, base, old_version, stamp, k);
    }
    char *tmp = xasprintf("%s.tmp", dest);
    unlink(tmp);

    /* the copy holds what the database holds: owner-only, like it, synced before it is named */
    const char *why;
    int rc = st_copy_db(st->db, tmp, false, &why);
    if (rc == SQLITE_OK && rename(tmp, dest) != 0) rc = SQLITE_CANTOPEN;

    int result = STORE_OK;
    if (rc != SQLITE_OK) {
        unlink(tmp);
        result = st_fail(st, STORE_ERR_BACKUP,
                         "升级数据库 %s 前备份失败：无法写入 %s（数据库未改动）", st->path, dest);
    } else {
        zb_strlcpy(st->last_backup, dest, sizeof st->last_backup);
        prune_backups(dir, base, opt->backup_keep);
    }
    free(tmp);
    free(dest);
    free(dir);
    return result;
}

int st_exec_sql(sqlite3 *db, const char *sql)
{
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? rc : sqlite3_extended_errcode(db);
}

int st_migrate(struct store *st, int from, int to)
{
    for (int v = from + 1; v <= to; v++) {
        char setver[48];
        snprintf(setver, sizeof setver, "PRAGMA user_version = %d", v);
        int rc = st_exec_sql(st->db, "BEGIN IMMEDIATE");
        /* Another process may have migrated while we waited for the write lock. */
        int now_at = 0;
        if (rc == SQLITE_OK) rc = st_query_int(st->db, "PRAGMA user_version", &now_at);
        if (rc == SQLITE_OK && now_at >= v) {
            rc = st_exec_sql(st->db, "COMMIT");
            if (rc == SQLITE_OK) continue;
        }
        if (rc == SQLITE_OK) rc = st_exec_sql(st->db, st_migration_sql(v));
        /* version 10: the journal's view and packed entries (journal_codec.c) */
        if (rc == SQLITE_OK && v == 10 && st_journal_compact(st) != STORE_OK) rc = SQLITE_ERROR;
        if (rc == SQLITE_OK) rc = st_exec_sql(st->db, setver);
        if (rc == SQLITE_OK) rc = st_exec_sql(st->db, "COMMIT");
        if (rc != SQLITE_OK) {
            const char *why = sqlite3_errmsg(st->db);
            st_fail(st, (rc & 0xff) == SQLITE_BUSY ? STORE_ERR_BUSY : STORE_ERR,
                    "数据库 %s 升级到版本 %d 失败：%s", st->path, v, why);
            if (!sqlite3_get_autocommit(st->db)) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
            return (rc & 0xff) == SQLITE_BUSY ? STORE_ERR_BUSY : STORE_ERR;
        }
    }
    return STORE_OK;
}
