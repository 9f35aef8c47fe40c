/* audit.c — 月审: the monthly review engine (core: pure). Judges one branch's month from the
 * facts the store loaded (struct audit_input); every rule number comes from struct audit_rules.
 * The rules themselves live in their modules — meeting_requirements() counts meetings,
 * meeting_is_late() decides 补记, probation_status_of() / mobile_status_of() the members,
 * dues_month_of() / dues_status_of() the dues, post_coverage() / post_report_due() the posts —
 * and this file only decides what each answer means for the month.
 *
 * Days used:
 *   month end  the month's last day; the month is over when today > month end.
 *   as of      month end, or today when today is earlier (a month in progress is judged as it
 *              stands today): probation, mobile contact, post coverage and reports.
 *   roster     a member is on the roster on day d when join_date <= d and leave_date is ""
 *              or after d (the day of leaving is off the roster). `members` and the members
 *              item count those on the roster at month end.
 *
 * Items:
 *   三会一课  per rule with required > 0 (meeting_requirements on month end): committee and
 *             each group this month (a group that stood the whole month and had members at its
 *             end: group_meets_in_month) — short: 未达标 once the month is over ("10月未召开支部委员会"),
 *             else 待定 ("本月尚未召开支部委员会"); general meeting and lecture this quarter up to
 *             month end — short: 未达标 only when the audited month is the quarter's last and
 *             it is over ("第四季度未召开支部党员大会"), else 待定 ("本季度尚未召开支部党员大会
 *             （季末前待定）"). A ledger that began after the period's first day (since) makes a
 *             shortfall 待定, since the earlier part was kept on paper ("…（台账自10月20日建立）").
 *             December: the year's people rules (year_rules.h) over the members on the roster
 *             at month end — those with fewer than talk_per_year 谈心谈话 (named with their
 *             counts, "本年度谈心谈话不足1次的党员2名：张三（0次）、李四（0次）"), each secretary
 *             with fewer than secretary_lectures_per_year 党课 ("书记张三本年度讲党课0次，应讲1次");
 *             未达标 once December is over, else 待定 "（年末前待定）"; 待定 "（台账自…建立）"
 *             when the ledger began after January 1.
 *   主题党日  as the committee rule with theme_day_per_month.
 *   记录规范  records dated in the month: 要素不全 (missing_mask), 不足法定人数 (QUORUM_NOT_MET),
 *             补记 (meeting_is_late) — one reason each, failing; no records is 达标 here (the
 *             meeting items catch absence).
 *   党员管理  members on the roster at month end: probationary overdue for 转正 as of the day;
 *             mobile members whose contact is overdue as of the day. Failing.
 *   党费收缴  The month's dues: every member given (on the roster at some time during the
 *             month) for whom dues_month_of says the month is due (not 不计) — so one who
 *             joined or left during the month owes it, as the dues rules say. Once the month is
 *             over, those UNPAID or PARTLY and not covered by an approved 缓交 fail ("5名党员10月
 *             党费未交清"); before that nothing is said about the month. dues_expected /
 *             dues_collected sum due and paid (paid capped at due, so the rate stays <= 100%)
 *             over the same members. Arrears: members on the roster at month end, with
 *             dues_status_of as at the month after (month over) or the month itself (not over,
 *             so the month in progress is not yet owed): needs_talk and lapse fail. An
 *             employed or retired member owing the month without a base (dues_base_needed:
 *             nothing can be due, so nothing unpaid) fails at once: "2名党员未核定党费基数".
 *   设岗定责  post_coverage as of the day over the members given (on_roster on that day);
 *             percent < post_coverage_percent with anyone eligible fails (refs: the eligible
 *             members not covered). Holdings current on the day, of a member on the roster,
 *             whose report (post_report_due as of the day) is overdue fail (refs: holdings;
 *             the count is of members).
 * A branch whose ledger begins after month end, or a month with nobody on the roster at month
 * end, is 待定 throughout with one reason per item. State per item: 未达标 if a reason fails,
 * else 待定 if a reason is pending, else 达标. Score = 100 - weights of failed items, >= 0. */
#include "zhibu/audit.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/branch_rules.h"
#include "zhibu/lifecycle.h"
#include "zhibu/posts.h"
#include "zhibu/util.h"
#include "zhibu/year_rules.h"

const struct code_label AUDIT_ITEMS[] = {
    {"meetings", "三会一课"},
    {"theme_day", "主题党日"},
    {"records", "记录规范"},
    {"members", "党员管理"},
    {"dues", "党费收缴"},
    {"posts", "设岗定责"},
    {NULL, NULL},
};

const struct code_label VERDICTS[] = {
    {"pass", "合格"},
    {"rectify", "需整改"},
    {"fail", "不合格"},
    {NULL, NULL},
};

const struct code_label RECTIFY_STATES[] = {
    {"open", "整改中"},
    {"done", "已整改待确认"},
    {"confirmed", "已确认"},
    {NULL, NULL},
};

static const char *const ITEM_SHORT[AI_COUNT] = {
    [AI_MEETINGS] = "三会", [AI_THEME_DAY] = "党日", [AI_RECORDS] = "记录",
    [AI_MEMBERS] = "党员",  [AI_DUES] = "党费",      [AI_POSTS] = "设岗",
};

const char *audit_item_short(enum audit_item i)
{
    return (unsigned)i < AI_COUNT ? ITEM_SHORT[i] : "";
}

int audit_item_of_code(const char *code)
{
    return code ? code_index(AUDIT_ITEMS, code) : -1;
}

const char *audit_item_label(const char *code)
{
    int i = audit_item_of_code(code);
    if (i >= 0) return AUDIT_ITEMS[i].label;
    if (code && strcmp(code, "overall") == 0) return "总体";
    return "其他项目";
}

const char *audit_state_label(enum audit_state s)
{
    switch (s) {
    case AS_PASS: return "达标";
    case AS_FAIL: return "未达标";
    case AS_PENDING: return "待定";
    }
    return "";
}

const char *audit_state_mark(enum audit_state s)
{
    switch (s) {
    case AS_PASS: return "✓";
    case AS_FAIL: return "✗";
    case AS_PENDING: return "△";
    }
    return "";
}

/* ---- building the result ---- */

struct build {
    struct audit_result *out;
    int cap;
    bool pending[AI_COUNT];
};

static struct audit_reason *add_reason(struct build *b, enum audit_item item, bool fails,
                                       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Appends a reason; the pointer is valid until the next add_reason. */
static struct audit_reason *add_reason(struct build *b, enum audit_item item, bool fails,
                                       const char *fmt, ...)
{
    struct audit_result *o = b->out;
    if (o->nreasons == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 8;
        o->reasons = xrealloc(o->reasons, (size_t)b->cap * sizeof *o->reasons);
    }
    struct audit_reason *r = &o->reasons[o->nreasons++];
    memset(r, 0, sizeof *r);
    r->item = item;
    r->fails = fails;
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    zb_strlcpy(r->text, buf, sizeof r->text);
    if (!fails) b->pending[item] = true;
    return r;
}

static void add_ref(struct audit_reason *r, enum audit_ref_kind kind, int64_t id)
{
    if (r->nrefs < AUDIT_MAX_REFS) r->refs[r->nrefs++] = (struct audit_ref){kind, id};
}

/* ---- days and the roster ---- */

static bool parse_opt(const char *s, struct zdate *d)
{
    return s && s[0] && date_parse(s, d);
}

/* A member's roster dates, parsed once per branch (the rules ask about them several times). */
struct roster {
    bool has_join, has_leave;
    struct zdate join, leave;
};

static struct roster roster_of(const struct audit_member *m)
{
    struct roster r = {0};
    r.has_join = parse_opt(m->join_date, &r.join);
    r.has_leave = parse_opt(m->leave_date, &r.leave);
    return r;
}

static bool on_roster(const struct roster *r, struct zdate day)
{
    if (!r->has_join || date_cmp(r->join, day) > 0) return false;
    return !r->has_leave || date_cmp(r->leave, day) > 0;
}

/* date_format without snprintf (the rules take dates as text; this runs for every record and
 * holding of the month). */
static void format_date(struct zdate d, char out[DATE_STR_LEN])
{
    int y = d.y < 0 ? 0 : d.y > 9999 ? 9999 : d.y;
    int m = d.m < 0 ? 0 : d.m > 99 ? 99 : d.m;
    int dd = d.d < 0 ? 0 : d.d > 99 ? 99 : d.d;
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + dd / 10);
    out[9] = (char)('0' + dd % 10);
    out[10] = '\0';
}

static const char *const QUARTER_NAMES[4] = {"第一季度", "第二季度", "第三季度", "第四季度"};

/* ---- 三会一课 and 主题党日 ---- */

/* 开展 for activities (as requirement_text), 召开 for meetings. */
static const char *verb_of(enum meeting_kind k)
{
    return k == MK_THEME_DAY || k == MK_LECTURE || k == MK_APPRAISAL ? "开展" : "召开";
}

struct period_ctx {
    int month;
    bool month_over;
    bool quarter_closed;       /* the audited month is the quarter's last and it is over */
    bool since_valid;
    struct zdate since;
};

/* One requirement's verdict: nothing when met, else a failing or pending reason. */
static void judge_requirement(struct build *b, enum audit_item item, const struct requirement *q,
                              const struct period_ctx *p, const char *group_name, int64_t group_id)
{
    if (q->held >= q->required) return;
    bool quarter = q->period == PERIOD_QUARTER;
    bool closed = quarter ? p->quarter_closed : p->month_over;
    bool late_ledger = p->since_valid && date_cmp(p->since, q->period_start) > 0;
    const char *who = group_name ? group_name : "";
    const char *label = meeting_kind_label(q->kind);
    const char *verb = verb_of(q->kind);
    char period[32];
    struct audit_reason *r;
    if (closed) {
        if (quarter) snprintf(period, sizeof period, "%s", QUARTER_NAMES[(q->period_start.m - 1) / 3]);
        else snprintf(period, sizeof period, "%d月", p->month);
        char ledger[64] = "";
        if (late_ledger)
            snprintf(ledger, sizeof ledger, "（台账自%d月%d日建立）", p->since.m, p->since.d);
        if (q->held == 0)
            r = add_reason(b, item, !late_ledger, "%s%s未%s%s%s", who, period, verb, label, ledger);
        else
            r = add_reason(b, item, !late_ledger, "%s%s%s仅%s%d次，应%s%d次%s", who, period, label,
                           verb, q->held, verb, q->required, ledger);
    } else {
        const char *when = quarter ? "本季度" : "本月";
        const char *note = quarter ? "（季末前待定）" : "";
        if (q->held == 0)
            r = add_reason(b, item, false, "%s%s尚未%s%s%s", who, when, verb, label, note);
        else
            r = add_reason(b, item, false, "%s%s%s已%s%d次，应%s%d次%s", who, when, label, verb,
                           q->held, verb, q->required, note);
    }
    if (group_id) add_ref(r, REF_GROUP, group_id);
}

static void judge_meetings(struct build *b, const struct audit_input *in, const struct audit_rules *ru,
                           struct zdate month_end, const struct period_ctx *p)
{
    int nf = in->meetings ? in->nmeetings : 0;
    struct meeting_fact *facts = xcalloc((size_t)(nf > 0 ? nf : 1), sizeof *facts);
    for (int i = 0; i < nf; i++) facts[i] = in->meetings[i].f;
    int ng = in->groups ? in->ngroups : 0;
    int64_t *gids = xcalloc((size_t)(ng > 0 ? ng : 1), sizeof *gids);
    int nreq = 0; /* the groups that must meet this month */
    for (int g = 0; g < ng; g++) {
        const struct audit_group *gr = &in->groups[g];
        if (group_meets_in_month(gr->start_date, gr->end_date, gr->members, in->year, in->month))
            gids[nreq++] = gr->id;
    }
    int max = 8 + ng;
    struct requirement *reqs = xcalloc((size_t)max, sizeof *reqs);
    int n = meeting_requirements(facts, nf, gids, nreq, &ru->freq, month_end, reqs, max);

    /* 三会一课: committee, groups, general meeting, lecture — in that order of reasons. */
    static const enum meeting_kind ORDER[] = {MK_COMMITTEE, MK_GROUP, MK_GENERAL, MK_LECTURE};
    for (size_t k = 0; k < ZB_ARRAY_LEN(ORDER); k++) {
        for (int i = 0; i < n; i++) {
            if (reqs[i].kind != ORDER[k]) continue;
            const char *gname = NULL;
            if (reqs[i].kind == MK_GROUP)
                for (int g = 0; g < ng; g++)
                    if (in->groups[g].id == reqs[i].group_id) gname = in->groups[g].name;
            judge_requirement(b, AI_MEETINGS, &reqs[i], p, gname, reqs[i].kind == MK_GROUP ? reqs[i].group_id : 0);
        }
    }
    for (int i = 0; i < n; i++)
        if (reqs[i].kind == MK_THEME_DAY) judge_requirement(b, AI_THEME_DAY, &reqs[i], p, NULL, 0);

    free(reqs);
    free(gids);
    free(facts);
}

/* December: talks with each member and the secretary's lectures over the year. */
static void judge_year(struct build *b, const struct audit_input *in, const struct audit_rules *ru,
                       struct zdate month_end, const struct period_ctx *p)
{
    int nm = in->members ? in->nmembers : 0;
    struct year_person *yp = xcalloc((size_t)(nm > 0 ? nm : 1), sizeof *yp);
    int n = audit_year_people(in, yp); /* on the roster at month end */
    bool late_ledger = p->since_valid && date_cmp(p->since, date_year_start(month_end)) > 0;
    bool fails = p->month_over && !late_ledger;
    char note[64] = "";
    if (late_ledger) snprintf(note, sizeof note, "（台账自%d月%d日建立）", p->since.m, p->since.d);
    else if (!p->month_over) zb_strlcpy(note, "（年末前待定）", sizeof note);
    int *idx = xcalloc((size_t)(n > 0 ? n : 1), sizeof *idx);
    int nshort = year_talks_short(yp, n, ru->talk_per_year, idx);
    if (nshort > 0) {
        char text[sizeof ((struct audit_reason *)0)->text];
        year_talks_text(yp, idx, nshort, ru->talk_per_year, !p->month_over, note, text, sizeof text);
        struct audit_reason *r = add_reason(b, AI_MEETINGS, fails, "%s", text);
        for (int k = 0; k < nshort; k++) add_ref(r, REF_MEMBER, yp[idx[k]].id);
    }
    for (int k = 0; k < n; k++) {
        if (!year_lectures_short(&yp[k], ru->secretary_lectures_per_year)) continue;
        char text[sizeof ((struct audit_reason *)0)->text];
        year_lecture_text(&yp[k], ru->secretary_lectures_per_year, note, text, sizeof text);
        add_ref(add_reason(b, AI_MEETINGS, fails, "%s", text), REF_MEMBER, yp[k].id);
    }
    free(idx);
    free(yp);
}

/* ---- 记录规范 ---- */

static bool in_month(struct zdate d, struct zdate start, struct zdate end)
{
    return date_cmp(d, start) >= 0 && date_cmp(d, end) <= 0;
}

static void judge_records(struct build *b, const struct audit_input *in, const struct audit_rules *ru,
                          struct zdate start, struct zdate end)
{
    static const char *const WHAT[3] = {"要素不全", "不足法定人数", "补记"};
    for (int what = 0; what < 3; what++) {
        int count = 0;
        struct audit_ref refs[AUDIT_MAX_REFS];
        int nrefs = 0;
        for (int i = 0; in->meetings && i < in->nmeetings; i++) {
            const struct audit_meeting *m = &in->meetings[i];
            if (m->f.voided || !in_month(m->f.date, start, end)) continue;
            bool hit;
            if (what == 0) hit = m->missing_mask != 0;
            else if (what == 1) hit = m->quorum == QUORUM_NOT_MET;
            else {
                char date[DATE_STR_LEN];
                format_date(m->f.date, date);
                hit = meeting_is_late(date, m->created_at, ru->late_entry_days);
            }
            if (!hit) continue;
            count++;
            if (nrefs < AUDIT_MAX_REFS) refs[nrefs++] = (struct audit_ref){REF_MEETING, m->id};
        }
        if (count == 0) continue;
        struct audit_reason *r = add_reason(b, AI_RECORDS, true, "%d条记录%s", count, WHAT[what]);
        memcpy(r->refs, refs, (size_t)nrefs * sizeof refs[0]);
        r->nrefs = nrefs;
    }
}

/* ---- 党员管理 ---- */

struct ref_list {
    int count;
    struct audit_ref refs[AUDIT_MAX_REFS];
    int nrefs;
};

static void ref_list_add(struct ref_list *l, enum audit_ref_kind kind, int64_t id)
{
    l->count++;
    if (l->nrefs < AUDIT_MAX_REFS) l->refs[l->nrefs++] = (struct audit_ref){kind, id};
}

static void reason_from_list(struct audit_reason *r, const struct ref_list *l)
{
    memcpy(r->refs, l->refs, (size_t)l->nrefs * sizeof l->refs[0]);
    r->nrefs = l->nrefs;
}


static void judge_members(struct build *b, const struct audit_input *in, const struct roster *ro,
                          const struct audit_rules *ru, struct zdate month_end, struct zdate as_of)
{
    struct ref_list overdue = {0}, uncontacted = {0};
    for (int i = 0; in->members && i < in->nmembers; i++) {
        const struct audit_member *m = &in->members[i];
        if (!on_roster(&ro[i], month_end)) continue;
        struct probation_status ps;
        if (m->probationary &&
            probation_status_until(m->join_date, m->probation_until, as_of, ru->probation_months,
                                   ru->probation_remind_days, &ps) &&
            ps.overdue)
            ref_list_add(&overdue, REF_MEMBER, m->id);
        struct mobile_status ms;
        if (m->mobile && m->mobile_since &&
            mobile_status_of(m->mobile_since, m->last_contact ? m->last_contact : "", as_of,
                             ru->mobile_contact_months, ru->mobile_transfer_months, &ms) &&
            ms.contact_overdue)
            ref_list_add(&uncontacted, REF_MEMBER, m->id);
    }
    if (overdue.count)
        reason_from_list(add_reason(b, AI_MEMBERS, true, "%d名预备党员超期未转正", overdue.count), &overdue);
    if (uncontacted.count)
        reason_from_list(add_reason(b, AI_MEMBERS, true, "%d名流动党员超过%d个月未联系", uncontacted.count,
                                    ru->mobile_contact_months),
                         &uncontacted);
}

/* ---- 党费收缴 ---- */

static void judge_dues(struct build *b, const struct audit_input *in, const struct roster *ro,
                       const struct audit_rules *ru, struct zdate month_end, bool month_over)
{
    struct audit_result *o = b->out;
    int ym = dues_ym(in->year, in->month);
    int now_ym = month_over ? ym + 1 : ym;
    struct ref_list unpaid = {0}, talk = {0}, lapse = {0}, unbased = {0};
    for (int i = 0; in->members && i < in->nmembers; i++) {
        const struct audit_member *m = &in->members[i];
        if (!ro[i].has_join || date_cmp(ro[i].join, month_end) > 0) continue;
        struct dues_month dm = dues_month_of(&m->dues, ym, now_ym, &ru->dues);
        /* 在职/离退休 without a base: nothing can be due, so nothing can be unpaid — the base
         * itself is the problem (shown 待核 in the dues screens). */
        if (dues_base_needed(&m->dues, ym)) ref_list_add(&unbased, REF_MEMBER, m->id);
        if (dm.state != DUES_NOT_DUE) {
            o->dues_expected += dm.due;
            o->dues_collected += dm.paid < dm.due ? dm.paid : dm.due;
            if (month_over && (dm.state == DUES_UNPAID || dm.state == DUES_PARTLY) && !dm.deferred)
                ref_list_add(&unpaid, REF_MEMBER, m->id);
        }
        if (!on_roster(&ro[i], month_end)) continue;
        /* Months before the ledger's start are not due, so starting the walk there gives the
         * same arrears flags without walking decades of paper years. */
        struct dues_facts df = m->dues;
        if (df.start_ym > df.join_ym) df.join_ym = df.start_ym;
        struct dues_status st;
        dues_status_of(&df, now_ym, &ru->dues, &st);
        if (st.needs_talk) ref_list_add(&talk, REF_MEMBER, m->id);
        if (st.lapse) ref_list_add(&lapse, REF_MEMBER, m->id);
    }
    if (unbased.count)
        reason_from_list(add_reason(b, AI_DUES, true, "%d名党员未核定党费基数", unbased.count),
                         &unbased);
    if (unpaid.count)
        reason_from_list(add_reason(b, AI_DUES, true, "%d名党员%d月党费未交清", unpaid.count, in->month),
                         &unpaid);
    if (talk.count)
        reason_from_list(add_reason(b, AI_DUES, true, "%d名党员欠交党费满%d个月", talk.count,
                                    ru->dues.arrears_talk_months),
                         &talk);
    if (lapse.count)
        reason_from_list(add_reason(b, AI_DUES, true, "%d名党员连续%d个月未交党费", lapse.count,
                                    ru->dues.arrears_lapse_months),
                         &lapse);
}

/* ---- 设岗定责 ---- */

/* The index of member id in cm (the branch's members), -1 if not there. */
static int member_by_id(const struct coverage_member *cm, int nm, int64_t id)
{
    for (int i = 0; i < nm; i++)
        if (cm[i].id == id) return i;
    return -1;
}

static void judge_posts(struct build *b, const struct audit_input *in, const struct roster *ro,
                        const struct audit_rules *ru, struct zdate as_of)
{
    struct audit_result *o = b->out;
    int nm = in->members ? in->nmembers : 0;
    int nh = in->holdings ? in->nholdings : 0;
    struct coverage_member *cm = xcalloc((size_t)(nm > 0 ? nm : 1), sizeof *cm);
    bool *covered = xcalloc((size_t)(nm > 0 ? nm : 1), sizeof *covered);
    struct coverage_hold *ch = xcalloc((size_t)(nh > 0 ? nh : 1), sizeof *ch);
    for (int i = 0; i < nm; i++) {
        const struct audit_member *m = &in->members[i];
        cm[i] = (struct coverage_member){.id = m->id, .has_office = m->has_office,
                                         .on_roster = on_roster(&ro[i], as_of), .excused = m->post_excused};
    }
    for (int i = 0; i < nh; i++)
        ch[i] = (struct coverage_hold){.member_id = in->holdings[i].member_id,
                                       .claimed = in->holdings[i].claimed,
                                       .ended = in->holdings[i].ended};
    struct coverage cov;
    post_coverage(cm, nm, ch, nh, as_of, &cov, covered);
    o->post_eligible = cov.eligible;
    o->post_covered = cov.covered;
    if (cov.eligible > 0 && cov.percent < ru->post_coverage_percent) {
        struct audit_reason *r = add_reason(b, AI_POSTS, true, "设岗覆盖率%d%%，低于%d%%", cov.percent,
                                            ru->post_coverage_percent);
        for (int i = 0; i < nm; i++)
            if (cm[i].on_roster && !cm[i].has_office && !cm[i].excused && !covered[i])
                add_ref(r, REF_MEMBER, cm[i].id);
    }

    /* Overdue reports: holdings current on the day, of a member on the roster. */
    struct ref_list late = {0};
    int64_t *seen = xcalloc((size_t)(nh > 0 ? nh : 1), sizeof *seen);
    int nseen = 0;
    for (int i = 0; i < nh; i++) {
        const struct audit_holding *h = &in->holdings[i];
        if (!date_valid(h->claimed) || date_cmp(h->claimed, as_of) > 0) continue;
        if (date_valid(h->ended) && date_cmp(h->ended, as_of) <= 0) continue;
        int mi = member_by_id(cm, nm, h->member_id);
        if (mi < 0 || !cm[mi].on_roster) continue;
        /* post_report_due's test on the dates themselves (the claim is a valid date, not a
         * text to format and parse again): the newer of the claim and the last report,
         * post_report_months on, is before as_of */
        struct zdate base = h->claimed, rep;
        if (h->last_report && h->last_report[0] && date_parse(h->last_report, &rep) && date_cmp(rep, base) > 0)
            base = rep;
        if (date_cmp(date_add_months(base, ru->post_report_months), as_of) >= 0) continue;
        if (late.nrefs < AUDIT_MAX_REFS) late.refs[late.nrefs++] = (struct audit_ref){REF_HOLDING, h->id};
        bool dup = false;
        for (int k = 0; k < nseen; k++) dup = dup || seen[k] == h->member_id;
        if (!dup) {
            seen[nseen++] = h->member_id;
            late.count++;
        }
    }
    if (late.count)
        reason_from_list(add_reason(b, AI_POSTS, true, "%d名在岗党员超过%d个月未汇报", late.count,
                                    ru->post_report_months),
                         &late);
    free(seen);
    free(ch);
    free(covered);
    free(cm);
}

/* ---- the month ---- */

void audit_branch(const struct audit_input *in, const struct audit_rules *ru, struct audit_result *out)
{
    memset(out, 0, sizeof *out);
    out->score = 100;
    for (int i = 0; i < AI_COUNT; i++) out->state[i] = AS_PENDING;
    if (!in || !ru) return;
    out->branch_id = in->branch_id;
    out->year = in->year;
    out->month = in->month;
    struct zdate start = {in->year, in->month, 1};
    if (!date_valid(start)) return;
    struct zdate end = date_month_end(start);
    /* No valid today: judge as if the month were over. */
    struct zdate today = date_valid(in->today) ? in->today : date_add_days(end, 1);
    bool over = date_cmp(today, end) > 0;
    struct zdate as_of = over ? end : today;

    struct build b = {.out = out};

    /* Records of each kind held in the month (kind or also-counts-as). */
    for (int i = 0; in->meetings && i < in->nmeetings; i++) {
        const struct meeting_fact *f = &in->meetings[i].f;
        if (f->voided || !in_month(f->date, start, end)) continue;
        for (int k = 0; k < MK_COUNT; k++)
            if (f->kind == (enum meeting_kind)k || (f->also_mask & MK_BIT(k))) out->meetings_held[k]++;
    }
    int nm = in->members ? in->nmembers : 0;
    struct roster *ro = xcalloc((size_t)(nm > 0 ? nm : 1), sizeof *ro);
    for (int i = 0; i < nm; i++) {
        ro[i] = roster_of(&in->members[i]);
        if (on_roster(&ro[i], end)) out->members++;
    }

    const char *blank = NULL;
    if (date_valid(in->since) && date_cmp(in->since, end) > 0) blank = "该月尚未建立台账";
    else if (out->members == 0) blank = "该月无在册党员";
    if (blank) {
        for (int i = 0; i < AI_COUNT; i++) add_reason(&b, (enum audit_item)i, false, "%s", blank);
        free(ro);
        return;
    }

    struct period_ctx p = {
        .month = in->month,
        .month_over = over,
        .quarter_closed = over && in->month % 3 == 0,
        .since_valid = date_valid(in->since),
        .since = in->since,
    };
    judge_meetings(&b, in, ru, end, &p);
    if (in->month == 12) judge_year(&b, in, ru, end, &p);
    judge_records(&b, in, ru, start, end);
    judge_members(&b, in, ro, ru, end, as_of);
    judge_dues(&b, in, ro, ru, end, over);
    judge_posts(&b, in, ro, ru, as_of);
    free(ro);
    /* issue 19: the pipeline, the appraisal, the committee's term, the remittance */
    if (in->people) {
        struct audit_reason pr[AUDIT_PEOPLE_MAX_REASONS];
        int np = audit_people_reasons(in, ru, pr, AUDIT_PEOPLE_MAX_REASONS);
        for (int k = 0; k < np; k++) {
            struct audit_reason *r = add_reason(&b, pr[k].item, pr[k].fails, "%s", pr[k].text);
            for (int j = 0; j < pr[k].nrefs; j++) add_ref(r, pr[k].refs[j].kind, pr[k].refs[j].id);
        }
    }

    /* Reasons were added item by item except 主题党日 (added with the meetings): keep item order. */
    for (int i = 1; i < out->nreasons; i++) {
        struct audit_reason tmp = out->reasons[i];
        int j = i - 1;
        while (j >= 0 && out->reasons[j].item > tmp.item) {
            out->reasons[j + 1] = out->reasons[j];
            j--;
        }
        out->reasons[j + 1] = tmp;
    }

    int score = 100;
    for (int i = 0; i < AI_COUNT; i++) {
        bool fails = false;
        for (int k = 0; k < out->nreasons; k++)
            if (out->reasons[k].item == (enum audit_item)i && out->reasons[k].fails) fails = true;
        out->state[i] = fails ? AS_FAIL : b.pending[i] ? AS_PENDING : AS_PASS;
        if (fails) {
            out->deduction[i] = ru->weight[i] > 0 ? ru->weight[i] : 0;
            score -= out->deduction[i];
        }
    }
    out->score = score < 0 ? 0 : score;
}

int audit_year_people(const struct audit_input *in, struct year_person *out)
{
    struct zdate start = {in->year, in->month, 1};
    if (!date_valid(start) || !in->members) return 0;
    struct zdate end = date_month_end(start);
    int n = 0;
    for (int i = 0; i < in->nmembers; i++) {
        const struct audit_member *m = &in->members[i];
        struct roster ro = roster_of(m);
        if (!on_roster(&ro, end)) continue;
        /* a member who joined or was transferred in during December (or later) has not had
         * the year to be talked with: the yearly rules ask nothing of them yet */
        struct zdate dec1 = {in->year, 12, 1}, joined;
        if (date_parse(m->join_date, &joined) && date_cmp(joined, dec1) >= 0) continue;
        if (date_valid(m->arrived) && date_cmp(m->arrived, dec1) >= 0) continue;
        out[n++] = (struct year_person){.id = m->id, .name = m->name, .talks = m->talks,
                                        .lectures = m->lectures, .secretary = m->secretary};
    }
    return n;
}

void audit_result_free(struct audit_result *r)
{
    if (!r) return;
    free(r->reasons);
    r->reasons = NULL;
    r->nreasons = 0;
}

/* No failed item: pass (合格; 待定 items do not count against the branch). Some item failed:
 * rectify (需整改) while the score still reaches pass_score, else fail (不合格). The pass score
 * is the config's (rules, not NULL): there is no number of its own here. */
const char *audit_suggest_verdict(const struct audit_result *r, const struct audit_rules *rules)
{
    if (!r) return "pass";
    bool failed = false;
    for (int i = 0; i < AI_COUNT; i++)
        if (r->state[i] == AS_FAIL) failed = true;
    if (!failed) return "pass";
    return r->score >= rules->pass_score ? "rectify" : "fail";
}
