/* journal_pass.c — what verify's one pass over the chains keeps so that the row check need not
 * look each row's newest entry up again (issue 17).
 *
 * The chain walk reads every entry of a chain in id order and unpacks its new_json to hash it.
 * On the way each entry is put in the chain's row map (table, row uuid -> id, new_json's
 * SHA-256), a later entry of the same row replacing the earlier; the chain's rows are then
 * compared with it. A row's newest entry may lie in another chain (a transferred member's dues
 * bases stay in the old branch's chain): a row of this chain is known only when the map's entry
 * is the newest of the row in the whole journal — the bitmap below, made by one scan of the
 * journal's (table_name, row_uuid) index (or, for one branch, one look-up in that index) — and
 * has a new_json. Anything else is left to the exact check, which reads the journal as before.
 *
 * The row map's hash has a random key: the uuids come from the file. */
#include "journal_pass.h"
#include "journal_priv.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "journal_sha.h"
#include "zhibu/util.h"

#define JNEWEST_MAX_IDS ((int64_t)64 * 1024 * 1024) /* an 8 MB bitmap at most */

static bool same_bytes(const void *a, size_t an, const void *b, size_t bn)
{
    return an == bn && memcmp(a, b, an) == 0;
}

int jnewest_scan(sqlite3 *db, struct jnewest *nb)
{
    memset(nb, 0, sizeof *nb);
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT min(id), max(id) FROM history_data", -1, &s, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        nb->lo = sqlite3_column_int64(s, 0);
        nb->hi = sqlite3_column_int64(s, 1);
        rc = SQLITE_DONE;
    }
    sqlite3_finalize(s);
    s = NULL;
    if (rc != SQLITE_DONE) return rc;
    if (nb->hi < nb->lo || nb->hi - nb->lo >= JNEWEST_MAX_IDS) return SQLITE_DONE; /* not ok */
    nb->bits = xcalloc((size_t)((nb->hi - nb->lo) / 8 + 1), 1);
    /* the index holds (table_name, row_uuid, id) in that order: the last id of each run of
     * equal (table_name, row_uuid) is its row's newest entry */
    rc = sqlite3_prepare_v2(db,
                            "SELECT table_name, row_uuid, id FROM history_data"
                            " ORDER BY table_name, row_uuid, id",
                            -1, &s, NULL);
    char *prev = NULL;     /* the previous entry's table_name NUL row_uuid */
    size_t pt = 0, pu = 0, pcap = 0;
    bool have = false, text = false;
    int ptype = 0, putype = 0; /* the previous entry's types: table (a code or text), uuid */
    bool both = false;     /* a canonical row uuid or table name kept as text (written through
                            * the view, or by hand): a row's entries may be in two runs, so no
                            * bitmap (verify asks SQL, which asks every form) */
    int64_t last = 0;
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        rc = sqlite3_step(s);
        bool row = rc == SQLITE_ROW;
        const void *t = NULL, *u = NULL;
        size_t tn = 0, un = 0;
        bool same = false, rtext = false;
        int ttype = 0, utype = 0;
        if (row) {
            /* a table's code (schema 14) or its name, a row uuid's 16 bytes or its text;
             * compared with their types */
            ttype = sqlite3_column_type(s, 0);
            utype = sqlite3_column_type(s, 1);
            rtext = (ttype == SQLITE_TEXT || ttype == SQLITE_INTEGER) &&
                    (utype == SQLITE_TEXT ||
                     (utype == SQLITE_BLOB && sqlite3_column_bytes(s, 1) == 16));
            t = sqlite3_column_blob(s, 0);
            tn = (size_t)sqlite3_column_bytes(s, 0);
            u = sqlite3_column_blob(s, 1);
            un = (size_t)sqlite3_column_bytes(s, 1);
            same = have && rtext && text && ttype == ptype && utype == putype &&
                   same_bytes(prev, pt, t, tn) &&
                   same_bytes(prev + pt, pu, u, un);
        }
        if (have && !same && text && last >= nb->lo && last <= nb->hi)
            nb->bits[(last - nb->lo) / 8] |= (unsigned char)(1u << ((last - nb->lo) % 8));
        if (!row) break;
        if (!same) {
            if (tn + un + 1 > pcap) {
                pcap = tn + un + 64;
                prev = xrealloc(prev, pcap);
            }
            if (tn) memcpy(prev, t, tn);
            if (un) memcpy(prev + tn, u, un);
            pt = tn;
            pu = un;
            text = rtext;
            ptype = ttype;
            putype = utype;
            unsigned char bin[16];
            if ((utype == SQLITE_TEXT && st_jz_uuid_bin(u, un, bin)) ||
                (ttype == SQLITE_TEXT && st_jz_table_code(t, tn)))
                both = true;
            have = true;
        }
        last = sqlite3_column_int64(s, 2);
    }
    sqlite3_finalize(s);
    free(prev);
    if (rc != SQLITE_DONE || both) {
        jnewest_free(nb);
        return rc;
    }
    nb->ok = true;
    return SQLITE_DONE;
}

bool jnewest_has(const struct jnewest *nb, int64_t id)
{
    if (!nb->ok || id < nb->lo || id > nb->hi) return false;
    return nb->bits[(id - nb->lo) / 8] & (1u << ((id - nb->lo) % 8));
}

void jnewest_free(struct jnewest *nb)
{
    free(nb->bits);
    memset(nb, 0, sizeof *nb);
}

/* ---- the row map ------------------------------------------------------------------------ */

void jrowmap_init(struct jrowmap *m)
{
    memset(m, 0, sizeof *m);
    randombytes_buf(m->key, sizeof m->key);
}

void jrowmap_clear(struct jrowmap *m)
{
    for (size_t i = 0; i < m->cap; i++) m->v[i].ti = -1;
    m->n = 0;
    m->an = 0;
}

void jrowmap_free(struct jrowmap *m)
{
    free(m->v);
    free(m->arena);
    memset(m, 0, sizeof *m);
}

static size_t slot_of(const struct jrowmap *m, int ti, const char *uuid, size_t n)
{
    unsigned char h[8];
    unsigned char buf[96];
    uint64_t x;
    if (n + 1 <= sizeof buf) {
        buf[0] = (unsigned char)ti;
        memcpy(buf + 1, uuid, n);
        crypto_shorthash(h, buf, n + 1, m->key);
    } else {
        crypto_shorthash(h, (const unsigned char *)uuid, n, m->key);
        h[0] ^= (unsigned char)ti;
    }
    memcpy(&x, h, sizeof x);
    return (size_t)x & (m->cap - 1);
}

static struct jrowmap_slot *find(const struct jrowmap *m, int ti, const char *uuid, size_t n)
{
    if (!m->cap) return NULL;
    size_t j = slot_of(m, ti, uuid, n);
    while (m->v[j].ti >= 0) {
        struct jrowmap_slot *e = &m->v[j];
        if (e->ti == ti && same_bytes(m->arena + e->off, e->len, uuid, n)) return e;
        j = (j + 1) & (m->cap - 1);
    }
    return &m->v[j]; /* the empty slot it would take */
}

static void grow(struct jrowmap *m)
{
    struct jrowmap old = *m;
    m->cap = old.cap ? old.cap * 2 : 1024;
    m->v = xmalloc(m->cap * sizeof *m->v);
    for (size_t i = 0; i < m->cap; i++) m->v[i].ti = -1;
    for (size_t i = 0; i < old.cap; i++) {
        if (old.v[i].ti < 0) continue;
        struct jrowmap_slot *e = find(m, old.v[i].ti, m->arena + old.v[i].off, old.v[i].len);
        *e = old.v[i];
    }
    free(old.v);
}

void jrowmap_put(struct jrowmap *m, int ti, const char *uuid, size_t n, int64_t id,
                 const char *json, size_t jn)
{
    if (n > UINT32_MAX / 2) return; /* never a row's uuid: such a row is checked exactly */
    if ((m->n + 1) * 2 > m->cap) grow(m);
    struct jrowmap_slot *e = find(m, ti, uuid, n);
    if (e->ti < 0) {
        if (m->an + n > m->acap) {
            size_t cap = m->acap ? m->acap : 65536;
            while (cap < m->an + n) cap *= 2;
            m->arena = xrealloc(m->arena, cap);
            m->acap = cap;
        }
        if (n) memcpy(m->arena + m->an, uuid, n);
        e->off = (uint32_t)m->an;
        e->len = (uint32_t)n;
        e->ti = ti;
        m->an += n;
        m->n++;
    }
    e->id = id;
    e->has_json = json != NULL;
    if (json) {
        struct jsha h;
        jsha_init(&h);
        jsha_update(&h, json, jn);
        jsha_final(&h, e->digest);
    }
}

const struct jrowmap_slot *jrowmap_get(const struct jrowmap *m, int ti, const char *uuid,
                                       size_t n)
{
    const struct jrowmap_slot *e = find(m, ti, uuid, n);
    return e && e->ti >= 0 ? e : NULL;
}

int jpass_table_index(const char *t, size_t n)
{
    static _Thread_local int last = -1;
    if (last >= 0 && same_bytes(st_journaled[last].table, strlen(st_journaled[last].table), t, n))
        return last;
    for (int i = 0; i < st_njournaled; i++)
        if (same_bytes(st_journaled[i].table, strlen(st_journaled[i].table), t, n))
            return last = i;
    return -1;
}
