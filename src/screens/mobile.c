/* mobile.c — 流动党员: a member away from home — where, since when, the activity card, the
 * contact person — and, on F5, the log of contacts. How long since the last contact and whether
 * the member should transfer come from core (lifecycle.h). */
#include <stdio.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/lifecycle.h"
#include "zhibu/rules.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_lifecycle.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/validate.h"
#include "zhibu/widgets.h"

enum { A_SAVE = 1, A_CONTACTS, A_END };

static const struct ui_action mobile_actions[] = {
    {.id = A_SAVE, .key = UK_F(2), .key2 = UK_CTRL_S, .label = "保存", .help = "保存流动党员信息（并标为流动党员）", .perm = STORE_PERM_EDIT},
    {.id = A_CONTACTS, .key = UK_F(5), .label = "联系记录", .help = "查看和登记与该党员的联系（日期、方式、情况）", .perm = STORE_PERM_ANY},
    {.id = A_END, .key = UK_F(8), .label = "结束流动", .help = "党员已返回：不再列为流动党员（信息和联系记录保留）", .perm = STORE_PERM_EDIT},
    {0},
};

enum item { I_DEST, I_SINCE, I_CARD, I_PERSON, I_PHONE, I_COUNT };

struct mobile {
    struct ui_form form;
    struct ui_item items[I_COUNT];
    struct member m;
    struct mobile_info mi;
    bool existing;
    struct form_snapshot base;  /* the items as read (a save refused as changed elsewhere) */
};

static void fill_form(struct mobile *x)
{
    ui_form_set_text(&x->form, I_DEST, x->mi.destination);
    ui_form_set_text(&x->form, I_SINCE, x->mi.since);
    ui_form_set_text(&x->form, I_CARD, x->mi.card_no);
    ui_form_set_text(&x->form, I_PERSON, x->mi.contact_person);
    ui_form_set_text(&x->form, I_PHONE, x->mi.contact_phone);
    ui_form_mark_saved(&x->form);
}

static int mobile_open(struct screen *s, void *arg)
{
    struct mobile *x = s->state;
    struct app *app = s->app;
    int64_t id = *(const int64_t *)arg;
    if (store_member_get(app->store, id, &x->m) != STORE_OK) {
        app_error(app, "找不到该党员");
        return -1;
    }
    x->existing = store_mobile_get(app->store, id, &x->mi) == STORE_OK;
    if (!x->existing) {
        memset(&x->mi, 0, sizeof x->mi);
        x->mi.member_id = id;
    }
    struct ui_item *it = x->items;
    it[I_DEST] = (struct ui_item){.label = "外出地点", .type = UI_ITEM_TEXT, .required = true, .max_chars = 40, .hint = "如 广东省东莞市长安镇"};
    it[I_SINCE] = (struct ui_item){.label = "外出日期", .type = UI_ITEM_DATE, .required = true, .max_chars = 10, .hint = "YYYY-MM-DD"};
    it[I_CARD] = (struct ui_item){.label = "活动证编号", .type = UI_ITEM_TEXT, .max_chars = 30, .hint = "《流动党员活动证》"};
    it[I_PERSON] = (struct ui_item){.label = "联系人", .type = UI_ITEM_TEXT, .max_chars = 30};
    it[I_PHONE] = (struct ui_item){.label = "联系电话", .type = UI_ITEM_TEXT, .max_chars = 15};
    ui_form_init(&x->form, x->items, I_COUNT);
    fill_form(x);
    screens_form_snapshot(&x->base, &x->form);
    return 0;
}

static void mobile_close(struct screen *s)
{
    struct mobile *x = s->state;
    ui_form_free(&x->form);
    screens_form_snapshot_free(&x->base);
}

/* The save was refused: the details were entered or changed in another session since the form
 * read them. Asked, they are loaded, keeping what the person typed where the other changed
 * nothing. */
static int reload_saved(struct screen *s)
{
    struct mobile *x = s->state;
    struct app *app = s->app;
    if (!screens_conflict_ask(app)) return SR_REDRAW;
    struct mobile_info saved;
    if (store_mobile_get(app->store, x->m.id, &saved) != STORE_OK) {
        screens_store_error(app, "无法重新读取流动党员信息");
        return SR_REDRAW;
    }
    struct form_snapshot mine;
    screens_form_snapshot(&mine, &x->form);
    x->mi = saved;
    x->existing = true;
    store_member_get(app->store, x->m.id, &x->m);
    fill_form(x);
    screens_form_merge(app, &x->form, &x->base, &mine);
    screens_form_snapshot_free(&mine);
    return SR_REDRAW;
}

static void mobile_resume(struct screen *s)
{
    struct mobile *x = s->state;
    struct mobile_info mi;
    if (store_mobile_get(s->app->store, x->m.id, &mi) == STORE_OK) zb_strlcpy(x->mi.last_contact, mi.last_contact, sizeof x->mi.last_contact);
}

static bool mobile_dirty(struct screen *s)
{
    struct mobile *x = s->state;
    return x->form.changed;
}

static void mobile_draw(struct screen *s, struct ui_rect body)
{
    struct mobile *x = s->state;
    const struct audit_rules *c = &s->app->rules->audit;
    char line[400];
    snprintf(line, sizeof line, "%s%s", x->m.name, x->m.mobile ? "（流动党员）" : "（登记为流动党员）");
    ui_put(body.row, body.col + 1, body.cols - 1, line, UA_HEADER);
    struct mobile_status ms;
    if (x->existing && mobile_status_of(x->mi.since, x->mi.last_contact, clock_today(), c->mobile_contact_months,
                                        c->mobile_transfer_months, &ms)) {
        snprintf(line, sizeof line, "外出 %d 个月；%s%s%s", ms.months_away,
                 x->mi.last_contact[0] ? "上次联系 " : "尚无联系记录", x->mi.last_contact,
                 ms.should_transfer ? "；外出已满规定月数，应转出组织关系" : "");
        size_t l = strlen(line);
        if (ms.contact_overdue) snprintf(line + l, sizeof line - l, "；已 %ld 天未联系", ms.days_since_contact);
        ui_put(body.row + 1, body.col + 1, body.cols - 1, line,
               ms.contact_overdue || ms.should_transfer ? UA_MARK : UA_NORMAL);
    }
    ui_form_draw(&x->form, (struct ui_rect){body.row + 3, body.col + 1, body.rows - 3, body.cols - 2});
}

static int do_save(struct screen *s)
{
    struct mobile *x = s->state;
    struct app *app = s->app;
    for (int i = 0; i < I_COUNT; i++) ui_form_set_error(&x->form, i, NULL);
    /* nothing changed: nothing written (no empty 修改 line in the history) */
    if (x->existing && screens_form_same(&x->form, &x->base)) {
        app_status(app, "未作修改，无需保存");
        return SR_BACK;
    }
    struct mobile_info mi = x->mi;
    zb_strlcpy(mi.destination, ui_form_text(&x->form, I_DEST), sizeof mi.destination);
    text_trim(mi.destination);
    char since[32];
    zb_strlcpy(since, ui_form_text(&x->form, I_SINCE), sizeof since);
    text_trim(since);
    zb_strlcpy(mi.card_no, ui_form_text(&x->form, I_CARD), sizeof mi.card_no);
    text_trim(mi.card_no);
    zb_strlcpy(mi.contact_person, ui_form_text(&x->form, I_PERSON), sizeof mi.contact_person);
    text_trim(mi.contact_person);
    zb_strlcpy(mi.contact_phone, ui_form_text(&x->form, I_PHONE), sizeof mi.contact_phone);
    text_trim(mi.contact_phone);
    if (!mi.destination[0]) {
        ui_form_set_error(&x->form, I_DEST, "不能为空");
        ui_form_focus(&x->form, I_DEST);
        app_error(app, "未保存：外出地点不能为空");
        return SR_REDRAW;
    }
    enum valid_code vc = validate_date_text(since, true, clock_today());
    if (vc != V_OK || strlen(since) > 10) {
        char msgbuf[ZB_MSG_MAX];
        const char *msg = validate_date_message(since, vc != V_OK ? vc : V_DATE_FORMAT, msgbuf, sizeof msgbuf);
        ui_form_set_error(&x->form, I_SINCE, msg);
        ui_form_focus(&x->form, I_SINCE);
        app_error(app, "未保存：外出日期 — %s", msg);
        return SR_REDRAW;
    }
    if (mi.contact_phone[0] && (!text_all_digits(mi.contact_phone) || strlen(mi.contact_phone) < 7)) {
        ui_form_set_error(&x->form, I_PHONE, validate_message(V_PHONE_DIGITS));
        ui_form_focus(&x->form, I_PHONE);
        app_error(app, "未保存：%s", validate_message(V_PHONE_DIGITS));
        return SR_REDRAW;
    }
    zb_strlcpy(mi.since, since, sizeof mi.since);
    int rc = store_mobile_set(app->store, &mi);
    if (rc == STORE_ERR_CHANGED) return reload_saved(s);
    if (rc != STORE_OK) {
        screens_store_error(app, "未保存");
        return SR_REDRAW;
    }
    app_status(app, "已保存：%s 流动党员信息", x->m.name);
    return SR_BACK;
}

static int mobile_handle(struct screen *s, int key, const struct ui_action *act)
{
    struct mobile *x = s->state;
    struct app *app = s->app;
    if (!act) return ui_form_key(&x->form, key) ? SR_REDRAW : SR_NONE;
    switch (act->id) {
    case A_SAVE: return do_save(s);
    case A_CONTACTS:
        if (!x->existing) {
            /* F2 named only to whom may use it */
            app_error(app, app_may(s, &mobile_actions[0]) ? "请先保存流动党员信息（F2），再登记联系记录"
                                                          : "该党员没有流动党员信息，也没有联系记录");
            return SR_REDRAW;
        }
        app_push(app, &contacts_screen, &x->m.id);
        return SR_REDRAW;
    case A_END: {
        if (!x->m.mobile) {
            app_error(app, "%s 目前不是流动党员", x->m.name);
            return SR_REDRAW;
        }
        char date[16];
        date_format(clock_today(), date);
        if (!screens_ask_date("结束流动", "返回日期（YYYY-MM-DD）：", date, sizeof date)) return SR_REDRAW;
        if (store_mobile_end(app->store, x->m.id, date) != STORE_OK) {
            screens_store_error(app, "未保存");
            return SR_REDRAW;
        }
        app_status(app, "%s 已于 %s 返回，不再列为流动党员", x->m.name, date);
        return SR_BACK;
    }
    default: return SR_NONE;
    }
}

const struct screen_ops mobile_screen = {
    .name = "mobile",
    .title = "流动党员",
    .manual = "党员名册",
    .help_intro = "外出党员的去向、外出日期、《流动党员活动证》编号和联系人。联系超过规定月数、"
                  "外出满规定月数应转出组织关系的，首页会提醒。",
    .state_size = sizeof(struct mobile),
    .actions = mobile_actions,
    .back = "返回名册（有未保存的修改时先询问）",
    .open = mobile_open,
    .draw = mobile_draw,
    .handle = mobile_handle,
    .resume = mobile_resume,
    .close = mobile_close,
    .dirty = mobile_dirty,
};
