/* backup.c — `zhibu backup` and `zhibu restore` (store_backup.h): a checked copy of the ledger
 * made while the program may be open, and putting one back. Exit 0 on success; 1 refused or
 * failed (the reason on one line); 2 usage error or a database that cannot be opened. */
#include "zhibu/cli.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "zhibu/args.h"
#include "zhibu/config.h"
#include "zhibu/store.h"
#include "zhibu/store_backup.h"

static void backup_help(void)
{
    fputs("用法：zhibu backup [--db 路径] [--to 目录] [--keep N]\n"
          "\n"
          "把台账备份到目录（例如 U 盘）：程序正在使用时也可以备份，备份包含所有已保存的内容。\n"
          "备份文件名为 单位名称-年月日-时分.zhibu-backup（同一分钟内再备份时加 -2、-3），\n"
          "只有本人可读写（0600）。写完后先做完整性检查和与 zhibu verify 相同的校验，\n"
          "通过后才改成正式的文件名；失败时不留下不完整的备份。\n"
          "\n"
          "选项：\n"
          "  --db 路径    数据库文件（默认取配置文件 [database] path）\n"
          "  --to 目录    备份目录（默认取配置文件 [backup] dir）\n"
          "  --keep N     备份后只保留本单位最新的 N 份备份（其他单位的和其他文件不动）\n"
          "  -h, --help   显示本说明\n"
          "\n"
          "退出状态：0 成功，1 失败，2 用法错误或数据库无法打开。\n",
          stdout);
}

static void restore_help(void)
{
    fputs("用法：zhibu restore [--db 路径] [--force-other-office] 备份文件\n"
          "\n"
          "用备份替换台账。先检查备份：是 zhibu 的数据库、完整性检查通过、与 zhibu verify\n"
          "相同的校验通过、是本单位的（单位密钥相同）；然后把当前的数据库完整地另存为\n"
          "  数据库文件名.before-restore-年月日-时分秒\n"
          "再换上备份。数据库文件还不存在时（电脑坏了，在新电脑上恢复）直接恢复到该位置。\n"
          "另一个 zhibu 正打开这个数据库时拒绝恢复：请先退出它。\n"
          "\n"
          "选项：\n"
          "  --db 路径               数据库文件（默认取配置文件 [database] path）\n"
          "  --force-other-office    备份来自另一个单位时也恢复（当前的数据库照样另存）\n"
          "  -h, --help              显示本说明\n"
          "\n"
          "退出状态：0 成功，1 被拒绝或失败，2 用法错误。\n",
          stdout);
}

static void size_text(long long bytes, char *out, size_t outsz)
{
    if (bytes >= 1024LL * 1024)
        snprintf(out, outsz, "%.1f MB", (double)bytes / (1024.0 * 1024.0));
    else
        snprintf(out, outsz, "%lld KB", (bytes + 1023) / 1024);
}

int cli_backup(int argc, char **argv, const struct config *cfg)
{
    const char *db = NULL, *to = NULL, *keep_s = NULL;
    bool help = false;
    const struct args_option opts[] = {
        {.name = "db", .kind = ARGS_VALUE, .value = &db},
        {.name = "to", .kind = ARGS_VALUE, .value = &to},
        {.name = "keep", .kind = ARGS_VALUE, .value = &keep_s},
        {.name = "help", .kind = ARGS_FLAG, .set = &help},
        {0},
    };
    char err[1024];
    int npos;
    if (args_parse(argc, argv, opts, NULL, 0, &npos, err, sizeof err) != 0)
        return args_usage_error("backup", "%s", err);
    if (help) {
        backup_help();
        return 0;
    }
    long keep = 0;
    if (keep_s && !args_parse_long(keep_s, 1, 1000, &keep))
        return args_usage_error("backup", "--keep 应为 1 到 1000 的整数");
    if (!db || !*db) db = cfg ? cfg->db_path : NULL;
    if (!db || !*db) return args_usage_error("backup", "缺少 --db：请指定数据库文件");
    if (!to || !*to) to = cfg ? cfg->backup_dir : NULL;
    if (!to || !*to)
        return args_usage_error("backup", "缺少 --to：请指定备份目录（或在配置文件 [backup] dir 中设定）");

    struct store *st = cli_open_db("backup", db, cfg);
    if (!st) return 2;
    struct backup_file f;
    int rc = store_backup_make(st, to, &f);
    if (rc != STORE_OK) {
        cli_store_error("backup", NULL, st);
        store_close(st);
        return 1;
    }
    char size[32];
    size_text(f.bytes, size, sizeof size);
    printf("已备份到 %s（%s，已校验）\n", f.path, size);
    int status = 0;
    if (keep > 0) {
        int removed = 0;
        if (store_backup_prune(st, to, (int)keep, &removed) != STORE_OK) {
            cli_store_error("backup", "清理旧备份失败", st);
            status = 1;
        } else if (removed > 0) {
            printf("已删除本单位较旧的备份 %d 份，保留最新的 %ld 份\n", removed, keep);
        }
    }
    store_close(st);
    int out = cli_finish_stdout("backup");
    return status ? status : out;
}

int cli_restore(int argc, char **argv, const struct config *cfg)
{
    const char *db = NULL;
    bool help = false, other = false;
    const struct args_option opts[] = {
        {.name = "db", .kind = ARGS_VALUE, .value = &db},
        {.name = "force-other-office", .kind = ARGS_FLAG, .set = &other},
        {.name = "help", .kind = ARGS_FLAG, .set = &help},
        {0},
    };
    char err[2048];
    const char *pos[2];
    int npos;
    if (args_parse(argc, argv, opts, pos, 1, &npos, err, sizeof err) != 0)
        return args_usage_error("restore", "%s", err);
    if (help) {
        restore_help();
        return 0;
    }
    if (npos < 1 || !*pos[0]) return args_usage_error("restore", "缺少备份文件");
    if (!db || !*db) db = cfg ? cfg->db_path : NULL;
    if (!db || !*db) return args_usage_error("restore", "缺少 --db：请指定数据库文件");

    struct restore_result r;
    if (store_backup_restore(db, NULL, pos[0], other, &r, err, sizeof err) != STORE_OK) {
        cli_error("restore", "%s", err);
        return 1;
    }
    printf("已从备份 %s 恢复到 %s（%d 个支部、%d 名党员、%d 次会议，校验完整）\n", pos[0], db,
           r.from.branches, r.from.members, r.from.meetings);
    if (r.kept[0]) printf("原来的数据库已另存为 %s\n", r.kept);
    if (r.other_office) printf("注意：备份来自另一个单位（指纹 %s）\n", r.from.office.fingerprint);
    return cli_finish_stdout("restore");
}
