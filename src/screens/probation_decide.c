/* probation_decide.c — the end of probation decided (DOMAIN.md "Members over time"): 转正 (the
 * date and the 支部党员大会 that approved it), 延长预备期 or 取消预备党员资格, each asked step by step
 * and written by the store (store_lifecycle.h). The roster's z and the 发展党员 screens' z use it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/lifecycle.h"
#include "zhibu/meeting.h"
#include "zhibu/msg.h"
#include "zhibu/rules.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_lifecycle.h"
#include "zhibu/store_meeting.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

/* Picks the 支部党员大会 that decided (held from the member's admission to today, newest first);
 * with none_label (转正 only) a first option of no recorded meeting. Returns 1 with *id (0: none)
 * and date (the meeting's, "" for none), 0 when cancelled, -1 when there is nothing to pick. */
static int pick_deciding_meeting(struct app *app, const struct member *m, const char *title,
                                 const char *none_label, int64_t *id, char date[11])
{
    struct screens_meeting_pick q = {.kind = MK_GENERAL, .from = m->join_date, .title = title,
                                     .none_label = none_label};
    return screens_pick_meeting(app, &q, id, date);
}

/* The rules' word on the picked meeting, before anything is asked further (NULL: acceptable). */
static const char *meeting_refusal(enum probation_outcome o, const struct probation_case *c,
                                   int64_t id, const char *date, char *buf, size_t bufsz)
{
    struct zdate d = {0, 0, 0};
    if (id != 0 && !date_parse(date, &d)) return NULL; /* the store says what is wrong */
    return probation_meeting_check(o, c, id != 0, true, d, buf, bufsz);
}

/* 转正: the date and the general meeting that approved it (held once probation ended). */
static int make_full(struct app *app, const struct member *sel, const struct probation_case *c)
{
    struct member m = *sel;
    struct probation_rules rules = app->rules->probation;
    char date[32];
    zb_strlcpy(date, app->today, sizeof date);
    if (date_cmp(c->end, clock_today()) < 0) date_format(c->end, date);
    char title[200];
    snprintf(title, sizeof title, "%s 转正", m.name);
    if (!screens_ask_date(title, "转正日期（YYYY-MM-DD）：", date, sizeof date)) return 0;
    struct zdate full;
    if (date_parse(date, &full)) {
        char buf[ZB_MSG_MAX];
        const char *why = probation_full_date_check(c, full, buf, sizeof buf);
        if (why) {
            app_error(app, "%s", why);
            return 0;
        }
    }
    int64_t meeting_id = 0;
    char met[11];
    int got = pick_deciding_meeting(app, &m, "批准转正的支部党员大会", "（不关联会议记录）", &meeting_id, met);
    if (got <= 0) return 0;
    char buf[ZB_MSG_MAX];
    const char *why = meeting_refusal(PROBATION_FULL, c, meeting_id, met, buf, sizeof buf);
    if (why) {
        app_error(app, "%s", why);
        return 0;
    }
    char q[300];
    snprintf(q, sizeof q, "确认 %s 于 %s 转为正式党员？", m.name, date);
    if (!ui_confirm(q)) return 0;
    if (store_member_make_full(app->store, m.id, date, meeting_id, &rules) != STORE_OK) {
        screens_store_error(app, "未保存");
        return 0;
    }
    app_status(app, "%s 已于 %s 转为正式党员", m.name, date);
    return 1;
}

/* 延长预备期 / 取消预备党员资格: the deciding 支部党员大会, (the months,) the reason. */
static int probation_other(struct app *app, const struct member *m, const struct probation_case *c,
                           enum probation_outcome o)
{
    struct probation_rules rules;
    rules = app->rules->probation;
    const char *what = o == PROBATION_EXTEND ? "延长预备期" : "取消预备党员资格";
    char title[200], msg[ZB_MSG_MAX];
    snprintf(title, sizeof title, "%s %s", m->name, what);
    if (o == PROBATION_EXTEND) { /* known before anything is asked */
        const char *why = probation_extend_check(c, rules.extend_min_months, &rules, msg, sizeof msg);
        if (why) {
            app_error(app, "%s", why);
            return 0;
        }
    }
    struct probation_decision d = {.member_id = m->id};
    char met[11];
    int got = pick_deciding_meeting(app, m, "作出决定的支部党员大会", NULL, &d.meeting_id, met);
    if (got < 0) {
        app_error(app, "%s须经支部党员大会讨论决定：请先登记该次支部党员大会的会议记录", what);
        return 0;
    }
    if (got == 0) return 0;
    const char *why = meeting_refusal(o, c, d.meeting_id, met, msg, sizeof msg);
    if (why) {
        app_error(app, "%s", why);
        return 0;
    }
    int months = 0;
    char q[400];
    if (o == PROBATION_EXTEND) {
        char buf[16];
        snprintf(buf, sizeof buf, "%d", rules.extend_min_months);
        char label[80];
        snprintf(label, sizeof label, "延长几个月（%d–%d）：", rules.extend_min_months, rules.extend_max_months);
        for (;;) {
            if (!ui_prompt(title, label, buf, sizeof buf, 2, true)) return 0;
            text_trim(buf);
            months = text_all_digits(buf) && buf[0] && strlen(buf) <= 2 ? atoi(buf) : -1;
            why = probation_extend_check(c, months, &rules, msg, sizeof msg);
            if (!why) break;
            ui_message("月数有误", why);
        }
    }
    if (!ui_prompt(title, "原因：", d.reason, sizeof d.reason, 80, true)) return 0;
    text_trim(d.reason);
    if (o == PROBATION_EXTEND) {
        char until[11];
        date_format(date_add_months(c->end, months), until);
        snprintf(q, sizeof q, "确认 %s 的预备期延长 %d 个月，至 %s？（%s 支部党员大会决定）", m->name, months,
                 until, met);
    } else {
        snprintf(q, sizeof q, "确认取消 %s 的预备党员资格？（%s 支部党员大会决定；离开名册，记录保留）", m->name,
                 met);
    }
    if (!ui_confirm(q)) return 0;
    int rc = o == PROBATION_EXTEND ? store_probation_extend(app->store, &d, months, &rules)
                                   : store_probation_cancel(app->store, &d, &rules);
    if (rc != STORE_OK) {
        screens_store_error(app, "未保存");
        return 0;
    }
    if (o == PROBATION_EXTEND)
        app_status(app, "%s 的预备期延长至 %s（%s 支部党员大会决定）", m->name, d.until, d.date);
    else
        app_status(app, "已取消 %s 的预备党员资格（%s 支部党员大会决定）", m->name, d.date);
    return 1;
}

int screens_probation_decide(struct app *app, const struct member *sel)
{
    struct member m = *sel;
    if (strcmp(m.status, "probationary") != 0 || m.leave_status[0]) {
        app_error(app, "%s 不是在册的预备党员", m.name);
        return 0;
    }
    struct probation_case c = {.times_extended = m.probation_until[0] ? 1 : 0};
    if (!date_parse(m.join_date, &c.join) ||
        !probation_end_of(m.join_date, m.probation_until, app->rules->probation.months, &c.end)) {
        app_error(app, "%s 的入党日期无效，请先在党员信息中改正", m.name);
        return 0;
    }
    char end[11], title[200];
    date_format(c.end, end);
    snprintf(title, sizeof title, "%s 预备期%s至 %s", m.name, m.probation_until[0] ? "（已延长）" : "", end);
    static const char *const outcomes[] = {"转正", "延长预备期", "取消预备党员资格"};
    int o = ui_pick(title, outcomes, 3, 0);
    if (o < 0) return 0;
    if (o == PROBATION_FULL) return make_full(app, &m, &c);
    return probation_other(app, &m, &c, (enum probation_outcome)o);
}
