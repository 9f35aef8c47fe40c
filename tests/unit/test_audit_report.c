/* Unit tests of the monthly review's snapshot (JSON written at hand-in and read back), the
 * result as text and JSON, the state codes and the rules from the config. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "zhibu/rules.h"
#include "zhibu/audit.h"
#include "zhibu/audit_report.h"
#include "zhibu/config.h"
#include "zhibu/util.h"

/* A result of October 2026: meetings failed, dues pending, the rest passed; two reasons. */
static void sample_result(struct audit_result *r)
{
    memset(r, 0, sizeof *r);
    r->branch_id = 7;
    r->year = 2026;
    r->month = 10;
    for (int i = 0; i < AI_COUNT; i++) r->state[i] = AS_PASS;
    r->state[AI_MEETINGS] = AS_FAIL;
    r->state[AI_DUES] = AS_PENDING;
    r->deduction[AI_MEETINGS] = 30;
    r->score = 70;
    r->reasons = xcalloc(2, sizeof *r->reasons);
    r->nreasons = 2;
    r->reasons[0].item = AI_MEETINGS;
    r->reasons[0].fails = true;
    snprintf(r->reasons[0].text, sizeof r->reasons[0].text, "10月未召开支部委员会");
    r->reasons[0].refs[0] = (struct audit_ref){REF_GROUP, 3};
    r->reasons[0].nrefs = 1;
    r->reasons[1].item = AI_DUES;
    r->reasons[1].fails = false;
    snprintf(r->reasons[1].text, sizeof r->reasons[1].text, "2名党员\"10月\"党费\\未交\n（待定）");
    r->reasons[1].refs[0] = (struct audit_ref){REF_MEMBER, 11};
    r->reasons[1].refs[1] = (struct audit_ref){REF_MEMBER, 12};
    r->reasons[1].nrefs = 2;
}

TEST(audit_report_snapshot_round_trip)
{
    struct audit_result r;
    sample_result(&r);
    char *json = audit_snapshot_json(&r);
    CHECK(json != NULL);
    CHECK_STR(json, "{\"score\":70,\"states\":{\"meetings\":\"fail\",\"theme_day\":\"pass\","
                    "\"records\":\"pass\",\"members\":\"pass\",\"dues\":\"pending\",\"posts\":\"pass\"},"
                    "\"reasons\":[\"10月未召开支部委员会\",\"2名党员\\\"10月\\\"党费\\\\未交\\u000a（待定）\"]}");
    enum audit_state st[AI_COUNT];
    int score = -1;
    char *reasons = NULL;
    CHECK_INT(audit_snapshot_read(json, st, &score, &reasons), 0);
    CHECK_INT(score, 70);
    CHECK_INT(st[AI_MEETINGS], AS_FAIL);
    CHECK_INT(st[AI_THEME_DAY], AS_PASS);
    CHECK_INT(st[AI_DUES], AS_PENDING);
    CHECK_INT(st[AI_POSTS], AS_PASS);
    CHECK_STR(reasons, "10月未召开支部委员会\n2名党员\"10月\"党费\\未交\n（待定）");
    free(reasons);
    /* without reasons_out */
    CHECK_INT(audit_snapshot_read(json, st, &score, NULL), 0);
    free(json);
    audit_result_free(&r);
}

TEST(audit_report_snapshot_no_reasons)
{
    struct audit_result r;
    sample_result(&r);
    free(r.reasons);
    r.reasons = NULL;
    r.nreasons = 0;
    r.score = 100;
    char *json = audit_snapshot_json(&r);
    enum audit_state st[AI_COUNT];
    int score = 0;
    char *reasons = NULL;
    CHECK_INT(audit_snapshot_read(json, st, &score, &reasons), 0);
    CHECK_INT(score, 100);
    CHECK_STR(reasons, "");
    free(reasons);
    free(json);
}

TEST(audit_report_snapshot_read_lenient)
{
    /* spaces, \u escapes (a surrogate pair), an unknown item ignored, a missing item pending,
     * no reasons at all */
    enum audit_state st[AI_COUNT];
    int score = -1;
    char *reasons = NULL;
    CHECK_INT(audit_snapshot_read(" { \"states\" : { \"posts\" : \"fail\" , \"future\" : \"pass\" } ,"
                                  " \"score\" : 85 , \"reasons\" : [ \"\\u4e09\\ud83d\\ude00\" ] } ",
                                  st, &score, &reasons), 0);
    CHECK_INT(score, 85);
    CHECK_INT(st[AI_POSTS], AS_FAIL);
    CHECK_INT(st[AI_MEETINGS], AS_PENDING);
    CHECK_STR(reasons, "三\xF0\x9F\x98\x80");
    free(reasons);
    reasons = NULL;
    CHECK_INT(audit_snapshot_read("{\"score\":0,\"states\":{}}", st, &score, &reasons), 0);
    CHECK_INT(score, 0);
    CHECK_STR(reasons, "");
    free(reasons);
}

TEST(audit_report_snapshot_read_rejects)
{
    static const char *const BAD[] = {
        "", "null", "[]", "{}", "not json",
        "{\"score\":70}",                                              /* no states */
        "{\"states\":{\"meetings\":\"pass\"}}",                        /* no score */
        "{\"score\":\"seventy\",\"states\":{}}",                       /* score not a number */
        "{\"score\":101,\"states\":{}}",                               /* out of range */
        "{\"score\":-1,\"states\":{}}",
        "{\"score\":7x,\"states\":{}}",
        "{\"score\":70,\"states\":{\"meetings\":\"good\"}}",           /* not a state */
        "{\"score\":70,\"states\":{\"meetings\":1}}",
        "{\"score\":70,\"states\":[\"pass\"]}",
        "{\"score\":70,\"states\":{\"meetings\":\"pass\"",             /* cut short */
        "{\"score\":70,\"states\":{\"meetings\":\"pass\",}}",
        "{\"score\":70,\"states\":{},\"reasons\":[1,2]}",             /* reasons not strings */
        "{\"score\":70,\"states\":{},\"reasons\":[\"a\",]}",
        "{\"score\":70,\"states\":{},\"reasons\":[\"a\\q\"]}",        /* a bad escape */
        "{\"score\":70,\"states\":{},\"reasons\":{\"a\":\"b\"}}",
    };
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        enum audit_state st[AI_COUNT];
        for (int k = 0; k < AI_COUNT; k++) st[k] = AS_FAIL;
        int score = 55;
        char *reasons = (char *)"untouched";
        int rc = audit_snapshot_read(BAD[i], st, &score, &reasons);
        if (rc != -1) test_fail(__FILE__, __LINE__, "accepted as a snapshot: %s", BAD[i]);
        CHECK_INT(score, 55);          /* left as it was */
        CHECK_INT(st[AI_MEETINGS], AS_FAIL);
        CHECK(reasons == NULL);
    }
    CHECK_INT(audit_snapshot_read(NULL, NULL, NULL, NULL), -1);
}

TEST(audit_report_state_codes)
{
    CHECK_STR(audit_state_code(AS_PASS), "pass");
    CHECK_STR(audit_state_code(AS_FAIL), "fail");
    CHECK_STR(audit_state_code(AS_PENDING), "pending");
    CHECK_INT(audit_state_of_code("fail"), AS_FAIL);
    CHECK_INT(audit_state_of_code("pending"), AS_PENDING);
    CHECK_INT(audit_state_of_code("Pass"), -1);
    CHECK_INT(audit_state_of_code(""), -1);
    CHECK_INT(audit_state_of_code(NULL), -1);
}

/* The text of f (rewound), as a heap string. */
static char *slurp(FILE *f)
{
    fflush(f);
    long n = ftell(f);
    rewind(f);
    char *s = xcalloc((size_t)n + 1, 1);
    if (fread(s, 1, (size_t)n, f) != (size_t)n) s[0] = '\0';
    return s;
}

TEST(audit_report_result_text)
{
    struct audit_result r;
    sample_result(&r);
    FILE *f = tmpfile();
    audit_result_text(f, &r, "1101010002", "红旗村党支部");
    char *s = slurp(f);
    fclose(f);
    char *want = xasprintf("1101010002 红旗村党支部  2026年10月  得分 70\n"
                           "  %s 三会一课  未达标（扣 30 分）\n"
                           "      · 10月未召开支部委员会\n"
                           "  %s 主题党日  达标\n"
                           "  %s 记录规范  达标\n"
                           "  %s 党员管理  达标\n"
                           "  %s 党费收缴  待定\n"
                           "      · 2名党员\"10月\"党费\\未交 （待定）\n"
                           "  %s 设岗定责  达标\n",
                           audit_state_mark(AS_FAIL), audit_state_mark(AS_PASS), audit_state_mark(AS_PASS),
                           audit_state_mark(AS_PASS), audit_state_mark(AS_PENDING), audit_state_mark(AS_PASS));
    CHECK_STR(s, want);
    free(want);
    free(s);
    audit_result_free(&r);
}

TEST(audit_report_result_json)
{
    struct audit_result r;
    sample_result(&r);
    struct audit_rules rules;
    { struct rules R; rules_from_config(NULL, &R); rules = R.audit; }
    FILE *f = tmpfile();
    CHECK_INT(audit_result_json(f, &r, &rules, "1101010002", "红旗村\"党支部\""), 0);
    char *s = slurp(f);
    fclose(f);
    CHECK_STR(s, "{\"branch_code\":\"1101010002\",\"branch_name\":\"红旗村\\\"党支部\\\"\",\"month\":\"2026-10\","
                 "\"score\":70,\"suggest\":\"fail\",\"states\":{\"meetings\":\"fail\",\"theme_day\":\"pass\","
                 "\"records\":\"pass\",\"members\":\"pass\",\"dues\":\"pending\",\"posts\":\"pass\"},"
                 "\"reasons\":[{\"item\":\"meetings\",\"text\":\"10月未召开支部委员会\",\"fails\":true,"
                 "\"refs\":[{\"kind\":\"group\",\"id\":3}]},"
                 "{\"item\":\"dues\",\"text\":\"2名党员\\\"10月\\\"党费\\\\未交\\u000a（待定）\",\"fails\":false,"
                 "\"refs\":[{\"kind\":\"member\",\"id\":11},{\"kind\":\"member\",\"id\":12}]}]}");
    free(s);
    audit_result_free(&r);
}

TEST(audit_report_rules_from_config)
{
    struct config c;
    config_defaults(&c);
    c.weight_meetings = 40;
    c.weight_posts = 5;
    c.pass_score = 75;
    c.post_coverage_percent = 60;
    c.committee_per_month = 2;
    c.late_entry_days = 3;
    c.arrears_talk_months = 4;
    c.farmer_amount = 100;
    c.mobile_contact_months = 5;
    struct audit_rules r;
    { struct rules R; rules_from_config(&c, &R); r = R.audit; }
    CHECK_INT(r.weight[AI_MEETINGS], 40);
    CHECK_INT(r.weight[AI_THEME_DAY], 15);
    CHECK_INT(r.weight[AI_POSTS], 5);
    CHECK_INT(r.pass_score, 75);
    CHECK_INT(r.post_coverage_percent, 60);
    CHECK_INT(r.freq.committee_per_month, 2);
    CHECK_INT(r.freq.general_per_quarter, 1);
    CHECK_INT(r.late_entry_days, 3);
    CHECK_INT(r.dues.arrears_talk_months, 4);
    CHECK_INT(r.dues.arrears_lapse_months, 6);
    CHECK_INT(r.dues.farmer_amount, 100);
    CHECK_INT(r.mobile_contact_months, 5);
    CHECK_INT(r.probation_months, 12);
    CHECK_INT(r.post_report_months, 3);
    /* NULL: the defaults */
    { struct rules R; rules_from_config(NULL, &R); r = R.audit; }
    CHECK_INT(r.weight[AI_MEETINGS], 30);
    CHECK_INT(r.pass_score, 80);
    CHECK_INT(r.post_coverage_percent, 80);
}
