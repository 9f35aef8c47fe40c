/* meeting_export.c — meeting records out of the program (see meeting_export.h): the printed
 * page (plain text, wrapped by terminal columns), and the filtered list as .xlsx, CSV or JSON.
 * This file and its siblings in src/export/ are the only code that includes xlsxwriter.h.
 *
 * Files are written to PATH.tmp and renamed over PATH only once complete, so a failure (a
 * full disk, a missing directory) leaves no file, neither the old one half-replaced nor a
 * fragment. Text going into a file is sanitized (invalid UTF-8 and control characters become
 * U+FFFD) so that the XML inside an .xlsx is always well formed. */
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

/* ---- small text helpers ---- */

static const char *or_text(const char *s, const char *fallback)
{
    return s && *s ? s : fallback;
}

/* The kind's label, or the stored code itself when it is not a known kind. */
static const char *kind_label_of(const char *code)
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
static const char *quorum_label(int quorum)
{
    switch (quorum) {
    case QUORUM_MET: return "达到";
    case QUORUM_NOT_MET: return "不足";
    default: return "不适用";
    }
}

/* "补记；不足法定人数；要素不全；已作废" — the marks, joined, "" when none. */
static void marks_text(const struct meeting *m, int late_entry_days, char *out, size_t outsz)
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
    const char *kind_label = kind_label_of(m->kind);

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

/* ---- exports ---- */

int export_format_of_path(const char *path)
{
    if (!path) return -1;
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base) return -1;
    if (strcasecmp(dot, ".xlsx") == 0) return EXPORT_XLSX;
    if (strcasecmp(dot, ".csv") == 0) return EXPORT_CSV;
    if (strcasecmp(dot, ".json") == 0) return EXPORT_JSON;
    return -1;
}

/* Columns of the 会议记录 sheet and of the CSV, in order. */
enum {
    COL_CODE, COL_BRANCH, COL_DATE, COL_START, COL_END, COL_KIND, COL_ALSO, COL_GROUP,
    COL_TOPICS, COL_PLACE, COL_HOST, COL_RECORDER, COL_LECTURER, COL_EXPECTED, COL_PRESENT,
    COL_LEAVE, COL_ABSENT, COL_QUORUM, COL_MARKS, COL_MISSING, COL_CREATED, COL_CREATED_BY,
    NCOLS
};
static const struct {
    const char *header;
    double width; /* in Excel's character units: a Chinese character takes about 2 */
} COLUMNS[NCOLS] = {
    [COL_CODE] = {"组织代码", 12},    [COL_BRANCH] = {"党组织名称", 24},
    [COL_DATE] = {"日期", 11},        [COL_START] = {"开始时间", 9},
    [COL_END] = {"结束时间", 9},      [COL_KIND] = {"会议类型", 13},
    [COL_ALSO] = {"同时计为", 16},    [COL_GROUP] = {"党小组", 12},
    [COL_TOPICS] = {"议题", 44},      [COL_PLACE] = {"地点", 16},
    [COL_HOST] = {"主持人", 10},      [COL_RECORDER] = {"记录人", 10},
    [COL_LECTURER] = {"主讲人", 10},  [COL_EXPECTED] = {"应到", 6},
    [COL_PRESENT] = {"实到", 6},      [COL_LEAVE] = {"请假", 6},
    [COL_ABSENT] = {"缺席", 6},       [COL_QUORUM] = {"法定人数", 9},
    [COL_MARKS] = {"标记", 24},       [COL_MISSING] = {"缺少要素", 24},
    [COL_CREATED] = {"录入时间", 21}, [COL_CREATED_BY] = {"录入人", 10},
};
#define FIRST_NUMBER_COL COL_EXPECTED
#define LAST_NUMBER_COL COL_ABSENT

enum { ACOL_CODE, ACOL_DATE, ACOL_KIND, ACOL_TOPIC, ACOL_NAME, ACOL_OFFICE, ACOL_VOTING,
       ACOL_MARK, ACOL_REASON, ANCOLS };
static const struct {
    const char *header;
    double width;
} ATT_COLUMNS[ANCOLS] = {
    [ACOL_CODE] = {"组织代码", 12}, [ACOL_DATE] = {"会议日期", 11},
    [ACOL_KIND] = {"会议类型", 13}, [ACOL_TOPIC] = {"议题", 36},
    [ACOL_NAME] = {"姓名", 14},     [ACOL_OFFICE] = {"职务", 10},
    [ACOL_VOTING] = {"表决权", 7},  [ACOL_MARK] = {"出席情况", 9},
    [ACOL_REASON] = {"原因", 30},
};

/* 会议内容: what was said, one row per record. */
enum { CCOL_DATE, CCOL_KIND, CCOL_TOPICS, CCOL_HOST, CCOL_RECORDER, CCOL_OBSERVERS, CCOL_MINUTES,
       CNCOLS };
static const struct {
    const char *header;
    double width;
} CONTENT_COLUMNS[CNCOLS] = {
    [CCOL_DATE] = {"会议日期", 11},  [CCOL_KIND] = {"会议类型", 13},
    [CCOL_TOPICS] = {"议题", 30},    [CCOL_HOST] = {"主持人", 10},
    [CCOL_RECORDER] = {"记录人", 10}, [CCOL_OBSERVERS] = {"列席人员", 18},
    [CCOL_MINUTES] = {"会议内容", 70},
};

/* 决议: one row per resolution, with its votes and outcome. */
enum { RCOL_DATE, RCOL_KIND, RCOL_NO, RCOL_TEXT, RCOL_FOR, RCOL_AGAINST, RCOL_ABSTAIN,
       RCOL_ENTITLED, RCOL_VOTERS, RCOL_OUTCOME, RNCOLS };
static const struct {
    const char *header;
    double width;
} RES_COLUMNS[RNCOLS] = {
    [RCOL_DATE] = {"会议日期", 11},     [RCOL_KIND] = {"会议类型", 13},
    [RCOL_NO] = {"序号", 5},            [RCOL_TEXT] = {"决议事项", 44},
    [RCOL_FOR] = {"赞成", 6},           [RCOL_AGAINST] = {"反对", 6},
    [RCOL_ABSTAIN] = {"弃权", 6},       [RCOL_ENTITLED] = {"有表决权应到", 12},
    [RCOL_VOTERS] = {"出席有表决权", 12}, [RCOL_OUTCOME] = {"表决结果", 9},
};

/* One record's values as text (heap strings where noted), shared by CSV and .xlsx. */
struct row_text {
    char *cells[NCOLS];
};

static void row_fill(struct row_text *rt, const struct meeting *m, const struct branch *b,
                     int late_entry_days, const char *entered_by)
{
    char tmp[512];
    rt->cells[COL_CODE] = export_clean_text(b->code, false);
    rt->cells[COL_BRANCH] = export_clean_text(b->name, false);
    rt->cells[COL_DATE] = export_clean_text(m->date, false);
    rt->cells[COL_START] = export_clean_text(m->start_time, false);
    rt->cells[COL_END] = export_clean_text(m->end_time, false);
    rt->cells[COL_KIND] = export_clean_text(kind_label_of(m->kind), false);
    meeting_also_text(m->also_mask, m->kind, true, tmp, sizeof tmp);
    rt->cells[COL_ALSO] = xstrdup(tmp);
    rt->cells[COL_GROUP] = export_clean_text(m->group_name, false);
    /* topics stay one per line inside the cell */
    char *topics = export_clean_text(m->topics, true);
    size_t len = strlen(topics);
    while (len > 0 && (topics[len - 1] == '\n' || topics[len - 1] == ' ')) topics[--len] = '\0';
    rt->cells[COL_TOPICS] = topics;
    rt->cells[COL_PLACE] = export_clean_text(m->place, false);
    rt->cells[COL_HOST] = export_clean_text(m->host_name, false);
    rt->cells[COL_RECORDER] = export_clean_text(m->recorder_name, false);
    rt->cells[COL_LECTURER] = export_clean_text(m->lecturer_name, false);
    /* members excused with approval (不计应到) leave 应到, as the audit counts them */
    struct meeting_heads h;
    meeting_heads(m, &h);
    rt->cells[COL_EXPECTED] = xasprintf("%d", h.expected);
    rt->cells[COL_PRESENT] = xasprintf("%d", h.present);
    rt->cells[COL_LEAVE] = xasprintf("%d", h.on_leave);
    rt->cells[COL_ABSENT] = xasprintf("%d", h.absent);
    rt->cells[COL_QUORUM] = xstrdup(quorum_label(m->quorum));
    marks_text(m, late_entry_days, tmp, sizeof tmp);
    if (m->voided_at[0] && m->void_reason[0]) {
        char *why = export_clean_text(m->void_reason, false);
        rt->cells[COL_MARKS] = xasprintf("%s（作废原因：%s）", tmp, why);
        free(why);
    } else {
        rt->cells[COL_MARKS] = xstrdup(tmp);
    }
    meeting_missing_text(m->missing_mask, tmp, sizeof tmp);
    /* "缺：地点、记录人" → "地点、记录人" in a column already named 缺少要素 */
    const char *miss = strncmp(tmp, "缺：", strlen("缺：")) == 0 ? tmp + strlen("缺：") : tmp;
    rt->cells[COL_MISSING] = xstrdup(miss);
    /* what people read: local time to the minute, and the person's name (the stored UTC
     * timestamp and the login are in the .json and in zhibu list meetings) */
    export_local_time(m->created_at, tmp, sizeof tmp);
    rt->cells[COL_CREATED] = export_clean_text(tmp, false);
    rt->cells[COL_CREATED_BY] = export_clean_text(entered_by, false);
}

static void row_free(struct row_text *rt)
{
    for (int i = 0; i < NCOLS; i++) free(rt->cells[i]);
}

struct exporter {
    enum export_format format;
    const struct branch *branch;
    int late_entry_days;
    struct export_file out;   /* the file: out.f for CSV and JSON, out.wb for .xlsx */
    FILE *f;                  /* CSV, JSON: out.f */
    lxw_worksheet *ws, *wa, *wc, *wr; /* 会议记录, 出席情况, 会议内容, 决议 */
    struct export_formats fmt;        /* bordered cells (sheet.c) */
    const char *period;               /* the dates the file covers, for the titles */
    lxw_row_t row, arow, crow, rrow;
    long records;
    struct store *st;                 /* for the names of who entered the records */
    char who_login[64], who_name[128];
    bool failed;              /* a write failed (the reason is in out) */
};

static void xlsx_check(struct exporter *x, lxw_error rc)
{
    export_file_lxw(&x->out, rc);
    if (x->out.failed) x->failed = true;
}

static void file_check(struct exporter *x, int rc)
{
    export_file_io(&x->out, rc);
    if (x->out.failed) x->failed = true;
}

/* A sheet's title (the branch, what it holds and the period, in row 0 and in the page
 * header), its headings in row 1, the page set up for print (sheet.c). */
static void xlsx_sheet_start(struct exporter *x, lxw_worksheet *ws, const char *what,
                             const char *const *headers, const double *widths, int ncols)
{
    char *title = xasprintf("%s %s（%s）", x->branch->name, what, x->period);
    export_sheet_print(&x->out, ws, &(struct export_print){.title = title, .landscape = true, .repeat_row = 1});
    for (int c = 0; c < ncols; c++)
        xlsx_check(x, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL));
    export_sheet_title(&x->out, ws, 0, ncols, title, &x->fmt);
    free(title);
    for (int c = 0; c < ncols; c++)
        xlsx_check(x, worksheet_write_string(ws, 1, (lxw_col_t)c, headers[c], x->fmt.head));
    worksheet_freeze_panes(ws, 2, 0);
    if (x->out.failed) x->failed = true;
}

static void xlsx_headers(struct exporter *x)
{
    const char *h[32];
    double w[32];
    for (int c = 0; c < NCOLS; c++) h[c] = COLUMNS[c].header, w[c] = COLUMNS[c].width;
    xlsx_sheet_start(x, x->ws, "会议记录", h, w, NCOLS);
    for (int c = 0; c < ANCOLS; c++) h[c] = ATT_COLUMNS[c].header, w[c] = ATT_COLUMNS[c].width;
    xlsx_sheet_start(x, x->wa, "出席情况", h, w, ANCOLS);
    for (int c = 0; c < CNCOLS; c++) h[c] = CONTENT_COLUMNS[c].header, w[c] = CONTENT_COLUMNS[c].width;
    xlsx_sheet_start(x, x->wc, "会议内容", h, w, CNCOLS);
    for (int c = 0; c < RNCOLS; c++) h[c] = RES_COLUMNS[c].header, w[c] = RES_COLUMNS[c].width;
    xlsx_sheet_start(x, x->wr, "决议", h, w, RNCOLS);
    x->row = x->arow = x->crow = x->rrow = 2;
}

static void xlsx_text(struct exporter *x, lxw_worksheet *ws, lxw_row_t row, int col, const char *s,
                      bool wrap)
{
    if (!x->failed)
        xlsx_check(x, worksheet_write_string(ws, row, (lxw_col_t)col, s ? s : "",
                                             wrap ? x->fmt.wrap : x->fmt.cell));
}

static void xlsx_number(struct exporter *x, lxw_worksheet *ws, lxw_row_t row, int col, double v)
{
    if (!x->failed) xlsx_check(x, worksheet_write_number(ws, row, (lxw_col_t)col, v, x->fmt.number));
}

/* 会议内容 and 决议 rows of one record. */
static void xlsx_content(struct exporter *x, const struct meeting *m, struct row_text *rt)
{
    lxw_row_t row = x->crow++;
    char *observers = export_clean_text(m->observers, true);
    char *minutes = export_clean_text(m->minutes, true);
    text_trim(observers);
    text_trim(minutes);
    xlsx_text(x, x->wc, row, CCOL_DATE, rt->cells[COL_DATE], false);
    xlsx_text(x, x->wc, row, CCOL_KIND, rt->cells[COL_KIND], false);
    xlsx_text(x, x->wc, row, CCOL_TOPICS, rt->cells[COL_TOPICS], true);
    xlsx_text(x, x->wc, row, CCOL_HOST, rt->cells[COL_HOST], false);
    xlsx_text(x, x->wc, row, CCOL_RECORDER, rt->cells[COL_RECORDER], false);
    xlsx_text(x, x->wc, row, CCOL_OBSERVERS, observers[0] ? observers : "无", true);
    xlsx_text(x, x->wc, row, CCOL_MINUTES, minutes[0] ? minutes : "（未填）", true);
    free(observers);
    free(minutes);

    int entitled = meeting_voters_entitled(m), voters = meeting_voters_present(m);
    int n = 0;
    for (int i = 0; m->resolutions && i < m->nresolutions && !x->failed; i++) {
        const struct resolution *r = &m->resolutions[i];
        char *text = export_clean_text(r->text, true);
        row = x->rrow++;
        xlsx_text(x, x->wr, row, RCOL_DATE, rt->cells[COL_DATE], false);
        xlsx_text(x, x->wr, row, RCOL_KIND, rt->cells[COL_KIND], false);
        xlsx_number(x, x->wr, row, RCOL_NO, ++n);
        xlsx_text(x, x->wr, row, RCOL_TEXT, text, true);
        xlsx_number(x, x->wr, row, RCOL_FOR, r->votes_for);
        xlsx_number(x, x->wr, row, RCOL_AGAINST, r->votes_against);
        xlsx_number(x, x->wr, row, RCOL_ABSTAIN, r->votes_abstain);
        xlsx_number(x, x->wr, row, RCOL_ENTITLED, entitled);
        xlsx_number(x, x->wr, row, RCOL_VOTERS, voters);
        xlsx_text(x, x->wr, row, RCOL_OUTCOME, meeting_resolution_outcome(m, r), false);
        free(text);
    }
    if (n == 0 && m->no_resolutions && !x->failed) {
        row = x->rrow++;
        xlsx_text(x, x->wr, row, RCOL_DATE, rt->cells[COL_DATE], false);
        xlsx_text(x, x->wr, row, RCOL_KIND, rt->cells[COL_KIND], false);
        for (int c = RCOL_NO; c < RNCOLS; c++)
            xlsx_text(x, x->wr, row, c, c == RCOL_TEXT ? "本次会议无表决事项" : "", false);
    }
}

static void xlsx_record(struct exporter *x, const struct meeting *m, struct row_text *rt)
{
    for (int c = 0; c < NCOLS && !x->failed; c++) {
        if (c >= FIRST_NUMBER_COL && c <= LAST_NUMBER_COL)
            xlsx_check(x, worksheet_write_number(x->ws, x->row, (lxw_col_t)c,
                                                 strtod(rt->cells[c], NULL), x->fmt.number));
        else
            xlsx_check(x, worksheet_write_string(x->ws, x->row, (lxw_col_t)c, rt->cells[c],
                                                 c == COL_TOPICS ? x->fmt.wrap : x->fmt.cell));
    }
    x->row++;
    /* the first topic names the meeting in the attendance sheet */
    char *first = xstrdup(rt->cells[COL_TOPICS]);
    first[strcspn(first, "\n")] = '\0';
    for (int i = 0; i < m->nattendees && !x->failed; i++) {
        const struct attendee *a = &m->attendees[i];
        char *name = export_clean_text(a->name, false), *reason = export_clean_text(a->reason, false);
        const char *cells[ANCOLS] = {
            [ACOL_CODE] = rt->cells[COL_CODE], [ACOL_DATE] = rt->cells[COL_DATE],
            [ACOL_KIND] = rt->cells[COL_KIND], [ACOL_TOPIC] = first,
            [ACOL_NAME] = name,                [ACOL_OFFICE] = code_label_of(OFFICES, a->office),
            [ACOL_VOTING] = a->voting ? "是" : "否",
            [ACOL_MARK] = a->excused && strcmp(a->mark, "present") != 0
                              ? "经批准不计应到" : code_label_of(ATTEND_MARKS, a->mark),
            [ACOL_REASON] = reason,
        };
        for (int c = 0; c < ANCOLS && !x->failed; c++)
            xlsx_check(x, worksheet_write_string(x->wa, x->arow, (lxw_col_t)c,
                                                 cells[c] ? cells[c] : "", x->fmt.cell));
        x->arow++;
        free(name);
        free(reason);
    }
    free(first);
    xlsx_content(x, m, rt);
}

static void csv_record(struct exporter *x, struct row_text *rt)
{
    file_check(x, csv_write_row(x->f, (const char *const *)rt->cells, NCOLS));
}

/* JSON: an array of objects; numbers as numbers, flags as booleans, codes for the coded
 * values, and the attendance list inside each record. */
static int json_key(FILE *f, const char *key, bool first)
{
    if (!first && putc(',', f) == EOF) return -1;
    if (json_write_string(f, key) != 0) return -1;
    return putc(':', f) == EOF ? -1 : 0;
}

static int json_str(FILE *f, const char *key, const char *val)
{
    if (json_key(f, key, false) != 0) return -1;
    return json_write_string(f, val);
}

static int json_int(FILE *f, const char *key, long val)
{
    if (json_key(f, key, false) != 0) return -1;
    return fprintf(f, "%ld", val) < 0 ? -1 : 0;
}

static int json_bool(FILE *f, const char *key, bool val)
{
    if (json_key(f, key, false) != 0) return -1;
    return fputs(val ? "true" : "false", f) < 0 ? -1 : 0;
}

/* A list "a;b;c" as a JSON array of strings. */
static int json_list(FILE *f, const char *key, const char *items, char sep)
{
    if (json_key(f, key, false) != 0 || putc('[', f) == EOF) return -1;
    int n = 0;
    const char *p = items;
    while (p && *p) {
        size_t len = strcspn(p, (char[]){sep, '\0'});
        if (len > 0) {
            char *item = xmalloc(len + 1);
            memcpy(item, p, len);
            item[len] = '\0';
            int rc = (n++ > 0 && putc(',', f) == EOF) ? -1 : json_write_string(f, item);
            free(item);
            if (rc != 0) return -1;
        }
        p += len;
        if (*p) p++;
    }
    return putc(']', f) == EOF ? -1 : 0;
}

int meeting_write_json(FILE *f, const struct meeting *m, const char *branch_code,
                       int late_entry_days, bool with_details)
{
    char tmp[512];
    int rc = putc('{', f) == EOF ? -1 : 0;
    if (rc == 0) rc = json_key(f, "branch_code", true);
    if (rc == 0) rc = json_write_string(f, branch_code);
    if (rc == 0) rc = json_str(f, "date", m->date);
    if (rc == 0) rc = json_str(f, "start_time", m->start_time);
    if (rc == 0) rc = json_str(f, "end_time", m->end_time);
    if (rc == 0) rc = json_str(f, "kind", m->kind);
    meeting_also_text(m->also_mask, m->kind, false, tmp, sizeof tmp);
    if (rc == 0) rc = json_list(f, "also", tmp, ';');
    if (rc == 0) rc = json_str(f, "group", m->group_name);
    if (with_details) {
        if (rc == 0) rc = json_list(f, "topics", m->topics, '\n');
        if (rc == 0) rc = json_str(f, "place", m->place);
        if (rc == 0) rc = json_str(f, "host", m->host_name);
        if (rc == 0) rc = json_str(f, "recorder", m->recorder_name);
        if (rc == 0) rc = json_str(f, "lecturer", m->lecturer_name);
        if (rc == 0) rc = json_str(f, "observers", m->observers);
        if (rc == 0) rc = json_str(f, "minutes", m->minutes);
    } else {
        char *first = meeting_first_topic(m->topics);
        if (rc == 0) rc = json_str(f, "first_topic", first);
        free(first);
    }
    struct meeting_heads h; /* as the form and the print count them: the excused leave 应到 */
    meeting_heads(m, &h);
    if (rc == 0) rc = json_int(f, "expected", h.expected);
    if (rc == 0) rc = json_int(f, "present", h.present);
    if (rc == 0) rc = json_int(f, "on_leave", h.on_leave);
    if (rc == 0) rc = json_int(f, "absent", h.absent);
    if (rc == 0) rc = json_str(f, "quorum", meeting_quorum_code(m->quorum));
    if (rc == 0) rc = json_bool(f, "late", meeting_is_late(m->date, m->created_at, late_entry_days));
    if (rc == 0) rc = json_bool(f, "incomplete", m->missing_mask != 0);
    meeting_missing_codes(m->missing_mask, tmp, sizeof tmp);
    if (rc == 0) rc = json_list(f, "missing", tmp, ';');
    if (rc == 0) rc = json_bool(f, "voided", m->voided_at[0] != '\0');
    if (with_details && m->voided_at[0]) {
        if (rc == 0) rc = json_str(f, "voided_at", m->voided_at);
        if (rc == 0) rc = json_str(f, "void_reason", m->void_reason);
    }
    if (rc == 0) rc = json_str(f, "created_at", m->created_at);
    if (rc == 0) rc = json_str(f, "created_by", m->created_by);
    if (rc == 0) rc = json_str(f, "uuid", m->uuid);
    if (with_details) {
        if (rc == 0) rc = json_key(f, "resolutions", false);
        if (rc == 0 && putc('[', f) == EOF) rc = -1;
        for (int i = 0; rc == 0 && m->resolutions && i < m->nresolutions; i++) {
            const struct resolution *r = &m->resolutions[i];
            if (i > 0 && putc(',', f) == EOF) rc = -1;
            if (rc == 0 && putc('{', f) == EOF) rc = -1;
            if (rc == 0) rc = json_key(f, "text", true);
            if (rc == 0) rc = json_write_string(f, r->text);
            if (rc == 0) rc = json_int(f, "for", r->votes_for);
            if (rc == 0) rc = json_int(f, "against", r->votes_against);
            if (rc == 0) rc = json_int(f, "abstain", r->votes_abstain);
            if (rc == 0) rc = json_bool(f, "passed", meeting_resolution_passed(m, r));
            if (rc == 0 && putc('}', f) == EOF) rc = -1;
        }
        if (rc == 0 && putc(']', f) == EOF) rc = -1;
        if (rc == 0) rc = json_key(f, "attendance", false);
        if (rc == 0 && putc('[', f) == EOF) rc = -1;
        for (int i = 0; rc == 0 && i < m->nattendees; i++) {
            const struct attendee *a = &m->attendees[i];
            if (i > 0 && putc(',', f) == EOF) rc = -1;
            if (rc == 0 && putc('{', f) == EOF) rc = -1;
            if (rc == 0) rc = json_key(f, "name", true);
            if (rc == 0) rc = json_write_string(f, a->name);
            if (rc == 0) rc = json_str(f, "office", a->office);
            if (rc == 0) rc = json_bool(f, "voting", a->voting);
            if (rc == 0) rc = json_str(f, "mark", a->mark);
            if (rc == 0) rc = json_str(f, "reason", a->reason);
            if (rc == 0) rc = json_bool(f, "excused", a->excused);
            if (rc == 0 && putc('}', f) == EOF) rc = -1;
        }
        if (rc == 0 && putc(']', f) == EOF) rc = -1;
    }
    if (rc == 0 && putc('}', f) == EOF) rc = -1;
    return rc;
}

static int export_one(struct exporter *x, const struct meeting *m)
{
    if (x->format == EXPORT_JSON) {
        if (x->records > 0 && fputs(",\n", x->f) < 0) file_check(x, -1);
        if (!x->failed)
            file_check(x, meeting_write_json(x->f, m, x->branch->code, x->late_entry_days, true));
    } else {
        struct row_text rt = {0};
        /* the login's display name, looked up once per login in a row */
        if (strcmp(x->who_login, m->created_by) != 0) {
            zb_strlcpy(x->who_login, m->created_by, sizeof x->who_login);
            store_user_name(x->st, m->created_by, x->who_name, sizeof x->who_name);
        }
        row_fill(&rt, m, x->branch, x->late_entry_days, x->who_name);
        if (x->format == EXPORT_CSV) csv_record(x, &rt);
        else xlsx_record(x, m, &rt);
        row_free(&rt);
    }
    x->records++;
    return x->failed ? -1 : 0;
}

/* The ids of the records matching f, oldest first (the store pages newest first). */
static int collect_ids(struct store *st, const struct meeting_filter *f, int64_t **ids_out,
                       int *n_out)
{
    enum { PAGE = 256 };
    struct meeting_row *rows = xcalloc(PAGE, sizeof *rows);
    int64_t *ids = NULL;
    int n = 0, cap = 0, offset = 0, rc = STORE_OK;
    for (;;) {
        int got = 0;
        rc = store_meeting_page(st, f, offset, PAGE, rows, &got);
        if (rc != STORE_OK) break;
        if (n + got > cap) {
            cap = (n + got) * 2;
            ids = xrealloc(ids, (size_t)cap * sizeof *ids);
        }
        for (int i = 0; i < got; i++) ids[n++] = rows[i].id;
        if (got < PAGE) break;
        offset += got;
    }
    free(rows);
    if (rc != STORE_OK) {
        free(ids);
        return rc;
    }
    for (int i = 0, j = n - 1; i < j; i++, j--) {
        int64_t t = ids[i];
        ids[i] = ids[j];
        ids[j] = t;
    }
    *ids_out = ids;
    *n_out = n;
    return STORE_OK;
}

int meetings_export(struct store *st, const struct meeting_filter *f, const char *path,
                    int late_entry_days, char *err, size_t errsz)
{
    if (err && errsz) err[0] = '\0';
    int fmt = export_format_of_path(path);
    if (!path || !*path || fmt < 0) {
        snprintf(err, errsz, "无法导出到 %s：文件名应以 .xlsx、.csv 或 .json 结尾",
                 path ? path : "");
        return -1;
    }
    struct branch b = {0};
    if (store_branch_get(st, f->branch_id, &b) != STORE_OK) {
        snprintf(err, errsz, "无法导出：%s", store_errmsg(st));
        return -1;
    }
    int64_t *ids = NULL;
    int nids = 0;
    if (collect_ids(st, f, &ids, &nids) != STORE_OK) {
        snprintf(err, errsz, "无法导出：%s", store_errmsg(st));
        return -1;
    }

    char period[128];
    export_period_text(f->from, f->to, period, sizeof period);
    struct exporter x = {.format = (enum export_format)fmt, .branch = &b,
                         .late_entry_days = late_entry_days, .period = period, .st = st};
    if (export_file_open(&x.out, path, fmt == EXPORT_XLSX, err, errsz) != 0) {
        free(ids);
        return -1;
    }
    x.f = x.out.f;
    x.failed = x.out.failed;
    if (fmt == EXPORT_XLSX) {
        if (x.out.wb) {
            x.ws = workbook_add_worksheet(x.out.wb, "会议记录");
            x.wa = workbook_add_worksheet(x.out.wb, "出席情况");
            x.wc = workbook_add_worksheet(x.out.wb, "会议内容");
            x.wr = workbook_add_worksheet(x.out.wb, "决议");
            export_sheet_formats(&x.out, &x.fmt);
        }
        if (!x.out.wb || !x.ws || !x.wa || !x.wc || !x.wr || x.out.failed)
            xlsx_check(&x, LXW_ERROR_MEMORY_MALLOC_FAILED);
        else
            xlsx_headers(&x);
    } else if (fmt == EXPORT_CSV) {
        /* a byte-order mark: spreadsheet programs on Chinese Windows read the file as GBK
         * without it */
        file_check(&x, fputs("\xEF\xBB\xBF", x.f) < 0 ? -1 : 0);
        const char *headers[NCOLS];
        for (int c = 0; c < NCOLS; c++) headers[c] = COLUMNS[c].header;
        file_check(&x, csv_write_row(x.f, headers, NCOLS));
    } else {
        file_check(&x, fputs("[\n", x.f) < 0 ? -1 : 0);
    }

    bool store_failed = false;
    for (int i = 0; i < nids && !x.failed; i++) {
        struct meeting m = {0};
        if (store_meeting_get(st, ids[i], &m) != STORE_OK) {
            store_failed = true;
            snprintf(err, errsz, "无法导出：%s", store_errmsg(st));
            meeting_free(&m);
            break;
        }
        export_one(&x, &m);
        meeting_free(&m);
    }
    free(ids);

    if (fmt == EXPORT_XLSX && x.out.wb && !x.failed && !store_failed && x.row > 2)
        xlsx_check(&x, worksheet_autofilter(x.ws, 1, 0, x.row - 1, NCOLS - 1));
    if (fmt == EXPORT_JSON && !x.failed && !store_failed)
        file_check(&x, fputs(x.records > 0 ? "\n]\n" : "]\n", x.f) < 0 ? -1 : 0);
    return export_file_close(&x.out, !store_failed, err, errsz);
}
