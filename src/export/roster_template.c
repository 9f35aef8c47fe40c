/* roster_template.c — the .xlsx template for the roster import (roster_template.h). Its columns
 * and their explanations come from RIMP_COLUMNS (core/roster_import.c), the one list the import
 * reads the headers by, so the template and the reader cannot drift apart. */
#include "zhibu/roster_template.h"

#include <string.h>
#include <xlsxwriter.h>

#include "zhibu/date_text.h"
#include "zhibu/model.h"
#include "zhibu/roster_import.h"
#include "zhibu/sheet.h"
#include "zhibu/util.h"

#define TEMPLATE_ROWS 2000 /* rows given the drop-down lists and formats */

static const double WIDTHS[RIC_COUNT] = {
    [RIC_NAME] = 10, [RIC_GENDER] = 6, [RIC_BIRTH] = 12, [RIC_ETHNICITY] = 8,
    [RIC_EDUCATION] = 8, [RIC_PHONE] = 14, [RIC_JOIN] = 12, [RIC_FULL] = 12,
    [RIC_STATUS] = 10, [RIC_GROUP] = 12, [RIC_OFFICE] = 10, [RIC_DUES] = 10,
    [RIC_CATEGORY] = 14,
    [RIC_MOBILE] = 8, [RIC_NOTE] = 24,
};

/* How the import reads the file, under the columns in 填写说明. */
static const char *const RULES[] = {
    "第一行为表头，各列顺序不限；表头不认识的列不导入（试运行时会列出）。",
    "已有的党员按“姓名 + 出生日期”对应：对应上的更新，对应不上的新增；表中空白的格子不改动名册中已有的内容。",
    "日期可写作 1975-03-02、1975/3/2、1975.3.2、1975年3月2日，或设成 Excel 的日期格式。",
    "导入前先试运行（zhibu import members --dry-run，或党员名册画面的 F7 导入），逐行列出将新增、更新的党员和每一处问题（行号即 Excel 的行号）。",
    "有任何一处问题时不导入任何内容；改好后再导入。同一份文件导入两次不会重复添加。",
    "预备党员转正须经支部党员大会讨论决定，请在党员名册中按 z 登记，不能由导入改为正式党员。",
};

static const struct code_label *coded_table(int c)
{
    switch (c) {
    case RIC_GENDER: return GENDERS;
    case RIC_EDUCATION: return EDUCATIONS;
    case RIC_STATUS: return MEMBER_STATUSES;
    case RIC_OFFICE: return OFFICES;
    case RIC_DUES: return DUES_CATEGORIES;
    case RIC_CATEGORY: return MEMBER_CATEGORIES;
    default: return NULL;
    }
}

/* A drop-down list of the labels of column c (a warning, not a stop: other words offices use
 * are read too). */
static void drop_down(struct export_file *x, lxw_worksheet *ws, int c)
{
    static const char *const yes_no[] = {"是", "否", NULL};
    const char *labels[16];
    int n = 0;
    const struct code_label *t = coded_table(c);
    if (t) {
        for (; t->code && n < 15; t++) labels[n++] = t->label;
    } else if (c == RIC_MOBILE) {
        for (; yes_no[n]; n++) labels[n] = yes_no[n];
    } else {
        return;
    }
    labels[n] = NULL;
    lxw_data_validation v = {
        .validate = LXW_VALIDATION_TYPE_LIST,
        .value_list = (char **)labels, /* libxlsxwriter only reads it */
        .error_type = LXW_VALIDATION_ERROR_TYPE_WARNING,
        .show_error = LXW_VALIDATION_ON,
    };
    export_file_lxw(x, worksheet_data_validation_range(ws, 1, (lxw_col_t)c, TEMPLATE_ROWS,
                                                       (lxw_col_t)c, &v));
}

static void sample_cell(struct export_file *x, lxw_worksheet *ws, int c, lxw_format *cell,
                        lxw_format *date)
{
    const char *s = RIMP_COLUMNS[c].sample;
    struct zdate d;
    if ((c == RIC_BIRTH || c == RIC_JOIN || c == RIC_FULL) && date_text_parse(s, &d)) {
        lxw_datetime dt = {.year = d.y, .month = d.m, .day = d.d};
        export_file_lxw(x, worksheet_write_datetime(ws, 1, (lxw_col_t)c, &dt, date));
    } else if (s[0]) {
        export_file_lxw(x, worksheet_write_string(ws, 1, (lxw_col_t)c, s, cell));
    } else {
        export_file_lxw(x, worksheet_write_blank(ws, 1, (lxw_col_t)c, cell));
    }
}

int roster_template_write(const char *path, char *err, size_t errsz)
{
    struct export_file x;
    if (export_file_open(&x, path, true, err, errsz) != 0) return -1;
    lxw_workbook *wb = x.wb;
    lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, ROSTER_TEMPLATE_SHEET) : NULL;
    lxw_worksheet *help = wb ? workbook_add_worksheet(wb, "填写说明") : NULL;
    struct export_formats f;
    if (ws && help) export_sheet_formats(&x, &f);
    if (!ws || !help || x.failed) {
        export_file_lxw(&x, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return export_file_close(&x, true, err, errsz);
    }
    lxw_format *date = workbook_add_format(wb);
    lxw_format *text = workbook_add_format(wb);
    if (!date || !text) export_file_lxw(&x, LXW_ERROR_MEMORY_MALLOC_FAILED);
    else {
        format_set_num_format(date, "yyyy-mm-dd");
        format_set_border(date, LXW_BORDER_THIN);
        format_set_num_format(text, "@");
    }
    for (int c = 0; c < RIC_COUNT && !x.failed; c++) {
        lxw_format *col_fmt = (c == RIC_BIRTH || c == RIC_JOIN || c == RIC_FULL) ? date
                              : c == RIC_PHONE                                   ? text
                                                                                 : NULL;
        export_file_lxw(&x, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, WIDTHS[c], col_fmt));
        drop_down(&x, ws, c);
    }
    export_sheet_print(&x, ws, &(struct export_print){.title = "党员名册", .landscape = true, .repeat_row = 0});
    worksheet_freeze_panes(ws, 1, 0);
    for (int c = 0; c < RIC_COUNT && !x.failed; c++)
        export_file_lxw(&x, worksheet_write_string(ws, 0, (lxw_col_t)c, RIMP_COLUMNS[c].header, f.head));
    for (int c = 0; c < RIC_COUNT && !x.failed; c++) sample_cell(&x, ws, c, f.cell, date);

    /* 填写说明 */
    static const char *const heads[] = {"列名", "是否必填", "可填写的内容", "示例"};
    static const double help_widths[] = {12, 12, 70, 14};
    for (int c = 0; c < 4 && !x.failed; c++)
        export_file_lxw(&x, worksheet_set_column(help, (lxw_col_t)c, (lxw_col_t)c, help_widths[c], NULL));
    export_sheet_print(&x, help, &(struct export_print){.title = "党员名册填写说明", .landscape = false, .repeat_row = 0});
    for (int c = 0; c < 4 && !x.failed; c++)
        export_file_lxw(&x, worksheet_write_string(help, 0, (lxw_col_t)c, heads[c], f.head));
    lxw_row_t row = 1;
    for (int c = 0; c < RIC_COUNT && !x.failed; c++, row++) {
        const struct rimp_column_info *ci = &RIMP_COLUMNS[c];
        export_file_lxw(&x, worksheet_write_string(help, row, 0, ci->header, f.cell));
        export_file_lxw(&x, worksheet_write_string(help, row, 1, ci->required[0] ? ci->required : "可不填", f.cell));
        export_file_lxw(&x, worksheet_write_string(help, row, 2, ci->accepts, f.wrap));
        export_file_lxw(&x, worksheet_write_string(help, row, 3, ci->sample, f.cell));
    }
    row++;
    for (size_t i = 0; i < ZB_ARRAY_LEN(RULES) && !x.failed; i++, row++)
        export_file_lxw(&x, worksheet_write_string(help, row, 0, RULES[i], NULL));
    return export_file_close(&x, true, err, errsz);
}
