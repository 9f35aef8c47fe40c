/* groups.c — 党小组: the branch's party groups with their leaders, sizes and dates; add, rename,
 * set the leader, set the dates (成立日期, 撤销日期: the audit asks a group to meet only in the
 * months it stood, group_meets_in_month). Members are put into groups in the member form. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/branch_rules.h"
#include "zhibu/clock.h"
#include "zhibu/history_view.h"
#include "zhibu/list_screen.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

enum { A_NEW = 1, A_RENAME, A_LEADER, A_DATES, A_HISTORY };

static const struct ui_action group_actions[] = {
    {.id = A_NEW, .key = UK_F(2), .label = "新建", .help = "新建一个党小组", .perm = STORE_PERM_EDIT},
    {.id = A_RENAME, .key = UK_ENTER, .help = "修改所选党小组的名称", .perm = STORE_PERM_EDIT},
    {.id = A_LEADER, .key = 'l', .label = "组长", .help = "从本小组的党员中指定组长", .perm = STORE_PERM_EDIT},
    {.id = A_DATES, .key = 'd', .label = "日期", .help = "设置所选党小组的成立日期和撤销日期", .perm = STORE_PERM_EDIT},
    {.id = A_HISTORY, .key = 'h', .label = "记录", .help = "查看所选党小组的修改记录", .perm = STORE_PERM_ANY},
    {0},
};

static const struct ui_column group_columns[] = {
    {.title = "党小组", .width = 16, .grow = 2},
    {.title = "组长", .width = 10, .grow = 1},
    {.title = "在册人数", .width = 8, .right = true},
    {.title = "成立日期", .width = 10},
    {.title = "撤销日期", .width = 10},
};

struct groups {
    struct ui_list list;
    struct group *groups; /* every group of the branch (heap) */
    int n;
};

static void group_cell(void *ctx, int row, int column, char *buf, size_t bufsz)
{
    struct groups *g = ctx;
    buf[0] = '\0';
    if (row < 0 || row >= g->n) return;
    const struct group *gr = &g->groups[row];
    if (column == 0) zb_strlcpy(buf, gr->name, bufsz);
    if (column == 1) zb_strlcpy(buf, gr->leader_name[0] ? gr->leader_name : "（未指定）", bufsz);
    if (column == 2) snprintf(buf, bufsz, "%d", gr->member_count);
    if (column == 3) zb_strlcpy(buf, gr->start_date[0] ? gr->start_date : "（未填）", bufsz);
    if (column == 4) zb_strlcpy(buf, gr->end_date[0] ? gr->end_date : "—", bufsz);
}

static int load(struct screen *s)
{
    struct groups *g = s->state;
    free(g->groups);
    g->groups = screens_groups(s->app, &g->n);
    return g->n;
}

static void reload(struct screen *s, int64_t select_id)
{
    struct groups *g = s->state;
    list_screen_reload(s);
    for (int i = 0; i < g->n; i++)
        if (g->groups[i].id == select_id) ui_list_select(&g->list, i);
}

static int groups_init(struct screen *s, void *arg)
{
    (void)arg;
    struct groups *g = s->state;
    g->list.empty_text = store_may(s->app->store, STORE_PERM_EDIT, s->app->branch_id)
                             ? "（本支部还没有党小组，按 F2 新建）"
                             : "（本支部还没有党小组）";
    return 0;
}

static void groups_release(struct screen *s)
{
    struct groups *g = s->state;
    free(g->groups);
}

static enum ui_attr groups_header(struct screen *s, char *line, size_t linesz)
{
    struct groups *g = s->state;
    snprintf(line, linesz, "党小组 %d 个（党员分组在党员信息中设置）", g->n);
    return UA_NORMAL;
}

/* Asks for a name until it is acceptable or the user cancels. */
static bool ask_name(struct app *app, const char *title, char *buf, size_t bufsz)
{
    for (;;) {
        if (!ui_prompt(title, "名称：", buf, bufsz, GROUP_NAME_MAX, true)) return false;
        text_trim(buf);
        const char *err = group_name_check(buf);
        if (!err) return true;
        app_error(app, "%s", err);
        ui_message("名称有误", err);
    }
}

/* Asks for the group's start and end dates until group_dates_check accepts them (a wrong
 * date asks again for the date it is in) or the user cancels. */
static bool ask_dates(struct app *app, struct group *g)
{
    char start[32], end[32];
    zb_strlcpy(start, g->start_date, sizeof start);
    zb_strlcpy(end, g->end_date, sizeof end);
    int field = 1;
    for (;;) {
        if (field <= 1) {
            if (!ui_prompt("党小组日期", "成立日期（YYYY-MM-DD）：", start, sizeof start, 10, true)) return false;
            text_trim(start);
        }
        if (!ui_prompt("党小组日期", "撤销日期（未撤销留空）：", end, sizeof end, 10, false)) return false;
        text_trim(end);
        char msgbuf[ZB_MSG_MAX];
        const char *err = group_dates_check(start, end, clock_today(), &field, msgbuf, sizeof msgbuf);
        if (!err) break;
        app_error(app, "%s", err);
        ui_message("日期有误", err);
    }
    zb_strlcpy(g->start_date, start, sizeof g->start_date);
    zb_strlcpy(g->end_date, end, sizeof g->end_date);
    return true;
}

static int groups_act(struct screen *s, const struct ui_action *act)
{
    struct groups *g = s->state;
    struct app *app = s->app;
    struct group *sel = g->list.sel >= 0 && g->list.sel < g->n ? &g->groups[g->list.sel] : NULL;
    switch (act->id) {
    case A_NEW: {
        char name[TEXT_SHORT] = "";
        if (!ask_name(app, "新建党小组", name, sizeof name)) return SR_REDRAW;
        struct group ng = {.branch_id = app->branch_id};
        zb_strlcpy(ng.name, name, sizeof ng.name);
        if (store_group_add(app->store, &ng) != STORE_OK) {
            screens_store_error(app, "未保存");
            return SR_REDRAW;
        }
        app_status(app, "已新建党小组：%s，成立日期 %s（按 d 修改）", ng.name, ng.start_date);
        reload(s, ng.id);
        return SR_REDRAW;
    }
    case A_RENAME: {
        if (!sel) { app_error(app, "请先选择一个党小组"); return SR_REDRAW; }
        char name[TEXT_SHORT];
        zb_strlcpy(name, sel->name, sizeof name);
        if (!ask_name(app, "修改党小组名称", name, sizeof name)) return SR_REDRAW;
        struct group ug = *sel;
        zb_strlcpy(ug.name, name, sizeof ug.name);
        int rc = store_group_update(app->store, &ug);
        if (rc == STORE_ERR_CHANGED) {
            reload(s, ug.id);
            screens_conflict_note(app);
            return SR_REDRAW;
        }
        if (rc != STORE_OK) {
            screens_store_error(app, "未保存");
            return SR_REDRAW;
        }
        app_status(app, "已改名：%s", ug.name);
        reload(s, ug.id);
        return SR_REDRAW;
    }
    case A_LEADER: {
        if (!sel) { app_error(app, "请先选择一个党小组"); return SR_REDRAW; }
        struct member_filter f = {.branch_id = app->branch_id, .group_id = sel->id};
        char empty[200];
        snprintf(empty, sizeof empty, "%s 还没有党员（在党员信息中把党员分到本小组）", sel->name);
        struct member leader;
        if (screens_pick_member(app, &f, "指定组长", sel->leader_id, empty, &leader) == 0) {
            struct group ug = *sel;
            ug.leader_id = leader.id;
            int rc = store_group_update(app->store, &ug);
            reload(s, ug.id);
            if (rc == STORE_ERR_CHANGED)
                screens_conflict_note(app);
            else if (rc != STORE_OK)
                screens_store_error(app, "未保存");
            else
                app_status(app, "%s 组长：%s", ug.name, leader.name);
        }
        return SR_REDRAW;
    }
    case A_DATES: {
        if (!sel) { app_error(app, "请先选择一个党小组"); return SR_REDRAW; }
        struct group ug = *sel;
        if (!ask_dates(app, &ug)) return SR_REDRAW;
        int rc = store_group_update(app->store, &ug);
        reload(s, ug.id);
        if (rc == STORE_ERR_CHANGED)
            screens_conflict_note(app);
        else if (rc != STORE_OK)
            screens_store_error(app, "未保存");
        else if (ug.end_date[0])
            app_status(app, "%s：成立 %s，撤销 %s", ug.name, ug.start_date, ug.end_date);
        else
            app_status(app, "%s：成立 %s，尚未撤销", ug.name, ug.start_date);
        return SR_REDRAW;
    }
    case A_HISTORY:
        if (sel) history_view_show(app, "party_group", sel->uuid, sel->name);
        return SR_REDRAW;
    default: return SR_NONE;
    }
}

static const struct list_screen groups_list = {
    .columns = group_columns, .ncolumns = (int)ZB_ARRAY_LEN(group_columns), .init = groups_init,
    .load = load, .header = groups_header, .cell = group_cell, .act = groups_act,
    .release = groups_release,
};

const struct screen_ops groups_screen = {
    .name = "groups",
    .title = "党小组",
    .manual = "支部信息、党小组与支部委员会",
    .help_intro = "管理本支部的党小组、组长和成立、撤销日期。把党员分到小组，请在党员名册中打开党员信息修改"
                  "“党小组”一项。月审只要求小组在成立之后、撤销之前的整月召开小组会，且该月末小组有在册党员；"
                  "新建的小组从今天成立，早已成立的小组请按 d 填写实际成立日期。",
    .state_size = sizeof(struct groups),
    .actions = group_actions,
    .back = "返回首页",
    LIST_SCREEN_OPS(groups_list),
};
