/* payment_form.c — one dues payment: the months it covers (back-payment or in advance), the
 * amount (what those months lack, unless typed otherwise), the date and the receipt number. The
 * amount is split over the months by dues_allocate() (core). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/dues.h"
#include "zhibu/rules.h"
#include "zhibu/screens.h"
#include "zhibu/store_auth.h"
#include "zhibu/store.h"
#include "zhibu/store_dues.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

enum { A_SAVE = 1 };

static const struct ui_action payment_actions[] = {
    {.id = A_SAVE, .key = UK_F(2), .key2 = UK_CTRL_S, .label = "保存", .help = "检查并登记这笔党费", .perm = STORE_PERM_EDIT},
    {0},
};

enum item { I_MEMBER, I_FROM, I_TO, I_AMOUNT, I_DATE, I_RECEIPT, I_NOTE, I_COUNT };

struct payment_form {
    struct ui_form form;
    struct ui_item items[I_COUNT];
    struct dues_member dm;
    struct dues_rules rules;
    char member_text[TEXT_SHORT + 128];
    char auto_amount[24];     /* the amount last filled in automatically */
    char last_range[32];      /* the months it was computed for */
};

static int range_of(struct payment_form *p, int *from, int *to)
{
    *from = dues_ym_parse(ui_form_text(&p->form, I_FROM));
    *to = dues_ym_parse(ui_form_text(&p->form, I_TO));
    return (*from >= 0 && *to >= 0 && *from <= *to) ? 0 : -1;
}

/* Keep the amount equal to what the months lack while the user has not typed another. */
static void follow_amount(struct payment_form *p)
{
    int from, to;
    if (range_of(p, &from, &to) != 0) return;
    char range[32];
    snprintf(range, sizeof range, "%d-%d", from, to);
    if (strcmp(range, p->last_range) == 0) return;
    zb_strlcpy(p->last_range, range, sizeof p->last_range);
    if (strcmp(ui_form_text(&p->form, I_AMOUNT), p->auto_amount) != 0) return;
    dues_format_yuan(dues_amount_for(&p->dm.f, from, to, &p->rules), p->auto_amount, sizeof p->auto_amount);
    bool changed = p->form.changed;
    ui_form_set_text(&p->form, I_AMOUNT, p->auto_amount);
    p->form.changed = changed;
}

/* The member's line: paid through, months and amount owed (as read). */
static void member_line(struct payment_form *p)
{
    struct dues_status st;
    dues_status_of(&p->dm.f, dues_ym_of_date(clock_today()), &p->rules, &st);
    char a1[24], pt[8];
    if (st.paid_through_ym >= p->dm.f.join_ym) dues_ym_format(st.paid_through_ym, pt);
    else zb_strlcpy(pt, "未交", sizeof pt);
    dues_format_yuan(st.amount_owed, a1, sizeof a1);
    snprintf(p->member_text, sizeof p->member_text, "%s（交至 %s，欠交 %d 个月 %s 元）", p->dm.m.name, pt,
             st.months_owed, a1);
    ui_form_set_text(&p->form, I_MEMBER, p->member_text);
}

static int payment_open(struct screen *s, void *arg)
{
    struct payment_form *p = s->state;
    struct app *app = s->app;
    const struct payment_form_arg *a = arg;
    p->rules = app->rules->audit.dues;
    if (store_dues_member_get(app->store, a->member_id, &p->dm) != STORE_OK) {
        screens_store_error(app, "找不到该党员");
        return -1;
    }
    struct dues_status st;
    int current = dues_ym_of_date(clock_today());
    dues_status_of(&p->dm.f, current, &p->rules, &st);
    int to = a->to_ym, from = st.paid_through_ym + 1;
    if (from < p->dm.f.join_ym) from = p->dm.f.join_ym;
    if (from > to) from = to;
    struct ui_item *it = p->items;
    it[I_MEMBER] = (struct ui_item){.label = "党员", .type = UI_ITEM_LABEL};
    it[I_FROM] = (struct ui_item){.label = "起始月份", .type = UI_ITEM_TEXT, .required = true, .max_chars = 7, .hint = "YYYY-MM"};
    it[I_TO] = (struct ui_item){.label = "截止月份", .type = UI_ITEM_TEXT, .required = true, .max_chars = 7, .hint = "YYYY-MM；预交可填以后的月份"};
    it[I_AMOUNT] = (struct ui_item){.label = "金额（元）", .type = UI_ITEM_TEXT, .required = true, .max_chars = 12, .hint = "默认为这些月份应交的合计"};
    it[I_DATE] = (struct ui_item){.label = "交费日期", .type = UI_ITEM_DATE, .required = true, .max_chars = 10, .hint = "YYYY-MM-DD"};
    it[I_RECEIPT] = (struct ui_item){.label = "收据编号", .type = UI_ITEM_TEXT, .max_chars = 20};
    it[I_NOTE] = (struct ui_item){.label = "备注", .type = UI_ITEM_TEXT, .max_chars = 60};
    ui_form_init(&p->form, p->items, I_COUNT);
    member_line(p);
    char buf[16];
    dues_ym_format(from, buf);
    ui_form_set_text(&p->form, I_FROM, buf);
    dues_ym_format(to, buf);
    ui_form_set_text(&p->form, I_TO, buf);
    date_format(clock_today(), buf);
    ui_form_set_text(&p->form, I_DATE, buf);
    p->auto_amount[0] = '\0';
    ui_form_set_text(&p->form, I_AMOUNT, "");
    follow_amount(p);
    ui_form_mark_saved(&p->form);
    ui_form_focus(&p->form, I_AMOUNT);
    return 0;
}

static void payment_close(struct screen *s)
{
    struct payment_form *p = s->state;
    ui_form_free(&p->form);
    store_dues_member_free(&p->dm);
}

static bool payment_dirty(struct screen *s)
{
    struct payment_form *p = s->state;
    return p->form.changed;
}

static const char *payment_discard(struct screen *s)
{
    (void)s;
    return "放弃这笔尚未登记的交费？";
}

static void payment_draw(struct screen *s, struct ui_rect body)
{
    struct payment_form *p = s->state;
    follow_amount(p);
    char line[300], a[24];
    int from, to;
    if (range_of(p, &from, &to) == 0) {
        dues_format_yuan(dues_amount_for(&p->dm.f, from, to, &p->rules), a, sizeof a);
        snprintf(line, sizeof line, "登记交费：这 %d 个月尚欠 %s 元（F2 保存，Esc 返回）", to - from + 1, a);
    } else {
        snprintf(line, sizeof line, "登记交费：起止月份写作 YYYY-MM");
    }
    ui_put(body.row, body.col + 1, body.cols - 1, line, UA_HEADER);
    ui_form_draw(&p->form, (struct ui_rect){body.row + 1, body.col + 1, body.rows - 1, body.cols - 2});
}

/* What the member has paid for the months from..to, as the form read it. */
static long paid_for(const struct payment_form *p, int from, int to)
{
    long paid = 0;
    for (int i = 0; i < p->dm.f.npaid; i++)
        if (p->dm.f.paid[i].ym >= from && p->dm.f.paid[i].ym <= to) paid += p->dm.f.paid[i].amount;
    return paid;
}

/* The save was refused: another session recorded (or voided) a payment of these months since
 * the form read them. The member's dues are read again and the form shows what is owed now;
 * the amount, when it was the one filled in, follows. */
static int reload_paid(struct screen *s)
{
    struct payment_form *p = s->state;
    struct app *app = s->app;
    char why[512];
    zb_strlcpy(why, store_errmsg(app->store), sizeof why);
    struct dues_member dm;
    if (store_dues_member_get(app->store, p->dm.m.id, &dm) == STORE_OK) {
        store_dues_member_free(&p->dm);
        p->dm = dm;
        p->last_range[0] = '\0';
        follow_amount(p);
        member_line(p);
    }
    app_error(app, "未登记：%s；已重新读取，请核对后再登记", why);
    return SR_REDRAW;
}

static int do_save(struct screen *s)
{
    struct payment_form *p = s->state;
    struct app *app = s->app;
    for (int i = 0; i < I_COUNT; i++) ui_form_set_error(&p->form, i, NULL);
    int from = dues_ym_parse(ui_form_text(&p->form, I_FROM));
    int to = dues_ym_parse(ui_form_text(&p->form, I_TO));
    if (from < 0 || to < 0) {
        int item = from < 0 ? I_FROM : I_TO;
        ui_form_set_error(&p->form, item, "月份应写作 YYYY-MM");
        ui_form_focus(&p->form, item);
        app_error(app, "未登记：月份应写作 YYYY-MM，例如 2026-11");
        return SR_REDRAW;
    }
    char amount_text[32];
    zb_strlcpy(amount_text, ui_form_text(&p->form, I_AMOUNT), sizeof amount_text);
    text_trim(amount_text);
    long amount = dues_parse_yuan(amount_text);
    if (amount < 0) {
        ui_form_set_error(&p->form, I_AMOUNT, "金额有误");
        ui_form_focus(&p->form, I_AMOUNT);
        app_error(app, "未登记：金额应为数字，最多两位小数，且单笔不超过10万元");
        return SR_REDRAW;
    }
    char date[16];
    zb_strlcpy(date, ui_form_text(&p->form, I_DATE), sizeof date);
    char msgbuf[ZB_MSG_MAX];
    const char *err = dues_check_payment(&p->dm.f, from, to, amount, date, clock_today(), msgbuf,
                                         sizeof msgbuf);
    if (err) {
        bool before_start = p->dm.f.start_ym && from < p->dm.f.start_ym && from >= p->dm.f.join_ym;
        app_error(app, "未登记：%s%s", err, before_start ? "（在收缴表按 s 可改起始月份）" : "");
        return SR_REDRAW;
    }
    if (dues_amount_for(&p->dm.f, from, to, &p->rules) == 0) {
        /* nothing owed for these months: a second payment of paid months is a mistake more
         * often than an advance — ask */
        char q[300];
        snprintf(q, sizeof q, "%s 这 %d 个月尚欠 0.00 元（已交清或免交），仍然登记这笔 %s 元的交费？",
                 p->dm.m.name, to - from + 1, amount_text);
        if (!ui_confirm(q)) {
            app_status(app, "未登记：这 %d 个月尚欠 0.00 元", to - from + 1);
            return SR_REDRAW;
        }
    }
    char receipt[32];
    zb_strlcpy(receipt, ui_form_text(&p->form, I_RECEIPT), sizeof receipt);
    text_trim(receipt);
    if (receipt[0]) {
        struct zdate d;
        date_parse(date, &d);
        int used = store_dues_receipt_count(app->store, p->dm.m.branch_id, d.y, receipt);
        if (used > 0) {
            char q[200];
            snprintf(q, sizeof q, "收据编号 %s 今年已用过 %d 次，仍然登记？", receipt, used);
            if (!ui_confirm(q)) {
                ui_form_focus(&p->form, I_RECEIPT);
                return SR_REDRAW;
            }
        }
    }
    struct dues_paid *alloc = xcalloc((size_t)(to - from + 1), sizeof *alloc);
    int na = dues_allocate(&p->dm.f, from, to, amount, &p->rules, alloc);
    struct dues_payment pay = {.member_id = p->dm.m.id, .branch_id = p->dm.m.branch_id, .from_ym = from,
                               .to_ym = to, .amount = amount, .paid_before = paid_for(p, from, to)};
    zb_strlcpy(pay.paid_date, date, sizeof pay.paid_date);
    zb_strlcpy(pay.receipt_no, receipt, sizeof pay.receipt_no);
    zb_strlcpy(pay.note, ui_form_text(&p->form, I_NOTE), sizeof pay.note);
    int rc = na > 0 ? screens_write_payment(app, &pay, alloc, na)
                    : STORE_ERR_CONSTRAINT;
    free(alloc);
    if (rc == STORE_ERR_LOCKED) return SR_REDRAW;
    if (rc == STORE_ERR_CHANGED) return reload_paid(s);
    if (rc != STORE_OK) {
        app_error(app, "未登记：%s", na > 0 ? store_errmsg(app->store) : "这些月份都不需交党费");
        return SR_REDRAW;
    }
    char a[24], f1[8], t1[8];
    dues_format_yuan(amount, a, sizeof a);
    dues_ym_format(from, f1);
    dues_ym_format(to, t1);
    if (from == to)
        app_status(app, "已登记：%s %s 党费 %s 元", p->dm.m.name, f1, a);
    else
        app_status(app, "已登记：%s %s 至 %s 党费 %s 元", p->dm.m.name, f1, t1, a);
    return SR_BACK;
}

static int payment_handle(struct screen *s, int key, const struct ui_action *act)
{
    struct payment_form *p = s->state;
    if (act && act->id == A_SAVE) return do_save(s);
    return ui_form_key(&p->form, key) ? SR_REDRAW : SR_NONE;
}

const struct screen_ops payment_form_screen = {
    .name = "payment_form",
    .title = "登记交费",
    .manual = "党费",
    .help_intro = "一次可交多个月：补交以前欠的，或预交以后的。金额默认等于这些月份尚欠的合计，"
                  "按月份先后分摊；多交的计入最后一个月。同一年内收据编号重复时会提醒。",
    .state_size = sizeof(struct payment_form),
    .actions = payment_actions,
    .back = "返回收缴表（有未保存的修改时先询问）",
    .discard = payment_discard,
    .open = payment_open,
    .draw = payment_draw,
    .handle = payment_handle,
    .close = payment_close,
    .dirty = payment_dirty,
};
