/* Unit tests of issue 14's meeting-record rules (core/meeting.c, store/meeting_db.c): votes never
 * more than those present with a vote (refused by the core check and by the store), a
 * resolution's outcome 通过 / 未通过 (more than half of those entitled to vote), and the head
 * counts as shown, where members excused with approval leave 应到. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "zhibu/meeting.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_meeting.h"
#include "zhibu/util.h"

static char MSG[ZB_MSG_MAX]; /* the checks' sentences */

/* A general meeting of n full members, all present, one resolution with no votes yet. */
static void general(struct meeting *m, int n)
{
    memset(m, 0, sizeof *m);
    zb_strlcpy(m->kind, "general", sizeof m->kind);
    zb_strlcpy(m->date, "2026-11-10", sizeof m->date);
    m->topics = xstrdup("讨论发展党员");
    m->minutes = xstrdup("会议讨论了发展党员工作。");
    m->attendees = xcalloc((size_t)n, sizeof *m->attendees);
    m->nattendees = n;
    for (int i = 0; i < n; i++) {
        struct attendee *a = &m->attendees[i];
        a->member_id = 100 + i;
        snprintf(a->name, sizeof a->name, "党员%d", i + 1);
        a->voting = true;
        zb_strlcpy(a->mark, "present", sizeof a->mark);
    }
    m->resolutions = xcalloc(1, sizeof *m->resolutions);
    m->nresolutions = 1;
    zb_strlcpy(m->resolutions[0].text, "同意接收李四为预备党员", sizeof m->resolutions[0].text);
}

static void set_mark(struct meeting *m, int i, const char *mark, bool excused)
{
    zb_strlcpy(m->attendees[i].mark, mark, sizeof m->attendees[i].mark);
    zb_strlcpy(m->attendees[i].reason, strcmp(mark, "present") ? "外出务工" : "", sizeof m->attendees[i].reason);
    m->attendees[i].excused = excused;
}

static const struct zdate TODAY = {2026, 11, 21};

TEST(meeting_votes_not_more_than_voters_present)
{
    struct meeting m;
    general(&m, 7);
    set_mark(&m, 5, "absent", false);
    set_mark(&m, 6, "leave", false);
    m.attendees[4].voting = false; /* a probationary member present: no vote */
    CHECK_INT(meeting_voters_present(&m), 4);
    enum meeting_field f = MFLD_NONE;
    /* exactly those present with a vote: accepted */
    m.resolutions[0].votes_for = 3;
    m.resolutions[0].votes_abstain = 1;
    CHECK(meeting_check(&m, TODAY, &f, MSG, sizeof MSG) == NULL);
    CHECK(meeting_votes_problem(&m, MSG, sizeof MSG) == NULL);
    /* one more (the probationary member's hand counted): refused, and why */
    m.resolutions[0].votes_against = 1;
    CHECK_STR(meeting_check(&m, TODAY, &f, MSG, sizeof MSG), "第 1 项决议的表决票数共 5 票，超过出席会议的有表决权党员 4 人");
    CHECK_INT(f, MFLD_RESOLUTIONS);
    /* a second resolution is named by its place */
    m.resolutions[0].votes_against = 0;
    m.resolutions = xrealloc(m.resolutions, 2 * sizeof *m.resolutions);
    m.nresolutions = 2;
    m.resolutions[1] = (struct resolution){.text = "同意修缮村部", .votes_for = 9};
    CHECK_STR(meeting_check(&m, TODAY, &f, MSG, sizeof MSG), "第 2 项决议的表决票数共 9 票，超过出席会议的有表决权党员 4 人");
    /* no list at all: nobody present can vote */
    m.nresolutions = 1;
    free(m.attendees);
    m.attendees = NULL;
    m.nattendees = 0;
    CHECK_INT(meeting_voters_present(&m), 0);
    CHECK(meeting_check(&m, TODAY, &f, MSG, sizeof MSG) != NULL);
    m.resolutions[0] = (struct resolution){.text = "不表决"};
    CHECK(meeting_check(&m, TODAY, &f, MSG, sizeof MSG) == NULL);
    meeting_free(&m);
}

TEST(meeting_resolution_outcome_more_than_half_entitled)
{
    struct meeting m;
    general(&m, 10);
    /* two excused with approval leave those entitled (8); one probationary has no vote (7) */
    set_mark(&m, 8, "leave", true);
    set_mark(&m, 9, "leave", true);
    m.attendees[7].voting = false;
    set_mark(&m, 6, "absent", false);
    CHECK_INT(meeting_voters_entitled(&m), 7);
    struct resolution *r = &m.resolutions[0];
    r->votes_for = 3; /* 3 of 7: not more than half */
    CHECK(!meeting_resolution_passed(&m, r));
    CHECK_STR(meeting_resolution_outcome(&m, r), "未通过");
    r->votes_for = 4; /* 4 of 7 */
    CHECK(meeting_resolution_passed(&m, r));
    CHECK_STR(meeting_resolution_outcome(&m, r), "通过");
    /* exactly half is not more than half */
    meeting_free(&m);
    general(&m, 8);
    m.resolutions[0].votes_for = 4;
    CHECK(!meeting_resolution_passed(&m, &m.resolutions[0]));
    m.resolutions[0].votes_for = 5;
    CHECK(meeting_resolution_passed(&m, &m.resolutions[0]));
    /* against and abstentions do not matter; a majority of those present is not enough */
    set_mark(&m, 0, "absent", false);
    set_mark(&m, 1, "absent", false);
    set_mark(&m, 2, "absent", false);
    set_mark(&m, 3, "absent", false);
    m.resolutions[0].votes_for = 4; /* all 4 present, but 4 of 8 entitled */
    CHECK(!meeting_resolution_passed(&m, &m.resolutions[0]));
    /* nobody entitled: never adopted */
    m.nattendees = 0;
    m.resolutions[0].votes_for = 0;
    CHECK_STR(meeting_resolution_outcome(&m, &m.resolutions[0]), "未通过");
    CHECK(!meeting_resolution_passed(NULL, &m.resolutions[0]));
    meeting_free(&m);
}

TEST(meeting_heads_excused_leave_expected)
{
    struct meeting m;
    general(&m, 9);
    set_mark(&m, 1, "leave", false);
    set_mark(&m, 2, "absent", false);
    set_mark(&m, 3, "leave", true); /* 不计应到 */
    set_mark(&m, 4, "absent", true);
    struct meeting_heads h;
    meeting_heads(&m, &h);
    CHECK_INT(h.expected, 7);
    CHECK_INT(h.present, 5);
    CHECK_INT(h.on_leave, 1);
    CHECK_INT(h.absent, 1);
    CHECK_INT(h.excused, 2);
    CHECK_INT(h.expected, h.present + h.on_leave + h.absent);
    /* the same people as the quorum's denominator */
    meeting_evaluate(&m, &(struct meeting_rules){.election_quorum_percent = 80});
    CHECK_INT(h.expected, m.voting_expected);
    /* one excused who comes anyway is at the meeting: 实到 and 应到 */
    set_mark(&m, 3, "present", true);
    meeting_heads(&m, &h);
    CHECK_INT(h.expected, 8);
    CHECK_INT(h.present, 6);
    CHECK_INT(h.excused, 1);
    /* nothing to count */
    meeting_heads(&(struct meeting){0}, &h);
    CHECK_INT(h.expected + h.present + h.on_leave + h.absent + h.excused, 0);
    meeting_free(&m);
}

/* ---- the store refuses what the form would ---- */

static int64_t member(struct store *st, int64_t branch_id, const char *name)
{
    struct member m = {.branch_id = branch_id};
    zb_strlcpy(m.name, name, sizeof m.name);
    zb_strlcpy(m.gender, "M", sizeof m.gender);
    zb_strlcpy(m.join_date, "2010-01-01", sizeof m.join_date);
    zb_strlcpy(m.full_date, "2011-01-01", sizeof m.full_date);
    zb_strlcpy(m.status, "full", sizeof m.status);
    zb_strlcpy(m.dues_category, "farmer", sizeof m.dues_category);
    if (store_member_add(st, &m) != STORE_OK)
        test_fail(__FILE__, __LINE__, "member_add: %s", store_errmsg(st));
    return m.id;
}

/* A branch (code, name) with three members 甲 乙 丙, and m a general meeting of it whose
 * attendees are the three the store expects. */
static void three_member_meeting(struct store *st, const char *code, const char *name, struct branch *b,
                                 struct meeting *m)
{
    zb_strlcpy(b->code, code, sizeof b->code);
    zb_strlcpy(b->name, name, sizeof b->name);
    zb_strlcpy(b->type, "rural", sizeof b->type);
    CHECK_INT(store_branch_add(st, b), STORE_OK);
    member(st, b->id, "甲");
    member(st, b->id, "乙");
    member(st, b->id, "丙");
    general(m, 1);
    free(m->attendees);
    m->attendees = NULL;
    m->nattendees = 0;
    m->branch_id = b->id;
    CHECK_INT(store_meeting_expected(st, b->id, MK_GENERAL, 0, m->date, &m->attendees, &m->nattendees), STORE_OK);
    CHECK_INT(m->nattendees, 3);
}

TEST(store_meeting_refuses_votes_over_voters_present)
{
    char *p = test_db_path("votes.db");
    struct store *st = test_open_db(p, "书记甲");
    free(p);
    if (!st) return;
    struct branch b = {0};
    struct meeting m = {0};
    three_member_meeting(st, "V001", "表决村党支部", &b, &m);
    zb_strlcpy(m.attendees[2].mark, "absent", sizeof m.attendees[2].mark);
    m.resolutions[0].votes_for = 2;
    m.resolutions[0].votes_against = 1; /* 3 votes, 2 present */
    meeting_evaluate(&m, NULL);
    CHECK_INT(store_meeting_add(st, &m), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "保存会议记录失败: 第 1 项决议的表决票数共 3 票，超过出席会议的有表决权党员 2 人");
    CHECK_INT(store_meeting_count(st, &(struct meeting_filter){.branch_id = b.id, .kind = -1}), 0);
    /* within the count it is saved; raising it later is refused and leaves the stored votes */
    m.resolutions[0].votes_against = 0;
    CHECK_INT(store_meeting_add(st, &m), STORE_OK);
    m.resolutions[0].votes_abstain = 5;
    CHECK_INT(store_meeting_update(st, &m), STORE_ERR_CONSTRAINT);
    struct meeting back = {0};
    CHECK_INT(store_meeting_get(st, m.id, &back), STORE_OK);
    CHECK_INT(back.nresolutions, 1);
    if (back.nresolutions == 1) {
        CHECK_INT(back.resolutions[0].votes_for, 2);
        CHECK_INT(back.resolutions[0].votes_abstain, 0);
    }
    meeting_free(&back);
    meeting_free(&m);
    store_close(st);
}

/* A record written, then updated with one attendee and one resolution fewer: their rows go (the
 * record's first write deletes nothing, issue 17; an update still does). */
TEST(store_meeting_update_drops_unlisted_rows)
{
    char *p = test_db_path("drops.db");
    struct store *st = test_open_db(p, "书记甲");
    if (!st) {
        free(p);
        return;
    }
    struct branch b = {0};
    struct meeting m = {0};
    three_member_meeting(st, "V002", "名单村党支部", &b, &m);
    m.resolutions = xrealloc(m.resolutions, 2 * sizeof *m.resolutions);
    m.nresolutions = 2;
    m.resolutions[1] = (struct resolution){.text = "同意修缮村部"};
    meeting_evaluate(&m, NULL);
    CHECK_INT(store_meeting_add(st, &m), STORE_OK);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM meeting_attendance"), 3);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM meeting_resolution"), 2);
    m.nattendees = 2;
    m.nresolutions = 1;
    meeting_evaluate(&m, NULL);
    CHECK_INT(store_meeting_update(st, &m), STORE_OK);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM meeting_attendance"), 2);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM meeting_resolution"), 1);
    struct verify_result r;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    meeting_free(&m);
    store_close(st);
    free(p);
}
