/* migrate.c — schema migrations, each run after a backup of the database (pruned to the newest
 * few). */
#include "conn_priv.h"
#include "journal_codec.h"
#include "district_schema.h"
#include "people_schema.h"
#include "rows_schema.h"
#include "fts_schema.h"

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
#include "zhibu/dues.h"
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

/* ---- the progress of an upgrade --------------------------------------------------------- */

void st_progress_tell(struct st_progress *p, enum store_upgrade_stage stage, const char *what,
                      long long done, long long total)
{
    if (!p || !p->opt || !p->opt->progress) return;
    p->u.stage = stage;
    p->u.what = what ? what : "";
    p->u.done = done;
    p->u.total = total;
    p->opt->progress(&p->u, p->opt->progress_ctx);
}

static void backup_tick(void *ctx, long long done, long long total)
{
    st_progress_tell(ctx, STORE_UPGRADE_BACKUP, "", done, total);
}

/* SQLite's progress handler while the steps and the VACUUM run: the stage told again, so that
 * the caller can show that the work goes on where no count is known (a step's SQL). The VACUUM's
 * count is an estimate: the pages read so far (the connection's page cache misses) of the pages
 * holding content, the part of the VACUUM that runs SQL (the copy built); the copy written back
 * into the file and the checkpoint after it run no SQL and call no handler: 99% is shown then. */
static int still_working(void *ctx)
{
    struct st_progress *p = ctx;
    long long done = p->u.done;
    if (p->u.stage == STORE_UPGRADE_SHRINK && p->db && p->u.total > 0) {
        int now = 0, high = 0;
        sqlite3_db_status(p->db, SQLITE_DBSTATUS_CACHE_MISS, &now, &high, 0);
        done = now - p->misses_before;
        if (done >= p->u.total) done = p->u.total - 1;
        if (done < 0) done = 0;
    }
    st_progress_tell(p, p->u.stage, p->u.what, done, p->u.total);
    return 0;
}

/* Virtual machine instructions between two calls of still_working: a few milliseconds. */
#define PROGRESS_OPS 1000000

static bool progress_wanted(const struct st_progress *p)
{
    return p && p->opt && p->opt->progress;
}

/* The directory migration backups go to (a copy the caller frees). */
static char *backup_dir_of(const struct store *st, const struct store_options *opt)
{
    return opt->backup_dir && *opt->backup_dir ? xstrdup(opt->backup_dir) : st_dir_of(st->path);
}

/* Copy the open database to a fresh backup file; STORE_OK or STORE_ERR_BACKUP with st->err. */
int st_write_backup(struct store *st, const struct store_options *opt, int old_version,
                    struct st_progress *p)
{
    char *dir = backup_dir_of(st, opt);
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
    int rc = progress_wanted(p) ? st_copy_db_progress(st->db, tmp, false, &why, backup_tick, p)
                                : st_copy_db(st->db, tmp, false, &why);
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

/* ---- version 10: the journal compacted, the file shrunk ------------------------------- */

/* The journal's part of the upgrade to version 10: st_journal_compact(st) (journal.c) goes here.
 * Called inside the version-10 step's transaction (after SCHEMA_V10, before user_version is set),
 * with st->tx_depth at 1: it may use store_begin/store_commit (nested savepoints) but must not
 * commit the migration itself, and the step's COMMIT is not store_commit: history entries it
 * would add are not sealed here (rewriting the stored form of sealed entries is what it is for).
 * A failure rolls the whole step back: the file stays at version 9 (its backup was written
 * before). Returns STORE_OK or an enum store_rc with st->err set. */
static int migrate_v10_journal(struct store *st)
{
    return st_journal_compact(st);
}

/* ---- version 11: the inspector's role ----------------------------------------------- */

/* app_user rebuilt with the role inspector and station_id (district_schema.h,
 * SCHEMA_V11_ROLES_REBUILD) when it has no station_id yet: a table already in shape (a database
 * upgraded again after a test's downgrade) is left as it is, its stations kept. The rebuild
 * keeps every row's id, so no reference changes (nothing refers to app_user). */
static int migrate_v11_roles(struct store *st)
{
    int has = 0;
    if (st_query_int(st->db,
                     "SELECT count(*) FROM pragma_table_info('app_user') WHERE name = 'station_id'",
                     &has) != SQLITE_OK)
        return st_fail(st, STORE_ERR, "数据库 %s 升级到版本 11 失败：%s", st->path,
                       sqlite3_errmsg(st->db));
    if (has) return STORE_OK;
    if (st_exec_sql(st->db, SCHEMA_V11_ROLES_REBUILD) != SQLITE_OK)
        return st_fail(st, STORE_ERR, "数据库 %s 升级到版本 11 失败（重建用户表）：%s", st->path,
                       sqlite3_errmsg(st->db));
    return STORE_OK;
}

/* ---- version 12: member.category ------------------------------------------------------ */

/* The column 人员类别 (people_schema.h SCHEMA_V12_FACTS_COLUMN), added when missing (a database
 * upgraded again after a test's downgrade has it). No row changes: "" is "not recorded", and a
 * member's JSON carries the key only when it is not "" (store_json.h), so the journal needs no
 * baseline. */
static int migrate_v12_facts(struct store *st)
{
    int has = 0;
    if (st_query_int(st->db,
                     "SELECT count(*) FROM pragma_table_info('member') WHERE name = 'category'",
                     &has) != SQLITE_OK ||
        (!has && st_exec_sql(st->db, SCHEMA_V12_FACTS_COLUMN) != SQLITE_OK))
        return st_fail(st, STORE_ERR, "数据库 %s 升级到版本 12 失败：%s", st->path,
                       sqlite3_errmsg(st->db));
    return STORE_OK;
}

/* ---- version 13: child rows keyed by their parent ------------------------------------- */

/* zb_upgrade_row(x): x, each row the rebuilds write counted and told (rows_schema.h). */
struct row_count {
    struct st_progress *p;
    const char *what;
    long long done, total;
};

static void upgrade_row(sqlite3_context *c, int argc, sqlite3_value **argv)
{
    (void)argc;
    struct row_count *n = sqlite3_user_data(c);
    if ((++n->done & 1023) == 0)
        st_progress_tell(n->p, STORE_UPGRADE_STEP, n->what, n->done, n->total);
    sqlite3_result_value(c, argv[0]);
}

/* A ledger holding two allocations of one payment for one month (never written by zhibu; a
 * bundle from elsewhere may have brought them) cannot be keyed by (payment, month): the step
 * refuses, naming them and what to do, and nothing is deleted or merged. Called in the step's
 * transaction after the rebuild's INSERT failed on the key; STORE_ERR with st->err. */
static int refuse_double_allocations(struct store *st, struct st_progress *p)
{
    static const char *const SQL =
        "SELECT ifnull(b.name, ''), ifnull(b.code, ''), ifnull(m.name, ''),"
        " ifnull(p.paid_date, ''), ifnull(p.receipt_no, ''), ifnull(p.amount, 0), a.month, count(*)"
        " FROM dues_allocation a LEFT JOIN dues_payment p ON p.id = a.payment_id"
        " LEFT JOIN member m ON m.id = p.member_id LEFT JOIN branch b ON b.id = p.branch_id"
        " GROUP BY a.payment_id, a.month HAVING count(*) > 1"
        " ORDER BY b.code, p.paid_date, a.payment_id, a.month";
    sqlite3_stmt *s = NULL;
    char list[600] = "";
    int pairs = 0;
    int rc = sqlite3_prepare_v2(st->db, SQL, -1, &s, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        rc = SQLITE_OK;
        if (++pairs > 2) continue;
        char yuan[32], receipt[160] = "";
        dues_format_yuan((long)sqlite3_column_int64(s, 5), yuan, sizeof yuan);
        const char *no = (const char *)sqlite3_column_text(s, 4);
        if (no && *no) snprintf(receipt, sizeof receipt, "收据号 %s，", no);
        size_t used = strlen(list);
        snprintf(list + used, sizeof list - used, "%s%s（%s）党员 %s %s 的交费（%s%s 元）%s 记了 %d 次",
                 pairs > 1 ? "；" : "", sqlite3_column_text(s, 0), sqlite3_column_text(s, 1),
                 sqlite3_column_text(s, 2), sqlite3_column_text(s, 3), receipt, yuan,
                 sqlite3_column_text(s, 6), sqlite3_column_int(s, 7));
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE || pairs == 0)
        return st_fail(st, STORE_ERR, "数据库 %s 升级到版本 13 失败（重建表 dues_allocation）：%s",
                       st->path, sqlite3_errmsg(st->db));
    int from = p ? p->u.from : 12;
    char where[64];
    if (from == 12) snprintf(where, sizeof where, "数据库没有改动（仍为版本 12）");
    else snprintf(where, sizeof where, "数据库停在版本 12");
    return st_fail(st, STORE_ERR,
                   "数据库 %s 无法升级到版本 13：同一笔交费的同一个月有两条分配记录（zhibu 不会这样"
                   "记，可能来自外来的交换包），共 %d 处：%s%s。没有删除或合并任何记录，%s，升级前的"
                   "备份是 %s。请把这段说明交给上级党委或 zhibu 的技术支持，核对这些交费后再升级；"
                   "不要用其他工具自行修改数据库",
                   st->path, pairs, list, pairs > 2 ? "……" : "", where, st->last_backup);
}

/* meeting_attendance and dues_allocation rebuilt without uuid, id and timestamps (rows_schema.h
 * SCHEMA_V13_ROWS_ATTENDANCE, _ALLOCATION), each while it still has its uuid column: a table
 * already in shape (upgraded again after a test's downgrade) is left as it is. Every
 * row keeps its values and references (the keys are the ids they held), so no reference is
 * checked; two allocations of one payment for the same month (never written by zhibu) stop the
 * upgrade with refuse_double_allocations, the file left at version 12. How far each rebuild
 * is: the rows written (zb_upgrade_row) of the rows the table holds, counted first. */
static int migrate_v13_rows(struct store *st, struct st_progress *p)
{
    static const char *const TABLE[] = {"meeting_attendance", "dues_allocation"};
    static const char *const SQL[] = {SCHEMA_V13_ROWS_ATTENDANCE, SCHEMA_V13_ROWS_ALLOCATION};
    static const char *const WHAT[] = {"重建表 meeting_attendance", "重建表 dues_allocation"};
    static const char *const COUNT[] = {"SELECT count(*) FROM meeting_attendance",
                                        "SELECT count(*) FROM dues_allocation"};
    for (int i = 0; i < 2; i++) {
        sqlite3_stmt *s = NULL;
        int has = 0;
        int rc = sqlite3_prepare_v2(st->db,
                                    "SELECT count(*) FROM pragma_table_info(?1) WHERE name = 'uuid'",
                                    -1, &s, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_bind_text(s, 1, TABLE[i], -1, SQLITE_STATIC);
            rc = sqlite3_step(s) == SQLITE_ROW ? SQLITE_OK : SQLITE_ERROR;
            has = sqlite3_column_int(s, 0);
        }
        sqlite3_finalize(s);
        /* the rows to do counted first, the rows done as they are written: a true percentage */
        struct row_count n = {.p = p, .what = WHAT[i]};
        int total = 0;
        if (rc == SQLITE_OK && has) rc = st_query_int(st->db, COUNT[i], &total);
        n.total = total;
        if (rc == SQLITE_OK && has)
            rc = sqlite3_create_function(st->db, "zb_upgrade_row", 1,
                                         SQLITE_UTF8 | SQLITE_DIRECTONLY, &n, upgrade_row, NULL,
                                         NULL);
        if (rc == SQLITE_OK && has) {
            st_progress_tell(p, STORE_UPGRADE_STEP, WHAT[i], 0, n.total);
            rc = st_exec_sql(st->db, SQL[i]);
            sqlite3_create_function(st->db, "zb_upgrade_row", 1, SQLITE_UTF8, NULL, NULL, NULL,
                                    NULL);
            if (rc == SQLITE_CONSTRAINT_PRIMARYKEY && i == 1)
                return refuse_double_allocations(st, p);
            if (rc == SQLITE_OK) st_progress_tell(p, STORE_UPGRADE_STEP, WHAT[i], n.total, n.total);
        }
        if (rc != SQLITE_OK)
            return st_fail(st, STORE_ERR, "数据库 %s 升级到版本 13 失败（重建表 %s）：%s", st->path,
                           TABLE[i], sqlite3_errmsg(st->db));
    }
    return STORE_OK;
}

/* ---- version 14: the journal's bytes --------------------------------------------------- */

static void v14_entry_done(void *ctx)
{
    struct row_count *n = ctx;
    if ((++n->done & 1023) == 0)
        st_progress_tell(n->p, STORE_UPGRADE_STEP, n->what, n->done, n->total);
}

/* history_data rebuilt with its values in their compact forms (st_journal_v14, journal_codec.c;
 * a journal already in shape is left as it is), told as the entries are copied. */
static int migrate_v14_journal(struct store *st, struct st_progress *p)
{
    struct row_count n = {.p = p, .what = "重建修改日志"};
    int total = 0;
    if (st_query_int(st->db, "SELECT ifnull(max(id), 0) - ifnull(min(id), 1) + 1 FROM history_data",
                     &total) != SQLITE_OK)
        return st_fail(st, STORE_ERR, "数据库 %s 升级到版本 14 失败（重建修改日志）：%s", st->path,
                       sqlite3_errmsg(st->db));
    n.total = total;
    st_progress_tell(p, STORE_UPGRADE_STEP, n.what, 0, n.total);
    st->tx_depth = 1;
    int rc = st_journal_v14(st, v14_entry_done, &n);
    st->tx_depth = 0;
    if (rc != STORE_OK) return rc;
    st_progress_tell(p, STORE_UPGRADE_STEP, n.what, n.total, n.total);
    return STORE_OK;
}

/* ---- version 14, part fts: the search index without positions ------------------------ */

/* meeting_fts made again with detail=none (fts_schema.h SCHEMA_V14_FTS_REBUILD) while its
 * CREATE text does not say so: an index already in shape (a database upgraded again after a
 * test's downgrade) is left as it is. The index holds nothing of its own (it is filled from
 * meeting), so nothing is lost; its progress is told as one step. */
static int migrate_v14_fts(struct store *st, struct st_progress *p)
{
    static const char *const WHAT = "重建会议全文索引";
    sqlite3_stmt *s = NULL;
    int done = 0;
    int rc = sqlite3_prepare_v2(st->db,
                                "SELECT count(*) FROM sqlite_schema WHERE name = 'meeting_fts'"
                                " AND instr(sql, ?1) > 0",
                                -1, &s, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(s, 1, SCHEMA_V14_FTS_DONE, -1, SQLITE_STATIC);
        rc = sqlite3_step(s) == SQLITE_ROW ? SQLITE_OK : sqlite3_extended_errcode(st->db);
        done = sqlite3_column_int(s, 0);
    }
    sqlite3_finalize(s);
    if (rc == SQLITE_OK && !done) {
        st_progress_tell(p, STORE_UPGRADE_STEP, WHAT, 0, 1);
        rc = st_exec_sql(st->db, SCHEMA_V14_FTS_REBUILD);
        if (rc == SQLITE_OK) st_progress_tell(p, STORE_UPGRADE_STEP, WHAT, 1, 1);
    }
    if (rc != SQLITE_OK)
        return st_fail(st, STORE_ERR, "数据库 %s 升级到版本 14 失败（%s）：%s", st->path, WHAT,
                       sqlite3_errmsg(st->db));
    return STORE_OK;
}

/* ZHIBU_TEST_SLOW_UPGRADE=S on a test database: the last step takes S seconds more, told as it
 * goes, so that a test can see the progress where the interface starts (tests/screens). */
static void test_slow_step(struct st_progress *p, int seconds)
{
    long long ticks = seconds > 0 && seconds < 60 ? seconds * 20LL : 0;
    for (long long i = 0; i < ticks; i++) {
        st_progress_tell(p, STORE_UPGRADE_STEP, "测试", i, ticks);
        struct timespec pause = {0, 50 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
}

/* The C part of a step, run in its transaction after its SQL. On a test database (its office
 * key marked test_clock, as demo and test databases are) ZHIBU_TEST_FAIL_UPGRADE=N makes step
 * N fail at this point, after its SQL ran: the tests show that the file is then left as it was.
 * A real ledger ignores the variable. */
static int migrate_hook(struct store *st, int to_version, struct st_progress *p)
{
    int rc = STORE_OK;
    if (to_version == 10) {
        st->tx_depth = 1;
        rc = migrate_v10_journal(st);
        st->tx_depth = 0;
    }
    if (rc == STORE_OK && to_version == 11) rc = migrate_v11_roles(st);
    if (rc == STORE_OK && to_version == 12) rc = migrate_v12_facts(st);
    if (rc == STORE_OK && to_version == 13) rc = migrate_v13_rows(st, p);
    if (rc == STORE_OK && to_version == 14) rc = migrate_v14_fts(st, p);
    if (rc == STORE_OK && to_version == 14) rc = migrate_v14_journal(st, p);
    /* after the journal's part: the test-clock check reads the journal (its view from 10 on) */
    const char *slow = getenv("ZHIBU_TEST_SLOW_UPGRADE");
    if (rc == STORE_OK && slow && to_version == st_target_version() && store_office_test_clock(st))
        test_slow_step(p, atoi(slow));
    const char *fail = getenv("ZHIBU_TEST_FAIL_UPGRADE");
    if (rc == STORE_OK && fail && atoi(fail) == to_version && to_version > 8 &&
        store_office_test_clock(st))
        return st_fail(st, STORE_ERR, "数据库 %s 升级到版本 %d 失败：测试要求在此失败",
                       st->path, to_version);
    return rc;
}

/* Steps that may rebuild tables (CREATE new, INSERT ... SELECT, DROP old, RENAME): run with
 * foreign key enforcement off (as SQLite's own procedure for such changes asks). A rebuild that
 * keeps every row's id and reference needs no check, and must not have one: a ledger with rows
 * deleted behind zhibu's back (references left dangling) has to upgrade so that verify can name
 * them (tests/cli/upgrade_v10.sh). A rebuild that renumbers rows or rewrites references names
 * its table, and the tables whose rows refer to it, in V10_FK_CHECKED: their references are
 * checked (foreign_key_check) before the step commits. */
static const char *const V10_FK_CHECKED[] = {
    NULL, /* none: nothing in version 10 renumbers rows */
};

static bool step_rebuilds(int to_version)
{
    /* 11: app_user (migrate_v11_roles); 13: attendance, allocations (migrate_v13_rows) */
    return to_version == 10 || to_version == 11 || to_version == 13;
}

/* SQLITE_OK, or SQLITE_CONSTRAINT_FOREIGNKEY when a checked table has a dangling reference. */
static int check_rebuilt_refs(struct store *st, int to_version)
{
    if (to_version != 10) return SQLITE_OK;
    for (size_t i = 0; i < ZB_ARRAY_LEN(V10_FK_CHECKED) && V10_FK_CHECKED[i]; i++) {
        sqlite3_stmt *s = NULL;
        int rc = sqlite3_prepare_v2(st->db, "SELECT count(*) FROM pragma_foreign_key_check(?1)",
                                    -1, &s, NULL);
        if (rc != SQLITE_OK) return rc;
        sqlite3_bind_text(s, 1, V10_FK_CHECKED[i], -1, SQLITE_STATIC);
        rc = sqlite3_step(s);
        int bad = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
        rc = rc == SQLITE_ROW ? SQLITE_OK : sqlite3_extended_errcode(st->db);
        sqlite3_finalize(s);
        if (rc != SQLITE_OK) return rc;
        if (bad) return SQLITE_CONSTRAINT_FOREIGNKEY;
    }
    return SQLITE_OK;
}

/* The file given back its free pages after an upgrade that removed bytes (versions 10, 13, 14):
 * VACUUM, outside any transaction, then a checkpoint so that the file itself shrinks (the log
 * holds the copy until then). Best effort: the upgrade is committed already. VACUUM needs room
 * for two copies of what the file holds (its temporary copy and the log); with less free space
 * it is not tried (the disk is not filled to the brim), and a failure leaves the file as large
 * as it was, with the same content. */
/* The bytes the file's pages take (*all) and those holding content (*used); false when unknown. */
static bool file_bytes(struct store *st, long long *all, long long *used)
{
    int pages = 0, free_pages = 0, page_size = 0;
    if (st_query_int(st->db, "PRAGMA page_count", &pages) != SQLITE_OK ||
        st_query_int(st->db, "PRAGMA freelist_count", &free_pages) != SQLITE_OK ||
        st_query_int(st->db, "PRAGMA page_size", &page_size) != SQLITE_OK)
        return false;
    *all = (long long)pages * page_size;
    *used = (long long)(pages - free_pages) * page_size;
    return true;
}

/* What the VACUUM after an upgrade needs free beside the file: its temporary copy and the log
 * (counted on the file's disk, where the log is; the copy may be in the temporary directory). */
static long long vacuum_need(long long used)
{
    return 2 * used + (64LL << 20);
}

/* What the steps need free beside the file before they commit: the rebuilt tables and indexes
 * go through the log (at most about half of a ledger's content: the v13 rebuild, the largest,
 * writes a third of it). The VACUUM after them is not counted: it is skipped when the room is
 * short (shrink_after_upgrade), as before, and the upgrade still goes through. */
static long long steps_need(long long used)
{
    return used / 2 + (64LL << 20);
}

static bool upgrade_shrinks(int from, int to)
{
    /* 13: the child tables rebuilt; 14: the search index made again, smaller */
    return from >= 1 && ((from < 13 && to >= 13) || (from < 14 && to >= 14));
}

static void shrink_after_upgrade(struct store *st, struct st_progress *p)
{
    long long all, used;
    if (!file_bytes(st, &all, &used)) return;
    long long room = st_free_bytes(st->path);
    if (room >= 0 && room < vacuum_need(used)) return;
    int page_size = 0, high = 0;
    if (p && st_query_int(st->db, "PRAGMA page_size", &page_size) == SQLITE_OK && page_size > 0) {
        p->db = st->db;
        sqlite3_db_status(st->db, SQLITE_DBSTATUS_CACHE_MISS, &p->misses_before, &high, 0);
    }
    st_progress_tell(p, STORE_UPGRADE_SHRINK, "", 0, page_size > 0 ? used / page_size : 0);
    if (st_exec_sql(st->db, "VACUUM") == SQLITE_OK)
        sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    if (p) p->db = NULL;
}

/* "3.4 GB", "512 MB" (rounded up: a size needed is never understated) */
static void size_text(long long bytes, char *out, size_t outsz)
{
    if (bytes >= (1LL << 30)) snprintf(out, outsz, "%.1f GB", (double)bytes / (1LL << 30) + 0.05);
    else snprintf(out, outsz, "%lld MB", (bytes + (1LL << 20) - 1) >> 20);
}

int st_upgrade_room(struct store *st, const struct store_options *opt)
{
    int version = 0;
    long long all, used;
    if (st_query_int(st->db, "PRAGMA user_version", &version) != SQLITE_OK ||
        !file_bytes(st, &all, &used))
        return STORE_OK; /* not known: the backup and the steps find a full disk themselves */
    long long vacuum = steps_need(used);
    char *dir = backup_dir_of(st, opt);
    struct stat db_sb, dir_sb;
    char *db_dir = st_dir_of(st->path);
    bool same_disk = stat(dir, &dir_sb) != 0 ||
                     (stat(db_dir, &db_sb) == 0 && db_sb.st_dev == dir_sb.st_dev);
    free(db_dir);
    /* a backup directory not made yet goes where its parent is: counted on the file's disk */
    long long here = st_free_bytes(st->path);
    long long there = same_disk ? here : st_free_bytes(dir);
    bool short_here = here >= 0 && here < vacuum + (same_disk ? all : 0);
    bool short_there = !same_disk && there >= 0 && there < all;
    int rc = STORE_OK;
    if (short_here || short_there) {
        char need[32], backup[32], work[32], have[32];
        size_text(same_disk ? all + vacuum : short_here ? vacuum : all, need, sizeof need);
        size_text(all, backup, sizeof backup);
        size_text(vacuum, work, sizeof work);
        size_text(short_here ? here : there, have, sizeof have);
        rc = st_fail(st, STORE_ERR,
                     "磁盘空间不足，不能升级数据库 %s（版本 %d → %d）：%s需要约 %s 可用空间（升级前的"
                     "备份 %s，升级中临时占用 %s），现在只有 %s。数据库没有改动；请先腾出磁盘空间，或"
                     "把数据库复制到空间足够的磁盘上再打开",
                     st->path, version, st_target_version(),
                     short_here ? "数据库所在的磁盘" : "备份目录所在的磁盘", need, backup, work, have);
    }
    free(dir);
    return rc;
}

/* One step: its SQL, its C part and the new user_version in one transaction (nothing of it
 * stays when any part fails). */
static int migrate_step(struct store *st, int v, struct st_progress *p)
{
    char setver[48];
    snprintf(setver, sizeof setver, "PRAGMA user_version = %d", v);
    bool rebuild = step_rebuilds(v);
    int rc = rebuild ? st_exec_sql(st->db, "PRAGMA foreign_keys = OFF") : SQLITE_OK;
    if (rc == SQLITE_OK) rc = st_exec_sql(st->db, "BEGIN IMMEDIATE");
    /* Another process may have migrated while we waited for the write lock. */
    int now_at = 0;
    if (rc == SQLITE_OK) rc = st_query_int(st->db, "PRAGMA user_version", &now_at);
    if (rc == SQLITE_OK && now_at >= v) {
        rc = st_exec_sql(st->db, "COMMIT");
        if (rc == SQLITE_OK && rebuild) rc = st_exec_sql(st->db, "PRAGMA foreign_keys = ON");
        if (rc == SQLITE_OK) return STORE_OK;
    }
    int hrc = STORE_OK;
    if (rc == SQLITE_OK) rc = st_exec_sql(st->db, st_migration_sql(v));
    bool dangling = false;
    if (rc == SQLITE_OK && rebuild) {
        rc = check_rebuilt_refs(st, v);
        dangling = rc == SQLITE_CONSTRAINT_FOREIGNKEY;
    }
    if (rc == SQLITE_OK && (hrc = migrate_hook(st, v, p)) != STORE_OK) rc = SQLITE_ABORT;
    if (rc == SQLITE_OK) rc = st_exec_sql(st->db, setver);
    if (rc == SQLITE_OK) rc = st_exec_sql(st->db, "COMMIT");
    if (rc != SQLITE_OK) {
        if (hrc == STORE_OK) {
            const char *why = dangling ? "重建的表中有引用不存在的记录" : sqlite3_errmsg(st->db);
            st_fail(st, (rc & 0xff) == SQLITE_BUSY ? STORE_ERR_BUSY : STORE_ERR,
                    "数据库 %s 升级到版本 %d 失败：%s", st->path, v, why);
        }
        if (!sqlite3_get_autocommit(st->db)) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        if (rebuild) sqlite3_exec(st->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
        if (hrc != STORE_OK) return hrc;
        return (rc & 0xff) == SQLITE_BUSY ? STORE_ERR_BUSY : STORE_ERR;
    }
    if (rebuild && (rc = st_exec_sql(st->db, "PRAGMA foreign_keys = ON")) != SQLITE_OK)
        return st_fail(st, STORE_ERR, "数据库 %s 升级到版本 %d 后无法打开：%s", st->path, v,
                       sqlite3_errmsg(st->db));
    return STORE_OK;
}

int st_migrate(struct store *st, int from, int to, struct st_progress *p)
{
    if (progress_wanted(p)) sqlite3_progress_handler(st->db, PROGRESS_OPS, still_working, p);
    int result = STORE_OK;
    for (int v = from + 1; v <= to && result == STORE_OK; v++) {
        if (p) p->u.step = v;
        st_progress_tell(p, STORE_UPGRADE_STEP, "", 0, 0);
        result = migrate_step(st, v, p);
    }
    if (result == STORE_OK && upgrade_shrinks(from, to)) shrink_after_upgrade(st, p);
    sqlite3_progress_handler(st->db, 0, NULL, NULL);
    return result;
}
