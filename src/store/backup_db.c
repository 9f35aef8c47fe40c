/* backup.c — backups of the ledger and restoring one (store_backup.h). */
#include "store_priv.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "zhibu/clock.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_backup.h"
#include "zhibu/util.h"

#define META_LAST "backup_last"

static void say(char *err, size_t errsz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(char *err, size_t errsz, const char *fmt, ...)
{
    if (!err || !errsz) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errsz, fmt, ap);
    va_end(ap);
}

/* Now as local time: the clock's (a test database's ZHIBU_NOW holds), else the real one. */
static void now_local(struct tm *tm)
{
    char iso[24];
    clock_now_iso(iso);
    struct tm u = {0};
    time_t t = time(NULL);
    if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &u.tm_year, &u.tm_mon, &u.tm_mday, &u.tm_hour,
               &u.tm_min, &u.tm_sec) == 6) {
        u.tm_year -= 1900;
        u.tm_mon -= 1;
        t = timegm(&u);
    }
    localtime_r(&t, tm);
}

static int fsync_path(const char *path, bool dir)
{
    int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    /* some file systems (vfat on a stick) refuse to sync a directory: the file itself is */
    if (rc != 0 && dir && (errno == EINVAL || errno == EROFS)) rc = 0;
    close(fd);
    return rc;
}

/* ---- copying with the backup API --------------------------------------------------------- */

/* store_priv.h. The callers check the copy (store_backup_check) or its source. */
int st_copy_db(sqlite3 *src, const char *dest, bool replace, const char **why)
{
    return st_copy_db_progress(src, dest, replace, why, NULL, NULL);
}

/* Pages copied between two ticks: 16 MB of 4 KB pages, a few ticks a second on a slow disk. */
#define COPY_CHUNK_PAGES 4096

/* The copy in chunks, tick told after each: the source holds one read transaction from the first
 * chunk to the last (begun here when it has none), so that the copy is still the database as of
 * one moment and a writer elsewhere does not make the backup start again. */
static int copy_in_chunks(sqlite3_backup *b, sqlite3 *src, st_copy_tick tick, void *ctx)
{
    bool own = sqlite3_get_autocommit(src);
    int rc = own ? sqlite3_exec(src, "BEGIN; SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL)
                 : SQLITE_OK;
    while (rc == SQLITE_OK) {
        rc = sqlite3_backup_step(b, COPY_CHUNK_PAGES);
        int total = sqlite3_backup_pagecount(b);
        tick(ctx, (long long)(total - sqlite3_backup_remaining(b)), (long long)total);
    }
    if (own) sqlite3_exec(src, "COMMIT", NULL, NULL, NULL);
    return rc;
}

int st_copy_db_progress(sqlite3 *src, const char *dest, bool replace, const char **why,
                        st_copy_tick tick, void *ctx)
{
    *why = "";
    int fd = zb_create_private(dest, !replace);
    if (fd < 0) {
        *why = zb_errno_text(errno);
        return errno == ENOSPC ? SQLITE_FULL : SQLITE_CANTOPEN;
    }
    close(fd);
    sqlite3 *d = NULL;
    int rc = sqlite3_open_v2(dest, &d, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_extended_result_codes(d, 1);
        sqlite3_busy_timeout(d, 5000);
        /* one step for the whole file: one read transaction on the source, so the copy is the
         * database as of one moment whoever writes meanwhile */
        sqlite3_backup *b = sqlite3_backup_init(d, "main", src, "main");
        if (b) {
            rc = tick ? copy_in_chunks(b, src, tick, ctx) : sqlite3_backup_step(b, -1);
            int frc = sqlite3_backup_finish(b);
            rc = rc == SQLITE_DONE ? frc : (rc == SQLITE_OK ? SQLITE_ERROR : rc);
        } else {
            rc = sqlite3_extended_errcode(d);
        }
    }
    if (rc == SQLITE_OK) rc = sqlite3_exec(d, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
    if (rc != SQLITE_OK && !**why) {
        int c = rc & 0xff;
        *why = c == SQLITE_FULL ? "磁盘已满" : c == SQLITE_IOERR ? "读写磁盘出错"
               : c == SQLITE_READONLY ? "位置只读" : "无法写入";
    }
    if (sqlite3_close(d) != SQLITE_OK && rc == SQLITE_OK) {
        rc = SQLITE_IOERR;
        *why = "读写磁盘出错";
    }
    if (rc == SQLITE_OK && fsync_path(dest, false) != 0) {
        rc = errno == ENOSPC ? SQLITE_FULL : SQLITE_IOERR;
        *why = rc == SQLITE_FULL ? "磁盘已满" : "读写磁盘出错";
    }
    if (rc != SQLITE_OK) {
        unlink(dest);
        char *j = xasprintf("%s-journal", dest);
        unlink(j);
        free(j);
    }
    return rc;
}

/* ---- checking a file ----------------------------------------------------------------------- */

static int count_of(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s = NULL;
    int n = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        n = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return n;
}

/* integrity_check (quick: quick_check, the same without matching every index to its table) on
 * an open check handle: NULL when whole, else the first complaint (heap). */
static char *integrity(sqlite3 *db, bool quick)
{
    sqlite3_stmt *s = NULL;
    char *bad = NULL;
    int rc = sqlite3_prepare_v2(db, quick ? "PRAGMA quick_check(5)" : "PRAGMA integrity_check(5)",
                                -1, &s, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(s, 0);
        if (!v || strcmp(v, "ok") != 0) {
            bad = xstrdup(v ? v : "?");
            for (char *p = bad; *p; p++)
                if (*p == '\n' || *p == '\r') *p = ' ';
        }
    } else {
        bad = xstrdup((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB
                          ? "文件已损坏"
                          : sqlite3_errmsg(db));
    }
    sqlite3_finalize(s);
    return bad;
}

/* The page check of a copy just written, on a connection of its own, so that it runs beside
 * the verification (on a ten-year district the two take about a minute each). */
struct page_check {
    const char *path;
    char *bad;     /* integrity()'s answer */
};

static void *page_check_run(void *arg)
{
    struct page_check *pc = arg;
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(pc->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
        pc->bad = xstrdup(db ? sqlite3_errmsg(db) : "无法打开");
    else
        pc->bad = integrity(db, true);
    sqlite3_close(db);
    return NULL;
}

/* The checks on an open check handle (chk filled); verify only when the schema is this
 * program's. STORE_OK or the reason in err. A backup file brought in (restore, a check) gets
 * SQLite's full integrity_check; a copy this program has just written with the backup API
 * (fresh: in rollback-journal mode, in a folder it writes) gets quick_check — every page, every
 * record, the free list —, run beside the verification, which itself reads and hashes every
 * journaled row and entry. */
static int check_open(struct store *c, const char *path, int version, struct backup_check *out,
                      char *err, size_t errsz, bool fresh)
{
    memset(out, 0, sizeof *out);
    out->schema = version;
    struct page_check pc = {.path = path};
    pthread_t th;
    bool threaded = fresh && pthread_create(&th, NULL, page_check_run, &pc) == 0;
    char *bad = NULL;
    if (!threaded) bad = integrity(c->db, fresh);
    struct verify_result r;
    int vrc = STORE_OK;
    if (threaded) {
        /* the verification meanwhile; its answer is read after the pages' */
        if (version >= STORE_SCHEMA_VERSION) vrc = store_journal_verify(c, 0, &r);
        pthread_join(th, NULL);
        bad = pc.bad;
    }
    if (bad) {
        say(err, errsz, "备份文件 %s 已损坏（完整性检查：%.200s），不能使用", path, bad);
        free(bad);
        return STORE_ERR;
    }
    if (store_office_get(c, &out->office) != STORE_OK) {
        /* an old file from before offices: its identity comes with the upgrade */
        memset(&out->office, 0, sizeof out->office);
    }
    out->branches = count_of(c->db, "SELECT count(*) FROM branch");
    out->members = count_of(c->db, "SELECT count(*) FROM member");
    out->meetings = count_of(c->db, "SELECT count(*) FROM meeting WHERE voided_at IS NULL");
    if (version < STORE_SCHEMA_VERSION) return STORE_OK;
    if (!threaded) vrc = store_journal_verify(c, 0, &r);
    if (vrc != STORE_OK) {
        say(err, errsz, "备份文件 %s 无法校验：%s", path, store_errmsg(c));
        return STORE_ERR;
    }
    out->entries = r.entries;
    out->rows = r.rows;
    if (r.nproblems > 0) {
        say(err, errsz, "备份文件 %s 校验未通过（%d 个问题，第一个：%s），不能使用", path,
            r.nproblems, r.problems[0].message);
        return STORE_ERR;
    }
    return STORE_OK;
}

/* store_backup_check, or for a copy just written (fresh: see check_open). */
static int check_file(const char *path, struct backup_check *out, char *err, size_t errsz,
                      bool fresh)
{
    memset(out, 0, sizeof *out);
    struct store *c;
    int version;
    char why[1024];
    int rc = st_open_check(path, &c, &version, why, sizeof why);
    if (rc != STORE_OK) {
        if (rc == STORE_ERR_NOT_FOUND)
            say(err, errsz, "备份文件 %s 不存在", path);
        else
            say(err, errsz, "%s，不能作为备份使用", why);
        return rc;
    }
    rc = check_open(c, path, version, out, err, errsz, fresh);
    store_close(c);
    return rc;
}

int store_backup_check(const char *path, struct backup_check *out, char *err, size_t errsz)
{
    return check_file(path, out, err, errsz, false);
}

/* ---- names ----------------------------------------------------------------------------------- */

/* The office as a file name: its name, or its kind's label; characters a file name (on a stick's
 * vfat too) cannot hold become "_". */
static void office_file_name(struct store *st, char *out, size_t outsz)
{
    struct office_info o;
    const char *src = "zhibu";
    if (store_office_get(st, &o) == STORE_OK) src = o.name[0] ? o.name : office_kind_label(o.kind);
    char buf[256];
    zb_strlcpy(buf, src, sizeof buf);
    for (unsigned char *p = (unsigned char *)buf; *p; p++)
        if (*p < 0x20 || *p == 0x7f || strchr("/\\:*?\"<>| ", *p)) *p = '_';
    char *b = buf;
    while (*b == '.') b++;
    zb_strlcpy(out, *b ? b : "zhibu", outsz);
}

/* Whether name is PREFIX-YYYYMMDD-HHMM[-K].zhibu-backup (prefix NULL: any prefix); *stamp: the
 * 13 characters of the time, *serial: K (1 without). */
static bool parse_name(const char *name, const char *prefix, const char **stamp, long *serial)
{
    size_t n = strlen(name), sl = strlen(BACKUP_SUFFIX);
    if (n <= sl || strcmp(name + n - sl, BACKUP_SUFFIX) != 0) return false;
    size_t body = n - sl;
    /* the serial, when there is one: -K right before the suffix after a full stamp */
    *serial = 1;
    size_t end = body;
    size_t k = body;
    while (k > 0 && name[k - 1] >= '0' && name[k - 1] <= '9') k--;
    if (k < body && k > 0 && name[k - 1] == '-' && body - k <= 4 && k >= 15 &&
        name[k - 6] == '-' && name[k - 15] == '-') {
        *serial = strtol(name + k, NULL, 10);
        end = k - 1;
    }
    if (end < 14) return false;
    const char *s = name + end - 13;
    for (int i = 0; i < 13; i++)
        if (i == 8 ? s[i] != '-' : (s[i] < '0' || s[i] > '9')) return false;
    if (end < 15 || name[end - 14] != '-') return false;
    size_t plen = end - 14;
    if (prefix && (strlen(prefix) != plen || strncmp(name, prefix, plen) != 0)) return false;
    *stamp = s;
    return true;
}

static void stamp_text(const char *s, char out[20])
{
    snprintf(out, 20, "%.4s-%.2s-%.2s %.2s:%.2s", s, s + 4, s + 6, s + 9, s + 11);
}

static int newer_first(const void *a, const void *b)
{
    const struct backup_file *x = a, *y = b;
    int c = strcmp(y->made, x->made);
    if (c) return c;
    return strcmp(y->name, x->name) > 0 ? 1 : strcmp(y->name, x->name) < 0 ? -1 : 0;
}

/* Backups in dir: all (prefix NULL) or those named as prefix's; *serials filled when asked. */
static int scan_dir(const char *dir, const char *prefix, struct backup_file **out, int *n)
{
    *out = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d) return -1;
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *stamp;
        long serial;
        size_t nl = strlen(e->d_name), sl = strlen(BACKUP_SUFFIX);
        if (e->d_name[0] == '.' || nl <= sl || strcmp(e->d_name + nl - sl, BACKUP_SUFFIX) != 0)
            continue;
        bool named = parse_name(e->d_name, prefix, &stamp, &serial);
        if (prefix && !named) continue;
        char *path = xasprintf("%s/%s", dir, e->d_name);
        struct stat sb;
        if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode) || strlen(path) >= BACKUP_PATH_MAX) {
            free(path);
            continue;
        }
        if ((size_t)*n == cap) {
            cap = cap ? cap * 2 : 16;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        struct backup_file *f = &(*out)[(*n)++];
        memset(f, 0, sizeof *f);
        zb_strlcpy(f->path, path, sizeof f->path);
        zb_strlcpy(f->name, e->d_name, sizeof f->name);
        f->bytes = (long long)sb.st_size;
        if (named) {
            stamp_text(stamp, f->made);
            /* the serial orders backups of one minute: kept in the sort key's tail */
            if (serial > 1) snprintf(f->made + 16, 4, "%c", (char)('0' + (serial > 9 ? 9 : serial)));
        } else {
            struct tm tm;
            localtime_r(&sb.st_mtime, &tm);
            strftime(f->made, sizeof f->made, "%Y-%m-%d %H:%M", &tm);
        }
        free(path);
    }
    closedir(d);
    if (*n > 1) qsort(*out, (size_t)*n, sizeof **out, newer_first);
    for (int i = 0; i < *n; i++) (*out)[i].made[16] = '\0';
    return 0;
}

static int dir_problem(struct store *st, const char *dir)
{
    struct stat sb;
    if (!dir || !*dir) return st_fail(st, STORE_ERR_NOT_FOUND, "没有指定备份目录");
    if (stat(dir, &sb) != 0)
        return st_fail(st, STORE_ERR_NOT_FOUND, "备份目录 %s 不存在（U 盘插好了吗？）", dir);
    if (!S_ISDIR(sb.st_mode)) return st_fail(st, STORE_ERR_NOT_FOUND, "%s 不是目录", dir);
    return STORE_OK;
}

int store_backup_list(struct store *st, const char *dir, struct store_backup_list *out)
{
    *out = (struct store_backup_list){0};
    int rc = dir_problem(st, dir);
    if (rc != STORE_OK) return rc;
    if (scan_dir(dir, NULL, &out->v, &out->n) != 0)
        return st_fail(st, STORE_ERR_NOT_FOUND, "无法读取备份目录 %s：%s", dir,
                       zb_errno_text(errno));
    return STORE_OK;
}

void store_backup_list_free(struct store_backup_list *l)
{
    free(l->v);
    *l = (struct store_backup_list){0};
}

int store_backup_last(struct store *st, struct backup_file *out)
{
    memset(out, 0, sizeof *out);
    char val[BACKUP_PATH_MAX + 64];
    int rc = store_meta_get(st, META_LAST, val, sizeof val);
    if (rc != STORE_OK) return rc;
    /* "YYYY-MM-DD HH:MM\tBYTES\tPATH" */
    char *t1 = strchr(val, '\t');
    char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
    if (!t1 || !t2) return STORE_ERR_NOT_FOUND;
    *t1 = *t2 = '\0';
    zb_strlcpy(out->made, val, sizeof out->made);
    out->bytes = strtoll(t1 + 1, NULL, 10);
    zb_strlcpy(out->path, t2 + 1, sizeof out->path);
    const char *slash = strrchr(out->path, '/');
    zb_strlcpy(out->name, slash ? slash + 1 : out->path, sizeof out->name);
    return STORE_OK;
}

/* ---- making one ------------------------------------------------------------------------------ */

static int make(struct store *st, const char *dir, struct backup_file *out)
{
    memset(out, 0, sizeof *out);
    int rc = dir_problem(st, dir);
    if (rc != STORE_OK) return rc;
    if (access(dir, W_OK | X_OK) != 0)
        return st_fail(st, STORE_ERR_CANT_OPEN, "备份目录 %s 不可写（%s）", dir,
                       zb_errno_text(errno));
    char office[256];
    office_file_name(st, office, sizeof office);
    struct tm tm;
    now_local(&tm);
    char stamp[16], made[20];
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M", &tm);
    strftime(made, sizeof made, "%Y-%m-%d %H:%M", &tm);

    char *dest = xasprintf("%s/%s-%s%s", dir, office, stamp, BACKUP_SUFFIX);
    for (int k = 2; access(dest, F_OK) == 0 && k < 1000; k++) {
        free(dest);
        dest = xasprintf("%s/%s-%s-%d%s", dir, office, stamp, k, BACKUP_SUFFIX);
    }
    const char *slash = strrchr(dest, '/');
    char *tmp = xasprintf("%s/.%s.tmp", dir, slash + 1);
    if (strlen(dest) >= BACKUP_PATH_MAX) {
        free(tmp);
        free(dest);
        return st_fail(st, STORE_ERR_CANT_OPEN, "备份目录 %s 的路径太长", dir);
    }
    const char *why;
    int src = st_copy_db(st->db, tmp, true, &why);
    if (src != SQLITE_OK) {
        rc = st_fail(st, STORE_ERR, "备份失败：无法写入 %s（%s），没有留下不完整的备份", dest, why);
    } else {
        /* the copy checked as `zhibu verify` checks the ledger, before it gets its name */
        struct backup_check chk;
        char err[1024];
        rc = check_file(tmp, &chk, err, sizeof err, true);
        if (rc != STORE_OK) rc = st_fail(st, STORE_ERR, "备份失败：写出的副本%s", err);
        else if (rename(tmp, dest) != 0)
            rc = st_fail(st, STORE_ERR, "备份失败：无法写入 %s（%s）", dest, zb_errno_text(errno));
        if (rc != STORE_OK) unlink(tmp);
    }
    if (rc == STORE_OK) {
        fsync_path(dir, true);
        struct stat sb;
        zb_strlcpy(out->path, dest, sizeof out->path);
        zb_strlcpy(out->name, strrchr(dest, '/') + 1, sizeof out->name);
        zb_strlcpy(out->made, made, sizeof out->made);
        out->bytes = stat(dest, &sb) == 0 ? (long long)sb.st_size : 0;
        /* remembered where it went (best effort: a read-only ledger is still backed up) */
        if (st->mode == STORE_READ_WRITE && st->tx_depth == 0) {
            char *val = xasprintf("%s\t%lld\t%s", made, out->bytes, dest);
            struct st_err_saved keep;
            st_err_keep(st, &keep);
            store_meta_set(st, META_LAST, val);
            st_err_restore(st, &keep);
            free(val);
        }
    }
    free(tmp);
    free(dest);
    return rc;
}

int store_backup_make(struct store *st, const char *dir, struct backup_file *out)
{
    memset(out, 0, sizeof *out);
    int rc = st_require_admin(st);
    if (rc != STORE_OK) return rc;
    return make(st, dir, out);
}

/* Whether the file at path holds the office key pk (read-only look). */
static bool same_office(const char *path, const char *pk)
{
    struct store *c;
    int version;
    char err[512];
    if (st_open_check(path, &c, &version, err, sizeof err) != STORE_OK) return false;
    char fpk[OFFICE_PK_HEX], fpr[OFFICE_FPR_LEN];
    bool same = store_office_public(c, fpk, fpr) == STORE_OK && strcmp(fpk, pk) == 0;
    store_close(c);
    return same;
}

int store_backup_prune(struct store *st, const char *dir, int keep, int *removed)
{
    *removed = 0;
    if (keep <= 0) return STORE_OK;
    int rc = dir_problem(st, dir);
    if (rc != STORE_OK) return rc;
    char office[256], pk[OFFICE_PK_HEX], fpr[OFFICE_FPR_LEN];
    office_file_name(st, office, sizeof office);
    rc = store_office_public(st, pk, fpr);
    if (rc != STORE_OK) return rc;
    struct backup_file *files;
    int n;
    if (scan_dir(dir, office, &files, &n) != 0)
        return st_fail(st, STORE_ERR_NOT_FOUND, "无法读取备份目录 %s：%s", dir,
                       zb_errno_text(errno));
    int mine = 0;
    for (int i = 0; i < n; i++) {
        /* a file of the same name pattern from another office (two unnamed villages sharing a
         * stick) is not this office's to remove */
        if (!same_office(files[i].path, pk)) continue;
        if (++mine > keep && unlink(files[i].path) == 0) (*removed)++;
    }
    free(files);
    return STORE_OK;
}

bool store_backup_due(struct store *st, const char *dir)
{
    struct stat sb;
    if (!dir || !*dir || stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) return true;
    char office[256], today[DATE_STR_LEN], want[16];
    office_file_name(st, office, sizeof office);
    date_format(clock_today(), today);
    snprintf(want, sizeof want, "%.4s%.2s%.2s", today, today + 5, today + 8);
    struct backup_file *files;
    int n;
    if (scan_dir(dir, office, &files, &n) != 0) return true;
    bool have = false;
    char pk[OFFICE_PK_HEX], fpr[OFFICE_FPR_LEN];
    if (store_office_public(st, pk, fpr) != STORE_OK) pk[0] = '\0';
    for (int i = 0; i < n && !have; i++) {
        char day[16];
        snprintf(day, sizeof day, "%.4s%.2s%.2s", files[i].made, files[i].made + 5,
                 files[i].made + 8);
        have = strcmp(day, want) == 0 && same_office(files[i].path, pk);
    }
    free(files);
    return !have;
}

int store_backup_daily(struct store *st, const char *dir, int keep, bool *made,
                       struct backup_file *out, int *removed)
{
    *made = false;
    *removed = 0;
    memset(out, 0, sizeof *out);
    int rc = dir_problem(st, dir);
    if (rc != STORE_OK) return rc;
    if (!store_backup_due(st, dir)) return STORE_OK;
    rc = make(st, dir, out);
    if (rc != STORE_OK) return rc;
    *made = true;
    return store_backup_prune(st, dir, keep, removed);
}

/* ---- restoring ------------------------------------------------------------------------------- */

long store_backup_file_in_use(const char *path)
{
    /* SQLite (unix VFS) holds a shared lock on byte 128 of PATH-shm (the "DMS" slot) for as
     * long as a connection has the database open in WAL mode */
    char *shm = xasprintf("%s-shm", path);
    int fd = open(shm, O_RDONLY | O_CLOEXEC);
    free(shm);
    if (fd < 0) return 0;
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 128, .l_len = 1};
    long pid = 0;
    if (fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK) pid = fl.l_pid > 0 ? fl.l_pid : 1;
    close(fd);
    return pid;
}

static bool wal_content(const char *path)
{
    char *wal = xasprintf("%s-wal", path);
    struct stat sb;
    bool has = stat(wal, &sb) == 0 && sb.st_size > 0;
    free(wal);
    return has;
}

static void describe(const struct office_info *o, char *out, size_t outsz)
{
    char who[TEXT_SHORT + 64];
    office_describe(o->name, o->kind, who, sizeof who);
    snprintf(out, outsz, "%s（指纹 %s）", who, o->fingerprint[0] ? o->fingerprint : "未知");
}

int store_backup_restore(const char *db, struct store *open, const char *from,
                         bool other_office, struct restore_result *out, char *err, size_t errsz)
{
    memset(out, 0, sizeof *out);
    if (err && errsz) err[0] = '\0';
    if (open) db = open->path;
    /* the backup first: nothing is touched for a bad one */
    struct store *c;
    int version;
    char why[1024];
    int rc = st_open_check(from, &c, &version, why, sizeof why);
    if (rc != STORE_OK) {
        if (rc == STORE_ERR_NOT_FOUND) say(err, errsz, "备份文件 %s 不存在，未恢复", from);
        else say(err, errsz, "%s，不能用来恢复", why);
        return rc;
    }
    rc = check_open(c, from, version, &out->from, err, errsz, false);
    if (rc != STORE_OK) {
        store_close(c);
        return rc;
    }
    long pid = store_backup_file_in_use(db);
    if (pid) {
        store_close(c);
        say(err, errsz, "数据库 %s 正被另一个程序（进程 %ld）打开：请先退出它再恢复", db, pid);
        return STORE_ERR_BUSY;
    }
    char *dir = st_dir_of(db);
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        say(err, errsz, "目录 %s 不存在，无法恢复到 %s", dir, db);
        free(dir);
        store_close(c);
        return STORE_ERR_CANT_OPEN;
    }
    bool exists = open || stat(db, &sb) == 0;
    bool disconnected = false;
    if (exists) {
        struct store *cur = open;
        if (!cur) {
            struct store_options so = {.create = false};
            char oerr[1024];
            if (store_open(db, &so, &cur, oerr, sizeof oerr) != STORE_OK) {
                say(err, errsz, "当前的数据库无法打开（%s）：请把它改名移开后再恢复，未恢复", oerr);
                free(dir);
                store_close(c);
                return STORE_ERR_CANT_OPEN;
            }
        }
        struct office_info me;
        rc = store_office_get(cur, &me);
        if (rc == STORE_OK && out->from.office.public_key[0] &&
            strcmp(me.public_key, out->from.office.public_key) != 0) {
            if (!other_office) {
                char a[256], b[256];
                describe(&out->from.office, a, sizeof a);
                describe(&me, b, sizeof b);
                say(err, errsz, "备份 %s 来自另一个单位：备份是%s，当前的台账是%s；未恢复", from,
                    a, b);
                if (!open) store_close(cur);
                store_close(c);
                free(dir);
                return STORE_ERR_DENIED;
            }
            out->other_office = true;
        }
        /* the current file kept whole: through the backup API, its log included */
        struct tm tm;
        time_t t = time(NULL);
        localtime_r(&t, &tm);
        char stamp[24];
        strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
        char *kept = xasprintf("%s.before-restore-%s", db, stamp);
        for (int k = 2; access(kept, F_OK) == 0 && k < 1000; k++) {
            free(kept);
            kept = xasprintf("%s.before-restore-%s-%d", db, stamp, k);
        }
        const char *cwhy;
        int src = st_copy_db(cur->db, kept, false, &cwhy);
        /* the last connection closed: its log is merged and removed */
        if (open) st_disconnect(open);
        else store_close(cur);
        disconnected = open != NULL;
        if (src != SQLITE_OK) {
            say(err, errsz, "无法保留当前的数据库（写入 %s：%s），未恢复", kept, cwhy);
            rc = STORE_ERR;
        } else {
            zb_strlcpy(out->kept, kept, sizeof out->kept);
            if (wal_content(db) || store_backup_file_in_use(db)) {
                say(err, errsz, "数据库 %s 的日志没能合并（另一个程序打开了它？），未恢复；当前的"
                                "数据库另存在 %s",
                    db, out->kept);
                rc = STORE_ERR_BUSY;
            }
        }
        free(kept);
        if (rc != STORE_OK) {
            if (disconnected) st_reconnect(open, false);
            free(dir);
            store_close(c);
            return rc;
        }
    }
    /* the backup copied beside the database, upgraded and verified there, then put in place */
    char *tmp = xasprintf("%s.restore-tmp", db);
    const char *cwhy;
    int src = st_copy_db(c->db, tmp, true, &cwhy);
    store_close(c);
    rc = STORE_OK;
    if (src != SQLITE_OK) {
        say(err, errsz, "无法写入 %s（%s），未恢复", tmp, cwhy);
        rc = STORE_ERR;
    }
    if (rc == STORE_OK) {
        struct store *n;
        struct store_options so = {.create = false};
        char oerr[1024];
        rc = store_open(tmp, &so, &n, oerr, sizeof oerr);
        if (rc != STORE_OK) {
            say(err, errsz, "备份无法打开（%s），未恢复", oerr);
        } else {
            if (version < STORE_SCHEMA_VERSION) {
                struct verify_result r;
                rc = store_journal_verify(n, 0, &r);
                if (rc != STORE_OK) say(err, errsz, "无法校验备份：%s，未恢复", store_errmsg(n));
                else if (r.nproblems > 0) {
                    say(err, errsz, "备份文件 %s 校验未通过（%s），未恢复", from,
                        r.problems[0].message);
                    rc = STORE_ERR;
                }
                if (rc == STORE_OK) {
                    out->from.entries = r.entries;
                    out->from.rows = r.rows;
                    store_office_get(n, &out->from.office);
                }
            }
            store_close(n);
        }
    }
    if (rc == STORE_OK && (wal_content(tmp) || fsync_path(tmp, false) != 0)) {
        say(err, errsz, "无法写完 %s（%s），未恢复", tmp, zb_errno_text(errno));
        rc = STORE_ERR;
    }
    if (rc == STORE_OK && rename(tmp, db) != 0) {
        say(err, errsz, "无法替换 %s（%s），未恢复", db, zb_errno_text(errno));
        rc = STORE_ERR;
    }
    if (rc != STORE_OK) {
        static const char *const sides[] = {"", "-wal", "-shm", "-journal"};
        for (size_t i = 0; i < ZB_ARRAY_LEN(sides); i++) {
            char *p = xasprintf("%s%s", tmp, sides[i]);
            unlink(p);
            free(p);
        }
    } else {
        char *p = xasprintf("%s-shm", tmp);
        unlink(p);
        free(p);
        fsync_path(dir, true);
    }
    /* the open handle now reads the restored file, and writes nothing: the session belongs to
     * the ledger as it was */
    if (disconnected) st_reconnect(open, rc == STORE_OK);
    free(tmp);
    free(dir);
    return rc;
}
