/* table.c — the cells of a sheet read from a file (table.h): rows, cells, freeing. */
#include "zhibu/table.h"

#include <stdlib.h>
#include <string.h>

#include "zhibu/text.h"
#include "zhibu/util.h"

struct table_row *table_add_row(struct table *t, int line)
{
    if (t->nrows == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        t->rows = xrealloc(t->rows, (size_t)t->cap * sizeof *t->rows);
    }
    struct table_row *r = &t->rows[t->nrows++];
    *r = (struct table_row){.line = line};
    return r;
}

void table_set(struct table_row *r, int col, enum table_cell_kind kind, const char *text,
               size_t len)
{
    if (col < 0 || !text || len == 0) return;
    if (col >= r->ncells) {
        r->cells = xrealloc(r->cells, (size_t)(col + 1) * sizeof *r->cells);
        memset(r->cells + r->ncells, 0, (size_t)(col + 1 - r->ncells) * sizeof *r->cells);
        r->ncells = col + 1;
    }
    struct table_cell *c = &r->cells[col];
    free(c->text);
    c->text = xmalloc(len + 1);
    memcpy(c->text, text, len);
    c->text[len] = '\0';
    c->kind = kind;
}

const char *table_text(const struct table_row *r, int col)
{
    if (!r || col < 0 || col >= r->ncells || !r->cells[col].text) return "";
    return r->cells[col].text;
}

bool table_row_blank(const struct table_row *r)
{
    for (int i = 0; i < r->ncells; i++) {
        const char *s = r->cells[i].text;
        if (!s) continue;
        char buf[64];
        if (strlen(s) >= sizeof buf) return false;
        zb_strlcpy(buf, s, sizeof buf);
        text_trim(buf);
        if (buf[0]) return false;
    }
    return true;
}

static void row_free(struct table_row *r)
{
    for (int i = 0; i < r->ncells; i++) free(r->cells[i].text);
    free(r->cells);
}

void table_drop_blank(struct table *t)
{
    int w = 0;
    for (int i = 0; i < t->nrows; i++) {
        if (table_row_blank(&t->rows[i]))
            row_free(&t->rows[i]);
        else
            t->rows[w++] = t->rows[i];
    }
    t->nrows = w;
}

void table_free(struct table *t)
{
    for (int i = 0; i < t->nrows; i++) row_free(&t->rows[i]);
    free(t->rows);
    memset(t, 0, sizeof *t);
}

void table_col_name(int col, char out[8])
{
    char tmp[8];
    int n = 0;
    if (col < 0) col = 0;
    col++;
    while (col > 0 && n < 7) {
        col--;
        tmp[n++] = (char)('A' + col % 26);
        col /= 26;
    }
    for (int i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}
