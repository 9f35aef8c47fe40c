/* widgets.h — the one copy of each widget every screen uses: single-line text field,
 * multi-line editor, scrolling list with column layout, form, choice picker, and the
 * modal dialogs (confirm, message, prompt). Editing logic works on characters and columns
 * (a double-width character is one cursor step and two columns); drawing goes through ui.h. */
#ifndef ZHIBU_WIDGETS_H
#define ZHIBU_WIDGETS_H

#include <stdbool.h>
#include <stddef.h>

#include "zhibu/ui.h"

/* ---- single-line text field ---- */
struct ui_field {
    char *text;        /* UTF-8, NUL-terminated, heap */
    size_t len;        /* bytes */
    size_t cap;
    size_t max_chars;  /* 0 = no limit */
    size_t cursor;     /* cursor position in characters (0..chars) */
    int scroll;        /* first visible column */
    bool secret;       /* a password: drawn as one '*' per character, never the text */
};
void ui_field_init(struct ui_field *f, size_t max_chars);
void ui_field_free(struct ui_field *f);
/* Replace the text (invalid bytes and controls become U+FFFD; truncated to max_chars);
 * the cursor goes to the end. */
void ui_field_set(struct ui_field *f, const char *text);
const char *ui_field_text(const struct ui_field *f);
/* Left/Right/Home/End move by character; Backspace/Delete remove one character; Ctrl-U
 * clears; a character key inserts at the cursor (refused past max_chars). Returns true if
 * the key was used. */
bool ui_field_key(struct ui_field *f, int key);
/* Insert at most max characters of s at the cursor (within max_chars), in one step; returns
 * how many went in. */
size_t ui_field_insert(struct ui_field *f, const char *s, size_t max);
/* Draw in `cols` columns, scrolling horizontally so the cursor stays visible; when active,
 * places the terminal cursor. An inactive field shows the start of its text. */
void ui_field_draw(struct ui_field *f, int row, int col, int cols, bool active);
/* What ui_field_draw shows in `cols` columns: the byte range [*from, *to) of the text, never
 * half a double-width character at either edge. With follow_cursor, f->scroll is first
 * adjusted so the cursor (and the character under it) is inside; else the start shows. */
void ui_field_view(struct ui_field *f, int cols, bool follow_cursor, size_t *from, size_t *to);
/* Column of the cursor from the start of the text. */
int ui_field_cursor_col(const struct ui_field *f);

/* ---- multi-line editor (minutes, reasons, notes) ---- */
struct ui_editor {
    char **lines;      /* UTF-8 lines without '\n' */
    size_t nlines;
    size_t cap;
    size_t row;        /* cursor line */
    size_t cursor;     /* cursor position in characters within the line */
    size_t max_chars;  /* whole-text limit in characters, 0 = none */
    int top;           /* first visible visual (wrapped) line */
    int wrap_cols;     /* columns used for wrapping at the last draw (0 = no wrapping) */
    int page_rows;     /* rows visible at the last draw (PgUp/PgDn step) */
    int goal_col;      /* column Up/Down aim for, plus one (0 = the cursor's own) */
};
void ui_editor_init(struct ui_editor *e, size_t max_chars);
void ui_editor_free(struct ui_editor *e);
void ui_editor_set(struct ui_editor *e, const char *text);
/* The whole text joined with '\n' (heap; caller frees). */
char *ui_editor_text(const struct ui_editor *e);
/* Arrows move (Up/Down by wrapped visual line), Enter splits the line, Backspace at the
 * start of a line joins it to the previous one, PgUp/PgDn move a page. Tab is not used
 * (it moves between form items). Returns true if used. */
bool ui_editor_key(struct ui_editor *e, int key);
/* Insert at most max characters of s at the cursor (within the whole-text limit), in one step;
 * returns how many went in. */
size_t ui_editor_insert(struct ui_editor *e, const char *s, size_t max);
/* Draw soft-wrapped by columns into r, scrolled so the cursor is visible. */
void ui_editor_draw(struct ui_editor *e, struct ui_rect r, bool active);
/* Visual lines one logical line takes when wrapped at `cols` columns (>= 1). A line whose
 * width fills the last visual line exactly gets one more (empty) visual line, where the
 * cursor stands after its last character. cols <= 0 means no wrapping. */
int ui_editor_wrap_count(const char *line, int cols);
/* Whole text length in characters, counting each line break as one. */
size_t ui_editor_chars(const struct ui_editor *e);

/* ---- character map shared by the field and the editor (calcurse's approach) ----
 * For each character of a UTF-8 string its byte offset and its starting screen column,
 * plus one final entry for the end of the string (off = length, col = total width). */
struct ui_charmap {
    size_t n;      /* characters */
    size_t *off;   /* n + 1 byte offsets */
    int *col;      /* n + 1 columns */
};
void ui_charmap_build(struct ui_charmap *m, const char *s);
void ui_charmap_free(struct ui_charmap *m);

/* ---- scrolling list with columns ---- */
struct ui_column {
    const char *title;   /* Chinese header */
    int width;           /* minimum columns */
    int grow;            /* share of the columns left over (0 = fixed) */
    bool right;          /* right-aligned (numbers) */
};
struct ui_list {
    const struct ui_column *columns;
    int ncolumns;
    int count;           /* rows */
    int sel;             /* selected row, -1 when empty */
    int top;             /* first visible row */
    int page;            /* rows visible at the last draw */
    /* Text of (row, column) into buf. */
    void (*cell)(void *ctx, int row, int column, char *buf, size_t bufsz);
    /* Attribute of a row when not selected (UA_NORMAL, UA_DIM, UA_MARK); may be NULL. */
    enum ui_attr (*row_attr)(void *ctx, int row);
    void *ctx;
    const char *empty_text; /* shown when count == 0, e.g. "（没有符合条件的党员）" */
    int cell_cursor;        /* a grid's cell cursor: column cell_cursor - 1 of the selected row
                               is drawn in UA_FIELD_ACTIVE; 0 = none */
};
/* Set the row count, keeping sel and top in range. */
void ui_list_set_count(struct ui_list *l, int count);
void ui_list_select(struct ui_list *l, int row);
/* Column widths for a total width: minimums, then extra shared by grow; a column that
 * does not fit at all gets 0 (dropped from the right). One space between columns. */
void ui_list_layout(const struct ui_column *columns, int ncolumns, int total, int *widths);
/* Header line then rows; the selected row in UA_SELECTED. A cell cut to its column ends in
 * …; the selected row's cut cells, and its values in columns left out, are given in full to
 * the status line ("支部：前进建材有限公司党支部"), shown there when there is no message. */
void ui_list_draw(struct ui_list *l, struct ui_rect r);
/* Up/Down/j/k/PgUp/PgDn/Home/End; returns true if the selection moved or the key was one
 * of those. */
bool ui_list_key(struct ui_list *l, int key);

/* ---- text view: a text wrapped by columns (the Chinese rules for breaking lines), scrolled ---- */
struct ui_textview {
    int top;             /* first wrapped line shown */
    int page;            /* lines shown at the last draw */
    int nlines;          /* wrapped lines at the last draw */
    /* Attribute of a paragraph (a line of the text as given, all its wrapped lines); NULL:
     * UA_NORMAL. */
    enum ui_attr (*para_attr)(void *ctx, const char *para);
    void *ctx;
};
void ui_textview_draw(struct ui_textview *v, struct ui_rect r, const char *text);
/* Up/Down/PgUp/PgDn/Home/End move the text; true when the key was one of those. */
bool ui_textview_key(struct ui_textview *v, int key);
/* The same keys for any view of nlines lines showing page of them from *top (the message box). */
bool ui_scroll_key(int *top, int page, int nlines, int key);

/* ---- form: labelled items, Tab / Shift-Tab / Up / Down between them ---- */
enum ui_item_type {
    UI_ITEM_TEXT,      /* single-line text */
    UI_ITEM_DATE,      /* YYYY-MM-DD text, format checked when leaving the item */
    UI_ITEM_CHOICE,    /* one of choices[]; Enter or Space opens the picker, ← → cycle */
    UI_ITEM_CHECK,     /* yes/no; Space toggles */
    UI_ITEM_MULTILINE, /* the editor, `height` rows */
    UI_ITEM_LABEL,     /* read-only text (value shown, cannot be focused) */
};
struct ui_item {
    /* set by the screen */
    const char *label;        /* Chinese label, e.g. "入党日期" */
    enum ui_item_type type;
    bool required;            /* label marked with '*' */
    size_t max_chars;
    const char *const *choices; /* UI_ITEM_CHOICE: labels */
    int nchoices;
    int height;               /* UI_ITEM_MULTILINE rows (default 4) */
    const char *hint;         /* grey text after the field, e.g. "YYYY-MM-DD" */
    bool secret;              /* UI_ITEM_TEXT: a password (shown as '*') */
    /* state, owned by the form */
    struct ui_field field;    /* TEXT, DATE, LABEL */
    struct ui_editor editor;  /* MULTILINE */
    int choice;               /* CHOICE: index, -1 = none */
    bool checked;             /* CHECK */
    char error[128];          /* shown under/after the item until it changes */
};
struct ui_form {
    struct ui_item *items;
    int nitems;
    int active;               /* focused item */
    int top;                  /* first visible screen row offset (scrolling) */
    int label_cols;           /* label column width (computed) */
    bool changed;             /* any edit since ui_form_init / ui_form_mark_saved */
};
/* Initialise the items' state (fields empty, choice -1). */
void ui_form_init(struct ui_form *f, struct ui_item *items, int nitems);
void ui_form_free(struct ui_form *f);
void ui_form_draw(struct ui_form *f, struct ui_rect r);
/* Moves between items and edits the active one. Returns true if used. Keys it does not
 * use (F2, Esc, F10 ...) are left to the screen. */
bool ui_form_key(struct ui_form *f, int key);
void ui_form_focus(struct ui_form *f, int item);
const char *ui_form_text(const struct ui_form *f, int item); /* TEXT, DATE, LABEL */
void ui_form_set_text(struct ui_form *f, int item, const char *text);
char *ui_form_multiline(const struct ui_form *f, int item);  /* heap */
int ui_form_choice(const struct ui_form *f, int item);
void ui_form_set_choice(struct ui_form *f, int item, int choice);
bool ui_form_checked(const struct ui_form *f, int item);
void ui_form_set_checked(struct ui_form *f, int item, bool on);
void ui_form_set_error(struct ui_form *f, int item, const char *msg); /* NULL clears */
void ui_form_mark_saved(struct ui_form *f);

/* Items declared once: a table of fields gives each item its label, type and limits and binds
 * its value to a member of the screen's record (offsetof and sizeof: the form knows no record
 * type). ui_form_setup fills the items' declared part (a screen then sets what it learns at
 * run time: choices, a type that depends on the record); ui_form_fill puts the record's values
 * into the form, ui_form_read the form's values into the record. Items bound UI_BIND_NONE are
 * the screen's to fill and read. */
enum ui_bind {
    UI_BIND_NONE,
    UI_BIND_TEXT,   /* char[size]; read trimmed (raw: as typed) */
    UI_BIND_HEAP,   /* char * (heap, NULL = ""); read replaces (and frees) it: a MULTILINE item */
    UI_BIND_BOOL,   /* bool: a CHECK item */
};
struct ui_form_field {
    int item;                 /* index in the form's items */
    const char *label;
    enum ui_item_type type;
    bool required;
    size_t max_chars;
    int height;
    const char *hint;
    enum ui_bind bind;
    size_t offset, size;      /* of the bound member in the record (size: UI_BIND_TEXT) */
    bool raw;                 /* UI_BIND_TEXT: not trimmed */
    int tag;                  /* the screen's own number for the item (e.g. a check's field), 0 = none */
};
/* The binding of a field to member m of record type T. */
#define UI_BIND_TEXT_OF(T, m) .bind = UI_BIND_TEXT, .offset = offsetof(T, m), .size = sizeof(((T *)0)->m)
#define UI_BIND_HEAP_OF(T, m) .bind = UI_BIND_HEAP, .offset = offsetof(T, m)
#define UI_BIND_BOOL_OF(T, m) .bind = UI_BIND_BOOL, .offset = offsetof(T, m)
void ui_form_setup(struct ui_item *items, const struct ui_form_field *fields, int n);
void ui_form_fill(struct ui_form *f, const struct ui_form_field *fields, int n, const void *rec);
/* Returns -1, or the first item whose text (trimmed) does not fit its member: nothing is cut
 * unseen, the member is left as it was and the screen says what is wrong. */
int ui_form_read(const struct ui_form *f, const struct ui_form_field *fields, int n, void *rec);
/* The item of the field tagged tag, or fallback. */
int ui_form_tagged(const struct ui_form_field *fields, int n, int tag, int fallback);

/* ---- modal dialogs: drawn over the current screen, keys read with ui_next_key() ---- */
/* Pick one of n options; returns its index or -1 on Esc. Type to jump: a character key
 * selects the next option containing that character. */
int ui_pick(const char *title, const char *const *options, int n, int initial);
/* Yes/no question: Enter or 'y' = yes, Esc or 'n' = no (default no for destructive asks). */
bool ui_confirm(const char *question);
/* A message with a title; any key closes it. Text may hold '\n' and wraps by columns;
 * text longer than the box scrolls with ↑ ↓ PgUp PgDn Home End, and any other key (Esc,
 * Enter ...) closes it. */
void ui_message(const char *title, const char *text);
/* One line of input. buf holds the initial text and receives the result. Returns false on
 * Esc. If `required`, an empty answer shows a message and keeps the dialog open. */
bool ui_prompt(const char *title, const char *label, char *buf, size_t bufsz,
               size_t max_chars, bool required);

#endif
