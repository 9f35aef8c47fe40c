/* pipeline_screen.c — 发展党员: the people of the current branch on their way to membership,
 * grouped by stage (入党申请人, 入党积极分子, 发展对象, 预备党员), each with the date the stage was
 * reached and what is due next (cand_due_of, core; overdue marked). F2 a new applicant
 * (candidate_form.c), Enter a person's page and steps (candidate_screen.c), F8 a person entered
 * by mistake voided with a reason, z 转正 of an admitted member (probation_decide.c). The rules
 * are the core's and the store's: this screen shows what they say. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/list_screen.h"
#include "zhibu/model.h"
#include "zhibu/pipeline.h"
#include "zhibu/rules.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_pipeline.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

enum { A_NEW = 1, A_OPEN, A_VOID, A_FULL, A_STOPPED };

static const struct ui_action pipeline_actions[] = {
    {.id = A_NEW, .key = UK_F(2), .label = "新申请人",
     .help = "登记一名新的入党申请人：姓名、性别、出生日期、民族、学历、人员类别、电话和递交申请书的日期",
     .perm = STORE_PERM_EDIT},
    {.id = A_OPEN, .key = UK_ENTER,
     .help = "打开所选人员：基本情况和每一步（日期、决定的会议、培养联系人、表决）；在那里按 F2 记录下一步",
     .perm = STORE_PERM_ANY},
    {.id = A_STOPPED, .key = UK_F(4), .label = "含已中止", .help = "同时列出已中止培养的人员（再按一次不列）",
     .perm = STORE_PERM_ANY},
    {.id = A_VOID, .key = UK_F(8), .label = "作废",
     .help = "作废误登记的人员（须填原因，记录保留）；不再培养的请在其页面按 F2 记录“中止培养”",
     .perm = STORE_PERM_EDIT},
    {.id = A_FULL, .key = 'z', .label = "转正",
     .help = "所选预备党员预备期满的决定：转正、延长预备期或取消预备党员资格（与党员名册的 z 相同）",
     .perm = STORE_PERM_EDIT},
    {0},
};

static const struct ui_column pipeline_columns[] = {
    {.title = "阶段", .width = 12},
    {.title = "姓名", .width = 8, .grow = 1},
    {.title = "阶段日期", .width = 10},
    {.title = "下一步", .width = 20, .grow = 3},
};

struct pipeline {
    struct ui_list list;
    struct store_candidate_list people;
    bool with_stopped;
    int64_t saved_id;          /* set by the form when a new applicant is saved */
};

static const struct candidate *row_of(struct pipeline *p, int row)
{
    return row >= 0 && row < p->people.n ? &p->people.v[row] : NULL;
}

static void pipeline_cell(void *ctx, int row, int column, char *buf, size_t bufsz)
{
    struct pipeline *p = ctx;
    const struct candidate *c = row_of(p, row);
    buf[0] = '\0';
    if (!c) return;
    switch (column) {
    case 0: /* the stage once, at the head of its section */
        if (row == 0 || strcmp(p->people.v[row - 1].stage, c->stage) != 0)
            zb_strlcpy(buf, code_label_of(CANDIDATE_STAGES, c->stage), bufsz);
        break;
    case 1: zb_strlcpy(buf, c->name, bufsz); break;
    case 2: zb_strlcpy(buf, c->stage_date, bufsz); break;
    case 3:
        zb_strlcpy(buf, c->due.text[0] ? c->due.text : "—", bufsz);
        break;
    default: break;
    }
}

static enum ui_attr pipeline_row_attr(void *ctx, int row)
{
    const struct candidate *c = row_of(ctx, row);
    if (!c) return UA_NORMAL;
    if (strcmp(c->stage, "stopped") == 0) return UA_DIM;
    return c->due.overdue ? UA_MARK : UA_NORMAL;
}

static int load(struct screen *s)
{
    struct pipeline *p = s->state;
    struct app *app = s->app;
    store_candidate_list_free(&p->people);
    if (store_candidate_list(app->store, app->branch_id, p->with_stopped, clock_today(), &app->rules->audit.people,
                             &p->people) != STORE_OK)
        screens_store_error(app, "读取发展党员名单失败");
    return p->people.n;
}

static void select_id(struct screen *s, int64_t id)
{
    struct pipeline *p = s->state;
    for (int i = 0; id && i < p->people.n; i++)
        if (p->people.v[i].id == id) ui_list_select(&p->list, i);
}

static void pipeline_resume(struct screen *s)
{
    struct pipeline *p = s->state;
    list_screen_reload(s);
    select_id(s, p->saved_id);
    p->saved_id = 0;
}

static enum ui_attr pipeline_header(struct screen *s, char *buf, size_t bufsz)
{
    struct pipeline *p = s->state;
    int count[CS_STOPPED + 1] = {0}, overdue = 0;
    for (int i = 0; i < p->people.n; i++) {
        int st = cand_stage_of(p->people.v[i].stage);
        if (st >= 0 && st <= CS_STOPPED) count[st]++;
        if (p->people.v[i].due.overdue) overdue++;
    }
    int len = snprintf(buf, bufsz, "申请人 %d · 积极分子 %d · 发展对象 %d · 预备党员 %d", count[CS_APPLICANT],
                       count[CS_ACTIVIST], count[CS_CANDIDATE], count[CS_PROBATIONARY]);
    if (p->with_stopped && len > 0 && (size_t)len < bufsz)
        len += snprintf(buf + len, bufsz - (size_t)len, " · 已中止 %d", count[CS_STOPPED]);
    if (overdue && len > 0 && (size_t)len < bufsz) snprintf(buf + len, bufsz - (size_t)len, "（逾期 %d 人）", overdue);
    return UA_HEADER;
}

static int open_person(struct screen *s, const struct candidate *c)
{
    struct app *app = s->app;
    if (c->id == 0) {
        app_status(app, "%s 是入党前已在名册中的预备党员，没有发展过程的记录；转正按 z", c->name);
        return SR_REDRAW;
    }
    int64_t id = c->id;
    app_push(app, &candidate_screen, &id);
    return SR_REDRAW;
}

static int void_person(struct screen *s, const struct candidate *c)
{
    struct app *app = s->app;
    if (c->id == 0 || c->member_id != 0) {
        app_error(app, "%s 已接收为预备党员，不能作废；预备期的决定按 z", c->name);
        return SR_REDRAW;
    }
    char title[200], reason[PEOPLE_NOTE_BYTES + 1] = "";
    snprintf(title, sizeof title, "作废 %s（误登记）", c->name);
    if (!ui_prompt(title, "作废原因：", reason, sizeof reason, 100, true)) return SR_REDRAW;
    text_trim(reason);
    if (store_candidate_void(app->store, c->id, reason) != STORE_OK) {
        screens_store_error(app, "未作废");
        return SR_REDRAW;
    }
    app_status(app, "已作废 %s（%s）", c->name, reason);
    list_screen_reload(s);
    return SR_REDRAW;
}

/* z: the end of probation of an admitted member, as the roster does it. */
static int decide_probation(struct screen *s, const struct candidate *c)
{
    struct app *app = s->app;
    struct member m;
    if (strcmp(c->stage, "probationary") != 0 || c->member_id == 0 ||
        store_member_get(app->store, c->member_id, &m) != STORE_OK) {
        app_error(app, "%s 还不是预备党员：接收为预备党员后才能转正", c->name);
        return SR_REDRAW;
    }
    if (screens_probation_decide(app, &m)) list_screen_reload(s);
    return SR_REDRAW;
}

static int pipeline_act(struct screen *s, const struct ui_action *act)
{
    struct pipeline *p = s->state;
    struct app *app = s->app;
    if (act->id == A_NEW) {
        struct candidate_form_arg arg = {.id = 0, .saved_id = &p->saved_id};
        app_push(app, &candidate_form_screen, &arg);
        return SR_REDRAW;
    }
    if (act->id == A_STOPPED) {
        p->with_stopped = !p->with_stopped;
        list_screen_reload(s);
        app_status(app, p->with_stopped ? "已列出已中止培养的人员" : "不再列出已中止培养的人员");
        return SR_REDRAW;
    }
    const struct candidate *c = row_of(p, list_screen_sel(s));
    if (!c) {
        app_error(app, "名单是空的：按 F2 登记入党申请人");
        return SR_REDRAW;
    }
    switch (act->id) {
    case A_OPEN: return open_person(s, c);
    case A_VOID: return void_person(s, c);
    case A_FULL: return decide_probation(s, c);
    default: return SR_NONE;
    }
}

static void pipeline_release(struct screen *s)
{
    struct pipeline *p = s->state;
    store_candidate_list_free(&p->people);
}

static const struct list_screen pipeline_list = {
    .columns = pipeline_columns, .ncolumns = 4,
    .empty_text = "（还没有入党申请人，按 F2 登记）", .load = load, .header = pipeline_header,
    .cell = pipeline_cell, .row_attr = pipeline_row_attr, .act = pipeline_act, .release = pipeline_release,
};

const struct screen_ops pipeline_screen = {
    .name = "pipeline",
    .title = "发展党员",
    .manual = "发展党员",
    .help_intro = "本支部发展党员的全过程：入党申请人、入党积极分子、发展对象、预备党员，按阶段分组，"
                  "列出进入本阶段的日期和下一步该做什么（逾期的突出显示）。每一步的日期、决定它的会议和"
                  "时间间隔由程序按《发展党员工作细则》和配置检查，不合要求的不予登记并说明原因。",
    .state_size = sizeof(struct pipeline),
    .actions = pipeline_actions,
    .back = "返回首页",
    LIST_SCREEN_OPS(pipeline_list),
    .resume = pipeline_resume,
};
