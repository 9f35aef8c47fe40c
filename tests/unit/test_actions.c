/* Who may use each action (issue 14, "keys only for who may use them"): every action of every
 * screen names a rule (so a new action cannot forget one); the store's store_may answers each
 * rule per role and says why not in the words its write functions use; the loop's app_may and
 * the F1 text of a screen show a user only what they may do. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "district_test.h"
#include "fixtures.h"
#include "test.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/store_audit.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_district.h"
#include "zhibu/ui.h"

TEST(actions_every_action_names_who_may_use_it)
{
    int screens = 0, actions = 0;
    for (int i = 0; screens_all[i]; i++, screens++) {
        const struct screen_ops *ops = screens_all[i];
        for (const struct ui_action *a = ops->actions; a && a->id; a++, actions++) {
            if (a->perm <= STORE_PERM_UNSET || a->perm > STORE_PERM_DISTRICT)
                test_fail(__FILE__, __LINE__, "%s: action %d (%s %s) names no rule of who may use it",
                          ops->name, a->id, ui_key_label(a->key), a->label ? a->label : a->help);
            /* what the help says is one role's, the rule says too */
            if (strncmp(a->help, "（审查员）", strlen("（审查员）")) == 0 && a->perm != STORE_PERM_REVIEW)
                test_fail(__FILE__, __LINE__, "%s: \"%s\" is the reviewer's but not STORE_PERM_REVIEW", ops->name, a->help);
            if (strncmp(a->help, "（支部）", strlen("（支部）")) == 0 && a->perm != STORE_PERM_EDIT)
                test_fail(__FILE__, __LINE__, "%s: \"%s\" is the branch's but not STORE_PERM_EDIT", ops->name, a->help);
            /* leaving a screen is never withheld */
            if (a->key == UK_ESC && a->perm != STORE_PERM_ANY)
                test_fail(__FILE__, __LINE__, "%s: Esc is withheld from someone", ops->name);
        }
    }
    CHECK_INT(screens, 44); /* + circular, district_home, district_review, spot_checks, spot_check_form (issue 18);
                              + appraisal, stats, remit, remit_form, pipeline, candidate, candidate_form (issue 19) */
    CHECK(actions > 100);
}

/* Branches: T (a township) with village A under it, and village B elsewhere. */
struct fx {
    int64_t t, a, b;
};

static struct store *fixture(struct fx *fx)
{
    char *path = test_db_path("may.db");
    struct store *st = test_open_db(path, "system");
    free(path);
    if (!st) return NULL;
    const char *codes[3] = {"1101010000", "1101010001", "1101020001"};
    int64_t *ids[3] = {&fx->t, &fx->a, &fx->b};
    for (int i = 0; i < 3; i++) {
        struct branch b = {0};
        snprintf(b.code, sizeof b.code, "%s", codes[i]);
        snprintf(b.name, sizeof b.name, "%s", i == 0 ? "东镇党委" : i == 1 ? "红旗村党支部" : "西村党支部");
        snprintf(b.type, sizeof b.type, "rural");
        b.parent_id = i == 1 ? fx->t : 0;
        if (store_branch_add(st, &b) != STORE_OK) test_fail(__FILE__, __LINE__, "branch_add: %s", store_errmsg(st));
        *ids[i] = b.id;
    }
    return st;
}

static const char *why(struct store *st, enum store_perm p, int64_t branch)
{
    static char buf[256];
    return store_may_why(st, p, branch, buf, sizeof buf);
}

TEST(actions_store_may_by_role)
{
    struct fx fx;
    struct store *st = fixture(&fx);
    if (!st) return;
    /* system (the command-line tools): everything but a rule-less action */
    for (int p = STORE_PERM_ANY; p <= STORE_PERM_EXPORT_VERDICTS; p++) CHECK(store_may(st, (enum store_perm)p, fx.a));
    CHECK(!store_may(st, STORE_PERM_UNSET, fx.a));
    CHECK_STR(why(st, STORE_PERM_UNSET, fx.a), "没有规定谁可以使用此功能");

    CHECK_INT(store_test_set_session(st, STORE_ROLE_SECRETARY, fx.a, "shuji"), STORE_OK);
    CHECK(store_may(st, STORE_PERM_ANY, fx.b));
    CHECK(store_may(st, STORE_PERM_EDIT, fx.a));
    CHECK(!store_may(st, STORE_PERM_EDIT, fx.b));
    CHECK_STR(why(st, STORE_PERM_EDIT, fx.b), "只能修改本支部（红旗村党支部）的台账");
    CHECK(!store_may(st, STORE_PERM_REVIEW, fx.a));
    CHECK_STR(why(st, STORE_PERM_REVIEW, fx.a), "只有审查员能作出评审结论");
    CHECK(!store_may(st, STORE_PERM_ADMIN, 0));
    CHECK(store_may(st, STORE_PERM_BRANCH_INFO, fx.a));
    CHECK(!store_may(st, STORE_PERM_BRANCH_INFO, fx.b));
    CHECK(!store_may(st, STORE_PERM_BRANCH_INFO, 0)); /* a new branch */
    CHECK_STR(why(st, STORE_PERM_BRANCH_INFO, 0), "只有管理员能管理支部、用户和设置");
    CHECK(!store_may(st, STORE_PERM_ALL_BRANCHES, fx.a));
    CHECK_STR(why(st, STORE_PERM_ALL_BRANCHES, fx.a), "支部书记只能查看和修改本支部（红旗村党支部）");
    CHECK(!store_may(st, STORE_PERM_EXPORT_VERDICTS, fx.a));
    CHECK_STR(why(st, STORE_PERM_EXPORT_VERDICTS, fx.a), "只有审查员或管理员可以导出审查结论");
    CHECK_STR(why(st, STORE_PERM_EDIT, fx.a), "");

    /* the sentence is the one the store's write gives */
    struct verdict v = {.branch_id = fx.a};
    snprintf(v.month, sizeof v.month, "2026-10");
    snprintf(v.item, sizeof v.item, "overall");
    snprintf(v.verdict, sizeof v.verdict, "pass");
    CHECK_INT(store_verdict_set(st, &v), STORE_ERR_DENIED);
    CHECK_STR(store_errmsg(st), "只有审查员能作出评审结论");

    CHECK_INT(store_test_set_session(st, STORE_ROLE_REVIEWER, fx.t, "shencha"), STORE_OK);
    CHECK(!store_may(st, STORE_PERM_EDIT, fx.a));
    CHECK_STR(why(st, STORE_PERM_EDIT, fx.a), "审查员不能修改台账（只能评审）");
    CHECK(store_may(st, STORE_PERM_REVIEW, fx.a));
    CHECK(!store_may(st, STORE_PERM_REVIEW, fx.b));
    CHECK_STR(why(st, STORE_PERM_REVIEW, fx.b), "只能评审所辖支部（东镇党委及其下级支部）");
    CHECK(!store_may(st, STORE_PERM_BRANCH_INFO, fx.a));
    CHECK(store_may(st, STORE_PERM_ALL_BRANCHES, fx.a));
    CHECK(store_may(st, STORE_PERM_EXPORT_VERDICTS, fx.a));
    CHECK(!store_may(st, STORE_PERM_ADMIN, 0));

    CHECK_INT(store_test_set_session(st, STORE_ROLE_ADMIN, 0, "admin"), STORE_OK);
    CHECK(!store_may(st, STORE_PERM_EDIT, fx.a));
    CHECK_STR(why(st, STORE_PERM_EDIT, fx.a), "管理员不能修改台账");
    CHECK(!store_may(st, STORE_PERM_REVIEW, fx.a));
    CHECK(store_may(st, STORE_PERM_ADMIN, 0));
    CHECK(store_may(st, STORE_PERM_BRANCH_INFO, fx.a) && store_may(st, STORE_PERM_BRANCH_INFO, 0));
    CHECK(store_may(st, STORE_PERM_ALL_BRANCHES, 0));
    CHECK(store_may(st, STORE_PERM_EXPORT_VERDICTS, fx.a));
    store_close(st);
}

/* A screen of the loop's kind on a zeroed state: app_may and its F1 text for each role. */
static char *help_as(struct store *st, struct app *app, const struct screen_ops *ops)
{
    (void)st;
    void *state = calloc(1, ops->state_size ? ops->state_size : 1);
    struct screen s = {.ops = ops, .state = state, .app = app};
    char *text = screen_help_text_for(&s);
    free(state);
    return text;
}

TEST(actions_help_shows_only_what_the_user_may_do)
{
    struct fx fx;
    struct store *st = fixture(&fx);
    if (!st) return;
    struct app app = {.store = st, .branch_id = 0};
    app.branch_id = fx.a;

    CHECK_INT(store_test_set_session(st, STORE_ROLE_SECRETARY, fx.a, "shuji"), STORE_OK);
    char *h = help_as(st, &app, &dues_screen);
    CHECK(strstr(h, "基数 — ") && strstr(h, "欠交 — ") && strstr(h, "交清 — "));
    free(h);
    h = help_as(st, &app, &home_screen);
    CHECK(!strstr(h, "切换支部"));
    CHECK(strstr(h, "全部提醒"));
    free(h);
    h = help_as(st, &app, &exchange_screen);
    CHECK(!strstr(h, "导出结论") && strstr(h, "导出台账"));
    free(h);

    CHECK_INT(store_test_set_session(st, STORE_ROLE_REVIEWER, 0, "shencha"), STORE_OK);
    h = help_as(st, &app, &dues_screen);
    CHECK(!strstr(h, "基数 — ") && !strstr(h, "交清 — ") && !strstr(h, "减免 — "));
    CHECK(strstr(h, "欠交 — ") && strstr(h, "导出 — ") && strstr(h, "年份 — "));
    free(h);
    h = help_as(st, &app, &home_screen);
    CHECK(strstr(h, "切换支部"));
    free(h);
    h = help_as(st, &app, &meetings_screen);
    CHECK(!strstr(h, "新记录") && !strstr(h, "作废 — ") && strstr(h, "搜索"));
    free(h);

    CHECK_INT(store_test_set_session(st, STORE_ROLE_ADMIN, 0, "admin"), STORE_OK);
    h = help_as(st, &app, &roster_screen);
    CHECK(!strstr(h, "新增 — ") && !strstr(h, "转正 — ") && strstr(h, "记录 — "));
    free(h);
    /* every screen's help for every role still has the global keys, and the full help (the
     * unit test of the tables) lists everything */
    enum store_role roles[3] = {STORE_ROLE_SECRETARY, STORE_ROLE_REVIEWER, STORE_ROLE_ADMIN};
    for (int r = 0; r < 3; r++) {
        CHECK_INT(store_test_set_session(st, roles[r], roles[r] == STORE_ROLE_SECRETARY ? fx.a : 0, "x"), STORE_OK);
        for (int i = 0; screens_all[i]; i++) {
            h = help_as(st, &app, screens_all[i]);
            CHECK(strstr(h, "F10") != NULL);
            free(h);
        }
    }
    store_close(st);
}

/* No action is dead: on a village's ledger, at least one of its secretary, a reviewer and an
 * administrator may use each; and the reviewer may never write the ledger, the secretary never
 * give a verdict. The district's actions (STORE_PERM_DISTRICT) are checked at a district's
 * database below. */
TEST(actions_each_usable_by_someone)
{
    struct fx fx;
    struct store *st = fixture(&fx);
    if (!st) return;
    enum store_role roles[3] = {STORE_ROLE_SECRETARY, STORE_ROLE_REVIEWER, STORE_ROLE_ADMIN};
    for (int i = 0; screens_all[i]; i++) {
        const struct screen_ops *ops = screens_all[i];
        for (const struct ui_action *a = ops->actions; a && a->id; a++) {
            int users = 0;
            if (a->perm == STORE_PERM_DISTRICT) continue;
            for (int r = 0; r < 3; r++) {
                CHECK_INT(store_test_set_session(st, roles[r], roles[r] == STORE_ROLE_SECRETARY ? fx.a : 0, "x"), STORE_OK);
                bool may = store_may(st, a->perm, fx.a);
                users += may;
                if (may && roles[r] == STORE_ROLE_REVIEWER && a->perm == STORE_PERM_EDIT)
                    test_fail(__FILE__, __LINE__, "%s: the reviewer may write with %s", ops->name, a->help);
                if (may && roles[r] == STORE_ROLE_SECRETARY && a->perm == STORE_PERM_REVIEW)
                    test_fail(__FILE__, __LINE__, "%s: the secretary may give a verdict with %s", ops->name, a->help);
            }
            if (!users) test_fail(__FILE__, __LINE__, "%s: nobody may use \"%s\"", ops->name, a->help);
        }
    }
    store_close(st);
}

/* The district's actions (复审 d, 督查 F2 / F8, the spot check's F2): at a district's database the
 * district reviewer may use each on any branch, the inspector on their station's branches only,
 * the administrator and a secretary never; at a village's database nobody. */
TEST(actions_district_usable_by_its_reviewer)
{
    char *path;
    struct store *st = dt_district("may_district.db", &path);
    if (!st) return;
    int64_t s1 = dt_station(st, "第一指导站");
    int64_t hq = dt_township(st, "HQ", "红旗镇党委", s1, NULL);
    int64_t df = dt_township(st, "DF", "东风乡党委", 0, NULL);
    int64_t b1 = fx_branch(st, "HQ001", NULL, 0);
    int64_t b2 = fx_branch(st, "DF001", NULL, 0);
    CHECK_INT(store_township_assign(st, b1, hq), STORE_OK);
    CHECK_INT(store_township_assign(st, b2, df), STORE_OK);
    int n = 0;
    for (int i = 0; screens_all[i]; i++) {
        for (const struct ui_action *a = screens_all[i]->actions; a && a->id; a++) {
            if (a->perm != STORE_PERM_DISTRICT) continue;
            n++;
            CHECK_INT(store_test_set_session(st, STORE_ROLE_REVIEWER, 0, "fushen"), STORE_OK);
            CHECK(store_may(st, a->perm, b1) && store_may(st, a->perm, b2));
            CHECK_INT(store_test_set_inspector(st, s1, "ducha"), STORE_OK);
            CHECK(store_may(st, a->perm, b1) && !store_may(st, a->perm, b2));
            CHECK_INT(store_test_set_session(st, STORE_ROLE_ADMIN, 0, "admin"), STORE_OK);
            CHECK(!store_may(st, a->perm, b1));
            CHECK_INT(store_test_set_session(st, STORE_ROLE_SECRETARY, b1, "shuji"), STORE_OK);
            CHECK(!store_may(st, a->perm, b1));
        }
    }
    CHECK_INT(n, 5);
    store_close(st);
    free(path);
    /* a village's database: not even its reviewer */
    struct fx fx;
    st = fixture(&fx);
    if (!st) return;
    CHECK_INT(store_test_set_session(st, STORE_ROLE_REVIEWER, 0, "x"), STORE_OK);
    CHECK(!store_may(st, STORE_PERM_DISTRICT, fx.a));
    store_close(st);
}
