/* ui_internal.h — shared between term.c and draw.c only. */
#ifndef ZHIBU_UI_INTERNAL_H
#define ZHIBU_UI_INTERNAL_H

#include <stdbool.h>

void ui_draw_init_colors(void);
void ui_draw_reset_cursor(void);
/* Forget the status-line hint of the last frame (ui_hint). */
void ui_draw_reset_hint(void);
/* The cursor position asked for this frame, if any. */
bool ui_draw_cursor(int *row, int *col);

#endif
