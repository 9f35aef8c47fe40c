/* store_list.h — growing the heap array of a list (the one list shape of the store's API:
 * struct store_<entity>_list { T *v; int n; }, filled by store_<entity>_list, all rows, freed by
 * store_<entity>_list_free). Private to src/store. */
#ifndef ZHIBU_STORE_LIST_H
#define ZHIBU_STORE_LIST_H

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/util.h"

/* v (NULL when n is 0) with room for element n, which is zeroed. The array holds 16 elements,
 * then doubles whenever n reaches a power of two, so the capacity follows from n alone. */
static inline void *st_list_room(void *v, int n, size_t size)
{
    if (n == 0 || (n >= 16 && (n & (n - 1)) == 0))
        v = xrealloc(n == 0 ? NULL : v, (size_t)(n == 0 ? 16 : 2 * n) * size);
    memset((char *)v + (size_t)n * size, 0, size);
    return v;
}

/* A new zeroed element at the end of list l (a struct store_<entity>_list *): its address. */
#define ST_LIST_ADD(l) ((l)->v = st_list_room((l)->v, (l)->n, sizeof *(l)->v), &(l)->v[(l)->n++])

#endif
