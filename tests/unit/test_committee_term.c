/* Unit tests for 换届 and the office history (issue 19): committee_term.c (the term's end, the
 * reminders at their edges, overdue, the election's checks, the committee on a day, the review's
 * reason) and term_db.c (record, void, the office history kept in step with member.office, the
 * expected list of a past 支委会, the review's load, verify over the new rows). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "test.h"
#include "zhibu/audit.h"
#include "zhibu/committee_term.h"
#include "zhibu/rules.h"
#include "zhibu/store.h"
#include "zhibu/store_audit.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_lifecycle.h"
#include "zhibu/store_meeting.h"
#include "zhibu/store_term.h"
#include "zhibu/util.h"

static struct zdate TD(int y, int m, int d)
{
    return (struct zdate){y, m, d};
}

static const struct people_rules R63 = {.term_years = 3, .term_remind_months1 = 6,
                                        .term_remind_months2 = 3};

TEST(term_end_is_the_same_day_years_later)
{
    CHECK_INT(date_cmp(term_end(TD(2023, 5, 10), 3), TD(2026, 5, 10)), 0);
    CHECK_INT(date_cmp(term_end(TD(2021, 7, 1), 5), TD(2026, 7, 1)), 0);
    CHECK_INT(date_cmp(term_end(TD(2024, 2, 29), 3), TD(2027, 2, 28)), 0); /* leap day */
}

TEST(term_reminders_at_their_edges)
{
    struct zdate end = TD(2026, 5, 10);
    /* the day before six months before: nothing yet; exactly six months before: the first */
    CHECK_INT(term_state_on(end, TD(2025, 11, 9), &R63), TERM_RUNNING);
    CHECK_INT(term_state_on(end, TD(2025, 11, 10), &R63), TERM_REMIND1);
    CHECK_INT(term_state_on(end, TD(2026, 2, 9), &R63), TERM_REMIND1);
    CHECK_INT(term_state_on(end, TD(2026, 2, 10), &R63), TERM_REMIND2);
    /* the end day itself: still on time; the day after: overdue */
    CHECK_INT(term_state_on(end, TD(2026, 5, 10), &R63), TERM_REMIND2);
    CHECK_INT(term_state_on(end, TD(2026, 5, 11), &R63), TERM_OVERDUE);
    CHECK_INT(term_state_on(end, TD(2029, 1, 1), &R63), TERM_OVERDUE);
    /* a reminder of 0 months is none; the order of the two keys does not matter */
    struct people_rules none = {.term_years = 3};
    CHECK_INT(term_state_on(end, TD(2026, 5, 10), &none), TERM_RUNNING);
    CHECK_INT(term_state_on(end, TD(2026, 5, 11), &none), TERM_OVERDUE);
    struct people_rules swapped = {.term_years = 3, .term_remind_months1 = 3,
                                   .term_remind_months2 = 6};
    CHECK_INT(term_state_on(end, TD(2025, 11, 10), &swapped), TERM_REMIND1);
    CHECK_INT(term_state_on(end, TD(2026, 2, 10), &swapped), TERM_REMIND2);
    /* no term */
    CHECK_INT(term_state_on((struct zdate){0, 0, 0}, TD(2026, 5, 10), &R63), TERM_NONE);
    char buf[256];
    term_describe(TERM_OVERDUE, end, TD(2026, 5, 20), buf, sizeof buf);
    CHECK(strstr(buf, "2026-05-10届满") != NULL);
    CHECK(strstr(buf, "已超期10天") != NULL);
    term_describe(TERM_REMIND1, end, TD(2025, 11, 10), buf, sizeof buf);
    CHECK(strstr(buf, "还有181天") != NULL);
}

TEST(term_election_checks)
{
    struct zdate today = TD(2026, 11, 21), day = TD(2026, 3, 10);
    struct term_meeting ok = {.found = true, .general = true, .election = true,
                              .quorum = QUORUM_MET, .date = day};
    CHECK(term_election_problem(day, 3, &ok, NULL, today) == NULL);
    CHECK(term_election_problem(today, 3, &(struct term_meeting){.found = true, .general = true,
              .election = true, .quorum = QUORUM_MET, .date = today}, NULL, today) == NULL);
    /* bad input */
    CHECK(term_election_problem(TD(2026, 11, 22), 3, &ok, NULL, today) != NULL); /* future */
    CHECK(term_election_problem(TD(2026, 2, 30), 3, &ok, NULL, today) != NULL);  /* no such day */
    CHECK(term_election_problem(day, 0, &ok, NULL, today) != NULL);
    CHECK(term_election_problem(day, 11, &ok, NULL, today) != NULL);
    struct term_meeting m = ok;
    m.found = false;
    CHECK(strstr(term_election_problem(day, 3, &m, NULL, today), "须选择") != NULL);
    m = ok;
    m.general = false; /* a 支委会 does not elect the committee */
    CHECK(strstr(term_election_problem(day, 3, &m, NULL, today), "支部党员大会") != NULL);
    m = ok;
    m.election = false;
    CHECK(strstr(term_election_problem(day, 3, &m, NULL, today), "选举") != NULL);
    m = ok;
    m.quorum = QUORUM_NOT_MET; /* the 4/5 rule of an election */
    CHECK(strstr(term_election_problem(day, 3, &m, NULL, today), "五分之四") != NULL);
    m = ok;
    m.date = TD(2026, 3, 11);
    CHECK(strstr(term_election_problem(day, 3, &m, NULL, today), "日期相同") != NULL);
    struct zdate prev = TD(2026, 3, 11);
    CHECK(strstr(term_election_problem(day, 3, &ok, &prev, today), "早于上一届") != NULL);
    prev = day; /* the same day as the previous one is not before it (the store refuses it) */
    CHECK(term_election_problem(day, 3, &ok, &prev, today) == NULL);
    /* before the ledger: no meeting to link */
    struct term_meeting before = {.before_ledger = true};
    CHECK(term_election_problem(TD(2023, 5, 10), 3, &before, NULL, today) == NULL);
}

TEST(term_committee_on_a_day_from_the_history)
{
    const struct office_span rows[] = {
        {1, "secretary", "", "2026-03-15"},        /* since before the ledger, to March */
        {1, "committee", "2026-03-15", ""},
        {2, "organization", "2025-01-01", "2026-03-01"},
    };
    int n = (int)ZB_ARRAY_LEN(rows);
    CHECK_STR(office_held_on(rows, n, 1, "committee", "2020-01-01"), "secretary");
    CHECK_STR(office_held_on(rows, n, 1, "committee", "2026-03-14"), "secretary");
    CHECK_STR(office_held_on(rows, n, 1, "committee", "2026-03-15"), "committee"); /* from: in */
    CHECK_STR(office_held_on(rows, n, 2, "", "2024-12-31"), "");
    CHECK_STR(office_held_on(rows, n, 2, "", "2025-01-01"), "organization");
    CHECK_STR(office_held_on(rows, n, 2, "", "2026-02-28"), "organization");
    CHECK_STR(office_held_on(rows, n, 2, "", "2026-03-01"), ""); /* to: out */
    /* no rows at all: member.office, as held since before the ledger */
    CHECK_STR(office_held_on(rows, n, 3, "publicity", "2001-01-01"), "publicity");
    CHECK_STR(office_held_on(rows, n, 3, "", "2026-01-01"), "");
}

static struct audit_rules term_rules(void)
{
    struct rules R;
    rules_from_config(NULL, &R);
    return R.audit;
}

TEST(term_review_reason_overdue_at_month_end)
{
    struct audit_rules r = term_rules();
    struct audit_people p = {.term = {.known = true, .elected = TD(2023, 5, 10), .term_years = 3,
                                      .term_id = 1, .meeting_id = 7}};
    struct audit_input in = {.branch_id = 1, .year = 2026, .month = 4, .today = TD(2026, 11, 21),
                             .people = &p};
    struct audit_reason out[4];
    CHECK_INT(audit_term_reasons(&in, &r, out, 4), 0); /* April: running */
    in.month = 5; /* May ends after the 10th */
    CHECK_INT(audit_term_reasons(&in, &r, out, 4), 1);
    CHECK_STR(out[0].text, "支部委员会任期已于2026-05-10届满，尚未换届");
    CHECK(out[0].fails);
    CHECK_INT(out[0].item, AI_MEMBERS);
    CHECK_INT(out[0].nrefs, 1);
    CHECK_INT(out[0].refs[0].kind, REF_MEETING);
    /* a month not over yet is judged as of today: May 10 not yet overdue */
    in.today = TD(2026, 5, 10);
    CHECK_INT(audit_term_reasons(&in, &r, out, 4), 0);
    in.today = TD(2026, 5, 11);
    CHECK_INT(audit_term_reasons(&in, &r, out, 4), 1);
    /* no term recorded: a note in December only, not failing */
    p.term = (struct audit_term){0};
    in.today = TD(2026, 12, 31);
    in.month = 11;
    CHECK_INT(audit_term_reasons(&in, &r, out, 4), 0);
    in.month = 12;
    CHECK_INT(audit_term_reasons(&in, &r, out, 4), 1);
    CHECK(!out[0].fails);
    /* not loaded: nothing */
    in.people = NULL;
    CHECK_INT(audit_term_reasons(&in, &r, out, 4), 0);
}

/* ---- the store ---- */

static int64_t mk_member(struct store *st, int64_t b, const char *name, const char *office)
{
    return fx_member(st, &(struct fx_member){.branch = b, .name = name, .join = "2010-01-01",
                                             .full = "2011-01-01", .office = office}, NULL);
}

/* A record of kind on date with everyone on its expected list present; its id. */
static int64_t mk_meeting(struct store *st, int64_t b, const char *kind, const char *date,
                          bool election, int absent)
{
    struct meeting m = {0};
    m.branch_id = b;
    snprintf(m.kind, sizeof m.kind, "%s", kind);
    snprintf(m.date, sizeof m.date, "%s", date);
    m.election = election;
    m.topics = strdup("选举新一届支部委员会");
    m.minutes = strdup("");
    m.no_resolutions = true;
    int k = meeting_kind_of_code(kind);
    if (store_meeting_expected(st, b, (enum meeting_kind)k, 0, date, &m.attendees,
                               &m.nattendees) != STORE_OK)
        test_fail(__FILE__, __LINE__, "expected: %s", store_errmsg(st));
    for (int i = 0; i < absent && i < m.nattendees; i++)
        snprintf(m.attendees[i].mark, sizeof m.attendees[i].mark, "absent");
    meeting_evaluate(&m, &(struct meeting_rules){.election_quorum_percent = 80});
    if (store_meeting_add(st, &m) != STORE_OK)
        test_fail(__FILE__, __LINE__, "meeting_add: %s", store_errmsg(st));
    int64_t id = m.id;
    meeting_free(&m);
    return id;
}

static bool expected_has(struct store *st, int64_t b, const char *date, int64_t member_id)
{
    struct attendee *a = NULL;
    int n = 0;
    if (store_meeting_expected(st, b, MK_COMMITTEE, 0, date, &a, &n) != STORE_OK) return false;
    bool found = false;
    for (int i = 0; i < n; i++) found |= a[i].member_id == member_id;
    free(a);
    return found;
}

TEST(store_term_record_void_and_current)
{
    setenv("ZHIBU_TODAY", "2026-11-21", 1);
    char *p = test_db_path("t.db");
    struct store *st = test_open_db(p, "书记甲");
    if (!st) {
        free(p);
        return;
    }
    int64_t b = fx_branch(st, "T1", "T1党支部", 0);
    for (int i = 0; i < 5; i++) {
        char name[16];
        snprintf(name, sizeof name, "党员%d", i);
        mk_member(st, b, name, i == 0 ? "secretary" : "");
    }
    struct committee_term cur;
    CHECK_INT(store_term_current(st, b, &cur), STORE_ERR_NOT_FOUND);
    /* the first meeting of the ledger is in 2024: an election in 2023 links nothing */
    int64_t first = mk_meeting(st, b, "committee", "2024-01-10", false, 0);
    (void)first;
    struct committee_term t = {.branch_id = b};
    snprintf(t.elected_date, sizeof t.elected_date, "2023-05-10");
    CHECK_INT(store_term_record(st, &t, &R63), STORE_OK);
    CHECK_INT(t.term_years, 3); /* from the config */
    CHECK_STR(t.end_date, "2026-05-10");
    /* after the ledger began, a meeting is required */
    struct committee_term bad = {.branch_id = b};
    snprintf(bad.elected_date, sizeof bad.elected_date, "2026-03-10");
    CHECK_INT(store_term_record(st, &bad, &R63), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "须选择") != NULL);
    /* a meeting not an election; an election short of 4/5; a 支委会 */
    int64_t plain = mk_meeting(st, b, "general", "2026-03-10", false, 0);
    int64_t thin = mk_meeting(st, b, "general", "2026-03-11", true, 2); /* 3 of 5 */
    int64_t comm = mk_meeting(st, b, "committee", "2026-03-12", true, 0);
    int64_t good = mk_meeting(st, b, "general", "2026-03-13", true, 1); /* 4 of 5 */
    bad.meeting_id = plain;
    CHECK_INT(store_term_record(st, &bad, &R63), STORE_ERR_CONSTRAINT);
    snprintf(bad.elected_date, sizeof bad.elected_date, "2026-03-11");
    bad.meeting_id = thin;
    CHECK_INT(store_term_record(st, &bad, &R63), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "五分之四") != NULL);
    snprintf(bad.elected_date, sizeof bad.elected_date, "2026-03-12");
    bad.meeting_id = comm;
    CHECK_INT(store_term_record(st, &bad, &R63), STORE_ERR_CONSTRAINT);
    /* a date not the meeting's */
    snprintf(bad.elected_date, sizeof bad.elected_date, "2026-03-14");
    bad.meeting_id = good;
    CHECK_INT(store_term_record(st, &bad, &R63), STORE_ERR_CONSTRAINT);
    /* the good one, with a term of 5 years asked for */
    struct committee_term t2 = {.branch_id = b, .meeting_id = good, .term_years = 5};
    snprintf(t2.elected_date, sizeof t2.elected_date, "2026-03-13");
    CHECK_INT(store_term_record(st, &t2, &R63), STORE_OK);
    CHECK_STR(t2.end_date, "2031-03-13");
    CHECK_INT(store_term_current(st, b, &cur), STORE_OK);
    CHECK_INT(cur.id, t2.id);
    CHECK(strstr(cur.meeting_label, "2026-03-13 支部党员大会") != NULL);
    /* not before the current one */
    struct committee_term back = {.branch_id = b};
    snprintf(back.elected_date, sizeof back.elected_date, "2023-06-01");
    CHECK_INT(store_term_record(st, &back, &R63), STORE_ERR_CONSTRAINT);
    /* the choices of the screen: the two general elections (the 支委会 is not one) */
    struct store_term_meeting_list ml;
    CHECK_INT(store_term_meetings(st, b, &ml), STORE_OK);
    CHECK_INT(ml.n, 2);
    store_term_meeting_list_free(&ml);
    /* void: a reason is required; the earlier term is current again */
    CHECK_INT(store_term_void(st, t2.id, ""), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_term_void(st, t2.id, "录入错误"), STORE_OK);
    CHECK_INT(store_term_void(st, t2.id, "再次"), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_term_current(st, b, &cur), STORE_OK);
    CHECK_INT(cur.id, t.id);
    struct store_term_list l;
    CHECK_INT(store_term_list(st, b, &l), STORE_OK);
    CHECK_INT(l.n, 2);
    CHECK(l.n == 2 && l.v[0].voided && !l.v[1].voided);
    store_term_list_free(&l);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history WHERE table_name = 'committee_term'"),
              3);
    store_close(st);
    free(p);
}

TEST(store_office_history_in_step_and_past_committee_meetings)
{
    setenv("ZHIBU_TODAY", "2026-11-21", 1);
    char *p = test_db_path("o.db");
    struct store *st = test_open_db(p, "书记甲");
    if (!st) {
        free(p);
        return;
    }
    int64_t b = fx_branch(st, "T2", "T2党支部", 0);
    int64_t sec = mk_member(st, b, "书记", "secretary");
    int64_t org = mk_member(st, b, "组织委员", "organization");
    int64_t plain = mk_member(st, b, "党员", "");
    struct member m;
    /* the organisation member leaves the committee in March (entered today, dated then) */
    CHECK_INT(store_member_get(st, org, &m), STORE_OK);
    CHECK_INT(store_member_set_office(st, &m, "", "2026-03-15"), STORE_OK);
    /* bad input: a date in the future, an office dated before the current span */
    CHECK_INT(store_member_get(st, plain, &m), STORE_OK);
    CHECK_INT(store_member_set_office(st, &m, "publicity", "2026-11-22"), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_member_set_office(st, &m, "publicity", "2026-04-01"), STORE_OK);
    CHECK_INT(store_member_get(st, plain, &m), STORE_OK);
    CHECK_INT(store_member_set_office(st, &m, "deputy", "2026-03-01"), STORE_ERR_CONSTRAINT);
    CHECK_STR(m.office, "publicity");
    /* the implicit span closed, nothing open for the one relieved */
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM office_term"), 2);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM office_term WHERE office = 'organization'"
                              " AND from_date = '' AND to_date = '2026-03-15'"), 1);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM office_term WHERE office = 'publicity'"
                              " AND from_date = '2026-04-01' AND to_date = ''"), 1);
    /* the past 支委会: February had the organisation member, April not; April had the new one */
    CHECK(expected_has(st, b, "2026-02-10", org));
    CHECK(!expected_has(st, b, "2026-04-10", org));
    CHECK(!expected_has(st, b, "2026-02-10", plain));
    CHECK(expected_has(st, b, "2026-04-10", plain));
    CHECK(expected_has(st, b, "2026-02-10", sec)); /* no history: member.office */
    CHECK(expected_has(st, b, "2026-04-10", sec));
    /* and its quorum: 2 of the February list present */
    struct meeting feb = {0};
    CHECK_INT(store_meeting_expected(st, b, MK_COMMITTEE, 0, "2026-02-10", &feb.attendees,
                                     &feb.nattendees), STORE_OK);
    CHECK_INT(feb.nattendees, 2);
    free(feb.attendees);
    /* the member form's change (store_member_update): today */
    CHECK_INT(store_member_get(st, plain, &m), STORE_OK);
    snprintf(m.office, sizeof m.office, "deputy");
    CHECK_INT(store_member_update(st, &m), STORE_OK);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM office_term WHERE member_id = 3"
                              " AND office = 'publicity' AND to_date = '2026-11-21'"), 1);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM office_term WHERE member_id = 3"
                              " AND office = 'deputy' AND from_date = '2026-11-21'"), 1);
    /* an update that does not touch the office writes no span */
    CHECK_INT(store_member_get(st, plain, &m), STORE_OK);
    snprintf(m.phone, sizeof m.phone, "13800000000");
    CHECK_INT(store_member_update(st, &m), STORE_OK);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM office_term"), 3);
    /* leaving the roster (transfer out) ends the office on the day */
    struct transfer tr = {.member_id = sec};
    snprintf(tr.date, sizeof tr.date, "2026-10-01");
    snprintf(tr.place, sizeof tr.place, "县城社区党支部");
    CHECK_INT(store_transfer_out(st, &tr), STORE_OK);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM office_term WHERE member_id = 1"
                              " AND office = 'secretary' AND from_date = '' AND"
                              " to_date = '2026-10-01'"), 1);
    CHECK(expected_has(st, b, "2026-09-30", sec));
    /* the history, newest first */
    struct store_office_history h;
    CHECK_INT(store_office_history(st, b, 0, &h), STORE_OK);
    CHECK_INT(h.n, 4);
    CHECK(h.n > 0 && h.v[0].to_date[0] == '\0');
    store_office_history_free(&h);
    CHECK_INT(store_office_history(st, b, org, &h), STORE_OK);
    CHECK_INT(h.n, 1);
    store_office_history_free(&h);
    /* journaled, and verify finds a span changed behind the program's back */
    struct verify_result r;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    test_sql(p, "UPDATE office_term SET to_date = '2026-06-30' WHERE member_id = 2");
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK(r.nproblems > 0);
    store_close(st);
    free(p);
}

struct seen_term {
    struct audit_result r;
    struct audit_rules rules;
    bool loaded;
};

static int see_term(const struct audit_input *in, const struct branch *b, void *ctx)
{
    (void)b;
    struct seen_term *s = ctx;
    s->loaded = in->people != NULL;
    audit_branch(in, &s->rules, &s->r);
    return 1;
}

static bool has_reason(const struct audit_result *r, const char *text, bool fails)
{
    for (int i = 0; i < r->nreasons; i++)
        if (strcmp(r->reasons[i].text, text) == 0 && r->reasons[i].fails == fails) return true;
    return false;
}

TEST(store_term_review_overdue_from_the_load)
{
    setenv("ZHIBU_TODAY", "2026-11-21", 1);
    char *p = test_db_path("r.db");
    struct store *st = test_open_db(p, "书记甲");
    if (!st) {
        free(p);
        return;
    }
    int64_t b = fx_branch(st, "T3", "T3党支部", 0);
    mk_member(st, b, "书记", "secretary");
    mk_meeting(st, b, "committee", "2024-01-10", false, 0); /* the ledger begins */
    struct committee_term t = {.branch_id = b};
    snprintf(t.elected_date, sizeof t.elected_date, "2023-05-10");
    CHECK_INT(store_term_record(st, &t, &R63), STORE_OK);
    const char *want = "支部委员会任期已于2026-05-10届满，尚未换届";
    struct seen_term s = {.rules = term_rules()};
    CHECK_INT(store_audit_each(st, b, (struct zmonth){2026, 4}, TD(2026, 11, 21), see_term, &s),
              STORE_OK);
    CHECK(s.loaded);
    CHECK(!has_reason(&s.r, want, true));
    audit_result_free(&s.r);
    memset(&s.r, 0, sizeof s.r);
    CHECK_INT(store_audit_each(st, b, (struct zmonth){2026, 10}, TD(2026, 11, 21), see_term, &s),
              STORE_OK);
    CHECK(has_reason(&s.r, want, true));
    CHECK_INT(s.r.state[AI_MEMBERS], AS_FAIL);
    audit_result_free(&s.r);
    store_close(st);
    free(p);
}
