/* store_roster.h — the roster import against the database (src/store/roster_import_db.c): the plan
 * made against the branch's members and groups as they stand (roster_import.h), and its writing —
 * the groups to make, then every new and changed member, through the store's own member and
 * group functions (the journal, versions and roles as for the form), in one transaction: all
 * rows or none. */
#ifndef ZHIBU_STORE_ROSTER_H
#define ZHIBU_STORE_ROSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zhibu/roster_import.h"
#include "zhibu/store.h"
#include "zhibu/table.h"

/* The rule numbers the member form checks with (config: [members]). */
struct roster_rules {
    int min_join_age;
    int probation_months;
};

/* Plans t's import into branch_id (rimp_plan_make against every member, those who left too, and
 * the standing groups; today from the clock). 0 with *out filled (free with rimp_plan_free),
 * else a store_rc (store_errmsg says why; a session that may not edit the branch's ledger is
 * refused before anything is read: STORE_ERR_DENIED). */
int store_roster_plan(struct store *st, int64_t branch_id, const struct table *t,
                      const struct roster_rules *rules, bool create_groups, struct rimp_plan *out);
/* Writes a plan without problems (p->nproblems == 0, else STORE_ERR_CONSTRAINT and nothing is
 * written). On a refusal everything is rolled back and err says which row and why ("第 5 行
 * （张三）未能保存：……"). */
int store_roster_apply(struct store *st, int64_t branch_id, struct rimp_plan *p, char *err,
                       size_t errsz);

#endif
