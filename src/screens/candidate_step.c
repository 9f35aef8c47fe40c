/* candidate_step.c — the next step of a person in the 发展党员 pipeline (candidate_step.h). The
 * screen asks; the store checks (cand_step_check: order, intervals, the meeting's kind and date,
 * contacts full members that day, the vote) and its sentence is what the person reads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/meeting.h"
#include "zhibu/model.h"
#include "zhibu/pipeline.h"
#include "zhibu/rules.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_pipeline.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

#include "candidate_step.h"

/* The step: every kind after the application, the one due next first chosen. */
static int pick_kind(const struct candidate *c)
{
    const char *labels[STEP_COUNT];
    int kinds[STEP_COUNT], n = 0, initial = 0;
    for (int k = STEP_TALK; k < STEP_COUNT; k++) {
        if ((int)c->due.next == k) initial = n;
        kinds[n] = k;
        labels[n++] = code_label_of(CANDIDATE_STEPS, cand_step_code((enum cand_step)k));
    }
    char title[200];
    snprintf(title, sizeof title, "%s：记录哪一步", c->name);
    int p = ui_pick(title, labels, n, initial);
    return p >= 0 ? kinds[p] : -1;
}

/* A member of the branch on the roster (the store says whether they may be one). */
static bool pick_person(struct app *app, const char *title, int64_t *id)
{
    struct member_filter f = {.branch_id = app->branch_id};
    struct member m;
    if (screens_pick_member(app, &f, title, 0, "名册中还没有党员", &m) != 0) return false;
    *id = m.id;
    return true;
}

/* A count of votes (digits), asked until it is one; false on Esc. */
static bool ask_votes(const char *title, const char *label, int *out)
{
    char buf[8] = "0";
    for (;;) {
        if (!ui_prompt(title, label, buf, sizeof buf, 4, true)) return false;
        text_trim(buf);
        if (buf[0] && text_all_digits(buf)) {
            *out = atoi(buf);
            return true;
        }
        ui_message("票数有误", "票数只能是数字");
    }
}

/* The date the application was made (the earliest step not voided): where the meetings start. */
static const char *first_date(const struct store_candidate_step_list *steps)
{
    for (int i = 0; i < steps->n; i++)
        if (!steps->v[i].voided) return steps->v[i].date;
    return NULL;
}

struct step_write {
    struct candidate_step *s;
    const struct rules *rules;
};

static int write_step(struct store *st, void *ctx)
{
    struct step_write *w = ctx;
    return store_candidate_step_add(st, w->s, NULL, &w->rules->audit.people, w->rules->min_join_age);
}

int candidate_step_record(struct app *app, const struct candidate *c, const struct store_candidate_step_list *steps)
{
    int kind = pick_kind(c);
    if (kind < 0) return 0;
    const char *what = code_label_of(CANDIDATE_STEPS, cand_step_code((enum cand_step)kind));
    char title[200];
    snprintf(title, sizeof title, "%s %s", c->name, what);
    struct candidate_step s = {.candidate_id = c->id};
    zb_strlcpy(s.kind, cand_step_code((enum cand_step)kind), sizeof s.kind);
    char date[16];
    zb_strlcpy(date, app->today, sizeof date);
    int mk = cand_step_meeting_kind((enum cand_step)kind);
    if (mk >= 0) {
        char pick_title[300], met[11];
        snprintf(pick_title, sizeof pick_title, "%s：决定的%s", what, meeting_kind_label((enum meeting_kind)mk));
        struct screens_meeting_pick q = {.kind = mk, .from = first_date(steps), .title = pick_title,
                                         .other_label = "（其他类型的会议……）", .other_title = "全部会议记录"};
        int got = screens_pick_meeting(app, &q, &s.meeting_id, met);
        if (got < 0) {
            app_error(app, "%s须经%s讨论决定：请先在三会一课中登记该次会议记录", what,
                      meeting_kind_label((enum meeting_kind)mk));
            return 0;
        }
        if (got == 0) return 0;
        zb_strlcpy(date, met, sizeof date);
    }
    if (!screens_ask_date(title, "日期（YYYY-MM-DD）：", date, sizeof date)) return 0;
    zb_strlcpy(s.date, date, sizeof s.date);
    if (kind == STEP_TALK && !pick_person(app, "谈话人（可输入字跳转）", &s.person_id)) return 0;
    if (kind == STEP_ACTIVIST) {
        int need = app->rules->audit.people.contacts_required;
        if (need > 0 && !pick_person(app, "第一位培养联系人（须为正式党员）", &s.person_id)) return 0;
        if (need > 1 && !pick_person(app, "第二位培养联系人（须为正式党员）", &s.person2_id)) return 0;
    }
    if (kind == STEP_ADMIT) {
        if (!ask_votes(title, "赞成票：", &s.votes_for) || !ask_votes(title, "反对票：", &s.votes_against) ||
            !ask_votes(title, "弃权票：", &s.votes_abstain))
            return 0;
    } else if (mk < 0) {
        bool required = kind == STEP_OBSERVE || kind == STEP_STOP;
        const char *label = kind == STEP_OBSERVE ? "考察情况：" : kind == STEP_STOP ? "中止原因：" : "备注（可不填）：";
        if (!ui_prompt(title, label, s.note, sizeof s.note, 100, required)) return 0;
        text_trim(s.note);
    }
    if (kind == STEP_ADMIT || kind == STEP_STOP) {
        char q[400];
        if (kind == STEP_ADMIT)
            snprintf(q, sizeof q, "确认于 %s 接收 %s 为预备党员？（将在党员名册中新增这名预备党员）", s.date, c->name);
        else
            snprintf(q, sizeof q, "确认于 %s 中止对 %s 的培养？", s.date, c->name);
        if (!ui_confirm(q)) return 0;
    }
    if (screens_write(app, write_step, &(struct step_write){&s, app->rules}) != STORE_OK) {
        screens_store_error(app, "未登记");
        return 0;
    }
    app_status(app, "已登记：%s %s %s", c->name, s.date, what);
    return 1;
}
