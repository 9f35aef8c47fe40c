/* store_remit.h — 党费上缴 in the database (src/store/remit_db.c): a branch's remittances of
 * collected dues to the higher committee, and what was collected against what was remitted.
 * Conventions as store.h: every write journaled (history), permissions and locked months as
 * every ledger write, nothing deleted (a remittance entered by mistake is voided with a reason).
 * Months are "ym" integers (dues.h). */
#ifndef ZHIBU_STORE_REMIT_H
#define ZHIBU_STORE_REMIT_H

#include <stdbool.h>
#include <stdint.h>

#include "zhibu/model.h"
#include "zhibu/store.h"

struct remittance {
    int64_t id;
    char uuid[UUID_STR_LEN];
    int64_t branch_id;
    char date[11];                       /* 上缴日期 "YYYY-MM-DD" */
    int from_ym, to_ym;                  /* the months covered */
    long amount;                         /* 分 */
    char receipt[REMIT_RECEIPT_BYTES];   /* 收据编号 ("" when none) */
    char note[PEOPLE_NOTE_BYTES + 1];
    bool voided;
    char void_reason[TEXT_LONG];
    char created_at[24];
    char created_by[64];
};

/* Record a remittance of r->branch_id (the secretary of that branch; STORE_ERR_DENIED
 * otherwise). The rules' check (remit_check) against the branch's remittances not voided is made
 * inside the transaction: refused with its sentence (STORE_ERR_CONSTRAINT), e.g.
 * "2026年7月至9月已上缴（2026-10-08，收据 SJ-003），不能重复上缴", "上缴日期不能晚于今天"; a date in
 * a month with a verdict: STORE_ERR_LOCKED unless a reason is active. Receipt and note trimmed.
 * On success r->id, uuid, created_at, created_by are set. */
int store_remit_add(struct store *st, struct remittance *r);
/* Void a remittance (reason required, "作废上缴记录须填写原因"); its months may be remitted again. */
int store_remit_void(struct store *st, int64_t id, const char *reason);
int store_remit_get(struct store *st, int64_t id, struct remittance *out);

/* A branch's remittances, newest months first (voided included, flagged). */
struct store_remit_list {
    struct remittance *v;
    int n;
};
int store_remit_list(struct store *st, int64_t branch_id, struct store_remit_list *out);
void store_remit_list_free(struct store_remit_list *l);

/* Collected against remitted for months from_ym..to_ym of a branch, month by month (out: room
 * for to_ym - from_ym + 1): collected = the allocations of the branch's payments not voided to
 * the month (as the dues module counts them); remitted = the share of the month in the branch's
 * remittances not voided (remit_share); covered = some remittance not voided covers it. */
struct remit_month {
    int ym;
    long collected, remitted;
    bool covered;
};
int store_remit_months(struct store *st, int64_t branch_id, int from_ym, int to_ym,
                       struct remit_month *out);
/* The same summed over from_ym..to_ym (已收 / 已上缴; 未上缴 = collected - remitted). */
struct remit_totals {
    long collected, remitted;
};
int store_remit_totals(struct store *st, int64_t branch_id, int from_ym, int to_ym,
                       struct remit_totals *out);
/* The newest month a remittance not voided covers (0 when none). */
int store_remit_through(struct store *st, int64_t branch_id, int *through_ym);

#endif
