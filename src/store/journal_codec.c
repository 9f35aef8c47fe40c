/* journal_codec.c — the journal's JSON stored compressed.
 *
 * A journal entry's old_json and new_json are the row's JSON text; the hash of the entry is
 * over that text (journal.c), and it is what history shows. What is stored (history_data) is,
 * when it pays, the text deflated with the table's preset dictionary (journal_dict.c): a
 * meeting's JSON of 2.5 KB takes about 250 bytes, a payment's 290 about 50.
 *
 * The stored blob is the tail of a zlib stream whose head is the dictionary itself as one
 * stored (uncompressed) deflate block: 78 01, 00, LEN, ~LEN, the dictionary. The tail is the
 * raw deflate of the JSON with the dictionary preset (so it refers back into it), then the
 * adler32 of dictionary and JSON together (big-endian). head || tail is an ordinary zlib stream
 * of dictionary || JSON, so the view history reads it with sqlar_uncompress() — a function the
 * sqlite3 shell has built in and zhibu defines the same way — and anyone with the shell can
 * still read and change the journal (and verify still finds every change). The heads are in
 * table history_dict of each database.
 *
 * A value is packed only when the blob is at least 8 bytes shorter than the text and the text is
 * at most 32 times the blob: the view passes dict_len + 32 * length(blob) + 8 as the size
 * bound, which is then never the blob's own length (sqlar_uncompress returns such a value
 * as it is). Everything else stays text, and text is always read as it is: entries written
 * before version 10, by hand, or of a table without a dictionary. */
#include "journal_codec.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "store_priv.h"
#include "zhibu/util.h"

#define JZ_RATIO 32 /* text at most this many times the blob (see above) */
#ifndef JZ_LEVEL
#define JZ_LEVEL 6
#define JZ_WBITS 13 /* an 8 KB window: the dictionaries fit, as much packed as with 32 KB */
#define JZ_MEMLEVEL 6
#endif

static const struct jz_dict *dict_of(const char *table)
{
    if (!table) return NULL;
    static _Thread_local const struct jz_dict *last;
    if (last && strcmp(last->table, table) == 0) return last;
    for (int i = 0; i < st_jz_ndicts; i++)
        if (strcmp(st_jz_dicts[i].table, table) == 0) return last = &st_jz_dicts[i];
    return NULL;
}

/* adler32 of a dictionary (computed once per thread) */
static uLong dict_adler(const struct jz_dict *d)
{
    static _Thread_local uLong a[64];
    static _Thread_local bool have[64];
    int i = (int)(d - st_jz_dicts);
    if (i < 0 || i >= 64) return adler32(adler32(0L, Z_NULL, 0), (const Bytef *)d->bytes, (uInt)d->len);
    if (!have[i]) {
        a[i] = adler32(adler32(0L, Z_NULL, 0), (const Bytef *)d->bytes, (uInt)d->len);
        have[i] = true;
    }
    return a[i];
}

/* ---- packing --------------------------------------------------------------------------- */

/* One deflate and two inflate streams per thread, made on first use and ended when the thread
 * ends (streams_end, through a pthread key whose destructor runs at thread exit: verify's
 * second thread ends after every run; the main thread's are ended by the process's exit). */
static _Thread_local z_stream def;
static _Thread_local int def_state; /* 0 not yet, 1 ready, -1 failed */
static _Thread_local z_stream inf;
static _Thread_local int inf_state;
static _Thread_local z_stream zs;
static _Thread_local int zs_state;
static pthread_key_t streams_key;
static pthread_once_t streams_once = PTHREAD_ONCE_INIT;

static void streams_end(void *unused)
{
    (void)unused;
    if (def_state == 1) deflateEnd(&def);
    if (inf_state == 1) inflateEnd(&inf);
    if (zs_state == 1) inflateEnd(&zs);
    def_state = inf_state = zs_state = 0;
}

static void streams_key_make(void)
{
    (void)pthread_key_create(&streams_key, streams_end);
}

/* A stream of this thread was made: have it ended when the thread ends. */
static void streams_made(void)
{
    pthread_once(&streams_once, streams_key_make);
    (void)pthread_setspecific(streams_key, &def);
}

int st_jz_pack(const char *table, const char *json, size_t n, unsigned char **out, size_t *outn)
{
    const struct jz_dict *d = dict_of(table);
    *out = NULL;
    *outn = 0;
    if (!d || !json || n < 16 || n > 0x7fffffff) return 0;
    if (def_state == 0) {
        def_state = deflateInit2(&def, JZ_LEVEL, Z_DEFLATED, -JZ_WBITS, JZ_MEMLEVEL, Z_DEFAULT_STRATEGY) == Z_OK ? 1 : -1;
        streams_made();
    } else if (def_state == 1)
        deflateReset(&def);
    if (def_state != 1) return 0;
    if (deflateSetDictionary(&def, (const Bytef *)d->bytes, (uInt)d->len) != Z_OK) return 0;
    size_t cap = deflateBound(&def, (uLong)n) + 4;
    unsigned char *buf = xmalloc(cap);
    def.next_in = (Bytef *)(uintptr_t)json;
    def.avail_in = (uInt)n;
    def.next_out = buf;
    def.avail_out = (uInt)(cap - 4);
    int rc = deflate(&def, Z_FINISH);
    size_t len = cap - 4 - def.avail_out;
    if (rc != Z_STREAM_END || len + 4 + 8 > n || n > JZ_RATIO * (len + 4)) {
        free(buf);
        return 0;
    }
    uLong a = adler32(dict_adler(d), (const Bytef *)json, (uInt)n);
    buf[len++] = (unsigned char)(a >> 24);
    buf[len++] = (unsigned char)(a >> 16);
    buf[len++] = (unsigned char)(a >> 8);
    buf[len++] = (unsigned char)a;
    *out = buf;
    *outn = len;
    return 1;
}

/* ---- unpacking ------------------------------------------------------------------------- */

/* Unpack into *buf (grown as needed, *cap its size without the NUL): the text or NULL. */
static char *unpack_into(const char *table, const void *blob, size_t n, size_t *outn,
                         char **buf, size_t *bufcap)
{
    const struct jz_dict *d = dict_of(table);
    if (outn) *outn = 0;
    if (!d || !blob || n < 5 || n > 0x7fffffff) return NULL;
    if (inf_state == 0) {
        inf_state = inflateInit2(&inf, -15) == Z_OK ? 1 : -1;
        streams_made();
    } else if (inf_state == 1) inflateReset(&inf);
    if (inf_state != 1) return NULL;
    if (inflateSetDictionary(&inf, (const Bytef *)d->bytes, (uInt)d->len) != Z_OK) return NULL;
    size_t limit = JZ_RATIO * n, cap = 4 * n + 256;
    if (cap > limit + 1) cap = limit + 1;
    if (*bufcap < cap) {
        *buf = xrealloc(*buf, cap + 1);
        *bufcap = cap;
    } else {
        cap = *bufcap < limit + 1 ? *bufcap : limit + 1;
    }
    char *out = *buf;
    inf.next_in = (Bytef *)(uintptr_t)blob;
    inf.avail_in = (uInt)(n - 4);
    inf.next_out = (Bytef *)out;
    inf.avail_out = (uInt)cap;
    int rc;
    for (;;) {
        rc = inflate(&inf, Z_NO_FLUSH);
        if (rc != Z_OK || inf.avail_out) break;
        size_t have = cap;
        if (cap > limit) break; /* more than the packer ever packs */
        cap *= 2;
        if (cap > limit + 1) cap = limit + 1;
        if (*bufcap < cap) {
            *buf = out = xrealloc(out, cap + 1);
            *bufcap = cap;
        }
        inf.next_out = (Bytef *)out + have;
        inf.avail_out = (uInt)(cap - have);
    }
    size_t len = cap - inf.avail_out;
    const unsigned char *t = (const unsigned char *)blob + n - 4;
    uLong want = (uLong)t[0] << 24 | (uLong)t[1] << 16 | (uLong)t[2] << 8 | t[3];
    if (rc != Z_STREAM_END || inf.avail_in != 0 || len > limit ||
        adler32(dict_adler(d), (const Bytef *)out, (uInt)len) != want)
        return NULL;
    out[len] = '\0';
    if (outn) *outn = len;
    return out;
}

char *st_jz_unpack(const char *table, const void *blob, size_t n, size_t *outn)
{
    char *buf = NULL;
    size_t cap = 0;
    char *t = unpack_into(table, blob, n, outn, &buf, &cap);
    if (!t) free(buf);
    return t;
}

const char *st_jz_unpack_buf(const char *table, const void *blob, size_t n, size_t *outn,
                             char **buf, size_t *cap)
{
    return unpack_into(table, blob, n, outn, buf, cap);
}

static bool jz_plain; /* st_jz_plain */

void st_jz_plain(bool on)
{
    jz_plain = on;
}

bool st_jz_is_plain(void)
{
    return jz_plain;
}

int st_jz_bind(sqlite3_stmt *s, int idx, const char *table, const char *json)
{
    if (!json) return sqlite3_bind_null(s, idx);
    if (jz_plain) return sqlite3_bind_text(s, idx, json, -1, SQLITE_TRANSIENT);
    unsigned char *p;
    size_t n;
    if (st_jz_pack(table, json, strlen(json), &p, &n))
        return sqlite3_bind_blob(s, idx, p, (int)n, free);
    return sqlite3_bind_text(s, idx, json, -1, SQLITE_TRANSIENT);
}

/* ---- SQL functions --------------------------------------------------------------------- */

/* The table of a SQL function's argument: a stored code (schema 14) as its name. */
static const char *table_arg(sqlite3_value *v)
{
    if (sqlite3_value_type(v) == SQLITE_INTEGER) return st_jz_table_name(sqlite3_value_int64(v));
    return (const char *)sqlite3_value_text(v);
}

/* zj(table, v): the text of a stored journal value (a blob that does not unpack: as it is). */
static void zj_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[1]) != SQLITE_BLOB) {
        sqlite3_result_value(ctx, argv[1]);
        return;
    }
    size_t n;
    char *t = st_jz_unpack(table_arg(argv[0]), sqlite3_value_blob(argv[1]),
                           (size_t)sqlite3_value_bytes(argv[1]), &n);
    if (!t) { /* corrupt: the blob as it is, which equals no text (verify names the entry) */
        sqlite3_result_value(ctx, argv[1]);
        return;
    }
    sqlite3_result_text(ctx, t, (int)n, free);
}

/* zj_pack(table, v): v as it is stored. */
static void zj_pack_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[1]) != SQLITE_TEXT || jz_plain) {
        sqlite3_result_value(ctx, argv[1]);
        return;
    }
    unsigned char *p;
    size_t n;
    const char *t = (const char *)sqlite3_value_text(argv[1]);
    if (st_jz_pack(table_arg(argv[0]), t,
                   (size_t)sqlite3_value_bytes(argv[1]), &p, &n))
        sqlite3_result_blob(ctx, p, (int)n, free);
    else
        sqlite3_result_value(ctx, argv[1]);
}

/* zj_unhex(v): a hash as stored, its 32 bytes (hex text of 64 digits, or '' for none); other
 * values as they are. */
static void zj_unhex_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    unsigned char b[32];
    if (sqlite3_value_type(argv[0]) == SQLITE_TEXT &&
        st_jz_hash_bin((const char *)sqlite3_value_text(argv[0]), b) >= 0) {
        int n = sqlite3_value_bytes(argv[0]) ? 32 : 0;
        sqlite3_result_blob(ctx, b, n, SQLITE_TRANSIENT);
        return;
    }
    sqlite3_result_value(ctx, argv[0]);
}

int st_jz_hash_bin(const char *hex, unsigned char out[32])
{
    if (!hex) return -1;
    if (!*hex) return 0;
    if (strlen(hex) != 64) return -1;
    for (int i = 0; i < 32; i++) {
        int v = 0;
        for (int k = 0; k < 2; k++) {
            char c = hex[2 * i + k];
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (d < 0) return -1; /* upper case too: kept as text, as it was */
            v = v * 16 + d;
        }
        out[i] = (unsigned char)v;
    }
    return 32;
}

int st_jz_bind_hash(sqlite3_stmt *s, int idx, const char *hex)
{
    unsigned char b[32];
    int n = st_jz_hash_bin(hex, b);
    if (n < 0) return sqlite3_bind_text(s, idx, hex, -1, SQLITE_TRANSIENT);
    return sqlite3_bind_blob(s, idx, b, n, SQLITE_TRANSIENT);
}

/* sqlar_uncompress(data, size), as the sqlite3 shell defines it: data as it is when size is not
 * positive or is data's own length, else data inflated (zlib) into at most size bytes. */
static void sqlar_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sqlite3_int64 sz = sqlite3_value_int64(argv[1]);
    int n = sqlite3_value_bytes(argv[0]);
    if (sz <= 0 || sz == n || sz > 0x7fffffff) {
        sqlite3_result_value(ctx, argv[0]);
        return;
    }
    const void *data = sqlite3_value_blob(argv[0]);
    uLongf len = (uLongf)sz;
    Bytef *out = sqlite3_malloc64((sqlite3_uint64)sz);
    if (!out) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    /* as uncompress(), with one stream kept per thread (no allocation per value) */
    if (zs_state == 0) {
        zs_state = inflateInit(&zs) == Z_OK ? 1 : -1;
        streams_made();
    } else if (zs_state == 1) inflateReset(&zs);
    int zrc = Z_STREAM_ERROR;
    if (zs_state == 1) {
        zs.next_in = (Bytef *)(uintptr_t)data;
        zs.avail_in = (uInt)n;
        zs.next_out = out;
        zs.avail_out = (uInt)len;
        zrc = inflate(&zs, Z_FINISH);
        len = (uLongf)(zs.next_out - out);
    }
    if (zrc != Z_STREAM_END) {
        sqlite3_free(out);
        sqlite3_result_error(ctx, "error in uncompress()", -1);
        return;
    }
    sqlite3_result_blob(ctx, out, (int)len, sqlite3_free);
}

static int register_all(sqlite3 *db)
{
    const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    int rc = sqlite3_create_function(db, "zj", 2, flags, NULL, zj_fn, NULL, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_create_function(db, "zj_pack", 2, flags, NULL, zj_pack_fn, NULL, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_create_function(db, "zj_unhex", 1, flags, NULL, zj_unhex_fn, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "sqlar_uncompress", 2, flags, NULL, sqlar_fn, NULL, NULL);
    if (rc == SQLITE_OK) rc = st_jz_form_functions(db);
    return rc;
}

static int auto_register(sqlite3 *db, const char **err, const struct sqlite3_api_routines *api)
{
    (void)err;
    (void)api;
    return register_all(db);
}

int st_jz_sql_functions(sqlite3 *db)
{
    /* and on every connection opened after this one in the process (sqlite3_open of a file
     * by other code, tests included), as the sqlite3 shell has sqlar_uncompress on each */
    static int once;
    if (!once) {
        once = 1;
        sqlite3_auto_extension((void (*)(void))auto_register);
    }
    st_plan_log(db); /* tests only: ZHIBU_TEST_PLANS (the store's own connections) */
    return register_all(db);
}

/* ---- upgrading ------------------------------------------------------------------------- */

/* The text of a packed JSON column of h (history_data or journal_import_data) in the views: the
 * table's dictionary (history_dict) as the head of a zlib stream, the stored blob after it. */
#define VIEW_JSON_T(col, table)                                                                \
    "  CASE WHEN typeof(h." col ") = 'blob' THEN (SELECT CAST(substr(sqlar_uncompress(d.head || h." col "," \
    "   d.dict_len + 32 * length(h." col ") + 8), d.dict_len + 1) AS TEXT) FROM history_dict d"    \
    "   WHERE d.table_name = " table ") ELSE h." col " END AS " col ","
#define VIEW_JSON(col) VIEW_JSON_T(col, "h.table_name")
/* The hashes of h in hex (kept as 32-byte blobs); the caller's text goes on after "AS hash". */
#define VIEW_HASHES                                                                            \
    "  CASE WHEN typeof(h.prev_hash) = 'blob' THEN lower(hex(h.prev_hash)) ELSE h.prev_hash END" \
    "   AS prev_hash,"                                                                         \
    "  CASE WHEN typeof(h.hash) = 'blob' THEN lower(hex(h.hash)) ELSE h.hash END AS hash"

/* The view history over history_data (see the top of this file) and the triggers that write
 * through it: what is written through the view is kept as text, and a JSON value left as it
 * was keeps its packed form. */
static const char JOURNAL_VIEW_SQL[] =
    "CREATE VIEW history AS SELECT h.id AS id, h.uuid AS uuid, h.table_name AS table_name,"
    "  h.row_uuid AS row_uuid, h.action AS action, h.changed_at AS changed_at,"
    "  h.changed_by AS changed_by,"
    VIEW_JSON("old_json") VIEW_JSON("new_json")
    "  h.branch_id AS branch_id,"
    VIEW_HASHES
    " FROM history_data h;"
    "CREATE TRIGGER history_insert INSTEAD OF INSERT ON history BEGIN"
    "  INSERT INTO history_data(id, uuid, table_name, row_uuid, action, changed_at, changed_by,"
    "   old_json, new_json, branch_id, prev_hash, hash) VALUES (NEW.id, NEW.uuid, NEW.table_name,"
    "   NEW.row_uuid, NEW.action, NEW.changed_at, NEW.changed_by, NEW.old_json, NEW.new_json,"
    "   NEW.branch_id, NEW.prev_hash, NEW.hash);"
    " END;"
    "CREATE TRIGGER history_update INSTEAD OF UPDATE ON history BEGIN"
    "  UPDATE history_data SET id = NEW.id, uuid = NEW.uuid, table_name = NEW.table_name,"
    "   row_uuid = NEW.row_uuid, action = NEW.action, changed_at = NEW.changed_at,"
    "   changed_by = NEW.changed_by,"
    "   old_json = CASE WHEN NEW.old_json IS OLD.old_json THEN old_json ELSE NEW.old_json END,"
    "   new_json = CASE WHEN NEW.new_json IS OLD.new_json THEN new_json ELSE NEW.new_json END,"
    "   branch_id = NEW.branch_id,"
    "   prev_hash = CASE WHEN NEW.prev_hash IS OLD.prev_hash THEN prev_hash ELSE NEW.prev_hash END,"
    "   hash = CASE WHEN NEW.hash IS OLD.hash THEN hash ELSE NEW.hash END"
    "   WHERE id = OLD.id;"
    " END;"
    "CREATE TRIGGER history_delete INSTEAD OF DELETE ON history BEGIN"
    "  DELETE FROM history_data WHERE id = OLD.id;"
    " END;"
;

/* journal_import the same way (other offices' entries, as they were at the origin): rebuilt as
 * journal_import_data, the view journal_import over it. */
#define IMPORT_COLS_LIST                                                                       \
    "uuid, origin_office, origin_id, origin_branch_id, branch_id, table_name, row_uuid,"        \
    " action, changed_at, changed_by, old_json, new_json, prev_hash, hash, imported_at"
static const char IMPORT_VIEW_SQL[] =
    "CREATE TABLE journal_import_data ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  origin_office TEXT NOT NULL,"
    "  origin_id INTEGER NOT NULL,"
    "  origin_branch_id INTEGER NOT NULL,"
    "  branch_id INTEGER NOT NULL REFERENCES branch(id),"
    "  table_name TEXT NOT NULL,"
    "  row_uuid TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  changed_at TEXT NOT NULL,"
    "  changed_by TEXT NOT NULL,"
    "  old_json,"
    "  new_json,"
    "  prev_hash NOT NULL,"
    "  hash NOT NULL,"
    "  imported_at TEXT NOT NULL"
    ");"
    "INSERT INTO journal_import_data(id, " IMPORT_COLS_LIST ")"
    "  SELECT id, " IMPORT_COLS_LIST " FROM journal_import ORDER BY id;"
    "DROP TABLE journal_import;"
    "CREATE INDEX journal_import_chain ON journal_import_data(branch_id, origin_office, origin_id);"
    "CREATE VIEW journal_import AS SELECT h.id AS id, h.uuid AS uuid,"
    "  h.origin_office AS origin_office, h.origin_id AS origin_id,"
    "  h.origin_branch_id AS origin_branch_id, h.branch_id AS branch_id,"
    "  h.table_name AS table_name, h.row_uuid AS row_uuid, h.action AS action,"
    "  h.changed_at AS changed_at, h.changed_by AS changed_by,"
    VIEW_JSON("old_json") VIEW_JSON("new_json")
    VIEW_HASHES ","
    "  h.imported_at AS imported_at FROM journal_import_data h;"
    "CREATE TRIGGER journal_import_insert INSTEAD OF INSERT ON journal_import BEGIN"
    "  INSERT INTO journal_import_data(id, " IMPORT_COLS_LIST ") VALUES (NEW.id, NEW.uuid,"
    "   NEW.origin_office,"
    "   NEW.origin_id, NEW.origin_branch_id, NEW.branch_id, NEW.table_name, NEW.row_uuid,"
    "   NEW.action, NEW.changed_at, NEW.changed_by, NEW.old_json, NEW.new_json, NEW.prev_hash,"
    "   NEW.hash, NEW.imported_at);"
    " END;"
    "CREATE TRIGGER journal_import_update INSTEAD OF UPDATE ON journal_import BEGIN"
    "  UPDATE journal_import_data SET id = NEW.id, uuid = NEW.uuid,"
    "   origin_office = NEW.origin_office, origin_id = NEW.origin_id,"
    "   origin_branch_id = NEW.origin_branch_id, branch_id = NEW.branch_id,"
    "   table_name = NEW.table_name, row_uuid = NEW.row_uuid, action = NEW.action,"
    "   changed_at = NEW.changed_at, changed_by = NEW.changed_by,"
    "   old_json = CASE WHEN NEW.old_json IS OLD.old_json THEN old_json ELSE NEW.old_json END,"
    "   new_json = CASE WHEN NEW.new_json IS OLD.new_json THEN new_json ELSE NEW.new_json END,"
    "   prev_hash = CASE WHEN NEW.prev_hash IS OLD.prev_hash THEN prev_hash ELSE NEW.prev_hash END,"
    "   hash = CASE WHEN NEW.hash IS OLD.hash THEN hash ELSE NEW.hash END,"
    "   imported_at = NEW.imported_at WHERE id = OLD.id;"
    " END;"
    "CREATE TRIGGER journal_import_delete INSTEAD OF DELETE ON journal_import BEGIN"
    "  DELETE FROM journal_import_data WHERE id = OLD.id;"
    " END;";

int st_journal_compact(struct store *st)
{
    if (sqlite3_exec(st->db, JOURNAL_VIEW_SQL, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(st->db, IMPORT_VIEW_SQL, NULL, NULL, NULL) != SQLITE_OK)
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "升级修改日志");
    sqlite3_stmt *s = st_stmt(st,
                              "INSERT OR REPLACE INTO history_dict(table_name, head, dict_len)"
                              " VALUES (?1, ?2, ?3)");
    if (!s) return STORE_ERR;
    int rc = STORE_OK;
    for (int i = 0; i < st_jz_ndicts && rc == STORE_OK; i++) {
        const struct jz_dict *d = &st_jz_dicts[i];
        size_t n = (size_t)d->len;
        unsigned char *head = xmalloc(n + 7);
        /* zlib header (deflate, 32K window, no preset dictionary), one stored block, not final */
        head[0] = 0x78;
        head[1] = 0x01;
        head[2] = 0x00;
        head[3] = (unsigned char)(n & 0xff);
        head[4] = (unsigned char)(n >> 8);
        head[5] = (unsigned char)(~n & 0xff);
        head[6] = (unsigned char)((~n >> 8) & 0xff);
        memcpy(head + 7, d->bytes, n);
        sqlite3_reset(s);
        st_bind_text(s, 1, d->table);
        sqlite3_bind_blob(s, 2, head, (int)(n + 7), free);
        sqlite3_bind_int(s, 3, d->len);
        rc = st_step_write(st, s, "升级修改日志");
    }
    if (rc != STORE_OK) return rc;
    static const char *const PACK[] = {
        "UPDATE history_data SET old_json = zj_pack(table_name, old_json),"
        " new_json = zj_pack(table_name, new_json), prev_hash = zj_unhex(prev_hash),"
        " hash = zj_unhex(hash) WHERE typeof(old_json) = 'text' OR typeof(new_json) = 'text'"
        " OR typeof(prev_hash) = 'text' OR typeof(hash) = 'text'",
        "UPDATE journal_import_data SET old_json = zj_pack(table_name, old_json),"
        " new_json = zj_pack(table_name, new_json), prev_hash = zj_unhex(prev_hash),"
        " hash = zj_unhex(hash) WHERE typeof(old_json) = 'text' OR typeof(new_json) = 'text'"
        " OR typeof(prev_hash) = 'text' OR typeof(hash) = 'text'",
    };
    for (size_t i = 0; i < sizeof PACK / sizeof PACK[0] && rc == STORE_OK; i++) {
        sqlite3_stmt *u = st_stmt(st, PACK[i]);
        if (!u) return STORE_ERR;
        rc = st_step_write(st, u, "升级修改日志");
    }
    return rc;
}

/* ---- schema 14 ------------------------------------------------------------------------- */

/* A value written through the view into a column without affinity, kept as a TEXT column kept
 * it (numbers as their text), so that it never reads as a compact form; a blob as its bytes. */
#define AS_TEXT(x)                                                                             \
    "CASE WHEN typeof(" x ") IN ('integer', 'real', 'blob') THEN CAST(" x " AS TEXT) ELSE " x " END"
#define AS_HASH(x)                                                                             \
    "CASE WHEN typeof(" x ") IN ('integer', 'real') THEN CAST(" x " AS TEXT) ELSE " x " END"
#define KEEP(col, conv) "CASE WHEN NEW." col " IS OLD." col " THEN " col " ELSE " conv("NEW." col) " END"

/* history_data in the forms of schema 14 (uuid, action, changed_at, prev_hash without
 * affinity: they hold blobs and integers), and the view and triggers over it. */
static const char V14_TABLE_SQL[] =
    "CREATE TABLE history_data_v14 ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid NOT NULL,"        /* 16 bytes, or text */
    "  table_name NOT NULL,"  /* JZ_TABLES' code, or text */
    "  row_uuid NOT NULL,"    /* 16 bytes, or text */
    "  action NOT NULL,"      /* journal_form.c's code, or text */
    "  changed_at NOT NULL,"  /* unix seconds, or text */
    "  changed_by TEXT NOT NULL,"
    "  old_json,"
    "  new_json,"
    "  branch_id INTEGER,"
    "  prev_hash,"            /* 0: the previous entry's hash (JZ_PREV_TEXT); 32 bytes; text */
    "  hash TEXT"
    ");";

/* The triggers keep what the view shows of every other entry: before an entry is inserted,
 * deleted, or given another hash, chain or id through the view, the entry after it in its
 * chain (the old one's and the new one's) gets the previous hash it shows written out, so that
 * it still shows the same text (and verify still names a deleted entry's successor as "its
 * previous entry deleted or changed"). x: "OLD" or "NEW". */
#define NEXT_OF(x)                                                                             \
    "history_data.id = (SELECT min(n.id) FROM history_data n WHERE n.branch_id = " x ".branch_id" \
    " AND n.id > " x ".id AND n.hash IS NOT NULL)"
#define PIN(cond)                                                                              \
    "  UPDATE history_data SET prev_hash = ifnull((SELECT p.hash FROM history_data p"          \
    "   WHERE p.branch_id = history_data.branch_id AND p.id < history_data.id"                 \
    "   AND p.hash IS NOT NULL ORDER BY p.id DESC LIMIT 1), X'')"                              \
    "   WHERE typeof(history_data.prev_hash) = 'integer' AND " cond ";"

static const char V14_VIEW_SQL[] =
    "CREATE VIEW history AS SELECT h.id AS id, " JZ_UUID_TEXT("h.uuid") " AS uuid,"
    "  " JZ_TABLE_TEXT("h.table_name") " AS table_name, " JZ_UUID_TEXT("h.row_uuid") " AS row_uuid,"
    "  " JZ_ACTION_TEXT("h.action") " AS action,"
    "  " JZ_TIME_TEXT("h.changed_at") " AS changed_at, h.changed_by AS changed_by,"
    VIEW_JSON_T("old_json", JZ_TABLE_TEXT("h.table_name"))
    VIEW_JSON_T("new_json", JZ_TABLE_TEXT("h.table_name"))
    "  h.branch_id AS branch_id, " JZ_PREV_TEXT " AS prev_hash,"
    "  CASE WHEN typeof(h.hash) = 'blob' THEN lower(hex(h.hash)) ELSE h.hash END AS hash"
    " FROM history_data h;"
    "CREATE TRIGGER history_insert INSTEAD OF INSERT ON history BEGIN"
    PIN("NEW.hash IS NOT NULL AND " NEXT_OF("NEW"))
    "  INSERT INTO history_data(id, uuid, table_name, row_uuid, action, changed_at, changed_by,"
    "   old_json, new_json, branch_id, prev_hash, hash) VALUES (NEW.id, " AS_TEXT("NEW.uuid") ","
    "   " JZ_TABLE_ENC("NEW.table_name") ", " AS_TEXT("NEW.row_uuid") ", " AS_TEXT("NEW.action") ", " AS_TEXT("NEW.changed_at") ","
    "   NEW.changed_by, NEW.old_json, NEW.new_json, NEW.branch_id, " AS_HASH("NEW.prev_hash") ","
    "   NEW.hash);"
    " END;"
    "CREATE TRIGGER history_update INSTEAD OF UPDATE ON history BEGIN"
    PIN("(NEW.hash IS NOT OLD.hash OR NEW.branch_id IS NOT OLD.branch_id OR NEW.id IS NOT OLD.id)"
        " AND ((OLD.hash IS NOT NULL AND " NEXT_OF("OLD") ") OR (NEW.hash IS NOT NULL AND "
        NEXT_OF("NEW") "))")
    "  UPDATE history_data SET id = NEW.id,"
    "   uuid = " KEEP("uuid", AS_TEXT) ", table_name = " KEEP("table_name", JZ_TABLE_ENC) ","
    "   row_uuid = " KEEP("row_uuid", AS_TEXT) ", action = " KEEP("action", AS_TEXT) ","
    "   changed_at = " KEEP("changed_at", AS_TEXT) ", changed_by = NEW.changed_by,"
    "   old_json = CASE WHEN NEW.old_json IS OLD.old_json THEN old_json ELSE NEW.old_json END,"
    "   new_json = CASE WHEN NEW.new_json IS OLD.new_json THEN new_json ELSE NEW.new_json END,"
    "   branch_id = NEW.branch_id,"
    "   prev_hash = CASE WHEN NEW.prev_hash IS OLD.prev_hash AND NEW.branch_id IS OLD.branch_id"
    "    AND NEW.id IS OLD.id THEN prev_hash ELSE " AS_HASH("NEW.prev_hash") " END,"
    "   hash = CASE WHEN NEW.hash IS OLD.hash THEN hash ELSE NEW.hash END"
    "   WHERE id = OLD.id;"
    " END;"
    "CREATE TRIGGER history_delete INSTEAD OF DELETE ON history BEGIN"
    PIN("OLD.hash IS NOT NULL AND " NEXT_OF("OLD"))
    "  DELETE FROM history_data WHERE id = OLD.id;"
    " END;";

struct v14_ticks {
    void (*tick)(void *ctx);
    void *ctx;
};

static void v14_tick(sqlite3_context *c, int argc, sqlite3_value **argv)
{
    (void)argc;
    struct v14_ticks *t = sqlite3_user_data(c);
    if (t->tick) t->tick(t->ctx);
    sqlite3_result_value(c, argv[0]);
}

int st_journal_v14(struct store *st, void (*tick)(void *ctx), void *ctx)
{
    struct v14_ticks ticks = {tick, ctx};
    sqlite3_stmt *q = NULL;
    char type[16] = "", ttype[16] = "";
    if (sqlite3_prepare_v2(st->db, "SELECT (SELECT type FROM pragma_table_info('history_data')"
                                   " WHERE name = 'changed_at'), (SELECT type FROM"
                                   " pragma_table_info('history_data') WHERE name = 'row_uuid')",
                           -1, &q, NULL) != SQLITE_OK)
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "升级修改日志");
    if (sqlite3_step(q) == SQLITE_ROW) {
        st_col_text(q, 0, type, sizeof type);
        st_col_text(q, 1, ttype, sizeof ttype);
    }
    sqlite3_finalize(q);
    /* changed_at TEXT: schema 13's; else row_uuid TEXT: an early schema 14 (before the table
     * codes and row uuids: its other columns are in their forms already); else in shape */
    bool v13 = strcmp(type, "TEXT") == 0;
    if (!v13 && strcmp(ttype, "TEXT") != 0) return STORE_OK;
    /* Each entry copied in id order, its values in their compact forms; prev_hash becomes 0
     * only where it is what the view then shows: the stored hash of the previous sealed entry
     * of the chain (X'' when none: how '' is kept), compared as stored (a hash kept as text
     * because it was not canonical equals only the same text). Anything else is kept, so that
     * a change made before the upgrade is found after it. */
    static const char COPY[] =
        "INSERT INTO history_data_v14(id, uuid, table_name, row_uuid, action, changed_at,"
        " changed_by, old_json, new_json, branch_id, prev_hash, hash)"
        " SELECT zj_v14_tick(h.id), zj_uuid(" AS_TEXT("h.uuid") "), zj_table(h.table_name),"
        " zj_uuid(" AS_TEXT("h.row_uuid") "),"
        " zj_action(h.action), zj_time(h.changed_at), h.changed_by, h.old_json, h.new_json,"
        " h.branch_id,"
        " CASE WHEN h.hash IS NOT NULL AND h.branch_id IS NOT NULL AND h.prev_hash IS"
        "  ifnull((SELECT p.hash FROM history_data p WHERE p.branch_id = h.branch_id"
        "  AND p.id < h.id AND p.hash IS NOT NULL ORDER BY p.id DESC LIMIT 1), X'')"
        "  THEN 0 ELSE h.prev_hash END, h.hash"
        " FROM history_data h ORDER BY h.id";
    static const char COPY_EARLY[] =
        "INSERT INTO history_data_v14(id, uuid, table_name, row_uuid, action, changed_at,"
        " changed_by, old_json, new_json, branch_id, prev_hash, hash)"
        " SELECT zj_v14_tick(h.id), h.uuid, zj_table(h.table_name),"
        " zj_uuid(" AS_TEXT("h.row_uuid") "), h.action,"
        " h.changed_at, h.changed_by, h.old_json, h.new_json, h.branch_id, h.prev_hash, h.hash"
        " FROM history_data h ORDER BY h.id";
    const char *const SQL[] = {
        "DROP VIEW IF EXISTS history",
        V14_TABLE_SQL,
        v13 ? COPY : COPY_EARLY,
        "DROP TABLE history_data",
        "ALTER TABLE history_data_v14 RENAME TO history_data",
        "CREATE INDEX history_row ON history_data(table_name, row_uuid)",
        "CREATE INDEX history_chain ON history_data(branch_id, id)",
        "CREATE INDEX history_unsealed ON history_data(id) WHERE hash IS NULL",
        V14_VIEW_SQL,
    };
    int rc = SQLITE_OK;
    for (size_t i = 0; i < sizeof SQL / sizeof SQL[0] && rc == SQLITE_OK; i++) {
        if (SQL[i] == COPY || SQL[i] == COPY_EARLY)
            rc = sqlite3_create_function(st->db, "zj_v14_tick", 1, SQLITE_UTF8 | SQLITE_DIRECTONLY,
                                         &ticks, v14_tick, NULL, NULL);
        if (rc == SQLITE_OK) rc = sqlite3_exec(st->db, SQL[i], NULL, NULL, NULL);
    }
    int ec = sqlite3_extended_errcode(st->db);
    sqlite3_create_function(st->db, "zj_v14_tick", 1, SQLITE_UTF8, NULL, NULL, NULL, NULL);
    if (rc != SQLITE_OK) return st_sqlfail(st, ec, "升级修改日志");
    return STORE_OK;
}
