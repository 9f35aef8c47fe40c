/* history_view.h — shows a row's edit history (who, when, what changed, field by field)
 * in a scrolling message box. Shared by every screen that offers 修改记录. */
#ifndef ZHIBU_HISTORY_VIEW_H
#define ZHIBU_HISTORY_VIEW_H

struct app;

/* Returns the text shown (heap) for table/row_uuid: used by the view and by tests. */
char *history_view_text(struct app *app, const char *table, const char *row_uuid);
/* What changed between two JSONs of a row, one line per field ("    地点：A → B\n"), labels
 * and values as the history shows them (heap; "" when nothing shown differs). */
char *history_view_changes(struct app *app, const char *old_json, const char *new_json);
void history_view_show(struct app *app, const char *table, const char *row_uuid,
                       const char *title);

#endif
