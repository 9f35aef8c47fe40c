/* export.c — `zhibu export meetings`: one branch's meeting records to .xlsx, CSV or JSON,
 * the same files F9 writes from the meeting list (meetings_export in src/export/). */
#include "zhibu/cli.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "zhibu/args.h"
#include "zhibu/config.h"
#include "zhibu/date.h"
#include "zhibu/meeting.h"
#include "zhibu/meeting_export.h"
#include "zhibu/model.h"
#include "zhibu/store.h"
#include "zhibu/store_meeting.h"

static void print_help(void)
{
    fputs("用法：zhibu export meetings [--db 路径] --branch 组织代码 [--month YYYY-MM]\n"
          "                            [--kind 类型] [--include-voided] --out 文件\n"
          "\n"
          "把一个支部的会议记录导出为文件，按会议日期从早到晚，格式由文件扩展名决定：\n"
          "  .xlsx   两张工作表：“会议记录”每条记录一行（组织代码、日期、起止时间、会议类型、\n"
          "          同时计为、党小组、议题、地点、主持人、记录人、主讲人、应到、实到、请假、\n"
          "          缺席、法定人数、标记、缺少要素、录入时间、录入人），“出席情况”每名应到\n"
          "          人员一行（姓名、职务、表决权、出席情况、原因）\n"
          "  .csv    只含“会议记录”一张表的内容（出席情况请导出 .xlsx 或 .json）；UTF-8 带\n"
          "          BOM，首行为中文列名\n"
          "  .json   对象数组，含议题、会议内容、决议及表决和出席名单\n"
          "文件先写入“文件.tmp”，完成后再改名，失败时不留下文件。\n"
          "\n"
          "选项：\n"
          "  --db 路径          数据库文件（默认取配置文件 [database] path）\n"
          "  --branch 代码      支部的组织代码（必填）\n"
          "  --month YYYY-MM    只导出该月的会议\n"
          "  --kind 类型        只导出该类会议（含同时计为该类的）：general, committee, group,\n"
          "                     lecture, theme_day, life_meeting, appraisal, talk, other\n"
          "  --include-voided   包括已作废的记录\n"
          "  --out 文件         输出文件，以 .xlsx、.csv 或 .json 结尾（必填）\n"
          "  -h, --help         显示本说明\n"
          "\n"
          "退出状态：0 成功，1 数据库、支部或写文件有问题，2 用法错误。\n",
          stdout);
}

int cli_export(int argc, char **argv, const struct config *cfg)
{
    const char *db = NULL, *branch = NULL, *month = NULL, *kind_txt = NULL, *out = NULL;
    bool help = false, include_voided = false, month_set = false;
    const struct args_option opts[] = {
        {.name = "db", .kind = ARGS_VALUE, .value = &db},
        {.name = "branch", .kind = ARGS_VALUE, .value = &branch},
        {.name = "month", .kind = ARGS_VALUE, .value = &month, .set = &month_set},
        {.name = "kind", .kind = ARGS_VALUE, .value = &kind_txt},
        {.name = "include-voided", .kind = ARGS_FLAG, .set = &include_voided},
        {.name = "out", .kind = ARGS_VALUE, .value = &out},
        {.name = "help", .kind = ARGS_FLAG, .set = &help},
        {0},
    };
    const char *pos[1];
    int npos;
    char err[1024];
    if (args_parse(argc, argv, opts, pos, 1, &npos, err, sizeof err) != 0)
        return args_usage_error("export", "%s", err);
    if (help) {
        print_help();
        return 0;
    }
    if (npos == 0) return args_usage_error("export", "请指定要导出的内容：meetings");
    if (strcmp(pos[0], "meetings") != 0)
        return args_usage_error("export", "不能导出“%s”，可导出的内容：meetings", pos[0]);
    if (!branch || !*branch) return args_usage_error("export", "缺少 --branch：请指定支部的组织代码");
    if (!out || !*out) return args_usage_error("export", "缺少 --out：请指定输出文件");
    if (export_format_of_path(out) < 0)
        return args_usage_error("export", "--out 应以 .xlsx、.csv 或 .json 结尾，而不是“%s”", out);
    int kind = -1;
    if (kind_txt) {
        kind = meeting_kind_of_code(kind_txt);
        if (kind < 0) return args_usage_error("export", "--kind 不是已知的会议类型：“%s”", kind_txt);
    }
    char from[DATE_STR_LEN] = "", to[DATE_STR_LEN] = "";
    if (month_set) {
        struct zdate first;
        if (!month || !month_parse(month, &first))
            return args_usage_error("export", "--month 应是 YYYY-MM 形式的月份，如 2026-11，而不是“%s”",
                                    month ? month : "");
        date_format(first, from);
        date_format(date_month_end(first), to);
    }
    if (!db || !*db) db = cfg ? cfg->db_path : NULL;
    if (!db || !*db) return args_usage_error("export", "缺少 --db：请指定数据库文件");

    struct store_options so = {
        .create = false,
        .backup_dir = cfg ? cfg->backup_dir : NULL,
        .backup_keep = cfg ? cfg->backup_keep : 10,
    };
    struct store *st;
    if (store_open(db, &so, &st, err, sizeof err) != STORE_OK) {
        fprintf(stderr, "zhibu export: %s\n", err);
        return 1;
    }
    struct branch b = {0};
    int rc = store_branch_by_code(st, branch, &b);
    if (rc != STORE_OK) {
        if (rc == STORE_ERR_NOT_FOUND)
            fprintf(stderr, "zhibu export: 没有组织代码为 %s 的支部\n", branch);
        else
            fprintf(stderr, "zhibu export: 读取支部失败：%s\n", store_errmsg(st));
        store_close(st);
        return 1;
    }
    struct meeting_filter f = {
        .branch_id = b.id,
        .kind = kind,
        .from = from,
        .to = to,
        .include_voided = include_voided,
    };
    int status = 0;
    if (meetings_export(st, &f, out, cfg ? cfg->late_entry_days : 7, err, sizeof err) != 0) {
        fprintf(stderr, "zhibu export: %s\n", err);
        status = 1;
    }
    store_close(st);
    return status;
}
