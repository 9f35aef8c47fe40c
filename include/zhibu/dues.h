/* dues.h — 党费: what each member owes each month and where they stand (core: pure).
 * Money is an integer number of 分; months are counted as "ym" = year * 12 + (month - 1), so
 * consecutive months are consecutive integers across year ends. Every rule number arrives in
 * struct dues_rules (from config). */
#ifndef ZHIBU_DUES_H
#define ZHIBU_DUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zhibu/date.h"

#define DUES_MAX_AMOUNT 10000000L /* 100,000 元 in 分: anything above is absurd for one entry */

struct dues_rules {
    long employed_bound1, employed_bound2, employed_bound3; /* 分, each bound in the lower bracket */
    int employed_rate1, employed_rate2, employed_rate3, employed_rate4; /* basis points */
    long retired_bound1;
    int retired_rate1, retired_rate2;
    int farmer_amount;        /* 分 a month */
    int flat_amount;          /* 分 a month: student, unemployed, lowincome */
    int arrears_talk_months;  /* months owed before the branch must talk (3) */
    int arrears_lapse_months; /* consecutive months unpaid without reason → 自行脱党 flag (6) */
};

int dues_ym(int year, int month);            /* month 1..12 */
int dues_ym_of_date(struct zdate d);
int dues_ym_year(int ym);
int dues_ym_month(int ym);                   /* 1..12 */
void dues_ym_format(int ym, char out[8]);    /* "YYYY-MM" */
/* Strict "YYYY-MM"; -1 if invalid. */
int dues_ym_parse(const char *s);
/* Whether ym is a month the ledger can hold (1900-01 .. 2999-12). */
bool dues_ym_valid(int ym);

/* Money text: "35", "35.5", "35.50", "0.2" → 分; commas, letters, signs, more than two decimals,
 * or more than DUES_MAX_AMOUNT → -1. */
long dues_parse_yuan(const char *s);
/* "35.50" (always two decimals) */
void dues_format_yuan(long fen, char *out, size_t outsz);

/* The monthly amount in 分 for a category code (employed, retired, farmer, student, unemployed,
 * lowincome) and monthly base in 分 (employed and retired only; ignored otherwise), rounded to
 * the nearest 分 (half up). Unknown category → 0. */
long dues_monthly_amount(const char *category, long base_fen, const struct dues_rules *r);

/* What the dues of a member depend on, as plain facts. */
struct dues_basis {           /* from month `from_ym` on: this category and base */
    int from_ym;
    char category[16];
    long base_fen;
};
enum dues_adjust_kind {
    DUES_WAIVE = 0,           /* 免交: nothing due */
    DUES_REDUCE,              /* 减交: `amount` a month instead */
    DUES_DEFER,               /* 缓交 with a recorded reason: still owed, but not counted as unpaid
                                 without reason for the lapse rule */
};
struct dues_adjust {
    int from_ym, to_ym;       /* inclusive */
    enum dues_adjust_kind kind;
    long amount;              /* DUES_REDUCE only */
};
struct dues_paid {            /* money allocated to one month */
    int ym;
    long amount;
};
struct dues_facts {
    int join_ym;              /* owes from the month of admission */
    int start_ym;             /* the branch's ledger begins this month: earlier months are not
                                 counted (they were kept on paper); 0 = no limit */
    int leave_ym;             /* owes nothing after this month; 0 = still on the roster */
    const struct dues_basis *bases;   /* sorted by from_ym; the latest from_ym <= month applies;
                                         before the first, the first applies */
    int nbases;
    const struct dues_adjust *adjusts;
    int nadjusts;
    const struct dues_paid *paid;     /* any order; several entries for one month add up */
    int npaid;
};

enum dues_state {
    DUES_NOT_DUE = 0,  /* before admission, after leaving */
    DUES_FUTURE,       /* a month after the current one, nothing paid */
    DUES_WAIVED,       /* nothing due (免交) */
    DUES_PAID,         /* paid >= due */
    DUES_PARTLY,       /* 0 < paid < due */
    DUES_UNPAID,       /* nothing paid, something due, the month has come */
};
/* Short labels for the grid: 不计 未到 免 已交 部分 欠 */
const char *dues_state_label(enum dues_state s);

struct dues_month {
    int ym;
    long due, paid;
    enum dues_state state;
    bool deferred;     /* a DUES_DEFER covers it */
};

/* The month `ym` for a member, with `current_ym` the month that is "now". A future month that is
 * already paid shows DUES_PAID (advance payment). */
struct dues_month dues_month_of(const struct dues_facts *f, int ym, int current_ym,
                                const struct dues_rules *r);

struct dues_status {
    int paid_through_ym;   /* 交至: the last month such that every due month from admission to
                              it is paid (or waived); join_ym - 1 when nothing is paid */
    int months_owed;       /* due months before current_ym not fully paid */
    long amount_owed;      /* what those months still lack, in 分 */
    int unpaid_run;        /* the longest run of consecutive months before current_ym with
                              nothing paid, something due, and no DUES_DEFER */
    bool needs_talk;       /* months owed, not counting months deferred (缓交) with approval,
                              >= arrears_talk_months: 需谈话 */
    bool lapse;            /* unpaid_run >= arrears_lapse_months: 连续六个月未交 — 按自行脱党处理待支部研究 */
};
/* Where a member stands in `current_ym` (the current month is not yet owed: dues are collected
 * during the month; it becomes owed when the month is over). */
void dues_status_of(const struct dues_facts *f, int current_ym, const struct dues_rules *r,
                    struct dues_status *out);

/* The last month a member who left the roster on `left` owes to this branch (dues_facts.leave_ym):
 * one transferred out whose letter states the month dues are paid through (paid_through_ym > 0)
 * owes nothing after it (the new branch collects from the month after); else one who left on the
 * 1st of a month owes nothing for that month, one who left later in it owes it. Never before
 * join_ym - 1 (nothing owed at all). */
int dues_leave_ym(struct zdate left, int paid_through_ym, int join_ym);
/* The same months from a member's row as stored (dates "YYYY-MM-DD", timestamps beginning with
 * one, months "YYYY-MM"; "" or NULL when unset), for the store's loads of dues facts:
 * dues_join_ym: the month dues begin — admission, else the month the row was entered
 * (created_at); 0 if neither is a date. dues_leave_ym_of: the last month owed by a member who
 * left (0 while on the roster, leave_status ""): dues_leave_ym of leave_date (else of the day the
 * row last changed, updated_at; else join_ym), with the transfer letter's 党费交至 (paid_through)
 * only for one transferred out. dues_member_start: where a member's counted months begin, given
 * the branch's start and the newest transfer in (paid_through, arrived; NULL when none): the
 * month after paid_through, else the month of arrival, when later than branch_start. */
int dues_join_ym(const char *join_date, const char *created_at);
int dues_leave_ym_of(const char *leave_status, const char *leave_date, const char *updated_at,
                     int join_ym, const char *paid_through);
int dues_member_start(int branch_start, const char *paid_through, const char *arrived);

/* Split `amount` over months from_ym..to_ym in order, each month taking what it still lacks
 * (due - already paid); what is left after to_ym goes to the last month (overpayment stays
 * visible). Writes one entry per month that receives money into out (room for to_ym-from_ym+1);
 * returns the count. Months not due (before admission / after leaving) get nothing. */
int dues_allocate(const struct dues_facts *f, int from_ym, int to_ym, long amount,
                  const struct dues_rules *r, struct dues_paid *out);
/* The sum still lacking over from_ym..to_ym (the default amount of an entry). */
long dues_amount_for(const struct dues_facts *f, int from_ym, int to_ym, const struct dues_rules *r);

/* An employed or retired member whose base for `ym` is not recorded (0): nothing can be
 * computed as due until the base is set. */
bool dues_base_missing(const struct dues_facts *f, int ym);
/* The month ym is owed (on the roster, not waived or reduced to nothing by an approval) and the
 * base it needs is missing (dues_base_missing): 未核定基数, a problem of the dues ledger. */
bool dues_base_needed(const struct dues_facts *f, int ym);

/* A problem with a payment entry (NULL if acceptable, else a Chinese sentence): amount > 0 and
 * <= DUES_MAX_AMOUNT; from <= to; from not before admission ("不能为入党前的月份交党费"); to not
 * after leaving; at most 24 months in one entry; date valid and not in the future; not before
 * the ledger's start ("不能为党费台账起始月份之前的月份交党费"). A sentence with numbers (a wrong
 * date: "2026年2月没有30日") is written into buf (bufsz bytes; ZB_MSG_MAX is enough). */
const char *dues_check_payment(const struct dues_facts *f, int from_ym, int to_ym, long amount,
                               const char *paid_date, struct zdate today, char *buf, size_t bufsz);

/* The checks every stored dues row must pass, whichever way it arrives (the store's typed writes
 * and the import of a bundle call the same functions): NULL if acceptable, else a Chinese
 * sentence. A payment's split into months: at least one entry, each month inside
 * from_ym..to_ym, each amount 1..DUES_MAX_AMOUNT, the sum equal to amount ("各月分配合计与交费金额不符"). */
const char *dues_check_allocations(int from_ym, int to_ym, long amount, const struct dues_paid *alloc,
                                   int nalloc);
/* A payment entry without the member's facts: amount 1..DUES_MAX_AMOUNT ("交费金额不能超过 100000
 * 元"), months valid and from <= to, the date a real date. */
const char *dues_check_entry(int from_ym, int to_ym, long amount, const char *paid_date);
/* A dues basis: month valid, category a DUES_CATEGORIES code, base 0..DUES_MAX_AMOUNT. */
const char *dues_check_basis(int from_ym, const char *category, long base_fen);
/* An adjustment: months valid and from <= to, kind an enum dues_adjust_kind (-1: unknown code),
 * a reduction's amount 0..DUES_MAX_AMOUNT, other kinds' amount 0..DUES_MAX_AMOUNT too. */
const char *dues_check_adjust(int from_ym, int to_ym, int kind, long amount);
/* The enum dues_adjust_kind of a code ("waive", "reduce", "defer"), -1 when unknown. */
int dues_adjust_kind_of(const char *code);

#endif
