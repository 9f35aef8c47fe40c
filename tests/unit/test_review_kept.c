/* Unit tests of the month as reviewed (issue 14): the engine's result kept with a verdict
 * (audit_engine_json / audit_engine_read, audit_verdict.engine_json), the problem kept with an
 * order (rectification.problem), 不合格 ordering rectification with a deadline like 需整改, and
 * the journal entry an amend points at (store_amend_change). Bad input: no deadline, a bad
 * deadline, an engine result that is not JSON, a snapshot read as an engine result. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "test.h"
#include "zhibu/audit.h"
#include "zhibu/audit_report.h"
#include "zhibu/store.h"
#include "zhibu/store_audit.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_meeting.h"

static struct store *fresh(void)
{
    char *p = test_db_path("k.db");
    struct store *st = test_open_db(p, "审核员丙");
    free(p);
    return st;
}

/* A result: 三会一课 fails on two reasons and lists a pending one; 党费收缴 fails; the rest pass. */
static void sample(struct audit_result *r)
{
    memset(r, 0, sizeof *r);
    r->year = 2026;
    r->month = 10;
    for (int i = 0; i < AI_COUNT; i++) r->state[i] = AS_PASS;
    r->state[AI_MEETINGS] = AS_FAIL;
    r->state[AI_DUES] = AS_FAIL;
    r->score = 55;
    r->nreasons = 4;
    r->reasons = calloc(4, sizeof *r->reasons);
    r->reasons[0] = (struct audit_reason){.item = AI_MEETINGS, .text = "10月未召开支部委员会", .fails = true};
    r->reasons[1] = (struct audit_reason){.item = AI_MEETINGS, .text = "第一党小组10月未召开党小组会", .fails = true};
    r->reasons[2] = (struct audit_reason){.item = AI_MEETINGS, .text = "本季度尚未开展党课（季末前待定）", .fails = false};
    r->reasons[3] = (struct audit_reason){.item = AI_DUES, .text = "党员\"张三\"10月党费未交清", .fails = true};
}

static struct verdict verdict_def(int64_t b, const char *item, const char *verdict, const char *comment,
                                  const char *deadline, const char *engine)
{
    struct verdict v = {.branch_id = b};
    snprintf(v.month, sizeof v.month, "2026-10");
    snprintf(v.item, sizeof v.item, "%s", item);
    snprintf(v.verdict, sizeof v.verdict, "%s", verdict);
    snprintf(v.comment, sizeof v.comment, "%s", comment);
    snprintf(v.deadline, sizeof v.deadline, "%s", deadline);
    v.engine_json = engine;
    return v;
}

TEST(review_engine_json_round_trip)
{
    struct audit_result r;
    sample(&r);
    char *json = audit_engine_json(&r);
    CHECK(json != NULL);
    struct audit_kept k;
    CHECK_INT(audit_engine_read(json, &k), 0);
    CHECK_INT(k.score, 55);
    CHECK_INT(k.state[AI_MEETINGS], AS_FAIL);
    CHECK_INT(k.state[AI_THEME_DAY], AS_PASS);
    CHECK_INT(k.nreasons, 4);
    if (k.nreasons == 4) {
        CHECK_INT(k.reasons[1].item, AI_MEETINGS);
        CHECK_STR(k.reasons[1].text, "第一党小组10月未召开党小组会");
        CHECK(k.reasons[1].fails);
        CHECK(!k.reasons[2].fails);
        CHECK_STR(k.reasons[3].text, "党员\"张三\"10月党费未交清");
    }
    audit_kept_free(&k);
    /* not a result: nothing kept, a snapshot of 提交月报 (reasons as strings), junk */
    CHECK_INT(audit_engine_read("{}", &k), -1);
    char *snap = audit_snapshot_json(&r);
    CHECK_INT(audit_engine_read(snap, &k), -1);
    CHECK_INT(audit_engine_read("{\"score\":\"x\",\"states\":{},\"reasons\":[]}", &k), -1);
    CHECK_INT(audit_engine_read("[1,2", &k), -1);
    CHECK_INT(audit_engine_read(NULL, &k), -1);
    free(snap);
    free(json);
    audit_result_free(&r);
}

TEST(review_fail_orders_rectification_with_a_deadline)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "K1", "K1党支部", 0);
    struct verdict v = verdict_def(b, "dues", "fail", "党费未收齐", "", NULL);
    CHECK_INT(store_verdict_set(st, &v), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "不合格须填写整改期限");
    snprintf(v.deadline, sizeof v.deadline, "2026-02-30");
    CHECK_INT(store_verdict_set(st, &v), STORE_ERR_CONSTRAINT);
    struct store_rectification_list r_l = {0};
    struct rectification *r = NULL;
    int n = -1;
    store_rectification_list_free(&r_l);
    CHECK_INT(store_rectification_list(st, b, NULL, false, &r_l), STORE_OK);
    r = r_l.v, n = r_l.n;
    CHECK_INT(n, 0);
    struct store_verdict_list out_l = {0};
    CHECK_INT(store_verdict_list(st, b, (struct zmonth){2026, 10}, &out_l), STORE_OK);
    n = out_l.n;
    CHECK_INT(n, 0); /* nothing half-written */

    snprintf(v.deadline, sizeof v.deadline, "2026-12-31");
    CHECK_INT(store_verdict_set(st, &v), STORE_OK);
    store_rectification_list_free(&r_l);
    CHECK_INT(store_rectification_list(st, b, &(struct zmonth){2026, 10}, true, &r_l), STORE_OK);
    r = r_l.v, n = r_l.n;
    CHECK_INT(n, 1);
    CHECK_STR(r[0].item, "dues");
    CHECK_STR(r[0].order_text, "党费未收齐");
    CHECK_STR(r[0].deadline, "2026-12-31");
    CHECK_STR(r[0].status, "open");
    /* 合格 orders nothing */
    struct verdict p = verdict_def(b, "posts", "pass", "", "", NULL);
    CHECK_INT(store_verdict_set(st, &p), STORE_OK);
    store_rectification_list_free(&r_l);
    CHECK_INT(store_rectification_list(st, b, NULL, false, &r_l), STORE_OK);
    r = r_l.v, n = r_l.n;
    CHECK_INT(n, 1);
    store_close(st);
    store_rectification_list_free(&r_l);
    store_verdict_list_free(&out_l);
}

TEST(review_verdict_keeps_the_engine_result_and_the_order_its_problem)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "K2", "K2党支部", 0);
    struct audit_result res;
    sample(&res);
    char *json = audit_engine_json(&res);

    struct verdict v = verdict_def(b, "meetings", "rectify", "补开支委会", "2026-12-21", json);
    CHECK_INT(store_verdict_set(st, &v), STORE_OK);
    char *kept = NULL;
    CHECK_INT(store_verdict_engine(st, b, (struct zmonth){2026, 10}, "meetings", &kept), STORE_OK);
    struct audit_kept k;
    CHECK_INT(audit_engine_read(kept, &k), 0);
    CHECK_INT(k.score, 55);
    CHECK_INT(k.nreasons, 4);
    audit_kept_free(&k);
    free(kept);
    struct store_rectification_list r_l = {0};
    struct rectification *r = NULL;
    int n = 0;
    store_rectification_list_free(&r_l);
    CHECK_INT(store_rectification_list(st, b, &(struct zmonth){2026, 10}, false, &r_l), STORE_OK);
    r = r_l.v, n = r_l.n;
    CHECK_INT(n, 1);
    /* the item's failing reasons, not the pending one, not another item's */
    CHECK_STR(r[0].problem, "10月未召开支部委员会\n第一党小组10月未召开党小组会");

    /* the verdict again without a result: what was kept stays, on the verdict and the order */
    struct verdict again = verdict_def(b, "meetings", "rectify", "补开支委会和党小组会", "2026-12-25", NULL);
    CHECK_INT(store_verdict_set(st, &again), STORE_OK);
    CHECK_INT(store_verdict_engine(st, b, (struct zmonth){2026, 10}, "meetings", &kept), STORE_OK);
    CHECK(strstr(kept, "10月未召开支部委员会") != NULL);
    free(kept);
    store_rectification_list_free(&r_l);
    CHECK_INT(store_rectification_list(st, b, &(struct zmonth){2026, 10}, false, &r_l), STORE_OK);
    r = r_l.v, n = r_l.n;
    CHECK_STR(r[0].problem, "10月未召开支部委员会\n第一党小组10月未召开党小组会");
    CHECK_STR(r[0].order_text, "补开支委会和党小组会");

    /* 不合格 overall: every failing reason with its item's label */
    struct verdict o = verdict_def(b, "overall", "fail", "全面整改", "2026-12-31", json);
    CHECK_INT(store_verdict_set(st, &o), STORE_OK);
    store_rectification_list_free(&r_l);
    CHECK_INT(store_rectification_list(st, b, &(struct zmonth){2026, 10}, false, &r_l), STORE_OK);
    r = r_l.v, n = r_l.n;
    CHECK_INT(n, 2);
    const struct rectification *ov = strcmp(r[0].item, "overall") == 0 ? &r[0] : &r[1];
    CHECK_STR(ov->problem, "三会一课：10月未召开支部委员会\n三会一课：第一党小组10月未召开党小组会\n"
                           "党费收缴：党员\"张三\"10月党费未交清");

    /* an order on an item with only pending reasons: those */
    struct audit_result pend;
    sample(&pend);
    pend.reasons[0].fails = pend.reasons[1].fails = false;
    pend.state[AI_MEETINGS] = AS_PENDING;
    char *pjson = audit_engine_json(&pend);
    struct verdict c = verdict_def(fx_branch(st, "K3", "K3党支部", 0), "meetings", "rectify", "按季召开", "2026-12-31", pjson);
    CHECK_INT(store_verdict_set(st, &c), STORE_OK);
    store_rectification_list_free(&r_l);
    CHECK_INT(store_rectification_list(st, c.branch_id, &(struct zmonth){2026, 10}, false, &r_l), STORE_OK);
    r = r_l.v, n = r_l.n;
    CHECK_STR(r[0].problem, "10月未召开支部委员会\n第一党小组10月未召开党小组会\n本季度尚未开展党课（季末前待定）");
    free(pjson);
    audit_result_free(&pend);

    /* bad input: a result that is not JSON; a verdict not given */
    struct verdict bad = verdict_def(b, "records", "pass", "", "", "{\"score\":");
    CHECK_INT(store_verdict_set(st, &bad), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "审查结果格式无效");
    CHECK_INT(store_verdict_engine(st, b, (struct zmonth){2026, 10}, "records", &kept), STORE_ERR_NOT_FOUND);
    CHECK(kept == NULL);
    /* a verdict with nothing kept reads "{}" */
    struct verdict plain = verdict_def(b, "posts", "pass", "", "", NULL);
    CHECK_INT(store_verdict_set(st, &plain), STORE_OK);
    CHECK_INT(store_verdict_engine(st, b, (struct zmonth){2026, 10}, "posts", &kept), STORE_OK);
    CHECK_STR(kept, "{}");
    free(kept);

    /* the journal holds what was kept, and verifies */
    struct verify_result *vr = calloc(1, sizeof *vr);
    CHECK_INT(store_journal_verify(st, 0, vr), STORE_OK);
    CHECK_INT(vr->nproblems, 0);
    free(vr);
    free(json);
    audit_result_free(&res);
    store_close(st);
    store_rectification_list_free(&r_l);
}

TEST(review_amend_change_is_the_entry_after_the_mark)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "K4", "K4党支部", 0);
    struct verdict v = verdict_def(b, "overall", "pass", "", "", NULL);
    CHECK_INT(store_verdict_set(st, &v), STORE_OK);
    struct meeting m = {0};
    m.branch_id = b;
    snprintf(m.kind, sizeof m.kind, "committee");
    snprintf(m.date, sizeof m.date, "2026-10-20");
    m.topics = strdup("补录的支委会");
    m.minutes = strdup("");
    CHECK_INT(store_meeting_add(st, &m), STORE_ERR_LOCKED);
    CHECK_INT(store_amend_begin(st, "漏录了支委会"), STORE_OK);
    CHECK_INT(store_meeting_add(st, &m), STORE_OK);
    store_amend_end(st);
    meeting_free(&m);
    struct store_amend_list a_l = {0};
    struct amend *a = NULL;
    int n = 0;
    store_amend_list_free(&a_l);
    CHECK_INT(store_amend_list(st, b, &(struct zmonth){2026, 10}, &a_l), STORE_OK);
    a = a_l.v, n = a_l.n;
    CHECK_INT(n, 1);
    struct history_entry e;
    CHECK_INT(store_amend_change(st, &a[0], &e), STORE_OK);
    CHECK_STR(e.table_name, "meeting");
    CHECK_STR(e.action, "insert");
    CHECK(e.old_json == NULL);
    CHECK(e.new_json && strstr(e.new_json, "2026-10-20") != NULL);
    store_history_free(&e, 1);
    /* an amend the journal holds no entry for */
    struct amend lost = a[0];
    snprintf(lost.row_uuid, sizeof lost.row_uuid, "00000000-0000-4000-8000-000000000000");
    CHECK_INT(store_amend_change(st, &lost, &e), STORE_ERR_NOT_FOUND);
    store_close(st);
    store_amend_list_free(&a_l);
}
