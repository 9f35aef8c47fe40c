/* export.c — `zhibu export meetings`: one branch's meeting records to .xlsx, CSV or JSON,
 * the same files F9 writes from the meeting list (meetings_export in src/export/); and
 * `zhibu export dues`: one branch's dues ledger for a year (and the month's collection
 * summary) to .xlsx or CSV (dues_export_year / dues_export_month); and `zhibu export notice`:
 * the public notice of the post scheme (公示明岗) as .xlsx, CSV or a page of text
 * (posts_notice_write); and `zhibu export members`: the roster as people print it, with Chinese
 * labels (members_export; `zhibu list members` keeps the codes for scripts). */
#include "zhibu/cli.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "zhibu/args.h"
#include "zhibu/clock.h"
#include "zhibu/config.h"
#include "zhibu/date.h"
#include "zhibu/dues.h"
#include "zhibu/rules.h"
#include "zhibu/dues_export.h"
#include "zhibu/meeting.h"
#include "zhibu/meeting_export.h"
#include "zhibu/members_export.h"
#include "zhibu/model.h"
#include "zhibu/posts_export.h"
#include "zhibu/store.h"
#include "zhibu/store_meeting.h"

static void print_help(void)
{
    fputs("用法：zhibu export meetings [--db 路径] --branch 组织代码 [--month YYYY-MM]\n"
          "                            [--kind 类型] [--include-voided] --out 文件 [--force]\n"
          "      zhibu export dues [--db 路径] --branch 组织代码 --year YYYY [--month YYYY-MM]\n"
          "                        --out 文件 [--force]\n"
          "      zhibu export notice [--db 路径] --branch 组织代码 [--date YYYY-MM-DD]\n"
          "                          [--width N] --out 文件 [--force]\n"
          "      zhibu export members [--db 路径] --branch 组织代码 [--all] --out 文件 [--force]\n"
          "\n"
          "== export meetings ==\n"
          "\n"
          "把一个支部的会议记录导出为文件，按会议日期从早到晚，格式由文件扩展名决定：\n"
          "  .xlsx   四张工作表：“会议记录”每条记录一行（组织代码、日期、起止时间、会议类型、\n"
          "          同时计为、党小组、议题、地点、主持人、记录人、主讲人、应到、实到、请假、\n"
          "          缺席、法定人数、标记、缺少要素、录入时间（本地时间，YYYY-MM-DD HH:MM）、\n"
          "          录入人（姓名）；经批准不计应到的不算应到），“出席情况”每名应到\n"
          "          人员一行（姓名、职务、表决权、出席情况、原因），“会议内容”每条\n"
          "          记录一行（议题、主持人、记录人、列席人员、会议内容），“决议”每项\n"
          "          决议一行（赞成、反对、弃权、有表决权应到、出席有表决权、表决结果：\n"
          "          赞成票超过有表决权应到人数一半为通过）。每张表首行为支部、表名和\n"
          "          所含月份，打印为 A4 横向，表格带框线\n"
          "  .csv    只含“会议记录”一张表的内容（出席情况请导出 .xlsx 或 .json）；UTF-8 带\n"
          "          BOM，首行为中文列名\n"
          "  .json   对象数组，含议题、会议内容、决议及表决和出席名单\n"
          "文件先写入“文件.tmp”，完成后再改名，失败时不留下文件。\n"
          "\n"
          "== export dues ==\n"
          "\n"
          "把一个支部一年的党费台账导出为文件，欠交情况以“今天”为准，规则取自配置文件 [dues]：\n"
          "  .xlsx   两张工作表：“党费台账”每名党员一行（姓名、党籍、党费类别、月缴纳基数、\n"
          "          月应交、1月至12月实交、全年实交、交至、欠交月数、欠交金额、状态：需谈话或\n"
          "          连续六个月未交 — 按自行脱党处理待支部研究），末行为合计；“收缴汇总”为\n"
          "          --month 所指月份（默认本月；须在 --year 之内）每名党员的应交、实交、未交及\n"
          "          合计。金额以元为单位的数字（两位小数）。每张表首行为支部、年份或月份，\n"
          "          打印为 A4，表格带框线\n"
          "  .csv    只含“党费台账”；给出 --month 时则只含该月的“收缴汇总”。UTF-8 带 BOM，\n"
          "          首行为中文列名，金额写作 35.50\n"
          "文件先写入“文件.tmp”，完成后再改名，失败时不留下文件。\n"
          "\n"
          "== export notice ==\n"
          "\n"
          "把一个支部的无职党员设岗定责公示（公示明岗）导出为文件：公示日期当天有效的岗位，\n"
          "每个岗位的类别、名称、岗位职责，当天在岗的党员及其承诺。格式由文件扩展名决定：\n"
          "  .xlsx   工作表“设岗定责公示”，每名在岗党员一行（暂无人认领的岗位也占一行）：\n"
          "          类别、岗位、岗位职责、在岗党员、承诺、认领日期；打印时页眉为公示标题\n"
          "  .csv    同样的内容，UTF-8 带 BOM，首行为中文列名\n"
          "  .txt    供张贴的公示文本，每行不超过 --width 列（汉字占两列）\n"
          "文件先写入“文件.tmp”，完成后再改名，失败时不留下文件。公示日期并不记入数据库\n"
          "（在界面中登记公示日期）。\n"
          "\n"
          "== export members ==\n"
          "\n"
          "把一个支部的党员名册导出为供打印的文件，按党小组、职务、姓名排序，取值为中文\n"
          "（供脚本处理的代码请用 zhibu list members）。列：序号、姓名、性别（男/女）、出生日期、\n"
          "民族、学历、入党日期、转正日期、党籍（正式党员/预备党员）、党小组、职务、党费类别\n"
          "（在职、离退休、农民、学生、下岗失业、低保）、流动党员（是/否）、联系电话；加 --all\n"
          "时在册党员之后列出已离开名册的党员，另有离开情况（转出、去世、出党、停止党籍、\n"
          "取消预备党员资格）和离开日期两列。日期为 YYYY-MM-DD。\n"
          "  .xlsx   工作表“党员名册”，首行为支部名称和日期，打印为 A4 横向，表格带框线\n"
          "  .csv    同样的列，UTF-8 带 BOM，首行为中文列名\n"
          "文件先写入“文件.tmp”，完成后再改名，失败时不留下文件。\n"
          "\n"
          "选项：\n"
          "  --db 路径          数据库文件（默认取配置文件 [database] path）\n"
          "  --branch 代码      支部的组织代码（必填）\n"
          "  --month YYYY-MM    meetings：只导出该月的会议；dues：收缴汇总的月份\n"
          "  --year YYYY        dues：台账的年份（必填）\n"
          "  --kind 类型        只导出该类会议（含同时计为该类的）：general, committee, group,\n"
          "                     lecture, theme_day, life_meeting, appraisal, talk, other\n"
          "  --include-voided   包括已作废的记录\n"
          "  --date YYYY-MM-DD  notice：公示日期（默认今天）\n"
          "  --width N          notice：.txt 的每行列数，40 到 200，默认 80\n"
          "  --all              members：也列出已离开名册的党员\n"
          "  --out 文件         输出文件，以 .xlsx、.csv、.json（仅 meetings）或 .txt（仅\n"
          "                     notice）结尾（必填）；已有的文件不会被覆盖\n"
          "  --force            覆盖已有的输出文件\n"
          "  -h, --help         显示本说明\n"
          "\n"
          "退出状态：0 成功，1 数据库、支部或写文件有问题，2 用法错误。\n",
          stdout);
}

/* Open the database and find the branch. Returns 0, or 1 after printing the error. */
static int open_branch(const char *db, const char *code, const struct config *cfg,
                       const char *out, bool force, struct store **st, struct branch *b)
{
    if (cli_refuse_overwrite("export", out, force)) return 1;
    char err[1024];
    struct store_options so = {
        .create = false,
        .backup_keep = cfg ? cfg->backup_keep : 10,
        .progress = cli_upgrade_progress,
    };
    if (store_open(db, &so, st, err, sizeof err) != STORE_OK) {
        cli_error("export", "%s", err);
        return 1;
    }
    int rc = store_branch_by_code(*st, code, b);
    if (rc != STORE_OK) {
        if (rc == STORE_ERR_NOT_FOUND)
            cli_error("export", "没有组织代码为 %s 的支部", code);
        else
            cli_error("export", "读取支部失败：%s", store_errmsg(*st));
        store_close(*st);
        *st = NULL;
        return 1;
    }
    return 0;
}

/* zhibu export dues: the options are checked by the caller except --year and --month. */
static int export_dues(const char *db, const char *branch, const char *year_txt,
                       const char *month, bool month_set, const char *out, bool force,
                       const struct config *cfg)
{
    long year;
    if (!year_txt) return args_usage_error("export", "缺少 --year：请指定年份，如 2026");
    if (strlen(year_txt) != 4 || !args_parse_long(year_txt, 1921, 2999, &year))
        return args_usage_error("export", "--year 应是四位数的年份，如 2026，而不是“%s”", year_txt);
    int fmt = export_format_of_path(out);
    if (fmt != EXPORT_XLSX && fmt != EXPORT_CSV)
        return args_usage_error("export", "--out 应以 .xlsx 或 .csv 结尾，而不是“%s”", out);
    int month_ym = 0;
    if (month_set) {
        month_ym = month ? dues_ym_parse(month) : -1;
        if (month_ym < 0)
            return args_usage_error("export", "--month 应是 YYYY-MM 形式的月份，如 2026-11，而不是“%s”",
                                    month ? month : "");
        if (dues_ym_year(month_ym) != year)
            return args_usage_error("export", "--month %s 不在 --year %ld 之内", month, year);
    }
    if (!db || !*db) db = cfg ? cfg->db_path : NULL;
    if (!db || !*db) return args_usage_error("export", "缺少 --db：请指定数据库文件");

    struct store *st;
    struct branch b = {0};
    if (open_branch(db, branch, cfg, out, force, &st, &b) != 0) return 1;
    /* this month by the database's clock (the real one on a real ledger) */
    int current_ym = dues_ym_of_date(clock_today());
    /* the summary of this month when the year is this year, else of the year's December */
    if (!month_set) month_ym = dues_ym_year(current_ym) == year ? current_ym : dues_ym((int)year, 12);
    struct dues_rules rules;
    rules = cfg->rules.audit.dues;
    char err[1024];
    int rc = month_set && fmt == EXPORT_CSV
                 ? dues_export_month(st, b.id, zmonth_from_index(month_ym),
                                     zmonth_from_index(current_ym), &rules, out, err, sizeof err)
                 : dues_export_year(st, b.id, (int)year, zmonth_from_index(month_ym),
                                    zmonth_from_index(current_ym), &rules, out, err, sizeof err);
    int status = 0;
    if (rc != 0) {
        cli_error("export", "%s", err);
        status = 1;
    }
    store_close(st);
    return status;
}

/* zhibu export notice: --branch and --out are checked by the caller. */
static int export_notice(const char *db, const char *branch, const char *date, bool date_set,
                         const char *width_txt, const char *out, bool force,
                         const struct config *cfg)
{
    struct zdate d;
    if (date_set && (!date || !date_parse(date, &d)))
        return args_usage_error("export", "--date 应是 YYYY-MM-DD 形式的日期，如 2026-11-21，而不是“%s”",
                                date ? date : "");
    long width = POSTS_NOTICE_WIDTH;
    if (width_txt && !args_parse_long(width_txt, POSTS_NOTICE_MIN_WIDTH, 200, &width))
        return args_usage_error("export", "--width 应是 %d 到 200 之间的整数，而不是“%s”",
                                POSTS_NOTICE_MIN_WIDTH, width_txt);
    size_t len = strlen(out);
    bool ok_ext = false;
    static const char *const EXTS[] = {".xlsx", ".csv", ".txt"};
    for (size_t i = 0; i < sizeof EXTS / sizeof EXTS[0]; i++) {
        size_t n = strlen(EXTS[i]);
        if (len > n && strcasecmp(out + len - n, EXTS[i]) == 0 && out[len - n - 1] != '/') ok_ext = true;
    }
    if (!ok_ext)
        return args_usage_error("export", "--out 应以 .xlsx、.csv 或 .txt 结尾，而不是“%s”", out);
    if (!db || !*db) db = cfg ? cfg->db_path : NULL;
    if (!db || !*db) return args_usage_error("export", "缺少 --db：请指定数据库文件");

    struct store *st;
    struct branch b = {0};
    if (open_branch(db, branch, cfg, out, force, &st, &b) != 0) return 1;
    char err[1024];
    int status = 0;
    if (posts_notice_write(st, b.id, date_set ? date : "", out, (int)width, err, sizeof err) != 0) {
        cli_error("export", "%s", err);
        status = 1;
    }
    store_close(st);
    return status;
}

/* zhibu export members: --branch and --out are checked by the caller. */
static int export_members(const char *db, const char *branch, bool all, const char *out,
                          bool force, const struct config *cfg)
{
    int fmt = export_format_of_path(out);
    if (fmt != EXPORT_XLSX && fmt != EXPORT_CSV)
        return args_usage_error("export", "--out 应以 .xlsx 或 .csv 结尾，而不是“%s”", out);
    if (!db || !*db) db = cfg ? cfg->db_path : NULL;
    if (!db || !*db) return args_usage_error("export", "缺少 --db：请指定数据库文件");
    struct store *st;
    struct branch b = {0};
    if (open_branch(db, branch, cfg, out, force, &st, &b) != 0) return 1;
    char err[1024];
    int status = 0;
    if (members_export(st, b.id, all, clock_today(), out, NULL, err, sizeof err) != 0) {
        cli_error("export", "%s", err);
        status = 1;
    }
    store_close(st);
    return status;
}

int cli_export(int argc, char **argv, const struct config *cfg)
{
    const char *db = NULL, *branch = NULL, *month = NULL, *kind_txt = NULL, *out = NULL;
    const char *year_txt = NULL, *date = NULL, *width_txt = NULL;
    bool help = false, include_voided = false, month_set = false, year_set = false, date_set = false;
    bool force = false, all = false;
    const struct args_option opts[] = {
        {.name = "db", .kind = ARGS_VALUE, .value = &db},
        {.name = "branch", .kind = ARGS_VALUE, .value = &branch},
        {.name = "month", .kind = ARGS_VALUE, .value = &month, .set = &month_set},
        {.name = "year", .kind = ARGS_VALUE, .value = &year_txt, .set = &year_set},
        {.name = "kind", .kind = ARGS_VALUE, .value = &kind_txt},
        {.name = "include-voided", .kind = ARGS_FLAG, .set = &include_voided},
        {.name = "out", .kind = ARGS_VALUE, .value = &out},
        {.name = "force", .kind = ARGS_FLAG, .set = &force},
        {.name = "date", .kind = ARGS_VALUE, .value = &date, .set = &date_set},
        {.name = "width", .kind = ARGS_VALUE, .value = &width_txt},
        {.name = "all", .kind = ARGS_FLAG, .set = &all},
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
    if (npos == 0) return args_usage_error("export", "请指定要导出的内容：meetings、dues、notice 或 members");
    bool dues = strcmp(pos[0], "dues") == 0, notice = strcmp(pos[0], "notice") == 0;
    bool members = strcmp(pos[0], "members") == 0;
    if (!dues && !notice && !members && strcmp(pos[0], "meetings") != 0)
        return args_usage_error("export", "不能导出“%s”，可导出的内容：meetings、dues、notice 或 members", pos[0]);
    if (!branch || !*branch) return args_usage_error("export", "缺少 --branch：请指定支部的组织代码");
    if (!out || !*out) return args_usage_error("export", "缺少 --out：请指定输出文件");
    if (!members && all) return args_usage_error("export", "--all 只适用于 export members");
    if (members) {
        if (kind_txt || include_voided || month_set || year_set || date_set || width_txt)
            return args_usage_error("export", "%s 不适用于 export members",
                                    kind_txt ? "--kind" : include_voided ? "--include-voided"
                                    : month_set ? "--month" : year_set ? "--year"
                                    : date_set ? "--date" : "--width");
        return export_members(db, branch, all, out, force, cfg);
    }
    if (!notice && (date_set || width_txt))
        return args_usage_error("export", "%s 只适用于 export notice", date_set ? "--date" : "--width");
    if (notice) {
        if (kind_txt || include_voided || month_set || year_set)
            return args_usage_error("export", "%s 不适用于 export notice",
                                    kind_txt ? "--kind" : include_voided ? "--include-voided"
                                    : month_set ? "--month" : "--year");
        return export_notice(db, branch, date, date_set, width_txt, out, force, cfg);
    }
    if (dues) {
        if (kind_txt || include_voided)
            return args_usage_error("export", "%s 只适用于 export meetings",
                                    kind_txt ? "--kind" : "--include-voided");
        return export_dues(db, branch, year_txt, month, month_set, out, force, cfg);
    }
    if (year_set) return args_usage_error("export", "--year 只适用于 export dues");
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

    struct store *st;
    struct branch b = {0};
    if (open_branch(db, branch, cfg, out, force, &st, &b) != 0) return 1;
    struct meeting_filter f = {
        .branch_id = b.id,
        .kind = kind,
        .from = from,
        .to = to,
        .include_voided = include_voided,
    };
    int status = 0;
    if (meetings_export(st, &f, out, cfg ? cfg->late_entry_days : 7, err, sizeof err) != 0) {
        cli_error("export", "%s", err);
        status = 1;
    }
    store_close(st);
    return status;
}
