/* common.c — what several screens share: the current branch. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "zhibu/screens.h"
#include "zhibu/validate.h"
#include "zhibu/text.h"
#include "zhibu/dues.h"
#include "zhibu/clock.h"
#include "zhibu/store.h"
#include "zhibu/store_dues.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_posts.h"
#include "zhibu/util.h"
#include "zhibu/msg.h"
#include "zhibu/widgets.h"

/* After a write refused with STORE_ERR_LOCKED (the month has a verdict): show why and ask for
 * the 申请修改 reason. true when given (store_amend_begin); false (Esc): a message is set. */
static bool screens_ask_amend(struct app *app)
{
    char title[600], reason[1024] = "";
    snprintf(title, sizeof title, "申请修改 — %s", store_errmsg(app->store));
    for (;;) {
        if (!ui_prompt(title, "修改原因（审查员会看到原因和修改前后的内容）：", reason,
                       sizeof reason, 500, true)) {
            app_error(app, "未修改：该月已评审，修改需说明原因");
            return false;
        }
        if (store_amend_begin(app->store, reason) == STORE_OK) return true;
        ui_message("原因有误", store_errmsg(app->store));
    }
}

void screens_store_error(struct app *app, const char *lead)
{
    char m[MSG_MAX];
    app_error(app, "%s", msg_store_failure(m, sizeof m, lead, store_error(app->store)));
}

int screens_write(struct app *app, int (*write)(struct store *st, void *ctx), void *ctx)
{
    int rc = write(app->store, ctx);
    if (rc == STORE_ERR_LOCKED && screens_ask_amend(app)) {
        rc = write(app->store, ctx);
        store_amend_end(app->store);
    }
    return rc;
}

struct payment_write {
    struct dues_payment *p;
    const struct dues_paid *alloc;
    int n;
};

static int write_payment(struct store *st, void *ctx)
{
    struct payment_write *w = ctx;
    return store_dues_payment_add(st, w->p, w->alloc, w->n);
}

int screens_write_payment(struct app *app, struct dues_payment *p, const struct dues_paid *alloc, int n)
{
    return screens_write(app, write_payment, &(struct payment_write){p, alloc, n});
}

bool screens_may_overwrite(struct app *app, const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0) return true;
    char q[1200];
    snprintf(q, sizeof q, "文件 %s 已存在，覆盖吗？", path);
    if (ui_confirm(q)) return true;
    app_status(app, "未写入：%s 已存在，没有覆盖", path);
    return false;
}

void screens_after_login(struct app *app)
{
    const struct store_session *ss = store_session(app->store);
    const char *name = ss->display_name[0] ? ss->display_name : ss->login;
    snprintf(app->user, sizeof app->user, "%s（%s）", name, store_role_label(ss->role));
    if (!store_may(app->store, STORE_PERM_ALL_BRANCHES, 0) && ss->branch_id)
        screens_set_branch(app, ss->branch_id);
    app->logged_in = true;
}

bool screens_may_switch_branch(struct app *app)
{
    char why[256];
    if (!store_may_why(app->store, STORE_PERM_ALL_BRANCHES, app->branch_id, why, sizeof why)[0])
        return true;
    app_error(app, "%s", why);
    return false;
}

int screens_set_branch(struct app *app, int64_t branch_id)
{
    struct branch b;
    if (store_branch_get(app->store, branch_id, &b) != STORE_OK) return -1;
    app->branch_id = b.id;
    zb_strlcpy(app->branch_name, b.name, sizeof app->branch_name);
    char val[32];
    snprintf(val, sizeof val, "%lld", (long long)b.id);
    store_meta_set(app->store, "current_branch", val);
    return 0;
}

const struct screen_ops *const screens_all[] = {
    &login_screen, &home_screen, &roster_screen, &member_form_screen, &groups_screen,
    &committee_screen, &branch_screen, &meetings_screen, &meeting_form_screen,
    &attendance_screen, &resolutions_screen, &plans_screen, &meeting_summary_screen,
    &dues_screen, &payment_form_screen, &arrears_screen, &payments_screen, &mobile_screen,
    &remit_screen, &remit_form_screen, /* issue 19: 党费上缴 */
    &contacts_screen, &posts_screen, &post_form_screen, &holdings_screen, &uncovered_screen,
    &post_summary_screen, &review_screen, &branch_review_screen, &rectify_screen, &exchange_screen,
    &system_screen, &roster_import_screen, &accounts_screen, &account_form_screen, &circular_screen,
    &district_home_screen, &district_review_screen, &spot_checks_screen, &spot_check_form_screen,
    &appraisal_screen,
    &stats_screen,
    &pipeline_screen, &candidate_screen, &candidate_form_screen, NULL,
};

int screens_pick_member(struct app *app, const struct member_filter *f, const char *title,
                        int64_t initial_id, const char *empty_msg, struct member *out)
{
    int count = store_member_count(app->store, f);
    if (count <= 0) {
        app_error(app, "%s", empty_msg);
        return -1;
    }
    struct member *ms = xcalloc((size_t)count, sizeof *ms);
    int n = 0;
    store_member_page(app->store, f, 0, count, ms, &n);
    char **labels = xcalloc((size_t)n + 1, sizeof *labels);
    int initial = 0;
    for (int i = 0; i < n; i++) {
        labels[i] = ms[i].office[0]
                        ? xasprintf("%s（%s）", ms[i].name, code_label_of(OFFICES, ms[i].office))
                        : xstrdup(ms[i].name);
        if (ms[i].id == initial_id) initial = i;
    }
    int pick = ui_pick(title, (const char *const *)labels, n, initial);
    if (pick >= 0) *out = ms[pick];
    for (int i = 0; i < n; i++) free(labels[i]);
    free(labels);
    free(ms);
    return pick >= 0 ? 0 : -1;
}

bool screens_ask_date(const char *title, const char *label, char *buf, size_t bufsz)
{
    for (;;) {
        if (!ui_prompt(title, label, buf, bufsz, 10, true)) return false;
        text_trim(buf);
        enum valid_code vc = validate_date_text(buf, true, clock_today());
        if (vc == V_OK) return true;
        char msgbuf[ZB_MSG_MAX];
        ui_message("日期有误", validate_date_message(buf, vc, msgbuf, sizeof msgbuf));
    }
}

bool screens_ask_month(const char *title, const char *label, int *ym)
{
    char buf[16];
    dues_ym_format(*ym, buf);
    for (;;) {
        if (!ui_prompt(title, label, buf, sizeof buf, 7, true)) return false;
        text_trim(buf);
        int v = dues_ym_parse(buf);
        if (v >= 0) {
            *ym = v;
            return true;
        }
        ui_message("月份有误", "月份应写作 YYYY-MM，例如 2026-11");
    }
}

struct group *screens_groups(struct app *app, int *n)
{
    struct store_group_list l;
    if (store_group_list(app->store, app->branch_id, &l) != STORE_OK)
        screens_store_error(app, "读取党小组失败");
    *n = l.n;
    return l.v;
}

int screens_pick_group(struct app *app, const char *title, const char *empty_msg, struct group *out)
{
    int n = 0;
    struct group *groups = screens_groups(app, &n);
    if (n == 0) {
        app_error(app, "%s", empty_msg);
        free(groups);
        return -1;
    }
    const char **names = xcalloc((size_t)n, sizeof *names);
    for (int i = 0; i < n; i++) names[i] = groups[i].name;
    int g = ui_pick(title, names, n, 0);
    if (g >= 0) *out = groups[g];
    free(names);
    free(groups);
    return g >= 0 ? 0 : -1;
}

struct post *screens_posts(struct app *app, int *n)
{
    struct store_post_list l;
    if (store_post_list(app->store, app->branch_id, &l) != STORE_OK)
        screens_store_error(app, "读取岗位失败");
    *n = l.n;
    return l.v;
}

void screens_posts_free(struct post *posts, int n)
{
    for (int i = 0; i < n; i++) post_free(&posts[i]);
    free(posts);
}
