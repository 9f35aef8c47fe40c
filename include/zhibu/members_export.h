/* members_export.h — the roster as people print it (src/export/members_export.c): one row per
 * member with Chinese headings and labels (性别 男/女, 党籍 正式党员/预备党员, 人员类别 在职…,
 * 流动党员 是/否), as .xlsx (sheet 党员名册: a title row with the branch and the date, A4
 * landscape, bordered) or CSV (UTF-8 with a BOM, Chinese headings), through a temporary file.
 * `zhibu export members` and the roster screen's F9 write it; `zhibu list members` keeps the
 * codes for scripts. */
#ifndef ZHIBU_MEMBERS_EXPORT_H
#define ZHIBU_MEMBERS_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zhibu/date.h"
#include "zhibu/store.h"

/* The roster of a branch on `today` (the title's date): members on the roster, and with
 * include_left those who left after them, with 离开情况 and 离开日期 columns. The path's
 * extension chooses the format (.xlsx or .csv). *count (may be NULL) is set to the rows
 * written. Returns 0, or -1 with a Chinese message in err; never leaves a partial file. */
int members_export(struct store *st, int64_t branch_id, bool include_left, struct zdate today,
                   const char *path, int *count, char *err, size_t errsz);

#endif
