/* circular.c — 通报: the townships ranked, the branches behind and the trend, from the verdicts
 * and orders of a district (see circular.h for every figure's definition). Pure. */
#include "zhibu/circular.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/util.h"

int circ_verdict_of_code(const char *code)
{
    if (!code) return CV_NONE;
    if (strcmp(code, "pass") == 0) return CV_PASS;
    if (strcmp(code, "rectify") == 0) return CV_RECTIFY;
    if (strcmp(code, "fail") == 0) return CV_FAIL;
    return CV_NONE;
}

const char *circ_verdict_label(int v)
{
    switch (v) {
    case CV_PASS: return "合格";
    case CV_RECTIFY: return "需整改";
    case CV_FAIL: return "不合格";
    default: return "未审";
    }
}

int circ_final(const struct circ_cell *c)
{
    return c->district != CV_NONE ? c->district : c->township;
}

int circular_window(const struct circular_rules *r, int period_months)
{
    int w = period_months;
    if (r->trend_months > w) w = r->trend_months;
    if (r->behind_months > w) w = r->behind_months;
    return w > CIRC_MAX_WINDOW ? CIRC_MAX_WINDOW : w;
}

void circ_ratio_text(struct circ_ratio r, char *out, size_t outsz)
{
    if (r.den <= 0) {
        snprintf(out, outsz, "—");
        return;
    }
    /* one decimal, rounded half up, in integers (no float formatting differences) */
    long tenths = ((long)r.num * 2000 / r.den + 1) / 2;
    snprintf(out, outsz, "%ld.%ld%%", tenths / 10, tenths % 10);
}

void circ_period_text(struct zmonth first, int period_months, char *out, size_t outsz)
{
    if (period_months == 3) snprintf(out, outsz, "%d年第%d季度", first.year, (first.month - 1) / 3 + 1);
    else snprintf(out, outsz, "%d年%d月", first.year, first.month);
}

void circ_title(struct zmonth first, int period_months, char *out, size_t outsz)
{
    char p[48];
    circ_period_text(first, period_months, p, sizeof p);
    snprintf(out, outsz, "关于%s执行月审月报制度情况的通报", p);
}

/* ---- ranking ---- */

/* a/b against c/d for "higher is better" (-1: a/b ranks first); a ratio that does not apply
 * comes after every one that does. */
static int cmp_ratio(struct circ_ratio a, struct circ_ratio b, bool higher_first)
{
    if (a.den <= 0 || b.den <= 0) {
        if (a.den > 0) return -1;
        if (b.den > 0) return 1;
        return 0;
    }
    long long l = (long long)a.num * b.den, r = (long long)b.num * a.den;
    if (l == r) return 0;
    return ((l > r) == higher_first) ? -1 : 1;
}

static int cmp_figures(const struct circ_row *a, const struct circ_row *b)
{
    int c = cmp_ratio(a->pass_share, b->pass_share, true);
    if (c == 0) c = cmp_ratio(a->on_time, b->on_time, true);
    if (c == 0) c = cmp_ratio(a->overturn, b->overturn, false);
    return c;
}

static int cmp_rows(const struct circ_input *in, const struct circ_row *a, const struct circ_row *b)
{
    int c = cmp_figures(a, b);
    if (c) return c;
    c = strcmp(in->townships[a->township].code, in->townships[b->township].code);
    return c ? c : a->township - b->township;
}

static int cmp_behind(const struct circ_input *in, const struct circ_behind *a, const struct circ_behind *b)
{
    if (a->months != b->months) return b->months - a->months;
    const struct circ_branch *x = &in->branches[a->branch], *y = &in->branches[b->branch];
    int c = strcmp(in->townships[x->township].code, in->townships[y->township].code);
    if (c) return c;
    c = strcmp(x->code, y->code);
    return c ? c : a->branch - b->branch;
}

/* Stable insertion sorts with the input as context (a few hundred rows at most). */
static void sort_rows(const struct circ_input *in, struct circ_row *v, int n)
{
    for (int i = 1; i < n; i++) {
        struct circ_row x = v[i];
        int j = i;
        for (; j > 0 && cmp_rows(in, &v[j - 1], &x) > 0; j--) v[j] = v[j - 1];
        v[j] = x;
    }
}

static void sort_behind(const struct circ_input *in, struct circ_behind *v, int n)
{
    for (int i = 1; i < n; i++) {
        struct circ_behind x = v[i];
        int j = i;
        for (; j > 0 && cmp_behind(in, &v[j - 1], &x) > 0; j--) v[j] = v[j - 1];
        v[j] = x;
    }
}

/* ---- the figures ---- */

static void add_cell(struct circ_row *row, const struct circ_cell *c)
{
    row->branch_months++;
    switch (circ_final(c)) {
    case CV_PASS: row->pass++; break;
    case CV_RECTIFY: row->rectify++; break;
    case CV_FAIL: row->fail++; break;
    default: row->unreviewed++; break;
    }
    if (c->township != CV_NONE && c->district != CV_NONE) {
        row->district_given++;
        if (c->township != c->district) {
            row->overturned++;
            if (c->township == CV_PASS) row->stricter++;
            else if (c->district == CV_PASS) row->looser++;
        }
    }
    if (c->engine == CE_FAIL && c->township == CV_PASS) row->engine_fail_passed++;
}

static void add_order(struct circ_row *row, const struct circ_order *o)
{
    row->orders_due++;
    bool done = o->status == CO_DONE || o->status == CO_CONFIRMED;
    if (done && o->done_at.y > 0 && date_cmp(o->done_at, o->deadline) <= 0) row->orders_on_time++;
    else if (done) row->orders_late++;
    else row->orders_open++;
}

static void finish_row(struct circ_row *row)
{
    row->pass_share = (struct circ_ratio){row->pass, row->branch_months};
    row->on_time = (struct circ_ratio){row->orders_on_time, row->orders_due};
    row->overturn = (struct circ_ratio){row->overturned, row->district_given};
}

static void add_row(struct circ_row *to, const struct circ_row *r)
{
    to->branches += r->branches;
    to->branch_months += r->branch_months;
    to->pass += r->pass;
    to->rectify += r->rectify;
    to->fail += r->fail;
    to->unreviewed += r->unreviewed;
    to->orders_due += r->orders_due;
    to->orders_on_time += r->orders_on_time;
    to->orders_late += r->orders_late;
    to->orders_open += r->orders_open;
    to->district_given += r->district_given;
    to->overturned += r->overturned;
    to->stricter += r->stricter;
    to->looser += r->looser;
    to->engine_fail_passed += r->engine_fail_passed;
    to->behind += r->behind;
    for (int i = 0; i < CIRC_MAX_TREND; i++) {
        to->trend_pass[i] += r->trend_pass[i];
        to->trend_den[i] += r->trend_den[i];
    }
}

static bool input_ok(const struct circ_input *in, const struct circular_rules *r)
{
    if (in->period_months != 1 && in->period_months != 3) return false;
    if (!zmonth_valid(in->first)) return false;
    if (in->period_months == 3 && (in->first.month - 1) % 3 != 0) return false;
    if (r->trend_months < 1 || r->trend_months > CIRC_MAX_TREND || r->behind_months < 1) return false;
    if (in->nmonths < circular_window(r, in->period_months) || in->nmonths > CIRC_MAX_WINDOW) return false;
    struct zmonth last = zmonth_add(in->first, in->period_months - 1);
    if (zmonth_index(zmonth_add(in->window_first, in->nmonths - 1)) != zmonth_index(last)) return false;
    if (in->ntownships < 0 || in->nbranches < 0 || in->norders < 0) return false;
    if (in->nbranches > 0 && !in->cells) return false;
    for (int b = 0; b < in->nbranches; b++)
        if (in->branches[b].township < 0 || in->branches[b].township >= in->ntownships) return false;
    for (int o = 0; o < in->norders; o++)
        if (in->orders[o].branch < 0 || in->orders[o].branch >= in->nbranches) return false;
    return true;
}

int circular_compute(const struct circ_input *in, const struct circular_rules *r, struct circ_result *out)
{
    memset(out, 0, sizeof *out);
    if (!input_ok(in, r)) return -1;
    int nm = in->nmonths;
    int p0 = nm - in->period_months;          /* the period's first month in the cells */
    int t0 = nm - r->trend_months;            /* the trend's first month (>= 0: window) */
    out->last = zmonth_add(in->first, in->period_months - 1);
    out->ntrend = r->trend_months;
    out->behind_months = r->behind_months;
    out->trend_first = zmonth_add(out->last, -(r->trend_months - 1));
    out->nrows = in->ntownships;
    out->rows = xcalloc((size_t)(in->ntownships > 0 ? in->ntownships : 1), sizeof *out->rows);
    out->behind = xcalloc((size_t)(in->nbranches > 0 ? in->nbranches : 1), sizeof *out->behind);
    for (int t = 0; t < in->ntownships; t++) out->rows[t].township = t;

    struct zdate pstart = {in->first.year, in->first.month, 1};
    struct zdate pend = date_month_end((struct zdate){out->last.year, out->last.month, 1});
    /* each township's first month on record in the window (see circular.h) */
    int *start = xcalloc((size_t)(in->ntownships > 0 ? in->ntownships : 1), sizeof *start);
    for (int t = 0; t < in->ntownships; t++) start[t] = nm;
    for (int b = 0; b < in->nbranches; b++) {
        const struct circ_cell *cells = in->cells + (size_t)b * (size_t)nm;
        int t = in->branches[b].township;
        for (int m = 0; m < start[t]; m++)
            if (cells[m].township != CV_NONE || cells[m].district != CV_NONE) {
                start[t] = m;
                break;
            }
    }
    /* a township with no verdict counts from the district's first month on record (as 未审);
     * with no verdict anywhere, nothing is on record */
    int first = nm;
    for (int t = 0; t < in->ntownships; t++)
        if (start[t] < first) first = start[t];
    for (int t = 0; t < in->ntownships; t++)
        if (start[t] == nm) start[t] = first;
    for (int b = 0; b < in->nbranches; b++) {
        const struct circ_cell *cells = in->cells + (size_t)b * (size_t)nm;
        int s0 = start[in->branches[b].township];
        struct circ_row *row = &out->rows[in->branches[b].township];
        row->branches++;
        for (int m = p0 > s0 ? p0 : s0; m < nm; m++) add_cell(row, &cells[m]);
        for (int m = t0 > s0 ? t0 : s0; m < nm; m++) {
            row->trend_den[m - t0]++;
            if (circ_final(&cells[m]) == CV_PASS) row->trend_pass[m - t0]++;
        }
        int run = 0;
        while (run < nm - s0 && circ_final(&cells[nm - 1 - run]) != CV_PASS) run++;
        if (run >= r->behind_months) {
            struct circ_behind *bh = &out->behind[out->nbehind++];
            bh->branch = b;
            bh->months = run;
            bh->from = zmonth_add(out->last, -(run - 1));
            row->behind++;
        }
    }
    free(start);
    for (int o = 0; o < in->norders; o++) {
        const struct circ_order *ord = &in->orders[o];
        if (date_cmp(ord->deadline, pstart) < 0 || date_cmp(ord->deadline, pend) > 0) continue;
        if (date_cmp(ord->deadline, in->today) >= 0) continue; /* not over yet */
        add_order(&out->rows[in->branches[ord->branch].township], ord);
    }
    out->total.township = -1;
    for (int t = 0; t < in->ntownships; t++) {
        finish_row(&out->rows[t]);
        add_row(&out->total, &out->rows[t]);
    }
    finish_row(&out->total);

    sort_rows(in, out->rows, out->nrows);
    sort_behind(in, out->behind, out->nbehind);
    for (int i = 0; i < out->nrows; i++)
        out->rows[i].rank = (i > 0 && cmp_figures(&out->rows[i - 1], &out->rows[i]) == 0)
                                ? out->rows[i - 1].rank
                                : i + 1;
    return 0;
}

void circular_result_free(struct circ_result *res)
{
    free(res->rows);
    free(res->behind);
    memset(res, 0, sizeof *res);
}
