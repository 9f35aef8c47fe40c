/* posts_export.c — the public notice of post assignments (公示明岗) and the rows of `zhibu list
 * posts` (see posts_export.h). The notice lists the posts active on the notice date and who
 * held each that day, with their pledges: as a page for the notice board (plain text laid out
 * by sheet.c's page helpers), or as a sheet (.xlsx through sheet.c's temporary file, or CSV). */
#include "zhibu/posts_export.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <xlsxwriter.h>

#include "zhibu/clock.h"
#include "zhibu/csv.h"
#include "zhibu/model.h"
#include "zhibu/posts.h"
#include "zhibu/sheet.h"
#include "zhibu/store_posts.h"
#include "zhibu/text.h"
#include "zhibu/util.h"

/* ---- loading what the notice shows ---- */

struct notice_post {
    struct post p;
    struct holding *h;   /* held on the notice date, in the store's order */
    int nh;
};

struct notice {
    struct branch b;
    char date[DATE_STR_LEN];
    struct notice_post *posts;
    int nposts;
    int holders;         /* distinct members holding a post */
};

static void notice_free(struct notice *nt)
{
    for (int i = 0; i < nt->nposts; i++) {
        post_free(&nt->posts[i].p);
        free(nt->posts[i].h);
    }
    free(nt->posts);
    nt->posts = NULL;
    nt->nposts = 0;
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Fill nt for the branch and the date ("" = today). Returns STORE_OK or the store's error. */
static int notice_load(struct store *st, int64_t branch_id, const char *notice_date, struct notice *nt)
{
    memset(nt, 0, sizeof *nt);
    int rc = store_branch_get(st, branch_id, &nt->b);
    if (rc != STORE_OK) return rc;
    if (notice_date && *notice_date) zb_strlcpy(nt->date, notice_date, sizeof nt->date);
    else date_format(clock_today(), nt->date);

    struct store_post_list pl;
    rc = store_post_list(st, branch_id, &pl);
    if (rc != STORE_OK) return rc;
    struct post *posts = pl.v; /* each post's duties move to nt or are freed below */
    int np = pl.n;
    nt->posts = xcalloc((size_t)np + 1, sizeof *nt->posts);
    int64_t *members = NULL;
    int nmembers = 0;
    for (int i = 0; i < np; i++) {
        if (rc != STORE_OK || !post_active_on(posts[i].voided, posts[i].active_from, posts[i].active_to, nt->date)) {
            post_free(&posts[i]);
            continue;
        }
        struct notice_post *q = &nt->posts[nt->nposts++];
        q->p = posts[i]; /* takes the duties */
        struct holding_filter hf = {.post_id = q->p.id};
        struct store_holding_list hl;
        rc = store_holding_list(st, &hf, &hl);
        if (rc != STORE_OK) continue;
        struct holding *h = hl.v;
        int nh = hl.n;
        q->h = xcalloc((size_t)nh + 1, sizeof *q->h);
        members = xrealloc(members, (size_t)(nmembers + nh + 1) * sizeof *members);
        for (int k = 0; k < nh; k++) {
            if (!post_held_on(h[k].claimed, h[k].ended, nt->date)) continue;
            q->h[q->nh++] = h[k];
            members[nmembers++] = h[k].member_id;
        }
        free(h);
    }
    free(posts);
    if (nmembers > 0) {
        qsort(members, (size_t)nmembers, sizeof *members, cmp_id);
        for (int i = 0; i < nmembers; i++)
            if (i == 0 || members[i] != members[i - 1]) nt->holders++;
    }
    free(members);
    if (rc != STORE_OK) notice_free(nt);
    return rc;
}

/* ---- the page ---- */

/* 一 .. 九十九, the numbering of the notice's sections. */
static void chinese_number(int n, char *out, size_t outsz)
{
    static const char *const DIGITS[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (n <= 0 || n >= 100) {
        snprintf(out, outsz, "%d", n);
        return;
    }
    int tens = n / 10, ones = n % 10;
    snprintf(out, outsz, "%s%s%s", tens > 1 ? DIGITS[tens] : "", tens ? "十" : "", DIGITS[ones]);
}

/* A line pushed to the right edge (wrapped from the left when too wide). */
static void right_aligned(struct export_page *pg, const char *text)
{
    char *t = export_clean_text(text, false);
    int w = text_width(t);
    if (w <= pg->width) {
        export_page_spaces(pg, pg->width - w);
        export_page_put(pg, t);
        export_page_put(pg, "\n");
    } else {
        export_page_paragraph(pg, t, 0, 0);
    }
    free(t);
}

/* Indents of a post's block. */
enum { BODY = 4, LABEL_COLS = 10 /* "岗位职责：" */, VALUE = BODY + LABEL_COLS, PLEDGE_HANG = VALUE + 6 };

/* "LABEL：" then the text's lines, each wrapped under the value. */
static void block_lines(struct export_page *pg, const char *label, const char *text)
{
    char *clean = export_clean_text(text, true);
    bool first = true;
    char *p = clean;
    while (p) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = '\0';
        text_trim(p);
        if (*p) {
            if (first) {
                char *line = xasprintf("%s：%s", label, p);
                export_page_paragraph(pg, line, BODY, VALUE);
                free(line);
                first = false;
            } else {
                export_page_paragraph(pg, p, VALUE, VALUE);
            }
        }
        p = nl ? nl + 1 : NULL;
    }
    if (first) {
        char *line = xasprintf("%s：（未填）", label);
        export_page_paragraph(pg, line, BODY, VALUE);
        free(line);
    }
    free(clean);
}

static void post_block(struct export_page *pg, int no, const struct notice_post *q)
{
    char num[32], head[400];
    chinese_number(no, num, sizeof num);
    char *name = export_clean_text(q->p.name, false), *cat = export_clean_text(q->p.category, false);
    if (cat[0])
        snprintf(head, sizeof head, "%s、%s（%s，设 %d 人）", num, name, cat, q->p.wanted);
    else
        snprintf(head, sizeof head, "%s、%s（设 %d 人）", num, name, q->p.wanted);
    export_page_paragraph(pg, head, 0, BODY);
    free(name);
    free(cat);
    block_lines(pg, "岗位职责", q->p.duties);
    if (q->nh == 0) {
        export_page_paragraph(pg, "在岗党员：（待认领）", BODY, VALUE);
        return;
    }
    for (int k = 0; k < q->nh; k++) {
        const struct holding *h = &q->h[k];
        char date[64];
        export_chinese_date(h->claimed, date, sizeof date);
        char *who = export_clean_text(h->member_name, false);
        char *line = xasprintf("在岗党员：%s（%s%s）", who, date,
                               strcmp(h->how, "recommend") == 0 ? "经支部推荐" : "认领");
        export_page_paragraph(pg, line, BODY, VALUE);
        free(line);
        free(who);
        char *pledge = export_clean_text(h->pledge, false);
        text_trim(pledge);
        line = xasprintf("承诺：%s", pledge[0] ? pledge : "（未填）");
        export_page_paragraph(pg, line, VALUE, PLEDGE_HANG);
        free(line);
        free(pledge);
    }
}

static void notice_page(struct export_page *pg, const struct notice *nt)
{
    char buf[512], date[64];
    snprintf(buf, sizeof buf, "%s无职党员设岗定责公示", nt->b.name);
    export_page_centered(pg, buf);
    export_page_rule(pg, '=');
    export_chinese_date(nt->date, date, sizeof date);
    export_page_field(pg, "公示日期", date);
    export_page_put(pg, "\n");
    snprintf(buf, sizeof buf,
             "为充分发挥无职党员先锋模范作用，经党员自愿认领、支部推荐和支部委员会研究，"
             "现将本支部无职党员设岗定责情况公示如下（共设岗位 %d 个，在岗党员 %d 人）：",
             nt->nposts, nt->holders);
    export_page_paragraph(pg, buf, 4, 0);
    for (int i = 0; i < nt->nposts; i++) {
        export_page_put(pg, "\n");
        post_block(pg, i + 1, &nt->posts[i]);
    }
    export_page_put(pg, "\n");
    export_page_rule(pg, '-');
    export_page_paragraph(pg, "公示期间如有意见，请向党支部反映。", 4, 0);
    export_page_put(pg, "\n");
    right_aligned(pg, nt->b.name);
    right_aligned(pg, date);
}

int posts_notice_text(FILE *out, struct store *st, int64_t branch_id, const char *notice_date, int width)
{
    if (!out || !st || width < POSTS_NOTICE_MIN_WIDTH ||
        (notice_date && *notice_date && !date_parse(notice_date, &(struct zdate){0}))) {
        errno = EINVAL;
        return -1;
    }
    struct notice nt;
    if (notice_load(st, branch_id, notice_date, &nt) != STORE_OK) return -1;
    struct export_page pg = {.f = out, .width = width};
    notice_page(&pg, &nt);
    notice_free(&nt);
    if (!pg.failed && ferror(out)) pg.failed = true;
    return pg.failed ? -1 : 0;
}

/* ---- the sheet ---- */

enum { NC_CATEGORY, NC_POST, NC_DUTIES, NC_MEMBER, NC_PLEDGE, NC_CLAIMED, NCOLS };
static const char *const HEADERS[NCOLS] = {"类别", "岗位", "岗位职责", "在岗党员", "承诺", "认领日期"};
static const double WIDTHS[NCOLS] = {14, 18, 46, 12, 46, 12};

static bool has_suffix(const char *path, const char *ext)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    return dot && dot != base && strcasecmp(dot, ext) == 0;
}

/* The duties as the cell shows them: one per line, blank lines and edge spaces dropped. */
static char *duties_cell(const char *duties)
{
    char *clean = export_clean_text(duties, true);
    char *out = xcalloc(strlen(clean) + 1, 1);
    size_t len = 0;
    char *p = clean;
    while (p) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = '\0';
        text_trim(p);
        if (*p) {
            if (len) out[len++] = '\n';
            size_t n = strlen(p);
            memcpy(out + len, p, n);
            len += n;
        }
        p = nl ? nl + 1 : NULL;
    }
    out[len] = '\0';
    free(clean);
    return out;
}

struct sheet_out {
    struct export_file x;
    lxw_worksheet *ws;
    struct export_formats fmt;  /* bordered cells */
    lxw_format *wrap, *top;     /* fmt.wrap and fmt.cell */
    lxw_row_t row;
};

static void sheet_cells(struct sheet_out *o, const char *const cells[NCOLS])
{
    if (o->x.xlsx) {
        for (int c = 0; c < NCOLS && !o->x.failed; c++) {
            lxw_format *f = c == NC_DUTIES || c == NC_PLEDGE ? o->wrap : o->top;
            export_file_lxw(&o->x, worksheet_write_string(o->ws, o->row, (lxw_col_t)c, cells[c], f));
        }
    } else if (!o->x.failed) {
        export_file_io(&o->x, csv_write_row(o->x.f, cells, NCOLS));
    }
    o->row++;
}

/* An '&' in a page header is a control code: doubled, it prints itself. */
static char *header_escape(const char *s)
{
    size_t n = 0;
    for (const char *p = s; *p; p++) n += *p == '&' ? 2 : 1;
    char *out = xmalloc(n + 1), *w = out;
    for (const char *p = s; *p; p++) {
        *w++ = *p;
        if (*p == '&') *w++ = '&';
    }
    *w = '\0';
    return out;
}

static void sheet_start(struct sheet_out *o, const struct notice *nt)
{
    if (o->x.xlsx) {
        lxw_workbook *wb = o->x.wb;
        if (wb) {
            o->ws = workbook_add_worksheet(wb, "设岗定责公示");
            export_sheet_formats(&o->x, &o->fmt);
        }
        if (!wb || !o->ws || o->x.failed) {
            export_file_lxw(&o->x, LXW_ERROR_MEMORY_MALLOC_FAILED);
            return;
        }
        o->wrap = o->fmt.wrap;
        o->top = o->fmt.cell;
        for (int c = 0; c < NCOLS; c++)
            export_file_lxw(&o->x, worksheet_set_column(o->ws, (lxw_col_t)c, (lxw_col_t)c, WIDTHS[c], NULL));
        /* printed: the title above, the date below, landscape, as wide as one page */
        char date[64];
        export_chinese_date(nt->date, date, sizeof date);
        char *name = export_clean_text(nt->b.name, false);
        char *esc = header_escape(name);
        char *title = xasprintf("%s无职党员设岗定责公示", name);
        char *foot = xasprintf("&L公示期间如有意见，请向党支部反映&R%s  %s", esc, date);
        export_sheet_print(&o->x, o->ws,
                           &(struct export_print){.title = title, .footer = foot, .landscape = true, .repeat_row = 1});
        /* the date in a cell as well as in the footer */
        char *cell = xasprintf("%s（公示日期：%s）", title, date);
        export_sheet_title(&o->x, o->ws, 0, NCOLS, cell, &o->fmt);
        free(cell);
        free(title);
        free(foot);
        free(esc);
        free(name);
        worksheet_freeze_panes(o->ws, 2, 0);
        for (int c = 0; c < NCOLS && !o->x.failed; c++)
            export_file_lxw(&o->x, worksheet_write_string(o->ws, 1, (lxw_col_t)c, HEADERS[c], o->fmt.head));
        o->row = 2;
        return;
    } else {
        /* a byte-order mark: spreadsheet programs on Chinese Windows read UTF-8 with it */
        export_file_io(&o->x, fputs("\xEF\xBB\xBF", o->x.f) < 0 ? -1 : 0);
        if (!o->x.failed) export_file_io(&o->x, csv_write_row(o->x.f, HEADERS, NCOLS));
    }
    o->row = 1;
}

static void sheet_rows(struct sheet_out *o, const struct notice *nt)
{
    for (int i = 0; i < nt->nposts && !o->x.failed; i++) {
        const struct notice_post *q = &nt->posts[i];
        char *cat = export_clean_text(q->p.category, false), *name = export_clean_text(q->p.name, false);
        char *duties = duties_cell(q->p.duties);
        for (int k = 0; k < (q->nh > 0 ? q->nh : 1) && !o->x.failed; k++) {
            const struct holding *h = q->nh > 0 ? &q->h[k] : NULL;
            char *who = export_clean_text(h ? h->member_name : "", false);
            char *pledge = export_clean_text(h ? h->pledge : "", false);
            text_trim(pledge);
            const char *cells[NCOLS] = {
                [NC_CATEGORY] = cat, [NC_POST] = name, [NC_DUTIES] = duties,
                [NC_MEMBER] = who,   [NC_PLEDGE] = pledge,
                [NC_CLAIMED] = h ? h->claimed : "",
            };
            sheet_cells(o, cells);
            free(who);
            free(pledge);
        }
        free(cat);
        free(name);
        free(duties);
    }
}

int posts_notice_write(struct store *st, int64_t branch_id, const char *notice_date, const char *path,
                       int width, char *err, size_t errsz)
{
    if (err && errsz) err[0] = '\0';
    bool xlsx = path && has_suffix(path, ".xlsx"), csv = path && has_suffix(path, ".csv");
    bool txt = path && has_suffix(path, ".txt");
    if (!xlsx && !csv && !txt) {
        snprintf(err, errsz, "无法导出到 %s：文件名应以 .xlsx、.csv 或 .txt 结尾", path ? path : "");
        return -1;
    }
    if (notice_date && *notice_date && !date_parse(notice_date, &(struct zdate){0})) {
        snprintf(err, errsz, "公示日期应是 YYYY-MM-DD 形式的日期，而不是“%s”", notice_date);
        return -1;
    }
    if (txt && width < POSTS_NOTICE_MIN_WIDTH) {
        snprintf(err, errsz, "公示页面宽度至少 %d 列", POSTS_NOTICE_MIN_WIDTH);
        return -1;
    }
    struct notice nt;
    if (notice_load(st, branch_id, notice_date, &nt) != STORE_OK) {
        snprintf(err, errsz, "无法导出：%s", store_errmsg(st));
        return -1;
    }
    struct sheet_out o = {0};
    if (export_file_open(&o.x, path, xlsx, err, errsz) != 0) {
        notice_free(&nt);
        return -1;
    }
    if (txt) {
        struct export_page pg = {.f = o.x.f, .width = width};
        notice_page(&pg, &nt);
        export_file_io(&o.x, pg.failed ? -1 : 0);
    } else {
        sheet_start(&o, &nt);
        sheet_rows(&o, &nt);
    }
    notice_free(&nt);
    return export_file_close(&o.x, true, err, errsz);
}

int posts_notice_export(struct store *st, int64_t branch_id, const char *notice_date, const char *path,
                        char *err, size_t errsz)
{
    return posts_notice_write(st, branch_id, notice_date, path, POSTS_NOTICE_WIDTH, err, errsz);
}

/* ---- zhibu list posts ---- */

const char *const POSTS_LIST_KEYS[POSTS_LIST_COLUMNS] = {
    "branch_code", "category", "post", "member", "how", "claimed", "noticed", "ended",
    "last_report", "latest_rating", "report_due", "overdue",
};

struct list_post {
    int64_t id;
    int order;               /* position in the branch's post list; voided posts after */
    char category[64];
    char name[64];
};

struct list_ctx {
    struct holding *h;
    struct list_post *posts;
    int nposts;
};

static const struct list_post *post_of(const struct list_ctx *c, int64_t id)
{
    for (int i = 0; i < c->nposts; i++)
        if (c->posts[i].id == id) return &c->posts[i];
    return NULL;
}

static const struct list_ctx *sort_ctx;

static int cmp_holding(const void *a, const void *b)
{
    const struct holding *x = a, *y = b;
    const struct list_post *px = post_of(sort_ctx, x->post_id), *py = post_of(sort_ctx, y->post_id);
    int ox = px ? px->order : 1 << 30, oy = py ? py->order : 1 << 30;
    if (ox != oy) return ox < oy ? -1 : 1;
    if (x->post_id != y->post_id) return x->post_id < y->post_id ? -1 : 1;
    int c = strcmp(x->claimed, y->claimed);
    if (c) return c;
    c = strcmp(x->member_name, y->member_name);
    if (c) return c;
    return (x->id > y->id) - (x->id < y->id);
}

int posts_list_each(struct store *st, int64_t branch_id, const char *branch_code, struct zdate today,
                    int report_months, int (*fn)(const char *const *fields, void *ctx), void *ctx)
{
    struct list_ctx c = {0};
    struct holding_filter hf = {.branch_id = branch_id};
    struct store_holding_list hl;
    int rc = store_holding_list(st, &hf, &hl);
    if (rc != STORE_OK) return rc;
    c.h = hl.v;
    int n = hl.n;
    struct store_post_list pl;
    rc = store_post_list(st, branch_id, &pl);
    if (rc != STORE_OK) {
        free(c.h);
        return rc;
    }
    struct post *posts = pl.v; /* the duties are freed below */
    int np = pl.n;
    c.posts = xcalloc((size_t)np + (size_t)n + 1, sizeof *c.posts);
    for (int i = 0; i < np; i++) {
        struct list_post *lp = &c.posts[c.nposts++];
        lp->id = posts[i].id;
        lp->order = i;
        zb_strlcpy(lp->category, posts[i].category, sizeof lp->category);
        zb_strlcpy(lp->name, posts[i].name, sizeof lp->name);
        post_free(&posts[i]);
    }
    free(posts);
    /* posts voided since (their holdings ended before): read one by one */
    for (int i = 0; i < n && rc == STORE_OK; i++) {
        if (post_of(&c, c.h[i].post_id)) continue;
        struct post p = {0};
        rc = store_post_get(st, c.h[i].post_id, &p);
        if (rc != STORE_OK) break;
        struct list_post *lp = &c.posts[c.nposts++];
        lp->id = p.id;
        lp->order = np + (int)(c.nposts);
        zb_strlcpy(lp->category, p.category, sizeof lp->category);
        zb_strlcpy(lp->name, p.name, sizeof lp->name);
        post_free(&p);
    }
    if (rc == STORE_OK && n > 1) {
        sort_ctx = &c;
        qsort(c.h, (size_t)n, sizeof *c.h, cmp_holding);
        sort_ctx = NULL;
    }
    for (int i = 0; i < n && rc == STORE_OK; i++) {
        const struct holding *h = &c.h[i];
        const struct list_post *lp = post_of(&c, h->post_id);
        char due[DATE_STR_LEN] = "";
        bool overdue = false;
        struct report_due rd;
        if (!h->ended[0] && post_report_due(h->claimed, h->last_report, today, report_months, &rd)) {
            date_format(rd.due, due);
            overdue = rd.overdue;
        }
        const char *fields[POSTS_LIST_COLUMNS] = {
            branch_code, lp ? lp->category : "", lp ? lp->name : h->post_name, h->member_name,
            h->how, h->claimed, h->noticed, h->ended, h->last_report, h->latest_rating, due,
            overdue ? "1" : "0",
        };
        if (fn(fields, ctx) != 0) rc = 1;
    }
    free(c.posts);
    free(c.h);
    return rc;
}
