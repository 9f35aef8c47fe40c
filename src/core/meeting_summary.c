/* meeting_summary.c — a year of records by kind and month (see meeting_summary.h). */
#include "zhibu/meeting_summary.h"

#include <string.h>

void meeting_year_summary(const struct meeting_fact *facts, int nfacts, const int groups[12],
                          const struct meeting_freq_rules *r, int year, struct zdate today,
                          struct year_summary *out)
{
    memset(out, 0, sizeof *out);
    out->year = year;
    for (int m = 0; groups && m < 12; m++) out->groups[m] = groups[m] > 0 ? groups[m] : 0;
    for (int i = 0; i < nfacts; i++) {
        const struct meeting_fact *f = &facts[i];
        if (f->voided || f->date.y != year || f->date.m < 1 || f->date.m > 12) continue;
        for (int k = 0; k < MK_COUNT; k++)
            if ((int)f->kind == k || (f->also_mask & MK_BIT(k))) {
                out->counts[k][f->date.m - 1]++;
                out->total[k]++;
            }
    }
    struct { enum meeting_kind k; enum period p; int n; } rules[] = {
        {MK_COMMITTEE, PERIOD_MONTH, r->committee_per_month},
        {MK_GROUP, PERIOD_MONTH, r->group_per_month},
        {MK_THEME_DAY, PERIOD_MONTH, r->theme_day_per_month},
        {MK_GENERAL, PERIOD_QUARTER, r->general_per_quarter},
        {MK_LECTURE, PERIOD_QUARTER, r->lecture_per_quarter},
        {MK_LIFE_MEETING, PERIOD_YEAR, r->life_meeting_per_year},
        {MK_APPRAISAL, PERIOD_YEAR, r->appraisal_per_year},
    };
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        enum meeting_kind k = rules[i].k;
        out->required[k] = rules[i].n;
        out->period[k] = rules[i].p;
        if (rules[i].n <= 0) continue;
        int span = rules[i].p == PERIOD_MONTH ? 1 : rules[i].p == PERIOD_QUARTER ? 3 : 12;
        for (int last = span - 1; last < 12; last += span) {
            struct zdate end = date_month_end((struct zdate){year, last + 1, 1});
            if (date_cmp(end, today) >= 0) continue; /* not over yet */
            int held = 0, need = rules[i].n;
            for (int m = last - span + 1; m <= last; m++) held += out->counts[k][m];
            if (k == MK_GROUP) need *= out->groups[last];
            if (held < need) out->shortfall[k][last] = true;
        }
    }
}
