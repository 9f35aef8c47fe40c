/* audit_report.h — the monthly report out of the program (src/export/audit_report.c) and the
 * snapshot format shared by 提交月报 and the reviewer's comparison. */
#ifndef ZHIBU_AUDIT_REPORT_H
#define ZHIBU_AUDIT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "zhibu/audit.h"
#include "zhibu/store.h"

/* The month's report for every branch, the month as reviewed: a branch with verdicts is shown by
 * the engine's result kept with them (an item's own verdict's, else the overall verdict's, else
 * the newest), with the state now where it differs; one without by the result now. .xlsx with
 * sheets 汇总 (one row per branch: code, name, each item's state as reviewed ("未达标（现达标）"
 * when it differs now), score as reviewed, overall verdict (or the item verdicts' counts, or
 * 未审查), rectification status, hand-in date, 审后修改 count, what differs now), 问题清单 (one
 * row per problem as reviewed: branch, item, reason, the hand-in's 情况说明, verdict, the order
 * given for that problem, deadline, status, now: 仍存在 / 已消除 / 审后新出现), 审后修改 (one row
 * per amend: branch, record, what changed old → new, reason, who, when) and 统计 (branches;
 * 合格 / 需整改 / 不合格 / item verdicts only / 未审查 counts; amends; meetings held by kind;
 * dues collection rate; post coverage); or CSV (the 汇总 sheet) by extension. Through a
 * temporary file; 0 or -1 with a Chinese message. */
int audit_report_write(struct store *st, struct zmonth month, struct zdate today,
                       const struct audit_rules *rules, const char *path, char *err, size_t errsz);

/* One branch's result as text for `zhibu audit --format text` and the screens' snapshot view. */
void audit_result_text(FILE *out, const struct audit_result *r, const char *branch_code,
                       const char *branch_name);

/* The snapshot stored when a month is handed in (JSON object; heap string), and reading it
 * back into states and score (reasons' texts go to reasons_out as one "\n"-joined heap string, may
 * be NULL). Returns 0 or -1 if the JSON is not a snapshot. */
char *audit_snapshot_json(const struct audit_result *r);
int audit_snapshot_read(const char *json, enum audit_state states[AI_COUNT], int *score, char **reasons_out);

/* The engine's result kept with a verdict (the month as reviewed): {"score":N,"states":{item:
 * state},"reasons":[{"item":code,"text":..,"fails":true|false}]} (heap; NULL on memory
 * failure), and reading it back (0, or -1 when json is not such a result, "{}" included). */
char *audit_engine_json(const struct audit_result *r);
struct audit_kept_reason {
    int item;                 /* enum audit_item */
    bool fails;
    char *text;               /* heap */
};
struct audit_kept {
    int score;
    enum audit_state state[AI_COUNT];
    int nreasons;
    struct audit_kept_reason *reasons; /* heap */
};
int audit_engine_read(const char *json, struct audit_kept *out);
void audit_kept_free(struct audit_kept *k);

/* The states' codes in files and JSON: pass, fail, pending (audit_state_of_code: -1 if unknown). */
const char *audit_state_code(enum audit_state s);
int audit_state_of_code(const char *code);

/* One branch's result as a JSON object for `zhibu audit --format json`: branch_code,
 * branch_name, month, score, suggest (a VERDICTS code), states {item code: state code} and
 * reasons [{item, text, fails, refs: [{kind: meeting|member|holding|group, id}]}]. Returns 0 or
 * -1 on a write error. */
int audit_result_json(FILE *out, const struct audit_result *r, const struct audit_rules *rules,
                      const char *branch_code, const char *branch_name);

#endif
