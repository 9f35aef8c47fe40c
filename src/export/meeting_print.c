/* meeting_print.c — one meeting record as the printed page (plain text, wrapped by terminal
 * columns), and the small texts the exports share (see meeting_export.h). */
#include "zhibu/meeting_export.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "zhibu/csv.h"
#include "zhibu/model.h"
#include "zhibu/sheet.h"
#include "zhibu/store_auth.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "meeting_export_priv.h"

/* ---- small text helpers ---- */

static const char *or_text(const char *s, const char *fallback)
{
    return s && *s ? s : fallback;
}

/* The kind's label, or the stored code itself when it is not a known kind. */
const char *meeting_kind_text(const char *code)
{
    int k = meeting_kind_of_code(code);
    return k >= 0 ? meeting_kind_label((enum meeting_kind)k) : or_text(code, "");
}

/* Append to a fixed buffer, never splitting a character; returns false once it is full. */
static bool buf_add(char *buf, size_t bufsz, const char *s)
{
    size_t len = strlen(buf);
    if (len + 1 >= bufsz) return false;
    size_t add = strlen(s);
    if (len + add < bufsz) {
        memcpy(buf + len, s, add + 1);
        return true;
    }
    zb_strlcpy(buf + len, s, bufsz - len);
    return false;
}

void meeting_also_text(unsigned also_mask, const char *kind, bool labels, char *out,
                       size_t outsz)
{
    if (!out || outsz == 0) return;
    out[0] = '\0';
    int own = meeting_kind_of_code(kind);
    for (int k = 0; k < MK_COUNT; k++) {
        if (!(also_mask & MK_BIT(k)) || k == own) continue;
        if (out[0]) buf_add(out, outsz, labels ? "、" : ";");
        buf_add(out, outsz, labels ? meeting_kind_label((enum meeting_kind)k)
                                   : meeting_kind_code((enum meeting_kind)k));
    }
}

static const struct {
    unsigned bit;
    const char *code;
} ELEMENT_CODES[] = {
    {ME_TIME, "time"},         {ME_PLACE, "place"},       {ME_HOST, "host"},
    {ME_RECORDER, "recorder"}, {ME_LECTURER, "lecturer"}, {ME_ATTENDANCE, "attendance"},
    {ME_REASONS, "reasons"},   {ME_TOPICS, "topics"},     {ME_MINUTES, "minutes"},
    {ME_RESOLUTIONS, "resolutions"}, {ME_GROUP, "group"},
};

void meeting_missing_codes(unsigned missing_mask, char *out, size_t outsz)
{
    if (!out || outsz == 0) return;
    out[0] = '\0';
    for (size_t i = 0; i < ZB_ARRAY_LEN(ELEMENT_CODES); i++) {
        if (!(missing_mask & ELEMENT_CODES[i].bit)) continue;
        if (out[0]) buf_add(out, outsz, ";");
        buf_add(out, outsz, ELEMENT_CODES[i].code);
    }
}

char *meeting_first_topic(const char *topics)
{
    const char *p = topics ? topics : "";
    for (;;) {
        while (*p == ' ' || *p == '\r') p++;
        if (*p != '\n') break;
        p++;
    }
    size_t len = strcspn(p, "\r\n");
    while (len > 0 && p[len - 1] == ' ') len--;
    char *out = xmalloc(len + 1);
    memcpy(out, p, len);
    out[len] = '\0';
    return out;
}

const char *meeting_quorum_code(int quorum)
{
    switch (quorum) {
    case QUORUM_MET: return "met";
    case QUORUM_NOT_MET: return "not_met";
    default: return "na";
    }
}

/* "达到" / "不足" / "" for the columns of the export. */
const char *meeting_quorum_label(int quorum)
{
    switch (quorum) {
    case QUORUM_MET: return "达到";
    case QUORUM_NOT_MET: return "不足";
    default: return "不适用";
    }
}

/* "补记；不足法定人数；要素不全；已作废" — the marks, joined, "" when none. */
void meeting_marks_text(const struct meeting *m, int late_entry_days, char *out, size_t outsz)
{
    out[0] = '\0';
    if (meeting_is_late(m->date, m->created_at, late_entry_days)) buf_add(out, outsz, "补记");
    if (m->quorum == QUORUM_NOT_MET) {
        if (out[0]) buf_add(out, outsz, "；");
        buf_add(out, outsz, "不足法定人数");
    }
    if (m->missing_mask) {
        if (out[0]) buf_add(out, outsz, "；");
        buf_add(out, outsz, "要素不全");
    }
    if (m->voided_at[0]) {
        if (out[0]) buf_add(out, outsz, "；");
        buf_add(out, outsz, "已作废");
    }
}

/* ---- the printed page (laid out with sheet.c's page helpers) ---- */

static const char *const WEEKDAYS[7] = {"星期一", "星期二", "星期三", "星期四",
                                        "星期五", "星期六", "星期日"};

/* The names of those present (pointers into m; free the array only). */
static const char **names_present(const struct meeting *m, int *n)
{
    const char **out = xcalloc((size_t)(m->nattendees > 0 ? m->nattendees : 1), sizeof *out);
    *n = 0;
    for (int i = 0; i < m->nattendees; i++)
        if (strcmp(m->attendees[i].mark, "present") == 0) out[(*n)++] = m->attendees[i].name;
    return out;
}

static int print_record(FILE *out, const struct meeting *m, const char *branch_name,
                        int late_entry_days, int width, const char *entered_by,
                        const char *voided_by);

int meeting_print_text(FILE *out, const struct meeting *m, const char *branch_name,
                       int late_entry_days, int width)
{
    return print_record(out, m, branch_name, late_entry_days, width, m ? m->created_by : "",
                        m ? m->voided_by : "");
}

/* An account's name as people know it: its display name, else the login itself. */
int meeting_print_record(FILE *out, struct store *st, const struct meeting *m,
                         const char *branch_name, int late_entry_days, int width)
{
    char entered[128] = "", voided[128] = "";
    if (m) {
        store_user_name(st, m->created_by, entered, sizeof entered);
        store_user_name(st, m->voided_by, voided, sizeof voided);
    }
    return print_record(out, m, branch_name, late_entry_days, width, entered, voided);
}

static int print_record(FILE *out, const struct meeting *m, const char *branch_name,
                        int late_entry_days, int width, const char *entered_by,
                        const char *voided_by)
{
    if (!out || !m || width < MEETING_PRINT_MIN_WIDTH) {
        errno = EINVAL;
        return -1;
    }
    struct export_page pg = {.f = out, .width = width};
    struct export_page *p = &pg;
    char buf[1024], date[64];
    int kind = meeting_kind_of_code(m->kind);
    const char *kind_label = meeting_kind_text(m->kind);

    snprintf(buf, sizeof buf, "%s%s%s会议记录", or_text(branch_name, ""),
             branch_name && *branch_name ? " " : "", kind_label);
    export_page_centered(p, buf);
    export_page_rule(p, '=');

    export_page_field(p, "会议类型", kind_label);
    char also[256];
    meeting_also_text(m->also_mask, m->kind, true, also, sizeof also);
    if (also[0]) export_page_field(p, "同时计为", also);
    if (kind == MK_GROUP || m->group_id) export_page_field(p, "党小组", or_text(m->group_name, "（未填）"));

    export_chinese_date(m->date, date, sizeof date);
    struct zdate d;
    if (date_parse(m->date, &d)) {
        size_t len = strlen(date);
        snprintf(date + len, sizeof date - len, "（%s）", WEEKDAYS[date_weekday(d)]);
    }
    if (m->start_time[0] || m->end_time[0])
        snprintf(buf, sizeof buf, "%s %s至%s", date, or_text(m->start_time, "（未填）"),
                 or_text(m->end_time, "（未填）"));
    else
        snprintf(buf, sizeof buf, "%s（起止时间未填）", date);
    export_page_field(p, "时间", buf);
    export_page_field(p, "地点", or_text(m->place, "（未填）"));
    export_page_field(p, "主持人", m->host_id || m->host_name[0] ? or_text(m->host_name, "（未填）") : "（未填）");
    export_page_field(p, "记录人",
               m->recorder_id || m->recorder_name[0] ? or_text(m->recorder_name, "（未填）") : "（未填）");
    if (m->lecturer_name[0] || m->lecturer_id || meeting_counts_as(m, MK_LECTURE))
        export_page_field(p, "主讲人", or_text(m->lecturer_name, "（未填）"));

    /* members excused with approval (不计应到) leave 应到, as the audit counts them */
    struct meeting_heads h;
    meeting_heads(m, &h);
    snprintf(buf, sizeof buf, "应到 %d 人，实到 %d 人，请假 %d 人，缺席 %d 人", h.expected,
             h.present, h.on_leave, h.absent);
    export_page_field(p, "人数", buf);
    if (h.excused > 0) {
        snprintf(buf, sizeof buf, "%d 人", h.excused);
        export_page_field(p, "经批准不计应到", buf);
    }
    if (m->quorum != QUORUM_NA) {
        snprintf(buf, sizeof buf, "%s（有表决权应到 %d 人，实到 %d 人%s）",
                 m->quorum == QUORUM_MET ? "达到法定人数" : "不足法定人数",
                 m->voting_expected, m->voting_present, m->election ? "，选举" : "");
        export_page_field(p, "法定人数", buf);
    }
    if (m->present > 0) {
        int n = 0;
        const char **names = names_present(m, &n);
        export_page_list(p, "出席人员", names, n, "");
        free(names);
    }

    if (m->on_leave + m->absent == 0) {
        export_page_field(p, "缺席及请假人员及原因", m->nattendees ? "无" : "（无出席名单）");
    } else {
        export_page_paragraph(p, "缺席及请假人员及原因：", 0, 2);
        for (int i = 0; i < m->nattendees; i++) {
            const struct attendee *a = &m->attendees[i];
            if (strcmp(a->mark, "leave") != 0 && strcmp(a->mark, "absent") != 0) continue;
            char *name = export_clean_text(a->name, false), *why = export_clean_text(a->reason, false);
            char *line = xasprintf("%s（%s%s）：%s", name, code_label_of(ATTEND_MARKS, a->mark),
                                   a->excused ? "，经批准不计应到" : "", or_text(why, "（未填原因）"));
            export_page_paragraph(p, line, 2, 4);
            free(line);
            free(name);
            free(why);
        }
    }
    export_page_field(p, "列席人员", or_text(m->observers, "无"));

    export_page_rule(p, '-');
    export_page_put(p, "议题：\n");
    {
        char *topics = export_clean_text(m->topics, true);
        int no = 0;
        char *s = topics;
        while (s) {
            char *nl = strchr(s, '\n');
            if (nl) *nl = '\0';
            char *t = s;
            while (*t == ' ') t++;
            if (*t) {
                char *line = xasprintf("%d. %s", ++no, t);
                export_page_paragraph(p, line, 2, no >= 10 ? 6 : 5);
                free(line);
            }
            s = nl ? nl + 1 : NULL;
        }
        if (no == 0) export_page_put(p, "  （未填）\n");
        free(topics);
    }

    export_page_put(p, "会议内容：\n");
    if (m->minutes && m->minutes[strspn(m->minutes, " \t\r\n")])
        export_page_text(p, m->minutes, 2, 2);
    else
        export_page_put(p, "  （未填）\n");

    export_page_put(p, "决议：\n");
    int nres = 0;
    for (int i = 0; m->resolutions && i < m->nresolutions; i++) {
        const struct resolution *r = &m->resolutions[i];
        char *t = export_clean_text(r->text, false);
        char *line = xasprintf("%d. %s", ++nres, t);
        export_page_paragraph(p, line, 2, 5);
        free(line);
        /* the votes and the outcome on a line of their own: never cut in the middle */
        line = xasprintf("表决：赞成 %d 票，反对 %d 票，弃权 %d 票，%s", r->votes_for,
                         r->votes_against, r->votes_abstain, meeting_resolution_outcome(m, r));
        export_page_paragraph(p, line, 5, 5);
        free(line);
        free(t);
    }
    if (nres == 0) {
        export_page_put(p, m->no_resolutions ? "  本次会议无表决事项\n" : "  无\n");
    } else {
        snprintf(buf, sizeof buf, "（有表决权的应到 %d 人，赞成票超过半数为通过）",
                 meeting_voters_entitled(m));
        export_page_paragraph(p, buf, 2, 2);
    }

    export_page_rule(p, '-');
    /* the marks: what a reviewer looks for */
    buf[0] = '\0';
    if (meeting_is_late(m->date, m->created_at, late_entry_days)) {
        char t[160];
        snprintf(t, sizeof t, "补记（%.10s 录入，会后 %ld 天）", m->created_at,
                 meeting_entry_delay(m->date, m->created_at));
        buf_add(buf, sizeof buf, t);
    }
    if (m->quorum == QUORUM_NOT_MET) {
        if (buf[0]) buf_add(buf, sizeof buf, "；");
        buf_add(buf, sizeof buf, "不足法定人数");
    }
    if (m->missing_mask) {
        char miss[256], t[300];
        meeting_missing_text(m->missing_mask, miss, sizeof miss);
        snprintf(t, sizeof t, "要素不全（%s）", miss);
        if (buf[0]) buf_add(buf, sizeof buf, "；");
        buf_add(buf, sizeof buf, t);
    }
    if (m->voided_at[0]) {
        if (buf[0]) buf_add(buf, sizeof buf, "；");
        buf_add(buf, sizeof buf, "已作废");
    }
    export_page_field(p, "标记", or_text(buf, "无"));
    if (m->voided_at[0]) {
        char *why = export_clean_text(m->void_reason, false);
        char *line = xasprintf("%.10s 由 %s 作废，原因：%s", m->voided_at,
                               or_text(voided_by, "（未知）"), or_text(why, "（未填）"));
        export_page_field(p, "作废", line);
        free(line);
        free(why);
    }
    snprintf(buf, sizeof buf, "%.10s 由 %s", or_text(m->created_at, "（未知）"),
             or_text(entered_by, "（未知）"));
    export_page_field(p, "录入", buf);
    if (m->updated_at[0] && strcmp(m->updated_at, m->created_at) != 0) {
        snprintf(buf, sizeof buf, "%.10s", m->updated_at);
        export_page_field(p, "最后修改", buf);
    }
    /* the signatures that make the page the record: host and recorder */
    export_page_put(p, "\n");
    static const char *const SIGNERS[] = {"主持人（签字）：", "记录人（签字）："};
    for (int i = 0; i < 2; i++) {
        int w = text_width(SIGNERS[i]);
        int line = width - w > 24 ? 24 : width - w;
        export_page_put(p, SIGNERS[i]);
        for (int k = 0; k < line; k++) export_page_put(p, "_");
        export_page_put(p, "\n\n");
    }
    if (!pg.failed && ferror(out)) pg.failed = true;
    return pg.failed ? -1 : 0;
}

