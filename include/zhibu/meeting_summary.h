/* meeting_summary.h — a year of records by kind and month against the rules (core: pure). */
#ifndef ZHIBU_MEETING_SUMMARY_H
#define ZHIBU_MEETING_SUMMARY_H

#include <stdbool.h>

#include "zhibu/date.h"
#include "zhibu/meeting.h"

struct year_summary {
    int year;
    int counts[MK_COUNT][12];   /* records of each kind (or also counting as it) per month */
    bool shortfall[MK_COUNT][12]; /* the period ending that month is over and fell short */
    int total[MK_COUNT];
    int required[MK_COUNT];     /* per period, 0 = no rule (group meetings: per group) */
    enum period period[MK_COUNT];
    int groups[12];             /* groups that had to meet each month */
};

/* Count non-voided facts dated in `year`. A period (month, quarter, year) is judged only once it
 * has ended before `today`; group meetings need group_per_month × groups[m] in month m — the
 * groups that stood that whole month with members (group_meets_in_month; NULL: none) — a
 * simplification of "each group": see requirement lists for the per-group truth. */
void meeting_year_summary(const struct meeting_fact *facts, int nfacts, const int groups[12],
                          const struct meeting_freq_rules *r, int year, struct zdate today,
                          struct year_summary *out);

#endif
