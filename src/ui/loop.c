/* loop.c — the main loop and the application frame: title line, the current screen's body,
 * the status line and the key bar generated from the screen's action table. Global keys
 * (F1 help, F10 quit, resize) are handled here so every screen behaves the same. Who may use
 * an action is asked here too (app_may): the bar and F1 list only those, and a key the user
 * may not use is refused on the status line without reaching the screen. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/store_auth.h"
#include "zhibu/screen.h"
#include "zhibu/text.h"
#include "zhibu/ui.h"
#include "zhibu/widgets.h"
#include "zhibu/msg.h"
#include "zhibu/util.h"
#include "zhibu/widgets.h"

static struct app *running;
/* F10 was pressed once in a too-small window with something unsaved: a second F10, straight
 * after, quits without saving. Any other key, or the window growing, disarms it. */
static bool small_quit_armed;

struct app *app_current(void) { return running; }

static void vstatus(struct app *app, bool error, const char *fmt, va_list ap)
{
    vsnprintf(app->status, sizeof app->status, fmt, ap);
    msg_tidy(app->status, sizeof app->status); /* full-width colons, a failure named once */
    app->status_is_error = error;
    app->status_wrapped = false;
}

void app_status(struct app *app, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vstatus(app, false, fmt, ap);
    va_end(ap);
}

void app_error(struct app *app, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vstatus(app, true, fmt, ap);
    va_end(ap);
}

void app_notice(struct app *app, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vstatus(app, false, fmt, ap);
    va_end(ap);
    app->status_wrapped = true;
}

static struct screen *top(struct app *app)
{
    return app->depth > 0 ? &app->stack[app->depth - 1] : NULL;
}

int app_push(struct app *app, const struct screen_ops *ops, void *arg)
{
    if (app->depth >= APP_MAX_SCREENS) {
        app_error(app, "打开的画面太多，请先按 Esc 返回");
        return -1;
    }
    struct screen *s = &app->stack[app->depth];
    s->ops = ops;
    s->app = app;
    s->state = xcalloc(1, ops->state_size ? ops->state_size : 1);
    app->depth++;
    if (ops->open && ops->open(s, arg) != 0) {
        app->depth--;
        if (ops->close) ops->close(s);
        free(s->state);
        memset(s, 0, sizeof *s);
        return -1;
    }
    return 0;
}

static void pop(struct app *app)
{
    struct screen *s = top(app);
    if (!s) return;
    if (s->ops->close) s->ops->close(s);
    free(s->state);
    memset(s, 0, sizeof *s);
    app->depth--;
    struct screen *below = top(app);
    if (below && below->ops->resume) below->ops->resume(below);
}

/* ---- who may use an action ---- */

static int64_t screen_branch(struct screen *s)
{
    return s->ops->branch ? s->ops->branch(s) : s->app->branch_id;
}

const char *app_may_why(struct screen *s, const struct ui_action *a, char *out, size_t outsz)
{
    out[0] = '\0';
    if (a->perm != STORE_PERM_ANY && s->ops->readonly) {
        const char *why = s->ops->readonly(s);
        if (why) {
            zb_strlcpy(out, why, outsz);
            return out;
        }
    }
    if (a->perm == STORE_PERM_ANY) return out;
    if (!s->app->store) { /* no database (unit tests of the frame): only a rule-less action fails */
        if (a->perm == STORE_PERM_UNSET) zb_strlcpy(out, "没有规定谁可以使用此功能", outsz);
        return out;
    }
    return store_may_why(s->app->store, a->perm, screen_branch(s), out, outsz);
}

bool app_may(struct screen *s, const struct ui_action *a)
{
    char why[256];
    return !app_may_why(s, a, why, sizeof why)[0];
}

/* The key bar: F1 帮助, the labelled actions this user may use in table order, F10 退出. */
static void draw_keybar(struct screen *s, int row)
{
    const struct screen_ops *ops = s ? s->ops : NULL;
    int cols = ui_cols(), col = 0;
    ui_fill(row, 0, cols, UA_KEYLABEL);
    struct { int key; const char *label; } items[24];
    int n = 0;
    items[n].key = UK_F(1);
    items[n++].label = "帮助";
    for (const struct ui_action *a = ops ? ops->actions : NULL; a && a->id; a++)
        if (a->label && n < 22 && a->key != UK_F(1) && a->key != UK_F(10) && app_may(s, a)) {
            items[n].key = a->key;
            items[n++].label = a->label;
        }
    items[n].key = UK_F(10);
    items[n++].label = "退出";
    for (int i = 0; i < n && col < cols; i++) {
        const char *k = ui_key_label(items[i].key);
        char kbuf[16];
        zb_strlcpy(kbuf, k, sizeof kbuf);
        col += ui_put_n(row, col, cols - col, kbuf, UA_KEY);
        int lw = text_width(items[i].label);
        ui_put(row, col, lw < cols - col ? lw : cols - col, items[i].label, UA_KEYLABEL);
        col += lw + 1;
    }
}

/* The title line: where we are on the left; who and what day on the right. On a test or demo
 * database whose day is set by ZHIBU_TODAY / ZHIBU_NOW the day reads "测试时钟 YYYY-MM-DD",
 * and that mark is kept (the user's name left out, the left side cut) when the line is short. */
static void draw_title(struct app *app, const struct screen_ops *ops, int cols)
{
    char left[512], right[240], day[40];
    bool fixed = clock_override_active();
    snprintf(day, sizeof day, "%s%s", fixed ? "测试时钟 " : "", app->today);
    snprintf(left, sizeof left, " 支部工作台账 │ %s │ %s",
             app->branch_name[0] ? app->branch_name : "（未选支部）", ops ? ops->title : "");
    snprintf(right, sizeof right, "%s  %s ", app->user, day);
    int lw = text_width(left), rw = text_width(right);
    if (fixed && rw + lw >= cols) {
        snprintf(right, sizeof right, " %s ", day);
        rw = text_width(right);
    }
    bool show_right = rw + lw < cols || (fixed && rw < cols);
    ui_put(0, 0, show_right && rw + lw >= cols ? cols - rw : cols, left, UA_TITLE);
    if (show_right) ui_put_right(0, 0, cols, right, UA_TITLE);
}

/* Below the minimum size: what is wrong and what to do, centred; the status line's message
 * (what F10 would lose) under it, wrapped to the width. */
static void draw_too_small(struct app *app, int rows, int cols)
{
    char msg[128];
    snprintf(msg, sizeof msg, "窗口太小：至少需要 %d×%d，当前 %d×%d", UI_MIN_COLS, UI_MIN_ROWS,
             cols, rows);
    char *lines[16] = {xstrdup(msg), xstrdup("请放大窗口，或按 F10 退出")};
    enum ui_attr attrs[16] = {UA_ERROR, UA_NORMAL};
    int n = 2;
    for (const char *p = app->status; *p && n < 16;) {
        size_t next, nb = text_wrap_line(p, cols, &next);
        lines[n] = xmalloc(nb + 1);
        memcpy(lines[n], p, nb);
        lines[n][nb] = '\0';
        attrs[n++] = app->status_is_error ? UA_ERROR : UA_STATUS;
        p += next;
    }
    int top = rows / 2 - (n > 2 ? 1 : 0);
    if (top + n > rows) top = rows - n;
    if (top < 0) top = 0;
    for (int i = 0; i < n; i++) {
        int w = text_width(lines[i]);
        if (top + i < rows) ui_put_n(top + i, w < cols ? (cols - w) / 2 : 0, cols, lines[i], attrs[i]);
        free(lines[i]);
    }
}

/* The status line's message. A notice (app_notice: where a backup is) wider than the line takes
 * as many lines as it needs, up to STATUS_MAX_LINES, over the body's last rows until the next key
 * — nothing of it is cut at the window's edge (only a notice longer than those lines, its last
 * line ending in …). Other messages keep to the one line. */
#define STATUS_MAX_LINES 6
static void draw_status(struct app *app, int rows, int cols)
{
    enum ui_attr attr = app->status_is_error ? UA_ERROR : UA_STATUS;
    if (!app->status_wrapped) {
        ui_put(rows - 2, 0, cols, app->status, attr);
        return;
    }
    size_t start[STATUS_MAX_LINES], len[STATUS_MAX_LINES];
    int n = 0;
    size_t at = 0, total = strlen(app->status);
    while (at < total && n < STATUS_MAX_LINES) {
        size_t next;
        start[n] = at;
        len[n] = text_wrap_line(app->status + at, cols, &next);
        at += next;
        n++;
    }
    if (at < total) len[n - 1] = total - start[n - 1]; /* more still: the last line cut with … */
    if (n <= 1 || rows - 2 - (n - 1) < 1) {
        ui_put(rows - 2, 0, cols, app->status, attr);
        return;
    }
    for (int i = 0; i < n; i++) {
        char line[sizeof app->status];
        memcpy(line, app->status + start[i], len[i]);
        line[len[i]] = '\0';
        int row = rows - 2 - (n - 1) + i;
        ui_put(row, 0, cols, line, attr); /* padded: the body's row under it is blanked */
    }
}

void app_repaint(struct app *app)
{
    ui_clear();
    int rows = ui_rows(), cols = ui_cols();
    if (ui_too_small()) {
        draw_too_small(app, rows, cols);
        return;
    }
    struct screen *s = top(app);
    const struct screen_ops *ops = s ? s->ops : NULL;
    draw_title(app, ops, cols);
    struct ui_rect body = {1, 0, rows - 3, cols};
    if (s && ops->draw) ops->draw(s, body);
    if (app->status[0] || !ui_hint_text()[0])
        draw_status(app, rows, cols);
    else /* no message: what the screen could not show whole (the list's cut cells) */
        ui_put(rows - 2, 0, cols, ui_hint_text(), UA_NORMAL);
    draw_keybar(s, rows - 1);
}

static const struct ui_action *find_action(const struct screen_ops *ops, int key)
{
    for (const struct ui_action *a = ops->actions; a && a->id; a++)
        if (a->key == key || (a->key2 && a->key2 == key)) return a;
    return NULL;
}

static bool any_dirty(struct app *app)
{
    for (int i = 0; i < app->depth; i++) {
        struct screen *s = &app->stack[i];
        if (s->ops->dirty && s->ops->dirty(s)) return true;
    }
    return false;
}

static void show_help(struct screen *s)
{
    char *text = screen_help_text_for(s);
    char title[160];
    snprintf(title, sizeof title, "帮助 — %s", s->ops->title);
    ui_message(title, text);
    free(text);
}

/* The titles of the screens holding unsaved changes ("会议记录、党员信息") into out; false if
 * there are none. */
static bool dirty_titles(struct app *app, char *out, size_t outsz)
{
    out[0] = '\0';
    for (int i = 0; i < app->depth; i++) {
        struct screen *s = &app->stack[i];
        if (!s->ops->dirty || !s->ops->dirty(s)) continue;
        size_t len = strlen(out);
        snprintf(out + len, outsz - len, "%s%s", len ? "、" : "", s->ops->title ? s->ops->title : "");
    }
    return any_dirty(app);
}

/* F10 while the window is too small for any dialog: quit at once when nothing is unsaved;
 * otherwise say in one line what would be lost, and a second F10 straight after quits. */
static void quit_too_small(struct app *app)
{
    char what[256];
    if (!dirty_titles(app, what, sizeof what) || small_quit_armed) {
        app->quit = true;
        return;
    }
    small_quit_armed = true;
    app_error(app, "有未保存的修改（%s）：放大窗口后保存，或再按一次 F10 放弃并退出", what);
}

static bool confirm_quit(struct app *app)
{
    if (!any_dirty(app)) return true;
    return ui_confirm("有尚未保存的修改，确定退出吗？（修改将丢失）");
}

/* Esc on a screen that says where it goes back to (screen_ops.back): closed, after asking
 * when it holds unsaved input. */
static int back(struct screen *s)
{
    if (!s->ops->dirty || !s->ops->dirty(s)) return SR_BACK;
    const char *q = s->ops->discard ? s->ops->discard(s) : NULL;
    return ui_confirm(q ? q : "放弃尚未保存的修改？") ? SR_BACK : SR_REDRAW;
}

/* Characters that arrive together (a paste, or the rest of a script line) go to the screen as
 * one UK_PASTE, so that a text field takes 100,000 pasted characters in one edit and one
 * redraw instead of 100,000 of each. */
static int gather_paste(int first)
{
    size_t cap = 256, len = 0, n = 1;
    char *buf = xmalloc(cap);
    len = text_encode((uint32_t)first, buf);
    int k;
    while ((k = ui_next_char_now()) != UK_NONE) {
        if (len + 5 > cap) {
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
        len += text_encode((uint32_t)k, buf + len);
        n++;
    }
    buf[len] = '\0';
    if (n > 1) ui_paste_set(buf, n);
    free(buf);
    return n > 1 ? UK_PASTE : first;
}

/* The last paste's characters given back as keys; how many. */
static int unread_paste(void)
{
    const char *p = ui_paste_text();
    size_t len = strlen(p), n = 0;
    int *keys = xmalloc((ui_paste_chars() + 1) * sizeof *keys);
    for (size_t i = 0; i < len && n <= ui_paste_chars();) {
        uint32_t cp;
        i += text_decode(p + i, len - i, &cp);
        keys[n++] = (int)cp;
    }
    ui_unread_keys(keys, n);
    free(keys);
    return (int)n;
}

int app_run(struct app *app, const struct screen_ops *first, void *arg)
{
    int replay = 0; /* keys given back that go one by one */
    running = app;
    small_quit_armed = false;
    if (app_push(app, first, arg) != 0) {
        running = NULL;
        return -1;
    }
    while (!app->quit && app->depth > 0) {
        app_repaint(app);
        ui_refresh();
        int key = ui_next_key();
        if (key == UK_EOF) break;
        if (replay > 0) replay--;
        else if (ui_key_is_char(key)) key = gather_paste(key);
        if (key == UK_RESIZE) {
            if (small_quit_armed && !ui_too_small()) { /* grown: F10 asks as usual again */
                small_quit_armed = false;
                app->status[0] = '\0';
            }
            continue;
        }
        app->status[0] = '\0';
        app->status_is_error = false;
        app->status_wrapped = false;
        if (key == UK_BADBYTES) {
            app_error(app, "终端编码不是 UTF-8：收到无法识别的字节，已忽略（请把终端的字符编码设为 UTF-8）");
            continue;
        }
        if (ui_too_small()) {
            if (key == UK_F(10)) quit_too_small(app);
            else small_quit_armed = false;
            continue;
        }
        small_quit_armed = false;
        struct screen *s = top(app);
        const struct ui_action *act = find_action(s->ops, key);
        if (!act && key == UK_F(1)) {
            show_help(s);
            continue;
        }
        char why[256];
        if (act && app_may_why(s, act, why, sizeof why)[0]) {
            /* refused before the screen opens any dialog: the store would refuse it anyway */
            app_error(app, "%s%s%s不可用：%s", ui_key_label(key), act->label ? " " : "",
                      act->label ? act->label : "", why);
            continue;
        }
        if (!act && key == UK_F(10)) {
            if (confirm_quit(app)) app->quit = true;
            continue;
        }
        int r;
        if (!act && key == UK_ESC && s->ops->back)
            r = back(s);
        else
            r = s->ops->handle ? s->ops->handle(s, key, act) : SR_NONE;
        if (key == UK_PASTE && r == SR_NONE) {
            /* a screen that takes no text: the characters one by one, as typed */
            replay = unread_paste();
            continue;
        }
        char note[256];
        if (ui_note_take(note, sizeof note)) app_error(app, "%s", note);
        switch (r) {
        case SR_BACK:
            pop(app);
            break;
        case SR_QUIT:
            if (confirm_quit(app)) app->quit = true;
            break;
        default:
            break;
        }
    }
    while (app->depth > 0) {
        struct screen *s = top(app);
        if (s->ops->close) s->ops->close(s);
        free(s->state);
        memset(s, 0, sizeof *s);
        app->depth--;
    }
    running = NULL;
    return 0;
}

/* ---- F1 help, generated from the action table ---- */

static void append(char **buf, size_t *len, size_t *cap, const char *s)
{
    size_t n = strlen(s);
    if (*len + n + 1 > *cap) {
        *cap = (*len + n + 1) * 2;
        *buf = xrealloc(*buf, *cap);
    }
    memcpy(*buf + *len, s, n + 1);
    *len += n;
}

static void append_key_line(char **buf, size_t *len, size_t *cap, const char *keys,
                            const char *text)
{
    char line[512], padded[64];
    text_pad(padded, sizeof padded, keys, 14, false);
    snprintf(line, sizeof line, "  %s %s\n", padded, text);
    append(buf, len, cap, line);
}

/* The help of ops; with s, only the actions its user may use. */
static char *help_text(const struct screen_ops *ops, struct screen *s)
{
    size_t len = 0, cap = 1024;
    char *buf = xmalloc(cap);
    buf[0] = '\0';
    if (ops->help_intro) {
        append(&buf, &len, &cap, ops->help_intro);
        append(&buf, &len, &cap, "\n\n");
    }
    append(&buf, &len, &cap, "本画面的按键：\n");
    for (const struct ui_action *a = ops->actions; a && a->id; a++) {
        if (s && !app_may(s, a)) continue;
        char keys[64];
        zb_strlcpy(keys, ui_key_label(a->key), sizeof keys);
        if (a->key2) {
            size_t k = strlen(keys);
            snprintf(keys + k, sizeof keys - k, " / %s", ui_key_label(a->key2));
        }
        char text[400];
        if (a->label)
            snprintf(text, sizeof text, "%s — %s", a->label, a->help ? a->help : "");
        else
            snprintf(text, sizeof text, "%s", a->help ? a->help : "");
        append_key_line(&buf, &len, &cap, keys, text);
    }
    if (ops->back) append_key_line(&buf, &len, &cap, ui_key_label(UK_ESC), ops->back);
    append(&buf, &len, &cap, "\n各画面通用：\n");
    append_key_line(&buf, &len, &cap, "F1", "帮助 — 显示本说明");
    append_key_line(&buf, &len, &cap, "F10", "退出 — 有未保存的修改时先询问");
    append_key_line(&buf, &len, &cap, "Esc", "返回上一画面 / 取消");
    append_key_line(&buf, &len, &cap, "↑ ↓ j k", "上下移动");
    append_key_line(&buf, &len, &cap, "PgUp PgDn", "翻页");
    append_key_line(&buf, &len, &cap, "Home End", "到开头 / 到末尾");
    append_key_line(&buf, &len, &cap, "Tab Shift-Tab", "表单中的下一项 / 上一项");
    if (ops->manual) { /* the section of the user manual (README.md) that explains this screen */
        char line[256];
        snprintf(line, sizeof line, "\n详见使用说明「%s」（README.md，或 man zhibu）\n",
                 ops->manual);
        append(&buf, &len, &cap, line);
    }
    return buf;
}

char *screen_help_text(const struct screen_ops *ops)
{
    return help_text(ops, NULL);
}

char *screen_help_text_for(struct screen *s)
{
    return help_text(s->ops, s);
}
