/* history_view.c — the edit history of one row, field by field (see history_view.h). */
#include "zhibu/history_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/flatjson.h"
#include "zhibu/meeting.h"
#include "zhibu/model.h"
#include "zhibu/screen.h"
#include "zhibu/store.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

struct field_label {
    const char *key;
    const char *label;
    const struct code_label *codes; /* coded values shown by label */
};

static const struct field_label FIELDS[] = {
    {"name", "姓名", NULL},           {"code", "组织代码", NULL},
    {"type", "类型", BRANCH_TYPES},   {"theme_day", "主题党日", NULL},
    {"dues_start", "台账起始月", NULL},
    {"gender", "性别", GENDERS},      {"birth_date", "出生日期", NULL},
    {"ethnicity", "民族", NULL},      {"education", "学历", EDUCATIONS},
    {"phone", "电话", NULL},          {"join_date", "入党日期", NULL},
    {"full_date", "转正日期", NULL},  {"status", "党籍状态", MEMBER_STATUSES},
    {"dues_category", "党费类别", DUES_CATEGORIES}, {"office", "支委职务", OFFICES},
    {"group_id", "党小组", NULL},     {"mobile", "流动党员", NULL},
    {"leave_status", "名册状态", LEAVE_STATUSES}, {"leave_date", "离开日期", NULL},
    {"leave_reason", "离开原因", NULL}, {"note", "备注", NULL},
    {"leader_id", "组长", NULL},
    /* meeting records and plans */
    {"kind", "会议类型", MEETING_KINDS}, {"date", "日期", NULL},
    {"start_time", "开始时间", NULL}, {"end_time", "结束时间", NULL},
    {"place", "地点", NULL},          {"host_id", "主持人", NULL},
    {"recorder_id", "记录人", NULL},  {"lecturer_name", "主讲人", NULL},
    {"election", "选举", NULL},       {"topic", "议题", NULL},
    {"topics", "议题", NULL},         {"minutes", "会议内容", NULL},
    {"observers", "列席人员", NULL},  {"no_resolutions", "无表决事项", NULL},
    {"also_mask", "同时计为", NULL},  {"attendance", "出席情况", NULL},
    {"resolutions", "决议", NULL},    {"void_reason", "作废原因", NULL},
    /* posts and mobile members */
    {"category", "类别", NULL},       {"duties", "岗位职责", NULL},
    {"wanted", "岗位人数", NULL},     {"active_from", "起始日期", NULL},
    {"active_to", "截止日期", NULL},  {"destination", "外出地点", NULL},
    {"since", "开始日期", NULL},      {"card_no", "活动证编号", NULL},
    {"contact_person", "联系人", NULL}, {"contact_phone", "联系电话", NULL},
};

static void append(char **buf, size_t *len, const char *s)
{
    size_t n = strlen(s);
    *buf = xrealloc(*buf, *len + n + 1);
    memcpy(*buf + *len, s, n + 1);
    *len += n;
}

/* Long multi-line text on one line: line breaks as " / ", cut after 40 columns with the
 * length in characters. */
static void one_line(const char *v, char *out, size_t outsz)
{
    char buf[512];
    size_t n = 0;
    for (const char *p = v; *p && n + 4 < sizeof buf; p++) {
        if (*p == '\n') {
            memcpy(buf + n, " / ", 3);
            n += 3;
        } else {
            buf[n++] = *p;
        }
    }
    buf[n] = '\0';
    size_t fit = text_fit(buf, 40, NULL);
    if (fit < strlen(buf)) {
        buf[fit] = '\0';
        snprintf(out, outsz, "%s…（共 %zu 字）", buf, text_chars(v));
    } else {
        zb_strlcpy(out, buf, outsz);
    }
}

/* A value as a person reads it. */
static void show_value(struct app *app, const struct field_label *f, const char *v, char *out,
                       size_t outsz)
{
    if (!v || !*v) {
        if (f->codes && v && code_index(f->codes, "") >= 0)
            zb_strlcpy(out, code_label_of(f->codes, ""), outsz);
        else
            zb_strlcpy(out, "（空）", outsz);
        return;
    }
    if (f->codes) {
        zb_strlcpy(out, code_label_of(f->codes, v), outsz);
    } else if (strcmp(f->key, "mobile") == 0 || strcmp(f->key, "election") == 0 ||
               strcmp(f->key, "no_resolutions") == 0) {
        zb_strlcpy(out, strcmp(v, "0") == 0 ? "否" : "是", outsz);
    } else if (strcmp(f->key, "attendance") == 0 || strcmp(f->key, "resolutions") == 0) {
        zb_strlcpy(out, "（见记录）", outsz);
    } else if (strcmp(f->key, "also_mask") == 0) {
        unsigned mask = (unsigned)strtoul(v, NULL, 10);
        size_t len = 0;
        out[0] = '\0';
        for (int k = 0; k < MK_COUNT; k++)
            if (mask & MK_BIT(k))
                len += (size_t)snprintf(out + len, len < outsz ? outsz - len : 0, "%s%s", len ? "、" : "",
                                        meeting_kind_label((enum meeting_kind)k));
        if (!len) zb_strlcpy(out, "（无）", outsz);
    } else if (strcmp(f->key, "host_id") == 0 || strcmp(f->key, "recorder_id") == 0) {
        struct member m;
        if (store_member_get(app->store, strtoll(v, NULL, 10), &m) == STORE_OK)
            zb_strlcpy(out, m.name, outsz);
        else
            zb_strlcpy(out, v, outsz);
    } else if (strcmp(f->key, "topics") == 0 || strcmp(f->key, "minutes") == 0) {
        one_line(v, out, outsz);
    } else if (strcmp(f->key, "group_id") == 0) {
        struct group g;
        if (store_group_get(app->store, strtoll(v, NULL, 10), &g) == STORE_OK)
            zb_strlcpy(out, g.name, outsz);
        else
            zb_strlcpy(out, v, outsz);
    } else if (strcmp(f->key, "leader_id") == 0) {
        struct member m;
        if (store_member_get(app->store, strtoll(v, NULL, 10), &m) == STORE_OK)
            zb_strlcpy(out, m.name, outsz);
        else
            zb_strlcpy(out, v, outsz);
    } else {
        zb_strlcpy(out, v, outsz);
    }
}

/* Append one line per field that differs between the two JSONs: "    地点：A → B", or
 * "    地点：B" for a field only new holds. */
static void append_changes(struct app *app, char **buf, size_t *len, const char *old_json,
                           const char *new_json)
{
    char line[1600];
    struct flatjson_pair oldp[48], newp[48];
    int no = old_json ? flatjson_parse(old_json, oldp, 48) : 0;
    int nn = new_json ? flatjson_parse(new_json, newp, 48) : 0;
    if (no < 0) no = 0;
    if (nn < 0) nn = 0;
    for (size_t f = 0; f < ZB_ARRAY_LEN(FIELDS); f++) {
        const char *ov = flatjson_get(oldp, no, FIELDS[f].key);
        const char *nv = flatjson_get(newp, nn, FIELDS[f].key);
        if (!nv && !ov) continue;
        char a[600], b[600];
        if (ov && nv) {
            if (strcmp(ov, nv) == 0) continue;
            show_value(app, &FIELDS[f], ov, a, sizeof a);
            show_value(app, &FIELDS[f], nv, b, sizeof b);
            snprintf(line, sizeof line, "    %s：%s → %s\n", FIELDS[f].label, a, b);
        } else if (nv) {
            if (!*nv) continue;
            show_value(app, &FIELDS[f], nv, b, sizeof b);
            snprintf(line, sizeof line, "    %s：%s\n", FIELDS[f].label, b);
        } else {
            continue;
        }
        append(buf, len, line);
    }
    flatjson_free(oldp, no);
    flatjson_free(newp, nn);
}

char *history_view_changes(struct app *app, const char *old_json, const char *new_json)
{
    char *buf = xstrdup("");
    size_t len = 0;
    append_changes(app, &buf, &len, old_json, new_json);
    return buf;
}

char *history_view_text(struct app *app, const char *table, const char *row_uuid)
{
    enum { MAX = 200 };
    struct history_entry *e = xcalloc(MAX, sizeof *e);
    int n = 0;
    char *buf = xstrdup("");
    size_t len = 0;
    if (store_history_list(app->store, table, row_uuid, e, MAX, &n) != STORE_OK || n == 0) {
        append(&buf, &len, "（没有修改记录）\n");
        free(e);
        return buf;
    }
    for (int i = 0; i < n; i++) {
        const char *action = code_label_of(HISTORY_ACTIONS, e[i].action);
        char line[1600];
        char when[24];
        zb_strlcpy(when, e[i].changed_at, sizeof when);
        if (strlen(when) >= 16) { when[10] = ' '; when[16] = '\0'; } /* YYYY-MM-DD HH:MM */
        snprintf(line, sizeof line, "%s  %s  %s（UTC）\n", when, e[i].changed_by, action);
        append(&buf, &len, line);
        append_changes(app, &buf, &len, e[i].old_json, e[i].new_json);
    }
    store_history_free(e, n);
    free(e);
    return buf;
}

void history_view_show(struct app *app, const char *table, const char *row_uuid,
                       const char *title)
{
    char *text = history_view_text(app, table, row_uuid);
    char t[300];
    snprintf(t, sizeof t, "修改记录 — %s", title);
    ui_message(t, text);
    free(text);
}
