/* config.h — every setting and rule number, read once from zhibu.ini (config.c is the only
 * file that includes iniparser.h). Lookup: --config, $ZHIBU_CONFIG, ./config/zhibu.ini,
 * /etc/zhibu/zhibu.ini; a missing file means defaults. Amounts are in 分, rates in
 * basis points (1/10000: 0.5% = 50). */
#ifndef ZHIBU_CONFIG_H
#define ZHIBU_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "zhibu/rules.h"

#define CONFIG_PATH_MAX 4096
#define CONFIG_MAX_BYTES (1024 * 1024) /* a larger file is refused (it is not a zhibu.ini) */

struct config {
    char source[CONFIG_PATH_MAX]; /* file read, "" when defaults only */

    /* [database] */
    char db_path[CONFIG_PATH_MAX];     /* path = "" (none: --db names the ledger; relative: to the
                                          current directory) */

    /* [backup] (the old [database] backup_dir / backup_keep are read as these, with a warning) */
    char backup_dir[CONFIG_PATH_MAX];  /* dir = "": where backups go (a USB stick's mount point);
                                          "" = no automatic backup on quitting the interface */
    int backup_keep;                   /* keep = 10: this office's newest backups kept there */

    /* [meetings] frequencies: how many per period */
    int general_per_quarter;     /* general_per_quarter = 1 */
    int committee_per_month;     /* committee_per_month = 1 */
    int group_per_month;         /* group_per_month = 1 */
    int lecture_per_quarter;     /* lecture_per_quarter = 1 */
    int secretary_lectures_per_year; /* secretary_lectures_per_year = 1 */
    int theme_day_per_month;     /* theme_day_per_month = 1 */
    int life_meeting_per_year;   /* life_meeting_per_year = 1 */
    int appraisal_per_year;      /* appraisal_per_year = 1 */
    int talk_per_year;           /* talk_per_year = 1 (per member) */
    int late_entry_days;         /* late_entry_days = 7 */
    int plan_lookahead_days;     /* plan_lookahead_days = 7 */
    int election_quorum_percent; /* election_quorum_percent = 80 */

    /* [dues] */
    long employed_bound1;        /* employed_bound1 = 300000 (3000 元) */
    long employed_bound2;        /* employed_bound2 = 500000 */
    long employed_bound3;        /* employed_bound3 = 1000000 */
    int employed_rate1;          /* 50 = 0.5% */
    int employed_rate2;          /* 100 */
    int employed_rate3;          /* 150 */
    int employed_rate4;          /* 200 */
    long retired_bound1;         /* retired_bound1 = 500000 */
    int retired_rate1;           /* 50 */
    int retired_rate2;           /* 100 */
    int farmer_amount;           /* farmer_amount = 50 (分) */
    int flat_amount;             /* flat_amount = 20 (学生, 下岗失业, 低保) */
    int arrears_talk_months;     /* arrears_talk_months = 3 */
    int arrears_lapse_months;    /* arrears_lapse_months = 6 */

    /* [members] */
    int probation_months;        /* probation_months = 12 */
    int probation_remind_days;   /* probation_remind_days = 30 */
    int mobile_contact_months;   /* mobile_contact_months = 6 */
    int mobile_transfer_months;  /* mobile_transfer_months = 6 */
    int min_join_age;            /* min_join_age = 18 */
    int probation_extend_min_months; /* probation_extend_min_months = 6 (延长预备期) */
    int probation_extend_max_months; /* probation_extend_max_months = 12 */
    int probation_extend_times;  /* probation_extend_times = 1 */

    /* [pipeline] 发展党员 (issue 19) */
    int talk_within_days;        /* talk_within_days = 30 */
    int observe_months;          /* observe_months = 3 */
    int activist_min_months;     /* activist_min_months = 12 */
    int approve_within_months;   /* approve_within_months = 3 */
    int contacts_required;       /* contacts_required = 2 */

    /* [committee] 换届 (issue 19) */
    int term_years;              /* term_years = 3 (3..5) */
    int term_remind_months1;     /* term_remind_months1 = 6 */
    int term_remind_months2;     /* term_remind_months2 = 3 */

    /* [dues] 党费上缴 (issue 19) */
    int remit_interval_months;   /* remit_interval_months = 3 (1..12) */

    /* [posts] */
    int post_report_months;      /* post_report_months = 3 */
    int post_review_months;      /* post_review_months = 12 */

    /* [audit] weights (deductions out of 100) */
    int weight_meetings;         /* weight_meetings = 30 */
    int weight_theme_day;        /* weight_theme_day = 15 */
    int weight_records;          /* weight_records = 15 */
    int weight_members;          /* weight_members = 15 */
    int weight_dues;             /* weight_dues = 15 */
    int weight_posts;            /* weight_posts = 10 */
    int pass_score;              /* pass_score = 80 */
    int post_coverage_percent;   /* post_coverage_percent = 80 */
    int rectify_days;            /* rectify_days = 30: deadline first offered for an order */
    int circular_behind_months;  /* circular_behind_months = 2: 通报 names branches not 合格 this
                                    many consecutive months */
    int circular_trend_months;   /* circular_trend_months = 12: months of the 通报's trend */

    /* [accounts] */
    int lockout_attempts;        /* lockout_attempts = 5 */
    int lockout_minutes;         /* lockout_minutes = 5 */

    /* [exchange] limits on a bundle imported from another office (store_exchange.h) */
    int max_bundle_mb;           /* max_bundle_mb = 128: the bundle file's size */
    int max_rows;                /* max_rows = 300000: rows in a bundle, all tables together */
    int max_members;             /* max_members = 20000: members of the branch in a bundle */
    int clock_skew_days;         /* clock_skew_days = 1: how far past today an imported date
                                    may lie (the sending office's clock may run ahead) */

    /* the rule numbers above as the program uses them (rules.h), built by rules_from_config()
     * once, at the end of config_defaults() and config_load(): read these, not the keys */
    struct rules rules;
};

/* Fill every field with its default (rules included). */
void config_defaults(struct config *cfg);
/* Find and read the config. explicit_path is --config (may be NULL). On a malformed file,
 * writes "配置文件 PATH 第 N 行: ..." into err and returns 2; an explicit file that does not
 * exist also returns 2. Unknown keys and out-of-range values are warned about on stderr
 * (the default is kept for a bad value). Returns 0 on success. The accepted range of each key
 * is listed at the top of config.c and in the shipped config/zhibu.ini. */
int config_load(const char *explicit_path, struct config *cfg, char *err, size_t errsz);

/* Where config_load looks when no --config is given, for messages:
 * "$ZHIBU_CONFIG、./config/zhibu.ini、/etc/zhibu/zhibu.ini". */
const char *config_places(void);

#endif
