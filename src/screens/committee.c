/* committee.c — 支部委员会: who holds which office; appoint a member, change an office,
 * relieve one. Each change is a member update, so it lands in the edit history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/branch_rules.h"
#include "zhibu/model.h"
#include "zhibu/list_screen.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

enum { A_APPOINT = 1, A_CHANGE, A_RELIEVE };

static const struct ui_action committee_actions[] = {
    {.id = A_APPOINT, .key = UK_F(2), .label = "任职", .help = "从在册党员中选一人担任支委职务", .perm = STORE_PERM_EDIT},
    {.id = A_CHANGE, .key = UK_ENTER, .help = "调整所选委员的职务", .perm = STORE_PERM_EDIT},
    {.id = A_RELIEVE, .key = UK_F(8), .label = "免职", .help = "免去所选委员的职务（党员仍在名册中）", .perm = STORE_PERM_EDIT},
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

static enum ui_attr committee_header(struct screen *s, char *line, size_t linesz)
{
    struct committee *c = s->state;
    snprintf(line, linesz, "支部委员会 %d 人", c->n);
    return UA_NORMAL;
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
    zb_strlcpy(m.office, office, sizeof m.office);
    int rc = store_member_update(app->store, &m);
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
    default: return SR_NONE;
    }
}

static const struct list_screen committee_list = {
    .columns = committee_columns, .ncolumns = 4, .empty_text = "（尚未登记支委，按 F2 任职）", .load = load,
    .header = committee_header, .cell = committee_cell, .act = committee_act,
    .release = committee_release,
};

const struct screen_ops committee_screen = {
    .name = "committee",
    .title = "支部委员会",
    .manual = "支部信息、党小组与支部委员会",
    .help_intro = "登记支部委员会成员及分工。职务也可在党员信息中修改；每次变动都记入修改记录。",
    .state_size = sizeof(struct committee),
    .actions = committee_actions,
    .back = "返回首页",
    LIST_SCREEN_OPS(committee_list),
};
