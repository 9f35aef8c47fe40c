/* remit.h — 党费上缴: collected dues handed up to the higher committee (core: pure).
 * A remittance covers months from_ym..to_ym (dues.h "ym") with an amount in 分 and a receipt
 * number. What a branch collected for a month is what its payments allocate to that month (the
 * dues module's count); what it remitted for a month is each remittance's amount split evenly
 * over its months (the odd 分 on its last month), so that months and years add up to the
 * remittances' amounts exactly. The review (audit_people.h, section remit) lists a branch whose
 * newest remitted month is too old. */
#ifndef ZHIBU_REMIT_H
#define ZHIBU_REMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zhibu/date.h"

/* A remittance as the rules see it. */
struct remit_span {
    int from_ym, to_ym;   /* inclusive */
    long amount;          /* 分 */
};

/* A problem with a remittance (NULL if acceptable, else a Chinese sentence; one with numbers is
 * written into buf, bufsz bytes — ZB_MSG_MAX is enough): date a real date ("上缴日期…"), not
 * after today ("上缴日期不能晚于今天"); months valid, from <= to, to not after the date's month
 * ("不能上缴2026年12月及以后的党费：上缴日期为2026年11月"); amount 0..DUES_MAX_AMOUNT; receipt at
 * most REMIT_RECEIPT_BYTES - 1 bytes; the months not overlapping any of others (the branch's
 * remittances not voided, the one being changed left out): "2026年7月至9月已上缴（2026-10-08，
 * 收据 SJ-003），不能重复上缴". */
const char *remit_check(const char *date, int from_ym, int to_ym, long amount, const char *receipt,
                        struct zdate today, const struct remit_span *others, int nothers,
                        const char *const *other_dates, const char *const *other_receipts,
                        char *buf, size_t bufsz);

/* The share of span s in month ym (0 outside it): amount / months, the remainder on to_ym. */
long remit_share(const struct remit_span *s, int ym);
/* What was remitted for months from_ym..to_ym (sum of remit_share over spans). */
long remit_remitted(const struct remit_span *spans, int n, int from_ym, int to_ym);
/* The newest month covered by any span (0 when none). */
int remit_through(const struct remit_span *spans, int n);

/* The months the next remittance should cover (the form's default): from the month after the
 * newest remitted (through_ym; 0 when none: the ledger's first dues month start_ym) to the month
 * before today's — never before from. */
void remit_next_months(int through_ym, int start_ym, struct zdate today, int *from_ym, int *to_ym);

/* Whether a branch is behind in month ym (the review): the newest remitted month (through_ym, 0
 * when never) — or the month before the ledger's first dues month start_ym when later (earlier
 * months were kept on paper) — is older than ym - interval. */
bool remit_behind(int through_ym, int start_ym, int ym, int interval);

/* "2026年7月至9月" / "2026年7月" / "2025年12月至2026年2月" */
void remit_months_text(int from_ym, int to_ym, char *out, size_t outsz);

#endif
