/* store.c — the connection: opening with its safety checks and the open writes (migrations in
 * migrate.c), closing, reconnecting, accessors and transactions. */
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

/* ---- opening --------------------------------------------------------------------------- */

char *st_dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return xstrdup(".");
    if (slash == path) return xstrdup("/");
    char *d = xstrdup(path);
    d[slash - path] = '\0';
    return d;
}

const char *st_base_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static int open_fail(char *err, size_t errsz, int rc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int open_fail(char *err, size_t errsz, int rc, const char *fmt, ...)
{
    if (err && errsz) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errsz, fmt, ap);
        va_end(ap);
    }
    return rc;
}

/* What a file's first bytes and its size say about it. */
enum header_state {
    HDR_OK,
    HDR_EMPTY,      /* 0 bytes */
    HDR_FOREIGN,    /* not SQLite's magic */
    HDR_SHORT,      /* SQLite, but cut short (fewer bytes than its header says, or part pages) */
    HDR_UNREADABLE,
};

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Whether PATH-wal exists and holds something (then the main file alone is not the whole
 * database, and part of it may be in the log). */
static bool wal_has_content(const char *path)
{
    char *wal = xasprintf("%s-wal", path);
    struct stat sb;
    bool has = stat(wal, &sb) == 0 && sb.st_size > 0;
    free(wal);
    return has;
}

/* Read the 100-byte SQLite header. A truncated file is refused before SQLite sees it: SQLite
 * would read the missing pages as zeros, or take a file cut to nothing for a new database.
 * *want: the size the header asks for, when known (HDR_SHORT). */
static enum header_state read_header(const char *path, off_t size, long long *want)
{
    static const char magic[16] = "SQLite format 3";
    *want = 0;
    if (size == 0) return HDR_EMPTY;
    FILE *f = fopen(path, "rb");
    if (!f) return HDR_UNREADABLE;
    unsigned char h[100];
    size_t got = fread(h, 1, sizeof h, f);
    bool err = ferror(f);
    fclose(f);
    if (err) return HDR_UNREADABLE;
    size_t cmp = got < sizeof magic ? got : sizeof magic;
    if (memcmp(h, magic, cmp) != 0) return HDR_FOREIGN;
    if (got < sizeof h) return HDR_SHORT;
    unsigned page = (unsigned)h[16] << 8 | h[17];
    if (page == 1) page = 65536;
    if (page < 512 || (page & (page - 1)) != 0) return HDR_FOREIGN;
    if (size % (off_t)page != 0) return HDR_SHORT;
    /* the page count in the header counts only when the change counter and the
     * version-valid-for number agree (SQLite's own rule); with a write-ahead log holding
     * content, the main file may legitimately be shorter */
    uint32_t pages = be32(h + 28);
    if (pages > 0 && be32(h + 24) == be32(h + 92) && (off_t)pages * page > size &&
        !wal_has_content(path)) {
        *want = (long long)pages * page;
        return HDR_SHORT;
    }
    return HDR_OK;
}

/* Checks that change nothing on disk; 0 when the path can be opened. *exists: a file is
 * there (an empty one adopted by opt->adopt_empty counts as missing); *readonly: it can be
 * read but not written here (the file, or its directory where the log files go). */
static int check_location(const char *path, const struct store_options *opt, bool *exists,
                          bool *adopt, bool *readonly, char *err, size_t errsz)
{
    struct stat sb;
    *exists = stat(path, &sb) == 0;
    *adopt = false;
    *readonly = false;
    int stat_errno = errno;
    char *dir = st_dir_of(path);
    int rc = STORE_OK;
    struct stat db;
    if (!*exists) {
        if (stat_errno != ENOENT && stat_errno != ENOTDIR)
            rc = open_fail(err, errsz, STORE_ERR_CANT_OPEN, "无法打开数据库 %s：无法访问该路径",
                           path);
        else if (!opt->create)
            rc = open_fail(err, errsz, STORE_ERR_CANT_OPEN, "数据库 %s 不存在", path);
        else if (stat(dir, &db) != 0 || !S_ISDIR(db.st_mode))
            rc = open_fail(err, errsz, STORE_ERR_CANT_OPEN, "无法创建数据库 %s：目录 %s 不存在",
                           path, dir);
        else if (access(dir, W_OK | X_OK) != 0)
            rc = open_fail(err, errsz, STORE_ERR_CANT_OPEN, "无法创建数据库 %s：目录不可写",
                           path);
    } else if (S_ISDIR(sb.st_mode)) {
        rc = open_fail(err, errsz, STORE_ERR_CANT_OPEN, "无法打开数据库 %s：这是一个目录", path);
    } else if (!S_ISREG(sb.st_mode)) {
        rc = open_fail(err, errsz, STORE_ERR_CANT_OPEN, "无法打开数据库 %s：不是普通文件",
                       path);
    } else if (access(path, R_OK) != 0) {
        rc = open_fail(err, errsz, STORE_ERR_CANT_OPEN, "无法打开数据库 %s：文件不可读", path);
    } else {
        long long want;
        switch (read_header(path, sb.st_size, &want)) {
        case HDR_UNREADABLE:
            rc = open_fail(err, errsz, STORE_ERR_CANT_OPEN, "无法打开数据库 %s：文件不可读",
                           path);
            break;
        case HDR_FOREIGN:
            rc = open_fail(err, errsz, STORE_ERR_NOT_SQLITE,
                           "文件 %s 不是 zhibu 数据库（不是 SQLite 文件）", path);
            break;
        case HDR_EMPTY:
            if (opt->adopt_empty && access(path, W_OK) == 0 && access(dir, W_OK | X_OK) == 0 &&
                !wal_has_content(path)) {
                *exists = false;
                *adopt = true;
            } else {
                rc = open_fail(err, errsz, STORE_ERR_NOT_SQLITE,
                               "文件 %s 不是 zhibu 数据库（空文件，0 字节；新建数据库请用 zhibu init）",
                               path);
            }
            break;
        case HDR_SHORT:
            if (want > 0)
                rc = open_fail(err, errsz, STORE_ERR_NOT_SQLITE,
                               "文件 %s 不是完整的 zhibu 数据库（文件被截短：只有 %lld 字节，应有 %lld 字节）",
                               path, (long long)sb.st_size, want);
            else
                rc = open_fail(err, errsz, STORE_ERR_NOT_SQLITE,
                               "文件 %s 不是完整的 zhibu 数据库（文件被截短：只有 %lld 字节）", path,
                               (long long)sb.st_size);
            break;
        case HDR_OK:
            /* a file or a place that cannot be written is opened for reading only */
            *readonly = access(path, W_OK) != 0 || access(dir, W_OK | X_OK) != 0;
            break;
        }
    }
    free(dir);
    return rc;
}

/* One integer from a fixed query; SQLite's result code. */
int st_query_int(sqlite3 *db, const char *sql, int *out)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(s);
        if (rc == SQLITE_ROW) {
            *out = sqlite3_column_int(s, 0);
            rc = SQLITE_OK;
        } else if (rc == SQLITE_DONE) {
            *out = 0;
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(s);
    return rc;
}

/* Whether a database at version >= 1 carries our mark in meta. */
static bool is_ours(sqlite3 *db)
{
    sqlite3_stmt *s = NULL;
    bool ours = false;
    if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'app'", -1, &s, NULL) ==
            SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW) {
        const unsigned char *v = sqlite3_column_text(s, 0);
        ours = v && strcmp((const char *)v, "zhibu") == 0;
    }
    sqlite3_finalize(s);
    return ours;
}

static int set_pragmas(struct store *st)
{
    int rc = st_exec_sql(st->db, "PRAGMA foreign_keys = ON");
    if (rc == SQLITE_OK) rc = st_exec_sql(st->db, "PRAGMA journal_mode = WAL");
    /* FULL: a commit is on the disk when it returns, log included (a pulled stick or a power
     * cut must not drop a saved meeting); NORMAL would keep the log's last commits at risk */
    if (rc == SQLITE_OK) rc = st_exec_sql(st->db, "PRAGMA synchronous = FULL");
    if (rc != SQLITE_OK) return st_sqlfail(st, rc, "打开数据库");
    return STORE_OK;
}

/* Before SQLite's first use: no memory statistics (a global mutex on every allocation, which
 * the audit's loader threads would otherwise contend for). */
static void sqlite_setup(void)
{
    static bool done;
    if (done) return;
    done = true;
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* "file:PATH?immutable=1": read without locks or log files, for a place where nothing can
 * write (the log files cannot be made there) and no write-ahead log holds content. */
static char *immutable_uri(const char *path)
{
    size_t n = strlen(path);
    char *uri = xmalloc(n * 3 + 32), *w = uri;
    w += sprintf(w, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#' || *p < 0x20 || *p == 0x7f)
            w += sprintf(w, "%%%02X", *p);
        else
            *w++ = (char)*p;
    }
    strcpy(w, "?immutable=1");
    return uri;
}

/* Whether the log files can be made beside path. */
static bool dir_writable(const char *path)
{
    char *dir = st_dir_of(path);
    bool ok = access(dir, W_OK | X_OK) == 0;
    free(dir);
    return ok;
}

/* Bytes free for us in the directory of path, or -1 when unknown. */
long long st_free_bytes(const char *path)
{
    char *dir = st_dir_of(path);
    struct statvfs v;
    long long n = statvfs(dir, &v) == 0 ? (long long)v.f_bavail * (long long)v.f_frsize : -1;
    free(dir);
    return n;
}

enum create_how { CREATE_NONE, CREATE_NEW, CREATE_ADOPT };

/* Open the connection: read-write (creating the file 0600 when new), or read-only. */
static int connect_db(struct store *st, enum create_how create, bool immutable,
                      enum store_access mode, char *err, size_t errsz)
{
    /* one connection used by one thread: no mutexes needed around it */
    int flags = SQLITE_OPEN_NOMUTEX;
    char *name = NULL;
    if (mode != STORE_READ_WRITE) {
        flags |= SQLITE_OPEN_READONLY;
        if (immutable) {
            flags |= SQLITE_OPEN_URI;
            name = immutable_uri(st->path);
        }
    } else {
        flags |= SQLITE_OPEN_READWRITE;
        /* made here, owner-only: SQLite gives the log files the mode of the database; an
         * empty file taken for a new database becomes owner-only too */
        bool made = true;
        if (create == CREATE_NEW) {
            int fd = zb_create_private(st->path, true);
            made = fd >= 0;
            if (made) close(fd);
        } else if (create == CREATE_ADOPT) {
            made = chmod(st->path, 0600) == 0;
        }
        if (!made)
            return open_fail(err, errsz, STORE_ERR_CANT_OPEN, "无法创建数据库 %s：%s",
                             st->path, zb_errno_text(errno));
    }
    int src = sqlite3_open_v2(name ? name : st->path, &st->db, flags, NULL);
    free(name);
    st->immutable = immutable && mode != STORE_READ_WRITE;
    if (src != SQLITE_OK)
        return open_fail(err, errsz, STORE_ERR_CANT_OPEN, "无法打开数据库 %s：%s", st->path,
                         st->db ? sqlite3_errmsg(st->db) : "内存不足");
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_timeout(st->db, 5000);
    st->mode = mode;
    if (st_user_sql_functions(st->db) != SQLITE_OK || st_jz_sql_functions(st->db) != SQLITE_OK ||
        st_meeting_sql_functions(st->db) != SQLITE_OK)
        return open_fail(err, errsz, STORE_ERR_CANT_OPEN, "无法打开数据库 %s：%s", st->path,
                         sqlite3_errmsg(st->db));
    return STORE_OK;
}

int st_open_reader(const struct store *st, sqlite3 **db)
{
    char *name = st->immutable ? immutable_uri(st->path) : NULL;
    int rc = sqlite3_open_v2(name ? name : st->path, db,
                             SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX |
                                 (name ? SQLITE_OPEN_URI : 0),
                             NULL);
    free(name);
    if (rc == SQLITE_OK) rc = st_jz_sql_functions(*db);
    return rc;
}

static void disconnect(struct store *st)
{
    st_stmt_clear(st);
    if (st->roster) st_roster_watch(st, false);
    sqlite3_close(st->db);
    st->db = NULL;
}

/* The one-off writes an open may do (migrations, baselines, the office's key): each in a
 * transaction of its own. */
static int open_writes(struct store *st, int version, int target, const struct store_options *opt,
                       struct st_progress *prog)
{
    int rc = set_pragmas(st);
    if (rc == STORE_OK) rc = st_migrate(st, version, target, prog);
    /* A ledger kept before the journal existed: its rows as they stand become the journal's
     * starting point (entries "baseline"), so that verification starts from the upgrade. */
    if (rc == STORE_OK && version >= 1 && version < 6 && target >= 6) {
        rc = store_begin(st);
        if (rc == STORE_OK) rc = st_journal_baseline(st);
        rc = rc == STORE_OK ? store_commit(st) : st_abort(st, rc);
    }
    /* A ledger from version 6 or 7: the branch's JSON gained dues_start (copied from meta by
     * the migration); a baseline entry for each branch where that is the only difference. */
    if (rc == STORE_OK && version >= 6 && version < 8 && target >= 8) {
        rc = store_begin(st);
        if (rc == STORE_OK) rc = st_branch_dues_start_baseline(st);
        rc = rc == STORE_OK ? store_commit(st) : st_abort(st, rc);
    }
    /* A ledger from before version 9: the group's JSON gained start_date and end_date. */
    if (rc == STORE_OK && version >= 6 && version < 9 && target >= 9) {
        rc = store_begin(st);
        if (rc == STORE_OK) rc = st_group_dates_baseline(st);
        rc = rc == STORE_OK ? store_commit(st) : st_abort(st, rc);
    }
    /* The office's identity, once; the test mark only on a database made by this open. */
    if (rc == STORE_OK) {
        rc = store_begin(st);
        if (rc == STORE_OK)
            rc = st_office_ensure(st, version == 0, version == 0 && (opt->test_clock || st_test_mark_new));
        rc = rc == STORE_OK ? store_commit(st) : st_abort(st, rc);
    }
    /* Accounts journaled before the history stopped keeping password hashes: one entry each
     * with the row as it is now journaled (user.c). Best effort: a full disk or a busy file
     * only puts it off to a later open (verify names those accounts until then). */
    if (rc == STORE_OK) {
        int urc = store_begin(st);
        if (urc == STORE_OK) urc = st_user_json_baseline(st);
        if (urc == STORE_OK) store_commit(st);
        else st_abort(st, urc);
        st->err[0] = '\0';
        st->disk_full = false;
    }
    return rc;
}

int store_open(const char *path, const struct store_options *opt, struct store **out,
               char *err, size_t errsz)
{
    sqlite_setup();
    static const struct store_options defaults = {.create = false};
    *out = NULL;
    if (err && errsz) err[0] = '\0';
    if (!opt) opt = &defaults;
    if (!path || !*path) return open_fail(err, errsz, STORE_ERR_CANT_OPEN, "未指定数据库文件");

    bool exists, adopt, readonly;
    int rc = check_location(path, opt, &exists, &adopt, &readonly, err, errsz);
    if (rc != STORE_OK) return rc;

    struct store *st = xcalloc(1, sizeof *st);
    st->path = xstrdup(path);
    zb_strlcpy(st->user, opt->user && *opt->user ? opt->user : "system", sizeof st->user);

    /* A place nobody can write (the log files cannot be made beside the file): read without
     * them when no log holds content; else read through the log, read-only. */
    bool immutable = readonly && !wal_has_content(path) && !dir_writable(path);
    enum create_how how = adopt ? CREATE_ADOPT : exists ? CREATE_NONE : CREATE_NEW;
    rc = connect_db(st, how, immutable, readonly ? STORE_READ_ONLY : STORE_READ_WRITE, err, errsz);
    if (rc != STORE_OK) goto fail;

    /* Read before writing anything: a foreign or newer file must stay byte-identical. */
    int version = 0;
    int src = st_query_int(st->db, "PRAGMA user_version", &version);
    /* A disk too full for the log's shared-memory index: read the file as it is, writes
     * refused with the full disk's sentence (a log holding content is read through normally
     * or not at all: it has its index already) */
    if (exists && !readonly && ((src & 0xff) == SQLITE_IOERR || (src & 0xff) == SQLITE_FULL ||
                                (src & 0xff) == SQLITE_CANTOPEN)) {
        long long left = st_free_bytes(path);
        if (left >= 0 && left < DISK_FULL_BYTES && !wal_has_content(path)) {
            disconnect(st);
            rc = connect_db(st, CREATE_NONE, true, STORE_DISK_FULL, err, errsz);
            if (rc != STORE_OK) goto fail;
            src = st_query_int(st->db, "PRAGMA user_version", &version);
        }
    }
    if ((src & 0xff) == SQLITE_NOTADB) {
        rc = open_fail(err, errsz, STORE_ERR_NOT_SQLITE,
                       "文件 %s 不是 zhibu 数据库（不是 SQLite 文件）", path);
        goto fail;
    }
    if ((src & 0xff) == SQLITE_BUSY || (src & 0xff) == SQLITE_LOCKED) {
        rc = open_fail(err, errsz, STORE_ERR_BUSY, "数据库 %s 正被其他程序使用，请稍后再试",
                       path);
        goto fail;
    }
    if (src != SQLITE_OK && readonly && (src & 0xff) == SQLITE_CANTOPEN) {
        rc = open_fail(err, errsz, STORE_ERR_READONLY,
                       "无法读取数据库 %s：它的预写日志（%s-wal）在只读的位置打不开，请把这几个文件"
                       "一起复制到可写的位置再打开",
                       path, st_base_of(path));
        goto fail;
    }
    if (src != SQLITE_OK) {
        const char *why = (src & 0xff) == SQLITE_CORRUPT ? "文件已损坏"
                          : (src & 0xff) == SQLITE_FULL ? "磁盘已满"
                          : (src & 0xff) == SQLITE_IOERR ? "读写磁盘出错"
                          : (src & 0xff) == SQLITE_CANTOPEN ? "无法打开日志文件"
                                                            : sqlite3_errmsg(st->db);
        rc = open_fail(err, errsz, STORE_ERR, "无法读取数据库 %s：%s", path, why);
        goto fail;
    }
    int target = st_target_version();
    if (version > target) {
        rc = open_fail(err, errsz, STORE_ERR_TOO_NEW,
                       "数据库 %s 由更新版本的 zhibu 创建（版本 %d，本程序支持 %d），请升级 zhibu",
                       path, version, target);
        goto fail;
    }
    int tables = 0;
    if (version == 0) {
        src = st_query_int(st->db, "SELECT count(*) FROM sqlite_schema", &tables);
        if (src != SQLITE_OK || tables > 0) {
            rc = open_fail(err, errsz, STORE_ERR_NOT_SQLITE,
                           "文件 %s 不是 zhibu 数据库（含有其他程序的数据）", path);
            goto fail;
        }
        /* an SQLite file without tables is as empty as a 0-byte one: made a database only
         * when it was just created, or by a command that makes databases */
        if (exists && !opt->adopt_empty) {
            rc = open_fail(err, errsz, STORE_ERR_NOT_SQLITE,
                           "文件 %s 不是 zhibu 数据库（空的 SQLite 文件；新建数据库请用 zhibu init）",
                           path);
            goto fail;
        }
    } else if (!is_ours(st->db)) {
        rc = open_fail(err, errsz, STORE_ERR_NOT_SQLITE,
                       "文件 %s 不是 zhibu 数据库（含有其他程序的数据）", path);
        goto fail;
    }
    if (st->mode != STORE_READ_WRITE && version < target) {
        rc = open_fail(err, errsz, STORE_ERR_READONLY,
                       st->mode == STORE_DISK_FULL
                           ? "数据库 %s 须升级到新的版本才能打开，但磁盘已满：请先腾出磁盘空间"
                           : "数据库 %s 须升级到新的版本才能打开，但文件只读：请复制到可写的位置再打开",
                       path);
        goto fail;
    }
    /* the test mark is fixed when the database is created, never added to a ledger later */
    if (opt->test_clock && version != 0) {
        rc = open_fail(err, errsz, STORE_ERR_DENIED,
                       "数据库 %s 已存在：测试数据库只能在新建时标记，不能把已有的台账改为测试用",
                       path);
        goto fail;
    }
    /* until the database's mark is read, the clock is real (a database opened before in this
     * process decides nothing here); one being created as a test database has it already */
    clock_allow_override(st_test_mark_new || (version == 0 && opt->test_clock));

    /* An upgrade: refused before anything is written when the disk cannot hold its backup and
     * its work; told to the caller as it goes (store_options.progress). */
    bool upgrading = version >= 1 && version < target;
    struct st_progress prog = {
        .opt = opt,
        .u = {.path = path, .from = version, .to = target, .what = "", .backup = ""},
    };
    if (upgrading) {
        rc = st_upgrade_room(st, opt);
        if (rc == STORE_OK) {
            st_progress_tell(&prog, STORE_UPGRADE_BEGIN, "", 0, 0);
            rc = st_write_backup(st, opt, version, &prog);
            if (rc != STORE_OK) st_progress_tell(&prog, STORE_UPGRADE_END, "", 0, 0);
        }
        if (rc != STORE_OK) {
            open_fail(err, errsz, rc, "%s", st->err);
            goto fail;
        }
    }
    if (st->mode == STORE_READ_WRITE) {
        rc = open_writes(st, version, target, opt, upgrading ? &prog : NULL);
        if (upgrading) {
            prog.u.ok = rc == STORE_OK;
            prog.u.backup = st->last_backup;
            st_progress_tell(&prog, STORE_UPGRADE_END, "", 0, 0);
        }
    } else {
        rc = st_exec_sql(st->db, "PRAGMA foreign_keys = ON");
        rc = rc == SQLITE_OK ? STORE_OK : st_sqlfail(st, rc, "打开数据库");
    }
    /* ZHIBU_TODAY / ZHIBU_NOW: only a test or demo database honours them (entry times are
     * evidence); a real ledger runs on the real clock whatever the environment says. */
    if (rc == STORE_OK) clock_allow_override(st_test_mark_new || store_office_test_clock(st));
    if (rc != STORE_OK) {
        open_fail(err, errsz, rc, "%s", st->err);
        goto fail;
    }
    st->err[0] = '\0';
    *out = st;
    return STORE_OK;

fail:
    clock_allow_override(st_test_mark_new); /* no database: no mark */
    store_close(st);
    /* a file this open made and could not make a database of (a full disk) is not left
     * behind: an empty file would be refused next time */
    struct stat after;
    if (how == CREATE_NEW && stat(path, &after) == 0 && after.st_size == 0) {
        static const char *const sides[] = {"-wal", "-shm", "-journal"};
        for (size_t i = 0; i < ZB_ARRAY_LEN(sides); i++) {
            char *side = xasprintf("%s%s", path, sides[i]);
            unlink(side);
            free(side);
        }
        unlink(path);
    }
    return rc;
}

/* ---- a file checked, never written (backup.c) --------------------------------------------- */

int st_open_check(const char *path, struct store **out, int *version, char *err, size_t errsz)
{
    sqlite_setup();
    *out = NULL;
    *version = 0;
    struct stat sb;
    if (stat(path, &sb) != 0)
        return open_fail(err, errsz, STORE_ERR_NOT_FOUND, "文件 %s 不存在", path);
    if (!S_ISREG(sb.st_mode))
        return open_fail(err, errsz, STORE_ERR_NOT_SQLITE, "%s 不是普通文件", path);
    long long want = 0;
    switch (read_header(path, sb.st_size, &want)) {
    case HDR_OK: break;
    case HDR_EMPTY: return open_fail(err, errsz, STORE_ERR_NOT_SQLITE, "文件 %s 是空的", path);
    case HDR_FOREIGN:
        return open_fail(err, errsz, STORE_ERR_NOT_SQLITE, "文件 %s 不是 zhibu 数据库（不是 SQLite 文件）",
                         path);
    case HDR_SHORT:
        return open_fail(err, errsz, STORE_ERR_NOT_SQLITE, "文件 %s 不完整（被截短了）", path);
    case HDR_UNREADABLE:
        return open_fail(err, errsz, STORE_ERR_CANT_OPEN, "文件 %s 无法读取", path);
    }
    struct store *st = xcalloc(1, sizeof *st);
    st->path = xstrdup(path);
    zb_strlcpy(st->user, "system", sizeof st->user);
    /* nothing is written beside it (a stick, a file someone handed over): read as it is, or
     * through its log when one holds content */
    int rc = connect_db(st, CREATE_NONE, !wal_has_content(path), STORE_READ_ONLY, err, errsz);
    if (rc == STORE_OK) {
        int src = st_query_int(st->db, "PRAGMA user_version", version);
        if (src != SQLITE_OK)
            rc = open_fail(err, errsz, STORE_ERR_NOT_SQLITE, "文件 %s 无法读取：%s", path,
                           (src & 0xff) == SQLITE_NOTADB    ? "不是 SQLite 文件"
                           : (src & 0xff) == SQLITE_CORRUPT ? "文件已损坏"
                                                            : sqlite3_errmsg(st->db));
        else if (*version == 0 || !is_ours(st->db))
            rc = open_fail(err, errsz, STORE_ERR_NOT_SQLITE, "文件 %s 不是 zhibu 数据库", path);
        else if (*version > st_target_version())
            rc = open_fail(err, errsz, STORE_ERR_TOO_NEW,
                           "文件 %s 由更新版本的 zhibu 写出（版本 %d，本程序支持 %d），请升级 zhibu",
                           path, *version, st_target_version());
        else if (st_exec_sql(st->db, "PRAGMA foreign_keys = ON") != SQLITE_OK)
            rc = open_fail(err, errsz, STORE_ERR, "文件 %s 无法读取", path);
    }
    if (rc != STORE_OK) {
        store_close(st);
        return rc;
    }
    *out = st;
    return STORE_OK;
}

void st_disconnect(struct store *st)
{
    if (st->db) disconnect(st);
}

int st_reconnect(struct store *st, bool read_only)
{
    char err[512];
    if (st->db) disconnect(st);
    int rc = connect_db(st, CREATE_NONE, false, read_only ? STORE_READ_ONLY : STORE_READ_WRITE, err,
                        sizeof err);
    if (rc == STORE_OK)
        rc = read_only ? (st_exec_sql(st->db, "PRAGMA foreign_keys = ON") == SQLITE_OK ? STORE_OK
                                                                                     : STORE_ERR)
                       : set_pragmas(st);
    if (rc != STORE_OK) st_fail(st, rc, "%s", err[0] ? err : "无法重新打开数据库");
    return rc;
}

void store_close(struct store *st)
{
    if (!st) return;
    st_stmt_clear(st);
    if (st->roster) st_roster_watch(st, false);
    if (st->db) {
        if (st->tx_depth > 0 && !sqlite3_get_autocommit(st->db))
            sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close(st->db);
    }
    store_conflict_free(&st->conflict);
    free(st->path);
    free(st);
}

const char *store_errmsg(const struct store *st)
{
    return st ? st->err : "";
}

const struct store_error *store_error(const struct store *st)
{
    static const struct store_error none = {
        .code = STORE_OK, .message = "", .what = "", .table = "", .field = "", .label = ""};
    return st && st->error.message ? &st->error : &none;
}

int store_schema_version(struct store *st)
{
    int v = 0;
    if (st_query_int(st->db, "PRAGMA user_version", &v) != SQLITE_OK) return -1;
    return v;
}

const char *store_path(const struct store *st)
{
    return st->path;
}

enum store_access store_access_mode(const struct store *st)
{
    return st->mode;
}

void store_set_user(struct store *st, const char *user)
{
    if (st->logged_in) return; /* after store_login the handle writes as that user only */
    zb_strlcpy(st->user, user && *user ? user : "system", sizeof st->user);
}

const char *store_migration_backup(const struct store *st)
{
    return st->last_backup;
}

/* ---- transactions ---------------------------------------------------------------------- */

/* The outermost level is BEGIN IMMEDIATE ... COMMIT; inner levels are savepoints, so that a
 * failed inner write (e.g. one member of a demo batch) can be undone without the outer work. */
int store_begin(struct store *st)
{
    /* a handle that only reads refuses every write before it starts */
    if (st->mode == STORE_DISK_FULL) {
        st->disk_full = true;
        return st_fail(st, STORE_ERR_READONLY, "%s", ST_MSG_DISK_FULL);
    }
    if (st->mode == STORE_READ_ONLY) return st_fail(st, STORE_ERR_READONLY, "%s", ST_MSG_READ_ONLY);
    int rc = st->tx_depth == 0 ? st_run_simple(st, "BEGIN IMMEDIATE")
                               : st_run_simple(st, "SAVEPOINT zb");
    if (rc != SQLITE_OK) return st_sqlfail(st, rc, "开始事务");
    if (st->tx_depth == 0) st->seal_from = 0;
    st->tx_depth++;
    return STORE_OK;
}

int store_commit(struct store *st)
{
    if (st->tx_depth <= 0) return st_fail(st, STORE_ERR, "提交失败：没有进行中的事务");
    if (sqlite3_get_autocommit(st->db)) {
        /* SQLite already rolled the transaction back (e.g. disk full). */
        st->tx_depth = 0;
        return st_fail(st, STORE_ERR, "提交失败：事务已被撤销");
    }
    if (st->tx_depth == 1) {
        /* the journal's hashes are part of what is committed */
        int jr = st_journal_seal(st);
        if (jr != STORE_OK) {
            sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
            st->tx_depth = 0;
            return jr;
        }
    }
    int rc = st->tx_depth == 1 ? st_run_simple(st, "COMMIT")
                               : st_run_simple(st, "RELEASE zb");
    if (rc != SQLITE_OK) {
        int r = st_sqlfail(st, rc, "保存");
        if (st->tx_depth == 1) {
            sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
            st->tx_depth = 0;
        }
        return r;
    }
    st->tx_depth--;
    return STORE_OK;
}

int store_rollback(struct store *st)
{
    if (st->tx_depth <= 0) return STORE_OK;
    if (sqlite3_get_autocommit(st->db)) {
        st->tx_depth = 0;
        return STORE_OK;
    }
    int rc;
    if (st->demo_bulk) st->demo_bulk_undone = true; /* no journal: nothing was undone */
    if (st->tx_depth == 1) {
        rc = st_run_simple(st, "ROLLBACK");
    } else {
        rc = st_run_simple(st, "ROLLBACK TO zb");
        if (rc == SQLITE_OK) rc = st_run_simple(st, "RELEASE zb");
    }
    st->tx_depth--;
    if (rc != SQLITE_OK) return st_sqlfail(st, rc, "撤销");
    return STORE_OK;
}

int st_abort(struct store *st, int rc)
{
    struct st_err_saved keep;
    st_err_keep(st, &keep);
    store_rollback(st);
    st_err_restore(st, &keep);
    return rc;
}
