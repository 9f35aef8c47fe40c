/* verify.c — `zhibu verify`: recompute the journal's hash chains and compare every journaled
 * row with the journal (store_journal_verify). Exit 0 and "完整" when nothing was found; 1 with each
 * problem on its own line (chain problems first); 2 for a usage error, a database that cannot
 * be opened or an unknown branch. Warnings (时间倒退: an entry earlier than the one before it)
 * are listed after the counts, or before the last line when there are problems; they never
 * change the exit status. */
#include "zhibu/cli.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "zhibu/args.h"
#include "zhibu/config.h"
#include "zhibu/model.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"

static void verify_help(void)
{
    fputs("用法：zhibu verify [--db 路径] [--branch 组织代码]\n"
          "\n"
          "校验数据库的修改日志：逐条重算每个支部的哈希链（日志被改动或删除时链条断开），\n"
          "并把每条记录的当前内容与日志中最新的内容比较（找出在 zhibu 之外被改动、删除\n"
          "或写入的记录）。给出 --branch 时只校验该支部。\n"
          "\n"
          "导出、导入交换包时记下的链头（已发出的、已收到的）也逐个核对：最新的日志连同\n"
          "记录一起被删除时，指出缺少哪几条。\n"
          "\n"
          "结果：没有问题时输出“完整”和校验的日志条数、记录数，退出码 0；发现问题时逐行列出\n"
          "（先列哈希链的问题），退出码 1；参数错误、数据库无法打开或支部不存在时退出码 2。\n"
          "时间早于同一链上前一条的日志（电脑时钟被调回）列为“时间倒退”警告，不影响结果。\n"
          "对整个数据库的校验结果会记在数据库中，供审查界面显示。\n",
          stdout);
}

/* The 时间倒退 warnings: a heading with the count, then each (up to VERIFY_MAX_PROBLEMS). */
static void print_warnings(const struct verify_result *r)
{
    if (r->nwarnings == 0) return;
    printf("警告：时间倒退 %d 处（日志的时间早于同一链上的前一条，电脑时钟可能被调回；"
           "不影响完整性）\n",
           r->nwarnings);
    int kept = r->nwarnings < VERIFY_MAX_PROBLEMS ? r->nwarnings : VERIFY_MAX_PROBLEMS;
    for (int i = 0; i < kept; i++) printf("%s\n", r->warnings[i].message);
    if (r->nwarnings > kept) printf("……另有 %d 处时间倒退未列出\n", r->nwarnings - kept);
}

int cli_verify(int argc, char **argv, const struct config *cfg)
{
    const char *db = NULL, *branch = NULL;
    bool help = false;
    const struct args_option opts[] = {
        {.name = "db", .kind = ARGS_VALUE, .value = &db},
        {.name = "branch", .kind = ARGS_VALUE, .value = &branch},
        {.name = "help", .kind = ARGS_FLAG, .set = &help},
        {0},
    };
    char err[1024];
    int npos;
    if (args_parse(argc, argv, opts, NULL, 0, &npos, err, sizeof err) != 0)
        return args_usage_error("verify", "%s", err);
    if (help) {
        verify_help();
        return 0;
    }
    if (branch && !*branch) return args_usage_error("verify", "--branch 不能为空");
    if (!db || !*db) db = cfg ? cfg->db_path : NULL;
    if (!db || !*db) return args_usage_error("verify", "缺少 --db：请指定数据库文件");

    struct store *st;
    struct store_options so = {
        .create = false,
        .backup_keep = cfg ? cfg->backup_keep : 10,
        .progress = cli_upgrade_progress,
    };
    if (store_open(db, &so, &st, err, sizeof err) != STORE_OK) {
        cli_error("verify", "%s", err);
        return 2;
    }
    int64_t branch_id = 0;
    if (branch) {
        struct branch b;
        int rc = store_branch_by_code(st, branch, &b);
        if (rc != STORE_OK) {
            if (rc == STORE_ERR_NOT_FOUND)
                cli_error("verify", "没有组织代码为 %s 的支部", branch);
            else
                cli_store_error("verify", "读取支部失败", st);
            store_close(st);
            return 2;
        }
        branch_id = b.id;
    }
    struct verify_result r;
    int rc = store_journal_verify(st, branch_id, &r);
    if (rc != STORE_OK) {
        cli_store_error("verify", "校验失败", st);
        store_close(st);
        return 1;
    }
    store_close(st);
    int status;
    if (r.nproblems == 0) {
        printf("完整\n已校验 %lld 条日志、%lld 条记录，未发现问题\n", (long long)r.entries,
               (long long)r.rows);
        print_warnings(&r);
        status = 0;
    } else {
        int kept = r.nproblems < VERIFY_MAX_PROBLEMS ? r.nproblems : VERIFY_MAX_PROBLEMS;
        for (int i = 0; i < kept; i++) printf("%s\n", r.problems[i].message);
        if (r.nproblems > kept) printf("……另有 %d 个问题未列出\n", r.nproblems - kept);
        print_warnings(&r);
        printf("不完整：已校验 %lld 条日志、%lld 条记录，发现 %d 个问题\n",
               (long long)r.entries, (long long)r.rows, r.nproblems);
        status = 1;
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("verify", "写入标准输出失败");
        status = 1;
    }
    return status;
}
