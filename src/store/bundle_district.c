/* bundle_district.c — the district's bundle for one township (store_exchange.h): the district's
 * verdicts (复审, the findings sent back among them) and spot checks (督查) of the township's
 * branches, one JSON object per row in a signed container; imported at the township, which
 * takes them only from its registered district, replacing older by newer and touching nothing
 * else. */
#include "bundle_priv.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/row_rules.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_district.h"
#include "zhibu/store_exchange.h"
#include "zhibu/store_office.h"
#include "zhibu/util.h"

/* The rows as they travel: every column but id and branch_id, as one JSON object (the same
 * expression on both sides, so equal rows give equal text). */
#define DV_JSON(a)                                                                             \
    "json_object('uuid', " a ".uuid, 'month', " a ".month, 'item', " a ".item, 'verdict', " a    \
    ".verdict, 'township_verdict', " a ".township_verdict, 'comment', " a ".comment,"           \
    " 'sent_back', " a ".sent_back, 'reviewer', " a ".reviewer, 'engine_json', json(" a          \
    ".engine_json), 'created_at', " a ".created_at, 'created_by', " a ".created_by,"            \
    " 'updated_at', " a ".updated_at)"
#define SC_JSON(a)                                                                             \
    "json_object('uuid', " a ".uuid, 'station', " a ".station, 'date', " a ".date,"             \
    " 'inspectors', " a ".inspectors, 'inspected', " a ".inspected, 'result', " a ".result,"    \
    " 'findings', " a ".findings, 'voided_at', " a ".voided_at, 'void_reason', " a              \
    ".void_reason, 'created_at', " a ".created_at, 'created_by', " a ".created_by,"             \
    " 'updated_at', " a ".updated_at)"


/* A row's fields into the running SHA-256 (rows_sha256): tbl, uuid, json, length-prefixed. */
static void sha_field(crypto_hash_sha256_state *h, const char *v)
{
    char len[24];
    int k = snprintf(len, sizeof len, "%zu:", strlen(v));
    crypto_hash_sha256_update(h, (const unsigned char *)len, (unsigned long long)k);
    crypto_hash_sha256_update(h, (const unsigned char *)v, strlen(v));
}

/* ---- export ------------------------------------------------------------------------------ */

static int export_district(struct store *st, const char *code, const struct zmonth *month,
                           const char *path, const char *program_version,
                           struct month_manifest *m)
{
    struct office_info me;
    int rc = store_office_get(st, &me);
    if (rc != STORE_OK) return rc;
    if (strcmp(me.kind, "district") != 0)
        return st_fail(st, STORE_ERR, "只有区（县）的数据库可以导出给乡镇的交换包（本数据库是%s）",
                       office_kind_label(me.kind));
    if (!store_may_admin(st) && st->session.role != STORE_ROLE_REVIEWER)
        return st_fail(st, STORE_ERR_DENIED,
                       "只有区委组织部的审查员或管理员可以导出给乡镇的交换包");
    struct township t;
    rc = store_township_by_code(st, code, &t);
    if (rc == STORE_ERR_NOT_FOUND)
        return st_fail(st, STORE_ERR_NOT_FOUND, "本区没有组织代码为 %s 的乡镇", code);
    if (rc != STORE_OK) return rc;
    if (st_sha_ready() != 0) return st_fail(st, STORE_ERR, "无法初始化加密库");
    if ((rc = st_container_stamp(st, m, BUNDLE_KIND_DISTRICT, program_version)) != STORE_OK)
        return rc;
    if (month) zmonth_format(*month, m->month);
    zb_strlcpy(m->township_code, t.code, sizeof m->township_code);
    zb_strlcpy(m->township_name, t.name, sizeof m->township_name);
    struct container c = {.st = st, .path = path};
    rc = st_container_open(&c, "CREATE TABLE row(id INTEGER PRIMARY KEY, tbl TEXT NOT NULL,"
                               " branch_uuid TEXT NOT NULL, branch_code TEXT NOT NULL,"
                               " uuid TEXT NOT NULL, json TEXT NOT NULL);");
    if (rc != STORE_OK) return rc;
    sqlite3_stmt *s = st_stmt(
        st, "SELECT 'district_verdict', b.uuid, b.code, v.uuid, " DV_JSON("v")
            " FROM district_verdict v JOIN township_branch tb ON tb.branch_id = v.branch_id"
            " JOIN branch b ON b.id = v.branch_id WHERE tb.township_id = ?1"
            " AND (?2 = '' OR v.month = ?2)"
            " UNION ALL SELECT 'spot_check', b.uuid, b.code, c.uuid, " SC_JSON("c")
            " FROM spot_check c JOIN township_branch tb ON tb.branch_id = c.branch_id"
            " JOIN branch b ON b.id = c.branch_id WHERE tb.township_id = ?1"
            " AND (?2 = '' OR substr(c.date, 1, 7) = ?2) ORDER BY 1, 3, 4");
    sqlite3_stmt *ins = NULL;
    if (!s || sqlite3_prepare_v2(c.db, "INSERT INTO row(tbl, branch_uuid, branch_code, uuid, json)"
                                       " VALUES (?1, ?2, ?3, ?4, ?5)",
                                 -1, &ins, NULL) != SQLITE_OK) {
        st_done(s);
        return st_container_fail(&c);
    }
    sqlite3_bind_int64(s, 1, t.id);
    st_bind_text(s, 2, m->month);
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        const char *f[5];
        for (int i = 0; i < 5; i++) {
            f[i] = (const char *)sqlite3_column_text(s, i);
            if (!f[i]) f[i] = "";
        }
        sha_field(&h, f[0]);
        sha_field(&h, f[3]);
        sha_field(&h, f[4]);
        sqlite3_reset(ins);
        for (int i = 0; i < 5; i++) sqlite3_bind_text(ins, i + 1, f[i], -1, SQLITE_TRANSIENT);
        if (sqlite3_step(ins) != SQLITE_DONE) {
            src = SQLITE_ERROR;
            break;
        }
        if (strcmp(f[0], "district_verdict") == 0) m->rows_verdicts++;
        else m->rows_spot++;
    }
    st_done(s);
    sqlite3_finalize(ins);
    if (src != SQLITE_DONE) {
        st_container_abort(&c);
        return st_sqlfail(st, src, "读取复审结论和督查记录");
    }
    char sha[SHA_HEX], n1[16], n2[16];
    st_sha_hex(&h, sha);
    snprintf(n1, sizeof n1, "%d", m->rows_verdicts);
    snprintf(n2, sizeof n2, "%d", m->rows_spot);
    if (st_container_put_common(&c, m) != STORE_OK ||
        st_container_put(&c, "rows:district_verdict", n1) != STORE_OK ||
        st_container_put(&c, "rows:spot_check", n2) != STORE_OK ||
        st_container_put(&c, "rows_sha256", sha) != STORE_OK)
        return st_container_fail(&c);
    return st_container_finish(&c);
}

int store_bundle_export_district(struct store *st, const char *township_code,
                                 const struct zmonth *month, const char *path,
                                 const char *program_version, struct month_manifest *out)
{
    struct month_manifest local;
    struct month_manifest *m = out ? out : &local;
    memset(m, 0, sizeof *m);
    return export_district(st, township_code ? township_code : "", month, path, program_version,
                           m);
}

/* ---- import ------------------------------------------------------------------------------ */

/* The journal's statement of a table's row JSON (?1 = the row's id), made once: the statement
 * cache keys on the text's address, so it must live as long as the process. */
static const char *history_sql(const char *table)
{
    static char *dv, *sc;
    char **slot = strcmp(table, "district_verdict") == 0 ? &dv : &sc;
    if (!*slot) {
        char *expr = st_journal_json_expr(table, "?1");
        if (!expr) return NULL;
        *slot = xasprintf("SELECT %s", expr);
        free(expr);
    }
    return *slot;
}

/* The rows' SHA-256 and counts against the manifest; 0 or -1 with err. */
static int check_rows(sqlite3 *db, struct month_manifest *m, char *err, size_t errsz)
{
    char want[80] = "", n1[16] = "", n2[16] = "";
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, "SELECT key, value FROM manifest WHERE key IN ('rows_sha256',"
                               " 'rows:district_verdict', 'rows:spot_check')",
                           -1, &s, NULL) == SQLITE_OK) {
        while (sqlite3_step(s) == SQLITE_ROW) {
            const char *k = (const char *)sqlite3_column_text(s, 0);
            const char *v = (const char *)sqlite3_column_text(s, 1);
            if (!k || !v) continue;
            if (strcmp(k, "rows_sha256") == 0) zb_strlcpy(want, v, sizeof want);
            else if (strcmp(k, "rows:district_verdict") == 0) zb_strlcpy(n1, v, sizeof n1);
            else zb_strlcpy(n2, v, sizeof n2);
        }
    }
    sqlite3_finalize(s);
    s = NULL;
    m->rows_verdicts = atoi(n1);
    m->rows_spot = atoi(n2);
    if (strlen(want) != SHA_HEX - 1) {
        if (err && errsz) zb_strlcpy(err, "交换包的清单不完整", errsz);
        return -1;
    }
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    int nv = 0, ns = 0, rc = SQLITE_ERROR;
    if (sqlite3_prepare_v2(db, "SELECT tbl, uuid, json FROM row ORDER BY id", -1, &s, NULL) ==
        SQLITE_OK) {
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            const char *f[3];
            for (int i = 0; i < 3; i++) {
                f[i] = (const char *)sqlite3_column_text(s, i);
                if (!f[i]) f[i] = "";
            }
            sha_field(&h, f[0]);
            sha_field(&h, f[1]);
            sha_field(&h, f[2]);
            if (strcmp(f[0], "district_verdict") == 0) nv++;
            else ns++;
        }
    }
    sqlite3_finalize(s);
    char hex[SHA_HEX];
    st_sha_hex(&h, hex);
    if (rc != SQLITE_DONE || strcmp(hex, want) != 0 || nv != m->rows_verdicts ||
        ns != m->rows_spot) {
        if (err && errsz) zb_strlcpy(err, "交换包内容与校验值不符（文件被改动或不完整）", errsz);
        return -1;
    }
    return 0;
}

/* Who signed: this township's registered district (store_district_get), its key learnt the
 * first time. */
static int decide_district(struct store *st, const struct month_manifest *m,
                           struct month_report *rep)
{
    struct office_info me;
    int rc = store_office_get(st, &me);
    if (rc != STORE_OK) return rc;
    if (strcmp(me.kind, "township") != 0)
        return st_month_refuse(st, rep, STORE_ERR_DENIED,
                      "区（县）的交换包是发给乡镇的，只能导入乡镇的数据库（本数据库是%s）",
                      office_kind_label(me.kind));
    if (strcmp(m->office_kind, "district") != 0)
        return st_month_refuse(st, rep, STORE_ERR_DENIED, "复审结论和督查记录只接受区（县）导出的，此包来自%s",
                      office_kind_label(m->office_kind));
    if ((rc = st_month_gate(st, m, rep, "只有审查员或管理员能导入区（县）的交换包")) != STORE_OK)
        return rc;
    struct district_info d;
    char who[TEXT_SHORT + 64];
    office_describe(m->office_name, m->office_kind, who, sizeof who);
    rc = store_district_get(st, &d);
    if (rc == STORE_ERR_NOT_FOUND)
        return st_month_refuse(st, rep, STORE_ERR_DENIED,
                      "本乡镇还没有登记上级区（县），不接受%s的交换包（签名指纹 %s）；请先核对指纹，"
                      "用 zhibu office district set 登记",
                      who, m->office_fingerprint);
    if (rc != STORE_OK) return rc;
    if (!office_fingerprint_same(d.fingerprint, m->office_fingerprint) ||
        (d.public_key[0] && strcmp(d.public_key, m->office_public_key) != 0))
        return st_month_refuse(st, rep, STORE_ERR_DENIED,
                      "签名单位与登记的上级区（县）不符：登记的是“%s”，指纹 %s；此包由%s签名，"
                      "指纹 %s，已拒绝",
                      d.name, d.fingerprint, who, m->office_fingerprint);
    if (!d.public_key[0]) {
        rc = store_district_learn_key(st, m->office_uuid, m->office_public_key);
        if (rc != STORE_OK) {
            zb_strlcpy(rep->problem, store_errmsg(st), sizeof rep->problem);
            return rc;
        }
        rep->key_learnt = true;
    }
    return STORE_OK;
}

/* One row of the bundle into its table: added, updated (newer), unchanged or kept (older). */
/* Each column of an incoming row against its rule (core/row_rules.c), as every imported row
 * is checked: a district's verdict or spot check that the district's own forms could not have
 * written (an unknown code, a date to come, a comment too long ...) refuses the bundle. NULL, or
 * the reason naming the column. */
static const char *check_columns(struct store *st, const char *tbl, const char *json, char *buf,
                                 size_t bufsz)
{
    struct exchange_limits lim;
    store_exchange_limits_get(&lim);
    struct row_limits rl = {.latest = date_add_days(clock_today(), lim.clock_skew_days)};
    sqlite3_stmt *s = st_stmt(st, "SELECT key, type, atom FROM json_each(?1)");
    if (!s) return "无法读取";
    st_bind_text(s, 1, json);
    const char *why = NULL;
    while (!why && sqlite3_step(s) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(s, 0);
        const char *type = (const char *)sqlite3_column_text(s, 1);
        const struct col_rule *r = key ? col_rule_find(tbl, key) : NULL;
        /* engine_json is an object (checked as JSON by the table) */
        if (!r || !type || strcmp(type, "object") == 0 || strcmp(type, "array") == 0) continue;
        struct col_value v = {.type = CV_OTHER};
        if (strcmp(type, "null") == 0) v.type = CV_NULL;
        else if (strcmp(type, "integer") == 0 || strcmp(type, "true") == 0 ||
                 strcmp(type, "false") == 0) {
            v.type = CV_INT;
            v.i = sqlite3_column_int64(s, 2);
        } else if (strcmp(type, "text") == 0) {
            v.type = CV_TEXT;
            v.s = (const char *)sqlite3_column_text(s, 2);
            v.n = (size_t)sqlite3_column_bytes(s, 2);
            if (!v.s) v.s = "";
        }
        const char *w = col_check(r, &v, &rl);
        if (w) {
            snprintf(buf, bufsz, "%s%s", r->label, w);
            why = buf;
        }
    }
    st_done(s);
    return why;
}

static int apply_row(struct store *st, const char *tbl, int64_t branch_id, const char *json,
                     struct month_report *rep)
{
    char bad[300];
    const char *why = check_columns(st, tbl, json, bad, sizeof bad);
    if (why) return st_fail(st, STORE_ERR_CONSTRAINT, "%s", why);
    bool dv = strcmp(tbl, "district_verdict") == 0;
    const char *hsql = history_sql(tbl);
    if (!hsql) return st_fail(st, STORE_ERR, "表 %s 没有登记日志", tbl);
    /* the row here: by uuid, a district verdict also by branch, month and item */
    /* (a verdict found by branch, month and item keeps its uuid here: the journal knows the row
     * by it; the incoming row is compared with the uuid here) */
    sqlite3_stmt *s = dv ? st_stmt(st, "SELECT v.id, v.uuid, v.updated_at,"
                                       " json_set(?1, '$.uuid', v.uuid) = " DV_JSON("v")
                                       " FROM district_verdict v WHERE v.uuid ="
                                       " json_extract(?1, '$.uuid') OR (v.branch_id = ?2"
                                       " AND v.month = json_extract(?1, '$.month')"
                                       " AND v.item = json_extract(?1, '$.item'))"
                                       " ORDER BY v.uuid = json_extract(?1, '$.uuid') DESC LIMIT 1")
                         : st_stmt(st, "SELECT c.id, c.uuid, c.updated_at, ?1 = " SC_JSON("c")
                                       " FROM spot_check c WHERE c.uuid = json_extract(?1, '$.uuid')");
    if (!s) return STORE_ERR;
    st_bind_text(s, 1, json);
    if (dv) sqlite3_bind_int64(s, 2, branch_id);
    int src = sqlite3_step(s);
    int64_t id = 0;
    char uuid[UUID_STR_LEN] = "", upd[24] = "";
    bool same = false;
    if (src == SQLITE_ROW) {
        id = sqlite3_column_int64(s, 0);
        st_col_text(s, 1, uuid, sizeof uuid);
        st_col_text(s, 2, upd, sizeof upd);
        same = sqlite3_column_int(s, 3) != 0;
    }
    st_done(s);
    if (src != SQLITE_ROW && src != SQLITE_DONE) return st_sqlfail(st, src, "读取复审结论");
    int *added = dv ? &rep->dv_added : &rep->sc_added, *updated = dv ? &rep->dv_updated : &rep->sc_updated;
    int *unchanged = dv ? &rep->dv_unchanged : &rep->sc_unchanged, *kept = dv ? &rep->dv_kept : &rep->sc_kept;
    int rc = STORE_OK;
    if (id && same) {
        (*unchanged)++;
    } else if (id) {
        /* the district owns its rows: the newer replaces (the same time: the bundle's) */
        sqlite3_stmt *q = st_stmt(st, "SELECT json_extract(?1, '$.updated_at') < ?2");
        int older = 0;
        if (!q) rc = STORE_ERR;
        else {
            st_bind_text(q, 1, json);
            st_bind_text(q, 2, upd);
            older = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0);
            st_done(q);
        }
        if (rc == STORE_OK && older) {
            (*kept)++;
        } else if (rc == STORE_OK) {
            int64_t hid = st_history_begin(st, tbl, uuid, "import", hsql, id);
            if (hid < 0) rc = (int)hid;
            sqlite3_stmt *u =
                rc != STORE_OK ? NULL
                : dv ? st_stmt(st, "UPDATE district_verdict SET verdict = json_extract(?1, '$.verdict'),"
                                   " township_verdict = json_extract(?1, '$.township_verdict'),"
                                   " comment = json_extract(?1, '$.comment'),"
                                   " sent_back = json_extract(?1, '$.sent_back'),"
                                   " reviewer = json_extract(?1, '$.reviewer'),"
                                   " engine_json = json_extract(?1, '$.engine_json'),"
                                   " created_at = json_extract(?1, '$.created_at'),"
                                   " created_by = json_extract(?1, '$.created_by'),"
                                   " updated_at = json_extract(?1, '$.updated_at') WHERE id = ?2")
                     : st_stmt(st, "UPDATE spot_check SET station = json_extract(?1, '$.station'),"
                                   " date = json_extract(?1, '$.date'),"
                                   " inspectors = json_extract(?1, '$.inspectors'),"
                                   " inspected = json_extract(?1, '$.inspected'),"
                                   " result = json_extract(?1, '$.result'),"
                                   " findings = json_extract(?1, '$.findings'),"
                                   " voided_at = json_extract(?1, '$.voided_at'),"
                                   " void_reason = json_extract(?1, '$.void_reason'),"
                                   " created_at = json_extract(?1, '$.created_at'),"
                                   " created_by = json_extract(?1, '$.created_by'),"
                                   " updated_at = json_extract(?1, '$.updated_at') WHERE id = ?2");
            if (rc == STORE_OK && !u) rc = STORE_ERR;
            if (rc == STORE_OK) {
                st_bind_text(u, 1, json);
                sqlite3_bind_int64(u, 2, id);
                rc = st_step_write(st, u, "写入复审结论或督查记录");
            }
            if (rc == STORE_OK) rc = st_history_finish(st, hid, hsql, id);
            if (rc == STORE_OK) (*updated)++;
        }
    } else {
        sqlite3_stmt *i =
            dv ? st_stmt(st, "INSERT INTO district_verdict(uuid, branch_id, month, item, verdict,"
                             " township_verdict, comment, sent_back, reviewer, engine_json,"
                             " created_at, created_by, updated_at) SELECT"
                             " json_extract(?1, '$.uuid'), ?2, json_extract(?1, '$.month'),"
                             " json_extract(?1, '$.item'), json_extract(?1, '$.verdict'),"
                             " json_extract(?1, '$.township_verdict'), json_extract(?1, '$.comment'),"
                             " json_extract(?1, '$.sent_back'), json_extract(?1, '$.reviewer'),"
                             " json_extract(?1, '$.engine_json'), json_extract(?1, '$.created_at'),"
                             " json_extract(?1, '$.created_by'), json_extract(?1, '$.updated_at')")
               : st_stmt(st, "INSERT INTO spot_check(uuid, branch_id, station, date, inspectors,"
                             " inspected, result, findings, voided_at, void_reason, created_at,"
                             " created_by, updated_at) SELECT json_extract(?1, '$.uuid'), ?2,"
                             " json_extract(?1, '$.station'), json_extract(?1, '$.date'),"
                             " json_extract(?1, '$.inspectors'), json_extract(?1, '$.inspected'),"
                             " json_extract(?1, '$.result'), json_extract(?1, '$.findings'),"
                             " json_extract(?1, '$.voided_at'), json_extract(?1, '$.void_reason'),"
                             " json_extract(?1, '$.created_at'), json_extract(?1, '$.created_by'),"
                             " json_extract(?1, '$.updated_at')");
        if (!i) rc = STORE_ERR;
        else {
            st_bind_text(i, 1, json);
            sqlite3_bind_int64(i, 2, branch_id);
            rc = st_step_write(st, i, "写入复审结论或督查记录");
        }
        char ru[UUID_STR_LEN] = "";
        sqlite3_stmt *q = rc == STORE_OK ? st_stmt(st, "SELECT json_extract(?1, '$.uuid')") : NULL;
        if (q) {
            st_bind_text(q, 1, json);
            if (sqlite3_step(q) == SQLITE_ROW) st_col_text(q, 0, ru, sizeof ru);
            st_done(q);
        }
        if (rc == STORE_OK) {
            int64_t hid = st_insert_history(st, tbl, ru, hsql);
            if (hid < 0) rc = (int)hid;
        }
        if (rc == STORE_OK) (*added)++;
    }
    return rc;
}

static int import_district(struct store *st, const char *path, struct month_manifest *m,
                           struct month_report *rep)
{
    sqlite3 *bdb = NULL;
    char err[512];
    if (st_container_check_open(path, BUNDLE_KIND_DISTRICT, m, &bdb, err, sizeof err) != 0 ||
        check_rows(bdb, m, err, sizeof err) != 0) {
        sqlite3_close(bdb);
        zb_strlcpy(rep->problem, err, sizeof rep->problem);
        return st_fail(st, STORE_ERR, "%s", err);
    }
    int rc = store_begin(st);
    if (rc != STORE_OK) {
        sqlite3_close(bdb);
        return rc;
    }
    rc = decide_district(st, m, rep);
    sqlite3_stmt *s = NULL;
    if (rc == STORE_OK &&
        sqlite3_prepare_v2(bdb, "SELECT tbl, branch_uuid, branch_code, json FROM row ORDER BY id",
                           -1, &s, NULL) != SQLITE_OK)
        rc = st_month_refuse(st, rep, STORE_ERR, "交换包已损坏（完整性检查失败）");
    while (rc == STORE_OK && sqlite3_step(s) == SQLITE_ROW) {
        const char *tbl = (const char *)sqlite3_column_text(s, 0);
        const char *bu = (const char *)sqlite3_column_text(s, 1);
        const char *bc = (const char *)sqlite3_column_text(s, 2);
        const char *json = (const char *)sqlite3_column_text(s, 3);
        if (!tbl || !bu || !json || (strcmp(tbl, "district_verdict") != 0 &&
                                     strcmp(tbl, "spot_check") != 0)) {
            rc = st_month_refuse(st, rep, STORE_ERR, "区（县）的交换包含有本程序不认识的表 %.40s",
                        tbl ? tbl : "");
            break;
        }
        sqlite3_stmt *b = st_stmt(st, "SELECT id, json_valid(?2) FROM branch WHERE uuid = ?1");
        if (!b) {
            rc = STORE_ERR;
            break;
        }
        st_bind_text(b, 1, bu);
        st_bind_text(b, 2, json);
        int64_t branch_id = 0;
        bool valid = false;
        if (sqlite3_step(b) == SQLITE_ROW) {
            branch_id = sqlite3_column_int64(b, 0);
            valid = sqlite3_column_int(b, 1) != 0;
        }
        st_done(b);
        if (!branch_id) {
            rc = st_month_refuse(st, rep, STORE_ERR_CONSTRAINT,
                        "区（县）的交换包含有本乡镇没有的支部 %.23s 的%s，整个交换包未导入",
                        bc ? bc : "", strcmp(tbl, "spot_check") == 0 ? "督查记录" : "复审结论");
            break;
        }
        if (!valid) {
            rc = st_month_refuse(st, rep, STORE_ERR, "交换包的数据无法读取");
            break;
        }
        rc = apply_row(st, tbl, branch_id, json, rep);
        if (rc != STORE_OK && !rep->problem[0]) {
            char why[400];
            zb_strlcpy(why, store_errmsg(st), sizeof why);
            st_month_refuse(st, rep, rc, "区（县）的交换包中支部 %.23s 的%s有误：%s，整个交换包未导入",
                   bc ? bc : "", strcmp(tbl, "spot_check") == 0 ? "督查记录" : "复审结论", why);
        }
    }
    sqlite3_finalize(s);
    sqlite3_close(bdb);
    rep->unchanged = !(rep->dv_added || rep->dv_updated || rep->sc_added || rep->sc_updated);
    if (rc == STORE_OK) {
        sqlite3_stmt *l = st_stmt(st,
                                  "INSERT INTO bundle_log(uuid, kind, branch_id, origin_office,"
                                  " exported_at, exported_by, journal_head, payload_sha256,"
                                  " report_json, imported_at, imported_by)"
                                  " VALUES (?1, 'district', NULL, ?2, ?3, ?4, '', ?5,"
                                  " json_object('month', ?6, 'tables', json_object("
                                  "'district_verdict', json_object('added', ?7, 'updated', ?8,"
                                  " 'unchanged', ?9, 'kept', ?10), 'spot_check', json_object("
                                  "'added', ?11, 'updated', ?12, 'unchanged', ?13, 'kept', ?14))),"
                                  " ?15, ?16)");
        if (!l) {
            rc = STORE_ERR;
        } else {
            char uuid[UUID_STR_LEN], now[24];
            store_uuid(uuid);
            clock_now_iso(now);
            st_bind_text(l, 1, uuid);
            st_bind_text(l, 2, m->office_uuid);
            st_bind_text(l, 3, m->exported_at);
            st_bind_text(l, 4, m->exported_by);
            st_bind_text(l, 5, m->bundle_uuid);
            st_bind_text(l, 6, m->month);
            int v[] = {rep->dv_added, rep->dv_updated, rep->dv_unchanged, rep->dv_kept,
                       rep->sc_added, rep->sc_updated, rep->sc_unchanged, rep->sc_kept};
            for (int i = 0; i < 8; i++) sqlite3_bind_int(l, 7 + i, v[i]);
            st_bind_text(l, 15, now);
            st_bind_text(l, 16, st->user);
            rc = st_step_write(st, l, "记录导入");
        }
    }
    return st_bundle_end(st, rc, rep->problem, sizeof rep->problem);
}

int store_bundle_import_district(struct store *st, const char *path, struct month_manifest *m,
                                 struct month_report *rep)
{
    struct month_manifest lm;
    struct month_report lr;
    if (!m) m = &lm;
    if (!rep) rep = &lr;
    memset(rep, 0, sizeof *rep);
    memset(m, 0, sizeof *m);
    return import_district(st, path, m, rep);
}
