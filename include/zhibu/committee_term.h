/* committee_term.h — 换届 (core: pure): the committee's term (elected on a day for term_years,
 * the config's [committee] term_years for a new term), its end, the reminders before it
 * (term_remind_months1 / term_remind_months2) and the overdue state after it; the checks of an
 * election; the committee as it stood on a day from the roster's office history (office_term).
 * Stored by src/store/term_db.c (store_term.h); the review's reasons are audit_term_reasons
 * (audit_people.h, section term). */
#ifndef ZHIBU_COMMITTEE_TERM_H
#define ZHIBU_COMMITTEE_TERM_H

#include <stdbool.h>
#include <stdint.h>

#include "zhibu/audit_people.h"
#include "zhibu/date.h"

/* The day a term elected on `elected` for `years` ends (届满): the same day `years` later
 * (29 February: 28 February of a common year). The election of the next committee is on time
 * up to and including that day. */
struct zdate term_end(struct zdate elected, int years);

enum term_state {
    TERM_NONE = 0,     /* no term recorded */
    TERM_RUNNING,      /* before the first reminder */
    TERM_REMIND1,      /* from term_remind_months1 before the end (6 months: 换届 is near) */
    TERM_REMIND2,      /* from term_remind_months2 before the end (3 months) */
    TERM_OVERDUE,      /* after the end day: 届满未换届 */
};

/* The state on `day` of a term ending on `end` (r: the config; a reminder of 0 months is none).
 * The reminder starts on the day exactly that many months before the end (end less months), the
 * day before that is still TERM_RUNNING; the end day itself is TERM_REMIND2 (or REMIND1);
 * TERM_OVERDUE from the day after it. */
enum term_state term_state_on(struct zdate end, struct zdate day, const struct people_rules *r);

/* "届满前6个月" style text for a state: the home's reminder and the screen's line into out
 * (elected, end as dates; remaining days when not overdue). */
void term_describe(enum term_state st, struct zdate end, struct zdate day, char *out,
                   size_t outsz);

/* The facts of an election meeting for the checks (store_term.h fills them). */
struct term_meeting {
    bool found;                /* a meeting of this branch, not voided */
    bool general;              /* 支部党员大会 (kind, or also counts as) */
    bool election;             /* the record is marked as an election */
    int quorum;                /* enum quorum_state as stored (the election's 4/5 rule) */
    struct zdate date;
    bool before_ledger;        /* no meeting linked, and the branch has no meeting record on or
                                  before the election day: held before the ledger began */
};

/* Why an election recorded on `elected` at meeting `m` for `years` is refused, or NULL:
 * a date in the future (after today), no meeting (unless before_ledger), not a 支部党员大会, not marked 选举, the
 * election's quorum not met, a meeting not held on the election day, years outside 1..10,
 * a term starting before the branch's current one (prev: its elected day, NULL/invalid: none). */
const char *term_election_problem(struct zdate elected, int years, const struct term_meeting *m,
                                  const struct zdate *prev, struct zdate today);

/* One row of the roster's office history. from "" = since before the ledger; to "" = holds it
 * still. */
struct office_span {
    int64_t member_id;
    const char *office;        /* OFFICES code */
    const char *from, *to;     /* "YYYY-MM-DD" or "" */
};

/* Whether the span covers `day` ("YYYY-MM-DD"): from <= day and (to = "" or to > day). */
bool office_span_covers(const struct office_span *s, const char *day);

/* The office member held on `day`: from the member's spans among rows[0..n) (the first covering
 * one; "" when none covers the day); a member with no span at all holds current (member.office,
 * the office today, taken as held since before the ledger). Returns a code or "". */
const char *office_held_on(const struct office_span *rows, int n, int64_t member_id,
                           const char *current, const char *day);

#endif
