/* spot_checks.c — 督查 (issue 18): the spot checks of one branch, or of every branch in the
 * session's scope (the district's 督查记录), newest first, voided ones kept and marked; at a
 * district's database those allowed (STORE_PERM_DISTRICT on the branch) add one (F2: the form
 * below) and void one with a reason (F8). At a village or a township the list is read-only: the
 * checks arrive with the district's bundles. Also the form of a new spot check, and the lines
 * the branch's page shows (district_page.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/list_screen.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_district.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/validate.h"
#include "zhibu/widgets.h"

#include "district_page.h"

void spot_check_line(const struct spot_check *c, char *buf, size_t bufsz)
{
    bool issues = strcmp(c->result, "issues") == 0;
    snprintf(buf, bufsz, "%s%s %s%s%s：%s — %s", c->voided_at[0] ? "（已作废）" : "", c->date, c->station, c->station[0] ? " " : "",
             c->inspectors, spot_check_result_label(c->result), issues ? c->findings : c->inspected);
}

char *spot_check_text(struct store *st, const struct spot_check *c)
{
    char who[64];
    store_user_name(st, c->created_by, who, sizeof who);
    char *voided = c->voided_at[0] ? xasprintf("\n\n已于 %.10s 作废，原因：%s", c->voided_at, c->void_reason) : xstrdup("");
    char *t = xasprintf("日期：%s\n指导站：%s\n检查人：%s\n检查内容：%s\n结果：%s%s%s\n\n登记：%s，%.10s%s", c->date,
                        c->station[0] ? c->station : "（未填）", c->inspectors, c->inspected,
                        spot_check_result_label(c->result), c->findings[0] ? "\n发现的问题：" : "", c->findings,
                        who, c->created_at, voided);
    free(voided);
    return t;
}

/* ---- the list ---- */

enum { A_SHOW = 1, A_NEW, A_VOID };

static const struct ui_action checks_actions[] = {
    {.id = A_SHOW, .key = UK_ENTER, .help = "查看所选督查的全部内容", .perm = STORE_PERM_ANY},
    {.id = A_NEW, .key = UK_F(2), .label = "新增", .help = "登记一次督查：日期、指导站、检查人、检查内容、结果（发现问题须写明）", .perm = STORE_PERM_DISTRICT},
    {.id = A_VOID, .key = UK_F(8), .label = "作废", .help = "作废所选督查记录（须说明原因；记录保留，标为已作废）", .perm = STORE_PERM_DISTRICT},
    {0},
};

/* one branch: no 支部 column (the header names it) */
static const struct ui_column checks_columns[] = {
    {.title = "支部", .width = 10, .grow = 1},
    {.title = "日期", .width = 10},
    {.title = "指导站", .width = 10},
    {.title = "检查人", .width = 8},
    {.title = "结果", .width = 8},
    {.title = "检查内容 / 发现的问题", .width = 12, .grow = 2},
};

struct checks {
    struct ui_list list;
    struct spot_checks_arg arg;
    struct branch b;               /* arg.branch_id's */
    struct spot_check *c;          /* every check shown (heap) */
    int n, voided;
    char **names;                  /* the branch of each check (every branch listed) */
    int64_t any_branch;            /* every branch listed: one in scope, for F2 on an empty list */
};

static const char *branch_name_of(struct checks *x, int row)
{
    return x->arg.branch_id ? x->b.name : x->names[row];
}

static void checks_cell(void *ctx, int row, int column, char *buf, size_t bufsz)
{
    struct checks *x = ctx;
    buf[0] = '\0';
    if (row < 0 || row >= x->n) return;
    const struct spot_check *c = &x->c[row];
    if (x->arg.branch_id) column++;
    switch (column) {
    case 0: zb_strlcpy(buf, branch_name_of(x, row), bufsz); break;
    case 1: zb_strlcpy(buf, c->date, bufsz); break;
    case 2: zb_strlcpy(buf, c->station[0] ? c->station : "—", bufsz); break;
    case 3: zb_strlcpy(buf, c->inspectors, bufsz); break;
    case 4: zb_strlcpy(buf, c->voided_at[0] ? "已作废" : spot_check_result_label(c->result), bufsz); break;
    default:
        snprintf(buf, bufsz, "%s%s%s", c->inspected, c->findings[0] ? "；问题：" : "", c->findings);
        break;
    }
}

static enum ui_attr checks_row_attr(void *ctx, int row)
{
    struct checks *x = ctx;
    if (row < 0 || row >= x->n) return UA_NORMAL;
    if (x->c[row].voided_at[0]) return UA_DIM;
    return strcmp(x->c[row].result, "issues") == 0 ? UA_MARK : UA_NORMAL;
}

static void free_names(struct checks *x)
{
    for (int i = 0; x->names && i < x->n; i++) free(x->names[i]);
    free(x->names);
    x->names = NULL;
}

static int checks_load(struct screen *s)
{
    struct checks *x = s->state;
    struct app *app = s->app;
    free_names(x);
    free(x->c);
    x->c = NULL;
    x->n = x->voided = 0;
    struct store_spot_check_list l = {0};
    if (store_spot_check_list(app->store, x->arg.branch_id, &l) != STORE_OK) {
        screens_store_error(app, "读取督查记录失败");
        return 0;
    }
    x->c = l.v;
    x->n = l.n;
    if (!x->arg.branch_id) x->names = xcalloc((size_t)x->n + 1, sizeof *x->names);
    for (int i = 0; i < x->n; i++) {
        if (x->c[i].voided_at[0]) x->voided++;
        if (x->arg.branch_id) continue;
        struct branch b;
        x->names[i] = xstrdup(store_branch_get(app->store, x->c[i].branch_id, &b) == STORE_OK ? b.name : "？");
    }
    return x->n;
}

static int checks_init(struct screen *s, void *arg)
{
    struct checks *x = s->state;
    x->arg = *(const struct spot_checks_arg *)arg;
    if (x->arg.branch_id) {
        if (store_branch_get(s->app->store, x->arg.branch_id, &x->b) != STORE_OK) {
            screens_store_error(s->app, "找不到支部");
            return -1;
        }
        x->list.columns = checks_columns + 1;
        x->list.ncolumns = (int)ZB_ARRAY_LEN(checks_columns) - 1;
        return 0;
    }
    struct store_district_rows rows = {0};
    if (store_district_month(s->app->store, (struct zmonth){clock_today().y, clock_today().m}, &rows) == STORE_OK &&
        rows.n > 0)
        x->any_branch = rows.v[0].branch_id;
    store_district_rows_free(&rows);
    return 0;
}

static enum ui_attr checks_header(struct screen *s, char *buf, size_t bufsz)
{
    struct checks *x = s->state;
    if (x->arg.branch_id)
        snprintf(buf, bufsz, "%s 的督查记录：%d 次%s", x->b.name, x->n - x->voided, x->voided ? "（另有作废）" : "");
    else
        snprintf(buf, bufsz, "督查记录（全部支部）：%d 次%s", x->n - x->voided, x->voided ? "（另有作废）" : "");
    return UA_HEADER;
}

/* F2 on every branch's list: which branch (those in scope this month, by township). */
static int64_t pick_branch(struct app *app)
{
    struct store_district_rows rows = {0};
    if (store_district_month(app->store, (struct zmonth){clock_today().y, clock_today().m}, &rows) != STORE_OK) {
        screens_store_error(app, "读取支部失败");
        return 0;
    }
    if (rows.n == 0) {
        store_district_rows_free(&rows);
        app_error(app, "没有可督查的支部");
        return 0;
    }
    char **names = xcalloc((size_t)rows.n, sizeof *names);
    for (int i = 0; i < rows.n; i++)
        names[i] = xasprintf("%s  %s（%s）", rows.v[i].branch_code, rows.v[i].branch_name, rows.v[i].township_name);
    int pick = ui_pick("督查哪个支部", (const char *const *)names, rows.n, 0);
    int64_t id = pick >= 0 ? rows.v[pick].branch_id : 0;
    for (int i = 0; i < rows.n; i++) free(names[i]);
    free(names);
    store_district_rows_free(&rows);
    return id;
}

static int void_check(struct screen *s, int row)
{
    struct checks *x = s->state;
    struct app *app = s->app;
    const struct spot_check *c = &x->c[row];
    if (c->voided_at[0]) {
        app_error(app, "该督查记录已于 %.10s 作废", c->voided_at);
        return SR_REDRAW;
    }
    char reason[600] = "", title[200];
    snprintf(title, sizeof title, "作废 %s 的督查（%s）", c->date, branch_name_of(x, row));
    if (!ui_prompt(title, "作废原因：", reason, sizeof reason, 200, true)) return SR_REDRAW;
    text_trim(reason);
    if (store_spot_check_void(app->store, c->id, reason) != STORE_OK) {
        screens_store_error(app, "未作废");
        return SR_REDRAW;
    }
    app_status(app, "已作废 %s 的督查记录", c->date);
    list_screen_reload(s);
    return SR_REDRAW;
}

static int checks_act(struct screen *s, const struct ui_action *act)
{
    struct checks *x = s->state;
    struct app *app = s->app;
    int row = list_screen_sel(s);
    switch (act->id) {
    case A_SHOW:
        if (row >= 0) {
            char *t = spot_check_text(app->store, &x->c[row]);
            ui_message(branch_name_of(x, row), t);
            free(t);
        }
        return SR_REDRAW;
    case A_NEW: {
        int64_t id = x->arg.branch_id ? x->arg.branch_id : pick_branch(app);
        if (id) app_push(app, &spot_check_form_screen, &id);
        return SR_REDRAW;
    }
    case A_VOID:
        if (row < 0) return SR_REDRAW;
        return void_check(s, row);
    default: return SR_NONE;
    }
}

static void checks_release(struct screen *s)
{
    struct checks *x = s->state;
    free_names(x);
    free(x->c);
}

/* The branch the actions work on: the list's, or (every branch) the selected check's, or on an
 * empty list one in scope (F2 then asks which). */
static int64_t checks_branch(struct screen *s)
{
    struct checks *x = s->state;
    if (x->arg.branch_id) return x->arg.branch_id;
    int row = list_screen_sel(s);
    return row >= 0 ? x->c[row].branch_id : x->any_branch;
}

static const struct list_screen checks_list = {
    .columns = checks_columns, .ncolumns = (int)ZB_ARRAY_LEN(checks_columns), .empty_text = "（没有督查记录）",
    .init = checks_init, .load = checks_load, .header = checks_header, .cell = checks_cell,
    .row_attr = checks_row_attr, .act = checks_act, .release = checks_release,
};

const struct screen_ops spot_checks_screen = {
    .name = "spot_checks",
    .title = "督查",
    .manual = "督查",
    .help_intro = "基层党建工作指导站不定期的督查：日期、指导站、检查人、检查了什么（如纸质会议记录与系统记录是否一致）、"
                  "结果（一致 / 发现问题）和发现的问题，最新的在前；作废的记录保留并标明。"
                  "督查记录在区（县）的数据库中登记，随区委组织部的数据包到乡镇，在各级的支部审查页上都能看到。",
    .state_size = sizeof(struct checks),
    .actions = checks_actions,
    .back = "返回",
    LIST_SCREEN_OPS(checks_list),
    .resume = list_screen_reload,
    .branch = checks_branch,
};

/* ---- a new spot check ---- */

enum { F_SAVE = 1 };

static const struct ui_action form_actions[] = {
    {.id = F_SAVE, .key = UK_F(2), .key2 = UK_CTRL_S, .label = "保存", .help = "检查并保存督查记录", .perm = STORE_PERM_DISTRICT},
    {0},
};

enum { I_BRANCH, I_DATE, I_STATION, I_INSPECTORS, I_INSPECTED, I_RESULT, I_FINDINGS, I_COUNT };

struct check_form {
    struct ui_form form;
    struct ui_item items[I_COUNT];
    struct branch b;
    char branch_text[2 * TEXT_SHORT + 8];
    struct store_station_list stations;
    const char **station_names;    /* "（不填）" and every station */
    const char *results[2];
};

static int form_open(struct screen *s, void *arg)
{
    struct check_form *f = s->state;
    struct app *app = s->app;
    if (store_branch_get(app->store, *(const int64_t *)arg, &f->b) != STORE_OK) {
        screens_store_error(app, "找不到支部");
        return -1;
    }
    struct township t = {0};
    if (store_branch_township(app->store, f->b.id, &t) == STORE_OK)
        snprintf(f->branch_text, sizeof f->branch_text, "%s（%s）", f->b.name, t.name);
    else
        zb_strlcpy(f->branch_text, f->b.name, sizeof f->branch_text);
    if (store_station_list(app->store, &f->stations) != STORE_OK) f->stations = (struct store_station_list){0};
    f->station_names = xcalloc((size_t)f->stations.n + 1, sizeof *f->station_names);
    f->station_names[0] = "（不填）";
    int initial = 0;
    for (int i = 0; i < f->stations.n; i++) {
        f->station_names[i + 1] = f->stations.v[i].name;
        /* an inspector's own station, else the township's */
        const struct store_session *ss = store_session(app->store);
        if (ss->role == STORE_ROLE_INSPECTOR ? f->stations.v[i].id == ss->station_id
                                             : t.station_id && f->stations.v[i].id == t.station_id)
            initial = i + 1;
    }
    f->results[0] = spot_check_result_label("consistent");
    f->results[1] = spot_check_result_label("issues");
    struct ui_item *it = f->items;
    it[I_BRANCH] = (struct ui_item){.label = "支部", .type = UI_ITEM_LABEL};
    it[I_DATE] = (struct ui_item){.label = "督查日期", .type = UI_ITEM_DATE, .required = true, .max_chars = 10, .hint = "YYYY-MM-DD"};
    it[I_STATION] = (struct ui_item){.label = "指导站", .type = UI_ITEM_CHOICE, .choices = f->station_names, .nchoices = f->stations.n + 1};
    it[I_INSPECTORS] = (struct ui_item){.label = "检查人", .type = UI_ITEM_TEXT, .required = true, .max_chars = 100, .hint = "如 张三、李四"};
    it[I_INSPECTED] = (struct ui_item){.label = "检查内容", .type = UI_ITEM_MULTILINE, .required = true, .height = 2, .max_chars = 300};
    it[I_RESULT] = (struct ui_item){.label = "结果", .type = UI_ITEM_CHOICE, .required = true, .choices = f->results, .nchoices = 2};
    it[I_FINDINGS] = (struct ui_item){.label = "发现的问题", .type = UI_ITEM_MULTILINE, .height = 3, .max_chars = 1000, .hint = "结果为发现问题时必填"};
    ui_form_init(&f->form, f->items, I_COUNT);
    ui_form_set_text(&f->form, I_BRANCH, f->branch_text);
    char today[11];
    date_format(clock_today(), today);
    ui_form_set_text(&f->form, I_DATE, today);
    ui_form_set_choice(&f->form, I_STATION, initial);
    ui_form_set_choice(&f->form, I_RESULT, 0);
    ui_form_mark_saved(&f->form);
    ui_form_focus(&f->form, I_INSPECTORS);
    return 0;
}

static void form_close(struct screen *s)
{
    struct check_form *f = s->state;
    ui_form_free(&f->form);
    free(f->station_names);
    store_station_list_free(&f->stations);
}

static bool form_dirty(struct screen *s)
{
    struct check_form *f = s->state;
    return f->form.changed;
}

static void form_draw(struct screen *s, struct ui_rect body)
{
    struct check_form *f = s->state;
    ui_put(body.row, body.col + 1, body.cols - 1, "登记督查（带 * 的为必填项；F2 保存，Esc 返回）", UA_HEADER);
    ui_form_draw(&f->form, (struct ui_rect){body.row + 1, body.col + 1, body.rows - 1, body.cols - 2});
}

/* An item's problem: shown beside it, focused, and on the status line. */
static int refuse(struct screen *s, int item, const char *why)
{
    struct check_form *f = s->state;
    ui_form_set_error(&f->form, item, why);
    ui_form_focus(&f->form, item);
    app_error(s->app, "未保存：%s", why);
    return SR_REDRAW;
}

static int form_save(struct screen *s)
{
    struct check_form *f = s->state;
    struct app *app = s->app;
    for (int i = 0; i < I_COUNT; i++) ui_form_set_error(&f->form, i, NULL);
    struct spot_check c = {.branch_id = f->b.id};
    zb_strlcpy(c.date, ui_form_text(&f->form, I_DATE), sizeof c.date);
    text_trim(c.date);
    enum valid_code vc = validate_date_text(c.date, true, clock_today());
    char msgbuf[ZB_MSG_MAX];
    if (vc != V_OK) return refuse(s, I_DATE, validate_date_message(c.date, vc, msgbuf, sizeof msgbuf));
    int st = ui_form_choice(&f->form, I_STATION);
    if (st > 0) zb_strlcpy(c.station, f->station_names[st], sizeof c.station);
    zb_strlcpy(c.inspectors, ui_form_text(&f->form, I_INSPECTORS), sizeof c.inspectors);
    text_trim(c.inspectors);
    if (!c.inspectors[0]) return refuse(s, I_INSPECTORS, "检查人不能为空");
    char *text = ui_form_multiline(&f->form, I_INSPECTED);
    zb_strlcpy(c.inspected, text, sizeof c.inspected);
    free(text);
    text_trim(c.inspected);
    if (!c.inspected[0]) return refuse(s, I_INSPECTED, "检查内容不能为空");
    bool issues = ui_form_choice(&f->form, I_RESULT) == 1;
    zb_strlcpy(c.result, issues ? "issues" : "consistent", sizeof c.result);
    text = ui_form_multiline(&f->form, I_FINDINGS);
    zb_strlcpy(c.findings, text, sizeof c.findings);
    free(text);
    text_trim(c.findings);
    if (issues && !c.findings[0]) return refuse(s, I_FINDINGS, "结果为发现问题时须写明发现的问题");
    if (store_spot_check_add(app->store, &c) != STORE_OK) {
        screens_store_error(app, "未保存");
        return SR_REDRAW;
    }
    app_status(app, "已登记 %s 对 %s 的督查：%s", c.date, f->b.name, spot_check_result_label(c.result));
    return SR_BACK;
}

static int form_handle(struct screen *s, int key, const struct ui_action *act)
{
    struct check_form *f = s->state;
    if (act && act->id == F_SAVE) return form_save(s);
    return ui_form_key(&f->form, key) ? SR_REDRAW : SR_NONE;
}

static int64_t form_branch(struct screen *s)
{
    struct check_form *f = s->state;
    return f->b.id;
}

const struct screen_ops spot_check_form_screen = {
    .name = "spot_check_form",
    .title = "登记督查",
    .manual = "督查",
    .help_intro = "一次督查：日期（默认今天，不能是将来的日期）、指导站、检查人、检查内容（如“会议记录与系统一致”）、"
                  "结果；结果为发现问题时须写明发现的问题。登记后不能修改，登记错了作废后重新登记。",
    .state_size = sizeof(struct check_form),
    .actions = form_actions,
    .back = "返回（有未保存的内容时先询问）",
    .open = form_open,
    .draw = form_draw,
    .handle = form_handle,
    .close = form_close,
    .dirty = form_dirty,
    .branch = form_branch,
};
