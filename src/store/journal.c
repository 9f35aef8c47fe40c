/* journal.c — the hash chain over history and its verification (store_auth.h).
 *
 * Every history row is an entry of one chain: the chain of the branch the row it describes
 * belongs to (0 for rows of no branch: users). When the outermost transaction commits,
 * st_journal_seal gives each new entry its branch, the hash of the previous entry of the same
 * chain (prev_hash, "" for the first) and its own hash: hex SHA-256 over prev_hash and the
 * entry's fields, each length-prefixed so that no byte can move from one field to the next.
 * store_journal_verify recomputes the chains and compares every journaled row, as it stands, with the
 * newest value the journal holds for it. It also recomputes the chains other offices sent with
 * their ledgers (journal_import, kept as they were at the origin) and checks each ends at the
 * head its newest bundle declared.
 *
 * The journaled tables are listed once (st_journaled below) with the JSON statement of
 * store_json.h that history records, and the SQL expression of a row's branch. From that list
 * three statements are assembled once: the seal's read of unsealed entries (branch looked up
 * through the row), the rows of every table with their JSON and the newest journal value, and
 * the journal's rows that no table holds any more. Only constant table names and expressions
 * go into the text; values are bound.
 *
 * Verification is in journal_verify.c. */
#include "journal_priv.h"
#include "journal_codec.h"
#include "journal_entry.h"

#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdint.h>
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
#define B_CANDIDATE "(SELECT zc_.branch_id FROM candidate zc_ WHERE zc_.id = zt_.candidate_id)"

const struct journaled st_journaled[] = {
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
    {"station", STATION_JSON, "0"},
    {"township", TOWNSHIP_JSON, "0"},
    {"township_branch", TOWNSHIP_BRANCH_JSON, B_OWN},
    {"district_office", DISTRICT_OFFICE_JSON, "0"},
    {"district_verdict", DISTRICT_VERDICT_JSON, B_OWN},
    {"spot_check", SPOT_CHECK_JSON, B_OWN},
    {"candidate", CANDIDATE_JSON, B_OWN},
    {"candidate_step", CANDIDATE_STEP_JSON, B_CANDIDATE},
    {"appraisal_result", APPRAISAL_RESULT_JSON, B_MEMBER},
    {"committee_term", COMMITTEE_TERM_JSON, B_OWN},
    {"office_term", OFFICE_TERM_JSON, B_MEMBER},
    {"dues_remittance", REMITTANCE_JSON, B_OWN},
};
#define N_JOURNALED ((int)(sizeof st_journaled / sizeof st_journaled[0]))
const int st_njournaled = N_JOURNALED; /* for journal_rows.c and journal_verify.c */

const char *st_table_label(const char *table)
{
    return code_label_of(LEDGER_TABLES, table);
}

/* ---- for exchange.c: the registry's JSON of one row ------------------------------------- */

static int journaled_index(const char *table)
{
    for (int i = 0; i < N_JOURNALED; i++)
        if (strcmp(st_journaled[i].table, table) == 0) return i;
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
    sqlite3_stmt *s = st_stmt(st, st_journaled[i].json_sql);
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
    size_t n = strlen(id_expr), cap = strlen(st_journaled[i].json_sql) * (n + 1) + 3;
    char *out = xmalloc(cap), *o = out;
    *o++ = '(';
    for (const char *p = st_journaled[i].json_sql; *p; p++) {
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

const char *st_action_label(const char *action)
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
    /* uuid, row_uuid, action and changed_at as stored: their text made by seal_text (the
     * SQL of JZ_UUID_TEXT, JZ_ACTION_TEXT and JZ_TIME_TEXT per entry was a third of the read) */
    sb_add(&b, "SELECT h.id, h.uuid, zj_table_text(h.table_name), h.row_uuid, h.action,"
               " h.changed_at, h.changed_by, h.old_json, h.new_json,"
               " coalesce(CASE zj_table(h.table_name)");
    /* by the codes of schema 14 (journal_codec.h JZ_TABLES; a name kept as text too) */
    for (int i = 0; i < N_JOURNALED; i++) {
        char code[16];
        snprintf(code, sizeof code, "%d",
                 st_jz_table_code(st_journaled[i].table, strlen(st_journaled[i].table)));
        sb_add(&b, " WHEN ");
        sb_add(&b, code);
        sb_add(&b, " THEN (SELECT ");
        sb_add(&b, st_journaled[i].branch);
        sb_add(&b, " FROM ");
        sb_add(&b, st_journaled[i].table);
        sb_add(&b, " zt_ WHERE zt_.uuid = zj_uuid_text(h.row_uuid))");
    }
    sb_add(&b, " END,"
               " (SELECT CASE WHEN json_valid(j) THEN json_extract(j, '$.branch_id') END"
               "  FROM (SELECT zj(h.table_name, h.new_json) AS j)),"
               " (SELECT CASE WHEN json_valid(j) THEN json_extract(j, '$.branch_id') END"
               "  FROM (SELECT zj(h.table_name, h.old_json) AS j)),"
               " 0) FROM history_data h WHERE h.hash IS NULL AND h.id >= ?2 ORDER BY h.id LIMIT ?1");
    return b.p;
}

/* The rows of table i of branch ?1 as a condition on zt_. one_branch: one that an index serves
 * (the same rows as "<branch> = ?1": ids are unique), through the row's member, post or
 * holding; else "?1 = 0 OR <branch> = ?1" (every row when ?1 = 0), which leaves SQLite no index
 * and so must not be used for one branch of a district. Static text, built once. */
const char *st_branch_where(int i, bool one_branch)
{
    static struct sbuf conds[2][N_JOURNALED];
    if (i < 0 || i >= N_JOURNALED) return "0";
    struct sbuf *b = &conds[one_branch][i];
    if (b->p) return b->p;
    const char *br = st_journaled[i].branch;
    if (!one_branch) {
        sb_add(b, "?1 = 0 OR ");
        sb_add(b, br);
        sb_add(b, " = ?1");
    } else if (strcmp(br, B_MEMBER) == 0) {
        sb_add(b, "zt_.member_id IN (SELECT zm_.id FROM member zm_ WHERE zm_.branch_id = ?1)");
    } else if (strcmp(br, B_POST) == 0) {
        sb_add(b, "zt_.post_id IN (SELECT zp_.id FROM post zp_ WHERE zp_.branch_id = ?1)");
    } else if (strcmp(br, B_HOLDING) == 0) {
        sb_add(b, "zt_.holding_id IN (SELECT zh_.id FROM post_holding zh_ JOIN post zp_"
                  " ON zp_.id = zh_.post_id WHERE zp_.branch_id = ?1)");
    } else {
        sb_add(b, br);
        sb_add(b, " = ?1");
    }
    return b->p;
}

/* Every journaled row (of branch ?1, or all when ?1 = 0): table index, uuid, branch, the row's
 * JSON, the newest new_json the journal holds for it (NULL when none). Two forms, as for
 * st_missing_sql: "?1 = 0 OR" would leave SQLite no index, and one branch of a district would
 * read every row of every table. */
const char *st_rows_sql(bool one_branch)
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
        sb_add(b, ", zt_.uuid, ");
        sb_add(b, st_journaled[i].branch);
        sb_add(b, ", (");
        sb_add_json(b, st_journaled[i].json_sql);
        sb_add(b, "), (SELECT zj('");
        sb_add(b, st_journaled[i].table);
        sb_add(b, "', zj_.new_json) FROM history_data zj_ WHERE zj_.table_name IN (zj_table('");
        sb_add(b, st_journaled[i].table);
        sb_add(b, "'), '");
        sb_add(b, st_journaled[i].table);
        sb_add(b, "') AND zj_.row_uuid IN " ST_HUUID("zt_.uuid") " AND zj_.new_json IS NOT NULL"
                  " ORDER BY zj_.id DESC LIMIT 1) FROM ");
        sb_add(b, st_journaled[i].table);
        sb_add(b, " zt_ WHERE ");
        sb_add(b, st_branch_where(i, one_branch));
    }
    return b->p;
}

/* Rows the journal holds a value for (of chain ?1, or all when ?1 = 0) that their table does
 * not: table index, row uuid, branch and id of the newest such entry. Two forms: for one chain
 * the entries are found through history_chain (branch, id) — "?1 = 0 OR" would leave SQLite no
 * index but the table's, and one branch of a district would read every entry of the table. */
const char *st_missing_sql(bool one_branch)
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
        sb_add(b, ", " JZ_UUID_TEXT("h.row_uuid") ", h.branch_id, max(h.id) FROM history_data h WHERE ");
        sb_add(b, one_branch ? "+h.table_name IN (zj_table('" : "h.table_name IN (zj_table('");
        sb_add(b, st_journaled[i].table);
        sb_add(b, "'), '");
        sb_add(b, st_journaled[i].table);
        sb_add(b, one_branch ? "') AND h.new_json IS NOT NULL AND h.branch_id = ?1"
                              : "') AND h.new_json IS NOT NULL AND ?1 = 0");
        /* grouped by the uuid's text: its forms (journal_form.c) are one row */
        sb_add(b, " GROUP BY " JZ_UUID_TEXT("h.row_uuid") " HAVING NOT EXISTS (SELECT 1 FROM ");
        sb_add(b, st_journaled[i].table);
        sb_add(b, " zt_ WHERE zt_.uuid = " JZ_UUID_TEXT("h.row_uuid") ")");
    }
    return b->p;
}

/* ---- the hash -------------------------------------------------------------------------- */

int st_sodium_ready(struct store *st)
{
    static int ok;
    if (!ok) ok = sodium_init() >= 0 ? 1 : -1;
    if (ok < 0) return st_fail(st, STORE_ERR, "日志封存失败: 无法初始化加密库");
    return STORE_OK;
}

/* The entry's hash from the row of a statement whose columns 0..8 are id, uuid, table_name,
 * row_uuid, action, changed_at, changed_by, old_json, new_json; branch and prev given: each
 * field its length and ':' then the bytes, NULL "-:" (a length never starts with -), with
 * journal_sha.c's SHA-256 (journal_entry.c, the one definition). */
void st_entry_hash(sqlite3_stmt *s, int64_t branch, const char *prev, char out[HASH_HEX])
{
    struct st_entry e = {0};
    for (int c = 1; c <= 8; c++) {
        e.v[c] = sqlite3_column_type(s, c) == SQLITE_NULL ? NULL : sqlite3_column_text(s, c);
        e.n[c] = e.v[c] ? (size_t)sqlite3_column_bytes(s, c) : 0;
    }
    st_entry_hash_hex(&e, sqlite3_column_int64(s, 0), branch, prev, out);
}

int st_journal_entry_hash(struct store *st, sqlite3_stmt *s, int64_t branch, const char *prev,
                          char out[HASH_HEX])
{
    int rc = st_sodium_ready(st);
    if (rc == STORE_OK) st_entry_hash(s, branch, prev, out);
    return rc;
}

/* ---- chains: branch id -> the newest hash (open addressing, grows) ---------------------- */

struct chain *st_chain_find(struct chains *c, int64_t branch, bool *fresh)
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

/* The seal reads a batch of entries while a second thread hashes the batch before it (issue 17:
 * the demo seals ten million entries at its commit; the SHA-256 is half the seal's time). The
 * hashes are the same: each chain's entries are hashed in id order by one thread, from the
 * chain's head as the database holds it when the chain's first entry is read (no entry of that
 * chain has been sealed by this seal yet, so it is the head the entry would have been hashed
 * from one at a time). */
#define SEAL_BATCH 512

struct sealed {
    int64_t id, branch;
    size_t off[9];           /* 1..8: the fields' text in the batch's bytes (SIZE_MAX: NULL) */
    size_t n[9];
    bool packed[9];          /* 7, 8: the value as stored (a blob), unpacked by seal_hash */
    bool head_read;          /* the first entry of its chain in this seal: head holds the head */
    int64_t head_id;         /* and the head's entry (0: none) */
    bool implied;            /* prev is the hash of the chain's sealed entry before this one */
    char head[HASH_HEX];
    char prev[HASH_HEX], hash[HASH_HEX];
};

struct seal_batch {
    struct sealed *e;
    int n;
    unsigned char *bytes;
    size_t len, cap;
    struct chains *heads;    /* the hashing thread's: branch -> newest hash */
};

/* The hash of the newest sealed entry of branch's chain into out ("" when none), its id into
 * *id (0). */
static int chain_head(struct store *st, int64_t branch, char out[HASH_HEX], int64_t *id)
{
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT " JZ_HEX("hash") ", id FROM history_data WHERE branch_id = ?1"
                              " AND hash IS NOT NULL"
                              " ORDER BY id DESC LIMIT 1");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch);
    int rc = sqlite3_step(s);
    out[0] = '\0';
    *id = 0;
    if (rc == SQLITE_ROW) {
        st_col_text(s, 0, out, HASH_HEX);
        *id = sqlite3_column_int64(s, 1);
    }
    st_done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "日志封存");
    return STORE_OK;
}

/* The text of column c (1, 3: a uuid; 4: the action; 5: the time) of unsealed_sql's row as
 * JZ_UUID_TEXT, JZ_ACTION_TEXT and JZ_TIME_TEXT give it from the stored form, into tmp when it
 * is made here; NULL for SQL NULL (an action code without a name reads as NULL too). */
static const void *seal_text(sqlite3_stmt *s, int c, char tmp[40], size_t *n)
{
    int type = sqlite3_column_type(s, c);
    if (type == SQLITE_NULL) return NULL;
    if ((c == 1 || c == 3) && type == SQLITE_BLOB && sqlite3_column_bytes(s, c) == 16) {
        st_jz_uuid_text(sqlite3_column_blob(s, c), tmp);
        *n = 36;
        return tmp;
    }
    if (c == 4 && type == SQLITE_INTEGER) {
        const char *name = st_jz_action_name(sqlite3_column_int64(s, c));
        if (name) *n = strlen(name);
        return name;
    }
    if (c == 5 && type == SQLITE_INTEGER && st_jz_time_text(sqlite3_column_int64(s, c), tmp)) {
        *n = strlen(tmp);
        return tmp;
    }
    const unsigned char *v = sqlite3_column_text(s, c);
    *n = (size_t)sqlite3_column_bytes(s, c);
    return v;
}

/* Up to SEAL_BATCH unsealed entries from id `from` on into b, their fields copied (the columns
 * st_entry_hash reads); seen: the chains whose heads were read already. */
static int seal_read(struct store *st, int64_t from, struct seal_batch *b, struct chains *seen)
{
    b->n = 0;
    b->len = 0;
    sqlite3_stmt *s = st_stmt(st, unsealed_sql());
    if (!s) return STORE_ERR;
    sqlite3_bind_int(s, 1, SEAL_BATCH);
    sqlite3_bind_int64(s, 2, from);
    int rc = STORE_OK, src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        struct sealed *e = &b->e[b->n++];
        e->id = sqlite3_column_int64(s, 0);
        e->branch = sqlite3_column_int64(s, 9);
        for (int c = 1; c <= 8; c++) {
            e->packed[c] = false;
            char tmp[40];
            size_t n = 0;
            const void *v = NULL;
            bool null = sqlite3_column_type(s, c) == SQLITE_NULL;
            if (c == 1 || (c >= 3 && c <= 5)) null = !(v = seal_text(s, c, tmp, &n));
            else if (!null) {
                /* old_json, new_json packed: their bytes, unpacked on the hashing thread */
                e->packed[c] = c >= 7 && sqlite3_column_type(s, c) == SQLITE_BLOB;
                v = e->packed[c] ? sqlite3_column_blob(s, c) : sqlite3_column_text(s, c);
                n = (size_t)sqlite3_column_bytes(s, c);
            }
            if (null) {
                e->off[c] = SIZE_MAX;
                e->n[c] = 0;
                continue;
            }
            if (b->len + n + 1 > b->cap) {
                b->cap = (b->len + n + 1) * 2;
                b->bytes = xrealloc(b->bytes, b->cap);
            }
            if (n) memcpy(b->bytes + b->len, v, n);
            b->bytes[b->len + n] = '\0';
            e->off[c] = b->len;
            e->n[c] = n;
            b->len += n + 1;
        }
        bool fresh;
        st_chain_find(seen, e->branch, &fresh);
        e->head_read = fresh;
        if (fresh && (rc = chain_head(st, e->branch, e->head, &e->head_id)) != STORE_OK) break;
    }
    if (rc == STORE_OK && src != SQLITE_DONE)
        rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "日志封存");
    st_done(s);
    return rc;
}

/* The hashing thread: the batch's entries in order, each chain from its newest hash. */
static void *seal_hash(void *arg)
{
    struct seal_batch *b = arg;
    char *zbuf[2] = {NULL, NULL};
    size_t zcap[2] = {0, 0};
    for (int i = 0; i < b->n; i++) {
        struct sealed *e = &b->e[i];
        struct st_entry f = {0};
        for (int c = 1; c <= 8; c++) {
            f.v[c] = e->off[c] == SIZE_MAX ? NULL : b->bytes + e->off[c];
            f.n[c] = e->n[c];
        }
        /* the text of a packed value, as zj() gives it: a blob that does not unpack as it is */
        for (int c = 7; c <= 8; c++) {
            size_t n = 0;
            const char *t = e->packed[c] ? st_jz_unpack_buf((const char *)f.v[2], f.v[c], f.n[c],
                                                            &n, &zbuf[c - 7], &zcap[c - 7])
                                         : NULL;
            if (t) {
                f.v[c] = (const unsigned char *)t;
                f.n[c] = n;
            }
        }
        bool fresh;
        struct chain *c = st_chain_find(b->heads, e->branch, &fresh);
        if (fresh) {
            memcpy(c->hash, e->head_read ? e->head : "", HASH_HEX);
            c->last_id = e->head_read ? e->head_id : 0;
        }
        memcpy(e->prev, c->hash, HASH_HEX);
        /* kept as 0 (journal_codec.h JZ_PREV_TEXT) when the view shows the same hash */
        e->implied = c->last_id < e->id;
        c->last_id = e->id;
        st_entry_hash_hex(&f, e->id, e->branch, e->prev, e->hash);
        memcpy(c->hash, e->hash, HASH_HEX);
    }
    free(zbuf[0]);
    free(zbuf[1]);
    return NULL;
}

/* Each entry's branch, prev_hash and hash written: into the entry as it stands; or, for the
 * demo's journal sealed in its temporary history_data (st->seal_into_main, meeting_demo.c
 * history_from_shadow), the entry written once, sealed, into the file's history_data (in id
 * order, as the copy after the seal wrote them) and the temporary row left as it was. */
static int seal_write(struct store *st, const struct seal_batch *b)
{
    int rc = STORE_OK;
    for (int i = 0; i < b->n && rc == STORE_OK; i++) {
        sqlite3_stmt *u = st_stmt(st,
                                  st->seal_into_main
                                      ? "INSERT INTO main.history_data(id, uuid, table_name,"
                                        " row_uuid, action, changed_at, changed_by, old_json,"
                                        " new_json, branch_id, prev_hash, hash) SELECT id, uuid,"
                                        " table_name, row_uuid, action, changed_at, changed_by,"
                                        " old_json, new_json, ?2, ?3, ?4 FROM temp.history_data"
                                        " WHERE id = ?1"
                                      : "UPDATE history_data SET branch_id = ?2, prev_hash = ?3,"
                                        " hash = ?4 WHERE id = ?1");
        if (!u) return STORE_ERR;
        sqlite3_reset(u);
        sqlite3_bind_int64(u, 1, b->e[i].id);
        sqlite3_bind_int64(u, 2, b->e[i].branch);
        if (b->e[i].implied) sqlite3_bind_int(u, 3, 0);
        else st_jz_bind_hash(u, 3, b->e[i].prev);
        st_jz_bind_hash(u, 4, b->e[i].hash);
        rc = st_step_write(st, u, "日志封存");
        if (rc == STORE_OK && st->seal_into_main && sqlite3_changes(st->db) != 1)
            rc = st_fail(st, STORE_ERR, "日志封存失败：找不到日志 %lld", (long long)b->e[i].id);
    }
    return rc;
}

int st_journal_seal(struct store *st)
{
    int rc = st_sodium_ready(st);
    if (rc != STORE_OK) return rc;
    /* only what this transaction wrote: nothing when it wrote no history */
    if (!st->seal_from) return STORE_OK;
    struct chains heads = {0}, seen = {0};
    struct seal_batch bb[2] = {{.heads = &heads}, {.heads = &heads}};
    for (int k = 0; k < 2; k++) bb[k].e = xcalloc(SEAL_BATCH, sizeof *bb[k].e);
    struct seal_batch *a = &bb[0], *b = &bb[1];
    rc = seal_read(st, st->seal_from, a, &seen);
    pthread_t t;
    bool hashing = false;
    if (rc == STORE_OK && a->n > 0) {
        hashing = pthread_create(&t, NULL, seal_hash, a) == 0;
        if (!hashing) seal_hash(a);
    }
    while (rc == STORE_OK && a->n > 0) {
        b->n = 0;
        if (a->n == SEAL_BATCH) rc = seal_read(st, a->e[a->n - 1].id + 1, b, &seen);
        if (hashing) pthread_join(t, NULL);
        hashing = false;
        if (rc != STORE_OK) break;
        if (b->n > 0) {
            hashing = pthread_create(&t, NULL, seal_hash, b) == 0;
            if (!hashing) seal_hash(b);
        }
        rc = seal_write(st, a);
        struct seal_batch *x = a;
        a = b;
        b = x;
    }
    if (hashing) pthread_join(t, NULL);
    for (int k = 0; k < 2; k++) {
        free(bb[k].e);
        free(bb[k].bytes);
    }
    free(heads.v);
    free(seen.v);
    return rc;
}

/* ---- baseline -------------------------------------------------------------------------- */

bool st_same_text(const unsigned char *a, const unsigned char *b)
{
    if (!a || !b) return a == b;
    return strcmp((const char *)a, (const char *)b) == 0;
}

int st_journal_baseline(struct store *st)
{
    sqlite3_stmt *s = st_stmt(st, st_rows_sql(false));
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
        if (!json || st_same_text(json, newest)) continue;
        sqlite3_stmt *ins = st_stmt(st,
                                    "INSERT INTO history_data(uuid, table_name, row_uuid, action,"
                                    " changed_at, changed_by, old_json, new_json)"
                                    " VALUES (zj_uuid(?1), zj_table(?2), zj_uuid(?3), zj_action('baseline'),"
                                    " zj_time(?4), ?5, ?6, ?7)");
        if (!ins) {
            rc = STORE_ERR;
            break;
        }
        char uuid[UUID_STR_LEN];
        store_uuid(uuid);
        st_bind_text(ins, 1, uuid);
        st_bind_text(ins, 2, st_journaled[sqlite3_column_int(s, 0)].table);
        st_bind_text(ins, 3, (const char *)sqlite3_column_text(s, 1));
        st_bind_text(ins, 4, now);
        st_bind_text(ins, 5, st->user);
        const char *table = st_journaled[sqlite3_column_int(s, 0)].table;
        st_jz_bind(ins, 6, table, (const char *)newest);
        st_jz_bind(ins, 7, table, (const char *)json);
        rc = st_step_write(st, ins, "建立日志基线");
        if (rc != STORE_OK) break;
    }
    if (rc == STORE_OK && src != SQLITE_DONE && src != SQLITE_ROW)
        rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "建立日志基线");
    st_done(s);
    return rc;
}

/* ---- for bundle.c: recording heads ------------------------------------------------------ */

int st_journal_head_record(struct store *st, int64_t branch_id, const char *direction,
                           const char *office, int64_t entry, const char *hash,
                           const char *bundle_uuid)
{
    if (!branch_id || !office || !*office || !hash || !*hash || entry <= 0) return STORE_OK;
    sqlite3_stmt *s = st_stmt(st,
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

/* ---- baselines after a migration added journaled columns ---------------------------------- */

int st_journal_baseline_new_keys(struct store *st, const struct journal_baseline *b)
{
    sqlite3_stmt *rows = st_stmt(st, b->rows_sql);
    if (!rows) return STORE_ERR;
    int rc = STORE_OK, src = SQLITE_DONE;
    while (rc == STORE_OK && (src = sqlite3_step(rows)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(rows, 0);
        char uuid[UUID_STR_LEN];
        st_col_text(rows, 1, uuid, sizeof uuid);
        char *json = st_journal_json(st, b->table, id);
        if (!json) continue;
        /* the newest journal value differs from the row only by the new keys */
        sqlite3_stmt *n = st_stmt(st, b->newest_sql);
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
        int64_t h = st_history_begin(st, b->table, uuid, "baseline", b->old_sql, id);
        if (h < 0) rc = (int)h;
        else rc = st_history_finish(st, h, b->new_sql, id);
    }
    if (rc == STORE_OK && src != SQLITE_DONE)
        rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "建立日志基线");
    st_done(rows);
    return rc;
}
