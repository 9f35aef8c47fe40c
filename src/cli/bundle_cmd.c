/* bundle.c — `zhibu bundle export|import`: moving a branch's ledger (or, back, its verdicts)
 * between offices in a bundle file (.zbx, store_exchange.h). Export prints what it wrote;
 * import prints the report per table. An office not yet registered for the branch (first use)
 * is taken only with --trust FINGERPRINT, or a yes on the terminal (store_office.h). Exit 0 on
 * success; 1 for a refused bundle or a failed export/import (one line on stderr, the database
 * unchanged); 2 for a usage error or a database that cannot be opened. */
#include "zhibu/version.h"
#include "zhibu/cli.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "zhibu/args.h"
#include "zhibu/config.h"
#include "zhibu/date.h"
#include "zhibu/model.h"
#include "zhibu/store.h"
#include "zhibu/store_exchange.h"
#include "zhibu/store_office.h"

static void bundle_help(void)
{
    fputs("用法：zhibu bundle export [--db 路径] --branch 组织代码 [--verdicts] --out 文件.zbx\n"
          "      zhibu bundle export [--db 路径] --month YYYY-MM --for-district --out 文件.zbx\n"
          "      zhibu bundle export [--db 路径] --for-township 代码 [--month M] --out 文件.zbx\n"
          "      zhibu bundle import [--db 路径] [--trust 指纹] 文件.zbx\n"
          "\n"
          "在村（社区）与乡镇之间传递一个支部的台账（交换包，.zbx）：\n"
          "  export    村里导出本支部的台账（党员、会议、党费、岗位及修改日志）；\n"
          "            加 --verdicts 时，乡镇导出该支部的审查结论和整改通知，发回村里。\n"
          "            不会覆盖已有文件。\n"
          "  import    导入交换包：先检查文件（完整性、清单、校验值、版本、支部），\n"
          "            再在一个事务中合并：支部的记录以支部为准，乡镇的审查结论以乡镇为准，\n"
          "            整改通知以较新的为准；旧的包不会回滚新的内容，同一个包导入两次不改变任何\n"
          "            内容。评审后又被修改的记录标记为“审后修改”。\n"
          "            输出每张表的 新增/更新/未变/保留/冲突 条数。\n"
          "\n"
          "签名与登记：交换包由导出单位的密钥签名（zhibu office show 显示本单位的指纹）。\n"
          "某支部的台账（或审查结论）第一次来自某个单位时，须与对方（电话）核对指纹，\n"
          "一致后用 --trust 指纹 导入，该单位即登记为这个支部的台账单位（或审查单位），\n"
          "见 zhibu office list；在终端上运行时也会询问是否登记。以后同一支部来自其他密钥\n"
          "的交换包被拒绝，并列出两个指纹；对方确实更换了密钥（如重装电脑）时，核对新指纹\n"
          "后用 --trust 新指纹 更换登记。审查结论只有村（社区）支部的数据库接受，且只接受\n"
          "乡镇导出的；乡镇、区（县）的数据库不接受其他单位的审查结论。\n"
          "  --trust 指纹   核对过的对方指纹（如 ABCD-EFGH-JKMN-PQRS，大小写和 - 不限）\n"
          "\n"
          "乡镇与区（县）之间：\n"
          "  --month M --for-district\n"
          "            乡镇导出给区委组织部的月度交换包：本乡镇审查的每个支部的台账\n"
          "            （含日志、上报记录）和本乡镇的审查结论、整改通知，由乡镇签名。\n"
          "            区（县）用 zhibu bundle import 导入：乡镇须已登记（zhibu office\n"
          "            township add），一个支部只属于一个乡镇；乡镇的包不能改动\n"
          "            区委组织部的复审结论和督查记录。\n"
          "  --for-township 乡镇代码 [--month M]\n"
          "            区（县）导出给该乡镇的复审结论（含退回乡镇的问题）和督查记录\n"
          "            （加 --month 时只含该月），由区（县）签名；乡镇只接受登记的上级\n"
          "            区（县）的包（zhibu office district set），只改动这两类记录。\n"
          "\n"
          "退出码：0 成功；1 交换包被拒绝或导入、导出失败（数据库未改动）；\n"
          "2 参数错误或数据库无法打开。\n",
          stdout);
}

static int do_export(const char *db, const char *branch, bool verdicts, const char *out,
                     const struct config *cfg)
{
    struct store *st = cli_open_db("bundle", db, cfg);
    if (!st) return 2;
    struct branch b;
    int rc = store_branch_by_code(st, branch, &b);
    if (rc != STORE_OK) {
        if (rc == STORE_ERR_NOT_FOUND)
            cli_error("bundle", "没有组织代码为 %s 的支部", branch);
        else
            cli_store_error("bundle", NULL, st);
        store_close(st);
        return rc == STORE_ERR_NOT_FOUND ? 2 : 1;
    }
    struct bundle_manifest m;
    enum exchange_kind kind = verdicts ? EXCHANGE_VERDICTS : EXCHANGE_LEDGER;
    rc = store_bundle_export(st, b.id, kind, out, ZHIBU_VERSION, &m);
    if (rc != STORE_OK) {
        cli_store_error("bundle", NULL, st);
        store_close(st);
        return 1;
    }
    store_close(st);
    long total = 0;
    for (int i = 0; i < m.ncounts; i++) total += m.counts[i].rows;
    printf("已导出 %s %s 的%s到 %s：共 %ld 条\n", m.branch_code, m.branch_name,
           verdicts ? "审查结论" : "台账", out, total);
    for (int i = 0; i < m.ncounts; i++) printf("%s: %d\n", m.counts[i].table, m.counts[i].rows);
    return cli_finish_stdout("bundle");
}

static int do_export_month(const char *db, const char *month, const char *out,
                           const struct config *cfg)
{
    struct zmonth ym;
    if (!zmonth_parse(month, &ym)) {
        cli_error("bundle", "月份 %s 无效（应为 YYYY-MM）", month);
        return 2;
    }
    struct store *st = cli_open_db("bundle", db, cfg);
    if (!st) return 2;
    struct month_manifest m;
    int rc = store_bundle_export_month(st, ym, out, ZHIBU_VERSION, &m);
    if (rc != STORE_OK) {
        cli_store_error("bundle", NULL, st);
        store_close(st);
        return 1;
    }
    store_close(st);
    printf("已导出乡镇“%s”（%s）%s 的月度交换包到 %s：%d 个支部\n", m.township_name,
           m.township_code[0] ? m.township_code : "无组织代码", m.month, out, m.nparts / 2);
    for (int i = 0; i < m.nparts; i += 2)
        printf("%s %s\n", m.parts[i].branch_code, m.parts[i].branch_name);
    month_manifest_free(&m);
    return cli_finish_stdout("bundle");
}

static int do_export_district(const char *db, const char *township, const char *month,
                              const char *out, const struct config *cfg)
{
    struct zmonth ym;
    if (month && !zmonth_parse(month, &ym)) {
        cli_error("bundle", "月份 %s 无效（应为 YYYY-MM）", month);
        return 2;
    }
    struct store *st = cli_open_db("bundle", db, cfg);
    if (!st) return 2;
    struct month_manifest m;
    int rc = store_bundle_export_district(st, township, month ? &ym : NULL, out, ZHIBU_VERSION, &m);
    if (rc != STORE_OK) {
        cli_store_error("bundle", NULL, st);
        store_close(st);
        return rc == STORE_ERR_NOT_FOUND ? 2 : 1;
    }
    store_close(st);
    printf("已导出给乡镇“%s”（%s）的%s复审结论和督查记录到 %s：复审结论 %d 条，督查记录 %d 条\n",
           m.township_name, m.township_code, month ? month : "", out, m.rows_verdicts, m.rows_spot);
    return cli_finish_stdout("bundle");
}

static int import_month(struct store *st, const char *file)
{
    struct month_manifest m;
    struct month_report r;
    int rc = store_bundle_import_month(st, file, &m, &r);
    if (rc != STORE_OK) {
        cli_error("bundle", "%s", r.problem[0] ? r.problem : store_errmsg(st));
        month_manifest_free(&m);
        month_report_free(&r);
        return 1;
    }
    printf("已导入乡镇“%s”（%s）%s 的月度交换包（%s 导出于 %s）：%d 个支部%s\n", r.township_name,
           r.township_code, m.month, m.exported_by[0] ? m.exported_by : "未知", m.exported_at,
           r.nbranches, r.unchanged ? "，内容未变" : "");
    if (r.key_learnt)
        printf("已记录乡镇“%s”的密钥（指纹 %s）\n", r.township_name, m.office_fingerprint);
    int journal = 0, amends = 0;
    for (int i = 0; i < r.nbranches; i++) {
        const struct month_branch_report *b = &r.b[i];
        printf("%s %s%s：台账 新增 %d，更新 %d，未变 %d，保留 %d；审查结论 新增 %d，更新 %d，"
               "未变 %d，保留 %d\n",
               b->branch_code, b->branch_name, b->branch_new ? "（新支部）" : "", b->ledger_added,
               b->ledger_updated, b->ledger_unchanged, b->ledger_kept, b->verdicts_added,
               b->verdicts_updated, b->verdicts_unchanged, b->verdicts_kept);
        journal += b->journal_added;
        amends += b->amends;
    }
    printf("审后修改标记：%d\n", amends);
    printf("日志条目：新增 %d\n", journal);
    month_manifest_free(&m);
    month_report_free(&r);
    return 0;
}

static int import_district(struct store *st, const char *file)
{
    struct month_manifest m;
    struct month_report r;
    int rc = store_bundle_import_district(st, file, &m, &r);
    if (rc != STORE_OK) {
        cli_error("bundle", "%s", r.problem[0] ? r.problem : store_errmsg(st));
        return 1;
    }
    char who[TEXT_SHORT + 64];
    office_describe(m.office_name, m.office_kind, who, sizeof who);
    printf("已导入%s的复审结论和督查记录（%s 导出于 %s）%s\n", who,
           m.exported_by[0] ? m.exported_by : "未知", m.exported_at,
           r.unchanged ? "：内容未变" : "");
    if (r.key_learnt) printf("已记录上级区（县）的密钥（指纹 %s）\n", m.office_fingerprint);
    printf("复审结论: 新增 %d，更新 %d，未变 %d，保留 %d\n", r.dv_added, r.dv_updated,
           r.dv_unchanged, r.dv_kept);
    printf("督查记录: 新增 %d，更新 %d，未变 %d，保留 %d\n", r.sc_added, r.sc_updated,
           r.sc_unchanged, r.sc_kept);
    return 0;
}

/* On a terminal: ask whether the fingerprint read to the user matches the other office's. */
static bool ask_trust(const struct bundle_manifest *m, const struct office_sender *who)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDERR_FILENO)) return false;
    fprintf(stderr, "%s\n与对方核对过，指纹 %s 一致，登记该单位并导入？(y/n) ", who->message,
            m->office_fingerprint);
    fflush(stderr);
    char line[16];
    if (!fgets(line, sizeof line, stdin)) return false;
    return line[0] == 'y' || line[0] == 'Y';
}

static int do_import(const char *db, const char *file, const char *trust,
                     const struct config *cfg)
{
    /* the district's bundles: the kind the manifest names */
    char kind[16], err[256];
    if (store_bundle_peek_kind(file, kind, sizeof kind, err, sizeof err) == 0 &&
        (strcmp(kind, BUNDLE_KIND_MONTH) == 0 || strcmp(kind, BUNDLE_KIND_DISTRICT) == 0)) {
        if (trust) {
            cli_error("bundle", "%s",
                      strcmp(kind, BUNDLE_KIND_MONTH) == 0
                          ? "月度交换包不接受 --trust：区（县）须先用 zhibu office township add 登记该乡镇（含指纹）"
                          : "区（县）的交换包不接受 --trust：乡镇须先用 zhibu office district set 登记上级区（县）（含指纹）");
            return 2;
        }
        /* checked before the database is opened */
        struct month_manifest cm;
        if (store_month_bundle_check(file, &cm, err, sizeof err) != 0) {
            cli_error("bundle", "%s", err);
            return 1;
        }
        month_manifest_free(&cm);
        struct store *st = cli_open_db("bundle", db, cfg);
        if (!st) return 2;
        int rc = strcmp(kind, BUNDLE_KIND_MONTH) == 0 ? import_month(st, file)
                                                      : import_district(st, file);
        store_close(st);
        return rc ? rc : cli_finish_stdout("bundle");
    }
    /* the file is checked before the database is even opened */
    struct bundle_manifest m;
    if (store_bundle_check(file, &m, NULL, NULL, err, sizeof err) != 0) {
        cli_error("bundle", "%s", err);
        return 1;
    }
    struct store *st = cli_open_db("bundle", db, cfg);
    if (!st) return 2;
    /* the sender: registered, ours, or to be confirmed first */
    struct office_sender who;
    if (store_office_sender(st, &m, &who) != STORE_OK) {
        cli_store_error("bundle", NULL, st);
        store_close(st);
        return 1;
    }
    bool unconfirmed = who.state == OFFICE_SENDER_NEW || who.state == OFFICE_SENDER_CHANGED;
    if (unconfirmed && !trust) {
        if (who.state == OFFICE_SENDER_NEW && ask_trust(&m, &who)) {
            trust = m.office_fingerprint;
        } else {
            if (who.state == OFFICE_SENDER_NEW)
                cli_error("bundle", "%s：与对方核对指纹一致后，用 --trust %s 导入",
                        who.message, m.office_fingerprint);
            else
                cli_error("bundle", "%s（对方确已更换密钥时，核对新指纹后用 --trust %s 更换登记）",
                        who.message, m.office_fingerprint);
            store_close(st);
            return 1;
        }
    }
    struct exchange_report r;
    int rc = store_bundle_import(st, file, trust, &m, &r);
    if (rc != STORE_OK) {
        cli_error("bundle", "%s", r.problem[0] ? r.problem : store_errmsg(st));
        store_close(st);
        return 1;
    }
    store_close(st);
    printf("已导入 %s %s 的%s（%s 导出于 %s）%s\n", m.branch_code, m.branch_name,
           m.kind == EXCHANGE_VERDICTS ? "审查结论" : "台账",
           m.exported_by[0] ? m.exported_by : "未知", m.exported_at,
           r.branch_new ? "：新支部" : "");
    for (int i = 0; i < r.ntables; i++)
        printf("%s: 新增 %d，更新 %d，未变 %d，保留 %d，冲突 %d\n", r.t[i].table, r.t[i].added,
               r.t[i].updated, r.t[i].unchanged, r.t[i].kept, r.t[i].conflicts);
    printf("审后修改标记：%d\n", r.amends);
    printf("日志条目：新增 %d\n", r.journal_added);
    if (trust && unconfirmed) {
        char office[TEXT_SHORT + 64];
        office_describe(m.office_name, m.office_kind, office, sizeof office);
        printf("已%s登记支部 %s 的%s：%s，指纹 %s\n",
               who.state == OFFICE_SENDER_CHANGED ? "更换" : "", m.branch_code,
               office_role_label(who.role), office, m.office_fingerprint);
    }
    return cli_finish_stdout("bundle");
}

int cli_bundle(int argc, char **argv, const struct config *cfg)
{
    const char *db = NULL, *branch = NULL, *out = NULL, *trust = NULL, *month = NULL;
    const char *for_township = NULL;
    bool help = false, verdicts = false, for_district = false;
    const struct args_option opts[] = {
        {.name = "db", .kind = ARGS_VALUE, .value = &db},
        {.name = "trust", .kind = ARGS_VALUE, .value = &trust},
        {.name = "branch", .kind = ARGS_VALUE, .value = &branch},
        {.name = "out", .kind = ARGS_VALUE, .value = &out},
        {.name = "verdicts", .kind = ARGS_FLAG, .set = &verdicts},
        {.name = "month", .kind = ARGS_VALUE, .value = &month},
        {.name = "for-district", .kind = ARGS_FLAG, .set = &for_district},
        {.name = "for-township", .kind = ARGS_VALUE, .value = &for_township},
        {.name = "help", .kind = ARGS_FLAG, .set = &help},
        {0},
    };
    const char *pos[2];
    int npos = 0;
    char err[1024];
    if (args_parse(argc, argv, opts, pos, 2, &npos, err, sizeof err) != 0)
        return args_usage_error("bundle", "%s", err);
    if (help) {
        bundle_help();
        return 0;
    }
    if (npos == 0) return args_usage_error("bundle", "缺少操作：export 或 import");
    if (!db || !*db) db = cfg ? cfg->db_path : NULL;
    if (!db || !*db) return args_usage_error("bundle", "缺少 --db：请指定数据库文件");
    if (strcmp(pos[0], "export") == 0) {
        if (npos > 1) return args_usage_error("bundle", "多余的参数 %s", pos[1]);
        if (trust) return args_usage_error("bundle", "export 不接受 --trust（只用于导入）");
        if (for_district || for_township) {
            if (for_district && for_township)
                return args_usage_error("bundle", "--for-district 与 --for-township 只能选一个");
            if (branch || verdicts)
                return args_usage_error("bundle", "%s 不接受 --branch 或 --verdicts",
                                        for_district ? "--for-district" : "--for-township");
            if (!out || !*out) return args_usage_error("bundle", "缺少 --out：请指定交换包文件");
            if (for_district) {
                if (!month || !*month)
                    return args_usage_error("bundle", "缺少 --month：请指定报送的月份（YYYY-MM）");
                return do_export_month(db, month, out, cfg);
            }
            if (!*for_township) return args_usage_error("bundle", "--for-township 需要乡镇的组织代码");
            return do_export_district(db, for_township, month && *month ? month : NULL, out, cfg);
        }
        if (month) return args_usage_error("bundle", "--month 只用于 --for-district 或 --for-township");
        if (!branch || !*branch) return args_usage_error("bundle", "缺少 --branch：请指定组织代码");
        if (!out || !*out) return args_usage_error("bundle", "缺少 --out：请指定交换包文件");
        return do_export(db, branch, verdicts, out, cfg);
    }
    if (strcmp(pos[0], "import") == 0) {
        if (branch) return args_usage_error("bundle", "import 不接受 --branch（支部由交换包决定）");
        if (out) return args_usage_error("bundle", "import 不接受 --out");
        if (verdicts) return args_usage_error("bundle", "import 不接受 --verdicts（种类由交换包决定）");
        if (month || for_district || for_township)
            return args_usage_error("bundle", "import 不接受 --month、--for-district、--for-township（种类由交换包决定）");
        if (npos < 2 || !*pos[1]) return args_usage_error("bundle", "缺少要导入的交换包文件");
        if (trust && !*trust) return args_usage_error("bundle", "--trust 需要给出对方的指纹");
        return do_import(db, pos[1], trust, cfg);
    }
    return args_usage_error("bundle", "未知的操作 %s（可用 export、import）", pos[0]);
}
