/* office.c — `zhibu office show|list|name|kind`: the office's identity (its kind, name and key's
 * fingerprint, store_office.h) and the offices it has registered, per branch, on the first
 * bundle each sent. name and kind are settings: with accounts in the database they need an
 * administrator (--as LOGIN, password from --as-password-file or the terminal) and are
 * journaled. */
#include "zhibu/cli.h"
#include "office_priv.h"

#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/args.h"
#include "zhibu/auth.h"
#include "zhibu/config.h"
#include "zhibu/csv.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_office.h"
#include "zhibu/text.h"
#include "zhibu/util.h"

static void office_help(void)
{
    fputs("用法：zhibu office show --db 路径\n"
          "      zhibu office list --db 路径 [--format text|csv]\n"
          "      zhibu office name --db 路径 名称 [--as 管理员 [--as-password-file 文件]]\n"
          "      zhibu office kind --db 路径 village|township|district [--as 管理员 ...]\n"
          "  区（县）：\n"
          "      zhibu office township add --db 路径 --code 代码 --name 名称 --fingerprint 指纹\n"
          "                                [--station 指导站] [--as 管理员 ...]\n"
          "      zhibu office township list --db 路径 [--format text|csv]\n"
          "      zhibu office township station --db 路径 --code 代码 --station 指导站|--no-station\n"
          "      zhibu office station add --db 路径 --name 指导站 [--as 管理员 ...]\n"
          "      zhibu office station list --db 路径 [--format text|csv]\n"
          "  乡镇：\n"
          "      zhibu office district set --db 路径 --name 名称 --fingerprint 指纹 [--as 管理员 ...]\n"
          "      zhibu office district show --db 路径\n"
          "\n"
          "本单位的身份。每个数据库在创建时生成一对密钥（Ed25519），导出的交换包都用它签名；\n"
          "指纹是公钥的简短摘要（如 ABCD-EFGH-JKMN-PQRS），可以在电话里念给对方核对。\n"
          "  show    显示本单位的名称、类型、指纹和公钥。\n"
          "  list    列出已登记的其他单位：每个支部的台账单位（送来台账的村、社区）和\n"
          "          审查单位（送回审查结论的乡镇），及其指纹和登记时间。某单位第一次送来\n"
          "          交换包时，核对指纹后登记（zhibu bundle import --trust 指纹，或界面上确认）。\n"
          "  name    设定本单位的名称（1–40 个字），导出的交换包带上这个名称。\n"
          "  kind    设定本单位的类型：village 村（社区）支部、township 乡镇、district 区（县）。\n"
          "          乡镇和区（县）的数据库可以导入新支部的台账；审查结论只有村（社区）\n"
          "          支部的数据库接受，且只接受乡镇导出的。\n"
          "  township  区（县）登记所辖的乡镇：组织代码（1–20 位数字、字母或“-”）、名称和\n"
          "          乡镇数据库的指纹（乡镇用 zhibu office show 查看后告知），可划入一个指导站。\n"
          "          区（县）只接受已登记的乡镇送来的交换包；一个支部只属于一个乡镇。\n"
          "          station 把乡镇划入另一个指导站（--no-station：不属于任何指导站）。\n"
          "  station   区（县）登记基层党建工作指导站（如 第一指导站）；督查员账号属于某个\n"
          "          指导站（zhibu user add --role inspector --station 指导站），只能复审、\n"
          "          督查本指导站所辖乡镇的支部。\n"
          "  district  乡镇登记上级区（县）：名称和区（县）数据库的指纹；只接受它的交换包。\n"
          "          已登记时再次 set 即更换（须管理员）。show 显示登记的区（县）。\n"
          "name、kind 和上述登记都记入修改日志；数据库已有账号时须以管理员身份执行（--as）。\n"
          "\n"
          "选项：\n"
          "  --db 路径                 数据库文件（默认取配置文件 [database] path）\n"
          "  --format 格式             list 的输出：text（默认）或 csv\n"
          "  --code 代码               乡镇的组织代码\n"
          "  --name 名称               乡镇、指导站或上级区（县）的名称\n"
          "  --fingerprint 指纹        对方单位的指纹（如 ABCD-EFGH-JKMN-PQRS）\n"
          "  --station 指导站          乡镇所属的指导站\n"
          "  --no-station              乡镇不属于任何指导站（township station）\n"
          "  --as 用户名               以该管理员的身份执行（name、kind）\n"
          "  --as-password-file 文件   该管理员的密码文件\n"
          "  -h, --help                显示本说明\n"
          "\n"
          "退出状态：0 成功，1 被拒绝或失败，2 用法错误或数据库无法打开。\n",
          stdout);
}

static int office_show(struct store *st)
{
    struct office_info me;
    if (store_office_get(st, &me) != STORE_OK) {
        cli_store_error("office", NULL, st);
        return 1;
    }
    printf("名称：%s\n", me.name[0] ? me.name : "（未命名，可用 zhibu office name 设定）");
    printf("类型：%s\n", office_kind_label(me.kind));
    printf("指纹：%s\n", me.fingerprint);
    printf("公钥：%s\n", me.public_key);
    printf("密钥生成于：%s（UTC）\n", me.key_created_at);
    return cli_finish_stdout("office");
}

/* One line of the text listing, columns padded by screen width. */
static void text_row(const char *branch, const char *role, const char *name, const char *kind,
                     const char *fpr, const char *when, const char *by)
{
    char a[24 * 4 + 1], b[8 * 4 + 1], c[24 * 4 + 1], d[14 * 4 + 1], e[19 * 4 + 1], f[16 * 4 + 1];
    text_pad(a, sizeof a, branch, 24, true);
    text_pad(b, sizeof b, role, 8, false);
    text_pad(c, sizeof c, name, 24, true);
    text_pad(d, sizeof d, kind, 14, false);
    text_pad(e, sizeof e, fpr, 19, false);
    text_pad(f, sizeof f, when, 16, false);
    char line[1024];
    snprintf(line, sizeof line, "%s  %s  %s  %s  %s  %s  %s", a, b, c, d, e, f, by);
    size_t n = strlen(line);
    while (n > 0 && line[n - 1] == ' ') line[--n] = '\0';
    puts(line);
}

static int office_list(struct store *st, const char *format)
{
    struct store_office_peer_list all;
    if (store_office_peer_list(st, &all) != STORE_OK) {
        cli_store_error("office", NULL, st);
        return 1;
    }
    struct office_peer *ps = all.v;
    int n = all.n;
    bool csv = strcmp(format, "csv") == 0;
    if (csv) {
        static const char *const head[] = {"组织代码", "支部", "角色", "单位名称", "单位类型",
                                           "指纹", "登记时间", "登记人", "更新时间"};
        csv_write_row(stdout, head, 9);
    } else {
        text_row("支部", "角色", "单位名称", "单位类型", "指纹", "登记时间（UTC）", "登记人");
    }
    for (int i = 0; i < n; i++) {
        const struct office_peer *p = &ps[i];
        char branch[200], when[20];
        snprintf(branch, sizeof branch, "%s %s", p->branch_code, p->branch_name);
        zb_strlcpy(when, p->created_at, sizeof when);
        if (strlen(when) >= 16) {
            when[10] = ' ';
            when[16] = '\0';
        }
        const char *name = p->office_name[0] ? p->office_name : "（未命名）";
        if (csv) {
            const char *row[] = {p->branch_code, p->branch_name, office_role_label(p->role),
                                 name, office_kind_label(p->office_kind), p->fingerprint,
                                 p->created_at, p->created_by, p->updated_at};
            csv_write_row(stdout, row, 9);
        } else {
            text_row(branch, office_role_label(p->role), name, office_kind_label(p->office_kind),
                     p->fingerprint, when, p->created_by);
        }
    }
    if (!csv && n == 0) printf("（还没有登记其他单位）\n");
    free(ps);
    return cli_finish_stdout("office");
}

/* With accounts in the database: log in as --as (an administrator's rights are the store's
 * to check). 0, or the exit status after printing why. */
int office_login_admin(struct store *st, const char *as, const char *as_pwfile,
                       const struct config *cfg)
{
    int nusers = store_user_count(st);
    if (nusers < 0) {
        cli_store_error("office", NULL, st);
        return 1;
    }
    if (nusers == 0) return 0; /* before `zhibu init`: the system */
    if (!as) return args_usage_error("office", "数据库已有账号：请用 --as 指定执行操作的管理员");
    return cli_login("office", st, as, as_pwfile, cfg);
}

int cli_office(int argc, char **argv, const struct config *cfg)
{
    const char *db = NULL, *format = NULL, *as = NULL, *as_pwfile = NULL;
    struct office_district_args da = {0};
    bool help = false;
    const struct args_option opts[] = {
        {.name = "db", .kind = ARGS_VALUE, .value = &db},
        {.name = "format", .kind = ARGS_VALUE, .value = &format},
        {.name = "as", .kind = ARGS_VALUE, .value = &as},
        {.name = "as-password-file", .kind = ARGS_VALUE, .value = &as_pwfile},
        {.name = "code", .kind = ARGS_VALUE, .value = &da.code},
        {.name = "name", .kind = ARGS_VALUE, .value = &da.name},
        {.name = "fingerprint", .kind = ARGS_VALUE, .value = &da.fingerprint},
        {.name = "station", .kind = ARGS_VALUE, .value = &da.station},
        {.name = "no-station", .kind = ARGS_FLAG, .set = &da.no_station},
        {.name = "help", .kind = ARGS_FLAG, .set = &help},
        {0},
    };
    const char *pos[2];
    int npos = 0;
    char err[1200];
    if (args_parse(argc, argv, opts, pos, 2, &npos, err, sizeof err) != 0)
        return args_usage_error("office", "%s", err);
    if (help) {
        office_help();
        return 0;
    }
    if (npos == 0)
        return args_usage_error("office",
                                "缺少操作：show、list、name、kind、township、station 或 district");
    const char *action = pos[0];
    if (strcmp(action, "township") == 0 || strcmp(action, "station") == 0 ||
        strcmp(action, "district") == 0) {
        da.what = action;
        da.action = npos > 1 ? pos[1] : NULL;
        da.format = format;
        da.as = as;
        da.as_pwfile = as_pwfile;
        if (!db || !*db) db = cfg ? cfg->db_path : NULL;
        if (!db || !*db) return args_usage_error("office", "缺少 --db：请指定数据库文件");
        if (format && strcmp(format, "text") != 0 && strcmp(format, "csv") != 0)
            return args_usage_error("office", "--format 应为 text 或 csv，而不是“%s”", format);
        if (as_pwfile && !as)
            return args_usage_error("office", "--as-password-file 需要与 --as 一起用");
        int crc = office_district_check(&da);
        if (crc) return crc;
        struct store *dst = cli_open_db("office", db, cfg);
        if (!dst) return 2;
        crc = office_district_run(dst, &da, cfg);
        store_close(dst);
        return crc;
    }
    if (da.code || da.name || da.fingerprint || da.station || da.no_station)
        return args_usage_error("office", "--code、--name、--fingerprint、--station 只用于"
                                          " township、station 和 district");
    bool is_show = strcmp(action, "show") == 0, is_list = strcmp(action, "list") == 0;
    bool is_name = strcmp(action, "name") == 0, is_kind = strcmp(action, "kind") == 0;
    if (!is_show && !is_list && !is_name && !is_kind)
        return args_usage_error(
            "office", "未知的操作 %s（可用 show、list、name、kind、township、station、district）",
            action);
    if (!db || !*db) db = cfg ? cfg->db_path : NULL;
    if (!db || !*db) return args_usage_error("office", "缺少 --db：请指定数据库文件");
    if (!is_list && format) return args_usage_error("office", "--format 只用于 list");
    if (!format) format = "text";
    if (strcmp(format, "text") != 0 && strcmp(format, "csv") != 0)
        return args_usage_error("office", "--format 应为 text 或 csv，而不是“%s”", format);
    if ((is_show || is_list) && (as || as_pwfile))
        return args_usage_error("office", "%s 只读，不需要 --as", action);
    if (as_pwfile && !as) return args_usage_error("office", "--as-password-file 需要与 --as 一起用");
    if ((is_show || is_list) && npos > 1)
        return args_usage_error("office", "多余的参数 %s", pos[1]);
    if (is_name && (npos < 2 || !*pos[1]))
        return args_usage_error("office", "缺少本单位的名称");
    if (is_kind && npos < 2)
        return args_usage_error("office", "缺少类型：village、township 或 district");
    if (is_kind && !office_kind_valid(pos[1]))
        return args_usage_error("office", "类型应为 village、township 或 district，而不是“%s”",
                                pos[1]);

    struct store *st = cli_open_db("office", db, cfg);
    if (!st) return 2;
    int rc;
    if (is_show) {
        rc = office_show(st);
    } else if (is_list) {
        rc = office_list(st, format);
    } else {
        rc = office_login_admin(st, as, as_pwfile, cfg);
        if (rc == 0) {
            int src = is_name ? store_office_set(st, NULL, pos[1])
                              : store_office_set(st, pos[1], NULL);
            if (src != STORE_OK) {
                cli_store_error("office", NULL, st);
                rc = 1;
            } else {
                struct office_info me;
                if (store_office_get(st, &me) == STORE_OK)
                    fprintf(stderr, "本单位%s已设为 %s\n", is_name ? "名称" : "类型",
                            is_name ? me.name : office_kind_label(me.kind));
            }
        }
    }
    store_close(st);
    return rc;
}
