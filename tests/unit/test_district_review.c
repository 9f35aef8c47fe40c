/* Unit tests of src/store/district_verdict_db.c and spot_check_db.c (issue 18): 复审 verdicts
 * beside the township's (never touching audit_verdict), their refusals (month, item, verdict,
 * comment, sent back, scope, role, office), the month's table, spot checks and their voiding;
 * an inspector outside their station refused and not listed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "district_test.h"
#include "fixtures.h"
#include "test.h"
#include "zhibu/date.h"
#include "zhibu/store.h"
#include "zhibu/store_audit.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_district.h"

/* A district: station 一站 with township HQ (branch HQ001), station 二站 with township DF
 * (branch DF001), branch LOOSE of no township. HQ001's township verdicts of 2026-10: meetings
 * pass, overall rectify (given while the file was a township's, before it became a district's,
 * as a bundle would bring them). */
struct dfix {
    char *path;
    int64_t s1, s2, hq, df, b1, b2, loose;
};

static struct store *dfix_open(struct dfix *f, const char *file)
{
    memset(f, 0, sizeof *f);
    f->path = test_db_path(file);
    struct store *st = test_open_db(f->path, "system");
    f->b1 = fx_branch(st, "HQ001", "红旗村党支部", 0);
    f->b2 = fx_branch(st, "DF001", "东风村党支部", 0);
    f->loose = fx_branch(st, "LOOSE", "散支部", 0);
    struct verdict v = {.branch_id = f->b1};
    snprintf(v.month, sizeof v.month, "2026-10");
    snprintf(v.item, sizeof v.item, "meetings");
    snprintf(v.verdict, sizeof v.verdict, "pass");
    CHECK_INT(store_verdict_set(st, &v), STORE_OK);
    snprintf(v.item, sizeof v.item, "overall");
    snprintf(v.verdict, sizeof v.verdict, "rectify");
    snprintf(v.deadline, sizeof v.deadline, "2026-11-30");
    snprintf(v.comment, sizeof v.comment, "会议记录不全");
    CHECK_INT(store_verdict_set(st, &v), STORE_OK);
    CHECK_INT(store_office_set(st, "district", "城关区委组织部"), STORE_OK);
    f->s1 = dt_station(st, "一站");
    f->s2 = dt_station(st, "二站");
    f->hq = dt_township(st, "HQ", "红旗镇党委", f->s1, NULL);
    f->df = dt_township(st, "DF", "东风乡党委", f->s2, NULL);
    CHECK_INT(store_township_assign(st, f->b1, f->hq), STORE_OK);
    CHECK_INT(store_township_assign(st, f->b2, f->df), STORE_OK);
    return st;
}

static struct district_verdict dv(int64_t branch, const char *month, const char *item,
                                  const char *verdict, const char *comment)
{
    struct district_verdict v = {.branch_id = branch};
    snprintf(v.month, sizeof v.month, "%s", month);
    snprintf(v.item, sizeof v.item, "%s", item);
    snprintf(v.verdict, sizeof v.verdict, "%s", verdict);
    snprintf(v.comment, sizeof v.comment, "%s", comment ? comment : "");
    return v;
}

static struct zmonth ym(const char *s)
{
    struct zmonth m = {0};
    CHECK(zmonth_parse(s, &m));
    return m;
}

TEST(district_verdict_set_beside_the_townships)
{
    struct dfix f;
    struct store *st = dfix_open(&f, "dv.db");
    long long before = test_sql_int(f.path, "SELECT count(*) FROM audit_verdict");
    CHECK_INT(store_test_set_session(st, STORE_ROLE_REVIEWER, 0, "fushen"), STORE_OK);
    /* the same as the township's: no comment needed */
    struct district_verdict v = dv(f.b1, "2026-10", "meetings", "pass", NULL);
    CHECK_INT(store_district_verdict_set(st, &v), STORE_OK);
    CHECK(v.id > 0);
    CHECK_STR(v.township_verdict, "pass");
    CHECK_STR(v.reviewer, "fushen");
    /* another than the township's: a comment needed */
    v = dv(f.b1, "2026-10", "overall", "fail", NULL);
    CHECK_INT(store_district_verdict_set(st, &v), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "与乡镇结论不同须说明理由");
    v = dv(f.b1, "2026-10", "overall", "fail", "   ");
    CHECK_INT(store_district_verdict_set(st, &v), STORE_ERR_CONSTRAINT);
    v = dv(f.b1, "2026-10", "overall", "fail", "组织生活会未开，乡镇判需整改偏松");
    v.sent_back = true;
    CHECK_INT(store_district_verdict_set(st, &v), STORE_OK);
    CHECK_STR(v.township_verdict, "rectify");
    /* replaced: history keeps the old one */
    v = dv(f.b1, "2026-10", "overall", "rectify", NULL);
    CHECK_INT(store_district_verdict_set(st, &v), STORE_OK);
    CHECK_STR(v.created_by, "fushen");
    /* the same again: nothing written */
    v = dv(f.b1, "2026-10", "overall", "rectify", NULL);
    CHECK_INT(store_district_verdict_set(st, &v), STORE_OK);
    struct store_district_verdict_list l;
    CHECK_INT(store_district_verdict_list(st, f.b1, ym("2026-10"), &l), STORE_OK);
    CHECK_INT(l.n, 2);
    CHECK_STR(l.v[0].item, "meetings");
    CHECK_STR(l.v[1].item, "overall");
    CHECK_STR(l.v[1].verdict, "rectify");
    CHECK(!l.v[1].sent_back);
    store_district_verdict_list_free(&l);
    /* a branch the township did not judge: no comment needed */
    v = dv(f.b2, "2026-10", "dues", "fail", NULL);
    CHECK_INT(store_district_verdict_set(st, &v), STORE_OK);
    CHECK_STR(v.township_verdict, "");
    store_close(st);
    CHECK_INT(test_sql_int(f.path, "SELECT count(*) FROM audit_verdict"), before);
    CHECK_INT(test_sql_int(f.path, "SELECT count(*) FROM audit_verdict WHERE verdict = 'rectify'"
                                   " AND item = 'overall'"),
              1);
    CHECK_INT(test_sql_int(f.path, "SELECT count(*) FROM history h JOIN district_verdict d"
                                   " ON d.uuid = h.row_uuid WHERE d.item = 'overall'"),
              2);
    free(f.path);
}

TEST(district_verdict_bad_input)
{
    struct dfix f;
    struct store *st = dfix_open(&f, "dvbad.db");
    char long_comment[600] = "";
    for (int i = 0; i < 501; i++) strcat(long_comment, "a");
    struct {
        const char *month, *item, *verdict, *comment;
        bool sent_back;
        const char *msg;
    } bad[] = {
        {"2026-13", "meetings", "pass", "", false, "月份格式应为 YYYY-MM"},
        {"2026-1", "meetings", "pass", "", false, "月份格式应为 YYYY-MM"},
        {"", "meetings", "pass", "", false, "月份格式应为 YYYY-MM"},
        {"2026-12", "meetings", "pass", "", false, "月份 2026-12 还没有到，不能复审"},
        {"2026-10", "lunch", "pass", "", false, "复审项目无效"},
        {"2026-10", "meetings", "good", "", false, "复审结论应为合格、需整改或不合格"},
        {"2026-10", "meetings", "pass", "", true, "退回乡镇须写明问题"},
        {"2026-10", "meetings", "pass", long_comment, false, "复审意见太长：最多 500 个字"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct district_verdict v = dv(f.b1, bad[i].month, bad[i].item, bad[i].verdict, NULL);
        snprintf(v.comment, sizeof v.comment, "%s", bad[i].comment);
        v.sent_back = bad[i].sent_back;
        CHECK_INT(store_district_verdict_set(st, &v), STORE_ERR_CONSTRAINT);
        CHECK_STR(store_errmsg(st), bad[i].msg);
    }
    struct district_verdict v = dv(9999, "2026-10", "meetings", "pass", NULL);
    CHECK(store_district_verdict_set(st, &v) != STORE_OK);
    store_close(st);
    CHECK_INT(test_sql_int(f.path, "SELECT count(*) FROM district_verdict"), 0);
    free(f.path);
}

TEST(district_verdict_refused_outside_scope_and_for_other_roles)
{
    struct dfix f;
    struct store *st = dfix_open(&f, "dvrole.db");
    /* an inspector of 一站: HQ001 yes, DF001 and the loose branch no */
    CHECK_INT(store_test_set_inspector(st, f.s1, "ducha1"), STORE_OK);
    struct district_verdict v = dv(f.b1, "2026-10", "meetings", "pass", NULL);
    CHECK_INT(store_district_verdict_set(st, &v), STORE_OK);
    v = dv(f.b2, "2026-10", "meetings", "pass", NULL);
    CHECK_INT(store_district_verdict_set(st, &v), STORE_ERR_DENIED);
    CHECK_STR(store_errmsg(st), "只能复审、督查本指导站（一站）所辖乡镇的支部");
    v = dv(f.loose, "2026-10", "meetings", "pass", NULL);
    CHECK_INT(store_district_verdict_set(st, &v), STORE_ERR_DENIED);
    /* a secretary, an administrator, a reviewer with a narrower scope */
    CHECK_INT(store_test_set_session(st, STORE_ROLE_SECRETARY, f.b1, "shuji"), STORE_OK);
    v = dv(f.b1, "2026-10", "dues", "pass", NULL);
    CHECK_INT(store_district_verdict_set(st, &v), STORE_ERR_DENIED);
    CHECK_STR(store_errmsg(st), "只有区委组织部复审人员或指导站督查员能复审、督查");
    CHECK_INT(store_test_set_session(st, STORE_ROLE_ADMIN, 0, "admin"), STORE_OK);
    CHECK_INT(store_district_verdict_set(st, &v), STORE_ERR_DENIED);
    CHECK_INT(store_test_set_session(st, STORE_ROLE_REVIEWER, f.b1, "narrow"), STORE_OK);
    CHECK_INT(store_district_verdict_set(st, &v), STORE_ERR_DENIED);
    CHECK_STR(store_errmsg(st), "只有区委组织部的复审人员（审查范围为全部支部）能复审");
    /* nobody gives a township's verdicts by hand at a district, not even the system */
    struct verdict tv = {.branch_id = f.b2};
    snprintf(tv.month, sizeof tv.month, "2026-10");
    snprintf(tv.item, sizeof tv.item, "meetings");
    snprintf(tv.verdict, sizeof tv.verdict, "pass");
    CHECK_INT(store_test_set_session(st, STORE_ROLE_REVIEWER, 0, "fushen"), STORE_OK);
    CHECK_INT(store_verdict_set(st, &tv), STORE_ERR_DENIED);
    CHECK_STR(store_errmsg(st), "区（县）数据库中的乡镇审查结论只能由乡镇的交换包带来");
    CHECK_INT(store_test_set_session(st, STORE_ROLE_SYSTEM, 0, NULL), STORE_OK);
    CHECK_INT(store_verdict_set(st, &tv), STORE_ERR_DENIED);
    CHECK(!store_may(st, STORE_PERM_REVIEW, f.b2));
    store_close(st);
    CHECK_INT(test_sql_int(f.path, "SELECT count(*) FROM district_verdict"), 1);
    CHECK_INT(test_sql_int(f.path, "SELECT count(*) FROM audit_verdict WHERE branch_id = 2"), 0);

    /* at a township's database nobody re-reviews */
    char *path = test_db_path("town.db");
    st = test_open_db(path, "system");
    CHECK_INT(store_office_set(st, "township", "红旗镇党委"), STORE_OK);
    int64_t b = fx_branch(st, "HQ001", NULL, 0);
    CHECK_INT(store_test_set_session(st, STORE_ROLE_REVIEWER, 0, "shencha"), STORE_OK);
    v = dv(b, "2026-10", "meetings", "pass", NULL);
    CHECK_INT(store_district_verdict_set(st, &v), STORE_ERR_DENIED);
    CHECK_STR(store_errmsg(st), "复审和督查只能在区（县）的数据库中进行");
    store_close(st);
    free(path);
    free(f.path);
}

TEST(district_verdict_list_keeps_to_the_inspectors_station)
{
    struct dfix f;
    struct store *st = dfix_open(&f, "dvlist.db");
    struct district_verdict v = dv(f.b1, "2026-10", "meetings", "pass", NULL);
    CHECK_INT(store_district_verdict_set(st, &v), STORE_OK);
    v = dv(f.b2, "2026-10", "meetings", "pass", NULL);
    CHECK_INT(store_district_verdict_set(st, &v), STORE_OK);
    v = dv(f.b2, "2026-09", "meetings", "pass", NULL);
    CHECK_INT(store_district_verdict_set(st, &v), STORE_OK);
    struct store_district_verdict_list l;
    CHECK_INT(store_district_verdict_list(st, 0, ym("2026-10"), &l), STORE_OK);
    CHECK_INT(l.n, 2);
    CHECK(l.v[0].branch_id == f.b2); /* DF001 before HQ001 */
    store_district_verdict_list_free(&l);
    CHECK_INT(store_test_set_inspector(st, f.s2, "ducha2"), STORE_OK);
    CHECK_INT(store_district_verdict_list(st, 0, ym("2026-10"), &l), STORE_OK);
    CHECK_INT(l.n, 1);
    CHECK(l.v[0].branch_id == f.b2);
    store_district_verdict_list_free(&l);
    CHECK_INT(store_district_verdict_list(st, f.b1, ym("2026-10"), &l), STORE_OK);
    CHECK_INT(l.n, 0);
    store_district_verdict_list_free(&l);
    struct zmonth bad = {2026, 13};
    CHECK_INT(store_district_verdict_list(st, 0, bad, &l), STORE_ERR_CONSTRAINT);
    /* and the townships: only 二站's */
    struct store_township_list tl;
    CHECK_INT(store_township_list(st, &tl), STORE_OK);
    CHECK_INT(tl.n, 1);
    CHECK_STR(tl.v[0].code, "DF");
    store_township_list_free(&tl);
    struct township t;
    CHECK_INT(store_township_get(st, f.hq, &t), STORE_ERR_NOT_FOUND);
    CHECK_INT(store_township_by_code(st, "HQ", &t), STORE_ERR_NOT_FOUND);
    store_close(st);
    free(f.path);
}

TEST(district_month_table)
{
    struct dfix f;
    struct store *st = dfix_open(&f, "month.db");
    struct district_verdict v = dv(f.b1, "2026-10", "overall", "fail", "问题较多");
    v.sent_back = true;
    CHECK_INT(store_district_verdict_set(st, &v), STORE_OK);
    v = dv(f.b1, "2026-10", "dues", "pass", NULL);
    CHECK_INT(store_district_verdict_set(st, &v), STORE_OK);
    struct store_district_rows r;
    CHECK_INT(store_district_month(st, ym("2026-10"), &r), STORE_OK);
    CHECK_INT(r.n, 3);
    if (r.n == 3) {
        CHECK_STR(r.v[0].township_code, "DF");
        CHECK_STR(r.v[0].branch_code, "DF001");
        CHECK_STR(r.v[1].township_code, "HQ");
        CHECK_STR(r.v[1].township_name, "红旗镇党委");
        CHECK_STR(r.v[1].branch_code, "HQ001");
        CHECK_STR(r.v[1].township_verdict[0], "pass");   /* meetings */
        CHECK_STR(r.v[1].township_verdict[6], "rectify"); /* overall */
        CHECK_STR(r.v[1].district_verdict[6], "fail");
        CHECK_STR(r.v[1].district_verdict[4], "pass");   /* dues */
        CHECK_STR(r.v[1].district_verdict[0], "");
        CHECK(r.v[1].sent_back);
        CHECK_INT(r.v[1].open_orders, 1);                /* the township's order */
        CHECK(!r.v[1].handed_in);
        CHECK(!r.v[0].sent_back);
        CHECK_STR(r.v[2].branch_code, "LOOSE");          /* no township: last */
        CHECK(r.v[2].township_id == 0);
    }
    store_district_rows_free(&r);
    CHECK_INT(store_test_set_inspector(st, f.s1, "ducha1"), STORE_OK);
    CHECK_INT(store_district_month(st, ym("2026-10"), &r), STORE_OK);
    CHECK_INT(r.n, 1);
    if (r.n == 1) CHECK_STR(r.v[0].branch_code, "HQ001");
    store_district_rows_free(&r);
    struct zmonth bad = {2026, 0};
    CHECK_INT(store_district_month(st, bad, &r), STORE_ERR_CONSTRAINT);
    store_close(st);
    free(f.path);
}

/* ---- spot checks -------------------------------------------------------------------------- */

static struct spot_check sc(int64_t branch, const char *date, const char *who, const char *what,
                            const char *result, const char *findings)
{
    struct spot_check c = {.branch_id = branch};
    snprintf(c.date, sizeof c.date, "%s", date);
    snprintf(c.inspectors, sizeof c.inspectors, "%s", who);
    snprintf(c.inspected, sizeof c.inspected, "%s", what);
    snprintf(c.result, sizeof c.result, "%s", result);
    snprintf(c.findings, sizeof c.findings, "%s", findings);
    return c;
}

TEST(district_spot_check_add_list_void)
{
    struct dfix f;
    struct store *st = dfix_open(&f, "spot.db");
    CHECK_INT(store_test_set_inspector(st, f.s1, "ducha1"), STORE_OK);
    struct spot_check c = sc(f.b1, "2026-11-03", "张三、李四", "会议记录与系统一致", "consistent", "");
    snprintf(c.station, sizeof c.station, "二站"); /* an inspector's own station is recorded */
    CHECK_INT(store_spot_check_add(st, &c), STORE_OK);
    CHECK(c.id > 0);
    CHECK_STR(c.station, "一站");
    struct spot_check c2 = sc(f.b1, "2026-11-10", "张三", "党费收缴台账", "issues", "10月党费收据缺2张");
    CHECK_INT(store_spot_check_add(st, &c2), STORE_OK);
    /* outside the station: refused */
    struct spot_check out = sc(f.b2, "2026-11-03", "张三", "会议记录", "consistent", "");
    CHECK_INT(store_spot_check_add(st, &out), STORE_ERR_DENIED);
    struct store_spot_check_list l;
    CHECK_INT(store_spot_check_list(st, f.b1, &l), STORE_OK);
    CHECK_INT(l.n, 2);
    CHECK_STR(l.v[0].date, "2026-11-10"); /* newest first */
    CHECK_STR(l.v[0].findings, "10月党费收据缺2张");
    store_spot_check_list_free(&l);
    CHECK_STR(spot_check_result_label("issues"), "发现问题");
    CHECK_STR(spot_check_result_label("consistent"), "一致");
    CHECK_STR(spot_check_result_label("xx"), "xx");

    /* voided with a reason, once */
    CHECK_INT(store_spot_check_void(st, c.id, "  "), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "作废须填写原因");
    CHECK_INT(store_spot_check_void(st, c.id, "日期记错"), STORE_OK);
    CHECK_INT(store_spot_check_void(st, c.id, "再作废"), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "该督查记录已作废");
    CHECK_INT(store_spot_check_void(st, 999, "x"), STORE_ERR_NOT_FOUND);
    CHECK_INT(store_spot_check_list(st, 0, &l), STORE_OK);
    CHECK_INT(l.n, 2); /* voided included */
    CHECK_STR(l.v[1].void_reason, "日期记错");
    CHECK(l.v[1].voided_at[0] != '\0');
    store_spot_check_list_free(&l);

    /* a reviewer records one on DF001 (any branch), naming a station or none */
    CHECK_INT(store_test_set_session(st, STORE_ROLE_REVIEWER, 0, "fushen"), STORE_OK);
    out = sc(f.b2, "2026-11-20", "王五", "支部委员会会议记录", "consistent", "");
    CHECK_INT(store_spot_check_add(st, &out), STORE_OK);
    CHECK_STR(out.station, "");
    /* the inspector of 一站 does not see it, nor void it */
    CHECK_INT(store_test_set_inspector(st, f.s1, "ducha1"), STORE_OK);
    CHECK_INT(store_spot_check_list(st, 0, &l), STORE_OK);
    CHECK_INT(l.n, 2);
    store_spot_check_list_free(&l);
    CHECK_INT(store_spot_check_void(st, out.id, "不对"), STORE_ERR_DENIED);
    /* nor a secretary or an admin add one */
    CHECK_INT(store_test_set_session(st, STORE_ROLE_SECRETARY, f.b1, "shuji"), STORE_OK);
    c = sc(f.b1, "2026-11-03", "张三", "会议记录", "consistent", "");
    CHECK_INT(store_spot_check_add(st, &c), STORE_ERR_DENIED);
    CHECK_INT(store_test_set_session(st, STORE_ROLE_ADMIN, 0, "admin"), STORE_OK);
    CHECK_INT(store_spot_check_add(st, &c), STORE_ERR_DENIED);
    store_close(st);
    CHECK_INT(test_sql_int(f.path, "SELECT count(*) FROM spot_check"), 3);
    CHECK_INT(test_sql_int(f.path, "SELECT count(*) FROM history WHERE table_name = 'spot_check'"),
              4);
    free(f.path);
}

TEST(district_spot_check_bad_input)
{
    struct dfix f;
    struct store *st = dfix_open(&f, "spotbad.db");
    char long_who[200] = "";
    for (int i = 0; i < 101; i++) strcat(long_who, "r");
    struct {
        struct spot_check c;
        const char *msg;
    } bad[] = {
        {sc(f.b1, "2026-11-22", "张三", "会议记录", "consistent", ""), "督查日期 2026-11-22 不能晚于今天"},
        {sc(f.b1, "2026-02-30", "张三", "会议记录", "consistent", ""),
         "督查日期格式应为 YYYY-MM-DD，且须是真实日期"},
        {sc(f.b1, "", "张三", "会议记录", "consistent", ""), "督查日期格式应为 YYYY-MM-DD，且须是真实日期"},
        {sc(f.b1, "2026-11-01", "  ", "会议记录", "consistent", ""), "督查人员不能为空"},
        {sc(f.b1, "2026-11-01", long_who, "会议记录", "consistent", ""), "督查人员太长：最多 100 个字"},
        {sc(f.b1, "2026-11-01", "张三", "", "consistent", ""), "督查内容不能为空"},
        {sc(f.b1, "2026-11-01", "张三", "会议记录", "fine", ""), "督查结果应为“一致”或“发现问题”"},
        {sc(f.b1, "2026-11-01", "张三", "会议记录", "", ""), "督查结果应为“一致”或“发现问题”"},
        {sc(f.b1, "2026-11-01", "张三", "会议记录", "issues", " "), "发现问题须写明问题"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_INT(store_spot_check_add(st, &bad[i].c), STORE_ERR_CONSTRAINT);
        CHECK_STR(store_errmsg(st), bad[i].msg);
    }
    struct spot_check c = sc(9999, "2026-11-01", "张三", "会议记录", "consistent", "");
    CHECK(store_spot_check_add(st, &c) != STORE_OK);
    store_close(st);
    CHECK_INT(test_sql_int(f.path, "SELECT count(*) FROM spot_check"), 0);
    free(f.path);
}
