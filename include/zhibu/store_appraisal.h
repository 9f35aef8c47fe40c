/* store_appraisal.h — 民主评议党员 results in the database (src/store/appraisal_db.c): one row per
 * member and appraisal meeting (table appraisal_result, people_schema.h), journaled, with
 * versions. Checks are core's (appraisal.h); refusals are Chinese sentences (store_errmsg). A
 * result is never deleted: it is changed (history keeps every value). */
#ifndef ZHIBU_STORE_APPRAISAL_H
#define ZHIBU_STORE_APPRAISAL_H

#include <stdbool.h>
#include <stdint.h>

#include "zhibu/appraisal.h"
#include "zhibu/model.h"
#include "zhibu/store.h"

/* One member expected at the meeting, with their result (id 0: not rated yet). */
struct appraisal_row {
    int64_t member_id;
    char name[TEXT_SHORT];
    bool probationary;          /* not yet a full member on the meeting's day */
    bool off_roster;            /* rated, but not on the roster that day (a row from before a
                                   correction of the roster): shown, not counted as expected */
    int64_t id;                 /* appraisal_result row, 0 = not rated */
    char result[16];            /* APPRAISAL_RESULTS code, "" = not rated */
    char follow_up[16];         /* APPRAISAL_FOLLOW_UPS code */
    char follow_up_date[11];
    char follow_up_note[PEOPLE_NOTE_BYTES + 1];
    int64_t version;            /* as read (store.h: versions); 0 when not rated */
};

/* A meeting's results: every member on the roster that day (as store_meeting_expected takes
 * them, in the roster's order), rated or not, and the counts. */
struct appraisal_sheet {
    int64_t meeting_id, branch_id;
    char date[11];
    char kind[16];
    unsigned also_mask;
    bool voided;
    bool is_appraisal;          /* kind appraisal or counting as one */
    struct appraisal_row *v;
    int n;
    struct appraisal_counts counts; /* over the members on the roster that day */
};
int store_appraisal_sheet(struct store *st, int64_t meeting_id, struct appraisal_sheet *out);
void store_appraisal_sheet_free(struct appraisal_sheet *s);

/* Set member_id's result at meeting_id (insert, or update the row). *version: the version the
 * caller read (0: not rated when read); set to the new one. Refused: not allowed to edit the
 * branch, the month locked (the meeting's month under a verdict), the checks of
 * appraisal_result_check, a row changed since it was read (STORE_ERR_CHANGED). A change away
 * from 不合格 clears the follow-up (kept in history). */
int store_appraisal_set(struct store *st, int64_t meeting_id, int64_t member_id,
                        const char *result, int64_t *version);
/* Record (or clear with follow_up "") the follow-up of a 不合格 result: appraisal_follow_up_check
 * with today; note up to PEOPLE_NOTE_BYTES. Same refusals as store_appraisal_set, and
 * STORE_ERR_NOT_FOUND when the member has no result at that meeting. */
int store_appraisal_follow_up(struct store *st, int64_t meeting_id, int64_t member_id,
                              const char *follow_up, const char *date, const char *note,
                              int64_t *version);

/* A branch's year: the appraisals held (not voided, kind or counting as one) and the results
 * at them — each member counted once, at the latest appraisal that rated them. */
struct appraisal_year {
    int meetings;
    struct appraisal_counts counts;   /* unrated: 0 (the roster side is audit_appraisal's) */
};
int store_appraisal_year(struct store *st, int64_t branch_id, int year, struct appraisal_year *out);

#endif
