/* system.c — 系统管理 (home 9, administrators): this office, the ledger file, and from here
 * the office's backups and accounts. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_office.h"
#include "zhibu/util.h"

enum { A_BACK = 1 };
enum { A_ACCOUNTS = 20 };

static const struct ui_action system_actions[] = {
    {.id = A_BACK, .key = UK_ESC, .help = "返回首页", .perm = STORE_PERM_ANY},
    {.id = A_ACCOUNTS, .key = 'u', .label = "账号管理",
     .help = "账号管理：新增账号、停用/启用、重设密码、指定支部", .perm = STORE_PERM_ADMIN},
    {0},
};

struct system_state {
    bool have_office;
    struct office_info office;
    long long file_bytes;    /* -1: unknown */
    int schema;
};

static void load(struct screen *s)
{
    struct system_state *st = s->state;
    st->have_office = store_office_get(s->app->store, &st->office) == STORE_OK;
    struct stat sb;
    const char *path = store_path(s->app->store);
    st->file_bytes = path && stat(path, &sb) == 0 ? (long long)sb.st_size : -1;
    st->schema = store_schema_version(s->app->store);
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
    const char *path = store_path(s->app->store);
    ui_put(row, col, label_w, "位置", UA_DIM);
    ui_put_hinted(row++, col + label_w, w - label_w, path ? path : "", path ? path : "", UA_NORMAL);
    size_text(st->file_bytes, size, sizeof size);
    snprintf(line, sizeof line, "%s，数据库版本 %d", size, st->schema);
    ui_put(row, col, label_w, "大小", UA_DIM);
    ui_put(row++, col + label_w, w - label_w, line, UA_NORMAL);
    const char *mig = store_last_backup(s->app->store);
    if (mig && mig[0]) {
        ui_put(row, col, label_w, "升级前备份", UA_DIM);
        ui_put_hinted(row++, col + label_w, w - label_w, mig, mig, UA_NORMAL);
    }
}

static int system_handle(struct screen *s, int key, const struct ui_action *act)
{
    (void)key;
    if (act && act->id == A_BACK) return SR_BACK;
    if (act && act->id == A_ACCOUNTS) {
        app_push(s->app, &accounts_screen, NULL);
        return SR_REDRAW;
    }
    return SR_NONE;
}

const struct screen_ops system_screen = {
    .name = "system",
    .title = "系统管理",
    .manual = "系统管理与账号",
    .help_intro = "系统管理（仅管理员）：本单位的身份、台账文件的位置和大小；"
                  "从这里备份、恢复台账和管理账号。",
    .state_size = sizeof(struct system_state),
    .actions = system_actions,
    .open = system_open,
    .draw = system_draw,
    .handle = system_handle,
    .resume = system_resume,
};
