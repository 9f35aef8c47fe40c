/* circular_db.c — the 通报's input from a district's database (store_circular.h): five bulk
 * queries, each walking township_branch and reaching the verdicts and orders through their
 * (branch_id, month, item) indexes. */
#include "zhibu/store_circular.h"

#include <stdlib.h>
#include <string.h>

#include "zhibu/store_auth.h"
#include "zhibu/store_office.h"
#include "zhibu/util.h"
#include "store_list.h"
#include "store_priv.h"

/* The station whose townships the session may read: an inspector's own (-1, none, for one
 * without a station); 0 for everyone else (every township). */
static int64_t scope_station(const struct store *st)
{
    const struct store_session *s = store_session(st);
    if (s->role != STORE_ROLE_INSPECTOR) return 0;
    return s->station_id > 0 ? s->station_id : -1;
}

struct town_list {
    struct circ_township *v;
    int n;
};
struct branch_list {
    struct circ_branch *v;
    int n;
};
struct order_list {
    struct circ_order *v;
    int n;
};

static int load_townships(struct store *st, int64_t station, struct town_list *out)
{
    sqlite3_stmt *s = st_stmt(st, "SELECT id, code, name FROM township WHERE ?1 = 0 OR station_id = ?1"
                                  " ORDER BY code, id");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, station);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct circ_township *t = ST_LIST_ADD(out);
        t->id = sqlite3_column_int64(s, 0);
        st_col_text(s, 1, t->code, sizeof t->code);
        st_col_text(s, 2, t->name, sizeof t->name);
    }
    st_done(s);
    return rc == SQLITE_DONE ? STORE_OK : st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取乡镇");
}

static int town_index(const struct town_list *t, int64_t id)
{
    for (int i = 0; i < t->n; i++)
        if (t->v[i].id == id) return i;
    return -1;
}

static int load_branches(struct store *st, int64_t station, const struct town_list *towns,
                         struct branch_list *out)
{
    sqlite3_stmt *s = st_stmt(st, "SELECT b.id, b.code, b.name, tb.township_id FROM township_branch tb"
                                  " JOIN branch b ON b.id = tb.branch_id"
                                  " JOIN township t ON t.id = tb.township_id"
                                  " WHERE ?1 = 0 OR t.station_id = ?1 ORDER BY b.code, b.id");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, station);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int t = town_index(towns, sqlite3_column_int64(s, 3));
        if (t < 0) continue;
        struct circ_branch *b = ST_LIST_ADD(out);
        b->id = sqlite3_column_int64(s, 0);
        st_col_text(s, 1, b->code, sizeof b->code);
        st_col_text(s, 2, b->name, sizeof b->name);
        b->township = t;
    }
    st_done(s);
    return rc == SQLITE_DONE ? STORE_OK : st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取支部");
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

struct id_index {
    int64_t *ids;             /* sorted branch ids */
    int *pos;                 /* their index in the branch list */
    int n;
};

static int branch_pos(const struct id_index *x, int64_t id)
{
    int lo = 0, hi = x->n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (x->ids[mid] == id) return x->pos[mid];
        if (x->ids[mid] < id) lo = mid + 1;
        else hi = mid - 1;
    }
    return -1;
}

static void index_build(const struct branch_list *b, struct id_index *x)
{
    x->n = b->n;
    x->ids = xcalloc((size_t)(b->n > 0 ? b->n : 1), sizeof *x->ids);
    x->pos = xcalloc((size_t)(b->n > 0 ? b->n : 1), sizeof *x->pos);
    int64_t *pairs = xcalloc((size_t)(b->n > 0 ? b->n : 1) * 2, sizeof *pairs);
    for (int i = 0; i < b->n; i++) {
        pairs[2 * i] = b->v[i].id;
        pairs[2 * i + 1] = i;
    }
    qsort(pairs, (size_t)b->n, 2 * sizeof *pairs, cmp_id);
    for (int i = 0; i < b->n; i++) {
        x->ids[i] = pairs[2 * i];
        x->pos[i] = (int)pairs[2 * i + 1];
    }
    free(pairs);
}

static int engine_of(const unsigned char *states)
{
    if (!states || !*states) return CE_NONE;
    if (strstr((const char *)states, "\"fail\"")) return CE_FAIL;
    if (strstr((const char *)states, "\"pending\"")) return CE_PENDING;
    return CE_PASS;
}

/* The overall verdicts of the window (township's: which 0, district's: which 1) into cells. */
static int load_verdicts(struct store *st, int which, const struct id_index *x, struct zmonth wfirst,
                         int nm, const char *from, const char *to, struct circ_cell *cells)
{
    static const char *const SQL[2] = {
        "SELECT v.branch_id, v.month, v.verdict, json_extract(v.engine_json, '$.states')"
        " FROM township_branch tb CROSS JOIN audit_verdict v ON v.branch_id = tb.branch_id"
        " AND v.month BETWEEN ?1 AND ?2 AND v.item = 'overall'",
        "SELECT v.branch_id, v.month, v.verdict, NULL"
        " FROM township_branch tb CROSS JOIN district_verdict v ON v.branch_id = tb.branch_id"
        " AND v.month BETWEEN ?1 AND ?2 AND v.item = 'overall'",
    };
    sqlite3_stmt *s = st_stmt(st, SQL[which]);
    if (!s) return STORE_ERR;
    st_bind_text(s, 1, from);
    st_bind_text(s, 2, to);
    int rc;
    int w0 = zmonth_index(wfirst);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int b = branch_pos(x, sqlite3_column_int64(s, 0));
        struct zmonth m;
        if (b < 0 || !zmonth_parse((const char *)sqlite3_column_text(s, 1), &m)) continue;
        int k = zmonth_index(m) - w0;
        if (k < 0 || k >= nm) continue;
        struct circ_cell *c = &cells[(size_t)b * (size_t)nm + (size_t)k];
        int v = circ_verdict_of_code((const char *)sqlite3_column_text(s, 2));
        if (which == 0) {
            c->township = (unsigned char)v;
            c->engine = (unsigned char)engine_of(sqlite3_column_text(s, 3));
        } else {
            c->district = (unsigned char)v;
        }
    }
    st_done(s);
    return rc == SQLITE_DONE ? STORE_OK : st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取审查结论");
}

static int status_of(const char *s)
{
    if (strcmp(s, "done") == 0) return CO_DONE;
    if (strcmp(s, "confirmed") == 0) return CO_CONFIRMED;
    return CO_OPEN;
}

/* The orders whose deadline falls in [from, to] (dates); done_at and confirmed_at as local dates
 * (they are stored as UTC stamps; the deadline is a local date). */
static int load_orders(struct store *st, const struct id_index *x, const char *from, const char *to,
                       struct order_list *out)
{
    sqlite3_stmt *s = st_stmt(st, "SELECT r.branch_id, r.month, r.deadline, r.status,"
                                  " ifnull(date(nullif(r.done_at, ''), 'localtime'), ''),"
                                  " ifnull(date(nullif(r.confirmed_at, ''), 'localtime'), '')"
                                  " FROM township_branch tb CROSS JOIN rectification r"
                                  " ON r.branch_id = tb.branch_id AND r.deadline BETWEEN ?1 AND ?2");
    if (!s) return STORE_ERR;
    st_bind_text(s, 1, from);
    st_bind_text(s, 2, to);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int b = branch_pos(x, sqlite3_column_int64(s, 0));
        struct zdate deadline;
        if (b < 0 || !date_parse((const char *)sqlite3_column_text(s, 2), &deadline)) continue;
        struct circ_order *o = ST_LIST_ADD(out);
        o->branch = b;
        o->deadline = deadline;
        zmonth_parse((const char *)sqlite3_column_text(s, 1), &o->month);
        o->status = status_of((const char *)sqlite3_column_text(s, 3));
        date_parse((const char *)sqlite3_column_text(s, 4), &o->done_at);
        date_parse((const char *)sqlite3_column_text(s, 5), &o->confirmed_at);
    }
    st_done(s);
    return rc == SQLITE_DONE ? STORE_OK : st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取整改通知");
}

int store_circular_load(struct store *st, struct zmonth first, int period_months,
                        const struct circular_rules *r, struct zdate today, struct circ_data *out)
{
    memset(out, 0, sizeof *out);
    struct office_info office;
    int rc = store_office_get(st, &office);
    if (rc != STORE_OK) return rc;
    if (strcmp(office.kind, "district") != 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "只有区（县）的数据库可以生成通报");
    zb_strlcpy(out->office_name, office.name, sizeof out->office_name);
    if ((period_months != 1 && period_months != 3) || !zmonth_valid(first))
        return st_fail(st, STORE_ERR_CONSTRAINT, "通报的期间不对");

    int nm = circular_window(r, period_months);
    struct zmonth last = zmonth_add(first, period_months - 1), wfirst = zmonth_add(last, -(nm - 1));
    char from[ZMONTH_STR_LEN], to[ZMONTH_STR_LEN], dfrom[DATE_STR_LEN], dto[DATE_STR_LEN];
    zmonth_format(wfirst, from);
    zmonth_format(last, to);
    date_format((struct zdate){first.year, first.month, 1}, dfrom);
    date_format(date_month_end((struct zdate){last.year, last.month, 1}), dto);

    int64_t station = scope_station(st);
    if (station) zb_strlcpy(out->scope, store_session(st)->station_name, sizeof out->scope);
    struct town_list towns = {0};
    struct branch_list branches = {0};
    struct order_list orders = {0};
    struct id_index x = {0};
    struct circ_cell *cells = NULL;
    rc = load_townships(st, station, &towns);
    if (rc == STORE_OK) rc = load_branches(st, station, &towns, &branches);
    if (rc == STORE_OK) {
        index_build(&branches, &x);
        cells = xcalloc((size_t)(branches.n > 0 ? branches.n : 1) * (size_t)nm, sizeof *cells);
        rc = load_verdicts(st, 0, &x, wfirst, nm, from, to, cells);
    }
    if (rc == STORE_OK) rc = load_verdicts(st, 1, &x, wfirst, nm, from, to, cells);
    if (rc == STORE_OK) rc = load_orders(st, &x, dfrom, dto, &orders);
    free(x.ids);
    free(x.pos);
    out->townships = towns.v;
    out->branches = branches.v;
    out->cells = cells;
    out->orders = orders.v;
    if (rc != STORE_OK) {
        store_circular_free(out);
        return rc;
    }
    struct circ_input *in = &out->in;
    in->first = first;
    in->period_months = period_months;
    in->today = today;
    in->window_first = wfirst;
    in->nmonths = nm;
    in->townships = towns.v;
    in->ntownships = towns.n;
    in->branches = branches.v;
    in->nbranches = branches.n;
    in->cells = cells;
    in->orders = orders.v;
    in->norders = orders.n;
    return STORE_OK;
}

void store_circular_free(struct circ_data *d)
{
    free(d->townships);
    free(d->branches);
    free(d->cells);
    free(d->orders);
    memset(d, 0, sizeof *d);
}
