/* audit.c — `zhibu audit`: the monthly review of every branch (or one) as text, CSV or JSON on
 * stdout; and `zhibu report`: the month's report (月报) of every branch to .xlsx or CSV
 * (audit_report_write). The rules come from the config; the facts are loaded by the store in
 * bulk (store_audit_each) and judged by the engine (audit_branch) one branch at a time. */
#include "zhibu/cli.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "zhibu/args.h"
#include "zhibu/audit.h"
#include "zhibu/audit_report.h"
#include "zhibu/clock.h"
#include "zhibu/config.h"
#include "zhibu/csv.h"
#include "zhibu/date.h"
#include "zhibu/model.h"
#include "zhibu/store.h"
#include "zhibu/store_audit.h"
#include "zhibu/store_district.h"
#include "zhibu/store_exchange.h"
#include "zhibu/util.h"

static void audit_help(void)
{
    fputs("用法：zhibu audit [--db 路径] [--month YYYY-MM] [--branch 组织代码]\n"
          "                  --format text|csv|json\n"
          "\n"
          "按月审查支部工作（月审）：三会一课、主题党日、记录规范、党员管理、党费收缴、\n"
          "设岗定责六项，每项为 达标 / 未达标 / 待定，并给出问题及其依据的记录和得分\n"
          "（满分 100，未达标的项目按配置文件 [audit] 的权重扣分）。得分只供参考，审查意见由\n"
          "审查人作出。不给 --branch 时审查每个村（社区）支部（不含下设支部的党委）。\n"
          "月份未结束时，本月的要求为“待定”；不能审查未来的月份。\n"
          "\n"
          "输出格式：\n"
          "  text   每个支部一段：组织代码、名称、月份、得分，各项的状态、扣分和问题\n"
          "  csv    每个支部一行：branch_code, branch_name, month, meetings, theme_day,\n"
          "         records, members, dues, posts（pass / fail / pending）, score,\n"
          "         suggest（建议意见：pass / rectify / fail）\n"
          "  json   对象数组：branch_code, branch_name, month, score, suggest,\n"
          "         states（各项代码 → 状态）, reasons（item, text, fails, refs：\n"
          "         [{kind: meeting|member|holding|group, id}]）\n"
          "数据库中没有支部时：text 输出一行说明，csv 只有列名行，json 为 []，退出状态 0。\n"
          "\n"
          "区（县）的数据库（zhibu demo --district、zhibu init --office district）：每个支部\n"
          "另列所属乡镇，以及乡镇的审查意见和区县的复审意见（并列，pass / rectify / fail，\n"
          "没有意见时为空），按乡镇组织代码、支部组织代码排列：\n"
          "  csv    township_code, township（乡镇名称）在前，然后是上面的各列，再加\n"
          "         township_verdict, district_verdict（总评）, disagree（区县复审与乡镇结论\n"
          "         不同为 1，否则 0）, sent_back（退回乡镇为 1）, 各项的 township_<项目>,\n"
          "         district_<项目>（如 township_meetings, district_meetings，项目顺序同上）,\n"
          "         handed_in（已提交月报为 1）, open_orders（未确认的整改通知数）\n"
          "  json   每个对象另有 township_code, township, township_verdicts,\n"
          "         district_verdicts（项目代码和 overall → 意见，没有为 \"\"）, disagree,\n"
          "         sent_back, handed_in（布尔）, open_orders\n"
          "  text   每个支部一段前加一行：乡镇、乡镇结论、区县复审\n"
          "\n"
          "选项：\n"
          "  --db 路径          数据库文件（默认取配置文件 [database] path）\n"
          "  --month YYYY-MM    审查的月份（默认上个月）\n"
          "  --branch 代码      只审查这个支部\n"
          "  --format 格式      text、csv 或 json（必填）\n"
          "  -h, --help         显示本说明\n"
          "\n"
          "退出状态：0 成功，1 数据库或支部有问题，2 用法错误（含无效或未来的月份）。\n",
          stdout);
}

static void report_help(void)
{
    fputs("用法：zhibu report [--db 路径] [--month YYYY-MM] --out 文件.xlsx|文件.csv [--force]\n"
          "\n"
          "生成月报：每个村（社区）支部该月审查时的结果、审查意见和整改通知（各自针对的\n"
          "问题）、此后的变化和审后修改。审查员作出意见时，系统保存当时的审查结果；已审查\n"
          "的支部按审查时的结果列出，现在的结果不同之处另列；未审查的支部按现在的结果列出。\n"
          "格式由文件扩展名决定：\n"
          "  .xlsx  四张工作表：“汇总”每个支部一行（组织代码、支部名称、六项审查时的状态\n"
          "         （现在不同时注明，如“未达标（现达标）”）、得分、审查意见（总评；只有分项\n"
          "         意见时列出各项意见的数目；或“未审查”）、整改情况、提交月报日期、审后修改\n"
          "         处数、现状）；“问题清单”每个问题一行（支部、项目、审查时的问题、提交月报时\n"
          "         的情况说明、审查意见、整改要求、期限、整改状态、现状：仍存在 / 已消除 /\n"
          "         审后新出现）；“审后修改”每处修改一行（支部、记录、修改内容、原因、修改人、\n"
          "         时间）；“统计”为支部数，合格、需整改、不合格、仅分项审查、未审查的支部数，\n"
          "         审后修改处数，本月各类会议次数，党费应收、实收和收缴率，设岗人数和覆盖率\n"
          "  .csv   只含“汇总”，UTF-8 带 BOM，首行为中文列名\n"
          "文件先写入“文件.tmp”，完成后再改名，失败时不留下文件。数据库中没有支部时，\n"
          "月报只有列名行。\n"
          "\n"
          "选项：\n"
          "  --db 路径          数据库文件（默认取配置文件 [database] path）\n"
          "  --month YYYY-MM    月报的月份（默认上个月；不能是未来的月份）\n"
          "  --out 文件         输出文件，以 .xlsx 或 .csv 结尾（必填）；已有的文件不会被覆盖\n"
          "  --force            覆盖已有的输出文件\n"
          "  -h, --help         显示本说明\n"
          "\n"
          "退出状态：0 成功，1 数据库或写文件有问题（含输出文件已存在），2 用法错误（含无效\n"
          "或未来的月份）。\n",
          stdout);
}

/* --month's form, checked before the database is opened (first: the month given). Returns 0,
 * or the exit status of a usage error after printing it. */
static int parse_month(const char *cmd, const char *month, bool month_set, struct zdate *first)
{
    if (month_set && (!month || !month_parse(month, first)))
        return args_usage_error(cmd, "--month 应是 YYYY-MM 形式的月份，如 2026-10，而不是“%s”",
                                month ? month : "");
    return 0;
}

/* The month against today, once the database is open (today is the database's clock: a real
 * ledger's is the real date): last month when --month was not given; a future month is a usage
 * error (exit status returned after printing it). */
static int resolve_month(const char *cmd, const char *month, bool month_set, struct zdate today,
                         struct zdate *first)
{
    if (!month_set) {
        *first = date_add_months(date_month_start(today), -1);
        return 0;
    }
    if (date_cmp(*first, date_month_start(today)) > 0) {
        char t[DATE_STR_LEN];
        date_format(today, t);
        return args_usage_error(cmd, "不能审查未来的月份 %s（今天是 %s）", month, t);
    }
    return 0;
}

static int open_store(const char *cmd, const char *db, const struct config *cfg, struct store **st)
{
    char err[1024];
    struct store_options so = {
        .create = false,
        .backup_keep = cfg ? cfg->backup_keep : 10,
        .progress = cli_upgrade_progress,
    };
    if (store_open(db, &so, st, err, sizeof err) != STORE_OK) {
        cli_error(cmd, "%s", err);
        return 1;
    }
    return 0;
}

enum audit_format { AF_TEXT, AF_CSV, AF_JSON };

#define CSV_COLUMNS (3 + AI_COUNT + 2)
/* at a district: township_code, township, the columns above, township_verdict, district_verdict,
 * disagree, sent_back, township_<item> and district_<item> per item, handed_in, open_orders */
#define DISTRICT_COLUMNS (2 + CSV_COLUMNS + 4 + 2 * AI_COUNT + 2)

struct audit_out {
    enum audit_format format;
    struct audit_rules rules;
    long rows;
    bool write_failed;
    /* a district's database: its townships and both levels' verdicts of the month */
    bool district;
    struct store_district_rows drows;
    const struct district_row **by_branch;   /* drows by branch id */
};

static int row_by_branch(const void *a, const void *b)
{
    int64_t x = (*(const struct district_row *const *)a)->branch_id;
    int64_t y = (*(const struct district_row *const *)b)->branch_id;
    return x < y ? -1 : x > y;
}

/* The district's row of a branch (NULL: none). */
static const struct district_row *district_row_of(const struct audit_out *o, int64_t branch_id)
{
    struct district_row key = {.branch_id = branch_id};
    const struct district_row *k = &key;
    const struct district_row **hit = o->drows.n ? bsearch(&k, o->by_branch, (size_t)o->drows.n,
                                                           sizeof *o->by_branch, row_by_branch)
                                                 : NULL;
    return hit ? *hit : NULL;
}

static const char *const NO_VERDICTS[DISTRICT_ITEMS] = {"", "", "", "", "", "", ""};

static bool disagrees(const struct district_row *r)
{
    const char *t = r->township_verdict[DISTRICT_ITEMS - 1];
    const char *d = r->district_verdict[DISTRICT_ITEMS - 1];
    return d[0] && strcmp(t, d) != 0;
}

static int district_csv(struct audit_out *o, const struct audit_result *res, const struct branch *b,
                        const struct district_row *r)
{
    char month[24], score[16], orders[16];
    snprintf(month, sizeof month, "%04d-%02d", res->year, res->month);
    snprintf(score, sizeof score, "%d", res->score);
    snprintf(orders, sizeof orders, "%d", r ? r->open_orders : 0);
    const char *f[DISTRICT_COLUMNS];
    int k = 0;
    f[k++] = r ? r->township_code : "";
    f[k++] = r ? r->township_name : "";
    f[k++] = b->code;
    f[k++] = b->name;
    f[k++] = month;
    for (int i = 0; i < AI_COUNT; i++) f[k++] = audit_state_code(res->state[i]);
    f[k++] = score;
    f[k++] = audit_suggest_verdict(res, &o->rules);
    f[k++] = r ? r->township_verdict[DISTRICT_ITEMS - 1] : "";
    f[k++] = r ? r->district_verdict[DISTRICT_ITEMS - 1] : "";
    f[k++] = r && disagrees(r) ? "1" : "0";
    f[k++] = r && r->sent_back ? "1" : "0";
    for (int i = 0; i < AI_COUNT; i++) {
        f[k++] = r ? r->township_verdict[i] : NO_VERDICTS[i];
        f[k++] = r ? r->district_verdict[i] : NO_VERDICTS[i];
    }
    f[k++] = r && r->handed_in ? "1" : "0";
    f[k++] = orders;
    return csv_write_row(stdout, f, k);
}

static void district_csv_header(struct audit_out *o)
{
    static char names[2 * AI_COUNT][32];
    const char *h[DISTRICT_COLUMNS];
    int k = 0;
    h[k++] = "township_code";
    h[k++] = "township";
    h[k++] = "branch_code";
    h[k++] = "branch_name";
    h[k++] = "month";
    for (int i = 0; i < AI_COUNT; i++) h[k++] = AUDIT_ITEMS[i].code;
    h[k++] = "score";
    h[k++] = "suggest";
    h[k++] = "township_verdict";
    h[k++] = "district_verdict";
    h[k++] = "disagree";
    h[k++] = "sent_back";
    for (int i = 0; i < AI_COUNT; i++) {
        snprintf(names[2 * i], sizeof names[0], "township_%s", AUDIT_ITEMS[i].code);
        snprintf(names[2 * i + 1], sizeof names[0], "district_%s", AUDIT_ITEMS[i].code);
        h[k++] = names[2 * i];
        h[k++] = names[2 * i + 1];
    }
    h[k++] = "handed_in";
    h[k++] = "open_orders";
    if (csv_write_row(stdout, h, k) != 0) o->write_failed = true;
}

static int json_verdicts(FILE *f, const char *name, const char (*v)[12])
{
    if (fprintf(f, ", \"%s\": {", name) < 0) return -1;
    for (int i = 0; i < DISTRICT_ITEMS; i++) {
        const char *code = i < AI_COUNT ? AUDIT_ITEMS[i].code : "overall";
        if (fprintf(f, "%s\"%s\": ", i ? ", " : "", code) < 0 ||
            json_write_string(f, v ? v[i] : ""))
            return -1;
    }
    return fputc('}', f) == EOF ? -1 : 0;
}

/* The branch's object of the township's output with the district's fields before its "}". */
static int district_json(struct audit_out *o, const struct audit_result *res, const struct branch *b,
                         const struct district_row *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m) return -1;
    int rc = audit_result_json(m, res, &o->rules, b->code, b->name);
    if (fclose(m) != 0) rc = -1;
    while (rc == 0 && len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == ' ')) len--;
    if (rc == 0 && (len == 0 || buf[len - 1] != '}')) rc = -1;
    if (rc == 0 && fwrite(buf, 1, len - 1, stdout) != len - 1) rc = -1;
    free(buf);
    if (rc == 0 && (fputs(", \"township_code\": ", stdout) < 0 ||
                    json_write_string(stdout, r ? r->township_code : "") ||
                    fputs(", \"township\": ", stdout) < 0 ||
                    json_write_string(stdout, r ? r->township_name : "")))
        rc = -1;
    if (rc == 0) rc = json_verdicts(stdout, "township_verdicts", r ? r->township_verdict : NULL);
    if (rc == 0) rc = json_verdicts(stdout, "district_verdicts", r ? r->district_verdict : NULL);
    if (rc == 0 && printf(", \"disagree\": %s, \"sent_back\": %s, \"handed_in\": %s,"
                          " \"open_orders\": %d}",
                          r && disagrees(r) ? "true" : "false", r && r->sent_back ? "true" : "false",
                          r && r->handed_in ? "true" : "false", r ? r->open_orders : 0) < 0)
        rc = -1;
    return rc;
}

static const char *verdict_words(const char *code)
{
    return code[0] ? code_label_of(VERDICTS, code) : "无";
}

/* Writes one branch's result; returns non-zero once writing failed. */
static int audit_write(struct audit_out *o, const struct audit_result *res, const struct branch *b)
{
    int rc = 0;
    const struct district_row *r = o->district ? district_row_of(o, b->id) : NULL;
    switch (o->format) {
    case AF_TEXT:
        if (o->rows > 0 && putchar('\n') == EOF) rc = -1;
        if (rc == 0 && o->district &&
            printf("乡镇：%s（%s）  乡镇结论：%s  区县复审：%s%s\n",
                   r && r->township_id ? r->township_name : "未登记",
                   r && r->township_id ? r->township_code : "—",
                   verdict_words(r ? r->township_verdict[DISTRICT_ITEMS - 1] : ""),
                   verdict_words(r ? r->district_verdict[DISTRICT_ITEMS - 1] : ""),
                   r && r->sent_back ? "（已退回乡镇）" : "") < 0)
            rc = -1;
        if (rc == 0) audit_result_text(stdout, res, b->code, b->name);
        break;
    case AF_CSV: {
        if (o->district) {
            rc = district_csv(o, res, b, r);
            break;
        }
        char month[24], score[16];
        snprintf(month, sizeof month, "%04d-%02d", res->year, res->month);
        snprintf(score, sizeof score, "%d", res->score);
        const char *f[CSV_COLUMNS];
        f[0] = b->code;
        f[1] = b->name;
        f[2] = month;
        for (int i = 0; i < AI_COUNT; i++) f[3 + i] = audit_state_code(res->state[i]);
        f[3 + AI_COUNT] = score;
        f[4 + AI_COUNT] = audit_suggest_verdict(res, &o->rules);
        rc = csv_write_row(stdout, f, CSV_COLUMNS);
        break;
    }
    case AF_JSON:
        if (o->rows > 0 && fputs(",\n", stdout) < 0) rc = -1;
        if (rc == 0 && o->district) rc = district_json(o, res, b, r);
        else if (rc == 0) rc = audit_result_json(stdout, res, &o->rules, b->code, b->name);
        break;
    }
    o->rows++;
    if (rc != 0 || ferror(stdout)) o->write_failed = true;
    return o->write_failed ? 1 : 0;
}

/* At a district, the branches by township code, then branch code. */
static const struct audit_out *sort_out;
static const struct branch *sort_bs;
static int by_township(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    const struct district_row *rx = district_row_of(sort_out, sort_bs[x].id);
    const struct district_row *ry = district_row_of(sort_out, sort_bs[y].id);
    int c = strcmp(rx ? rx->township_code : "", ry ? ry->township_code : "");
    return c ? c : strcmp(sort_bs[x].code, sort_bs[y].code);
}

static int audit_all(const struct audit_input *ins, const struct branch *bs, int n, void *ctx)
{
    struct audit_out *o = ctx;
    struct audit_result *res = xcalloc((size_t)(n > 0 ? n : 1), sizeof *res);
    int *order = xcalloc((size_t)(n > 0 ? n : 1), sizeof *order);
    for (int i = 0; i < n; i++) order[i] = i;
    if (o->district && n > 1) {
        sort_out = o;
        sort_bs = bs;
        qsort(order, (size_t)n, sizeof *order, by_township);
    }
    audit_branches(ins, n, &o->rules, res);
    for (int k = 0; k < n; k++) {
        int i = order[k];
        if (!o->write_failed) audit_write(o, &res[i], &bs[i]);
    }
    for (int i = 0; i < n; i++) audit_result_free(&res[i]);
    free(order);
    free(res);
    return o->write_failed ? 1 : 0;
}

int cli_audit(int argc, char **argv, const struct config *cfg)
{
    const char *db = NULL, *branch = NULL, *month = NULL, *format_txt = NULL;
    bool help = false, month_set = false;
    const struct args_option opts[] = {
        {.name = "db", .kind = ARGS_VALUE, .value = &db},
        {.name = "branch", .kind = ARGS_VALUE, .value = &branch},
        {.name = "month", .kind = ARGS_VALUE, .value = &month, .set = &month_set},
        {.name = "format", .kind = ARGS_VALUE, .value = &format_txt},
        {.name = "help", .kind = ARGS_FLAG, .set = &help},
        {0},
    };
    char err[1024];
    int npos;
    if (args_parse(argc, argv, opts, NULL, 0, &npos, err, sizeof err) != 0)
        return args_usage_error("audit", "%s", err);
    if (help) {
        audit_help();
        return 0;
    }
    struct audit_out o = {0};
    if (!format_txt) return args_usage_error("audit", "缺少 --format：请指定 text、csv 或 json");
    if (strcmp(format_txt, "text") == 0) o.format = AF_TEXT;
    else if (strcmp(format_txt, "csv") == 0) o.format = AF_CSV;
    else if (strcmp(format_txt, "json") == 0) o.format = AF_JSON;
    else return args_usage_error("audit", "--format 应是 text、csv 或 json，而不是“%s”", format_txt);
    struct zdate first = {0};
    int urc = parse_month("audit", month, month_set, &first);
    if (urc) return urc;
    if (branch && !*branch) return args_usage_error("audit", "--branch 不能为空");
    if (!db || !*db) db = cfg ? cfg->db_path : NULL;
    if (!db || !*db) return args_usage_error("audit", "缺少 --db：请指定数据库文件");

    struct store *st;
    if (open_store("audit", db, cfg, &st) != 0) return 1;
    struct zdate today = clock_today();
    if ((urc = resolve_month("audit", month, month_set, today, &first)) != 0) {
        store_close(st);
        return urc;
    }
    int64_t branch_id = 0;
    if (branch) {
        struct branch b;
        int rc = store_branch_by_code(st, branch, &b);
        if (rc != STORE_OK) {
            if (rc == STORE_ERR_NOT_FOUND) cli_error("audit", "没有组织代码为 %s 的支部", branch);
            else cli_store_error("audit", "读取支部失败", st);
            store_close(st);
            return 1;
        }
        branch_id = b.id;
    }
    o.rules = cfg->rules.audit;
    char kind[16] = "";
    if (store_office_get_kind(st, kind, sizeof kind) == STORE_OK && strcmp(kind, "district") == 0) {
        if (store_district_month(st, zmonth_of_date(first), &o.drows) != STORE_OK) {
            cli_store_error("audit", "读取乡镇和复审意见失败", st);
            store_close(st);
            return 1;
        }
        o.district = true;
        o.by_branch = xcalloc((size_t)o.drows.n + 1, sizeof *o.by_branch);
        for (int i = 0; i < o.drows.n; i++) o.by_branch[i] = &o.drows.v[i];
        qsort(o.by_branch, (size_t)o.drows.n, sizeof *o.by_branch, row_by_branch);
    }

    if (o.format == AF_CSV && o.district) {
        district_csv_header(&o);
    } else if (o.format == AF_CSV) {
        const char *h[CSV_COLUMNS];
        h[0] = "branch_code";
        h[1] = "branch_name";
        h[2] = "month";
        for (int i = 0; i < AI_COUNT; i++) h[3 + i] = AUDIT_ITEMS[i].code;
        h[3 + AI_COUNT] = "score";
        h[4 + AI_COUNT] = "suggest";
        if (csv_write_row(stdout, h, CSV_COLUMNS) != 0) o.write_failed = true;
    } else if (o.format == AF_JSON) {
        if (fputs("[", stdout) < 0) o.write_failed = true;
    }
    int status = 0;
    if (!o.write_failed) {
        int rc = store_audit_all(st, branch_id, zmonth_of_date(first), today, audit_all, &o);
        if (rc != STORE_OK && !o.write_failed) {
            cli_store_error("audit", "读取数据失败", st);
            status = 1;
        }
    }
    if (o.format == AF_JSON && !o.write_failed && fputs("]\n", stdout) < 0) o.write_failed = true;
    if (o.format == AF_TEXT && status == 0 && !o.write_failed && o.rows == 0 &&
        puts("（数据库中没有可审查的支部）") < 0)
        o.write_failed = true;
    if (fflush(stdout) != 0 || ferror(stdout)) o.write_failed = true;
    if (o.write_failed) {
        cli_error("audit", "写入标准输出失败");
        status = 1;
    }
    if (o.district) {
        store_district_rows_free(&o.drows);
        free(o.by_branch);
    }
    store_close(st);
    return status;
}

int cli_report(int argc, char **argv, const struct config *cfg)
{
    const char *db = NULL, *month = NULL, *out = NULL;
    bool help = false, month_set = false, force = false;
    const struct args_option opts[] = {
        {.name = "db", .kind = ARGS_VALUE, .value = &db},
        {.name = "month", .kind = ARGS_VALUE, .value = &month, .set = &month_set},
        {.name = "out", .kind = ARGS_VALUE, .value = &out},
        {.name = "force", .kind = ARGS_FLAG, .set = &force},
        {.name = "help", .kind = ARGS_FLAG, .set = &help},
        {0},
    };
    char err[1024];
    int npos;
    if (args_parse(argc, argv, opts, NULL, 0, &npos, err, sizeof err) != 0)
        return args_usage_error("report", "%s", err);
    if (help) {
        report_help();
        return 0;
    }
    if (!out || !*out) return args_usage_error("report", "缺少 --out：请指定输出文件（.xlsx 或 .csv）");
    const char *dot = strrchr(out, '.'), *slash = strrchr(out, '/');
    if (!dot || (slash && dot < slash) || (strcasecmp(dot, ".xlsx") != 0 && strcasecmp(dot, ".csv") != 0))
        return args_usage_error("report", "--out 应以 .xlsx 或 .csv 结尾，而不是“%s”", out);
    struct zdate first = {0};
    int urc = parse_month("report", month, month_set, &first);
    if (urc) return urc;
    if (!db || !*db) db = cfg ? cfg->db_path : NULL;
    if (!db || !*db) return args_usage_error("report", "缺少 --db：请指定数据库文件");
    if (cli_refuse_overwrite("report", out, force)) return 1;

    struct store *st;
    if (open_store("report", db, cfg, &st) != 0) return 1;
    struct zdate today = clock_today();
    if ((urc = resolve_month("report", month, month_set, today, &first)) != 0) {
        store_close(st);
        return urc;
    }
    struct audit_rules rules;
    rules = cfg->rules.audit;
    int status = 0;
    if (audit_report_write(st, zmonth_of_date(first), today, &rules, out, err, sizeof err) != 0) {
        cli_error("report", "%s", err);
        status = 1;
    }
    store_close(st);
    return status;
}
