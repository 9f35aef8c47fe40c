/* journal_pass.h — what verify's one pass over the chains keeps for the row check
 * (journal_pass.c). Private to src/store/. */
#ifndef ZHIBU_JOURNAL_PASS_H
#define ZHIBU_JOURNAL_PASS_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The entries that are the newest (greatest id) of their row (table_name, row_uuid, both text)
 * in the whole journal, as a bitmap over the ids. ok false: not made (ids too far apart). */
struct jnewest {
    bool ok;
    int64_t lo, hi;        /* ids lo..hi */
    unsigned char *bits;
};

/* Scan the journal's (table_name, row_uuid) index once: SQLITE_DONE or the error. */
int jnewest_scan(sqlite3 *db, struct jnewest *nb);
bool jnewest_has(const struct jnewest *nb, int64_t id);
void jnewest_free(struct jnewest *nb);

/* Per chain: row (table index, row uuid) -> its newest entry walked so far in the chain: id,
 * whether it has a new_json and the SHA-256 of that text. */
struct jrowmap_slot {
    int64_t id;
    uint32_t off, len;     /* the uuid in the arena */
    int ti;                /* -1: empty */
    bool has_json;
    unsigned char digest[32];
};
struct jrowmap {
    struct jrowmap_slot *v;
    size_t cap, n;
    char *arena;
    size_t an, acap;
    unsigned char key[16]; /* the hash's key (random: uuids come from the file) */
};

void jrowmap_init(struct jrowmap *m);
void jrowmap_clear(struct jrowmap *m);
void jrowmap_free(struct jrowmap *m);
/* The entry id of table ti, row uuid (n bytes), new_json (NULL: none) as the newest so far. */
void jrowmap_put(struct jrowmap *m, int ti, const char *uuid, size_t n, int64_t id,
                 const char *json, size_t jn);
const struct jrowmap_slot *jrowmap_get(const struct jrowmap *m, int ti, const char *uuid,
                                       size_t n);

/* The index of table name t (n bytes) in st_journaled, or -1. */
int jpass_table_index(const char *t, size_t n);

#endif
