/* login.c — 登录: the first screen of the interface. With accounts in the database it asks
 * for a login and a password (store_login checks them and fixes the handle to that user); on
 * a database without any account it makes the first administrator (首次使用). A demo database
 * lists its demo accounts. On success it leaves the loop (app->logged_in); Esc or F10 quits. */
#include <stdio.h>
#include <string.h>

#include "zhibu/auth.h"
#include "zhibu/rules.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

enum { A_LOGIN = 1, A_QUIT };

static const struct ui_action login_actions[] = {
    {.id = A_LOGIN, .key = UK_F(2), .key2 = UK_CTRL_S, .label = "登录",
     .help = "用输入的用户名和密码登录（在最后一项按 Enter 也可登录）；首次使用时先创建这个管理员账号，再以它登录", .perm = STORE_PERM_ANY},
    {.id = A_QUIT, .key = UK_ESC, .help = "不登录，退出程序", .perm = STORE_PERM_ANY},
    {0},
};

enum { I_LOGIN, I_NAME, I_PASS, I_PASS2, I_MAX };

#define DEMO_SHOWN 6

struct login {
    struct ui_form form;
    struct ui_item items[I_MAX];
    int nitems;
    bool setup;                   /* no account yet: make the first administrator */
    int ndemo;                    /* demo accounts listed (demo databases only) */
    struct user demo[DEMO_SHOWN];
};

static int login_open(struct screen *s, void *arg)
{
    (void)arg;
    struct login *l = s->state;
    struct store *st = s->app->store;
    int users = store_user_count(st);
    if (users < 0) {
        app_error(s->app, "%s", store_errmsg(st));
        return -1;
    }
    l->setup = users == 0;
    if (l->setup) {
        l->items[I_LOGIN] = (struct ui_item){.label = "管理员用户名", .type = UI_ITEM_TEXT,
                                             .required = true, .max_chars = AUTH_LOGIN_MAX,
                                             .hint = "字母开头，字母数字 _ . -"};
        l->items[I_NAME] = (struct ui_item){.label = "显示名称", .type = UI_ITEM_TEXT,
                                            .max_chars = 30, .hint = "可用中文，如 张三"};
        l->items[I_PASS] = (struct ui_item){.label = "密码", .type = UI_ITEM_TEXT, .required = true,
                                            .max_chars = AUTH_PASSWORD_MAX, .secret = true,
                                            .hint = "至少 6 个字符"};
        l->items[I_PASS2] = (struct ui_item){.label = "再次输入密码", .type = UI_ITEM_TEXT,
                                             .required = true, .max_chars = AUTH_PASSWORD_MAX,
                                             .secret = true};
        l->nitems = I_MAX;
    } else {
        l->items[0] = (struct ui_item){.label = "用户名", .type = UI_ITEM_TEXT, .required = true,
                                       .max_chars = AUTH_LOGIN_MAX};
        l->items[1] = (struct ui_item){.label = "密码", .type = UI_ITEM_TEXT, .required = true,
                                       .max_chars = AUTH_PASSWORD_MAX, .secret = true};
        l->nitems = 2;
    }
    ui_form_init(&l->form, l->items, l->nitems);
    if (l->setup) ui_form_set_text(&l->form, I_LOGIN, "admin");
    char demo[8];
    if (!l->setup && store_meta_get(st, "demo", demo, sizeof demo) == STORE_OK &&
        strcmp(demo, "1") == 0) {
        struct store_user_list all;
        if (store_user_list(st, &all) == STORE_OK) /* the first DEMO_SHOWN, on purpose */
            for (l->ndemo = 0; l->ndemo < all.n && l->ndemo < DEMO_SHOWN; l->ndemo++)
                l->demo[l->ndemo] = all.v[l->ndemo];
        store_user_list_free(&all);
    }
    return 0;
}

static void login_close(struct screen *s)
{
    struct login *l = s->state;
    /* the typed password leaves memory with the form */
    for (int i = 0; i < l->nitems; i++)
        if (l->items[i].secret && l->items[i].field.text)
            memset(l->items[i].field.text, 0, l->items[i].field.cap);
    ui_form_free(&l->form);
}

static void login_draw(struct screen *s, struct ui_rect body)
{
    struct login *l = s->state;
    int row = body.row, col = body.col + 2, cols = body.cols - 4;
    ui_put(row++, col, cols, l->setup ? "首次使用：创建管理员账号" : "登录", UA_HEADER);
    char line[1200];
    snprintf(line, sizeof line, "数据库 %s", store_path(s->app->store));
    ui_put(row++, col, cols, line, UA_DIM);
    if (l->setup) {
        ui_put(row++, col, cols,
               "还没有任何账号：先建管理员，再用它为支部书记、审查员建账号。",
               UA_NORMAL);
    }
    row++;
    int form_rows = l->nitems * 2 + 1;
    ui_form_draw(&l->form, (struct ui_rect){row, col, form_rows, cols});
    row += form_rows + 1;
    if (l->ndemo > 0 && row < body.row + body.rows) {
        ui_put(row++, col, cols, "演示数据库的账号（密码均为 " DEMO_PASSWORD "）：", UA_HEADER);
        for (int i = 0; i < l->ndemo && row < body.row + body.rows; i++) {
            const struct user *u = &l->demo[i];
            char who[200];
            snprintf(who, sizeof who, "  %-10s %s（%s%s%s）", u->login, u->display_name,
                     store_role_label(u->role), u->branch_code[0] ? " " : "", u->branch_code);
            ui_put(row++, col, cols, who, UA_NORMAL);
        }
    }
}

static int finish(struct screen *s)
{
    screens_after_login(s->app);
    s->app->quit = true; /* leave the login loop; main opens the home screen */
    return SR_NONE;
}

static struct auth_policy policy(const struct app *app)
{
    return app->rules->lockout;
}

static int do_setup(struct screen *s)
{
    struct login *l = s->state;
    struct app *app = s->app;
    char msg[256];
    char login[AUTH_LOGIN_MAX * 4 + 1];
    zb_strlcpy(login, ui_form_text(&l->form, I_LOGIN), sizeof login);
    text_trim(login);
    if (auth_check_login(login, msg, sizeof msg) != 0) {
        ui_form_set_error(&l->form, I_LOGIN, msg);
        ui_form_focus(&l->form, I_LOGIN);
        app_error(app, "%s", msg);
        return SR_REDRAW;
    }
    const char *pw = ui_form_text(&l->form, I_PASS);
    if (auth_check_password(pw, msg, sizeof msg) != 0) {
        ui_form_set_error(&l->form, I_PASS, msg);
        ui_form_focus(&l->form, I_PASS);
        app_error(app, "%s", msg);
        return SR_REDRAW;
    }
    if (strcmp(pw, ui_form_text(&l->form, I_PASS2)) != 0) {
        ui_form_set_text(&l->form, I_PASS2, "");
        ui_form_set_error(&l->form, I_PASS2, "两次输入的密码不一致");
        ui_form_focus(&l->form, I_PASS2);
        app_error(app, "两次输入的密码不一致，请再输入一次");
        return SR_REDRAW;
    }
    struct user u = {.role = STORE_ROLE_ADMIN};
    zb_strlcpy(u.login, login, sizeof u.login);
    char name[200];
    zb_strlcpy(name, ui_form_text(&l->form, I_NAME), sizeof name);
    text_trim(name);
    zb_strlcpy(u.display_name, name[0] ? name : "管理员", sizeof u.display_name);
    struct auth_policy p = policy(app);
    if (store_user_add(app->store, &u, pw) != STORE_OK ||
        store_login(app->store, u.login, pw, &p) != STORE_OK) {
        screens_store_error(app, NULL);
        return SR_REDRAW;
    }
    return finish(s);
}

static int do_login(struct screen *s)
{
    struct login *l = s->state;
    struct app *app = s->app;
    char login[AUTH_LOGIN_MAX * 4 + 1];
    zb_strlcpy(login, ui_form_text(&l->form, 0), sizeof login);
    text_trim(login);
    if (!login[0]) {
        ui_form_focus(&l->form, 0);
        app_error(app, "请输入用户名");
        return SR_REDRAW;
    }
    struct auth_policy p = policy(app);
    if (store_login(app->store, login, ui_form_text(&l->form, 1), &p) != STORE_OK) {
        screens_store_error(app, NULL);
        ui_form_set_text(&l->form, 1, "");
        ui_form_focus(&l->form, 1);
        return SR_REDRAW;
    }
    return finish(s);
}

static int login_handle(struct screen *s, int key, const struct ui_action *act)
{
    struct login *l = s->state;
    if (act && act->id == A_QUIT) {
        s->app->quit = true;
        return SR_NONE;
    }
    bool submit = act && act->id == A_LOGIN;
    if (key == UK_ENTER) {
        if (l->form.active < l->nitems - 1) {
            ui_form_focus(&l->form, l->form.active + 1);
            return SR_REDRAW;
        }
        submit = true;
    }
    if (submit) return l->setup ? do_setup(s) : do_login(s);
    return ui_form_key(&l->form, key) ? SR_REDRAW : SR_NONE;
}

const struct screen_ops login_screen = {
    .name = "login",
    .title = "登录",
    .manual = "第一次使用",
    .help_intro = "输入用户名和密码登录。连续输错密码会暂时锁定账号（次数和时长见配置文件"
                  " [accounts]）。忘记密码请管理员用 zhibu user passwd 重设。",
    .state_size = sizeof(struct login),
    .actions = login_actions,
    .open = login_open,
    .draw = login_draw,
    .handle = login_handle,
    .close = login_close,
};
