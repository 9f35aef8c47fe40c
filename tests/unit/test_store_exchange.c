/* Unit tests of src/store/exchange_db.c and bundle.c: a village's branch → bundle → township and
 * back. The round trip keeps every row and every journaled row's JSON (integer ids aside);
 * importing again changes nothing; an older bundle after a newer one rolls nothing back; the
 * township's verdicts stay; a changed record of a reviewed month is marked 审后修改; verdicts go
 * back to the village; refused bundles leave the target file byte-for-byte unchanged. */
#define SQLITE_ENABLE_SESSION
#define SQLITE_ENABLE_PREUPDATE_HOOK
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixtures.h"
#include "test.h"
#include "zhibu/dues.h"
#include "zhibu/store.h"
#include "zhibu/store_audit.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_dues.h"
#include "zhibu/store_exchange.h"
#include "zhibu/store_meeting.h"

#include "../../src/store/store_json.h"

/* ---- helpers --------------------------------------------------------------------------- */

static void at(const char *now)
{
    setenv("ZHIBU_NOW", now, 1);
}

static int64_t mk_member(struct store *st, int64_t branch_id, const char *name, int64_t group)
{
    return fx_member(st, &(struct fx_member){.branch = branch_id, .group = group, .name = name,
                                             .gender = "F", .join = "2010-03-01",
                                             .full = "2011-03-01"}, NULL);
}

static int64_t mk_meeting_minutes(struct store *st, int64_t branch_id, const char *date,
                                  int64_t host, const char *topics, const char *minutes)
{
    struct meeting m;
    memset(&m, 0, sizeof m);
    m.branch_id = branch_id;
    snprintf(m.kind, sizeof m.kind, "general");
    snprintf(m.date, sizeof m.date, "%s", date);
    m.host_id = host;
    m.topics = strdup(topics);
    m.minutes = strdup(minutes);
    if (store_meeting_add(st, &m) != STORE_OK)
        test_fail(__FILE__, __LINE__, "meeting_add: %s", store_errmsg(st));
    meeting_free(&m);
    return m.id;
}

static int64_t mk_meeting(struct store *st, int64_t branch_id, const char *date, int64_t host,
                          const char *topics)
{
    return mk_meeting_minutes(st, branch_id, date, host, topics, "会议纪要");
}

static void retopic(struct store *st, int64_t id, const char *topics)
{
    struct meeting m;
    CHECK_INT(store_meeting_get(st, id, &m), STORE_OK);
    free(m.topics);
    m.topics = strdup(topics);
    if (store_meeting_update(st, &m) != STORE_OK)
        test_fail(__FILE__, __LINE__, "meeting_update: %s", store_errmsg(st));
    meeting_free(&m);
}

static void pay(struct store *st, int64_t member_id, const char *date, int ym)
{
    struct dues_payment p = {0};
    p.member_id = member_id;
    snprintf(p.paid_date, sizeof p.paid_date, "%s", date);
    p.from_ym = p.to_ym = ym;
    p.amount = 300;
    struct dues_paid a = {.ym = ym, .amount = 300};
    if (store_dues_payment_add(st, &p, &a, 1) != STORE_OK)
        test_fail(__FILE__, __LINE__, "payment_add: %s", store_errmsg(st));
}


static void spill(const char *path, const unsigned char *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    fwrite(p, 1, n, f);
    fclose(f);
}

/* Every journaled row of the branch coded code as text: per table and uuid, its JSON with
 * integer ids written as ID, in uuid order — comparable across offices. */
static const struct {
    const char *table, *json, *where;
} JOURNALED[] = {
    {"branch", BRANCH_JSON, "code = ?1"},
    {"party_group", GROUP_JSON, "branch_id = (SELECT id FROM branch WHERE code = ?1)"},
    {"member", MEMBER_JSON, "branch_id = (SELECT id FROM branch WHERE code = ?1)"},
    {"meeting", MEETING_JSON, "branch_id = (SELECT id FROM branch WHERE code = ?1)"},
    {"dues_payment", PAYMENT_JSON, "branch_id = (SELECT id FROM branch WHERE code = ?1)"},
    {"dues_basis", BASIS_JSON,
     "member_id IN (SELECT id FROM member WHERE branch_id = (SELECT id FROM branch WHERE code = ?1))"},
    {"audit_verdict", VERDICT_JSON, "branch_id = (SELECT id FROM branch WHERE code = ?1)"},
    {"rectification", RECTIFY_JSON, "branch_id = (SELECT id FROM branch WHERE code = ?1)"},
};

static char *ledger_text(const char *path, const char *code, int *rows)
{
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    size_t cap = 1 << 16, len = 0;
    char *out = malloc(cap);
    out[0] = '\0';
    *rows = 0;
    for (size_t t = 0; t < sizeof JOURNALED / sizeof JOURNALED[0]; t++) {
        char sql[512];
        snprintf(sql, sizeof sql, "SELECT id, uuid FROM %s WHERE %s ORDER BY uuid",
                 JOURNALED[t].table, JOURNALED[t].where);
        sqlite3_stmt *s = NULL, *j = NULL, *n = NULL;
        CHECK_INT(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
        CHECK_INT(sqlite3_prepare_v2(db, JOURNALED[t].json, -1, &j, NULL), SQLITE_OK);
        CHECK_INT(sqlite3_prepare_v2(db,
                                     "SELECT group_concat(fullkey || '=' || CASE WHEN key ="
                                     " 'parent_id' THEN 'PARENT' WHEN (key LIKE"
                                     " '%\\_id' ESCAPE '\\' OR key = 'history_after') AND type ="
                                     " 'integer' THEN 'ID'"
                                     " ELSE ifnull(atom, 'null') END, '|')"
                                     " FROM json_tree(?1) WHERE type NOT IN ('object', 'array')",
                                     -1, &n, NULL),
                  SQLITE_OK);
        sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
        while (sqlite3_step(s) == SQLITE_ROW) {
            sqlite3_reset(j);
            sqlite3_bind_int64(j, 1, sqlite3_column_int64(s, 0));
            CHECK_INT(sqlite3_step(j), SQLITE_ROW);
            sqlite3_reset(n);
            sqlite3_bind_value(n, 1, sqlite3_column_value(j, 0));
            CHECK_INT(sqlite3_step(n), SQLITE_ROW);
            const char *u = (const char *)sqlite3_column_text(s, 1);
            const char *v = (const char *)sqlite3_column_text(n, 0);
            size_t need = strlen(JOURNALED[t].table) + strlen(u) + (v ? strlen(v) : 0) + 8;
            while (len + need >= cap) out = realloc(out, cap *= 2);
            len += (size_t)sprintf(out + len, "%s %s %s\n", JOURNALED[t].table, u, v ? v : "");
            (*rows)++;
        }
        sqlite3_finalize(s);
        sqlite3_finalize(j);
        sqlite3_finalize(n);
    }
    sqlite3_close(db);
    return out;
}

/* A village: the committee above it and branch V1 with a group (whose leader is a member: a
 * reference forward), two members, a meeting with attendance, a payment, a basis, a start. */
struct village {
    char *path;
    int64_t branch, m1, m2, meeting;
};

static struct village mk_village(const char *name, const char *code)
{
    struct village v = {.path = test_db_path(name)};
    struct store *st = test_open_db(v.path, "secretary1");
    at("2026-03-01T08:00:00Z");
    int64_t top = fx_branch(st, "T0", "T0党支部", 0);
    v.branch = fx_branch(st, code, NULL, top);
    struct group g = {0};
    g.branch_id = v.branch;
    snprintf(g.name, sizeof g.name, "第一党小组");
    CHECK_INT(store_group_add(st, &g), STORE_OK);
    v.m1 = mk_member(st, v.branch, "王芳", g.id);
    v.m2 = mk_member(st, v.branch, "李娜", 0);
    g.leader_id = v.m1;
    CHECK_INT(store_group_update(st, &g), STORE_OK);
    v.meeting = mk_meeting(st, v.branch, "2026-02-10", v.m1, "学习党章");
    pay(st, v.m1, "2026-02-12", dues_ym(2026, 2));
    CHECK_INT(store_dues_start_set(st, v.branch, (struct zmonth){2026, 1}), STORE_OK);
    store_close(st);
    return v;
}

static char *mk_township(const char *name)
{
    char *path = test_db_path(name);
    struct store *st = test_open_db(path, "reviewer");
    CHECK_INT(store_office_set_kind(st, "township"), STORE_OK);
    store_close(st);
    return path;
}

/* Import as the system, confirming the sender's fingerprint as the bundle states it (first use
 * registers the sender: these tests are about the content; test_store_office.c about who). */
static int import(const char *db, const char *bundle, struct exchange_report *r)
{
    struct store *st = test_open_db(db, "system");
    int rc = store_bundle_import(st, bundle, test_bundle_signer(bundle), NULL, r);
    store_close(st);
    return rc;
}

static const struct exchange_table_report *tab(const struct exchange_report *r, const char *t)
{
    for (int i = 0; i < r->ntables; i++)
        if (strcmp(r->t[i].table, t) == 0) return &r->t[i];
    test_fail(__FILE__, __LINE__, "no table %s in the report", t);
    return NULL;
}

static int total(const struct exchange_report *r, int which)
{
    int n = 0;
    for (int i = 0; i < r->ntables; i++) {
        const struct exchange_table_report *t = &r->t[i];
        n += which == 0 ? t->added : which == 1 ? t->updated : which == 2 ? t->kept : t->conflicts;
    }
    return n;
}

/* ---- tests ----------------------------------------------------------------------------- */

TEST(exchange_round_trip_and_again)
{
    struct village v = mk_village("xv1.db", "V1");
    char *town = mk_township("xt1.db");
    char *b1 = test_bundle_export(v.path, v.branch, EXCHANGE_LEDGER, "xb1.zbx");
    at("2026-03-02T08:00:00Z");
    struct exchange_report r;
    CHECK_INT(import(town, b1, &r), STORE_OK);
    CHECK(r.branch_new);
    CHECK_INT(tab(&r, "member")->added, 2);
    CHECK_INT(tab(&r, "meeting")->added, 1);
    CHECK_INT(tab(&r, "dues_allocation")->added, 1);
    CHECK_INT(total(&r, 3), 0);
    CHECK(r.journal_added > 5);
    CHECK_INT(r.journal_added, test_sql_int(v.path, "SELECT count(*) FROM history WHERE branch_id ="
                                                " (SELECT id FROM branch WHERE code = 'V1')"));

    /* every row and every journaled row's JSON (ids aside) as in the village */
    int nv, nt;
    char *tv = ledger_text(v.path, "V1", &nv), *tt = ledger_text(town, "V1", &nt);
    CHECK_INT(nt, nv);
    CHECK_STR(tt, tv);
    free(tv);
    free(tt);
    const char *counts[] = {
        "SELECT count(*) FROM meeting_attendance", "SELECT count(*) FROM dues_allocation",
        "SELECT count(*) FROM member", "SELECT count(*) FROM party_group",
    };
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
        CHECK_INT(test_sql_int(town, counts[i]), test_sql_int(v.path, counts[i]));
    /* references resolved by uuid: the group's leader (written after the group), the host */
    char *lv = test_sql_text(v.path, "SELECT m.uuid FROM party_group g JOIN member m ON m.id = g.leader_id");
    char *lt = test_sql_text(town, "SELECT m.uuid FROM party_group g JOIN member m ON m.id = g.leader_id");
    CHECK_STR(lt, lv);
    free(lv);
    free(lt);
    /* the village's committee is not here: no parent; the allocation's member by trigger */
    CHECK_INT(test_sql_int(town, "SELECT parent_id IS NULL FROM branch WHERE code = 'V1'"), 1);
    CHECK_INT(test_sql_int(town, "SELECT count(*) FROM dues_allocation WHERE member_id IS NULL"), 0);
    /* the dues start came inside the branch row, not through meta */
    char *start = test_sql_text(town, "SELECT dues_start FROM branch WHERE code = 'V1'");
    CHECK_STR(start, "2026-01");
    CHECK_INT(test_sql_int(town, "SELECT count(*) FROM meta WHERE key LIKE 'dues_start:%'"), 0);
    free(start);
    /* the township's journal verifies, the imported chain included */
    struct store *st = test_open_db(town, "system");
    struct verify_result vr;
    CHECK_INT(store_journal_verify(st, 0, &vr), STORE_OK);
    CHECK_INT(vr.nproblems, 0);
    store_close(st);

    /* the same bundle again: nothing changes, no history */
    long long hist = test_sql_int(town, "SELECT count(*) FROM history");
    long long jrn = test_sql_int(town, "SELECT count(*) FROM journal_import");
    at("2026-03-03T08:00:00Z");
    CHECK_INT(import(town, b1, &r), STORE_OK);
    CHECK(!r.branch_new);
    CHECK_INT(total(&r, 0) + total(&r, 1) + total(&r, 2) + total(&r, 3), 0);
    CHECK_INT(tab(&r, "member")->unchanged, 2);
    CHECK_INT(r.journal_added, 0);
    CHECK_INT(test_sql_int(town, "SELECT count(*) FROM history"), hist);
    CHECK_INT(test_sql_int(town, "SELECT count(*) FROM journal_import"), jrn);
    CHECK_INT(test_sql_int(town, "SELECT count(*) FROM bundle_log"), 2);
    free(b1);
    free(town);
    free(v.path);
    unsetenv("ZHIBU_NOW");
}

/* The dues start travels inside the branch row (no pseudo-table of its own): the village moves
 * it earlier and re-exports; the township takes it as an update of the branch, journaled
 * ("import" with the old and new start), writes no meta row, and verifies. */
TEST(exchange_dues_start_in_the_branch_row)
{
    struct village v = mk_village("xs1.db", "V7");
    char *town = mk_township("xs2.db");
    char *b1 = test_bundle_export(v.path, v.branch, EXCHANGE_LEDGER, "xs1.zbx");
    at("2026-03-02T08:00:00Z");
    struct exchange_report r;
    CHECK_INT(import(town, b1, &r), STORE_OK);
    for (int i = 0; i < r.ntables; i++)
        if (strcmp(r.t[i].table, "branch_meta") == 0) test_fail(__FILE__, __LINE__, "branch_meta travels");
    char *start = test_sql_text(town, "SELECT dues_start FROM branch WHERE code = 'V7'");
    CHECK_STR(start, "2026-01");
    free(start);

    at("2026-03-05T08:00:00Z");
    struct store *st = test_open_db(v.path, "secretary1");
    CHECK_INT(store_dues_start_set(st, v.branch, (struct zmonth){2025, 7}), STORE_OK);
    store_close(st);
    char *b2 = test_bundle_export(v.path, v.branch, EXCHANGE_LEDGER, "xs2.zbx");
    at("2026-03-06T08:00:00Z");
    CHECK_INT(import(town, b2, &r), STORE_OK);
    CHECK_INT(tab(&r, "branch")->updated, 1);
    CHECK_INT(total(&r, 1), 1); /* nothing else changed */
    start = test_sql_text(town, "SELECT dues_start FROM branch WHERE code = 'V7'");
    CHECK_STR(start, "2025-07");
    free(start);
    CHECK_INT(test_sql_int(town, "SELECT count(*) FROM meta WHERE key LIKE 'dues_start:%'"), 0);
    CHECK_INT(test_sql_int(town, "SELECT count(*) FROM history WHERE table_name = 'branch'"
                                 " AND action = 'import'"
                                 " AND json_extract(old_json, '$.dues_start') = '2026-01'"
                                 " AND json_extract(new_json, '$.dues_start') = '2025-07'"),
              1);
    CHECK_INT(test_sql_int(town, "SELECT count(*) FROM journal_import WHERE table_name = 'branch'"
                                 " AND json_extract(new_json, '$.dues_start') = '2025-07'"),
              1);
    st = test_open_db(town, "system");
    struct zmonth ym = {0, 0};
    int64_t here = test_sql_int(town, "SELECT id FROM branch WHERE code = 'V7'");
    CHECK_INT(store_dues_start_get(st, here, &ym), STORE_OK);
    CHECK_INT(zmonth_index(ym), dues_ym(2025, 7));
    struct verify_result vr;
    CHECK_INT(store_journal_verify(st, 0, &vr), STORE_OK);
    CHECK_INT(vr.nproblems, 0);
    store_close(st);
    free(b1);
    free(b2);
    free(town);
    free(v.path);
}

/* The village moves its dues start later past a month the township has reviewed (the village
 * has no verdict yet, so nothing stopped it there): the township's import marks that month
 * 审后修改 of the branch, so the review table shows the change. */
TEST(exchange_dues_start_past_a_reviewed_month_marked)
{
    struct village v = mk_village("xs3.db", "V8"); /* start 2026-01, a payment for 2026-02 */
    char *town = mk_township("xs4.db");
    char *b1 = test_bundle_export(v.path, v.branch, EXCHANGE_LEDGER, "xs3.zbx");
    at("2026-03-02T08:00:00Z");
    struct exchange_report r;
    CHECK_INT(import(town, b1, &r), STORE_OK);
    struct store *st = test_open_db(town, "reviewer");
    struct verdict vd = {0};
    vd.branch_id = r.branch_id;
    snprintf(vd.month, sizeof vd.month, "2026-01");
    snprintf(vd.item, sizeof vd.item, "dues");
    snprintf(vd.verdict, sizeof vd.verdict, "fail");
    snprintf(vd.deadline, sizeof vd.deadline, "2026-04-30"); /* 不合格 orders rectification */
    CHECK_INT(store_verdict_set(st, &vd), STORE_OK);
    store_close(st);

    at("2026-03-04T08:00:00Z");
    st = test_open_db(v.path, "secretary1");
    CHECK_INT(store_dues_start_set(st, v.branch, (struct zmonth){2026, 2}), STORE_OK);
    store_close(st);
    char *b2 = test_bundle_export(v.path, v.branch, EXCHANGE_LEDGER, "xs4.zbx");
    at("2026-03-05T08:00:00Z");
    CHECK_INT(import(town, b2, &r), STORE_OK);
    CHECK_INT(tab(&r, "branch")->updated, 1);
    CHECK_INT(r.amends, 1);
    CHECK_INT(test_sql_int(town, "SELECT count(*) FROM amend_request a JOIN branch b ON"
                                 " b.uuid = a.row_uuid WHERE a.table_name = 'branch'"
                                 " AND a.month = '2026-01'"
                                 " AND a.reason LIKE '导入时发现：评审后支部修改了该记录（包 %'"),
              1);
    /* the same bundle again marks nothing more; the township verifies */
    CHECK_INT(import(town, b2, &r), STORE_OK);
    CHECK_INT(r.amends, 0);
    st = test_open_db(town, "system");
    struct verify_result vr;
    CHECK_INT(store_journal_verify(st, 0, &vr), STORE_OK);
    CHECK_INT(vr.nproblems, 0);
    store_close(st);
    free(b1);
    free(b2);
    free(town);
    free(v.path);
}

TEST(exchange_older_after_newer_rolls_nothing_back)
{
    struct village v = mk_village("xv2.db", "V2");
    char *town = mk_township("xt2.db");
    char *old = test_bundle_export(v.path, v.branch, EXCHANGE_LEDGER, "xb2a.zbx");
    at("2026-03-05T08:00:00Z");
    struct store *st = test_open_db(v.path, "secretary1");
    retopic(st, v.meeting, "学习党章（补充）");
    store_close(st);
    char *newer = test_bundle_export(v.path, v.branch, EXCHANGE_LEDGER, "xb2b.zbx");
    at("2026-03-06T08:00:00Z");
    struct exchange_report r;
    CHECK_INT(import(town, newer, &r), STORE_OK);
    long long hist = test_sql_int(town, "SELECT count(*) FROM history");
    CHECK_INT(import(town, old, &r), STORE_OK);
    CHECK_INT(tab(&r, "meeting")->kept, 1);
    CHECK_INT(tab(&r, "meeting")->updated, 0);
    CHECK_INT(total(&r, 1), 0);
    char *topics = test_sql_text(town, "SELECT topics FROM meeting");
    CHECK_STR(topics, "学习党章（补充）");
    free(topics);
    CHECK_INT(test_sql_int(town, "SELECT count(*) FROM history"), hist);

    /* the other way round: the newer one updates, with one history entry "import" */
    char *town2 = mk_township("xt2b.db");
    CHECK_INT(import(town2, old, &r), STORE_OK);
    hist = test_sql_int(town2, "SELECT count(*) FROM history");
    CHECK_INT(import(town2, newer, &r), STORE_OK);
    CHECK_INT(tab(&r, "meeting")->updated, 1);
    CHECK_INT(tab(&r, "member")->unchanged, 2);
    CHECK_INT(test_sql_int(town2, "SELECT count(*) FROM history"), hist + 1);
    CHECK_INT(test_sql_int(town2, "SELECT count(*) FROM history WHERE action = 'import' AND"
                             " table_name = 'meeting' AND old_json IS NOT NULL"),
              1);
    topics = test_sql_text(town2, "SELECT topics FROM meeting");
    CHECK_STR(topics, "学习党章（补充）");
    free(topics);
    CHECK_INT(r.amends, 0); /* no verdict on February here */
    free(old);
    free(newer);
    free(town);
    free(town2);
    free(v.path);
    unsetenv("ZHIBU_NOW");
}

TEST(exchange_verdicts_kept_amend_marked_and_sent_back)
{
    struct village v = mk_village("xv3.db", "V3");
    char *town = mk_township("xt3.db");
    char *b1 = test_bundle_export(v.path, v.branch, EXCHANGE_LEDGER, "xb3a.zbx");
    struct exchange_report r;
    at("2026-03-02T08:00:00Z");
    CHECK_INT(import(town, b1, &r), STORE_OK);
    /* the township reviews February: a verdict and a rectification order */
    struct store *st = test_open_db(town, "reviewer");
    struct verdict vd = {0};
    vd.branch_id = r.branch_id;
    snprintf(vd.month, sizeof vd.month, "2026-02");
    snprintf(vd.item, sizeof vd.item, "meetings");
    snprintf(vd.verdict, sizeof vd.verdict, "rectify");
    snprintf(vd.comment, sizeof vd.comment, "记录不全");
    snprintf(vd.deadline, sizeof vd.deadline, "2026-03-31");
    if (store_verdict_set(st, &vd) != STORE_OK)
        test_fail(__FILE__, __LINE__, "verdict_set: %s", store_errmsg(st));
    store_close(st);

    /* the village changes February's meeting afterwards and sends its ledger again */
    at("2026-03-04T08:00:00Z");
    st = test_open_db(v.path, "secretary1");
    retopic(st, v.meeting, "学习党章，补记讨论");
    store_close(st);
    char *b2 = test_bundle_export(v.path, v.branch, EXCHANGE_LEDGER, "xb3b.zbx");
    at("2026-03-05T08:00:00Z");
    CHECK_INT(import(town, b2, &r), STORE_OK);
    CHECK_INT(tab(&r, "meeting")->updated, 1);
    CHECK_INT(r.amends, 1);
    CHECK_INT(test_sql_int(town, "SELECT count(*) FROM audit_verdict"), 1); /* the township's, kept */
    CHECK_INT(test_sql_int(town, "SELECT count(*) FROM rectification WHERE status = 'open'"), 1);
    CHECK_INT(test_sql_int(town, "SELECT count(*) FROM amend_request a JOIN meeting m ON"
                            " m.uuid = a.row_uuid WHERE a.table_name = 'meeting' AND"
                            " a.month = '2026-02' AND a.reason LIKE '导入时发现：评审后支部修改了该记录（包 %'"),
              1);
    /* the mark points at the change: the import entry comes after history_after */
    CHECK_INT(test_sql_int(town, "SELECT count(*) FROM history h JOIN amend_request a ON"
                            " h.row_uuid = a.row_uuid AND h.id > a.history_after"
                            " WHERE h.action = 'import'"),
              1);
    /* the same bundle again marks nothing more */
    CHECK_INT(import(town, b2, &r), STORE_OK);
    CHECK_INT(r.amends, 0);
    CHECK_INT(test_sql_int(town, "SELECT count(*) FROM amend_request"), 1);

    /* verdicts back to the village: shown there, the village's own rows untouched */
    char *vb = test_bundle_export(town, r.branch_id, EXCHANGE_VERDICTS, "xb3v.zbx");
    long long vhist = test_sql_int(v.path, "SELECT count(*) FROM history");
    char *topics_before = test_sql_text(v.path, "SELECT topics FROM meeting");
    at("2026-03-06T08:00:00Z");
    CHECK_INT(import(v.path, vb, &r), STORE_OK);
    CHECK(!r.branch_new);
    CHECK_INT(tab(&r, "audit_verdict")->added, 1);
    CHECK_INT(tab(&r, "rectification")->added, 1);
    /* audit_verdict, rectification and spot_check (the district's checks, none here) */
    CHECK_INT(tab(&r, "spot_check")->added, 0);
    CHECK_INT(r.ntables, 3);
    CHECK_INT(test_sql_int(v.path, "SELECT count(*) FROM audit_verdict v JOIN branch b ON"
                              " b.id = v.branch_id WHERE b.code = 'V3' AND v.verdict = 'rectify'"),
              1);
    /* two import entries, and the township registered as the branch's reviewing office */
    CHECK_INT(test_sql_int(v.path, "SELECT count(*) FROM history"), vhist + 3);
    CHECK_INT(test_sql_int(v.path, "SELECT count(*) FROM office_peer WHERE role = 'reviewer'"), 1);
    char *topics_after = test_sql_text(v.path, "SELECT topics FROM meeting");
    CHECK_STR(topics_after, topics_before);
    free(topics_before);
    free(topics_after);
    /* the village answers the order; the township takes the newer rectification */
    at("2026-03-07T08:00:00Z");
    st = test_open_db(v.path, "secretary1");
    struct store_rectification_list rx_l = {0};
    struct rectification *rx = NULL;
    int n = 0;
    store_rectification_list_free(&rx_l);
    CHECK_INT(store_rectification_list(st, v.branch, NULL, false, &rx_l), STORE_OK);
    rx = rx_l.v, n = rx_l.n;
    CHECK_INT(n, 1);
    CHECK_INT(store_rectification_done(st, rx[0].id, "已补齐记录"), STORE_OK);
    store_close(st);
    char *b3 = test_bundle_export(v.path, v.branch, EXCHANGE_LEDGER, "xb3c.zbx");
    at("2026-03-08T08:00:00Z");
    CHECK_INT(import(town, b3, &r), STORE_OK);
    CHECK_INT(tab(&r, "rectification")->updated, 1);
    CHECK_INT(test_sql_int(town, "SELECT count(*) FROM rectification WHERE status = 'done'"), 1);
    free(b1);
    free(b2);
    free(b3);
    free(vb);
    free(town);
    free(v.path);
    unsetenv("ZHIBU_NOW");
    store_rectification_list_free(&rx_l);
}

/* import must be refused with msg and leave the file at db as it was, byte for byte */
static void refused(const char *db, const char *bundle, const char *msg)
{
    size_t n0, n1;
    unsigned char *before = test_slurp(db, &n0);
    struct exchange_report r;
    int rc = import(db, bundle, &r);
    CHECK(rc != STORE_OK);
    if (!strstr(r.problem, msg))
        test_fail(__FILE__, __LINE__, "problem \"%s\", expected \"%s\"", r.problem, msg);
    unsigned char *after = test_slurp(db, &n1);
    CHECK_INT(n1, n0);
    CHECK(memcmp(before, after, n0) == 0);
    free(before);
    free(after);
}

TEST(exchange_refusals_leave_the_database_unchanged)
{
    struct village v = mk_village("xv4.db", "V4");
    char *bundle = test_bundle_export(v.path, v.branch, EXCHANGE_LEDGER, "xb4.zbx");
    at("2026-03-02T08:00:00Z");

    /* a township with another branch of the same code */
    char *town = mk_township("xt4.db");
    struct store *st = test_open_db(town, "system");
    fx_branch(st, "V4", "V4党支部", 0);
    store_close(st);
    refused(town, bundle, "本数据库已有组织代码 V4 的另一个支部");

    /* a village's database of another branch */
    struct village w = mk_village("xw4.db", "W4");
    refused(w.path, bundle, "这是村（社区）支部的数据库，只能导入本支部的台账");

    /* verdicts for a branch that is not here */
    char *town2 = mk_township("xt4b.db");
    struct exchange_report r;
    CHECK_INT(import(town2, bundle, &r), STORE_OK);
    char *vb = test_bundle_export(town2, r.branch_id, EXCHANGE_VERDICTS, "xb4v.zbx");
    refused(w.path, vb, "本数据库没有支部 V4，审查结论无处可放");

    /* broken files */
    size_t n;
    unsigned char *bytes = test_slurp(bundle, &n);
    char *bad = test_db_path("xbad.zbx");
    spill(bad, bytes, 0);
    refused(w.path, bad, "文件为空");
    spill(bad, bytes, n / 2);
    refused(w.path, bad, "交换包");
    unsigned char *flip = malloc(n);
    memcpy(flip, bytes, n);
    /* a byte inside the payload blob (its text is found after the manifest) */
    size_t pos = n - 200;
    flip[pos] ^= 0x5a;
    spill(bad, flip, n);
    refused(w.path, bad, "交换包");
    free(flip);
    unlink(bad);
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(bad, &db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, "CREATE TABLE t(a); INSERT INTO t VALUES (1)", NULL, NULL, NULL),
              SQLITE_OK);
    sqlite3_close(db);
    refused(w.path, bad, "不是 zhibu 交换包");
    spill(bad, bytes, n);
    CHECK_INT(sqlite3_open(bad, &db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, "UPDATE manifest SET value = '99' WHERE key = 'schema_version'",
                           NULL, NULL, NULL),
              SQLITE_OK);
    sqlite3_close(db);
    refused(town2, bad, "交换包来自更新版本的 zhibu（数据库版本 99）");
    spill(bad, bytes, n);
    CHECK_INT(sqlite3_open(bad, &db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, "UPDATE payload SET data = substr(data, 1, length(data) - 1)",
                           NULL, NULL, NULL),
              SQLITE_OK);
    sqlite3_close(db);
    refused(town2, bad, "交换包内容与校验值不符（文件被改动或不完整）");

    /* export refuses to overwrite */
    st = test_open_db(v.path, "system");
    CHECK(store_bundle_export(st, v.branch, EXCHANGE_LEDGER, bundle, "test", NULL) != STORE_OK);
    CHECK(strstr(store_errmsg(st), "已存在") != NULL);
    store_close(st);
    size_t n2;
    unsigned char *again = test_slurp(bundle, &n2);
    CHECK_INT(n2, n);
    free(again);

    /* a secretary may not import a ledger */
    st = test_open_db(town2, "system");
    CHECK_INT(store_test_set_session(st, STORE_ROLE_SECRETARY, r.branch_id, "sec"), STORE_OK);
    CHECK_INT(store_bundle_import(st, bundle, NULL, NULL, &r), STORE_ERR_DENIED);
    /* nor export verdicts (the store refuses, not only the screen); a ledger she may */
    CHECK(!store_may_export(st, EXCHANGE_VERDICTS));
    CHECK(store_may_export(st, EXCHANGE_LEDGER));
    void *blob = NULL;
    size_t nblob = 0;
    struct exchange_count counts[EXCHANGE_MAX_TABLES];
    int ncounts = 0;
    CHECK_INT(store_exchange_export(st, r.branch_id, EXCHANGE_VERDICTS, &blob, &nblob, counts,
                                    &ncounts),
              STORE_ERR_DENIED);
    CHECK_STR(store_errmsg(st), "只有审查员或管理员可以导出审查结论");
    CHECK(blob == NULL);
    store_close(st);
    st = test_open_db(town2, "system");
    CHECK_INT(store_test_set_session(st, STORE_ROLE_REVIEWER, 0, "rev"), STORE_OK);
    CHECK_INT(store_exchange_export(st, r.branch_id, EXCHANGE_VERDICTS, &blob, &nblob, counts,
                                    &ncounts),
              STORE_OK);
    free(blob);
    store_close(st);

    free(bytes);
    free(bad);
    free(vb);
    free(bundle);
    free(town);
    free(town2);
    free(v.path);
    free(w.path);
    unsetenv("ZHIBU_NOW");
}

/* ---- chunks ---------------------------------------------------------------------------- */

struct chunks {
    unsigned char **p;
    size_t *n;
    int count, fail_at; /* fail_at: next() fails at this chunk (-1: never) */
    int pos;
    struct exchange_source src;
};

static int chunk_keep(void *ctx, const void *data, size_t n)
{
    struct chunks *c = ctx;
    c->p = realloc(c->p, (size_t)(c->count + 1) * sizeof *c->p);
    c->n = realloc(c->n, (size_t)(c->count + 1) * sizeof *c->n);
    c->p[c->count] = malloc(n ? n : 1);
    memcpy(c->p[c->count], data, n);
    c->n[c->count++] = n;
    return STORE_OK;
}

static int chunk_rewind(void *ctx)
{
    ((struct chunks *)ctx)->pos = 0;
    return STORE_OK;
}

static int chunk_next(void *ctx, const void **data, size_t *n)
{
    struct chunks *c = ctx;
    if (c->pos == c->fail_at) {
        c->src.err = "测试：第三块读不到";
        return -1;
    }
    if (c->pos >= c->count) return 0;
    *data = c->p[c->pos];
    *n = c->n[c->pos++];
    return 1;
}

static void chunks_free(struct chunks *c)
{
    for (int i = 0; i < c->count; i++) free(c->p[i]);
    free(c->p);
    free(c->n);
}

/* Exported one row per chunk (party_group's leader refers to a member of a later chunk) and
 * applied chunk by chunk: the same rows, JSON and report as the one-changeset import. A chunk
 * that cannot be read fails the import with nothing written. */
TEST(exchange_one_row_per_chunk_imports_like_one_changeset)
{
    struct village v = mk_village("xv6.db", "V6");
    char *t1 = mk_township("xt6a.db"), *t2 = mk_township("xt6b.db"), *t3 = mk_township("xt6c.db");
    struct store *st = test_open_db(v.path, "system");
    struct chunks c = {.fail_at = -1}, cb = {.fail_at = -1};
    struct exchange_count counts[EXCHANGE_MAX_TABLES];
    int ncounts = 0, rows = 0;
    CHECK_INT(store_exchange_export_chunks(st, v.branch, EXCHANGE_LEDGER, 1, 0, chunk_keep, &c,
                                           counts, &ncounts),
              STORE_OK);
    for (int i = 0; i < ncounts; i++) rows += counts[i].rows;
    CHECK(rows > 10);
    CHECK_INT(c.count, rows);
    /* by size: a limit of one byte is one row per chunk too */
    CHECK_INT(store_exchange_export_chunks(st, v.branch, EXCHANGE_LEDGER, 0, 1, chunk_keep, &cb,
                                           NULL, NULL),
              STORE_OK);
    CHECK_INT(cb.count, rows);
    chunks_free(&cb);
    void *blob = NULL;
    size_t nblob = 0;
    CHECK_INT(store_exchange_export(st, v.branch, EXCHANGE_LEDGER, &blob, &nblob, NULL, NULL),
              STORE_OK);
    store_close(st);
    char *uuid = test_sql_text(v.path, "SELECT uuid FROM branch WHERE code = 'V6'");
    char *office = test_sql_text(v.path, "SELECT value FROM meta WHERE key = 'office_uuid'");

    at("2026-03-02T08:00:00Z");
    struct exchange_report r1, r2, r3;
    c.src = (struct exchange_source){.ctx = &c, .rewind = chunk_rewind, .next = chunk_next};
    st = test_open_db(t1, "system");
    CHECK_INT(store_exchange_import_chunks(st, &c.src, EXCHANGE_LEDGER, uuid, "V6", office,
                                           "2026-03-01T09:00:00Z", &r1),
              STORE_OK);
    store_close(st);
    st = test_open_db(t2, "system");
    CHECK_INT(store_exchange_import(st, blob, nblob, EXCHANGE_LEDGER, uuid, "V6", office,
                                    "2026-03-01T09:00:00Z", &r2),
              STORE_OK);
    store_close(st);
    CHECK(r1.branch_new);
    CHECK_INT(r1.ntables, r2.ntables);
    CHECK(memcmp(r1.t, r2.t, sizeof r1.t) == 0);
    CHECK_INT(r1.journal_added, r2.journal_added);
    CHECK_INT(tab(&r1, "member")->added, 2);
    CHECK_INT(total(&r1, 3), 0);
    int nv, n1, n2;
    char *tv = ledger_text(v.path, "V6", &nv), *a = ledger_text(t1, "V6", &n1),
         *b = ledger_text(t2, "V6", &n2);
    CHECK_INT(n1, nv);
    CHECK_STR(a, tv);
    CHECK_STR(b, tv);
    char *lv = test_sql_text(v.path, "SELECT m.uuid FROM party_group g JOIN member m ON m.id = g.leader_id");
    char *lt = test_sql_text(t1, "SELECT m.uuid FROM party_group g JOIN member m ON m.id = g.leader_id");
    CHECK_STR(lt, lv);

    /* the third chunk cannot be read: refused, the township's file unchanged */
    size_t s0, s1;
    unsigned char *before = test_slurp(t3, &s0);
    c.fail_at = 2;
    st = test_open_db(t3, "system");
    CHECK(store_exchange_import_chunks(st, &c.src, EXCHANGE_LEDGER, uuid, "V6", office,
                                       "2026-03-01T09:00:00Z", &r3) != STORE_OK);
    store_close(st);
    CHECK_STR(r3.problem, "测试：第三块读不到");
    unsigned char *after = test_slurp(t3, &s1);
    CHECK_INT(s1, s0);
    CHECK(memcmp(before, after, s0) == 0);

    free(before);
    free(after);
    free(lv);
    free(lt);
    free(tv);
    free(a);
    free(b);
    free(uuid);
    free(office);
    free(blob);
    chunks_free(&c);
    free(t1);
    free(t2);
    free(t3);
    free(v.path);
    unsetenv("ZHIBU_NOW");
}

/* The export writes each chunk as a changeset of inserts (no stage, no session): one group per
 * table, in the order of the tables, with uuid as its only primary key column, and each table's
 * rows in the origin's order (xid, the id there, ascending; the session gave them in its hash
 * order). The import takes it as before. */
TEST(exchange_changeset_rows_in_the_origins_order)
{
    struct village v = mk_village("xv8.db", "V8");
    struct store *st = test_open_db(v.path, "system");
    void *blob = NULL;
    size_t nblob = 0;
    CHECK_INT(store_exchange_export(st, v.branch, EXCHANGE_LEDGER, &blob, &nblob, NULL, NULL),
              STORE_OK);
    store_close(st);
    sqlite3_changeset_iter *it = NULL;
    CHECK_INT(sqlite3changeset_start(&it, (int)nblob, blob), SQLITE_OK);
    char last_table[64] = "", seen[2048] = "|";
    long long last_xid = 0;
    int rows = 0, groups = 0, unordered = 0;
    while (sqlite3changeset_next(it) == SQLITE_ROW) {
        const char *tname;
        int ncol, op, indirect;
        CHECK_INT(sqlite3changeset_op(it, &tname, &ncol, &op, &indirect), SQLITE_OK);
        CHECK_INT(op, SQLITE_INSERT);
        CHECK_INT(indirect, 0);
        unsigned char *pk = NULL;
        int npk = 0;
        CHECK_INT(sqlite3changeset_pk(it, &pk, &npk), SQLITE_OK);
        CHECK_INT(npk, ncol);
        for (int c = 0; c < npk; c++) CHECK_INT(pk[c], c == 0);
        sqlite3_value *xid = NULL;
        CHECK_INT(sqlite3changeset_new(it, 1, &xid), SQLITE_OK);
        long long id = xid && sqlite3_value_type(xid) == SQLITE_INTEGER ? sqlite3_value_int64(xid) : 0;
        if (strcmp(tname, last_table) != 0) {
            char key[80];
            snprintf(key, sizeof key, "|%s|", tname);
            CHECK(strstr(seen, key) == NULL); /* one group per table */
            if (strlen(seen) + strlen(tname) + 2 < sizeof seen) {
                strcat(seen, tname);
                strcat(seen, "|");
            }
            snprintf(last_table, sizeof last_table, "%s", tname);
            groups++;
        } else if (id <= last_xid) {
            unordered++;
        }
        last_xid = id;
        rows++;
    }
    CHECK_INT(sqlite3changeset_finalize(it), SQLITE_OK);
    CHECK(rows > 10);
    CHECK(groups > 5);
    CHECK_INT(unordered, 0);

    at("2026-03-02T08:00:00Z");
    char *town = mk_township("xt8.db");
    st = test_open_db(town, "system");
    char *uuid = test_sql_text(v.path, "SELECT uuid FROM branch WHERE code = 'V8'");
    char *office = test_sql_text(v.path, "SELECT value FROM meta WHERE key = 'office_uuid'");
    struct exchange_report r;
    CHECK_INT(store_exchange_import(st, blob, nblob, EXCHANGE_LEDGER, uuid, "V8", office,
                                    "2026-03-01T09:00:00Z", &r),
              STORE_OK);
    store_close(st);
    CHECK(r.branch_new);
    int nv, nt;
    char *tv = ledger_text(v.path, "V8", &nv), *tt = ledger_text(town, "V8", &nt);
    CHECK_INT(nt, nv);
    CHECK_STR(tt, tv);
    free(tv);
    free(tt);
    free(uuid);
    free(office);
    free(blob);
    free(town);
    free(v.path);
    unsetenv("ZHIBU_NOW");
}

/* A bundle over EXCHANGE_CHUNK_BYTES: several payload rows (id 1, 2 ...), payload_sha256 the
 * SHA-256 of them concatenated in id order; imported whole; a changed, missing or reordered
 * chunk is refused with the database unchanged. */
TEST(exchange_bundle_in_several_chunks)
{
    struct village v = mk_village("xv7.db", "V7");
    struct store *st = test_open_db(v.path, "system");
    /* 12 meetings with minutes of 20,000 characters (the form's limit; 60 KB each, twice with
     * the journal): about 1.4 MB */
    size_t len = 19998 * 3; /* 19,997 characters 议 and 3 of a prefix below */
    char *big = malloc(len + 1);
    for (size_t i = 0; i < len; i += 3) memcpy(big + i, "议", 3);
    big[len] = '\0';
    for (int i = 0; i < 12; i++) {
        char date[32];
        snprintf(date, sizeof date, "2026-01-%02d", (i + 2) % 100);
        big[0] = (char)('a' + i); /* each its own text */
        big[1] = big[2] = 'x';
        mk_meeting_minutes(st, v.branch, date, v.m1, "学习", big);
    }
    free(big);
    store_close(st);
    char *bundle = test_bundle_export(v.path, v.branch, EXCHANGE_LEDGER, "xb7.zbx");
    long long chunks = test_sql_int(bundle, "SELECT count(*) FROM payload");
    CHECK(chunks >= 2);
    CHECK_INT(test_sql_int(bundle, "SELECT min(id) = 1 AND max(id) = count(*) FROM payload"), 1);
    CHECK(test_sql_int(bundle, "SELECT max(length(data)) FROM payload") < 2 * EXCHANGE_CHUNK_BYTES);
    char *hex = test_sql_text(bundle, "SELECT value FROM manifest WHERE key = 'payload_sha256'");
    char *cat = test_sql_text(bundle, "SELECT hex(group_concat(data, x'')) FROM"
                                 " (SELECT data FROM payload ORDER BY id)");
    /* the SHA-256 of the concatenation, through the CLI-independent check */
    struct bundle_manifest m;
    char err[256];
    void *payload = NULL;
    size_t np = 0;
    CHECK_INT(store_bundle_check(bundle, &m, &payload, &np, err, sizeof err), 0);
    CHECK_STR(m.payload_sha256, hex);
    CHECK_INT((long long)np * 2, (long long)strlen(cat));
    free(payload);
    free(cat);
    free(hex);

    at("2026-03-02T08:00:00Z");
    char *town = mk_township("xt7.db");
    char *bad = test_db_path("xbad7.zbx");
    size_t n;
    unsigned char *bytes = test_slurp(bundle, &n);
    const char *edits[] = {
        "UPDATE payload SET data = zeroblob(length(data)) WHERE id = 2",
        "DELETE FROM payload WHERE id = (SELECT max(id) FROM payload)",
        "UPDATE payload SET id = -id; UPDATE payload SET id = (SELECT count(*) FROM payload) + 1"
        " + id",
    };
    for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
        spill(bad, bytes, n);
        sqlite3 *db = NULL;
        CHECK_INT(sqlite3_open(bad, &db), SQLITE_OK);
        CHECK_INT(sqlite3_exec(db, edits[i], NULL, NULL, NULL), SQLITE_OK);
        sqlite3_close(db);
        refused(town, bad, "交换包内容与校验值不符（文件被改动或不完整）");
    }
    struct exchange_report r;
    CHECK_INT(import(town, bundle, &r), STORE_OK);
    CHECK_INT(tab(&r, "meeting")->added, 13);
    int nv, nt;
    char *tv = ledger_text(v.path, "V7", &nv), *tt = ledger_text(town, "V7", &nt);
    CHECK_INT(nt, nv);
    CHECK_STR(tt, tv);
    free(tv);
    free(tt);
    free(bytes);
    free(bad);
    free(bundle);
    free(town);
    free(v.path);
    unsetenv("ZHIBU_NOW");
}
