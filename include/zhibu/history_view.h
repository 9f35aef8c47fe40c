/* history_view.h — shows a row's edit history (who, when, what changed, field by field)
 * in a scrolling message box. Shared by every screen that offers 修改记录. */
#ifndef ZHIBU_HISTORY_VIEW_H
#define ZHIBU_HISTORY_VIEW_H

struct app;

/* Returns the text shown (heap) for table/row_uuid: used by the view and by tests. */
char *history_view_text(struct app *app, const char *table, const char *row_uuid);
void history_view_show(struct app *app, const char *table, const char *row_uuid,
                       const char *title);

#endif
