/* init.c — `zhibu init`: a new database and its first administrator. Also the password input
 * the account commands share (cli_password): the first line of a file, or the terminal with
 * echo off. A clear password lives only in the caller's buffer, which is wiped after use. */
#include "zhibu/cli.h"

#include <signal.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "zhibu/args.h"
#include "zhibu/auth.h"
#include "zhibu/config.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_exchange.h"
#include "zhibu/store_office.h"
#include "zhibu/util.h"

/* The terminal's settings while echo is off, put back if a signal ends the program there. */
static struct termios tty_saved;
static volatile sig_atomic_t tty_saved_fd = -1;

static void tty_restore_and_die(int sig)
{
    if (tty_saved_fd >= 0) tcsetattr(tty_saved_fd, TCSANOW, &tty_saved);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* One line from the terminal with echo off, without its line end. 0, or -1 with err. */
static int tty_line(FILE *tty, const char *prompt, char *buf, size_t bufsz, char *err,
                    size_t errsz)
{
    int fd = fileno(tty);
    struct termios old, quiet;
    struct sigaction sa = {.sa_handler = tty_restore_and_die}, old_int, old_term, old_quit;
    bool restore = tcgetattr(fd, &old) == 0;
    if (restore) {
        tty_saved = old;
        tty_saved_fd = fd;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, &old_int);
        sigaction(SIGTERM, &sa, &old_term);
        sigaction(SIGQUIT, &sa, &old_quit);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        quiet.c_lflag |= ECHONL;
        tcsetattr(fd, TCSANOW, &quiet);
    }
    fputs(prompt, tty);
    fflush(tty);
    buf[0] = '\0';
    bool got = fgets(buf, (int)bufsz, tty) != NULL;
    if (restore) {
        tcsetattr(fd, TCSANOW, &old);
        tty_saved_fd = -1;
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGTERM, &old_term, NULL);
        sigaction(SIGQUIT, &old_quit, NULL);
    }
    if (!got) {
        snprintf(err, errsz, "没有读到密码");
        return -1;
    }
    size_t n = strlen(buf);
    if (n > 0 && buf[n - 1] != '\n' && !feof(tty)) {
        /* longer than the buffer: drain the rest and refuse (never cut) */
        int c;
        while ((c = fgetc(tty)) != EOF && c != '\n') {
        }
        sodium_memzero(buf, bufsz);
        snprintf(err, errsz, "密码太长：最多 %d 个字节", AUTH_PASSWORD_MAX);
        return -1;
    }
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) buf[--n] = '\0';
    return 0;
}

int cli_login(const char *cmd, struct store *st, const char *as, const char *as_pwfile,
              const struct config *cfg)
{
    char pw[CLI_PASSWORD_BUF], prompt[128];
    snprintf(prompt, sizeof prompt, "%s 的密码：", as);
    int rc = cli_password(cmd, as_pwfile, prompt, false, pw, sizeof pw);
    if (rc == 0) {
        struct auth_policy pol = {.attempts = cfg ? cfg->lockout_attempts : 5,
                                  .minutes = cfg ? cfg->lockout_minutes : 5};
        if (store_login(st, as, pw, &pol) != STORE_OK) {
            cli_store_error(cmd, NULL, st);
            rc = 1;
        }
    }
    sodium_memzero(pw, sizeof pw);
    return rc;
}

int cli_password(const char *cmd, const char *file, const char *prompt, bool confirm, char *buf,
                 size_t bufsz)
{
    char err[1200];
    buf[0] = '\0';
    if (file) {
        if (zb_read_secret_file(file, buf, bufsz, err, sizeof err) != 0) {
            cli_error(cmd, "%s", err);
            return 1;
        }
        return 0;
    }
    FILE *tty = fopen("/dev/tty", "r+");
    if (!tty) {
        cli_error(cmd, "没有可输入密码的终端：请用 --password-file 给出密码文件");
        return 2;
    }
    setvbuf(tty, NULL, _IONBF, 0); /* no stdio buffer keeps a copy of what is typed */
    int rc = 0;
    if (tty_line(tty, prompt, buf, bufsz, err, sizeof err) != 0) {
        cli_error(cmd, "%s", err);
        rc = 1;
    } else if (confirm) {
        char again[CLI_PASSWORD_BUF];
        if (tty_line(tty, "再输入一次：", again, sizeof again, err, sizeof err) != 0) {
            cli_error(cmd, "%s", err);
            rc = 1;
        } else if (strcmp(buf, again) != 0) {
            cli_error(cmd, "两次输入的密码不一致");
            rc = 1;
        }
        sodium_memzero(again, sizeof again);
    }
    fclose(tty);
    if (rc) sodium_memzero(buf, bufsz);
    return rc;
}

static void init_help(void)
{
    fputs("用法：zhibu init [--db 路径] [--login 用户名] [--name 显示名] [--password-file 文件]\n"
          "\n"
          "创建数据库和第一个管理员账号。管理员管理账号、支部和设置；之后用\n"
          "zhibu user add 为支部书记和审查员开账号。数据库已有账号时拒绝（不改动任何内容）；\n"
          "已有数据但还没有账号的数据库（如旧版本的数据库）可以初始化。\n"
          "\n"
          "用户名：2–32 个字符，英文字母开头，只含英文字母、数字和 _ . -（不能用中文和空格，\n"
          "中文姓名填在显示名里）。密码：6–128 个字节，超长的密码会被拒绝而不是截断。\n"
          "不给 --password-file 时在终端上输入两次密码（不回显）。\n"
          "\n"
          "选项：\n"
          "  --db 路径              数据库文件（默认取配置文件 [database] path）\n"
          "  --login 用户名         管理员的用户名，默认 admin\n"
          "  --name 显示名          管理员的显示名，默认“管理员”\n"
          "  --password-file 文件   密码文件：第一行为密码（行尾的换行不算）\n"
          "  --office village|township|district\n"
          "                         本数据库属于村（社区）支部、乡镇还是区（县），默认 village；\n"
          "                         乡镇、区（县）的数据库可以导入各支部的台账（zhibu bundle import）\n"          "                         区（县）的数据库再登记指导站和乡镇（zhibu office station|township），\n"
          "                         乡镇的数据库登记上级区（县）（zhibu office district set）\n"
          "  --office-name 名称     本单位的名称（1–40 个字），导出的交换包带上它；\n"
          "                         以后可用 zhibu office name 修改\n"
          "  --test                 测试或演示用的数据库：承认环境变量 ZHIBU_TODAY / ZHIBU_NOW\n"
          "                         设定的日期时间（只能在新建时标记，真实台账不要使用）\n"
          "  -h, --help             显示本说明\n"
          "\n"
          "退出状态：0 成功，1 被拒绝（已有账号、用户名或密码不合要求、无法创建），2 用法错误。\n",
          stdout);
}

/* Remove a database file this run created (and its side files), after a failure. */
static void remove_new_db(const char *path, bool existed_empty)
{
    static const char *const suffixes[] = {"-wal", "-shm", "-journal"};
    char side[CONFIG_PATH_MAX + 16];
    for (size_t i = 0; i < ZB_ARRAY_LEN(suffixes); i++) {
        snprintf(side, sizeof side, "%s%s", path, suffixes[i]);
        unlink(side);
    }
    /* an empty file that was there is left as it was found */
    if (!existed_empty || truncate(path, 0) != 0) unlink(path);
}

int cli_init(int argc, char **argv, const struct config *cfg)
{
    const char *db = NULL, *login = "admin", *name = "管理员", *pwfile = NULL, *office = NULL;
    const char *office_name = NULL;
    bool help = false, test = false;
    const struct args_option opts[] = {
        {.name = "db", .kind = ARGS_VALUE, .value = &db},
        {.name = "test", .kind = ARGS_FLAG, .set = &test},
        {.name = "login", .kind = ARGS_VALUE, .value = &login},
        {.name = "name", .kind = ARGS_VALUE, .value = &name},
        {.name = "password-file", .kind = ARGS_VALUE, .value = &pwfile},
        {.name = "office", .kind = ARGS_VALUE, .value = &office},
        {.name = "office-name", .kind = ARGS_VALUE, .value = &office_name},
        {.name = "help", .kind = ARGS_FLAG, .set = &help},
        {0},
    };
    const char *pos[1];
    int npos;
    char err[1200], msg[256];
    if (args_parse(argc, argv, opts, pos, 0, &npos, err, sizeof err) != 0)
        return args_usage_error("init", "%s", err);
    if (help) {
        init_help();
        return 0;
    }
    if (!db || !*db) db = cfg ? cfg->db_path : NULL;
    if (!db || !*db) return args_usage_error("init", "缺少 --db：请指定数据库文件");
    if (office && !office_kind_valid(office))
        return args_usage_error("init", "--office 只能是 village（村、社区）、township（乡镇）或 district（区、县）");
    if (office_name && !*office_name) return args_usage_error("init", "--office-name 不能为空");
    if (auth_check_login(login, msg, sizeof msg) != 0) {
        cli_error("init", "%s", msg);
        return 1;
    }

    struct store_options so = {
        .create = true,
        .backup_keep = cfg ? cfg->backup_keep : 10,
        .progress = cli_upgrade_progress,
        .user = "init",
        .test_clock = test,
        .adopt_empty = true, /* `touch office.db; zhibu init --db office.db` makes it */
    };
    struct stat sb;
    bool existed = stat(db, &sb) == 0;
    bool existed_empty = existed && S_ISREG(sb.st_mode) && sb.st_size == 0;
    if (existed_empty) existed = false;
    struct store *st = NULL;
    if (existed && test) {
        cli_error("init", "--test 只能在新建数据库时使用（测试标记不能加到已有的台账上）");
        return 1;
    }
    if (existed) {
        /* refuse before asking for a password */
        so.create = false;
        if (store_open(db, &so, &st, err, sizeof err) != STORE_OK) {
            cli_error("init", "%s", err);
            return 1;
        }
        int n = store_user_count(st);
        if (n != 0) {
            if (n > 0)
                cli_error("init", "数据库 %s 已有账号，无需初始化", db);
            else
                cli_store_error("init", NULL, st);
            store_close(st);
            return 1;
        }
    }

    char pw[CLI_PASSWORD_BUF];
    int rc = cli_password("init", pwfile, "管理员密码：", true, pw, sizeof pw);
    if (rc == 0 && auth_check_password(pw, msg, sizeof msg) != 0) {
        cli_error("init", "%s", msg);
        rc = 1;
    }
    if (rc != 0) {
        sodium_memzero(pw, sizeof pw);
        store_close(st);
        return rc;
    }
    if (!st && store_open(db, &so, &st, err, sizeof err) != STORE_OK) {
        sodium_memzero(pw, sizeof pw);
        cli_error("init", "%s", err);
        return 1;
    }
    struct user u = {.role = STORE_ROLE_ADMIN};
    zb_strlcpy(u.login, login, sizeof u.login);
    zb_strlcpy(u.display_name, name, sizeof u.display_name);
    if (strlen(name) >= sizeof u.display_name) {
        cli_error("init", "显示名太长：最多 21 个汉字或 63 个字母");
        rc = 1;
    } else if (store_user_add(st, &u, pw) != STORE_OK ||
               ((office || office_name) && store_office_set(st, office, office_name) != STORE_OK)) {
        cli_store_error("init", NULL, st);
        rc = 1;
    }
    sodium_memzero(pw, sizeof pw);
    store_close(st);
    if (rc != 0) {
        if (!existed) remove_new_db(db, existed_empty);
        return rc;
    }
    if (existed)
        fprintf(stderr, "已在数据库 %s 中创建管理员账号 %s（%s）\n", db, u.login, u.display_name);
    else
        fprintf(stderr, "已创建数据库 %s 和管理员账号 %s（%s）\n", db, u.login, u.display_name);
    return 0;
}
