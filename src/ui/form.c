/* form.c — labelled items edited in place: a label column, then per item a text field, a
 * date, a choice (picker), a yes/no check, a multi-line editor or read-only text. The form
 * owns the items' state, moves the focus (Tab / Shift-Tab wrap, Up / Down do not), checks a
 * date's format when the focus leaves it, and scrolls to keep the focused item visible. The
 * full validation of a record happens in the screen when it saves. */
#include "zhibu/widgets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/date.h"
#include "zhibu/text.h"
#include "zhibu/ui.h"
#include "zhibu/util.h"

static const char TXT_CHOOSE[] = "（请选择）";
static const char TXT_CHECKED[] = "[x] 是";
static const char TXT_UNCHECKED[] = "[ ] 否";
static const char TXT_CHOICE_MARK[] = "▼";

#define DATE_FIELD_COLS 12
#define CHECK_FIELD_COLS 6
#define DEFAULT_EDITOR_ROWS 4

static bool item_focusable(const struct ui_item *it)
{
    return it->type != UI_ITEM_LABEL;
}

static bool item_valid(const struct ui_form *f, int item)
{
    return item >= 0 && item < f->nitems;
}

void ui_form_init(struct ui_form *f, struct ui_item *items, int nitems)
{
    f->items = items;
    f->nitems = nitems;
    f->active = 0;
    f->top = 0;
    f->label_cols = 0;
    f->changed = false;
    for (int i = 0; i < nitems; i++) {
        struct ui_item *it = &items[i];
        ui_field_init(&it->field, it->max_chars);
        it->field.secret = it->secret;
        ui_editor_init(&it->editor, it->max_chars);
        it->choice = -1;
        it->checked = false;
        it->error[0] = '\0';
    }
    for (int i = 0; i < nitems; i++) {
        if (item_focusable(&items[i])) {
            f->active = i;
            break;
        }
    }
}

void ui_form_free(struct ui_form *f)
{
    for (int i = 0; i < f->nitems; i++) {
        ui_field_free(&f->items[i].field);
        ui_editor_free(&f->items[i].editor);
    }
}

/* ---- focus ---- */

/* The focus leaves the active item: a date that is filled in but malformed is flagged now,
 * not only when the record is saved. */
static void form_leave(struct ui_form *f)
{
    if (!item_valid(f, f->active)) return;
    struct ui_item *it = &f->items[f->active];
    if (it->type != UI_ITEM_DATE) return;
    char *s = xstrdup(ui_field_text(&it->field));
    text_trim(s);
    char msgbuf[ZB_MSG_MAX];
    const char *why = s[0] ? date_problem(s, msgbuf, sizeof msgbuf) : NULL; /* "2026年2月没有30日" */
    if (why) zb_strlcpy(it->error, why, sizeof it->error);
    free(s);
}

/* Next focusable item in direction dir from the active one; -1 if none. */
static int form_next(const struct ui_form *f, int dir, bool wrap)
{
    int i = f->active;
    for (int step = 0; step < f->nitems; step++) {
        i += dir;
        if (i < 0 || i >= f->nitems) {
            if (!wrap) return -1;
            i = i < 0 ? f->nitems - 1 : 0;
        }
        if (i == f->active) return -1;
        if (item_focusable(&f->items[i])) return i;
    }
    return -1;
}

static void form_move(struct ui_form *f, int dir, bool wrap)
{
    int next = form_next(f, dir, wrap);
    if (next >= 0) ui_form_focus(f, next);
}

void ui_form_focus(struct ui_form *f, int item)
{
    if (!item_valid(f, item) || !item_focusable(&f->items[item]) || item == f->active) return;
    form_leave(f);
    f->active = item;
}

/* ---- editing ---- */

static void item_edited(struct ui_form *f, struct ui_item *it)
{
    f->changed = true;
    it->error[0] = '\0';
}

/* Characters in the item's text now. */
static size_t item_chars(struct ui_item *it)
{
    return it->type == UI_ITEM_MULTILINE ? ui_editor_chars(&it->editor)
                                         : text_chars(ui_field_text(&it->field));
}

/* A character typed into a full item is refused, and said: nothing is ever cut unseen. */
static bool item_full(struct ui_item *it, int key)
{
    if (!ui_key_is_char(key) || it->max_chars == 0 || item_chars(it) < it->max_chars)
        return false;
    ui_note("%s最多 %zu 字，已满", it->label ? it->label : "本项", it->max_chars);
    return true;
}

/* UK_PASTE: the whole paste in one edit. Longer than the room left: asks before taking only
 * the part that fits, and says what was left out. */
static bool paste_key(struct ui_form *f, struct ui_item *it)
{
    const char *label = it->label ? it->label : "本项";
    size_t n = ui_paste_chars(), have = item_chars(it);
    size_t room = it->max_chars == 0 ? n : have >= it->max_chars ? 0 : it->max_chars - have;
    size_t take = n;
    if (n > room) {
        if (room == 0) {
            ui_note("%s最多 %zu 字，已满：粘贴的 %zu 字未加入", label, it->max_chars, n);
            return true;
        }
        char q[400];
        snprintf(q, sizeof q, "粘贴的内容有 %zu 字，%s最多 %zu 字，还能加入 %zu 字。\n只粘贴前 %zu 字吗？其余 %zu 字不会加入。",
                 n, label, it->max_chars, room, room, n - room);
        if (!ui_confirm(q)) {
            ui_note("未粘贴（%s最多 %zu 字）", label, it->max_chars);
            return true;
        }
        take = room;
    }
    size_t put = it->type == UI_ITEM_MULTILINE
                     ? ui_editor_insert(&it->editor, ui_paste_text(), take)
                     : ui_field_insert(&it->field, ui_paste_text(), take);
    if (put > 0) item_edited(f, it);
    if (put < n) ui_note("只粘贴了前 %zu 字（%s最多 %zu 字），其余 %zu 字未加入", put, label,
                         it->max_chars, n - put);
    return true;
}

static bool field_key(struct ui_form *f, struct ui_item *it, int key)
{
    if (key == UK_PASTE) return paste_key(f, it);
    if (item_full(it, key)) return true;
    char *before = xstrdup(ui_field_text(&it->field));
    bool used = ui_field_key(&it->field, key);
    if (used && strcmp(before, ui_field_text(&it->field)) != 0) item_edited(f, it);
    free(before);
    return used;
}

static bool editor_key(struct ui_form *f, struct ui_item *it, int key)
{
    if (key == UK_PASTE) return paste_key(f, it);
    if (item_full(it, key)) return true;
    char *before = ui_editor_text(&it->editor);
    bool used = ui_editor_key(&it->editor, key);
    if (used) {
        char *after = ui_editor_text(&it->editor);
        if (strcmp(before, after) != 0) item_edited(f, it);
        free(after);
    }
    free(before);
    return used;
}

static void choice_set(struct ui_form *f, struct ui_item *it, int choice)
{
    if (choice == it->choice) return;
    it->choice = choice;
    item_edited(f, it);
}

static bool choice_key(struct ui_form *f, struct ui_item *it, int key)
{
    int n = it->nchoices;
    switch (key) {
    case UK_ENTER:
    case UK_SPACE: {
        int c = ui_pick(it->label, it->choices, n, it->choice);
        if (c >= 0) choice_set(f, it, c);
        return true;
    }
    case UK_LEFT:
        if (n > 0) choice_set(f, it, it->choice <= 0 ? n - 1 : it->choice - 1);
        return true;
    case UK_RIGHT:
        if (n > 0) choice_set(f, it, it->choice < 0 || it->choice >= n - 1 ? 0 : it->choice + 1);
        return true;
    }
    return false;
}

bool ui_form_key(struct ui_form *f, int key)
{
    if (!item_valid(f, f->active)) return false;
    if (key == UK_TAB || key == UK_BTAB) {
        form_move(f, key == UK_TAB ? 1 : -1, true);
        return true;
    }
    struct ui_item *it = &f->items[f->active];
    if (it->type == UI_ITEM_MULTILINE) {
        if (key == UK_UP || key == UK_DOWN) {
            /* Within the text first; from its first or last visual line, to the next item. */
            if (!ui_editor_key(&it->editor, key)) form_move(f, key == UK_UP ? -1 : 1, false);
            return true;
        }
        return editor_key(f, it, key);
    }
    if (key == UK_UP || key == UK_DOWN) {
        form_move(f, key == UK_UP ? -1 : 1, false);
        return true;
    }
    switch (it->type) {
    case UI_ITEM_TEXT:
    case UI_ITEM_DATE:
        if (key == UK_ENTER) {
            form_move(f, 1, true);
            return true;
        }
        return field_key(f, it, key);
    case UI_ITEM_CHOICE:
        return choice_key(f, it, key);
    case UI_ITEM_CHECK:
        if (key == UK_SPACE) {
            it->checked = !it->checked;
            item_edited(f, it);
            return true;
        }
        if (key == UK_ENTER) {
            form_move(f, 1, true);
            return true;
        }
        return false;
    default:
        return false;
    }
}

/* ---- values ---- */

const char *ui_form_text(const struct ui_form *f, int item)
{
    if (!item_valid(f, item)) return "";
    return ui_field_text(&f->items[item].field);
}

void ui_form_set_text(struct ui_form *f, int item, const char *text)
{
    if (!item_valid(f, item)) return;
    struct ui_item *it = &f->items[item];
    if (it->type == UI_ITEM_MULTILINE)
        ui_editor_set(&it->editor, text);
    else
        ui_field_set(&it->field, text);
}

char *ui_form_multiline(const struct ui_form *f, int item)
{
    if (!item_valid(f, item)) return xstrdup("");
    const struct ui_item *it = &f->items[item];
    if (it->type != UI_ITEM_MULTILINE) return xstrdup(ui_field_text(&it->field));
    return ui_editor_text(&it->editor);
}

int ui_form_choice(const struct ui_form *f, int item)
{
    return item_valid(f, item) ? f->items[item].choice : -1;
}

void ui_form_set_choice(struct ui_form *f, int item, int choice)
{
    if (!item_valid(f, item)) return;
    struct ui_item *it = &f->items[item];
    it->choice = choice >= 0 && choice < it->nchoices ? choice : -1;
}

bool ui_form_checked(const struct ui_form *f, int item)
{
    return item_valid(f, item) && f->items[item].checked;
}

void ui_form_set_checked(struct ui_form *f, int item, bool on)
{
    if (item_valid(f, item)) f->items[item].checked = on;
}

void ui_form_set_error(struct ui_form *f, int item, const char *msg)
{
    if (!item_valid(f, item)) return;
    if (msg)
        zb_strlcpy(f->items[item].error, msg, sizeof f->items[item].error);
    else
        f->items[item].error[0] = '\0';
}

void ui_form_mark_saved(struct ui_form *f)
{
    f->changed = false;
}

/* ---- drawing ---- */

/* Geometry of the form in a rect: the field column and each item's field width. */
struct form_geom {
    int field_col;   /* first column of the fields */
    int avail;       /* columns from there to the right edge */
};

static int item_field_cols(const struct ui_item *it, int avail)
{
    int w = avail;
    switch (it->type) {
    case UI_ITEM_TEXT:
        /* Room for max_chars double-width characters and the cursor after them. */
        if (it->max_chars > 0 && it->max_chars < (size_t)avail / 2) w = (int)it->max_chars * 2 + 1;
        break;
    case UI_ITEM_DATE:
        w = DATE_FIELD_COLS;
        break;
    case UI_ITEM_CHECK:
        w = CHECK_FIELD_COLS;
        break;
    case UI_ITEM_CHOICE: {
        int widest = text_width(TXT_CHOOSE);
        for (int i = 0; i < it->nchoices; i++) {
            int cw = text_width(it->choices[i] ? it->choices[i] : "");
            if (cw > widest) widest = cw;
        }
        w = widest + 1 + text_width(TXT_CHOICE_MARK);
        break;
    }
    case UI_ITEM_LABEL:
    case UI_ITEM_MULTILINE:
        break;
    }
    if (w > avail) w = avail;
    return w < 1 ? 1 : w;
}

/* Does the item's error go on a row of its own (rather than after the field)? */
static bool error_below(const struct ui_item *it, const struct form_geom *g)
{
    if (!it->error[0]) return false;
    if (it->type == UI_ITEM_MULTILINE) return true;
    int room = g->avail - item_field_cols(it, g->avail) - 1;
    return text_width(it->error) > room;
}

static int item_rows(const struct ui_item *it, const struct form_geom *g)
{
    int rows = 1;
    if (it->type == UI_ITEM_MULTILINE) rows = it->height > 0 ? it->height : DEFAULT_EDITOR_ROWS;
    return rows + (error_below(it, g) ? 1 : 0);
}

static void form_measure(struct ui_form *f, struct ui_rect r, struct form_geom *g)
{
    int widest = 0;
    for (int i = 0; i < f->nitems; i++) {
        int w = text_width(f->items[i].label ? f->items[i].label : "");
        if (w > widest) widest = w;
    }
    int cols = widest + 1; /* the '*' of a required item */
    if (cols > r.cols / 3) cols = r.cols / 3;
    f->label_cols = cols;
    g->field_col = r.col + cols + 1;
    g->avail = r.cols - cols - 1;
    if (g->avail < 1) g->avail = 1;
}

static void draw_label(const struct ui_form *f, const struct ui_item *it, int row, int col)
{
    const char *label = it->label ? it->label : "";
    size_t sz = (size_t)f->label_cols * 4 + 8;
    char *buf = xmalloc(sz);
    if (it->required && f->label_cols > 0) {
        int room = f->label_cols - 1;
        if (text_width(label) > room) {
            text_pad(buf, sz, label, room, false);
        } else {
            zb_strlcpy(buf, label, sz);
        }
        size_t n = strlen(buf);
        if (n + 1 < sz) {
            buf[n] = '*';
            buf[n + 1] = '\0';
        }
    } else {
        zb_strlcpy(buf, label, sz);
    }
    ui_put(row, col, f->label_cols, buf, UA_NORMAL);
    free(buf);
}

static void draw_choice(const struct ui_item *it, int row, int col, int cols, bool active)
{
    enum ui_attr attr = active ? UA_FIELD_ACTIVE : UA_FIELD;
    const char *shown = TXT_CHOOSE;
    if (it->choice >= 0 && it->choice < it->nchoices && it->choices[it->choice])
        shown = it->choices[it->choice];
    int mark = text_width(TXT_CHOICE_MARK);
    if (cols > mark) {
        ui_put(row, col, cols - mark, shown, attr);
        ui_put(row, col + cols - mark, mark, TXT_CHOICE_MARK, attr);
    } else {
        ui_put(row, col, cols, shown, attr);
    }
    if (active) ui_cursor_at(row, col);
}

/* Draws the item's first (or only) field row, and the editor's rows [first, first+rows). */
static void draw_field(struct ui_item *it, const struct form_geom *g, int row, int cols,
                       bool active, int editor_rows)
{
    switch (it->type) {
    case UI_ITEM_TEXT:
    case UI_ITEM_DATE:
        ui_field_draw(&it->field, row, g->field_col, cols, active);
        break;
    case UI_ITEM_LABEL:
        ui_put(row, g->field_col, cols, ui_field_text(&it->field), UA_NORMAL);
        break;
    case UI_ITEM_CHOICE:
        draw_choice(it, row, g->field_col, cols, active);
        break;
    case UI_ITEM_CHECK:
        ui_put(row, g->field_col, cols, it->checked ? TXT_CHECKED : TXT_UNCHECKED,
               active ? UA_FIELD_ACTIVE : UA_FIELD);
        if (active) ui_cursor_at(row, g->field_col + 1);
        break;
    case UI_ITEM_MULTILINE: {
        struct ui_rect er = {row, g->field_col, editor_rows, cols};
        ui_editor_draw(&it->editor, er, active);
        break;
    }
    }
}

void ui_form_draw(struct ui_form *f, struct ui_rect r)
{
    if (r.rows <= 0 || r.cols <= 0) return;
    ui_fill_rect(r, UA_NORMAL);
    if (f->nitems <= 0) return;
    struct form_geom g;
    form_measure(f, r, &g);

    /* Keep the focused item in view: scroll to its top, or so that its bottom shows. */
    int y = 0, ay = 0, ah = 1;
    for (int i = 0; i < f->nitems; i++) {
        int h = item_rows(&f->items[i], &g);
        if (i == f->active) ay = y, ah = h;
        y += h;
    }
    int total = y;
    if (ay + ah > f->top + r.rows) f->top = ay + ah - r.rows;
    if (ay < f->top) f->top = ay;
    if (f->top > total - r.rows) f->top = total - r.rows;
    if (f->top < 0) f->top = 0;

    y = 0;
    for (int i = 0; i < f->nitems; i++) {
        struct ui_item *it = &f->items[i];
        int h = item_rows(it, &g);
        int field_h = h - (error_below(it, &g) ? 1 : 0);
        int cols = item_field_cols(it, g.avail);
        bool active = i == f->active;
        int first = y - f->top; /* screen row offset of the item's first row */
        if (first + h <= 0 || first >= r.rows) {
            y += h;
            continue;
        }
        if (first >= 0) draw_label(f, it, r.row + first, r.col);
        /* The field rows that are inside the rect. */
        int vis_from = first < 0 ? -first : 0;
        int vis_to = field_h;
        if (first + vis_to > r.rows) vis_to = r.rows - first;
        if (vis_to > vis_from) {
            if (it->type == UI_ITEM_MULTILINE)
                draw_field(it, &g, r.row + first + vis_from, cols, active, vis_to - vis_from);
            else if (vis_from == 0)
                draw_field(it, &g, r.row + first, cols, active, 1);
        }
        /* Error (or hint) after the field, or the error on the row below. */
        int tail_col = g.field_col + cols + 1;
        int tail_cols = r.col + r.cols - tail_col;
        if (it->error[0] && error_below(it, &g)) {
            int er = first + field_h;
            if (er >= 0 && er < r.rows) ui_put(r.row + er, g.field_col, g.avail, it->error, UA_ERROR);
        } else if (first >= 0 && tail_cols > 0) {
            if (it->error[0])
                ui_put_n(r.row + first, tail_col, tail_cols, it->error, UA_ERROR);
            else if (it->hint && text_width(it->hint) <= tail_cols)
                ui_put_n(r.row + first, tail_col, tail_cols, it->hint, UA_DIM);
        }
        y += h;
    }
}

/* ---- fields declared once, bound to a record ---- */

void ui_form_setup(struct ui_item *items, const struct ui_form_field *fields, int n)
{
    for (int i = 0; i < n; i++) {
        const struct ui_form_field *fd = &fields[i];
        items[fd->item] = (struct ui_item){.label = fd->label, .type = fd->type, .required = fd->required,
                                           .max_chars = fd->max_chars, .height = fd->height, .hint = fd->hint};
    }
}

void ui_form_fill(struct ui_form *f, const struct ui_form_field *fields, int n, const void *rec)
{
    const char *base = rec;
    for (int i = 0; i < n; i++) {
        const struct ui_form_field *fd = &fields[i];
        const void *p = base + fd->offset;
        switch (fd->bind) {
        case UI_BIND_TEXT: ui_form_set_text(f, fd->item, p); break;
        case UI_BIND_HEAP: {
            const char *s = *(char *const *)p;
            ui_form_set_text(f, fd->item, s ? s : "");
            break;
        }
        case UI_BIND_BOOL: ui_form_set_checked(f, fd->item, *(const bool *)p); break;
        case UI_BIND_NONE: break;
        }
    }
}

int ui_form_read(const struct ui_form *f, const struct ui_form_field *fields, int n, void *rec)
{
    char *base = rec;
    int bad = -1;
    for (int i = 0; i < n; i++) {
        const struct ui_form_field *fd = &fields[i];
        void *p = base + fd->offset;
        switch (fd->bind) {
        case UI_BIND_TEXT: {
            char *s = xstrdup(ui_form_text(f, fd->item));
            if (!fd->raw) text_trim(s);
            if (strlen(s) < fd->size) memcpy(p, s, strlen(s) + 1);
            else if (bad < 0) bad = fd->item;
            free(s);
            break;
        }
        case UI_BIND_HEAP: {
            char **sp = p;
            free(*sp);
            *sp = ui_form_multiline(f, fd->item);
            break;
        }
        case UI_BIND_BOOL: *(bool *)p = ui_form_checked(f, fd->item); break;
        case UI_BIND_NONE: break;
        }
    }
    return bad;
}

int ui_form_tagged(const struct ui_form_field *fields, int n, int tag, int fallback)
{
    for (int i = 0; tag && i < n; i++)
        if (fields[i].tag == tag) return fields[i].item;
    return fallback;
}
