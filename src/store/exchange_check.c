/* exchange_check.c — an import's checks before anything is written: every chunk of the changeset
 * within the limits and of this branch, and every row to be written belonging to the branch. */
#include "exchange_priv.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_check.h"
#include "store_json.h"
#include "zhibu/clock.h"
#include "zhibu/store_exchange.h"
#include "zhibu/store_office.h"
#include "zhibu/util.h"

/* ---- import: checking the changeset ---------------------------------------------------- */

int st_problem(struct xctx *x, int rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(x->st->err, sizeof x->st->err, fmt, ap);
    va_end(ap);
    st_error_set(x->st, rc);
    if (x->rep && !x->rep->problem[0])
        zb_strlcpy(x->rep->problem, x->st->err, sizeof x->rep->problem);
    return rc;
}

/* The chunks of src: rewind before the first (STORE_OK or a store code). */
int st_src_rewind(struct xctx *x, struct exchange_source *src)
{
    src->err = NULL;
    int rc = src->rewind(src->ctx);
    if (rc != STORE_OK)
        return st_problem(x, rc, "%s", src->err ? src->err : "交换包的数据无法读取");
    return STORE_OK;
}

/* The next chunk of src that is not empty: *more false after the last one. */
int st_src_next(struct xctx *x, struct exchange_source *src, const void **data, size_t *n,
                bool *more)
{
    for (;;) {
        int r = src->next(src->ctx, data, n);
        if (r < 0) {
            *more = false;
            return st_problem(x, STORE_ERR, "%s", src->err ? src->err : "交换包的数据无法读取");
        }
        *more = r > 0;
        if (!*more || *n > 0) break;
    }
    if (*more && *n > (size_t)INT32_MAX) {
        *more = false;
        return st_problem(x, STORE_ERR, "交换包的数据无法读取");
    }
    return STORE_OK;
}

/* A row's key as the store makes them: 36 characters of hex digits and dashes. */
static bool uuid_text(const char *k)
{
    size_t n = 0;
    for (; k && k[n]; n++)
        if (!((k[n] >= '0' && k[n] <= '9') || (k[n] >= 'a' && k[n] <= 'f') ||
              (k[n] >= 'A' && k[n] <= 'F') || k[n] == '-'))
            return false;
    return n == UUID_STR_LEN - 1;
}

/* The limits of this process's imports (store_exchange_limits_set). */
static struct exchange_limits limits;
static bool limits_set;

void exchange_limits_default(struct exchange_limits *l)
{
    /* the defaults of config/zhibu.ini [exchange] and [members] */
    l->max_bundle_bytes = 128ll * 1024 * 1024;
    l->max_rows = 300000;
    l->max_members = 20000;
    l->clock_skew_days = 1;
    l->min_join_age = 18;
    l->probation_months = 12;
}

void store_exchange_limits_set(const struct exchange_limits *l)
{
    limits_set = l != NULL;
    if (l) limits = *l;
}

void store_exchange_limits_get(struct exchange_limits *out)
{
    if (limits_set) *out = limits;
    else exchange_limits_default(out);
}

/* what scan_chunk's filling returns when the change is not one it writes as the apply would */
#define FILL_FALLBACK 1

/* st_scan_fill: the change written into the empty stage as sqlite3changeset_apply writes it (the
 * same INSERT of the same values, in the same order); the journal left out when the apply's
 * filter leaves it (x->skip_journal). What the apply would not simply insert — a key other than
 * uuid alone, a value the changeset leaves undefined (corrupt: the apply refuses it), a uuid
 * twice (the conflict handler's) — is FILL_FALLBACK: the scan and the apply as before. */
static int fill_row(struct xctx *x, sqlite3_changeset_iter *it, const struct xtab *t,
                    sqlite3_stmt *ins, int ncol)
{
    if (t->pseudo == PS_JOURNAL && x->skip_journal) return STORE_OK;
    unsigned char *pk = NULL;
    int npk = 0;
    if (sqlite3changeset_pk(it, &pk, &npk) != SQLITE_OK || npk != ncol || !pk[0])
        return FILL_FALLBACK;
    sqlite3_reset(ins);
    for (int c = 0; c < ncol; c++) {
        sqlite3_value *v = NULL;
        if ((c > 0 && pk[c]) || sqlite3changeset_new(it, c, &v) != SQLITE_OK || !v)
            return FILL_FALLBACK;
        /* the iterator's value stays until the next change, after the step: not copied, and a
         * text's bytes as they are (sqlite3_value_text would copy it to end it with a NUL) */
        int ty = sqlite3_value_type(v);
        const char *txt = NULL;
        int ntxt = 0;
        if (ty == SQLITE_TEXT) {
            ntxt = sqlite3_value_bytes(v);
            txt = ntxt ? (const char *)sqlite3_value_blob(v) : "";
            sqlite3_bind_text(ins, c + 1, txt, ntxt, SQLITE_STATIC);
        } else if (ty == SQLITE_BLOB)
            sqlite3_bind_blob(ins, c + 1, sqlite3_value_blob(v), sqlite3_value_bytes(v),
                              SQLITE_STATIC);
        else
            sqlite3_bind_value(ins, c + 1, v);
        /* what st_write_journal_bulk would look for (a NUL in any text: more than it asks) */
        if (t->pseudo == PS_JOURNAL && !x->jz_odd) {
            if (c == x->jz_tcol && ty != SQLITE_TEXT) x->jz_odd = true;
            else if (ty == SQLITE_TEXT && memchr(txt, 0, (size_t)ntxt))
                x->jz_odd = true;
        }
    }
    int rc = sqlite3_step(ins);
    if (rc == SQLITE_DONE) return STORE_OK;
    sqlite3_reset(ins);
    return (rc & 0xff) == SQLITE_CONSTRAINT ? FILL_FALLBACK : st_stage_fail(x, "导入");
}

/* One chunk: every change an INSERT into a table of this kind with its columns; a row with a
 * branch_id names the bundle's branch (the branch row is the bundle's branch); the rows counted
 * (per table into counts[], all into *total) within the limits; the bundle's uuids into
 * x->bundle. */
static int scan_chunk(struct xctx *x, const void *blob, size_t nblob, const char *branch_uuid,
                      const int *branch_col, long *counts, long *total,
                      const struct exchange_limits *lim, sqlite3_stmt *const *ins)
{
    sqlite3_changeset_iter *it = NULL;
    if (sqlite3changeset_start(&it, (int)nblob, (void *)blob) != SQLITE_OK)
        return st_problem(x, STORE_ERR, "交换包的数据无法读取");
    int rc = STORE_OK, src;
    int last = -1;
    const char *last_name = NULL;
    while ((src = sqlite3changeset_next(it)) == SQLITE_ROW) {
        const char *tname;
        int ncol, op, ind;
        sqlite3changeset_op(it, &tname, &ncol, &op, &ind);
        if (last < 0 || strcmp(tname, last_name) != 0) {
            last = st_xtab_index(x, tname);
            last_name = last >= 0 ? x->tabs[last].name : NULL;
            if (last < 0 && strcmp(tname, "district_verdict") == 0) {
                rc = st_problem(x, STORE_ERR_DENIED,
                                "乡镇的交换包不能修改区委组织部的复审结论（表 district_verdict），"
                                "整个交换包未导入");
                break;
            }
            if (last < 0 && strcmp(tname, "spot_check") == 0) {
                rc = st_problem(x, STORE_ERR_DENIED,
                                "乡镇的交换包不能修改指导站的督查记录（表 spot_check），"
                                "督查记录只由区（县）发出，整个交换包未导入");
                break;
            }
            if (last < 0) {
                rc = st_problem(x, STORE_ERR, "交换包含有本程序不认识的表 %.40s", tname);
                break;
            }
        }
        const struct xtab *t = &x->tabs[last];
        if (op != SQLITE_INSERT || ncol != t->nxcols) {
            rc = st_problem(x, STORE_ERR, "交换包中表 %s 的结构与本数据库不符", t->name);
            break;
        }
        /* before anything is applied: the rows of the bundle (what the import holds in memory
         * grows with them), the members */
        if (++*total > lim->max_rows) {
            rc = st_problem(x, STORE_ERR_CONSTRAINT,
                         "交换包中的记录超过 %ld 条（配置 [exchange] max_rows），整个交换包未导入",
                         lim->max_rows);
            break;
        }
        if (++counts[last] > lim->max_members && strcmp(t->name, "member") == 0) {
            rc = st_problem(x, STORE_ERR_CONSTRAINT,
                         "交换包中的党员超过 %ld 名（配置 [exchange] max_members），整个交换包未导入",
                         lim->max_members);
            break;
        }
        sqlite3_value *key = NULL;
        sqlite3changeset_new(it, 0, &key);
        if (!key || sqlite3_value_type(key) != SQLITE_TEXT) {
            rc = st_problem(x, STORE_ERR, "交换包中表 %s 有记录缺少 uuid", t->name);
            break;
        }
        const char *k = (const char *)sqlite3_value_text(key);
        if (!uuid_text(k)) {
            rc = st_problem(x, STORE_ERR_CONSTRAINT, "交换包中表 %s 有记录的编号（uuid）无效，整个交换包未导入",
                         t->name);
            break;
        }
        /* a value bigger than any the ledger makes, before it is applied (and copied) */
        for (int c = 1; c < ncol && rc == STORE_OK; c++) {
            sqlite3_value *v = NULL;
            if (sqlite3changeset_new(it, c, &v) == SQLITE_OK && v &&
                (sqlite3_value_type(v) == SQLITE_TEXT || sqlite3_value_type(v) == SQLITE_BLOB) &&
                sqlite3_value_bytes(v) > EXCHANGE_MAX_VALUE_BYTES)
                rc = st_problem(x, STORE_ERR_CONSTRAINT,
                             "交换包中表 %s 的记录 %.8s 有一项数据超过 1 MB，整个交换包未导入",
                             t->name, k);
        }
        if (rc != STORE_OK) break;
        st_hset_add(&x->bundle, st_hash_text(sqlite3_value_text(key), sqlite3_value_bytes(key)));
        bool foreign = false;
        if (t->def && strcmp(t->name, "branch") == 0) foreign = strcmp(k, branch_uuid) != 0;
        if (branch_col[last] >= 0) {
            sqlite3_value *bv = NULL;
            sqlite3changeset_new(it, branch_col[last], &bv);
            const unsigned char *bt = bv ? sqlite3_value_text(bv) : NULL;
            foreign = !bt || strcmp((const char *)bt, branch_uuid) != 0;
        }
        if (foreign) {
            rc = st_problem(x, STORE_ERR_CONSTRAINT,
                         "交换包中表 %s 的记录 %.8s 属于其他支部，整个交换包未导入", t->name, k);
            break;
        }
        if (ins && (rc = fill_row(x, it, t, ins[last], ncol)) != STORE_OK) break;
    }
    if (rc == STORE_OK && src != SQLITE_DONE) rc = st_problem(x, STORE_ERR, "交换包的数据已损坏");
    sqlite3changeset_finalize(it);
    return rc;
}

/* Every chunk of src checked (scan_chunk), before anything is applied; with ins (one INSERT per
 * table), each change written into the stage once checked (fill_row). */
static int scan_all(struct xctx *x, struct exchange_source *src, const char *branch_uuid,
                    sqlite3_stmt *const *ins)
{
    int branch_col[EXCHANGE_MAX_TABLES];
    for (int i = 0; i < x->ntabs; i++) {
        branch_col[i] = -1;
        const struct xtab *t = &x->tabs[i];
        for (int c = 0; t->def && c < t->ncols; c++)
            if (t->cols[c].ref_table && strcmp(t->cols[c].ref_table, "branch") == 0 &&
                strcmp(t->cols[c].name, "branch_id") == 0)
                branch_col[i] = 2 + c;
    }
    struct exchange_limits lim;
    store_exchange_limits_get(&lim);
    long counts[EXCHANGE_MAX_TABLES] = {0}, total = 0;
    int rc = st_src_rewind(x, src);
    bool more = rc == STORE_OK;
    while (more && rc == STORE_OK) {
        const void *d = NULL;
        size_t n = 0;
        rc = st_src_next(x, src, &d, &n, &more);
        if (rc == STORE_OK && more)
            rc = scan_chunk(x, d, n, branch_uuid, branch_col, counts, &total, &lim, ins);
    }
    x->scanned = total;
    return rc;
}

int st_scan_changeset(struct xctx *x, struct exchange_source *src, const char *branch_uuid)
{
    return scan_all(x, src, branch_uuid, NULL);
}

/* The stage of a branch new here (empty) filled in the same pass that checks the changeset: the
 * one decode instead of the scan's and the apply's. *filled false: the stage is empty again and
 * the caller applies the changeset (a change the apply decides otherwise than by inserting). */
int st_scan_fill(struct xctx *x, struct exchange_source *src, const char *branch_uuid,
                 bool *filled)
{
    *filled = false;
    sqlite3_stmt *ins[EXCHANGE_MAX_TABLES] = {0};
    struct sb q = {0};
    int rc = st_stage_exec(x, "BEGIN", "导入");
    x->jz_odd = false;
    x->jz_tcol = -1;
    for (int i = 0; i < x->ntabs && rc == STORE_OK; i++) {
        const struct xtab *t = &x->tabs[i];
        for (int c = 0; t->pseudo == PS_JOURNAL && c < t->ncols; c++)
            if (strcmp(t->cols[c].name, "table_name") == 0) x->jz_tcol = c + t->nxcols - t->ncols;
        st_sb_reset(&q);
        st_sb_add(&q, "INSERT INTO ");
        st_sb_ident(&q, x->tabs[i].name);
        st_sb_add(&q, " VALUES (?");
        for (int c = 1; c < x->tabs[i].nxcols; c++) st_sb_add(&q, ", ?");
        st_sb_add(&q, ")");
        if (sqlite3_prepare_v2(x->stage, q.p, -1, &ins[i], NULL) != SQLITE_OK)
            rc = st_stage_fail(x, "导入");
    }
    if (rc == STORE_OK) rc = scan_all(x, src, branch_uuid, ins);
    for (int i = 0; i < x->ntabs; i++) sqlite3_finalize(ins[i]);
    if (rc == FILL_FALLBACK) { /* the stage emptied (no journal to roll back with) */
        rc = STORE_OK;
        for (int i = 0; i < x->ntabs && rc == STORE_OK; i++) {
            st_sb_reset(&q);
            st_sb_add(&q, "DELETE FROM ");
            st_sb_ident(&q, x->tabs[i].name);
            rc = st_stage_exec(x, q.p, "导入");
        }
    } else if (rc == STORE_OK) {
        *filled = true;
        x->jz_seen = x->jz_tcol > 0;
    }
    free(q.p);
    int crc = st_stage_exec(x, "COMMIT", "导入");
    return rc == STORE_OK ? crc : rc;
}

/* ---- import: every row written belongs to the branch ----------------------------------- */

/* Every reference of a row to be written (zx_do: added or updated) names a row of the stage —
 * the branch's rows here and the bundle's — or is NULL. References to the branch itself were
 * checked by scan_chunk (branch_id), and the branch's parent is the office above (not in the
 * bundle). The parent named by the table's filter (a resolution's meeting, an allocation's
 * payment ...) makes the row another branch's; any other column refers to one. */
int st_check_belonging(struct xctx *x)
{
    struct sb q = {0};
    int rc = STORE_OK;
    for (int i = 0; i < x->ntabs && rc == STORE_OK; i++) {
        const struct xtab *t = &x->tabs[i];
        if (!t->def) continue;
        for (int c = 0; c < t->ncols && rc == STORE_OK; c++) {
            const struct xcol *col = &t->cols[c];
            if (!col->ref_table || strcmp(col->ref_table, "branch") == 0) continue;
            bool staged = st_xtab_index(x, col->ref_table) >= 0;
            st_sb_reset(&q);
            st_sb_add(&q, "SELECT t.uuid, t.");
            st_sb_ident(&q, col->name);
            st_sb_add(&q, " FROM ");
            st_sb_ident(&q, t->name);
            /* every staged row written (x->every): no need to look each up in zx_do */
            st_sb_add(&q, x->every ? " t WHERE t."
                                   : " t JOIN zx_do d ON d.uuid = t.uuid AND d.act IN (2, 3) WHERE t.");
            st_sb_ident(&q, col->name);
            st_sb_add(&q, " IS NOT NULL");
            if (staged) {
                st_sb_add(&q, " AND NOT EXISTS (SELECT 1 FROM ");
                st_sb_ident(&q, col->ref_table);
                st_sb_add(&q, " r WHERE r.uuid = t.");
                st_sb_ident(&q, col->name);
                st_sb_add(&q, ")");
            }
            st_sb_add(&q, " LIMIT 1");
            sqlite3_stmt *s = NULL;
            if (sqlite3_prepare_v2(x->stage, q.p, -1, &s, NULL) != SQLITE_OK) {
                rc = st_stage_fail(x, "核对交换包");
                break;
            }
            int src = sqlite3_step(s);
            if (src == SQLITE_ROW) {
                const unsigned char *u = sqlite3_column_text(s, 0);
                char uuid[UUID_STR_LEN];
                zb_strlcpy(uuid, u ? (const char *)u : "", sizeof uuid);
                int64_t elsewhere = st_id_here(x, col->ref_table, sqlite3_column_value(s, 1));
                /* the table's filter names its parent: "zt_.<column> IN ..." */
                size_t nl = strlen(col->name);
                bool parent = strncmp(t->def->filter, "zt_.", 4) == 0 &&
                              strncmp(t->def->filter + 4, col->name, nl) == 0 &&
                              t->def->filter[4 + nl] == ' ';
                if (elsewhere < 0) rc = (int)elsewhere;
                else if (elsewhere == 0)
                    rc = st_problem(x, STORE_ERR_CONSTRAINT,
                                 "交换包中表 %s 的记录 %.8s 引用的记录不存在（%s），整个交换包未导入",
                                 t->name, uuid, col->name);
                else if (parent)
                    rc = st_problem(x, STORE_ERR_CONSTRAINT,
                                 "交换包中表 %s 的记录 %.8s 属于其他支部，整个交换包未导入", t->name,
                                 uuid);
                else
                    rc = st_problem(x, STORE_ERR_CONSTRAINT,
                                 "交换包中表 %s 的记录 %.8s 引用了其他支部的记录（%s），整个交换包未导入",
                                 t->name, uuid, col->name);
            } else if (src != SQLITE_DONE) {
                rc = st_stage_fail(x, "核对交换包");
            }
            sqlite3_finalize(s);
        }
        if (rc != STORE_OK) break;
        /* a keyed row (no uuid here) is its parent's, whose belonging was checked above */
        if (XTAB_KEYED(t)) continue;
        /* a row new to this branch whose uuid is another branch's row here */
        st_sb_reset(&q);
        st_sb_add(&q, "SELECT t.uuid FROM ");
        st_sb_ident(&q, t->name);
        st_sb_add(&q, x->every ? " t" : " t JOIN zx_do d ON d.uuid = t.uuid AND d.act = 3");
        sqlite3_stmt *s = NULL;
        if (sqlite3_prepare_v2(x->stage, q.p, -1, &s, NULL) != SQLITE_OK) {
            rc = st_stage_fail(x, "核对交换包");
            break;
        }
        int src;
        while ((src = sqlite3_step(s)) == SQLITE_ROW) {
            int64_t id = st_id_here(x, t->name, sqlite3_column_value(s, 0));
            if (id < 0) rc = (int)id;
            else if (id > 0)
                rc = st_problem(x, STORE_ERR_CONSTRAINT,
                             "交换包中表 %s 的记录 %.8s 属于其他支部，整个交换包未导入", t->name,
                             (const char *)sqlite3_column_text(s, 0));
            if (rc != STORE_OK) break;
        }
        if (rc == STORE_OK && src != SQLITE_DONE) rc = st_stage_fail(x, "核对交换包");
        sqlite3_finalize(s);
    }
    free(q.p);
    return rc;
}

/* Every row to be written passes the rules a form's row passes (import_check.c). */
int st_import_check_rows(struct xctx *x)
{
    struct exchange_limits lim;
    store_exchange_limits_get(&lim);
    char msg[512];
    int rc = st_import_check(x->st, x->stage, &lim, x->every, msg, sizeof msg);
    return rc == STORE_OK ? STORE_OK : st_problem(x, rc, "%s", msg);
}
