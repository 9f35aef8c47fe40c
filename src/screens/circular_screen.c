/* circular_screen.c — 通报 on screen (a district's database): the circular of a month or a
 * quarter as the text page shows it, laid out for the screen's width (circular_text): the
 * summary, the townships ranked, the branches behind and the trend. ← → go to the period
 * before and after, q switches between month and quarter, ↑ ↓ PgUp PgDn scroll, F9 writes
 * the period's .xlsx or .txt. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "zhibu/circular.h"
#include "zhibu/circular_export.h"
#include "zhibu/clock.h"
#include "zhibu/rules.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_circular.h"
#include "zhibu/store_office.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

enum { A_PREV = 1, A_NEXT, A_PERIOD, A_WRITE };

static const struct ui_action circular_actions[] = {
    {.id = A_PREV, .key = UK_LEFT, .key2 = '[', .label = "上一期", .help = "上一个月（或上一季度）的通报", .perm = STORE_PERM_ANY},
    {.id = A_NEXT, .key = UK_RIGHT, .key2 = ']', .label = "下一期", .help = "下一个月（或下一季度）的通报；不能是未来", .perm = STORE_PERM_ANY},
    {.id = A_PERIOD, .key = 'q', .label = "月/季", .help = "在月度通报和季度通报之间切换（季度：所选月份所在的季度）", .perm = STORE_PERM_ANY},
    {.id = A_WRITE, .key = UK_F(9), .label = "导出", .help = "把这期通报写成文件：.xlsx（A4，可直接打印盖章）或 .txt（纯文本）", .perm = STORE_PERM_ANY},
    {0},
};

struct circ_screen {
    struct zmonth first;      /* the period's first month */
    int period;               /* 1 or 3 */
    bool loaded;
    struct circ_data data;
    struct circ_result res;
    char *text;               /* laid out for text_cols */
    int text_cols;
    struct ui_textview view;
};

static void unload(struct circ_screen *c)
{
    if (c->loaded) {
        circular_result_free(&c->res);
        store_circular_free(&c->data);
    }
    c->loaded = false;
    free(c->text);
    c->text = NULL;
    c->text_cols = 0;
}

/* The period's circular; false with the status line saying why. */
static bool load(struct screen *s)
{
    struct circ_screen *c = s->state;
    struct app *app = s->app;
    unload(c);
    const struct circular_rules *r = &app->rules->circular;
    if (store_circular_load(app->store, c->first, c->period, r, clock_today(), &c->data) != STORE_OK) {
        screens_store_error(app, "读取通报数据失败");
        return false;
    }
    if (circular_compute(&c->data.in, r, &c->res) != 0) {
        store_circular_free(&c->data);
        app_error(app, "通报的数据不完整");
        return false;
    }
    c->loaded = true;
    c->view.top = 0;
    return true;
}

static int circular_open(struct screen *s, void *arg)
{
    (void)arg;
    struct circ_screen *c = s->state;
    struct office_info office;
    if (store_office_get(s->app->store, &office) != STORE_OK || strcmp(office.kind, "district") != 0) {
        app_error(s->app, "只有区（县）的数据库可以生成通报");
        return -1;
    }
    c->first = zmonth_add(zmonth_of_date(clock_today()), -1); /* last month, as zhibu audit */
    c->period = 1;
    return load(s) ? 0 : -1;
}

static void circular_close(struct screen *s)
{
    unload(s->state);
}

static void circular_draw(struct screen *s, struct ui_rect body)
{
    struct circ_screen *c = s->state;
    if (!c->loaded || body.rows < 3 || body.cols < 20) return;
    char head[160], period[48];
    circ_period_text(c->first, c->period, period, sizeof period);
    snprintf(head, sizeof head, "%s通报（← → 上一期/下一期，q 月度/季度）", period);
    ui_put(body.row, body.col + 1, body.cols - 2, head, UA_HEADER);
    int cols = body.cols - 2;
    if (!c->text || c->text_cols != cols) {
        free(c->text);
        c->text = NULL;
        size_t n = 0;
        FILE *f = open_memstream(&c->text, &n);
        if (!f) return;
        struct circ_doc doc = {.in = &c->data.in, .res = &c->res, .office = c->data.office_name,
                               .issued = clock_today(), .scope = c->data.scope};
        circular_text(f, &doc, cols);
        fclose(f);
        c->text_cols = cols;
    }
    struct ui_rect area = {body.row + 1, body.col + 1, body.rows - 1, cols};
    ui_textview_draw(&c->view, area, c->text);
    if (c->view.nlines > c->view.page && !s->app->status[0]) { /* a message first */
        char more[128];
        int last = c->view.top + c->view.page;
        snprintf(more, sizeof more, "（第 %d–%d 行，共 %d 行；↑ ↓ PgUp PgDn 翻看）", c->view.top + 1,
                 last < c->view.nlines ? last : c->view.nlines, c->view.nlines);
        ui_hint(more);
    }
}

/* Move to first (a period of c->period months); the future is refused. */
static int go(struct screen *s, struct zmonth first)
{
    struct circ_screen *c = s->state;
    if (zmonth_cmp(first, zmonth_of_date(clock_today())) > 0) {
        app_error(s->app, "不能通报未来的%s", c->period == 3 ? "季度" : "月份");
        return SR_REDRAW;
    }
    if (!zmonth_valid(first)) return SR_NONE;
    struct zmonth was = c->first;
    c->first = first;
    if (!load(s)) {
        c->first = was;
        load(s);
    }
    return SR_REDRAW;
}

/* F9: the period's circular to a file the user names (.xlsx by default). */
static int write_file(struct screen *s)
{
    struct circ_screen *c = s->state;
    struct app *app = s->app;
    char path[1024], period[48];
    if (c->period == 3) snprintf(path, sizeof path, "通报-%04d-Q%d.xlsx", c->first.year, (c->first.month - 1) / 3 + 1);
    else snprintf(path, sizeof path, "通报-%04d-%02d.xlsx", c->first.year, c->first.month);
    if (!ui_prompt("通报", "文件名（.xlsx 或 .txt）：", path, sizeof path, 200, true)) return SR_REDRAW;
    text_trim(path);
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    bool ok_dot = dot && (!slash || dot > slash);
    bool xlsx = ok_dot && strcasecmp(dot, ".xlsx") == 0, txt = ok_dot && strcasecmp(dot, ".txt") == 0;
    if (!xlsx && !txt) {
        app_error(app, "文件名应以 .xlsx 或 .txt 结尾");
        return SR_REDRAW;
    }
    if (!screens_may_overwrite(app, path)) return SR_REDRAW;
    struct circ_doc doc = {.in = &c->data.in, .res = &c->res, .office = c->data.office_name,
                           .issued = clock_today(), .scope = c->data.scope};
    char err[1024];
    int rc = xlsx ? circular_write_xlsx(&doc, path, err, sizeof err) : circular_write_text(&doc, path, err, sizeof err);
    if (rc != 0) {
        app_error(app, "通报未写成：%s", err);
        return SR_REDRAW;
    }
    circ_period_text(c->first, c->period, period, sizeof period);
    app_status(app, "已写成%s通报：%s", period, path);
    return SR_REDRAW;
}

static int circular_handle(struct screen *s, int key, const struct ui_action *act)
{
    struct circ_screen *c = s->state;
    if (key == 'j') key = UK_DOWN; /* as in the lists */
    if (key == 'k') key = UK_UP;
    if (!act) return ui_textview_key(&c->view, key) ? SR_REDRAW : SR_NONE;
    switch (act->id) {
    case A_PREV: return go(s, zmonth_add(c->first, -c->period));
    case A_NEXT: return go(s, zmonth_add(c->first, c->period));
    case A_WRITE: return write_file(s);
    case A_PERIOD:
        if (c->period == 1) {
            c->period = 3;
            c->first.month = (c->first.month - 1) / 3 * 3 + 1;
        } else {
            /* the quarter's last month that is not in the future */
            c->period = 1;
            struct zmonth m = zmonth_add(c->first, 2), now = zmonth_of_date(clock_today());
            c->first = zmonth_cmp(m, now) > 0 ? now : m;
        }
        if (!load(s)) return SR_BACK;
        return SR_REDRAW;
    default: return SR_NONE;
    }
}

const struct screen_ops circular_screen = {
    .name = "circular",
    .title = "通报",
    .manual = "通报（区委组织部）",
    .help_intro = "区委组织部对各乡镇执行月审月报制度情况的通报：按复审后合格率、按期整改率、复审改判率排出"
                  "各乡镇的名次，点名连续未合格的支部，列出最近各月的合格率走势。复审后结论以区委组织部的"
                  "复审为准，未复审的以乡镇结论为准，都没有的为“未审”。F9 写成 .xlsx（可直接打印盖章）或 .txt。",
    .state_size = sizeof(struct circ_screen),
    .actions = circular_actions,
    .open = circular_open,
    .draw = circular_draw,
    .handle = circular_handle,
    .close = circular_close,
    .back = "返回",
};
