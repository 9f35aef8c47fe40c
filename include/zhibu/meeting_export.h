/* meeting_export.h — meeting records out of the program: a plain-text page laid out like the
 * paper record (for binding into the paper ledger), and the filtered list as .xlsx (sheet
 * 会议记录, one row per record; sheet 出席情况, one row per attendee) or CSV (UTF-8, header
 * row). src/export/ is the only code that includes xlsxwriter.h. */
#ifndef ZHIBU_MEETING_EXPORT_H
#define ZHIBU_MEETING_EXPORT_H

#include <stdbool.h>
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
/* The page as printed from the form (F9 打印): as meeting_print_text, with the accounts that
 * entered and voided the record shown by their names (the account's display name; its login
 * when it has none or is gone). Names in lists are never broken across lines, each
 * resolution shows 通过 / 未通过, 应到 leaves out members excused with approval, and the page
 * ends with signature lines for the host and the recorder. */
int meeting_print_record(FILE *out, struct store *st, const struct meeting *m,
                         const char *branch_name, int late_entry_days, int width);
/* meeting_print_text refuses (-1, errno EINVAL) a width below this; it returns -1 too when
 * the stream reports a write error. */
#define MEETING_PRINT_MIN_WIDTH 16

enum export_format { EXPORT_CSV, EXPORT_XLSX, EXPORT_JSON };
/* The format a path's extension asks for (.xlsx, .csv, .json), or -1. */
int export_format_of_path(const char *path);

/* Export the records matching f (all of them, oldest first) to path. Columns: branch code,
 * date, start, end, kind, also-counts-as, group, topics, place, host, recorder, lecturer,
 * expected, present, leave, absent (meeting_heads: those excused with approval who stayed away
 * are not expected), quorum, marks (补记/不足法定人数/要素不全/已作废), missing,
 * entered at, entered by. Returns 0, or -1 with a Chinese message in err; never leaves a
 * half-written file behind (writes to PATH.tmp, then renames). */
int meetings_export(struct store *st, const struct meeting_filter *f, const char *path,
                    int late_entry_days, char *err, size_t errsz);
/* Details of the three formats:
 * - .xlsx: every sheet has the title in row 0 (branch, sheet, the period of f: 2026年10月,
 *   全部日期 ...; the same in the page header), a bold header row 1 (frozen, repeated on every
 *   printed page), bordered cells, A4 landscape (sheet.c). Sheet 会议记录 has the columns
 *   above (with an autofilter), labels for coded values (支部委员会, 党课、主题党日), numbers as
 *   numbers, topics one per line in a wrapped cell; sheet 出席情况 has one row per attendee
 *   of each exported record: 组织代码, 会议日期, 会议类型, 议题 (the first), 姓名, 职务, 表决权
 *   (是/否), 出席情况 (出席/请假/缺席/经批准不计应到), 原因; sheet 会议内容 one row per record:
 *   会议日期, 会议类型, 议题, 主持人, 记录人, 列席人员 (无), 会议内容 (the minutes, wrapped);
 *   sheet 决议 one row per resolution: 会议日期, 会议类型, 序号, 决议事项, 赞成, 反对, 弃权,
 *   有表决权应到, 出席有表决权, 表决结果 (通过/未通过, meeting_resolution_outcome), and
 *   "本次会议无表决事项" for a record that states it.
 * - .csv: the 会议记录 sheet only (attendance has no place in one flat table: use .xlsx or
 *   .json for it); UTF-8 with a byte-order mark (spreadsheet programs on Chinese Windows
 *   read a CSV without one as GBK), Chinese header row, RFC 4180 quoting (topics keep their
 *   line breaks inside a quoted field).
 * - .json: an array of objects as meeting_write_json(..., with_details = true) writes them.
 * Error messages: "无法写入 PATH：原因" (目录不存在, 没有写入权限, 磁盘空间不足 ...),
 * "无法导出到 PATH：文件名应以 .xlsx、.csv 或 .json 结尾", "无法导出：<store message>". */

/* ---- helpers shared with `zhibu list meetings` ---- */

/* The also-counts-as kinds (the record's own kind left out), in enum order: codes joined by
 * ";" ("lecture;theme_day"), or with labels, labels joined by "、" ("党课、主题党日"). */
void meeting_also_text(unsigned also_mask, const char *kind, bool labels, char *out,
                       size_t outsz);
/* The missing elements as codes joined by ";": time, place, host, recorder, lecturer,
 * attendance, reasons, topics, minutes, resolutions, group ("" when none). */
void meeting_missing_codes(unsigned missing_mask, char *out, size_t outsz);
/* The first non-empty line of topics, without surrounding spaces (heap; "" when none). */
char *meeting_first_topic(const char *topics);
/* "met", "not_met" or "na" for an enum quorum_state. */
const char *meeting_quorum_code(int quorum);
/* One record as a JSON object (no trailing newline): branch_code, date, start_time,
 * end_time, kind (code), also (array of codes), group, then with_details: topics (array),
 * place, host, recorder, lecturer, observers, minutes — else first_topic; then expected,
 * present, on_leave, absent (numbers), quorum (met/not_met/na), late, incomplete (booleans),
 * missing (array of codes), voided (boolean), with_details and voided: voided_at,
 * void_reason; created_at, created_by, uuid; with_details: resolutions [{text, for, against,
 * abstain, passed (meeting_resolution_passed)}] and attendance [{name, office, voting, mark, reason, excused}].
 * Returns 0 or -1 on a write error. */
int meeting_write_json(FILE *f, const struct meeting *m, const char *branch_code,
                       int late_entry_days, bool with_details);

#endif
