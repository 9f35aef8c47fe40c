/* district_page.h — what the district's screens share (issue 18): the dialog that records a
 * district verdict (复审) on one item of a branch's month, asked from the branch's page
 * (branch_review.c) and written in district_review.c, and the spot checks' short line for a
 * branch's page (spot_checks.c). */
#ifndef ZHIBU_SCREENS_DISTRICT_PAGE_H
#define ZHIBU_SCREENS_DISTRICT_PAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct app;
struct branch;
struct audit_result;
struct district_verdict;
struct spot_check;

/* Ask the district's verdict on item ("overall" or an AUDIT_ITEMS code, `label` its words) of
 * branch b's month: the verdict (the township's offered first), whether it is sent back to the
 * township, the comment; then store_district_verdict_set with the engine's result r kept beside
 * it. township is the township's verdict code ("" none), old the district's standing one (NULL
 * none). A refusal of the store is shown on the status line with its sentence. Returns whether
 * it was saved. */
bool district_verdict_ask(struct app *app, const struct branch *b, int year, int month, const char *item,
                          const char *label, const struct audit_result *r, const char *township,
                          const struct district_verdict *old);

/* One spot check in a line: "2026-11-03 第一指导站 张三、李四：发现问题 — 会议记录缺两次" (voided ones
 * begin with "（已作废）"). */
void spot_check_line(const struct spot_check *c, char *buf, size_t bufsz);
/* Every field of a spot check in words, for a message box, who recorded it by name (heap; free). */
struct store;
char *spot_check_text(struct store *st, const struct spot_check *c);

#endif
