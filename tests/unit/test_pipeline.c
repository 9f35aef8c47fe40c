/* Unit tests of src/core/pipeline.c: each stage transition at its boundaries (a day too early /
 * on the day), the meeting a decision needs (missing, wrong kind, another date), the order, after
 * a stop, before birth, under min_join_age, the admission's vote, what is due next, voiding, and
 * the monthly review's steps without their meeting. */
#include <stdio.h>
#include <string.h>

#include "test.h"
#include "zhibu/audit.h"
#include "zhibu/meeting.h"
#include "zhibu/pipeline.h"

static const struct people_rules R = {.talk_within_days = 30, .observe_months = 3,
                                      .activist_min_months = 12, .approve_within_months = 3,
                                      .contacts_required = 2};

#define CHECK_CONTAINS(got, want)                                                          \
    do {                                                                                   \
        const char *g_ = (got), *w_ = (want);                                              \
        if (!g_ || !strstr(g_, w_))                                                        \
            test_fail(__FILE__, __LINE__, "%s == \"%s\", expected to contain \"%s\"", #got, \
                      g_ ? g_ : "(null)", w_);                                             \
    } while (0)

static struct zdate D(const char *s)
{
    struct zdate d = {0, 0, 0};
    if (!date_parse(s, &d)) test_fail(__FILE__, __LINE__, "bad date %s", s);
    return d;
}

/* A person's steps built up in a test. */
struct person {
    struct cand_step_fact s[32];
    struct cand_facts f;
};

static void init(struct person *p, const char *birth)
{
    memset(p, 0, sizeof *p);
    p->f.steps = p->s;
    p->f.birth = birth ? D(birth) : (struct zdate){0, 0, 0};
}

static void add(struct person *p, enum cand_step k, const char *date)
{
    p->s[p->f.nsteps++] = (struct cand_step_fact){k, D(date), false};
}

/* The check of step k on date with a meeting of the right kind on that date (or none when the
 * step needs none). */
static const char *check(const struct person *p, enum cand_step k, const char *date)
{
    static char buf[256];
    bool need = cand_step_meeting_kind(k) >= 0;
    return cand_step_check(&p->f, k, D(date), need, need, D(date), &R, 18, buf, sizeof buf);
}

/* An activist since 2025-03-10 (applied 2025-01-05, talked 2025-01-20), born 1995. */
static void activist(struct person *p)
{
    init(p, "1995-06-01");
    add(p, STEP_APPLY, "2025-01-05");
    add(p, STEP_TALK, "2025-01-20");
    add(p, STEP_ACTIVIST, "2025-03-10");
}

TEST(pipeline_codes_and_meeting_kinds)
{
    CHECK_INT(cand_stage_of("applicant"), CS_APPLICANT);
    CHECK_INT(cand_stage_of("probationary"), CS_PROBATIONARY);
    CHECK_INT(cand_stage_of("member"), -1);
    CHECK_INT(cand_step_of("publicity"), STEP_PUBLICITY);
    CHECK_INT(cand_step_of(""), -1);
    CHECK_STR(cand_stage_code(CS_CANDIDATE), "candidate");
    CHECK_STR(cand_step_code(STEP_ADMIT), "admit");
    CHECK_INT(cand_step_meeting_kind(STEP_ACTIVIST), MK_COMMITTEE);
    CHECK_INT(cand_step_meeting_kind(STEP_CANDIDATE), MK_COMMITTEE);
    CHECK_INT(cand_step_meeting_kind(STEP_ADMIT), MK_GENERAL);
    CHECK_INT(cand_step_meeting_kind(STEP_TALK), -1);
    CHECK_INT(cand_step_meeting_kind(STEP_APPROVE), -1);
}

TEST(pipeline_apply_before_birth_and_age)
{
    struct person p;
    init(&p, "2008-05-10");
    CHECK_STR(check(&p, STEP_APPLY, "2008-05-09"), "日期不能早于出生日期");
    CHECK_STR(check(&p, STEP_APPLY, "2026-05-09"), "递交入党申请书时未满18周岁");
    CHECK(check(&p, STEP_APPLY, "2026-05-10") == NULL); /* 18 on the day */
    add(&p, STEP_APPLY, "2026-05-10");
    CHECK_STR(check(&p, STEP_APPLY, "2026-06-01"), "已记录递交入党申请书");
    struct person none;
    init(&none, NULL);
    CHECK_STR(check(&none, STEP_TALK, "2026-01-01"), "须先记录递交入党申请书");
}

TEST(pipeline_talk_and_activist_order)
{
    struct person p;
    init(&p, "1990-01-01");
    add(&p, STEP_APPLY, "2025-01-05");
    CHECK_CONTAINS(check(&p, STEP_TALK, "2025-01-04"), "日期不能早于递交入党申请书（2025-01-05）");
    CHECK(check(&p, STEP_TALK, "2025-01-05") == NULL);
    CHECK_STR(check(&p, STEP_ACTIVIST, "2025-03-10"), "须先进行入党谈话");
    add(&p, STEP_TALK, "2025-01-20");
    CHECK_STR(check(&p, STEP_TALK, "2025-01-21"), "已记录入党谈话");
    CHECK_CONTAINS(check(&p, STEP_ACTIVIST, "2025-01-19"), "入党谈话（2025-01-20）");
    CHECK(check(&p, STEP_ACTIVIST, "2025-01-20") == NULL);
    CHECK_STR(check(&p, STEP_CANDIDATE, "2026-03-10"), "须先确定为入党积极分子");
    CHECK_STR(check(&p, STEP_OBSERVE, "2025-06-10"), "须先确定为入党积极分子");
    CHECK_STR(check(&p, STEP_REVIEW, "2025-06-10"), "须先确定为发展对象");
    CHECK_STR(check(&p, STEP_APPROVE, "2025-06-10"), "须先接收为预备党员");
}

TEST(pipeline_activist_meeting_missing_wrong_kind_other_date)
{
    struct person p;
    init(&p, "1990-01-01");
    add(&p, STEP_APPLY, "2025-01-05");
    add(&p, STEP_TALK, "2025-01-20");
    char buf[256];
    struct zdate d = D("2025-03-10");
    CHECK_STR(cand_step_check(&p.f, STEP_ACTIVIST, d, false, false, d, &R, 18, buf, sizeof buf),
              "确定为入党积极分子须关联作出决定的支部委员会会议记录");
    CHECK_CONTAINS(cand_step_check(&p.f, STEP_ACTIVIST, d, true, false, d, &R, 18, buf, sizeof buf),
                   "所关联的会议不是支部委员会");
    CHECK_STR(cand_step_check(&p.f, STEP_ACTIVIST, d, true, true, D("2025-03-11"), &R, 18, buf,
                              sizeof buf),
              "步骤日期应与所关联会议的日期（2025-03-11）一致");
    CHECK(cand_step_check(&p.f, STEP_ACTIVIST, d, true, true, d, &R, 18, buf, sizeof buf) == NULL);
}

TEST(pipeline_candidate_a_day_early_and_on_the_day)
{
    struct person p;
    activist(&p);
    add(&p, STEP_OBSERVE, "2025-06-10");
    CHECK_STR(check(&p, STEP_CANDIDATE, "2026-03-09"),
              "确定为入党积极分子（2025-03-10）未满12个月，最早可于2026-03-10确定为发展对象");
    CHECK(check(&p, STEP_CANDIDATE, "2026-03-10") == NULL);
    /* the interval from the rules */
    struct people_rules r6 = R;
    r6.activist_min_months = 6;
    char buf[256];
    struct zdate d = D("2025-09-10");
    CHECK(cand_step_check(&p.f, STEP_CANDIDATE, d, true, true, d, &r6, 18, buf, sizeof buf) ==
          NULL);
    d = D("2025-09-09");
    CHECK_CONTAINS(cand_step_check(&p.f, STEP_CANDIDATE, d, true, true, d, &r6, 18, buf,
                                   sizeof buf),
                   "未满6个月");
    /* a wrong kind of meeting for a candidate decision */
    d = D("2026-03-10");
    CHECK_CONTAINS(cand_step_check(&p.f, STEP_CANDIDATE, d, true, false, d, &R, 18, buf,
                                   sizeof buf),
                   "不是支部委员会");
    /* observe: not before becoming an activist, repeatable */
    CHECK_CONTAINS(check(&p, STEP_OBSERVE, "2025-03-09"), "确定为入党积极分子（2025-03-10）");
    CHECK(check(&p, STEP_OBSERVE, "2025-09-10") == NULL);
}

/* A 发展对象 since 2026-03-10 with the review, training and publicity done. */
static void ready(struct person *p, const char *birth)
{
    activist(p);
    p->f.birth = D(birth);
    add(p, STEP_OBSERVE, "2025-06-10");
    add(p, STEP_CANDIDATE, "2026-03-10");
    add(p, STEP_REVIEW, "2026-04-01");
    add(p, STEP_TRAINING, "2026-05-01");
    add(p, STEP_PUBLICITY, "2026-05-20");
}

TEST(pipeline_admit_needs_steps_general_meeting_and_age)
{
    struct person p;
    activist(&p);
    add(&p, STEP_CANDIDATE, "2026-03-10");
    CHECK_STR(check(&p, STEP_ADMIT, "2026-06-01"), "须先完成政治审查");
    add(&p, STEP_REVIEW, "2026-04-01");
    add(&p, STEP_TRAINING, "2026-05-01");
    CHECK_STR(check(&p, STEP_ADMIT, "2026-06-01"), "须先完成公示");
    add(&p, STEP_PUBLICITY, "2026-05-20");
    CHECK_CONTAINS(check(&p, STEP_ADMIT, "2026-05-19"), "公示（2026-05-20）");
    CHECK(check(&p, STEP_ADMIT, "2026-05-20") == NULL);
    char buf[256];
    struct zdate d = D("2026-06-01");
    CHECK_STR(cand_step_check(&p.f, STEP_ADMIT, d, false, false, d, &R, 18, buf, sizeof buf),
              "接收为预备党员须关联作出决定的支部党员大会会议记录");
    CHECK_CONTAINS(cand_step_check(&p.f, STEP_ADMIT, d, true, false, d, &R, 18, buf, sizeof buf),
                   "所关联的会议不是支部党员大会");
    /* under min_join_age on the day; 18 exactly on the day is enough */
    struct person young;
    ready(&young, "2008-06-02");
    CHECK_STR(check(&young, STEP_ADMIT, "2026-06-01"), "接收为预备党员时未满18周岁");
    CHECK(check(&young, STEP_ADMIT, "2026-06-02") == NULL);
    struct person nobirth;
    ready(&nobirth, "2000-01-01");
    nobirth.f.birth = (struct zdate){0, 0, 0};
    CHECK_STR(check(&nobirth, STEP_ADMIT, "2026-06-02"), "接收为预备党员须先填写出生日期");
}

TEST(pipeline_after_admission_and_after_a_stop)
{
    struct person p;
    ready(&p, "1995-06-01");
    add(&p, STEP_ADMIT, "2026-06-01");
    CHECK_INT(cand_stage_from(&p.f), CS_PROBATIONARY);
    CHECK_CONTAINS(check(&p, STEP_OBSERVE, "2026-07-01"), "已接收为预备党员");
    CHECK_CONTAINS(check(&p, STEP_APPROVE, "2026-05-31"), "接收为预备党员（2026-06-01）");
    CHECK(check(&p, STEP_APPROVE, "2026-07-01") == NULL);
    CHECK_CONTAINS(check(&p, STEP_STOP, "2026-07-01"), "已接收为预备党员");

    struct person s;
    activist(&s);
    CHECK_CONTAINS(check(&s, STEP_STOP, "2025-03-09"), "日期不能早于确定为入党积极分子");
    CHECK(check(&s, STEP_STOP, "2025-04-01") == NULL);
    add(&s, STEP_STOP, "2025-04-01");
    CHECK_INT(cand_stage_from(&s.f), CS_STOPPED);
    CHECK_STR(check(&s, STEP_OBSERVE, "2025-06-01"), "已中止培养，不能再记录发展步骤");
    CHECK_STR(check(&s, STEP_CANDIDATE, "2026-06-01"), "已中止培养，不能再记录发展步骤");
    /* the stop voided: the person is an activist again */
    s.s[s.f.nsteps - 1].voided = true;
    CHECK_INT(cand_stage_from(&s.f), CS_ACTIVIST);
}

TEST(pipeline_vote)
{
    char buf[256];
    CHECK(cand_vote_check(6, 3, 1, 11, buf, sizeof buf) == NULL);
    CHECK_STR(cand_vote_check(5, 3, 2, 10, buf, sizeof buf),
              "赞成票5未超过应到会有表决权党员10人的半数，决议未通过");
    CHECK(cand_vote_check(6, 0, 0, 10, buf, sizeof buf) == NULL);
    CHECK_STR(cand_vote_check(8, 3, 1, 11, buf, sizeof buf),
              "赞成、反对、弃权票合计12，超过有表决权的党员人数11");
    CHECK_STR(cand_vote_check(-1, 0, 0, 11, buf, sizeof buf), "票数不能为负数");
    CHECK_CONTAINS(cand_vote_check(5, 0, 0, 0, buf, sizeof buf), "未记录应到会有表决权的党员人数");
}

TEST(pipeline_due_next)
{
    struct cand_due d;
    struct person p;
    init(&p, "1990-01-01");
    add(&p, STEP_APPLY, "2026-10-01");
    cand_due_of(&p.f, D("2026-10-31"), &R, &d);
    CHECK_INT(d.next, STEP_TALK);
    CHECK(!d.overdue); /* the 30th day */
    CHECK_STR(d.text, "应于2026-10-31前入党谈话");
    cand_due_of(&p.f, D("2026-11-01"), &R, &d);
    CHECK(d.overdue);
    CHECK_STR(d.text, "入党谈话逾期（应于2026-10-31前）");

    activist(&p);
    cand_due_of(&p.f, D("2025-06-10"), &R, &d);
    CHECK_INT(d.next, STEP_OBSERVE);
    CHECK(!d.overdue);
    cand_due_of(&p.f, D("2025-06-11"), &R, &d);
    CHECK(d.overdue);
    CHECK_STR(d.text, "考察逾期（应于2025-06-10前）");
    add(&p, STEP_OBSERVE, "2025-06-01");
    add(&p, STEP_OBSERVE, "2025-09-01");
    add(&p, STEP_OBSERVE, "2025-12-01");
    add(&p, STEP_OBSERVE, "2026-03-01");
    cand_due_of(&p.f, D("2026-03-09"), &R, &d);
    CHECK_INT(d.next, STEP_OBSERVE);
    cand_due_of(&p.f, D("2026-03-10"), &R, &d);
    CHECK_INT(d.next, STEP_CANDIDATE);
    CHECK_STR(d.text, "可确定为发展对象（满12个月）");

    ready(&p, "1990-01-01");
    add(&p, STEP_OBSERVE, "2026-05-25");
    cand_due_of(&p.f, D("2026-06-01"), &R, &d);
    CHECK_INT(d.next, STEP_ADMIT);
    add(&p, STEP_ADMIT, "2026-06-01");
    cand_due_of(&p.f, D("2026-09-01"), &R, &d);
    CHECK_INT(d.next, STEP_APPROVE);
    CHECK(!d.overdue);
    cand_due_of(&p.f, D("2026-09-02"), &R, &d);
    CHECK(d.overdue);
    add(&p, STEP_APPROVE, "2026-06-20");
    cand_due_of(&p.f, D("2026-09-02"), &R, &d);
    CHECK_INT(d.next, STEP_COUNT);
    CHECK_STR(d.text, "预备期至2027-06-01，转正由党员名册办理");
}

TEST(pipeline_void_check)
{
    struct person p;
    ready(&p, "1990-01-01");
    char buf[256];
    CHECK_CONTAINS(cand_void_check(&p.f, 0, buf, sizeof buf), "如系误录请作废此人");
    CHECK_STR(cand_void_check(&p.f, 2, buf, sizeof buf), "须先作废其后的步骤（考察）");
    CHECK(cand_void_check(&p.f, 3, buf, sizeof buf) == NULL); /* one observe of one */
    CHECK(cand_void_check(&p.f, 7, buf, sizeof buf) == NULL); /* publicity, nothing after */
    add(&p, STEP_ADMIT, "2026-06-01");
    CHECK_CONTAINS(cand_void_check(&p.f, 7, buf, sizeof buf), "须先作废其后的步骤（接收为预备党员）");
    CHECK_CONTAINS(cand_void_check(&p.f, 8, buf, sizeof buf), "党员名册");
}

TEST(pipeline_review_steps_without_their_meeting)
{
    struct audit_step st[] = {
        {1, 10, "张三", "activist", {2026, 10, 12}, 0, NULL, 0, {0, 0, 0}},
        {2, 11, "李四", "candidate", {2026, 10, 15}, 7, "lecture", 0, {2026, 10, 15}},
        {3, 12, "王五", "admit", {2026, 10, 20}, 8, "general", 0, {2026, 10, 21}},
        {4, 13, "赵六", "activist", {2026, 10, 22}, 9, "other", MK_BIT(MK_COMMITTEE),
         {2026, 10, 22}},
        {5, 14, "钱七", "talk", {2026, 10, 23}, 0, NULL, 0, {0, 0, 0}},
        {6, 15, "孙八", "admit", {2026, 10, 25}, 5, NULL, 0, {2026, 10, 25}}, /* voided meeting */
    };
    struct audit_people people = {0};
    people.pipeline.steps = st;
    people.pipeline.nsteps = 6;
    struct audit_input in = {.branch_id = 1, .year = 2026, .month = 10, .people = &people};
    struct audit_reason out[4];
    int n = audit_pipeline_reasons(&in, NULL, out, 4);
    CHECK_INT(n, 3);
    CHECK_INT(out[0].item, AI_MEMBERS);
    CHECK(out[0].fails);
    CHECK_STR(out[0].text, "2个发展党员步骤未关联作出决定的会议记录：张三确定为入党积极分子"
                           "（2026-10-12）、孙八接收为预备党员（2026-10-25）");
    CHECK_CONTAINS(out[1].text, "李四确定为发展对象（2026-10-15）");
    CHECK_CONTAINS(out[1].text, "会议类型不符");
    CHECK_INT(out[1].nrefs, 1);
    CHECK_INT(out[1].refs[0].kind, REF_MEETING);
    CHECK_INT(out[1].refs[0].id, 7);
    CHECK_CONTAINS(out[2].text, "1个发展党员步骤与所关联会议的日期不一致：王五");
    /* max respected; nothing when all is in order */
    CHECK_INT(audit_pipeline_reasons(&in, NULL, out, 1), 1);
    people.pipeline.nsteps = 0;
    CHECK_INT(audit_pipeline_reasons(&in, NULL, out, 4), 0);
    in.people = NULL;
    CHECK_INT(audit_pipeline_reasons(&in, NULL, out, 4), 0);
}
