/* conflict.c — two sessions at one ledger, as the forms show it: a save refused because another
 * session saved the record since it was read (STORE_ERR_CHANGED) says who, when and what changed,
 * and offers to load the saved record, keeping what the person typed where the other session
 * changed nothing. The store decides (it compares versions inside its write); this is the one
 * place its answer is put to the person. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/history_view.h"
#include "zhibu/screens.h"
#include "zhibu/store.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

/* An item's value as text: what is typed, the choice's index, or the box's state. */
static char *item_value(const struct ui_form *f, int i)
{
    const struct ui_item *it = &f->items[i];
    char buf[16];
    switch (it->type) {
    case UI_ITEM_CHOICE:
        snprintf(buf, sizeof buf, "%d", ui_form_choice(f, i));
        return xstrdup(buf);
    case UI_ITEM_CHECK: return xstrdup(ui_form_checked(f, i) ? "1" : "0");
    case UI_ITEM_MULTILINE: return ui_form_multiline(f, i);
    default: return xstrdup(ui_form_text(f, i));
    }
}

static void item_set(struct ui_form *f, int i, const char *v)
{
    switch (f->items[i].type) {
    case UI_ITEM_CHOICE: ui_form_set_choice(f, i, atoi(v)); break;
    case UI_ITEM_CHECK: ui_form_set_checked(f, i, strcmp(v, "1") == 0); break;
    default: ui_form_set_text(f, i, v); break;
    }
}

void screens_form_snapshot(struct form_snapshot *s, const struct ui_form *f)
{
    s->n = f->nitems;
    s->v = xcalloc((size_t)(s->n > 0 ? s->n : 1), sizeof *s->v);
    for (int i = 0; i < s->n; i++) s->v[i] = item_value(f, i);
}

void screens_form_snapshot_free(struct form_snapshot *s)
{
    for (int i = 0; i < s->n; i++) free(s->v[i]);
    free(s->v);
    s->v = NULL;
    s->n = 0;
}

bool screens_conflict_ask(struct app *app)
{
    char *msg = xstrdup(store_errmsg(app->store));
    struct store_conflict c;
    char *changes = NULL;
    if (store_conflict(app->store, &c) == STORE_OK) {
        if (c.was_json && c.now_json) changes = history_view_changes(app, c.was_json, c.now_json);
        store_conflict_free(&c);
    }
    size_t n = strlen(msg) + (changes ? strlen(changes) : 0) + 400;
    char *q = xmalloc(n);
    if (changes && *changes)
        snprintf(q, n, "%s，改动如下：\n%s\n载入对方保存的内容？您改过而对方没改的地方保留。", msg, changes);
    else
        snprintf(q, n, "%s。\n\n载入对方保存的内容？您改过而对方没改的地方保留。", msg);
    bool yes = ui_confirm(q);
    if (!yes)
        app_error(app, "未保存：%s（未载入，再按 F2 仍不能保存；Esc 放弃修改）", msg);
    free(q);
    free(changes);
    free(msg);
    return yes;
}

void screens_conflict_note(struct app *app)
{
    app_error(app, "未保存：%s；已重新读取，请核对后再改", store_errmsg(app->store));
}

int screens_form_merge(struct app *app, struct ui_form *f, struct form_snapshot *base,
                       const struct form_snapshot *mine)
{
    struct form_snapshot theirs;
    screens_form_snapshot(&theirs, f);
    int kept = 0;
    char both[400] = "";
    size_t len = 0;
    for (int i = 0; i < f->nitems && i < base->n && i < mine->n; i++) {
        if (f->items[i].type == UI_ITEM_LABEL) continue; /* shown, not typed */
        bool typed = strcmp(mine->v[i], base->v[i]) != 0;
        bool saved = strcmp(theirs.v[i], base->v[i]) != 0;
        if (!typed || strcmp(mine->v[i], theirs.v[i]) == 0) continue;
        if (!saved) {
            item_set(f, i, mine->v[i]);
            kept++;
        } else if (len + 80 < sizeof both) {
            len += (size_t)snprintf(both + len, sizeof both - len, "%s%s", len ? "、" : "",
                                    f->items[i].label);
        }
    }
    /* what was read is now the saved record */
    screens_form_snapshot_free(base);
    *base = theirs;
    ui_form_mark_saved(f);
    if (kept) f->changed = true;
    if (both[0])
        app_error(app, "已载入对方保存的内容；双方都改过的“%s”用了对方的，其余您的修改保留，请核对后保存", both);
    else if (kept)
        app_status(app, "已载入对方保存的内容，您的修改保留（%d 项），请核对后保存", kept);
    else
        app_status(app, "已载入对方保存的内容");
    return kept;
}
