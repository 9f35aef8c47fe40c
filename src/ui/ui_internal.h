/* ui_internal.h — shared between the files of src/ui only. */
#ifndef ZHIBU_UI_INTERNAL_H
#define ZHIBU_UI_INTERNAL_H

#include <stdbool.h>

void ui_draw_init_colors(void);
void ui_draw_reset_cursor(void);
/* Forget the status-line hint of the last frame (ui_hint). */
void ui_draw_reset_hint(void);
/* The cursor position asked for this frame, if any. */
bool ui_draw_cursor(int *row, int *col);

/* Text wrapped at a width (textview.c): the text split at '\n' into paragraphs, each wrapped
 * by the Chinese rules for breaking lines (text_wrap_line: no line starts with 。，）…, none ends
 * with （《…, ASCII words and paths stay whole), a paragraph that starts with blanks and a gap
 * going on under the text after the gap; control characters made visible (text_sanitize). */
struct ui_wrapped {
    char **lines;
    int *para;     /* the paragraph (0-based) each line belongs to */
    int n, cap;
};
void ui_wrap_text(struct ui_wrapped *w, const char *text, int cols);
void ui_wrapped_free(struct ui_wrapped *w);

#endif
