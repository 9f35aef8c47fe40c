/* audit.c — the monthly review (月审) in the database: the facts of one month for every leaf
 * branch, loaded in a handful of bulk queries (each streamed once, in branch or member order,
 * and handed out to per-branch arrays — never a query per branch or per member); verdicts per
 * item with history; rectification orders and their states; months handed in (提交月报).
 *
 * The loading window for dues: allocations of the AUDIT_DUES_WINDOW months up to the month
 * under review, and each member's start_ym is at least the window's first month, so months
 * before the window count neither as paid nor as owed (the engine sees arrears within the
 * window: a run of arrears_lapse_months and arrears_talk_months owed both fit in it).
 *
 * The loads of members and dues are in audit_load.c; the allocations (from dues_paid_year) and
 * those that run on a thread (meetings, groups, holdings) in audit_jobs.c. */
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

/* ---- strings that live as long as one load --------------------------------------------- */

#define ARENA_BLOCK 65536

const char *st_arena_str(struct arena *a, const unsigned char *text)
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
void *st_grow(void *arr, int *cap, int need, size_t elem)
{
    if (need <= *cap) return arr;
    int c = *cap ? *cap : 64;
    while (c < need) c *= 2;
    *cap = c;
    return xrealloc(arr, (size_t)c * elem);
}

/* ---- the load -------------------------------------------------------------------------- */

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
    free(L->spare);
    free(L->year);
    free(L->am);
    free(L->pos);
    free(L->dates);
    free(L->bases);
    free(L->defbases);
    free(L->adjusts);
    free(L->paid);
    free(L->ingroup);
    free(L->hs);
    free(L->hrep);
    free(L->people);
    free(L->steps);
    free(L->rated);
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

void st_spare(struct load *L, void *block)
{
    free(L->spare);
    L->spare = block;
}

void *st_take(struct load *L, size_t size)
{
    void *p = L->spare;
    L->spare = NULL;
    return p ? xrealloc(p, size) : xmalloc(size);
}

/* The member row of id (members are in id order): from the hint forward, else a search, over
 * the compact copy of the ids (st_publish_members, called once the members are read). */
int st_member_index(const struct load *L, int64_t id, int *hint)
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
void st_publish_members(struct load *L, bool ok)
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

/* Tell the main thread that the holdings' thread is done with the members' rows (it read
 * their mobile details, excuses and transfers in, or failed, or there were none); once. */
void st_publish_branches(struct load *L, bool ok)
{
    pthread_mutex_lock(&L->pub.mu);
    if (!L->pub.branches_set) {
        L->pub.branches_set = true;
        L->pub.branches_ok = ok;
        pthread_cond_broadcast(&L->pub.cv);
    }
    pthread_mutex_unlock(&L->pub.mu);
}

bool st_wait_branches(struct load *L)
{
    pthread_mutex_lock(&L->pub.mu);
    while (!L->pub.branches_set) pthread_cond_wait(&L->pub.cv, &L->pub.mu);
    bool ok = L->pub.branches_ok;
    pthread_mutex_unlock(&L->pub.mu);
    return ok;
}

void st_publish_mobile_read(struct load *L)
{
    pthread_mutex_lock(&L->pub.mu);
    if (!L->pub.mobile_read) {
        L->pub.mobile_read = true;
        pthread_cond_broadcast(&L->pub.cv);
    }
    pthread_mutex_unlock(&L->pub.mu);
}

/* Tell the holdings' thread whether the members are laid out (ok: it reads the allocations into
 * them) or will not be; once. */
void st_publish_laid_out(struct load *L, bool ok)
{
    pthread_mutex_lock(&L->pub.mu);
    if (!L->pub.laid_out) {
        L->pub.laid_out = true;
        L->pub.laid_ok = ok;
        pthread_cond_broadcast(&L->pub.cv);
    }
    pthread_mutex_unlock(&L->pub.mu);
}

/* Bind the load's parameters that a statement uses: ?1 ?2 branch ids, ?3 ?4 the month's first
 * and last day, ?5 ?6 the window's first month and the month (YYYY-MM), ?7 January 1, ?8 ?9
 * the years of the window's first month and of the month. */
void st_bind_load(const struct load *L, sqlite3_stmt *s)
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
    if (n >= 8) sqlite3_bind_int(s, 8, dues_ym_year(L->win_ym));
    if (n >= 9) sqlite3_bind_int(s, 9, dues_ym_year(L->ym));
}

/* A prepared, bound loader statement (NULL on a failure, message set). */
sqlite3_stmt *st_load_stmt(struct load *L, const char *sql)
{
    sqlite3_stmt *s = st_stmt(L->st, sql);
    if (s) st_bind_load(L, s);
    return s;
}

int st_load_end(struct load *L, sqlite3_stmt *s, int rc, const char *what)
{
    st_done(s);
    if (rc != SQLITE_DONE) return st_sqlfail(L->st, sqlite3_extended_errcode(L->st->db), what);
    return STORE_OK;
}

const char *st_col_str(sqlite3_stmt *s, int col)
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
 * that store_dues_start_get reads (an allocation is never before its payment's from_month; both
 * are index lookups this way). */
static int load_branches(struct load *L)
{
    sqlite3_stmt *s = st_load_stmt(
        L,
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
            L->br = st_grow(L->br, &c, L->nbr + 1, sizeof *L->br);
            L->bs = st_grow(L->bs, &cap, L->nbr + 1, sizeof *L->bs);
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
        earliest(&sl->since, &set, st_col_str(s, 9));
        earliest(&sl->since, &set, st_col_str(s, 10));
        earliest(&sl->since, &set, b->created_at);
        if (!set) sl->since = L->ms;
        int start = dues_ym_parse(st_col_str(s, 11));
        if (start < 0) start = dues_ym_parse(st_col_str(s, 10));
        sl->start_ym = start >= 0 ? start : today_ym;
        L->nbr++;
    }
    rc = st_load_end(L, s, rc, "读取支部");
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

int st_cursor_branch(struct load *L, struct bcursor *c, int64_t bid)
{
    if (bid != c->bid || c->idx == -2) {
        c->bid = bid;
        c->idx = branch_index(L, bid);
    }
    return c->idx;
}

/* Point every member's strings and dues facts (but the allocations: st_load_paid) at the final
 * arrays and lay the members out by branch (in id order within each); the loading rows (mr)
 * are freed then, before the allocations are read (peak memory), their places kept in pos. */
static void lay_out_members(struct load *L)
{
    if (L->am) return;
    size_t n = (size_t)(L->nmr ? L->nmr : 1);
    L->defbases = xcalloc(n, sizeof *L->defbases);
    L->dates = xmalloc(n * sizeof *L->dates);
    for (int i = 0; i < L->nmr; i++) {
        struct mrow *r = &L->mr[i];
        struct audit_member *m = &r->am;
        memcpy(L->dates[i][0], r->join, sizeof r->join);
        memcpy(L->dates[i][1], r->leave, sizeof r->leave);
        memcpy(L->dates[i][2], r->since, sizeof r->since);
        memcpy(L->dates[i][3], r->contact, sizeof r->contact);
        m->join_date = L->dates[i][0];
        m->leave_date = L->dates[i][1];
        m->mobile_since = L->dates[i][2];
        m->last_contact = L->dates[i][3];
        struct dues_facts *f = &m->dues;
        f->start_ym = r->start_ym > L->win_ym ? r->start_ym : L->win_ym;
        if (r->nb) {
            f->bases = &L->bases[r->b0];
            f->nbases = r->nb;
        } else { /* as store_dues_member_list: the roster's category from admission */
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
    L->am = st_take(L, n * sizeof *L->am); /* (the bases' loading rows, load_all_bases) */
    L->pos = xmalloc(n * sizeof *L->pos);
    for (int i = 0; i < L->nmr; i++) {
        struct bslot *sl = &L->bs[L->mr[i].bidx];
        L->pos[i] = sl->p0 + sl->np++;
        L->am[L->pos[i]] = L->mr[i].am;
    }
    st_spare(L, L->mr); /* the allocations' room is made of it (st_paid_alloc) */
    L->mr = NULL;
    L->cmr = 0;
}

/* Load the month (see store_audit_each) into L and lay out every branch's input in *ins (heap,
 * L->nbr of them). On a failure L is freed. */
static int audit_load(struct store *st, int64_t branch_id, int year, int month, struct zdate today,
                      struct bases_keep *keep, struct load *L, struct audit_input **ins)
{
    *ins = NULL;
    if (!date_year_valid(year) || month < 1 || month > 12)
        return st_fail(st, STORE_ERR_CONSTRAINT, "月份无效");
    if (branch_id < 0) return st_fail(st, STORE_ERR_NOT_FOUND, "支部不存在");
    *L = (struct load){.st = st, .keep = branch_id ? NULL : keep};
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
    /* the load reads each page about once: a small page cache while it runs (peak memory; the
     * connection's default, SQLite's 2 MB, again afterwards) */
    sqlite3_exec(st->db, "PRAGMA cache_size = -256", NULL, NULL, NULL);
    /* the meetings kept from the load before (store_audit_all_pair's earlier month of the same
     * year): taken here, and the thread reads the rest. Every branch: the thread started before
     * the branches are read, its connection opened (the schema read: 9 M instructions of the
     * ten-year district) meanwhile; it waits for them (st_publish_branches). */
    struct holdings_job hjob = {.L = L, .no_meetings = st_meetings_kept(L)};
    /* (the remittances on the thread too, beside the members' bases here: but in December, when
     * the thread reads the year's talks and lectures) */
    L->remit_on_thread = !branch_id && month != 12;
    if (!branch_id) hjob.started = pthread_create(&hjob.thread, NULL, st_holdings_job_run, &hjob) == 0;
    if (!hjob.started) L->remit_on_thread = false;
    int rc = load_branches(L);
    if (rc == STORE_OK && L->remit_on_thread && L->nbr > 0)
        L->people = xcalloc((size_t)L->nbr, sizeof *L->people);
    if (rc == STORE_OK && branch_id && L->nbr == 0)
        rc = st_fail(st, STORE_ERR_NOT_FOUND, "支部不存在");
    /* December, two threads: the year of the last 3/10 of the branches by id is read here
     * (st_load_year_part), the rest on the thread (timed on the ten-year district: the thread
     * done 0.7 ms after the main thread at 7/10; at 3/4, 3.5 ms after it) */
    if (rc == STORE_OK && hjob.started && month == 12 && L->nbr > 1) L->year_split = L->keys[L->nbr * 7 / 10].id;
    st_publish_branches(L, rc == STORE_OK && L->nbr > 0);
    if (rc == STORE_OK && L->nbr > 0) {
        if (!hjob.started) {
            rc = st_load_meetings(L);
            if (rc == STORE_OK) rc = st_load_groups(L);
        } else if (hjob.no_meetings) {
            st_meetings_from_keep(L);
            rc = st_load_month_records(L);
        }
        if (rc == STORE_OK) rc = st_load_members(L);
        st_publish_members(L, rc == STORE_OK);
        if (rc == STORE_OK && L->nmr > 0) {
            /* every branch: the mobile details, excuses and transfers in are the thread's, read
             * while the bases are read here */
            if (!hjob.started) rc = st_load_mobile(L);
            if (rc == STORE_OK && !hjob.started) rc = st_load_excuses_transfers(L);
            /* (December, two threads: the year's on the thread, beside the layout here) */
            if (rc == STORE_OK && month == 12 && !hjob.started) rc = st_load_year(L);
            if (rc == STORE_OK) rc = st_load_bases_adjusts(L);
            if (hjob.started) { /* the thread done with the members' rows before they are freed */
                pthread_mutex_lock(&L->pub.mu);
                while (!L->pub.mobile_read) pthread_cond_wait(&L->pub.cv, &L->pub.mu);
                pthread_mutex_unlock(&L->pub.mu);
            }
            if (rc == STORE_OK) lay_out_members(L); /* while the allocations may still load */
            if (rc == STORE_OK && !hjob.started) rc = st_load_paid(L);
        }
        /* the allocations: on the thread, once its own queries are done and the members laid
         * out here (their rows freed first: peak memory) */
        if (hjob.started && rc == STORE_OK && L->nmr > 0) {
            L->paid = st_paid_alloc(L);
            /* 4/10 of them here, after issue 19's facts: the thread waits for the layout
             * before it reads its 6/10 (timed on the ten-year district: with the remittances
             * read on the thread, both done within a millisecond at 6/10; at 7/10 the main
             * thread waited for it 1.6 ms) */
            L->paid_split = L->pub.ids[L->nmr * (L->remit_on_thread ? 6 : 7) / 10];
            /* December: the thread reads the year's talks and lectures then (262 M instructions
             * of the ten-year district, the longer part by far): every allocation here */
            if (month == 12) L->paid_split = L->pub.ids[0];
        }
        st_publish_laid_out(L, rc == STORE_OK && L->nmr > 0);
        /* issue 19's facts need neither the allocations nor the thread's rows: read meanwhile */
        if (rc == STORE_OK) rc = st_load_people(L);
        if (hjob.started && rc == STORE_OK && L->nmr > 0) rc = st_load_paid_part(L, L->paid_split, INT64_MAX);
        /* December: the year of the last 3/10 of the branches here, once the allocations
         * are read (the year is the thread's longer part by far: 37 of its 68 ms on the
         * ten-year district, where the main thread was done 20 ms before it) */
        struct year_fact *year_here = NULL;
        if (L->year_split && rc == STORE_OK && L->nmr > 0) rc = st_load_year_part(L, L->year_split, &year_here);
        if (hjob.started) {
            pthread_join(hjob.thread, NULL);
            hjob.started = false;
            if (rc == STORE_OK && hjob.rc != SQLITE_OK)
                rc = st_fail(st, STORE_ERR, "%s失败：%s", hjob.what, sqlite3_errstr(hjob.rc));
            if (rc == STORE_OK) st_year_add(L, year_here);
            if (rc == STORE_OK) st_year_to_members(L);
        } else if (rc == STORE_OK) {
            rc = st_load_holdings(L);
        }
        free(year_here);
    }
    if (hjob.started) {
        st_publish_laid_out(L, false);
        pthread_join(hjob.thread, NULL);
    }
    if (rc == STORE_OK && !L->groups_counted) st_count_group_members(L);
    if (own_tx) sqlite3_exec(st->db, rc == STORE_OK ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
    sqlite3_exec(st->db, "PRAGMA cache_size = -2000", NULL, NULL, NULL);
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
            .people = L->people ? &L->people[b] : NULL,
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
    int rc = audit_load(st, branch_id, month.year, month.month, today, NULL, &L, &ins);
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
    int rc = audit_load(st, branch_id, month.year, month.month, today, NULL, &L, &ins);
    if (rc != STORE_OK) return rc;
    fn(ins, L.br, L.nbr, ctx);
    free(ins);
    load_free(&L);
    return STORE_OK;
}

/* The bases of a load of every branch handed to k (each member's slice, by id), out of L. */
static void keep_bases(struct load *L, struct bases_keep *k)
{
    st_bases_keep_free(k);
    if (!L->pub.ids || !L->am) return;
    int n = L->pub.n;
    k->ids = xmalloc((size_t)(n ? n : 1) * sizeof *k->ids);
    k->b0 = xmalloc((size_t)(n ? n : 1) * sizeof *k->b0);
    k->nb = xmalloc((size_t)(n ? n : 1) * sizeof *k->nb);
    k->n = n;
    for (int i = 0; i < n; i++) {
        const struct dues_facts *f = &L->am[L->pos[i]].dues;
        bool own = L->bases && f->bases >= L->bases && f->bases < L->bases + L->nbases;
        k->ids[i] = L->pub.ids[i];
        k->b0[i] = own ? (int)(f->bases - L->bases) : 0;
        k->nb[i] = own ? f->nbases : 0;
    }
    k->bases = L->bases;
    k->nbases = L->nbases;
    L->bases = NULL;
}

/* The meetings of a load of every branch handed to k (with each one's branch), out of L. */
static void keep_meetings(struct load *L, struct bases_keep *k)
{
    if (!L->mt) return;
    k->mbid = xmalloc((size_t)(L->nmt ? L->nmt : 1) * sizeof *k->mbid);
    for (int b = 0; b < L->nbr; b++)
        for (int i = 0; i < L->bs[b].nm; i++) k->mbid[L->bs[b].m0 + i] = L->br[b].id;
    k->mt = L->mt;
    k->nmt = L->nmt;
    k->jan = date_year_start(L->ms);
    k->me = L->me;
    L->mt = NULL;
}

int store_audit_all_pair(struct store *st, struct zmonth first, struct zmonth second, struct zdate today,
                         int (*fn1)(const struct audit_input *ins, const struct branch *bs, int n, void *ctx),
                         int (*fn2)(const struct audit_input *ins, const struct branch *bs, int n, void *ctx),
                         void *ctx, int *failed)
{
    struct bases_keep keep = {0};
    struct load L;
    struct audit_input *ins;
    *failed = 1;
    int rc = audit_load(st, 0, first.year, first.month, today, NULL, &L, &ins);
    if (rc != STORE_OK) return rc;
    int stop = fn1(ins, L.br, L.nbr, ctx);
    free(ins);
    if (!stop) {
        keep_bases(&L, &keep);
        keep_meetings(&L, &keep);
    }
    load_free(&L);
    if (stop) return STORE_OK;
    *failed = 2;
    rc = audit_load(st, 0, second.year, second.month, today, &keep, &L, &ins);
    st_bases_keep_free(&keep);
    if (rc != STORE_OK) return rc;
    fn2(ins, L.br, L.nbr, ctx);
    free(ins);
    load_free(&L);
    *failed = 0;
    return STORE_OK;
}
