/* ui.h — the terminal: key codes, width-aware drawing primitives, the input source
 * (keyboard or a --script file) and the refresh. src/ui/ is the only code that includes
 * curses.h; everything above it draws through these functions. */
#ifndef ZHIBU_UI_H
#define ZHIBU_UI_H

#include <stdbool.h>
#include <stddef.h>

/* Keys: a printable character is its Unicode code point; everything else is a UK_ code. */
enum ui_key {
    UK_NONE = 0,
    UK_SPECIAL = 0x200000,
    UK_UP, UK_DOWN, UK_LEFT, UK_RIGHT, UK_PGUP, UK_PGDN, UK_HOME, UK_END,
    UK_ENTER, UK_ESC, UK_TAB, UK_BTAB, UK_BACKSPACE, UK_DELETE, UK_INSERT,
    UK_RESIZE,   /* the terminal changed size (the loop redraws) */
    UK_EOF,      /* the --script file is finished: leave without asking */
    UK_CTRL_S,   /* save, like F2 in a form */
    UK_CTRL_U,   /* clear the field */
    UK_PASTE,    /* several characters that arrived at once (a paste): ui_paste_text() */
    UK_BADBYTES, /* bytes from the terminal that are not UTF-8 (a GBK terminal): ignored, and
                  * the loop says so on the status line */
    UK_F0 = UK_SPECIAL + 0x100,
};
#define UK_F(n) (UK_F0 + (n))
#define UK_SPACE 0x20

/* True for a key that inserts a character (code point >= 0x20, not DEL, not a UK_ code). */
bool ui_key_is_char(int key);
/* "F2", "Enter", "Esc", "↑" ... for help texts; a character key gives its UTF-8. The
 * returned string is static or thread-local storage valid until the next call. */
const char *ui_key_label(int key);
/* Parse a script key name without the angle brackets ("F2", "Enter", "S-Tab", "C-s",
 * "Down", "Space", "lt"); returns UK_NONE if unknown. */
int ui_key_from_name(const char *name);

struct ui_rect {
    int row, col, rows, cols;
};

enum ui_attr {
    UA_NORMAL = 0,
    UA_TITLE,        /* the title line */
    UA_STATUS,       /* the status line, a message */
    UA_ERROR,        /* the status line, an error; a field's error text */
    UA_HEADER,       /* list column headers, section headings */
    UA_SELECTED,     /* the list row under the cursor */
    UA_KEY,          /* "F2" in the key bar */
    UA_KEYLABEL,     /* "新建" in the key bar */
    UA_FIELD,        /* an input field */
    UA_FIELD_ACTIVE, /* the input field being edited */
    UA_DIM,          /* voided or left rows, hints */
    UA_MARK,         /* warnings in a row: 补记, 要素不全 */
    UA_BOX,          /* dialog frames and backgrounds */
    UA_COUNT
};

int ui_rows(void);
int ui_cols(void);
/* Draw text at (row, col) truncated and padded to exactly `cols` columns; text that does not
 * fit ends in … (blanks past the end are padding, not a cut). */
void ui_put(int row, int col, int cols, const char *text, enum ui_attr attr);
/* As ui_put; when the text is cut, `whole` (NULL: the text itself) goes to the status line
 * (ui_hint) — for a summary line whose end matters (a form's "缺：时间、地点、…"). */
void ui_put_hinted(int row, int col, int cols, const char *text, const char *whole,
                   enum ui_attr attr);
/* Draw text at (row, col), at most max_cols columns, no padding, a cut marked with … as in
 * ui_put; returns columns used. */
int ui_put_n(int row, int col, int max_cols, const char *text, enum ui_attr attr);
/* Draw text right-aligned so it ends at column col+cols-1 (truncated if wider). */
void ui_put_right(int row, int col, int cols, const char *text, enum ui_attr attr);
/* Paint cols blank columns. */
void ui_fill(int row, int col, int cols, enum ui_attr attr);
void ui_fill_rect(struct ui_rect r, enum ui_attr attr);
/* A framed box (line drawing characters) with an optional title on its top edge, its
 * inside cleared with UA_BOX. */
void ui_box(struct ui_rect r, const char *title);
/* Put the visible cursor here after this frame (otherwise it is hidden). */
void ui_cursor_at(int row, int col);
/* A line for the status line of this frame, set while drawing (the list's cut cells in full:
 * "支部：前进建材有限公司党支部"); shown when there is no message. Forgotten at ui_clear. */
void ui_hint(const char *text);
const char *ui_hint_text(void); /* "" when none */

/* ---- the terminal and the input source (ui/term.c) ---- */
struct ui_term_options {
    const char *script_path; /* NULL: real terminal; else read keys from this file */
    int script_cols, script_rows; /* size of the in-memory screen in script mode */
};
/* Set up curses. Returns 0, or -1 with a Chinese message in err. */
int ui_term_start(const struct ui_term_options *opt, char *err, size_t errsz);
void ui_term_stop(void);
bool ui_is_script(void);
/* Clear the whole screen buffer (before a full redraw). */
void ui_clear(void);
/* Push the frame to the terminal (and position or hide the cursor). */
void ui_refresh(void);
/* The next key. In script mode, ":dump PATH" and ":size CxR" lines are carried out here
 * (a dump writes what the screen shows at that moment), and UK_EOF comes at the end. */
int ui_next_key(void);
/* The next key if it has already arrived (a paste, or the rest of a script line) and is a
 * character; UK_NONE otherwise (a key read that is not a character is kept for
 * ui_next_key). Never waits. */
int ui_next_char_now(void);
/* Give keys back: ui_next_key returns them, in order, before reading more. */
void ui_unread_keys(const int *keys, size_t n);
/* The text of the last UK_PASTE (UTF-8), and its length in characters. */
const char *ui_paste_text(void);
size_t ui_paste_chars(void);
void ui_paste_set(const char *text, size_t nchars);
/* A message for the status line from a widget (e.g. "地点最多 60 字"): set by the widget,
 * shown by the loop after the key. ui_note_take copies it out and clears it (false: none). */
void ui_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
bool ui_note_take(char *out, size_t outsz);
/* Write the current screen as UTF-8 text lines to path (trailing spaces trimmed). */
int ui_dump(const char *path);
/* Whether the window is below the minimum (80x24). */
bool ui_too_small(void);
/* Whether a --script file had an error (unknown key name, bad directive, failed dump). */
bool ui_script_failed(void);
#define UI_MIN_COLS 80
#define UI_MIN_ROWS 24

#endif
