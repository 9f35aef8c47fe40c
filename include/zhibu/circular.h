/* circular.h — 通报: the district's circular on how its townships run 月审月报, for a month or a
 * quarter (core: pure; src/core/circular.c). The loader is src/store/circular_db.c
 * (store_circular_load), the outputs src/export/circular_xlsx.c and circular_text.c.
 *
 * The figures (each over the period: one month, or a quarter's three months as branch-months):
 *
 *   on record: a township's months count from the first month of the input's window in which
 *       any of its branches has a verdict (the township's or the district's) — the months
 *       before it began reporting to the district (its first bundle) are not 未审 but outside
 *       the record: in no count, in no behind run, "—" in the trend. A township with no verdict
 *       in the window counts from the district's first month on record (the earliest of the
 *       townships'), every month 未审: not reviewing is what it did. With no verdict anywhere
 *       in the window nothing is on record (every share "—", nobody behind).
 *   final verdict of a branch-month: the district's overall verdict (复审) where it gave one,
 *       else the township's overall verdict, else none (未审). Only pass (合格) is 合格; a
 *       branch-month with no verdict is not 合格 and is counted as 未审.
 *   合格率 (pass share): branch-months on record whose final verdict is 合格 / branch-months on
 *       record (the township's branches × the period's months on record: a quarter in which
 *       the township began counts from that month). A township with no branches has none ("—").
 *   按期整改率 (on time): among the rectification orders of the township's branches whose
 *       deadline falls in the period and is over (deadline before today), those done (status
 *       done or confirmed) with done_at's date on or before the deadline / those orders. Done
 *       after the deadline is 逾期整改; still open is 未整改. None due: "—".
 *   复审改判率 (overturned): among the branch-months of the period where both the township and
 *       the district gave an overall verdict, those where they differ / those. Split into 从严
 *       (the township passed, the district did not) and 从宽 (the township did not pass, the
 *       district did). A district verdict where the township gave none is not counted (there
 *       was nothing to overturn). None re-reviewed: "—".
 *   引擎未达标而乡镇评合格: branch-months of the period where the engine's result kept with the
 *       township's verdict had an item 未达标 and the township's verdict was 合格 (shown, not
 *       ranked: the first thing a re-reviewer looks at).
 *
 * Ranking: by 合格率 descending, then 按期整改率 descending, then 复审改判率 ascending; a
 * figure that does not apply ("—") comes after every figure that does, at each key. Ratios are
 * compared exactly (cross-multiplied), not as rounded percentages. Townships equal on all three
 * share a rank (1, 1, 3: 并列) and are listed by code; the order is otherwise stable by code.
 *
 * Behind (连续未合格): a branch whose final verdict is not 合格 (none included) in each of the
 * behind_months (config) or more consecutive months ending with the period's last month; the
 * run is counted back as far as the township's record (at most the input's window). Listed by run length (longest first), then
 * township code, then branch code.
 *
 * Trend: for each township and for the district as a whole, the 合格 share of each of the
 * trend_months (config) months ending with the period's last month. */
#ifndef ZHIBU_CIRCULAR_H
#define ZHIBU_CIRCULAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zhibu/date.h"
#include "zhibu/model.h"

#define CIRC_MAX_TREND 24         /* the largest trend_months accepted from config */
#define CIRC_MAX_WINDOW 36        /* months an input may cover */

/* The numbers of the circular (config [audit] circular_*; rules.h). */
struct circular_rules {
    int behind_months;        /* circular_behind_months = 2: consecutive months not 合格 */
    int trend_months;         /* circular_trend_months = 12: months in the trend table */
};

enum circ_verdict { CV_NONE = 0, CV_PASS, CV_RECTIFY, CV_FAIL };
/* "pass" / "rectify" / "fail" → CV_*; "" or anything else → CV_NONE. */
int circ_verdict_of_code(const char *code);
/* 合格 需整改 不合格 未审 */
const char *circ_verdict_label(int v);
enum circ_engine { CE_NONE = 0, CE_PASS, CE_FAIL, CE_PENDING };

/* One branch-month: the township's and the district's overall verdict (enum circ_verdict) and
 * the engine's overall state kept with the township's verdict (enum circ_engine: CE_FAIL when
 * an item was 未达标, else CE_PENDING when one was 待定, else CE_PASS; CE_NONE when unknown). */
struct circ_cell {
    unsigned char township, district, engine;
};

struct circ_township {
    int64_t id;
    char code[24];
    char name[TEXT_SHORT];
};
struct circ_branch {
    int64_t id;
    char code[32];
    char name[TEXT_SHORT];
    int township;             /* index into the input's townships */
};
enum circ_order_status { CO_OPEN = 0, CO_DONE, CO_CONFIRMED };
struct circ_order {
    int branch;               /* index into the input's branches */
    struct zmonth month;      /* the month it was given for */
    struct zdate deadline;
    int status;               /* enum circ_order_status */
    struct zdate done_at;     /* {0}: not done */
    struct zdate confirmed_at;/* {0}: not confirmed */
};

struct circ_input {
    struct zmonth first;      /* the period's first month */
    int period_months;        /* 1 (a month) or 3 (a quarter) */
    struct zdate today;       /* orders count as due once their deadline is before today */
    struct zmonth window_first; /* the first month of cells; the last is the period's last */
    int nmonths;              /* months in cells: circular_window() for the period */
    const struct circ_township *townships;  /* by code */
    int ntownships;
    const struct circ_branch *branches;     /* by code */
    int nbranches;
    const struct circ_cell *cells;          /* nbranches × nmonths, by branch then month */
    const struct circ_order *orders;
    int norders;
};

/* How many months the input must cover for a period of period_months: the largest of the
 * period, the trend and the behind run (at most CIRC_MAX_WINDOW). */
int circular_window(const struct circular_rules *r, int period_months);

struct circ_ratio {
    int num, den;             /* den 0: does not apply ("—") */
};
struct circ_row {
    int township;             /* index into the input's townships; -1 for the district total */
    int rank;                 /* 1-based; equal townships share it; 0 for the total */
    int branches;
    int branch_months;
    int pass, rectify, fail, unreviewed;     /* final verdicts, branch-months */
    struct circ_ratio pass_share;
    int orders_due, orders_on_time, orders_late, orders_open;
    struct circ_ratio on_time;
    int district_given;       /* district verdicts where the township gave one */
    int overturned, stricter, looser;
    struct circ_ratio overturn;
    int engine_fail_passed;
    int behind;               /* branches behind */
    int trend_pass[CIRC_MAX_TREND], trend_den[CIRC_MAX_TREND];
};
struct circ_behind {
    int branch;               /* index into the input's branches */
    int months;               /* the run's length (capped by the input's window) */
    struct zmonth from;       /* its first month; it ends with the period's last */
};
struct circ_result {
    struct circ_row *rows;    /* heap: the townships in ranked order */
    int nrows;
    struct circ_row total;    /* the district as a whole */
    struct circ_behind *behind; /* heap */
    int nbehind;
    int ntrend;               /* trend_months */
    struct zmonth trend_first;
    struct zmonth last;       /* the period's last month */
    int behind_months;        /* the rules' behind_months */
};
/* The circular of in under r. Returns 0, or -1 when the input does not hold together (the
 * window does not end with the period's last month or is shorter than circular_window, an
 * index out of range, a bad period). */
int circular_compute(const struct circ_input *in, const struct circular_rules *r,
                     struct circ_result *out);
void circular_result_free(struct circ_result *res);

/* The final verdict of a cell (the district's where it gave one, else the township's). */
int circ_final(const struct circ_cell *c);
/* A ratio as a percentage with one decimal ("87.5%"), "—" when it does not apply. */
void circ_ratio_text(struct circ_ratio r, char *out, size_t outsz);
/* "2026年11月" / "2026年第4季度", and the circular's title
 * "关于2026年11月执行月审月报制度情况的通报". */
void circ_period_text(struct zmonth first, int period_months, char *out, size_t outsz);
void circ_title(struct zmonth first, int period_months, char *out, size_t outsz);

#endif
