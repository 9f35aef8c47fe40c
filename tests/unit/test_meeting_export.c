/* Unit tests of src/export/meeting_export.c: the printed page (wrapping by columns, never
 * splitting a character, absentees with reasons, marks), the helpers shared with
 * `zhibu list meetings`, and meetings_export's files and failures. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"
#include "zhibu/clock.h"
#include "zhibu/meeting.h"
#include "zhibu/meeting_export.h"
#include "zhibu/store.h"
#include "zhibu/store_meeting.h"
#include "zhibu/text.h"
#include "zhibu/util.h"

/* ---- helpers --------------------------------------------------------------------------- */

static const char MINUTES[] =
    "会议传达学习了党的二十大报告关于全面推进乡村振兴的论述，书记结合本村实际，就今年秋收"
    "以后的土地流转、村内道路硬化和人居环境整治三项工作作了说明，要求全体党员在群众中带头，"
    "做好政策宣传解释工作。\n"
    "组织委员通报了本季度党费收缴情况：应交12人，实交11人，1人外出务工，已电话联系，本月底前补交。"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789 结束。";

/* A committee meeting with two absentees, held on 2026-11-10. */
static void sample(struct meeting *m)
{
    memset(m, 0, sizeof *m);
    snprintf(m->kind, sizeof m->kind, "committee");
    m->also_mask = MK_BIT(MK_THEME_DAY) | MK_BIT(MK_LECTURE);
    snprintf(m->date, sizeof m->date, "2026-11-10");
    snprintf(m->start_time, sizeof m->start_time, "09:00");
    snprintf(m->end_time, sizeof m->end_time, "11:30");
    snprintf(m->place, sizeof m->place, "村委会会议室");
    m->host_id = 1;
    snprintf(m->host_name, sizeof m->host_name, "王建国");
    m->recorder_id = 2;
    snprintf(m->recorder_name, sizeof m->recorder_name, "李秀英");
    snprintf(m->lecturer_name, sizeof m->lecturer_name, "王建国");
    m->topics = xstrdup("学习贯彻党的二十大精神\n研究发展党员工作\n"
                        "村级重大事项“四议两公开”：关于村集体经济合作社年度分红方案的讨论");
    m->minutes = xstrdup(MINUTES);
    m->nattendees = 4;
    m->attendees = xcalloc(4, sizeof *m->attendees);
    const char *names[4] = {"王建国", "李秀英", "阿依古丽·买买提", "欧阳振华"};
    const char *marks[4] = {"present", "present", "leave", "absent"};
    const char *reasons[4] = {"", "", "外出务工", "未说明原因，会后已谈话"};
    for (int i = 0; i < 4; i++) {
        struct attendee *a = &m->attendees[i];
        a->member_id = i + 1;
        snprintf(a->name, sizeof a->name, "%s", names[i]);
        snprintf(a->mark, sizeof a->mark, "%s", marks[i]);
        snprintf(a->reason, sizeof a->reason, "%s", reasons[i]);
        a->voting = true;
    }
    m->nresolutions = 1;
    m->resolutions = xcalloc(1, sizeof *m->resolutions);
    snprintf(m->resolutions[0].text, sizeof m->resolutions[0].text, "同意将张三列为入党积极分子");
    m->resolutions[0].votes_for = 2;
    struct meeting_rules r = {.election_quorum_percent = 80};
    meeting_evaluate(m, &r);
    snprintf(m->created_at, sizeof m->created_at, "2026-11-10T08:00:00Z");
    snprintf(m->created_by, sizeof m->created_by, "demo");
}

/* The page as a heap string. */
static char *print_page(const struct meeting *m, int width, int *rc)
{
    FILE *f = tmpfile();
    *rc = meeting_print_text(f, m, "红旗村党支部", 7, width);
    long len = ftell(f);
    char *buf = xcalloc(1, (size_t)(len > 0 ? len : 0) + 1);
    rewind(f);
    if (len > 0 && fread(buf, 1, (size_t)len, f) != (size_t)len) buf[0] = '\0';
    fclose(f);
    return buf;
}

/* Every line at most width columns; returns the widest. */
static int widest_line(const char *page)
{
    int widest = 0;
    char *copy = xstrdup(page);
    for (char *save = NULL, *line = strtok_r(copy, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        int w = text_width(line);
        if (w > widest) widest = w;
    }
    free(copy);
    return widest;
}

/* The lines after `heading` up to the next line that starts at column 0, each stripped of
 * its indent, joined without separators. */
static char *section_joined(const char *page, const char *heading)
{
    const char *p = strstr(page, heading);
    if (!p) return xstrdup("");
    p = strchr(p, '\n');
    char *out = xcalloc(1, strlen(page) + 1);
    while (p && p[1] == ' ') {
        p++;
        while (*p == ' ') p++;
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        memcpy(out + strlen(out), p, n);
        p = nl;
    }
    return out;
}

/* MINUTES without its line breaks and without the spaces a wrap may swallow at a break. */
static void strip_spaces_nl(char *s)
{
    size_t w = 0;
    for (size_t r = 0; s[r]; r++)
        if (s[r] != '\n' && s[r] != ' ') s[w++] = s[r];
    s[w] = '\0';
}

/* ---- the printed page ------------------------------------------------------------------ */

TEST(meeting_export_print_fits_width_and_keeps_every_character)
{
    struct meeting m;
    sample(&m);
    const int widths[] = {72, 41, 40, 30, 17};
    for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++) {
        int rc;
        char *page = print_page(&m, widths[i], &rc);
        CHECK_INT(rc, 0);
        int widest = widest_line(page);
        if (widest > widths[i])
            test_fail(__FILE__, __LINE__, "width %d: a line of %d columns", widths[i], widest);
        /* the minutes come back whole: nothing lost or cut inside a character */
        char *joined = section_joined(page, "会议内容：");
        char *want = xstrdup(MINUTES);
        strip_spaces_nl(joined);
        strip_spaces_nl(want);
        CHECK_STR(joined, want);
        free(joined);
        free(want);
        free(page);
    }
    meeting_free(&m);
}

TEST(meeting_export_print_minutes_wrap_over_several_lines)
{
    struct meeting m;
    sample(&m);
    int rc;
    char *page = print_page(&m, 72, &rc);
    CHECK_INT(rc, 0);
    /* the first paragraph (about 100 characters) takes three lines of 72 columns */
    const char *start = strstr(page, "  会议传达学习了");
    CHECK(start != NULL);
    int lines = 0;
    for (const char *p = start; p && strncmp(p, "  组织委员", strlen("  组织委员")) != 0;
         p = strchr(p, '\n'), p = p ? p + 1 : NULL)
        lines++;
    CHECK(lines >= 3);
    /* closing punctuation never begins a line */
    CHECK(strstr(page, "\n  ，") == NULL);
    CHECK(strstr(page, "\n  。") == NULL);
    /* an ASCII word is not broken when a space allows */
    CHECK(strstr(page, "abcdefghijklmnopqrstuvwxyz") != NULL);
    free(page);
    meeting_free(&m);
}

TEST(meeting_export_print_headings_and_absentees)
{
    struct meeting m;
    sample(&m);
    int rc;
    char *page = print_page(&m, 72, &rc);
    CHECK_INT(rc, 0);
    const char *want[] = {
        "红旗村党支部 支部委员会会议记录",
        "会议类型：支部委员会\n",
        "同时计为：党课、主题党日\n",
        "时间：2026年11月10日（星期二） 09:00至11:30\n",
        "地点：村委会会议室\n",
        "主持人：王建国\n",
        "记录人：李秀英\n",
        "主讲人：王建国\n",
        "人数：应到 4 人，实到 2 人，请假 1 人，缺席 1 人\n",
        "法定人数：不足法定人数（有表决权应到 4 人，实到 2 人）\n",
        "出席人员：王建国、李秀英\n",
        "缺席及请假人员及原因：\n  阿依古丽·买买提（请假）：外出务工\n  欧阳振华（缺席）：未说明原因，会后已谈话\n",
        "列席人员：无\n",
        "议题：\n  1. 学习贯彻党的二十大精神\n  2. 研究发展党员工作\n  3. 村级重大事项",
        /* 2 of the 4 entitled to vote is not more than half */
        "决议：\n  1. 同意将张三列为入党积极分子\n     表决：赞成 2 票，反对 0 票，弃权 0 票，未通过\n"
        "  （有表决权的应到 4 人，赞成票超过半数为通过）\n",
        "标记：不足法定人数\n",
        "录入：2026-11-10 由 demo\n",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(page, want[i])) test_fail(__FILE__, __LINE__, "page lacks [%s]:\n%s", want[i], page);
    CHECK(strstr(page, "补记") == NULL);
    free(page);
    meeting_free(&m);
}

TEST(meeting_export_print_no_absentees_and_marks)
{
    struct meeting m;
    sample(&m);
    snprintf(m.attendees[2].mark, sizeof m.attendees[2].mark, "present");
    snprintf(m.attendees[3].mark, sizeof m.attendees[3].mark, "present");
    m.attendees[2].reason[0] = m.attendees[3].reason[0] = '\0';
    m.recorder_id = 0;
    m.recorder_name[0] = '\0';
    struct meeting_rules r = {.election_quorum_percent = 80};
    meeting_evaluate(&m, &r);
    snprintf(m.created_at, sizeof m.created_at, "2026-11-30T02:00:00Z"); /* 20 days late */
    snprintf(m.voided_at, sizeof m.voided_at, "2026-12-01T01:00:00Z");
    snprintf(m.void_reason, sizeof m.void_reason, "重复录入");
    snprintf(m.voided_by, sizeof m.voided_by, "secretary");
    int rc;
    char *page = print_page(&m, 100, &rc);
    CHECK_INT(rc, 0);
    CHECK(strstr(page, "缺席及请假人员及原因：无\n") != NULL);
    CHECK(strstr(page, "记录人：（未填）\n") != NULL);
    CHECK(strstr(page, "标记：补记（2026-11-30 录入，会后 20 天）；要素不全（缺：记录人）；已作废\n") != NULL);
    CHECK(strstr(page, "作废：2026-12-01 由 secretary 作废，原因：重复录入\n") != NULL);
    CHECK(strstr(page, "法定人数：达到法定人数") != NULL);
    free(page);

    /* a week after is not late; the day after that is */
    snprintf(m.created_at, sizeof m.created_at, "2026-11-17T10:00:00Z");
    page = print_page(&m, 72, &rc);
    CHECK(strstr(page, "补记") == NULL);
    free(page);
    snprintf(m.created_at, sizeof m.created_at, "2026-11-18T10:00:00Z");
    page = print_page(&m, 72, &rc);
    CHECK(strstr(page, "补记（2026-11-18 录入，会后 8 天）") != NULL);
    free(page);
    meeting_free(&m);
}

TEST(meeting_export_print_bad_input)
{
    struct meeting m;
    sample(&m);
    int rc;
    char *page = print_page(&m, MEETING_PRINT_MIN_WIDTH - 1, &rc);
    CHECK_INT(rc, -1);
    free(page);
    /* control characters and invalid bytes do not reach the page; a record with nothing in it
     * still prints */
    free(m.minutes);
    m.minutes = xstrdup("第一段\r\n第二段\t带制表符\x01\xff");
    page = print_page(&m, 40, &rc);
    CHECK_INT(rc, 0);
    CHECK(strstr(page, "  第一段\n  第二段 带制表符\xEF\xBF\xBD\xEF\xBF\xBD\n") != NULL);
    CHECK(strchr(page, '\r') == NULL && strchr(page, '\t') == NULL && strchr(page, '\x01') == NULL);
    free(page);
    meeting_free(&m);

    struct meeting empty = {0};
    page = print_page(&empty, 72, &rc);
    CHECK_INT(rc, 0);
    CHECK(strstr(page, "议题：\n  （未填）\n会议内容：\n  （未填）\n决议：\n  无\n") != NULL);
    CHECK(strstr(page, "缺席及请假人员及原因：（无出席名单）\n") != NULL);
    free(page);
}

/* ---- helpers shared with the list ------------------------------------------------------ */

TEST(meeting_export_helpers)
{
    CHECK_INT(export_format_of_path("a/b/记录.xlsx"), EXPORT_XLSX);
    CHECK_INT(export_format_of_path("x.CSV"), EXPORT_CSV);
    CHECK_INT(export_format_of_path("x.json"), EXPORT_JSON);
    CHECK_INT(export_format_of_path("x.xls"), -1);
    CHECK_INT(export_format_of_path(".csv"), -1);
    CHECK_INT(export_format_of_path("dir.csv/file"), -1);
    CHECK_INT(export_format_of_path(NULL), -1);

    char buf[128];
    meeting_also_text(MK_BIT(MK_LECTURE) | MK_BIT(MK_THEME_DAY) | MK_BIT(MK_GENERAL), "general",
                      false, buf, sizeof buf);
    CHECK_STR(buf, "lecture;theme_day");
    meeting_also_text(MK_BIT(MK_LECTURE) | MK_BIT(MK_THEME_DAY), "general", true, buf, sizeof buf);
    CHECK_STR(buf, "党课、主题党日");
    meeting_also_text(0, "general", true, buf, sizeof buf);
    CHECK_STR(buf, "");
    meeting_missing_codes(ME_PLACE | ME_RECORDER | ME_RESOLUTIONS, buf, sizeof buf);
    CHECK_STR(buf, "place;recorder;resolutions");
    meeting_missing_codes(0, buf, sizeof buf);
    CHECK_STR(buf, "");
    CHECK_STR(meeting_quorum_code(QUORUM_MET), "met");
    CHECK_STR(meeting_quorum_code(QUORUM_NOT_MET), "not_met");
    CHECK_STR(meeting_quorum_code(QUORUM_NA), "na");
    char *t = meeting_first_topic("\n  \r\n 学习党章  \r\n第二项");
    CHECK_STR(t, "学习党章");
    free(t);
    t = meeting_first_topic(NULL);
    CHECK_STR(t, "");
    free(t);
}

/* ---- files ----------------------------------------------------------------------------- */

static char *slurp_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = xcalloc(1, 1 << 20);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* A database with one branch, two members and the sample meeting saved; *branch_id set. */
static struct store *store_with_meeting(const char *dir, int64_t *branch_id)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/export.db", dir);
    struct store_options opt = {.create = true, .user = "tester"};
    struct store *st = NULL;
    char err[512];
    if (store_open(path, &opt, &st, err, sizeof err) != STORE_OK) {
        test_fail(__FILE__, __LINE__, "store_open: %s", err);
        return NULL;
    }
    struct branch b = {0};
    snprintf(b.code, sizeof b.code, "9001");
    snprintf(b.name, sizeof b.name, "红旗村党支部");
    snprintf(b.type, sizeof b.type, "rural");
    if (store_branch_add(st, &b) != STORE_OK) test_fail(__FILE__, __LINE__, "%s", store_errmsg(st));
    *branch_id = b.id;
    int64_t ids[2];
    const char *names[2] = {"王建国", "李秀英"};
    for (int i = 0; i < 2; i++) {
        struct member mem = {0};
        mem.branch_id = b.id;
        snprintf(mem.name, sizeof mem.name, "%s", names[i]);
        snprintf(mem.gender, sizeof mem.gender, "M");
        snprintf(mem.join_date, sizeof mem.join_date, "2000-01-01");
        snprintf(mem.full_date, sizeof mem.full_date, "2001-01-01");
        snprintf(mem.status, sizeof mem.status, "full");
        snprintf(mem.dues_category, sizeof mem.dues_category, "farmer");
        snprintf(mem.office, sizeof mem.office, i == 0 ? "secretary" : "organization");
        if (store_member_add(st, &mem) != STORE_OK)
            test_fail(__FILE__, __LINE__, "%s", store_errmsg(st));
        ids[i] = mem.id;
    }
    struct meeting m;
    sample(&m);
    date_format(clock_today(), m.date); /* entered the same day: not late */
    m.branch_id = b.id;
    m.also_mask = MK_BIT(MK_THEME_DAY);
    m.host_id = ids[0];
    m.recorder_id = ids[1];
    m.lecturer_name[0] = '\0';
    m.nattendees = 2; /* the two on the roster */
    m.attendees[0].member_id = ids[0];
    m.attendees[1].member_id = ids[1];
    snprintf(m.attendees[1].mark, sizeof m.attendees[1].mark, "leave");
    snprintf(m.attendees[1].reason, sizeof m.attendees[1].reason, "生病住院");
    m.resolutions[0].votes_for = 1; /* one present with a vote */
    free(m.topics);
    m.topics = xstrdup("学习党章, \"第一章\"\n研究发展党员工作");
    struct meeting_rules r = {.election_quorum_percent = 80};
    meeting_evaluate(&m, &r);
    if (store_meeting_add(st, &m) != STORE_OK) test_fail(__FILE__, __LINE__, "%s", store_errmsg(st));
    meeting_free(&m);
    return st;
}

TEST(meeting_export_csv_and_json_files)
{
    const char *dir = test_tmpdir();
    int64_t bid = 0;
    struct store *st = store_with_meeting(dir, &bid);
    if (!st) return;
    struct meeting_filter f = {.branch_id = bid, .kind = -1};
    char path[1024], err[512];

    snprintf(path, sizeof path, "%s/会议.csv", dir);
    CHECK_INT(meetings_export(st, &f, path, 7, err, sizeof err), 0);
    char *csv = slurp_text(path);
    CHECK(csv != NULL);
    if (csv) {
        CHECK(strncmp(csv, "\xEF\xBB\xBF组织代码,党组织名称,日期,开始时间,结束时间,会议类型,同时计为,",
                      strlen("\xEF\xBB\xBF组织代码,党组织名称,日期,开始时间,结束时间,会议类型,同时计为,")) == 0);
        char today[DATE_STR_LEN], row[1024];
        date_format(clock_today(), today);
        snprintf(row, sizeof row, "\n9001,红旗村党支部,%s,09:00,11:30,支部委员会,主题党日,,"
                 "\"学习党章, \"\"第一章\"\"\n研究发展党员工作\",村委会会议室,王建国,李秀英,,"
                 "2,1,1,0,不足,不足法定人数,,", today);
        CHECK(strstr(csv, row) != NULL);
        free(csv);
    }
    snprintf(path, sizeof path, "%s/会议.csv.tmp", dir);
    CHECK(access(path, F_OK) != 0);

    snprintf(path, sizeof path, "%s/会议.json", dir);
    CHECK_INT(meetings_export(st, &f, path, 7, err, sizeof err), 0);
    char *json = slurp_text(path);
    CHECK(json != NULL);
    if (json) {
        CHECK(strncmp(json, "[\n{\"branch_code\":\"9001\",\"date\":\"", 30) == 0);
        CHECK(strstr(json, "\"topics\":[\"学习党章, \\\"第一章\\\"\",\"研究发展党员工作\"]") != NULL);
        CHECK(strstr(json, "\"attendance\":[{\"name\":\"王建国\",\"office\":\"secretary\",\"voting\":true,"
                           "\"mark\":\"present\",\"reason\":\"\",\"excused\":false},{\"name\":\"李秀英\"") != NULL);
        CHECK(strstr(json, "\"quorum\":\"not_met\",\"late\":false,\"incomplete\":false,\"missing\":[],"
                           "\"voided\":false") != NULL);
        size_t len = strlen(json);
        CHECK(len > 4 && strcmp(json + len - 4, "}\n]\n") == 0);
        free(json);
    }

    snprintf(path, sizeof path, "%s/会议.xlsx", dir);
    CHECK_INT(meetings_export(st, &f, path, 7, err, sizeof err), 0);
    struct stat sb;
    CHECK(stat(path, &sb) == 0 && sb.st_size > 1000);
    FILE *x = fopen(path, "rb");
    char magic[2] = {0};
    if (x) {
        CHECK_INT(fread(magic, 1, 2, x), 2);
        fclose(x);
    }
    CHECK(magic[0] == 'P' && magic[1] == 'K'); /* a zip container */
    store_close(st);
}

TEST(meeting_export_failures_leave_no_file)
{
    const char *dir = test_tmpdir();
    int64_t bid = 0;
    struct store *st = store_with_meeting(dir, &bid);
    if (!st) return;
    struct meeting_filter f = {.branch_id = bid, .kind = -1};
    char path[1024], err[512];

    snprintf(path, sizeof path, "%s/没有这个目录/会议.xlsx", dir);
    CHECK_INT(meetings_export(st, &f, path, 7, err, sizeof err), -1);
    char want[1200];
    snprintf(want, sizeof want, "无法写入 %s：目录不存在", path);
    CHECK_STR(err, want);

    snprintf(path, sizeof path, "%s/会议.doc", dir);
    CHECK_INT(meetings_export(st, &f, path, 7, err, sizeof err), -1);
    CHECK(strstr(err, "应以 .xlsx、.csv 或 .json 结尾") != NULL);
    CHECK(access(path, F_OK) != 0);

    /* a directory in the way of the rename: the temporary file is removed again */
    snprintf(path, sizeof path, "%s/占位.csv", dir);
    CHECK_INT(mkdir(path, 0700), 0);
    CHECK_INT(meetings_export(st, &f, path, 7, err, sizeof err), -1);
    CHECK(strncmp(err, "无法写入 ", strlen("无法写入 ")) == 0);
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    CHECK(access(tmp, F_OK) != 0);

    /* a branch that does not exist */
    struct meeting_filter none = {.branch_id = 999999, .kind = -1};
    snprintf(path, sizeof path, "%s/无.csv", dir);
    CHECK_INT(meetings_export(st, &none, path, 7, err, sizeof err), -1);
    CHECK(strncmp(err, "无法导出：", strlen("无法导出：")) == 0);
    CHECK(access(path, F_OK) != 0);
    store_close(st);
}
