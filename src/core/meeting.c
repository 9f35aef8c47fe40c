/* meeting.c — 三会一课 records: kinds and marks, the derived facts (counts, quorum, missing
 * elements), late entry (补记) and the checks that stop a save (core: pure, no I/O).
 * The frequency rules (what is still due this month/quarter/year) are in meeting_freq.c.
 *
 * Choices the rules leave open, made here:
 * - Quorum. A record that is, or also counts as, a general meeting uses the general rule: more
 *   than half of those entitled to vote (full members not excused) present, or at least
 *   election_quorum_percent of them for an election. Otherwise a record that is, or also counts
 *   as, a committee meeting needs more than half of the committee present; members excused
 *   with approval leave the committee's denominator too, and an excused member who comes
 *   anyway does not count towards it (the same as for the general rule). Other kinds have no
 *   quorum (QUORUM_NA). A quorum rule over an empty list is never met.
 * - Resolutions (决议及表决) are required of general and committee meetings only (kind or
 *   also-counts-as): they are the bodies that decide. A lecture, theme day, talk ... records
 *   what was said, not votes. "本次会议无表决事项" (no_resolutions) satisfies the requirement;
 *   a resolution row with blank text does not.
 * - ME_GROUP is about the record's own kind: a 党小组会 must name its group.
 * - Save checks: single-line fields (place, lecturer, an absentee's reason) refuse newlines
 *   as well as other control characters; the multi-line ones (topics, minutes, observers,
 *   resolutions) keep them. Invalid UTF-8 is refused with the same sentence.
 * - Late entry compares the date part of created_at (UTC) with the meeting date, as stored:
 *   an entry made in the first hours of a Beijing day carries the previous UTC date, which can
 *   only make a record look one day less late, never later. */
#include "zhibu/meeting.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/text.h"
#include "zhibu/util.h"

const struct code_label MEETING_KINDS[] = {
    {"general", "支部党员大会"},
    {"committee", "支部委员会"},
    {"group", "党小组会"},
    {"lecture", "党课"},
    {"theme_day", "主题党日"},
    {"life_meeting", "组织生活会"},
    {"appraisal", "民主评议党员"},
    {"talk", "谈心谈话"},
    {"other", "其他"},
    {NULL, NULL},
};

static const char *const KIND_SHORT[MK_COUNT] = {
    [MK_GENERAL] = "党员大会", [MK_COMMITTEE] = "支委会", [MK_GROUP] = "小组会",
    [MK_LECTURE] = "党课",     [MK_THEME_DAY] = "主题党日", [MK_LIFE_MEETING] = "生活会",
    [MK_APPRAISAL] = "评议",   [MK_TALK] = "谈心",       [MK_OTHER] = "其他",
};

const struct code_label ATTEND_MARKS[] = {
    {"present", "出席"},
    {"leave", "请假"},
    {"absent", "缺席"},
    {NULL, NULL},
};

int meeting_kind_of_code(const char *code)
{
    if (!code || !*code) return -1;
    for (int i = 0; i < MK_COUNT; i++)
        if (strcmp(MEETING_KINDS[i].code, code) == 0) return i;
    return -1;
}

const char *meeting_kind_code(enum meeting_kind k)
{
    if ((unsigned)k >= MK_COUNT) return "";
    return MEETING_KINDS[k].code;
}

const char *meeting_kind_label(enum meeting_kind k)
{
    if ((unsigned)k >= MK_COUNT) return "";
    return MEETING_KINDS[k].label;
}

const char *meeting_kind_short(enum meeting_kind k)
{
    if ((unsigned)k >= MK_COUNT) return "";
    return KIND_SHORT[k];
}

/* ---- memory ---- */

void meeting_free(struct meeting *m)
{
    if (!m) return;
    free(m->topics);
    free(m->minutes);
    free(m->resolutions);
    free(m->attendees);
    m->topics = NULL;
    m->minutes = NULL;
    m->resolutions = NULL;
    m->nresolutions = 0;
    m->attendees = NULL;
    m->nattendees = 0;
}

/* dst's own heap parts, if any, are not freed: pass a zeroed or freed struct. */
void meeting_copy(struct meeting *dst, const struct meeting *src)
{
    if (!dst || !src || dst == src) return;
    *dst = *src;
    dst->topics = src->topics ? xstrdup(src->topics) : NULL;
    dst->minutes = src->minutes ? xstrdup(src->minutes) : NULL;
    dst->resolutions = NULL;
    dst->nresolutions = 0;
    if (src->resolutions && src->nresolutions > 0) {
        size_t sz = (size_t)src->nresolutions * sizeof *src->resolutions;
        dst->resolutions = xmalloc(sz);
        memcpy(dst->resolutions, src->resolutions, sz);
        dst->nresolutions = src->nresolutions;
    }
    dst->attendees = NULL;
    dst->nattendees = 0;
    if (src->attendees && src->nattendees > 0) {
        size_t sz = (size_t)src->nattendees * sizeof *src->attendees;
        dst->attendees = xmalloc(sz);
        memcpy(dst->attendees, src->attendees, sz);
        dst->nattendees = src->nattendees;
    }
}

bool meeting_counts_as(const struct meeting *m, enum meeting_kind k)
{
    if (!m || (unsigned)k >= MK_COUNT) return false;
    if (meeting_kind_of_code(m->kind) == (int)k) return true;
    return (m->also_mask & MK_BIT(k)) != 0;
}

/* ---- derived facts ---- */

/* True when s is NULL, empty, or only white space (ASCII or U+3000). */
static bool is_blank(const char *s)
{
    if (!s) return true;
    while (*s) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\v' || *s == '\f') {
            s++;
        } else if ((unsigned char)s[0] == 0xE3 && (unsigned char)s[1] == 0x80 &&
                   (unsigned char)s[2] == 0x80) {
            s += 3;
        } else {
            return false;
        }
    }
    return true;
}

static bool mark_is(const struct attendee *a, const char *code)
{
    return strcmp(a->mark, code) == 0;
}

static int resolutions_stated(const struct meeting *m)
{
    int n = 0;
    for (int i = 0; m->resolutions && i < m->nresolutions; i++)
        if (!is_blank(m->resolutions[i].text)) n++;
    return n;
}

static int quorum_of(const struct meeting *m, const struct meeting_rules *r)
{
    if (meeting_counts_as(m, MK_GENERAL)) {
        if (m->voting_expected <= 0) return QUORUM_NOT_MET;
        if (m->election) {
            int pct = r && r->election_quorum_percent > 0 ? r->election_quorum_percent : 80;
            return (long)m->voting_present * 100 >= (long)m->voting_expected * pct
                       ? QUORUM_MET : QUORUM_NOT_MET;
        }
        return m->voting_present * 2 > m->voting_expected ? QUORUM_MET : QUORUM_NOT_MET;
    }
    if (meeting_counts_as(m, MK_COMMITTEE)) {
        int expected = 0, present = 0;
        for (int i = 0; i < m->nattendees; i++) {
            const struct attendee *a = &m->attendees[i];
            if (a->excused) continue;
            expected++;
            if (mark_is(a, "present")) present++;
        }
        if (expected == 0) return QUORUM_NOT_MET;
        return present * 2 > expected ? QUORUM_MET : QUORUM_NOT_MET;
    }
    return QUORUM_NA;
}

void meeting_evaluate(struct meeting *m, const struct meeting_rules *r)
{
    if (!m) return;
    if (!m->attendees) m->nattendees = 0;
    m->expected = m->nattendees;
    m->present = m->on_leave = m->absent = 0;
    m->voting_expected = m->voting_present = 0;
    bool reasons_missing = false;
    for (int i = 0; i < m->nattendees; i++) {
        const struct attendee *a = &m->attendees[i];
        bool present = mark_is(a, "present");
        if (present) m->present++;
        else if (mark_is(a, "leave")) m->on_leave++;
        else if (mark_is(a, "absent")) m->absent++;
        if ((mark_is(a, "leave") || mark_is(a, "absent")) && is_blank(a->reason))
            reasons_missing = true;
        if (a->voting && !a->excused) {
            m->voting_expected++;
            if (present) m->voting_present++;
        }
    }
    m->quorum = quorum_of(m, r);

    unsigned miss = 0;
    if (is_blank(m->start_time) || is_blank(m->end_time)) miss |= ME_TIME;
    if (is_blank(m->place)) miss |= ME_PLACE;
    if (m->host_id == 0) miss |= ME_HOST;
    if (m->recorder_id == 0) miss |= ME_RECORDER;
    if (meeting_counts_as(m, MK_LECTURE) && is_blank(m->lecturer_name) && m->lecturer_id == 0)
        miss |= ME_LECTURER;
    if (m->nattendees == 0) miss |= ME_ATTENDANCE;
    if (reasons_missing) miss |= ME_REASONS;
    if (is_blank(m->topics)) miss |= ME_TOPICS;
    if (is_blank(m->minutes)) miss |= ME_MINUTES;
    if ((meeting_counts_as(m, MK_GENERAL) || meeting_counts_as(m, MK_COMMITTEE)) &&
        resolutions_stated(m) == 0 && !m->no_resolutions)
        miss |= ME_RESOLUTIONS;
    if (meeting_kind_of_code(m->kind) == MK_GROUP && m->group_id == 0) miss |= ME_GROUP;
    m->missing_mask = miss;
}

void meeting_heads(const struct meeting *m, struct meeting_heads *out)
{
    memset(out, 0, sizeof *out);
    if (!m || !m->attendees) return;
    for (int i = 0; i < m->nattendees; i++) {
        const struct attendee *a = &m->attendees[i];
        bool present = mark_is(a, "present");
        if (a->excused && !present) {
            out->excused++;
            continue;
        }
        out->expected++;
        if (present) out->present++;
        else if (mark_is(a, "leave")) out->on_leave++;
        else if (mark_is(a, "absent")) out->absent++;
    }
}

int meeting_voters_present(const struct meeting *m)
{
    int n = 0;
    for (int i = 0; m && m->attendees && i < m->nattendees; i++)
        if (m->attendees[i].voting && mark_is(&m->attendees[i], "present")) n++;
    return n;
}

int meeting_voters_entitled(const struct meeting *m)
{
    int n = 0;
    for (int i = 0; m && m->attendees && i < m->nattendees; i++)
        if (m->attendees[i].voting && !m->attendees[i].excused) n++;
    return n;
}

bool meeting_resolution_passed(const struct meeting *m, const struct resolution *r)
{
    if (!m || !r) return false;
    int entitled = meeting_voters_entitled(m);
    return entitled > 0 && (long)r->votes_for * 2 > (long)entitled;
}

const char *meeting_resolution_outcome(const struct meeting *m, const struct resolution *r)
{
    return meeting_resolution_passed(m, r) ? "通过" : "未通过";
}

void meeting_missing_text(unsigned missing_mask, char *out, size_t outsz)
{
    static const struct {
        unsigned bit;
        const char *label;
    } ELEMENTS[] = {
        {ME_TIME, "时间"},         {ME_PLACE, "地点"},         {ME_HOST, "主持人"},
        {ME_RECORDER, "记录人"},   {ME_LECTURER, "主讲人"},    {ME_ATTENDANCE, "出席名单"},
        {ME_REASONS, "缺席原因"},  {ME_TOPICS, "议题"},        {ME_MINUTES, "会议内容"},
        {ME_RESOLUTIONS, "决议及表决"}, {ME_GROUP, "党小组"},
    };
    if (!out || outsz == 0) return;
    out[0] = '\0';
    char buf[256];
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < ZB_ARRAY_LEN(ELEMENTS); i++) {
        if (!(missing_mask & ELEMENTS[i].bit)) continue;
        int n = snprintf(buf + len, sizeof buf - len, "%s%s", len ? "、" : "缺：",
                         ELEMENTS[i].label);
        if (n < 0 || (size_t)n >= sizeof buf - len) break;
        len += (size_t)n;
    }
    zb_strlcpy(out, buf, outsz);
}

/* ---- late entry ---- */

/* The date part of an ISO-8601 timestamp ("YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SSZ" or with a
 * space instead of the T). */
static bool timestamp_date(const char *ts, struct zdate *out)
{
    if (!ts || strlen(ts) < 10) return false;
    if (ts[10] != '\0' && ts[10] != 'T' && ts[10] != ' ') return false;
    char day[DATE_STR_LEN];
    memcpy(day, ts, 10);
    day[10] = '\0';
    return date_parse(day, out);
}

long meeting_entry_delay(const char *meeting_date, const char *created_at)
{
    struct zdate held, entered;
    if (!date_parse(meeting_date ? meeting_date : "", &held)) return 0;
    if (!timestamp_date(created_at, &entered)) return 0;
    return date_diff_days(entered, held);
}

bool meeting_is_late(const char *meeting_date, const char *created_at, int late_entry_days)
{
    struct zdate held, entered;
    if (!date_parse(meeting_date ? meeting_date : "", &held)) return false;
    if (!timestamp_date(created_at, &entered)) return false;
    return date_diff_days(entered, held) > late_entry_days;
}

/* ---- checks before saving ---- */

bool meeting_time_valid(const char *hhmm)
{
    if (!hhmm || strlen(hhmm) != 5 || hhmm[2] != ':') return false;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (hhmm[i] < '0' || hhmm[i] > '9')) return false;
    int h = (hhmm[0] - '0') * 10 + (hhmm[1] - '0');
    int mi = (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
    return h <= 23 && mi <= 59;
}

/* A control character (other than '\n' when allowed) or a byte that is not UTF-8. */
static bool has_bad_chars(const char *s, bool allow_newline)
{
    if (!s) return false;
    size_t len = strlen(s);
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = text_decode(s + i, len - i, &cp);
        if (n == 0) return true;
        if (cp == TEXT_REPLACEMENT && n != 3) return true; /* an invalid sequence */
        if (cp == '\n') {
            if (!allow_newline) return true;
        } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
            return true;
        }
        i += n;
    }
    return false;
}

/* The first resolution with more votes than those present with a vote, as a sentence
 * (in buf), or NULL. */
const char *meeting_votes_problem(const struct meeting *m, char *buf, size_t bufsz)
{
    int voters = meeting_voters_present(m);
    for (int i = 0; m && m->resolutions && i < m->nresolutions; i++) {
        const struct resolution *r = &m->resolutions[i];
        long total = (long)r->votes_for + r->votes_against + r->votes_abstain;
        if (total > voters) {
            snprintf(buf, bufsz,
                     "第 %d 项决议的表决票数共 %ld 票，超过出席会议的有表决权党员 %d 人",
                     i + 1, total, voters);
            return buf;
        }
    }
    return NULL;
}

#define FAIL(fld, msg)                                                                       \
    do {                                                                                     \
        *field = (fld);                                                                      \
        return (msg);                                                                        \
    } while (0)

/* What is wrong with one text field: 0 nothing, 1 a control or invalid character, 2 more
 * than max characters (max 0: no limit). */
static int text_problem(const char *s, bool allow_newline, size_t max)
{
    if (!s) return 0;
    if (has_bad_chars(s, allow_newline)) return 1;
    if (max > 0 && text_chars(s) > max) return 2;
    return 0;
}

#define CHECK_TEXT(s, allow_nl, max, fld, name, limit_msg)                                   \
    do {                                                                                     \
        int p_ = text_problem((s), (allow_nl), (max));                                       \
        if (p_ == 1) FAIL(fld, name "含有控制字符或无效字符");                               \
        if (p_ == 2) FAIL(fld, limit_msg);                                                   \
    } while (0)

#define STR_(x) #x
#define STR(x) STR_(x)

const char *meeting_check(const struct meeting *m, struct zdate today, enum meeting_field *field,
                          char *buf, size_t bufsz)
{
    enum meeting_field dummy;
    if (!field) field = &dummy;
    *field = MFLD_NONE;
    if (!m) FAIL(MFLD_KIND, "请选择会议类型");

    int kind = meeting_kind_of_code(m->kind);
    if (kind < 0) FAIL(MFLD_KIND, "请选择会议类型");

    struct zdate d;
    if (!date_parse(m->date, &d)) FAIL(MFLD_DATE, date_problem(m->date, buf, bufsz));
    if (date_cmp(d, today) > 0) FAIL(MFLD_DATE, "会议日期不能晚于今天");

    /* times are stored as HH:MM (the form turns 7:30 into 07:30 before this check) */
    if (m->start_time[0] && !meeting_time_valid(m->start_time)) {
        const char *why = time_problem(m->start_time, buf, bufsz);
        FAIL(MFLD_START, why ? why : "开始时间应写作 HH:MM（如 09:30）");
    }
    if (m->end_time[0] && !meeting_time_valid(m->end_time)) {
        const char *why = time_problem(m->end_time, buf, bufsz);
        FAIL(MFLD_END, why ? why : "结束时间应写作 HH:MM（如 09:30）");
    }
    if (m->start_time[0] && m->end_time[0] && strcmp(m->end_time, m->start_time) <= 0)
        FAIL(MFLD_END, "结束时间须晚于开始时间");

    CHECK_TEXT(m->place, false, MEETING_PLACE_MAX, MFLD_PLACE, "地点",
               "地点不能超过" STR(MEETING_PLACE_MAX) "字");
    CHECK_TEXT(m->lecturer_name, false, NAME_MAX_CHARS, MFLD_LECTURER, "主讲人",
               "主讲人不能超过" STR(NAME_MAX_CHARS) "字");

    if (kind == MK_GROUP && m->group_id == 0) FAIL(MFLD_GROUP, "党小组会须选择党小组");

    CHECK_TEXT(m->topics, true, MEETING_TOPICS_MAX, MFLD_TOPICS, "议题",
               "议题不能超过" STR(MEETING_TOPICS_MAX) "字");
    CHECK_TEXT(m->minutes, true, MEETING_MINUTES_MAX, MFLD_MINUTES, "会议内容",
               "会议内容不能超过" STR(MEETING_MINUTES_MAX) "字");
    CHECK_TEXT(m->observers, true, MEETING_OBSERVERS_MAX, MFLD_OBSERVERS, "列席人员",
               "列席人员不能超过" STR(MEETING_OBSERVERS_MAX) "字");

    for (int i = 0; m->resolutions && i < m->nresolutions; i++) {
        const struct resolution *res = &m->resolutions[i];
        CHECK_TEXT(res->text, true, 0, MFLD_RESOLUTIONS, "决议", "");
        if (res->votes_for < 0 || res->votes_against < 0 || res->votes_abstain < 0)
            FAIL(MFLD_RESOLUTIONS, "表决票数不能为负数");
    }

    for (int i = 0; m->attendees && i < m->nattendees; i++) {
        const struct attendee *a = &m->attendees[i];
        if (code_index(ATTEND_MARKS, a->mark) < 0) FAIL(MFLD_ATTENDANCE, "出席标记无效");
        if (mark_is(a, "present") && !is_blank(a->reason))
            FAIL(MFLD_ATTENDANCE, "只有请假或缺席才填写原因");
        CHECK_TEXT(a->reason, false, 0, MFLD_ATTENDANCE, "缺席原因", "");
        for (int j = 0; j < i; j++)
            if (a->member_id != 0 && m->attendees[j].member_id == a->member_id)
                FAIL(MFLD_ATTENDANCE, "出席名单中有重复的人员");
    }
    /* votes last: a wrong mark above is the first thing to put right */
    {
        const char *why = meeting_votes_problem(m, buf, bufsz);
        if (why) FAIL(MFLD_RESOLUTIONS, why);
    }
    return NULL;
}
