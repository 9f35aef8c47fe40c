/* committee.c — 支部委员会: who holds which office; appoint a member, change an office,
 * relieve one (each dated: the office history, store_term.h, and a member update in the edit
 * history); the committee's term (换届: elected, ends, remaining or overdue, the election
 * meeting), recording a 换届 from the election meeting, the terms and the office history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/branch_rules.h"
#include "zhibu/model.h"
#include "zhibu/list_screen.h"
#include "zhibu/screens.h"
#include "zhibu/rules.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_term.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

enum { A_APPOINT = 1, A_CHANGE, A_RELIEVE, A_ELECT, A_TERMS, A_HISTORY };

static const struct ui_action committee_actions[] = {
    {.id = A_APPOINT, .key = UK_F(2), .label = "任职", .help = "从在册党员中选一人担任支委职务", .perm = STORE_PERM_EDIT},
    {.id = A_CHANGE, .key = UK_ENTER, .help = "调整所选委员的职务", .perm = STORE_PERM_EDIT},
    {.id = A_RELIEVE, .key = UK_F(8), .label = "免职", .help = "免去所选委员的职务（党员仍在名册中）", .perm = STORE_PERM_EDIT},
    {.id = A_ELECT, .key = 'e', .label = "换届", .help = "登记换届选举：选择选举新一届支委会的支部党员大会记录（须标明选举、到会达五分之四），任期按配置的年限计算", .perm = STORE_PERM_EDIT},
    {.id = A_TERMS, .key = 'l', .label = "历届", .help = "查看历届支部委员会的选举日期、任期和选举会议；书记可作废录错的换届记录（须填写原因）", .perm = STORE_PERM_ANY},
    {.id = A_HISTORY, .key = 'h', .label = "任职记录", .help = "查看职务变动记录：谁在何时至何时担任何职（过去的支委会按当天的支委计算应到人数）", .perm = STORE_PERM_ANY},
    {0},
};

static const struct ui_column committee_columns[] = {
    {.title = "职务", .width = 8},
    {.title = "姓名", .width = 10, .grow = 2},
    {.title = "党小组", .width = 10, .grow = 1},
    {.title = "电话", .width = 11},
};

struct committee {
    struct ui_list list;
    struct member *members; /* everyone holding an office (heap) */
    int n;
    bool has_term;
    struct committee_term term; /* the current term (has_term) */
};

static void committee_cell(void *ctx, int row, int column, char *buf, size_t bufsz)
{
    struct committee *c = ctx;
    buf[0] = '\0';
    if (row < 0 || row >= c->n) return;
    const struct member *m = &c->members[row];
    if (column == 0) zb_strlcpy(buf, code_label_of(OFFICES, m->office), bufsz);
    if (column == 1) zb_strlcpy(buf, m->name, bufsz);
    if (column == 2) zb_strlcpy(buf, m->group_name[0] ? m->group_name : "—", bufsz);
    if (column == 3) zb_strlcpy(buf, m->phone, bufsz);
}

static int load(struct screen *s)
{
    struct committee *c = s->state;
    struct member_filter f = {.branch_id = s->app->branch_id, .only_office = true};
    struct store_member_list l;
    if (store_member_list(s->app->store, &f, &l) != STORE_OK)
        screens_store_error(s->app, "读取支委失败");
    free(c->members);
    c->members = l.v;
    c->n = l.n;
    int rc = store_term_current(s->app->store, s->app->branch_id, &c->term);
    c->has_term = rc == STORE_OK;
    if (rc != STORE_OK && rc != STORE_ERR_NOT_FOUND) screens_store_error(s->app, "读取换届记录失败");
    return c->n;
}

static void reload(struct screen *s, int64_t select_id)
{
    struct committee *c = s->state;
    list_screen_reload(s);
    for (int i = 0; i < c->n; i++)
        if (c->members[i].id == select_id) ui_list_select(&c->list, i);
}

static void committee_release(struct screen *s)
{
    struct committee *c = s->state;
    free(c->members);
}

/* The term's line and the committee's count above the list. */
static int committee_top(struct screen *s, struct ui_rect body)
{
    struct committee *c = s->state;
    char line[600], state[300];
    int row = body.row;
    enum ui_attr attr = UA_HEADER;
    struct zdate elected, end;
    if (c->has_term && date_parse(c->term.elected_date, &elected)) {
        end = term_end(elected, c->term.term_years);
        struct zdate today = {0, 0, 0};
        date_parse(s->app->today, &today);
        enum term_state ts = term_state_on(end, today, &s->app->rules->audit.people);
        term_describe(ts, end, today, state, sizeof state);
        if (ts >= TERM_REMIND1) attr = UA_MARK;
        snprintf(line, sizeof line, "本届：%s 选举，任期%d年。%s", c->term.elected_date,
                 c->term.term_years, state);
        ui_put(row++, body.col + 1, body.cols - 1, line, attr);
        snprintf(line, sizeof line, "选举会议：%s",
                 c->term.meeting_id ? c->term.meeting_label : "（台账建立前召开，未关联会议记录）");
        ui_put(row++, body.col + 1, body.cols - 1, line, UA_NORMAL);
    } else {
        ui_put(row++, body.col + 1, body.cols - 1, "尚未登记换届（按 e 登记本届支委会的选举）", UA_MARK);
    }
    snprintf(line, sizeof line, "支部委员会 %d 人", c->n);
    ui_put(row++, body.col + 1, body.cols - 1, line, UA_NORMAL);
    return row - body.row;
}

/* Picks an office (not "none"); returns its code or NULL. */
static const char *pick_office(const char *title, const char *current)
{
    const char *labels[8], *codes[8];
    int n = 0, initial = 0;
    for (const struct code_label *o = OFFICES; o->code && n < 8; o++) {
        if (!o->code[0]) continue;
        if (current && strcmp(current, o->code) == 0) initial = n;
        codes[n] = o->code;
        labels[n++] = o->label;
    }
    int p = ui_pick(title, labels, n, initial);
    return p >= 0 ? codes[p] : NULL;
}

static int set_office(struct screen *s, struct member m, const char *office)
{
    struct app *app = s->app;
    char day[DATE_STR_LEN];
    zb_strlcpy(day, app->today, sizeof day);
    if (!ui_prompt(office[0] ? "任职" : "免职", office[0] ? "任职日期" : "免职日期", day, sizeof day,
                   10, true))
        return SR_REDRAW;
    int rc = store_member_set_office(app->store, &m, office, day);
    if (rc == STORE_ERR_CHANGED) {
        reload(s, m.id);
        screens_conflict_note(app);
        return SR_REDRAW;
    }
    if (rc != STORE_OK) {
        screens_store_error(app, "未保存");
        return SR_REDRAW;
    }
    if (office[0])
        app_status(app, "%s 任%s", m.name, code_label_of(OFFICES, office));
    else
        app_status(app, "已免去 %s 的职务", m.name);
    reload(s, m.id);
    return SR_REDRAW;
}

static int appoint(struct screen *s)
{
    struct app *app = s->app;
    struct member_filter f = {.branch_id = app->branch_id};
    struct member m;
    if (screens_pick_member(app, &f, "选择任职的党员（可输入字跳转）", 0, "名册中还没有党员", &m) != 0)
        return SR_REDRAW;
    /* known before the office is asked: only full members may be elected */
    if (committee_office_check(m.status, "committee")) {
        app_error(app, "%s 是预备党员，没有选举权和被选举权，不能担任支委职务", m.name);
        return SR_REDRAW;
    }
    const char *office = pick_office("担任职务", m.office);
    return office ? set_office(s, m, office) : SR_REDRAW;
}

/* 换届: the election meeting (or an election before the ledger, by its date), the term from the
 * config, confirmed, then recorded; the store checks the rules (term_election_problem). */
static int elect(struct screen *s)
{
    struct app *app = s->app;
    struct store_term_meeting_list ml;
    if (store_term_meetings(app->store, app->branch_id, &ml) != STORE_OK) {
        screens_store_error(app, "读取选举会议失败");
        return SR_REDRAW;
    }
    const char **labels = xcalloc((size_t)ml.n + 1, sizeof *labels);
    for (int i = 0; i < ml.n; i++) labels[i] = ml.v[i].label;
    labels[ml.n] = "台账建立前召开的选举（输入选举日期）";
    int p = ui_pick("选择选举新一届支委会的支部党员大会", labels, ml.n + 1, 0);
    free(labels);
    struct committee_term t = {.branch_id = app->branch_id};
    if (p < 0) {
        store_term_meeting_list_free(&ml);
        return SR_REDRAW;
    }
    if (p < ml.n) {
        t.meeting_id = ml.v[p].id;
        zb_strlcpy(t.elected_date, ml.v[p].date, sizeof t.elected_date);
    }
    store_term_meeting_list_free(&ml);
    if (!t.meeting_id && !ui_prompt("换届", "选举日期", t.elected_date, sizeof t.elected_date, 10, true))
        return SR_REDRAW;
    const struct people_rules *r = &app->rules->audit.people;
    struct zdate e;
    char q[300], end[DATE_STR_LEN] = "";
    if (date_parse(t.elected_date, &e)) date_format(term_end(e, r->term_years), end);
    snprintf(q, sizeof q, "登记换届：%s 选举新一届支部委员会，任期%d年%s%s？", t.elected_date,
             r->term_years, end[0] ? "，至" : "", end);
    if (!ui_confirm(q)) return SR_REDRAW;
    if (store_term_record(app->store, &t, r) != STORE_OK) {
        screens_store_error(app, "未登记换届");
        return SR_REDRAW;
    }
    app_status(app, "已登记换届：本届任期至 %s。请按 F2 / Enter 登记新一届委员的任职", t.end_date);
    list_screen_reload(s);
    return SR_REDRAW;
}

/* 历届: the terms, newest first; a secretary may void one entered by mistake. */
static int terms(struct screen *s)
{
    struct app *app = s->app;
    struct store_term_list l;
    if (store_term_list(app->store, app->branch_id, &l) != STORE_OK) {
        screens_store_error(app, "读取换届记录失败");
        return SR_REDRAW;
    }
    if (l.n == 0) {
        store_term_list_free(&l);
        app_error(app, "尚未登记换届");
        return SR_REDRAW;
    }
    char (*text)[1600] = xcalloc((size_t)l.n, sizeof *text);
    const char **labels = xcalloc((size_t)l.n, sizeof *labels);
    for (int i = 0; i < l.n; i++) {
        const struct committee_term *t = &l.v[i];
        snprintf(text[i], sizeof text[i], "%s 选举 任期%d年 至%s %s%s%s", t->elected_date,
                 t->term_years, t->end_date, t->meeting_id ? t->meeting_label : "（台账建立前）",
                 t->voided ? " 已作废：" : "", t->voided ? t->void_reason : "");
        labels[i] = text[i];
    }
    bool may = store_may_edit(app->store, app->branch_id);
    int p = ui_pick(may ? "历届支部委员会（Enter 作废所选的录错记录）" : "历届支部委员会", labels, l.n, 0);
    if (p >= 0 && may && !l.v[p].voided) {
        char q[1700], reason[512] = ""; /* what a void reason may hold (the store) */
        snprintf(q, sizeof q, "作废换届记录「%s」？", text[p]);
        if (ui_confirm(q) && ui_prompt("作废换届记录", "作废原因", reason, sizeof reason, 200, true)) {
            if (store_term_void(app->store, l.v[p].id, reason) != STORE_OK)
                screens_store_error(app, "未作废");
            else
                app_status(app, "已作废 %s 的换届记录", l.v[p].elected_date);
        }
    }
    free(labels);
    free(text);
    store_term_list_free(&l);
    list_screen_reload(s);
    return SR_REDRAW;
}

/* 任职记录: every office span of the branch's members, newest first. */
static int history(struct screen *s)
{
    struct app *app = s->app;
    struct store_office_history h;
    if (store_office_history(app->store, app->branch_id, 0, &h) != STORE_OK) {
        screens_store_error(app, "读取职务变动记录失败");
        return SR_REDRAW;
    }
    size_t cap = 200 + (size_t)h.n * 200;
    char *text = xmalloc(cap);
    size_t len = (size_t)snprintf(text, cap, "%s",
                                  h.n ? "" : "还没有职务变动记录：现任支委自台账建立前任职。\n");
    for (int i = 0; i < h.n && len < cap; i++) {
        const struct office_term_row *r = &h.v[i];
        len += (size_t)snprintf(text + len, cap - len, "%s  %s  %s 至 %s\n", r->member_name,
                                code_label_of(OFFICES, r->office),
                                r->from_date[0] ? r->from_date : "台账建立前",
                                r->to_date[0] ? r->to_date : "今");
    }
    ui_message("职务变动记录", text);
    free(text);
    store_office_history_free(&h);
    return SR_REDRAW;
}

static int committee_act(struct screen *s, const struct ui_action *act)
{
    struct committee *c = s->state;
    struct app *app = s->app;
    const struct member *sel = c->list.sel >= 0 && c->list.sel < c->n ? &c->members[c->list.sel] : NULL;
    switch (act->id) {
    case A_APPOINT: return appoint(s);
    case A_CHANGE: {
        if (!sel) { app_error(app, "请先选择一名委员"); return SR_REDRAW; }
        const char *office = pick_office("调整职务", sel->office);
        return office ? set_office(s, *sel, office) : SR_REDRAW;
    }
    case A_RELIEVE: {
        if (!sel) { app_error(app, "请先选择一名委员"); return SR_REDRAW; }
        char q[300];
        snprintf(q, sizeof q, "免去 %s 的%s职务？", sel->name, code_label_of(OFFICES, sel->office));
        if (!ui_confirm(q)) return SR_REDRAW;
        return set_office(s, *sel, "");
    }
    case A_ELECT: return elect(s);
    case A_TERMS: return terms(s);
    case A_HISTORY: return history(s);
    default: return SR_NONE;
    }
}

static const struct list_screen committee_list = {
    .columns = committee_columns, .ncolumns = 4, .empty_text = "（尚未登记支委，按 F2 任职）", .load = load,
    .top = committee_top, .cell = committee_cell, .act = committee_act,
    .release = committee_release,
};

const struct screen_ops committee_screen = {
    .name = "committee",
    .title = "支部委员会",
    .manual = "支部信息、党小组与支部委员会",
    .help_intro = "登记支部委员会成员及分工，任免都写明日期，记入职务变动记录；过去的支委会按当天的支委计算应到人数。"
                  "上方显示本届支委会的选举日期、任期届满日和剩余天数（届满前6个月、3个月起提醒，届满未换届标为超期）。"
                  "换届：先在会议记录中登记选举大会（支部党员大会，勾选“选举”），再按 e 选择该会议。",
    .state_size = sizeof(struct committee),
    .actions = committee_actions,
    .back = "返回首页",
    LIST_SCREEN_OPS(committee_list),
};
