/* model.h — the domain's plain structs and their coded values (core: pure).
 * Coded values are stored in the database as the short English codes below; the Chinese
 * labels shown to users come from labels_*() in core/labels.c, the one place to translate. */
#ifndef ZHIBU_MODEL_H
#define ZHIBU_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#define UUID_STR_LEN 37
#define NAME_MAX_CHARS 30 /* a person's name, in characters */
#define TEXT_SHORT 128    /* bytes for short text columns (names, places) */
#define TEXT_LONG 1024    /* bytes for reasons and notes held in structs */

/* One coded value: the code stored in the database and the label shown. */
struct code_label {
    const char *code;
    const char *label;
};

/* Tables of coded values; each ends with {NULL, NULL}. */
extern const struct code_label BRANCH_TYPES[];   /* rural, community, organ, institution, soe, private, social */
extern const struct code_label GENDERS[];        /* M, F */
extern const struct code_label MEMBER_STATUSES[]; /* full, probationary */
extern const struct code_label DUES_CATEGORIES[]; /* employed, retired, farmer, student, unemployed, lowincome */
extern const struct code_label OFFICES[];        /* "" (none), secretary, deputy, organization, publicity, discipline, committee */
extern const struct code_label LEAVE_STATUSES[]; /* "" (on roster), transferred, deceased, expelled, suspended */
extern const struct code_label EDUCATIONS[];
/* issue 19 (people_schema.h) */
extern const struct code_label MEMBER_CATEGORIES[]; /* "" (未填), worker 工人, farmer 农牧渔民,
                                   professional 专业技术人员, manager 企事业单位管理人员, official
                                   党政机关工作人员, student 学生, retired 离退休人员, military 解放军武警,
                                   other 其他职业人员 */
extern const struct code_label CANDIDATE_STAGES[];  /* applicant 入党申请人, activist 入党积极分子,
                                   candidate 发展对象, probationary 预备党员, stopped 已中止 */
extern const struct code_label CANDIDATE_STEPS[];   /* apply, talk, activist, observe, candidate,
                                   review, training, publicity, admit, approve, stop */
extern const struct code_label APPRAISAL_RESULTS[]; /* excellent 优秀, qualified 合格, basic 基本合格,
                                   unqualified 不合格 */
extern const struct code_label APPRAISAL_FOLLOW_UPS[]; /* "" (无), correct 限期改正, persuade
                                   劝其退党, remove 除名, other 其他处置 */
/* Text sizes of the issue 19 rows (the structs hold one byte more). */
#define PEOPLE_NOTE_BYTES 600    /* notes, 考察 notes, reasons of a stop */
#define REMIT_RECEIPT_BYTES 64   /* a remittance's receipt number */
/* The tables of the ledger (and the bundles' pseudo-table journal) as the user
 * knows them: journal messages, 审后修改, bundle reports. */
extern const struct code_label LEDGER_TABLES[];
/* What a history entry did (insert, update, void, leave, import, login ...). */
extern const struct code_label HISTORY_ACTIONS[];     /* primary, junior, senior, vocational, college, bachelor, master, doctor */

/* The label for code in table, or the code itself when unknown ("" maps to the table's "" entry
 * if any, else ""). */
const char *code_label_of(const struct code_label *table, const char *code);
/* The code whose label or code equals text, or NULL. */
const char *code_of_label(const struct code_label *table, const char *text);
/* Index of code in table, or -1. */
int code_index(const struct code_label *table, const char *code);
int code_count(const struct code_label *table);

struct branch {
    int64_t id;
    char uuid[UUID_STR_LEN];
    char code[32];        /* 组织代码 */
    char name[TEXT_SHORT];
    char type[16];        /* BRANCH_TYPES code */
    int64_t parent_id;    /* 0 = none */
    char theme_day[8];    /* fixed theme-day of the month, "" or a number as text, e.g. "15" */
    char created_at[24];
    char updated_at[24];
    int64_t version;      /* as read (store.h: versions) */
};

struct group {
    int64_t id;
    char uuid[UUID_STR_LEN];
    int64_t branch_id;
    char name[TEXT_SHORT];
    int64_t leader_id;    /* member id, 0 = none */
    char leader_name[TEXT_SHORT]; /* filled on read */
    int member_count;     /* filled on read: active members in the group */
    char start_date[11];  /* 成立日期 YYYY-MM-DD; "" on add: today */
    char end_date[11];    /* 撤销日期 (the first day it no longer stands), "" while it stands */
    bool voided;
    int64_t version;      /* as read (store.h: versions) */
};

struct member {
    int64_t id;
    char uuid[UUID_STR_LEN];
    int64_t branch_id;
    int64_t group_id;     /* 0 = none */
    char group_name[TEXT_SHORT]; /* filled on read */
    char name[TEXT_SHORT];
    char gender[4];       /* GENDERS code */
    char birth_date[11];  /* YYYY-MM-DD or "" */
    char ethnicity[32];   /* free text, e.g. 汉族 */
    char education[16];   /* EDUCATIONS code or "" */
    char phone[24];       /* digits only, or "" */
    char join_date[11];   /* 入党 date (admission as probationary) */
    char full_date[11];   /* 转正 date, "" while probationary */
    char status[16];      /* MEMBER_STATUSES code */
    char dues_category[16]; /* DUES_CATEGORIES code */
    char category[16];    /* 人员类别: MEMBER_CATEGORIES code, "" = not recorded (issue 19) */
    char office[16];      /* OFFICES code, "" = without office */
    bool mobile;          /* 流动党员 */
    char leave_status[16]; /* LEAVE_STATUSES code, "" = on the roster */
    char leave_date[11];
    char leave_reason[TEXT_LONG];
    char note[TEXT_LONG];
    char created_at[24];
    char created_by[64];
    char updated_at[24];
    int64_t version;      /* as read (store.h: versions) */
    /* filled on read (issue 14): the newest 延长预备期's new end of probation ("" if none), and
     * whether the member left by 取消预备党员资格 */
    char probation_until[11];
    bool probation_cancelled;
};

#endif
