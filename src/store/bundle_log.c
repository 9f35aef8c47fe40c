/* bundle_log.c — reading the log of the bundles this database received (store_exchange.h):
 * the import screen lists the newest. The rows are written by the import (bundle.c). */
#include "store_priv.h"
#include "store_list.h"

#include <string.h>

#include "zhibu/store_exchange.h"

/* The report's totals: every value of that name anywhere in report_json (NULL when none). */
#define REPORT_SUM(name)                                                                       \
    "(SELECT sum(t.value) FROM json_tree(l.report_json) t WHERE t.key = '" name "'"           \
    " AND t.type = 'integer')"

int store_bundle_log_list(struct store *st, int64_t branch_id, int newest,
                          struct store_bundle_log_list *out)
{
    *out = (struct store_bundle_log_list){0};
    sqlite3_stmt *s = st_stmt(
        st,
        "SELECT l.id, l.kind, l.branch_id, b.code, b.name, l.origin_office, l.exported_at,"
        " l.exported_by, l.imported_at, l.imported_by, " REPORT_SUM("added") ", "
        REPORT_SUM("updated") ", " REPORT_SUM("unchanged") ", " REPORT_SUM("kept") ", "
        REPORT_SUM("conflicts") ", ifnull(json_extract(l.report_json, '$.month'), ''),"
        " ifnull(json_extract(l.report_json, '$.township'), '') FROM bundle_log l LEFT JOIN branch b ON b.id = l.branch_id"
        " WHERE ?1 = 0 OR l.branch_id = ?1 ORDER BY l.imported_at DESC, l.id DESC LIMIT ?2");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    sqlite3_bind_int(s, 2, newest > 0 ? newest : -1); /* a negative LIMIT: no limit */
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct bundle_log_entry *e = ST_LIST_ADD(out);
        memset(e, 0, sizeof *e);
        e->id = sqlite3_column_int64(s, 0);
        st_col_text(s, 1, e->kind_code, sizeof e->kind_code);
        e->kind = strcmp(e->kind_code, "verdicts") == 0 ? EXCHANGE_VERDICTS : EXCHANGE_LEDGER;
        e->branch_id = sqlite3_column_int64(s, 2);
        st_col_text(s, 3, e->branch_code, sizeof e->branch_code);
        st_col_text(s, 4, e->branch_name, sizeof e->branch_name);
        st_col_text(s, 5, e->origin_office, sizeof e->origin_office);
        st_col_text(s, 6, e->exported_at, sizeof e->exported_at);
        st_col_text(s, 7, e->exported_by, sizeof e->exported_by);
        st_col_text(s, 8, e->imported_at, sizeof e->imported_at);
        st_col_text(s, 9, e->imported_by, sizeof e->imported_by);
        int *totals[] = {&e->added, &e->updated, &e->unchanged, &e->kept, &e->conflicts};
        for (int i = 0; i < 5; i++)
            *totals[i] = sqlite3_column_type(s, 10 + i) == SQLITE_NULL
                             ? -1
                             : sqlite3_column_int(s, 10 + i);
        st_col_text(s, 15, e->month, sizeof e->month);
        st_col_text(s, 16, e->township, sizeof e->township);
    }
    st_done(s);
    if (rc != SQLITE_DONE) {
        store_bundle_log_list_free(out);
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取导入记录");
    }
    return STORE_OK;
}

void store_bundle_log_list_free(struct store_bundle_log_list *l)
{
    free(l->v);
    *l = (struct store_bundle_log_list){0};
}
