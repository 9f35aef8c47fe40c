/* audit.c — the monthly review (月审) in the database: the facts of one month for every leaf
 * branch, loaded in a handful of bulk queries (each streamed once, in branch or member order,
 * and handed out to per-branch arrays — never a query per branch or per member); verdicts per
 * item with history; rectification orders and their states; months handed in (提交月报).
 *
 * The loading window for dues: allocations of the AUDIT_DUES_WINDOW months up to the month
 * under review, and each member's start_ym is at least the window's first month, so months
 * before the window count neither as paid nor as owed (the engine sees arrears within the
 * window: a run of arrears_lapse_months and arrears_talk_months owed both fit in it). */
#include "store_priv.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/store_audit.h"
#include "zhibu/text.h"
#include "zhibu/util.h"

/* ---- strings that live as long as one load --------------------------------------------- */

#define ARENA_BLOCK 65536

struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    char data[];
};

struct arena {
    struct arena_block *head;
};

static const char *arena_str(struct arena *a, const unsigned char *text)
{
    const char *s = text ? (const char *)text : "";
    size_t len = strlen(s) + 1;
    struct arena_block *b = a->head;
    if (!b || b->cap - b->used < len) {
        size_t cap = len > ARENA_BLOCK ? len : ARENA_BLOCK;
        b = xmalloc(sizeof *b + cap);
        b->used = 0;
        b->cap = cap;
        b->next = a->head;
        a->head = b;
    }
    char *dst = b->data + b->used;
    memcpy(dst, s, len);
    b->used += len;
    return dst;
}

static void arena_free(struct arena *a)
{
    while (a->head) {
        struct arena_block *n = a->head->next;
        free(a->head);
        a->head = n;
    }
}

/* Grow *arr (of elem bytes) so that it holds need elements. */
static void *grow(void *arr, int *cap, int need, size_t elem)
{
    if (need <= *cap) return arr;
    int c = *cap ? *cap : 64;
    while (c < need) c *= 2;
    *cap = c;
    return xrealloc(arr, (size_t)c * elem);
}

/* ---- the load -------------------------------------------------------------------------- */

struct bslot {                 /* one branch: slices of the per-kind arrays */
    int m0, nm;                /* meetings */
    int g0, ng;                /* groups */
    int p0, np;                /* members (in the branch-ordered array) */
    int h0, nh;                /* holdings */
    struct zdate since;
    int start_ym;              /* the ledger's first month for dues (store_dues_start) */
};

struct bkey {
    int64_t id;
    int idx;
};

struct mrow {                  /* a member while loading, in member id order */
    struct audit_member am;
    int bidx;
    char join[11], leave[11], since[11], contact[11];
    int b0, nb, a0, na, q0, nq; /* bases, adjusts, paid slices */
    const char *category;      /* the roster's dues category (a member without a basis) */
    int start_ym;
};

struct paid_tmp {
    int midx;
    int ym;
    long amount;
};

struct load {
    struct store *st;
    int64_t lo, hi;            /* branch ids */
    struct zdate ms, me, today;
    int ym, win_ym;
    struct arena strings;
    struct branch *br;
    struct bslot *bs;
    int nbr;
    struct bkey *keys;         /* sorted by id */
    struct audit_meeting *mt;
    int nmt, cmt;
    struct audit_group *gr;
    int ngr, cgr;
    struct mrow *mr;
    int nmr, cmr;
    struct audit_member *am;   /* members by branch, filled at the end */
    struct dues_basis *bases, *defbases;
    int nbases, cbases;
    struct dues_adjust *adjusts;
    int nadjusts, cadjusts;
    struct paid_tmp *pt;
    int npt, cpt;
    struct dues_paid *paid;
    struct audit_holding *hs;
    char (*hrep)[DATE_STR_LEN]; /* each holding's last report */
    int nhs, chs, chrep;
};

static void load_free(struct load *L)
{
    arena_free(&L->strings);
    free(L->br);
    free(L->bs);
    free(L->keys);
    free(L->mt);
    free(L->gr);
    free(L->mr);
    free(L->am);
    free(L->bases);
    free(L->defbases);
    free(L->adjusts);
    free(L->pt);
    free(L->paid);
    free(L->hs);
    free(L->hrep);
}

static int key_cmp(const void *a, const void *b)
{
    int64_t x = ((const struct bkey *)a)->id, y = ((const struct bkey *)b)->id;
    return x < y ? -1 : x > y;
}

static int branch_index(const struct load *L, int64_t id)
{
    struct bkey k = {.id = id};
    const struct bkey *f = bsearch(&k, L->keys, (size_t)L->nbr, sizeof k, key_cmp);
    return f ? f->idx : -1;
}

/* The member row of id (members are in id order): from the hint forward, else a search. */
static int member_index(const struct load *L, int64_t id, int *hint)
{
    int i = *hint;
    if (i < 0 || i >= L->nmr || L->mr[i].am.id > id) i = 0;
    if (L->nmr > 0 && id - L->mr[i].am.id > 64) {
        int lo = i, hi = L->nmr - 1;
        while (lo < hi) {
            int mid = lo + (hi - lo) / 2;
            if (L->mr[mid].am.id < id) lo = mid + 1;
            else hi = mid;
        }
        i = lo;
    }
    while (i < L->nmr && L->mr[i].am.id < id) i++;
    *hint = i;
    return i < L->nmr && L->mr[i].am.id == id ? i : -1;
}

/* Bind the load's parameters that a statement uses: ?1 ?2 branch ids, ?3 ?4 the month's first
 * and last day, ?5 ?6 the window's first month and the month (YYYY-MM), ?7 January 1. */
static void bind_load(const struct load *L, sqlite3_stmt *s)
{
    int n = sqlite3_bind_parameter_count(s);
    char ms[DATE_STR_LEN], me[DATE_STR_LEN], win[8], mon[8], jan[DATE_STR_LEN];
    date_format(L->ms, ms);
    date_format(L->me, me);
    dues_ym_format(L->win_ym, win);
    dues_ym_format(L->ym, mon);
    date_format(date_year_start(L->ms), jan);
    if (n >= 1) sqlite3_bind_int64(s, 1, L->lo);
    if (n >= 2) sqlite3_bind_int64(s, 2, L->hi);
    if (n >= 3) st_bind_text(s, 3, ms);
    if (n >= 4) st_bind_text(s, 4, me);
    if (n >= 5) st_bind_text(s, 5, win);
    if (n >= 6) st_bind_text(s, 6, mon);
    if (n >= 7) st_bind_text(s, 7, jan);
}

/* A prepared, bound loader statement (NULL on a failure, message set). */
static sqlite3_stmt *load_stmt(struct load *L, enum stmt_id id, const char *sql)
{
    sqlite3_stmt *s = st_stmt(L->st, id, sql);
    if (s) bind_load(L, s);
    return s;
}

static int load_end(struct load *L, sqlite3_stmt *s, int rc, const char *what)
{
    st_done(s);
    if (rc != SQLITE_DONE) return st_sqlfail(L->st, sqlite3_extended_errcode(L->st->db), what);
    return STORE_OK;
}

static const char *col_str(sqlite3_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    return t ? (const char *)t : "";
}

/* The earliest of a date text (or the first day of a YYYY-MM) and *d. */
static void earliest(struct zdate *d, bool *set, const char *text)
{
    struct zdate x;
    char day[DATE_STR_LEN];
    if (strlen(text) == 7) {
        snprintf(day, sizeof day, "%s-01", text);
        text = day;
    } else {
        zb_strlcpy(day, text, sizeof day);
        text = day;
    }
    if (!date_parse(text, &x)) return;
    if (!*set || date_cmp(x, *d) < 0) *d = x;
    *set = true;
}

/* Branches: every branch without branches under it (or the one asked for), in code order, with
 * the dates its ledger begins. The first payment month stands in for the first allocated month
 * that store_dues_start reads (an allocation is never before its payment's from_month; both
 * are index lookups this way). */
static int load_branches(struct load *L)
{
    sqlite3_stmt *s = load_stmt(
        L, S_AUDIT_BRANCHES,
        "SELECT b.id, b.uuid, b.code, b.name, b.type, ifnull(b.parent_id, 0), b.theme_day,"
        " b.created_at, b.updated_at,"
        " ifnull((SELECT min(m.date) FROM meeting m WHERE m.branch_id = b.id"
        " AND m.voided_at IS NULL), ''),"
        " ifnull((SELECT min(p.from_month) FROM dues_payment p WHERE p.branch_id = b.id"
        " AND p.voided_at IS NULL), ''),"
        " ifnull((SELECT value FROM meta WHERE key = '" ST_DUES_START_KEY "' || b.id), '')"
        " FROM branch b WHERE b.id BETWEEN ?1 AND ?2"
        " AND (?1 = ?2 OR NOT EXISTS (SELECT 1 FROM branch c WHERE c.parent_id = b.id))"
        " ORDER BY b.code");
    if (!s) return STORE_ERR;
    int cap = 0, rc;
    int today_ym = dues_ym_of_date(L->today);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (L->nbr == cap) {
            int c = cap;
            L->br = grow(L->br, &c, L->nbr + 1, sizeof *L->br);
            L->bs = grow(L->bs, &cap, L->nbr + 1, sizeof *L->bs);
        }
        struct branch *b = &L->br[L->nbr];
        struct bslot *sl = &L->bs[L->nbr];
        memset(b, 0, sizeof *b);
        memset(sl, 0, sizeof *sl);
        b->id = sqlite3_column_int64(s, 0);
        st_col_text(s, 1, b->uuid, sizeof b->uuid);
        st_col_text(s, 2, b->code, sizeof b->code);
        st_col_text(s, 3, b->name, sizeof b->name);
        st_col_text(s, 4, b->type, sizeof b->type);
        b->parent_id = sqlite3_column_int64(s, 5);
        st_col_text(s, 6, b->theme_day, sizeof b->theme_day);
        st_col_text(s, 7, b->created_at, sizeof b->created_at);
        st_col_text(s, 8, b->updated_at, sizeof b->updated_at);
        bool set = false;
        earliest(&sl->since, &set, col_str(s, 9));
        earliest(&sl->since, &set, col_str(s, 10));
        earliest(&sl->since, &set, b->created_at);
        if (!set) sl->since = L->ms;
        int start = dues_ym_parse(col_str(s, 11));
        if (start < 0) start = dues_ym_parse(col_str(s, 10));
        sl->start_ym = start >= 0 ? start : today_ym;
        L->nbr++;
    }
    rc = load_end(L, s, rc, "读取支部");
    if (rc) return rc;
    L->keys = xcalloc((size_t)(L->nbr ? L->nbr : 1), sizeof *L->keys);
    for (int i = 0; i < L->nbr; i++) {
        L->keys[i].id = L->br[i].id;
        L->keys[i].idx = i;
    }
    qsort(L->keys, (size_t)L->nbr, sizeof *L->keys, key_cmp);
    return STORE_OK;
}

/* Rows in branch order: the slot of a row's branch (column 0), starting its slice at the first
 * row; -1 for a branch outside the load. */
struct bcursor {
    int64_t bid;
    int idx;
};

static int cursor_branch(struct load *L, struct bcursor *c, int64_t bid)
{
    if (bid != c->bid || c->idx == -2) {
        c->bid = bid;
        c->idx = branch_index(L, bid);
    }
    return c->idx;
}

static int load_meetings(struct load *L)
{
    sqlite3_stmt *s = load_stmt(
        L, S_AUDIT_MEETINGS,
        "SELECT branch_id, id, date, kind, also_mask, ifnull(group_id, 0), quorum, missing_mask,"
        " created_at FROM meeting WHERE branch_id BETWEEN ?1 AND ?2 AND date >= ?7"
        " AND date <= ?4 AND voided_at IS NULL ORDER BY branch_id, date");
    if (!s) return STORE_ERR;
    struct bcursor c = {.idx = -2};
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int bi = cursor_branch(L, &c, sqlite3_column_int64(s, 0));
        if (bi < 0) continue;
        struct audit_meeting m = {0};
        int kind = meeting_kind_of_code(col_str(s, 3));
        if (!date_parse(col_str(s, 2), &m.f.date) || kind < 0) continue;
        m.id = sqlite3_column_int64(s, 1);
        m.f.kind = (enum meeting_kind)kind;
        m.f.also_mask = (unsigned)sqlite3_column_int64(s, 4);
        m.f.group_id = sqlite3_column_int64(s, 5);
        m.quorum = sqlite3_column_int(s, 6);
        m.missing_mask = (unsigned)sqlite3_column_int64(s, 7);
        st_col_text(s, 8, m.created_at, sizeof m.created_at);
        struct bslot *sl = &L->bs[bi];
        if (sl->nm == 0) sl->m0 = L->nmt;
        sl->nm++;
        L->mt = grow(L->mt, &L->cmt, L->nmt + 1, sizeof *L->mt);
        L->mt[L->nmt++] = m;
    }
    return load_end(L, s, rc, "读取会议记录");
}

/* Groups as they stood: not voided by the month's end. */
static int load_groups(struct load *L)
{
    sqlite3_stmt *s = load_stmt(L, S_AUDIT_GROUPS,
                                "SELECT branch_id, id, name FROM party_group"
                                " WHERE branch_id BETWEEN ?1 AND ?2 AND (voided_at IS NULL"
                                " OR substr(voided_at, 1, 10) > ?4) ORDER BY branch_id, id");
    if (!s) return STORE_ERR;
    struct bcursor c = {.idx = -2};
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int bi = cursor_branch(L, &c, sqlite3_column_int64(s, 0));
        if (bi < 0) continue;
        struct bslot *sl = &L->bs[bi];
        if (sl->ng == 0) sl->g0 = L->ngr;
        sl->ng++;
        L->gr = grow(L->gr, &L->cgr, L->ngr + 1, sizeof *L->gr);
        L->gr[L->ngr].id = sqlite3_column_int64(s, 1);
        L->gr[L->ngr].name = arena_str(&L->strings, sqlite3_column_text(s, 2));
        L->ngr++;
    }
    return load_end(L, s, rc, "读取党小组");
}

/* Who counts for the month: on the roster at some time in it (admitted by its end, not left
 * before its start). The dues queries take the same members. */
#define MEMBER_SCOPE                                                                           \
    "SELECT id FROM member WHERE branch_id BETWEEN ?1 AND ?2 AND join_date <= ?4"              \
    " AND (leave_status = '' OR leave_date >= ?3)"

/* Every branch: a scan of the table in id order ("+" keeps the branch index out of it); one
 * branch: by the index. */
#define MEMBERS_SQL(plus)                                                                      \
    "SELECT id, branch_id, name, office <> '', status, full_date, join_date, leave_status,"    \
    " leave_date, created_at, updated_at, dues_category, mobile FROM member"                    \
    " WHERE " plus "branch_id BETWEEN ?1 AND ?2 AND join_date <= ?4"                            \
    " AND (leave_status = '' OR leave_date >= ?3) ORDER BY id"

static int load_members(struct load *L)
{
    sqlite3_stmt *s = L->lo == L->hi ? load_stmt(L, S_AUDIT_MEMBERS_ONE, MEMBERS_SQL(""))
                                     : load_stmt(L, S_AUDIT_MEMBERS, MEMBERS_SQL("+"));
    if (!s) return STORE_ERR;
    char me[DATE_STR_LEN];
    date_format(L->me, me);
    struct bcursor c = {.idx = -2};
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int bi = cursor_branch(L, &c, sqlite3_column_int64(s, 1));
        if (bi < 0) continue;
        L->mr = grow(L->mr, &L->cmr, L->nmr + 1, sizeof *L->mr);
        struct mrow *r = &L->mr[L->nmr++];
        memset(r, 0, sizeof *r);
        r->bidx = bi;
        r->am.id = sqlite3_column_int64(s, 0);
        r->am.name = arena_str(&L->strings, sqlite3_column_text(s, 2));
        r->am.has_office = sqlite3_column_int(s, 3) != 0;
        const char *full = col_str(s, 5);
        r->am.probationary = strcmp(col_str(s, 4), "probationary") == 0 ||
                             (full[0] && strcmp(full, me) > 0);
        st_col_text(s, 6, r->join, sizeof r->join);
        const char *leave_status = col_str(s, 7);
        const char *leave_date = col_str(s, 8);
        if (leave_status[0] && strcmp(leave_date, me) <= 0)
            zb_strlcpy(r->leave, leave_date, sizeof r->leave);
        r->am.dues.join_ym = st_dues_join_ym(r->join, col_str(s, 9));
        r->am.dues.leave_ym = st_dues_leave_ym(leave_status, leave_date, col_str(s, 10),
                                               r->am.dues.join_ym);
        r->category = arena_str(&L->strings, sqlite3_column_text(s, 11));
        r->am.mobile = sqlite3_column_int(s, 12) != 0;
        r->start_ym = L->bs[bi].start_ym;
    }
    return load_end(L, s, rc, "读取党员");
}

/* Mobile details as they stood at the month's end: a row that began by then and had not ended
 * makes the member mobile (a row ended later still counts). */
static int load_mobile(struct load *L)
{
    char me[DATE_STR_LEN];
    date_format(L->me, me);
    sqlite3_stmt *s = load_stmt(L, S_AUDIT_MOBILE,
                                "SELECT member_id, since, ifnull(substr(ended_at, 1, 10), '')"
                                " FROM member_mobile ORDER BY member_id");
    if (!s) return STORE_ERR;
    int rc, hint = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int i = member_index(L, sqlite3_column_int64(s, 0), &hint);
        if (i < 0) continue;
        struct mrow *r = &L->mr[i];
        const char *since = col_str(s, 1), *ended = col_str(s, 2);
        bool began = !since[0] || strcmp(since, me) <= 0;
        bool over = ended[0] && strcmp(ended, me) <= 0;
        r->am.mobile = began && !over;
        if (r->am.mobile) zb_strlcpy(r->since, since, sizeof r->since);
    }
    rc = load_end(L, s, rc, "读取流动党员");
    if (rc) return rc;
    s = load_stmt(L, S_AUDIT_CONTACTS,
                  "SELECT member_id, max(date) FROM mobile_contact WHERE date <= ?4"
                  " GROUP BY member_id ORDER BY member_id");
    if (!s) return STORE_ERR;
    hint = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int i = member_index(L, sqlite3_column_int64(s, 0), &hint);
        if (i >= 0) st_col_text(s, 1, L->mr[i].contact, sizeof L->mr[i].contact);
    }
    return load_end(L, s, rc, "读取联系记录");
}

/* Excused from the post scheme at the month's end; the newest transfer in (the dues start). */
static int load_excuses_transfers(struct load *L)
{
    sqlite3_stmt *s = load_stmt(L, S_AUDIT_EXCUSES,
                                "SELECT DISTINCT member_id FROM post_excuse"
                                " WHERE (since = '' OR since <= ?4) AND (ended_at IS NULL"
                                " OR substr(ended_at, 1, 10) > ?4) ORDER BY member_id");
    if (!s) return STORE_ERR;
    int rc, hint = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int i = member_index(L, sqlite3_column_int64(s, 0), &hint);
        if (i >= 0) L->mr[i].am.post_excused = true;
    }
    rc = load_end(L, s, rc, "读取免于设岗记录");
    if (rc) return rc;
    /* the same row member_start (dues.c) takes: the newest transfer in */
    s = load_stmt(L, S_AUDIT_TRANSFERS,
                  "SELECT member_id, dues_paid_through, date FROM member_transfer"
                  " WHERE direction = 'in' ORDER BY member_id, date DESC, id DESC");
    if (!s) return STORE_ERR;
    hint = 0;
    int64_t last = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t mid = sqlite3_column_int64(s, 0);
        if (mid == last) continue;
        last = mid;
        int i = member_index(L, mid, &hint);
        if (i < 0) continue;
        struct mrow *r = &L->mr[i];
        r->start_ym = st_dues_member_start(L->bs[r->bidx].start_ym,
                                           (const char *)sqlite3_column_text(s, 1),
                                           (const char *)sqlite3_column_text(s, 2));
    }
    return load_end(L, s, rc, "读取转入记录");
}

/* "YYYY-MM" as dues.c writes it (anything else: -1, which no rule counts). */
static int fast_ym(const unsigned char *t)
{
    if (!t) return -1;
    for (int i = 0; i < 7; i++)
        if (i == 4 ? t[i] != '-' : (t[i] < '0' || t[i] > '9')) return -1;
    if (t[7]) return -1;
    int y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
    int m = (t[5] - '0') * 10 + (t[6] - '0');
    return m >= 1 && m <= 12 ? dues_ym(y, m) : -1;
}

static enum dues_adjust_kind adjust_kind(const char *code)
{
    if (strcmp(code, "reduce") == 0) return DUES_REDUCE;
    if (strcmp(code, "defer") == 0) return DUES_DEFER;
    return DUES_WAIVE;
}

/* Bases and adjustments (dues.c's queries; every branch: all rows, those of members outside
 * the month dropped here; one branch: over the month's members), in member order: each
 * member's rows are one slice. */
static int load_bases_adjusts(struct load *L)
{
    bool one = L->lo == L->hi;
    sqlite3_stmt *s = one ? load_stmt(L, S_AUDIT_BASES_ONE, BASES_SQL("IN (" MEMBER_SCOPE ")"))
                          : load_stmt(L, S_AUDIT_BASES, BASES_SQL("> 0"));
    if (!s) return STORE_ERR;
    int rc, hint = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int i = member_index(L, sqlite3_column_int64(s, 0), &hint);
        if (i < 0) continue;
        struct mrow *r = &L->mr[i];
        if (r->nb == 0) r->b0 = L->nbases;
        r->nb++;
        L->bases = grow(L->bases, &L->cbases, L->nbases + 1, sizeof *L->bases);
        struct dues_basis *b = &L->bases[L->nbases++];
        memset(b, 0, sizeof *b);
        b->from_ym = dues_ym_parse(col_str(s, 1));
        st_col_text(s, 2, b->category, sizeof b->category);
        b->base_fen = (long)sqlite3_column_int64(s, 3);
    }
    rc = load_end(L, s, rc, "读取党费基数");
    if (rc) return rc;
    s = one ? load_stmt(L, S_AUDIT_ADJUSTS_ONE, ADJUSTS_SQL("IN (" MEMBER_SCOPE ")"))
            : load_stmt(L, S_AUDIT_ADJUSTS, ADJUSTS_SQL("> 0"));
    if (!s) return STORE_ERR;
    hint = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int i = member_index(L, sqlite3_column_int64(s, 0), &hint);
        if (i < 0) continue;
        struct mrow *r = &L->mr[i];
        if (r->na == 0) r->a0 = L->nadjusts;
        r->na++;
        L->adjusts = grow(L->adjusts, &L->cadjusts, L->nadjusts + 1, sizeof *L->adjusts);
        struct dues_adjust *a = &L->adjusts[L->nadjusts++];
        a->from_ym = dues_ym_parse(col_str(s, 1));
        a->to_ym = dues_ym_parse(col_str(s, 2));
        a->kind = adjust_kind(col_str(s, 3));
        a->amount = (long)sqlite3_column_int64(s, 4);
    }
    return load_end(L, s, rc, "读取党费减免");
}

/* Allocations of the window's months. Every branch: the allocations by month (index
 * dues_allocation_month, which carries the member; voided payments are the few in
 * dues_payment_voided), read on a second connection in a thread of its own while the other
 * facts load (this is the largest query of the month's audit, and the machine has two cores);
 * one branch: dues.c's query over its members, by payment, in line. Rows come in any member
 * order and are gathered per member afterwards (a counting sort). */
#define PAID_ALL_SQL                                                                           \
    "SELECT member_id, month, amount FROM dues_allocation"                                     \
    " WHERE month BETWEEN ?1 AND ?2 AND payment_id NOT IN"                                     \
    " (SELECT id FROM dues_payment WHERE voided_at IS NOT NULL)"

struct paid_raw {
    int64_t member_id;
    int ym;
    long amount;
};

struct paid_job {
    const char *path;
    char win[8], mon[8];
    struct paid_raw *rows;
    int n, cap;
    int rc;                    /* SQLITE_OK or the failing code */
    pthread_t thread;
    bool started;
};

static void *paid_job_run(void *arg)
{
    struct paid_job *j = arg;
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    j->rc = sqlite3_open_v2(j->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
    if (j->rc == SQLITE_OK) sqlite3_busy_timeout(db, 5000);
    if (j->rc == SQLITE_OK) j->rc = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    if (j->rc == SQLITE_OK) j->rc = sqlite3_prepare_v2(db, PAID_ALL_SQL, -1, &s, NULL);
    if (j->rc == SQLITE_OK) {
        sqlite3_bind_text(s, 1, j->win, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, j->mon, -1, SQLITE_STATIC);
        int rc;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            j->rows = grow(j->rows, &j->cap, j->n + 1, sizeof *j->rows);
            struct paid_raw *r = &j->rows[j->n++];
            r->member_id = sqlite3_column_int64(s, 0);
            r->ym = fast_ym(sqlite3_column_text(s, 1));
            r->amount = (long)sqlite3_column_int64(s, 2);
        }
        j->rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_finalize(s);
    if (db) {
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
        sqlite3_close(db);
    }
    return NULL;
}

/* Start reading every branch's allocations; false if the thread could not start (the caller
 * then reads them in line). */
static bool paid_job_start(struct load *L, struct paid_job *j)
{
    memset(j, 0, sizeof *j);
    j->path = L->st->path;
    dues_ym_format(L->win_ym, j->win);
    dues_ym_format(L->ym, j->mon);
    j->started = pthread_create(&j->thread, NULL, paid_job_run, j) == 0;
    return j->started;
}

static void add_paid(struct load *L, int64_t member_id, int ym, long amount, int *hint)
{
    int i = member_index(L, member_id, hint);
    if (i < 0) return;
    L->pt = grow(L->pt, &L->cpt, L->npt + 1, sizeof *L->pt);
    struct paid_tmp *p = &L->pt[L->npt++];
    p->midx = i;
    p->ym = ym;
    p->amount = amount;
}

static int load_paid(struct load *L, struct paid_job *job)
{
    int rc = STORE_OK, hint = 0;
    if (job && job->started) {
        pthread_join(job->thread, NULL);
        job->started = false;
        if (job->rc != SQLITE_OK) {
            free(job->rows);
            return st_fail(L->st, STORE_ERR, "读取交费记录失败：%s", sqlite3_errstr(job->rc));
        }
        for (int k = 0; k < job->n; k++) add_paid(L, job->rows[k].member_id, job->rows[k].ym, job->rows[k].amount, &hint);
        free(job->rows);
        job->rows = NULL;
    } else {
        sqlite3_stmt *s;
        if (L->lo == L->hi)
            s = load_stmt(L, S_AUDIT_PAID_BRANCH,
                          PAID_SQL("IN (" MEMBER_SCOPE ")") " AND a.month BETWEEN ?5 AND ?6");
        else
            s = load_stmt(L, S_AUDIT_PAID_ALL,
                          "SELECT member_id, month, amount FROM dues_allocation"
                          " WHERE month BETWEEN ?5 AND ?6 AND payment_id NOT IN"
                          " (SELECT id FROM dues_payment WHERE voided_at IS NOT NULL)");
        if (!s) return STORE_ERR;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW)
            add_paid(L, sqlite3_column_int64(s, 0), fast_ym(sqlite3_column_text(s, 1)),
                     (long)sqlite3_column_int64(s, 2), &hint);
        rc = load_end(L, s, rc, "读取交费记录");
        if (rc) return rc;
    }
    for (int k = 0; k < L->npt; k++) L->mr[L->pt[k].midx].nq++;
    int at = 0;
    for (int i = 0; i < L->nmr; i++) {
        L->mr[i].q0 = at;
        at += L->mr[i].nq;
        L->mr[i].nq = 0;
    }
    L->paid = xmalloc((size_t)(L->npt ? L->npt : 1) * sizeof *L->paid);
    for (int k = 0; k < L->npt; k++) {
        struct mrow *r = &L->mr[L->pt[k].midx];
        struct dues_paid *p = &L->paid[r->q0 + r->nq++];
        p->ym = L->pt[k].ym;
        p->amount = L->pt[k].amount;
    }
    return STORE_OK;
}

/* Holdings current at some time in the month (store_holdings_of_branch's test), each with its
 * newest report dated by the month's end. */
#define HOLDINGS_SQL                                                                           \
    "SELECT p.branch_id, h.id, h.member_id, h.claimed, h.ended,"                               \
    " ifnull((SELECT r.date FROM post_report r WHERE r.holding_id = h.id"                      \
    " AND r.date <= ?4 ORDER BY r.date DESC LIMIT 1), '')"                                     \
    " FROM post_holding h JOIN post p ON p.id = h.post_id"                                     \
    " WHERE p.branch_id BETWEEN ?1 AND ?2 AND h.claimed <= ?4"                                 \
    " AND (h.ended = '' OR (h.ended > h.claimed AND h.ended > ?3))"                            \
    " ORDER BY p.branch_id"

/* Reads the holdings rows of s into L (touching only the holdings arrays and the branch slots'
 * h0/nh, so it may run beside the other loaders); returns the last sqlite3_step code. */
static int read_holdings(struct load *L, sqlite3_stmt *s)
{
    struct bcursor c = {.idx = -2};
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int bi = cursor_branch(L, &c, sqlite3_column_int64(s, 0));
        if (bi < 0) continue;
        struct audit_holding h = {0};
        h.id = sqlite3_column_int64(s, 1);
        h.member_id = sqlite3_column_int64(s, 2);
        if (!date_parse(col_str(s, 3), &h.claimed)) continue;
        struct zdate ended; /* stepping down after the month leaves it held */
        if (date_parse(col_str(s, 4), &ended) && date_cmp(ended, L->me) <= 0) h.ended = ended;
        struct bslot *sl = &L->bs[bi];
        if (sl->nh == 0) sl->h0 = L->nhs;
        sl->nh++;
        L->hs = grow(L->hs, &L->chs, L->nhs + 1, sizeof *L->hs);
        L->hrep = grow(L->hrep, &L->chrep, L->nhs + 1, sizeof *L->hrep);
        st_col_text(s, 5, L->hrep[L->nhs], sizeof L->hrep[L->nhs]);
        L->hs[L->nhs++] = h;
    }
    return rc;
}

static int load_holdings(struct load *L)
{
    sqlite3_stmt *s = load_stmt(L, S_AUDIT_HOLDINGS, HOLDINGS_SQL);
    if (!s) return STORE_ERR;
    return load_end(L, s, read_holdings(L, s), "读取岗位认领记录");
}

/* The holdings on a second connection, in a thread (see load_paid). */
struct holdings_job {
    struct load *L;
    int rc;
    pthread_t thread;
    bool started;
};

static void *holdings_job_run(void *arg)
{
    struct holdings_job *j = arg;
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    j->rc = sqlite3_open_v2(j->L->st->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
    if (j->rc == SQLITE_OK) sqlite3_busy_timeout(db, 5000);
    if (j->rc == SQLITE_OK) j->rc = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    if (j->rc == SQLITE_OK) j->rc = sqlite3_prepare_v2(db, HOLDINGS_SQL, -1, &s, NULL);
    if (j->rc == SQLITE_OK) {
        bind_load(j->L, s);
        int rc = read_holdings(j->L, s);
        j->rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_finalize(s);
    if (db) {
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
        sqlite3_close(db);
    }
    return NULL;
}

/* Point every member's strings and dues facts at the final arrays and lay the members out by
 * branch (in id order within each). */
static void finish(struct load *L)
{
    L->defbases = xcalloc((size_t)(L->nmr ? L->nmr : 1), sizeof *L->defbases);
    for (int i = 0; i < L->nmr; i++) {
        struct mrow *r = &L->mr[i];
        struct audit_member *m = &r->am;
        m->join_date = r->join;
        m->leave_date = r->leave;
        m->mobile_since = r->since;
        m->last_contact = r->contact;
        struct dues_facts *f = &m->dues;
        f->start_ym = r->start_ym > L->win_ym ? r->start_ym : L->win_ym;
        if (r->nb) {
            f->bases = &L->bases[r->b0];
            f->nbases = r->nb;
        } else { /* as store_dues_members: the roster's category from admission */
            L->defbases[i].from_ym = f->join_ym;
            zb_strlcpy(L->defbases[i].category, r->category, sizeof L->defbases[i].category);
            f->bases = &L->defbases[i];
            f->nbases = 1;
        }
        f->adjusts = r->na ? &L->adjusts[r->a0] : NULL;
        f->nadjusts = r->na;
        f->paid = r->nq ? &L->paid[r->q0] : NULL;
        f->npaid = r->nq;
        L->bs[r->bidx].np++;
    }
    int at = 0;
    for (int b = 0; b < L->nbr; b++) {
        L->bs[b].p0 = at;
        at += L->bs[b].np;
        L->bs[b].np = 0;
    }
    L->am = xmalloc((size_t)(L->nmr ? L->nmr : 1) * sizeof *L->am);
    for (int i = 0; i < L->nmr; i++) {
        struct bslot *sl = &L->bs[L->mr[i].bidx];
        L->am[sl->p0 + sl->np++] = L->mr[i].am;
    }
    for (int i = 0; i < L->nhs; i++) L->hs[i].last_report = L->hrep[i];
}

int store_audit_each(struct store *st, int64_t branch_id, int year, int month, struct zdate today,
                     int (*fn)(const struct audit_input *in, const struct branch *b, void *ctx),
                     void *ctx)
{
    if (year < 1900 || year > 2999 || month < 1 || month > 12)
        return st_fail(st, STORE_ERR_CONSTRAINT, "月份无效");
    if (branch_id < 0) return st_fail(st, STORE_ERR_NOT_FOUND, "支部不存在");
    struct load L = {.st = st};
    L.lo = branch_id ? branch_id : 1;
    L.hi = branch_id ? branch_id : INT64_MAX;
    L.ms = (struct zdate){year, month, 1};
    L.me = date_month_end(L.ms);
    L.today = today;
    L.ym = dues_ym(year, month);
    L.win_ym = L.ym - (AUDIT_DUES_WINDOW - 1);

    /* one read transaction for a consistent picture (unless the caller has one open); it ends
     * before fn runs, so that fn may write */
    bool own_tx = st->tx_depth == 0 && sqlite3_get_autocommit(st->db);
    if (own_tx && sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取月审数据");
    int rc = load_branches(&L);
    if (rc == STORE_OK && branch_id && L.nbr == 0)
        rc = st_fail(st, STORE_ERR_NOT_FOUND, "支部不存在");
    struct paid_job job = {0};
    struct holdings_job hjob = {.L = &L};
    if (rc == STORE_OK && L.nbr > 0 && !branch_id) {
        paid_job_start(&L, &job);
        hjob.started = pthread_create(&hjob.thread, NULL, holdings_job_run, &hjob) == 0;
    }
    if (rc == STORE_OK && L.nbr > 0) {
        rc = load_meetings(&L);
        if (rc == STORE_OK) rc = load_groups(&L);
        if (rc == STORE_OK) rc = load_members(&L);
        if (rc == STORE_OK && L.nmr > 0) {
            rc = load_mobile(&L);
            if (rc == STORE_OK) rc = load_excuses_transfers(&L);
            if (rc == STORE_OK) rc = load_bases_adjusts(&L);
            if (rc == STORE_OK) rc = load_paid(&L, &job);
        }
        if (hjob.started) {
            pthread_join(hjob.thread, NULL);
            hjob.started = false;
            if (rc == STORE_OK && hjob.rc != SQLITE_OK)
                rc = st_fail(st, STORE_ERR, "读取岗位认领记录失败：%s", sqlite3_errstr(hjob.rc));
        } else if (rc == STORE_OK) {
            rc = load_holdings(&L);
        }
    }
    if (hjob.started) pthread_join(hjob.thread, NULL);
    if (job.started) { /* a load failed before the allocations were needed */
        pthread_join(job.thread, NULL);
        free(job.rows);
    }
    if (own_tx) sqlite3_exec(st->db, rc == STORE_OK ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
    if (rc != STORE_OK) {
        load_free(&L);
        return rc;
    }
    finish(&L);
    for (int b = 0; b < L.nbr; b++) {
        const struct bslot *sl = &L.bs[b];
        struct audit_input in = {
            .branch_id = L.br[b].id,
            .year = year,
            .month = month,
            .today = today,
            .since = sl->since,
            .meetings = sl->nm ? &L.mt[sl->m0] : NULL,
            .nmeetings = sl->nm,
            .groups = sl->ng ? &L.gr[sl->g0] : NULL,
            .ngroups = sl->ng,
            .members = sl->np ? &L.am[sl->p0] : NULL,
            .nmembers = sl->np,
            .holdings = sl->nh ? &L.hs[sl->h0] : NULL,
            .nholdings = sl->nh,
        };
        if (fn(&in, &L.br[b], ctx)) break;
    }
    load_free(&L);
    return STORE_OK;
}

/* ---- verdicts -------------------------------------------------------------------------- */

static const char *const ITEM_CODES[] = {"meetings", "theme_day", "records", "members",
                                         "dues",     "posts",     "overall"};
static const char *const VERDICT_CODES[] = {"pass", "rectify", "fail"};

static bool in_codes(const char *code, const char *const *codes, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (code && strcmp(code, codes[i]) == 0) return true;
    return false;
}

/* Items in AUDIT_ITEMS order, overall last. */
#define ITEM_ORDER(col)                                                                        \
    " CASE " col " WHEN 'meetings' THEN 0 WHEN 'theme_day' THEN 1 WHEN 'records' THEN 2"       \
    " WHEN 'members' THEN 3 WHEN 'dues' THEN 4 WHEN 'posts' THEN 5 ELSE 6 END"

/* A trimmed copy of text into dst; msg (if any) when empty, "<label>过长" when too long. */
static int take_text(struct store *st, char *dst, size_t dstsz, const char *text, const char *msg,
                     const char *label)
{
    char *tmp = xstrdup(text ? text : "");
    text_trim(tmp);
    size_t len = strlen(tmp);
    int rc = STORE_OK;
    if (len >= dstsz) rc = st_fail(st, STORE_ERR_CONSTRAINT, "%s过长", label);
    else if (msg && len == 0) rc = st_fail(st, STORE_ERR_CONSTRAINT, "%s", msg);
    zb_strlcpy(dst, rc == STORE_OK ? tmp : "", dstsz);
    free(tmp);
    return rc;
}

static int check_month(struct store *st, const char *month)
{
    if (!month || dues_ym_parse(month) < 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "月份格式应为 YYYY-MM");
    return STORE_OK;
}

static int step_write(struct store *st, sqlite3_stmt *s, const char *what)
{
    int rc = sqlite3_step(s);
    st_done(s);
    if (rc == SQLITE_DONE) return STORE_OK;
    rc = sqlite3_extended_errcode(st->db);
    if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) return st_fail(st, STORE_ERR_NOT_FOUND, "支部不存在");
    return st_sqlfail(st, rc, what);
}

/* id and uuid of the row of (branch, month, item) by a cached statement; 0 when none. */
static int64_t find_row(struct store *st, enum stmt_id id, const char *sql, int64_t branch_id,
                        const char *month, const char *item, char uuid[UUID_STR_LEN],
                        char *status, size_t statussz)
{
    sqlite3_stmt *s = st_stmt(st, id, sql);
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, month);
    st_bind_text(s, 3, item);
    int rc = sqlite3_step(s);
    int64_t row = 0;
    if (rc == SQLITE_ROW) {
        row = sqlite3_column_int64(s, 0);
        st_col_text(s, 1, uuid, UUID_STR_LEN);
        if (status) st_col_text(s, 2, status, statussz);
    }
    st_done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取评审记录");
    return row;
}

#define VERDICT_JSON                                                                           \
    "SELECT json_object('branch_id', branch_id, 'month', month, 'item', item, 'verdict',"      \
    " verdict, 'comment', comment, 'deadline', deadline, 'reviewer', reviewer, 'updated_at',"   \
    " updated_at) FROM audit_verdict WHERE id = ?1"

#define RECTIFY_JSON                                                                           \
    "SELECT json_object('branch_id', branch_id, 'month', month, 'item', item, 'order_text',"   \
    " order_text, 'deadline', deadline, 'status', status, 'done_note', done_note, 'done_at',"   \
    " done_at, 'done_by', done_by, 'confirmed_at', confirmed_at, 'confirmed_by',"               \
    " confirmed_by, 'return_note', return_note, 'updated_at', updated_at)"                      \
    " FROM rectification WHERE id = ?1"

/* 需整改: create the order of (branch, month, item), or give the existing one the new text and
 * deadline — an order already done or confirmed opens again, since the reviewer says it still
 * needs putting right. Inside the caller's transaction. */
static int order_rectification(struct store *st, const struct verdict *v, const char *now)
{
    char uuid[UUID_STR_LEN] = "", status[12] = "";
    int64_t id = find_row(st, S_RECTIFY_FIND,
                          "SELECT id, uuid, status FROM rectification WHERE branch_id = ?1"
                          " AND month = ?2 AND item = ?3",
                          v->branch_id, v->month, v->item, uuid, status, sizeof status);
    if (id < 0) return (int)id;
    if (id == 0) {
        sqlite3_stmt *s = st_stmt(st, S_RECTIFY_INSERT,
                                  "INSERT INTO rectification(uuid, branch_id, month, item,"
                                  " order_text, deadline, status, created_at, created_by,"
                                  " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'open', ?7, ?8, ?7)");
        if (!s) return STORE_ERR;
        store_uuid(uuid);
        st_bind_text(s, 1, uuid);
        sqlite3_bind_int64(s, 2, v->branch_id);
        st_bind_text(s, 3, v->month);
        st_bind_text(s, 4, v->item);
        st_bind_text(s, 5, v->comment);
        st_bind_text(s, 6, v->deadline);
        st_bind_text(s, 7, now);
        st_bind_text(s, 8, st->user);
        int rc = step_write(st, s, "保存整改通知");
        if (rc) return rc;
        id = sqlite3_last_insert_rowid(st->db);
        int64_t h = st_history_begin(st, "rectification", uuid, "insert", S_RECTIFY_JSON, NULL, id);
        if (h < 0) return (int)h;
        return st_history_finish(st, h, S_RECTIFY_JSON, RECTIFY_JSON, id);
    }
    int64_t h = st_history_begin(st, "rectification", uuid,
                                 strcmp(status, "open") == 0 ? "update" : "reopen",
                                 S_RECTIFY_JSON, RECTIFY_JSON, id);
    if (h < 0) return (int)h;
    sqlite3_stmt *s = st_stmt(st, S_RECTIFY_REORDER,
                              "UPDATE rectification SET order_text = ?2, deadline = ?3,"
                              " status = 'open', updated_at = ?4 WHERE id = ?1");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, id);
    st_bind_text(s, 2, v->comment);
    st_bind_text(s, 3, v->deadline);
    st_bind_text(s, 4, now);
    int rc = step_write(st, s, "保存整改通知");
    if (rc) return rc;
    return st_history_finish(st, h, S_RECTIFY_JSON, RECTIFY_JSON, id);
}

int store_verdict_set(struct store *st, struct verdict *v)
{
    int rc = check_month(st, v->month);
    if (rc) return rc;
    if (!in_codes(v->item, ITEM_CODES, ZB_ARRAY_LEN(ITEM_CODES)))
        return st_fail(st, STORE_ERR_CONSTRAINT, "评审项目无效");
    if (!in_codes(v->verdict, VERDICT_CODES, ZB_ARRAY_LEN(VERDICT_CODES)))
        return st_fail(st, STORE_ERR_CONSTRAINT, "评审结论无效");
    struct verdict w = *v;
    rc = take_text(st, w.comment, sizeof w.comment, v->comment, NULL, "评审意见");
    if (rc) return rc;
    bool rectify = strcmp(w.verdict, "rectify") == 0;
    struct zdate d;
    if (rectify) {
        if (!w.deadline[0]) return st_fail(st, STORE_ERR_CONSTRAINT, "需整改须填写整改期限");
        if (!date_parse(w.deadline, &d))
            return st_fail(st, STORE_ERR_CONSTRAINT, "整改期限格式应为 YYYY-MM-DD，且须是真实日期");
    } else if (w.deadline[0] && !date_parse(w.deadline, &d)) {
        return st_fail(st, STORE_ERR_CONSTRAINT, "整改期限格式应为 YYYY-MM-DD，且须是真实日期");
    }
    rc = take_text(st, w.reviewer, sizeof w.reviewer, v->reviewer, NULL, "评审人");
    if (rc) return rc;
    if (!w.reviewer[0]) zb_strlcpy(w.reviewer, st->user, sizeof w.reviewer);

    rc = store_begin(st);
    if (rc) return rc;
    char uuid[UUID_STR_LEN] = "", now[24];
    clock_now_iso(now);
    int64_t id = find_row(st, S_VERDICT_FIND,
                          "SELECT id, uuid FROM audit_verdict WHERE branch_id = ?1 AND month = ?2"
                          " AND item = ?3",
                          w.branch_id, w.month, w.item, uuid, NULL, 0);
    if (id < 0) return st_abort(st, (int)id);
    int64_t h = 0;
    sqlite3_stmt *s;
    if (id) {
        h = st_history_begin(st, "audit_verdict", uuid, "update", S_VERDICT_JSON, VERDICT_JSON, id);
        if (h < 0) return st_abort(st, (int)h);
        s = st_stmt(st, S_VERDICT_UPDATE,
                    "UPDATE audit_verdict SET verdict = ?2, comment = ?3, deadline = ?4,"
                    " reviewer = ?5, updated_at = ?6 WHERE id = ?1");
        if (!s) return st_abort(st, STORE_ERR);
        sqlite3_bind_int64(s, 1, id);
    } else {
        s = st_stmt(st, S_VERDICT_INSERT,
                    "INSERT INTO audit_verdict(verdict, comment, deadline, reviewer, created_at,"
                    " updated_at, uuid, branch_id, month, item, created_by)"
                    " VALUES (?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8, ?9, ?10, ?11)");
        if (!s) return st_abort(st, STORE_ERR);
        store_uuid(uuid);
        st_bind_text(s, 7, uuid);
        sqlite3_bind_int64(s, 8, w.branch_id);
        st_bind_text(s, 9, w.month);
        st_bind_text(s, 10, w.item);
        st_bind_text(s, 11, st->user);
    }
    st_bind_text(s, 2, w.verdict);
    st_bind_text(s, 3, w.comment);
    st_bind_text(s, 4, w.deadline);
    st_bind_text(s, 5, w.reviewer);
    st_bind_text(s, 6, now);
    rc = step_write(st, s, "保存评审结论");
    if (rc) return st_abort(st, rc);
    if (!id) {
        id = sqlite3_last_insert_rowid(st->db);
        h = st_history_begin(st, "audit_verdict", uuid, "insert", S_VERDICT_JSON, NULL, id);
        if (h < 0) return st_abort(st, (int)h);
    }
    rc = st_history_finish(st, h, S_VERDICT_JSON, VERDICT_JSON, id);
    /* another verdict leaves an existing order as it is: the reviewer confirms it or it stays */
    if (rc == STORE_OK && rectify) rc = order_rectification(st, &w, now);
    if (rc) return st_abort(st, rc);
    rc = store_commit(st);
    if (rc) return rc;
    *v = w;
    v->id = id;
    zb_strlcpy(v->updated_at, now, sizeof v->updated_at);
    return STORE_OK;
}

int store_verdicts_of(struct store *st, int64_t branch_id, const char *month, struct verdict *out,
                      int max, int *n)
{
    *n = 0;
    sqlite3_stmt *s = st_stmt(st, S_VERDICT_LIST,
                              "SELECT id, branch_id, month, item, verdict, comment, deadline,"
                              " reviewer, updated_at FROM audit_verdict WHERE branch_id = ?1"
                              " AND month = ?2 ORDER BY" ITEM_ORDER("item"));
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, month);
    int rc = SQLITE_DONE;
    while (*n < max && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct verdict *v = &out[(*n)++];
        memset(v, 0, sizeof *v);
        v->id = sqlite3_column_int64(s, 0);
        v->branch_id = sqlite3_column_int64(s, 1);
        st_col_text(s, 2, v->month, sizeof v->month);
        st_col_text(s, 3, v->item, sizeof v->item);
        st_col_text(s, 4, v->verdict, sizeof v->verdict);
        st_col_text(s, 5, v->comment, sizeof v->comment);
        st_col_text(s, 6, v->deadline, sizeof v->deadline);
        st_col_text(s, 7, v->reviewer, sizeof v->reviewer);
        st_col_text(s, 8, v->updated_at, sizeof v->updated_at);
    }
    if (rc == SQLITE_ROW) rc = SQLITE_DONE;
    st_done(s);
    if (rc != SQLITE_DONE) return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取评审结论");
    return STORE_OK;
}

/* ---- rectification --------------------------------------------------------------------- */

#define RECTIFY_COLS                                                                           \
    "SELECT r.id, r.uuid, r.branch_id, b.name, r.month, r.item, r.order_text, r.deadline,"     \
    " r.status, r.done_note, r.done_at, r.done_by, r.confirmed_at, r.confirmed_by,"             \
    " r.return_note FROM rectification r JOIN branch b ON b.id = r.branch_id"

static void read_rectification(sqlite3_stmt *s, struct rectification *r)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(s, 0);
    st_col_text(s, 1, r->uuid, sizeof r->uuid);
    r->branch_id = sqlite3_column_int64(s, 2);
    st_col_text(s, 3, r->branch_name, sizeof r->branch_name);
    st_col_text(s, 4, r->month, sizeof r->month);
    st_col_text(s, 5, r->item, sizeof r->item);
    st_col_text(s, 6, r->order_text, sizeof r->order_text);
    st_col_text(s, 7, r->deadline, sizeof r->deadline);
    st_col_text(s, 8, r->status, sizeof r->status);
    st_col_text(s, 9, r->done_note, sizeof r->done_note);
    st_col_text(s, 10, r->done_at, sizeof r->done_at);
    st_col_text(s, 11, r->done_by, sizeof r->done_by);
    st_col_text(s, 12, r->confirmed_at, sizeof r->confirmed_at);
    st_col_text(s, 13, r->confirmed_by, sizeof r->confirmed_by);
    st_col_text(s, 14, r->return_note, sizeof r->return_note);
}

int store_rectifications(struct store *st, int64_t branch_id, const char *month, bool open_only,
                         struct rectification *out, int max, int *n)
{
    *n = 0;
    sqlite3_stmt *s = st_stmt(st, S_RECTIFY_LIST,
                              RECTIFY_COLS " WHERE (?1 = 0 OR r.branch_id = ?1)"
                                           " AND (?2 = '' OR r.month = ?2)"
                                           " AND (?3 = 0 OR r.status <> 'confirmed')"
                                           " ORDER BY r.month DESC, b.code," ITEM_ORDER("r.item"));
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, month);
    sqlite3_bind_int(s, 3, open_only ? 1 : 0);
    int rc = SQLITE_DONE;
    while (*n < max && (rc = sqlite3_step(s)) == SQLITE_ROW) read_rectification(s, &out[(*n)++]);
    if (rc == SQLITE_ROW) rc = SQLITE_DONE;
    st_done(s);
    if (rc != SQLITE_DONE) return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取整改通知");
    return STORE_OK;
}

/* Move order id from status `from` by the cached update (?1 id, ?2 now, ?3 user, ?4 note), with
 * history `action`. Refusals name where the order stands. */
static int rectify_move(struct store *st, int64_t id, const char *from, const char *action,
                        enum stmt_id upd_id, const char *upd_sql, const char *note)
{
    sqlite3_stmt *s = st_stmt(st, S_RECTIFY_GET, "SELECT uuid, status FROM rectification WHERE id = ?1");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, id);
    char uuid[UUID_STR_LEN] = "", status[12] = "";
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        st_col_text(s, 0, uuid, sizeof uuid);
        st_col_text(s, 1, status, sizeof status);
    }
    st_done(s);
    if (rc == SQLITE_DONE) return st_fail(st, STORE_ERR_NOT_FOUND, "整改通知不存在");
    if (rc != SQLITE_ROW) return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取整改通知");
    if (strcmp(status, from) != 0) {
        if (strcmp(status, "confirmed") == 0)
            return st_fail(st, STORE_ERR_CONSTRAINT, "该整改已确认");
        if (strcmp(status, "done") == 0)
            return st_fail(st, STORE_ERR_CONSTRAINT, "该整改已标记完成，等待确认");
        return st_fail(st, STORE_ERR_CONSTRAINT, "该整改尚未标记完成");
    }
    rc = store_begin(st);
    if (rc) return rc;
    int64_t h = st_history_begin(st, "rectification", uuid, action, S_RECTIFY_JSON, RECTIFY_JSON, id);
    if (h < 0) return st_abort(st, (int)h);
    s = st_stmt(st, upd_id, upd_sql);
    if (!s) return st_abort(st, STORE_ERR);
    char now[24];
    clock_now_iso(now);
    sqlite3_bind_int64(s, 1, id);
    st_bind_text(s, 2, now);
    st_bind_text(s, 3, st->user);
    if (note) st_bind_text(s, 4, note);
    rc = step_write(st, s, "保存整改通知");
    if (rc == STORE_OK) rc = st_history_finish(st, h, S_RECTIFY_JSON, RECTIFY_JSON, id);
    if (rc) return st_abort(st, rc);
    return store_commit(st);
}

int store_rectification_done(struct store *st, int64_t id, const char *note)
{
    char text[600];
    int rc = take_text(st, text, sizeof text, note, "整改说明不能为空", "整改说明");
    if (rc) return rc;
    return rectify_move(st, id, "open", "done", S_RECTIFY_DONE,
                        "UPDATE rectification SET status = 'done', done_at = ?2, done_by = ?3,"
                        " done_note = ?4, updated_at = ?2 WHERE id = ?1",
                        text);
}

int store_rectification_confirm(struct store *st, int64_t id)
{
    return rectify_move(st, id, "done", "confirm", S_RECTIFY_CONFIRM,
                        "UPDATE rectification SET status = 'confirmed', confirmed_at = ?2,"
                        " confirmed_by = ?3, updated_at = ?2 WHERE id = ?1",
                        NULL);
}

int store_rectification_return(struct store *st, int64_t id, const char *note)
{
    char text[600];
    int rc = take_text(st, text, sizeof text, note, "退回须填写说明", "退回说明");
    if (rc) return rc;
    return rectify_move(st, id, "done", "return", S_RECTIFY_RETURN,
                        "UPDATE rectification SET status = 'open', return_note = ?4,"
                        " updated_at = ?2 WHERE id = ?1",
                        text);
}

/* ---- handing the month in -------------------------------------------------------------- */

#define HANDIN_JSON                                                                            \
    "SELECT json_object('branch_id', branch_id, 'month', month, 'handed_at', handed_at,"       \
    " 'handed_by', handed_by, 'snapshot', json(snapshot_json), 'notes', json(notes_json))"      \
    " FROM handin WHERE id = ?1"

int store_handin_add(struct store *st, struct handin *h)
{
    int rc = check_month(st, h->month);
    if (rc) return rc;
    char by[64];
    rc = take_text(st, by, sizeof by, h->handed_by, NULL, "提交人");
    if (rc) return rc;
    if (!by[0]) zb_strlcpy(by, st->user, sizeof by);
    rc = store_begin(st);
    if (rc) return rc;
    sqlite3_stmt *s = st_stmt(st, S_HANDIN_INSERT,
                              "INSERT INTO handin(uuid, branch_id, month, handed_at, handed_by,"
                              " snapshot_json, notes_json, created_at, created_by, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?4, ?8, ?4)");
    if (!s) return st_abort(st, STORE_ERR);
    char uuid[UUID_STR_LEN], now[24];
    store_uuid(uuid);
    clock_now_iso(now);
    st_bind_text(s, 1, uuid);
    sqlite3_bind_int64(s, 2, h->branch_id);
    st_bind_text(s, 3, h->month);
    st_bind_text(s, 4, now);
    st_bind_text(s, 5, by);
    st_bind_text(s, 6, h->snapshot_json && h->snapshot_json[0] ? h->snapshot_json : "{}");
    st_bind_text(s, 7, h->notes_json && h->notes_json[0] ? h->notes_json : "{}");
    st_bind_text(s, 8, st->user);
    int sqlrc = sqlite3_step(s);
    st_done(s);
    if (sqlrc != SQLITE_DONE) {
        sqlrc = sqlite3_extended_errcode(st->db);
        if (sqlrc == SQLITE_CONSTRAINT_UNIQUE)
            return st_abort(st, st_fail(st, STORE_ERR_CONSTRAINT, "该月已提交"));
        if (sqlrc == SQLITE_CONSTRAINT_FOREIGNKEY)
            return st_abort(st, st_fail(st, STORE_ERR_NOT_FOUND, "支部不存在"));
        return st_abort(st, st_sqlfail(st, sqlrc, "提交月报"));
    }
    int64_t id = sqlite3_last_insert_rowid(st->db);
    int64_t hist = st_history_begin(st, "handin", uuid, "insert", S_HANDIN_JSON, NULL, id);
    if (hist < 0) return st_abort(st, (int)hist);
    rc = st_history_finish(st, hist, S_HANDIN_JSON, HANDIN_JSON, id);
    if (rc) return st_abort(st, rc);
    rc = store_commit(st);
    if (rc) return rc;
    h->id = id;
    zb_strlcpy(h->handed_at, now, sizeof h->handed_at);
    zb_strlcpy(h->handed_by, by, sizeof h->handed_by);
    return STORE_OK;
}

int store_handin_get(struct store *st, int64_t branch_id, const char *month, struct handin *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = st_stmt(st, S_HANDIN_GET,
                              "SELECT id, branch_id, month, handed_at, handed_by, snapshot_json,"
                              " notes_json FROM handin WHERE branch_id = ?1 AND month = ?2");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, month);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(s, 0);
        out->branch_id = sqlite3_column_int64(s, 1);
        st_col_text(s, 2, out->month, sizeof out->month);
        st_col_text(s, 3, out->handed_at, sizeof out->handed_at);
        st_col_text(s, 4, out->handed_by, sizeof out->handed_by);
        out->snapshot_json = xstrdup(col_str(s, 5));
        out->notes_json = xstrdup(col_str(s, 6));
    }
    st_done(s);
    if (rc == SQLITE_DONE) return st_fail(st, STORE_ERR_NOT_FOUND, "该月尚未提交");
    if (rc != SQLITE_ROW) return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取月报");
    return STORE_OK;
}

void store_handin_free(struct handin *h)
{
    if (!h) return;
    free(h->snapshot_json);
    free(h->notes_json);
    h->snapshot_json = NULL;
    h->notes_json = NULL;
}
