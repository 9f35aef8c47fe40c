/* Unit tests of src/store/district_db.c, district_verdict_db.c and spot_check_db.c (issue 18):
 * stations and townships registered at a district (bad, taken, at the wrong office), keys
 * learnt, a branch sent by one township only, the district a township reports to, 复审 verdicts
 * beside the township's, the month's table, spot checks and their voiding, each refusal with the
 * database unchanged. The roles (inspector, STORE_PERM_DISTRICT) and verify: test_district_roles.c. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "district_test.h"
#include "fixtures.h"
#include "test.h"
#include "zhibu/store.h"
#include "zhibu/store_audit.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_district.h"
#include "zhibu/store_office.h"

void dt_key(char pk[OFFICE_PK_HEX], char fpr[OFFICE_FPR_LEN])
{
    CHECK(sodium_init() >= 0);
    unsigned char p[crypto_sign_PUBLICKEYBYTES], s[crypto_sign_SECRETKEYBYTES];
    crypto_sign_keypair(p, s);
    sodium_bin2hex(pk, OFFICE_PK_HEX, p, sizeof p);
    office_fingerprint(pk, fpr);
}

struct store *dt_district(const char *file, char **path_out)
{
    char *path = test_db_path(file);
    struct store *st = test_open_db(path, "system");
    CHECK_INT(store_office_set(st, "district", "城关区委组织部"), STORE_OK);
    if (path_out) *path_out = path;
    else free(path);
    return st;
}

int64_t dt_township(struct store *st, const char *code, const char *name, int64_t station,
                    char pk[OFFICE_PK_HEX])
{
    char fpr[OFFICE_FPR_LEN], pkbuf[OFFICE_PK_HEX];
    dt_key(pk ? pk : pkbuf, fpr);
    struct township t = {.station_id = station};
    snprintf(t.code, sizeof t.code, "%s", code);
    snprintf(t.name, sizeof t.name, "%s", name);
    snprintf(t.fingerprint, sizeof t.fingerprint, "%s", fpr);
    if (store_township_add(st, &t) != STORE_OK)
        test_fail(__FILE__, __LINE__, "township_add %s: %s", code, store_errmsg(st));
    return t.id;
}

int64_t dt_station(struct store *st, const char *name)
{
    struct station s = {0};
    snprintf(s.name, sizeof s.name, "%s", name);
    if (store_station_add(st, &s) != STORE_OK)
        test_fail(__FILE__, __LINE__, "station_add %s: %s", name, store_errmsg(st));
    return s.id;
}

static long long rows(const char *path, const char *table)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    return test_sql_int(path, sql);
}

/* ---- stations ---------------------------------------------------------------------------- */

TEST(district_station_add_list_by_name)
{
    char *path;
    struct store *st = dt_district("st.db", &path);
    int64_t a = dt_station(st, "第一指导站");
    int64_t b = dt_station(st, "  第二指导站 ");
    CHECK(a > 0 && b > a);
    struct station s = {0};
    snprintf(s.name, sizeof s.name, "第一指导站");
    CHECK_INT(store_station_add(st, &s), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "指导站“第一指导站”已登记");
    snprintf(s.name, sizeof s.name, "   ");
    CHECK_INT(store_station_add(st, &s), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "指导站名称不能为空");
    snprintf(s.name, sizeof s.name, "%s", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一");
    CHECK_INT(store_station_add(st, &s), STORE_ERR_CONSTRAINT);
    CHECK(strstr(store_errmsg(st), "太长") != NULL);
    struct store_station_list l;
    CHECK_INT(store_station_list(st, &l), STORE_OK);
    CHECK_INT(l.n, 2);
    CHECK_STR(l.v[0].name, "第一指导站");
    CHECK_STR(l.v[1].name, "第二指导站");
    store_station_list_free(&l);
    CHECK_INT(store_station_by_name(st, "第二指导站", &s), STORE_OK);
    CHECK(s.id == b);
    CHECK_INT(store_station_by_name(st, "第九指导站", &s), STORE_ERR_NOT_FOUND);
    CHECK_STR(store_errmsg(st), "没有名为“第九指导站”的指导站");
    /* a secretary or a reviewer may not */
    CHECK_INT(store_test_set_session(st, STORE_ROLE_REVIEWER, 0, "fushen"), STORE_OK);
    snprintf(s.name, sizeof s.name, "第三指导站");
    CHECK_INT(store_station_add(st, &s), STORE_ERR_DENIED);
    store_close(st);
    CHECK_INT(rows(path, "station"), 2);
    free(path);
}

TEST(district_station_refused_at_a_village_or_township)
{
    const char *kinds[] = {"village", "township"};
    for (int i = 0; i < 2; i++) {
        char *path = test_db_path(i ? "t.db" : "v.db");
        struct store *st = test_open_db(path, "system");
        CHECK_INT(store_office_set(st, kinds[i], "某单位"), STORE_OK);
        struct station s = {0};
        snprintf(s.name, sizeof s.name, "第一指导站");
        CHECK_INT(store_station_add(st, &s), STORE_ERR_CONSTRAINT);
        CHECK_STR(store_errmsg(st), "只有区（县）的数据库可以登记指导站");
        store_close(st);
        CHECK_INT(rows(path, "station"), 0);
        free(path);
    }
}

/* ---- townships --------------------------------------------------------------------------- */

TEST(district_township_add_get_list)
{
    char *path;
    struct store *st = dt_district("tw.db", &path);
    int64_t s1 = dt_station(st, "第一指导站");
    char pk[OFFICE_PK_HEX], fpr[OFFICE_FPR_LEN];
    dt_key(pk, fpr);
    struct township t = {.station_id = s1};
    snprintf(t.code, sizeof t.code, "HQ-01");
    snprintf(t.name, sizeof t.name, "红旗镇党委");
    /* typed as a person types it: lower case, spaces */
    char typed[OFFICE_FPR_LEN];
    snprintf(typed, sizeof typed, " %c%c%c%c %c%c%c%c-%c%c%c%c %c%c%c%c", fpr[0] + 32, fpr[1],
             fpr[2], fpr[3], fpr[5], fpr[6], fpr[7], fpr[8], fpr[10], fpr[11], fpr[12], fpr[13],
             fpr[15], fpr[16], fpr[17], fpr[18]);
    if (fpr[0] < 'A' || fpr[0] > 'Z') typed[1] = fpr[0];
    snprintf(t.fingerprint, sizeof t.fingerprint, "%s", typed);
    CHECK_INT(store_township_add(st, &t), STORE_OK);
    CHECK(t.id > 0 && t.uuid[0]);
    CHECK_STR(t.fingerprint, fpr);
    CHECK_STR(t.station_name, "第一指导站");
    int64_t other = dt_township(st, "DF-02", "东风乡党委", 0, NULL);

    struct township g;
    CHECK_INT(store_township_get(st, t.id, &g), STORE_OK);
    CHECK_STR(g.code, "HQ-01");
    CHECK_STR(g.name, "红旗镇党委");
    CHECK_STR(g.public_key, "");
    CHECK_INT(g.branches, 0);
    CHECK_INT(store_township_by_code(st, "DF-02", &g), STORE_OK);
    CHECK(g.id == other);
    CHECK(g.station_id == 0);
    CHECK_INT(store_township_by_code(st, "XX", &g), STORE_ERR_NOT_FOUND);
    CHECK_INT(store_township_get(st, 999, &g), STORE_ERR_NOT_FOUND);
    struct store_township_list l;
    CHECK_INT(store_township_list(st, &l), STORE_OK);
    CHECK_INT(l.n, 2);
    CHECK_STR(l.v[0].code, "DF-02");
    CHECK_STR(l.v[1].code, "HQ-01");
    store_township_list_free(&l);

    /* into a station and out again */
    CHECK_INT(store_township_set_station(st, other, s1), STORE_OK);
    CHECK_INT(store_township_get(st, other, &g), STORE_OK);
    CHECK(g.station_id == s1);
    CHECK_INT(store_township_set_station(st, other, 77), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "指导站不存在");
    CHECK_INT(store_test_set_session(st, STORE_ROLE_REVIEWER, 0, "fushen"), STORE_OK);
    CHECK_INT(store_township_set_station(st, other, 0), STORE_ERR_DENIED);
    CHECK_INT(store_test_set_session(st, STORE_ROLE_ADMIN, 0, "admin"), STORE_OK);
    CHECK_INT(store_township_set_station(st, other, 0), STORE_OK);
    CHECK_INT(store_township_get(st, other, &g), STORE_OK);
    CHECK(g.station_id == 0);
    store_close(st);
    free(path);
}

TEST(district_township_add_bad_input)
{
    char *path;
    struct store *st = dt_district("twbad.db", &path);
    char pk[OFFICE_PK_HEX];
    dt_township(st, "HQ", "红旗镇党委", 0, pk);
    char fpr_taken[OFFICE_FPR_LEN];
    office_fingerprint(pk, fpr_taken);
    char fpr[OFFICE_FPR_LEN], pk2[OFFICE_PK_HEX];
    dt_key(pk2, fpr);
    struct {
        const char *code, *name, *fpr;
        int64_t station;
        const char *msg;
    } bad[] = {
        {"", "甲镇", fpr, 0, "乡镇代码应为 1–20 位数字、字母或“-”"},
        {"A B", "甲镇", fpr, 0, "乡镇代码应为 1–20 位数字、字母或“-”"},
        {"镇01", "甲镇", fpr, 0, "乡镇代码应为 1–20 位数字、字母或“-”"},
        {"123456789012345678901", "甲镇", fpr, 0, "乡镇代码应为 1–20 位数字、字母或“-”"},
        {"HQ", "甲镇", fpr, 0, "乡镇代码 HQ 已登记（红旗镇党委）"},
        {"JZ", "", fpr, 0, "乡镇名称不能为空"},
        {"JZ", "甲镇", "ABCD-EFGH", 0, NULL},
        {"JZ", "甲镇", "ABCD-EFGH-JKMN-PQR0", 0, NULL}, /* 0 is not of the alphabet */
        {"JZ", "甲镇", fpr_taken, 0, "TAKEN"},
        {"JZ", "甲镇", fpr, 42, "指导站不存在"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct township t = {.station_id = bad[i].station};
        snprintf(t.code, sizeof t.code, "%s", bad[i].code);
        snprintf(t.name, sizeof t.name, "%s", bad[i].name);
        snprintf(t.fingerprint, sizeof t.fingerprint, "%s", bad[i].fpr);
        CHECK_INT(store_township_add(st, &t), STORE_ERR_CONSTRAINT);
        if (!bad[i].msg) {
            CHECK(strncmp(store_errmsg(st), "指纹格式不对", strlen("指纹格式不对")) == 0);
        } else {
            char want[256];
            if (strcmp(bad[i].msg, "TAKEN") == 0)
                snprintf(want, sizeof want, "指纹 %s 已登记为乡镇“红旗镇党委”的指纹", fpr_taken);
            else
                snprintf(want, sizeof want, "%s", bad[i].msg);
            CHECK_STR(store_errmsg(st), want);
        }
    }
    /* its own fingerprint is not a township's */
    char own_pk[OFFICE_PK_HEX], own[OFFICE_FPR_LEN];
    CHECK_INT(store_office_public(st, own_pk, own), STORE_OK);
    struct township t = {0};
    snprintf(t.code, sizeof t.code, "JZ");
    snprintf(t.name, sizeof t.name, "甲镇");
    snprintf(t.fingerprint, sizeof t.fingerprint, "%s", own);
    CHECK_INT(store_township_add(st, &t), STORE_ERR_CONSTRAINT);
    /* an administrator may, a reviewer or an inspector may not */
    snprintf(t.fingerprint, sizeof t.fingerprint, "%s", fpr);
    CHECK_INT(store_test_set_session(st, STORE_ROLE_REVIEWER, 0, "fushen"), STORE_OK);
    CHECK_INT(store_township_add(st, &t), STORE_ERR_DENIED);
    CHECK_STR(store_errmsg(st), "只有管理员能管理支部、用户和设置");
    CHECK_INT(store_test_set_session(st, STORE_ROLE_ADMIN, 0, "admin"), STORE_OK);
    CHECK_INT(store_township_add(st, &t), STORE_OK);
    store_close(st);
    CHECK_INT(rows(path, "township"), 2);
    free(path);
}

TEST(district_township_add_refused_at_a_village_or_township)
{
    const char *kinds[] = {"village", "township"};
    for (int i = 0; i < 2; i++) {
        char *path = test_db_path(i ? "t.db" : "v.db");
        struct store *st = test_open_db(path, "system");
        CHECK_INT(store_office_set(st, kinds[i], "某单位"), STORE_OK);
        char pk[OFFICE_PK_HEX], fpr[OFFICE_FPR_LEN];
        dt_key(pk, fpr);
        struct township t = {0};
        snprintf(t.code, sizeof t.code, "HQ");
        snprintf(t.name, sizeof t.name, "红旗镇党委");
        snprintf(t.fingerprint, sizeof t.fingerprint, "%s", fpr);
        CHECK_INT(store_township_add(st, &t), STORE_ERR_CONSTRAINT);
        CHECK_STR(store_errmsg(st), "只有区（县）的数据库可以登记乡镇");
        store_close(st);
        CHECK_INT(rows(path, "township"), 0);
        free(path);
    }
}

TEST(district_township_of_key_and_learn_key)
{
    char *path;
    struct store *st = dt_district("key.db", &path);
    char pk[OFFICE_PK_HEX], other_pk[OFFICE_PK_HEX], fpr[OFFICE_FPR_LEN];
    int64_t id = dt_township(st, "HQ", "红旗镇党委", 0, pk);
    dt_key(other_pk, fpr);
    struct township t;
    CHECK_INT(store_township_of_key(st, pk, &t), STORE_OK);
    CHECK(t.id == id);
    CHECK_INT(store_township_of_key(st, other_pk, &t), STORE_ERR_NOT_FOUND);
    CHECK(strstr(store_errmsg(st), "不是本区（县）登记的乡镇") != NULL);
    CHECK_INT(store_township_of_key(st, "zz", &t), STORE_ERR_CONSTRAINT);
    /* a key of another fingerprint is not learnt */
    CHECK_INT(store_township_learn_key(st, id, "uuid-town", other_pk), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_township_learn_key(st, id, "", pk), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_township_learn_key(st, id, "uuid-town", pk), STORE_OK);
    CHECK_INT(store_township_get(st, id, &t), STORE_OK);
    CHECK_STR(t.public_key, pk);
    CHECK_STR(t.office_uuid, "uuid-town");
    /* again: nothing changes; another uuid: refused */
    CHECK_INT(store_township_learn_key(st, id, "uuid-town", pk), STORE_OK);
    CHECK_INT(store_township_learn_key(st, id, "uuid-other", pk), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_township_learn_key(st, 999, "uuid-town", pk), STORE_ERR_NOT_FOUND);
    CHECK_INT(store_township_of_key(st, pk, &t), STORE_OK);
    store_close(st);
    CHECK_INT(test_sql_int(path, "SELECT count(*) FROM history WHERE table_name = 'township'"
                                 " AND action = 'learn_key'"),
              1);
    free(path);
}

TEST(district_branch_assigned_to_one_township)
{
    char *path;
    struct store *st = dt_district("assign.db", &path);
    int64_t hq = dt_township(st, "HQ", "红旗镇党委", 0, NULL);
    int64_t df = dt_township(st, "DF", "东风乡党委", 0, NULL);
    int64_t b = fx_branch(st, "HQ001", "红旗村党支部", 0);
    struct township t;
    CHECK_INT(store_branch_township(st, b, &t), STORE_ERR_NOT_FOUND);
    CHECK_INT(store_township_assign(st, b, hq), STORE_OK);
    CHECK_INT(store_township_assign(st, b, hq), STORE_OK); /* the same again: nothing */
    CHECK_INT(store_township_assign(st, b, df), STORE_ERR_CONSTRAINT);
    CHECK_STR(store_errmsg(st), "支部 HQ001 已属于乡镇“红旗镇党委”，不能再由乡镇“东风乡党委”报送");
    CHECK_INT(store_township_assign(st, 999, df), STORE_ERR_NOT_FOUND);
    CHECK_INT(store_township_assign(st, b, 999), STORE_ERR_NOT_FOUND);
    CHECK_INT(store_branch_township(st, b, &t), STORE_OK);
    CHECK(t.id == hq);
    CHECK_INT(t.branches, 1);
    /* only the import records it: not a secretary or an inspector */
    int64_t b2 = fx_branch(st, "DF001", NULL, 0);
    CHECK_INT(store_test_set_session(st, STORE_ROLE_SECRETARY, b2, "shuji"), STORE_OK);
    CHECK_INT(store_township_assign(st, b2, df), STORE_ERR_DENIED);
    CHECK_INT(store_test_set_inspector(st, 1, "ducha"), STORE_OK);
    CHECK_INT(store_township_assign(st, b2, df), STORE_ERR_DENIED);
    CHECK_INT(store_test_set_session(st, STORE_ROLE_REVIEWER, 0, "fushen"), STORE_OK);
    CHECK_INT(store_township_assign(st, b2, df), STORE_OK);
    store_close(st);
    CHECK_INT(rows(path, "township_branch"), 2);
    CHECK_INT(test_sql_int(path, "SELECT count(*) FROM history WHERE table_name ="
                                 " 'township_branch'"),
              2);
    free(path);
}

/* ---- the district, at a township ---------------------------------------------------------- */

TEST(district_set_get_learn_at_a_township)
{
    char *path = test_db_path("town.db");
    struct store *st = test_open_db(path, "system");
    CHECK_INT(store_office_set(st, "township", "红旗镇党委"), STORE_OK);
    struct district_info d;
    CHECK_INT(store_district_get(st, &d), STORE_ERR_NOT_FOUND);
    CHECK_STR(store_errmsg(st), "本乡镇还没有登记上级区（县）");
    char pk[OFFICE_PK_HEX], fpr[OFFICE_FPR_LEN], pk2[OFFICE_PK_HEX], fpr2[OFFICE_FPR_LEN];
    dt_key(pk, fpr);
    dt_key(pk2, fpr2);
    CHECK_INT(store_district_set(st, "", fpr), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_district_set(st, "城关区委组织部", "XYZ"), STORE_ERR_CONSTRAINT);
    CHECK(strncmp(store_errmsg(st), "指纹格式不对", strlen("指纹格式不对")) == 0);
    CHECK_INT(store_district_set(st, "城关区委组织部", fpr), STORE_OK);
    CHECK_INT(store_district_get(st, &d), STORE_OK);
    CHECK_STR(d.name, "城关区委组织部");
    CHECK_STR(d.fingerprint, fpr);
    CHECK_STR(d.public_key, "");
    CHECK_INT(store_district_learn_key(st, "uuid-d", pk2), STORE_ERR_CONSTRAINT);
    CHECK_INT(store_district_learn_key(st, "uuid-d", pk), STORE_OK);
    CHECK_INT(store_district_learn_key(st, "uuid-d", pk), STORE_OK);
    CHECK_INT(store_district_get(st, &d), STORE_OK);
    CHECK_STR(d.public_key, pk);
    CHECK_STR(d.office_uuid, "uuid-d");
    /* replaced by an administrator: another fingerprint forgets the key learnt */
    CHECK_INT(store_test_set_session(st, STORE_ROLE_REVIEWER, 0, "shencha"), STORE_OK);
    CHECK_INT(store_district_set(st, "城关区委组织部", fpr2), STORE_ERR_DENIED);
    CHECK_INT(store_test_set_session(st, STORE_ROLE_ADMIN, 0, "admin"), STORE_OK);
    CHECK_INT(store_district_set(st, "城关区", fpr2), STORE_OK);
    CHECK_INT(store_district_get(st, &d), STORE_OK);
    CHECK_STR(d.name, "城关区");
    CHECK_STR(d.fingerprint, fpr2);
    CHECK_STR(d.public_key, "");
    store_close(st);
    CHECK_INT(rows(path, "district_office"), 1);
    free(path);

    /* a village or a district has no district to register */
    const char *kinds[] = {"village", "district"};
    for (int i = 0; i < 2; i++) {
        path = test_db_path(i ? "d.db" : "v.db");
        st = test_open_db(path, "system");
        CHECK_INT(store_office_set(st, kinds[i], "某单位"), STORE_OK);
        CHECK_INT(store_district_set(st, "城关区委组织部", fpr), STORE_ERR_CONSTRAINT);
        CHECK_STR(store_errmsg(st), "只有乡镇的数据库可以登记上级区（县）");
        store_close(st);
        free(path);
    }
}
