/* Unit tests of core/row_rules.c (the rule of every column that travels between offices) and of
 * the dues checks the store's typed writes and the import share (core/dues.c): bad input of
 * every kind refused with its sentence, good input accepted; every column of every table that
 * travels has a rule (a new column fails here until it gets one); the config's [exchange]
 * defaults are the store's. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "zhibu/config.h"
#include "zhibu/dues.h"
#include "zhibu/meeting.h"
#include "zhibu/row_rules.h"
#include "zhibu/store.h"
#include "zhibu/store_exchange.h"

static const struct row_limits LIM = {.latest = {2026, 11, 22}, .max_count = 20000};

static struct col_value text(const char *s)
{
    return (struct col_value){.type = CV_TEXT, .s = s, .n = strlen(s)};
}

static struct col_value num(long long i)
{
    return (struct col_value){.type = CV_INT, .i = i};
}

/* the sentence for table.column = v ("" when accepted) */
static const char *why(const char *table, const char *column, struct col_value v)
{
    const struct col_rule *r = col_rule_find(table, column);
    if (!r) {
        test_fail(__FILE__, __LINE__, "no rule for %s.%s", table, column);
        return "?";
    }
    const char *w = col_check(r, &v, &LIM);
    return w ? w : "";
}

TEST(row_rules_dates_months_times_stamps)
{
    CHECK_STR(why("meeting", "date", text("2026-02-10")), "");
    CHECK_STR(why("meeting", "date", text("2026-02-30")), "日期格式应为 YYYY-MM-DD，且须是真实日期");
    CHECK_STR(why("meeting", "date", text("garbage")), "日期格式应为 YYYY-MM-DD，且须是真实日期");
    CHECK_STR(why("meeting", "date", text("2026-2-10")), "日期格式应为 YYYY-MM-DD，且须是真实日期");
    CHECK_STR(why("meeting", "date", text("")), "不能为空");
    CHECK_STR(why("meeting", "date", num(20260210)), "数据类型不符");
    /* not after the latest day (today and the clock skew); plans and deadlines may lie ahead */
    CHECK_STR(why("meeting", "date", text("2026-11-22")), "");
    CHECK_STR(why("meeting", "date", text("2026-11-23")), "日期不能晚于今天");
    CHECK_STR(why("meeting_plan", "date", text("2027-03-01")), "");
    CHECK_STR(why("rectification", "deadline", text("2027-03-01")), "");
    CHECK_STR(why("member", "birth_date", text("")), ""); /* optional */
    CHECK_STR(why("dues_payment", "from_month", text("2026-12")), "");
    CHECK_STR(why("dues_payment", "from_month", text("2026-13")), "月份格式应为 YYYY-MM");
    CHECK_STR(why("dues_payment", "from_month", text("2026-1")), "月份格式应为 YYYY-MM");
    CHECK_STR(why("member_transfer", "dues_paid_through", text("")), "");
    CHECK_STR(why("meeting", "start_time", text("09:30")), "");
    CHECK_STR(why("meeting", "start_time", text("")), "");
    CHECK_STR(why("meeting", "start_time", text("24:00")), "时间格式应为 HH:MM（如 09:30）");
    CHECK_STR(why("meeting", "start_time", text("9:30")), "时间格式应为 HH:MM（如 09:30）");
    CHECK_STR(why("meeting", "updated_at", text("2026-11-21T08:00:00Z")), "");
    CHECK_STR(why("meeting", "updated_at", text("2026-11-21 08:00:00")),
              "时间格式应为 YYYY-MM-DDTHH:MM:SSZ");
    CHECK_STR(why("meeting", "updated_at", text("2026-11-21T25:00:00Z")),
              "时间格式应为 YYYY-MM-DDTHH:MM:SSZ");
    CHECK_STR(why("meeting", "updated_at", text("2099-01-01T00:00:00Z")), "时间不能晚于今天");
    CHECK_STR(why("meeting", "voided_at", (struct col_value){.type = CV_NULL}), "");
    CHECK_STR(why("meeting", "created_at", (struct col_value){.type = CV_NULL}), "不能为空");
    /* columns some writes fill with a day and others with a time */
    CHECK_STR(why("post_excuse", "ended_at", text("2026-03-01")), "");
    CHECK_STR(why("post_excuse", "ended_at", text("2026-03-01T08:00:00Z")), "");
    CHECK_STR(why("post_excuse", "ended_at", text("soon")), "日期格式应为 YYYY-MM-DD，且须是真实日期");
}

TEST(row_rules_codes_numbers_references)
{
    CHECK_STR(why("member", "status", text("full")), "");
    CHECK_STR(why("member", "status", text("boss")), "选项无效");
    CHECK_STR(why("member", "gender", text("")), "选项无效");
    CHECK_STR(why("member", "education", text("")), ""); /* "" = not given */
    CHECK_STR(why("member", "office", text("")), "");
    CHECK_STR(why("meeting_attendance", "mark", text("maybe")), "选项无效");
    CHECK_STR(why("dues_adjust", "kind", text("forgive")), "选项无效");
    CHECK_STR(why("audit_verdict", "item", text("overall")), "");
    CHECK_STR(why("amend_request", "table_name", text("app_user")), ""); /* a known table */
    CHECK_STR(why("amend_request", "table_name", text("sqlite_master")), "选项无效");
    /* amounts: the bounds the forms use (DUES_MAX_AMOUNT, 100,000 元) */
    CHECK_STR(why("dues_payment", "amount", num(-5)), "数值超出范围");
    CHECK_STR(why("dues_payment", "amount", num(0)), "数值超出范围");
    CHECK_STR(why("dues_payment", "amount", num(99999999999LL)), "数值超出范围");
    CHECK_STR(why("dues_payment", "amount", num(DUES_MAX_AMOUNT)), "");
    CHECK_STR(why("dues_payment", "amount", num(DUES_MAX_AMOUNT + 1)), "数值超出范围");
    CHECK_STR(why("dues_payment", "amount", text("50")), "数据类型不符");
    CHECK_STR(why("dues_allocation", "amount", num(-1)), "数值超出范围");
    CHECK_STR(why("dues_adjust", "amount", num(0)), "");
    CHECK_STR(why("dues_basis", "base_fen", num(-5)), "数值超出范围");
    CHECK_STR(why("post", "wanted", num(100)), "数值超出范围");
    CHECK_STR(why("meeting", "quorum", num(7)), "数值超出范围");
    CHECK_STR(why("meeting", "election", num(2)), "数值超出范围");
    /* counts: at most the members a branch may have */
    CHECK_STR(why("meeting", "present", num(20000)), "");
    CHECK_STR(why("meeting", "present", num(20001)), "数值超出范围");
    CHECK_STR(why("meeting_resolution", "votes_for", num(-3)), "数值超出范围");
    CHECK_STR(why("meeting", "host_id", text("1b2c3d4e-0000-4000-8000-000000000001")), "");
    CHECK_STR(why("meeting", "host_id", (struct col_value){.type = CV_NULL}), "");
    CHECK_STR(why("meeting", "host_id", text("1")), "记录编号（uuid）无效");
    CHECK_STR(why("meeting_attendance", "meeting_id", (struct col_value){.type = CV_NULL}), "不能为空");
    CHECK_STR(why("meeting", "host_id", num(17)), "数据类型不符");
    CHECK_STR(why("meeting", "date", (struct col_value){.type = CV_OTHER}), "数据类型不符");
}

TEST(row_rules_texts)
{
    /* the limits of the forms: minutes 20,000 characters, place 60, a name 30 */
    size_t n = MEETING_MINUTES_MAX;
    char *big = malloc(5 * 1024 * 1024 + 1);
    memset(big, 'x', 5 * 1024 * 1024);
    big[n] = '\0';
    CHECK_STR(why("meeting", "minutes", text(big)), "");
    big[n] = 'x';
    big[n + 1] = '\0';
    CHECK_STR(why("meeting", "minutes", text(big)), "内容过长");
    big[5 * 1024 * 1024] = '\0';
    CHECK_STR(why("meeting", "minutes", text(big)), "内容过长"); /* 5 MB */
    free(big);
    CHECK_STR(why("meeting", "minutes", text("第一行\n第二行")), "");
    CHECK_STR(why("meeting", "place", text("村委会\n二楼")), "含有控制字符或无效字符");
    CHECK_STR(why("meeting", "place", text("村委会\x07")), "含有控制字符或无效字符");
    CHECK_STR(why("meeting", "place", text("\xff\xfe")), "含有控制字符或无效字符");
    struct col_value nul = {.type = CV_TEXT, .s = "村委\0会", .n = 9};
    CHECK_STR(why("meeting", "place", nul), "含有控制字符或无效字符");
    CHECK_STR(why("member", "name", text("王芳")), "");
    CHECK_STR(why("member", "name", text("")), "不能为空");
    CHECK_STR(why("member", "name", text(" 　 ")), "不能为空");
    CHECK_STR(why("member", "name", text("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一")),
              "内容过长");
    /* a text the store keeps in a struct: its size in bytes */
    CHECK_STR(why("member", "phone", text("123456789012345678901234")), "内容过长");
    CHECK_STR(why("branch", "name", text("红旗村党支部")), "");
}

TEST(row_rules_every_column_has_a_rule)
{
    char *path = test_db_path("rules.db");
    struct store *st = test_open_db(path, "system");
    store_close(st);
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    int nrules;
    const struct col_rule *rules = col_rules_all(&nrules);
    int seen = 0;
    for (int i = 0; LEDGER_TABLES[i].code; i++) {
        const char *t = LEDGER_TABLES[i].code;
        if (strcmp(t, "app_user") == 0 || strcmp(t, "branch_meta") == 0 ||
            strcmp(t, "journal") == 0 || strcmp(t, "office") == 0 ||
            strcmp(t, "office_key") == 0 || strcmp(t, "office_peer") == 0 ||
            strcmp(t, "station") == 0 || strncmp(t, "township", 8) == 0 ||
            strcmp(t, "district_office") == 0)
            continue; /* never travel as rows (accounts, this office's identity and the offices
                       * it registered; a district's stations and townships, which township
                       * sends a branch, a township's district), or pseudo-tables */
        sqlite3_stmt *s = NULL;
        CHECK_INT(sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_info(?1)", -1, &s, NULL),
                  SQLITE_OK);
        sqlite3_bind_text(s, 1, t, -1, SQLITE_STATIC);
        int cols = 0;
        while (sqlite3_step(s) == SQLITE_ROW) {
            const char *c = (const char *)sqlite3_column_text(s, 0);
            cols++;
            if (strcmp(c, "id") == 0 || strcmp(c, "uuid") == 0) continue;
            /* stay home (exchange.c LOCAL_COLS) */
            if ((strcmp(t, "dues_allocation") == 0 && strcmp(c, "member_id") == 0) ||
                (strcmp(t, "amend_request") == 0 && strcmp(c, "history_after") == 0))
                continue;
            if (!col_rule_find(t, c)) test_fail(__FILE__, __LINE__, "no rule for %s.%s", t, c);
            seen++;
        }
        sqlite3_finalize(s);
        if (cols == 0) test_fail(__FILE__, __LINE__, "no table %s", t);
        /* schema 13: these travel with their parent's timestamps (exchange_schema.c key_col) */
        if (strcmp(t, "meeting_attendance") == 0 || strcmp(t, "dues_allocation") == 0) {
            CHECK(col_rule_find(t, "created_at") != NULL);
            CHECK(col_rule_find(t, "updated_at") != NULL);
            seen += 2;
        }
    }
    /* and no rule for a column that is not there */
    CHECK_INT(nrules, seen);
    for (int i = 0; i < nrules; i++) {
        char sql[160];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM pragma_table_info('%s') WHERE name = '%s'",
                 rules[i].table, rules[i].column);
        sqlite3_stmt *s = NULL;
        CHECK_INT(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
        CHECK_INT(sqlite3_step(s), SQLITE_ROW);
        bool keyed = strcmp(rules[i].table, "meeting_attendance") == 0 ||
                     strcmp(rules[i].table, "dues_allocation") == 0;
        bool stamp = strcmp(rules[i].column, "created_at") == 0 ||
                     strcmp(rules[i].column, "updated_at") == 0;
        if (sqlite3_column_int(s, 0) != 1 && !(keyed && stamp))
            test_fail(__FILE__, __LINE__, "rule for %s.%s: no such column", rules[i].table,
                      rules[i].column);
        sqlite3_finalize(s);
    }
    sqlite3_close(db);
    free(path);
}

TEST(row_rules_meeting_counts)
{
    struct attendee att[3] = {{.voting = true, .mark = "present"},
                              {.voting = true, .mark = "leave", .reason = "病假", .excused = true},
                              {.voting = false, .mark = "absent", .reason = "外出"}};
    struct meeting m;
    memset(&m, 0, sizeof m);
    snprintf(m.kind, sizeof m.kind, "general");
    m.attendees = att;
    m.nattendees = 3;
    meeting_evaluate(&m, NULL);
    CHECK(row_check_meeting_counts(&m) == NULL);
    m.present = 3;
    CHECK_STR(row_check_meeting_counts(&m), "实到、请假、缺席人数与出席名单不符");
    meeting_evaluate(&m, NULL);
    m.expected = 99;
    CHECK_STR(row_check_meeting_counts(&m), "应到人数与出席名单不符");
    meeting_evaluate(&m, NULL);
    m.voting_expected = 2; /* the excused member left out: 1 */
    CHECK_STR(row_check_meeting_counts(&m), "有表决权的应到、实到人数与出席名单不符");
    meeting_evaluate(&m, NULL);
    m.quorum = 7;
    CHECK_STR(row_check_meeting_counts(&m), "是否达到法定人数的取值无效");
    meeting_evaluate(&m, NULL);
    m.missing_mask = 1u << 20;
    CHECK_STR(row_check_meeting_counts(&m), "缺少要素的取值无效");
    /* no list, no counts: the record of a meeting entered without its attendance */
    memset(&m, 0, sizeof m);
    CHECK(row_check_meeting_counts(&m) == NULL);
}

TEST(dues_checks_shared_by_store_and_import)
{
    struct dues_paid one = {.ym = dues_ym(2026, 2), .amount = 50};
    int feb = dues_ym(2026, 2);
    CHECK(dues_check_entry(feb, feb, 50, "2026-02-12") == NULL);
    CHECK_STR(dues_check_entry(feb, feb, -5, "2026-02-12"), "交费金额须大于0");
    CHECK_STR(dues_check_entry(feb, feb, 99999999999L, "2026-02-12"), "交费金额不能超过 100000 元");
    CHECK_STR(dues_check_entry(feb, feb - 1, 50, "2026-02-12"), "起始月份不能晚于结束月份");
    CHECK_STR(dues_check_entry(-1, feb, 50, "2026-02-12"), "交费月份无效");
    CHECK_STR(dues_check_entry(feb, feb, 50, "2026-02-30"), "交费日期格式应为 YYYY-MM-DD，且须是真实日期");
    CHECK(dues_check_allocations(feb, feb, 50, &one, 1) == NULL);
    /* the forged bundle's allocations: 100,049 fen under a payment of 50 */
    struct dues_paid forged[2] = {{.ym = feb, .amount = 50}, {.ym = feb, .amount = 99999}};
    CHECK_STR(dues_check_allocations(feb, feb, 50, forged, 2), "各月分配合计与交费金额不符");
    CHECK_STR(dues_check_allocations(feb, feb, 50, NULL, 0), "交费未分配到月份");
    struct dues_paid outside = {.ym = feb + 3, .amount = 50};
    CHECK_STR(dues_check_allocations(feb, feb, 50, &outside, 1), "分配的月份不在交费起止月份之内");
    struct dues_paid negative[2] = {{.ym = feb, .amount = 55}, {.ym = feb, .amount = -5}};
    CHECK_STR(dues_check_allocations(feb, feb, 50, negative, 2), "分配到月份的金额无效");
    CHECK(dues_check_basis(feb, "employed", 500000) == NULL);
    CHECK_STR(dues_check_basis(feb, "employed", -5), "党费基数不能为负数");
    CHECK_STR(dues_check_basis(feb, "employed", 99999999999L), "党费基数不能超过 100000 元");
    CHECK_STR(dues_check_basis(feb, "boss", 0), "党费类别无效");
    CHECK_STR(dues_check_basis(0, "farmer", 0), "起始月份无效");
    CHECK(dues_check_adjust(feb, feb + 5, DUES_WAIVE, 0) == NULL);
    CHECK_STR(dues_check_adjust(feb, feb - 1, DUES_WAIVE, 0), "起始月份不能晚于结束月份");
    CHECK_STR(dues_check_adjust(feb, feb, dues_adjust_kind_of("forgive"), 0), "减免类别无效");
    CHECK_STR(dues_check_adjust(feb, feb, DUES_REDUCE, -5), "减交金额无效");
    CHECK_INT(dues_adjust_kind_of("defer"), DUES_DEFER);
}

TEST(exchange_limits_defaults_are_the_configs)
{
    struct config c;
    config_defaults(&c);
    struct exchange_limits l;
    exchange_limits_default(&l);
    CHECK_INT(l.max_bundle_bytes, (long long)c.max_bundle_mb * 1024 * 1024);
    CHECK_INT(l.max_rows, c.max_rows);
    CHECK_INT(l.max_members, c.max_members);
    CHECK_INT(l.clock_skew_days, c.clock_skew_days);
    CHECK_INT(l.min_join_age, c.min_join_age);
    CHECK_INT(l.probation_months, c.probation_months);
}
