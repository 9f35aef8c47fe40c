/* test_year_rules.c — 谈心谈话 with each member (talk_per_year) and the secretary's 党课
 * (secretary_lectures_per_year), issue 14: the rules and their sentences (year_rules.h), the
 * December review naming who falls short and by how much (pending until the year is over),
 * and the store loading each member's talks and lectures of the year. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "test.h"
#include "zhibu/rules.h"
#include "zhibu/audit.h"
#include "zhibu/audit_report.h"
#include "zhibu/config.h"
#include "zhibu/store.h"
#include "zhibu/store_audit.h"
#include "zhibu/store_meeting.h"
#include "zhibu/year_rules.h"

#define D(y, m, d) ((struct zdate){(y), (m), (d)})

/* No character cut: every UTF-8 sequence whole. */
static bool text_valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
        if (!n) return false;
        for (int k = 1; k < n; k++)
            if ((p[k] & 0xC0) != 0x80) return false;
        p += n;
    }
    return true;
}

/* ---- the rules --------------------------------------------------------------------------- */

TEST(year_rules_talks_and_lectures)
{
    struct year_person p[] = {
        {.id = 1, .name = "张三", .talks = 0},
        {.id = 2, .name = "李四", .talks = 1},
        {.id = 3, .name = "王五", .talks = 2, .secretary = true, .lectures = 0},
        {.id = 4, .name = "赵六", .talks = 1},
    };
    int idx[4];
    CHECK_INT(year_talks_short(p, 4, 1, idx), 1);
    CHECK_INT(idx[0], 0);
    CHECK_INT(year_talks_short(p, 4, 2, idx), 3);
    CHECK_INT(idx[2], 3);
    CHECK_INT(year_talks_short(p, 4, 0, idx), 0); /* 0 = no rule */
    char out[256];
    year_talks_text(p, idx, 3, 2, false, "", out, sizeof out);
    CHECK_STR(out, "本年度谈心谈话不足2次的党员3名：张三（0次）、李四（1次）、赵六（1次）");
    year_talks_text(p, idx, 3, 2, true, "（年末前待定）", out, sizeof out);
    CHECK_STR(out, "本年度谈心谈话不足2次的党员尚有3名（年末前待定）：张三（0次）、李四（1次）、赵六（1次）");
    /* too many for the room: whole names, then 等 */
    year_talks_text(p, idx, 3, 2, false, "", out, 90);
    CHECK_STR(out, "本年度谈心谈话不足2次的党员3名：张三（0次）、李四（1次）等"); /* 85 bytes and the NUL */
    CHECK(text_valid_utf8(out));

    CHECK(year_lectures_short(&p[2], 1));
    CHECK(!year_lectures_short(&p[0], 1)); /* not the secretary */
    CHECK(!year_lectures_short(&p[2], 0));
    year_lecture_text(&p[2], 1, "", out, sizeof out);
    CHECK_STR(out, "书记王五本年度讲党课0次，应讲1次");
    p[2].lectures = 1;
    CHECK(!year_lectures_short(&p[2], 1));
    year_lecture_text(&p[2], 1, "", out, sizeof out);
    CHECK_STR(out, "");
    year_lecture_text(&p[2], 2, "（年末前待定）", out, sizeof out);
    CHECK_STR(out, "书记王五本年度讲党课1次，应讲2次（年末前待定）");
}

/* ---- the December review (core) ---------------------------------------------------------- */

struct fx {
    struct audit_meeting meetings[4];
    struct audit_member members[40];
    char names[40][16];
    struct audit_input in;
    struct audit_rules rules;
    struct audit_result r;
};

static void fx_init(struct fx *f, int nmembers)
{
    memset(f, 0, sizeof *f);
    { struct rules R; rules_from_config(NULL, &R); f->rules = R.audit; }
    static const enum meeting_kind kinds[] = {MK_COMMITTEE, MK_THEME_DAY, MK_GENERAL, MK_LECTURE};
    for (int i = 0; i < 4; i++) {
        f->meetings[i].id = i + 1;
        f->meetings[i].f = (struct meeting_fact){.date = D(2025, 12, 10 + i), .kind = kinds[i]};
        snprintf(f->meetings[i].created_at, sizeof f->meetings[i].created_at, "2025-12-1%uT10:00:00Z", (unsigned)i % 10u);
    }
    for (int i = 0; i < nmembers; i++) {
        snprintf(f->names[i], sizeof f->names[i], "党员%02u", (unsigned)(i + 1) % 100u);
        f->members[i] = (struct audit_member){.id = 100 + i, .name = f->names[i], .join_date = "2010-01-01",
                                              .leave_date = "", .mobile_since = "", .last_contact = "",
                                              .talks = 1};
    }
    f->in = (struct audit_input){.branch_id = 1, .year = 2025, .month = 12, .today = D(2026, 1, 5),
                                 .since = D(2020, 1, 1), .meetings = f->meetings, .nmeetings = 4,
                                 .members = f->members, .nmembers = nmembers};
}

static const struct audit_reason *find(const struct audit_result *r, const char *prefix)
{
    for (int i = 0; i < r->nreasons; i++)
        if (strncmp(r->reasons[i].text, prefix, strlen(prefix)) == 0) return &r->reasons[i];
    return NULL;
}

TEST(audit_december_talks_and_secretary_lectures)
{
    struct fx f;
    fx_init(&f, 4);
    f.members[0].secretary = true;
    f.members[0].lectures = 1;
    audit_branch(&f.in, &f.rules, &f.r);
    CHECK_INT(f.r.state[AI_MEETINGS], AS_PASS);
    audit_result_free(&f.r);

    /* two members without a talk, the secretary without a lecture: named, with counts */
    f.members[1].talks = 0;
    f.members[3].talks = 0;
    f.members[0].lectures = 0;
    audit_branch(&f.in, &f.rules, &f.r);
    CHECK_INT(f.r.state[AI_MEETINGS], AS_FAIL);
    CHECK_INT(f.r.deduction[AI_MEETINGS], f.rules.weight[AI_MEETINGS]);
    const struct audit_reason *t = find(&f.r, "本年度谈心谈话");
    CHECK(t != NULL);
    if (t) {
        CHECK_STR(t->text, "本年度谈心谈话不足1次的党员2名：党员02（0次）、党员04（0次）");
        CHECK(t->fails);
        CHECK_INT(t->item, AI_MEETINGS);
        CHECK_INT(t->nrefs, 2);
        CHECK_INT(t->refs[0].kind, REF_MEMBER);
        CHECK_INT(t->refs[0].id, 101);
        CHECK_INT(t->refs[1].id, 103);
    }
    const struct audit_reason *l = find(&f.r, "书记");
    CHECK(l != NULL);
    if (l) {
        CHECK_STR(l->text, "书记党员01本年度讲党课0次，应讲1次");
        CHECK_INT(l->refs[0].id, 100);
    }
    audit_result_free(&f.r);

    /* numbers from config: two talks a year */
    f.rules.talk_per_year = 2;
    f.members[0].lectures = 1;
    audit_branch(&f.in, &f.rules, &f.r);
    t = find(&f.r, "本年度谈心谈话");
    CHECK(t && strcmp(t->text, "本年度谈心谈话不足2次的党员4名：党员01（1次）、党员02（0次）、党员03（1次）、党员04（0次）") == 0);
    CHECK(find(&f.r, "书记") == NULL);
    audit_result_free(&f.r);
    f.rules.talk_per_year = 1;

    /* December still running: pending, not failing */
    f.in.today = D(2025, 12, 20);
    audit_branch(&f.in, &f.rules, &f.r);
    CHECK_INT(f.r.state[AI_MEETINGS], AS_PENDING);
    t = find(&f.r, "本年度谈心谈话");
    CHECK(t && !t->fails);
    CHECK(t && strcmp(t->text, "本年度谈心谈话不足1次的党员尚有2名（年末前待定）：党员02（0次）、党员04（0次）") == 0);
    audit_result_free(&f.r);

    /* a ledger begun in March: the months before were on paper — pending */
    f.in.today = D(2026, 1, 5);
    f.in.since = D(2025, 3, 5);
    audit_branch(&f.in, &f.rules, &f.r);
    t = find(&f.r, "本年度谈心谈话");
    CHECK(t && !t->fails);
    CHECK(t && strcmp(t->text, "本年度谈心谈话不足1次的党员2名（台账自3月5日建立）：党员02（0次）、党员04（0次）") == 0);
    audit_result_free(&f.r);
    f.in.since = D(2020, 1, 1);

    /* a member who left in November is not asked; November itself has no yearly check */
    f.members[1].leave_date = "2025-11-20";
    audit_branch(&f.in, &f.rules, &f.r);
    t = find(&f.r, "本年度谈心谈话");
    CHECK(t && strcmp(t->text, "本年度谈心谈话不足1次的党员2名：党员02（0次）、党员04（0次）") != 0);
    CHECK(t && strstr(t->text, "党员02") == NULL);
    audit_result_free(&f.r);
    f.in.month = 11;
    for (int i = 0; i < 4; i++) f.meetings[i].f.date.m = 11;
    audit_branch(&f.in, &f.rules, &f.r);
    CHECK(find(&f.r, "本年度谈心谈话") == NULL);
    CHECK(find(&f.r, "书记") == NULL);
    audit_result_free(&f.r);
}

TEST(audit_december_talks_long_list_cut_at_a_name)
{
    struct fx f;
    fx_init(&f, 40);
    for (int i = 0; i < 40; i++) f.members[i].talks = 0;
    audit_branch(&f.in, &f.rules, &f.r);
    const struct audit_reason *t = find(&f.r, "本年度谈心谈话");
    CHECK(t != NULL);
    if (t) {
        CHECK(strncmp(t->text, "本年度谈心谈话不足1次的党员40名：党员01（0次）、", strlen("本年度谈心谈话不足1次的党员40名：党员01（0次）、")) == 0);
        size_t n = strlen(t->text);
        CHECK(n >= strlen("等") && strcmp(t->text + n - strlen("等"), "等") == 0);
        CHECK(text_valid_utf8(t->text));
        CHECK_INT(t->nrefs, AUDIT_MAX_REFS);
    }
    audit_result_free(&f.r);
}

/* ---- the store --------------------------------------------------------------------------- */

static int64_t mk_member(struct store *st, int64_t branch_id, const char *name, const char *office)
{
    return fx_member(st, &(struct fx_member){.branch = branch_id, .name = name, .full = "2011-01-01",
                                             .office = office}, NULL);
}

/* A record of kind on date, hosted by host, with the people given marked as said. */
static int64_t mk_record(struct store *st, int64_t branch_id, const char *kind, unsigned also,
                         const char *date, int64_t host, int64_t lecturer, const int64_t *who,
                         const char *const *marks, int n)
{
    struct meeting m = {0};
    m.branch_id = branch_id;
    snprintf(m.kind, sizeof m.kind, "%s", kind);
    m.also_mask = also;
    snprintf(m.date, sizeof m.date, "%s", date);
    m.host_id = host;
    m.lecturer_id = lecturer;
    if (lecturer) snprintf(m.lecturer_name, sizeof m.lecturer_name, "书记");
    m.topics = strdup("谈心");
    m.minutes = strdup("");
    m.attendees = calloc((size_t)(n ? n : 1), sizeof *m.attendees);
    m.nattendees = n;
    for (int i = 0; i < n; i++) {
        m.attendees[i].member_id = who[i];
        snprintf(m.attendees[i].mark, sizeof m.attendees[i].mark, "%s", marks[i]);
        if (strcmp(marks[i], "present") != 0) snprintf(m.attendees[i].reason, sizeof m.attendees[i].reason, "外出");
    }
    if (store_meeting_add(st, &m) != STORE_OK) test_fail(__FILE__, __LINE__, "meeting_add: %s", store_errmsg(st));
    int64_t id = m.id;
    meeting_free(&m);
    return id;
}

struct got {
    int n;
    int64_t id[8];
    int talks[8], lectures[8];
    bool secretary[8];
    struct audit_rules rules;
    struct audit_result r;
};

static int collect(const struct audit_input *in, const struct branch *b, void *ctx)
{
    (void)b;
    struct got *g = ctx;
    g->n = in->nmembers;
    for (int i = 0; i < in->nmembers && i < 8; i++) {
        g->id[i] = in->members[i].id;
        g->talks[i] = in->members[i].talks;
        g->lectures[i] = in->members[i].lectures;
        g->secretary[i] = in->members[i].secretary;
    }
    audit_branch(in, &g->rules, &g->r);
    return 1;
}

static int at(const struct got *g, int64_t id)
{
    for (int i = 0; i < g->n && i < 8; i++)
        if (g->id[i] == id) return i;
    return -1;
}

TEST(store_audit_december_loads_talks_and_lectures)
{
    setenv("ZHIBU_TODAY", "2026-01-10", 1);
    char *p = test_db_path("y.db");
    struct store *st = test_open_db(p, "书记甲");
    if (!st) {
        free(p);
        return;
    }
    int64_t b = fx_branch(st, "Y1", "Y1党支部", 0);
    int64_t sec = mk_member(st, b, "周书记", "secretary");
    int64_t a = mk_member(st, b, "甲", "");
    int64_t c = mk_member(st, b, "乙", "");
    int64_t d = mk_member(st, b, "丙", "");
    const char *const P[] = {"present", "present"}, *const PA[] = {"present", "absent"};
    /* the secretary talks with 甲 (both counted once); 乙 was marked absent: no talk */
    mk_record(st, b, "talk", 0, "2025-03-02", sec, 0, (int64_t[]){sec, a}, P, 2);
    mk_record(st, b, "talk", 0, "2025-05-02", sec, 0, (int64_t[]){sec, c}, PA, 2);
    /* a talk of last year and a voided one do not count */
    mk_record(st, b, "talk", 0, "2024-12-30", sec, 0, (int64_t[]){sec, d}, P, 2);
    int64_t v = mk_record(st, b, "talk", 0, "2025-06-02", sec, 0, (int64_t[]){sec, d}, P, 2);
    CHECK_INT(store_meeting_void(st, v, "录错了"), STORE_OK);
    /* the host of a talk who is not in the list counts too (甲 talked with 丙) */
    mk_record(st, b, "talk", 0, "2025-07-02", a, 0, (int64_t[]){d}, P, 1);
    /* lectures: one by the secretary (a general meeting also counting as a lecture), one by a visitor */
    mk_record(st, b, "general", 1u << MK_LECTURE, "2025-09-10", sec, sec, (int64_t[]){sec, a}, P, 2);
    mk_record(st, b, "lecture", 0, "2025-10-10", sec, 0, (int64_t[]){sec}, P, 1);

    struct got g = {0};
    { struct rules R; rules_from_config(NULL, &R); g.rules = R.audit; }
    CHECK_INT(store_audit_each(st, b, (struct zmonth){2025, 12}, D(2026, 1, 10), collect, &g), STORE_OK);
    CHECK_INT(g.n, 4);
    int is = at(&g, sec), ia = at(&g, a), ic = at(&g, c), id = at(&g, d);
    CHECK(is >= 0 && ia >= 0 && ic >= 0 && id >= 0);
    if (is >= 0 && ia >= 0 && ic >= 0 && id >= 0) {
        CHECK_INT(g.talks[is], 2);
        CHECK_INT(g.talks[ia], 2);
        CHECK_INT(g.talks[ic], 0);
        CHECK_INT(g.talks[id], 1);
        CHECK_INT(g.lectures[is], 1);
        CHECK(g.secretary[is]);
        CHECK(!g.secretary[ia]);
    }
    /* every branch: the year's read on the loader's thread, the same */
    struct got e = {0};
    e.rules = g.rules;
    CHECK_INT(store_audit_each(st, 0, (struct zmonth){2025, 12}, D(2026, 1, 10), collect, &e), STORE_OK);
    CHECK_INT(e.n, g.n);
    for (int i = 0; i < g.n && i < 8; i++) {
        CHECK(e.id[i] == g.id[i]);
        CHECK_INT(e.talks[i], g.talks[i]);
        CHECK_INT(e.lectures[i], g.lectures[i]);
        CHECK(e.secretary[i] == g.secretary[i]);
    }
    audit_result_free(&e.r);
    const struct audit_reason *t = find(&g.r, "本年度谈心谈话");
    CHECK(t && strcmp(t->text, "本年度谈心谈话不足1次的党员1名：乙（0次）") == 0);
    CHECK(t && t->fails);
    CHECK(find(&g.r, "书记") == NULL);
    audit_result_free(&g.r);

    /* two lectures asked of the secretary */
    g.rules.secretary_lectures_per_year = 2;
    memset(&g.r, 0, sizeof g.r);
    CHECK_INT(store_audit_each(st, b, (struct zmonth){2025, 12}, D(2026, 1, 10), collect, &g), STORE_OK);
    const struct audit_reason *l = find(&g.r, "书记");
    CHECK(l && strcmp(l->text, "书记周书记本年度讲党课1次，应讲2次") == 0);
    audit_result_free(&g.r);

    /* November: nothing loaded, nothing said */
    memset(&g, 0, sizeof g);
    { struct rules R; rules_from_config(NULL, &R); g.rules = R.audit; }
    CHECK_INT(store_audit_each(st, b, (struct zmonth){2025, 11}, D(2026, 1, 10), collect, &g), STORE_OK);
    CHECK(find(&g.r, "本年度谈心谈话") == NULL);
    CHECK_INT(g.talks[0] + g.talks[1] + g.talks[2] + g.talks[3], 0);
    audit_result_free(&g.r);
    store_close(st);
    free(p);
}

/* A member who joined in December, or was transferred in during December or after the year (the
 * roster reads the party join date, years back), has not had the year: not asked for a talk. */
/* Every branch's load (store_audit_all) counts each member's talks and lectures of the year as
 * one branch's does: the year's records read branch by branch, a talk of another branch's
 * member where it was held, last year's and a voided talk not at all. */
struct got_all {
    int64_t id[8];
    int talks[8], lectures[8];
    int n;
};

static int collect_all(const struct audit_input *ins, const struct branch *bs, int nb, void *ctx)
{
    (void)bs;
    struct got_all *g = ctx;
    for (int b = 0; b < nb; b++)
        for (int i = 0; i < ins[b].nmembers && g->n < 8; i++, g->n++) {
            g->id[g->n] = ins[b].members[i].id;
            g->talks[g->n] = ins[b].members[i].talks;
            g->lectures[g->n] = ins[b].members[i].lectures;
        }
    return 0;
}

static int all_at(const struct got_all *g, int64_t id)
{
    for (int i = 0; i < g->n; i++)
        if (g->id[i] == id) return i;
    return -1;
}

TEST(store_audit_all_december_talks_and_lectures_by_branch)
{
    setenv("ZHIBU_TODAY", "2026-01-10", 1);
    char *p = test_db_path("ya.db");
    struct store *st = test_open_db(p, "书记甲");
    if (!st) {
        free(p);
        return;
    }
    int64_t b1 = fx_branch(st, "Y1", "Y1党支部", 0);
    int64_t b2 = fx_branch(st, "Y2", "Y2党支部", 0);
    int64_t s1 = mk_member(st, b1, "周书记", "secretary");
    int64_t a = mk_member(st, b1, "甲", "");
    int64_t s2 = mk_member(st, b2, "吴书记", "secretary");
    int64_t c = mk_member(st, b2, "乙", "");
    const char *const P[] = {"present", "present"}, *const PA[] = {"present", "absent"};
    mk_record(st, b1, "talk", 0, "2025-03-02", s1, 0, (int64_t[]){s1, a}, P, 2);
    mk_record(st, b1, "talk", 0, "2024-12-30", s1, 0, (int64_t[]){s1, a}, P, 2); /* last year */
    int64_t v = mk_record(st, b1, "talk", 0, "2025-06-02", s1, 0, (int64_t[]){s1, a}, P, 2);
    CHECK_INT(store_meeting_void(st, v, "录错了"), STORE_OK);
    mk_record(st, b2, "talk", 0, "2025-04-02", s2, 0, (int64_t[]){s2, c}, PA, 2);
    mk_record(st, b2, "talk", 0, "2025-08-02", c, 0, (int64_t[]){s2}, P, 1); /* the host not listed */
    mk_record(st, b2, "lecture", 0, "2025-10-10", s2, s2, (int64_t[]){s2}, P, 1);
    mk_record(st, b1, "general", 1u << MK_LECTURE, "2025-09-10", s1, s1, (int64_t[]){s1, a}, P, 2);
    mk_record(st, b1, "lecture", 0, "2025-11-10", s1, s1, (int64_t[]){s1}, P, 1);

    struct got_all g = {0};
    CHECK_INT(store_audit_all(st, 0, (struct zmonth){2025, 12}, D(2026, 1, 10), collect_all, &g), STORE_OK);
    CHECK_INT(g.n, 4);
    int i1 = all_at(&g, s1), ia = all_at(&g, a), i2 = all_at(&g, s2), ic = all_at(&g, c);
    CHECK(i1 >= 0 && ia >= 0 && i2 >= 0 && ic >= 0);
    if (i1 >= 0 && ia >= 0 && i2 >= 0 && ic >= 0) {
        CHECK_INT(g.talks[i1], 1);
        CHECK_INT(g.talks[ia], 1);
        CHECK_INT(g.talks[i2], 2); /* present at both */
        CHECK_INT(g.talks[ic], 1); /* absent at the first, host of the second */
        CHECK_INT(g.lectures[i1], 2);
        CHECK_INT(g.lectures[i2], 1);
        CHECK_INT(g.lectures[ia] + g.lectures[ic], 0);
    }
    store_close(st);
    free(p);
}

TEST(audit_december_talks_not_asked_of_newcomers)
{
    struct fx f;
    fx_init(&f, 4);
    f.members[0].secretary = true;
    f.members[0].lectures = 1;
    f.members[1].talks = 0;
    f.members[1].join_date = "2025-12-05";             /* joined in December */
    f.members[2].talks = 0;
    f.members[2].arrived = D(2026, 7, 1);              /* came after the year */
    f.members[3].talks = 0;
    f.members[3].arrived = D(2025, 11, 30);            /* came in November: asked */
    audit_branch(&f.in, &f.rules, &f.r);
    const struct audit_reason *t = find(&f.r, "本年度谈心谈话");
    CHECK(t != NULL);
    if (t) CHECK_STR(t->text, "本年度谈心谈话不足1次的党员1名：党员04（0次）");
    audit_result_free(&f.r);
}
