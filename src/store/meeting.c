/* meeting.c — 三会一课 records and meeting plans in the database: the expected list from the
 * roster as of a date, records with their attendance and resolutions (add, update with the old
 * values in history, void), list pages with kind/date/text filters, facts for the frequency
 * rules, streaming whole records, and plans (add, update, void, open ones; a record fulfils
 * its plan). */
#include "store_priv.h"
#include "store_list.h"
#include "store_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/store_meeting.h"
#include "zhibu/text.h"
#include "zhibu/util.h"

/* ---- reading a record ------------------------------------------------------------------ */

/* Column order read by read_meeting. The lecturer's name falls back to the member's. */
#define MEETING_SELECT                                                                         \
    "SELECT m.id, m.uuid, m.branch_id, ifnull(m.group_id, 0), ifnull(g.name, ''), m.kind,"    \
    " m.also_mask, m.date, m.start_time, m.end_time, m.place, ifnull(m.host_id, 0),"           \
    " ifnull(m.recorder_id, 0), ifnull(m.lecturer_id, 0), ifnull(h.name, ''),"                 \
    " ifnull(r.name, ''),"                                                                     \
    " CASE WHEN m.lecturer_name <> '' THEN m.lecturer_name ELSE ifnull(l.name, '') END,"       \
    " m.election, m.topics, m.minutes, m.observers, m.no_resolutions, ifnull(m.plan_id, 0),"   \
    " m.expected, m.present, m.on_leave, m.absent, m.voting_expected, m.voting_present,"       \
    " m.quorum, m.missing_mask, m.created_at, m.created_by, m.updated_at,"                     \
    " ifnull(m.voided_at, ''), ifnull(m.void_reason, ''), ifnull(m.voided_by, ''), "           \
    ST_VERSION_SQL("meeting", "m.uuid")                                                        \
    " FROM meeting m LEFT JOIN party_group g ON g.id = m.group_id"                             \
    " LEFT JOIN member h ON h.id = m.host_id LEFT JOIN member r ON r.id = m.recorder_id"       \
    " LEFT JOIN member l ON l.id = m.lecturer_id"

/* The whole record as JSON for history: its own fields, then attendance and resolutions as
 * arrays (json() keeps the subquery's text as JSON instead of quoting it as a string). */

static char *col_strdup(sqlite3_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    return xstrdup(t ? (const char *)t : "");
}

static void read_meeting(sqlite3_stmt *s, struct meeting *m)
{
    memset(m, 0, sizeof *m);
    m->id = sqlite3_column_int64(s, 0);
    st_col_text(s, 1, m->uuid, sizeof m->uuid);
    m->branch_id = sqlite3_column_int64(s, 2);
    m->group_id = sqlite3_column_int64(s, 3);
    st_col_text(s, 4, m->group_name, sizeof m->group_name);
    st_col_text(s, 5, m->kind, sizeof m->kind);
    m->also_mask = (unsigned)sqlite3_column_int64(s, 6);
    st_col_text(s, 7, m->date, sizeof m->date);
    st_col_text(s, 8, m->start_time, sizeof m->start_time);
    st_col_text(s, 9, m->end_time, sizeof m->end_time);
    st_col_text(s, 10, m->place, sizeof m->place);
    m->host_id = sqlite3_column_int64(s, 11);
    m->recorder_id = sqlite3_column_int64(s, 12);
    m->lecturer_id = sqlite3_column_int64(s, 13);
    st_col_text(s, 14, m->host_name, sizeof m->host_name);
    st_col_text(s, 15, m->recorder_name, sizeof m->recorder_name);
    st_col_text(s, 16, m->lecturer_name, sizeof m->lecturer_name);
    m->election = sqlite3_column_int(s, 17) != 0;
    m->topics = col_strdup(s, 18);
    m->minutes = col_strdup(s, 19);
    st_col_text(s, 20, m->observers, sizeof m->observers);
    m->no_resolutions = sqlite3_column_int(s, 21) != 0;
    m->plan_id = sqlite3_column_int64(s, 22);
    m->expected = sqlite3_column_int(s, 23);
    m->present = sqlite3_column_int(s, 24);
    m->on_leave = sqlite3_column_int(s, 25);
    m->absent = sqlite3_column_int(s, 26);
    m->voting_expected = sqlite3_column_int(s, 27);
    m->voting_present = sqlite3_column_int(s, 28);
    m->quorum = sqlite3_column_int(s, 29);
    m->missing_mask = (unsigned)sqlite3_column_int64(s, 30);
    st_col_text(s, 31, m->created_at, sizeof m->created_at);
    st_col_text(s, 32, m->created_by, sizeof m->created_by);
    st_col_text(s, 33, m->updated_at, sizeof m->updated_at);
    m->version = sqlite3_column_int64(s, 37);
    st_col_text(s, 34, m->voided_at, sizeof m->voided_at);
    st_col_text(s, 35, m->void_reason, sizeof m->void_reason);
    st_col_text(s, 36, m->voided_by, sizeof m->voided_by);
}

/* ---- checks before writing ------------------------------------------------------------- */

static bool valid_mark(const char *mark)
{
    return code_index(ATTEND_MARKS, mark) >= 0;
}

/* What the database's own constraints would refuse with a vaguer message, said precisely. */
static int check_record(struct store *st, const struct meeting *m, int64_t branch_id)
{
    if (meeting_kind_of_code(m->kind) < 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "保存会议记录失败: 会议类型无效");
    if (m->group_id != 0) {
        int64_t b = st_group_branch(st, m->group_id);
        if (b == 0) return st_fail(st, STORE_ERR_CONSTRAINT, "保存会议记录失败: 党小组不存在");
        if (b != branch_id)
            return st_fail(st, STORE_ERR_CONSTRAINT, "保存会议记录失败: 党小组不属于该支部");
    }
    /* host, recorder and a member lecturer are people on this branch's roster */
    struct { int64_t id; const char *role; } people[] = {
        {m->host_id, "主持人"}, {m->recorder_id, "记录人"}, {m->lecturer_id, "主讲人"},
    };
    for (size_t i = 0; i < sizeof people / sizeof people[0]; i++) {
        if (!people[i].id) continue;
        struct member who;
        if (store_member_get(st, people[i].id, &who) != STORE_OK)
            return st_fail(st, STORE_ERR_CONSTRAINT, "保存会议记录失败: %s不在名册中", people[i].role);
        if (who.branch_id != branch_id)
            return st_fail(st, STORE_ERR_CONSTRAINT, "保存会议记录失败: %s %s 不是本支部党员",
                           people[i].role, who.name);
    }
    if (m->nattendees < 0 || m->nresolutions < 0 || (m->nattendees > 0 && !m->attendees) ||
        (m->nresolutions > 0 && !m->resolutions))
        return st_fail(st, STORE_ERR, "保存会议记录失败: 出席名单或决议数据无效");
    for (int i = 0; i < m->nattendees; i++) {
        const struct attendee *a = &m->attendees[i];
        if (!valid_mark(a->mark))
            return st_fail(st, STORE_ERR_CONSTRAINT, "保存会议记录失败: 出席情况的取值无效");
        for (int j = 0; j < i; j++)
            if (m->attendees[j].member_id == a->member_id)
                return st_fail(st, STORE_ERR_CONSTRAINT,
                               "保存会议记录失败: 出席名单中有重复的党员");
    }
    /* no resolution has more votes than those present with a vote */
    const char *votes = meeting_votes_problem(m);
    if (votes) return st_fail(st, STORE_ERR_CONSTRAINT, "保存会议记录失败: %s", votes);
    return STORE_OK;
}

static int meeting_fail(struct store *st, int sqlrc)
{
    if (sqlrc == SQLITE_CONSTRAINT_FOREIGNKEY)
        return st_fail(st, STORE_ERR_CONSTRAINT,
                       "保存会议记录失败: 所属支部、党小组、人员或计划不存在");
    return st_sqlfail(st, sqlrc, "保存会议记录");
}

/* ---- plans: shared parts --------------------------------------------------------------- */

#define PLAN_SELECT                                                                            \
    "SELECT p.id, p.uuid, p.branch_id, p.kind, ifnull(p.group_id, 0), p.date, p.topic,"        \
    " ifnull(p.meeting_id, 0), p.voided_at IS NOT NULL, p.created_at, "                       \
    ST_VERSION_SQL("meeting_plan", "p.uuid") " FROM meeting_plan p"

static void read_plan(sqlite3_stmt *s, struct meeting_plan *p)
{
    memset(p, 0, sizeof *p);
    p->id = sqlite3_column_int64(s, 0);
    st_col_text(s, 1, p->uuid, sizeof p->uuid);
    p->branch_id = sqlite3_column_int64(s, 2);
    st_col_text(s, 3, p->kind, sizeof p->kind);
    p->group_id = sqlite3_column_int64(s, 4);
    st_col_text(s, 5, p->date, sizeof p->date);
    st_col_text(s, 6, p->topic, sizeof p->topic);
    p->meeting_id = sqlite3_column_int64(s, 7);
    p->voided = sqlite3_column_int(s, 8) != 0;
    st_col_text(s, 9, p->created_at, sizeof p->created_at);
    p->version = sqlite3_column_int64(s, 10);
}

/* Whether plan_id may be fulfilled by the record meeting_id (0 = a record not yet written) of
 * branch_id. */
static int check_plan_link(struct store *st, int64_t plan_id, int64_t branch_id,
                           int64_t meeting_id)
{
    struct meeting_plan p;
    int rc = store_plan_get(st, plan_id, &p);
    if (rc == STORE_ERR_NOT_FOUND)
        return st_fail(st, STORE_ERR_CONSTRAINT, "保存会议记录失败: 会议计划不存在");
    if (rc) return rc;
    if (p.branch_id != branch_id)
        return st_fail(st, STORE_ERR_CONSTRAINT, "保存会议记录失败: 会议计划不属于该支部");
    if (p.voided) return st_fail(st, STORE_ERR_CONSTRAINT, "保存会议记录失败: 会议计划已作废");
    if (p.meeting_id != 0 && p.meeting_id != meeting_id)
        return st_fail(st, STORE_ERR_CONSTRAINT, "保存会议记录失败: 该计划已有会议记录");
    return STORE_OK;
}

/* Set (or, with meeting_id 0, clear) the record that fulfils a plan, with history under
 * action. Inside a transaction. */
static int set_plan_meeting(struct store *st, int64_t plan_id, int64_t meeting_id,
                            const char *action)
{
    struct meeting_plan p;
    int rc = store_plan_get(st, plan_id, &p);
    if (rc) return rc;
    if (p.meeting_id == meeting_id) return STORE_OK;
    int64_t h = st_history_begin(st, "meeting_plan", p.uuid, action, S_PLAN_JSON, PLAN_JSON,
                                 plan_id);
    if (h < 0) return (int)h;
    sqlite3_stmt *s = st_stmt(st, S_PLAN_LINK,
                              "UPDATE meeting_plan SET meeting_id = ?2, updated_at = ?3"
                              " WHERE id = ?1");
    if (!s) return STORE_ERR;
    char now[24];
    clock_now_iso(now);
    sqlite3_bind_int64(s, 1, plan_id);
    st_bind_id(s, 2, meeting_id);
    st_bind_text(s, 3, now);
    int sqlrc = sqlite3_step(s);
    st_done(s);
    if (sqlrc != SQLITE_DONE) return st_sqlfail(st, sqlite3_extended_errcode(st->db), "保存会议计划");
    return st_history_finish(st, h, S_PLAN_JSON, PLAN_JSON, plan_id);
}

/* ---- writing a record ------------------------------------------------------------------ */

/* The record's own fields as ?1..?26 (insert and update share the order). */
static void bind_fields(sqlite3_stmt *s, const struct meeting *m)
{
    sqlite3_bind_int64(s, 1, m->branch_id);
    st_bind_id(s, 2, m->group_id);
    st_bind_text(s, 3, m->kind);
    sqlite3_bind_int64(s, 4, (int64_t)m->also_mask);
    st_bind_text(s, 5, m->date);
    st_bind_text(s, 6, m->start_time);
    st_bind_text(s, 7, m->end_time);
    st_bind_text(s, 8, m->place);
    st_bind_id(s, 9, m->host_id);
    st_bind_id(s, 10, m->recorder_id);
    st_bind_id(s, 11, m->lecturer_id);
    st_bind_text(s, 12, m->lecturer_name);
    sqlite3_bind_int(s, 13, m->election ? 1 : 0);
    st_bind_text(s, 14, m->topics);
    st_bind_text(s, 15, m->minutes);
    st_bind_text(s, 16, m->observers);
    sqlite3_bind_int(s, 17, m->no_resolutions ? 1 : 0);
    st_bind_id(s, 18, m->plan_id);
    sqlite3_bind_int(s, 19, m->expected);
    sqlite3_bind_int(s, 20, m->present);
    sqlite3_bind_int(s, 21, m->on_leave);
    sqlite3_bind_int(s, 22, m->absent);
    sqlite3_bind_int(s, 23, m->voting_expected);
    sqlite3_bind_int(s, 24, m->voting_present);
    sqlite3_bind_int(s, 25, m->quorum);
    sqlite3_bind_int64(s, 26, (int64_t)m->missing_mask);
}

/* Make the record's attendance and resolution rows equal to m's lists. Rows are matched by
 * member (attendance) and by position (resolutions): a matching row is updated in place and
 * keeps its uuid, new ones are inserted, and rows no longer in the list are deleted. Deleting
 * is the one exception to "nothing is deleted", and only for child rows of the record being
 * written: the history row of that write holds the old lists in full (old_json). */
static int write_children(struct store *st, int64_t meeting_id, const struct meeting *m,
                          const char *now)
{
    sqlite3_stmt *s;
    int sqlrc;
    char uuid[UUID_STR_LEN];
    for (int i = 0; i < m->nattendees; i++) {
        const struct attendee *a = &m->attendees[i];
        s = st_stmt(st, S_ATTEND_UPSERT,
                    "INSERT INTO meeting_attendance(uuid, meeting_id, member_id, voting, mark,"
                    " reason, excused, seq, created_at, updated_at)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)"
                    " ON CONFLICT (meeting_id, member_id) DO UPDATE SET"
                    " voting = excluded.voting, mark = excluded.mark, reason = excluded.reason,"
                    " excused = excluded.excused, seq = excluded.seq,"
                    " updated_at = excluded.updated_at"
                    " WHERE voting <> excluded.voting OR mark <> excluded.mark"
                    " OR reason <> excluded.reason OR excused <> excluded.excused"
                    " OR seq <> excluded.seq");
        if (!s) return STORE_ERR;
        store_uuid(uuid);
        st_bind_text(s, 1, uuid);
        sqlite3_bind_int64(s, 2, meeting_id);
        sqlite3_bind_int64(s, 3, a->member_id);
        sqlite3_bind_int(s, 4, a->voting ? 1 : 0);
        st_bind_text(s, 5, a->mark);
        st_bind_text(s, 6, a->reason);
        sqlite3_bind_int(s, 7, a->excused ? 1 : 0);
        sqlite3_bind_int(s, 8, i);
        st_bind_text(s, 9, now);
        sqlrc = sqlite3_step(s);
        st_done(s);
        if (sqlrc != SQLITE_DONE) {
            if (sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_FOREIGNKEY)
                return st_fail(st, STORE_ERR_CONSTRAINT,
                               "保存会议记录失败: 出席名单中的党员不存在");
            return meeting_fail(st, sqlite3_extended_errcode(st->db));
        }
    }

    /* The members still listed, as a JSON array for json_each. */
    size_t cap = 3 + (size_t)m->nattendees * 21, len = 0;
    char *ids = xmalloc(cap);
    ids[len++] = '[';
    for (int i = 0; i < m->nattendees; i++)
        len += (size_t)snprintf(ids + len, cap - len, "%s%lld", i ? "," : "",
                                (long long)m->attendees[i].member_id);
    ids[len++] = ']';
    ids[len] = '\0';
    s = st_stmt(st, S_ATTEND_PRUNE,
                "DELETE FROM meeting_attendance WHERE meeting_id = ?1"
                " AND member_id NOT IN (SELECT value FROM json_each(?2))");
    if (!s) {
        free(ids);
        return STORE_ERR;
    }
    sqlite3_bind_int64(s, 1, meeting_id);
    sqlite3_bind_text(s, 2, ids, (int)len, SQLITE_TRANSIENT);
    sqlrc = sqlite3_step(s);
    st_done(s);
    free(ids);
    if (sqlrc != SQLITE_DONE) return meeting_fail(st, sqlite3_extended_errcode(st->db));

    for (int i = 0; i < m->nresolutions; i++) {
        const struct resolution *r = &m->resolutions[i];
        s = st_stmt(st, S_RESOLUTION_UPSERT,
                    "INSERT INTO meeting_resolution(uuid, meeting_id, seq, text, votes_for,"
                    " votes_against, votes_abstain, created_at, updated_at)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)"
                    " ON CONFLICT (meeting_id, seq) DO UPDATE SET text = excluded.text,"
                    " votes_for = excluded.votes_for, votes_against = excluded.votes_against,"
                    " votes_abstain = excluded.votes_abstain, updated_at = excluded.updated_at"
                    " WHERE text <> excluded.text OR votes_for <> excluded.votes_for"
                    " OR votes_against <> excluded.votes_against"
                    " OR votes_abstain <> excluded.votes_abstain");
        if (!s) return STORE_ERR;
        store_uuid(uuid);
        st_bind_text(s, 1, uuid);
        sqlite3_bind_int64(s, 2, meeting_id);
        sqlite3_bind_int(s, 3, i + 1);
        st_bind_text(s, 4, r->text);
        sqlite3_bind_int(s, 5, r->votes_for);
        sqlite3_bind_int(s, 6, r->votes_against);
        sqlite3_bind_int(s, 7, r->votes_abstain);
        st_bind_text(s, 8, now);
        sqlrc = sqlite3_step(s);
        st_done(s);
        if (sqlrc != SQLITE_DONE) return meeting_fail(st, sqlite3_extended_errcode(st->db));
    }
    s = st_stmt(st, S_RESOLUTION_PRUNE,
                "DELETE FROM meeting_resolution WHERE meeting_id = ?1 AND seq > ?2");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, meeting_id);
    sqlite3_bind_int(s, 2, m->nresolutions);
    sqlrc = sqlite3_step(s);
    st_done(s);
    if (sqlrc != SQLITE_DONE) return meeting_fail(st, sqlite3_extended_errcode(st->db));
    return STORE_OK;
}

int store_meeting_add(struct store *st, struct meeting *m)
{
    int rc = st_require_edit(st, m->branch_id);
    if (rc) return rc;
    rc = check_record(st, m, m->branch_id);
    if (rc) return rc;
    if (m->plan_id != 0) {
        rc = check_plan_link(st, m->plan_id, m->branch_id, 0);
        if (rc) return rc;
    }
    rc = store_begin(st);
    if (rc) return rc;
    sqlite3_stmt *s = st_stmt(
        st, S_MEETING_INSERT,
        "INSERT INTO meeting(branch_id, group_id, kind, also_mask, date, start_time, end_time,"
        " place, host_id, recorder_id, lecturer_id, lecturer_name, election, topics, minutes,"
        " observers, no_resolutions, plan_id, expected, present, on_leave, absent,"
        " voting_expected, voting_present, quorum, missing_mask, uuid, created_at, created_by,"
        " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
        " ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?28)");
    if (!s) return st_abort(st, STORE_ERR);
    char uuid[UUID_STR_LEN], now[24];
    store_uuid(uuid);
    clock_now_iso(now);
    rc = st_check_lock(st, m->branch_id, m->date, "meeting", uuid);
    if (rc) return st_abort(st, rc);
    bind_fields(s, m);
    st_bind_text(s, 27, uuid);
    st_bind_text(s, 28, now);
    st_bind_text(s, 29, st->user);
    int sqlrc = sqlite3_step(s);
    st_done(s);
    if (sqlrc != SQLITE_DONE) return st_abort(st, meeting_fail(st, sqlite3_extended_errcode(st->db)));
    int64_t id = sqlite3_last_insert_rowid(st->db);
    rc = write_children(st, id, m, now);
    if (rc) return st_abort(st, rc);
    if (m->plan_id != 0) {
        rc = set_plan_meeting(st, m->plan_id, id, "fulfil");
        if (rc) return st_abort(st, rc);
    }
    int64_t h = st_history_begin(st, "meeting", uuid, "insert", S_MEETING_JSON, NULL, id);
    if (h < 0) return st_abort(st, (int)h);
    rc = st_history_finish(st, h, S_MEETING_JSON, MEETING_JSON, id);
    if (rc) return st_abort(st, rc);
    rc = store_commit(st);
    if (rc) return rc;
    m->id = id;
    memcpy(m->uuid, uuid, sizeof uuid);
    memcpy(m->created_at, now, sizeof now);
    memcpy(m->updated_at, now, sizeof now);
    zb_strlcpy(m->created_by, st->user, sizeof m->created_by);
    m->version = h;
    return STORE_OK;
}

/* What update and void need to know about the stored record. */
struct meeting_state {
    char uuid[UUID_STR_LEN];
    char date[16];
    int64_t branch_id;
    int64_t plan_id;
    bool voided;
};

static int meeting_state(struct store *st, int64_t id, struct meeting_state *out)
{
    sqlite3_stmt *s = st_stmt(st, S_MEETING_STATE,
                              "SELECT uuid, branch_id, ifnull(plan_id, 0), voided_at IS NOT NULL,"
                              " date FROM meeting WHERE id = ?1");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, id);
    int sqlrc = sqlite3_step(s);
    int rc = STORE_OK;
    if (sqlrc == SQLITE_ROW) {
        st_col_text(s, 0, out->uuid, sizeof out->uuid);
        out->branch_id = sqlite3_column_int64(s, 1);
        out->plan_id = sqlite3_column_int64(s, 2);
        out->voided = sqlite3_column_int(s, 3) != 0;
        st_col_text(s, 4, out->date, sizeof out->date);
    } else if (sqlrc == SQLITE_DONE) {
        rc = st_fail(st, STORE_ERR_NOT_FOUND, "会议记录不存在");
    } else {
        rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取会议记录");
    }
    st_done(s);
    return rc;
}

/* The record's row and its attendance and resolutions as m holds them (store_meeting_update,
 * and its probe for a save that changes nothing). */
static int update_row(struct store *st, void *ctx)
{
    struct meeting *m = ctx;
    sqlite3_stmt *s = st_stmt(
        st, S_MEETING_UPDATE,
        "UPDATE meeting SET group_id = ?2, kind = ?3, also_mask = ?4, date = ?5,"
        " start_time = ?6, end_time = ?7, place = ?8, host_id = ?9, recorder_id = ?10,"
        " lecturer_id = ?11, lecturer_name = ?12, election = ?13, topics = ?14, minutes = ?15,"
        " observers = ?16, no_resolutions = ?17, plan_id = ?18, expected = ?19, present = ?20,"
        " on_leave = ?21, absent = ?22, voting_expected = ?23, voting_present = ?24,"
        " quorum = ?25, missing_mask = ?26, updated_at = ?27"
        " WHERE id = ?28"); /* ?1 (branch_id) is bound but unused: a record keeps its branch */
    if (!s) return STORE_ERR;
    char now[24];
    clock_now_iso(now);
    bind_fields(s, m);
    st_bind_text(s, 27, now);
    sqlite3_bind_int64(s, 28, m->id);
    int sqlrc = sqlite3_step(s);
    st_done(s);
    if (sqlrc != SQLITE_DONE) return meeting_fail(st, sqlite3_extended_errcode(st->db));
    return write_children(st, m->id, m, now);
}

int store_meeting_update(struct store *st, struct meeting *m)
{
    struct meeting_state old;
    int rc = meeting_state(st, m->id, &old);
    if (rc) return rc;
    rc = st_require_edit(st, old.branch_id);
    if (rc) return rc;
    if (old.voided) return st_fail(st, STORE_ERR_CONSTRAINT, "已作废的记录不能修改");
    /* A record stays in its branch: m->branch_id is not written. */
    rc = check_record(st, m, old.branch_id);
    if (rc) return rc;
    if (m->plan_id != 0) {
        rc = check_plan_link(st, m->plan_id, old.branch_id, m->id);
        if (rc) return rc;
    }
    rc = store_begin(st);
    if (rc) return rc;
    rc = st_check_version(st, "meeting", old.uuid, m->version, S_MEETING_JSON, MEETING_JSON,
                          m->id);
    if (rc) return st_abort(st, rc);
    /* a save that changes nothing writes nothing, and so needs no 申请修改 in a reviewed month */
    int same = st_update_probe(st, S_MEETING_JSON, MEETING_JSON, m->id, update_row, m);
    if (same < 0) return st_abort(st, same);
    if (same) return st_abort(st, STORE_OK);
    /* the month it was in and, when the date moves to another month, the new one */
    rc = st_check_lock(st, old.branch_id, old.date, "meeting", old.uuid);
    if (rc == STORE_OK && strncmp(old.date, m->date, 7) != 0)
        rc = st_check_lock(st, old.branch_id, m->date, "meeting", old.uuid);
    if (rc) return st_abort(st, rc);
    int64_t h = st_history_begin(st, "meeting", old.uuid, "update", S_MEETING_JSON, MEETING_JSON,
                                 m->id);
    if (h < 0) return st_abort(st, (int)h);
    rc = update_row(st, m);
    if (rc) return st_abort(st, rc);
    if (old.plan_id != m->plan_id && old.plan_id != 0) {
        rc = set_plan_meeting(st, old.plan_id, 0, "reopen");
        if (rc) return st_abort(st, rc);
    }
    if (m->plan_id != 0) {
        rc = set_plan_meeting(st, m->plan_id, m->id, "fulfil");
        if (rc) return st_abort(st, rc);
    }
    rc = st_history_finish(st, h, S_MEETING_JSON, MEETING_JSON, m->id);
    if (rc) return st_abort(st, rc);
    rc = store_commit(st);
    if (rc == STORE_OK) m->version = h;
    return rc;
}

static int read_children(struct store *st, struct meeting *m)
{
    sqlite3_stmt *s = st_stmt(st, S_ATTEND_LIST,
                              "SELECT a.member_id, ifnull(p.name, ''), ifnull(p.office, ''),"
                              " a.voting, a.mark, a.reason, a.excused"
                              " FROM meeting_attendance a LEFT JOIN member p ON p.id = a.member_id"
                              " WHERE a.meeting_id = ?1 ORDER BY a.seq, a.id");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, m->id);
    int cap = 0, sqlrc;
    while ((sqlrc = sqlite3_step(s)) == SQLITE_ROW) {
        if (m->nattendees == cap) {
            cap = cap ? cap * 2 : 16;
            m->attendees = xrealloc(m->attendees, (size_t)cap * sizeof *m->attendees);
        }
        struct attendee *a = &m->attendees[m->nattendees++];
        memset(a, 0, sizeof *a);
        a->member_id = sqlite3_column_int64(s, 0);
        st_col_text(s, 1, a->name, sizeof a->name);
        st_col_text(s, 2, a->office, sizeof a->office);
        a->voting = sqlite3_column_int(s, 3) != 0;
        st_col_text(s, 4, a->mark, sizeof a->mark);
        st_col_text(s, 5, a->reason, sizeof a->reason);
        a->excused = sqlite3_column_int(s, 6) != 0;
    }
    st_done(s);
    if (sqlrc != SQLITE_DONE) return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取出席名单");

    s = st_stmt(st, S_RESOLUTION_LIST,
                "SELECT text, votes_for, votes_against, votes_abstain FROM meeting_resolution"
                " WHERE meeting_id = ?1 ORDER BY seq");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, m->id);
    cap = 0;
    while ((sqlrc = sqlite3_step(s)) == SQLITE_ROW) {
        if (m->nresolutions == cap) {
            cap = cap ? cap * 2 : 4;
            m->resolutions = xrealloc(m->resolutions, (size_t)cap * sizeof *m->resolutions);
        }
        struct resolution *r = &m->resolutions[m->nresolutions++];
        memset(r, 0, sizeof *r);
        st_col_text(s, 0, r->text, sizeof r->text);
        r->votes_for = sqlite3_column_int(s, 1);
        r->votes_against = sqlite3_column_int(s, 2);
        r->votes_abstain = sqlite3_column_int(s, 3);
    }
    st_done(s);
    if (sqlrc != SQLITE_DONE) return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取决议");
    return STORE_OK;
}

int store_meeting_get(struct store *st, int64_t id, struct meeting *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = st_stmt(st, S_MEETING_GET, MEETING_SELECT " WHERE m.id = ?1");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, id);
    int sqlrc = sqlite3_step(s);
    int rc = STORE_OK;
    if (sqlrc == SQLITE_ROW)
        read_meeting(s, out);
    else if (sqlrc == SQLITE_DONE)
        rc = st_fail(st, STORE_ERR_NOT_FOUND, "会议记录不存在");
    else
        rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取会议记录");
    st_done(s);
    if (rc == STORE_OK) rc = read_children(st, out);
    if (rc != STORE_OK) meeting_free(out);
    return rc;
}

/* A copy of reason without surrounding white space; NULL (with the message set) when empty. */
static char *required_reason(struct store *st, const char *reason)
{
    char *r = xstrdup(reason ? reason : "");
    text_trim(r);
    if (!r[0]) {
        free(r);
        st_fail(st, STORE_ERR_CONSTRAINT, "作废须填写原因");
        return NULL;
    }
    return r;
}

int store_meeting_void(struct store *st, int64_t id, const char *reason)
{
    struct meeting_state old;
    int rc = meeting_state(st, id, &old);
    if (rc) return rc;
    rc = st_require_edit(st, old.branch_id);
    if (rc) return rc;
    if (old.voided) return st_fail(st, STORE_ERR_CONSTRAINT, "该记录已作废");
    char *why = required_reason(st, reason);
    if (!why) return STORE_ERR_CONSTRAINT;
    rc = store_begin(st);
    if (rc) {
        free(why);
        return rc;
    }
    rc = st_check_lock(st, old.branch_id, old.date, "meeting", old.uuid);
    if (rc) {
        free(why);
        return st_abort(st, rc);
    }
    int64_t h = st_history_begin(st, "meeting", old.uuid, "void", S_MEETING_JSON, MEETING_JSON, id);
    if (h < 0) {
        free(why);
        return st_abort(st, (int)h);
    }
    sqlite3_stmt *s = st_stmt(st, S_MEETING_VOID,
                              "UPDATE meeting SET voided_at = ?2, voided_by = ?3,"
                              " void_reason = ?4, updated_at = ?2 WHERE id = ?1");
    if (!s) {
        free(why);
        return st_abort(st, STORE_ERR);
    }
    char now[24];
    clock_now_iso(now);
    sqlite3_bind_int64(s, 1, id);
    st_bind_text(s, 2, now);
    st_bind_text(s, 3, st->user);
    st_bind_text(s, 4, why);
    free(why);
    int sqlrc = sqlite3_step(s);
    st_done(s);
    if (sqlrc != SQLITE_DONE)
        return st_abort(st, st_sqlfail(st, sqlite3_extended_errcode(st->db), "作废会议记录"));
    /* A voided record fulfils nothing: its plan is open again (the record keeps plan_id). */
    if (old.plan_id != 0) {
        rc = set_plan_meeting(st, old.plan_id, 0, "reopen");
        if (rc) return st_abort(st, rc);
    }
    rc = st_history_finish(st, h, S_MEETING_JSON, MEETING_JSON, id);
    if (rc) return st_abort(st, rc);
    return store_commit(st);
}

/* ---- the expected list ----------------------------------------------------------------- */

#define OFFICE_RANK_SQL                                                                        \
    " CASE m.office WHEN 'secretary' THEN 0 WHEN 'deputy' THEN 1 WHEN 'organization' THEN 2"   \
    " WHEN 'publicity' THEN 3 WHEN 'discipline' THEN 4 WHEN 'committee' THEN 5 ELSE 6 END"

int store_meeting_expected(struct store *st, int64_t branch_id, enum meeting_kind kind,
                           int64_t group_id, const char *date, struct attendee **out, int *n)
{
    *out = NULL;
    *n = 0;
    /* The roster on the date: joined by then (an unknown join date counts as joined), not left
     * before it (a leaving without a date counts as left). A full member votes from the full
     * date; without one, the current status says. Committee: the offices held now (the roster
     * keeps no history of offices). Order: as the roster (member.c), the committee by rank. */
    sqlite3_stmt *s = st_stmt(
        st, S_MEETING_EXPECTED,
        "SELECT m.id, m.name, m.office,"
        " CASE WHEN m.full_date <> '' THEN m.full_date <= ?2 ELSE m.status = 'full' END"
        " FROM member m LEFT JOIN party_group g ON g.id = m.group_id"
        " WHERE m.branch_id = ?1 AND m.join_date <= ?2"
        " AND (m.leave_status = '' OR m.leave_date >= ?2)"
        " AND (?3 = 0 OR m.office <> '')"
        " AND (?4 = 0 OR m.group_id = ?4)"
        " ORDER BY CASE WHEN ?3 = 1 THEN" OFFICE_RANK_SQL " ELSE 0 END,"
        " g.id IS NULL, g.id," OFFICE_RANK_SQL ", m.name, m.id");
    if (!s) return STORE_ERR;
    if (kind == MK_GROUP && group_id == 0) return STORE_OK; /* no group: nobody expected yet */
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, date);
    sqlite3_bind_int(s, 3, kind == MK_COMMITTEE ? 1 : 0);
    sqlite3_bind_int64(s, 4, kind == MK_GROUP ? group_id : 0);
    int cap = 0, sqlrc;
    struct attendee *list = NULL;
    while ((sqlrc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 32;
            list = xrealloc(list, (size_t)cap * sizeof *list);
        }
        struct attendee *a = &list[(*n)++];
        memset(a, 0, sizeof *a);
        a->member_id = sqlite3_column_int64(s, 0);
        st_col_text(s, 1, a->name, sizeof a->name);
        st_col_text(s, 2, a->office, sizeof a->office);
        a->voting = sqlite3_column_int(s, 3) != 0;
        zb_strlcpy(a->mark, "present", sizeof a->mark);
    }
    st_done(s);
    if (sqlrc != SQLITE_DONE) {
        free(list);
        *n = 0;
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取应到人员");
    }
    *out = list;
    return STORE_OK;
}

/* ---- list pages ------------------------------------------------------------------------ */

/* struct meeting_filter as ?1..?7 (see bind_filter); the text query, when any, is ?8. The date
 * bounds are plain range terms so that the (branch_id, date) index serves both the filter and
 * the newest-first order; records of one day are then sorted by start time (a sort of that
 * day's few rows only, not of the branch's). */
#define MEETING_WHERE                                                                          \
    " WHERE m.branch_id = ?1 AND m.date >= ?2 AND m.date <= ?3"                                \
    " AND (?4 < 0 OR m.kind = ?5 OR (m.also_mask & ?6) <> 0)"                                  \
    " AND (CASE ?7 WHEN 0 THEN m.voided_at IS NULL WHEN 2 THEN m.voided_at IS NOT NULL"        \
    "      ELSE 1 END)"
#define MATCH_FTS " AND m.id IN (SELECT rowid FROM meeting_fts WHERE meeting_fts MATCH ?8)"
#define MATCH_INSTR " AND (instr(m.topics, ?8) > 0 OR instr(m.minutes, ?8) > 0)"

#define ROW_SELECT                                                                             \
    "SELECT m.id, m.uuid, m.kind, m.also_mask, m.date, m.topics, ifnull(m.group_id, 0),"       \
    " ifnull(g.name, ''),"                                                                     \
    /* 应到 as the form counts it: members excused with approval who stayed away leave it */  \
    " m.expected - (SELECT count(*) FROM meeting_attendance a WHERE a.meeting_id = m.id"        \
    "  AND a.excused AND a.mark <> 'present'),"                                                 \
    " m.present, m.quorum, m.missing_mask, m.created_at,"                                      \
    " m.voided_at IS NOT NULL FROM meeting m LEFT JOIN party_group g ON g.id = m.group_id"
#define ROW_ORDER " ORDER BY m.date DESC, m.start_time DESC, m.id DESC LIMIT ?9 OFFSET ?10"
#define COUNT_SELECT "SELECT count(*) FROM meeting m"

enum query_mode { Q_NONE, Q_FTS, Q_INSTR };

/* How the filter's text is matched, and the text to bind: the trimmed query, or for FTS5 the
 * query as one string ("..." with '"' doubled), so that FTS5's operators and special
 * characters in it are plain text. *bound is heap (NULL for Q_NONE). */
static enum query_mode query_of(const struct meeting_filter *f, char **bound)
{
    *bound = NULL;
    if (!f->query || !f->query[0]) return Q_NONE;
    char *q = xstrdup(f->query);
    text_trim(q);
    size_t chars = text_chars(q);
    if (chars == 0) {
        free(q);
        return Q_NONE;
    }
    if (chars < 3) {
        *bound = q;
        return Q_INSTR;
    }
    size_t len = strlen(q), quotes = 0;
    for (size_t i = 0; i < len; i++) quotes += q[i] == '"';
    char *p = xmalloc(len + quotes + 3), *w = p;
    *w++ = '"';
    for (size_t i = 0; i < len; i++) {
        if (q[i] == '"') *w++ = '"';
        *w++ = q[i];
    }
    *w++ = '"';
    *w = '\0';
    free(q);
    *bound = p;
    return Q_FTS;
}

static void bind_filter(sqlite3_stmt *s, const struct meeting_filter *f, const char *query)
{
    sqlite3_bind_int64(s, 1, f->branch_id);
    st_bind_text(s, 2, f->from && f->from[0] ? f->from : "");
    st_bind_text(s, 3, f->to && f->to[0] ? f->to : "9999-99-99");
    if (f->kind < 0) {
        sqlite3_bind_int(s, 4, -1);
    } else {
        /* An unknown kind matches nothing (code NULL, no bit). */
        bool known = f->kind < MK_COUNT;
        sqlite3_bind_int(s, 4, f->kind);
        if (known) st_bind_text(s, 5, meeting_kind_code((enum meeting_kind)f->kind));
        sqlite3_bind_int64(s, 6, known ? (int64_t)MK_BIT(f->kind) : 0);
    }
    sqlite3_bind_int(s, 7, f->only_voided ? 2 : f->include_voided ? 1 : 0);
    if (query) st_bind_text(s, 8, query);
}

int store_meeting_count(struct store *st, const struct meeting_filter *f)
{
    char *query;
    enum query_mode mode = query_of(f, &query);
    sqlite3_stmt *s =
        mode == Q_FTS     ? st_stmt(st, S_MEETING_COUNT_FTS, COUNT_SELECT MEETING_WHERE MATCH_FTS)
        : mode == Q_INSTR ? st_stmt(st, S_MEETING_COUNT_INSTR,
                                    COUNT_SELECT MEETING_WHERE MATCH_INSTR)
                          : st_stmt(st, S_MEETING_COUNT, COUNT_SELECT MEETING_WHERE);
    if (!s) {
        free(query);
        return -1;
    }
    bind_filter(s, f, query);
    int n = -1;
    if (sqlite3_step(s) == SQLITE_ROW)
        n = sqlite3_column_int(s, 0);
    else
        st_sqlfail(st, sqlite3_extended_errcode(st->db), "统计会议记录");
    st_done(s);
    free(query);
    return n;
}

/* The first line of text that is not blank, trimmed, cut to fit dst at a character boundary. */
static void first_line(const char *text, char *dst, size_t dstsz)
{
    dst[0] = '\0';
    const char *p = text ? text : "";
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char *line = xmalloc(len + 1);
        memcpy(line, p, len);
        line[len] = '\0';
        for (char *c = line; *c; c++)
            if (*c == '\r' || *c == '\t') *c = ' ';
        text_trim(line);
        bool found = line[0] != '\0';
        if (found) zb_strlcpy(dst, line, dstsz);
        free(line);
        if (found || !nl) return;
        p = nl + 1;
    }
}

static void read_row(sqlite3_stmt *s, struct meeting_row *r)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(s, 0);
    st_col_text(s, 1, r->uuid, sizeof r->uuid);
    st_col_text(s, 2, r->kind, sizeof r->kind);
    r->also_mask = (unsigned)sqlite3_column_int64(s, 3);
    st_col_text(s, 4, r->date, sizeof r->date);
    first_line((const char *)sqlite3_column_text(s, 5), r->first_topic, sizeof r->first_topic);
    r->group_id = sqlite3_column_int64(s, 6);
    st_col_text(s, 7, r->group_name, sizeof r->group_name);
    r->expected = sqlite3_column_int(s, 8);
    r->present = sqlite3_column_int(s, 9);
    r->quorum = sqlite3_column_int(s, 10);
    r->missing_mask = (unsigned)sqlite3_column_int64(s, 11);
    st_col_text(s, 12, r->created_at, sizeof r->created_at);
    r->voided = sqlite3_column_int(s, 13) != 0;
}

int store_meeting_page(struct store *st, const struct meeting_filter *f, int offset, int max,
                       struct meeting_row *out, int *n)
{
    *n = 0;
    char *query;
    enum query_mode mode = query_of(f, &query);
    sqlite3_stmt *s =
        mode == Q_FTS     ? st_stmt(st, S_MEETING_PAGE_FTS,
                                    ROW_SELECT MEETING_WHERE MATCH_FTS ROW_ORDER)
        : mode == Q_INSTR ? st_stmt(st, S_MEETING_PAGE_INSTR,
                                    ROW_SELECT MEETING_WHERE MATCH_INSTR ROW_ORDER)
                          : st_stmt(st, S_MEETING_PAGE, ROW_SELECT MEETING_WHERE ROW_ORDER);
    if (!s) {
        free(query);
        return STORE_ERR;
    }
    bind_filter(s, f, query);
    sqlite3_bind_int(s, 9, max > 0 ? max : 0);
    sqlite3_bind_int(s, 10, offset > 0 ? offset : 0);
    int sqlrc;
    while ((sqlrc = sqlite3_step(s)) == SQLITE_ROW && *n < max) read_row(s, &out[(*n)++]);
    int rc = STORE_OK;
    if (sqlrc != SQLITE_DONE && sqlrc != SQLITE_ROW)
        rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取会议记录列表");
    st_done(s);
    free(query);
    return rc;
}

/* ---- facts and streaming --------------------------------------------------------------- */

int store_meeting_facts(struct store *st, int64_t branch_id, const char *from, const char *to,
                        struct meeting_fact **out, int *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = st_stmt(st, S_MEETING_FACTS,
                              "SELECT date, kind, also_mask, ifnull(group_id, 0) FROM meeting"
                              " WHERE branch_id = ?1 AND date >= ?2 AND date <= ?3"
                              " AND voided_at IS NULL ORDER BY date, id");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, from && from[0] ? from : "");
    st_bind_text(s, 3, to && to[0] ? to : "9999-99-99");
    int cap = 0, sqlrc;
    struct meeting_fact *list = NULL;
    while ((sqlrc = sqlite3_step(s)) == SQLITE_ROW) {
        struct meeting_fact f = {0};
        int kind = meeting_kind_of_code((const char *)sqlite3_column_text(s, 1));
        if (!date_parse((const char *)sqlite3_column_text(s, 0), &f.date) || kind < 0)
            continue; /* the schema's checks make this unreachable; skip rather than miscount */
        f.kind = (enum meeting_kind)kind;
        f.also_mask = (unsigned)sqlite3_column_int64(s, 2);
        f.group_id = sqlite3_column_int64(s, 3);
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            list = xrealloc(list, (size_t)cap * sizeof *list);
        }
        list[(*n)++] = f;
    }
    st_done(s);
    if (sqlrc != SQLITE_DONE) {
        free(list);
        *n = 0;
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "统计会议记录");
    }
    *out = list;
    return STORE_OK;
}

int store_meeting_each(struct store *st, int64_t branch_id, const char *from, const char *to,
                       bool include_voided,
                       int (*fn)(const struct meeting *m, void *ctx), void *ctx)
{
    /* Its own statement, not the cache: fn may call back into the store (even this). */
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT id FROM meeting WHERE branch_id = ?1 AND date >= ?2"
                           " AND date <= ?3 AND (?4 = 1 OR voided_at IS NULL)"
                           " ORDER BY date, start_time, id",
                           -1, &s, NULL) != SQLITE_OK) {
        sqlite3_finalize(s);
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取会议记录");
    }
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, from && from[0] ? from : "");
    st_bind_text(s, 3, to && to[0] ? to : "9999-99-99");
    sqlite3_bind_int(s, 4, include_voided ? 1 : 0);
    int rc = STORE_OK, sqlrc;
    while ((sqlrc = sqlite3_step(s)) == SQLITE_ROW) {
        struct meeting m;
        rc = store_meeting_get(st, sqlite3_column_int64(s, 0), &m);
        if (rc) break;
        int stop = fn(&m, ctx);
        meeting_free(&m);
        if (stop) break;
    }
    if (rc == STORE_OK && sqlrc != SQLITE_DONE && sqlrc != SQLITE_ROW)
        rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取会议记录");
    sqlite3_finalize(s);
    return rc;
}

/* ---- plans ----------------------------------------------------------------------------- */

static int check_plan(struct store *st, const struct meeting_plan *p, int64_t branch_id)
{
    int kind = meeting_kind_of_code(p->kind);
    if (kind < 0) return st_fail(st, STORE_ERR_CONSTRAINT, "保存会议计划失败: 会议类型无效");
    struct zdate d;
    if (!date_parse(p->date, &d))
        return st_fail(st, STORE_ERR_CONSTRAINT, "保存会议计划失败: 日期无效");
    if (kind == MK_GROUP && p->group_id == 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "保存会议计划失败: 党小组会须选择党小组");
    if (p->group_id != 0) {
        int64_t b = st_group_branch(st, p->group_id);
        if (b == 0) return st_fail(st, STORE_ERR_CONSTRAINT, "保存会议计划失败: 党小组不存在");
        if (b != branch_id)
            return st_fail(st, STORE_ERR_CONSTRAINT, "保存会议计划失败: 党小组不属于该支部");
    }
    return STORE_OK;
}

static int plan_fail(struct store *st, int sqlrc)
{
    if (sqlrc == SQLITE_CONSTRAINT_FOREIGNKEY)
        return st_fail(st, STORE_ERR_CONSTRAINT, "保存会议计划失败: 所属支部或党小组不存在");
    return st_sqlfail(st, sqlrc, "保存会议计划");
}

int store_plan_add(struct store *st, struct meeting_plan *p)
{
    int rc = st_require_edit(st, p->branch_id);
    if (rc) return rc;
    rc = check_plan(st, p, p->branch_id);
    if (rc) return rc;
    rc = store_begin(st);
    if (rc) return rc;
    sqlite3_stmt *s = st_stmt(st, S_PLAN_INSERT,
                              "INSERT INTO meeting_plan(uuid, branch_id, kind, group_id, date,"
                              " topic, created_at, created_by, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7)");
    if (!s) return st_abort(st, STORE_ERR);
    char uuid[UUID_STR_LEN], now[24];
    st_bind_stamps(st, s, 1, uuid, 7, now);
    sqlite3_bind_int64(s, 2, p->branch_id);
    st_bind_text(s, 3, p->kind);
    st_bind_id(s, 4, p->group_id);
    st_bind_text(s, 5, p->date);
    st_bind_text(s, 6, p->topic);
    int sqlrc = sqlite3_step(s);
    st_done(s);
    if (sqlrc != SQLITE_DONE) return st_abort(st, plan_fail(st, sqlite3_extended_errcode(st->db)));
    int64_t id = sqlite3_last_insert_rowid(st->db);
    int64_t h = st_history_begin(st, "meeting_plan", uuid, "insert", S_PLAN_JSON, NULL, id);
    if (h < 0) return st_abort(st, (int)h);
    rc = st_history_finish(st, h, S_PLAN_JSON, PLAN_JSON, id);
    if (rc) return st_abort(st, rc);
    rc = store_commit(st);
    if (rc) return rc;
    p->id = id;
    memcpy(p->uuid, uuid, sizeof uuid);
    memcpy(p->created_at, now, sizeof now);
    p->meeting_id = 0;
    p->voided = false;
    p->version = h;
    return STORE_OK;
}

int store_plan_update(struct store *st, struct meeting_plan *p)
{
    struct meeting_plan old;
    int rc = store_plan_get(st, p->id, &old);
    if (rc) return rc;
    rc = st_require_edit(st, old.branch_id);
    if (rc) return rc;
    if (old.voided) return st_fail(st, STORE_ERR_CONSTRAINT, "已作废的计划不能修改");
    rc = check_plan(st, p, old.branch_id);
    if (rc) return rc;
    rc = store_begin(st);
    if (rc) return rc;
    rc = st_check_version(st, "meeting_plan", old.uuid, p->version, S_PLAN_JSON, PLAN_JSON, p->id);
    if (rc) return st_abort(st, rc);
    int64_t h = st_history_begin(st, "meeting_plan", old.uuid, "update", S_PLAN_JSON, PLAN_JSON,
                                 p->id);
    if (h < 0) return st_abort(st, (int)h);
    sqlite3_stmt *s = st_stmt(st, S_PLAN_UPDATE,
                              "UPDATE meeting_plan SET kind = ?2, group_id = ?3, date = ?4,"
                              " topic = ?5, updated_at = ?6 WHERE id = ?1");
    if (!s) return st_abort(st, STORE_ERR);
    char now[24];
    clock_now_iso(now);
    sqlite3_bind_int64(s, 1, p->id);
    st_bind_text(s, 2, p->kind);
    st_bind_id(s, 3, p->group_id);
    st_bind_text(s, 4, p->date);
    st_bind_text(s, 5, p->topic);
    st_bind_text(s, 6, now);
    int sqlrc = sqlite3_step(s);
    st_done(s);
    if (sqlrc != SQLITE_DONE) return st_abort(st, plan_fail(st, sqlite3_extended_errcode(st->db)));
    rc = st_history_finish(st, h, S_PLAN_JSON, PLAN_JSON, p->id);
    if (rc) return st_abort(st, rc);
    /* an update that changed nothing (issue 14): no history, no change */
    {
        int same = st_history_same(st, h);
        if (same < 0) return st_abort(st, same);
        if (same) return st_abort(st, STORE_OK);
    }
    rc = store_commit(st);
    if (rc == STORE_OK) p->version = h;
    return rc;
}

int store_plan_get(struct store *st, int64_t id, struct meeting_plan *out)
{
    sqlite3_stmt *s = st_stmt(st, S_PLAN_GET, PLAN_SELECT " WHERE p.id = ?1");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, id);
    int sqlrc = sqlite3_step(s);
    int rc = STORE_OK;
    if (sqlrc == SQLITE_ROW)
        read_plan(s, out);
    else if (sqlrc == SQLITE_DONE)
        rc = st_fail(st, STORE_ERR_NOT_FOUND, "会议计划不存在");
    else
        rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取会议计划");
    st_done(s);
    return rc;
}

int store_plan_void(struct store *st, int64_t id, const char *reason)
{
    struct meeting_plan old;
    int rc = store_plan_get(st, id, &old);
    if (rc) return rc;
    rc = st_require_edit(st, old.branch_id);
    if (rc) return rc;
    if (old.voided) return st_fail(st, STORE_ERR_CONSTRAINT, "该计划已作废");
    if (old.meeting_id != 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "该计划已有会议记录，不能作废");
    char *why = required_reason(st, reason);
    if (!why) return STORE_ERR_CONSTRAINT;
    rc = store_begin(st);
    if (rc) {
        free(why);
        return rc;
    }
    int64_t h = st_history_begin(st, "meeting_plan", old.uuid, "void", S_PLAN_JSON, PLAN_JSON, id);
    if (h < 0) {
        free(why);
        return st_abort(st, (int)h);
    }
    sqlite3_stmt *s = st_stmt(st, S_PLAN_VOID,
                              "UPDATE meeting_plan SET voided_at = ?2, voided_by = ?3,"
                              " void_reason = ?4, updated_at = ?2 WHERE id = ?1");
    if (!s) {
        free(why);
        return st_abort(st, STORE_ERR);
    }
    char now[24];
    clock_now_iso(now);
    sqlite3_bind_int64(s, 1, id);
    st_bind_text(s, 2, now);
    st_bind_text(s, 3, st->user);
    st_bind_text(s, 4, why);
    free(why);
    int sqlrc = sqlite3_step(s);
    st_done(s);
    if (sqlrc != SQLITE_DONE)
        return st_abort(st, st_sqlfail(st, sqlite3_extended_errcode(st->db), "作废会议计划"));
    rc = st_history_finish(st, h, S_PLAN_JSON, PLAN_JSON, id);
    if (rc) return st_abort(st, rc);
    return store_commit(st);
}

int store_plan_list(struct store *st, int64_t branch_id, const char *to,
                    struct store_plan_list *out)
{
    *out = (struct store_plan_list){0};
    sqlite3_stmt *s = st_stmt(st, S_PLAN_OPEN,
                              PLAN_SELECT " WHERE p.branch_id = ?1 AND p.meeting_id IS NULL"
                                          " AND p.voided_at IS NULL AND p.date <= ?2"
                                          " ORDER BY p.date, p.id");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, to && to[0] ? to : "9999-99-99");
    int sqlrc;
    while ((sqlrc = sqlite3_step(s)) == SQLITE_ROW) read_plan(s, ST_LIST_ADD(out));
    int rc = STORE_OK;
    if (sqlrc != SQLITE_DONE) {
        rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取会议计划");
        store_plan_list_free(out);
    }
    st_done(s);
    return rc;
}

void store_plan_list_free(struct store_plan_list *l)
{
    free(l->v);
    *l = (struct store_plan_list){0};
}
