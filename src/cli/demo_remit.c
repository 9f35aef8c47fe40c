/* demo_remit.c — 党费上缴 in the demo (demo_priv.h): each branch hands up what it collected,
 * one remittance per interval (config [dues] remit_interval_months; 3: quarterly, aligned to
 * the quarters), dated early in the month after the interval, with the higher committee's
 * receipt number (its book: DF, year and month, the branch's number); a branch with DP_ARREARS has not yet handed up the last interval due (late by
 * one: the review lists it). A branch with nobody on the roster hands up nothing. */
#include "demo_priv.h"

#include "zhibu/remit.h"
#include "zhibu/store_remit.h"

/* The last month of the interval that begins at from_ym. */
static int interval_end(int from_ym, int interval)
{
    if (12 % interval == 0) return from_ym + (interval - 1) - (dues_ym_month(from_ym) - 1) % interval;
    return from_ym + interval - 1;
}

int demo_make_remittances(struct demo *d, int index, const struct demo_branch *db)
{
    if (db->n == 0) return 0;
    struct rng rs = {d->seed ^ (UINT64_C(0x5DEECE66D2B7E151) * (uint64_t)(index + 1))};
    struct rng *r = &rs;
    int interval = d->people_rules.remit_interval_months;
    if (interval < 1 || interval > 12) interval = 3;
    struct zmonth start;
    if (store_dues_start_get(d->st, db->b->id, &start) != STORE_OK)
        return demo_fail_store(d, "读取党费台账起始月");
    int cur_ym = dues_ym_of_date(d->today);
    /* the intervals over by now, each with the day it is handed up */
    struct {
        int from, to;
        struct zdate date;
    } due[DEMO_MAX_YEARS * 12 + 12];
    int ndue = 0;
    for (int from = zmonth_index(start); from < cur_ym && ndue < (int)ZB_ARRAY_LEN(due);) {
        int to = interval_end(from, interval);
        if (to >= cur_ym) break;
        int after = to + 1;
        struct zdate date = demo_ymd(dues_ym_year(after), dues_ym_month(after), rng_range(r, 3, 15));
        if (date_cmp(date, d->today) > 0) break;
        due[ndue].from = from;
        due[ndue].to = to;
        due[ndue].date = date;
        ndue++;
        from = to + 1;
    }
    if (demo_has_problem(d, DP_ARREARS) && ndue > 0) ndue--;
    if (ndue == 0) return 0;
    /* what was collected in each month of all the intervals, read once (the payments do not
     * change while the remittances are written): the sum of an interval's months is what
     * store_remit_totals gives for it */
    int first = due[0].from, last = due[ndue - 1].to;
    struct remit_month *m = xcalloc((size_t)(last - first + 1), sizeof *m);
    if (store_remit_months(d->st, db->b->id, first, last, m) != STORE_OK) {
        free(m);
        return demo_fail_store(d, "读取党费收缴");
    }
    for (int i = 0; i < ndue; i++) {
        long collected = 0;
        for (int ym = due[i].from; ym <= due[i].to; ym++) collected += m[ym - first].collected;
        struct remittance rm = {
            .branch_id = db->b->id,
            .from_ym = due[i].from,
            .to_ym = due[i].to,
            .amount = collected,
        };
        date_format(due[i].date, rm.date);
        snprintf(rm.receipt, sizeof rm.receipt, "DF%04d%02d-%02d", due[i].date.y, due[i].date.m,
                 index % 100 + 1);
        if (store_remit_add(d->st, &rm) != STORE_OK) {
            free(m);
            return demo_fail_store(d, "党费上缴");
        }
    }
    free(m);
    return 0;
}
