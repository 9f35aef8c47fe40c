/* member.c — the member roster (党员): add, update with history, look up, filtered pages in
 * roster order (group, office rank, name), position of a member in that order, streaming. */
#include "store_priv.h"
#include "store_json.h"
#include "store_list.h"

#include <stdio.h>
#include <string.h>

#include "zhibu/branch_rules.h"
#include "zhibu/clock.h"
#include "zhibu/util.h"

/* Column order read by read_member. */
#define MEMBER_SELECT                                                                          \
    "SELECT m.id, m.uuid, m.branch_id, ifnull(m.group_id, 0), ifnull(g.name, ''), m.name,"     \
    " m.gender, m.birth_date, m.ethnicity, m.education, m.phone, m.join_date, m.full_date,"    \
    " m.status, m.dues_category, m.office, m.mobile, m.leave_status, m.leave_date,"            \
    " m.leave_reason, m.note, m.created_at, m.created_by, m.updated_at, "                    \
    ST_VERSION_SQL("member", "m.uuid") ","                                                     \
    " CASE WHEN m.status = 'probationary' THEN ifnull((SELECT d.until FROM probation_decision d" \
    " WHERE d.member_id = m.id AND d.kind = 'extend' ORDER BY d.date DESC, d.id DESC LIMIT 1),"  \
    " '') ELSE '' END,"                                                                        \
    " m.status = 'probationary' AND m.leave_status <> '' AND EXISTS (SELECT 1"                 \
    " FROM probation_decision d WHERE d.member_id = m.id AND d.kind = 'cancel'), m.category"

#define MEMBER_FROM " FROM member m LEFT JOIN party_group g ON g.id = m.group_id"

/* struct member_filter as parameters ?1..?6 (see bind_filter). */
#define MEMBER_WHERE                                                                           \
    " WHERE m.branch_id = ?1"                                                                  \
    " AND (?2 = 0 OR (?2 = -1 AND m.group_id IS NULL) OR m.group_id = ?2)"                     \
    " AND (?3 = '' OR m.status = ?3)"                                                          \
    " AND (?4 = '' OR instr(m.name, ?4) > 0)"                                                  \
    " AND (CASE ?5 WHEN 0 THEN m.leave_status = '' WHEN 2 THEN m.leave_status <> ''"           \
    "      ELSE 1 END)"                                                                        \
    " AND (?6 = 0 OR m.office <> '')"

#define OFFICE_RANK                                                                            \
    " CASE m.office WHEN 'secretary' THEN 0 WHEN 'deputy' THEN 1 WHEN 'organization' THEN 2"   \
    " WHEN 'publicity' THEN 3 WHEN 'discipline' THEN 4 WHEN 'committee' THEN 5 ELSE 6 END"
/* Roster order: by group in the order the groups were made (members without a group last),
 * office rank, name. The committee alone (only_office, ?6) is ordered by office rank first. */
#define MEMBER_ORDER                                                                           \
    " ORDER BY CASE WHEN ?6 = 1 THEN" OFFICE_RANK " ELSE 0 END,"                              \
    " g.id IS NULL, g.id," OFFICE_RANK ", m.name, m.id"

#define MEMBER_PAGE_SQL MEMBER_SELECT MEMBER_FROM MEMBER_WHERE MEMBER_ORDER " LIMIT ?7 OFFSET ?8"

static void read_member(sqlite3_stmt *s, void *out)
{
    struct member *m = out;
    memset(m, 0, sizeof *m);
    m->id = sqlite3_column_int64(s, 0);
    st_col_text(s, 1, m->uuid, sizeof m->uuid);
    m->branch_id = sqlite3_column_int64(s, 2);
    m->group_id = sqlite3_column_int64(s, 3);
    st_col_text(s, 4, m->group_name, sizeof m->group_name);
    st_col_text(s, 5, m->name, sizeof m->name);
    st_col_text(s, 6, m->gender, sizeof m->gender);
    st_col_text(s, 7, m->birth_date, sizeof m->birth_date);
    st_col_text(s, 8, m->ethnicity, sizeof m->ethnicity);
    st_col_text(s, 9, m->education, sizeof m->education);
    st_col_text(s, 10, m->phone, sizeof m->phone);
    st_col_text(s, 11, m->join_date, sizeof m->join_date);
    st_col_text(s, 12, m->full_date, sizeof m->full_date);
    st_col_text(s, 13, m->status, sizeof m->status);
    st_col_text(s, 14, m->dues_category, sizeof m->dues_category);
    st_col_text(s, 15, m->office, sizeof m->office);
    m->mobile = sqlite3_column_int(s, 16) != 0;
    st_col_text(s, 17, m->leave_status, sizeof m->leave_status);
    st_col_text(s, 18, m->leave_date, sizeof m->leave_date);
    st_col_text(s, 19, m->leave_reason, sizeof m->leave_reason);
    st_col_text(s, 20, m->note, sizeof m->note);
    st_col_text(s, 21, m->created_at, sizeof m->created_at);
    st_col_text(s, 22, m->created_by, sizeof m->created_by);
    st_col_text(s, 23, m->updated_at, sizeof m->updated_at);
    m->version = sqlite3_column_int64(s, 24);
    st_col_text(s, 25, m->probation_until, sizeof m->probation_until);
    m->probation_cancelled = sqlite3_column_int(s, 26) != 0;
    st_col_text(s, 27, m->category, sizeof m->category);
}

/* The member's own fields as ?1..?18 (insert and update share the order); the category (issue
 * 19) is bound by each statement after its own parameters. */
static void bind_fields(sqlite3_stmt *s, const struct member *m)
{
    sqlite3_bind_int64(s, 1, m->branch_id);
    st_bind_id(s, 2, m->group_id);
    st_bind_text(s, 3, m->name);
    st_bind_text(s, 4, m->gender);
    st_bind_text(s, 5, m->birth_date);
    st_bind_text(s, 6, m->ethnicity);
    st_bind_text(s, 7, m->education);
    st_bind_text(s, 8, m->phone);
    st_bind_text(s, 9, m->join_date);
    st_bind_text(s, 10, m->full_date);
    st_bind_text(s, 11, m->status);
    st_bind_text(s, 12, m->dues_category);
    st_bind_text(s, 13, m->office);
    sqlite3_bind_int(s, 14, m->mobile ? 1 : 0);
    st_bind_text(s, 15, m->leave_status);
    st_bind_text(s, 16, m->leave_date);
    st_bind_text(s, 17, m->leave_reason);
    st_bind_text(s, 18, m->note);
}

static void bind_filter(sqlite3_stmt *s, const struct member_filter *f)
{
    sqlite3_bind_int64(s, 1, f->branch_id);
    sqlite3_bind_int64(s, 2, f->group_id);
    st_bind_text(s, 3, f->status);
    st_bind_text(s, 4, f->name_like);
    sqlite3_bind_int(s, 5, f->only_left ? 2 : f->include_left ? 1 : 0);
    sqlite3_bind_int(s, 6, f->only_office ? 1 : 0);
}

static int member_fail(struct store *st, int sqlrc, const void *ctx)
{
    (void)ctx;
    if (sqlrc == SQLITE_CONSTRAINT_FOREIGNKEY)
        return st_fail(st, STORE_ERR_CONSTRAINT, "保存党员失败: 所属支部或党小组不存在");
    return st_sqlfail(st, sqlrc, "保存党员");
}

/* A group of another branch would show the member in the wrong roster. */
static int check_group(struct store *st, const struct member *m)
{
    if (m->group_id == 0) return STORE_OK;
    int64_t b = st_group_branch(st, m->group_id);
    if (b != 0 && b != m->branch_id)
        return st_fail(st, STORE_ERR_CONSTRAINT, "保存党员失败: 党小组不属于该支部");
    return STORE_OK; /* a missing group is refused by the foreign key */
}

int store_member_add(struct store *st, struct member *m)
{
    return st_member_add_as(st, m, "insert");
}

/* A 预备党员 holds no committee office (committee_office_check). */
static int check_office(struct store *st, const struct member *m)
{
    const char *why = committee_office_check(m->status, m->office);
    return why ? st_fail(st, STORE_ERR_CONSTRAINT, "%s", why) : STORE_OK;
}

int st_member_add_as(struct store *st, struct member *m, const char *action)
{
    int rc = st_require_edit(st, m->branch_id);
    if (rc) return rc;
    rc = check_group(st, m);
    if (rc) return rc;
    rc = check_office(st, m);
    if (rc) return rc;
    rc = store_begin(st);
    if (rc) return rc;
    sqlite3_stmt *s = st_stmt(
        st,
        "INSERT INTO member(branch_id, group_id, name, gender, birth_date, ethnicity, education,"
        " phone, join_date, full_date, status, dues_category, office, mobile, leave_status,"
        " leave_date, leave_reason, note, uuid, created_at, created_by, updated_at, category)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
        " ?18, ?19, ?20, ?21, ?20, ?22)");
    if (!s) return st_abort(st, STORE_ERR);
    char uuid[UUID_STR_LEN], now[24];
    store_uuid(uuid);
    clock_now_iso(now);
    bind_fields(s, m);
    st_bind_text(s, 19, uuid);
    st_bind_text(s, 20, now);
    st_bind_text(s, 21, st->user);
    st_bind_text(s, 22, m->category);
    rc = st_step_write_as(st, s, member_fail, NULL);
    if (rc) return st_abort(st, rc);
    int64_t id = sqlite3_last_insert_rowid(st->db);
    int64_t h = st_history_begin(st, "member", uuid, action, NULL, id);
    if (h < 0) return st_abort(st, (int)h);
    rc = st_history_finish(st, h, MEMBER_JSON, id);
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

struct member_state {
    char *uuid, *leave, *status;
};

static void read_state(sqlite3_stmt *s, void *out)
{
    const struct member_state *m = out;
    st_col_text(s, 0, m->uuid, UUID_STR_LEN);
    st_col_text(s, 1, m->leave, 16);
    if (m->status) st_col_text(s, 2, m->status, 16);
}

/* The member's uuid, leave status and (status not NULL) 党籍 as stored; STORE_ERR_NOT_FOUND
 * when there is none. */
static int member_state(struct store *st, int64_t id, char uuid[UUID_STR_LEN], char leave[16],
                        char status[16])
{
    uuid[0] = leave[0] = '\0';
    if (status) status[0] = '\0';
    struct member_state m = {uuid, leave, status};
    return st_get_row(st,
                      st_stmt(st, "SELECT uuid, leave_status, status FROM member WHERE id = ?1"),
                      id, read_state, &m, "党员不存在", "读取党员");
}

/* st_member_change_begin, and with read (not NULL) the version the caller read the row at,
 * checked inside the transaction before anything is written. */
static int64_t change_begin(struct store *st, int64_t member_id, const char *action,
                            const int64_t *read)
{
    char uuid[UUID_STR_LEN], leave[16];
    int rc = member_state(st, member_id, uuid, leave, NULL);
    if (rc) return rc;
    rc = st_require_edit(st, st_member_branch(st, member_id)); /* every caller checks too */
    if (rc) return rc;
    rc = store_begin(st);
    if (rc) return rc;
    if (read) {
        rc = st_check_version(st, "member", uuid, *read, MEMBER_JSON,
                              member_id);
        if (rc) return st_abort(st, rc);
    }
    int64_t h = st_history_begin(st, "member", uuid, action, MEMBER_JSON,
                                 member_id);
    if (h < 0) return st_abort(st, (int)h);
    return h;
}

int64_t st_member_change_begin(struct store *st, int64_t member_id, const char *action)
{
    return change_begin(st, member_id, action, NULL);
}

int st_member_change_finish(struct store *st, int64_t hist_id, int64_t member_id)
{
    int rc = st_history_finish(st, hist_id, MEMBER_JSON, member_id);
    if (rc) return st_abort(st, rc);
    return store_commit(st);
}

int store_member_update(struct store *st, struct member *m)
{
    char uuid[UUID_STR_LEN], old_leave[16], old_status[16];
    int rc = member_state(st, m->id, uuid, old_leave, old_status);
    if (rc) return rc;
    /* 转正 is a decision of a 支部党员大会 held after probation (store_member_make_full, the
     * roster's z), never a change of 党籍 in the member form (issue 14) */
    if (strcmp(old_status, "probationary") == 0 && strcmp(m->status, "full") == 0)
        return st_fail(st, STORE_ERR_CONSTRAINT,
                       "预备党员转正须由支部党员大会讨论决定：请在党员名册中按 z 登记转正");
    /* the branch the member belongs to now (a move to another branch: the one it leaves) */
    rc = st_require_edit(st, st_member_branch(st, m->id));
    if (rc) return rc;
    rc = check_group(st, m);
    if (rc) return rc;
    /* Leaving ends what the member held: the committee office here, the posts below. */
    const bool leaving = !old_leave[0] && m->leave_status[0];
    if (leaving) m->office[0] = '\0';
    rc = check_office(st, m);
    if (rc) return rc;

    const char *action = leaving ? "leave" : "update";
    int64_t h = change_begin(st, m->id, action, &m->version);
    if (h < 0) return (int)h;
    /* the office history in step (term_db.c): the day of the change, or of the leaving */
    rc = st_office_sync(st, m->id, m->office,
                        st->office_day[0] ? st->office_day : leaving ? m->leave_date : NULL);
    if (rc) return st_abort(st, rc);
    sqlite3_stmt *s =
        st_stmt(st,
                "UPDATE member SET branch_id = ?1, group_id = ?2, name = ?3, gender = ?4,"
                " birth_date = ?5, ethnicity = ?6, education = ?7, phone = ?8, join_date = ?9,"
                " full_date = ?10, status = ?11, dues_category = ?12, office = ?13,"
                " mobile = ?14, leave_status = ?15, leave_date = ?16, leave_reason = ?17,"
                " note = ?18, updated_at = ?19, category = ?21 WHERE id = ?20");
    if (!s) return st_abort(st, STORE_ERR);
    char now[24];
    clock_now_iso(now);
    bind_fields(s, m);
    st_bind_text(s, 19, now);
    sqlite3_bind_int64(s, 20, m->id);
    st_bind_text(s, 21, m->category);
    rc = st_step_write_as(st, s, member_fail, NULL);
    if (rc) return st_abort(st, rc);
    rc = st_history_finish(st, h, MEMBER_JSON, m->id);
    if (rc) return st_abort(st, rc);
    /* an update that changed nothing (issue 14): no history, no change */
    {
        int same = st_history_same(st, h);
        if (same < 0) return st_abort(st, same);
        if (same) return st_abort(st, STORE_OK);
    }
    if (leaving) {
        char why[TEXT_LONG];
        snprintf(why, sizeof why, "离开名册（%s）", code_label_of(LEAVE_STATUSES, m->leave_status));
        char day[DATE_STR_LEN];
        if (m->leave_date[0]) zb_strlcpy(day, m->leave_date, sizeof day);
        else date_format(clock_today(), day);
        rc = st_holdings_end_for_member(st, m->id, day, why);
        if (rc) return st_abort(st, rc);
    }
    rc = store_commit(st);
    if (rc == STORE_OK) m->version = h;
    return rc;
}

int store_member_get(struct store *st, int64_t id, struct member *out)
{
    return st_get_row(st, st_stmt(st, MEMBER_SELECT MEMBER_FROM " WHERE m.id = ?1"),
                      id, read_member, out, "党员不存在", "读取党员");
}

int store_member_count(struct store *st, const struct member_filter *f)
{
    sqlite3_stmt *s = st_stmt(st, "SELECT count(*)" MEMBER_FROM MEMBER_WHERE);
    if (!s) return -1;
    bind_filter(s, f);
    int n = -1;
    if (sqlite3_step(s) == SQLITE_ROW)
        n = sqlite3_column_int(s, 0);
    else
        st_sqlfail(st, sqlite3_extended_errcode(st->db), "统计党员");
    st_done(s);
    return n;
}

int store_member_page(struct store *st, const struct member_filter *f, int offset, int max,
                      struct member *out, int *n)
{
    *n = 0;
    sqlite3_stmt *s = st_stmt(st, MEMBER_PAGE_SQL);
    if (!s) return STORE_ERR;
    bind_filter(s, f);
    sqlite3_bind_int(s, 7, max > 0 ? max : 0);
    sqlite3_bind_int(s, 8, offset > 0 ? offset : 0);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < max) read_member(s, &out[(*n)++]);
    int result = STORE_OK;
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        result = st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取党员名册");
    st_done(s);
    return result;
}

int store_member_position(struct store *st, const struct member_filter *f, int64_t id)
{
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT pos FROM (SELECT m.id AS mid, ROW_NUMBER() OVER ("
                              MEMBER_ORDER ") - 1 AS pos" MEMBER_FROM MEMBER_WHERE
                              ") WHERE mid = ?7");
    if (!s) return -1;
    bind_filter(s, f);
    sqlite3_bind_int64(s, 7, id);
    int pos = -1;
    if (sqlite3_step(s) == SQLITE_ROW) pos = sqlite3_column_int(s, 0);
    st_done(s);
    return pos;
}

int store_member_each(struct store *st, const struct member_filter *f,
                      int (*fn)(const struct member *m, void *ctx), void *ctx)
{
    /* Its own statement, not the cache: fn may call back into the store (even page lists). */
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db, MEMBER_PAGE_SQL, -1, &s, NULL) != SQLITE_OK) {
        sqlite3_finalize(s);
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取党员名册");
    }
    bind_filter(s, f);
    sqlite3_bind_int(s, 7, -1);
    sqlite3_bind_int(s, 8, 0);
    struct member m;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        read_member(s, &m);
        if (fn(&m, ctx) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    int result = STORE_OK;
    if (rc != SQLITE_DONE) result = st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取党员名册");
    sqlite3_finalize(s);
    return result;
}

static int member_list_add(const struct member *m, void *ctx)
{
    *ST_LIST_ADD((struct store_member_list *)ctx) = *m;
    return 0;
}

int store_member_list(struct store *st, const struct member_filter *f, struct store_member_list *out)
{
    *out = (struct store_member_list){0};
    int rc = store_member_each(st, f, member_list_add, out);
    if (rc != STORE_OK) store_member_list_free(out);
    return rc;
}

void store_member_list_free(struct store_member_list *l)
{
    free(l->v);
    *l = (struct store_member_list){0};
}
