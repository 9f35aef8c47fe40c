/* Unit tests of store_meeting_expected (meeting_list.c) against the SQL it replaced: the list is
 * filtered and ordered in C since issue 17 (the demo's 7%), and must stay exactly what the one
 * statement gave — the same members, offices, voting and order — for every kind, group and day,
 * with office history spans, members without a group, names that tie or are each other's
 * prefixes, and members who left. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/store/store_priv.h"
#include "fixtures.h"
#include "test.h"
#include "zhibu/store.h"
#include "zhibu/store_meeting.h"

/* The statement store_meeting_expected ran before (adda8c4), word for word. */
#define OLD_RANK(col)                                                                          \
    " CASE " col " WHEN 'secretary' THEN 0 WHEN 'deputy' THEN 1 WHEN 'organization' THEN 2"    \
    " WHEN 'publicity' THEN 3 WHEN 'discipline' THEN 4 WHEN 'committee' THEN 5 ELSE 6 END"
#define OLD_OFFICE                                                                             \
    " CASE WHEN EXISTS (SELECT 1 FROM office_term t WHERE t.member_id = m.id)"                \
    " THEN ifnull((SELECT t.office FROM office_term t WHERE t.member_id = m.id"               \
    "  AND t.from_date <= ?2 AND (t.to_date = '' OR t.to_date > ?2)"                          \
    "  ORDER BY t.from_date DESC, t.id DESC LIMIT 1), '') ELSE m.office END"
static const char OLD_SQL[] =
    "SELECT id, name, office, voting FROM (SELECT m.id, m.name, g.id AS gid," OLD_OFFICE
    " AS office,"
    " CASE WHEN m.full_date <> '' THEN m.full_date <= ?2 ELSE m.status = 'full' END AS voting"
    " FROM member m LEFT JOIN party_group g ON g.id = m.group_id"
    " WHERE m.branch_id = ?1 AND m.join_date <= ?2"
    " AND (m.leave_status = '' OR m.leave_date >= ?2)"
    " AND (?4 = 0 OR m.group_id = ?4))"
    " WHERE (?3 = 0 OR office <> '')"
    " ORDER BY CASE WHEN ?3 = 1 THEN" OLD_RANK("office") " ELSE 0 END,"
    " gid IS NULL, gid," OLD_RANK("office") ", name, id";

/* The list of one call compared with the old statement's rows, in order. */
static void same_as_old(struct store *st, sqlite3 *db, int64_t branch, enum meeting_kind kind,
                        int64_t group, const char *date, int *nonempty)
{
    struct attendee *list = NULL;
    int n = -1;
    CHECK_INT(store_meeting_expected(st, branch, kind, group, date, &list, &n), STORE_OK);
    int k = 0;
    if (!(kind == MK_GROUP && group == 0)) {
        sqlite3_stmt *s = NULL;
        CHECK_INT(sqlite3_prepare_v2(db, OLD_SQL, -1, &s, NULL), SQLITE_OK);
        sqlite3_bind_int64(s, 1, branch);
        sqlite3_bind_text(s, 2, date, -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 3, kind == MK_COMMITTEE);
        sqlite3_bind_int64(s, 4, kind == MK_GROUP ? group : 0);
        while (sqlite3_step(s) == SQLITE_ROW) {
            if (k >= n) {
                test_fail(__FILE__, __LINE__, "%s kind %d group %lld: more rows in the old list",
                          date, (int)kind, (long long)group);
                break;
            }
            const char *office = (const char *)sqlite3_column_text(s, 2);
            if (list[k].member_id != sqlite3_column_int64(s, 0) ||
                strcmp(list[k].name, (const char *)sqlite3_column_text(s, 1)) != 0 ||
                strcmp(list[k].office, office ? office : "") != 0 ||
                list[k].voting != (sqlite3_column_int(s, 3) != 0) ||
                strcmp(list[k].mark, "present") != 0)
                test_fail(__FILE__, __LINE__, "%s kind %d group %lld row %d: %lld %s, old %lld",
                          date, (int)kind, (long long)group, k, (long long)list[k].member_id,
                          list[k].name, (long long)sqlite3_column_int64(s, 0));
            k++;
        }
        sqlite3_finalize(s);
    }
    CHECK_INT(n, k);
    if (n > 1) (*nonempty)++;
    free(list);
}

/* A member of roster(): its group (an index into the groups given; -1: none), then
 * fx_member_dated's name, office and dates */
struct rrow {
    int group;
    const char *name, *office, *join, *full, *leave;
};

/* rows' members added to branch b in order, their ids in ids[] (when given) */
static void roster(struct store *st, int64_t b, const int64_t *groups, const struct rrow *rows, int n,
                   int64_t *ids)
{
    for (int i = 0; i < n; i++) {
        const struct rrow *r = &rows[i];
        int64_t id = fx_member_dated(st, b, r->group < 0 ? 0 : groups[r->group], r->name, r->office,
                                     r->join, r->full, r->leave);
        CHECK(id > 0);
        if (ids) ids[i] = id;
    }
}

/* two_branches()'s database: open in st, branch b with groups g1 and g2, another branch with
 * group og */
struct two {
    struct store *st;
    int64_t b, other, g1, g2, og;
};

/* A test database named name made as struct two says; its path returned (the caller frees it),
 * NULL when it cannot be opened */
static char *two_branches(const char *name, struct two *t)
{
    char *p = test_db_path(name);
    t->st = test_open_db(p, "书记甲");
    if (!t->st) {
        free(p);
        return NULL;
    }
    t->b = fx_branch(t->st, "X1", "X1村党支部", 0);
    t->other = fx_branch(t->st, "X2", "X2村党支部", 0);
    t->g1 = fx_group(t->st, t->b, "第一党小组");
    t->g2 = fx_group(t->st, t->b, "第二党小组");
    t->og = fx_group(t->st, t->other, "外党小组");
    return p;
}

TEST(store_meeting_expected_as_the_old_statement)
{
    struct two t;
    char *p = two_branches("expected.db", &t);
    if (!p) return;
    struct store *st = t.st;
    int64_t b = t.b, other = t.other, g1 = t.g1, g2 = t.g2, og = t.og;
    int64_t g3 = fx_group(st, b, "空党小组");
    static const struct rrow ROSTER[] = {
        {1, "王", "secretary", "2001-07-01", "2002-07-01", ""},
        {1, "王", "", "2005-01-01", "2006-01-01", ""}, /* same name */
        {0, "王二", "committee", "2003-01-01", "2004-01-01", ""},
        {0, "王二", "committee", "2003-01-01", "2004-06-01", ""}, /* a tie */
        {0, "王二小", "committee", "2003-01-01", "2004-01-01", ""}, /* a prefix */
        {-1, "Zhaoyi", "", "2000-01-01", "2001-01-01", ""},
        {0, "李", "deputy", "2002-01-01", "2003-01-01", ""},
        {-1, "赵", "publicity", "2000-01-01", "2001-01-01", ""},
        {-1, "Zhao", "", "2000-01-01", "2001-01-01", ""}, /* ASCII before CJK */
        {-1, "zhao", "discipline", "2000-01-01", "2001-01-01", "2020-06-01"},
        {0, "钱", "organization", "2010-01-01", "2011-01-01", "2015-03-01"},
        {1, "孙", "", "2019-12-31", "", ""},
        {1, "周", "", "2000-01-01", "2001-01-01", "2021-01-01"},
    };
    int64_t ids[sizeof ROSTER / sizeof ROSTER[0]];
    roster(st, b, (const int64_t[]){g1, g2}, ROSTER, (int)(sizeof ROSTER / sizeof ROSTER[0]), ids);
    int64_t sec = ids[0], dep = ids[6];
    fx_member_dated(st, other, og, "外", "secretary", "2000-01-01", "2001-01-01", "");
    store_close(st);

    /* office history: spans (an overlap, a closed span, one of a member whose roster office
     * differs), and a member whose group row is gone */
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(p, &db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db,
                           "INSERT INTO office_term(uuid, member_id, office, from_date, to_date,"
                           " created_at, created_by, updated_at) VALUES"
                           " ('t1', " "(SELECT id FROM member WHERE name = '李'), 'committee',"
                           "  '2002-01-01', '2012-01-01', '', 'x', ''),"
                           " ('t2', (SELECT id FROM member WHERE name = '李'), 'deputy',"
                           "  '2012-01-01', '', '', 'x', ''),"
                           " ('t3', (SELECT id FROM member WHERE name = '王' AND office = ''),"
                           "  'organization', '2015-01-01', '2018-01-01', '', 'x', ''),"
                           " ('t4', (SELECT id FROM member WHERE name = '王' AND office = ''),"
                           "  'publicity', '2016-01-01', '2017-01-01', '', 'x', '');"
                           "UPDATE member SET group_id = 999999 WHERE name = '孙';",
                           NULL, NULL, NULL),
              SQLITE_OK);
    st = test_open_db(p, "书记甲");
    CHECK(st != NULL);
    if (!st) {
        sqlite3_close(db);
        free(p);
        return;
    }
    static const char *const DAYS[] = {"1999-12-31", "2001-07-01", "2002-01-01", "2005-06-30",
                                       "2012-01-01", "2015-03-01", "2016-06-01", "2017-01-01",
                                       "2019-12-31", "2020-06-01", "2021-01-02", "2026-11-21"};
    const enum meeting_kind KINDS[] = {MK_GENERAL, MK_COMMITTEE, MK_GROUP, MK_LECTURE};
    const int64_t GROUPS[] = {0, g1, g2, g3, og};
    int nonempty = 0;
    for (size_t d = 0; d < sizeof DAYS / sizeof DAYS[0]; d++)
        for (size_t k = 0; k < sizeof KINDS / sizeof KINDS[0]; k++)
            for (size_t g = 0; g < (KINDS[k] == MK_GROUP ? sizeof GROUPS / sizeof GROUPS[0] : 1); g++) {
                same_as_old(st, db, b, KINDS[k], GROUPS[g], DAYS[d], &nonempty);
                if (KINDS[k] != MK_GROUP) same_as_old(st, db, other, KINDS[k], 0, DAYS[d], &nonempty);
            }
    CHECK(nonempty > 20); /* the comparison compared something */

    /* what the list looks like on one day, as a reader sees it: the committee by rank, the
     * deputy from his office history */
    struct attendee *list = NULL;
    int n = 0;
    CHECK_INT(store_meeting_expected(st, b, MK_COMMITTEE, 0, "2016-06-01", &list, &n), STORE_OK);
    CHECK(n >= 3);
    if (n >= 3) {
        CHECK_INT(list[0].member_id, sec);
        CHECK_INT(list[1].member_id, dep);
        CHECK_STR(list[1].office, "deputy");
        CHECK_STR(list[2].office, "publicity"); /* 王: the newer of two spans that day */
    }
    free(list);
    sqlite3_close(db);
    store_close(st);
    free(p);
}

/* Every kind, group and day compared with the old statement (same_as_old); the number of lists
 * of two or more members into *nonempty. */
static void all_as_old(struct store *st, sqlite3 *db, int64_t b, const int64_t *groups, int ngroups,
                       int *nonempty)
{
    static const char *const DAYS[] = {"1999-12-31", "2001-07-01", "2002-01-01", "2005-06-30",
                                       "2015-03-01", "2016-06-01", "2020-06-01", "2026-11-21"};
    const enum meeting_kind KINDS[] = {MK_GENERAL, MK_COMMITTEE, MK_GROUP, MK_TALK};
    for (size_t d = 0; d < sizeof DAYS / sizeof DAYS[0]; d++)
        for (size_t k = 0; k < sizeof KINDS / sizeof KINDS[0]; k++)
            for (int g = 0; g < (KINDS[k] == MK_GROUP ? ngroups : 1); g++)
                same_as_old(st, db, b, KINDS[k], groups[g], DAYS[d], nonempty);
}

/* The demo's bulk reads the expected lists from a copy of the branch's roster (meeting_list.c,
 * st_roster_watch): the same lists as the statement, before and after every kind of change of
 * the tables the copy holds (a member added, one leaving, a group's row gone, an office
 * history: then read by SQL), written through the store's own connection as the demo does. */
TEST(store_meeting_expected_roster_copy_as_the_old_statement)
{
    struct two t;
    char *p = two_branches("expected_copy.db", &t);
    if (!p) return;
    struct store *st = t.st;
    int64_t b = t.b, other = t.other, g1 = t.g1, g2 = t.g2, og = t.og;
    static const struct rrow ROSTER[] = {
        {1, "王", "secretary", "2001-07-01", "2002-07-01", ""},
        {1, "王", "", "2005-01-01", "", ""}, /* probationary: no full date */
        {0, "王二", "committee", "2003-01-01", "2004-01-01", ""},
        {0, "王二小", "deputy", "2003-01-01", "2004-01-01", ""},
        {-1, "Zhao", "", "2000-01-01", "2001-01-01", ""},
        {-1, "zhao", "discipline", "2000-01-01", "2001-01-01", "2020-06-01"},
        {0, "钱", "organization", "2010-01-01", "2011-01-01", "2015-03-01"},
    };
    roster(st, b, (const int64_t[]){g1, g2}, ROSTER, (int)(sizeof ROSTER / sizeof ROSTER[0]), NULL);
    fx_member_dated(st, other, og, "外", "secretary", "2000-01-01", "2001-01-01", "");
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(p, &db), SQLITE_OK);
    const int64_t groups[] = {0, g1, g2, og};
    int before = 0, nonempty = 0;
    all_as_old(st, db, b, groups, 4, &before); /* no bulk: the statement's own lists */
    st->demo_bulk = true;
    st_roster_watch(st, true);
    all_as_old(st, db, b, groups, 4, &nonempty);
    CHECK_INT(nonempty, before);
    CHECK(nonempty > 10);
    all_as_old(st, db, other, groups, 4, &nonempty); /* another branch, then back */
    all_as_old(st, db, b, groups, 4, &nonempty);
    /* changes through the store's connection, each followed by a comparison */
    static const char *const CHANGES[] = {
        "UPDATE member SET leave_status = 'transferred', leave_date = '2016-01-01'"
        " WHERE name = '王二'",
        "UPDATE member SET status = 'full', full_date = '2016-06-01' WHERE name = '王'"
        " AND office = ''",
        "UPDATE member SET group_id = NULL WHERE name = '钱'",
        "UPDATE member SET office = 'committee' WHERE name = 'Zhao'",
        "DELETE FROM party_group WHERE name = '第二党小组'",
        "INSERT INTO office_term(uuid, member_id, office, from_date, to_date, created_at,"
        " created_by, updated_at) SELECT 't1', id, 'publicity', '2015-01-01', '', '', 'x', ''"
        " FROM member WHERE name = '王二小'",
        "DELETE FROM office_term",
    };
    for (size_t i = 0; i < sizeof CHANGES / sizeof CHANGES[0]; i++) {
        CHECK_INT(sqlite3_exec(st->db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL), SQLITE_OK);
        CHECK_INT(sqlite3_exec(st->db, CHANGES[i], NULL, NULL, NULL), SQLITE_OK);
        all_as_old(st, db, b, groups, 4, &nonempty);
    }
    fx_member_dated(st, b, g1, "新", "", "2016-01-01", "2017-01-01", ""); /* by the store */
    all_as_old(st, db, b, groups, 4, &nonempty);
    st_roster_watch(st, false);
    st->demo_bulk = false;
    sqlite3_close(db);
    store_close(st);
    free(p);
}
