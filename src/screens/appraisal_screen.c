/* appraisal_screen.c — 评议结果: the members on the roster on the day of an appraisal meeting
 * (民主评议党员, or a record counting as one) with each one's result; 1 2 3 4 set 优秀 合格 基本合格
 * 不合格 and move down; Enter on a 不合格 records its follow-up (组织处置). The counts stand above
 * the list. Opened from the meetings list (key e on the record). A reviewer reads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/appraisal.h"
#include "zhibu/clock.h"
#include "zhibu/list_screen.h"
#include "zhibu/meeting.h"
#include "zhibu/model.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_appraisal.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

enum { A_EXCELLENT = 1, A_QUALIFIED, A_BASIC, A_UNQUALIFIED, A_FOLLOW_UP };

static const struct ui_action appraisal_actions[] = {
    {.id = A_EXCELLENT, .key = '1', .label = "优秀", .help = "把所选党员评为优秀，光标移到下一人", .perm = STORE_PERM_EDIT},
    {.id = A_QUALIFIED, .key = '2', .label = "合格", .help = "把所选党员评为合格，光标移到下一人", .perm = STORE_PERM_EDIT},
    {.id = A_BASIC, .key = '3', .label = "基本合格", .help = "把所选党员评为基本合格，光标移到下一人", .perm = STORE_PERM_EDIT},
    {.id = A_UNQUALIFIED, .key = '4', .label = "不合格", .help = "把所选党员评为不合格（随后按回车登记组织处置）", .perm = STORE_PERM_EDIT},
    {.id = A_FOLLOW_UP, .key = UK_ENTER, .label = "处置", .help = "登记或修改评为不合格党员的组织处置：限期改正、劝其退党、除名或其他，处置日期和情况", .perm = STORE_PERM_EDIT},
    {0},
};

static const struct ui_column appraisal_columns[] = {
    {.title = "姓名", .width = 10, .grow = 1},
    {.title = "党籍", .width = 4},
    {.title = "评议结果", .width = 8},
    {.title = "组织处置", .width = 24, .grow = 2},
};

struct appraisal_view {
    struct ui_list list;
    int64_t meeting_id;
    struct appraisal_sheet sheet;
};

static void appraisal_cell(void *ctx, int row, int column, char *buf, size_t bufsz)
{
    struct appraisal_view *a = ctx;
    buf[0] = '\0';
    if (row < 0 || row >= a->sheet.n) return;
    const struct appraisal_row *r = &a->sheet.v[row];
    switch (column) {
    case 0: zb_strlcpy(buf, r->name, bufsz); break;
    case 1: zb_strlcpy(buf, r->probationary ? "预备" : "正式", bufsz); break;
    case 2: zb_strlcpy(buf, r->result[0] ? code_label_of(APPRAISAL_RESULTS, r->result) : "未评", bufsz); break;
    case 3:
        if (r->off_roster)
            zb_strlcpy(buf, "（会议当日不在名册）", bufsz);
        else if (appraisal_pending(r->result, r->follow_up))
            zb_strlcpy(buf, "（待处置：按回车登记）", bufsz);
        else if (r->follow_up[0])
            snprintf(buf, bufsz, "%s %s %s", code_label_of(APPRAISAL_FOLLOW_UPS, r->follow_up),
                     r->follow_up_date, r->follow_up_note);
        break;
    default: break;
    }
}

static enum ui_attr appraisal_row_attr(void *ctx, int row)
{
    struct appraisal_view *a = ctx;
    if (row < 0 || row >= a->sheet.n) return UA_NORMAL;
    const struct appraisal_row *r = &a->sheet.v[row];
    if (r->off_roster || !r->result[0]) return UA_DIM;
    if (appraisal_pending(r->result, r->follow_up) || appraisal_grade_of(r->result) == AG_UNQUALIFIED)
        return UA_MARK;
    return UA_NORMAL;
}

static int load(struct screen *s)
{
    struct appraisal_view *a = s->state;
    store_appraisal_sheet_free(&a->sheet);
    if (store_appraisal_sheet(s->app->store, a->meeting_id, &a->sheet) != STORE_OK)
        screens_store_error(s->app, "读取评议结果失败");
    return a->sheet.n;
}

static int appraisal_init(struct screen *s, void *arg)
{
    struct appraisal_view *a = s->state;
    a->meeting_id = arg ? *(const int64_t *)arg : 0;
    struct appraisal_sheet probe;
    if (store_appraisal_sheet(s->app->store, a->meeting_id, &probe) != STORE_OK) {
        screens_store_error(s->app, "读取评议结果失败");
        return -1;
    }
    bool ok = probe.is_appraisal;
    store_appraisal_sheet_free(&probe);
    if (!ok) {
        app_error(s->app, "只有民主评议党员会议（或同时计为民主评议的会议）才有评议结果");
        return -1;
    }
    return 0;
}

static enum ui_attr appraisal_header(struct screen *s, char *buf, size_t bufsz)
{
    struct appraisal_view *a = s->state;
    char counts[160];
    appraisal_counts_text(&a->sheet.counts, counts, sizeof counts);
    snprintf(buf, bufsz, "%s  %s%s", a->sheet.date, counts, a->sheet.voided ? "  （已作废）" : "");
    return UA_HEADER;
}

struct set_ctx {
    int64_t meeting_id, member_id;
    const char *result;
    const char *follow_up, *date, *note;
    int64_t version;
};

static int write_result(struct store *st, void *ctx)
{
    struct set_ctx *c = ctx;
    return store_appraisal_set(st, c->meeting_id, c->member_id, c->result, &c->version);
}

static int write_follow_up(struct store *st, void *ctx)
{
    struct set_ctx *c = ctx;
    return store_appraisal_follow_up(st, c->meeting_id, c->member_id, c->follow_up, c->date, c->note,
                                     &c->version);
}

/* The follow-up of the selected 不合格: what (or 无 to clear), the date, what was done. */
static int follow_up(struct screen *s, const struct appraisal_row *r)
{
    struct appraisal_view *a = s->state;
    struct app *app = s->app;
    if (appraisal_grade_of(r->result) != AG_UNQUALIFIED) {
        app_error(app, "只有评为不合格的党员才登记组织处置（按 4 评为不合格）");
        return SR_REDRAW;
    }
    const char *opts[8];
    int n = 0, initial = 0;
    for (int i = 0; APPRAISAL_FOLLOW_UPS[i].code && n < 8; i++) {
        if (strcmp(APPRAISAL_FOLLOW_UPS[i].code, r->follow_up) == 0) initial = n;
        opts[n++] = APPRAISAL_FOLLOW_UPS[i].code[0] ? APPRAISAL_FOLLOW_UPS[i].label : "无（清除处置）";
    }
    char title[200];
    snprintf(title, sizeof title, "%s 组织处置", r->name);
    int k = ui_pick(title, opts, n, initial);
    if (k < 0) return SR_REDRAW;
    struct set_ctx c = {.meeting_id = a->meeting_id, .member_id = r->member_id,
                        .follow_up = APPRAISAL_FOLLOW_UPS[k].code, .date = "", .note = "",
                        .version = r->version};
    char date[16] = "", note[PEOPLE_NOTE_BYTES + 1] = "";
    if (c.follow_up[0]) {
        if (r->follow_up_date[0]) zb_strlcpy(date, r->follow_up_date, sizeof date);
        else date_format(clock_today(), date);
        if (!screens_ask_date(title, "处置日期（YYYY-MM-DD）：", date, sizeof date)) return SR_REDRAW;
        zb_strlcpy(note, r->follow_up_note, sizeof note);
        if (!ui_prompt(title, "处置情况：", note, sizeof note, 60, false)) return SR_REDRAW;
        text_trim(note);
        c.date = date;
        c.note = note;
    }
    int rc = screens_write(app, write_follow_up, &c);
    if (rc == STORE_ERR_LOCKED) return SR_REDRAW;
    if (rc != STORE_OK) {
        screens_store_error(app, "未保存");
        return SR_REDRAW;
    }
    app_status(app, "已登记 %s 的组织处置：%s", r->name, opts[k]);
    list_screen_reload(s);
    return SR_REDRAW;
}

static int appraisal_act(struct screen *s, const struct ui_action *act)
{
    struct appraisal_view *a = s->state;
    struct app *app = s->app;
    int sel = list_screen_sel(s);
    if (sel < 0 || sel >= a->sheet.n) return SR_REDRAW;
    const struct appraisal_row *r = &a->sheet.v[sel];
    if (act->id == A_FOLLOW_UP) return follow_up(s, r);
    int g = act->id - A_EXCELLENT;
    if (g < 0 || g >= AG_COUNT) return SR_NONE;
    struct set_ctx c = {.meeting_id = a->meeting_id, .member_id = r->member_id,
                        .result = APPRAISAL_RESULTS[g].code, .version = r->version};
    char name[TEXT_SHORT];
    zb_strlcpy(name, r->name, sizeof name);
    int rc = screens_write(app, write_result, &c);
    if (rc == STORE_ERR_LOCKED) return SR_REDRAW;
    if (rc != STORE_OK) {
        screens_store_error(app, "未保存");
        return SR_REDRAW;
    }
    list_screen_reload(s);
    if (g == AG_UNQUALIFIED) {
        app_status(app, "%s 评为不合格：按回车登记组织处置", name);
    } else {
        app_status(app, "%s 评为%s", name, APPRAISAL_RESULTS[g].label);
        if (sel + 1 < a->sheet.n) ui_list_select(&a->list, sel + 1);
    }
    return SR_REDRAW;
}

static void appraisal_release(struct screen *s)
{
    struct appraisal_view *a = s->state;
    store_appraisal_sheet_free(&a->sheet);
}

/* A voided record: its results can only be looked at. */
static const char *appraisal_readonly(struct screen *s)
{
    struct appraisal_view *a = s->state;
    return a->sheet.voided ? "已作废的会议记录只能查看" : NULL;
}

static int64_t appraisal_branch(struct screen *s)
{
    struct appraisal_view *a = s->state;
    return a->sheet.branch_id ? a->sheet.branch_id : s->app->branch_id;
}

static const struct list_screen appraisal_list = {
    .columns = appraisal_columns, .ncolumns = (int)ZB_ARRAY_LEN(appraisal_columns),
    .empty_text = "（会议当日名册中没有党员）", .init = appraisal_init, .load = load,
    .header = appraisal_header, .cell = appraisal_cell, .row_attr = appraisal_row_attr,
    .act = appraisal_act, .release = appraisal_release,
};

const struct screen_ops appraisal_screen = {
    .name = "appraisal",
    .title = "民主评议结果",
    .manual = "三会一课",
    .help_intro = "名单为会议当日名册中的全体党员。按 1 2 3 4 评定优秀、合格、基本合格、不合格，"
                  "光标随即移到下一人；评为不合格的，按回车登记组织处置（限期改正、劝其退党、除名等），"
                  "处置日期不早于评议会议、不晚于今天。上方为各等次人数，“未评”为尚未评定的人数。",
    .state_size = sizeof(struct appraisal_view),
    .actions = appraisal_actions,
    .back = "返回会议记录列表",
    LIST_SCREEN_OPS(appraisal_list),
    .resume = list_screen_reload,
    .branch = appraisal_branch,
    .readonly = appraisal_readonly,
};
