/* import_check.h — the rows an import is about to write, checked as a form's rows are
 * (import_check.c; private to src/store). */
#ifndef ZHIBU_IMPORT_CHECK_H
#define ZHIBU_IMPORT_CHECK_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "zhibu/store_exchange.h"

struct store;

/* stage: the import's staging database (exchange.c): a table per travelling table named as the
 * live one, with columns uuid, xid and the live columns (references as uuids), and zx_do(uuid,
 * act) listing the rows to write (act 2 update, 3 add; 1 remove a child). Checks every row to
 * be written, column by column (row_rules.h), then each record whole with the check its form
 * uses (validate_member, branch_check, group_name_check, meeting_check with its attendance —
 * a list no longer than the branch's members —, row_check_meeting_counts, dues_check_entry and
 * dues_check_allocations with the payment's months, dues_check_basis, dues_check_adjust,
 * post_check_post, post_check_claim, post_check_report, post_check_review), on the rows as they
 * will stand after the import. (A resolution's checks in meeting_check are its column rules.)
 * STORE_OK, else STORE_ERR_CONSTRAINT (or STORE_ERR for a failure to read the stage) with one
 * Chinese line in msg naming the table, the row (its uuid's first 8 characters) and the reason:
 * "交换包中表 meeting 的记录 1a2b3c4d 有误：会议日期“2026-02-30”日期格式应为 YYYY-MM-DD，且须是
 * 真实日期，整个交换包未导入". every: every row of the stage's tables is to be written (a
 * branch new here whose rows are all added, zx_do then left empty): every check reads the
 * tables whole, without looking each row up in zx_do. */
int st_import_check(struct store *st, sqlite3 *stage, const struct exchange_limits *lim,
                    bool every, char *msg, size_t msgsz);

#endif
