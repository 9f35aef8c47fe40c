/* journal_rows.c — verify's row check: every journaled row compared with the newest value the
 * journal holds for it, table by table in st_journaled's order, each table in id order (the
 * order of the one statement verify ran before: its problems come out in the same order).
 *
 * The SQL path is that statement's part for one table: the row's JSON from store_json.h and the
 * newest new_json (zj) side by side. Building the JSON in SQL is most of verify's time on the
 * big tables (a meeting's attendance list is a subquery with its own sort and JSON functions),
 * so for those the fast path below writes the row's JSON in C from its columns, exactly as
 * json_object and json_group_array write it: keys in order, no spaces, NULL as null, integers in
 * decimal, text quoted with \" \\ \b \t \n \f \r escaped and the other bytes below 0x20 as
 * \u00xx (everything else as it is); the children sorted here as their ORDER BY sorts them. It
 * reads the newest value by the same index lookup and unpacks it in C. On a whole-database run a
 * payment's allocations come from one pass over dues_allocation by payment, beside the payments.
 *
 * The fast path only ever decides "the same": a row whose text is not byte for byte the newest
 * value, or that holds anything it does not write (a REAL or a BLOB, a child's sort key of
 * another kind), is handed to the SQL path for that one row, and what is reported comes from
 * there, as before. The unit tests compare the two on every row of each fast table, odd values
 * included (test_journal_rows.c). */
#include "journal_rows.h"
#include "journal_priv.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_json.h"
#include "zhibu/util.h"

/* ---- text buffers ------------------------------------------------------------------------ */

struct buf {
    char *p;
    size_t n, cap;
};

static inline void b_room(struct buf *b, size_t more)
{
    if (b->n + more + 1 <= b->cap) return;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->n + more + 1) cap *= 2;
    b->p = xrealloc(b->p, cap);
    b->cap = cap;
}

static inline void b_put(struct buf *b, const char *s, size_t n)
{
    b_room(b, n);
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void b_add(struct buf *b, const char *s)
{
    b_put(b, s, strlen(s));
}

/* s with every "?1" as "zt_.id" (the JSON statements are bound with ?1 = the row id) */
static void b_add_json(struct buf *b, const char *s)
{
    for (; *s; s++) {
        if (s[0] == '?' && s[1] == '1') {
            b_add(b, "zt_.id");
            s++;
        } else {
            b_put(b, s, 1);
        }
    }
}

/* ---- the SQL path ------------------------------------------------------------------------ */

#define MAX_TABLES 64

/* The newest new_json of the row zt_ (as the statement before). */
static void b_add_newest(struct buf *b, const char *table)
{
    const char *part[] = {"(SELECT zj('", "', zj_.new_json) FROM history_data zj_ WHERE"
                          " zj_.table_name IN (zj_table('", "'), '"};
    for (int i = 0; i < 3; i++) b_add(b, part[i]), b_add(b, table);
    b_add(b, "') AND zj_.row_uuid IN " ST_HUUID("zt_.uuid") " AND zj_.new_json IS NOT NULL"
             " ORDER BY zj_.id DESC LIMIT 1)");
}

/* Every row of table ti (of branch ?1, or all when ?1 = 0) into b: uuid, branch, JSON, with its
 * newest entry's value (newest) or without the journal, then id. */
static const char *rows_select(struct buf *b, int ti, bool one_branch, bool newest)
{
    const struct journaled *t = &st_journaled[ti];
    b_add(b, "SELECT zt_.uuid, ");
    b_add(b, t->branch);
    b_add(b, ", (");
    b_add_json(b, t->json_sql);
    b_add(b, "), ");
    if (newest) {
        b_add_newest(b, t->table);
        b_add(b, ", ");
    }
    b_add(b, "zt_.id FROM ");
    b_add(b, t->table);
    b_add(b, " zt_ WHERE ");
    b_add(b, st_branch_where(ti, one_branch));
    return b->p;
}

/* Every row of table ti (of branch ?1, or all when ?1 = 0): uuid, branch, JSON, newest, id. */
static const char *table_sql(int ti, bool one_branch)
{
    static struct buf bb[2][MAX_TABLES];
    if (ti < 0 || ti >= MAX_TABLES) return NULL;
    struct buf *b = &bb[one_branch][ti];
    return b->p ? b->p : rows_select(b, ti, one_branch, true);
}

/* Every row of table ti of branch ?1 (or all) without the journal: uuid, branch, JSON, id. */
static const char *known_sql(int ti, bool one_branch)
{
    static struct buf bb[2][MAX_TABLES];
    if (ti < 0 || ti >= MAX_TABLES) return NULL;
    struct buf *b = &bb[one_branch][ti];
    return b->p ? b->p : rows_select(b, ti, one_branch, false);
}

/* Every row of table ti in id order: id, uuid, branch. */
static const char *rest_sql(int ti)
{
    static struct buf b[MAX_TABLES];
    if (ti < 0 || ti >= MAX_TABLES || b[ti].p) return ti < 0 || ti >= MAX_TABLES ? NULL : b[ti].p;
    const struct journaled *t = &st_journaled[ti];
    b_add(&b[ti], "SELECT zt_.id, zt_.uuid, ");
    b_add(&b[ti], t->branch);
    b_add(&b[ti], " FROM ");
    b_add(&b[ti], t->table);
    b_add(&b[ti], " zt_ ORDER BY zt_.id");
    return b[ti].p;
}

/* One row of table ti (id ?1): JSON, newest. */
static const char *one_sql(int ti)
{
    static struct buf b[MAX_TABLES];
    if (ti < 0 || ti >= MAX_TABLES) return NULL;
    if (b[ti].p) return b[ti].p;
    const struct journaled *t = &st_journaled[ti];
    b_add(&b[ti], "SELECT (");
    b_add_json(&b[ti], t->json_sql);
    b_add(&b[ti], "), ");
    b_add_newest(&b[ti], t->table);
    b_add(&b[ti], " FROM ");
    b_add(&b[ti], t->table);
    b_add(&b[ti], " zt_ WHERE zt_.id = ?1");
    return b[ti].p;
}

static int sql_rows(struct store *st, int ti, int64_t branch_id, int64_t *nrows,
                    st_row_differs_fn differs, void *ctx)
{
    const char *sql = table_sql(ti, branch_id != 0);
    sqlite3_stmt *s = sql ? st_stmt(st, sql) : NULL;
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        (*nrows)++;
        const unsigned char *json = sqlite3_column_text(s, 2);
        const unsigned char *newest = sqlite3_column_text(s, 3);
        if (st_same_text(json, newest)) continue;
        const unsigned char *uuid = sqlite3_column_text(s, 0);
        differs(ctx, ti, sqlite3_column_int64(s, 4), uuid ? (const char *)uuid : "",
                sqlite3_column_int64(s, 1), (const char *)json, (const char *)newest);
    }
    int rc = src == SQLITE_DONE ? STORE_OK
                                : st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验记录");
    st_done(s);
    return rc;
}

/* The SQL path for one row the fast path handed over. */
static int sql_one(struct store *st, int ti, int64_t id, const char *uuid, int64_t branch,
                   st_row_differs_fn differs, void *ctx)
{
    const char *sql = one_sql(ti);
    sqlite3_stmt *s = sql ? st_stmt(st, sql) : NULL;
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, id);
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW) {
        const unsigned char *json = sqlite3_column_text(s, 0);
        const unsigned char *newest = sqlite3_column_text(s, 1);
        if (!st_same_text(json, newest))
            differs(ctx, ti, id, uuid, branch, (const char *)json, (const char *)newest);
    }
    int rc = src == SQLITE_ROW || src == SQLITE_DONE
                 ? STORE_OK
                 : st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验记录");
    st_done(s);
    return rc;
}

/* ---- the fast path ----------------------------------------------------------------------- */

/* A child list: its key in the parent's JSON, its statement (the sort key, a tie-break (an
 * integer), then the columns, of parent ?1: sorted here by both, as its ORDER BY does) and the
 * keys. A list in a table of its own ids may also be read by id range: span gives the smallest
 * and largest id and the count of parent ?1 (from the index alone); when the ids are close
 * together, range (parent ?1, ids ?2 to ?3) reads them in one pass over the table instead of
 * one look-up each. (Attendance, keyed by (meeting, member) since schema 13, is one range of
 * its table already.) */
struct fast_kid {
    const char *key;
    const char *sql;
    const char *const *keys;
    const char *span, *range;
    const char *all;       /* or NULL: every row, the parent first, by parent (a whole-database
                            * run reads them in one pass beside the parents, in id order) */
    const char *between;   /* or NULL: the same for parents ?1 to ?2 (a branch's, beside them) */
};

struct fast_table {
    const char *table;
    const char *const *keys;   /* columns, named as their keys */
    const struct fast_kid *kids;
    int nkids;
    const char *span;      /* or NULL: the smallest and largest id and the count of branch ?1's
                            * rows (its own branch_id), from an index */
};

static const char *const MEETING_KEYS[] = {
    "branch_id", "group_id", "kind", "also_mask", "date", "start_time", "end_time", "place",
    "host_id", "recorder_id", "lecturer_id", "lecturer_name", "election", "topics", "minutes",
    "observers", "no_resolutions", "plan_id", "expected", "present", "on_leave", "absent",
    "voting_expected", "voting_present", "quorum", "missing_mask", "updated_at", "voided_at",
    "void_reason", "voided_by", NULL};
static const char *const ATTENDANCE_KEYS[] = {"member_id", "voting", "mark", "reason",
                                              "excused", NULL};
static const char *const RESOLUTION_KEYS[] = {"seq", "text", "votes_for", "votes_against",
                                              "votes_abstain", NULL};
static const struct fast_kid MEETING_KIDS[] = {
    {"attendance",
     "SELECT seq, member_id, member_id, voting, mark, reason, excused FROM meeting_attendance"
     " WHERE meeting_id = ?1",
     ATTENDANCE_KEYS, NULL, NULL, NULL,
     "SELECT meeting_id, seq, member_id, member_id, voting, mark, reason, excused"
     " FROM meeting_attendance WHERE meeting_id BETWEEN ?1 AND ?2 ORDER BY meeting_id"},
    {"resolutions",
     "SELECT seq, id, seq, text, votes_for, votes_against, votes_abstain FROM meeting_resolution"
     " WHERE meeting_id = ?1",
     RESOLUTION_KEYS, NULL, NULL, NULL,
     "SELECT meeting_id, seq, id, seq, text, votes_for, votes_against, votes_abstain"
     " FROM meeting_resolution WHERE meeting_id BETWEEN ?1 AND ?2 ORDER BY meeting_id"},
};

static const char *const PAYMENT_KEYS[] = {
    "member_id", "branch_id", "paid_date", "receipt_no", "from_month", "to_month", "amount",
    "note", "voided_at", "void_reason", "voided_by", "updated_at", NULL};
static const char *const ALLOCATION_KEYS[] = {"month", "amount", NULL};
static const struct fast_kid PAYMENT_KIDS[] = {
    {"allocations",
     "SELECT month, 0, month, amount FROM dues_allocation WHERE payment_id = ?1",
     ALLOCATION_KEYS, NULL, NULL,
     "SELECT payment_id, month, 0, month, amount FROM dues_allocation ORDER BY payment_id",
     "SELECT payment_id, month, 0, month, amount FROM dues_allocation"
     " WHERE payment_id BETWEEN ?1 AND ?2 ORDER BY payment_id"},
};

static const char *const REPORT_KEYS[] = {"holding_id", "date", "venue", "content",
                                          "meeting_id", NULL};

static const struct fast_table FAST[] = {
    {"meeting", MEETING_KEYS, MEETING_KIDS, 2,
     "SELECT min(id), max(id), count(*) FROM meeting WHERE branch_id = ?1"},
    {"dues_payment", PAYMENT_KEYS, PAYMENT_KIDS, 1,
     "SELECT min(id), max(id), count(*) FROM dues_payment WHERE branch_id = ?1"},
    {"post_report", REPORT_KEYS, NULL, 0, NULL},
};

static const struct fast_table *fast_of(const char *table)
{
    for (size_t i = 0; i < sizeof FAST / sizeof FAST[0]; i++)
        if (strcmp(FAST[i].table, table) == 0) return &FAST[i];
    return NULL;
}

/* The rows of table ti (of branch ?1, or all): id, uuid, branch, then the key columns. */
/* "SELECT id, uuid, branch, the key columns FROM table zt_ WHERE " then where, into b. */
static const char *fast_select(struct buf *b, int ti, const struct fast_table *f,
                               const char *where)
{
    const struct journaled *t = &st_journaled[ti];
    b_add(b, "SELECT zt_.id, zt_.uuid, ");
    b_add(b, t->branch);
    for (const char *const *k = f->keys; *k; k++) {
        b_add(b, ", zt_.");
        b_add(b, *k);
    }
    b_add(b, " FROM ");
    b_add(b, t->table);
    b_add(b, " zt_ WHERE ");
    b_add(b, where);
    return b->p;
}

static const char *fast_sql(int ti, const struct fast_table *f, bool one_branch)
{
    static struct buf bb[2][MAX_TABLES];
    struct buf *b = &bb[one_branch][ti];
    return b->p ? b->p : fast_select(b, ti, f, st_branch_where(ti, one_branch));
}

/* The rows of table ti of branch ?1 with ids ?2 to ?3, in id order (a table with a span): by
 * id, the branch only compared — every row of the branch lies between its ids. */
static const char *fast_range_sql(int ti, const struct fast_table *f)
{
    static struct buf b[MAX_TABLES];
    return b[ti].p ? b[ti].p
                   : fast_select(&b[ti], ti, f, "zt_.id BETWEEN ?2 AND ?3 AND +zt_.branch_id = ?1");
}

static void put_int(struct buf *b, int64_t v)
{
    char t[24], *e = t + sizeof t, *p = e;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) *--p = '-';
    b_put(b, p, (size_t)(e - p));
}

/* Column c as json_object writes it; false for a value the fast path leaves to SQL. */
static bool put_value(struct buf *b, sqlite3_stmt *s, int c)
{
    sqlite3_value *cv = sqlite3_column_value(s, c); /* unprotected: one thread per connection */
    switch (sqlite3_value_type(cv)) {
    case SQLITE_NULL:
        b_put(b, "null", 4);
        return true;
    case SQLITE_INTEGER:
        put_int(b, sqlite3_value_int64(cv));
        return true;
    case SQLITE_TEXT: {
        static const char special[32] = {[8] = 'b', [9] = 't', [10] = 'n', [12] = 'f', [13] = 'r'};
        const unsigned char *v = sqlite3_value_text(cv);
        size_t n = (size_t)sqlite3_value_bytes(cv);
        b_room(b, n * 6 + 2);
        char *o = b->p + b->n;
        *o++ = '"';
        for (size_t i = 0; i < n; i++) {
            unsigned char ch = v[i];
            if (ch == '"' || ch == '\\') {
                *o++ = '\\';
                *o++ = (char)ch;
            } else if (ch < 0x20) {
                *o++ = '\\';
                if (special[ch]) {
                    *o++ = special[ch];
                } else {
                    *o++ = 'u';
                    *o++ = '0';
                    *o++ = '0';
                    *o++ = (char)('0' + (ch >> 4));
                    *o++ = "0123456789abcdef"[ch & 15];
                }
            } else {
                *o++ = (char)ch;
            }
        }
        *o++ = '"';
        b->n = (size_t)(o - b->p);
        b->p[b->n] = '\0';
        return true;
    }
    default: /* REAL, BLOB */
        return false;
    }
}

/* "key":value,... for columns from..; false as put_value */
static bool put_members(struct buf *b, sqlite3_stmt *s, int from, const char *const *keys)
{
    for (int k = 0; keys[k]; k++) {
        size_t kl = strlen(keys[k]);
        b_room(b, kl + 4);
        char *o = b->p + b->n;
        if (k) *o++ = ',';
        *o++ = '"';
        memcpy(o, keys[k], kl);
        o += kl;
        *o++ = '"';
        *o++ = ':';
        b->n = (size_t)(o - b->p);
        if (!put_value(b, s, from + k)) return false;
    }
    if (b->p) b->p[b->n] = '\0';
    return true;
}

/* One child row while its list is read: its sort key and where its object is. */
struct kid_row {
    bool text;
    int64_t num;
    char txt[32];
    size_t txtn;
    int64_t id;
    size_t off, len;
};

static int kid_cmp(const void *pa, const void *pb)
{
    const struct kid_row *a = pa, *b = pb;
    if (a->text) {
        size_t n = a->txtn < b->txtn ? a->txtn : b->txtn;
        int c = memcmp(a->txt, b->txt, n);
        if (c) return c;
        if (a->txtn != b->txtn) return a->txtn < b->txtn ? -1 : 1;
    } else if (a->num != b->num) {
        return a->num < b->num ? -1 : 1;
    }
    return a->id < b->id ? -1 : a->id > b->id;
}

/* A child table read in one pass beside its parents (fast_kid.all). */
struct merge {
    sqlite3_stmt *s;
    bool have;             /* s is on a row */
};

struct fast_state {
    struct buf json, kids;
    struct kid_row *rows;
    size_t cap;
    struct merge m[2];     /* per child list (whole-database runs) */
    char *zbuf;            /* the newest value unpacked (kept from row to row) */
    size_t zcap;
};

/* The child list k of parent id into f->json: 1 done, 0 left to SQL, <0 an error. */
/* One child row of s (sort key at column base, id, then the keys) into fs: false when the
 * fast path leaves it to SQL. */
static bool kid_add(struct fast_state *fs, sqlite3_stmt *s, int base, const struct fast_kid *k,
                    size_t *n, int *kind)
{
    if (*n == fs->cap) {
        fs->cap = fs->cap ? fs->cap * 2 : 64;
        fs->rows = xrealloc(fs->rows, fs->cap * sizeof *fs->rows);
    }
    struct kid_row *r = &fs->rows[(*n)++];
    int t = sqlite3_column_type(s, base);
    if (*kind < 0) *kind = t;
    if (t != *kind || (t != SQLITE_INTEGER && t != SQLITE_TEXT) ||
        sqlite3_column_type(s, base + 1) != SQLITE_INTEGER)
        return false;
    r->text = t == SQLITE_TEXT;
    if (r->text) {
        r->txtn = (size_t)sqlite3_column_bytes(s, base);
        if (r->txtn > sizeof r->txt) return false;
        memcpy(r->txt, sqlite3_column_blob(s, base), r->txtn);
    } else {
        r->num = sqlite3_column_int64(s, base);
    }
    r->id = sqlite3_column_int64(s, base + 1);
    r->off = fs->kids.n;
    b_put(&fs->kids, "{", 1);
    if (!put_members(&fs->kids, s, base + 2, k->keys)) return false;
    b_put(&fs->kids, "}", 1);
    r->len = fs->kids.n - r->off;
    return true;
}

/* The rows of parent id from a merged statement (all children by parent, the parents' ids
 * ascending as the parents are read): rows of smaller parents (none left) are passed over. */
static int merged_kids(struct store *st, struct merge *m, struct fast_state *fs,
                       const struct fast_kid *k, int64_t id, size_t *n, int *ok)
{
    int kind = -1;
    while (m->have && sqlite3_column_int64(m->s, 0) <= id) {
        if (sqlite3_column_int64(m->s, 0) == id && *ok && !kid_add(fs, m->s, 1, k, n, &kind))
            *ok = 0;
        int src = sqlite3_step(m->s);
        m->have = src == SQLITE_ROW;
        if (src != SQLITE_ROW && src != SQLITE_DONE)
            return st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验记录");
    }
    return STORE_OK;
}

/* The child list k of parent id into f->json: 1 done, 0 left to SQL, <0 an error. */
static int put_kids(struct store *st, struct fast_state *fs, int ki, const struct fast_kid *k,
                    int64_t id)
{
    fs->kids.n = 0;
    size_t n = 0;
    int ok = 1;
    if (fs->m[ki].s) {
        int rc = merged_kids(st, &fs->m[ki], fs, k, id, &n, &ok);
        if (rc != STORE_OK) return rc;
    } else {
        int64_t lo = 0, hi = 0, count = 0;
        if (k->span) {
            sqlite3_stmt *q = st_stmt(st, k->span);
            if (!q) return STORE_ERR;
            sqlite3_bind_int64(q, 1, id);
            int qrc = sqlite3_step(q);
            if (qrc == SQLITE_ROW) {
                lo = sqlite3_column_int64(q, 0);
                hi = sqlite3_column_int64(q, 1);
                count = sqlite3_column_int64(q, 2);
            }
            st_done(q);
            if (qrc != SQLITE_ROW)
                return st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验记录");
        }
        /* by range when at most a few other rows lie between */
        bool range = k->span && count > 0 && hi - lo < 2 * count + 8;
        sqlite3_stmt *s = st_stmt(st, range ? k->range : k->sql);
        if (!s) return STORE_ERR;
        sqlite3_bind_int64(s, 1, id);
        if (range) {
            sqlite3_bind_int64(s, 2, lo);
            sqlite3_bind_int64(s, 3, hi);
        }
        int src, kind = -1;
        while ((src = sqlite3_step(s)) == SQLITE_ROW)
            if (!kid_add(fs, s, 0, k, &n, &kind)) {
                ok = 0;
                break;
            }
        int rc = src == SQLITE_ROW || src == SQLITE_DONE
                     ? STORE_OK
                     : st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验记录");
        st_done(s);
        if (rc != STORE_OK) return rc;
    }
    if (!ok) return 0;
    if (n > 1) qsort(fs->rows, n, sizeof *fs->rows, kid_cmp);
    b_put(&fs->json, ",\"", 2);
    b_add(&fs->json, k->key);
    b_put(&fs->json, "\":[", 3);
    for (size_t i = 0; i < n; i++) {
        if (i) b_put(&fs->json, ",", 1);
        b_put(&fs->json, fs->kids.p + fs->rows[i].off, fs->rows[i].len);
    }
    b_put(&fs->json, "]", 1);
    return 1;
}

/* The JSON of the fast statement's current row into fs->json: 1, 0 (left to SQL), <0 error. */
static int put_row(struct store *st, struct fast_state *fs, const struct fast_table *f,
                   sqlite3_stmt *s)
{
    fs->json.n = 0;
    b_put(&fs->json, "{", 1);
    if (!put_members(&fs->json, s, 3, f->keys)) return 0;
    for (int k = 0; k < f->nkids; k++) {
        int rc = put_kids(st, fs, k, &f->kids[k], sqlite3_column_int64(s, 0));
        if (rc <= 0) return rc;
    }
    b_put(&fs->json, "}", 1);
    return 1;
}

/* Whether the newest value of the row is byte for byte fs->json (false: ask SQL). */
static int same_as_newest(struct store *st, struct fast_state *fs, const char *table,
                          const char *uuid, bool *same)
{
    sqlite3_stmt *n = st_stmt(st,
                              "SELECT new_json FROM history_data WHERE table_name IN " ST_HTABLE("?1")
                              " AND row_uuid IN " ST_HUUID("?2") " AND new_json IS NOT NULL"
                              " ORDER BY id DESC LIMIT 1");
    if (!n) return STORE_ERR;
    sqlite3_bind_text(n, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(n, 2, uuid, -1, SQLITE_STATIC);
    *same = false;
    int src = sqlite3_step(n);
    if (src == SQLITE_ROW) {
        int t = sqlite3_column_type(n, 0);
        if (t == SQLITE_TEXT) {
            size_t len = (size_t)sqlite3_column_bytes(n, 0);
            *same = len == fs->json.n && memcmp(sqlite3_column_text(n, 0), fs->json.p, len) == 0;
        } else if (t == SQLITE_BLOB) {
            size_t len = 0;
            const char *text = st_jz_unpack_buf(table, sqlite3_column_blob(n, 0),
                                                (size_t)sqlite3_column_bytes(n, 0), &len,
                                                &fs->zbuf, &fs->zcap);
            *same = text && len == fs->json.n && memcmp(text, fs->json.p, len) == 0;
        }
    }
    int rc = src == SQLITE_ROW || src == SQLITE_DONE
                 ? STORE_OK
                 : st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验记录");
    st_done(n);
    return rc;
}

/* Branch ?1's span (fast_table.span) when its rows lie close together (at most a few others
 * between): 1 and lo, hi; 0 when not; <0 an error. */
static int dense_span(struct store *st, const struct fast_table *f, int64_t branch_id,
                      int64_t *lo, int64_t *hi)
{
    sqlite3_stmt *q = st_stmt(st, f->span);
    if (!q) return STORE_ERR;
    sqlite3_bind_int64(q, 1, branch_id);
    int qrc = sqlite3_step(q), dense = 0;
    if (qrc == SQLITE_ROW && sqlite3_column_type(q, 0) == SQLITE_INTEGER) {
        *lo = sqlite3_column_int64(q, 0);
        *hi = sqlite3_column_int64(q, 1);
        int64_t count = sqlite3_column_int64(q, 2);
        dense = count > 0 && *hi - *lo < 2 * count + 64;
    }
    st_done(q);
    if (qrc != SQLITE_ROW) return st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验记录");
    return dense;
}

static int fast_rows(struct store *st, int ti, const struct fast_table *f, int64_t branch_id,
                     bool one, bool by_id, int64_t *nrows, const struct st_row_known *known,
                     st_row_differs_fn differs, void *ctx)
{
    int64_t lo = 0, hi = 0;
    int dense = 0;
    /* a branch's rows by id, their children read beside them: only where the table is by its
     * own branch_id and the order of the rows does not matter (the caller sorts by id) */
    if (by_id && one && f->span && strcmp(st_journaled[ti].branch, "zt_.branch_id") == 0 &&
        (dense = dense_span(st, f, branch_id, &lo, &hi)) < 0)
        return dense;
    sqlite3_stmt *s = st_stmt(st, dense ? fast_range_sql(ti, f) : fast_sql(ti, f, one));
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    if (dense) {
        sqlite3_bind_int64(s, 2, lo);
        sqlite3_bind_int64(s, 3, hi);
    }
    struct fast_state fs = {0};
    int rc = STORE_OK, src = SQLITE_DONE;
    /* the children read beside the rows: a branch's by the id range (dense, only for one
     * branch), or every branch's (all); one branch's otherwise by look-ups */
    for (int k = 0; k < f->nkids && k < 2 && (dense || !one) && rc == STORE_OK; k++) {
        const char *sql = dense ? f->kids[k].between : f->kids[k].all;
        if (!sql) continue;
        struct merge *m = &fs.m[k];
        if (!(m->s = st_stmt(st, sql))) {
            rc = STORE_ERR;
            break;
        }
        if (dense) {
            sqlite3_bind_int64(m->s, 1, lo);
            sqlite3_bind_int64(m->s, 2, hi);
        }
        int mrc = sqlite3_step(m->s);
        m->have = mrc == SQLITE_ROW;
        if (mrc != SQLITE_ROW && mrc != SQLITE_DONE)
            rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验记录");
    }
    while (rc == STORE_OK && (src = sqlite3_step(s)) == SQLITE_ROW) {
        (*nrows)++;
        int64_t id = sqlite3_column_int64(s, 0);
        const unsigned char *u = sqlite3_column_text(s, 1);
        const char *uuid = u ? (const char *)u : "";
        int built = put_row(st, &fs, f, s);
        if (built < 0) {
            rc = built;
            break;
        }
        bool same = false;
        if (built && known)
            same = sqlite3_column_type(s, 1) == SQLITE_TEXT &&
                   known->same(known->ctx, ti, uuid, (size_t)sqlite3_column_bytes(s, 1),
                               fs.json.p, fs.json.n);
        else if (built && (rc = same_as_newest(st, &fs, f->table, uuid, &same)) != STORE_OK)
            break;
        if (!same &&
            (rc = sql_one(st, ti, id, uuid, sqlite3_column_int64(s, 2), differs, ctx)) != STORE_OK)
            break;
    }
    if (rc == STORE_OK && src != SQLITE_DONE)
        rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验记录");
    st_done(s);
    for (int k = 0; k < 2; k++)
        if (fs.m[k].s) st_done(fs.m[k].s);
    free(fs.json.p);
    free(fs.kids.p);
    free(fs.rows);
    free(fs.zbuf);
    return rc;
}

/* The SQL path's JSON, each row known or else checked by sql_one. */
static int known_rows(struct store *st, int ti, int64_t branch_id, int64_t *nrows,
                      const struct st_row_known *known, st_row_differs_fn differs, void *ctx)
{
    const char *sql = known_sql(ti, true);
    sqlite3_stmt *s = sql ? st_stmt(st, sql) : NULL;
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    int src, rc = STORE_OK;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        (*nrows)++;
        const unsigned char *u = sqlite3_column_text(s, 0);
        const char *json = (const char *)sqlite3_column_text(s, 2);
        if (json && sqlite3_column_type(s, 0) == SQLITE_TEXT &&
            known->same(known->ctx, ti, (const char *)u, (size_t)sqlite3_column_bytes(s, 0), json,
                        (size_t)sqlite3_column_bytes(s, 2)))
            continue;
        rc = sql_one(st, ti, sqlite3_column_int64(s, 3), u ? (const char *)u : "",
                     sqlite3_column_int64(s, 1), differs, ctx);
        if (rc != STORE_OK) break;
    }
    if (rc == STORE_OK && src != SQLITE_DONE)
        rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验记录");
    st_done(s);
    return rc;
}

void st_rows_build(int ti, bool one_branch)
{
    const struct fast_table *f = ti >= 0 && ti < MAX_TABLES ? fast_of(st_journaled[ti].table) : NULL;
    (void)st_branch_where(ti, one_branch);
    (void)table_sql(ti, one_branch);
    (void)known_sql(ti, one_branch);
    (void)rest_sql(ti);
    (void)one_sql(ti);
    if (f) (void)fast_sql(ti, f, one_branch);
    if (f && f->span) (void)fast_range_sql(ti, f);
}

int st_rows_check(struct store *st, int ti, int64_t branch_id, int64_t *nrows,
                  st_row_differs_fn differs, void *ctx)
{
    const struct fast_table *f = ti < MAX_TABLES ? fast_of(st_journaled[ti].table) : NULL;
    if (f) return fast_rows(st, ti, f, branch_id, branch_id != 0, false, nrows, NULL, differs, ctx);
    return sql_rows(st, ti, branch_id, nrows, differs, ctx);
}

int st_rows_check_known(struct store *st, int ti, int64_t branch_id, bool by_id, int64_t *nrows,
                        const struct st_row_known *known, st_row_differs_fn differs, void *ctx)
{
    const struct fast_table *f = ti < MAX_TABLES ? fast_of(st_journaled[ti].table) : NULL;
    if (f) return fast_rows(st, ti, f, branch_id, true, by_id, nrows, known, differs, ctx);
    return known_rows(st, ti, branch_id, nrows, known, differs, ctx);
}

int st_rows_check_rest(struct store *st, int ti, bool (*walked)(void *wctx, int64_t branch),
                       void *wctx, int64_t *nrows, st_row_differs_fn differs, void *ctx)
{
    const char *sql = rest_sql(ti);
    sqlite3_stmt *s = sql ? st_stmt(st, sql) : NULL;
    if (!s) return STORE_ERR;
    int src, rc = STORE_OK;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        /* compared with their chain: an integer branch walked (= ?1 selected them there) */
        if (sqlite3_column_type(s, 2) == SQLITE_INTEGER &&
            walked(wctx, sqlite3_column_int64(s, 2)))
            continue;
        (*nrows)++;
        const unsigned char *u = sqlite3_column_text(s, 1);
        rc = sql_one(st, ti, sqlite3_column_int64(s, 0), u ? (const char *)u : "",
                     sqlite3_column_int64(s, 2), differs, ctx);
        if (rc != STORE_OK) break;
    }
    if (rc == STORE_OK && src != SQLITE_DONE)
        rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验记录");
    st_done(s);
    return rc;
}

char *st_rows_fast_json(struct store *st, const char *table, int64_t row_id)
{
    const struct fast_table *f = fast_of(table);
    int ti = -1;
    for (int i = 0; f && i < st_njournaled && ti < 0; i++)
        if (strcmp(st_journaled[i].table, table) == 0) ti = i;
    if (ti < 0 || ti >= MAX_TABLES) return NULL;
    /* the fast statement for every row, this one picked out (test use only) */
    sqlite3_stmt *s = st_stmt(st, fast_sql(ti, f, false));
    if (!s) return NULL;
    sqlite3_bind_int64(s, 1, 0);
    struct fast_state fs = {0};
    char *out = NULL;
    while (sqlite3_step(s) == SQLITE_ROW) {
        if (sqlite3_column_int64(s, 0) != row_id) continue;
        if (put_row(st, &fs, f, s) == 1) out = xstrdup(fs.json.p);
        break;
    }
    st_done(s);
    free(fs.json.p);
    free(fs.kids.p);
    free(fs.rows);
    free(fs.zbuf);
    return out;
}
