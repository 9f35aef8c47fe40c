/* journal_priv.h — what journal.c and journal_verify.c share; private to them. */
#ifndef ZHIBU_JOURNAL_PRIV_H
#define ZHIBU_JOURNAL_PRIV_H

#include "journal_codec.h"
#include "store_priv.h"

#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>

/* The journaled tables (journal.c). */
struct journaled {
    const char *table;     /* its label: LEDGER_TABLES (core/labels.c) */
    const char *json_sql;  /* store_json.h: bound with ?1 = the row id */
    const char *branch;    /* the row's branch (alias zt_) */
};
extern const struct journaled st_journaled[];
extern const int st_njournaled;

#define ENTRY_COLS                                                                             \
    "SELECT h.id, " JZ_UUID_TEXT("h.uuid") ", " JZ_TABLE_TEXT("h.table_name") ", " JZ_UUID_TEXT("h.row_uuid") ", "                     \
    JZ_ACTION_TEXT("h.action") ", " JZ_TIME_TEXT("h.changed_at") ", h.changed_by,"            \
    " zj(h.table_name, h.old_json), zj(h.table_name, h.new_json), h.branch_id, " JZ_PREV_TEXT \
    ", " JZ_HEX("h.hash") " FROM history_data h"

#define HASH_HEX (crypto_hash_sha256_BYTES * 2 + 1)

/* ---- chains: branch id -> the newest hash (open addressing, grows) ---- */

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

const char *st_action_label(const char *action);
struct chain *st_chain_find(struct chains *c, int64_t branch, bool *fresh);
void st_entry_hash(sqlite3_stmt *s, int64_t branch, const char *prev, char out[HASH_HEX]);
const char *st_missing_sql(bool one_branch);
const char *st_rows_sql(bool one_branch);
/* The whole database's rows the journal holds a value for that their table does not, as
 * st_missing_sql(false) finds them and in its order, by a merge of index scans
 * (journal_missing.c): found(ctx, table index, row uuid, branch, newest entry with a value).
 * SQLITE_DONE or the error. */
typedef void (*st_missing_fn)(void *ctx, int ti, const char *uuid, int64_t branch, int64_t entry);
int st_missing_merge(sqlite3 *db, st_missing_fn found, void *ctx);
/* The same for one branch, as st_missing_sql(true) finds them and in its order, its chain read
 * once (journal_missing.c). SQLITE_DONE or the error. */
int st_missing_branch(sqlite3 *db, int64_t branch_id, st_missing_fn found, void *ctx);
/* verify's check of derived data (journal_derived.c): report(ctx, branch, member uuid, year)
 * for each member and year whose dues_paid_year sums are not those of its allocations. */
typedef void (*st_derived_fn)(void *ctx, int64_t branch, const char *member_uuid, int year);
int st_verify_derived(struct store *st, int64_t branch_id, st_derived_fn report, void *ctx);
/* The condition on zt_ that selects table i's rows of branch ?1 (journal.c). */
const char *st_branch_where(int i, bool one_branch);
bool st_same_text(const unsigned char *a, const unsigned char *b);
int st_sodium_ready(struct store *st);
const char *st_table_label(const char *table);
/* After a whole-database verify: "verify:<branch>" = "ok|bad <when>" for every branch and 0,
 * bad for those in bad[0..nbad) (journal_status.c). */
void st_verify_remember(struct store *st, const int64_t *bad, size_t nbad);

#endif
