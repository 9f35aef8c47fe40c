/* stats_export.h — 党内统计 as files (src/export/stats_export.c): CSV and JSON for scripts (one
 * figure a line, stable codes from STATS_ITEMS), and an .xlsx to print and send (A4 landscape,
 * one sheet per table, branches down, the figures across, the heading repeated on each page). */
#ifndef ZHIBU_STATS_EXPORT_H
#define ZHIBU_STATS_EXPORT_H

#include <stddef.h>
#include <stdio.h>

#include "zhibu/model.h"
#include "zhibu/stats.h"

/* The figures of t for the branches (t->nbranches of them, as the table's columns). */
struct stats_doc {
    const struct stats_table *t;
    const struct branch *branches;
    const char *scope;        /* the total's name: "合计" */
};

/* CSV, header year,as_of,branch_code,branch_name,section,item,label,count: every item of every
 * branch, then the total (branch_code "", branch_name the scope); each minority as item
 * "ethnic_group" with its name as label. 0, or -1 on a write error. */
int stats_write_csv(FILE *f, const struct stats_doc *d);
/* JSON {"year","as_of","branches":[{"code","name","counts":{key:n},"minorities":[{"name","count"}]}],
 * "total":{"branches":n,"counts":…,"minorities":…}}. 0, or -1 on a write error. */
int stats_write_json(FILE *f, const struct stats_doc *d);
/* The .xlsx at path (written whole or not at all): 0, or -1 with the reason in err. */
int stats_write_xlsx(const struct stats_doc *d, const char *path, char *err, size_t errsz);

#endif
