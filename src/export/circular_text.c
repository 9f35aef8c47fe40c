/* circular_text.c — the 通报 as a plain text page (circular_export.h), and what the text and the
 * .xlsx share: the office's name, the summary sentence, a behind branch's months and the notes
 * on each figure. */
#include "zhibu/circular_export.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/sheet.h"
#include "zhibu/text.h"
#include "zhibu/util.h"

#define PAGE_WIDTH CIRC_TEXT_WIDTH

enum { BEHIND_NOTE = 5 };
static const char *const NOTES[] = {
    "复审后结论：区委组织部复审过的，以复审结论为准；未复审的，以乡镇审查结论为准；都没有的计为“未审”，不算合格。",
    "合格率：复审后结论为合格的支部数 ÷ 支部数；季度通报按“支部·月”计（每个支部每月计一次）。乡镇开始报送（第一次有审查结论）以前的月份不计入，走势中为“—”；一直没有结论的乡镇从全区最早有结论的月份起每月都计为未审。",
    "按期整改率：整改期限在本期内且已到期的整改通知中，在期限当日或之前完成整改的 ÷ 到期的通知数；逾期完成或尚未完成的均不算按期。",
    "复审改判率：乡镇和区委组织部都作出结论的支部（月）中，两者结论不同的 ÷ 复审数；从严指乡镇评合格而复审未评合格，从宽反之。",
    "排名：依次按合格率（高者在前）、按期整改率（高者在前）、复审改判率（低者在前）；无可比数据的（表中为—）排在有数据的之后；三项都相同的并列，按乡镇组织代码排列。",
    "", /* BEHIND_NOTE: the number from the rules */
    "引擎未达标而评合格：乡镇审查时系统审查结果有未达标项目、乡镇却评为合格的支部（月），供复审时重点查看，不参与排名。",
    NULL,
};

const char *circ_note(const struct circ_doc *d, int i, char *buf, size_t n)
{
    if (i < 0 || i >= (int)ZB_ARRAY_LEN(NOTES) - 1) return NULL;
    if (i == BEHIND_NOTE) {
        snprintf(buf, n, "连续未合格：复审后结论连续%d个月及以上不是合格（含未审）、直到本期最后一个月"
                         "的支部（月数由配置文件 [audit] circular_behind_months 规定）。",
                 d->res->behind_months);
        return buf;
    }
    return NOTES[i];
}

const char *circ_scope_name(const struct circ_doc *d)
{
    return d->scope && *d->scope ? d->scope : "全区";
}

const char *circ_office_name(const struct circ_doc *d)
{
    return d->office && *d->office ? d->office : "区委组织部";
}

void circ_behind_months_text(const struct circ_doc *d, const struct circ_behind *b, char *out,
                             size_t outsz)
{
    const struct circ_input *in = d->in;
    const struct circ_cell *row = &in->cells[(size_t)b->branch * (size_t)in->nmonths];
    size_t n = 0;
    out[0] = '\0';
    /* runs of months with the same final verdict: "2026年1月至2026年3月（未审）" */
    for (int k = b->months - 1; k >= 0 && n + 1 < outsz;) {
        int v = circ_final(&row[in->nmonths - 1 - k]), j = k;
        while (j > 0 && circ_final(&row[in->nmonths - j]) == v) j--;
        struct zmonth m0 = zmonth_add(d->res->last, -k), m1 = zmonth_add(d->res->last, -j);
        int w;
        if (j == k)
            w = snprintf(out + n, outsz - n, "%s%d年%d月（%s）", n ? "、" : "", m0.year, m0.month,
                         circ_verdict_label(v));
        else
            w = snprintf(out + n, outsz - n, "%s%d年%d月至%d年%d月（%s）", n ? "、" : "", m0.year,
                         m0.month, m1.year, m1.month, circ_verdict_label(v));
        if (w < 0 || (size_t)w >= outsz - n) {
            out[n] = '\0';
            break;
        }
        n += (size_t)w;
        k = j - 1;
    }
}

void circ_summary_text(const struct circ_doc *d, char *out, size_t outsz)
{
    const struct circ_row *t = &d->res->total;
    char period[48], share[16], head[160];
    circ_period_text(d->in->first, d->in->period_months, period, sizeof period);
    circ_ratio_text(t->pass_share, share, sizeof share);
    bool q = d->in->period_months == 3;
    const char *u = q ? "支部·月" : "个";
    if (q) snprintf(head, sizeof head, "%s，%s%d个乡镇共%d个支部，三个月合计%d支部·月", period, circ_scope_name(d),
                    d->res->nrows, t->branches, t->branch_months);
    else snprintf(head, sizeof head, "%s，%s%d个乡镇共%d个支部", period, circ_scope_name(d), d->res->nrows,
                  t->branches);
    snprintf(out, outsz,
             "%s。复审后合格%d%s，合格率%s；需整改%d%s，不合格%d%s，未审%d%s。区委组织部复审%d%s，"
             "改判%d%s（从严%d，从宽%d）；到期的整改通知%d条，按期完成%d条。连续%d个月及以上"
             "未合格的支部%d个。",
             head, t->pass, u, share, t->rectify, u, t->fail, u, t->unreviewed, u, t->district_given, u,
             t->overturned, u, t->stricter, t->looser, t->orders_due, t->orders_on_time,
             d->res->behind_months, d->res->nbehind);
}

/* ---- the text page ---- */

static void cell(struct export_page *pg, const char *s, int cols, bool right)
{
    char buf[512];
    int w = text_width(s);
    if (right && w < cols) {
        export_page_spaces(pg, cols - w);
        export_page_put(pg, s);
    } else {
        text_pad(buf, sizeof buf, s, cols, true);
        export_page_put(pg, buf);
    }
}

static void num(struct export_page *pg, int v, int cols)
{
    char b[24];
    snprintf(b, sizeof b, "%d", v);
    cell(pg, b, cols, true);
}

static void ratio(struct export_page *pg, struct circ_ratio r, int cols)
{
    char b[24];
    circ_ratio_text(r, b, sizeof b);
    cell(pg, b, cols, true);
}

enum { W_RANK = 4, W_N = 7, W_PCT = 9, W_RATIO = 11, W_MONTH = 7 };

/* The ranking's columns after 名次 and 乡镇, in the order they are given up when the page is
 * narrower than 100 columns (the screen at 80): the counts of 需整改, 不合格 and 未审 first. */
enum { K_BRANCHES, K_PASS, K_RECTIFY, K_FAIL, K_NONE, K_SHARE, K_ONTIME, K_OVERTURN, K_BEHIND, K_COLS };
static const struct {
    const char *head;
    int width;
    int drop;                 /* 0: always shown; else given up in this order */
} KCOL[K_COLS] = {
    {"支部数", W_N, 0},     {"合格", W_N, 0},           {"需整改", W_N, 1},
    {"不合格", W_N, 2},     {"未审", W_N, 3},           {"合格率", W_PCT, 0},
    {"按期整改率", W_RATIO, 0}, {"复审改判率", W_RATIO, 0}, {"连续未合格", W_RATIO, 0},
};

struct layout {
    int width;
    int town;                 /* the 乡镇 column */
    bool shown[K_COLS];
    int months;               /* trend months shown (the latest) */
};

static void layout_of(int width, struct layout *l)
{
    l->width = width;
    l->town = width >= PAGE_WIDTH ? 16 : 12;
    int used = W_RANK + 1 + l->town;
    for (int k = 0; k < K_COLS; k++) {
        l->shown[k] = true;
        used += KCOL[k].width;
    }
    for (int drop = 1; drop <= 3 && used > width; drop++)
        for (int k = 0; k < K_COLS; k++)
            if (KCOL[k].drop == drop) {
                l->shown[k] = false;
                used -= KCOL[k].width;
            }
    l->months = (width - l->town) / W_MONTH;
}

static void rank_head(struct export_page *pg, const struct layout *l)
{
    cell(pg, "名次", W_RANK, false);
    export_page_put(pg, " ");
    cell(pg, "乡镇", l->town, false);
    for (int k = 0; k < K_COLS; k++)
        if (l->shown[k]) cell(pg, KCOL[k].head, KCOL[k].width, true);
    export_page_put(pg, "\n");
}

static void rank_row(struct export_page *pg, const struct circ_doc *d, const struct circ_row *r,
                     const struct layout *l)
{
    char b[16];
    if (r->township < 0) zb_strlcpy(b, "", sizeof b);
    else snprintf(b, sizeof b, "%d", r->rank);
    cell(pg, b, W_RANK, true);
    export_page_put(pg, " ");
    cell(pg, r->township < 0 ? circ_scope_name(d) : d->in->townships[r->township].name, l->town, false);
    const int counts[] = {r->branches, r->pass, r->rectify, r->fail, r->unreviewed};
    for (int k = 0; k < K_COLS; k++) {
        if (!l->shown[k]) continue;
        if (k <= K_NONE) num(pg, counts[k], KCOL[k].width);
        else if (k == K_SHARE) ratio(pg, r->pass_share, KCOL[k].width);
        else if (k == K_ONTIME) ratio(pg, r->on_time, KCOL[k].width);
        else if (k == K_OVERTURN) ratio(pg, r->overturn, KCOL[k].width);
        else num(pg, r->behind, KCOL[k].width);
    }
    export_page_put(pg, "\n");
}

static void trend_table(struct export_page *pg, const struct circ_doc *d, const struct layout *l)
{
    const struct circ_result *res = d->res;
    int k0 = res->ntrend > l->months ? res->ntrend - l->months : 0;
    /* by code: the input's order */
    cell(pg, "乡镇", l->town, false);
    for (int k = k0; k < res->ntrend; k++) {
        struct zmonth m = zmonth_add(res->trend_first, k);
        char b[24];
        if (k == k0 || m.month == 1) snprintf(b, sizeof b, "%02d/%02d", m.year % 100, m.month);
        else snprintf(b, sizeof b, "%d月", m.month);
        cell(pg, b, W_MONTH, true);
    }
    export_page_put(pg, "\n");
    for (int i = 0; i <= d->in->ntownships; i++) {
        const struct circ_row *r = &res->total;
        if (i < d->in->ntownships) {
            for (int j = 0; j < res->nrows; j++)
                if (res->rows[j].township == i) r = &res->rows[j];
        }
        cell(pg, i < d->in->ntownships ? d->in->townships[i].name : circ_scope_name(d), l->town, false);
        for (int k = k0; k < res->ntrend; k++) {
            char b[24];
            circ_ratio_text((struct circ_ratio){r->trend_pass[k], r->trend_den[k]}, b, sizeof b);
            cell(pg, b, W_MONTH, true);
        }
        export_page_put(pg, "\n");
    }
}

void circular_text(FILE *f, const struct circ_doc *d, int width)
{
    struct export_page pg = {.f = f, .width = width};
    struct layout l;
    layout_of(width, &l);
    const struct circ_result *res = d->res;
    char title[160], buf[4096], date[48];
    circ_title(d->in->first, d->in->period_months, title, sizeof title);
    export_page_centered(&pg, title);
    export_page_put(&pg, "\n");
    circ_summary_text(d, buf, sizeof buf);
    export_page_paragraph(&pg, buf, 4, 0);
    export_page_put(&pg, "\n");

    export_page_put(&pg, "一、各乡镇排名\n");
    if (d->in->period_months == 3) export_page_put(&pg, "（合格、需整改、不合格、未审为支部·月数）\n");
    export_page_rule(&pg, '-');
    rank_head(&pg, &l);
    export_page_rule(&pg, '-');
    for (int i = 0; i < res->nrows; i++) rank_row(&pg, d, &res->rows[i], &l);
    if (res->nrows == 0) export_page_put(&pg, "（没有乡镇）\n");
    export_page_rule(&pg, '-');
    rank_row(&pg, d, &res->total, &l);
    export_page_put(&pg, "\n");

    snprintf(buf, sizeof buf, "二、连续未合格的支部（%d个）\n", res->nbehind);
    export_page_put(&pg, buf);
    if (res->nbehind == 0) export_page_put(&pg, "    无\n");
    for (int i = 0; i < res->nbehind; i++) {
        const struct circ_behind *b = &res->behind[i];
        const struct circ_branch *br = &d->in->branches[b->branch];
        char months[1024];
        circ_behind_months_text(d, b, months, sizeof months);
        snprintf(buf, sizeof buf, "%d. %s %s %s：连续%d个月未合格——%s", i + 1,
                 d->in->townships[br->township].name, br->code, br->name, b->months, months);
        export_page_paragraph(&pg, buf, 4, 8);
    }
    export_page_put(&pg, "\n");

    snprintf(buf, sizeof buf, "三、近%d个月合格率走势\n", res->ntrend);
    export_page_put(&pg, buf);
    trend_table(&pg, d, &l);
    export_page_put(&pg, "\n");

    export_page_put(&pg, "说明：\n");
    char note[512];
    for (int i = 0; circ_note(d, i, note, sizeof note); i++) {
        snprintf(buf, sizeof buf, "%d. %s", i + 1, circ_note(d, i, note, sizeof note));
        export_page_paragraph(&pg, buf, 4, 7);
    }
    export_page_put(&pg, "\n\n");
    const char *office = circ_office_name(d);
    int indent = width > 40 ? width - 30 : 2;
    export_page_spaces(&pg, indent);
    export_page_put(&pg, office);
    export_page_put(&pg, "\n");
    char iso[DATE_STR_LEN];
    date_format(d->issued, iso);
    export_chinese_date(iso, date, sizeof date);
    export_page_spaces(&pg, indent);
    export_page_put(&pg, date);
    export_page_put(&pg, "\n");
}

int circular_write_text(const struct circ_doc *d, const char *path, char *err, size_t errsz)
{
    struct export_file x;
    if (export_file_open(&x, path, false, err, errsz) != 0) return -1;
    circular_text(x.f, d, PAGE_WIDTH);
    export_file_io(&x, ferror(x.f));
    return export_file_close(&x, true, err, errsz);
}
