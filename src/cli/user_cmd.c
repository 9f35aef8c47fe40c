/* user.c — `zhibu user add|passwd|list|disable|enable|branch|station`: accounts from the command
 * line.
 * When the database has accounts, the command acts as an administrator who logs in first
 * (--as LOGIN, password from --as-password-file or the terminal) through store_login, so the
 * store's own rules apply: its lockout, and its refusal of what a secretary may not do. */
#include "zhibu/cli.h"

#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "zhibu/args.h"
#include "zhibu/auth.h"
#include "zhibu/clock.h"
#include "zhibu/config.h"
#include "zhibu/csv.h"
#include "zhibu/date.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_district.h"
#include "zhibu/text.h"
#include "zhibu/util.h"

static void user_help(void)
{
    fputs("用法：zhibu user add     --db 路径 --login 用户名\n"
          "                         --role secretary|reviewer|admin|inspector\n"
          "                         [--branch 组织代码] [--station 指导站] [--name 显示名]\n"
          "                         [--password-file 文件]\n"
          "      zhibu user passwd  --db 路径 --login 用户名 [--password-file 文件]\n"
          "      zhibu user list    --db 路径 [--format text|csv]\n"
          "      zhibu user disable --db 路径 --login 用户名\n"
          "      zhibu user enable  --db 路径 --login 用户名\n"
          "      zhibu user branch  --db 路径 --login 用户名 [--branch 组织代码]\n"
          "      zhibu user station --db 路径 --login 用户名 --station 指导站\n"
          "  每个命令另加：--as 管理员用户名 [--as-password-file 文件]\n"
          "\n"
          "管理账号。角色：secretary 支部书记（必须给 --branch，只能管本支部的台账），\n"
          "reviewer 审查员（--branch 为审查范围：该支部及其下属支部；不给则为全部支部），\n"
          "admin 管理员（管理账号、支部和设置，不带 --branch），\n"
          "inspector 指导站督查员（只在区（县）的数据库中；必须给 --station：督查员复审、督查\n"
          "该指导站所辖乡镇的支部）。区（县）的数据库中，审查范围为全部支部的 reviewer 是\n"
          "区委组织部的复审人员。\n"
          "用户名：2–32 个字符，英文字母开头，只含英文字母、数字和 _ . -（不能用中文和空格，\n"
          "中文姓名填在 --name 显示名里）。密码：6–128 个字节，超长的密码会被拒绝而不是截断。\n"
          "不给 --password-file 时在终端上输入两次新密码（不回显）。\n"
          "passwd 会解除账号的锁定；任何人可以改自己的密码（--as 与 --login 相同）。\n"
          "disable 停用账号（不能停用自己，也不能停用最后一个可用的管理员），enable 重新启用。\n"
          "branch 改支部书记的支部，或审查员的审查范围（不给 --branch 为全部支部）。\n"
          "station 改督查员所属的指导站（指导站用 zhibu office station add 登记）。\n"
          "list 列出用户名、显示名、角色、支部和状态（已停用、已锁定至何时）。\n"
          "\n"
          "数据库已有账号时，这些命令须以管理员身份执行：--as 给出管理员的用户名，密码取自\n"
          "--as-password-file，否则在终端上询问。连续输错密码会锁定该账号（见配置文件\n"
          "[accounts]）。数据库还没有账号时，先运行 zhibu init。\n"
          "\n"
          "选项：\n"
          "  --db 路径                 数据库文件（默认取配置文件 [database] path）\n"
          "  --login 用户名            要添加或修改的账号\n"
          "  --role 角色               secretary、reviewer 或 admin（add 必填）\n"
          "  --branch 组织代码         支部书记的支部，或审查员的审查范围\n"
          "  --station 指导站          督查员所属的指导站（名称，如 第一指导站）\n"
          "  --name 显示名             显示的姓名，可以是中文（默认同用户名）\n"
          "  --password-file 文件      新密码的文件：第一行为密码（行尾的换行不算）\n"
          "  --format 格式             list 的输出：text（默认）或 csv\n"
          "  --as 用户名               以该管理员的身份执行\n"
          "  --as-password-file 文件   该管理员的密码文件\n"
          "  -h, --help                显示本说明\n"
          "\n"
          "退出状态：0 成功，1 被拒绝（密码错误、无权限、用户名或密码不合要求等），2 用法错误。\n",
          stdout);
}

static void user_state(const struct user *u, const char *now, char *out, size_t outsz)
{
    out[0] = '\0';
    if (u->disabled) {
        snprintf(out, outsz, "已停用");
    } else if (auth_is_locked(u->locked_until, now)) {
        char when[48];
        clock_local_text(u->locked_until, when, sizeof when);
        snprintf(out, outsz, "已锁定至 %s", when);
    }
}

/* One line of the text listing: columns padded by screen width (Chinese is two columns). */
static void text_row(const char *login, const char *name, const char *role, const char *branch,
                     const char *state)
{
    char a[AUTH_LOGIN_MAX * 4 + 1], b[20 * 4 + 1], c[12 * 4 + 1], d[16 * 4 + 1];
    text_pad(a, sizeof a, login, 16, true);
    text_pad(b, sizeof b, name, 20, true);
    text_pad(c, sizeof c, role, 12, false);
    text_pad(d, sizeof d, branch, 16, true);
    char line[512];
    snprintf(line, sizeof line, "%s  %s  %s  %s  %s", a, b, c, d, state);
    size_t n = strlen(line);
    while (n > 0 && line[n - 1] == ' ') line[--n] = '\0';
    puts(line);
}

static int user_list(struct store *st, const char *format)
{
    struct store_user_list all;
    if (store_user_list(st, &all) != STORE_OK) {
        cli_store_error("user", NULL, st);
        return 1;
    }
    struct user *us = all.v;
    int n = all.n;
    char now[24];
    clock_now_iso(now);
    bool csv = strcmp(format, "csv") == 0;
    if (csv) {
        static const char *const head[] = {"用户名", "显示名", "角色", "支部", "状态"};
        csv_write_row(stdout, head, 5);
    } else {
        text_row("用户名", "显示名", "角色", "支部", "状态");
    }
    for (int i = 0; i < n; i++) {
        const struct user *u = &us[i];
        char state[96];
        user_state(u, now, state, sizeof state);
        /* an inspector's column holds their station */
        const char *branch = u->role == STORE_ROLE_INSPECTOR ? u->station_name
                             : u->branch_code[0]             ? u->branch_code
                             : u->role == STORE_ROLE_REVIEWER ? "全部"
                                                              : "";
        if (csv) {
            const char *row[] = {u->login, u->display_name, store_role_label(u->role), branch,
                                 state};
            csv_write_row(stdout, row, 5);
        } else {
            text_row(u->login, u->display_name, store_role_label(u->role), branch, state);
        }
    }
    if (!csv && n == 0) printf("（没有账号）\n");
    free(us);
    return 0;
}

int cli_user(int argc, char **argv, const struct config *cfg)
{
    const char *db = NULL, *login = NULL, *role_txt = NULL, *branch_code = NULL, *name = NULL;
    const char *pwfile = NULL, *format = NULL, *as = NULL, *as_pwfile = NULL, *station = NULL;
    bool help = false;
    const struct args_option opts[] = {
        {.name = "db", .kind = ARGS_VALUE, .value = &db},
        {.name = "login", .kind = ARGS_VALUE, .value = &login},
        {.name = "role", .kind = ARGS_VALUE, .value = &role_txt},
        {.name = "branch", .kind = ARGS_VALUE, .value = &branch_code},
        {.name = "station", .kind = ARGS_VALUE, .value = &station},
        {.name = "name", .kind = ARGS_VALUE, .value = &name},
        {.name = "password-file", .kind = ARGS_VALUE, .value = &pwfile},
        {.name = "format", .kind = ARGS_VALUE, .value = &format},
        {.name = "as", .kind = ARGS_VALUE, .value = &as},
        {.name = "as-password-file", .kind = ARGS_VALUE, .value = &as_pwfile},
        {.name = "help", .kind = ARGS_FLAG, .set = &help},
        {0},
    };
    const char *pos[1];
    int npos = 0;
    char err[1200], msg[256];
    if (args_parse(argc, argv, opts, pos, 1, &npos, err, sizeof err) != 0)
        return args_usage_error("user", "%s", err);
    if (help) {
        user_help();
        return 0;
    }
    if (npos == 0)
        return args_usage_error("user",
                                "缺少操作：add、passwd、list、disable、enable、branch 或 station");
    const char *action = pos[0];
    bool is_add = strcmp(action, "add") == 0, is_passwd = strcmp(action, "passwd") == 0;
    bool is_list = strcmp(action, "list") == 0, is_disable = strcmp(action, "disable") == 0;
    bool is_enable = strcmp(action, "enable") == 0, is_branch = strcmp(action, "branch") == 0;
    bool is_station = strcmp(action, "station") == 0;
    if (!is_add && !is_passwd && !is_list && !is_disable && !is_enable && !is_branch &&
        !is_station)
        return args_usage_error(
            "user", "未知的操作 %s（应为 add、passwd、list、disable、enable、branch 或 station）",
            action);

    /* what each action takes */
    if (!db || !*db) db = cfg ? cfg->db_path : NULL;
    if (!db || !*db) return args_usage_error("user", "缺少 --db：请指定数据库文件");
    if (!is_list && (!login || !*login))
        return args_usage_error("user", "缺少 --login：请指定账号的用户名");
    if (is_list && login) return args_usage_error("user", "list 不接受 --login");
    if (!is_add && (role_txt || name)) return args_usage_error("user", "--role、--name 只用于 add");
    if (!is_add && !is_branch && branch_code)
        return args_usage_error("user", "--branch 只用于 add 和 branch");
    if (!is_add && !is_station && station)
        return args_usage_error("user", "--station 只用于 add 和 station");
    if (is_station && (!station || !*station))
        return args_usage_error("user", "缺少 --station：请指定指导站");
    if (!is_add && !is_passwd && pwfile)
        return args_usage_error("user", "--password-file 只用于 add 和 passwd");
    if (!is_list && format) return args_usage_error("user", "--format 只用于 list");
    if (!format) format = "text";
    if (strcmp(format, "text") != 0 && strcmp(format, "csv") != 0)
        return args_usage_error("user", "--format 应为 text 或 csv，而不是“%s”", format);
    if (as_pwfile && !as) return args_usage_error("user", "--as-password-file 需要与 --as 一起用");
    int role = -1;
    if (is_add) {
        if (!role_txt)
            return args_usage_error("user", "缺少 --role：secretary、reviewer、admin 或 inspector");
        role = store_role_parse(role_txt);
        if (role <= 0)
            return args_usage_error(
                "user", "--role 应为 secretary、reviewer、admin 或 inspector，而不是“%s”", role_txt);
        if (role == STORE_ROLE_INSPECTOR && branch_code)
            return args_usage_error("user", "督查员账号不属于某个支部，不要给 --branch（用 --station）");
        if (role == STORE_ROLE_INSPECTOR && (!station || !*station))
            return args_usage_error("user", "督查员须用 --station 指定指导站");
        if (role != STORE_ROLE_INSPECTOR && station)
            return args_usage_error("user", "只有督查员（--role inspector）属于指导站，不要给 --station");
        if (role == STORE_ROLE_ADMIN && branch_code)
            return args_usage_error("user", "管理员账号不属于某个支部，不要给 --branch");
        if (role == STORE_ROLE_SECRETARY && !branch_code)
            return args_usage_error("user", "支部书记账号必须用 --branch 指定所在支部");
        if (name && strlen(name) >= sizeof ((struct user *)0)->display_name) {
            cli_error("user", "显示名太长：最多 21 个汉字或 63 个字母");
            return 1;
        }
    }
    /* the login's form is checked before anything is asked */
    if (is_add && auth_check_login(login, msg, sizeof msg) != 0) {
        cli_error("user", "%s", msg);
        return 1;
    }

    struct store_options so = {
        .create = false,
        .backup_keep = cfg ? cfg->backup_keep : 10,
        .progress = cli_upgrade_progress,
    };
    struct store *st = NULL;
    if (store_open(db, &so, &st, err, sizeof err) != STORE_OK) {
        cli_error("user", "%s", err);
        return 1;
    }
    int rc = 0;
    int nusers = store_user_count(st);
    if (nusers < 0) {
        cli_store_error("user", NULL, st);
        store_close(st);
        return 1;
    }
    if (nusers == 0) {
        cli_error("user", "数据库还没有账号：先运行 zhibu init");
        store_close(st);
        return 1;
    }
    if (!as) {
        store_close(st);
        return args_usage_error("user", "数据库已有账号：请用 --as 指定执行操作的管理员");
    }
    rc = cli_login("user", st, as, as_pwfile, cfg);
    if (rc != 0) {
        store_close(st);
        return rc;
    }

    if (is_list) {
        if (!store_may_admin(st)) {
            cli_error("user", "只有管理员可以查看账号列表");
            rc = 1;
        } else {
            rc = user_list(st, format);
        }
    } else if (is_disable || is_enable) {
        if (store_user_set_disabled(st, login, is_disable) != STORE_OK) {
            cli_store_error("user", NULL, st);
            rc = 1;
        } else {
            fprintf(stderr, "已%s账号 %s\n", is_disable ? "停用" : "启用", login);
        }
    } else if (is_station) {
        struct station z;
        if (store_station_by_name(st, station, &z) != STORE_OK) {
            cli_store_error("user", NULL, st);
            rc = 1;
        } else if (store_user_set_station(st, login, z.id) != STORE_OK) {
            cli_store_error("user", NULL, st);
            rc = 1;
        } else {
            fprintf(stderr, "已将账号 %s 的指导站改为 %s\n", login, z.name);
        }
    } else if (is_branch) {
        struct branch b = {0};
        if (branch_code && store_branch_by_code(st, branch_code, &b) != STORE_OK) {
            cli_error("user", "没有组织代码为 %s 的支部", branch_code);
            rc = 1;
        } else if (store_user_set_branch(st, login, b.id) != STORE_OK) {
            cli_store_error("user", NULL, st);
            rc = 1;
        } else {
            fprintf(stderr, "已将账号 %s 的支部改为 %s\n", login, branch_code ? branch_code : "全部支部");
        }
    } else {
        struct user u = {0};
        if (is_add) {
            u.role = (enum store_role)role;
            zb_strlcpy(u.login, login, sizeof u.login);
            zb_strlcpy(u.display_name, name ? name : "", sizeof u.display_name);
            if (branch_code) {
                struct branch b;
                if (store_branch_by_code(st, branch_code, &b) != STORE_OK) {
                    cli_error("user", "没有组织代码为 %s 的支部", branch_code);
                    store_close(st);
                    return 1;
                }
                u.branch_id = b.id;
            }
            if (station) {
                struct station z;
                if (store_station_by_name(st, station, &z) != STORE_OK) {
                    cli_store_error("user", NULL, st);
                    store_close(st);
                    return 1;
                }
                u.station_id = z.id;
            }
        } else if (store_user_get(st, login, &u) != STORE_OK) {
            /* checked before the password is asked */
            cli_store_error("user", NULL, st);
            store_close(st);
            return 1;
        }
        char npw[CLI_PASSWORD_BUF], prompt[128];
        snprintf(prompt, sizeof prompt, "%s 的新密码：", u.login);
        rc = cli_password("user", pwfile, prompt, true, npw, sizeof npw);
        if (rc == 0 && auth_check_password(npw, msg, sizeof msg) != 0) {
            cli_error("user", "%s", msg);
            rc = 1;
        }
        if (rc == 0) {
            int src = is_add ? store_user_add(st, &u, npw) : store_user_passwd(st, u.login, npw);
            if (src != STORE_OK) {
                cli_store_error("user", NULL, st);
                rc = 1;
            } else if (is_add) {
                if (u.role == STORE_ROLE_INSPECTOR)
                    fprintf(stderr, "已添加账号 %s（%s，%s，%s）\n", u.login, u.display_name,
                            store_role_label(u.role), u.station_name);
                else
                    fprintf(stderr, "已添加账号 %s（%s，%s%s%s）\n", u.login, u.display_name,
                            store_role_label(u.role), u.branch_code[0] ? "，" : "",
                            u.branch_code[0] ? u.branch_code
                            : u.role == STORE_ROLE_REVIEWER ? "，审查全部支部" : "");
            } else {
                fprintf(stderr, "已修改账号 %s 的密码\n", u.login);
            }
        }
        sodium_memzero(npw, sizeof npw);
    }
    store_close(st);
    return rc;
}
