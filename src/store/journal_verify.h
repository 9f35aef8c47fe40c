/* journal_verify.h — what verify's files share (journal_verify.c, journal_heads.c): where the
 * findings go. Private to src/store/. */
#ifndef ZHIBU_JOURNAL_VERIFY_H
#define ZHIBU_JOURNAL_VERIFY_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zhibu/store_auth.h"

struct store;

struct verify_ctx {
    struct verify_result *out;
    int64_t *bad;          /* branches with a problem (whole-database runs) */
    size_t nbad, capbad;
    /* sorted: the problems and warnings kept are those of the smallest keys (key of the next
     * finding), in key order: a part found in another order than the one it is shown in (the
     * chains walked branch by branch, shown by entry number; rows branch by branch, shown
     * table by table by id) */
    bool sorted;
    int64_t key[2];
    int64_t pkey[VERIFY_MAX_PROBLEMS][2], wkey[VERIFY_MAX_PROBLEMS][2];
};

/* One problem (or a warning: VERIFY_CLOCK_BACK, the ledger stays 完整), its message from fmt. */
void jv_problem(struct verify_ctx *v, enum verify_kind kind, int64_t entry, int64_t branch,
                const char *table, const char *row_uuid, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
void jv_warning(struct verify_ctx *v, int64_t entry, int64_t branch, const char *table,
                const char *row_uuid, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* "2026-11-21T10:00:00Z" as "2026-11-21 10:00:00" (what a person reads). */
void jv_show_time(const char *iso, char out[20]);
/* Column c as text ("" for NULL). */
const char *jv_col(sqlite3_stmt *s, int c);

/* Other offices' entries, each (branch, office, origin chain) a chain (journal_heads.c). */
int st_verify_imported(struct store *st, int64_t branch_id, struct verify_ctx *v);
/* Every head recorded (journal_head, bundle_log) still in its chain (journal_heads.c). */
int st_verify_heads(struct store *st, int64_t branch_id, struct verify_ctx *v);

#endif
