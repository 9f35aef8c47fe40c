/* appraisal_db.c — 民主评议党员 results (store_appraisal.h; table appraisal_result,
 * people_schema.h): a meeting's sheet, setting a result and its follow-up (journaled, with
 * versions, permissions and locked months as every write), a branch's year, and the December
 * review's facts (st_load_appraisal, audit_people.h section appraisal). */
#include "audit_priv.h"
#include "store_json.h"

#include <stdlib.h>
#include <string.h>

#include "zhibu/appraisal.h"
#include "zhibu/clock.h"
#include "zhibu/meeting.h"
#include "zhibu/store_appraisal.h"
#include "zhibu/util.h"

#define APPRAISAL_BIT "64" /* MK_BIT(MK_APPRAISAL) */
_Static_assert(MK_BIT(MK_APPRAISAL) == 64, "the appraisal's bit in appraisal_db.c");
#define IS_APPRAISAL "(m.kind = 'appraisal' OR (m.also_mask & " APPRAISAL_BIT ") <> 0)"

/* ---- the meeting and the member a write is about ---- */

struct target {
    int64_t branch_id;
    char kind[16], date[11];
    unsigned also_mask;
    bool voided;
    int64_t member_branch;
    char join[11], leave[11], arrived[11];
    bool left;
    int64_t row_id;            /* the result row, 0 = none */
    char uuid[UUID_STR_LEN];
    char result[16];
};

static int read_meeting(struct store *st, int64_t meeting_id, struct target *t)
{
    sqlite3_stmt *s = st_stmt(st, "SELECT branch_id, kind, also_mask, date, voided_at IS NOT NULL"
                                  " FROM meeting WHERE id = ?1");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, meeting_id);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(s);
        return rc == SQLITE_DONE ? st_fail(st, STORE_ERR_NOT_FOUND, "没有这条会议记录")
                                 : st_fail(st, STORE_ERR, "读取会议记录失败：%s", sqlite3_errstr(rc));
    }
    t->branch_id = sqlite3_column_int64(s, 0);
    st_col_text(s, 1, t->kind, sizeof t->kind);
    t->also_mask = (unsigned)sqlite3_column_int64(s, 2);
    st_col_text(s, 3, t->date, sizeof t->date);
    t->voided = sqlite3_column_int(s, 4) != 0;
    sqlite3_reset(s);
    return STORE_OK;
}

/* The meeting, the permission on its branch, the member; then the checks of a result. */
static int read_target(struct store *st, int64_t meeting_id, int64_t member_id, struct target *t)
{
    memset(t, 0, sizeof *t);
    int rc = read_meeting(st, meeting_id, t);
    if (rc) return rc;
    rc = st_require_edit(st, t->branch_id);
    if (rc) return rc;
    sqlite3_stmt *s = st_stmt(st, "SELECT branch_id, join_date, leave_status <> '', leave_date,"
                                  " ifnull((SELECT max(t.date) FROM member_transfer t WHERE t.member_id = member.id"
                                  " AND t.direction = 'in'), '') FROM member WHERE id = ?1");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, member_id);
    rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(s);
        return rc == SQLITE_DONE ? st_fail(st, STORE_ERR_NOT_FOUND, "没有这名党员")
                                 : st_fail(st, STORE_ERR, "读取党员失败：%s", sqlite3_errstr(rc));
    }
    t->member_branch = sqlite3_column_int64(s, 0);
    st_col_text(s, 1, t->join, sizeof t->join);
    t->left = sqlite3_column_int(s, 2) != 0;
    st_col_text(s, 3, t->leave, sizeof t->leave);
    st_col_text(s, 4, t->arrived, sizeof t->arrived);
    sqlite3_reset(s);
    return STORE_OK;
}

static const char *check_result(const struct target *t, const char *result)
{
    struct appraisal_meeting m = {.branch_id = t->branch_id, .kind = t->kind,
                                  .also_mask = t->also_mask, .date = t->date, .voided = t->voided};
    struct appraisal_member who = {.branch_id = t->member_branch, .join_date = t->join,
                                   .left = t->left, .leave_date = t->leave, .arrived = t->arrived};
    return appraisal_result_check(&m, &who, result);
}

/* The result row of (meeting, member) into t (row_id 0 when none); inside the transaction. */
static int find_row(struct store *st, int64_t meeting_id, int64_t member_id, struct target *t)
{
    sqlite3_stmt *s = st_stmt(st, "SELECT id, uuid, result FROM appraisal_result"
                                  " WHERE meeting_id = ?1 AND member_id = ?2");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, meeting_id);
    sqlite3_bind_int64(s, 2, member_id);
    int rc = sqlite3_step(s);
    t->row_id = 0;
    if (rc == SQLITE_ROW) {
        t->row_id = sqlite3_column_int64(s, 0);
        st_col_text(s, 1, t->uuid, sizeof t->uuid);
        st_col_text(s, 2, t->result, sizeof t->result);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return st_fail(st, STORE_ERR, "读取评议结果失败：%s", sqlite3_errstr(rc));
    return STORE_OK;
}

/* After the change: history finished (update) — a save of what is stored writes nothing —,
 * the new version, commit. */
static int finish_update(struct store *st, int64_t h, const struct target *t, int64_t *version)
{
    int rc = st_history_finish(st, h, APPRAISAL_RESULT_JSON, t->row_id);
    int same = rc == STORE_OK ? st_history_same(st, h) : 0;
    if (same < 0) rc = same;
    if (same > 0) return st_abort(st, STORE_OK);
    int64_t v = rc == STORE_OK ? st_row_version(st, "appraisal_result", t->uuid) : 0;
    if (v < 0) rc = (int)v;
    if (rc) return st_abort(st, rc);
    rc = store_commit(st);
    if (rc == STORE_OK && version) *version = v;
    return rc;
}

int store_appraisal_set(struct store *st, int64_t meeting_id, int64_t member_id,
                        const char *result, int64_t *version)
{
    struct target t;
    int rc = read_target(st, meeting_id, member_id, &t);
    if (rc) return rc;
    const char *why = check_result(&t, result);
    if (why) return st_fail(st, STORE_ERR_CONSTRAINT, "%s", why);
    rc = store_begin(st);
    if (rc) return rc;
    rc = find_row(st, meeting_id, member_id, &t);
    if (rc) return st_abort(st, rc);
    int64_t read = version ? *version : 0;
    if (t.row_id) rc = st_check_version(st, "appraisal_result", t.uuid, read, APPRAISAL_RESULT_JSON, t.row_id);
    else if (read != 0) rc = st_fail(st, STORE_ERR_NOT_FOUND, "该党员的评议结果已不存在");
    if (rc) return st_abort(st, rc);
    if (!t.row_id) store_uuid(t.uuid);
    rc = st_check_lock(st, t.branch_id, t.date, "appraisal_result", t.uuid);
    if (rc) return st_abort(st, rc);
    char now[24];
    clock_now_iso(now);
    if (t.row_id) {
        int64_t h = st_history_begin(st, "appraisal_result", t.uuid, "update", APPRAISAL_RESULT_JSON, t.row_id);
        if (h < 0) return st_abort(st, (int)h);
        /* away from 不合格: the follow-up no longer applies (its values stay in history) */
        sqlite3_stmt *s = st_stmt(st, "UPDATE appraisal_result SET result = ?2, updated_at = ?3,"
                                      " follow_up = CASE WHEN ?2 = 'unqualified' THEN follow_up ELSE '' END,"
                                      " follow_up_date = CASE WHEN ?2 = 'unqualified' THEN follow_up_date ELSE '' END,"
                                      " follow_up_note = CASE WHEN ?2 = 'unqualified' THEN follow_up_note ELSE '' END"
                                      " WHERE id = ?1");
        if (!s) return st_abort(st, STORE_ERR);
        sqlite3_bind_int64(s, 1, t.row_id);
        st_bind_text(s, 2, result);
        st_bind_text(s, 3, now);
        rc = st_step_write(st, s, "保存评议结果");
        if (rc) return st_abort(st, rc);
        return finish_update(st, h, &t, version);
    }
    sqlite3_stmt *s = st_stmt(st, "INSERT INTO appraisal_result(uuid, meeting_id, member_id, result,"
                                  " created_at, created_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5)");
    if (!s) return st_abort(st, STORE_ERR);
    st_bind_text(s, 1, t.uuid);
    sqlite3_bind_int64(s, 2, meeting_id);
    sqlite3_bind_int64(s, 3, member_id);
    st_bind_text(s, 4, result);
    st_bind_text(s, 5, now);
    st_bind_text(s, 6, st->user);
    rc = st_step_write(st, s, "保存评议结果");
    if (rc) return st_abort(st, rc);
    int64_t id = st_insert_history(st, "appraisal_result", t.uuid, APPRAISAL_RESULT_JSON);
    if (id < 0) return st_abort(st, (int)id);
    int64_t v = st_row_version(st, "appraisal_result", t.uuid);
    if (v < 0) return st_abort(st, (int)v);
    rc = store_commit(st);
    if (rc == STORE_OK && version) *version = v;
    return rc;
}

int store_appraisal_follow_up(struct store *st, int64_t meeting_id, int64_t member_id,
                              const char *follow_up, const char *date, const char *note,
                              int64_t *version)
{
    struct target t;
    int rc = read_target(st, meeting_id, member_id, &t);
    if (rc) return rc;
    char text[PEOPLE_NOTE_BYTES + 1];
    rc = st_check_reason(st, text, sizeof text, note ? note : "", NULL, "处置情况");
    if (rc) return rc;
    rc = store_begin(st);
    if (rc) return rc;
    rc = find_row(st, meeting_id, member_id, &t);
    if (rc) return st_abort(st, rc);
    if (!t.row_id) return st_abort(st, st_fail(st, STORE_ERR_NOT_FOUND, "该党员尚未评定等次，不能登记组织处置"));
    const char *why = check_result(&t, t.result);
    if (!why) why = appraisal_follow_up_check(t.result, t.date, follow_up, date, clock_today());
    if (why) return st_abort(st, st_fail(st, STORE_ERR_CONSTRAINT, "%s", why));
    rc = st_check_version(st, "appraisal_result", t.uuid, version ? *version : 0, APPRAISAL_RESULT_JSON, t.row_id);
    if (rc) return st_abort(st, rc);
    rc = st_check_lock(st, t.branch_id, t.date, "appraisal_result", t.uuid);
    if (rc) return st_abort(st, rc);
    char now[24];
    clock_now_iso(now);
    int64_t h = st_history_begin(st, "appraisal_result", t.uuid, "update", APPRAISAL_RESULT_JSON, t.row_id);
    if (h < 0) return st_abort(st, (int)h);
    sqlite3_stmt *s = st_stmt(st, "UPDATE appraisal_result SET follow_up = ?2, follow_up_date = ?3,"
                                  " follow_up_note = ?4, updated_at = ?5 WHERE id = ?1");
    if (!s) return st_abort(st, STORE_ERR);
    bool none = !follow_up || !follow_up[0];
    sqlite3_bind_int64(s, 1, t.row_id);
    st_bind_text(s, 2, none ? "" : follow_up);
    st_bind_text(s, 3, none ? "" : date);
    st_bind_text(s, 4, none ? "" : text);
    st_bind_text(s, 5, now);
    rc = st_step_write(st, s, "保存组织处置");
    if (rc) return st_abort(st, rc);
    return finish_update(st, h, &t, version);
}

/* ---- reading ---- */

int store_appraisal_sheet(struct store *st, int64_t meeting_id, struct appraisal_sheet *out)
{
    memset(out, 0, sizeof *out);
    struct target t = {0};
    int rc = read_meeting(st, meeting_id, &t);
    if (rc) return rc;
    out->meeting_id = meeting_id;
    out->branch_id = t.branch_id;
    zb_strlcpy(out->date, t.date, sizeof out->date);
    zb_strlcpy(out->kind, t.kind, sizeof out->kind);
    out->also_mask = t.also_mask;
    out->voided = t.voided;
    out->is_appraisal = appraisal_meeting_kind(t.kind, t.also_mask);
    /* the roster on the meeting's day (as store_meeting_expected, and not transferred in after
     * it), and anyone rated there who is not on it (listed after, marked) */
#define ON_ROSTER                                                                              \
    "(m.join_date <= ?2 AND (m.leave_status = '' OR m.leave_date >= ?2) AND NOT EXISTS"         \
    " (SELECT 1 FROM member_transfer t WHERE t.member_id = m.id AND t.direction = 'in'"         \
    " AND t.date > ?2))"
    sqlite3_stmt *s = st_stmt(
        st,
        "SELECT m.id, m.name, CASE WHEN m.full_date <> '' THEN m.full_date > ?2"
        " ELSE m.status <> 'full' END,"
        " NOT " ON_ROSTER " AS off,"
        " ifnull(r.id, 0), ifnull(r.result, ''), ifnull(r.follow_up, ''),"
        " ifnull(r.follow_up_date, ''), ifnull(r.follow_up_note, ''),"
        " CASE WHEN r.id IS NULL THEN 0 ELSE " ST_VERSION_SQL("appraisal_result", "r.uuid") " END"
        " FROM member m LEFT JOIN appraisal_result r ON r.member_id = m.id AND r.meeting_id = ?3"
        " LEFT JOIN party_group g ON g.id = m.group_id"
        " WHERE m.branch_id = ?1 AND (" ON_ROSTER " OR r.id IS NOT NULL)"
        " ORDER BY off, g.id IS NULL, g.id,"
        " CASE m.office WHEN 'secretary' THEN 0 WHEN 'deputy' THEN 1 WHEN 'organization' THEN 2"
        " WHEN 'publicity' THEN 3 WHEN 'discipline' THEN 4 WHEN 'committee' THEN 5 ELSE 6 END,"
        " m.name, m.id");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, t.branch_id);
    st_bind_text(s, 2, t.date);
    sqlite3_bind_int64(s, 3, meeting_id);
    int cap = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 32;
            out->v = xrealloc(out->v, (size_t)cap * sizeof *out->v);
        }
        struct appraisal_row *r = &out->v[out->n++];
        memset(r, 0, sizeof *r);
        r->member_id = sqlite3_column_int64(s, 0);
        st_col_text(s, 1, r->name, sizeof r->name);
        r->probationary = sqlite3_column_int(s, 2) != 0;
        r->off_roster = sqlite3_column_int(s, 3) != 0;
        r->id = sqlite3_column_int64(s, 4);
        st_col_text(s, 5, r->result, sizeof r->result);
        st_col_text(s, 6, r->follow_up, sizeof r->follow_up);
        st_col_text(s, 7, r->follow_up_date, sizeof r->follow_up_date);
        st_col_text(s, 8, r->follow_up_note, sizeof r->follow_up_note);
        r->version = sqlite3_column_int64(s, 9);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        store_appraisal_sheet_free(out);
        return st_fail(st, STORE_ERR, "读取评议结果失败：%s", sqlite3_errstr(rc));
    }
    struct appraisal_entry *e = xcalloc((size_t)(out->n ? out->n : 1), sizeof *e);
    int ne = 0;
    for (int i = 0; i < out->n; i++)
        if (!out->v[i].off_roster) e[ne++] = (struct appraisal_entry){out->v[i].result, out->v[i].follow_up};
    appraisal_count(e, ne, &out->counts);
    free(e);
    return STORE_OK;
}

void store_appraisal_sheet_free(struct appraisal_sheet *s)
{
    if (!s) return;
    free(s->v);
    s->v = NULL;
    s->n = 0;
}

int store_appraisal_year(struct store *st, int64_t branch_id, int year, struct appraisal_year *out)
{
    memset(out, 0, sizeof *out);
    char from[11], to[11];
    snprintf(from, sizeof from, "%04d-01-01", year);
    snprintf(to, sizeof to, "%04d-12-31", year);
    sqlite3_stmt *s = st_stmt(st, "SELECT count(*) FROM meeting m WHERE m.branch_id = ?1"
                                  " AND m.date BETWEEN ?2 AND ?3 AND m.voided_at IS NULL AND " IS_APPRAISAL);
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, from);
    st_bind_text(s, 3, to);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) out->meetings = sqlite3_column_int(s, 0);
    sqlite3_reset(s);
    if (rc != SQLITE_ROW) return st_fail(st, STORE_ERR, "读取民主评议会议失败：%s", sqlite3_errstr(rc));
    /* each member's result at the latest appraisal of the year that rated them */
    s = st_stmt(st, "SELECT r.member_id, r.result, r.follow_up FROM appraisal_result r"
                    " JOIN meeting m ON m.id = r.meeting_id WHERE m.branch_id = ?1"
                    " AND m.date BETWEEN ?2 AND ?3 AND m.voided_at IS NULL AND " IS_APPRAISAL
                    " ORDER BY r.member_id, m.date DESC, m.id DESC");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, from);
    st_bind_text(s, 3, to);
    int64_t last = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t mid = sqlite3_column_int64(s, 0);
        if (mid == last) continue;
        last = mid;
        struct appraisal_entry e = {st_col_str(s, 1), st_col_str(s, 2)};
        struct appraisal_counts one;
        appraisal_count(&e, 1, &one);
        for (int g = 0; g < AG_COUNT; g++) out->counts.by[g] += one.by[g];
        out->counts.rated += one.rated;
        out->counts.pending += one.pending;
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return st_fail(st, STORE_ERR, "读取评议结果失败：%s", sqlite3_errstr(rc));
    return STORE_OK;
}

/* ---- the December review (audit_people.h, section appraisal) ---- */

/* December only: each branch's members with a result at an appraisal of the year (to month
 * end; records not voided), and of them those whose result there is 不合格 without a follow-up
 * — one statement over the branch range, in branch and member order. Both lists live in
 * L->rated (the rated first, then the pending), freed with the load. */
int st_load_appraisal(struct load *L)
{
    if (L->ms.m != 12 || L->nbr <= 0) return STORE_OK;
    /* the year's appraisals through their partial index (people_schema.h: the planner, without
     * statistics, would scan every meeting of the range instead); a database made before the
     * index existed reads them without it */
    sqlite3_stmt *s = st_load_stmt(L, "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                                      " AND name = 'meeting_appraisal'");
    if (!s) return STORE_ERR;
    int rc = sqlite3_step(s);
    bool indexed = rc == SQLITE_ROW && sqlite3_column_int(s, 0) > 0;
    rc = st_load_end(L, s, rc == SQLITE_ROW ? SQLITE_DONE : rc, "读取数据库结构");
    if (rc) return rc;
#define RATED_SQL(by)                                                                          \
    "SELECT m.branch_id, r.member_id, max(r.result = 'unqualified' AND r.follow_up = '')"       \
    " FROM meeting m " by " JOIN appraisal_result r ON r.meeting_id = m.id"                     \
    " WHERE m.branch_id BETWEEN ?1 AND ?2 AND m.date >= ?7 AND m.date <= ?4"                    \
    " AND m.voided_at IS NULL AND " IS_APPRAISAL                                               \
    " GROUP BY m.branch_id, r.member_id ORDER BY m.branch_id, r.member_id"
    s = st_load_stmt(L, indexed ? RATED_SQL("INDEXED BY meeting_appraisal") : RATED_SQL(""));
    if (!s) return STORE_ERR;
    int *r0 = xcalloc((size_t)L->nbr, sizeof *r0), *rn = xcalloc((size_t)L->nbr, sizeof *rn);
    int *p0 = xcalloc((size_t)L->nbr, sizeof *p0), *pn = xcalloc((size_t)L->nbr, sizeof *pn);
    int64_t *pend = NULL;
    int npend = 0, cpend = 0;
    struct bcursor c = {.idx = -2};
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int bi = st_cursor_branch(L, &c, sqlite3_column_int64(s, 0));
        if (bi < 0) continue;
        int64_t mid = sqlite3_column_int64(s, 1);
        if (rn[bi] == 0) r0[bi] = L->nrated;
        rn[bi]++;
        L->rated = st_grow(L->rated, &L->crated, L->nrated + 1, sizeof *L->rated);
        L->rated[L->nrated++] = mid;
        if (sqlite3_column_int(s, 2)) {
            if (pn[bi] == 0) p0[bi] = npend;
            pn[bi]++;
            pend = st_grow(pend, &cpend, npend + 1, sizeof *pend);
            pend[npend++] = mid;
        }
    }
    rc = st_load_end(L, s, rc, "读取民主评议结果");
    if (rc == STORE_OK) {
        int base = L->nrated;
        if (npend) {
            L->rated = st_grow(L->rated, &L->crated, L->nrated + npend, sizeof *L->rated);
            memcpy(L->rated + base, pend, (size_t)npend * sizeof *pend);
            L->nrated += npend;
        }
        for (int b = 0; b < L->nbr; b++) {
            struct audit_appraisal *a = &L->people[b].appraisal;
            a->rated = rn[b] ? L->rated + r0[b] : NULL;
            a->nrated = rn[b];
            a->pending = pn[b] ? L->rated + base + p0[b] : NULL;
            a->npending = pn[b];
        }
    }
    free(pend);
    free(pn);
    free(p0);
    free(rn);
    free(r0);
    return rc;
}
