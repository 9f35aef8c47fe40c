/* system.c — 系统管理 (home 9, administrators): this office, the ledger file, and from here
 * the office's backups and accounts. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_backup.h"
#include "zhibu/store_office.h"
#include "zhibu/config.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

enum { A_ACCOUNTS = 20 };
enum { A_BACKUP = 30, A_RESTORE }; /* backups */

static const struct ui_action system_actions[] = {
    {.id = A_BACKUP, .key = UK_F(2), .label = "立即备份",
     .help = "把台账备份到一个目录（默认为配置的备份目录，如 U 盘），写完即校验",
     .perm = STORE_PERM_ADMIN},
    {.id = A_RESTORE, .key = 'r', .label = "恢复",
     .help = "从备份目录中选一份备份替换当前的台账（当前的另存为 .before-restore-时间），"
             "恢复后须重新启动 zhibu",
     .perm = STORE_PERM_ADMIN},
    {.id = A_ACCOUNTS, .key = 'u', .label = "账号管理",
     .help = "列出全部账号；新增账号、停用/启用、重设密码、指定支部", .perm = STORE_PERM_ADMIN},
    {0},
};

/* A restore was done in this session: no backup on quitting (the handle reads the restored file). */
static bool restored;

struct system_state {
    bool have_office;
    struct office_info office;
    long long file_bytes;    /* -1: unknown */
    char where[PATH_MAX];    /* the ledger's full path (as opened when it cannot be resolved) */
    int schema;
    bool have_last;          /* the last backup: recorded in the database, else the newest of
                                this office in [backup] dir */
    struct backup_file last;
};

static void load(struct screen *s)
{
    struct system_state *st = s->state;
    st->have_office = store_office_get(s->app->store, &st->office) == STORE_OK;
    struct stat sb;
    const char *path = store_path(s->app->store);
    st->file_bytes = path && stat(path, &sb) == 0 ? (long long)sb.st_size : -1;
    /* "demo.db" says little to whoever looks for the file later: the folder too */
    if (!path || !realpath(path, st->where)) snprintf(st->where, sizeof st->where, "%s", path ? path : "");
    st->schema = store_schema_version(s->app->store);
    st->have_last = store_backup_last(s->app->store, &st->last) == STORE_OK;
    const char *dir = s->app->cfg ? s->app->cfg->backup_dir : "";
    if (!st->have_last && dir[0]) {
        struct store_backup_list files;
        if (store_backup_list(s->app->store, dir, &files) == STORE_OK && files.n > 0) {
            st->last = files.v[0];
            st->have_last = true;
        }
        store_backup_list_free(&files);
    }
}

static int system_open(struct screen *s, void *arg)
{
    (void)arg;
    if (!store_may(s->app->store, STORE_PERM_ADMIN, s->app->branch_id)) {
        app_error(s->app, "系统管理（备份、恢复、账号）只有管理员能使用");
        return -1;
    }
    load(s);
    return 0;
}

static void system_resume(struct screen *s)
{
    load(s);
}

/* "12.3 MB" / "456 KB" */
static void size_text(long long bytes, char *out, size_t outsz)
{
    if (bytes < 0)
        snprintf(out, outsz, "大小不详");
    else if (bytes >= 1024LL * 1024)
        snprintf(out, outsz, "%.1f MB", (double)bytes / (1024.0 * 1024.0));
    else
        snprintf(out, outsz, "%lld KB", (bytes + 1023) / 1024);
}

static void system_draw(struct screen *s, struct ui_rect r)
{
    struct system_state *st = s->state;
    char line[1400], size[32];
    int row = r.row + 1, col = r.col + 2, w = r.cols - 4, label_w = 12;
    ui_put(row++, col, w, "本单位", UA_HEADER);
    if (st->have_office) {
        char who[256];
        office_describe(st->office.name, st->office.kind, who, sizeof who);
        ui_put(row, col, label_w, "单位", UA_DIM);
        ui_put(row++, col + label_w, w - label_w, who, UA_NORMAL);
        ui_put(row, col, label_w, "单位指纹", UA_DIM);
        ui_put(row++, col + label_w, w - label_w, st->office.fingerprint, UA_NORMAL);
    } else {
        ui_put(row++, col, w, "读不到本单位的身份信息", UA_MARK);
    }
    row++;
    ui_put(row++, col, w, "台账文件", UA_HEADER);
    ui_put(row, col, label_w, "位置", UA_DIM);
    ui_put_hinted(row++, col + label_w, w - label_w, st->where, st->where, UA_NORMAL);
    size_text(st->file_bytes, size, sizeof size);
    snprintf(line, sizeof line, "%s，数据库版本 %d", size, st->schema);
    ui_put(row, col, label_w, "大小", UA_DIM);
    ui_put(row++, col + label_w, w - label_w, line, UA_NORMAL);
    const char *mig = store_migration_backup(s->app->store);
    if (mig && mig[0]) {
        ui_put(row, col, label_w, "升级前备份", UA_DIM);
        ui_put_hinted(row++, col + label_w, w - label_w, mig, mig, UA_NORMAL);
    }
    row++;
    ui_put(row++, col, w, "备份", UA_HEADER);
    const char *dir = s->app->cfg ? s->app->cfg->backup_dir : "";
    ui_put(row, col, label_w, "备份目录", UA_DIM);
    if (dir[0])
        ui_put_hinted(row++, col + label_w, w - label_w, dir, dir, UA_NORMAL);
    else
        ui_put(row++, col + label_w, w - label_w,
               "未设定（配置文件 [backup] dir）：退出时不自动备份", UA_MARK);
    ui_put(row, col, label_w, "上次备份", UA_DIM);
    if (st->have_last) {
        size_text(st->last.bytes, size, sizeof size);
        snprintf(line, sizeof line, "%s，%s", st->last.made, size);
        ui_put(row++, col + label_w, w - label_w, line, UA_NORMAL);
        ui_put(row, col, label_w, "备份文件", UA_DIM);
        ui_put_hinted(row++, col + label_w, w - label_w, st->last.path, st->last.path, UA_NORMAL);
        if (access(st->last.path, F_OK) != 0)
            ui_put(row++, col + label_w, w - label_w, "（这个文件现在不在：U 盘没有插上，或已被移走）",
                   UA_MARK);
    } else {
        ui_put(row++, col + label_w, w - label_w, "还没有备份（按 F2 立即备份）", UA_MARK);
    }
}

/* The directory to use: asked, with [backup] dir (else the last backup's) as the answer given. */
static bool ask_dir(struct screen *s, const char *title, char *dir, size_t dirsz)
{
    struct system_state *st = s->state;
    const char *cfg_dir = s->app->cfg ? s->app->cfg->backup_dir : "";
    dir[0] = '\0';
    if (cfg_dir[0]) {
        zb_strlcpy(dir, cfg_dir, dirsz);
    } else if (st->have_last) {
        zb_strlcpy(dir, st->last.path, dirsz);
        char *slash = strrchr(dir, '/');
        if (slash) *slash = '\0';
    }
    return ui_prompt(title, "备份目录：", dir, dirsz, 1000, true);
}

static int do_backup(struct screen *s)
{
    char dir[BACKUP_PATH_MAX];
    if (!ask_dir(s, "立即备份", dir, sizeof dir)) return SR_REDRAW;
    struct backup_file f;
    if (store_backup_make(s->app->store, dir, &f) != STORE_OK) {
        screens_store_error(s->app, NULL);
        return SR_REDRAW;
    }
    char size[32];
    size_text(f.bytes, size, sizeof size);
    load(s);
    app_status(s->app, "已备份到 %s（%s，已校验）", f.path, size);
    return SR_REDRAW;
}

static int do_restore(struct screen *s)
{
    char dir[BACKUP_PATH_MAX];
    if (!ask_dir(s, "从备份恢复", dir, sizeof dir)) return SR_REDRAW;
    struct store *db = s->app->store;
    struct store_backup_list all;
    if (store_backup_list(db, dir, &all) != STORE_OK) {
        app_error(s->app, "%s", store_errmsg(db));
        return SR_REDRAW;
    }
    struct backup_file *files = all.v;
    int n = all.n;
    if (n == 0) {
        free(files);
        app_error(s->app, "目录 %s 里没有备份（*.zhibu-backup）", dir);
        return SR_REDRAW;
    }
    char **opts = xcalloc((size_t)n, sizeof *opts);
    for (int i = 0; i < n; i++) {
        char size[32];
        size_text(files[i].bytes, size, sizeof size);
        opts[i] = xasprintf("%s  %8s  %s", files[i].made, size, files[i].name);
    }
    int pick = ui_pick("选择要恢复的备份（新的在前）", (const char *const *)opts, n, 0);
    for (int i = 0; i < n; i++) free(opts[i]);
    free(opts);
    if (pick < 0) {
        free(files);
        return SR_REDRAW;
    }
    struct backup_file f = files[pick];
    free(files);
    /* checked before anything is asked: a damaged or foreign backup is named now */
    struct backup_check chk;
    char err[2048];
    if (store_backup_check(f.path, &chk, err, sizeof err) != STORE_OK) {
        ui_message("不能恢复", err);
        return SR_REDRAW;
    }
    struct office_info me;
    if (store_office_get(db, &me) == STORE_OK && chk.office.public_key[0] &&
        strcmp(me.public_key, chk.office.public_key) != 0) {
        char a[256], b[256];
        office_describe(chk.office.name, chk.office.kind, a, sizeof a);
        office_describe(me.name, me.kind, b, sizeof b);
        snprintf(err, sizeof err, "备份 %s 来自另一个单位：备份是%s（指纹 %s），当前的台账是%s"
                 "（指纹 %s）；未恢复", f.name, a, chk.office.fingerprint, b, me.fingerprint);
        ui_message("不能恢复", err);
        return SR_REDRAW;
    }
    char q[1200];
    snprintf(q, sizeof q, "用备份 %s（%s，%d 名党员、%d 次会议）替换当前的台账？当前的台账将另存为"
             " .before-restore-时间 文件；恢复后须重新启动 zhibu",
             f.name, f.made, chk.members, chk.meetings);
    if (!ui_confirm(q)) return SR_REDRAW;
    struct restore_result r;
    if (store_backup_restore(NULL, db, f.path, false, &r, err, sizeof err) != STORE_OK) {
        ui_message("恢复失败", err);
        load(s);
        return SR_REDRAW;
    }
    char msg[3 * BACKUP_PATH_MAX];
    snprintf(msg, sizeof msg,
             "已从备份 %s 恢复台账（%d 个支部、%d 名党员、%d 次会议，校验完整）。\n"
             "原来的台账另存为：\n%s\n"
             "zhibu 现在退出，请重新启动后登录。",
             f.name, chk.branches, chk.members, chk.meetings, r.kept);
    ui_message("恢复完成", msg);
    restored = true;
    s->app->quit = true;
    return SR_NONE;
}

static int system_handle(struct screen *s, int key, const struct ui_action *act)
{
    (void)key;
    if (act && act->id == A_ACCOUNTS) {
        app_push(s->app, &accounts_screen, NULL);
        return SR_REDRAW;
    }
    if (act && act->id == A_BACKUP) return do_backup(s);
    if (act && act->id == A_RESTORE) return do_restore(s);
    return SR_NONE;
}

bool system_quit_backup(struct app *app, FILE *progress, char *info, size_t infosz, char *err,
                        size_t errsz)
{
    info[0] = err[0] = '\0';
    const char *dir = app->cfg ? app->cfg->backup_dir : "";
    if (restored || !app->logged_in || !app->store || !dir[0]) return false;
    if (!store_backup_due(app->store, dir)) return false;
    /* a large ledger takes a while (copy, then the checks): the terminal says what it waits for */
    if (progress) {
        fprintf(progress, "正在自动备份到 %s……\n", dir);
        fflush(progress);
    }
    bool made;
    int removed;
    struct backup_file f;
    if (store_backup_daily(app->store, dir, app->cfg->backup_keep, &made, &f, &removed) !=
        STORE_OK) {
        snprintf(err, errsz, "今天的自动备份没有做成：%s。台账本身已保存；请插好 U 盘后在“系统管理”"
                 "里按 F2 立即备份，或运行 zhibu backup --to 目录",
                 store_errmsg(app->store));
        return true;
    }
    if (made) {
        char size[32];
        size_text(f.bytes, size, sizeof size);
        int n = snprintf(info, infosz, "已自动备份到 %s（%s，已校验）", f.path, size);
        if (removed > 0 && n > 0 && (size_t)n < infosz)
            snprintf(info + n, infosz - (size_t)n, "；删除了本单位较旧的备份 %d 份，保留最新的 %d 份",
                     removed, app->cfg->backup_keep);
    }
    return false;
}

const struct screen_ops system_screen = {
    .name = "system",
    .title = "系统管理",
    .manual = "系统管理与账号",
    .help_intro = "系统管理（仅管理员）：本单位的身份、台账文件的位置和大小；"
                  "从这里备份、恢复台账和管理账号。备份目录在配置文件 [backup] dir 中设定"
                  "（如 U 盘），设定后每天第一次退出时自动备份到那里。",
    .state_size = sizeof(struct system_state),
    .actions = system_actions,
    .back = "返回首页",
    .open = system_open,
    .draw = system_draw,
    .handle = system_handle,
    .resume = system_resume,
};
