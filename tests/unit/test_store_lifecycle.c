/* Unit tests of src/store/lifecycle_db.c: 转正 with the approving meeting and its refusals,
 * mobile members (details, contact log, last contact, coming back, the branch's list),
 * transfers out (off the roster with the reason) and in (a new member with the record), and
 * the history of each change. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "test.h"
#include "zhibu/dues.h"
#include "zhibu/posts.h"
#include "zhibu/store.h"
#include "zhibu/store_dues.h"
#include "zhibu/store_lifecycle.h"
#include "zhibu/store_meeting.h"
#include "zhibu/store_posts.h"

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

static void fill_member(struct member *m, int64_t branch_id, const char *name, const char *join,
                        bool probationary)
{
    fx_member_fill(m, &(struct fx_member){.branch = branch_id, .name = name, .join = join,
                                          .full = probationary ? "" : "2000-01-01"});
}

static int64_t mk_member(struct store *st, int64_t branch_id, const char *name, const char *join,
                         bool probationary)
{
    return fx_member(st, &(struct fx_member){.branch = branch_id, .name = name, .join = join,
                                             .full = probationary ? "" : "2000-01-01"}, NULL);
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
    int64_t b = fx_branch(st, "Z1", "Z1村党支部", 0);
    int64_t mid = mk_member(st, b, "周预备", "2023-05-20", true);
    int64_t meet = test_add_meeting(st, b, "general", "2024-05-21");
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
    int64_t b = fx_branch(st, "Z2", "Z2村党支部", 0);
    int64_t other = fx_branch(st, "Z3", "Z3村党支部", 0);
    int64_t full = mk_member(st, b, "郑正式", "1999-01-01", false);
    int64_t prob = mk_member(st, b, "冯预备", "2023-05-20", true);
    int64_t foreign = test_add_meeting(st, other, "general", "2024-05-21");
    int64_t voided = test_add_meeting(st, b, "general", "2024-05-22");
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
    int64_t b = fx_branch(st, "Y1", "Y1村党支部", 0);
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
    int64_t b = fx_branch(st, "T1", "T1村党支部", 0);
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
    int64_t b = fx_branch(st, "T2", "T2村党支部", 0);
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

/* ==== the tests of test_store_people14.c (moved whole) ==== */
/* Unit tests of issue 14's rules about people as the store keeps them: a 预备党员 takes no
 * committee office; leaving ends the member's posts (and office); the dues of one who left on the
 * 1st or was transferred out with the letter's 交至. */
static struct store *fresh14(void)
{
    char *path = test_db_path("p14.db");
    struct store *st = test_open_db(path, "组织委员");
    free(path);
    return st;
}

static int64_t branch14(struct store *st)
{
    struct branch b = {0};
    snprintf(b.code, sizeof b.code, "P14");
    snprintf(b.name, sizeof b.name, "十四村党支部");
    snprintf(b.type, sizeof b.type, "rural");
    if (store_branch_add(st, &b) != STORE_OK)
        test_fail(__FILE__, __LINE__, "branch_add: %s", store_errmsg(st));
    return b.id;
}

static void member14(struct member *m, int64_t branch_id, const char *name, bool probationary)
{
    memset(m, 0, sizeof *m);
    m->branch_id = branch_id;
    snprintf(m->name, sizeof m->name, "%s", name);
    snprintf(m->gender, sizeof m->gender, "M");
    snprintf(m->join_date, sizeof m->join_date, "%s", probationary ? "2026-03-01" : "2010-03-01");
    snprintf(m->status, sizeof m->status, "%s", probationary ? "probationary" : "full");
    if (!probationary) snprintf(m->full_date, sizeof m->full_date, "2011-03-01");
    snprintf(m->dues_category, sizeof m->dues_category, "farmer");
}

static int64_t add14(struct store *st, int64_t branch_id, const char *name, bool probationary)
{
    struct member m;
    member14(&m, branch_id, name, probationary);
    if (store_member_add(st, &m) != STORE_OK)
        test_fail(__FILE__, __LINE__, "member_add(%s): %s", name, store_errmsg(st));
    return m.id;
}

TEST(people14_store_probationary_takes_no_office)
{
    struct store *st = fresh14();
    int64_t b = branch14(st);
    struct member m;
    member14(&m, b, "钱预备", true);
    snprintf(m.office, sizeof m.office, "committee");
    CHECK_INT(store_member_add(st, &m), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "预备党员没有表决权、选举权和被选举权，不能担任支委职务");
    m.office[0] = '\0';
    CHECK_INT(store_member_add(st, &m), STORE_OK);
    /* appointed later (the committee screen's way): refused, nothing written */
    struct member g;
    CHECK_INT(store_member_get(st, m.id, &g), STORE_OK);
    snprintf(g.office, sizeof g.office, "secretary");
    CHECK_INT(store_member_update(st, &g), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_member_get(st, m.id, &g), STORE_OK);
    CHECK_STR(g.office, "");
    /* a full member may be appointed */
    int64_t full = add14(st, b, "赵正式", false);
    CHECK_INT(store_member_get(st, full, &g), STORE_OK);
    snprintf(g.office, sizeof g.office, "secretary");
    CHECK_INT(store_member_update(st, &g), STORE_OK);
    /* ... but not turned back into a probationary member while holding it */
    snprintf(g.status, sizeof g.status, "probationary");
    g.full_date[0] = '\0';
    CHECK_INT(store_member_update(st, &g), STORE_ERR_CONSTRAINT);
    store_close(st);
}

TEST(people14_store_leaving_ends_posts_and_office)
{
    struct store *st = fresh14();
    int64_t b = branch14(st);
    int64_t dead = add14(st, b, "孙去世", false), moved = add14(st, b, "李转出", false);
    int64_t stays = add14(st, b, "周在册", false);
    struct post p = {.branch_id = b, .wanted = 5};
    snprintf(p.category, sizeof p.category, "政策宣传");
    snprintf(p.name, sizeof p.name, "政策宣传员");
    p.duties = (char *)"宣传党的政策";
    CHECK_INT(store_post_add(st, &p), STORE_OK);
    int64_t hid[3];
    int64_t who[3] = {dead, moved, stays};
    for (int i = 0; i < 3; i++) {
        struct holding h = {.post_id = p.id, .member_id = who[i]};
        snprintf(h.how, sizeof h.how, "claim");
        snprintf(h.claimed, sizeof h.claimed, "2026-01-10");
        snprintf(h.pledge, sizeof h.pledge, "认真履职");
        CHECK_INT(store_holding_add(st, &h), STORE_OK);
        hid[i] = h.id;
    }
    /* death: the holding ends on the day, with the reason; the office ends too */
    struct member m;
    CHECK_INT(store_member_get(st, dead, &m), STORE_OK);
    snprintf(m.office, sizeof m.office, "publicity");
    CHECK_INT(store_member_update(st, &m), STORE_OK);
    snprintf(m.leave_status, sizeof m.leave_status, "deceased");
    snprintf(m.leave_date, sizeof m.leave_date, "2026-11-03");
    snprintf(m.leave_reason, sizeof m.leave_reason, "病故");
    CHECK_INT(store_member_update(st, &m), STORE_OK);
    CHECK_INT(store_member_get(st, dead, &m), STORE_OK);
    CHECK_STR(m.office, "");
    struct holding h;
    CHECK_INT(store_holding_get(st, hid[0], &h), STORE_OK);
    CHECK_STR(h.ended, "2026-11-03");
    CHECK_STR(h.end_reason, "离开名册（去世）");
    /* transfer out: the same, on the transfer date */
    struct transfer t = {.member_id = moved};
    snprintf(t.date, sizeof t.date, "2026-11-12");
    snprintf(t.place, sizeof t.place, "城关镇东街社区党支部");
    snprintf(t.dues_paid_through, sizeof t.dues_paid_through, "2026-10");
    CHECK_INT(store_transfer_out(st, &t), STORE_OK);
    CHECK_INT(store_holding_get(st, hid[1], &h), STORE_OK);
    CHECK_STR(h.ended, "2026-11-12");
    CHECK_STR(h.end_reason, "离开名册（转出）");
    CHECK_INT(store_holding_get(st, hid[2], &h), STORE_OK);
    CHECK_STR(h.ended, "");
    /* the 公示 that follows lists only the one still holding */
    int count = 0;
    CHECK_INT(store_holding_notice(st, b, "2026-11-20", &count), STORE_OK);
    CHECK_INT(count, 1);
    /* bad input: a second leaving is refused as before, nothing more ended */
    t.id = 0;
    CHECK_INT(store_transfer_out(st, &t), STORE_ERR_CONSTRAINT);
    store_close(st);
}

TEST(people14_store_dues_after_leaving)
{
    struct store *st = fresh14();
    int64_t b = branch14(st);
    int64_t first = add14(st, b, "吴月初", false), moved = add14(st, b, "郑转出", false);
    struct member m;
    CHECK_INT(store_member_get(st, first, &m), STORE_OK);
    snprintf(m.leave_status, sizeof m.leave_status, "expelled");
    snprintf(m.leave_date, sizeof m.leave_date, "2026-11-01");
    snprintf(m.leave_reason, sizeof m.leave_reason, "开除党籍");
    CHECK_INT(store_member_update(st, &m), STORE_OK);
    struct transfer t = {.member_id = moved};
    snprintf(t.date, sizeof t.date, "2026-12-05");
    snprintf(t.place, sizeof t.place, "城关镇东街社区党支部");
    snprintf(t.dues_paid_through, sizeof t.dues_paid_through, "2026-11");
    CHECK_INT(store_transfer_out(st, &t), STORE_OK);
    struct dues_member d;
    CHECK_INT(store_dues_member_get(st, first, &d), STORE_OK);
    CHECK_INT(d.f.leave_ym, dues_ym(2026, 10)); /* November not owed */
    store_dues_member_free(&d);
    CHECK_INT(store_dues_member_get(st, moved, &d), STORE_OK);
    CHECK_INT(d.f.leave_ym, dues_ym(2026, 11)); /* December is the new branch's */
    store_dues_member_free(&d);
    struct store_dues_member_list all_l = {0};
    struct dues_member *all = NULL;
    int n = 0;
    CHECK_INT(store_dues_member_list(st, b, (struct zmonth){2026, 1}, &all_l), STORE_OK);
    all = all_l.v, n = all_l.n;
    CHECK_INT(n, 2);
    for (int i = 0; i < n; i++)
        CHECK_INT(all[i].f.leave_ym, all[i].m.id == first ? dues_ym(2026, 10) : dues_ym(2026, 11));
    store_dues_member_list_free(&all_l);
    store_close(st);
}

/* ---- 转正, 延长预备期, 取消预备党员资格 in the store ---- */


static int64_t prob14(struct store *st, int64_t branch_id, const char *name, const char *join)
{
    struct member m;
    member14(&m, branch_id, name, true);
    snprintf(m.join_date, sizeof m.join_date, "%s", join);
    if (store_member_add(st, &m) != STORE_OK)
        test_fail(__FILE__, __LINE__, "member_add(%s): %s", name, store_errmsg(st));
    return m.id;
}

static const struct probation_rules SPR = {.months = 12, .extend_min_months = 6,
                                           .extend_max_months = 12, .extend_times = 1};

TEST(people14_store_full_meeting_before_probation_end_refused)
{
    struct store *st = fresh14();
    int64_t b = branch14(st);
    int64_t m = prob14(st, b, "孙预备", "2025-10-01");
    int64_t early = test_add_meeting(st, b, "general", "2026-09-20");
    int64_t committee = test_add_meeting(st, b, "committee", "2026-10-10");
    int64_t good = test_add_meeting(st, b, "general", "2026-10-15");
    int hist = store_history_count(st);
    CHECK_INT(store_member_make_full(st, m, "2026-10-01", early, &SPR), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st),
              "会议（2026-09-20）早于预备期满之日（2026-10-01），不能批准转正");
    CHECK_INT(store_member_make_full(st, m, "2026-10-01", committee, &SPR), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "作出决定的会议须是支部党员大会");
    CHECK_INT(store_member_make_full(st, m, "2026-09-30", good, &SPR), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "转正日期不能早于预备期满之日（2026-10-01）");
    CHECK_INT(store_history_count(st), hist); /* nothing written */
    CHECK_INT(store_member_make_full(st, m, "2026-10-01", good, &SPR), STORE_OK);
    CHECK_INT(store_member_full_meeting(st, m), good);
    store_close(st);
}

TEST(people14_store_extend_once_then_full_after_the_new_end)
{
    struct store *st = fresh14();
    int64_t b = branch14(st);
    int64_t m = prob14(st, b, "钱延长", "2025-10-01");
    int64_t early = test_add_meeting(st, b, "general", "2026-09-20");
    int64_t at_end = test_add_meeting(st, b, "general", "2026-10-12");
    struct probation_decision d = {.member_id = m, .meeting_id = 0};
    snprintf(d.reason, sizeof d.reason, "组织观念淡薄，需继续考察");
    CHECK_INT(store_probation_extend(st, &d, 6, &SPR), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "延长预备期须经支部党员大会讨论决定，请选择会议记录");
    d.meeting_id = early;
    CHECK_INT(store_probation_extend(st, &d, 6, &SPR), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "会议（2026-09-20）早于预备期满之日（2026-10-01），不能决定延长预备期");
    CHECK_INT(store_probation_extend(st, &d, 13, &SPR), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "延长预备期应为 6 至 12 个月");
    d.meeting_id = at_end;
    d.reason[0] = '\0';
    CHECK_INT(store_probation_extend(st, &d, 6, &SPR), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "须填写延长预备期的原因");
    snprintf(d.reason, sizeof d.reason, "  组织观念淡薄，需继续考察 ");
    CHECK_INT(store_probation_extend(st, &d, 6, &SPR), STORE_OK);
    CHECK(d.id > 0);
    CHECK_STR(d.kind, "extend");
    CHECK_STR(d.date, "2026-10-12");
    CHECK_STR(d.until, "2027-04-01");
    CHECK_STR(d.reason, "组织观念淡薄，需继续考察");
    struct member g;
    CHECK_INT(store_member_get(st, m, &g), STORE_OK);
    CHECK_STR(g.status, "probationary");
    CHECK_STR(g.probation_until, "2027-04-01");
    /* history of the decision */
    struct store_probation_decision_list list_l = {0};
    struct probation_decision *list = NULL;
    int n = 0;
    store_probation_decision_list_free(&list_l);
    CHECK_INT(store_probation_decision_list(st, m, &list_l), STORE_OK);
    list = list_l.v, n = list_l.n;
    CHECK_INT(n, 1);
    CHECK_INT(list[0].meeting_id, at_end);
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM history WHERE table_name = 'probation_decision'"
                                           " AND action = 'insert'"), 1);
    /* only once */
    struct probation_decision d2 = {.member_id = m, .meeting_id = at_end};
    snprintf(d2.reason, sizeof d2.reason, "再延长");
    CHECK_INT(store_probation_extend(st, &d2, 6, &SPR), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "预备期只能延长一次");
    /* 转正 now waits for the new end */
    CHECK_INT(store_member_make_full(st, m, "2026-10-12", at_end, &SPR), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "转正日期不能早于预备期满之日（2027-04-01）");
    store_close(st);
    store_probation_decision_list_free(&list_l);
}

TEST(people14_store_cancel_leaves_the_roster)
{
    struct store *st = fresh14();
    int64_t b = branch14(st);
    int64_t m = prob14(st, b, "李取消", "2025-10-01");
    int64_t full = add14(st, b, "赵正式", false);
    int64_t before = test_add_meeting(st, b, "general", "2025-09-01");
    int64_t meet = test_add_meeting(st, b, "general", "2026-06-10");
    struct post p = {.branch_id = b, .wanted = 5};
    snprintf(p.category, sizeof p.category, "政策宣传");
    snprintf(p.name, sizeof p.name, "政策宣传员");
    p.duties = (char *)"宣传党的政策";
    CHECK_INT(store_post_add(st, &p), STORE_OK);
    struct holding h = {.post_id = p.id, .member_id = m};
    snprintf(h.how, sizeof h.how, "claim");
    snprintf(h.claimed, sizeof h.claimed, "2026-01-10");
    snprintf(h.pledge, sizeof h.pledge, "认真履职");
    CHECK_INT(store_holding_add(st, &h), STORE_OK);

    struct probation_decision d = {.member_id = m, .meeting_id = before};
    snprintf(d.reason, sizeof d.reason, "严重违反纪律");
    CHECK_INT(store_probation_cancel(st, &d, &SPR), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "会议日期早于该党员的入党日期");
    d.meeting_id = 99999;
    CHECK_INT(store_probation_cancel(st, &d, &SPR), STORE_ERR_NOT_FOUND);
    CHECK_STR(store_errmsg(st), "作出决定的会议不存在");
    /* a full member has no probation to cancel */
    struct probation_decision f = {.member_id = full, .meeting_id = meet};
    snprintf(f.reason, sizeof f.reason, "x");
    CHECK_INT(store_probation_cancel(st, &f, &SPR), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "该党员不是在册的预备党员");
    /* during probation, by a 支部党员大会 */
    d.meeting_id = meet;
    CHECK_INT(store_probation_cancel(st, &d, &SPR), STORE_OK);
    struct member g;
    CHECK_INT(store_member_get(st, m, &g), STORE_OK);
    CHECK_STR(g.leave_status, "expelled");
    CHECK_STR(g.leave_date, "2026-06-10");
    CHECK_STR(g.leave_reason, "取消预备党员资格：严重违反纪律");
    CHECK(g.probation_cancelled);
    CHECK_INT(test_sql_int(store_path(st), "SELECT count(*) FROM history WHERE table_name = 'member'"
                                           " AND action = 'disqualify'"), 1);
    CHECK_INT(store_holding_get(st, h.id, &h), STORE_OK);
    CHECK_STR(h.ended, "2026-06-10");
    /* not twice */
    CHECK_INT(store_probation_cancel(st, &d, &SPR), STORE_ERR_CONSTRAINT);
    store_close(st);
}

/* 转正 only by the decision (store_member_make_full with a 支部党员大会 after probation): the
 * member form cannot make a 预备党员 正式 by changing 党籍 and typing a 转正日期. */
TEST(people14_store_form_cannot_make_full)
{
    struct store *st = fresh14();
    int64_t b = branch14(st);
    int64_t id = add14(st, b, "孙预备", true);
    struct member g;
    CHECK_INT(store_member_get(st, id, &g), STORE_OK);
    snprintf(g.status, sizeof g.status, "full");
    snprintf(g.full_date, sizeof g.full_date, "2027-03-01");
    CHECK_INT(store_member_update(st, &g), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "预备党员转正须由支部党员大会讨论决定：请在党员名册中按 z 登记转正");
    CHECK_INT(store_member_get(st, id, &g), STORE_OK);
    CHECK_STR(g.status, "probationary");
    CHECK_STR(g.full_date, "");
    /* other changes to a 预备党员 still save */
    snprintf(g.phone, sizeof g.phone, "13800000000");
    CHECK_INT(store_member_update(st, &g), STORE_OK);
    store_close(st);
}
