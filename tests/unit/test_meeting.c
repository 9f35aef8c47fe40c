/* Unit tests for core/meeting.c: kinds, quorum, completeness, late entry, save checks. */
#include <stdio.h>
#include <stdlib.h>

#include "test.h"
#include "zhibu/meeting.h"
#include "zhibu/util.h"

static char MSG[ZB_MSG_MAX]; /* the checks' sentences */

static const struct meeting_rules RULES = {.election_quorum_percent = 80};

static struct zdate D(int y, int m, int d)
{
    return (struct zdate){y, m, d};
}

/* A record of `kind` with every element filled in, and n attendees all present and voting. */
static void make(struct meeting *m, const char *kind, int n)
{
    memset(m, 0, sizeof *m);
    zb_strlcpy(m->kind, kind, sizeof m->kind);
    zb_strlcpy(m->date, "2026-03-10", sizeof m->date);
    zb_strlcpy(m->start_time, "09:00", sizeof m->start_time);
    zb_strlcpy(m->end_time, "11:30", sizeof m->end_time);
    zb_strlcpy(m->place, "村委会二楼会议室", sizeof m->place);
    m->host_id = 1;
    m->recorder_id = 2;
    m->topics = xstrdup("学习党章\n讨论春耕生产");
    m->minutes = xstrdup("书记传达上级精神，与会党员逐一发言。");
    m->attendees = xcalloc((size_t)(n > 0 ? n : 1), sizeof *m->attendees);
    m->nattendees = n;
    for (int i = 0; i < n; i++) {
        m->attendees[i].member_id = 100 + i;
        snprintf(m->attendees[i].name, sizeof m->attendees[i].name, "党员%d", i + 1);
        m->attendees[i].voting = true;
        zb_strlcpy(m->attendees[i].mark, "present", sizeof m->attendees[i].mark);
    }
    if (strcmp(kind, "general") == 0 || strcmp(kind, "committee") == 0) {
        m->resolutions = xcalloc(1, sizeof *m->resolutions);
        m->nresolutions = 1;
        zb_strlcpy(m->resolutions[0].text, "同意吸收张三为预备党员", sizeof m->resolutions[0].text);
        m->resolutions[0].votes_for = n;
    }
    if (strcmp(kind, "lecture") == 0) zb_strlcpy(m->lecturer_name, "王书记", sizeof m->lecturer_name);
    if (strcmp(kind, "group") == 0) m->group_id = 7;
}

static void mark(struct meeting *m, int i, const char *code, const char *reason)
{
    zb_strlcpy(m->attendees[i].mark, code, sizeof m->attendees[i].mark);
    zb_strlcpy(m->attendees[i].reason, reason, sizeof m->attendees[i].reason);
}

static const char *missing(const struct meeting *m)
{
    static char buf[256];
    meeting_missing_text(m->missing_mask, buf, sizeof buf);
    return buf;
}

TEST(meeting_kind_tables)
{
    CHECK_INT(code_count(MEETING_KINDS), MK_COUNT);
    CHECK_STR(meeting_kind_code(MK_THEME_DAY), "theme_day");
    CHECK_STR(meeting_kind_label(MK_GENERAL), "支部党员大会");
    CHECK_STR(meeting_kind_label(MK_APPRAISAL), "民主评议党员");
    CHECK_STR(meeting_kind_label(MK_OTHER), "其他");
    CHECK_STR(meeting_kind_short(MK_COMMITTEE), "支委会");
    CHECK_STR(meeting_kind_short(MK_LIFE_MEETING), "生活会");
    CHECK_INT(meeting_kind_of_code("life_meeting"), MK_LIFE_MEETING);
    CHECK_INT(meeting_kind_of_code("general"), MK_GENERAL);
    CHECK_INT(meeting_kind_of_code("General"), -1);
    CHECK_INT(meeting_kind_of_code(""), -1);
    CHECK_INT(meeting_kind_of_code(NULL), -1);
    CHECK_STR(meeting_kind_label(MK_COUNT), "");
    CHECK_STR(meeting_kind_code((enum meeting_kind)-1), "");
    CHECK_STR(code_label_of(ATTEND_MARKS, "leave"), "请假");
    CHECK_STR(code_label_of(ATTEND_MARKS, "absent"), "缺席");
    CHECK_STR(code_label_of(ATTEND_MARKS, "present"), "出席");
}

TEST(meeting_counts_as_kind_or_also)
{
    struct meeting m;
    make(&m, "general", 0);
    m.also_mask = MK_BIT(MK_THEME_DAY) | MK_BIT(MK_LECTURE);
    CHECK(meeting_counts_as(&m, MK_GENERAL));
    CHECK(meeting_counts_as(&m, MK_THEME_DAY));
    CHECK(meeting_counts_as(&m, MK_LECTURE));
    CHECK(!meeting_counts_as(&m, MK_COMMITTEE));
    CHECK(!meeting_counts_as(&m, MK_COUNT));
    meeting_free(&m);
}

/* 8 full members and 2 probationary members: probationary members do not vote and are not in
 * the denominator, so 4 of 8 is exactly half and not enough. */
TEST(meeting_quorum_general_exact_half)
{
    struct meeting m;
    make(&m, "general", 10);
    m.attendees[8].voting = m.attendees[9].voting = false;
    for (int i = 0; i < 8; i++) mark(&m, i, i < 4 ? "present" : "absent", "外出务工");
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.expected, 10);
    CHECK_INT(m.present, 6);
    CHECK_INT(m.absent, 4);
    CHECK_INT(m.on_leave, 0);
    CHECK_INT(m.voting_expected, 8);
    CHECK_INT(m.voting_present, 4);
    CHECK_INT(m.quorum, QUORUM_NOT_MET);

    mark(&m, 4, "present", "");
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.voting_present, 5);
    CHECK_INT(m.present, 7);
    CHECK_INT(m.quorum, QUORUM_MET);

    /* Probationary members coming or staying away changes nothing. */
    mark(&m, 8, "leave", "生病");
    mark(&m, 9, "absent", "外出");
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.on_leave, 1);
    CHECK_INT(m.quorum, QUORUM_MET);
    meeting_free(&m);
}

/* Excused members leave the denominator, and their attendance does not count in it. */
TEST(meeting_quorum_general_excused)
{
    struct meeting m;
    make(&m, "general", 10);
    m.attendees[0].excused = m.attendees[1].excused = true;
    mark(&m, 0, "leave", "长期出国");
    mark(&m, 1, "absent", "长期患病");
    /* 8 in the denominator; 4 present: not met. */
    for (int i = 2; i < 6; i++) mark(&m, i, "absent", "务工");
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.voting_expected, 8);
    CHECK_INT(m.voting_present, 4);
    CHECK_INT(m.quorum, QUORUM_NOT_MET);
    mark(&m, 2, "present", "");
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.voting_present, 5);
    CHECK_INT(m.quorum, QUORUM_MET);
    /* An excused member who comes anyway is neither numerator nor denominator. */
    mark(&m, 2, "absent", "务工");
    mark(&m, 0, "present", "");
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.voting_present, 4);
    CHECK_INT(m.present, 5);
    CHECK_INT(m.quorum, QUORUM_NOT_MET);
    meeting_free(&m);
}

TEST(meeting_quorum_election_four_fifths)
{
    struct meeting m;
    make(&m, "general", 12);
    m.election = true;
    m.attendees[10].voting = m.attendees[11].voting = false; /* probationary */
    mark(&m, 10, "absent", "外出");
    mark(&m, 11, "absent", "外出");
    mark(&m, 0, "absent", "外出");
    mark(&m, 1, "absent", "外出");
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.voting_expected, 10);
    CHECK_INT(m.voting_present, 8);
    CHECK_INT(m.quorum, QUORUM_MET); /* 8 of 10 is exactly 4/5 */
    mark(&m, 2, "leave", "住院");
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.voting_present, 7);
    CHECK_INT(m.quorum, QUORUM_NOT_MET);
    /* The same 7 of 10 is well over half without an election. */
    m.election = false;
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.quorum, QUORUM_MET);
    m.election = true;
    /* Two excused members: 7 of 8 = 87.5% meets 4/5; a NULL rule set means 80%. */
    m.attendees[0].excused = m.attendees[1].excused = true;
    meeting_evaluate(&m, NULL);
    CHECK_INT(m.voting_expected, 8);
    CHECK_INT(m.quorum, QUORUM_MET);
    mark(&m, 3, "absent", "外出");
    meeting_evaluate(&m, &RULES); /* 6 of 8 = 75% */
    CHECK_INT(m.voting_present, 6);
    CHECK_INT(m.quorum, QUORUM_NOT_MET);
    /* The percentage comes from the rules. */
    struct meeting_rules r75 = {.election_quorum_percent = 75};
    meeting_evaluate(&m, &r75);
    CHECK_INT(m.quorum, QUORUM_MET);
    meeting_free(&m);
}

TEST(meeting_quorum_committee)
{
    struct meeting m;
    make(&m, "committee", 5);
    mark(&m, 0, "leave", "开会");
    mark(&m, 1, "absent", "外出");
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.present, 3);
    CHECK_INT(m.quorum, QUORUM_MET);
    mark(&m, 2, "absent", "外出");
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.quorum, QUORUM_NOT_MET);
    meeting_free(&m);

    /* Exactly half of four is not more than half; an excused member leaves the denominator. */
    make(&m, "committee", 4);
    mark(&m, 0, "absent", "外出");
    mark(&m, 1, "leave", "住院");
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.quorum, QUORUM_NOT_MET);
    m.attendees[1].excused = true;
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.quorum, QUORUM_MET);
    /* Probationary committee members still count for a committee (voting is a general rule). */
    m.attendees[2].voting = m.attendees[3].voting = false;
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.quorum, QUORUM_MET);
    meeting_free(&m);
}

TEST(meeting_quorum_by_kind_and_also)
{
    struct meeting m;
    /* A theme day with half the members: no quorum rule... */
    make(&m, "theme_day", 4);
    mark(&m, 0, "absent", "外出");
    mark(&m, 1, "absent", "外出");
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.quorum, QUORUM_NA);
    /* ...until it also counts as a general meeting. */
    m.also_mask = MK_BIT(MK_GENERAL);
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.voting_expected, 4);
    CHECK_INT(m.quorum, QUORUM_NOT_MET);
    mark(&m, 1, "present", "");
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.quorum, QUORUM_MET);
    /* Also counting as a committee applies the committee rule. */
    m.also_mask = MK_BIT(MK_COMMITTEE);
    mark(&m, 1, "absent", "外出");
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.quorum, QUORUM_NOT_MET);
    meeting_free(&m);

    const char *no_rule[] = {"group", "lecture", "life_meeting", "appraisal", "talk", "other"};
    for (size_t i = 0; i < ZB_ARRAY_LEN(no_rule); i++) {
        make(&m, no_rule[i], 3);
        mark(&m, 0, "absent", "外出");
        mark(&m, 1, "absent", "外出");
        meeting_evaluate(&m, &RULES);
        CHECK_INT(m.quorum, QUORUM_NA);
        meeting_free(&m);
    }
}

TEST(meeting_quorum_empty_lists)
{
    struct meeting m;
    make(&m, "general", 0);
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.expected, 0);
    CHECK_INT(m.quorum, QUORUM_NOT_MET);
    m.election = true; /* 0 >= 0 * 80% must not pass */
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.quorum, QUORUM_NOT_MET);
    meeting_free(&m);
    /* Only probationary members: nobody entitled to vote. */
    make(&m, "general", 2);
    m.attendees[0].voting = m.attendees[1].voting = false;
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.present, 2);
    CHECK_INT(m.voting_expected, 0);
    CHECK_INT(m.quorum, QUORUM_NOT_MET);
    meeting_free(&m);
    make(&m, "committee", 0);
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.quorum, QUORUM_NOT_MET);
    meeting_free(&m);
}

TEST(meeting_complete_records_per_kind)
{
    const char *kinds[] = {"general", "committee", "group", "lecture", "theme_day",
                           "life_meeting", "appraisal", "talk", "other"};
    for (size_t i = 0; i < ZB_ARRAY_LEN(kinds); i++) {
        struct meeting m;
        make(&m, kinds[i], 3);
        meeting_evaluate(&m, &RULES);
        if (m.missing_mask != 0) test_fail(__FILE__, __LINE__, "%s: %s", kinds[i], missing(&m));
        meeting_free(&m);
    }
}

TEST(meeting_complete_lecture_needs_lecturer)
{
    struct meeting m;
    make(&m, "lecture", 3);
    m.lecturer_name[0] = '\0';
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.missing_mask, ME_LECTURER);
    CHECK_STR(missing(&m), "缺：主讲人");
    zb_strlcpy(m.lecturer_name, "　 ", sizeof m.lecturer_name); /* blank is not a name */
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.missing_mask, ME_LECTURER);
    m.lecturer_id = 5; /* a member, name filled on read */
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.missing_mask, 0);
    meeting_free(&m);

    /* A general meeting that also counts as a lecture needs one too. */
    make(&m, "general", 3);
    m.also_mask = MK_BIT(MK_LECTURE) | MK_BIT(MK_THEME_DAY);
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.missing_mask, ME_LECTURER);
    zb_strlcpy(m.lecturer_name, "县委党校李老师", sizeof m.lecturer_name);
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.missing_mask, 0);
    meeting_free(&m);
}

TEST(meeting_complete_resolutions_by_kind)
{
    struct meeting m;
    /* A talk, a lecture, a theme day: no resolutions needed. */
    const char *none[] = {"talk", "lecture", "theme_day", "group", "life_meeting"};
    for (size_t i = 0; i < ZB_ARRAY_LEN(none); i++) {
        make(&m, none[i], 2);
        CHECK_INT(m.nresolutions, 0);
        meeting_evaluate(&m, &RULES);
        CHECK_INT(m.missing_mask, 0);
        meeting_free(&m);
    }
    /* A committee meeting without resolutions is incomplete until "no resolutions" is stated. */
    make(&m, "committee", 3);
    m.nresolutions = 0;
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.missing_mask, ME_RESOLUTIONS);
    CHECK_STR(missing(&m), "缺：决议及表决");
    m.no_resolutions = true;
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.missing_mask, 0);
    /* A resolution row with blank text is not a resolution. */
    m.no_resolutions = false;
    m.nresolutions = 1;
    zb_strlcpy(m.resolutions[0].text, "  ", sizeof m.resolutions[0].text);
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.missing_mask, ME_RESOLUTIONS);
    meeting_free(&m);
    /* A theme day that also counts as a general meeting needs them. */
    make(&m, "theme_day", 2);
    m.also_mask = MK_BIT(MK_GENERAL);
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.missing_mask, ME_RESOLUTIONS);
    meeting_free(&m);
}

TEST(meeting_complete_reasons_for_absentees)
{
    struct meeting m;
    make(&m, "group", 4);
    mark(&m, 0, "leave", "外出务工");
    mark(&m, 1, "absent", "");
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.missing_mask, ME_REASONS);
    CHECK_STR(missing(&m), "缺：缺席原因");
    mark(&m, 1, "absent", " \t　"); /* only white space, ideographic included */
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.missing_mask, ME_REASONS);
    mark(&m, 1, "absent", "联系不上");
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.missing_mask, 0);
    CHECK_INT(m.on_leave, 1);
    CHECK_INT(m.absent, 1);
    CHECK_INT(m.present, 2);
    /* Everyone present is a complete list ("no absentees" is a value). */
    mark(&m, 0, "present", "");
    mark(&m, 1, "present", "");
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.missing_mask, 0);
    CHECK_INT(m.present, 4);
    meeting_free(&m);
}

TEST(meeting_complete_empty_record)
{
    struct meeting m;
    memset(&m, 0, sizeof m);
    zb_strlcpy(m.kind, "group", sizeof m.kind);
    zb_strlcpy(m.date, "2026-03-10", sizeof m.date);
    meeting_evaluate(&m, &RULES);
    CHECK_INT(m.missing_mask, ME_TIME | ME_PLACE | ME_HOST | ME_RECORDER | ME_ATTENDANCE |
                                  ME_TOPICS | ME_MINUTES | ME_GROUP);
    CHECK_STR(missing(&m), "缺：时间、地点、主持人、记录人、出席名单、议题、会议内容、党小组");
    CHECK_INT(m.expected, 0);
    CHECK_INT(m.quorum, QUORUM_NA);

    /* One time of the two is still missing; blank topics and minutes are missing. */
    struct meeting g;
    make(&g, "general", 2);
    g.end_time[0] = '\0';
    free(g.topics);
    g.topics = xstrdup("\n  \n");
    free(g.minutes);
    g.minutes = xstrdup("");
    meeting_evaluate(&g, &RULES);
    CHECK_INT(g.missing_mask, ME_TIME | ME_TOPICS | ME_MINUTES);
    meeting_free(&g);
}

TEST(meeting_missing_text_order_and_size)
{
    char buf[512];
    meeting_missing_text(0, buf, sizeof buf);
    CHECK_STR(buf, "");
    meeting_missing_text(ME_RECORDER | ME_PLACE, buf, sizeof buf);
    CHECK_STR(buf, "缺：地点、记录人");
    meeting_missing_text(0x7FFu, buf, sizeof buf);
    CHECK_STR(buf, "缺：时间、地点、主持人、记录人、主讲人、出席名单、缺席原因、议题、会议内容、"
                   "决议及表决、党小组");
    /* A short buffer is cut between characters, never inside one. */
    char small[8];
    meeting_missing_text(ME_TIME, small, sizeof small);
    CHECK_STR(small, "缺：");
}

TEST(meeting_copy_is_deep)
{
    struct meeting a, b;
    make(&a, "general", 3);
    mark(&a, 1, "leave", "生病");
    meeting_copy(&b, &a);
    CHECK(b.topics != a.topics);
    CHECK(b.attendees != a.attendees);
    CHECK(b.resolutions != a.resolutions);
    a.topics[0] = 'X';
    zb_strlcpy(a.attendees[1].reason, "改了", sizeof a.attendees[1].reason);
    a.resolutions[0].votes_for = 99;
    CHECK_STR(b.topics, "学习党章\n讨论春耕生产");
    CHECK_STR(b.attendees[1].reason, "生病");
    CHECK_INT(b.resolutions[0].votes_for, 3);
    CHECK_INT(b.nattendees, 3);
    CHECK_STR(b.place, "村委会二楼会议室");
    meeting_free(&a);
    CHECK(a.topics == NULL);
    CHECK(a.attendees == NULL);
    CHECK_INT(a.nattendees, 0);
    CHECK_INT(a.nresolutions, 0);
    CHECK_STR(b.minutes, "书记传达上级精神，与会党员逐一发言。");
    meeting_free(&b);
    meeting_free(&b); /* twice is harmless */

    /* Copying a record without heap parts. */
    struct meeting e, f;
    memset(&e, 0, sizeof e);
    meeting_copy(&f, &e);
    CHECK(f.topics == NULL && f.attendees == NULL && f.resolutions == NULL);
}

TEST(meeting_late_entry_day_boundary)
{
    CHECK_INT(meeting_entry_delay("2026-03-01", "2026-03-08T15:59:59Z"), 7);
    CHECK(!meeting_is_late("2026-03-01", "2026-03-08T23:59:59Z", 7));
    CHECK(meeting_is_late("2026-03-01", "2026-03-09T00:00:00Z", 7));
    CHECK_INT(meeting_entry_delay("2026-03-01", "2026-03-09T00:00:00Z"), 8);
    /* Same day, and entered the day before (a planned record typed early). */
    CHECK_INT(meeting_entry_delay("2026-03-01", "2026-03-01T08:00:00Z"), 0);
    CHECK(!meeting_is_late("2026-03-01", "2026-03-01T08:00:00Z", 0));
    CHECK(meeting_is_late("2026-03-01", "2026-03-02T08:00:00Z", 0));
    CHECK_INT(meeting_entry_delay("2026-03-02", "2026-03-01T08:00:00Z"), -1);
    CHECK(!meeting_is_late("2026-03-02", "2026-03-01T08:00:00Z", 7));
}

TEST(meeting_late_entry_across_month_and_year)
{
    /* January has 31 days: 01-28 + 8 = 02-05. */
    CHECK(!meeting_is_late("2026-01-28", "2026-02-04T10:00:00Z", 7));
    CHECK(meeting_is_late("2026-01-28", "2026-02-05T10:00:00Z", 7));
    /* Across the year end. */
    CHECK_INT(meeting_entry_delay("2025-12-28", "2026-01-04T01:00:00Z"), 7);
    CHECK(!meeting_is_late("2025-12-28", "2026-01-04T01:00:00Z", 7));
    CHECK(meeting_is_late("2025-12-28", "2026-01-05T01:00:00Z", 7));
    /* February of a leap year has 29 days. */
    CHECK_INT(meeting_entry_delay("2024-02-25", "2024-03-03T09:00:00Z"), 7);
    CHECK(!meeting_is_late("2024-02-25", "2024-03-03T09:00:00Z", 7));
    CHECK(meeting_is_late("2023-02-25", "2023-03-05T09:00:00Z", 7));
    /* A year later is late; the day count comes from the config. */
    CHECK_INT(meeting_entry_delay("2025-03-01", "2026-03-01T00:00:00Z"), 365);
    CHECK(!meeting_is_late("2026-03-01", "2026-03-15T00:00:00Z", 14));
    CHECK(meeting_is_late("2026-03-01", "2026-03-16T00:00:00Z", 14));
    /* A bare date or a space instead of the T is read too. */
    CHECK(meeting_is_late("2026-03-01", "2026-03-20", 7));
    CHECK(meeting_is_late("2026-03-01", "2026-03-20 08:00:00", 7));
}

TEST(meeting_late_entry_bad_input)
{
    const char *bad_dates[] = {"", "2026-02-30", "2026-3-1", "20260301", "明天", "2026-03-01x"};
    for (size_t i = 0; i < ZB_ARRAY_LEN(bad_dates); i++) {
        CHECK(!meeting_is_late(bad_dates[i], "2027-01-01T00:00:00Z", 7));
        CHECK_INT(meeting_entry_delay(bad_dates[i], "2027-01-01T00:00:00Z"), 0);
    }
    const char *bad_stamps[] = {"", "2027-13-01T00:00:00Z", "2027-01-0", "2027/01/01T00:00:00Z",
                                "2027-01-01X00:00:00Z", "garbage"};
    for (size_t i = 0; i < ZB_ARRAY_LEN(bad_stamps); i++) {
        CHECK(!meeting_is_late("2026-03-01", bad_stamps[i], 7));
        CHECK_INT(meeting_entry_delay("2026-03-01", bad_stamps[i]), 0);
    }
    CHECK(!meeting_is_late(NULL, "2027-01-01T00:00:00Z", 7));
    CHECK(!meeting_is_late("2026-03-01", NULL, 7));
    CHECK_INT(meeting_entry_delay(NULL, NULL), 0);
}

TEST(meeting_time_valid_edges)
{
    CHECK(meeting_time_valid("00:00"));
    CHECK(meeting_time_valid("09:30"));
    CHECK(meeting_time_valid("23:59"));
    CHECK(!meeting_time_valid("24:00"));
    CHECK(!meeting_time_valid("12:60"));
    CHECK(!meeting_time_valid("9:30"));
    CHECK(!meeting_time_valid("09:3"));
    CHECK(!meeting_time_valid("09.30"));
    CHECK(!meeting_time_valid("0930"));
    CHECK(!meeting_time_valid("09:30 "));
    CHECK(!meeting_time_valid("ab:cd"));
    CHECK(!meeting_time_valid(""));
    CHECK(!meeting_time_valid(NULL));
}

/* The message and the field meeting_check gives for m on 2026-03-20. */
static const char *check(const struct meeting *m, enum meeting_field *fld)
{
    const char *msg = meeting_check(m, D(2026, 3, 20), fld, MSG, sizeof MSG);
    return msg ? msg : "(ok)";
}

static char *repeat(const char *unit, int n)
{
    size_t len = strlen(unit);
    char *s = xmalloc(len * (size_t)n + 1);
    for (int i = 0; i < n; i++) memcpy(s + len * (size_t)i, unit, len);
    s[len * (size_t)n] = '\0';
    return s;
}

TEST(meeting_check_good_record_passes)
{
    struct meeting m;
    enum meeting_field fld = MFLD_KIND;
    make(&m, "general", 3);
    CHECK_STR(check(&m, &fld), "(ok)");
    CHECK_INT(fld, MFLD_NONE);
    /* Quotes and FTS5 syntax characters in topics are just text. */
    free(m.topics);
    m.topics = xstrdup("\"学习\" AND 党章* OR NEAR(a b) -x ^y 'z' ; DROP TABLE meetings; --");
    CHECK_STR(check(&m, &fld), "(ok)");
    /* Empty times are a completeness matter, not a save problem; today is allowed. */
    m.start_time[0] = m.end_time[0] = '\0';
    zb_strlcpy(m.date, "2026-03-20", sizeof m.date);
    CHECK_STR(check(&m, &fld), "(ok)");
    /* A NULL field pointer is fine. */
    CHECK(meeting_check(&m, D(2026, 3, 20), NULL, MSG, sizeof MSG) == NULL);
    meeting_free(&m);
}

TEST(meeting_check_kind_date_time)
{
    struct meeting m;
    enum meeting_field fld;
    make(&m, "committee", 3);
    zb_strlcpy(m.kind, "", sizeof m.kind);
    CHECK_STR(check(&m, &fld), "请选择会议类型");
    CHECK_INT(fld, MFLD_KIND);
    zb_strlcpy(m.kind, "party", sizeof m.kind);
    CHECK_STR(check(&m, &fld), "请选择会议类型");
    zb_strlcpy(m.kind, "committee", sizeof m.kind);

    zb_strlcpy(m.date, "2026-02-30", sizeof m.date);
    CHECK_STR(check(&m, &fld), "2026年2月没有30日");
    CHECK_INT(fld, MFLD_DATE);
    zb_strlcpy(m.date, "", sizeof m.date);
    CHECK_STR(check(&m, &fld), "日期格式应为 YYYY-MM-DD（如 2026-03-05）");
    zb_strlcpy(m.date, "2026-03-21", sizeof m.date);
    CHECK_STR(check(&m, &fld), "会议日期不能晚于今天");
    CHECK_INT(fld, MFLD_DATE);
    zb_strlcpy(m.date, "2026-03-20", sizeof m.date);

    /* stored times are HH:MM: the form turns 9:30 into 09:30 (time_parse) before the check */
    zb_strlcpy(m.start_time, "9:30", sizeof m.start_time);
    CHECK_STR(check(&m, &fld), "开始时间应写作 HH:MM（如 09:30）");
    CHECK_INT(fld, MFLD_START);
    zb_strlcpy(m.start_time, "9.30", sizeof m.start_time);
    CHECK_STR(check(&m, &fld), "时间应写作 HH:MM（如 09:30 或 9:30）");
    CHECK_INT(fld, MFLD_START);
    zb_strlcpy(m.start_time, "09:30", sizeof m.start_time);
    zb_strlcpy(m.end_time, "25:00", sizeof m.end_time);
    CHECK_STR(check(&m, &fld), "没有25时：小时应为 0 到 23");
    CHECK_INT(fld, MFLD_END);
    zb_strlcpy(m.end_time, "10:75", sizeof m.end_time);
    CHECK_STR(check(&m, &fld), "没有75分：分钟应为 00 到 59");
    CHECK_INT(fld, MFLD_END);
    zb_strlcpy(m.end_time, "09:00", sizeof m.end_time);
    CHECK_STR(check(&m, &fld), "结束时间须晚于开始时间");
    CHECK_INT(fld, MFLD_END);
    zb_strlcpy(m.end_time, "09:30", sizeof m.end_time);
    CHECK_STR(check(&m, &fld), "结束时间须晚于开始时间");
    zb_strlcpy(m.end_time, "09:31", sizeof m.end_time);
    CHECK_STR(check(&m, &fld), "(ok)");
    /* Only one time given: allowed (incomplete, not wrong). */
    m.end_time[0] = '\0';
    CHECK_STR(check(&m, &fld), "(ok)");
    meeting_free(&m);
}

TEST(meeting_check_group_and_text_limits)
{
    struct meeting m;
    enum meeting_field fld;
    make(&m, "group", 3);
    m.group_id = 0;
    CHECK_STR(check(&m, &fld), "党小组会须选择党小组");
    CHECK_INT(fld, MFLD_GROUP);
    m.group_id = 7;

    /* The struct holds the limit in Chinese characters (3 bytes each). */
    char *s = repeat("会", MEETING_PLACE_MAX);
    zb_strlcpy(m.place, s, sizeof m.place);
    free(s);
    CHECK_INT(strlen(m.place), MEETING_PLACE_MAX * 3);
    CHECK_STR(check(&m, &fld), "(ok)");
    s = repeat("会", MEETING_PLACE_MAX + 1);
    zb_strlcpy(m.place, s, sizeof m.place);
    free(s);
    CHECK_STR(check(&m, &fld), "地点不能超过60字");
    CHECK_INT(fld, MFLD_PLACE);
    zb_strlcpy(m.place, "会议室\t二楼", sizeof m.place);
    CHECK_STR(check(&m, &fld), "地点含有控制字符或无效字符");
    CHECK_INT(fld, MFLD_PLACE);
    zb_strlcpy(m.place, "会议室\n二楼", sizeof m.place); /* one line only */
    CHECK_STR(check(&m, &fld), "地点含有控制字符或无效字符");
    zb_strlcpy(m.place, "会议室\xff", sizeof m.place);
    CHECK_STR(check(&m, &fld), "地点含有控制字符或无效字符");
    zb_strlcpy(m.place, "村部", sizeof m.place);

    s = repeat("王", NAME_MAX_CHARS + 1);
    zb_strlcpy(m.lecturer_name, s, sizeof m.lecturer_name);
    free(s);
    CHECK_STR(check(&m, &fld), "主讲人不能超过30字");
    CHECK_INT(fld, MFLD_LECTURER);
    m.lecturer_name[0] = '\0';

    free(m.topics);
    m.topics = repeat("题", MEETING_TOPICS_MAX + 1);
    CHECK_STR(check(&m, &fld), "议题不能超过2000字");
    CHECK_INT(fld, MFLD_TOPICS);
    free(m.topics);
    m.topics = repeat("题", MEETING_TOPICS_MAX);
    CHECK_STR(check(&m, &fld), "(ok)");
    free(m.topics);
    m.topics = xstrdup("学习\x1b[31m党章");
    CHECK_STR(check(&m, &fld), "议题含有控制字符或无效字符");
    CHECK_INT(fld, MFLD_TOPICS);
    free(m.topics);
    m.topics = xstrdup("学习党章\n学习条例\n");

    free(m.minutes);
    m.minutes = repeat("记", MEETING_MINUTES_MAX + 1);
    CHECK_STR(check(&m, &fld), "会议内容不能超过20000字");
    CHECK_INT(fld, MFLD_MINUTES);
    free(m.minutes);
    m.minutes = repeat("记", MEETING_MINUTES_MAX);
    CHECK_STR(check(&m, &fld), "(ok)");
    /* Newlines count as characters. */
    free(m.minutes);
    m.minutes = repeat("记\n", MEETING_MINUTES_MAX / 2);
    CHECK_STR(check(&m, &fld), "(ok)");
    free(m.minutes);
    m.minutes = xstrdup("发言\r\n记录");
    CHECK_STR(check(&m, &fld), "会议内容含有控制字符或无效字符");
    free(m.minutes);
    m.minutes = NULL;
    CHECK_STR(check(&m, &fld), "(ok)");

    s = repeat("列", MEETING_OBSERVERS_MAX);
    zb_strlcpy(m.observers, s, sizeof m.observers);
    free(s);
    CHECK_INT(strlen(m.observers), MEETING_OBSERVERS_MAX * 3);
    CHECK_STR(check(&m, &fld), "(ok)");
    s = repeat("列", MEETING_OBSERVERS_MAX + 1);
    zb_strlcpy(m.observers, s, sizeof m.observers);
    free(s);
    CHECK_STR(check(&m, &fld), "列席人员不能超过200字");
    CHECK_INT(fld, MFLD_OBSERVERS);
    zb_strlcpy(m.observers, "乡镇党委组织委员\x07", sizeof m.observers);
    CHECK_STR(check(&m, &fld), "列席人员含有控制字符或无效字符");
    meeting_free(&m);
}

TEST(meeting_check_votes_and_attendance)
{
    struct meeting m;
    enum meeting_field fld;
    make(&m, "general", 3);
    m.resolutions[0].votes_for = 1; /* no more than those present with a vote, below */
    m.resolutions[0].votes_against = -1;
    CHECK_STR(check(&m, &fld), "表决票数不能为负数");
    CHECK_INT(fld, MFLD_RESOLUTIONS);
    m.resolutions[0].votes_against = 0;
    m.resolutions[0].votes_abstain = -3;
    CHECK_STR(check(&m, &fld), "表决票数不能为负数");
    m.resolutions[0].votes_abstain = 0;
    CHECK_STR(check(&m, &fld), "(ok)");

    mark(&m, 1, "late", "");
    CHECK_STR(check(&m, &fld), "出席标记无效");
    CHECK_INT(fld, MFLD_ATTENDANCE);
    mark(&m, 1, "", "");
    CHECK_STR(check(&m, &fld), "出席标记无效");
    mark(&m, 1, "present", "生病");
    CHECK_STR(check(&m, &fld), "只有请假或缺席才填写原因");
    CHECK_INT(fld, MFLD_ATTENDANCE);
    mark(&m, 1, "present", "  ");
    CHECK_STR(check(&m, &fld), "(ok)");
    mark(&m, 1, "leave", "生病\n住院");
    CHECK_STR(check(&m, &fld), "缺席原因含有控制字符或无效字符");
    mark(&m, 1, "leave", "生病住院");
    CHECK_STR(check(&m, &fld), "(ok)");
    /* A reason left empty is incomplete, not wrong. */
    mark(&m, 2, "absent", "");
    CHECK_STR(check(&m, &fld), "(ok)");
    m.attendees[2].member_id = m.attendees[0].member_id;
    CHECK_STR(check(&m, &fld), "出席名单中有重复的人员");
    meeting_free(&m);
}

/* The date case's sentence is in the caller's buffer: two checks in a row keep their own. */
TEST(meeting_check_two_dates_keep_their_messages)
{
    struct meeting a, b;
    make(&a, "general", 3);
    make(&b, "general", 3);
    zb_strlcpy(a.date, "2026-02-30", sizeof a.date);
    zb_strlcpy(b.date, "2025-13-01", sizeof b.date);
    char b1[ZB_MSG_MAX], b2[ZB_MSG_MAX];
    enum meeting_field f1, f2;
    const char *m1 = meeting_check(&a, D(2026, 3, 20), &f1, b1, sizeof b1);
    const char *m2 = meeting_check(&b, D(2026, 3, 20), &f2, b2, sizeof b2);
    CHECK_STR(m1, "2026年2月没有30日");
    CHECK_STR(m2, "没有13月：月份应为 01 到 12");
    CHECK_INT(f1, MFLD_DATE);
    CHECK_INT(f2, MFLD_DATE);
    meeting_free(&a);
    meeting_free(&b);
}
