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
#include "journal_pass.h"
#include "journal_rows.h"
#include "journal_sha.h"
#include "journal_verify.h"
#include "zhibu/clock.h"
#include "zhibu/util.h"

/* ---- verification ---------------------------------------------------------------------- */


static int key_cmp(const int64_t a[2], const int64_t b[2])
{
    if (a[0] != b[0]) return a[0] < b[0] ? -1 : 1;
    return a[1] < b[1] ? -1 : a[1] > b[1];
}

/* The slot of a finding with key k among the n kept (sorted) in list/keys, after shifting the
 * rest up: NULL when it is not among the first VERIFY_MAX_PROBLEMS. */
static struct verify_problem *keep_slot(struct verify_problem *list, int64_t keys[][2], int n,
                                        const int64_t k[2])
{
    int kept = n < VERIFY_MAX_PROBLEMS ? n : VERIFY_MAX_PROBLEMS;
    int at = kept;
    while (at > 0 && key_cmp(keys[at - 1], k) > 0) at--;
    if (at >= VERIFY_MAX_PROBLEMS) return NULL;
    int last = kept < VERIFY_MAX_PROBLEMS ? kept : VERIFY_MAX_PROBLEMS - 1;
    for (int i = last; i > at; i--) {
        list[i] = list[i - 1];
        keys[i][0] = keys[i - 1][0];
        keys[i][1] = keys[i - 1][1];
    }
    keys[at][0] = k[0];
    keys[at][1] = k[1];
    return &list[at];
}

static void add_bad(struct verify_ctx *v, int64_t branch)
{
    for (size_t i = 0; i < v->nbad; i++)
        if (v->bad[i] == branch) return;
    if (v->nbad == v->capbad) {
        v->capbad = v->capbad ? v->capbad * 2 : 16;
        v->bad = xrealloc(v->bad, v->capbad * sizeof *v->bad);
    }
    v->bad[v->nbad++] = branch;
}

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

void jv_problem(struct verify_ctx *v, enum verify_kind kind, int64_t entry,
                        int64_t branch, const char *table, const char *row_uuid,
                        const char *fmt, ...)
{
    struct verify_result *out = v->out;
    struct verify_problem *p = NULL;
    if (v->sorted) p = keep_slot(out->problems, v->pkey, out->nproblems, v->key);
    else if (out->nproblems < VERIFY_MAX_PROBLEMS) p = &out->problems[out->nproblems];
    if (p) {
        va_list ap;
        va_start(ap, fmt);
        fill_problem(p, kind, entry, branch, table, row_uuid, fmt, ap);
        va_end(ap);
    }
    out->nproblems++;
    add_bad(v, branch);
}

/* A warning (VERIFY_CLOCK_BACK): kept like a problem, but the ledger stays 完整. */
void jv_warning(struct verify_ctx *v, int64_t entry, int64_t branch, const char *table,
                        const char *row_uuid, const char *fmt, ...)
{
    struct verify_result *out = v->out;
    struct verify_problem *p = NULL;
    if (v->sorted) p = keep_slot(out->warnings, v->wkey, out->nwarnings, v->key);
    else if (out->nwarnings < VERIFY_MAX_PROBLEMS) p = &out->warnings[out->nwarnings];
    if (p) {
        va_list ap;
        va_start(ap, fmt);
        fill_problem(p, VERIFY_CLOCK_BACK, entry, branch, table, row_uuid, fmt, ap);
        va_end(ap);
    }
    out->nwarnings++;
}

/* The findings of the sorted part from merged into the sorted part into, in key order. */
static void merge_sorted(struct verify_ctx *into, struct verify_ctx *from)
{
    struct verify_result *a = into->out, *b = from->out;
    for (int i = 0; i < b->nproblems && i < VERIFY_MAX_PROBLEMS; i++) {
        struct verify_problem *p = keep_slot(a->problems, into->pkey, a->nproblems + i,
                                             from->pkey[i]);
        if (p) *p = b->problems[i];
    }
    a->nproblems += b->nproblems;
    for (int i = 0; i < b->nwarnings && i < VERIFY_MAX_PROBLEMS; i++) {
        struct verify_problem *p = keep_slot(a->warnings, into->wkey, a->nwarnings + i,
                                             from->wkey[i]);
        if (p) *p = b->warnings[i];
    }
    a->nwarnings += b->nwarnings;
    a->entries += b->entries;
    a->rows += b->rows;
    for (size_t i = 0; i < from->nbad; i++) add_bad(into, from->bad[i]);
    free(from->bad);
    from->bad = NULL;
    from->nbad = from->capbad = 0;
}

/* "2026-11-21T10:00:00Z" as "2026-11-21 10:00:00" (what a person reads). */
void jv_show_time(const char *iso, char out[20])
{
    zb_strlcpy(out, iso, 20);
    if (strlen(out) > 10 && out[10] == 'T') out[10] = ' ';
}

const char *jv_col(sqlite3_stmt *s, int c)
{
    const unsigned char *t = sqlite3_column_text(s, c);
    return t ? (const char *)t : "";
}

#define CHAIN_SQL_ONE ENTRY_RAW_COLS " WHERE branch_id = ?1 ORDER BY id"
#define CHAIN_SQL_NULL ENTRY_RAW_COLS " WHERE branch_id IS NULL ORDER BY id"

/* One chain walk: the chains met (one, or the entries with no branch) and the row map. */
struct walk {
    struct verify_ctx *v;  /* sorted by entry number */
    struct chains chains;
    struct st_entry e;
    struct jrowmap *map;            /* the rows' newest entries (NULL: none kept) */
    const struct jnewest *newest;   /* only these entries into map (NULL: every entry) */
};

/* The entry just read into the row map (journal_pass.c): only text table names (or a table's
 * code: schema 14, decoded by st_entry_read) and text uuids (or 16 bytes, decoded), as SQL's =
 * compares them. */
static void map_entry(struct walk *w, int64_t id)
{
    if (!w->map || (w->newest && !jnewest_has(w->newest, id))) return;
    int t2 = w->e.t[2], t3 = w->e.t[3];
    if ((t2 != SQLITE_TEXT && t2 != SQLITE_INTEGER) ||
        (t3 != SQLITE_TEXT && !(t3 == SQLITE_BLOB && (const char *)w->e.v[3] == w->e.rbuf)))
        return;
    int ti = jpass_table_index((const char *)w->e.v[2], w->e.n[2]);
    if (ti < 0) return;
    jrowmap_put(w->map, ti, (const char *)w->e.v[3], w->e.n[3], id, (const char *)w->e.v[8],
                w->e.n[8]);
}

/* An entry's field as text ("" for NULL), its compact form decoded (st_entry_read). */
static const char *ev(const struct st_entry *e, int c)
{
    return e->v[c] ? (const char *)e->v[c] : "";
}

/* The entries of s (CHAIN_SQL_*, bound) walked chain by chain: SQLITE_DONE or the error. */
static int chains_walk(sqlite3_stmt *s, struct walk *w)
{
    struct verify_ctx *v = w->v;
    struct st_entry *ep = &w->e;
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        v->out->entries++;
        st_entry_read(s, ep);
        int64_t id = ep->id;
        v->key[0] = id;
        v->key[1] = 0;
        map_entry(w, id);
        const char *table = ev(ep, 2); /* decoded: a code as its name */
        char day[11];
        zb_strlcpy(day, ev(ep, 5), sizeof day);
        if (ep->t[11] == SQLITE_NULL || ep->t[9] == SQLITE_NULL) {
            jv_problem(v, VERIFY_CHAIN, id, 0, table, ev(ep, 3),
                        "日志第 %lld 条（%s %s，%s）未经封存：不是由 zhibu 写入的", (long long)id,
                        st_table_label(table), st_action_label(ev(ep, 4)), day);
            continue;
        }
        int64_t branch = ep->branch;
        bool fresh;
        struct chain *c = st_chain_find(&w->chains, branch, &fresh);
        if (fresh) {
            c->hash[0] = '\0';
            c->last_id = 0;
        }
        const char *at = ev(ep, 5);
        if (c->last_id && strcmp(at, c->last_at) < 0) {
            char t1[20], t0[20];
            jv_show_time(at, t1);
            jv_show_time(c->last_at, t0);
            jv_warning(v, id, branch, table, ev(ep, 3),
                        "时间倒退：日志第 %lld 条（%s %s）记于 %s，早于同一链上前一条（第 %lld 条）的 %s",
                        (long long)id, st_table_label(table), st_action_label(ev(ep, 4)), t1,
                        (long long)c->last_id, t0);
        }
        c->last_id = id;
        zb_strlcpy(c->last_at, at, sizeof c->last_at);
        const char *prev = ep->prev_implied ? c->hash : ep->prev ? ep->prev : "";
        const char *stored = ep->hash ? ep->hash : "";
        char want[HASH_HEX];
        st_entry_hash_hex(ep, id, branch, prev, want);
        bool linked = strcmp(prev, c->hash) == 0;
        if (!c->bad && (!linked || strcmp(want, stored) != 0)) {
            c->bad = true;
            jv_problem(v, VERIFY_CHAIN, id, branch, table, ev(ep, 3),
                        "日志第 %lld 条（%s %s，%s）与哈希链不符：%s", (long long)id,
                        st_table_label(table), st_action_label(ev(ep, 4)), day,
                        linked ? "日志被改动" : "它前面的日志被删除或改动");
        }
        zb_strlcpy(c->hash, stored, sizeof c->hash);
    }
    return src;
}

struct rows_ctx {
    struct store *st;
    struct verify_ctx *v;  /* sorted by (table, id), or (table, order met) for one branch */
    bool by_id;
    int64_t seq;
};

/* A row that is not its newest journal value (journal_rows.c). */
static void row_differs(void *ctx, int ti, int64_t id, const char *uuid, int64_t branch,
                        const char *json, const char *newest)
{
    struct rows_ctx *r = ctx;
    const struct journaled *t = &st_journaled[ti];
    /* an account whose newest entry still holds its password hash (before issue 13) */
    if (strcmp(t->table, "app_user") == 0 && st_user_json_legacy_match(r->st, json, newest))
        return;
    r->v->key[0] = ti;
    r->v->key[1] = r->by_id ? id : r->seq++;
    if (newest)
        jv_problem(r->v, VERIFY_ROW_CHANGED, 0, branch, t->table, uuid,
                    "%s %.8s 的当前内容与日志不符：在 zhibu 之外被改动", st_table_label(t->table), uuid);
    else
        jv_problem(r->v, VERIFY_ROW_UNJOURNALED, 0, branch, t->table, uuid,
                    "%s %.8s 不在日志中：在 zhibu 之外写入", st_table_label(t->table), uuid);
}

/* dues_paid_year not the sums of the allocations (journal_derived.c) */
static void derived_differs(void *ctx, int64_t branch, const char *member_uuid, int year)
{
    jv_problem(ctx, VERIFY_ROW_CHANGED, 0, branch, "member", member_uuid,
                "党员 %.8s 的 %d 年党费汇总与缴费记录不符：在 zhibu 之外被改动", member_uuid, year);
}

static void missing_found(void *ctx, int ti, const char *uuid, int64_t branch, int64_t entry)
{
    const struct journaled *t = &st_journaled[ti];
    jv_problem(ctx, VERIFY_ROW_MISSING, entry, branch, t->table, uuid,
                "%s %.8s 已被删除（日志第 %lld 条记有此记录）", st_table_label(t->table), uuid,
                (long long)entry);
}

/* Rows the journal holds that their table does not: one branch by st_missing_branch (its
 * chain read once), the whole database by st_missing_merge. SQLITE_DONE or the error. */
static int missing_walk(sqlite3 *db, int64_t branch_id, struct verify_ctx *v)
{
    if (!branch_id) return st_missing_merge(db, missing_found, v);
    return st_missing_branch(db, branch_id, missing_found, v);
}

static int verify_missing(struct store *st, int64_t branch_id, struct verify_ctx *v)
{
    int src = missing_walk(st->db, branch_id, v);
    return src == SQLITE_DONE ? STORE_OK
                              : st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验记录");
}

/* ---- the chains and the rows in one pass, on two cores -----------------------------------
 * Each chain is walked on its own (history_chain: branch, id) and its rows are compared right
 * after with the newest values the walk kept (journal_pass.c): one read of the journal, in
 * the chain's order, instead of a walk and then one look-up of each row's newest entry. The
 * chains are shared out between two workers, each on a read-only connection of its own
 * (st_open_reader) in one read transaction, which takes the next chain not yet taken; this
 * connection meanwhile checks the other offices' entries, the heads, the dues sums and the
 * deleted rows. Rows of a branch no chain has (or of no branch) are checked afterwards, here,
 * as before. Without a second connection (a transaction open, a database in memory,
 * ZHIBU_VERIFY_ONE_THREAD) one worker does it all on this connection.
 *
 * The chains' findings are kept by entry number, the rows' by table and id (for one branch:
 * table and the order its statements give, as before), so the result is the same as when
 * everything was walked in one order, whatever chain each worker took. */

struct part {
    struct verify_result res;
    struct verify_ctx v;
};

static void part_init(struct part *p)
{
    memset(p, 0, sizeof *p);
    p->v.out = &p->res;
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
    for (size_t i = 0; i < p->v.nbad; i++) add_bad(v, p->v.bad[i]);
    free(p->v.bad);
    p->v.bad = NULL;
}

struct pass_shared {
    int64_t branch_id;        /* one branch, or 0: the whole database */
    int64_t *chain;           /* the chains with a branch, ascending */
    size_t nchain;
    bool null_chain;          /* entries with no branch (not sealed) */
    pthread_mutex_t mu;
    size_t next;              /* the next chain to take */
    /* One scan of the journal's newest entries for both workers, when their read
     * transactions see the same database: the main connection's data_version the same before
     * the first began and after the last (no commit in between). Under mu, with cv. */
    pthread_cond_t cv;
    int workers;              /* threads that meet here (0: none, each scans for itself) */
    int began;                /* workers whose read transaction has begun (or failed to) */
    int share;                /* 0 not yet decided, 1 one scan for both, -1 each its own */
    int shared_state;         /* 0 not yet, 1 made, -1 failed (each its own then) */
    struct jnewest shared;
};

struct worker {
    struct pass_shared *sh;
    struct store *st;         /* the worker's connection, as a store for journal_rows.c */
    bool takes_null;
    struct part chains, rows;
    int64_t visited[64];      /* rows compared, per table */
    struct jnewest newest;
    const struct jnewest *nb; /* &newest or the shared one */
    struct jrowmap map;
    sqlite3_stmt *maxq;       /* a row's newest entry (when there is no bitmap) */
    int rc;
};

static bool row_known(void *ctx, int ti, const char *uuid, size_t n, const char *json, size_t jn)
{
    struct worker *w = ctx;
    const struct jrowmap_slot *e = jrowmap_get(&w->map, ti, uuid, n);
    if (!e || !e->has_json) return false;
    if (!w->nb->ok) {
        /* the map holds the chain's newest entry of the row: the newest of the journal? */
        sqlite3_stmt *q = w->maxq;
        sqlite3_reset(q);
        sqlite3_bind_text(q, 1, st_journaled[ti].table, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, uuid, (int)n, SQLITE_STATIC);
        bool newest = sqlite3_step(q) == SQLITE_ROW &&
                      sqlite3_column_type(q, 0) == SQLITE_INTEGER &&
                      sqlite3_column_int64(q, 0) == e->id;
        sqlite3_reset(q);
        if (!newest) return false;
    }
    unsigned char d[32];
    struct jsha h;
    jsha_init(&h);
    jsha_update(&h, json, jn);
    jsha_final(&h, d);
    return memcmp(d, e->digest, sizeof d) == 0;
}

/* Walk one chain (chain: its statement, bound) and, with rows, compare its rows. */
static int walk_chain(struct worker *w, sqlite3_stmt *s, int64_t branch, bool rows)
{
    struct walk wk = {.v = &w->chains.v, .map = rows ? &w->map : NULL,
                      .newest = w->nb->ok ? w->nb : NULL};
    jrowmap_clear(&w->map);
    int src = chains_walk(s, &wk);
    st_entry_free(&wk.e);
    free(wk.chains.v);
    sqlite3_reset(s);
    if (src != SQLITE_DONE) return st_sqlfail(w->st, src, "校验日志");
    if (!rows) return STORE_OK;
    struct st_row_known known = {.same = row_known, .ctx = w};
    struct rows_ctx r = {.st = w->st, .v = &w->rows.v, .by_id = w->sh->branch_id == 0};
    for (int ti = 0; ti < st_njournaled; ti++) {
        int64_t n = 0;
        int rc = st_rows_check_known(w->st, ti, branch, r.by_id, &n, &known, row_differs, &r);
        w->rows.res.rows += n;
        w->visited[ti] += n;
        if (rc != STORE_OK) return rc;
    }
    return STORE_OK;
}

static bool take_chain(struct pass_shared *sh, int64_t *branch)
{
    pthread_mutex_lock(&sh->mu);
    bool have = sh->next < sh->nchain;
    if (have) *branch = sh->chain[sh->next++];
    pthread_mutex_unlock(&sh->mu);
    return have;
}

/* This worker's read transaction has begun (ok) or could not: told to the main thread, which
 * decides whether one scan serves both. Returns the decision (1 share, -1 not). */
static int meet(struct pass_shared *sh, bool ok)
{
    pthread_mutex_lock(&sh->mu);
    sh->began++;
    if (!ok) sh->share = -1;
    pthread_cond_broadcast(&sh->cv);
    while (sh->share == 0) pthread_cond_wait(&sh->cv, &sh->mu);
    int share = sh->share;
    pthread_mutex_unlock(&sh->mu);
    return share;
}

/* The newest entries for w (whole-database runs): its own scan, or the shared one that the
 * worker taking the null chain makes (the other waits for it; when it fails, each scans). */
static int newest_of(struct worker *w)
{
    struct pass_shared *sh = w->sh;
    bool share = false;
    if (sh->workers) {
        /* a read begins the transaction (its snapshot) before the decision */
        bool ok = sqlite3_exec(w->st->db, "SELECT 1 FROM history_data LIMIT 1", NULL, NULL,
                               NULL) == SQLITE_OK;
        share = meet(sh, ok) > 0;
    }
    if (share && w->takes_null) {
        int src = jnewest_scan(w->st->db, &sh->shared);
        pthread_mutex_lock(&sh->mu);
        sh->shared_state = src == SQLITE_DONE ? 1 : -1;
        pthread_cond_broadcast(&sh->cv);
        pthread_mutex_unlock(&sh->mu);
        if (src != SQLITE_DONE) return src;
        w->nb = &sh->shared;
        return SQLITE_DONE;
    }
    if (share) {
        pthread_mutex_lock(&sh->mu);
        while (sh->shared_state == 0) pthread_cond_wait(&sh->cv, &sh->mu);
        bool made = sh->shared_state > 0;
        pthread_mutex_unlock(&sh->mu);
        if (made) {
            w->nb = &sh->shared;
            return SQLITE_DONE;
        }
    }
    return jnewest_scan(w->st->db, &w->newest);
}

/* A row's newest entry: the largest id among the forms of its table and uuid (ST_HTABLE,
 * ST_HUUID), asked as four look-ups in history_row rather than as two IN lists (for which
 * SQLite builds two temporary tables at every step: on the largest ten-year branch, 20,000 of
 * them, a sixth of one branch's verification) */
#define MAXQ_ARM(t, u) "SELECT id FROM history_data WHERE table_name = " t " AND row_uuid = " u
#define MAXQ_SQL                                                                                   \
    "SELECT max(id) FROM (" MAXQ_ARM("zj_table(?1)", "zj_uuid(?2)")                             \
    " UNION ALL " MAXQ_ARM("zj_table(?1)", "nullif(?2, zj_uuid(?2))")                           \
    " UNION ALL " MAXQ_ARM("nullif(?1, zj_table(?1))", "zj_uuid(?2)")                           \
    " UNION ALL " MAXQ_ARM("nullif(?1, zj_table(?1))", "nullif(?2, zj_uuid(?2))") ")"

static int worker_chains(struct worker *w)
{
    struct pass_shared *sh = w->sh;
    sqlite3 *db = w->st->db;
    int rc = STORE_OK;
    w->nb = &w->newest;
    if (!sh->branch_id) {
        int src = newest_of(w);
        if (src != SQLITE_DONE) return st_sqlfail(w->st, src, "校验日志");
    }
    if (!w->nb->ok &&
        sqlite3_prepare_v2(db,
                           MAXQ_SQL,
                           -1, &w->maxq, NULL) != SQLITE_OK)
        return st_sqlfail(w->st, sqlite3_extended_errcode(db), "校验日志");
    if (w->takes_null && sh->null_chain) {
        sqlite3_stmt *s = st_stmt(w->st, CHAIN_SQL_NULL);
        if (!s) return STORE_ERR;
        rc = walk_chain(w, s, 0, false);
        st_done(s);
        if (rc != STORE_OK) return rc;
    }
    int64_t branch;
    while (rc == STORE_OK && take_chain(sh, &branch)) {
        sqlite3_stmt *s = st_stmt(w->st, CHAIN_SQL_ONE);
        if (!s) return STORE_ERR;
        sqlite3_bind_int64(s, 1, branch);
        rc = walk_chain(w, s, branch, true);
        st_done(s);
    }
    return rc;
}

/* A worker's whole part in one read transaction of its connection (unless one is open). */
static int worker_run(struct worker *w)
{
    sqlite3 *db = w->st->db;
    bool tx = sqlite3_get_autocommit(db) != 0;
    if (tx && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
        if (w->sh->workers && !w->sh->branch_id) (void)meet(w->sh, false);
        return st_sqlfail(w->st, sqlite3_extended_errcode(db), "校验日志");
    }
    jrowmap_init(&w->map);
    int rc = worker_chains(w);
    sqlite3_finalize(w->maxq);
    w->maxq = NULL;
    jrowmap_free(&w->map);
    jnewest_free(&w->newest);
    if (tx) sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    return rc;
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    w->rc = worker_run(w);
    return NULL;
}

static void worker_init(struct worker *w, struct pass_shared *sh, struct store *st)
{
    memset(w, 0, sizeof *w);
    w->sh = sh;
    w->st = st;
    part_init(&w->chains);
    part_init(&w->rows);
    w->chains.v.sorted = true;
    w->rows.v.sorted = true;
}

/* The chains to walk: the branch asked for, or every chain with a branch and whether entries
 * with none exist. */
static int list_chains(struct store *st, struct pass_shared *sh)
{
    if (sh->branch_id) {
        sh->chain = xmalloc(sizeof *sh->chain);
        sh->chain[0] = sh->branch_id;
        sh->nchain = 1;
        return STORE_OK;
    }
    sqlite3_stmt *s = st_stmt(st, "SELECT DISTINCT branch_id FROM history_data ORDER BY 1");
    if (!s) return STORE_ERR;
    size_t cap = 0;
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        if (sqlite3_column_type(s, 0) == SQLITE_NULL) {
            sh->null_chain = true;
            continue;
        }
        if (sh->nchain == cap) {
            cap = cap ? cap * 2 : 512;
            sh->chain = xrealloc(sh->chain, cap * sizeof *sh->chain);
        }
        sh->chain[sh->nchain++] = sqlite3_column_int64(s, 0);
    }
    st_done(s);
    return src == SQLITE_DONE ? STORE_OK
                              : st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验日志");
}

static bool chain_walked(void *ctx, int64_t branch)
{
    const struct pass_shared *sh = ctx;
    size_t lo = 0, hi = sh->nchain;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sh->chain[mid] < branch) lo = mid + 1;
        else hi = mid;
    }
    return lo < sh->nchain && sh->chain[lo] == branch;
}

/* Rows of every table as counted before (count[]), the workers' visited[] added up: a table
 * whose rows were not all compared with a chain has the others checked here, as before. */
static int rows_rest(struct store *st, struct pass_shared *sh, const int64_t *count,
                     const int64_t *visited, struct part *p)
{
    struct rows_ctx r = {.st = st, .v = &p->v, .by_id = true};
    for (int ti = 0; ti < st_njournaled; ti++) {
        if (count[ti] == visited[ti]) continue;
        int64_t n = 0;
        int rc = st_rows_check_rest(st, ti, chain_walked, sh, &n, row_differs, &r);
        p->res.rows += n;
        if (rc != STORE_OK) return rc;
    }
    return STORE_OK;
}

static int count_rows(struct store *st, int64_t *count)
{
    for (int ti = 0; ti < st_njournaled; ti++) {
        char *sql = xasprintf("SELECT count(*) FROM %s", st_journaled[ti].table);
        sqlite3_stmt *s = NULL;
        int src = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
        free(sql);
        if (src == SQLITE_OK) src = sqlite3_step(s);
        count[ti] = src == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
        sqlite3_finalize(s);
        if (src != SQLITE_ROW) return st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验记录");
    }
    return STORE_OK;
}

/* Statement texts built once in static buffers: built here, before two threads use them. */
static void build_texts(void)
{
    (void)st_missing_sql(true);
    (void)st_missing_sql(false);
    (void)jsha_accelerated(); /* the CPU asked here too */
    for (int ti = 0; ti < st_njournaled; ti++) st_rows_build(ti, true);
}

/* The connection's PRAGMA data_version (changes when another connection commits), or -1. */
static int64_t data_version(sqlite3 *db)
{
    sqlite3_stmt *s = NULL;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA data_version", -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

/* A second worker on a connection of its own: true when it runs. */
static bool worker_start(struct store *st, struct worker *w, pthread_t *t)
{
    if (st->tx_depth || !sqlite3_threadsafe() || getenv("ZHIBU_VERIFY_ONE_THREAD")) return false;
    const char *file = sqlite3_db_filename(st->db, "main");
    if (!file || !*file) return false; /* in memory: nothing else sees it */
    sqlite3 *db = NULL;
    if (st_open_reader(st, &db) != SQLITE_OK) {
        sqlite3_close(db);
        return false;
    }
    sqlite3_busy_timeout(db, 5000);
    /* the rows' JSON statements call them (an account's password mark) */
    if (st_user_sql_functions(db) != SQLITE_OK) {
        sqlite3_close(db);
        return false;
    }
    w->st = xcalloc(1, sizeof *w->st);
    w->st->db = db;
    if (pthread_create(t, NULL, worker_main, w) != 0) {
        free(w->st);
        w->st = NULL;
        sqlite3_close(db);
        return false;
    }
    return true;
}

static void worker_stop(struct worker *w, pthread_t t)
{
    pthread_join(t, NULL);
    sqlite3 *db = w->st->db;
    st_stmt_clear(w->st);
    free(w->st);
    w->st = NULL;
    sqlite3_close(db);
}

static void worker_free(struct worker *w)
{
    free(w->chains.v.bad);
    free(w->rows.v.bad);
}

int store_journal_verify(struct store *st, int64_t branch_id, struct verify_result *out)
{
    memset(out, 0, sizeof *out);
    int rc = st_sodium_ready(st);
    if (rc != STORE_OK) return rc;
    build_texts();
    struct verify_ctx v = {.out = out};
    struct pass_shared sh = {.branch_id = branch_id};
    pthread_mutex_init(&sh.mu, NULL);
    pthread_cond_init(&sh.cv, NULL);
    int64_t count[64] = {0};
    if (st_njournaled > 64) rc = st_fail(st, STORE_ERR, "校验记录：表太多");
    if (rc == STORE_OK) rc = list_chains(st, &sh);
    if (rc == STORE_OK && !branch_id) rc = count_rows(st, count);
    struct worker w[2];
    worker_init(&w[0], &sh, NULL);
    worker_init(&w[1], &sh, NULL);
    w[0].takes_null = true;
    pthread_t thread[2];
    int nthreads = 0;
    /* two workers for the whole database; one for one branch (a single chain) */
    int64_t dv0 = branch_id ? -1 : data_version(st->db);
    sh.workers = branch_id ? 0 : 2;
    for (int i = 0; rc == STORE_OK && i < (branch_id ? 1 : 2); i++)
        if (worker_start(st, &w[i], &thread[i])) nthreads = i + 1;
        else break;
    if (sh.workers) {
        /* both read transactions begun with no commit in between: one scan serves both */
        pthread_mutex_lock(&sh.mu);
        if (nthreads == 2)
            while (sh.began < 2 && sh.share == 0) pthread_cond_wait(&sh.cv, &sh.mu);
        if (sh.share == 0) {
            int64_t dv1 = nthreads == 2 ? data_version(st->db) : -1;
            sh.share = dv0 >= 0 && dv1 == dv0 ? 1 : -1;
        }
        pthread_cond_broadcast(&sh.cv);
        pthread_mutex_unlock(&sh.mu);
    }
    struct part mine, derived, missing;
    part_init(&mine);
    part_init(&derived);
    part_init(&missing);
    /* this connection's steps in one read transaction (unless one is open): one snapshot, and
     * not a transaction per statement (st_missing_branch asks one row at a time: on the largest
     * ten-year branch 10,900 of them, each a lock, a stat of the file and a look at the WAL) */
    bool own_tx = rc == STORE_OK && sqlite3_get_autocommit(st->db) &&
                  sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
    if (rc == STORE_OK) rc = st_verify_imported(st, branch_id, &mine.v);
    if (rc == STORE_OK) rc = st_verify_heads(st, branch_id, &mine.v);
    if (rc == STORE_OK) rc = st_verify_derived(st, branch_id, derived_differs, &derived.v);
    if (rc == STORE_OK) rc = verify_missing(st, branch_id, &missing.v);
    for (int i = 0; i < nthreads; i++) worker_stop(&w[i], thread[i]);
    bool failed = false;
    for (int i = 0; i < nthreads; i++) failed = failed || w[i].rc != STORE_OK;
    if (rc == STORE_OK && (nthreads == 0 || failed)) {
        /* here, on this connection, from the start (say a WAL file the second may not read) */
        for (int i = 0; i < 2; i++) {
            worker_free(&w[i]);
            worker_init(&w[i], &sh, NULL);
        }
        w[0].takes_null = true;
        w[0].st = st;
        sh.next = 0;
        sh.workers = 0; /* alone: its own scan */
        rc = w[0].rc = worker_run(&w[0]);
    }
    struct part rest;
    part_init(&rest);
    rest.v.sorted = true;
    if (rc == STORE_OK && !branch_id) {
        int64_t visited[64] = {0};
        for (int i = 0; i < 2; i++)
            for (int ti = 0; ti < st_njournaled; ti++) visited[ti] += w[i].visited[ti];
        rc = rows_rest(st, &sh, count, visited, &rest);
    }
    if (own_tx && !sqlite3_get_autocommit(st->db)) sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
    /* the order of the steps one after the other: chains, other offices, heads, rows table by
     * table, dues sums, deleted rows */
    merge_sorted(&w[0].chains.v, &w[1].chains.v);
    merge_sorted(&w[0].rows.v, &w[1].rows.v);
    merge_sorted(&w[0].rows.v, &rest.v);
    append_part(&v, &w[0].chains);
    append_part(&v, &mine);
    append_part(&v, &w[0].rows);
    append_part(&v, &derived);
    append_part(&v, &missing);
    worker_free(&w[0]);
    worker_free(&w[1]);
    free(sh.chain);
    jnewest_free(&sh.shared);
    pthread_cond_destroy(&sh.cv);
    pthread_mutex_destroy(&sh.mu);
    if (rc == STORE_OK && branch_id == 0 && st->tx_depth == 0) {
        struct st_err_saved keep;
        st_err_keep(st, &keep);
        st_verify_remember(st, v.bad, v.nbad); /* best effort: a read-only file is still verified */
        st_err_restore(st, &keep);
    }
    free(v.bad);
    return rc;
}
