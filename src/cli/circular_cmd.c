/* circular_cmd.c — `zhibu circular`: the district's 通报 for a month or a quarter, to .xlsx (A4,
 * to print and stamp) or a text page (circular.h for the figures, circular_export.h for the
 * files). */
#include "zhibu/cli.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "zhibu/args.h"
#include "zhibu/circular.h"
#include "zhibu/circular_export.h"
#include "zhibu/clock.h"
#include "zhibu/config.h"
#include "zhibu/date.h"
#include "zhibu/store.h"
#include "zhibu/store_circular.h"
#include "zhibu/store_office.h"

#define CMD "circular"

static void circular_help(void)
{
    fputs("用法：zhibu circular [--db 路径] --month YYYY-MM|--quarter YYYY-Qn\n"
          "                     --out 文件.xlsx|文件.txt [--force]\n"
          "\n"
          "生成区（县）的通报：《关于YYYY年M月（或第N季度）执行月审月报制度情况的通报》。\n"
          "只有区（县）的数据库可以生成通报；指导站督查员只看到本站的乡镇。\n"
          "内容：\n"
          "  各乡镇排名  依次按复审后合格率（高者在前）、按期整改率（高者在前）、复审改判率\n"
          "              （低者在前）排列，三项都相同的并列，按乡镇组织代码排列；无数据的\n"
          "              （“—”）排在有数据的之后\n"
          "  连续未合格  复审后连续两个月及以上（配置文件 [audit] circular_behind_months）\n"
          "              未合格（含未审）、直到本期最后一个月的支部，列出乡镇和各月结论\n"
          "  走势        各乡镇和全区最近 12 个月（[audit] circular_trend_months）的合格率\n"
          "复审后结论：区委组织部复审过的以复审结论为准，否则以乡镇结论为准，都没有的为\n"
          "“未审”，不算合格；乡镇开始报送（第一次有结论）以前的月份不计入。季度通报把\n"
          "三个月合在一起，按“支部·月”计。\n"
          "按期整改率：整改期限在本期内且已到期的整改通知中，在期限当日或之前完成的比例。\n"
          "复审改判率：乡镇和区委组织部都有结论的支部（月）中，两者结论不同的比例。\n"
          "格式由文件扩展名决定：\n"
          "  .xlsx  A4 横向，可直接打印盖章：工作表“通报”（标题、发文单位和日期、概况、排名\n"
          "         表（每页重复表头）、说明、落款和盖章位置），“连续未合格支部”（附件1），\n"
          "         “合格率走势”（附件2）；页脚有页码\n"
          "  .txt   同样内容的纯文本（UTF-8），各列按显示宽度对齐\n"
          "文件先写入“文件.tmp”，完成后再改名，失败时不留下文件。\n"
          "\n"
          "选项：\n"
          "  --db 路径            区（县）的数据库文件（默认取配置文件 [database] path）\n"
          "  --month YYYY-MM      通报的月份（不能是未来的月份）\n"
          "  --quarter YYYY-Qn    通报的季度，n 为 1–4（第1季度为1–3月；不能是未来的季度）\n"
          "  --out 文件           输出文件，以 .xlsx 或 .txt 结尾（必填）；已有的文件不会被覆盖\n"
          "  --force              覆盖已有的输出文件\n"
          "  -h, --help           显示本说明\n"
          "--month 和 --quarter 必须给一个，且只能给一个。\n"
          "\n"
          "退出状态：0 成功，1 数据库或写文件有问题（含不是区（县）的数据库、输出文件已存在），\n"
          "2 用法错误（含无效或未来的月份、季度）。\n",
          stdout);
}

/* "YYYY-Qn", n 1..4, strictly: the quarter's first month. */
static bool quarter_parse(const char *s, struct zmonth *first)
{
    if (!s || strlen(s) != 7 || s[4] != '-' || (s[5] != 'Q' && s[5] != 'q') || s[6] < '1' || s[6] > '4')
        return false;
    char y[8];
    snprintf(y, sizeof y, "%.4s-01", s);
    struct zmonth m;
    if (!zmonth_parse(y, &m)) return false;
    m.month = (s[6] - '0' - 1) * 3 + 1;
    *first = m;
    return true;
}

int cli_circular(int argc, char **argv, const struct config *cfg)
{
    const char *db = NULL, *month = NULL, *quarter = NULL, *out = NULL;
    bool help = false, month_set = false, quarter_set = false, force = false;
    const struct args_option opts[] = {
        {.name = "db", .kind = ARGS_VALUE, .value = &db},
        {.name = "month", .kind = ARGS_VALUE, .value = &month, .set = &month_set},
        {.name = "quarter", .kind = ARGS_VALUE, .value = &quarter, .set = &quarter_set},
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
        circular_help();
        return 0;
    }
    if (month_set == quarter_set)
        return args_usage_error(CMD, "请给出 --month YYYY-MM 或 --quarter YYYY-Qn 中的一个（不能%s）",
                                month_set ? "两个都给" : "都不给");
    struct zmonth first;
    int period = month_set ? 1 : 3;
    if (month_set && (!month || !zmonth_parse(month, &first)))
        return args_usage_error(CMD, "--month 应是 YYYY-MM 形式的月份，如 2026-10，而不是“%s”",
                                month ? month : "");
    if (quarter_set && !quarter_parse(quarter, &first))
        return args_usage_error(CMD, "--quarter 应是 YYYY-Qn 形式的季度（n 为 1–4），如 2026-Q3，而不是“%s”",
                                quarter ? quarter : "");
    if (!out || !*out) return args_usage_error(CMD, "缺少 --out：请指定输出文件（.xlsx 或 .txt）");
    const char *dot = strrchr(out, '.'), *slash = strrchr(out, '/');
    bool xlsx = dot && (!slash || dot > slash) && strcasecmp(dot, ".xlsx") == 0;
    bool txt = dot && (!slash || dot > slash) && strcasecmp(dot, ".txt") == 0;
    if (!xlsx && !txt) return args_usage_error(CMD, "--out 应以 .xlsx 或 .txt 结尾，而不是“%s”", out);
    if (!db || !*db) db = cfg ? cfg->db_path : NULL;
    if (!db || !*db) return args_usage_error(CMD, "缺少 --db：请指定数据库文件");
    if (cli_refuse_overwrite(CMD, out, force)) return 1;

    struct store *st = cli_open_db(CMD, db, cfg);
    if (!st) return 1;
    struct zdate today = clock_today();
    if (zmonth_cmp(first, zmonth_of_date(today)) > 0) {
        char t[DATE_STR_LEN];
        date_format(today, t);
        store_close(st);
        return args_usage_error(CMD, "不能通报未来的%s %s（今天是 %s）", month_set ? "月份" : "季度",
                                month_set ? month : quarter, t);
    }
    struct office_info office;
    if (store_office_get(st, &office) != STORE_OK) {
        cli_store_error(CMD, "读取本单位信息失败", st);
        store_close(st);
        return 1;
    }
    if (strcmp(office.kind, "district") != 0) {
        cli_error(CMD, "只有区（县）的数据库可以生成通报");
        store_close(st);
        return 1;
    }
    struct circular_rules rules = cfg->rules.circular;
    struct circ_data data;
    int rc = store_circular_load(st, first, period, &rules, today, &data);
    if (rc != STORE_OK) {
        cli_store_error(CMD, "读取数据失败", st);
        store_close(st);
        return 1;
    }
    struct circ_result res;
    int status = 0;
    if (circular_compute(&data.in, &rules, &res) != 0) {
        cli_error(CMD, "通报的数据不完整");
        status = 1;
    } else {
        struct circ_doc doc = {.in = &data.in, .res = &res, .office = data.office_name, .issued = today,
                               .scope = data.scope};
        int w = xlsx ? circular_write_xlsx(&doc, out, err, sizeof err)
                     : circular_write_text(&doc, out, err, sizeof err);
        if (w != 0) {
            cli_error(CMD, "%s", err);
            status = 1;
        }
        circular_result_free(&res);
    }
    store_circular_free(&data);
    store_close(st);
    return status;
}
