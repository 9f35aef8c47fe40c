/* district_db.c — the district's townships and guidance stations, which township sends each
 * branch, and (at a township) the district it reports to (store_district.h). The district's
 * verdicts and the month's table are in district_verdict_db.c, spot checks in spot_check_db.c.
 *
 * Every write checks the session (an administrator or the system registers townships, stations
 * and the district; the bundle import records keys and branches), checks its input with a
 * Chinese sentence naming the field, and is journaled (history; store_json.h STATION_JSON ...),
 * so that verify finds a row changed behind zhibu's back. Nothing is deleted. */
#include "store_priv.h"
#include "store_list.h"
#include "store_json.h"
#include "district_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/store_district.h"
#include "zhibu/store_exchange.h"
#include "zhibu/text.h"
#include "zhibu/util.h"

/* ---- shared checks (district_priv.h) ---------------------------------------------------- */

int st_need_office(struct store *st, const char *kind, const char *refusal)
{
    char here[16] = "";
    int rc = store_office_get_kind(st, here, sizeof here);
    if (rc != STORE_OK) return rc;
    if (strcmp(here, kind) != 0) return st_fail(st, STORE_ERR_CONSTRAINT, "%s", refusal);
    return STORE_OK;
}

int st_check_text(struct store *st, const char *in, char *out, size_t outsz, size_t min_chars,
                  size_t max_chars, const char *label, bool newlines)
{
    char *tmp = xstrdup(in ? in : "");
    text_trim(tmp);
    size_t n = text_chars(tmp);
    int rc = STORE_OK;
    char *safe = text_sanitize(tmp, newlines);
    bool bad = strcmp(safe, tmp) != 0;
    free(safe);
    if (n < min_chars) rc = st_fail(st, STORE_ERR_CONSTRAINT, "%s不能为空", label);
    else if (n > max_chars)
        rc = st_fail(st, STORE_ERR_CONSTRAINT, "%s太长：最多 %zu 个字", label, max_chars);
    else if (strlen(tmp) >= outsz) /* the field holds fewer Chinese characters than letters */
        rc = st_fail(st, STORE_ERR_CONSTRAINT, "%s太长：最多 %zu 个汉字", label, (outsz - 1) / 3);
    else if (bad)
        rc = st_fail(st, STORE_ERR_CONSTRAINT, "%s不能含控制字符%s", label, newlines ? "" : "或换行");
    zb_strlcpy(out, rc == STORE_OK ? tmp : "", outsz);
    free(tmp);
    return rc;
}

int64_t st_inspector_station(const struct store *st)
{
    if (st->session.role != STORE_ROLE_INSPECTOR) return 0;
    return st->session.station_id > 0 ? st->session.station_id : -1;
}

/* Base32 of office_fingerprint: no 0/O/1/I/L/U. */
static const char FPR_ALPHABET[] = "ABCDEFGHJKMNPQRSTVWXYZ23456789";

bool district_fingerprint_normal(const char *in, char out[OFFICE_FPR_LEN])
{
    char raw[17];
    size_t n = 0;
    out[0] = '\0';
    for (const char *p = in ? in : ""; *p; p++) {
        if (*p == '-' || *p == ' ') continue;
        char c = *p >= 'a' && *p <= 'z' ? (char)(*p - 32) : *p;
        if (!strchr(FPR_ALPHABET, c) || c == '\0' || n >= 16) return false;
        raw[n++] = c;
    }
    if (n != 16) return false;
    size_t k = 0;
    for (size_t i = 0; i < 16; i++) {
        if (i && i % 4 == 0) out[k++] = '-';
        out[k++] = raw[i];
    }
    out[k] = '\0';
    return true;
}

/* ---- stations --------------------------------------------------------------------------- */

#define STATION_COLS                                                                           \
    "SELECT s.id, s.uuid, s.name, (SELECT count(*) FROM township t WHERE t.station_id = s.id)" \
    " FROM station s"

static void read_station(sqlite3_stmt *s, void *out)
{
    struct station *x = out;
    memset(x, 0, sizeof *x);
    x->id = sqlite3_column_int64(s, 0);
    st_col_text(s, 1, x->uuid, sizeof x->uuid);
    st_col_text(s, 2, x->name, sizeof x->name);
    x->townships = sqlite3_column_int(s, 3);
}

int store_station_add(struct store *st, struct station *x)
{
    int rc = st_require_admin(st);
    if (rc) return rc;
    if ((rc = st_need_office(st, "district", "只有区（县）的数据库可以登记指导站")) != STORE_OK)
        return rc;
    char name[TEXT_SHORT];
    if ((rc = st_check_text(st, x->name, name, sizeof name, 1, 40, "指导站名称", false)))
        return rc;
    struct station other;
    rc = store_station_by_name(st, name, &other);
    if (rc == STORE_OK) return st_fail(st, STORE_ERR_CONSTRAINT, "指导站“%s”已登记", name);
    if (rc != STORE_ERR_NOT_FOUND) return rc;
    if ((rc = store_begin(st)) != STORE_OK) return rc;
    sqlite3_stmt *s = st_stmt(st,
                              "INSERT INTO station(uuid, name, created_at, created_by, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?3)");
    if (!s) return st_abort(st, STORE_ERR);
    char uuid[UUID_STR_LEN], now[24];
    st_bind_stamps(st, s, 1, uuid, 3, now);
    st_bind_text(s, 2, name);
    if ((rc = st_step_write(st, s, "保存指导站")) != STORE_OK) return st_abort(st, rc);
    int64_t id = st_insert_history(st, "station", uuid, STATION_JSON);
    if (id < 0) return st_abort(st, (int)id);
    if ((rc = store_commit(st)) != STORE_OK) return rc;
    x->id = id;
    memcpy(x->uuid, uuid, sizeof uuid);
    zb_strlcpy(x->name, name, sizeof x->name);
    x->townships = 0;
    return STORE_OK;
}

int store_station_list(struct store *st, struct store_station_list *out)
{
    *out = (struct store_station_list){0};
    sqlite3_stmt *s = st_stmt(st, STATION_COLS " ORDER BY s.name");
    if (!s) return STORE_ERR;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) read_station(s, ST_LIST_ADD(out));
    int result = STORE_OK;
    if (rc != SQLITE_DONE) {
        result = st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取指导站");
        store_station_list_free(out);
    }
    st_done(s);
    return result;
}

void store_station_list_free(struct store_station_list *l)
{
    free(l->v);
    *l = (struct store_station_list){0};
}

int store_station_by_name(struct store *st, const char *name, struct station *out)
{
    sqlite3_stmt *s = st_stmt(st, STATION_COLS " WHERE s.name = ?1");
    if (s) st_bind_text(s, 1, name ? name : "");
    int rc = st_one_row(st, s, read_station, out, NULL, "读取指导站");
    if (rc == STORE_ERR_NOT_FOUND) st_fail(st, rc, "没有名为“%s”的指导站", name ? name : "");
    return rc;
}

/* ---- townships -------------------------------------------------------------------------- */

/* ?9: an inspector's station (0: every township) */
#define TOWNSHIP_COLS                                                                          \
    "SELECT t.id, t.uuid, t.code, t.name, t.fingerprint, t.office_uuid, t.public_key,"         \
    " ifnull(t.station_id, 0), ifnull(s.name, ''), (SELECT count(*) FROM township_branch tb"    \
    " WHERE tb.township_id = t.id), t.created_at FROM township t"                               \
    " LEFT JOIN station s ON s.id = t.station_id WHERE (?9 = 0 OR t.station_id = ?9)"

static void read_township(sqlite3_stmt *s, void *out)
{
    struct township *t = out;
    memset(t, 0, sizeof *t);
    t->id = sqlite3_column_int64(s, 0);
    st_col_text(s, 1, t->uuid, sizeof t->uuid);
    st_col_text(s, 2, t->code, sizeof t->code);
    st_col_text(s, 3, t->name, sizeof t->name);
    st_col_text(s, 4, t->fingerprint, sizeof t->fingerprint);
    st_col_text(s, 5, t->office_uuid, sizeof t->office_uuid);
    st_col_text(s, 6, t->public_key, sizeof t->public_key);
    t->station_id = sqlite3_column_int64(s, 7);
    st_col_text(s, 8, t->station_name, sizeof t->station_name);
    t->branches = sqlite3_column_int(s, 9);
    st_col_text(s, 10, t->created_at, sizeof t->created_at);
}

/* A township's code: 1–20 of [0-9A-Za-z-]. */
static int check_code(struct store *st, const char *code)
{
    size_t n = code ? strlen(code) : 0;
    bool ok = n >= 1 && n <= 20;
    for (size_t i = 0; ok && i < n; i++) {
        char c = code[i];
        ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
             c == '-';
    }
    if (!ok) return st_fail(st, STORE_ERR_CONSTRAINT, "乡镇代码应为 1–20 位数字、字母或“-”");
    return STORE_OK;
}

static int station_exists(struct store *st, int64_t station_id)
{
    if (station_id == 0) return STORE_OK;
    sqlite3_stmt *s = st_stmt(st, "SELECT 1 FROM station WHERE id = ?1");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, station_id);
    int rc = sqlite3_step(s);
    st_done(s);
    if (rc == SQLITE_ROW) return STORE_OK;
    if (rc == SQLITE_DONE) return st_fail(st, STORE_ERR_CONSTRAINT, "指导站不存在");
    return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取指导站");
}

/* One township by a cached statement of TOWNSHIP_COLS with ?1 bound by the caller; scope: the
 * session's (an inspector sees only their station's). */
static int township_one(struct store *st, sqlite3_stmt *s, bool scope, struct township *out)
{
    if (s) sqlite3_bind_int64(s, 9, scope ? st_inspector_station(st) : 0);
    return st_one_row(st, s, read_township, out, NULL, "读取乡镇");
}

int store_township_add(struct store *st, struct township *t)
{
    int rc = st_require_admin(st);
    if (rc) return rc;
    if ((rc = st_need_office(st, "district", "只有区（县）的数据库可以登记乡镇")) != STORE_OK)
        return rc;
    if ((rc = check_code(st, t->code)) != STORE_OK) return rc;
    char name[TEXT_SHORT], fpr[OFFICE_FPR_LEN];
    if ((rc = st_check_text(st, t->name, name, sizeof name, 1, 40, "乡镇名称", false)))
        return rc;
    if (!district_fingerprint_normal(t->fingerprint, fpr))
        return st_fail(st, STORE_ERR_CONSTRAINT,
                       "指纹格式不对：应为 16 个字母或数字，如 ABCD-EFGH-JKMN-PQRS");
    if ((rc = station_exists(st, t->station_id)) != STORE_OK) return rc;
    struct township other;
    rc = store_township_by_code(st, t->code, &other);
    if (rc == STORE_OK)
        return st_fail(st, STORE_ERR_CONSTRAINT, "乡镇代码 %s 已登记（%s）", other.code,
                       other.name);
    if (rc != STORE_ERR_NOT_FOUND) return rc;
    sqlite3_stmt *s = st_stmt(st, TOWNSHIP_COLS " AND t.fingerprint = ?1");
    if (s) st_bind_text(s, 1, fpr);
    rc = township_one(st, s, false, &other);
    if (rc == STORE_OK)
        return st_fail(st, STORE_ERR_CONSTRAINT, "指纹 %s 已登记为乡镇“%s”的指纹", fpr,
                       other.name);
    if (rc != STORE_ERR_NOT_FOUND) return rc;
    char own[OFFICE_PK_HEX], own_fpr[OFFICE_FPR_LEN];
    if (store_office_public(st, own, own_fpr) == STORE_OK && strcmp(own_fpr, fpr) == 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "指纹 %s 是本区（县）自己的指纹，不是乡镇的", fpr);

    if ((rc = store_begin(st)) != STORE_OK) return rc;
    s = st_stmt(st,
                "INSERT INTO township(uuid, code, name, fingerprint, station_id, created_at,"
                " created_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6)");
    if (!s) return st_abort(st, STORE_ERR);
    char uuid[UUID_STR_LEN], now[24];
    st_bind_stamps(st, s, 1, uuid, 6, now);
    st_bind_text(s, 2, t->code);
    st_bind_text(s, 3, name);
    st_bind_text(s, 4, fpr);
    st_bind_id(s, 5, t->station_id);
    if ((rc = st_step_write(st, s, "保存乡镇")) != STORE_OK) return st_abort(st, rc);
    int64_t id = st_insert_history(st, "township", uuid, TOWNSHIP_JSON);
    if (id < 0) return st_abort(st, (int)id);
    if ((rc = store_commit(st)) != STORE_OK) return rc;
    return store_township_get(st, id, t);
}

/* Update township row id (its uuid) by s (?1 id, ?2 now, then the caller's), journaled. */
static int township_change(struct store *st, int64_t id, const char *uuid, const char *action,
                           sqlite3_stmt *s, const char *what)
{
    int64_t h = st_history_begin(st, "township", uuid, action, TOWNSHIP_JSON, id);
    if (h < 0) {
        st_done(s);
        return (int)h;
    }
    char now[24];
    clock_now_iso(now);
    sqlite3_bind_int64(s, 1, id);
    st_bind_text(s, 2, now);
    int rc = st_step_write(st, s, what);
    return rc ? rc : st_history_finish(st, h, TOWNSHIP_JSON, id);
}

int store_township_set_station(struct store *st, int64_t township_id, int64_t station_id)
{
    int rc = st_require_admin(st);
    if (rc) return rc;
    struct township t;
    if ((rc = store_township_get(st, township_id, &t)) != STORE_OK) return rc;
    if ((rc = station_exists(st, station_id)) != STORE_OK) return rc;
    if (t.station_id == station_id) return STORE_OK; /* nothing to change, nothing written */
    if ((rc = store_begin(st)) != STORE_OK) return rc;
    sqlite3_stmt *s = st_stmt(st, "UPDATE township SET station_id = ?3, updated_at = ?2"
                                  " WHERE id = ?1");
    if (!s) return st_abort(st, STORE_ERR);
    st_bind_id(s, 3, station_id);
    rc = township_change(st, t.id, t.uuid, "station", s, "指定指导站");
    if (rc) return st_abort(st, rc);
    return store_commit(st);
}

int store_township_list(struct store *st, struct store_township_list *out)
{
    *out = (struct store_township_list){0};
    sqlite3_stmt *s = st_stmt(st, TOWNSHIP_COLS " ORDER BY t.code");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 9, st_inspector_station(st));
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) read_township(s, ST_LIST_ADD(out));
    int result = STORE_OK;
    if (rc != SQLITE_DONE) {
        result = st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取乡镇");
        store_township_list_free(out);
    }
    st_done(s);
    return result;
}

void store_township_list_free(struct store_township_list *l)
{
    free(l->v);
    *l = (struct store_township_list){0};
}

int store_township_get(struct store *st, int64_t id, struct township *out)
{
    sqlite3_stmt *s = st_stmt(st, TOWNSHIP_COLS " AND t.id = ?1");
    if (s) sqlite3_bind_int64(s, 1, id);
    int rc = township_one(st, s, true, out);
    if (rc == STORE_ERR_NOT_FOUND) st_fail(st, rc, "乡镇不存在");
    return rc;
}

int store_township_by_code(struct store *st, const char *code, struct township *out)
{
    sqlite3_stmt *s = st_stmt(st, TOWNSHIP_COLS " AND t.code = ?1");
    if (s) st_bind_text(s, 1, code ? code : "");
    int rc = township_one(st, s, true, out);
    if (rc == STORE_ERR_NOT_FOUND) st_fail(st, rc, "没有代码为 %s 的乡镇", code ? code : "");
    return rc;
}

int store_township_of_key(struct store *st, const char *pk_hex, struct township *out)
{
    char fpr[OFFICE_FPR_LEN];
    office_fingerprint(pk_hex, fpr);
    if (!fpr[0]) return st_fail(st, STORE_ERR_CONSTRAINT, "公钥格式不对");
    sqlite3_stmt *s = st_stmt(st, TOWNSHIP_COLS " AND t.fingerprint = ?1");
    if (s) st_bind_text(s, 1, fpr);
    int rc = township_one(st, s, false, out);
    if (rc == STORE_ERR_NOT_FOUND)
        return st_fail(st, rc, "指纹为 %s 的单位不是本区（县）登记的乡镇", fpr);
    if (rc) return rc;
    if (out->public_key[0] && strcmp(out->public_key, pk_hex) != 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "乡镇“%s”的公钥与它第一次交来的不同",
                       out->name);
    return STORE_OK;
}

/* What only the bundle import records (a township's key, the branches it sends): at a
 * district's database, by a session that may import ledgers there (not a secretary or an
 * inspector). */
static int check_import_write(struct store *st)
{
    enum store_role r = st->session.role;
    if (r == STORE_ROLE_SECRETARY || r == STORE_ROLE_INSPECTOR)
        return st_fail(st, STORE_ERR_DENIED, "只有审查员或管理员能导入乡镇的交换包");
    return st_need_office(st, "district", "只有区（县）的数据库接收乡镇的交换包");
}

int store_township_learn_key(struct store *st, int64_t township_id, const char *office_uuid,
                             const char *pk_hex)
{
    int rc = check_import_write(st);
    if (rc) return rc;
    struct township t;
    sqlite3_stmt *s = st_stmt(st, TOWNSHIP_COLS " AND t.id = ?1");
    if (s) sqlite3_bind_int64(s, 1, township_id);
    rc = township_one(st, s, false, &t);
    if (rc == STORE_ERR_NOT_FOUND) return st_fail(st, rc, "乡镇不存在");
    if (rc) return rc;
    char fpr[OFFICE_FPR_LEN];
    office_fingerprint(pk_hex, fpr);
    if (!fpr[0] || strcmp(fpr, t.fingerprint) != 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "公钥的指纹 %s 与乡镇“%s”登记的指纹 %s 不同",
                       fpr[0] ? fpr : "（无效）", t.name, t.fingerprint);
    if (!office_uuid || !*office_uuid || strlen(office_uuid) >= sizeof t.office_uuid)
        return st_fail(st, STORE_ERR_CONSTRAINT, "单位标识无效");
    if (t.public_key[0]) {
        if (strcmp(t.public_key, pk_hex) != 0)
            return st_fail(st, STORE_ERR_CONSTRAINT, "乡镇“%s”的公钥与它第一次交来的不同",
                           t.name);
        if (strcmp(t.office_uuid, office_uuid) != 0)
            return st_fail(st, STORE_ERR_CONSTRAINT, "乡镇“%s”的单位标识与它第一次交来的不同",
                           t.name);
        return STORE_OK; /* learnt already */
    }
    if ((rc = store_begin(st)) != STORE_OK) return rc;
    s = st_stmt(st, "UPDATE township SET office_uuid = ?3, public_key = ?4, updated_at = ?2"
                    " WHERE id = ?1");
    if (!s) return st_abort(st, STORE_ERR);
    st_bind_text(s, 3, office_uuid);
    st_bind_text(s, 4, pk_hex);
    rc = township_change(st, t.id, t.uuid, "learn_key", s, "记录乡镇公钥");
    if (rc) return st_abort(st, rc);
    return store_commit(st);
}

int store_branch_township(struct store *st, int64_t branch_id, struct township *out)
{
    sqlite3_stmt *s = st_stmt(st, TOWNSHIP_COLS " AND t.id = (SELECT township_id FROM"
                                  " township_branch WHERE branch_id = ?1)");
    if (s) sqlite3_bind_int64(s, 1, branch_id);
    int rc = township_one(st, s, false, out);
    if (rc == STORE_ERR_NOT_FOUND) st_fail(st, rc, "该支部不属于任何登记的乡镇");
    return rc;
}

int store_township_assign(struct store *st, int64_t branch_id, int64_t township_id)
{
    int rc = check_import_write(st);
    if (rc) return rc;
    struct township now_t, want;
    rc = store_branch_township(st, branch_id, &now_t);
    if (rc != STORE_OK && rc != STORE_ERR_NOT_FOUND) return rc;
    bool has = rc == STORE_OK;
    sqlite3_stmt *s = st_stmt(st, TOWNSHIP_COLS " AND t.id = ?1");
    if (s) sqlite3_bind_int64(s, 1, township_id);
    rc = township_one(st, s, false, &want);
    if (rc == STORE_ERR_NOT_FOUND) return st_fail(st, rc, "乡镇不存在");
    if (rc) return rc;
    if (has && now_t.id == township_id) return STORE_OK;
    struct branch b;
    if (store_branch_get(st, branch_id, &b) != STORE_OK)
        return st_fail(st, STORE_ERR_NOT_FOUND, "支部不存在");
    if (has)
        return st_fail(st, STORE_ERR_CONSTRAINT, "支部 %s 已属于乡镇“%s”，不能再由乡镇“%s”报送",
                       b.code, now_t.name, want.name);
    if ((rc = store_begin(st)) != STORE_OK) return rc;
    s = st_stmt(st, "INSERT INTO township_branch(uuid, branch_id, township_id, created_at,"
                    " created_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?4)");
    if (!s) return st_abort(st, STORE_ERR);
    char uuid[UUID_STR_LEN], now[24];
    st_bind_stamps(st, s, 1, uuid, 4, now);
    sqlite3_bind_int64(s, 2, branch_id);
    sqlite3_bind_int64(s, 3, township_id);
    if ((rc = st_step_write(st, s, "记录支部所属乡镇")) != STORE_OK) return st_abort(st, rc);
    int64_t id = st_insert_history(st, "township_branch", uuid, TOWNSHIP_BRANCH_JSON);
    if (id < 0) return st_abort(st, (int)id);
    return store_commit(st);
}

/* ---- the district (at a township) ------------------------------------------------------- */

static void read_district(sqlite3_stmt *s, void *out)
{
    struct district_info *d = out;
    memset(d, 0, sizeof *d);
    st_col_text(s, 0, d->uuid, sizeof d->uuid);
    st_col_text(s, 1, d->name, sizeof d->name);
    st_col_text(s, 2, d->fingerprint, sizeof d->fingerprint);
    st_col_text(s, 3, d->office_uuid, sizeof d->office_uuid);
    st_col_text(s, 4, d->public_key, sizeof d->public_key);
    st_col_text(s, 5, d->created_at, sizeof d->created_at);
}

int store_district_get(struct store *st, struct district_info *out)
{
    return st_one_row(st,
                      st_stmt(st, "SELECT uuid, name, fingerprint, office_uuid, public_key,"
                                  " created_at FROM district_office WHERE id = 1"),
                      read_district, out, "本乡镇还没有登记上级区（县）", "读取上级区（县）");
}

/* Update the district row by s (?1 now, then the caller's), journaled as action. */
static int district_change(struct store *st, const char *uuid, const char *action,
                           sqlite3_stmt *s, const char *what)
{
    int64_t h = st_history_begin(st, "district_office", uuid, action, DISTRICT_OFFICE_JSON, 1);
    if (h < 0) {
        st_done(s);
        return (int)h;
    }
    char now[24];
    clock_now_iso(now);
    st_bind_text(s, 1, now);
    int rc = st_step_write(st, s, what);
    return rc ? rc : st_history_finish(st, h, DISTRICT_OFFICE_JSON, 1);
}

int store_district_set(struct store *st, const char *name, const char *fingerprint)
{
    int rc = st_require_admin(st);
    if (rc) return rc;
    if ((rc = st_need_office(st, "township", "只有乡镇的数据库可以登记上级区（县）")) != STORE_OK)
        return rc;
    char clean[TEXT_SHORT], fpr[OFFICE_FPR_LEN];
    if ((rc = st_check_text(st, name, clean, sizeof clean, 1, 40, "区（县）名称", false)))
        return rc;
    if (!district_fingerprint_normal(fingerprint, fpr))
        return st_fail(st, STORE_ERR_CONSTRAINT,
                       "指纹格式不对：应为 16 个字母或数字，如 ABCD-EFGH-JKMN-PQRS");
    char own[OFFICE_PK_HEX], own_fpr[OFFICE_FPR_LEN];
    if (store_office_public(st, own, own_fpr) == STORE_OK && strcmp(own_fpr, fpr) == 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "指纹 %s 是本乡镇自己的指纹，不是区（县）的", fpr);
    struct district_info d;
    rc = store_district_get(st, &d);
    if (rc != STORE_OK && rc != STORE_ERR_NOT_FOUND) return rc;
    bool has = rc == STORE_OK;
    if (has && strcmp(d.name, clean) == 0 && strcmp(d.fingerprint, fpr) == 0) return STORE_OK;
    if ((rc = store_begin(st)) != STORE_OK) return rc;
    sqlite3_stmt *s;
    if (has) {
        /* another fingerprint: the key learnt from the old one's bundles no longer counts */
        s = st_stmt(st, "UPDATE district_office SET name = ?2, fingerprint = ?3,"
                        " office_uuid = CASE WHEN fingerprint = ?3 THEN office_uuid ELSE '' END,"
                        " public_key = CASE WHEN fingerprint = ?3 THEN public_key ELSE '' END,"
                        " updated_at = ?1 WHERE id = 1");
        if (!s) return st_abort(st, STORE_ERR);
        st_bind_text(s, 2, clean);
        st_bind_text(s, 3, fpr);
        rc = district_change(st, d.uuid, "update", s, "登记上级区（县）");
        if (rc) return st_abort(st, rc);
        return store_commit(st);
    }
    s = st_stmt(st, "INSERT INTO district_office(id, uuid, name, fingerprint, created_at,"
                    " created_by, updated_at) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?4)");
    if (!s) return st_abort(st, STORE_ERR);
    char uuid[UUID_STR_LEN], now[24];
    st_bind_stamps(st, s, 1, uuid, 4, now);
    st_bind_text(s, 2, clean);
    st_bind_text(s, 3, fpr);
    if ((rc = st_step_write(st, s, "登记上级区（县）")) != STORE_OK) return st_abort(st, rc);
    int64_t id = st_insert_history(st, "district_office", uuid, DISTRICT_OFFICE_JSON);
    if (id < 0) return st_abort(st, (int)id);
    return store_commit(st);
}

int store_district_learn_key(struct store *st, const char *office_uuid, const char *pk_hex)
{
    int rc = st_need_office(st, "township", "只有乡镇的数据库接收区（县）的交换包");
    if (rc) return rc;
    struct district_info d;
    rc = store_district_get(st, &d);
    if (rc) return rc;
    char fpr[OFFICE_FPR_LEN];
    office_fingerprint(pk_hex, fpr);
    if (!fpr[0] || strcmp(fpr, d.fingerprint) != 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "公钥的指纹 %s 与登记的上级区（县）指纹 %s 不同",
                       fpr[0] ? fpr : "（无效）", d.fingerprint);
    if (!office_uuid || !*office_uuid || strlen(office_uuid) >= sizeof d.office_uuid)
        return st_fail(st, STORE_ERR_CONSTRAINT, "单位标识无效");
    if (d.public_key[0]) {
        if (strcmp(d.public_key, pk_hex) != 0 || strcmp(d.office_uuid, office_uuid) != 0)
            return st_fail(st, STORE_ERR_CONSTRAINT, "上级区（县）的公钥或单位标识与它第一次交来的不同");
        return STORE_OK;
    }
    if ((rc = store_begin(st)) != STORE_OK) return rc;
    sqlite3_stmt *s = st_stmt(st, "UPDATE district_office SET office_uuid = ?2, public_key = ?3,"
                                  " updated_at = ?1 WHERE id = 1");
    if (!s) return st_abort(st, STORE_ERR);
    st_bind_text(s, 2, office_uuid);
    st_bind_text(s, 3, pk_hex);
    rc = district_change(st, d.uuid, "learn_key", s, "记录上级区（县）公钥");
    if (rc) return st_abort(st, rc);
    return store_commit(st);
}
