/* main.c — options, configuration, subcommand dispatch, and the interface. */
#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "zhibu/auth.h"
#include "zhibu/cli.h"
#include "zhibu/clock.h"
#include "zhibu/config.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_exchange.h"
#include "zhibu/ui.h"
#include "zhibu/util.h"
#include "zhibu/version.h"

static void usage(FILE *f)
{
    fputs("用法：zhibu [选项]                打开全屏界面\n"
          "      zhibu 子命令 [选项]         不开界面，供脚本使用\n"
          "\n"
          "选项：\n"
          "  --db PATH         台账（数据库）文件（默认取配置文件 [database] path）；\n"
          "                    不存在时界面引导建立新台账（只对 --db 指定的文件这样做）\n"
          "  --config PATH     配置文件（默认依次查找 $ZHIBU_CONFIG、./config/zhibu.ini、\n"
          "                    /etc/zhibu/zhibu.ini）\n"
          "  --branch CODE     打开时的当前支部（组织代码）\n"
          "  --script FILE     从文件读取按键，在内存屏幕上运行（测试用）\n"
          "  --size COLSxROWS  内存屏幕大小（与 --script 一起用，默认 80x24）\n"
          "  --user LOGIN      以该账号登录，不显示登录界面（密码在终端输入，或用 --password-file）\n"
          "  --password-file F 密码文件（第一行为密码），与 --user 一起用\n"
          "  --test            新建的数据库是测试用的（承认 ZHIBU_TODAY / ZHIBU_NOW）；\n"
          "                    只能在新建数据库时使用，已有的台账拒绝\n"
          "  --help            显示本说明\n"
          "  --version         显示版本\n"
          "\n"
          "子命令：\n"
          "  demo --db PATH [--branches N] [--years N] [--seed S]\n"
          "                                                 生成演示数据库\n"
          "  demo --district --db PATH [--townships N] [--branches N] [--years N]\n"
          "                                                 生成区（县）的演示数据库\n"
          "  list members --db PATH [--branch CODE] --format csv|json\n"
          "                                                 列出党员名册\n"
          "  list meetings --db PATH [--branch CODE] [--month YYYY-MM] --format csv|json\n"
          "                                                 列出会议记录及其标记\n"
          "  list candidates --db PATH [--branch CODE] --format csv|json\n"
          "                                                 列出发展党员的对象及下一步\n"
          "  candidate add|step|list --db PATH ...          记录入党申请人及发展步骤\n"
          "  export meetings --db PATH --branch CODE [--month YYYY-MM] --out FILE.xlsx|.csv|.json\n"
          "         [--force]                               导出会议记录（已有的文件加 --force 才覆盖）\n"
          "  export members --db PATH --branch CODE [--all] --out FILE.xlsx|.csv [--force]\n"
          "                                                 导出供打印的党员名册（中文取值）\n"
          "  audit --db PATH [--month YYYY-MM] [--branch CODE] --format text|csv|json\n"
          "                                                 月审：各支部该月六项的状态、问题和得分\n"
          "  report --db PATH [--month YYYY-MM] --out FILE.xlsx|.csv [--force]\n"
          "                                                 生成月报（汇总、问题清单、审后修改、统计）\n"
          "  circular --db PATH --month YYYY-MM|--quarter YYYY-Qn --out FILE.xlsx|.txt [--force]\n"
          "                                                 区（县）的通报：乡镇排名、连续未合格支部、走势\n"
          "  stats --db PATH --year YYYY [--branch CODE] --format csv|json|xlsx [--out FILE]\n"
          "        [--force]                                党内统计：党员构成和本年增减，分支部并合计\n"
          "  verify --db PATH [--branch CODE]               校验修改日志的哈希链与记录是否完整\n"
          "  init --db PATH [--login L] [--name 显示名] [--password-file F] [--test]\n"
          "       [--office village|township|district] [--office-name 名称]\n"
          "                                                 新建数据库及第一个管理员账号\n"
          "  user add|passwd|list|disable|enable|branch --db PATH ... [--as 管理员]\n"
          "                                                 管理账号（支部书记、审查员、管理员）\n"
          "  bundle export --db PATH --branch CODE [--verdicts] --out FILE.zbx\n"
          "                                                 导出支部台账（或审查结论）交换包\n"
          "  bundle import --db PATH [--trust 指纹] FILE.zbx  导入交换包（村 ↔ 乡镇）；首次来自\n"
          "                                                 某单位的包须核对指纹后用 --trust 登记\n"
          "  office show|list --db PATH                     本单位的名称、类型、密钥指纹；\n"
          "                                                 已登记的其他单位\n"
          "  office name|kind --db PATH 值 [--as 管理员]    设定本单位的名称、类型\n"
          "  import members --db PATH --branch CODE FILE.xlsx|.csv [--dry-run] [--sheet 名称]\n"
          "         [--encoding utf-8|gbk] [--create-groups] [--as 支部书记]\n"
          "                                                 导入已有的党员名册（先 --dry-run 逐行查看）\n"
          "  import template --out FILE.xlsx [--force]      生成党员名册导入模板\n"
          "  backup --db PATH --to 目录 [--keep N]          备份台账（程序打开时也可以），写完即校验\n"
          "  restore --db PATH [--force-other-office] 备份文件\n"
          "                                                 用备份替换台账（原来的另存为\n"
          "                                                 .before-restore-时间）\n"
          "每个子命令都有 --help。\n"
          "环境变量 ZHIBU_TODAY=YYYY-MM-DD 固定“今天”，ZHIBU_NOW=YYYY-MM-DDTHH:MM:SSZ 固定\n"
          "“现在”：只在测试或演示数据库（zhibu init --test、zhibu demo）上有效，标题栏显示\n"
          "“测试时钟”；真实的台账总用系统时间。\n",
          f);
}

/* The locale: the user's if it is UTF-8, else C.UTF-8 (the one UTF-8 locale every Debian has). */
static void set_locale(void)
{
    if (setlocale(LC_ALL, "") && strcmp(nl_langinfo(CODESET), "UTF-8") == 0) return;
    if (!setlocale(LC_ALL, "C.UTF-8")) setlocale(LC_ALL, "C.utf8");
    setlocale(LC_CTYPE, "C.UTF-8");
}

static int parse_size(const char *s, int *cols, int *rows)
{
    char tail;
    if (sscanf(s, "%dx%d%c", cols, rows, &tail) != 2) return -1;
    if (*cols < 10 || *rows < 5 || *cols > 1000 || *rows > 500) return -1;
    return 0;
}

/* With no branch remembered: the first branch (by code) that sits under another, i.e. a
 * village rather than the township committee; else the first branch; else none. */
static int64_t default_branch(struct store *st)
{
    struct store_branch_list list;
    store_branch_list(st, &list);
    int64_t id = list.n > 0 ? list.v[0].id : 0;
    for (int i = 0; i < list.n; i++)
        if (list.v[i].parent_id) {
            id = list.v[i].id;
            break;
        }
    store_branch_list_free(&list);
    return id;
}

struct interface_opts {
    const char *db_path;
    const char *branch_code;
    const char *script_path;
    int cols, rows;
    const char *login;          /* --user: log in without the login screen */
    const char *password_file;  /* --password-file: that user's password */
    bool test;                  /* --test: a database created now is a test database */
};

/* --user (with --password-file, else asked on the terminal): the login the login screen would
 * do. 0, or the exit status after printing why. */
static int login_from_options(struct app *app, const struct interface_opts *o)
{
    char pw[CLI_PASSWORD_BUF];
    int rc = cli_password("zhibu", o->password_file, "密码", false, pw, sizeof pw);
    if (rc != 0) return rc;
    struct auth_policy p = app->rules->lockout;
    rc = store_login(app->store, o->login, pw, &p);
    memset(pw, 0, sizeof pw);
    if (rc != STORE_OK) {
        cli_error(NULL, "%s", store_errmsg(app->store));
        return 1;
    }
    screens_after_login(app);
    return 0;
}

/* The interface made the database at a path that did not exist, and it was left on the
 * 首次使用 screen without an administrator (Esc, F10, a failed --user): the screen was the
 * question whether to make a database there, and the answer was no. Nothing but the empty
 * database and its log files is removed, and only while it still has no account. */
static void forget_new_database(struct store *st, const char *path)
{
    if (store_user_count(st) != 0) {
        store_close(st);
        return;
    }
    store_close(st);
    static const char *const sides[] = {"-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++) {
        char *side = xasprintf("%s%s", path, sides[i]);
        unlink(side);
        free(side);
    }
    unlink(path);
}

/* A database that can only be read (a write-protected medium, a full disk): the title says so
 * for the whole session, and the first screen says why. A database this open upgraded: the
 * first screen says so and where the backup is (the lines on the terminal before the interface
 * started are gone). */
static void note_how_opened(struct app *app)
{
    const char *backup = store_migration_backup(app->store);
    if (*backup)
        app_notice(app, "数据库已升级到版本 %d，升级前的备份：%s", store_schema_version(app->store),
                   backup);
    enum store_access mode = store_access_mode(app->store);
    if (mode == STORE_READ_WRITE) return;
    size_t n = strlen(app->user);
    snprintf(app->user + n, sizeof app->user - n, " 只读");
    if (mode == STORE_DISK_FULL)
        app_status(app, "磁盘已满：只能查看，不能保存（腾出磁盘空间后重新打开即可保存）");
    else
        app_status(app, "只读：数据库文件或所在的目录不可写，只能查看，不能保存");
}

#define BACKUP_NOTE_MAX 6000

static int run_interface(const struct config *cfg, const struct interface_opts *o)
{
    const char *db_path = o->db_path, *branch_code = o->branch_code;
    struct store_options so = {
        .create = true,
        .backup_keep = cfg->backup_keep,
        .progress = cli_upgrade_progress, /* before the interface starts: on the terminal */
        .test_clock = o->test, /* refused by the store on a database that exists */
    };
    struct store *st = NULL;
    char err[1024];
    struct stat sb;
    bool made_here = db_path && stat(db_path, &sb) != 0;
    if (store_open(db_path, &so, &st, err, sizeof err) != STORE_OK) {
        cli_error(NULL, "%s", err);
        return 1;
    }
    struct app *app = xcalloc(1, sizeof *app);
    app->store = st;
    app->cfg = cfg;
    app->rules = &cfg->rules;
    date_format(clock_today(), app->today);

    int64_t branch_id = 0;
    struct branch b;
    if (branch_code) {
        if (store_branch_by_code(st, branch_code, &b) != STORE_OK) {
            cli_error(NULL, "没有组织代码为 %s 的支部", branch_code);
            store_close(st);
            free(app);
            return 1;
        }
        branch_id = b.id;
    } else {
        char val[32];
        if (store_meta_get(st, "current_branch", val, sizeof val) == STORE_OK &&
            store_branch_get(st, strtoll(val, NULL, 10), &b) == STORE_OK)
            branch_id = b.id;
    }
    if (!branch_id) branch_id = default_branch(st);
    if (branch_id) screens_set_branch(app, branch_id);
    (void)screens_home(app); /* a district's database: the title names the office, not a branch */
    int lrc = o->login ? login_from_options(app, o) : 0;
    if (lrc != 0) {
        if (made_here) forget_new_database(st, db_path);
        else store_close(st);
        free(app);
        return lrc;
    }

    struct ui_term_options to = {.script_path = o->script_path, .script_cols = o->cols,
                                 .script_rows = o->rows};
    if (ui_term_start(&to, err, sizeof err) != 0) {
        cli_error(NULL, "%s", err);
        if (made_here && !app->logged_in) forget_new_database(st, db_path);
        else store_close(st);
        free(app);
        return 1;
    }
    /* first the login (or the first administrator), then the home screen */
    if (!app->logged_in) app_run(app, &login_screen, NULL);
    if (app->logged_in) {
        app->quit = false;
        note_how_opened(app);
        app_run(app, screens_home(app), NULL);
    }
    bool script_bad = ui_is_script() && ui_script_failed();
    ui_term_stop();
    if (made_here && !app->logged_in) {
        forget_new_database(st, db_path);
    } else {
        /* the day's backup to [backup] dir, said after the screen closed, never lost */
        char info[BACKUP_NOTE_MAX], bad[BACKUP_NOTE_MAX];
        if (system_quit_backup(app, stdout, info, sizeof info, bad, sizeof bad)) cli_error(NULL, "%s", bad);
        else if (info[0]) printf("%s\n", info);
        store_close(st);
    }
    free(app);
    return script_bad ? 2 : 0;
}

/* The ledger the interface opens: --db, else the configured [database] path, which must exist
 * (a new ledger is made only at a path named with --db: a terminal opened in some folder must
 * not leave a zhibu.db there). NULL after saying where the ledger is configured and how to make
 * one; *status gets the exit status. */
static const char *ledger_path(const char *db, const struct config *cfg, int *status)
{
    if (db && *db) return db;
    if (!cfg->db_path[0]) {
        if (cfg->source[0])
            cli_error(NULL, "没有指定台账文件。请用 --db 文件 打开台账，或在配置文件（%s）的"
                            " [database] path 写明台账位置；新建台账：zhibu init --db 文件",
                      cfg->source);
        else
            cli_error(NULL, "没有指定台账文件。请用 --db 文件 打开台账，或在配置文件（没有找到，"
                            "查找了 %s）的 [database] path 写明台账位置；新建台账：zhibu init --db 文件",
                      config_places());
        *status = 2;
        return NULL;
    }
    struct stat sb;
    if (stat(cfg->db_path, &sb) != 0 && errno == ENOENT) {
        cli_error(NULL, "配置文件（%s）的 [database] path 指定的台账 %s 不存在，没有新建。"
                        "新建台账：zhibu init --db %s；或用 --db 文件 打开别的台账",
                  cfg->source[0] ? cfg->source : "程序内的默认值", cfg->db_path, cfg->db_path);
        *status = 1;
        return NULL;
    }
    return cfg->db_path;
}

/* The subcommands: name and entry point (src/cli/). */
struct subcommand {
    const char *name;
    int (*run)(int argc, char **argv, const struct config *cfg);
};
static const struct subcommand SUBCOMMANDS[] = {
    {"demo", cli_demo},
    {"list", cli_list},
    {"candidate", cli_candidate},
    {"export", cli_export},
    {"audit", cli_audit},
    {"report", cli_report},
    {"circular", cli_circular},
    {"stats", cli_stats},
    {"init", cli_init}, {"user", cli_user},
    {"verify", cli_verify},
    {"bundle", cli_bundle},
    {"office", cli_office},
    {"import", cli_import},
    {"backup", cli_backup},
    {"restore", cli_restore},
};

/* The configuration, or NULL after printing why (the caller exits 2). */
static struct config *load_config(const char *path)
{
    struct config *cfg = xcalloc(1, sizeof *cfg);
    char err[1024];
    if (config_load(path, cfg, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        free(cfg);
        return NULL;
    }
    /* what an import of a bundle accepts, for the CLI and the screens alike */
    struct exchange_limits lim = {
        .max_bundle_bytes = (long long)cfg->max_bundle_mb * 1024 * 1024,
        .max_rows = cfg->max_rows,
        .max_members = cfg->max_members,
        .clock_skew_days = cfg->clock_skew_days,
        .min_join_age = cfg->rules.min_join_age,
        .probation_months = cfg->rules.probation.months,
    };
    store_exchange_limits_set(&lim);
    return cfg;
}

int main(int argc, char **argv)
{
    set_locale();

    /* A subcommand is the first argument not starting with '-', before any global option
     * that takes a value; global --config may precede it. */
    const char *config_path = NULL;
    int sub = 1;
    while (sub < argc && strcmp(argv[sub], "--config") == 0 && sub + 1 < argc) {
        config_path = argv[sub + 1];
        sub += 2;
    }

    /* nothing read from the ledger reaches a terminal raw; the interface draws on standard
     * output itself (curses), so only its standard error passes the filter */
    bool subcommand = sub < argc && argv[sub][0] != '-';
    cli_guard_output(subcommand);

    if (subcommand) {
        const struct subcommand *cmd = NULL;
        for (size_t i = 0; i < sizeof SUBCOMMANDS / sizeof SUBCOMMANDS[0]; i++)
            if (strcmp(argv[sub], SUBCOMMANDS[i].name) == 0) cmd = &SUBCOMMANDS[i];
        if (!cmd) {
            cli_error(NULL, "未知的子命令 %s（zhibu --help 查看用法）", argv[sub]);
            return 2;
        }
        /* subcommands accept --config too */
        for (int i = sub + 1; i + 1 < argc; i++)
            if (strcmp(argv[i], "--config") == 0) config_path = argv[i + 1];
        struct config *cfg = load_config(config_path);
        if (!cfg) return 2;
        int rc = cmd->run(argc - sub, argv + sub, cfg);
        free(cfg);
        return rc;
    }

    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},     {"config", required_argument, NULL, 'c'},
        {"branch", required_argument, NULL, 'b'}, {"script", required_argument, NULL, 's'},
        {"size", required_argument, NULL, 'z'},   {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'v'},      {"user", required_argument, NULL, 'u'},
        {"password-file", required_argument, NULL, 'p'}, {"test", no_argument, NULL, 't'},
        {NULL, 0, NULL, 0},
    };
    bool test = false;
    const char *db = NULL, *branch = NULL, *script = NULL, *login = NULL, *pwfile = NULL;
    int cols = 80, rows = 24;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'c': config_path = optarg; break;
        case 'b': branch = optarg; break;
        case 's': script = optarg; break;
        case 'u': login = optarg; break;
        case 'p': pwfile = optarg; break;
        case 't': test = true; break;
        case 'z':
            if (parse_size(optarg, &cols, &rows) != 0) {
                cli_error(NULL, "无效的屏幕大小 %s（应为 列x行，如 100x30）", optarg);
                return 2;
            }
            break;
        case 'h': usage(stdout); return 0;
        case 'v': printf("zhibu %s\n", ZHIBU_VERSION); return 0;
        default:
            cli_error(NULL, "无效的选项 %s（zhibu --help 查看用法）", argv[optind - 1]);
            return 2;
        }
    }
    if (optind < argc) {
        cli_error(NULL, "多余的参数 %s（zhibu --help 查看用法）", argv[optind]);
        return 2;
    }

    struct config *cfg = load_config(config_path);
    if (!cfg) return 2;
    int status = 0;
    const char *ledger = ledger_path(db, cfg, &status);
    if (!ledger) {
        free(cfg);
        return status;
    }
    struct interface_opts io = {.db_path = ledger, .branch_code = branch,
                                .script_path = script, .cols = cols, .rows = rows,
                                .login = login, .password_file = pwfile, .test = test};
    int rc = run_interface(cfg, &io);
    free(cfg);
    return rc;
}
