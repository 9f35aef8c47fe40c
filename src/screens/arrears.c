/* arrears.c — 欠交党费: members who owe, with the month paid through, months and amount owed,
 * and the rule's flags: 需谈话 (owed arrears_talk_months or more) and 连续六个月未交 — 按自行脱党
 * 处理待支部研究 (arrears_lapse_months in a row without a recorded reason). The program only
 * lists them; what follows is the branch's decision. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/dues.h"
#include "zhibu/list_screen.h"
#include "zhibu/rules.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_dues.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

enum { A_PAY = 1 };

static const struct ui_action arrears_actions[] = {
    {.id = A_PAY, .key = UK_ENTER, .help = "为所选党员登记补交", .perm = STORE_PERM_EDIT},
    {0},
};

static const struct ui_column arrears_columns[] = {
    {.title = "姓名", .width = 10},
    {.title = "交至", .width = 7},
    {.title = "欠交月数", .width = 8, .right = true},
    {.title = "欠交金额", .width = 9, .right = true},
    {.title = "情况", .width = 20, .grow = 1},
};

struct row {
    int member;       /* index into members */
    struct dues_status st;
};

struct arrears {
    struct ui_list list;
    struct dues_member *members;
    int n;
    struct row *rows;
    int nrows, talk, lapse;
    int current_ym;
};

static int by_owed(const void *a, const void *b)
{
    const struct row *x = a, *y = b;
    if (x->st.lapse != y->st.lapse) return y->st.lapse - x->st.lapse;
    if (x->st.months_owed != y->st.months_owed) return y->st.months_owed - x->st.months_owed;
    return x->member - y->member;
}

static void arrears_cell(void *ctx, int row, int column, char *buf, size_t bufsz)
{
    struct arrears *a = ctx;
    buf[0] = '\0';
    if (row < 0 || row >= a->nrows) return;
    const struct row *r = &a->rows[row];
    const struct dues_member *m = &a->members[r->member];
    switch (column) {
    case 0: zb_strlcpy(buf, m->m.name, bufsz); break;
    case 1:
        if (r->st.paid_through_ym >= m->f.join_ym) dues_ym_format(r->st.paid_through_ym, buf);
        else zb_strlcpy(buf, "未交", bufsz);
        break;
    case 2: snprintf(buf, bufsz, "%d", r->st.months_owed); break;
    case 3: dues_format_yuan(r->st.amount_owed, buf, bufsz); break;
    case 4:
        if (r->st.lapse) zb_strlcpy(buf, "连续六个月未交 — 按自行脱党处理待支部研究", bufsz);
        else if (r->st.needs_talk) zb_strlcpy(buf, "需谈话", bufsz);
        break;
    default: break;
    }
}

static enum ui_attr arrears_row_attr(void *ctx, int row)
{
    struct arrears *a = ctx;
    return row >= 0 && row < a->nrows && (a->rows[row].st.lapse || a->rows[row].st.needs_talk) ? UA_MARK : UA_NORMAL;
}

static int load(struct screen *s)
{
    struct arrears *a = s->state;
    struct app *app = s->app;
    struct dues_rules rules;
    rules = app->rules->audit.dues;
    store_dues_member_list_free(&(struct store_dues_member_list){a->members, a->n});
    free(a->rows);
    a->members = NULL;
    a->rows = NULL;
    a->n = a->nrows = a->talk = a->lapse = 0;
    a->current_ym = dues_ym_of_date(clock_today());
    /* members on the roster now (who left owe nothing after leaving, and are not chased) */
    struct store_dues_member_list all;
    if (store_dues_member_list(app->store, app->branch_id, zmonth_from_index(a->current_ym + 1), &all) != STORE_OK)
        screens_store_error(app, "读取党费失败");
    a->members = all.v;
    a->n = all.n;
    a->rows = xcalloc((size_t)(a->n > 0 ? a->n : 1), sizeof *a->rows);
    for (int i = 0; i < a->n; i++) {
        struct dues_status st;
        dues_status_of(&a->members[i].f, a->current_ym, &rules, &st);
        if (st.months_owed <= 0) continue;
        a->rows[a->nrows++] = (struct row){.member = i, .st = st};
        if (st.lapse) a->lapse++;
        else if (st.needs_talk) a->talk++;
    }
    qsort(a->rows, (size_t)a->nrows, sizeof *a->rows, by_owed);
    return a->nrows;
}


static void arrears_release(struct screen *s)
{
    struct arrears *a = s->state;
    store_dues_member_list_free(&(struct store_dues_member_list){a->members, a->n});
    free(a->rows);
}

static enum ui_attr arrears_header(struct screen *s, char *line, size_t linesz)
{
    struct arrears *a = s->state;
    char ym[8];
    dues_ym_format(a->current_ym - 1, ym);
    snprintf(line, linesz, "截至 %s 欠交党费 %d 人，其中需谈话 %d 人、连续六个月未交 %d 人", ym, a->nrows,
             a->talk, a->lapse);
    return a->talk || a->lapse ? UA_MARK : UA_NORMAL;
}

static int arrears_act(struct screen *s, const struct ui_action *act)
{
    struct arrears *a = s->state;
    if (act->id == A_PAY && a->list.sel >= 0 && a->list.sel < a->nrows) {
        const struct dues_member *m = &a->members[a->rows[a->list.sel].member];
        struct payment_form_arg arg = {.member_id = m->m.id, .to_ym = a->current_ym - 1};
        app_push(s->app, &payment_form_screen, &arg);
    }
    return SR_REDRAW;
}

static const struct list_screen arrears_list = {
    .columns = arrears_columns, .ncolumns = (int)ZB_ARRAY_LEN(arrears_columns),
    .empty_text = "（没有欠交党费的党员）", .load = load, .header = arrears_header, .cell = arrears_cell,
    .row_attr = arrears_row_attr, .act = arrears_act, .release = arrears_release,
};

const struct screen_ops arrears_screen = {
    .name = "arrears",
    .title = "欠交党费",
    .manual = "党费",
    .help_intro = "欠交党费的党员（本月党费在月末前不算欠交）。欠交满规定月数的须谈话；"
                  "连续六个月不交且没有登记正当理由（缓交）的，列出待支部研究。程序不会自行改变党员的党籍。",
    .state_size = sizeof(struct arrears),
    .actions = arrears_actions,
    .back = "返回收缴表",
    LIST_SCREEN_OPS(arrears_list),
    .resume = list_screen_reload,
};
