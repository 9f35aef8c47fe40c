/* audit_amends.c — the month's report's 审后修改: a record as a reader finds it and what a change
 * did to it, field by field (see audit_report_priv.h). */
#include "zhibu/audit_report.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <xlsxwriter.h>

#include "zhibu/csv.h"
#include "zhibu/flatjson.h"
#include "zhibu/meeting.h"
#include "zhibu/model.h"
#include "zhibu/sheet.h"
#include "zhibu/store_audit.h"
#include "zhibu/store_auth.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "audit_report_priv.h"

/* ---- 审后修改: a record and what the change did to it ---- */

static const struct {
    const char *key, *label;
} AMEND_FIELDS[] = {
    {"date", "日期"},           {"kind", "类型"},           {"start_time", "开始时间"},
    {"end_time", "结束时间"},   {"place", "地点"},          {"host_id", "主持人"},
    {"recorder_id", "记录人"},  {"lecturer_name", "主讲人"}, {"topics", "议题"},
    {"minutes", "会议内容"},    {"observers", "列席人员"},  {"attendance", "出席情况"},
    {"resolutions", "决议"},    {"paid_date", "缴纳日期"},  {"from_month", "起始月份"},
    {"to_month", "截止月份"},   {"amount", "金额（分）"},   {"base", "基数（分）"},
    {"dues_start", "党费台账起始月"}, {"reason", "原因"},  {"note", "备注"},
    {"voided_at", "作废时间"},  {"void_reason", "作废原因"},
};

/* A value on one line, cut after 30 columns with "…"; people by name. */
static void short_value(struct store *st, const char *key, const char *table, const char *v, char *out,
                        size_t outsz)
{
    if (!v || !*v) {
        zb_strlcpy(out, "（空）", outsz);
        return;
    }
    if (st && (strcmp(key, "host_id") == 0 || strcmp(key, "recorder_id") == 0 || strcmp(key, "member_id") == 0)) {
        struct member m;
        if (store_member_get(st, strtoll(v, NULL, 10), &m) == STORE_OK) {
            zb_strlcpy(out, m.name, outsz);
            return;
        }
    }
    if (strcmp(key, "kind") == 0 && strcmp(table, "meeting") == 0) {
        int k = meeting_kind_of_code(v);
        if (k >= 0) {
            zb_strlcpy(out, meeting_kind_label((enum meeting_kind)k), outsz);
            return;
        }
    }
    if (strcmp(key, "attendance") == 0 || strcmp(key, "resolutions") == 0) {
        char **objs = NULL;
        int n = flatjson_objects(v, &objs);
        for (int i = 0; i < n; i++) free(objs[i]);
        free(objs);
        snprintf(out, outsz, "%d %s", n < 0 ? 0 : n, strcmp(key, "attendance") == 0 ? "人" : "项");
        return;
    }
    char buf[400];
    size_t n = 0;
    for (const char *p = v; *p && n + 2 < sizeof buf; p++) buf[n++] = *p == '\n' ? ' ' : *p;
    buf[n] = '\0';
    size_t fit = text_fit(buf, 30, NULL);
    if (fit < strlen(buf)) snprintf(out, outsz, "%.*s…", (int)fit, buf);
    else zb_strlcpy(out, buf, outsz);
}

/* "会议记录 2026-10-20 支部委员会": the record as a reader finds it. */
void audit_record_text(struct store *st, const char *table, const char *json, char *out, size_t outsz)
{
    struct flatjson_pair p[48];
    int n = json ? flatjson_parse(json, p, 48) : -1;
    size_t len = (size_t)snprintf(out, outsz, "%s", code_label_of(LEDGER_TABLES, table));
    static const char *const KEYS[] = {"date", "paid_date", "from_month", "kind", "name", "member_id"};
    for (size_t k = 0; n > 0 && k < ZB_ARRAY_LEN(KEYS) && len < outsz; k++) {
        const char *v = flatjson_get(p, n, KEYS[k]);
        if (!v || !*v) continue;
        char s[200];
        short_value(st, KEYS[k], table, v, s, sizeof s);
        len += (size_t)snprintf(out + len, outsz - len, " %s", s);
    }
    if (n > 0) flatjson_free(p, n);
}

/* What the change did: 新增 / 作废 / field by field "地点：A → B". */
char *audit_change_text(struct store *st, const struct history_entry *e, const char *table)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return xstrdup("");
    struct flatjson_pair op[48], np[48];
    int no = e->old_json ? flatjson_parse(e->old_json, op, 48) : -1;
    int nn = e->new_json ? flatjson_parse(e->new_json, np, 48) : -1;
    if (no < 0) no = 0;
    if (nn < 0) nn = 0;
    bool added = no == 0 || strcmp(e->action, "insert") == 0;
    fprintf(f, "%s", added ? "新增记录" : code_label_of(HISTORY_ACTIONS, e->action));
    int lines = 0;
    for (size_t k = 0; k < ZB_ARRAY_LEN(AMEND_FIELDS); k++) {
        const char *key = AMEND_FIELDS[k].key;
        const char *ov = added ? NULL : flatjson_get(op, no, key), *nv = flatjson_get(np, nn, key);
        if (!nv && !ov) continue;
        if (ov && nv && strcmp(ov, nv) == 0) continue;
        if (added && (!nv || !*nv)) continue;
        char a[400], b[400];
        short_value(st, key, table, nv, b, sizeof b);
        if (added) {
            fprintf(f, "%s%s %s", lines++ ? "，" : "：", AMEND_FIELDS[k].label, b);
        } else {
            short_value(st, key, table, ov, a, sizeof a);
            fprintf(f, "\n%s：%s → %s", AMEND_FIELDS[k].label, a, b);
            lines++;
        }
    }
    flatjson_free(op, no);
    flatjson_free(np, nn);
    fclose(f);
    return buf ? buf : xstrdup("");
}
