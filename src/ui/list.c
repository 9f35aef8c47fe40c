/* list.c — the scrolling list with columns: layout of column widths, a header row, one row
 * per record drawn through the screen's cell callback, the selection and its scrolling. A cell
 * too long for its column ends in …, and the selected row's cut cells (and those of columns
 * left out for want of room) are shown in full on the status line (ui_hint).
 * The list never holds the rows; the screen hands out cell text on demand. */
#include "zhibu/widgets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/text.h"
#include "zhibu/util.h"

#define CELL_BYTES 1024

static int clamp_int(int v, int lo, int hi)
{
    if (v > hi) v = hi;
    if (v < lo) v = lo;
    return v;
}

/* Keep top so that sel is among `page` visible rows and no page is left half empty. */
static void list_fix_top(struct ui_list *l, int page)
{
    if (l->count <= 0) {
        l->top = 0;
        return;
    }
    if (page < 1) page = 1;
    if (l->sel >= 0 && l->sel < l->top) l->top = l->sel;
    if (l->sel >= l->top + page) l->top = l->sel - page + 1;
    l->top = clamp_int(l->top, 0, l->count - page > 0 ? l->count - page : 0);
}

void ui_list_set_count(struct ui_list *l, int count)
{
    l->count = count < 0 ? 0 : count;
    if (l->count == 0) {
        l->sel = -1;
        l->top = 0;
        return;
    }
    l->sel = clamp_int(l->sel, 0, l->count - 1);
    list_fix_top(l, l->page);
}

void ui_list_select(struct ui_list *l, int row)
{
    if (l->count <= 0) {
        l->sel = -1;
        return;
    }
    l->sel = clamp_int(row, 0, l->count - 1);
    list_fix_top(l, l->page);
}

void ui_list_layout(const struct ui_column *columns, int ncolumns, int total, int *widths)
{
    int used = 0, kept = 0, grow_sum = 0;
    for (int i = 0; i < ncolumns; i++) widths[i] = 0;
    /* Minimums from the left; the first column that does not fit ends the row. */
    for (int i = 0; i < ncolumns; i++) {
        int need = columns[i].width + (kept > 0 ? 1 : 0);
        if (used + need > total) break;
        widths[i] = columns[i].width;
        used += need;
        grow_sum += columns[i].grow > 0 ? columns[i].grow : 0;
        kept++;
    }
    if (kept == 0 && ncolumns > 0 && total > 0) { /* even the first is too wide: truncate it */
        widths[0] = total;
        return;
    }
    int extra = total - used;
    if (extra <= 0 || grow_sum == 0) return;
    int given = 0;
    for (int i = 0; i < kept; i++) {
        if (columns[i].grow <= 0) continue;
        int add = extra * columns[i].grow / grow_sum;
        widths[i] += add;
        given += add;
    }
    /* The rounding remainder, one column each, to growing columns from the left. */
    for (int i = 0; given < extra; i = (i + 1) % kept) {
        if (columns[i].grow > 0) {
            widths[i]++;
            given++;
        }
    }
}

/* Append s fitted to w columns (left or right aligned) to line at *pos; line has room for
 * four bytes per column of the whole row. Text that does not fit ends in … (returns true). */
static bool put_cell(char *line, size_t linesz, size_t *pos, const char *s, int w, bool right)
{
    bool cut = text_cut_at(s, w);
    if (right && !cut) {
        int used;
        size_t nb = text_fit(s, w, &used);
        for (int i = used; i < w && *pos + 1 < linesz; i++) line[(*pos)++] = ' ';
        char *part = xmalloc(nb + 1);
        memcpy(part, s, nb);
        part[nb] = '\0';
        *pos += text_pad(line + *pos, linesz - *pos, part, used, false);
        free(part);
    } else {
        *pos += text_pad(line + *pos, linesz - *pos, s, w, cut);
    }
    line[*pos] = '\0';
    return cut;
}

/* The selected row's cells that do not show whole — cut, or in a column left out for want of
 * room — in full, for the status line: "支部：前进建材有限公司党支部；岗位：…". */
static void hint_add(char *hint, size_t hintsz, const char *title, const char *value)
{
    char *clean = text_sanitize(value, false);
    text_trim(clean);
    if (clean[0]) {
        size_t len = strlen(hint);
        snprintf(hint + len, hintsz - len, "%s%s%s%s", len ? "；" : "", title && *title ? title : "",
                 title && *title ? "：" : "", clean);
    }
    free(clean);
}

static void put_space(char *line, size_t linesz, size_t *pos)
{
    if (*pos + 1 < linesz) {
        line[(*pos)++] = ' ';
        line[*pos] = '\0';
    }
}

void ui_list_draw(struct ui_list *l, struct ui_rect r)
{
    if (r.rows <= 0 || r.cols <= 0) return;
    int *widths = xcalloc((size_t)(l->ncolumns > 0 ? l->ncolumns : 1), sizeof *widths);
    ui_list_layout(l->columns, l->ncolumns, r.cols, widths);
    size_t linesz = (size_t)r.cols * 4 + 16;
    char *line = xmalloc(linesz);
    char *cell = xmalloc(CELL_BYTES);

    /* Header */
    size_t pos = 0;
    line[0] = '\0';
    for (int c = 0, shown = 0; c < l->ncolumns; c++) {
        if (widths[c] <= 0) continue;
        if (shown++) put_space(line, linesz, &pos);
        put_cell(line, linesz, &pos, l->columns[c].title ? l->columns[c].title : "",
                 widths[c], l->columns[c].right);
    }
    ui_put(r.row, r.col, r.cols, line, UA_HEADER);

    int page = r.rows - 1;
    l->page = page > 0 ? page : 0;
    if (l->count <= 0) {
        l->sel = -1;
        l->top = 0;
        for (int i = 0; i < page; i++) ui_fill(r.row + 1 + i, r.col, r.cols, UA_NORMAL);
        if (page > 0 && l->empty_text) {
            int w = text_width(l->empty_text);
            int off = w < r.cols ? (r.cols - w) / 2 : 0;
            ui_put_n(r.row + 1 + (page - 1) / 3, r.col + off, r.cols - off, l->empty_text,
                     UA_DIM);
        }
    } else {
        if (l->sel < 0 || l->sel >= l->count) l->sel = clamp_int(l->sel, 0, l->count - 1);
        list_fix_top(l, page);
        for (int i = 0; i < page; i++) {
            int row = l->top + i;
            if (row >= l->count) {
                ui_fill(r.row + 1 + i, r.col, r.cols, UA_NORMAL);
                continue;
            }
            pos = 0;
            line[0] = '\0';
            char hint[1024] = "";
            for (int c = 0, shown = 0; c < l->ncolumns; c++) {
                bool selected = row == l->sel;
                if (widths[c] <= 0 && !selected) continue;
                cell[0] = '\0';
                if (l->cell) l->cell(l->ctx, row, c, cell, CELL_BYTES);
                cell[CELL_BYTES - 1] = '\0';
                if (widths[c] <= 0) { /* a column left out: its value only in the hint */
                    hint_add(hint, sizeof hint, l->columns[c].title, cell);
                    continue;
                }
                if (shown++) put_space(line, linesz, &pos);
                if (put_cell(line, linesz, &pos, cell, widths[c], l->columns[c].right) && selected)
                    hint_add(hint, sizeof hint, l->columns[c].title, cell);
            }
            if (hint[0]) ui_hint(hint);
            enum ui_attr attr = UA_NORMAL;
            if (row == l->sel)
                attr = UA_SELECTED;
            else if (l->row_attr)
                attr = l->row_attr(l->ctx, row);
            ui_put(r.row + 1 + i, r.col, r.cols, line, attr);
            if (row == l->sel && l->cell_cursor > 0 && l->cell_cursor <= l->ncolumns &&
                widths[l->cell_cursor - 1] > 0) {
                int x = 0, c = l->cell_cursor - 1;
                for (int k = 0, shown = 0; k < c; k++)
                    if (widths[k] > 0) x += widths[k] + (shown++ ? 1 : 0);
                if (x > 0) x++; /* the space before this column */
                cell[0] = '\0';
                if (l->cell) l->cell(l->ctx, row, c, cell, CELL_BYTES);
                cell[CELL_BYTES - 1] = '\0';
                pos = 0;
                line[0] = '\0';
                put_cell(line, linesz, &pos, cell, widths[c], l->columns[c].right);
                ui_put(r.row + 1 + i, r.col + x, widths[c], line, UA_FIELD_ACTIVE);
            }
        }
    }
    free(cell);
    free(line);
    free(widths);
}

bool ui_list_key(struct ui_list *l, int key)
{
    int step = l->page > 1 ? l->page : 1;
    int sel = l->sel;
    switch (key) {
    case UK_UP: case 'k': sel--; break;
    case UK_DOWN: case 'j': sel++; break;
    case UK_PGUP: sel -= step; break;
    case UK_PGDN: sel += step; break;
    case UK_HOME: sel = 0; break;
    case UK_END: sel = l->count - 1; break;
    default: return false;
    }
    if (l->count > 0) {
        l->sel = clamp_int(sel, 0, l->count - 1);
        list_fix_top(l, l->page > 0 ? l->page : 1);
    }
    return true;
}
