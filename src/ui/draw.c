/* draw.c — width-aware drawing: every string is measured and cut by screen columns
 * (text.h), so a double-width character is never split and invalid bytes show as U+FFFD;
 * text that does not fit ends in … (ui_put, ui_put_n: the one place a cut is marked).
 * Colours where the terminal has them, a monochrome look (bold / reverse) where not. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui_internal.h"
#include "zhibu/text.h"
#include "zhibu/ui.h"

static attr_t attr_of[UA_COUNT];
static short pair_of[UA_COUNT];
static int cursor_row = -1, cursor_col = -1;
static char hint[1024];

void ui_draw_init_colors(void)
{
    /* monochrome defaults */
    attr_of[UA_NORMAL] = A_NORMAL;
    attr_of[UA_TITLE] = A_REVERSE;
    attr_of[UA_STATUS] = A_NORMAL;
    attr_of[UA_ERROR] = A_BOLD;
    attr_of[UA_HEADER] = A_BOLD | A_UNDERLINE;
    attr_of[UA_SELECTED] = A_REVERSE;
    attr_of[UA_KEY] = A_BOLD;
    attr_of[UA_KEYLABEL] = A_REVERSE;
    attr_of[UA_FIELD] = A_UNDERLINE;
    attr_of[UA_FIELD_ACTIVE] = A_REVERSE;
    attr_of[UA_DIM] = A_DIM;
    attr_of[UA_MARK] = A_BOLD;
    attr_of[UA_BOX] = A_NORMAL;
    memset(pair_of, 0, sizeof pair_of);
    if (!has_colors() || start_color() == ERR) return;
    use_default_colors();
    struct { enum ui_attr a; short fg, bg; attr_t extra; } scheme[] = {
        {UA_TITLE, COLOR_WHITE, COLOR_BLUE, A_BOLD},
        {UA_ERROR, COLOR_RED, -1, A_BOLD},
        {UA_HEADER, COLOR_CYAN, -1, A_BOLD},
        {UA_SELECTED, COLOR_BLACK, COLOR_CYAN, A_NORMAL},
        {UA_KEY, COLOR_WHITE, COLOR_BLACK, A_BOLD},
        {UA_KEYLABEL, COLOR_BLACK, COLOR_CYAN, A_NORMAL},
        {UA_FIELD, COLOR_WHITE, COLOR_BLUE, A_NORMAL},
        {UA_FIELD_ACTIVE, COLOR_BLACK, COLOR_YELLOW, A_NORMAL},
        {UA_MARK, COLOR_YELLOW, -1, A_BOLD},
        {UA_STATUS, COLOR_GREEN, -1, A_NORMAL},
    };
    short next = 1;
    for (size_t i = 0; i < sizeof scheme / sizeof scheme[0]; i++) {
        if (next >= COLOR_PAIRS) break;
        if (init_pair(next, scheme[i].fg, scheme[i].bg) == ERR) continue;
        pair_of[scheme[i].a] = next++;
        attr_of[scheme[i].a] = scheme[i].extra;
    }
}

void ui_draw_reset_cursor(void)
{
    cursor_row = cursor_col = -1;
}

bool ui_draw_cursor(int *row, int *col)
{
    if (cursor_row < 0 || cursor_row >= LINES || cursor_col < 0 || cursor_col >= COLS)
        return false;
    *row = cursor_row;
    *col = cursor_col;
    return true;
}

void ui_draw_reset_hint(void)
{
    hint[0] = '\0';
}

void ui_hint(const char *text)
{
    size_t len = strlen(text), n = 0;
    uint32_t cp;
    while (n < len) { /* whole characters only */
        size_t step = text_decode(text + n, len - n, &cp);
        if (n + step >= sizeof hint) break;
        n += step;
    }
    memcpy(hint, text, n);
    hint[n] = '\0';
}

const char *ui_hint_text(void)
{
    return hint;
}

void ui_cursor_at(int row, int col)
{
    cursor_row = row;
    cursor_col = col;
}

static void set_attr(enum ui_attr a)
{
    if (a < 0 || a >= UA_COUNT) a = UA_NORMAL;
    attr_set(attr_of[a], pair_of[a], NULL);
}

/* Columns the character stored at (row, x) takes: ncurses keeps a wide character in both of
 * its cells, so a row is read from its start, character by character. */
static int cell_width(int row, int x)
{
    cchar_t cc;
    wchar_t wch[CCHARW_MAX + 1];
    attr_t attrs;
    short pair;
    if (mvwin_wch(stdscr, row, x, &cc) == ERR || getcchar(&cc, wch, &attrs, &pair, NULL) == ERR)
        return 1;
    int w = wcwidth(wch[0]);
    return w == 2 ? 2 : 1;
}

/* ncurses does not mend a double-width character that a write cuts in half, so before a write
 * of columns [col, end) a character straddling col is blanked, and *orphan tells whether one
 * starting at end-1 will leave its second half behind at end (blanked after the write). */
static void mend_before(int row, int col, int end, bool *orphan)
{
    *orphan = false;
    int x = 0;
    while (x < end && x < COLS) {
        int w = cell_width(row, x);
        if (w == 2 && x < col && x + 1 == col) mvaddch(row, x, ' ');
        if (w == 2 && x + 1 == end) *orphan = true;
        x += w;
    }
}

static void mend_after(int row, int end, bool orphan)
{
    if (orphan && end < COLS) {
        attr_set(A_NORMAL, 0, NULL);
        mvaddch(row, end, ' ');
    }
}

/* Draws an already column-fitted UTF-8 string. */
static void put_fitted(int row, int col, const char *s)
{
    wchar_t buf[1024];
    size_t n = 0, len = strlen(s);
    for (size_t i = 0; i < len && n + 1 < sizeof buf / sizeof buf[0];) {
        uint32_t cp;
        i += text_decode(s + i, len - i, &cp);
        buf[n++] = (wchar_t)text_display_cp(cp);
    }
    buf[n] = L'\0';
    int end = col + text_width(s);
    bool orphan;
    mend_before(row, col, end, &orphan);
    mvaddnwstr(row, col, buf, (int)n);
    mend_after(row, end, orphan);
}

/* Clips a request to the screen; returns the usable columns (<= 0: nothing to draw). */
static int clip(int row, int col, int cols)
{
    if (row < 0 || row >= LINES || col < 0 || col >= COLS) return 0;
    if (col + cols > COLS) cols = COLS - col;
    return cols;
}

void ui_put(int row, int col, int cols, const char *text, enum ui_attr attr)
{
    cols = clip(row, col, cols);
    if (cols <= 0) return;
    size_t sz = (size_t)cols * 4 + 8;
    char stackbuf[1024];
    char *buf = sz <= sizeof stackbuf ? stackbuf : malloc(sz);
    if (!buf) return;
    text_pad(buf, sz, text ? text : "", cols, true); /* a cut shows as … */
    set_attr(attr);
    put_fitted(row, col, buf);
    set_attr(UA_NORMAL);
    if (buf != stackbuf) free(buf);
}

void ui_put_hinted(int row, int col, int cols, const char *text, const char *whole,
                   enum ui_attr attr)
{
    ui_put(row, col, cols, text, attr);
    int shown = clip(row, col, cols);
    if (text && shown > 0 && text_cut_at(text, shown)) ui_hint(whole ? whole : text);
}

int ui_put_n(int row, int col, int max_cols, const char *text, enum ui_attr attr)
{
    max_cols = clip(row, col, max_cols);
    if (max_cols <= 0 || !text) return 0;
    int used = 0;
    size_t n = text_fit(text, max_cols, &used);
    bool cut = text_cut_at(text, max_cols);
    if (cut) used = max_cols; /* the whole room, the last column a … */
    if (used <= 0) return 0;
    size_t sz = n * 3 + (size_t)used * 4 + 8;
    char stackbuf[1024];
    char *buf = sz <= sizeof stackbuf ? stackbuf : malloc(sz);
    if (!buf) return 0;
    /* text_pad sanitises (controls, invalid bytes) at exactly the fitted width */
    text_pad(buf, sz, text, used, cut);
    set_attr(attr);
    put_fitted(row, col, buf);
    set_attr(UA_NORMAL);
    if (buf != stackbuf) free(buf);
    return used;
}

void ui_put_right(int row, int col, int cols, const char *text, enum ui_attr attr)
{
    int w = text_width(text);
    if (w >= cols) {
        ui_put(row, col, cols, text, attr);
        return;
    }
    ui_put_n(row, col + cols - w, w, text, attr);
}

void ui_fill(int row, int col, int cols, enum ui_attr attr)
{
    ui_put(row, col, cols, "", attr);
}

void ui_fill_rect(struct ui_rect r, enum ui_attr attr)
{
    for (int i = 0; i < r.rows; i++) ui_fill(r.row + i, r.col, r.cols, attr);
}

/* The line-drawing characters as text, so that they go through the same mending as text. */
static void put_repeat(int row, int col, int n, const char *first, const char *mid, const char *last)
{
    size_t lf = strlen(first), lm = strlen(mid), ll = strlen(last);
    char *buf = malloc(lf + lm * (size_t)(n > 2 ? n - 2 : 0) + ll + 1);
    if (!buf) return;
    size_t len = 0;
    memcpy(buf, first, lf);
    len += lf;
    for (int i = 1; i < n - 1; i++) {
        memcpy(buf + len, mid, lm);
        len += lm;
    }
    memcpy(buf + len, last, ll);
    len += ll;
    buf[len] = '\0';
    ui_put(row, col, n, buf, UA_BOX);
    free(buf);
}

void ui_box(struct ui_rect r, const char *title)
{
    if (r.rows < 2 || r.cols < 2) return;
    ui_fill_rect(r, UA_BOX);
    int right = r.col + r.cols - 1, bottom = r.row + r.rows - 1;
    put_repeat(r.row, r.col, r.cols, "┌", "─", "┐");
    put_repeat(bottom, r.col, r.cols, "└", "─", "┘");
    for (int y = r.row + 1; y < bottom; y++) {
        ui_put(y, r.col, 1, "│", UA_BOX);
        ui_put(y, right, 1, "│", UA_BOX);
    }
    if (title && *title) {
        int w = text_width(title);
        if (w > r.cols - 6) w = r.cols - 6;
        if (w > 0) {
            int c = r.col + (r.cols - w - 2) / 2;
            ui_put(r.row, c, 1, " ", UA_BOX);
            int used = ui_put_n(r.row, c + 1, w, title, UA_HEADER);
            ui_put(r.row, c + 1 + used, 1, " ", UA_BOX);
        }
    }
}
