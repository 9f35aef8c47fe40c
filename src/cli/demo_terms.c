/* demo_terms.c — issue 19 in the demo (demo_priv.h): each branch's committee term and the
 * office history of its current committee.
 *
 * The demo's meeting history holds no election meeting (demo_meetings.c makes none, and adding
 * records would change the pre-issue-19 township of demo_golden.sh), so each committee was
 * elected before the ledger begins (the store allows no linked meeting only then): a good or
 * slipping branch between term_years and years ago, so that its term still runs (some of them
 * within the reminders before the end); a "behind" branch a few months more than term_years
 * ago, so that its term is over and the review lists it. With years of history at or beyond
 * term_years no election before the ledger leaves a running term: then a good branch records
 * none (the committee screen says 尚未登记换届). The members holding an office hold it since
 * the election (or since they became full members, when later: 补选). */
#include "demo_priv.h"

#include "zhibu/store_term.h"

int demo_make_terms(struct demo *d, int index, const struct demo_branch *db)
{
    struct rng r = {d->seed ^ (UINT64_C(0xC6A4A7935BD1E995) * (uint64_t)(index + 1))};
    int years = d->term_years > 0 ? d->term_years : 3;
    /* the ledger's first day (demo_meetings.c): the election is before it */
    struct zdate first = date_add_days(date_add_years(d->today, -d->years), 1);
    struct zdate lo, hi;
    if (d->standing == STANDING_BEHIND) {
        /* over by 2..10 months */
        hi = date_add_months(date_add_years(d->today, -years), -2);
        lo = date_add_months(hi, -8);
    } else {
        /* still running by at least a month */
        lo = date_add_months(date_add_years(d->today, -years), 1);
        hi = date_add_days(first, -30);
    }
    if (date_cmp(hi, date_add_days(first, -1)) > 0) hi = date_add_days(first, -1);
    if (date_cmp(lo, hi) > 0) return 0; /* no election before the ledger fits: none recorded */
    struct zdate elected = demo_random_date(&r, lo, hi);
    struct committee_term t = {.branch_id = db->b->id, .term_years = years};
    date_format(elected, t.elected_date);
    snprintf(t.note, sizeof t.note, "台账建立前召开的支部党员大会选举产生");
    struct people_rules pr = {.term_years = years};
    if (store_term_record(d->st, &t, &pr) != STORE_OK) return demo_fail_store(d, "登记换届");
    for (int i = 0; i < db->n; i++) {
        const struct member *m = &db->ms[i];
        if (!m->office[0] || m->leave_status[0]) continue;
        char from[DATE_STR_LEN];
        zb_strlcpy(from, t.elected_date, sizeof from);
        if (m->full_date[0] && strcmp(m->full_date, from) > 0) zb_strlcpy(from, m->full_date, sizeof from);
        if (m->join_date[0] && strcmp(m->join_date, from) > 0) zb_strlcpy(from, m->join_date, sizeof from);
        if (store_office_since(d->st, m->id, from) != STORE_OK) return demo_fail_store(d, "登记任职");
    }
    return 0;
}
