/* reminders.c — the home screen's 待办提醒 (see reminders.h). The rules themselves are in
 * core (meeting_requirements); this gathers the data and words the lines. */
#include "zhibu/reminders.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/audit.h"
#include "zhibu/branch_rules.h"
#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/deadlines.h"
#include "zhibu/dues.h"
#include "zhibu/rules.h"
#include "zhibu/lifecycle.h"
#include "zhibu/meeting.h"
#include "zhibu/post_status.h"
#include "zhibu/screen.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_audit.h"
#include "zhibu/store_dues.h"
#include "zhibu/store_lifecycle.h"
#include "zhibu/store_meeting.h"
#include "zhibu/store_term.h"
#include "zhibu/store_pipeline.h"
#include "zhibu/util.h"

static int add(struct reminder *out, int n, int max, bool urgent, const char *text)
{
    if (n >= max) return n;
    zb_strlcpy(out[n].text, text, sizeof out[n].text);
    if (strlen(text) >= sizeof out[n].text) { /* a long topic or order: cut with a mark */
        zb_strlcpy(out[n].text, text, sizeof out[n].text - strlen("…"));
        strcat(out[n].text, "…");
    }
    out[n].urgent = urgent;
    return n + 1;
}

static int plan_lines(struct app *app, struct zdate today, struct reminder *out, int n, int max)
{
    struct zdate horizon = date_add_days(today, app->rules->plan_lookahead_days);
    char to[11];
    date_format(horizon, to);
    struct store_plan_list l;
    store_plan_list(app->store, app->branch_id, to, &l);
    struct meeting_plan *plans = l.v;
    int np = l.n;
    char line[1024];
    /* overdue first, then upcoming */
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < np; i++) {
            long days;
            if (!plan_days_left(plans[i].date, today, &days)) continue;
            int k = meeting_kind_of_code(plans[i].kind);
            const char *kind = k >= 0 ? meeting_kind_short((enum meeting_kind)k) : plans[i].kind;
            if (pass == 0 && days < 0) {
                snprintf(line, sizeof line, "计划已逾期 %ld 天：%s %s %s", -days, plans[i].date + 5, kind, plans[i].topic);
                n = add(out, n, max, true, line);
            } else if (pass == 1 && days >= 0) {
                if (days == 0)
                    snprintf(line, sizeof line, "今天：%s %s", kind, plans[i].topic);
                else
                    snprintf(line, sizeof line, "%ld 天后（%s）：%s %s", days, plans[i].date + 5, kind, plans[i].topic);
                n = add(out, n, max, false, line);
            }
        }
    free(plans);
    return n;
}

static int requirement_lines(struct app *app, struct zdate today, struct reminder *out, int n, int max)
{
    char from[11], to[11];
    date_format(date_year_start(today), from);
    date_format(today, to);
    struct meeting_fact *facts = NULL;
    int nf = 0;
    if (store_meeting_facts(app->store, app->branch_id, from, to, &facts, &nf) != STORE_OK) return n;
    int ng = 0;
    struct group *groups = screens_groups(app, &ng);
    int64_t *ids = xcalloc((size_t)ng + 1, sizeof *ids);
    int nreq = 0; /* the groups asked to meet this month (as the audit asks them) */
    for (int i = 0; i < ng; i++)
        if (group_meets_in_month(groups[i].start_date, groups[i].end_date, groups[i].member_count,
                                 today.y, today.m))
            ids[nreq++] = groups[i].id;
    /* one requirement per kind and one per group */
    struct requirement *reqs = xcalloc((size_t)ng + MK_COUNT, sizeof *reqs);
    int nr = meeting_requirements(facts, nf, ids, nreq, &app->rules->audit.freq, today, reqs, ng + MK_COUNT);
    free(facts);
    free(ids);
    char line[256];
    for (int i = 0; i < nr; i++) {
        const char *gname = "";
        for (int g = 0; g < ng; g++)
            if (groups[g].id == reqs[i].group_id) gname = groups[g].name;
        requirement_text(&reqs[i], gname, line, sizeof line);
        if (line[0]) n = add(out, n, max, reqs[i].days_left <= 7, line);
    }
    free(reqs);
    free(groups);
    return n;
}

/* Probationary members due for 转正 soon or overdue; mobile members out of contact or due to
 * transfer. */
static int member_lines(struct app *app, struct zdate today, struct reminder *out, int n, int max)
{
    const struct audit_rules *c = &app->rules->audit;
    char line[256];
    struct member_filter f = {.branch_id = app->branch_id, .status = "probationary"};
    int count = store_member_count(app->store, &f);
    if (count > 0) {
        struct member *ms = xcalloc((size_t)count, sizeof *ms);
        int nm = 0;
        store_member_page(app->store, &f, 0, count, ms, &nm);
        for (int i = 0; i < nm; i++) {
            struct probation_status ps;
            if (!probation_status_until(ms[i].join_date, ms[i].probation_until, today, c->probation_months,
                                        c->probation_remind_days, &ps))
                continue;
            char due[11];
            date_format(ps.due, due);
            if (ps.overdue) {
                snprintf(line, sizeof line, "%s 预备期已满 %ld 天，尚未转正（%s 到期）", ms[i].name, -ps.days_left, due);
                n = add(out, n, max, true, line);
            } else if (ps.remind) {
                snprintf(line, sizeof line, "%s 将于 %s 预备期满，%ld 天后应讨论转正", ms[i].name, due, ps.days_left);
                n = add(out, n, max, false, line);
            }
        }
        free(ms);
    }
    struct store_mobile_list ml;
    int rc = store_mobile_list(app->store, app->branch_id, &ml);
    struct mobile_info *mobiles = ml.v;
    int nmob = ml.n;
    if (rc == STORE_OK) {
        for (int i = 0; i < nmob; i++) {
            struct mobile_status ms;
            if (!mobile_status_of(mobiles[i].since, mobiles[i].last_contact, today, c->mobile_contact_months,
                                  c->mobile_transfer_months, &ms))
                continue;
            struct member m;
            if (store_member_get(app->store, mobiles[i].member_id, &m) != STORE_OK) continue;
            if (ms.contact_overdue) {
                snprintf(line, sizeof line, "流动党员 %s 已 %ld 天未联系", m.name, ms.days_since_contact);
                n = add(out, n, max, true, line);
            }
            if (ms.should_transfer) {
                snprintf(line, sizeof line, "流动党员 %s 外出已 %d 个月，应转出组织关系", m.name, ms.months_away);
                n = add(out, n, max, false, line);
            }
        }
    }
    free(mobiles);
    return n;
}

/* Members owing dues long enough for the rules to ask something of the branch. */
static int dues_lines(struct app *app, struct zdate today, struct reminder *out, int n, int max)
{
    int current = dues_ym_of_date(today);
    struct store_dues_member_list all;
    if (store_dues_member_list(app->store, app->branch_id, zmonth_from_index(current + 1), &all) != STORE_OK)
        return n;
    const struct dues_member *dm = all.v;
    int nd = all.n;
    struct dues_rules r;
    r = app->rules->audit.dues;
    int talk = 0, lapse = 0;
    for (int i = 0; i < nd; i++) {
        struct dues_status st;
        dues_status_of(&dm[i].f, current, &r, &st);
        if (st.lapse) lapse++;
        else if (st.needs_talk) talk++;
    }
    store_dues_member_list_free(&all);
    char line[256];
    if (lapse) {
        snprintf(line, sizeof line, "%d 名党员连续%d个月未交党费，待支部研究（3 党费 → a）", lapse, r.arrears_lapse_months);
        n = add(out, n, max, true, line);
    }
    if (talk) {
        snprintf(line, sizeof line, "%d 名党员欠交党费满%d个月，需谈话（3 党费 → a）", talk, r.arrears_talk_months);
        n = add(out, n, max, true, line);
    }
    return n;
}

/* Post holders whose report is overdue, and coverage under the configured share. */
static int post_lines(struct app *app, struct reminder *out, int n, int max)
{
    struct post_status ps;
    if (post_status_load(app, &ps) != 0) return n;
    char line[256];
    if (ps.overdue) {
        snprintf(line, sizeof line, "%d 名在岗党员超过 %d 个月未汇报履职情况（4 设岗定责 → o）", ps.overdue,
                 app->rules->audit.post_report_months);
        n = add(out, n, max, true, line);
    }
    if (ps.coverage.eligible > 0 && ps.coverage.percent < app->rules->audit.post_coverage_percent) {
        snprintf(line, sizeof line, "设岗覆盖率 %d%%，%d 名无职党员未设岗（4 设岗定责 → n）", ps.coverage.percent,
                 ps.coverage.eligible - ps.coverage.covered);
        n = add(out, n, max, false, line);
    }
    post_status_free(&ps);
    return n;
}

/* Rectification orders the township gave this branch, not yet confirmed. */
static int rectify_lines(struct app *app, struct zdate today, struct reminder *out, int n, int max)
{
    struct store_rectification_list rl;
    store_rectification_list(app->store, app->branch_id, NULL, true, &rl);
    struct rectification *r = rl.v;
    int nr = rl.n;
    char line[1024];
    for (int i = 0; i < nr; i++) {
        const char *label = audit_item_label(r[i].item);
        bool late = rectify_overdue(r[i].status, r[i].deadline, today);
        if (strcmp(r[i].status, "done") == 0)
            snprintf(line, sizeof line, "整改 %s %s：已报完成，待审查员确认", r[i].month, label);
        else
            snprintf(line, sizeof line, "整改 %s %s：%s（期限 %s%s）", r[i].month, label, r[i].order_text,
                     r[i].deadline, late ? "，已逾期" : "");
        n = add(out, n, max, strcmp(r[i].status, "open") == 0, line);
    }
    free(r);
    return n;
}

/* 换届 (issue 19): from term_remind_months1 and term_remind_months2 before the committee's
 * term ends, and after it (urgent); nothing when no term is recorded. */
static int term_lines(struct app *app, struct zdate today, struct reminder *out, int n, int max)
{
    struct committee_term t;
    struct zdate elected;
    if (store_term_current(app->store, app->branch_id, &t) != STORE_OK ||
        !date_parse(t.elected_date, &elected))
        return n;
    struct zdate end = term_end(elected, t.term_years);
    enum term_state ts = term_state_on(end, today, &app->rules->audit.people);
    if (ts < TERM_REMIND1) return n;
    char line[256], e[DATE_STR_LEN];
    date_format(end, e);
    long left = date_diff_days(end, today);
    if (ts == TERM_OVERDUE)
        snprintf(line, sizeof line, "支委会任期届满已 %ld 天，尚未换届（8 → e）：%s 届满", -left, e);
    else
        snprintf(line, sizeof line, "支委会任期还有 %ld 天届满，准备换届（8 → e）：%s 届满", left, e);
    return add(out, n, max, ts == TERM_OVERDUE, line);
}

/* 发展党员: who is due for what (cand_due_of, core, as the store fills it): what is overdue
 * (urgent), a talk or an approval waiting, one who may now become 发展对象, and what falls due
 * within the plans' look-ahead (a 考察). */
static int pipeline_lines(struct app *app, struct zdate today, struct reminder *out, int n, int max)
{
    struct store_candidate_list l = {0};
    if (store_candidate_list(app->store, app->branch_id, false, today, &app->rules->audit.people, &l) != STORE_OK)
        return n;
    char line[512];
    for (int i = 0; i < l.n; i++) {
        const struct cand_due *d = &l.v[i].due;
        if (d->next == STEP_COUNT || !d->text[0]) continue;
        bool show = d->overdue || d->next == STEP_TALK || d->next == STEP_APPROVE || d->next == STEP_CANDIDATE;
        if (!show && d->by.y != 0) show = date_diff_days(d->by, today) <= app->rules->plan_lookahead_days;
        if (!show) continue;
        snprintf(line, sizeof line, "%s：%s（0 发展党员）", l.v[i].name, d->text);
        n = add(out, n, max, d->overdue, line);
    }
    store_candidate_list_free(&l);
    return n;
}

int reminders_collect(struct app *app, struct reminder *out, int max)
{
    if (!app->branch_id) return 0;
    struct zdate today = clock_today();
    int n = rectify_lines(app, today, out, 0, max);
    n = plan_lines(app, today, out, n, max);
    n = requirement_lines(app, today, out, n, max);
    n = member_lines(app, today, out, n, max);
    n = pipeline_lines(app, today, out, n, max);
    n = dues_lines(app, today, out, n, max);
    n = post_lines(app, out, n, max);
    n = term_lines(app, today, out, n, max);
    /* urgent first, otherwise in the order gathered */
    struct reminder *tmp = xcalloc((size_t)(n > 0 ? n : 1), sizeof *tmp);
    int k = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < n; i++)
            if (out[i].urgent == (pass == 0)) tmp[k++] = out[i];
    memcpy(out, tmp, (size_t)n * sizeof *out);
    free(tmp);
    return n;
}
