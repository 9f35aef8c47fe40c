/* exchange.c — 导入导出 (from 支部信息): export the current branch's ledger to a bundle file
 * (.zbx) for the township, export its verdicts back to the village (reviewer, administrator),
 * import a bundle (the file is checked first and its manifest shown before anything is
 * written; the report per table afterwards), and the imports this database received. The
 * work is the store's (store_exchange.h); this screen asks and shows. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/version.h"
#include "zhibu/date.h"
#include "zhibu/list_screen.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_exchange.h"
#include "zhibu/store_office.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

enum { A_EXPORT = 1, A_VERDICTS, A_IMPORT, A_SHOW, A_MONTH, A_TOWNSHIP };

static const struct ui_action exchange_actions[] = {
    {.id = A_EXPORT, .key = 'e', .label = "导出台账", .help = "把当前支部的台账导出为交换包（.zbx），交乡镇审查", .perm = STORE_PERM_ANY},
    {.id = A_VERDICTS, .key = 'v', .label = "导出结论", .help = "（审查员、管理员）把当前支部的审查结论和整改通知导出为交换包，送回村（社区）", .perm = STORE_PERM_EXPORT_VERDICTS},
    {.id = A_MONTH, .key = 'm', .label = "报送区县", .help = "（乡镇的审查员、管理员）把本乡镇一个月的各支部台账、审查结论和整改通知导出为月度交换包，报送区委组织部", .perm = STORE_PERM_EXPORT_VERDICTS},
    {.id = A_TOWNSHIP, .key = 't', .label = "发给乡镇", .help = "（区委组织部的审查员、管理员）把某个乡镇各支部的复审结论（含退回乡镇的问题）和督查记录导出为交换包，发给该乡镇", .perm = STORE_PERM_ANY},
    {.id = A_IMPORT, .key = 'i', .label = "导入", .help = "导入交换包：先检查文件，显示其中的支部和记录数，确认后导入，并列出各表的导入结果", .perm = STORE_PERM_ANY},
    {.id = A_SHOW, .key = UK_ENTER, .help = "查看所选导入记录的详情", .perm = STORE_PERM_ANY},
    {0},
};

static const struct ui_column exchange_columns[] = {
    {.title = "导入时间", .width = 16},
    {.title = "类型", .width = 4},
    {.title = "支部", .width = 10, .grow = 1},
    {.title = "导出时间", .width = 16},
    {.title = "结果", .width = 14},
};

/* The log grows with every import: the newest MAX_LOG are shown, and the title says when there
 * are more (one row more is read to know). */
#define MAX_LOG 100

struct exchange {
    struct ui_list list;
    struct bundle_log_entry *log;
    int n;
    bool more; /* older imports not shown */
    char office_kind[16];
};

/* ---- names as the user knows them ---- */

static const char *table_label(const char *table)
{
    return code_label_of(LEDGER_TABLES, table);
}

static const char *kind_label(enum exchange_kind k)
{
    return k == EXCHANGE_VERDICTS ? "审查结论" : "台账";
}

/* The kind of a logged import, short (the list's column of 4). */
static const char *log_kind_label(const struct bundle_log_entry *e)
{
    if (strcmp(e->kind_code, BUNDLE_KIND_MONTH) == 0) return "月报";
    if (strcmp(e->kind_code, BUNDLE_KIND_DISTRICT) == 0) return "复审";
    return e->kind == EXCHANGE_VERDICTS ? "结论" : "台账";
}

/* "YYYY-MM-DD HH:MM" of an ISO timestamp (UTC). */
static void short_time(const char *iso, char out[20])
{
    zb_strlcpy(out, iso, 20);
    if (strlen(out) >= 16) {
        out[10] = ' ';
        out[16] = '\0';
    }
}

/* Append to a heap text. */
static void add(char **buf, size_t *len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void add(char **buf, size_t *len, const char *fmt, ...)
{
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n > 0) {
        *buf = xrealloc(*buf, *len + (size_t)n + 1);
        vsnprintf(*buf + *len, (size_t)n + 1, fmt, again);
        *len += (size_t)n;
    }
    va_end(again);
}

/* ---- the list of imports ---- */

static void exchange_cell(void *ctx, int row, int column, char *buf, size_t bufsz)
{
    struct exchange *x = ctx;
    buf[0] = '\0';
    if (row < 0 || row >= x->n) return;
    const struct bundle_log_entry *e = &x->log[row];
    char t[20];
    switch (column) {
    case 0: short_time(e->imported_at, t); zb_strlcpy(buf, t, bufsz); break;
    case 1: zb_strlcpy(buf, log_kind_label(e), bufsz); break;
    case 2:
        if (strcmp(e->kind_code, BUNDLE_KIND_MONTH) == 0)
            snprintf(buf, bufsz, "乡镇 %s %s 月报", e->township, e->month);
        else if (strcmp(e->kind_code, BUNDLE_KIND_DISTRICT) == 0)
            snprintf(buf, bufsz, "区县复审、督查%s%s", e->month[0] ? " " : "", e->month);
        else
            zb_strlcpy(buf, e->branch_name[0] ? e->branch_name : e->branch_code, bufsz);
        break;
    case 3: short_time(e->exported_at, t); zb_strlcpy(buf, t, bufsz); break;
    case 4:
        if (e->added >= 0)
            snprintf(buf, bufsz, "新增%d 更新%d", e->added, e->updated > 0 ? e->updated : 0);
        break;
    default: break;
    }
}

static int load(struct screen *s)
{
    struct exchange *x = s->state;
    struct app *app = s->app;
    /* a secretary sees what came for their branch; the township every branch */
    int64_t branch = store_may(app->store, STORE_PERM_ALL_BRANCHES, 0) ? 0 : app->branch_id;
    struct store_bundle_log_list l;
    if (store_bundle_log_list(app->store, branch, MAX_LOG + 1, &l) != STORE_OK)
        screens_store_error(app, "读取导入记录失败");
    free(x->log);
    x->log = l.v;
    x->n = l.n;
    x->more = x->n > MAX_LOG;
    if (x->more) x->n = MAX_LOG;
    if (store_office_get_kind(app->store, x->office_kind, sizeof x->office_kind) != STORE_OK)
        x->office_kind[0] = '\0';
    return x->n;
}

static int exchange_init(struct screen *s, void *arg)
{
    (void)s;
    (void)arg;
    return 0;
}

static void exchange_release(struct screen *s)
{
    struct exchange *x = s->state;
    free(x->log);
}

static int exchange_top(struct screen *s, struct ui_rect body)
{
    struct exchange *x = s->state;
    struct app *app = s->app;
    char line[400];
    struct branch b;
    if (app->branch_id && store_branch_get(app->store, app->branch_id, &b) == STORE_OK)
        snprintf(line, sizeof line, "当前支部：%s %s", b.code, b.name); /* the code always shows */
    else
        snprintf(line, sizeof line, "当前支部：（无，可导入交换包）");
    ui_put(body.row, body.col + 1, body.cols - 1, line, UA_HEADER);
    snprintf(line, sizeof line, "本数据库：%s",
             strcmp(x->office_kind, "township") == 0 ? "乡镇（审查各支部，导入台账、导出审查结论）"
             : strcmp(x->office_kind, "village") == 0 ? "村（社区）（导出本支部台账、导入审查结论）"
             : strcmp(x->office_kind, "district") == 0 ? "区（县）（导入乡镇月报、复审、发回乡镇）"
                                                       : "（未设定）");
    ui_put(body.row + 1, body.col + 1, body.cols - 1, line, UA_NORMAL);
    ui_put(body.row + 2, body.col + 1, body.cols - 1,
           strcmp(x->office_kind, "district") == 0
               ? "i 导入乡镇月度交换包   t 发给乡镇（复审结论、督查记录）"
           : strcmp(x->office_kind, "township") == 0
               ? "e 导出台账  v 导出审查结论  m 报送区县  i 导入交换包（.zbx）"
               : "e 导出本支部台账   v 导出审查结论   i 导入交换包（.zbx）",
           UA_DIM);
    if (x->more)
        snprintf(line, sizeof line, "最近的导入（只显示最近 %d 次，更早的未列出）：", MAX_LOG);
    else
        snprintf(line, sizeof line, "最近的导入（%d 次）：", x->n);
    ui_put(body.row + 4, body.col + 1, body.cols - 1, line, UA_HEADER);
    return 5;
}

/* ---- export ---- */

/* The bundle's tables with their rows, as many to a line as fit COUNTS_COLS columns (a ledger
 * carries some thirty tables: four to a line pushed the dialog's question off a 24-row screen). */
#define COUNTS_COLS 66
static void counts_text(char **buf, size_t *len, const struct exchange_count *c, int n)
{
    int total = 0, col = 0;
    for (int i = 0; i < n; i++) total += c[i].rows;
    add(buf, len, "记录：共 %d 条\n", total);
    for (int i = 0; i < n; i++) {
        if (c[i].rows == 0) continue;
        char item[TEXT_SHORT];
        snprintf(item, sizeof item, "%s %d", table_label(c[i].table), c[i].rows);
        int w = text_width(item) + 2;
        if (col > 0 && col + w > COUNTS_COLS) {
            add(buf, len, "\n");
            col = 0;
        }
        add(buf, len, "%s%s", col ? "，" : "  ", item);
        col += w;
    }
    if (col) add(buf, len, "\n");
}

/* An export refused or failed: the store's sentence in a box and on the status line. */
static int export_failed(struct app *app)
{
    char msg[1200];
    snprintf(msg, sizeof msg, "%s", store_errmsg(app->store));
    ui_message("导出失败", msg);
    app_error(app, "未导出：%s", msg);
    return SR_REDRAW;
}
static int do_export(struct screen *s, enum exchange_kind kind)
{
    struct app *app = s->app;
    const char *what = kind_label(kind);
    if (!store_may_export(app->store, kind)) { /* the store would refuse: say so before asking */
        app_error(app, "只有审查员或管理员可以导出审查结论");
        return SR_REDRAW;
    }
    struct branch b;
    if (!app->branch_id || store_branch_get(app->store, app->branch_id, &b) != STORE_OK) {
        app_error(app, "还没有当前支部：请先在首页按 F4 选择支部，或导入交换包");
        return SR_REDRAW;
    }
    char day[9] = "";
    for (size_t i = 0, k = 0; app->today[i] && k < 8; i++)
        if (app->today[i] != '-') day[k++] = app->today[i];
    char path[1024];
    snprintf(path, sizeof path, "%s-%s%s.zbx", b.code, kind == EXCHANGE_VERDICTS ? "verdicts-" : "",
             day);
    char title[300];
    snprintf(title, sizeof title, "导出%s — %s", what, b.name);
    if (!ui_prompt(title, "保存为文件（不会覆盖已有的文件）：", path, sizeof path, 500, true)) {
        app_status(app, "未导出");
        return SR_REDRAW;
    }
    text_trim(path);
    struct bundle_manifest m;
    memset(&m, 0, sizeof m);
    if (store_bundle_export(app->store, b.id, kind, path, ZHIBU_VERSION, &m) != STORE_OK) {
        return export_failed(app);
    }
    char *text = xstrdup("");
    size_t len = 0;
    add(&text, &len, "已把%s（%s）的%s导出到：\n%s\n\n", b.name, b.code, what, path);
    counts_text(&text, &len, m.counts, m.ncounts);
    add(&text, &len, "\n把这个文件交给%s后，在那里的“导入导出”中导入。",
        kind == EXCHANGE_VERDICTS ? "村（社区）支部" : "乡镇审查员");
    ui_message("已导出", text);
    free(text);
    app_status(app, "已导出%s：%s", what, path);
    return SR_REDRAW;
}

/* ---- import ---- */

static void report_text(char **buf, size_t *len, const struct exchange_report *r)
{
    int width = 0;
    for (int i = 0; i < r->ntables; i++) {
        int w = text_width(table_label(r->t[i].table));
        if (w > width) width = w;
    }
    int sum[5] = {0};
    for (int i = 0; i < r->ntables; i++) {
        const struct exchange_table_report *t = &r->t[i];
        int v[5] = {t->added, t->updated, t->unchanged, t->kept, t->conflicts};
        for (int k = 0; k < 5; k++) sum[k] += v[k];
        if (!(v[0] | v[1] | v[2] | v[3] | v[4])) continue;
        const char *label = table_label(t->table);
        add(buf, len, "%s%*s 新增%6d  更新%6d  未变%6d  保留%5d  冲突%4d\n", label,
            width - text_width(label), "", v[0], v[1], v[2], v[3], v[4]);
    }
    add(buf, len, "合计：新增 %d，更新 %d，未变 %d，保留 %d，冲突 %d\n", sum[0], sum[1], sum[2],
        sum[3], sum[4]);
    if (r->journal_added) add(buf, len, "收到修改日志 %d 条\n", r->journal_added);
    if (r->amends) add(buf, len, "标为审后修改的记录：%d 项\n", r->amends);
}

/* ---- the district's bundles (store_exchange.h) ---- */

/* "YYYY-MM" of the month before today's (the month a township reports). */
static void last_month(const struct app *app, char out[8])
{
    struct zmonth m;
    char ym[8];
    zb_strlcpy(ym, app->today, sizeof ym);
    if (zmonth_parse(ym, &m)) zmonth_format(zmonth_add(m, -1), out);
    else out[0] = '\0';
}

static int do_export_month(struct screen *s)
{
    struct app *app = s->app;
    struct exchange *x = s->state;
    if (strcmp(x->office_kind, "township") != 0) {
        app_error(app, "只有乡镇的数据库可以报送区（县）");
        return SR_REDRAW;
    }
    char month[16];
    last_month(app, month);
    if (!ui_prompt("报送区县", "报送的月份（YYYY-MM）：", month, sizeof month, 7, true)) {
        app_status(app, "未导出");
        return SR_REDRAW;
    }
    text_trim(month);
    struct zmonth ym;
    if (!zmonth_parse(month, &ym)) {
        app_error(app, "月份无效（应为 YYYY-MM）：%s", month);
        return SR_REDRAW;
    }
    char path[1024];
    snprintf(path, sizeof path, "month-%s.zbx", month);
    if (!ui_prompt("报送区县", "保存为文件（不会覆盖已有的文件）：", path, sizeof path, 500, true)) {
        app_status(app, "未导出");
        return SR_REDRAW;
    }
    text_trim(path);
    struct month_manifest m;
    if (store_bundle_export_month(app->store, ym, path, ZHIBU_VERSION, &m) != STORE_OK) {
        return export_failed(app);
    }
    char *text = xstrdup("");
    size_t len = 0;
    add(&text, &len, "已把乡镇“%s”%s 的月度交换包导出到：\n%s\n\n支部 %d 个：\n", m.township_name,
        m.month, path, m.nparts / 2);
    for (int i = 0; i < m.nparts; i += 2)
        add(&text, &len, "  %s %s\n", m.parts[i].branch_code, m.parts[i].branch_name);
    add(&text, &len, "\n把这个文件交给区委组织部，在那里的“导入导出”中导入。");
    ui_message("已导出", text);
    free(text);
    app_status(app, "已导出月度交换包：%s", path);
    month_manifest_free(&m);
    return SR_REDRAW;
}

static int do_export_township(struct screen *s)
{
    struct app *app = s->app;
    struct exchange *x = s->state;
    if (strcmp(x->office_kind, "district") != 0) {
        app_error(app, "只有区（县）的数据库可以发给乡镇");
        return SR_REDRAW;
    }
    char code[32] = "", month[16] = "";
    if (!ui_prompt("发给乡镇", "乡镇的组织代码：", code, sizeof code, 20, true)) {
        app_status(app, "未导出");
        return SR_REDRAW;
    }
    text_trim(code);
    if (!ui_prompt("发给乡镇", "只含某月（YYYY-MM，留空为全部）：", month, sizeof month, 7, false)) {
        app_status(app, "未导出");
        return SR_REDRAW;
    }
    text_trim(month);
    struct zmonth ym;
    if (month[0] && !zmonth_parse(month, &ym)) {
        app_error(app, "月份无效（应为 YYYY-MM）：%s", month);
        return SR_REDRAW;
    }
    char path[1024];
    snprintf(path, sizeof path, "district-%s%s%s.zbx", code, month[0] ? "-" : "", month);
    if (!ui_prompt("发给乡镇", "保存为文件（不会覆盖已有的文件）：", path, sizeof path, 500, true)) {
        app_status(app, "未导出");
        return SR_REDRAW;
    }
    text_trim(path);
    struct month_manifest m;
    if (store_bundle_export_district(app->store, code, month[0] ? &ym : NULL, path,
                                     ZHIBU_VERSION, &m) != STORE_OK) {
        return export_failed(app);
    }
    char *text = xstrdup("");
    size_t len = 0;
    add(&text, &len, "已把给乡镇“%s”（%s）的复审结论 %d 条、督查记录 %d 条导出到：\n%s\n\n"
        "把这个文件交给该乡镇，在那里的“导入导出”中导入。", m.township_name, m.township_code,
        m.rows_verdicts, m.rows_spot, path);
    ui_message("已导出", text);
    free(text);
    app_status(app, "已导出给乡镇 %s：%s", m.township_code, path);
    return SR_REDRAW;
}

/* A month bundle (at a district) or a district bundle (at a township): checked, shown, asked,
 * imported, its report shown. */
static int import_district_kind(struct screen *s, const char *path)
{
    struct exchange *x = s->state;
    struct app *app = s->app;
    struct month_manifest m;
    char err[600];
    if (store_month_bundle_check(path, &m, err, sizeof err) != 0) {
        ui_message("无法导入", err);
        app_error(app, "未导入：%s", err);
        return SR_REDRAW;
    }
    bool month = strcmp(m.kind, BUNDLE_KIND_MONTH) == 0;
    char *text = xstrdup("");
    size_t len = 0;
    char t[20], office[TEXT_SHORT + 64];
    short_time(m.exported_at, t);
    office_describe(m.office_name, m.office_kind, office, sizeof office);
    if (month)
        add(&text, &len, "交换包：%s\n类型：乡镇月度交换包（%s）\n乡镇：%s%s%s%s\n支部：%d 个\n",
            path, m.month, m.township_name, m.township_code[0] ? "（" : "", m.township_code,
            m.township_code[0] ? "）" : "", m.nparts / 2);
    else
        add(&text, &len, "交换包：%s\n类型：区（县）的复审结论和督查记录%s%s\n给乡镇：%s（%s）\n"
            "复审结论 %d 条，督查记录 %d 条\n", path, m.month[0] ? "，" : "", m.month,
            m.township_name, m.township_code, m.rows_verdicts, m.rows_spot);
    add(&text, &len, "导出时间：%s（UTC），%s\n签名：%s，指纹 %s\n\n导入到本数据库？"
        "（须是已登记的%s；同一记录以较新的为准，不会回退）", t, m.exported_by, office,
        m.office_fingerprint, month ? "乡镇" : "上级区（县）");
    month_manifest_free(&m);
    bool go = ui_confirm(text);
    free(text);
    if (!go) {
        app_status(app, "未导入");
        return SR_REDRAW;
    }
    struct month_report r;
    int rc = month ? store_bundle_import_month(app->store, path, &m, &r)
                   : store_bundle_import_district(app->store, path, &m, &r);
    if (rc != STORE_OK) {
        ui_message("导入失败（数据库未改动）", r.problem[0] ? r.problem : store_errmsg(app->store));
        app_error(app, "未导入：%s", r.problem[0] ? r.problem : store_errmsg(app->store));
        month_manifest_free(&m);
        month_report_free(&r);
        return SR_REDRAW;
    }
    text = xstrdup("");
    len = 0;
    if (month) {
        add(&text, &len, "乡镇“%s”%s 的月度交换包已导入%s。\n\n", r.township_name, m.month,
            r.unchanged ? "（内容未变）" : "");
        for (int i = 0; i < r.nbranches; i++) {
            const struct month_branch_report *b = &r.b[i];
            add(&text, &len, "%s %s%s\n  台账 新增%d 更新%d 未变%d 保留%d；结论 新增%d 更新%d\n",
                b->branch_code, b->branch_name, b->branch_new ? "（新）" : "", b->ledger_added,
                b->ledger_updated, b->ledger_unchanged, b->ledger_kept, b->verdicts_added,
                b->verdicts_updated);
        }
    } else {
        add(&text, &len, "区（县）的复审结论和督查记录已导入%s。\n\n", r.unchanged ? "（内容未变）" : "");
        add(&text, &len, "复审结论：新增 %d，更新 %d，未变 %d，保留 %d\n", r.dv_added, r.dv_updated,
            r.dv_unchanged, r.dv_kept);
        add(&text, &len, "督查记录：新增 %d，更新 %d，未变 %d，保留 %d\n", r.sc_added, r.sc_updated,
            r.sc_unchanged, r.sc_kept);
    }
    ui_message("导入结果", text);
    free(text);
    app_status(app, "已导入%s", month ? "乡镇月度交换包" : "区（县）的交换包");
    month_manifest_free(&m);
    month_report_free(&r);
    list_screen_reload(s);
    ui_list_select(&x->list, 0);
    return SR_REDRAW;
}

static int do_import(struct screen *s)
{
    struct exchange *x = s->state;
    struct app *app = s->app;
    char path[1024] = "";
    if (!ui_prompt("导入交换包", "交换包文件（.zbx）：", path, sizeof path, 500, true)) {
        app_status(app, "未导入");
        return SR_REDRAW;
    }
    text_trim(path);
    char err[600], kind[16];
    if (store_bundle_peek_kind(path, kind, sizeof kind, err, sizeof err) == 0 &&
        (strcmp(kind, BUNDLE_KIND_MONTH) == 0 || strcmp(kind, BUNDLE_KIND_DISTRICT) == 0))
        return import_district_kind(s, path);
    struct bundle_manifest m;
    memset(&m, 0, sizeof m);
    if (store_bundle_check(path, &m, NULL, NULL, err, sizeof err) != 0) {
        ui_message("无法导入", err);
        app_error(app, "未导入：%s", err);
        return SR_REDRAW;
    }
    /* who signed it: ours, registered, or to be registered now (store_office.h) */
    struct office_sender who;
    if (store_office_sender(app->store, &m, &who) != STORE_OK) {
        ui_message("无法导入", store_errmsg(app->store));
        screens_store_error(app, "未导入");
        return SR_REDRAW;
    }
    if (who.state == OFFICE_SENDER_CHANGED || who.state == OFFICE_SENDER_REFUSED) {
        ui_message("无法导入", who.message);
        app_error(app, "未导入：%s", who.message);
        return SR_REDRAW;
    }
    char *text = xstrdup("");
    size_t len = 0;
    char t[20];
    short_time(m.exported_at, t);
    add(&text, &len, "交换包：%s\n类型：%s\n支部：%s（%s）\n导出时间：%s（UTC）\n导出人：%s\n", path,
        kind_label(m.kind), m.branch_name, m.branch_code, t, m.exported_by);
    char office[TEXT_SHORT + 64];
    office_describe(m.office_name, m.office_kind, office, sizeof office);
    if (who.state == OFFICE_SENDER_SELF)
        add(&text, &len, "签名：本单位，指纹 %s\n", m.office_fingerprint);
    else if (who.state == OFFICE_SENDER_KNOWN)
        add(&text, &len, "签名：已登记的%s，%s，指纹 %s\n", office_role_label(who.role), office,
            m.office_fingerprint);
    else
        add(&text, &len, "签名：%s，首次收到，尚未登记\n指纹：%s（请与对方电话核对）\n", office,
            m.office_fingerprint);
    counts_text(&text, &len, m.counts, m.ncounts);
    if (who.state == OFFICE_SENDER_NEW)
        add(&text, &len, "\n指纹一致？登记该单位为本支部的%s并导入？", office_role_label(who.role));
    else
        add(&text, &len, "\n导入到本数据库？（同一记录以较新的为准，不会回退）");
    bool go = ui_confirm(text);
    free(text);
    if (!go) {
        app_status(app, "未导入");
        return SR_REDRAW;
    }
    struct exchange_report rep;
    memset(&rep, 0, sizeof rep);
    const char *trust = who.state == OFFICE_SENDER_NEW ? m.office_fingerprint : NULL;
    if (store_bundle_import(app->store, path, trust, &m, &rep) != STORE_OK) {
        char msg[1200];
        if (rep.problem[0] && !strstr(store_errmsg(app->store), rep.problem))
            snprintf(msg, sizeof msg, "%s\n%s", store_errmsg(app->store), rep.problem);
        else
            snprintf(msg, sizeof msg, "%s", store_errmsg(app->store));
        ui_message("导入失败（数据库未改动）", msg);
        screens_store_error(app, "未导入");
        return SR_REDRAW;
    }
    if (!app->branch_id) screens_set_branch(app, rep.branch_id);
    text = xstrdup("");
    len = 0;
    add(&text, &len, "%s（%s）的%s已导入%s。\n", m.branch_name, m.branch_code, kind_label(m.kind),
        rep.branch_new ? "（本数据库新增此支部）" : "");
    if (trust)
        add(&text, &len, "已登记%s为本支部的%s，指纹 %s。\n", office, office_role_label(who.role),
            m.office_fingerprint);
    add(&text, &len, "\n");
    report_text(&text, &len, &rep);
    ui_message("导入结果", text);
    free(text);
    int added = 0, updated = 0;
    for (int i = 0; i < rep.ntables; i++) {
        added += rep.t[i].added;
        updated += rep.t[i].updated;
    }
    app_status(app, "已导入 %s：新增 %d 条，更新 %d 条", m.branch_name, added, updated);
    list_screen_reload(s);
    ui_list_select(&x->list, 0);
    return SR_REDRAW;
}

static int show_entry(struct screen *s)
{
    struct exchange *x = s->state;
    if (x->list.sel < 0 || x->list.sel >= x->n) {
        app_error(s->app, "还没有导入记录");
        return SR_REDRAW;
    }
    const struct bundle_log_entry *e = &x->log[x->list.sel];
    char *text = xstrdup("");
    size_t len = 0;
    char ti[20], te[20];
    short_time(e->imported_at, ti);
    short_time(e->exported_at, te);
    if (strcmp(e->kind_code, BUNDLE_KIND_MONTH) == 0)
        add(&text, &len, "类型：乡镇月度交换包\n乡镇：%s\n月份：%s\n", e->township, e->month);
    else if (strcmp(e->kind_code, BUNDLE_KIND_DISTRICT) == 0)
        add(&text, &len, "类型：区（县）的复审结论和督查记录\n月份：%s\n",
            e->month[0] ? e->month : "全部");
    else
        add(&text, &len, "类型：%s\n支部：%s（%s）\n", kind_label(e->kind), e->branch_name,
            e->branch_code);
    add(&text, &len, "导出：%s（UTC），%s\n来自单位：%.8s\n导入：%s（UTC），%s\n", te,
        e->exported_by, e->origin_office, ti, e->imported_by);
    if (e->added >= 0)
        add(&text, &len, "结果：新增 %d，更新 %d，未变 %d，保留 %d，冲突 %d\n", e->added,
            e->updated, e->unchanged, e->kept, e->conflicts);
    ui_message("导入记录", text);
    free(text);
    return SR_REDRAW;
}

static int exchange_act(struct screen *s, const struct ui_action *act)
{
    switch (act->id) {
    case A_EXPORT: return do_export(s, EXCHANGE_LEDGER);
    case A_VERDICTS: return do_export(s, EXCHANGE_VERDICTS);
    case A_IMPORT: return do_import(s);
    case A_SHOW: return show_entry(s);
    case A_MONTH: return do_export_month(s);
    case A_TOWNSHIP: return do_export_township(s);
    default: return SR_NONE;
    }
}

static const struct list_screen exchange_list = {
    .columns = exchange_columns, .ncolumns = (int)ZB_ARRAY_LEN(exchange_columns),
    .empty_text = "（本数据库还没有导入过交换包）", .init = exchange_init, .load = load, .top = exchange_top,
    .cell = exchange_cell, .act = exchange_act, .release = exchange_release,
};

const struct screen_ops exchange_screen = {
    .name = "exchange",
    .title = "导入导出",
    .manual = "交换数据包",
    .help_intro = "村（社区）与乡镇之间用交换包（.zbx 文件，可用U盘传递）交换台账：村里导出本支部台账，"
                  "乡镇导入后审查；乡镇导出审查结论，村里导入后可见。导入前先检查文件，不会覆盖对方"
                  "不该改的记录，也不会用旧的交换包回退较新的记录。乡镇每月按 m 把各支部的台账和审查结论"
                  "报送区委组织部（月度交换包）；区县按 t 把复审结论和督查记录发回乡镇。",
    .state_size = sizeof(struct exchange),
    .actions = exchange_actions,
    .back = "返回支部信息",
    LIST_SCREEN_OPS(exchange_list),
};
