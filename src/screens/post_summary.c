/* post_summary.c — 岗位年度汇总: per post, this year's holders, reports made, and the reviews'
 * ratings. ← → change the year. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/posts.h"
#include "zhibu/list_screen.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_posts.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

enum { A_PREV = 1, A_NEXT };

static const struct ui_action summary_actions[] = {
    {.id = A_PREV, .key = UK_LEFT, .label = "上一年", .help = "看上一年", .perm = STORE_PERM_ANY},
    {.id = A_NEXT, .key = UK_RIGHT, .label = "下一年", .help = "看下一年", .perm = STORE_PERM_ANY},
    {0},
};

static const struct ui_column summary_columns[] = {
    {.title = "岗位", .width = 12, .grow = 1},
    {.title = "在岗", .width = 4, .right = true},
    {.title = "汇报", .width = 4, .right = true},
    {.title = "优秀", .width = 4, .right = true},
    {.title = "称职", .width = 4, .right = true},
    {.title = "基本称职", .width = 8, .right = true},
    {.title = "不称职", .width = 6, .right = true},
};

struct summary_row {
    char name[64];
    int holders, reports, ratings[4];
};

struct post_summary {
    struct ui_list list;
    int year;
    struct summary_row *rows;    /* one per post (heap) */
    int n;
};

static void summary_cell(void *ctx, int row, int column, char *buf, size_t bufsz)
{
    struct post_summary *x = ctx;
    buf[0] = '\0';
    if (row < 0 || row >= x->n) return;
    const struct summary_row *r = &x->rows[row];
    if (column == 0) zb_strlcpy(buf, r->name, bufsz);
    else if (column == 1) snprintf(buf, bufsz, "%d", r->holders);
    else if (column == 2) snprintf(buf, bufsz, "%d", r->reports);
    else snprintf(buf, bufsz, "%d", r->ratings[column - 3]);
}

static int load(struct screen *s)
{
    struct post_summary *x = s->state;
    struct app *app = s->app;
    char from[11], to[11];
    snprintf(from, sizeof from, "%04d-01-01", x->year);
    snprintf(to, sizeof to, "%04d-12-31", x->year);
    int np = 0;
    struct post *posts = screens_posts(app, &np);
    struct holding_filter hf = {.branch_id = app->branch_id, .from = from, .to = to};
    struct store_holding_list hl;
    store_holding_list(app->store, &hf, &hl);
    struct holding *h = hl.v;
    int nh = hl.n;
    x->n = 0;
    free(x->rows);
    x->rows = xcalloc((size_t)np + 1, sizeof *x->rows);
    for (int i = 0; i < np; i++) {
        struct summary_row *r = &x->rows[x->n++];
        memset(r, 0, sizeof *r);
        zb_strlcpy(r->name, posts[i].name, sizeof r->name);
        for (int k = 0; k < nh; k++) {
            if (h[k].post_id != posts[i].id) continue;
            r->holders++;
            struct store_report_list reps;
            store_report_list(app->store, h[k].id, &reps);
            for (int j = 0; j < reps.n; j++)
                if (strncmp(reps.v[j].date, from, 4) == 0) r->reports++;
            store_report_list_free(&reps);
            struct store_review_list revs;
            store_review_list(app->store, h[k].id, &revs);
            for (int j = 0; j < revs.n; j++) {
                if (strncmp(revs.v[j].period_start, from, 4) != 0) continue;
                int idx = code_index(POST_RATINGS, revs.v[j].rating);
                if (idx >= 0 && idx < 4) r->ratings[idx]++;
            }
            store_review_list_free(&revs);
        }
    }
    screens_posts_free(posts, np);
    store_holding_list_free(&hl);
    return x->n;
}

static int summary_init(struct screen *s, void *arg)
{
    (void)arg;
    struct post_summary *x = s->state;
    x->year = clock_today().y;
    return 0;
}

static enum ui_attr summary_header(struct screen *s, char *line, size_t linesz)
{
    struct post_summary *x = s->state;
    snprintf(line, linesz, "%d 年各岗位在岗人数、履职汇报次数和民主评议结果", x->year);
    return UA_HEADER;
}

static int summary_act(struct screen *s, const struct ui_action *act)
{
    struct post_summary *x = s->state;
    switch (act->id) {
    case A_PREV: if (x->year > 1950) x->year--; list_screen_reload(s); return SR_REDRAW;
    case A_NEXT: if (x->year < clock_today().y) x->year++; list_screen_reload(s); return SR_REDRAW;
    default: return SR_NONE;
    }
}

static void summary_release(struct screen *s)
{
    struct post_summary *x_ = s->state;
    free(x_->rows);
}

static const struct list_screen summary_list = {
    .columns = summary_columns, .ncolumns = (int)ZB_ARRAY_LEN(summary_columns), .empty_text = "（没有岗位）",
    .init = summary_init, .load = load, .header = summary_header, .cell = summary_cell,
    .act = summary_act, .release = summary_release,
};

const struct screen_ops post_summary_screen = {
    .name = "post_summary",
    .title = "岗位年度汇总",
    .manual = "设岗定责",
    .help_intro = "每个岗位在该年度的在岗人数（含年内卸任的）、履职汇报次数和各评议等次的人数。",
    .state_size = sizeof(struct post_summary),
    .actions = summary_actions,
    .back = "返回岗位列表",
    LIST_SCREEN_OPS(summary_list),
};
