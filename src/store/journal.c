/* journal.c — the hash chain over history and its verification (store_auth.h).
 *
 * Every history row is an entry of one chain: the chain of the branch the row it describes
 * belongs to (0 for rows of no branch: users). When the outermost transaction commits,
 * st_journal_seal gives each new entry its branch, the hash of the previous entry of the same
 * chain (prev_hash, "" for the first) and its own hash: hex SHA-256 over prev_hash and the
 * entry's fields, each length-prefixed so that no byte can move from one field to the next.
 * store_verify recomputes the chains and compares every journaled row, as it stands, with the
 * newest value the journal holds for it. It also recomputes the chains other offices sent with
 * their ledgers (journal_import, kept as they were at the origin) and checks each ends at the
 * head its newest bundle declared.
 *
 * The journaled tables are listed once (JOURNALED below) with the JSON statement of
 * store_json.h that history records, and the SQL expression of a row's branch. From that list
 * three statements are assembled once: the seal's read of unsealed entries (branch looked up
 * through the row), the rows of every table with their JSON and the newest journal value, and
 * the journal's rows that no table holds any more. Only constant table names and expressions
 * go into the text; values are bound. */
#include "store_priv.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_json.h"
#include "zhibu/clock.h"
#include "zhibu/util.h"

/* ---- the journaled tables -------------------------------------------------------------- */

/* A row's branch in terms of the row's alias zt_. */
#define B_OWN "zt_.branch_id"
#define B_MEMBER "(SELECT zm_.branch_id FROM member zm_ WHERE zm_.id = zt_.member_id)"
#define B_POST "(SELECT zp_.branch_id FROM post zp_ WHERE zp_.id = zt_.post_id)"
#define B_HOLDING                                                                              \
    "(SELECT zp_.branch_id FROM post_holding zh_ JOIN post zp_ ON zp_.id = zh_.post_id"        \
    " WHERE zh_.id = zt_.holding_id)"

static const struct journaled {
    const char *table;     /* its label: LEDGER_TABLES (core/labels.c) */
    const char *json_sql;  /* store_json.h: bound with ?1 = the row id */
    const char *branch;    /* the row's branch (alias zt_) */
} JOURNALED[] = {
    {"branch", BRANCH_JSON, "zt_.id"},
    {"party_group", GROUP_JSON, B_OWN},
    {"member", MEMBER_JSON, B_OWN},
    {"meeting", MEETING_JSON, B_OWN},
    {"meeting_plan", PLAN_JSON, B_OWN},
    {"dues_basis", BASIS_JSON, B_MEMBER},
    {"dues_adjust", ADJUST_JSON, B_MEMBER},
    {"dues_payment", PAYMENT_JSON, B_OWN},
    {"member_mobile", MOBILE_JSON, B_MEMBER},
    {"mobile_contact", CONTACT_JSON, B_MEMBER},
    {"member_transfer", TRANSFER_JSON, B_MEMBER},
    {"post", POST_JSON, B_OWN},
    {"post_holding", HOLDING_JSON, B_POST},
    {"post_report", REPORT_JSON, B_HOLDING},
    {"post_review", REVIEW_JSON, B_HOLDING},
    {"post_excuse", EXCUSE_JSON, B_MEMBER},
    {"audit_verdict", VERDICT_JSON, B_OWN},
    {"rectification", RECTIFY_JSON, B_OWN},
    {"handin", HANDIN_JSON, B_OWN},
    {"app_user", USER_JSON, "0"},
    {"amend_request", AMEND_JSON, B_OWN},
    {"office_key", OFFICE_KEY_JSON, "0"},
    {"office_peer", PEER_JSON, B_OWN},
    {"probation_decision", PROBATION_JSON, B_MEMBER},
};
#define N_JOURNALED ((int)(sizeof JOURNALED / sizeof JOURNALED[0]))

static const char *table_label(const char *table)
{
    return code_label_of(LEDGER_TABLES, table);
}

/* ---- for exchange.c: the registry's JSON of one row ------------------------------------- */

_Static_assert(N_JOURNALED <= S_JOURNAL_JSON_END - S_JOURNAL_JSON0 + 1,
               "one statement slot per journaled table");

static int journaled_index(const char *table)
{
    for (int i = 0; i < N_JOURNALED; i++)
        if (strcmp(JOURNALED[i].table, table) == 0) return i;
    return -1;
}

bool st_journal_has(const char *table)
{
    return journaled_index(table) >= 0;
}

char *st_journal_json(struct store *st, const char *table, int64_t row_id)
{
    int i = journaled_index(table);
    if (i < 0) return NULL;
    sqlite3_stmt *s = st_stmt(st, (enum stmt_id)(S_JOURNAL_JSON0 + i), JOURNALED[i].json_sql);
    if (!s) return NULL;
    sqlite3_bind_int64(s, 1, row_id);
    char *json = NULL;
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
        json = xstrdup((const char *)sqlite3_column_text(s, 0));
    st_done(s);
    return json;
}

char *st_journal_json_expr(const char *table, const char *id_expr)
{
    int i = journaled_index(table);
    if (i < 0) return NULL;
    size_t n = strlen(id_expr), cap = strlen(JOURNALED[i].json_sql) * (n + 1) + 3;
    char *out = xmalloc(cap), *o = out;
    *o++ = '(';
    for (const char *p = JOURNALED[i].json_sql; *p; p++) {
        if (p[0] == '?' && p[1] == '1') {
            memcpy(o, id_expr, n);
            o += n;
            p++;
        } else {
            *o++ = *p;
        }
    }
    *o++ = ')';
    *o = '\0';
    return out;
}

static const char *action_label(const char *action)
{
    return code_label_of(HISTORY_ACTIONS, action);
}

/* ---- assembling the statements --------------------------------------------------------- */

struct sbuf {
    char *p;
    size_t len, cap;
};

static void sb_add(struct sbuf *b, const char *s)
{
    size_t n = strlen(s);
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap < b->len + n + 1) cap *= 2;
        b->p = xrealloc(b->p, cap);
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n + 1);
    b->len += n;
}

/* s with every "?1" replaced by "zt_.id" (the JSON statements are bound with ?1 = row id). */
static void sb_add_json(struct sbuf *b, const char *s)
{
    char piece[2] = {0, 0};
    for (; *s; s++) {
        if (s[0] == '?' && s[1] == '1') {
            sb_add(b, "zt_.id");
            s++;
            continue;
        }
        piece[0] = *s;
        sb_add(b, piece);
    }
}

/* The seal's read: unsealed entries in id order, a batch at a time, with the branch of the row
 * each describes (through the row; else the branch_id its JSON names; else 0). */
static const char *unsealed_sql(void)
{
    static struct sbuf b;
    if (b.p) return b.p;
    sb_add(&b, "SELECT h.id, h.uuid, h.table_name, h.row_uuid, h.action, h.changed_at,"
               " h.changed_by, h.old_json, h.new_json, coalesce(CASE h.table_name");
    for (int i = 0; i < N_JOURNALED; i++) {
        sb_add(&b, " WHEN '");
        sb_add(&b, JOURNALED[i].table);
        sb_add(&b, "' THEN (SELECT ");
        sb_add(&b, JOURNALED[i].branch);
        sb_add(&b, " FROM ");
        sb_add(&b, JOURNALED[i].table);
        sb_add(&b, " zt_ WHERE zt_.uuid = h.row_uuid)");
    }
    sb_add(&b, " END,"
               " CASE WHEN json_valid(h.new_json) THEN json_extract(h.new_json, '$.branch_id') END,"
               " CASE WHEN json_valid(h.old_json) THEN json_extract(h.old_json, '$.branch_id') END,"
               " 0) FROM history h WHERE h.hash IS NULL AND h.id >= ?2 ORDER BY h.id LIMIT ?1");
    return b.p;
}

/* Every journaled row (of branch ?1, or all when ?1 = 0): table index, uuid, branch, the row's
 * JSON, the newest new_json the journal holds for it (NULL when none). */
static const char *rows_sql(void)
{
    static struct sbuf b;
    if (b.p) return b.p;
    for (int i = 0; i < N_JOURNALED; i++) {
        char k[16];
        snprintf(k, sizeof k, "%d", i);
        if (i) sb_add(&b, " UNION ALL ");
        sb_add(&b, "SELECT ");
        sb_add(&b, k);
        sb_add(&b, ", zt_.uuid, ");
        sb_add(&b, JOURNALED[i].branch);
        sb_add(&b, ", (");
        sb_add_json(&b, JOURNALED[i].json_sql);
        sb_add(&b, "), (SELECT zj_.new_json FROM history zj_ WHERE zj_.table_name = '");
        sb_add(&b, JOURNALED[i].table);
        sb_add(&b, "' AND zj_.row_uuid = zt_.uuid AND zj_.new_json IS NOT NULL"
                   " ORDER BY zj_.id DESC LIMIT 1) FROM ");
        sb_add(&b, JOURNALED[i].table);
        sb_add(&b, " zt_ WHERE ?1 = 0 OR ");
        sb_add(&b, JOURNALED[i].branch);
        sb_add(&b, " = ?1");
    }
    return b.p;
}

/* Rows the journal holds a value for (of chain ?1, or all when ?1 = 0) that their table does
 * not: table index, row uuid, branch and id of the newest such entry. Two forms: for one chain
 * the entries are found through history_chain (branch, id) — "?1 = 0 OR" would leave SQLite no
 * index but the table's, and one branch of a district would read every entry of the table. */
static const char *missing_sql(bool one_branch)
{
    static struct sbuf all, one;
    struct sbuf *b = one_branch ? &one : &all;
    if (b->p) return b->p;
    for (int i = 0; i < N_JOURNALED; i++) {
        char k[16];
        snprintf(k, sizeof k, "%d", i);
        if (i) sb_add(b, " UNION ALL ");
        sb_add(b, "SELECT ");
        sb_add(b, k);
        sb_add(b, ", h.row_uuid, h.branch_id, max(h.id) FROM history h WHERE ");
        sb_add(b, one_branch ? "+h.table_name = '" : "h.table_name = '");
        sb_add(b, JOURNALED[i].table);
        sb_add(b, one_branch ? "' AND h.new_json IS NOT NULL AND h.branch_id = ?1"
                              : "' AND h.new_json IS NOT NULL AND ?1 = 0");
        sb_add(b, " GROUP BY h.row_uuid HAVING NOT EXISTS (SELECT 1 FROM ");
        sb_add(b, JOURNALED[i].table);
        sb_add(b, " zt_ WHERE zt_.uuid = h.row_uuid)");
    }
    return b->p;
}

#define ENTRY_COLS                                                                             \
    "SELECT id, uuid, table_name, row_uuid, action, changed_at, changed_by, old_json,"         \
    " new_json, branch_id, prev_hash, hash FROM history"

/* ---- the hash -------------------------------------------------------------------------- */

#define HASH_HEX (crypto_hash_sha256_BYTES * 2 + 1)

static int sodium_ready(struct store *st)
{
    static int ok;
    if (!ok) ok = sodium_init() >= 0 ? 1 : -1;
    if (ok < 0) return st_fail(st, STORE_ERR, "日志封存失败: 无法初始化加密库");
    return STORE_OK;
}

/* One field: its length and ':' then the bytes; NULL is "-:" (a length never starts with -). */
static void hash_field(crypto_hash_sha256_state *h, const unsigned char *v, int n)
{
    char len[24];
    if (!v) {
        crypto_hash_sha256_update(h, (const unsigned char *)"-:", 2);
        return;
    }
    int k = snprintf(len, sizeof len, "%d:", n);
    crypto_hash_sha256_update(h, (const unsigned char *)len, (unsigned long long)k);
    crypto_hash_sha256_update(h, v, (unsigned long long)n);
}

static void hash_int(crypto_hash_sha256_state *h, int64_t v)
{
    char t[24];
    int n = snprintf(t, sizeof t, "%lld", (long long)v);
    hash_field(h, (const unsigned char *)t, n);
}

/* The entry's hash from the row of a statement whose columns 0..8 are id, uuid, table_name,
 * row_uuid, action, changed_at, changed_by, old_json, new_json; branch and prev given. */
static void entry_hash(sqlite3_stmt *s, int64_t branch, const char *prev, char out[HASH_HEX])
{
    crypto_hash_sha256_state h;
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_init(&h);
    crypto_hash_sha256_update(&h, (const unsigned char *)"zhibu-journal-1", 15);
    hash_field(&h, (const unsigned char *)prev, (int)strlen(prev));
    hash_int(&h, sqlite3_column_int64(s, 0));
    for (int c = 1; c <= 8; c++) {
        const unsigned char *v = sqlite3_column_type(s, c) == SQLITE_NULL ? NULL
                                                                          : sqlite3_column_text(s, c);
        hash_field(&h, v, v ? sqlite3_column_bytes(s, c) : 0);
    }
    hash_int(&h, branch);
    crypto_hash_sha256_final(&h, d);
    sodium_bin2hex(out, HASH_HEX, d, sizeof d);
}

int st_journal_entry_hash(struct store *st, sqlite3_stmt *s, int64_t branch, const char *prev,
                          char out[HASH_HEX])
{
    int rc = sodium_ready(st);
    if (rc == STORE_OK) entry_hash(s, branch, prev, out);
    return rc;
}

/* ---- chains: branch id -> the newest hash (open addressing, grows) ---------------------- */

struct chain {
    int64_t branch;
    bool used;
    bool bad;         /* verification: a problem already reported for this chain */
    char hash[HASH_HEX];
    int64_t last_id;  /* verification: the entry before (0: none yet) and its time */
    char last_at[24];
};

struct chains {
    struct chain *v;
    size_t cap, n;
};

static struct chain *chain_find(struct chains *c, int64_t branch, bool *fresh)
{
    if (c->n * 2 >= c->cap) {
        struct chains g = {.cap = c->cap ? c->cap * 2 : 256};
        g.v = xcalloc(g.cap, sizeof *g.v);
        for (size_t i = 0; i < c->cap; i++) {
            if (!c->v[i].used) continue;
            size_t j = (size_t)((uint64_t)c->v[i].branch * 0x9E3779B97F4A7C15ull) & (g.cap - 1);
            while (g.v[j].used) j = (j + 1) & (g.cap - 1);
            g.v[j] = c->v[i];
        }
        g.n = c->n;
        free(c->v);
        *c = g;
    }
    size_t j = (size_t)((uint64_t)branch * 0x9E3779B97F4A7C15ull) & (c->cap - 1);
    while (c->v[j].used) {
        if (c->v[j].branch == branch) {
            *fresh = false;
            return &c->v[j];
        }
        j = (j + 1) & (c->cap - 1);
    }
    c->v[j].used = true;
    c->v[j].branch = branch;
    c->n++;
    *fresh = true;
    return &c->v[j];
}

/* ---- sealing --------------------------------------------------------------------------- */

#define SEAL_BATCH 512

struct sealed {
    int64_t id, branch;
    char prev[HASH_HEX], hash[HASH_HEX];
};

/* The hash of the newest sealed entry of branch's chain into out ("" when none). */
static int chain_head(struct store *st, int64_t branch, char out[HASH_HEX])
{
    sqlite3_stmt *s = st_stmt(st, S_JOURNAL_HEAD,
                              "SELECT hash FROM history WHERE branch_id = ?1 AND hash IS NOT NULL"
                              " ORDER BY id DESC LIMIT 1");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch);
    int rc = sqlite3_step(s);
    out[0] = '\0';
    if (rc == SQLITE_ROW) st_col_text(s, 0, out, HASH_HEX);
    st_done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "日志封存");
    return STORE_OK;
}

int st_journal_seal(struct store *st)
{
    int rc = sodium_ready(st);
    if (rc != STORE_OK) return rc;
    struct chains heads = {0};
    struct sealed *batch = xcalloc(SEAL_BATCH, sizeof *batch);
    for (;;) {
        sqlite3_stmt *s = st_stmt(st, S_JOURNAL_UNSEALED, unsealed_sql());
        if (!s) {
            rc = STORE_ERR;
            break;
        }
        sqlite3_bind_int(s, 1, SEAL_BATCH);
        /* only what this transaction wrote: nothing when it wrote no history */
        sqlite3_bind_int64(s, 2, st->seal_from ? st->seal_from : INT64_MAX);
        int n = 0, src;
        while ((src = sqlite3_step(s)) == SQLITE_ROW) {
            struct sealed *e = &batch[n++];
            e->id = sqlite3_column_int64(s, 0);
            e->branch = sqlite3_column_int64(s, 9);
            bool fresh;
            struct chain *c = chain_find(&heads, e->branch, &fresh);
            if (fresh && (rc = chain_head(st, e->branch, c->hash)) != STORE_OK) break;
            memcpy(e->prev, c->hash, HASH_HEX);
            entry_hash(s, e->branch, e->prev, e->hash);
            memcpy(c->hash, e->hash, HASH_HEX);
        }
        if (rc == STORE_OK && src != SQLITE_DONE)
            rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "日志封存");
        st_done(s);
        if (rc != STORE_OK) break;
        sqlite3_stmt *u = st_stmt(st, S_JOURNAL_SEAL,
                                  "UPDATE history SET branch_id = ?2, prev_hash = ?3, hash = ?4"
                                  " WHERE id = ?1");
        if (!u) {
            rc = STORE_ERR;
            break;
        }
        for (int i = 0; i < n && rc == STORE_OK; i++) {
            sqlite3_reset(u);
            sqlite3_bind_int64(u, 1, batch[i].id);
            sqlite3_bind_int64(u, 2, batch[i].branch);
            sqlite3_bind_text(u, 3, batch[i].prev, -1, SQLITE_STATIC);
            sqlite3_bind_text(u, 4, batch[i].hash, -1, SQLITE_STATIC);
            rc = st_step_write(st, u, "日志封存");
        }
        if (rc != STORE_OK || n < SEAL_BATCH) break;
    }
    free(batch);
    free(heads.v);
    return rc;
}

/* ---- baseline -------------------------------------------------------------------------- */

static bool same_text(const unsigned char *a, const unsigned char *b)
{
    if (!a || !b) return a == b;
    return strcmp((const char *)a, (const char *)b) == 0;
}

int st_journal_baseline(struct store *st)
{
    sqlite3_stmt *s = st_stmt(st, S_JOURNAL_ROWS, rows_sql());
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, 0);
    /* the history kept before the journal existed is sealed into the chains as it stands */
    st->seal_from = 1;
    char now[24];
    clock_now_iso(now);
    int rc = STORE_OK, src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        const unsigned char *json = sqlite3_column_text(s, 3);
        const unsigned char *newest = sqlite3_column_text(s, 4);
        if (!json || same_text(json, newest)) continue;
        sqlite3_stmt *ins = st_stmt(st, S_JOURNAL_NEWEST,
                                    "INSERT INTO history(uuid, table_name, row_uuid, action,"
                                    " changed_at, changed_by, old_json, new_json)"
                                    " VALUES (?1, ?2, ?3, 'baseline', ?4, ?5, ?6, ?7)");
        if (!ins) {
            rc = STORE_ERR;
            break;
        }
        char uuid[UUID_STR_LEN];
        store_uuid(uuid);
        st_bind_text(ins, 1, uuid);
        st_bind_text(ins, 2, JOURNALED[sqlite3_column_int(s, 0)].table);
        st_bind_text(ins, 3, (const char *)sqlite3_column_text(s, 1));
        st_bind_text(ins, 4, now);
        st_bind_text(ins, 5, st->user);
        if (newest)
            sqlite3_bind_text(ins, 6, (const char *)newest, -1, SQLITE_TRANSIENT);
        else
            sqlite3_bind_null(ins, 6);
        sqlite3_bind_text(ins, 7, (const char *)json, -1, SQLITE_TRANSIENT);
        rc = st_step_write(st, ins, "建立日志基线");
        if (rc != STORE_OK) break;
    }
    if (rc == STORE_OK && src != SQLITE_DONE && src != SQLITE_ROW)
        rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "建立日志基线");
    st_done(s);
    return rc;
}

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

static int verify_chains(struct store *st, int64_t branch_id, struct verify_ctx *v)
{
    sqlite3_stmt *s = branch_id
                          ? st_stmt(st, S_JOURNAL_BRANCH, ENTRY_COLS " WHERE branch_id = ?1 ORDER BY id")
                          : st_stmt(st, S_JOURNAL_CHAIN, ENTRY_COLS " ORDER BY id");
    if (!s) return STORE_ERR;
    if (branch_id) sqlite3_bind_int64(s, 1, branch_id);
    struct chains chains = {0};
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        v->out->entries++;
        int64_t id = sqlite3_column_int64(s, 0);
        const char *table = col(s, 2);
        char day[11];
        zb_strlcpy(day, col(s, 5), sizeof day);
        if (sqlite3_column_type(s, 11) == SQLITE_NULL || sqlite3_column_type(s, 9) == SQLITE_NULL) {
            add_problem(v, VERIFY_CHAIN, id, 0, table, col(s, 3),
                        "日志第 %lld 条（%s %s，%s）未经封存：不是由 zhibu 写入的", (long long)id,
                        table_label(table), action_label(col(s, 4)), day);
            continue;
        }
        int64_t branch = sqlite3_column_int64(s, 9);
        bool fresh;
        struct chain *c = chain_find(&chains, branch, &fresh);
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
                        (long long)id, table_label(table), action_label(col(s, 4)), t1,
                        (long long)c->last_id, t0);
        }
        c->last_id = id;
        zb_strlcpy(c->last_at, at, sizeof c->last_at);
        const char *prev = col(s, 10), *stored = col(s, 11);
        char want[HASH_HEX];
        entry_hash(s, branch, prev, want);
        bool linked = strcmp(prev, c->hash) == 0;
        if (!c->bad && (!linked || strcmp(want, stored) != 0)) {
            c->bad = true;
            add_problem(v, VERIFY_CHAIN, id, branch, table, col(s, 3),
                        "日志第 %lld 条（%s %s，%s）与哈希链不符：%s", (long long)id,
                        table_label(table), action_label(col(s, 4)), day,
                        linked ? "日志被改动" : "它前面的日志被删除或改动");
        }
        zb_strlcpy(c->hash, stored, sizeof c->hash);
    }
    int rc = src == SQLITE_DONE ? STORE_OK
                                : st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验日志");
    st_done(s);
    free(chains.v);
    return rc;
}

static int verify_rows(struct store *st, int64_t branch_id, struct verify_ctx *v)
{
    sqlite3_stmt *s = st_stmt(st, S_JOURNAL_ROWS, rows_sql());
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        v->out->rows++;
        const unsigned char *json = sqlite3_column_text(s, 3);
        const unsigned char *newest = sqlite3_column_text(s, 4);
        if (same_text(json, newest)) continue;
        const struct journaled *t = &JOURNALED[sqlite3_column_int(s, 0)];
        const char *uuid = col(s, 1);
        /* an account whose newest entry still holds its password hash (before issue 13) */
        if (strcmp(t->table, "app_user") == 0 &&
            st_user_json_legacy_match(st, (const char *)json, (const char *)newest))
            continue;
        if (newest)
            add_problem(v, VERIFY_ROW_CHANGED, 0, sqlite3_column_int64(s, 2), t->table, uuid,
                        "%s %.8s 的当前内容与日志不符：在 zhibu 之外被改动", table_label(t->table), uuid);
        else
            add_problem(v, VERIFY_ROW_UNJOURNALED, 0, sqlite3_column_int64(s, 2), t->table, uuid,
                        "%s %.8s 不在日志中：在 zhibu 之外写入", table_label(t->table), uuid);
    }
    int rc = src == SQLITE_DONE ? STORE_OK
                                : st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验记录");
    st_done(s);
    if (rc != STORE_OK) return rc;

    s = branch_id ? st_stmt(st, S_JOURNAL_MISSING_ONE, missing_sql(true))
                  : st_stmt(st, S_JOURNAL_MISSING, missing_sql(false));
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        const struct journaled *t = &JOURNALED[sqlite3_column_int(s, 0)];
        const char *uuid = col(s, 1);
        int64_t entry = sqlite3_column_int64(s, 3);
        add_problem(v, VERIFY_ROW_MISSING, entry, sqlite3_column_int64(s, 2), t->table, uuid,
                    "%s %.8s 已被删除（日志第 %lld 条记有此记录）", table_label(t->table), uuid,
                    (long long)entry);
    }
    rc = src == SQLITE_DONE ? STORE_OK
                            : st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验记录");
    st_done(s);
    return rc;
}

/* ---- other offices' entries (journal_import) ---------------------------------------------
 * A township keeps the journal entries each village sent with its ledger exactly as they were
 * at the origin. Each (branch here, origin office, origin chain) is a chain of its own: ordered
 * by the origin's id, each hash is recomputed as the origin computed it (the id is origin_id,
 * the branch origin_branch_id, the first prev_hash ""). Deleting the newest entries leaves a
 * valid but shorter chain: verify_heads finds that through the heads the bundles brought. */

#define IMPORT_COLS                                                                            \
    "SELECT origin_id, uuid, table_name, row_uuid, action, changed_at, changed_by, old_json,"  \
    " new_json, origin_branch_id, prev_hash, hash, branch_id, origin_office FROM journal_import"

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
        branch_id ? st_stmt(st, S_JOURNAL_IMPORTED_BRANCH,
                            IMPORT_COLS " WHERE branch_id = ?1 ORDER BY branch_id, origin_office,"
                                        " origin_id")
                  : st_stmt(st, S_JOURNAL_IMPORTED,
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
                        office, (long long)origin_id, table_label(table),
                        action_label(col(s, 4)), t1, (long long)c->last_id, t0);
        }
        c->last_id = origin_id;
        zb_strlcpy(c->last_at, at, sizeof c->last_at);
        const char *prev = col(s, 10), *stored = col(s, 11);
        char want[HASH_HEX];
        entry_hash(s, origin_branch, prev, want);
        bool linked = strcmp(prev, c->hash) == 0;
        if (!c->bad && (!linked || strcmp(want, stored) != 0)) {
            c->bad = true;
            char day[11];
            zb_strlcpy(day, at, sizeof day);
            add_problem(v, VERIFY_CHAIN, 0, branch, table, col(s, 3),
                        "来自其他单位（%.8s）的日志第 %lld 条（%s %s，%s）与哈希链不符：%s",
                        office, (long long)origin_id, table_label(table),
                        action_label(col(s, 4)), day,
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
        s = st_stmt(st, S_JOURNAL_HEAD_OWN, "SELECT hash, branch_id FROM history WHERE id = ?1");
        if (!s) return STORE_ERR;
        sqlite3_bind_int64(s, 1, h->entry);
    } else if (h->entry) {
        s = st_stmt(st, S_JOURNAL_HEAD_IMPORTED,
                    "SELECT hash, branch_id FROM journal_import WHERE branch_id = ?2"
                    " AND origin_office = ?3 AND origin_id = ?1");
        if (!s) return STORE_ERR;
        sqlite3_bind_int64(s, 1, h->entry);
        sqlite3_bind_int64(s, 2, h->branch);
        st_bind_text(s, 3, h->office);
    } else {
        s = st_stmt(st, S_JOURNAL_HEAD_LEGACY,
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
        own ? st_stmt(st, S_JOURNAL_HEAD_BEFORE,
                      "SELECT max(id) FROM history WHERE branch_id = ?1 AND id < ?3")
            : st_stmt(st, S_JOURNAL_HEAD_BEFORE_IMPORTED,
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
    sqlite3_stmt *s = st_stmt(st, S_JOURNAL_HEAD_RANGE,
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
        st, S_JOURNAL_HEADS,
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

/* ---- for bundle.c: recording heads ------------------------------------------------------ */

int st_journal_head_record(struct store *st, int64_t branch_id, const char *direction,
                           const char *office, int64_t entry, const char *hash,
                           const char *bundle_uuid)
{
    if (!branch_id || !office || !*office || !hash || !*hash || entry <= 0) return STORE_OK;
    sqlite3_stmt *s = st_stmt(st, S_JOURNAL_HEAD_RECORD,
                              "INSERT INTO journal_head(branch_id, direction, office_uuid,"
                              " entry_id, hash, bundle_uuid, recorded_at)"
                              " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE NOT EXISTS (SELECT 1"
                              " FROM journal_head WHERE branch_id = ?1 AND office_uuid = ?3"
                              " AND entry_id = ?4 AND hash = ?5)");
    if (!s) return STORE_ERR;
    char now[24];
    clock_now_iso(now);
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, direction);
    st_bind_text(s, 3, office);
    sqlite3_bind_int64(s, 4, entry);
    st_bind_text(s, 5, hash);
    st_bind_text(s, 6, bundle_uuid ? bundle_uuid : "");
    st_bind_text(s, 7, now);
    return st_step_write(st, s, "记录链头");
}

#define VERIFY_KEY "verify:"

/* After a whole-database run: "verify:<branch>" = "ok|bad <when>" for every branch and 0. */
static void remember(struct store *st, const struct verify_ctx *v)
{
    char now[24];
    clock_now_iso(now);
    sqlite3_stmt *s = st_stmt(st, S_JOURNAL_BRANCHES, "SELECT 0 UNION ALL SELECT id FROM branch");
    if (!s) return;
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            ids = xrealloc(ids, cap * sizeof *ids);
        }
        ids[n++] = sqlite3_column_int64(s, 0);
    }
    st_done(s);
    if (store_begin(st) != STORE_OK) {
        free(ids);
        return;
    }
    int rc = STORE_OK;
    for (size_t i = 0; i < n && rc == STORE_OK; i++) {
        bool bad = false;
        for (size_t j = 0; j < v->nbad && !bad; j++) bad = v->bad[j] == ids[i];
        char key[40], val[40];
        snprintf(key, sizeof key, VERIFY_KEY "%lld", (long long)ids[i]);
        snprintf(val, sizeof val, "%s %s", bad ? "bad" : "ok", now);
        rc = store_meta_set(st, key, val);
    }
    if (rc == STORE_OK) store_commit(st);
    else store_rollback(st);
    free(ids);
}

int store_verify(struct store *st, int64_t branch_id, struct verify_result *out)
{
    memset(out, 0, sizeof *out);
    int rc = sodium_ready(st);
    if (rc != STORE_OK) return rc;
    struct verify_ctx v = {.out = out};
    rc = verify_chains(st, branch_id, &v);
    if (rc == STORE_OK) rc = verify_imported(st, branch_id, &v);
    if (rc == STORE_OK) rc = verify_heads(st, branch_id, &v);
    if (rc == STORE_OK) rc = verify_rows(st, branch_id, &v);
    if (rc == STORE_OK && branch_id == 0 && st->tx_depth == 0) {
        char keep[sizeof st->err];
        memcpy(keep, st->err, sizeof keep);
        remember(st, &v); /* best effort: a read-only file is still verified */
        memcpy(st->err, keep, sizeof keep);
    }
    free(v.bad);
    return rc;
}

int store_verify_status(struct store *st, int64_t branch_id, char *verified_at)
{
    char key[40], val[64];
    if (verified_at) verified_at[0] = '\0';
    snprintf(key, sizeof key, VERIFY_KEY "%lld", (long long)branch_id);
    int rc = store_meta_get(st, key, val, sizeof val);
    if (rc != STORE_OK) return -1; /* never verified (or unreadable: shown as never) */
    const char *sp = strchr(val, ' ');
    if (verified_at && sp) zb_strlcpy(verified_at, sp + 1, 24);
    return strncmp(val, "bad", 3) == 0 ? 1 : 0;
}

/* ---- baselines after a migration added journaled columns ---------------------------------- */

int st_journal_baseline_new_keys(struct store *st, const struct journal_baseline *b)
{
    sqlite3_stmt *rows = st_stmt(st, b->rows_id, b->rows_sql);
    if (!rows) return STORE_ERR;
    int rc = STORE_OK, src = SQLITE_DONE;
    while (rc == STORE_OK && (src = sqlite3_step(rows)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(rows, 0);
        char uuid[UUID_STR_LEN];
        st_col_text(rows, 1, uuid, sizeof uuid);
        char *json = st_journal_json(st, b->table, id);
        if (!json) continue;
        /* the newest journal value differs from the row only by the new keys */
        sqlite3_stmt *n = st_stmt(st, b->newest_id, b->newest_sql);
        if (!n) {
            free(json);
            rc = STORE_ERR;
            break;
        }
        st_bind_text(n, 1, uuid);
        st_bind_text(n, 2, json);
        int step = sqlite3_step(n);
        bool only_new_keys = step == SQLITE_ROW && sqlite3_column_int(n, 0) == 1;
        st_done(n);
        free(json);
        if (step != SQLITE_ROW && step != SQLITE_DONE) {
            rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "建立日志基线");
            break;
        }
        if (!only_new_keys) continue;
        int64_t h = st_history_begin(st, b->table, uuid, "baseline", b->old_id, b->old_sql, id);
        if (h < 0) rc = (int)h;
        else rc = st_history_finish(st, h, b->new_id, b->new_sql, id);
    }
    if (rc == STORE_OK && src != SQLITE_DONE)
        rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "建立日志基线");
    st_done(rows);
    return rc;
}
