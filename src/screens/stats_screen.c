/* stats_screen.c — 党内统计: the current branch's figures of a year (core/stats.c, counted by
 * store_stats_year) in two panes — 基本情况, 民族, 年龄 on the left; 学历, 人员类别, 本年发展和
 * 减少 on the right — and, for a user who sees every branch, beside each figure the total of
 * all the branches in scope. Reached from 党员名册 (t), and from the township's 月审 (t: the
 * selected branch, viewed in its own branch as a record is, with the total). ← → another year, ↑ ↓ PgUp PgDn scroll,
 * F9 writes the .xlsx of the same figures (stats_export.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/meeting_export.h"
#include "zhibu/screens.h"
#include "zhibu/stats.h"
#include "zhibu/stats_export.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_stats.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

#include "audit_refs.h"

enum { A_PREV = 1, A_NEXT, A_UP, A_DOWN, A_PGUP, A_PGDN, A_EXPORT };

static const struct ui_action stats_actions[] = {
    {.id = A_PREV, .key = UK_LEFT, .label = "上一年", .help = "看上一年（按当年 12 月 31 日的名册）", .perm = STORE_PERM_ANY},
    {.id = A_NEXT, .key = UK_RIGHT, .label = "下一年", .help = "看下一年（本年度按今天的名册）", .perm = STORE_PERM_ANY},
    {.id = A_UP, .key = UK_UP, .key2 = 'k', .help = "向上滚动", .perm = STORE_PERM_ANY},
    {.id = A_DOWN, .key = UK_DOWN, .key2 = 'j', .help = "向下滚动", .perm = STORE_PERM_ANY},
    {.id = A_PGUP, .key = UK_PGUP, .help = "向上翻页", .perm = STORE_PERM_ANY},
    {.id = A_PGDN, .key = UK_PGDN, .help = "向下翻页", .perm = STORE_PERM_ANY},
    {.id = A_EXPORT, .key = UK_F(9), .label = "导出", .help = "把这一年的党内统计导出为 .xlsx（A4 打印；看得到全部支部时每个支部一行并合计）", .perm = STORE_PERM_ANY},
    {0},
};

struct stats_view {
    int year;
    bool all;                       /* every branch in scope: the total beside the branch */
    int mine;                       /* the current branch's index in the table, -1 if none */
    struct stats_table t;
    struct store_branch_list branches;
    bool loaded;
    int top;                        /* the first line shown of the longer pane */
    int page;                       /* lines a pane showed at the last draw */
    struct screens_branch_ctx branch; /* opened on another branch (arg): viewed in it */
};

/* One line of a pane: a section's title (item < 0, section set), a figure, or a minority
 * (item == ST_COUNT, ethnic its index). */
struct line {
    int item;
    enum stats_section section;
    int ethnic;
};

/* a pane's lines: the sections' titles and items (about 30) and the minorities (free text: a
 * district may hold many spellings; those past the room are left out of the screen, never out of
 * the export) */
#define PANE_LINES 160

/* The lines of the pane of sections from .. to (inclusive). */
static int pane_lines(const struct stats_view *v, enum stats_section from, enum stats_section to,
                      struct line *out)
{
    int n = 0;
    for (int sec = from; sec <= (int)to; sec++) {
        out[n++] = (struct line){.item = -1, .section = (enum stats_section)sec};
        for (int i = 0; i < ST_COUNT && n < PANE_LINES - 1; i++) {
            if (STATS_ITEMS[i].section != (enum stats_section)sec) continue;
            out[n++] = (struct line){.item = i};
            if (i == ST_MINORITY && v->loaded) {
                const struct stats_counts *c = v->all ? &v->t.total : &v->t.branch[0];
                for (int k = 0; k < c->nminorities && n < PANE_LINES - 1; k++)
                    out[n++] = (struct line){.item = ST_COUNT, .ethnic = k};
            }
        }
    }
    return n;
}

static void load(struct screen *s)
{
    struct stats_view *v = s->state;
    struct app *app = s->app;
    if (v->loaded) {
        stats_free(&v->t);
        store_branch_list_free(&v->branches);
        v->loaded = false;
    }
    v->all = store_may(app->store, STORE_PERM_ALL_BRANCHES, 0);
    if (store_stats_year(app->store, v->all ? 0 : app->branch_id, v->year, &v->t, &v->branches) !=
        STORE_OK) {
        screens_store_error(app, "读取党内统计失败");
        return;
    }
    v->loaded = true;
    v->mine = -1;
    for (int i = 0; i < v->branches.n; i++)
        if (v->branches.v[i].id == app->branch_id) v->mine = i;
}

/* arg: NULL (the current branch), or int64_t* the branch to show beside the total. */
static int stats_open(struct screen *s, void *arg)
{
    struct stats_view *v = s->state;
    if (arg) screens_branch_enter(s->app, *(const int64_t *)arg, &v->branch);
    v->year = clock_today().y;
    load(s);
    return 0;
}

static void stats_close(struct screen *s)
{
    struct stats_view *v = s->state;
    if (v->loaded) {
        stats_free(&v->t);
        store_branch_list_free(&v->branches);
    }
    screens_branch_leave(s->app, &v->branch);
}

/* A figure's count, or "" when the column does not apply. */
static void count_text(const struct stats_counts *c, const struct line *l, char *out, size_t outsz)
{
    out[0] = '\0';
    if (!c) return;
    snprintf(out, outsz, "%d", c->n[l->item]);
}

/* The minority of line l in the counts the lines were made from, counted in c (by name: the
 * branch's list differs from the total's). */
static void minority_text(const struct stats_counts *from, const struct stats_counts *c,
                          const struct line *l, char *out, size_t outsz)
{
    out[0] = '\0';
    if (!c || !from || l->ethnic >= from->nminorities) return;
    const char *name = from->minorities[l->ethnic].name;
    snprintf(out, outsz, "0");
    for (int k = 0; k < c->nminorities; k++)
        if (strcmp(c->minorities[k].name, name) == 0) snprintf(out, outsz, "%d", c->minorities[k].n);
}

static void draw_pane(const struct stats_view *v, const struct line *lines, int n, int top, int row,
                      int rows, int col, int cols)
{
    const struct stats_counts *mine = v->loaded && v->mine >= 0 ? &v->t.branch[v->mine] : NULL;
    const struct stats_counts *total = v->loaded && v->all ? &v->t.total : NULL;
    const struct stats_counts *from = v->all ? total : mine; /* the minorities listed */
    int num = 7, label = cols - num * (total ? 2 : 1) - 1;
    for (int i = top; i < n && row < rows; i++, row++) {
        const struct line *l = &lines[i];
        char a[32], b[32], name[64];
        if (l->item < 0) {
            ui_put(row, col, label, STATS_SECTIONS[l->section], UA_HEADER);
            continue;
        }
        if (l->item == ST_COUNT) {
            snprintf(name, sizeof name, "    %s", from && l->ethnic < from->nminorities
                                                     ? from->minorities[l->ethnic].name : "");
            minority_text(from, mine, l, a, sizeof a);
            minority_text(from, total, l, b, sizeof b);
        } else {
            snprintf(name, sizeof name, "  %s", STATS_ITEMS[l->item].label);
            count_text(mine, l, a, sizeof a);
            count_text(total, l, b, sizeof b);
        }
        ui_put(row, col, label, name, UA_NORMAL);
        ui_put_right(row, col + label, num, a, mine && a[0] && strcmp(a, "0") ? UA_NORMAL : UA_DIM);
        if (total) ui_put_right(row, col + label + num, num, b, strcmp(b, "0") ? UA_NORMAL : UA_DIM);
    }
}

static void stats_draw(struct screen *s, struct ui_rect body)
{
    struct stats_view *v = s->state;
    char line[256], day[DATE_STR_LEN] = "";
    if (v->loaded) date_format(v->t.as_of, day);
    int col = body.col + 1, cols = body.cols - 2;
    snprintf(line, sizeof line, "%d 年党内统计（截至 %s 的名册%s）", v->year, day,
             v->all ? "；右列为全部支部合计" : "");
    ui_put(body.row, col, cols, line, UA_HEADER);
    int half = cols / 2, rows = body.row + body.rows;
    int first = body.row + 2;
    /* the column heads over each pane */
    const char *mine = v->mine >= 0 ? "本支部" : "";
    for (int p = 0; p < 2; p++) {
        int c = col + p * (half + 1), w = half - 1;
        int num = 7, label = w - num * (v->all ? 2 : 1) - 1;
        ui_put_right(body.row + 1, c + label, num, mine, UA_HEADER);
        if (v->all) ui_put_right(body.row + 1, c + label + num, num, "合计", UA_HEADER);
    }
    struct line left[PANE_LINES], right[PANE_LINES];
    int nl = pane_lines(v, SS_BASIC, SS_AGE, left), nr = pane_lines(v, SS_EDUCATION, SS_CHANGE, right);
    v->page = rows - first;
    int longest = nl > nr ? nl : nr;
    if (v->top > longest - v->page) v->top = longest - v->page;
    if (v->top < 0) v->top = 0;
    draw_pane(v, left, nl, v->top < nl ? v->top : nl, first, rows, col, half - 1);
    draw_pane(v, right, nr, v->top < nr ? v->top : nr, first, rows, col + half + 1, half - 1);
}

/* F9: the year's figures as an .xlsx (every branch in scope, or the current one). */
static int do_export(struct screen *s)
{
    struct stats_view *v = s->state;
    struct app *app = s->app;
    if (!v->loaded) return SR_REDRAW;
    char path[1024];
    snprintf(path, sizeof path, "党内统计-%d.xlsx", v->year);
    for (;;) {
        if (!ui_prompt("导出党内统计", "文件名（.xlsx）：", path, sizeof path, 200, true))
            return SR_REDRAW;
        text_trim(path);
        if (export_format_of_path(path) == EXPORT_XLSX) break;
        ui_message("文件名有误", "文件名须以 .xlsx 结尾");
    }
    if (!screens_may_overwrite(app, path)) return SR_REDRAW;
    struct stats_doc doc = {.t = &v->t, .branches = v->branches.v, .scope = "合计"};
    char err[512];
    if (stats_write_xlsx(&doc, path, err, sizeof err) != 0) {
        app_error(app, "导出失败：%s", err);
        return SR_REDRAW;
    }
    app_status(app, "已导出 %d 年党内统计（%d 个支部）到 %s", v->year, v->branches.n, path);
    return SR_REDRAW;
}

static int stats_handle(struct screen *s, int key, const struct ui_action *act)
{
    (void)key;
    struct stats_view *v = s->state;
    if (!act) return SR_NONE;
    int page = v->page > 1 ? v->page - 1 : 1;
    switch (act->id) {
    case A_PREV:
        if (v->year > DATE_YEAR_MIN) v->year--;
        load(s);
        return SR_REDRAW;
    case A_NEXT:
        if (v->year < clock_today().y) v->year++;
        else app_status(s->app, "不能统计未来的年度");
        load(s);
        return SR_REDRAW;
    case A_UP: v->top--; return SR_REDRAW;
    case A_DOWN: v->top++; return SR_REDRAW;
    case A_PGUP: v->top -= page; return SR_REDRAW;
    case A_PGDN: v->top += page; return SR_REDRAW;
    case A_EXPORT: return do_export(s);
    default: return SR_NONE;
    }
}

const struct screen_ops stats_screen = {
    .name = "stats",
    .title = "党内统计",
    .manual = "党员名册",
    .help_intro = "党内统计：党员的性别、民族、年龄段（按党内统计年报的分段）、学历、人员类别、"
                  "预备党员、流动党员，本年发展的党员和按方式分列的本年减少。往年按 12 月 31 日的名册，"
                  "本年度按今天的名册；当天离开名册的当天已不在名册中。看得到全部支部的用户（审查员）"
                  "在右列看到全部支部的合计。",
    .state_size = sizeof(struct stats_view),
    .actions = stats_actions,
    .back = "返回党员名册",
    .open = stats_open,
    .draw = stats_draw,
    .handle = stats_handle,
    .close = stats_close,
};
