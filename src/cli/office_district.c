/* office_district.c — `zhibu office township|station|district ...` (issue 18): at a district's
 * database the townships it receives months from and its guidance stations (指导站); at a
 * township's database the district it reports to (store_district.h). Called by office_cmd.c
 * with the options it parsed; writes need an administrator when the database has accounts. */
#include "office_priv.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/args.h"
#include "zhibu/csv.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_district.h"
#include "zhibu/store_office.h"
#include "zhibu/text.h"
#include "zhibu/util.h"

/* One line of a text listing: each column padded to its screen width (cut at a character). */
static void text_line(const char *const *cols, const int *widths, int n)
{
    char line[1024] = "";
    size_t len = 0;
    for (int i = 0; i < n; i++) {
        char cell[256];
        if (i == n - 1) zb_strlcpy(cell, cols[i], sizeof cell);
        else text_pad(cell, sizeof cell, cols[i], widths[i], true);
        len += (size_t)snprintf(line + len, sizeof line - len, "%s%s", i ? "  " : "", cell);
        if (len >= sizeof line) len = sizeof line - 1;
    }
    while (len > 0 && line[len - 1] == ' ') line[--len] = '\0';
    puts(line);
}

static int township_list(struct store *st, bool csv)
{
    struct store_township_list l;
    if (store_township_list(st, &l) != STORE_OK) {
        cli_store_error("office", NULL, st);
        return 1;
    }
    static const char *const head[] = {"乡镇代码", "乡镇名称", "指纹", "指导站", "支部数",
                                       "已收到交换包", "登记时间"};
    static const int widths[] = {12, 24, 19, 14, 6, 12, 20};
    if (csv) csv_write_row(stdout, head, 7);
    else text_line(head, widths, 7);
    for (int i = 0; i < l.n; i++) {
        const struct township *t = &l.v[i];
        char n[16];
        snprintf(n, sizeof n, "%d", t->branches);
        const char *row[] = {t->code, t->name, t->fingerprint, t->station_name, n,
                             t->public_key[0] ? "是" : "否", t->created_at};
        if (csv) csv_write_row(stdout, row, 7);
        else text_line(row, widths, 7);
    }
    if (!csv && l.n == 0) printf("（还没有登记乡镇：zhibu office township add）\n");
    store_township_list_free(&l);
    return cli_finish_stdout("office");
}

static int station_list(struct store *st, bool csv)
{
    struct store_station_list l;
    if (store_station_list(st, &l) != STORE_OK) {
        cli_store_error("office", NULL, st);
        return 1;
    }
    static const char *const head[] = {"指导站", "所辖乡镇数"};
    static const int widths[] = {24, 10};
    if (csv) csv_write_row(stdout, head, 2);
    else text_line(head, widths, 2);
    for (int i = 0; i < l.n; i++) {
        char n[16];
        snprintf(n, sizeof n, "%d", l.v[i].townships);
        const char *row[] = {l.v[i].name, n};
        if (csv) csv_write_row(stdout, row, 2);
        else text_line(row, widths, 2);
    }
    if (!csv && l.n == 0) printf("（还没有登记指导站：zhibu office station add）\n");
    store_station_list_free(&l);
    return cli_finish_stdout("office");
}

static int district_show(struct store *st)
{
    struct district_info d;
    if (store_district_get(st, &d) != STORE_OK) {
        cli_store_error("office", NULL, st);
        return 1;
    }
    printf("上级区（县）：%s\n", d.name);
    printf("指纹：%s\n", d.fingerprint);
    printf("公钥：%s\n", d.public_key[0] ? d.public_key : "（还没有收到它的交换包）");
    printf("登记于：%s（UTC）\n", d.created_at);
    return cli_finish_stdout("office");
}

/* The station named, or 0 for none (name NULL); -1 after the error line. */
static int64_t station_id(struct store *st, const char *name)
{
    if (!name) return 0;
    struct station z;
    if (store_station_by_name(st, name, &z) != STORE_OK) {
        cli_store_error("office", NULL, st);
        return -1;
    }
    return z.id;
}

/* The write of a.what / a.action, logged in already. */
static int district_write(struct store *st, const struct office_district_args *a)
{
    if (strcmp(a->what, "station") == 0) {
        struct station z = {0};
        zb_strlcpy(z.name, a->name, sizeof z.name);
        if (strlen(a->name) >= sizeof z.name) {
            cli_error("office", "指导站名称太长：最多 40 个字");
            return 1;
        }
        if (store_station_add(st, &z) != STORE_OK) {
            cli_store_error("office", NULL, st);
            return 1;
        }
        fprintf(stderr, "已登记指导站 %s\n", z.name);
        return 0;
    }
    if (strcmp(a->what, "district") == 0) {
        if (store_district_set(st, a->name, a->fingerprint) != STORE_OK) {
            cli_store_error("office", NULL, st);
            return 1;
        }
        struct district_info d;
        if (store_district_get(st, &d) == STORE_OK)
            fprintf(stderr, "已登记上级区（县）%s，指纹 %s\n", d.name, d.fingerprint);
        return 0;
    }
    /* township add | station */
    int64_t sid = a->no_station ? 0 : station_id(st, a->station);
    if (sid < 0) return 1;
    if (strcmp(a->action, "station") == 0) {
        struct township t;
        if (store_township_by_code(st, a->code, &t) != STORE_OK ||
            store_township_set_station(st, t.id, sid) != STORE_OK) {
            cli_store_error("office", NULL, st);
            return 1;
        }
        if (sid) fprintf(stderr, "已将乡镇 %s（%s）划入%s\n", t.code, t.name, a->station);
        else fprintf(stderr, "乡镇 %s（%s）不再属于任何指导站\n", t.code, t.name);
        return 0;
    }
    struct township t = {.station_id = sid};
    if (strlen(a->code) >= sizeof t.code || strlen(a->name) >= sizeof t.name ||
        strlen(a->fingerprint) >= sizeof t.fingerprint) {
        cli_error("office", "%s太长",
                  strlen(a->code) >= sizeof t.code   ? "乡镇代码"
                  : strlen(a->name) >= sizeof t.name ? "乡镇名称"
                                                     : "指纹");
        return 1;
    }
    zb_strlcpy(t.code, a->code, sizeof t.code);
    zb_strlcpy(t.name, a->name, sizeof t.name);
    zb_strlcpy(t.fingerprint, a->fingerprint, sizeof t.fingerprint);
    if (store_township_add(st, &t) != STORE_OK) {
        cli_store_error("office", NULL, st);
        return 1;
    }
    fprintf(stderr, "已登记乡镇 %s（%s），指纹 %s%s%s\n", t.code, t.name, t.fingerprint,
            t.station_name[0] ? "，" : "", t.station_name);
    return 0;
}

int office_district_check(const struct office_district_args *a)
{
    const char *w = a->what, *act = a->action;
    bool town = strcmp(w, "township") == 0, station = strcmp(w, "station") == 0;
    bool district = strcmp(w, "district") == 0;
    if (!act)
        return args_usage_error("office", "缺少操作：office %s %s", w,
                                town      ? "add、list 或 station"
                                : station ? "add 或 list"
                                          : "set 或 show");
    bool ok = town ? strcmp(act, "add") == 0 || strcmp(act, "list") == 0 ||
                         strcmp(act, "station") == 0
              : station ? strcmp(act, "add") == 0 || strcmp(act, "list") == 0
                        : strcmp(act, "set") == 0 || strcmp(act, "show") == 0;
    (void)district;
    if (!ok) return args_usage_error("office", "未知的操作 office %s %s", w, act);
    bool read = strcmp(act, "list") == 0 || strcmp(act, "show") == 0;
    if (read && (a->as || a->as_pwfile))
        return args_usage_error("office", "office %s %s 只读，不需要 --as", w, act);
    if (!read && a->format) return args_usage_error("office", "--format 只用于 list");
    bool wants_code = town && strcmp(act, "list") != 0;
    bool wants_name = (town && strcmp(act, "add") == 0) || (station && strcmp(act, "add") == 0) ||
                      (district && strcmp(act, "set") == 0);
    bool wants_fpr = (town && strcmp(act, "add") == 0) || (district && strcmp(act, "set") == 0);
    bool wants_station = town && strcmp(act, "list") != 0;
    if (a->code && !wants_code) return args_usage_error("office", "--code 只用于 township add 和 township station");
    if (a->name && !wants_name) return args_usage_error("office", "--name 只用于 township add、station add 和 district set");
    if (a->fingerprint && !wants_fpr)
        return args_usage_error("office", "--fingerprint 只用于 township add 和 district set");
    if ((a->station || a->no_station) && !wants_station)
        return args_usage_error("office", "--station 只用于 township add 和 township station");
    if (wants_code && (!a->code || !*a->code)) return args_usage_error("office", "缺少 --code：乡镇的组织代码");
    if (wants_name && (!a->name || !*a->name)) return args_usage_error("office", "缺少 --name：名称");
    if (wants_fpr && (!a->fingerprint || !*a->fingerprint))
        return args_usage_error("office", "缺少 --fingerprint：对方单位的指纹（zhibu office show 可以看到）");
    if (a->station && a->no_station) return args_usage_error("office", "--station 与 --no-station 只能给一个");
    if (town && strcmp(act, "station") == 0 && !a->station && !a->no_station)
        return args_usage_error("office", "缺少 --station：指导站的名称（或 --no-station）");
    if (a->no_station && strcmp(act, "station") != 0)
        return args_usage_error("office", "--no-station 只用于 township station");
    return 0;
}

int office_district_run(struct store *st, const struct office_district_args *a,
                        const struct config *cfg)
{
    const char *act = a->action;
    bool csv = a->format && strcmp(a->format, "csv") == 0;
    if (strcmp(act, "list") == 0)
        return strcmp(a->what, "township") == 0 ? township_list(st, csv) : station_list(st, csv);
    if (strcmp(act, "show") == 0) return district_show(st);
    int rc = office_login_admin(st, a->as, a->as_pwfile, cfg);
    return rc ? rc : district_write(st, a);
}
