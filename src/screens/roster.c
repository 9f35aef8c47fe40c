/* roster.c — 党员名册: the branch's members in a list read page by page, search by name,
 * filter by group / status / left, add and edit (member_form.c), leaving the roster
 * (a status with date and reason, never a delete) and each member's edit history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/dues.h"
#include "zhibu/rules.h"
#include "zhibu/history_view.h"
#include "zhibu/lifecycle.h"
#include "zhibu/meeting.h"
#include "zhibu/meeting_export.h"
#include "zhibu/members_export.h"
#include "zhibu/model.h"
#include "zhibu/paged.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_dues.h"
#include "zhibu/store_lifecycle.h"
#include "zhibu/store_meeting.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/validate.h"
#include "zhibu/widgets.h"

enum { A_NEW = 1, A_EDIT, A_SEARCH, A_FILTER, A_LEAVE, A_HISTORY, A_GROUPS, A_COMMITTEE, A_FULL, A_MOBILE, A_TRANSFER_IN, A_POSTS, A_IMPORT,
       A_STATS };
enum { A_EXPORT = 100 }; /* F9 导出 (kept apart from the list above) */

static const struct ui_action roster_actions[] = {
    {.id = A_NEW, .key = UK_F(2), .label = "新增", .help = "新增一名党员", .perm = STORE_PERM_EDIT},
    {.id = A_SEARCH, .key = UK_F(3), .key2 = '/', .label = "搜索", .help = "按姓名搜索（输入姓名中的任意几个字）", .perm = STORE_PERM_ANY},
    {.id = A_FILTER, .key = UK_F(4), .label = "筛选", .help = "按党小组、党籍状态筛选，或查看已离开名册的党员", .perm = STORE_PERM_ANY},
    {.id = A_IMPORT, .key = UK_F(7), .label = "导入", .help = "从 Excel（.xlsx）或 CSV 文件导入已有的党员名册：先逐行列出结果和问题，确认后全部写入", .perm = STORE_PERM_EDIT},
    {.id = A_LEAVE, .key = UK_F(8), .label = "离开名册", .help = "登记所选党员离开名册（转出、去世、出党、停止党籍），须填日期和原因；记录保留", .perm = STORE_PERM_EDIT},
    {.id = A_EDIT, .key = UK_ENTER, .help = "打开所选党员的信息进行修改", .perm = STORE_PERM_ANY},
    {.id = A_HISTORY, .key = 'h', .label = "记录", .help = "查看所选党员的全部修改记录（谁、何时、改了什么）", .perm = STORE_PERM_ANY},
    {.id = A_FULL, .key = 'z', .label = "转正", .help = "预备期满的决定：转正（日期和批准的支部党员大会）、延长预备期或取消预备党员资格，均须支部党员大会讨论", .perm = STORE_PERM_EDIT},
    {.id = A_MOBILE, .key = 'm', .label = "流动", .help = "所选党员的流动党员信息（去向、活动证、联系人）和联系记录", .perm = STORE_PERM_ANY},
    {.id = A_POSTS, .key = 'p', .help = "所选党员认领的岗位、履职汇报和评议（设岗定责）", .perm = STORE_PERM_ANY},
    {.id = A_TRANSFER_IN, .key = 'i', .help = "登记从外单位转入的党员：转入日期、来自何处、介绍信编号，然后填写党员信息", .perm = STORE_PERM_EDIT},
    {.id = A_GROUPS, .key = 'g', .help = "管理党小组和组长", .perm = STORE_PERM_ANY},
    {.id = A_COMMITTEE, .key = 'c', .help = "管理支部委员会（任职、调整职务、免职）", .perm = STORE_PERM_ANY},
    {.id = A_STATS, .key = 't', .help = "党内统计：党员的性别、民族、年龄段、学历、人员类别、预备党员、流动党员和本年增减（可导出 .xlsx）", .perm = STORE_PERM_ANY},
    {.id = A_EXPORT, .key = UK_F(9), .label = "导出", .help = "把本支部的党员名册导出为供打印的 .xlsx 或 .csv（中文取值；筛选“已离开名册”或“全部”时含已离开的党员）", .perm = STORE_PERM_ANY},
    {0},
};

static const struct ui_column roster_columns[] = {
    {.title = "姓名", .width = 10, .grow = 3},
    {.title = "性别", .width = 4},
    {.title = "党小组", .width = 10, .grow = 2},
    {.title = "党籍", .width = 8},
    {.title = "党费类别", .width = 8},
    {.title = "职务", .width = 8, .grow = 1},
    {.title = "流动", .width = 4},
    {.title = "入党日期", .width = 10},
};

#define PAGE_ROWS 128

struct roster {
    struct ui_list list;
    struct member_filter filter;
    char query[TEXT_SHORT];
    char filter_label[TEXT_SHORT];
    struct paged rows;     /* the members, page by page */
    struct store *store;
    int64_t saved_id;      /* set by the member form when it saves */
};

static int fetch_members(void *ctx, int offset, int max, void *out, int *n)
{
    struct roster *r = ctx;
    return store_member_page(r->store, &r->filter, offset, max, out, n) == STORE_OK ? 0 : -1;
}

static const struct member *row_member(struct roster *r, struct app *app, int row)
{
    (void)app;
    return paged_row(&r->rows, row);
}

/* The list's cell callback gets the screen through ctx. */
static void roster_cell(void *ctx, int row, int column, char *buf, size_t bufsz)
{
    struct screen *s = ctx;
    const struct member *m = row_member(s->state, s->app, row);
    buf[0] = '\0';
    if (!m) return;
    switch (column) {
    case 0: zb_strlcpy(buf, m->name, bufsz); break;
    case 1: zb_strlcpy(buf, code_label_of(GENDERS, m->gender), bufsz); break;
    case 2: zb_strlcpy(buf, m->group_name[0] ? m->group_name : "—", bufsz); break;
    case 3:
        if (m->leave_status[0])
            zb_strlcpy(buf, m->probation_cancelled ? "取消资格" : code_label_of(LEAVE_STATUSES, m->leave_status),
                       bufsz);
        else
            zb_strlcpy(buf, strcmp(m->status, "probationary") != 0 ? "正式"
                            : m->probation_until[0]               ? "预备延长"
                                                                  : "预备",
                       bufsz);
        break;
    case 4: zb_strlcpy(buf, code_label_of(DUES_CATEGORIES, m->dues_category), bufsz); break;
    case 5: zb_strlcpy(buf, m->office[0] ? code_label_of(OFFICES, m->office) : "", bufsz); break;
    case 6: zb_strlcpy(buf, m->mobile ? "是" : "", bufsz); break;
    case 7: zb_strlcpy(buf, m->join_date, bufsz); break;
    default: break;
    }
}

static enum ui_attr roster_row_attr(void *ctx, int row)
{
    struct screen *s = ctx;
    const struct member *m = row_member(s->state, s->app, row);
    return m && m->leave_status[0] ? UA_DIM : UA_NORMAL;
}

static void reload(struct screen *s, int64_t select_id)
{
    struct roster *r = s->state;
    r->filter.branch_id = s->app->branch_id;
    r->filter.name_like = r->query[0] ? r->query : NULL;
    int count = store_member_count(s->app->store, &r->filter);
    paged_reset(&r->rows, count);
    ui_list_set_count(&r->list, count < 0 ? 0 : count);
    if (select_id) {
        int pos = store_member_position(s->app->store, &r->filter, select_id);
        if (pos >= 0) ui_list_select(&r->list, pos);
    }
}

static int roster_open(struct screen *s, void *arg)
{
    (void)arg;
    struct roster *r = s->state;
    r->store = s->app->store;
    paged_init(&r->rows, sizeof(struct member), PAGE_ROWS, fetch_members, r);
    r->list = (struct ui_list){
        .columns = roster_columns,
        .ncolumns = (int)ZB_ARRAY_LEN(roster_columns),
        .sel = -1,
        .cell = roster_cell,
        .row_attr = roster_row_attr,
        .ctx = s,
        .empty_text = "（没有符合条件的党员）",
    };
    zb_strlcpy(r->filter_label, "在册党员", sizeof r->filter_label);
    reload(s, 0);
    return 0;
}

static void roster_close(struct screen *s)
{
    struct roster *r = s->state;
    paged_free(&r->rows);
}

static void roster_resume(struct screen *s)
{
    struct roster *r = s->state;
    const struct member *m = row_member(r, s->app, r->list.sel);
    int64_t keep = r->saved_id ? r->saved_id : (m ? m->id : 0);
    r->saved_id = 0;
    reload(s, keep);
}

static void roster_draw(struct screen *s, struct ui_rect body)
{
    struct roster *r = s->state;
    char line[512];
    if (r->query[0])
        snprintf(line, sizeof line, "%s：共 %d 名    姓名含“%s”（F3 修改搜索，清空后显示全部）",
                 r->filter_label, r->list.count, r->query);
    else
        snprintf(line, sizeof line, "%s：共 %d 名", r->filter_label, r->list.count);
    ui_put(body.row, body.col + 1, body.cols - 1, line, UA_NORMAL);
    struct ui_rect lr = {body.row + 1, body.col, body.rows - 1, body.cols};
    ui_list_draw(&r->list, lr);
}

static const struct member *selected(struct screen *s)
{
    struct roster *r = s->state;
    const struct member *m = row_member(r, s->app, r->list.sel);
    if (!m) app_error(s->app, "请先选择一名党员");
    return m;
}

static int do_search(struct screen *s)
{
    struct roster *r = s->state;
    char buf[TEXT_SHORT];
    zb_strlcpy(buf, r->query, sizeof buf);
    if (!ui_prompt("搜索党员", "姓名：", buf, sizeof buf, NAME_MAX_CHARS, false)) return SR_REDRAW;
    text_trim(buf);
    zb_strlcpy(r->query, buf, sizeof r->query);
    reload(s, 0);
    if (r->list.count == 0) app_error(s->app, "没有姓名含“%s”的党员", r->query);
    return SR_REDRAW;
}

static int do_filter(struct screen *s)
{
    struct roster *r = s->state;
    struct app *app = s->app;
    static const char *const opts[] = {"全部在册党员", "正式党员", "预备党员", "支委会成员",
                                       "按党小组…", "未分党小组", "已离开名册的党员",
                                       "全部（含已离开）"};
    int pick = ui_pick("筛选", opts, (int)ZB_ARRAY_LEN(opts), 0);
    if (pick < 0) return SR_REDRAW;
    struct member_filter f = {.branch_id = app->branch_id};
    if (pick == 1) f.status = "full";
    if (pick == 2) f.status = "probationary";
    if (pick == 3) f.only_office = true;
    if (pick == 5) f.group_id = -1;
    if (pick == 6) f.only_left = true;
    if (pick == 7) f.include_left = true;
    zb_strlcpy(r->filter_label, opts[pick], sizeof r->filter_label);
    if (pick == 4) {
        struct group g;
        if (screens_pick_group(app, "选择党小组", "本支部还没有党小组（首页按 7 管理党小组）", &g) != 0)
            return SR_REDRAW;
        f.group_id = g.id;
        zb_strlcpy(r->filter_label, g.name, sizeof r->filter_label);
    }
    r->filter = f;
    reload(s, 0);
    return SR_REDRAW;
}

/* F9: the branch's roster as people print it (members_export); with the left members when the
 * list shows them. */
static int do_export(struct screen *s)
{
    struct roster *r = s->state;
    struct app *app = s->app;
    char path[1024], today[DATE_STR_LEN];
    date_format(clock_today(), today);
    snprintf(path, sizeof path, "党员名册-%s.xlsx", today);
    for (;;) {
        if (!ui_prompt("导出党员名册", "文件名（.xlsx 或 .csv）：", path, sizeof path, 200, true))
            return SR_REDRAW;
        text_trim(path);
        int fmt = export_format_of_path(path);
        if (fmt == EXPORT_XLSX || fmt == EXPORT_CSV) break;
        ui_message("文件名有误", "文件名须以 .xlsx 或 .csv 结尾");
    }
    if (!screens_may_overwrite(app, path)) return SR_REDRAW;
    bool left = r->filter.only_left || r->filter.include_left;
    char err[512];
    int n = 0;
    if (members_export(app->store, app->branch_id, left, clock_today(), path, &n, err, sizeof err) != 0) {
        app_error(app, "导出失败：%s", err);
        return SR_REDRAW;
    }
    app_status(app, "已导出 %d 名党员%s到 %s", n, left ? "（含已离开名册的）" : "", path);
    return SR_REDRAW;
}

/* The month a member's dues are paid through, for the transfer letter ("" if none paid). */
static void paid_through_text(struct app *app, int64_t member_id, char out[8])
{
    out[0] = '\0';
    struct dues_member dm;
    if (store_dues_member_get(app->store, member_id, &dm) != STORE_OK) return;
    struct dues_rules r;
    r = app->rules->audit.dues;
    struct dues_status st;
    dues_status_of(&dm.f, dues_ym_of_date(clock_today()), &r, &st);
    if (st.paid_through_ym >= dm.f.join_ym) dues_ym_format(st.paid_through_ym, out);
    store_dues_member_free(&dm);
}

/* 转出: to where, the letter's number and the month dues are paid through; then the member
 * leaves the roster with the transfer on record. */
static int transfer_out(struct screen *s, const struct member *m, const char *date)
{
    struct app *app = s->app;
    struct transfer t = {.member_id = m->id};
    zb_strlcpy(t.direction, "out", sizeof t.direction);
    zb_strlcpy(t.date, date, sizeof t.date);
    if (!ui_prompt("转出", "转往（党组织名称）：", t.place, sizeof t.place, 40, true)) return SR_REDRAW;
    text_trim(t.place);
    if (!ui_prompt("转出", "介绍信编号：", t.letter_no, sizeof t.letter_no, 30, false)) return SR_REDRAW;
    text_trim(t.letter_no);
    paid_through_text(app, m->id, t.dues_paid_through);
    for (;;) {
        if (!ui_prompt("转出", "党费交至（YYYY-MM）：", t.dues_paid_through, sizeof t.dues_paid_through, 7, false))
            return SR_REDRAW;
        text_trim(t.dues_paid_through);
        if (!t.dues_paid_through[0] || dues_ym_parse(t.dues_paid_through) >= 0) break;
        ui_message("月份有误", "月份应写作 YYYY-MM，例如 2026-10");
    }
    char q[400];
    snprintf(q, sizeof q, "确认 %s 于 %s 转往 %s？（党费交至 %s；记录保留）", m->name, date, t.place,
             t.dues_paid_through[0] ? t.dues_paid_through : "未交");
    if (!ui_confirm(q)) return SR_REDRAW;
    if (store_transfer_out(app->store, &t) != STORE_OK) {
        screens_store_error(app, "保存失败");
        return SR_REDRAW;
    }
    app_status(app, "已登记：%s 转往 %s（%s）", m->name, t.place, date);
    reload(s, m->id);
    return SR_REDRAW;
}

/* 转入: when, from where, the letter, dues paid through; then the member form. */
static int transfer_in(struct screen *s)
{
    struct roster *r = s->state;
    struct app *app = s->app;
    static struct transfer t; /* lives while the form is open: the form copies it on open */
    memset(&t, 0, sizeof t);
    zb_strlcpy(t.direction, "in", sizeof t.direction);
    zb_strlcpy(t.date, app->today, sizeof t.date);
    if (!screens_ask_date("转入", "转入日期（YYYY-MM-DD）：", t.date, sizeof t.date)) return SR_REDRAW;
    if (!ui_prompt("转入", "从何处转入（党组织名称）：", t.place, sizeof t.place, 40, true)) return SR_REDRAW;
    text_trim(t.place);
    if (!ui_prompt("转入", "介绍信编号：", t.letter_no, sizeof t.letter_no, 30, false)) return SR_REDRAW;
    text_trim(t.letter_no);
    for (;;) {
        if (!ui_prompt("转入", "党费交至（YYYY-MM，介绍信所写）：", t.dues_paid_through, sizeof t.dues_paid_through, 7, false))
            return SR_REDRAW;
        text_trim(t.dues_paid_through);
        if (!t.dues_paid_through[0] || dues_ym_parse(t.dues_paid_through) >= 0) break;
        ui_message("月份有误", "月份应写作 YYYY-MM，例如 2026-10");
    }
    struct member_form_arg arg = {.id = 0, .saved_id = &r->saved_id, .transfer_in = &t};
    app_push(app, &member_form_screen, &arg);
    return SR_REDRAW;
}

/* z: the end of probation decided — 转正, 延长预备期 or 取消预备党员资格 (probation_decide.c). */
static int probation_decide(struct screen *s)
{
    const struct member *sel = selected(s);
    if (!sel) return SR_REDRAW;
    int64_t id = sel->id;
    if (screens_probation_decide(s->app, sel)) reload(s, id);
    return SR_REDRAW;
}

/* 离开名册: how, when, why; then a confirmation. Nothing is deleted. */
static int do_leave(struct screen *s)
{
    struct app *app = s->app;
    const struct member *sel = selected(s);
    if (!sel) return SR_REDRAW;
    struct member m = *sel;
    if (m.leave_status[0]) {
        app_error(app, "%s 已于 %s 离开名册（%s）", m.name, m.leave_date,
                  code_label_of(LEAVE_STATUSES, m.leave_status));
        return SR_REDRAW;
    }
    const char *ways[8];
    const char *codes[8];
    int n = 0;
    for (const struct code_label *c = LEAVE_STATUSES; c->code; c++)
        if (c->code[0]) {
            codes[n] = c->code;
            ways[n++] = c->label;
        }
    char title[200];
    snprintf(title, sizeof title, "%s 离开名册的方式", m.name);
    int way = ui_pick(title, ways, n, 0);
    if (way < 0) return SR_REDRAW;
    char date[DATE_STR_LEN + 16];
    zb_strlcpy(date, app->today, sizeof date);
    struct zdate today = clock_today();
    if (!screens_ask_date(ways[way], "日期（YYYY-MM-DD）：", date, sizeof date)) return SR_REDRAW;
    if (strcmp(codes[way], "transferred") == 0) return transfer_out(s, &m, date);
    char reason[TEXT_LONG] = "";
    if (!ui_prompt(ways[way], "原因：", reason, sizeof reason, 200, true)) return SR_REDRAW;
    zb_strlcpy(m.leave_status, codes[way], sizeof m.leave_status);
    zb_strlcpy(m.leave_date, date, sizeof m.leave_date);
    zb_strlcpy(m.leave_reason, reason, sizeof m.leave_reason);
    const struct rules *rules = app->rules;
    struct valid_result vr = validate_member(&m, today, rules->min_join_age, rules->probation.months);
    if (vr.code != V_OK) {
        char msgbuf[ZB_MSG_MAX];
        app_error(app, "%s：%s", validate_field_label(vr.field),
                  validate_member_message(&m, vr, rules->min_join_age, rules->probation.months, msgbuf,
                                          sizeof msgbuf));
        return SR_REDRAW;
    }
    char q[400];
    snprintf(q, sizeof q, "确认 %s 于 %s %s？（记录保留，可在筛选“已离开名册”中查看）", m.name,
             m.leave_date, ways[way]);
    if (!ui_confirm(q)) return SR_REDRAW;
    int rc = store_member_update(app->store, &m);
    if (rc == STORE_ERR_CHANGED) {
        reload(s, m.id);
        screens_conflict_note(app);
        return SR_REDRAW;
    }
    if (rc != STORE_OK) {
        screens_store_error(app, "保存失败");
        return SR_REDRAW;
    }
    app_status(app, "已登记：%s %s（%s）", m.name, ways[way], m.leave_date);
    reload(s, m.id);
    return SR_REDRAW;
}

static int roster_handle(struct screen *s, int key, const struct ui_action *act)
{
    struct roster *r = s->state;
    struct app *app = s->app;
    if (!act) return ui_list_key(&r->list, key) ? SR_REDRAW : SR_NONE;
    switch (act->id) {
    case A_NEW: {
        struct member_form_arg arg = {.id = 0, .saved_id = &r->saved_id};
        app_push(app, &member_form_screen, &arg);
        return SR_REDRAW;
    }
    case A_EDIT: {
        const struct member *m = selected(s);
        if (!m) return SR_REDRAW;
        struct member_form_arg arg = {.id = m->id, .saved_id = &r->saved_id};
        app_push(app, &member_form_screen, &arg);
        return SR_REDRAW;
    }
    case A_SEARCH: return do_search(s);
    case A_FILTER: return do_filter(s);
    case A_LEAVE: return do_leave(s);
    case A_HISTORY: {
        const struct member *m = selected(s);
        if (m) history_view_show(app, "member", m->uuid, m->name);
        return SR_REDRAW;
    }
    case A_FULL: return probation_decide(s);
    case A_MOBILE: {
        const struct member *m = selected(s);
        if (m) {
            int64_t id = m->id;
            app_push(app, &mobile_screen, &id);
        }
        return SR_REDRAW;
    }
    case A_TRANSFER_IN: return transfer_in(s);
    case A_POSTS: {
        const struct member *m = selected(s);
        if (m) {
            struct holdings_arg arg = {.mode = HOLDINGS_OF_MEMBER, .id = m->id};
            app_push(app, &holdings_screen, &arg);
        }
        return SR_REDRAW;
    }
    case A_GROUPS: app_push(app, &groups_screen, NULL); return SR_REDRAW;
    case A_COMMITTEE: app_push(app, &committee_screen, NULL); return SR_REDRAW;
    case A_STATS: app_push(app, &stats_screen, NULL); return SR_REDRAW;
    case A_EXPORT: return do_export(s);
    case A_IMPORT: app_push(app, &roster_import_screen, NULL); return SR_REDRAW;
    default: return SR_NONE;
    }
}

const struct screen_ops roster_screen = {
    .name = "roster",
    .title = "党员名册",
    .manual = "党员名册",
    .help_intro = "党员名册列出当前支部的在册党员，按党小组、职务、姓名排列。离开名册的党员不删除，"
                  "以灰色显示在“已离开名册”筛选中；每次修改都留有记录（按 h 查看）。",
    .state_size = sizeof(struct roster),
    .actions = roster_actions,
    .back = "返回首页",
    .open = roster_open,
    .draw = roster_draw,
    .handle = roster_handle,
    .resume = roster_resume,
    .close = roster_close,
};
