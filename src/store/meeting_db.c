/* meeting.c — 三会一课 records and meeting plans in the database: the expected list from the
 * roster as of a date, records with their attendance and resolutions (add, update with the old
 * values in history, void), list pages with kind/date/text filters, facts for the frequency
 * rules, streaming whole records, and plans (add, update, void, open ones; a record fulfils
 * its plan).
 *
 * Plans are in meeting_plan.c; the expected list, list pages, facts and streaming in
 * meeting_list.c. */
#include "meeting_priv.h"
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

static void read_meeting(sqlite3_stmt *s, void *out)
{
    struct meeting *m = out;
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
        /* the branch alone; the whole row (some thirty columns) only for the message (issue 17:
         * the demo's meetings read two or three of them each) */
        int64_t b = st_member_branch(st, people[i].id);
        if (b == 0)
            return st_fail(st, STORE_ERR_CONSTRAINT, "保存会议记录失败: %s不在名册中", people[i].role);
        if (b != branch_id) {
            struct member who;
            if (store_member_get(st, people[i].id, &who) != STORE_OK)
                return st_fail(st, STORE_ERR_CONSTRAINT, "保存会议记录失败: %s不在名册中",
                               people[i].role);
            return st_fail(st, STORE_ERR_CONSTRAINT, "保存会议记录失败: %s %s 不是本支部党员",
                           people[i].role, who.name);
        }
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
    char buf[ZB_MSG_MAX];
    const char *votes = meeting_votes_problem(m, buf, sizeof buf);
    if (votes) return st_fail(st, STORE_ERR_CONSTRAINT, "保存会议记录失败: %s", votes);
    return STORE_OK;
}

static int meeting_fail(struct store *st, int sqlrc, const void *ctx)
{
    (void)ctx;
    if (sqlrc == SQLITE_CONSTRAINT_FOREIGNKEY)
        return st_fail(st, STORE_ERR_CONSTRAINT,
                       "保存会议记录失败: 所属支部、党小组、人员或计划不存在");
    return st_sqlfail(st, sqlrc, "保存会议记录");
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

/* A failed write of an attendance row: a member who is not there is named. */
static int attendance_fail(struct store *st, int sqlrc, const void *ctx)
{
    if (sqlrc == SQLITE_CONSTRAINT_FOREIGNKEY)
        return st_fail(st, STORE_ERR_CONSTRAINT, "保存会议记录失败: 出席名单中的党员不存在");
    return meeting_fail(st, sqlrc, ctx);
}

/* The attendance rows of members no longer in m's list deleted. */
static int delete_unlisted(struct store *st, int64_t meeting_id, const struct meeting *m)
{
    /* The members still listed, as a JSON array for json_each. */
    sqlite3_stmt *s;
    int rc;
    size_t cap = 3 + (size_t)m->nattendees * 21, len = 0;
    char *ids = xmalloc(cap);
    ids[len++] = '[';
    for (int i = 0; i < m->nattendees; i++)
        len += (size_t)snprintf(ids + len, cap - len, "%s%lld", i ? "," : "",
                                (long long)m->attendees[i].member_id);
    ids[len++] = ']';
    ids[len] = '\0';
    s = st_stmt(st,
                "DELETE FROM meeting_attendance WHERE meeting_id = ?1"
                " AND member_id NOT IN (SELECT value FROM json_each(?2))");
    if (!s) {
        free(ids);
        return STORE_ERR;
    }
    sqlite3_bind_int64(s, 1, meeting_id);
    sqlite3_bind_text(s, 2, ids, (int)len, SQLITE_TRANSIENT);
    rc = st_step_write_as(st, s, meeting_fail, NULL);
    free(ids);
    return rc;
}

/* The attendance rows are written up to ATTENDANCE_BATCH to a statement (a multi-row VALUES:
 * the same rows in the same order, each row's conflict handled as a one-row statement would):
 * each run of the statement opens a temporary b-tree for the table's CHECK (mark IN (...)),
 * SQLite's form of an IN list of three or more constants, a page allocated and zeroed: once
 * per row before (issue 17: a third of the demo's meeting writes). The text for k rows
 * (?7j+1 .. ?7j+7 the j-th), kept for the program's life so that st_stmt caches it by its
 * address; k a power of two (write_children), so that few statements stay prepared (each of
 * 32 rows takes some 30 KB). */
#define ATTENDANCE_BATCH 32 /* a power of two */
static const char *attendance_sql(int k)
{
    static char *sql[ATTENDANCE_BATCH + 1];
    if (k < 1 || k > ATTENDANCE_BATCH) return NULL;
    if (sql[k]) return sql[k];
    size_t cap = 512 + (size_t)k * 48, len = 0;
    char *b = xmalloc(cap);
    len += (size_t)snprintf(b + len, cap - len,
                            "INSERT INTO meeting_attendance(meeting_id, member_id, voting, mark,"
                            " reason, excused, seq) VALUES ");
    for (int j = 0; j < k; j++) {
        int p = 7 * j;
        len += (size_t)snprintf(b + len, cap - len, "%s(?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d)",
                                j ? ", " : "", p + 1, p + 2, p + 3, p + 4, p + 5, p + 6, p + 7);
    }
    snprintf(b + len, cap - len, "%s",
             " ON CONFLICT (meeting_id, member_id) DO UPDATE SET"
             " voting = excluded.voting, mark = excluded.mark, reason = excluded.reason,"
             " excused = excluded.excused, seq = excluded.seq"
             " WHERE voting <> excluded.voting OR mark <> excluded.mark"
             " OR reason <> excluded.reason OR excused <> excluded.excused"
             " OR seq <> excluded.seq");
    return sql[k] = b;
}

/* Make the record's attendance and resolution rows equal to m's lists. Rows are matched by
 * member (attendance) and by position (resolutions): a matching row is updated in place and
 * keeps its uuid, new ones are inserted, and rows no longer in the list are deleted. Deleting
 * is the one exception to "nothing is deleted", and only for child rows of the record being
 * written: the history row of that write holds the old lists in full (old_json). fresh: the
 * record was just inserted, so it has no rows but those written here and the deletes would
 * delete nothing (issue 17: the demo's 250 k records each ran them). */
static int write_children(struct store *st, int64_t meeting_id, const struct meeting *m,
                          const char *now, bool fresh)
{
    sqlite3_stmt *s;
    int rc;
    char uuid[UUID_STR_LEN];
    for (int i = 0, k; i < m->nattendees; i += k) {
        /* 32, 16, 8, 4, 2, 1: at most six statements a list, six kept prepared */
        k = ATTENDANCE_BATCH;
        while (k > m->nattendees - i) k /= 2;
        s = st_stmt(st, attendance_sql(k));
        if (!s) return STORE_ERR;
        for (int j = 0; j < k; j++) {
            const struct attendee *a = &m->attendees[i + j];
            int p = 7 * j;
            sqlite3_bind_int64(s, p + 1, meeting_id);
            sqlite3_bind_int64(s, p + 2, a->member_id);
            sqlite3_bind_int(s, p + 3, a->voting ? 1 : 0);
            st_bind_text(s, p + 4, a->mark);
            st_bind_text(s, p + 5, a->reason);
            sqlite3_bind_int(s, p + 6, a->excused ? 1 : 0);
            sqlite3_bind_int(s, p + 7, i + j);
        }
        rc = st_step_write_as(st, s, attendance_fail, NULL);
        if (rc) return rc;
    }

    rc = fresh ? STORE_OK : delete_unlisted(st, meeting_id, m);
    if (rc) return rc;

    for (int i = 0; i < m->nresolutions; i++) {
        const struct resolution *r = &m->resolutions[i];
        s = st_stmt(st,
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
        rc = st_step_write_as(st, s, meeting_fail, NULL);
        if (rc) return rc;
    }
    if (fresh) return STORE_OK;
    s = st_stmt(st,
                "DELETE FROM meeting_resolution WHERE meeting_id = ?1 AND seq > ?2");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, meeting_id);
    sqlite3_bind_int(s, 2, m->nresolutions);
    rc = st_step_write_as(st, s, meeting_fail, NULL);
    if (rc) return rc;
    return STORE_OK;
}

int store_meeting_add(struct store *st, struct meeting *m)
{
    int rc = st_require_edit(st, m->branch_id);
    if (rc) return rc;
    rc = check_record(st, m, m->branch_id);
    if (rc) return rc;
    if (m->plan_id != 0) {
        rc = st_check_plan_link(st, m->plan_id, m->branch_id, 0);
        if (rc) return rc;
    }
    rc = store_begin(st);
    if (rc) return rc;
    sqlite3_stmt *s = st_stmt(
        st,
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
    rc = st_step_write_as(st, s, meeting_fail, NULL);
    if (rc) return st_abort(st, rc);
    int64_t id = sqlite3_last_insert_rowid(st->db);
    rc = write_children(st, id, m, now, true);
    if (rc) return st_abort(st, rc);
    if (m->plan_id != 0) {
        rc = st_set_plan_meeting(st, m->plan_id, id, "fulfil");
        if (rc) return st_abort(st, rc);
    }
    int64_t h = st_history_insert_whole(st, "meeting", uuid, MEETING_JSON, id);
    if (h < 0) return st_abort(st, (int)h);
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

static void read_state(sqlite3_stmt *s, void *dst)
{
    struct meeting_state *out = dst;
    st_col_text(s, 0, out->uuid, sizeof out->uuid);
    out->branch_id = sqlite3_column_int64(s, 1);
    out->plan_id = sqlite3_column_int64(s, 2);
    out->voided = sqlite3_column_int(s, 3) != 0;
    st_col_text(s, 4, out->date, sizeof out->date);
}

static int meeting_state(struct store *st, int64_t id, struct meeting_state *out)
{
    return st_get_row(st,
                      st_stmt(st, "SELECT uuid, branch_id, ifnull(plan_id, 0),"
                                  " voided_at IS NOT NULL, date FROM meeting WHERE id = ?1"),
                      id, read_state, out, "会议记录不存在", "读取会议记录");
}

/* The record's row and its attendance and resolutions as m holds them (store_meeting_update,
 * and its probe for a save that changes nothing). */
static int update_row(struct store *st, void *ctx)
{
    struct meeting *m = ctx;
    sqlite3_stmt *s = st_stmt(
        st,
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
    int rc = st_step_write_as(st, s, meeting_fail, NULL);
    if (rc) return rc;
    return write_children(st, m->id, m, now, false);
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
        rc = st_check_plan_link(st, m->plan_id, old.branch_id, m->id);
        if (rc) return rc;
    }
    rc = store_begin(st);
    if (rc) return rc;
    rc = st_check_version(st, "meeting", old.uuid, m->version, MEETING_JSON,
                          m->id);
    if (rc) return st_abort(st, rc);
    /* a save that changes nothing writes nothing, and so needs no 申请修改 in a reviewed month */
    int same = st_update_probe(st, MEETING_JSON, m->id, update_row, m);
    if (same < 0) return st_abort(st, same);
    if (same) return st_abort(st, STORE_OK);
    /* the month it was in and, when the date moves to another month, the new one */
    rc = st_check_lock(st, old.branch_id, old.date, "meeting", old.uuid);
    if (rc == STORE_OK && strncmp(old.date, m->date, 7) != 0)
        rc = st_check_lock(st, old.branch_id, m->date, "meeting", old.uuid);
    if (rc) return st_abort(st, rc);
    int64_t h = st_history_begin(st, "meeting", old.uuid, "update", MEETING_JSON,
                                 m->id);
    if (h < 0) return st_abort(st, (int)h);
    rc = update_row(st, m);
    if (rc) return st_abort(st, rc);
    if (old.plan_id != m->plan_id && old.plan_id != 0) {
        rc = st_set_plan_meeting(st, old.plan_id, 0, "reopen");
        if (rc) return st_abort(st, rc);
    }
    if (m->plan_id != 0) {
        rc = st_set_plan_meeting(st, m->plan_id, m->id, "fulfil");
        if (rc) return st_abort(st, rc);
    }
    rc = st_history_finish(st, h, MEETING_JSON, m->id);
    if (rc) return st_abort(st, rc);
    rc = store_commit(st);
    if (rc == STORE_OK) m->version = h;
    return rc;
}

static int read_children(struct store *st, struct meeting *m)
{
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT a.member_id, ifnull(p.name, ''), ifnull(p.office, ''),"
                              " a.voting, a.mark, a.reason, a.excused"
                              " FROM meeting_attendance a LEFT JOIN member p ON p.id = a.member_id"
                              " WHERE a.meeting_id = ?1 ORDER BY a.seq, a.member_id");
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

    s = st_stmt(st,
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
    int rc = st_get_row(st, st_stmt(st, MEETING_SELECT " WHERE m.id = ?1"), id,
                        read_meeting, out, "会议记录不存在", "读取会议记录");
    if (rc == STORE_OK) rc = read_children(st, out);
    if (rc != STORE_OK) meeting_free(out);
    return rc;
}

/* A voided record fulfils nothing: its plan is open again (the record keeps plan_id). */
static int reopen_plan(struct store *st, void *ctx)
{
    const struct meeting_state *old = ctx;
    return old->plan_id != 0 ? st_set_plan_meeting(st, old->plan_id, 0, "reopen") : STORE_OK;
}

int store_meeting_void(struct store *st, int64_t id, const char *reason)
{
    struct meeting_state old;
    int rc = meeting_state(st, id, &old);
    if (rc) return rc;
    const struct st_void v = {
        .table = "meeting",
        .json_sql = MEETING_JSON,
        .void_sql = "UPDATE meeting SET voided_at = ?2, voided_by = ?3,"
                    " void_reason = ?4, updated_at = ?2 WHERE id = ?1",
        .what = "作废会议记录",
        .voided_msg = "该记录已作废",
        .id = id,
        .branch_id = old.branch_id,
        .uuid = old.uuid,
        .month = old.date,
        .voided = old.voided,
        .after = reopen_plan,
        .ctx = &old,
    };
    return st_void_row(st, &v, reason);
}
