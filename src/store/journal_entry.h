/* journal_entry.h — one history_data entry read as stored, its fields as the view shows them,
 * and its hash (journal_entry.c). Private to src/store/. */
#ifndef ZHIBU_JOURNAL_ENTRY_H
#define ZHIBU_JOURNAL_ENTRY_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The columns an entry is read with: as ENTRY_COLS (journal_priv.h), without its functions. */
#define ENTRY_RAW_COLS                                                                         \
    "SELECT id, uuid, table_name, row_uuid, action, changed_at, changed_by, old_json,"         \
    " new_json, branch_id, prev_hash, hash FROM history_data"

struct st_entry {
    const unsigned char *v[9];  /* 1..8: uuid .. new_json as text (NULL: SQL NULL) */
    size_t n[9];
    const char *prev, *hash;    /* the hashes as text (NULL: SQL NULL) */
    bool prev_implied;          /* prev_hash kept as 0: the previous sealed entry's hash */
    int t[12];                  /* each column's type as stored (st_entry_read) */
    int64_t id, branch;         /* columns 0 and 9 as integers */
    char ubuf[37], tbuf[21];    /* a uuid and a time decoded (journal_form.c) */
    char rbuf[37];              /* the row's uuid decoded */
    char *zbuf[2], *hbuf[2];    /* kept from entry to entry */
    size_t zcap[2], hcap[2];
};

/* The current row of an ENTRY_RAW_COLS statement into e (valid until the next step). */
void st_entry_read(sqlite3_stmt *s, struct st_entry *e);
void st_entry_free(struct st_entry *e);
/* The entry's hash in hex, as st_entry_hash computes it over the same fields. */
void st_entry_hash_hex(const struct st_entry *e, int64_t id, int64_t branch, const char *prev,
                       char out[65]);

#endif
