/* meeting_freq.c — what the meeting rules still require in the current month, quarter or year
 * (core: pure). Feeds the home screen's reminders and the audit.
 *
 * Counting: a record counts for kind k when its kind is k or its also-counts-as mask has k
 * (a 党员大会 held on the 主题党日 with a 党课 counts for all three), when it is not voided,
 * and when it is dated from the period's first day up to and including `on` (a record dated
 * after `on` does not count yet). A group meeting counts only for its own group
 * (fact.group_id); a record that also counts as a group meeting without naming a group counts
 * for no group.
 *
 * Wording of requirement_text (period 本月 / 本季度 / 本年度; the verb is 开展 for 主题党日 and
 * 民主评议党员, which are activities, and 召开 for the meetings):
 *   none held:   "本季度尚未召开支部党员大会，还剩 9 天"
 *                "第一党小组本月尚未召开党小组会，还剩 10 天"
 *                "本月尚未开展主题党日，还剩 3 天"
 *   some held:   "本季度支部党员大会已开 1 次，应开 2 次，还剩 9 天"
 *                "本月主题党日已开展 1 次，应开展 2 次，还剩 3 天"
 *   enough held: "" */
#include "zhibu/meeting.h"

#include <stdio.h>

#include "zhibu/util.h"

static bool fact_counts(const struct meeting_fact *f, enum meeting_kind k, int64_t group_id,
                        struct zdate from, struct zdate on)
{
    if (f->voided) return false;
    if (f->kind != k && !(f->also_mask & MK_BIT(k))) return false;
    if (k == MK_GROUP && (f->group_id == 0 || f->group_id != group_id)) return false;
    return date_cmp(f->date, from) >= 0 && date_cmp(f->date, on) <= 0;
}

static void fill(struct requirement *q, const struct meeting_fact *facts, int nfacts,
                 enum meeting_kind k, enum period p, int64_t group_id, int required,
                 struct zdate on)
{
    q->kind = k;
    q->period = p;
    q->group_id = group_id;
    q->required = required;
    switch (p) {
    case PERIOD_MONTH:
        q->period_start = date_month_start(on);
        q->period_end = date_month_end(on);
        break;
    case PERIOD_QUARTER:
        q->period_start = date_quarter_start(on);
        q->period_end = date_quarter_end(on);
        break;
    case PERIOD_YEAR:
    default:
        q->period_start = date_year_start(on);
        q->period_end = date_year_end(on);
        break;
    }
    /* `on` itself is a day still available: on the period's last day one day is left. */
    q->days_left = (int)date_diff_days(q->period_end, on) + 1;
    q->held = 0;
    for (int i = 0; facts && i < nfacts; i++)
        if (fact_counts(&facts[i], k, group_id, q->period_start, on)) q->held++;
}

int meeting_requirements(const struct meeting_fact *facts, int nfacts, const int64_t *groups,
                         int ngroups, const struct meeting_freq_rules *r, struct zdate on,
                         struct requirement *out, int max)
{
    if (!r || !out || max <= 0 || !date_valid(on)) return 0;
    int n = 0;
#define RULE(k, p, gid, req)                                                                 \
    do {                                                                                     \
        if ((req) > 0 && n < max) fill(&out[n++], facts, nfacts, (k), (p), (gid), (req), on); \
    } while (0)
    RULE(MK_GENERAL, PERIOD_QUARTER, 0, r->general_per_quarter);
    RULE(MK_COMMITTEE, PERIOD_MONTH, 0, r->committee_per_month);
    for (int g = 0; groups && g < ngroups; g++)
        RULE(MK_GROUP, PERIOD_MONTH, groups[g], r->group_per_month);
    RULE(MK_LECTURE, PERIOD_QUARTER, 0, r->lecture_per_quarter);
    RULE(MK_THEME_DAY, PERIOD_MONTH, 0, r->theme_day_per_month);
    RULE(MK_LIFE_MEETING, PERIOD_YEAR, 0, r->life_meeting_per_year);
    RULE(MK_APPRAISAL, PERIOD_YEAR, 0, r->appraisal_per_year);
#undef RULE
    return n;
}

void requirement_text(const struct requirement *q, const char *group_name, char *out,
                      size_t outsz)
{
    if (!out || outsz == 0) return;
    out[0] = '\0';
    if (!q || q->held >= q->required) return;
    const char *period = q->period == PERIOD_MONTH     ? "本月"
                         : q->period == PERIOD_QUARTER ? "本季度"
                                                       : "本年度";
    bool activity = q->kind == MK_THEME_DAY || q->kind == MK_APPRAISAL;
    const char *who = q->kind == MK_GROUP && group_name ? group_name : "";
    const char *label = meeting_kind_label(q->kind);
    char buf[512];
    if (q->held <= 0)
        snprintf(buf, sizeof buf, "%s%s尚未%s%s，还剩 %d 天", who, period, activity ? "开展" : "召开",
                 label, q->days_left);
    else
        snprintf(buf, sizeof buf, "%s%s%s已开%s %d 次，应开%s %d 次，还剩 %d 天", who, period, label,
                 activity ? "展" : "", q->held, activity ? "展" : "", q->required, q->days_left);
    zb_strlcpy(out, buf, outsz); /* never splits a character */
}
