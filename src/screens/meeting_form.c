/* meeting_form.c — one meeting record: the form, with a live line of what the rules say
 * (counts, quorum, missing elements) computed by meeting_evaluate() as you type. Attendance
 * (F5) and resolutions (F6) are edited on their own screens, on this record in place. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/meeting.h"
#include "zhibu/meeting_export.h"
#include "zhibu/rules.h"
#include "zhibu/screens.h"
#include "zhibu/store_auth.h"
#include "zhibu/store.h"
#include "zhibu/store_meeting.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

#include "audit_refs.h"

enum { A_SAVE = 1, A_ATTEND, A_RESOLUTIONS, A_ALSO, A_PRINT };

static const struct ui_action form_actions[] = {
    {.id = A_SAVE, .key = UK_F(2), .key2 = UK_CTRL_S, .label = "保存", .help = "检查并保存记录；要素不全也可保存，但会标记“要素不全”", .perm = STORE_PERM_EDIT},
    {.id = A_ATTEND, .key = UK_F(5), .label = "出席", .help = "逐人标记出席、请假、缺席及原因（名单按会议当日的名册生成）", .perm = STORE_PERM_ANY},
    {.id = A_RESOLUTIONS, .key = UK_F(6), .label = "决议", .help = "登记决议事项及赞成、反对、弃权票数", .perm = STORE_PERM_ANY},
    {.id = A_ALSO, .key = UK_F(7), .label = "同时计为", .help = "一次会议同时计为其他类型（如党员大会在主题党日召开并上党课）", .perm = STORE_PERM_EDIT},
    {.id = A_PRINT, .key = UK_F(9), .label = "打印", .help = "把本记录按纸质台账格式写成文本文件，便于打印装订", .perm = STORE_PERM_ANY},
    {0},
};

enum item {
    I_KIND, I_ALSO, I_GROUP, I_DATE, I_START, I_END, I_PLACE, I_HOST, I_RECORDER, I_LECTURER,
    I_ELECTION, I_TOPICS, I_MINUTES, I_OBSERVERS, I_NORES, I_ATT, I_RES, I_COUNT
};

struct meeting_form {
    struct ui_form form;
    struct ui_item items[I_COUNT];
    struct meeting m;            /* the record being edited (attendance, resolutions live here) */
    enum meeting_kind kind;
    bool is_new, readonly, part_edited;
    bool may_edit; /* this user may change the record: hints name F7 only then */
    char att_date[11];           /* the date the expected list was made for */
    int64_t att_group;           /* and the group */
    int64_t *saved_id;
    struct member *members;      /* the branch's roster, for host and recorder */
    int nmembers;
    const char **member_names;   /* [0] = "（未选）" */
    struct group *groups;        /* every group of the branch (heap), and their names */
    int ngroups;
    const char **group_names;
    char also_text[256], att_text[256], res_text[128], kind_text[64];
    struct meeting_rules rules;
    struct form_snapshot base;   /* the items as read (a save refused as changed elsewhere) */
    struct meeting base_m;       /* the record as read: its attendance, resolutions, also */
    struct screens_branch_ctx branch; /* a record of another branch (a reviewer's evidence) is
                                         read in its own branch: roster, groups, title */
};

static struct meeting_form *F(struct screen *s) { return s->state; }

static void also_text(struct meeting_form *f)
{
    size_t len = 0;
    f->also_text[0] = '\0';
    for (int k = 0; k < MK_COUNT; k++)
        if (f->m.also_mask & MK_BIT(k))
            len += (size_t)snprintf(f->also_text + len, sizeof f->also_text - len, "%s%s",
                                    len ? "、" : "", meeting_kind_label((enum meeting_kind)k));
    if (!len) zb_strlcpy(f->also_text, "（无）", sizeof f->also_text);
    size_t l = strlen(f->also_text);
    if (f->may_edit && !f->readonly) snprintf(f->also_text + l, sizeof f->also_text - l, "    F7 修改");
    ui_form_set_text(&f->form, I_ALSO, f->also_text);
}

static int member_choice(const struct meeting_form *f, int64_t id)
{
    for (int i = 0; i < f->nmembers; i++)
        if (f->members[i].id == id) return i + 1;
    return 0;
}

static int64_t member_at(const struct meeting_form *f, int choice)
{
    return choice > 0 && choice <= f->nmembers ? f->members[choice - 1].id : 0;
}

/* The first member on the roster holding `office`, 0 if none. */
static int64_t office_holder(const struct meeting_form *f, const char *office)
{
    for (int i = 0; i < f->nmembers; i++)
        if (strcmp(f->members[i].office, office) == 0) return f->members[i].id;
    return 0;
}

static void load_roster(struct screen *s)
{
    struct meeting_form *f = F(s);
    struct app *app = s->app;
    struct member_filter mf = {.branch_id = app->branch_id};
    int count = store_member_count(app->store, &mf);
    if (count < 0) count = 0;
    f->members = xcalloc((size_t)count + 1, sizeof *f->members);
    store_member_page(app->store, &mf, 0, count, f->members, &f->nmembers);
    f->member_names = xcalloc((size_t)f->nmembers + 2, sizeof *f->member_names);
    f->member_names[0] = "（未选）";
    for (int i = 0; i < f->nmembers; i++) f->member_names[i + 1] = f->members[i].name;
    f->groups = screens_groups(app, &f->ngroups);
    f->group_names = xcalloc((size_t)f->ngroups + 1, sizeof *f->group_names);
    for (int i = 0; i < f->ngroups; i++) f->group_names[i] = f->groups[i].name;
}

/* Each item once: label, type, limits, the record's member it shows and the check's field
 * (meeting_check) an error is shown beside. Items without a binding are filled and read below:
 * the kind, the also-counts-as, the group and the people by id, the times (7:30 read as 07:30). */
#define MEETING_TEXT(m) UI_BIND_TEXT_OF(struct meeting, m)
static const struct ui_form_field FIELDS[] = {
    {.item = I_KIND, .label = "会议类型", .type = UI_ITEM_LABEL, .tag = MFLD_KIND},
    {.item = I_ALSO, .label = "同时计为", .type = UI_ITEM_LABEL},
    {.item = I_GROUP, .label = "党小组", .type = UI_ITEM_LABEL, .tag = MFLD_GROUP}, /* a choice: setup_items */
    {.item = I_DATE, .label = "会议日期", .type = UI_ITEM_DATE, .required = true, .max_chars = 10, .hint = "YYYY-MM-DD", MEETING_TEXT(date), .tag = MFLD_DATE},
    {.item = I_START, .label = "开始时间", .type = UI_ITEM_TEXT, .max_chars = 5, .hint = "HH:MM", .tag = MFLD_START},
    {.item = I_END, .label = "结束时间", .type = UI_ITEM_TEXT, .max_chars = 5, .hint = "HH:MM", .tag = MFLD_END},
    {.item = I_PLACE, .label = "地点", .type = UI_ITEM_TEXT, .max_chars = MEETING_PLACE_MAX, MEETING_TEXT(place), .tag = MFLD_PLACE},
    {.item = I_HOST, .label = "主持人", .type = UI_ITEM_CHOICE, .tag = MFLD_HOST},
    {.item = I_RECORDER, .label = "记录人", .type = UI_ITEM_CHOICE, .tag = MFLD_RECORDER},
    {.item = I_LECTURER, .label = "主讲人", .type = UI_ITEM_TEXT, .max_chars = NAME_MAX_CHARS, .hint = "党课填写；党员或外请人员", MEETING_TEXT(lecturer_name), .tag = MFLD_LECTURER},
    {.item = I_ELECTION, .label = "选举", .type = UI_ITEM_CHECK, UI_BIND_BOOL_OF(struct meeting, election)},
    {.item = I_TOPICS, .label = "议题", .type = UI_ITEM_MULTILINE, .height = 3, .max_chars = MEETING_TOPICS_MAX, .hint = "每行一个", UI_BIND_HEAP_OF(struct meeting, topics), .tag = MFLD_TOPICS},
    {.item = I_MINUTES, .label = "会议内容", .type = UI_ITEM_MULTILINE, .height = 6, .max_chars = MEETING_MINUTES_MAX, UI_BIND_HEAP_OF(struct meeting, minutes), .tag = MFLD_MINUTES},
    {.item = I_OBSERVERS, .label = "列席人员", .type = UI_ITEM_TEXT, .max_chars = MEETING_OBSERVERS_MAX, MEETING_TEXT(observers), .tag = MFLD_OBSERVERS},
    {.item = I_NORES, .label = "无表决事项", .type = UI_ITEM_CHECK, UI_BIND_BOOL_OF(struct meeting, no_resolutions)},
    {.item = I_ATT, .label = "出席情况", .type = UI_ITEM_LABEL, .tag = MFLD_ATTENDANCE},
    {.item = I_RES, .label = "决议", .type = UI_ITEM_LABEL, .tag = MFLD_RESOLUTIONS},
};

static void setup_items(struct meeting_form *f)
{
    struct ui_item *it = f->items;
    ui_form_setup(it, FIELDS, I_COUNT);
    if (f->kind == MK_GROUP && f->ngroups > 0) {
        it[I_GROUP].type = UI_ITEM_CHOICE;
        it[I_GROUP].required = true;
        it[I_GROUP].choices = f->group_names;
        it[I_GROUP].nchoices = f->ngroups;
    }
    for (int i = I_HOST; i <= I_RECORDER; i++) {
        it[i].choices = f->member_names;
        it[i].nchoices = f->nmembers + 1;
    }
}

static void fill_form(struct meeting_form *f)
{
    struct ui_form *form = &f->form;
    const struct meeting *m = &f->m;
    snprintf(f->kind_text, sizeof f->kind_text, "%s", meeting_kind_label(f->kind));
    ui_form_set_text(form, I_KIND, f->kind_text);
    also_text(f);
    if (f->items[I_GROUP].type == UI_ITEM_CHOICE) {
        int g = -1;
        for (int i = 0; i < f->ngroups; i++)
            if (f->groups[i].id == m->group_id) g = i;
        ui_form_set_choice(form, I_GROUP, g);
    } else {
        ui_form_set_text(form, I_GROUP, f->kind == MK_GROUP ? "（本支部还没有党小组）" : "（不适用）");
    }
    ui_form_set_text(form, I_START, m->start_time);
    ui_form_set_text(form, I_END, m->end_time);
    ui_form_set_choice(form, I_HOST, member_choice(f, m->host_id));
    ui_form_set_choice(form, I_RECORDER, member_choice(f, m->recorder_id));
    ui_form_fill(form, FIELDS, I_COUNT, m);
}

/* A time item into out: 7:30 is read as 07:30; anything else is kept as typed (the check says
 * what is wrong with it). */
static void read_time(const struct ui_form *form, int item, char out[6])
{
    char buf[TEXT_SHORT];
    zb_strlcpy(buf, ui_form_text(form, item), sizeof buf);
    text_trim(buf);
    if (!time_parse(buf, out)) zb_strlcpy(out, buf, 6);
}

/* Form values into f->m (attendance and resolutions are already there). A date typed longer
 * than a date is kept as "invalid", for the check to say so (the only bound text that can be
 * longer than its member: the others hold max_chars characters of 4 bytes). */
static void read_form(struct meeting_form *f)
{
    struct ui_form *form = &f->form;
    struct meeting *m = &f->m;
    if (ui_form_read(form, FIELDS, I_COUNT, m) == I_DATE) zb_strlcpy(m->date, "invalid", sizeof m->date);
    zb_strlcpy(m->kind, meeting_kind_code(f->kind), sizeof m->kind);
    if (f->items[I_GROUP].type == UI_ITEM_CHOICE) {
        int g = ui_form_choice(form, I_GROUP);
        m->group_id = g >= 0 && g < f->ngroups ? f->groups[g].id : 0;
    }
    read_time(form, I_START, m->start_time);
    read_time(form, I_END, m->end_time);
    m->host_id = member_at(f, ui_form_choice(form, I_HOST));
    m->recorder_id = member_at(f, ui_form_choice(form, I_RECORDER));
    m->lecturer_id = 0;
    for (int i = 0; i < f->nmembers && m->lecturer_name[0]; i++)
        if (strcmp(f->members[i].name, m->lecturer_name) == 0) m->lecturer_id = f->members[i].id;
}

/* (Re)make the expected list for the record's date and group, keeping the marks of people on
 * both lists. */
static void make_expected(struct screen *s)
{
    struct meeting_form *f = F(s);
    struct app *app = s->app;
    struct attendee *list = NULL;
    int n = 0;
    if (store_meeting_expected(app->store, app->branch_id, f->kind, f->m.group_id, f->m.date,
                               &list, &n) != STORE_OK) {
        screens_store_error(app, "无法生成应到名单");
        return;
    }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < f->m.nattendees; j++)
            if (f->m.attendees[j].member_id == list[i].member_id) {
                zb_strlcpy(list[i].mark, f->m.attendees[j].mark, sizeof list[i].mark);
                zb_strlcpy(list[i].reason, f->m.attendees[j].reason, sizeof list[i].reason);
                list[i].excused = f->m.attendees[j].excused;
            }
    free(f->m.attendees);
    f->m.attendees = list;
    f->m.nattendees = n;
    zb_strlcpy(f->att_date, f->m.date, sizeof f->att_date);
    f->att_group = f->m.group_id;
}

/* The expected list follows the date and the group while the user has not marked anyone;
 * after that, a change asks first. Returns false if the user kept the old list. */
static void follow_date(struct screen *s)
{
    struct meeting_form *f = F(s);
    struct zdate d;
    if (!date_parse(f->m.date, &d)) return;
    if (strcmp(f->att_date, f->m.date) == 0 && f->att_group == f->m.group_id) return;
    if (f->m.nattendees > 0 && f->part_edited) {
        char q[200];
        snprintf(q, sizeof q, "会议日期或党小组已改，按 %s 的名册重新生成应到名单？（已作的标记按人保留）", f->m.date);
        if (!ui_confirm(q)) {
            zb_strlcpy(f->att_date, f->m.date, sizeof f->att_date);
            f->att_group = f->m.group_id;
            return;
        }
    }
    make_expected(s);
}

static void refresh_parts(struct meeting_form *f)
{
    meeting_evaluate(&f->m, &f->rules);
    /* members excused with approval (不计应到) leave 应到, as the audit counts them */
    struct meeting_heads h;
    meeting_heads(&f->m, &h);
    char excused[48] = "";
    if (h.excused) snprintf(excused, sizeof excused, "  不计应到 %d", h.excused);
    snprintf(f->att_text, sizeof f->att_text, "应到 %d  实到 %d  请假 %d  缺席 %d%s    F5 逐人标记",
             h.expected, h.present, h.on_leave, h.absent, excused);
    ui_form_set_text(&f->form, I_ATT, f->att_text);
    snprintf(f->res_text, sizeof f->res_text, "%d 项    F6 编辑", f->m.nresolutions);
    ui_form_set_text(&f->form, I_RES, f->res_text);
}

static int form_open(struct screen *s, void *arg)
{
    struct meeting_form *f = F(s);
    struct app *app = s->app;
    const struct meeting_form_arg *a = arg;
    f->saved_id = a->saved_id;
    f->rules.election_quorum_percent = app->rules->election_quorum_percent;
    if (a->id) {
        if (store_meeting_get(app->store, a->id, &f->m) != STORE_OK) {
            screens_store_error(app, "找不到该记录");
            return -1;
        }
        screens_branch_enter(app, f->m.branch_id, &f->branch);
        load_roster(s);
        int k = meeting_kind_of_code(f->m.kind);
        f->kind = k >= 0 ? (enum meeting_kind)k : MK_OTHER;
        f->readonly = f->m.voided_at[0] != '\0' || a->readonly;
        zb_strlcpy(f->att_date, f->m.date, sizeof f->att_date);
        f->att_group = f->m.group_id;
    } else {
        load_roster(s);
        f->is_new = true;
        f->kind = a->kind >= 0 && a->kind < MK_COUNT ? (enum meeting_kind)a->kind : MK_OTHER;
        f->m.branch_id = app->branch_id;
        date_format(clock_today(), f->m.date);
        f->m.host_id = office_holder(f, "secretary");
        f->m.recorder_id = office_holder(f, "organization");
        if (f->kind == MK_LECTURE) {
            for (int i = 0; i < f->nmembers; i++)
                if (f->members[i].id == f->m.host_id)
                    zb_strlcpy(f->m.lecturer_name, f->members[i].name, sizeof f->m.lecturer_name);
        }
        if (f->kind == MK_GROUP && f->ngroups > 0) f->m.group_id = f->groups[0].id;
        if (a->plan_id) {
            struct meeting_plan p;
            if (store_plan_get(app->store, a->plan_id, &p) == STORE_OK) {
                f->m.plan_id = p.id;
                struct zdate d, today = clock_today();
                if (date_parse(p.date, &d) && date_cmp(d, today) <= 0) zb_strlcpy(f->m.date, p.date, sizeof f->m.date);
                f->m.topics = xstrdup(p.topic);
                if (p.group_id) f->m.group_id = p.group_id;
            }
        }
        make_expected(s);
    }
    setup_items(f);
    ui_form_init(&f->form, f->items, I_COUNT);
    f->may_edit = store_may(app->store, STORE_PERM_EDIT, app->branch_id);
    fill_form(f);
    read_form(f); /* the record as the form holds it (a host not on the roster: none) */
    refresh_parts(f);
    ui_form_mark_saved(&f->form);
    ui_form_focus(&f->form, f->is_new ? I_DATE : I_TOPICS);
    screens_form_snapshot(&f->base, &f->form);
    meeting_copy(&f->base_m, &f->m);
    return 0;
}

static void form_close(struct screen *s)
{
    struct meeting_form *f = F(s);
    ui_form_free(&f->form);
    meeting_free(&f->m);
    meeting_free(&f->base_m);
    screens_form_snapshot_free(&f->base);
    free(f->members);
    free(f->member_names);
    free(f->groups);
    free(f->group_names);
    screens_branch_leave(s->app, &f->branch);
}

static bool form_dirty(struct screen *s)
{
    struct meeting_form *f = F(s);
    return !f->readonly && (f->form.changed || f->part_edited);
}

static void form_resume(struct screen *s)
{
    refresh_parts(F(s));
}

static void form_draw(struct screen *s, struct ui_rect body)
{
    struct meeting_form *f = F(s);
    struct app *app = s->app;
    char line[1000], missing[300], who[128], voider[128];
    int row = body.row;
    /* people by their names, not their logins */
    store_user_name(app->store, f->m.created_by, who, sizeof who);
    store_user_name(app->store, f->m.voided_by, voider, sizeof voider);
    if (f->readonly && !f->m.voided_at[0]) {
        snprintf(line, sizeof line, "查看记录（只读）：录入于 %.10s（%s）", f->m.created_at, who);
        ui_put(row++, body.col + 1, body.cols - 1, line, UA_DIM);
    } else if (f->readonly) {
        snprintf(line, sizeof line, "已作废（%s，%s）：%s —— 只读", voider, f->m.voided_at, f->m.void_reason);
        ui_put(row++, body.col + 1, body.cols - 1, line, UA_ERROR);
    } else if (!f->is_new) {
        long delay = meeting_entry_delay(f->m.date, f->m.created_at);
        bool late = meeting_is_late(f->m.date, f->m.created_at, app->rules->audit.late_entry_days);
        snprintf(line, sizeof line, "录入于 %.10s（%s，会后 %ld 天%s）", f->m.created_at, who,
                 delay, late ? "，补记" : "");
        ui_put(row++, body.col + 1, body.cols - 1, line, late ? UA_MARK : UA_DIM);
    } else {
        ui_put(row++, body.col + 1, body.cols - 1, "登记会议（带 * 的为必填项；F2 保存，Esc 返回）", UA_HEADER);
    }
    const char *quorum = f->m.quorum == QUORUM_MET ? "法定人数：已达到"
                         : f->m.quorum == QUORUM_NOT_MET ? "法定人数：不足"
                                                         : "法定人数：不适用";
    meeting_missing_text(f->m.missing_mask, missing, sizeof missing);
    struct meeting_heads h;
    meeting_heads(&f->m, &h);
    if (meeting_counts_as(&f->m, MK_GENERAL))
        snprintf(line, sizeof line, "应到 %d 实到 %d（有表决权 %d/%d） %s  %s", h.expected, h.present,
                 f->m.voting_present, f->m.voting_expected, quorum, missing[0] ? missing : "要素齐全");
    else
        snprintf(line, sizeof line, "应到 %d 实到 %d  %s  %s", h.expected, h.present, quorum,
                 missing[0] ? missing : "要素齐全");
    ui_put_hinted(row++, body.col + 1, body.cols - 1, line, missing[0] ? missing : NULL,
           (f->m.quorum == QUORUM_NOT_MET || missing[0]) ? UA_MARK : UA_STATUS);
    ui_form_draw(&f->form, (struct ui_rect){row, body.col + 1, body.rows - (row - body.row), body.cols - 2});
}

/* A record that fulfils no plan but matches an open plan of its month — the plan's kind is the
 * record's kind or one it also counts as, and the plan's group, if any, is the record's — may be
 * that plan's fulfilment: ask, so that a 党课 recorded without opening its plan does not leave
 * the plan 逾期. Each matching plan is offered in date order until one is taken. */
static void offer_plan(struct screen *s)
{
    struct meeting_form *f = F(s);
    struct app *app = s->app;
    struct zdate d;
    if (f->m.plan_id || !date_parse(f->m.date, &d)) return;
    char to[11];
    date_format(date_month_end(d), to);
    struct store_plan_list l;
    int rc = store_plan_list(app->store, app->branch_id, to, &l), n = l.n;
    struct meeting_plan *plans = l.v;
    for (int i = 0; rc == STORE_OK && i < n; i++) {
        const struct meeting_plan *p = &plans[i];
        int k = meeting_kind_of_code(p->kind);
        if (k < 0 || strncmp(p->date, f->m.date, 7) != 0 || !meeting_counts_as(&f->m, (enum meeting_kind)k))
            continue;
        if (p->group_id && p->group_id != f->m.group_id) continue;
        char q[600];
        snprintf(q, sizeof q, "有一条 %d年%d月 %s 的计划，是否作为该计划的落实？\n计划：%s %s", d.y, d.m,
                 meeting_kind_label((enum meeting_kind)k), p->date, p->topic[0] ? p->topic : "（未写议题）");
        if (ui_confirm(q)) {
            f->m.plan_id = p->id;
            break;
        }
    }
    free(plans);
}

static bool same_attendance(const struct meeting *a, const struct meeting *b)
{
    if (a->nattendees != b->nattendees) return false;
    for (int i = 0; i < a->nattendees; i++) {
        const struct attendee *x = &a->attendees[i], *y = &b->attendees[i];
        if (x->member_id != y->member_id || x->voting != y->voting || x->excused != y->excused ||
            strcmp(x->mark, y->mark) != 0 || strcmp(x->reason, y->reason) != 0)
            return false;
    }
    return true;
}

static bool same_resolutions(const struct meeting *a, const struct meeting *b)
{
    if (a->nresolutions != b->nresolutions) return false;
    for (int i = 0; i < a->nresolutions; i++) {
        const struct resolution *x = &a->resolutions[i], *y = &b->resolutions[i];
        if (strcmp(x->text, y->text) != 0 || x->votes_for != y->votes_for ||
            x->votes_against != y->votes_against || x->votes_abstain != y->votes_abstain)
            return false;
    }
    return true;
}

/* The save was refused: another session saved this record since it was read. Asked, the
 * saved record is loaded; what the person changed and the other did not is kept — items of
 * the form, and attendance, resolutions and 同时计为 as wholes. */
static int reload_saved(struct screen *s)
{
    struct meeting_form *f = F(s);
    struct app *app = s->app;
    if (!screens_conflict_ask(app)) return SR_REDRAW;
    struct meeting saved;
    if (store_meeting_get(app->store, f->m.id, &saved) != STORE_OK) {
        screens_store_error(app, "无法重新读取该记录");
        return SR_REDRAW;
    }
    struct form_snapshot mine;
    screens_form_snapshot(&mine, &f->form);
    struct meeting was = f->base_m;
    meeting_copy(&f->base_m, &saved);
    bool kept_part = false;
    if (!same_attendance(&f->m, &was) && same_attendance(&saved, &was)) {
        struct attendee *t = saved.attendees;
        int n = saved.nattendees;
        saved.attendees = f->m.attendees;
        saved.nattendees = f->m.nattendees;
        f->m.attendees = t;
        f->m.nattendees = n;
        kept_part = true;
    }
    if (!same_resolutions(&f->m, &was) && same_resolutions(&saved, &was)) {
        struct resolution *t = saved.resolutions;
        int n = saved.nresolutions;
        saved.resolutions = f->m.resolutions;
        saved.nresolutions = f->m.nresolutions;
        f->m.resolutions = t;
        f->m.nresolutions = n;
        kept_part = true;
    }
    if (f->m.also_mask != was.also_mask && saved.also_mask == was.also_mask) {
        saved.also_mask = f->m.also_mask;
        kept_part = true;
    }
    meeting_free(&was);
    meeting_free(&f->m);
    f->m = saved;
    if (f->m.voided_at[0]) f->readonly = true;
    zb_strlcpy(f->att_date, f->m.date, sizeof f->att_date);
    f->att_group = f->m.group_id;
    fill_form(f);
    screens_form_merge(app, &f->form, &f->base, &mine);
    screens_form_snapshot_free(&mine);
    f->part_edited = kept_part;
    if (kept_part) f->form.changed = true;
    read_form(f);
    follow_date(s); /* a date or group kept from the typing: its expected list */
    refresh_parts(f);
    return SR_REDRAW;
}

/* The save itself, repeated by screens_write after a 申请修改. */
static int write_meeting(struct store *st, void *ctx)
{
    struct meeting_form *f = ctx;
    return f->is_new ? store_meeting_add(st, &f->m) : store_meeting_update(st, &f->m);
}

static int do_save(struct screen *s)
{
    struct meeting_form *f = F(s);
    struct app *app = s->app;
    if (f->readonly) {
        app_error(app, f->m.voided_at[0] ? "已作废的记录不能修改" : "这里只能查看记录");
        return SR_REDRAW;
    }
    /* nothing changed: nothing written, nothing asked (no plan, no 申请修改) */
    if (!f->is_new && screens_form_same(&f->form, &f->base) && same_attendance(&f->m, &f->base_m) &&
        same_resolutions(&f->m, &f->base_m) && f->m.also_mask == f->base_m.also_mask) {
        app_status(app, "未作修改，无需保存");
        return SR_BACK;
    }
    for (int i = 0; i < I_COUNT; i++) ui_form_set_error(&f->form, i, NULL);
    read_form(f);
    enum meeting_field field = MFLD_NONE;
    char buf[ZB_MSG_MAX];
    const char *err = meeting_check(&f->m, clock_today(), &field, buf, sizeof buf);
    if (err) {
        int item = ui_form_tagged(FIELDS, I_COUNT, (int)field, I_DATE);
        ui_form_set_error(&f->form, item, err);
        ui_form_focus(&f->form, item);
        app_error(app, "未保存：%s", err);
        return SR_REDRAW;
    }
    follow_date(s);
    offer_plan(s);
    meeting_evaluate(&f->m, &f->rules);
    int rc = screens_write(app, write_meeting, f);
    if (rc == STORE_ERR_LOCKED) return SR_REDRAW;
    if (rc == STORE_ERR_CHANGED) return reload_saved(s);
    if (rc != STORE_OK) {
        screens_store_error(app, "保存失败");
        return SR_REDRAW;
    }
    if (f->saved_id) *f->saved_id = f->m.id;
    char missing[300];
    meeting_missing_text(f->m.missing_mask, missing, sizeof missing);
    if (missing[0])
        app_status(app, "已保存：%s %s（要素不全，%s）", f->m.date, meeting_kind_label(f->kind), missing);
    else
        app_status(app, "已保存：%s %s", f->m.date, meeting_kind_label(f->kind));
    return SR_BACK;
}

static int do_also(struct screen *s)
{
    struct meeting_form *f = F(s);
    int last = 0;
    for (;;) {
        char labels[MK_COUNT][64];
        const char *opts[MK_COUNT];
        int map[MK_COUNT], n = 0;
        for (int k = 0; k < MK_COUNT; k++) {
            if (k == (int)f->kind || k == MK_GROUP || k == MK_OTHER) continue;
            snprintf(labels[n], sizeof labels[n], "[%s] %s", (f->m.also_mask & MK_BIT(k)) ? "x" : " ",
                     meeting_kind_label((enum meeting_kind)k));
            opts[n] = labels[n];
            map[n++] = k;
        }
        int pick = ui_pick("同时计为（Enter 勾选/取消，Esc 完成）", opts, n, last);
        if (pick < 0) break;
        last = pick;
        f->m.also_mask ^= MK_BIT(map[pick]);
        f->part_edited = true;
    }
    also_text(f);
    refresh_parts(f);
    return SR_REDRAW;
}

static int do_print(struct screen *s)
{
    struct meeting_form *f = F(s);
    struct app *app = s->app;
    read_form(f);
    meeting_evaluate(&f->m, &f->rules);
    char path[1024];
    snprintf(path, sizeof path, "会议记录-%s-%s.txt", f->m.date, meeting_kind_label(f->kind));
    if (!ui_prompt("打印记录", "写入文本文件：", path, sizeof path, 200, true)) return SR_REDRAW;
    text_trim(path);
    if (!screens_may_overwrite(app, path)) return SR_REDRAW;
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *out = zb_fopen_private(tmp);
    if (!out) {
        app_error(app, "无法写入 %s", path);
        return SR_REDRAW;
    }
    int rc = meeting_print_record(out, app->store, &f->m, app->branch_name, app->rules->audit.late_entry_days, 72);
    if (fclose(out) != 0 || rc != 0 || rename(tmp, path) != 0) {
        remove(tmp);
        app_error(app, "无法写入 %s", path);
        return SR_REDRAW;
    }
    app_status(app, "已写入 %s%s", path, form_dirty(s) ? "（含尚未保存的修改）" : "");
    return SR_REDRAW;
}

static int form_handle(struct screen *s, int key, const struct ui_action *act)
{
    struct meeting_form *f = F(s);
    struct app *app = s->app;
    if (!act) {
        if (f->readonly && key != UK_TAB && key != UK_BTAB && key != UK_UP && key != UK_DOWN &&
            key != UK_PGUP && key != UK_PGDN) {
            app_error(app, f->m.voided_at[0] ? "已作废的记录只能查看" : "这里只能查看记录");
            return SR_REDRAW;
        }
        if (!ui_form_key(&f->form, key)) return SR_NONE;
        if (!f->readonly) {
            /* the live line follows every change: a new date or group makes the expected list
             * again at once (asking first when marks were made), not at F5 or F2 */
            read_form(f);
            follow_date(s);
            refresh_parts(f);
        }
        return SR_REDRAW;
    }
    switch (act->id) {
    case A_SAVE: return do_save(s);
    case A_ATTEND: {
        read_form(f);
        if (!f->readonly) follow_date(s);
        struct meeting_part_arg arg = {.m = &f->m, .edited = &f->part_edited, .readonly = f->readonly};
        app_push(app, &attendance_screen, &arg);
        return SR_REDRAW;
    }
    case A_RESOLUTIONS: {
        struct meeting_part_arg arg = {.m = &f->m, .edited = &f->part_edited, .readonly = f->readonly};
        app_push(app, &resolutions_screen, &arg);
        return SR_REDRAW;
    }
    case A_ALSO:
        if (f->readonly) {
            app_error(app, f->m.voided_at[0] ? "已作废的记录只能查看" : "这里只能查看记录");
            return SR_REDRAW;
        }
        return do_also(s);
    case A_PRINT: return do_print(s);
    default: return SR_NONE;
    }
}

/* Who may save is asked for the record's own branch; a voided record or one opened to be looked
 * at offers no save. */
static int64_t form_branch(struct screen *s)
{
    return F(s)->m.branch_id ? F(s)->m.branch_id : s->app->branch_id;
}

static const char *form_readonly(struct screen *s)
{
    if (!F(s)->readonly) return NULL;
    return F(s)->m.voided_at[0] ? "已作废的记录只能查看" : "这里只能查看记录";
}

const struct screen_ops meeting_form_screen = {
    .name = "meeting_form",
    .title = "会议记录",
    .manual = "三会一课",
    .help_intro = "登记或修改一次会议。第二行随输入即时显示应到、实到、法定人数和缺少的要素。"
                  "出席名单按会议当日的名册生成：F5 逐人标记（空格切换 出席→请假→缺席，随后填写原因）。"
                  "要素不全也可保存，但记录会标为“要素不全”；会议日期不能晚于今天。",
    .state_size = sizeof(struct meeting_form),
    .actions = form_actions,
    .open = form_open,
    .draw = form_draw,
    .handle = form_handle,
    .resume = form_resume,
    .close = form_close,
    .dirty = form_dirty,
    .back = "返回列表（有未保存的修改时先询问）",
    .branch = form_branch,
    .readonly = form_readonly,
};
