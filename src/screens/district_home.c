/* district_home.c — 首页 at a district's database (issue 18): the district office, today, its
 * townships and branches (an inspector: their station's), and the modules of the district —
 * 1 复审, 2 督查记录, 3 通报, 4 系统管理 — each listed only for the roles that may use it (a
 * digit of one not listed says who may). screens_home chooses this screen or 首页. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_district.h"
#include "zhibu/store_office.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

const struct screen_ops *screens_home(struct app *app)
{
    struct office_info o;
    if (store_office_get(app->store, &o) == STORE_OK && strcmp(o.kind, "district") == 0) {
        /* a district has no current branch: the title names the office, from the login on */
        app->branch_id = 0;
        zb_strlcpy(app->branch_name, o.name[0] ? o.name : "区（县）", sizeof app->branch_name);
        return &district_home_screen;
    }
    return &home_screen;
}

enum { A_OPEN = 1, A_CIRCULAR };

static const struct ui_action dhome_actions[] = {
    {.id = A_OPEN, .key = UK_ENTER, .help = "打开所选功能（也可直接按数字 1–5）", .perm = STORE_PERM_ANY},
    {.id = A_CIRCULAR, .key = 't', .help = "通报（同 3；在乡镇、村的首页也是 t）", .perm = STORE_PERM_ANY},
    {0},
};

/* reviewer and inspector (and the system); the administrator; everyone */
enum who { W_DISTRICT, W_ADMIN, W_EXCHANGE, W_ANY };

struct dmodule {
    const char *name;
    const char *note;
    const struct screen_ops *screen;   /* NULL: not built in this version */
    enum who who;
};

/* 通报: the circular's screen (src/screens/circular_screen.c) */
static const struct dmodule DMODULES[] = {
    {"复审", "各乡镇支部的审查结果与分歧，区复审意见", &district_review_screen, W_DISTRICT},
    {"督查记录", "指导站的督查：登记、作废、查看", &spot_checks_screen, W_DISTRICT},
    {"通报", "按月、按季度通报各乡镇执行月审月报的情况", &circular_screen, W_ANY},
    {"导入导出", "导入乡镇的月度交换包，导出复审结论给乡镇", &exchange_screen, W_EXCHANGE},
    {"系统管理", "本单位、乡镇与指导站、备份与账号（管理员）", &system_screen, W_ADMIN},
};
#define NMODULES ((int)ZB_ARRAY_LEN(DMODULES))

struct dhome {
    int sel;                  /* index into DMODULES of the selected line */
    struct office_info office;
    int townships, branches, stations;
    char station[TEXT_SHORT]; /* an inspector's station (their townships' one), "" else */
};

static bool may_use(struct app *app, const struct dmodule *m)
{
    if (m->who == W_ANY) return true;
    if (m->who == W_ADMIN) return store_may(app->store, STORE_PERM_ADMIN, 0);
    enum store_role r = store_session(app->store)->role;
    /* the bundles: those who may import a township's month (store_bundle_import_month) */
    if (m->who == W_EXCHANGE)
        return r == STORE_ROLE_ADMIN || r == STORE_ROLE_SYSTEM ||
               (r == STORE_ROLE_REVIEWER && store_session(app->store)->branch_id == 0);
    return r == STORE_ROLE_REVIEWER || r == STORE_ROLE_INSPECTOR || r == STORE_ROLE_SYSTEM;
}

static void load(struct screen *s)
{
    struct dhome *h = s->state;
    struct app *app = s->app;
    if (store_office_get(app->store, &h->office) != STORE_OK) memset(&h->office, 0, sizeof h->office);
    h->townships = h->branches = h->stations = 0;
    h->station[0] = '\0';
    struct store_township_list tl = {0};
    if (store_township_list(app->store, &tl) == STORE_OK) {
        h->townships = tl.n;
        for (int i = 0; i < tl.n; i++) h->branches += tl.v[i].branches;
        store_township_list_free(&tl);
    }
    const struct store_session *ss = store_session(app->store);
    if (ss->role == STORE_ROLE_INSPECTOR) zb_strlcpy(h->station, ss->station_name, sizeof h->station);
    struct store_station_list sl = {0};
    if (store_station_list(app->store, &sl) == STORE_OK) {
        h->stations = sl.n;
        store_station_list_free(&sl);
    }
}

static void first_usable(struct screen *s)
{
    struct dhome *h = s->state;
    for (h->sel = 0; h->sel < NMODULES - 1 && !may_use(s->app, &DMODULES[h->sel]); h->sel++) {}
}

static int dhome_open(struct screen *s, void *arg)
{
    (void)arg;
    struct dhome *h = s->state;
    struct app *app = s->app;
    load(s);
    /* a district has no current branch: the title names the office */
    app->branch_id = 0;
    zb_strlcpy(app->branch_name, h->office.name[0] ? h->office.name : "区（县）", sizeof app->branch_name);
    first_usable(s);
    return 0;
}

static void dhome_resume(struct screen *s)
{
    load(s);
}

static const char *const WEEKDAYS[7] = {"星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"};

static void dhome_draw(struct screen *s, struct ui_rect r)
{
    struct dhome *h = s->state;
    struct app *app = s->app;
    char line[512];
    int row = r.row + 1, col = r.col + 2, w = r.cols - 4;
    snprintf(line, sizeof line, "%s（区县，组织部）", h->office.name[0] ? h->office.name : "未命名的区（县）");
    ui_put(row++, col, w, line, UA_HEADER);
    struct zdate today = clock_today();
    snprintf(line, sizeof line, "今天 %04d年%d月%d日 %s    %d年第%d季度", today.y, today.m, today.d,
             WEEKDAYS[date_weekday(today)], today.y, date_quarter(today));
    ui_put(row++, col, w, line, UA_NORMAL);
    row++;
    if (h->station[0])
        snprintf(line, sizeof line, "本站（%s）负责乡镇 %d 个，支部 %d 个", h->station, h->townships, h->branches);
    else
        snprintf(line, sizeof line, "已登记乡镇 %d 个，支部 %d 个；指导站 %d 个", h->townships, h->branches, h->stations);
    ui_put(row++, col, w, line, UA_NORMAL);
    if (h->townships == 0 && h->station[0])
        ui_put(row++, col, w, "本站还没有负责的乡镇：请管理员把乡镇划入本站（zhibu office township station）。", UA_MARK);
    else if (h->townships == 0)
        ui_put(row++, col, w, "还没有登记乡镇：管理员用 zhibu office township add 登记，再导入各乡镇报送的月度数据包。", UA_MARK);
    row++;
    bool notes = w >= 70;
    ui_put(row++, col, w, notes ? "功能（数字键，或 ↑↓ 后 Enter）" : "功能（按数字键）", UA_HEADER);
    for (int i = 0; i < NMODULES && row < r.row + r.rows; i++) {
        const struct dmodule *m = &DMODULES[i];
        if (!may_use(app, m)) continue;   /* only what this user may use */
        enum ui_attr a = i == h->sel ? UA_SELECTED : m->screen ? UA_NORMAL : UA_DIM;
        snprintf(line, sizeof line, " %d  %s", i + 1, m->name);
        ui_put(row, col, notes ? 60 : 24, "", a);
        ui_put_n(row, col, 14, line, a);
        if (notes) ui_put(row, col + 14, 46, m->screen ? m->note : "尚未建成", a);
        else if (!m->screen) ui_put(row, col + 14, 10, "未建", a);
        row++;
    }
}

static int open_module(struct screen *s, int i)
{
    struct dhome *h = s->state;
    struct app *app = s->app;
    const struct dmodule *m = &DMODULES[i];
    if (!may_use(app, m)) {
        app_error(app, "%s", m->who == W_ADMIN      ? "系统管理只有管理员能使用"
                             : m->who == W_EXCHANGE ? "导入导出只有区委组织部复审人员和管理员能使用"
                                                    : "复审、督查只有区委组织部复审人员和指导站督查员能使用");
        return SR_REDRAW;
    }
    h->sel = i;
    if (!m->screen) {
        app_status(app, "「%s」尚未建成，将在后续版本中提供", m->name);
        return SR_REDRAW;
    }
    struct spot_checks_arg all = {.branch_id = 0};
    app_push(app, m->screen, m->screen == &spot_checks_screen ? &all : NULL);
    return SR_REDRAW;
}

/* ↑ ↓ move among the lines this user sees. */
static int move(struct screen *s, int step)
{
    struct dhome *h = s->state;
    for (int k = 1; k <= NMODULES; k++) {
        int i = ((h->sel + step * k) % NMODULES + NMODULES) % NMODULES;
        if (may_use(s->app, &DMODULES[i])) {
            h->sel = i;
            break;
        }
    }
    return SR_REDRAW;
}

static int dhome_handle(struct screen *s, int key, const struct ui_action *act)
{
    struct dhome *h = s->state;
    if (key >= '1' && key < '1' + NMODULES) return open_module(s, key - '1');
    if (act && act->id == A_OPEN) return open_module(s, h->sel);
    if (act && act->id == A_CIRCULAR) return open_module(s, 2);
    switch (key) {
    case UK_UP: case 'k': return move(s, -1);
    case UK_DOWN: case 'j': return move(s, 1);
    default: return SR_NONE;
    }
}

const struct screen_ops district_home_screen = {
    .name = "district_home",
    .title = "首页",
    .manual = "复审（区委组织部）",
    .help_intro = "区（县）的首页：本单位、已登记的乡镇和支部，以及各功能（只列出您能使用的）。"
                  "按数字打开：1 复审，2 督查记录，3 通报，4 系统管理。",
    .state_size = sizeof(struct dhome),
    .actions = dhome_actions,
    .open = dhome_open,
    .draw = dhome_draw,
    .handle = dhome_handle,
    .resume = dhome_resume,
};
