/* Unit tests of src/store/office_db.c and the office checks of bundle.c (issue 12, "Office
 * identity" and hole 3): the office's kind and name (journaled); fingerprints compared as people
 * type them; a signed bundle and what breaks its signature; who signed a bundle as the receiving
 * database sees it (store_office_sender: own key, new, registered, another key, refused);
 * registration on first use only with the fingerprint confirmed, journaled and verified; a
 * township never takes another office's verdicts, even through store_exchange_import. */
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/store/store_priv.h"
#include "fixtures.h"
#include "test.h"
#include "zhibu/clock.h"
#include "zhibu/store.h"
#include "zhibu/store_audit.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_exchange.h"
#include "zhibu/store_office.h"

/* A database of kind with a name (and, when code is given, one branch of that code). */
static char *mk_office(const char *file, const char *kind, const char *name, const char *code)
{
    char *path = test_db_path(file);
    struct store *st = test_open_db(path, "system");
    CHECK_INT(store_office_set(st, kind, name), STORE_OK);
    if (code) fx_branch(st, code, NULL, 0);
    store_close(st);
    return path;
}

static char *export(const char *db, const char *code, enum exchange_kind kind, const char *file)
{
    char *out = test_db_path(file);
    unlink(out);
    struct store *st = test_open_db(db, "system");
    struct branch b;
    CHECK_INT(store_branch_by_code(st, code, &b), STORE_OK);
    if (store_bundle_export(st, b.id, kind, out, "test", NULL) != STORE_OK)
        test_fail(__FILE__, __LINE__, "bundle_export: %s", store_errmsg(st));
    store_close(st);
    return out;
}

static void fpr_of(const char *db, char out[OFFICE_FPR_LEN])
{
    struct store *st = test_open_db(db, "system");
    char pk[OFFICE_PK_HEX];
    CHECK_INT(store_office_public(st, pk, out), STORE_OK);
    store_close(st);
}

/* The sender of bundle as db sees it. */
static enum office_sender_state sender(const char *db, const char *bundle, struct office_sender *w)
{
    struct bundle_manifest m;
    char err[256];
    if (store_bundle_check(bundle, &m, NULL, NULL, err, sizeof err) != 0)
        test_fail(__FILE__, __LINE__, "check %s: %s", bundle, err);
    struct store *st = test_open_db(db, "system");
    CHECK_INT(store_office_sender(st, &m, w), STORE_OK);
    store_close(st);
    return w->state;
}

static int import(const char *db, const char *bundle, const char *trust, char *problem,
                  size_t problemsz)
{
    struct store *st = test_open_db(db, "system");
    struct exchange_report r;
    int rc = store_bundle_import(st, bundle, trust, NULL, &r);
    snprintf(problem, problemsz, "%s", r.problem);
    store_close(st);
    return rc;
}

/* import refused with msg in the problem, the file at db byte for byte as it was */
static void refused(const char *db, const char *bundle, const char *trust, const char *msg)
{
    size_t n0, n1;
    unsigned char *before = test_slurp(db, &n0);
    char problem[600];
    CHECK(import(db, bundle, trust, problem, sizeof problem) != STORE_OK);
    if (!strstr(problem, msg)) test_fail(__FILE__, __LINE__, "problem \"%s\", expected \"%s\"", problem, msg);
    unsigned char *after = test_slurp(db, &n1);
    CHECK_INT(n1, n0);
    CHECK(n1 == n0 && memcmp(before, after, n0) == 0);
    free(before);
    free(after);
}

/* Re-sign a bundle with db's office key (what tests/tools/forge does). */
static void resign(const char *bundle, const char *db)
{
    struct store *st = test_open_db(db, "system");
    sqlite3 *b = NULL;
    CHECK_INT(sqlite3_open(bundle, &b), SQLITE_OK);
    CHECK_INT(sqlite3_exec(b, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
    CHECK_INT(st_bundle_sign(st, b), STORE_OK);
    CHECK_INT(sqlite3_exec(b, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(b);
    store_close(st);
}

static void copy_file(const char *from, const char *to)
{
    size_t n;
    unsigned char *p = test_slurp(from, &n);
    FILE *f = fopen(to, "wb");
    fwrite(p, 1, n, f);
    fclose(f);
    free(p);
}

/* ---- tests ----------------------------------------------------------------------------- */

TEST(office_kind_name_and_fingerprints)
{
    char *db = test_db_path("o1.db");
    struct store *st = test_open_db(db, "system");
    struct office_info me;
    CHECK_INT(store_office_get(st, &me), STORE_OK);
    CHECK_STR(me.kind, "village");
    CHECK_STR(me.name, "");
    CHECK_INT((long long)strlen(me.public_key), 64);
    char fpr[OFFICE_FPR_LEN];
    office_fingerprint(me.public_key, fpr);
    CHECK_STR(me.fingerprint, fpr);
    CHECK_INT((long long)strlen(fpr), 19);
    CHECK(office_fingerprint_same(fpr, fpr));
    char loose[32];
    size_t k = 0;
    for (const char *p = fpr; *p; p++)
        if (*p != '-') loose[k++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    loose[k] = '\0';
    CHECK(office_fingerprint_same(loose, fpr));
    CHECK(!office_fingerprint_same("ABCD-EFGH-JKMN-PQRS", fpr));
    CHECK(!office_fingerprint_same(fpr, ""));
    office_fingerprint("not hex", fpr);
    CHECK_STR(fpr, "");

    CHECK_INT(store_office_set(st, "district", "城关区委组织部"), STORE_OK);
    CHECK_INT(store_office_get(st, &me), STORE_OK);
    CHECK_STR(me.kind, "district");
    CHECK_STR(me.name, "城关区委组织部");
    CHECK_STR(office_kind_label("district"), "区（县）");
    CHECK_INT(store_office_set(st, "county", NULL), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_office_set(st, NULL, "  　 "), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_office_set(st, NULL, "红旗\n村"), STORE_ERR_CONSTRAINT);
    char name41[200] = "";
    for (int i = 0; i < 41; i++) strcat(name41, "村");
    CHECK_INT(store_office_set(st, NULL, name41), STORE_ERR_CONSTRAINT);
    name41[strlen(name41) - 3] = '\0';
    CHECK_INT(store_office_set(st, NULL, name41), STORE_OK);
    /* a secretary may not rename the office */
    int64_t b = fx_branch(st, "O1", "O1党支部", 0);
    store_close(st);
    st = test_open_db(db, "system");
    CHECK_INT(store_test_set_session(st, STORE_ROLE_SECRETARY, b, "sec"), STORE_OK);
    CHECK_INT(store_office_set(st, NULL, "红旗村"), STORE_ERR_DENIED);
    store_close(st);
    /* journaled: one entry per change, who, before and after */
    CHECK_INT(test_sql_int(db, "SELECT count(*) FROM history WHERE table_name = 'office'"), 2);
    CHECK_INT(test_sql_int(db, "SELECT json_extract(old_json, '$.kind') = 'village' AND"
                               " json_extract(new_json, '$.name') = '城关区委组织部'"
                               " FROM history WHERE table_name = 'office' ORDER BY id LIMIT 1"),
              1);
    st = test_open_db(db, "system");
    struct verify_result vr;
    CHECK_INT(store_journal_verify(st, 0, &vr), STORE_OK);
    CHECK_INT(vr.nproblems, 0);
    store_close(st);
    free(db);
}

TEST(office_bundle_signature)
{
    char *v = mk_office("o2v.db", "village", "红旗村党支部", "O2");
    char *bundle = export(v, "O2", EXCHANGE_LEDGER, "o2.zbx");
    char vf[OFFICE_FPR_LEN];
    fpr_of(v, vf);
    struct bundle_manifest m;
    char err[256];
    CHECK_INT(store_bundle_check(bundle, &m, NULL, NULL, err, sizeof err), 0);
    CHECK_STR(m.office_fingerprint, vf);
    CHECK_STR(m.office_name, "红旗村党支部");
    CHECK_STR(m.office_kind, "village");
    char *bad = test_db_path("o2bad.zbx");
    const struct {
        const char *sql, *msg;
    } edits[] = {
        {"DELETE FROM manifest WHERE key = 'signature'", "交换包没有签名（来自旧版本 zhibu），请对方升级后重新导出"},
        {"UPDATE manifest SET value = 'V9' WHERE key = 'branch_code'", "交换包签名无效（文件被改动或伪造）"},
        {"UPDATE manifest SET value = value || 'x' WHERE key = 'signature'", "交换包签名无效（文件被改动或伪造）"},
        {"UPDATE manifest SET value = 'ABCD-EFGH-JKMN-PQRS' WHERE key = 'office_fingerprint'", "交换包签名无效（文件被改动或伪造）"},
        {"INSERT INTO manifest VALUES ('extra', 'x')", "交换包签名无效（文件被改动或伪造）"},
        {"INSERT INTO manifest VALUES (x'6b696e64', 'verdicts')", "交换包签名无效（文件被改动或伪造）"},
        {"UPDATE manifest SET value = 'zhibu' WHERE key = 'program_version'", "交换包签名无效（文件被改动或伪造）"},
    };
    char *town = mk_office("o2t.db", "township", "红旗镇党委", NULL);
    for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
        copy_file(bundle, bad);
        test_sql(bad, edits[i].sql);
        CHECK(store_bundle_check(bad, &m, NULL, NULL, err, sizeof err) != 0);
        if (strcmp(err, edits[i].msg) != 0)
            test_fail(__FILE__, __LINE__, "edit %zu: \"%s\", expected \"%s\"", i, err, edits[i].msg);
        refused(town, bad, vf, edits[i].msg);
    }
    free(bad);
    free(bundle);
    free(town);
    free(v);
}

TEST(office_first_use_registered_and_other_keys_refused)
{
    char *v = mk_office("o3v.db", "village", "红旗村党支部", "O3");
    char *x = mk_office("o3x.db", "village", "冒名村", "O3"); /* another branch, same code */
    char *town = mk_office("o3t.db", "township", "红旗镇党委", NULL);
    char vf[OFFICE_FPR_LEN], xf[OFFICE_FPR_LEN], tf[OFFICE_FPR_LEN];
    fpr_of(v, vf);
    fpr_of(x, xf);
    fpr_of(town, tf);
    char *b1 = export(v, "O3", EXCHANGE_LEDGER, "o3a.zbx");
    struct office_sender w;
    CHECK_INT(sender(town, b1, &w), OFFICE_SENDER_NEW);
    CHECK_STR(w.role, "ledger");
    CHECK_INT(w.branch_id, 0);
    CHECK_INT(sender(v, b1, &w), OFFICE_SENDER_SELF);
    /* without the fingerprint, or with another: refused, nothing written */
    refused(town, b1, NULL, "首次收到村（社区）支部“红旗村党支部”的台账（支部 O3）");
    refused(town, b1, tf, "与交换包的签名指纹");
    char problem[600];
    CHECK_INT(import(town, b1, vf, problem, sizeof problem), STORE_OK);
    CHECK_INT(test_sql_int(town, "SELECT count(*) FROM office_peer WHERE role = 'ledger'"), 1);
    CHECK_INT(test_sql_int(town, "SELECT count(*) FROM history WHERE table_name = 'office_peer'"
                                 " AND action = 'insert'"),
              1);
    CHECK_INT(sender(town, b1, &w), OFFICE_SENDER_KNOWN);
    struct store *st = test_open_db(town, "system");
    struct store_office_peer_list p_l = {0};
    struct office_peer *p = NULL;
    int n = 0;
    store_office_peer_list_free(&p_l);
    CHECK_INT(store_office_peer_list(st, &p_l), STORE_OK);
    p = p_l.v, n = p_l.n;
    CHECK_INT(n, 1);
    CHECK_STR(p[0].branch_code, "O3");
    CHECK_STR(p[0].fingerprint, vf);
    CHECK_STR(p[0].office_name, "红旗村党支部");
    struct verify_result vr;
    CHECK_INT(store_journal_verify(st, 0, &vr), STORE_OK);
    CHECK_INT(vr.nproblems, 0);
    store_close(st);
    /* the registration is verified: changed behind the store's back, verify finds it */
    char *copy = test_db_path("o3copy.db");
    copy_file(town, copy);
    test_sql(copy, "UPDATE office_peer SET fingerprint = 'ABCD-EFGH-JKMN-PQRS'");
    st = test_open_db(copy, "system");
    CHECK_INT(store_journal_verify(st, 0, &vr), STORE_OK);
    CHECK(vr.nproblems > 0);
    store_close(st);
    free(copy);

    /* the same bundle re-signed by another office's key (as tests/tools/forge does) */
    char *b2 = test_db_path("o3x.zbx");
    copy_file(b1, b2);
    resign(b2, x);
    CHECK_INT(sender(town, b2, &w), OFFICE_SENDER_CHANGED);
    CHECK_STR(w.registered_fpr, vf);
    char msg[300];
    snprintf(msg, sizeof msg, "登记的台账单位是村（社区）支部“红旗村党支部”，指纹 %s；此包由村（社区）支部“红旗村党支部”签名，指纹 %s", vf, xf);
    refused(town, b2, NULL, msg);
    refused(town, b2, vf, "与交换包的签名指纹");
    /* a new key confirmed: only an administrator (or the system) replaces the registration */
    st = test_open_db(town, "system");
    CHECK_INT(store_test_set_session(st, STORE_ROLE_REVIEWER, 0, "rev"), STORE_OK);
    struct exchange_report r;
    CHECK_INT(store_bundle_import(st, b2, xf, NULL, &r), STORE_ERR_DENIED);
    CHECK(strstr(r.problem, "更换登记的单位须由管理员进行") != NULL);
    store_close(st);
    CHECK_INT(import(town, b2, xf, problem, sizeof problem), STORE_OK);
    CHECK_INT(test_sql_int(town, "SELECT count(*) FROM office_peer"), 1);
    CHECK_INT(sender(town, b2, &w), OFFICE_SENDER_KNOWN);
    CHECK_INT(sender(town, b1, &w), OFFICE_SENDER_CHANGED);
    CHECK_INT(test_sql_int(town, "SELECT count(*) FROM history WHERE table_name = 'office_peer'"
                                 " AND action = 'update' AND json_extract(old_json, '$.fingerprint')"
                                 " <> json_extract(new_json, '$.fingerprint')"),
              1);
    st = test_open_db(town, "system");
    CHECK_INT(store_journal_verify(st, 0, &vr), STORE_OK);
    CHECK_INT(vr.nproblems, 0);
    store_close(st);
    free(b2);
    free(b1);
    free(town);
    free(x);
    free(v);
    store_office_peer_list_free(&p_l);
}

static void verdict(const char *db, const char *code, const char *item, const char *what)
{
    struct store *st = test_open_db(db, "system");
    struct branch b;
    CHECK_INT(store_branch_by_code(st, code, &b), STORE_OK);
    struct verdict vd = {0};
    vd.branch_id = b.id;
    snprintf(vd.month, sizeof vd.month, "2026-10");
    snprintf(vd.item, sizeof vd.item, "%s", item);
    snprintf(vd.verdict, sizeof vd.verdict, "%s", what);
    if (strcmp(what, "rectify") == 0) snprintf(vd.deadline, sizeof vd.deadline, "2026-12-31");
    if (store_verdict_set(st, &vd) != STORE_OK)
        test_fail(__FILE__, __LINE__, "verdict_set: %s", store_errmsg(st));
    store_close(st);
}

/* Hole 3: a village makes its own verdict and exports it; the township, itself the reviewing
 * office of its branches, refuses it (through the bundle and through store_exchange_import);
 * its own verdicts it takes back; the village registers the township on the first verdicts and
 * refuses verdicts signed by another key or sent by a village. */
TEST(office_verdicts_only_from_the_reviewing_office)
{
    char *v = mk_office("o4v.db", "village", "红旗村党支部", "O4");
    char *town = mk_office("o4t.db", "township", "红旗镇党委", NULL);
    char *x = mk_office("o4x.db", "township", "冒名镇", NULL);
    char vf[OFFICE_FPR_LEN], tf[OFFICE_FPR_LEN], xf[OFFICE_FPR_LEN];
    fpr_of(v, vf);
    fpr_of(town, tf);
    fpr_of(x, xf);
    char *ledger = export(v, "O4", EXCHANGE_LEDGER, "o4l.zbx");
    char problem[600];
    CHECK_INT(import(town, ledger, vf, problem, sizeof problem), STORE_OK);

    verdict(v, "O4", "meetings", "pass"); /* the village's own 合格 */
    char *vv = export(v, "O4", EXCHANGE_VERDICTS, "o4vv.zbx");
    struct office_sender w;
    CHECK_INT(sender(town, vv, &w), OFFICE_SENDER_REFUSED);
    refused(town, vv, NULL, "本数据库是乡镇，是其支部的审查单位：不接受其他单位导出的审查结论");
    refused(town, vv, vf, "不接受其他单位导出的审查结论");
    CHECK_INT(test_sql_int(town, "SELECT count(*) FROM audit_verdict"), 0);
    /* the same rule inside the exchange: the changeset applied directly, from the village */
    struct store *st = test_open_db(v, "system");
    struct branch b;
    CHECK_INT(store_branch_by_code(st, "O4", &b), STORE_OK);
    void *blob = NULL;
    size_t nblob = 0;
    struct exchange_count counts[EXCHANGE_MAX_TABLES];
    int ncounts = 0;
    CHECK_INT(store_exchange_export(st, b.id, EXCHANGE_VERDICTS, &blob, &nblob, counts, &ncounts),
              STORE_OK);
    struct office_info vi, ti;
    CHECK_INT(store_office_get(st, &vi), STORE_OK);
    store_close(st);
    st = test_open_db(town, "system");
    CHECK_INT(store_office_get(st, &ti), STORE_OK);
    struct exchange_report r;
    CHECK_INT(store_exchange_import(st, blob, nblob, EXCHANGE_VERDICTS, b.uuid, "O4", vi.uuid,
                                    "2026-11-01T00:00:00Z", &r),
              STORE_ERR_DENIED);
    CHECK(strstr(store_errmsg(st), "不接受其他单位导出的审查结论") != NULL);
    /* from this office itself (its own verdicts coming back) the rule does not apply; then the
     * township as it was (a copy, not a DELETE behind zhibu's back: its exports verify first) */
    store_close(st);
    char *town_keep = test_db_path("o4town-keep.db");
    copy_file(town, town_keep);
    st = test_open_db(town, "system");
    CHECK_INT(store_exchange_import(st, blob, nblob, EXCHANGE_VERDICTS, b.uuid, "O4", ti.uuid,
                                    "2026-11-01T00:00:00Z", &r),
              STORE_OK);
    store_close(st);
    free(blob);
    copy_file(town_keep, town);
    free(town_keep);

    /* the township's own verdicts bundle at the township: its own key */
    verdict(town, "O4", "theme_day", "rectify");
    char *tv = export(town, "O4", EXCHANGE_VERDICTS, "o4tv.zbx");
    CHECK_INT(sender(town, tv, &w), OFFICE_SENDER_SELF);
    CHECK_INT(import(town, tv, NULL, problem, sizeof problem), STORE_OK);
    CHECK_INT(test_sql_int(town, "SELECT count(*) FROM office_peer WHERE role = 'reviewer'"), 0);

    /* at the village: first use registers the township as the reviewing office */
    CHECK_INT(sender(v, tv, &w), OFFICE_SENDER_NEW);
    CHECK_STR(w.role, "reviewer");
    refused(v, tv, NULL, "首次收到乡镇“红旗镇党委”的审查结论");
    CHECK_INT(import(v, tv, tf, problem, sizeof problem), STORE_OK);
    CHECK_INT(test_sql_int(v, "SELECT count(*) FROM audit_verdict WHERE item = 'theme_day'"), 1);
    CHECK_INT(test_sql_int(v, "SELECT count(*) FROM office_peer WHERE role = 'reviewer'"), 1);
    CHECK_INT(sender(v, tv, &w), OFFICE_SENDER_KNOWN);
    /* later verdicts signed by any other key: refused, naming both */
    char *forged = test_db_path("o4f.zbx");
    copy_file(tv, forged);
    resign(forged, x);
    char msg[300];
    snprintf(msg, sizeof msg, "登记的审查单位是乡镇“红旗镇党委”，指纹 %s；此包由乡镇“红旗镇党委”签名，指纹 %s", tf, xf);
    refused(v, forged, NULL, msg);
    /* verdicts from an office that says it is a village (or a district): never */
    copy_file(tv, forged);
    test_sql(forged, "UPDATE manifest SET value = 'village' WHERE key = 'office_kind'");
    resign(forged, town);
    CHECK_INT(sender(v, forged, &w), OFFICE_SENDER_REFUSED);
    refused(v, forged, tf, "审查结论只接受乡镇导出的");
    free(forged);
    free(tv);
    free(vv);
    free(ledger);
    free(x);
    free(town);
    free(v);
}

/* Hole 3, rectification decisions: the village answers the township's order (done) through its
 * ledger, but a ledger that confirms an order, or brings a new one, is refused at the township
 * with the township's orders unchanged. */
TEST(office_rectification_decisions_only_from_the_reviewing_office)
{
    char *v = mk_office("o5v.db", "village", "红旗村党支部", "O5");
    char *town = mk_office("o5t.db", "township", "红旗镇党委", NULL);
    char vf[OFFICE_FPR_LEN], tf[OFFICE_FPR_LEN];
    fpr_of(v, vf);
    fpr_of(town, tf);
    char problem[600];
    setenv("ZHIBU_NOW", "2026-11-02T08:00:00Z", 1);
    char *l1 = export(v, "O5", EXCHANGE_LEDGER, "o5l1.zbx");
    CHECK_INT(import(town, l1, vf, problem, sizeof problem), STORE_OK);
    setenv("ZHIBU_NOW", "2026-11-03T08:00:00Z", 1);
    verdict(town, "O5", "meetings", "rectify"); /* the township's order */
    char *tv = export(town, "O5", EXCHANGE_VERDICTS, "o5tv.zbx");
    CHECK_INT(import(v, tv, tf, problem, sizeof problem), STORE_OK);
    /* the village answers: done, through its ledger */
    setenv("ZHIBU_NOW", "2026-11-04T08:00:00Z", 1);
    struct store *st = test_open_db(v, "system");
    struct branch b;
    CHECK_INT(store_branch_by_code(st, "O5", &b), STORE_OK);
    struct store_rectification_list rx_l = {0};
    struct rectification *rx = NULL;
    int n = 0;
    store_rectification_list_free(&rx_l);
    CHECK_INT(store_rectification_list(st, b.id, NULL, false, &rx_l), STORE_OK);
    rx = rx_l.v, n = rx_l.n;
    CHECK_INT(n, 1);
    CHECK_INT(store_rectification_done(st, rx[0].id, "已补齐"), STORE_OK);
    store_close(st);
    char *l2 = export(v, "O5", EXCHANGE_LEDGER, "o5l2.zbx");
    CHECK_INT(import(town, l2, NULL, problem, sizeof problem), STORE_OK);
    CHECK_INT(test_sql_int(town, "SELECT count(*) FROM rectification WHERE status = 'done'"), 1);

    /* the village confirms its own order (its own reviewer account) and sends its ledger */
    char *v_keep = test_db_path("o5v-keep.db");
    copy_file(v, v_keep);
    setenv("ZHIBU_NOW", "2026-11-05T08:00:00Z", 1);
    st = test_open_db(v, "system");
    CHECK_INT(store_rectification_confirm(st, rx[0].id), STORE_OK);
    store_close(st);
    char *l3 = export(v, "O5", EXCHANGE_LEDGER, "o5l3.zbx");
    refused(town, l3, NULL, "交换包改动了本单位对支部 O5 的整改决定（整改要求、期限、确认或退回），这些只能由审查单位作出，已拒绝");
    CHECK_INT(test_sql_int(town, "SELECT count(*) FROM rectification WHERE status = 'done'"), 1);

    /* a new order made at the village: refused too */
    copy_file(v_keep, v); /* (the village before its confirmation, to isolate the new order) */
    free(v_keep);
    verdict(v, "O5", "dues", "rectify");
    char *l4 = export(v, "O5", EXCHANGE_LEDGER, "o5l4.zbx");
    refused(town, l4, NULL, "整改决定");
    CHECK_INT(test_sql_int(town, "SELECT count(*) FROM rectification"), 1);
    free(l1);
    free(l2);
    free(l3);
    free(l4);
    free(tv);
    free(town);
    free(v);
    unsetenv("ZHIBU_NOW");
    store_rectification_list_free(&rx_l);
}

/* ==== the tests of test_store_clock.c (moved whole) ==== */
/* Unit tests of the clock's gate (issue 12, hole 2): ZHIBU_TODAY / ZHIBU_NOW honoured only on a
 * database created as a test database; the mark (office_key.test_clock) fixed at creation —
 * refused on a database that exists, its row refused change by triggers, its public fields
 * journaled (chain 0) so that a mark changed or put in with the sqlite3 shell is neither
 * honoured nor unseen by verify; an upgraded schema-7 database's key journaled as a baseline. */
/* ---- helpers --------------------------------------------------------------------------- */

/* The environment's clock settings, put back after a test that changes them. */
struct saved_env {
    char today[64], now[64];
    bool has_today, has_now;
};

static void env_save(struct saved_env *e)
{
    const char *t = getenv("ZHIBU_TODAY"), *n = getenv("ZHIBU_NOW");
    e->has_today = t != NULL;
    e->has_now = n != NULL;
    snprintf(e->today, sizeof e->today, "%s", t ? t : "");
    snprintf(e->now, sizeof e->now, "%s", n ? n : "");
}

/* Back to the runner's state: its databases are test databases, the overrides honoured. */
static void env_restore(const struct saved_env *e)
{
    if (e->has_today) setenv("ZHIBU_TODAY", e->today, 1);
    else unsetenv("ZHIBU_TODAY");
    if (e->has_now) setenv("ZHIBU_NOW", e->now, 1);
    else unsetenv("ZHIBU_NOW");
    store_test_mark_new_databases(true);
    clock_allow_override(1);
}

static struct store *open_with(const char *path, bool test_clock, int *rc, char *err, size_t errsz)
{
    struct store_options opt = {.create = true, .backup_keep = 5, .test_clock = test_clock};
    struct store *st = NULL;
    *rc = store_open(path, &opt, &st, err, errsz);
    return st;
}

/* A database as `zhibu init` (without --test) makes it: a real ledger. */
static struct store *open_real(const char *path)
{
    store_test_mark_new_databases(false);
    char err[512];
    int rc;
    struct store *st = open_with(path, false, &rc, err, sizeof err);
    if (rc != STORE_OK) test_fail(__FILE__, __LINE__, "store_open(%s): %d %s", path, rc, err);
    return st;
}

static bool file_bytes(const char *path, unsigned char out[crypto_hash_sha256_BYTES])
{
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    unsigned char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) crypto_hash_sha256_update(&h, buf, n);
    fclose(f);
    crypto_hash_sha256_final(&h, out);
    return true;
}

/* A statement behind the store's back; SQLite's result code and message. */
static int raw_exec(const char *path, const char *sql, char *msg, size_t msgsz)
{
    sqlite3 *db = NULL;
    char *err = NULL;
    int rc = sqlite3_open(path, &db);
    if (rc == SQLITE_OK) rc = sqlite3_exec(db, sql, NULL, NULL, &err);
    snprintf(msg, msgsz, "%s", err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
    return rc;
}

static int count_problems(const struct verify_result *r, enum verify_kind kind, const char *table)
{
    int n = 0;
    for (int i = 0; i < r->nproblems && i < VERIFY_MAX_PROBLEMS; i++)
        n += r->problems[i].kind == kind && strcmp(r->problems[i].table_name, table) == 0;
    return n;
}

/* ---- tests ----------------------------------------------------------------------------- */

TEST(clock_office_key_journaled_at_creation)
{
    char *path = test_db_path("key.db");
    struct store *st = test_open_db(path, "init");
    if (!st) return;
    CHECK_INT(test_sql_int(path, "SELECT count(*) FROM history WHERE table_name = 'office_key'"
                                 " AND action = 'insert' AND branch_id = 0 AND prev_hash = ''"
                                 " AND changed_by = 'init' AND old_json IS NULL"),
              1);
    /* the row is the office's: its uuid is meta office_uuid */
    CHECK_INT(test_sql_int(path, "SELECT count(*) FROM office_key k JOIN meta m"
                                 " ON m.key = 'office_uuid' AND m.value = k.uuid"),
              1);
    /* the public fields, never the secret key */
    CHECK_INT(test_sql_int(path, "SELECT count(*) FROM history h JOIN office_key k"
                                 " ON h.row_uuid = k.uuid WHERE"
                                 " json_extract(h.new_json, '$.public_key') = k.public_key"
                                 " AND json_extract(h.new_json, '$.test_clock') = 1"
                                 " AND json_extract(h.new_json, '$.created_at') = k.created_at"),
              1);
    CHECK_INT(test_sql_int(path, "SELECT count(*) FROM history h, json_each(h.new_json) j"
                                 " WHERE h.table_name = 'office_key'"),
              3);
    CHECK_INT(test_sql_int(path, "SELECT count(*) FROM history h JOIN office_key k"
                                 " WHERE instr(h.new_json, hex(k.secret_key)) > 0"
                                 " OR instr(lower(h.new_json), lower(hex(k.secret_key))) > 0"),
              0);
    struct verify_result r;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    CHECK_INT(r.rows, 1);
    CHECK(store_office_test_clock(st));
    store_close(st);
    /* reopening writes nothing more */
    st = test_open_db(path, "init");
    CHECK_INT(test_sql_int(path, "SELECT count(*) FROM history"), 1);
    store_close(st);
    free(path);
}

TEST(clock_real_database_ignores_overrides)
{
    struct saved_env env;
    env_save(&env);
    setenv("ZHIBU_TODAY", "2001-02-03", 1);
    setenv("ZHIBU_NOW", "2001-02-03T04:05:06Z", 1);
    char *real = test_db_path("real.db");
    struct store *st = open_real(real);
    if (st) {
        CHECK(!store_office_test_clock(st));
        CHECK(!clock_override_active());
        CHECK(!clock_is_fixed());
        struct zdate today = clock_today();
        CHECK(!(today.y == 2001 && today.m == 2 && today.d == 3));
        char now[24];
        clock_now_iso(now);
        CHECK(strncmp(now, "2001-", 5) != 0);
        CHECK_INT(test_sql_int(real, "SELECT test_clock FROM office_key"), 0);
        /* what the store writes carries the real time */
        struct user u = {.role = STORE_ROLE_ADMIN};
        snprintf(u.login, sizeof u.login, "admin");
        CHECK_INT(store_user_add(st, &u, "secret12"), STORE_OK);
        CHECK_INT(test_sql_int(real, "SELECT count(*) FROM app_user WHERE created_at LIKE '2001-%'"), 0);
        CHECK_INT(test_sql_int(real, "SELECT count(*) FROM history WHERE changed_at LIKE '2001-%'"), 0);
        store_close(st);
    }
    /* a database created as a test database: the same environment is honoured */
    char *test = test_db_path("test.db");
    char err[512];
    int rc;
    st = open_with(test, true, &rc, err, sizeof err);
    CHECK_INT(rc, STORE_OK);
    if (st) {
        CHECK(store_office_test_clock(st));
        CHECK(clock_override_active());
        struct zdate today = clock_today();
        CHECK(today.y == 2001 && today.m == 2 && today.d == 3);
        char now[24];
        clock_now_iso(now);
        CHECK_STR(now, "2001-02-03T04:05:06Z");
        store_close(st);
    }
    /* and the real one again, after the test database: off again */
    st = open_real(real);
    if (st) {
        CHECK(!clock_override_active());
        store_close(st);
    }
    env_restore(&env);
    free(real);
    free(test);
}

TEST(clock_test_mark_refused_on_existing_database)
{
    struct saved_env env;
    env_save(&env);
    char *path = test_db_path("ledger.db");
    struct store *st = open_real(path);
    store_close(st);
    unsigned char before[crypto_hash_sha256_BYTES], after[crypto_hash_sha256_BYTES];
    CHECK(file_bytes(path, before));
    char err[512];
    int rc;
    st = open_with(path, true, &rc, err, sizeof err);
    CHECK_INT(rc, STORE_ERR_DENIED);
    CHECK(st == NULL);
    CHECK(strstr(err, "不能把已有的台账改为测试用") != NULL);
    CHECK(file_bytes(path, after));
    CHECK(memcmp(before, after, sizeof before) == 0);
    CHECK_INT(test_sql_int(path, "SELECT test_clock FROM office_key"), 0);
    store_close(st);
    env_restore(&env);
    free(path);
}

TEST(clock_office_key_triggers_refuse_change)
{
    char *path = test_db_path("trig.db");
    struct store *st = test_open_db(path, "init");
    store_close(st);
    char msg[256];
    CHECK_INT(raw_exec(path, "UPDATE office_key SET test_clock = 0", msg, sizeof msg) & 0xff,
              SQLITE_CONSTRAINT);
    CHECK(strstr(msg, "office_key is written once") != NULL);
    CHECK_INT(raw_exec(path, "DELETE FROM office_key", msg, sizeof msg) & 0xff, SQLITE_CONSTRAINT);
    CHECK(strstr(msg, "office_key is written once") != NULL);
    CHECK_INT(raw_exec(path, "INSERT INTO office_key(id, uuid, public_key, secret_key, test_clock,"
                             " created_at) VALUES (2, 'x', 'y', x'00', 1, 'z')",
                       msg, sizeof msg) & 0xff,
              SQLITE_CONSTRAINT);
    CHECK_INT(test_sql_int(path, "SELECT count(*) || test_clock FROM office_key"), 11);
    free(path);
}

TEST(clock_forged_mark_not_honoured_and_found_by_verify)
{
    struct saved_env env;
    env_save(&env);
    setenv("ZHIBU_TODAY", "2001-02-03", 1);
    char *path = test_db_path("forged.db");
    struct store *st = open_real(path);
    store_close(st);
    char msg[256];
    CHECK_INT(raw_exec(path, "DROP TRIGGER office_key_no_update;"
                             " UPDATE office_key SET test_clock = 1",
                       msg, sizeof msg),
              SQLITE_OK);
    st = open_real(path);
    if (st) {
        CHECK(!store_office_test_clock(st));
        CHECK(!clock_override_active());
        struct verify_result r;
        CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
        CHECK_INT(r.nproblems, 1);
        CHECK_INT(count_problems(&r, VERIFY_ROW_CHANGED, "office_key"), 1);
        CHECK(strstr(r.problems[0].message, "本单位密钥") != NULL);
        CHECK(strstr(r.problems[0].message, "在 zhibu 之外被改动") != NULL);
        store_close(st);
    }
    env_restore(&env);
    free(path);
}

TEST(clock_replaced_mark_found_by_verify)
{
    struct saved_env env;
    env_save(&env);
    char *path = test_db_path("replaced.db");
    struct store *st = open_real(path);
    store_close(st);
    /* the row removed and put back as a test database's, same uuid and key */
    char msg[256];
    CHECK_INT(raw_exec(path, "DROP TRIGGER office_key_no_update; DROP TRIGGER office_key_no_delete;"
                             " CREATE TEMP TABLE k AS SELECT * FROM office_key;"
                             " DELETE FROM office_key;"
                             " INSERT INTO office_key SELECT id, uuid, public_key, secret_key, 1,"
                             " created_at FROM k",
                       msg, sizeof msg),
              SQLITE_OK);
    st = open_real(path);
    if (st) {
        CHECK(!store_office_test_clock(st));
        struct verify_result r;
        CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
        CHECK_INT(count_problems(&r, VERIFY_ROW_CHANGED, "office_key"), 1);
        store_close(st);
    }
    /* a wholly new row (another uuid): the journaled one is missing, the new one unjournaled */
    CHECK_INT(raw_exec(path, "DELETE FROM office_key;"
                             " INSERT INTO office_key(id, uuid, public_key, secret_key, test_clock,"
                             " created_at) VALUES (1, 'f0f0f0f0-0000-4000-8000-000000000000',"
                             " 'aa', x'00', 1, '2026-01-01T00:00:00Z')",
                       msg, sizeof msg),
              SQLITE_OK);
    st = open_real(path);
    if (st) {
        CHECK(!store_office_test_clock(st));
        struct verify_result r;
        CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
        CHECK_INT(count_problems(&r, VERIFY_ROW_MISSING, "office_key"), 1);
        CHECK_INT(count_problems(&r, VERIFY_ROW_UNJOURNALED, "office_key"), 1);
        store_close(st);
    }
    env_restore(&env);
    free(path);
}

TEST(clock_office_key_baseline_after_upgrade_from_v7)
{
    char *path = test_db_path("v7.db");
    struct store *st = test_open_db(path, "system");
    store_close(st);
    /* a database as zhibu of schema 7 left it (its journal already held the key of the
     * schema-8 open above: the key made by the upgrade must still verify) */
    test_sql(path, DOWNGRADE_V7_SQL " PRAGMA user_version = 7;");
    CHECK_INT(test_sql_int(path, "PRAGMA user_version"), 7);
    st = test_open_db(path, "system");
    if (!st) return;
    CHECK_INT(store_schema_version(st), STORE_SCHEMA_VERSION);
    /* the new key journaled as a baseline, never as a test database (it was not created now) */
    CHECK_INT(test_sql_int(path, "SELECT count(*) FROM history h JOIN office_key k"
                                 " ON h.row_uuid = k.uuid WHERE h.action = 'baseline'"
                                 " AND h.branch_id = 0"
                                 " AND json_extract(h.new_json, '$.public_key') = k.public_key"
                                 " AND json_extract(h.new_json, '$.test_clock') = 0"),
              1);
    CHECK_INT(test_sql_int(path, "SELECT test_clock FROM office_key"), 0);
    struct verify_result r;
    CHECK_INT(store_journal_verify(st, 0, &r), STORE_OK);
    CHECK_INT(r.nproblems, 0);
    store_close(st);
    free(path);
}
