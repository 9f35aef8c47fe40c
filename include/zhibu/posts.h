/* posts.h — 设岗定责, the post scheme for members without office (core: pure): the default
 * catalogue, coverage, when a holder's report is overdue, review periods and ratings, and the
 * checks on claims, reports and reviews. Interval numbers come from config ([posts]). */
#ifndef ZHIBU_POSTS_H
#define ZHIBU_POSTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zhibu/date.h"
#include "zhibu/model.h"

/* Ratings: excellent 优秀, competent 称职, basic 基本称职, incompetent 不称职. */
extern const struct code_label POST_RATINGS[];

/* The shipped catalogue a new branch can start from (政策宣传, 村务监督, 财务监督, 种植示范,
 * 养殖示范, 致富帮扶, 民事纠纷调解, 治安维护, 环境卫生, 设施维护, 信息咨询, 文明新风): category,
 * name, duties (a few lines), holders wanted. Ends with an entry whose name is NULL. */
struct post_template {
    const char *category;
    const char *name;
    const char *duties;
    int wanted;
};
extern const struct post_template POST_CATALOGUE[];

/* ---- coverage ---- */
struct coverage_member {
    int64_t id;
    bool has_office;   /* a committee office: allowed to hold posts, not counted */
    bool on_roster;    /* on the roster on the day */
    bool excused;      /* excused from the scheme with a reason (年老体弱, 外出务工 ...) */
};
struct coverage_hold {
    int64_t member_id;
    struct zdate claimed;
    struct zdate ended;  /* {0,0,0} while held */
};
struct coverage {
    int eligible;        /* on the roster, without office, not excused: the denominator */
    int covered;         /* of those, holding at least one post on the day */
    int excused;         /* on the roster, without office, excused */
    int office;          /* on the roster with an office (not counted) */
    int percent;         /* covered * 100 / eligible, rounded down; 100 when eligible == 0 */
};
/* Coverage on day `on`: a post counts from its claim date to the day before it ended. If
 * covered_out is not NULL it gets, per member (same order), whether they count as covered. */
void post_coverage(const struct coverage_member *m, int nm, const struct coverage_hold *h, int nh,
                   struct zdate on, struct coverage *out, bool *covered_out);

/* ---- reports ---- */
struct report_due {
    struct zdate due;    /* the last report (or the claim) + report_months */
    long days_left;      /* due - today; negative when overdue */
    bool overdue;        /* today > due (the due day itself is not overdue) */
};
/* last_report: "" when none (the claim date counts instead). False if neither date is valid. */
bool post_report_due(const char *claimed, const char *last_report, struct zdate today,
                     int report_months, struct report_due *out);

/* ---- reviews ---- */
/* The review period containing d for review_months 6 (half-years: Jan–Jun, Jul–Dec) or 12
 * (years); other values count from January in steps of review_months (1..12). */
void post_review_period(struct zdate d, int review_months, struct zdate *start, struct zdate *end);
/* The period's name: "2025年", "2025年上半年", "2025年下半年", or "2025年1-3月" style. */
void post_period_label(struct zdate start, struct zdate end, char *out, size_t outsz);

/* ---- checks: NULL if acceptable, else a Chinese sentence; a sentence with numbers (a wrong
 * date: "2025年2月没有29日") is written into buf (bufsz bytes; ZB_MSG_MAX is enough) ---- */
/* A claim: the date valid, not in the future, not before the member joined; the member on the
 * roster on that date ("该党员已离开名册，不能认领岗位"); the pledge at most 200 characters. */
const char *post_check_claim(const char *claim_date, const char *member_join, const char *member_leave,
                             const char *pledge, struct zdate today, char *buf, size_t bufsz);
/* A report: date valid, not in the future, not before the claim ("汇报日期不能早于认领日期"),
 * not after stepping down; content required, at most 2,000 characters. */
const char *post_check_report(const char *date, const char *claimed, const char *ended,
                              const char *content, struct zdate today, char *buf, size_t bufsz);
/* A review of the period [start, end]: the period must not end before the claim ("评议期间早于
 * 认领岗位的日期"), must have started (not a future period), the rating a known code, the date
 * valid and not in the future. */
const char *post_check_review(struct zdate start, struct zdate end, const char *claimed,
                              const char *rating, const char *date, struct zdate today, char *buf,
                              size_t bufsz);
/* The period part of post_check_review alone, so that a period that cannot be reviewed is
 * refused when it is picked, before anything else is typed. */
const char *post_check_review_period(struct zdate start, struct zdate end, const char *claimed,
                                     struct zdate today);
/* A post definition: name required (<= 20 chars), category <= 20, duties <= 1,000, wanted 1..99,
 * active_to (if any) not before active_from. */
const char *post_check_post(const char *name, const char *category, const char *duties, int wanted,
                            const char *active_from, const char *active_to);

/* Activity on a day (date, active_from, active_to, claimed, ended: YYYY-MM-DD, "" = unset):
 * a post is active on date unless voided, before its active_from or after its active_to (both
 * days included); a holding is held from the day claimed up to, not including, the day ended. */
bool post_active_on(bool voided, const char *active_from, const char *active_to, const char *date);
bool post_held_on(const char *claimed, const char *ended, const char *date);

#endif
