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
    {"start_date", "成立日期", NULL}, {"end_date", "撤销日期", NULL},
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

/* ---- lists kept inside a record (attendance, resolutions): what was removed, added, changed ---- */

struct list_item {
    struct flatjson_pair p[8];
    int n;
    bool matched;
};

/* The objects of a JSON array, each read; *n = 0 when json is not such an array. */
static struct list_item *list_items(const char *json, int *n)
{
    char **raw = NULL;
    int k = json && *json ? flatjson_objects(json, &raw) : -1;
    *n = k > 0 ? k : 0;
    struct list_item *items = xcalloc((size_t)*n + 1, sizeof *items);
    for (int i = 0; i < *n; i++) {
        items[i].n = flatjson_parse(raw[i], items[i].p, (int)ZB_ARRAY_LEN(items[i].p));
        if (items[i].n < 0) items[i].n = 0;
        free(raw[i]);
    }
    free(raw);
    return items;
}

static void list_items_free(struct list_item *items, int n)
{
    for (int i = 0; i < n; i++) flatjson_free(items[i].p, items[i].n);
    free(items);
}

static const char *item_get(const struct list_item *it, const char *key)
{
    const char *v = flatjson_get(it->p, it->n, key);
    return v ? v : "";
}

static void append_line(char **buf, size_t *len, const char *label, const char *text)
{
    char *line = xasprintf("    %s：%s\n", label, text);
    append(buf, len, line);
    free(line);
}

static void votes_text(const struct list_item *r, char *out, size_t outsz)
{
    snprintf(out, outsz, "赞成 %s，反对 %s，弃权 %s", item_get(r, "votes_for"), item_get(r, "votes_against"),
             item_get(r, "votes_abstain"));
}

/* "2/1/0": for, against, abstaining. */
static void votes_short(const struct list_item *r, char *out, size_t outsz)
{
    snprintf(out, outsz, "%s/%s/%s", item_get(r, "votes_for"), item_get(r, "votes_against"),
             item_get(r, "votes_abstain"));
}

/* Resolutions before and after: those kept as they were are not shown; one whose votes changed
 * is shown with both counts; the rest were removed or added, and say so with their text. */
static void resolutions_diff(const char *ov, const char *nv, char **buf, size_t *len)
{
    int no, nn;
    struct list_item *o = list_items(ov, &no), *w = list_items(nv, &nn);
    char text[600], va[96], vb[96], line[1400];
    for (int pass = 0; pass < 2; pass++) /* the same text and votes first, then the same text */
        for (int i = 0; i < no; i++)
            for (int j = 0; j < nn && !o[i].matched; j++) {
                if (w[j].matched || strcmp(item_get(&o[i], "text"), item_get(&w[j], "text")) != 0) continue;
                votes_short(&o[i], va, sizeof va);
                votes_short(&w[j], vb, sizeof vb);
                if (pass == 0 && strcmp(va, vb) != 0) continue;
                o[i].matched = w[j].matched = true;
                if (pass == 1) {
                    one_line(item_get(&o[i], "text"), text, sizeof text);
                    snprintf(line, sizeof line, "「%s」票数 %s → %s（赞成/反对/弃权）", text, va, vb);
                    append_line(buf, len, "决议", line);
                }
            }
    for (int i = 0; i < no; i++) {
        if (o[i].matched) continue;
        one_line(item_get(&o[i], "text"), text, sizeof text);
        votes_text(&o[i], va, sizeof va);
        snprintf(line, sizeof line, "删除「%s」（%s）", text, va);
        append_line(buf, len, "决议", line);
    }
    for (int j = 0; j < nn; j++) {
        if (w[j].matched) continue;
        one_line(item_get(&w[j], "text"), text, sizeof text);
        votes_text(&w[j], vb, sizeof vb);
        snprintf(line, sizeof line, "新增「%s」（%s）", text, vb);
        append_line(buf, len, "决议", line);
    }
    list_items_free(o, no);
    list_items_free(w, nn);
}

/* "请假（生病住院）": a mark with its reason. */
static void mark_text(const struct list_item *a, char *out, size_t outsz)
{
    const char *reason = item_get(a, "reason");
    snprintf(out, outsz, "%s%s%s%s", code_label_of(ATTEND_MARKS, item_get(a, "mark")), reason[0] ? "（" : "",
             reason, reason[0] ? "）" : "");
}

static void member_name(struct app *app, const char *id, char *out, size_t outsz)
{
    struct member m;
    if (store_member_get(app->store, strtoll(id, NULL, 10), &m) == STORE_OK)
        zb_strlcpy(out, m.name, outsz);
    else
        snprintf(out, outsz, "党员 #%s", id);
}

/* Attendance before and after. A first list is summed up by mark; after that each person whose
 * mark or reason changed is named, and so is anyone added to or removed from the list. */
static void attendance_diff(struct app *app, const char *ov, const char *nv, char **buf, size_t *len)
{
    int no, nn;
    struct list_item *o = list_items(ov, &no), *w = list_items(nv, &nn);
    char name[TEXT_SHORT], ma[400], mb[400], line[1000];
    if (no == 0) {
        int count[3] = {0, 0, 0};
        for (int j = 0; j < nn; j++) {
            int k = code_index(ATTEND_MARKS, item_get(&w[j], "mark"));
            if (k >= 0 && k < 3) count[k]++;
        }
        if (nn > 0) {
            snprintf(line, sizeof line, "%d 人：%s %d，%s %d，%s %d", nn, ATTEND_MARKS[0].label, count[0],
                     ATTEND_MARKS[1].label, count[1], ATTEND_MARKS[2].label, count[2]);
            append_line(buf, len, "出席情况", line);
        }
    } else {
        for (int j = 0; j < nn; j++) {
            const char *id = item_get(&w[j], "member_id");
            int i = 0;
            while (i < no && (o[i].matched || strcmp(item_get(&o[i], "member_id"), id) != 0)) i++;
            mark_text(&w[j], mb, sizeof mb);
            member_name(app, id, name, sizeof name);
            if (i == no) {
                snprintf(line, sizeof line, "新增 %s（%s）", name, mb);
                append_line(buf, len, "出席情况", line);
                continue;
            }
            o[i].matched = true;
            mark_text(&o[i], ma, sizeof ma);
            if (strcmp(ma, mb) == 0) continue;
            snprintf(line, sizeof line, "%s %s → %s", name, ma, mb);
            append_line(buf, len, "出席情况", line);
        }
        for (int i = 0; i < no; i++) {
            if (o[i].matched) continue;
            member_name(app, item_get(&o[i], "member_id"), name, sizeof name);
            mark_text(&o[i], ma, sizeof ma);
            snprintf(line, sizeof line, "移出名单 %s（原为 %s）", name, ma);
            append_line(buf, len, "出席情况", line);
        }
    }
    list_items_free(o, no);
    list_items_free(w, nn);
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
        if (ov && nv && strcmp(ov, nv) == 0) continue;
        if (strcmp(FIELDS[f].key, "resolutions") == 0) {
            resolutions_diff(ov, nv, buf, len);
            continue;
        }
        if (strcmp(FIELDS[f].key, "attendance") == 0) {
            attendance_diff(app, ov, nv, buf, len);
            continue;
        }
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
    /* Each entry holds the row twice (a record's minutes may be 20,000 characters), so the
     * newest MAX are shown and the text says when there are more; one more is read to know. */
    enum { MAX = 200 };
    struct history_entry *e = xcalloc(MAX + 1, sizeof *e);
    int n = 0;
    char *buf = xstrdup("");
    size_t len = 0;
    if (store_history_list(app->store, table, row_uuid, e, MAX + 1, &n) != STORE_OK || n == 0) {
        append(&buf, &len, "（没有修改记录）\n");
        free(e);
        return buf;
    }
    bool more = n > MAX;
    if (more) {
        store_history_free(e + MAX, n - MAX);
        n = MAX;
        char note[120];
        snprintf(note, sizeof note, "（只显示最近 %d 条修改记录，更早的未列出）\n", MAX);
        append(&buf, &len, note);
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
    char *t = xasprintf("修改记录 — %s", title);
    ui_message(t, text);
    free(t);
    free(text);
}
