/* uncovered.c — 未设岗: members without office who hold no post, and those excused from the
 * scheme with a reason. Enter claims a post for the selected member; x excuses (or no longer
 * excuses) them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/post_flows.h"
#include "zhibu/post_status.h"
#include "zhibu/list_screen.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_posts.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

enum { A_CLAIM = 1, A_EXCUSE };

static const struct ui_action uncovered_actions[] = {
    {.id = A_CLAIM, .key = UK_ENTER, .help = "为所选党员认领一个岗位", .perm = STORE_PERM_EDIT},
    {.id = A_EXCUSE, .key = 'x', .label = "免于设岗", .help = "登记所选党员经支部同意免于设岗（须写原因，如 年老体弱、外出务工）；再按一次取消", .perm = STORE_PERM_EDIT},
    {0},
};

static const struct ui_column uncovered_columns[] = {
    {.title = "姓名", .width = 10, .grow = 1},
    {.title = "党小组", .width = 10, .grow = 1},
    {.title = "情况", .width = 20, .grow = 2},
};

struct uncovered {
    struct ui_list list;
    struct post_status st;
    int *rows;            /* indexes into st.members */
    int n;
};

static void uncovered_cell(void *ctx, int row, int column, char *buf, size_t bufsz)
{
    struct uncovered *x = ctx;
    buf[0] = '\0';
    if (row < 0 || row >= x->n) return;
    int i = x->rows[row];
    const struct member *m = &x->st.members[i];
    if (column == 0) zb_strlcpy(buf, m->name, bufsz);
    if (column == 1) zb_strlcpy(buf, m->group_name[0] ? m->group_name : "—", bufsz);
    if (column == 2) {
        if (x->st.excuse[i][0]) snprintf(buf, bufsz, "免于设岗：%s", x->st.excuse[i]);
        else zb_strlcpy(buf, "未设岗", bufsz);
    }
}

static enum ui_attr uncovered_row_attr(void *ctx, int row)
{
    struct uncovered *x = ctx;
    return row >= 0 && row < x->n && x->st.excuse[x->rows[row]][0] ? UA_DIM : UA_MARK;
}

static int load(struct screen *s)
{
    struct uncovered *x = s->state;
    post_status_free(&x->st);
    free(x->rows);
    post_status_load(s->app, &x->st);
    x->rows = xcalloc((size_t)x->st.nmembers + 1, sizeof *x->rows);
    x->n = 0;
    /* the uncovered first, then the excused */
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < x->st.nmembers; i++) {
            if (x->st.members[i].office[0] || x->st.covered[i]) continue;
            bool excused = x->st.excuse[i][0] != '\0';
            if (excused == (pass == 1)) x->rows[x->n++] = i;
        }
    return x->n;
}


static void uncovered_release(struct screen *s)
{
    struct uncovered *x = s->state;
    post_status_free(&x->st);
    free(x->rows);
}

static enum ui_attr uncovered_header(struct screen *s, char *line, size_t linesz)
{
    struct uncovered *x = s->state;
    const struct coverage *c = &x->st.coverage;
    snprintf(line, linesz, "设岗覆盖率 %d%%：%d 名无职党员未设岗，%d 人免于设岗", c->percent, c->eligible - c->covered,
             c->excused);
    return UA_HEADER;
}

static int uncovered_act(struct screen *s, const struct ui_action *act)
{
    struct uncovered *x = s->state;
    struct app *app = s->app;
    if (x->list.sel < 0 || x->list.sel >= x->n) {
        app_error(app, "请先选择一名党员");
        return SR_REDRAW;
    }
    int i = x->rows[x->list.sel];
    struct member m = x->st.members[i];
    if (act->id == A_CLAIM) {
        if (x->st.excuse[i][0]) {
            app_error(app, "%s 已免于设岗（按 x 取消后再认领）", m.name);
            return SR_REDRAW;
        }
        struct post p;
        if (post_flow_pick_post(app, "选择岗位", &p) != 0) return SR_REDRAW;
        if (post_flow_claim(app, &p, &m)) list_screen_reload(s);
        post_free(&p);
        return SR_REDRAW;
    }
    if (act->id == A_EXCUSE) {
        if (x->st.excuse[i][0]) {
            char q[200];
            snprintf(q, sizeof q, "取消 %s 的免于设岗？", m.name);
            if (!ui_confirm(q)) return SR_REDRAW;
            if (store_post_excuse_end(app->store, m.id) != STORE_OK) {
                screens_store_error(app, "未保存");
                return SR_REDRAW;
            }
            app_status(app, "%s 不再免于设岗", m.name);
        } else {
            char title[200], reason[256] = "";
            snprintf(title, sizeof title, "%s 免于设岗", m.name);
            if (!ui_prompt(title, "原因（如 年老体弱、外出务工）：", reason, sizeof reason, 40, true)) return SR_REDRAW;
            text_trim(reason);
            char today[11];
            date_format(clock_today(), today);
            if (store_post_excuse_add(app->store, m.id, reason, today) != STORE_OK) {
                screens_store_error(app, "未保存");
                return SR_REDRAW;
            }
            app_status(app, "%s 免于设岗（%s）", m.name, reason);
        }
        list_screen_reload(s);
    }
    return SR_REDRAW;
}

static const struct list_screen uncovered_list = {
    .columns = uncovered_columns, .ncolumns = 3, .empty_text = "（所有无职党员都已设岗）", .load = load,
    .header = uncovered_header, .cell = uncovered_cell, .row_attr = uncovered_row_attr,
    .act = uncovered_act, .release = uncovered_release,
};

const struct screen_ops uncovered_screen = {
    .name = "uncovered",
    .title = "未设岗党员",
    .manual = "设岗定责",
    .help_intro = "无职党员中尚未认领岗位的，以及经支部同意免于设岗的（不计入覆盖率的分母）。",
    .state_size = sizeof(struct uncovered),
    .actions = uncovered_actions,
    .back = "返回岗位列表",
    LIST_SCREEN_OPS(uncovered_list),
    .resume = list_screen_reload,
};
