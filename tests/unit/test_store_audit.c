/* Unit tests of src/store/audit_db.c: schema 5 and the upgrade from 4 (with the allocations'
 * member filled in), the month's facts of every leaf branch (which branches, which members,
 * meetings of the year to month end, voided ones left out, groups as they stood, the dues
 * window, the branch's start, holdings current in the month with their last report, the
 * excused, mobile members' last contact), one branch, verdicts with history, rectification
 * orders and their states and refusals, and handing a month in once. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "test.h"
#include "zhibu/clock.h"
#include "zhibu/dues.h"
#include "zhibu/store.h"
#include "zhibu/store_audit.h"
#include "zhibu/store_dues.h"
#include "zhibu/store_lifecycle.h"
#include "zhibu/store_meeting.h"
#include "zhibu/store_posts.h"

/* ---- helpers --------------------------------------------------------------------------- */

static struct store *open_db(const char *path)
{
    return test_open_db(path, "审核员丙");
}

static struct store *fresh(void)
{
    char *p = test_db_path("a.db");
    struct store *st = open_db(p);
    free(p);
    return st;
}

/* A member admitted on join (full from full_date, or probationary when it is ""), who left on
 * leave_date when it is not "". */
static int64_t mk_member(struct store *st, int64_t branch_id, const char *name, const char *join,
                         const char *full, const char *leave_date, const char *office)
{
    return fx_member(st, &(struct fx_member){.branch = branch_id, .name = name, .join = join,
                                             .full = full, .office = office,
                                             .leave_date = leave_date}, NULL);
}

/* 200 分 a month for from..to. */
static int64_t pay(struct store *st, int64_t member_id, const char *date, int from_ym, int to_ym)
{
    struct dues_paid alloc[48];
    int n = 0;
    for (int ym = from_ym; ym <= to_ym && n < 48; ym++) alloc[n++] = (struct dues_paid){ym, 200};
    struct dues_payment p = {0};
    p.member_id = member_id;
    snprintf(p.paid_date, sizeof p.paid_date, "%s", date);
    p.from_ym = from_ym;
    p.to_ym = to_ym;
    p.amount = 200L * n;
    if (store_dues_payment_add(st, &p, alloc, n) != STORE_OK)
        test_fail(__FILE__, __LINE__, "payment_add: %s", store_errmsg(st));
    return p.id;
}

static int64_t mk_post(struct store *st, int64_t branch_id, const char *name)
{
    struct post p = {0};
    p.branch_id = branch_id;
    snprintf(p.category, sizeof p.category, "政策宣传");
    snprintf(p.name, sizeof p.name, "%s", name);
    p.duties = (char *)"宣传党的政策";
    p.wanted = 3;
    if (store_post_add(st, &p) != STORE_OK)
        test_fail(__FILE__, __LINE__, "post_add: %s", store_errmsg(st));
    return p.id;
}

static int64_t claim(struct store *st, int64_t post_id, int64_t member_id, const char *date)
{
    struct holding h = {0};
    h.post_id = post_id;
    h.member_id = member_id;
    snprintf(h.how, sizeof h.how, "claim");
    snprintf(h.claimed, sizeof h.claimed, "%s", date);
    snprintf(h.pledge, sizeof h.pledge, "认真履职");
    if (store_holding_add(st, &h) != STORE_OK)
        test_fail(__FILE__, __LINE__, "holding_add: %s", store_errmsg(st));
    return h.id;
}

static void report(struct store *st, int64_t holding_id, const char *date)
{
    struct post_report r = {0};
    r.holding_id = holding_id;
    snprintf(r.date, sizeof r.date, "%s", date);
    snprintf(r.venue, sizeof r.venue, "支部党员大会");
    r.content = (char *)"汇报履职情况";
    if (store_report_add(st, &r) != STORE_OK)
        test_fail(__FILE__, __LINE__, "report_add: %s", store_errmsg(st));
}

static int history_count(struct store *st, const char *table, const char *uuid, const char *action)
{
    struct history_entry h[16];
    int n = 0, found = 0;
    if (store_history_list(st, table, uuid, h, 16, &n) != STORE_OK) return -1;
    for (int i = 0; i < n; i++) found += strcmp(h[i].action, action) == 0;
    store_history_free(h, n);
    return found;
}

/* ---- what the loader hands out, copied out of the callback ---- */

#define MAXB 8
struct seen_member {
    int64_t id;
    char name[64], join[11], leave[11], since[11], contact[11];
    bool office, probationary, mobile, excused;
    int start_ym, join_ym, leave_ym, nbases, npaid;
    long paid_sum;
    int paid_min, paid_max;
    char category[16];
};
struct seen_holding {
    int64_t id, member_id;
    struct zdate claimed, ended;
    char last_report[11];
};
struct seen_branch {
    int64_t id;
    char code[32];
    struct zdate since;
    int year, month;
    int64_t meetings[16];
    char meeting_dates[16][11];
    int nmeetings;
    int64_t groups[8];
    int ngroups;
    struct seen_member members[16];
    int nmembers;
    struct seen_holding holdings[8];
    int nholdings;
};
struct seen {
    struct seen_branch b[MAXB];
    int n;
    int stop_after;
};

static int collect(const struct audit_input *in, const struct branch *b, void *ctx)
{
    struct seen *s = ctx;
    if (s->n >= MAXB) return 1;
    struct seen_branch *o = &s->b[s->n++];
    memset(o, 0, sizeof *o);
    o->id = in->branch_id;
    if (b->id != in->branch_id) test_fail(__FILE__, __LINE__, "branch and input differ");
    snprintf(o->code, sizeof o->code, "%s", b->code);
    o->since = in->since;
    o->year = in->year;
    o->month = in->month;
    for (int i = 0; i < in->nmeetings && i < 16; i++) {
        o->meetings[o->nmeetings] = in->meetings[i].id;
        date_format(in->meetings[i].f.date, o->meeting_dates[o->nmeetings]);
        o->nmeetings++;
    }
    for (int i = 0; i < in->ngroups && i < 8; i++) o->groups[o->ngroups++] = in->groups[i].id;
    for (int i = 0; i < in->nmembers && i < 16; i++) {
        const struct audit_member *m = &in->members[i];
        struct seen_member *x = &o->members[o->nmembers++];
        x->id = m->id;
        snprintf(x->name, sizeof x->name, "%s", m->name);
        snprintf(x->join, sizeof x->join, "%s", m->join_date);
        snprintf(x->leave, sizeof x->leave, "%s", m->leave_date);
        snprintf(x->since, sizeof x->since, "%s", m->mobile_since);
        snprintf(x->contact, sizeof x->contact, "%s", m->last_contact);
        x->office = m->has_office;
        x->probationary = m->probationary;
        x->mobile = m->mobile;
        x->excused = m->post_excused;
        x->start_ym = m->dues.start_ym;
        x->join_ym = m->dues.join_ym;
        x->leave_ym = m->dues.leave_ym;
        x->nbases = m->dues.nbases;
        if (m->dues.nbases > 0)
            snprintf(x->category, sizeof x->category, "%s", m->dues.bases[0].category);
        x->npaid = m->dues.npaid;
        x->paid_min = 1 << 30;
        for (int k = 0; k < m->dues.npaid; k++) {
            x->paid_sum += m->dues.paid[k].amount;
            if (m->dues.paid[k].ym < x->paid_min) x->paid_min = m->dues.paid[k].ym;
            if (m->dues.paid[k].ym > x->paid_max) x->paid_max = m->dues.paid[k].ym;
        }
    }
    for (int i = 0; i < in->nholdings && i < 8; i++) {
        struct seen_holding *h = &o->holdings[o->nholdings++];
        h->id = in->holdings[i].id;
        h->member_id = in->holdings[i].member_id;
        h->claimed = in->holdings[i].claimed;
        h->ended = in->holdings[i].ended;
        snprintf(h->last_report, sizeof h->last_report, "%s", in->holdings[i].last_report);
    }
    return s->stop_after && s->n >= s->stop_after;
}

static const struct seen_member *member_in(const struct seen_branch *b, int64_t id)
{
    for (int i = 0; i < b->nmembers; i++)
        if (b->members[i].id == id) return &b->members[i];
    return NULL;
}

static const struct seen_holding *holding_in(const struct seen_branch *b, int64_t id)
{
    for (int i = 0; i < b->nholdings; i++)
        if (b->holdings[i].id == id) return &b->holdings[i];
    return NULL;
}

static bool has_id(const int64_t *ids, int n, int64_t id)
{
    for (int i = 0; i < n; i++)
        if (ids[i] == id) return true;
    return false;
}

/* ---- schema ---------------------------------------------------------------------------- */

/* A version-4 database is today's file without the version-5 objects (schema 4 is
 * MIGRATIONS[0..3], unchanged; version 5 adds tables, indexes, a trigger and one
 * dues_allocation column that the upgrade fills from the payments). */
TEST(store_audit_schema_upgrade_from_v4)
{
    char *p = test_db_path("v4.db");
    struct store *st = open_db(p);
    if (!st) return;
    int64_t b = fx_branch(st, "V4", "V4党支部", 0);
    int64_t mid = mk_member(st, b, "孙老党员", "1990-07-01", "1991-07-01", "", "");
    pay(st, mid, "2024-03-01", dues_ym(2024, 1), dues_ym(2024, 3));
    store_close(st);

    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(p, &db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db,
                           DOWNGRADE_V6_SQL "DROP TABLE audit_verdict; DROP TABLE rectification; DROP TABLE handin;"
                           " DROP INDEX branch_parent; DROP INDEX meeting_audit;"
                           " DROP INDEX post_holding_audit;"
                           " DROP TRIGGER dues_allocation_member; DROP INDEX dues_allocation_month;"
                           " DROP INDEX dues_payment_voided; DROP INDEX dues_payment_branch_from;"
                           " ALTER TABLE dues_allocation DROP COLUMN member_id;"
                           " PRAGMA user_version = 4;",
                           NULL, NULL, NULL),
              SQLITE_OK);
    sqlite3_close(db);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM sqlite_schema WHERE name = 'audit_verdict'"), 0);

    st = open_db(p);
    if (!st) return;
    CHECK_INT(store_schema_version(st), STORE_SCHEMA_VERSION);
    char bak[1024];
    snprintf(bak, sizeof bak, "%s", store_migration_backup(st));
    CHECK(strstr(bak, "/v4.db.v4-") != NULL);
    struct member mem;
    CHECK_INT(store_member_get(st, mid, &mem), STORE_OK);
    CHECK_STR(mem.name, "孙老党员");
    /* the old allocations know their member; new ones get it from the trigger */
    pay(st, mid, "2024-04-01", dues_ym(2024, 4), dues_ym(2024, 4));
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM dues_allocation WHERE member_id = %lld",
             (long long)mid);
    CHECK_INT(test_sql_int(p, sql), 4);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM dues_allocation WHERE member_id IS NULL"), 0);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM sqlite_schema WHERE name IN ('audit_verdict',"
                          " 'rectification', 'handin', 'branch_parent', 'meeting_audit',"
                          " 'post_holding_audit', 'dues_allocation_member',"
                          " 'dues_allocation_month', 'dues_payment_voided',"
                          " 'dues_payment_branch_from', 'rectification_status_month')"),
              11);
    /* the new tables work */
    struct verdict v = {.branch_id = b};
    snprintf(v.month, sizeof v.month, "2024-03");
    snprintf(v.item, sizeof v.item, "dues");
    snprintf(v.verdict, sizeof v.verdict, "pass");
    CHECK_INT(store_verdict_set(st, &v), STORE_OK);
    store_close(st);
    CHECK_INT(test_sql_int(bak, "PRAGMA user_version"), 4);
    CHECK_INT(test_sql_int(bak, "SELECT count(*) FROM sqlite_schema WHERE name = 'handin'"), 0);
    CHECK_INT(test_sql_int(bak, "SELECT count(*) FROM dues_allocation"), 3);
    free(p);
}

TEST(store_audit_schema_checks)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "C1", "C1党支部", 0);
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(store_path(st), &db), SQLITE_OK);
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO audit_verdict(uuid, branch_id, month, item, verdict, created_at,"
             " created_by, updated_at) VALUES ('u1', %lld, '2024-05', 'parties', 'pass', '', '', '')",
             (long long)b);
    CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK);
    snprintf(sql, sizeof sql,
             "INSERT INTO rectification(uuid, branch_id, month, item, deadline, status,"
             " created_at, created_by, updated_at) VALUES ('u2', %lld, '2024-05', 'dues',"
             " '2024-06-30', 'returned', '', '', '')",
             (long long)b);
    CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK);
    snprintf(sql, sizeof sql,
             "INSERT INTO handin(uuid, branch_id, month, handed_at, handed_by, snapshot_json,"
             " created_at, created_by, updated_at) VALUES ('u3', %lld, '2024-05', '', '',"
             " '{broken', '', '', '')",
             (long long)b);
    CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK);
    sqlite3_close(db);
    store_close(st);
}

/* ---- the month's facts ----------------------------------------------------------------- */

struct fixture {
    int64_t town, a, b;
    int64_t m_full, m_new, m_late, m_left_mid, m_left_before, m_left_after, m_full_later;
    int64_t m_mobile, m_excused, m_town, m_b;
    int64_t mt_dec, mt_feb, mt_may31, mt_jun, mt_void, mt_b;
    int64_t g1, g_voided, g_b;
    int64_t h_full, h_new, h_ended_before, h_ended_mid, h_ended_after;
};

static void build(struct store *st, struct fixture *f)
{
    memset(f, 0, sizeof *f);
    f->town = fx_branch(st, "T0", "T0党支部", 0);
    f->a = fx_branch(st, "A1", "A1党支部", f->town);
    f->b = fx_branch(st, "B2", "B2党支部", f->town);
    struct group g = {0};
    g.branch_id = f->a;
    snprintf(g.name, sizeof g.name, "第一党小组");
    CHECK_INT(store_group_add(st, &g), STORE_OK);
    f->g1 = g.id;
    memset(&g, 0, sizeof g);
    g.branch_id = f->a;
    snprintf(g.name, sizeof g.name, "第二党小组");
    CHECK_INT(store_group_add(st, &g), STORE_OK);
    f->g_voided = g.id;
    CHECK_INT(store_group_void(st, g.id, "合并"), STORE_OK); /* voided now: it stood in 2024 */
    memset(&g, 0, sizeof g);
    g.branch_id = f->b;
    snprintf(g.name, sizeof g.name, "第一党小组");
    CHECK_INT(store_group_add(st, &g), STORE_OK);
    f->g_b = g.id;

    f->m_full = mk_member(st, f->a, "张书记", "2010-01-01", "2011-01-01", "", "secretary");
    f->m_new = mk_member(st, f->a, "李新", "2024-05-20", "", "", "");
    f->m_late = mk_member(st, f->a, "王迟", "2024-06-03", "", "", "");
    f->m_left_mid = mk_member(st, f->a, "赵中", "2000-01-01", "2001-01-01", "2024-05-10", "");
    f->m_left_before = mk_member(st, f->a, "钱前", "2000-01-01", "2001-01-01", "2024-04-30", "");
    f->m_left_after = mk_member(st, f->a, "孙后", "2000-01-01", "2001-01-01", "2024-07-01", "");
    f->m_full_later = mk_member(st, f->a, "周转", "2023-06-15", "2024-06-15", "", "");
    f->m_mobile = mk_member(st, f->a, "吴流", "2005-03-01", "2006-03-01", "", "");
    f->m_excused = mk_member(st, f->a, "郑老", "1970-03-01", "1971-03-01", "", "");
    f->m_town = mk_member(st, f->town, "冯镇", "1999-01-01", "2000-01-01", "", "secretary");
    f->m_b = mk_member(st, f->b, "陈乙", "2015-01-01", "2016-01-01", "", "");

    struct mobile_info mi = {.member_id = f->m_mobile};
    snprintf(mi.destination, sizeof mi.destination, "广东省深圳市");
    snprintf(mi.since, sizeof mi.since, "2024-01-10");
    CHECK_INT(store_mobile_set(st, &mi), STORE_OK);
    const char *contacts[] = {"2024-03-01", "2024-05-05", "2024-06-10"};
    for (int i = 0; i < 3; i++) {
        struct mobile_contact c = {.member_id = f->m_mobile};
        snprintf(c.date, sizeof c.date, "%s", contacts[i]);
        snprintf(c.way, sizeof c.way, "电话");
        CHECK_INT(store_mobile_contact_add(st, &c), STORE_OK);
    }
    CHECK_INT(store_post_excuse_add(st, f->m_excused, "年老体弱", "2024-01-01"), STORE_OK);

    f->mt_dec = test_add_meeting(st, f->a, "committee", "2023-12-15");
    f->mt_feb = test_add_meeting(st, f->a, "committee", "2024-02-10");
    f->mt_may31 = test_add_meeting(st, f->a, "committee", "2024-05-31");
    f->mt_jun = test_add_meeting(st, f->a, "committee", "2024-06-01");
    f->mt_void = test_add_meeting(st, f->a, "theme_day", "2024-05-12");
    CHECK_INT(store_meeting_void(st, f->mt_void, "重复录入"), STORE_OK);
    f->mt_b = test_add_meeting(st, f->b, "theme_day", "2024-05-05");
    test_add_meeting(st, f->town, "committee", "2024-05-06");

    /* dues: the window of 2024-05 is 2023-06 .. 2024-05 */
    pay(st, f->m_full, "2023-05-10", dues_ym(2023, 5), dues_ym(2023, 5));   /* before it */
    pay(st, f->m_full, "2023-07-10", dues_ym(2023, 6), dues_ym(2023, 7));   /* in */
    pay(st, f->m_full, "2024-05-10", dues_ym(2024, 5), dues_ym(2024, 5));   /* in */
    pay(st, f->m_full, "2024-06-10", dues_ym(2024, 6), dues_ym(2024, 6));   /* after it */
    int64_t v = pay(st, f->m_full, "2024-04-10", dues_ym(2024, 4), dues_ym(2024, 4));
    CHECK_INT(store_dues_payment_void(st, v, "金额录错"), STORE_OK);
    CHECK_INT(store_dues_basis_set(st, f->m_full, (struct zmonth){2020, 1}, "employed", 300000, "", store_dues_bases_version(st, f->m_full)),
              STORE_OK);
    pay(st, f->m_b, "2024-05-02", dues_ym(2024, 3), dues_ym(2024, 5));

    int64_t p1 = mk_post(st, f->a, "政策宣传员");
    int64_t p2 = mk_post(st, f->a, "环境卫生监督员");
    f->h_full = claim(st, p1, f->m_full, "2024-01-01");
    report(st, f->h_full, "2024-03-10");
    report(st, f->h_full, "2024-05-20");
    report(st, f->h_full, "2024-06-05");
    f->h_new = claim(st, p1, f->m_new, "2024-05-25");
    f->h_ended_before = claim(st, p2, f->m_mobile, "2024-01-01");
    CHECK_INT(store_holding_end(st, f->h_ended_before, "2024-04-30", "外出务工"), STORE_OK);
    f->h_ended_mid = claim(st, p2, f->m_full_later, "2024-02-01");
    CHECK_INT(store_holding_end(st, f->h_ended_mid, "2024-05-15", "身体原因"), STORE_OK);
    f->h_ended_after = claim(st, p2, f->m_full, "2024-02-01");
    CHECK_INT(store_holding_end(st, f->h_ended_after, "2024-06-10", "调整岗位"), STORE_OK);
}

TEST(store_audit_each_loads_the_month)
{
    struct store *st = fresh();
    if (!st) return;
    struct fixture f;
    build(st, &f);
    struct seen s = {0};
    struct zdate today = {2024, 6, 20};
    CHECK_INT(store_audit_each(st, 0, (struct zmonth){2024, 5}, today, collect, &s), STORE_OK);
    /* the leaf branches in code order; the township committee is not one */
    CHECK_INT(s.n, 2);
    CHECK_STR(s.b[0].code, "A1");
    CHECK_STR(s.b[1].code, "B2");
    const struct seen_branch *a = &s.b[0], *b = &s.b[1];
    CHECK_INT(a->year, 2024);
    CHECK_INT(a->month, 5);

    /* meetings from January 1 to the month's end, not voided, in date order */
    CHECK_INT(a->nmeetings, 2);
    CHECK(has_id(a->meetings, a->nmeetings, f.mt_feb));
    CHECK(has_id(a->meetings, a->nmeetings, f.mt_may31));
    CHECK_STR(a->meeting_dates[0], "2024-02-10");
    CHECK_STR(a->meeting_dates[1], "2024-05-31");
    CHECK(!has_id(a->meetings, a->nmeetings, f.mt_void));
    CHECK(!has_id(a->meetings, a->nmeetings, f.mt_dec));
    CHECK(!has_id(a->meetings, a->nmeetings, f.mt_jun));
    CHECK_INT(b->nmeetings, 1);
    CHECK_INT(b->meetings[0], f.mt_b);

    /* groups as they stood in May (the one voided today was still there) */
    CHECK_INT(a->ngroups, 2);
    CHECK(has_id(a->groups, a->ngroups, f.g1));
    CHECK(has_id(a->groups, a->ngroups, f.g_voided));
    CHECK_INT(b->ngroups, 1);

    /* since: the earliest of the first record, the first payment month, the branch's entry */
    char since[11];
    date_format(a->since, since);
    CHECK_STR(since, "2023-05-01");
    date_format(b->since, since);
    CHECK_STR(since, "2024-03-01");

    /* members on the roster at some time in May */
    CHECK_INT(a->nmembers, 7);
    CHECK(member_in(a, f.m_full) != NULL);
    CHECK(member_in(a, f.m_new) != NULL);
    CHECK(member_in(a, f.m_late) == NULL);
    CHECK(member_in(a, f.m_left_before) == NULL);
    CHECK(member_in(a, f.m_town) == NULL);
    const struct seen_member *m = member_in(a, f.m_left_mid);
    CHECK(m != NULL);
    if (m) CHECK_STR(m->leave, "2024-05-10");
    m = member_in(a, f.m_left_after);
    CHECK(m != NULL);
    if (m) CHECK_STR(m->leave, ""); /* still on the roster at the month's end */
    m = member_in(a, f.m_full);
    if (m) {
        CHECK_STR(m->name, "张书记");
        CHECK_STR(m->join, "2010-01-01");
        CHECK(m->office);
        CHECK(!m->probationary);
        CHECK(!m->mobile);
        CHECK(!m->excused);
        /* the dues window: 2023-06 .. 2024-05, the voided payment left out */
        CHECK_INT(m->npaid, 3);
        CHECK_INT(m->paid_sum, 600);
        CHECK_INT(m->paid_min, dues_ym(2023, 6));
        CHECK_INT(m->paid_max, dues_ym(2024, 5));
        /* the branch's ledger starts 2023-05, before the window: the window's first month */
        CHECK_INT(m->start_ym, dues_ym(2024, 5) - (AUDIT_DUES_WINDOW - 1));
        CHECK_INT(m->join_ym, dues_ym(2010, 1));
        CHECK_INT(m->leave_ym, 0);
        CHECK_INT(m->nbases, 1);
        CHECK_STR(m->category, "employed");
    }
    m = member_in(a, f.m_new);
    if (m) {
        CHECK(m->probationary);
        CHECK(!m->office);
        CHECK_INT(m->npaid, 0);
        CHECK_INT(m->nbases, 1); /* without a basis: the roster's category from admission */
        CHECK_STR(m->category, "farmer");
    }
    m = member_in(a, f.m_full_later);
    if (m) CHECK(m->probationary); /* 转正 in June: probationary at the end of May */
    m = member_in(a, f.m_mobile);
    if (m) {
        CHECK(m->mobile);
        CHECK_STR(m->since, "2024-01-10");
        CHECK_STR(m->contact, "2024-05-05"); /* the June call came later */
    }
    m = member_in(a, f.m_excused);
    if (m) CHECK(m->excused);
    m = member_in(a, f.m_left_mid);
    if (m) CHECK_INT(m->leave_ym, dues_ym(2024, 5));
    /* branch B: its own ledger start (2024-03) is inside the window */
    CHECK_INT(b->nmembers, 1);
    m = member_in(b, f.m_b);
    if (m) {
        CHECK_INT(m->start_ym, dues_ym(2024, 3));
        CHECK_INT(m->npaid, 3);
    }

    /* holdings current at some time in May with the last report by its end */
    CHECK_INT(a->nholdings, 4);
    const struct seen_holding *h = holding_in(a, f.h_full);
    if (h) {
        CHECK_STR(h->last_report, "2024-05-20");
        CHECK_INT(h->ended.y, 0);
        CHECK_INT(h->member_id, f.m_full);
        CHECK_INT(h->claimed.m, 1);
    } else {
        CHECK(h != NULL);
    }
    h = holding_in(a, f.h_new);
    if (h) CHECK_STR(h->last_report, "");
    CHECK(holding_in(a, f.h_ended_before) == NULL);
    h = holding_in(a, f.h_ended_mid);
    if (h) {
        CHECK_INT(h->ended.y, 2024);
        CHECK_INT(h->ended.m, 5);
        CHECK_INT(h->ended.d, 15);
    } else {
        CHECK(h != NULL);
    }
    h = holding_in(a, f.h_ended_after);
    if (h) CHECK_INT(h->ended.y, 0); /* stepped down in June: held at the end of May */
    else CHECK(h != NULL);
    CHECK_INT(b->nholdings, 0);
    store_close(st);
}

TEST(store_audit_each_one_branch_and_stopping)
{
    struct store *st = fresh();
    if (!st) return;
    struct fixture f;
    build(st, &f);
    struct zdate today = {2024, 6, 20};
    struct seen s = {0};
    CHECK_INT(store_audit_each(st, f.b, (struct zmonth){2024, 5}, today, collect, &s), STORE_OK);
    CHECK_INT(s.n, 1);
    CHECK_INT(s.b[0].id, f.b);
    CHECK_INT(s.b[0].nmembers, 1);
    CHECK_INT(s.b[0].members[0].npaid, 3);
    /* one branch asked for by id may have branches under it */
    memset(&s, 0, sizeof s);
    CHECK_INT(store_audit_each(st, f.town, (struct zmonth){2024, 5}, today, collect, &s), STORE_OK);
    CHECK_INT(s.n, 1);
    CHECK_INT(s.b[0].nmembers, 1);
    CHECK_INT(s.b[0].members[0].id, f.m_town);
    CHECK_INT(s.b[0].nmeetings, 1);
    /* the same facts for A by itself as in the whole load */
    memset(&s, 0, sizeof s);
    CHECK_INT(store_audit_each(st, f.a, (struct zmonth){2024, 5}, today, collect, &s), STORE_OK);
    CHECK_INT(s.b[0].nmembers, 7);
    CHECK_INT(s.b[0].nmeetings, 2);
    CHECK_INT(s.b[0].nholdings, 4);
    const struct seen_member *m = member_in(&s.b[0], f.m_full);
    if (m) CHECK_INT(m->paid_sum, 600);
    /* stopping after the first */
    memset(&s, 0, sizeof s);
    s.stop_after = 1;
    CHECK_INT(store_audit_each(st, 0, (struct zmonth){2024, 5}, today, collect, &s), STORE_OK);
    CHECK_INT(s.n, 1);
    /* bad input */
    CHECK_INT(store_audit_each(st, 9999, (struct zmonth){2024, 5}, today, collect, &s), STORE_ERR_NOT_FOUND);
    CHECK_STR(store_errmsg(st), "支部不存在");
    CHECK_INT(store_audit_each(st, 0, (struct zmonth){2024, 13}, today, collect, &s), STORE_ERR_CONSTRAINT);
    /* long ago: only the member admitted in 1970, nothing else */
    memset(&s, 0, sizeof s);
    CHECK_INT(store_audit_each(st, 0, (struct zmonth){1990, 1}, today, collect, &s), STORE_OK);
    CHECK_INT(s.n, 2);
    CHECK_INT(s.b[0].nmembers, 1);
    CHECK_INT(s.b[0].members[0].id, f.m_excused);
    CHECK_INT(s.b[0].members[0].npaid, 0);
    CHECK_INT(s.b[0].nmeetings, 0);
    CHECK_INT(s.b[0].nholdings, 0);
    CHECK_INT(s.b[1].nmembers, 0);
    store_close(st);
}

/* One branch's load reads its members' allocations, mobile details and contacts by their keys
 * (not every member's): what it hands over is, field by field, what the load of every branch
 * hands over for that branch — months whose dues window spans two years (May, January), a
 * December, a month with the mobile member's contact in it and one before — with the other
 * branch's member mobile too, with contacts of its own. */
TEST(store_audit_each_one_branch_as_in_every_branch)
{
    struct store *st = fresh();
    if (!st) return;
    struct fixture f;
    build(st, &f);
    struct mobile_info mi = {.member_id = f.m_b};
    snprintf(mi.destination, sizeof mi.destination, "浙江省杭州市");
    snprintf(mi.since, sizeof mi.since, "2023-11-02");
    CHECK_INT(store_mobile_set(st, &mi), STORE_OK);
    const char *contacts[] = {"2023-12-20", "2024-04-02"};
    for (int i = 0; i < 2; i++) {
        struct mobile_contact c = {.member_id = f.m_b};
        snprintf(c.date, sizeof c.date, "%s", contacts[i]);
        snprintf(c.way, sizeof c.way, "微信");
        CHECK_INT(store_mobile_contact_add(st, &c), STORE_OK);
    }
    pay(st, f.m_b, "2023-12-28", dues_ym(2023, 10), dues_ym(2024, 1));
    struct zdate today = {2024, 6, 20};
    const struct zmonth months[] = {{2024, 5}, {2024, 1}, {2023, 12}, {2024, 3}, {2023, 11}};
    int mobile_seen = 0, contacts_seen = 0, paid_seen = 0;
    for (size_t k = 0; k < sizeof months / sizeof months[0]; k++) {
        struct seen all = {0};
        CHECK_INT(store_audit_each(st, 0, months[k], today, collect, &all), STORE_OK);
        CHECK_INT(all.n, 2);
        for (int b = 0; b < all.n; b++) {
            struct seen one = {0};
            CHECK_INT(store_audit_each(st, all.b[b].id, months[k], today, collect, &one), STORE_OK);
            CHECK_INT(one.n, 1);
            CHECK(memcmp(&one.b[0], &all.b[b], sizeof one.b[0]) == 0);
            for (int i = 0; i < one.b[0].nmembers; i++) {
                mobile_seen += one.b[0].members[i].mobile;
                contacts_seen += one.b[0].members[i].contact[0] != '\0';
                paid_seen += one.b[0].members[i].npaid > 0 && one.b[0].members[i].paid_min < dues_ym(months[k].year, 1);
            }
        }
    }
    CHECK(mobile_seen >= 8);   /* both mobile members, in most of the months */
    CHECK(contacts_seen >= 6);
    CHECK(paid_seen >= 3);     /* months paid in the window's earlier year */
    store_close(st);
}

TEST(store_audit_each_empty_database)
{
    struct store *st = fresh();
    if (!st) return;
    struct seen s = {0};
    CHECK_INT(store_audit_each(st, 0, (struct zmonth){2024, 5}, (struct zdate){2024, 6, 1}, collect, &s), STORE_OK);
    CHECK_INT(s.n, 0);
    store_close(st);
}

/* The loader takes the branch's ledger start from branch.dues_start (the journaled column that
 * store_dues_start_set writes), not from a meta row: one left from an older version, or slipped
 * in with the sqlite3 shell, changes nothing. */
TEST(store_audit_dues_start_from_branch_column)
{
    char *p = test_db_path("start.db");
    struct store *st = open_db(p);
    if (!st) {
        free(p);
        return;
    }
    int64_t b = fx_branch(st, "C1", "C1党支部", 0);
    int64_t m = mk_member(st, b, "起始甲", "2010-01-01", "2011-01-01", "", "");
    pay(st, m, "2024-03-10", dues_ym(2024, 3), dues_ym(2024, 3));
    CHECK_INT(store_dues_start_set(st, b, (struct zmonth){2024, 1}), STORE_OK);
    CHECK_INT(test_sql_int(p, "SELECT count(*) FROM meta WHERE key LIKE 'dues_start:%'"), 0);
    char sql[200];
    snprintf(sql, sizeof sql, "INSERT INTO meta(key, value) VALUES ('dues_start:%lld', '2024-05')",
             (long long)b);
    test_sql(p, sql);
    struct seen s = {0};
    CHECK_INT(store_audit_each(st, b, (struct zmonth){2024, 5}, (struct zdate){2024, 6, 20}, collect, &s), STORE_OK);
    CHECK_INT(s.n, 1);
    const struct seen_member *x = s.n == 1 ? member_in(&s.b[0], m) : NULL;
    CHECK(x != NULL);
    if (x) CHECK_INT(x->start_ym, dues_ym(2024, 1));
    store_close(st);
    free(p);
}

/* ---- verdicts and rectification -------------------------------------------------------- */

static struct verdict verdict_def(int64_t b, const char *month, const char *item,
                                  const char *verdict, const char *comment, const char *deadline)
{
    struct verdict v = {.branch_id = b};
    snprintf(v.month, sizeof v.month, "%s", month);
    snprintf(v.item, sizeof v.item, "%s", item);
    snprintf(v.verdict, sizeof v.verdict, "%s", verdict);
    snprintf(v.comment, sizeof v.comment, "%s", comment);
    snprintf(v.deadline, sizeof v.deadline, "%s", deadline);
    return v;
}

TEST(store_audit_verdicts_set_replace_history)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "V1", "V1党支部", 0);
    struct verdict v = verdict_def(b, "2024-05", "overall", "pass", "  工作扎实  ", "");
    CHECK_INT(store_verdict_set(st, &v), STORE_OK);
    CHECK(v.id > 0);
    CHECK_STR(v.comment, "工作扎实");
    CHECK_STR(v.reviewer, "审核员丙");
    struct verdict m = verdict_def(b, "2024-05", "meetings", "fail", "未召开支委会", "2024-06-30");
    CHECK_INT(store_verdict_set(st, &m), STORE_OK);
    /* replacing keeps one row and the old one in history */
    struct verdict v2 = verdict_def(b, "2024-05", "overall", "fail", "多项未达标", "2024-06-30");
    snprintf(v2.reviewer, sizeof v2.reviewer, "镇组织委员");
    CHECK_INT(store_verdict_set(st, &v2), STORE_OK);
    CHECK_INT(v2.id, v.id);
    struct store_verdict_list out_l = {0};
    struct verdict *out = NULL;
    int n = 0;
    store_verdict_list_free(&out_l);
    CHECK_INT(store_verdict_list(st, b, (struct zmonth){2024, 5}, &out_l), STORE_OK);
    out = out_l.v, n = out_l.n;
    CHECK_INT(n, 2);
    CHECK_STR(out[0].item, "meetings"); /* item order, overall last */
    CHECK_STR(out[1].item, "overall");
    CHECK_STR(out[1].verdict, "fail");
    CHECK_STR(out[1].comment, "多项未达标");
    CHECK_STR(out[1].reviewer, "镇组织委员");
    CHECK(out[1].updated_at[0] != '\0');
    store_verdict_list_free(&out_l);
    CHECK_INT(store_verdict_list(st, b, (struct zmonth){2024, 4}, &out_l), STORE_OK);
    out = out_l.v, n = out_l.n;
    CHECK_INT(n, 0);
    char uuid[40] = "";
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(store_path(st), &db), SQLITE_OK);
    sqlite3_stmt *s = NULL;
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT uuid FROM audit_verdict WHERE id = %lld", (long long)v.id);
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        snprintf(uuid, sizeof uuid, "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(db);
    CHECK_INT(history_count(st, "audit_verdict", uuid, "insert"), 1);
    CHECK_INT(history_count(st, "audit_verdict", uuid, "update"), 1);
    /* refusals */
    struct verdict bad = verdict_def(b, "2024-13", "overall", "pass", "", "");
    CHECK_INT(store_verdict_set(st, &bad), STORE_ERR_CONSTRAINT);
    bad = verdict_def(b, "2024-05", "parties", "pass", "", "");
    CHECK_INT(store_verdict_set(st, &bad), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "评审项目无效");
    bad = verdict_def(b, "2024-05", "dues", "good", "", "");
    CHECK_INT(store_verdict_set(st, &bad), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "评审结论无效");
    bad = verdict_def(9999, "2024-05", "dues", "pass", "", "");
    CHECK_INT(store_verdict_set(st, &bad), STORE_ERR_NOT_FOUND);
    store_close(st);
    store_verdict_list_free(&out_l);
}

TEST(store_audit_rectify_requires_deadline_and_orders)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "R1", "R1党支部", 0);
    struct verdict v = verdict_def(b, "2024-05", "dues", "rectify", "补收5月党费", "");
    CHECK_INT(store_verdict_set(st, &v), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "需整改须填写整改期限");
    snprintf(v.deadline, sizeof v.deadline, "2024-06-31");
    CHECK_INT(store_verdict_set(st, &v), STORE_ERR_CONSTRAINT);
    struct store_rectification_list r_l = {0};
    struct rectification *r = NULL;
    int n = -1;
    store_rectification_list_free(&r_l);
    CHECK_INT(store_rectification_list(st, b, NULL, false, &r_l), STORE_OK);
    r = r_l.v, n = r_l.n;
    CHECK_INT(n, 0); /* nothing half-written */

    snprintf(v.deadline, sizeof v.deadline, "2024-06-30");
    CHECK_INT(store_verdict_set(st, &v), STORE_OK);
    store_rectification_list_free(&r_l);
    CHECK_INT(store_rectification_list(st, b, &(struct zmonth){2024, 5}, true, &r_l), STORE_OK);
    r = r_l.v, n = r_l.n;
    CHECK_INT(n, 1);
    CHECK_STR(r[0].order_text, "补收5月党费");
    CHECK_STR(r[0].deadline, "2024-06-30");
    CHECK_STR(r[0].status, "open");
    CHECK_STR(r[0].item, "dues");
    CHECK_STR(r[0].branch_name, "R1党支部");
    int64_t rid = r[0].id;
    /* rectify again: the same order, new text and deadline */
    struct verdict v2 = verdict_def(b, "2024-05", "dues", "rectify", "补收并公示", "2024-07-15");
    CHECK_INT(store_verdict_set(st, &v2), STORE_OK);
    store_rectification_list_free(&r_l);
    CHECK_INT(store_rectification_list(st, 0, NULL, false, &r_l), STORE_OK);
    r = r_l.v, n = r_l.n;
    CHECK_INT(n, 1);
    CHECK_INT(r[0].id, rid);
    CHECK_STR(r[0].order_text, "补收并公示");
    CHECK_STR(r[0].deadline, "2024-07-15");
    CHECK_INT(history_count(st, "rectification", r[0].uuid, "insert"), 1);
    CHECK_INT(history_count(st, "rectification", r[0].uuid, "update"), 1);
    /* another verdict leaves the open order as it is */
    struct verdict v3 = verdict_def(b, "2024-05", "dues", "pass", "", "");
    CHECK_INT(store_verdict_set(st, &v3), STORE_OK);
    store_rectification_list_free(&r_l);
    CHECK_INT(store_rectification_list(st, b, NULL, true, &r_l), STORE_OK);
    r = r_l.v, n = r_l.n;
    CHECK_INT(n, 1);
    CHECK_STR(r[0].status, "open");
    /* a pass creates no order */
    struct verdict v4 = verdict_def(b, "2024-05", "posts", "pass", "", "");
    CHECK_INT(store_verdict_set(st, &v4), STORE_OK);
    store_rectification_list_free(&r_l);
    CHECK_INT(store_rectification_list(st, b, NULL, false, &r_l), STORE_OK);
    r = r_l.v, n = r_l.n;
    CHECK_INT(n, 1);
    store_close(st);
    store_rectification_list_free(&r_l);
}

TEST(store_audit_rectification_transitions)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "R2", "R2党支部", 0);
    int64_t c = fx_branch(st, "R3", "R3党支部", 0);
    struct verdict v = verdict_def(b, "2024-05", "meetings", "rectify", "补开支委会", "2024-06-15");
    CHECK_INT(store_verdict_set(st, &v), STORE_OK);
    v = verdict_def(b, "2024-04", "records", "rectify", "补全记录", "2024-05-15");
    CHECK_INT(store_verdict_set(st, &v), STORE_OK);
    v = verdict_def(c, "2024-05", "overall", "rectify", "全面整改", "2024-06-30");
    CHECK_INT(store_verdict_set(st, &v), STORE_OK);
    struct store_rectification_list r_l = {0};
    struct rectification *r = NULL;
    int n = 0;
    store_rectification_list_free(&r_l);
    CHECK_INT(store_rectification_list(st, 0, NULL, true, &r_l), STORE_OK);
    r = r_l.v, n = r_l.n;
    CHECK_INT(n, 3);
    CHECK_STR(r[0].month, "2024-05"); /* newest month first, then branch code */
    CHECK_INT(r[0].branch_id, b);
    CHECK_INT(r[1].branch_id, c);
    CHECK_STR(r[2].month, "2024-04");
    int64_t id = r[0].id;
    char uuid[UUID_STR_LEN];
    snprintf(uuid, sizeof uuid, "%s", r[0].uuid);

    /* confirm or return before it is done */
    CHECK_INT(store_rectification_confirm(st, id), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "该整改尚未标记完成");
    CHECK_INT(store_rectification_return(st, id, "不合格"), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "该整改尚未标记完成");
    /* done needs a note */
    CHECK_INT(store_rectification_done(st, id, "   "), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "整改说明不能为空");
    store_set_user(st, "书记甲");
    CHECK_INT(store_rectification_done(st, id, "6月3日已补开支委会"), STORE_OK);
    CHECK_INT(store_rectification_done(st, id, "再次"), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "该整改已标记完成，等待确认");
    store_rectification_list_free(&r_l);
    CHECK_INT(store_rectification_list(st, b, &(struct zmonth){2024, 5}, false, &r_l), STORE_OK);
    r = r_l.v, n = r_l.n;
    CHECK_STR(r[0].status, "done");
    CHECK_STR(r[0].done_note, "6月3日已补开支委会");
    CHECK_STR(r[0].done_by, "书记甲");
    CHECK(r[0].done_at[0] != '\0');
    /* sent back with a note: open again */
    store_set_user(st, "审核员丙");
    CHECK_INT(store_rectification_return(st, id, ""), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "退回须填写说明");
    CHECK_INT(store_rectification_return(st, id, "缺会议记录"), STORE_OK);
    store_rectification_list_free(&r_l);
    CHECK_INT(store_rectification_list(st, b, &(struct zmonth){2024, 5}, false, &r_l), STORE_OK);
    r = r_l.v, n = r_l.n;
    CHECK_STR(r[0].status, "open");
    CHECK_STR(r[0].return_note, "缺会议记录");
    /* done again, then confirmed */
    CHECK_INT(store_rectification_done(st, id, "已补录会议记录"), STORE_OK);
    CHECK_INT(store_rectification_confirm(st, id), STORE_OK);
    store_rectification_list_free(&r_l);
    CHECK_INT(store_rectification_list(st, b, &(struct zmonth){2024, 5}, false, &r_l), STORE_OK);
    r = r_l.v, n = r_l.n;
    CHECK_STR(r[0].status, "confirmed");
    CHECK_STR(r[0].confirmed_by, "审核员丙");
    CHECK(r[0].confirmed_at[0] != '\0');
    CHECK_INT(store_rectification_confirm(st, id), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "该整改已确认");
    CHECK_INT(store_rectification_done(st, id, "x"), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "该整改已确认");
    CHECK_INT(store_rectification_return(st, id, "x"), STORE_ERR_CONSTRAINT);
    /* open_only leaves confirmed ones out */
    store_rectification_list_free(&r_l);
    CHECK_INT(store_rectification_list(st, 0, NULL, true, &r_l), STORE_OK);
    r = r_l.v, n = r_l.n;
    CHECK_INT(n, 2);
    store_rectification_list_free(&r_l);
    CHECK_INT(store_rectification_list(st, 0, NULL, false, &r_l), STORE_OK);
    r = r_l.v, n = r_l.n;
    CHECK_INT(n, 3); /* every order, the confirmed one too */
    CHECK_INT(history_count(st, "rectification", uuid, "done"), 2);
    CHECK_INT(history_count(st, "rectification", uuid, "return"), 1);
    CHECK_INT(history_count(st, "rectification", uuid, "confirm"), 1);
    CHECK_INT(store_rectification_done(st, 9999, "x"), STORE_ERR_NOT_FOUND);
    /* ordering 需整改 again reopens a confirmed order */
    v = verdict_def(b, "2024-05", "meetings", "rectify", "仍需规范", "2024-08-01");
    CHECK_INT(store_verdict_set(st, &v), STORE_OK);
    store_rectification_list_free(&r_l);
    CHECK_INT(store_rectification_list(st, b, &(struct zmonth){2024, 5}, false, &r_l), STORE_OK);
    r = r_l.v, n = r_l.n;
    CHECK_STR(r[0].status, "open");
    CHECK_INT(history_count(st, "rectification", uuid, "reopen"), 1);
    store_close(st);
    store_rectification_list_free(&r_l);
}

/* ---- handing in ------------------------------------------------------------------------ */

TEST(store_audit_handin_once)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "H1", "H1党支部", 0);
    struct handin h = {.branch_id = b};
    snprintf(h.month, sizeof h.month, "2024-05");
    h.snapshot_json = (char *)"{\"score\":85,\"states\":{\"dues\":\"fail\"}}";
    h.notes_json = (char *)"{\"dues\":\"两人外出未交，已联系\"}";
    CHECK_INT(store_handin_add(st, &h), STORE_OK);
    CHECK(h.id > 0);
    CHECK_STR(h.handed_by, "审核员丙");
    CHECK(h.handed_at[0] != '\0');
    struct handin again = h;
    CHECK_INT(store_handin_add(st, &again), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "该月已提交");
    struct handin got;
    CHECK_INT(store_handin_get(st, b, (struct zmonth){2024, 5}, &got), STORE_OK);
    CHECK_INT(got.id, h.id);
    CHECK_STR(got.month, "2024-05");
    CHECK_STR(got.snapshot_json, "{\"score\":85,\"states\":{\"dues\":\"fail\"}}");
    CHECK_STR(got.notes_json, "{\"dues\":\"两人外出未交，已联系\"}");
    store_handin_free(&got);
    CHECK(got.snapshot_json == NULL);
    CHECK_INT(store_handin_get(st, b, (struct zmonth){2024, 4}, &got), STORE_ERR_NOT_FOUND);
    store_handin_free(&got);
    /* another month is its own; no notes: {} */
    struct handin h2 = {.branch_id = b};
    snprintf(h2.month, sizeof h2.month, "2024-06");
    h2.snapshot_json = (char *)"{\"score\":100}";
    CHECK_INT(store_handin_add(st, &h2), STORE_OK);
    CHECK_INT(store_handin_get(st, b, (struct zmonth){2024, 6}, &got), STORE_OK);
    CHECK_STR(got.notes_json, "{}");
    store_handin_free(&got);
    /* bad input */
    struct handin bad = {.branch_id = b};
    snprintf(bad.month, sizeof bad.month, "abc");
    CHECK_INT(store_handin_add(st, &bad), STORE_ERR_CONSTRAINT);
    snprintf(bad.month, sizeof bad.month, "2024-07");
    bad.snapshot_json = (char *)"{not json";
    CHECK(store_handin_add(st, &bad) != STORE_OK);
    bad.snapshot_json = NULL;
    bad.branch_id = 9999;
    CHECK_INT(store_handin_add(st, &bad), STORE_ERR_NOT_FOUND);
    CHECK_INT(store_history_count(st) > 0, 1);
    store_close(st);
}

/* The township table's facts of a month (store_review_facts): for every branch what the
 * per-branch reads give it — the overall verdict, the month's orders open and reported done,
 * the hand-in's date, the amends — and nothing from another month; a branch with none of them
 * is listed with nothing; a bad month is refused. */
static void check_facts_match(struct store *st, const struct store_review_facts *l, int64_t b, struct zmonth m)
{
    const struct review_facts *f = store_review_facts_find(l, b);
    CHECK(f != NULL);
    if (!f) return;
    struct store_verdict_list v;
    CHECK_INT(store_verdict_list(st, b, m, &v), STORE_OK);
    const char *overall = "";
    for (int k = 0; k < v.n; k++)
        if (strcmp(v.v[k].item, "overall") == 0) overall = v.v[k].verdict;
    CHECK_STR(f->verdict, overall);
    store_verdict_list_free(&v);
    struct store_rectification_list r;
    CHECK_INT(store_rectification_list(st, b, &m, false, &r), STORE_OK);
    int open = 0, done = 0;
    for (int k = 0; k < r.n; k++) {
        open += strcmp(r.v[k].status, "open") == 0;
        done += strcmp(r.v[k].status, "done") == 0;
    }
    CHECK_INT(f->open_orders, open);
    CHECK_INT(f->done_orders, done);
    store_rectification_list_free(&r);
    struct handin h;
    char day[11] = "";
    if (store_handin_get(st, b, m, &h) == STORE_OK) {
        snprintf(day, sizeof day, "%.10s", h.handed_at);
        store_handin_free(&h);
    }
    CHECK_STR(f->handed, day);
    struct store_amend_list am;
    CHECK_INT(store_amend_list(st, b, &m, &am), STORE_OK);
    CHECK_INT(f->amends, am.n);
    store_amend_list_free(&am);
}

TEST(store_audit_review_facts_every_branch)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t a = fx_branch(st, "F1", "F1党支部", 0);
    int64_t b = fx_branch(st, "F2", "F2党支部", 0);
    int64_t c = fx_branch(st, "F3", "F3党支部", 0); /* nothing at all */
    struct verdict v = verdict_def(a, "2024-05", "overall", "rectify", "全面整改", "2024-06-30");
    CHECK_INT(store_verdict_set(st, &v), STORE_OK);
    v = verdict_def(a, "2024-05", "meetings", "fail", "未召开支委会", "2024-06-15");
    CHECK_INT(store_verdict_set(st, &v), STORE_OK);
    v = verdict_def(a, "2024-04", "records", "rectify", "补全记录", "2024-05-15"); /* another month */
    CHECK_INT(store_verdict_set(st, &v), STORE_OK);
    v = verdict_def(b, "2024-05", "overall", "pass", "", "");
    CHECK_INT(store_verdict_set(st, &v), STORE_OK);
    v = verdict_def(b, "2024-05", "dues", "rectify", "补交党费", "2024-06-20");
    CHECK_INT(store_verdict_set(st, &v), STORE_OK);
    /* one of a's orders of May reported done */
    struct store_rectification_list r;
    CHECK_INT(store_rectification_list(st, a, &(struct zmonth){2024, 5}, false, &r), STORE_OK);
    CHECK_INT(r.n, 2);
    int64_t first = r.n > 0 ? r.v[0].id : 0;
    store_rectification_list_free(&r);
    CHECK_INT(store_rectification_done(st, first, "已补开"), STORE_OK);
    struct handin h = {.branch_id = b};
    snprintf(h.month, sizeof h.month, "2024-05");
    h.snapshot_json = (char *)"{\"score\":100}";
    CHECK_INT(store_handin_add(st, &h), STORE_OK);
    /* a record of reviewed May changed after review (a dues basis from May): an amend of a */
    int64_t ma = fx_member(st, &(struct fx_member){.branch = a, .name = "党员甲", .join = "2020-01-01"}, NULL);
    CHECK_INT(store_dues_basis_set(st, ma, (struct zmonth){2024, 5}, "employed", 300000, "",
                                   store_dues_bases_version(st, ma)), STORE_ERR_LOCKED);
    CHECK_INT(store_amend_begin(st, "基数漏登，补登"), STORE_OK);
    CHECK_INT(store_dues_basis_set(st, ma, (struct zmonth){2024, 5}, "employed", 300000, "",
                                   store_dues_bases_version(st, ma)), STORE_OK);
    store_amend_end(st);

    struct store_review_facts l;
    CHECK_INT(store_review_facts(st, (struct zmonth){2024, 5}, &l), STORE_OK);
    CHECK_INT(l.n, 3);
    const struct review_facts *fa = store_review_facts_find(&l, a), *fb = store_review_facts_find(&l, b);
    const struct review_facts *fc = store_review_facts_find(&l, c);
    CHECK(fa && fb && fc);
    if (fa && fb && fc) {
        CHECK_STR(fa->verdict, "rectify");
        CHECK_INT(fa->open_orders, 1);
        CHECK_INT(fa->done_orders, 1);
        CHECK_STR(fa->handed, "");
        CHECK_INT(fa->amends, 1);
        CHECK_STR(fb->verdict, "pass");
        CHECK_INT(fb->open_orders, 1);
        CHECK_INT(fb->done_orders, 0);
        CHECK_INT((int)strlen(fb->handed), 10);
        CHECK_INT(fb->amends, 0);
        CHECK_STR(fc->verdict, "");
        CHECK_STR(fc->handed, "");
        CHECK_INT(fc->open_orders + fc->done_orders + fc->amends, 0);
    }
    for (int64_t id = a; id <= c; id++) check_facts_match(st, &l, id, (struct zmonth){2024, 5});
    CHECK(store_review_facts_find(&l, c + 100) == NULL);
    store_review_facts_free(&l);
    /* April: a's one order, nothing else */
    CHECK_INT(store_review_facts(st, (struct zmonth){2024, 4}, &l), STORE_OK);
    for (int64_t id = a; id <= c; id++) check_facts_match(st, &l, id, (struct zmonth){2024, 4});
    fa = store_review_facts_find(&l, a);
    if (fa) {
        CHECK_STR(fa->verdict, "");
        CHECK_INT(fa->open_orders, 1);
        CHECK_INT(fa->amends, 0);
    }
    store_review_facts_free(&l);
    CHECK_INT(store_review_facts(st, (struct zmonth){2024, 13}, &l), STORE_ERR_CONSTRAINT);
    CHECK_INT(l.n, 0);
    store_close(st);
}

/* The review's month-taking reads refuse a month that is not zmonth_valid, with the message
 * store_verdict_set and store_handin_add give for a bad month text, and write nothing. */
TEST(store_audit_reads_refuse_bad_months)
{
    struct store *st = fresh();
    if (!st) return;
    int64_t b = fx_branch(st, "M1", "M1党支部", 0);
    struct handin h = {.branch_id = b};
    snprintf(h.month, sizeof h.month, "2024-05");
    h.snapshot_json = (char *)"{\"score\":85}";
    CHECK_INT(store_handin_add(st, &h), STORE_OK);
    struct handin bad = {.branch_id = b};
    snprintf(bad.month, sizeof bad.month, "2024-13");
    CHECK_INT(store_handin_add(st, &bad), STORE_ERR_CONSTRAINT);
    const char *msg = "月份格式应为 YYYY-MM";
    CHECK_STR(store_errmsg(st), msg);
    int64_t hist = store_history_count(st);
    const struct zmonth months[] = {{2024, 13}, {2024, 0}, {1899, 12}, {3000, 1}, {0, 0}};
    for (size_t i = 0; i < sizeof months / sizeof months[0]; i++) {
        struct zmonth m = months[i];
        struct store_verdict_list vl;
        CHECK_INT(store_verdict_list(st, b, m, &vl), STORE_ERR_CONSTRAINT);
        CHECK_STR(store_errmsg(st), msg);
        CHECK(vl.n == 0 && vl.v == NULL);
        char *json = (char *)"x";
        CHECK_INT(store_verdict_engine(st, b, m, "overall", &json), STORE_ERR_CONSTRAINT);
        CHECK_STR(store_errmsg(st), msg);
        CHECK(json == NULL);
        struct store_rectification_list rl;
        CHECK_INT(store_rectification_list(st, b, &m, false, &rl), STORE_ERR_CONSTRAINT);
        CHECK_STR(store_errmsg(st), msg);
        CHECK(rl.n == 0 && rl.v == NULL);
        struct handin got;
        CHECK_INT(store_handin_get(st, b, m, &got), STORE_ERR_CONSTRAINT);
        CHECK_STR(store_errmsg(st), msg);
        CHECK(got.snapshot_json == NULL);
        CHECK_INT(store_month_locked(st, b, m), STORE_ERR_CONSTRAINT);
        CHECK_STR(store_errmsg(st), msg);
        struct store_amend_list al;
        CHECK_INT(store_amend_list(st, b, &m, &al), STORE_ERR_CONSTRAINT);
        CHECK_STR(store_errmsg(st), msg);
        CHECK(al.n == 0 && al.v == NULL);
    }
    CHECK_INT((int)store_history_count(st), (int)hist);
    /* the month the hand-in has is still read */
    struct handin got;
    CHECK_INT(store_handin_get(st, b, (struct zmonth){2024, 5}, &got), STORE_OK);
    store_handin_free(&got);
    store_close(st);
}

/* ==== the tests of test_store_audit_all.c (moved whole) ==== */
/* Unit tests of store_audit_all (src/store/audit_db.c): every branch's input handed over at once
 * is the input store_audit_each hands over one branch at a time; the dues window, read on two
 * threads (its earlier and its later months), keeps the allocations of both halves and of a
 * payment that spans them, and an amount too large for the compact row, and drops a voided
 * payment's and those outside the window; bad
 * months and branches are refused without calling fn. */
#undef MAXB
static char path[1024]; /* the database open_fresh opened */

static struct store *open_fresh(const char *name)
{
    const char *dir = test_tmpdir();
    snprintf(path, sizeof path, "%s/%s", dir, name);
    struct store_options opt = {.create = true, .backup_keep = 5, .user = "审核员丙"};
    struct store *st = NULL;
    char err[512];
    if (store_open(path, &opt, &st, err, sizeof err) != STORE_OK) {
        test_fail(__FILE__, __LINE__, "store_open(%s): %s", path, err);
        return NULL;
    }
    return st;
}

static int64_t add_member(struct store *st, int64_t branch_id, const char *name)
{
    return fx_member(st, &(struct fx_member){.branch = branch_id, .name = name, .gender = "F",
                                             .join = "2015-07-01", .full = "2016-07-01"}, NULL);
}

/* amount 分 a month for from..to */
static int64_t add_payment(struct store *st, int64_t member_id, const char *date, int from_ym,
                           int to_ym, long amount)
{
    struct dues_paid alloc[24];
    int n = 0;
    for (int ym = from_ym; ym <= to_ym && n < 24; ym++) alloc[n++] = (struct dues_paid){ym, amount};
    struct dues_payment p = {0};
    p.member_id = member_id;
    snprintf(p.paid_date, sizeof p.paid_date, "%s", date);
    p.from_ym = from_ym;
    p.to_ym = to_ym;
    p.amount = amount * n;
    if (store_dues_payment_add(st, &p, alloc, n) != STORE_OK)
        test_fail(__FILE__, __LINE__, "payment_add: %s", store_errmsg(st));
    return p.id;
}

/* ---- what the loader hands out ---- */

#define MAXB 4
#define MAXM 8
struct got_member {
    int64_t id;
    int npaid;
    long paid_sum;
    unsigned long months; /* bit (ym - window start) for each allocation */
};
struct got_branch {
    int64_t id;
    char code[32];
    int nmembers, nmeetings, nholdings;
    struct got_member m[MAXM];
};
struct got {
    int calls, n;
    struct got_branch b[MAXB];
};

static int window_start; /* the window's first month (ym) of the month under test */

static void copy_branch(struct got_branch *g, const struct audit_input *in, const struct branch *b)
{
    memset(g, 0, sizeof *g);
    g->id = b->id;
    snprintf(g->code, sizeof g->code, "%s", b->code);
    g->nmembers = in->nmembers;
    g->nmeetings = in->nmeetings;
    g->nholdings = in->nholdings;
    for (int i = 0; i < in->nmembers && i < MAXM; i++) {
        const struct audit_member *m = &in->members[i];
        g->m[i].id = m->id;
        g->m[i].npaid = m->dues.npaid;
        for (int k = 0; k < m->dues.npaid; k++) {
            g->m[i].paid_sum += m->dues.paid[k].amount;
            int bit = m->dues.paid[k].ym - window_start;
            g->m[i].months |= bit >= 0 && bit < 64 ? 1UL << bit : 1UL << 63;
        }
    }
}

static int each_fn(const struct audit_input *in, const struct branch *b, void *ctx)
{
    struct got *g = ctx;
    g->calls++;
    if (g->n < MAXB) copy_branch(&g->b[g->n++], in, b);
    return 0;
}

static int all_fn(const struct audit_input *ins, const struct branch *bs, int n, void *ctx)
{
    struct got *g = ctx;
    g->calls++;
    for (int i = 0; i < n && g->n < MAXB; i++) copy_branch(&g->b[g->n++], &ins[i], &bs[i]);
    return 0;
}

static const struct got_member *member_of(const struct got *g, int64_t id)
{
    for (int b = 0; b < g->n; b++)
        for (int i = 0; i < g->b[b].nmembers && i < MAXM; i++)
            if (g->b[b].m[i].id == id) return &g->b[b].m[i];
    return NULL;
}

TEST(store_audit_all_hands_over_what_each_does)
{
    struct store *st = open_fresh("all.db");
    if (!st) return;
    int64_t town = fx_branch(st, "T0", "T0党支部", 0);
    int64_t a = fx_branch(st, "A1", "A1党支部", town);
    int64_t b = fx_branch(st, "B2", "B2党支部", town);
    int64_t m1 = add_member(st, a, "甲");
    int64_t m2 = add_member(st, a, "乙");
    int64_t m3 = add_member(st, b, "丙");

    /* the window of 2024-05: 2023-06 .. 2024-05; its halves 2023-06..2023-11, 2023-12..2024-05 */
    window_start = dues_ym(2023, 6);
    add_payment(st, m1, "2023-05-10", dues_ym(2023, 5), dues_ym(2023, 5), 200);  /* before */
    add_payment(st, m1, "2023-06-10", dues_ym(2023, 6), dues_ym(2023, 7), 200);  /* first half */
    add_payment(st, m1, "2023-11-10", dues_ym(2023, 11), dues_ym(2023, 12), 300); /* both */
    add_payment(st, m1, "2024-05-10", dues_ym(2024, 5), dues_ym(2024, 5), 200);  /* last month */
    add_payment(st, m1, "2024-06-10", dues_ym(2024, 6), dues_ym(2024, 6), 200);  /* after */
    int64_t v = add_payment(st, m1, "2024-04-10", dues_ym(2024, 4), dues_ym(2024, 4), 900);
    CHECK_INT(store_dues_payment_void(st, v, "金额录错"), STORE_OK);
    add_payment(st, m3, "2024-01-10", dues_ym(2023, 9), dues_ym(2024, 2), 100);    /* 6 months */

    struct zdate today = {2024, 6, 20};
    struct got all = {0}, each = {0};
    CHECK_INT(store_audit_all(st, 0, (struct zmonth){2024, 5}, today, all_fn, &all), STORE_OK);
    CHECK_INT(store_audit_each(st, 0, (struct zmonth){2024, 5}, today, each_fn, &each), STORE_OK);
    CHECK_INT(all.calls, 1);
    CHECK_INT(each.calls, 2);
    /* the leaf branches, in code order, not the township committee */
    CHECK_INT(all.n, 2);
    CHECK_STR(all.b[0].code, "A1");
    CHECK_STR(all.b[1].code, "B2");
    CHECK_INT(all.b[0].nmembers, 2);
    CHECK_INT(all.b[1].nmembers, 1);
    CHECK(memcmp(&all.b, &each.b, sizeof all.b) == 0);

    const struct got_member *g1 = member_of(&all, m1), *g2 = member_of(&all, m2),
                            *g3 = member_of(&all, m3);
    CHECK(g1 && g2 && g3);
    if (g1) {
        /* 2023-06, 2023-07 (200 each), 2023-11, 2023-12 (300 each), 2024-05 (200) */
        CHECK_INT(g1->npaid, 5);
        CHECK_INT(g1->paid_sum, 200 + 200 + 300 + 300 + 200);
        CHECK_INT(g1->months, (1UL << 0) | (1UL << 1) | (1UL << 5) | (1UL << 6) | (1UL << 11));
    }
    if (g2) CHECK_INT(g2->npaid, 0);
    if (g3) {
        CHECK_INT(g3->npaid, 6);
        CHECK_INT(g3->paid_sum, 600);
        CHECK_INT(g3->months, 0x3FUL << 3); /* 2023-09 .. 2024-02 */
    }

    /* an amount beyond 32 bits (not one the forms accept, but the loader keeps it whole) */
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    char sql[256];
    snprintf(sql, sizeof sql,
             "UPDATE dues_allocation SET amount = 5000000000 WHERE month = '2023-12'"
             " AND payment_id IN (SELECT id FROM dues_payment WHERE member_id = %lld)",
             (long long)m1);
    CHECK_INT(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    CHECK_INT(sqlite3_changes(db), 1);
    sqlite3_close(db);
    memset(&all, 0, sizeof all);
    CHECK_INT(store_audit_all(st, 0, (struct zmonth){2024, 5}, today, all_fn, &all), STORE_OK);
    g1 = member_of(&all, m1);
    CHECK(g1 != NULL);
    if (g1) {
        CHECK_INT(g1->npaid, 5);
        CHECK(g1->paid_sum == 200L + 200 + 300 + 5000000000L + 200);
    }

    /* one branch */
    memset(&all, 0, sizeof all);
    CHECK_INT(store_audit_all(st, b, (struct zmonth){2024, 5}, today, all_fn, &all), STORE_OK);
    CHECK_INT(all.calls, 1);
    CHECK_INT(all.n, 1);
    CHECK_STR(all.b[0].code, "B2");
    g3 = member_of(&all, m3);
    CHECK(g3 != NULL);
    if (g3) CHECK_INT(g3->paid_sum, 600);
    store_close(st);
}

/* store_audit_all_pair: the second month's load is given the meetings store_audit_all gives
 * that month — the first month's kept (an earlier month of the same year: those dated by its
 * end, none of the later month's) or read (December before a January) — for a branch with
 * meetings only in the later month, one only in the earlier (on its last day), one with none;
 * a voided meeting in neither. */
#define PAIR_B 4
#define PAIR_M 16
struct pair_seen {
    int n;
    struct {
        int64_t id;
        int nmeetings, nmembers;
        int64_t meetings[PAIR_M];
        struct zdate dates[PAIR_M];
    } b[PAIR_B];
};
static void pair_copy(struct pair_seen *p, const struct audit_input *ins, const struct branch *bs, int n)
{
    memset(p, 0, sizeof *p);
    for (int i = 0; i < n && i < PAIR_B; i++) {
        p->b[i].id = bs[i].id;
        p->b[i].nmeetings = ins[i].nmeetings;
        p->b[i].nmembers = ins[i].nmembers;
        for (int k = 0; k < ins[i].nmeetings && k < PAIR_M; k++) {
            p->b[i].meetings[k] = ins[i].meetings[k].id;
            p->b[i].dates[k] = ins[i].meetings[k].f.date;
        }
        p->n++;
    }
}
struct pair_got {
    struct pair_seen first, second;
};
static int pair_first(const struct audit_input *ins, const struct branch *bs, int n, void *ctx)
{
    pair_copy(&((struct pair_got *)ctx)->first, ins, bs, n);
    return 0;
}
static int pair_second(const struct audit_input *ins, const struct branch *bs, int n, void *ctx)
{
    pair_copy(&((struct pair_got *)ctx)->second, ins, bs, n);
    return 0;
}
static int pair_alone(const struct audit_input *ins, const struct branch *bs, int n, void *ctx)
{
    pair_copy(ctx, ins, bs, n);
    return 0;
}

TEST(store_audit_all_pair_meetings_of_each_month)
{
    struct store *st = open_fresh("pair.db");
    if (!st) return;
    int64_t a = fx_branch(st, "P1", "P1党支部", 0); /* meetings in October only */
    int64_t b = fx_branch(st, "P2", "P2党支部", 0); /* in September only (its last day) */
    fx_branch(st, "P3", "P3党支部", 0); /* none */
    add_member(st, a, "甲");
    add_member(st, b, "乙");
    test_add_meeting(st, a, "committee", "2024-10-01");
    test_add_meeting(st, a, "general", "2024-10-15");
    test_add_meeting(st, b, "committee", "2024-09-30");
    test_add_meeting(st, b, "committee", "2024-03-05");
    int64_t gone = test_add_meeting(st, b, "general", "2024-09-12");
    CHECK_INT(store_meeting_void(st, gone, "录重"), STORE_OK);
    test_add_meeting(st, a, "committee", "2024-12-20");
    test_add_meeting(st, b, "committee", "2025-01-08");
    struct zdate today = {2025, 2, 10};
    const struct zmonth pairs[][2] = {{{2024, 10}, {2024, 9}}, {{2025, 1}, {2024, 12}}, {{2024, 12}, {2024, 3}}};
    for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
        struct pair_got got;
        struct pair_seen want1, want2;
        memset(&got, 0, sizeof got);
        int failed = -1;
        CHECK_INT(store_audit_all_pair(st, pairs[k][0], pairs[k][1], today, pair_first, pair_second, &got,
                                       &failed), STORE_OK);
        CHECK_INT(failed, 0);
        CHECK_INT(store_audit_all(st, 0, pairs[k][0], today, pair_alone, &want1), STORE_OK);
        CHECK_INT(store_audit_all(st, 0, pairs[k][1], today, pair_alone, &want2), STORE_OK);
        CHECK_INT(got.second.n, 3);
        CHECK(memcmp(&got.first, &want1, sizeof want1) == 0);
        CHECK(memcmp(&got.second, &want2, sizeof want2) == 0);
    }
    /* what the kept load gave September: P1 none, P2 its two (March and the 30th), P3 none */
    struct pair_got got;
    memset(&got, 0, sizeof got);
    int failed = -1;
    CHECK_INT(store_audit_all_pair(st, (struct zmonth){2024, 10}, (struct zmonth){2024, 9}, today, pair_first,
                                   pair_second, &got, &failed), STORE_OK);
    CHECK_INT(got.first.b[0].nmeetings, 2);
    CHECK_INT(got.first.b[1].nmeetings, 2);
    CHECK_INT(got.second.b[0].nmeetings, 0);
    CHECK_INT(got.second.b[1].nmeetings, 2);
    CHECK_INT(got.second.b[1].dates[1].d, 30);
    CHECK_INT(got.second.b[2].nmeetings, 0);
    CHECK_INT(got.second.b[2].nmembers, 0);
    store_close(st);
}

TEST(store_audit_all_refuses_bad_months_and_branches)
{
    struct store *st = open_fresh("all_bad.db");
    if (!st) return;
    int64_t town = fx_branch(st, "T0", "T0党支部", 0);
    fx_branch(st, "A1", "A1党支部", town);
    struct zdate today = {2024, 6, 20};
    struct got g = {0};
    CHECK_INT(store_audit_all(st, 0, (struct zmonth){2024, 13}, today, all_fn, &g), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_audit_all(st, 0, (struct zmonth){1899, 12}, today, all_fn, &g), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_audit_all(st, 9999, (struct zmonth){2024, 5}, today, all_fn, &g), STORE_ERR_NOT_FOUND);
    CHECK_INT(store_audit_all(st, -1, (struct zmonth){2024, 5}, today, all_fn, &g), STORE_ERR_NOT_FOUND);
    CHECK_INT(g.calls, 0);
    /* a database whose branches have no members: fn once, with every leaf branch */
    CHECK_INT(store_audit_all(st, 0, (struct zmonth){2024, 5}, today, all_fn, &g), STORE_OK);
    CHECK_INT(g.calls, 1);
    CHECK_INT(g.n, 1);
    CHECK_INT(g.b[0].nmembers, 0);
    store_close(st);
}

struct group_counts {
    int64_t ga, gb;
    int na, nb, seen;
};

static int grab_groups(const struct audit_input *in, const struct branch *b, void *ctx)
{
    (void)b;
    struct group_counts *c = ctx;
    for (int g = 0; g < in->ngroups; g++) {
        if (in->groups[g].id == c->ga) c->na = in->groups[g].members, c->seen++;
        if (in->groups[g].id == c->gb) c->nb = in->groups[g].members, c->seen++;
    }
    return 0;
}

/* A group's members on the roster at the month's end, loaded for one branch (counted in SQL) and
 * for every branch (counted from the members' rows): the same — admitted after the month, left
 * in it or long before left out; left after it counted. */
static int64_t add_group(struct store *st, int64_t branch_id, const char *name, const char *start)
{
    struct group g = {.branch_id = branch_id};
    snprintf(g.name, sizeof g.name, "%s", name);
    snprintf(g.start_date, sizeof g.start_date, "%s", start);
    if (store_group_add(st, &g) != STORE_OK) test_fail(__FILE__, __LINE__, "group_add: %s", store_errmsg(st));
    return g.id;
}

TEST(store_audit_group_members_every_branch)
{
    char *db = test_db_path("gm.db");
    struct store *st = test_open_db(db, "书记甲");
    free(db);
    if (!st) return;
    int64_t a = fx_branch(st, "GA", "GA村党支部", 0);
    int64_t b = fx_branch(st, "GB", "GB村党支部", 0);
    int64_t ga = add_group(st, a, "第一党小组", "2019-01-01");
    int64_t gb = add_group(st, b, "第一党小组", "2019-01-01");
    fx_member(st, &(struct fx_member){.branch = a, .group = ga, .name = "在册", .join = "2020-01-01"}, NULL);
    fx_member(st, &(struct fx_member){.branch = a, .group = ga, .name = "后入", .join = "2026-11-05"}, NULL);
    fx_member(st, &(struct fx_member){.branch = a, .group = ga, .name = "月内", .join = "2020-01-01",
                                      .leave_status = "deceased", .leave_date = "2026-10-15"}, NULL);
    fx_member(st, &(struct fx_member){.branch = a, .group = ga, .name = "月后", .join = "2020-01-01",
                                      .leave_status = "deceased", .leave_date = "2026-11-03"}, NULL);
    fx_member(st, &(struct fx_member){.branch = a, .group = ga, .name = "早离", .join = "2020-01-01",
                                      .leave_status = "deceased", .leave_date = "2025-01-01"}, NULL);
    fx_member(st, &(struct fx_member){.branch = b, .group = gb, .name = "乙", .join = "2021-03-01"}, NULL);
    for (int every = 0; every <= 1; every++) {
        struct group_counts c = {.ga = ga, .gb = gb, .na = -1, .nb = -1};
        CHECK_INT(store_audit_each(st, every ? 0 : a, (struct zmonth){2026, 10}, (struct zdate){2026, 11, 21},
                                   grab_groups, &c), STORE_OK);
        CHECK_INT(c.na, 2);
        if (every) CHECK_INT(c.nb, 1);
        CHECK_INT(c.seen, every ? 2 : 1);
    }
    store_close(st);
}

struct leave_seen {
    int64_t ids[4];
    int leave_ym[4];
};

static int grab_leaves(const struct audit_input *in, const struct branch *b, void *ctx)
{
    (void)b;
    struct leave_seen *c = ctx;
    for (int i = 0; i < in->nmembers; i++)
        for (int k = 0; k < 4; k++)
            if (in->members[i].id == c->ids[k]) c->leave_ym[k] = in->members[i].dues.leave_ym;
    return 0;
}

/* Members transferred out in the month owe to the month their letter states (党费交至) or, with
 * none stated, to the month they left: the same loaded for one branch and for every branch,
 * members on the roster between them (the letters are merged in member order). */
TEST(store_audit_transferred_out_every_branch)
{
    char *db = test_db_path("to.db");
    struct store *st = test_open_db(db, "书记甲");
    free(db);
    if (!st) return;
    int64_t a = fx_branch(st, "TA", "TA村党支部", 0);
    struct leave_seen want = {.ids = {0}, .leave_ym = {0}};
    const char *through[4] = {"2026-12", NULL, "", NULL};
    const char *names[4] = {"转出甲", "在册乙", "转出丙", "在册丁"};
    for (int k = 0; k < 4; k++) {
        want.ids[k] = fx_member(st, &(struct fx_member){.branch = a, .name = names[k], .join = "2020-01-01"}, NULL);
        if (!through[k]) continue;
        struct transfer t = {.member_id = want.ids[k]};
        snprintf(t.direction, sizeof t.direction, "out");
        snprintf(t.date, sizeof t.date, "2026-10-10");
        snprintf(t.place, sizeof t.place, "邻镇红星村党支部");
        snprintf(t.letter_no, sizeof t.letter_no, "转（2026）%d号", k + 1);
        snprintf(t.dues_paid_through, sizeof t.dues_paid_through, "%s", through[k]);
        CHECK_INT(store_transfer_out(st, &t), STORE_OK);
    }
    int join_ym = dues_join_ym("2020-01-01", "");
    for (int k = 0; k < 4; k++)
        want.leave_ym[k] = through[k] ? dues_leave_ym_of("transferred", "2026-10-10", "", join_ym, through[k]) : 0;
    CHECK(want.leave_ym[0] != want.leave_ym[2]); /* the letter's month counts */
    for (int every = 0; every <= 1; every++) {
        struct leave_seen got = {.ids = {want.ids[0], want.ids[1], want.ids[2], want.ids[3]},
                                 .leave_ym = {-1, -1, -1, -1}};
        CHECK_INT(store_audit_each(st, every ? 0 : a, (struct zmonth){2026, 10}, (struct zdate){2026, 11, 21},
                                   grab_leaves, &got), STORE_OK);
        for (int k = 0; k < 4; k++) CHECK_INT(got.leave_ym[k], want.leave_ym[k]);
    }
    store_close(st);
}

struct until_seen {
    int64_t ids[5];
    char until[5][16];
};

static int grab_until(const struct audit_input *in, const struct branch *b, void *ctx)
{
    (void)b;
    struct until_seen *c = ctx;
    for (int i = 0; i < in->nmembers; i++)
        for (int k = 0; k < 5; k++)
            if (in->members[i].id == c->ids[k])
                snprintf(c->until[k], sizeof c->until[k], "%s", in->members[i].probation_until);
    return 0;
}

/* A probationary member's extension (延长预备期) as the month's end saw it: the newest decision
 * by then (by date, then the later one of a day), a decision after the month, a cancellation
 * and a full member's extension left out — the same for one branch and every branch (the
 * decisions are read apart from the members and merged in member order). */
TEST(store_audit_probation_extension_every_branch)
{
    char *db = test_db_path("pe.db");
    struct store *st = test_open_db(db, "书记甲");
    if (!st) {
        free(db);
        return;
    }
    int64_t a = fx_branch(st, "PA", "PA村党支部", 0);
    int64_t b = fx_branch(st, "PB", "PB村党支部", 0);
    struct until_seen want = {{0}, {"2026-09-30", "", "", "", "2027-01-01"}};
    want.ids[0] = fx_member(st, &(struct fx_member){.branch = a, .name = "预备甲", .join = "2025-03-01", .full = ""}, NULL);
    want.ids[1] = fx_member(st, &(struct fx_member){.branch = a, .name = "预备乙", .join = "2025-04-01", .full = ""}, NULL);
    want.ids[2] = fx_member(st, &(struct fx_member){.branch = a, .name = "正式丙", .join = "2020-01-01", .full = "2021-01-01"}, NULL);
    want.ids[3] = fx_member(st, &(struct fx_member){.branch = a, .name = "预备丁", .join = "2025-05-01", .full = ""}, NULL);
    want.ids[4] = fx_member(st, &(struct fx_member){.branch = b, .name = "预备戊", .join = "2025-05-01", .full = ""}, NULL);
    static const struct {
        int who;
        const char *kind, *date, *until;
    } dec[] = {
        /* (of a day, the later decision is the one inserted later: the higher id) */
        {0, "extend", "2026-09-01", "2026-12-01"}, {0, "extend", "2026-09-01", "2026-09-30"},
        {0, "extend", "2026-03-01", "2026-06-01"}, {0, "extend", "2026-11-05", "2027-05-01"},
        {0, "cancel", "2026-10-20", ""},           {2, "extend", "2020-06-01", "2021-01-01"},
        {3, "extend", "2026-11-01", "2027-02-01"}, {4, "extend", "2026-08-01", "2027-01-01"},
    };
    for (size_t k = 0; k < sizeof dec / sizeof dec[0]; k++) {
        char sql[512];
        snprintf(sql, sizeof sql,
                 "INSERT INTO probation_decision(uuid, member_id, kind, date, until, created_at, created_by,"
                 " updated_at) VALUES ('pe-%zu', %lld, '%s', '%s', '%s', '2026-01-01 00:00:00', 't',"
                 " '2026-01-01 00:00:00')",
                 k, (long long)want.ids[dec[k].who], dec[k].kind, dec[k].date, dec[k].until);
        test_sql(db, sql);
    }
    for (int every = 0; every <= 1; every++) {
        struct until_seen got = {{want.ids[0], want.ids[1], want.ids[2], want.ids[3], want.ids[4]},
                                 {"x", "x", "x", "x", "x"}};
        CHECK_INT(store_audit_each(st, every ? 0 : a, (struct zmonth){2026, 10}, (struct zdate){2026, 11, 21},
                                   grab_until, &got), STORE_OK);
        for (int k = 0; k < 4; k++) CHECK_STR(got.until[k], want.until[k]);
        CHECK_STR(got.until[4], every ? want.until[4] : "x");
    }
    free(db);
    store_close(st);
}

static void set_ended(const char *db, int64_t holding_id, const char *ended)
{
    char sql[160];
    snprintf(sql, sizeof sql, "UPDATE post_holding SET ended = '%s' WHERE id = %lld", ended, (long long)holding_id);
    test_sql(db, sql);
}

/* The holdings of every branch (read in the holdings' index order on the loader's thread, each
 * post's branch merged in, the month's test made in C) as one branch's: the same holdings in
 * the same order, with the same ends and last reports, when the branches' posts are numbered
 * in turn (each branch's rows laid out again) — a holding ended on the month's first day, on
 * the day it was claimed, before the month, claimed after it left out; one claimed on the
 * month's last day, ended after it, kept as held. */
TEST(store_audit_holdings_every_branch_as_one)
{
    char *db = test_db_path("ho.db");
    struct store *st = test_open_db(db, "书记甲");
    if (!st) {
        free(db);
        return;
    }
    int64_t a = fx_branch(st, "HA", "HA村党支部", 0);
    int64_t b = fx_branch(st, "HB", "HB村党支部", 0);
    int64_t ma[7], mb[2];
    for (int i = 0; i < 7; i++) ma[i] = mk_member(st, a, "甲", "2020-01-01", "2021-01-01", "", "");
    for (int i = 0; i < 2; i++) mb[i] = mk_member(st, b, "乙", "2020-01-01", "2021-01-01", "", "");
    int64_t pa1 = mk_post(st, a, "政策宣传员");
    int64_t pb1 = mk_post(st, b, "政策宣传员");
    int64_t pa2 = mk_post(st, a, "环境监督员");
    int64_t pb2 = mk_post(st, b, "环境监督员");
    int64_t h_cur = claim(st, pa1, ma[0], "2026-09-01");
    int64_t h_e0930 = claim(st, pa1, ma[1], "2026-01-01");
    int64_t h_e1001 = claim(st, pa1, ma[2], "2026-01-02");
    int64_t h_e1002 = claim(st, pa1, ma[3], "2026-01-03");
    int64_t h_same = claim(st, pa1, ma[4], "2026-10-05");
    int64_t h_future = claim(st, pa2, ma[5], "2026-11-01");
    int64_t h_a2 = claim(st, pa2, ma[6], "2025-03-01");
    int64_t h_me = claim(st, pb1, mb[0], "2026-10-31");
    int64_t h_b2 = claim(st, pb2, mb[1], "2024-01-01");
    report(st, h_cur, "2026-09-15");
    report(st, h_cur, "2026-11-02");
    report(st, h_b2, "2025-12-31");
    set_ended(db, h_e0930, "2026-09-30");
    set_ended(db, h_e1001, "2026-10-01");
    set_ended(db, h_e1002, "2026-10-02");
    set_ended(db, h_same, "2026-10-05");
    set_ended(db, h_me, "2026-12-01");
    (void)h_future;
    struct zmonth oct = {2026, 10};
    struct zdate today = {2026, 11, 21};
    struct seen all = {0};
    CHECK_INT(store_audit_each(st, 0, oct, today, collect, &all), STORE_OK);
    CHECK_INT(all.n, 2);
    for (int k = 0; k < all.n; k++) {
        struct seen one = {0};
        CHECK_INT(store_audit_each(st, all.b[k].id, oct, today, collect, &one), STORE_OK);
        CHECK_INT(one.n, 1);
        CHECK_INT(one.b[0].nholdings, all.b[k].nholdings);
        CHECK(memcmp(one.b[0].holdings, all.b[k].holdings, sizeof one.b[0].holdings) == 0);
    }
    const struct seen_branch *sa = all.b[0].id == a ? &all.b[0] : &all.b[1];
    const struct seen_branch *sb = all.b[0].id == a ? &all.b[1] : &all.b[0];
    CHECK_INT(sa->nholdings, 3);
    CHECK_INT(sb->nholdings, 2);
    int64_t want_a[3] = {h_e1002, h_cur, h_a2}, want_b[2] = {h_me, h_b2};
    for (int i = 0; i < 3 && i < sa->nholdings; i++) CHECK(sa->holdings[i].id == want_a[i]);
    for (int i = 0; i < 2 && i < sb->nholdings; i++) CHECK(sb->holdings[i].id == want_b[i]);
    const struct seen_holding *x_cur = holding_in(sa, h_cur), *x_a2 = holding_in(sa, h_a2),
                              *x_b2 = holding_in(sb, h_b2), *x_e1002 = holding_in(sa, h_e1002),
                              *x_me = holding_in(sb, h_me);
    CHECK(x_cur && x_a2 && x_b2 && x_e1002 && x_me);
    if (x_cur && x_a2 && x_b2 && x_e1002 && x_me) {
        CHECK_STR(x_cur->last_report, "2026-09-15");
        CHECK_STR(x_a2->last_report, "");
        CHECK_STR(x_b2->last_report, "2025-12-31");
        CHECK(date_cmp(x_e1002->ended, (struct zdate){2026, 10, 2}) == 0);
        CHECK(date_cmp(x_me->ended, (struct zdate){0}) == 0);
        CHECK(date_cmp(x_cur->ended, (struct zdate){0}) == 0);
    }
    free(db);
    store_close(st);
}
