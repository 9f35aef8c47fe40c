/* dialog.c — modal dialogs drawn over the current screen: the choice picker, the yes/no
 * confirmation, the message box and the one-line prompt. Each runs its own little loop: the
 * screen underneath is repainted (app_repaint), the dialog is drawn centred on top, the frame
 * is pushed out and one key is read. A resize simply goes round again; the end of a --script
 * file counts as Esc so a test never hangs in a dialog. While the terminal is below the
 * minimum size the loop's own message shows instead of the dialog, and only Esc is heeded. */
#include "zhibu/widgets.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/screen.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "ui_internal.h"

static const char TXT_CONFIRM_KEYS[] = "[Enter] 确定   [Esc] 取消";
static const char TXT_CLOSE_ANY[] = "按任意键关闭";
static const char TXT_CLOSE_SCROLL[] = "↑↓ 翻阅   [Enter] 关闭";
static const char TXT_EMPTY_ANSWER[] = "不能为空";
static const char TXT_TOO_LONG[] = "内容过长";
static const char TXT_NO_OPTIONS[] = "（没有可选项）";

typedef void (*dialog_draw_fn)(void *ctx);

/* One round of a dialog's loop: repaint, draw, refresh, read a key. Returns UK_RESIZE for a
 * round that should simply be repeated; UK_EOF comes back as UK_ESC. */
static int dialog_round(dialog_draw_fn draw, void *ctx)
{
    struct app *a = app_current();
    if (a) app_repaint(a);
    bool small = ui_too_small();
    if (!small) draw(ctx);
    ui_refresh();
    int key = ui_next_key();
    if (key == UK_EOF) key = UK_ESC;
    if (small && key != UK_ESC) return UK_RESIZE; /* the dialog is not visible: ignore */
    return key;
}

/* A box of rows x cols (inside the frame included) centred on the screen, clamped to it. */
static struct ui_rect centred(int rows, int cols)
{
    int sr = ui_rows(), sc = ui_cols();
    if (cols > sc - 2) cols = sc - 2;
    if (rows > sr - 2) rows = sr - 2;
    if (cols < 4) cols = 4;
    if (rows < 3) rows = 3;
    struct ui_rect r = {(sr - rows) / 2, (sc - cols) / 2, rows, cols};
    if (r.row < 0) r.row = 0;
    if (r.col < 0) r.col = 0;
    return r;
}

static int max_int(int a, int b)
{
    return a > b ? a : b;
}

/* Widest paragraph of text, in columns. */
static int text_widest_line(const char *text)
{
    char *copy = text_sanitize(text ? text : "", true);
    int widest = 0;
    for (char *p = copy, *nl; p; p = nl ? nl + 1 : NULL) {
        nl = strchr(p, '\n');
        if (nl) *nl = '\0';
        widest = max_int(widest, text_width(p));
    }
    free(copy);
    return widest;
}

/* Center s on a row inside r. */
static void put_centred(struct ui_rect r, int row, const char *s, enum ui_attr attr)
{
    int inner = r.cols - 4;
    int w = text_width(s);
    int off = w < inner ? (inner - w) / 2 : 0;
    ui_put_n(row, r.col + 2 + off, inner - off, s, attr);
}

/* ---- picker ---- */

struct pick {
    const char *title;
    const char *const *options;
    int n, sel, top, page;
};

static void pick_draw(void *ctx)
{
    struct pick *p = ctx;
    int widest = max_int(text_width(p->title ? p->title : "") + 4, 16);
    for (int i = 0; i < p->n; i++)
        widest = max_int(widest, text_width(p->options[i] ? p->options[i] : ""));
    if (p->n == 0) widest = max_int(widest, text_width(TXT_NO_OPTIONS));
    int rows = p->n > 0 ? p->n : 1;
    if (rows > ui_rows() - 6) rows = max_int(ui_rows() - 6, 1);
    struct ui_rect r = centred(rows + 2, widest + 4);
    p->page = r.rows - 2;
    if (p->sel < p->top) p->top = p->sel;
    if (p->sel >= p->top + p->page) p->top = p->sel - p->page + 1;
    if (p->top > p->n - p->page) p->top = max_int(p->n - p->page, 0);
    if (p->top < 0) p->top = 0;
    ui_box(r, p->title);
    if (p->n == 0) {
        ui_put(r.row + 1, r.col + 2, r.cols - 4, TXT_NO_OPTIONS, UA_DIM);
        return;
    }
    for (int i = 0; i < p->page && p->top + i < p->n; i++) {
        int o = p->top + i;
        int row = r.row + 1 + i;
        enum ui_attr attr = o == p->sel ? UA_SELECTED : UA_BOX;
        ui_fill(row, r.col + 1, r.cols - 2, attr);
        ui_put(row, r.col + 2, r.cols - 4, p->options[o] ? p->options[o] : "", attr);
        if (o == p->sel) ui_cursor_at(row, r.col + 2);
    }
    if (p->top > 0) ui_put_n(r.row, r.col + r.cols - 3, 1, "↑", UA_BOX);
    if (p->top + p->page < p->n) ui_put_n(r.row + r.rows - 1, r.col + r.cols - 3, 1, "↓", UA_BOX);
}

static bool option_has(const char *option, int key)
{
    if (!option) return false;
    char enc[5];
    size_t n = text_encode((uint32_t)key, enc);
    enc[n] = '\0';
    if (strstr(option, enc)) return true;
    if (key < 0x80) { /* ASCII letters match either case */
        char other[2] = {(char)key, '\0'};
        if (key >= 'a' && key <= 'z') other[0] = (char)(key - 'a' + 'A');
        else if (key >= 'A' && key <= 'Z') other[0] = (char)(key - 'A' + 'a');
        if (strstr(option, other)) return true;
    }
    return false;
}

int ui_pick(const char *title, const char *const *options, int n, int initial)
{
    struct pick p = {title, options, n < 0 ? 0 : n, initial, 0, 1};
    if (p.sel < 0 || p.sel >= p.n) p.sel = 0;
    for (;;) {
        int key = dialog_round(pick_draw, &p);
        int step = p.page > 1 ? p.page - 1 : 1;
        switch (key) {
        case UK_RESIZE: break;
        case UK_ESC: return -1;
        case UK_ENTER:
            if (p.n > 0) return p.sel;
            break;
        case UK_UP: if (p.sel > 0) p.sel--; break;
        case UK_DOWN: if (p.sel + 1 < p.n) p.sel++; break;
        case UK_PGUP: p.sel = max_int(p.sel - step, 0); break;
        case UK_PGDN: p.sel = p.n > 0 ? (p.sel + step < p.n ? p.sel + step : p.n - 1) : 0; break;
        case UK_HOME: p.sel = 0; break;
        case UK_END: p.sel = p.n > 0 ? p.n - 1 : 0; break;
        default:
            if (ui_key_is_char(key)) {
                for (int i = 1; i <= p.n; i++) {
                    int o = (p.sel + i) % p.n;
                    if (option_has(options[o], key)) {
                        p.sel = o;
                        break;
                    }
                }
            }
            break;
        }
    }
}

/* ---- confirmation ---- */

struct confirm {
    const char *question;
};

static void confirm_draw(void *ctx)
{
    struct confirm *c = ctx;
    int inner = max_int(text_widest_line(c->question), text_width(TXT_CONFIRM_KEYS));
    if (inner > ui_cols() - 8) inner = ui_cols() - 8;
    struct ui_wrapped w = {0};
    ui_wrap_text(&w, c->question, inner);
    int shown = w.n;
    if (shown > ui_rows() - 8) shown = max_int(ui_rows() - 8, 1);
    struct ui_rect r = centred(shown + 4, inner + 4);
    ui_box(r, NULL);
    for (int i = 0; i < shown && i < w.n; i++)
        ui_put(r.row + 1 + i, r.col + 2, r.cols - 4, w.lines[i], UA_BOX);
    put_centred(r, r.row + r.rows - 2, TXT_CONFIRM_KEYS, UA_BOX);
    ui_cursor_at(r.row + r.rows - 2, r.col + 2);
    ui_wrapped_free(&w);
}

bool ui_confirm(const char *question)
{
    struct confirm c = {question};
    for (;;) {
        int key = dialog_round(confirm_draw, &c);
        if (key == UK_ENTER || key == 'y' || key == 'Y') return true;
        if (key == UK_ESC || key == 'n' || key == 'N') return false;
    }
}

/* ---- message ---- */

struct message {
    const char *title;
    const char *text;
    int top;
    int page;       /* visible text rows at the last draw */
    int nlines;     /* wrapped lines at the last draw */
};

static void message_draw(void *ctx)
{
    struct message *m = ctx;
    int inner = max_int(text_widest_line(m->text), text_width(TXT_CLOSE_SCROLL));
    inner = max_int(inner, text_width(m->title ? m->title : "") + 4);
    if (inner > ui_cols() - 8) inner = ui_cols() - 8;
    struct ui_wrapped w = {0};
    ui_wrap_text(&w, m->text, inner);
    int page = w.n;
    if (page > ui_rows() - 8) page = max_int(ui_rows() - 8, 1);
    m->page = page;
    m->nlines = w.n;
    if (m->top > w.n - page) m->top = w.n - page;
    if (m->top < 0) m->top = 0;
    struct ui_rect r = centred(page + 4, inner + 4);
    ui_box(r, m->title);
    for (int i = 0; i < page && m->top + i < w.n; i++)
        ui_put(r.row + 1 + i, r.col + 2, r.cols - 4, w.lines[m->top + i], UA_BOX);
    bool scrolls = w.n > page;
    put_centred(r, r.row + r.rows - 2, scrolls ? TXT_CLOSE_SCROLL : TXT_CLOSE_ANY, UA_BOX);
    if (scrolls) {
        if (m->top > 0) ui_put_n(r.row, r.col + r.cols - 3, 1, "↑", UA_BOX);
        if (m->top + page < w.n) ui_put_n(r.row + r.rows - 1, r.col + r.cols - 3, 1, "↓", UA_BOX);
    }
    ui_cursor_at(r.row + r.rows - 2, r.col + 2);
    ui_wrapped_free(&w);
}

/* Scroll keys move the text when it is longer than the box; any other key closes. */
void ui_message(const char *title, const char *text)
{
    struct message m = {title, text, 0, 1, 0};
    for (;;) {
        int key = dialog_round(message_draw, &m);
        bool scrolls = m.nlines > m.page;
        if (key == UK_RESIZE) continue;
        if (!scrolls) return;
        if (!ui_scroll_key(&m.top, m.page, m.nlines, key)) return;
    }
}

/* ---- prompt ---- */

struct prompt {
    const char *title;
    const char *label;
    struct ui_field field;
    const char *error;
};

static void prompt_draw(void *ctx)
{
    struct prompt *p = ctx;
    int inner = max_int(56, text_width(p->label ? p->label : ""));
    inner = max_int(inner, text_width(p->title ? p->title : "") + 4);
    if (inner > ui_cols() - 8) inner = ui_cols() - 8;
    struct ui_rect r = centred(6, inner + 4);
    ui_box(r, p->title);
    ui_put(r.row + 1, r.col + 2, r.cols - 4, p->label ? p->label : "", UA_BOX);
    if (p->error) ui_put(r.row + 3, r.col + 2, r.cols - 4, p->error, UA_ERROR);
    put_centred(r, r.row + 4, TXT_CONFIRM_KEYS, UA_BOX);
    /* The field last, so its cursor is the one shown. */
    ui_field_draw(&p->field, r.row + 2, r.col + 2, r.cols - 4, true);
}

bool ui_prompt(const char *title, const char *label, char *buf, size_t bufsz,
               size_t max_chars, bool required)
{
    if (!buf || bufsz == 0) return false;
    struct prompt p = {title, label, {0}, NULL};
    /* Without a limit of its own, keep the answer within buf even in three-byte characters. */
    ui_field_init(&p.field, max_chars > 0 ? max_chars : (bufsz - 1) / 3);
    ui_field_set(&p.field, buf);
    bool accepted = false;
    for (;;) {
        int key = dialog_round(prompt_draw, &p);
        if (key == UK_RESIZE) continue;
        if (key == UK_ESC) break;
        if (key == UK_ENTER) {
            const char *text = ui_field_text(&p.field);
            char *trimmed = xstrdup(text);
            text_trim(trimmed);
            bool empty = trimmed[0] == '\0';
            free(trimmed);
            if (required && empty) {
                p.error = TXT_EMPTY_ANSWER;
            } else if (strlen(text) >= bufsz) {
                p.error = TXT_TOO_LONG;
            } else {
                zb_strlcpy(buf, text, bufsz);
                accepted = true;
                break;
            }
            continue;
        }
        char *before = xstrdup(ui_field_text(&p.field));
        if (ui_field_key(&p.field, key) && strcmp(before, ui_field_text(&p.field)) != 0)
            p.error = NULL;
        free(before);
    }
    ui_field_free(&p.field);
    return accepted;
}
