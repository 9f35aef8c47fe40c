/* store_priv.h — what the files of src/store/ share: the handle, the statement cache and the
 * small helpers around sqlite3. Private to src/store/ (never included from elsewhere). */
#ifndef ZHIBU_STORE_PRIV_H
#define ZHIBU_STORE_PRIV_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zhibu/store.h"
#include "zhibu/store_auth.h"

/* A cached statement (st_stmt) and the SQL text it was prepared from. */
struct st_cached {
    const char *sql;
    sqlite3_stmt *s;
};

struct store {
    sqlite3 *db;
    char *path;
    char user[64];
    char err[1024];                /* store_open's callers hold 1024 bytes */
    struct store_error error;      /* store_error: set by st_fail (and st_sqlfail's details) */
    char err_what[128], err_table[64], err_field[64];
    char last_backup[1024];
    int tx_depth;
    struct store_session session;  /* who writes (store_auth.h); role SYSTEM until store_login */
    bool logged_in;                /* store_login succeeded: the session is fixed for good */
    int64_t seal_from;             /* the first history id this transaction wrote (0: none):
                                      only entries from there on are sealed, so a row slipped
                                      into history behind the store's back stays unsealed */
    bool amend_active;             /* store_amend_begin: writes to locked months allowed */
    char amend_reason[2048];       /* up to 500 characters (UTF-8: up to 4 bytes each) */
    struct store_conflict conflict; /* the last STORE_ERR_CHANGED (store_conflict) */
    struct st_cached *cache;       /* st_stmt: open addressing by the SQL text's address */
    size_t cache_cap, cache_n;     /* slots (0 or a power of two) and statements held */
    enum store_access mode;        /* STORE_READ_ONLY, STORE_DISK_FULL: every write refused */
    bool disk_full;                /* the last failure was a full disk (st_sqlfail) */
    int unrecorded;                /* user.c: failed logins this handle could not record */
    bool immutable;                /* opened as file:PATH?immutable=1 (nothing can write there) */
    bool demo_bulk;                /* store_demo_bulk_begin: a new demo file, no journal */
    bool demo_bulk_undone;         /* a savepoint was rolled back while demo_bulk (not undone) */
    struct st_roster *roster;      /* meeting_list.c: the demo's roster cache (st_roster_watch) */
    bool seal_into_main;           /* the demo's seal of temp.history_data: each entry written
                                    * sealed into main.history_data (journal.c seal_write) */
    char office_day[11];           /* term_db.c store_member_set_office: the day of the office
                                      change the member update records ("" = today) */
};

/* meeting_list.c: on, the expected lists of the demo's bulk read from a copy of the branch's
 * roster, dropped at any change of member, office_term or party_group (an update hook); off
 * (the bulk's end, store_close), the copy freed and the hook removed. */
void st_roster_watch(struct store *st, bool on);

/* The cached statement of sql (prepared the first time), reset and with its bindings cleared;
 * NULL on a prepare failure (message in st->err). The cache is keyed by the text's address, so
 * sql must be a constant that lives as long as the process (a literal, a macro's literal, a
 * static table's entry or a static buffer built once) — never text built in a buffer that
 * changes or is freed: prepare such a statement with sqlite3_prepare_v2 and finalize it. Kept
 * until st_stmt_clear (a disconnect) or store_close. */
sqlite3_stmt *st_stmt(struct store *st, const char *sql);
/* Finalize every cached statement and empty the cache (before the connection closes). */
void st_stmt_clear(struct store *st);
/* Reset a statement after use so that it holds no read transaction. */
void st_done(sqlite3_stmt *s);

/* The message of a write refused because of where the file is: "只读文件：不能保存", or the
 * full disk's sentence (ST_MSG_DISK_FULL). */
#define ST_MSG_READ_ONLY "只读文件：不能保存"
#define ST_MSG_DISK_FULL "磁盘已满，未保存；已保存的内容没有丢失"
/* Whether the last failure on st came from the disk being full or the file being read-only:
 * what was refused was only a record of something (a login's bookkeeping), not data. */
bool st_write_impossible(const struct store *st, int rc);
/* A second connection for reading the same database from another thread (audit.c), opened as
 * the handle's own was (read-only; without locks where nothing can write). SQLite's code. */
int st_open_reader(const struct store *st, sqlite3 **db);
/* A zhibu database file opened to be checked, never written (backup.c): read-only, without
 * log files made beside it. Refused (err, a Chinese sentence naming the file) when it is
 * missing (STORE_ERR_NOT_FOUND), not a file, empty, cut short, not SQLite, not zhibu's
 * (STORE_ERR_NOT_SQLITE) or newer than this program (STORE_ERR_TOO_NEW); *version: its schema. */
int st_open_check(const char *path, struct store **out, int *version, char *err, size_t errsz);
/* The handle's connection closed (its log merged when it was the last), and opened again on the
 * file at its path (read-only: every write refused), for restoring under an open handle. */
void st_disconnect(struct store *st);
int st_reconnect(struct store *st, bool read_only);
/* The folder part of a path ("." when none; heap). */
char *st_dir_of(const char *path);
/* backup.c: the database of src copied with the backup API into a new file dest (0600; one
 * there already is replaced only when replace), as a single file in rollback-journal mode,
 * synced. SQLITE_OK, else an SQLite code (*why: a short Chinese reason). Backups, the file kept
 * before a restore, and the backup written before a migration. */
int st_copy_db(sqlite3 *src, const char *dest, bool replace, const char **why);
/* st_copy_db told how far it has come: tick(ctx, pages done, pages in all) after each chunk. */
typedef void (*st_copy_tick)(void *ctx, long long done, long long total);
int st_copy_db_progress(sqlite3 *src, const char *dest, bool replace, const char **why,
                        st_copy_tick tick, void *ctx);
/* user.c: the SQL functions USER_JSON uses, registered on each connection. */
int st_user_sql_functions(sqlite3 *db);
/* meeting_search.c: zb_trigram_has, the check behind a meeting search, on each connection. */
int st_meeting_sql_functions(sqlite3 *db);
/* meeting_search.c: the index's query for a search text q of 3+ characters: some of its
 * trigrams (each as a quoted string) joined by AND, a superset of the records holding q that
 * zb_trigram_has narrows; heap, NULL when the tokenizer failed. */
char *st_meeting_fts_terms(sqlite3 *db, const char *q);
/* meeting_search.c: whether q (well-formed UTF-8) is only of characters without case (Chinese,
 * digits, punctuation): zb_trigram_has then needs no index, it compares q's bytes. */
bool st_meeting_query_caseless(const char *q);
/* user.c, inside a transaction, once per database (meta "journal_user" = "2"): for every
 * account whose newest history entry still holds the password hash and differs from the row
 * only by it, an entry "baseline" with the row as it is now journaled (old entries are kept:
 * they are evidence; no new entry holds a hash). */
int st_user_json_baseline(struct store *st);
/* user.c, for verify: whether an account's JSON as now journaled (json) is what its newest
 * entry from before issue 13 (newest, holding pw_hash) says — the same row, the password's
 * mark being that of the hash. So a ledger that could not be upgraded (read-only) verifies. */
bool st_user_json_legacy_match(struct store *st, const char *json, const char *newest);

/* A month of the public API as the store's "YYYY-MM" text: STORE_OK with out set, or a month
 * that is not zmonth_valid refused (STORE_ERR_CONSTRAINT, "月份格式应为 YYYY-MM"). */
int st_month_text(struct store *st, struct zmonth m, char out[ZMONTH_STR_LEN]);
/* Set the handle's message; returns rc. */
int st_fail(struct store *st, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Record rc as the last failure (store_error) with the message now in st->err and nothing
 * known of what failed (st_fail does this; for code that writes st->err itself). */
void st_error_set(struct store *st, int rc);
/* The last failure kept aside while a best-effort step may fail, and put back. */
struct st_err_saved {
    char err[1024], what[128], table[64], field[64];
    struct store_error error;
};
void st_err_keep(const struct store *st, struct st_err_saved *k);
void st_err_restore(struct store *st, const struct st_err_saved *k);
/* Map an SQLite result code (from a step on st->db) to an enum store_rc with a Chinese
 * message; what names the operation ("保存党员"), used in the generic message. */
int st_sqlfail(struct store *st, int sqlrc, const char *what);

/* count(*) from a cached statement without parameters; -1 on failure (message in st->err). */
int st_count(struct store *st, const char *sql);

/* Roll back the current (inner) transaction level keeping the message of the failure;
 * returns rc. */
int st_abort(struct store *st, int rc);

/* The branch of group id, or 0 when there is no such group. */
int64_t st_group_branch(struct store *st, int64_t id);

/* Bind helpers: NULL text binds ''; an id of 0 binds NULL. */
int st_bind_text(sqlite3_stmt *s, int idx, const char *text);
int st_bind_id(sqlite3_stmt *s, int idx, int64_t id);
/* A new row's stamps: a fresh uuid into uuid (bound at uuid_idx), the time now into now (bound at
 * now_idx) and the session's user (bound at now_idx + 1) — the created_at, created_by pair of
 * every insert. The buffers must live until the statement is stepped. */
void st_bind_stamps(struct store *st, sqlite3_stmt *s, int uuid_idx, char uuid[UUID_STR_LEN],
                    int now_idx, char now[24]);
/* Copy column col (text, NULL = "") into dst of size dstsz without splitting a character. */
void st_col_text(sqlite3_stmt *s, int col, char *dst, size_t dstsz);

/* Insert a history row for table/row_uuid with the old values taken by the cached statement
 * old_sql (bound with ?1 = row id; its single column is the JSON text, may be NULL when the
 * action is an insert) and the new values by new_sql. Call inside a transaction, before and
 * after the change: st_history_begin returns the history row id to complete (or <0 rc). */
int64_t st_history_begin(struct store *st, const char *table, const char *row_uuid,
                         const char *action, const char *old_sql,
                         int64_t row_id);
int st_history_finish(struct store *st, int64_t hist_id,
                      const char *new_sql, int64_t row_id);
/* An inserted row's entry: st_history_begin ("insert", no old JSON) and st_history_finish in one
 * (history.c; one write of the entry in the demo's bulk). The entry's id or <0 rc. */
int64_t st_history_insert_whole(struct store *st, const char *table, const char *row_uuid,
                                const char *new_sql, int64_t row_id);
/* No-op saves (issue 14): an update whose row equals the stored one writes nothing.
 * st_history_same: 1 when history entry hist_id's old and new JSON are the same apart from
 * updated_at (the caller then rolls its transaction back), 0 when not, <0 an rc.
 * st_update_probe, inside the caller's transaction and before its lock check: runs write(st,
 * ctx) — the row's UPDATE and its children — in a savepoint that is rolled back, and says
 * whether the row's JSON (json_sql, ?1 = row_id) would stay the same apart from
 * updated_at: 1 same, 0 changed, <0 an rc (write's own). */
int st_history_same(struct store *st, int64_t hist_id);
int st_update_probe(struct store *st, const char *json_sql, int64_t row_id,
                    int (*write)(struct store *st, void *ctx), void *ctx);

/* Member changes made outside member.c (转正, mobile, transfers) share member.c's history: a
 * history row of table "member" with `action` and the whole row as JSON before and after.
 * st_member_change_begin opens an (inner) transaction and the history row, returning its id
 * (or <0 rc, nothing left open; STORE_ERR_NOT_FOUND when there is no such member); the caller
 * then changes the row and calls st_member_change_finish, which completes the history and
 * commits — or, on a failure in between, st_abort(st, rc). */
int64_t st_member_change_begin(struct store *st, int64_t member_id, const char *action);
int st_member_change_finish(struct store *st, int64_t hist_id, int64_t member_id);
/* ---- dues facts, shared by dues.c (one branch or member) and audit.c (every branch) ---- */
/* The fact queries; each returns member_id first and is ordered by member (`where` follows
 * "member_id "). Allocations of voided payments do not count. */
#define BASES_SQL(where)                                                                       \
    "SELECT member_id, from_month, category, base_fen FROM dues_basis WHERE member_id " where  \
    " ORDER BY member_id, from_month"
#define ADJUSTS_SQL(where)                                                                     \
    "SELECT member_id, from_month, to_month, kind, amount FROM dues_adjust WHERE member_id "   \
    where " AND voided_at IS NULL ORDER BY member_id, from_month"
#define PAID_SQL(where)                                                                        \
    "SELECT p.member_id, a.month, a.amount FROM dues_payment p"                                \
    " JOIN dues_allocation a ON a.payment_id = p.id WHERE p.member_id " where                  \
    " AND p.voided_at IS NULL"
/* posts.c: a member leaves the roster on `date` — every post holding still held ends that day
 * (never before its claim) with `reason`, each with its history "end". Inside the caller's
 * transaction; the 公示 and coverage follow from the ended holdings. */
/* term_db.c: the office history kept in step with member.office, inside the caller's
 * transaction, before member.office is written: member_id's office becomes `office` ("" =
 * none) on `day` (NULL or "": today). Nothing when the office does not change. The first change
 * of a member without history closes the implicit span from "" (before the ledger) to day. */
int st_office_sync(struct store *st, int64_t member_id, const char *office, const char *day);
int st_holdings_end_for_member(struct store *st, int64_t member_id, const char *date,
                               const char *reason);

/* The dues start (branch.c; issue 12, hole 1): set branch id's dues_start to month ("YYYY-MM")
 * with a history entry "update" of the branch — inside the caller's transaction, after its
 * checks (store_dues_start_set). After an upgrade from version 6 or 7 (inside a transaction):
 * for every branch whose row differs from the newest journal value only by the key dues_start
 * (the column copied from meta), an entry "baseline" holding the row as it stands; any other
 * difference (a change made behind zhibu's back before the upgrade) is left for verify. */
int st_branch_set_dues_start(struct store *st, int64_t id, const char *uuid, const char *month);
/* journal.c: after a migration added journaled columns to table, an entry "baseline" holding
 * the row as it stands for every row whose newest journal value differs from it only by the
 * new keys (newest_sql: ?1 = row uuid, ?2 = the row's JSON now → 1 when only those keys
 * differ); any other difference (a change made behind zhibu's back) is left for verify.
 * rows_sql lists (id, uuid); old_sql / new_sql as st_history_begin / st_history_finish. */
struct journal_baseline {
    const char *table;
    const char *rows_sql, *newest_sql, *old_sql, *new_sql;
};
int st_journal_baseline_new_keys(struct store *st, const struct journal_baseline *b);
int st_branch_dues_start_baseline(struct store *st);
/* group.c: a ledger from before schema 9 — the group's JSON gained start_date and end_date
 * (filled by the migration); a baseline entry for each group where that is the only
 * difference from its newest journal entry. */
int st_group_dates_baseline(struct store *st);
/* dues.c: the months of branch_id with a verdict in from..to-1 (ym; none when to <= from), in
 * order (heap array in *months, free it); and those a move of the start from old_start to
 * new_start ("YYYY-MM"; old "" or NULL = none set, then the first paid month, else this month)
 * takes out of the count — for exchange.c, which marks them 审后修改 on import. */
int st_dues_verdict_months(struct store *st, int64_t branch_id, int from, int to,
                           char (**months)[8], size_t *n);
int st_dues_start_dropped(struct store *st, int64_t branch_id, const char *old_start,
                          const char *new_start, char (**months)[8], size_t *n);

/* store_member_add with the history action named (store_member_add: "insert"). */
int st_member_add_as(struct store *st, struct member *m, const char *action);


/* ---- versions (store.c; store.h "versions": two sessions at one ledger) ----
 * The version of a row: the id of its newest history entry (0: none; < 0: an rc). As an SQL
 * expression for a row's read (uuid_col: the row's uuid column, e.g. "m.uuid"). */
int64_t st_row_version(struct store *st, const char *table, const char *row_uuid);
/* Tests only (plan_log.c): with ZHIBU_TEST_PLANS set, db's statements on the journal and their
 * plans logged there. */
void st_plan_log(sqlite3 *db);
#define ST_VERSION_SQL(table, uuid_col)                                                        \
    "max((SELECT ifnull(max(zvh_.id), 0) FROM history_data zvh_ WHERE zvh_.table_name IN "     \
    ST_HTABLE("'" table "'") " AND zvh_.row_uuid = zj_uuid(" uuid_col ")),"                    \
    " (SELECT ifnull(max(zvh_.id), 0) FROM history_data zvh_ WHERE zvh_.table_name IN "        \
    ST_HTABLE("'" table "'") " AND zvh_.row_uuid = " uuid_col "))"
/* The entries of row uuid (SQL) of table (SQL: a name) in history_data alias a, as a condition
 * the index history_row serves: schema 14 keeps a journaled table's name as its code and a row
 * uuid as its 16 bytes (journal_form.c zj_table, zj_uuid). Readers of the view history select
 * its ids with it. */
#define ST_HROW(a, table, uuid) a ".table_name IN " ST_HTABLE(table) " AND " a ".row_uuid IN " ST_HUUID(uuid)
/* (ST_VERSION_SQL asks the two forms of the uuid apart: an IN list of a column of the outer row
 * is built again for each row.)
 * The same for a table name: its code, and its text (an entry written into history_data by hand:
 * verify must still see it as its row's entry). */
#define ST_HTABLE(table) "(zj_table(" table "), nullif(" table ", zj_table(" table ")))"
/* The forms a row uuid (SQL, text) can have in history_data.row_uuid, as an IN list: its 16
 * bytes when it is canonical (zj_uuid), and its text (written through the view history, whose
 * triggers have only built-in SQL); NULL (no match) in place of a repetition. */
#define ST_HUUID(uuid) "(zj_uuid(" uuid "), nullif(" uuid ", zj_uuid(" uuid ")))"
/* Inside the write's transaction, before the change: STORE_OK when row row_id (row_uuid) of
 * table is still at version `read` (the version the caller read it at); otherwise
 * STORE_ERR_CHANGED with "该记录已被 X 于 HH:MM 修改" and the row as read (from history) and as it
 * is now (json_sql: the table's JSON statement, store_json.h) kept for
 * store_conflict(). The caller rolls its transaction back (st_abort). */
int st_check_version(struct store *st, const char *table, const char *row_uuid, int64_t read,
                     const char *json_sql, int64_t row_id);
/* Keep a conflict (who: a login; changed_at: UTC; the JSONs are taken over, may be NULL) and set
 * the message "该记录已被 X 于 HH:MM 修改"; returns STORE_ERR_CHANGED. A caller with a message of its
 * own sets it afterwards from st->conflict.who and .when. */
int st_conflict(struct store *st, const char *table, const char *who, const char *changed_at,
                char *was_json, char *now_json);
/* st_conflict with who and when of history entry `newest` (the change the caller did not see). */
int st_conflict_at(struct store *st, const char *table, int64_t newest, char *was_json,
                   char *now_json);
/* user.c: a UTC timestamp in local time, "HH:MM" when on the day of now (UTC), else
 * "M月D日 HH:MM" (the text unchanged when it is not a timestamp). */
void st_local_time(const char *utc, const char *now, char *out, size_t outsz);

/* Step a bound write statement once; STORE_OK or the mapped failure. */
int st_step_write(struct store *st, sqlite3_stmt *s, const char *what);

/* ---- row helpers (row.c) ----
 * One row: step s (prepared and bound by the caller; NULL = its prepare failed, the message
 * set): on a row fill(s, out) and STORE_OK; no row: STORE_ERR_NOT_FOUND with the message
 * `missing` (NULL: no message set, the caller says it); a failure: st_sqlfail(what). s is
 * reset. st_get_row binds ?1 = id first. */
typedef void (*st_fill_fn)(sqlite3_stmt *s, void *out);
int st_one_row(struct store *st, sqlite3_stmt *s, st_fill_fn fill, void *out, const char *missing,
               const char *what);
int st_get_row(struct store *st, sqlite3_stmt *s, int64_t id, st_fill_fn fill, void *out,
               const char *missing, const char *what);
/* st_step_write with a failure said by fail(st, sqlrc, ctx) (the file's own sentences: a
 * missing parent, a duplicate name; it ends in st_sqlfail for the rest). */
typedef int (*st_write_fail_fn)(struct store *st, int sqlrc, const void *ctx);
int st_step_write_as(struct store *st, sqlite3_stmt *s, st_write_fail_fn fail, const void *ctx);
/* A reason (or another required text) trimmed into dst (dstsz bytes): STORE_OK, or
 * STORE_ERR_CONSTRAINT with empty_msg when empty (NULL: may be empty), "<label>过长" when it
 * does not fit (label NULL: cut to fit, never inside a character); dst "" on a refusal. */
int st_check_reason(struct store *st, char *dst, size_t dstsz, const char *text,
                    const char *empty_msg, const char *label);
/* Voiding a row (a table with voided_at, void_reason; voided_by where it has one): the row as
 * its caller read it, and how the table is voided. st_void_row: the edit permission on
 * branch_id, voided_msg when it is void already, check(st, ctx), the reason (st_check_reason:
 * reason_empty, default "作废须填写原因"; within reason_max bytes, "<reason_label>过长" (label
 * default 作废原因; reason_max 0 = REASON_MAX_BYTES)), then in a transaction: the version (when versioned), the locked month (month; NULL =
 * none), history "void", void_sql (?1 id, ?2 now, ?3 user, ?4 reason; a failure said as
 * st_sqlfail(what)), after(st, ctx), commit. */
/* The longest void reason a row may carry to another office, with its NUL: core/row_rules.c
 * checks void_reason within 511 bytes on import (a longer one saved here would make the branch's
 * bundle refused). */
#define REASON_MAX_BYTES 512
struct st_void {
    const char *table;
    const char *json_sql, *void_sql;
    const char *what;          /* the update's operation: "作废会议记录" */
    const char *voided_msg;    /* "该记录已作废"; NULL: not refused */
    const char *reason_empty, *reason_label;
    size_t reason_max;
    int64_t id, branch_id;
    const char *uuid;
    const char *month;
    bool voided, versioned;
    int64_t version;
    int (*check)(struct store *st, void *ctx);
    int (*after)(struct store *st, void *ctx);
    void *ctx;
};
int st_void_row(struct store *st, const struct st_void *v, const char *reason);
/* office.c: the office's key pair, made once (created: by this open, else on a database made by
 * an older zhibu; test_clock: a database being created for tests or the demo), its public
 * fields journaled ("insert", or "baseline" on an upgraded database). */
int st_office_ensure(struct store *st, bool created, bool test_clock);
/* office.c: msg signed with the office's secret key (crypto_sign_detached), which is read only
 * there and wiped after use. */
#define ST_OFFICE_SIG_BYTES 64
int st_office_sign(struct store *st, const unsigned char *msg, size_t len,
                   unsigned char sig[ST_OFFICE_SIG_BYTES]);
/* office.c: register the office that signed m as branch_id's office of role ("ledger",
 * "reviewer"), or replace the one registered (journaled: insert or update of office_peer).
 * Inside the import's transaction. */
struct bundle_manifest;
int st_office_register(struct store *st, const struct bundle_manifest *m, int64_t branch_id,
                       const char *role);
/* bundle.c: sign the manifest of the bundle file open as bdb (inside a transaction of that
 * file) with this office's key: office_public_key and office_fingerprint set to this office's,
 * then signature over the canonical text of every other row (store_exchange.h). Also used by
 * the test tool tests/tools/forge.c to re-sign a changed bundle. */
int st_bundle_sign(struct store *st, sqlite3 *bdb);
/* After an insert has been stepped: the history row "insert" of table for the new rowid;
 * returns the rowid (or < 0, an enum store_rc). */
int64_t st_insert_history(struct store *st, const char *table, const char *uuid,
                          const char *json_sql);


/* ---- permissions and locked months (auth.c) ----
 * Each write function calls one of these first, with the branch the row belongs to (for an
 * update: the branch it belongs to now; for a move between branches: both). STORE_OK, or
 * STORE_ERR_DENIED with a Chinese sentence naming what the role may not do. */
int st_require_edit(struct store *st, int64_t branch_id);   /* the ledger of branch_id */
int st_require_review(struct store *st, int64_t branch_id); /* verdicts, orders on branch_id */
int st_require_admin(struct store *st);                     /* users, branches, settings */
int st_require_district(struct store *st, int64_t branch_id); /* 复审, 督查 on branch_id */
bool st_at_district(struct store *st);                      /* meta office_kind 'district' */
/* Whether branch_id is sent by a township of station station_id (township_branch); branch_id 0:
 * whether any branch is. */
bool st_in_station(struct store *st, int64_t branch_id, int64_t station_id);
/* A write to row row_uuid of table in branch_id that touches month (a "YYYY-MM" or a date
 * "YYYY-MM-DD"; "" or NULL = none). When that month of the branch has a verdict: with an amend
 * reason active (store_amend_begin), records the amend row and returns STORE_OK; otherwise
 * STORE_ERR_LOCKED. Call inside the write's transaction, before the change (row_uuid may be ""
 * for a row not yet inserted: then pass the uuid about to be used). */
int st_check_lock(struct store *st, int64_t branch_id, const char *month, const char *table,
                  const char *row_uuid);
/* The branch of member id; 0 when there is no such member. */
int64_t st_member_branch(struct store *st, int64_t member_id);

/* ---- the journal (journal.c) ----
 * Seal the entries written in this transaction (hash chain per branch). store_commit calls it
 * just before the outermost COMMIT; a failure rolls the whole transaction back. */
int st_journal_seal(struct store *st);
/* After upgrading a database from before version 6 (inside a transaction): for every journaled
 * row whose current value differs from the newest value in history (or that has none), append
 * an entry "baseline" holding the row as it stands; older entries stay as they are and are
 * sealed into the chain in their order. */
int st_journal_baseline(struct store *st);
/* For exchange.c: whether table is journaled (has a JSON in the registry), and the JSON of its
 * row row_id as history records it (heap; NULL when there is no such row or table). */
bool st_journal_has(const char *table);
char *st_journal_json(struct store *st, const char *table, int64_t row_id);
/* For exchange.c's check of a bundle against its own journal: the JSON statement of table
 * (store_json.h) with every ?1 replaced by id_expr, as a scalar subquery's text (heap; NULL
 * when the table is not journaled); and an entry's hash as the seal computes it, from a
 * statement whose columns 0..8 are id, uuid, table_name, row_uuid, action, changed_at,
 * changed_by, old_json, new_json (STORE_OK, or STORE_ERR when libsodium cannot start). */
char *st_journal_json_expr(const char *table, const char *id_expr);
int st_journal_entry_hash(struct store *st, sqlite3_stmt *s, int64_t branch, const char *prev,
                          char out[65]);
/* For bundle.c: record a journal head this office sent or received (journal_head; direction
 * "sent" or "received", office the office whose chain it is); the same head (branch, office,
 * entry, hash) is recorded once. Nothing is recorded for an empty hash or entry 0. */
int st_journal_head_record(struct store *st, int64_t branch_id, const char *direction,
                           const char *office, int64_t entry, const char *hash,
                           const char *bundle_uuid);

/* store_util.c: uuids counting up in their first 48 bits (the demo's bulk) or random (off). */
void st_uuid_sequential(bool on);

#endif
