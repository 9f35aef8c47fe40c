/* list_screen.h — a screen that is one list (tig's per-line view_ops, for zhibu): the screen
 * declares its spec (columns, the line above the list, how to load the rows, each cell's text
 * and each row's attribute, the empty list's text, its own actions) and takes the default
 * open/draw/handle/close below, so it holds only what is its own. Its state struct begins with
 * `struct ui_list list;` (the list's ctx is the state); the spec is screen_ops.list.
 *
 *     static const struct list_screen contacts_list = {.columns = ..., .load = load, ...};
 *     const struct screen_ops contacts_screen = {
 *         .name = "contacts", ..., .actions = contacts_actions, .back = "返回流动党员信息",
 *         LIST_SCREEN_OPS(contacts_list), .resume = list_screen_reload,
 *     };
 */
#ifndef ZHIBU_LIST_SCREEN_H
#define ZHIBU_LIST_SCREEN_H

#include <stddef.h>

#include "zhibu/screen.h"
#include "zhibu/widgets.h"

struct list_screen {
    const struct ui_column *columns;
    int ncolumns;
    const char *empty_text;   /* shown when there is no row: "（还没有联系记录，按 F2 登记）" */
    /* Take open's argument (and what does not change while the screen is open) before the first
     * load: 0, or -1 with app_error() set (the screen is then not shown). May be NULL. */
    int (*init)(struct screen *s, void *arg);
    /* (Re)read the rows into the state; returns how many (0 after a read error, which it shows
     * on the status line). */
    int (*load)(struct screen *s);
    /* The line above the list into buf; returns its attribute (UA_HEADER, UA_NORMAL, UA_MARK). */
    enum ui_attr (*header)(struct screen *s, char *buf, size_t bufsz);
    /* Instead of header, for more than one line: draws what stands above the list in body and
     * returns how many rows it took. */
    int (*top)(struct screen *s, struct ui_rect body);
    /* Text of (row, column) and a row's attribute (may be NULL), as struct ui_list's; ctx is the
     * state. */
    void (*cell)(void *ctx, int row, int column, char *buf, size_t bufsz);
    enum ui_attr (*row_attr)(void *ctx, int row);
    /* One of the screen's actions (never NULL; the list's own keys are handled before). */
    int (*act)(struct screen *s, const struct ui_action *act);
    void (*release)(struct screen *s); /* free what init and load took; may be NULL */
};

/* The defaults (a screen may write its own of any and call these). */
int list_screen_open(struct screen *s, void *arg);
void list_screen_draw(struct screen *s, struct ui_rect body);
int list_screen_handle(struct screen *s, int key, const struct ui_action *act);
void list_screen_close(struct screen *s);
/* Load again (after a write, or as .resume), the selection kept in range. */
void list_screen_reload(struct screen *s);
/* The selected row, or -1 when the list is empty. */
int list_screen_sel(struct screen *s);

#define LIST_SCREEN_OPS(spec)                                                                  \
    .list = &(spec), .open = list_screen_open, .draw = list_screen_draw,                       \
    .handle = list_screen_handle, .close = list_screen_close

#endif
