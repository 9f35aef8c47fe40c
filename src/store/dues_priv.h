/* dues_priv.h — what dues.c, dues_payments.c and dues_load.c share; private to them. */
#ifndef ZHIBU_DUES_PRIV_H
#define ZHIBU_DUES_PRIV_H

#include "store_priv.h"

#include "zhibu/store_dues.h"

/* A table whose rows are voided with voided_at / voided_by / void_reason (st_dues_void, dues.c). */
struct void_spec {
    const char *table;
    const char *what;          /* 交费记录 ... for messages */
    const char *state_sql, *json_sql, *void_sql;
};

/* CROSS JOIN: the branch's bases first, then each one's entries (history_row); SQLite would
 * otherwise walk every dues_basis entry of the whole file (a district: 57 ms a screen). */
#define BASES_VERSION_SQL(where)                                                               \
    "SELECT b.member_id, max(h.id) FROM dues_basis b CROSS JOIN history_data h"                \
    " ON " ST_HROW("h", "'dues_basis'", "b.uuid") " WHERE b.member_id " where                   \
    " GROUP BY b.member_id"

void st_bind_ym(sqlite3_stmt *s, int idx, int ym);
void st_read_adjust(sqlite3_stmt *s, int col, struct dues_adjust *a);
int st_dues_void(struct store *st, const struct void_spec *v, int64_t id, const char *reason);
int st_ym_col(sqlite3_stmt *s, int col);
int st_ym_of_text(const char *date);

#endif
