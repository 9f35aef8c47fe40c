/* journal_rows.h — verify's row check, table by table (journal_rows.c). Private to src/store/. */
#ifndef ZHIBU_JOURNAL_ROWS_H
#define ZHIBU_JOURNAL_ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

/* A row whose JSON is not its newest journal value: json (NULL when the table's statement gave
 * none) and newest (NULL: the journal holds no value for it), as the SQL path computes them. */
typedef void (*st_row_differs_fn)(void *ctx, int ti, int64_t id, const char *uuid,
                                  int64_t branch, const char *json, const char *newest);

/* Every row of journaled table ti (st_journaled index) of branch branch_id (0: all) compared
 * with the newest new_json the journal holds for it, in id order; *nrows counts them. Rows that
 * differ go to differs (after the SQL path agreed). STORE_OK or an error (st->err set). */
int st_rows_check(struct store *st, int ti, int64_t branch_id, int64_t *nrows,
                  st_row_differs_fn differs, void *ctx);

/* What the caller knows of the rows' newest values: same(ctx, ti, uuid, its length, json, its
 * length) true only when json is byte for byte the newest new_json of that row in the journal. */
struct st_row_known {
    bool (*same)(void *ctx, int ti, const char *uuid, size_t n, const char *json, size_t jn);
    void *ctx;
};

/* As st_rows_check for the rows of branch branch_id (0: the rows of no branch, as a chain), but
 * a row known the same is not looked up in the journal; every other row
 * is checked as st_rows_check checks it (and reported through differs). by_id: the caller
 * orders what it finds by id, so the rows may come in any order (else in the statement's,
 * as st_rows_check's). */
int st_rows_check_known(struct store *st, int ti, int64_t branch_id, bool by_id, int64_t *nrows,
                        const struct st_row_known *known, st_row_differs_fn differs, void *ctx);

/* Every row of table ti in id order whose branch is not an integer walked(wctx, branch) says
 * was walked, checked as st_rows_check checks it; *nrows counts those. */
int st_rows_check_rest(struct store *st, int ti, bool (*walked)(void *wctx, int64_t branch),
                       void *wctx, int64_t *nrows, st_row_differs_fn differs, void *ctx);

/* Build table ti's statement texts now (before a thread checks its rows: they are built once,
 * in static buffers). */
void st_rows_build(int ti, bool one_branch);

/* For the unit tests: the row's JSON as the fast path builds it (heap; NULL when the table has no
 * fast path or the row holds a value the fast path leaves to SQL). */
char *st_rows_fast_json(struct store *st, const char *table, int64_t row_id);

#endif
