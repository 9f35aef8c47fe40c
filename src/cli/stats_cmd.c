/* stats_cmd.c — `zhibu stats`: the 党内统计 tables of a year (core/stats.c, store_stats.h) as CSV
 * or JSON for scripts, or an .xlsx to print and send (stats_export.h). */
#include "zhibu/cli.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/args.h"
#include "zhibu/clock.h"
#include "zhibu/config.h"
#include "zhibu/date.h"
#include "zhibu/sheet.h"
#include "zhibu/stats.h"
#include "zhibu/stats_export.h"
#include "zhibu/store.h"
#include "zhibu/store_stats.h"

#define CMD "stats"

static void stats_help(void)
{
    fputs("用法：zhibu stats [--db 路径] --year YYYY [--branch 组织代码]\n"
          "                  --format csv|json|xlsx [--out 文件] [--force]\n"
          "\n"
          "党内统计：某一年度党员的构成和增减，按支部分列并合计（不给 --branch 时为数据库中的\n"
          "全部支部）。往年按 12 月 31 日的名册统计，本年度按今天的名册统计。\n"
          "内容：党员总数、正式党员、预备党员、男、女、流动党员；民族（汉族、少数民族及其\n"
          "构成、未填）；年龄（按党内统计年报的分段：30岁及以下、31至35岁、36至40岁、41至45岁、\n"
          "46至50岁、51至55岁、56至60岁、61至70岁、71岁及以上，出生日期未填的另列）；学历；\n"
          "人员类别；本年发展党员（入党日期在本年度内）；本年减少（离开名册日期在本年度内：\n"
          "转出、去世、出党、停止党籍、取消预备党员资格）。当天离开名册的，当天已不在名册中。\n"
          "\n"
          "格式：\n"
          "  csv    UTF-8，首行为列名 year,as_of,branch_code,branch_name,section,item,label,count；\n"
          "         每个支部每项一行，最后是合计（branch_code 为空）；少数民族构成的 item 为\n"
          "         ethnic_group，label 为民族名称\n"
          "  json   {\"year\",\"as_of\",\"branches\":[{\"code\",\"name\",\"counts\",\"minorities\"}],\"total\"}\n"
          "  xlsx   A4 打印：每张表一个工作表（基本情况、民族、年龄、学历、人员类别、本年发展和\n"
          "         减少），各支部一行，最后一行合计；须给 --out\n"
          "item 的代码：total full probationary male female mobile han minority\n"
          "ethnicity_unknown age_30 age_31_35 … age_61_70 age_71 age_unknown edu_primary …\n"
          "edu_doctor edu_unknown cat_worker … cat_other cat_unknown admitted left\n"
          "left_transferred left_deceased left_expelled left_suspended left_cancelled。\n"
          "\n"
          "选项：\n"
          "  --db 路径            数据库文件（默认取配置文件 [database] path）\n"
          "  --year YYYY          统计年度（不能是未来的年度）\n"
          "  --branch 组织代码    只统计这个支部\n"
          "  --format 格式        csv、json 或 xlsx\n"
          "  --out 文件           输出文件；csv、json 不给时写到标准输出；已有的文件不会被覆盖\n"
          "  --force              覆盖已有的输出文件\n"
          "  -h, --help           显示本说明\n"
          "\n"
          "退出状态：0 成功，1 数据库或写文件有问题（含没有这个支部、输出文件已存在），\n"
          "2 用法错误（含无效或未来的年度、无效的格式、xlsx 没有 --out）。\n",
          stdout);
}

enum fmt { F_CSV, F_JSON, F_XLSX };

/* CSV or JSON to out (through PATH.tmp: whole or not at all), or to standard output. */
static int write_text(const struct stats_doc *doc, enum fmt format, const char *out)
{
    if (!out) {
        int rc = format == F_CSV ? stats_write_csv(stdout, doc) : stats_write_json(stdout, doc);
        (void)rc; /* a write error is reported once, by cli_finish_stdout */
        return cli_finish_stdout(CMD);
    }
    char err[1024];
    struct export_file x;
    if (export_file_open(&x, out, false, err, sizeof err) != 0) {
        cli_error(CMD, "%s", err);
        return 1;
    }
    export_file_io(&x, format == F_CSV ? stats_write_csv(x.f, doc) : stats_write_json(x.f, doc));
    if (export_file_close(&x, true, err, sizeof err) != 0) {
        cli_error(CMD, "%s", err);
        return 1;
    }
    return 0;
}

int cli_stats(int argc, char **argv, const struct config *cfg)
{
    const char *db = NULL, *year_text = NULL, *branch_code = NULL, *format_text = NULL,
               *out = NULL;
    bool help = false, force = false, year_set = false;
    const struct args_option opts[] = {
        {.name = "db", .kind = ARGS_VALUE, .value = &db},
        {.name = "year", .kind = ARGS_VALUE, .value = &year_text, .set = &year_set},
        {.name = "branch", .kind = ARGS_VALUE, .value = &branch_code},
        {.name = "format", .kind = ARGS_VALUE, .value = &format_text},
        {.name = "out", .kind = ARGS_VALUE, .value = &out},
        {.name = "force", .kind = ARGS_FLAG, .set = &force},
        {.name = "help", .kind = ARGS_FLAG, .set = &help},
        {0},
    };
    char err[1024];
    int npos;
    if (args_parse(argc, argv, opts, NULL, 0, &npos, err, sizeof err) != 0)
        return args_usage_error(CMD, "%s", err);
    if (help) {
        stats_help();
        return 0;
    }
    if (!year_set) return args_usage_error(CMD, "缺少 --year：请给出统计年度，如 --year 2026");
    long year;
    struct zdate today = clock_today();
    if (!year_text || !args_parse_long(year_text, DATE_YEAR_MIN, DATE_YEAR_MAX, &year))
        return args_usage_error(CMD, "--year 应是四位数的年度，如 2026，而不是“%s”",
                                year_text ? year_text : "");
    if (!stats_year_ok((int)year, today))
        return args_usage_error(CMD, "不能统计未来的年度 %ld（今年是 %d 年）", year, today.y);
    if (!format_text) return args_usage_error(CMD, "缺少 --format：应是 csv、json 或 xlsx");
    enum fmt format;
    if (strcmp(format_text, "csv") == 0) format = F_CSV;
    else if (strcmp(format_text, "json") == 0) format = F_JSON;
    else if (strcmp(format_text, "xlsx") == 0) format = F_XLSX;
    else return args_usage_error(CMD, "--format 应是 csv、json 或 xlsx，而不是“%s”", format_text);
    if (out && !*out) out = NULL;
    if (format == F_XLSX && !out)
        return args_usage_error(CMD, "--format xlsx 须给出 --out 文件.xlsx");
    if (!db || !*db) db = cfg ? cfg->db_path : NULL;
    if (!db || !*db) return args_usage_error(CMD, "缺少 --db：请指定数据库文件");
    if (out && cli_refuse_overwrite(CMD, out, force)) return 1;

    struct store *st = cli_open_db(CMD, db, cfg);
    if (!st) return 1;
    int64_t branch_id = 0;
    if (branch_code) {
        struct branch b;
        int rc = store_branch_by_code(st, branch_code, &b);
        if (rc == STORE_ERR_NOT_FOUND) {
            cli_error(CMD, "没有组织代码为 %s 的支部", branch_code);
            store_close(st);
            return 1;
        }
        if (rc != STORE_OK) {
            cli_store_error(CMD, "读取支部失败", st);
            store_close(st);
            return 1;
        }
        branch_id = b.id;
    }
    struct stats_table t;
    struct store_branch_list branches;
    if (store_stats_year(st, branch_id, (int)year, &t, &branches) != STORE_OK) {
        cli_store_error(CMD, "读取数据失败", st);
        store_close(st);
        return 1;
    }
    struct stats_doc doc = {.t = &t, .branches = branches.v, .scope = "合计"};
    int status = 0;
    if (format == F_XLSX) {
        if (stats_write_xlsx(&doc, out, err, sizeof err) != 0) {
            cli_error(CMD, "%s", err);
            status = 1;
        }
    } else {
        status = write_text(&doc, format, out);
    }
    stats_free(&t);
    store_branch_list_free(&branches);
    store_close(st);
    return status;
}
