/* journal_codec.h — the journal's JSON stored compressed (journal_codec.c). */
#ifndef ZHIBU_JOURNAL_CODEC_H
#define ZHIBU_JOURNAL_CODEC_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

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
/* Bind json (NULL: SQL NULL) at idx, packed when it pays. */
int st_jz_bind(sqlite3_stmt *s, int idx, const char *table, const char *json);
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

#endif
