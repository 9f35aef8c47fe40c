/* exchange_priv.h — what the files of the exchange share (exchange.c, exchange_schema.c,
 * exchange_check.c, exchange_import.c, exchange_write.c, exchange_image.c); private to them. */
#ifndef ZHIBU_EXCHANGE_PRIV_H
#define ZHIBU_EXCHANGE_PRIV_H

#define SQLITE_ENABLE_SESSION
#define SQLITE_ENABLE_PREUPDATE_HOOK
#include "store_priv.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zhibu/store_exchange.h"

/* ---- what travels (exchange_schema.c) ---- */

enum owner { NOT_IN = 0, OWN_SENDER, OWN_RECEIVER, OWN_NEWER };

struct table_def {
    const char *name;
    const char *filter;      /* the branch's rows: a condition on alias zt_, ?1 = branch id */
    const char *parent_col;  /* rows that are part of their parent's JSON: the parent's column */
    const char *month_col;   /* records of a month (locked by a verdict): the column */
    enum owner ledger, verdicts;
    /* a child row stored without uuid and timestamps (schema 13): the column that with
     * parent_col is its key here; in the exchange its uuid is derived from its parent's uuid
     * and this column's value (st_child_uuid) and its created_at and updated_at are its
     * parent's (NULL: a table whose rows carry their own) */
    const char *key_col;
};
#define JOURNAL "journal"

/* ---- small string builder (exchange.c) ---- */

struct sb {
    char *p;
    size_t len, cap;
};

/* ---- the exchange schema (exchange_schema.c) ---- */

struct xcol {
    char *name;
    char *ref_table;   /* a foreign key: the referenced table (NULL: a plain column) */
    char *ref_to;      /* and its column (id) */
    bool virt;         /* not stored: the parent's column of the same name (keyed tables) */
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
    int key_xcol;                /* keyed tables (def->key_col): exchange column of the key */
    sqlite3_stmt *ins, *upd;     /* on the target */
    struct exchange_table_report *rep;
};

/* the triggers that derive a table, set aside while a new branch is written (exchange_derive.c) */
#define ST_DERIVED 2
/* the names a stage may be attached under (zx_stage0 …) */
#define ST_STAGE_NAMES 4

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

/* a uuid of a row here and its id (struct lookup's memo) */
struct idslot {
    int64_t id;        /* 0: an empty slot */
    char uuid[UUID_STR_LEN];
};

struct lookup {
    char *table;
    sqlite3_stmt *s;   /* SELECT id FROM table WHERE uuid = ?1, on the target */
    struct idslot *memo; /* the rows found or written by this import (open addressing) */
    size_t mcap, mn;
};

struct xctx {
    struct store *st;
    enum exchange_kind kind;
    struct xtab tabs[EXCHANGE_MAX_TABLES];
    int ntabs;
    sqlite3 *stage;                /* the staging database (import) */
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
    bool month_part;               /* a part of a township's month bundle (import at a district):
                                    * the district's own tables are not among the tables */
    int from_version;              /* import: the bundle's schema version (0: this program's) */
    int64_t branch_id;             /* here (0 until a new branch is written) */
    bool every;                    /* st_decide: every staged row is to be added (a branch new
                                    * here) */
    bool deferred[ST_DERIVED];     /* exchange_derive.c: a deriving trigger set aside */
    char *stage_path;              /* the stage's own file while it is made (a branch new here),
                                    * NULL: SQLite's temporary database */
    char attached[16];             /* the stage's name on the target when attached, "" */
    int failed;                    /* a conflict handler failure (enum store_rc) */
    long scanned;                  /* import: the rows st_scan_changeset counted */
    bool jz_seen;                  /* st_scan_fill saw every journal entry as it staged it */
    bool jz_odd;                   /* ... and one had a table name not text, or a text with a NUL
                                    * (st_write_journal_bulk then looks for itself) */
    int jz_tcol;                   /* st_scan_fill: the journal's exchange column table_name */
    sqlite3_stmt *month_s;         /* st_write_history's month of a JSON, on the stage */
    int conflicts;
    /* export: the chunk being made, a changeset written as the rows are read (exchange_db.c) */
    unsigned char *cset;
    size_t cset_len, cset_cap;
    int cset_tab;                  /* the table whose header the chunk wrote last (-1: none) */
    exchange_chunk_fn put;
    void *put_ctx;
    size_t max_rows, max_bytes;    /* a chunk's limits (0: none) */
    size_t chunk_rows, chunk_bytes;
    int nchunks;                   /* chunks handed to put */
};

/* ---- functions of one file used by another ---- */

int st_copy_rows(struct xctx *x, int64_t branch_id, bool here, int *counts);
void st_sb_add(struct sb *b, const char *s);
void st_sb_fmt(struct sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void st_sb_ident(struct sb *b, const char *id);
void st_sb_reset(struct sb *b);
int st_build_schema(struct xctx *x);
/* The uuid by which a keyed table's row (table_def.key_col) travels: derived from table, its
 * parent's uuid and its key's value (a member's uuid, a month), the same in every office. */
void st_child_uuid(const char *table, sqlite3_value *parent, sqlite3_value *key,
                   char out[UUID_STR_LEN]);
/* The same from the text of the parent's uuid and of the key (neither NULL). */
void st_child_uuid_text(const char *table, const void *parent, size_t nparent, const void *key,
                        size_t nkey, char out[UUID_STR_LEN]);
/* Whether table t's rows are keyed by (parent, key) here, without a uuid of their own. */
#define XTAB_KEYED(t) ((t)->def && (t)->def->key_col)
/* While on, exports (store_exchange_export_chunks) leave out the district's own tables: the
 * parts of a township's month bundle (bundle_month.c). */
void st_exchange_month_part(bool on);
int st_create_stage(struct xctx *x);
void st_exchange_ddl(const struct xctx *x, struct sb *b);
uint64_t st_hash_text(const unsigned char *s, int n);
void st_hset_add(struct hset *s, uint64_t h);
bool st_hset_has(const struct hset *s, uint64_t h);
int st_stage_fail(struct xctx *x, const char *what);
void st_xctx_free(struct xctx *x);
int st_xtab_index(const struct xctx *x, const char *name);
int st_check_belonging(struct xctx *x);
int st_import_check_rows(struct xctx *x);
int st_problem(struct xctx *x, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int st_scan_changeset(struct xctx *x, struct exchange_source *src, const char *branch_uuid);
int st_scan_fill(struct xctx *x, struct exchange_source *src, const char *branch_uuid,
                 bool *filled);
int st_src_next(struct xctx *x, struct exchange_source *src, const void **data, size_t *n,
                bool *more);
int st_src_rewind(struct xctx *x, struct exchange_source *src);
int64_t st_id_here(struct xctx *x, const char *table, sqlite3_value *uuid);
void st_id_written(struct xctx *x, const char *table, sqlite3_value *uuid, int64_t id);
void st_id_forget(struct xctx *x);
bool st_in_bundle(const struct xctx *x, sqlite3_value *v);
int st_decide(struct xctx *x);
int st_keep_old_json(struct xctx *x);
int st_prepare_writes(struct xctx *x, struct xtab *t);
void st_insert_head(struct sb *b, const struct xtab *t, const char *schema);
int st_save_states(struct xctx *x);
int st_stage_exec(struct xctx *x, const char *sql, const char *what);
int st_write_history(struct xctx *x, const char *exported_at);
int st_write_journal(struct xctx *x, const char *origin_office);
int st_write_table(struct xctx *x, struct xtab *t, sqlite3_stmt *fwd, bool pass2);
int st_check_journal(struct xctx *x, struct exchange_source *src);
/* Before the first pass of writes: the deriving triggers set aside (only when x->every). After
 * it: the branch's derived rows written and the triggers made again; returns rc or the
 * first failure. */
int st_derive_defer(struct xctx *x);
int st_derive_restore(struct xctx *x, int rc);
/* A file for a stage (mkstemp in $TMPDIR or /tmp), NULL when none can be made. */
char *st_stage_file(void);
/* The stage's file (x->stage_path) attached to the target's connection under a free name
 * (x->attached; left "" when none is free or it fails: the writes then go row by row). */
void st_stage_attach(struct xctx *x);
/* A branch new here: table t's rows written by one statement from the attached stage (*done),
 * or left to st_write_table (*done false). */
int st_write_bulk(struct xctx *x, struct xtab *t, bool *done);
/* A branch new here: the bundle's journal written by one statement from the attached stage
 * (*done), or left to st_write_journal (*done false). */
int st_write_journal_bulk(struct xctx *x, const char *origin_office, bool *done);
/* Every stage attached to st's connection by an import whose transaction has ended detached. */
void st_stage_detach(struct store *st);

#endif
