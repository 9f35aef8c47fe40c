/* field.c — the single-line text field, and the character map it shares with the editor.
 * Like calcurse's line editor, every operation first maps the text to characters (byte
 * offset and screen column of each), so the cursor moves, inserts and deletes by character
 * while scrolling and drawing work in columns: a double-width character is one step and two
 * columns, and is never cut in half at either edge of the field. */
#include "zhibu/widgets.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/text.h"
#include "zhibu/util.h"

void ui_charmap_build(struct ui_charmap *m, const char *s)
{
    size_t len = strlen(s);
    /* At most one character per byte, plus the end entry. */
    m->off = xmalloc((len + 1) * sizeof *m->off);
    m->col = xmalloc((len + 1) * sizeof *m->col);
    size_t i = 0, n = 0;
    int col = 0;
    uint32_t cp;
    while (i < len) {
        m->off[n] = i;
        m->col[n] = col;
        i += text_decode(s + i, len - i, &cp);
        col += text_cp_width(cp);
        n++;
    }
    m->off[n] = len;
    m->col[n] = col;
    m->n = n;
}

void ui_charmap_free(struct ui_charmap *m)
{
    free(m->off);
    free(m->col);
    m->off = NULL;
    m->col = NULL;
    m->n = 0;
}

static void field_reserve(struct ui_field *f, size_t need)
{
    if (need + 1 <= f->cap) return;
    size_t cap = f->cap ? f->cap : 32;
    while (cap < need + 1) cap *= 2;
    f->text = xrealloc(f->text, cap);
    f->cap = cap;
}

void ui_field_init(struct ui_field *f, size_t max_chars)
{
    memset(f, 0, sizeof *f);
    f->max_chars = max_chars;
    field_reserve(f, 0);
    f->text[0] = '\0';
}

void ui_field_free(struct ui_field *f)
{
    free(f->text);
    f->text = NULL;
    f->len = f->cap = 0;
    f->cursor = 0;
    f->scroll = 0;
}

void ui_field_set(struct ui_field *f, const char *text)
{
    char *clean = text_sanitize(text ? text : "", false);
    size_t len = strlen(clean);
    if (f->max_chars > 0) {
        struct ui_charmap m;
        ui_charmap_build(&m, clean);
        if (m.n > f->max_chars) len = m.off[f->max_chars];
        ui_charmap_free(&m);
    }
    field_reserve(f, len);
    memcpy(f->text, clean, len);
    f->text[len] = '\0';
    f->len = len;
    free(clean);
    f->cursor = text_chars(f->text);
    f->scroll = 0;
}

const char *ui_field_text(const struct ui_field *f)
{
    return f->text ? f->text : "";
}

int ui_field_cursor_col(const struct ui_field *f)
{
    if (!f->text) return 0;
    struct ui_charmap m;
    ui_charmap_build(&m, f->text);
    size_t c = f->cursor > m.n ? m.n : f->cursor;
    int col = m.col[c];
    ui_charmap_free(&m);
    return col;
}

/* Controls cannot be typed into the text: they are stored as U+FFFD, as ui_field_set does. */
static uint32_t storable_cp(uint32_t cp)
{
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return TEXT_REPLACEMENT;
    return cp; /* text_encode turns surrogates and out-of-range values into U+FFFD */
}

static bool field_insert(struct ui_field *f, const struct ui_charmap *m, uint32_t cp)
{
    if (f->max_chars > 0 && m->n >= f->max_chars) return false;
    char enc[4];
    size_t n = text_encode(storable_cp(cp), enc);
    size_t at = m->off[f->cursor];
    field_reserve(f, f->len + n);
    memmove(f->text + at + n, f->text + at, f->len - at + 1);
    memcpy(f->text + at, enc, n);
    f->len += n;
    f->cursor++;
    return true;
}

/* Encoded text of at most max characters of s (controls stored as U+FFFD): heap; *nchars
 * how many characters it holds. */
static char *storable_prefix(const char *s, size_t max, size_t *nchars)
{
    size_t len = strlen(s), i = 0, n = 0, out = 0;
    char *buf = xmalloc(len * 3 + 4);
    while (i < len && n < max) {
        uint32_t cp;
        i += text_decode(s + i, len - i, &cp);
        out += text_encode(storable_cp(cp), buf + out);
        n++;
    }
    buf[out] = '\0';
    *nchars = n;
    return buf;
}

size_t ui_field_insert(struct ui_field *f, const char *s, size_t max)
{
    if (!f->text) ui_field_init(f, f->max_chars);
    struct ui_charmap m;
    ui_charmap_build(&m, f->text);
    if (f->cursor > m.n) f->cursor = m.n;
    size_t room = f->max_chars > 0 ? (m.n >= f->max_chars ? 0 : f->max_chars - m.n) : SIZE_MAX;
    size_t n = 0;
    char *enc = storable_prefix(s ? s : "", max < room ? max : room, &n);
    size_t k = strlen(enc), at = m.off[f->cursor];
    field_reserve(f, f->len + k);
    memmove(f->text + at + k, f->text + at, f->len - at + 1);
    memcpy(f->text + at, enc, k);
    f->len += k;
    f->cursor += n;
    free(enc);
    ui_charmap_free(&m);
    return n;
}

/* Remove character index c (0 <= c < m->n). */
static void field_remove(struct ui_field *f, const struct ui_charmap *m, size_t c)
{
    size_t from = m->off[c], to = m->off[c + 1];
    memmove(f->text + from, f->text + to, f->len - to + 1);
    f->len -= to - from;
}

bool ui_field_key(struct ui_field *f, int key)
{
    if (!f->text) ui_field_init(f, f->max_chars);
    struct ui_charmap m;
    ui_charmap_build(&m, f->text);
    if (f->cursor > m.n) f->cursor = m.n;
    bool used = true;
    switch (key) {
    case UK_LEFT:
        if (f->cursor > 0) f->cursor--;
        break;
    case UK_RIGHT:
        if (f->cursor < m.n) f->cursor++;
        break;
    case UK_HOME:
        f->cursor = 0;
        break;
    case UK_END:
        f->cursor = m.n;
        break;
    case UK_BACKSPACE:
        if (f->cursor > 0) {
            field_remove(f, &m, f->cursor - 1);
            f->cursor--;
        }
        break;
    case UK_DELETE:
        if (f->cursor < m.n) field_remove(f, &m, f->cursor);
        break;
    case UK_CTRL_U:
        f->len = 0;
        f->text[0] = '\0';
        f->cursor = 0;
        f->scroll = 0;
        break;
    default:
        if (ui_key_is_char(key))
            field_insert(f, &m, (uint32_t)key); /* a refused character is still consumed */
        else
            used = false;
        break;
    }
    ui_charmap_free(&m);
    return used;
}

/* First visible column so that the cursor cell (the character under it, or one column at the
 * end) lies inside `cols`, starting on a character boundary. */
static int field_scroll(const struct ui_charmap *m, size_t cursor, int scroll, int cols)
{
    int ccol = m->col[cursor];
    int cw = cursor < m->n ? m->col[cursor + 1] - ccol : 1;
    if (cw < 1) cw = 1;
    if (m->col[m->n] + 1 <= cols) return 0; /* everything fits */
    if (ccol < scroll) scroll = ccol;
    if (ccol + cw > scroll + cols) scroll = cw > cols ? ccol : ccol + cw - cols;
    if (scroll < 0) scroll = 0;
    /* Move right to the next character start so no wide character is cut on the left. */
    for (size_t i = 0; i <= m->n; i++) {
        if (m->col[i] >= scroll) {
            scroll = m->col[i];
            break;
        }
    }
    return scroll;
}

void ui_field_view(struct ui_field *f, int cols, bool follow_cursor, size_t *from, size_t *to)
{
    if (!f->text) ui_field_init(f, f->max_chars);
    struct ui_charmap m;
    ui_charmap_build(&m, f->text);
    if (f->cursor > m.n) f->cursor = m.n;
    int scroll = 0;
    if (follow_cursor && cols > 0) scroll = f->scroll = field_scroll(&m, f->cursor, f->scroll, cols);
    /* The visible characters: those starting at or after scroll and ending within the field. */
    size_t first = 0;
    while (first < m.n && m.col[first] < scroll) first++;
    size_t last = first;
    while (last < m.n && m.col[last + 1] - scroll <= cols) last++;
    *from = m.off[first];
    *to = m.off[last];
    ui_charmap_free(&m);
}

void ui_field_draw(struct ui_field *f, int row, int col, int cols, bool active)
{
    if (cols <= 0) return;
    if (f->secret) {
        /* one '*' per character, so neither the text nor its width shows */
        struct ui_charmap m;
        ui_charmap_build(&m, f->text);
        int n = (int)m.n < cols - 1 ? (int)m.n : cols - 1;
        char *stars = xmalloc((size_t)cols + 1);
        memset(stars, '*', (size_t)n);
        stars[n] = '\0';
        ui_put(row, col, cols, stars, active ? UA_FIELD_ACTIVE : UA_FIELD);
        int cur = (int)f->cursor < n ? (int)f->cursor : n;
        if (active) ui_cursor_at(row, col + cur);
        free(stars);
        ui_charmap_free(&m);
        return;
    }
    if (!active) { /* the start, and … where the rest does not fit */
        ui_put(row, col, cols, f->text ? f->text : "", UA_FIELD);
        return;
    }
    size_t from, to;
    /* Being edited, the field scrolls to the cursor. */
    ui_field_view(f, cols, active, &from, &to);
    char *vis = xmalloc(to - from + 1);
    memcpy(vis, f->text + from, to - from);
    vis[to - from] = '\0';
    ui_put(row, col, cols, vis, active ? UA_FIELD_ACTIVE : UA_FIELD);
    if (active) ui_cursor_at(row, col + ui_field_cursor_col(f) - f->scroll);
    free(vis);
}
