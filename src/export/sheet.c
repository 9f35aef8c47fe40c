/* sheet.c — the output file and text helpers every export shares (see sheet.h). */
#include "zhibu/sheet.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "zhibu/date.h"
#include "zhibu/text.h"
#include "zhibu/util.h"

char *export_clean_text(const char *s, bool multiline)
{
    if (!s) s = "";
    char *tmp = xstrdup(s);
    size_t w = 0;
    for (size_t r = 0; tmp[r]; r++) {
        char c = tmp[r];
        if (c == '\r') {
            if (tmp[r + 1] == '\n') continue; /* the LF that follows stands for both */
            c = '\n';
        }
        if (c == '\t') c = ' ';
        if (c == '\n' && !multiline) c = ' ';
        tmp[w++] = c;
    }
    tmp[w] = '\0';
    char *out = text_sanitize(tmp, multiline);
    free(tmp);
    return out;
}

const char *export_errno_text(int e)
{
    switch (e) {
    case ENOENT: return "目录不存在";
    case EACCES: case EPERM: return "没有写入权限";
    case ENOSPC: return "磁盘空间不足";
    case EROFS: return "文件系统只读";
    case EISDIR: return "这是一个目录";
    case ENOTDIR: return "路径中有一段不是目录";
    case ENAMETOOLONG: return "路径太长";
    case EDQUOT: return "超出磁盘配额";
    case EIO: return "读写错误";
    default: return strerror(e);
    }
}

void export_file_lxw(struct export_file *x, int lxw_rc)
{
    if (lxw_rc != LXW_NO_ERROR && !x->failed) {
        x->failed = true;
        x->lxw_rc = lxw_rc;
    }
}

void export_file_io(struct export_file *x, int rc)
{
    if (rc != 0 && !x->failed) {
        x->failed = true;
        x->errno_saved = errno ? errno : EIO;
    }
}

int export_file_open(struct export_file *x, const char *path, bool xlsx, char *err, size_t errsz)
{
    memset(x, 0, sizeof *x);
    x->path = xstrdup(path);
    x->tmp = xasprintf("%s.tmp", path);
    x->xlsx = xlsx;
    /* Open the temporary file ourselves first: it reports an unwritable place with errno
     * (libxlsxwriter only tells that it failed). */
    errno = 0;
    x->f = zb_fopen_private(x->tmp); /* exports hold personal data: owner-only (0600) */
    if (!x->f) {
        snprintf(err, errsz, "无法写入 %s：%s", path, export_errno_text(errno));
        free(x->path);
        free(x->tmp);
        x->path = x->tmp = NULL;
        return -1;
    }
    if (xlsx) {
        fclose(x->f);
        x->f = NULL;
        lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
        x->wb = workbook_new_opt(x->tmp, &opt);
        if (!x->wb) export_file_lxw(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
    }
    return 0;
}

int export_file_close(struct export_file *x, bool ok, char *err, size_t errsz)
{
    if (!x->path) return -1;
    if (x->xlsx) {
        if (x->wb) {
            errno = 0;
            lxw_error rc = workbook_close(x->wb);
            if (rc != LXW_NO_ERROR && !x->failed) {
                x->failed = true;
                x->lxw_rc = rc;
                x->errno_saved = errno;
            }
            x->wb = NULL;
        }
    } else if (x->f) {
        errno = 0;
        if (fflush(x->f) != 0 || ferror(x->f)) export_file_io(x, -1);
        if (!x->failed && fsync(fileno(x->f)) != 0 && errno != EINVAL) export_file_io(x, -1);
        if (fclose(x->f) != 0) export_file_io(x, -1);
        x->f = NULL;
    }
    if (ok && !x->failed) {
        errno = 0;
        /* the workbook was rewritten by libxlsxwriter: the mode is checked once more */
        if (chmod(x->tmp, 0600) != 0 || rename(x->tmp, x->path) != 0) {
            x->failed = true;
            x->errno_saved = errno;
        }
    }
    int status = 0;
    if (!ok || x->failed) {
        unlink(x->tmp);
        if (x->failed) {
            if (x->errno_saved)
                snprintf(err, errsz, "无法写入 %s：%s", x->path, export_errno_text(x->errno_saved));
            else
                snprintf(err, errsz, "无法写入 %s：%s", x->path,
                         lxw_strerror((lxw_error)x->lxw_rc));
        }
        status = -1;
    }
    free(x->path);
    free(x->tmp);
    x->path = x->tmp = NULL;
    return status;
}

/* ---- the printed page ---- */

static void put_n(struct export_page *pg, const char *s, size_t n)
{
    if (!pg->failed && n > 0 && fwrite(s, 1, n, pg->f) != n) pg->failed = true;
}

void export_page_put(struct export_page *pg, const char *s)
{
    put_n(pg, s, strlen(s));
}

void export_page_spaces(struct export_page *pg, int n)
{
    for (int i = 0; i < n; i++) put_n(pg, " ", 1);
}

/* Characters that should not begin a line (Chinese closing punctuation). */
static bool no_line_start(const char *s)
{
    static const char *const CLOSERS[] = {"，", "。", "、", "；", "：", "！", "？", "）", "”",
                                          "’", "》", "」", "』", "】", ",", ".", ";", ":",
                                          ")", "!", "?"};
    for (size_t i = 0; i < ZB_ARRAY_LEN(CLOSERS); i++)
        if (strncmp(s, CLOSERS[i], strlen(CLOSERS[i])) == 0) return true;
    return false;
}

static bool is_ascii_word(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-';
}

/* One paragraph (no '\n'), its first line indented `first` columns and the others `hang`.
 * Breaks fall between characters, never inside one; a run of ASCII letters and digits is kept
 * whole when a space before it allows, and closing punctuation does not start a line. */
void export_page_paragraph(struct export_page *pg, const char *para, int first, int hang)
{
    const char *p = para;
    int indent = first;
    do {
        int avail = pg->width - indent;
        int cols = 0;
        size_t n = text_fit(p, avail, &cols);
        size_t len = strlen(p);
        if (n == 0 && len > 0) { /* cannot happen with avail >= 2; never loop forever */
            uint32_t cp;
            n = text_decode(p, len, &cp);
        }
        if (n < len) {
            if (is_ascii_word(p[n]) && n > 0 && is_ascii_word(p[n - 1])) {
                size_t sp = n;
                while (sp > 0 && p[sp - 1] != ' ') sp--;
                if (sp > 0) n = sp;
            } else if (no_line_start(p + n)) {
                size_t back = n;
                do back--; while (back > 0 && ((unsigned char)p[back] & 0xC0) == 0x80);
                if (back > 0) n = back;
            }
        }
        size_t end = n;
        while (end > 0 && p[end - 1] == ' ') end--;
        export_page_spaces(pg, indent);
        put_n(pg, p, end);
        export_page_put(pg, "\n");
        p += n;
        while (*p == ' ') p++;
        indent = hang;
    } while (*p);
}

/* Text that may hold several paragraphs: each starts at `first`, continues at `hang`. An
 * empty paragraph is an empty line (runs of them collapse into one). */
void export_page_text(struct export_page *pg, const char *text, int first, int hang)
{
    char *clean = export_clean_text(text, true);
    bool blank_done = true; /* no empty line at the very start */
    char *p = clean;
    for (;;) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = '\0';
        char *q = p;
        while (*q == ' ') q++;
        if (*q) {
            export_page_paragraph(pg, p, first, hang);
            blank_done = false;
        } else if (!blank_done && nl) {
            export_page_put(pg, "\n");
            blank_done = true;
        }
        if (!nl) break;
        p = nl + 1;
    }
    free(clean);
}

/* "LABEL：value" on one logical line, continuation lines under the value. */
void export_page_field(struct export_page *pg, const char *label, const char *value)
{
    char *v = export_clean_text(value, false);
    char *line = xasprintf("%s：%s", label, v);
    int hang = text_width(label) + 2;
    if (hang > pg->width / 2) hang = 4;
    export_page_paragraph(pg, line, 0, hang);
    free(line);
    free(v);
}

void export_page_list(struct export_page *pg, const char *label, const char *const *items, int n,
                      const char *empty)
{
    if (n <= 0) {
        export_page_field(pg, label, empty ? empty : "");
        return;
    }
    int hang = text_width(label) + 2;
    if (hang > pg->width / 2) hang = 4;
    static const char SEP[] = "、";
    int sepw = text_width(SEP);
    export_page_put(pg, label);
    export_page_put(pg, "：");
    int col = text_width(label) + 2;
    bool empty_line = true; /* no item on the current line yet */
    for (int i = 0; i < n; i++) {
        bool last = i + 1 == n;
        char *item = export_clean_text(items[i], false);
        int w = text_width(item) + (last ? 0 : sepw);
        if (!empty_line && col + w > pg->width) { /* the item goes whole onto the next line */
            export_page_put(pg, "\n");
            export_page_spaces(pg, hang);
            col = hang;
            empty_line = true;
        }
        if (col + w <= pg->width) {
            export_page_put(pg, item);
            if (!last) export_page_put(pg, SEP);
            col += w;
            empty_line = false;
        } else {
            /* wider than a whole line on its own: cut between characters, the list goes on
             * on a line of its own */
            char *t = xasprintf("%s%s", item, last ? "" : SEP);
            size_t k = 0, len = strlen(t);
            while (k < len) {
                int cols = 0;
                size_t m = text_fit(t + k, pg->width - col, &cols);
                if (m == 0) {
                    uint32_t cp;
                    m = text_decode(t + k, len - k, &cp);
                }
                if (k + m < len && strcmp(t + k + m, SEP) == 0 && m > 1) {
                    /* the 、 does not begin a line: one character goes down with it */
                    do m--; while (m > 0 && ((unsigned char)t[k + m] & 0xC0) == 0x80);
                }
                put_n(pg, t + k, m);
                k += m;
                export_page_put(pg, "\n");
                if (k < len || !last) export_page_spaces(pg, hang);
                col = hang;
            }
            empty_line = true;
            free(t);
        }
        free(item);
    }
    if (!empty_line) export_page_put(pg, "\n");
}

void export_page_rule(struct export_page *pg, char c)
{
    for (int i = 0; i < pg->width; i++) put_n(pg, &c, 1);
    export_page_put(pg, "\n");
}

void export_page_centered(struct export_page *pg, const char *text)
{
    char *t = export_clean_text(text, false);
    int w = text_width(t);
    if (w < pg->width) {
        export_page_spaces(pg, (pg->width - w) / 2);
        export_page_put(pg, t);
        export_page_put(pg, "\n");
    } else {
        export_page_paragraph(pg, t, 0, 0);
    }
    free(t);
}

void export_local_time(const char *utc, char *out, size_t outsz)
{
    if (!out || outsz == 0) return;
    zb_strlcpy(out, utc ? utc : "", outsz);
    struct zdate d;
    char date[DATE_STR_LEN];
    unsigned h = 0, mi = 0, s = 0;
    char tail = 0;
    if (!utc || strlen(utc) != 20 || utc[10] != 'T') return;
    memcpy(date, utc, 10);
    date[10] = '\0';
    if (!date_parse(date, &d) || sscanf(utc + 11, "%2u:%2u:%2u%c", &h, &mi, &s, &tail) != 4 ||
        tail != 'Z' || h > 23 || mi > 59 || s > 60)
        return;
    time_t t = (time_t)date_to_days(d) * 86400 + (time_t)(h * 3600 + mi * 60 + s);
    struct tm tm;
    if (!localtime_r(&t, &tm)) return;
    snprintf(out, outsz, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min);
}

/* "2026年11月15日" from YYYY-MM-DD; the text itself when it is not a date. */
void export_chinese_date(const char *date, char *out, size_t outsz)
{
    struct zdate d;
    if (date_parse(date ? date : "", &d))
        snprintf(out, outsz, "%d年%d月%d日", d.y, d.m, d.d);
    else
        zb_strlcpy(out, date && *date ? date : "（未填）", outsz);
}

/* ---- the printed sheet ---- */

void export_sheet_formats(struct export_file *x, struct export_formats *f)
{
    memset(f, 0, sizeof *f);
    if (!x->wb) {
        export_file_lxw(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    lxw_format **all[] = {&f->title, &f->head, &f->cell, &f->wrap, &f->number, &f->money, &f->percent};
    for (size_t i = 0; i < ZB_ARRAY_LEN(all); i++) {
        *all[i] = workbook_add_format(x->wb);
        if (!*all[i]) {
            export_file_lxw(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
            memset(f, 0, sizeof *f);
            return;
        }
        if (*all[i] != f->title) {
            format_set_border(*all[i], LXW_BORDER_THIN);
            format_set_align(*all[i], LXW_ALIGN_VERTICAL_TOP);
        }
    }
    format_set_bold(f->title);
    format_set_font_size(f->title, 14);
    format_set_align(f->title, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bold(f->head);
    format_set_align(f->head, LXW_ALIGN_CENTER);
    format_set_text_wrap(f->wrap);
    format_set_num_format(f->money, "0.00");
    format_set_num_format(f->percent, "0.0%");
}

char *export_sheet_header_text(const char *title)
{
    char *clean = export_clean_text(title, false);
    size_t n = 0;
    for (const char *p = clean; *p; p++) n += *p == '&' ? 2 : 1;
    char *out = xmalloc(n + sizeof "&C&14 "), *w = out;
    memcpy(w, "&C&14 ", 6);
    w += 6;
    for (const char *p = clean; *p; p++) {
        *w++ = *p;
        if (*p == '&') *w++ = '&';
    }
    *w = '\0';
    free(clean);
    return out;
}

/* Cut a header/footer string to libxlsxwriter's limit without splitting a character or a
 * doubled '&'. */
static void header_fit(char *s)
{
    size_t len = strlen(s);
    if (len <= LXW_HEADER_FOOTER_MAX) return;
    size_t n = LXW_HEADER_FOOTER_MAX;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    size_t amps = 0;
    while (amps < n && s[n - 1 - amps] == '&') amps++;
    if (amps % 2) n--;
    s[n] = '\0';
}

void export_sheet_print(struct export_file *x, lxw_worksheet *ws, const struct export_print *p)
{
    if (!ws || x->failed) return;
    worksheet_set_paper(ws, 9); /* A4 */
    if (p->landscape) worksheet_set_landscape(ws);
    else worksheet_set_portrait(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    if (p->repeat_row >= 0) worksheet_repeat_rows(ws, (lxw_row_t)p->repeat_row, (lxw_row_t)p->repeat_row);
    if (p->title && *p->title) {
        char *head = export_sheet_header_text(p->title);
        header_fit(head);
        export_file_lxw(x, worksheet_set_header(ws, head));
        free(head);
    }
    char *foot = xstrdup(p->footer ? p->footer : "&C第 &P 页，共 &N 页");
    header_fit(foot);
    export_file_lxw(x, worksheet_set_footer(ws, foot));
    free(foot);
}

void export_sheet_title(struct export_file *x, lxw_worksheet *ws, unsigned row, int ncols,
                        const char *text, const struct export_formats *f)
{
    if (!ws || x->failed) return;
    char *t = export_clean_text(text, false);
    export_file_lxw(x, worksheet_set_row(ws, (lxw_row_t)row, 24, NULL));
    if (ncols > 1)
        export_file_lxw(x, worksheet_merge_range(ws, (lxw_row_t)row, 0, (lxw_row_t)row,
                                                 (lxw_col_t)(ncols - 1), t, f->title));
    else
        export_file_lxw(x, worksheet_write_string(ws, (lxw_row_t)row, 0, t, f->title));
    free(t);
}

void export_period_text(const char *from, const char *to, char *out, size_t outsz)
{
    struct zdate a, b;
    bool has_a = from && date_parse(from, &a), has_b = to && date_parse(to, &b);
    char da[64], db[64];
    if (has_a && has_b && a.d == 1 && b.y == a.y && b.m == a.m &&
        b.d == date_days_in_month(b.y, b.m)) {
        snprintf(out, outsz, "%d年%d月", a.y, a.m);
    } else if (has_a && has_b && a.m == 1 && a.d == 1 && b.y == a.y && b.m == 12 && b.d == 31) {
        snprintf(out, outsz, "%d年", a.y);
    } else if (has_a && has_b) {
        export_chinese_date(from, da, sizeof da);
        export_chinese_date(to, db, sizeof db);
        snprintf(out, outsz, "%s至%s", da, db);
    } else if (has_a) {
        export_chinese_date(from, da, sizeof da);
        snprintf(out, outsz, "%s起", da);
    } else if (has_b) {
        export_chinese_date(to, db, sizeof db);
        snprintf(out, outsz, "至%s", db);
    } else {
        zb_strlcpy(out, "全部日期", outsz);
    }
}
