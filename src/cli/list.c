/* list.c — `zhibu list members`: the roster of one branch or of all, as CSV or JSON on stdout.
 * Columns carry codes, not labels, so that scripts do not break when a label is reworded.
 * Rows are streamed from the store one at a time (store_member_each); only the list of
 * branches is held in memory. */
#include "zhibu/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/args.h"
#include "zhibu/config.h"
#include "zhibu/csv.h"
#include "zhibu/model.h"
#include "zhibu/store.h"
#include "zhibu/util.h"

enum list_format { FORMAT_CSV, FORMAT_JSON };

#define MEMBER_COLUMNS 16
static const char *const MEMBER_KEYS[MEMBER_COLUMNS] = {
    "branch_code", "name", "gender", "birth_date", "ethnicity", "education",
    "phone", "join_date", "full_date", "status", "dues_category", "office",
    "group", "mobile", "leave_status", "leave_date",
};
#define MOBILE_COLUMN 13

struct member_out {
    FILE *f;
    enum list_format format;
    const char *branch_code;
    long rows;
    bool write_failed;
};

static int write_member(const struct member *m, void *ctx)
{
    struct member_out *o = ctx;
    const char *fields[MEMBER_COLUMNS] = {
        o->branch_code, m->name, m->gender, m->birth_date, m->ethnicity, m->education,
        m->phone, m->join_date, m->full_date, m->status, m->dues_category, m->office,
        m->group_name, m->mobile ? "1" : "0", m->leave_status, m->leave_date,
    };
    int rc = 0;
    if (o->format == FORMAT_CSV) {
        rc = csv_write_row(o->f, fields, MEMBER_COLUMNS);
    } else {
        if (o->rows > 0 && fputs(",\n", o->f) < 0) rc = -1;
        if (rc == 0 && putc('{', o->f) == EOF) rc = -1;
        for (int i = 0; rc == 0 && i < MEMBER_COLUMNS; i++) {
            if (i > 0 && putc(',', o->f) == EOF) rc = -1;
            if (rc == 0) rc = json_write_string(o->f, MEMBER_KEYS[i]);
            if (rc == 0 && putc(':', o->f) == EOF) rc = -1;
            if (rc == 0) {
                if (i == MOBILE_COLUMN) rc = fputs(m->mobile ? "true" : "false", o->f) < 0 ? -1 : 0;
                else rc = json_write_string(o->f, fields[i]);
            }
        }
        if (rc == 0 && putc('}', o->f) == EOF) rc = -1;
    }
    o->rows++;
    if (rc != 0) o->write_failed = true;
    return rc != 0; /* stop at a write error (closed pipe, full disk) */
}

static void print_help(void)
{
    fputs("用法：zhibu list members [--db 路径] [--branch 组织代码] --format csv|json\n"
          "\n"
          "把党员名册（含已离开名册的党员）写到标准输出：按支部组织代码排序，支部内按党小组、\n"
          "职务、姓名排序。不给 --branch 时列出所有支部。\n"
          "\n"
          "格式：\n"
          "  csv    UTF-8，首行为列名；含逗号、双引号或换行的字段加双引号，字段内的双引号写两遍\n"
          "         （RFC 4180），每行以 LF 结束\n"
          "  json   一个对象数组，每行一个对象，键与 CSV 列名相同\n"
          "\n"
          "列（取值为代码而不是中文名称，便于脚本处理）：\n"
          "  branch_code    组织代码\n"
          "  name           姓名\n"
          "  gender         性别：M 男，F 女\n"
          "  birth_date     出生日期 YYYY-MM-DD\n"
          "  ethnicity      民族\n"
          "  education      学历：primary 小学，junior 初中，senior 高中，vocational 中专，\n"
          "                 college 大专，bachelor 本科，master 硕士，doctor 博士\n"
          "  phone          电话\n"
          "  join_date      入党日期\n"
          "  full_date      转正日期（预备党员为空）\n"
          "  status         full 正式党员，probationary 预备党员\n"
          "  dues_category  党费类别：employed 在职，retired 离退休，farmer 农民，student 学生，\n"
          "                 unemployed 下岗失业，lowincome 低保\n"
          "  office         职务：secretary 书记，deputy 副书记，organization 组织委员，\n"
          "                 publicity 宣传委员，discipline 纪检委员，committee 委员，空为无职\n"
          "  group          党小组名称\n"
          "  mobile         流动党员：CSV 中为 1 或 0，JSON 中为 true 或 false\n"
          "  leave_status   离开名册：transferred 转出，deceased 去世，expelled 出党，\n"
          "                 suspended 停止党籍，空为在册\n"
          "  leave_date     离开日期\n"
          "\n"
          "选项：\n"
          "  --db 路径        数据库文件（默认取配置文件 [database] path）\n"
          "  --branch 代码    只列出组织代码为该值的支部\n"
          "  --format 格式    csv 或 json（必填）\n"
          "  -h, --help       显示本说明\n"
          "\n"
          "退出状态：0 成功，1 数据库或支部有问题，2 用法错误。\n",
          stdout);
}

/* Members of one branch, in store order. Returns 0, or 1 after printing the error. */
static int list_branch(struct store *st, const struct branch *b, struct member_out *o)
{
    struct member_filter f = {.branch_id = b->id, .include_left = true};
    o->branch_code = b->code;
    int rc = store_member_each(st, &f, write_member, o);
    if (o->write_failed) return 1;
    if (rc != STORE_OK) {
        fprintf(stderr, "zhibu list: 读取支部 %s 的党员失败：%s\n", b->code, store_errmsg(st));
        return 1;
    }
    return 0;
}

static int list_members(struct store *st, const char *branch_code, enum list_format format)
{
    struct member_out o = {.f = stdout, .format = format};
    struct branch *branches = NULL;
    int nbranches = 0;
    if (branch_code) {
        branches = xcalloc(1, sizeof *branches);
        int rc = store_branch_by_code(st, branch_code, branches);
        if (rc == STORE_ERR_NOT_FOUND) {
            fprintf(stderr, "zhibu list: 没有组织代码为 %s 的支部\n", branch_code);
            free(branches);
            return 1;
        }
        if (rc != STORE_OK) {
            fprintf(stderr, "zhibu list: 读取支部失败：%s\n", store_errmsg(st));
            free(branches);
            return 1;
        }
        nbranches = 1;
    } else {
        int count = store_branch_count(st);
        if (count < 0) {
            fprintf(stderr, "zhibu list: 读取支部失败：%s\n", store_errmsg(st));
            return 1;
        }
        branches = xcalloc((size_t)count + 1, sizeof *branches);
        if (store_branch_list(st, branches, count, &nbranches) != STORE_OK) {
            fprintf(stderr, "zhibu list: 读取支部失败：%s\n", store_errmsg(st));
            free(branches);
            return 1;
        }
    }

    int status = 0;
    if (format == FORMAT_CSV) {
        if (csv_write_row(stdout, MEMBER_KEYS, MEMBER_COLUMNS) != 0) o.write_failed = true;
    } else if (fputs("[\n", stdout) < 0) {
        o.write_failed = true;
    }
    for (int i = 0; i < nbranches && !o.write_failed && status == 0; i++)
        status = list_branch(st, &branches[i], &o);
    if (format == FORMAT_JSON && !o.write_failed && status == 0)
        if (fputs(o.rows > 0 ? "\n]\n" : "]\n", stdout) < 0) o.write_failed = true;
    free(branches);
    if (fflush(stdout) != 0 || ferror(stdout)) o.write_failed = true;
    if (o.write_failed) {
        fprintf(stderr, "zhibu list: 写入输出失败\n");
        return 1;
    }
    return status;
}

int cli_list(int argc, char **argv, const struct config *cfg)
{
    const char *db = NULL, *branch = NULL, *format_txt = NULL;
    bool help = false;
    const struct args_option opts[] = {
        {.name = "db", .kind = ARGS_VALUE, .value = &db},
        {.name = "branch", .kind = ARGS_VALUE, .value = &branch},
        {.name = "format", .kind = ARGS_VALUE, .value = &format_txt},
        {.name = "help", .kind = ARGS_FLAG, .set = &help},
        {0},
    };
    const char *pos[1];
    int npos;
    char err[512];
    if (args_parse(argc, argv, opts, pos, 1, &npos, err, sizeof err) != 0)
        return args_usage_error("list", "%s", err);
    if (help) {
        print_help();
        return 0;
    }
    if (npos == 0) return args_usage_error("list", "请指定要列出的内容：members");
    if (strcmp(pos[0], "members") != 0)
        return args_usage_error("list", "不能列出“%s”，可列出的内容：members", pos[0]);
    enum list_format format;
    if (!format_txt) return args_usage_error("list", "缺少 --format：请指定 csv 或 json");
    if (strcmp(format_txt, "csv") == 0) format = FORMAT_CSV;
    else if (strcmp(format_txt, "json") == 0) format = FORMAT_JSON;
    else return args_usage_error("list", "--format 应是 csv 或 json，而不是“%s”", format_txt);
    if (branch && !*branch) return args_usage_error("list", "--branch 不能为空");
    if (!db || !*db) db = cfg ? cfg->db_path : NULL;
    if (!db || !*db) return args_usage_error("list", "缺少 --db：请指定数据库文件");

    struct store_options so = {
        .create = false,
        .backup_dir = cfg ? cfg->backup_dir : NULL,
        .backup_keep = cfg ? cfg->backup_keep : 10,
    };
    struct store *st;
    if (store_open(db, &so, &st, err, sizeof err) != STORE_OK) {
        fprintf(stderr, "zhibu list: %s\n", err);
        return 1;
    }
    int status = list_members(st, branch, format);
    store_close(st);
    return status;
}
