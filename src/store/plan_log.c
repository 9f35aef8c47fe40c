/* plan_log.c — for tests only: with ZHIBU_TEST_PLANS set to a file, each distinct statement a
 * connection runs that names the journal (history or history_data) is appended to that file
 * with its query plan, as EXPLAIN QUERY PLAN gives it on the same connection at its first run:
 * "SQL<TAB>statement on one line", then "PLAN<TAB>detail" lines. tests/cli/journal_plans.sh
 * fails on a scan of the journal that is not one of the whole-journal walks. Unset: nothing. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_priv.h"

static pthread_mutex_t plan_mu = PTHREAD_MUTEX_INITIALIZER;
static char **seen;
static size_t nseen, capseen;

static bool plan_seen(const char *sql)
{
    for (size_t i = 0; i < nseen; i++)
        if (strcmp(seen[i], sql) == 0) return true;
    if (nseen == capseen) {
        capseen = capseen ? 2 * capseen : 64;
        char **n = realloc(seen, capseen * sizeof *seen);
        if (!n) return true;
        seen = n;
    }
    char *c = strdup(sql);
    if (!c) return true;
    seen[nseen++] = c;
    return false;
}

static void put_line(FILE *f, const char *tag, const char *text)
{
    fputs(tag, f);
    fputc('\t', f);
    for (const char *p = text; *p; p++) fputc(*p == '\n' || *p == '\t' ? ' ' : *p, f);
    fputc('\n', f);
}

static int plan_trace(unsigned type, void *ctx, void *p, void *x)
{
    (void)ctx;
    if (type != SQLITE_TRACE_STMT) return 0;
    sqlite3_stmt *s = p;
    const char *sql = sqlite3_sql(s);
    if (!sql || !strcasestr(sql, "history") || sqlite3_stmt_isexplain(s)) return 0;
    if (x && strncmp((const char *)x, "--", 2) == 0) return 0; /* a trigger of the statement */
    const char *path = getenv("ZHIBU_TEST_PLANS");
    if (!path || !*path) return 0;
    pthread_mutex_lock(&plan_mu);
    if (!plan_seen(sql)) {
        FILE *f = fopen(path, "a");
        char *q = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sql);
        sqlite3_stmt *e = NULL;
        if (f && q && sqlite3_prepare_v2(sqlite3_db_handle(s), q, -1, &e, NULL) == SQLITE_OK) {
            put_line(f, "SQL", sql);
            while (sqlite3_step(e) == SQLITE_ROW) {
                const unsigned char *d = sqlite3_column_text(e, 3);
                put_line(f, "PLAN", d ? (const char *)d : "");
            }
        } else if (f) {
            put_line(f, "SQL", sql);
            put_line(f, "NOPLAN", sqlite3_errmsg(sqlite3_db_handle(s)));
        }
        sqlite3_finalize(e);
        sqlite3_free(q);
        if (f) fclose(f);
    }
    pthread_mutex_unlock(&plan_mu);
    return 0;
}

void st_plan_log(sqlite3 *db)
{
    const char *path = getenv("ZHIBU_TEST_PLANS");
    if (path && *path) sqlite3_trace_v2(db, SQLITE_TRACE_STMT, plan_trace, NULL);
}
