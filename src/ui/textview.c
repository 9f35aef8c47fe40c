/* textview.c — text wrapped by columns with the Chinese rules for breaking lines, and a view
 * of it that scrolls: the message box (dialog.c) and pages of results on a screen (the roster
 * import's dry run) draw through the one wrapping and the one set of scroll keys. */
#include "zhibu/widgets.h"

#include <stdlib.h>
#include <string.h>

#include "zhibu/text.h"
#include "zhibu/util.h"
#include "ui_internal.h"

static void wrapped_add(struct ui_wrapped *w, const char *s, size_t len, int para)
{
    if (w->n == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 8;
        w->lines = xrealloc(w->lines, (size_t)w->cap * sizeof *w->lines);
        w->para = xrealloc(w->para, (size_t)w->cap * sizeof *w->para);
    }
    char *line = xmalloc(len + 1);
    memcpy(line, s, len);
    line[len] = '\0';
    w->para[w->n] = para;
    w->lines[w->n++] = line;
}

void ui_wrapped_free(struct ui_wrapped *w)
{
    for (int i = 0; i < w->n; i++) free(w->lines[i]);
    free(w->lines);
    free(w->para);
    memset(w, 0, sizeof *w);
}

/* The column where a paragraph's continuation lines start. One that begins with blanks and
 * has a gap of two or more blanks after its first words (the help's "  F4    切换支部 — …", a
 * list's "  ·  文字") goes on under the text after the gap; any other at the left edge. */
static int hanging_indent(const char *p, int cols)
{
    size_t i = 0;
    if (p[0] != ' ') return 0;
    while (p[i] == ' ') i++;
    for (;;) {
        while (p[i] && p[i] != ' ') i++;
        if (!p[i]) return 0;
        size_t gap = i;
        while (p[i] == ' ') i++;
        if (!p[i]) return 0;
        if (i - gap >= 2) break;
    }
    char *head = xmalloc(i + 1);
    memcpy(head, p, i);
    head[i] = '\0';
    int h = text_width(head);
    free(head);
    return h <= cols / 2 ? h : 0;
}

void ui_wrap_text(struct ui_wrapped *w, const char *text, int cols)
{
    char *clean = text_sanitize(text ? text : "", true);
    if (cols < 1) cols = 1;
    char *p = clean;
    for (int para = 0;; para++) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = '\0';
        if (!*p) wrapped_add(w, "", 0, para);
        int hang = hanging_indent(p, cols);
        bool first = true;
        while (*p) {
            size_t next;
            size_t nb = text_wrap_line(p, first ? cols : cols - hang, &next);
            if (first || hang == 0) {
                wrapped_add(w, p, nb, para);
            } else {
                char *line = xmalloc((size_t)hang + nb + 1);
                memset(line, ' ', (size_t)hang);
                memcpy(line + hang, p, nb);
                wrapped_add(w, line, (size_t)hang + nb, para);
                free(line);
            }
            first = false;
            p += next;
        }
        if (!nl) break;
        p = nl + 1;
    }
    free(clean);
}

bool ui_scroll_key(int *top, int page, int nlines, int key)
{
    int step = page > 1 ? page - 1 : 1;
    switch (key) {
    case UK_UP: (*top)--; break;
    case UK_DOWN: (*top)++; break;
    case UK_PGUP: *top -= step; break;
    case UK_PGDN: *top += step; break;
    case UK_HOME: *top = 0; break;
    case UK_END: *top = nlines; break; /* clamped when drawn */
    default: return false;
    }
    if (*top < 0) *top = 0;
    return true;
}

void ui_textview_draw(struct ui_textview *v, struct ui_rect r, const char *text)
{
    if (r.rows < 1 || r.cols < 1) return;
    struct ui_wrapped w = {0};
    ui_wrap_text(&w, text, r.cols);
    /* the paragraphs as given, for their attribute */
    char *copy = xstrdup(text ? text : "");
    int nparas = 1;
    for (const char *p = copy; *p; p++)
        if (*p == '\n') nparas++;
    char **paras = xcalloc((size_t)nparas, sizeof *paras);
    int k = 0;
    for (char *p = copy; p && k < nparas; k++) {
        paras[k] = p;
        char *nl = strchr(p, '\n');
        if (nl) *nl = '\0';
        p = nl ? nl + 1 : NULL;
    }
    v->page = r.rows;
    v->nlines = w.n;
    int max_top = w.n > r.rows ? w.n - r.rows : 0;
    if (v->top > max_top) v->top = max_top;
    if (v->top < 0) v->top = 0;
    for (int i = 0; i < r.rows && v->top + i < w.n; i++) {
        int line = v->top + i;
        int para = w.para[line];
        enum ui_attr attr = v->para_attr && para < k && paras[para]
                                ? v->para_attr(v->ctx, paras[para]) : UA_NORMAL;
        ui_put(r.row + i, r.col, r.cols, w.lines[line], attr);
    }
    free(paras);
    free(copy);
    ui_wrapped_free(&w);
}

bool ui_textview_key(struct ui_textview *v, int key)
{
    return ui_scroll_key(&v->top, v->page, v->nlines, key);
}
