/* auth.c — the session of a handle, what each role may write, reviewed months locked, and
 * 申请修改 (store_auth.h).
 *
 * Who may write (st_require_*; every public write function of the store calls one first):
 *   edit   (st_require_edit):   system; a secretary for their own branch only.
 *   review (st_require_review): system; a reviewer for the branches in scope (scope 0 = all;
 *                               else the scope branch and the branches whose parent it is).
 *   admin  (st_require_admin):  system; an admin. (store_branch_update also lets the
 *                               secretary of that branch edit it.)
 *   store_meta_set is open to every role (it holds interface state).
 *
 * A month of a branch is locked once audit_verdict has a row for that branch and month. The
 * records of a month that st_check_lock guards (inside the write's transaction, before any
 * change):
 *   meeting         the month of its date: add; update (the old month and, when the date
 *                   moves, the new one); void. Attendance and resolutions are written through
 *                   the meeting functions and so are covered by them.
 *   dues_payment    the month of paid_date: add and void.
 *   dues_basis      its from_month when set.
 *   dues_adjust     its from_month: add and void.
 *   branch          each month that drops out of the dues count when dues_start moves later
 *                   (store_dues_start_set).
 * Without an active reason (store_amend_begin) such a write is refused with STORE_ERR_LOCKED;
 * with one, an amend_request row (with its own history entry) records the branch, month,
 * table, row, reason and the largest history id before the change (history_after), and the
 * write goes through. */
#include "store_priv.h"
#include "store_list.h"
#include "store_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/store_exchange.h"
#include "zhibu/text.h"
#include "zhibu/util.h"

/* ---- roles ----------------------------------------------------------------------------- */

const char *store_role_code(enum store_role r)
{
    switch (r) {
    case STORE_ROLE_SECRETARY: return "secretary";
    case STORE_ROLE_REVIEWER: return "reviewer";
    case STORE_ROLE_ADMIN: return "admin";
    case STORE_ROLE_INSPECTOR: return "inspector";
    case STORE_ROLE_SYSTEM: return "system";
    }
    return "system";
}

const char *store_role_label(enum store_role r)
{
    switch (r) {
    case STORE_ROLE_SECRETARY: return "支部书记";
    case STORE_ROLE_REVIEWER: return "审查员";
    case STORE_ROLE_ADMIN: return "管理员";
    case STORE_ROLE_INSPECTOR: return "指导站督查员";
    case STORE_ROLE_SYSTEM: return "系统";
    }
    return "系统";
}

int store_role_parse(const char *code)
{
    if (!code) return -1;
    static const enum store_role roles[] = {STORE_ROLE_SYSTEM, STORE_ROLE_SECRETARY,
                                            STORE_ROLE_REVIEWER, STORE_ROLE_ADMIN,
                                            STORE_ROLE_INSPECTOR};
    for (size_t i = 0; i < ZB_ARRAY_LEN(roles); i++)
        if (strcmp(code, store_role_code(roles[i])) == 0) return (int)roles[i];
    return -1;
}

const struct store_session *store_session(const struct store *st)
{
    return &st->session;
}

/* ---- branches -------------------------------------------------------------------------- */

/* The parent of branch id (0 = none or no such branch). The statement cache is part of the
 * handle, hence the cast: looking up changes nothing the caller can see. */
static int64_t branch_parent(const struct store *cst, int64_t id)
{
    struct store *st = (struct store *)cst;
    sqlite3_stmt *s =
        st_stmt(st, "SELECT ifnull(parent_id, 0) FROM branch WHERE id = ?1");
    if (!s) return 0;
    sqlite3_bind_int64(s, 1, id);
    int64_t parent = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    st_done(s);
    return parent;
}

/* The name of branch id for a message ("" when unknown), leaving st->err alone. */
static void branch_name(struct store *st, int64_t id, char *out, size_t outsz)
{
    struct st_err_saved keep;
    st_err_keep(st, &keep);
    struct branch b;
    if (id > 0 && store_branch_get(st, id, &b) == STORE_OK)
        zb_strlcpy(out, b.name, outsz);
    else
        zb_strlcpy(out, "", outsz);
    st_err_restore(st, &keep);
}

int64_t st_member_branch(struct store *st, int64_t member_id)
{
    sqlite3_stmt *s = st_stmt(st, "SELECT branch_id FROM member WHERE id = ?1");
    if (!s) return 0;
    sqlite3_bind_int64(s, 1, member_id);
    int64_t b = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    st_done(s);
    return b;
}

/* ---- permissions ----------------------------------------------------------------------- */

bool store_may_edit(const struct store *st, int64_t branch_id)
{
    switch (st->session.role) {
    case STORE_ROLE_SYSTEM: return true;
    case STORE_ROLE_SECRETARY: return branch_id > 0 && branch_id == st->session.branch_id;
    case STORE_ROLE_REVIEWER:
    case STORE_ROLE_ADMIN:
    case STORE_ROLE_INSPECTOR: return false;
    }
    return false;
}

bool store_may_review(const struct store *st, int64_t branch_id)
{
    switch (st->session.role) {
    case STORE_ROLE_SYSTEM: return true;
    case STORE_ROLE_REVIEWER:
        if (st->session.branch_id == 0) return true;
        if (branch_id <= 0) return false;
        return branch_id == st->session.branch_id ||
               branch_parent(st, branch_id) == st->session.branch_id;
    case STORE_ROLE_SECRETARY:
    case STORE_ROLE_ADMIN:
    case STORE_ROLE_INSPECTOR: return false;
    }
    return false;
}

/* Whether this is a district's database (meta office_kind). */
static bool at_district(const struct store *cst)
{
    struct store *st = (struct store *)cst; /* the statement cache only */
    sqlite3_stmt *s = st_stmt(st, "SELECT value FROM meta WHERE key = 'office_kind'");
    if (!s) return false;
    bool yes = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0) &&
               strcmp((const char *)sqlite3_column_text(s, 0), "district") == 0;
    st_done(s);
    return yes;
}

bool st_at_district(struct store *st)
{
    return at_district(st);
}

bool st_in_station(struct store *st, int64_t branch_id, int64_t station_id)
{
    if (branch_id <= 0 || station_id <= 0) return false;
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT 1 FROM township_branch tb JOIN township t"
                              " ON t.id = tb.township_id WHERE tb.branch_id = ?1"
                              " AND t.station_id = ?2");
    if (!s) return false;
    sqlite3_bind_int64(s, 1, branch_id);
    sqlite3_bind_int64(s, 2, station_id);
    bool yes = sqlite3_step(s) == SQLITE_ROW;
    st_done(s);
    return yes;
}

/* 复审 and 督查 on branch_id (STORE_PERM_DISTRICT). */
static bool may_district(const struct store *cst, int64_t branch_id)
{
    struct store *st = (struct store *)cst;
    switch (st->session.role) {
    case STORE_ROLE_SYSTEM: return at_district(st);
    case STORE_ROLE_REVIEWER: return st->session.branch_id == 0 && at_district(st);
    case STORE_ROLE_INSPECTOR:
        /* branch 0: whether they may re-review at all (a menu entry) */
        if (branch_id <= 0) return st->session.station_id > 0 && at_district(st);
        return at_district(st) && st_in_station(st, branch_id, st->session.station_id);
    case STORE_ROLE_SECRETARY:
    case STORE_ROLE_ADMIN: return false;
    }
    return false;
}

bool store_may_admin(const struct store *st)
{
    return st->session.role == STORE_ROLE_SYSTEM || st->session.role == STORE_ROLE_ADMIN;
}

bool store_may(const struct store *st, enum store_perm perm, int64_t branch_id)
{
    enum store_role r = st->session.role;
    switch (perm) {
    case STORE_PERM_UNSET: return false;
    case STORE_PERM_ANY: return true;
    case STORE_PERM_EDIT: return store_may_edit(st, branch_id);
    case STORE_PERM_REVIEW: return store_may_review(st, branch_id) && !at_district(st);
    case STORE_PERM_ADMIN: return store_may_admin(st);
    case STORE_PERM_BRANCH_INFO:
        return store_may_admin(st) || (r == STORE_ROLE_SECRETARY && store_may_edit(st, branch_id));
    case STORE_PERM_ALL_BRANCHES: return r != STORE_ROLE_SECRETARY;
    case STORE_PERM_EXPORT_VERDICTS: return store_may_export(st, EXCHANGE_VERDICTS);
    case STORE_PERM_DISTRICT: return may_district(st, branch_id);
    }
    return false;
}

const char *store_may_why(const struct store *cst, enum store_perm perm, int64_t branch_id,
                          char *out, size_t outsz)
{
    struct store *st = (struct store *)cst; /* branch names: the statement cache only */
    enum store_role r = st->session.role;
    char name[128];
    out[0] = '\0';
    if (store_may(st, perm, branch_id)) return out;
    switch (perm) {
    case STORE_PERM_BRANCH_INFO:
    case STORE_PERM_EDIT:
        if (perm == STORE_PERM_BRANCH_INFO && (r != STORE_ROLE_SECRETARY || branch_id <= 0))
            snprintf(out, outsz, "只有管理员能管理支部、用户和设置");
        else if (r == STORE_ROLE_REVIEWER) snprintf(out, outsz, "审查员不能修改台账（只能评审）");
        else if (r == STORE_ROLE_ADMIN) snprintf(out, outsz, "管理员不能修改台账");
        else if (r == STORE_ROLE_INSPECTOR) snprintf(out, outsz, "指导站督查员不能修改台账");
        else {
            branch_name(st, st->session.branch_id, name, sizeof name);
            snprintf(out, outsz, "只能修改本支部（%s）的台账", name);
        }
        return out;
    case STORE_PERM_REVIEW:
        if (at_district(st)) {
            snprintf(out, outsz, "区（县）数据库中的乡镇审查结论只能由乡镇的交换包带来");
        } else if (r == STORE_ROLE_INSPECTOR) {
            snprintf(out, outsz, "指导站督查员不能作出乡镇的评审结论（只能复审、督查）");
        } else if (r != STORE_ROLE_REVIEWER) {
            snprintf(out, outsz, "只有审查员能作出评审结论");
        } else {
            branch_name(st, st->session.branch_id, name, sizeof name);
            snprintf(out, outsz, "只能评审所辖支部（%s及其下级支部）", name);
        }
        return out;
    case STORE_PERM_ADMIN:
        snprintf(out, outsz, "只有管理员能管理支部、用户和设置");
        return out;
    case STORE_PERM_ALL_BRANCHES:
        branch_name(st, st->session.branch_id, name, sizeof name);
        snprintf(out, outsz, "支部书记只能查看和修改本支部（%s）", name);
        return out;
    case STORE_PERM_EXPORT_VERDICTS:
        snprintf(out, outsz, "只有审查员或管理员可以导出审查结论");
        return out;
    case STORE_PERM_DISTRICT:
        if (!at_district(st))
            snprintf(out, outsz, "复审和督查只能在区（县）的数据库中进行");
        else if (r == STORE_ROLE_INSPECTOR)
            snprintf(out, outsz, "只能复审、督查本指导站（%s）所辖乡镇的支部",
                     st->session.station_name[0] ? st->session.station_name : "未指定");
        else if (r == STORE_ROLE_REVIEWER)
            snprintf(out, outsz, "只有区委组织部的复审人员（审查范围为全部支部）能复审");
        else
            snprintf(out, outsz, "只有区委组织部复审人员或指导站督查员能复审、督查");
        return out;
    case STORE_PERM_ANY:
    case STORE_PERM_UNSET: break;
    }
    snprintf(out, outsz, "没有规定谁可以使用此功能");
    return out;
}

/* The refusal of a write the session may not make, in the words of store_may_why. */
static int require(struct store *st, enum store_perm perm, int64_t branch_id)
{
    char why[256];
    if (!store_may_why(st, perm, branch_id, why, sizeof why)[0]) return STORE_OK;
    return st_fail(st, STORE_ERR_DENIED, "%s", why);
}

int st_require_edit(struct store *st, int64_t branch_id)
{
    return require(st, STORE_PERM_EDIT, branch_id);
}

int st_require_review(struct store *st, int64_t branch_id)
{
    return require(st, STORE_PERM_REVIEW, branch_id);
}

int st_require_admin(struct store *st)
{
    return require(st, STORE_PERM_ADMIN, 0);
}

int st_require_district(struct store *st, int64_t branch_id)
{
    return require(st, STORE_PERM_DISTRICT, branch_id);
}

int store_test_set_session(struct store *st, enum store_role role, int64_t branch_id,
                           const char *login)
{
    if (st->logged_in) return st_fail(st, STORE_ERR_DENIED, "已登录，不能切换用户");
    memset(&st->session, 0, sizeof st->session);
    st->session.role = role;
    st->session.branch_id = branch_id;
    const char *who = login && *login ? login : "system";
    zb_strlcpy(st->session.login, role == STORE_ROLE_SYSTEM ? "" : who,
               sizeof st->session.login);
    zb_strlcpy(st->session.display_name, role == STORE_ROLE_SYSTEM ? "" : who,
               sizeof st->session.display_name);
    zb_strlcpy(st->user, who, sizeof st->user);
    return STORE_OK;
}

int store_test_set_inspector(struct store *st, int64_t station_id, const char *login)
{
    int rc = store_test_set_session(st, STORE_ROLE_INSPECTOR, 0, login);
    if (rc) return rc;
    st->session.station_id = station_id;
    sqlite3_stmt *s = st_stmt(st, "SELECT name FROM station WHERE id = ?1");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, station_id);
    if (sqlite3_step(s) == SQLITE_ROW)
        st_col_text(s, 0, st->session.station_name, sizeof st->session.station_name);
    st_done(s);
    return STORE_OK;
}

/* ---- locked months --------------------------------------------------------------------- */

/* Whether branch_id's month ym ("YYYY-MM") has a verdict: 1 yes, 0 no, < 0 error. */
static int locked_ym(struct store *st, int64_t branch_id, const char *ym)
{
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT EXISTS(SELECT 1 FROM audit_verdict"
                              " WHERE branch_id = ?1 AND month = ?2)");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, ym);
    int rc = sqlite3_step(s);
    int result = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) != 0
                                  : st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取评审");
    st_done(s);
    return result;
}

int store_month_locked(struct store *st, int64_t branch_id, struct zmonth month)
{
    char ym[ZMONTH_STR_LEN];
    int rc = st_month_text(st, month, ym);
    return rc ? rc : locked_ym(st, branch_id, ym);
}

int st_check_lock(struct store *st, int64_t branch_id, const char *month, const char *table,
                  const char *row_uuid)
{
    if (!month || strlen(month) < 7) return STORE_OK;
    char ym[8];
    memcpy(ym, month, 7);
    ym[7] = '\0';
    int locked = locked_ym(st, branch_id, ym);
    if (locked < 0) return locked;
    if (!locked) return STORE_OK;
    if (!st->amend_active)
        return st_fail(st, STORE_ERR_LOCKED, "%.4s年%d月已评审，修改需先申请修改（说明原因）", ym,
                       atoi(ym + 5));
    sqlite3_stmt *s = st_stmt(st,
                              "INSERT INTO amend_request(uuid, branch_id, month, table_name,"
                              " row_uuid, reason, history_after, created_at, created_by,"
                              " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
                              " (SELECT ifnull(max(id), 0) FROM history), ?7, ?8, ?7)");
    if (!s) return STORE_ERR;
    char uuid[UUID_STR_LEN], now[24];
    st_bind_stamps(st, s, 1, uuid, 7, now);
    sqlite3_bind_int64(s, 2, branch_id);
    st_bind_text(s, 3, ym);
    st_bind_text(s, 4, table);
    st_bind_text(s, 5, row_uuid);
    st_bind_text(s, 6, st->amend_reason);
    int rc = st_step_write(st, s, "记录审后修改");
    if (rc) return rc;
    int64_t id = st_insert_history(st, "amend_request", uuid, AMEND_JSON);
    return id < 0 ? (int)id : STORE_OK;
}

int store_amend_begin(struct store *st, const char *reason)
{
    char buf[sizeof st->amend_reason];
    size_t len = reason ? strlen(reason) : 0;
    if (len >= sizeof buf * 4) len = sizeof buf * 4; /* far over the limit either way */
    char *copy = xmalloc(len + 1);
    if (len) memcpy(copy, reason, len);
    copy[len] = '\0';
    text_trim(copy);
    size_t chars = text_chars(copy);
    if (chars < 2 || chars > 500 || strlen(copy) >= sizeof buf) {
        free(copy);
        return st_fail(st, STORE_ERR_CONSTRAINT, "修改原因需 2–500 个字（现 %zu 个字）", chars);
    }
    zb_strlcpy(st->amend_reason, copy, sizeof st->amend_reason);
    free(copy);
    st->amend_active = true;
    return STORE_OK;
}

void store_amend_end(struct store *st)
{
    st->amend_active = false;
    st->amend_reason[0] = '\0';
}

int store_amend_list(struct store *st, int64_t branch_id, const struct zmonth *month,
                     struct store_amend_list *out)
{
    *out = (struct store_amend_list){0};
    char ym[ZMONTH_STR_LEN] = "";
    int mrc = month ? st_month_text(st, *month, ym) : STORE_OK;
    if (mrc) return mrc;
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT id, branch_id, month, table_name, row_uuid, reason,"
                              " created_at, created_by, history_after FROM amend_request"
                              " WHERE branch_id = ?1 AND (?2 = '' OR month = ?2)"
                              " ORDER BY id DESC");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, ym);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct amend *a = ST_LIST_ADD(out);
        memset(a, 0, sizeof *a);
        a->id = sqlite3_column_int64(s, 0);
        a->branch_id = sqlite3_column_int64(s, 1);
        st_col_text(s, 2, a->month, sizeof a->month);
        st_col_text(s, 3, a->table_name, sizeof a->table_name);
        st_col_text(s, 4, a->row_uuid, sizeof a->row_uuid);
        st_col_text(s, 5, a->reason, sizeof a->reason);
        st_col_text(s, 6, a->requested_at, sizeof a->requested_at);
        st_col_text(s, 7, a->requested_by, sizeof a->requested_by);
        a->history_after = sqlite3_column_int64(s, 8);
    }
    int result = STORE_OK;
    if (rc != SQLITE_DONE) {
        result = st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取审后修改");
        store_amend_list_free(out);
    }
    st_done(s);
    return result;
}

void store_amend_list_free(struct store_amend_list *l)
{
    free(l->v);
    *l = (struct store_amend_list){0};
}
