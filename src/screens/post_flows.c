/* post_flows.c — the post scheme's dialogues (see post_flows.h). */
#include "zhibu/post_flows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/model.h"
#include "zhibu/posts.h"
#include "zhibu/screen.h"
#include "zhibu/rules.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_posts.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/validate.h"
#include "zhibu/widgets.h"

/* Ask a date (prefilled with today when empty); false on Esc. */
static bool ask_date(const char *title, const char *label, char *date, size_t datesz)
{
    if (!date[0]) date_format(clock_today(), date);
    return screens_ask_date(title, label, date, datesz);
}

bool post_flow_claim(struct app *app, const struct post *p, const struct member *m)
{
    char title[400];
    snprintf(title, sizeof title, "%s 认领 %s", m->name, p->name);
    if (p->holders >= p->wanted) {
        char q[300];
        snprintf(q, sizeof q, "%s 需要 %d 人，已有 %d 人在岗。仍然让 %s 认领？", p->name, p->wanted,
                 p->holders, m->name);
        if (!ui_confirm(q)) return false;
    }
    static const char *const hows[] = {"本人认领", "组织推荐"};
    int how = ui_pick(title, hows, 2, 0);
    if (how < 0) return false;
    struct holding h = {.post_id = p->id, .member_id = m->id};
    zb_strlcpy(h.how, how == 0 ? "claim" : "recommend", sizeof h.how);
    if (!ask_date(title, "认领日期（YYYY-MM-DD）：", h.claimed, sizeof h.claimed)) return false;
    for (;;) {
        if (!ui_prompt(title, "承诺：", h.pledge, sizeof h.pledge, 200, false)) return false;
        text_trim(h.pledge);
        char msgbuf[ZB_MSG_MAX];
        const char *err = post_check_claim(h.claimed, m->join_date, m->leave_status[0] ? m->leave_date : "",
                                           h.pledge, clock_today(), msgbuf, sizeof msgbuf);
        if (!err) break;
        app_error(app, "未认领：%s", err);
        ui_message("无法认领", err);
        if (!ask_date(title, "认领日期（YYYY-MM-DD）：", h.claimed, sizeof h.claimed)) return false;
    }
    if (store_holding_add(app->store, &h) != STORE_OK) {
        screens_store_error(app, "未认领");
        return false;
    }
    app_status(app, "%s 已%s %s（%s）", m->name, how == 0 ? "认领" : "经推荐担任", p->name, h.claimed);
    return true;
}

bool post_flow_report(struct app *app, const struct holding *h)
{
    if (h->ended[0]) {
        app_error(app, "%s 已于 %s 卸任，不能再登记汇报", h->member_name, h->ended);
        return false;
    }
    char title[400];
    snprintf(title, sizeof title, "%s 汇报 %s 履职情况", h->member_name, h->post_name);
    struct post_report r = {.holding_id = h->id};
    static const char *const venues[] = {"支部党员大会", "主题党日", "党小组会", "支部委员会", "其他"};
    for (;;) {
        if (!ask_date(title, "汇报日期（YYYY-MM-DD）：", r.date, sizeof r.date)) return false;
        int v = ui_pick("在何处汇报", venues, 5, 0);
        if (v < 0) return false;
        zb_strlcpy(r.venue, venues[v], sizeof r.venue);
        char content[2048] = "";
        if (!ui_prompt(title, "汇报内容：", content, sizeof content, 300, true)) return false;
        text_trim(content);
        char msgbuf[ZB_MSG_MAX];
        const char *err = post_check_report(r.date, h->claimed, h->ended, content, clock_today(), msgbuf,
                                            sizeof msgbuf);
        if (err) {
            app_error(app, "未登记：%s", err);
            ui_message("无法登记汇报", err);
            continue;
        }
        r.content = content;
        int rc = store_report_add(app->store, &r);
        r.content = NULL;
        if (rc != STORE_OK) {
            screens_store_error(app, "未登记");
            return false;
        }
        app_status(app, "已登记 %s 的汇报（%s，%s）", h->member_name, r.date, r.venue);
        return true;
    }
}

/* The periods offered for a review: the current one and the three before it, newest first. */
enum { REVIEW_PERIODS = 4 };

/* Why a period cannot be reviewed for h ("" when it can), in full (why) and as the picker's tag:
 * reviewed already (the store's rule: one review per holding and period start), before the
 * claim, or not begun. */
static void period_refusal(const struct holding *h, const struct post_review *reviews, int nv,
                           struct zdate start, struct zdate end, struct zdate today, char *why, size_t whysz,
                           char *tag, size_t tagsz)
{
    char from[11];
    date_format(start, from);
    why[0] = tag[0] = '\0';
    for (int i = 0; i < nv; i++)
        if (strcmp(reviews[i].period_start, from) == 0) {
            const char *rating = code_label_of(POST_RATINGS, reviews[i].rating);
            snprintf(why, whysz, "已评议（%s，评议日期 %s），同一期间不能重复评议", rating, reviews[i].date);
            snprintf(tag, tagsz, "（已评议：%s）", rating);
            return;
        }
    const char *e = post_check_review_period(start, end, h->claimed, today);
    if (!e) return;
    zb_strlcpy(why, e, whysz);
    zb_strlcpy(tag, date_cmp(start, today) > 0 ? "（尚未开始）" : "（认领岗位之前）", tagsz);
}

bool post_flow_review(struct app *app, const struct holding *h)
{
    const struct rules *c = app->rules;
    char title[400];
    snprintf(title, sizeof title, "评议 %s（%s）", h->member_name, h->post_name);
    struct store_review_list rl;
    if (store_review_list(app->store, h->id, &rl) != STORE_OK) {
        screens_store_error(app, "读取评议失败");
        return false;
    }
    struct post_review *reviews = rl.v;
    int nv = rl.n;
    /* the current period and the three before it; each says whether it is reviewed already */
    struct zdate today = clock_today(), starts[REVIEW_PERIODS], ends[REVIEW_PERIODS];
    char labels[REVIEW_PERIODS][48], why[REVIEW_PERIODS][160], tag[REVIEW_PERIODS][64];
    char shown[REVIEW_PERIODS][512];
    const char *opts[REVIEW_PERIODS];
    struct zdate d = today;
    for (int i = 0; i < REVIEW_PERIODS; i++) {
        post_review_period(d, c->post_review_months, &starts[i], &ends[i]);
        post_period_label(starts[i], ends[i], labels[i], sizeof labels[i]);
        period_refusal(h, reviews, nv, starts[i], ends[i], today, why[i], sizeof why[i], tag[i], sizeof tag[i]);
        snprintf(shown[i], sizeof shown[i], "%s%s", labels[i], tag[i]);
        opts[i] = shown[i];
        d = date_add_days(starts[i], -1);
    }
    free(reviews);
    /* open on the first period not yet reviewed: the last one ended, else the current one, else
     * the older ones; with none left, refuse before anything is typed */
    static const int preference[REVIEW_PERIODS] = {1, 0, 2, 3};
    int initial = -1;
    for (int i = 0; i < REVIEW_PERIODS && initial < 0; i++)
        if (!why[preference[i]][0]) initial = preference[i];
    if (initial < 0) {
        app_error(app, "%s 的%s至%s各期间都已评议或不能评议，没有可登记的期间", h->member_name,
                  labels[REVIEW_PERIODS - 1], labels[0]);
        return false;
    }
    int period;
    for (;;) {
        period = ui_pick("评议期间", opts, REVIEW_PERIODS, initial);
        if (period < 0) return false;
        if (!why[period][0]) break;
        char msg[300];
        snprintf(msg, sizeof msg, "%s %s：%s", h->member_name, labels[period], why[period]);
        ui_message("无法登记评议", msg);
        initial = period;
    }
    struct post_review r = {.holding_id = h->id};
    date_format(starts[period], r.period_start);
    date_format(ends[period], r.period_end);
    const char *ratings[8];
    int nr = 0;
    for (const struct code_label *x = POST_RATINGS; x->code && nr < 8; x++) ratings[nr++] = x->label;
    int rating = ui_pick("评议等次", ratings, nr, 1);
    if (rating < 0) return false;
    zb_strlcpy(r.rating, POST_RATINGS[rating].code, sizeof r.rating);
    if (!ask_date(title, "评议日期（YYYY-MM-DD）：", r.date, sizeof r.date)) return false;
    char msgbuf[ZB_MSG_MAX];
    const char *err = post_check_review(starts[period], ends[period], h->claimed, r.rating, r.date, today,
                                        msgbuf, sizeof msgbuf);
    if (err) {
        app_error(app, "未登记：%s", err);
        ui_message("无法登记评议", err);
        return false;
    }
    if (!ui_prompt(title, "评议意见：", r.comment, sizeof r.comment, 150, false)) return false;
    text_trim(r.comment);
    if (!ui_prompt(title, "考核奖励（如 表彰、提醒谈话、调整岗位，可空）：", r.reward, sizeof r.reward, 60, false))
        return false;
    text_trim(r.reward);
    if (store_review_add(app->store, &r) != STORE_OK) {
        screens_store_error(app, "未登记");
        return false;
    }
    app_status(app, "已登记 %s %s评议：%s", h->member_name, labels[period], ratings[rating]);
    return true;
}

bool post_flow_end(struct app *app, const struct holding *h)
{
    if (h->ended[0]) {
        app_error(app, "%s 已于 %s 卸任", h->member_name, h->ended);
        return false;
    }
    char title[400], date[16] = "", reason[256] = "";
    snprintf(title, sizeof title, "%s 卸任 %s", h->member_name, h->post_name);
    if (!ask_date(title, "卸任日期（YYYY-MM-DD）：", date, sizeof date)) return false;
    if (!ui_prompt(title, "原因：", reason, sizeof reason, 60, true)) return false;
    text_trim(reason);
    if (store_holding_end(app->store, h->id, date, reason) != STORE_OK) {
        screens_store_error(app, "未保存");
        return false;
    }
    app_status(app, "%s 已于 %s 卸任 %s", h->member_name, date, h->post_name);
    return true;
}

static void append(char **buf, size_t *len, const char *s)
{
    size_t n = strlen(s);
    *buf = xrealloc(*buf, *len + n + 1);
    memcpy(*buf + *len, s, n + 1);
    *len += n;
}

void post_flow_show_record(struct app *app, const struct holding *h)
{
    char *text = xstrdup("");
    size_t len = 0;
    char line[2400];
    snprintf(line, sizeof line, "%s %s %s%s%s\n承诺：%s\n\n", h->claimed, h->how[0] == 'r' ? "组织推荐" : "本人认领",
             h->post_name, h->ended[0] ? "，卸任于 " : "", h->ended, h->pledge[0] ? h->pledge : "（未填）");
    append(&text, &len, line);
    struct store_report_list rl;
    store_report_list(app->store, h->id, &rl);
    struct post_report *reports = rl.v;
    int nr = rl.n;
    snprintf(line, sizeof line, "履职汇报（%d 次）：\n", nr);
    append(&text, &len, line);
    for (int i = 0; i < nr; i++) {
        snprintf(line, sizeof line, "  %s %s：%s\n", reports[i].date, reports[i].venue,
                 reports[i].content ? reports[i].content : "");
        append(&text, &len, line);
    }
    store_report_list_free(&rl);
    struct store_review_list vl;
    store_review_list(app->store, h->id, &vl);
    struct post_review *reviews = vl.v;
    int nv = vl.n;
    snprintf(line, sizeof line, "\n民主评议（%d 次）：\n", nv);
    append(&text, &len, line);
    for (int i = 0; i < nv; i++) {
        struct zdate a, b;
        char label[48] = "";
        if (date_parse(reviews[i].period_start, &a) && date_parse(reviews[i].period_end, &b))
            post_period_label(a, b, label, sizeof label);
        snprintf(line, sizeof line, "  %s %s %s%s%s\n", label, code_label_of(POST_RATINGS, reviews[i].rating),
                 reviews[i].comment, reviews[i].reward[0] ? "；奖惩：" : "", reviews[i].reward);
        append(&text, &len, line);
    }
    free(reviews);
    char title[400];
    snprintf(title, sizeof title, "%s — %s", h->member_name, h->post_name);
    ui_message(title, text);
    free(text);
}

int post_flow_pick_post(struct app *app, const char *title, struct post *out)
{
    int n = 0;
    struct post *posts = screens_posts(app, &n);
    if (n == 0) {
        free(posts);
        app_error(app, "本支部还没有岗位（在设岗定责中按 F2 新建，或按 c 从默认目录建立）");
        return -1;
    }
    char **labels = xcalloc((size_t)n, sizeof *labels);
    for (int i = 0; i < n; i++)
        labels[i] = xasprintf("%s（%s，在岗 %d/%d）", posts[i].name, posts[i].category, posts[i].holders,
                              posts[i].wanted);
    int pick = ui_pick(title, (const char *const *)labels, n, 0);
    for (int i = 0; i < n; i++) free(labels[i]);
    free(labels);
    if (pick >= 0) {
        *out = posts[pick]; /* the caller owns its duties now */
        posts[pick].duties = NULL;
    }
    screens_posts_free(posts, n);
    return pick >= 0 ? 0 : -1;
}
