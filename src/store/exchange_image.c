/* exchange_image.c — the bundle held to its own journal (issue 12, hole 7): the image's journal as
 * one chain, and every journaled row against it. */
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

/* ---- import: the bundle held to its own journal (issue 12, hole 7) ----------------------
 * A ledger changed behind zhibu's back at the village (the sqlite3 shell: a payment's amount, a
 * meeting's date) fails verify there; so must its bundle here, or the township would take the
 * forged rows as clean and journal them as its own imports. The bundle carries the branch's
 * journal (the pseudo-table journal): before anything is applied, that journal is recomputed as
 * the origin's chain (one chain, from "", hashed as journal.c seals), it must end at the head
 * the manifest declares, and every journaled row the bundle brings must be, as JSON, the newest
 * value that chain holds for it — the same comparison verify makes at the village.
 *
 * How the JSON is compared. The journal's JSON is the origin's: built by the statements of
 * store_json.h over the origin's tables, so it holds the origin's row numbers (member_id 17 is
 * the village's member 17). Translating it into uuids, or the bundle's rows into this office's
 * numbers, would need numbers this office does not have. Instead the bundle's rows are put back
 * the way the origin held them: they are applied, alone, to an empty scratch database ("the
 * image") in the exchange layout, then copied into temporary tables with the live tables' names
 * and columns, each row numbered with its xid (its id at the origin) and each reference turned
 * back from the referenced row's uuid into that row's xid. The store_json.h statements then run
 * unchanged over the temporary tables (temp is searched before main) and give exactly the text
 * the origin computed — for honest rows. Two values the bundle cannot give are taken from the
 * newest journal entry of the row itself: a column that does not travel (amend_request's
 * history_after), and a reference to a row outside the bundle (the village's committee as its
 * branch's parent: its number at the origin is unknown here) — unless the journal's number is
 * that of a row the bundle carries, which means the reference was moved. A child row (an
 * attendance, an allocation) is part of its parent's JSON; its references must be in the
 * bundle. */

static int image_fail(struct xctx *x, sqlite3 *img, const char *what)
{
    return st_problem(x, STORE_ERR, "%s失败: %s", what, sqlite3_errmsg(img));
}

static int image_conflict(void *ctx, int type, sqlite3_changeset_iter *it)
{
    (void)ctx;
    (void)type;
    (void)it;
    return SQLITE_CHANGESET_ABORT; /* the same row twice in one bundle */
}

/* The newest value the image's journal holds for zt_'s row of table t (SQL text). */
static void sb_newest(struct sb *b, const char *table)
{
    st_sb_add(b, "(SELECT zj_.new_json FROM main.journal zj_ WHERE zj_.table_name = '");
    st_sb_add(b, table); /* a name from TABLES */
    st_sb_add(b, "' AND zj_.row_uuid = zt_.uuid AND zj_.new_json IS NOT NULL"
              " ORDER BY zj_.id DESC LIMIT 1)");
}

/* The journal of the image as one chain from "": every entry linked and hashed as the origin
 * sealed it, all of one branch; its head into x->rep; it must be want when want is given. */
static int image_chain(struct xctx *x, sqlite3 *img, const char *want)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(img,
                           "SELECT id, uuid, table_name, row_uuid, action, changed_at, changed_by,"
                           " old_json, new_json, branch_id, prev_hash, hash FROM main.journal"
                           " ORDER BY id",
                           -1, &s, NULL) != SQLITE_OK)
        return image_fail(x, img, "检查交换包的日志");
    char head[65] = "";
    int64_t head_id = 0, branch = 0;
    int rc = STORE_OK, src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(s, 0);
        const unsigned char *prev = sqlite3_column_text(s, 10);
        const unsigned char *stored = sqlite3_column_text(s, 11);
        if (!head_id) branch = sqlite3_column_int64(s, 9);
        char hash[65];
        if ((rc = st_journal_entry_hash(x->st, s, branch, prev ? (const char *)prev : "", hash)) !=
            STORE_OK)
            break;
        bool linked = prev && strcmp((const char *)prev, head) == 0;
        if (!linked || !stored || strcmp((const char *)stored, hash) != 0 ||
            sqlite3_column_type(s, 0) != SQLITE_INTEGER ||
            sqlite3_column_int64(s, 9) != branch) {
            const unsigned char *t = sqlite3_column_text(s, 2), *a = sqlite3_column_text(s, 4);
            rc = st_problem(x, STORE_ERR,
                         "交换包中的日志第 %lld 条（%s %s）与哈希链不符：%s，拒绝导入",
                         (long long)id, code_label_of(LEDGER_TABLES, t ? (const char *)t : ""),
                         code_label_of(HISTORY_ACTIONS, a ? (const char *)a : ""),
                         linked ? "日志被改动" : "它前面的日志被删除或改动");
            break;
        }
        zb_strlcpy(head, (const char *)stored, sizeof head);
        head_id = id;
    }
    if (rc == STORE_OK && src != SQLITE_DONE) rc = image_fail(x, img, "检查交换包的日志");
    sqlite3_finalize(s);
    if (rc != STORE_OK) return rc;
    if (want && strcmp(want, head) != 0)
        return st_problem(x, STORE_ERR,
                       "交换包中的日志与清单记录的链头不符（末尾的日志被删除或改动），拒绝导入");
    x->rep->journal_head_id = head_id;
    zb_strlcpy(x->rep->journal_head, head, sizeof x->rep->journal_head);

    /* the heads this office received before from the same office: still there, the same */
    if (!x->branch_id || !x->origin_office) return STORE_OK;
    sqlite3_stmt *h = st_stmt(x->st,
                              "SELECT entry_id, hash FROM journal_head WHERE branch_id = ?1"
                              " AND office_uuid = ?2 AND entry_id <= ?3 ORDER BY entry_id");
    if (!h) return STORE_ERR;
    if (sqlite3_prepare_v2(img, "SELECT hash FROM main.journal WHERE id = ?1", -1, &s, NULL) !=
        SQLITE_OK) {
        st_done(h);
        return image_fail(x, img, "检查交换包的日志");
    }
    sqlite3_bind_int64(h, 1, x->branch_id);
    st_bind_text(h, 2, x->origin_office);
    sqlite3_bind_int64(h, 3, head_id);
    while (rc == STORE_OK && (src = sqlite3_step(h)) == SQLITE_ROW) {
        int64_t entry = sqlite3_column_int64(h, 0);
        const char *hash = (const char *)sqlite3_column_text(h, 1);
        sqlite3_reset(s);
        sqlite3_bind_int64(s, 1, entry);
        const unsigned char *got = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_text(s, 0) : NULL;
        if (!got || !hash || strcmp((const char *)got, hash) != 0)
            rc = st_problem(x, STORE_ERR,
                         "交换包中的日志第 %lld 条与此前收到的链头 %.8s 不符：支部的日志被删减或改写过，"
                         "拒绝导入",
                         (long long)entry, hash ? hash : "");
    }
    if (rc == STORE_OK && src != SQLITE_DONE)
        rc = st_sqlfail(x->st, sqlite3_extended_errcode(x->st->db), "检查交换包的日志");
    st_done(h);
    sqlite3_finalize(s);
    return rc;
}

/* The live table's columns (besides id and uuid), with their declared types: names[i] and
 * types[i] (heap, NULL-terminated); local[i] true for a column that does not travel. */
struct live_cols {
    char **names, **types;
    bool *local;
    size_t n;
};

static int live_columns(struct xctx *x, const struct xtab *t, struct live_cols *lc)
{
    memset(lc, 0, sizeof *lc);
    lc->names = xcalloc(1, sizeof *lc->names);
    lc->types = xcalloc(1, sizeof *lc->types);
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(x->st->db,
                                "SELECT name, type FROM pragma_table_info(?1) ORDER BY cid", -1,
                                &s, NULL);
    if (rc != SQLITE_OK) return st_sqlfail(x->st, rc, "读取数据库结构");
    sqlite3_bind_text(s, 1, t->name, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(s, 0);
        const char *type = (const char *)sqlite3_column_text(s, 1);
        if (!name || strcmp(name, "id") == 0 || strcmp(name, "uuid") == 0) continue;
        bool travels = false;
        for (int c = 0; c < t->ncols && !travels; c++) travels = strcmp(t->cols[c].name, name) == 0;
        /* a declared type is kept only when it is a plain type name */
        bool plain = type != NULL;
        for (const char *p = type; p && *p && plain; p++)
            plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == ' ';
        lc->names = xrealloc(lc->names, (lc->n + 2) * sizeof *lc->names);
        lc->types = xrealloc(lc->types, (lc->n + 2) * sizeof *lc->types);
        lc->local = xrealloc(lc->local, (lc->n + 1) * sizeof *lc->local);
        lc->names[lc->n] = xstrdup(name);
        lc->types[lc->n] = xstrdup(plain ? type : "");
        lc->local[lc->n] = !travels;
        lc->n++;
        lc->names[lc->n] = lc->types[lc->n] = NULL;
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? STORE_OK : st_sqlfail(x->st, rc, "读取数据库结构");
}

static void live_free(struct live_cols *lc)
{
    for (size_t i = 0; i < lc->n; i++) {
        free(lc->names[i]);
        free(lc->types[i]);
    }
    free(lc->names);
    free(lc->types);
    free(lc->local);
}

/* The declared type of column name (lc), "" when none. */
static const char *live_type(const struct live_cols *lc, const char *name)
{
    for (size_t i = 0; i < lc->n; i++)
        if (strcmp(lc->names[i], name) == 0) return lc->types[i];
    return "";
}

/* A value for the temporary table: the newest journal entry's value of column col (JSON key
 * of the same name), for a journaled table; else NULL. */
static void sb_journal_value(struct sb *b, const struct xtab *t, const char *col)
{
    if (!t->journaled) {
        st_sb_add(b, "NULL");
        return;
    }
    st_sb_add(b, "json_extract(");
    sb_newest(b, t->name);
    st_sb_add(b, ", '$.\"");
    st_sb_add(b, col); /* a column name from the schema: letters, digits and _ */
    st_sb_add(b, "\"')");
}

/* The temporary table of t in the origin's numbering, filled from the image. */
static int image_table(struct xctx *x, sqlite3 *img, const struct xtab *t)
{
    struct live_cols lc;
    int rc = live_columns(x, t, &lc);
    if (rc != STORE_OK) {
        live_free(&lc);
        return rc;
    }
    /* the live tables' declared types: the same affinities as at the origin, and indexes that
     * serve comparisons with integer ids */
    struct sb b = {0};
    st_sb_add(&b, "CREATE TEMP TABLE ");
    st_sb_ident(&b, t->name);
    st_sb_add(&b, "(id INTEGER PRIMARY KEY, uuid TEXT");
    for (int c = 0; c < t->ncols; c++) {
        st_sb_add(&b, ", ");
        st_sb_ident(&b, t->cols[c].name);
        st_sb_add(&b, " ");
        st_sb_add(&b, live_type(&lc, t->cols[c].name));
    }
    for (size_t i = 0; i < lc.n; i++) {
        if (!lc.local[i]) continue;
        st_sb_add(&b, ", ");
        st_sb_ident(&b, lc.names[i]);
        st_sb_add(&b, " ");
        st_sb_add(&b, lc.types[i]);
    }
    st_sb_add(&b, ");");
    if (t->def->parent_col) { /* the JSON statements read children by their parent */
        char index[64];
        snprintf(index, sizeof index, "zx_parent_%s", t->name);
        st_sb_add(&b, "CREATE INDEX temp.");
        st_sb_ident(&b, index);
        st_sb_add(&b, " ON ");
        st_sb_ident(&b, t->name);
        st_sb_add(&b, "(");
        st_sb_ident(&b, t->def->parent_col);
        st_sb_add(&b, ");");
    }
    st_sb_add(&b, "INSERT INTO temp.");
    st_sb_ident(&b, t->name);
    st_sb_add(&b, " SELECT zt_.xid, zt_.uuid");
    for (int c = 0; c < t->ncols; c++) {
        const struct xcol *col = &t->cols[c];
        st_sb_add(&b, ", ");
        if (!col->ref_table) {
            st_sb_add(&b, "zt_.");
            st_sb_ident(&b, col->name);
            continue;
        }
        /* a reference: the referenced row's number at the origin */
        bool in_image = st_xtab_index(x, col->ref_table) >= 0;
        const char *to = strcmp(col->ref_to, "id") == 0 ? "xid" : col->ref_to;
        st_sb_add(&b, "CASE WHEN zt_.");
        st_sb_ident(&b, col->name);
        st_sb_add(&b, " IS NULL THEN NULL ELSE ");
        if (in_image) { /* the row looked up once (uuid is the stage's key: one row at most) */
            st_sb_add(&b, "(SELECT CASE WHEN zr_.uuid IS NOT NULL THEN zr_.");
            st_sb_ident(&b, to);
            st_sb_add(&b, " ELSE ");
        }
        /* outside the bundle: the journal's number, unless it is a row the bundle carries */
        st_sb_add(&b, "(SELECT CASE WHEN zv_.v IS NOT NULL");
        if (in_image) {
            st_sb_add(&b, " AND NOT EXISTS (SELECT 1 FROM main.");
            st_sb_ident(&b, col->ref_table);
            st_sb_add(&b, " zr_ WHERE zr_.");
            st_sb_ident(&b, to);
            st_sb_add(&b, " = zv_.v)");
        }
        st_sb_add(&b, " THEN zv_.v ELSE -1 END FROM (SELECT ");
        sb_journal_value(&b, t, col->name);
        st_sb_add(&b, " AS v) zv_)");
        if (in_image) {
            st_sb_add(&b, " END FROM (SELECT 1) LEFT JOIN main.");
            st_sb_ident(&b, col->ref_table);
            st_sb_add(&b, " zr_ ON zr_.uuid = zt_.");
            st_sb_ident(&b, col->name);
            st_sb_add(&b, ")");
        }
        st_sb_add(&b, " END");
    }
    for (size_t i = 0; i < lc.n; i++) {
        if (!lc.local[i]) continue;
        st_sb_add(&b, ", ");
        sb_journal_value(&b, t, lc.names[i]);
    }
    st_sb_add(&b, " FROM main.");
    st_sb_ident(&b, t->name);
    st_sb_add(&b, " zt_;");
    live_free(&lc);
    rc = sqlite3_exec(img, b.p, NULL, NULL, NULL);
    free(b.p);
    if (rc == SQLITE_CONSTRAINT || rc == SQLITE_MISMATCH)
        return st_problem(x, STORE_ERR, "交换包中表 %s 的记录编号无效或重复，拒绝导入", t->name);
    return rc == SQLITE_OK ? STORE_OK : image_fail(x, img, "检查交换包");
}

/* Every journaled row of the image against the newest value of its journal. */
static int image_rows(struct xctx *x, sqlite3 *img, const struct xtab *t)
{
    char *json = st_journal_json_expr(t->name, "zt_.id");
    if (!json) return STORE_OK;
    struct sb b = {0};
    st_sb_add(&b, "SELECT zt_.uuid, ");
    st_sb_add(&b, json);
    st_sb_add(&b, ", ");
    sb_newest(&b, t->name);
    st_sb_add(&b, " FROM temp.");
    st_sb_ident(&b, t->name);
    st_sb_add(&b, " zt_ ORDER BY zt_.id");
    free(json);
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(img, b.p, -1, &s, NULL);
    free(b.p);
    if (rc != SQLITE_OK) return image_fail(x, img, "检查交换包");
    rc = STORE_OK;
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        const unsigned char *uuid = sqlite3_column_text(s, 0);
        const unsigned char *now = sqlite3_column_text(s, 1);
        const unsigned char *newest = sqlite3_column_text(s, 2);
        if (now && newest && strcmp((const char *)now, (const char *)newest) == 0) continue;
        const char *label = code_label_of(LEDGER_TABLES, t->name);
        rc = newest ? st_problem(x, STORE_ERR,
                              "交换包中的%s %.8s 与包内日志的最新内容不符（在 zhibu 之外被改动），"
                              "拒绝导入",
                              label, uuid ? (const char *)uuid : "")
                    : st_problem(x, STORE_ERR,
                              "交换包中的%s %.8s 不在包内的日志中（在 zhibu 之外写入），拒绝导入",
                              label, uuid ? (const char *)uuid : "");
        break;
    }
    if (rc == STORE_OK && src != SQLITE_DONE) rc = image_fail(x, img, "检查交换包");
    sqlite3_finalize(s);
    return rc;
}

/* The rows of the stage's exchange tables (STORE_OK) and whether they are as many as the bundle
 * carries (*whole): a uuid twice in one table leaves one row. */
static int stage_rows(struct xctx *x, bool *whole)
{
    long n = 0;
    struct sb b = {0};
    int rc = STORE_OK;
    for (int i = 0; i < x->ntabs && rc == STORE_OK; i++) {
        st_sb_reset(&b);
        st_sb_add(&b, "SELECT count(*) FROM main.");
        st_sb_ident(&b, x->tabs[i].name);
        sqlite3_stmt *s = NULL;
        if (sqlite3_prepare_v2(x->stage, b.p, -1, &s, NULL) != SQLITE_OK ||
            sqlite3_step(s) != SQLITE_ROW)
            rc = image_fail(x, x->stage, "检查交换包");
        else
            n += (long)sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
    }
    free(b.p);
    *whole = n == x->scanned;
    return rc;
}

/* The checks on an image (its journal indexed, the chain, the temporary tables, the rows). */
static int image_check(struct xctx *x, sqlite3 *img, const char *head)
{
    int rc = STORE_OK;
    if (sqlite3_exec(img, "CREATE INDEX main.zx_journal_row ON journal(table_name, row_uuid, id);"
                          "CREATE INDEX main.zx_journal_id ON journal(id);",
                     NULL, NULL, NULL) != SQLITE_OK)
        rc = image_fail(x, img, "检查交换包");
    if (rc == STORE_OK) rc = image_chain(x, img, head);
    for (int i = 0; i < x->ntabs && rc == STORE_OK; i++)
        if (x->tabs[i].def) rc = image_table(x, img, &x->tabs[i]);
    for (int i = 0; i < x->ntabs && rc == STORE_OK; i++)
        if (x->tabs[i].def && x->tabs[i].journaled) rc = image_rows(x, img, &x->tabs[i]);
    return rc;
}

/* A branch new here, its journal applied: the stage holds exactly what the image would (nothing
 * here was copied into it, and every bundle row was applied as it is — a uuid twice in a table,
 * which the image refuses, is found by the count), so the checks run on the stage itself, with
 * no second apply. The temporary tables (named as the live ones) are dropped afterwards: the
 * writes read the stage's own tables by those names. */
static int check_on_stage(struct xctx *x, struct exchange_source *src)
{
    bool whole = false;
    int rc = stage_rows(x, &whole);
    if (rc == STORE_OK && !whole) return st_problem(x, STORE_ERR, "交换包中有重复的记录，拒绝导入");
    if (rc == STORE_OK) rc = image_check(x, x->stage, src->journal_head);
    struct sb b = {0};
    for (int i = 0; i < x->ntabs; i++) {
        if (!x->tabs[i].def) continue;
        st_sb_add(&b, "DROP TABLE IF EXISTS temp.");
        st_sb_ident(&b, x->tabs[i].name);
        st_sb_add(&b, ";");
    }
    if (b.p && sqlite3_exec(x->stage, b.p, NULL, NULL, NULL) != SQLITE_OK && rc == STORE_OK)
        rc = image_fail(x, x->stage, "检查交换包");
    free(b.p);
    return rc;
}

/* The check described above, over the chunks of src; nothing of this database is written. */
int st_check_journal(struct xctx *x, struct exchange_source *src)
{
    if (st_xtab_index(x, JOURNAL) < 0) return STORE_OK; /* a verdicts bundle carries none */
    if (!x->branch_id && !x->skip_journal && x->stage) return check_on_stage(x, src);
    sqlite3 *img = NULL;
    if (sqlite3_open_v2("", &img, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        sqlite3_close(img);
        return st_fail(x->st, STORE_ERR, "无法建立交换用的临时数据库");
    }
    struct sb b = {0};
    st_sb_add(&b, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; BEGIN;");
    st_exchange_ddl(x, &b);
    st_sb_add(&b, "COMMIT;");
    int rc = sqlite3_exec(img, b.p, NULL, NULL, NULL) == SQLITE_OK
                 ? STORE_OK
                 : image_fail(x, img, "建立交换表");
    free(b.p);
    if (rc == STORE_OK) rc = st_src_rewind(x, src);
    bool more = rc == STORE_OK;
    if (more) rc = sqlite3_exec(img, "BEGIN", NULL, NULL, NULL) == SQLITE_OK
                       ? STORE_OK : image_fail(x, img, "检查交换包");
    while (more && rc == STORE_OK) {
        const void *d = NULL;
        size_t n = 0;
        rc = st_src_next(x, src, &d, &n, &more);
        if (rc != STORE_OK || !more) break;
        if (sqlite3changeset_apply(img, (int)n, (void *)d, NULL, image_conflict, x) != SQLITE_OK)
            rc = st_problem(x, STORE_ERR, "交换包中有重复的记录，拒绝导入");
    }
    if (rc == STORE_OK) rc = image_check(x, img, src->journal_head);
    sqlite3_close(img);
    return rc;
}
