/* exchange_import.c — applying a changeset to this database (store_exchange_import): the conflict
 * handler, who may import, and the import's steps in order. */
#include "exchange_priv.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import_check.h"
#include "store_json.h"
#include "zhibu/clock.h"
#include "zhibu/store_exchange.h"
#include "zhibu/store_office.h"
#include "zhibu/util.h"

/* ---- import: the conflict handler ------------------------------------------------------ */

static struct lookup *lookup_of(struct xctx *x, const char *table)
{
    for (int i = 0; i < x->nlook; i++)
        if (strcmp(x->look[i].table, table) == 0) return &x->look[i];
    if (x->nlook >= EXCHANGE_MAX_TABLES) return NULL;
    struct sb b = {0};
    st_sb_add(&b, "SELECT id FROM ");
    st_sb_ident(&b, table);
    st_sb_add(&b, " WHERE uuid = ?1");
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(x->st->db, b.p, -1, &s, NULL);
    free(b.p);
    if (rc != SQLITE_OK) {
        st_sqlfail(x->st, rc, "读取数据库结构");
        return NULL;
    }
    struct lookup *l = &x->look[x->nlook++];
    l->table = xstrdup(table);
    l->s = s;
    return l;
}

/* The memo of a lookup: uuid -> id of rows known to be here with that id. Only what this
 * import saw here (found, or written by it) is kept; it is dropped whole when the import
 * removes a row (st_id_forget). Keys are compared in full. */
static size_t memo_slot(const struct lookup *l, const unsigned char *u)
{
    uint64_t h = st_hash_text(u, UUID_STR_LEN - 1);
    size_t j = (size_t)(h * 0x9E3779B97F4A7C15ull) & (l->mcap - 1);
    while (l->memo[j].id && memcmp(l->memo[j].uuid, u, UUID_STR_LEN - 1) != 0)
        j = (j + 1) & (l->mcap - 1);
    return j;
}

static int64_t memo_get(const struct lookup *l, const unsigned char *u)
{
    return l->mcap ? l->memo[memo_slot(l, u)].id : 0;
}

static void memo_put(struct lookup *l, const unsigned char *u, int64_t id)
{
    if ((l->mn + 1) * 4 > l->mcap * 3) { /* at most 3/4 full */
        struct lookup g = {.mcap = l->mcap ? l->mcap * 2 : 256};
        g.memo = xcalloc(g.mcap, sizeof *g.memo);
        for (size_t i = 0; i < l->mcap; i++)
            if (l->memo[i].id)
                g.memo[memo_slot(&g, (const unsigned char *)l->memo[i].uuid)] = l->memo[i];
        free(l->memo);
        l->memo = g.memo;
        l->mcap = g.mcap;
    }
    struct idslot *e = &l->memo[memo_slot(l, u)];
    if (!e->id) l->mn++;
    e->id = id;
    memcpy(e->uuid, u, UUID_STR_LEN - 1);
    e->uuid[UUID_STR_LEN - 1] = '\0';
}

/* a key the memo takes: text of a uuid's length */
static const unsigned char *memo_key(sqlite3_value *uuid)
{
    if (!uuid || sqlite3_value_type(uuid) != SQLITE_TEXT) return NULL;
    const unsigned char *u = sqlite3_value_text(uuid);
    return u && sqlite3_value_bytes(uuid) == UUID_STR_LEN - 1 ? u : NULL;
}

/* The id here of table's row uuid: > 0 found, 0 not here, < 0 failure. */
int64_t st_id_here(struct xctx *x, const char *table, sqlite3_value *uuid)
{
    struct lookup *l = lookup_of(x, table);
    if (!l) return STORE_ERR;
    const unsigned char *key = memo_key(uuid);
    int64_t id = key ? memo_get(l, key) : 0;
    if (id > 0) return id;
    sqlite3_reset(l->s);
    sqlite3_bind_value(l->s, 1, uuid);
    int rc = sqlite3_step(l->s);
    id = rc == SQLITE_ROW ? sqlite3_column_int64(l->s, 0) : 0;
    sqlite3_reset(l->s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return st_sqlfail(x->st, rc, "查找关联记录");
    if (id > 0 && key) memo_put(l, key, id);
    return id;
}

/* A row this import has just written into table with that id. */
void st_id_written(struct xctx *x, const char *table, sqlite3_value *uuid, int64_t id)
{
    struct lookup *l = lookup_of(x, table);
    const unsigned char *key = memo_key(uuid);
    if (l && key && id > 0) memo_put(l, key, id);
}

/* A row removed: nothing the memo holds is taken for granted any more. */
void st_id_forget(struct xctx *x)
{
    for (int i = 0; i < x->nlook; i++) {
        free(x->look[i].memo);
        x->look[i].memo = NULL;
        x->look[i].mcap = x->look[i].mn = 0;
    }
}

bool st_in_bundle(const struct xctx *x, sqlite3_value *v)
{
    if (!v || sqlite3_value_type(v) != SQLITE_TEXT) return false;
    return st_hset_has(&x->bundle, st_hash_text(sqlite3_value_text(v), sqlite3_value_bytes(v)));
}

static bool same_value(sqlite3_value *a, sqlite3_value *b)
{
    int ta = a ? sqlite3_value_type(a) : SQLITE_NULL, tb = b ? sqlite3_value_type(b) : SQLITE_NULL;
    if (ta != tb) return false;
    switch (ta) {
    case SQLITE_NULL: return true;
    case SQLITE_INTEGER: return sqlite3_value_int64(a) == sqlite3_value_int64(b);
    case SQLITE_FLOAT: return sqlite3_value_double(a) == sqlite3_value_double(b);
    case SQLITE_TEXT: {
        int n = sqlite3_value_bytes(a);
        return n == sqlite3_value_bytes(b) &&
               memcmp(sqlite3_value_text(a), sqlite3_value_text(b), (size_t)n) == 0;
    }
    default: {
        int n = sqlite3_value_bytes(a);
        return n == sqlite3_value_bytes(b) &&
               (n == 0 || memcmp(sqlite3_value_blob(a), sqlite3_value_blob(b), (size_t)n) == 0);
    }
    }
}

static void record(struct xctx *x, sqlite3_value *uuid, int state)
{
    if (x->ndec == x->capdec) {
        x->capdec = x->capdec ? x->capdec * 2 : 1024;
        x->dec = xrealloc(x->dec, x->capdec * sizeof *x->dec);
    }
    struct decision *d = &x->dec[x->ndec++];
    const unsigned char *t = sqlite3_value_text(uuid);
    zb_strlcpy(d->uuid, t ? (const char *)t : "", sizeof d->uuid);
    d->state = state;
}

static int on_filter(void *ctx, const char *table)
{
    const struct xctx *x = ctx;
    return !(x->skip_journal && strcmp(table, JOURNAL) == 0);
}

static int on_conflict(void *ctx, int type, sqlite3_changeset_iter *it)
{
    struct xctx *x = ctx;
    const char *tname;
    int ncol, op, indirect;
    if (sqlite3changeset_op(it, &tname, &ncol, &op, &indirect) != SQLITE_OK) goto abort;
    int ti = st_xtab_index(x, tname);
    if (ti < 0 || type != SQLITE_CHANGESET_CONFLICT || op != SQLITE_INSERT) goto abort;
    struct xtab *t = &x->tabs[ti];
    sqlite3_value *key = NULL;
    if (sqlite3changeset_new(it, 0, &key) != SQLITE_OK) goto abort;
    if (t->pseudo == PS_JOURNAL) { /* insert only: an entry already here stays as it is */
        record(x, key, ST_UNCHANGED);
        return SQLITE_CHANGESET_OMIT;
    }
    bool same = true;
    for (int c = 1; c < ncol && same; c++) {
        sqlite3_value *nv = NULL, *ov = NULL;
        if (sqlite3changeset_new(it, c, &nv) != SQLITE_OK ||
            sqlite3changeset_conflict(it, c, &ov) != SQLITE_OK)
            goto abort;
        if (t->def && c == 1) continue; /* xid: the origin's number, not a value */
        /* a keyed row's timestamps are its parent's here: not a value of its own */
        if (t->def && c >= 2 && t->cols[c - 2].virt) continue;
        if (same_value(nv, ov)) continue;
        const struct xcol *col = t->def && c >= 2 ? &t->cols[c - 2] : NULL;
        /* a reference to a row neither here nor in the bundle is no difference: it cannot be
         * placed here and leaves this office's value as it is */
        if (col && col->ref_table && nv && sqlite3_value_type(nv) == SQLITE_TEXT &&
            !st_in_bundle(x, nv)) {
            int64_t id = st_id_here(x, col->ref_table, nv);
            if (id < 0) goto abort;
            if (id == 0) continue;
        }
        same = false;
    }
    if (same) {
        record(x, key, ST_UNCHANGED);
        return SQLITE_CHANGESET_OMIT;
    }
    bool replace = false;
    if (t->owner != OWN_RECEIVER) {
        if (t->upd_col < 0) {
            replace = !x->older;
        } else {
            sqlite3_value *nv = NULL, *ov = NULL;
            if (sqlite3changeset_new(it, t->upd_col, &nv) != SQLITE_OK ||
                sqlite3changeset_conflict(it, t->upd_col, &ov) != SQLITE_OK)
                goto abort;
            const char *n = nv ? (const char *)sqlite3_value_text(nv) : NULL;
            const char *o = ov ? (const char *)sqlite3_value_text(ov) : NULL;
            int cmp = strcmp(n ? n : "", o ? o : "");
            replace = t->owner == OWN_SENDER ? cmp >= 0 : cmp > 0;
        }
    }
    record(x, key, replace ? ST_UPDATED : ST_KEPT);
    return replace ? SQLITE_CHANGESET_REPLACE : SQLITE_CHANGESET_OMIT;
abort:
    if (!x->failed) x->failed = st_fail(x->st, STORE_ERR, "导入失败: 无法比较交换包中的记录");
    return SQLITE_CHANGESET_ABORT;
}

/* ---- import ---------------------------------------------------------------------------- */

static int64_t branch_by_uuid(struct store *st, const char *uuid)
{
    sqlite3_stmt *s = st_stmt(st, "SELECT id FROM branch WHERE uuid = ?1");
    if (!s) return STORE_ERR;
    st_bind_text(s, 1, uuid);
    int rc = sqlite3_step(s);
    int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    st_done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取支部");
    return id;
}

/* Whether exported_at is older than the newest bundle of this kind imported for the branch. */
static int older_than_last(struct store *st, int64_t branch_id, enum exchange_kind kind,
                           const char *exported_at)
{
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT max(exported_at) FROM bundle_log WHERE branch_id = ?1"
                              " AND kind = ?2");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, exchange_kind_code(kind));
    int older = 0;
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
        older = strcmp(exported_at, (const char *)sqlite3_column_text(s, 0)) < 0;
    st_done(s);
    return older;
}

/* Who may import: a ledger — a reviewer in scope, an admin, the system; verdicts — the
 * branch's secretary, an admin, the system, and only into a village's database unless the
 * bundle is this office's own (from_self: origin_office is this office's; store_bundle_import
 * has checked that such a bundle is signed by this office's key): a township or district is
 * itself the reviewing office of its branches (store_office.h). parent_id: the new branch's
 * parent here (0). */
static int may_import(struct store *st, enum exchange_kind kind, int64_t branch_id,
                      int64_t parent_id, bool from_self, bool from_township)
{
    const struct store_session *se = &st->session;
    /* a township's month bundle at a district (bundle_month.c has checked the signer, the
     * township's registration and the branch's township): the district's reviewer or admin */
    if (from_township) {
        if (store_may_admin(st) || se->role == STORE_ROLE_REVIEWER) return STORE_OK;
        return st_fail(st, STORE_ERR_DENIED, "只有区委组织部的审查员或管理员能导入乡镇的月度交换包");
    }
    if (kind == EXCHANGE_VERDICTS && !from_self) {
        char office[16];
        int rc = store_office_get_kind(st, office, sizeof office);
        if (rc != STORE_OK) return rc;
        if (strcmp(office, "village") != 0)
            return st_fail(st, STORE_ERR_DENIED,
                           "本数据库是%s，是其支部的审查单位：不接受其他单位导出的审查结论",
                           office_kind_label(office));
    }
    if (store_may_admin(st)) return STORE_OK;
    if (kind == EXCHANGE_LEDGER) {
        if (se->role == STORE_ROLE_REVIEWER &&
            (branch_id ? store_may_review(st, branch_id)
                       : se->branch_id == 0 || parent_id == se->branch_id))
            return STORE_OK;
        return st_fail(st, STORE_ERR_DENIED, "只有审查员或管理员能导入支部台账");
    }
    if (se->role == STORE_ROLE_SECRETARY && branch_id && store_may_edit(st, branch_id))
        return STORE_OK;
    return st_fail(st, STORE_ERR_DENIED, "只有本支部的书记或管理员能导入审查结论");
}

/* ---- walking the changes of a bundle, chunk by chunk ----------------------------------- */

/* what a walk's function returns to end the walk early, with success */
#define WALK_STOP 1

typedef int (*change_fn)(struct xctx *x, sqlite3_changeset_iter *it, void *ctx);

/* Every change of every chunk of src, in order, handed to fn until fn returns anything but
 * STORE_OK (WALK_STOP: done, STORE_OK returned; a failure: returned). quiet: a chunk that cannot
 * be read ends the walk with STORE_OK and no word (st_scan_changeset reports it); else it is the
 * walk's failure. */
static int walk_changes(struct xctx *x, struct exchange_source *src, bool quiet, change_fn fn,
                        void *ctx)
{
    int rc = quiet ? (src->rewind(src->ctx) == STORE_OK ? STORE_OK : WALK_STOP)
                   : st_src_rewind(x, src);
    bool more = rc == STORE_OK;
    while (more && rc == STORE_OK) {
        const void *d = NULL;
        size_t n = 0;
        if (quiet) {
            more = src->next(src->ctx, &d, &n) > 0;
            if (!more || n == 0 || n > (size_t)INT32_MAX) continue;
        } else {
            rc = st_src_next(x, src, &d, &n, &more);
            if (rc != STORE_OK || !more) break;
        }
        sqlite3_changeset_iter *it = NULL;
        if (sqlite3changeset_start(&it, (int)n, (void *)d) != SQLITE_OK) {
            sqlite3changeset_finalize(it);
            /* scanned already when not quiet */
            return quiet ? STORE_OK : st_problem(x, STORE_ERR, "交换包的数据无法读取");
        }
        while (rc == STORE_OK && sqlite3changeset_next(it) == SQLITE_ROW) rc = fn(x, it, ctx);
        sqlite3changeset_finalize(it);
    }
    return rc == WALK_STOP ? STORE_OK : rc;
}

/* bundle_parent's walk: the parent column of the first branch row */
struct parent_walk {
    int pc;     /* the exchange column of parent_id */
    int64_t id; /* the parent here (0: none, or not here) */
};

static int parent_of_branch(struct xctx *x, sqlite3_changeset_iter *it, void *ctx)
{
    struct parent_walk *w = ctx;
    const char *tname;
    int ncol, op, ind;
    sqlite3changeset_op(it, &tname, &ncol, &op, &ind);
    if (strcmp(tname, "branch") != 0 || ncol <= w->pc) return STORE_OK;
    sqlite3_value *v = NULL;
    if (sqlite3changeset_new(it, w->pc, &v) == SQLITE_OK && v &&
        sqlite3_value_type(v) == SQLITE_TEXT) {
        int64_t id = st_id_here(x, "branch", v);
        w->id = id > 0 ? id : 0;
    }
    return WALK_STOP;
}

/* The parent named by the bundle's branch row, here (0 when none). */
static int64_t bundle_parent(struct xctx *x, struct exchange_source *src)
{
    int bt = st_xtab_index(x, "branch");
    if (bt < 0) return 0;
    const struct xtab *t = &x->tabs[bt];
    struct parent_walk w = {.pc = -1};
    for (int c = 0; c < t->ncols; c++)
        if (strcmp(t->cols[c].name, "parent_id") == 0) w.pc = 2 + c;
    if (w.pc < 0) return 0;
    /* a failure to read is reported by st_scan_changeset */
    walk_changes(x, src, true, parent_of_branch, &w);
    return w.id;
}

/* rekey_children's walk: each keyed row's (table, parent, key, uuid) into zx_rekey (put) */
static int rekey_put(struct xctx *x, sqlite3_changeset_iter *it, void *ctx)
{
    sqlite3_stmt *put = ctx;
    const char *tname;
    int ncol, op, ind;
    sqlite3changeset_op(it, &tname, &ncol, &op, &ind);
    int ti = st_xtab_index(x, tname);
    if (ti < 0 || !XTAB_KEYED(&x->tabs[ti]) || op != SQLITE_INSERT) return STORE_OK;
    const struct xtab *t = &x->tabs[ti];
    sqlite3_value *u = NULL, *p = NULL, *k = NULL;
    if (sqlite3changeset_new(it, 0, &u) != SQLITE_OK ||
        sqlite3changeset_new(it, t->parent_xcol, &p) != SQLITE_OK ||
        sqlite3changeset_new(it, t->key_xcol, &k) != SQLITE_OK)
        return STORE_OK;
    sqlite3_reset(put);
    sqlite3_bind_int(put, 1, ti);
    sqlite3_bind_value(put, 2, p);
    sqlite3_bind_value(put, 3, k);
    sqlite3_bind_value(put, 4, u);
    return sqlite3_step(put) == SQLITE_DONE ? STORE_OK : st_stage_fail(x, "导入");
}

/* A bundle of an office before schema 13 gives each attendance and allocation row a random
 * uuid of its own; this office derives them (st_child_uuid). The branch's rows here, staged under
 * their derived uuids, take the bundle's uuid of the row with the same parent and key, so that
 * the apply matches them by (meeting, member) / (payment, month) as it matches any row by uuid.
 * A row of the bundle that matches none stays new (added); the rest is as for any bundle. */
static int rekey_children(struct xctx *x, struct exchange_source *src)
{
    int rc = st_stage_exec(x, "BEGIN; CREATE TABLE zx_rekey(tab, p, k, uuid);", "导入");
    sqlite3_stmt *put = NULL;
    if (rc == STORE_OK &&
        sqlite3_prepare_v2(x->stage, "INSERT INTO zx_rekey VALUES (?1, ?2, ?3, ?4)", -1, &put,
                           NULL) != SQLITE_OK)
        rc = st_stage_fail(x, "导入");
    if (rc == STORE_OK) rc = walk_changes(x, src, false, rekey_put, put);
    sqlite3_finalize(put);
    struct sb q = {0};
    for (int i = 0; i < x->ntabs && rc == STORE_OK; i++) {
        const struct xtab *t = &x->tabs[i];
        if (!XTAB_KEYED(t)) continue;
        st_sb_reset(&q);
        st_sb_add(&q, "CREATE TABLE zx_map(old PRIMARY KEY, new) WITHOUT ROWID;"
                      "INSERT OR IGNORE INTO zx_map SELECT t.uuid, r.uuid FROM ");
        st_sb_ident(&q, t->name);
        st_sb_fmt(&q, " t JOIN zx_rekey r ON r.tab = %d AND r.p = t.", i);
        st_sb_ident(&q, t->cols[t->parent_xcol - 2].name);
        st_sb_add(&q, " AND r.k = t.");
        st_sb_ident(&q, t->cols[t->key_xcol - 2].name);
        st_sb_add(&q, " WHERE r.uuid IS NOT t.uuid;"
                      "UPDATE zx_here SET uuid = (SELECT new FROM zx_map WHERE old = zx_here.uuid)"
                      " WHERE uuid IN (SELECT old FROM zx_map);UPDATE ");
        st_sb_ident(&q, t->name);
        st_sb_add(&q, " SET uuid = (SELECT new FROM zx_map WHERE old = uuid)"
                      " WHERE uuid IN (SELECT old FROM zx_map);DROP TABLE zx_map;");
        rc = st_stage_exec(x, q.p, "导入");
    }
    free(q.p);
    if (rc == STORE_OK) rc = st_stage_exec(x, "DROP TABLE zx_rekey; COMMIT;", "导入");
    else sqlite3_exec(x->stage, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

static int import_inner(struct xctx *x, struct exchange_source *src, const char *branch_uuid,
                        const char *branch_code, const char *origin_office,
                        const char *exported_at)
{
    struct store *st = x->st;
    struct exchange_report *out = x->rep;
    int64_t here = branch_by_uuid(st, branch_uuid);
    if (here < 0) return (int)here;
    if (!here) {
        struct branch other;
        int r = store_branch_by_code(st, branch_code, &other);
        if (r == STORE_OK)
            return st_problem(x, STORE_ERR_CONSTRAINT, "本数据库已有组织代码 %s 的另一个支部",
                           branch_code);
        if (r != STORE_ERR_NOT_FOUND) return r;
        if (x->kind == EXCHANGE_VERDICTS)
            return st_problem(x, STORE_ERR_NOT_FOUND, "本数据库没有支部 %s，审查结论无处可放",
                           branch_code);
        char office[16];
        r = store_office_get_kind(st, office, sizeof office);
        if (r != STORE_OK) return r;
        /* a village's database takes its own branch only; a new one without any branch yet
         * takes its first: the village rebuilding its ledger from its last bundle (a PC that
         * died) — the signature and the confirmed fingerprint decide as for any bundle */
        int branches = store_branch_count(st);
        if (branches < 0) return branches;
        if (strcmp(office, "township") != 0 && strcmp(office, "district") != 0 && branches > 0)
            return st_problem(x, STORE_ERR_CONSTRAINT,
                           "这是村（社区）支部的数据库，只能导入本支部的台账（新建的、还没有支部的"
                           "数据库可以导入本支部最近的交换包来重建台账）");
    }
    x->branch_id = here;
    out->branch_id = here;
    out->branch_new = here == 0;
    zb_strlcpy(out->branch_code, branch_code, sizeof out->branch_code);
    char office_here[64] = "";
    if (store_meta_get(st, "office_uuid", office_here, sizeof office_here) != STORE_OK)
        office_here[0] = '\0';
    bool from_self = origin_office && *office_here && strcmp(origin_office, office_here) == 0;
    int rc = may_import(st, x->kind, here, here ? 0 : bundle_parent(x, src), from_self,
                        src->from_township);
    if (rc != STORE_OK) {
        zb_strlcpy(out->problem, st->err, sizeof out->problem);
        return rc;
    }

    x->skip_journal = from_self;
    x->origin_office = origin_office;
    if (here) {
        int older = older_than_last(st, here, x->kind, exported_at);
        if (older < 0) return older;
        x->older = older;
    }

    /* a branch new here: the stage in a file of its own, attached for the writes (st_write_bulk) */
    if (!here) x->stage_path = st_stage_file();
    rc = st_create_stage(x);
    if (x->stage_path) {
        /* open on both connections: the file's name is not needed any more (a stage left by
         * nothing when the process ends, and no name by which anything else could reach it) */
        if (rc == STORE_OK) st_stage_attach(x);
        unlink(x->stage_path);
        free(x->stage_path);
        x->stage_path = NULL;
    }
    if (rc == STORE_OK && here) {
        rc = st_stage_exec(x, "BEGIN", "导入");
        if (rc == STORE_OK) rc = st_copy_rows(x, here, true, NULL);
        if (rc == STORE_OK) rc = st_stage_exec(x, "COMMIT", "导入");
    }
    /* a branch new here: its stage empty, the changeset checked and staged in one pass */
    bool filled = false;
    if (rc == STORE_OK && !here) rc = st_scan_fill(x, src, branch_uuid, &filled);
    if (rc == STORE_OK && !filled) rc = st_scan_changeset(x, src, branch_uuid);
    if (rc == STORE_OK && here && x->from_version > 0 && x->from_version < 13)
        rc = rekey_children(x, src);
    if (rc != STORE_OK) return rc;

    /* the chunks in order; a row may refer to a row of a later chunk: the stage has no
     * foreign keys, and references are resolved only when the rows are written back */
    if (!filled) rc = st_src_rewind(x, src);
    bool more = rc == STORE_OK && !filled;
    while (more && rc == STORE_OK) {
        const void *d = NULL;
        size_t n = 0;
        rc = st_src_next(x, src, &d, &n, &more);
        if (rc != STORE_OK || !more) break;
        int arc = sqlite3changeset_apply(x->stage, (int)n, (void *)d, on_filter, on_conflict, x);
        if (x->failed) return x->failed;
        if (arc != SQLITE_OK)
            return st_problem(x, STORE_ERR, "交换包的数据无法应用: %s", sqlite3_errmsg(x->stage));
        rc = st_save_states(x); /* each chunk's decisions, so that memory does not grow with rows */
    }
    if (rc == STORE_OK) rc = st_save_states(x);
    if (rc == STORE_OK) rc = st_decide(x);
    /* each row as a form would take it, then the bundle against its own journal: a value no
     * form accepts is named as such even when the forger also rewrote the journal to match */
    if (rc == STORE_OK) rc = st_check_belonging(x);
    if (rc == STORE_OK) rc = st_import_check_rows(x);
    if (rc == STORE_OK) rc = st_check_journal(x, src);
    if (rc == STORE_OK) rc = st_keep_old_json(x);
    if (rc == STORE_OK)
        /* temporary: the stage's file is only read while it is attached (st_write_bulk) */
        rc = st_stage_exec(x, "CREATE TEMP TABLE zx_fwd(uuid PRIMARY KEY, act) WITHOUT ROWID",
                           "导入");
    sqlite3_stmt *fwd = NULL;
    if (rc == STORE_OK && sqlite3_prepare_v2(x->stage, "INSERT OR IGNORE INTO zx_fwd VALUES (?1, 2)",
                                             -1, &fwd, NULL) != SQLITE_OK)
        rc = st_stage_fail(x, "导入");
    if (rc == STORE_OK) rc = st_derive_defer(x);
    for (int i = 0; i < x->ntabs && rc == STORE_OK; i++) {
        struct xtab *t = &x->tabs[i];
        if (!t->def) continue;
        rc = st_prepare_writes(x, t);
        bool done = false;
        if (rc == STORE_OK) rc = st_write_bulk(x, t, &done);
        if (rc == STORE_OK && !done) rc = st_write_table(x, t, fwd, false);
        if (rc == STORE_OK && strcmp(t->name, "branch") == 0 && !x->branch_id) {
            int64_t id = branch_by_uuid(st, branch_uuid);
            if (id < 0) rc = (int)id;
            else if (id == 0 && !x->conflicts) rc = st_problem(x, STORE_ERR, "交换包中没有支部 %s 的信息", branch_code);
            x->branch_id = out->branch_id = id;
        }
    }
    sqlite3_finalize(fwd);
    rc = st_derive_restore(x, rc);
    for (int i = 0; i < x->ntabs && rc == STORE_OK; i++)
        if (x->tabs[i].def) rc = st_write_table(x, &x->tabs[i], NULL, true);
    if (rc == STORE_OK && x->conflicts) return st_problem(x, STORE_ERR_CONSTRAINT, "%s", out->problem);
    if (rc == STORE_OK && x->kind == EXCHANGE_LEDGER) {
        bool done = x->skip_journal;
        if (!done) rc = st_write_journal_bulk(x, origin_office, &done);
        if (rc == STORE_OK && !done) rc = st_write_journal(x, origin_office);
    }
    if (rc == STORE_OK && x->conflicts) return st_problem(x, STORE_ERR_CONSTRAINT, "%s", out->problem);
    if (rc == STORE_OK) rc = st_write_history(x, exported_at);
    return rc;
}

int store_exchange_import_chunks(struct store *st, struct exchange_source *src,
                                 enum exchange_kind kind, const char *branch_uuid,
                                 const char *branch_code, const char *origin_office,
                                 const char *exported_at, struct exchange_report *out)
{
    memset(out, 0, sizeof *out);
    if (!src || !src->rewind || !src->next || !branch_uuid || !*branch_uuid || !branch_code || !exported_at)
        return st_fail(st, STORE_ERR, "导入失败: 交换包信息不完整");
    struct xctx x = {.st = st, .kind = kind, .rep = out, .month_part = src->from_township,
                     .from_version = src->schema_version};
    bool outer = st->tx_depth > 0;
    int rc = st_build_schema(&x);
    if (rc == STORE_OK) {
        out->ntables = x.ntabs;
        for (int i = 0; i < x.ntabs; i++) {
            zb_strlcpy(out->t[i].table, x.tabs[i].name, sizeof out->t[i].table);
            x.tabs[i].rep = &out->t[i];
        }
        /* inside the caller's transaction (store_bundle_import) no savepoint of its own: the
         * caller rolls back everything on a failure, and a savepoint would copy every page
         * the import changes into a statement journal first */
        if (!outer) rc = store_begin(st);
    } else {
        st_xctx_free(&x);
        return rc;
    }
    if (rc != STORE_OK) {
        st_xctx_free(&x);
        return rc;
    }
    rc = import_inner(&x, src, branch_uuid, branch_code, origin_office, exported_at);
    st_xctx_free(&x);
    if (rc != STORE_OK) {
        if (!out->problem[0]) zb_strlcpy(out->problem, st->err, sizeof out->problem);
        if (outer) return rc;
        rc = st_abort(st, rc);
        st_stage_detach(st);
        return rc;
    }
    if (outer) return STORE_OK;
    rc = store_commit(st);
    st_stage_detach(st);
    if (rc != STORE_OK && !out->problem[0]) zb_strlcpy(out->problem, st->err, sizeof out->problem);
    return rc;
}

/* one changeset as the only chunk */
struct mem_source {
    const void *blob;
    size_t n;
    bool done;
};

static int mem_rewind(void *ctx)
{
    ((struct mem_source *)ctx)->done = false;
    return STORE_OK;
}

static int mem_next(void *ctx, const void **data, size_t *n)
{
    struct mem_source *m = ctx;
    if (m->done) return 0;
    m->done = true;
    *data = m->blob;
    *n = m->n;
    return 1;
}

int store_exchange_import(struct store *st, const void *blob, size_t nblob,
                          enum exchange_kind kind, const char *branch_uuid,
                          const char *branch_code, const char *origin_office,
                          const char *exported_at, struct exchange_report *out)
{
    if (!blob) {
        memset(out, 0, sizeof *out);
        return st_fail(st, STORE_ERR, "导入失败: 交换包信息不完整");
    }
    struct mem_source m = {.blob = blob, .n = nblob};
    struct exchange_source src = {.ctx = &m, .rewind = mem_rewind, .next = mem_next};
    return store_exchange_import_chunks(st, &src, kind, branch_uuid, branch_code, origin_office,
                                        exported_at, out);
}
