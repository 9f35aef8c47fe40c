/* demo_priv.h — what the files of `zhibu demo` (demo*.c in src/cli) share: the PRNG, the
 * generation state, the standing of a branch, and the steps that make one branch. */
#ifndef ZHIBU_CLI_DEMO_PRIV_H
#define ZHIBU_CLI_DEMO_PRIV_H

#include "zhibu/cli.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "zhibu/args.h"
#include "zhibu/audit_people.h"
#include "zhibu/auth.h"
#include "zhibu/clock.h"
#include "zhibu/config.h"
#include "zhibu/date.h"
#include "zhibu/dues.h"
#include "zhibu/rules.h"
#include "zhibu/meeting.h"
#include "zhibu/model.h"
#include "zhibu/posts.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_dues.h"
#include "zhibu/store_exchange.h"
#include "zhibu/store_lifecycle.h"
#include "zhibu/store_meeting.h"
#include "zhibu/store_posts.h"
#include "zhibu/util.h"
#include "zhibu/validate.h"

#define DEMO_DEFAULT_BRANCHES 8
#define DEMO_MAX_BRANCHES 1000
#define DEMO_MAX_MEMBERS 90
#define DEMO_MAX_GROUPS 5
#define DEMO_CODE_PREFIX "110101"
#define DEMO_DEFAULT_YEARS 2
#define DEMO_MAX_YEARS 10

/* ---- the PRNG: splitmix64 (one 64-bit state, good enough for test data) ---- */

struct rng {
    uint64_t s;
};

static inline uint64_t rng_next(struct rng *r)
{
    uint64_t z = (r->s += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Uniform in [0, n) (n > 0); the modulo bias is negligible for our small n. */
static inline int rng_below(struct rng *r, int n)
{
    return (int)(rng_next(r) % (uint64_t)n);
}

/* Uniform in [lo, hi], inclusive. */
static inline int rng_range(struct rng *r, int lo, int hi)
{
    return lo + rng_below(r, hi - lo + 1);
}

static inline long rng_range_long(struct rng *r, long lo, long hi)
{
    return lo + (long)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

/* True with probability per_mille / 1000. */
static inline bool rng_chance(struct rng *r, int per_mille)
{
    return rng_below(r, 1000) < per_mille;
}

#define PICK(r, list) ((list)[rng_below((r), (int)ZB_ARRAY_LEN(list))])

/* ---- generation state ---- */

struct demo {
    struct rng rng;
    struct store *st;
    struct zdate today;
    int min_join_age;
    int probation_months;
    char (*stems)[32];   /* place-name stems used so far (unique names) */
    int nstems;
    const char *code_prefix; /* the first six digits of every branch code (DEMO_CODE_PREFIX) */
    int members;         /* on the roster */
    int left;            /* who left the roster */
    uint64_t seed;
    int years;           /* of meeting history */
    int late_entry_days;
    int election_quorum_percent;
    int term_years;      /* [committee] term_years (demo_terms.c) */
    long meetings;       /* records written (the voided duplicates included) */
    long plans;
    struct dues_rules dues_rules;
    struct people_rules people_rules; /* issue 19's numbers (audit_people.h) */
    long payments;       /* dues payments written */
    int post_report_months;
    int post_review_months;
    long holdings;       /* post claims written */
    long post_reports;
    long post_reviews;
    int standing;        /* enum demo_standing of the branch being made */
    unsigned problems;   /* its enum demo_problem set */
    char err[512];
};

/* How well a branch keeps its ledger, and the problems a reviewer should find there (issue 14;
 * demo.c plans them). */
enum demo_standing {
    STANDING_GOOD,   /* keeps the ledger: at most a rare slip (a group meeting missed, a 补记) */
    STANDING_SLIPS,  /* one or two of the specific problems below */
    STANDING_BEHIND, /* every problem below, and for longer */
};

/* The specific problems, as a bit set. */
enum demo_problem {
    DP_GROUP_LAX = 1u << 0,     /* 三会一课: one group often skips its monthly meeting */
    DP_COMMITTEE_GAP = 1u << 1, /* 三会一课: a month without a committee meeting */
    DP_THEME_MISSED = 1u << 2,  /* 主题党日: a month without the theme day */
    DP_RECORDS = 1u << 3,       /* 记录规范: 补记, a record without recorder, one short of a quorum */
    DP_PROBATION = 1u << 4,     /* 党员管理: a 预备党员 past the end of probation, undecided */
    DP_MOBILE_SILENT = 1u << 5, /* 党员管理: a mobile member not contacted for 7 months (villages) */
    DP_ARREARS = 1u << 6,       /* 党费: owing 1–2 months, one 3+ (需谈话), one 6+ (lapse) */
    DP_REPORTS = 1u << 7,       /* 设岗定责: two or three holders overdue with their report */
    DP_ALL = (1u << 8) - 1,
};

/* How often, per mille, what a branch of each standing holds is held (or done right). */
struct standing_rates {
    int committee;   /* the monthly committee meeting */
    int group;       /* each group's monthly meeting */
    int lax_group;   /* the meetings of a group with DP_GROUP_LAX */
    int general;     /* the quarterly general meeting */
    int lecture;     /* the quarterly lecture */
    int late_record; /* that a branch has one 补记 without DP_RECORDS */
    int forgot_dues; /* a member forgets a month's dues (paid with the next month) */
};

/* What the meeting generator knows about one branch. */
struct demo_branch {
    const struct branch *b;
    const char *type;
    const struct group *groups;
    int ngroups;
    const struct member *ms;
    int n;
    int64_t secretary, recorder;
    char secretary_name[TEXT_SHORT];
    int theme_day;
};

/* demo.c: one township's demo database at path (what `zhibu demo` makes; the district demo
 * makes one per township). spec: NULL fields take the defaults. 0, else -1 with the reason in
 * err (the partial file removed). */
struct demo_spec {
    const char *db;
    long nbranches, years;
    uint64_t seed;
    const char *town;         /* the township's place name stem ("红旗"); NULL: from the seed */
    const char *code_prefix;  /* six digits; NULL: DEMO_CODE_PREFIX */
    char (*stems)[32];        /* place-name stems shared with other townships (room for
                               * max_stems); NULL: its own */
    int *nstems;
    int max_stems;
    bool accounts;            /* the township's accounts (admin, shuji, shencha) */
    bool plain;               /* no showcase branches (demo.c SHOWCASE): a district's townships
                               * after the first */
    /* called in the generator's transaction before its history is put in time order (NULL:
     * nothing): the district demo's township reviews, back-dated; 0, else -1 with err */
    int (*before_seal)(struct store *st, void *ctx, char *err, size_t errsz);
    void *ctx;
};
struct demo_made {
    int members, left;
    long meetings, plans, payments, holdings, post_reports, post_reviews;
};
int demo_township_make(const struct demo_spec *sp, const struct config *cfg,
                       struct demo_made *made, char *err, size_t errsz);
/* Remove a database file (and its -wal, -shm, -journal) a failed run created; one that
 * existed empty is emptied again. */
void demo_remove_created(const char *path, bool existed_empty);
/* demo_district.c: zhibu demo --district */
int demo_district_run(const char *db, long townships, long branches, long years, uint64_t seed,
                      const struct config *cfg);
#define DEMO_DISTRICT_TOWNSHIPS 4
#define DEMO_DISTRICT_BRANCHES 16
#define DEMO_DISTRICT_YEARS 1
#define DEMO_DISTRICT_MAX_TOWNSHIPS 40

/* demo_people.c: names, dates and the people of a branch */
const char *demo_pick_surname(struct rng *r);
void demo_han_given(struct rng *r, bool female, char *out, size_t outsz);
void demo_make_person(struct rng *r, bool female, int minority_pm, struct member *m);
const char *demo_next_stem(struct demo *d);
struct zdate demo_random_date(struct rng *r, struct zdate lo, struct zdate hi);
struct zdate demo_ymd(int y, int m, int dd);
struct zdate demo_max_date(struct zdate a, struct zdate b);
const char *demo_pick_education(struct rng *r, const char *type, int birth_year);
const char *demo_pick_dues(struct rng *r, const char *type, int age);
/* 人员类别 (issue 19) derived from what the demo already drew for the member (dues category,
 * education) and the branch type: no draw of its own, so the township stays the same. */
const char *demo_member_category(const char *type, const struct member *m);
void demo_random_phone(struct rng *r, char *out, size_t outsz);
struct zdate demo_avoid_leap_day(struct zdate d, struct zdate lo);
void demo_make_dates(struct demo *d, struct member *m, const char *type, bool probationary);
void demo_committee_offices(struct rng *r, int size, const char *out[5]);
void demo_choose(struct rng *r, const bool *eligible, int n, int k, bool *chosen);
int demo_age_on(const struct member *m, struct zdate on);
int demo_fail_store(struct demo *d, const char *what);

/* demo.c: the standing of the branch being made */
bool demo_has_problem(const struct demo *d, unsigned problem);
const struct standing_rates *demo_rates_of(const struct demo *d);

/* demo_branch.c, demo_meetings.c, demo_dues.c, demo_posts.c: one branch and its records */
int demo_make_branch(struct demo *d, int index, const char *type, const char *name,
                     int64_t parent_id, bool long_names);
int demo_make_meetings(struct demo *d, const struct demo_branch *db, int index);
int demo_make_dues(struct demo *d, int index, const struct branch *b, const struct member *ms,
                   int n, int theme_day, const struct transfer *in);
int demo_make_posts(struct demo *d, int index, const struct branch *b, const struct member *ms,
                    int n, int theme_day, const char *arrived);

/* demo_pipeline.c: who holds an applicant's talk on `on` — the secretary when on the roster that
 * day, else a full member of the branch then (drawn from r), 0 when none. */
int64_t demo_talker(struct rng *r, const struct demo_branch *db, struct zdate on);

/* issue 19, after the posts (demo_branch.c), each in its own file: the 发展党员 pipeline
 * (demo_pipeline.c), 民主评议 results (demo_appraisal.c), the committee's terms and office
 * history (demo_terms.c), 党费上缴 (demo_remit.c). db: the branch with every member (the one
 * transferred in last). Each draws from its own generator seeded from d->seed and index, never
 * d->rng, so that what the demo made before issue 19 stays as it was (demo_golden.sh). 0, else
 * -1 (demo_fail_store). */
int demo_make_pipeline(struct demo *d, int index, const struct demo_branch *db);
/* demo_people.c: a row of issue 19's tables entered `after` days after `on` (not after today),
 * at 19:00 UTC, as the generator's meetings are (store_demo_set_created): so that the demo's
 * records are not all 补记. 0, else -1 (demo_fail_store). */
int demo_backdate(struct demo *d, const char *table, int64_t id, struct zdate on, int after);
int demo_make_appraisals(struct demo *d, int index, const struct demo_branch *db);
int demo_make_terms(struct demo *d, int index, const struct demo_branch *db);
int demo_make_remittances(struct demo *d, int index, const struct demo_branch *db);

#endif
