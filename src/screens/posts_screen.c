/* posts.c — 设岗定责: the branch's posts with their holders and last reports, and the line the
 * township looks at first: coverage (members without office holding a post ÷ those not
 * excused) and how many holders' reports are overdue. From here: a post's page, new posts or the
 * default catalogue, members without a post, overdue holders, the notice, the year's summary. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/posts.h"
#include "zhibu/posts_export.h"
#include "zhibu/post_status.h"
#include "zhibu/list_screen.h"
#include "zhibu/rules.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_posts.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/validate.h"
#include "zhibu/widgets.h"

enum { A_NEW = 1, A_OPEN, A_CATALOGUE, A_UNCOVERED, A_OVERDUE, A_NOTICE_DATE, A_PRINT, A_SUMMARY, A_VOID };

static const struct ui_action posts_actions[] = {
    {.id = A_NEW, .key = UK_F(2), .label = "新岗位", .help = "新设一个岗位：类别、名称、职责、需要人数", .perm = STORE_PERM_EDIT},
    {.id = A_OPEN, .key = UK_ENTER, .help = "打开所选岗位：职责、在岗党员、认领、汇报、评议、卸任", .perm = STORE_PERM_ANY},
    {.id = A_UNCOVERED, .key = 'n', .label = "未设岗", .help = "未设岗的无职党员和经批准免于设岗的党员；可为其认领岗位或登记免于设岗", .perm = STORE_PERM_ANY},
    {.id = A_OVERDUE, .key = 'o', .label = "逾期", .help = "超过规定间隔未汇报履职情况的在岗党员", .perm = STORE_PERM_ANY},
    {.id = A_NOTICE_DATE, .key = 'd', .label = "公示", .help = "登记公示日期：把尚未公示的在岗情况记为某日已公示", .perm = STORE_PERM_EDIT},
    {.id = A_PRINT, .key = UK_F(9), .label = "打印公示", .help = "把岗位、职责、在岗党员及承诺写成公示文本（.txt）或表格（.xlsx）", .perm = STORE_PERM_ANY},
    {.id = A_SUMMARY, .key = 'y', .label = "年度", .help = "本年度各岗位的在岗人数、汇报次数和评议结果", .perm = STORE_PERM_ANY},
    {.id = A_CATALOGUE, .key = 'c', .help = "从默认岗位目录建立岗位（已有同名岗位的跳过）", .perm = STORE_PERM_EDIT},
    {.id = A_VOID, .key = UK_F(8), .help = "撤销所选岗位（须先让在岗党员卸任；须填原因）", .perm = STORE_PERM_EDIT},
    {0},
};

static const struct ui_column post_columns[] = {
    {.title = "类别", .width = 10, .grow = 1},
    {.title = "岗位", .width = 12, .grow = 2},
    {.title = "在岗/需要", .width = 9, .right = true},
    {.title = "最近汇报", .width = 10},
    {.title = "逾期", .width = 4, .right = true},
};

struct posts_screen {
    struct ui_list list;
    struct post *posts;          /* every post of the branch (screens_posts) */
    int n;
    struct post_status status;   /* coverage and overdue counts */
    int64_t saved_id;
};

static void free_posts(struct posts_screen *x)
{
    screens_posts_free(x->posts, x->n);
    x->posts = NULL;
    x->n = 0;
}

static int load(struct screen *s)
{
    struct posts_screen *x = s->state;
    struct app *app = s->app;
    free_posts(x);
    x->posts = screens_posts(app, &x->n);
    post_status_free(&x->status);
    post_status_load(app, &x->status);
    return x->n;
}

static void post_cell(void *ctx, int row, int column, char *buf, size_t bufsz)
{
    struct posts_screen *x = ctx;
    buf[0] = '\0';
    if (row < 0 || row >= x->n) return;
    const struct post *p = &x->posts[row];
    switch (column) {
    case 0: zb_strlcpy(buf, p->category, bufsz); break;
    case 1: zb_strlcpy(buf, p->name, bufsz); break;
    case 2: snprintf(buf, bufsz, "%d/%d", p->holders, p->wanted); break;
    case 3: zb_strlcpy(buf, p->last_report[0] ? p->last_report : "—", bufsz); break;
    case 4: {
        int k = post_status_overdue_of_post(&x->status, p->id);
        if (k) snprintf(buf, bufsz, "%d", k);
        break;
    }
    default: break;
    }
}

static enum ui_attr post_row_attr(void *ctx, int row)
{
    struct posts_screen *x = ctx;
    if (row < 0 || row >= x->n) return UA_NORMAL;
    const struct post *p = &x->posts[row];
    if (post_status_overdue_of_post(&x->status, p->id)) return UA_MARK;
    return p->holders == 0 ? UA_DIM : UA_NORMAL;
}

static int posts_init(struct screen *s, void *arg)
{
    (void)arg;
    struct posts_screen *x = s->state;
    x->list.empty_text = store_may(s->app->store, STORE_PERM_EDIT, s->app->branch_id)
                             ? "（还没有岗位：按 F2 新建，或按 c 从默认岗位目录建立）"
                             : "（还没有岗位）";
    return 0;
}

static void posts_release(struct screen *s)
{
    struct posts_screen *x = s->state;
    free_posts(x);
    post_status_free(&x->status);
}

static void posts_resume(struct screen *s)
{
    struct posts_screen *x = s->state;
    int keep = x->list.sel;
    list_screen_reload(s);
    if (keep >= 0) ui_list_select(&x->list, keep);
}

static enum ui_attr posts_header(struct screen *s, char *line, size_t linesz)
{
    struct posts_screen *x = s->state;
    const struct coverage *c = &x->status.coverage;
    snprintf(line, linesz, "设岗覆盖率 %d%%（%d/%d 名无职党员在岗，%d 人免于设岗）  汇报逾期 %d 人", c->percent,
             c->covered, c->eligible, c->excused, x->status.overdue);
    bool low = c->percent < s->app->rules->audit.post_coverage_percent;
    return low || x->status.overdue ? UA_MARK : UA_HEADER;
}

static int import_catalogue(struct screen *s)
{
    struct posts_screen *x = s->state;
    struct app *app = s->app;
    if (!ui_confirm("按默认岗位目录建立岗位？（已有同名岗位的跳过；建立后可修改）")) return SR_REDRAW;
    int added = 0, skipped = 0;
    char today[11];
    date_format(clock_today(), today);
    for (const struct post_template *t = POST_CATALOGUE; t->name; t++) {
        bool exists = false;
        for (int i = 0; i < x->n; i++)
            if (strcmp(x->posts[i].name, t->name) == 0) exists = true;
        if (exists) {
            skipped++;
            continue;
        }
        struct post p = {.branch_id = app->branch_id, .wanted = t->wanted};
        zb_strlcpy(p.category, t->category, sizeof p.category);
        zb_strlcpy(p.name, t->name, sizeof p.name);
        zb_strlcpy(p.active_from, today, sizeof p.active_from);
        p.duties = xstrdup(t->duties);
        int rc = store_post_add(app->store, &p);
        post_free(&p);
        if (rc != STORE_OK) {
            screens_store_error(app, "建立岗位失败");
            list_screen_reload(s);
            return SR_REDRAW;
        }
        added++;
    }
    app_status(app, "已按默认目录建立 %d 个岗位%s", added, skipped ? "（同名的已跳过）" : "");
    list_screen_reload(s);
    return SR_REDRAW;
}

static int record_notice(struct screen *s)
{
    struct app *app = s->app;
    char date[16];
    date_format(clock_today(), date);
    if (!screens_ask_date("公示明岗", "公示日期（YYYY-MM-DD）：", date, sizeof date)) return SR_REDRAW;
    int count = 0;
    if (store_holding_notice(app->store, app->branch_id, date, &count) != STORE_OK) {
        screens_store_error(app, "未保存");
        return SR_REDRAW;
    }
    if (count)
        app_status(app, "已登记 %s 公示：%d 人的在岗情况", date, count);
    else
        app_status(app, "没有尚未公示的在岗情况");
    list_screen_reload(s);
    return SR_REDRAW;
}

static int print_notice(struct screen *s)
{
    struct app *app = s->app;
    char path[1024];
    char today[11];
    date_format(clock_today(), today);
    snprintf(path, sizeof path, "设岗定责公示-%s.txt", today);
    if (!ui_prompt("打印公示", "文件名（.txt 或 .xlsx）：", path, sizeof path, 200, true)) return SR_REDRAW;
    text_trim(path);
    if (!screens_may_overwrite(app, path)) return SR_REDRAW;
    size_t len = strlen(path);
    char err[512] = "";
    int rc;
    if (len > 4 && strcmp(path + len - 4, ".txt") == 0) {
        char tmp[1100];
        snprintf(tmp, sizeof tmp, "%s.tmp", path);
        FILE *f = zb_fopen_private(tmp);
        rc = f ? posts_notice_text(f, app->store, app->branch_id, "", 72) : -1;
        if (f && fclose(f) != 0) rc = -1;
        if (rc == 0 && rename(tmp, path) != 0) rc = -1;
        if (rc != 0) {
            remove(tmp);
            snprintf(err, sizeof err, "无法写入 %.400s", path);
        }
    } else {
        rc = posts_notice_export(app->store, app->branch_id, "", path, err, sizeof err);
    }
    if (rc != 0) {
        app_error(app, "未写入：%s", err);
        return SR_REDRAW;
    }
    app_status(app, "已写入公示 %s", path);
    return SR_REDRAW;
}

static int posts_act(struct screen *s, const struct ui_action *act)
{
    struct posts_screen *x = s->state;
    struct app *app = s->app;
    const struct post *sel = x->list.sel >= 0 && x->list.sel < x->n ? &x->posts[x->list.sel] : NULL;
    switch (act->id) {
    case A_NEW: {
        struct post_form_arg arg = {.id = 0};
        app_push(app, &post_form_screen, &arg);
        return SR_REDRAW;
    }
    case A_OPEN:
        if (!sel) { app_error(app, "请先选择一个岗位"); return SR_REDRAW; }
        {
            struct holdings_arg arg = {.mode = HOLDINGS_OF_POST, .id = sel->id};
            app_push(app, &holdings_screen, &arg);
        }
        return SR_REDRAW;
    case A_CATALOGUE: return import_catalogue(s);
    case A_UNCOVERED: app_push(app, &uncovered_screen, NULL); return SR_REDRAW;
    case A_OVERDUE: {
        struct holdings_arg arg = {.mode = HOLDINGS_OVERDUE};
        app_push(app, &holdings_screen, &arg);
        return SR_REDRAW;
    }
    case A_NOTICE_DATE: return record_notice(s);
    case A_PRINT: return print_notice(s);
    case A_SUMMARY: app_push(app, &post_summary_screen, NULL); return SR_REDRAW;
    case A_VOID: {
        if (!sel) { app_error(app, "请先选择一个岗位"); return SR_REDRAW; }
        /* the store's refusals, known before the reason is asked */
        if (sel->voided || sel->holders > 0) {
            app_error(app, "未撤销：%s", sel->voided ? "该岗位已撤销" : "请先办理在岗党员卸任");
            return SR_REDRAW;
        }
        int64_t id = sel->id;
        char reason[256] = "";
        if (!ui_prompt("撤销岗位", "原因：", reason, sizeof reason, 60, true)) return SR_REDRAW;
        text_trim(reason);
        if (store_post_void(app->store, id, reason) != STORE_OK) {
            screens_store_error(app, "未撤销");
            return SR_REDRAW;
        }
        app_status(app, "已撤销岗位（原因：%s）", reason);
        list_screen_reload(s);
        return SR_REDRAW;
    }
    default: return SR_NONE;
    }
}

static const struct list_screen posts_list = {
    .columns = post_columns, .ncolumns = (int)ZB_ARRAY_LEN(post_columns), .init = posts_init,
    .load = load, .header = posts_header, .cell = post_cell, .row_attr = post_row_attr,
    .act = posts_act, .release = posts_release,
};

const struct screen_ops posts_screen = {
    .name = "posts",
    .title = "设岗定责",
    .manual = "设岗定责",
    .help_intro = "无职党员设岗定责：组织定岗 → 党员选岗（承诺）→ 公示明岗 → 定期汇报 → 民主评议 → 考核奖励。"
                  "覆盖率＝在岗的无职党员 ÷ 未免于设岗的无职党员；支委成员可认领岗位但不计入。",
    .state_size = sizeof(struct posts_screen),
    .actions = posts_actions,
    .back = "返回首页",
    LIST_SCREEN_OPS(posts_list),
    .resume = posts_resume,
};
