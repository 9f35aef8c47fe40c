/* meeting_summary.c — 年度会议统计: this year's records by kind and month, with the months
 * (or quarter ends, or year end) that fell short of the rules marked. ← → change the year. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/config.h"
#include "zhibu/meeting.h"
#include "zhibu/meeting_summary.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_meeting.h"
#include "zhibu/util.h"

enum { A_PREV = 1, A_NEXT, A_BACK };

static const struct ui_action summary_actions[] = {
    {.id = A_PREV, .key = UK_LEFT, .label = "上一年", .help = "看上一年", .perm = STORE_PERM_ANY},
    {.id = A_NEXT, .key = UK_RIGHT, .label = "下一年", .help = "看下一年", .perm = STORE_PERM_ANY},
    {.id = A_BACK, .key = UK_ESC, .help = "返回会议记录列表", .perm = STORE_PERM_ANY},
    {0},
};

struct summary {
    struct year_summary y;
    int year;
};

static void load(struct screen *s)
{
    struct summary *m = s->state;
    struct app *app = s->app;
    const struct config *c = app->cfg;
    char from[11], to[11];
    snprintf(from, sizeof from, "%04d-01-01", m->year);
    snprintf(to, sizeof to, "%04d-12-31", m->year);
    struct meeting_fact *facts = NULL;
    int n = 0;
    if (store_meeting_facts(app->store, app->branch_id, from, to, &facts, &n) != STORE_OK)
        app_error(app, "读取会议记录失败：%s", store_errmsg(app->store));
    int ng = 0;
    free(screens_groups(app, &ng)); /* only how many */
    struct meeting_freq_rules r = {
        .general_per_quarter = c->general_per_quarter, .committee_per_month = c->committee_per_month,
        .group_per_month = c->group_per_month, .lecture_per_quarter = c->lecture_per_quarter,
        .theme_day_per_month = c->theme_day_per_month, .life_meeting_per_year = c->life_meeting_per_year,
        .appraisal_per_year = c->appraisal_per_year,
    };
    meeting_year_summary(facts, n, ng, &r, m->year, clock_today(), &m->y);
    free(facts);
}

static int summary_open(struct screen *s, void *arg)
{
    (void)arg;
    struct summary *m = s->state;
    m->year = clock_today().y;
    load(s);
    return 0;
}

static void summary_draw(struct screen *s, struct ui_rect body)
{
    struct summary *m = s->state;
    char line[256];
    int row = body.row, col = body.col + 1;
    snprintf(line, sizeof line, "%d 年各类会议逐月次数（带 ! 的：该月/季度/年度已结束而未达到规定次数）", m->year);
    ui_put(row++, col, body.cols - 1, line, UA_HEADER);
    row++;
    int c = col;
    ui_put(row, c, 10, "类型", UA_HEADER);
    c += 10;
    for (int mo = 1; mo <= 12; mo++, c += 4) {
        snprintf(line, sizeof line, "%d月", mo);
        ui_put_right(row, c, 4, line, UA_HEADER);
    }
    ui_put_right(row, c, 5, "全年", UA_HEADER);
    ui_put(row, c + 6, body.cols - (c + 6 - body.col), "规定", UA_HEADER);
    row++;
    static const enum meeting_kind order[] = {MK_COMMITTEE, MK_GROUP, MK_GENERAL, MK_LECTURE,
                                              MK_THEME_DAY, MK_LIFE_MEETING, MK_APPRAISAL, MK_TALK, MK_OTHER};
    for (size_t i = 0; i < ZB_ARRAY_LEN(order) && row < body.row + body.rows; i++, row++) {
        enum meeting_kind k = order[i];
        c = col;
        ui_put(row, c, 10, meeting_kind_short(k), UA_NORMAL);
        c += 10;
        for (int mo = 0; mo < 12; mo++, c += 4) {
            bool shortfall = m->y.shortfall[k][mo];
            snprintf(line, sizeof line, "%d%s", m->y.counts[k][mo], shortfall ? "!" : " ");
            ui_put_right(row, c, 4, line, shortfall ? UA_MARK : (m->y.counts[k][mo] ? UA_NORMAL : UA_DIM));
        }
        snprintf(line, sizeof line, "%d", m->y.total[k]);
        ui_put_right(row, c, 5, line, UA_NORMAL);
        const char *per = m->y.period[k] == PERIOD_MONTH ? "每月" : m->y.period[k] == PERIOD_QUARTER ? "每季" : "每年";
        if (m->y.required[k] > 0)
            snprintf(line, sizeof line, "%s%d次", per, m->y.required[k]);
        else
            zb_strlcpy(line, "—", sizeof line);
        ui_put(row, c + 6, body.cols - (c + 6 - body.col), line, UA_DIM);
    }
}

static int summary_handle(struct screen *s, int key, const struct ui_action *act)
{
    (void)key;
    struct summary *m = s->state;
    if (!act) return SR_NONE;
    switch (act->id) {
    case A_PREV: if (m->year > 1900) m->year--; load(s); return SR_REDRAW;
    case A_NEXT: if (m->year < clock_today().y) m->year++; load(s); return SR_REDRAW;
    case A_BACK: return SR_BACK;
    default: return SR_NONE;
    }
}

const struct screen_ops meeting_summary_screen = {
    .name = "meeting_summary",
    .title = "年度会议统计",
    .help_intro = "逐月统计本支部各类会议次数（含“同时计为”），并与配置文件中的规定次数对照。"
                  "党小组会的规定次数按小组数合计。",
    .state_size = sizeof(struct summary),
    .actions = summary_actions,
    .open = summary_open,
    .draw = summary_draw,
    .handle = summary_handle,
};
