/* term_db.c — 换届 (committee_term) and the roster's office history (office_term) in the
 * database (store_term.h; rules in committee_term.h); section term of the monthly review's load
 * (st_load_terms, audit_priv.h). */
#include "audit_priv.h"
#include "posts_priv.h"
#include "store_json.h"
#include "store_list.h"

#include <stdio.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/meeting.h"
#include "zhibu/store_term.h"
#include "zhibu/util.h"

/* ---- terms ----------------------------------------------------------------------------- */

#define TERM_SELECT                                                                            \
    "SELECT t.id, t.uuid, t.branch_id, t.elected_date, t.term_years, ifnull(t.meeting_id, 0),"  \
    " t.note, t.voided_at IS NOT NULL, ifnull(t.void_reason, ''), ifnull(m.date, ''),"         \
    " ifnull(m.kind, ''), ifnull(m.election, 0), m.voided_at IS NOT NULL"                      \
    " FROM committee_term t LEFT JOIN meeting m ON m.id = t.meeting_id"

static void read_term(sqlite3_stmt *s, void *out)
{
    struct committee_term *t = out;
    memset(t, 0, sizeof *t);
    t->id = sqlite3_column_int64(s, 0);
    st_col_text(s, 1, t->uuid, sizeof t->uuid);
    t->branch_id = sqlite3_column_int64(s, 2);
    st_col_text(s, 3, t->elected_date, sizeof t->elected_date);
    t->term_years = sqlite3_column_int(s, 4);
    t->meeting_id = sqlite3_column_int64(s, 5);
    st_col_text(s, 6, t->note, sizeof t->note);
    t->voided = sqlite3_column_int(s, 7) != 0;
    st_col_text(s, 8, t->void_reason, sizeof t->void_reason);
    struct zdate e;
    if (date_parse(t->elected_date, &e)) date_format(term_end(e, t->term_years), t->end_date);
    if (t->meeting_id) {
        char date[11], kind[16];
        st_col_text(s, 9, date, sizeof date);
        st_col_text(s, 10, kind, sizeof kind);
        int k = meeting_kind_of_code(kind);
        snprintf(t->meeting_label, sizeof t->meeting_label, "%s %s%s%s", date,
                 k >= 0 ? meeting_kind_label((enum meeting_kind)k) : "会议",
                 sqlite3_column_int(s, 11) ? "（选举）" : "",
                 sqlite3_column_int(s, 12) ? "（已作废）" : "");
    }
}

void store_term_list_free(struct store_term_list *l)
{
    free(l->v);
    *l = (struct store_term_list){0};
}

int store_term_list(struct store *st, int64_t branch_id, struct store_term_list *out)
{
    *out = (struct store_term_list){0};
    sqlite3_stmt *s = st_stmt(st, TERM_SELECT " WHERE t.branch_id = ?1"
                                  " ORDER BY t.elected_date DESC, t.id DESC");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) read_term(s, ST_LIST_ADD(out));
    rc = st_read_end(st, s, rc, "读取换届记录");
    if (rc) store_term_list_free(out);
    return rc;
}

int store_term_current(struct store *st, int64_t branch_id, struct committee_term *out)
{
    memset(out, 0, sizeof *out);
    return st_get_row(st,
                      st_stmt(st, TERM_SELECT " WHERE t.branch_id = ?1 AND t.voided_at IS NULL"
                                  " ORDER BY t.elected_date DESC, t.id DESC LIMIT 1"),
                      branch_id, read_term, out, "尚未登记换届", "读取换届记录");
}

static int term_get(struct store *st, int64_t id, struct committee_term *out)
{
    return st_get_row(st, st_stmt(st, TERM_SELECT " WHERE t.id = ?1"), id, read_term, out,
                      "换届记录不存在", "读取换届记录");
}

/* The facts of meeting id for term_election_problem (found false when it is not of the branch
 * or voided). */
static int election_meeting(struct store *st, int64_t branch_id, int64_t id,
                            struct term_meeting *m)
{
    memset(m, 0, sizeof *m);
    if (!id) return STORE_OK;
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT kind, also_mask, election, quorum, date FROM meeting"
                              " WHERE id = ?1 AND branch_id = ?2 AND voided_at IS NULL");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int64(s, 2, branch_id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        m->found = true;
        char kind[16];
        st_col_text(s, 0, kind, sizeof kind);
        unsigned also = (unsigned)sqlite3_column_int64(s, 1);
        m->general = strcmp(kind, meeting_kind_code(MK_GENERAL)) == 0 ||
                     (also & MK_BIT(MK_GENERAL)) != 0;
        m->election = sqlite3_column_int(s, 2) != 0;
        m->quorum = sqlite3_column_int(s, 3);
        char date[11];
        st_col_text(s, 4, date, sizeof date);
        date_parse(date, &m->date);
        rc = SQLITE_DONE;
    }
    return st_read_end(st, s, rc, "读取选举会议");
}

/* Whether the branch has no meeting record dated on or before `day` (an election then was held
 * before the ledger: no record of it to link). */
static int before_ledger(struct store *st, int64_t branch_id, const char *day, bool *out)
{
    *out = false;
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT NOT EXISTS (SELECT 1 FROM meeting WHERE branch_id = ?1"
                              " AND date <= ?2 AND voided_at IS NULL)");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, day);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) *out = sqlite3_column_int(s, 0) != 0;
    return st_read_end(st, s, rc, "读取会议记录");
}

int store_term_record(struct store *st, struct committee_term *t, const struct people_rules *rules)
{
    int rc = st_require_edit(st, t->branch_id);
    if (rc) return rc;
    if (t->term_years == 0) t->term_years = rules && rules->term_years > 0 ? rules->term_years : 3;
    struct zdate elected = {0, 0, 0};
    if (!date_parse(t->elected_date, &elected))
        return st_fail(st, STORE_ERR_CONSTRAINT, "选举日期无效：%s", t->elected_date);
    struct term_meeting m;
    rc = election_meeting(st, t->branch_id, t->meeting_id, &m);
    if (rc) return rc;
    if (!t->meeting_id) {
        rc = before_ledger(st, t->branch_id, t->elected_date, &m.before_ledger);
        if (rc) return rc;
    }
    struct committee_term cur;
    rc = store_term_current(st, t->branch_id, &cur);
    if (rc != STORE_OK && rc != STORE_ERR_NOT_FOUND) return rc;
    struct zdate prev = {0, 0, 0};
    if (rc == STORE_OK) date_parse(cur.elected_date, &prev);
    const char *why = term_election_problem(elected, t->term_years, &m, &prev, clock_today());
    if (why) return st_fail(st, STORE_ERR_CONSTRAINT, "%s", why);
    if (rc == STORE_OK && strcmp(cur.elected_date, t->elected_date) == 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "该日期的换届已经登记");
    rc = st_check_reason(st, t->note, sizeof t->note, t->note, NULL, "备注");
    if (rc) return rc;

    char uuid[UUID_STR_LEN], now[24];
    store_uuid(uuid);
    clock_now_iso(now);
    rc = store_begin(st);
    if (rc) return rc;
    rc = st_check_lock(st, t->branch_id, t->elected_date, "committee_term", uuid);
    if (rc) return st_abort(st, rc);
    sqlite3_stmt *s = st_stmt(st,
                              "INSERT INTO committee_term(uuid, branch_id, elected_date, term_years,"
                              " meeting_id, note, created_at, created_by, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7)");
    if (!s) return st_abort(st, STORE_ERR);
    st_bind_text(s, 1, uuid);
    sqlite3_bind_int64(s, 2, t->branch_id);
    st_bind_text(s, 3, t->elected_date);
    sqlite3_bind_int(s, 4, t->term_years);
    st_bind_id(s, 5, t->meeting_id);
    st_bind_text(s, 6, t->note);
    st_bind_text(s, 7, now);
    st_bind_text(s, 8, st->user);
    rc = st_step_write(st, s, "保存换届记录");
    if (rc) return st_abort(st, rc);
    int64_t id = st_insert_history(st, "committee_term", uuid, COMMITTEE_TERM_JSON);
    if (id < 0) return st_abort(st, (int)id);
    int64_t version = st_row_version(st, "committee_term", uuid);
    if (version < 0) return st_abort(st, (int)version);
    rc = store_commit(st);
    if (rc) return rc;
    t->id = id;
    memcpy(t->uuid, uuid, sizeof uuid);
    t->version = version;
    date_format(term_end(elected, t->term_years), t->end_date);
    return STORE_OK;
}

int store_term_void(struct store *st, int64_t id, const char *reason)
{
    struct committee_term old;
    int rc = term_get(st, id, &old);
    if (rc) return rc;
    const struct st_void v = {
        .table = "committee_term",
        .json_sql = COMMITTEE_TERM_JSON,
        .void_sql = "UPDATE committee_term SET voided_at = ?2, voided_by = ?3, void_reason = ?4,"
                    " updated_at = ?2 WHERE id = ?1",
        .what = "作废换届记录",
        .voided_msg = "该换届记录已作废",
        .reason_empty = "作废换届记录须填写原因",
        .reason_label = "作废原因",
        .id = id,
        .branch_id = old.branch_id,
        .uuid = old.uuid,
        .month = old.elected_date,
        .voided = old.voided,
    };
    return st_void_row(st, &v, reason);
}

void store_term_meeting_list_free(struct store_term_meeting_list *l)
{
    free(l->v);
    *l = (struct store_term_meeting_list){0};
}

int store_term_meetings(struct store *st, int64_t branch_id, struct store_term_meeting_list *out)
{
    *out = (struct store_term_meeting_list){0};
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT id, date, quorum, substr(topics, 1, 20) FROM meeting"
                              " WHERE branch_id = ?1 AND voided_at IS NULL AND election <> 0"
                              " AND (kind = 'general' OR (also_mask & ?2) <> 0)"
                              " ORDER BY date DESC, id DESC");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    sqlite3_bind_int64(s, 2, MK_BIT(MK_GENERAL));
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct term_meeting_choice *c = ST_LIST_ADD(out);
        c->id = sqlite3_column_int64(s, 0);
        st_col_text(s, 1, c->date, sizeof c->date);
        c->quorum = sqlite3_column_int(s, 2);
        char topic[96];
        st_col_text(s, 3, topic, sizeof topic);
        char *nl = strchr(topic, '\n');
        if (nl) *nl = '\0';
        snprintf(c->label, sizeof c->label, "%s 支部党员大会 %s%s", c->date, topic,
                 c->quorum == QUORUM_MET ? "" : "（未达选举法定人数）");
    }
    rc = st_read_end(st, s, rc, "读取选举会议");
    if (rc) store_term_meeting_list_free(out);
    return rc;
}

/* ---- the office history ---------------------------------------------------------------- */

/* A span of member_id's office from..to (history "insert"); term_id: the branch's term elected
 * by `from` (none for a span from before the ledger). */
static int insert_span(struct store *st, int64_t member_id, const char *office, const char *from,
                       const char *to)
{
    sqlite3_stmt *s = st_stmt(
        st,
        "INSERT INTO office_term(uuid, member_id, office, from_date, to_date, term_id,"
        " created_at, created_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5,"
        " (SELECT t.id FROM committee_term t JOIN member m ON m.branch_id = t.branch_id"
        "  WHERE m.id = ?2 AND ?4 <> '' AND t.voided_at IS NULL AND t.elected_date <= ?4"
        "  ORDER BY t.elected_date DESC, t.id DESC LIMIT 1), ?6, ?7, ?6)");
    if (!s) return STORE_ERR;
    char uuid[UUID_STR_LEN], now[24];
    store_uuid(uuid);
    clock_now_iso(now);
    st_bind_text(s, 1, uuid);
    sqlite3_bind_int64(s, 2, member_id);
    st_bind_text(s, 3, office);
    st_bind_text(s, 4, from);
    st_bind_text(s, 5, to);
    st_bind_text(s, 6, now);
    st_bind_text(s, 7, st->user);
    int rc = st_step_write(st, s, "保存职务记录");
    if (rc) return rc;
    int64_t id = st_insert_history(st, "office_term", uuid, OFFICE_TERM_JSON);
    return id < 0 ? (int)id : STORE_OK;
}

struct open_span {
    int64_t id;
    char uuid[UUID_STR_LEN];
    char from[11];
    int any;                   /* rows of the member at all */
};

static int open_span_of(struct store *st, int64_t member_id, struct open_span *o)
{
    memset(o, 0, sizeof *o);
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT (SELECT count(*) FROM office_term WHERE member_id = ?1),"
                              " (SELECT id FROM office_term WHERE member_id = ?1 AND to_date = ''"
                              "  ORDER BY from_date DESC, id DESC LIMIT 1),"
                              " (SELECT from_date FROM office_term WHERE member_id = ?1"
                              "  AND to_date = '' ORDER BY from_date DESC, id DESC LIMIT 1),"
                              " (SELECT uuid FROM office_term WHERE member_id = ?1"
                              "  AND to_date = '' ORDER BY from_date DESC, id DESC LIMIT 1)");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, member_id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        o->any = sqlite3_column_int(s, 0);
        o->id = sqlite3_column_int64(s, 1);
        st_col_text(s, 2, o->from, sizeof o->from);
        st_col_text(s, 3, o->uuid, sizeof o->uuid);
    }
    return st_read_end(st, s, rc, "读取职务记录");
}

int st_office_sync(struct store *st, int64_t member_id, const char *office, const char *day)
{
    char old[16] = "";
    sqlite3_stmt *s = st_stmt(st, "SELECT office FROM member WHERE id = ?1");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, member_id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) st_col_text(s, 0, old, sizeof old);
    rc = st_read_end(st, s, rc, "读取职务");
    if (rc) return rc;
    if (strcmp(old, office ? office : "") == 0) return STORE_OK;
    char today[DATE_STR_LEN];
    if (!day || !day[0]) {
        date_format(clock_today(), today);
        day = today;
    }
    struct open_span o;
    rc = open_span_of(st, member_id, &o);
    if (rc) return rc;
    if (!o.any && old[0]) {
        /* the first change of an office held since before the ledger: that span, closed */
        rc = insert_span(st, member_id, old, "", day);
    } else if (o.id) {
        int64_t h = st_history_begin(st, "office_term", o.uuid, "end", OFFICE_TERM_JSON, o.id);
        if (h < 0) return (int)h;
        s = st_stmt(st, "UPDATE office_term SET to_date = ?2, updated_at = ?3 WHERE id = ?1");
        if (!s) return STORE_ERR;
        char now[24];
        clock_now_iso(now);
        sqlite3_bind_int64(s, 1, o.id);
        /* a span never ends before it began */
        st_bind_text(s, 2, strcmp(day, o.from) < 0 ? o.from : day);
        st_bind_text(s, 3, now);
        rc = st_step_write(st, s, "保存职务记录");
        if (rc == STORE_OK) rc = st_history_finish(st, h, OFFICE_TERM_JSON, o.id);
    }
    if (rc == STORE_OK && office && office[0]) rc = insert_span(st, member_id, office, day, "");
    return rc;
}

int store_member_set_office(struct store *st, struct member *m, const char *office,
                            const char *day)
{
    char today[DATE_STR_LEN];
    date_format(clock_today(), today);
    if (!day || !day[0]) day = today;
    struct zdate d;
    if (!date_parse(day, &d)) return st_fail(st, STORE_ERR_CONSTRAINT, "任免日期无效：%s", day);
    if (strcmp(day, today) > 0) return st_fail(st, STORE_ERR_CONSTRAINT, "任免日期不能晚于今天");
    if (m->join_date[0] && office && office[0] && strcmp(day, m->join_date) < 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "任职日期不能早于入党日期");
    struct open_span o;
    int rc = open_span_of(st, m->id, &o);
    if (rc) return rc;
    if (o.id && strcmp(day, o.from) < 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "任免日期不能早于现任职务的起始日期（%s）",
                       o.from);
    zb_strlcpy(m->office, office ? office : "", sizeof m->office);
    zb_strlcpy(st->office_day, day, sizeof st->office_day);
    rc = store_member_update(st, m);
    st->office_day[0] = '\0';
    return rc;
}

int store_office_since(struct store *st, int64_t member_id, const char *from)
{
    int rc = st_require_edit(st, st_member_branch(st, member_id));
    if (rc) return rc;
    struct member m;
    rc = store_member_get(st, member_id, &m);
    if (rc) return rc;
    struct zdate d;
    char today[DATE_STR_LEN];
    date_format(clock_today(), today);
    if (!m.office[0]) return st_fail(st, STORE_ERR_CONSTRAINT, "%s 现无支委职务", m.name);
    if (!from || !date_parse(from, &d))
        return st_fail(st, STORE_ERR_CONSTRAINT, "任职日期无效：%s", from ? from : "");
    if (strcmp(from, today) > 0) return st_fail(st, STORE_ERR_CONSTRAINT, "任职日期不能晚于今天");
    if (m.join_date[0] && strcmp(from, m.join_date) < 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "任职日期不能早于入党日期");
    struct open_span o;
    rc = open_span_of(st, member_id, &o);
    if (rc) return rc;
    if (o.any) return st_fail(st, STORE_ERR_CONSTRAINT, "%s 已有职务变动记录", m.name);
    rc = store_begin(st);
    if (rc) return rc;
    rc = insert_span(st, member_id, m.office, from, "");
    if (rc) return st_abort(st, rc);
    return store_commit(st);
}

void store_office_history_free(struct store_office_history *l)
{
    free(l->v);
    *l = (struct store_office_history){0};
}

int store_office_history(struct store *st, int64_t branch_id, int64_t member_id,
                         struct store_office_history *out)
{
    *out = (struct store_office_history){0};
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT o.id, o.member_id, m.name, o.office, o.from_date, o.to_date,"
                              " ifnull(o.term_id, 0) FROM office_term o"
                              " JOIN member m ON m.id = o.member_id"
                              " WHERE m.branch_id = ?1 AND (?2 = 0 OR o.member_id = ?2)"
                              " ORDER BY o.to_date <> '', o.to_date DESC, o.from_date DESC, o.id DESC");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    sqlite3_bind_int64(s, 2, member_id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct office_term_row *r = ST_LIST_ADD(out);
        r->id = sqlite3_column_int64(s, 0);
        r->member_id = sqlite3_column_int64(s, 1);
        st_col_text(s, 2, r->member_name, sizeof r->member_name);
        st_col_text(s, 3, r->office, sizeof r->office);
        st_col_text(s, 4, r->from_date, sizeof r->from_date);
        st_col_text(s, 5, r->to_date, sizeof r->to_date);
        r->term_id = sqlite3_column_int64(s, 6);
    }
    rc = st_read_end(st, s, rc, "读取职务记录");
    if (rc) store_office_history_free(out);
    return rc;
}

/* ---- the monthly review: the newest term by branch as of month end ---------------------- */

int st_load_terms(struct load *L)
{
    sqlite3_stmt *s = st_load_stmt(L,
                                   "SELECT branch_id, id, elected_date, term_years,"
                                   " ifnull(meeting_id, 0) FROM committee_term"
                                   " WHERE branch_id BETWEEN ?1 AND ?2 AND elected_date <= ?4"
                                   " AND voided_at IS NULL"
                                   " ORDER BY branch_id, elected_date DESC, id DESC");
    if (!s) return STORE_ERR;
    struct bcursor c = {.idx = -2};
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int i = st_cursor_branch(L, &c, sqlite3_column_int64(s, 0));
        if (i < 0) continue;
        struct audit_term *t = &L->people[i].term;
        if (t->known) continue; /* the newest is first */
        if (!date_parse(st_col_str(s, 2), &t->elected)) continue;
        t->known = true;
        t->term_id = sqlite3_column_int64(s, 1);
        t->term_years = sqlite3_column_int(s, 3);
        t->meeting_id = sqlite3_column_int64(s, 4);
    }
    return st_load_end(L, s, rc, "读取换届记录");
}
