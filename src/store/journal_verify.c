/* journal_verify.c — verifying the journal (store_journal_verify): every chain, every row against its
 * newest entry, other offices' entries, and the heads sent and received. */
#include "journal_priv.h"

#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "journal_entry.h"
#include "journal_rows.h"
#include "journal_sha.h"
#include "zhibu/clock.h"
#include "zhibu/util.h"

/* ---- verification ---------------------------------------------------------------------- */

struct verify_ctx {
    struct verify_result *out;
    int64_t *bad;          /* branches with a problem (whole-database runs) */
    size_t nbad, capbad;
};

static void add_problem(struct verify_ctx *v, enum verify_kind kind, int64_t entry,
                        int64_t branch, const char *table, const char *row_uuid,
                        const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* One problem or warning, its message from fmt. */
static void fill_problem(struct verify_problem *p, enum verify_kind kind, int64_t entry,
                         int64_t branch, const char *table, const char *row_uuid, const char *fmt,
                         va_list ap) __attribute__((format(printf, 7, 0)));
static void fill_problem(struct verify_problem *p, enum verify_kind kind, int64_t entry,
                         int64_t branch, const char *table, const char *row_uuid, const char *fmt,
                         va_list ap)
{
    memset(p, 0, sizeof *p);
    p->kind = kind;
    p->entry_id = entry;
    p->branch_id = branch;
    zb_strlcpy(p->table_name, table ? table : "", sizeof p->table_name);
    zb_strlcpy(p->row_uuid, row_uuid ? row_uuid : "", sizeof p->row_uuid);
    vsnprintf(p->message, sizeof p->message, fmt, ap);
}

static void add_problem(struct verify_ctx *v, enum verify_kind kind, int64_t entry,
                        int64_t branch, const char *table, const char *row_uuid,
                        const char *fmt, ...)
{
    struct verify_result *out = v->out;
    if (out->nproblems < VERIFY_MAX_PROBLEMS) {
        va_list ap;
        va_start(ap, fmt);
        fill_problem(&out->problems[out->nproblems], kind, entry, branch, table, row_uuid, fmt, ap);
        va_end(ap);
    }
    out->nproblems++;
    for (size_t i = 0; i < v->nbad; i++)
        if (v->bad[i] == branch) return;
    if (v->nbad == v->capbad) {
        v->capbad = v->capbad ? v->capbad * 2 : 16;
        v->bad = xrealloc(v->bad, v->capbad * sizeof *v->bad);
    }
    v->bad[v->nbad++] = branch;
}

/* A warning (VERIFY_CLOCK_BACK): kept like a problem, but the ledger stays 完整. */
static void add_warning(struct verify_ctx *v, int64_t entry, int64_t branch, const char *table,
                        const char *row_uuid, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
static void add_warning(struct verify_ctx *v, int64_t entry, int64_t branch, const char *table,
                        const char *row_uuid, const char *fmt, ...)
{
    struct verify_result *out = v->out;
    if (out->nwarnings < VERIFY_MAX_PROBLEMS) {
        va_list ap;
        va_start(ap, fmt);
        fill_problem(&out->warnings[out->nwarnings], VERIFY_CLOCK_BACK, entry, branch, table,
                     row_uuid, fmt, ap);
        va_end(ap);
    }
    out->nwarnings++;
}

/* "2026-11-21T10:00:00Z" as "2026-11-21 10:00:00" (what a person reads). */
static void show_time(const char *iso, char out[20])
{
    zb_strlcpy(out, iso, 20);
    if (strlen(out) > 10 && out[10] == 'T') out[10] = ' ';
}

static const char *col(sqlite3_stmt *s, int c)
{
    const unsigned char *t = sqlite3_column_text(s, c);
    return t ? (const char *)t : "";
}

#define CHAIN_SQL_ONE ENTRY_RAW_COLS " WHERE branch_id = ?1 ORDER BY id"
#define CHAIN_SQL_ALL ENTRY_RAW_COLS " ORDER BY id"

/* The entries of s (CHAIN_SQL_*, bound) walked chain by chain: SQLITE_DONE or the error. */
static int chains_walk(sqlite3_stmt *s, struct verify_ctx *v)
{
    struct chains chains = {0};
    struct st_entry e = {0};
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        v->out->entries++;
        st_entry_read(s, &e);
        int64_t id = sqlite3_column_int64(s, 0);
        const char *table = col(s, 2);
        char day[11];
        zb_strlcpy(day, col(s, 5), sizeof day);
        if (sqlite3_column_type(s, 11) == SQLITE_NULL || sqlite3_column_type(s, 9) == SQLITE_NULL) {
            add_problem(v, VERIFY_CHAIN, id, 0, table, col(s, 3),
                        "日志第 %lld 条（%s %s，%s）未经封存：不是由 zhibu 写入的", (long long)id,
                        st_table_label(table), st_action_label(col(s, 4)), day);
            continue;
        }
        int64_t branch = sqlite3_column_int64(s, 9);
        bool fresh;
        struct chain *c = st_chain_find(&chains, branch, &fresh);
        if (fresh) {
            c->hash[0] = '\0';
            c->last_id = 0;
        }
        const char *at = col(s, 5);
        if (c->last_id && strcmp(at, c->last_at) < 0) {
            char t1[20], t0[20];
            show_time(at, t1);
            show_time(c->last_at, t0);
            add_warning(v, id, branch, table, col(s, 3),
                        "时间倒退：日志第 %lld 条（%s %s）记于 %s，早于同一链上前一条（第 %lld 条）的 %s",
                        (long long)id, st_table_label(table), st_action_label(col(s, 4)), t1,
                        (long long)c->last_id, t0);
        }
        c->last_id = id;
        zb_strlcpy(c->last_at, at, sizeof c->last_at);
        const char *prev = e.prev ? e.prev : "", *stored = e.hash ? e.hash : "";
        char want[HASH_HEX];
        st_entry_hash_hex(&e, id, branch, prev, want);
        bool linked = strcmp(prev, c->hash) == 0;
        if (!c->bad && (!linked || strcmp(want, stored) != 0)) {
            c->bad = true;
            add_problem(v, VERIFY_CHAIN, id, branch, table, col(s, 3),
                        "日志第 %lld 条（%s %s，%s）与哈希链不符：%s", (long long)id,
                        st_table_label(table), st_action_label(col(s, 4)), day,
                        linked ? "日志被改动" : "它前面的日志被删除或改动");
        }
        zb_strlcpy(c->hash, stored, sizeof c->hash);
    }
    st_entry_free(&e);
    free(chains.v);
    return src;
}

static int verify_chains(struct store *st, int64_t branch_id, struct verify_ctx *v)
{
    sqlite3_stmt *s = st_stmt(st, branch_id ? CHAIN_SQL_ONE : CHAIN_SQL_ALL);
    if (!s) return STORE_ERR;
    if (branch_id) sqlite3_bind_int64(s, 1, branch_id);
    int src = chains_walk(s, v);
    int rc = src == SQLITE_DONE ? STORE_OK
                                : st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验日志");
    st_done(s);
    return rc;
}

struct rows_ctx {
    struct store *st;
    struct verify_ctx *v;
};

/* A row that is not its newest journal value (journal_rows.c). */
static void row_differs(void *ctx, int ti, const char *uuid, int64_t branch, const char *json,
                        const char *newest)
{
    struct rows_ctx *r = ctx;
    const struct journaled *t = &st_journaled[ti];
    /* an account whose newest entry still holds its password hash (before issue 13) */
    if (strcmp(t->table, "app_user") == 0 && st_user_json_legacy_match(r->st, json, newest))
        return;
    if (newest)
        add_problem(r->v, VERIFY_ROW_CHANGED, 0, branch, t->table, uuid,
                    "%s %.8s 的当前内容与日志不符：在 zhibu 之外被改动", st_table_label(t->table), uuid);
    else
        add_problem(r->v, VERIFY_ROW_UNJOURNALED, 0, branch, t->table, uuid,
                    "%s %.8s 不在日志中：在 zhibu 之外写入", st_table_label(t->table), uuid);
}

/* dues_paid_year not the sums of the allocations (journal_derived.c) */
static void derived_differs(void *ctx, int64_t branch, const char *member_uuid, int year)
{
    add_problem(ctx, VERIFY_ROW_CHANGED, 0, branch, "member", member_uuid,
                "党员 %.8s 的 %d 年党费汇总与缴费记录不符：在 zhibu 之外被改动", member_uuid, year);
}

/* The rows of every table but skip (-1: none) — those before it into v, after it into after. */
static int verify_rows(struct store *st, int64_t branch_id, struct verify_ctx *v,
                       struct verify_ctx *after, int skip)
{
    int rc = STORE_OK;
    for (int ti = 0; ti < st_njournaled && rc == STORE_OK; ti++) {
        if (ti == skip) continue;
        struct rows_ctx r = {.st = st, .v = skip >= 0 && ti > skip ? after : v};
        rc = st_rows_check(st, ti, branch_id, &r.v->out->rows, row_differs, &r);
    }
    return rc;
}

static void missing_found(void *ctx, int ti, const char *uuid, int64_t branch, int64_t entry)
{
    const struct journaled *t = &st_journaled[ti];
    add_problem(ctx, VERIFY_ROW_MISSING, entry, branch, t->table, uuid,
                "%s %.8s 已被删除（日志第 %lld 条记有此记录）", st_table_label(t->table), uuid,
                (long long)entry);
}

/* Rows the journal holds that their table does not: one branch through st_missing_sql (the
 * chain's entries by history_chain), the whole database by st_missing_merge. SQLITE_DONE or
 * the error. */
static int missing_walk(sqlite3 *db, int64_t branch_id, struct verify_ctx *v)
{
    if (!branch_id) return st_missing_merge(db, missing_found, v);
    sqlite3_stmt *s = NULL;
    int src = sqlite3_prepare_v2(db, st_missing_sql(true), -1, &s, NULL);
    if (src == SQLITE_OK) {
        sqlite3_bind_int64(s, 1, branch_id);
        while ((src = sqlite3_step(s)) == SQLITE_ROW)
            missing_found(v, sqlite3_column_int(s, 0), col(s, 1), sqlite3_column_int64(s, 2),
                          sqlite3_column_int64(s, 3));
    }
    sqlite3_finalize(s);
    return src;
}

static int verify_missing(struct store *st, int64_t branch_id, struct verify_ctx *v)
{
    int src = missing_walk(st->db, branch_id, v);
    return src == SQLITE_DONE ? STORE_OK
                              : st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验记录");
}

/* ---- two cores ---------------------------------------------------------------------------
 * The chains (SHA-256 over every entry) and the rows read different things: on a ledger with no
 * transaction open, the chains, the rows the journal holds that no table does and the meetings'
 * rows (THREAD_TABLE: about half of the row check's time) are checked in a thread of their own,
 * on a read-only connection of their own (st_open_reader, wrapped in a store handle of the
 * thread's own for journal_rows.c), while this connection checks the other offices' entries,
 * the heads, the other tables' rows and the dues sums. Each part collects its findings apart;
 * they are put together in the order of the steps one after the other (chains, other offices,
 * heads, rows table by table, dues sums, deleted rows), so the result is the same either way. */

#define THREAD_TABLE "meeting"

static int thread_table(void)
{
    for (int ti = 0; ti < st_njournaled; ti++)
        if (strcmp(st_journaled[ti].table, THREAD_TABLE) == 0) return ti;
    return -1;
}

struct part {
    struct verify_result res;
    struct verify_ctx v;
};

static void part_init(struct part *p)
{
    memset(p, 0, sizeof *p);
    p->v.out = &p->res;
}

struct thread_job {
    sqlite3 *db;
    int64_t branch_id;
    int ti;                /* THREAD_TABLE's index */
    struct part chains, missing, rows;
    int src;               /* SQLITE_DONE, or what failed */
};

/* THREAD_TABLE's rows on the thread's connection: SQLITE_DONE or an error. */
static int thread_rows(struct thread_job *j)
{
    if (j->ti < 0) return SQLITE_DONE;
    struct store *w = xcalloc(1, sizeof *w);
    w->db = j->db;
    struct rows_ctx r = {.st = w, .v = &j->rows.v};
    int rc = st_rows_check(w, j->ti, j->branch_id, &j->rows.res.rows, row_differs, &r);
    st_stmt_clear(w);
    free(w);
    return rc == STORE_OK ? SQLITE_DONE : SQLITE_ERROR;
}

static void *thread_main(void *arg)
{
    struct thread_job *j = arg;
    sqlite3_stmt *s = NULL;
    j->src = sqlite3_prepare_v2(j->db, j->branch_id ? CHAIN_SQL_ONE : CHAIN_SQL_ALL, -1, &s,
                                NULL);
    if (j->src == SQLITE_OK) {
        if (j->branch_id) sqlite3_bind_int64(s, 1, j->branch_id);
        j->src = chains_walk(s, &j->chains.v);
    }
    sqlite3_finalize(s);
    s = NULL;
    if (j->src != SQLITE_DONE) return NULL;
    j->src = missing_walk(j->db, j->branch_id, &j->missing.v);
    if (j->src != SQLITE_DONE) return NULL;
    j->src = thread_rows(j);
    return NULL;
}

/* Start the thread: true when it runs (else the caller does its part itself). */
static bool thread_start(struct store *st, struct thread_job *j, pthread_t *t)
{
    j->db = NULL;
    if (st->tx_depth || !sqlite3_threadsafe() || getenv("ZHIBU_VERIFY_ONE_THREAD")) return false;
    const char *file = sqlite3_db_filename(st->db, "main");
    if (!file || !*file) return false; /* in memory: nothing else sees it */
    (void)st_missing_sql(j->branch_id != 0); /* built here, not in two threads at once */
    (void)jsha_accelerated();                 /* the CPU asked here too */
    if (j->ti >= 0) st_rows_build(j->ti, j->branch_id != 0); /* its statements' text too */
    if (st_open_reader(st, &j->db) != SQLITE_OK) {
        sqlite3_close(j->db);
        return false;
    }
    sqlite3_busy_timeout(j->db, 5000);
    if (pthread_create(t, NULL, thread_main, j) != 0) {
        sqlite3_close(j->db);
        return false;
    }
    return true;
}

/* The chains and the deleted rows on this connection (without the thread, or when it failed:
 * say a WAL file the second connection may not read). */
static int thread_part_here(struct store *st, struct thread_job *j)
{
    free(j->chains.v.bad);
    free(j->missing.v.bad);
    free(j->rows.v.bad);
    part_init(&j->chains);
    part_init(&j->missing);
    part_init(&j->rows);
    int rc = verify_chains(st, j->branch_id, &j->chains.v);
    if (rc == STORE_OK) rc = verify_missing(st, j->branch_id, &j->missing.v);
    if (rc == STORE_OK && j->ti >= 0) {
        struct rows_ctx r = {.st = st, .v = &j->rows.v};
        rc = st_rows_check(st, j->ti, j->branch_id, &j->rows.res.rows, row_differs, &r);
    }
    return rc;
}

/* p's findings after those of v. */
static void append_part(struct verify_ctx *v, struct part *p)
{
    struct verify_result *out = v->out, *a = &p->res;
    out->entries += a->entries;
    out->rows += a->rows;
    for (int i = 0; i < a->nproblems && i < VERIFY_MAX_PROBLEMS; i++)
        if (out->nproblems + i < VERIFY_MAX_PROBLEMS) out->problems[out->nproblems + i] = a->problems[i];
    out->nproblems += a->nproblems;
    for (int i = 0; i < a->nwarnings && i < VERIFY_MAX_PROBLEMS; i++)
        if (out->nwarnings + i < VERIFY_MAX_PROBLEMS) out->warnings[out->nwarnings + i] = a->warnings[i];
    out->nwarnings += a->nwarnings;
    for (size_t i = 0; i < p->v.nbad; i++) {
        bool seen = false;
        for (size_t k = 0; k < v->nbad && !seen; k++) seen = v->bad[k] == p->v.bad[i];
        if (seen) continue;
        if (v->nbad == v->capbad) {
            v->capbad = v->capbad ? v->capbad * 2 : 16;
            v->bad = xrealloc(v->bad, v->capbad * sizeof *v->bad);
        }
        v->bad[v->nbad++] = p->v.bad[i];
    }
    free(p->v.bad);
    p->v.bad = NULL;
}

/* ---- other offices' entries (journal_import) ---------------------------------------------
 * A township keeps the journal entries each village sent with its ledger exactly as they were
 * at the origin. Each (branch here, origin office, origin chain) is a chain of its own: ordered
 * by the origin's id, each hash is recomputed as the origin computed it (the id is origin_id,
 * the branch origin_branch_id, the first prev_hash ""). Deleting the newest entries leaves a
 * valid but shorter chain: verify_heads finds that through the heads the bundles brought. */

#define IMPORT_COLS                                                                            \
    "SELECT origin_id, uuid, table_name, row_uuid, action, changed_at, changed_by,"           \
    " zj(table_name, old_json), zj(table_name, new_json), origin_branch_id, "                  \
    JZ_HEX("prev_hash") ", " JZ_HEX("hash") ", branch_id, origin_office"                       \
    " FROM journal_import_data"

struct import_chain {
    int64_t origin_branch;
    bool bad;
    char hash[HASH_HEX];
    int64_t last_id;           /* the entry before (origin id, 0: none yet) and its time */
    char last_at[24];
};

/* The entries of one branch here from one office, while they are walked. */
struct import_group {
    int64_t branch;
    char office[80];
    struct import_chain *c;
    size_t n, cap;
};

static struct import_chain *group_chain(struct import_group *g, int64_t origin_branch)
{
    for (size_t i = 0; i < g->n; i++)
        if (g->c[i].origin_branch == origin_branch) return &g->c[i];
    if (g->n == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 4;
        g->c = xrealloc(g->c, g->cap * sizeof *g->c);
    }
    struct import_chain *c = &g->c[g->n++];
    memset(c, 0, sizeof *c);
    c->origin_branch = origin_branch;
    return c;
}

static int verify_imported(struct store *st, int64_t branch_id, struct verify_ctx *v)
{
    /* the index journal_import_chain gives this order without sorting */
    sqlite3_stmt *s =
        branch_id ? st_stmt(st,
                            IMPORT_COLS " WHERE branch_id = ?1 ORDER BY branch_id, origin_office,"
                                        " origin_id")
                  : st_stmt(st,
                            IMPORT_COLS " ORDER BY branch_id, origin_office, origin_id");
    if (!s) return STORE_ERR;
    if (branch_id) sqlite3_bind_int64(s, 1, branch_id);
    struct import_group g = {0};
    int rc = STORE_OK, src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        v->out->entries++;
        int64_t branch = sqlite3_column_int64(s, 12);
        const char *office = col(s, 13);
        if (branch != g.branch || strcmp(office, g.office) != 0) {
            g.branch = branch;
            zb_strlcpy(g.office, office, sizeof g.office);
            g.n = 0;
        }
        int64_t origin_id = sqlite3_column_int64(s, 0);
        int64_t origin_branch = sqlite3_column_int64(s, 9);
        struct import_chain *c = group_chain(&g, origin_branch);
        const char *table = col(s, 2);
        const char *at = col(s, 5);
        if (c->last_id && strcmp(at, c->last_at) < 0) {
            char t1[20], t0[20];
            show_time(at, t1);
            show_time(c->last_at, t0);
            add_warning(v, 0, branch, table, col(s, 3),
                        "时间倒退：来自其他单位（%.8s）的日志第 %lld 条（%s %s）记于 %s，"
                        "早于同一链上前一条（第 %lld 条）的 %s",
                        office, (long long)origin_id, st_table_label(table),
                        st_action_label(col(s, 4)), t1, (long long)c->last_id, t0);
        }
        c->last_id = origin_id;
        zb_strlcpy(c->last_at, at, sizeof c->last_at);
        const char *prev = col(s, 10), *stored = col(s, 11);
        char want[HASH_HEX];
        st_entry_hash(s, origin_branch, prev, want);
        bool linked = strcmp(prev, c->hash) == 0;
        if (!c->bad && (!linked || strcmp(want, stored) != 0)) {
            c->bad = true;
            char day[11];
            zb_strlcpy(day, at, sizeof day);
            add_problem(v, VERIFY_CHAIN, 0, branch, table, col(s, 3),
                        "来自其他单位（%.8s）的日志第 %lld 条（%s %s，%s）与哈希链不符：%s",
                        office, (long long)origin_id, st_table_label(table),
                        st_action_label(col(s, 4)), day,
                        linked ? "日志被改动" : "它前面的日志被删除或改动");
        }
        zb_strlcpy(c->hash, stored, sizeof c->hash);
    }
    if (src != SQLITE_DONE) rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验导入的日志");
    st_done(s);
    free(g.c);
    return rc;
}

/* ---- heads sent and received (journal_head) ----------------------------------------------
 * Deleting the newest entries of a chain together with their rows leaves a chain that is valid
 * and rows that agree with it. What gives it away is a head that left the office before: every
 * ledger bundle records the head it sent, every import the head it received (and a verdicts
 * bundle tells the village which of its heads the township holds). Each recorded head must still
 * be its chain's entry of that number with that hash: in history for this office's own chains,
 * in journal_import for the others'. Ledger bundles imported before journal_head existed count
 * through bundle_log (their head must be among the imported entries, whatever its number). */

struct head {
    int64_t branch;            /* here */
    char office[80];           /* whose chain */
    int64_t entry;             /* its entry number there (0: a bundle_log head, number unknown) */
    char hash[HASH_HEX];
    char direction[12];        /* sent, received; bundle for a bundle_log head */
    int state;                 /* HEAD_OK, HEAD_GONE (no such entry), HEAD_OTHER (another one) */
};
enum { HEAD_OK, HEAD_GONE, HEAD_OTHER };

/* Whether the head is still there: sets h->state. */
static int head_state(struct store *st, struct head *h, bool own)
{
    sqlite3_stmt *s;
    if (own) {
        s = st_stmt(st, "SELECT hash, branch_id FROM history WHERE id = ?1");
        if (!s) return STORE_ERR;
        sqlite3_bind_int64(s, 1, h->entry);
    } else if (h->entry) {
        s = st_stmt(st,
                    "SELECT hash, branch_id FROM journal_import WHERE branch_id = ?2"
                    " AND origin_office = ?3 AND origin_id = ?1");
        if (!s) return STORE_ERR;
        sqlite3_bind_int64(s, 1, h->entry);
        sqlite3_bind_int64(s, 2, h->branch);
        st_bind_text(s, 3, h->office);
    } else {
        s = st_stmt(st,
                    "SELECT hash, branch_id FROM journal_import WHERE branch_id = ?1"
                    " AND origin_office = ?2 AND hash = ?3 LIMIT 1");
        if (!s) return STORE_ERR;
        sqlite3_bind_int64(s, 1, h->branch);
        st_bind_text(s, 2, h->office);
        st_bind_text(s, 3, h->hash);
    }
    h->state = HEAD_GONE;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        h->state = strcmp(col(s, 0), h->hash) == 0 && sqlite3_column_int64(s, 1) == h->branch
                       ? HEAD_OK
                       : HEAD_OTHER;
    st_done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验链头");
    return STORE_OK;
}

/* The newest entry of the chain before entry (0 when none). */
static int64_t entry_before(struct store *st, const struct head *h, bool own)
{
    sqlite3_stmt *s =
        own ? st_stmt(st,
                      "SELECT max(id) FROM history WHERE branch_id = ?1 AND id < ?3")
            : st_stmt(st,
                      "SELECT max(origin_id) FROM journal_import WHERE branch_id = ?1"
                      " AND origin_office = ?2 AND origin_id < ?3");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, h->branch);
    if (!own) st_bind_text(s, 2, h->office);
    sqlite3_bind_int64(s, 3, h->entry);
    int64_t id = 0;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) id = sqlite3_column_int64(s, 0);
    st_done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验链头");
    return id;
}

/* This office's own entries missing in (after, through]: the first and last number no entry of
 * any chain has any more, and how many. */
static int absent_ids(struct store *st, int64_t after, int64_t through, int64_t *first,
                      int64_t *last, int64_t *count)
{
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT id FROM history WHERE id > ?1 AND id <= ?2 ORDER BY id");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, after);
    sqlite3_bind_int64(s, 2, through);
    *first = *last = *count = 0;
    int64_t next = after + 1; /* the next number not yet accounted for */
    int rc;
    for (;;) {
        rc = sqlite3_step(s);
        int64_t upto = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : through + 1;
        if (upto > next) { /* next .. upto-1 are gone */
            if (!*first) *first = next;
            *last = upto - 1;
            *count += upto - next;
        }
        next = upto + 1;
        if (rc != SQLITE_ROW) break;
    }
    st_done(s);
    if (rc != SQLITE_DONE) return st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验链头");
    return STORE_OK;
}

static const char *head_label(const struct head *h, bool own)
{
    if (own) return strcmp(h->direction, "sent") == 0 ? "已随交换包发出的链头" : "乡镇已收到的链头";
    return "已从交换包收到的链头";
}

/* One problem for the bad heads heads[lo..hi] (same branch and office, by entry number). */
static int head_problem(struct store *st, struct verify_ctx *v, struct head *lo, struct head *hi,
                        bool own)
{
    char who[64] = "";
    if (!own) snprintf(who, sizeof who, "来自其他单位（%.8s）的", lo->office);
    if (!lo->entry) {
        add_problem(v, VERIFY_CHAIN, 0, lo->branch, "", "",
                    "来自其他单位（%.8s）的日志：导入的日志与交换包记录的链头不符"
                    "（末尾的日志缺失或被改动）",
                    lo->office);
        return STORE_OK;
    }
    if (lo->state == HEAD_OTHER) {
        add_problem(v, VERIFY_HEAD_MISSING, own ? lo->entry : 0, lo->branch, "", "",
                    "%s日志第 %lld 条与%s %.8s 不符：原来的日志被删除后又写入了别的内容", who,
                    (long long)lo->entry, head_label(lo, own), lo->hash);
        return STORE_OK;
    }
    int64_t before = entry_before(st, lo, own);
    if (before < 0) return (int)before;
    int64_t first = before + 1, last = hi->entry, count = 0;
    if (own) {
        int rc = absent_ids(st, before, hi->entry, &first, &last, &count);
        if (rc != STORE_OK) return rc;
        if (!count) first = last = lo->entry; /* not expected: the head's own number is gone */
    }
    char range[64];
    if (first == last) snprintf(range, sizeof range, "第 %lld 条", (long long)last);
    else snprintf(range, sizeof range, "第 %lld–%lld 条", (long long)first, (long long)last);
    add_problem(v, VERIFY_HEAD_MISSING, own ? hi->entry : 0, lo->branch, "", "",
                "%s日志缺少%s（%s %.8s）：最新的日志连同记录被删除", who, range,
                head_label(hi, own), hi->hash);
    return STORE_OK;
}

static int verify_heads(struct store *st, int64_t branch_id, struct verify_ctx *v)
{
    char own[80];
    if (store_meta_get(st, "office_uuid", own, sizeof own) != STORE_OK) own[0] = '\0';
    sqlite3_stmt *s = st_stmt(
        st,
        "SELECT branch_id, office_uuid, entry_id, hash, direction FROM journal_head"
        " WHERE ?1 = 0 OR branch_id = ?1"
        " UNION SELECT b.branch_id, b.origin_office, 0, b.journal_head, 'bundle' FROM bundle_log b"
        " WHERE b.kind = 'ledger' AND b.journal_head <> '' AND (?1 = 0 OR b.branch_id = ?1)"
        " AND b.origin_office <> ?2 AND NOT EXISTS (SELECT 1 FROM journal_head h"
        " WHERE h.branch_id = b.branch_id AND h.office_uuid = b.origin_office"
        " AND h.hash = b.journal_head)"
        " ORDER BY 1, 2, 3, 5 DESC");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, own);
    struct head *h = NULL;
    size_t n = 0, cap = 0;
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t entry = sqlite3_column_int64(s, 2);
        const char *office = col(s, 1), *hash = col(s, 3);
        /* the same head recorded twice (sent, then confirmed by the township): once */
        if (n && entry && h[n - 1].branch == sqlite3_column_int64(s, 0) &&
            h[n - 1].entry == entry && strcmp(h[n - 1].office, office) == 0 &&
            strcmp(h[n - 1].hash, hash) == 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            h = xrealloc(h, cap * sizeof *h);
        }
        struct head *e = &h[n++];
        memset(e, 0, sizeof *e);
        e->branch = sqlite3_column_int64(s, 0);
        zb_strlcpy(e->office, office, sizeof e->office);
        e->entry = entry;
        zb_strlcpy(e->hash, hash, sizeof e->hash);
        zb_strlcpy(e->direction, col(s, 4), sizeof e->direction);
    }
    int rc = src == SQLITE_DONE ? STORE_OK
                                : st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验链头");
    st_done(s);
    /* per chain (branch and office): one problem from the first bad head to the last */
    for (size_t i = 0; i < n && rc == STORE_OK;) {
        size_t j = i;
        while (j < n && h[j].branch == h[i].branch && strcmp(h[j].office, h[i].office) == 0) j++;
        bool is_own = *own && strcmp(h[i].office, own) == 0;
        struct head *lo = NULL, *hi = NULL;
        for (size_t k = i; k < j && rc == STORE_OK; k++) {
            if ((rc = head_state(st, &h[k], is_own)) != STORE_OK) break;
            if (h[k].state == HEAD_OK) continue;
            if (!h[k].entry) { /* bundle_log heads: each on its own */
                rc = head_problem(st, v, &h[k], &h[k], is_own);
                continue;
            }
            if (!lo) lo = &h[k];
            hi = &h[k];
        }
        if (rc == STORE_OK && lo) rc = head_problem(st, v, lo, hi, is_own);
        i = j;
    }
    free(h);
    return rc;
}

int store_journal_verify(struct store *st, int64_t branch_id, struct verify_result *out)
{
    memset(out, 0, sizeof *out);
    int rc = st_sodium_ready(st);
    if (rc != STORE_OK) return rc;
    struct verify_ctx v = {.out = out};
    struct thread_job job;
    memset(&job, 0, sizeof job);
    job.branch_id = branch_id;
    job.ti = thread_table();
    part_init(&job.chains);
    part_init(&job.missing);
    part_init(&job.rows);
    struct part mine, after;
    part_init(&mine);
    part_init(&after);
    pthread_t thread;
    bool threaded = thread_start(st, &job, &thread);
    rc = verify_imported(st, branch_id, &mine.v);
    if (rc == STORE_OK) rc = verify_heads(st, branch_id, &mine.v);
    if (rc == STORE_OK) rc = verify_rows(st, branch_id, &mine.v, &after.v, job.ti);
    if (rc == STORE_OK) rc = st_verify_derived(st, branch_id, derived_differs, &after.v);
    if (threaded) {
        pthread_join(thread, NULL);
        sqlite3_close(job.db);
    }
    if (rc == STORE_OK && (!threaded || job.src != SQLITE_DONE)) rc = thread_part_here(st, &job);
    append_part(&v, &job.chains);
    append_part(&v, &mine);
    append_part(&v, &job.rows);
    append_part(&v, &after);
    append_part(&v, &job.missing);
    if (rc == STORE_OK && branch_id == 0 && st->tx_depth == 0) {
        struct st_err_saved keep;
        st_err_keep(st, &keep);
        st_verify_remember(st, v.bad, v.nbad); /* best effort: a read-only file is still verified */
        st_err_restore(st, &keep);
    }
    free(v.bad);
    return rc;
}
