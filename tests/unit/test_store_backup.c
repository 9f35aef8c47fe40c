/* Unit tests of src/store/backup_db.c (issue 15, "Back up and restore"): a backup holds what is
 * committed (the log's part included), named, 0600, checked; only an administrator or the system
 * makes one (the store's sentence for a secretary); a missing directory said so; pruning touches
 * only this office's; the daily backup once a day; restore checks and keeps the former file, and
 * refuses another office's, a damaged file and a database another process has open; restoring
 * under an open handle leaves it reading the restored file, read-only. Also the ledger
 * connection's synchronous = FULL, and a fresh village database rebuilding its branch from its
 * own last bundle (the signature and the confirmed fingerprint still decide). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../src/store/store_priv.h"
#include "fixtures.h"
#include "test.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_backup.h"
#include "zhibu/store_exchange.h"
#include "zhibu/store_office.h"

#define CHECK_HAS(got, part)                                                                   \
    do {                                                                                       \
        const char *g_ = (got), *p_ = (part);                                                  \
        if (!strstr(g_, p_)) test_fail(__FILE__, __LINE__, "\"%s\" lacks \"%s\"", g_, p_);     \
    } while (0)

static char *usb_dir(void)
{
    char *d = test_db_path("usb");
    mkdir(d, 0700);
    return d;
}

static int files_in(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
    FILE *p = popen(cmd, "r");
    int n = -1;
    if (p) {
        if (fscanf(p, "%d", &n) != 1) n = -1;
        pclose(p);
    }
    return n;
}

TEST(store_backup_ledger_is_synchronous_full)
{
    char *db = test_db_path("s.db");
    struct store *st = test_open_db(db, "system");
    sqlite3_stmt *s = NULL;
    CHECK_INT(sqlite3_prepare_v2(st->db, "PRAGMA synchronous", -1, &s, NULL), SQLITE_OK);
    CHECK_INT(sqlite3_step(s), SQLITE_ROW);
    CHECK_INT(sqlite3_column_int(s, 0), 2); /* FULL */
    sqlite3_finalize(s);
    store_close(st);
    free(db);
}

TEST(store_backup_make_named_checked_with_the_log)
{
    setenv("ZHIBU_NOW", "2026-11-21T06:05:00Z", 1);
    char *db = test_db_path("b.db");
    char *usb = usb_dir();
    struct store *st = test_open_db(db, "system");
    CHECK_INT(store_office_set(st, NULL, "红旗村"), STORE_OK);
    fx_branch(st, "1101010001", "1101010001党支部", 0);
    /* a second connection keeps the log from being merged: the branch lives in the -wal only */
    sqlite3 *other = NULL;
    CHECK_INT(sqlite3_open(db, &other), SQLITE_OK);
    CHECK_INT(sqlite3_exec(other, "SELECT count(*) FROM branch", NULL, NULL, NULL), SQLITE_OK);
    struct backup_file f;
    CHECK_INT(store_backup_make(st, usb, &f), STORE_OK);
    char want[600];
    snprintf(want, sizeof want, "%s/红旗村-20261121-0605.zhibu-backup", usb);
    CHECK_STR(f.path, want);
    CHECK_STR(f.made, "2026-11-21 06:05");
    struct stat sb;
    CHECK_INT(stat(f.path, &sb), 0);
    CHECK_INT(sb.st_mode & 0777, 0600);
    CHECK_INT(f.bytes, sb.st_size);
    CHECK_INT(test_sql_int(f.path, "SELECT count(*) FROM branch"), 1);
    struct backup_check chk;
    char err[1024];
    CHECK_INT(store_backup_check(f.path, &chk, err, sizeof err), STORE_OK);
    CHECK_INT(chk.branches, 1);
    CHECK_STR(chk.office.name, "红旗村");
    CHECK(chk.entries > 0);
    /* the same minute again: a second name, the first kept */
    struct backup_file g;
    CHECK_INT(store_backup_make(st, usb, &g), STORE_OK);
    snprintf(want, sizeof want, "%s/红旗村-20261121-0605-2.zhibu-backup", usb);
    CHECK_STR(g.path, want);
    CHECK_INT(files_in(usb), 2);
    /* the last one remembered */
    struct backup_file last;
    CHECK_INT(store_backup_last(st, &last), STORE_OK);
    CHECK_STR(last.path, g.path);
    /* listed newest first */
    struct store_backup_list list;
    CHECK_INT(store_backup_list(st, usb, &list), STORE_OK);
    CHECK_INT(list.n, 2);
    if (list.n == 2) CHECK_STR(list.v[0].name, "红旗村-20261121-0605-2.zhibu-backup");
    store_backup_list_free(&list);
    sqlite3_close(other);
    store_close(st);
    unsetenv("ZHIBU_NOW");
    free(db);
    free(usb);
}

TEST(store_backup_refusals)
{
    char *db = test_db_path("r.db");
    char *usb = usb_dir();
    struct store *st = test_open_db(db, "system");
    int64_t b = fx_branch(st, "1101010001", "1101010001党支部", 0);
    struct backup_file f;
    char *missing = test_db_path("nostick");
    CHECK_INT(store_backup_make(st, missing, &f), STORE_ERR_NOT_FOUND);
    char want[600];
    snprintf(want, sizeof want, "备份目录 %s 不存在（U 盘插好了吗？）", missing);
    CHECK_STR(store_errmsg(st), want);
    /* a secretary: the store's own sentence, nothing written */
    CHECK_INT(store_test_set_session(st, STORE_ROLE_SECRETARY, b, "shuji"), STORE_OK);
    char why[256];
    store_may_why(st, STORE_PERM_ADMIN, 0, why, sizeof why);
    CHECK(why[0] != '\0');
    CHECK_INT(store_backup_make(st, usb, &f), STORE_ERR_DENIED);
    CHECK_STR(store_errmsg(st), why);
    CHECK_INT(files_in(usb), 0);
    /* the daily backup on quitting is made whoever quits */
    bool made;
    int removed;
    CHECK_INT(store_backup_daily(st, usb, 3, &made, &f, &removed), STORE_OK);
    CHECK(made);
    CHECK_INT(store_backup_daily(st, usb, 3, &made, &f, &removed), STORE_OK);
    CHECK(!made); /* one of today is there */
    CHECK_INT(files_in(usb), 1);
    store_close(st);
    free(db);
    free(usb);
    free(missing);
}

TEST(store_backup_prune_only_this_office)
{
    char *a = test_db_path("a.db"), *o = test_db_path("o.db");
    char *usb = usb_dir();
    struct store *st = test_open_db(a, "system");
    struct store *ot = test_open_db(o, "system");
    /* both unnamed villages: the same file names */
    static const char *const days[] = {"2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"};
    struct backup_file f;
    for (int i = 0; i < 4; i++) {
        char now[32];
        snprintf(now, sizeof now, "%sT08:00:00Z", days[i]);
        setenv("ZHIBU_NOW", now, 1);
        CHECK_INT(store_backup_make(st, usb, &f), STORE_OK);
    }
    setenv("ZHIBU_NOW", "2026-11-16T08:00:00Z", 1);
    CHECK_INT(store_backup_make(ot, usb, &f), STORE_OK);
    unsetenv("ZHIBU_NOW");
    char note[700];
    snprintf(note, sizeof note, "%s/村（社区）支部-20261101-0800.zhibu-backup.txt", usb);
    FILE *nf = fopen(note, "w");
    if (!nf) test_fail(__FILE__, __LINE__, "cannot write %s: %s", note, strerror(errno));
    if (nf) {
        fputs("a note", nf);
        fclose(nf);
    }
    int removed = -1;
    CHECK_INT(store_backup_prune(st, usb, 2, &removed), STORE_OK);
    CHECK_INT(removed, 2);
    CHECK_INT(files_in(usb), 4); /* two of ours, the other office's, the note */
    CHECK(access(f.path, F_OK) == 0);
    CHECK(access(note, F_OK) == 0);
    store_close(st);
    store_close(ot);
    free(a);
    free(o);
    free(usb);
}

TEST(store_backup_restore_checks_and_keeps)
{
    char *db = test_db_path("live.db"), *o = test_db_path("other.db");
    char *usb = usb_dir();
    struct store *st = test_open_db(db, "system");
    fx_branch(st, "1101010001", "1101010001党支部", 0);
    struct backup_file good;
    CHECK_INT(store_backup_make(st, usb, &good), STORE_OK);
    fx_branch(st, "1101010002", "1101010002党支部", 0); /* after the backup */
    store_close(st);
    struct store *ot = test_open_db(o, "system");
    struct backup_file foreign;
    CHECK_INT(store_backup_make(ot, usb, &foreign), STORE_OK);
    store_close(ot);

    struct restore_result r;
    char err[2048];
    CHECK_INT(store_backup_restore(db, NULL, foreign.path, false, &r, err, sizeof err),
              STORE_ERR_DENIED);
    CHECK_HAS(err, "来自另一个单位");
    CHECK_INT(test_sql_int(db, "SELECT count(*) FROM branch"), 2);
    char *missing = test_db_path("usb/none.zhibu-backup");
    CHECK_INT(store_backup_restore(db, NULL, missing, false, &r, err, sizeof err),
              STORE_ERR_NOT_FOUND);
    CHECK_HAS(err, "不存在");

    /* another process holding the database open */
    int ready[2];
    CHECK_INT(pipe(ready), 0);
    pid_t child = fork();
    if (child == 0) {
        sqlite3 *h = NULL;
        sqlite3_open(db, &h);
        sqlite3_exec(h, "SELECT count(*) FROM branch", NULL, NULL, NULL);
        if (write(ready[1], "x", 1) != 1) _exit(1);
        pause();
        _exit(0);
    }
    char c;
    CHECK_INT(read(ready[0], &c, 1), 1);
    CHECK_INT(store_backup_file_in_use(db), child);
    CHECK_INT(store_backup_restore(db, NULL, good.path, false, &r, err, sizeof err),
              STORE_ERR_BUSY);
    CHECK_HAS(err, "正被另一个程序");
    kill(child, SIGTERM);
    waitpid(child, NULL, 0);
    CHECK_INT(store_backup_file_in_use(db), 0);

    CHECK_INT(store_backup_restore(db, NULL, good.path, false, &r, err, sizeof err), STORE_OK);
    CHECK_INT(test_sql_int(db, "SELECT count(*) FROM branch"), 1);
    CHECK(r.kept[0] != '\0');
    CHECK_INT(test_sql_int(r.kept, "SELECT count(*) FROM branch"), 2);
    CHECK_INT(r.from.branches, 1);
    free(db);
    free(o);
    free(usb);
    free(missing);
}

TEST(store_backup_restore_under_open_handle)
{
    char *db = test_db_path("h.db");
    char *usb = usb_dir();
    struct store *st = test_open_db(db, "system");
    fx_branch(st, "1101010001", "1101010001党支部", 0);
    struct backup_file good;
    CHECK_INT(store_backup_make(st, usb, &good), STORE_OK);
    fx_branch(st, "1101010002", "1101010002党支部", 0);
    /* own connections do not count as another program */
    CHECK_INT(store_backup_file_in_use(db), 0);
    struct restore_result r;
    char err[2048];
    CHECK_INT(store_backup_restore(NULL, st, good.path, false, &r, err, sizeof err), STORE_OK);
    /* the handle reads the restored file and writes nothing */
    CHECK_INT(store_branch_count(st), 1);
    CHECK_INT(store_access_mode(st), STORE_READ_ONLY);
    struct branch b = {0};
    snprintf(b.code, sizeof b.code, "1101010003");
    snprintf(b.name, sizeof b.name, "新支部");
    snprintf(b.type, sizeof b.type, "rural");
    CHECK_INT(store_branch_add(st, &b), STORE_ERR_READONLY);
    store_close(st);
    CHECK_INT(test_sql_int(db, "SELECT count(*) FROM branch"), 1);
    CHECK_INT(test_sql_int(r.kept, "SELECT count(*) FROM branch"), 2);
    free(db);
    free(usb);
}

/* A village whose PC died: a new village database takes its branch back from the last bundle. */
TEST(store_backup_village_rebuilds_from_its_bundle)
{
    char *old = test_db_path("old.db"), *fresh = test_db_path("fresh.db");
    char *bundle = test_db_path("last.zbx");
    struct store *st = test_open_db(old, "system");
    CHECK_INT(store_office_set(st, "village", "红旗村"), STORE_OK);
    int64_t b = fx_branch(st, "1101010001", "1101010001党支部", 0);
    CHECK_INT(store_bundle_export(st, b, EXCHANGE_LEDGER, bundle, "test", NULL), STORE_OK);
    store_close(st);

    struct store *nw = test_open_db(fresh, "system");
    struct exchange_report rep;
    /* unconfirmed: refused, as any first bundle */
    CHECK(store_bundle_import(nw, bundle, NULL, NULL, &rep) != STORE_OK);
    CHECK_INT(store_branch_count(nw), 0);
    CHECK_INT(store_bundle_import(nw, bundle, test_bundle_signer(bundle), NULL, &rep), STORE_OK);
    CHECK_INT(store_branch_count(nw), 1);
    struct verify_result v;
    CHECK_INT(store_journal_verify(nw, 0, &v), STORE_OK);
    CHECK_INT(v.nproblems, 0);
    /* the old office is this branch's ledger office now */
    struct store_office_peer_list peers_l = {0};
    struct office_peer *peers = NULL;
    int n = 0;
    store_office_peer_list_free(&peers_l);
    CHECK_INT(store_office_peer_list(nw, &peers_l), STORE_OK);
    peers = peers_l.v, n = peers_l.n;
    CHECK_INT(n, 1);
    if (n == 1) CHECK_STR(peers[0].role, "ledger");
    store_close(nw);

    /* a village database that has a branch takes no other */
    char *second = test_db_path("second.db"), *b2 = test_db_path("b2.zbx");
    st = test_open_db(second, "system");
    int64_t x = fx_branch(st, "1101010009", "1101010009党支部", 0);
    CHECK_INT(store_bundle_export(st, x, EXCHANGE_LEDGER, b2, "test", NULL), STORE_OK);
    store_close(st);
    nw = test_open_db(fresh, "system");
    CHECK(store_bundle_import(nw, b2, test_bundle_signer(b2), NULL, &rep) != STORE_OK);
    CHECK_HAS(rep.problem, "只能导入本支部的台账");
    CHECK_INT(store_branch_count(nw), 1);
    store_close(nw);
    free(old);
    free(fresh);
    free(bundle);
    free(second);
    free(b2);
    store_office_peer_list_free(&peers_l);
}
