/* roster_import.c — the roster import against the database (store_roster.h). No SQL of its own:
 * it reads and writes through the member and group functions, so each row is journaled, checked
 * against the version it was read at, and refused for a role that may not write, exactly as a
 * save from the member form. */
#include "store_priv.h"
#include "zhibu/store_roster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/store_auth.h"
#include "zhibu/util.h"

int store_roster_plan(struct store *st, int64_t branch_id, const struct table *t,
                      const struct roster_rules *rules, bool create_groups, struct rimp_plan *out)
{
    memset(out, 0, sizeof *out);
    if (!store_may_edit(st, branch_id)) {
        char why[256];
        store_may_why(st, STORE_PERM_EDIT, branch_id, why, sizeof why);
        return st_fail(st, STORE_ERR_DENIED, "%s", why);
    }
    struct store_member_list ms;
    struct member_filter f = {.branch_id = branch_id, .include_left = true};
    int rc = store_member_list(st, &f, &ms);
    if (rc) return rc;
    struct store_group_list gl;
    rc = store_group_list(st, branch_id, &gl);
    if (rc) {
        store_member_list_free(&ms);
        return rc;
    }
    struct rimp_context c = {
        .branch_id = branch_id,
        .members = ms.v,
        .nmembers = ms.n,
        .groups = gl.v,
        .ngroups = gl.n,
        .today = clock_today(),
        .min_join_age = rules->min_join_age,
        .probation_months = rules->probation_months,
        .create_groups = create_groups,
    };
    rimp_plan_make(t, &c, out);
    store_member_list_free(&ms);
    store_group_list_free(&gl);
    return STORE_OK;
}

int store_roster_apply(struct store *st, int64_t branch_id, struct rimp_plan *p, char *err,
                       size_t errsz)
{
    err[0] = '\0';
    if (p->nproblems > 0) {
        snprintf(err, errsz, "有 %d 处问题，未导入任何内容", p->nproblems);
        return STORE_ERR_CONSTRAINT;
    }
    int rc = store_begin(st);
    if (rc) {
        snprintf(err, errsz, "%s", store_errmsg(st));
        return rc;
    }
    /* the groups first: made once, however many rows name them */
    struct made {
        const char *name;
        int64_t id;
    } *made = xcalloc((size_t)p->nrows + 1, sizeof *made);
    int nmade = 0;
    for (int i = 0; i < p->nrows && rc == STORE_OK; i++) {
        struct rimp_row *row = &p->rows[i];
        if (row->action == RIMP_SAME || row->action == RIMP_BAD) continue;
        if (row->new_group[0]) {
            int k = 0;
            while (k < nmade && strcmp(made[k].name, row->new_group) != 0) k++;
            if (k == nmade) {
                struct group g = {.branch_id = branch_id};
                zb_strlcpy(g.name, row->new_group, sizeof g.name);
                rc = store_group_add(st, &g);
                if (rc) {
                    snprintf(err, errsz, "第 %d 行：党小组“%s”未能新建：%s", row->line,
                             row->new_group, store_errmsg(st));
                    break;
                }
                made[nmade++] = (struct made){row->new_group, g.id};
            }
            row->m.group_id = made[k].id;
        }
        rc = row->action == RIMP_NEW ? store_member_add(st, &row->m)
                                     : store_member_update(st, &row->m);
        if (rc)
            snprintf(err, errsz, "第 %d 行（%s）未能保存：%s", row->line, row->m.name,
                     store_errmsg(st));
    }
    free(made);
    if (rc) {
        store_rollback(st);
        return rc;
    }
    rc = store_commit(st);
    if (rc) snprintf(err, errsz, "%s", store_errmsg(st));
    return rc;
}
