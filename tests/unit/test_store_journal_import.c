/* Unit tests of store_verify over journal_import: the journal entries other offices sent with
 * their ledgers, kept exactly as they were at the origin. The rows are built by hand from a real
 * village's history (made with the store, copied over with raw sqlite3 and the origin's fields),
 * with bundle_log rows naming the head each bundle declared: a clean copy verifies, a rewritten
 * or removed entry breaks its chain, and entries missing at the end are caught by the head.
 * Also the log of imports as the import screen reads it (store_bundle_log_recent). */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_exchange.h"

/* ---- helpers --------------------------------------------------------------------------- */

static int64_t mk_branch(struct store *st, const char *code)
{
    struct branch b = {0};
    snprintf(b.code, sizeof b.code, "%s", code);
    snprintf(b.name, sizeof b.name, "%s党支部", code);
    snprintf(b.type, sizeof b.type, "rural");
    if (store_branch_add(st, &b) != STORE_OK)
        test_fail(__FILE__, __LINE__, "branch_add: %s", store_errmsg(st));
    return b.id;
}

static struct member mk_member(struct store *st, int64_t branch_id, const char *name)
{
    struct member m = {0};
    m.branch_id = branch_id;
    snprintf(m.name, sizeof m.name, "%s", name);
    snprintf(m.gender, sizeof m.gender, "F");
    snprintf(m.join_date, sizeof m.join_date, "2001-07-01");
    snprintf(m.full_date, sizeof m.full_date, "2002-07-01");
    snprintf(m.status, sizeof m.status, "full");
    snprintf(m.dues_category, sizeof m.dues_category, "farmer");
    if (store_member_add(st, &m) != STORE_OK)
        test_fail(__FILE__, __LINE__, "member_add(%s): %s", name, store_errmsg(st));
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
    f->v1_a = mk_branch(st, "JA");
    f->v1_b = mk_branch(st, "JB");
    struct member m = mk_member(st, f->v1_a, "张红");
    mk_member(st, f->v1_b, "李兰");
    mk_member(st, f->v1_a, "王芳");
    snprintf(m.phone, sizeof m.phone, "13800000000");
    if (store_member_update(st, &m) != STORE_OK)
        test_fail(__FILE__, __LINE__, "member_update: %s", store_errmsg(st));
    store_close(st);

    st = test_open_db(f->v2, "书记乙");
    if (!st) return -1;
    f->v2_c = mk_branch(st, "JC");
    mk_member(st, f->v2_c, "赵敏");
    store_close(st);

    st = test_open_db(f->town, "审查员");
    if (!st) return -1;
    f->t_z = mk_branch(st, "JZ");
    f->t_a = mk_branch(st, "JA");
    f->t_b = mk_branch(st, "JB");
    f->t_c = mk_branch(st, "JC");
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
    CHECK_INT(store_verify(st, branch, r), STORE_OK);
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
    snprintf(want, sizeof want, "来自其他办公室（%.8s）的日志第 %lld 条（党员 新增，", f.office1,
             second);
    CHECK(strstr(r.problems[0].message, want) != NULL);
    CHECK(strstr(r.problems[0].message, "与哈希链不符：日志被改动") != NULL);
    /* the whole-database run remembered which branch is bad */
    struct store *st = test_open_db(f.town, "审查员");
    if (!st) return;
    CHECK_INT(store_verify_status(st, f.t_a, NULL), 1);
    CHECK_INT(store_verify_status(st, f.t_c, NULL), 0);
    CHECK_INT(store_verify_status(st, f.t_z, NULL), 0);
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
    snprintf(want, sizeof want, "来自其他办公室（%.8s）的日志第 ", f.office2);
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
    snprintf(want, sizeof want, "来自其他办公室（%.8s）的日志第 %lld 条", f.office1, third);
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
    struct bundle_log_entry e[4];
    int n = -1;
    CHECK_INT(store_bundle_log_recent(st, 0, e, 4, &n), STORE_OK);
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
    /* one branch; and no more than asked for */
    CHECK_INT(store_bundle_log_recent(st, f.t_c, e, 4, &n), STORE_OK);
    CHECK_INT(n, 1);
    CHECK_STR(e[0].branch_code, "JC");
    CHECK_INT(store_bundle_log_recent(st, 0, e, 2, &n), STORE_OK);
    CHECK_INT(n, 2);
    CHECK_INT(store_bundle_log_recent(st, f.t_z, e, 4, &n), STORE_OK);
    CHECK_INT(n, 0);
    store_close(st);
    teardown(&f);
}
