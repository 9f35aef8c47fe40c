/* paged.h — a window of rows fetched page by page for a list that may be long (a roster, ten
 * years of meeting records): only `cap` rows are held at once; asking for a row outside the
 * window fetches the page around it. Rows are opaque records of row_size bytes. */
#ifndef ZHIBU_PAGED_H
#define ZHIBU_PAGED_H

#include <stddef.h>

struct paged {
    size_t row_size;
    int cap;                 /* rows held at once */
    /* Fetch up to max rows from offset into out; *n = rows fetched; 0 on success. */
    int (*fetch)(void *ctx, int offset, int max, void *out, int *n);
    void *ctx;
    /* state */
    char *rows;
    int offset, n;
    int count;               /* total rows, as last set */
};

void paged_init(struct paged *p, size_t row_size, int cap,
                int (*fetch)(void *ctx, int offset, int max, void *out, int *n), void *ctx);
void paged_free(struct paged *p);
/* Forget the window (after the data or the filter changed) and set the total. */
void paged_reset(struct paged *p, int count);
/* Row i (0-based), or NULL when out of range or the fetch failed. The pointer is valid until
 * the next call. */
const void *paged_row(struct paged *p, int i);

#endif
