/* journal_heads.c — verify's checks of other offices' entries (journal_import) and of the heads
 * sent and received (journal_head), split from journal_verify.c (its findings go through
 * journal_verify.h). */
#include "journal_priv.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "journal_verify.h"
#include "zhibu/util.h"

/* ---- other offices' entries (journal_import) ---------------------------------------------
 * A township keeps the journal entries each village sent with its ledger exactly as they were
 * at the origin. Each (branch here, origin office, origin chain) is a chain of its own: ordered
 * by the origin's id, each hash is recomputed as the origin computed it (the id is origin_id,
 * the branch origin_branch_id, the first prev_hash ""). Deleting the newest entries leaves a
 * valid but shorter chain: verify_heads finds that through the heads the bundles brought. */

#define IMPORT_COLS                                                                            \
    "SELECT origin_id, uuid, table_name, row_uuid, action, changed_at, changed_by,"           \
    " zj(table_name, old_json), zj(table_name, new_json), origin_branch_id, "                  \
    JZ_HEX("prev_hash") ", " JZ_HEX("hash") ", branch_id, origin_office"                       \
    " FROM journal_import_data"

struct import_chain {
    int64_t origin_branch;
    bool bad;
    char hash[HASH_HEX];
    int64_t last_id;           /* the entry before (origin id, 0: none yet) and its time */
    char last_at[24];
};

/* The entries of one branch here from one office, while they are walked. */
struct import_group {
    int64_t branch;
    char office[80];
    struct import_chain *c;
    size_t n, cap;
};

static struct import_chain *group_chain(struct import_group *g, int64_t origin_branch)
{
    for (size_t i = 0; i < g->n; i++)
        if (g->c[i].origin_branch == origin_branch) return &g->c[i];
    if (g->n == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 4;
        g->c = xrealloc(g->c, g->cap * sizeof *g->c);
    }
    struct import_chain *c = &g->c[g->n++];
    memset(c, 0, sizeof *c);
    c->origin_branch = origin_branch;
    return c;
}

int st_verify_imported(struct store *st, int64_t branch_id, struct verify_ctx *v)
{
    /* the index journal_import_chain gives this order without sorting */
    sqlite3_stmt *s =
        branch_id ? st_stmt(st,
                            IMPORT_COLS " WHERE branch_id = ?1 ORDER BY branch_id, origin_office,"
                                        " origin_id")
                  : st_stmt(st,
                            IMPORT_COLS " ORDER BY branch_id, origin_office, origin_id");
    if (!s) return STORE_ERR;
    if (branch_id) sqlite3_bind_int64(s, 1, branch_id);
    struct import_group g = {0};
    int rc = STORE_OK, src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        v->out->entries++;
        int64_t branch = sqlite3_column_int64(s, 12);
        const char *office = jv_col(s, 13);
        if (branch != g.branch || strcmp(office, g.office) != 0) {
            g.branch = branch;
            zb_strlcpy(g.office, office, sizeof g.office);
            g.n = 0;
        }
        int64_t origin_id = sqlite3_column_int64(s, 0);
        int64_t origin_branch = sqlite3_column_int64(s, 9);
        struct import_chain *c = group_chain(&g, origin_branch);
        const char *table = jv_col(s, 2);
        const char *at = jv_col(s, 5);
        if (c->last_id && strcmp(at, c->last_at) < 0) {
            char t1[20], t0[20];
            jv_show_time(at, t1);
            jv_show_time(c->last_at, t0);
            jv_warning(v, 0, branch, table, jv_col(s, 3),
                        "时间倒退：来自其他单位（%.8s）的日志第 %lld 条（%s %s）记于 %s，"
                        "早于同一链上前一条（第 %lld 条）的 %s",
                        office, (long long)origin_id, st_table_label(table),
                        st_action_label(jv_col(s, 4)), t1, (long long)c->last_id, t0);
        }
        c->last_id = origin_id;
        zb_strlcpy(c->last_at, at, sizeof c->last_at);
        const char *prev = jv_col(s, 10), *stored = jv_col(s, 11);
        char want[HASH_HEX];
        st_entry_hash(s, origin_branch, prev, want);
        bool linked = strcmp(prev, c->hash) == 0;
        if (!c->bad && (!linked || strcmp(want, stored) != 0)) {
            c->bad = true;
            char day[11];
            zb_strlcpy(day, at, sizeof day);
            jv_problem(v, VERIFY_CHAIN, 0, branch, table, jv_col(s, 3),
                        "来自其他单位（%.8s）的日志第 %lld 条（%s %s，%s）与哈希链不符：%s",
                        office, (long long)origin_id, st_table_label(table),
                        st_action_label(jv_col(s, 4)), day,
                        linked ? "日志被改动" : "它前面的日志被删除或改动");
        }
        zb_strlcpy(c->hash, stored, sizeof c->hash);
    }
    if (src != SQLITE_DONE) rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验导入的日志");
    st_done(s);
    free(g.c);
    return rc;
}

/* ---- heads sent and received (journal_head) ----------------------------------------------
 * Deleting the newest entries of a chain together with their rows leaves a chain that is valid
 * and rows that agree with it. What gives it away is a head that left the office before: every
 * ledger bundle records the head it sent, every import the head it received (and a verdicts
 * bundle tells the village which of its heads the township holds). Each recorded head must still
 * be its chain's entry of that number with that hash: in history for this office's own chains,
 * in journal_import for the others'. Ledger bundles imported before journal_head existed count
 * through bundle_log (their head must be among the imported entries, whatever its number). */

struct head {
    int64_t branch;            /* here */
    char office[80];           /* whose chain */
    int64_t entry;             /* its entry number there (0: a bundle_log head, number unknown) */
    char hash[HASH_HEX];
    char direction[12];        /* sent, received; bundle for a bundle_log head */
    int state;                 /* HEAD_OK, HEAD_GONE (no such entry), HEAD_OTHER (another one) */
};
enum { HEAD_OK, HEAD_GONE, HEAD_OTHER };

/* Whether the head is still there: sets h->state. */
static int head_state(struct store *st, struct head *h, bool own)
{
    sqlite3_stmt *s;
    if (own) {
        s = st_stmt(st, "SELECT hash, branch_id FROM history WHERE id = ?1");
        if (!s) return STORE_ERR;
        sqlite3_bind_int64(s, 1, h->entry);
    } else if (h->entry) {
        s = st_stmt(st,
                    "SELECT hash, branch_id FROM journal_import WHERE branch_id = ?2"
                    " AND origin_office = ?3 AND origin_id = ?1");
        if (!s) return STORE_ERR;
        sqlite3_bind_int64(s, 1, h->entry);
        sqlite3_bind_int64(s, 2, h->branch);
        st_bind_text(s, 3, h->office);
    } else {
        s = st_stmt(st,
                    "SELECT hash, branch_id FROM journal_import WHERE branch_id = ?1"
                    " AND origin_office = ?2 AND hash = ?3 LIMIT 1");
        if (!s) return STORE_ERR;
        sqlite3_bind_int64(s, 1, h->branch);
        st_bind_text(s, 2, h->office);
        st_bind_text(s, 3, h->hash);
    }
    h->state = HEAD_GONE;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        h->state = strcmp(jv_col(s, 0), h->hash) == 0 && sqlite3_column_int64(s, 1) == h->branch
                       ? HEAD_OK
                       : HEAD_OTHER;
    st_done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验链头");
    return STORE_OK;
}

/* The newest entry of the chain before entry (0 when none). */
static int64_t entry_before(struct store *st, const struct head *h, bool own)
{
    sqlite3_stmt *s =
        own ? st_stmt(st,
                      "SELECT max(id) FROM history WHERE branch_id = ?1 AND id < ?3")
            : st_stmt(st,
                      "SELECT max(origin_id) FROM journal_import WHERE branch_id = ?1"
                      " AND origin_office = ?2 AND origin_id < ?3");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, h->branch);
    if (!own) st_bind_text(s, 2, h->office);
    sqlite3_bind_int64(s, 3, h->entry);
    int64_t id = 0;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) id = sqlite3_column_int64(s, 0);
    st_done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验链头");
    return id;
}

/* This office's own entries missing in (after, through]: the first and last number no entry of
 * any chain has any more, and how many. */
static int absent_ids(struct store *st, int64_t after, int64_t through, int64_t *first,
                      int64_t *last, int64_t *count)
{
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT id FROM history WHERE id > ?1 AND id <= ?2 ORDER BY id");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, after);
    sqlite3_bind_int64(s, 2, through);
    *first = *last = *count = 0;
    int64_t next = after + 1; /* the next number not yet accounted for */
    int rc;
    for (;;) {
        rc = sqlite3_step(s);
        int64_t upto = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : through + 1;
        if (upto > next) { /* next .. upto-1 are gone */
            if (!*first) *first = next;
            *last = upto - 1;
            *count += upto - next;
        }
        next = upto + 1;
        if (rc != SQLITE_ROW) break;
    }
    st_done(s);
    if (rc != SQLITE_DONE) return st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验链头");
    return STORE_OK;
}

static const char *head_label(const struct head *h, bool own)
{
    if (own) return strcmp(h->direction, "sent") == 0 ? "已随交换包发出的链头" : "乡镇已收到的链头";
    return "已从交换包收到的链头";
}

/* One problem for the bad heads heads[lo..hi] (same branch and office, by entry number). */
static int head_problem(struct store *st, struct verify_ctx *v, struct head *lo, struct head *hi,
                        bool own)
{
    char who[64] = "";
    if (!own) snprintf(who, sizeof who, "来自其他单位（%.8s）的", lo->office);
    if (!lo->entry) {
        jv_problem(v, VERIFY_CHAIN, 0, lo->branch, "", "",
                    "来自其他单位（%.8s）的日志：导入的日志与交换包记录的链头不符"
                    "（末尾的日志缺失或被改动）",
                    lo->office);
        return STORE_OK;
    }
    if (lo->state == HEAD_OTHER) {
        jv_problem(v, VERIFY_HEAD_MISSING, own ? lo->entry : 0, lo->branch, "", "",
                    "%s日志第 %lld 条与%s %.8s 不符：原来的日志被删除后又写入了别的内容", who,
                    (long long)lo->entry, head_label(lo, own), lo->hash);
        return STORE_OK;
    }
    int64_t before = entry_before(st, lo, own);
    if (before < 0) return (int)before;
    int64_t first = before + 1, last = hi->entry, count = 0;
    if (own) {
        int rc = absent_ids(st, before, hi->entry, &first, &last, &count);
        if (rc != STORE_OK) return rc;
        if (!count) first = last = lo->entry; /* not expected: the head's own number is gone */
    }
    char range[64];
    if (first == last) snprintf(range, sizeof range, "第 %lld 条", (long long)last);
    else snprintf(range, sizeof range, "第 %lld–%lld 条", (long long)first, (long long)last);
    jv_problem(v, VERIFY_HEAD_MISSING, own ? hi->entry : 0, lo->branch, "", "",
                "%s日志缺少%s（%s %.8s）：最新的日志连同记录被删除", who, range,
                head_label(hi, own), hi->hash);
    return STORE_OK;
}

int st_verify_heads(struct store *st, int64_t branch_id, struct verify_ctx *v)
{
    char own[80];
    if (store_meta_get(st, "office_uuid", own, sizeof own) != STORE_OK) own[0] = '\0';
    sqlite3_stmt *s = st_stmt(
        st,
        "SELECT branch_id, office_uuid, entry_id, hash, direction FROM journal_head"
        " WHERE ?1 = 0 OR branch_id = ?1"
        " UNION SELECT b.branch_id, b.origin_office, 0, b.journal_head, 'bundle' FROM bundle_log b"
        " WHERE b.kind = 'ledger' AND b.journal_head <> '' AND (?1 = 0 OR b.branch_id = ?1)"
        " AND b.origin_office <> ?2 AND NOT EXISTS (SELECT 1 FROM journal_head h"
        " WHERE h.branch_id = b.branch_id AND h.office_uuid = b.origin_office"
        " AND h.hash = b.journal_head)"
        " ORDER BY 1, 2, 3, 5 DESC");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, own);
    struct head *h = NULL;
    size_t n = 0, cap = 0;
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t entry = sqlite3_column_int64(s, 2);
        const char *office = jv_col(s, 1), *hash = jv_col(s, 3);
        /* the same head recorded twice (sent, then confirmed by the township): once */
        if (n && entry && h[n - 1].branch == sqlite3_column_int64(s, 0) &&
            h[n - 1].entry == entry && strcmp(h[n - 1].office, office) == 0 &&
            strcmp(h[n - 1].hash, hash) == 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            h = xrealloc(h, cap * sizeof *h);
        }
        struct head *e = &h[n++];
        memset(e, 0, sizeof *e);
        e->branch = sqlite3_column_int64(s, 0);
        zb_strlcpy(e->office, office, sizeof e->office);
        e->entry = entry;
        zb_strlcpy(e->hash, hash, sizeof e->hash);
        zb_strlcpy(e->direction, jv_col(s, 4), sizeof e->direction);
    }
    int rc = src == SQLITE_DONE ? STORE_OK
                                : st_sqlfail(st, sqlite3_extended_errcode(st->db), "校验链头");
    st_done(s);
    /* per chain (branch and office): one problem from the first bad head to the last */
    for (size_t i = 0; i < n && rc == STORE_OK;) {
        size_t j = i;
        while (j < n && h[j].branch == h[i].branch && strcmp(h[j].office, h[i].office) == 0) j++;
        bool is_own = *own && strcmp(h[i].office, own) == 0;
        struct head *lo = NULL, *hi = NULL;
        for (size_t k = i; k < j && rc == STORE_OK; k++) {
            if ((rc = head_state(st, &h[k], is_own)) != STORE_OK) break;
            if (h[k].state == HEAD_OK) continue;
            if (!h[k].entry) { /* bundle_log heads: each on its own */
                rc = head_problem(st, v, &h[k], &h[k], is_own);
                continue;
            }
            if (!lo) lo = &h[k];
            hi = &h[k];
        }
        if (rc == STORE_OK && lo) rc = head_problem(st, v, lo, hi, is_own);
        i = j;
    }
    free(h);
    return rc;
}
