/* attendance.c — 出席情况: each person expected at the meeting (from the roster on its date)
 * marked 出席 / 请假 / 缺席 with a reason; excused members (with approval) leave the quorum
 * denominator. Edits the meeting form's record in place. */
#include <stdio.h>
#include <string.h>

#include "zhibu/meeting.h"
#include "zhibu/model.h"
#include "zhibu/list_screen.h"
#include "zhibu/rules.h"
#include "zhibu/screens.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

enum { A_CYCLE = 1, A_REASON, A_EXCUSE, A_ALL };

static const struct ui_action attendance_actions[] = {
    {.id = A_CYCLE, .key = UK_SPACE, .label = "切换", .help = "切换所选人员的标记：出席 → 请假 → 缺席 → 出席；标为请假或缺席后接着填写原因", .perm = STORE_PERM_EDIT},
    {.id = A_REASON, .key = UK_ENTER, .help = "填写或修改所选人员请假、缺席的原因", .perm = STORE_PERM_EDIT},
    {.id = A_EXCUSE, .key = 'x', .label = "不计应到", .help = "经批准不计入应到人数（如长期患病、出国半年以上），须写明原因；再按一次取消", .perm = STORE_PERM_EDIT},
    {.id = A_ALL, .key = 'a', .label = "全部出席", .help = "把所有人标为出席（清除请假、缺席标记）", .perm = STORE_PERM_EDIT},
    {0},
};

static const struct ui_column attendance_columns[] = {
    {.title = "姓名", .width = 10, .grow = 1},
    {.title = "党籍", .width = 4},
    {.title = "职务", .width = 8},
    {.title = "出席", .width = 4},
    {.title = "原因 / 说明", .width = 16, .grow = 2},
};

struct attendance {
    struct ui_list list;
    struct meeting *m;
    bool *edited;
    bool readonly;
    struct meeting_rules rules;
};

static void attendance_cell(void *ctx, int row, int column, char *buf, size_t bufsz)
{
    struct attendance *a = ctx;
    buf[0] = '\0';
    if (row < 0 || row >= a->m->nattendees) return;
    const struct attendee *p = &a->m->attendees[row];
    switch (column) {
    case 0: zb_strlcpy(buf, p->name, bufsz); break;
    case 1: zb_strlcpy(buf, p->voting ? "正式" : "预备", bufsz); break;
    case 2: zb_strlcpy(buf, p->office[0] ? code_label_of(OFFICES, p->office) : "", bufsz); break;
    case 3: zb_strlcpy(buf, code_label_of(ATTEND_MARKS, p->mark), bufsz); break;
    case 4:
        if (p->excused)
            snprintf(buf, bufsz, "（不计应到）%s", p->reason);
        else if (strcmp(p->mark, "present") != 0 && !p->reason[0])
            zb_strlcpy(buf, "（未填原因）", bufsz);
        else
            zb_strlcpy(buf, p->reason, bufsz);
        break;
    default: break;
    }
}

static enum ui_attr attendance_row_attr(void *ctx, int row)
{
    struct attendance *a = ctx;
    if (row < 0 || row >= a->m->nattendees) return UA_NORMAL;
    const struct attendee *p = &a->m->attendees[row];
    if (p->excused) return UA_DIM;
    if (strcmp(p->mark, "present") != 0 && !p->reason[0]) return UA_MARK;
    return UA_NORMAL;
}

static int load(struct screen *s)
{
    struct attendance *a = s->state;
    return a->m->nattendees;
}

static int attendance_init(struct screen *s, void *arg)
{
    struct attendance *a = s->state;
    const struct meeting_part_arg *p = arg;
    a->m = p->m;
    a->edited = p->edited;
    a->readonly = p->readonly;
    a->rules.election_quorum_percent = s->app->rules->election_quorum_percent;
    return 0;
}

static enum ui_attr attendance_header(struct screen *s, char *line, size_t linesz)
{
    struct attendance *a = s->state;
    meeting_evaluate(a->m, &a->rules);
    int k = meeting_kind_of_code(a->m->kind);
    struct meeting_heads h; /* 不计应到 leave 应到 (meeting.c) */
    meeting_heads(a->m, &h);
    snprintf(line, linesz, "%s %s  应到 %d  实到 %d  请假 %d  缺席 %d%s", a->m->date,
             meeting_kind_label(k >= 0 ? (enum meeting_kind)k : MK_OTHER), h.expected, h.present, h.on_leave, h.absent,
             a->readonly ? "  （只读）" : "");
    return UA_HEADER;
}

static struct attendee *current(struct screen *s)
{
    struct attendance *a = s->state;
    if (a->list.sel < 0 || a->list.sel >= a->m->nattendees) return NULL;
    return &a->m->attendees[a->list.sel];
}

static void ask_reason(struct attendee *p, const char *title)
{
    char buf[sizeof p->reason];
    zb_strlcpy(buf, p->reason, sizeof buf);
    if (ui_prompt(title, "原因：", buf, sizeof buf, 60, false)) {
        text_trim(buf);
        zb_strlcpy(p->reason, buf, sizeof p->reason);
    }
}

static int attendance_act(struct screen *s, const struct ui_action *act)
{
    struct attendance *a = s->state;
    struct app *app = s->app;
    if (a->readonly) {
        app_error(app, "已作废的记录只能查看");
        return SR_REDRAW;
    }
    struct attendee *p = current(s);
    char title[200];
    switch (act->id) {
    case A_CYCLE:
        if (!p) return SR_REDRAW;
        if (strcmp(p->mark, "present") == 0) zb_strlcpy(p->mark, "leave", sizeof p->mark);
        else if (strcmp(p->mark, "leave") == 0) zb_strlcpy(p->mark, "absent", sizeof p->mark);
        else {
            zb_strlcpy(p->mark, "present", sizeof p->mark);
            if (!p->excused) p->reason[0] = '\0';
        }
        *a->edited = true;
        if (strcmp(p->mark, "present") != 0) {
            snprintf(title, sizeof title, "%s %s", p->name, code_label_of(ATTEND_MARKS, p->mark));
            ask_reason(p, title);
        }
        return SR_REDRAW;
    case A_REASON:
        if (!p) return SR_REDRAW;
        if (strcmp(p->mark, "present") == 0 && !p->excused) {
            app_error(app, "出席的人员不需要填写原因（空格切换为请假或缺席）");
            return SR_REDRAW;
        }
        snprintf(title, sizeof title, "%s %s", p->name, code_label_of(ATTEND_MARKS, p->mark));
        ask_reason(p, title);
        *a->edited = true;
        return SR_REDRAW;
    case A_EXCUSE:
        if (!p) return SR_REDRAW;
        if (p->excused) {
            p->excused = false;
            app_status(app, "%s 计入应到人数", p->name);
        } else {
            snprintf(title, sizeof title, "%s 经批准不计入应到人数", p->name);
            char buf[sizeof p->reason];
            zb_strlcpy(buf, p->reason, sizeof buf);
            if (!ui_prompt(title, "批准情况及原因：", buf, sizeof buf, 60, true)) return SR_REDRAW;
            text_trim(buf);
            zb_strlcpy(p->reason, buf, sizeof p->reason);
            p->excused = true;
            if (strcmp(p->mark, "present") == 0) zb_strlcpy(p->mark, "leave", sizeof p->mark);
        }
        *a->edited = true;
        return SR_REDRAW;
    case A_ALL: {
        int marked = 0;
        for (int i = 0; i < a->m->nattendees; i++)
            if (strcmp(a->m->attendees[i].mark, "present") != 0) marked++;
        if (marked && !ui_confirm("把所有人标为出席？（已填的请假、缺席原因将清除）")) return SR_REDRAW;
        for (int i = 0; i < a->m->nattendees; i++) {
            zb_strlcpy(a->m->attendees[i].mark, "present", sizeof a->m->attendees[i].mark);
            a->m->attendees[i].reason[0] = '\0';
            a->m->attendees[i].excused = false;
        }
        *a->edited = true;
        return SR_REDRAW;
    }
    default: return SR_NONE;
    }
}

/* A voided record, or one opened to be looked at: the marks cannot be changed. */
static const char *attendance_readonly(struct screen *s)
{
    struct attendance *a = s->state;
    if (!a->readonly) return NULL;
    return a->m->voided_at[0] ? "已作废的记录只能查看" : "这里只能查看记录";
}

static int64_t attendance_branch(struct screen *s)
{
    struct attendance *a = s->state;
    return a->m && a->m->branch_id ? a->m->branch_id : s->app->branch_id;
}

static const struct list_screen attendance_list = {
    .columns = attendance_columns, .ncolumns = (int)ZB_ARRAY_LEN(attendance_columns),
    .empty_text = "（应到名单为空：会议日期时名册中没有符合条件的党员）", .init = attendance_init, .load = load,
    .header = attendance_header, .cell = attendance_cell, .row_attr = attendance_row_attr,
    .act = attendance_act,
};

const struct screen_ops attendance_screen = {
    .name = "attendance",
    .title = "出席情况",
    .manual = "三会一课",
    .help_intro = "应到名单按会议当日的名册生成。空格切换标记，请假、缺席须写明原因；"
                  "经批准不计入应到人数的（x），不算在法定人数的分母里。",
    .state_size = sizeof(struct attendance),
    .actions = attendance_actions,
    .back = "返回会议记录",
    LIST_SCREEN_OPS(attendance_list),
    .branch = attendance_branch,
    .readonly = attendance_readonly,
};
