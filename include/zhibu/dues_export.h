/* dues_export.h — the dues ledger out of the program (src/export/dues_export.c): the year's
 * ledger (one row per member: category, base, each month's paid amount, total, 交至, months
 * owed) and the month's collection summary (expected, collected, outstanding; one row per
 * member for the month), as .xlsx (sheets 党费台账 and 收缴汇总) or CSV, through a temporary file. */
#ifndef ZHIBU_DUES_EXPORT_H
#define ZHIBU_DUES_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "zhibu/dues.h"
#include "zhibu/store.h"

/* The year's ledger of a branch (and, in .xlsx, the month summary of `month_ym` as a second
 * sheet). current_ym is "now" for statuses. Returns 0, or -1 with a Chinese message. */
int dues_export_year(struct store *st, int64_t branch_id, int year, int month_ym, int current_ym,
                     const struct dues_rules *r, const char *path, char *err, size_t errsz);
/* The month's collection summary alone (CSV or .xlsx by extension). */
int dues_export_month(struct store *st, int64_t branch_id, int month_ym, int current_ym,
                      const struct dues_rules *r, const char *path, char *err, size_t errsz);

#endif
