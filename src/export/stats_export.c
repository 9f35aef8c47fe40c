/* stats_export.c — 党内统计 to CSV, JSON and .xlsx (stats_export.h). */
#include "zhibu/stats_export.h"

#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "zhibu/csv.h"
#include "zhibu/sheet.h"
#include "zhibu/util.h"

/* ---- CSV ---- */

static int csv_line(FILE *f, const struct stats_doc *d, const char *code, const char *name,
                    const char *section, const char *item, const char *label, int n)
{
    char year[8], day[DATE_STR_LEN], count[16];
    snprintf(year, sizeof year, "%d", d->t->year);
    date_format(d->t->as_of, day);
    snprintf(count, sizeof count, "%d", n);
    const char *fields[] = {year, day, code, name, section, item, label, count};
    return csv_write_row(f, fields, 8);
}

static int csv_counts(FILE *f, const struct stats_doc *d, const char *code, const char *name,
                      const struct stats_counts *c)
{
    for (int i = 0; i < ST_COUNT; i++) {
        const struct stats_item_info *it = &STATS_ITEMS[i];
        if (csv_line(f, d, code, name, STATS_SECTIONS[it->section], it->key, it->label, c->n[i]))
            return -1;
        if (i == ST_ETHNICITY_UNKNOWN)
            for (int k = 0; k < c->nminorities; k++)
                if (csv_line(f, d, code, name, STATS_SECTIONS[SS_ETHNICITY], "ethnic_group",
                             c->minorities[k].name, c->minorities[k].n))
                    return -1;
    }
    return 0;
}

int stats_write_csv(FILE *f, const struct stats_doc *d)
{
    static const char *const head[] = {"year", "as_of", "branch_code", "branch_name", "section",
                                       "item", "label", "count"};
    if (csv_write_row(f, head, 8)) return -1;
    for (int b = 0; b < d->t->nbranches; b++)
        if (csv_counts(f, d, d->branches[b].code, d->branches[b].name, &d->t->branch[b])) return -1;
    if (csv_counts(f, d, "", d->scope, &d->t->total)) return -1;
    return ferror(f) ? -1 : 0;
}

/* ---- JSON ---- */

static int json_counts(FILE *f, const struct stats_counts *c)
{
    int rc = fputs("\"counts\":{", f) < 0;
    for (int i = 0; !rc && i < ST_COUNT; i++) {
        if (i && putc(',', f) == EOF) rc = -1;
        if (!rc) rc = json_write_string(f, STATS_ITEMS[i].key);
        if (!rc && fprintf(f, ":%d", c->n[i]) < 0) rc = -1;
    }
    if (!rc && fputs("},\"minorities\":[", f) < 0) rc = -1;
    for (int k = 0; !rc && k < c->nminorities; k++) {
        if (k && putc(',', f) == EOF) rc = -1;
        if (!rc && fputs("{\"name\":", f) < 0) rc = -1;
        if (!rc) rc = json_write_string(f, c->minorities[k].name);
        if (!rc && fprintf(f, ",\"count\":%d}", c->minorities[k].n) < 0) rc = -1;
    }
    if (!rc && putc(']', f) == EOF) rc = -1;
    return rc ? -1 : 0;
}

int stats_write_json(FILE *f, const struct stats_doc *d)
{
    char day[DATE_STR_LEN];
    date_format(d->t->as_of, day);
    int rc = fprintf(f, "{\"year\":%d,\"as_of\":\"%s\",\"branches\":[", d->t->year, day) < 0;
    for (int b = 0; !rc && b < d->t->nbranches; b++) {
        if (b && fputs(",\n", f) < 0) rc = -1;
        if (!rc && fputs("{\"code\":", f) < 0) rc = -1;
        if (!rc) rc = json_write_string(f, d->branches[b].code);
        if (!rc && fputs(",\"name\":", f) < 0) rc = -1;
        if (!rc) rc = json_write_string(f, d->branches[b].name);
        if (!rc && putc(',', f) == EOF) rc = -1;
        if (!rc) rc = json_counts(f, &d->t->branch[b]);
        if (!rc && putc('}', f) == EOF) rc = -1;
    }
    if (!rc && fprintf(f, "],\n\"total\":{\"name\":") < 0) rc = -1;
    if (!rc) rc = json_write_string(f, d->scope);
    if (!rc && fprintf(f, ",\"branches\":%d,", d->t->nbranches) < 0) rc = -1;
    if (!rc) rc = json_counts(f, &d->t->total);
    if (!rc && fputs("}}\n", f) < 0) rc = -1;
    return rc || ferror(f) ? -1 : 0;
}

/* ---- .xlsx ---- */

struct sx {
    struct export_file x;
    struct export_formats f;
    const struct stats_doc *d;
};

static void put_str(struct sx *o, lxw_worksheet *ws, lxw_row_t r, int c, const char *s, lxw_format *f)
{
    if (o->x.failed) return;
    char *t = export_clean_text(s ? s : "", false);
    export_file_lxw(&o->x, t[0] ? worksheet_write_string(ws, r, (lxw_col_t)c, t, f)
                                : worksheet_write_blank(ws, r, (lxw_col_t)c, f));
    free(t);
}

static void put_num(struct sx *o, lxw_worksheet *ws, lxw_row_t r, int c, double v)
{
    if (!o->x.failed) export_file_lxw(&o->x, worksheet_write_number(ws, r, (lxw_col_t)c, v, o->f.number));
}

/* "回族 2、蒙古族 1" */
static void minorities_text(const struct stats_counts *c, char *out, size_t outsz)
{
    size_t n = 0;
    out[0] = '\0';
    for (int k = 0; k < c->nminorities && n < outsz; k++)
        n += (size_t)snprintf(out + n, outsz - n, "%s%s %d", k ? "、" : "", c->minorities[k].name,
                              c->minorities[k].n);
}

static void section_sheet(struct sx *o, enum stats_section sec)
{
    const struct stats_doc *d = o->d;
    int items[ST_COUNT], ni = 0;
    for (int i = 0; i < ST_COUNT; i++)
        if (STATS_ITEMS[i].section == sec) items[ni++] = i;
    bool ethnic = sec == SS_ETHNICITY;
    int ncols = 2 + ni + (ethnic ? 1 : 0);
    lxw_worksheet *ws = o->x.wb ? workbook_add_worksheet(o->x.wb, STATS_SECTIONS[sec]) : NULL;
    if (!ws) {
        export_file_lxw(&o->x, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    char day[DATE_STR_LEN], cday[48], title[256];
    date_format(d->t->as_of, day);
    export_chinese_date(day, cday, sizeof cday);
    snprintf(title, sizeof title, "%d年党内统计：%s（截至%s）", d->t->year, STATS_SECTIONS[sec], cday);
    export_sheet_print(&o->x, ws, &(struct export_print){.title = title, .landscape = ncols > 8,
                                                          .repeat_row = 1});
    export_file_lxw(&o->x, worksheet_set_column(ws, 0, 0, 14, NULL));
    export_file_lxw(&o->x, worksheet_set_column(ws, 1, 1, 26, NULL));
    export_file_lxw(&o->x, worksheet_set_column(ws, 2, (lxw_col_t)(1 + ni), 9, NULL));
    if (ethnic) export_file_lxw(&o->x, worksheet_set_column(ws, (lxw_col_t)(2 + ni), (lxw_col_t)(2 + ni), 40, NULL));
    export_sheet_title(&o->x, ws, 0, ncols, title, &o->f);
    put_str(o, ws, 1, 0, "组织代码", o->f.head);
    put_str(o, ws, 1, 1, "支部名称", o->f.head);
    for (int k = 0; k < ni; k++) put_str(o, ws, 1, 2 + k, STATS_ITEMS[items[k]].label, o->f.head);
    if (ethnic) put_str(o, ws, 1, 2 + ni, "少数民族构成", o->f.head);
    char buf[2048];
    for (int b = 0; b <= d->t->nbranches && !o->x.failed; b++) {
        bool total = b == d->t->nbranches;
        const struct stats_counts *c = total ? &d->t->total : &d->t->branch[b];
        lxw_row_t r = (lxw_row_t)(2 + b);
        put_str(o, ws, r, 0, total ? "" : d->branches[b].code, o->f.cell);
        put_str(o, ws, r, 1, total ? d->scope : d->branches[b].name, total ? o->f.head : o->f.cell);
        for (int k = 0; k < ni; k++) put_num(o, ws, r, 2 + k, c->n[items[k]]);
        if (ethnic) {
            minorities_text(c, buf, sizeof buf);
            put_str(o, ws, r, 2 + ni, buf, o->f.wrap);
        }
    }
}

int stats_write_xlsx(const struct stats_doc *d, const char *path, char *err, size_t errsz)
{
    struct sx o = {.d = d};
    if (export_file_open(&o.x, path, true, err, errsz) != 0) return -1;
    export_sheet_formats(&o.x, &o.f);
    for (int s = 0; s < SS_COUNT && !o.x.failed; s++) section_sheet(&o, (enum stats_section)s);
    return export_file_close(&o.x, true, err, errsz);
}
