/* store_stats.h — 党内统计 from the ledger (src/store/stats_db.c): the members' facts of a year
 * read in one statement and counted by core/stats.c. */
#ifndef ZHIBU_STORE_STATS_H
#define ZHIBU_STORE_STATS_H

#include <stdint.h>

#include "zhibu/date.h"
#include "zhibu/stats.h"
#include "zhibu/store.h"

/* The figures of year (stats_as_of: December 31, or today for the current year) for one branch
 * (branch_id), or for every branch in the session's scope (branch_id 0: the branches
 * store_branch_list gives; refused with STORE_ERR_DENIED for a secretary). branches gets the
 * branches of the table's columns, in order (free it with store_branch_list_free; out with
 * stats_free). A year not allowed by stats_year_ok is refused (STORE_ERR_CONSTRAINT, with the
 * sentence). */
int store_stats_year(struct store *st, int64_t branch_id, int year, struct stats_table *out,
                     struct store_branch_list *branches);

#endif
