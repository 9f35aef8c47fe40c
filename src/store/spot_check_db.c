/* spot_check_db.c — 督查: a guidance station's unannounced checks of a branch (store_district.h).
 * Written at a district's database by a session allowed STORE_PERM_DISTRICT on the branch (an
 * inspector: the branches of their station's townships; the station recorded is theirs);
 * journaled (SPOT_CHECK_JSON); voided with a reason, never deleted. */
#include "store_priv.h"
#include "store_list.h"
#include "store_json.h"
#include "district_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/store_district.h"
#include "zhibu/text.h"
#include "zhibu/util.h"

const char *spot_check_result_label(const char *code)
{
    if (code && strcmp(code, "consistent") == 0) return "一致";
    if (code && strcmp(code, "issues") == 0) return "发现问题";
    return code ? code : "";
}

int store_spot_check_add(struct store *st, struct spot_check *c)
{
    int rc = st_require_district(st, c->branch_id);
    if (rc) return rc;
    struct spot_check w = *c;
    struct zdate d;
    char date[sizeof w.date];
    zb_strlcpy(date, c->date, sizeof date);
    text_trim(date);
    if (strlen(c->date) >= sizeof w.date || !date_parse(date, &d))
        return st_fail(st, STORE_ERR_CONSTRAINT, "督查日期格式应为 YYYY-MM-DD，且须是真实日期");
    if (date_cmp(d, clock_today()) > 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "督查日期 %s 不能晚于今天", date);
    date_format(d, w.date);
    if ((rc = st_check_text(st, c->inspectors, w.inspectors, sizeof w.inspectors, 1, 100,
                            "督查人员", false)))
        return rc;
    if ((rc = st_check_text(st, c->inspected, w.inspected, sizeof w.inspected, 1, 300,
                            "督查内容", true)))
        return rc;
    if (spot_check_result_label(c->result) == c->result || !c->result[0])
        return st_fail(st, STORE_ERR_CONSTRAINT, "督查结果应为“一致”或“发现问题”");
    if ((rc = st_check_text(st, c->findings, w.findings, sizeof w.findings, 0, 1000,
                            "发现的问题", true)))
        return rc;
    if (strcmp(w.result, "issues") == 0 && !w.findings[0])
        return st_fail(st, STORE_ERR_CONSTRAINT, "发现问题须写明问题");
    if (st->session.role == STORE_ROLE_INSPECTOR)
        zb_strlcpy(w.station, st->session.station_name, sizeof w.station);
    else if ((rc = st_check_text(st, c->station, w.station, sizeof w.station, 0, 40, "指导站",
                                 false)))
        return rc;
    struct branch b;
    if (store_branch_get(st, c->branch_id, &b) != STORE_OK)
        return st_fail(st, STORE_ERR_NOT_FOUND, "支部不存在");

    if ((rc = store_begin(st)) != STORE_OK) return rc;
    sqlite3_stmt *s = st_stmt(st,
                              "INSERT INTO spot_check(uuid, branch_id, station, date, inspectors,"
                              " inspected, result, findings, created_at, created_by, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?9)");
    if (!s) return st_abort(st, STORE_ERR);
    char uuid[UUID_STR_LEN], now[24];
    st_bind_stamps(st, s, 1, uuid, 9, now);
    sqlite3_bind_int64(s, 2, w.branch_id);
    st_bind_text(s, 3, w.station);
    st_bind_text(s, 4, w.date);
    st_bind_text(s, 5, w.inspectors);
    st_bind_text(s, 6, w.inspected);
    st_bind_text(s, 7, w.result);
    st_bind_text(s, 8, w.findings);
    if ((rc = st_step_write(st, s, "保存督查记录")) != STORE_OK) return st_abort(st, rc);
    int64_t id = st_insert_history(st, "spot_check", uuid, SPOT_CHECK_JSON);
    if (id < 0) return st_abort(st, (int)id);
    if ((rc = store_commit(st)) != STORE_OK) return rc;
    w.id = id;
    memcpy(w.uuid, uuid, sizeof uuid);
    memcpy(w.created_at, now, sizeof now);
    zb_strlcpy(w.created_by, st->user, sizeof w.created_by);
    w.voided_at[0] = '\0';
    w.void_reason[0] = '\0';
    *c = w;
    return STORE_OK;
}

#define SPOT_COLS                                                                              \
    "SELECT c.id, c.uuid, c.branch_id, c.station, c.date, c.inspectors, c.inspected,"          \
    " c.result, c.findings, ifnull(c.voided_at, ''), ifnull(c.void_reason, ''), c.created_at," \
    " c.created_by FROM spot_check c"

static void read_check(sqlite3_stmt *s, void *out)
{
    struct spot_check *c = out;
    memset(c, 0, sizeof *c);
    c->id = sqlite3_column_int64(s, 0);
    st_col_text(s, 1, c->uuid, sizeof c->uuid);
    c->branch_id = sqlite3_column_int64(s, 2);
    st_col_text(s, 3, c->station, sizeof c->station);
    st_col_text(s, 4, c->date, sizeof c->date);
    st_col_text(s, 5, c->inspectors, sizeof c->inspectors);
    st_col_text(s, 6, c->inspected, sizeof c->inspected);
    st_col_text(s, 7, c->result, sizeof c->result);
    st_col_text(s, 8, c->findings, sizeof c->findings);
    st_col_text(s, 9, c->voided_at, sizeof c->voided_at);
    st_col_text(s, 10, c->void_reason, sizeof c->void_reason);
    st_col_text(s, 11, c->created_at, sizeof c->created_at);
    st_col_text(s, 12, c->created_by, sizeof c->created_by);
}

int store_spot_check_void(struct store *st, int64_t id, const char *reason)
{
    struct spot_check c;
    int rc = st_get_row(st, st_stmt(st, SPOT_COLS " WHERE c.id = ?1"), id, read_check, &c,
                        "督查记录不存在", "读取督查记录");
    if (rc) return rc;
    if ((rc = st_require_district(st, c.branch_id)) != STORE_OK) return rc;
    if (c.voided_at[0]) return st_fail(st, STORE_ERR_CONSTRAINT, "该督查记录已作废");
    char why[sizeof c.void_reason];
    if ((rc = st_check_text(st, reason, why, sizeof why, 0, 200, "作废原因", true)))
        return rc;
    if (!why[0]) return st_fail(st, STORE_ERR_CONSTRAINT, "作废须填写原因");
    if ((rc = store_begin(st)) != STORE_OK) return rc;
    int64_t h = st_history_begin(st, "spot_check", c.uuid, "void", SPOT_CHECK_JSON, id);
    if (h < 0) return st_abort(st, (int)h);
    sqlite3_stmt *s = st_stmt(st, "UPDATE spot_check SET voided_at = ?2, void_reason = ?3,"
                                  " updated_at = ?2 WHERE id = ?1");
    if (!s) return st_abort(st, STORE_ERR);
    char now[24];
    clock_now_iso(now);
    sqlite3_bind_int64(s, 1, id);
    st_bind_text(s, 2, now);
    st_bind_text(s, 3, why);
    if ((rc = st_step_write(st, s, "作废督查记录")) != STORE_OK) return st_abort(st, rc);
    if ((rc = st_history_finish(st, h, SPOT_CHECK_JSON, id)) != STORE_OK) return st_abort(st, rc);
    return store_commit(st);
}

int store_spot_check_list(struct store *st, int64_t branch_id, struct store_spot_check_list *out)
{
    *out = (struct store_spot_check_list){0};
    sqlite3_stmt *s = st_stmt(st, SPOT_COLS " WHERE (?1 = 0 OR c.branch_id = ?1) AND"
                                  DISTRICT_SCOPE("c.branch_id", "2")
                                  " ORDER BY c.date DESC, c.id DESC");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    sqlite3_bind_int64(s, 2, st_inspector_station(st));
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) read_check(s, ST_LIST_ADD(out));
    int result = STORE_OK;
    if (rc != SQLITE_DONE) {
        result = st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取督查记录");
        store_spot_check_list_free(out);
    }
    st_done(s);
    return result;
}

void store_spot_check_list_free(struct store_spot_check_list *l)
{
    free(l->v);
    *l = (struct store_spot_check_list){0};
}
