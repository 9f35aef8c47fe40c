/* history.c — history rows (the JSON before and after a write) and row versions (two sessions at
 * one ledger). */
#include "conn_priv.h"
#include "journal_codec.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "zhibu/clock.h"
#include "zhibu/store_office.h"
#include "zhibu/util.h"

/* ---- history --------------------------------------------------------------------------- */

/* The JSON of one row from a cached single-column statement bound with ?1 = id: heap, or
 * NULL (no statement, or row missing). */
static char *row_json(struct store *st, const char *sql, int64_t row_id)
{
    if (!sql) return NULL;
    sqlite3_stmt *s = st_stmt(st, sql);
    if (!s) return NULL;
    sqlite3_bind_int64(s, 1, row_id);
    char *json = NULL;
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
        json = xstrdup((const char *)sqlite3_column_text(s, 0));
    st_done(s);
    return json;
}

int64_t st_history_begin(struct store *st, const char *table, const char *row_uuid,
                         const char *action, const char *old_sql,
                         int64_t row_id)
{
    char *old_json = row_json(st, old_sql, row_id);
    sqlite3_stmt *s = st_stmt(st,
                              "INSERT INTO history_data(uuid, table_name, row_uuid, action, changed_at,"
                              " changed_by, old_json) VALUES (zj_uuid(?1), zj_table(?2), zj_uuid(?3), zj_action(?4),"
                              " zj_time(?5), ?6, ?7)");
    if (!s) {
        free(old_json);
        return STORE_ERR;
    }
    char uuid[UUID_STR_LEN], now[24];
    st_bind_stamps(st, s, 1, uuid, 5, now);
    st_bind_text(s, 2, table);
    st_bind_text(s, 3, row_uuid);
    st_bind_text(s, 4, action);
    st_jz_bind(s, 7, table, old_json);
    int rc = st_step_write(st, s, "记录修改历史");
    free(old_json);
    if (rc) return rc;
    int64_t id = sqlite3_last_insert_rowid(st->db);
    if (!st->seal_from) st->seal_from = id;
    return id;
}

/* While the journal is kept as text (st_jz_plain: the demo's bulk, main thread), the entry's new
 * JSON is written by one statement, new_sql as its subquery (?1 = the row, ?2 = the entry): the
 * same value row_json would bind (no row or NULL: NULL), without the table lookup that packing
 * needs nor the copy. The statement's text is kept for the program's life, one per new_sql, so
 * that st_stmt caches it (by its address) like any other. */
#define FUSED_MAX 64
static struct {
    const char *new_sql;
    char *update;
} fused[FUSED_MAX];
static size_t fused_n;

static const char *fused_update(const char *new_sql)
{
    for (size_t i = 0; i < fused_n; i++)
        if (fused[i].new_sql == new_sql) return fused[i].update;
    if (fused_n == FUSED_MAX) return NULL;
    char *u = xasprintf("UPDATE history_data SET new_json = (%s) WHERE id = ?2", new_sql);
    fused[fused_n].new_sql = new_sql;
    fused[fused_n].update = u;
    fused_n++;
    return u;
}

int st_history_finish(struct store *st, int64_t hist_id,
                      const char *new_sql, int64_t row_id)
{
    const char *fu = new_sql && st_jz_is_plain() ? fused_update(new_sql) : NULL;
    if (fu) {
        sqlite3_stmt *f = st_stmt(st, fu);
        if (!f) return STORE_ERR;
        sqlite3_bind_int64(f, 1, row_id);
        sqlite3_bind_int64(f, 2, hist_id);
        return st_step_write(st, f, "记录修改历史");
    }
    char *new_json = row_json(st, new_sql, row_id);
    /* the entry's table: its dictionary (journal_codec.c) */
    char table[64] = "";
    sqlite3_stmt *t = st_stmt(st, "SELECT " JZ_TABLE_TEXT("table_name") " FROM history_data"
                                  " WHERE id = ?1");
    if (t) {
        sqlite3_bind_int64(t, 1, hist_id);
        if (sqlite3_step(t) == SQLITE_ROW) st_col_text(t, 0, table, sizeof table);
        st_done(t);
    }
    sqlite3_stmt *s =
        st_stmt(st, "UPDATE history_data SET new_json = ?2 WHERE id = ?1");
    if (!s) {
        free(new_json);
        return STORE_ERR;
    }
    sqlite3_bind_int64(s, 1, hist_id);
    st_jz_bind(s, 2, table, new_json);
    int rc = st_step_write(st, s, "记录修改历史");
    free(new_json);
    return rc;
}

/* The entry of a row just inserted, written whole while the journal is kept as text (the
 * demo's bulk): one INSERT with new_sql as its subquery (?1 = the row), instead of the entry's
 * INSERT and then the UPDATE of its new_json (st_history_begin, st_history_finish): the same
 * entry (new_sql reads no history), written once rather than written and grown (issue 17).
 * Otherwise those two. The entry's id, or <0 rc. Statements kept as fused_update's. */
static struct {
    const char *new_sql;
    char *insert;
} whole[FUSED_MAX];
static size_t whole_n;

/* sql with each json() of a json_group_array's subquery (store_json.h: a meeting's attendance
 * and resolutions, a payment's allocations) as zj_json_made() (journal_form.c): the same text,
 * not parsed and written again. Heap. */
static char *json_made_sql(const char *sql)
{
    static const char FROM[] = "json((SELECT json_group_array(", TO[] = "zj_json_made(";
    size_t n = strlen(sql), k = 0;
    for (const char *p = sql; (p = strstr(p, FROM)); p += sizeof FROM - 1) k++;
    char *out = xmalloc(n + k * (sizeof TO - sizeof "json(") + 1), *o = out;
    for (const char *p = sql, *q; *p; p = q + sizeof "json(" - 1) {
        q = strstr(p, FROM);
        /* a whole name: json( not the end of another (zj_json() */
        while (q && q > sql && (q[-1] == '_' || (q[-1] >= 'a' && q[-1] <= 'z')))
            q = strstr(q + 1, FROM);
        if (!q) {
            strcpy(o, p);
            return out;
        }
        memcpy(o, p, (size_t)(q - p));
        o += q - p;
        memcpy(o, TO, sizeof TO - 1);
        o += sizeof TO - 1;
    }
    *o = '\0';
    return out;
}

static const char *whole_insert(const char *new_sql)
{
    for (size_t i = 0; i < whole_n; i++)
        if (whole[i].new_sql == new_sql) return whole[i].insert;
    if (whole_n == FUSED_MAX) return NULL;
    char *made = json_made_sql(new_sql);
    char *u = xasprintf("INSERT INTO history_data(uuid, table_name, row_uuid, action, changed_at,"
                        " changed_by, old_json, new_json) VALUES (zj_uuid(?2), zj_table(?3),"
                        " zj_uuid(?4), zj_action('insert'), zj_time(?5), ?6, NULL, (%s))",
                        made);
    free(made);
    whole[whole_n].new_sql = new_sql;
    whole[whole_n].insert = u;
    whole_n++;
    return u;
}

int64_t st_history_insert_whole(struct store *st, const char *table, const char *row_uuid,
                                const char *new_sql, int64_t row_id)
{
    const char *wi = new_sql && st_jz_is_plain() ? whole_insert(new_sql) : NULL;
    if (!wi) {
        int64_t h = st_history_begin(st, table, row_uuid, "insert", NULL, row_id);
        if (h < 0) return h;
        int rc = st_history_finish(st, h, new_sql, row_id);
        return rc ? rc : h;
    }
    sqlite3_stmt *s = st_stmt(st, wi);
    if (!s) return STORE_ERR;
    char uuid[UUID_STR_LEN], now[24];
    sqlite3_bind_int64(s, 1, row_id);
    st_bind_stamps(st, s, 2, uuid, 5, now);
    st_bind_text(s, 3, table);
    st_bind_text(s, 4, row_uuid);
    int rc = st_step_write(st, s, "记录修改历史");
    if (rc) return rc;
    int64_t id = sqlite3_last_insert_rowid(st->db);
    if (!st->seal_from) st->seal_from = id;
    return id;
}

int st_history_same(struct store *st, int64_t hist_id)
{
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT json_remove(old_json, '$.updated_at')"
                              " IS json_remove(new_json, '$.updated_at') FROM history WHERE id = ?1");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, hist_id);
    int rc = sqlite3_step(s);
    int same = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) != 0 : 0;
    st_done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取修改历史");
    return same;
}

int st_update_probe(struct store *st, const char *json_sql, int64_t row_id,
                    int (*write)(struct store *st, void *ctx), void *ctx)
{
    char *before = row_json(st, json_sql, row_id);
    int rc = store_begin(st);
    if (rc) {
        free(before);
        return rc;
    }
    rc = write(st, ctx);
    char *after = rc == STORE_OK ? row_json(st, json_sql, row_id) : NULL;
    int rb = store_rollback(st);
    if (rc == STORE_OK && rb != STORE_OK) rc = rb;
    int same = 0;
    if (rc == STORE_OK && before && after) {
        sqlite3_stmt *s = st_stmt(st,
                                  "SELECT json_remove(?1, '$.updated_at') IS json_remove(?2, '$.updated_at')");
        if (!s) rc = STORE_ERR;
        else {
            sqlite3_bind_text(s, 1, before, -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 2, after, -1, SQLITE_STATIC);
            if (sqlite3_step(s) == SQLITE_ROW) same = sqlite3_column_int(s, 0) != 0;
            st_done(s);
        }
    }
    free(before);
    free(after);
    return rc != STORE_OK ? rc : same;
}

static char *col_dup(sqlite3_stmt *s, int col)
{
    if (sqlite3_column_type(s, col) == SQLITE_NULL) return NULL;
    return xstrdup((const char *)sqlite3_column_text(s, col));
}

/* ---- versions: two sessions at one ledger ---------------------------------------------- */

/* A row's version is the id of its newest history entry. Every write through the store and
 * every import writes one in the same transaction as the change, ids only grow, and the index
 * history_row finds it: no column to keep, no clock to trust (two saves in one second, or a
 * test clock, still differ). */
int64_t st_row_version(struct store *st, const char *table, const char *row_uuid)
{
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT ifnull(max(d.id), 0) FROM history_data d"
                              " WHERE " ST_HROW("d", "?1", "?2"));
    if (!s) return STORE_ERR;
    st_bind_text(s, 1, table);
    st_bind_text(s, 2, row_uuid);
    int rc = sqlite3_step(s);
    int64_t v = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    st_done(s);
    if (rc != SQLITE_ROW) return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取修改记录");
    return v;
}

/* Who a login is, as people know them: the account's name, else the login itself. */
static void who_of(struct store *st, const char *login, char *out, size_t outsz)
{
    zb_strlcpy(out, login ? login : "", outsz);
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT display_name FROM app_user WHERE login = ?1");
    if (!s) return;
    st_bind_text(s, 1, login);
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_bytes(s, 0) > 0)
        st_col_text(s, 0, out, outsz);
    st_done(s);
}

int st_conflict(struct store *st, const char *table, const char *who, const char *changed_at,
                char *was_json, char *now_json)
{
    struct store_conflict *c = &st->conflict;
    store_conflict_free(c);
    zb_strlcpy(c->table, table, sizeof c->table);
    who_of(st, who, c->who, sizeof c->who);
    char now[24];
    clock_now_iso(now);
    st_local_time(changed_at, now, c->when, sizeof c->when);
    c->was_json = was_json;
    c->now_json = now_json;
    return st_fail(st, STORE_ERR_CHANGED, "该记录已被 %s 于 %s 修改", c->who, c->when);
}

/* History entry id: when and by whom it was written, and (json not NULL) its new JSON when the
 * entry is of table/row_uuid (else NULL: a version from elsewhere shows no details rather than
 * wrong ones). */
static void history_entry(struct store *st, int64_t id, const char *table, const char *row_uuid,
                          char when[24], char who[64], char **json)
{
    when[0] = who[0] = '\0';
    if (json) *json = NULL;
    if (id <= 0) return;
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT changed_at, changed_by, new_json, table_name = ?2"
                              " AND row_uuid = ?3 FROM history WHERE id = ?1");
    if (!s) return;
    sqlite3_bind_int64(s, 1, id);
    st_bind_text(s, 2, table);
    st_bind_text(s, 3, row_uuid);
    if (sqlite3_step(s) == SQLITE_ROW) {
        st_col_text(s, 0, when, 24);
        st_col_text(s, 1, who, 64);
        if (json && sqlite3_column_int(s, 3)) *json = col_dup(s, 2);
    }
    st_done(s);
}

int st_conflict_at(struct store *st, const char *table, int64_t newest, char *was_json,
                   char *now_json)
{
    char when[24], who[64];
    history_entry(st, newest, table, "", when, who, NULL);
    return st_conflict(st, table, who, when, was_json, now_json);
}

int st_check_version(struct store *st, const char *table, const char *row_uuid, int64_t read,
                     const char *json_sql, int64_t row_id)
{
    int64_t now = st_row_version(st, table, row_uuid);
    if (now < 0) return (int)now;
    if (now == read) return STORE_OK;
    /* the row as it was read: the entry of the version read */
    char when[24], who[64], *was = NULL;
    history_entry(st, read, table, row_uuid, when, who, &was);
    return st_conflict_at(st, table, now, was, row_json(st, json_sql, row_id));
}

int store_conflict(struct store *st, struct store_conflict *out)
{
    memset(out, 0, sizeof *out);
    const struct store_conflict *c = &st->conflict;
    if (!c->table[0]) return st_fail(st, STORE_ERR_NOT_FOUND, "没有冲突");
    *out = *c;
    out->was_json = c->was_json ? xstrdup(c->was_json) : NULL;
    out->now_json = c->now_json ? xstrdup(c->now_json) : NULL;
    return STORE_OK;
}

void store_conflict_free(struct store_conflict *c)
{
    free(c->was_json);
    free(c->now_json);
    memset(c, 0, sizeof *c);
}

int store_history_list(struct store *st, const char *table_name, const char *row_uuid,
                       struct history_entry *out, int max, int *n)
{
    *n = 0;
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT h.id, h.table_name, h.row_uuid, h.action, h.changed_at,"
                              " h.changed_by, h.old_json, h.new_json FROM history_data d"
                              " JOIN history h ON h.id = d.id WHERE " ST_HROW("d", "?1", "?2")
                              " ORDER BY d.id DESC LIMIT ?3");
    if (!s) return STORE_ERR;
    st_bind_text(s, 1, table_name);
    st_bind_text(s, 2, row_uuid);
    sqlite3_bind_int(s, 3, max > 0 ? max : 0);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < max) {
        struct history_entry *e = &out[(*n)++];
        memset(e, 0, sizeof *e);
        e->id = sqlite3_column_int64(s, 0);
        st_col_text(s, 1, e->table_name, sizeof e->table_name);
        st_col_text(s, 2, e->row_uuid, sizeof e->row_uuid);
        st_col_text(s, 3, e->action, sizeof e->action);
        st_col_text(s, 4, e->changed_at, sizeof e->changed_at);
        st_col_text(s, 5, e->changed_by, sizeof e->changed_by);
        e->old_json = col_dup(s, 6);
        e->new_json = col_dup(s, 7);
    }
    int err = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : sqlite3_extended_errcode(st->db);
    st_done(s);
    if (err != SQLITE_OK) {
        store_history_free(out, *n);
        *n = 0;
        return st_sqlfail(st, err, "读取修改历史");
    }
    return STORE_OK;
}

void store_history_free(struct history_entry *e, int n)
{
    for (int i = 0; i < n; i++) {
        free(e[i].old_json);
        free(e[i].new_json);
        e[i].old_json = e[i].new_json = NULL;
    }
}
