/* form_same.c — whether a form still holds what was read (issue 14: a save that changes
 * nothing writes nothing and asks nothing). */
#include <string.h>

#include "zhibu/screens.h"
#include "zhibu/widgets.h"

bool screens_form_same(const struct ui_form *f, const struct form_snapshot *base)
{
    if (!base || base->n != f->nitems) return false;
    struct form_snapshot now;
    screens_form_snapshot(&now, f);
    bool same = true;
    for (int i = 0; same && i < now.n; i++) {
        if (f->items[i].type == UI_ITEM_LABEL) continue; /* texts the form makes itself */
        same = strcmp(now.v[i] ? now.v[i] : "", base->v[i] ? base->v[i] : "") == 0;
    }
    screens_form_snapshot_free(&now);
    return same;
}
