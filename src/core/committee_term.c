/* committee_term.c — 换届 (committee_term.h): the term's end, its reminders, the checks of an
 * election, the committee on a day from the office history; section term of the monthly
 * review (audit_people.h). */
#include "zhibu/committee_term.h"

#include <stdio.h>
#include <string.h>

#include "zhibu/audit.h"
#include "zhibu/meeting.h"
#include "zhibu/util.h"

struct zdate term_end(struct zdate elected, int years)
{
    return date_add_years(elected, years);
}

enum term_state term_state_on(struct zdate end, struct zdate day, const struct people_rules *r)
{
    if (!date_valid(end)) return TERM_NONE;
    if (date_cmp(day, end) > 0) return TERM_OVERDUE;
    int m1 = r ? r->term_remind_months1 : 6, m2 = r ? r->term_remind_months2 : 3;
    /* the nearer reminder first (either may be 0 = none) */
    int nearer = m1 < m2 ? m1 : m2, farther = m1 < m2 ? m2 : m1;
    if (nearer > 0 && date_cmp(day, date_add_months(end, -nearer)) >= 0) return TERM_REMIND2;
    if (farther > 0 && date_cmp(day, date_add_months(end, -farther)) >= 0) return TERM_REMIND1;
    return TERM_RUNNING;
}

void term_describe(enum term_state st, struct zdate end, struct zdate day, char *out,
                   size_t outsz)
{
    char e[DATE_STR_LEN];
    date_format(end, e);
    long left = date_diff_days(end, day);
    switch (st) {
    case TERM_NONE: snprintf(out, outsz, "尚未登记支部委员会任期（换届选举）"); break;
    case TERM_OVERDUE:
        snprintf(out, outsz, "支部委员会任期已于%s届满，尚未换届（已超期%ld天）", e, -left);
        break;
    case TERM_REMIND1:
    case TERM_REMIND2:
        snprintf(out, outsz, "支部委员会任期将于%s届满（还有%ld天），请准备换届选举", e, left);
        break;
    default: snprintf(out, outsz, "支部委员会任期至%s（还有%ld天）", e, left); break;
    }
}

const char *term_election_problem(struct zdate elected, int years, const struct term_meeting *m,
                                  const struct zdate *prev, struct zdate today)
{
    if (!date_valid(elected)) return "选举日期无效";
    if (date_cmp(elected, today) > 0) return "选举日期不能晚于今天";
    if (years < 1 || years > 10) return "任期须为1至10年";
    if (m && !m->found && m->before_ledger) {
        /* held before the ledger began: nothing to link, the rest cannot be checked */
        if (prev && date_valid(*prev) && date_cmp(elected, *prev) < 0)
            return "新一届的选举日期不能早于上一届";
        return NULL;
    }
    if (!m || !m->found) return "须选择召开选举的支部党员大会记录";
    if (!m->general) return "换届选举须由支部党员大会进行：所选会议不是支部党员大会";
    if (!m->election) return "所选会议记录未标明为选举（请在会议记录中勾选“选举”）";
    if (date_cmp(m->date, elected) != 0) return "选举日期须与选举会议的日期相同";
    if (m->quorum != QUORUM_MET) return "选举会议到会有选举权的党员未达应到人数的五分之四，选举无效";
    if (prev && date_valid(*prev) && date_cmp(elected, *prev) < 0)
        return "新一届的选举日期不能早于上一届";
    return NULL;
}

bool office_span_covers(const struct office_span *s, const char *day)
{
    const char *from = s->from ? s->from : "", *to = s->to ? s->to : "";
    return strcmp(from, day) <= 0 && (!to[0] || strcmp(to, day) > 0);
}

const char *office_held_on(const struct office_span *rows, int n, int64_t member_id,
                           const char *current, const char *day)
{
    bool any = false;
    for (int i = 0; i < n; i++) {
        if (rows[i].member_id != member_id) continue;
        any = true;
        if (office_span_covers(&rows[i], day)) return rows[i].office;
    }
    return any ? "" : (current ? current : "");
}

/* ---- the monthly review, section term ---- */

int audit_term_reasons(const struct audit_input *in, const struct audit_rules *r,
                       struct audit_reason *out, int max)
{
    if (!in || !in->people || !r || max <= 0) return 0;
    const struct audit_term *t = &in->people->term;
    struct zdate ms = {in->year, in->month, 1};
    if (!date_valid(ms)) return 0;
    struct zdate me = date_month_end(ms);
    /* judged as of month end, or today when the month is not over yet */
    struct zdate as_of = date_valid(in->today) && date_cmp(in->today, me) < 0 ? in->today : me;
    struct audit_reason *o = &out[0];
    memset(o, 0, sizeof *o);
    o->item = AI_MEMBERS;
    if (!t->known) {
        /* no term recorded: a note once a year (December), not a failure — the ledger may
         * simply not hold the election yet (a branch from before issue 19) */
        if (in->month != 12) return 0;
        snprintf(o->text, sizeof o->text, "尚未登记支部委员会任期（换届选举）");
        o->fails = false;
        return 1;
    }
    struct zdate end = term_end(t->elected, t->term_years);
    if (term_state_on(end, as_of, &r->people) != TERM_OVERDUE) return 0;
    char e[DATE_STR_LEN];
    date_format(end, e);
    snprintf(o->text, sizeof o->text, "支部委员会任期已于%s届满，尚未换届", e);
    o->fails = true;
    if (t->meeting_id) {
        o->refs[0] = (struct audit_ref){.kind = REF_MEETING, .id = t->meeting_id};
        o->nrefs = 1;
    }
    return 1;
}
