/* test_store_lists.c — the one list shape of the store (store.h: lists): every row comes back,
 * however many (the heap array grows past its first 16 and on by doubling), in the list's
 * order, and _list_free leaves an empty list that may be freed again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_meeting.h"
#include "zhibu/util.h"

static int64_t branch(struct store *st, const char *code)
{
    struct branch b = {0};
    snprintf(b.code, sizeof b.code, "%s", code);
    snprintf(b.name, sizeof b.name, "%s党支部", code);
    snprintf(b.type, sizeof b.type, "rural");
    if (store_branch_add(st, &b) != STORE_OK)
        test_fail(__FILE__, __LINE__, "branch_add: %s", store_errmsg(st));
    return b.id;
}

TEST(store_lists_keep_every_row)
{
    char *db = test_db_path("lists.db");
    struct store *st = test_open_db(db, "system");
    if (!st) {
        free(db);
        return;
    }
    /* 40 branches: past 16 and 32, the array's first two sizes */
    char code[16];
    for (int i = 0; i < 40; i++) {
        snprintf(code, sizeof code, "B%02d", 39 - i); /* added out of code order */
        branch(st, code);
    }
    struct store_branch_list bl;
    CHECK_INT(store_branch_list(st, &bl), STORE_OK);
    CHECK_INT(bl.n, 40);
    for (int i = 0; i < bl.n; i++) {
        snprintf(code, sizeof code, "B%02d", i);
        CHECK_STR(bl.v[i].code, code);
    }
    int64_t b = bl.n > 0 ? bl.v[0].id : 0;
    store_branch_list_free(&bl);
    CHECK(bl.v == NULL);
    CHECK_INT(bl.n, 0);
    store_branch_list_free(&bl); /* freeing an empty list again is harmless */

    /* 33 groups of one branch, in the order they were made */
    char name[32];
    for (int i = 0; i < 33; i++) {
        struct group g = {.branch_id = b};
        snprintf(g.name, sizeof g.name, "第%d党小组", i + 1);
        if (store_group_add(st, &g) != STORE_OK)
            test_fail(__FILE__, __LINE__, "group_add: %s", store_errmsg(st));
    }
    struct store_group_list gl;
    CHECK_INT(store_group_list(st, b, &gl), STORE_OK);
    CHECK_INT(gl.n, 33);
    for (int i = 0; i < gl.n; i++) {
        snprintf(name, sizeof name, "第%d党小组", i + 1);
        CHECK_STR(gl.v[i].name, name);
    }
    store_group_list_free(&gl);

    /* 17 committee members among 20: the committee list holds every one of them */
    for (int i = 0; i < 20; i++) {
        struct member m = {.branch_id = b};
        snprintf(m.name, sizeof m.name, "党员%02d", i);
        snprintf(m.gender, sizeof m.gender, "M");
        snprintf(m.ethnicity, sizeof m.ethnicity, "汉族");
        snprintf(m.join_date, sizeof m.join_date, "2001-07-01");
        snprintf(m.full_date, sizeof m.full_date, "2002-07-01");
        snprintf(m.status, sizeof m.status, "full");
        snprintf(m.dues_category, sizeof m.dues_category, "farmer");
        snprintf(m.office, sizeof m.office, "%s", i < 17 ? "committee" : "");
        if (store_member_add(st, &m) != STORE_OK)
            test_fail(__FILE__, __LINE__, "member_add: %s", store_errmsg(st));
    }
    struct member_filter committee = {.branch_id = b, .only_office = true};
    struct store_member_list ml;
    CHECK_INT(store_member_list(st, &committee, &ml), STORE_OK);
    CHECK_INT(ml.n, 17);
    CHECK_INT(store_member_count(st, &committee), 17);
    store_member_list_free(&ml);
    struct member_filter everyone = {.branch_id = b};
    CHECK_INT(store_member_list(st, &everyone, &ml), STORE_OK);
    CHECK_INT(ml.n, 20);
    store_member_list_free(&ml);

    /* an empty list is an empty list, not a failure */
    struct member_filter nobody = {.branch_id = b, .only_left = true};
    CHECK_INT(store_member_list(st, &nobody, &ml), STORE_OK);
    CHECK_INT(ml.n, 0);
    store_member_list_free(&ml);
    store_close(st);
    free(db);
}

TEST(store_meeting_list_reads_past_a_page)
{
    char *db = test_db_path("meetings.db");
    struct store *st = test_open_db(db, "system");
    if (!st) {
        free(db);
        return;
    }
    int64_t b = branch(st, "M1");
    /* 300 records: more than one of store_meeting_list's pages */
    CHECK_INT(store_begin(st), STORE_OK);
    for (int i = 0; i < 300; i++) {
        struct meeting m;
        memset(&m, 0, sizeof m);
        m.branch_id = b;
        snprintf(m.kind, sizeof m.kind, "general");
        date_format(date_add_days((struct zdate){2020, 1, 1}, i), m.date);
        m.topics = xasprintf("第%d次", i + 1);
        m.minutes = xstrdup("");
        if (store_meeting_add(st, &m) != STORE_OK)
            test_fail(__FILE__, __LINE__, "meeting_add: %s", store_errmsg(st));
        meeting_free(&m);
    }
    CHECK_INT(store_commit(st), STORE_OK);
    struct meeting_filter f = {.branch_id = b, .kind = -1};
    struct store_meeting_list l;
    CHECK_INT(store_meeting_list(st, &f, &l), STORE_OK);
    CHECK_INT(l.n, 300);
    CHECK_INT(store_meeting_count(st, &f), 300);
    if (l.n == 300) {
        CHECK_STR(l.v[0].first_topic, "第300次"); /* newest first */
        CHECK_STR(l.v[299].first_topic, "第1次");
    }
    store_meeting_list_free(&l);
    store_close(st);
    free(db);
}
