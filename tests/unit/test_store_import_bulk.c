/* Unit tests of src/store/exchange_derive.c: a branch new to the township is written table by
 * table from the attached stage, and its meeting search index and dues by year are derived
 * once after the first pass (their triggers set aside meanwhile). What the township holds then
 * is what the village holds (the sums without the voided payment, the search), the triggers
 * are there again text for text and keep following the next bundle, the journal verifies, and
 * a stage without a file of its own (TMPDIR missing: row by row) gives the same township, its
 * copy of the village's journal byte for byte. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixtures.h"
#include "test.h"
#include "zhibu/dues.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_dues.h"
#include "zhibu/store_exchange.h"
#include "zhibu/store_meeting.h"

static void at(const char *now)
{
    setenv("ZHIBU_NOW", now, 1);
}


#define CHECK_SAME(a, b, sql)                                                                  \
    do {                                                                                       \
        char *x_ = test_sql_text(a, sql), *y_ = test_sql_text(b, sql);                                     \
        CHECK_STR(x_, y_);                                                                     \
        free(x_);                                                                              \
        free(y_);                                                                              \
    } while (0)

static void meeting(struct store *st, int64_t branch, const char *date, int64_t host,
                    const char *topics)
{
    struct meeting m;
    memset(&m, 0, sizeof m);
    m.branch_id = branch;
    snprintf(m.kind, sizeof m.kind, "general");
    snprintf(m.date, sizeof m.date, "%s", date);
    m.host_id = host;
    m.topics = strdup(topics);
    m.minutes = strdup("会议纪要");
    if (store_meeting_add(st, &m) != STORE_OK)
        test_fail(__FILE__, __LINE__, "meeting_add: %s", store_errmsg(st));
    meeting_free(&m);
}

static int64_t pay(struct store *st, int64_t member, const char *date, int ym, int months)
{
    struct dues_payment p = {0};
    p.member_id = member;
    snprintf(p.paid_date, sizeof p.paid_date, "%s", date);
    p.from_ym = ym;
    p.to_ym = ym + months - 1;
    p.amount = 300 * months;
    struct dues_paid a[12];
    for (int i = 0; i < months; i++) a[i] = (struct dues_paid){.ym = ym + i, .amount = 300};
    if (store_dues_payment_add(st, &p, a, months) != STORE_OK)
        test_fail(__FILE__, __LINE__, "payment_add: %s", store_errmsg(st));
    return p.id;
}

static char *township(const char *name)
{
    char *path = test_db_path(name);
    struct store *st = test_open_db(path, "reviewer");
    CHECK_INT(store_office_set_kind(st, "township"), STORE_OK);
    store_close(st);
    return path;
}

static void import_ok(const char *db, const char *bundle)
{
    struct store *st = test_open_db(db, "system");
    struct exchange_report r;
    if (store_bundle_import(st, bundle, test_bundle_signer(bundle), NULL, &r) != STORE_OK)
        test_fail(__FILE__, __LINE__, "bundle_import: %s", store_errmsg(st));
    struct verify_result vr;
    CHECK_INT(store_journal_verify(st, 0, &vr), STORE_OK);
    CHECK_INT(vr.nproblems, 0);
    store_close(st);
}

static const char TRIGGERS[] =
    "SELECT group_concat(name || ':' || sql, '|') FROM (SELECT name, sql FROM sqlite_schema"
    " WHERE type = 'trigger' ORDER BY name)";
/* dues by year, member by uuid */
static const char PAID[] =
    "SELECT group_concat(u, '|') FROM (SELECT m.uuid || ' ' || y.year || ' ' || y.months AS u"
    " FROM dues_paid_year y JOIN member m ON m.id = y.member_id ORDER BY 1)";
/* what a word finds, meeting by uuid */
#define FOUND(w)                                                                               \
    "SELECT count(*) || ':' || ifnull(group_concat(u, ','), '') FROM (SELECT m.uuid AS u"     \
    " FROM meeting_fts f JOIN meeting m ON m.id = f.rowid WHERE meeting_fts MATCH '\"" w "\"'" \
    " ORDER BY 1)"

/* A new township whose own trigger TRIGGER refuses part of the bundle: the import fails (*r its
 * report) and leaves the township's triggers as they were; the township's path (heap). */
static char *refused(const char *name, const char *trigger, const char *bundle,
                     struct exchange_report *r)
{
    char *tw = township(name);
    test_sql(tw, trigger);
    char *before = test_sql_text(tw, TRIGGERS);
    struct store *st = test_open_db(tw, "system");
    at("2026-03-02T08:00:00Z");
    CHECK(store_bundle_import(st, bundle, test_bundle_signer(bundle), NULL, r) != STORE_OK);
    store_close(st);
    char *after = test_sql_text(tw, TRIGGERS);
    CHECK_STR(after, before);
    free(after);
    free(before);
    return tw;
}

TEST(import_bulk_derived_tables_as_the_village_has_them)
{
    char *vil = test_db_path("bk_v.db");
    struct store *st = test_open_db(vil, "secretary1");
    at("2026-03-01T08:00:00Z");
    int64_t top = fx_branch(st, "T0", "T0党支部", 0);
    int64_t br = fx_branch(st, "VB", NULL, top);
    int64_t m1 = fx_member(st, &(struct fx_member){.branch = br, .name = "王芳", .gender = "F",
                                                   .join = "2010-03-01", .full = "2011-03-01"},
                           NULL);
    int64_t m2 = fx_member(st, &(struct fx_member){.branch = br, .name = "李娜", .gender = "F",
                                                   .join = "2012-03-01", .full = "2013-03-01"},
                           NULL);
    meeting(st, br, "2026-01-10", m1, "学习党章");
    meeting(st, br, "2026-02-10", m2, "民主评议党员");
    meeting(st, br, "2026-02-20", m1, "学习党章第二次");
    pay(st, m1, "2026-01-12", dues_ym(2026, 1), 3);
    pay(st, m2, "2026-02-12", dues_ym(2025, 11), 4); /* two years */
    int64_t gone = pay(st, m1, "2026-02-13", dues_ym(2026, 4), 2);
    CHECK_INT(store_dues_payment_void(st, gone, "金额录错"), STORE_OK);
    store_close(st);
    char *b1 = test_bundle_export(vil, br, EXCHANGE_LEDGER, "bk_b1.zbx");

    char *fresh = township("bk_fresh.db");
    char *tw = township("bk_t.db");
    at("2026-03-02T08:00:00Z");
    import_ok(tw, b1);
    CHECK_SAME(tw, fresh, TRIGGERS);
    CHECK_SAME(tw, vil, PAID);
    char *m1row = test_sql_text(tw, "SELECT y.months FROM dues_paid_year y JOIN member m ON"
                              " m.id = y.member_id WHERE m.name = '王芳' AND y.year = 2026");
    CHECK_STR(m1row, "300 300 300 0 0 0 0 0 0 0 0 0"); /* April and May voided */
    free(m1row);
    CHECK_INT(test_sql_int(tw, "SELECT count(*) FROM dues_paid_year"), 3);
    CHECK_SAME(tw, vil, FOUND("学习党"));
    CHECK_SAME(tw, vil, FOUND("评议党"));
    CHECK_INT(test_sql_int(tw, "SELECT count(*) FROM meeting_fts WHERE meeting_fts MATCH '\"学习党\"'"), 2);

    /* the village goes on; the next bundle takes the general path, the triggers follow it */
    st = test_open_db(vil, "secretary1");
    at("2026-03-05T08:00:00Z");
    meeting(st, br, "2026-03-04", m2, "主题党日活动");
    pay(st, m2, "2026-03-04", dues_ym(2026, 3), 1);
    CHECK_INT(store_dues_payment_void(st, 1, "重复登记"), STORE_OK);
    store_close(st);
    char *b2 = test_bundle_export(vil, br, EXCHANGE_LEDGER, "bk_b2.zbx");
    at("2026-03-06T08:00:00Z");
    import_ok(tw, b2);
    CHECK_SAME(tw, vil, PAID);
    CHECK_SAME(tw, vil, FOUND("主题党"));
    CHECK_INT(test_sql_int(tw, "SELECT count(*) FROM meeting_fts WHERE meeting_fts MATCH '\"主题党\"'"), 1);
    CHECK_SAME(tw, fresh, TRIGGERS);

    /* no file for the stage: SQLite's temporary database, the rows one by one, the same */
    char *tw2 = township("bk_t2.db");
    const char *was = getenv("TMPDIR");
    char *keep = was ? strdup(was) : NULL;
    setenv("TMPDIR", "/nonexistent/zhibu-test", 1);
    at("2026-03-02T08:00:00Z");
    import_ok(tw2, b1);
    if (keep) setenv("TMPDIR", keep, 1);
    else unsetenv("TMPDIR");
    free(keep);
    at("2026-03-06T08:00:00Z");
    import_ok(tw2, b2);
    CHECK_SAME(tw2, tw, PAID);
    CHECK_SAME(tw2, tw, FOUND("学习党"));
    CHECK_SAME(tw2, tw, TRIGGERS);
    CHECK_SAME(tw2, tw, "SELECT group_concat(uuid || id, ',') FROM (SELECT uuid, id FROM meeting ORDER BY id)");
    CHECK_SAME(tw2, tw, "SELECT group_concat(uuid || id, ',') FROM (SELECT uuid, id FROM dues_payment ORDER BY id)");
    CHECK_SAME(tw2, tw, "SELECT group_concat(payment_id || month || amount || member_id, ',') FROM"
                        " (SELECT * FROM dues_allocation ORDER BY 1, 2)");
    /* the journal entries byte for byte (packed JSON, hashes as bytes), the import time aside */
    CHECK_SAME(tw2, tw, "SELECT group_concat(e, ',') FROM (SELECT id || uuid || origin_office ||"
                        " origin_id || origin_branch_id || branch_id || table_name || row_uuid ||"
                        " action || changed_at || changed_by || typeof(old_json) ||"
                        " ifnull(hex(old_json), '') || typeof(new_json) || hex(new_json) ||"
                        " typeof(prev_hash) || hex(prev_hash) || typeof(hash) || hex(hash) AS e"
                        " FROM journal_import_data ORDER BY id)");
    CHECK(test_sql_int(tw, "SELECT count(*) FROM journal_import_data WHERE typeof(new_json) = 'blob'") > 10);
    /* a row the township refuses at the write (a trigger of its own, here): the table's statement
     * undone, the rows one by one name the conflict, nothing written, the triggers as they were */
    struct exchange_report r3;
    char *tw3 = refused("bk_t3.db", "CREATE TRIGGER zz_refuse BEFORE INSERT ON dues_payment WHEN"
                        " new.amount = 600 BEGIN SELECT RAISE(ABORT, 'refused here'); END", b1, &r3);
    int nconf = 0;
    for (int i = 0; i < r3.ntables; i++)
        if (strcmp(r3.t[i].table, "dues_payment") == 0) nconf = r3.t[i].conflicts;
    CHECK_INT(nconf, 1); /* the one of 600 (two months), named row by row */
    CHECK(strstr(r3.problem, "dues_payment") != NULL);
    CHECK_INT(test_sql_int(tw3, "SELECT count(*) FROM branch WHERE code = 'VB'"), 0);
    CHECK_INT(test_sql_int(tw3, "SELECT count(*) FROM meeting"), 0);
    CHECK_INT(test_sql_int(tw3, "SELECT count(*) FROM dues_paid_year"), 0);
    CHECK_INT(test_sql_int(tw3, "SELECT count(*) FROM journal_import_data"), 0);
    test_sql(tw3, "DROP TRIGGER zz_refuse");
    import_ok(tw3, b1);
    CHECK_SAME(tw3, vil, FOUND("学习党"));
    char *t3 = test_sql_text(tw3, TRIGGERS);
    char *tf = test_sql_text(fresh, TRIGGERS);
    CHECK_STR(t3, tf);
    free(t3);
    free(tf);
    /* a failure that ends the whole transaction (RAISE(ROLLBACK), as a full disk may): the
     * import fails, nothing is then written row by row outside it, the township as it was */
    struct exchange_report r4;
    char *tw4 = refused("bk_t4.db", "CREATE TRIGGER zz_rollback BEFORE INSERT ON dues_payment WHEN"
                        " new.amount = 600 BEGIN SELECT RAISE(ROLLBACK, 'rolled back here'); END",
                        b1, &r4);
    CHECK_INT(test_sql_int(tw4, "SELECT count(*) FROM branch WHERE code = 'VB'"), 0);
    /* said in Chinese, the first cause: not SQLite's words about the triggers made again */
    CHECK(r4.problem[0] != '\0' && strstr(r4.problem, "trigger") == NULL);
    CHECK_INT(test_sql_int(tw4, "SELECT count(*) FROM member"), 0);
    CHECK_INT(test_sql_int(tw4, "SELECT count(*) FROM meeting"), 0);
    CHECK_INT(test_sql_int(tw4, "SELECT count(*) FROM dues_payment"), 0);
    CHECK_INT(test_sql_int(tw4, "SELECT count(*) FROM dues_allocation"), 0);
    CHECK_INT(test_sql_int(tw4, "SELECT count(*) FROM journal_import_data"), 0);
    /* the same in the journal's statement: no entry then written row by row outside it */
    char *tw5 = refused("bk_t5.db", "CREATE TRIGGER zz_rollback BEFORE INSERT ON journal_import_data"
                        " WHEN new.origin_id > 5 BEGIN SELECT RAISE(ROLLBACK, 'rolled back here'); END",
                        b1, &r4);
    CHECK_INT(test_sql_int(tw5, "SELECT count(*) FROM journal_import_data"), 0);
    CHECK_INT(test_sql_int(tw5, "SELECT count(*) FROM member"), 0);
    CHECK_INT(test_sql_int(tw5, "SELECT count(*) FROM dues_payment"), 0);
    free(tw5);
    free(tw4);
    free(tw3);
    free(tw2);
    free(b1);
    free(b2);
    free(tw);
    free(fresh);
    free(vil);
    unsetenv("ZHIBU_NOW");
}
