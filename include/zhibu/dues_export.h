/* dues_export.h — the dues ledger out of the program (src/export/dues_export.c): the year's
 * ledger (one row per member: category, base, each month's paid amount, total, 交至, months
 * owed) and the month's collection summary (expected, collected, outstanding; one row per
 * member for the month), as .xlsx (sheets 党费台账 and 收缴汇总) or CSV, through a temporary file. */
#ifndef ZHIBU_DUES_EXPORT_H
#define ZHIBU_DUES_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zhibu/dues.h"
#include "zhibu/store.h"

/* The year's ledger of a branch (and, in .xlsx, the month summary of `month` as a second sheet —
 * a month that is not valid, e.g. {0, 0}: the current one — and the year's 党费上缴 as a third:
 * each month collected, remitted and not yet remitted, with the total). current is "now" for statuses.
 * Returns 0, or -1 with a Chinese message. */
int dues_export_year(struct store *st, int64_t branch_id, int year, struct zmonth month,
                     struct zmonth current, const struct dues_rules *r, const char *path, char *err,
                     size_t errsz);
/* The month's collection summary alone (CSV or .xlsx by extension). */
int dues_export_month(struct store *st, int64_t branch_id, struct zmonth month, struct zmonth current,
                      const struct dues_rules *r, const char *path, char *err, size_t errsz);

/* ---- helpers shared with `zhibu list dues` (pure) ---- */

/* One member's line of the year's ledger. */
struct dues_ledger_row {
    bool in_year;             /* the member owed dues (or was on the roster) in some month of
                                 the year: admitted by December, not gone before January */
    long paid[12];            /* 分 allocated to each month of the year */
    enum dues_state state[12];
    long total_paid;          /* the sum of paid[] */
    int ref_ym;               /* the month the base and amount columns describe: the latest
                                 due month of the year up to current_ym (else the first) */
    char category[16];        /* the basis at ref_ym: category code */
    long base_fen;            /* and monthly base (employed / retired; else 0) */
    long monthly_due;         /* what ref_ym asks for (0 when waived) */
    struct dues_status status; /* where the member stands in current_ym */
};
void dues_ledger_row_of(const struct dues_facts *f, int year, int current_ym,
                        const struct dues_rules *r, struct dues_ledger_row *out);
/* "lapse", "talk" or "" (lapse wins: it is the graver one). */
const char *dues_flag_code(const struct dues_status *s);
/* 连续六个月未交 — 按自行脱党处理待支部研究 (with the configured number of months), 需谈话,
 * or "". */
void dues_flag_label(const struct dues_status *s, const struct dues_rules *r, char *out,
                     size_t outsz);
/* "YYYY-MM" of the paid-through month, or "" when nothing is paid since admission. */
void dues_paid_through_text(const struct dues_facts *f, const struct dues_status *s, char out[8]);

/* Formats and messages:
 * - .xlsx: sheet 党费台账: 姓名, 党籍, 党费类别, 月缴纳基数(元), 月应交(元), 1月 … 12月 (paid,
 *   blank for months not due or not yet come, 免交 for waived months), 全年实交(元), 交至,
 *   欠交月数, 欠交金额(元), 状态, then a row 合计; sheet 收缴汇总 (the month): 姓名, 党籍,
 *   党费类别, 应交(元), 实交(元), 未交(元), 情况 (已交/部分/欠/免/未到), then 合计. Amounts are
 *   numbers in 元 with the number format 0.00; the header row is bold and frozen.
 * - .csv: one of the two tables, UTF-8 with a byte-order mark, the same Chinese header row,
 *   amounts as "35.50".
 * Errors: "无法导出到 PATH：文件名应以 .xlsx 或 .csv 结尾", "无法导出：<store message>",
 * "无法写入 PATH：原因"; a failed export leaves no file (PATH.tmp is removed). */

#endif
