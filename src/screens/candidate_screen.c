/* candidate_screen.c — one person in the 发展党员 pipeline: their facts, the stage and what is due
 * next, and every step (dated, the meeting that decided it, the 培养联系人 or who talked, the
 * admission's vote; voided ones dimmed). F2 records the next step (candidate_step.c), F8 voids a
 * step with a reason, e the personal facts (candidate_form.c), z 转正 once admitted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/list_screen.h"
#include "zhibu/meeting.h"
#include "zhibu/model.h"
#include "zhibu/pipeline.h"
#include "zhibu/rules.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_meeting.h"
#include "zhibu/store_pipeline.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

#include "audit_refs.h"
#include "candidate_step.h"

enum { A_STEP = 1, A_DETAIL, A_VOID, A_EDIT, A_FULL };

static const struct ui_action candidate_actions[] = {
    {.id = A_STEP, .key = UK_F(2), .label = "记录下一步",
     .help = "先选步骤，再选决定它的会议（须是该类会议）、日期、培养联系人或表决；不合要求的，状态行说明原因",
     .perm = STORE_PERM_EDIT},
    {.id = A_DETAIL, .key = UK_ENTER, .help = "查看所选步骤的全部内容", .perm = STORE_PERM_ANY},
    {.id = A_VOID, .key = UK_F(8), .label = "作废步骤", .help = "作废所选步骤（须填原因，记录保留），阶段随之退回",
     .perm = STORE_PERM_EDIT},
    {.id = A_EDIT, .key = 'e', .label = "修改", .help = "修改基本情况（姓名、性别、出生日期、民族、学历、人员类别、电话）",
     .perm = STORE_PERM_EDIT},
    {.id = A_FULL, .key = 'z', .label = "转正", .help = "已接收为预备党员的：转正、延长预备期或取消预备党员资格",
     .perm = STORE_PERM_EDIT},
    {0},
};

static const struct ui_column step_columns[] = {
    {.title = "日期", .width = 10},
    /* the longest step (确定为入党积极分子, 18 columns) with its mark （补记） or （作废）: a mark
     * cut off at 80 columns would not be seen */
    {.title = "步骤", .width = 26},
    {.title = "决定的会议", .width = 18, .grow = 1}, /* 支部委员会（作废） */
    {.title = "联系人/表决/情况", .width = 16, .grow = 4},
};

struct candidate_page {
    struct ui_list list;
    int late_days;                    /* config late_entry_days: a step entered later is 补记 */
    int64_t id;
    struct candidate c;
    struct store_candidate_step_list steps;
    struct screens_branch_ctx branch; /* opened from the review: the person's branch */
    bool *meeting_voided;             /* per step: its meeting was voided since (heap) */
};

static const struct candidate_step *step_at(struct candidate_page *p, int row)
{
    return row >= 0 && row < p->steps.n ? &p->steps.v[row] : NULL;
}

/* What the last column says of a step: the persons, the vote, or the note. */
static void step_detail(const struct candidate_step *st, char *buf, size_t bufsz)
{
    if (strcmp(st->kind, "admit") == 0)
        snprintf(buf, bufsz, "赞成%d 反对%d 弃权%d", st->votes_for, st->votes_against, st->votes_abstain);
    else if (st->person_name[0] && st->person2_name[0])
        snprintf(buf, bufsz, "%s、%s", st->person_name, st->person2_name);
    else if (st->person_name[0])
        snprintf(buf, bufsz, "%s%s%s", st->person_name, st->note[0] ? "：" : "", st->note);
    else
        zb_strlcpy(buf, st->note, bufsz);
}

static void step_cell(void *ctx, int row, int column, char *buf, size_t bufsz)
{
    struct candidate_page *p = ctx;
    const struct candidate_step *st = step_at(p, row);
    buf[0] = '\0';
    if (!st) return;
    switch (column) {
    case 0: zb_strlcpy(buf, st->date, bufsz); break;
    case 1:
        snprintf(buf, bufsz, "%s%s%s", st->voided ? "（作废）" : "", code_label_of(CANDIDATE_STEPS, st->kind),
                 meeting_is_late(st->date, st->created_at, p->late_days) ? "（补记）" : "");
        break;
    case 2: { /* the meeting's kind; its date too when it is not the step's */
        size_t n = strlen(st->date);
        bool same_day = n && strncmp(st->meeting_label, st->date, n) == 0 && st->meeting_label[n] == ' ';
        snprintf(buf, bufsz, "%s%s", !st->meeting_label[0] ? "—" : same_day ? st->meeting_label + n + 1 : st->meeting_label,
                 p->meeting_voided[row] ? "（作废）" : "");
        break;
    }
    case 3: step_detail(st, buf, bufsz); break;
    default: break;
    }
}

static enum ui_attr step_attr(void *ctx, int row)
{
    const struct candidate_step *st = step_at(ctx, row);
    return st && st->voided ? UA_DIM : UA_NORMAL;
}

static int load(struct screen *s)
{
    struct candidate_page *p = s->state;
    struct app *app = s->app;
    if (store_candidate_get(app->store, p->id, &p->c) != STORE_OK) screens_store_error(app, "读取失败");
    store_candidate_step_list_free(&p->steps);
    if (store_candidate_steps(app->store, p->id, &p->steps) != STORE_OK) screens_store_error(app, "读取步骤失败");
    /* a meeting voided after the step was recorded (the month's review lists such a step) */
    free(p->meeting_voided);
    p->meeting_voided = xcalloc((size_t)p->steps.n + 1, sizeof *p->meeting_voided);
    for (int i = 0; i < p->steps.n; i++) {
        struct meeting m;
        if (!p->steps.v[i].meeting_id || store_meeting_get(app->store, p->steps.v[i].meeting_id, &m) != STORE_OK)
            continue;
        p->meeting_voided[i] = m.voided_at[0] != '\0';
        meeting_free(&m);
    }
    return p->steps.n;
}

static int page_init(struct screen *s, void *arg)
{
    struct candidate_page *p = s->state;
    p->id = *(const int64_t *)arg;
    p->late_days = s->app->rules->audit.late_entry_days;
    if (store_candidate_get(s->app->store, p->id, &p->c) != STORE_OK) {
        screens_store_error(s->app, "找不到该人员");
        return -1;
    }
    /* a person of another branch (the review's record) is read in that branch */
    screens_branch_enter(s->app, p->c.branch_id, &p->branch);
    return 0;
}

/* The person's facts, the stage and what is due, above the steps. */
static int page_top(struct screen *s, struct ui_rect body)
{
    struct candidate_page *p = s->state;
    const struct candidate *c = &p->c;
    char line[1400];
    int col = body.col + 1, w = body.cols - 1;
    snprintf(line, sizeof line, "%s  %s  %s 生  %s  %s  %s  %s", c->name, code_label_of(GENDERS, c->gender),
             c->birth_date, c->ethnicity[0] ? c->ethnicity : "民族未填",
             c->education[0] ? code_label_of(EDUCATIONS, c->education) : "学历未填",
             c->category[0] ? code_label_of(MEMBER_CATEGORIES, c->category) : "人员类别未填", c->phone);
    ui_put(body.row, col, w, line, UA_HEADER);
    if (c->voided)
        zb_strlcpy(line, "已作废（误登记），记录只供查看", sizeof line);
    else
        snprintf(line, sizeof line, "阶段：%s（%s 起）  下一步：%s", code_label_of(CANDIDATE_STAGES, c->stage),
                 c->stage_date[0] ? c->stage_date : "—", c->due.text[0] ? c->due.text : "无");
    ui_put(body.row + 1, col, w, line, c->due.overdue || c->voided ? UA_MARK : UA_NORMAL);
    return 3;
}

struct step_void {
    int64_t id;
    const char *reason;
};

static int write_void(struct store *st, void *ctx)
{
    const struct step_void *v = ctx;
    return store_candidate_step_void(st, v->id, v->reason);
}

/* F8: a step voided with a reason (a reviewed month asks 申请修改 first, as every write does). */
static int void_step(struct screen *s)
{
    struct candidate_page *p = s->state;
    struct app *app = s->app;
    const struct candidate_step *st = step_at(p, list_screen_sel(s));
    if (!st) {
        app_error(app, "还没有步骤");
        return SR_REDRAW;
    }
    if (st->voided) {
        app_error(app, "该步骤已作废");
        return SR_REDRAW;
    }
    char title[200], reason[PEOPLE_NOTE_BYTES + 1] = "";
    snprintf(title, sizeof title, "作废 %s %s", st->date, code_label_of(CANDIDATE_STEPS, st->kind));
    if (!ui_prompt(title, "作废原因：", reason, sizeof reason, 100, true)) return SR_REDRAW;
    text_trim(reason);
    if (screens_write(app, write_void, &(struct step_void){st->id, reason}) != STORE_OK) {
        screens_store_error(app, "未作废");
        return SR_REDRAW;
    }
    app_status(app, "已作废：%s %s", title + strlen("作废 "), reason);
    list_screen_reload(s);
    return SR_REDRAW;
}

static int show_detail(struct screen *s)
{
    struct candidate_page *p = s->state;
    const struct candidate_step *st = step_at(p, list_screen_sel(s));
    if (!st) return SR_NONE;
    int kind = cand_step_of(st->kind);
    bool needs = kind >= 0 && cand_step_meeting_kind((enum cand_step)kind) >= 0;
    char text[2400], who[200], meeting[TEXT_SHORT + 96] = "";
    step_detail(st, who, sizeof who);
    if (st->meeting_id || needs)
        snprintf(meeting, sizeof meeting, "决定的会议：%s%s\n", st->meeting_label[0] ? st->meeting_label : "（无）",
                 p->meeting_voided[list_screen_sel(s)] ? "（该会议记录已作废）" : "");
    char entered[64] = "";
    if (meeting_is_late(st->date, st->created_at, p->late_days))
        snprintf(entered, sizeof entered, "\n补记：%.10s 录入，晚于该日期 %d 天以上", st->created_at,
                 p->late_days);
    snprintf(text, sizeof text, "日期：%s\n步骤：%s%s%s\n%s%s", st->date,
             code_label_of(CANDIDATE_STEPS, st->kind), st->voided ? "（已作废）" : "", entered, meeting,
             who);
    ui_message(code_label_of(CANDIDATE_STEPS, st->kind), text);
    return SR_REDRAW;
}

static int decide_probation(struct screen *s)
{
    struct candidate_page *p = s->state;
    struct app *app = s->app;
    struct member m;
    if (p->c.member_id == 0 || store_member_get(app->store, p->c.member_id, &m) != STORE_OK) {
        app_error(app, "%s 还不是预备党员：接收为预备党员后才能转正", p->c.name);
        return SR_REDRAW;
    }
    if (screens_probation_decide(app, &m)) list_screen_reload(s);
    return SR_REDRAW;
}

static int page_act(struct screen *s, const struct ui_action *act)
{
    struct candidate_page *p = s->state;
    struct app *app = s->app;
    switch (act->id) {
    case A_STEP:
        if (candidate_step_record(app, &p->c, &p->steps)) {
            list_screen_reload(s);
            ui_list_select(&p->list, p->steps.n - 1);
        }
        return SR_REDRAW;
    case A_DETAIL: return show_detail(s);
    case A_VOID: return void_step(s);
    case A_EDIT: {
        struct candidate_form_arg arg = {.id = p->id};
        app_push(app, &candidate_form_screen, &arg);
        return SR_REDRAW;
    }
    case A_FULL: return decide_probation(s);
    default: return SR_NONE;
    }
}

static void page_release(struct screen *s)
{
    struct candidate_page *p = s->state;
    store_candidate_step_list_free(&p->steps);
    free(p->meeting_voided);
    screens_branch_leave(s->app, &p->branch);
}

static const char *page_readonly(struct screen *s)
{
    struct candidate_page *p = s->state;
    return p->c.voided ? "该人员已作废，记录只供查看" : NULL;
}

static const struct list_screen candidate_list = {
    .columns = step_columns, .ncolumns = 4, .empty_text = "（没有步骤）", .init = page_init, .load = load,
    .top = page_top, .cell = step_cell, .row_attr = step_attr, .act = page_act, .release = page_release,
};

const struct screen_ops candidate_screen = {
    .name = "candidate",
    .title = "发展党员",
    .manual = "发展党员",
    .help_intro = "一名入党申请人从递交申请书起的每一步：日期、决定它的会议（确定入党积极分子、发展对象须经支部委员会，"
                  "接收预备党员须经支部党员大会表决）、培养联系人和表决情况。顺序不对、间隔不足、会议类型不符或"
                  "培养联系人不是正式党员的，不予登记，状态行说明原因。",
    .state_size = sizeof(struct candidate_page),
    .actions = candidate_actions,
    .back = "返回发展党员",
    LIST_SCREEN_OPS(candidate_list),
    .resume = list_screen_reload,
    .readonly = page_readonly,
};
