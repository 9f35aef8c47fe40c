/* The unit-test runner: see test.h. Each test runs in a child process of its own, so a test that
 * crashes (or trips a sanitizer) is reported as failed and the tests after it still run; with
 * ZHIBU_UNIT_NOFORK=1 in the environment they run in this process (for a debugger). */
#define _GNU_SOURCE
#include <errno.h>
#include <ftw.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test.h"
#include "zhibu/clock.h"
#include "zhibu/store_exchange.h"
#include "zhibu/store.h"
#include "zhibu/store_meeting.h"

#include <sqlite3.h>

#define MAX_TESTS 1024

struct entry {
    const char *name;
    test_fn fn;
};
static struct entry tests[MAX_TESTS];
static int ntests;
static int current_failed;
static char tmpdir[512];
static char test_root[256]; /* the running test's temporary directories live in here */
static int tmp_serial;

/* A child's exit status when some of its checks failed (1 is what the sanitizers use). */
enum { EXIT_CHECKS_FAILED = 3 };

void test_register(const char *name, test_fn fn)
{
    if (ntests < MAX_TESTS) tests[ntests++] = (struct entry){name, fn};
}

void test_fail(const char *file, int line, const char *fmt, ...)
{
    current_failed++;
    va_list ap;
    va_start(ap, fmt);
    printf("    %s:%d: ", file, line);
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb; (void)flag; (void)ftw;
    return remove(path);
}

const char *test_tmpdir(void)
{
    if (mkdir(test_root, 0700) != 0 && errno != EEXIST) {
        perror(test_root);
        abort();
    }
    snprintf(tmpdir, sizeof tmpdir, "%s/%d", test_root, ++tmp_serial);
    nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    if (mkdir(tmpdir, 0700) != 0) {
        perror(tmpdir);
        abort();
    }
    return tmpdir;
}

char *test_db_path(const char *name)
{
    const char *dir = test_tmpdir();
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (!p) abort();
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

struct store *test_open_db(const char *path, const char *user)
{
    struct store_options opt = {.create = true, .backup_keep = 5, .user = user};
    struct store *st = NULL;
    char err[512];
    int rc = store_open(path, &opt, &st, err, sizeof err);
    if (rc != STORE_OK) test_fail(__FILE__, __LINE__, "store_open(%s): %d %s", path, rc, err);
    return st;
}

int64_t test_add_meeting(struct store *st, int64_t branch_id, const char *kind, const char *date)
{
    struct meeting m = {0};
    m.branch_id = branch_id;
    snprintf(m.kind, sizeof m.kind, "%s", kind);
    snprintf(m.date, sizeof m.date, "%s", date);
    m.topics = strdup("学习传达上级精神");
    m.minutes = strdup("");
    if (store_meeting_add(st, &m) != STORE_OK)
        test_fail(__FILE__, __LINE__, "meeting_add(%s): %s", date, store_errmsg(st));
    int64_t id = m.id;
    meeting_free(&m);
    return id;
}

void test_sql(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    char *err = NULL;
    if (sqlite3_open(path, &db) != SQLITE_OK || sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
        test_fail(__FILE__, __LINE__, "sql %s: %s", sql, err ? err : db ? sqlite3_errmsg(db) : "?");
    sqlite3_free(err);
    sqlite3_close(db);
}

long long test_sql_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    long long v = -12345;
    if (sqlite3_open(path, &db) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    else
        test_fail(__FILE__, __LINE__, "query %s: %s", sql, db ? sqlite3_errmsg(db) : "?");
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
}

char *test_sql_text(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    char *v = NULL;
    if (sqlite3_open(path, &db) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW &&
        sqlite3_column_text(s, 0))
        v = strdup((const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v ? v : strdup("(null)");
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

/* Run test i in this process; true when every check passed. */
static bool run_here(int i)
{
    current_failed = 0;
    tmp_serial = 0;
    tests[i].fn();
    return current_failed == 0;
}

/* Run test i in a child process. A crash, a signal or a sanitizer's exit is a failure, said in
 * one line; the test's own failed checks were printed by the child. */
static bool run_forked(int i)
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return run_here(i);
    }
    if (pid == 0) exit(run_here(i) ? 0 : EXIT_CHECKS_FAILED);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            perror("waitpid");
            return false;
        }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return true;
    if (WIFSIGNALED(status))
        printf("    %s: crashed (signal %d, %s); the tests after it still run\n", tests[i].name,
               WTERMSIG(status), strsignal(WTERMSIG(status)));
    else if (WEXITSTATUS(status) != EXIT_CHECKS_FAILED)
        printf("    %s: exited with status %d (a crash or a sanitizer report, above); the tests after it"
               " still run\n", tests[i].name, WEXITSTATUS(status));
    return false;
}

int main(int argc, char **argv)
{
    if (!setlocale(LC_ALL, "C.UTF-8")) setlocale(LC_ALL, "");
    setenv("TZ", "UTC", 1);
    setvbuf(stdout, NULL, _IOLBF, 0);
    /* the tests' databases honour ZHIBU_TODAY / ZHIBU_NOW, as databases made with --test do */
    store_test_mark_new_databases(true);
    clock_allow_override(1);
    qsort(tests, (size_t)ntests, sizeof tests[0], by_name);
    const char *nofork = getenv("ZHIBU_UNIT_NOFORK");
    bool forked = !(nofork && *nofork && strcmp(nofork, "0") != 0);
    const char *base = getenv("TMPDIR");
    if (!base || !*base) base = "/tmp";
    int passed = 0, failed = 0;
    for (int i = 0; i < ntests; i++) {
        if (argc > 1 && !strstr(tests[i].name, argv[1])) continue;
        snprintf(test_root, sizeof test_root, "%s/zhibu-unit-%d-%d", base, (int)getpid(), i);
        printf("%s ...\n", tests[i].name);
        bool ok = forked ? run_forked(i) : run_here(i);
        if (ok) {
            printf("ok %s\n", tests[i].name);
            passed++;
        } else {
            printf("FAIL %s\n", tests[i].name);
            failed++;
        }
        /* remove the temporary directories made by this test, even when it crashed */
        nftw(test_root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    }
    printf("unit: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

unsigned char *test_slurp(const char *path, size_t *n)
{
    *n = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        test_fail(__FILE__, __LINE__, "open %s", path);
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *p = malloc(len > 0 ? (size_t)len + 1 : 1);
    if (!p) abort();
    *n = len > 0 ? fread(p, 1, (size_t)len, f) : 0;
    fclose(f);
    return p;
}

char *test_bundle_export(const char *db, int64_t branch, int kind, const char *name)
{
    char *out = test_db_path(name);
    unlink(out);
    struct store *st = test_open_db(db, "system");
    struct bundle_manifest m;
    if (store_bundle_export(st, branch, (enum exchange_kind)kind, out, "test", &m) != STORE_OK)
        test_fail(__FILE__, __LINE__, "bundle_export: %s", store_errmsg(st));
    store_close(st);
    return out;
}

const char *test_bundle_signer(const char *bundle)
{
    static char fpr[32];
    struct bundle_manifest m;
    char err[256];
    fpr[0] = '\0';
    if (store_bundle_check(bundle, &m, NULL, NULL, err, sizeof err) == 0)
        snprintf(fpr, sizeof fpr, "%s", m.office_fingerprint);
    return fpr;
}
