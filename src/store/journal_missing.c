/* journal_missing.c — verify's deleted-rows check on a whole database: the rows the journal holds
 * a value for that their table does not (issue 17).
 *
 * st_missing_sql (journal.c) asks this per table with GROUP BY row_uuid over history_row and a
 * NOT EXISTS look-up in the table per group; "new_json IS NOT NULL" in its WHERE reads every
 * entry of the journal by id in row_uuid order, one random page of history_data per entry (on
 * the ten-year district about 10 s of CPU, most of it in the kernel copying pages).
 *
 * Here the same question is a merge of two scans in uuid order that read indexes only: the
 * journal's (table_name, row_uuid) index and the table's uuid index. Only a uuid the table does
 * not hold (a deleted row: rare) reads its entries, with the statement's own condition: its
 * newest entry with a new_json, its branch. The findings are those of the statement, in its
 * order (per table in st_journaled's order, by row_uuid as GROUP BY walks the index).
 *
 * The merge compares uuids as BINARY text (memcmp, then length), as the index orders them. A
 * table or a journal whose uuids are not all text (a blob written by hand: it sorts after
 * every text, and = compares it by type) is left to the statement's own part for that table. */
#include "journal_priv.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/util.h"

static int text_cmp(const void *a, size_t an, const void *b, size_t bn)
{
    int c = memcmp(a, b, an < bn ? an : bn);
    if (c) return c;
    return an < bn ? -1 : an > bn;
}

static int prep(sqlite3 *db, sqlite3_stmt **s, const char *sql, const char *table)
{
    int rc = sqlite3_prepare_v2(db, sql, -1, s, NULL);
    if (rc == SQLITE_OK && table) rc = sqlite3_bind_text(*s, 1, table, -1, SQLITE_STATIC);
    return rc;
}

/* Whether the first and last value of the one-column statement sql (ordered ASC then DESC by
 * that column) are of type `type` (text, or blob) or absent: then every value is (NULL and
 * numbers sort before text, blobs after it). SQLITE_OK and *all_text, or the error. */
static int ends_type(sqlite3 *db, const char *asc, const char *desc, const char *table,
                     int type, bool *all_text)
{
    *all_text = true;
    const char *q[2] = {asc, desc};
    for (int i = 0; i < 2 && *all_text; i++) {
        sqlite3_stmt *s = NULL;
        int rc = prep(db, &s, q[i], table);
        if (rc == SQLITE_OK) {
            rc = sqlite3_step(s);
            if (rc == SQLITE_ROW) *all_text = sqlite3_column_type(s, 0) == type;
            rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
        }
        sqlite3_finalize(s);
        if (rc != SQLITE_OK) return rc;
    }
    return SQLITE_OK;
}

/* The statement's part for table ti (st_missing_sql's, whole database). */
static int by_sql(sqlite3 *db, int ti, st_missing_fn found, void *ctx)
{
    const char *t = st_journaled[ti].table;
    char *sql = xasprintf("SELECT " JZ_UUID_TEXT("h.row_uuid") ", h.branch_id, max(h.id)"
                            " FROM history_data h"
                            " WHERE h.table_name IN " ST_HTABLE("?1") " AND h.new_json IS NOT NULL"
                            " GROUP BY " JZ_UUID_TEXT("h.row_uuid") " HAVING NOT EXISTS (SELECT 1 FROM %s zt_"
                            " WHERE zt_.uuid = " JZ_UUID_TEXT("h.row_uuid") ")",
                            t);
    sqlite3_stmt *s = NULL;
    int rc = prep(db, &s, sql, t);
    free(sql);
    if (rc == SQLITE_OK) {
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            const unsigned char *u = sqlite3_column_text(s, 0);
            found(ctx, ti, u ? (const char *)u : "", sqlite3_column_int64(s, 1),
                  sqlite3_column_int64(s, 2));
        }
    }
    sqlite3_finalize(s);
    return rc;
}

/* A uuid the table does not hold: its newest entry with a value, if any, is reported. */
static int report_gone(sqlite3_stmt *q, int ti, const char *uuid, size_t n, st_missing_fn found,
                       void *ctx)
{
    sqlite3_reset(q);
    sqlite3_bind_text(q, 2, uuid, (int)n, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        found(ctx, ti, uuid, sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1));
        rc = SQLITE_DONE;
    }
    sqlite3_reset(q);
    return rc;
}

/* The merge for table ti: SQLITE_DONE, or the error. */
static int merge_table(sqlite3 *db, int ti, st_missing_fn found, void *ctx)
{
    const char *t = st_journaled[ti].table;
    bool text_a, text_b, blob_a = false;
    static const char FIRST[] = "SELECT row_uuid FROM history_data WHERE table_name = zj_table(?1)"
                                " ORDER BY row_uuid LIMIT 1",
                      LAST[] = "SELECT row_uuid FROM history_data WHERE table_name = zj_table(?1)"
                               " ORDER BY row_uuid DESC LIMIT 1";
    int rc = ends_type(db, FIRST, LAST, t, SQLITE_TEXT, &text_a);
    /* schema 14: every row uuid kept as its 16 bytes (canonical: their order is that of their
     * text, as lower-case hex), and none of another length (written by hand) */
    if (rc == SQLITE_OK && !text_a) rc = ends_type(db, FIRST, LAST, t, SQLITE_BLOB, &blob_a);
    if (rc == SQLITE_OK && (text_a || blob_a)) {
        /* an entry of the table under its name as text (written by hand): not in the scan */
        sqlite3_stmt *o = NULL;
        rc = prep(db, &o,
                  "SELECT 1 FROM history_data WHERE table_name = ?1 AND zj_table(?1) <> ?1"
                  " LIMIT 1", t);
        if (rc == SQLITE_OK) rc = sqlite3_step(o);
        if (rc == SQLITE_ROW) text_a = blob_a = false;
        if (rc == SQLITE_ROW || rc == SQLITE_DONE) rc = SQLITE_OK;
        sqlite3_finalize(o);
    }
    if (rc == SQLITE_OK && blob_a) {
        sqlite3_stmt *o = NULL;
        rc = prep(db, &o,
                  "SELECT 1 FROM history_data WHERE table_name = zj_table(?1)"
                  " AND length(row_uuid) <> 16 LIMIT 1", t);
        if (rc == SQLITE_OK) rc = sqlite3_step(o);
        if (rc == SQLITE_ROW) blob_a = false;
        if (rc == SQLITE_ROW || rc == SQLITE_DONE) rc = SQLITE_OK;
        sqlite3_finalize(o);
    }
    char *asc = xasprintf("SELECT uuid FROM %s ORDER BY uuid", t);
    char *first = xasprintf("SELECT uuid FROM %s ORDER BY uuid LIMIT 1", t);
    char *last = xasprintf("SELECT uuid FROM %s ORDER BY uuid DESC LIMIT 1", t);
    if (rc == SQLITE_OK) rc = ends_type(db, first, last, NULL, SQLITE_TEXT, &text_b);
    free(first);
    free(last);
    if (rc != SQLITE_OK || !(text_a || blob_a) || !text_b) {
        free(asc);
        return rc != SQLITE_OK ? rc : by_sql(db, ti, found, ctx);
    }
    sqlite3_stmt *a = NULL, *b = NULL, *q = NULL;
    rc = prep(db, &a,
              "SELECT row_uuid FROM history_data WHERE table_name = zj_table(?1) ORDER BY row_uuid", t);
    if (rc == SQLITE_OK) rc = prep(db, &b, asc, NULL);
    if (rc == SQLITE_OK)
        rc = prep(db, &q,
                  "SELECT branch_id, id FROM history_data WHERE table_name IN " ST_HTABLE("?1")
                  " AND row_uuid IN " ST_HUUID("?2") " AND new_json IS NOT NULL"
                  " ORDER BY id DESC LIMIT 1",
                  t);
    free(asc);
    char *cur = NULL;      /* the group's uuid */
    size_t curn = 0, curcap = 0;
    int brc = SQLITE_OK;   /* b: SQLITE_ROW on a row */
    bool bstarted = false;
    while (rc == SQLITE_OK && (rc = sqlite3_step(a)) == SQLITE_ROW) {
        const void *u = sqlite3_column_blob(a, 0);
        size_t n = (size_t)sqlite3_column_bytes(a, 0);
        char text[37];
        if (sqlite3_column_type(a, 0) != (blob_a ? SQLITE_BLOB : SQLITE_TEXT) ||
            (blob_a && n != 16)) { /* written since the check above */
            rc = SQLITE_MISMATCH;
            break;
        }
        if (blob_a) {
            st_jz_uuid_text(u, text);
            u = text;
            n = 36;
        }
        if (cur && text_cmp(cur, curn, u, n) == 0) {
            rc = SQLITE_OK;
            continue; /* the same row's entries */
        }
        if (n + 1 > curcap) {
            curcap = n + 64;
            cur = xrealloc(cur, curcap);
        }
        memcpy(cur, u, n);
        cur[n] = '\0';
        curn = n;
        if (!bstarted) {
            brc = sqlite3_step(b);
            bstarted = true;
        }
        int c = -1;
        while (brc == SQLITE_ROW &&
               (c = text_cmp(sqlite3_column_blob(b, 0), (size_t)sqlite3_column_bytes(b, 0), cur,
                             curn)) < 0)
            brc = sqlite3_step(b);
        if (brc != SQLITE_ROW && brc != SQLITE_DONE) {
            rc = brc;
            break;
        }
        rc = SQLITE_OK;
        if (brc == SQLITE_ROW && c == 0) continue;
        int grc = report_gone(q, ti, cur, curn, found, ctx);
        if (grc != SQLITE_DONE) rc = grc;
    }
    sqlite3_finalize(a);
    sqlite3_finalize(b);
    sqlite3_finalize(q);
    free(cur);
    return rc == SQLITE_OK ? SQLITE_DONE : rc;
}

int st_missing_merge(sqlite3 *db, st_missing_fn found, void *ctx)
{
    for (int ti = 0; ti < st_njournaled; ti++) {
        int rc = merge_table(db, ti, found, ctx);
        if (rc != SQLITE_DONE) return rc;
    }
    return SQLITE_DONE;
}

/* ---- one branch ---------------------------------------------------------------------------
 * st_missing_sql(true) asks per table, each time reading every entry of the branch's chain (on
 * the largest ten-year branch, 11,000 entries read some 30 times: 100 ms of a bundle's
 * export). st_missing_branch reads the chain's entries once (the table's index in
 * st_journaled, the row's uuid as text, the entry), groups them here as the statement groups
 * them (by table, then by the uuid's text in BINARY order, NULL first; the newest entry), and
 * looks each row up in its table once. A uuid that is neither text nor NULL (written by hand)
 * leaves the whole question to the statement. */

struct gone_key {
    int ti;
    char *uuid;            /* NULL: the entry's uuid is NULL */
    size_t n;
    int64_t id;
};

static int gone_cmp(const void *a, const void *b)
{
    const struct gone_key *x = a, *y = b;
    if (x->ti != y->ti) return x->ti < y->ti ? -1 : 1;
    if (!x->uuid || !y->uuid) {
        int c = (x->uuid != NULL) - (y->uuid != NULL);
        if (c) return c;
    } else {
        int c = text_cmp(x->uuid, x->n, y->uuid, y->n);
        if (c) return c;
    }
    return x->id > y->id ? -1 : x->id < y->id; /* the newest first */
}

/* The statement: ti, the uuid's text, id of the branch ?1's entries with a value. */
static char *branch_entries_sql(void)
{
    size_t cap = 4096, len = 0;
    char *q = xmalloc(cap);
    q[0] = '\0';
    for (int pass = 0; pass <= st_njournaled + 1; pass++) {
        char *part;
        if (pass == 0) part = xasprintf("SELECT CASE");
        else if (pass <= st_njournaled)
            part = xasprintf(" WHEN +h.table_name IN (zj_table('%s'), '%s') THEN %d",
                             st_journaled[pass - 1].table, st_journaled[pass - 1].table, pass - 1);
        else
            part = xasprintf(" END, " JZ_UUID_TEXT("h.row_uuid") ", h.id FROM history_data h"
                             " WHERE h.branch_id = ?1 AND h.new_json IS NOT NULL");
        size_t n = strlen(part);
        if (len + n + 1 > cap) {
            while (len + n + 1 > cap) cap *= 2;
            q = xrealloc(q, cap);
        }
        memcpy(q + len, part, n + 1);
        len += n;
        free(part);
    }
    return q;
}

int st_missing_branch(sqlite3 *db, int64_t branch_id, st_missing_fn found, void *ctx)
{
    char *sql = branch_entries_sql();
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
    free(sql);
    struct gone_key *k = NULL;
    size_t n = 0, cap = 0;
    bool by_statement = false;
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(s, 1, branch_id);
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            if (sqlite3_column_type(s, 0) == SQLITE_NULL) continue; /* not a journaled table */
            int ty = sqlite3_column_type(s, 1);
            if (ty != SQLITE_TEXT && ty != SQLITE_NULL) {
                by_statement = true;
                continue;
            }
            if (n == cap) {
                cap = cap ? cap * 2 : 1024;
                k = xrealloc(k, cap * sizeof *k);
            }
            struct gone_key *e = &k[n++];
            e->ti = sqlite3_column_int(s, 0);
            e->id = sqlite3_column_int64(s, 2);
            e->uuid = NULL;
            e->n = 0;
            if (ty == SQLITE_TEXT) {
                e->n = (size_t)sqlite3_column_bytes(s, 1);
                e->uuid = xmalloc(e->n + 1);
                memcpy(e->uuid, sqlite3_column_text(s, 1), e->n + 1);
            }
        }
        if (rc == SQLITE_DONE) rc = SQLITE_OK;
    }
    sqlite3_finalize(s);
    s = NULL;
    if (rc == SQLITE_OK && !by_statement && n) qsort(k, n, sizeof *k, gone_cmp);
    int cur_ti = -1;
    for (size_t i = 0; rc == SQLITE_OK && !by_statement && i < n; i++) {
        if (i && k[i].ti == k[i - 1].ti && (k[i].uuid == NULL) == (k[i - 1].uuid == NULL) &&
            (!k[i].uuid || text_cmp(k[i].uuid, k[i].n, k[i - 1].uuid, k[i - 1].n) == 0))
            continue; /* the same row: its newest entry came first */
        bool here = false;
        if (k[i].uuid) {
            if (k[i].ti != cur_ti) {
                sqlite3_finalize(s);
                s = NULL;
                char *q = xasprintf("SELECT 1 FROM %s zt_ WHERE zt_.uuid = ?1",
                                    st_journaled[k[i].ti].table);
                rc = sqlite3_prepare_v2(db, q, -1, &s, NULL);
                free(q);
                cur_ti = k[i].ti;
                if (rc != SQLITE_OK) break;
            }
            sqlite3_reset(s);
            sqlite3_bind_text(s, 1, k[i].uuid, (int)k[i].n, SQLITE_STATIC);
            int src = sqlite3_step(s);
            if (src != SQLITE_ROW && src != SQLITE_DONE) {
                rc = src;
                break;
            }
            here = src == SQLITE_ROW;
            sqlite3_reset(s);
        }
        if (!here) found(ctx, k[i].ti, k[i].uuid ? k[i].uuid : "", branch_id, k[i].id);
    }
    sqlite3_finalize(s);
    for (size_t i = 0; i < n; i++) free(k[i].uuid);
    free(k);
    if (rc != SQLITE_OK) return rc;
    if (!by_statement) return SQLITE_DONE;
    /* a uuid of another type: the statement's own answer */
    s = NULL;
    rc = sqlite3_prepare_v2(db, st_missing_sql(true), -1, &s, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(s, 1, branch_id);
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            const unsigned char *u = sqlite3_column_text(s, 1);
            found(ctx, sqlite3_column_int(s, 0), u ? (const char *)u : "",
                  sqlite3_column_int64(s, 2), sqlite3_column_int64(s, 3));
        }
    }
    sqlite3_finalize(s);
    return rc;
}
