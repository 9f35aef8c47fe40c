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

struct mrow {                  /* a member while loading, in member id order (packed: a
                                  district holds 23,000 of these) */
    struct audit_member am;
    const char *category;      /* the roster's dues category (a member without a basis) */
    int bidx;
    int b0, nb, a0, na;        /* bases, adjusts slices */
    int pos;                   /* its place in the members by branch (lay_out_members) */
    int start_ym;
    char join[11], leave[11], since[11], contact[11];
};

struct load {
    struct store *st;
    int64_t lo, hi;            /* branch ids */
    struct zdate ms, me, today;
    int ym, win_ym;
    struct arena strings;
    struct arena tstrings;     /* the strings read on the other thread (the groups' names) */
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
    /* the members' ids (in mr order), handed to the allocations' threads once read */
    struct {
        pthread_mutex_t mu;
        pthread_cond_t cv;
        bool ready;
        int64_t *ids;          /* NULL: no members (or they failed to load) */
        int n;
    } pub;
    struct dues_basis *bases, *defbases;
    int nbases, cbases;
    struct dues_adjust *adjusts;
    int nadjusts, cadjusts;
    struct dues_paid *paid;
    struct audit_holding *hs;
    char (*hrep)[DATE_STR_LEN]; /* each holding's last report */
    int nhs, chs, chrep;
};

static void load_free(struct load *L)
{
    arena_free(&L->strings);
    arena_free(&L->tstrings);
    free(L->pub.ids);
    pthread_cond_destroy(&L->pub.cv);
    pthread_mutex_destroy(&L->pub.mu);
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

/* The member row of id (members are in id order): from the hint forward, else a search, over
 * the compact copy of the ids (publish_members, called once the members are read). */
static int member_index(const struct load *L, int64_t id, int *hint)
{
    const int64_t *ids = L->pub.ids;
    int n = ids ? L->pub.n : 0;
    int i = *hint;
    if (i < 0 || i >= n || ids[i] > id) i = 0;
    if (n > 0 && id - ids[i] > 64) {
        int lo = i, hi = n - 1;
        while (lo < hi) {
            int mid = lo + (hi - lo) / 2;
            if (ids[mid] < id) lo = mid + 1;
            else hi = mid;
        }
        i = lo;
    }
    while (i < n && ids[i] < id) i++;
    *hint = i;
    return i < n && ids[i] == id ? i : -1;
}

/* Hand the members' ids (ok: they loaded) to whoever waits for them; once. */
static void publish_members(struct load *L, bool ok)
{
    pthread_mutex_lock(&L->pub.mu);
    if (!L->pub.ready) {
        if (ok && L->nmr > 0) {
            L->pub.ids = xmalloc((size_t)L->nmr * sizeof *L->pub.ids);
            for (int i = 0; i < L->nmr; i++) L->pub.ids[i] = L->mr[i].am.id;
            L->pub.n = L->nmr;
        }
        L->pub.ready = true;
        pthread_cond_broadcast(&L->pub.cv);
    }
    pthread_mutex_unlock(&L->pub.mu);
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
        " ifnull(b.dues_start, '')"
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

#define MEETINGS_SQL                                                                           \
    "SELECT m.branch_id, m.id, m.date, m.kind, m.also_mask, ifnull(m.group_id, 0), m.quorum,"  \
    " m.missing_mask, m.created_at FROM branch b JOIN meeting m ON m.branch_id = b.id"         \
    " WHERE b.id BETWEEN ?1 AND ?2 AND m.date >= ?7 AND m.date <= ?4"                          \
    " AND m.voided_at IS NULL ORDER BY b.id, m.date"

/* Reads the meetings rows of s into L (touching only the meetings arrays and the branch
 * slots' m0/nm, so it may run beside the other loaders); returns the last sqlite3_step code. */
static int read_meetings(struct load *L, sqlite3_stmt *s)
{
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
    return rc;
}

static int load_meetings(struct load *L)
{
    sqlite3_stmt *s = load_stmt(L, S_AUDIT_MEETINGS, MEETINGS_SQL);
    if (!s) return STORE_ERR;
    return load_end(L, s, read_meetings(L, s), "读取会议记录");
}

/* Groups as they stood: not voided by the month's end; their dates and their members on the
 * roster at the month's end (the engine decides which must meet: group_meets_in_month). */
#define GROUPS_SQL                                                                             \
    "SELECT g.branch_id, g.id, g.name, g.start_date, g.end_date, (SELECT count(*) FROM member m" \
    " WHERE m.group_id = g.id AND m.join_date <> '' AND m.join_date <= ?4"                      \
    " AND (m.leave_status = '' OR m.leave_date > ?4)) FROM party_group g"                       \
    " WHERE g.branch_id BETWEEN ?1 AND ?2"                                                      \
    " AND (g.voided_at IS NULL OR substr(g.voided_at, 1, 10) > ?4) ORDER BY g.branch_id, g.id"

/* Reads the groups rows of s into L (the groups arrays, the slots' g0/ng, names in strings). */
static int read_groups(struct load *L, sqlite3_stmt *s, struct arena *strings)
{
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
        L->gr[L->ngr].name = arena_str(strings, sqlite3_column_text(s, 2));
        L->gr[L->ngr].start_date = arena_str(strings, sqlite3_column_text(s, 3));
        L->gr[L->ngr].end_date = arena_str(strings, sqlite3_column_text(s, 4));
        L->gr[L->ngr].members = sqlite3_column_int(s, 5);
        L->ngr++;
    }
    return rc;
}

static int load_groups(struct load *L)
{
    sqlite3_stmt *s = load_stmt(L, S_AUDIT_GROUPS, GROUPS_SQL);
    if (!s) return STORE_ERR;
    return load_end(L, s, read_groups(L, s, &L->strings), "读取党小组");
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
    " leave_date, created_at, updated_at, dues_category, mobile,"                              \
    " CASE WHEN leave_status = 'transferred' THEN ifnull((SELECT t.dues_paid_through"           \
    " FROM member_transfer t WHERE t.member_id = member.id AND t.direction = 'out'"             \
    " ORDER BY t.date DESC, t.id DESC LIMIT 1), '') ELSE '' END,"                               \
    " CASE WHEN status = 'probationary' THEN ifnull((SELECT d.until FROM probation_decision d"  \
    " WHERE d.member_id = member.id AND d.kind = 'extend' AND d.date <= ?4"                     \
    " ORDER BY d.date DESC, d.id DESC LIMIT 1), '') ELSE '' END FROM member"                   \
    " WHERE " plus "branch_id BETWEEN ?1 AND ?2 AND join_date <= ?4"                            \
    " AND (leave_status = '' OR leave_date >= ?3) ORDER BY id"

/* A dues category as a constant string (one of DUES_CATEGORIES; anything else copied). */
static const char *category_str(struct load *L, const unsigned char *text)
{
    static const char *const KNOWN[] = {"farmer", "employed", "retired", "student", "unemployed",
                                        "lowincome"};
    const char *t = text ? (const char *)text : "";
    for (size_t k = 0; k < ZB_ARRAY_LEN(KNOWN); k++)
        if (strcmp(t, KNOWN[k]) == 0) return KNOWN[k];
    return arena_str(&L->strings, text);
}

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
                                               r->am.dues.join_ym, col_str(s, 13));
        r->category = category_str(L, sqlite3_column_text(s, 11));
        r->am.mobile = sqlite3_column_int(s, 12) != 0;
        r->am.probation_until = arena_str(&L->strings, sqlite3_column_text(s, 14));
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
        if (!date_parse((const char *)sqlite3_column_text(s, 2), &r->am.arrived))
            r->am.arrived = (struct zdate){0};
    }
    return load_end(L, s, rc, "读取转入记录");
}

/* December: each member's 谈心谈话 of the year to month end (present in the attendance, or
 * the host — once a record), the 党课 they gave as lecturer, and who holds the office of 书记
 * (year_rules.h decides what falls short). */
#define TALK_BIT "128"    /* MK_BIT(MK_TALK) */
#define LECTURE_BIT "8"   /* MK_BIT(MK_LECTURE) */
_Static_assert(MK_BIT(MK_TALK) == 128 && MK_BIT(MK_LECTURE) == 8, "the kinds' bits in load_year");
#define YEAR_MEETINGS                                                                          \
    " FROM meeting m WHERE m.branch_id BETWEEN ?1 AND ?2 AND m.date >= ?7 AND m.date <= ?4"     \
    " AND m.voided_at IS NULL"
#define IS_TALK "(m.kind = 'talk' OR (m.also_mask & " TALK_BIT ") <> 0)"
static int load_year(struct load *L)
{
    sqlite3_stmt *s = load_stmt(
        L, S_AUDIT_YEAR_PEOPLE,
        "SELECT member_id, sum(talk), sum(lecture) FROM ("
        " SELECT a.member_id AS member_id, 1 AS talk, 0 AS lecture"
        " FROM meeting m JOIN meeting_attendance a ON a.meeting_id = m.id AND a.mark = 'present'"
        " WHERE m.branch_id BETWEEN ?1 AND ?2 AND m.date >= ?7 AND m.date <= ?4"
        " AND m.voided_at IS NULL AND " IS_TALK
        " UNION ALL SELECT m.host_id, 1, 0" YEAR_MEETINGS " AND " IS_TALK
        " AND m.host_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM meeting_attendance a"
        " WHERE a.meeting_id = m.id AND a.member_id = m.host_id AND a.mark = 'present')"
        " UNION ALL SELECT m.lecturer_id, 0, 1" YEAR_MEETINGS
        " AND (m.kind = 'lecture' OR (m.also_mask & " LECTURE_BIT ") <> 0)"
        " AND m.lecturer_id IS NOT NULL"
        ") GROUP BY member_id ORDER BY member_id");
    if (!s) return STORE_ERR;
    int rc, hint = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int i = member_index(L, sqlite3_column_int64(s, 0), &hint);
        if (i < 0) continue;
        L->mr[i].am.talks = sqlite3_column_int(s, 1);
        L->mr[i].am.lectures = sqlite3_column_int(s, 2);
    }
    rc = load_end(L, s, rc, "读取谈心谈话和党课");
    if (rc) return rc;
    s = load_stmt(L, S_AUDIT_YEAR_SECRETARY,
                  "SELECT id FROM member WHERE branch_id BETWEEN ?1 AND ?2 AND office = 'secretary'"
                  " ORDER BY id");
    if (!s) return STORE_ERR;
    hint = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int i = member_index(L, sqlite3_column_int64(s, 0), &hint);
        if (i >= 0) L->mr[i].am.secretary = true;
    }
    return load_end(L, s, rc, "读取书记");
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

/* dues_ym_parse, remembered for the last few texts (the same months recur across members). */
struct ym_cache {
    char text[16][8];
    int ym[16];
};

static int cached_ym(struct ym_cache *c, const char *t)
{
    if (!t || strlen(t) != 7) return dues_ym_parse(t);
    unsigned h = ((unsigned char)t[3] * 31u + (unsigned char)t[5] * 7u + (unsigned char)t[6]) & 15u;
    if (memcmp(c->text[h], t, 8) != 0) {
        memcpy(c->text[h], t, 8);
        c->ym[h] = dues_ym_parse(t);
    }
    return c->ym[h];
}

static enum dues_adjust_kind adjust_kind(const char *code)
{
    if (strcmp(code, "reduce") == 0) return DUES_REDUCE;
    if (strcmp(code, "defer") == 0) return DUES_DEFER;
    return DUES_WAIVE;
}

struct basis_row {
    int midx;
    const char *from;          /* from_month as stored (the order within a member) */
    struct dues_basis b;
};

/* Every branch's bases: the table in storage order (a scan, not the (member_id, from_month)
 * index and a table lookup a row), laid out by member here (a counting sort) and ordered by
 * from_month within each member, as BASES_SQL's ORDER BY does. */
static int load_all_bases(struct load *L)
{
    sqlite3_stmt *s = load_stmt(L, S_AUDIT_BASES,
                                "SELECT member_id, from_month, category, base_fen FROM dues_basis");
    if (!s) return STORE_ERR;
    struct basis_row *rows = NULL;
    struct ym_cache yc = {0};
    int n = 0, cap = 0, rc, hint = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int i = member_index(L, sqlite3_column_int64(s, 0), &hint);
        if (i < 0) continue;
        rows = grow(rows, &cap, n + 1, sizeof *rows);
        struct basis_row *r = &rows[n++];
        memset(r, 0, sizeof *r);
        r->midx = i;
        r->from = arena_str(&L->strings, sqlite3_column_text(s, 1));
        r->b.from_ym = cached_ym(&yc, r->from);
        st_col_text(s, 2, r->b.category, sizeof r->b.category);
        r->b.base_fen = (long)sqlite3_column_int64(s, 3);
        L->mr[i].nb++;
    }
    rc = load_end(L, s, rc, "读取党费基数");
    if (rc) {
        free(rows);
        return rc;
    }
    int at = 0;
    for (int i = 0; i < L->nmr; i++) {
        L->mr[i].b0 = at;
        at += L->mr[i].nb;
        L->mr[i].nb = 0;
    }
    L->nbases = L->cbases = at;
    L->bases = xmalloc((size_t)(at ? at : 1) * sizeof *L->bases);
    const char **from = xmalloc((size_t)(at ? at : 1) * sizeof *from);
    for (int k = 0; k < n; k++) {
        struct mrow *r = &L->mr[rows[k].midx];
        int at_k = r->b0 + r->nb++;
        /* insertion by from_month within the member (mostly one or two rows) */
        while (at_k > r->b0 && strcmp(from[at_k - 1], rows[k].from) > 0) {
            L->bases[at_k] = L->bases[at_k - 1];
            from[at_k] = from[at_k - 1];
            at_k--;
        }
        L->bases[at_k] = rows[k].b;
        from[at_k] = rows[k].from;
    }
    free(from);
    free(rows);
    return STORE_OK;
}

/* One branch's bases: dues.c's query over the month's members, in member order. */
static int load_branch_bases(struct load *L)
{
    sqlite3_stmt *s = load_stmt(L, S_AUDIT_BASES_ONE, BASES_SQL("IN (" MEMBER_SCOPE ")"));
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
    return load_end(L, s, rc, "读取党费基数");
}

/* Bases and adjustments (dues.c's queries; every branch: all rows, those of members outside
 * the month dropped here; one branch: over the month's members), in member order: each
 * member's rows are one slice. */
static int load_bases_adjusts(struct load *L)
{
    bool one = L->lo == L->hi;
    int rc = one ? load_branch_bases(L) : load_all_bases(L);
    if (rc) return rc;
    sqlite3_stmt *s = one ? load_stmt(L, S_AUDIT_ADJUSTS_ONE, ADJUSTS_SQL("IN (" MEMBER_SCOPE ")"))
                          : load_stmt(L, S_AUDIT_ADJUSTS, ADJUSTS_SQL("> 0"));
    if (!s) return STORE_ERR;
    int hint = 0;
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
    "SELECT member_id, month, amount, payment_id FROM dues_allocation WHERE month >= ?1"
/* (no ORDER BY: sorting by id would scan the table instead of the partial index) */
#define VOIDED_SQL "SELECT id FROM dues_payment WHERE voided_at IS NOT NULL"

struct paid_raw {              /* 16 bytes: a quarter of a million of them */
    int64_t member_id;         /* then, in load_paid, the member's row (or -1) */
    int ym;
    int32_t amount;            /* PAID_BIG: the amount is the next in the job's big list */
};
#define PAID_BIG INT32_MIN

#define PAID_JOBS 2

struct paid_job {
    struct load *L;
    const char *path;
    char win[8], mon[8];       /* the months this job reads */
    struct paid_raw *rows;
    int n, cap;
    int *count;                /* rows of each member (in mr order) once mapped, else NULL */
    long *big;                 /* amounts that do not fit a paid_raw, in row order */
    int nbig, cbig;
    int rc;                    /* SQLITE_OK or the failing code */
    pthread_t thread;
    bool started;
};

static int id_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* The voided payments (few: the partial index dues_payment_voided), sorted by id here. */
static int read_voided(sqlite3 *db, int64_t **ids, int *n)
{
    sqlite3_stmt *s = NULL;
    int cap = 0, rc = sqlite3_prepare_v2(db, VOIDED_SQL, -1, &s, NULL);
    if (rc != SQLITE_OK) return rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        *ids = grow(*ids, &cap, *n + 1, sizeof **ids);
        (*ids)[(*n)++] = sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
    if (*n > 1) qsort(*ids, (size_t)*n, sizeof **ids, id_cmp);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static void paid_push(struct paid_job *j, int64_t member_id, int ym, int64_t amount)
{
    j->rows = grow(j->rows, &j->cap, j->n + 1, sizeof *j->rows);
    struct paid_raw *r = &j->rows[j->n++];
    r->member_id = member_id;
    r->ym = ym;
    if (amount > INT32_MIN && amount <= INT32_MAX) {
        r->amount = (int32_t)amount;
    } else {
        r->amount = PAID_BIG;
        j->big = grow(j->big, &j->cbig, j->nbig + 1, sizeof *j->big);
        j->big[j->nbig++] = (long)amount;
    }
}

/* Map each row's member_id to the member's row in ids (sorted; -1 if not there) and count
 * the rows of each member. Each month's rows come in member order: a walk over ids. */
static void map_rows(const int64_t *ids, int nmr, struct paid_raw *rows, int n, int *count)
{
    int i = 0;
    for (int k = 0; k < n; k++) {
        int64_t id = rows[k].member_id;
        if (i >= nmr || ids[i] > id) i = 0;
        if (nmr > 0 && id - ids[i] > 64) {
            int lo = i, hi = nmr - 1;
            while (lo < hi) {
                int mid = lo + (hi - lo) / 2;
                if (ids[mid] < id) lo = mid + 1;
                else hi = mid;
            }
            i = lo;
        }
        while (i < nmr && ids[i] < id) i++;
        bool found = i < nmr && ids[i] == id;
        rows[k].member_id = found ? i : -1;
        if (found) count[i]++;
    }
}

/* The allocations of the job's months: the month index alone (covering), in month order from
 * the first, until a month after the last (checked here once a month rather than by SQLite on
 * every row); the voided payments' allocations dropped here rather than by a NOT IN in the
 * query (which costs a probe a row). */
static void *paid_job_run(void *arg)
{
    struct paid_job *j = arg;
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    int64_t *voided = NULL;
    int nvoided = 0;
    j->rc = st_open_reader(j->L->st, &db);
    if (j->rc == SQLITE_OK) sqlite3_busy_timeout(db, 5000);
    /* one pass over an index: a page is read once, so a small cache (peak memory) */
    if (j->rc == SQLITE_OK) j->rc = sqlite3_exec(db, "PRAGMA cache_size = 32", NULL, NULL, NULL);
    if (j->rc == SQLITE_OK) j->rc = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    if (j->rc == SQLITE_OK) j->rc = read_voided(db, &voided, &nvoided);
    if (j->rc == SQLITE_OK) j->rc = sqlite3_prepare_v2(db, PAID_ALL_SQL, -1, &s, NULL);
    if (j->rc == SQLITE_OK) {
        sqlite3_bind_text(s, 1, j->win, -1, SQLITE_STATIC);
        int rc, ym = -1;
        char last[16] = ""; /* the rows come month by month: parse each month once */
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            if (nvoided) {
                int64_t pid = sqlite3_column_int64(s, 3);
                if (bsearch(&pid, voided, (size_t)nvoided, sizeof pid, id_cmp)) continue;
            }
            const char *month = (const char *)sqlite3_column_text(s, 1);
            if (!month) {
                ym = -1;
                last[0] = '\0';
            } else if (strcmp(month, last) != 0) {
                /* past the last month (a blob sorts after every text) */
                if (strcmp(month, j->mon) > 0 || sqlite3_column_type(s, 1) != SQLITE_TEXT) {
                    rc = SQLITE_DONE;
                    break;
                }
                ym = fast_ym((const unsigned char *)month);
                zb_strlcpy(last, month, sizeof last);
            }
            paid_push(j, sqlite3_column_int64(s, 0), ym, sqlite3_column_int64(s, 2));
        }
        j->rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_finalize(s);
    free(voided);
    if (db) {
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
        sqlite3_close(db);
    }
    /* map the rows to the members here, beside the main thread's remaining loaders */
    struct load *L = j->L;
    pthread_mutex_lock(&L->pub.mu);
    while (!L->pub.ready) pthread_cond_wait(&L->pub.cv, &L->pub.mu);
    pthread_mutex_unlock(&L->pub.mu);
    if (j->rc == SQLITE_OK && L->pub.ids) {
        j->count = xcalloc((size_t)L->pub.n, sizeof *j->count);
        map_rows(L->pub.ids, L->pub.n, j->rows, j->n, j->count);
    }
    return NULL;
}

/* Start reading every branch's allocations of months from..to; false if the thread could not
 * start. */
static bool paid_job_start(struct load *L, struct paid_job *j, int from, int to)
{
    memset(j, 0, sizeof *j);
    j->L = L;
    j->path = L->st->path;
    dues_ym_format(from, j->win);
    dues_ym_format(to, j->mon);
    j->started = pthread_create(&j->thread, NULL, paid_job_run, j) == 0;
    return j->started;
}

/* The window's allocations on two threads (the earlier and the later months: it is the largest
 * query of the audit, and with the other loaders on the main thread and the holdings thread
 * the two cores stay busy to the end). Both started, or none (the caller then reads them in
 * line). */
static bool paid_jobs_start(struct load *L, struct paid_job job[PAID_JOBS])
{
    int mid = L->win_ym + (L->ym - L->win_ym + 1) / PAID_JOBS - 1;
    if (!paid_job_start(L, &job[0], L->win_ym, mid)) return false;
    if (paid_job_start(L, &job[1], mid + 1, L->ym)) return true;
    pthread_join(job[0].thread, NULL);
    job[0].started = false;
    free(job[0].rows);
    job[0].rows = NULL;
    return false;
}

/* Lay the rows out by member (a counting sort: rows[k].member_id becomes the member's row,
 * by the job's thread or here); the jobs' rows in turn (earlier months first), as one list.
 * The members are laid out already (lay_out_members): their allocations are set in place. */
static void gather_paid(struct load *L, struct paid_job *jobs, int njobs)
{
    int nmr = L->nmr;
    int *count = xcalloc((size_t)(nmr ? nmr : 1), sizeof *count);
    for (int jb = 0; jb < njobs; jb++) {
        if (jobs[jb].count) {
            for (int m = 0; m < nmr; m++) count[m] += jobs[jb].count[m];
        } else {
            map_rows(L->pub.ids, L->pub.ids ? nmr : 0, jobs[jb].rows, jobs[jb].n, count);
        }
    }
    int *next = xmalloc((size_t)(nmr ? nmr : 1) * sizeof *next); /* where its next row goes */
    int at = 0;
    for (int m = 0; m < nmr; m++) {
        next[m] = at;
        at += count[m];
    }
    L->paid = xmalloc((size_t)(at ? at : 1) * sizeof *L->paid);
    for (int jb = 0; jb < njobs; jb++) {
        const struct paid_raw *rows = jobs[jb].rows;
        int big = 0;
        for (int k = 0; k < jobs[jb].n; k++) {
            long amount = rows[k].amount == PAID_BIG ? jobs[jb].big[big++] : rows[k].amount;
            if (rows[k].member_id < 0) continue;
            struct dues_paid *p = &L->paid[next[rows[k].member_id]++];
            p->ym = rows[k].ym;
            p->amount = amount;
        }
    }
    for (int m = 0; m < nmr; m++) {
        struct dues_facts *f = &L->am[L->mr[m].pos].dues;
        f->paid = count[m] ? &L->paid[next[m] - count[m]] : NULL;
        f->npaid = count[m];
    }
    free(next);
    free(count);
}

/* Wait for the paid jobs (if they were started) and free their rows; the first failing code. */
static int paid_jobs_end(struct load *L, struct paid_job job[PAID_JOBS])
{
    publish_members(L, false); /* (a no-op once the members were handed over) */
    int rc = SQLITE_OK;
    for (int k = 0; k < PAID_JOBS; k++) {
        if (!job[k].started) continue;
        pthread_join(job[k].thread, NULL);
        job[k].started = false;
        if (rc == SQLITE_OK) rc = job[k].rc;
    }
    return rc;
}

static void paid_jobs_free(struct paid_job job[PAID_JOBS])
{
    for (int k = 0; k < PAID_JOBS; k++) {
        free(job[k].rows);
        free(job[k].count);
        free(job[k].big);
        job[k].rows = NULL;
        job[k].count = NULL;
        job[k].big = NULL;
    }
}

static int load_paid(struct load *L, struct paid_job job[PAID_JOBS])
{
    if (job[0].started) {
        int jrc = paid_jobs_end(L, job);
        if (jrc == SQLITE_OK) gather_paid(L, job, PAID_JOBS);
        paid_jobs_free(job);
        if (jrc != SQLITE_OK)
            return st_fail(L->st, STORE_ERR, "读取交费记录失败：%s", sqlite3_errstr(jrc));
        return STORE_OK;
    }
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
    struct paid_job in_line = {0};
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        paid_push(&in_line, sqlite3_column_int64(s, 0), fast_ym(sqlite3_column_text(s, 1)),
                  sqlite3_column_int64(s, 2));
    }
    rc = load_end(L, s, rc, "读取交费记录");
    if (rc == STORE_OK) gather_paid(L, &in_line, 1);
    free(in_line.rows);
    free(in_line.big);
    return rc;
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

/* The holdings, then the meetings and the groups, on a connection of their own in a thread
 * (beside the allocations' threads and the members on the main thread). */
struct holdings_job {
    struct load *L;
    int rc;
    const char *what;          /* what failed to load */
    pthread_t thread;
    bool started;
};

/* Prepare, bind and read one of the thread's queries; the sqlite3 code. */
static int thread_query(struct holdings_job *j, sqlite3 *db, const char *sql, const char *what,
                        int (*read)(struct load *L, sqlite3_stmt *s))
{
    sqlite3_stmt *s = NULL;
    j->what = what;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
    if (rc == SQLITE_OK) {
        bind_load(j->L, s);
        rc = read(j->L, s);
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_finalize(s);
    return rc;
}

static int read_thread_groups(struct load *L, sqlite3_stmt *s)
{
    return read_groups(L, s, &L->tstrings);
}

static void *holdings_job_run(void *arg)
{
    struct holdings_job *j = arg;
    sqlite3 *db = NULL;
    j->what = "读取岗位认领记录";
    j->rc = st_open_reader(j->L->st, &db);
    if (j->rc == SQLITE_OK) sqlite3_busy_timeout(db, 5000);
    /* the reports' index is sought in holding order, the rest read in one pass */
    if (j->rc == SQLITE_OK) j->rc = sqlite3_exec(db, "PRAGMA cache_size = 128", NULL, NULL, NULL);
    if (j->rc == SQLITE_OK) j->rc = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    if (j->rc == SQLITE_OK) j->rc = thread_query(j, db, HOLDINGS_SQL, "读取岗位认领记录", read_holdings);
    if (j->rc == SQLITE_OK) j->rc = thread_query(j, db, MEETINGS_SQL, "读取会议记录", read_meetings);
    if (j->rc == SQLITE_OK) j->rc = thread_query(j, db, GROUPS_SQL, "读取党小组", read_thread_groups);
    if (db) {
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
        sqlite3_close(db);
    }
    return NULL;
}

/* Point every member's strings and dues facts (but the allocations: set_paid) at the final
 * arrays and lay the members out by branch (in id order within each). */
static void lay_out_members(struct load *L)
{
    if (L->am) return;
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
        L->mr[i].pos = sl->p0 + sl->np++;
        L->am[L->mr[i].pos] = L->mr[i].am;
    }
}

/* Load the month (see store_audit_each) into L and lay out every branch's input in *ins (heap,
 * L->nbr of them). On a failure L is freed. */
static int audit_load(struct store *st, int64_t branch_id, int year, int month, struct zdate today,
                      struct load *L, struct audit_input **ins)
{
    *ins = NULL;
    if (year < 1900 || year > 2999 || month < 1 || month > 12)
        return st_fail(st, STORE_ERR_CONSTRAINT, "月份无效");
    if (branch_id < 0) return st_fail(st, STORE_ERR_NOT_FOUND, "支部不存在");
    *L = (struct load){.st = st};
    pthread_mutex_init(&L->pub.mu, NULL);
    pthread_cond_init(&L->pub.cv, NULL);
    L->lo = branch_id ? branch_id : 1;
    L->hi = branch_id ? branch_id : INT64_MAX;
    L->ms = (struct zdate){year, month, 1};
    L->me = date_month_end(L->ms);
    L->today = today;
    L->ym = dues_ym(year, month);
    L->win_ym = L->ym - (AUDIT_DUES_WINDOW - 1);

    /* one read transaction for a consistent picture (unless the caller has one open); it ends
     * before fn runs, so that fn may write */
    bool own_tx = st->tx_depth == 0 && sqlite3_get_autocommit(st->db);
    if (own_tx && sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
        load_free(L);
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取月审数据");
    }
    /* every branch's allocations do not depend on the branches: start reading them first */
    struct paid_job job[PAID_JOBS] = {{0}};
    if (!branch_id) paid_jobs_start(L, job);
    int rc = load_branches(L);
    if (rc == STORE_OK && branch_id && L->nbr == 0)
        rc = st_fail(st, STORE_ERR_NOT_FOUND, "支部不存在");
    struct holdings_job hjob = {.L = L};
    if (rc == STORE_OK && L->nbr > 0 && !branch_id)
        hjob.started = pthread_create(&hjob.thread, NULL, holdings_job_run, &hjob) == 0;
    if (rc == STORE_OK && L->nbr > 0) {
        if (!hjob.started) {
            rc = load_meetings(L);
            if (rc == STORE_OK) rc = load_groups(L);
        }
        if (rc == STORE_OK) rc = load_members(L);
        publish_members(L, rc == STORE_OK);
        if (rc == STORE_OK && L->nmr > 0) {
            rc = load_mobile(L);
            if (rc == STORE_OK) rc = load_excuses_transfers(L);
            if (rc == STORE_OK && month == 12) rc = load_year(L);
            if (rc == STORE_OK) rc = load_bases_adjusts(L);
            if (rc == STORE_OK) lay_out_members(L); /* while the allocations may still load */
            if (rc == STORE_OK) rc = load_paid(L, job);
        }
        if (hjob.started) {
            pthread_join(hjob.thread, NULL);
            hjob.started = false;
            if (rc == STORE_OK && hjob.rc != SQLITE_OK)
                rc = st_fail(st, STORE_ERR, "%s失败：%s", hjob.what, sqlite3_errstr(hjob.rc));
        } else if (rc == STORE_OK) {
            rc = load_holdings(L);
        }
    }
    if (hjob.started) pthread_join(hjob.thread, NULL);
    paid_jobs_end(L, job); /* a load failed before the allocations were needed */
    paid_jobs_free(job);
    if (own_tx) sqlite3_exec(st->db, rc == STORE_OK ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
    if (rc != STORE_OK) {
        load_free(L);
        return rc;
    }
    lay_out_members(L);
    for (int i = 0; i < L->nhs; i++) L->hs[i].last_report = L->hrep[i];
    *ins = xcalloc((size_t)(L->nbr ? L->nbr : 1), sizeof **ins);
    for (int b = 0; b < L->nbr; b++) {
        const struct bslot *sl = &L->bs[b];
        (*ins)[b] = (struct audit_input){
            .branch_id = L->br[b].id,
            .year = year,
            .month = month,
            .today = today,
            .since = sl->since,
            .meetings = sl->nm ? &L->mt[sl->m0] : NULL,
            .nmeetings = sl->nm,
            .groups = sl->ng ? &L->gr[sl->g0] : NULL,
            .ngroups = sl->ng,
            .members = sl->np ? &L->am[sl->p0] : NULL,
            .nmembers = sl->np,
            .holdings = sl->nh ? &L->hs[sl->h0] : NULL,
            .nholdings = sl->nh,
        };
    }
    return STORE_OK;
}

int store_audit_each(struct store *st, int64_t branch_id, struct zmonth month, struct zdate today,
                     int (*fn)(const struct audit_input *in, const struct branch *b, void *ctx),
                     void *ctx)
{
    struct load L;
    struct audit_input *ins;
    int rc = audit_load(st, branch_id, month.year, month.month, today, &L, &ins);
    if (rc != STORE_OK) return rc;
    for (int b = 0; b < L.nbr; b++)
        if (fn(&ins[b], &L.br[b], ctx)) break;
    free(ins);
    load_free(&L);
    return STORE_OK;
}

int store_audit_all(struct store *st, int64_t branch_id, struct zmonth month, struct zdate today,
                    int (*fn)(const struct audit_input *ins, const struct branch *bs, int n, void *ctx),
                    void *ctx)
{
    struct load L;
    struct audit_input *ins;
    int rc = audit_load(st, branch_id, month.year, month.month, today, &L, &ins);
    if (rc != STORE_OK) return rc;
    fn(ins, L.br, L.nbr, ctx);
    free(ins);
    load_free(&L);
    return STORE_OK;
}
