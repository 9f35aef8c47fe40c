/* test_group_dates.c — party groups have a start and an end (issue 14): the rules
 * (group_dates_check, group_meets_in_month), the audit requiring a group's meetings only in the
 * months it stood and had members, the store keeping, checking and journaling the dates, the
 * months each group must meet (store_group_meets_by_month), and a ledger from schema 8 upgraded:
 * the migration's start dates and a journal that still verifies. */
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "test.h"
#include "zhibu/rules.h"
#include "zhibu/audit.h"
#include "zhibu/audit_report.h"
#include "zhibu/branch_rules.h"
#include "zhibu/store.h"
#include "zhibu/store_audit.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_meeting.h"
#include "zhibu/util.h"

static char MSG[ZB_MSG_MAX]; /* the checks' sentences */

#define D(y, m, d) ((struct zdate){(y), (m), (d)})

/* ---- the rules --------------------------------------------------------------------------- */

TEST(group_dates_check_refuses_bad_dates)
{
    struct zdate today = D(2026, 11, 21);
    int field = -1;
    CHECK(group_dates_check("2020-03-01", "", today, &field, MSG, sizeof MSG) == NULL);
    CHECK_INT(field, 0);
    CHECK(group_dates_check("2020-03-01", "2026-11-21", today, NULL, MSG, sizeof MSG) == NULL);
    /* impossible dates, named by the date they are in */
    CHECK_STR(group_dates_check("2026-02-30", "", today, &field, MSG, sizeof MSG), "成立日期：2026年2月没有30日");
    CHECK_INT(field, 1);
    CHECK_STR(group_dates_check("2026-13-01", "", today, &field, MSG, sizeof MSG), "成立日期：没有13月：月份应为 01 到 12");
    CHECK_STR(group_dates_check("20260301", "", today, &field, MSG, sizeof MSG),
              "成立日期：日期格式应为 YYYY-MM-DD（如 2026-03-05）");
    CHECK_STR(group_dates_check("", "", today, &field, MSG, sizeof MSG), "请填写成立日期");
    CHECK_INT(field, 1);
    CHECK_STR(group_dates_check("2020-03-01", "2025-02-29", today, &field, MSG, sizeof MSG), "撤销日期：2025年2月没有29日");
    CHECK_INT(field, 2);
    /* end before start, or on it */
    CHECK_STR(group_dates_check("2024-05-01", "2024-04-30", today, &field, MSG, sizeof MSG), "撤销日期应晚于成立日期");
    CHECK_INT(field, 2);
    CHECK_STR(group_dates_check("2024-05-01", "2024-05-01", today, &field, MSG, sizeof MSG), "撤销日期应晚于成立日期");
    /* not after today */
    CHECK_STR(group_dates_check("2026-11-22", "", today, &field, MSG, sizeof MSG), "成立日期不能晚于今天");
    CHECK_INT(field, 1);
    CHECK_STR(group_dates_check("2024-05-01", "2026-12-01", today, &field, MSG, sizeof MSG), "撤销日期不能晚于今天");
    CHECK_INT(field, 2);
}

TEST(group_meets_in_month_whole_months_with_members)
{
    /* set up on the 1st: that month counts; after the 1st: from the next month */
    CHECK(group_meets_in_month("2025-03-01", "", 3, 2025, 3));
    CHECK(!group_meets_in_month("2025-03-02", "", 3, 2025, 3));
    CHECK(group_meets_in_month("2025-03-02", "", 3, 2025, 4));
    CHECK(!group_meets_in_month("2026-11-21", "", 3, 2025, 12)); /* made today: not last December */
    /* ended during the month (or on its last day): not that month; ended on the 1st after: yes */
    CHECK(!group_meets_in_month("2020-01-01", "2025-06-30", 3, 2025, 6));
    CHECK(!group_meets_in_month("2020-01-01", "2025-06-15", 3, 2025, 6));
    CHECK(group_meets_in_month("2020-01-01", "2025-07-01", 3, 2025, 6));
    CHECK(!group_meets_in_month("2020-01-01", "2025-07-01", 3, 2025, 7));
    /* no members at the month's end: nothing to meet about */
    CHECK(!group_meets_in_month("2020-01-01", "", 0, 2025, 6));
    /* no start kept (before schema 9): as before, every month */
    CHECK(group_meets_in_month("", "", 1, 2019, 1));
    CHECK(!group_meets_in_month("", "", 1, 2019, 13));
}

/* ---- the audit (core) -------------------------------------------------------------------- */

struct afx {
    struct audit_meeting meetings[8];
    struct audit_group groups[2];
    struct audit_member members[3];
    struct audit_input in;
    struct audit_rules rules;
    struct audit_result r;
};

/* December 2025 judged on 2026-11-21: committee, theme day, general meeting and lecture held,
 * three members; groups as the test sets them. */
static void afx_init(struct afx *f)
{
    memset(f, 0, sizeof *f);
    { struct rules R; rules_from_config(NULL, &R); f->rules = R.audit; }
    static const enum meeting_kind kinds[] = {MK_COMMITTEE, MK_THEME_DAY, MK_GENERAL, MK_LECTURE};
    for (int i = 0; i < 4; i++) {
        f->meetings[i].id = i + 1;
        f->meetings[i].f = (struct meeting_fact){.date = D(2025, 12, 10 + i), .kind = kinds[i]};
        snprintf(f->meetings[i].created_at, sizeof f->meetings[i].created_at, "2025-12-1%uT10:00:00Z", (unsigned)i % 10u);
    }
    for (int i = 0; i < 3; i++)
        f->members[i] = (struct audit_member){.id = 10 + i, .name = "党员", .join_date = "2010-01-01",
                                              .leave_date = "", .mobile_since = "", .last_contact = "",
                                              .talks = 1};
    /* dues: farmers, no base kept before the window — the dues item is not under test */
    f->in = (struct audit_input){.branch_id = 1, .year = 2025, .month = 12, .today = D(2026, 11, 21),
                                 .since = D(2020, 1, 1), .meetings = f->meetings, .nmeetings = 4,
                                 .groups = f->groups, .members = f->members, .nmembers = 3};
}

static bool has_reason(const struct audit_result *r, const char *text)
{
    for (int i = 0; i < r->nreasons; i++)
        if (strcmp(r->reasons[i].text, text) == 0) return true;
    return false;
}

TEST(audit_group_required_only_while_it_stood_with_members)
{
    struct afx f;
    afx_init(&f);
    f.groups[0] = (struct audit_group){7, "第一党小组", "2020-01-01", "", 2};
    f.in.ngroups = 1;
    audit_branch(&f.in, &f.rules, &f.r);
    CHECK_INT(f.r.state[AI_MEETINGS], AS_FAIL);
    CHECK(has_reason(&f.r, "第一党小组12月未召开党小组会"));
    audit_result_free(&f.r);

    /* the same group set up today (2026-11-21) is not required in December 2025 */
    f.groups[0].start_date = "2026-11-21";
    audit_branch(&f.in, &f.rules, &f.r);
    CHECK_INT(f.r.state[AI_MEETINGS], AS_PASS);
    CHECK(!has_reason(&f.r, "第一党小组12月未召开党小组会"));
    audit_result_free(&f.r);

    /* one without members is not either; one that ended on December 20 neither */
    f.groups[0].start_date = "2020-01-01";
    f.groups[0].members = 0;
    audit_branch(&f.in, &f.rules, &f.r);
    CHECK_INT(f.r.state[AI_MEETINGS], AS_PASS);
    audit_result_free(&f.r);
    f.groups[0].members = 2;
    f.groups[0].end_date = "2025-12-20";
    audit_branch(&f.in, &f.rules, &f.r);
    CHECK_INT(f.r.state[AI_MEETINGS], AS_PASS);
    audit_result_free(&f.r);

    /* two groups, only the one that stood is named */
    f.groups[0].end_date = "";
    f.groups[1] = (struct audit_group){8, "第二党小组", "2025-12-05", "", 4};
    f.in.ngroups = 2;
    audit_branch(&f.in, &f.rules, &f.r);
    CHECK(has_reason(&f.r, "第一党小组12月未召开党小组会"));
    CHECK(!has_reason(&f.r, "第二党小组12月未召开党小组会"));
    audit_result_free(&f.r);
}

/* ---- the store --------------------------------------------------------------------------- */

static int64_t mk_member(struct store *st, int64_t branch_id, int64_t group_id, const char *name,
                         const char *join, const char *leave)
{
    return fx_member(st, &(struct fx_member){.branch = branch_id, .group = group_id, .name = name,
                                             .join = join, .full = join, .leave_date = leave}, NULL);
}

static int64_t mk_group(struct store *st, int64_t branch_id, const char *name, const char *start)
{
    struct group g = {.branch_id = branch_id};
    snprintf(g.name, sizeof g.name, "%s", name);
    snprintf(g.start_date, sizeof g.start_date, "%s", start);
    if (store_group_add(st, &g) != STORE_OK) test_fail(__FILE__, __LINE__, "group_add: %s", store_errmsg(st));
    return g.id;
}

static int64_t mk_group_meeting(struct store *st, int64_t branch_id, int64_t group_id, const char *date)
{
    struct meeting m = {0};
    m.branch_id = branch_id;
    m.group_id = group_id;
    snprintf(m.kind, sizeof m.kind, "group");
    snprintf(m.date, sizeof m.date, "%s", date);
    m.topics = strdup("学习");
    m.minutes = strdup("");
    if (store_meeting_add(st, &m) != STORE_OK) test_fail(__FILE__, __LINE__, "meeting_add: %s", store_errmsg(st));
    int64_t id = m.id;
    meeting_free(&m);
    return id;
}

TEST(store_group_dates_kept_checked_and_journaled)
{
    setenv("ZHIBU_TODAY", "2026-11-21", 1);
    char *p = test_db_path("g.db");
    struct store *st = test_open_db(p, "书记甲");
    if (!st) {
        free(p);
        return;
    }
    int64_t b = fx_branch(st, "G1", "G1党支部", 0);
    /* no start given: today */
    struct group g = {.branch_id = b};
    snprintf(g.name, sizeof g.name, "第一党小组");
    CHECK_INT(store_group_add(st, &g), STORE_OK);
    struct group got;
    CHECK_INT(store_group_get(st, g.id, &got), STORE_OK);
    CHECK_STR(got.start_date, "2026-11-21");
    CHECK_STR(got.end_date, "");
    /* bad dates refused with the rule's sentence, nothing written */
    struct group bad = {.branch_id = b};
    snprintf(bad.name, sizeof bad.name, "第二党小组");
    snprintf(bad.start_date, sizeof bad.start_date, "2026-02-30");
    CHECK_INT(store_group_add(st, &bad), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "成立日期：2026年2月没有30日");
    snprintf(bad.start_date, sizeof bad.start_date, "2024-05-01");
    snprintf(bad.end_date, sizeof bad.end_date, "2024-04-01");
    CHECK_INT(store_group_add(st, &bad), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "撤销日期应晚于成立日期");
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM party_group"), 1);
    /* the dates changed: kept, in the journal */
    got.start_date[0] = '\0'; /* "" keeps the stored start */
    snprintf(got.end_date, sizeof got.end_date, "2026-11-22");
    CHECK_INT(store_group_update(st, &got), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "撤销日期不能晚于今天");
    snprintf(got.start_date, sizeof got.start_date, "2019-06-01");
    snprintf(got.end_date, sizeof got.end_date, "2026-10-01");
    CHECK_INT(store_group_update(st, &got), STORE_OK);
    CHECK_INT(store_group_get(st, g.id, &got), STORE_OK);
    CHECK_STR(got.start_date, "2019-06-01");
    CHECK_STR(got.end_date, "2026-10-01");
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history WHERE table_name = 'party_group'"
                              " AND json_extract(new_json, '$.start_date') = '2019-06-01'"
                              " AND json_extract(new_json, '$.end_date') = '2026-10-01'"),
              1);
    struct verify_result r;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    store_close(st);
    free(p);
}

struct seen {
    int ngroups;
    struct audit_group g[4];
    char start[4][11], end[4][11];
    struct audit_result r;
    struct audit_rules rules;
};

static int see(const struct audit_input *in, const struct branch *b, void *ctx)
{
    (void)b;
    struct seen *s = ctx;
    s->ngroups = in->ngroups;
    for (int i = 0; i < in->ngroups && i < 4; i++) {
        s->g[i] = in->groups[i];
        snprintf(s->start[i], sizeof s->start[i], "%s", in->groups[i].start_date);
        snprintf(s->end[i], sizeof s->end[i], "%s", in->groups[i].end_date);
    }
    audit_branch(in, &s->rules, &s->r);
    return 1;
}

static bool result_has(const struct audit_result *r, const char *text)
{
    for (int i = 0; i < r->nreasons; i++)
        if (strcmp(r->reasons[i].text, text) == 0) return true;
    return false;
}

TEST(store_audit_groups_by_their_dates_and_members)
{
    setenv("ZHIBU_TODAY", "2026-11-21", 1);
    char *p = test_db_path("a.db");
    struct store *st = test_open_db(p, "书记甲");
    if (!st) {
        free(p);
        return;
    }
    int64_t b = fx_branch(st, "G2", "G2党支部", 0);
    int64_t old = mk_group(st, b, "第一党小组", "2020-01-01");
    int64_t fresh = mk_group(st, b, "第二党小组", "");           /* made today */
    int64_t empty = mk_group(st, b, "第三党小组", "2020-01-01"); /* nobody in it */
    mk_member(st, b, old, "甲", "2010-01-01", "");
    mk_member(st, b, fresh, "乙", "2010-01-01", "");
    mk_member(st, b, empty, "丙", "2010-01-01", "2025-11-10");   /* left before December */
    mk_group_meeting(st, b, old, "2020-01-15"); /* the ledger goes back to 2020 */
    struct seen s = {0};
    { struct rules R; rules_from_config(NULL, &R); s.rules = R.audit; }
    CHECK_INT(store_audit_each(st, b, (struct zmonth){2025, 12}, D(2026, 11, 21), see, &s), STORE_OK);
    CHECK_INT(s.ngroups, 3);
    CHECK_STR(s.start[1], "2026-11-21");
    CHECK_INT(s.g[0].members, 1);
    CHECK_INT(s.g[1].members, 1);
    CHECK_INT(s.g[2].members, 0);
    CHECK(result_has(&s.r, "第一党小组12月未召开党小组会"));
    CHECK(!result_has(&s.r, "第二党小组12月未召开党小组会"));
    CHECK(!result_has(&s.r, "第三党小组12月未召开党小组会"));
    audit_result_free(&s.r);
    /* in October the third still had its member */
    memset(&s.r, 0, sizeof s.r);
    CHECK_INT(store_audit_each(st, b, (struct zmonth){2025, 10}, D(2026, 11, 21), see, &s), STORE_OK);
    CHECK_INT(s.g[2].members, 1);
    CHECK(result_has(&s.r, "第三党小组10月未召开党小组会"));
    audit_result_free(&s.r);

    /* the months each must meet in 2025 and 2026 */
    int months[12];
    CHECK_INT(store_group_meets_by_month(st, b, 2025, months), STORE_OK);
    CHECK_INT(months[0], 2);   /* first and third */
    CHECK_INT(months[9], 2);   /* October: the third's member left in November */
    CHECK_INT(months[10], 1);
    CHECK_INT(months[11], 1);
    CHECK_INT(store_group_meets_by_month(st, b, 2026, months), STORE_OK);
    CHECK_INT(months[10], 1);  /* the second, made 2026-11-21, from December */
    CHECK_INT(months[11], 2);
    CHECK_INT(store_group_meets_by_month(st, b, 1800, months), STORE_ERR_CONSTRAINT);
    store_close(st);
    free(p);
}

/* ---- a ledger from schema 8 -------------------------------------------------------------- */

static void hash_field(crypto_hash_sha256_state *h, const unsigned char *v, int n)
{
    if (!v) {
        crypto_hash_sha256_update(h, (const unsigned char *)"-:", 2);
        return;
    }
    char len[24];
    int k = snprintf(len, sizeof len, "%d:", n);
    crypto_hash_sha256_update(h, (const unsigned char *)len, (unsigned long long)k);
    crypto_hash_sha256_update(h, v, (unsigned long long)n);
}

/* Every journal hash recomputed as src/store/journal.c computes it (as test_store_dues.c's
 * rechain): what a schema-8 zhibu wrote once its JSON is what that version wrote. */
static void rechain(const char *path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL, *u = NULL;
    if (sodium_init() < 0 || sqlite3_open(path, &db) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "SELECT id, uuid, table_name, row_uuid, action, changed_at, changed_by,"
                           " old_json, new_json, branch_id FROM history ORDER BY id",
                           -1, &s, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "UPDATE history SET prev_hash = ?2, hash = ?3 WHERE id = ?1", -1,
                           &u, NULL) != SQLITE_OK) {
        test_fail(__FILE__, __LINE__, "rechain: %s", db ? sqlite3_errmsg(db) : "open");
        sqlite3_finalize(s);
        sqlite3_close(db);
        return;
    }
    struct { int64_t branch; char hash[65]; } last[16];
    int nlast = 0;
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    while (sqlite3_step(s) == SQLITE_ROW) {
        int64_t branch = sqlite3_column_int64(s, 9);
        int c = 0;
        while (c < nlast && last[c].branch != branch) c++;
        if (c == nlast && nlast < 16) {
            last[nlast].branch = branch;
            last[nlast++].hash[0] = '\0';
        }
        if (c >= 16) {
            test_fail(__FILE__, __LINE__, "rechain: too many chains");
            break;
        }
        char prev[65], t[24];
        snprintf(prev, sizeof prev, "%s", last[c].hash);
        crypto_hash_sha256_state h;
        unsigned char d[crypto_hash_sha256_BYTES];
        crypto_hash_sha256_init(&h);
        crypto_hash_sha256_update(&h, (const unsigned char *)"zhibu-journal-1", 15);
        hash_field(&h, (const unsigned char *)prev, (int)strlen(prev));
        int k = snprintf(t, sizeof t, "%lld", (long long)sqlite3_column_int64(s, 0));
        hash_field(&h, (const unsigned char *)t, k);
        for (int col = 1; col <= 8; col++) {
            const unsigned char *v = sqlite3_column_type(s, col) == SQLITE_NULL
                                         ? NULL : sqlite3_column_text(s, col);
            hash_field(&h, v, v ? sqlite3_column_bytes(s, col) : 0);
        }
        k = snprintf(t, sizeof t, "%lld", (long long)branch);
        hash_field(&h, (const unsigned char *)t, k);
        crypto_hash_sha256_final(&h, d);
        sodium_bin2hex(last[c].hash, sizeof last[c].hash, d, sizeof d);
        sqlite3_reset(u);
        sqlite3_bind_int64(u, 1, sqlite3_column_int64(s, 0));
        sqlite3_bind_text(u, 2, prev, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(u, 3, last[c].hash, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(u) != SQLITE_DONE) test_fail(__FILE__, __LINE__, "rechain: %s", sqlite3_errmsg(db));
    }
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    sqlite3_finalize(s);
    sqlite3_finalize(u);
    sqlite3_close(db);
}

/* Groups journaled by schema 8 (no dates): after the upgrade a group that met before it was
 * entered starts on its first meeting, one that never met on the day it was entered; each gets
 * one baseline entry and the journal verifies. */
TEST(store_group_dates_upgrade_from_v8)
{
    setenv("ZHIBU_TODAY", "2026-11-21", 1);
    char *p = test_db_path("v8.db");
    struct store *st = test_open_db(p, "书记甲");
    if (!st) {
        free(p);
        return;
    }
    int64_t b = fx_branch(st, "G3", "G3党支部", 0);
    int64_t met = mk_group(st, b, "第一党小组", "");
    int64_t never = mk_group(st, b, "第二党小组", "");
    mk_group_meeting(st, b, met, "2024-03-12");
    int64_t voided = mk_group_meeting(st, b, met, "2023-01-05");
    CHECK_INT(store_meeting_void(st, voided, "录错了"), STORE_OK);
    store_close(st);
    long long before = test_sql_int(p, "SELECT count(*) FROM history");
    test_sql(p, DOWNGRADE_V8_SQL
             " UPDATE history SET old_json = json_remove(old_json, '$.start_date', '$.end_date'),"
             " new_json = json_remove(new_json, '$.start_date', '$.end_date')"
             " WHERE table_name = 'party_group';"
             " UPDATE party_group SET created_at = '2025-06-30T08:00:00Z';"
             " PRAGMA user_version = 8;");
    rechain(p);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history WHERE new_json LIKE '%start_date%'"), 0);

    st = test_open_db(p, "书记甲");
    if (!st) {
        free(p);
        return;
    }
    CHECK_INT(store_schema_version(st), STORE_SCHEMA_VERSION);
    struct group g;
    CHECK_INT(store_group_get(st, met, &g), STORE_OK);
    CHECK_STR(g.start_date, "2024-03-12"); /* its first (not voided) meeting */
    CHECK_STR(g.end_date, "");
    CHECK_INT(store_group_get(st, never, &g), STORE_OK);
    CHECK_STR(g.start_date, "2025-06-30"); /* the day it was entered */
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history"), before + 2);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM history WHERE action = 'baseline'"
                              " AND table_name = 'party_group'"), 2);
    struct verify_result r;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    store_close(st);
    free(p);
}

/* Two checks in a row keep their own sentences (each in its caller's buffer). */
TEST(group_dates_check_two_calls_keep_their_messages)
{
    struct zdate today = D(2026, 11, 21);
    char b1[ZB_MSG_MAX], b2[ZB_MSG_MAX];
    const char *m1 = group_dates_check("2026-02-30", "", today, NULL, b1, sizeof b1);
    const char *m2 = group_dates_check("2020-03-01", "2025-02-29", today, NULL, b2, sizeof b2);
    CHECK_STR(m1, "成立日期：2026年2月没有30日");
    CHECK_STR(m2, "撤销日期：2025年2月没有29日");
}
