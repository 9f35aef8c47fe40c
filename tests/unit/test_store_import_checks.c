/* Unit tests of what an import checks before it writes (issue 12, holes 4-6): forged bundles
 * built at the changeset level — a real branch exported, its rows put in an exchange database
 * in memory, edited there, and made a changeset again — so that what refuses them is the check
 * of the content, not the hash of a bundle file. Every refusal leaves the township's file byte
 * for byte as it was; its journal still verifies. Also the limits ([exchange] in the config),
 * and who may import: a reviewer scoped to another branch may not. */
#define SQLITE_ENABLE_SESSION
#define SQLITE_ENABLE_PREUPDATE_HOOK
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "zhibu/dues.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_dues.h"
#include "zhibu/store_exchange.h"
#include "zhibu/store_meeting.h"

/* ---- a village and a township ---------------------------------------------------------- */

static void at(const char *now)
{
    setenv("ZHIBU_NOW", now, 1);
}

struct village {
    char *path;
    int64_t branch;
    char uuid[40], office[40];
    char meeting[40], payment[40], member[40]; /* uuids */
};

static void text_of(const char *path, const char *sql, char *out, size_t outsz)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    out[0] = '\0';
    if (sqlite3_open(path, &db) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW &&
        sqlite3_column_text(s, 0))
        snprintf(out, outsz, "%s", (const char *)sqlite3_column_text(s, 0));
    else
        test_fail(__FILE__, __LINE__, "no text from %s", sql);
    sqlite3_finalize(s);
    sqlite3_close(db);
}

/* Branch code with a group, two members, a meeting with attendance and a resolution, a payment
 * of 50 fen for 2026-02 (one allocation). */
static struct village mk_village(const char *file, const char *code)
{
    struct village v = {.path = test_db_path(file)};
    at("2026-03-01T08:00:00Z");
    struct store *st = test_open_db(v.path, "secretary1");
    struct branch top = {0}, b = {0};
    snprintf(top.code, sizeof top.code, "%s-T", code);
    snprintf(top.name, sizeof top.name, "%s镇党委", code);
    snprintf(top.type, sizeof top.type, "organ");
    CHECK_INT(store_branch_add(st, &top), STORE_OK);
    snprintf(b.code, sizeof b.code, "%s", code);
    snprintf(b.name, sizeof b.name, "%s村党支部", code);
    snprintf(b.type, sizeof b.type, "rural");
    b.parent_id = top.id;
    CHECK_INT(store_branch_add(st, &b), STORE_OK);
    v.branch = b.id;
    int64_t ids[2];
    const char *names[] = {"王芳", "李娜"};
    for (int i = 0; i < 2; i++) {
        struct member m = {0};
        m.branch_id = b.id;
        snprintf(m.name, sizeof m.name, "%s", names[i]);
        snprintf(m.gender, sizeof m.gender, "F");
        snprintf(m.join_date, sizeof m.join_date, "2010-03-01");
        snprintf(m.full_date, sizeof m.full_date, "2011-03-01");
        snprintf(m.status, sizeof m.status, "full");
        snprintf(m.dues_category, sizeof m.dues_category, "farmer");
        CHECK_INT(store_member_add(st, &m), STORE_OK);
        ids[i] = m.id;
    }
    struct meeting m;
    memset(&m, 0, sizeof m);
    m.branch_id = b.id;
    snprintf(m.kind, sizeof m.kind, "general");
    snprintf(m.date, sizeof m.date, "2026-02-10");
    snprintf(m.start_time, sizeof m.start_time, "09:00");
    snprintf(m.end_time, sizeof m.end_time, "10:30");
    snprintf(m.place, sizeof m.place, "村委会");
    m.host_id = ids[0];
    m.recorder_id = ids[1];
    m.topics = strdup("学习党章");
    m.minutes = strdup("会议纪要");
    struct attendee att[2] = {{.member_id = ids[0], .voting = true, .mark = "present"},
                              {.member_id = ids[1], .voting = true, .mark = "leave",
                               .reason = "外出务工"}};
    m.attendees = att;
    m.nattendees = 2;
    struct resolution res = {.text = "通过年度计划", .votes_for = 1};
    m.resolutions = &res;
    m.nresolutions = 1;
    meeting_evaluate(&m, NULL);
    CHECK_INT(store_meeting_add(st, &m), STORE_OK);
    m.attendees = NULL;
    m.resolutions = NULL;
    m.nattendees = m.nresolutions = 0;
    meeting_free(&m);
    struct dues_payment p = {0};
    p.member_id = ids[0];
    snprintf(p.paid_date, sizeof p.paid_date, "2026-02-12");
    p.from_ym = p.to_ym = dues_ym(2026, 2);
    p.amount = 50;
    struct dues_paid a = {.ym = dues_ym(2026, 2), .amount = 50};
    CHECK_INT(store_dues_payment_add(st, &p, &a, 1), STORE_OK);
    store_close(st);
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT uuid FROM branch WHERE id = %lld", (long long)v.branch);
    text_of(v.path, sql, v.uuid, sizeof v.uuid);
    text_of(v.path, "SELECT value FROM meta WHERE key = 'office_uuid'", v.office, sizeof v.office);
    text_of(v.path, "SELECT uuid FROM meeting", v.meeting, sizeof v.meeting);
    text_of(v.path, "SELECT uuid FROM dues_payment", v.payment, sizeof v.payment);
    text_of(v.path, "SELECT uuid FROM member ORDER BY id LIMIT 1", v.member, sizeof v.member);
    return v;
}

/* The village's ledger as one changeset (heap). */
static void *export_blob(const struct village *v, size_t *n)
{
    struct store *st = test_open_db(v->path, "system");
    void *blob = NULL;
    CHECK_INT(store_exchange_export(st, v->branch, EXCHANGE_LEDGER, &blob, n, NULL, NULL),
              STORE_OK);
    store_close(st);
    return blob;
}

static int import_blob(const char *db, const struct village *v, const void *blob, size_t n,
                       const char *exported_at, struct exchange_report *r)
{
    struct store *st = test_open_db(db, "system");
    char bcode[24];
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT code FROM branch WHERE id = %lld", (long long)v->branch);
    text_of(v->path, sql, bcode, sizeof bcode);
    int rc = store_exchange_import(st, blob, n, EXCHANGE_LEDGER, v->uuid, bcode, v->office,
                                   exported_at, r);
    store_close(st);
    return rc;
}

/* A township that holds the ledgers of A1 and B1. */
static char *mk_township(const char *file, const struct village *a, const struct village *b)
{
    char *path = test_db_path(file);
    struct store *st = test_open_db(path, "reviewer");
    CHECK_INT(store_office_set_kind(st, "township"), STORE_OK);
    store_close(st);
    at("2026-03-02T08:00:00Z");
    const struct village *vs[2] = {a, b};
    for (int i = 0; i < 2; i++) {
        size_t n;
        void *blob = export_blob(vs[i], &n);
        struct exchange_report r;
        if (import_blob(path, vs[i], blob, n, "2026-03-01T09:00:00Z", &r) != STORE_OK)
            test_fail(__FILE__, __LINE__, "import: %s", r.problem);
        free(blob);
    }
    return path;
}

/* ---- an exchange database to edit ------------------------------------------------------ */

/* Columns that stay home (exchange.c LOCAL_COLS). */
static bool local_col(const char *table, const char *col)
{
    return (strcmp(table, "dues_allocation") == 0 && strcmp(col, "member_id") == 0) ||
           (strcmp(table, "amend_request") == 0 && strcmp(col, "history_after") == 0);
}

static int abort_conflict(void *ctx, int type, sqlite3_changeset_iter *it)
{
    (void)ctx, (void)type, (void)it;
    return SQLITE_CHANGESET_ABORT;
}

/* The blob's rows in a database file (path) with the exchange layout: per table of the blob,
 * uuid, xid, then the live table's columns (those of live_db) — the pseudo-tables get c0, c1 .. */
static sqlite3 *xdb_from(const char *path, const char *live_db, const void *blob, size_t n)
{
    unlink(path);
    sqlite3 *db = NULL, *live = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT(sqlite3_open(live_db, &live), SQLITE_OK);
    sqlite3_changeset_iter *it = NULL;
    CHECK_INT(sqlite3changeset_start(&it, (int)n, (void *)blob), SQLITE_OK);
    char done[64][32];
    int ndone = 0;
    while (sqlite3changeset_next(it) == SQLITE_ROW) {
        const char *t;
        int ncol, op, ind;
        sqlite3changeset_op(it, &t, &ncol, &op, &ind);
        bool seen = false;
        for (int i = 0; i < ndone; i++) seen = seen || strcmp(done[i], t) == 0;
        if (seen) continue;
        snprintf(done[ndone++], sizeof done[0], "%s", t);
        char sql[4096];
        int len = snprintf(sql, sizeof sql, "CREATE TABLE \"%s\"(", t);
        int made = 0;
        bool pseudo = strcmp(t, "journal") == 0 || strcmp(t, "branch_meta") == 0;
        if (!pseudo) {
            len += snprintf(sql + len, sizeof sql - (size_t)len, "uuid PRIMARY KEY, xid");
            made = 2;
            sqlite3_stmt *s = NULL;
            CHECK_INT(sqlite3_prepare_v2(live, "SELECT name FROM pragma_table_info(?1) ORDER BY cid",
                                         -1, &s, NULL),
                      SQLITE_OK);
            sqlite3_bind_text(s, 1, t, -1, SQLITE_STATIC);
            while (sqlite3_step(s) == SQLITE_ROW) {
                const char *c = (const char *)sqlite3_column_text(s, 0);
                if (strcmp(c, "id") == 0 || strcmp(c, "uuid") == 0 || local_col(t, c)) continue;
                len += snprintf(sql + len, sizeof sql - (size_t)len, ", \"%s\"", c);
                made++;
            }
            sqlite3_finalize(s);
            /* schema 13: these travel with their parent's timestamps, not stored here */
            if (strcmp(t, "meeting_attendance") == 0 || strcmp(t, "dues_allocation") == 0) {
                len += snprintf(sql + len, sizeof sql - (size_t)len, ", created_at, updated_at");
                made += 2;
            }
        } else {
            for (; made < ncol; made++)
                len += snprintf(sql + len, sizeof sql - (size_t)len, "%sc%d%s", made ? ", " : "",
                                made, made == 0 ? " PRIMARY KEY" : "");
        }
        snprintf(sql + len, sizeof sql - (size_t)len, ")");
        CHECK_INT(made, ncol);
        CHECK_INT(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    }
    sqlite3changeset_finalize(it);
    sqlite3_close(live);
    CHECK_INT(sqlite3changeset_apply(db, (int)n, (void *)blob, NULL, abort_conflict, NULL), SQLITE_OK);
    return db;
}

static void xsql(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
        test_fail(__FILE__, __LINE__, "%s: %s", sql, err ? err : "?");
    sqlite3_free(err);
}

/* Every row of the exchange database at path as one changeset of INSERTs (heap). */
static void *xdb_blob(const char *path, size_t *n)
{
    sqlite3 *out = NULL;
    CHECK_INT(sqlite3_open(":memory:", &out), SQLITE_OK);
    char sql[1024];
    snprintf(sql, sizeof sql, "ATTACH '%s' AS src", path);
    xsql(out, sql);
    sqlite3_stmt *s = NULL;
    CHECK_INT(sqlite3_prepare_v2(out, "SELECT name, sql FROM src.sqlite_master WHERE type = 'table'"
                                      " ORDER BY rowid",
                                 -1, &s, NULL),
              SQLITE_OK);
    char names[64][32];
    int nt = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
        snprintf(names[nt++], sizeof names[0], "%s", (const char *)sqlite3_column_text(s, 0));
        xsql(out, (const char *)sqlite3_column_text(s, 1));
    }
    sqlite3_finalize(s);
    sqlite3_session *ses = NULL;
    CHECK_INT(sqlite3session_create(out, "main", &ses), SQLITE_OK);
    CHECK_INT(sqlite3session_attach(ses, NULL), SQLITE_OK);
    for (int i = 0; i < nt; i++) {
        snprintf(sql, sizeof sql, "INSERT INTO main.\"%.31s\" SELECT * FROM src.\"%.31s\"", names[i],
                 names[i]);
        xsql(out, sql);
    }
    int sz = 0;
    void *p = NULL;
    CHECK_INT(sqlite3session_changeset(ses, &sz, &p), SQLITE_OK);
    sqlite3session_delete(ses);
    sqlite3_close(out);
    void *copy = malloc(sz > 0 ? (size_t)sz : 1);
    memcpy(copy, p, (size_t)sz);
    sqlite3_free(p);
    *n = (size_t)sz;
    return copy;
}

/* ---- refusals ---------------------------------------------------------------------------- */

/* The township's journal and rows verify (zhibu verify: 完整). */
static void verifies(const char *db, int line)
{
    struct store *st = test_open_db(db, "system");
    struct verify_result vr;
    CHECK_INT(store_journal_verify(st, 0, &vr), STORE_OK);
    if (vr.nproblems != 0) test_fail(__FILE__, line, "verify: %d problems", vr.nproblems);
    store_close(st);
}

/* The village's ledger after edit (SQL on the exchange database) is refused at the township with a
 * problem that contains msg (and, when given, starts with the table's name), the township's file
 * byte for byte as before, its journal verifying. */
static void forged(const char *town, const struct village *v, const char *edit, const char *msg,
                   int line)
{
    size_t n;
    void *blob = export_blob(v, &n);
    char *xpath = test_db_path("forge.xdb");
    sqlite3 *x = xdb_from(xpath, v->path, blob, n);
    free(blob);
    char *err = NULL;
    if (sqlite3_exec(x, edit, NULL, NULL, &err) != SQLITE_OK)
        test_fail(__FILE__, line, "edit %s: %s", edit, err ? err : "?");
    sqlite3_free(err);
    sqlite3_close(x);
    blob = xdb_blob(xpath, &n);
    size_t n0, n1;
    unsigned char *before = test_slurp(town, &n0);
    struct exchange_report r;
    int rc = import_blob(town, v, blob, n, "2026-03-05T09:00:00Z", &r);
    if (rc == STORE_OK) test_fail(__FILE__, line, "imported: %s", edit);
    if (!strstr(r.problem, msg))
        test_fail(__FILE__, line, "%.60s: problem \"%s\", expected \"%s\"", edit, r.problem, msg);
    if (strchr(r.problem, '\n')) test_fail(__FILE__, line, "two lines: %s", r.problem);
    unsigned char *after = test_slurp(town, &n1);
    if (n1 != n0 || memcmp(before, after, n0) != 0)
        test_fail(__FILE__, line, "the township's file changed");
    verifies(town, line);
    free(before);
    free(after);
    free(blob);
    free(xpath);
}

/* The unedited exchange database imports (the helpers themselves make a sound bundle). */
static void honest(const char *town, const struct village *v, const char *edit, int line)
{
    size_t n;
    void *blob = export_blob(v, &n);
    char *xpath = test_db_path("honest.xdb");
    sqlite3 *x = xdb_from(xpath, v->path, blob, n);
    free(blob);
    if (edit) xsql(x, edit);
    sqlite3_close(x);
    blob = xdb_blob(xpath, &n);
    struct exchange_report r;
    int rc = import_blob(town, v, blob, n, "2026-03-05T09:00:00Z", &r);
    /* an edit made in the bundle is not in the bundle's journal: after every content check has
     * passed, the journal check (hole 7) refuses it — that refusal, and only that, is expected */
    if (rc != STORE_OK && !(edit && strstr(r.problem, "与包内日志的最新内容不符")))
        test_fail(__FILE__, line, "refused: %s", r.problem);
    if (rc == STORE_OK) verifies(town, line);
    free(blob);
    free(xpath);
}

#define FORGED(town, v, edit, msg) forged(town, v, edit, msg, __LINE__)

/* ---- hole 4: one branch's bundle writes another branch's rows ---------------------------- */

TEST(import_refuses_rows_of_another_branch)
{
    struct village a = mk_village("ia.db", "A1"), b = mk_village("ib.db", "B1");
    char *town = mk_township("it.db", &a, &b);
    at("2026-03-05T10:00:00Z");
    char sql[2048];
    /* A's bundle adds a resolution to B's meeting */
    snprintf(sql, sizeof sql,
             "INSERT INTO meeting_resolution(uuid, xid, meeting_id, seq, text, votes_for,"
             " votes_against, votes_abstain, created_at, updated_at) VALUES"
             " ('f0f0f0f0-0000-4000-8000-000000000001', 99, '%s', 2, '伪造的决议', 9, 0, 0,"
             " '2026-03-04T08:00:00Z', '2026-03-04T08:00:00Z')",
             b.meeting);
    FORGED(town, &a, sql,
           "交换包中表 meeting_resolution 的记录 f0f0f0f0 属于其他支部，整个交换包未导入");
    /* and allocations under B's payment of 50 fen: 100,049 in all */
    snprintf(sql, sizeof sql,
             "INSERT INTO dues_allocation(uuid, xid, payment_id, month, amount, created_at,"
             " updated_at) VALUES ('f0f0f0f0-0000-4000-8000-000000000002', 99, '%s', '2026-02',"
             " 99999, '2026-03-04T08:00:00Z', '2026-03-04T08:00:00Z')",
             b.payment);
    FORGED(town, &a, sql,
           "交换包中表 dues_allocation 的记录 f0f0f0f0 属于其他支部，整个交换包未导入");
    CHECK_INT(test_sql_int(town, "SELECT sum(a.amount) FROM dues_allocation a JOIN dues_payment p"
                                 " ON p.id = a.payment_id JOIN branch b ON b.id = p.branch_id"
                                 " WHERE b.code = 'B1'"),
              50);
    /* a row of the branch's own table that names the other branch (scan_chunk) */
    snprintf(sql, sizeof sql,
             "UPDATE member SET branch_id = '%s' WHERE uuid = (SELECT min(uuid) FROM member)",
             b.uuid);
    FORGED(town, &a, sql, "交换包中表 member 的记录 ");
    FORGED(town, &a, sql, " 属于其他支部，整个交换包未导入");
    CHECK_INT(test_sql_int(town, "SELECT count(*) FROM member m JOIN branch b ON b.id = m.branch_id"
                                 " WHERE b.code = 'B1'"),
              2);
    /* one of B's rows taken over: its uuid under A's meeting */
    char bres[40];
    text_of(b.path, "SELECT uuid FROM meeting_resolution", bres, sizeof bres);
    snprintf(sql, sizeof sql,
             "INSERT INTO meeting_resolution SELECT '%s', 98, meeting_id, 7, '改挂的决议', 1, 0, 0,"
             " created_at, updated_at FROM meeting_resolution LIMIT 1",
             bres);
    char want[160];
    snprintf(want, sizeof want, "交换包中表 meeting_resolution 的记录 %.8s 属于其他支部", bres);
    FORGED(town, &a, sql, want);
    /* another reference than the parent: A's meeting hosted by B's member */
    snprintf(sql, sizeof sql, "UPDATE meeting SET host_id = '%s'", b.member);
    FORGED(town, &a, sql, "引用了其他支部的记录（host_id），整个交换包未导入");
    /* a new row under nothing at all */
    FORGED(town, &a,
           "INSERT INTO dues_allocation(uuid, xid, payment_id, month, amount, created_at,"
           " updated_at) VALUES ('f0f0f0f0-0000-4000-8000-000000000003', 99,"
           " 'f0f0f0f0-0000-4000-8000-00000000000f', '2026-02', 50, '2026-03-04T08:00:00Z',"
           " '2026-03-04T08:00:00Z')",
           "交换包中表 dues_allocation 的记录 f0f0f0f0 引用的记录不存在（payment_id），整个交换包未导入");
    /* the same editing without a forgery imports */
    honest(town, &a, "UPDATE meeting SET topics = '学习党章（补记）', updated_at ="
                     " '2026-03-04T08:00:00Z'", __LINE__);
    free(town);
    free(a.path);
    free(b.path);
    unsetenv("ZHIBU_NOW");
}

/* ---- hole 5: forged content skips validation ---------------------------------------------- */

TEST(import_refuses_rows_a_form_would_refuse)
{
    struct village a = mk_village("ja.db", "A2"), b = mk_village("jb.db", "B2");
    char *town = mk_township("jt.db", &a, &b);
    at("2026-03-05T10:00:00Z");
    static const struct {
        const char *edit, *msg;
    } CASES[] = {
        {"UPDATE meeting SET date = '2026-02-30'",
         "交换包中表 meeting 的记录 "},
        {"UPDATE meeting SET date = '2026-02-30'",
         " 有误：会议日期“2026-02-30”：日期格式应为 YYYY-MM-DD，且须是真实日期，整个交换包未导入"},
        {"UPDATE meeting SET date = 'garbage'", "会议日期“garbage”：日期格式应为 YYYY-MM-DD"},
        {"UPDATE meeting SET date = '2027-01-05'", "会议日期“2027-01-05”：日期不能晚于今天"},
        {"UPDATE meeting SET start_time = '25:61'", "开始时间“25:61”：时间格式应为 HH:MM"},
        {"UPDATE meeting SET end_time = '08:00'", "结束时间须晚于开始时间"},
        {"UPDATE dues_payment SET amount = -5", "交换包中表 dues_payment 的记录 "},
        {"UPDATE dues_payment SET amount = -5", "金额“-5”：数值超出范围"},
        {"UPDATE dues_payment SET amount = 99999999999", "金额“99999999999”：数值超出范围"},
        {"UPDATE dues_allocation SET amount = 99999999999", "金额“99999999999”：数值超出范围"},
        {"UPDATE dues_payment SET amount = 60", "各月分配合计与交费金额不符"},
        {"UPDATE dues_allocation SET month = '2026-05'", "分配的月份不在交费起止月份之内"},
        {"UPDATE dues_payment SET from_month = '2026-13'", "起始月份“2026-13”：月份格式应为 YYYY-MM"},
        {"UPDATE dues_payment SET paid_date = '2026-02-29'", "交费日期“2026-02-29”"},
        /* 5 MB of minutes: no value of the ledger is so big; refused before it is applied */
        {"UPDATE meeting SET minutes = printf('%.*c', 5000000, 'x')",
         "有一项数据超过 1 MB，整个交换包未导入"},
        {"UPDATE meeting SET minutes = printf('%.*c', 20001, 'x')", "会议内容：内容过长"},
        {"UPDATE meeting SET place = '村委会' || char(7)", "地点：含有控制字符或无效字符"},
        {"UPDATE meeting SET place = '村委' || char(0) || '会'", "地点：含有控制字符或无效字符"},
        {"UPDATE meeting SET kind = 'party'", "会议类型“party”：选项无效"},
        {"UPDATE meeting_attendance SET mark = 'maybe'", "出席情况“maybe”：选项无效"},
        {"UPDATE member SET status = 'boss'", "党籍状态“boss”：选项无效"},
        {"UPDATE member SET full_date = ''", "转正日期：正式党员须填写转正日期"},
        {"UPDATE member SET name = ''", "姓名：不能为空"},
        {"UPDATE member SET join_date = 20100301", "入党日期“20100301”：数据类型不符"},
        {"UPDATE meeting SET present = 99", "实到、请假、缺席人数与出席名单不符"},
        {"UPDATE meeting SET expected = -1", "应到人数“-1”：数值超出范围"},
        {"UPDATE meeting_resolution SET votes_for = -3", "赞成票“-3”：数值超出范围"},
        {"UPDATE meeting SET updated_at = '2099-01-01T00:00:00Z'", "修改时间“2099-01-01T00:00:00Z”：时间不能晚于今天"},
        {"UPDATE meeting SET created_at = 'yesterday'", "创建时间“yesterday”：时间格式应为"},
        {"UPDATE branch SET type = 'club'", "支部类型“club”：选项无效"},
        {"UPDATE branch SET name = printf('%.*c', 41, 'x')", "支部名称：内容过长"},
        /* a key that is no uuid (it would be printed in messages) */
        {"UPDATE meeting_resolution SET uuid = 'x' || char(10) || 'y'",
         "交换包中表 meeting_resolution 有记录的编号（uuid）无效，整个交换包未导入"},
        /* a list longer than the branch's members is refused before it is read */
        {"INSERT INTO meeting_attendance SELECT 'f0f0f0f0-0000-4000-8000-000000000004', 99,"
         " meeting_id, member_id, voting, mark, reason, excused, 3, created_at, updated_at"
         " FROM meeting_attendance LIMIT 1",
         "有误：出席名单有 3 人，多于本支部的 2 名党员，整个交换包未导入"},
        /* 300 months of 50 fen under a payment of 15,001 (checked in batches of 256) */
        {"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 299)"
         " INSERT INTO dues_allocation SELECT printf('f1000000-0000-4000-8000-%012d', i), 100 + i,"
         " payment_id, month, amount, created_at, updated_at FROM n, dues_allocation;"
         " UPDATE dues_payment SET amount = 15001",
         "交换包中表 dues_payment 的记录 "},
        {"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 299)"
         " INSERT INTO dues_allocation SELECT printf('f1000000-0000-4000-8000-%012d', i), 100 + i,"
         " payment_id, month, amount, created_at, updated_at FROM n, dues_allocation;"
         " UPDATE dues_payment SET amount = 15001",
         " 有误：各月分配合计与交费金额不符，整个交换包未导入"},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++)
        forged(town, &a, CASES[i].edit, CASES[i].msg, __LINE__);
    CHECK_INT(test_sql_int(town, "SELECT count(*) FROM meeting WHERE date = '2026-02-10'"), 2);
    honest(town, &a, NULL, __LINE__);
    /* the same 300 months under a payment of 15,000: imported */
    honest(town, &a,
           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 299)"
           " INSERT INTO dues_allocation SELECT printf('f1000000-0000-4000-8000-%012d', i), 100 + i,"
           " payment_id, month, amount, created_at, updated_at FROM n, dues_allocation;"
           " UPDATE dues_payment SET amount = 15000, updated_at = '2026-03-04T08:00:00Z'",
           __LINE__);
    free(town);
    free(a.path);
    free(b.path);
    unsetenv("ZHIBU_NOW");
}

/* ---- hole 6: limits ------------------------------------------------------------------------ */

TEST(import_limits_rows_and_members)
{
    struct village a = mk_village("ka.db", "A3"), b = mk_village("kb.db", "B3");
    char *town = mk_township("kt.db", &a, &b);
    at("2026-03-05T10:00:00Z");
    /* 100,000 extra members: refused by the default limit (20,000 members) while the chunks are
     * read, before anything is applied */
    FORGED(town, &a,
           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)"
           " INSERT INTO member SELECT printf('e0000000-0000-4000-8000-%012d', i), 1000 + i,"
           " branch_id, NULL, '新党员', gender, birth_date, ethnicity, education, phone, join_date,"
           " full_date, status, dues_category, office, mobile, leave_status, leave_date,"
           " leave_reason, note, created_at, created_by, updated_at, full_meeting_id, category"
           " FROM n, (SELECT * FROM member LIMIT 1)",
           "交换包中的党员超过 20000 名（配置 [exchange] max_members），整个交换包未导入");
    struct exchange_limits lim;
    exchange_limits_default(&lim);
    CHECK_INT(lim.max_members, 20000);
    /* lower limits from the config */
    lim.max_members = 2;
    store_exchange_limits_set(&lim);
    honest(town, &a, NULL, __LINE__); /* two members: within */
    FORGED(town, &a,
           "INSERT INTO member SELECT 'e0000000-0000-4000-8000-000000000001', 1000, branch_id, NULL,"
           " '新党员', gender, birth_date, ethnicity, education, phone, join_date, full_date,"
           " status, dues_category, office, mobile, leave_status, leave_date, leave_reason, note,"
           " created_at, created_by, updated_at, full_meeting_id, category FROM member LIMIT 1",
           "交换包中的党员超过 2 名（配置 [exchange] max_members）");
    exchange_limits_default(&lim);
    lim.max_rows = 5; /* the bundle holds a dozen */
    store_exchange_limits_set(&lim);
    FORGED(town, &a, "SELECT 1", "交换包中的记录超过 5 条（配置 [exchange] max_rows），整个交换包未导入");
    store_exchange_limits_set(NULL);
    struct exchange_limits now;
    store_exchange_limits_get(&now);
    CHECK_INT(now.max_rows, 300000);
    free(town);
    free(a.path);
    free(b.path);
    unsetenv("ZHIBU_NOW");
}

/* import of the bundle file at path refused with msg, db byte for byte unchanged */
static void file_refused(const char *db, const char *path, const char *msg, int line)
{
    size_t n0, n1;
    unsigned char *before = test_slurp(db, &n0);
    struct store *st = test_open_db(db, "system");
    struct bundle_manifest m;
    struct exchange_report r;
    int rc = store_bundle_import(st, path, test_bundle_signer(path), &m, &r);
    store_close(st);
    if (rc == STORE_OK) test_fail(__FILE__, line, "imported %s", path);
    if (!strstr(r.problem, msg)) test_fail(__FILE__, line, "problem \"%s\", expected \"%s\"", r.problem, msg);
    char err[256];
    if (store_bundle_check(path, &m, NULL, NULL, err, sizeof err) == 0 && strstr(msg, "MB"))
        test_fail(__FILE__, line, "the check passed %s", path);
    unsigned char *after = test_slurp(db, &n1);
    if (n1 != n0 || memcmp(before, after, n0) != 0) test_fail(__FILE__, line, "the file changed");
    free(before);
    free(after);
}

TEST(import_limits_file_and_chunk_size)
{
    struct village a = mk_village("la.db", "A4"), b = mk_village("lb.db", "B4");
    char *town = mk_township("lt.db", &a, &b);
    at("2026-03-05T10:00:00Z");
    char *bundle = test_db_path("l.zbx");
    struct store *st = test_open_db(a.path, "system");
    CHECK_INT(store_bundle_export(st, a.branch, EXCHANGE_LEDGER, bundle, "test", NULL), STORE_OK);
    store_close(st);
    struct exchange_limits lim;
    exchange_limits_default(&lim);
    lim.max_bundle_bytes = 4096; /* the bundle is a few pages more */
    store_exchange_limits_set(&lim);
    file_refused(town, bundle, "，超过上限 4 KB（配置 [exchange] max_bundle_mb），未导入", __LINE__);
    file_refused(town, bundle, "交换包过大：", __LINE__);
    store_exchange_limits_set(NULL);
    /* a chunk of 5 MB (the export makes them of about 1 MB): refused before it is read */
    char *big = test_db_path("big.zbx");
    size_t n;
    unsigned char *bytes = test_slurp(bundle, &n);
    FILE *f = fopen(big, "wb");
    fwrite(bytes, 1, n, f);
    fclose(f);
    free(bytes);
    test_sql(big, "UPDATE payload SET data = zeroblob(5 * 1024 * 1024) WHERE id = 1");
    file_refused(town, big, "交换包中有一块数据超过 4 MB，不是 zhibu 导出的交换包", __LINE__);
    /* within the limits it imports */
    st = test_open_db(town, "system");
    struct exchange_report r;
    CHECK_INT(store_bundle_import(st, bundle, test_bundle_signer(bundle), NULL, &r), STORE_OK);
    store_close(st);
    free(big);
    free(bundle);
    free(town);
    free(a.path);
    free(b.path);
    unsetenv("ZHIBU_NOW");
}

/* ---- who may import ------------------------------------------------------------------------ */

/* A reviewer whose scope is another branch (another township's committee) may not import a
 * ledger: refused, nothing written — whether the branch is new here or already here. */
TEST(import_reviewer_of_another_branch_refused)
{
    struct village a = mk_village("ma.db", "A5"), b = mk_village("mb.db", "B5");
    char *town = test_db_path("mt.db");
    struct store *st = test_open_db(town, "system");
    CHECK_INT(store_office_set_kind(st, "township"), STORE_OK);
    struct branch other = {0};
    snprintf(other.code, sizeof other.code, "X9");
    snprintf(other.name, sizeof other.name, "另一个镇党委");
    snprintf(other.type, sizeof other.type, "organ");
    CHECK_INT(store_branch_add(st, &other), STORE_OK);
    store_close(st);
    char *bundle = test_db_path("m.zbx");
    st = test_open_db(a.path, "system");
    CHECK_INT(store_bundle_export(st, a.branch, EXCHANGE_LEDGER, bundle, "test", NULL), STORE_OK);
    store_close(st);
    at("2026-03-05T10:00:00Z");
    for (int round = 0; round < 2; round++) {
        /* round 0: A5 is new here; round 1: A5 is here (imported by the system) */
        size_t n0, n1;
        unsigned char *before = test_slurp(town, &n0);
        st = test_open_db(town, "system");
        CHECK_INT(store_test_set_session(st, STORE_ROLE_REVIEWER, other.id, "rev-x9"), STORE_OK);
        struct exchange_report r;
        CHECK_INT(store_bundle_import(st, bundle, test_bundle_signer(bundle), NULL, &r), STORE_ERR_DENIED);
        CHECK_STR(r.problem, "只有审查员或管理员能导入支部台账");
        store_close(st);
        unsigned char *after = test_slurp(town, &n1);
        CHECK_INT(n1, n0);
        CHECK(memcmp(before, after, n0) == 0);
        free(before);
        free(after);
        CHECK_INT(test_sql_int(town, "SELECT count(*) FROM bundle_log"), round);
        if (round == 0) {
            st = test_open_db(town, "system");
            CHECK_INT(store_bundle_import(st, bundle, test_bundle_signer(bundle), NULL, &r), STORE_OK);
            store_close(st);
        }
    }
    /* the township's own reviewer (scope: the whole office) may */
    st = test_open_db(town, "system");
    CHECK_INT(store_test_set_session(st, STORE_ROLE_REVIEWER, 0, "rev"), STORE_OK);
    struct exchange_report r;
    CHECK_INT(store_bundle_import(st, bundle, test_bundle_signer(bundle), NULL, &r), STORE_OK);
    store_close(st);
    free(bundle);
    free(town);
    free(a.path);
    free(b.path);
    unsetenv("ZHIBU_NOW");
}
