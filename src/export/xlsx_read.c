/* xlsx_read.c — one worksheet of an .xlsx workbook into a table (table_read.h). The zip
 * container is read with minizip, each XML part streamed through expat: the package's
 * relationships lead to the workbook, the workbook names the sheets and where they are, the
 * styles say which number formats are dates, the shared strings hold most texts. Phonetic
 * guides (<rPh>) and formulas (<f>) are left out; a cell's cached value is what is read. */
#include "zhibu/table_read.h"

#include <errno.h>
#include <expat.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unzip.h>

#include "zhibu/util.h"

/* ---- a growing string ---- */
struct sbuf {
    char *s;
    size_t n, cap;
};

static void sb_add(struct sbuf *b, const char *s, size_t len)
{
    if (b->n + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->n + len + 1) cap *= 2;
        b->s = xrealloc(b->s, cap);
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, len);
    b->n += len;
    b->s[b->n] = '\0';
}

static void sb_clear(struct sbuf *b)
{
    b->n = 0;
    if (b->s) b->s[0] = '\0';
}

/* An element's or attribute's name without its namespace prefix. */
static const char *local(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
    for (int i = 0; atts[i]; i += 2)
        if (strcmp(local(atts[i]), name) == 0) return atts[i + 1];
    return NULL;
}

/* ---- the workbook being read ---- */
struct xlsx {
    unzFile z;
    const char *path;   /* the file, for messages */
    char *err;
    size_t errsz;
    /* relationships of the part being read: id, type, target */
    struct rel { char *id, *type, *target; } *rels;
    int nrels;
    /* the workbook */
    struct sheet_ref { char *name, *rid; } *sheets;
    int nsheets;
    bool date1904;
    /* styles: for each cell format (xf) whether it shows a date */
    int *xf_fmt;
    int nxf;
    struct { int id; bool date; } *fmts;
    int nfmts;
    bool *xf_date;
    /* shared strings */
    char **sst;
    int nsst;
    /* parse state */
    int depth_skip;     /* inside <rPh> or <f>: text ignored */
    bool in_text;       /* inside a <t> (or <v>) that counts */
    bool in_si, in_is, in_cell, in_numfmts, in_cellxfs;
    struct sbuf text;
    /* the sheet */
    struct table *t;
    struct table_row *row;
    int row_no, col_no;
    char cell_type[16];
    int cell_style;
    bool too_big;
};

static void fail(struct xlsx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(struct xlsx *x, const char *fmt, ...)
{
    char msg[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(x->err, x->errsz, "文件 %s %s", x->path, msg);
}

/* Reads part `name` of the zip through handlers (start, end, text) with x as user data.
 * 1 when read, 0 when the part is not there, -1 on error (x->err set). */
static int read_part(struct xlsx *x, const char *name, XML_StartElementHandler start,
                     XML_EndElementHandler end, XML_CharacterDataHandler chars)
{
    if (unzLocateFile(x->z, name, 2) != UNZ_OK) return 0;
    if (unzOpenCurrentFile(x->z) != UNZ_OK) {
        fail(x, "已损坏：无法读取其中的 %s", name);
        return -1;
    }
    XML_Parser p = XML_ParserCreate("UTF-8");
    XML_SetUserData(p, x);
    XML_SetElementHandler(p, start, end);
    XML_SetCharacterDataHandler(p, chars);
    char buf[65536];
    long total = 0;
    int rc = 1;
    for (;;) {
        int n = unzReadCurrentFile(x->z, buf, sizeof buf);
        if (n < 0) {
            fail(x, "已损坏：%s 无法解压", name);
            rc = -1;
            break;
        }
        total += n;
        if (total > TABLE_MAX_FILE) {
            fail(x, "中的工作表太大（超过 %ld MB）", TABLE_MAX_FILE >> 20);
            rc = -1;
            break;
        }
        if (XML_Parse(p, buf, n, n == 0) == XML_STATUS_ERROR) {
            fail(x, "已损坏：%s 不是有效的 XML（第 %lu 行：%s）", name,
                 (unsigned long)XML_GetCurrentLineNumber(p), XML_ErrorString(XML_GetErrorCode(p)));
            rc = -1;
            break;
        }
        if (x->too_big) {
            fail(x, "的行数超过 %d 行，不是一份党员名册", TABLE_MAX_ROWS);
            rc = -1;
            break;
        }
        if (n == 0) break;
    }
    XML_ParserFree(p);
    int crc = unzCloseCurrentFile(x->z);
    if (rc == 1 && crc == UNZ_CRCERROR) {
        fail(x, "已损坏：%s 的校验和不符", name);
        rc = -1;
    }
    return rc;
}

/* ---- relationships (_rels/X.rels) ---- */
static void rels_free(struct xlsx *x)
{
    for (int i = 0; i < x->nrels; i++) {
        free(x->rels[i].id);
        free(x->rels[i].type);
        free(x->rels[i].target);
    }
    free(x->rels);
    x->rels = NULL;
    x->nrels = 0;
}

static void XMLCALL rels_start(void *ud, const char *name, const char **atts)
{
    struct xlsx *x = ud;
    if (strcmp(local(name), "Relationship") != 0) return;
    const char *id = attr(atts, "Id"), *type = attr(atts, "Type"), *target = attr(atts, "Target");
    if (!id || !type || !target) return;
    x->rels = xrealloc(x->rels, (size_t)(x->nrels + 1) * sizeof *x->rels);
    x->rels[x->nrels++] = (struct rel){xstrdup(id), xstrdup(type), xstrdup(target)};
}

static void XMLCALL no_end(void *ud, const char *name)
{
    (void)ud;
    (void)name;
}

static void XMLCALL no_text(void *ud, const char *s, int len)
{
    (void)ud;
    (void)s;
    (void)len;
}

/* A relationship's target as a path in the zip: relative to dir (the folder of the part that
 * names it, "" or "xl/"), or from the root when it starts with '/'; "a/../b" resolved. */
static char *resolve(const char *dir, const char *target)
{
    char *joined = target[0] == '/' ? xstrdup(target + 1) : xasprintf("%s%s", dir, target);
    /* resolve ".." and "." segments */
    char *out = xmalloc(strlen(joined) + 1);
    size_t n = 0;
    for (char *seg = joined; *seg;) {
        char *slash = strchr(seg, '/');
        size_t len = slash ? (size_t)(slash - seg) : strlen(seg);
        if (len == 2 && seg[0] == '.' && seg[1] == '.') {
            while (n > 0 && out[n - 1] == '/') n--;
            while (n > 0 && out[n - 1] != '/') n--;
        } else if (!(len == 1 && seg[0] == '.') && len > 0) {
            memcpy(out + n, seg, len);
            n += len;
            if (slash) out[n++] = '/';
        }
        seg += len + (slash ? 1 : 0);
    }
    out[n] = '\0';
    free(joined);
    return out;
}

/* The target of the first relationship whose type ends with suffix, resolved, or NULL. */
static char *rel_target_of_type(struct xlsx *x, const char *dir, const char *suffix)
{
    size_t sl = strlen(suffix);
    for (int i = 0; i < x->nrels; i++) {
        size_t tl = strlen(x->rels[i].type);
        if (tl >= sl && strcmp(x->rels[i].type + tl - sl, suffix) == 0)
            return resolve(dir, x->rels[i].target);
    }
    return NULL;
}

/* ---- workbook.xml ---- */
static bool truthy(const char *v)
{
    return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

static void XMLCALL workbook_start(void *ud, const char *name, const char **atts)
{
    struct xlsx *x = ud;
    const char *n = local(name);
    if (strcmp(n, "workbookPr") == 0) {
        x->date1904 = truthy(attr(atts, "date1904"));
    } else if (strcmp(n, "sheet") == 0) {
        const char *sname = attr(atts, "name"), *rid = attr(atts, "id");
        if (!sname || !rid) return;
        x->sheets = xrealloc(x->sheets, (size_t)(x->nsheets + 1) * sizeof *x->sheets);
        x->sheets[x->nsheets++] = (struct sheet_ref){xstrdup(sname), xstrdup(rid)};
    }
}

/* ---- styles.xml: which cell formats are dates ---- */
/* Whether a number format code shows a date: it has a year or day part outside quoted text,
 * [..] sections and escaped characters ("yyyy\"年\"m\"月\"d\"日\"", "yyyy/m/d", "m/d/yy"). */
static bool format_is_date(const char *code)
{
    bool month = false;
    for (const char *p = code; *p; p++) {
        if (*p == '"') {
            p = strchr(p + 1, '"');
            if (!p) return false;
        } else if (*p == '[') {
            p = strchr(p + 1, ']');
            if (!p) return false;
        } else if (*p == '\\' || *p == '_' || *p == '*') {
            if (!p[1]) break;
            p++;
        } else if (*p == 'y' || *p == 'Y' || *p == 'd' || *p == 'D') {
            return true;
        } else if (*p == 'm' || *p == 'M') {
            month = true;
        } else if (*p == 'h' || *p == 'H' || *p == 's' || *p == 'S') {
            return false; /* m next to h or s is minutes */
        }
    }
    return month && strstr(code, "General") == NULL;
}

/* Excel's built-in formats that show a date (14-17, 22, and the East Asian 27-36, 50-58). */
static bool builtin_is_date(int id)
{
    return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

static void XMLCALL styles_start(void *ud, const char *name, const char **atts)
{
    struct xlsx *x = ud;
    const char *n = local(name);
    if (strcmp(n, "numFmts") == 0) {
        x->in_numfmts = true;
    } else if (strcmp(n, "cellXfs") == 0) {
        x->in_cellxfs = true;
    } else if (x->in_numfmts && strcmp(n, "numFmt") == 0) {
        const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
        if (!id || !code) return;
        x->fmts = xrealloc(x->fmts, (size_t)(x->nfmts + 1) * sizeof *x->fmts);
        x->fmts[x->nfmts].id = atoi(id);
        x->fmts[x->nfmts].date = format_is_date(code);
        x->nfmts++;
    } else if (x->in_cellxfs && strcmp(n, "xf") == 0) {
        const char *id = attr(atts, "numFmtId");
        x->xf_fmt = xrealloc(x->xf_fmt, (size_t)(x->nxf + 1) * sizeof *x->xf_fmt);
        x->xf_fmt[x->nxf++] = id ? atoi(id) : 0;
    }
}

static void XMLCALL styles_end(void *ud, const char *name)
{
    struct xlsx *x = ud;
    const char *n = local(name);
    if (strcmp(n, "numFmts") == 0) x->in_numfmts = false;
    if (strcmp(n, "cellXfs") == 0) x->in_cellxfs = false;
}

static void styles_resolve(struct xlsx *x)
{
    x->xf_date = xcalloc((size_t)x->nxf + 1, sizeof *x->xf_date);
    for (int i = 0; i < x->nxf; i++) {
        int id = x->xf_fmt[i];
        bool date = builtin_is_date(id);
        for (int k = 0; k < x->nfmts; k++)
            if (x->fmts[k].id == id) date = x->fmts[k].date;
        x->xf_date[i] = date;
    }
}

/* ---- text inside <t>, skipping <rPh> and <f> ---- */
static void XMLCALL collect_text(void *ud, const char *s, int len)
{
    struct xlsx *x = ud;
    if (x->in_text && x->depth_skip == 0) sb_add(&x->text, s, (size_t)len);
}

/* ---- sharedStrings.xml ---- */
static void XMLCALL sst_start(void *ud, const char *name, const char **atts)
{
    (void)atts;
    struct xlsx *x = ud;
    const char *n = local(name);
    if (strcmp(n, "si") == 0) {
        x->in_si = true;
        sb_clear(&x->text);
    } else if (strcmp(n, "rPh") == 0) {
        x->depth_skip++;
    } else if (x->in_si && strcmp(n, "t") == 0) {
        x->in_text = true;
    }
}

static void XMLCALL sst_end(void *ud, const char *name)
{
    struct xlsx *x = ud;
    const char *n = local(name);
    if (strcmp(n, "t") == 0) {
        x->in_text = false;
    } else if (strcmp(n, "rPh") == 0) {
        if (x->depth_skip > 0) x->depth_skip--;
    } else if (strcmp(n, "si") == 0 && x->in_si) {
        x->in_si = false;
        if (x->nsst % 256 == 0) x->sst = xrealloc(x->sst, (size_t)(x->nsst + 256) * sizeof *x->sst);
        x->sst[x->nsst++] = xstrdup(x->text.s ? x->text.s : "");
    }
}

/* ---- the worksheet ---- */
/* "B12" → column 1; the row part is read from <row r>. -1 when there are no letters. */
static int ref_col(const char *ref)
{
    int col = 0, n = 0;
    for (; *ref >= 'A' && *ref <= 'Z'; ref++, n++) {
        col = col * 26 + (*ref - 'A' + 1);
        if (col > 20000) return -1;
    }
    return n ? col - 1 : -1;
}

static void XMLCALL sheet_start(void *ud, const char *name, const char **atts)
{
    struct xlsx *x = ud;
    const char *n = local(name);
    if (strcmp(n, "row") == 0) {
        const char *r = attr(atts, "r");
        int no = r ? atoi(r) : x->row_no + 1;
        if (no <= x->row_no) no = x->row_no + 1;
        x->row_no = no;
        x->col_no = -1;
        if (x->t->nrows >= TABLE_MAX_ROWS) {
            x->too_big = true;
            x->row = NULL;
            return;
        }
        x->row = table_add_row(x->t, no);
    } else if (strcmp(n, "c") == 0) {
        const char *r = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
        int col = r ? ref_col(r) : -1;
        x->col_no = col >= 0 ? col : x->col_no + 1;
        zb_strlcpy(x->cell_type, t ? t : "n", sizeof x->cell_type);
        x->cell_style = s ? atoi(s) : 0;
        x->in_cell = true;
        sb_clear(&x->text);
    } else if (strcmp(n, "f") == 0 || strcmp(n, "rPh") == 0) {
        x->depth_skip++;
    } else if (strcmp(n, "is") == 0) {
        x->in_is = true;
    } else if (x->in_cell && (strcmp(n, "v") == 0 || (x->in_is && strcmp(n, "t") == 0))) {
        x->in_text = true;
    }
}

/* A number as the office typed it: integral values without ".0" or an exponent
 * ("1.38E10" → "13800000000"), others as written. */
static void put_number(struct table_row *row, int col, enum table_cell_kind kind, const char *s)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end != s && *end == '\0' && errno == 0 && isfinite(v) && v == floor(v) && fabs(v) < 1e15) {
        char buf[32];
        snprintf(buf, sizeof buf, "%.0f", v);
        table_set(row, col, kind, buf, strlen(buf));
        return;
    }
    table_set(row, col, kind, s, strlen(s));
}

static void XMLCALL sheet_end(void *ud, const char *name)
{
    struct xlsx *x = ud;
    const char *n = local(name);
    if (strcmp(n, "v") == 0 || strcmp(n, "t") == 0) {
        x->in_text = false;
    } else if (strcmp(n, "f") == 0 || strcmp(n, "rPh") == 0) {
        if (x->depth_skip > 0) x->depth_skip--;
    } else if (strcmp(n, "is") == 0) {
        x->in_is = false;
    } else if (strcmp(n, "c") == 0 && x->in_cell) {
        x->in_cell = false;
        if (x->row && x->col_no >= TABLE_MAX_COLS && x->text.n) x->t->cols_kept = TABLE_MAX_COLS;
        if (!x->row || x->col_no < 0 || x->col_no >= TABLE_MAX_COLS || !x->text.n) return;
        const char *v = x->text.s;
        const char *t = x->cell_type;
        if (strcmp(t, "s") == 0) {
            char *end;
            long i = strtol(v, &end, 10);
            if (*end == '\0' && i >= 0 && i < x->nsst)
                table_set(x->row, x->col_no, TABLE_TEXT, x->sst[i], strlen(x->sst[i]));
        } else if (strcmp(t, "n") == 0) {
            bool date = x->cell_style >= 0 && x->cell_style < x->nxf && x->xf_date[x->cell_style];
            put_number(x->row, x->col_no, date ? TABLE_DATE : TABLE_NUMBER, v);
        } else if (strcmp(t, "d") == 0) { /* an ISO date: the day part */
            size_t len = strlen(v);
            table_set(x->row, x->col_no, TABLE_TEXT, v, len > 10 ? 10 : len);
        } else { /* inlineStr, str (a formula's text), b, e */
            table_set(x->row, x->col_no, TABLE_TEXT, v, x->text.n);
        }
    }
}

static void xlsx_free(struct xlsx *x)
{
    rels_free(x);
    for (int i = 0; i < x->nsheets; i++) {
        free(x->sheets[i].name);
        free(x->sheets[i].rid);
    }
    free(x->sheets);
    free(x->xf_fmt);
    free(x->xf_date);
    free(x->fmts);
    for (int i = 0; i < x->nsst; i++) free(x->sst[i]);
    free(x->sst);
    free(x->text.s);
    if (x->z) unzClose(x->z);
}

/* The folder of a part ("xl/workbook.xml" → "xl/"), and its relationships part. */
static char *part_dir(const char *part)
{
    const char *slash = strrchr(part, '/');
    size_t n = slash ? (size_t)(slash - part + 1) : 0;
    char *d = xmalloc(n + 1);
    memcpy(d, part, n);
    d[n] = '\0';
    return d;
}

static int read_rels(struct xlsx *x, const char *part)
{
    rels_free(x);
    char *dir = part_dir(part);
    char *rels = xasprintf("%s_rels/%s.rels", dir, part + strlen(dir));
    int rc = read_part(x, rels, rels_start, no_end, no_text);
    free(rels);
    free(dir);
    return rc;
}

static int read_book(struct xlsx *x, const char *sheet, struct table *t)
{
    /* the package's relationships name the workbook */
    int rc = read_part(x, "_rels/.rels", rels_start, no_end, no_text);
    if (rc < 0) return -1;
    char *book = rel_target_of_type(x, "", "/officeDocument");
    if (!book) book = xstrdup("xl/workbook.xml");
    rc = read_part(x, book, workbook_start, no_end, no_text);
    if (rc <= 0) {
        if (rc == 0) fail(x, "%s", "中没有工作簿：不是 Excel 的 .xlsx 文件");
        free(book);
        return -1;
    }
    if (x->nsheets == 0) {
        fail(x, "%s", "中没有工作表");
        free(book);
        return -1;
    }
    int which = 0;
    if (sheet && sheet[0]) {
        which = -1;
        for (int i = 0; i < x->nsheets; i++)
            if (strcmp(x->sheets[i].name, sheet) == 0) which = i;
        if (which < 0) {
            struct sbuf names = {0};
            for (int i = 0; i < x->nsheets; i++) {
                if (i) sb_add(&names, "、", strlen("、"));
                sb_add(&names, x->sheets[i].name, strlen(x->sheets[i].name));
            }
            fail(x, "中没有名为“%s”的工作表（有：%s）", sheet, names.s);
            free(names.s);
            free(book);
            return -1;
        }
    }
    char *dir = part_dir(book);
    if (read_rels(x, book) < 0) {
        free(dir);
        free(book);
        return -1;
    }
    free(book);
    char *sheet_part = NULL;
    for (int i = 0; i < x->nrels; i++)
        if (strcmp(x->rels[i].id, x->sheets[which].rid) == 0)
            sheet_part = resolve(dir, x->rels[i].target);
    char *styles = rel_target_of_type(x, dir, "/styles");
    char *strings = rel_target_of_type(x, dir, "/sharedStrings");
    free(dir);
    if (!styles) styles = xstrdup("xl/styles.xml");
    if (!strings) strings = xstrdup("xl/sharedStrings.xml");
    rc = read_part(x, styles, styles_start, styles_end, no_text);
    if (rc >= 0) {
        styles_resolve(x);
        rc = read_part(x, strings, sst_start, sst_end, collect_text);
    }
    free(styles);
    free(strings);
    if (rc < 0) {
        free(sheet_part);
        return -1;
    }
    zb_strlcpy(t->sheet, x->sheets[which].name, sizeof t->sheet);
    t->date1904 = x->date1904;
    x->t = t;
    rc = sheet_part ? read_part(x, sheet_part, sheet_start, sheet_end, collect_text) : 0;
    free(sheet_part);
    if (rc == 0) fail(x, "中找不到工作表“%s”的内容", x->sheets[which].name);
    return rc == 1 ? 0 : -1;
}

int xlsx_read(const char *path, const char *sheet, struct table *t, char *err, size_t errsz)
{
    memset(t, 0, sizeof *t);
    struct xlsx x = {.path = path, .err = err, .errsz = errsz};
    err[0] = '\0';
    x.z = unzOpen64(path);
    if (!x.z) {
        fail(&x, "%s", "不是有效的 .xlsx 文件（不是 zip 格式，或已损坏）");
        return -1;
    }
    int rc = read_book(&x, sheet, t);
    xlsx_free(&x);
    if (rc != 0) {
        table_free(t);
        return -1;
    }
    table_drop_blank(t);
    return 0;
}
