/* list_screen.c — the default open/draw/handle/close of a screen that is one list
 * (list_screen.h): the header line, the list under it, the list's keys, the rows loaded. */
#include <stdio.h>
#include <stdlib.h>

#include "zhibu/list_screen.h"

static struct ui_list *list_of(struct screen *s)
{
    return s->state; /* the state begins with its struct ui_list */
}

void list_screen_reload(struct screen *s)
{
    ui_list_set_count(list_of(s), s->ops->list->load(s));
}

int list_screen_sel(struct screen *s)
{
    const struct ui_list *l = list_of(s);
    return l->sel >= 0 && l->sel < l->count ? l->sel : -1;
}

int list_screen_open(struct screen *s, void *arg)
{
    const struct list_screen *spec = s->ops->list;
    *list_of(s) = (struct ui_list){.columns = spec->columns, .ncolumns = spec->ncolumns, .sel = -1,
                                   .cell = spec->cell, .row_attr = spec->row_attr, .ctx = s->state,
                                   .empty_text = spec->empty_text};
    if (spec->init && spec->init(s, arg) != 0) return -1;
    list_screen_reload(s);
    return 0;
}

void list_screen_draw(struct screen *s, struct ui_rect body)
{
    const struct list_screen *spec = s->ops->list;
    int rows = 1;
    if (spec->top) {
        rows = spec->top(s, body);
    } else {
        char line[800];
        enum ui_attr attr = spec->header(s, line, sizeof line);
        ui_put(body.row, body.col + 1, body.cols - 1, line, attr);
    }
    ui_list_draw(list_of(s), (struct ui_rect){body.row + rows, body.col, body.rows - rows, body.cols});
}

int list_screen_handle(struct screen *s, int key, const struct ui_action *act)
{
    if (!act) return ui_list_key(list_of(s), key) ? SR_REDRAW : SR_NONE;
    return s->ops->list->act ? s->ops->list->act(s, act) : SR_NONE;
}

void list_screen_close(struct screen *s)
{
    if (s->ops->list->release) s->ops->list->release(s);
}
