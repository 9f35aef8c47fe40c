/* import.c — `zhibu import members|template`: bringing in the roster an office already keeps in
 * Excel (.xlsx) or a CSV file, and writing the template to fill in. The file is read
 * (table_read.h), planned against the branch (store_roster.h) and shown row by row; without
 * --dry-run the plan is written when it has no problem — all rows or none. When the database has
 * accounts the import is made as a user who logs in first (--as, like the other writing
 * subcommands), so the store's roles apply; a dry run only reads. */
#include "zhibu/cli.h"

#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/args.h"
#include "zhibu/config.h"
#include "zhibu/roster_import.h"
#include "zhibu/roster_template.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_roster.h"
#include "zhibu/table_read.h"

static void import_help(void)
{
    fputs("用法：zhibu import members --db 路径 --branch 组织代码 文件.xlsx|文件.csv\n"
          "                           [--dry-run] [--sheet 工作表] [--encoding utf-8|gbk]\n"
          "                           [--create-groups] [--as 用户名 [--as-password-file 文件]]\n"
          "      zhibu import template --out 文件.xlsx [--force]\n"
          "\n"
          "members   把办公室已有的党员名册（Excel 的 .xlsx，或 CSV）导入支部的党员名册。\n"
          "          按第一行的中文表头认列，顺序不限：姓名（必填）、性别、出生日期、民族、学历、\n"
          "          联系电话、入党日期、转正日期、党籍状态、党小组、职务、党费类别、人员类别（党内\n"
          "          统计用：工人、农牧渔民、离退休人员……）、流动党员、备注；\n"
          "          不认识的列列出后不导入。日期可写作 1975-03-02、1975/3/2、1975.3.2、\n"
          "          1975年3月2日，或 Excel 的日期。已有的党员按姓名和出生日期对应（本程序不记录\n"
          "          党员编号）：对应上的更新，对应不上的新增；空白的格子不改动已有的内容。\n"
          "          逐行列出将要 新增 / 更新（改了哪些项）/ 无变化 的党员，以及每一处问题\n"
          "          （行号即 Excel 中的行号）。有任何问题时不导入任何内容；没有问题时在一个事务中\n"
          "          全部写入，每一条都记入修改日志。同一份文件导入两次不会改变任何内容。\n"
          "template  生成导入模板：表头、一行示例，以及“填写说明”工作表（每列是否必填、\n"
          "          可填写的内容）。不覆盖已有文件，除非加 --force。\n"
          "\n"
          "选项：\n"
          "  --db 路径                 数据库文件（默认取配置文件 [database] path）\n"
          "  --branch 组织代码         导入到哪个支部\n"
          "  --dry-run                 试运行：只列出结果和问题，不写入\n"
          "  --sheet 工作表            读取该名称的工作表（默认第一个）\n"
          "  --encoding utf-8|gbk      CSV 的编码（默认自动识别：有效的 UTF-8，否则 GBK）\n"
          "  --create-groups           表中有支部还没有的党小组时，导入时新建\n"
          "  --as 用户名               数据库已有账号时，以该账号（本支部的支部书记）导入；\n"
          "                            密码取自 --as-password-file，否则在终端上询问\n"
          "  --as-password-file 文件   该账号的密码文件\n"
          "  --out 文件.xlsx           模板写到哪里\n"
          "  --force                   覆盖已有的模板文件\n"
          "  -h, --help                显示本说明\n"
          "\n"
          "退出码：0 成功（试运行：没有问题）；1 文件无法读取、有问题未导入或写入失败\n"
          "（数据库未改动）；2 参数错误或数据库无法打开。\n",
          stdout);
}

/* With accounts in the database: log in as --as. 0, or the exit status after saying why. */
static int login_as(struct store *st, const char *as, const char *as_pwfile,
                    const struct config *cfg)
{
    int nusers = store_user_count(st);
    if (nusers < 0) {
        cli_store_error("import", NULL, st);
        return 1;
    }
    if (nusers == 0 && !as) return 0; /* before `zhibu init`: the system */
    if (!as) return args_usage_error("import", "数据库已有账号：请用 --as 指定导入的支部书记账号");
    return cli_login("import", st, as, as_pwfile, cfg);
}

struct members_args {
    const char *db, *branch, *file, *sheet, *encoding, *as, *as_pwfile;
    bool dry_run, create_groups;
};

static int import_members(const struct members_args *a, const struct config *cfg)
{
    /* the file first: a file that cannot be read needs no database */
    struct table t;
    char err[1024];
    struct table_read_opts o = {.sheet = a->sheet, .encoding = a->encoding};
    if (table_read_file(a->file, &o, &t, err, sizeof err) != 0) {
        cli_error("import", "%s", err);
        return 1;
    }
    struct store *st = cli_open_db("import", a->db, cfg);
    if (!st) {
        table_free(&t);
        return 2;
    }
    int rc = 0;
    struct branch b;
    int src = store_branch_by_code(st, a->branch, &b);
    if (src != STORE_OK) {
        if (src == STORE_ERR_NOT_FOUND)
            cli_error("import", "没有组织代码为 %s 的支部", a->branch);
        else
            cli_store_error("import", NULL, st);
        rc = src == STORE_ERR_NOT_FOUND ? 2 : 1;
        goto out;
    }
    if (!a->dry_run || a->as) {
        rc = login_as(st, a->as, a->as_pwfile, cfg);
        if (rc) goto out;
    }
    struct roster_rules rules = {.min_join_age = cfg ? cfg->min_join_age : 18,
                                 .probation_months = cfg ? cfg->probation_months : 12};
    struct rimp_plan p;
    src = store_roster_plan(st, b.id, &t, &rules, a->create_groups, &p);
    if (src != STORE_OK) {
        cli_store_error("import", NULL, st);
        rc = 1;
        goto out;
    }
    if (t.sheet[0])
        printf("读取 %s：工作表“%s”，表头在第 %d 行\n", a->file, t.sheet, p.header_line);
    else
        printf("读取 %s：%s 编码的 CSV 文件，表头在第 %d 行\n", a->file, t.encoding, p.header_line);
    char *report = rimp_plan_report(&p, "加 --create-groups 在导入时新建");
    fputs(report, stdout);
    free(report);
    if (a->dry_run) {
        printf("试运行：未写入任何内容\n");
        rc = p.nproblems ? 1 : 0;
    } else if (p.nproblems) {
        fflush(stdout);
        cli_error("import", "有 %d 处问题，未导入任何内容", p.nproblems);
        rc = 1;
    } else if (store_roster_apply(st, b.id, &p, err, sizeof err) != STORE_OK) {
        fflush(stdout);
        cli_error("import", "%s；未导入任何内容", err);
        rc = 1;
    } else {
        printf("已导入 %s %s：新增 %d，更新 %d，无变化 %d\n", b.code, b.name, p.added, p.updated,
               p.same);
    }
    rimp_plan_free(&p);
    if (rc == 0 || a->dry_run) {
        int frc = cli_finish_stdout("import");
        if (frc) rc = frc;
    }
out:
    store_close(st);
    table_free(&t);
    return rc;
}

static int import_template(const char *out, bool force)
{
    if (cli_refuse_overwrite("import", out, force)) return 1;
    char err[1024];
    if (roster_template_write(out, err, sizeof err) != 0) {
        cli_error("import", "%s", err);
        return 1;
    }
    printf("已写入导入模板 %s（工作表“%s”和“填写说明”）\n", out, ROSTER_TEMPLATE_SHEET);
    return cli_finish_stdout("import");
}

int cli_import(int argc, char **argv, const struct config *cfg)
{
    struct members_args a = {0};
    const char *out = NULL;
    bool help = false, force = false;
    const struct args_option opts[] = {
        {.name = "db", .kind = ARGS_VALUE, .value = &a.db},
        {.name = "branch", .kind = ARGS_VALUE, .value = &a.branch},
        {.name = "sheet", .kind = ARGS_VALUE, .value = &a.sheet},
        {.name = "encoding", .kind = ARGS_VALUE, .value = &a.encoding},
        {.name = "as", .kind = ARGS_VALUE, .value = &a.as},
        {.name = "as-password-file", .kind = ARGS_VALUE, .value = &a.as_pwfile},
        {.name = "dry-run", .kind = ARGS_FLAG, .set = &a.dry_run},
        {.name = "create-groups", .kind = ARGS_FLAG, .set = &a.create_groups},
        {.name = "out", .kind = ARGS_VALUE, .value = &out},
        {.name = "force", .kind = ARGS_FLAG, .set = &force},
        {.name = "help", .kind = ARGS_FLAG, .set = &help},
        {0},
    };
    const char *pos[3];
    int npos = 0;
    char err[1024];
    if (args_parse(argc, argv, opts, pos, 3, &npos, err, sizeof err) != 0)
        return args_usage_error("import", "%s", err);
    if (help) {
        import_help();
        return 0;
    }
    if (npos == 0) return args_usage_error("import", "缺少要导入的内容：members 或 template");
    if (strcmp(pos[0], "template") == 0) {
        if (npos > 1) return args_usage_error("import", "多余的参数 %s", pos[1]);
        if (!out || !*out) return args_usage_error("import", "缺少 --out：请指定模板文件（.xlsx）");
        if (a.db || a.branch || a.sheet || a.encoding || a.as || a.dry_run || a.create_groups)
            return args_usage_error("import", "template 只接受 --out 和 --force");
        return import_template(out, force);
    }
    if (strcmp(pos[0], "members") != 0)
        return args_usage_error("import", "未知的内容 %s（可用 members、template）", pos[0]);
    if (out || force) return args_usage_error("import", "members 不接受 --out、--force（只用于 template）");
    if (npos < 2 || !*pos[1]) return args_usage_error("import", "缺少要导入的文件（.xlsx 或 .csv）");
    if (npos > 2) return args_usage_error("import", "多余的参数 %s", pos[2]);
    a.file = pos[1];
    if (!a.db || !*a.db) a.db = cfg ? cfg->db_path : NULL;
    if (!a.db || !*a.db) return args_usage_error("import", "缺少 --db：请指定数据库文件");
    if (!a.branch || !*a.branch) return args_usage_error("import", "缺少 --branch：请指定组织代码");
    if (a.encoding && strcmp(a.encoding, "utf-8") != 0 && strcmp(a.encoding, "gbk") != 0 &&
        strcmp(a.encoding, "UTF-8") != 0 && strcmp(a.encoding, "GBK") != 0)
        return args_usage_error("import", "--encoding 应为 utf-8 或 gbk，而不是“%s”", a.encoding);
    if (a.as_pwfile && !a.as)
        return args_usage_error("import", "--as-password-file 需要与 --as 一起用");
    return import_members(&a, cfg);
}
