/* journal_codec.h — the journal's JSON stored compressed (journal_codec.c). */
#ifndef ZHIBU_JOURNAL_CODEC_H
#define ZHIBU_JOURNAL_CODEC_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

/* One table's preset dictionary (journal_dict.c; frozen). */
struct jz_dict {
    const char *table;
    int len;
    const char *bytes;
};
extern const struct jz_dict st_jz_dicts[];
extern const int st_jz_ndicts;

/* json (n bytes) of an entry of table packed: a heap blob into *out (its size *outn) and 1, or
 * 0 when it is kept as text (no dictionary for the table, or packing would not pay). */
int st_jz_pack(const char *table, const char *json, size_t n, unsigned char **out, size_t *outn);
/* A packed value back to its text: heap, NUL-terminated, *outn bytes; NULL when it is not a
 * valid packed value of that table (corrupt). */
char *st_jz_unpack(const char *table, const void *blob, size_t n, size_t *outn);
/* The same into *buf (heap, grown as needed; *cap its size): *buf, or NULL as above (*buf
 * stays the caller's to free either way). */
const char *st_jz_unpack_buf(const char *table, const void *blob, size_t n, size_t *outn,
                             char **buf, size_t *cap);
/* Bind json (NULL: SQL NULL) at idx, packed when it pays (as text while st_jz_plain). */
int st_jz_bind(sqlite3_stmt *s, int idx, const char *table, const char *json);
/* The demo's bulk only (meeting_demo.c): while on, st_jz_bind and zj_pack() keep every value as
 * text (what the journal's readers read as it is), so that its entries are packed once, when
 * they are moved into the file, and never unpacked and packed again before. Main thread. */
void st_jz_plain(bool on);
/* Whether st_jz_plain is on. */
bool st_jz_is_plain(void);
/* A hash as history_data keeps it: hex (64 lower-case digits) to its 32 bytes into out: 32, 0
 * for "" (the first entry's prev_hash), -1 for anything else (kept as text). */
int st_jz_hash_bin(const char *hex, unsigned char out[32]);
/* Bind a hash (hex) as stored: a blob of 32 bytes (or 0 for ""), text when it is not a hash. */
int st_jz_bind_hash(sqlite3_stmt *s, int idx, const char *hex);
/* Hex of a stored hash column (blob or text) as SQL: readers of history_data. */
#define JZ_HEX(col) "CASE WHEN typeof(" col ") = 'blob' THEN lower(hex(" col ")) ELSE " col " END"
/* The SQL functions of the journal on a connection: zj(table, v) (text of a stored value),
 * zj_pack(table, text) and sqlar_uncompress(data, size) (what the view history uses, as the
 * sqlite3 shell defines it). */
int st_jz_sql_functions(sqlite3 *db);
/* After SCHEMA_V10: the dictionaries into history_dict, and every journal value still stored
 * as text (history and journal_import) packed. Inside the migration's transaction. */
int st_journal_compact(struct store *st);

/* Schema 10, part journal (schema.c SCHEMA_V10): history is rebuilt as history_data, where
 * old_json and new_json are kept packed (journal_codec.c: deflate with the table's
 * dictionary; text when packing does not pay
 * or for entries written by hand), and history becomes a view that shows them as text, as
 * before (the sqlite3 shell has sqlar_uncompress; zhibu defines it too), with triggers that
 * write through it (what is written through the view is kept as text). The uuid of an
 * entry loses its UNIQUE index: nothing looks an entry up by it. history_dict holds each
 * table's dictionary as the head of a zlib stream. st_journal_compact() (the migration's
 * hook, same transaction) creates the view and its triggers, fills history_dict and
 * packs the entries copied here. */
#define SCHEMA_V10_JOURNAL \
    "CREATE TABLE history_dict (" \
    "  table_name TEXT PRIMARY KEY," \
    "  head BLOB NOT NULL," \
    "  dict_len INTEGER NOT NULL" \
    ") WITHOUT ROWID;" \
    "CREATE TABLE history_data (" \
    "  id INTEGER PRIMARY KEY," \
    "  uuid TEXT NOT NULL," \
    "  table_name TEXT NOT NULL," \
    "  row_uuid TEXT NOT NULL," \
    "  action TEXT NOT NULL," \
    "  changed_at TEXT NOT NULL," \
    "  changed_by TEXT NOT NULL," \
    "  old_json,"  /* text, or a blob packed by journal_codec.c */ \
    "  new_json," \
    "  branch_id INTEGER," \
    "  prev_hash TEXT," \
    "  hash TEXT" \
    ");" \
    /* rebuilds history: every entry copied as it is (packed later by st_journal_compact) */ \
    "INSERT INTO history_data(id, uuid, table_name, row_uuid, action, changed_at, changed_by," \
    "  old_json, new_json, branch_id, prev_hash, hash)" \
    "  SELECT id, uuid, table_name, row_uuid, action, changed_at, changed_by, old_json, new_json," \
    "  branch_id, prev_hash, hash FROM history ORDER BY id;" \
    "DROP TABLE history;" \
    "CREATE INDEX history_row ON history_data(table_name, row_uuid);" \
    "CREATE INDEX history_chain ON history_data(branch_id, id);" \
    "CREATE INDEX history_unsealed ON history_data(id) WHERE hash IS NULL;"

/* ---- schema 14: the entry's uuid, action, time and previous hash (journal_form.c) ---- */

/* Encoders: 1 (or the code) when the text is canonical and its compact form filled in, else 0
 * (the value is kept as text). n: the text's length in bytes. */
int st_jz_uuid_bin(const char *s, size_t n, unsigned char out[16]);
void st_jz_uuid_text(const unsigned char b[16], char out[37]);
int st_jz_action_code(const char *s, size_t n);
const char *st_jz_action_name(int64_t code);
int st_jz_time_int(const char *s, size_t n, int64_t *out);
bool st_jz_time_text(int64_t t, char out[21]);
/* zj_uuid(v), zj_action(v), zj_time(v), zj_table(v) on a connection: v in its compact form when
 * it has one, else as it is (writers and the upgrade); zj_uuid_text(v), zj_table_text(v): a
 * stored row uuid or table as its text (as JZ_UUID_TEXT, JZ_TABLE_TEXT: zhibu's statements). */
int st_jz_form_functions(sqlite3 *db);

/* ---- schema 14: the entry's table as a code (journal_form.c) ---- */

/* Frozen: the tables zhibu journals and their codes, stored in history_data.table_name (append
 * only: the codes are in the files). A name not in this list stays text. */
#define JZ_TABLES(X) \
    X(1, "branch") \
    X(2, "party_group") \
    X(3, "member") \
    X(4, "meeting") \
    X(5, "meeting_plan") \
    X(6, "dues_basis") \
    X(7, "dues_adjust") \
    X(8, "dues_payment") \
    X(9, "member_mobile") \
    X(10, "mobile_contact") \
    X(11, "member_transfer") \
    X(12, "post") \
    X(13, "post_holding") \
    X(14, "post_report") \
    X(15, "post_review") \
    X(16, "post_excuse") \
    X(17, "audit_verdict") \
    X(18, "rectification") \
    X(19, "handin") \
    X(20, "app_user") \
    X(21, "amend_request") \
    X(22, "office_key") \
    X(23, "office_peer") \
    X(24, "probation_decision") \
    X(25, "station") \
    X(26, "township") \
    X(27, "township_branch") \
    X(28, "district_office") \
    X(29, "district_verdict") \
    X(30, "spot_check") \
    X(31, "candidate") \
    X(32, "candidate_step") \
    X(33, "appraisal_result") \
    X(34, "committee_term") \
    X(35, "office_term") \
    X(36, "dues_remittance") \
    X(37, "office")
#define JZ_T_DEC_(n, s) " WHEN " #n " THEN '" s "'"
#define JZ_T_ENC_(n, s) " WHEN '" s "' THEN " #n
/* The text of a stored table_name (built-in SQL: the sqlite3 shell reads it). */
#define JZ_TABLE_TEXT(c)                                                                       \
    "CASE WHEN typeof(" c ") = 'integer' THEN CASE " c JZ_TABLES(JZ_T_DEC_) " ELSE " c " END"  \
    " ELSE " c " END"
/* A table name as stored when written through the view (built-in SQL): its code when it is one
 * of JZ_TABLES, any other text as it is, other types as their text (as a TEXT column kept them). */
#define JZ_TABLE_ENC(x)                                                                        \
    "CASE WHEN typeof(" x ") = 'text' THEN CASE " x JZ_TABLES(JZ_T_ENC_) " ELSE " x " END"     \
    " ELSE CAST(" x " AS TEXT) END"
/* The code of a table name (n bytes), 0 when it has none; the name of a code, NULL when none. */
int st_jz_table_code(const char *s, size_t n);
const char *st_jz_table_name(int64_t code);

/* The text of a stored value as SQL (built-in functions only: the sqlite3 shell reads them). */
#define JZ_UUID_TEXT(c)                                                                        \
    "CASE WHEN typeof(" c ") = 'blob' AND length(" c ") = 16 THEN lower(substr(hex(" c "), 1, 8) || '-' ||"          \
    " substr(hex(" c "), 9, 4) || '-' || substr(hex(" c "), 13, 4) || '-' ||"                   \
    " substr(hex(" c "), 17, 4) || '-' || substr(hex(" c "), 21)) ELSE " c " END"
#define JZ_ACTION_TEXT(c)                                                                      \
    "CASE WHEN typeof(" c ") = 'integer' THEN CASE " c " WHEN 1 THEN 'insert' WHEN 2 THEN"     \
    " 'update' WHEN 3 THEN 'void' WHEN 4 THEN 'leave' WHEN 5 THEN 'baseline' WHEN 6 THEN 'end'" \
    " WHEN 7 THEN 'notice' WHEN 8 THEN 'fulfil' WHEN 9 THEN 'full' WHEN 10 THEN 'mobile'"      \
    " WHEN 11 THEN 'transfer_in' WHEN 12 THEN 'transfer_out' WHEN 13 THEN 'reopen' WHEN 14"    \
    " THEN 'import' WHEN 15 THEN 'login' WHEN 16 THEN 'login_failed' WHEN 17 THEN 'locked'"     \
    " WHEN 18 THEN 'passwd' WHEN 19 THEN 'disable' WHEN 20 THEN 'enable' WHEN 21 THEN"         \
    " 'disqualify' WHEN 22 THEN 'station' WHEN 23 THEN 'learn_key' WHEN 24 THEN 'delete' END"   \
    " ELSE " c " END"
#define JZ_TIME_TEXT(c)                                                                        \
    "CASE WHEN typeof(" c ") = 'integer' AND " c " BETWEEN 0 AND 253402300799 THEN strftime('%Y-%m-%dT%H:%M:%SZ', " c ","           \
    " 'unixepoch') ELSE " c " END"
/* prev_hash of entry h (an alias of history_data): stored as the integer 0 when it is the hash
 * of the previous sealed entry of h's chain (branch_id, id order; '' for the first), which is
 * then read from there (history_chain); any other value as JZ_HEX. (Not NULL: NULL on a sealed
 * entry already meant "no previous hash", which verify reports; it stays what it was.) */
#define JZ_PREV_TEXT                                                                           \
    "CASE WHEN typeof(h.prev_hash) = 'integer' THEN ifnull((SELECT " JZ_HEX("p.hash")          \
    " FROM history_data p WHERE p.branch_id = h.branch_id AND p.id < h.id"                     \
    " AND p.hash IS NOT NULL ORDER BY p.id DESC LIMIT 1), '') ELSE " JZ_HEX("h.prev_hash") " END"
/* After SCHEMA_V14_JOURNAL: history_data rebuilt in these forms (when its changed_at column is
 * still TEXT), the view history and its triggers made again. Inside the step's transaction;
 * tick(ctx) once per entry copied. */
int st_journal_v14(struct store *st, void (*tick)(void *ctx), void *ctx);

/* Schema 14, part journal: the rebuild is st_journal_v14 (migrate.c migrate_v14_journal), which
 * leaves a history_data already in shape as it is. */
#define SCHEMA_V14_JOURNAL "SELECT 14;"

#endif
