/* row.c — the row helpers every file of src/store shares (issue 16, item 1): one row fetched,
 * a write stepped with its failure said, a reason checked, a row voided. */
#include "store_priv.h"

#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/text.h"
#include "zhibu/util.h"

int st_one_row(struct store *st, sqlite3_stmt *s, st_fill_fn fill, void *out, const char *missing,
               const char *what)
{
    if (!s) return STORE_ERR;
    int rc = sqlite3_step(s);
    int result = STORE_OK;
    if (rc == SQLITE_ROW)
        fill(s, out);
    else if (rc == SQLITE_DONE)
        result = missing ? st_fail(st, STORE_ERR_NOT_FOUND, "%s", missing) : STORE_ERR_NOT_FOUND;
    else
        result = st_sqlfail(st, sqlite3_extended_errcode(st->db), what);
    st_done(s);
    return result;
}

int st_get_row(struct store *st, sqlite3_stmt *s, int64_t id, st_fill_fn fill, void *out,
               const char *missing, const char *what)
{
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, id);
    return st_one_row(st, s, fill, out, missing, what);
}

int st_step_write_as(struct store *st, sqlite3_stmt *s, st_write_fail_fn fail, const void *ctx)
{
    int rc = sqlite3_step(s);
    st_done(s);
    if (rc != SQLITE_DONE) return fail(st, sqlite3_extended_errcode(st->db), ctx);
    return STORE_OK;
}

int st_check_reason(struct store *st, char *dst, size_t dstsz, const char *text,
                    const char *empty_msg, const char *label)
{
    char *tmp = xstrdup(text ? text : "");
    text_trim(tmp);
    size_t len = strlen(tmp);
    int rc = STORE_OK;
    if (label && len >= dstsz) rc = st_fail(st, STORE_ERR_CONSTRAINT, "%s过长", label);
    else if (empty_msg && len == 0) rc = st_fail(st, STORE_ERR_CONSTRAINT, "%s", empty_msg);
    zb_strlcpy(dst, rc == STORE_OK ? tmp : "", dstsz);
    free(tmp);
    return rc;
}

#define VOID_REASON_EMPTY "作废须填写原因"

int st_void_row(struct store *st, const struct st_void *v, const char *reason)
{
    int rc = st_require_edit(st, v->branch_id);
    if (rc) return rc;
    if (v->voided && v->voided_msg) return st_fail(st, STORE_ERR_CONSTRAINT, "%s", v->voided_msg);
    if (v->check) {
        rc = v->check(st, v->ctx);
        if (rc) return rc;
    }
    /* the reason: trimmed, required, within reason_max bytes (0: what another office takes,
     * REASON_MAX_BYTES — a longer one would make the branch's bundle refused) */
    size_t cap = v->reason_max ? v->reason_max : REASON_MAX_BYTES;
    char *why = xmalloc(cap);
    const char *empty = v->reason_empty ? v->reason_empty : VOID_REASON_EMPTY;
    rc = st_check_reason(st, why, cap, reason, empty, v->reason_label ? v->reason_label : "作废原因");
    if (rc == STORE_OK) rc = store_begin(st);
    if (rc) {
        free(why);
        return rc;
    }
    if (v->versioned)
        rc = st_check_version(st, v->table, v->uuid, v->version, v->json_sql, v->id);
    if (rc == STORE_OK && v->month)
        rc = st_check_lock(st, v->branch_id, v->month, v->table, v->uuid);
    int64_t h = 0;
    if (rc == STORE_OK) {
        h = st_history_begin(st, v->table, v->uuid, "void", v->json_sql, v->id);
        if (h < 0) rc = (int)h;
    }
    if (rc == STORE_OK) {
        sqlite3_stmt *s = st_stmt(st, v->void_sql);
        if (!s) {
            rc = STORE_ERR;
        } else {
            char now[24];
            clock_now_iso(now);
            sqlite3_bind_int64(s, 1, v->id);
            st_bind_text(s, 2, now);
            st_bind_text(s, 3, st->user);
            st_bind_text(s, 4, why);
            rc = st_step_write(st, s, v->what);
        }
    }
    free(why);
    if (rc == STORE_OK && v->after) rc = v->after(st, v->ctx);
    if (rc == STORE_OK) rc = st_history_finish(st, h, v->json_sql, v->id);
    if (rc) return st_abort(st, rc);
    return store_commit(st);
}
