/* Unit tests of src/store/lifecycle.c: 转正 with the approving meeting and its refusals,
 * mobile members (details, contact log, last contact, coming back, the branch's list),
 * transfers out (off the roster with the reason) and in (a new member with the record), and
 * the history of each change. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "zhibu/store.h"
#include "zhibu/store_lifecycle.h"
#include "zhibu/store_meeting.h"

/* ---- helpers --------------------------------------------------------------------------- */

static struct store *fresh(void)
{
    const char *dir = test_tmpdir();
    char path[1024];
    snprintf(path, sizeof path, "%s/l.db", dir);
    struct store_options opt = {.create = true, .user = "组织委员"};
    struct store *st = NULL;
    char err[512];
    int rc = store_open(path, &opt, &st, err, sizeof err);
    if (rc != STORE_OK) test_fail(__FILE__, __LINE__, "store_open: %d %s", rc, err);
    return st;
}

static int64_t mk_branch(struct store *st, const char *code)
{
    struct branch b = {0};
    snprintf(b.code, sizeof b.code, "%s", code);
    snprintf(b.name, sizeof b.name, "%s村党支部", code);
    snprintf(b.type, sizeof b.type, "rural");
    if (store_branch_add(st, &b) != STORE_OK)
        test_fail(__FILE__, __LINE__, "branch_add: %s", store_errmsg(st));
    return b.id;
}

static void fill_member(struct member *m, int64_t branch_id, const char *name, const char *join,
                        bool probationary)
{
    memset(m, 0, sizeof *m);
    m->branch_id = branch_id;
    snprintf(m->name, sizeof m->name, "%s", name);
    snprintf(m->gender, sizeof m->gender, "M");
    snprintf(m->join_date, sizeof m->join_date, "%s", join);
    snprintf(m->status, sizeof m->status, "%s", probationary ? "probationary" : "full");
    if (!probationary) snprintf(m->full_date, sizeof m->full_date, "2000-01-01");
    snprintf(m->dues_category, sizeof m->dues_category, "farmer");
}

static int64_t mk_member(struct store *st, int64_t branch_id, const char *name, const char *join,
                         bool probationary)
{
    struct member m;
    fill_member(&m, branch_id, name, join, probationary);
    if (store_member_add(st, &m) != STORE_OK)
        test_fail(__FILE__, __LINE__, "member_add(%s): %s", name, store_errmsg(st));
    return m.id;
}

static int64_t mk_meeting(struct store *st, int64_t branch_id, const char *date)
{
    struct meeting m = {0};
    m.branch_id = branch_id;
    snprintf(m.kind, sizeof m.kind, "general");
    snprintf(m.date, sizeof m.date, "%s", date);
    m.topics = strdup("讨论预备党员转正");
    m.minutes = strdup("");
    if (store_meeting_add(st, &m) != STORE_OK)
        test_fail(__FILE__, __LINE__, "meeting_add: %s", store_errmsg(st));
    meeting_free(&m);
    return m.id;
}

/* Actions of a row's history, newest first, joined by spaces. */
static void actions_of(struct store *st, const char *table, const char *uuid, char *out,
                       size_t outsz)
{
    struct history_entry h[16];
    int n = 0;
    out[0] = '\0';
    if (store_history_list(st, table, uuid, h, 16, &n) != STORE_OK) return;
    for (int i = 0; i < n; i++) {
        size_t len = strlen(out);
        snprintf(out + len, outsz - len, "%s%s", i ? " " : "", h[i].action);
    }
    store_history_free(h, n);
}

/* The newest history entry's new JSON contains needle. */
static bool newest_has(struct store *st, const char *table, const char *uuid, const char *needle)
{
    struct history_entry h[1];
    int n = 0;
    if (store_history_list(st, table, uuid, h, 1, &n) != STORE_OK || n != 1) return false;
    bool yes = h[0].new_json && strstr(h[0].new_json, needle);
    store_history_free(h, n);
    return yes;
}

static int count_rows(struct store *st, const char *sql)
{
    sqlite3 *db = NULL;
    int v = -1;
    if (sqlite3_open(store_path(st), &db) != SQLITE_OK) return -1;
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
}

/* ---- 转正 ------------------------------------------------------------------------------- */

TEST(store_lifecycle_make_full_with_meeting)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = mk_branch(st, "Z1");
    int64_t mid = mk_member(st, b, "周预备", "2023-05-20", true);
    int64_t meet = mk_meeting(st, b, "2024-05-21");
    CHECK_INT(store_member_full_meeting(st, mid), 0);
    CHECK_INT(store_member_make_full(st, mid, "2024-05-21", meet, NULL), STORE_OK);
    struct member m;
    CHECK_INT(store_member_get(st, mid, &m), STORE_OK);
    CHECK_STR(m.status, "full");
    CHECK_STR(m.full_date, "2024-05-21");
    CHECK_INT(store_member_full_meeting(st, mid), meet);
    char acts[128];
    actions_of(st, "member", m.uuid, acts, sizeof acts);
    CHECK_STR(acts, "full insert");
    char want[64];
    snprintf(want, sizeof want, "\"full_meeting_id\":%lld", (long long)meet);
    CHECK(newest_has(st, "member", m.uuid, want));
    CHECK(newest_has(st, "member", m.uuid, "\"status\":\"full\""));

    /* without a recorded meeting */
    int64_t m2 = mk_member(st, b, "吴预备", "2023-06-01", true);
    CHECK_INT(store_member_make_full(st, m2, "2024-06-01", 0, NULL), STORE_OK);
    CHECK_INT(store_member_full_meeting(st, m2), 0);
    CHECK_INT(store_member_get(st, m2, &m), STORE_OK);
    CHECK_STR(m.status, "full");
    store_close(st);
}

TEST(store_lifecycle_make_full_refusals)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = mk_branch(st, "Z2");
    int64_t other = mk_branch(st, "Z3");
    int64_t full = mk_member(st, b, "郑正式", "1999-01-01", false);
    int64_t prob = mk_member(st, b, "冯预备", "2023-05-20", true);
    int64_t foreign = mk_meeting(st, other, "2024-05-21");
    int64_t voided = mk_meeting(st, b, "2024-05-22");
    CHECK_INT(store_meeting_void(st, voided, "记错了"), STORE_OK);
    int hist = store_history_count(st);

    CHECK_INT(store_member_make_full(st, full, "2024-05-21", 0, NULL), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "该党员不是预备党员");
    CHECK_INT(store_member_make_full(st, prob, "2024-02-30", 0, NULL), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "转正日期格式应为 YYYY-MM-DD，且须是真实日期");
    CHECK_INT(store_member_make_full(st, prob, "", 0, NULL), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_member_make_full(st, prob, NULL, 0, NULL), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_member_make_full(st, prob, "2023-05-19", 0, NULL), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "转正日期不能早于入党日期");
    CHECK_INT(store_member_make_full(st, prob, "2024-05-21", foreign, NULL), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "批准转正的会议不属于该党员所在支部");
    CHECK_INT(store_member_make_full(st, prob, "2024-05-21", voided, NULL), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_member_make_full(st, prob, "2024-05-21", 98765, NULL), STORE_ERR_NOT_FOUND);
    CHECK_INT(store_member_make_full(st, 4444, "2024-05-21", 0, NULL), STORE_ERR_NOT_FOUND);

    struct member m;
    CHECK_INT(store_member_get(st, prob, &m), STORE_OK);
    CHECK_STR(m.status, "probationary");
    CHECK_STR(m.full_date, "");
    CHECK_INT(store_member_full_meeting(st, prob), 0);
    CHECK_INT(store_history_count(st), hist);
    store_close(st);
}

/* ---- mobile members -------------------------------------------------------------------- */

static struct mobile_info mobile(int64_t member_id, const char *dest, const char *since)
{
    struct mobile_info mi = {.member_id = member_id};
    snprintf(mi.destination, sizeof mi.destination, "%s", dest);
    snprintf(mi.since, sizeof mi.since, "%s", since);
    snprintf(mi.card_no, sizeof mi.card_no, "LD2024-017");
    snprintf(mi.contact_person, sizeof mi.contact_person, "王委员");
    snprintf(mi.contact_phone, sizeof mi.contact_phone, "13800001111");
    return mi;
}

static int add_contact(struct store *st, int64_t member_id, const char *date, const char *way,
                       const char *note)
{
    struct mobile_contact c = {.member_id = member_id};
    snprintf(c.date, sizeof c.date, "%s", date);
    snprintf(c.way, sizeof c.way, "%s", way);
    snprintf(c.note, sizeof c.note, "%s", note);
    return store_mobile_contact_add(st, &c);
}

TEST(store_lifecycle_mobile_set_contacts_end_list)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = mk_branch(st, "Y1");
    int64_t a = mk_member(st, b, "蒋外出", "2005-01-01", false);
    int64_t c = mk_member(st, b, "沈务工", "2006-01-01", false);
    int64_t home = mk_member(st, b, "韩在家", "2007-01-01", false);

    struct mobile_info out;
    CHECK_INT(store_mobile_get(st, a, &out), STORE_ERR_NOT_FOUND);
    struct mobile_info mi = mobile(a, " 广东省深圳市 ", "2024-02-01");
    CHECK_INT(store_mobile_set(st, &mi), STORE_OK);
    struct member m;
    CHECK_INT(store_member_get(st, a, &m), STORE_OK);
    CHECK(m.mobile);
    CHECK_INT(store_mobile_get(st, a, &out), STORE_OK);
    CHECK_STR(out.destination, "广东省深圳市");
    CHECK_STR(out.since, "2024-02-01");
    CHECK_STR(out.card_no, "LD2024-017");
    CHECK_STR(out.contact_person, "王委员");
    CHECK_STR(out.contact_phone, "13800001111");
    CHECK_STR(out.last_contact, "");

    /* the contact log: last_contact is the newest date, whatever the order of entry */
    CHECK_INT(add_contact(st, a, "2024-05-10", "微信", "在厂里上班，身体好"), STORE_OK);
    CHECK_INT(add_contact(st, a, "2024-03-02", "电话", "已参加当地流动党员活动"), STORE_OK);
    CHECK_INT(store_mobile_get(st, a, &out), STORE_OK);
    CHECK_STR(out.last_contact, "2024-05-10");
    struct store_mobile_contact_list log_l = {0};
    struct mobile_contact *log = NULL;
    int n = 0;
    store_mobile_contact_list_free(&log_l);
    CHECK_INT(store_mobile_contact_list(st, a, &log_l), STORE_OK);
    log = log_l.v, n = log_l.n;
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(log[0].date, "2024-05-10");
        CHECK_STR(log[0].way, "微信");
        CHECK_STR(log[0].note, "在厂里上班，身体好");
        CHECK_STR(log[1].date, "2024-03-02");
        CHECK(log[0].id > 0 && log[1].id > 0);
    }
    /* bad contacts */
    CHECK_INT(add_contact(st, a, "2024-13-01", "电话", ""), STORE_ERR_CONSTRAINT);
    CHECK_INT(add_contact(st, a, "2024-06-01", "飞鸽传书", ""), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "联系方式应为 电话、微信、走访、来信 或 其他");
    CHECK_INT(add_contact(st, home, "2024-06-01", "电话", ""), STORE_ERR_NOT_FOUND);
    CHECK_STR(store_errmsg(st), "该党员没有流动党员信息");
    store_mobile_contact_list_free(&log_l);
    CHECK_INT(store_mobile_contact_list(st, a, &log_l), STORE_OK);
    log = log_l.v, n = log_l.n;
    CHECK_INT(n, 2);

    /* bad details */
    struct mobile_info bad = mobile(c, "  ", "2024-01-01");
    CHECK_INT(store_mobile_set(st, &bad), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "须填写外出地点");
    bad = mobile(c, "浙江省义乌市", "2024/01/01");
    CHECK_INT(store_mobile_set(st, &bad), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "外出日期格式应为 YYYY-MM-DD，且须是真实日期");
    CHECK_INT(store_member_get(st, c, &m), STORE_OK);
    CHECK(!m.mobile);

    struct mobile_info mc = mobile(c, "浙江省义乌市", "2023-09-15");
    CHECK_INT(store_mobile_set(st, &mc), STORE_OK);
    struct store_mobile_list list_l = {0};
    struct mobile_info *list = NULL;
    store_mobile_list_free(&list_l);
    CHECK_INT(store_mobile_list(st, b, &list_l), STORE_OK);
    list = list_l.v, n = list_l.n;
    CHECK_INT(n, 2);
    if (n == 2) { /* away longest first */
        CHECK_INT(list[0].member_id, c);
        CHECK_INT(list[1].member_id, a);
        CHECK_STR(list[1].last_contact, "2024-05-10");
        CHECK_STR(list[0].last_contact, "");
    }

    /* set again: the row is updated, not duplicated (over the version read) */
    CHECK_INT(store_mobile_get(st, a, &out), STORE_OK);
    mi = mobile(a, "广东省东莞市", "2024-02-01");
    mi.version = out.version;
    CHECK_INT(store_mobile_set(st, &mi), STORE_OK);
    CHECK_INT(count_rows(st, "SELECT count(*) FROM member_mobile"), 2);
    CHECK_INT(store_mobile_get(st, a, &out), STORE_OK);
    CHECK_STR(out.destination, "广东省东莞市");

    /* back home: off the list, details and log kept */
    CHECK_INT(store_mobile_end(st, a, "2024-31-01"), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_mobile_end(st, home, "2024-07-01"), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "该党员不是流动党员");
    CHECK_INT(store_mobile_end(st, a, "2024-07-01"), STORE_OK);
    CHECK_INT(store_member_get(st, a, &m), STORE_OK);
    CHECK(!m.mobile);
    CHECK_INT(store_mobile_get(st, a, &out), STORE_OK);
    CHECK_STR(out.destination, "广东省东莞市");
    CHECK_STR(out.last_contact, "2024-05-10");
    CHECK_INT(count_rows(st, "SELECT count(*) FROM member_mobile WHERE ended_at = '2024-07-01'"),
              1);
    store_mobile_list_free(&list_l);
    CHECK_INT(store_mobile_list(st, b, &list_l), STORE_OK);
    list = list_l.v, n = list_l.n;
    CHECK_INT(n, 1);
    CHECK_INT(store_mobile_end(st, a, "2024-07-02"), STORE_ERR_CONSTRAINT);

    /* history: the member's flag twice, the details inserted, updated and ended, each contact */
    char acts[128];
    actions_of(st, "member", m.uuid, acts, sizeof acts);
    CHECK_STR(acts, "mobile mobile insert");
    CHECK(newest_has(st, "member", m.uuid, "\"mobile\":0"));
    char mm_uuid[64] = "";
    sqlite3 *db = NULL;
    sqlite3_open(store_path(st), &db);
    sqlite3_stmt *s = NULL;
    sqlite3_prepare_v2(db, "SELECT uuid FROM member_mobile WHERE member_id = ?1", -1, &s, NULL);
    sqlite3_bind_int64(s, 1, a);
    if (sqlite3_step(s) == SQLITE_ROW)
        snprintf(mm_uuid, sizeof mm_uuid, "%s", sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(db);
    actions_of(st, "member_mobile", mm_uuid, acts, sizeof acts);
    CHECK_STR(acts, "end update insert");
    CHECK_INT(count_rows(st, "SELECT count(*) FROM history WHERE table_name = 'mobile_contact'"
                             " AND action = 'insert'"),
              2);
    store_close(st);
    store_mobile_contact_list_free(&log_l);
    store_mobile_list_free(&list_l);
}

/* ---- transfers ------------------------------------------------------------------------- */

static struct transfer transfer(int64_t member_id, const char *date, const char *place,
                                const char *letter, const char *through)
{
    struct transfer t = {.member_id = member_id};
    snprintf(t.date, sizeof t.date, "%s", date);
    snprintf(t.place, sizeof t.place, "%s", place);
    snprintf(t.letter_no, sizeof t.letter_no, "%s", letter);
    snprintf(t.dues_paid_through, sizeof t.dues_paid_through, "%s", through);
    return t;
}

TEST(store_lifecycle_transfer_out_leaves_roster)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = mk_branch(st, "T1");
    int64_t mid = mk_member(st, b, "杨转出", "2010-04-01", false);
    int hist = store_history_count(st);

    struct transfer t = transfer(mid, "2024-08-15", "  ", "", "");
    CHECK_INT(store_transfer_out(st, &t), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "须填写转往何处");
    t = transfer(mid, "2024-08-32", "县城关镇第二社区党支部", "", "");
    CHECK_INT(store_transfer_out(st, &t), STORE_ERR_CONSTRAINT);
    t = transfer(mid, "2024-08-15", "县城关镇第二社区党支部", "", "2024-13");
    CHECK_INT(store_transfer_out(st, &t), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "党费交至月份格式应为 YYYY-MM");
    t = transfer(mid, "2009-01-01", "县城关镇第二社区党支部", "", "");
    CHECK_INT(store_transfer_out(st, &t), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_history_count(st), hist);
    CHECK_INT(count_rows(st, "SELECT count(*) FROM member_transfer"), 0);

    t = transfer(mid, "2024-08-15", "县城关镇第二社区党支部", "（2024）015号", "2024-08");
    snprintf(t.note, sizeof t.note, "随子女进城");
    CHECK_INT(store_transfer_out(st, &t), STORE_OK);
    CHECK(t.id > 0);
    CHECK_STR(t.direction, "out");
    struct member m;
    CHECK_INT(store_member_get(st, mid, &m), STORE_OK);
    CHECK_STR(m.leave_status, "transferred");
    CHECK_STR(m.leave_date, "2024-08-15");
    CHECK_STR(m.leave_reason, "转往 县城关镇第二社区党支部（介绍信 （2024）015号）");
    struct member_filter f = {.branch_id = b};
    CHECK_INT(store_member_count(st, &f), 0);

    struct store_transfer_list list_l = {0};
    struct transfer *list = NULL;
    int n = 0;
    store_transfer_list_free(&list_l);
    CHECK_INT(store_transfer_list(st, mid, &list_l), STORE_OK);
    list = list_l.v, n = list_l.n;
    CHECK_INT(n, 1);
    if (n == 1) {
        CHECK_STR(list[0].direction, "out");
        CHECK_STR(list[0].date, "2024-08-15");
        CHECK_STR(list[0].place, "县城关镇第二社区党支部");
        CHECK_STR(list[0].letter_no, "（2024）015号");
        CHECK_STR(list[0].dues_paid_through, "2024-08");
        CHECK_STR(list[0].note, "随子女进城");
        CHECK_STR(list[0].uuid, t.uuid);
    }
    char acts[128];
    actions_of(st, "member", m.uuid, acts, sizeof acts);
    CHECK_STR(acts, "transfer_out insert");
    CHECK(newest_has(st, "member", m.uuid, "\"leave_status\":\"transferred\""));
    actions_of(st, "member_transfer", t.uuid, acts, sizeof acts);
    CHECK_STR(acts, "insert");

    /* off the roster already */
    struct transfer again = transfer(mid, "2024-09-01", "别处", "", "");
    CHECK_INT(store_transfer_out(st, &again), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "该党员已不在名册");

    /* without a letter number, the reason says only where */
    int64_t m2 = mk_member(st, b, "朱无信", "2011-01-01", false);
    struct transfer t2 = transfer(m2, "2024-09-01", "邻村党支部", "", "");
    CHECK_INT(store_transfer_out(st, &t2), STORE_OK);
    CHECK_INT(store_member_get(st, m2, &m), STORE_OK);
    CHECK_STR(m.leave_reason, "转往 邻村党支部");
    store_close(st);
    store_transfer_list_free(&list_l);
}

TEST(store_lifecycle_transfer_in_adds_member)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = mk_branch(st, "T2");
    struct member m;
    fill_member(&m, b, "秦转入", "2012-07-01", false);
    struct transfer t = transfer(0, "2024-03-03", "", "外（2024）8号", "2024-02");
    CHECK_INT(store_transfer_in(st, &m, &t), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "须填写从何处转入");
    CHECK_INT(m.id, 0);
    /* a member the roster refuses: nothing is kept of either */
    snprintf(t.place, sizeof t.place, "邻镇红星村党支部");
    snprintf(m.gender, sizeof m.gender, "X");
    CHECK_INT(store_transfer_in(st, &m, &t), STORE_ERR_CONSTRAINT);
    CHECK_INT(m.id, 0);
    CHECK_INT(t.id, 0);
    CHECK_INT(count_rows(st, "SELECT count(*) FROM member"), 0);
    CHECK_INT(count_rows(st, "SELECT count(*) FROM member_transfer"), 0);
    CHECK_INT(count_rows(st, "SELECT count(*) FROM history"), 2); /* the office key, the branch */

    snprintf(m.gender, sizeof m.gender, "F");
    CHECK_INT(store_transfer_in(st, &m, &t), STORE_OK);
    CHECK(m.id > 0);
    CHECK(t.id > 0);
    CHECK_INT(t.member_id, m.id);
    CHECK_STR(t.direction, "in");
    struct member got;
    CHECK_INT(store_member_get(st, m.id, &got), STORE_OK);
    CHECK_STR(got.name, "秦转入");
    CHECK_INT(got.branch_id, b);
    CHECK_STR(got.leave_status, "");
    struct store_transfer_list list_l = {0};
    struct transfer *list = NULL;
    int n = 0;
    store_transfer_list_free(&list_l);
    CHECK_INT(store_transfer_list(st, m.id, &list_l), STORE_OK);
    list = list_l.v, n = list_l.n;
    CHECK_INT(n, 1);
    if (n == 1) {
        CHECK_STR(list[0].direction, "in");
        CHECK_STR(list[0].place, "邻镇红星村党支部");
        CHECK_STR(list[0].letter_no, "外（2024）8号");
        CHECK_STR(list[0].dues_paid_through, "2024-02");
    }
    char acts[64];
    actions_of(st, "member", got.uuid, acts, sizeof acts);
    CHECK_STR(acts, "transfer_in");
    actions_of(st, "member_transfer", t.uuid, acts, sizeof acts);
    CHECK_STR(acts, "insert");
    store_close(st);
    store_transfer_list_free(&list_l);
}
