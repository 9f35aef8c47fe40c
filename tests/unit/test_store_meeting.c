/* Unit tests of src/store/meeting_db.c: schema 2 and the upgrade from 1, the expected list as of a
 * date, records (round trip, update with history, void), list pages with filters and search
 * (FTS5 and substring, hostile query text), facts, streaming, and plans. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixtures.h"
#include "test.h"
#include "zhibu/store.h"
#include "zhibu/store_meeting.h"
#include "zhibu/text.h"

/* ---- helpers --------------------------------------------------------------------------- */

static struct store *open_db(const char *path)
{
    return test_open_db(path, "书记甲");
}

static struct store *fresh(void)
{
    char *p = test_db_path("m.db");
    struct store *st = open_db(p);
    free(p);
    return st;
}

/* A minimal record of kind on date with topics (heap copies); free with meeting_free. */
static void fill_meeting(struct meeting *m, int64_t branch_id, const char *kind, const char *date,
                         const char *topics, const char *minutes)
{
    memset(m, 0, sizeof *m);
    m->branch_id = branch_id;
    snprintf(m->kind, sizeof m->kind, "%s", kind);
    snprintf(m->date, sizeof m->date, "%s", date);
    m->topics = strdup(topics);
    m->minutes = strdup(minutes);
}

static int64_t add_simple(struct store *st, int64_t branch_id, const char *kind, const char *date,
                          unsigned also, const char *topics, const char *minutes)
{
    struct meeting m;
    fill_meeting(&m, branch_id, kind, date, topics, minutes);
    m.also_mask = also;
    int rc = store_meeting_add(st, &m);
    if (rc != STORE_OK) test_fail(__FILE__, __LINE__, "meeting_add: %s", store_errmsg(st));
    meeting_free(&m);
    return m.id;
}

static struct meeting_filter all_of(int64_t branch_id)
{
    struct meeting_filter f = {.branch_id = branch_id, .kind = -1};
    return f;
}

static int count_q(struct store *st, int64_t branch_id, const char *q)
{
    struct meeting_filter f = all_of(branch_id);
    f.query = q;
    return store_meeting_count(st, &f);
}

/* ---- schema ---------------------------------------------------------------------------- */

static int sql_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return v;
}

TEST(store_meeting_schema_fresh_has_meeting_objects)
{
    char *p = test_db_path("v2.db");
    struct store *st = open_db(p);
    if (!st) return;
    CHECK_INT(store_schema_version(st), STORE_SCHEMA_VERSION);
    store_close(st);
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(p, &db), SQLITE_OK);
    CHECK_INT(sql_int(db, "SELECT count(*) FROM sqlite_schema WHERE name IN ('meeting',"
                          " 'meeting_attendance', 'meeting_resolution', 'meeting_plan',"
                          " 'meeting_fts', 'meeting_branch_date',"
                          " 'meeting_plan_branch_date', 'meeting_fts_insert',"
                          " 'meeting_fts_update', 'meeting_fts_delete')"),
              10);
    sqlite3_close(db);
    free(p);
}

/* A version-1 database is exactly today's file without the objects of versions 2 and up:
 * schema 1 is MIGRATIONS[0], unchanged. Make one by dropping them (versions 4 and 3 first, and
 * version 3's added member column), then let store_open upgrade it. */
TEST(store_meeting_schema_upgrade_from_v1)
{
    char *p = test_db_path("v1.db");
    struct store *st = open_db(p);
    if (!st) return;
    int64_t b = fx_branch(st, "V1", "V1村党支部", 0);
    int64_t mid = fx_member_dated(st, b, 0, "刘老党员", "", "1980-01-01", "1981-01-01", "");
    store_close(st);

    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(p, &db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db,
                           DOWNGRADE_V6_SQL "DROP TABLE audit_verdict; DROP TABLE rectification; DROP TABLE handin;"
                           " DROP INDEX branch_parent;"
                           " DROP TABLE post_review; DROP TABLE post_report;"
                           " DROP TABLE post_holding; DROP TABLE post_excuse; DROP TABLE post;"
                           " DROP TABLE dues_allocation; DROP TABLE dues_payment;"
                           " DROP TABLE dues_adjust; DROP TABLE dues_basis;"
                           " DROP TABLE member_mobile; DROP TABLE mobile_contact;"
                           " DROP TABLE member_transfer;"
                           " ALTER TABLE member DROP COLUMN full_meeting_id;"
                           " DROP TABLE meeting_fts; DROP TABLE meeting_attendance;"
                           " DROP TABLE meeting_resolution; DROP TABLE meeting;"
                           " DROP TABLE meeting_plan; PRAGMA user_version = 1;",
                           NULL, NULL, NULL),
              SQLITE_OK);
    sqlite3_close(db);

    st = open_db(p);
    if (!st) return;
    CHECK_INT(store_schema_version(st), STORE_SCHEMA_VERSION);
    const char *bak = store_migration_backup(st);
    CHECK(strstr(bak, "/v1.db.v1-") != NULL);
    struct member mem;
    CHECK_INT(store_member_get(st, mid, &mem), STORE_OK);
    CHECK_STR(mem.name, "刘老党员");
    /* the new tables work, search index included */
    add_simple(st, b, "general", "2024-03-01", 0, "升级后的第一次党员大会", "");
    CHECK_INT(count_q(st, b, "第一次"), 1);
    char bakcopy[1024];
    snprintf(bakcopy, sizeof bakcopy, "%s", bak);
    store_close(st);

    /* the backup is the old database: version 1, no meeting table */
    CHECK_INT(sqlite3_open(bakcopy, &db), SQLITE_OK);
    CHECK_INT(sql_int(db, "PRAGMA user_version"), 1);
    CHECK_INT(sql_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'meeting'"), 0);
    CHECK_INT(sql_int(db, "SELECT count(*) FROM member"), 1);
    sqlite3_close(db);
    free(p);
}

/* ---- the expected list ----------------------------------------------------------------- */

TEST(store_meeting_expected_as_of_date)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "E1", "E1村党支部", 0);
    int64_t other = fx_branch(st, "E2", "E2村党支部", 0);
    int64_t g1 = fx_group(st, b, "第一党小组");
    int64_t g2 = fx_group(st, b, "第二党小组");
    int64_t sec = fx_member_dated(st, b, g2, "张书记", "secretary", "2001-07-01", "2002-07-01", "");
    int64_t org = fx_member_dated(st, b, g1, "李组织", "organization", "2003-07-01", "2004-07-01", "");
    int64_t a1 = fx_member_dated(st, b, g1, "安一", "", "2010-01-01", "2011-01-01", "");
    fx_member_dated(st, b, g1, "新来的", "", "2024-06-01", "", "");                 /* joined after */
    fx_member_dated(st, b, g1, "早走的", "", "2000-01-01", "2001-01-01", "2024-01-10"); /* left before */
    int64_t late = fx_member_dated(st, b, g2, "后走的", "", "2000-01-01", "2001-01-01", "2024-05-01");
    int64_t prob = fx_member_dated(st, b, 0, "孙预备", "", "2023-06-01", "2024-06-01", "");
    int64_t prob2 = fx_member_dated(st, b, 0, "周预备", "", "2023-09-01", "", "");
    fx_member_dated(st, other, 0, "外支部", "", "2000-01-01", "2001-01-01", "");

    struct attendee *list = NULL;
    int n = -1;
    CHECK_INT(store_meeting_expected(st, b, MK_GENERAL, 0, "2024-03-15", &list, &n), STORE_OK);
    /* roster order: groups as made (第一 then 第二), office rank, name (by code point: 周 before
     * 孙); no group last */
    int64_t want[] = {org, a1, sec, late, prob2, prob};
    CHECK_INT(n, 6);
    for (int i = 0; i < n && i < 6; i++) {
        CHECK_INT(list[i].member_id, want[i]);
        CHECK_STR(list[i].mark, "present");
        CHECK_STR(list[i].reason, "");
    }
    if (n == 6) {
        CHECK_STR(list[0].name, "李组织");
        CHECK_STR(list[0].office, "organization");
        CHECK(list[0].voting);
        CHECK(list[3].voting);  /* leaves later, still a full member that day */
        CHECK(!list[4].voting); /* still probationary */
        CHECK(!list[5].voting); /* becomes full after the meeting */
    }
    free(list);

    /* the day the probationary member becomes full, and the day the other leaves: both count */
    CHECK_INT(store_meeting_expected(st, b, MK_LECTURE, 0, "2024-06-01", &list, &n), STORE_OK);
    CHECK_INT(n, 6); /* 新来的 joined that day; 后走的 left before it */
    bool found_prob = false;
    for (int i = 0; i < n; i++) {
        if (list[i].member_id == prob) {
            found_prob = true;
            CHECK(list[i].voting);
        }
        CHECK(list[i].member_id != late);
    }
    CHECK(found_prob);
    free(list);

    /* committee: office holders, by rank */
    CHECK_INT(store_meeting_expected(st, b, MK_COMMITTEE, 0, "2024-03-15", &list, &n), STORE_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_INT(list[0].member_id, sec);
        CHECK_INT(list[1].member_id, org);
    }
    free(list);

    /* a group: its members only */
    CHECK_INT(store_meeting_expected(st, b, MK_GROUP, g2, "2024-03-15", &list, &n), STORE_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_INT(list[0].member_id, sec);
        CHECK_INT(list[1].member_id, late);
    }
    free(list);
    /* a group meeting without its group: nobody yet */
    CHECK_INT(store_meeting_expected(st, b, MK_GROUP, 0, "2024-03-15", &list, &n), STORE_OK);
    CHECK_INT(n, 0);
    free(list);
    /* before anyone joined */
    CHECK_INT(store_meeting_expected(st, b, MK_GENERAL, 0, "1999-01-01", &list, &n), STORE_OK);
    CHECK_INT(n, 0);
    free(list);
    store_close(st);
}

/* ---- records --------------------------------------------------------------------------- */

/* A full committee record with attendance and resolutions; minutes of `minutes_chars`
 * Chinese characters. */
static void full_record(struct meeting *m, int64_t b, const int64_t *people, int npeople,
                        int minutes_chars)
{
    char *minutes = malloc((size_t)minutes_chars * 3 + 1);
    for (int i = 0; i < minutes_chars; i++) memcpy(minutes + i * 3, "议", 3);
    minutes[minutes_chars * 3] = '\0';
    fill_meeting(m, b, "committee", "2024-03-05",
                 "\n  \n研究春耕生产和党员“双报到”工作\n讨论发展党员计划", minutes);
    free(minutes);
    m->also_mask = MK_BIT(MK_THEME_DAY);
    snprintf(m->start_time, sizeof m->start_time, "09:00");
    snprintf(m->end_time, sizeof m->end_time, "11:30");
    snprintf(m->place, sizeof m->place, "村委会二楼会议室");
    m->host_id = people[0];
    m->recorder_id = people[1];
    snprintf(m->observers, sizeof m->observers, "驻村第一书记王某");
    m->nattendees = npeople;
    m->attendees = calloc((size_t)npeople, sizeof *m->attendees);
    for (int i = 0; i < npeople; i++) {
        m->attendees[i].member_id = people[i];
        m->attendees[i].voting = true;
        snprintf(m->attendees[i].mark, sizeof m->attendees[i].mark, "present");
    }
    snprintf(m->attendees[npeople - 1].mark, sizeof m->attendees[0].mark, "leave");
    snprintf(m->attendees[npeople - 1].reason, sizeof m->attendees[0].reason, "外出务工，已请假");
    m->attendees[npeople - 1].excused = true;
    m->nresolutions = 2;
    m->resolutions = calloc(2, sizeof *m->resolutions);
    snprintf(m->resolutions[0].text, sizeof m->resolutions[0].text, "同意将张三列为发展对象");
    m->resolutions[0].votes_for = 2; /* no more than those present with a vote */
    snprintf(m->resolutions[1].text, sizeof m->resolutions[1].text, "修缮村史馆");
    m->resolutions[1].votes_for = 1;
    m->resolutions[1].votes_against = 1;
    m->resolutions[1].votes_abstain = 0;
    m->expected = npeople;
    m->present = npeople - 1;
    m->on_leave = 1;
    m->voting_expected = npeople - 1;
    m->voting_present = npeople - 1;
    m->quorum = QUORUM_MET;
    m->missing_mask = ME_LECTURER;
}

TEST(store_meeting_add_get_roundtrip)
{
    setenv("ZHIBU_TODAY", "2024-03-06", 1);
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "R1", "R1村党支部", 0);
    int64_t people[5];
    const char *names[5] = {"张书记", "李组织", "王宣传", "赵纪检", "钱委员"};
    for (int i = 0; i < 5; i++)
        people[i] = fx_member_dated(st, b, 0, names[i], "committee", "2001-07-01", "2002-07-01", "");
    int hist0 = store_history_count(st);

    struct meeting m;
    full_record(&m, b, people, 5, 20000);
    CHECK_INT(store_meeting_add(st, &m), STORE_OK);
    CHECK(m.id > 0);
    CHECK_INT(strlen(m.uuid), 36);
    CHECK_STR(m.created_by, "书记甲");
    CHECK_INT(strncmp(m.created_at, "2024-03-06T", 11), 0);
    CHECK_INT(store_history_count(st), hist0 + 1);

    struct meeting got;
    CHECK_INT(store_meeting_get(st, m.id, &got), STORE_OK);
    CHECK_STR(got.uuid, m.uuid);
    CHECK_INT(got.branch_id, b);
    CHECK_STR(got.kind, "committee");
    CHECK_INT(got.also_mask, MK_BIT(MK_THEME_DAY));
    CHECK_STR(got.date, "2024-03-05");
    CHECK_STR(got.start_time, "09:00");
    CHECK_STR(got.end_time, "11:30");
    CHECK_STR(got.place, "村委会二楼会议室");
    CHECK_INT(got.host_id, people[0]);
    CHECK_STR(got.host_name, "张书记");
    CHECK_STR(got.recorder_name, "李组织");
    CHECK_STR(got.observers, "驻村第一书记王某");
    CHECK_STR(got.topics, m.topics);
    CHECK_INT(strlen(got.minutes), 60000);
    CHECK_INT(text_chars(got.minutes), 20000);
    CHECK_STR(got.minutes, m.minutes);
    CHECK_INT(got.nattendees, 5);
    if (got.nattendees == 5) {
        CHECK_STR(got.attendees[0].name, "张书记");
        CHECK_STR(got.attendees[0].mark, "present");
        CHECK_STR(got.attendees[4].name, "钱委员");
        CHECK_STR(got.attendees[4].mark, "leave");
        CHECK_STR(got.attendees[4].reason, "外出务工，已请假");
        CHECK(got.attendees[4].excused);
        CHECK(got.attendees[4].voting);
    }
    CHECK_INT(got.nresolutions, 2);
    if (got.nresolutions == 2) {
        CHECK_STR(got.resolutions[0].text, "同意将张三列为发展对象");
        CHECK_INT(got.resolutions[0].votes_for, 2);
        CHECK_STR(got.resolutions[1].text, "修缮村史馆");
        CHECK_INT(got.resolutions[1].votes_against, 1);
    }
    CHECK_INT(got.expected, 5);
    CHECK_INT(got.present, 4);
    CHECK_INT(got.on_leave, 1);
    CHECK_INT(got.quorum, QUORUM_MET);
    CHECK_INT(got.missing_mask, ME_LECTURER);
    CHECK_STR(got.created_by, "书记甲");
    CHECK_STR(got.voided_at, "");
    meeting_free(&got);

    /* the insert's history holds the record with its lists */
    struct history_entry h[4];
    int n = 0;
    CHECK_INT(store_history_list(st, "meeting", m.uuid, h, 4, &n), STORE_OK);
    CHECK_INT(n, 1);
    if (n == 1) {
        CHECK_STR(h[0].action, "insert");
        CHECK_STR(h[0].changed_by, "书记甲");
        CHECK(h[0].old_json == NULL);
        CHECK(h[0].new_json && strstr(h[0].new_json, "\"reason\":\"外出务工，已请假\""));
        CHECK(h[0].new_json && strstr(h[0].new_json, "\"resolutions\":[{\"seq\":1,"));
    }
    store_history_free(h, n);

    /* the list row: first non-blank topic line */
    struct meeting_filter f = all_of(b);
    struct meeting_row rows[2];
    CHECK_INT(store_meeting_page(st, &f, 0, 2, rows, &n), STORE_OK);
    CHECK_INT(n, 1);
    if (n == 1) {
        CHECK_STR(rows[0].first_topic, "研究春耕生产和党员“双报到”工作");
        CHECK_INT(rows[0].expected, 4); /* 应到 as the form counts it: the excused one left out */
        CHECK_INT(rows[0].present, 4);
        CHECK_STR(rows[0].kind, "committee");
        CHECK(!rows[0].voided);
    }
    meeting_free(&m);
    CHECK_INT(store_meeting_get(st, 9999, &got), STORE_ERR_NOT_FOUND);
    CHECK_STR(store_errmsg(st), "会议记录不存在");
    store_close(st);
    unsetenv("ZHIBU_TODAY");
}

TEST(store_meeting_first_topic_cut_at_character)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "T1", "T1村党支部", 0);
    char topics[1200] = "\r\n\t\n　";
    for (int i = 0; i < 100; i++) strcat(topics, "学习");
    strcat(topics, "\n第二行");
    add_simple(st, b, "general", "2024-01-02", 0, topics, "");
    struct meeting_filter f = all_of(b);
    struct meeting_row r;
    int n = 0;
    CHECK_INT(store_meeting_page(st, &f, 0, 1, &r, &n), STORE_OK);
    CHECK_INT(n, 1);
    size_t len = strlen(r.first_topic);
    CHECK(len < sizeof r.first_topic);
    CHECK_INT(len % 3, 0); /* whole characters only */
    CHECK(len >= sizeof r.first_topic - 3);
    CHECK_INT(strncmp(r.first_topic, "学习学习", 12), 0);
    store_close(st);
}

TEST(store_meeting_bad_writes_refused)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "X1", "X1村党支部", 0);
    int64_t b2 = fx_branch(st, "X2", "X2村党支部", 0);
    int64_t g_other = fx_group(st, b2, "外支部小组");
    int64_t p = fx_member_dated(st, b, 0, "甲", "", "2001-01-01", "2002-01-01", "");
    int hist0 = store_history_count(st);
    struct meeting m;

    fill_meeting(&m, b, "party", "2024-01-01", "议题", "");
    CHECK_INT(store_meeting_add(st, &m), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "保存会议记录失败: 会议类型无效");
    meeting_free(&m);

    fill_meeting(&m, b, "group", "2024-01-01", "议题", "");
    m.group_id = g_other;
    CHECK_INT(store_meeting_add(st, &m), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "保存会议记录失败: 党小组不属于该支部");
    meeting_free(&m);

    fill_meeting(&m, b, "general", "2024-01-01", "议题", "");
    m.nattendees = 2;
    m.attendees = calloc(2, sizeof *m.attendees);
    m.attendees[0].member_id = p;
    snprintf(m.attendees[0].mark, sizeof m.attendees[0].mark, "present");
    m.attendees[1].member_id = p;
    snprintf(m.attendees[1].mark, sizeof m.attendees[1].mark, "absent");
    CHECK_INT(store_meeting_add(st, &m), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "保存会议记录失败: 出席名单中有重复的党员");
    snprintf(m.attendees[1].mark, sizeof m.attendees[1].mark, "late");
    m.attendees[1].member_id = p + 1000;
    CHECK_INT(store_meeting_add(st, &m), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "保存会议记录失败: 出席情况的取值无效");
    /* a member who does not exist: refused, and the record row is rolled back with it */
    snprintf(m.attendees[1].mark, sizeof m.attendees[1].mark, "absent");
    CHECK_INT(store_meeting_add(st, &m), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "保存会议记录失败: 出席名单中的党员不存在");
    meeting_free(&m);

    fill_meeting(&m, b, "general", "2024-01-01", "议题", "");
    m.host_id = 424242;
    CHECK_INT(store_meeting_add(st, &m), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "主持人不在名册中") != NULL);
    m.host_id = 0;
    m.plan_id = 777;
    CHECK_INT(store_meeting_add(st, &m), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "保存会议记录失败: 会议计划不存在");
    meeting_free(&m);

    struct meeting_filter f = all_of(b);
    f.include_voided = true;
    CHECK_INT(store_meeting_count(st, &f), 0);
    CHECK_INT(store_history_count(st), hist0);
    m.id = 31337;
    fill_meeting(&m, b, "general", "2024-01-01", "议题", "");
    m.id = 31337;
    CHECK_INT(store_meeting_update(st, &m), STORE_ERR_NOT_FOUND);
    meeting_free(&m);
    CHECK_INT(store_meeting_void(st, 31337, "原因"), STORE_ERR_NOT_FOUND);
    store_close(st);
}

TEST(store_meeting_update_keeps_old_values_in_history)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "U1", "U1村党支部", 0);
    int64_t people[4];
    const char *names[4] = {"甲书记", "乙委员", "丙委员", "丁委员"};
    for (int i = 0; i < 4; i++)
        people[i] = fx_member_dated(st, b, 0, names[i], "committee", "2001-07-01", "2002-07-01", "");
    struct meeting m;
    full_record(&m, b, people, 4, 10);
    CHECK_INT(store_meeting_add(st, &m), STORE_OK);

    /* new topic; 乙 now absent with a reason; 丁 removed from the list; one resolution */
    free(m.topics);
    m.topics = strdup("修改后的议题：人居环境整治");
    snprintf(m.attendees[1].mark, sizeof m.attendees[1].mark, "absent");
    snprintf(m.attendees[1].reason, sizeof m.attendees[1].reason, "生病住院");
    m.nattendees = 3;
    m.nresolutions = 1;
    m.present = 2;
    CHECK_INT(store_meeting_update(st, &m), STORE_OK);

    struct meeting got;
    CHECK_INT(store_meeting_get(st, m.id, &got), STORE_OK);
    CHECK_STR(got.topics, "修改后的议题：人居环境整治");
    CHECK_INT(got.nattendees, 3);
    if (got.nattendees == 3) {
        CHECK_STR(got.attendees[1].name, "乙委员");
        CHECK_STR(got.attendees[1].mark, "absent");
        CHECK_STR(got.attendees[1].reason, "生病住院");
    }
    CHECK_INT(got.nresolutions, 1);
    CHECK_INT(got.present, 2);
    CHECK_STR(got.created_by, "书记甲");
    meeting_free(&got);

    struct history_entry h[4];
    int n = 0;
    CHECK_INT(store_history_list(st, "meeting", m.uuid, h, 4, &n), STORE_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(h[0].action, "update");
        const char *old = h[0].old_json ? h[0].old_json : "";
        const char *neu = h[0].new_json ? h[0].new_json : "";
        CHECK(strstr(old, "研究春耕生产") != NULL);
        CHECK(strstr(neu, "人居环境整治") != NULL);
        char want[128];
        snprintf(want, sizeof want, "{\"member_id\":%lld,\"voting\":1,\"mark\":\"present\"",
                 (long long)people[1]);
        CHECK(strstr(old, want) != NULL);
        snprintf(want, sizeof want, "{\"member_id\":%lld,\"voting\":1,\"mark\":\"absent\"",
                 (long long)people[1]);
        CHECK(strstr(neu, want) != NULL);
        snprintf(want, sizeof want, "\"member_id\":%lld,", (long long)people[3]);
        CHECK(strstr(old, want) != NULL); /* the removed attendee is kept in history */
        CHECK(strstr(neu, want) == NULL);
        CHECK(strstr(old, "修缮村史馆") != NULL);
        CHECK(strstr(neu, "修缮村史馆") == NULL);
        CHECK_STR(h[1].action, "insert");
    }
    store_history_free(h, n);

    /* the search index follows the edit */
    CHECK_INT(count_q(st, b, "人居环境"), 1);
    CHECK_INT(count_q(st, b, "春耕生产"), 0);
    meeting_free(&m);
    store_close(st);
}

/* The attendance is written up to 32 rows a statement (meeting_db.c): a list of 70 crosses two
 * of its batches and ends in shorter ones (32, 32, 4, 2); every row is kept in its place, with
 * its own values, when the record is added and when it is edited (an attendee dropped, two
 * marks changed on either side of a batch's edge). */
TEST(store_meeting_attendance_across_batches)
{
    setenv("ZHIBU_TODAY", "2024-03-06", 1);
    char *path = test_db_path("m.db");
    struct store *st = open_db(path);
    if (!st) {
        free(path);
        return;
    }
    int64_t b = fx_branch(st, "A1", "A1村党支部", 0);
    enum { N = 70 };
    int64_t people[N];
    for (int i = 0; i < N; i++) {
        char name[32];
        snprintf(name, sizeof name, "党员%02d", i);
        people[i] = fx_member_dated(st, b, 0, name, "committee", "2001-07-01", "2002-07-01", "");
    }
    struct meeting m;
    full_record(&m, b, people, N, 10);
    m.attendees[31].voting = false; /* the last of the first batch */
    snprintf(m.attendees[32].mark, sizeof m.attendees[32].mark, "absent"); /* the next one's first */
    snprintf(m.attendees[32].reason, sizeof m.attendees[32].reason, "生病住院");
    m.attendees[64].excused = true; /* the first of the short batch */
    snprintf(m.attendees[64].mark, sizeof m.attendees[64].mark, "leave");
    m.present = N - 3;
    m.on_leave = 2;
    m.voting_expected = N - 2;
    m.voting_present = N - 4;
    CHECK_INT(store_meeting_add(st, &m), STORE_OK);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM meeting_attendance WHERE meeting_id = %lld",
             (long long)m.id);
    CHECK_INT(test_sql_int(path, sql), N);
    struct meeting got;
    CHECK_INT(store_meeting_get(st, m.id, &got), STORE_OK);
    CHECK_INT(got.nattendees, N);
    int same = 0;
    for (int i = 0; i < got.nattendees && i < N; i++) {
        const struct attendee *a = &got.attendees[i], *w = &m.attendees[i];
        same += a->member_id == w->member_id && strcmp(a->mark, w->mark) == 0 &&
                strcmp(a->reason, w->reason) == 0 && a->voting == w->voting &&
                a->excused == w->excused;
    }
    CHECK_INT(same, N);
    if (got.nattendees == N) {
        CHECK(!got.attendees[31].voting);
        CHECK_STR(got.attendees[32].mark, "absent");
        CHECK_STR(got.attendees[32].reason, "生病住院");
        CHECK_STR(got.attendees[64].mark, "leave");
        CHECK(got.attendees[64].excused);
        CHECK_STR(got.attendees[69].mark, "leave");
    }
    meeting_free(&got);

    /* edited: the 33rd present again, the 65th absent, the last one dropped */
    snprintf(m.attendees[32].mark, sizeof m.attendees[32].mark, "present");
    m.attendees[32].reason[0] = '\0';
    snprintf(m.attendees[64].mark, sizeof m.attendees[64].mark, "absent");
    snprintf(m.attendees[64].reason, sizeof m.attendees[64].reason, "外出");
    m.attendees[64].excused = false;
    m.nattendees = N - 1;
    m.present = N - 2;
    m.on_leave = 0;
    CHECK_INT(store_meeting_update(st, &m), STORE_OK);
    CHECK_INT(test_sql_int(path, sql), N - 1);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM meeting_attendance WHERE meeting_id = %lld"
             " AND mark = 'absent' AND member_id = %lld AND seq = 64", (long long)m.id,
             (long long)people[64]);
    CHECK_INT(test_sql_int(path, sql), 1);
    CHECK_INT(store_meeting_get(st, m.id, &got), STORE_OK);
    CHECK_INT(got.nattendees, N - 1);
    if (got.nattendees == N - 1) {
        CHECK_STR(got.attendees[32].mark, "present");
        CHECK_STR(got.attendees[32].reason, "");
        CHECK_STR(got.attendees[64].mark, "absent");
        CHECK(!got.attendees[64].excused);
        CHECK_INT(got.attendees[68].member_id, people[68]);
    }
    meeting_free(&got);
    /* the history holds every row: the insert 70, the edit 69 after and 70 before */
    struct history_entry h[4];
    int n = 0;
    CHECK_INT(store_history_list(st, "meeting", m.uuid, h, 4, &n), STORE_OK);
    CHECK_INT(n, 2);
    char want[64];
    snprintf(want, sizeof want, "\"member_id\":%lld,", (long long)people[N - 1]);
    if (n == 2) {
        CHECK(h[0].old_json && strstr(h[0].old_json, want) != NULL);
        CHECK(h[0].new_json && strstr(h[0].new_json, want) == NULL);
        CHECK(h[1].new_json && strstr(h[1].new_json, want) != NULL);
    }
    store_history_free(h, n);
    meeting_free(&m);
    store_close(st);
    free(path);
    unsetenv("ZHIBU_TODAY");
}

TEST(store_meeting_void_rules)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "D1", "D1村党支部", 0);
    int64_t id = add_simple(st, b, "general", "2024-02-02", 0, "要作废的记录", "");
    int64_t keep = add_simple(st, b, "general", "2024-02-03", 0, "保留的记录", "");

    CHECK_INT(store_meeting_void(st, id, NULL), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "作废须填写原因");
    CHECK_INT(store_meeting_void(st, id, " \t　 "), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "作废须填写原因");
    CHECK_INT(store_meeting_void(st, id, "  日期录错，重新录入  "), STORE_OK);
    CHECK_INT(store_meeting_void(st, id, "再次"), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "该记录已作废");

    struct meeting m;
    CHECK_INT(store_meeting_get(st, id, &m), STORE_OK);
    CHECK(m.voided_at[0] != '\0');
    CHECK_STR(m.void_reason, "日期录错，重新录入");
    CHECK_STR(m.voided_by, "书记甲");
    free(m.topics);
    m.topics = strdup("试图修改作废记录");
    CHECK_INT(store_meeting_update(st, &m), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "已作废的记录不能修改");
    meeting_free(&m);
    CHECK_INT(store_meeting_get(st, id, &m), STORE_OK);
    CHECK_STR(m.topics, "要作废的记录");
    struct history_entry h[4];
    int n = 0;
    CHECK_INT(store_history_list(st, "meeting", m.uuid, h, 4, &n), STORE_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(h[0].action, "void");
        CHECK(h[0].new_json && strstr(h[0].new_json, "\"void_reason\":\"日期录错，重新录入\""));
        CHECK(h[0].old_json && strstr(h[0].old_json, "\"void_reason\":null"));
    }
    store_history_free(h, n);
    meeting_free(&m);

    /* filters: hidden by default, shown on request, or alone */
    struct meeting_filter f = all_of(b);
    struct meeting_row rows[4];
    CHECK_INT(store_meeting_count(st, &f), 1);
    CHECK_INT(store_meeting_page(st, &f, 0, 4, rows, &n), STORE_OK);
    CHECK_INT(n, 1);
    if (n == 1) CHECK_INT(rows[0].id, keep);
    f.include_voided = true;
    CHECK_INT(store_meeting_count(st, &f), 2);
    CHECK_INT(store_meeting_page(st, &f, 0, 4, rows, &n), STORE_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK(!rows[0].voided);
        CHECK(rows[1].voided);
    }
    f.include_voided = false;
    f.only_voided = true;
    CHECK_INT(store_meeting_count(st, &f), 1);
    CHECK_INT(store_meeting_page(st, &f, 0, 4, rows, &n), STORE_OK);
    CHECK_INT(n, 1);
    if (n == 1) CHECK_INT(rows[0].id, id);
    /* a voided record is still found by search when voided ones are shown */
    f.query = "作废的";
    CHECK_INT(store_meeting_count(st, &f), 1);
    store_close(st);
}

/* ---- lists ----------------------------------------------------------------------------- */

TEST(store_meeting_page_newest_first_and_filters)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "P1", "P1村党支部", 0);
    int64_t b2 = fx_branch(st, "P2", "P2村党支部", 0);
    int64_t g = fx_group(st, b, "一组");
    int64_t jan = add_simple(st, b, "committee", "2024-01-10", 0, "一月支委会", "");
    int64_t gen = add_simple(st, b, "general", "2024-03-31", MK_BIT(MK_LECTURE) | MK_BIT(MK_THEME_DAY),
                             "三月党员大会暨党课", "");
    int64_t lec = add_simple(st, b, "lecture", "2024-02-20", 0, "书记讲党课", "");
    int64_t gen2 = add_simple(st, b, "general", "2024-03-31", 0, "同日第二次", "");
    int64_t apr = add_simple(st, b, "theme_day", "2024-04-01", 0, "四月主题党日", "");
    struct meeting gm;
    fill_meeting(&gm, b, "group", "2023-12-31", "年底小组会", "");
    gm.group_id = g;
    CHECK_INT(store_meeting_add(st, &gm), STORE_OK);
    meeting_free(&gm);
    add_simple(st, b2, "general", "2024-03-15", 0, "别的支部", "");

    struct meeting_filter f = all_of(b);
    CHECK_INT(store_meeting_count(st, &f), 6);
    struct meeting_row rows[8];
    int n = 0;
    CHECK_INT(store_meeting_page(st, &f, 0, 8, rows, &n), STORE_OK);
    CHECK_INT(n, 6);
    int64_t want[] = {apr, gen2, gen, lec, jan, gm.id};
    for (int i = 0; i < n && i < 6; i++) CHECK_INT(rows[i].id, want[i]);
    if (n == 6) {
        CHECK_STR(rows[5].group_name, "一组");
        CHECK_INT(rows[5].group_id, g);
        CHECK_INT(rows[2].also_mask, MK_BIT(MK_LECTURE) | MK_BIT(MK_THEME_DAY));
    }
    /* pages */
    CHECK_INT(store_meeting_page(st, &f, 2, 2, rows, &n), STORE_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_INT(rows[0].id, gen);
        CHECK_INT(rows[1].id, lec);
    }
    CHECK_INT(store_meeting_page(st, &f, 6, 2, rows, &n), STORE_OK);
    CHECK_INT(n, 0);

    /* kind, counting also-counts-as */
    f.kind = MK_LECTURE;
    CHECK_INT(store_meeting_count(st, &f), 2);
    CHECK_INT(store_meeting_page(st, &f, 0, 8, rows, &n), STORE_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_INT(rows[0].id, gen);
        CHECK_INT(rows[1].id, lec);
    }
    f.kind = MK_THEME_DAY;
    CHECK_INT(store_meeting_count(st, &f), 2);
    f.kind = MK_GENERAL;
    CHECK_INT(store_meeting_count(st, &f), 2);
    f.kind = MK_TALK;
    CHECK_INT(store_meeting_count(st, &f), 0);
    f.kind = MK_COUNT + 3; /* out of range: matches nothing */
    CHECK_INT(store_meeting_count(st, &f), 0);

    /* date range, inclusive at both ends: the first quarter */
    f.kind = -1;
    f.from = "2024-01-01";
    f.to = "2024-03-31";
    CHECK_INT(store_meeting_count(st, &f), 4);
    CHECK_INT(store_meeting_page(st, &f, 0, 8, rows, &n), STORE_OK);
    CHECK_INT(n, 4);
    if (n == 4) {
        CHECK_INT(rows[0].id, gen2);
        CHECK_INT(rows[3].id, jan);
    }
    f.to = "";
    CHECK_INT(store_meeting_count(st, &f), 5);
    f.from = NULL;
    f.to = "2023-12-31";
    CHECK_INT(store_meeting_count(st, &f), 1);
    f.to = NULL;
    f.kind = MK_GENERAL;
    f.from = "2024-03-01";
    f.query = "第二";
    CHECK_INT(store_meeting_count(st, &f), 1);
    store_close(st);
}

TEST(store_meeting_search_chinese_lengths)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "S1", "S1村党支部", 0);
    int64_t b2 = fx_branch(st, "S2", "S2村党支部", 0);
    int64_t a = add_simple(st, b, "general", "2024-01-05", 0, "学习乡村振兴战略",
                           "大家围绕产业发展展开讨论。");
    int64_t c = add_simple(st, b, "committee", "2024-02-05", 0, "研究党建工作",
                           "书记传达乡镇党委会议精神，部署乡村振兴任务。");
    add_simple(st, b, "lecture", "2024-03-05", 0, "党课：不忘初心", "主讲人讲述红色故事。");
    add_simple(st, b2, "general", "2024-03-05", 0, "乡村振兴", "别的支部的记录");

    CHECK_INT(count_q(st, b, "党"), 2);         /* 1 character: substring scan */
    CHECK_INT(count_q(st, b, "振兴"), 2);       /* 2 characters */
    CHECK_INT(count_q(st, b, "产业"), 1);       /* 2 characters, minutes only */
    CHECK_INT(count_q(st, b, "党建工"), 1);     /* 3 characters: FTS5 trigram */
    CHECK_INT(count_q(st, b, "乡村振兴"), 2);   /* 4 characters: title of one, minutes of other */
    CHECK_INT(count_q(st, b, "红色故事"), 1);
    CHECK_INT(count_q(st, b, "乡村振新"), 0);   /* a near miss is no match */
    CHECK_INT(count_q(st, b, "  振兴战略　"), 1); /* trimmed, ideographic space too */
    CHECK_INT(count_q(st, b, ""), 3);
    CHECK_INT(count_q(st, b, "   "), 3);

    struct meeting_filter f = all_of(b);
    f.query = "乡村振兴";
    struct meeting_row rows[4];
    int n = 0;
    CHECK_INT(store_meeting_page(st, &f, 0, 4, rows, &n), STORE_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_INT(rows[0].id, c);
        CHECK_INT(rows[1].id, a);
    }
    f.query = "振兴";
    CHECK_INT(store_meeting_page(st, &f, 1, 4, rows, &n), STORE_OK);
    CHECK_INT(n, 1);
    if (n == 1) CHECK_INT(rows[0].id, a);
    store_close(st);
}

/* Schema 14: the index keeps no positions, so a record holding a query's trigrams apart (or
 * some in the topics, the rest in the minutes) is a candidate only; the records found are those
 * holding the query itself in one text, letters of either case as the trigram tokenizer folds
 * them (full-width and accented ones too), Chinese as it is. */
/* Branch b's records found by query q: want of them counted and on the first page (that one
 * the record id, when want is 1 and id is not 0). */
static void check_search(struct store *st, int64_t b, const char *q, int want, int64_t id,
                         int line)
{
    struct meeting_filter f = all_of(b);
    f.query = q;
    int got = store_meeting_count(st, &f);
    if (got != want)
        test_fail(__FILE__, line, "query [%s]: %d, expected %d (%s)", q, got, want,
                  store_errmsg(st));
    struct meeting_row rows[4];
    int n = -1;
    int rc = store_meeting_page(st, &f, 0, 4, rows, &n);
    if (rc != STORE_OK || n != want)
        test_fail(__FILE__, line, "page [%s]: rc %d n %d (%s)", q, rc, n, store_errmsg(st));
    else if (n == 1 && id && rows[0].id != id)
        test_fail(__FILE__, line, "page [%s]: record %lld, expected %lld", q,
                  (long long)rows[0].id, (long long)id);
}

TEST(store_meeting_search_trigrams_not_adjacent)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "T1", "T1村党支部", 0);
    int64_t whole = add_simple(st, b, "general", "2024-01-05", 0, "研究工作安排", "无");
    add_simple(st, b, "general", "2024-01-06", 0, "研究工会事务", "深究工作方法");   /* 2 columns */
    add_simple(st, b, "general", "2024-01-07", 0, "其他", "研究工会，深究工作。"); /* apart */
    add_simple(st, b, "general", "2024-01-08", 0, "xabcy zbcdw", "plan");
    int64_t latin = add_simple(st, b, "general", "2024-01-09", 0, "议题", "Plan ABCD 汇报");
    int64_t wide = add_simple(st, b, "general", "2024-01-10", 0, "ＰＰＴ汇报", "École 建设");
    int64_t year = add_simple(st, b, "general", "2024-01-11", 0, "２０２４年工作总结", "");
    struct {
        const char *q;
        int want;
        int64_t id; /* the one record found, when want is 1 */
    } cases[] = {
        {"研究工作", 1, whole},
        {"深究工作安排", 0, 0},
        {"工会事务深究", 0, 0},
        {"abcd", 1, latin},
        {"bcdw", 1, 0},   /* the first record */
        {"abcdw", 0, 0},
        {"PLAN ab", 1, latin},
        {"ｐｐｔ汇报", 1, wide}, /* full-width letters folded */
        {"ppt汇报", 0, 0},       /* not the same characters */
        {"éCOLE", 1, wide},
        {"２０２４年", 1, year},
        {"2024年", 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_search(st, b, cases[i].q, cases[i].want, cases[i].id, __LINE__);
    store_close(st);
}

TEST(store_meeting_search_syntax_is_plain_text)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "Q1", "Q1村党支部", 0);
    add_simple(st, b, "general", "2024-01-05", 0, "学习\"两学一做\"精神", "ROADMAP AND PLAN (draft)");
    add_simple(st, b, "general", "2024-01-06", 0, "普通议题", "无特殊字符");
    int hist = store_history_count(st);

    struct {
        const char *q;
        int want;
    } cases[] = {
        {"\"", 1},                 /* a lone quote: substring scan, found in the topic */
        {"\"\"", 0},
        {"\"两学一做\"", 1},        /* quotes inside the phrase are literal */
        {"\"两学", 1},
        {"*", 0},
        {"两学*", 0},              /* no prefix search: the * is a character */
        {"AND", 1},                /* a plain word in the minutes, not an operator */
        {"and plan", 1},           /* trigram matching ignores ASCII case */
        {"学习 AND 精神", 0},
        {"(draft)", 1},
        {"(学习)", 0},
        {"NEAR(学习 精神)", 0},
        {"学习 OR 普通", 0},
        {"-学习", 0},
        {"'; DROP TABLE meeting; --", 0},
        {"^学习", 0},
        {"{topics}: 学习", 0},
        {"topics:学习", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_search(st, b, cases[i].q, cases[i].want, 0, __LINE__);
    /* nothing was harmed */
    struct meeting_filter f = all_of(b);
    CHECK_INT(store_meeting_count(st, &f), 2);
    CHECK_INT(store_history_count(st), hist);
    store_close(st);
}

/* ---- facts and streaming --------------------------------------------------------------- */

TEST(store_meeting_facts_exclude_voided)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "F1", "F1村党支部", 0);
    int64_t g = fx_group(st, b, "二组");
    add_simple(st, b, "general", "2024-03-31", MK_BIT(MK_LECTURE), "大会", "");
    int64_t v = add_simple(st, b, "committee", "2024-02-10", 0, "作废的支委会", "");
    add_simple(st, b, "committee", "2024-04-01", 0, "下季度", "");
    struct meeting gm;
    fill_meeting(&gm, b, "group", "2024-01-01", "小组会", "");
    gm.group_id = g;
    CHECK_INT(store_meeting_add(st, &gm), STORE_OK);
    meeting_free(&gm);
    CHECK_INT(store_meeting_void(st, v, "重复录入"), STORE_OK);

    struct meeting_fact *facts = NULL;
    int n = -1;
    CHECK_INT(store_meeting_facts(st, b, "2024-01-01", "2024-03-31", &facts, &n), STORE_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_INT(facts[0].date.y, 2024);
        CHECK_INT(facts[0].date.m, 1);
        CHECK_INT(facts[0].date.d, 1);
        CHECK_INT(facts[0].kind, MK_GROUP);
        CHECK_INT(facts[0].group_id, g);
        CHECK_INT(facts[1].kind, MK_GENERAL);
        CHECK_INT(facts[1].also_mask, MK_BIT(MK_LECTURE));
        CHECK_INT(facts[1].date.d, 31);
        CHECK(!facts[1].voided);
    }
    free(facts);
    CHECK_INT(store_meeting_facts(st, b, NULL, "", &facts, &n), STORE_OK);
    CHECK_INT(n, 3);
    free(facts);
    CHECK_INT(store_meeting_facts(st, b + 100, NULL, NULL, &facts, &n), STORE_OK);
    CHECK_INT(n, 0);
    free(facts);
    store_close(st);
}

struct each_ctx {
    struct store *st;
    int calls;
    char dates[8][11];
    int counted;
    int stop_after;
};

static int each_cb(const struct meeting *m, void *vctx)
{
    struct each_ctx *c = vctx;
    if (c->calls < 8) snprintf(c->dates[c->calls], 11, "%s", m->date);
    c->calls++;
    /* the callback may use the store, lists included */
    struct meeting_filter f = {.branch_id = m->branch_id, .kind = -1};
    c->counted = store_meeting_count(c->st, &f);
    struct meeting other;
    if (store_meeting_get(c->st, m->id, &other) == STORE_OK) meeting_free(&other);
    return c->stop_after && c->calls >= c->stop_after;
}

TEST(store_meeting_each_streams_oldest_first)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "W1", "W1村党支部", 0);
    add_simple(st, b, "general", "2024-03-01", 0, "三月", "纪要三");
    add_simple(st, b, "general", "2024-01-01", 0, "一月", "纪要一");
    int64_t v = add_simple(st, b, "general", "2024-02-01", 0, "二月", "纪要二");
    CHECK_INT(store_meeting_void(st, v, "录错"), STORE_OK);

    struct each_ctx c = {.st = st};
    CHECK_INT(store_meeting_each(st, b, NULL, NULL, false, each_cb, &c), STORE_OK);
    CHECK_INT(c.calls, 2);
    CHECK_STR(c.dates[0], "2024-01-01");
    CHECK_STR(c.dates[1], "2024-03-01");
    CHECK_INT(c.counted, 2);

    memset(&c, 0, sizeof c);
    c.st = st;
    CHECK_INT(store_meeting_each(st, b, "2024-01-15", "", true, each_cb, &c), STORE_OK);
    CHECK_INT(c.calls, 2);
    CHECK_STR(c.dates[0], "2024-02-01");

    memset(&c, 0, sizeof c);
    c.st = st;
    c.stop_after = 1;
    CHECK_INT(store_meeting_each(st, b, "", "", true, each_cb, &c), STORE_OK);
    CHECK_INT(c.calls, 1);
    store_close(st);
}

struct ids_ctx {
    int64_t ids[8];
    int n;
};

static int collect_ids(const struct meeting *m, void *vctx)
{
    struct ids_ctx *c = vctx;
    if (c->n < 8) c->ids[c->n++] = m->id;
    return 0;
}

/* Records of one day are listed by their start time, not by when they were entered: newest
 * first in the list (one without a time last), oldest first when streamed for exports. */
TEST(store_meeting_same_day_by_start_time)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "T1", "T1村党支部", 0);
    static const char *const times[] = {"14:00", "09:00", "", "19:30"};
    int64_t id[4];
    for (int i = 0; i < 4; i++) {
        struct meeting m;
        fill_meeting(&m, b, "general", "2024-05-10", times[i], "");
        snprintf(m.start_time, sizeof m.start_time, "%s", times[i]);
        CHECK_INT(store_meeting_add(st, &m), STORE_OK);
        id[i] = m.id;
        meeting_free(&m);
    }
    int64_t other_day = add_simple(st, b, "committee", "2024-05-11", 0, "次日", "");
    struct meeting_filter f = all_of(b);
    struct meeting_row rows[8];
    int n = 0;
    CHECK_INT(store_meeting_page(st, &f, 0, 8, rows, &n), STORE_OK);
    CHECK_INT(n, 5);
    int64_t want[] = {other_day, id[3], id[0], id[1], id[2]}; /* 19:30, 14:00, 09:00, no time */
    for (int i = 0; i < n && i < 5; i++) CHECK_INT(rows[i].id, want[i]);
    /* pages agree with the whole list */
    CHECK_INT(store_meeting_page(st, &f, 2, 2, rows, &n), STORE_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_INT(rows[0].id, id[0]);
        CHECK_INT(rows[1].id, id[1]);
    }
    struct ids_ctx c = {0};
    CHECK_INT(store_meeting_each(st, b, NULL, NULL, false, collect_ids, &c), STORE_OK);
    CHECK_INT(c.n, 5);
    int64_t oldest[] = {id[2], id[1], id[0], id[3], other_day};
    for (int i = 0; i < c.n && i < 5; i++) CHECK_INT(c.ids[i], oldest[i]);
    store_close(st);
}

struct kinds_ctx {
    char seen[16][64];
    int n;
};

static int collect_kinds(const struct meeting *m, void *vctx)
{
    struct kinds_ctx *c = vctx;
    if (c->n < 16)
        snprintf(c->seen[c->n++], sizeof c->seen[0], "%lld %s %s %u", (long long)m->id, m->date,
                 m->kind, m->also_mask);
    return 0;
}

/* store_meeting_kinds_each (the demo's 发展党员 reads its committee records by it): the records
 * of store_meeting_each without the voided, in its order (a day's by start time), with their
 * id, date, kind and also_mask, from a day on. */
TEST(store_meeting_kinds_each_as_each)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "K1", "K1村党支部", 0);
    int64_t other = fx_branch(st, "K2", "K2村党支部", 0);
    static const char *const times[] = {"14:00", "09:00", "", "19:30"};
    for (int i = 0; i < 4; i++) {
        struct meeting m;
        fill_meeting(&m, b, i % 2 ? "committee" : "general", "2024-05-10", times[i], "");
        snprintf(m.start_time, sizeof m.start_time, "%s", times[i]);
        if (i == 2) m.also_mask = MK_BIT(MK_COMMITTEE);
        CHECK_INT(store_meeting_add(st, &m), STORE_OK);
        meeting_free(&m);
    }
    add_simple(st, b, "committee", "2024-05-11", 0, "次日", "");
    add_simple(st, b, "committee", "2023-01-11", 0, "早", "");
    add_simple(st, other, "committee", "2024-05-11", 0, "别的支部", "");
    int64_t v = add_simple(st, b, "committee", "2024-05-12", 0, "作废", "");
    CHECK_INT(store_meeting_void(st, v, "录错"), STORE_OK);
    static const char *const FROM[] = {NULL, "", "2024-01-01", "2024-05-11", "2025-01-01"};
    for (size_t f = 0; f < sizeof FROM / sizeof FROM[0]; f++) {
        struct kinds_ctx a = {0}, k = {0};
        CHECK_INT(store_meeting_each(st, b, FROM[f], NULL, false, collect_kinds, &a), STORE_OK);
        CHECK_INT(store_meeting_kinds_each(st, b, FROM[f], collect_kinds, &k), STORE_OK);
        CHECK_INT(k.n, a.n);
        for (int i = 0; i < a.n && i < k.n; i++) CHECK_STR(k.seen[i], a.seen[i]);
    }
    struct kinds_ctx all = {0};
    CHECK_INT(store_meeting_kinds_each(st, b, NULL, collect_kinds, &all), STORE_OK);
    CHECK_INT(all.n, 6); /* not the voided one, nor the other branch's */
    store_close(st);
}

/* ---- plans ----------------------------------------------------------------------------- */

static int64_t mk_plan(struct store *st, int64_t b, const char *kind, int64_t group,
                       const char *date, const char *topic)
{
    struct meeting_plan p = {.branch_id = b, .group_id = group};
    snprintf(p.kind, sizeof p.kind, "%s", kind);
    snprintf(p.date, sizeof p.date, "%s", date);
    snprintf(p.topic, sizeof p.topic, "%s", topic);
    if (store_plan_add(st, &p) != STORE_OK)
        test_fail(__FILE__, __LINE__, "plan_add: %s", store_errmsg(st));
    return p.id;
}

TEST(store_plan_open_and_fulfilled)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "L1", "L1村党支部", 0);
    int64_t b2 = fx_branch(st, "L2", "L2村党支部", 0);
    int64_t g = fx_group(st, b, "三组");
    int64_t p1 = mk_plan(st, b, "committee", 0, "2024-05-05", "五月支委会");
    int64_t p2 = mk_plan(st, b, "group", g, "2024-05-20", "小组学习");
    int64_t p3 = mk_plan(st, b, "general", 0, "2024-06-30", "二季度党员大会");
    int64_t p4 = mk_plan(st, b, "lecture", 0, "2024-05-01", "党课");
    mk_plan(st, b2, "general", 0, "2024-05-01", "别的支部");

    struct store_plan_list open_l = {0};
    struct meeting_plan *open = NULL;
    int n = 0;
    store_plan_list_free(&open_l);
    CHECK_INT(store_plan_list(st, b, "2024-05-31", &open_l), STORE_OK);
    open = open_l.v, n = open_l.n;
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_INT(open[0].id, p4); /* oldest first */
        CHECK_INT(open[1].id, p1);
        CHECK_INT(open[2].id, p2);
        CHECK_STR(open[2].topic, "小组学习");
        CHECK_INT(open[2].group_id, g);
        CHECK_STR(open[2].kind, "group");
    }
    store_plan_list_free(&open_l);
    CHECK_INT(store_plan_list(st, b, "", &open_l), STORE_OK);
    open = open_l.v, n = open_l.n;
    CHECK_INT(n, 4);
    store_plan_list_free(&open_l);
    CHECK_INT(store_plan_list(st, b, NULL, &open_l), STORE_OK); /* NULL: no bound either */
    open = open_l.v, n = open_l.n;
    CHECK_INT(n, 4);

    /* recording the planned meeting fulfils the plan */
    struct meeting m;
    fill_meeting(&m, b, "committee", "2024-05-06", "五月支委会", "");
    m.plan_id = p1;
    CHECK_INT(store_meeting_add(st, &m), STORE_OK);
    struct meeting_plan p;
    CHECK_INT(store_plan_get(st, p1, &p), STORE_OK);
    CHECK_INT(p.meeting_id, m.id);
    store_plan_list_free(&open_l);
    CHECK_INT(store_plan_list(st, b, "2024-05-31", &open_l), STORE_OK);
    open = open_l.v, n = open_l.n;
    CHECK_INT(n, 2);
    for (int i = 0; i < n; i++) CHECK(open[i].id != p1);
    struct history_entry h[4];
    int hn = 0;
    CHECK_INT(store_history_list(st, "meeting_plan", p.uuid, h, 4, &hn), STORE_OK);
    CHECK_INT(hn, 2);
    if (hn == 2) CHECK_STR(h[0].action, "fulfil");
    store_history_free(h, hn);
    struct meeting got;
    CHECK_INT(store_meeting_get(st, m.id, &got), STORE_OK);
    CHECK_INT(got.plan_id, p1);
    meeting_free(&got);

    /* one plan, one record */
    struct meeting m2;
    fill_meeting(&m2, b, "committee", "2024-05-07", "又一次", "");
    m2.plan_id = p1;
    CHECK_INT(store_meeting_add(st, &m2), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "保存会议记录失败: 该计划已有会议记录");
    m2.plan_id = mk_plan(st, b2, "committee", 0, "2024-05-07", "外支部计划");
    CHECK_INT(store_meeting_add(st, &m2), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "保存会议记录失败: 会议计划不属于该支部");
    meeting_free(&m2);
    CHECK_INT(store_plan_void(st, p1, "不开了"), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "该计划已有会议记录，不能作废");

    /* a record voided fulfils nothing: its plan is open again */
    CHECK_INT(store_meeting_void(st, m.id, "录错了"), STORE_OK);
    CHECK_INT(store_plan_get(st, p1, &p), STORE_OK);
    CHECK_INT(p.meeting_id, 0);
    store_plan_list_free(&open_l);
    CHECK_INT(store_plan_list(st, b, "2024-05-31", &open_l), STORE_OK);
    open = open_l.v, n = open_l.n;
    CHECK_INT(n, 3);
    meeting_free(&m);

    /* an update linking a plan fulfils it */
    int64_t plain = add_simple(st, b, "lecture", "2024-05-02", 0, "党课", "");
    CHECK_INT(store_meeting_get(st, plain, &m), STORE_OK);
    m.plan_id = p4;
    CHECK_INT(store_meeting_update(st, &m), STORE_OK);
    CHECK_INT(store_plan_get(st, p4, &p), STORE_OK);
    CHECK_INT(p.meeting_id, plain);
    m.plan_id = 0; /* and unlinking reopens it */
    CHECK_INT(store_meeting_update(st, &m), STORE_OK);
    CHECK_INT(store_plan_get(st, p4, &p), STORE_OK);
    CHECK_INT(p.meeting_id, 0);
    meeting_free(&m);

    /* update and void of plans */
    CHECK_INT(store_plan_get(st, p3, &p), STORE_OK);
    snprintf(p.date, sizeof p.date, "2024-06-28");
    snprintf(p.topic, sizeof p.topic, "改期：二季度党员大会");
    CHECK_INT(store_plan_update(st, &p), STORE_OK);
    struct meeting_plan q;
    CHECK_INT(store_plan_get(st, p3, &q), STORE_OK);
    CHECK_STR(q.date, "2024-06-28");
    CHECK_STR(q.topic, "改期：二季度党员大会");
    CHECK_INT(store_plan_void(st, p3, "　"), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "作废须填写原因");
    CHECK_INT(store_plan_void(st, p3, "与主题党日合并"), STORE_OK);
    CHECK_INT(store_plan_void(st, p3, "again"), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "该计划已作废");
    CHECK_INT(store_plan_update(st, &p), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "已作废的计划不能修改");
    CHECK_INT(store_plan_get(st, p3, &q), STORE_OK);
    CHECK(q.voided);
    store_plan_list_free(&open_l);
    CHECK_INT(store_plan_list(st, b, "", &open_l), STORE_OK);
    open = open_l.v, n = open_l.n;
    for (int i = 0; i < n; i++) CHECK(open[i].id != p3);
    CHECK_INT(store_history_list(st, "meeting_plan", q.uuid, h, 4, &hn), STORE_OK);
    CHECK_INT(hn, 3);
    if (hn == 3) {
        CHECK_STR(h[0].action, "void");
        CHECK_STR(h[1].action, "update");
        CHECK(h[1].old_json && strstr(h[1].old_json, "\"date\":\"2024-06-30\""));
    }
    store_history_free(h, hn);
    store_close(st);
    store_plan_list_free(&open_l);
}

TEST(store_plan_bad_input_refused)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "N1", "N1村党支部", 0);
    int64_t b2 = fx_branch(st, "N2", "N2村党支部", 0);
    int64_t g2 = fx_group(st, b2, "外组");
    struct meeting_plan p = {.branch_id = b};
    snprintf(p.kind, sizeof p.kind, "general");
    snprintf(p.date, sizeof p.date, "2024-02-30");
    CHECK_INT(store_plan_add(st, &p), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "保存会议计划失败: 日期无效");
    snprintf(p.date, sizeof p.date, "2024-02-29");
    snprintf(p.kind, sizeof p.kind, "banquet");
    CHECK_INT(store_plan_add(st, &p), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "保存会议计划失败: 会议类型无效");
    snprintf(p.kind, sizeof p.kind, "group");
    CHECK_INT(store_plan_add(st, &p), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "保存会议计划失败: 党小组会须选择党小组");
    p.group_id = g2;
    CHECK_INT(store_plan_add(st, &p), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "保存会议计划失败: 党小组不属于该支部");
    p.branch_id = 999;
    p.group_id = 0;
    snprintf(p.kind, sizeof p.kind, "general");
    CHECK_INT(store_plan_add(st, &p), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "保存会议计划失败: 所属支部或党小组不存在");
    CHECK_INT(store_plan_get(st, 12345, &p), STORE_ERR_NOT_FOUND);
    CHECK_INT(store_plan_void(st, 12345, "x"), STORE_ERR_NOT_FOUND);
    struct store_plan_list open_l = {0};
    CHECK_INT(store_plan_list(st, b, "", &open_l), STORE_OK);
    CHECK_INT(open_l.n, 0);
    store_close(st);
    store_plan_list_free(&open_l);
}

/* The host, recorder and a member lecturer must be on this branch's roster: a person of another
 * branch, or an id that is nobody, is refused with a sentence naming the role, and nothing is
 * written. */
TEST(store_meeting_host_not_on_roster_refused)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "H1", "H1村党支部", 0);
    int64_t other = fx_branch(st, "H2", "H2村党支部", 0);
    int64_t own = fx_member_dated(st, b, 0, "本支部书记", "secretary", "2001-07-01", "2002-07-01", "");
    int64_t stranger = fx_member_dated(st, other, 0, "外支部甲", "", "2001-07-01", "2002-07-01", "");
    struct meeting m;
    fill_meeting(&m, b, "committee", "2026-11-02", "议题", "内容");
    m.host_id = stranger;
    CHECK_INT(store_meeting_add(st, &m), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "主持人 外支部甲 不是本支部党员") != NULL);
    m.host_id = own;
    m.recorder_id = 987654;
    CHECK_INT(store_meeting_add(st, &m), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "记录人不在名册中") != NULL);
    m.recorder_id = own;
    m.lecturer_id = stranger;
    CHECK_INT(store_meeting_add(st, &m), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "主讲人") != NULL);
    struct meeting_filter f = all_of(b);
    CHECK_INT(store_meeting_count(st, &f), 0);
    m.lecturer_id = 0;
    CHECK_INT(store_meeting_add(st, &m), STORE_OK);
    CHECK_INT(store_meeting_count(st, &f), 1);
    meeting_free(&m);
    store_close(st);
}
