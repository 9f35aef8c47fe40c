/* members_export.c — the roster as people print it (see members_export.h). The store gives
 * the members in the roster's order (group, office, name); this file lays them out with the
 * labels of core/labels.c on the printed sheet of sheet.c. */
#include "zhibu/members_export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "zhibu/csv.h"
#include "zhibu/meeting_export.h"
#include "zhibu/model.h"
#include "zhibu/sheet.h"
#include "zhibu/util.h"

enum {
    RC_NO, RC_NAME, RC_GENDER, RC_BIRTH, RC_ETHNICITY, RC_EDUCATION, RC_JOIN, RC_FULL, RC_STATUS,
    RC_GROUP, RC_OFFICE, RC_CATEGORY, RC_MOBILE, RC_PHONE, RC_LEAVE, RC_LEAVE_DATE, RNCOLS
};
static const char *const HEADERS[RNCOLS] = {
    "序号", "姓名", "性别", "出生日期", "民族", "学历", "入党日期", "转正日期", "党籍",
    "党小组", "职务", "党费类别", "流动党员", "联系电话", "离开情况", "离开日期",
};
static const double WIDTHS[RNCOLS] = {6, 14, 6, 12, 8, 8, 12, 12, 10, 14, 10, 10, 9, 14, 16, 12};

struct roster_out {
    struct export_file x;
    lxw_worksheet *ws;          /* NULL for CSV */
    struct export_formats fmt;
    lxw_row_t row;
    int ncols;                  /* RC_LEAVE without the left members, else RNCOLS */
    int count;
};

static void put_row(struct roster_out *o, const char *const *cells, bool heading)
{
    if (o->x.failed) return;
    if (!o->ws) {
        char *clean[RNCOLS] = {0};
        const char *fields[RNCOLS];
        for (int c = 0; c < o->ncols; c++) {
            clean[c] = heading ? NULL : export_clean_text(cells[c], false);
            fields[c] = heading ? cells[c] : clean[c];
        }
        export_file_io(&o->x, csv_write_row(o->x.f, fields, o->ncols));
        for (int c = 0; c < o->ncols; c++) free(clean[c]);
        return;
    }
    for (int c = 0; c < o->ncols; c++) {
        lxw_format *f = heading ? o->fmt.head : o->fmt.cell;
        const char *s = cells[c];
        if (!s) continue; /* written by the caller */
        if (!*s) {
            /* an empty cell keeps its lines */
            export_file_lxw(&o->x, worksheet_write_blank(o->ws, o->row, (lxw_col_t)c, f));
            continue;
        }
        char *t = export_clean_text(s, false);
        export_file_lxw(&o->x, worksheet_write_string(o->ws, o->row, (lxw_col_t)c, t, f));
        free(t);
    }
    o->row++;
}

static int member_row(const struct member *m, void *ctx)
{
    struct roster_out *o = ctx;
    char no[16];
    snprintf(no, sizeof no, "%d", o->count + 1);
    const char *leave = "";
    if (m->leave_status[0])
        leave = m->probation_cancelled ? "取消预备党员资格" : code_label_of(LEAVE_STATUSES, m->leave_status);
    const char *cells[RNCOLS] = {
        [RC_NO] = no,
        [RC_NAME] = m->name,
        [RC_GENDER] = m->gender[0] ? code_label_of(GENDERS, m->gender) : "",
        [RC_BIRTH] = m->birth_date,
        [RC_ETHNICITY] = m->ethnicity,
        [RC_EDUCATION] = m->education[0] ? code_label_of(EDUCATIONS, m->education) : "",
        [RC_JOIN] = m->join_date,
        [RC_FULL] = m->full_date,
        [RC_STATUS] = code_label_of(MEMBER_STATUSES, m->status),
        [RC_GROUP] = m->group_name,
        [RC_OFFICE] = m->office[0] ? code_label_of(OFFICES, m->office) : "",
        [RC_CATEGORY] = m->dues_category[0] ? code_label_of(DUES_CATEGORIES, m->dues_category) : "",
        [RC_MOBILE] = m->mobile ? "是" : "否",
        [RC_PHONE] = m->phone,
        [RC_LEAVE] = leave,
        [RC_LEAVE_DATE] = m->leave_date,
    };
    if (o->ws && !o->x.failed) {
        /* the serial number is a number (Excel sums and sorts it) */
        export_file_lxw(&o->x, worksheet_write_number(o->ws, o->row, RC_NO, o->count + 1, o->fmt.number));
        cells[RC_NO] = NULL;
        put_row(o, cells, false);
    } else {
        put_row(o, cells, false);
    }
    o->count++;
    return o->x.failed ? 1 : 0;
}

int members_export(struct store *st, int64_t branch_id, bool include_left, struct zdate today,
                   const char *path, int *count, char *err, size_t errsz)
{
    if (err && errsz) err[0] = '\0';
    if (count) *count = 0;
    int fmt = export_format_of_path(path);
    if (!path || !*path || (fmt != EXPORT_XLSX && fmt != EXPORT_CSV)) {
        snprintf(err, errsz, "无法导出到 %s：文件名应以 .xlsx 或 .csv 结尾", path ? path : "");
        return -1;
    }
    struct branch b = {0};
    if (store_branch_get(st, branch_id, &b) != STORE_OK) {
        snprintf(err, errsz, "无法导出：%s", store_errmsg(st));
        return -1;
    }
    struct roster_out o = {.ncols = include_left ? RNCOLS : RC_LEAVE};
    if (export_file_open(&o.x, path, fmt == EXPORT_XLSX, err, errsz) != 0) return -1;
    if (o.x.wb) {
        export_sheet_formats(&o.x, &o.fmt);
        if (!o.x.failed && !(o.ws = workbook_add_worksheet(o.x.wb, "党员名册")))
            export_file_lxw(&o.x, LXW_ERROR_MEMORY_MALLOC_FAILED);
    }
    char date[DATE_STR_LEN], when[64];
    date_format(today, date);
    export_chinese_date(date, when, sizeof when);
    char *title = xasprintf("%s 党员名册%s（%s）", b.name, include_left ? "（含已离开名册的党员）" : "", when);
    if (o.ws && !o.x.failed) {
        export_sheet_print(&o.x, o.ws, &(struct export_print){.title = title, .landscape = true, .repeat_row = 1});
        for (int c = 0; c < o.ncols; c++)
            export_file_lxw(&o.x, worksheet_set_column(o.ws, (lxw_col_t)c, (lxw_col_t)c, WIDTHS[c], NULL));
        export_sheet_title(&o.x, o.ws, 0, o.ncols, title, &o.fmt);
        o.row = 1;
        worksheet_freeze_panes(o.ws, 2, 0);
    } else if (!o.ws) {
        export_file_io(&o.x, fputs("\xEF\xBB\xBF", o.x.f) < 0 ? -1 : 0);
    }
    free(title);
    put_row(&o, HEADERS, true);
    /* those on the roster, then (with include_left) those who left */
    struct member_filter f = {.branch_id = branch_id};
    int rc = o.x.failed ? STORE_OK : store_member_each(st, &f, member_row, &o);
    if (rc == STORE_OK && include_left && !o.x.failed) {
        f.only_left = true;
        f.include_left = true;
        rc = store_member_each(st, &f, member_row, &o);
    }
    bool ok = true;
    if (rc != STORE_OK && !o.x.failed) {
        snprintf(err, errsz, "无法导出：%s", store_errmsg(st));
        ok = false;
    }
    if (count) *count = o.count;
    return export_file_close(&o.x, ok, err, errsz);
}
