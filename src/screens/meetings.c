/* meetings.c — 三会一课: the branch's meeting records, newest first, read page by page, with
 * their marks (补记, 不足法定人数, 要素不全, 已作废); filter by kind and period, search topics
 * and minutes, new record, open, void, history, export, plans and the yearly summary. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/dues.h"
#include "zhibu/history_view.h"
#include "zhibu/meeting.h"
#include "zhibu/meeting_export.h"
#include "zhibu/paged.h"
#include "zhibu/list_screen.h"
#include "zhibu/rules.h"
#include "zhibu/screens.h"
#include "zhibu/store_auth.h"
#include "zhibu/store.h"
#include "zhibu/store_meeting.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

enum { A_NEW = 1, A_OPEN, A_SEARCH, A_FILTER, A_VOID, A_EXPORT, A_HISTORY, A_PLANS, A_SUMMARY, A_APPRAISAL };

static const struct ui_action meetings_actions[] = {
    {.id = A_NEW, .key = UK_F(2), .label = "新记录", .help = "登记一次会议（先选会议类型）", .perm = STORE_PERM_EDIT},
    {.id = A_SEARCH, .key = UK_F(3), .key2 = '/', .label = "搜索", .help = "在议题和会议内容中搜索（一两个字也可以）", .perm = STORE_PERM_ANY},
    {.id = A_FILTER, .key = UK_F(4), .label = "筛选", .help = "按会议类型、本月/本季度/本年度或指定月份（YYYY-MM）筛选，或查看已作废的记录", .perm = STORE_PERM_ANY},
    {.id = A_VOID, .key = UK_F(8), .label = "作废", .help = "作废所选记录（须填原因；记录保留，可在筛选中查看）", .perm = STORE_PERM_EDIT},
    {.id = A_EXPORT, .key = UK_F(9), .label = "导出", .help = "把当前筛选出的记录导出为 .xlsx 或 .csv 文件", .perm = STORE_PERM_ANY},
    {.id = A_OPEN, .key = UK_ENTER, .help = "打开所选记录查看或修改", .perm = STORE_PERM_ANY},
    {.id = A_PLANS, .key = 'p', .label = "计划", .help = "会议计划：新建计划、按计划登记会议", .perm = STORE_PERM_ANY},
    {.id = A_SUMMARY, .key = 's', .label = "年度", .help = "本年度各类会议逐月次数与规定要求的对照", .perm = STORE_PERM_ANY},
    {.id = A_HISTORY, .key = 'h', .label = "记录", .help = "查看所选记录的修改和作废记录", .perm = STORE_PERM_ANY},
    {.id = A_APPRAISAL, .key = 'e', .label = "评议", .help = "所选民主评议党员记录（或同时计为民主评议的记录）的评议结果：逐人评定优秀、合格、基本合格、不合格", .perm = STORE_PERM_ANY},
    {0},
};

static const struct ui_column meeting_columns[] = {
    {.title = "日期", .width = 10},
    {.title = "类型", .width = 8},
    {.title = "议题", .width = 16, .grow = 1},
    {.title = "实到/应到", .width = 9, .right = true},
    {.title = "标记", .width = 16},
};

#define PAGE_ROWS 96

struct meetings {
    struct ui_list list;
    struct meeting_filter filter;
    char query[TEXT_SHORT];
    char from[11], to[11];
    char filter_label[TEXT_SHORT];
    struct paged rows;
    struct store *store;
    int late_days;
    int64_t saved_id;
};

static int fetch_meetings(void *ctx, int offset, int max, void *out, int *n)
{
    struct meetings *m = ctx;
    return store_meeting_page(m->store, &m->filter, offset, max, out, n) == STORE_OK ? 0 : -1;
}

/* The marks of a row, as the list shows them. */
static void row_marks(const struct meeting_row *r, int late_days, char *buf, size_t bufsz)
{
    buf[0] = '\0';
    size_t len = 0;
    const char *marks[4];
    int n = 0;
    if (r->voided) marks[n++] = "已作废";
    if (meeting_is_late(r->date, r->created_at, late_days)) marks[n++] = "补记";
    if (r->quorum == QUORUM_NOT_MET) marks[n++] = "不足法定人数";
    if (r->missing_mask) marks[n++] = "要素不全";
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(buf + len, len < bufsz ? bufsz - len : 0, "%s%s", i ? " " : "", marks[i]);
}

static void meeting_cell(void *ctx, int row, int column, char *buf, size_t bufsz)
{
    struct meetings *m = ctx;
    const struct meeting_row *r = paged_row(&m->rows, row);
    buf[0] = '\0';
    if (!r) return;
    int k = meeting_kind_of_code(r->kind);
    switch (column) {
    case 0: zb_strlcpy(buf, r->date, bufsz); break;
    case 1: zb_strlcpy(buf, k >= 0 ? meeting_kind_short((enum meeting_kind)k) : r->kind, bufsz); break;
    case 2:
        if (k == MK_GROUP && r->group_name[0])
            snprintf(buf, bufsz, "%s：%s", r->group_name, r->first_topic);
        else
            zb_strlcpy(buf, r->first_topic, bufsz);
        break;
    case 3: snprintf(buf, bufsz, "%d/%d", r->present, r->expected); break;
    case 4: row_marks(r, m->late_days, buf, bufsz); break;
    default: break;
    }
}

static enum ui_attr meeting_row_attr(void *ctx, int row)
{
    struct meetings *m = ctx;
    const struct meeting_row *r = paged_row(&m->rows, row);
    if (!r) return UA_NORMAL;
    if (r->voided) return UA_DIM;
    char marks[64];
    row_marks(r, m->late_days, marks, sizeof marks);
    return marks[0] ? UA_MARK : UA_NORMAL;
}

static int load(struct screen *s)
{
    struct meetings *m = s->state;
    m->filter.branch_id = s->app->branch_id;
    m->filter.query = m->query[0] ? m->query : NULL;
    m->filter.from = m->from;
    m->filter.to = m->to;
    int count = store_meeting_count(m->store, &m->filter);
    if (count < 0) {
        app_error(s->app, "读取会议记录失败：%s", store_errmsg(m->store));
        count = 0;
    }
    paged_reset(&m->rows, count);
    return count;
}

static void reload(struct screen *s, int64_t select_id)
{
    struct meetings *m = s->state;
    list_screen_reload(s);
    if (select_id)
        for (int i = 0; i < m->list.count && i < 2000; i++) {
            const struct meeting_row *r = paged_row(&m->rows, i);
            if (r && r->id == select_id) {
                ui_list_select(&m->list, i);
                break;
            }
        }
}

static int meetings_init(struct screen *s, void *arg)
{
    (void)arg;
    struct meetings *m = s->state;
    m->store = s->app->store;
    m->late_days = s->app->rules->audit.late_entry_days;
    m->filter.kind = -1;
    paged_init(&m->rows, sizeof(struct meeting_row), PAGE_ROWS, fetch_meetings, m);
    zb_strlcpy(m->filter_label, "全部会议记录", sizeof m->filter_label);
    return 0;
}

static void meetings_release(struct screen *s)
{
    struct meetings *m = s->state;
    paged_free(&m->rows);
}

static void meetings_resume(struct screen *s)
{
    struct meetings *m = s->state;
    const struct meeting_row *r = paged_row(&m->rows, m->list.sel);
    int64_t keep = m->saved_id ? m->saved_id : (r ? r->id : 0);
    m->saved_id = 0;
    reload(s, keep);
}

static enum ui_attr meetings_header(struct screen *s, char *line, size_t linesz)
{
    struct meetings *m = s->state;
    int len = snprintf(line, linesz, "%s：共 %d 条", m->filter_label, m->list.count);
    if (m->query[0] && len > 0 && (size_t)len < linesz)
        snprintf(line + len, linesz - (size_t)len, "    含“%s”（F3 修改搜索，清空后显示全部）", m->query);
    return UA_NORMAL;
}

static const struct meeting_row *selected(struct screen *s)
{
    struct meetings *m = s->state;
    const struct meeting_row *r = paged_row(&m->rows, m->list.sel);
    if (!r) app_error(s->app, "请先选择一条记录");
    return r;
}

/* Pick a kind; returns the enum value or -1. */
int screens_pick_meeting_kind(const char *title, int initial)
{
    const char *labels[MK_COUNT];
    for (int k = 0; k < MK_COUNT; k++) labels[k] = meeting_kind_label((enum meeting_kind)k);
    return ui_pick(title, labels, MK_COUNT, initial < 0 ? 0 : initial);
}

/* The filter's choices, in the order the picker shows them. */
enum { F_ALL, F_KIND, F_MONTH, F_QUARTER, F_YEAR, F_CHOSEN_MONTH, F_VOIDED, F_WITH_VOIDED };

static int do_filter(struct screen *s)
{
    struct meetings *m = s->state;
    static const char *const opts[] = {
        [F_ALL] = "全部会议记录", [F_KIND] = "按会议类型…", [F_MONTH] = "本月", [F_QUARTER] = "本季度",
        [F_YEAR] = "本年度", [F_CHOSEN_MONTH] = "指定月份…", [F_VOIDED] = "已作废的记录",
        [F_WITH_VOIDED] = "全部（含已作废）"};
    int pick = ui_pick("筛选", opts, (int)ZB_ARRAY_LEN(opts), 0);
    if (pick < 0) return SR_REDRAW;
    struct zdate today = clock_today(), from = {0}, to = {0};
    /* the month asked for first: Esc there leaves the filter as it was */
    int ym = dues_ym_of_date(date_add_months(date_month_start(today), -1)); /* the month handed in */
    if (pick == F_CHOSEN_MONTH && !screens_ask_month("指定月份", "月份（YYYY-MM）：", &ym)) return SR_REDRAW;
    m->filter.kind = -1;
    m->filter.include_voided = false;
    m->filter.only_voided = false;
    m->from[0] = m->to[0] = '\0';
    zb_strlcpy(m->filter_label, opts[pick], sizeof m->filter_label);
    switch (pick) {
    case F_KIND: {
        int k = screens_pick_meeting_kind("会议类型", 0);
        if (k < 0) {
            zb_strlcpy(m->filter_label, opts[F_ALL], sizeof m->filter_label);
            break;
        }
        m->filter.kind = k;
        zb_strlcpy(m->filter_label, meeting_kind_label((enum meeting_kind)k), sizeof m->filter_label);
        break;
    }
    case F_MONTH: from = date_month_start(today); to = date_month_end(today); break;
    case F_QUARTER: from = date_quarter_start(today); to = date_quarter_end(today); break;
    case F_YEAR: from = date_year_start(today); to = date_year_end(today); break;
    case F_CHOSEN_MONTH:
        from = (struct zdate){dues_ym_year(ym), dues_ym_month(ym), 1};
        to = date_month_end(from);
        snprintf(m->filter_label, sizeof m->filter_label, "%d年%d月", from.y, from.m);
        break;
    case F_VOIDED: m->filter.only_voided = true; break;
    case F_WITH_VOIDED: m->filter.include_voided = true; break;
    default: break;
    }
    if (from.y) {
        date_format(from, m->from);
        date_format(to, m->to);
    }
    reload(s, 0);
    return SR_REDRAW;
}

static int do_search(struct screen *s)
{
    struct meetings *m = s->state;
    char buf[TEXT_SHORT];
    zb_strlcpy(buf, m->query, sizeof buf);
    if (!ui_prompt("搜索会议记录", "议题或内容中的文字：", buf, sizeof buf, 30, false)) return SR_REDRAW;
    text_trim(buf);
    zb_strlcpy(m->query, buf, sizeof m->query);
    reload(s, 0);
    if (m->list.count == 0 && m->query[0]) app_error(s->app, "没有含“%s”的会议记录", m->query);
    return SR_REDRAW;
}

struct void_write {
    int64_t id;
    const char *reason;
};
static int write_void(struct store *st, void *ctx)
{
    struct void_write *w = ctx;
    return store_meeting_void(st, w->id, w->reason);
}

static int do_void(struct screen *s)
{
    struct app *app = s->app;
    const struct meeting_row *r = selected(s);
    if (!r) return SR_REDRAW;
    if (r->voided) {
        app_error(app, "该记录已作废");
        return SR_REDRAW;
    }
    int64_t id = r->id;
    char title[200];
    int k = meeting_kind_of_code(r->kind);
    snprintf(title, sizeof title, "作废 %s %s", r->date, k >= 0 ? meeting_kind_label((enum meeting_kind)k) : "");
    char reason[512] = "";
    if (!ui_prompt(title, "作废原因：", reason, sizeof reason, 200, true)) return SR_REDRAW;
    text_trim(reason);
    if (!ui_confirm("确认作废这条记录？（记录保留，不计入会议次数）")) return SR_REDRAW;
    int rc = screens_write(app, write_void, &(struct void_write){id, reason});
    if (rc == STORE_ERR_LOCKED) return SR_REDRAW;
    if (rc != STORE_OK) {
        screens_store_error(app, "未作废");
        return SR_REDRAW;
    }
    app_status(app, "已作废（原因：%s）", reason);
    reload(s, 0);
    return SR_REDRAW;
}

static int do_export(struct screen *s)
{
    struct meetings *m = s->state;
    struct app *app = s->app;
    char path[1024];
    char today[11];
    date_format(clock_today(), today);
    snprintf(path, sizeof path, "会议记录-%s.xlsx", today);
    for (;;) {
        if (!ui_prompt("导出会议记录", "文件名（.xlsx 或 .csv）：", path, sizeof path, 200, true))
            return SR_REDRAW;
        text_trim(path);
        if (export_format_of_path(path) >= 0) break;
        ui_message("文件名有误", "文件名须以 .xlsx、.csv 或 .json 结尾");
    }
    if (!screens_may_overwrite(app, path)) return SR_REDRAW;
    char err[512];
    struct meeting_filter f = m->filter;
    if (meetings_export(app->store, &f, path, m->late_days, err, sizeof err) != 0) {
        app_error(app, "导出失败：%s", err);
        return SR_REDRAW;
    }
    app_status(app, "已导出 %d 条记录到 %s", m->list.count, path);
    return SR_REDRAW;
}

static int meetings_act(struct screen *s, const struct ui_action *act)
{
    struct meetings *m = s->state;
    struct app *app = s->app;
    switch (act->id) {
    case A_NEW: {
        int k = screens_pick_meeting_kind("登记会议：选择类型", 0);
        if (k < 0) return SR_REDRAW;
        struct meeting_form_arg arg = {.kind = k, .saved_id = &m->saved_id};
        app_push(app, &meeting_form_screen, &arg);
        return SR_REDRAW;
    }
    case A_OPEN: {
        const struct meeting_row *r = selected(s);
        if (!r) return SR_REDRAW;
        struct meeting_form_arg arg = {.id = r->id, .kind = -1, .saved_id = &m->saved_id};
        app_push(app, &meeting_form_screen, &arg);
        return SR_REDRAW;
    }
    case A_SEARCH: return do_search(s);
    case A_FILTER: return do_filter(s);
    case A_VOID: return do_void(s);
    case A_EXPORT: return do_export(s);
    case A_HISTORY: {
        const struct meeting_row *r = selected(s);
        if (r) {
            char title[200];
            snprintf(title, sizeof title, "%s %s", r->date, r->first_topic);
            history_view_show(app, "meeting", r->uuid, title);
        }
        return SR_REDRAW;
    }
    case A_PLANS: app_push(app, &plans_screen, NULL); return SR_REDRAW;
    case A_SUMMARY: app_push(app, &meeting_summary_screen, NULL); return SR_REDRAW;
    case A_APPRAISAL: {
        const struct meeting_row *r = selected(s);
        if (!r) return SR_REDRAW;
        int64_t id = r->id;
        app_push(app, &appraisal_screen, &id); /* refused with a sentence when not an appraisal */
        return SR_REDRAW;
    }
    default: return SR_NONE;
    }
}

static const struct list_screen meetings_list = {
    .columns = meeting_columns, .ncolumns = (int)ZB_ARRAY_LEN(meeting_columns),
    .empty_text = "（没有符合条件的会议记录，按 F2 登记）", .init = meetings_init, .load = load,
    .header = meetings_header, .cell = meeting_cell, .row_attr = meeting_row_attr, .act = meetings_act,
    .release = meetings_release,
};

const struct screen_ops meetings_screen = {
    .name = "meetings",
    .title = "三会一课",
    .manual = "三会一课",
    .help_intro = "三会一课记录，新的在前。标记：补记＝会后超过规定天数才录入；不足法定人数；"
                  "要素不全＝缺少规定内容（打开记录可见缺什么）；已作废＝保留但不计数。"
                  "记录不会删除，只能作废并说明原因。",
    .state_size = sizeof(struct meetings),
    .actions = meetings_actions,
    .back = "返回首页",
    LIST_SCREEN_OPS(meetings_list),
    .resume = meetings_resume,
};
