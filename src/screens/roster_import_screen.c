/* roster_import.c — 导入党员名册 (the roster's F7): asks for the office's file (.xlsx or .csv),
 * shows the dry run — what each row would do and every problem with the row number the office
 * sees in Excel — on a page that scrolls, offers to make the groups the branch lacks, and writes
 * the whole file after a confirmation (store_roster.h: all rows or none). r reads the file again
 * after it was corrected in Excel. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/roster_import.h"
#include "zhibu/rules.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_roster.h"
#include "zhibu/table_read.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

enum { A_IMPORT = 1, A_RELOAD, A_OTHER };

static const struct ui_action import_actions[] = {
    {.id = A_IMPORT, .key = UK_F(2), .key2 = UK_CTRL_S, .label = "导入", .help = "把文件中的党员全部写入名册（先确认；有任何问题时不写入）；表中有支部还没有的党小组时先询问是否新建", .perm = STORE_PERM_EDIT},
    {.id = A_RELOAD, .key = 'r', .label = "重读", .help = "在 Excel 中改好文件后，重新读取并检查", .perm = STORE_PERM_ANY},
    {.id = A_OTHER, .key = 'o', .label = "换文件", .help = "选择另一个文件", .perm = STORE_PERM_ANY},
    {0},
};

#define PATH_MAX_CHARS 500

struct roster_import {
    char path[PATH_MAX_CHARS * 4 + 1];
    char source[PATH_MAX_CHARS * 4 + 320]; /* "名册.xlsx：工作表“党员名册”，表头在第 1 行" */
    struct rimp_plan plan;
    bool planned;
    bool create_groups;
    char *report;                          /* rimp_plan_report (heap) */
    struct ui_textview view;               /* the report, wrapped and scrolled */
};

/* "~/名册.xlsx" as the shell would read it. */
static void expand_home(const char *typed, char *out, size_t outsz)
{
    const char *home = getenv("HOME");
    if (typed[0] == '~' && typed[1] == '/' && home && home[0])
        snprintf(out, outsz, "%s%s", home, typed + 1);
    else
        zb_strlcpy(out, typed, outsz);
}

/* Reads r->path and plans it; false with the reason shown in a message. */
static bool read_and_plan(struct screen *s)
{
    struct roster_import *r = s->state;
    struct app *app = s->app;
    struct table t;
    char err[1024];
    char path[sizeof r->path];
    expand_home(r->path, path, sizeof path);
    if (table_read_file(path, &(struct table_read_opts){0}, &t, err, sizeof err) != 0) {
        ui_message("无法读取文件", err);
        return false;
    }
    struct roster_rules rules = {.min_join_age = app->rules->min_join_age,
                                 .probation_months = app->rules->probation.months};
    struct rimp_plan p;
    if (store_roster_plan(app->store, app->branch_id, &t, &rules, r->create_groups, &p) != STORE_OK) {
        ui_message("无法检查文件", store_errmsg(app->store));
        table_free(&t);
        return false;
    }
    if (r->planned) rimp_plan_free(&r->plan);
    free(r->report);
    r->plan = p;
    r->planned = true;
    r->report = rimp_plan_report(&r->plan, "按 F2 导入时可选择新建");
    r->view.top = 0;
    if (t.sheet[0])
        snprintf(r->source, sizeof r->source, "%s：工作表“%s”，表头在第 %d 行", r->path, t.sheet,
                 r->plan.header_line);
    else
        snprintf(r->source, sizeof r->source, "%s：%s 编码的 CSV 文件，表头在第 %d 行", r->path,
                 t.encoding, r->plan.header_line);
    table_free(&t);
    return true;
}

/* Asks for a file until one reads (Esc: false). */
static bool ask_file(struct screen *s)
{
    struct roster_import *r = s->state;
    for (;;) {
        char buf[sizeof r->path];
        zb_strlcpy(buf, r->path, sizeof buf);
        if (!ui_prompt("导入党员名册", "文件（.xlsx 或 .csv）：", buf, sizeof buf, PATH_MAX_CHARS, true))
            return false;
        text_trim(buf);
        zb_strlcpy(r->path, buf, sizeof r->path);
        r->create_groups = false;
        if (read_and_plan(s)) return true;
    }
}

static int import_open(struct screen *s, void *arg)
{
    (void)arg;
    if (!ask_file(s)) {
        app_status(s->app, "未导入");
        return -1;
    }
    return 0;
}

static void import_close(struct screen *s)
{
    struct roster_import *r = s->state;
    if (r->planned) rimp_plan_free(&r->plan);
    free(r->report);
}

/* A problem stands out; what a row would do, the notes and the totals do not. */
static enum ui_attr report_attr(void *ctx, const char *para)
{
    (void)ctx;
    bool action = strstr(para, "：新增 ") || strstr(para, "：更新 ") || strstr(para, "：无变化 ");
    bool problem = strncmp(para, "第 ", strlen("第 ")) == 0 && !action;
    return problem ? UA_MARK : UA_NORMAL;
}

static void import_draw(struct screen *s, struct ui_rect body)
{
    struct roster_import *r = s->state;
    const struct rimp_plan *p = &r->plan;
    if (!r->planned) {
        /* the file is being asked for: nothing read, nothing to say about it yet */
        ui_put(body.row, body.col + 1, body.cols - 2, "请输入要导入的名册文件（.xlsx 或 .csv）", UA_DIM);
        return;
    }
    ui_put_hinted(body.row, body.col + 1, body.cols - 2, r->source, NULL, UA_NORMAL);
    char head[256];
    if (p->nproblems)
        snprintf(head, sizeof head, "试运行：新增 %d，更新 %d，无变化 %d；问题 %d 处（改好文件后按 r 重读）",
                 p->added, p->updated, p->same, p->nproblems);
    else
        snprintf(head, sizeof head, "试运行：新增 %d，更新 %d，无变化 %d；没有问题，按 F2 导入",
                 p->added, p->updated, p->same);
    ui_put(body.row + 1, body.col + 1, body.cols - 2, head, p->nproblems ? UA_ERROR : UA_HEADER);
    struct ui_rect area = {body.row + 2, body.col + 1, body.rows - 2, body.cols - 2};
    if (area.rows < 1 || area.cols < 4) return;
    r->view.para_attr = report_attr;
    ui_textview_draw(&r->view, area, r->report);
    if (r->view.nlines > r->view.page) {
        char more[128];
        int last = r->view.top + r->view.page;
        snprintf(more, sizeof more, "（结果第 %d–%d 条，共 %d 条；↑ ↓ PgUp PgDn 翻看）", r->view.top + 1,
                 last < r->view.nlines ? last : r->view.nlines, r->view.nlines);
        ui_hint(more);
    }
}

static int do_import(struct screen *s)
{
    struct roster_import *r = s->state;
    struct app *app = s->app;
    /* the groups the branch lacks: made by the import, if the secretary says so */
    if (r->plan.nnew_groups > 0 && !r->create_groups) {
        char names[600];
        size_t n = 0;
        names[0] = '\0';
        int i = 0;
        for (; i < r->plan.nnew_groups; i++) {
            /* room kept for "等 N 个": the question never ends in a cut name */
            int w = snprintf(names + n, sizeof names - n - 32, "%s%s", i ? "、" : "",
                             r->plan.new_groups[i]);
            if (w < 0 || (size_t)w >= sizeof names - n - 32) {
                names[n] = '\0';
                break;
            }
            n += (size_t)w;
        }
        if (i < r->plan.nnew_groups)
            snprintf(names + n, sizeof names - n, "等 %d 个", r->plan.nnew_groups);
        char q[800];
        snprintf(q, sizeof q, "支部还没有这些党小组：%s。导入时新建？", names);
        if (!ui_confirm(q)) {
            app_status(app, "未导入：表中的党小组在支部中不存在");
            return SR_REDRAW;
        }
        r->create_groups = true;
        if (!read_and_plan(s)) return SR_REDRAW;
    }
    if (r->plan.nproblems > 0) {
        app_error(app, "有 %d 处问题，未导入任何内容：请在文件中改好后按 r 重读", r->plan.nproblems);
        return SR_REDRAW;
    }
    if (r->plan.added + r->plan.updated == 0) {
        app_status(app, "名册已与文件一致：无需导入");
        return SR_REDRAW;
    }
    char q[256];
    snprintf(q, sizeof q, "导入：新增 %d 名党员，更新 %d 名%s？", r->plan.added, r->plan.updated,
             r->plan.nnew_groups ? "，并新建党小组" : "");
    if (!ui_confirm(q)) {
        app_status(app, "未导入");
        return SR_REDRAW;
    }
    char err[1024];
    if (store_roster_apply(app->store, app->branch_id, &r->plan, err, sizeof err) != STORE_OK) {
        app_error(app, "未导入任何内容：%s", err);
        return SR_REDRAW;
    }
    app_status(app, "已导入：新增 %d，更新 %d，无变化 %d", r->plan.added, r->plan.updated,
               r->plan.same);
    return SR_BACK;
}

static int import_handle(struct screen *s, int key, const struct ui_action *act)
{
    struct roster_import *r = s->state;
    if (key == 'j') key = UK_DOWN; /* as in the lists */
    if (key == 'k') key = UK_UP;
    if (!act) return ui_textview_key(&r->view, key) ? SR_REDRAW : SR_NONE;
    switch (act->id) {
    case A_IMPORT: return do_import(s);
    case A_RELOAD:
        r->create_groups = false;
        if (read_and_plan(s)) app_status(s->app, "已重新读取 %s", r->path);
        return SR_REDRAW;
    case A_OTHER: ask_file(s); return SR_REDRAW;
    default: return SR_NONE;
    }
}

const struct screen_ops roster_import_screen = {
    .name = "roster_import",
    .title = "导入党员名册",
    .help_intro = "从办公室已有的名册文件（Excel 的 .xlsx，或 CSV）导入党员。先列出试运行的结果：每一行将"
                  "新增、更新（改了哪些项）还是无变化，以及每一处问题和它在 Excel 中的行号。有任何问题时"
                  "不导入任何内容；没有问题时按 F2 确认，全部写入，每一条都记入修改记录。已有的党员按姓名"
                  "和出生日期对应，表中空白的格子不改动名册中已有的内容。模板可用 zhibu import template 生成。",
    .state_size = sizeof(struct roster_import),
    .actions = import_actions,
    .back = "返回党员名册，不导入",
    .open = import_open,
    .draw = import_draw,
    .handle = import_handle,
    .close = import_close,
    .manual = "导入党员名册",
};
