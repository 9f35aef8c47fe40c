/* term.c — the terminal: curses setup (a real terminal, or an in-memory screen for
 * --script), the input source, the refresh and the screen dump. With draw.c, the only
 * code that includes curses.h. */
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "ui_internal.h"
#include "zhibu/text.h"
#include "zhibu/ui.h"
#include "zhibu/util.h"

static SCREEN *term_screen;
static FILE *null_in, *null_out;
static bool started;

/* script mode */
static FILE *script;
static const char *script_name;
static char *script_line;   /* current line */
static size_t script_line_cap;
static size_t script_pos;   /* next byte in script_line */
static int script_lineno;
static bool script_failed;

bool ui_is_script(void) { return script != NULL; }
bool ui_script_failed(void) { return script_failed; }

int ui_term_start(const struct ui_term_options *opt, char *err, size_t errsz)
{
    if (opt->script_path) {
        script = fopen(opt->script_path, "r");
        if (!script) {
            snprintf(err, errsz, "无法打开脚本文件 %s：%s", opt->script_path, zb_errno_text(errno));
            return -1;
        }
        script_name = opt->script_path;
        null_in = fopen("/dev/null", "r");
        null_out = fopen("/dev/null", "w");
        if (!null_in || !null_out) {
            snprintf(err, errsz, "无法打开 /dev/null");
            return -1;
        }
        /* The in-memory screen is as wide as asked, whatever the real terminal is. */
        use_env(FALSE);
        term_screen = newterm("xterm-256color", null_out, null_in);
        if (!term_screen) term_screen = newterm("xterm", null_out, null_in);
        if (!term_screen) {
            snprintf(err, errsz, "无法建立内存屏幕 (缺少 xterm 终端描述)");
            return -1;
        }
        resizeterm(opt->script_rows, opt->script_cols);
    } else {
        const char *t = getenv("TERM");
        term_screen = newterm(NULL, stdout, stdin);
        if (!term_screen) {
            snprintf(err, errsz, "无法初始化终端 (TERM=%s)，请检查 TERM 环境变量", t ? t : "");
            return -1;
        }
    }
    set_term(term_screen);
    started = true;
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    ui_draw_init_colors();
    return 0;
}

void ui_term_stop(void)
{
    if (!started) return;
    endwin();
    delscreen(term_screen);
    term_screen = NULL;
    started = false;
    if (null_in) fclose(null_in);
    if (null_out) fclose(null_out);
    null_in = null_out = NULL;
    if (script) fclose(script);
    script = NULL;
    free(script_line);
    script_line = NULL;
}

/* ---- keys from the real keyboard ---- */

static int map_curses_key(int code)
{
    if (code >= KEY_F(1) && code <= KEY_F(24)) return UK_F(code - KEY_F0);
    switch (code) {
    case KEY_UP: return UK_UP;
    case KEY_DOWN: return UK_DOWN;
    case KEY_LEFT: return UK_LEFT;
    case KEY_RIGHT: return UK_RIGHT;
    case KEY_PPAGE: return UK_PGUP;
    case KEY_NPAGE: return UK_PGDN;
    case KEY_HOME: return UK_HOME;
    case KEY_END: return UK_END;
    case KEY_ENTER: return UK_ENTER;
    case KEY_BTAB: return UK_BTAB;
    case KEY_BACKSPACE: return UK_BACKSPACE;
    case KEY_DC: return UK_DELETE;
    case KEY_IC: return UK_INSERT;
    case KEY_RESIZE: return UK_RESIZE;
    default: return UK_NONE;
    }
}

static int map_char(wint_t ch)
{
    switch (ch) {
    case '\r': case '\n': return UK_ENTER;
    case '\t': return UK_TAB;
    case 27: return UK_ESC;
    case 127: case 8: return UK_BACKSPACE;
    case 19: return UK_CTRL_S;
    case 21: return UK_CTRL_U;
    default: break;
    }
    if (ui_key_is_char((int)ch)) return (int)ch;
    return UK_NONE;
}

/* Keys are read byte by byte and decoded here rather than with get_wch: ncurses' own decoder
 * keeps its state after a byte that is not UTF-8 (a GBK terminal sends d6 d0 for 中) and then
 * drops every printable key until a function key resets it. A sequence that is not well-formed
 * UTF-8 — a stray continuation byte, a lead byte followed by something else, an unfinished
 * sequence with nothing after it, an overlong form, a surrogate — becomes one UK_BADBYTES, and
 * the byte that broke it is read again as the start of the next key. */
static int pushed_back = -1;

static int read_byte(int wait_ms)
{
    if (pushed_back >= 0) {
        int b = pushed_back;
        pushed_back = -1;
        return b;
    }
    timeout(wait_ms);
    int c = getch();
    timeout(-1);
    return c;
}

/* The rest of a UTF-8 sequence whose lead byte was `lead`: a code point, or -1 (not UTF-8). */
static long utf8_rest(int lead)
{
    size_t n = text_lead_len((unsigned char)lead);
    if (n < 2) return -1; /* a continuation byte, C0/C1 (overlong) or F5-FF */
    long cp = lead & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        /* the rest of a character arrives with it; 200 ms is far longer than any terminal */
        int c = read_byte(200);
        if (c == ERR) return -1;
        if (c < 0x80 || c > 0xBF) {
            pushed_back = c; /* not part of this character: the start of the next key */
            return -1;
        }
        cp = (cp << 6) | (c & 0x3F);
    }
    return text_cp_well_formed((uint32_t)cp, n) ? cp : -1;
}

/* One key from its first byte c (further bytes of a character are read here); UK_NONE for a
 * byte or code that is no key of ours. */
static int keyboard_decode(int c)
{
    if (c == ERR) return UK_NONE;
    if (c >= KEY_MIN) return map_curses_key(c);
    if (c < 0x80) return map_char((wint_t)c);
    long cp = utf8_rest(c);
    if (cp < 0) return UK_BADBYTES;
    return map_char((wint_t)cp);
}

static int keyboard_key(void)
{
    for (;;) {
        int k = keyboard_decode(read_byte(-1));
        if (k != UK_NONE) return k;
    }
}

/* ---- keys from a script ---- */

__attribute__((format(printf, 1, 2))) static void script_error(const char *fmt, ...)
{
    fprintf(stderr, "zhibu: 脚本 %s 第 %d 行：", script_name, script_lineno);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    script_failed = true;
}

/* Carries out a ':' line; returns a key to deliver (UK_RESIZE) or UK_NONE. */
static int script_directive(char *line)
{
    size_t n = strlen(line);
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
    if (strncmp(line, ":dump ", 6) == 0) {
        if (ui_dump(line + 6) != 0) script_error("无法写入 %s", line + 6);
        return UK_NONE;
    }
    if (strncmp(line, ":size ", 6) == 0) {
        int c, r;
        if (sscanf(line + 6, "%dx%d", &c, &r) != 2 || c < 10 || r < 5 || c > 1000 || r > 500) {
            script_error("无效的屏幕大小 %s", line + 6);
            return UK_EOF;
        }
        resizeterm(r, c);
        return UK_RESIZE;
    }
    /* Two sessions at one ledger in tests: one script marks a step (:touch FILE, an empty file)
     * when its program is idle, i.e. every key before it has been carried out; the other waits
     * for it (:wait FILE) before its next key — never more than a minute, so a test cannot
     * hang. Directives of --script only: nothing else reads them. */
    if (strncmp(line, ":touch ", 7) == 0) {
        int fd = open(line + 7, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0) script_error("无法写入 %s", line + 7);
        else close(fd);
        return UK_NONE;
    }
    if (strncmp(line, ":wait ", 6) == 0) {
        struct timespec tick = {0, 10 * 1000 * 1000};
        for (int i = 0; access(line + 6, F_OK) != 0; i++) {
            if (i >= 6000) {
                script_error("等待 %s 超时（一分钟）", line + 6);
                return UK_EOF;
            }
            nanosleep(&tick, NULL);
        }
        return UK_NONE;
    }
    if (strncmp(line, ":#", 2) == 0) return UK_NONE;
    script_error("未知的指令 %s", line);
    return UK_EOF;
}

static int script_key(void)
{
    for (;;) {
        if (script_failed) return UK_EOF;
        if (!script_line || script_line[script_pos] == '\0' || script_line[script_pos] == '\n') {
            ssize_t got = getline(&script_line, &script_line_cap, script);
            if (got < 0) return UK_EOF;
            script_lineno++;
            script_pos = 0;
            if (script_line[0] == ':') {
                int k = script_directive(script_line);
                script_line[0] = '\0';
                if (k != UK_NONE) return k;
            }
            continue;
        }
        char *p = script_line + script_pos;
        if (*p == '\r') { script_pos++; continue; }
        if (*p == '<') {
            char *end = strchr(p, '>');
            if (end && end - p > 1 && end - p < 24) {
                char name[24];
                memcpy(name, p + 1, (size_t)(end - p - 1));
                name[end - p - 1] = '\0';
                int k = ui_key_from_name(name);
                if (k == UK_NONE) {
                    script_error("未知的键 <%s>", name);
                    return UK_EOF;
                }
                script_pos += (size_t)(end - p) + 1;
                return k;
            }
        }
        uint32_t cp;
        size_t used = text_decode(p, strlen(p), &cp);
        script_pos += used;
        if (cp == '\t') return UK_TAB;
        return (int)cp;
    }
}

/* ---- keys given back, pastes, notes ---- */

static int *unread;
static size_t unread_n, unread_at, unread_cap;

void ui_unread_keys(const int *keys, size_t n)
{
    /* what is still queued goes after the keys given back */
    size_t left = unread_n - unread_at;
    if (left + n > unread_cap) {
        unread_cap = (left + n) * 2;
        int *q = xmalloc(unread_cap * sizeof *q);
        memcpy(q, keys, n * sizeof *q);
        if (left) memcpy(q + n, unread + unread_at, left * sizeof *q);
        free(unread);
        unread = q;
    } else {
        memmove(unread + n, unread + unread_at, left * sizeof *unread);
        memcpy(unread, keys, n * sizeof *unread);
    }
    unread_n = left + n;
    unread_at = 0;
}

static bool unread_any(void)
{
    return unread_at < unread_n;
}

int ui_next_key(void)
{
    if (unread_any()) return unread[unread_at++];
    return script ? script_key() : keyboard_key();
}

int ui_next_char_now(void)
{
    if (unread_any())
        return ui_key_is_char(unread[unread_at]) ? unread[unread_at++] : UK_NONE;
    int k;
    if (script) {
        /* only the rest of the current line: a directive on a later line must see the screen
         * drawn after these keys */
        if (!script_line || script_line[script_pos] == '\0' || script_line[script_pos] == '\n')
            return UK_NONE;
        k = script_key();
    } else {
        if (pushed_back < 0) {
            timeout(0);
            int c = getch();
            timeout(-1);
            if (c == ERR) return UK_NONE;
            pushed_back = c;
        }
        k = keyboard_decode(read_byte(0));
    }
    if (ui_key_is_char(k)) return k;
    if (k != UK_NONE) ui_unread_keys(&k, 1);
    return UK_NONE;
}

static char *paste;
static size_t paste_chars;

const char *ui_paste_text(void)
{
    return paste ? paste : "";
}

size_t ui_paste_chars(void)
{
    return paste_chars;
}

void ui_paste_set(const char *text, size_t nchars)
{
    free(paste);
    paste = xstrdup(text ? text : "");
    paste_chars = nchars;
}

static char note[256];

void ui_note(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(note, sizeof note, fmt, ap);
    va_end(ap);
}

bool ui_note_take(char *out, size_t outsz)
{
    if (!note[0]) return false;
    zb_strlcpy(out, note, outsz);
    note[0] = '\0';
    return true;
}

/* ---- frame ---- */

int ui_rows(void) { return LINES; }
int ui_cols(void) { return COLS; }
bool ui_too_small(void) { return COLS < UI_MIN_COLS || LINES < UI_MIN_ROWS; }

void ui_clear(void)
{
    erase();
    ui_draw_reset_cursor();
    ui_draw_reset_hint();
}

void ui_refresh(void)
{
    int r, c;
    if (ui_draw_cursor(&r, &c)) {
        curs_set(1);
        move(r, c);
    } else {
        curs_set(0);
    }
    wnoutrefresh(stdscr);
    doupdate();
}

int ui_dump(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    for (int y = 0; y < LINES; y++) {
        char line[8192];
        size_t len = 0;
        size_t last_nonspace = 0;
        for (int x = 0; x < COLS && len + 8 < sizeof line;) {
            cchar_t cc;
            wchar_t wch[CCHARW_MAX + 1];
            attr_t attrs;
            short pair;
            if (mvwin_wch(curscr, y, x, &cc) == ERR ||
                getcchar(&cc, wch, &attrs, &pair, NULL) == ERR || wch[0] == L'\0') {
                line[len++] = ' ';
                x++;
                continue;
            }
            int w = wcwidth(wch[0]);
            if (w < 1) w = 1;
            len += text_encode((uint32_t)wch[0], line + len);
            if (wch[0] != L' ') last_nonspace = len;
            x += w;
        }
        line[last_nonspace] = '\0';
        fprintf(f, "%s\n", line);
    }
    return fclose(f) == 0 ? 0 : -1;
}
