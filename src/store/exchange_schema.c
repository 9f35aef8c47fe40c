/* exchange_schema.c — what travels (the tables, whose rows win) and the exchange schema derived
 * from the live one, in the staging database that holds it. */
#include "exchange_priv.h"

#include <sodium.h>
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

static const struct table_def TABLES[] = {
#define OWN "zt_.branch_id = ?1"
#define BY_MEMBER "zt_.member_id IN (SELECT id FROM member WHERE branch_id = ?1)"
#define BY_MEETING "zt_.meeting_id IN (SELECT id FROM meeting WHERE branch_id = ?1)"
#define BY_HOLDING                                                                            \
    "zt_.holding_id IN (SELECT h.id FROM post_holding h JOIN post p ON p.id = h.post_id"       \
    " WHERE p.branch_id = ?1)"
    {"branch", "zt_.id = ?1", NULL, NULL, OWN_SENDER, NOT_IN, NULL},
    {"party_group", OWN, NULL, NULL, OWN_SENDER, NOT_IN, NULL},
    {"member", OWN, NULL, NULL, OWN_SENDER, NOT_IN, NULL},
    {"meeting_plan", OWN, NULL, NULL, OWN_SENDER, NOT_IN, NULL},
    {"meeting", OWN, NULL, "date", OWN_SENDER, NOT_IN, NULL},
    {"meeting_attendance", BY_MEETING, "meeting_id", NULL, OWN_SENDER, NOT_IN, "member_id"},
    {"meeting_resolution", BY_MEETING, "meeting_id", NULL, OWN_SENDER, NOT_IN, NULL},
    {"dues_basis", BY_MEMBER, NULL, "from_month", OWN_SENDER, NOT_IN, NULL},
    {"dues_adjust", BY_MEMBER, NULL, "from_month", OWN_SENDER, NOT_IN, NULL},
    {"dues_payment", OWN, NULL, "paid_date", OWN_SENDER, NOT_IN, NULL},
    {"dues_allocation", "zt_.payment_id IN (SELECT id FROM dues_payment WHERE branch_id = ?1)",
     "payment_id", NULL, OWN_SENDER, NOT_IN, "month"},
    {"member_mobile", BY_MEMBER, NULL, NULL, OWN_SENDER, NOT_IN, NULL},
    {"mobile_contact", BY_MEMBER, NULL, NULL, OWN_SENDER, NOT_IN, NULL},
    {"member_transfer", BY_MEMBER, NULL, NULL, OWN_SENDER, NOT_IN, NULL},
    {"post", OWN, NULL, NULL, OWN_SENDER, NOT_IN, NULL},
    {"post_holding", "zt_.post_id IN (SELECT id FROM post WHERE branch_id = ?1)", NULL, NULL,
     OWN_SENDER, NOT_IN, NULL},
    {"post_report", BY_HOLDING, NULL, NULL, OWN_SENDER, NOT_IN, NULL},
    {"post_review", BY_HOLDING, NULL, NULL, OWN_SENDER, NOT_IN, NULL},
    {"post_excuse", BY_MEMBER, NULL, NULL, OWN_SENDER, NOT_IN, NULL},
    {"handin", OWN, NULL, NULL, OWN_SENDER, NOT_IN, NULL},
    {"amend_request", OWN, NULL, NULL, OWN_SENDER, NOT_IN, NULL},
    {"audit_verdict", OWN, NULL, NULL, NOT_IN, OWN_SENDER, NULL},
    {"rectification", OWN, NULL, NULL, OWN_NEWER, OWN_NEWER, NULL},
    {"probation_decision", BY_MEMBER, NULL, NULL, OWN_SENDER, NOT_IN, NULL},
    /* the district's spot checks (督查), as the township received them, travel on to the village
     * with the verdicts — never in a month bundle's part (st_build_schema: month_part) */
    {"spot_check", OWN, NULL, NULL, NOT_IN, OWN_SENDER, NULL},
    /* issue 19: the branch's own people (people_schema.h), after the rows they refer to */
    {"candidate", OWN, NULL, NULL, OWN_SENDER, NOT_IN, NULL},
    {"candidate_step", "zt_.candidate_id IN (SELECT id FROM candidate WHERE branch_id = ?1)",
     NULL, NULL, OWN_SENDER, NOT_IN, NULL},
    {"appraisal_result", BY_MEMBER, NULL, NULL, OWN_SENDER, NOT_IN, NULL},
    {"committee_term", OWN, NULL, NULL, OWN_SENDER, NOT_IN, NULL},
    {"office_term", BY_MEMBER, NULL, NULL, OWN_SENDER, NOT_IN, NULL},
    {"dues_remittance", OWN, NULL, NULL, OWN_SENDER, NOT_IN, NULL},
#undef OWN
#undef BY_MEMBER
#undef BY_MEETING
#undef BY_HOLDING
};
#define N_TABLES ((int)(sizeof TABLES / sizeof TABLES[0]))

/* Columns that mean something only where they are: left out of the exchange. On insert they
 * get fill (an SQL expression; ?P: the row's parent as bound, a keyed table's) or their
 * default. */
static const struct {
    const char *table, *column, *fill;
} LOCAL_COLS[] = {
    /* the payment's, as the trigger dues_allocation_member would copy it after the insert
     * (an UPDATE of the row, its index and dues_paid_year for each month) */
    {"dues_allocation", "member_id", "(SELECT zp_.member_id FROM dues_payment zp_ WHERE zp_.id = ?P)"},
    {"amend_request", "history_after", "(SELECT ifnull(max(id), 0) FROM history)"},
};

/* Columns added to a travelling table after version 9, with the version that added them: a
 * bundle made before that version carries the table without the column (the import leaves it
 * out and the row gets its default). */
static const struct {
    const char *table, *column;
    int since;
} ADDED_COLS[] = {
    {"member", "category", 12},
};

static bool added_after(const char *table, const char *column, int version)
{
    if (version <= 0) return false;
    for (size_t i = 0; i < ZB_ARRAY_LEN(ADDED_COLS); i++)
        if (strcmp(ADDED_COLS[i].table, table) == 0 && strcmp(ADDED_COLS[i].column, column) == 0)
            return version < ADDED_COLS[i].since;
    return false;
}

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

/* ---- the exchange schema --------------------------------------------------------------- */

/* BLAKE2b-128 of table, parent and key (each ended by a NUL), written as a uuid of version 8
 * (RFC 9562: custom) so that it reads as the store's other keys. A NULL key (a reference to a
 * row not here: a member removed behind zhibu's back) gets a random uuid: the row then matches
 * no other, as before schema 13. */
void st_child_uuid(const char *table, sqlite3_value *parent, sqlite3_value *key,
                   char out[UUID_STR_LEN])
{
    if (!parent || !key || sqlite3_value_type(parent) == SQLITE_NULL ||
        sqlite3_value_type(key) == SQLITE_NULL) {
        store_uuid(out);
        return;
    }
    const unsigned char *p = sqlite3_value_text(parent);
    size_t np = (size_t)sqlite3_value_bytes(parent);
    const unsigned char *k = sqlite3_value_text(key);
    st_child_uuid_text(table, p, np, k, (size_t)sqlite3_value_bytes(key), out);
}

void st_child_uuid_text(const char *table, const void *parent, size_t nparent, const void *key,
                        size_t nkey, char out[UUID_STR_LEN])
{
    static int ready;
    if (!ready) ready = sodium_init() >= 0 ? 1 : -1;
    crypto_generichash_state h;
    unsigned char d[16];
    crypto_generichash_init(&h, NULL, 0, sizeof d);
    crypto_generichash_update(&h, (const unsigned char *)table, strlen(table) + 1);
    crypto_generichash_update(&h, parent, nparent);
    crypto_generichash_update(&h, (const unsigned char *)"", 1);
    crypto_generichash_update(&h, key, nkey);
    crypto_generichash_update(&h, (const unsigned char *)"", 1);
    crypto_generichash_final(&h, d, sizeof d);
    d[6] = (unsigned char)((d[6] & 0x0f) | 0x80);
    d[8] = (unsigned char)((d[8] & 0x3f) | 0x80);
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out[o++] = '-';
        out[o++] = hex[d[i] >> 4];
        out[o++] = hex[d[i] & 15];
    }
    out[o] = '\0';
}

uint64_t st_hash_text(const unsigned char *s, int n)
{
    uint64_t h = 1469598103934665603ull;
    for (int i = 0; i < n; i++) h = (h ^ s[i]) * 1099511628211ull;
    return h ? h : 1;
}

void st_hset_add(struct hset *s, uint64_t h)
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

bool st_hset_has(const struct hset *s, uint64_t h)
{
    if (!s->cap) return false;
    size_t j = (size_t)(h * 0x9E3779B97F4A7C15ull) & (s->cap - 1);
    while (s->v[j]) {
        if (s->v[j] == h) return true;
        j = (j + 1) & (s->cap - 1);
    }
    return false;
}

void st_xctx_free(struct xctx *x)
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
        free(x->look[i].memo);
    }
    free(x->cset);
    if (x->stage) sqlite3_close(x->stage);
    free(x->bundle.v);
    free(x->dec);
    memset(x, 0, sizeof *x);
}

int st_xtab_index(const struct xctx *x, const char *name)
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
        if (t->def && added_after(live, name, x->from_version)) {
            free(name); /* not in a bundle this old */
            continue;
        }
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
    if (t->def && t->def->key_col) {
        /* stored without them: the uuid derived, the timestamps the parent's (in the order of
         * the columns before schema 13, which ended with these two) */
        has_uuid = true;
        static const char *const VIRT[] = {"created_at", "updated_at"};
        for (int v = 0; v < 2; v++) {
            if (t->ncols == cap) {
                cap = cap ? cap * 2 : 16;
                t->cols = xrealloc(t->cols, (size_t)cap * sizeof *t->cols);
            }
            t->cols[t->ncols++] = (struct xcol){.name = xstrdup(VIRT[v]), .virt = true};
        }
    }
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

/* The district's own tables: a township passes them on to its villages, never up to the
 * district (a month bundle's parts are made and read without them). */
static bool district_owned(const char *table)
{
    return strcmp(table, "spot_check") == 0 || strcmp(table, "district_verdict") == 0;
}

static bool month_part_export;

void st_exchange_month_part(bool on)
{
    month_part_export = on;
}

/* The exchange schema of kind into x->tabs (not yet created anywhere). */
int st_build_schema(struct xctx *x)
{
    bool month_part = x->month_part || (month_part_export && x->put);
    for (int i = 0; i < N_TABLES; i++) {
        enum owner o = x->kind == EXCHANGE_LEDGER ? TABLES[i].ledger : TABLES[i].verdicts;
        if (o == NOT_IN) continue;
        if (month_part && district_owned(TABLES[i].name)) continue;
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
                t->parent_tab = st_xtab_index(x, t->cols[c].ref_table);
                t->parent_xcol = 2 + c;
            }
        for (int c = 0; t->def->key_col && c < t->ncols; c++)
            if (strcmp(t->cols[c].name, t->def->key_col) == 0) t->key_xcol = 2 + c;
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

int st_stage_fail(struct xctx *x, const char *what)
{
    return st_fail(x->st, STORE_ERR, "%s失败: %s", what, sqlite3_errmsg(x->stage));
}

/* The CREATE TABLE statements of the exchange tables. */
void st_exchange_ddl(const struct xctx *x, struct sb *b)
{
    for (int i = 0; i < x->ntabs; i++) {
        const struct xtab *t = &x->tabs[i];
        st_sb_add(b, "CREATE TABLE ");
        st_sb_ident(b, t->name);
        st_sb_add(b, "(uuid PRIMARY KEY");
        if (t->def) st_sb_add(b, ", xid");
        for (int c = 0; c < t->ncols; c++) {
            st_sb_add(b, ", ");
            st_sb_ident(b, t->cols[c].name);
        }
        st_sb_add(b, ");");
    }
}

/* Create an import's stage: the exchange tables and the bookkeeping tables. */
int st_create_stage(struct xctx *x)
{
    /* a temporary file that spills to disk when large, or the file made for it (st_stage_file) */
    int rc = sqlite3_open_v2(x->stage_path ? x->stage_path : "", &x->stage,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) return st_fail(x->st, STORE_ERR, "无法建立交换用的临时数据库");
    struct sb b = {0};
    st_sb_add(&b, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; BEGIN;");
    st_exchange_ddl(x, &b);
    st_sb_add(&b, "CREATE TABLE zx_here(uuid PRIMARY KEY) WITHOUT ROWID;"
               "CREATE TABLE zx_state(uuid PRIMARY KEY, state) WITHOUT ROWID;"
               "CREATE TABLE zx_do(uuid PRIMARY KEY, act) WITHOUT ROWID;"
               "CREATE TABLE zx_aff(uuid UNIQUE, tab, old_json);");
    st_sb_add(&b, "COMMIT;");
    rc = sqlite3_exec(x->stage, b.p, NULL, NULL, NULL);
    free(b.p);
    if (rc != SQLITE_OK) return st_stage_fail(x, "建立交换表");
    return STORE_OK;
}
