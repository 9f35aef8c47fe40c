/* common.c — what several screens share: the current branch. */
#include <stdio.h>

#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/util.h"

int screens_set_branch(struct app *app, int64_t branch_id)
{
    struct branch b;
    if (store_branch_get(app->store, branch_id, &b) != STORE_OK) return -1;
    app->branch_id = b.id;
    zb_strlcpy(app->branch_name, b.name, sizeof app->branch_name);
    char val[32];
    snprintf(val, sizeof val, "%lld", (long long)b.id);
    store_meta_set(app->store, "current_branch", val);
    return 0;
}

const struct screen_ops *const screens_all[] = {
    &home_screen, &roster_screen, &member_form_screen, &groups_screen,
    &committee_screen, &branch_screen, NULL,
};
