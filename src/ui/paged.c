/* paged.c — a window of rows over a long list (see paged.h). */
#include "zhibu/paged.h"

#include <stdlib.h>

#include "zhibu/util.h"

void paged_init(struct paged *p, size_t row_size, int cap,
                int (*fetch)(void *ctx, int offset, int max, void *out, int *n), void *ctx)
{
    *p = (struct paged){.row_size = row_size, .cap = cap > 0 ? cap : 64, .fetch = fetch, .ctx = ctx};
    p->rows = xcalloc((size_t)p->cap, row_size);
    p->offset = -1;
}

void paged_free(struct paged *p)
{
    free(p->rows);
    p->rows = NULL;
}

void paged_reset(struct paged *p, int count)
{
    p->offset = -1;
    p->n = 0;
    p->count = count < 0 ? 0 : count;
}

const void *paged_row(struct paged *p, int i)
{
    if (i < 0 || i >= p->count || !p->rows) return NULL;
    if (p->offset < 0 || i < p->offset || i >= p->offset + p->n) {
        /* centre the window on i so that scrolling either way stays inside it */
        int off = i - p->cap / 2;
        if (off < 0) off = 0;
        p->offset = off;
        p->n = 0;
        if (p->fetch(p->ctx, off, p->cap, p->rows, &p->n) != 0) {
            p->n = 0;
            p->offset = -1;
            return NULL;
        }
        if (i >= p->offset + p->n) return NULL;
    }
    return p->rows + (size_t)(i - p->offset) * p->row_size;
}
