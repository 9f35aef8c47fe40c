/* resolutions.c — 决议: the resolutions of the record being edited, each with its votes
 * (赞成 / 反对 / 弃权). Edits the meeting form's record in place; the saved record's history
 * keeps whatever was there before. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/meeting.h"
#include "zhibu/list_screen.h"
#include "zhibu/screens.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

enum { A_ADD = 1, A_EDIT, A_REMOVE };

static const struct ui_action resolution_actions[] = {
    {.id = A_ADD, .key = UK_F(2), .label = "新增", .help = "新增一项决议及表决票数", .perm = STORE_PERM_EDIT},
    {.id = A_EDIT, .key = UK_ENTER, .help = "修改所选决议", .perm = STORE_PERM_EDIT},
    {.id = A_REMOVE, .key = UK_F(8), .label = "移除", .help = "从本记录中移除所选决议（保存后，原内容留在修改记录里）", .perm = STORE_PERM_EDIT},
    {0},
};

static const struct ui_column resolution_columns[] = {
    {.title = "决议事项", .width = 20, .grow = 1},
    {.title = "赞成", .width = 4, .right = true},
    {.title = "反对", .width = 4, .right = true},
    {.title = "弃权", .width = 4, .right = true},
    {.title = "结果", .width = 6},
};

struct resolutions {
    struct ui_list list;
    struct meeting *m;
    bool *edited;
    bool readonly;
};

static void resolution_cell(void *ctx, int row, int column, char *buf, size_t bufsz)
{
    struct resolutions *r = ctx;
    buf[0] = '\0';
    if (row < 0 || row >= r->m->nresolutions) return;
    const struct resolution *x = &r->m->resolutions[row];
    if (column == 0) zb_strlcpy(buf, x->text, bufsz);
    if (column == 1) snprintf(buf, bufsz, "%d", x->votes_for);
    if (column == 2) snprintf(buf, bufsz, "%d", x->votes_against);
    if (column == 3) snprintf(buf, bufsz, "%d", x->votes_abstain);
    if (column == 4) zb_strlcpy(buf, meeting_resolution_outcome(r->m, x), bufsz);
}

static int load(struct screen *s)
{
    struct resolutions *r = s->state;
    return r->m->nresolutions;
}

static int resolutions_init(struct screen *s, void *arg)
{
    struct resolutions *r = s->state;
    const struct meeting_part_arg *p = arg;
    r->m = p->m;
    r->edited = p->edited;
    r->readonly = p->readonly;
    return 0;
}

static enum ui_attr resolutions_header(struct screen *s, char *line, size_t linesz)
{
    struct resolutions *r = s->state;
    /* the outcome is counted on those entitled to vote (core: meeting_resolution_passed) */
    snprintf(line, linesz, "决议 %d 项  有表决权应到 %d 人，出席 %d 人（赞成票超过应到半数为通过）%s",
             r->m->nresolutions, meeting_voters_entitled(r->m), meeting_voters_present(r->m),
             r->readonly ? "（只读）" : "");
    return UA_HEADER;
}

/* Reads a vote count; false on Esc. Keeps asking until it is a whole number 0..9999. */
static bool ask_votes(struct app *app, const char *title, const char *label, int *votes)
{
    char buf[16];
    snprintf(buf, sizeof buf, "%d", *votes);
    for (;;) {
        if (!ui_prompt(title, label, buf, sizeof buf, 4, true)) return false;
        text_trim(buf);
        if (text_all_digits(buf) && strlen(buf) <= 4) {
            *votes = atoi(buf);
            return true;
        }
        app_error(app, "票数应为 0 到 9999 的整数");
        ui_message("票数有误", "票数应为 0 到 9999 的整数");
    }
}

/* Asks for the text and the three counts; false if cancelled. The counts are asked again
 * while they add up to more than those present with a vote (the rule is meeting.c's). */
static bool ask_resolution(struct app *app, const struct meeting *m, struct resolution *x,
                           const char *title)
{
    char text[sizeof x->text];
    zb_strlcpy(text, x->text, sizeof text);
    if (!ui_prompt(title, "决议事项：", text, sizeof text, 150, true)) return false;
    text_trim(text);
    struct resolution v = *x;
    zb_strlcpy(v.text, text, sizeof v.text);
    for (;;) {
        if (!ask_votes(app, title, "赞成票数：", &v.votes_for)) return false;
        if (!ask_votes(app, title, "反对票数：", &v.votes_against)) return false;
        if (!ask_votes(app, title, "弃权票数：", &v.votes_abstain)) return false;
        struct meeting one = {.attendees = m->attendees, .nattendees = m->nattendees,
                              .resolutions = &v, .nresolutions = 1};
        const char *why = meeting_votes_problem(&one);
        if (!why) break;
        /* "第 1 项决议…" would name the wrong place: say it of this one */
        const char *rest = strstr(why, "的表决票数");
        char msg[240];
        snprintf(msg, sizeof msg, "这项决议%s", rest ? rest : why);
        app_error(app, "%s", msg);
        ui_message("票数有误", msg);
    }
    *x = v;
    return true;
}

static int resolutions_act(struct screen *s, const struct ui_action *act)
{
    struct resolutions *r = s->state;
    struct app *app = s->app;
    if (r->readonly) {
        app_error(app, "已作废的记录只能查看");
        return SR_REDRAW;
    }
    int sel = r->list.sel;
    switch (act->id) {
    case A_ADD: {
        struct resolution x = {0};
        if (!ask_resolution(app, r->m, &x, "新增决议")) return SR_REDRAW;
        r->m->resolutions = xrealloc(r->m->resolutions, (size_t)(r->m->nresolutions + 1) * sizeof x);
        r->m->resolutions[r->m->nresolutions++] = x;
        ui_list_set_count(&r->list, r->m->nresolutions);
        ui_list_select(&r->list, r->m->nresolutions - 1);
        *r->edited = true;
        return SR_REDRAW;
    }
    case A_EDIT:
        if (sel < 0 || sel >= r->m->nresolutions) return SR_REDRAW;
        if (ask_resolution(app, r->m, &r->m->resolutions[sel], "修改决议")) *r->edited = true;
        return SR_REDRAW;
    case A_REMOVE:
        if (sel < 0 || sel >= r->m->nresolutions) return SR_REDRAW;
        if (!ui_confirm("从本记录中移除这项决议？")) return SR_REDRAW;
        memmove(&r->m->resolutions[sel], &r->m->resolutions[sel + 1],
                (size_t)(r->m->nresolutions - sel - 1) * sizeof r->m->resolutions[0]);
        r->m->nresolutions--;
        ui_list_set_count(&r->list, r->m->nresolutions);
        *r->edited = true;
        return SR_REDRAW;
    default: return SR_NONE;
    }
}

/* A voided record, or one opened to be looked at: the resolutions cannot be changed. */
static const char *resolutions_readonly(struct screen *s)
{
    struct resolutions *r = s->state;
    if (!r->readonly) return NULL;
    return r->m->voided_at[0] ? "已作废的记录只能查看" : "这里只能查看记录";
}

static int64_t resolutions_branch(struct screen *s)
{
    struct resolutions *r = s->state;
    return r->m && r->m->branch_id ? r->m->branch_id : s->app->branch_id;
}

static const struct list_screen resolutions_list = {
    .columns = resolution_columns, .ncolumns = 5, .empty_text = "（尚无决议。没有表决事项的，在记录中勾选“无表决事项”）",
    .init = resolutions_init, .load = load, .header = resolutions_header, .cell = resolution_cell,
    .act = resolutions_act,
};

const struct screen_ops resolutions_screen = {
    .name = "resolutions",
    .title = "决议",
    .manual = "三会一课",
    .help_intro = "登记会议形成的决议和表决结果。党员大会、支委会须有决议及表决，或注明“无表决事项”。"
                  "赞成票超过有表决权应到人数（经批准不计应到的除外）的一半为通过；"
                  "赞成、反对、弃权合计不能超过出席会议的有表决权党员人数。",
    .state_size = sizeof(struct resolutions),
    .actions = resolution_actions,
    .back = "返回会议记录",
    LIST_SCREEN_OPS(resolutions_list),
    .branch = resolutions_branch,
    .readonly = resolutions_readonly,
};
