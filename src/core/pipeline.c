/* pipeline.c — 发展党员 (pipeline.h): the order of a person's steps, the intervals between them,
 * the meeting each decision needs, the admission's vote, what is due next; and the monthly
 * review's section pipeline (audit_people.h): the month's steps without their meeting. */
#include "zhibu/pipeline.h"

#include <stdio.h>
#include <string.h>

#include "zhibu/audit.h"
#include "zhibu/meeting.h"
#include "zhibu/model.h"
#include "zhibu/util.h"

int cand_stage_of(const char *code)
{
    int i = code ? code_index(CANDIDATE_STAGES, code) : -1;
    return i >= 0 && i <= CS_STOPPED ? i : -1;
}

int cand_step_of(const char *code)
{
    int i = code ? code_index(CANDIDATE_STEPS, code) : -1;
    return i >= 0 && i < STEP_COUNT ? i : -1;
}

const char *cand_stage_code(enum cand_stage s)
{
    return (int)s >= 0 && s <= CS_STOPPED ? CANDIDATE_STAGES[s].code : "";
}

const char *cand_step_code(enum cand_step s)
{
    return (int)s >= 0 && s < STEP_COUNT ? CANDIDATE_STEPS[s].code : "";
}

static const char *step_label(enum cand_step s)
{
    return (int)s >= 0 && s < STEP_COUNT ? CANDIDATE_STEPS[s].label : "";
}

int cand_step_meeting_kind(enum cand_step s)
{
    switch (s) {
    case STEP_ACTIVIST:
    case STEP_CANDIDATE: return MK_COMMITTEE;
    case STEP_ADMIT: return MK_GENERAL;
    default: return -1;
    }
}

/* ---- the facts ----------------------------------------------------------------------------- */

/* The earliest and the newest date of each kind of step (not voided), and how many. */
struct cand_view {
    int n[STEP_COUNT];
    struct zdate first[STEP_COUNT], last[STEP_COUNT];
};

static void view_of(const struct cand_facts *f, struct cand_view *v)
{
    memset(v, 0, sizeof *v);
    for (int i = 0; f && i < f->nsteps; i++) {
        const struct cand_step_fact *s = &f->steps[i];
        if (s->voided || (int)s->kind < 0 || s->kind >= STEP_COUNT) continue;
        int k = s->kind;
        if (!v->n[k] || date_cmp(s->date, v->first[k]) < 0) v->first[k] = s->date;
        if (!v->n[k] || date_cmp(s->date, v->last[k]) > 0) v->last[k] = s->date;
        v->n[k]++;
    }
}

static enum cand_stage stage_of_view(const struct cand_view *v)
{
    if (v->n[STEP_STOP]) return CS_STOPPED;
    if (v->n[STEP_ADMIT]) return CS_PROBATIONARY;
    if (v->n[STEP_CANDIDATE]) return CS_CANDIDATE;
    if (v->n[STEP_ACTIVIST]) return CS_ACTIVIST;
    return CS_APPLICANT;
}

enum cand_stage cand_stage_from(const struct cand_facts *f)
{
    struct cand_view v;
    view_of(f, &v);
    return stage_of_view(&v);
}

/* ---- the check of one step ----------------------------------------------------------------- */

/* The step that must come before kind (STEP_COUNT: none), for the order's sentence. */
static enum cand_step prerequisite(enum cand_step kind)
{
    switch (kind) {
    case STEP_TALK: return STEP_APPLY;
    case STEP_ACTIVIST: return STEP_TALK;
    case STEP_OBSERVE: return STEP_ACTIVIST;
    case STEP_CANDIDATE: return STEP_ACTIVIST;
    case STEP_REVIEW:
    case STEP_TRAINING:
    case STEP_PUBLICITY: return STEP_CANDIDATE;
    case STEP_APPROVE: return STEP_ADMIT;
    case STEP_STOP: return STEP_APPLY;
    default: return STEP_COUNT;
    }
}

static const char *before_msg(char *buf, size_t bufsz, enum cand_step prev, struct zdate on)
{
    char d[DATE_STR_LEN];
    date_format(on, d);
    snprintf(buf, bufsz, "日期不能早于%s（%s）", step_label(prev), d);
    return buf;
}

static const char *meeting_msg(enum cand_step kind, bool has, bool kind_ok, struct zdate step,
                               struct zdate mdate, char *buf, size_t bufsz)
{
    int mk = cand_step_meeting_kind(kind);
    if (mk < 0) return NULL;
    const char *mname = mk == MK_GENERAL ? "支部党员大会" : "支部委员会";
    if (!has) {
        snprintf(buf, bufsz, "%s须关联作出决定的%s会议记录", step_label(kind), mname);
        return buf;
    }
    if (!kind_ok) {
        snprintf(buf, bufsz, "所关联的会议不是%s，%s须由%s决定", mname, step_label(kind), mname);
        return buf;
    }
    if (date_cmp(step, mdate) != 0) {
        char d[DATE_STR_LEN];
        date_format(mdate, d);
        snprintf(buf, bufsz, "步骤日期应与所关联会议的日期（%s）一致", d);
        return buf;
    }
    return NULL;
}

const char *cand_step_check(const struct cand_facts *f, enum cand_step kind, struct zdate date,
                            bool has_meeting, bool meeting_kind_ok, struct zdate meeting_date,
                            const struct people_rules *r, int min_join_age, char *buf,
                            size_t bufsz)
{
    if ((int)kind < 0 || kind >= STEP_COUNT) return "未知的发展步骤";
    if (!date_valid(date)) return "日期无效";
    struct cand_view v;
    view_of(f, &v);
    char d1[DATE_STR_LEN], d2[DATE_STR_LEN];
    bool birth_known = f && date_valid(f->birth);
    if (birth_known && date_cmp(date, f->birth) < 0) return "日期不能早于出生日期";
    if (v.n[STEP_STOP]) return "已中止培养，不能再记录发展步骤";
    if (kind == STEP_APPLY) {
        if (v.n[STEP_APPLY]) return "已记录递交入党申请书";
    } else if (!v.n[STEP_APPLY]) {
        return "须先记录递交入党申请书";
    }
    if (v.n[STEP_ADMIT] && kind != STEP_APPROVE)
        return "已接收为预备党员，此后的转正、延长预备期由党员名册办理";
    enum cand_step pre = prerequisite(kind);
    if (pre != STEP_COUNT && !v.n[pre]) {
        snprintf(buf, bufsz, "须先%s", pre == STEP_TALK ? "进行入党谈话" : step_label(pre));
        return buf;
    }
    bool once = kind != STEP_OBSERVE;
    if (once && v.n[kind]) {
        snprintf(buf, bufsz, "已记录%s", step_label(kind));
        return buf;
    }
    /* not before the step it follows */
    if (pre != STEP_COUNT && date_cmp(date, v.last[pre]) < 0)
        return before_msg(buf, bufsz, pre, v.last[pre]);
    switch (kind) {
    case STEP_APPLY:
        if (birth_known && date_age(f->birth, date) < min_join_age) {
            snprintf(buf, bufsz, "递交入党申请书时未满%d周岁", min_join_age);
            return buf;
        }
        break;
    case STEP_ACTIVIST:
        if (date_cmp(date, v.first[STEP_APPLY]) < 0)
            return before_msg(buf, bufsz, STEP_APPLY, v.first[STEP_APPLY]);
        break;
    case STEP_CANDIDATE: {
        int months = r ? r->activist_min_months : 12;
        struct zdate earliest = date_add_months(v.first[STEP_ACTIVIST], months);
        if (date_cmp(date, earliest) < 0) {
            date_format(v.first[STEP_ACTIVIST], d1);
            date_format(earliest, d2);
            snprintf(buf, bufsz, "确定为入党积极分子（%s）未满%d个月，最早可于%s确定为发展对象",
                     d1, months, d2);
            return buf;
        }
        break;
    }
    case STEP_ADMIT: {
        static const enum cand_step need[] = {STEP_REVIEW, STEP_TRAINING, STEP_PUBLICITY};
        for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
            if (!v.n[need[i]]) {
                snprintf(buf, bufsz, "须先完成%s", step_label(need[i]));
                return buf;
            }
            if (date_cmp(date, v.last[need[i]]) < 0)
                return before_msg(buf, bufsz, need[i], v.last[need[i]]);
        }
        if (date_cmp(date, v.last[STEP_CANDIDATE]) < 0)
            return before_msg(buf, bufsz, STEP_CANDIDATE, v.last[STEP_CANDIDATE]);
        if (!birth_known) return "接收为预备党员须先填写出生日期";
        if (date_age(f->birth, date) < min_join_age) {
            snprintf(buf, bufsz, "接收为预备党员时未满%d周岁", min_join_age);
            return buf;
        }
        break;
    }
    case STEP_STOP: {
        /* not before the newest step */
        enum cand_step newest = STEP_COUNT;
        for (int k = 0; k < STEP_COUNT; k++)
            if (v.n[k] && (newest == STEP_COUNT || date_cmp(v.last[k], v.last[newest]) > 0))
                newest = (enum cand_step)k;
        if (newest != STEP_COUNT && date_cmp(date, v.last[newest]) < 0)
            return before_msg(buf, bufsz, newest, v.last[newest]);
        break;
    }
    default: break;
    }
    return meeting_msg(kind, has_meeting, meeting_kind_ok, date, meeting_date, buf, bufsz);
}

const char *cand_void_check(const struct cand_facts *f, int index, char *buf, size_t bufsz)
{
    if (!f || index < 0 || index >= f->nsteps) return "没有该步骤";
    const struct cand_step_fact *me = &f->steps[index];
    if (me->voided) return "该步骤已作废";
    if (me->kind == STEP_APPLY) return "递交入党申请书不能单独作废，如系误录请作废此人";
    if (me->kind == STEP_ADMIT) return "已接收为预备党员，不能作废；更正请在党员名册办理";
    int same = 0;
    for (int i = 0; i < f->nsteps; i++)
        if (i != index && !f->steps[i].voided && f->steps[i].kind == me->kind) same++;
    if (same) return NULL;
    for (int i = 0; i < f->nsteps; i++) {
        const struct cand_step_fact *s = &f->steps[i];
        if (i == index || s->voided) continue;
        bool needs = prerequisite(s->kind) == me->kind;
        if (s->kind == STEP_ADMIT && (me->kind == STEP_REVIEW || me->kind == STEP_TRAINING ||
                                      me->kind == STEP_PUBLICITY || me->kind == STEP_CANDIDATE))
            needs = true;
        if (needs) {
            snprintf(buf, bufsz, "须先作废其后的步骤（%s）", step_label(s->kind));
            return buf;
        }
    }
    return NULL;
}

const char *cand_vote_check(int votes_for, int votes_against, int votes_abstain,
                            int voting_expected, char *buf, size_t bufsz)
{
    if (votes_for < 0 || votes_against < 0 || votes_abstain < 0) return "票数不能为负数";
    if (voting_expected <= 0) return "所关联的会议未记录应到会有表决权的党员人数";
    int sum = votes_for + votes_against + votes_abstain;
    if (sum > voting_expected) {
        snprintf(buf, bufsz, "赞成、反对、弃权票合计%d，超过有表决权的党员人数%d", sum,
                 voting_expected);
        return buf;
    }
    if (votes_for * 2 <= voting_expected) {
        snprintf(buf, bufsz, "赞成票%d未超过应到会有表决权党员%d人的半数，决议未通过", votes_for,
                 voting_expected);
        return buf;
    }
    return NULL;
}

/* ---- what is due next ----------------------------------------------------------------------- */

/* next due by `by` ({0}: no date): "应于D前<action>", "<action>逾期（应于D前）", or the action. */
static void due_set(struct cand_due *out, enum cand_step next, struct zdate by, struct zdate today,
                    const char *action)
{
    out->next = next;
    out->by = by;
    out->overdue = date_valid(by) && date_cmp(today, by) > 0;
    if (!date_valid(by)) {
        snprintf(out->text, sizeof out->text, "%s", action);
        return;
    }
    char d[DATE_STR_LEN];
    date_format(by, d);
    if (out->overdue)
        snprintf(out->text, sizeof out->text, "%s逾期（应于%s前）", action, d);
    else
        snprintf(out->text, sizeof out->text, "应于%s前%s", d, action);
}

void cand_due_of(const struct cand_facts *f, struct zdate today, const struct people_rules *r,
                 struct cand_due *out)
{
    struct people_rules def = {.talk_within_days = 30, .observe_months = 3,
                               .activist_min_months = 12, .approve_within_months = 3,
                               .contacts_required = 2};
    if (!r) r = &def;
    memset(out, 0, sizeof *out);
    struct cand_view v;
    view_of(f, &v);
    const struct zdate none = {0, 0, 0};
    switch (stage_of_view(&v)) {
    case CS_STOPPED:
        due_set(out, STEP_COUNT, none, today, "已中止培养");
        return;
    case CS_APPLICANT:
        if (!v.n[STEP_APPLY]) {
            due_set(out, STEP_APPLY, none, today, "待记录入党申请书");
        } else if (!v.n[STEP_TALK]) {
            due_set(out, STEP_TALK, date_add_days(v.first[STEP_APPLY], r->talk_within_days),
                    today, "入党谈话");
        } else {
            due_set(out, STEP_ACTIVIST, none, today, "可确定为入党积极分子");
        }
        return;
    case CS_ACTIVIST:
    case CS_CANDIDATE: {
        struct zdate last = v.last[STEP_ACTIVIST];
        if (v.n[STEP_OBSERVE] && date_cmp(v.last[STEP_OBSERVE], last) > 0)
            last = v.last[STEP_OBSERVE];
        struct zdate obs_by = date_add_months(last, r->observe_months);
        bool obs_late = date_cmp(today, obs_by) > 0;
        if (obs_late) {
            due_set(out, STEP_OBSERVE, obs_by, today, "考察");
            return;
        }
        if (!v.n[STEP_CANDIDATE]) {
            struct zdate eligible = date_add_months(v.first[STEP_ACTIVIST], r->activist_min_months);
            if (date_cmp(today, eligible) >= 0) {
                char t[64];
                snprintf(t, sizeof t, "可确定为发展对象（满%d个月）", r->activist_min_months);
                due_set(out, STEP_CANDIDATE, none, today, t);
            } else {
                due_set(out, STEP_OBSERVE, obs_by, today, "考察");
            }
            return;
        }
        static const enum cand_step need[] = {STEP_REVIEW, STEP_TRAINING, STEP_PUBLICITY};
        for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
            if (!v.n[need[i]]) {
                char t[64];
                snprintf(t, sizeof t, "待%s", step_label(need[i]));
                due_set(out, need[i], none, today, t);
                return;
            }
        }
        due_set(out, STEP_ADMIT, none, today, "可提请支部党员大会讨论接收");
        return;
    }
    case CS_PROBATIONARY:
        if (!v.n[STEP_APPROVE]) {
            due_set(out, STEP_APPROVE,
                    date_add_months(v.first[STEP_ADMIT], r->approve_within_months), today,
                    "报上级党委审批");
        } else {
            char end[DATE_STR_LEN];
            date_format(date_add_years(v.first[STEP_ADMIT], 1), end);
            snprintf(out->text, sizeof out->text, "预备期至%s，转正由党员名册办理", end);
            out->next = STEP_COUNT;
        }
        return;
    }
}

/* ---- the monthly review: the month's steps and their meetings ------------------------------ */

enum { PB_MISSING = 0, PB_KIND, PB_DATE, PB_COUNT };

int audit_pipeline_reasons(const struct audit_input *in, const struct audit_rules *r,
                           struct audit_reason *out, int max)
{
    (void)r;
    if (!in || !in->people || max <= 0) return 0;
    const struct audit_pipeline *p = &in->people->pipeline;
    struct audit_reason rs[PB_COUNT];
    int cnt[PB_COUNT] = {0};
    char names[PB_COUNT][120];
    memset(rs, 0, sizeof rs);
    memset(names, 0, sizeof names);
    for (int i = 0; i < p->nsteps; i++) {
        const struct audit_step *s = &p->steps[i];
        int kind = cand_step_of(s->kind);
        int mk = kind < 0 ? -1 : cand_step_meeting_kind((enum cand_step)kind);
        if (mk < 0) continue;
        int pb;
        if (!s->meeting_id || !s->meeting_kind) {
            pb = PB_MISSING;
        } else {
            int k = meeting_kind_of_code(s->meeting_kind);
            bool ok = k == mk || (s->meeting_also & MK_BIT(mk));
            if (!ok)
                pb = PB_KIND;
            else if (date_cmp(s->meeting_date, s->date) != 0)
                pb = PB_DATE;
            else
                continue;
        }
        struct audit_reason *a = &rs[pb];
        if (pb != PB_MISSING && a->nrefs < AUDIT_MAX_REFS)
            a->refs[a->nrefs++] = (struct audit_ref){REF_MEETING, s->meeting_id};
        else if (pb == PB_MISSING && a->nrefs < AUDIT_MAX_REFS) /* the person's page (pipescreen) */
            a->refs[a->nrefs++] = (struct audit_ref){REF_CANDIDATE, s->candidate_id};
        if (cnt[pb] < 3) {
            char one[96];
            char d[DATE_STR_LEN];
            date_format(s->date, d);
            snprintf(one, sizeof one, "%s%s%s（%s）", cnt[pb] ? "、" : "", s->name ? s->name : "",
                     step_label((enum cand_step)kind), d);
            size_t len = strlen(names[pb]);
            if (len + strlen(one) < sizeof names[pb]) memcpy(names[pb] + len, one, strlen(one) + 1);
        }
        cnt[pb]++;
    }
    static const char *what[PB_COUNT] = {"未关联作出决定的会议记录",
                                         "所关联的会议类型不符（应为支部委员会或支部党员大会）",
                                         "与所关联会议的日期不一致"};
    int n = 0;
    for (int pb = 0; pb < PB_COUNT && n < max; pb++) {
        if (!cnt[pb]) continue;
        struct audit_reason *a = &rs[pb];
        a->item = AI_MEMBERS;
        a->fails = true;
        size_t len = (size_t)snprintf(a->text, sizeof a->text, "%d个发展党员步骤%s：", cnt[pb],
                                      what[pb]);
        if (len + strlen(names[pb]) + 4 < sizeof a->text) {
            strcat(a->text, names[pb]);
            if (cnt[pb] > 3) strcat(a->text, "等");
        }
        out[n++] = *a;
    }
    return n;
}
