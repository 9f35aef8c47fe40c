/* audit_jobs.c — the month's meetings, groups, dues allocations (on two threads) and holdings (on
 * a connection of their own in a thread) loaded for the monthly review (月审). */
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
        int bi = st_cursor_branch(L, &c, sqlite3_column_int64(s, 0));
        if (bi < 0) continue;
        struct audit_meeting m = {0};
        int kind = meeting_kind_of_code(st_col_str(s, 3));
        if (!date_parse(st_col_str(s, 2), &m.f.date) || kind < 0) continue;
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
        L->mt = st_grow(L->mt, &L->cmt, L->nmt + 1, sizeof *L->mt);
        L->mt[L->nmt++] = m;
    }
    return rc;
}

int st_load_meetings(struct load *L)
{
    sqlite3_stmt *s = st_load_stmt(L, MEETINGS_SQL);
    if (!s) return STORE_ERR;
    return st_load_end(L, s, read_meetings(L, s), "读取会议记录");
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
        L->gr[L->ngr].members = sqlite3_column_int(s, 5);
        L->ngr++;
    }
    return rc;
}

int st_load_groups(struct load *L)
{
    sqlite3_stmt *s = st_load_stmt(L, GROUPS_SQL);
    if (!s) return STORE_ERR;
    return st_load_end(L, s, read_groups(L, s, &L->strings), "读取党小组");
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
        *ids = st_grow(*ids, &cap, *n + 1, sizeof **ids);
        (*ids)[(*n)++] = sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
    if (*n > 1) qsort(*ids, (size_t)*n, sizeof **ids, id_cmp);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static void paid_push(struct paid_job *j, int64_t member_id, int ym, int64_t amount)
{
    j->rows = st_grow(j->rows, &j->cap, j->n + 1, sizeof *j->rows);
    struct paid_raw *r = &j->rows[j->n++];
    r->member_id = member_id;
    r->ym = ym;
    if (amount > INT32_MIN && amount <= INT32_MAX) {
        r->amount = (int32_t)amount;
    } else {
        r->amount = PAID_BIG;
        j->big = st_grow(j->big, &j->cbig, j->nbig + 1, sizeof *j->big);
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
                ym = st_fast_ym((const unsigned char *)month);
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
bool st_paid_jobs_start(struct load *L, struct paid_job job[PAID_JOBS])
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
int st_paid_jobs_end(struct load *L, struct paid_job job[PAID_JOBS])
{
    st_publish_members(L, false); /* (a no-op once the members were handed over) */
    int rc = SQLITE_OK;
    for (int k = 0; k < PAID_JOBS; k++) {
        if (!job[k].started) continue;
        pthread_join(job[k].thread, NULL);
        job[k].started = false;
        if (rc == SQLITE_OK) rc = job[k].rc;
    }
    return rc;
}

void st_paid_jobs_free(struct paid_job job[PAID_JOBS])
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

int st_load_paid(struct load *L, struct paid_job job[PAID_JOBS])
{
    if (job[0].started) {
        int jrc = st_paid_jobs_end(L, job);
        if (jrc == SQLITE_OK) gather_paid(L, job, PAID_JOBS);
        st_paid_jobs_free(job);
        if (jrc != SQLITE_OK)
            return st_fail(L->st, STORE_ERR, "读取交费记录失败：%s", sqlite3_errstr(jrc));
        return STORE_OK;
    }
    sqlite3_stmt *s;
    if (L->lo == L->hi)
        s = st_load_stmt(L,
                      PAID_SQL("IN (" MEMBER_SCOPE ")") " AND a.month BETWEEN ?5 AND ?6");
    else
        s = st_load_stmt(L,
                      "SELECT member_id, month, amount FROM dues_allocation"
                      " WHERE month BETWEEN ?5 AND ?6 AND payment_id NOT IN"
                      " (SELECT id FROM dues_payment WHERE voided_at IS NOT NULL)");
    if (!s) return STORE_ERR;
    struct paid_job in_line = {0};
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        paid_push(&in_line, sqlite3_column_int64(s, 0), st_fast_ym(sqlite3_column_text(s, 1)),
                  sqlite3_column_int64(s, 2));
    }
    rc = st_load_end(L, s, rc, "读取交费记录");
    if (rc == STORE_OK) gather_paid(L, &in_line, 1);
    free(in_line.rows);
    free(in_line.big);
    return rc;
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

int st_load_holdings(struct load *L)
{
    sqlite3_stmt *s = st_load_stmt(L, HOLDINGS_SQL);
    if (!s) return STORE_ERR;
    return st_load_end(L, s, read_holdings(L, s), "读取岗位认领记录");
}

/* The holdings, then the meetings and the groups, on a connection of their own in a thread
 * (beside the allocations' threads and the members on the main thread). */

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

static int read_thread_groups(struct load *L, sqlite3_stmt *s)
{
    return read_groups(L, s, &L->tstrings);
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
    if (j->rc == SQLITE_OK) j->rc = thread_query(j, db, HOLDINGS_SQL, "读取岗位认领记录", read_holdings);
    if (j->rc == SQLITE_OK) j->rc = thread_query(j, db, MEETINGS_SQL, "读取会议记录", read_meetings);
    if (j->rc == SQLITE_OK) j->rc = thread_query(j, db, GROUPS_SQL, "读取党小组", read_thread_groups);
    if (db) {
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
        sqlite3_close(db);
    }
    return NULL;
}
