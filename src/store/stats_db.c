/* stats_db.c — 党内统计 (store_stats.h): the members' facts of a year in one statement (members
 * admitted by the day and not gone before the year began), counted by stats_make. Mobile on the
 * day: the 流动党员 record's dates when there is one (since .. returned), else the roster's mark. */
#include "store_priv.h"

#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_stats.h"
#include "zhibu/util.h"

/* ?1 branch (0 = all), ?2 the year's first day, ?3 the day the figures are taken */
#define STATS_MEMBERS_SQL                                                                      \
    "SELECT m.branch_id, m.gender, m.birth_date, m.ethnicity, m.education, m.category,"        \
    " m.join_date, m.full_date, m.leave_status, m.leave_date,"                                 \
    " CASE WHEN mm.id IS NULL THEN m.mobile"                                                   \
    "  ELSE (mm.since = '' OR mm.since <= ?3) AND (mm.ended_at IS NULL OR mm.ended_at > ?3)"   \
    " END,"                                                                                    \
    " m.leave_status = 'expelled' AND EXISTS (SELECT 1 FROM probation_decision d"             \
    "  WHERE d.member_id = m.id AND d.kind = 'cancel')"                                        \
    " FROM member m LEFT JOIN member_mobile mm ON mm.member_id = m.id"                         \
    " WHERE (?1 = 0 OR m.branch_id = ?1) AND m.join_date <= ?3"                                \
    " AND (m.leave_status = '' OR m.leave_date >= ?2)"

static int load_members(struct store *st, int64_t branch_id, int year, struct zdate as_of,
                        struct stats_member **out, int *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = st_stmt(st, STATS_MEMBERS_SQL);
    if (!s) return STORE_ERR;
    char first[DATE_STR_LEN], day[DATE_STR_LEN];
    date_format((struct zdate){year, 1, 1}, first);
    date_format(as_of, day);
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, first);
    st_bind_text(s, 3, day);
    int cap = 0, rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 256;
            *out = xrealloc(*out, (size_t)cap * sizeof **out);
        }
        struct stats_member *m = &(*out)[(*n)++];
        memset(m, 0, sizeof *m);
        m->branch_id = sqlite3_column_int64(s, 0);
        st_col_text(s, 1, m->gender, sizeof m->gender);
        st_col_text(s, 2, m->birth_date, sizeof m->birth_date);
        st_col_text(s, 3, m->ethnicity, sizeof m->ethnicity);
        st_col_text(s, 4, m->education, sizeof m->education);
        st_col_text(s, 5, m->category, sizeof m->category);
        st_col_text(s, 6, m->join_date, sizeof m->join_date);
        st_col_text(s, 7, m->full_date, sizeof m->full_date);
        st_col_text(s, 8, m->leave_status, sizeof m->leave_status);
        st_col_text(s, 9, m->leave_date, sizeof m->leave_date);
        m->mobile = sqlite3_column_int(s, 10) != 0;
        m->cancelled = sqlite3_column_int(s, 11) != 0;
    }
    int result = STORE_OK;
    if (rc != SQLITE_DONE) {
        result = st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取党内统计");
        free(*out);
        *out = NULL;
        *n = 0;
    }
    st_done(s);
    return result;
}

int store_stats_year(struct store *st, int64_t branch_id, int year, struct stats_table *out,
                     struct store_branch_list *branches)
{
    memset(out, 0, sizeof *out);
    *branches = (struct store_branch_list){0};
    struct zdate today = clock_today();
    if (!stats_year_ok(year, today))
        return st_fail(st, STORE_ERR_CONSTRAINT, "统计年度应在 %d 到 %d 之间", DATE_YEAR_MIN, today.y);
    int rc;
    if (branch_id) {
        branches->v = xcalloc(1, sizeof *branches->v);
        rc = store_branch_get(st, branch_id, &branches->v[0]);
        if (rc) {
            store_branch_list_free(branches);
            return rc;
        }
        branches->n = 1;
    } else {
        if (!store_may(st, STORE_PERM_ALL_BRANCHES, 0))
            return st_fail(st, STORE_ERR_DENIED, "只能统计本支部");
        rc = store_branch_list(st, branches);
        if (rc) return rc;
    }
    struct zdate as_of = stats_as_of(year, today);
    struct stats_member *members;
    int n;
    rc = load_members(st, branch_id, year, as_of, &members, &n);
    if (rc) {
        store_branch_list_free(branches);
        return rc;
    }
    int64_t *ids = xcalloc(branches->n > 0 ? (size_t)branches->n : 1, sizeof *ids);
    for (int i = 0; i < branches->n; i++) ids[i] = branches->v[i].id;
    stats_make(members, n, ids, branches->n, year, as_of, out);
    free(ids);
    free(members);
    return STORE_OK;
}
