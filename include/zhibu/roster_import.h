/* roster_import.h — bringing in the roster an office already keeps in a spreadsheet (core: pure).
 * The columns are found by their Chinese headers in any order; each row becomes a member record
 * checked as the member form checks it (validate_member), matched with the branch's members
 * by name and birth date, and planned as 新增 / 更新 (which fields) / 无变化 — or a problem with
 * the row number the office sees in Excel. The store writes a plan only when it has no problem
 * (src/store/roster_import_db.c: all rows or none, in one transaction). An empty cell changes
 * nothing (an import never erases what the ledger holds). */
#ifndef ZHIBU_ROSTER_IMPORT_H
#define ZHIBU_ROSTER_IMPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "zhibu/date.h"
#include "zhibu/model.h"
#include "zhibu/table.h"

/* The roster's columns, in the template's order. RIC_DUES is 党费类别; RIC_CATEGORY is 人员类别
 * (issue 19: MEMBER_CATEGORIES, for 党内统计). Templates before issue 19 headed the dues column
 * 人员类别: a 人员类别 column whose every value is a dues label, in a file without 党费类别, is
 * read as 党费类别 (said in a note), so those files import as before. */
enum rimp_col {
    RIC_NAME, RIC_GENDER, RIC_BIRTH, RIC_ETHNICITY, RIC_EDUCATION, RIC_PHONE, RIC_JOIN,
    RIC_FULL, RIC_STATUS, RIC_GROUP, RIC_OFFICE, RIC_DUES, RIC_CATEGORY, RIC_MOBILE, RIC_NOTE,
    RIC_COUNT
};

/* A column as the template shows it: the header, whether it must be filled, what it accepts,
 * the sample row's value. */
struct rimp_column_info {
    const char *header;
    const char *required; /* "必填", "新党员必填", "" */
    const char *accepts;  /* the accepted values or forms, one sentence */
    const char *sample;
};
extern const struct rimp_column_info RIMP_COLUMNS[RIC_COUNT];

/* What a row would do. */
enum rimp_action { RIMP_NEW, RIMP_UPDATE, RIMP_SAME, RIMP_BAD };

struct rimp_row {
    int line;                 /* the row number in the file */
    enum rimp_action action;
    struct member m;          /* to write: a new record, or the stored one with the file's values
                               * (its version as read, so a change made meanwhile is refused) */
    char new_group[TEXT_SHORT]; /* a group the import makes first ("" = none) */
    char *what;               /* the line's text after "第 N 行：": "新增 张三", "更新 李四：联系电话
                               * 138… → 139…", "无变化 王五" (heap) */
};

/* One problem: a row's (line > 0) or the file's (line 0). */
struct rimp_problem {
    int line;
    char *text;               /* heap */
};

struct rimp_plan {
    struct rimp_row *rows;
    int nrows;
    struct rimp_problem *problems;
    int nproblems;
    char **notes;             /* not in the way of the import: columns left out ... (heap) */
    int nnotes;
    char **new_groups;        /* groups named in the file that the branch has not (heap) */
    int nnew_groups;
    bool create_groups;       /* as asked: the new groups are made by the import */
    int header_line;          /* the header's row number (0 when none was found) */
    int added, updated, same;
};

/* What the plan is made against. */
struct rimp_context {
    int64_t branch_id;
    const struct member *members; /* every member of the branch, those who left too */
    int nmembers;
    const struct group *groups;   /* the branch's groups (not voided) */
    int ngroups;
    struct zdate today;
    int min_join_age, probation_months; /* config: validate_member's rule numbers */
    bool create_groups;           /* make the groups the file names and the branch lacks */
};

/* Plans the import of t into out (always filled; free with rimp_plan_free). Returns the number
 * of problems (0: the plan can be written). */
int rimp_plan_make(const struct table *t, const struct rimp_context *c, struct rimp_plan *out);
void rimp_plan_free(struct rimp_plan *p);
/* The plan as the office reads it, one line each (heap, '\n' after every line): the notes, then
 * row by row what it would do or what is wrong ("第 5 行：姓名为空"), then the totals
 * ("共 300 行：新增 298，更新 1，无变化 1；问题 0 处") and, when the file names groups the branch
 * lacks, which ones and create_hint (how to have them made: "加 --create-groups 在导入时新建"). */
char *rimp_plan_report(const struct rimp_plan *p, const char *create_hint);

/* The column a header names (blanks, a trailing * and "（必填）" ignored; a few other names
 * offices use, e.g. 出生年月, 手机号码, 文化程度), or -1. */
int rimp_column_of_header(const char *header);

#endif
