/* table_read.c — an office's spreadsheet file into a table (table_read.h): what kind of file it
 * is (a workbook goes to xlsx_read.c), and CSV itself — the encoding (UTF-8 with or without
 * BOM, else GBK, which Chinese Excel writes by default; iconv converts) and RFC 4180 records
 * (quoted fields may hold commas and line breaks; a tab-separated file is read too). */
#include "zhibu/table_read.h"

#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "zhibu/text.h"
#include "zhibu/util.h"

static void say(char *err, size_t errsz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(char *err, size_t errsz, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errsz, fmt, ap);
    va_end(ap);
}

/* 0 when data is valid UTF-8, else the line (1-based) of the first bad byte. */
static int utf8_bad_line(const char *data, size_t len)
{
    int line = 1;
    for (size_t i = 0; i < len;) {
        size_t n = text_valid_len(data + i, len - i);
        if (n == 0) return line;
        if (data[i] == '\n') line++;
        i += n;
    }
    return 0;
}

/* GBK (read as GB18030, its superset) to UTF-8: a heap string, or NULL with the line of the
 * first byte that is not GBK in *bad_line. */
static char *from_gbk(const char *data, size_t len, size_t *outlen, int *bad_line)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1) {
        *bad_line = -1;
        return NULL;
    }
    size_t cap = len * 2 + 16;
    char *out = xmalloc(cap);
    char *in = (char *)data, *o = out;
    size_t inleft = len, oleft = cap - 1;
    while (inleft > 0) {
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        if (r != (size_t)-1) break;
        if (errno == E2BIG) {
            size_t used = (size_t)(o - out);
            cap *= 2;
            out = xrealloc(out, cap);
            o = out + used;
            oleft = cap - 1 - used;
            continue;
        }
        int line = 1;
        for (const char *p = data; p < in; p++)
            if (*p == '\n') line++;
        *bad_line = line;
        free(out);
        iconv_close(cd);
        return NULL;
    }
    iconv_close(cd);
    *o = '\0';
    *outlen = (size_t)(o - out);
    return out;
}

/* The records of UTF-8 text s into t. */
static void parse_records(const char *s, size_t len, struct table *t)
{
    /* a tab-separated file: its first line holds tabs and no commas */
    char sep = ',';
    const char *nl = memchr(s, '\n', len);
    size_t first = nl ? (size_t)(nl - s) : len;
    if (memchr(s, '\t', first) && !memchr(s, ',', first)) sep = '\t';
    struct {
        char *s;
        size_t n, cap;
    } f = {0};
    int line = 1, col = 0;
    struct table_row *row = NULL;
    size_t i = 0;
    bool stop = false;
    while (i < len && !stop) {
        /* one record */
        int start_line = line;
        row = NULL;
        col = 0;
        for (;;) {
            /* one field */
            f.n = 0;
            bool quoted = false;
            if (i < len && s[i] == '"') {
                quoted = true;
                i++;
            }
            for (; i < len; i++) {
                char c = s[i];
                if (quoted) {
                    if (c == '"') {
                        if (i + 1 < len && s[i + 1] == '"') {
                            i++;
                        } else {
                            quoted = false;
                            continue;
                        }
                    } else if (c == '\r') {
                        if (i + 1 < len && s[i + 1] == '\n') continue; /* CR LF in a field: LF */
                        c = '\n';
                    }
                    if (c == '\n') line++;
                } else if (c == sep || c == '\n' || c == '\r') {
                    break;
                }
                if (f.n + 2 > f.cap) {
                    f.cap = f.cap ? f.cap * 2 : 128;
                    f.s = xrealloc(f.s, f.cap);
                }
                f.s[f.n++] = c;
            }
            if (f.n > 0 && col >= TABLE_MAX_COLS) t->cols_kept = TABLE_MAX_COLS;
            if (f.n > 0 && col < TABLE_MAX_COLS) {
                if (!row) {
                    if (t->nrows >= TABLE_MAX_ROWS) {
                        stop = true;
                        break;
                    }
                    row = table_add_row(t, start_line);
                }
                table_set(row, col, TABLE_TEXT, f.s, f.n);
            }
            col++;
            if (i < len && s[i] == sep) {
                i++;
                continue;
            }
            /* end of the record */
            if (i < len && s[i] == '\r') i++;
            if (i < len && s[i] == '\n') i++;
            line++;
            break;
        }
    }
    free(f.s);
}

int csv_parse(const char *data, size_t len, const char *encoding, const char *name,
              struct table *t, char *err, size_t errsz)
{
    memset(t, 0, sizeof *t);
    const unsigned char *u = (const unsigned char *)data;
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        say(err, errsz, "文件 %s 是 UTF-16 编码的文本（Excel 的“Unicode 文本”）：请在 Excel 中另存为"
            " .xlsx 或“CSV（逗号分隔）”后再导入", name);
        return -1;
    }
    if (memchr(data, '\0', len)) {
        say(err, errsz, "文件 %s 不是文本文件，也不是 .xlsx 工作簿", name);
        return -1;
    }
    bool bom = len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF;
    if (bom) {
        data += 3;
        len -= 3;
    }
    bool want_utf8 = encoding && (strcmp(encoding, "utf-8") == 0 || strcmp(encoding, "UTF-8") == 0);
    bool want_gbk = encoding && (strcmp(encoding, "gbk") == 0 || strcmp(encoding, "GBK") == 0);
    int bad = (want_gbk) ? 1 : utf8_bad_line(data, len);
    if (want_utf8 && bad) {
        say(err, errsz, "文件 %s 不是有效的 UTF-8 文本（第 %d 行）；如是 GBK 编码，请指定 GBK", name,
            bad);
        return -1;
    }
    if (!bad) {
        zb_strlcpy(t->encoding, "UTF-8", sizeof t->encoding);
        parse_records(data, len, t);
    } else {
        size_t n = 0;
        int gbk_bad = 0;
        char *conv = from_gbk(data, len, &n, &gbk_bad);
        if (!conv) {
            if (gbk_bad < 0)
                say(err, errsz, "无法转换文件 %s 的 GBK 编码：本机的 iconv 不支持 GB18030", name);
            else
                say(err, errsz, "文件 %s 既不是 UTF-8 也不是 GBK 编码的文本（第 %d 行）", name,
                    gbk_bad);
            return -1;
        }
        zb_strlcpy(t->encoding, "GBK", sizeof t->encoding);
        parse_records(conv, n, t);
        free(conv);
    }
    if (t->nrows >= TABLE_MAX_ROWS) {
        table_free(t);
        say(err, errsz, "文件 %s 的行数超过 %d 行，不是一份党员名册", name, TABLE_MAX_ROWS);
        return -1;
    }
    table_drop_blank(t);
    return 0;
}

/* The whole file into a heap buffer (*len bytes). */
static char *slurp(const char *path, size_t *len, char *err, size_t errsz)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        say(err, errsz, "无法读取文件 %s：%s", path, zb_errno_text(errno));
        return NULL;
    }
    size_t cap = 65536, n = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (n == cap) {
            if (cap >= (size_t)TABLE_MAX_FILE) {
                say(err, errsz, "文件 %s 太大（超过 %ld MB），不是一份党员名册", path,
                    TABLE_MAX_FILE >> 20);
                free(buf);
                fclose(f);
                return NULL;
            }
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0) break;
    }
    if (ferror(f)) {
        say(err, errsz, "无法读取文件 %s：%s", path, zb_errno_text(errno));
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    *len = n;
    return buf;
}

int csv_read(const char *path, const char *encoding, struct table *t, char *err, size_t errsz)
{
    memset(t, 0, sizeof *t);
    size_t len = 0;
    char *data = slurp(path, &len, err, errsz);
    if (!data) return -1;
    int rc = csv_parse(data, len, encoding, path, t, err, errsz);
    free(data);
    return rc;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

int table_read_file(const char *path, const struct table_read_opts *o, struct table *t,
                    char *err, size_t errsz)
{
    memset(t, 0, sizeof *t);
    err[0] = '\0';
    struct stat sb;
    if (stat(path, &sb) != 0) {
        if (errno == ENOENT)
            say(err, errsz, "找不到文件 %s", path);
        else
            say(err, errsz, "无法读取文件 %s：%s", path, zb_errno_text(errno));
        return -1;
    }
    if (S_ISDIR(sb.st_mode)) {
        say(err, errsz, "%s 是一个文件夹，不是文件", path);
        return -1;
    }
    if (!S_ISREG(sb.st_mode)) {
        say(err, errsz, "%s 不是普通文件", path);
        return -1;
    }
    if (sb.st_size == 0) {
        say(err, errsz, "文件 %s 是空的", path);
        return -1;
    }
    unsigned char magic[8] = {0};
    FILE *f = fopen(path, "rb");
    if (!f) {
        say(err, errsz, "无法读取文件 %s：%s", path, zb_errno_text(errno));
        return -1;
    }
    size_t got = fread(magic, 1, sizeof magic, f);
    fclose(f);
    const char *sheet = o ? o->sheet : NULL;
    if (got >= 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] < 9 && magic[3] < 9)
        return xlsx_read(path, sheet, t, err, errsz);
    if (got >= 4 && magic[0] == 0xD0 && magic[1] == 0xCF && magic[2] == 0x11 && magic[3] == 0xE0) {
        say(err, errsz, "文件 %s 是旧版 Excel 文件（.xls）：请在 Excel 中“另存为” .xlsx 后再导入",
            path);
        return -1;
    }
    if (ends_with(path, ".xlsx") || ends_with(path, ".xlsm")) {
        say(err, errsz, "文件 %s 不是有效的 .xlsx 文件（不是 zip 格式，或已损坏）", path);
        return -1;
    }
    if (ends_with(path, ".xls")) {
        say(err, errsz, "文件 %s 不是 Excel 文件", path);
        return -1;
    }
    if (sheet && sheet[0]) {
        say(err, errsz, "文件 %s 不是 .xlsx 工作簿，没有工作表可选", path);
        return -1;
    }
    return csv_read(path, o ? o->encoding : NULL, t, err, errsz);
}
