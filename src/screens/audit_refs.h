/* audit_refs.h — the records behind an audit reason, opened read-only on the record's own
 * branch (audit_refs.c), and the branch context a record view works in. */
#ifndef ZHIBU_SCREENS_AUDIT_REFS_H
#define ZHIBU_SCREENS_AUDIT_REFS_H

#include <stdbool.h>
#include <stdint.h>

struct app;
struct audit_reason;

/* Open the records behind reason `a` of branch `branch_id`'s month year-month: a meeting in its
 * form (read-only), a post holding's record, a member's card — for a 党费 reason with the
 * member's due, paid and 交至 for the month —, a group's meetings of the month. */
void audit_refs_open(struct app *app, const struct audit_reason *a, int64_t branch_id, int year, int month);

/* A record of another branch is viewed in that branch: app->branch_id and the title's name
 * become the record's branch (not remembered in the database) until screens_branch_leave. */
struct screens_branch_ctx {
    int64_t id;
    char name[128];
    bool swapped;
};
void screens_branch_enter(struct app *app, int64_t branch_id, struct screens_branch_ctx *save);
void screens_branch_leave(struct app *app, struct screens_branch_ctx *save);

#endif
