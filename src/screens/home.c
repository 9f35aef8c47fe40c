/* home.c — 首页: the current branch, today, its numbers, and the modules (digits 1–9, then 0). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/model.h"
#include "zhibu/reminders.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

enum { A_OPEN = 1, A_BRANCH, A_REMINDERS, A_CIRCULAR };

static const struct ui_action home_actions[] = {
    {.id = A_OPEN, .key = UK_ENTER, .help = "打开所选功能（也可直接按数字 1–9、0）", .perm = STORE_PERM_ANY},
    {.id = A_BRANCH, .key = UK_F(4), .label = "切换支部", .help = "选择另一个支部作为当前支部", .perm = STORE_PERM_ALL_BRANCHES},
    {.id = A_REMINDERS, .key = 'r', .label = "全部提醒",
     .help = "列出全部待办提醒（首页放不下的也在内），↑↓ 翻阅", .perm = STORE_PERM_ANY},
    {.id = A_CIRCULAR, .key = 't', .help = "通报（区（县）的数据库）：各乡镇排名、连续未合格支部、走势", .perm = STORE_PERM_ANY},
    {0},
};

/* Reminders read for the home screen and its full list (r). */
#define HOME_REMINDERS_MAX 500

struct module {
    const char *name;
    const char *note;                /* shown after the name */
    const struct screen_ops *screen; /* NULL: not built yet, or a special action */
};

/* The keys 1–9 then 0: module i has key (i + 1) % 10. */
#define NMODULES 10

static const struct module MODULES[NMODULES] = {
    {"三会一课", "会议记录、出席、计划", &meetings_screen},
    {"党员名册", "党员信息、离开名册、修改记录", &roster_screen},
    {"党费", "收缴、欠交", &dues_screen},
    {"设岗定责", "岗位、认领、汇报、评议", &posts_screen},
    {"月审月报", "逐月审查、整改、月报", &review_screen},
    {"支部信息", "名称、代码、类型、主题党日", &branch_screen},
    {"党小组", "小组与组长", &groups_screen},
    {"支部委员会", "书记、委员及分工", &committee_screen},
    {"系统管理", "本单位、台账文件、备份与账号（管理员）", &system_screen},
    {"发展党员", "从入党申请到转正", &pipeline_screen},
};

struct home {
    int sel;
    bool have_branch;
    struct branch branch;
    int n_total, n_full, n_probation, n_office, n_left, n_groups;
    struct reminder *reminders; /* HOME_REMINDERS_MAX */
    int nreminders;
};

static void load(struct screen *s)
{
    struct home *h = s->state;
    struct app *app = s->app;
    h->have_branch = app->branch_id && store_branch_get(app->store, app->branch_id, &h->branch) == STORE_OK;
    h->nreminders = 0;
    if (!h->have_branch) return;
    if (!h->reminders) h->reminders = xcalloc(HOME_REMINDERS_MAX, sizeof *h->reminders);
    h->nreminders = reminders_collect(app, h->reminders, HOME_REMINDERS_MAX);
    struct member_filter f = {.branch_id = app->branch_id};
    h->n_total = store_member_count(app->store, &f);
    f.status = "full";
    h->n_full = store_member_count(app->store, &f);
    f.status = "probationary";
    h->n_probation = store_member_count(app->store, &f);
    f.status = NULL;
    f.only_office = true;
    h->n_office = store_member_count(app->store, &f);
    f.only_office = false;
    f.only_left = true;
    h->n_left = store_member_count(app->store, &f);
    int n = 0;
    free(screens_groups(app, &n)); /* only how many */
    h->n_groups = n;
}

static int home_open(struct screen *s, void *arg)
{
    (void)arg;
    struct home *h = s->state;
    h->sel = 1;
    load(s);
    return 0;
}

static void home_resume(struct screen *s)
{
    load(s);
}

static void home_close(struct screen *s)
{
    struct home *h = s->state;
    free(h->reminders);
}

/* Appends text to the heap string *buf of *len bytes. */
static void append(char **buf, size_t *len, const char *text)
{
    size_t n = strlen(text);
    *buf = xrealloc(*buf, *len + n + 1);
    memcpy(*buf + *len, text, n + 1);
    *len += n;
}

/* r: every reminder, the urgent ones first, in a box that scrolls — the home panel shows only
 * what fits. */
static int show_reminders(struct screen *s)
{
    struct home *h = s->state;
    if (!h->have_branch) {
        app_error(s->app, "尚未选择支部：按 F4 选择支部后再看待办提醒");
        return SR_REDRAW;
    }
    if (h->nreminders == 0) {
        ui_message("待办提醒", "本期规定的会议均已召开，没有待办计划。");
        return SR_REDRAW;
    }
    int urgent = 0;
    for (int i = 0; i < h->nreminders; i++)
        if (h->reminders[i].urgent) urgent++;
    char *text = NULL, line[400];
    size_t len = 0;
    append(&text, &len, "");
    for (int pass = 0; pass < 2; pass++) {
        int count = pass == 0 ? urgent : h->nreminders - urgent;
        if (count == 0) continue;
        snprintf(line, sizeof line, "%s%s（%d 条）：\n", len ? "\n" : "", pass == 0 ? "逾期或未达标" : "其他提醒",
                 count);
        append(&text, &len, line);
        for (int i = 0; i < h->nreminders; i++) {
            if (h->reminders[i].urgent != (pass == 0)) continue;
            snprintf(line, sizeof line, "  ·  %s\n", h->reminders[i].text);
            append(&text, &len, line);
        }
    }
    if (h->nreminders >= HOME_REMINDERS_MAX) {
        snprintf(line, sizeof line, "\n只显示前 %d 条。", HOME_REMINDERS_MAX);
        append(&text, &len, line);
    }
    char title[80];
    snprintf(title, sizeof title, "待办提醒（共 %d 条）", h->nreminders);
    ui_message(title, text);
    free(text);
    return SR_REDRAW;
}

static const char *const WEEKDAYS[7] = {"星期一", "星期二", "星期三", "星期四",
                                        "星期五", "星期六", "星期日"};

static void home_draw(struct screen *s, struct ui_rect r)
{
    struct home *h = s->state;
    char line[512];
    int row = r.row + 1, col = r.col + 2, w = r.cols - 4;
    struct zdate today = clock_today();
    snprintf(line, sizeof line, "今天 %04d年%d月%d日 %s    %d年第%d季度", today.y, today.m,
             today.d, WEEKDAYS[date_weekday(today)], today.y, date_quarter(today));
    if (h->have_branch) {
        char head[400];
        snprintf(head, sizeof head, "%s（%s，组织代码 %s）", h->branch.name,
                 code_label_of(BRANCH_TYPES, h->branch.type), h->branch.code);
        ui_put(row++, col, w, head, UA_HEADER);
        ui_put(row++, col, w, line, UA_NORMAL);
        row++;
        snprintf(line, sizeof line, "在册党员 %d 名：正式党员 %d，预备党员 %d；支委 %d 人；党小组 %d 个",
                 h->n_total, h->n_full, h->n_probation, h->n_office, h->n_groups);
        ui_put(row++, col, w, line, UA_NORMAL);
        if (h->n_left > 0) {
            snprintf(line, sizeof line, "已离开名册 %d 名（转出、去世等，记录保留）", h->n_left);
            ui_put(row++, col, w, line, UA_DIM);
        }
    } else {
        ui_put(row++, col, w, "尚未选择支部", UA_HEADER);
        ui_put(row++, col, w, line, UA_NORMAL);
        row++;
        ui_put(row++, col, w, "数据库中还没有支部：按 6 新建支部信息，或用 zhibu demo 生成演示数据。",
               UA_MARK);
    }
    row++;
    /* modules on the left, reminders on the right */
    /* module notes only when there is room for them beside the reminders */
    bool notes = w >= 110;
    int left_w = notes ? 44 : 20;
    int right_col = col + left_w + 1, right_w = w - left_w - 1;
    int top = row;
    ui_put(row++, col, left_w, notes ? "功能（数字键，或 ↑↓ 后 Enter）" : "功能（按数字键）", UA_HEADER);
    for (int i = 0; i < NMODULES && row < r.row + r.rows; i++, row++) {
        const struct module *m = &MODULES[i];
        bool built = m->screen != NULL;
        /* 系统管理 dimmed for whom is not an administrator */
        bool usable = i != 8 || store_may(s->app->store, STORE_PERM_ADMIN, s->app->branch_id);
        enum ui_attr a = (i + 1 == h->sel) ? UA_SELECTED : (built && usable ? UA_NORMAL : UA_DIM);
        snprintf(line, sizeof line, " %d  %s", (i + 1) % 10, m->name);
        ui_put(row, col, left_w, "", a);
        ui_put_n(row, col, 16, line, a);
        if (notes)
            ui_put(row, col + 16, left_w - 16, built ? m->note : "尚未建成", a);
        else if (!built)
            ui_put(row, col + 14, left_w - 14, "未建", a);
    }
    if (right_w < 20 || !h->have_branch) return;
    row = top;
    ui_put(row++, right_col, right_w, "待办提醒", UA_HEADER);
    if (h->nreminders == 0)
        ui_put(row++, right_col, right_w, "本期规定的会议均已召开，没有待办计划", UA_DIM);
    for (int i = 0; i < h->nreminders && row < r.row + r.rows; i++, row++) {
        bool last_row = row == r.row + r.rows - 1 && i < h->nreminders - 1;
        if (last_row) {
            snprintf(line, sizeof line, "……另有 %d 条，按 r 查看全部", h->nreminders - i);
            ui_put(row, right_col, right_w, line, UA_DIM);
            break;
        }
        ui_put(row, right_col, right_w, h->reminders[i].text, h->reminders[i].urgent ? UA_MARK : UA_NORMAL);
    }
}

/* Module 5: the township's review of every branch, or the branch's own self-check, hand-in and
 * rectification orders. */
static int open_review(struct screen *s)
{
    struct app *app = s->app;
    static const char *const opts[] = {"全部支部月审（乡镇审查员）", "本支部上月自查、提交月报",
                                       "本支部本月自查", "本支部整改事项"};
    bool township = store_may(app->store, STORE_PERM_ALL_BRANCHES, app->branch_id);
    bool reviewer = store_may(app->store, STORE_PERM_REVIEW, app->branch_id);
    int pick = ui_pick("月审月报", opts, 4, app->branch_id && !reviewer ? 1 : 0);
    if (pick < 0) return SR_REDRAW;
    if (pick == 0 && !township) {
        app_error(app, "全部支部的月审由乡镇审查员查看；支部书记请选本支部自查或整改事项");
        return SR_REDRAW;
    }
    if (pick == 0) {
        app_push(app, &review_screen, NULL);
        return SR_REDRAW;
    }
    if (!app->branch_id) {
        app_error(app, "请先按 F4 选择支部");
        return SR_REDRAW;
    }
    if (pick == 3) {
        struct rectify_arg arg = {.branch_id = app->branch_id, .reviewer = false};
        app_push(app, &rectify_screen, &arg);
        return SR_REDRAW;
    }
    struct zdate month = date_month_start(clock_today());
    if (pick == 1) month = date_add_months(month, -1);
    struct branch_review_arg arg = {.branch_id = app->branch_id, .year = month.y, .month = month.m};
    app_push(app, &branch_review_screen, &arg);
    return SR_REDRAW;
}

/* F4: choose the current branch. */
static int switch_branch(struct screen *s)
{
    struct app *app = s->app;
    if (!screens_may_switch_branch(app)) return SR_REDRAW;
    struct store_branch_list all;
    store_branch_list(app->store, &all);
    if (all.n <= 0) {
        store_branch_list_free(&all);
        app_error(app, "数据库中还没有支部，请先按 6 新建支部信息");
        return SR_REDRAW;
    }
    struct branch *list = all.v;
    int count = all.n;
    const char **names = xcalloc((size_t)count + 1, sizeof *names);
    int initial = 0;
    for (int i = 0; i < count; i++) {
        names[i] = xasprintf("%s  %s", list[i].code, list[i].name);
        if (list[i].id == app->branch_id) initial = i;
    }
    int pick = ui_pick("切换支部", names, count, initial);
    if (pick >= 0) {
        screens_set_branch(app, list[pick].id);
        load(s);
        app_status(app, "当前支部：%s", app->branch_name);
    }
    for (int i = 0; i < count; i++) free((void *)names[i]);
    free(names);
    free(list);
    return SR_REDRAW;
}

static int open_module(struct screen *s, int n)
{
    struct app *app = s->app;
    struct home *h = s->state;
    h->sel = n;
    const struct module *m = &MODULES[n - 1];
    if (m->screen == &system_screen) {
        app_push(app, m->screen, NULL);
        return SR_REDRAW;
    }
    if (!m->screen) {
        app_status(app, "「%s」模块尚未建成，将在后续版本中提供", m->name);
        return SR_REDRAW;
    }
    if (m->screen == &review_screen) return open_review(s);
    if (!h->have_branch && m->screen != &branch_screen) {
        app_error(app, "请先按 6 建立支部信息，或按 F4 选择支部");
        return SR_REDRAW;
    }
    int64_t id = app->branch_id;
    app_push(app, m->screen, m->screen == &branch_screen && h->have_branch ? &id : NULL);
    return SR_REDRAW;
}

static int home_handle(struct screen *s, int key, const struct ui_action *act)
{
    struct home *h = s->state;
    if (key >= '1' && key <= '9') return open_module(s, key - '0');
    if (key == '0') return open_module(s, NMODULES);
    if (act && act->id == A_OPEN) return open_module(s, h->sel);
    if (act && act->id == A_BRANCH) return switch_branch(s);
    if (act && act->id == A_REMINDERS) return show_reminders(s);
    if (act && act->id == A_CIRCULAR) return app_push(s->app, &circular_screen, NULL), SR_REDRAW;
    switch (key) {
    case UK_UP: case 'k': h->sel = h->sel > 1 ? h->sel - 1 : NMODULES; return SR_REDRAW;
    case UK_DOWN: case 'j': h->sel = h->sel < NMODULES ? h->sel + 1 : 1; return SR_REDRAW;
    case UK_HOME: h->sel = 1; return SR_REDRAW;
    case UK_END: h->sel = NMODULES; return SR_REDRAW;
    case UK_ESC: return SR_NONE;
    default: return SR_NONE;
    }
}

const struct screen_ops home_screen = {
    .name = "home",
    .title = "首页",
    .manual = "首页与按键",
    .help_intro = "首页显示当前支部、今天的日期、各功能模块和待办提醒。按数字 1–9、0 打开模块（0 发展党员）；"
                  "提醒放不下时按 r 查看全部。",
    .state_size = sizeof(struct home),
    .actions = home_actions,
    .open = home_open,
    .draw = home_draw,
    .handle = home_handle,
    .resume = home_resume,
    .close = home_close,
};
