/* Unit tests of store_journal_verify over journal_import: the journal entries other offices sent with
 * their ledgers, kept exactly as they were at the origin. The rows are built by hand from a real
 * village's history (made with the store, copied over with raw sqlite3 and the origin's fields),
 * with bundle_log rows naming the head each bundle declared: a clean copy verifies, a rewritten
 * or removed entry breaks its chain, and entries missing at the end are caught by the head.
 * Also the log of imports as the import screen reads it (store_bundle_log_list). */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "fixtures.h"
#include "test.h"
#include "zhibu/dues.h"
#include "zhibu/meeting.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_dues.h"
#include "zhibu/store_exchange.h"
#include "zhibu/store_meeting.h"

/* ---- helpers --------------------------------------------------------------------------- */

static struct member mk_member(struct store *st, int64_t branch_id, const char *name)
{
    struct member m;
    fx_member(st, &(struct fx_member){.branch = branch_id, .name = name, .gender = "F",
                                      .join = "2001-07-01", .full = "2002-07-01"}, &m);
    return m;
}

static void raw_text(const char *path, const char *sql, char *out, size_t outsz)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    out[0] = '\0';
    if (sqlite3_open(path, &db) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW &&
        sqlite3_column_text(s, 0))
        snprintf(out, outsz, "%s", (const char *)sqlite3_column_text(s, 0));
    else
        test_fail(__FILE__, __LINE__, "query %s: %s", sql, db ? sqlite3_errmsg(db) : "?");
    sqlite3_finalize(s);
    sqlite3_close(db);
}

static int count_kind(const struct verify_result *r, enum verify_kind k)
{
    int n = 0;
    for (int i = 0; i < r->nproblems && i < VERIFY_MAX_PROBLEMS; i++) n += r->problems[i].kind == k;
    return n;
}

/* Two villages (offices) and a township. Village 1 keeps JA and JB (their writes interleave,
 * so JA's entries are not numbered consecutively); village 2 keeps JC. The township has JZ
 * first, so its JA, JB and JC have other ids than at the origins; it imports the chains of JA
 * (from village 1) and JC (from village 2), each with a bundle_log row naming the head. */
struct fixture {
    char *v1, *v2, *town;
    char office1[80], office2[80];
    int64_t v1_a, v1_b, v2_c;       /* the branches at the origins */
    int64_t t_z, t_a, t_b, t_c;     /* and in the township */
    long long local;                /* the township's own history entries */
    long long imp_a, imp_c;         /* entries imported for JA and JC */
};

static void copy_chain(const char *town, const char *village, const char *office,
                       int64_t origin_branch, int64_t here, const char *bundle_uuid,
                       const char *exported_at)
{
    char *sql = malloc(4096);
    snprintf(sql, 4096,
             "ATTACH '%s' AS v;"
             "INSERT INTO journal_import(uuid, origin_office, origin_id, origin_branch_id,"
             " branch_id, table_name, row_uuid, action, changed_at, changed_by, old_json,"
             " new_json, prev_hash, hash, imported_at)"
             " SELECT uuid, '%s', id, branch_id, %lld, table_name, row_uuid, action, changed_at,"
             " changed_by, old_json, new_json, prev_hash, hash, '2025-03-02T08:00:00Z'"
             " FROM v.history WHERE branch_id = %lld ORDER BY id;"
             "INSERT INTO bundle_log(uuid, kind, branch_id, origin_office, exported_at,"
             " exported_by, journal_head, payload_sha256, imported_at, imported_by)"
             " VALUES ('%s', 'ledger', %lld, '%s', '%s', '书记甲',"
             " (SELECT hash FROM v.history WHERE branch_id = %lld ORDER BY id DESC LIMIT 1),"
             " 'x', '2025-03-02T08:00:00Z', '审查员');"
             "DETACH v;",
             village, office, (long long)here, (long long)origin_branch, bundle_uuid,
             (long long)here, office, exported_at, (long long)origin_branch);
    test_sql(town, sql);
    free(sql);
}

static int setup(struct fixture *f, const char *name)
{
    memset(f, 0, sizeof *f);
    char n[64];
    snprintf(n, sizeof n, "%s-v1.db", name);
    f->v1 = test_db_path(n);
    snprintf(n, sizeof n, "%s-v2.db", name);
    f->v2 = test_db_path(n);
    snprintf(n, sizeof n, "%s-town.db", name);
    f->town = test_db_path(n);

    struct store *st = test_open_db(f->v1, "书记甲");
    if (!st) return -1;
    f->v1_a = fx_branch(st, "JA", "JA党支部", 0);
    f->v1_b = fx_branch(st, "JB", "JB党支部", 0);
    struct member m = mk_member(st, f->v1_a, "张红");
    mk_member(st, f->v1_b, "李兰");
    mk_member(st, f->v1_a, "王芳");
    snprintf(m.phone, sizeof m.phone, "13800000000");
    if (store_member_update(st, &m) != STORE_OK)
        test_fail(__FILE__, __LINE__, "member_update: %s", store_errmsg(st));
    store_close(st);

    st = test_open_db(f->v2, "书记乙");
    if (!st) return -1;
    f->v2_c = fx_branch(st, "JC", "JC党支部", 0);
    mk_member(st, f->v2_c, "赵敏");
    store_close(st);

    st = test_open_db(f->town, "审查员");
    if (!st) return -1;
    f->t_z = fx_branch(st, "JZ", "JZ党支部", 0);
    f->t_a = fx_branch(st, "JA", "JA党支部", 0);
    f->t_b = fx_branch(st, "JB", "JB党支部", 0);
    f->t_c = fx_branch(st, "JC", "JC党支部", 0);
    mk_member(st, f->t_z, "钱多");
    store_close(st);
    CHECK(f->t_a != f->v1_a);

    raw_text(f->v1, "SELECT value FROM meta WHERE key = 'office_uuid'", f->office1,
             sizeof f->office1);
    raw_text(f->v2, "SELECT value FROM meta WHERE key = 'office_uuid'", f->office2,
             sizeof f->office2);
    CHECK(strlen(f->office1) >= 8);
    CHECK(strcmp(f->office1, f->office2) != 0);
    f->local = test_sql_int(f->town, "SELECT count(*) FROM history");
    copy_chain(f->town, f->v1, f->office1, f->v1_a, f->t_a, "bundle-a1", "2025-03-01T10:00:00Z");
    copy_chain(f->town, f->v2, f->office2, f->v2_c, f->t_c, "bundle-c1", "2025-03-01T11:00:00Z");
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM journal_import WHERE branch_id = %lld",
             (long long)f->t_a);
    f->imp_a = test_sql_int(f->town, sql);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM journal_import WHERE branch_id = %lld",
             (long long)f->t_c);
    f->imp_c = test_sql_int(f->town, sql);
    CHECK_INT(f->imp_a, 4); /* JA, 张红, 王芳, 张红's phone */
    CHECK_INT(f->imp_c, 2);
    return 0;
}

static void teardown(struct fixture *f)
{
    free(f->v1);
    free(f->v2);
    free(f->town);
}

/* Run sql on the township's file, then verify it (branch 0 = all). */
static void tamper_verify(const struct fixture *f, const char *sql, int64_t branch,
                          struct verify_result *r)
{
    if (sql) test_sql(f->town, sql);
    struct store *st = test_open_db(f->town, "审查员");
    if (!st) return;
    CHECK_INT(store_journal_verify(st, branch, r), STORE_OK);
    store_close(st);
}

/* The origin_id of JA's imported entry number k (0 = oldest) in the township. */
static long long origin_id_of(const struct fixture *f, int k)
{
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT origin_id FROM journal_import WHERE branch_id = %lld ORDER BY origin_id"
             " LIMIT 1 OFFSET %d",
             (long long)f->t_a, k);
    return test_sql_int(f->town, sql);
}

/* ---- tests ----------------------------------------------------------------------------- */

TEST(journal_import_verify_clean)
{
    struct fixture f;
    if (setup(&f, "clean") != 0) return;
    struct verify_result r;
    tamper_verify(&f, NULL, 0, &r);
    CHECK_INT(r.nproblems, 0);
    CHECK_INT(r.entries, f.local + f.imp_a + f.imp_c);
    /* one branch: its own entries and the imported ones, nobody else's */
    char sql[1200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM history WHERE branch_id = %lld",
             (long long)f.t_a);
    long long local_a = test_sql_int(f.town, sql);
    tamper_verify(&f, NULL, f.t_a, &r);
    CHECK_INT(r.nproblems, 0);
    CHECK_INT(r.entries, local_a + f.imp_a);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM history WHERE branch_id = %lld",
             (long long)f.t_z);
    long long local_z = test_sql_int(f.town, sql);
    tamper_verify(&f, NULL, f.t_z, &r);
    CHECK_INT(r.nproblems, 0);
    CHECK_INT(r.entries, local_z);

    /* an older bundle that declared an older head: that head is in the chain, fine — whatever
     * the order of exported_at (a clock behind is no problem) */
    snprintf(sql, sizeof sql,
             "INSERT INTO bundle_log(uuid, kind, branch_id, origin_office, exported_at,"
             " exported_by, journal_head, payload_sha256, imported_at, imported_by)"
             " VALUES ('bundle-a0', 'ledger', %lld, '%s', '2025-02-01T10:00:00Z', '书记甲',"
             " (SELECT hash FROM journal_import WHERE branch_id = %lld ORDER BY origin_id"
             " LIMIT 1 OFFSET 1), 'x', '2025-03-03T08:00:00Z', '审查员'),"
             " ('bundle-a9', 'ledger', %lld, '%s', '2027-02-01T10:00:00Z', '书记甲',"
             " (SELECT hash FROM journal_import WHERE branch_id = %lld ORDER BY origin_id"
             " LIMIT 1 OFFSET 2), 'x', '2025-03-03T08:00:00Z', '审查员')",
             (long long)f.t_a, f.office1, (long long)f.t_a, (long long)f.t_a, f.office1,
             (long long)f.t_a);
    tamper_verify(&f, sql, 0, &r);
    CHECK_INT(r.nproblems, 0);
    /* a head that is not in the chain at all is found, however old its bundle */
    snprintf(sql, sizeof sql,
             "INSERT INTO bundle_log(uuid, kind, branch_id, origin_office, exported_at,"
             " exported_by, journal_head, payload_sha256, imported_at, imported_by)"
             " VALUES ('bundle-a00', 'ledger', %lld, '%s', '2025-01-01T10:00:00Z', '书记甲',"
             " 'feedface', 'x', '2025-03-03T08:00:00Z', '审查员')",
             (long long)f.t_a, f.office1);
    tamper_verify(&f, sql, 0, &r);
    CHECK_INT(r.nproblems, 1);
    CHECK(strstr(r.problems[0].message, "导入的日志与交换包记录的链头不符") != NULL);
    test_sql(f.town, "DELETE FROM bundle_log WHERE uuid = 'bundle-a00'");
    /* a verdicts bundle's head is not the ledger's */
    snprintf(sql, sizeof sql,
             "INSERT INTO bundle_log(uuid, kind, branch_id, origin_office, exported_at,"
             " exported_by, journal_head, payload_sha256, imported_at, imported_by)"
             " VALUES ('bundle-v', 'verdicts', %lld, '%s', '2025-04-01T10:00:00Z', '书记甲',"
             " 'feedface', 'x', '2025-04-03T08:00:00Z', '审查员')",
             (long long)f.t_a, f.office1);
    tamper_verify(&f, sql, 0, &r);
    CHECK_INT(r.nproblems, 0);
    teardown(&f);
}

TEST(journal_import_verify_rewritten_entry)
{
    struct fixture f;
    if (setup(&f, "rewrite") != 0) return;
    long long second = origin_id_of(&f, 1);
    char sql[600];
    snprintf(sql, sizeof sql,
             "UPDATE journal_import SET new_json = json_set(new_json, '$.name', '张绿')"
             " WHERE origin_office = '%s' AND origin_id = %lld",
             f.office1, second);
    struct verify_result r;
    tamper_verify(&f, sql, 0, &r);
    CHECK_INT(r.nproblems, 1); /* the chain; the head still matches the stored hash */
    CHECK_INT(r.problems[0].kind, VERIFY_CHAIN);
    CHECK_INT(r.problems[0].branch_id, f.t_a);
    char want[160];
    snprintf(want, sizeof want, "来自其他单位（%.8s）的日志第 %lld 条（党员 新增，", f.office1,
             second);
    CHECK(strstr(r.problems[0].message, want) != NULL);
    CHECK(strstr(r.problems[0].message, "与哈希链不符：日志被改动") != NULL);
    /* the whole-database run remembered which branch is bad */
    struct store *st = test_open_db(f.town, "审查员");
    if (!st) return;
    CHECK_INT(store_journal_status(st, f.t_a, NULL), 1);
    CHECK_INT(store_journal_status(st, f.t_c, NULL), 0);
    CHECK_INT(store_journal_status(st, f.t_z, NULL), 0);
    store_close(st);
    /* per branch: found in JA only */
    tamper_verify(&f, NULL, f.t_a, &r);
    CHECK_INT(r.nproblems, 1);
    tamper_verify(&f, NULL, f.t_c, &r);
    CHECK_INT(r.nproblems, 0);
    tamper_verify(&f, NULL, f.t_z, &r);
    CHECK_INT(r.nproblems, 0);

    /* the branch number is part of the hash: an entry moved to another chain at the origin
     * no longer fits (village 2's JC entries claimed to be of origin branch 99) */
    snprintf(sql, sizeof sql,
             "UPDATE journal_import SET origin_branch_id = 99 WHERE origin_office = '%s'",
             f.office2);
    tamper_verify(&f, sql, 0, &r);
    CHECK_INT(r.nproblems, 2);
    CHECK_INT(count_kind(&r, VERIFY_CHAIN), 2);
    snprintf(want, sizeof want, "来自其他单位（%.8s）的日志第 ", f.office2);
    CHECK(strstr(r.problems[1].message, want) != NULL);
    CHECK_INT(r.problems[1].branch_id, f.t_c);
    teardown(&f);
}

TEST(journal_import_verify_deleted_entry)
{
    struct fixture f;
    if (setup(&f, "delete") != 0) return;
    /* a middle entry removed: the next one no longer links */
    long long second = origin_id_of(&f, 1), third = origin_id_of(&f, 2);
    CHECK(third > second + 1); /* JB's entries lay in between at the origin */
    char sql[600];
    snprintf(sql, sizeof sql,
             "DELETE FROM journal_import WHERE origin_office = '%s' AND origin_id = %lld",
             f.office1, second);
    struct verify_result r;
    tamper_verify(&f, sql, 0, &r);
    CHECK_INT(r.nproblems, 1);
    CHECK_INT(r.problems[0].kind, VERIFY_CHAIN);
    char want[160];
    snprintf(want, sizeof want, "来自其他单位（%.8s）的日志第 %lld 条", f.office1, third);
    CHECK(strstr(r.problems[0].message, want) != NULL);
    CHECK(strstr(r.problems[0].message, "它前面的日志被删除或改动") != NULL);
    teardown(&f);
}

TEST(journal_import_verify_head)
{
    struct fixture f;
    if (setup(&f, "head") != 0) return;
    /* the newest entry removed: what is left is a valid chain, only the head tells */
    char sql[600];
    snprintf(sql, sizeof sql,
             "DELETE FROM journal_import WHERE origin_office = '%s' AND origin_id ="
             " (SELECT max(origin_id) FROM journal_import WHERE origin_office = '%s')",
             f.office1, f.office1);
    struct verify_result r;
    tamper_verify(&f, sql, 0, &r);
    CHECK_INT(r.nproblems, 1);
    CHECK_INT(r.problems[0].kind, VERIFY_CHAIN);
    CHECK_INT(r.problems[0].branch_id, f.t_a);
    CHECK(strstr(r.problems[0].message, "导入的日志与交换包记录的链头不符") != NULL);
    char want[64];
    snprintf(want, sizeof want, "（%.8s）", f.office1);
    CHECK(strstr(r.problems[0].message, want) != NULL);
    CHECK_INT(r.entries, f.local + f.imp_a - 1 + f.imp_c);
    tamper_verify(&f, NULL, f.t_a, &r);
    CHECK_INT(r.nproblems, 1);
    tamper_verify(&f, NULL, f.t_c, &r);
    CHECK_INT(r.nproblems, 0);

    /* every entry from village 1 removed: the bundle still names a head */
    snprintf(sql, sizeof sql, "DELETE FROM journal_import WHERE origin_office = '%s'", f.office1);
    tamper_verify(&f, sql, 0, &r);
    CHECK_INT(r.nproblems, 1);
    CHECK(strstr(r.problems[0].message, "链头不符") != NULL);
    CHECK_INT(r.problems[0].branch_id, f.t_a);
    tamper_verify(&f, NULL, f.t_c, &r);
    CHECK_INT(r.nproblems, 0);
    teardown(&f);

    /* a newer bundle of JC declared a head the entries do not reach (not all of them came) */
    if (setup(&f, "head2") != 0) return;
    snprintf(sql, sizeof sql,
             "INSERT INTO bundle_log(uuid, kind, branch_id, origin_office, exported_at,"
             " exported_by, journal_head, payload_sha256, imported_at, imported_by)"
             " VALUES ('bundle-c2', 'ledger', %lld, '%s', '2025-05-01T10:00:00Z', '书记乙',"
             " '%064d', 'x', '2025-05-02T08:00:00Z', '审查员')",
             (long long)f.t_c, f.office2, 7);
    tamper_verify(&f, sql, f.t_c, &r);
    CHECK_INT(r.nproblems, 1);
    CHECK(strstr(r.problems[0].message, "导入的日志与交换包记录的链头不符") != NULL);
    snprintf(want, sizeof want, "（%.8s）", f.office2);
    CHECK(strstr(r.problems[0].message, want) != NULL);
    tamper_verify(&f, NULL, f.t_a, &r);
    CHECK_INT(r.nproblems, 0);
    teardown(&f);
}

/* ---- the log of imports (bundle_log.c) ------------------------------------------------- */

TEST(bundle_log_recent)
{
    struct fixture f;
    if (setup(&f, "log") != 0) return;
    char sql[1200];
    snprintf(sql, sizeof sql,
             "UPDATE bundle_log SET report_json = '{\"branch_code\":\"JA\",\"journal_added\":4,"
             "\"tables\":{\"member\":{\"added\":2,\"updated\":1,\"unchanged\":0,\"kept\":0,"
             "\"conflicts\":0},\"journal\":{\"added\":4,\"updated\":0,\"unchanged\":0,\"kept\":3,"
             "\"conflicts\":0}}}' WHERE uuid = 'bundle-a1';"
             "INSERT INTO bundle_log(uuid, kind, branch_id, origin_office, exported_at,"
             " exported_by, journal_head, payload_sha256, imported_at, imported_by)"
             " VALUES ('bundle-v', 'verdicts', %lld, 'elsewhere', '2025-04-01T10:00:00Z', '审查员',"
             " '', 'x', '2025-04-03T08:00:00Z', '书记甲')",
             (long long)f.t_a);
    test_sql(f.town, sql);
    struct store *st = test_open_db(f.town, "审查员");
    if (!st) return;
    struct store_bundle_log_list e_l = {0};
    struct bundle_log_entry *e = NULL;
    int n = -1;
    store_bundle_log_list_free(&e_l);
    CHECK_INT(store_bundle_log_list(st, 0, 0, &e_l), STORE_OK);
    e = e_l.v, n = e_l.n;
    CHECK_INT(n, 3);
    /* newest import first; c1 and a1 were imported at the same time: the later row first */
    CHECK_INT(e[0].kind, EXCHANGE_VERDICTS);
    CHECK_STR(e[0].branch_code, "JA");
    CHECK_STR(e[0].exported_by, "审查员");
    CHECK_STR(e[0].imported_by, "书记甲");
    CHECK_INT(e[0].added, -1); /* no report */
    CHECK_STR(e[1].branch_code, "JC");
    CHECK_STR(e[1].branch_name, "JC党支部");
    CHECK_STR(e[2].branch_code, "JA");
    CHECK_INT(e[2].kind, EXCHANGE_LEDGER);
    CHECK_STR(e[2].origin_office, f.office1);
    CHECK_STR(e[2].exported_at, "2025-03-01T10:00:00Z");
    CHECK_INT(e[2].added, 6);
    CHECK_INT(e[2].updated, 1);
    CHECK_INT(e[2].unchanged, 0);
    CHECK_INT(e[2].kept, 3);
    CHECK_INT(e[2].conflicts, 0);
    /* one branch; and only the newest when asked so */
    store_bundle_log_list_free(&e_l);
    CHECK_INT(store_bundle_log_list(st, f.t_c, 0, &e_l), STORE_OK);
    e = e_l.v, n = e_l.n;
    CHECK_INT(n, 1);
    CHECK_STR(e[0].branch_code, "JC");
    store_bundle_log_list_free(&e_l);
    CHECK_INT(store_bundle_log_list(st, 0, 2, &e_l), STORE_OK);
    e = e_l.v, n = e_l.n;
    CHECK_INT(n, 2);
    store_bundle_log_list_free(&e_l);
    CHECK_INT(store_bundle_log_list(st, f.t_z, 0, &e_l), STORE_OK);
    e = e_l.v, n = e_l.n;
    CHECK_INT(n, 0);
    store_close(st);
    teardown(&f);
    store_bundle_log_list_free(&e_l);
}

/* ---- heads sent and received, bundles held to their journal (issue 12, holes 7-9) ------- */

static int64_t mk_parent_branch(struct store *st, const char *code, int64_t parent)
{
    struct branch b = {0};
    snprintf(b.code, sizeof b.code, "%s", code);
    snprintf(b.name, sizeof b.name, "%s党支部", code);
    snprintf(b.type, sizeof b.type, "rural");
    b.parent_id = parent;
    if (store_branch_add(st, &b) != STORE_OK)
        test_fail(__FILE__, __LINE__, "branch_add: %s", store_errmsg(st));
    return b.id;
}

static void pay_one(struct store *st, int64_t member_id, int month)
{
    struct dues_payment p = {0};
    p.member_id = member_id;
    snprintf(p.paid_date, sizeof p.paid_date, "2026-%02d-10", month);
    p.from_ym = p.to_ym = dues_ym(2026, month);
    p.amount = 300;
    struct dues_paid a = {.ym = p.from_ym, .amount = 300};
    if (store_dues_payment_add(st, &p, &a, 1) != STORE_OK)
        test_fail(__FILE__, __LINE__, "payment_add: %s", store_errmsg(st));
}

static int64_t mk_meeting(struct store *st, int64_t branch_id, const char *date, int64_t host)
{
    struct meeting m;
    memset(&m, 0, sizeof m);
    m.branch_id = branch_id;
    snprintf(m.kind, sizeof m.kind, "general");
    snprintf(m.date, sizeof m.date, "%s", date);
    m.host_id = host;
    m.topics = strdup("学习党章");
    m.minutes = strdup("会议纪要");
    if (store_meeting_add(st, &m) != STORE_OK)
        test_fail(__FILE__, __LINE__, "meeting_add: %s", store_errmsg(st));
    meeting_free(&m);
    return m.id;
}

/* A village: a committee above branch HV (outside every bundle of HV), and HV with two members,
 * a meeting hosted by one, three payments; another branch HW with a member. */
struct hv {
    char *path, office[80];
    int64_t top, branch, other, m1, m2, w1, meeting;
};

static struct hv mk_hv(const char *name)
{
    struct hv v = {.path = test_db_path(name)};
    struct store *st = test_open_db(v.path, "书记甲");
    v.top = mk_parent_branch(st, "HT", 0);
    v.branch = mk_parent_branch(st, "HV", v.top);
    v.other = mk_parent_branch(st, "HW", v.top);
    v.m1 = mk_member(st, v.branch, "张红").id;
    v.m2 = mk_member(st, v.branch, "王芳").id;
    v.w1 = mk_member(st, v.other, "李兰").id;
    v.meeting = mk_meeting(st, v.branch, "2026-10-08", v.m1);
    for (int m = 8; m <= 10; m++) pay_one(st, v.m2, m);
    store_close(st);
    raw_text(v.path, "SELECT value FROM meta WHERE key = 'office_uuid'", v.office, sizeof v.office);
    return v;
}

static char *township(const char *name)
{
    char *path = test_db_path(name);
    struct store *st = test_open_db(path, "审查员");
    CHECK_INT(store_office_set_kind(st, "township"), STORE_OK);
    store_close(st);
    return path;
}

/* Export branch of db to a fresh file NAME (heap path); the store's message into err. */
static char *export_bundle(const char *db, int64_t branch, enum exchange_kind kind,
                           const char *name, int *rc, char *err, size_t errsz)
{
    char *out = test_db_path(name);
    unlink(out);
    struct store *st = test_open_db(db, "system");
    *rc = store_bundle_export(st, branch, kind, out, "test", NULL);
    snprintf(err, errsz, "%s", store_errmsg(st));
    store_close(st);
    return out;
}

/* Import as the system, confirming the sender's fingerprint as the bundle states it (these tests
 * are about the journal; test_store_office.c about who may send). */
static int import_bundle(const char *db, const char *bundle, struct exchange_report *r)
{
    struct store *st = test_open_db(db, "system");
    int rc = store_bundle_import(st, bundle, test_bundle_signer(bundle), NULL, r);
    store_close(st);
    return rc;
}

static void verify_file(const char *db, int64_t branch, struct verify_result *r)
{
    struct store *st = test_open_db(db, "system");
    CHECK_INT(store_journal_verify(st, branch, r), STORE_OK);
    store_close(st);
}

/* The export records the head it sent; the newest payment, its allocation and its entry deleted
 * afterwards are named by verify (they were not before: the chain that is left is valid). */
TEST(journal_head_sent_catches_tail_truncation)
{
    struct hv v = mk_hv("hsent.db");
    int rc;
    char err[512];
    char *b1 = export_bundle(v.path, v.branch, EXCHANGE_LEDGER, "hsent.zbx", &rc, err, sizeof err);
    CHECK_INT(rc, STORE_OK);
    char sql[400];
    snprintf(sql, sizeof sql, "SELECT max(id) FROM history WHERE branch_id = %lld",
             (long long)v.branch);
    long long head = test_sql_int(v.path, sql);
    CHECK_INT(test_sql_int(v.path, "SELECT count(*) FROM journal_head"), 1);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM journal_head j JOIN history h ON h.id = j.entry_id"
             " AND h.hash = j.hash WHERE j.direction = 'sent' AND j.branch_id = %lld"
             " AND j.entry_id = %lld AND j.office_uuid = '%s'",
             (long long)v.branch, head, v.office);
    CHECK_INT(test_sql_int(v.path, sql), 1);
    char h8[9];
    raw_text(v.path, "SELECT substr(hash, 1, 8) FROM journal_head", h8, sizeof h8);
    /* the same head again (a second export of an unchanged branch) is recorded once */
    char *b2 = export_bundle(v.path, v.branch, EXCHANGE_LEDGER, "hsent2.zbx", &rc, err, sizeof err);
    CHECK_INT(rc, STORE_OK);
    CHECK_INT(test_sql_int(v.path, "SELECT count(*) FROM journal_head"), 1);

    struct verify_result r;
    verify_file(v.path, 0, &r);
    CHECK_INT(r.nproblems, 0);
    snprintf(sql, sizeof sql,
             "DELETE FROM dues_allocation WHERE payment_id = (SELECT max(id) FROM dues_payment);"
             "DELETE FROM dues_payment WHERE id = (SELECT max(id) FROM dues_payment);"
             "DELETE FROM history WHERE id = %lld",
             head);
    test_sql(v.path, sql);
    verify_file(v.path, 0, &r);
    CHECK_INT(r.nproblems, 1);
    CHECK_INT(r.problems[0].kind, VERIFY_HEAD_MISSING);
    CHECK_INT(r.problems[0].branch_id, v.branch);
    CHECK_INT(r.problems[0].entry_id, head);
    char want[200];
    snprintf(want, sizeof want, "日志缺少第 %lld 条（已随交换包发出的链头 %s）：最新的日志连同记录被删除",
             head, h8);
    CHECK_STR(r.problems[0].message, want);
    verify_file(v.path, v.branch, &r);
    CHECK_INT(r.nproblems, 1);
    verify_file(v.path, v.other, &r);
    CHECK_INT(r.nproblems, 0);
    /* two more payments gone: the range, numbers of other chains in between not counted */
    snprintf(sql, sizeof sql,
             "SELECT id FROM history WHERE branch_id = %lld AND table_name = 'dues_payment'"
             " ORDER BY id DESC LIMIT 1",
             (long long)v.branch);
    long long second = test_sql_int(v.path, sql);
    test_sql(v.path, "DELETE FROM dues_allocation WHERE payment_id = (SELECT max(id) FROM dues_payment);"
                     "DELETE FROM dues_payment WHERE id = (SELECT max(id) FROM dues_payment)");
    snprintf(sql, sizeof sql, "DELETE FROM history WHERE id = %lld", second);
    test_sql(v.path, sql);
    verify_file(v.path, 0, &r);
    CHECK_INT(r.nproblems, 1);
    snprintf(want, sizeof want, "日志缺少第 %lld–%lld 条（已随交换包发出的链头 %s）", second, head, h8);
    CHECK(strstr(r.problems[0].message, want) == r.problems[0].message);
    /* written again after the cut: the head's number now holds another entry */
    struct store *st = test_open_db(v.path, "书记甲");
    pay_one(st, v.m1, 11);
    pay_one(st, v.m1, 12);
    store_close(st);
    verify_file(v.path, 0, &r);
    CHECK_INT(r.nproblems, 1);
    snprintf(want, sizeof want, "日志第 %lld 条与已随交换包发出的链头 %s 不符", head, h8);
    CHECK(strstr(r.problems[0].message, want) == r.problems[0].message);
    /* and the export refuses */
    char *b3 = export_bundle(v.path, v.branch, EXCHANGE_LEDGER, "hsent3.zbx", &rc, err, sizeof err);
    CHECK_INT(rc, STORE_ERR);
    CHECK(strstr(err, "本支部台账校验未通过（1 处问题，首个：日志第 ") == err);
    CHECK(access(b3, F_OK) != 0);
    free(b1);
    free(b2);
    free(b3);
    free(v.path);
}

/* A ledger changed behind zhibu's back: the export refuses; a bundle made of it anyway (the
 * exchange export has no such check) is refused by the township before anything is applied,
 * and so is a reference moved to a row outside the bundle. The honest bundle goes through, its
 * branch's parent (outside the bundle) no obstacle; the head received is recorded. */
TEST(journal_import_held_to_the_bundles_journal)
{
    struct hv v = mk_hv("hheld.db");
    char *town = township("hheld-town.db");
    char *honest_copy = test_db_path("hheld-honest.db");
    char sql[600];
    snprintf(sql, sizeof sql, "VACUUM INTO '%s'", honest_copy);
    test_sql(v.path, sql);
    char puuid[UUID_STR_LEN];
    snprintf(sql, sizeof sql,
             "SELECT uuid FROM dues_payment WHERE branch_id = %lld ORDER BY id DESC LIMIT 1",
             (long long)v.branch);
    raw_text(v.path, sql, puuid, sizeof puuid);
    /* +1,000 yuan, its allocation with it: a payment any form would take, only not journaled */
    snprintf(sql, sizeof sql,
             "UPDATE dues_payment SET amount = amount + 100000 WHERE uuid = '%s';"
             " UPDATE dues_allocation SET amount = amount + 100000 WHERE (payment_id, month) ="
             " (SELECT a.payment_id, min(a.month) FROM dues_allocation a JOIN dues_payment p ON p.id = a.payment_id"
             " WHERE p.uuid = '%s')",
             puuid, puuid);
    test_sql(v.path, sql);
    int rc;
    char err[512];
    char *b = export_bundle(v.path, v.branch, EXCHANGE_LEDGER, "hheld.zbx", &rc, err, sizeof err);
    CHECK_INT(rc, STORE_ERR);
    char want[300];
    snprintf(want, sizeof want,
             "本支部台账校验未通过（1 处问题，首个：交费记录 %.8s 的当前内容与日志不符：在 zhibu 之外"
             "被改动），导出的交换包会被乡镇发现；请先运行 zhibu verify 查看",
             puuid);
    CHECK_STR(err, want);
    CHECK(access(b, F_OK) != 0);

    /* the rows as they are, with the branch's journal, straight from the exchange export */
    struct store *st = test_open_db(v.path, "system");
    void *blob = NULL;
    size_t nblob = 0;
    CHECK_INT(store_exchange_export(st, v.branch, EXCHANGE_LEDGER, &blob, &nblob, NULL, NULL),
              STORE_OK);
    store_close(st);
    char buuid[UUID_STR_LEN];
    snprintf(sql, sizeof sql, "SELECT uuid FROM branch WHERE id = %lld", (long long)v.branch);
    raw_text(v.path, sql, buuid, sizeof buuid);
    size_t n0, n1;
    unsigned char *before = test_slurp(town, &n0);
    struct exchange_report r;
    st = test_open_db(town, "system");
    CHECK(store_exchange_import(st, blob, nblob, EXCHANGE_LEDGER, buuid, "HV", v.office,
                                "2026-11-21T10:00:00Z", &r) != STORE_OK);
    store_close(st);
    snprintf(want, sizeof want,
             "交换包中的交费记录 %.8s 与包内日志的最新内容不符（在 zhibu 之外被改动），拒绝导入", puuid);
    CHECK_STR(r.problem, want);
    unsigned char *after = test_slurp(town, &n1);
    CHECK_INT(n1, n0);
    CHECK(before && after && n0 == n1 && memcmp(before, after, n0) == 0);
    free(after);
    free(blob);

    /* the meeting's host moved to a member of another branch (outside the bundle) */
    snprintf(sql, sizeof sql,
             "UPDATE dues_payment SET amount = amount - 100000 WHERE uuid = '%s';"
             " UPDATE dues_allocation SET amount = amount - 100000 WHERE (payment_id, month) ="
             " (SELECT a.payment_id, min(a.month) FROM dues_allocation a JOIN dues_payment p ON p.id = a.payment_id"
             " WHERE p.uuid = '%s')",
             puuid, puuid);
    test_sql(v.path, sql);
    snprintf(sql, sizeof sql, "UPDATE meeting SET host_id = %lld WHERE id = %lld", (long long)v.w1,
             (long long)v.meeting);
    test_sql(v.path, sql);
    st = test_open_db(v.path, "system");
    CHECK_INT(store_exchange_export(st, v.branch, EXCHANGE_LEDGER, &blob, &nblob, NULL, NULL),
              STORE_OK);
    store_close(st);
    st = test_open_db(town, "system");
    CHECK(store_exchange_import(st, blob, nblob, EXCHANGE_LEDGER, buuid, "HV", v.office,
                                "2026-11-21T10:00:00Z", &r) != STORE_OK);
    store_close(st);
    /* refused by the reference check (hole 4), which runs before the journal's */
    if (!strstr(r.problem, "交换包中表 meeting 的记录 ") || !strstr(r.problem, "（host_id）"))
        test_fail(__FILE__, __LINE__, "problem: %s", r.problem);
    after = test_slurp(town, &n1);
    CHECK(after && n1 == n0 && memcmp(before, after, n0) == 0);
    free(after);
    free(blob);

    /* the honest ledger: through, head recorded, the township complete */
    char *hb = export_bundle(honest_copy, v.branch, EXCHANGE_LEDGER, "hheld-ok.zbx", &rc, err,
                             sizeof err);
    CHECK_INT(rc, STORE_OK);
    CHECK_INT(import_bundle(town, hb, &r), STORE_OK);
    snprintf(sql, sizeof sql, "SELECT max(id) FROM history WHERE branch_id = %lld",
             (long long)v.branch);
    CHECK_INT(r.journal_head_id, test_sql_int(honest_copy, sql));
    char head[65];
    raw_text(honest_copy, "SELECT hash FROM journal_head", head, sizeof head);
    CHECK_STR(r.journal_head, head);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM journal_head WHERE direction = 'received' AND office_uuid = '%s'"
             " AND entry_id = %lld AND hash = '%s' AND branch_id = %lld",
             v.office, (long long)r.journal_head_id, head, (long long)r.branch_id);
    CHECK_INT(test_sql_int(town, sql), 1);
    struct verify_result vr;
    verify_file(town, 0, &vr);
    CHECK_INT(vr.nproblems, 0);
    /* the township's copy of the chain cut: the head received names it */
    test_sql(town, "DELETE FROM journal_import WHERE origin_id = (SELECT max(origin_id) FROM"
                   " journal_import)");
    verify_file(town, 0, &vr);
    CHECK_INT(vr.nproblems, 1);
    CHECK_INT(vr.problems[0].kind, VERIFY_HEAD_MISSING);
    snprintf(want, sizeof want, "来自其他单位（%.8s）的日志缺少第 ", v.office);
    CHECK(strstr(vr.problems[0].message, want) == vr.problems[0].message);
    CHECK(strstr(vr.problems[0].message, "已从交换包收到的链头") != NULL);
    free(before);
    free(b);
    free(hb);
    free(honest_copy);
    free(town);
    free(v.path);
}

/* No false alarms: an office re-importing its own ledger or verdicts export; bundles imported
 * in the other order than their exported_at. The verdicts bring the head the township received
 * back to the village, which records it. */
TEST(journal_heads_no_false_alarms)
{
    struct hv v = mk_hv("hfalse.db");
    char *town = township("hfalse-town.db");
    int rc;
    char err[512];
    setenv("ZHIBU_NOW", "2026-11-21T10:00:00Z", 1);
    char *b1 = export_bundle(v.path, v.branch, EXCHANGE_LEDGER, "hf1.zbx", &rc, err, sizeof err);
    CHECK_INT(rc, STORE_OK);
    struct store *st = test_open_db(v.path, "书记甲");
    setenv("ZHIBU_NOW", "2026-11-20T10:00:00Z", 1); /* the village's clock a day back */
    pay_one(st, v.m1, 11);
    store_close(st);
    char *b2 = export_bundle(v.path, v.branch, EXCHANGE_LEDGER, "hf2.zbx", &rc, err, sizeof err);
    CHECK_INT(rc, STORE_OK);
    setenv("ZHIBU_NOW", "2026-11-21T12:00:00Z", 1);
    struct exchange_report r;
    CHECK_INT(import_bundle(town, b2, &r), STORE_OK);
    CHECK_INT(import_bundle(town, b1, &r), STORE_OK);
    struct verify_result vr;
    verify_file(town, 0, &vr);
    CHECK_INT(vr.nproblems, 0);
    CHECK_INT(vr.nwarnings, 1); /* the village's payment, a day back */
    CHECK_INT(test_sql_int(town, "SELECT count(*) FROM journal_head WHERE direction = 'received'"), 2);

    /* own exports re-imported */
    int64_t here = r.branch_id;
    char *t1 = export_bundle(town, here, EXCHANGE_LEDGER, "hf-t1.zbx", &rc, err, sizeof err);
    CHECK_INT(rc, STORE_OK);
    CHECK_INT(import_bundle(town, t1, &r), STORE_OK);
    char *tv = export_bundle(town, here, EXCHANGE_VERDICTS, "hf-tv.zbx", &rc, err, sizeof err);
    CHECK_INT(rc, STORE_OK);
    CHECK_INT(import_bundle(town, tv, &r), STORE_OK);
    verify_file(town, 0, &vr);
    CHECK_INT(vr.nproblems, 0);
    CHECK_INT(import_bundle(v.path, b2, &r), STORE_OK);
    verify_file(v.path, 0, &vr);
    CHECK_INT(vr.nproblems, 0);

    /* the verdicts carry the newest head received from the village */
    struct bundle_manifest m;
    CHECK_INT(store_bundle_check(tv, &m, NULL, NULL, err, sizeof err), 0);
    CHECK_INT(m.nreceived, 1);
    CHECK_STR(m.received[0].office, v.office);
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT max(id) FROM history WHERE branch_id = %lld",
             (long long)v.branch);
    CHECK_INT(m.received[0].entry, test_sql_int(v.path, sql));
    test_sql(v.path, "DELETE FROM journal_head");
    CHECK_INT(import_bundle(v.path, tv, &r), STORE_OK);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM journal_head WHERE direction = 'received' AND office_uuid = '%s'"
             " AND entry_id = %lld AND hash = '%s'",
             v.office, (long long)m.received[0].entry, m.received[0].hash);
    CHECK_INT(test_sql_int(v.path, sql), 1);
    verify_file(v.path, 0, &vr);
    CHECK_INT(vr.nproblems, 0);
    unsetenv("ZHIBU_NOW");
    free(b1);
    free(b2);
    free(t1);
    free(tv);
    free(town);
    free(v.path);
}
