/* stats.h — 党内统计: the yearly tables a branch reports, counted from the members' facts
 * (core: pure). The figures of a year are those of the roster as of its last day (December 31),
 * or of today for the current year (stats_as_of): who is on the roster that day, by 党籍, sex,
 * ethnicity (汉族 / 少数民族, and which), age band, education, 人员类别, mobile; who was admitted
 * (入党 date) and who left the roster (by way) between January 1 and that day. Per branch, and a
 * total for every branch in scope.
 *
 * The age bands are those of the 党内统计年报 (中央组织部): 30岁及以下, 31至35岁, 36至40岁, 41至45岁,
 * 46至50岁, 51至55岁, 56至60岁, 61至70岁, 71岁及以上, by whole years of age on the day; a member
 * without a birth date counts as 未填. Leaving on day D: off the roster as of D (a member who left
 * on January 1 is counted as left in that year and not on its roster; on the roster of the year
 * before). Leaving by way: 转出, 去世, 出党, 停止党籍, 取消预备党员资格 (the roster keeps the last as
 * 出党 with its decision: counted on its own line, not as 出党). */
#ifndef ZHIBU_STATS_H
#define ZHIBU_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "zhibu/date.h"

/* One member's facts, as stats_db.c reads them for a year. */
struct stats_member {
    int64_t branch_id;
    char gender[4];        /* GENDERS code */
    char birth_date[11];   /* "" = not recorded */
    char ethnicity[32];    /* free text: 汉族 (or 汉) is 汉族, "" 未填, anything else 少数民族 */
    char education[16];    /* EDUCATIONS code or "" */
    char category[16];     /* MEMBER_CATEGORIES code or "" */
    char join_date[11];
    char full_date[11];    /* 转正: probationary on a day before it (or without it) */
    char leave_status[16]; /* LEAVE_STATUSES code, "" = on the roster */
    char leave_date[11];
    bool mobile;           /* 流动党员 on the day (stats_db.c) */
    bool cancelled;        /* left by 取消预备党员资格 (stored as expelled with the decision):
                            * counted apart from 出党 */
};

enum stats_section {
    SS_BASIC,     /* 基本情况 */
    SS_ETHNICITY, /* 民族 */
    SS_AGE,       /* 年龄 */
    SS_EDUCATION, /* 学历 */
    SS_CATEGORY,  /* 人员类别 */
    SS_CHANGE,    /* 发展和减少 */
    SS_COUNT
};
extern const char *const STATS_SECTIONS[SS_COUNT]; /* the sections' Chinese titles */

/* Every figure, in the order the tables show them. */
enum stats_item {
    ST_TOTAL, ST_FULL, ST_PROBATIONARY, ST_MALE, ST_FEMALE, ST_MOBILE,
    ST_HAN, ST_MINORITY, ST_ETHNICITY_UNKNOWN,
    ST_AGE_30, ST_AGE_31_35, ST_AGE_36_40, ST_AGE_41_45, ST_AGE_46_50, ST_AGE_51_55,
    ST_AGE_56_60, ST_AGE_61_70, ST_AGE_71, ST_AGE_UNKNOWN,
    ST_EDU_PRIMARY, ST_EDU_JUNIOR, ST_EDU_SENIOR, ST_EDU_VOCATIONAL, ST_EDU_COLLEGE,
    ST_EDU_BACHELOR, ST_EDU_MASTER, ST_EDU_DOCTOR, ST_EDU_UNKNOWN,
    ST_CAT_WORKER, ST_CAT_FARMER, ST_CAT_PROFESSIONAL, ST_CAT_MANAGER, ST_CAT_OFFICIAL,
    ST_CAT_STUDENT, ST_CAT_RETIRED, ST_CAT_MILITARY, ST_CAT_OTHER, ST_CAT_UNKNOWN,
    ST_ADMITTED, ST_LEFT, ST_LEFT_TRANSFERRED, ST_LEFT_DECEASED, ST_LEFT_EXPELLED,
    ST_LEFT_SUSPENDED, ST_LEFT_CANCELLED,
    ST_COUNT
};

struct stats_item_info {
    enum stats_section section;
    const char *key;   /* stable code for CSV and JSON: total, male, age_31_35, edu_master,
                        * cat_farmer, left_deceased ... */
    const char *label; /* 党员总数, 女, 31至35岁 ... */
};
extern const struct stats_item_info STATS_ITEMS[ST_COUNT];

/* A minority and how many members of it. */
struct stats_ethnic {
    char name[32];
    int n;
};

/* One column of figures: a branch's, or the total's. */
struct stats_counts {
    int n[ST_COUNT];
    struct stats_ethnic *minorities; /* heap, by count (most first) then name */
    int nminorities;
};

struct stats_table {
    int year;
    struct zdate as_of;
    int nbranches;
    struct stats_counts *branch;     /* one per branch asked for, in that order (heap) */
    struct stats_counts total;       /* every branch asked for */
};

/* The day a year's figures are taken: December 31, or today during that year. The year must
 * not be after today's (stats_year_ok). */
struct zdate stats_as_of(int year, struct zdate today);
/* Whether figures can be made for year: a ledger year not after today's. */
bool stats_year_ok(int year, struct zdate today);
/* The figures of year as of as_of for the branches (ids, in the order wanted) from the members'
 * facts (any order; members of other branches are left out). Free with stats_free. */
void stats_make(const struct stats_member *members, int nmembers, const int64_t *branch_ids,
                int nbranches, int year, struct zdate as_of, struct stats_table *out);
void stats_free(struct stats_table *t);
/* The age band item (ST_AGE_30 .. ST_AGE_71) for an age in whole years. */
enum stats_item stats_age_band(int age);

#endif
