/* audit_refs.c — the records behind one audit reason, read-only, each on its own branch: a
 * meeting opens in its form, a post holding shows its record, a member shows the card (and, for
 * a 党费 reason, the month's due, paid and 交至), a group lists its meetings of the month, a person
 * in the 发展党员 pipeline opens their page (REF_CANDIDATE). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_refs.h"

#include "zhibu/audit.h"
#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/dues.h"
#include "zhibu/rules.h"
#include "zhibu/post_flows.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_dues.h"
#include "zhibu/store_meeting.h"
#include "zhibu/store_pipeline.h"
#include "zhibu/store_posts.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

void screens_branch_enter(struct app *app, int64_t branch_id, struct screens_branch_ctx *save)
{
    save->swapped = false;
    if (branch_id <= 0 || branch_id == app->branch_id) return;
    struct branch b;
    if (store_branch_get(app->store, branch_id, &b) != STORE_OK) return;
    save->id = app->branch_id;
    zb_strlcpy(save->name, app->branch_name, sizeof save->name);
    save->swapped = true;
    app->branch_id = b.id;
    zb_strlcpy(app->branch_name, b.name, sizeof app->branch_name);
}

void screens_branch_leave(struct app *app, struct screens_branch_ctx *save)
{
    if (!save->swapped) return;
    app->branch_id = save->id;
    zb_strlcpy(app->branch_name, save->name, sizeof app->branch_name);
    save->swapped = false;
}

static void ym_text(int ym, int join_ym, char out[24])
{
    if (ym < join_ym) zb_strlcpy(out, "（未交）", 24);
    else snprintf(out, 24, "%d年%d月", dues_ym_year(ym), dues_ym_month(ym));
}

/* The member card; for a 党费 reason, the month's due, paid and 交至 first. */
static void show_member(struct app *app, int64_t id, bool dues, int year, int month)
{
    struct member m;
    if (store_member_get(app->store, id, &m) != STORE_OK) {
        screens_store_error(app, "找不到该党员");
        return;
    }
    char text[2000], head[800] = "";
    struct dues_member dm;
    if (dues && store_dues_member_get(app->store, id, &dm) == STORE_OK) {
        struct dues_rules r;
        r = app->rules->audit.dues;
        int ym = dues_ym(year, month), cur = dues_ym_of_date(clock_today());
        /* as the audit reads the month: once it is over, it is owed */
        int now_ym = cur > ym ? ym + 1 : ym;
        struct dues_month mo = dues_month_of(&dm.f, ym, now_ym, &r);
        struct dues_facts df = dm.f;
        if (df.start_ym > df.join_ym) df.join_ym = df.start_ym;
        struct dues_status st, today;
        dues_status_of(&df, now_ym, &r, &st);
        dues_status_of(&df, cur, &r, &today);
        char due[32], paid[32], owed[32], through[24], through_now[24];
        dues_format_yuan(mo.due, due, sizeof due);
        dues_format_yuan(mo.paid, paid, sizeof paid);
        dues_format_yuan(st.amount_owed, owed, sizeof owed);
        ym_text(st.paid_through_ym, df.join_ym, through);
        ym_text(today.paid_through_ym, df.join_ym, through_now);
        snprintf(head, sizeof head,
                 "%d年%d月党费：应交 %s 元，已交 %s 元（%s%s）\n交至：%s（%d年%d月末）；今日交至：%s\n"
                 "欠交：%d 个月，共 %s 元%s\n\n",
                 year, month, due, paid, dues_state_label(mo.state), mo.deferred ? "，缓交" : "", through, year,
                 month, through_now, st.months_owed, owed, st.needs_talk ? "（需谈话）" : "");
        store_dues_member_free(&dm);
    }
    snprintf(text, sizeof text, "%s姓名：%s\n党籍：%s\n入党日期：%s\n转正日期：%s\n党费类别：%s\n流动党员：%s\n党小组：%s\n电话：%s",
             head, m.name, code_label_of(MEMBER_STATUSES, m.status), m.join_date,
             m.full_date[0] ? m.full_date : "（未转正）", code_label_of(DUES_CATEGORIES, m.dues_category),
             m.mobile ? "是" : "否", m.group_name[0] ? m.group_name : "—", m.phone);
    ui_message(m.name, text);
}

/* The group's meetings of the month (党小组会, and anything else recorded for the group);
 * Enter opens one. */
static void show_group(struct app *app, int64_t id, int64_t branch_id, int year, int month)
{
    struct group g;
    if (store_group_get(app->store, id, &g) != STORE_OK) {
        screens_store_error(app, "找不到该党小组");
        return;
    }
    char from[11], to[11];
    struct zdate first = {year, month, 1};
    date_format(first, from);
    date_format(date_month_end(first), to);
    struct meeting_filter mf = {.branch_id = branch_id ? branch_id : g.branch_id, .kind = -1, .from = from, .to = to};
    int count = store_meeting_count(app->store, &mf);
    if (count < 0) count = 0;
    struct meeting_row *rows = xcalloc((size_t)count + 1, sizeof *rows);
    int n = 0;
    if (count > 0) store_meeting_page(app->store, &mf, 0, count, rows, &n);
    int k = 0;
    for (int i = 0; i < n; i++)
        if (rows[i].group_id == g.id) rows[k++] = rows[i];
    n = k;
    char title[300];
    snprintf(title, sizeof title, "%s %d年%d月的会议（%d 次）", g.name, year, month, n);
    if (n == 0) {
        /* when it last met, within the year before */
        char text[600], last[200] = "此前一年内也没有该小组的会议记录。", year_ago[11];
        date_format(date_add_months(first, -12), year_ago);
        struct meeting_filter back = {.branch_id = mf.branch_id, .kind = -1, .from = year_ago, .to = to};
        int nb = store_meeting_count(app->store, &back), got = 0;
        if (nb > 0) {
            struct meeting_row *older = xcalloc((size_t)nb, sizeof *older);
            store_meeting_page(app->store, &back, 0, nb, older, &got);
            for (int i = 0; i < got; i++) /* newest first */
                if (older[i].group_id == g.id) {
                    int kk = meeting_kind_of_code(older[i].kind);
                    snprintf(last, sizeof last, "上一次：%s %s。", older[i].date,
                             kk >= 0 ? meeting_kind_label((enum meeting_kind)kk) : older[i].kind);
                    break;
                }
            free(older);
        }
        snprintf(text, sizeof text, "%s（%d 名党员）%d年%d月没有会议记录。\n%s", g.name, g.member_count, year, month, last);
        ui_message(title, text);
        free(rows);
        return;
    }
    char (*labels)[300] = xcalloc((size_t)n, sizeof *labels);
    const char **opts = xcalloc((size_t)n, sizeof *opts);
    for (int i = 0; i < n; i++) {
        int kk = meeting_kind_of_code(rows[i].kind);
        snprintf(labels[i], sizeof labels[i], "%s %s  应到%d 实到%d  %s", rows[i].date,
                 kk >= 0 ? meeting_kind_label((enum meeting_kind)kk) : rows[i].kind, rows[i].expected, rows[i].present,
                 rows[i].first_topic);
        opts[i] = labels[i];
    }
    struct screens_branch_ctx save;
    screens_branch_enter(app, g.branch_id, &save);
    int pick = ui_pick(title, opts, n, 0);
    screens_branch_leave(app, &save);
    if (pick >= 0) {
        struct meeting_form_arg arg = {.id = rows[pick].id, .kind = -1, .readonly = true};
        app_push(app, &meeting_form_screen, &arg);
    }
    free(labels);
    free(opts);
    free(rows);
}

/* The records behind a reason, read-only. */
static void open_refs(struct app *app, const struct audit_reason *a, int64_t branch_id, int year, int month)
{
    if (a->nrefs == 0) {
        app_status(app, "这一条没有对应的记录（如本月没有召开的会议）");
        return;
    }
    char labels[AUDIT_MAX_REFS][256];
    const char *opts[AUDIT_MAX_REFS];
    for (int i = 0; i < a->nrefs; i++) {
        const struct audit_ref *r = &a->refs[i];
        labels[i][0] = '\0';
        if (r->kind == REF_MEETING) {
            struct meeting m;
            if (store_meeting_get(app->store, r->id, &m) == STORE_OK) {
                int k = meeting_kind_of_code(m.kind);
                snprintf(labels[i], sizeof labels[i], "%s %s", m.date, k >= 0 ? meeting_kind_label((enum meeting_kind)k) : "");
                meeting_free(&m);
            }
        } else if (r->kind == REF_MEMBER) {
            struct member m;
            if (store_member_get(app->store, r->id, &m) == STORE_OK) snprintf(labels[i], sizeof labels[i], "%s", m.name);
        } else if (r->kind == REF_HOLDING) {
            struct holding h;
            if (store_holding_get(app->store, r->id, &h) == STORE_OK)
                snprintf(labels[i], sizeof labels[i], "%s（%s）", h.member_name, h.post_name);
        } else if (r->kind == REF_GROUP) {
            struct group g;
            if (store_group_get(app->store, r->id, &g) == STORE_OK) snprintf(labels[i], sizeof labels[i], "%s", g.name);
        } else if (r->kind == REF_CANDIDATE) {
            struct candidate c;
            if (store_candidate_get(app->store, r->id, &c) == STORE_OK)
                snprintf(labels[i], sizeof labels[i], "%s（%s）", c.name, code_label_of(CANDIDATE_STAGES, c.stage));
        }
        if (!labels[i][0]) snprintf(labels[i], sizeof labels[i], "#%lld", (long long)r->id);
        opts[i] = labels[i];
    }
    char title[400];
    /* the audit keeps the first AUDIT_MAX_REFS records of a reason: say so when it is full */
    if (a->nrefs >= AUDIT_MAX_REFS)
        snprintf(title, sizeof title, "%s（只显示前 %d 条）", a->text, AUDIT_MAX_REFS);
    else
        snprintf(title, sizeof title, "%s", a->text);
    /* the dialogs are drawn over a frame whose title names the reason's branch; a screen pushed
     * (the meeting form) takes its record's branch itself, for as long as it is open */
    struct screens_branch_ctx save;
    screens_branch_enter(app, branch_id, &save);
    int pick = a->nrefs == 1 ? 0 : ui_pick(title, opts, a->nrefs, 0);
    screens_branch_leave(app, &save);
    if (pick < 0) return;
    const struct audit_ref *r = &a->refs[pick];
    if (r->kind == REF_MEETING) {
        /* the form takes the record's own branch itself */
        struct meeting_form_arg arg = {.id = r->id, .kind = -1, .readonly = true};
        app_push(app, &meeting_form_screen, &arg);
    } else if (r->kind == REF_HOLDING) {
        struct holding h;
        screens_branch_enter(app, branch_id, &save);
        if (store_holding_get(app->store, r->id, &h) == STORE_OK) post_flow_show_record(app, &h);
        screens_branch_leave(app, &save);
    } else if (r->kind == REF_MEMBER) {
        screens_branch_enter(app, branch_id, &save);
        show_member(app, r->id, a->item == AI_DUES, year, month);
        screens_branch_leave(app, &save);
    } else if (r->kind == REF_GROUP) {
        show_group(app, r->id, branch_id, year, month);
    } else if (r->kind == REF_CANDIDATE) {
        /* the person's page takes the person's branch itself */
        int64_t id = r->id;
        app_push(app, &candidate_screen, &id);
    }
}

void audit_refs_open(struct app *app, const struct audit_reason *a, int64_t branch_id, int year, int month)
{
    open_refs(app, a, branch_id, year, month);
}
