/* meeting_export.h — meeting records out of the program: a plain-text page laid out like the
 * paper record (for binding into the paper ledger), and the filtered list as .xlsx (sheet
 * 会议记录, one row per record; sheet 出席情况, one row per attendee) or CSV (UTF-8, header
 * row). src/export/ is the only code that includes xlsxwriter.h. */
#ifndef ZHIBU_MEETING_EXPORT_H
#define ZHIBU_MEETING_EXPORT_H

#include <stddef.h>
#include <stdio.h>

#include "zhibu/meeting.h"
#include "zhibu/store_meeting.h"

/* Write one record as a text page, lines at most `width` columns (wrapped by columns, never
 * splitting a double-width character). Shows the branch, kind (and also-counts-as), date and
 * time, place, host, recorder, lecturer, expected/present/leave/absent with each absentee and
 * reason, observers, topics, minutes, resolutions with votes, the marks (补记 with the entry
 * date, 不足法定人数, 要素不全: what is missing, 已作废: reason) and "录入：DATE 由 WHO". */
int meeting_print_text(FILE *out, const struct meeting *m, const char *branch_name,
                       int late_entry_days, int width);

enum export_format { EXPORT_CSV, EXPORT_XLSX, EXPORT_JSON };
/* The format a path's extension asks for (.xlsx, .csv, .json), or -1. */
int export_format_of_path(const char *path);

/* Export the records matching f (all of them, oldest first) to path. Columns: branch code,
 * date, start, end, kind, also-counts-as, group, topics, place, host, recorder, lecturer,
 * expected, present, leave, absent, quorum, marks (补记/不足法定人数/要素不全/已作废), missing,
 * entered at, entered by. Returns 0, or -1 with a Chinese message in err; never leaves a
 * half-written file behind (writes to PATH.tmp, then renames). */
int meetings_export(struct store *st, const struct meeting_filter *f, const char *path,
                    int late_entry_days, char *err, size_t errsz);

#endif
