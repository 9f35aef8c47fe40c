/* appraisal.h — 民主评议党员 results (core: pure): the checks of one member's result at an
 * appraisal meeting, the counts of a meeting's (or a year's) results, and — in audit_people.h,
 * section appraisal — what the December review asks (the year's appraisal held, every member
 * on the roster rated). The store (store_appraisal.h) calls these before it writes. */
#ifndef ZHIBU_APPRAISAL_H
#define ZHIBU_APPRAISAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zhibu/date.h"

/* The results, in APPRAISAL_RESULTS order (model.h): 优秀 合格 基本合格 不合格. */
enum appraisal_grade { AG_EXCELLENT = 0, AG_QUALIFIED, AG_BASIC, AG_UNQUALIFIED, AG_COUNT };
/* The grade of a result code, -1 when it is none of the four (the empty code included). */
int appraisal_grade_of(const char *code);

/* Whether a record of kind (MEETING_KINDS code) with also_mask is an appraisal (民主评议党员
 * as its kind or counting as one). */
bool appraisal_meeting_kind(const char *kind, unsigned also_mask);

/* The meeting a result is recorded at, as the store read it. */
struct appraisal_meeting {
    int64_t branch_id;
    const char *kind;          /* MEETING_KINDS code */
    unsigned also_mask;
    const char *date;          /* YYYY-MM-DD */
    bool voided;
};
/* The member rated, as the roster holds them. */
struct appraisal_member {
    int64_t branch_id;
    const char *join_date;     /* "" unknown: counts as joined (as the expected lists take it) */
    bool left;                 /* has left the roster (leave_status set) */
    const char *leave_date;    /* the day they left ("" unknown: counts as before any meeting) */
    const char *arrived;       /* transferred in on (the newest transfer in), "" or NULL: none */
};

/* NULL when member may be rated at meeting, else the sentence why not: a voided record, a
 * record that is not an appraisal, another branch's record, a member not on the roster on the
 * meeting's day (not yet joined, transferred in after it, or left before it), a result that is
 * not one of the four. */
const char *appraisal_result_check(const struct appraisal_meeting *m,
                                   const struct appraisal_member *who, const char *result);

/* NULL when the follow-up may be recorded, else why not. follow_up "" clears it (date and note
 * must then be empty). Otherwise: only for a 不合格 result, a code of APPRAISAL_FOLLOW_UPS, a valid
 * date not before the meeting and not after today. */
const char *appraisal_follow_up_check(const char *result, const char *meeting_date,
                                      const char *follow_up, const char *date, struct zdate today);

/* A 不合格 result without a follow-up recorded (待处置: listed as pending). */
bool appraisal_pending(const char *result, const char *follow_up);

/* One member's line of a meeting's results: result "" = not rated. */
struct appraisal_entry {
    const char *result;
    const char *follow_up;
};
struct appraisal_counts {
    int by[AG_COUNT];          /* 优秀 合格 基本合格 不合格 */
    int rated, unrated;        /* rated + unrated = the members counted */
    int pending;               /* 不合格 without a follow-up */
};
void appraisal_count(const struct appraisal_entry *v, int n, struct appraisal_counts *out);
/* "优秀 3  合格 20  基本合格 1  不合格 1  未评 2" (未评 only when some are not rated; 待处置 N
 * when some 不合格 lack a follow-up). */
void appraisal_counts_text(const struct appraisal_counts *c, char *out, size_t outsz);

/* The December review's list of members not rated: names in order, "、" between them; when out
 * is too small the list ends with "等" after the last name that fits (never a cut name):
 *   "本年度民主评议未评定等次的党员2名：张三、李四"
 *   "本年度民主评议尚有2名党员未评定等次（年末前待定）：张三、李四" (open) */
void appraisal_unrated_text(const char *const *names, int n, bool open, const char *note,
                            char *out, size_t outsz);

/* ---- the year (the December review and the yearly summary) ---- */
struct audit_input;
/* Records of the year (in->year) in in->meetings that are appraisals, not voided; *last (may
 * be NULL) the newest one's date ({0} when none). */
int appraisal_year_held(const struct audit_input *in, struct zdate *last);
/* The members not rated: on the roster at the year's end as the yearly rules take them
 * (audit_year_people: not those who came in December), on it by the day of the year's last
 * appraisal, without a result at an appraisal of the year (in->people->appraisal.rated).
 * Their indexes into in->members go to idx (room for in->nmembers), in that order; returns how
 * many, or -1 when no appraisal was held in the year (or in->people is NULL). */
int appraisal_unrated(const struct audit_input *in, int *idx);

#endif
