/* editor.c — the multi-line editor (meeting minutes, reasons, notes).
 * The text is an array of logical lines; drawing soft-wraps each one by columns. Chinese text
 * has no spaces to break at, so a visual line simply ends at the column limit, never splitting
 * a double-width character (it moves whole to the next visual line). Up/Down move by visual
 * line, aiming for the column the movement started from. */
#include "zhibu/widgets.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/text.h"
#include "zhibu/util.h"

/* Start character of each visual line of a mapped line wrapped at `cols` (<= 0: no wrap).
 * starts must hold m->n + 2 entries; returns how many visual lines. A line that fills its last
 * visual line exactly gets an extra empty one: the cursor after the last character stands
 * there, so the cursor is never drawn past the right edge. */
static size_t wrap_starts(const struct ui_charmap *m, int cols, size_t *starts)
{
    size_t k = 0;
    starts[k++] = 0;
    if (cols <= 0) return k;
    for (size_t i = 0; i < m->n; i++) {
        size_t s = starts[k - 1];
        if (i > s && m->col[i + 1] - m->col[s] > cols) starts[k++] = i;
    }
    size_t s = starts[k - 1];
    if (m->n > s && m->col[m->n] - m->col[s] >= cols) starts[k++] = m->n;
    return k;
}

/* A line's layout: its character map and visual lines. */
struct layout {
    struct ui_charmap m;
    size_t *starts;
    size_t nseg;
};

static void layout_build(struct layout *lo, const char *line, int cols)
{
    ui_charmap_build(&lo->m, line);
    lo->starts = xmalloc((lo->m.n + 2) * sizeof *lo->starts);
    lo->nseg = wrap_starts(&lo->m, cols, lo->starts);
}

static void layout_free(struct layout *lo)
{
    ui_charmap_free(&lo->m);
    free(lo->starts);
}

/* Visual line holding character position p. */
static size_t layout_seg_of(const struct layout *lo, size_t p)
{
    size_t k = 0;
    while (k + 1 < lo->nseg && lo->starts[k + 1] <= p) k++;
    return k;
}

/* Last cursor position on visual line k (the next line's start belongs to the next line). */
static size_t layout_seg_last(const struct layout *lo, size_t k)
{
    return k + 1 < lo->nseg ? lo->starts[k + 1] - 1 : lo->m.n;
}

/* The position on visual line k whose column is the largest not past goal. */
static size_t layout_pos_at(const struct layout *lo, size_t k, int goal)
{
    size_t p = lo->starts[k], last = layout_seg_last(lo, k);
    int base = lo->m.col[lo->starts[k]];
    while (p < last && lo->m.col[p + 1] - base <= goal) p++;
    return p;
}

int ui_editor_wrap_count(const char *line, int cols)
{
    struct layout lo;
    layout_build(&lo, line ? line : "", cols);
    int n = (int)lo.nseg;
    layout_free(&lo);
    return n;
}

static void editor_reserve(struct ui_editor *e, size_t need)
{
    if (need <= e->cap) return;
    size_t cap = e->cap ? e->cap : 8;
    while (cap < need) cap *= 2;
    e->lines = xrealloc(e->lines, cap * sizeof *e->lines);
    e->cap = cap;
}

static void editor_clear_lines(struct ui_editor *e)
{
    for (size_t i = 0; i < e->nlines; i++) free(e->lines[i]);
    e->nlines = 0;
}

void ui_editor_init(struct ui_editor *e, size_t max_chars)
{
    memset(e, 0, sizeof *e);
    e->max_chars = max_chars;
    editor_reserve(e, 1);
    e->lines[0] = xstrdup("");
    e->nlines = 1;
}

void ui_editor_free(struct ui_editor *e)
{
    editor_clear_lines(e);
    free(e->lines);
    e->lines = NULL;
    e->cap = 0;
    e->row = e->cursor = 0;
}

static void editor_ensure(struct ui_editor *e)
{
    if (!e->lines || e->nlines == 0) {
        size_t max = e->max_chars;
        ui_editor_init(e, max);
    }
}

size_t ui_editor_chars(const struct ui_editor *e)
{
    if (!e->lines || e->nlines == 0) return 0;
    size_t n = e->nlines - 1; /* line breaks */
    for (size_t i = 0; i < e->nlines; i++) n += text_chars(e->lines[i]);
    return n;
}

void ui_editor_set(struct ui_editor *e, const char *text)
{
    editor_ensure(e);
    /* Pasted text: tabs become spaces, CR LF and lone CR become line breaks. */
    const char *src = text ? text : "";
    char *plain = xmalloc(strlen(src) + 1);
    size_t n = 0;
    for (const char *p = src; *p; p++) {
        if (*p == '\r') {
            if (p[1] != '\n') plain[n++] = '\n';
        } else {
            plain[n++] = *p == '\t' ? ' ' : *p;
        }
    }
    plain[n] = '\0';
    char *clean = text_sanitize(plain, true);
    free(plain);
    if (e->max_chars > 0) {
        struct ui_charmap m;
        ui_charmap_build(&m, clean);
        if (m.n > e->max_chars) clean[m.off[e->max_chars]] = '\0';
        ui_charmap_free(&m);
    }
    editor_clear_lines(e);
    const char *p = clean;
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        editor_reserve(e, e->nlines + 1);
        char *line = xmalloc(len + 1);
        memcpy(line, p, len);
        line[len] = '\0';
        e->lines[e->nlines++] = line;
        if (!nl) break;
        p = nl + 1;
    }
    free(clean);
    e->row = 0;
    e->cursor = 0;
    e->top = 0;
    e->goal_col = 0;
}

char *ui_editor_text(const struct ui_editor *e)
{
    if (!e->lines || e->nlines == 0) return xstrdup("");
    size_t total = 0;
    for (size_t i = 0; i < e->nlines; i++) total += strlen(e->lines[i]) + 1;
    char *out = xmalloc(total);
    size_t pos = 0;
    for (size_t i = 0; i < e->nlines; i++) {
        size_t len = strlen(e->lines[i]);
        memcpy(out + pos, e->lines[i], len);
        pos += len;
        if (i + 1 < e->nlines) out[pos++] = '\n';
    }
    out[pos] = '\0';
    return out;
}

size_t ui_editor_insert(struct ui_editor *e, const char *s, size_t max)
{
    editor_ensure(e);
    if (e->row >= e->nlines) e->row = e->nlines - 1;
    size_t have = ui_editor_chars(e);
    size_t room = e->max_chars > 0 ? (have >= e->max_chars ? 0 : e->max_chars - have) : SIZE_MAX;
    if (max > room) max = room;
    /* one line's worth, as typed: controls (a line break, a tab) stored as U+FFFD */
    const char *src = s ? s : "";
    size_t len = strlen(src), i = 0, n = 0, out = 0;
    char *enc = xmalloc(len * 3 + 4);
    while (i < len && n < max) {
        uint32_t cp;
        i += text_decode(src + i, len - i, &cp);
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) cp = TEXT_REPLACEMENT;
        out += text_encode(cp, enc + out);
        n++;
    }
    struct ui_charmap m;
    char *line = e->lines[e->row];
    ui_charmap_build(&m, line);
    if (e->cursor > m.n) e->cursor = m.n;
    size_t at = m.off[e->cursor], llen = strlen(line);
    char *joined = xmalloc(llen + out + 1);
    memcpy(joined, line, at);
    memcpy(joined + at, enc, out);
    memcpy(joined + at + out, line + at, llen - at + 1);
    free(line);
    e->lines[e->row] = joined;
    e->cursor += n;
    e->goal_col = 0;
    ui_charmap_free(&m);
    free(enc);
    return n;
}

static bool editor_full(const struct ui_editor *e)
{
    return e->max_chars > 0 && ui_editor_chars(e) >= e->max_chars;
}

static void editor_insert_line(struct ui_editor *e, size_t at, char *line)
{
    editor_reserve(e, e->nlines + 1);
    memmove(e->lines + at + 1, e->lines + at, (e->nlines - at) * sizeof *e->lines);
    e->lines[at] = line;
    e->nlines++;
}

/* Append line `row + 1` to line `row` and remove it. */
static void editor_join_next(struct ui_editor *e, size_t row)
{
    char *a = e->lines[row], *b = e->lines[row + 1];
    size_t la = strlen(a), lb = strlen(b);
    a = xrealloc(a, la + lb + 1);
    memcpy(a + la, b, lb + 1);
    e->lines[row] = a;
    free(b);
    memmove(e->lines + row + 1, e->lines + row + 2, (e->nlines - row - 2) * sizeof *e->lines);
    e->nlines--;
}

static void editor_remove_char(struct ui_editor *e, const struct ui_charmap *m, size_t c)
{
    char *line = e->lines[e->row];
    size_t from = m->off[c], to = m->off[c + 1];
    memmove(line + from, line + to, strlen(line + to) + 1);
}

static void editor_insert_char(struct ui_editor *e, const struct ui_charmap *m, uint32_t cp)
{
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) cp = TEXT_REPLACEMENT;
    char enc[4];
    size_t n = text_encode(cp, enc);
    char *line = e->lines[e->row];
    size_t len = strlen(line), at = m->off[e->cursor];
    line = xrealloc(line, len + n + 1);
    memmove(line + at + n, line + at, len - at + 1);
    memcpy(line + at, enc, n);
    e->lines[e->row] = line;
    e->cursor++;
}

static void editor_split(struct ui_editor *e, const struct ui_charmap *m)
{
    char *line = e->lines[e->row];
    char *rest = xstrdup(line + m->off[e->cursor]);
    line[m->off[e->cursor]] = '\0';
    editor_insert_line(e, e->row + 1, rest);
    e->row++;
    e->cursor = 0;
}

/* One visual line up (dir < 0) or down (dir > 0), aiming for column goal. */
static bool editor_vmove(struct ui_editor *e, int dir, int goal)
{
    struct layout lo;
    layout_build(&lo, e->lines[e->row], e->wrap_cols);
    size_t k = layout_seg_of(&lo, e->cursor);
    bool moved = true;
    if (dir < 0 && k > 0) {
        e->cursor = layout_pos_at(&lo, k - 1, goal);
    } else if (dir > 0 && k + 1 < lo.nseg) {
        e->cursor = layout_pos_at(&lo, k + 1, goal);
    } else if (dir < 0 && e->row > 0) {
        layout_free(&lo);
        e->row--;
        layout_build(&lo, e->lines[e->row], e->wrap_cols);
        e->cursor = layout_pos_at(&lo, lo.nseg - 1, goal);
    } else if (dir > 0 && e->row + 1 < e->nlines) {
        layout_free(&lo);
        e->row++;
        layout_build(&lo, e->lines[e->row], e->wrap_cols);
        e->cursor = layout_pos_at(&lo, 0, goal);
    } else {
        moved = false;
    }
    layout_free(&lo);
    return moved;
}

/* Column of the cursor within its visual line. */
static int editor_vcol(const struct ui_editor *e)
{
    struct layout lo;
    layout_build(&lo, e->lines[e->row], e->wrap_cols);
    size_t k = layout_seg_of(&lo, e->cursor);
    int col = lo.m.col[e->cursor] - lo.m.col[lo.starts[k]];
    layout_free(&lo);
    return col;
}

static bool editor_vertical(struct ui_editor *e, int key)
{
    int goal = e->goal_col > 0 ? e->goal_col - 1 : editor_vcol(e);
    bool used = true;
    if (key == UK_UP || key == UK_DOWN) {
        used = editor_vmove(e, key == UK_UP ? -1 : 1, goal);
    } else {
        int step = e->page_rows > 1 ? e->page_rows - 1 : 1;
        int dir = key == UK_PGUP ? -1 : 1;
        int moved = 0;
        while (moved < step && editor_vmove(e, dir, goal)) moved++;
        if (moved < step) { /* reached the top or bottom: go to the very start or end */
            if (dir < 0) {
                e->cursor = 0;
            } else {
                e->cursor = text_chars(e->lines[e->row]);
            }
        }
    }
    if (used) e->goal_col = goal + 1;
    return used;
}

static void editor_home_end(struct ui_editor *e, const struct ui_charmap *m, int key)
{
    struct layout lo;
    layout_build(&lo, e->lines[e->row], e->wrap_cols);
    size_t k = layout_seg_of(&lo, e->cursor);
    if (key == UK_HOME) {
        /* First press: start of the visual line; again: start of the logical line. */
        e->cursor = e->cursor != lo.starts[k] ? lo.starts[k] : 0;
    } else {
        size_t last = layout_seg_last(&lo, k);
        e->cursor = e->cursor != last ? last : m->n;
    }
    layout_free(&lo);
}

bool ui_editor_key(struct ui_editor *e, int key)
{
    editor_ensure(e);
    if (e->row >= e->nlines) e->row = e->nlines - 1;
    if (key == UK_UP || key == UK_DOWN || key == UK_PGUP || key == UK_PGDN)
        return editor_vertical(e, key);
    e->goal_col = 0;
    struct ui_charmap m;
    ui_charmap_build(&m, e->lines[e->row]);
    if (e->cursor > m.n) e->cursor = m.n;
    bool used = true;
    switch (key) {
    case UK_LEFT:
        if (e->cursor > 0) {
            e->cursor--;
        } else if (e->row > 0) {
            e->row--;
            e->cursor = text_chars(e->lines[e->row]);
        }
        break;
    case UK_RIGHT:
        if (e->cursor < m.n) {
            e->cursor++;
        } else if (e->row + 1 < e->nlines) {
            e->row++;
            e->cursor = 0;
        }
        break;
    case UK_HOME:
    case UK_END:
        editor_home_end(e, &m, key);
        break;
    case UK_ENTER:
        if (!editor_full(e)) editor_split(e, &m);
        break;
    case UK_BACKSPACE:
        if (e->cursor > 0) {
            editor_remove_char(e, &m, e->cursor - 1);
            e->cursor--;
        } else if (e->row > 0) {
            size_t prev = text_chars(e->lines[e->row - 1]);
            editor_join_next(e, e->row - 1);
            e->row--;
            e->cursor = prev;
        }
        break;
    case UK_DELETE:
        if (e->cursor < m.n)
            editor_remove_char(e, &m, e->cursor);
        else if (e->row + 1 < e->nlines)
            editor_join_next(e, e->row);
        break;
    default:
        if (ui_key_is_char(key)) {
            if (!editor_full(e)) editor_insert_char(e, &m, (uint32_t)key);
        } else {
            used = false;
        }
        break;
    }
    ui_charmap_free(&m);
    return used;
}

void ui_editor_draw(struct ui_editor *e, struct ui_rect r, bool active)
{
    if (r.rows <= 0 || r.cols <= 0) return;
    editor_ensure(e);
    if (e->row >= e->nlines) e->row = e->nlines - 1;
    e->wrap_cols = r.cols;
    e->page_rows = r.rows;
    enum ui_attr attr = active ? UA_FIELD_ACTIVE : UA_FIELD;

    /* Where the cursor is, in visual lines from the top of the text. */
    int total = 0, cur_v = 0, cur_col = 0;
    for (size_t i = 0; i < e->nlines; i++) {
        struct layout lo;
        layout_build(&lo, e->lines[i], r.cols);
        if (i == e->row) {
            if (e->cursor > lo.m.n) e->cursor = lo.m.n;
            size_t k = layout_seg_of(&lo, e->cursor);
            cur_v = total + (int)k;
            cur_col = lo.m.col[e->cursor] - lo.m.col[lo.starts[k]];
        }
        total += (int)lo.nseg;
        layout_free(&lo);
    }
    if (cur_v < e->top) e->top = cur_v;
    if (cur_v >= e->top + r.rows) e->top = cur_v - r.rows + 1;
    if (e->top > total - r.rows) e->top = total - r.rows > 0 ? total - r.rows : 0;
    if (e->top < 0) e->top = 0;
    if (cur_v < e->top) e->top = cur_v;

    int v = 0, drawn = 0;
    for (size_t i = 0; i < e->nlines && drawn < r.rows; i++) {
        struct layout lo;
        layout_build(&lo, e->lines[i], r.cols);
        if (v + (int)lo.nseg <= e->top) {
            v += (int)lo.nseg;
            layout_free(&lo);
            continue;
        }
        for (size_t k = 0; k < lo.nseg && drawn < r.rows; k++, v++) {
            if (v < e->top) continue;
            size_t from = lo.m.off[lo.starts[k]];
            size_t to = k + 1 < lo.nseg ? lo.m.off[lo.starts[k + 1]] : lo.m.off[lo.m.n];
            char *seg = xmalloc(to - from + 1);
            memcpy(seg, e->lines[i] + from, to - from);
            seg[to - from] = '\0';
            ui_put(r.row + drawn, r.col, r.cols, seg, attr);
            free(seg);
            drawn++;
        }
        layout_free(&lo);
    }
    for (; drawn < r.rows; drawn++) ui_fill(r.row + drawn, r.col, r.cols, attr);
    if (active) ui_cursor_at(r.row + cur_v - e->top, r.col + cur_col);
}
