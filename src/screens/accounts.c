/* accounts.c — 账号管理 (opened from 系统管理, administrators): every account with its role,
 * branch, state and last login; add one, disable or enable it, set a new password, assign a
 * secretary's branch or a reviewer's scope. The rules are the store's (store_user_*, the same
 * as `zhibu user`); this screen only asks and shows what the store says. The add and the new
 * password are asked in a small form (account_form_screen) with hidden password items. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/auth.h"
#include "zhibu/clock.h"
#include "zhibu/list_screen.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_district.h"
#include "zhibu/store_exchange.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

/* ---- the list ---------------------------------------------------------------------------- */

enum { A_NEW = 1, A_TOGGLE, A_PASSWD, A_BRANCH };

static const struct ui_action accounts_actions[] = {
    {.id = A_NEW, .key = UK_F(2), .label = "新增",
     .help = "新增账号：用户名、姓名、角色、支部和初始密码（输入两次，不显示）",
     .perm = STORE_PERM_ADMIN},
    {.id = A_TOGGLE, .key = 'd', .label = "停用/启用",
     .help = "停用所选账号（已停用的则重新启用），先询问；不能停用自己和最后一个可用的管理员",
     .perm = STORE_PERM_ADMIN},
    {.id = A_PASSWD, .key = 'p', .label = "重设密码",
     .help = "为所选账号设新密码（输入两次，不显示），同时解除锁定", .perm = STORE_PERM_ADMIN},
    {.id = A_BRANCH, .key = 'b', .label = "指定支部",
     .help = "指定所选支部书记的支部，审查员的审查范围（全部支部或某个支部），或督查员的指导站",
     .perm = STORE_PERM_ADMIN},
    {0},
};

static const struct ui_column account_columns[] = {
    {.title = "用户名", .width = 12},
    {.title = "姓名", .width = 10, .grow = 1},
    {.title = "角色", .width = 8},
    {.title = "支部", .width = 12, .grow = 1},
    {.title = "状态", .width = 6},
    {.title = "最近登录", .width = 16},
};

struct accounts {
    struct ui_list list;
    struct user *users;      /* every account, by login (heap) */
    int n;
    struct branch *branches; /* every branch, by code (heap) */
    int nbranches;
    char now[24];
    char saved_login[AUTH_LOGIN_MAX + 1]; /* the form writes the login it saved here */
};

static const struct branch *branch_of_id(const struct accounts *a, int64_t id)
{
    for (int i = 0; i < a->nbranches; i++)
        if (a->branches[i].id == id) return &a->branches[i];
    return NULL;
}

/* The branch column: a secretary's branch, a reviewer's scope, an inspector's station, nothing
 * for an administrator. */
static void branch_text(const struct accounts *a, const struct user *u, char *buf, size_t bufsz)
{
    const struct branch *b = u->branch_id ? branch_of_id(a, u->branch_id) : NULL;
    if (u->role == STORE_ROLE_INSPECTOR)
        zb_strlcpy(buf, u->station_name[0] ? u->station_name : "（未指定指导站）", bufsz);
    else if (u->role == STORE_ROLE_ADMIN)
        zb_strlcpy(buf, "—", bufsz);
    else if (b)
        zb_strlcpy(buf, b->name, bufsz);
    else if (u->branch_id)
        zb_strlcpy(buf, u->branch_code, bufsz);
    else if (u->role == STORE_ROLE_REVIEWER)
        zb_strlcpy(buf, "全部支部", bufsz);
    else
        zb_strlcpy(buf, "（未指定）", bufsz);
}

static void state_text(const struct accounts *a, const struct user *u, char *buf, size_t bufsz)
{
    if (u->disabled)
        zb_strlcpy(buf, "已停用", bufsz);
    else if (auth_is_locked(u->locked_until, a->now))
        zb_strlcpy(buf, "已锁定", bufsz);
    else
        zb_strlcpy(buf, "正常", bufsz);
}

static void account_cell(void *ctx, int row, int column, char *buf, size_t bufsz)
{
    struct accounts *a = ctx;
    buf[0] = '\0';
    if (row < 0 || row >= a->n) return;
    const struct user *u = &a->users[row];
    switch (column) {
    case 0: zb_strlcpy(buf, u->login, bufsz); break;
    case 1: zb_strlcpy(buf, u->display_name, bufsz); break;
    case 2: zb_strlcpy(buf, store_role_label(u->role), bufsz); break;
    case 3: branch_text(a, u, buf, bufsz); break;
    case 4: state_text(a, u, buf, bufsz); break;
    case 5:
        if (u->last_login[0])
            clock_local_text(u->last_login, buf, bufsz);
        else
            zb_strlcpy(buf, "（从未登录）", bufsz);
        break;
    default: break;
    }
}

static enum ui_attr account_attr(void *ctx, int row)
{
    struct accounts *a = ctx;
    return row >= 0 && row < a->n && a->users[row].disabled ? UA_DIM : UA_NORMAL;
}

/* Read the accounts and branches again; select login when given (else keep the row). */
static int load(struct screen *s)
{
    struct accounts *a = s->state;
    struct store *st = s->app->store;
    struct store_user_list users;
    if (store_user_list(st, &users) != STORE_OK)
        app_error(s->app, "读取账号失败：%s", store_errmsg(st));
    free(a->users);
    a->users = users.v;
    a->n = users.n;
    struct store_branch_list branches;
    store_branch_list(st, &branches);
    free(a->branches);
    a->branches = branches.v;
    a->nbranches = branches.n;
    clock_now_iso(a->now);
    return a->n;
}

static void reload(struct screen *s, const char *login)
{
    struct accounts *a = s->state;
    list_screen_reload(s);
    if (login && *login)
        for (int i = 0; i < a->n; i++)
            if (strcmp(a->users[i].login, login) == 0) ui_list_select(&a->list, i);
}

static int accounts_init(struct screen *s, void *arg)
{
    (void)arg;
    if (!store_may(s->app->store, STORE_PERM_ADMIN, s->app->branch_id)) {
        app_error(s->app, "账号管理只有管理员能使用");
        return -1;
    }
    return 0;
}

static void accounts_release(struct screen *s)
{
    struct accounts *a = s->state;
    free(a->users);
    free(a->branches);
}

/* After the form: the login it saved is selected (none: the row stays). */
static void accounts_resume(struct screen *s)
{
    struct accounts *a = s->state;
    reload(s, a->saved_login);
    a->saved_login[0] = '\0';
}

static enum ui_attr accounts_header(struct screen *s, char *line, size_t linesz)
{
    struct accounts *a = s->state;
    int off = 0;
    for (int i = 0; i < a->n; i++) off += a->users[i].disabled;
    if (off)
        snprintf(line, linesz, "账号 %d 个，其中已停用 %d 个", a->n, off);
    else
        snprintf(line, linesz, "账号 %d 个", a->n);
    return UA_NORMAL;
}

struct account_form_arg {
    bool passwd;        /* a new password for login (else a new account) */
    const char *login;
    char *saved_login;  /* AUTH_LOGIN_MAX + 1 bytes: the login saved (the list's, outlives the form) */
};

static int do_toggle(struct screen *s, const struct user *u)
{
    struct app *app = s->app;
    char q[300];
    /* a refusal said at once, not after a question that cannot be answered yes */
    if (!u->disabled && store_user_may_disable(app->store, u->login) != STORE_OK) {
        screens_store_error(app, NULL);
        return SR_REDRAW;
    }
    if (u->disabled)
        snprintf(q, sizeof q, "重新启用账号 %s（%s）？", u->login, u->display_name);
    else
        snprintf(q, sizeof q, "停用账号 %s（%s）？停用后不能再用它登录。", u->login,
                 u->display_name);
    if (!ui_confirm(q)) {
        app_status(app, "未作改动");
        return SR_REDRAW;
    }
    char login[sizeof u->login];
    zb_strlcpy(login, u->login, sizeof login);
    bool disable = !u->disabled;
    if (store_user_set_disabled(app->store, login, disable) != STORE_OK)
        screens_store_error(app, NULL);
    else
        app_status(app, "已%s账号 %s", disable ? "停用" : "启用", login);
    reload(s, login);
    return SR_REDRAW;
}

/* An inspector's station, picked from the district's stations. */
static int do_station(struct screen *s, const struct user *u)
{
    struct app *app = s->app;
    char login[sizeof u->login];
    zb_strlcpy(login, u->login, sizeof login);
    struct store_station_list l;
    if (store_station_list(app->store, &l) != STORE_OK) {
        screens_store_error(app, NULL);
        return SR_REDRAW;
    }
    if (l.n == 0) {
        app_error(app, "还没有指导站：先用 zhibu office station add 登记");
        store_station_list_free(&l);
        return SR_REDRAW;
    }
    const char **labels = xcalloc((size_t)l.n, sizeof *labels);
    int initial = 0;
    for (int i = 0; i < l.n; i++) {
        labels[i] = l.v[i].name;
        if (l.v[i].id == u->station_id) initial = i;
    }
    char title[160];
    snprintf(title, sizeof title, "%s 的指导站", login);
    int pick = ui_pick(title, labels, l.n, initial);
    free(labels);
    if (pick >= 0 && l.v[pick].id == u->station_id) {
        app_status(app, "未作改动");
    } else if (pick >= 0) {
        if (store_user_set_station(app->store, login, l.v[pick].id) != STORE_OK)
            screens_store_error(app, "未保存");
        else
            app_status(app, "已将账号 %s 的指导站改为 %s", login, l.v[pick].name);
    }
    store_station_list_free(&l);
    reload(s, login);
    return SR_REDRAW;
}

static int do_branch(struct screen *s, const struct user *u)
{
    struct accounts *a = s->state;
    struct app *app = s->app;
    if (u->role == STORE_ROLE_INSPECTOR) return do_station(s, u);
    char login[sizeof u->login];
    zb_strlcpy(login, u->login, sizeof login);
    if (u->role == STORE_ROLE_ADMIN) {
        /* the store says why an administrator has no branch (nothing is written) */
        if (store_user_set_branch(app->store, login, 0) != STORE_OK)
            screens_store_error(app, NULL);
        return SR_REDRAW;
    }
    if (a->nbranches == 0) {
        app_error(app, "还没有支部：先在支部信息中建支部");
        return SR_REDRAW;
    }
    bool reviewer = u->role == STORE_ROLE_REVIEWER;
    int first = reviewer ? 1 : 0, n = a->nbranches + first;
    char **labels = xcalloc((size_t)n, sizeof *labels);
    int initial = 0;
    if (reviewer) labels[0] = xstrdup("全部支部");
    for (int i = 0; i < a->nbranches; i++) {
        labels[first + i] = xasprintf("%s（%s）", a->branches[i].name, a->branches[i].code);
        if (a->branches[i].id == u->branch_id) initial = first + i;
    }
    char title[160];
    snprintf(title, sizeof title, reviewer ? "%s 的审查范围" : "%s 的支部", login);
    int pick = ui_pick(title, (const char *const *)labels, n, initial);
    for (int i = 0; i < n; i++) free(labels[i]);
    free(labels);
    if (pick < 0) return SR_REDRAW;
    int64_t id = reviewer && pick == 0 ? 0 : a->branches[pick - first].id;
    if (id == u->branch_id) {
        app_status(app, "未作改动");
        return SR_REDRAW;
    }
    if (store_user_set_branch(app->store, login, id) != STORE_OK) {
        screens_store_error(app, "未保存");
    } else {
        const struct branch *b = id ? branch_of_id(a, id) : NULL;
        app_status(app, "已将账号 %s 的%s改为 %s", login, reviewer ? "审查范围" : "支部",
                   b ? b->name : "全部支部");
    }
    reload(s, login);
    return SR_REDRAW;
}

static int accounts_act(struct screen *s, const struct ui_action *act)
{
    struct accounts *a = s->state;
    struct app *app = s->app;
    const struct user *sel = a->list.sel >= 0 && a->list.sel < a->n ? &a->users[a->list.sel] : NULL;
    if (act->id == A_NEW) {
        struct account_form_arg arg = {.passwd = false, .saved_login = a->saved_login};
        app_push(app, &account_form_screen, &arg);
        return SR_REDRAW;
    }
    if (!sel) {
        app_error(app, "请先选择一个账号");
        return SR_REDRAW;
    }
    switch (act->id) {
    case A_TOGGLE: return do_toggle(s, sel);
    case A_PASSWD: {
        struct account_form_arg arg = {.passwd = true, .login = sel->login,
                                       .saved_login = a->saved_login};
        app_push(app, &account_form_screen, &arg);
        return SR_REDRAW;
    }
    case A_BRANCH: return do_branch(s, sel);
    default: return SR_NONE;
    }
}

static const struct list_screen accounts_list = {
    .columns = account_columns, .ncolumns = (int)ZB_ARRAY_LEN(account_columns), .empty_text = "（没有账号）",
    .init = accounts_init, .load = load, .header = accounts_header, .cell = account_cell,
    .row_attr = account_attr, .act = accounts_act, .release = accounts_release,
};

const struct screen_ops accounts_screen = {
    .name = "accounts",
    .title = "账号管理",
    .help_intro = "账号管理（仅管理员）：每个账号的用户名、姓名、角色、支部、状态和最近登录。"
                  "支部书记只管本支部的台账，必须指定支部；审查员的支部是审查范围（全部支部或某个"
                  "支部及其下属支部）；管理员管理账号、支部和设置，不属于某个支部；指导站督查员（只在区（县）"
                  "的数据库中）属于一个指导站，复审、督查该站所辖乡镇的支部。"
                  "与命令行 zhibu user 的规则相同，每次修改都记入修改日志。",
    .manual = "系统管理与账号",
    .state_size = sizeof(struct accounts),
    .actions = accounts_actions,
    .back = "返回系统管理",
    LIST_SCREEN_OPS(accounts_list),
    .resume = accounts_resume,
};

/* ---- the form: a new account, or a new password -------------------------------------------- */

enum { F_SAVE = 1 };

static const struct ui_action form_actions[] = {
    {.id = F_SAVE, .key = UK_F(2), .key2 = UK_CTRL_S, .label = "保存",
     .help = "检查并保存（在最后一项按 Enter 也可保存）", .perm = STORE_PERM_ADMIN},
    {0},
};

/* I_STATION only at a district's database (an inspector's station), after the passwords so
 * that the form elsewhere is as it was */
enum { I_LOGIN, I_NAME, I_ROLE, I_BRANCH, I_PASS, I_PASS2, I_STATION, I_ADD_MAX };
enum { P_WHO, P_PASS, P_PASS2, P_MAX };

struct account_form {
    struct ui_form form;
    struct ui_item items[I_ADD_MAX];
    int nitems;
    bool passwd;
    struct user u;               /* passwd: the account */
    char *saved_login;           /* where the saved login goes (may be NULL) */
    const char *roles[4];
    bool district;               /* a district's database: the inspector's role and station */
    const char **station_labels; /* "（无）", then each station's name */
    struct station *stations;
    int nstations;
    char **branch_labels;        /* "（无）", then "名称（代码）" of each branch */
    struct branch *branches;
    int nbranches;
    char who[200];
};

static int form_open(struct screen *s, void *arg)
{
    struct account_form *f = s->state;
    const struct account_form_arg *fa = arg;
    struct store *st = s->app->store;
    if (!store_may(st, STORE_PERM_ADMIN, s->app->branch_id)) {
        app_error(s->app, "账号管理只有管理员能使用");
        return -1;
    }
    f->passwd = fa && fa->passwd;
    f->saved_login = fa ? fa->saved_login : NULL;
    if (f->passwd) {
        if (store_user_get(st, fa->login, &f->u) != STORE_OK) {
            app_error(s->app, "%s", store_errmsg(st));
            return -1;
        }
        snprintf(f->who, sizeof f->who, "%s（%s，%s）", f->u.login, f->u.display_name,
                 store_role_label(f->u.role));
        f->items[P_WHO] = (struct ui_item){.label = "账号", .type = UI_ITEM_LABEL};
        f->items[P_PASS] = (struct ui_item){.label = "新密码", .type = UI_ITEM_TEXT,
                                            .required = true, .max_chars = AUTH_PASSWORD_MAX,
                                            .secret = true, .hint = "至少 6 个字符"};
        f->items[P_PASS2] = (struct ui_item){.label = "再次输入新密码", .type = UI_ITEM_TEXT,
                                             .required = true, .max_chars = AUTH_PASSWORD_MAX,
                                             .secret = true};
        f->nitems = P_MAX;
        ui_form_init(&f->form, f->items, f->nitems);
        ui_form_set_text(&f->form, P_WHO, f->who);
        ui_form_focus(&f->form, P_PASS);
        ui_form_mark_saved(&f->form);
        return 0;
    }
    struct store_branch_list branches;
    if (store_branch_list(st, &branches) != STORE_OK) {
        app_error(s->app, "读取支部失败：%s", store_errmsg(st));
        return -1;
    }
    f->branches = branches.v;
    f->nbranches = branches.n;
    f->branch_labels = xcalloc((size_t)f->nbranches + 1, sizeof *f->branch_labels);
    f->branch_labels[0] = xstrdup("（无）");
    for (int i = 0; i < f->nbranches; i++)
        f->branch_labels[i + 1] = xasprintf("%s（%s）", f->branches[i].name, f->branches[i].code);
    f->roles[0] = store_role_label(STORE_ROLE_SECRETARY);
    f->roles[1] = store_role_label(STORE_ROLE_REVIEWER);
    f->roles[2] = store_role_label(STORE_ROLE_ADMIN);
    f->roles[3] = store_role_label(STORE_ROLE_INSPECTOR);
    char kind[16] = "";
    f->district = store_office_get_kind(st, kind, sizeof kind) == STORE_OK &&
                  strcmp(kind, "district") == 0;
    if (f->district) {
        struct store_station_list sl;
        if (store_station_list(st, &sl) != STORE_OK) {
            app_error(s->app, "读取指导站失败：%s", store_errmsg(st));
            return -1;
        }
        f->stations = sl.v;
        f->nstations = sl.n;
        f->station_labels = xcalloc((size_t)f->nstations + 1, sizeof *f->station_labels);
        f->station_labels[0] = "（无）";
        for (int i = 0; i < f->nstations; i++) f->station_labels[i + 1] = f->stations[i].name;
    }
    f->items[I_LOGIN] = (struct ui_item){.label = "用户名", .type = UI_ITEM_TEXT, .required = true,
                                         .max_chars = AUTH_LOGIN_MAX,
                                         .hint = "字母开头，字母数字 _ . -"};
    f->items[I_NAME] = (struct ui_item){.label = "姓名", .type = UI_ITEM_TEXT, .max_chars = 63,
                                        .hint = "可用中文，如 王书记"};
    f->items[I_ROLE] = (struct ui_item){.label = "角色", .type = UI_ITEM_CHOICE, .required = true,
                                        .choices = f->roles, .nchoices = f->district ? 4 : 3};
    f->items[I_BRANCH] = (struct ui_item){.label = "支部", .type = UI_ITEM_CHOICE,
                                          .choices = (const char *const *)f->branch_labels,
                                          .nchoices = f->nbranches + 1,
                                          .hint = "书记必选；审查员（无）＝全部支部"};
    f->items[I_PASS] = (struct ui_item){.label = "初始密码", .type = UI_ITEM_TEXT,
                                        .required = true, .max_chars = AUTH_PASSWORD_MAX,
                                        .secret = true, .hint = "至少 6 个字符"};
    f->items[I_PASS2] = (struct ui_item){.label = "再次输入密码", .type = UI_ITEM_TEXT,
                                         .required = true, .max_chars = AUTH_PASSWORD_MAX,
                                         .secret = true};
    f->items[I_STATION] = (struct ui_item){.label = "指导站", .type = UI_ITEM_CHOICE,
                                           .choices = f->station_labels,
                                           .nchoices = f->nstations + 1,
                                           .hint = "指导站督查员必选"};
    f->nitems = f->district ? I_ADD_MAX : I_STATION;
    ui_form_init(&f->form, f->items, f->nitems);
    ui_form_set_choice(&f->form, I_ROLE, 0);
    ui_form_set_choice(&f->form, I_BRANCH, 0);
    if (f->district) ui_form_set_choice(&f->form, I_STATION, 0);
    ui_form_focus(&f->form, I_LOGIN);
    ui_form_mark_saved(&f->form);
    return 0;
}

static void form_close(struct screen *s)
{
    struct account_form *f = s->state;
    /* the typed passwords leave memory with the form */
    for (int i = 0; i < f->nitems; i++)
        if (f->items[i].secret && f->items[i].field.text)
            memset(f->items[i].field.text, 0, f->items[i].field.cap);
    ui_form_free(&f->form);
    if (f->branch_labels)
        for (int i = 0; i <= f->nbranches; i++) free(f->branch_labels[i]);
    free(f->branch_labels);
    free(f->branches);
    free(f->station_labels);
    free(f->stations);
}

static bool form_dirty(struct screen *s)
{
    struct account_form *f = s->state;
    return f->form.changed;
}

static const char *form_discard(struct screen *s)
{
    struct account_form *f = s->state;
    return f->passwd ? "放弃输入的新密码？" : "放弃尚未保存的新账号？";
}

static void form_draw(struct screen *s, struct ui_rect body)
{
    struct account_form *f = s->state;
    int row = body.row, col = body.col + 1, cols = body.cols - 2;
    ui_put(row++, col, cols,
           f->passwd ? "重设密码（F2 保存，Esc 返回）"
                     : "新增账号（带 * 的为必填项；F2 保存，Esc 返回）",
           UA_HEADER);
    int form_rows = f->nitems + 3; /* room for an error on a row of its own */
    if (form_rows > body.rows - 4) form_rows = body.rows - 4;
    ui_form_draw(&f->form, (struct ui_rect){row, col, form_rows, cols});
    row += form_rows;
    int end = body.row + body.rows;
    if (!f->passwd) {
        static const char *const notes[] = {
            "用户名：2–32 个字符，英文字母开头，只含英文字母、数字和 _ . -",
            "支部书记只管本支部的台账，必须选支部；审查员的支部是审查范围",
            "（选（无）＝全部支部）；管理员不属于某个支部。",
            "指导站督查员（区、县）须选指导站，只复审、督查本站所辖乡镇的支部。",
        };
        size_t nnotes = f->district ? ZB_ARRAY_LEN(notes) : ZB_ARRAY_LEN(notes) - 1;
        for (size_t i = 0; i < nnotes && row < end; i++)
            ui_put(row++, col, cols, notes[i], UA_DIM);
    } else if (row < end) {
        ui_put(row, col, cols, "新密码保存后立即生效，账号的锁定同时解除。", UA_DIM);
    }
}

static void secret_clear(struct account_form *f, int item)
{
    struct ui_field *fl = &f->items[item].field;
    if (fl->text) memset(fl->text, 0, fl->cap);
    ui_form_set_text(&f->form, item, "");
}

/* A mistake on item: said beside it and on the status line, the item focused. */
static int refuse(struct screen *s, int item, const char *msg)
{
    struct account_form *f = s->state;
    ui_form_set_error(&f->form, item, msg);
    ui_form_focus(&f->form, item);
    app_error(s->app, "未保存：%s", msg);
    return SR_REDRAW;
}

/* The two passwords: strong enough (the rule of `zhibu user passwd`) and the same. */
static int check_passwords(struct screen *s, int pass, int pass2)
{
    struct account_form *f = s->state;
    char msg[256];
    const char *pw = ui_form_text(&f->form, pass);
    if (auth_check_password(pw, msg, sizeof msg) != 0) {
        secret_clear(f, pass2);
        return refuse(s, pass, msg);
    }
    if (strcmp(pw, ui_form_text(&f->form, pass2)) != 0) {
        secret_clear(f, pass2);
        return refuse(s, pass2, "两次输入的密码不一致，请再输入一次");
    }
    return SR_NONE;
}

static int save_passwd(struct screen *s)
{
    struct account_form *f = s->state;
    struct app *app = s->app;
    for (int i = 0; i < f->nitems; i++) ui_form_set_error(&f->form, i, NULL);
    int rc = check_passwords(s, P_PASS, P_PASS2);
    if (rc != SR_NONE) return rc;
    if (store_user_passwd(app->store, f->u.login, ui_form_text(&f->form, P_PASS)) != STORE_OK)
        return refuse(s, P_PASS, store_errmsg(app->store));
    if (f->saved_login) zb_strlcpy(f->saved_login, f->u.login, AUTH_LOGIN_MAX + 1);
    app_status(app, "已修改账号 %s 的密码", f->u.login);
    return SR_BACK;
}

static int save_add(struct screen *s)
{
    struct account_form *f = s->state;
    struct app *app = s->app;
    struct store *st = app->store;
    for (int i = 0; i < f->nitems; i++) ui_form_set_error(&f->form, i, NULL);
    char msg[256], login[AUTH_LOGIN_MAX * 4 + 1], name[256];
    zb_strlcpy(login, ui_form_text(&f->form, I_LOGIN), sizeof login);
    text_trim(login);
    if (auth_check_login(login, msg, sizeof msg) != 0) return refuse(s, I_LOGIN, msg);
    struct user other;
    if (store_user_get(st, login, &other) == STORE_OK) {
        snprintf(msg, sizeof msg, "用户名 %s 已存在", other.login);
        return refuse(s, I_LOGIN, msg);
    }
    zb_strlcpy(name, ui_form_text(&f->form, I_NAME), sizeof name);
    text_trim(name);
    struct user u = {0};
    int role = ui_form_choice(&f->form, I_ROLE);
    u.role = role == 1   ? STORE_ROLE_REVIEWER
             : role == 2 ? STORE_ROLE_ADMIN
             : role == 3 ? STORE_ROLE_INSPECTOR
                         : STORE_ROLE_SECRETARY;
    if (f->district) {
        int z = ui_form_choice(&f->form, I_STATION);
        u.station_id = z > 0 && z <= f->nstations ? f->stations[z - 1].id : 0;
    }
    int b = ui_form_choice(&f->form, I_BRANCH);
    u.branch_id = b > 0 && b <= f->nbranches ? f->branches[b - 1].id : 0;
    zb_strlcpy(u.login, login, sizeof u.login);
    if (strlen(name) >= sizeof u.display_name)
        return refuse(s, I_NAME, "显示名太长：最多 21 个汉字或 63 个字母");
    zb_strlcpy(u.display_name, name, sizeof u.display_name);
    int rc = check_passwords(s, I_PASS, I_PASS2);
    if (rc != SR_NONE) return rc;
    if (store_user_add(st, &u, ui_form_text(&f->form, I_PASS)) != STORE_OK) {
        const char *why = store_errmsg(st);
        /* the store's refusals of the role and branch belong beside the branch */
        int item = f->district && strstr(why, "指导站") ? I_STATION
                   : strstr(why, "支部")               ? I_BRANCH
                   : strstr(why, "显示名")             ? I_NAME
                                                       : I_LOGIN;
        return refuse(s, item, why);
    }
    if (f->saved_login) zb_strlcpy(f->saved_login, u.login, AUTH_LOGIN_MAX + 1);
    if (u.role == STORE_ROLE_INSPECTOR)
        app_status(app, "已添加账号 %s（%s，%s，%s）", u.login, u.display_name,
                   store_role_label(u.role), u.station_name);
    else
        app_status(app, "已添加账号 %s（%s，%s%s%s）", u.login, u.display_name,
                   store_role_label(u.role), u.branch_code[0] ? "，" : "",
                   u.branch_code[0] ? u.branch_code
                   : u.role == STORE_ROLE_REVIEWER ? "，审查全部支部" : "");
    return SR_BACK;
}

static int form_handle(struct screen *s, int key, const struct ui_action *act)
{
    struct account_form *f = s->state;
    bool submit = act && act->id == F_SAVE;
    if (!act && key == UK_ENTER && f->items[f->form.active].type != UI_ITEM_CHOICE) {
        if (f->form.active < f->nitems - 1) {
            ui_form_focus(&f->form, f->form.active + 1);
            return SR_REDRAW;
        }
        submit = true;
    }
    if (submit) return f->passwd ? save_passwd(s) : save_add(s);
    return ui_form_key(&f->form, key) ? SR_REDRAW : SR_NONE;
}

const struct screen_ops account_form_screen = {
    .name = "account_form",
    .title = "账号",
    .help_intro = "新增账号，或为账号设新密码。密码输入两次，不显示；至少 6 个字节"
                  "（字母、数字各算 1 个，汉字算 3 个），最多 128 个字节。",
    .manual = "系统管理与账号",
    .state_size = sizeof(struct account_form),
    .actions = form_actions,
    .back = "返回账号管理（有未保存的输入时先询问）",
    .discard = form_discard,
    .open = form_open,
    .draw = form_draw,
    .handle = form_handle,
    .close = form_close,
    .dirty = form_dirty,
};
