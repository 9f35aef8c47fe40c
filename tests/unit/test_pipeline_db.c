/* Unit tests of src/store/pipeline_db.c: a person carried from application to probationary
 * member (the roster row made at admission in the same transaction, 转正 by the roster), the
 * refusals the store adds to the core's (a meeting of another branch or voided, a 培养联系人 who
 * is not a full member or not on the roster that day, a vote that does not carry, the future),
 * permissions, voiding, history, verify finding a changed row, the list and the review's
 * loader. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "test.h"
#include "zhibu/audit.h"
#include "zhibu/store.h"
#include "zhibu/store_audit.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_lifecycle.h"
#include "zhibu/store_meeting.h"
#include "zhibu/store_pipeline.h"

static const struct people_rules R = {.talk_within_days = 30, .observe_months = 3,
                                      .activist_min_months = 12, .approve_within_months = 3,
                                      .contacts_required = 2};

static struct store *fresh(void)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/p.db", test_tmpdir());
    struct store_options opt = {.create = true, .user = "组织委员"};
    struct store *st = NULL;
    char err[512];
    if (store_open(path, &opt, &st, err, sizeof err) != STORE_OK)
        test_fail(__FILE__, __LINE__, "store_open: %s", err);
    return st;
}

static int64_t meeting(struct store *st, int64_t branch, const char *kind, const char *date,
                       int voting_expected)
{
    struct meeting m = {0};
    m.branch_id = branch;
    snprintf(m.kind, sizeof m.kind, "%s", kind);
    snprintf(m.date, sizeof m.date, "%s", date);
    m.voting_expected = voting_expected;
    m.topics = strdup("讨论发展党员");
    m.minutes = strdup("");
    if (store_meeting_add(st, &m) != STORE_OK)
        test_fail(__FILE__, __LINE__, "meeting_add: %s", store_errmsg(st));
    meeting_free(&m);
    return m.id;
}

static int step(struct store *st, int64_t cand, const char *kind, const char *date, int64_t mt,
                int64_t p1, int64_t p2)
{
    struct candidate_step s = {0};
    s.candidate_id = cand;
    snprintf(s.kind, sizeof s.kind, "%s", kind);
    snprintf(s.date, sizeof s.date, "%s", date);
    s.meeting_id = mt;
    s.person_id = p1;
    s.person2_id = p2;
    if (!strcmp(kind, "admit")) {
        s.votes_for = 8;
        s.votes_against = 1;
    }
    if (!strcmp(kind, "stop")) snprintf(s.note, sizeof s.note, "本人申请暂缓");
    return store_candidate_step_add(st, &s, NULL, &R, 18);
}

static int64_t person(struct store *st, int64_t branch, const char *name, const char *birth,
                      const char *applied)
{
    struct candidate c = {0};
    c.branch_id = branch;
    snprintf(c.name, sizeof c.name, "%s", name);
    snprintf(c.gender, sizeof c.gender, "F");
    snprintf(c.birth_date, sizeof c.birth_date, "%s", birth);
    snprintf(c.category, sizeof c.category, "farmer");
    if (store_candidate_add(st, &c, applied, &R, 18) != STORE_OK) {
        test_fail(__FILE__, __LINE__, "candidate_add: %s", store_errmsg(st));
        return 0;
    }
    return c.id;
}

static const char *stage(struct store *st, int64_t id)
{
    static struct candidate c;
    if (store_candidate_get(st, id, &c) != STORE_OK) return "(error)";
    return c.stage;
}

TEST(store_pipeline_application_to_full_member)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "P1", "P1村党支部", 0);
    int64_t c1 = fx_member(st, &(struct fx_member){.branch = b, .name = "甲联系人",
                                                   .join = "2000-01-01", .full = "2001-01-01"},
                           NULL);
    int64_t c2 = fx_member(st, &(struct fx_member){.branch = b, .name = "乙联系人",
                                                   .join = "2000-01-01", .full = "2001-01-01"},
                           NULL);
    int64_t k1 = meeting(st, b, "committee", "2025-03-10", 0);
    int64_t k2 = meeting(st, b, "committee", "2026-03-10", 0);
    int64_t g1 = meeting(st, b, "general", "2026-06-01", 10);
    int64_t id = person(st, b, "林申请", "1998-04-01", "2025-01-05");
    CHECK_STR(stage(st, id), "applicant");
    CHECK_INT(step(st, id, "talk", "2025-01-20", 0, c1, 0), STORE_OK);
    /* a committee decision linked to a general meeting: refused */
    CHECK_INT(step(st, id, "activist", "2026-06-01", g1, c1, c2), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "不是支部委员会") != NULL);
    CHECK_INT(step(st, id, "activist", "2025-03-10", 0, c1, c2), STORE_ERR_CONSTRAINT);
    CHECK_INT(step(st, id, "activist", "2025-03-10", k1, c1, 0), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "须指定2名培养联系人");
    CHECK_INT(step(st, id, "activist", "2025-03-10", k1, c1, c2), STORE_OK);
    CHECK_STR(stage(st, id), "activist");
    CHECK_INT(step(st, id, "observe", "2025-06-01", 0, c1, 0), STORE_OK);
    CHECK_INT(step(st, id, "candidate", "2026-03-10", k2, 0, 0), STORE_OK);
    CHECK_INT(step(st, id, "review", "2026-04-01", 0, 0, 0), STORE_OK);
    CHECK_INT(step(st, id, "training", "2026-05-01", 0, 0, 0), STORE_OK);
    CHECK_INT(step(st, id, "publicity", "2026-05-20", 0, 0, 0), STORE_OK);
    CHECK_STR(stage(st, id), "candidate");
    CHECK_INT(step(st, id, "admit", "2026-06-01", g1, 0, 0), STORE_OK);
    struct candidate c;
    CHECK_INT(store_candidate_get(st, id, &c), STORE_OK);
    CHECK_STR(c.stage, "probationary");
    CHECK_STR(c.stage_date, "2026-06-01");
    CHECK(c.member_id > 0);
    struct member m;
    CHECK_INT(store_member_get(st, c.member_id, &m), STORE_OK);
    CHECK_STR(m.status, "probationary");
    CHECK_STR(m.join_date, "2026-06-01");
    CHECK_STR(m.name, "林申请");
    CHECK_STR(m.birth_date, "1998-04-01");
    /* listed as probationary until 转正 by the roster */
    struct store_candidate_list l;
    CHECK_INT(store_candidate_list(st, b, false, (struct zdate){2026, 7, 1}, &R, &l), STORE_OK);
    CHECK_INT(l.n, 1);
    if (l.n == 1) {
        CHECK_STR(l.v[0].stage, "probationary");
        CHECK_INT(l.v[0].due.next, STEP_APPROVE);
    }
    store_candidate_list_free(&l);
    CHECK_INT(step(st, id, "approve", "2026-06-20", 0, 0, 0), STORE_OK);
    /* the steps and their history */
    struct store_candidate_step_list sl;
    CHECK_INT(store_candidate_steps(st, id, &sl), STORE_OK);
    CHECK_INT(sl.n, 10);
    if (sl.n == 10) {
        CHECK_STR(sl.v[2].kind, "activist");
        CHECK_STR(sl.v[2].meeting_label, "2025-03-10 支部委员会");
        CHECK_STR(sl.v[2].person_name, "甲联系人");
        CHECK_STR(sl.v[2].person2_name, "乙联系人");
    }
    store_candidate_step_list_free(&sl);
    CHECK_INT(store_candidate_void(st, id, "误录"), STORE_ERR_CONSTRAINT);
    store_close(st);
}

TEST(store_pipeline_refusals)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "P1", "P1村党支部", 0);
    int64_t other = fx_branch(st, "P2", "P2村党支部", 0);
    int64_t full = fx_member(st, &(struct fx_member){.branch = b, .name = "正式甲",
                                                     .join = "2000-01-01", .full = "2001-01-01"},
                             NULL);
    int64_t prob = fx_member(st, &(struct fx_member){.branch = b, .name = "预备乙",
                                                     .join = "2024-09-01"},
                             NULL);
    int64_t late = fx_member(st, &(struct fx_member){.branch = b, .name = "新转丙",
                                                     .join = "2020-01-01", .full = "2025-12-01"},
                             NULL);
    int64_t away = fx_member(st, &(struct fx_member){.branch = other, .name = "外支部丁",
                                                     .join = "2000-01-01", .full = "2001-01-01"},
                             NULL);
    int64_t gone = fx_member(st, &(struct fx_member){.branch = b, .name = "已故戊",
                                                     .join = "2000-01-01", .full = "2001-01-01",
                                                     .leave_date = "2025-01-01"},
                             NULL);
    int64_t k1 = meeting(st, b, "committee", "2025-03-10", 0);
    int64_t ko = meeting(st, other, "committee", "2025-03-10", 0);

    /* the person's facts */
    struct candidate c = {0};
    c.branch_id = b;
    snprintf(c.gender, sizeof c.gender, "F");
    CHECK_INT(store_candidate_add(st, &c, "2025-01-05", &R, 18), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "须填写姓名");
    snprintf(c.name, sizeof c.name, "少年");
    snprintf(c.birth_date, sizeof c.birth_date, "2008-01-06");
    CHECK_INT(store_candidate_add(st, &c, "2025-01-05", &R, 18), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "递交入党申请书时未满18周岁");
    snprintf(c.birth_date, sizeof c.birth_date, "2025-02-01");
    CHECK_INT(store_candidate_add(st, &c, "2025-01-05", &R, 18), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "日期不能早于出生日期");
    snprintf(c.birth_date, sizeof c.birth_date, "1990-01-01");
    CHECK_INT(store_candidate_add(st, &c, "2099-01-05", &R, 18), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_candidate_add(st, &c, "2025-13-05", &R, 18), STORE_ERR_CONSTRAINT);
    snprintf(c.gender, sizeof c.gender, "X");
    CHECK_INT(store_candidate_add(st, &c, "2025-01-05", &R, 18), STORE_ERR_CONSTRAINT);

    int64_t id = person(st, b, "王积极", "1990-01-01", "2025-01-05");
    CHECK_INT(step(st, id, "talk", "2025-01-04", 0, 0, 0), STORE_ERR_CONSTRAINT);
    CHECK_INT(step(st, id, "talk", "2025-01-06", 0, 0, 0), STORE_OK);
    /* 培养联系人: a probationary member, one full only after that day, another branch's, one
     * off the roster that day, the same twice */
    CHECK_INT(step(st, id, "activist", "2025-03-10", k1, full, prob), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "培养联系人预备乙在2025-03-10不是正式党员");
    CHECK_INT(step(st, id, "activist", "2025-03-10", k1, full, late), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "培养联系人新转丙在2025-03-10不是正式党员");
    CHECK_INT(step(st, id, "activist", "2025-03-10", k1, full, away), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "培养联系人外支部丁不是本支部党员");
    CHECK_INT(step(st, id, "activist", "2025-03-10", k1, full, gone), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "培养联系人已故戊在2025-03-10不在党员名册上");
    CHECK_INT(step(st, id, "activist", "2025-03-10", k1, full, full), STORE_ERR_CONSTRAINT);
    /* another branch's meeting, a voided meeting */
    CHECK_INT(step(st, id, "activist", "2025-03-10", ko, full, gone), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "所关联的会议不是本支部的会议");
    int64_t kv = meeting(st, b, "committee", "2025-03-11", 0);
    CHECK_INT(store_meeting_void(st, kv, "重复录入"), STORE_OK);
    CHECK_INT(step(st, id, "activist", "2025-03-11", kv, full, late), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "所关联的会议记录已作废");
    /* a day too early / on the day for a 发展对象 */
    int64_t p2 = fx_member(st, &(struct fx_member){.branch = b, .name = "正式己",
                                                   .join = "2000-01-01", .full = "2001-01-01"},
                           NULL);
    CHECK_INT(step(st, id, "activist", "2025-03-10", k1, full, p2), STORE_OK);
    int64_t k9 = meeting(st, b, "committee", "2026-03-09", 0);
    int64_t k10 = meeting(st, b, "committee", "2026-03-10", 0);
    CHECK_INT(step(st, id, "candidate", "2026-03-09", k9, 0, 0), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "最早可于2026-03-10确定为发展对象") != NULL);
    CHECK_INT(step(st, id, "candidate", "2026-03-10", k9, 0, 0), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "一致") != NULL);
    CHECK_INT(step(st, id, "candidate", "2026-03-10", k10, 0, 0), STORE_OK);
    CHECK_INT(step(st, id, "review", "2026-04-01", 0, 0, 0), STORE_OK);
    CHECK_INT(step(st, id, "training", "2026-05-01", 0, 0, 0), STORE_OK);
    CHECK_INT(step(st, id, "publicity", "2026-05-20", 0, 0, 0), STORE_OK);
    /* the vote does not carry: 8 for of 17 entitled */
    int64_t g = meeting(st, b, "general", "2026-06-01", 17);
    CHECK_INT(step(st, id, "admit", "2026-06-01", g, 0, 0), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "决议未通过") != NULL);
    CHECK_STR(stage(st, id), "candidate");
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM member WHERE name = '王积极'"), 0);
    /* a reviewer reads, does not write; another branch's secretary neither */
    CHECK_INT(store_test_set_session(st, STORE_ROLE_REVIEWER, 0, "审查员"), STORE_OK);
    CHECK_INT(step(st, id, "observe", "2026-06-01", 0, 0, 0), STORE_ERR_DENIED);
    struct store_candidate_list l;
    CHECK_INT(store_candidate_list(st, b, false, (struct zdate){2026, 7, 1}, &R, &l), STORE_OK);
    CHECK_INT(l.n, 2); /* 王积极 and the probationary 预备乙 admitted before the ledger */
    store_candidate_list_free(&l);
    store_close(st);
}

TEST(store_pipeline_permissions_void_and_verify)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "P1", "P1村党支部", 0);
    int64_t other = fx_branch(st, "P2", "P2村党支部", 0);
    int64_t id = person(st, b, "赵申请", "1990-01-01", "2026-01-05");
    CHECK_INT(step(st, id, "talk", "2026-01-10", 0, 0, 0), STORE_OK);
    CHECK_INT(store_test_set_session(st, STORE_ROLE_SECRETARY, other, "P2书记"), STORE_OK);
    CHECK_INT(step(st, id, "stop", "2026-02-01", 0, 0, 0), STORE_ERR_DENIED);
    struct candidate c = {0};
    c.branch_id = b;
    snprintf(c.name, sizeof c.name, "越权");
    snprintf(c.gender, sizeof c.gender, "M");
    CHECK_INT(store_candidate_add(st, &c, "2026-01-05", &R, 18), STORE_ERR_DENIED);
    CHECK_INT(store_test_set_session(st, STORE_ROLE_SECRETARY, b, "P1书记"), STORE_OK);
    /* the stop needs a reason; voided, the person goes on */
    struct candidate_step s = {0};
    s.candidate_id = id;
    snprintf(s.kind, sizeof s.kind, "stop");
    snprintf(s.date, sizeof s.date, "2026-02-01");
    CHECK_INT(store_candidate_step_add(st, &s, NULL, &R, 18), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "中止培养须填写原因");
    CHECK_INT(step(st, id, "stop", "2026-02-01", 0, 0, 0), STORE_OK);
    CHECK_STR(stage(st, id), "stopped");
    CHECK_INT(step(st, id, "observe", "2026-02-02", 0, 0, 0), STORE_ERR_CONSTRAINT);
    struct store_candidate_step_list sl;
    CHECK_INT(store_candidate_steps(st, id, &sl), STORE_OK);
    int64_t stop_id = sl.n ? sl.v[sl.n - 1].id : 0, apply_id = sl.n ? sl.v[0].id : 0;
    store_candidate_step_list_free(&sl);
    CHECK_INT(store_candidate_step_void(st, stop_id, ""), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_candidate_step_void(st, stop_id, "误录"), STORE_OK);
    CHECK_STR(stage(st, id), "applicant");
    CHECK_INT(store_candidate_step_void(st, apply_id, "误录"), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_candidate_void(st, id, "误录"), STORE_OK);
    struct store_candidate_list l;
    CHECK_INT(store_candidate_list(st, b, true, (struct zdate){2026, 7, 1}, &R, &l), STORE_OK);
    CHECK_INT(l.n, 0);
    store_candidate_list_free(&l);
    /* journaled: verify is clean, then finds a step changed behind zhibu's back */
    struct verify_result vr;
    CHECK_INT(store_journal_verify(st, 0, &vr), STORE_OK);
    CHECK_INT(vr.nproblems, 0);
    CHECK(test_sql_int(store_path(st), "SELECT count(*) FROM history WHERE table_name ="
                                       " 'candidate_step'") >= 4);
    test_sql(store_path(st), "UPDATE candidate_step SET date = '2026-01-02' WHERE kind = 'talk'");
    CHECK_INT(store_journal_verify(st, 0, &vr), STORE_OK);
    CHECK(vr.nproblems >= 1);
    store_close(st);
}

struct review_ctx {
    char text[1024];
};

static int collect(const struct audit_input *in, const struct branch *b, void *ctx)
{
    (void)b;
    struct review_ctx *r = ctx;
    struct audit_reason out[8];
    int n = audit_pipeline_reasons(in, NULL, out, 8);
    for (int i = 0; i < n; i++) {
        size_t len = strlen(r->text);
        snprintf(r->text + len, sizeof r->text - len, "%s|", out[i].text);
    }
    return 0;
}

TEST(store_pipeline_review_loader)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "P1", "P1村党支部", 0);
    int64_t c1 = fx_member(st, &(struct fx_member){.branch = b, .name = "甲",
                                                   .join = "2000-01-01", .full = "2001-01-01"},
                           NULL);
    int64_t c2 = fx_member(st, &(struct fx_member){.branch = b, .name = "乙",
                                                   .join = "2000-01-01", .full = "2001-01-01"},
                           NULL);
    int64_t k = meeting(st, b, "committee", "2026-10-12", 0);
    int64_t id = person(st, b, "钱申请", "1990-01-01", "2026-09-01");
    CHECK_INT(step(st, id, "talk", "2026-09-10", 0, 0, 0), STORE_OK);
    CHECK_INT(step(st, id, "activist", "2026-10-12", k, c1, c2), STORE_OK);
    struct review_ctx r = {""};
    CHECK_INT(store_audit_each(st, b, (struct zmonth){2026, 10}, (struct zdate){2026, 11, 21},
                               collect, &r),
              STORE_OK);
    CHECK_STR(r.text, "");
    /* the meeting voided afterwards: the step has no meeting any more */
    CHECK_INT(store_meeting_void(st, k, "日期录错"), STORE_OK);
    r.text[0] = '\0';
    CHECK_INT(store_audit_each(st, b, (struct zmonth){2026, 10}, (struct zdate){2026, 11, 21},
                               collect, &r),
              STORE_OK);
    CHECK_STR(r.text, "1个发展党员步骤未关联作出决定的会议记录：钱申请确定为入党积极分子"
                      "（2026-10-12）|");
    /* a step changed behind zhibu's back to a lecture */
    int64_t lec = meeting(st, b, "lecture", "2026-10-12", 0);
    char sql[160];
    snprintf(sql, sizeof sql, "UPDATE candidate_step SET meeting_id = %lld WHERE kind = 'activist'",
             (long long)lec);
    test_sql(store_path(st), sql);
    r.text[0] = '\0';
    CHECK_INT(store_audit_each(st, b, (struct zmonth){2026, 10}, (struct zdate){2026, 11, 21},
                               collect, &r),
              STORE_OK);
    CHECK(strstr(r.text, "会议类型不符") != NULL);
    /* September: only the talk, which needs no meeting */
    r.text[0] = '\0';
    CHECK_INT(store_audit_each(st, b, (struct zmonth){2026, 9}, (struct zdate){2026, 11, 21},
                               collect, &r),
              STORE_OK);
    CHECK_STR(r.text, "");
    store_close(st);
}

TEST(store_pipeline_update_facts)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "P1", "P1村党支部", 0);
    int64_t id = person(st, b, "周申请", "1990-01-01", "2026-01-05");
    struct candidate c, stale;
    CHECK_INT(store_candidate_get(st, id, &c), STORE_OK);
    stale = c;
    snprintf(c.phone, sizeof c.phone, "13912345678");
    snprintf(c.ethnicity, sizeof c.ethnicity, "回族");
    CHECK_INT(store_candidate_update(st, &c), STORE_OK);
    CHECK(test_sql_int(store_path(st), "SELECT count(*) FROM history WHERE table_name ="
                                       " 'candidate' AND action = 'update'") == 1);
    /* changed since read: refused */
    snprintf(stale.name, sizeof stale.name, "周改名");
    CHECK_INT(store_candidate_update(st, &stale), STORE_ERR_CHANGED);
    /* a phone that is not one, a birth after today */
    snprintf(c.phone, sizeof c.phone, "139-1234");
    CHECK_INT(store_candidate_update(st, &c), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "电话只能是7到15位数字");
    snprintf(c.phone, sizeof c.phone, "%s", "");
    snprintf(c.birth_date, sizeof c.birth_date, "2099-01-01");
    CHECK_INT(store_candidate_update(st, &c), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_candidate_get(st, id, &c), STORE_OK);
    CHECK_STR(c.name, "周申请");
    CHECK_STR(c.phone, "13912345678");
    CHECK_STR(c.stage, "applicant");
    CHECK_STR(c.stage_date, "2026-01-05");
    store_close(st);
}

/* Application to full member: every decision linked to its meeting, 转正 by the roster; the
 * person leaves the pipeline's list once full. */
TEST(store_pipeline_to_full_member)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "P1", "P1村党支部", 0);
    int64_t c1 = fx_member(st, &(struct fx_member){.branch = b, .name = "甲",
                                                   .join = "2000-01-01", .full = "2001-01-01"},
                           NULL);
    int64_t c2 = fx_member(st, &(struct fx_member){.branch = b, .name = "乙",
                                                   .join = "2000-01-01", .full = "2001-01-01"},
                           NULL);
    int64_t id = person(st, b, "孙全程", "1995-05-05", "2022-10-08");
    CHECK_INT(step(st, id, "talk", "2022-10-20", 0, c1, 0), STORE_OK);
    CHECK_INT(step(st, id, "activist", "2023-01-10", meeting(st, b, "committee", "2023-01-10", 0),
                   c1, c2),
              STORE_OK);
    CHECK_INT(step(st, id, "candidate", "2024-01-10",
                   meeting(st, b, "committee", "2024-01-10", 0), 0, 0),
              STORE_OK);
    CHECK_INT(step(st, id, "review", "2024-02-01", 0, 0, 0), STORE_OK);
    CHECK_INT(step(st, id, "training", "2024-03-01", 0, 0, 0), STORE_OK);
    CHECK_INT(step(st, id, "publicity", "2024-05-20", 0, 0, 0), STORE_OK);
    CHECK_INT(step(st, id, "admit", "2024-06-01", meeting(st, b, "general", "2024-06-01", 9), 0, 0),
              STORE_OK);
    CHECK_INT(step(st, id, "approve", "2024-07-01", 0, 0, 0), STORE_OK);
    struct candidate c;
    CHECK_INT(store_candidate_get(st, id, &c), STORE_OK);
    CHECK_STR(c.stage, "probationary");
    CHECK_INT(store_member_make_full(st, c.member_id, "2025-06-01",
                                     meeting(st, b, "general", "2025-06-01", 10), NULL),
              STORE_OK);
    struct member m;
    CHECK_INT(store_member_get(st, c.member_id, &m), STORE_OK);
    CHECK_STR(m.status, "full");
    CHECK_STR(m.join_date, "2024-06-01");
    CHECK_STR(m.full_date, "2025-06-01");
    struct store_candidate_list l;
    CHECK_INT(store_candidate_list(st, b, false, (struct zdate){2026, 7, 1}, &R, &l), STORE_OK);
    CHECK_INT(l.n, 0);
    store_candidate_list_free(&l);
    /* the admission, once the member exists, is not voided */
    struct store_candidate_step_list sl;
    CHECK_INT(store_candidate_steps(st, id, &sl), STORE_OK);
    int64_t admit = 0;
    for (int i = 0; i < sl.n; i++)
        if (!strcmp(sl.v[i].kind, "admit")) admit = sl.v[i].id;
    store_candidate_step_list_free(&sl);
    CHECK_INT(store_candidate_step_void(st, admit, "误录"), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "党员名册") != NULL);
    struct verify_result vr;
    CHECK_INT(store_journal_verify(st, 0, &vr), STORE_OK);
    CHECK_INT(vr.nproblems, 0);
    store_close(st);
}
