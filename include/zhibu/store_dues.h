/* store_dues.h — dues bases, adjustments (waivers, reductions, deferrals), payments and their
 * allocation to months (src/store/dues_db.c). Conventions as store.h: history for every write,
 * nothing deleted (a payment entered by mistake is voided with a reason). Months are struct
 * zmonth in the ledger start, the bases and the member list, "ym" integers (dues.h) in the
 * adjustments and payments, and "YYYY-MM" text in the database. */
#ifndef ZHIBU_STORE_DUES_H
#define ZHIBU_STORE_DUES_H

#include <stdbool.h>
#include <stdint.h>

#include "zhibu/dues.h"
#include "zhibu/store.h"

/* The month a branch's dues ledger begins (earlier months were kept on paper and are not
 * counted as owed): the month set with store_dues_start_set (branch.dues_start), else the
 * earliest month any payment of the branch covers, else the current month. */
int store_dues_start_get(struct store *st, int64_t branch_id, struct zmonth *out);
/* Set it: a change of the branch row, journaled (history "update" of the branch, old and new
 * JSON). Refused (STORE_ERR_CONSTRAINT) later than the current month ("台账起始月不能晚于本月")
 * or, when moved later, later than a month holding a payment of the branch
 * ("2026年10月已有党费缴纳记录，台账起始月不能晚于该月"); moved later past a month with a verdict,
 * STORE_ERR_LOCKED unless a reason is active (store_amend_begin), then one 审后修改 row per such
 * month. Moving it earlier only adds months owed and is always allowed. A month that is not
 * zmonth_valid: STORE_ERR_CONSTRAINT, "台账起始月有误". */
int store_dues_start_set(struct store *st, int64_t branch_id, struct zmonth month);

/* One member's dues facts, owned (free with store_dues_member_free). */
struct dues_member {
    struct member m;          /* the roster row */
    struct dues_facts f;      /* points into the arrays below */
    struct dues_basis *bases;
    int nbases;
    struct dues_adjust *adjusts;
    int nadjusts;
    struct dues_paid *paid;
    int npaid;
    int64_t bases_version;    /* the version of the member's bases as read (store.h: versions;
                                 store_dues_bases_version) */
};

/* Every member of a branch still on the roster, or who left in or after month `since`, with
 * their whole dues history, in roster order, with f.start_ym the branch's ledger start
 * (store_dues_start_get) — or, for a member transferred in later, the month after the transfer
 * letter's dues-paid-through month. All of them (store.h: lists). A
 * member with no basis row gets one made from the roster's dues_category (base 0) from join_ym. */
struct store_dues_member_list {
    struct dues_member *v;
    int n;
};
int store_dues_member_list(struct store *st, int64_t branch_id, struct zmonth since,
                           struct store_dues_member_list *out);
int store_dues_member_get(struct store *st, int64_t member_id, struct dues_member *out);
void store_dues_member_free(struct dues_member *d);
void store_dues_member_list_free(struct store_dues_member_list *l);

/* A base from a month on (a new pay, the yearly base): category and monthly base in 分. The
 * roster's dues_category follows the newest basis. bases_version is the version of the member's
 * bases the caller read (dues_member.bases_version, store_dues_bases_version): when any of them
 * changed since, nothing is written (STORE_ERR_CHANGED, store_conflict). A month that is not
 * zmonth_valid: STORE_ERR_CONSTRAINT, "起始月份无效" (dues_check_basis). */
int store_dues_basis_set(struct store *st, int64_t member_id, struct zmonth from_month,
                         const char *category, long base_fen, const char *note, int64_t bases_version);
/* The version of a member's bases now: the newest history entry of any of them (0: none). */
int64_t store_dues_bases_version(struct store *st, int64_t member_id);

struct dues_adjust_rec {
    int64_t id;
    char uuid[UUID_STR_LEN];
    int64_t member_id;
    struct dues_adjust a;
    char approved_by[TEXT_SHORT]; /* who approved (乡镇党委 ... ): required */
    char reason[256];             /* required */
    bool voided;
};
int store_dues_adjust_add(struct store *st, struct dues_adjust_rec *r);
int store_dues_adjust_void(struct store *st, int64_t id, const char *reason);
struct store_dues_adjust_list {
    struct dues_adjust_rec *v;
    int n;
};
int store_dues_adjust_list(struct store *st, int64_t member_id, struct store_dues_adjust_list *out);
void store_dues_adjust_list_free(struct store_dues_adjust_list *l);

struct dues_payment {
    int64_t id;
    char uuid[UUID_STR_LEN];
    int64_t member_id;
    int64_t branch_id;
    char paid_date[11];
    char receipt_no[32];
    int from_ym, to_ym;
    long amount;              /* 分, the whole entry */
    char note[256];
    char created_at[24];
    char created_by[64];
    bool voided;
    char void_reason[256];
    long paid_before;         /* what the caller saw already paid for the months from..to (分,
                                 non-voided allocations) when it made the allocation */
};
/* Record a payment and its allocation (computed by the caller with dues_allocate) in one
 * transaction. Refuses amount <= 0 or > DUES_MAX_AMOUNT, allocations outside from..to or not
 * adding up to amount (STORE_ERR_CONSTRAINT with a Chinese sentence). Whether the months were
 * paid meanwhile is decided inside the transaction: when what is paid for from..to is no longer
 * p->paid_before (another session recorded or voided a payment of those months since the caller
 * read them: collection day on two PCs), nothing is written — STORE_ERR_CHANGED, "2026年11月的党费
 * 已由 王书记 于 10:05 登记（122.06 元）", the newest such payment in store_conflict. */
int store_dues_payment_add(struct store *st, struct dues_payment *p, const struct dues_paid *alloc,
                           int nalloc);
/* Void a payment (reason required); its allocations stop counting. */
int store_dues_payment_void(struct store *st, int64_t id, const char *reason);
/* Payments of a member, newest first (voided included, flagged). */
struct store_dues_payment_list {
    struct dues_payment *v;
    int n;
};
int store_dues_payment_list(struct store *st, int64_t member_id,
                            struct store_dues_payment_list *out);
void store_dues_payment_list_free(struct store_dues_payment_list *l);
/* How many non-voided payments of the branch dated in `year` already use receipt_no (to warn
 * about reuse; "" → 0). */
int store_dues_receipt_count(struct store *st, int64_t branch_id, int year, const char *receipt_no);

#endif
