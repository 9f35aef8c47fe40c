/* lifecycle.c — members over time in the database: 转正 with the approving meeting, mobile
 * members (details, contact log, coming back), transfers out and in. Every change to the member
 * row goes through member.c's history (actions full, mobile, transfer_out, transfer_in); the
 * rows of member_mobile, mobile_contact and member_transfer have their own history. */
#include "store_priv.h"
#include "store_list.h"
#include "store_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/dues.h"
#include "zhibu/lifecycle.h"
#include "zhibu/meeting.h"
#include "zhibu/store_lifecycle.h"
#include "zhibu/text.h"
#include "zhibu/util.h"

#define DATE_MSG "格式应为 YYYY-MM-DD，且须是真实日期"

/* A valid date text, else the message "<label>格式应为 ..." */
static int check_date(struct store *st, const char *date, const char *label)
{
    struct zdate d;
    if (!date || !date_parse(date, &d)) return st_fail(st, STORE_ERR_CONSTRAINT, "%s" DATE_MSG, label);
    return STORE_OK;
}

/* ---- 转正, 延长预备期, 取消预备党员资格 ---------------------------------------------------- */

static struct probation_rules rules_of(const struct probation_rules *r)
{
    if (r) return *r;
    return (struct probation_rules){.months = 12, .extend_min_months = 6,
                                    .extend_max_months = 12, .extend_times = 1};
}

/* A probationary member on the roster (else the sentence), with the case the rules judge: the
 * admission, the end of probation now, the extensions so far. */
static int probation_case_of(struct store *st, const struct member *m, const struct probation_rules *r,
                             struct probation_case *c)
{
    if (strcmp(m->status, "probationary") != 0 || m->leave_status[0])
        return st_fail(st, STORE_ERR_CONSTRAINT, "该党员不是在册的预备党员");
    memset(c, 0, sizeof *c);
    if (!date_parse(m->join_date, &c->join) ||
        !probation_end_of(m->join_date, m->probation_until, r->months, &c->end))
        return st_fail(st, STORE_ERR_CONSTRAINT, "该党员的入党日期无效，请先在党员信息中改正");
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT count(*) FROM probation_decision WHERE member_id = ?1"
                              " AND kind = 'extend'");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, m->id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) c->times_extended = sqlite3_column_int(s, 0);
    st_done(s);
    if (rc != SQLITE_ROW) return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取预备期决定");
    return STORE_OK;
}

struct deciding {
    int64_t branch;
    bool voided, dated, *general;
    struct zdate *date;
};

static void read_deciding(sqlite3_stmt *s, void *out)
{
    struct deciding *d = out;
    d->branch = sqlite3_column_int64(s, 0);
    d->voided = sqlite3_column_int(s, 1) != 0;
    *d->general = sqlite3_column_int(s, 2) != 0;
    const unsigned char *t = sqlite3_column_text(s, 3);
    d->dated = t && date_parse((const char *)t, d->date);
}

/* The meeting of a decision about m (what: "批准转正的会议", "作出决定的会议"): of m's branch, not
 * voided; *general when it is (or also counts as) a 支部党员大会, *date its date. */
static int deciding_meeting(struct store *st, const struct member *m, int64_t meeting_id,
                            const char *what, bool *general, struct zdate *date)
{
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT branch_id, voided_at IS NOT NULL, kind = 'general'"
                              " OR (also_mask & ?2) <> 0, date FROM meeting WHERE id = ?1");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, meeting_id);
    sqlite3_bind_int(s, 2, (int)MK_BIT(MK_GENERAL));
    struct deciding d = {.general = general, .date = date};
    int rc = st_one_row(st, s, read_deciding, &d, NULL, "读取会议记录");
    if (rc == STORE_ERR_NOT_FOUND) return st_fail(st, rc, "%s不存在", what);
    if (rc) return rc;
    int64_t branch = d.branch;
    bool voided = d.voided, dated = d.dated;
    if (branch != m->branch_id)
        return st_fail(st, STORE_ERR_CONSTRAINT, "%s不属于该党员所在支部", what);
    if (voided) return st_fail(st, STORE_ERR_CONSTRAINT, "%s记录已作废", what);
    if (!dated) return st_fail(st, STORE_ERR_CONSTRAINT, "%s的日期无效", what);
    return STORE_OK;
}

/* The rules' verdict on the meeting of outcome o (meeting_id 0: none). */
static int check_meeting(struct store *st, const struct member *m, const struct probation_case *c,
                         enum probation_outcome o, int64_t meeting_id, const char *what,
                         struct zdate *date)
{
    bool general = false;
    if (meeting_id != 0) {
        int rc = deciding_meeting(st, m, meeting_id, what, &general, date);
        if (rc) return rc;
    }
    char buf[ZB_MSG_MAX];
    const char *why = probation_meeting_check(o, c, meeting_id != 0, general, *date, buf, sizeof buf);
    return why ? st_fail(st, STORE_ERR_CONSTRAINT, "%s", why) : STORE_OK;
}

int store_member_make_full(struct store *st, int64_t member_id, const char *date,
                           int64_t meeting_id, const struct probation_rules *rules)
{
    struct probation_rules r = rules_of(rules);
    struct member m;
    int rc = store_member_get(st, member_id, &m);
    if (rc) return rc;
    rc = st_require_edit(st, m.branch_id);
    if (rc) return rc;
    if (strcmp(m.status, "probationary") != 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "该党员不是预备党员");
    rc = check_date(st, date, "转正日期");
    if (rc) return rc;
    if (m.join_date[0] && strcmp(date, m.join_date) < 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "转正日期不能早于入党日期");
    struct probation_case c;
    rc = probation_case_of(st, &m, &r, &c);
    if (rc) return rc;
    struct zdate full, met = {0, 0, 0};
    date_parse(date, &full);
    char buf[ZB_MSG_MAX];
    const char *why = probation_full_date_check(&c, full, buf, sizeof buf);
    if (why) return st_fail(st, STORE_ERR_CONSTRAINT, "%s", why);
    rc = check_meeting(st, &m, &c, PROBATION_FULL, meeting_id, "批准转正的会议", &met);
    if (rc) return rc;
    int64_t h = st_member_change_begin(st, member_id, "full");
    if (h < 0) return (int)h;
    sqlite3_stmt *s = st_stmt(st,
                              "UPDATE member SET status = 'full', full_date = ?2,"
                              " full_meeting_id = ?3, updated_at = ?4 WHERE id = ?1");
    if (!s) return st_abort(st, STORE_ERR);
    char now[24];
    clock_now_iso(now);
    sqlite3_bind_int64(s, 1, member_id);
    st_bind_text(s, 2, date);
    st_bind_id(s, 3, meeting_id);
    st_bind_text(s, 4, now);
    rc = st_step_write(st, s, "保存转正");
    if (rc) return st_abort(st, rc);
    return st_member_change_finish(st, h, member_id);
}

/* Insert the decision d (member_id, kind, date, meeting_id, until, reason set) with its history;
 * inside a transaction. */
static int insert_decision(struct store *st, struct probation_decision *d)
{
    sqlite3_stmt *s = st_stmt(st,
                              "INSERT INTO probation_decision(uuid, member_id, kind, date, meeting_id,"
                              " until, reason, created_at, created_by, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?8)");
    if (!s) return STORE_ERR;
    char uuid[UUID_STR_LEN], now[24];
    st_bind_stamps(st, s, 1, uuid, 8, now);
    sqlite3_bind_int64(s, 2, d->member_id);
    st_bind_text(s, 3, d->kind);
    st_bind_text(s, 4, d->date);
    st_bind_id(s, 5, d->meeting_id);
    st_bind_text(s, 6, d->until);
    st_bind_text(s, 7, d->reason);
    int rc = st_step_write(st, s, "保存预备期决定");
    if (rc) return rc;
    int64_t id = st_insert_history(st, "probation_decision", uuid, PROBATION_JSON);
    if (id < 0) return (int)id;
    d->id = id;
    return STORE_OK;
}

int store_probation_extend(struct store *st, struct probation_decision *d, int months,
                           const struct probation_rules *rules)
{
    struct probation_rules r = rules_of(rules);
    struct member m;
    int rc = store_member_get(st, d->member_id, &m);
    if (rc) return rc;
    rc = st_require_edit(st, m.branch_id);
    if (rc) return rc;
    struct probation_case c;
    rc = probation_case_of(st, &m, &r, &c);
    if (rc) return rc;
    char buf[ZB_MSG_MAX];
    const char *why = probation_extend_check(&c, months, &r, buf, sizeof buf);
    if (why) return st_fail(st, STORE_ERR_CONSTRAINT, "%s", why);
    struct zdate met = {0, 0, 0};
    rc = check_meeting(st, &m, &c, PROBATION_EXTEND, d->meeting_id, "作出决定的会议", &met);
    if (rc) return rc;
    rc = st_check_reason(st, d->reason, sizeof d->reason, d->reason, "须填写延长预备期的原因",
                         NULL);
    if (rc) return rc;
    zb_strlcpy(d->kind, "extend", sizeof d->kind);
    date_format(met, d->date);
    date_format(date_add_months(c.end, months), d->until);
    rc = store_begin(st);
    if (rc) return rc;
    rc = insert_decision(st, d);
    if (rc) {
        d->id = 0;
        return st_abort(st, rc);
    }
    rc = store_commit(st);
    if (rc) d->id = 0;
    return rc;
}

int store_probation_cancel(struct store *st, struct probation_decision *d,
                           const struct probation_rules *rules)
{
    struct probation_rules r = rules_of(rules);
    struct member m;
    int rc = store_member_get(st, d->member_id, &m);
    if (rc) return rc;
    rc = st_require_edit(st, m.branch_id);
    if (rc) return rc;
    struct probation_case c;
    rc = probation_case_of(st, &m, &r, &c);
    if (rc) return rc;
    struct zdate met = {0, 0, 0};
    rc = check_meeting(st, &m, &c, PROBATION_CANCEL, d->meeting_id, "作出决定的会议", &met);
    if (rc) return rc;
    rc = st_check_reason(st, d->reason, sizeof d->reason, d->reason,
                         "须填写取消预备党员资格的原因", NULL);
    if (rc) return rc;
    zb_strlcpy(d->kind, "cancel", sizeof d->kind);
    date_format(met, d->date);
    d->until[0] = '\0';
    char leave_reason[TEXT_LONG];
    snprintf(leave_reason, sizeof leave_reason, "取消预备党员资格：%s", d->reason);

    rc = store_begin(st);
    if (rc) return rc;
    rc = insert_decision(st, d);
    if (rc) goto fail;
    /* off the roster (出党), and what the member held ends */
    int64_t h = st_member_change_begin(st, m.id, "disqualify");
    if (h < 0) {
        rc = (int)h;
        goto fail;
    }
    rc = st_office_sync(st, m.id, "", d->date); /* the office history in step */
    if (rc) { st_abort(st, rc); goto fail; }    /* the member change, then the whole */
    sqlite3_stmt *s = st_stmt(st,
                              "UPDATE member SET leave_status = 'expelled', leave_date = ?2,"
                              " leave_reason = ?3, office = '', updated_at = ?4 WHERE id = ?1");
    rc = STORE_ERR;
    if (s) {
        char now[24];
        clock_now_iso(now);
        sqlite3_bind_int64(s, 1, m.id);
        st_bind_text(s, 2, d->date);
        st_bind_text(s, 3, leave_reason);
        st_bind_text(s, 4, now);
        rc = st_step_write(st, s, "保存取消预备党员资格");
    }
    if (rc) {
        st_abort(st, rc); /* the member change */
        goto fail;
    }
    rc = st_member_change_finish(st, h, m.id);
    if (rc == STORE_OK)
        rc = st_holdings_end_for_member(st, m.id, d->date, "离开名册（取消预备党员资格）");
    if (rc) goto fail;
    rc = store_commit(st);
    if (rc) d->id = 0;
    return rc;
fail:
    d->id = 0;
    return st_abort(st, rc);
}

int store_probation_decision_list(struct store *st, int64_t member_id,
                                  struct store_probation_decision_list *out)
{
    *out = (struct store_probation_decision_list){0};
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT d.id, d.member_id, d.kind, d.date, ifnull(d.meeting_id, 0),"
                              " d.until, d.reason FROM probation_decision d WHERE d.member_id = ?1"
                              " ORDER BY d.date, d.id");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, member_id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct probation_decision *d = ST_LIST_ADD(out);
        memset(d, 0, sizeof *d);
        d->id = sqlite3_column_int64(s, 0);
        d->member_id = sqlite3_column_int64(s, 1);
        st_col_text(s, 2, d->kind, sizeof d->kind);
        st_col_text(s, 3, d->date, sizeof d->date);
        d->meeting_id = sqlite3_column_int64(s, 4);
        st_col_text(s, 5, d->until, sizeof d->until);
        st_col_text(s, 6, d->reason, sizeof d->reason);
    }
    int result = STORE_OK;
    if (rc != SQLITE_DONE) {
        result = st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取预备期决定");
        store_probation_decision_list_free(out);
    }
    st_done(s);
    return result;
}

void store_probation_decision_list_free(struct store_probation_decision_list *l)
{
    free(l->v);
    *l = (struct store_probation_decision_list){0};
}

int64_t store_member_full_meeting(struct store *st, int64_t member_id)
{
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT ifnull(full_meeting_id, 0) FROM member WHERE id = ?1");
    if (!s) return 0;
    sqlite3_bind_int64(s, 1, member_id);
    int64_t id = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    st_done(s);
    return id;
}

/* ---- mobile members -------------------------------------------------------------------- */

/* Set member.mobile with history "mobile" (nothing when it already has that value). */
static int set_member_mobile(struct store *st, const struct member *m, bool mobile)
{
    if (m->mobile == mobile) return STORE_OK;
    int64_t h = st_member_change_begin(st, m->id, "mobile");
    if (h < 0) return (int)h;
    sqlite3_stmt *s = st_stmt(st,
                              "UPDATE member SET mobile = ?2, updated_at = ?3 WHERE id = ?1");
    if (!s) return st_abort(st, STORE_ERR);
    char now[24];
    clock_now_iso(now);
    sqlite3_bind_int64(s, 1, m->id);
    sqlite3_bind_int(s, 2, mobile ? 1 : 0);
    st_bind_text(s, 3, now);
    int rc = st_step_write(st, s, "保存流动党员标记");
    if (rc) return st_abort(st, rc);
    return st_member_change_finish(st, h, m->id);
}

/* The member_mobile row of a member: id and uuid, 0 when none (or <0 rc). */
static int64_t mobile_row(struct store *st, int64_t member_id, char uuid[UUID_STR_LEN])
{
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT id, uuid FROM member_mobile WHERE member_id = ?1");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, member_id);
    int rc = sqlite3_step(s);
    int64_t id = 0;
    uuid[0] = '\0';
    if (rc == SQLITE_ROW) {
        id = sqlite3_column_int64(s, 0);
        st_col_text(s, 1, uuid, UUID_STR_LEN);
    }
    st_done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取流动党员信息");
    return id;
}

int store_mobile_set(struct store *st, struct mobile_info *mi)
{
    struct member m;
    int rc = store_member_get(st, mi->member_id, &m);
    if (rc) return rc;
    rc = st_require_edit(st, m.branch_id);
    if (rc) return rc;
    if (m.leave_status[0]) return st_fail(st, STORE_ERR_CONSTRAINT, "该党员已不在名册");
    struct mobile_info v = *mi;
    rc = st_check_reason(st, v.destination, sizeof v.destination, mi->destination,
                         "须填写外出地点", NULL);
    if (rc) return rc;
    rc = check_date(st, mi->since, "外出日期");
    if (rc) return rc;
    st_check_reason(st, v.card_no, sizeof v.card_no, mi->card_no, NULL, NULL);
    st_check_reason(st, v.contact_person, sizeof v.contact_person, mi->contact_person, NULL,
                    NULL);
    st_check_reason(st, v.contact_phone, sizeof v.contact_phone, mi->contact_phone, NULL, NULL);

    rc = store_begin(st);
    if (rc) return rc;
    char uuid[UUID_STR_LEN];
    int64_t id = mobile_row(st, mi->member_id, uuid);
    if (id < 0) return st_abort(st, (int)id);
    /* details entered or changed by someone else since mi was read (version 0: there were none) */
    if (id) rc = st_check_version(st, "member_mobile", uuid, mi->version,
                                  MOBILE_JSON, id);
    else if (mi->version != 0) rc = st_fail(st, STORE_ERR_NOT_FOUND, "该党员没有流动党员信息");
    if (rc) return st_abort(st, rc);
    char now[24];
    clock_now_iso(now);
    int64_t h = 0;
    sqlite3_stmt *s;
    if (id) {
        h = st_history_begin(st, "member_mobile", uuid, "update", MOBILE_JSON, id);
        if (h < 0) return st_abort(st, (int)h);
        s = st_stmt(st,
                    "UPDATE member_mobile SET destination = ?2, since = ?3, card_no = ?4,"
                    " contact_person = ?5, contact_phone = ?6, ended_at = NULL,"
                    " updated_at = ?7 WHERE member_id = ?1");
    } else {
        store_uuid(uuid);
        s = st_stmt(st,
                    "INSERT INTO member_mobile(member_id, destination, since, card_no,"
                    " contact_person, contact_phone, created_at, updated_at, uuid, created_by)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9)");
        if (s) {
            st_bind_text(s, 8, uuid);
            st_bind_text(s, 9, st->user);
        }
    }
    if (!s) return st_abort(st, STORE_ERR);
    sqlite3_bind_int64(s, 1, mi->member_id);
    st_bind_text(s, 2, v.destination);
    st_bind_text(s, 3, v.since);
    st_bind_text(s, 4, v.card_no);
    st_bind_text(s, 5, v.contact_person);
    st_bind_text(s, 6, v.contact_phone);
    st_bind_text(s, 7, now);
    rc = st_step_write(st, s, "保存流动党员信息");
    if (rc) return st_abort(st, rc);
    if (id) {
        rc = st_history_finish(st, h, MOBILE_JSON, id);
        /* the details saved again as they are (issue 14): no history, no change */
        int same = rc == STORE_OK ? st_history_same(st, h) : 0;
        if (same < 0) rc = same;
        if (same > 0) return st_abort(st, STORE_OK);
    } else {
        int64_t r = st_insert_history(st, "member_mobile", uuid, MOBILE_JSON);
        rc = r < 0 ? (int)r : STORE_OK;
    }
    if (rc == STORE_OK) rc = set_member_mobile(st, &m, true);
    int64_t version = rc == STORE_OK ? st_row_version(st, "member_mobile", uuid) : 0;
    if (version < 0) rc = (int)version;
    if (rc) return st_abort(st, rc);
    rc = store_commit(st);
    if (rc == STORE_OK) mi->version = version;
    return rc;
}

/* Columns of a mobile_info read, member_id first, then last_contact and the version. */
#define MOBILE_COLS                                                                            \
    " mm.member_id, mm.destination, mm.since, mm.card_no, mm.contact_person,"                  \
    " mm.contact_phone, ifnull((SELECT max(c.date) FROM mobile_contact c"                      \
    " WHERE c.member_id = mm.member_id), ''), " ST_VERSION_SQL("member_mobile", "mm.uuid")

static void read_mobile(sqlite3_stmt *s, void *out)
{
    struct mobile_info *mi = out;
    memset(mi, 0, sizeof *mi);
    mi->member_id = sqlite3_column_int64(s, 0);
    st_col_text(s, 1, mi->destination, sizeof mi->destination);
    st_col_text(s, 2, mi->since, sizeof mi->since);
    st_col_text(s, 3, mi->card_no, sizeof mi->card_no);
    st_col_text(s, 4, mi->contact_person, sizeof mi->contact_person);
    st_col_text(s, 5, mi->contact_phone, sizeof mi->contact_phone);
    st_col_text(s, 6, mi->last_contact, sizeof mi->last_contact);
    mi->version = sqlite3_column_int64(s, 7);
}

int store_mobile_get(struct store *st, int64_t member_id, struct mobile_info *out)
{
    return st_get_row(st,
                      st_stmt(st, "SELECT" MOBILE_COLS
                                  " FROM member_mobile mm WHERE mm.member_id = ?1"),
                      member_id, read_mobile, out, "该党员没有流动党员信息", "读取流动党员信息");
}

int store_mobile_end(struct store *st, int64_t member_id, const char *date)
{
    struct member m;
    int rc = store_member_get(st, member_id, &m);
    if (rc) return rc;
    rc = st_require_edit(st, m.branch_id);
    if (rc) return rc;
    if (!m.mobile) return st_fail(st, STORE_ERR_CONSTRAINT, "该党员不是流动党员");
    rc = check_date(st, date, "返回日期");
    if (rc) return rc;
    rc = store_begin(st);
    if (rc) return rc;
    char uuid[UUID_STR_LEN];
    int64_t id = mobile_row(st, member_id, uuid);
    if (id < 0) return st_abort(st, (int)id);
    if (id) {
        int64_t h = st_history_begin(st, "member_mobile", uuid, "end", MOBILE_JSON,
                                     id);
        if (h < 0) return st_abort(st, (int)h);
        sqlite3_stmt *s = st_stmt(st,
                                  "UPDATE member_mobile SET ended_at = ?2, updated_at = ?3"
                                  " WHERE id = ?1");
        if (!s) return st_abort(st, STORE_ERR);
        char now[24];
        clock_now_iso(now);
        sqlite3_bind_int64(s, 1, id);
        st_bind_text(s, 2, date);
        st_bind_text(s, 3, now);
        rc = st_step_write(st, s, "保存流动党员信息");
        if (rc == STORE_OK) rc = st_history_finish(st, h, MOBILE_JSON, id);
        if (rc) return st_abort(st, rc);
    }
    rc = set_member_mobile(st, &m, false);
    if (rc) return st_abort(st, rc);
    return store_commit(st);
}

int store_mobile_list(struct store *st, int64_t branch_id, struct store_mobile_list *out)
{
    *out = (struct store_mobile_list){0};
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT" MOBILE_COLS " FROM member m"
                              " JOIN member_mobile mm ON mm.member_id = m.id"
                              " WHERE m.branch_id = ?1 AND m.leave_status = '' AND m.mobile = 1"
                              " ORDER BY mm.since, m.name, m.id");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) read_mobile(s, ST_LIST_ADD(out));
    int result = STORE_OK;
    if (rc != SQLITE_DONE) {
        result = st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取流动党员");
        store_mobile_list_free(out);
    }
    st_done(s);
    return result;
}

void store_mobile_list_free(struct store_mobile_list *l)
{
    free(l->v);
    *l = (struct store_mobile_list){0};
}

static const char *const CONTACT_WAYS[] = {"电话", "微信", "走访", "来信", "其他"};

int store_mobile_contact_add(struct store *st, struct mobile_contact *c)
{
    int rc = st_require_edit(st, st_member_branch(st, c->member_id));
    if (rc) return rc;
    char uuid[UUID_STR_LEN];
    int64_t mid = mobile_row(st, c->member_id, uuid);
    if (mid < 0) return (int)mid;
    if (mid == 0) return st_fail(st, STORE_ERR_NOT_FOUND, "该党员没有流动党员信息");
    rc = check_date(st, c->date, "联系日期");
    if (rc) return rc;
    char way[sizeof c->way], note[sizeof c->note];
    st_check_reason(st, way, sizeof way, c->way, NULL, NULL);
    st_check_reason(st, note, sizeof note, c->note, NULL, NULL);
    bool known = false;
    for (size_t i = 0; i < ZB_ARRAY_LEN(CONTACT_WAYS); i++)
        known = known || strcmp(way, CONTACT_WAYS[i]) == 0;
    if (!known)
        return st_fail(st, STORE_ERR_CONSTRAINT, "联系方式应为 电话、微信、走访、来信 或 其他");

    rc = store_begin(st);
    if (rc) return rc;
    sqlite3_stmt *s = st_stmt(st,
                              "INSERT INTO mobile_contact(uuid, member_id, date, way, note,"
                              " created_at, created_by, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6)");
    if (!s) return st_abort(st, STORE_ERR);
    char now[24];
    clock_now_iso(now);
    store_uuid(uuid);
    st_bind_text(s, 1, uuid);
    sqlite3_bind_int64(s, 2, c->member_id);
    st_bind_text(s, 3, c->date);
    st_bind_text(s, 4, way);
    st_bind_text(s, 5, note);
    st_bind_text(s, 6, now);
    st_bind_text(s, 7, st->user);
    rc = st_step_write(st, s, "保存联系记录");
    if (rc) return st_abort(st, rc);
    int64_t id = st_insert_history(st, "mobile_contact", uuid, CONTACT_JSON);
    if (id < 0) return st_abort(st, (int)id);
    rc = store_commit(st);
    if (rc) return rc;
    c->id = id;
    return STORE_OK;
}

int store_mobile_contact_list(struct store *st, int64_t member_id,
                              struct store_mobile_contact_list *out)
{
    *out = (struct store_mobile_contact_list){0};
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT id, member_id, date, way, note FROM mobile_contact"
                              " WHERE member_id = ?1 ORDER BY date DESC, id DESC");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, member_id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct mobile_contact *c = ST_LIST_ADD(out);
        memset(c, 0, sizeof *c);
        c->id = sqlite3_column_int64(s, 0);
        c->member_id = sqlite3_column_int64(s, 1);
        st_col_text(s, 2, c->date, sizeof c->date);
        st_col_text(s, 3, c->way, sizeof c->way);
        st_col_text(s, 4, c->note, sizeof c->note);
    }
    int result = STORE_OK;
    if (rc != SQLITE_DONE) {
        result = st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取联系记录");
        store_mobile_contact_list_free(out);
    }
    st_done(s);
    return result;
}

void store_mobile_contact_list_free(struct store_mobile_contact_list *l)
{
    free(l->v);
    *l = (struct store_mobile_contact_list){0};
}

/* ---- transfers ------------------------------------------------------------------------- */

/* Checks and tidies a transfer record (place trimmed and required, date, paid-through). */
static int check_transfer(struct store *st, struct transfer *t, const char *place_msg)
{
    int rc = check_date(st, t->date, "转接日期");
    if (rc) return rc;
    char buf[TEXT_SHORT];
    rc = st_check_reason(st, buf, sizeof buf, t->place, place_msg, NULL);
    if (rc) return rc;
    zb_strlcpy(t->place, buf, sizeof t->place);
    text_trim(t->letter_no);
    text_trim(t->dues_paid_through);
    if (t->dues_paid_through[0] && dues_ym_parse(t->dues_paid_through) < 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "党费交至月份格式应为 YYYY-MM");
    return STORE_OK;
}

/* Insert t (member_id and direction set) with its history; sets id and uuid. Inside a
 * transaction. */
static int insert_transfer(struct store *st, struct transfer *t)
{
    sqlite3_stmt *s = st_stmt(st,
                              "INSERT INTO member_transfer(uuid, member_id, direction, date, place,"
                              " letter_no, dues_paid_through, note, created_at, created_by,"
                              " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?9)");
    if (!s) return STORE_ERR;
    char uuid[UUID_STR_LEN], now[24];
    st_bind_stamps(st, s, 1, uuid, 9, now);
    sqlite3_bind_int64(s, 2, t->member_id);
    st_bind_text(s, 3, t->direction);
    st_bind_text(s, 4, t->date);
    st_bind_text(s, 5, t->place);
    st_bind_text(s, 6, t->letter_no);
    st_bind_text(s, 7, t->dues_paid_through);
    st_bind_text(s, 8, t->note);
    int rc = st_step_write(st, s, "保存组织关系转接记录");
    if (rc) return rc;
    int64_t id = st_insert_history(st, "member_transfer", uuid, TRANSFER_JSON);
    if (id < 0) return (int)id;
    t->id = id;
    memcpy(t->uuid, uuid, sizeof uuid);
    return STORE_OK;
}

int store_transfer_out(struct store *st, struct transfer *t)
{
    struct member m;
    int rc = store_member_get(st, t->member_id, &m);
    if (rc) return rc;
    rc = st_require_edit(st, m.branch_id);
    if (rc) return rc;
    if (m.leave_status[0]) return st_fail(st, STORE_ERR_CONSTRAINT, "该党员已不在名册");
    rc = check_transfer(st, t, "须填写转往何处");
    if (rc) return rc;
    if (m.join_date[0] && strcmp(t->date, m.join_date) < 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "转出日期不能早于入党日期");
    zb_strlcpy(t->direction, "out", sizeof t->direction);
    char reason[TEXT_LONG];
    if (t->letter_no[0])
        snprintf(reason, sizeof reason, "转往 %s（介绍信 %s）", t->place, t->letter_no);
    else
        snprintf(reason, sizeof reason, "转往 %s", t->place);

    rc = store_begin(st);
    if (rc) return rc;
    rc = insert_transfer(st, t);
    if (rc) return st_abort(st, rc);
    int64_t h = st_member_change_begin(st, m.id, "transfer_out");
    if (h < 0) return st_abort(st, (int)h);
    rc = st_office_sync(st, m.id, "", t->date); /* the office history in step */
    if (rc) return st_abort(st, st_abort(st, rc)); /* the member change, then the whole */
    /* leaving ends what the member held: the committee office, and the posts below */
    sqlite3_stmt *s = st_stmt(st,
                              "UPDATE member SET leave_status = 'transferred', leave_date = ?2,"
                              " leave_reason = ?3, office = '', updated_at = ?4 WHERE id = ?1");
    rc = STORE_ERR;
    if (s) {
        char now[24];
        clock_now_iso(now);
        sqlite3_bind_int64(s, 1, m.id);
        st_bind_text(s, 2, t->date);
        st_bind_text(s, 3, reason);
        st_bind_text(s, 4, now);
        rc = st_step_write(st, s, "保存转出");
    }
    if (rc) {
        st_abort(st, rc); /* the member change */
        t->id = 0;
        return st_abort(st, rc);
    }
    rc = st_member_change_finish(st, h, m.id);
    if (rc == STORE_OK) rc = st_holdings_end_for_member(st, m.id, t->date, "离开名册（转出）");
    if (rc) {
        t->id = 0;
        return st_abort(st, rc);
    }
    rc = store_commit(st);
    if (rc) t->id = 0;
    return rc;
}

int store_transfer_in(struct store *st, struct member *m, struct transfer *t)
{
    int rc = st_require_edit(st, m->branch_id);
    if (rc) return rc;
    rc = check_transfer(st, t, "须填写从何处转入");
    if (rc) return rc;
    zb_strlcpy(t->direction, "in", sizeof t->direction);
    rc = store_begin(st);
    if (rc) return rc;
    rc = st_member_add_as(st, m, "transfer_in");
    if (rc == STORE_OK) {
        t->member_id = m->id;
        rc = insert_transfer(st, t);
    }
    if (rc == STORE_OK) rc = store_commit(st);
    else st_abort(st, rc);
    if (rc) {
        m->id = 0;
        m->uuid[0] = '\0';
        t->id = 0;
        t->member_id = 0;
    }
    return rc;
}

int store_transfer_list(struct store *st, int64_t member_id, struct store_transfer_list *out)
{
    *out = (struct store_transfer_list){0};
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT id, uuid, member_id, direction, date, place, letter_no,"
                              " dues_paid_through, note FROM member_transfer WHERE member_id = ?1"
                              " ORDER BY date DESC, id DESC");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, member_id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct transfer *t = ST_LIST_ADD(out);
        memset(t, 0, sizeof *t);
        t->id = sqlite3_column_int64(s, 0);
        st_col_text(s, 1, t->uuid, sizeof t->uuid);
        t->member_id = sqlite3_column_int64(s, 2);
        st_col_text(s, 3, t->direction, sizeof t->direction);
        st_col_text(s, 4, t->date, sizeof t->date);
        st_col_text(s, 5, t->place, sizeof t->place);
        st_col_text(s, 6, t->letter_no, sizeof t->letter_no);
        st_col_text(s, 7, t->dues_paid_through, sizeof t->dues_paid_through);
        st_col_text(s, 8, t->note, sizeof t->note);
    }
    int result = STORE_OK;
    if (rc != SQLITE_DONE) {
        result = st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取组织关系转接记录");
        store_transfer_list_free(out);
    }
    st_done(s);
    return result;
}

void store_transfer_list_free(struct store_transfer_list *l)
{
    free(l->v);
    *l = (struct store_transfer_list){0};
}
