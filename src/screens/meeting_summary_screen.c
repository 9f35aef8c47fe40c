/* meeting_summary.c — 年度会议统计: this year's records by kind and month, with the months
 * (or quarter ends, or year end) that fell short of the rules marked — group meetings counted
 * against the groups that had to meet each month (store_group_meets_by_month) — and below the
 * table the year's people rules (year_rules.h, as the December review words them): members
 * short of talk_per_year 谈心谈话, the secretary short of secretary_lectures_per_year 党课 — and the
 * year's 民主评议党员: how many held, the results by grade and the members not rated
 * (appraisal.h, as the December review takes them). ← → change the year. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/appraisal.h"
#include "zhibu/clock.h"
#include "zhibu/config.h"
#include "zhibu/meeting.h"
#include "zhibu/meeting_summary.h"
#include "zhibu/rules.h"
#include "zhibu/screens.h"
#include "zhibu/audit.h"
#include "zhibu/store.h"
#include "zhibu/store_appraisal.h"
#include "zhibu/store_audit.h"
#include "zhibu/store_meeting.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/year_rules.h"

enum { A_PREV = 1, A_NEXT };

static const struct ui_action summary_actions[] = {
    {.id = A_PREV, .key = UK_LEFT, .label = "上一年", .help = "看上一年", .perm = STORE_PERM_ANY},
    {.id = A_NEXT, .key = UK_RIGHT, .label = "下一年", .help = "看下一年", .perm = STORE_PERM_ANY},
    {0},
};

struct summary {
    struct year_summary y;
    int year;
    char talks[4096];          /* the talks' line ("" when everyone had enough) */
    char lectures[512];        /* the secretaries' lectures ("" when enough) */
    int people, talked;        /* on the roster at the year's end (or today); with enough talks */
    struct appraisal_year ay;  /* the year's appraisals and their results */
    int unrated;               /* on the roster at the year's end, not rated (0: none held) */
};

/* December's facts of the year (as the December review loads them): who talked, who lectured. */
struct year_ctx {
    struct summary *m;
    const struct config *c;
};

static int year_people(const struct audit_input *in, const struct branch *b, void *ctx)
{
    (void)b;
    struct summary *m = ((struct year_ctx *)ctx)->m;
    const struct config *c = ((struct year_ctx *)ctx)->c;
    struct year_person *yp = xcalloc((size_t)(in->nmembers > 0 ? in->nmembers : 1), sizeof *yp);
    int *idx = xcalloc((size_t)(in->nmembers > 0 ? in->nmembers : 1), sizeof *idx);
    int n = audit_year_people(in, yp);
    bool open = date_cmp(clock_today(), (struct zdate){m->year, 12, 31}) <= 0;
    const char *note = open ? "（年末前待定）" : "";
    int nshort = year_talks_short(yp, n, c->talk_per_year, idx);
    m->people = n;
    m->talked = n - nshort;
    year_talks_text(yp, idx, nshort, c->talk_per_year, open, note, m->talks, sizeof m->talks);
    int unrated = appraisal_unrated(in, idx);
    m->unrated = unrated > 0 ? unrated : 0;
    size_t len = 0;
    for (int k = 0; k < n; k++) {
        if (!year_lectures_short(&yp[k], c->secretary_lectures_per_year)) continue;
        if (len) len += (size_t)snprintf(m->lectures + len, sizeof m->lectures - len, "；");
        if (len >= sizeof m->lectures) break;
        year_lecture_text(&yp[k], c->secretary_lectures_per_year, note, m->lectures + len,
                          sizeof m->lectures - len);
        len = strlen(m->lectures);
    }
    free(idx);
    free(yp);
    return 1;
}

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
        screens_store_error(app, "读取会议记录失败");
    int groups[12];
    if (store_group_meets_by_month(app->store, app->branch_id, m->year, groups) != STORE_OK) {
        screens_store_error(app, "读取党小组失败");
        memset(groups, 0, sizeof groups);
    }
    struct meeting_freq_rules r = {
        .general_per_quarter = c->general_per_quarter, .committee_per_month = c->committee_per_month,
        .group_per_month = c->group_per_month, .lecture_per_quarter = c->lecture_per_quarter,
        .theme_day_per_month = c->theme_day_per_month, .life_meeting_per_year = c->life_meeting_per_year,
        .appraisal_per_year = c->appraisal_per_year,
    };
    meeting_year_summary(facts, n, groups, &r, m->year, clock_today(), &m->y);
    free(facts);
    m->talks[0] = m->lectures[0] = '\0';
    m->people = m->talked = m->unrated = 0;
    if (store_appraisal_year(app->store, app->branch_id, m->year, &m->ay) != STORE_OK) {
        screens_store_error(app, "读取民主评议结果失败");
        memset(&m->ay, 0, sizeof m->ay);
    }
    struct year_ctx yc = {m, c};
    if (store_audit_each(app->store, app->branch_id, (struct zmonth){m->year, 12}, clock_today(), year_people, &yc) != STORE_OK)
        screens_store_error(app, "读取谈心谈话和党课失败");
}

static int summary_open(struct screen *s, void *arg)
{
    (void)arg;
    struct summary *m = s->state;
    m->year = clock_today().y;
    load(s);
    return 0;
}

/* text over the rows from row up to end, broken only after "：" "、" "；" (a name with its
 * count never split), a piece wider than the line cut with …; a last row that cannot hold the
 * rest ends with …. Returns the row after it. */
static int put_wrapped(int row, int end, int col, int cols, const char *text, enum ui_attr attr)
{
    static const char *const BREAKS[] = {"：", "、", "；"};
    char line[1024] = "";
    size_t used = 0;
    const char *p = text;
    while (*p && row < end) {
        /* the next piece: up to and including the next break */
        const char *q = p, *cut = NULL;
        while (*q && !cut) {
            for (size_t b = 0; b < ZB_ARRAY_LEN(BREAKS); b++)
                if (strncmp(q, BREAKS[b], strlen(BREAKS[b])) == 0) cut = q + strlen(BREAKS[b]);
            if (!cut) q++;
        }
        if (!cut) cut = p + strlen(p);
        char piece[512];
        snprintf(piece, sizeof piece, "%.*s", (int)(cut - p), p);
        char joined[1536];
        snprintf(joined, sizeof joined, "%s%s", line, piece);
        if (used && text_width(joined) > cols) { /* the line is full: put it out */
            bool last = row == end - 1;
            if (last) {
                char padded[1536];
                text_pad(padded, sizeof padded, joined, cols, true);
                ui_put(row++, col, cols, padded, attr);
                return row;
            }
            ui_put(row++, col, cols, line, attr);
            snprintf(line, sizeof line, "%s", piece);
        } else {
            zb_strlcpy(line, joined, sizeof line); /* a line is never wider than the screen */
        }
        used = strlen(line);
        p = cut;
    }
    if (used && row < end) {
        char padded[1536];
        text_pad(padded, sizeof padded, line, cols, true);
        ui_put(row++, col, cols, padded, attr);
    }
    return row;
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
        if (k == MK_TALK && s->app->rules->audit.talk_per_year > 0)
            snprintf(line, sizeof line, "每人每年%d次", s->app->rules->audit.talk_per_year);
        else if (m->y.required[k] > 0)
            snprintf(line, sizeof line, "%s%s%d次", k == MK_GROUP ? "每组" : "", per, m->y.required[k]);
        else
            zb_strlcpy(line, "—", sizeof line);
        ui_put(row, c + 6, body.cols - (c + 6 - body.col), line, UA_DIM);
    }
    /* the year's people rules */
    const struct audit_rules *ar = &s->app->rules->audit;
    int end = body.row + body.rows;
    if (row < end) row++;
    /* 民主评议党员: held, and the results (the members on the roster at the year's end not rated) */
    if ((ar->freq.appraisal_per_year > 0 || m->ay.meetings > 0) && row < end) {
        if (ar->freq.appraisal_per_year > 0)
            snprintf(line, sizeof line, "民主评议党员（每年至少%d次）：", ar->freq.appraisal_per_year);
        else
            zb_strlcpy(line, "民主评议党员：", sizeof line);
        size_t len = strlen(line);
        if (m->ay.meetings > 0)
            snprintf(line + len, sizeof line - len, "已开展 %d 次", m->ay.meetings);
        else
            snprintf(line + len, sizeof line - len, "%s",
                     date_cmp(clock_today(), (struct zdate){m->year, 12, 31}) > 0 ? "未开展" : "尚未开展");
        ui_put(row++, col, body.cols - 1, line, m->ay.meetings > 0 ? UA_NORMAL : UA_MARK);
        if (m->ay.meetings > 0 && row < end) {
            struct appraisal_counts ac = m->ay.counts;
            ac.unrated = m->unrated;
            appraisal_counts_text(&ac, line, sizeof line);
            ui_put(row++, col + 2, body.cols - 3, line, ac.unrated || ac.pending ? UA_MARK : UA_NORMAL);
        }
    }
    if (ar->talk_per_year > 0 && row < end) {
        snprintf(line, sizeof line, "谈心谈话（每名党员每年至少%d次）：在册 %d 名，已达到 %d 名%s",
                 ar->talk_per_year, m->people, m->talked, m->talks[0] ? "" : "，全部达到");
        ui_put(row++, col, body.cols - 1, line, UA_NORMAL);
        row = put_wrapped(row, end, col + 2, body.cols - 3, m->talks, UA_MARK);
    }
    if (ar->secretary_lectures_per_year > 0 && row < end) {
        snprintf(line, sizeof line, "书记讲党课（每年至少%d次）：%s", ar->secretary_lectures_per_year,
                 m->lectures[0] ? "" : "已达到");
        ui_put(row++, col, body.cols - 1, line, UA_NORMAL);
        put_wrapped(row, end, col + 2, body.cols - 3, m->lectures, UA_MARK);
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
    default: return SR_NONE;
    }
}

const struct screen_ops meeting_summary_screen = {
    .name = "meeting_summary",
    .title = "年度会议统计",
    .manual = "三会一课",
    .help_intro = "逐月统计本支部各类会议次数（含“同时计为”），并与配置文件中的规定次数对照。"
                  "党小组会的规定次数按小组数合计。表下为谈心谈话、书记讲党课和民主评议党员"
                  "（开展次数、各等次人数、年末在册未评定的人数）的情况。",
    .state_size = sizeof(struct summary),
    .actions = summary_actions,
    .back = "返回会议记录列表",
    .open = summary_open,
    .draw = summary_draw,
    .handle = summary_handle,
};
