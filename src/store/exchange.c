/* exchange.c — one branch's rows as an SQLite changeset over the exchange schema, and applying
 * such a changeset to another office's database (store_exchange.h).
 *
 * The exchange schema is derived from the live schema: for each table that travels, `uuid` as
 * PRIMARY KEY, `xid` (the row's id at its origin), then the table's other columns in order,
 * with every foreign key column holding the referenced row's uuid. Columns that only mean
 * something locally stay home (LOCAL_COLS). The pseudo-table journal has history's columns
 * with uuid as key. (The ledger's dues start travels in the branch row, column dues_start.)
 *
 * Import, in one transaction of the target:
 *   1. a staging database (a temporary file) with the exchange schema receives the target's
 *      current rows of the branch (zx_here lists their uuids);
 *   2. the changeset's chunks (store_exchange_export_chunks: a fresh session every so many
 *      rows) are checked, then applied there in order — rows may refer to rows of later
 *      chunks, resolved only in step 4; the conflict handler decides per row (same values:
 *      unchanged; else by the table's owner and updated_at: replaced or kept) and the
 *      decisions land in zx_state, chunk by chunk; before any is applied, every chunk is read
 *      once (scan_changeset): rows and members within the limits, no value over 1 MB, every
 *      row with a branch_id of this branch;
 *   3. each bundle row gets an action in zx_do (add, update; and for rows whose values are
 *      part of their parent's JSON — attendance, resolutions, allocations — the parent's
 *      decision rules: a kept parent keeps its children as they are here, a replaced one
 *      takes exactly the bundle's set, removing children the bundle no longer has); the
 *      journaled rows touched (zx_aff) keep their JSON from before; every row to be written
 *      belongs to the branch through its references (check_belonging) and passes the rules a
 *      form's row passes (import_check.c) — else nothing is written;
 *   4. the rows are written in the order of TABLES (new rows in the origin's order; a
 *      reference to a row of this bundle not yet written is filled in a second pass; one to a
 *      row not in this database is NULL, or leaves an existing row's value as it is);
 *   5. journal entries go to journal_import, one history entry "import" per journaled row
 *      whose JSON changed, and the 审后修改 marks (a record of a reviewed month changed, or
 *      the branch's dues start moved later past one).
 * SQL text built here holds identifiers read from the schema (quoted) and constants only. */
#define SQLITE_ENABLE_SESSION
#define SQLITE_ENABLE_PREUPDATE_HOOK
#include "store_priv.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_check.h"
#include "store_json.h"
#include "zhibu/clock.h"
#include "zhibu/store_exchange.h"
#include "zhibu/store_office.h"
#include "zhibu/util.h"

/* ---- what travels ---------------------------------------------------------------------- */

enum owner { NOT_IN = 0, OWN_SENDER, OWN_RECEIVER, OWN_NEWER };

static const struct table_def {
    const char *name;
    const char *filter;      /* the branch's rows: a condition on alias zt_, ?1 = branch id */
    const char *parent_col;  /* rows that are part of their parent's JSON: the parent's column */
    const char *month_col;   /* records of a month (locked by a verdict): the column */
    enum owner ledger, verdicts;
} TABLES[] = {
#define OWN "zt_.branch_id = ?1"
#define BY_MEMBER "zt_.member_id IN (SELECT id FROM member WHERE branch_id = ?1)"
#define BY_MEETING "zt_.meeting_id IN (SELECT id FROM meeting WHERE branch_id = ?1)"
#define BY_HOLDING                                                                            \
    "zt_.holding_id IN (SELECT h.id FROM post_holding h JOIN post p ON p.id = h.post_id"       \
    " WHERE p.branch_id = ?1)"
    {"branch", "zt_.id = ?1", NULL, NULL, OWN_SENDER, NOT_IN},
    {"party_group", OWN, NULL, NULL, OWN_SENDER, NOT_IN},
    {"member", OWN, NULL, NULL, OWN_SENDER, NOT_IN},
    {"meeting_plan", OWN, NULL, NULL, OWN_SENDER, NOT_IN},
    {"meeting", OWN, NULL, "date", OWN_SENDER, NOT_IN},
    {"meeting_attendance", BY_MEETING, "meeting_id", NULL, OWN_SENDER, NOT_IN},
    {"meeting_resolution", BY_MEETING, "meeting_id", NULL, OWN_SENDER, NOT_IN},
    {"dues_basis", BY_MEMBER, NULL, "from_month", OWN_SENDER, NOT_IN},
    {"dues_adjust", BY_MEMBER, NULL, "from_month", OWN_SENDER, NOT_IN},
    {"dues_payment", OWN, NULL, "paid_date", OWN_SENDER, NOT_IN},
    {"dues_allocation", "zt_.payment_id IN (SELECT id FROM dues_payment WHERE branch_id = ?1)",
     "payment_id", NULL, OWN_SENDER, NOT_IN},
    {"member_mobile", BY_MEMBER, NULL, NULL, OWN_SENDER, NOT_IN},
    {"mobile_contact", BY_MEMBER, NULL, NULL, OWN_SENDER, NOT_IN},
    {"member_transfer", BY_MEMBER, NULL, NULL, OWN_SENDER, NOT_IN},
    {"post", OWN, NULL, NULL, OWN_SENDER, NOT_IN},
    {"post_holding", "zt_.post_id IN (SELECT id FROM post WHERE branch_id = ?1)", NULL, NULL,
     OWN_SENDER, NOT_IN},
    {"post_report", BY_HOLDING, NULL, NULL, OWN_SENDER, NOT_IN},
    {"post_review", BY_HOLDING, NULL, NULL, OWN_SENDER, NOT_IN},
    {"post_excuse", BY_MEMBER, NULL, NULL, OWN_SENDER, NOT_IN},
    {"handin", OWN, NULL, NULL, OWN_SENDER, NOT_IN},
    {"amend_request", OWN, NULL, NULL, OWN_SENDER, NOT_IN},
    {"audit_verdict", OWN, NULL, NULL, NOT_IN, OWN_SENDER},
    {"rectification", OWN, NULL, NULL, OWN_NEWER, OWN_NEWER},
    {"probation_decision", BY_MEMBER, NULL, NULL, OWN_SENDER, NOT_IN},
#undef OWN
#undef BY_MEMBER
#undef BY_MEETING
#undef BY_HOLDING
};
#define N_TABLES ((int)(sizeof TABLES / sizeof TABLES[0]))

/* Columns that mean something only where they are: left out of the exchange. On insert they
 * get fill (an SQL expression) or their default (NULL: a trigger fills dues_allocation's). */
static const struct {
    const char *table, *column, *fill;
} LOCAL_COLS[] = {
    {"dues_allocation", "member_id", NULL},           /* the trigger copies the payment's */
    {"amend_request", "history_after", "(SELECT ifnull(max(id), 0) FROM history)"},
};

#define JOURNAL "journal"

static const char *owner_fill(const char *table, const char *column, bool *local)
{
    *local = false;
    for (size_t i = 0; i < ZB_ARRAY_LEN(LOCAL_COLS); i++)
        if (strcmp(LOCAL_COLS[i].table, table) == 0 && strcmp(LOCAL_COLS[i].column, column) == 0) {
            *local = true;
            return LOCAL_COLS[i].fill;
        }
    return NULL;
}

const char *exchange_kind_code(enum exchange_kind k)
{
    return k == EXCHANGE_VERDICTS ? "verdicts" : "ledger";
}

int exchange_kind_parse(const char *code)
{
    if (!code) return -1;
    if (strcmp(code, "ledger") == 0) return EXCHANGE_LEDGER;
    if (strcmp(code, "verdicts") == 0) return EXCHANGE_VERDICTS;
    return -1;
}

/* ---- the office ------------------------------------------------------------------------ */

int store_office_kind(struct store *st, char *kind, size_t kindsz)
{
    int rc = store_meta_get(st, "office_kind", kind, kindsz);
    if (rc == STORE_ERR_NOT_FOUND) {
        zb_strlcpy(kind, "village", kindsz);
        return STORE_OK;
    }
    return rc;
}

int store_set_office_kind(struct store *st, const char *kind)
{
    if (!kind) return st_fail(st, STORE_ERR_CONSTRAINT, "未指定单位类型");
    return store_office_set(st, kind, NULL);
}

/* ---- small string builder -------------------------------------------------------------- */

struct sb {
    char *p;
    size_t len, cap;
};

static void sb_put(struct sb *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        while (cap < b->len + n + 1) cap *= 2;
        b->p = xrealloc(b->p, cap);
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_add(struct sb *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

/* An identifier (from the schema) in double quotes. */
static void sb_ident(struct sb *b, const char *id)
{
    sb_put(b, "\"", 1);
    for (const char *p = id; *p; p++) {
        if (*p == '"') sb_put(b, "\"", 1);
        sb_put(b, p, 1);
    }
    sb_put(b, "\"", 1);
}

static void sb_fmt(struct sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_fmt(struct sb *b, const char *fmt, ...)
{
    char tmp[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    sb_add(b, tmp);
}

static void sb_reset(struct sb *b)
{
    b->len = 0;
    if (b->p) b->p[0] = '\0';
}

/* ---- the exchange schema --------------------------------------------------------------- */

struct xcol {
    char *name;
    char *ref_table;   /* a foreign key: the referenced table (NULL: a plain column) */
    char *ref_to;      /* and its column (id) */
};

struct xtab {
    const char *name;            /* TABLES[].name, or JOURNAL */
    const struct table_def *def; /* NULL for the pseudo-table */
    enum { PS_NONE, PS_JOURNAL } pseudo;
    enum owner owner;
    struct xcol *cols;           /* exchange columns after uuid (and xid for real tables) */
    int ncols;
    int nxcols;                  /* columns in the exchange table */
    int upd_col;                 /* exchange column index of updated_at, -1 */
    char **fill_cols;            /* local columns with a fill expression (insert only) */
    const char **fills;
    int nfill;
    bool journaled;
    int parent_tab;              /* index in xctx.tabs of the parent (child tables), -1 */
    int parent_xcol;             /* exchange column of the parent reference */
    sqlite3_stmt *ins, *upd;     /* on the target */
    struct exchange_table_report *rep;
};

/* The state of a bundle row after the apply (zx_state.state) and the actions (zx_do.act). */
enum { ST_ADDED = 0, ST_UNCHANGED = 1, ST_UPDATED = 2, ST_KEPT = 3 };
enum { ACT_DELETE = 1, ACT_UPDATE = 2, ACT_ADD = 3 };

struct decision {
    char uuid[UUID_STR_LEN];
    int state;
};

/* a set of 64-bit hashes of uuids (the rows the bundle carries) */
struct hset {
    uint64_t *v;
    size_t cap, n;
};

static uint64_t hash_text(const unsigned char *s, int n)
{
    uint64_t h = 1469598103934665603ull;
    for (int i = 0; i < n; i++) h = (h ^ s[i]) * 1099511628211ull;
    return h ? h : 1;
}

static void hset_add(struct hset *s, uint64_t h)
{
    if ((s->n + 1) * 4 > s->cap * 3) { /* at most 3/4 full: 11 bytes a row, 21 while it grows */
        struct hset g = {.cap = s->cap ? s->cap * 2 : 1024};
        g.v = xcalloc(g.cap, sizeof *g.v);
        for (size_t i = 0; i < s->cap; i++) {
            if (!s->v[i]) continue;
            size_t j = (size_t)(s->v[i] * 0x9E3779B97F4A7C15ull) & (g.cap - 1);
            while (g.v[j]) j = (j + 1) & (g.cap - 1);
            g.v[j] = s->v[i];
        }
        g.n = s->n;
        free(s->v);
        *s = g;
    }
    size_t j = (size_t)(h * 0x9E3779B97F4A7C15ull) & (s->cap - 1);
    while (s->v[j]) {
        if (s->v[j] == h) return;
        j = (j + 1) & (s->cap - 1);
    }
    s->v[j] = h;
    s->n++;
}

static bool hset_has(const struct hset *s, uint64_t h)
{
    if (!s->cap) return false;
    size_t j = (size_t)(h * 0x9E3779B97F4A7C15ull) & (s->cap - 1);
    while (s->v[j]) {
        if (s->v[j] == h) return true;
        j = (j + 1) & (s->cap - 1);
    }
    return false;
}

struct lookup {
    char *table;
    sqlite3_stmt *s;   /* SELECT id FROM table WHERE uuid = ?1, on the target */
};

struct xctx {
    struct store *st;
    enum exchange_kind kind;
    struct xtab tabs[EXCHANGE_MAX_TABLES];
    int ntabs;
    sqlite3 *stage;                /* the staging (import) or export database */
    struct lookup look[EXCHANGE_MAX_TABLES];
    int nlook;
    /* import */
    struct exchange_report *rep;
    struct hset bundle;            /* uuids the bundle carries */
    struct decision *dec;
    size_t ndec, capdec;
    bool skip_journal;             /* the bundle came back to its own office */
    const char *origin_office;     /* the sending office (check_journal) */
    bool older;                    /* older than the newest bundle imported for the branch */
    int64_t branch_id;             /* here (0 until a new branch is written) */
    int failed;                    /* a conflict handler failure (enum store_rc) */
    int conflicts;
    /* export: the chunk being made (a session on x->stage since the last chunk) */
    sqlite3_session *ses;
    exchange_chunk_fn put;
    void *put_ctx;
    size_t max_rows, max_bytes;    /* a chunk's limits (0: none) */
    size_t chunk_rows, chunk_bytes;
    int nchunks;                   /* chunks handed to put */
};

static void xctx_free(struct xctx *x)
{
    for (int i = 0; i < x->ntabs; i++) {
        struct xtab *t = &x->tabs[i];
        for (int c = 0; c < t->ncols; c++) {
            free(t->cols[c].name);
            free(t->cols[c].ref_table);
            free(t->cols[c].ref_to);
        }
        free(t->cols);
        for (int c = 0; c < t->nfill; c++) free(t->fill_cols[c]);
        free(t->fill_cols);
        free(t->fills);
        sqlite3_finalize(t->ins);
        sqlite3_finalize(t->upd);
    }
    for (int i = 0; i < x->nlook; i++) {
        free(x->look[i].table);
        sqlite3_finalize(x->look[i].s);
    }
    if (x->ses) sqlite3session_delete(x->ses);
    if (x->stage) sqlite3_close(x->stage);
    free(x->bundle.v);
    free(x->dec);
    memset(x, 0, sizeof *x);
}

static int xtab_index(const struct xctx *x, const char *name)
{
    for (int i = 0; i < x->ntabs; i++)
        if (strcmp(x->tabs[i].name, name) == 0) return i;
    return -1;
}

static char *col_strdup(sqlite3_stmt *s, int c)
{
    const unsigned char *t = sqlite3_column_text(s, c);
    return xstrdup(t ? (const char *)t : "");
}

/* The columns of a live table (its foreign keys as references), for the exchange. */
static int read_table(struct xctx *x, struct xtab *t, bool keep_id)
{
    struct store *st = x->st;
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, "SELECT name FROM pragma_table_info(?1) ORDER BY cid", -1,
                                &s, NULL);
    if (rc != SQLITE_OK) return st_sqlfail(st, rc, "读取数据库结构");
    const char *live = t->def ? t->def->name : "history";
    sqlite3_bind_text(s, 1, live, -1, SQLITE_STATIC);
    int cap = 0;
    bool has_uuid = false;
    t->upd_col = -1;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        char *name = col_strdup(s, 0);
        bool local;
        const char *fill = owner_fill(live, name, &local);
        if (strcmp(name, "uuid") == 0) has_uuid = true;
        if ((strcmp(name, "id") == 0 && !keep_id) || strcmp(name, "uuid") == 0 || local) {
            if (local && fill) {
                t->fill_cols = xrealloc(t->fill_cols, (size_t)(t->nfill + 1) * sizeof *t->fill_cols);
                t->fills = xrealloc(t->fills, (size_t)(t->nfill + 1) * sizeof *t->fills);
                t->fill_cols[t->nfill] = name;
                t->fills[t->nfill++] = fill;
            } else {
                free(name);
            }
            continue;
        }
        if (t->ncols == cap) {
            cap = cap ? cap * 2 : 16;
            t->cols = xrealloc(t->cols, (size_t)cap * sizeof *t->cols);
        }
        t->cols[t->ncols++] = (struct xcol){.name = name};
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return st_sqlfail(st, rc, "读取数据库结构");
    if (!has_uuid || t->ncols == 0)
        return st_fail(st, STORE_ERR, "数据库结构不支持交换：表 %s 没有 uuid", live);
    if (t->def) {
        rc = sqlite3_prepare_v2(st->db,
                                "SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list(?1)",
                                -1, &s, NULL);
        if (rc != SQLITE_OK) return st_sqlfail(st, rc, "读取数据库结构");
        sqlite3_bind_text(s, 1, live, -1, SQLITE_STATIC);
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            const char *from = (const char *)sqlite3_column_text(s, 0);
            for (int c = 0; from && c < t->ncols; c++)
                if (strcmp(t->cols[c].name, from) == 0 && !t->cols[c].ref_table) {
                    t->cols[c].ref_table = col_strdup(s, 1);
                    t->cols[c].ref_to = col_strdup(s, 2);
                }
        }
        sqlite3_finalize(s);
        if (rc != SQLITE_DONE) return st_sqlfail(st, rc, "读取数据库结构");
    }
    int base = t->def ? 2 : 1; /* uuid, xid */
    t->nxcols = base + t->ncols;
    for (int c = 0; c < t->ncols; c++)
        if (strcmp(t->cols[c].name, "updated_at") == 0) t->upd_col = base + c;
    return STORE_OK;
}

/* The exchange schema of kind into x->tabs (not yet created anywhere). */
static int build_schema(struct xctx *x)
{
    for (int i = 0; i < N_TABLES; i++) {
        enum owner o = x->kind == EXCHANGE_LEDGER ? TABLES[i].ledger : TABLES[i].verdicts;
        if (o == NOT_IN) continue;
        struct xtab *t = &x->tabs[x->ntabs++];
        t->name = TABLES[i].name;
        t->def = &TABLES[i];
        t->owner = o;
        t->journaled = st_journal_has(t->name);
        t->parent_tab = -1;
        int rc = read_table(x, t, false);
        if (rc != STORE_OK) return rc;
    }
    for (int i = 0; i < x->ntabs; i++) {
        struct xtab *t = &x->tabs[i];
        if (!t->def->parent_col) continue;
        for (int c = 0; c < t->ncols; c++)
            if (strcmp(t->cols[c].name, t->def->parent_col) == 0 && t->cols[c].ref_table) {
                t->parent_tab = xtab_index(x, t->cols[c].ref_table);
                t->parent_xcol = 2 + c;
            }
    }
    if (x->kind == EXCHANGE_LEDGER) {
        struct xtab *t = &x->tabs[x->ntabs++];
        t->name = JOURNAL;
        t->pseudo = PS_JOURNAL;
        t->owner = OWN_SENDER;
        t->parent_tab = -1;
        int rc = read_table(x, t, true);
        if (rc != STORE_OK) return rc;
    }
    return STORE_OK;
}

static int stage_fail(struct xctx *x, const char *what)
{
    return st_fail(x->st, STORE_ERR, "%s失败: %s", what, sqlite3_errmsg(x->stage));
}

/* The CREATE TABLE statements of the exchange tables. */
static void exchange_ddl(const struct xctx *x, struct sb *b)
{
    for (int i = 0; i < x->ntabs; i++) {
        const struct xtab *t = &x->tabs[i];
        sb_add(b, "CREATE TABLE ");
        sb_ident(b, t->name);
        sb_add(b, "(uuid PRIMARY KEY");
        if (t->def) sb_add(b, ", xid");
        for (int c = 0; c < t->ncols; c++) {
            sb_add(b, ", ");
            sb_ident(b, t->cols[c].name);
        }
        sb_add(b, ");");
    }
}

/* Create the exchange tables in x->stage (and, for an import, the bookkeeping tables). */
static int create_stage(struct xctx *x, bool import)
{
    int rc = sqlite3_open_v2("", &x->stage, /* a temporary file: spills to disk when large */
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) return st_fail(x->st, STORE_ERR, "无法建立交换用的临时数据库");
    struct sb b = {0};
    sb_add(&b, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; BEGIN;");
    exchange_ddl(x, &b);
    if (import)
        sb_add(&b, "CREATE TABLE zx_here(uuid PRIMARY KEY) WITHOUT ROWID;"
                   "CREATE TABLE zx_state(uuid PRIMARY KEY, state) WITHOUT ROWID;"
                   "CREATE TABLE zx_do(uuid PRIMARY KEY, act) WITHOUT ROWID;"
                   "CREATE TABLE zx_aff(uuid UNIQUE, tab, old_json);");
    sb_add(&b, "COMMIT;");
    rc = sqlite3_exec(x->stage, b.p, NULL, NULL, NULL);
    free(b.p);
    if (rc != SQLITE_OK) return stage_fail(x, "建立交换表");
    return STORE_OK;
}

/* ---- copying the branch's rows into the exchange tables -------------------------------- */

/* SELECT of table t's rows of branch ?1 on the target, translated to the exchange layout. */
static void select_sql(const struct xtab *t, struct sb *b)
{
    sb_add(b, "SELECT zt_.uuid, zt_.id");
    for (int c = 0; c < t->ncols; c++) {
        const struct xcol *col = &t->cols[c];
        sb_add(b, ", ");
        if (col->ref_table) {
            sb_add(b, "(SELECT zr_.uuid FROM ");
            sb_ident(b, col->ref_table);
            sb_add(b, " zr_ WHERE zr_.");
            sb_ident(b, col->ref_to);
            sb_add(b, " = zt_.");
            sb_ident(b, col->name);
            sb_add(b, ")");
        } else {
            sb_add(b, "zt_.");
            sb_ident(b, col->name);
        }
    }
    sb_add(b, " FROM ");
    sb_ident(b, t->name);
    sb_add(b, " zt_ WHERE ");
    sb_add(b, t->def->filter);
    sb_add(b, " ORDER BY zt_.id");
}

static void insert_sql(const struct xtab *t, struct sb *b)
{
    sb_add(b, "INSERT INTO ");
    sb_ident(b, t->name);
    sb_add(b, " VALUES (?");
    for (int c = 1; c < t->nxcols; c++) sb_add(b, ", ?");
    sb_add(b, ")");
}

static int new_session(struct xctx *x)
{
    if (sqlite3session_create(x->stage, "main", &x->ses) != SQLITE_OK ||
        sqlite3session_attach(x->ses, NULL) != SQLITE_OK)
        return stage_fail(x, "建立会话");
    return STORE_OK;
}

/* Hand the rows copied since the last chunk to x->put as one changeset, free it and start a
 * new session (unless last). An empty chunk only when it would be the only one. */
static int flush_chunk(struct xctx *x, bool last)
{
    if (!x->chunk_rows && !(last && x->nchunks == 0)) return STORE_OK;
    int sz = 0;
    void *p = NULL;
    int rc;
    if (sqlite3session_changeset(x->ses, &sz, &p) != SQLITE_OK)
        rc = st_fail(x->st, STORE_ERR, "生成交换数据失败");
    else
        rc = x->put(x->put_ctx, p ? p : (void *)"", sz > 0 ? (size_t)sz : 0);
    sqlite3_free(p);
    sqlite3session_delete(x->ses);
    x->ses = NULL;
    x->nchunks++;
    x->chunk_rows = x->chunk_bytes = 0;
    if (rc == STORE_OK && !last) rc = new_session(x);
    return rc;
}

/* Copy the rows of branch_id (all columns, or for the journal of an import only the uuids)
 * from the target into the stage; with here, list them in zx_here; for an export (x->ses),
 * a chunk goes to x->put whenever it is full. counts: rows per table. */
static int copy_rows(struct xctx *x, int64_t branch_id, bool here, int *counts)
{
    struct store *st = x->st;
    struct sb q = {0}, ins = {0};
    sqlite3_stmt *sel = NULL, *put = NULL, *mark = NULL;
    int rc = STORE_OK;
    if (here &&
        sqlite3_prepare_v2(x->stage, "INSERT INTO zx_here(uuid) VALUES (?1)", -1, &mark, NULL))
        rc = stage_fail(x, "准备导入");
    for (int i = 0; i < x->ntabs && rc == STORE_OK; i++) {
        const struct xtab *t = &x->tabs[i];
        sb_reset(&q);
        sb_reset(&ins);
        int ncopy = t->nxcols; /* columns copied */
        if (t->def) {
            select_sql(t, &q);
            insert_sql(t, &ins);
        } else if (t->pseudo == PS_JOURNAL && !here) {
            /* the branch's chain, sealed entries only, in order */
            sb_add(&q, "SELECT uuid");
            for (int c = 0; c < t->ncols; c++) {
                sb_add(&q, ", ");
                sb_ident(&q, t->cols[c].name);
            }
            sb_add(&q, " FROM history WHERE branch_id = ?1 AND hash IS NOT NULL ORDER BY id");
            insert_sql(t, &ins);
        } else {
            if (x->skip_journal) continue;
            sb_add(&q, "SELECT uuid FROM journal_import WHERE branch_id = ?1");
            sb_add(&ins, "INSERT INTO journal(uuid) VALUES (?1)");
            ncopy = 1;
        }
        int src = sqlite3_prepare_v2(st->db, q.p, -1, &sel, NULL);
        if (src != SQLITE_OK) {
            rc = st_sqlfail(st, src, "读取支部数据");
            break;
        }
        if (sqlite3_prepare_v2(x->stage, ins.p, -1, &put, NULL) != SQLITE_OK) {
            rc = stage_fail(x, "准备交换数据");
            break;
        }
        sqlite3_bind_int64(sel, 1, branch_id);
        int n = 0;
        while ((src = sqlite3_step(sel)) == SQLITE_ROW) {
            sqlite3_reset(put);
            for (int c = 0; c < ncopy; c++) sqlite3_bind_value(put, c + 1, sqlite3_column_value(sel, c));
            if (sqlite3_step(put) != SQLITE_DONE) {
                rc = stage_fail(x, "复制支部数据");
                break;
            }
            if (mark) {
                sqlite3_reset(mark);
                sqlite3_bind_value(mark, 1, sqlite3_column_value(sel, 0));
                if (sqlite3_step(mark) != SQLITE_DONE) {
                    rc = stage_fail(x, "复制支部数据");
                    break;
                }
            }
            n++;
            if (x->ses) {
                x->chunk_rows++;
                for (int c = 0; c < ncopy; c++) {
                    int ty = sqlite3_column_type(sel, c);
                    x->chunk_bytes += ty == SQLITE_TEXT || ty == SQLITE_BLOB
                                          ? (size_t)sqlite3_column_bytes(sel, c) + 4 : 9;
                }
                if ((x->max_rows && x->chunk_rows >= x->max_rows) ||
                    (x->max_bytes && x->chunk_bytes >= x->max_bytes)) {
                    if ((rc = flush_chunk(x, false)) != STORE_OK) break;
                }
            }
        }
        if (rc == STORE_OK && src != SQLITE_DONE) rc = st_sqlfail(st, src, "读取支部数据");
        if (counts) counts[i] = n;
        sqlite3_finalize(sel);
        sqlite3_finalize(put);
        sel = put = NULL;
    }
    sqlite3_finalize(sel);
    sqlite3_finalize(put);
    sqlite3_finalize(mark);
    free(q.p);
    free(ins.p);
    return rc;
}

/* ---- export ---------------------------------------------------------------------------- */

bool store_may_export(const struct store *st, enum exchange_kind kind)
{
    enum store_role r = st->session.role;
    return kind == EXCHANGE_LEDGER || r == STORE_ROLE_REVIEWER || r == STORE_ROLE_ADMIN ||
           r == STORE_ROLE_SYSTEM;
}

int store_exchange_export_chunks(struct store *st, int64_t branch_id, enum exchange_kind kind,
                                 size_t max_rows, size_t max_bytes, exchange_chunk_fn put,
                                 void *ctx, struct exchange_count *counts, int *ncounts)
{
    if (ncounts) *ncounts = 0;
    if (!store_may_export(st, kind))
        return st_fail(st, STORE_ERR_DENIED, "只有审查员或管理员可以导出审查结论");
    struct branch b;
    int rc = store_branch_get(st, branch_id, &b);
    if (rc != STORE_OK) return rc == STORE_ERR_NOT_FOUND
                                  ? st_fail(st, rc, "没有这个支部（编号 %lld）", (long long)branch_id)
                                  : rc;
    struct xctx x = {.st = st, .kind = kind, .put = put, .put_ctx = ctx, .max_rows = max_rows,
                     .max_bytes = max_bytes};
    bool read_tx = st->tx_depth == 0;
    rc = build_schema(&x);
    if (rc == STORE_OK) rc = create_stage(&x, false);
    if (rc == STORE_OK) rc = new_session(&x);
    /* one snapshot of the source for all tables */
    if (rc == STORE_OK && read_tx) {
        sqlite3_stmt *s = st_stmt(st, S_XCHG_READ_BEGIN, "BEGIN");
        if (!s) rc = STORE_ERR;
        else if (sqlite3_step(s) != SQLITE_DONE) rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "导出");
        st_done(s);
    }
    int n[EXCHANGE_MAX_TABLES] = {0};
    if (rc == STORE_OK) {
        rc = copy_rows(&x, branch_id, false, n);
        if (read_tx) {
            sqlite3_stmt *s = st_stmt(st, S_XCHG_READ_END, "COMMIT");
            if (s) sqlite3_step(s);
            st_done(s);
        }
    }
    if (rc == STORE_OK) rc = flush_chunk(&x, true);
    if (rc == STORE_OK && counts && ncounts) {
        for (int i = 0; i < x.ntabs; i++) {
            zb_strlcpy(counts[i].table, x.tabs[i].name, sizeof counts[i].table);
            counts[i].rows = n[i];
        }
        *ncounts = x.ntabs;
    }
    xctx_free(&x);
    return rc;
}


struct one_blob {
    void *p;
    size_t n;
};

static int keep_blob(void *ctx, const void *data, size_t n)
{
    struct one_blob *o = ctx;
    o->p = xmalloc(n ? n : 1);
    if (n) memcpy(o->p, data, n);
    o->n = n;
    return STORE_OK;
}

int store_exchange_export(struct store *st, int64_t branch_id, enum exchange_kind kind,
                          void **blob, size_t *nblob, struct exchange_count *counts,
                          int *ncounts)
{
    struct one_blob o = {0};
    int rc = store_exchange_export_chunks(st, branch_id, kind, 0, 0, keep_blob, &o, counts,
                                          ncounts);
    if (rc != STORE_OK) {
        free(o.p);
        o.p = NULL;
        o.n = 0;
    }
    *blob = o.p;
    *nblob = o.n;
    return rc;
}

/* ---- import: the conflict handler ------------------------------------------------------ */

static struct lookup *lookup_of(struct xctx *x, const char *table)
{
    for (int i = 0; i < x->nlook; i++)
        if (strcmp(x->look[i].table, table) == 0) return &x->look[i];
    if (x->nlook >= EXCHANGE_MAX_TABLES) return NULL;
    struct sb b = {0};
    sb_add(&b, "SELECT id FROM ");
    sb_ident(&b, table);
    sb_add(&b, " WHERE uuid = ?1");
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(x->st->db, b.p, -1, &s, NULL);
    free(b.p);
    if (rc != SQLITE_OK) {
        st_sqlfail(x->st, rc, "读取数据库结构");
        return NULL;
    }
    struct lookup *l = &x->look[x->nlook++];
    l->table = xstrdup(table);
    l->s = s;
    return l;
}

/* The id here of table's row uuid: > 0 found, 0 not here, < 0 failure. */
static int64_t id_here(struct xctx *x, const char *table, sqlite3_value *uuid)
{
    struct lookup *l = lookup_of(x, table);
    if (!l) return STORE_ERR;
    sqlite3_reset(l->s);
    sqlite3_bind_value(l->s, 1, uuid);
    int rc = sqlite3_step(l->s);
    int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(l->s, 0) : 0;
    sqlite3_reset(l->s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return st_sqlfail(x->st, rc, "查找关联记录");
    return id;
}

static bool in_bundle(const struct xctx *x, sqlite3_value *v)
{
    if (!v || sqlite3_value_type(v) != SQLITE_TEXT) return false;
    return hset_has(&x->bundle, hash_text(sqlite3_value_text(v), sqlite3_value_bytes(v)));
}

static bool same_value(sqlite3_value *a, sqlite3_value *b)
{
    int ta = a ? sqlite3_value_type(a) : SQLITE_NULL, tb = b ? sqlite3_value_type(b) : SQLITE_NULL;
    if (ta != tb) return false;
    switch (ta) {
    case SQLITE_NULL: return true;
    case SQLITE_INTEGER: return sqlite3_value_int64(a) == sqlite3_value_int64(b);
    case SQLITE_FLOAT: return sqlite3_value_double(a) == sqlite3_value_double(b);
    case SQLITE_TEXT: {
        int n = sqlite3_value_bytes(a);
        return n == sqlite3_value_bytes(b) &&
               memcmp(sqlite3_value_text(a), sqlite3_value_text(b), (size_t)n) == 0;
    }
    default: {
        int n = sqlite3_value_bytes(a);
        return n == sqlite3_value_bytes(b) &&
               (n == 0 || memcmp(sqlite3_value_blob(a), sqlite3_value_blob(b), (size_t)n) == 0);
    }
    }
}

static void record(struct xctx *x, sqlite3_value *uuid, int state)
{
    if (x->ndec == x->capdec) {
        x->capdec = x->capdec ? x->capdec * 2 : 1024;
        x->dec = xrealloc(x->dec, x->capdec * sizeof *x->dec);
    }
    struct decision *d = &x->dec[x->ndec++];
    const unsigned char *t = sqlite3_value_text(uuid);
    zb_strlcpy(d->uuid, t ? (const char *)t : "", sizeof d->uuid);
    d->state = state;
}

static int on_filter(void *ctx, const char *table)
{
    const struct xctx *x = ctx;
    return !(x->skip_journal && strcmp(table, JOURNAL) == 0);
}

static int on_conflict(void *ctx, int type, sqlite3_changeset_iter *it)
{
    struct xctx *x = ctx;
    const char *tname;
    int ncol, op, indirect;
    if (sqlite3changeset_op(it, &tname, &ncol, &op, &indirect) != SQLITE_OK) goto abort;
    int ti = xtab_index(x, tname);
    if (ti < 0 || type != SQLITE_CHANGESET_CONFLICT || op != SQLITE_INSERT) goto abort;
    struct xtab *t = &x->tabs[ti];
    sqlite3_value *key = NULL;
    if (sqlite3changeset_new(it, 0, &key) != SQLITE_OK) goto abort;
    if (t->pseudo == PS_JOURNAL) { /* insert only: an entry already here stays as it is */
        record(x, key, ST_UNCHANGED);
        return SQLITE_CHANGESET_OMIT;
    }
    bool same = true;
    for (int c = 1; c < ncol && same; c++) {
        sqlite3_value *nv = NULL, *ov = NULL;
        if (sqlite3changeset_new(it, c, &nv) != SQLITE_OK ||
            sqlite3changeset_conflict(it, c, &ov) != SQLITE_OK)
            goto abort;
        if (t->def && c == 1) continue; /* xid: the origin's number, not a value */
        if (same_value(nv, ov)) continue;
        const struct xcol *col = t->def && c >= 2 ? &t->cols[c - 2] : NULL;
        /* a reference to a row neither here nor in the bundle is no difference: it cannot be
         * placed here and leaves this office's value as it is */
        if (col && col->ref_table && nv && sqlite3_value_type(nv) == SQLITE_TEXT &&
            !in_bundle(x, nv)) {
            int64_t id = id_here(x, col->ref_table, nv);
            if (id < 0) goto abort;
            if (id == 0) continue;
        }
        same = false;
    }
    if (same) {
        record(x, key, ST_UNCHANGED);
        return SQLITE_CHANGESET_OMIT;
    }
    bool replace = false;
    if (t->owner != OWN_RECEIVER) {
        if (t->upd_col < 0) {
            replace = !x->older;
        } else {
            sqlite3_value *nv = NULL, *ov = NULL;
            if (sqlite3changeset_new(it, t->upd_col, &nv) != SQLITE_OK ||
                sqlite3changeset_conflict(it, t->upd_col, &ov) != SQLITE_OK)
                goto abort;
            const char *n = nv ? (const char *)sqlite3_value_text(nv) : NULL;
            const char *o = ov ? (const char *)sqlite3_value_text(ov) : NULL;
            int cmp = strcmp(n ? n : "", o ? o : "");
            replace = t->owner == OWN_SENDER ? cmp >= 0 : cmp > 0;
        }
    }
    record(x, key, replace ? ST_UPDATED : ST_KEPT);
    return replace ? SQLITE_CHANGESET_REPLACE : SQLITE_CHANGESET_OMIT;
abort:
    if (!x->failed) x->failed = st_fail(x->st, STORE_ERR, "导入失败: 无法比较交换包中的记录");
    return SQLITE_CHANGESET_ABORT;
}

/* ---- import: checking the changeset ---------------------------------------------------- */

static int problem(struct xctx *x, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int problem(struct xctx *x, int rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(x->st->err, sizeof x->st->err, fmt, ap);
    va_end(ap);
    if (x->rep && !x->rep->problem[0])
        zb_strlcpy(x->rep->problem, x->st->err, sizeof x->rep->problem);
    return rc;
}

/* The chunks of src: rewind before the first (STORE_OK or a store code). */
static int src_rewind(struct xctx *x, struct exchange_source *src)
{
    src->err = NULL;
    int rc = src->rewind(src->ctx);
    if (rc != STORE_OK)
        return problem(x, rc, "%s", src->err ? src->err : "交换包的数据无法读取");
    return STORE_OK;
}

/* The next chunk of src that is not empty: *more false after the last one. */
static int src_next(struct xctx *x, struct exchange_source *src, const void **data, size_t *n,
                    bool *more)
{
    for (;;) {
        int r = src->next(src->ctx, data, n);
        if (r < 0) {
            *more = false;
            return problem(x, STORE_ERR, "%s", src->err ? src->err : "交换包的数据无法读取");
        }
        *more = r > 0;
        if (!*more || *n > 0) break;
    }
    if (*more && *n > (size_t)INT32_MAX) {
        *more = false;
        return problem(x, STORE_ERR, "交换包的数据无法读取");
    }
    return STORE_OK;
}

/* A row's key as the store makes them: 36 characters of hex digits and dashes. */
static bool uuid_text(const char *k)
{
    size_t n = 0;
    for (; k && k[n]; n++)
        if (!((k[n] >= '0' && k[n] <= '9') || (k[n] >= 'a' && k[n] <= 'f') ||
              (k[n] >= 'A' && k[n] <= 'F') || k[n] == '-'))
            return false;
    return n == UUID_STR_LEN - 1;
}

/* The limits of this process's imports (store_exchange_set_limits). */
static struct exchange_limits limits;
static bool limits_set;

void exchange_limits_default(struct exchange_limits *l)
{
    /* the defaults of config/zhibu.ini [exchange] and [members] */
    l->max_bundle_bytes = 128ll * 1024 * 1024;
    l->max_rows = 300000;
    l->max_members = 20000;
    l->clock_skew_days = 1;
    l->min_join_age = 18;
    l->probation_months = 12;
}

void store_exchange_set_limits(const struct exchange_limits *l)
{
    limits_set = l != NULL;
    if (l) limits = *l;
}

void store_exchange_limits(struct exchange_limits *out)
{
    if (limits_set) *out = limits;
    else exchange_limits_default(out);
}

/* One chunk: every change an INSERT into a table of this kind with its columns; a row with a
 * branch_id names the bundle's branch (the branch row is the bundle's branch); the rows counted
 * (per table into counts[], all into *total) within the limits; the bundle's uuids into
 * x->bundle. */
static int scan_chunk(struct xctx *x, const void *blob, size_t nblob, const char *branch_uuid,
                      const int *branch_col, long *counts, long *total,
                      const struct exchange_limits *lim)
{
    sqlite3_changeset_iter *it = NULL;
    if (sqlite3changeset_start(&it, (int)nblob, (void *)blob) != SQLITE_OK)
        return problem(x, STORE_ERR, "交换包的数据无法读取");
    int rc = STORE_OK, src;
    int last = -1;
    const char *last_name = NULL;
    while ((src = sqlite3changeset_next(it)) == SQLITE_ROW) {
        const char *tname;
        int ncol, op, ind;
        sqlite3changeset_op(it, &tname, &ncol, &op, &ind);
        if (last < 0 || strcmp(tname, last_name) != 0) {
            last = xtab_index(x, tname);
            last_name = last >= 0 ? x->tabs[last].name : NULL;
            if (last < 0) {
                rc = problem(x, STORE_ERR, "交换包含有本程序不认识的表 %.40s", tname);
                break;
            }
        }
        const struct xtab *t = &x->tabs[last];
        if (op != SQLITE_INSERT || ncol != t->nxcols) {
            rc = problem(x, STORE_ERR, "交换包中表 %s 的结构与本数据库不符", t->name);
            break;
        }
        /* before anything is applied: the rows of the bundle (what the import holds in memory
         * grows with them), the members */
        if (++*total > lim->max_rows) {
            rc = problem(x, STORE_ERR_CONSTRAINT,
                         "交换包中的记录超过 %ld 条（配置 [exchange] max_rows），整个交换包未导入",
                         lim->max_rows);
            break;
        }
        if (++counts[last] > lim->max_members && strcmp(t->name, "member") == 0) {
            rc = problem(x, STORE_ERR_CONSTRAINT,
                         "交换包中的党员超过 %ld 名（配置 [exchange] max_members），整个交换包未导入",
                         lim->max_members);
            break;
        }
        sqlite3_value *key = NULL;
        sqlite3changeset_new(it, 0, &key);
        if (!key || sqlite3_value_type(key) != SQLITE_TEXT) {
            rc = problem(x, STORE_ERR, "交换包中表 %s 有记录缺少 uuid", t->name);
            break;
        }
        const char *k = (const char *)sqlite3_value_text(key);
        if (!uuid_text(k)) {
            rc = problem(x, STORE_ERR_CONSTRAINT, "交换包中表 %s 有记录的编号（uuid）无效，整个交换包未导入",
                         t->name);
            break;
        }
        /* a value bigger than any the ledger makes, before it is applied (and copied) */
        for (int c = 1; c < ncol && rc == STORE_OK; c++) {
            sqlite3_value *v = NULL;
            if (sqlite3changeset_new(it, c, &v) == SQLITE_OK && v &&
                (sqlite3_value_type(v) == SQLITE_TEXT || sqlite3_value_type(v) == SQLITE_BLOB) &&
                sqlite3_value_bytes(v) > EXCHANGE_MAX_VALUE_BYTES)
                rc = problem(x, STORE_ERR_CONSTRAINT,
                             "交换包中表 %s 的记录 %.8s 有一项数据超过 1 MB，整个交换包未导入",
                             t->name, k);
        }
        if (rc != STORE_OK) break;
        hset_add(&x->bundle, hash_text(sqlite3_value_text(key), sqlite3_value_bytes(key)));
        bool foreign = false;
        if (t->def && strcmp(t->name, "branch") == 0) foreign = strcmp(k, branch_uuid) != 0;
        if (branch_col[last] >= 0) {
            sqlite3_value *bv = NULL;
            sqlite3changeset_new(it, branch_col[last], &bv);
            const unsigned char *bt = bv ? sqlite3_value_text(bv) : NULL;
            foreign = !bt || strcmp((const char *)bt, branch_uuid) != 0;
        }
        if (foreign) {
            rc = problem(x, STORE_ERR_CONSTRAINT,
                         "交换包中表 %s 的记录 %.8s 属于其他支部，整个交换包未导入", t->name, k);
            break;
        }
    }
    if (rc == STORE_OK && src != SQLITE_DONE) rc = problem(x, STORE_ERR, "交换包的数据已损坏");
    sqlite3changeset_finalize(it);
    return rc;
}

/* Every chunk of src checked (scan_chunk), before anything is applied. */
static int scan_changeset(struct xctx *x, struct exchange_source *src, const char *branch_uuid)
{
    int branch_col[EXCHANGE_MAX_TABLES];
    for (int i = 0; i < x->ntabs; i++) {
        branch_col[i] = -1;
        const struct xtab *t = &x->tabs[i];
        for (int c = 0; t->def && c < t->ncols; c++)
            if (t->cols[c].ref_table && strcmp(t->cols[c].ref_table, "branch") == 0 &&
                strcmp(t->cols[c].name, "branch_id") == 0)
                branch_col[i] = 2 + c;
    }
    struct exchange_limits lim;
    store_exchange_limits(&lim);
    long counts[EXCHANGE_MAX_TABLES] = {0}, total = 0;
    int rc = src_rewind(x, src);
    bool more = rc == STORE_OK;
    while (more && rc == STORE_OK) {
        const void *d = NULL;
        size_t n = 0;
        rc = src_next(x, src, &d, &n, &more);
        if (rc == STORE_OK && more) rc = scan_chunk(x, d, n, branch_uuid, branch_col, counts, &total, &lim);
    }
    return rc;
}

/* ---- import: every row written belongs to the branch ----------------------------------- */

/* Every reference of a row to be written (zx_do: added or updated) names a row of the stage —
 * the branch's rows here and the bundle's — or is NULL. References to the branch itself were
 * checked by scan_chunk (branch_id), and the branch's parent is the office above (not in the
 * bundle). The parent named by the table's filter (a resolution's meeting, an allocation's
 * payment ...) makes the row another branch's; any other column refers to one. */
static int check_belonging(struct xctx *x)
{
    struct sb q = {0};
    int rc = STORE_OK;
    for (int i = 0; i < x->ntabs && rc == STORE_OK; i++) {
        const struct xtab *t = &x->tabs[i];
        if (!t->def) continue;
        for (int c = 0; c < t->ncols && rc == STORE_OK; c++) {
            const struct xcol *col = &t->cols[c];
            if (!col->ref_table || strcmp(col->ref_table, "branch") == 0) continue;
            bool staged = xtab_index(x, col->ref_table) >= 0;
            sb_reset(&q);
            sb_add(&q, "SELECT t.uuid, t.");
            sb_ident(&q, col->name);
            sb_add(&q, " FROM ");
            sb_ident(&q, t->name);
            sb_add(&q, " t JOIN zx_do d ON d.uuid = t.uuid AND d.act IN (2, 3) WHERE t.");
            sb_ident(&q, col->name);
            sb_add(&q, " IS NOT NULL");
            if (staged) {
                sb_add(&q, " AND NOT EXISTS (SELECT 1 FROM ");
                sb_ident(&q, col->ref_table);
                sb_add(&q, " r WHERE r.uuid = t.");
                sb_ident(&q, col->name);
                sb_add(&q, ")");
            }
            sb_add(&q, " LIMIT 1");
            sqlite3_stmt *s = NULL;
            if (sqlite3_prepare_v2(x->stage, q.p, -1, &s, NULL) != SQLITE_OK) {
                rc = stage_fail(x, "核对交换包");
                break;
            }
            int src = sqlite3_step(s);
            if (src == SQLITE_ROW) {
                const unsigned char *u = sqlite3_column_text(s, 0);
                char uuid[UUID_STR_LEN];
                zb_strlcpy(uuid, u ? (const char *)u : "", sizeof uuid);
                int64_t elsewhere = id_here(x, col->ref_table, sqlite3_column_value(s, 1));
                /* the table's filter names its parent: "zt_.<column> IN ..." */
                size_t nl = strlen(col->name);
                bool parent = strncmp(t->def->filter, "zt_.", 4) == 0 &&
                              strncmp(t->def->filter + 4, col->name, nl) == 0 &&
                              t->def->filter[4 + nl] == ' ';
                if (elsewhere < 0) rc = (int)elsewhere;
                else if (elsewhere == 0)
                    rc = problem(x, STORE_ERR_CONSTRAINT,
                                 "交换包中表 %s 的记录 %.8s 引用的记录不存在（%s），整个交换包未导入",
                                 t->name, uuid, col->name);
                else if (parent)
                    rc = problem(x, STORE_ERR_CONSTRAINT,
                                 "交换包中表 %s 的记录 %.8s 属于其他支部，整个交换包未导入", t->name,
                                 uuid);
                else
                    rc = problem(x, STORE_ERR_CONSTRAINT,
                                 "交换包中表 %s 的记录 %.8s 引用了其他支部的记录（%s），整个交换包未导入",
                                 t->name, uuid, col->name);
            } else if (src != SQLITE_DONE) {
                rc = stage_fail(x, "核对交换包");
            }
            sqlite3_finalize(s);
        }
        if (rc != STORE_OK) break;
        /* a row new to this branch whose uuid is another branch's row here */
        sb_reset(&q);
        sb_add(&q, "SELECT t.uuid FROM ");
        sb_ident(&q, t->name);
        sb_add(&q, " t JOIN zx_do d ON d.uuid = t.uuid AND d.act = 3");
        sqlite3_stmt *s = NULL;
        if (sqlite3_prepare_v2(x->stage, q.p, -1, &s, NULL) != SQLITE_OK) {
            rc = stage_fail(x, "核对交换包");
            break;
        }
        int src;
        while ((src = sqlite3_step(s)) == SQLITE_ROW) {
            int64_t id = id_here(x, t->name, sqlite3_column_value(s, 0));
            if (id < 0) rc = (int)id;
            else if (id > 0)
                rc = problem(x, STORE_ERR_CONSTRAINT,
                             "交换包中表 %s 的记录 %.8s 属于其他支部，整个交换包未导入", t->name,
                             (const char *)sqlite3_column_text(s, 0));
            if (rc != STORE_OK) break;
        }
        if (rc == STORE_OK && src != SQLITE_DONE) rc = stage_fail(x, "核对交换包");
        sqlite3_finalize(s);
    }
    free(q.p);
    return rc;
}

/* Every row to be written passes the rules a form's row passes (import_check.c). */
static int import_check_rows(struct xctx *x)
{
    struct exchange_limits lim;
    store_exchange_limits(&lim);
    char msg[512];
    int rc = st_import_check(x->st, x->stage, &lim, msg, sizeof msg);
    return rc == STORE_OK ? STORE_OK : problem(x, rc, "%s", msg);
}

/* ---- import: deciding ------------------------------------------------------------------ */

static int stage_exec(struct xctx *x, const char *sql, const char *what)
{
    return sqlite3_exec(x->stage, sql, NULL, NULL, NULL) == SQLITE_OK ? STORE_OK
                                                                      : stage_fail(x, what);
}

static int save_states(struct xctx *x)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(x->stage, "INSERT OR REPLACE INTO zx_state VALUES (?1, ?2)", -1, &s,
                           NULL) != SQLITE_OK)
        return stage_fail(x, "导入");
    int rc = stage_exec(x, "BEGIN", "导入");
    for (size_t i = 0; i < x->ndec && rc == STORE_OK; i++) {
        sqlite3_reset(s);
        sqlite3_bind_text(s, 1, x->dec[i].uuid, -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 2, x->dec[i].state);
        if (sqlite3_step(s) != SQLITE_DONE) rc = stage_fail(x, "导入");
    }
    sqlite3_finalize(s);
    if (rc == STORE_OK) rc = stage_exec(x, "COMMIT", "导入");
    x->ndec = 0; /* saved: memory holds one chunk's decisions at most */
    return rc;
}

/* For each table: the action on each bundle row (zx_do), the counts, and the journaled rows
 * touched (zx_aff: the row itself, or the parent whose JSON holds it). */
static int decide(struct xctx *x)
{
    sqlite3_stmt *put = NULL, *aff = NULL;
    if (sqlite3_prepare_v2(x->stage, "INSERT INTO zx_do VALUES (?1, ?2)", -1, &put, NULL) ||
        sqlite3_prepare_v2(x->stage, "INSERT OR IGNORE INTO zx_aff VALUES (?1, ?2, NULL)", -1,
                           &aff, NULL)) {
        sqlite3_finalize(put);
        return stage_fail(x, "导入");
    }
    int rc = stage_exec(x, "BEGIN", "导入");
    struct sb q = {0};
    for (int i = 0; i < x->ntabs && rc == STORE_OK; i++) {
        struct xtab *t = &x->tabs[i];
        sb_reset(&q);
        bool child = t->parent_tab >= 0;
        /* every bundle row: new here, or decided by the conflict handler */
        sb_add(&q, "SELECT t.uuid, h.uuid IS NOT NULL, s.state");
        if (child) {
            sb_add(&q, ", t.");
            sb_ident(&q, t->cols[t->parent_xcol - 2].name);
            sb_add(&q, ", ph.uuid IS NOT NULL, ps.state");
        }
        sb_add(&q, " FROM ");
        sb_ident(&q, t->name);
        sb_add(&q, " t LEFT JOIN zx_here h ON h.uuid = t.uuid");
        sb_add(&q, " LEFT JOIN zx_state s ON s.uuid = t.uuid");
        if (child) {
            const char *pc = t->cols[t->parent_xcol - 2].name;
            sb_add(&q, " LEFT JOIN zx_here ph ON ph.uuid = t.");
            sb_ident(&q, pc);
            sb_add(&q, " LEFT JOIN zx_state ps ON ps.uuid = t.");
            sb_ident(&q, pc);
        }
        sb_add(&q, " WHERE h.uuid IS NULL OR s.state IS NOT NULL");
        sqlite3_stmt *s = NULL;
        if (sqlite3_prepare_v2(x->stage, q.p, -1, &s, NULL) != SQLITE_OK) {
            rc = stage_fail(x, "导入");
            break;
        }
        int src;
        while ((src = sqlite3_step(s)) == SQLITE_ROW) {
            bool here = sqlite3_column_int(s, 1);
            int state = here ? sqlite3_column_int(s, 2) : ST_ADDED;
            if (child && sqlite3_column_int(s, 4)) {
                int ps = sqlite3_column_type(s, 5) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 5);
                /* a kept parent keeps its rows as they are here; a replaced one takes the
                 * bundle's */
                if (ps == ST_KEPT && (state == ST_ADDED || state == ST_UPDATED)) state = ST_KEPT;
                else if (ps == ST_UPDATED && state == ST_KEPT) state = ST_UPDATED;
            }
            int act = state == ST_ADDED ? ACT_ADD : state == ST_UPDATED ? ACT_UPDATE : 0;
            switch (state) {
            case ST_ADDED: t->rep->added++; break;
            case ST_UPDATED: t->rep->updated++; break;
            case ST_UNCHANGED: t->rep->unchanged++; break;
            default: t->rep->kept++; break;
            }
            if (!act) continue;
            sqlite3_reset(put);
            sqlite3_bind_value(put, 1, sqlite3_column_value(s, 0));
            sqlite3_bind_int(put, 2, act);
            if (sqlite3_step(put) != SQLITE_DONE) {
                rc = stage_fail(x, "导入");
                break;
            }
            int at = t->journaled ? i : child ? t->parent_tab : -1;
            if (at >= 0 && x->tabs[at].journaled) {
                sqlite3_reset(aff);
                sqlite3_bind_value(aff, 1, sqlite3_column_value(s, t->journaled ? 0 : 3));
                sqlite3_bind_int(aff, 2, at);
                if (sqlite3_step(aff) != SQLITE_DONE) {
                    rc = stage_fail(x, "导入");
                    break;
                }
            }
        }
        if (rc == STORE_OK && src != SQLITE_DONE) rc = stage_fail(x, "导入");
        sqlite3_finalize(s);
        if (rc != STORE_OK || !child) continue;
        /* rows here that the bundle no longer has, under a replaced parent: removed */
        sb_reset(&q);
        const char *pc = t->cols[t->parent_xcol - 2].name;
        sb_add(&q, "SELECT t.uuid, t.");
        sb_ident(&q, pc);
        sb_add(&q, " FROM ");
        sb_ident(&q, t->name);
        sb_add(&q, " t JOIN zx_here h ON h.uuid = t.uuid JOIN zx_state ps ON ps.uuid = t.");
        sb_ident(&q, pc);
        sb_add(&q, " AND ps.state = 2 WHERE NOT EXISTS (SELECT 1 FROM zx_state s"
                   " WHERE s.uuid = t.uuid)");
        if (sqlite3_prepare_v2(x->stage, q.p, -1, &s, NULL) != SQLITE_OK) {
            rc = stage_fail(x, "导入");
            break;
        }
        while ((src = sqlite3_step(s)) == SQLITE_ROW) {
            t->rep->updated++;
            sqlite3_reset(put);
            sqlite3_bind_value(put, 1, sqlite3_column_value(s, 0));
            sqlite3_bind_int(put, 2, ACT_DELETE);
            int r1 = sqlite3_step(put);
            sqlite3_reset(aff);
            sqlite3_bind_value(aff, 1, sqlite3_column_value(s, 1));
            sqlite3_bind_int(aff, 2, t->parent_tab);
            if (r1 != SQLITE_DONE || sqlite3_step(aff) != SQLITE_DONE) {
                rc = stage_fail(x, "导入");
                break;
            }
        }
        if (rc == STORE_OK && src != SQLITE_DONE) rc = stage_fail(x, "导入");
        sqlite3_finalize(s);
    }
    free(q.p);
    sqlite3_finalize(put);
    sqlite3_finalize(aff);
    if (rc == STORE_OK) rc = stage_exec(x, "COMMIT", "导入");
    return rc;
}

/* ---- import: writing ------------------------------------------------------------------- */

static int prepare_writes(struct xctx *x, struct xtab *t)
{
    struct store *st = x->st;
    struct sb b = {0};
    sb_add(&b, "INSERT INTO ");
    sb_ident(&b, t->name);
    sb_add(&b, "(uuid");
    for (int c = 0; c < t->ncols; c++) {
        sb_add(&b, ", ");
        sb_ident(&b, t->cols[c].name);
    }
    for (int c = 0; c < t->nfill; c++) {
        sb_add(&b, ", ");
        sb_ident(&b, t->fill_cols[c]);
    }
    sb_add(&b, ") VALUES (?1");
    for (int c = 0; c < t->ncols; c++) sb_fmt(&b, ", ?%d", c + 2);
    for (int c = 0; c < t->nfill; c++) {
        sb_add(&b, ", ");
        sb_add(&b, t->fills[c]);
    }
    sb_add(&b, ")");
    int rc = sqlite3_prepare_v2(st->db, b.p, -1, &t->ins, NULL);
    if (rc == SQLITE_OK) {
        /* ?(2+c) the value; for a reference, ?(2+ncols+c) = 1 keeps the value here */
        sb_reset(&b);
        sb_add(&b, "UPDATE ");
        sb_ident(&b, t->name);
        sb_add(&b, " SET ");
        for (int c = 0; c < t->ncols; c++) {
            if (c) sb_add(&b, ", ");
            sb_ident(&b, t->cols[c].name);
            if (t->cols[c].ref_table) {
                sb_fmt(&b, " = iif(?%d, ", c + 2 + t->ncols);
                sb_ident(&b, t->cols[c].name);
                sb_fmt(&b, ", ?%d)", c + 2);
            } else {
                sb_fmt(&b, " = ?%d", c + 2);
            }
        }
        sb_add(&b, " WHERE uuid = ?1");
        rc = sqlite3_prepare_v2(st->db, b.p, -1, &t->upd, NULL);
    }
    free(b.p);
    return rc == SQLITE_OK ? STORE_OK : st_sqlfail(st, rc, "准备导入");
}

/* Bind the staged row (columns: uuid, xid, cols...) into s; *forward set when a reference
 * names a row of the bundle not written yet. */
static int bind_row(struct xctx *x, struct xtab *t, sqlite3_stmt *row, sqlite3_stmt *s,
                    bool *forward)
{
    *forward = false;
    sqlite3_bind_value(s, 1, sqlite3_column_value(row, 0));
    for (int c = 0; c < t->ncols; c++) {
        sqlite3_value *v = sqlite3_column_value(row, 2 + c);
        const struct xcol *col = &t->cols[c];
        if (!col->ref_table || sqlite3_value_type(v) == SQLITE_NULL) {
            sqlite3_bind_value(s, 2 + c, v);
            if (col->ref_table) sqlite3_bind_int(s, 2 + t->ncols + c, 0);
            continue;
        }
        int64_t id = id_here(x, col->ref_table, v);
        if (id < 0) return (int)id;
        if (id > 0) {
            sqlite3_bind_int64(s, 2 + c, id);
            sqlite3_bind_int(s, 2 + t->ncols + c, 0);
        } else {
            if (in_bundle(x, v)) *forward = true;
            sqlite3_bind_null(s, 2 + c);
            /* not here: an existing row keeps its value (a forward one is set in pass 2) */
            sqlite3_bind_int(s, 2 + t->ncols + c, 1);
        }
    }
    return STORE_OK;
}

static int conflict(struct xctx *x, struct xtab *t, sqlite3_stmt *row, int sqlrc)
{
    t->rep->conflicts++;
    x->conflicts++;
    char what[96];
    const unsigned char *u = sqlite3_column_text(row, 0);
    snprintf(what, sizeof what, "导入表 %s 的记录 %.8s", t->name, u ? (const char *)u : "");
    st_sqlfail(x->st, sqlrc, what);
    if (!x->rep->problem[0]) zb_strlcpy(x->rep->problem, x->st->err, sizeof x->rep->problem);
    return STORE_OK; /* counted: the import fails after all tables were tried */
}

/* Write table t's actions: removals, updates, then new rows in the origin's order. Rows
 * with a reference to a bundle row not yet written are listed in zx_fwd for pass 2. */
static int write_table(struct xctx *x, struct xtab *t, sqlite3_stmt *fwd, bool pass2)
{
    struct store *st = x->st;
    struct sb q = {0};
    sb_add(&q, "SELECT t.*, d.act FROM ");
    sb_ident(&q, t->name);
    if (pass2)
        sb_add(&q, " t JOIN zx_fwd d ON d.uuid = t.uuid ORDER BY t.xid");
    else
        sb_add(&q, " t JOIN zx_do d ON d.uuid = t.uuid ORDER BY d.act, t.xid");
    sqlite3_stmt *row = NULL;
    int rc = STORE_OK;
    if (sqlite3_prepare_v2(x->stage, q.p, -1, &row, NULL) != SQLITE_OK) rc = stage_fail(x, "导入");
    free(q.p);
    sqlite3_stmt *del = NULL;
    int src = SQLITE_DONE;
    while (rc == STORE_OK && (src = sqlite3_step(row)) == SQLITE_ROW) {
        int act = sqlite3_column_int(row, t->nxcols);
        if (act == ACT_DELETE) {
            if (!del) {
                struct sb b = {0};
                sb_add(&b, "DELETE FROM ");
                sb_ident(&b, t->name);
                sb_add(&b, " WHERE uuid = ?1");
                int prc = sqlite3_prepare_v2(st->db, b.p, -1, &del, NULL);
                free(b.p);
                if (prc != SQLITE_OK) {
                    rc = st_sqlfail(st, prc, "准备导入");
                    break;
                }
            }
            sqlite3_reset(del);
            sqlite3_bind_value(del, 1, sqlite3_column_value(row, 0));
            int w = sqlite3_step(del);
            sqlite3_reset(del);
            if (w != SQLITE_DONE) rc = conflict(x, t, row, sqlite3_extended_errcode(st->db));
            continue;
        }
        sqlite3_stmt *s = act == ACT_ADD && !pass2 ? t->ins : t->upd;
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
        bool forward;
        rc = bind_row(x, t, row, s, &forward);
        if (rc != STORE_OK) break;
        int w = sqlite3_step(s);
        sqlite3_reset(s);
        if (w != SQLITE_DONE) {
            rc = conflict(x, t, row, sqlite3_extended_errcode(st->db));
            continue;
        }
        if (forward && !pass2) {
            sqlite3_reset(fwd);
            sqlite3_bind_value(fwd, 1, sqlite3_column_value(row, 0));
            if (sqlite3_step(fwd) != SQLITE_DONE) rc = stage_fail(x, "导入");
        }
    }
    if (rc == STORE_OK && src != SQLITE_DONE) rc = stage_fail(x, "导入");
    sqlite3_finalize(row);
    sqlite3_finalize(del);
    return rc;
}

/* The JSON before the change of every journaled row touched that is here (zx_aff.old_json). */
static int keep_old_json(struct xctx *x)
{
    sqlite3_stmt *s = NULL, *u = NULL;
    if (sqlite3_prepare_v2(x->stage, "SELECT uuid, tab FROM zx_aff", -1, &s, NULL) ||
        sqlite3_prepare_v2(x->stage, "UPDATE zx_aff SET old_json = ?2 WHERE uuid = ?1", -1, &u,
                           NULL)) {
        sqlite3_finalize(s);
        return stage_fail(x, "导入");
    }
    int rc = stage_exec(x, "BEGIN", "导入"), src = SQLITE_DONE;
    while (rc == STORE_OK && (src = sqlite3_step(s)) == SQLITE_ROW) {
        const struct xtab *t = &x->tabs[sqlite3_column_int(s, 1)];
        int64_t id = id_here(x, t->name, sqlite3_column_value(s, 0));
        if (id < 0) {
            rc = (int)id;
            break;
        }
        if (id == 0) continue;
        char *json = st_journal_json(x->st, t->name, id);
        sqlite3_reset(u);
        sqlite3_bind_value(u, 1, sqlite3_column_value(s, 0));
        if (json) sqlite3_bind_text(u, 2, json, -1, free);
        else sqlite3_bind_null(u, 2);
        if (sqlite3_step(u) != SQLITE_DONE) rc = stage_fail(x, "导入");
    }
    if (rc == STORE_OK && src != SQLITE_DONE) rc = stage_fail(x, "导入");
    sqlite3_finalize(s);
    sqlite3_finalize(u);
    if (rc == STORE_OK) rc = stage_exec(x, "COMMIT", "导入");
    return rc;
}

static int64_t history_add(struct store *st, const char *table, const char *row_uuid,
                           const char *old_json, const char *new_json)
{
    sqlite3_stmt *s = st_stmt(st, S_XCHG_HISTORY,
                              "INSERT INTO history(uuid, table_name, row_uuid, action, changed_at,"
                              " changed_by, old_json, new_json)"
                              " VALUES (?1, ?2, ?3, 'import', ?4, ?5, ?6, ?7)");
    if (!s) return STORE_ERR;
    char uuid[UUID_STR_LEN], now[24];
    st_bind_stamps(st, s, 1, uuid, 4, now);
    st_bind_text(s, 2, table);
    st_bind_text(s, 3, row_uuid);
    if (old_json) sqlite3_bind_text(s, 6, old_json, -1, SQLITE_STATIC);
    else sqlite3_bind_null(s, 6);
    if (new_json) sqlite3_bind_text(s, 7, new_json, -1, SQLITE_STATIC);
    else sqlite3_bind_null(s, 7);
    int rc = st_step_write(st, s, "记录修改历史");
    if (rc != STORE_OK) return rc;
    int64_t id = sqlite3_last_insert_rowid(st->db);
    if (!st->seal_from) st->seal_from = id;
    return id;
}

/* The month ("YYYY-MM", "" when none) of a record from its JSON. */
static void json_month(struct xctx *x, const char *json, const char *col, char out[8])
{
    out[0] = '\0';
    if (!json) return;
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(x->stage, "SELECT substr(json_extract(?1, '$.' || ?2), 1, 7)", -1, &s,
                           NULL) == SQLITE_OK) {
        sqlite3_bind_text(s, 1, json, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, col, -1, SQLITE_STATIC);
        if (sqlite3_step(s) == SQLITE_ROW) {
            const unsigned char *t = sqlite3_column_text(s, 0);
            if (t && strlen((const char *)t) == 7) memcpy(out, t, 8);
        }
    }
    sqlite3_finalize(s);
}

/* 审后修改: the record changed in a month that has a verdict here, unless the bundle brought
 * the village's own amend row for it. */
static int mark_amend(struct xctx *x, const struct xtab *t, const char *row_uuid,
                      const char *month, int64_t hist_id, const char *exported_at)
{
    struct store *st = x->st;
    int locked = store_month_locked(st, x->branch_id, month);
    if (locked <= 0) return locked;
    sqlite3_stmt *s = NULL;
    int own = 0;
    if (xtab_index(x, "amend_request") >= 0 &&
        sqlite3_prepare_v2(x->stage,
                           "SELECT 1 FROM amend_request a JOIN zx_do d ON d.uuid = a.uuid"
                           " AND d.act = 3 WHERE a.row_uuid = ?1 AND a.month = ?2",
                           -1, &s, NULL) == SQLITE_OK) {
        sqlite3_bind_text(s, 1, row_uuid, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, month, -1, SQLITE_STATIC);
        own = sqlite3_step(s) == SQLITE_ROW;
    }
    sqlite3_finalize(s);
    if (own) return STORE_OK;
    s = st_stmt(st, S_XCHG_AMEND_MARK,
                "INSERT INTO amend_request(uuid, branch_id, month, table_name, row_uuid, reason,"
                " history_after, created_at, created_by, updated_at)"
                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?8)");
    if (!s) return STORE_ERR;
    char uuid[UUID_STR_LEN], now[24], reason[160];
    store_uuid(uuid);
    clock_now_iso(now);
    snprintf(reason, sizeof reason, "导入时发现：评审后支部修改了该记录（包 %s）", exported_at);
    st_bind_text(s, 1, uuid);
    sqlite3_bind_int64(s, 2, x->branch_id);
    st_bind_text(s, 3, month);
    st_bind_text(s, 4, t->name);
    st_bind_text(s, 5, row_uuid);
    st_bind_text(s, 6, reason);
    sqlite3_bind_int64(s, 7, hist_id - 1);
    st_bind_text(s, 8, now);
    st_bind_text(s, 9, st->user);
    int rc = st_step_write(st, s, "记录审后修改");
    if (rc != STORE_OK) return rc;
    int64_t id = st_insert_history(st, "amend_request", uuid, S_AMEND_JSON, AMEND_JSON);
    if (id < 0) return (int)id;
    x->rep->amends++;
    return STORE_OK;
}

/* The branch's dues start moved later past months with a verdict here (they stop counting):
 * each such month marked 审后修改 like a changed record of it. */
static int mark_start_moved(struct xctx *x, const struct xtab *t, const char *row_uuid,
                            const char *old_json, const char *new_json, int64_t hist_id,
                            const char *exported_at)
{
    char s_old[8], s_new[8];
    json_month(x, old_json, "dues_start", s_old);
    json_month(x, new_json, "dues_start", s_new);
    if (!s_new[0] || strcmp(s_old, s_new) == 0) return STORE_OK;
    char (*months)[8] = NULL;
    size_t n = 0;
    int rc = st_dues_start_dropped(x->st, x->branch_id, s_old, s_new, &months, &n);
    for (size_t i = 0; i < n && rc == STORE_OK; i++)
        rc = mark_amend(x, t, row_uuid, months[i], hist_id, exported_at);
    free(months);
    return rc;
}

/* One history entry "import" per touched journaled row whose JSON changed; amend marks. */
static int write_history(struct xctx *x, const char *exported_at)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(x->stage, "SELECT uuid, tab, old_json FROM zx_aff ORDER BY tab, rowid",
                           -1, &s, NULL) != SQLITE_OK)
        return stage_fail(x, "导入");
    int rc = STORE_OK, src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        const struct xtab *t = &x->tabs[sqlite3_column_int(s, 1)];
        const char *uuid = (const char *)sqlite3_column_text(s, 0);
        const char *old = (const char *)sqlite3_column_text(s, 2);
        int64_t id = id_here(x, t->name, sqlite3_column_value(s, 0));
        if (id < 0) {
            rc = (int)id;
            break;
        }
        char *now = id ? st_journal_json(x->st, t->name, id) : NULL;
        bool changed = (old == NULL) != (now == NULL) || (old && strcmp(old, now) != 0);
        if (changed) {
            int64_t h = history_add(x->st, t->name, uuid, old, now);
            if (h < 0) rc = (int)h;
            if (rc == STORE_OK && t->def->month_col && x->kind == EXCHANGE_LEDGER) {
                char m_new[8], m_old[8];
                json_month(x, now, t->def->month_col, m_new);
                json_month(x, old, t->def->month_col, m_old);
                if (m_new[0]) rc = mark_amend(x, t, uuid, m_new, h, exported_at);
                if (rc == STORE_OK && m_old[0] && strcmp(m_old, m_new) != 0)
                    rc = mark_amend(x, t, uuid, m_old, h, exported_at);
            }
            if (rc == STORE_OK && x->kind == EXCHANGE_LEDGER && strcmp(t->name, "branch") == 0)
                rc = mark_start_moved(x, t, uuid, old, now, h, exported_at);
        }
        free(now);
        if (rc != STORE_OK) break;
    }
    if (rc == STORE_OK && src != SQLITE_DONE) rc = stage_fail(x, "导入");
    sqlite3_finalize(s);
    return rc;
}

static int write_journal(struct xctx *x, const char *origin_office)
{
    struct store *st = x->st;
    struct xtab *t = &x->tabs[xtab_index(x, JOURNAL)];
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(x->stage,
                           "SELECT uuid, id, branch_id, table_name, row_uuid, action, changed_at,"
                           " changed_by, old_json, new_json, prev_hash, hash FROM journal"
                           " WHERE uuid NOT IN (SELECT uuid FROM zx_here) ORDER BY id",
                           -1, &s, NULL) != SQLITE_OK)
        return stage_fail(x, "导入日志");
    char now[24];
    clock_now_iso(now);
    int rc = STORE_OK, src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        sqlite3_stmt *w = st_stmt(st, S_XCHG_JOURNAL_INSERT,
                                  "INSERT INTO journal_import(uuid, origin_office, origin_id,"
                                  " origin_branch_id, branch_id, table_name, row_uuid, action,"
                                  " changed_at, changed_by, old_json, new_json, prev_hash, hash,"
                                  " imported_at) VALUES (?1, ?13, ?2, ?3, ?14, ?4, ?5, ?6, ?7, ?8,"
                                  " ?9, ?10, ?11, ?12, ?15)");
        if (!w) {
            rc = STORE_ERR;
            break;
        }
        for (int c = 0; c < 12; c++) sqlite3_bind_value(w, c + 1, sqlite3_column_value(s, c));
        st_bind_text(w, 13, origin_office);
        sqlite3_bind_int64(w, 14, x->branch_id);
        st_bind_text(w, 15, now);
        int r = sqlite3_step(w);
        st_done(w);
        if (r != SQLITE_DONE) {
            conflict(x, t, s, sqlite3_extended_errcode(st->db));
            continue;
        }
        x->rep->journal_added++;
    }
    if (rc == STORE_OK && src != SQLITE_DONE) rc = stage_fail(x, "导入日志");
    sqlite3_finalize(s);
    return rc;
}

/* ---- import: the bundle held to its own journal (issue 12, hole 7) ----------------------
 * A ledger changed behind zhibu's back at the village (the sqlite3 shell: a payment's amount, a
 * meeting's date) fails verify there; so must its bundle here, or the township would take the
 * forged rows as clean and journal them as its own imports. The bundle carries the branch's
 * journal (the pseudo-table journal): before anything is applied, that journal is recomputed as
 * the origin's chain (one chain, from "", hashed as journal.c seals), it must end at the head
 * the manifest declares, and every journaled row the bundle brings must be, as JSON, the newest
 * value that chain holds for it — the same comparison verify makes at the village.
 *
 * How the JSON is compared. The journal's JSON is the origin's: built by the statements of
 * store_json.h over the origin's tables, so it holds the origin's row numbers (member_id 17 is
 * the village's member 17). Translating it into uuids, or the bundle's rows into this office's
 * numbers, would need numbers this office does not have. Instead the bundle's rows are put back
 * the way the origin held them: they are applied, alone, to an empty scratch database ("the
 * image") in the exchange layout, then copied into temporary tables with the live tables' names
 * and columns, each row numbered with its xid (its id at the origin) and each reference turned
 * back from the referenced row's uuid into that row's xid. The store_json.h statements then run
 * unchanged over the temporary tables (temp is searched before main) and give exactly the text
 * the origin computed — for honest rows. Two values the bundle cannot give are taken from the
 * newest journal entry of the row itself: a column that does not travel (amend_request's
 * history_after), and a reference to a row outside the bundle (the village's committee as its
 * branch's parent: its number at the origin is unknown here) — unless the journal's number is
 * that of a row the bundle carries, which means the reference was moved. A child row (an
 * attendance, an allocation) is part of its parent's JSON; its references must be in the
 * bundle. */

static int image_fail(struct xctx *x, sqlite3 *img, const char *what)
{
    return problem(x, STORE_ERR, "%s失败: %s", what, sqlite3_errmsg(img));
}

static int image_conflict(void *ctx, int type, sqlite3_changeset_iter *it)
{
    (void)ctx;
    (void)type;
    (void)it;
    return SQLITE_CHANGESET_ABORT; /* the same row twice in one bundle */
}

/* The newest value the image's journal holds for zt_'s row of table t (SQL text). */
static void sb_newest(struct sb *b, const char *table)
{
    sb_add(b, "(SELECT zj_.new_json FROM main.journal zj_ WHERE zj_.table_name = '");
    sb_add(b, table); /* a name from TABLES */
    sb_add(b, "' AND zj_.row_uuid = zt_.uuid AND zj_.new_json IS NOT NULL"
              " ORDER BY zj_.id DESC LIMIT 1)");
}

/* The journal of the image as one chain from "": every entry linked and hashed as the origin
 * sealed it, all of one branch; its head into x->rep; it must be want when want is given. */
static int image_chain(struct xctx *x, sqlite3 *img, const char *want)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(img,
                           "SELECT id, uuid, table_name, row_uuid, action, changed_at, changed_by,"
                           " old_json, new_json, branch_id, prev_hash, hash FROM main.journal"
                           " ORDER BY id",
                           -1, &s, NULL) != SQLITE_OK)
        return image_fail(x, img, "检查交换包的日志");
    char head[65] = "";
    int64_t head_id = 0, branch = 0;
    int rc = STORE_OK, src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(s, 0);
        const unsigned char *prev = sqlite3_column_text(s, 10);
        const unsigned char *stored = sqlite3_column_text(s, 11);
        if (!head_id) branch = sqlite3_column_int64(s, 9);
        char hash[65];
        if ((rc = st_journal_entry_hash(x->st, s, branch, prev ? (const char *)prev : "", hash)) !=
            STORE_OK)
            break;
        bool linked = prev && strcmp((const char *)prev, head) == 0;
        if (!linked || !stored || strcmp((const char *)stored, hash) != 0 ||
            sqlite3_column_type(s, 0) != SQLITE_INTEGER ||
            sqlite3_column_int64(s, 9) != branch) {
            const unsigned char *t = sqlite3_column_text(s, 2), *a = sqlite3_column_text(s, 4);
            rc = problem(x, STORE_ERR,
                         "交换包中的日志第 %lld 条（%s %s）与哈希链不符：%s，拒绝导入",
                         (long long)id, code_label_of(LEDGER_TABLES, t ? (const char *)t : ""),
                         code_label_of(HISTORY_ACTIONS, a ? (const char *)a : ""),
                         linked ? "日志被改动" : "它前面的日志被删除或改动");
            break;
        }
        zb_strlcpy(head, (const char *)stored, sizeof head);
        head_id = id;
    }
    if (rc == STORE_OK && src != SQLITE_DONE) rc = image_fail(x, img, "检查交换包的日志");
    sqlite3_finalize(s);
    if (rc != STORE_OK) return rc;
    if (want && strcmp(want, head) != 0)
        return problem(x, STORE_ERR,
                       "交换包中的日志与清单记录的链头不符（末尾的日志被删除或改动），拒绝导入");
    x->rep->journal_head_id = head_id;
    zb_strlcpy(x->rep->journal_head, head, sizeof x->rep->journal_head);

    /* the heads this office received before from the same office: still there, the same */
    if (!x->branch_id || !x->origin_office) return STORE_OK;
    sqlite3_stmt *h = st_stmt(x->st, S_XCHG_HEADS_RECEIVED,
                              "SELECT entry_id, hash FROM journal_head WHERE branch_id = ?1"
                              " AND office_uuid = ?2 AND entry_id <= ?3 ORDER BY entry_id");
    if (!h) return STORE_ERR;
    if (sqlite3_prepare_v2(img, "SELECT hash FROM main.journal WHERE id = ?1", -1, &s, NULL) !=
        SQLITE_OK) {
        st_done(h);
        return image_fail(x, img, "检查交换包的日志");
    }
    sqlite3_bind_int64(h, 1, x->branch_id);
    st_bind_text(h, 2, x->origin_office);
    sqlite3_bind_int64(h, 3, head_id);
    while (rc == STORE_OK && (src = sqlite3_step(h)) == SQLITE_ROW) {
        int64_t entry = sqlite3_column_int64(h, 0);
        const char *hash = (const char *)sqlite3_column_text(h, 1);
        sqlite3_reset(s);
        sqlite3_bind_int64(s, 1, entry);
        const unsigned char *got = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_text(s, 0) : NULL;
        if (!got || !hash || strcmp((const char *)got, hash) != 0)
            rc = problem(x, STORE_ERR,
                         "交换包中的日志第 %lld 条与此前收到的链头 %.8s 不符：支部的日志被删减或改写过，"
                         "拒绝导入",
                         (long long)entry, hash ? hash : "");
    }
    if (rc == STORE_OK && src != SQLITE_DONE)
        rc = st_sqlfail(x->st, sqlite3_extended_errcode(x->st->db), "检查交换包的日志");
    st_done(h);
    sqlite3_finalize(s);
    return rc;
}

/* The live table's columns (besides id and uuid), with their declared types: names[i] and
 * types[i] (heap, NULL-terminated); local[i] true for a column that does not travel. */
struct live_cols {
    char **names, **types;
    bool *local;
    size_t n;
};

static int live_columns(struct xctx *x, const struct xtab *t, struct live_cols *lc)
{
    memset(lc, 0, sizeof *lc);
    lc->names = xcalloc(1, sizeof *lc->names);
    lc->types = xcalloc(1, sizeof *lc->types);
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(x->st->db,
                                "SELECT name, type FROM pragma_table_info(?1) ORDER BY cid", -1,
                                &s, NULL);
    if (rc != SQLITE_OK) return st_sqlfail(x->st, rc, "读取数据库结构");
    sqlite3_bind_text(s, 1, t->name, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(s, 0);
        const char *type = (const char *)sqlite3_column_text(s, 1);
        if (!name || strcmp(name, "id") == 0 || strcmp(name, "uuid") == 0) continue;
        bool travels = false;
        for (int c = 0; c < t->ncols && !travels; c++) travels = strcmp(t->cols[c].name, name) == 0;
        /* a declared type is kept only when it is a plain type name */
        bool plain = type != NULL;
        for (const char *p = type; p && *p && plain; p++)
            plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == ' ';
        lc->names = xrealloc(lc->names, (lc->n + 2) * sizeof *lc->names);
        lc->types = xrealloc(lc->types, (lc->n + 2) * sizeof *lc->types);
        lc->local = xrealloc(lc->local, (lc->n + 1) * sizeof *lc->local);
        lc->names[lc->n] = xstrdup(name);
        lc->types[lc->n] = xstrdup(plain ? type : "");
        lc->local[lc->n] = !travels;
        lc->n++;
        lc->names[lc->n] = lc->types[lc->n] = NULL;
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? STORE_OK : st_sqlfail(x->st, rc, "读取数据库结构");
}

static void live_free(struct live_cols *lc)
{
    for (size_t i = 0; i < lc->n; i++) {
        free(lc->names[i]);
        free(lc->types[i]);
    }
    free(lc->names);
    free(lc->types);
    free(lc->local);
}

/* The declared type of column name (lc), "" when none. */
static const char *live_type(const struct live_cols *lc, const char *name)
{
    for (size_t i = 0; i < lc->n; i++)
        if (strcmp(lc->names[i], name) == 0) return lc->types[i];
    return "";
}


/* A value for the temporary table: the newest journal entry's value of column col (JSON key
 * of the same name), for a journaled table; else NULL. */
static void sb_journal_value(struct sb *b, const struct xtab *t, const char *col)
{
    if (!t->journaled) {
        sb_add(b, "NULL");
        return;
    }
    sb_add(b, "json_extract(");
    sb_newest(b, t->name);
    sb_add(b, ", '$.\"");
    sb_add(b, col); /* a column name from the schema: letters, digits and _ */
    sb_add(b, "\"')");
}

/* The temporary table of t in the origin's numbering, filled from the image. */
static int image_table(struct xctx *x, sqlite3 *img, const struct xtab *t)
{
    struct live_cols lc;
    int rc = live_columns(x, t, &lc);
    if (rc != STORE_OK) {
        live_free(&lc);
        return rc;
    }
    /* the live tables' declared types: the same affinities as at the origin, and indexes that
     * serve comparisons with integer ids */
    struct sb b = {0};
    sb_add(&b, "CREATE TEMP TABLE ");
    sb_ident(&b, t->name);
    sb_add(&b, "(id INTEGER PRIMARY KEY, uuid TEXT");
    for (int c = 0; c < t->ncols; c++) {
        sb_add(&b, ", ");
        sb_ident(&b, t->cols[c].name);
        sb_add(&b, " ");
        sb_add(&b, live_type(&lc, t->cols[c].name));
    }
    for (size_t i = 0; i < lc.n; i++) {
        if (!lc.local[i]) continue;
        sb_add(&b, ", ");
        sb_ident(&b, lc.names[i]);
        sb_add(&b, " ");
        sb_add(&b, lc.types[i]);
    }
    sb_add(&b, ");");
    if (t->def->parent_col) { /* the JSON statements read children by their parent */
        char index[64];
        snprintf(index, sizeof index, "zx_parent_%s", t->name);
        sb_add(&b, "CREATE INDEX temp.");
        sb_ident(&b, index);
        sb_add(&b, " ON ");
        sb_ident(&b, t->name);
        sb_add(&b, "(");
        sb_ident(&b, t->def->parent_col);
        sb_add(&b, ");");
    }
    sb_add(&b, "INSERT INTO temp.");
    sb_ident(&b, t->name);
    sb_add(&b, " SELECT zt_.xid, zt_.uuid");
    for (int c = 0; c < t->ncols; c++) {
        const struct xcol *col = &t->cols[c];
        sb_add(&b, ", ");
        if (!col->ref_table) {
            sb_add(&b, "zt_.");
            sb_ident(&b, col->name);
            continue;
        }
        /* a reference: the referenced row's number at the origin */
        bool in_image = xtab_index(x, col->ref_table) >= 0;
        const char *to = strcmp(col->ref_to, "id") == 0 ? "xid" : col->ref_to;
        sb_add(&b, "CASE WHEN zt_.");
        sb_ident(&b, col->name);
        sb_add(&b, " IS NULL THEN NULL");
        if (in_image) {
            sb_add(&b, " WHEN EXISTS (SELECT 1 FROM main.");
            sb_ident(&b, col->ref_table);
            sb_add(&b, " zr_ WHERE zr_.uuid = zt_.");
            sb_ident(&b, col->name);
            sb_add(&b, ") THEN (SELECT zr_.");
            sb_ident(&b, to);
            sb_add(&b, " FROM main.");
            sb_ident(&b, col->ref_table);
            sb_add(&b, " zr_ WHERE zr_.uuid = zt_.");
            sb_ident(&b, col->name);
            sb_add(&b, ")");
        }
        /* outside the bundle: the journal's number, unless it is a row the bundle carries */
        sb_add(&b, " ELSE (SELECT CASE WHEN zv_.v IS NOT NULL");
        if (in_image) {
            sb_add(&b, " AND NOT EXISTS (SELECT 1 FROM main.");
            sb_ident(&b, col->ref_table);
            sb_add(&b, " zr_ WHERE zr_.");
            sb_ident(&b, to);
            sb_add(&b, " = zv_.v)");
        }
        sb_add(&b, " THEN zv_.v ELSE -1 END FROM (SELECT ");
        sb_journal_value(&b, t, col->name);
        sb_add(&b, " AS v) zv_) END");
    }
    for (size_t i = 0; i < lc.n; i++) {
        if (!lc.local[i]) continue;
        sb_add(&b, ", ");
        sb_journal_value(&b, t, lc.names[i]);
    }
    sb_add(&b, " FROM main.");
    sb_ident(&b, t->name);
    sb_add(&b, " zt_;");
    live_free(&lc);
    rc = sqlite3_exec(img, b.p, NULL, NULL, NULL);
    free(b.p);
    if (rc == SQLITE_CONSTRAINT || rc == SQLITE_MISMATCH)
        return problem(x, STORE_ERR, "交换包中表 %s 的记录编号无效或重复，拒绝导入", t->name);
    return rc == SQLITE_OK ? STORE_OK : image_fail(x, img, "检查交换包");
}

/* Every journaled row of the image against the newest value of its journal. */
static int image_rows(struct xctx *x, sqlite3 *img, const struct xtab *t)
{
    char *json = st_journal_json_expr(t->name, "zt_.id");
    if (!json) return STORE_OK;
    struct sb b = {0};
    sb_add(&b, "SELECT zt_.uuid, ");
    sb_add(&b, json);
    sb_add(&b, ", ");
    sb_newest(&b, t->name);
    sb_add(&b, " FROM temp.");
    sb_ident(&b, t->name);
    sb_add(&b, " zt_ ORDER BY zt_.id");
    free(json);
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(img, b.p, -1, &s, NULL);
    free(b.p);
    if (rc != SQLITE_OK) return image_fail(x, img, "检查交换包");
    rc = STORE_OK;
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        const unsigned char *uuid = sqlite3_column_text(s, 0);
        const unsigned char *now = sqlite3_column_text(s, 1);
        const unsigned char *newest = sqlite3_column_text(s, 2);
        if (now && newest && strcmp((const char *)now, (const char *)newest) == 0) continue;
        const char *label = code_label_of(LEDGER_TABLES, t->name);
        rc = newest ? problem(x, STORE_ERR,
                              "交换包中的%s %.8s 与包内日志的最新内容不符（在 zhibu 之外被改动），"
                              "拒绝导入",
                              label, uuid ? (const char *)uuid : "")
                    : problem(x, STORE_ERR,
                              "交换包中的%s %.8s 不在包内的日志中（在 zhibu 之外写入），拒绝导入",
                              label, uuid ? (const char *)uuid : "");
        break;
    }
    if (rc == STORE_OK && src != SQLITE_DONE) rc = image_fail(x, img, "检查交换包");
    sqlite3_finalize(s);
    return rc;
}

/* The check described above, over the chunks of src; nothing of this database is written. */
static int check_journal(struct xctx *x, struct exchange_source *src)
{
    if (xtab_index(x, JOURNAL) < 0) return STORE_OK; /* a verdicts bundle carries none */
    sqlite3 *img = NULL;
    if (sqlite3_open_v2("", &img, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        sqlite3_close(img);
        return st_fail(x->st, STORE_ERR, "无法建立交换用的临时数据库");
    }
    struct sb b = {0};
    sb_add(&b, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; BEGIN;");
    exchange_ddl(x, &b);
    sb_add(&b, "COMMIT;");
    int rc = sqlite3_exec(img, b.p, NULL, NULL, NULL) == SQLITE_OK
                 ? STORE_OK
                 : image_fail(x, img, "建立交换表");
    free(b.p);
    if (rc == STORE_OK) rc = src_rewind(x, src);
    bool more = rc == STORE_OK;
    if (more) rc = sqlite3_exec(img, "BEGIN", NULL, NULL, NULL) == SQLITE_OK
                       ? STORE_OK : image_fail(x, img, "检查交换包");
    while (more && rc == STORE_OK) {
        const void *d = NULL;
        size_t n = 0;
        rc = src_next(x, src, &d, &n, &more);
        if (rc != STORE_OK || !more) break;
        if (sqlite3changeset_apply(img, (int)n, (void *)d, NULL, image_conflict, x) != SQLITE_OK)
            rc = problem(x, STORE_ERR, "交换包中有重复的记录，拒绝导入");
    }
    if (rc == STORE_OK &&
        sqlite3_exec(img, "CREATE INDEX main.zx_journal_row ON journal(table_name, row_uuid, id);"
                          "CREATE INDEX main.zx_journal_id ON journal(id);",
                     NULL, NULL, NULL) != SQLITE_OK)
        rc = image_fail(x, img, "检查交换包");
    if (rc == STORE_OK) rc = image_chain(x, img, src->journal_head);
    for (int i = 0; i < x->ntabs && rc == STORE_OK; i++)
        if (x->tabs[i].def) rc = image_table(x, img, &x->tabs[i]);
    for (int i = 0; i < x->ntabs && rc == STORE_OK; i++)
        if (x->tabs[i].def && x->tabs[i].journaled) rc = image_rows(x, img, &x->tabs[i]);
    sqlite3_close(img);
    return rc;
}

/* ---- import ---------------------------------------------------------------------------- */

static int64_t branch_by_uuid(struct store *st, const char *uuid)
{
    sqlite3_stmt *s = st_stmt(st, S_XCHG_BRANCH_BY_UUID, "SELECT id FROM branch WHERE uuid = ?1");
    if (!s) return STORE_ERR;
    st_bind_text(s, 1, uuid);
    int rc = sqlite3_step(s);
    int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    st_done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取支部");
    return id;
}

/* Whether exported_at is older than the newest bundle of this kind imported for the branch. */
static int older_than_last(struct store *st, int64_t branch_id, enum exchange_kind kind,
                           const char *exported_at)
{
    sqlite3_stmt *s = st_stmt(st, S_XCHG_LAST_IMPORT,
                              "SELECT max(exported_at) FROM bundle_log WHERE branch_id = ?1"
                              " AND kind = ?2");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, exchange_kind_code(kind));
    int older = 0;
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
        older = strcmp(exported_at, (const char *)sqlite3_column_text(s, 0)) < 0;
    st_done(s);
    return older;
}

/* Who may import: a ledger — a reviewer in scope, an admin, the system; verdicts — the
 * branch's secretary, an admin, the system, and only into a village's database unless the
 * bundle is this office's own (from_self: origin_office is this office's; store_bundle_import
 * has checked that such a bundle is signed by this office's key): a township or district is
 * itself the reviewing office of its branches (store_office.h). parent_id: the new branch's
 * parent here (0). */
static int may_import(struct store *st, enum exchange_kind kind, int64_t branch_id,
                      int64_t parent_id, bool from_self)
{
    const struct store_session *se = &st->session;
    if (kind == EXCHANGE_VERDICTS && !from_self) {
        char office[16];
        int rc = store_office_kind(st, office, sizeof office);
        if (rc != STORE_OK) return rc;
        if (strcmp(office, "village") != 0)
            return st_fail(st, STORE_ERR_DENIED,
                           "本数据库是%s，是其支部的审查单位：不接受其他单位导出的审查结论",
                           office_kind_label(office));
    }
    if (store_may_admin(st)) return STORE_OK;
    if (kind == EXCHANGE_LEDGER) {
        if (se->role == STORE_ROLE_REVIEWER &&
            (branch_id ? store_may_review(st, branch_id)
                       : se->branch_id == 0 || parent_id == se->branch_id))
            return STORE_OK;
        return st_fail(st, STORE_ERR_DENIED, "只有审查员或管理员能导入支部台账");
    }
    if (se->role == STORE_ROLE_SECRETARY && branch_id && store_may_edit(st, branch_id))
        return STORE_OK;
    return st_fail(st, STORE_ERR_DENIED, "只有本支部的书记或管理员能导入审查结论");
}

/* The parent named by the bundle's branch row, here (0 when none). */
static int64_t bundle_parent(struct xctx *x, struct exchange_source *src)
{
    int bt = xtab_index(x, "branch");
    if (bt < 0) return 0;
    const struct xtab *t = &x->tabs[bt];
    int pc = -1;
    for (int c = 0; c < t->ncols; c++)
        if (strcmp(t->cols[c].name, "parent_id") == 0) pc = 2 + c;
    if (pc < 0) return 0;
    int64_t id = 0;
    bool found = false;
    /* a failure to read is reported by scan_changeset */
    bool more = src->rewind(src->ctx) == STORE_OK;
    while (more && !found) {
        const void *blob = NULL;
        size_t nblob = 0;
        int r = src->next(src->ctx, &blob, &nblob);
        more = r > 0;
        if (!more || nblob == 0 || nblob > (size_t)INT32_MAX) continue;
        sqlite3_changeset_iter *it = NULL;
        if (sqlite3changeset_start(&it, (int)nblob, (void *)blob) != SQLITE_OK) break;
        while (sqlite3changeset_next(it) == SQLITE_ROW) {
            const char *tname;
            int ncol, op, ind;
            sqlite3changeset_op(it, &tname, &ncol, &op, &ind);
            if (strcmp(tname, "branch") != 0 || ncol <= pc) continue;
            sqlite3_value *v = NULL;
            if (sqlite3changeset_new(it, pc, &v) == SQLITE_OK && v &&
                sqlite3_value_type(v) == SQLITE_TEXT) {
                int64_t r2 = id_here(x, "branch", v);
                id = r2 > 0 ? r2 : 0;
            }
            found = true;
            break;
        }
        sqlite3changeset_finalize(it);
    }
    return id;
}

static int import_inner(struct xctx *x, struct exchange_source *src, const char *branch_uuid,
                        const char *branch_code, const char *origin_office,
                        const char *exported_at)
{
    struct store *st = x->st;
    struct exchange_report *out = x->rep;
    int64_t here = branch_by_uuid(st, branch_uuid);
    if (here < 0) return (int)here;
    if (!here) {
        struct branch other;
        int r = store_branch_by_code(st, branch_code, &other);
        if (r == STORE_OK)
            return problem(x, STORE_ERR_CONSTRAINT, "本数据库已有组织代码 %s 的另一个支部",
                           branch_code);
        if (r != STORE_ERR_NOT_FOUND) return r;
        if (x->kind == EXCHANGE_VERDICTS)
            return problem(x, STORE_ERR_NOT_FOUND, "本数据库没有支部 %s，审查结论无处可放",
                           branch_code);
        char office[16];
        r = store_office_kind(st, office, sizeof office);
        if (r != STORE_OK) return r;
        /* a village's database takes its own branch only; a new one without any branch yet
         * takes its first: the village rebuilding its ledger from its last bundle (a PC that
         * died) — the signature and the confirmed fingerprint decide as for any bundle */
        int branches = store_branch_count(st);
        if (branches < 0) return branches;
        if (strcmp(office, "township") != 0 && strcmp(office, "district") != 0 && branches > 0)
            return problem(x, STORE_ERR_CONSTRAINT,
                           "这是村（社区）支部的数据库，只能导入本支部的台账（新建的、还没有支部的"
                           "数据库可以导入本支部最近的交换包来重建台账）");
    }
    x->branch_id = here;
    out->branch_id = here;
    out->branch_new = here == 0;
    zb_strlcpy(out->branch_code, branch_code, sizeof out->branch_code);
    char office_here[64] = "";
    if (store_meta_get(st, "office_uuid", office_here, sizeof office_here) != STORE_OK)
        office_here[0] = '\0';
    bool from_self = origin_office && *office_here && strcmp(origin_office, office_here) == 0;
    int rc = may_import(st, x->kind, here, here ? 0 : bundle_parent(x, src), from_self);
    if (rc != STORE_OK) {
        zb_strlcpy(out->problem, st->err, sizeof out->problem);
        return rc;
    }

    x->skip_journal = from_self;
    x->origin_office = origin_office;
    if (here) {
        int older = older_than_last(st, here, x->kind, exported_at);
        if (older < 0) return older;
        x->older = older;
    }

    rc = create_stage(x, true);
    if (rc == STORE_OK && here) {
        rc = stage_exec(x, "BEGIN", "导入");
        if (rc == STORE_OK) rc = copy_rows(x, here, true, NULL);
        if (rc == STORE_OK) rc = stage_exec(x, "COMMIT", "导入");
    }
    if (rc == STORE_OK) rc = scan_changeset(x, src, branch_uuid);
    if (rc != STORE_OK) return rc;

    /* the chunks in order; a row may refer to a row of a later chunk: the stage has no
     * foreign keys, and references are resolved only when the rows are written back */
    rc = src_rewind(x, src);
    bool more = rc == STORE_OK;
    while (more && rc == STORE_OK) {
        const void *d = NULL;
        size_t n = 0;
        rc = src_next(x, src, &d, &n, &more);
        if (rc != STORE_OK || !more) break;
        int arc = sqlite3changeset_apply(x->stage, (int)n, (void *)d, on_filter, on_conflict, x);
        if (x->failed) return x->failed;
        if (arc != SQLITE_OK)
            return problem(x, STORE_ERR, "交换包的数据无法应用: %s", sqlite3_errmsg(x->stage));
        rc = save_states(x); /* each chunk's decisions, so that memory does not grow with rows */
    }
    if (rc == STORE_OK) rc = save_states(x);
    if (rc == STORE_OK) rc = decide(x);
    /* each row as a form would take it, then the bundle against its own journal: a value no
     * form accepts is named as such even when the forger also rewrote the journal to match */
    if (rc == STORE_OK) rc = check_belonging(x);
    if (rc == STORE_OK) rc = import_check_rows(x);
    if (rc == STORE_OK) rc = check_journal(x, src);
    if (rc == STORE_OK) rc = keep_old_json(x);
    if (rc == STORE_OK)
        rc = stage_exec(x, "CREATE TABLE zx_fwd(uuid PRIMARY KEY, act) WITHOUT ROWID", "导入");
    sqlite3_stmt *fwd = NULL;
    if (rc == STORE_OK && sqlite3_prepare_v2(x->stage, "INSERT OR IGNORE INTO zx_fwd VALUES (?1, 2)",
                                             -1, &fwd, NULL) != SQLITE_OK)
        rc = stage_fail(x, "导入");
    for (int i = 0; i < x->ntabs && rc == STORE_OK; i++) {
        struct xtab *t = &x->tabs[i];
        if (!t->def) continue;
        rc = prepare_writes(x, t);
        if (rc == STORE_OK) rc = write_table(x, t, fwd, false);
        if (rc == STORE_OK && strcmp(t->name, "branch") == 0 && !x->branch_id) {
            int64_t id = branch_by_uuid(st, branch_uuid);
            if (id < 0) rc = (int)id;
            else if (id == 0 && !x->conflicts) rc = problem(x, STORE_ERR, "交换包中没有支部 %s 的信息", branch_code);
            x->branch_id = out->branch_id = id;
        }
    }
    sqlite3_finalize(fwd);
    for (int i = 0; i < x->ntabs && rc == STORE_OK; i++)
        if (x->tabs[i].def) rc = write_table(x, &x->tabs[i], NULL, true);
    if (rc == STORE_OK && x->conflicts) return problem(x, STORE_ERR_CONSTRAINT, "%s", out->problem);
    if (rc == STORE_OK && x->kind == EXCHANGE_LEDGER) {
        if (!x->skip_journal) rc = write_journal(x, origin_office);
    }
    if (rc == STORE_OK && x->conflicts) return problem(x, STORE_ERR_CONSTRAINT, "%s", out->problem);
    if (rc == STORE_OK) rc = write_history(x, exported_at);
    return rc;
}

int store_exchange_import_chunks(struct store *st, struct exchange_source *src,
                                 enum exchange_kind kind, const char *branch_uuid,
                                 const char *branch_code, const char *origin_office,
                                 const char *exported_at, struct exchange_report *out)
{
    memset(out, 0, sizeof *out);
    if (!src || !src->rewind || !src->next || !branch_uuid || !*branch_uuid || !branch_code || !exported_at)
        return st_fail(st, STORE_ERR, "导入失败: 交换包信息不完整");
    struct xctx x = {.st = st, .kind = kind, .rep = out};
    int rc = build_schema(&x);
    if (rc == STORE_OK) {
        out->ntables = x.ntabs;
        for (int i = 0; i < x.ntabs; i++) {
            zb_strlcpy(out->t[i].table, x.tabs[i].name, sizeof out->t[i].table);
            x.tabs[i].rep = &out->t[i];
        }
        rc = store_begin(st);
    } else {
        xctx_free(&x);
        return rc;
    }
    if (rc != STORE_OK) {
        xctx_free(&x);
        return rc;
    }
    rc = import_inner(&x, src, branch_uuid, branch_code, origin_office, exported_at);
    xctx_free(&x);
    if (rc != STORE_OK) {
        if (!out->problem[0]) zb_strlcpy(out->problem, st->err, sizeof out->problem);
        return st_abort(st, rc);
    }
    rc = store_commit(st);
    if (rc != STORE_OK && !out->problem[0]) zb_strlcpy(out->problem, st->err, sizeof out->problem);
    return rc;
}

/* one changeset as the only chunk */
struct mem_source {
    const void *blob;
    size_t n;
    bool done;
};

static int mem_rewind(void *ctx)
{
    ((struct mem_source *)ctx)->done = false;
    return STORE_OK;
}

static int mem_next(void *ctx, const void **data, size_t *n)
{
    struct mem_source *m = ctx;
    if (m->done) return 0;
    m->done = true;
    *data = m->blob;
    *n = m->n;
    return 1;
}

int store_exchange_import(struct store *st, const void *blob, size_t nblob,
                          enum exchange_kind kind, const char *branch_uuid,
                          const char *branch_code, const char *origin_office,
                          const char *exported_at, struct exchange_report *out)
{
    if (!blob) {
        memset(out, 0, sizeof *out);
        return st_fail(st, STORE_ERR, "导入失败: 交换包信息不完整");
    }
    struct mem_source m = {.blob = blob, .n = nblob};
    struct exchange_source src = {.ctx = &m, .rewind = mem_rewind, .next = mem_next};
    return store_exchange_import_chunks(st, &src, kind, branch_uuid, branch_code, origin_office,
                                        exported_at, out);
}
