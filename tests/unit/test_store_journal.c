/* Unit tests of src/store/journal.c: the seal (one hash chain per branch), store_journal_verify against
 * entries and rows changed behind the store's back with raw sqlite3, the per-branch check, the
 * remembered status, and the baseline written when a version-5 database is upgraded. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_dues.h"

/* ---- helpers --------------------------------------------------------------------------- */

static struct store *open_db(const char *path)
{
    return test_open_db(path, "书记甲");
}

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

static int64_t mk_member(struct store *st, int64_t branch_id, const char *name, char *uuid)
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
    if (uuid) snprintf(uuid, UUID_STR_LEN, "%s", m.uuid);
    return m.id;
}

static int64_t pay(struct store *st, int64_t member_id, char *uuid)
{
    struct dues_paid alloc[2] = {{dues_ym(2025, 1), 300}, {dues_ym(2025, 2), 300}};
    struct dues_payment p = {0};
    p.member_id = member_id;
    snprintf(p.paid_date, sizeof p.paid_date, "2025-02-10");
    p.from_ym = dues_ym(2025, 1);
    p.to_ym = dues_ym(2025, 2);
    p.amount = 600;
    if (store_dues_payment_add(st, &p, alloc, 2) != STORE_OK)
        test_fail(__FILE__, __LINE__, "payment_add: %s", store_errmsg(st));
    if (uuid) snprintf(uuid, UUID_STR_LEN, "%s", p.uuid);
    return p.id;
}

/* A database with two branches whose writes interleave: A, B, a member of each, another of
 * A, a payment in B. */
struct fixture {
    char *path;
    int64_t a, b, ma, mb, ma2, pb;
    char ma_uuid[UUID_STR_LEN], mb_uuid[UUID_STR_LEN], pb_uuid[UUID_STR_LEN];
};

static struct store *setup(struct fixture *f, const char *name)
{
    memset(f, 0, sizeof *f);
    f->path = test_db_path(name);
    struct store *st = open_db(f->path);
    if (!st) return NULL;
    f->a = mk_branch(st, "JA");
    f->b = mk_branch(st, "JB");
    f->ma = mk_member(st, f->a, "张红", f->ma_uuid);
    f->mb = mk_member(st, f->b, "李兰", f->mb_uuid);
    f->ma2 = mk_member(st, f->a, "王芳", NULL);
    f->pb = pay(st, f->mb, f->pb_uuid);
    return st;
}

static int count_kind(const struct verify_result *r, enum verify_kind k)
{
    int n = 0;
    for (int i = 0; i < r->nproblems && i < VERIFY_MAX_PROBLEMS; i++) n += r->problems[i].kind == k;
    return n;
}

/* Close, run sql on the file, reopen and verify (branch 0 = all). */
static struct store *tamper(struct store *st, const struct fixture *f, const char *sql,
                            int64_t branch, struct verify_result *r)
{
    store_close(st);
    test_sql(f->path, sql);
    st = open_db(f->path);
    if (!st) return NULL;
    CHECK_INT(store_journal_verify(st, branch, r), STORE_OK);
    return st;
}

/* ---- the seal -------------------------------------------------------------------------- */

TEST(journal_seal_chains_per_branch)
{
    struct fixture f;
    struct store *st = setup(&f, "seal.db");
    if (!st) return;
    store_close(st);
    const char *p = f.path;
    CHECK(test_sql_int(p, "SELECT count(*) FROM history") >= 6);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history WHERE hash IS NULL OR prev_hash IS NULL"
                         " OR branch_id IS NULL"), 0);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history WHERE length(hash) <> 64"
                         " OR hash GLOB '*[^0-9a-f]*'"), 0);
    CHECK_INT(test_sql_int(p, "SELECT count(DISTINCT hash) = count(*) FROM history"), 1);
    /* two chains, one per branch, and chain 0 (the office key written at creation): each
     * starts with "" and links to its predecessor */
    char sql[400];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM history WHERE branch_id NOT IN (0, %lld, %lld)",
             (long long)f.a, (long long)f.b);
    CHECK_INT(test_sql_int(p, sql), 0);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history WHERE branch_id = 0"
                         " AND table_name = 'office_key' AND action = 'insert'"), 1);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history h WHERE prev_hash = ''"), 3);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history h WHERE prev_hash <> ''"
                         " AND prev_hash IS NOT (SELECT p.hash FROM history p WHERE"
                         " p.branch_id = h.branch_id AND p.id < h.id ORDER BY p.id DESC LIMIT 1)"),
              0);
    /* the writes interleave, yet the member of B sits in B's chain and the payment too */
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM history WHERE row_uuid IN ('%s', '%s') AND branch_id = %lld",
             f.mb_uuid, f.pb_uuid, (long long)f.b);
    CHECK_INT(test_sql_int(p, sql), 2);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM history WHERE row_uuid = '%s' AND branch_id = %lld", f.ma_uuid,
             (long long)f.a);
    CHECK_INT(test_sql_int(p, sql), 1);
    /* B's second entry (its member) follows the branch insert, not A's member in between */
    snprintf(sql, sizeof sql,
             "SELECT (SELECT prev_hash FROM history WHERE row_uuid = '%s') ="
             " (SELECT hash FROM history WHERE table_name = 'branch' AND branch_id = %lld)",
             f.mb_uuid, (long long)f.b);
    CHECK_INT(test_sql_int(p, sql), 1);

    st = open_db(p);
    if (!st) return;
    struct verify_result r;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    CHECK_INT(r.entries, test_sql_int(p, "SELECT count(*) FROM history"));
    CHECK_INT(r.rows, 2 + 3 + 1 + 1); /* branches, members, the payment, the office key */
    store_close(st);
    free(f.path);
}

/* ---- tampering ------------------------------------------------------------------------- */

TEST(journal_verify_rewritten_entry)
{
    struct fixture f;
    struct store *st = setup(&f, "rewrite.db");
    if (!st) return;
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT id FROM history WHERE row_uuid = '%s'", f.ma_uuid);
    int64_t entry = test_sql_int(f.path, sql);
    snprintf(sql, sizeof sql,
             "UPDATE history SET new_json = json_set(new_json, '$.name', '张绿') WHERE id = %lld;"
             "UPDATE member SET name = '张绿' WHERE uuid = '%s';",
             (long long)entry, f.ma_uuid);
    struct verify_result r;
    st = tamper(st, &f, sql, 0, &r);
    if (!st) return;
    CHECK_INT(r.nproblems, 1); /* the row agrees with the forged entry: only the chain tells */
    CHECK_INT(r.problems[0].kind, VERIFY_CHAIN);
    CHECK_INT(r.problems[0].entry_id, entry);
    CHECK_INT(r.problems[0].branch_id, f.a);
    char want[64];
    snprintf(want, sizeof want, "日志第 %lld 条（党员 新增，", (long long)entry);
    CHECK(strstr(r.problems[0].message, want) != NULL);
    CHECK(strstr(r.problems[0].message, "与哈希链不符") != NULL);
    /* the other branch is untouched */
    CHECK_INT(store_journal_verify(st, f.b, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    CHECK_INT(store_journal_verify(st, f.a, &r), STORE_OK);
    CHECK_INT(r.nproblems, 1);
    CHECK_INT(store_journal_status(st, f.a, NULL), 1);
    CHECK_INT(store_journal_status(st, f.b, NULL), 0);
    char at[24];
    CHECK_INT(store_journal_status(st, 0, at), 0);
    CHECK(strlen(at) >= 19);
    store_close(st);

    /* changed_by rewritten: caught the same way */
    struct fixture g;
    st = setup(&g, "rewrite2.db");
    if (!st) return;
    CHECK_INT(store_journal_status(st, g.a, NULL), -1);
    snprintf(sql, sizeof sql, "SELECT id FROM history WHERE row_uuid = '%s'", g.pb_uuid);
    entry = test_sql_int(g.path, sql);
    snprintf(sql, sizeof sql, "UPDATE history SET changed_by = '别人' WHERE id = %lld",
             (long long)entry);
    st = tamper(st, &g, sql, 0, &r);
    if (!st) return;
    CHECK_INT(r.nproblems, 1);
    CHECK_INT(r.problems[0].kind, VERIFY_CHAIN);
    CHECK_INT(r.problems[0].entry_id, entry);
    CHECK_INT(r.problems[0].branch_id, g.b);
    CHECK_INT(store_journal_status(st, g.b, NULL), 1);
    CHECK_INT(store_journal_status(st, g.a, NULL), 0);
    store_close(st);
    free(f.path);
    free(g.path);
}

/* changed_at is part of the hash: an entry moved in time is found like any other rewrite */
TEST(journal_verify_changed_at_rewritten)
{
    struct fixture f;
    struct store *st = setup(&f, "when.db");
    if (!st) return;
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT id FROM history WHERE row_uuid = '%s'", f.mb_uuid);
    int64_t entry = test_sql_int(f.path, sql);
    snprintf(sql, sizeof sql,
             "UPDATE history SET changed_at = '2020-01-01T00:00:00Z' WHERE id = %lld",
             (long long)entry);
    struct verify_result r;
    st = tamper(st, &f, sql, 0, &r);
    if (!st) return;
    CHECK_INT(r.nproblems, 1);
    CHECK_INT(r.problems[0].kind, VERIFY_CHAIN);
    CHECK_INT(r.problems[0].entry_id, entry);
    CHECK_INT(r.problems[0].branch_id, f.b);
    CHECK(strstr(r.problems[0].message, "与哈希链不符：日志被改动") != NULL);
    store_close(st);
    free(f.path);
}

/* 时间倒退: an entry earlier than the one before it in its chain is a warning, with both
 * entries; the ledger is still complete. Entries of another chain in between do not count. */
TEST(journal_verify_clock_back_warning)
{
    char *path = test_db_path("clock.db");
    struct store *st = open_db(path);
    if (!st) return;
    setenv("ZHIBU_NOW", "2026-11-21T10:00:00Z", 1);
    int64_t a = mk_branch(st, "JA");
    int64_t b = mk_branch(st, "JB");
    mk_member(st, a, "张红", NULL);
    setenv("ZHIBU_NOW", "2026-11-21T11:00:00Z", 1);
    mk_member(st, b, "李兰", NULL);
    struct verify_result r;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    CHECK_INT(r.nwarnings, 0); /* an ordinary ledger */
    /* the clock set back: 10:30 is after A's last entry (10:00), so A is fine although B wrote
     * at 11:00 in between; 09:00 runs back in B's chain */
    setenv("ZHIBU_NOW", "2026-11-21T10:30:00Z", 1);
    char uuid[UUID_STR_LEN];
    mk_member(st, a, "王芳", uuid);
    setenv("ZHIBU_NOW", "2026-11-21T09:00:00Z", 1);
    mk_member(st, b, "赵敏", NULL);
    unsetenv("ZHIBU_NOW");
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    CHECK_INT(r.nwarnings, 1);
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT id FROM history WHERE row_uuid = '%s'", uuid);
    store_close(st);
    int64_t ok_entry = test_sql_int(path, sql);
    CHECK(ok_entry > 0);
    long long zhao = test_sql_int(path, "SELECT h.id FROM history h JOIN member m ON"
                                        " m.uuid = h.row_uuid WHERE m.name = '赵敏'");
    long long li = test_sql_int(path, "SELECT h.id FROM history h JOIN member m ON"
                                      " m.uuid = h.row_uuid WHERE m.name = '李兰'");
    st = open_db(path);
    if (!st) return;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nwarnings, 1);
    CHECK_INT(r.warnings[0].kind, VERIFY_CLOCK_BACK);
    CHECK_INT(r.warnings[0].entry_id, zhao);
    CHECK_INT(r.warnings[0].branch_id, b);
    CHECK_STR(r.warnings[0].table_name, "member");
    char want[200];
    snprintf(want, sizeof want,
             "时间倒退：日志第 %lld 条（党员 新增）记于 2026-11-21 09:00:00，早于同一链上前一条"
             "（第 %lld 条）的 2026-11-21 11:00:00",
             zhao, li);
    CHECK_STR(r.warnings[0].message, want);
    CHECK_INT(store_journal_status(st, b, NULL), 0); /* a warning does not make it bad */
    CHECK_INT(store_journal_verify(st, a, &r), STORE_OK);
    CHECK_INT(r.nwarnings, 0);
    CHECK_INT(store_journal_verify(st, b, &r), STORE_OK);
    CHECK_INT(r.nwarnings, 1);
    store_close(st);
    free(path);
}

TEST(journal_verify_deleted_entry)
{
    struct fixture f;
    struct store *st = setup(&f, "delete.db");
    if (!st) return;
    /* A's chain: branch insert, 张红, 王芳. Remove 张红's entry (the middle one). */
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT id FROM history WHERE row_uuid = '%s'", f.ma_uuid);
    int64_t gone = test_sql_int(f.path, sql);
    snprintf(sql, sizeof sql,
             "SELECT min(id) FROM history WHERE branch_id = %lld AND id > %lld",
             (long long)f.a, (long long)gone);
    int64_t next = test_sql_int(f.path, sql);
    CHECK(next > gone + 1); /* B's entries lie in between */
    snprintf(sql, sizeof sql, "DELETE FROM history WHERE id = %lld", (long long)gone);
    struct verify_result r;
    st = tamper(st, &f, sql, 0, &r);
    if (!st) return;
    CHECK_INT(count_kind(&r, VERIFY_CHAIN), 1);
    CHECK_INT(r.problems[0].kind, VERIFY_CHAIN);
    CHECK_INT(r.problems[0].entry_id, next);
    CHECK(strstr(r.problems[0].message, "删除") != NULL);
    /* and 张红 is now a row the journal never saw */
    CHECK_INT(count_kind(&r, VERIFY_ROW_UNJOURNALED), 1);
    CHECK_INT(r.nproblems, 2);
    store_close(st);
    free(f.path);
}

TEST(journal_verify_rows)
{
    struct fixture f;
    struct store *st = setup(&f, "rows.db");
    if (!st) return;
    struct verify_result r;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);

    /* a row changed */
    char sql[400];
    snprintf(sql, sizeof sql, "UPDATE member SET phone = '13800000000' WHERE id = %lld",
             (long long)f.ma2);
    st = tamper(st, &f, sql, 0, &r);
    if (!st) return;
    CHECK_INT(r.nproblems, 1);
    CHECK_INT(r.problems[0].kind, VERIFY_ROW_CHANGED);
    CHECK_STR(r.problems[0].table_name, "member");
    CHECK_INT(r.problems[0].branch_id, f.a);
    CHECK(strstr(r.problems[0].message, "党员 ") == r.problems[0].message);
    CHECK(strstr(r.problems[0].message, "与日志不符") != NULL);
    /* only branch A's check sees it */
    CHECK_INT(store_journal_verify(st, f.b, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    CHECK_INT(r.rows, 3); /* B itself, its member and its payment */
    store_close(st);
    test_sql(f.path, "UPDATE member SET phone = '' WHERE phone = '13800000000'");
    st = open_db(f.path);
    if (!st) return;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);

    /* an allocation removed changes its payment */
    snprintf(sql, sizeof sql, "DELETE FROM dues_allocation WHERE payment_id = %lld AND amount = 300"
             " AND id = (SELECT max(id) FROM dues_allocation WHERE payment_id = %lld)",
             (long long)f.pb, (long long)f.pb);
    st = tamper(st, &f, sql, 0, &r);
    if (!st) return;
    CHECK_INT(r.nproblems, 1);
    CHECK_INT(r.problems[0].kind, VERIFY_ROW_CHANGED);
    CHECK_STR(r.problems[0].table_name, "dues_payment");
    CHECK_STR(r.problems[0].row_uuid, f.pb_uuid);
    CHECK(strstr(r.problems[0].message, "交费记录") != NULL);

    /* the payment removed altogether */
    snprintf(sql, sizeof sql,
             "DELETE FROM dues_allocation WHERE payment_id = %lld;"
             "DELETE FROM dues_payment WHERE id = %lld;",
             (long long)f.pb, (long long)f.pb);
    st = tamper(st, &f, sql, 0, &r);
    if (!st) return;
    CHECK_INT(r.nproblems, 1);
    CHECK_INT(r.problems[0].kind, VERIFY_ROW_MISSING);
    CHECK_STR(r.problems[0].row_uuid, f.pb_uuid);
    CHECK_INT(r.problems[0].branch_id, f.b);
    CHECK(r.problems[0].entry_id > 0);
    CHECK(strstr(r.problems[0].message, "已被删除") != NULL);
    CHECK_INT(store_journal_verify(st, f.a, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    CHECK_INT(store_journal_verify(st, f.b, &r), STORE_OK);
    CHECK_INT(r.nproblems, 1);

    /* a row written behind the store's back */
    snprintf(sql, sizeof sql,
             "INSERT INTO party_group(uuid, branch_id, name, created_at, created_by, updated_at)"
             " VALUES ('0badc0de-0000-4000-8000-000000000000', %lld, '影子小组', 'x', 'x', 'x')",
             (long long)f.a);
    st = tamper(st, &f, sql, f.a, &r);
    if (!st) return;
    CHECK_INT(r.nproblems, 1);
    CHECK_INT(r.problems[0].kind, VERIFY_ROW_UNJOURNALED);
    CHECK_STR(r.problems[0].table_name, "party_group");
    CHECK(strstr(r.problems[0].message, "党小组 0badc0de") == r.problems[0].message);
    /* a per-branch run leaves the remembered status (of the last whole run) alone */
    CHECK_INT(store_journal_status(st, f.a, NULL), 0);
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 2);
    CHECK_INT(count_kind(&r, VERIFY_ROW_MISSING), 1);
    CHECK_INT(count_kind(&r, VERIFY_ROW_UNJOURNALED), 1);
    CHECK_INT(store_journal_status(st, f.a, NULL), 1);
    CHECK_INT(store_journal_status(st, f.b, NULL), 1);
    store_close(st);
    free(f.path);
}

TEST(journal_verify_unsealed_entry)
{
    struct fixture f;
    struct store *st = setup(&f, "forged.db");
    if (!st) return;
    struct verify_result r;
    st = tamper(st, &f,
                "INSERT INTO history(uuid, table_name, row_uuid, action, changed_at, changed_by)"
                " VALUES ('f0f0f0f0-0000-4000-8000-000000000000', 'member', 'x', 'update',"
                " '2026-01-01T00:00:00Z', '某人')",
                0, &r);
    if (!st) return;
    CHECK_INT(r.nproblems, 1);
    CHECK_INT(r.problems[0].kind, VERIFY_CHAIN);
    CHECK(strstr(r.problems[0].message, "未经封存") != NULL);
    store_close(st);
    free(f.path);
}

/* ---- the upgrade ----------------------------------------------------------------------- */

TEST(journal_baseline_after_upgrade_from_v5)
{
    struct fixture f;
    struct store *st = setup(&f, "v5.db");
    if (!st) return;
    store_close(st);
    const char *p = f.path;
    long long before = test_sql_int(p, "SELECT count(*) FROM history");
    /* a version-5 ledger: one row changed without history, one row never journaled */
    char sql[1000];
    snprintf(sql, sizeof sql,
             DOWNGRADE_V6_SQL
             " UPDATE member SET note = '旧版本直接改的' WHERE id = %lld;"
             " INSERT INTO party_group(uuid, branch_id, name, created_at, created_by, updated_at)"
             " VALUES ('0badc0de-0000-4000-8000-000000000001', %lld, '老小组', 'x', 'x', 'x');"
             " PRAGMA user_version = 5;",
             (long long)f.ma, (long long)f.b);
    test_sql(p, sql);
    CHECK_INT(test_sql_int(p, "PRAGMA user_version"), 5);

    st = open_db(p);
    if (!st) return;
    CHECK_INT(store_schema_version(st), STORE_SCHEMA_VERSION);
    /* the two rows, and the office key the upgrade made (in place of the one undone above) */
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history"), before + 2);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history WHERE action = 'baseline'"), 3);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history WHERE action = 'baseline'"
                         " AND table_name = 'office_key'"), 1);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM history WHERE action = 'baseline' AND row_uuid = '%s'"
             " AND json_extract(new_json, '$.note') = '旧版本直接改的'"
             " AND json_extract(old_json, '$.note') = '' AND branch_id = %lld",
             f.ma_uuid, (long long)f.a);
    CHECK_INT(test_sql_int(p, sql), 1);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history WHERE action = 'baseline' AND"
                         " old_json IS NULL AND row_uuid = '0badc0de-0000-4000-8000-000000000001'"),
              1);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history WHERE hash IS NULL"), 0);
    struct verify_result r;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    CHECK_INT(r.entries, before + 2);
    /* reopening adds nothing more */
    store_close(st);
    st = open_db(p);
    if (!st) return;
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history"), before + 2);
    /* and writing goes on in the same chains */
    mk_member(st, f.a, "赵敏", NULL);
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    store_close(st);
    free(f.path);
}

/* Users belong to no branch: chain 0, even a secretary's account (whose JSON names a branch). */
TEST(journal_users_in_chain_zero)
{
    struct fixture f;
    struct store *st = setup(&f, "users.db");
    if (!st) return;
    struct user u = {0};
    snprintf(u.login, sizeof u.login, "shuji");
    snprintf(u.display_name, sizeof u.display_name, "王书记");
    u.role = STORE_ROLE_SECRETARY;
    u.branch_id = f.b;
    if (store_user_add(st, &u, "abcd1234") != STORE_OK) {
        test_fail(__FILE__, __LINE__, "user_add: %s", store_errmsg(st));
        store_close(st);
        return;
    }
    char sql[400];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM history WHERE table_name = 'app_user' AND row_uuid = '%s'"
             " AND branch_id = 0 AND prev_hash = (SELECT hash FROM history"
             " WHERE table_name = 'office_key') AND length(hash) = 64", u.uuid);
    CHECK_INT(test_sql_int(f.path, sql), 1);
    struct verify_result r;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    CHECK_INT(r.rows, 2 + 3 + 1 + 1 + 1);
    /* a branch's check does not count the user */
    CHECK_INT(store_journal_verify(st, f.b, &r), STORE_OK);
    CHECK_INT(r.rows, 3);
    store_close(st);
    test_sql(f.path, "UPDATE app_user SET role = 'admin', branch_id = NULL");
    st = open_db(f.path);
    if (!st) return;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 1);
    CHECK_INT(r.problems[0].kind, VERIFY_ROW_CHANGED);
    CHECK_INT(r.problems[0].branch_id, 0);
    CHECK(strstr(r.problems[0].message, "用户 ") == r.problems[0].message);
    CHECK_INT(store_journal_status(st, 0, NULL), 1);
    CHECK_INT(store_journal_status(st, f.b, NULL), 0);
    store_close(st);
    free(f.path);
}
