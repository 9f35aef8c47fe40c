/* demo_dues.c — `zhibu demo`: a branch's dues history. */

#include "demo_priv.h"

static struct zdate theme_date(int ym, int theme_day)
{
    int y = dues_ym_year(ym), m = dues_ym_month(ym);
    int dim = date_days_in_month(y, m);
    return demo_ymd(y, m, theme_day <= dim ? theme_day : dim);
}

/* ---- dues history ---- */

enum dues_case { DC_NONE, DC_OWE, DC_TALK, DC_LAPSE, DC_DEFER, DC_WAIVE, DC_PAYCHANGE };

struct dues_person {
    const struct member *m;
    struct dues_facts f;
    struct dues_basis bases[DEMO_MAX_YEARS + 4];
    struct dues_adjust adjusts[3];
    struct dues_paid *paid;
    int cap;
    enum dues_case c;
    int stop_ym;          /* pays nothing for months after this one */
    int opening_to;       /* paid before the ledger was kept here, up to this month */
    int mode;             /* 0 monthly, 1 quarterly, 2 a year in advance */
    struct zdate join, leave;
};

struct dues_plan {
    int person;
    struct zdate date;
    int from, to;
    long amount;
    long paid_before;        /* already paid for from..to when it is made (store_dues.h) */
    int first_alloc, nalloc; /* in the branch's allocation array */
};

struct dues_gen {
    struct demo *d;
    struct rng *r;
    const struct dues_rules *rules;
    const struct branch *b;
    struct dues_person *p;
    int np;
    struct dues_plan *plans;
    int nplans, capplans;
    struct dues_paid *allocs;
    int nallocs, capallocs;
    int start_ym, cur_ym, theme_day;
};

static int add_adjust(struct dues_gen *g, struct dues_person *p, enum dues_adjust_kind kind,
                      int from, int to, const char *approved_by, const char *reason)
{
    struct dues_adjust_rec rec = {.member_id = p->m->id};
    rec.a = (struct dues_adjust){.from_ym = from, .to_ym = to, .kind = kind};
    zb_strlcpy(rec.approved_by, approved_by, sizeof rec.approved_by);
    zb_strlcpy(rec.reason, reason, sizeof rec.reason);
    if (store_dues_adjust_add(g->d->st, &rec) != STORE_OK) return demo_fail_store(g->d, "写入党费减免");
    p->adjusts[p->f.nadjusts++] = rec.a;
    return 0;
}

static int add_basis(struct dues_gen *g, struct dues_person *p, int from, const char *category,
                     long base, const char *note)
{
    if (store_dues_basis_set(g->d->st, p->m->id, zmonth_from_index(from), category, base, note,
                             store_dues_bases_version(g->d->st, p->m->id)) != STORE_OK)
        return demo_fail_store(g->d, "写入党费基数");
    struct dues_basis *bs = &p->bases[p->f.nbases++];
    bs->from_ym = from;
    zb_strlcpy(bs->category, category, sizeof bs->category);
    bs->base_fen = base;
    return 0;
}

/* One payment: checked and split like the form does, kept for writing in date order. */
static int plan_payment(struct dues_gen *g, int pi, struct zdate date, int from, int to)
{
    struct dues_person *p = &g->p[pi];
    long amount = dues_amount_for(&p->f, from, to, g->rules);
    if (amount <= 0) return 0;
    char day[DATE_STR_LEN];
    date_format(date, day);
    char msgbuf[ZB_MSG_MAX];
    const char *why = dues_check_payment(&p->f, from, to, amount, day, g->d->today, msgbuf, sizeof msgbuf);
    if (why) {
        snprintf(g->d->err, sizeof g->d->err, "演示党费有误（%s %s %s）：%s", g->b->name,
                 p->m->name, day, why);
        return -1;
    }
    int room = to - from + 1;
    if (g->nallocs + room > g->capallocs) {
        g->capallocs = (g->nallocs + room) * 2;
        g->allocs = xrealloc(g->allocs, (size_t)g->capallocs * sizeof *g->allocs);
    }
    int na = dues_allocate(&p->f, from, to, amount, g->rules, g->allocs + g->nallocs);
    long before = 0;
    for (int i = 0; i < p->f.npaid; i++)
        if (p->f.paid[i].ym >= from && p->f.paid[i].ym <= to) before += p->f.paid[i].amount;
    if (p->f.npaid + na > p->cap) {
        p->cap = (p->f.npaid + na) * 2 + 8;
        p->paid = xrealloc(p->paid, (size_t)p->cap * sizeof *p->paid);
    }
    memcpy(p->paid + p->f.npaid, g->allocs + g->nallocs, (size_t)na * sizeof *p->paid);
    p->f.npaid += na;
    p->f.paid = p->paid;
    if (g->nplans == g->capplans) {
        g->capplans = g->capplans ? g->capplans * 2 : 256;
        g->plans = xrealloc(g->plans, (size_t)g->capplans * sizeof *g->plans);
    }
    g->plans[g->nplans++] = (struct dues_plan){.person = pi, .date = date, .from = from, .to = to,
                                               .amount = amount, .paid_before = before,
                                               .first_alloc = g->nallocs, .nalloc = na};
    g->nallocs += na;
    return 0;
}

/* A member's payments from the first month of the history to today. */
static int plan_member(struct dues_gen *g, int pi)
{
    struct dues_person *p = &g->p[pi];
    int first = p->f.join_ym > g->start_ym ? p->f.join_ym : g->start_ym;
    if (p->opening_to >= first) first = p->opening_to + 1;
    int last = g->cur_ym;
    if (p->f.leave_ym && p->f.leave_ym < last) last = p->f.leave_ym;
    int paid_to = first - 1;
    for (int ym = first; ym <= last; ym++) {
        if (ym > p->stop_ym) break;
        struct zdate date = theme_date(ym, g->theme_day);
        if (p->f.leave_ym && ym == p->f.leave_ym && date_cmp(date, p->leave) > 0) date = p->leave;
        if (date_cmp(date, g->d->today) > 0) break;
        if (date_cmp(date, p->join) < 0) continue; /* admitted after this theme day */
        int to = ym;
        if (p->mode == 1) {
            if ((dues_ym_month(ym) - 1) % 3 != 0 && ym != first && paid_to >= ym) continue;
            to = ym + 2 - (dues_ym_month(ym) - 1) % 3;
        } else if (p->mode == 2) {
            if (dues_ym_month(ym) != 1 && ym != first && paid_to >= ym) continue;
            to = dues_ym(dues_ym_year(ym), 12);
        } else if (p->c == DC_NONE && ym < g->cur_ym - 1 &&
                   rng_chance(g->r, demo_rates_of(g->d)->forgot_dues)) {
            continue; /* forgot this month: paid with the next one */
        }
        if (p->f.leave_ym && to > p->f.leave_ym) to = p->f.leave_ym;
        if (p->stop_ym < to) to = p->stop_ym;
        if (paid_to + 1 > to) continue;
        if (plan_payment(g, pi, date, paid_to + 1, to) != 0) return -1;
        paid_to = to;
    }
    return 0;
}

static int plan_cmp(const void *a, const void *b)
{
    const struct dues_plan *x = a, *y = b;
    int c = date_cmp(x->date, y->date);
    if (c) return c;
    return (x->person > y->person) - (x->person < y->person);
}

/* Choose up to k members among those with the whole history, at home, without office and
 * with no case yet, for case c. */
static void pick_case(struct dues_gen *g, enum dues_case c, int k, bool prefer_mobile,
                      const char *category)
{
    for (int pass = prefer_mobile ? 0 : 1; pass < 2 && k > 0; pass++) {
        int pool[DEMO_MAX_MEMBERS + 1], np = 0;
        for (int i = 0; i < g->np; i++) {
            const struct dues_person *p = &g->p[i];
            if (p->c != DC_NONE || p->m->office[0] || p->f.leave_ym || p->f.join_ym > g->start_ym ||
                p->opening_to >= g->start_ym)
                continue;
            if (strcmp(p->m->status, "full") != 0) continue;
            if (pass == 0 && !p->m->mobile) continue;
            if (category && strcmp(p->bases[0].category, category) != 0) continue;
            pool[np++] = i;
        }
        for (; k > 0 && np > 0; k--) {
            int j = rng_below(g->r, np);
            g->p[pool[j]].c = c;
            pool[j] = pool[--np];
        }
    }
}

/* Who is in the history: members who joined, not gone before it began; how each pays. */
static void dues_people(struct dues_gen *g, const struct member *ms, int n, const struct transfer *in)
{
    for (int i = 0; i < n; i++) {
        struct dues_person *p = &g->p[g->np];
        const struct member *m = &ms[i];
        memset(p, 0, sizeof *p); /* the slot of one skipped before may hold its facts */
        if (!date_parse(m->join_date, &p->join)) continue;
        p->m = m;
        p->f.join_ym = dues_ym_of_date(p->join);
        if (m->leave_status[0] && date_parse(m->leave_date, &p->leave)) {
            p->f.leave_ym = dues_ym_of_date(p->leave);
            if (p->f.leave_ym < g->start_ym) continue; /* gone before the history begins */
        }
        p->f.bases = p->bases;
        p->f.adjusts = p->adjusts;
        p->stop_ym = INT32_MAX;
        p->opening_to = g->start_ym - 1;
        if (in && in->member_id == m->id) {
            struct zdate arrived;
            if (date_parse(in->date, &arrived)) p->opening_to = dues_ym_of_date(arrived) - 1;
        }
        int x = rng_below(g->r, 100);
        p->mode = x < 74 ? 0 : x < 92 ? 1 : 2;
        g->np++;
    }
}

/* Bases: employed and retired members' pay at the start of each year. */
static int dues_bases(struct dues_gen *g)
{
    int rc = 0;
    for (int i = 0; i < g->np && rc == 0; i++) {
        struct dues_person *p = &g->p[i];
        const char *cat = p->m->dues_category;
        bool employed = strcmp(cat, "employed") == 0, retired = strcmp(cat, "retired") == 0;
        long base = employed ? rng_range_long(g->r, 2500, 12000) * 100
                  : retired ? rng_range_long(g->r, 2000, 7000) * 100 : 0;
        if (base && rng_chance(g->r, 300)) base += 50;
        int last_year = dues_ym_year(p->f.leave_ym ? p->f.leave_ym : g->cur_ym);
        for (int y = dues_ym_year(g->start_ym); y <= last_year && rc == 0; y++) {
            int from = dues_ym(y, 1) > p->f.join_ym ? dues_ym(y, 1) : p->f.join_ym;
            if (from > g->cur_ym) break;
            if (employed || retired || p->f.nbases == 0) {
                char note[64];
                snprintf(note, sizeof note, "%d年度基数", y);
                rc = add_basis(g, p, from, cat, base, employed || retired ? note : "");
            }
            if (employed) base = (base * (100 + rng_range(g->r, 0, 6)) / 100 + 50) / 100 * 100;
            else if (retired) base = (base * (100 + rng_range(g->r, 2, 4)) / 100 + 50) / 100 * 100;
        }
        /* months before the ledger began (or before a transfer in) are not counted by the
         * rules: store_dues_start_get and the transfer letter's paid-through month bound them */
    }
    return rc;
}

/* The cases the rules must find: arrears where the branch has DP_ARREARS; a deferral, a
 * waiver and a pay change everywhere (rc: as far as it went). */
static int dues_cases(struct dues_gen *g, int rc)
{
    struct demo *d = g->d;
    int cur = g->cur_ym;
    int nowe = rng_range(g->r, 2, 3);
    if (demo_has_problem(d, DP_ARREARS)) {
        pick_case(g, DC_OWE, nowe, false, NULL);
        pick_case(g, DC_TALK, 1, false, NULL);
        pick_case(g, DC_LAPSE, 1, false, NULL);
    }
    pick_case(g, DC_DEFER, 1, true, NULL);
    pick_case(g, DC_WAIVE, 1, false, NULL);
    pick_case(g, DC_PAYCHANGE, 1, false, "employed");
    for (int i = 0; i < g->np && rc == 0; i++) {
        struct dues_person *p = &g->p[i];
        switch (p->c) {
        case DC_NONE: break;
        case DC_OWE: p->stop_ym = cur - 1 - rng_range(g->r, 1, 2); p->mode = 0; break;
        case DC_TALK: p->stop_ym = cur - 1 - rng_range(g->r, 3, 5); p->mode = 0; break;
        case DC_LAPSE: p->stop_ym = cur - 1 - rng_range(g->r, 6, 9); p->mode = 0; break;
        case DC_DEFER: /* two months so far: not yet owed long enough to need a talk */
            p->stop_ym = cur - 3;
            p->mode = 0;
            rc = add_adjust(g, p, DUES_DEFER, cur - 2, dues_ym(dues_ym_year(cur), 12), "镇党委",
                            "外出务工，收入不稳定，经本人申请、支部研究缓交");
            break;
        case DC_WAIVE: {
            int from = cur - rng_range(g->r, 2, 6);
            if (from < g->start_ym) from = g->start_ym;
            rc = add_adjust(g, p, DUES_WAIVE, from, dues_ym(dues_ym_year(cur), 12), "镇党委",
                            "纳入农村最低生活保障（低保），家庭生活困难，经支部研究、镇党委批准免交");
            break;
        }
        case DC_PAYCHANGE: {
            int from = dues_ym(dues_ym_year(cur), 7);
            if (from > cur) from -= 12;
            if (from <= g->start_ym || p->f.nbases == 0) break;
            const struct dues_basis *now = &p->bases[0];
            for (int k = 0; k < p->f.nbases; k++)
                if (p->bases[k].from_ym <= from) now = &p->bases[k];
            long raised = (now->base_fen * rng_range(g->r, 115, 130) / 100 + 50) / 100 * 100;
            int at = p->f.nbases;
            rc = add_basis(g, p, from, "employed", raised, "岗位调整，7月起执行新工资");
            /* keep the bases sorted: the new one goes before any later January */
            for (int k = at; k > 0 && p->bases[k].from_ym < p->bases[k - 1].from_ym; k--) {
                struct dues_basis t = p->bases[k];
                p->bases[k] = p->bases[k - 1];
                p->bases[k - 1] = t;
            }
            p->mode = 0;
            break;
        }
        }
    }
    return rc;
}

/* Written in date order, receipts numbered per year: 2026-0001 ... (rc: as far as it went). */
static int dues_write(struct dues_gen *g, int rc)
{
    struct demo *d = g->d;
    const struct branch *b = g->b;
    if (rc == 0) qsort(g->plans, (size_t)g->nplans, sizeof *g->plans, plan_cmp);
    int year = 0, seq = 0;
    for (int k = 0; k < g->nplans && rc == 0; k++) {
        const struct dues_plan *pl = &g->plans[k];
        if (pl->date.y != year) {
            year = pl->date.y;
            seq = 0;
        }
        struct dues_payment pay = {.member_id = g->p[pl->person].m->id, .branch_id = b->id,
                                   .from_ym = pl->from, .to_ym = pl->to, .amount = pl->amount,
                                   .paid_before = pl->paid_before};
        date_format(pl->date, pay.paid_date);
        snprintf(pay.receipt_no, sizeof pay.receipt_no, "%d-%04d", year, ++seq);
        if (pl->to > pl->from) {
            char a[8], z[8];
            dues_ym_format(pl->from, a);
            dues_ym_format(pl->to, z);
            snprintf(pay.note, sizeof pay.note, "%s至%s", a, z);
        }
        if (store_dues_payment_add(d->st, &pay, g->allocs + pl->first_alloc, pl->nalloc) != STORE_OK)
            rc = demo_fail_store(d, "写入党费收缴");
        else
            d->payments++;
    }
    return rc;
}

int demo_make_dues(struct demo *d, int index, const struct branch *b, const struct member *ms,
                   int n, int theme_day, const struct transfer *in)
{
    struct rng rs = {d->seed ^ (UINT64_C(0x8CB92BA72F3D8DD7) * (uint64_t)(index + 1))};
    struct dues_gen g = {.d = d, .r = &rs, .rules = &d->dues_rules, .b = b,
                         .theme_day = theme_day};
    g.cur_ym = dues_ym_of_date(d->today);
    g.start_ym = dues_ym(d->today.y - d->years + 1, 1);
    g.p = xcalloc((size_t)n, sizeof *g.p);
    dues_people(&g, ms, n, in);
    int rc = dues_bases(&g);
    rc = dues_cases(&g, rc);
    for (int i = 0; i < g.np && rc == 0; i++) rc = plan_member(&g, i);
    rc = dues_write(&g, rc);
    for (int i = 0; i < g.np; i++) free(g.p[i].paid);
    free(g.p);
    free(g.plans);
    free(g.allocs);
    return rc;
}
