/* audit_jobs.c — the month's meetings, groups and holdings (on a connection of their own in a
 * thread) and dues allocations (in line) loaded for the monthly review (月审). */
#include "audit_priv.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/store_audit.h"
#include "zhibu/text.h"
#include "zhibu/util.h"

/* The year's records to the month's end (what each kind counts); the fields only the month's
 * records are judged by (quorum, missing elements, entered late: judge_records) are read for
 * those alone by MONTH_RECORDS_SQL — three columns fewer on the year's rows (a fifth of the
 * thread's steps of them on the ten-year district). */
#define MEETINGS_SQL                                                                           \
    "SELECT m.branch_id, m.id, m.date, m.kind, m.also_mask, ifnull(m.group_id, 0)"             \
    " FROM branch b JOIN meeting m ON m.branch_id = b.id"                                      \
    " WHERE b.id BETWEEN ?1 AND ?2 AND m.date >= ?7 AND m.date <= ?4"                          \
    " AND m.voided_at IS NULL ORDER BY b.id, m.date"
#define MONTH_RECORDS_SQL                                                                      \
    "SELECT m.id, m.quorum, m.missing_mask, m.created_at"                                     \
    " FROM branch b JOIN meeting m ON m.branch_id = b.id"                                      \
    " WHERE b.id BETWEEN ?1 AND ?2 AND m.date >= ?3 AND m.date <= ?4"                          \
    " AND m.voided_at IS NULL ORDER BY b.id, m.date" /* (the order: a seek a branch, not a scan) */

/* Reads the meetings rows of s into L (touching only the meetings arrays and the branch
 * slots' m0/nm, so it may run beside the other loaders); returns the last sqlite3_step code. */
static int read_meetings(struct load *L, sqlite3_stmt *s)
{
    struct bcursor c = {.idx = -2};
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int bi = st_cursor_branch(L, &c, sqlite3_column_int64(s, 0));
        if (bi < 0) continue;
        struct audit_meeting m = {0};
        int kind = meeting_kind_of_code(st_col_str(s, 3));
        if (!date_parse(st_col_str(s, 2), &m.f.date) || kind < 0) continue;
        m.id = sqlite3_column_int64(s, 1);
        m.f.kind = (enum meeting_kind)kind;
        m.f.also_mask = (unsigned)sqlite3_column_int64(s, 4);
        m.f.group_id = sqlite3_column_int64(s, 5);
        struct bslot *sl = &L->bs[bi];
        if (sl->nm == 0) sl->m0 = L->nmt;
        sl->nm++;
        L->mt = st_grow(L->mt, &L->cmt, L->nmt + 1, sizeof *L->mt);
        L->mt[L->nmt++] = m;
    }
    return rc;
}

struct mkey {
    int64_t id;
    int idx;
};

static int mkey_cmp(const void *a, const void *b)
{
    int64_t x = ((const struct mkey *)a)->id, y = ((const struct mkey *)b)->id;
    return x < y ? -1 : x > y;
}

/* Reads the rows of MONTH_RECORDS_SQL s into the records of L->mt dated in the month (found by
 * id; a row whose record was not taken, its date or kind not valid, is passed over); returns
 * the last sqlite3_step code. The month's dates are valid YYYY-MM-DD texts, whose order is the
 * text's the statement compares: it gives exactly those records. */
static int read_month_records(struct load *L, sqlite3_stmt *s)
{
    int n = 0;
    for (int i = 0; i < L->nmt; i++)
        if (date_cmp(L->mt[i].f.date, L->ms) >= 0) n++;
    struct mkey *k = xmalloc((size_t)(n ? n : 1) * sizeof *k);
    n = 0;
    for (int i = 0; i < L->nmt; i++) {
        struct audit_meeting *m = &L->mt[i];
        if (date_cmp(m->f.date, L->ms) < 0) continue;
        m->quorum = 0; /* (a record kept from the load before may hold its month's) */
        m->missing_mask = 0;
        m->created_at[0] = '\0';
        k[n++] = (struct mkey){.id = m->id, .idx = i};
    }
    qsort(k, (size_t)n, sizeof *k, mkey_cmp);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct mkey key = {.id = sqlite3_column_int64(s, 0)};
        const struct mkey *f = n ? bsearch(&key, k, (size_t)n, sizeof *k, mkey_cmp) : NULL;
        if (!f) continue;
        struct audit_meeting *m = &L->mt[f->idx];
        m->quorum = sqlite3_column_int(s, 1);
        m->missing_mask = (unsigned)sqlite3_column_int64(s, 2);
        st_col_text(s, 3, m->created_at, sizeof m->created_at);
    }
    free(k);
    return rc;
}

/* The month's records' quorum, missing elements and entry time on the load's connection (after
 * its meetings are in L->mt: read, or taken from the load before). */
int st_load_month_records(struct load *L)
{
    sqlite3_stmt *s = st_load_stmt(L, MONTH_RECORDS_SQL);
    if (!s) return STORE_ERR;
    return st_load_end(L, s, read_month_records(L, s), "读取会议记录");
}

/* Whether the load before (L->keep) read the meetings this load reads, and more: from the same
 * January 1 to a month's end no earlier than this one's. */
bool st_meetings_kept(const struct load *L)
{
    const struct bases_keep *k = L->keep;
    return k && k->mt && date_cmp(k->jan, date_year_start(L->ms)) == 0 && date_cmp(L->me, k->me) <= 0;
}

/* The kept meetings dated by this month's end, as read_meetings lays out the rows MEETINGS_SQL
 * gives (the same order: branch id, then date; the dates read are valid YYYY-MM-DD, whose
 * order is that of the text the statement compares). The kept array becomes this load's,
 * those after the month's end dropped in place (peak memory: not a second array). */
void st_meetings_from_keep(struct load *L)
{
    struct bases_keep *k = L->keep;
    struct bcursor c = {.idx = -2};
    L->mt = k->mt;
    L->cmt = k->nmt;
    L->nmt = 0;
    k->mt = NULL;
    for (int i = 0; i < k->nmt; i++) {
        if (date_cmp(L->mt[i].f.date, L->me) > 0) continue;
        int bi = st_cursor_branch(L, &c, k->mbid[i]);
        if (bi < 0) continue;
        struct bslot *sl = &L->bs[bi];
        if (sl->nm == 0) sl->m0 = L->nmt;
        sl->nm++;
        L->mt[L->nmt++] = L->mt[i]; /* i >= nmt: in place */
    }
    free(k->mbid);
    k->mbid = NULL;
    k->nmt = 0;
}

int st_load_meetings(struct load *L)
{
    if (st_meetings_kept(L)) {
        st_meetings_from_keep(L);
        return st_load_month_records(L);
    }
    sqlite3_stmt *s = st_load_stmt(L, MEETINGS_SQL);
    if (!s) return STORE_ERR;
    int rc = st_load_end(L, s, read_meetings(L, s), "读取会议记录");
    return rc == STORE_OK ? st_load_month_records(L) : rc;
}

/* Groups as they stood: not voided by the month's end; their dates and their members on the
 * roster at the month's end (the engine decides which must meet: group_meets_in_month). One
 * branch: the members counted here (GROUP_COUNTED); every branch: counted from the members'
 * rows the load reads anyway (st_count_group_members) — a count a group cost 30 M instructions
 * of one month of the ten-year district. */
#define GROUP_COUNTED                                                                          \
    "m.group_id = g.id AND m.join_date <> '' AND m.join_date <= ?4"                             \
    " AND (m.leave_status = '' OR m.leave_date > ?4)"
#define GROUPS_SQL(count)                                                                      \
    "SELECT g.branch_id, g.id, g.name, g.start_date, g.end_date" count " FROM party_group g"    \
    " WHERE g.branch_id BETWEEN ?1 AND ?2"                                                      \
    " AND (g.voided_at IS NULL OR substr(g.voided_at, 1, 10) > ?4) ORDER BY g.branch_id, g.id"
#define GROUPS_ONE_SQL GROUPS_SQL(", (SELECT count(*) FROM member m WHERE " GROUP_COUNTED ")")
#define GROUPS_ALL_SQL GROUPS_SQL("")

/* Reads the groups rows of s into L (the groups arrays, the slots' g0/ng, names in strings;
 * the members counted when s has them). */
static int read_groups(struct load *L, sqlite3_stmt *s, struct arena *strings)
{
    struct bcursor c = {.idx = -2};
    bool counted = sqlite3_column_count(s) > 5;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int bi = st_cursor_branch(L, &c, sqlite3_column_int64(s, 0));
        if (bi < 0) continue;
        struct bslot *sl = &L->bs[bi];
        if (sl->ng == 0) sl->g0 = L->ngr;
        sl->ng++;
        L->gr = st_grow(L->gr, &L->cgr, L->ngr + 1, sizeof *L->gr);
        L->gr[L->ngr].id = sqlite3_column_int64(s, 1);
        L->gr[L->ngr].name = st_arena_str(strings, sqlite3_column_text(s, 2));
        L->gr[L->ngr].start_date = st_arena_str(strings, sqlite3_column_text(s, 3));
        L->gr[L->ngr].end_date = st_arena_str(strings, sqlite3_column_text(s, 4));
        L->gr[L->ngr].members = counted ? sqlite3_column_int(s, 5) : 0;
        L->ngr++;
    }
    return rc;
}

struct gkey {
    int64_t id;
    int idx;
};

static int gkey_cmp(const void *a, const void *b)
{
    int64_t x = ((const struct gkey *)a)->id, y = ((const struct gkey *)b)->id;
    return x < y ? -1 : x > y;
}

/* Every branch: each group's members on the roster at the month's end, from L->ingroup (the
 * members' rows, GROUP_COUNTED's test made as they were read). */
void st_count_group_members(struct load *L)
{
    if (L->lo == L->hi || L->ngr == 0) return;
    struct gkey *k = xmalloc((size_t)L->ngr * sizeof *k);
    for (int g = 0; g < L->ngr; g++) k[g] = (struct gkey){.id = L->gr[g].id, .idx = g};
    qsort(k, (size_t)L->ngr, sizeof *k, gkey_cmp);
    for (int i = 0; i < L->ningroup; i++) {
        struct gkey key = {.id = L->ingroup[i]};
        const struct gkey *f = bsearch(&key, k, (size_t)L->ngr, sizeof *k, gkey_cmp);
        if (f) L->gr[f->idx].members++;
    }
    free(k);
}

int st_load_groups(struct load *L)
{
    sqlite3_stmt *s = st_load_stmt(L, L->lo == L->hi ? GROUPS_ONE_SQL : GROUPS_ALL_SQL);
    if (!s) return STORE_ERR;
    return st_load_end(L, s, read_groups(L, s, &L->strings), "读取党小组");
}

/* Allocations of the window's months, from dues_paid_year (audit_schema.h: the allocations of
 * payments not voided, summed by member, year and month — a row a member and year instead of
 * one a member and month — with the twelve sums as one text, months). Every branch: the
 * window's years (the primary key); one branch: the month's members in those years. Rows come
 * year by year, each year in member order. */
#define PAID_YEAR_SQL(where)                                                                   \
    "SELECT member_id, year, months FROM dues_paid_year WHERE year BETWEEN ?8 AND ?9" where
/* Every branch, read on both threads: the members with ids ?10..?11 (each year of the window
 * an equality, so that the primary key takes the ids' range too; the window spans at most two
 * years: PAID_BRANCH_SQL). Each member's rows year by year, as PAID_YEAR_SQL gives them. */
#define PAID_PART_SQL                                                                          \
    "SELECT member_id, year, months FROM dues_paid_year WHERE year IN (?8, ?9)"                 \
    " AND member_id >= ?10 AND member_id <= ?11"

/* The sums of months m0..m1 (0-based) of the twelve ("m1 m2 … m12", printf's %d each) into
 * out[m0..m1]; false if the text is not twelve such numbers. One pass over each number's digits:
 * those of m0..m1 converted as they are checked, the others only checked. */
static bool parse_months(const unsigned char *t, int m0, int m1, int64_t out[12])
{
    if (!t) return false;
    for (int m = 0; m < 12; m++) {
        if (m > 0 && *t++ != ' ') return false;
        bool neg = *t == '-';
        if (neg) t++;
        const unsigned char *d = t;
        uint64_t v = 0; /* (wraps past 18 digits: refused below) */
        if (m >= m0 && m <= m1)
            for (; (unsigned)(*t - '0') <= 9u; t++) v = v * 10 + (uint64_t)(*t - '0');
        else
            while ((unsigned)(*t - '0') <= 9u) t++;
        if (t == d || t - d > 18) return false;
        if (m >= m0 && m <= m1) out[m] = neg ? -(int64_t)v : (int64_t)v;
    }
    return *t == '\0';
}

/* One row of PAID_YEAR_SQL: member i's months with money of the window into own, *n of them
 * (at most the window's span). */
static void read_paid_row(const struct load *L, sqlite3_stmt *s, struct dues_paid *own, int *n)
{
    int span = L->ym - L->win_ym + 1;
    int jan = dues_ym(sqlite3_column_int(s, 1), 1);
    int m0 = L->win_ym > jan ? L->win_ym - jan : 0;
    int m1 = L->ym - jan < 11 ? L->ym - jan : 11;
    int64_t sums[12];
    if (!parse_months(sqlite3_column_text(s, 2), m0, m1, sums)) return;
    for (int m = m0; m <= m1 && *n < span; m++)
        if (sums[m] != 0) own[(*n)++] = (struct dues_paid){.ym = jan + m, .amount = (long)sums[m]};
}

/* Room for each member's window of months (freed with the load). Made on the main thread also
 * when the holdings' thread fills it: a block that size freed by the thread that made it left
 * the table of two months (store_audit_all_pair) 4 MB more resident (glibc's arena per thread). */
struct dues_paid *st_paid_alloc(struct load *L)
{
    int span = L->ym - L->win_ym + 1;
    /* (of the loading rows of the members, freed by lay_out_members: no page faults) */
    return st_take(L, (size_t)(L->nmr ? L->nmr : 1) * (size_t)span * sizeof(struct dues_paid));
}

/* Reads the rows of PAID_YEAR_SQL s into the members, laid out already (lay_out_members): each
 * one's paid months (at most the window's span of them, one entry a month with money) in
 * place; returns the last sqlite3_step code. */
static int read_paid(struct load *L, sqlite3_stmt *s)
{
    int span = L->ym - L->win_ym + 1;
    if (!L->paid) L->paid = st_paid_alloc(L);
    int rc, hint = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int i = st_member_index(L, sqlite3_column_int64(s, 0), &hint);
        if (i < 0) continue;
        struct dues_facts *f = &L->am[L->pos[i]].dues;
        struct dues_paid *own = &L->paid[(size_t)i * (size_t)span];
        f->paid = own;
        read_paid_row(L, s, own, &f->npaid);
    }
    return rc;
}

/* The allocations on the load's connection: one branch over the month's members (every branch:
 * on the holdings' thread, thread_paid; here only when that thread could not start). */
/* One branch: the month's members first, each one's rows of the window's (at most two) years
 * sought by the primary key (year, member_id) — the year range with the members as a list
 * scanned every member's rows of those years (36 M instructions for one branch of the
 * ten-year district). Each member's rows in year order, as the scan gives them. */
#define PAID_BRANCH_SQL                                                                        \
    "SELECT p.member_id, p.year, p.months FROM member m CROSS JOIN dues_paid_year p"            \
    " WHERE m.branch_id BETWEEN ?1 AND ?2 AND m.join_date <= ?4"                                \
    " AND (m.leave_status = '' OR m.leave_date >= ?3)"                                          \
    " AND p.year IN (?8, ?9) AND p.member_id = m.id ORDER BY p.member_id, p.year"

_Static_assert(AUDIT_DUES_WINDOW <= 12, "PAID_BRANCH_SQL, PAID_PART_SQL: the window spans at most two years (?8, ?9)");

int st_load_paid(struct load *L)
{
    sqlite3_stmt *s = L->lo == L->hi ? st_load_stmt(L, PAID_BRANCH_SQL) : st_load_stmt(L, PAID_YEAR_SQL(""));
    if (!s) return STORE_ERR;
    return st_load_end(L, s, read_paid(L, s), "读取交费记录");
}

/* Every branch: the allocations of the members with ids from..to (PAID_PART_SQL) on the load's
 * connection — the main thread's part, beside the thread's (st_holdings_job_run). */
int st_load_paid_part(struct load *L, int64_t from, int64_t to)
{
    sqlite3_stmt *s = st_load_stmt(L, PAID_PART_SQL);
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 10, from);
    sqlite3_bind_int64(s, 11, to);
    return st_load_end(L, s, read_paid(L, s), "读取交费记录");
}

/* Holdings current at some time in the month (store_holding_list's test for a branch), each with its
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
        int bi = st_cursor_branch(L, &c, sqlite3_column_int64(s, 0));
        if (bi < 0) continue;
        struct audit_holding h = {0};
        h.id = sqlite3_column_int64(s, 1);
        h.member_id = sqlite3_column_int64(s, 2);
        if (!date_parse(st_col_str(s, 3), &h.claimed)) continue;
        struct zdate ended; /* stepping down after the month leaves it held */
        if (date_parse(st_col_str(s, 4), &ended) && date_cmp(ended, L->me) <= 0) h.ended = ended;
        struct bslot *sl = &L->bs[bi];
        if (sl->nh == 0) sl->h0 = L->nhs;
        sl->nh++;
        L->hs = st_grow(L->hs, &L->chs, L->nhs + 1, sizeof *L->hs);
        L->hrep = st_grow(L->hrep, &L->chrep, L->nhs + 1, sizeof *L->hrep);
        st_col_text(s, 5, L->hrep[L->nhs], sizeof L->hrep[L->nhs]);
        L->hs[L->nhs++] = h;
    }
    return rc;
}

/* Every branch (on the holdings' thread): the holdings in the index's order (post_holding_audit:
 * post, claim, end, member, id — no seek a post, no join, no test in SQL: the month's test made
 * in C, HOLDINGS_SQL's: its steps 103 M instructions instead of 120 M of the ten-year
 * district's 21,689 holdings, the thread 7.5 M fewer in all; the report sought for the few outside
 * the month too), each post's branch from POSTS_SQL (both in
 * post order: a merge). Each branch's rows keep that order, the one HOLDINGS_SQL gives them in. */
#define HOLDINGS_ALL_SQL                                                                       \
    "SELECT h.post_id, h.id, h.member_id, h.claimed, h.ended,"                                 \
    " ifnull((SELECT r.date FROM post_report r WHERE r.holding_id = h.id"                      \
    " AND r.date <= ?4 ORDER BY r.date DESC LIMIT 1), '')"                                     \
    " FROM post_holding h ORDER BY h.post_id, h.claimed, h.ended, h.member_id, h.id"
#define POSTS_SQL "SELECT id, branch_id FROM post WHERE branch_id BETWEEN ?1 AND ?2 ORDER BY id"

struct post_branch {
    int64_t id;
    int bi;
};

/* The rows of HOLDINGS_ALL_SQL s into L as read_holdings puts them (the posts' branches in
 * pb[0..npb), by id); returns the last sqlite3_step code. */
static int read_all_holdings(struct load *L, sqlite3_stmt *s, const struct post_branch *pb, int npb)
{
    char me[DATE_STR_LEN], ms[DATE_STR_LEN];
    date_format(L->me, me);
    date_format(L->ms, ms);
    int *hb = NULL, chb = 0, k = 0, rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t post = sqlite3_column_int64(s, 0);
        while (k < npb && pb[k].id < post) k++;
        if (k == npb || pb[k].id != post) continue; /* a post of no branch of the load */
        /* HOLDINGS_SQL's test, the texts compared as SQLite compares them */
        const char *claimed = st_col_str(s, 3), *ended = st_col_str(s, 4);
        if (strcmp(claimed, me) > 0 || (ended[0] && (strcmp(ended, claimed) <= 0 || strcmp(ended, ms) <= 0)))
            continue;
        struct audit_holding h = {0};
        h.id = sqlite3_column_int64(s, 1);
        h.member_id = sqlite3_column_int64(s, 2);
        if (!date_parse(claimed, &h.claimed)) continue;
        struct zdate end; /* stepping down after the month leaves it held */
        if (date_parse(ended, &end) && date_cmp(end, L->me) <= 0) h.ended = end;
        L->hs = st_grow(L->hs, &L->chs, L->nhs + 1, sizeof *L->hs);
        L->hrep = st_grow(L->hrep, &L->chrep, L->nhs + 1, sizeof *L->hrep);
        hb = st_grow(hb, &chb, L->nhs + 1, sizeof *hb);
        st_col_text(s, 5, L->hrep[L->nhs], sizeof L->hrep[L->nhs]);
        hb[L->nhs] = pb[k].bi;
        L->hs[L->nhs++] = h;
    }
    /* each branch's rows one slice: as read when the branches' posts are numbered in runs (the
     * demo's), else laid out again by branch (a stable counting sort) */
    bool runs = true;
    for (int i = 0; i < L->nhs && runs; i++) {
        struct bslot *sl = &L->bs[hb[i]];
        if (sl->nh == 0) sl->h0 = i;
        else if (sl->h0 + sl->nh != i) runs = false;
        sl->nh++;
    }
    if (!runs && L->nhs > 0) {
        for (int b = 0; b < L->nbr; b++) L->bs[b].nh = 0;
        for (int i = 0; i < L->nhs; i++) L->bs[hb[i]].nh++;
        int at = 0;
        for (int b = 0; b < L->nbr; b++) {
            L->bs[b].h0 = at;
            at += L->bs[b].nh;
            L->bs[b].nh = 0;
        }
        struct audit_holding *hs = xmalloc((size_t)L->nhs * sizeof *hs);
        char(*hrep)[DATE_STR_LEN] = xmalloc((size_t)L->nhs * sizeof *hrep);
        for (int i = 0; i < L->nhs; i++) {
            struct bslot *sl = &L->bs[hb[i]];
            int to = sl->h0 + sl->nh++;
            hs[to] = L->hs[i];
            memcpy(hrep[to], L->hrep[i], sizeof hrep[to]);
        }
        free(L->hs);
        free(L->hrep);
        L->hs = hs;
        L->hrep = hrep;
        L->chs = L->chrep = L->nhs;
    }
    free(hb);
    return rc;
}

/* Every branch's holdings on the holdings' connection (POSTS_SQL, then HOLDINGS_ALL_SQL); the
 * sqlite3 code. */
static int thread_holdings(struct holdings_job *j, sqlite3 *db)
{
    struct load *L = j->L;
    struct post_branch *pb = NULL;
    int npb = 0, cpb = 0;
    sqlite3_stmt *s = NULL;
    j->what = "读取岗位认领记录";
    int rc = sqlite3_prepare_v2(db, POSTS_SQL, -1, &s, NULL);
    if (rc == SQLITE_OK) {
        st_bind_load(L, s);
        struct bcursor c = {.idx = -2};
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            int bi = st_cursor_branch(L, &c, sqlite3_column_int64(s, 1));
            if (bi < 0) continue;
            pb = st_grow(pb, &cpb, npb + 1, sizeof *pb);
            pb[npb++] = (struct post_branch){sqlite3_column_int64(s, 0), bi};
        }
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_finalize(s);
    s = NULL;
    if (rc == SQLITE_OK) rc = sqlite3_prepare_v2(db, HOLDINGS_ALL_SQL, -1, &s, NULL);
    if (rc == SQLITE_OK) {
        st_bind_load(L, s);
        rc = read_all_holdings(L, s, pb, npb);
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_finalize(s);
    free(pb);
    return rc;
}

int st_load_holdings(struct load *L)
{
    sqlite3_stmt *s = st_load_stmt(L, HOLDINGS_SQL);
    if (!s) return STORE_ERR;
    return st_load_end(L, s, read_holdings(L, s), "读取岗位认领记录");
}

/* The holdings, the meetings and the groups, then the allocations, on a connection of their own
 * in a thread (beside the members and their bases on the main thread). */

/* Prepare, bind and read one of the thread's queries; the sqlite3 code. */
static int thread_query(struct holdings_job *j, sqlite3 *db, const char *sql, const char *what,
                        int (*read)(struct load *L, sqlite3_stmt *s))
{
    sqlite3_stmt *s = NULL;
    j->what = what;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
    if (rc == SQLITE_OK) {
        st_bind_load(j->L, s);
        rc = read(j->L, s);
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_finalize(s);
    return rc;
}

/* Every branch's allocations on the holdings' connection (st_holdings_job_run), once the main
 * thread has laid the members out (st_publish_laid_out; their rows freed by then: peak memory):
 * those of the members with ids before L->paid_split, 6/10 of them (7/10 when the remittances
 * are not read here; the main thread reads the others once it has read issue 19's facts,
 * st_load_paid_part); the sqlite3 code. */
static int thread_paid(struct holdings_job *j, sqlite3 *db)
{
    struct load *L = j->L;
    pthread_mutex_lock(&L->pub.mu);
    while (!L->pub.laid_out) pthread_cond_wait(&L->pub.cv, &L->pub.mu);
    bool ok = L->pub.laid_ok;
    pthread_mutex_unlock(&L->pub.mu);
    if (!ok) return SQLITE_OK; /* no members, or the main thread failed (it says why) */
    /* the members before L->paid_split; the main thread reads the rest */
    sqlite3_stmt *s = NULL;
    j->what = "读取交费记录";
    int rc = sqlite3_prepare_v2(db, PAID_PART_SQL, -1, &s, NULL);
    if (rc == SQLITE_OK) {
        st_bind_load(L, s);
        sqlite3_bind_int64(s, 10, INT64_MIN);
        sqlite3_bind_int64(s, 11, L->paid_split - 1);
        rc = read_paid(L, s);
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_finalize(s);
    return rc;
}

static int read_thread_groups(struct load *L, sqlite3_stmt *s)
{
    return read_groups(L, s, &L->tstrings);
}

/* December: the year of the branches before L->year_split (the main thread reads the others'). */
static int read_thread_year(struct load *L, sqlite3_stmt *s)
{
    if (L->year_split) sqlite3_bind_int64(s, 2, L->year_split - 1);
    return st_read_year(L, s);
}

static int read_thread_remit(struct load *L, sqlite3_stmt *s)
{
    return st_read_remit(L, s, &L->tstrings);
}

/* Every branch: the members' mobile details, contacts, excuses and transfers in (audit_load.c's
 * readers) on the holdings' connection, once the main thread has read the members (it reads the
 * bases meanwhile, and waits for these before laying the members out); the sqlite3 code. */
static int thread_mobile(struct holdings_job *j, sqlite3 *db)
{
    struct load *L = j->L;
    pthread_mutex_lock(&L->pub.mu);
    while (!L->pub.ready) pthread_cond_wait(&L->pub.cv, &L->pub.mu);
    bool ok = L->pub.ids != NULL;
    pthread_mutex_unlock(&L->pub.mu);
    if (!ok) return SQLITE_OK; /* no members, or the main thread failed (it says why) */
    /* the groups read here, the members' rows counted in them read: counted here too, not
     * after the join on the main thread */
    st_count_group_members(L);
    L->groups_counted = true;
    int rc = thread_query(j, db, MOBILE_ALL_SQL, "读取流动党员", st_read_mobile);
    if (rc == SQLITE_OK) rc = thread_query(j, db, CONTACTS_ALL_SQL, "读取联系记录", st_read_contacts);
    if (rc == SQLITE_OK) rc = thread_query(j, db, EXCUSES_SQL, "读取免于设岗记录", st_read_excuses);
    if (rc == SQLITE_OK) rc = thread_query(j, db, TRANSFERS_IN_SQL, "读取转入记录", st_read_transfers_in);
    return rc;
}

void *st_holdings_job_run(void *arg)
{
    struct holdings_job *j = arg;
    sqlite3 *db = NULL;
    j->what = "读取岗位认领记录";
    j->rc = st_open_reader(j->L->st, &db);
    if (j->rc == SQLITE_OK) sqlite3_busy_timeout(db, 5000);
    /* the reports' index is sought in holding order, the rest read in one pass */
    if (j->rc == SQLITE_OK) j->rc = sqlite3_exec(db, "PRAGMA cache_size = 128", NULL, NULL, NULL);
    if (j->rc == SQLITE_OK) j->rc = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    /* (the snapshot is taken by the first read below, once the main thread has read the
     * branches in its own; none of them, or they failed: nothing to read, the main thread says
     * why) */
    bool branches = st_wait_branches(j->L);
    if (!branches) {
        if (db) {
            sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
            sqlite3_close(db);
        }
        j->rc = SQLITE_OK;
        st_publish_mobile_read(j->L);
        return NULL;
    }
    if (j->rc == SQLITE_OK) j->rc = thread_holdings(j, db);
    if (j->rc == SQLITE_OK && !j->no_meetings)
        j->rc = thread_query(j, db, MEETINGS_SQL, "读取会议记录", read_meetings);
    if (j->rc == SQLITE_OK && !j->no_meetings)
        j->rc = thread_query(j, db, MONTH_RECORDS_SQL, "读取会议记录", read_month_records);
    if (j->rc == SQLITE_OK) j->rc = thread_query(j, db, GROUPS_ALL_SQL, "读取党小组", read_thread_groups);
    if (j->rc == SQLITE_OK) j->rc = thread_mobile(j, db);
    st_publish_mobile_read(j->L); /* also when it failed: the main thread waits for it */
    /* December: the year's talks, lectures and secretaries, into L->year (the members' rows
     * are the main thread's again once their mobile details are read) */
    if (j->rc == SQLITE_OK && j->L->ms.m == 12 && j->L->pub.ids) {
        j->L->year = xcalloc((size_t)j->L->pub.n, sizeof *j->L->year);
        j->rc = thread_query(j, db, YEAR_SQL, "读取谈心谈话和党课", read_thread_year);
        if (j->rc == SQLITE_OK) j->rc = thread_query(j, db, SECRETARIES_SQL, "读取书记", st_read_secretaries);
    }
    /* the remittances (every branch but in December) while the main thread reads the bases */
    if (j->rc == SQLITE_OK && j->L->remit_on_thread)
        j->rc = thread_query(j, db, REMIT_ALL_SQL, "读取党费上缴", read_thread_remit);
    if (j->rc == SQLITE_OK) j->rc = thread_paid(j, db);
    if (db) {
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
        sqlite3_close(db);
    }
    return NULL;
}
