/* store_lifecycle.h — members over time in the database (src/store/lifecycle_db.c): 转正 with the
 * approving meeting, mobile members with their contact log, transfers out and in. Every change
 * goes through the member's history. */
#ifndef ZHIBU_STORE_LIFECYCLE_H
#define ZHIBU_STORE_LIFECYCLE_H

#include <stdbool.h>
#include <stdint.h>

#include "zhibu/lifecycle.h"
#include "zhibu/store.h"

/* 转正: status full, full_date = date, the approving meeting (0 = not recorded). Refused for a
 * member who is not a probationary member on the roster, a date before the end of probation
 * (probation_full_date_check: join + months, or the extension's end), a meeting of another
 * branch, voided, not a 支部党员大会 or held before the end of probation
 * (probation_meeting_check). rules: config [members] (NULL: 12 months, 6..12, once). */
int store_member_make_full(struct store *st, int64_t member_id, const char *date,
                           int64_t meeting_id, const struct probation_rules *rules);

/* 延长预备期 / 取消预备党员资格 (issue 14), decided by a 支部党员大会. */
struct probation_decision {
    int64_t id;
    int64_t member_id;
    char kind[8];                  /* "extend" / "cancel" (set by the store) */
    char date[11];                 /* decided on: the meeting's date (set by the store) */
    int64_t meeting_id;
    char until[11];                /* extend: the new end of probation (set by the store) */
    char reason[256];
};
/* 延长预备期 by `months` (rules: extend_min..max_months, at most extend_times), decided by the
 * 支部党员大会 d->meeting_id held on or after the end of probation; d->reason required. Sets id,
 * kind, date and until (the end of probation + months). Nothing of the member row changes: the
 * roster reads the new end (member.probation_until). */
int store_probation_extend(struct store *st, struct probation_decision *d, int months,
                           const struct probation_rules *rules);
/* 取消预备党员资格, decided by the 支部党员大会 d->meeting_id (not before admission); d->reason
 * required. The member leaves the roster on the meeting's date (leave_status expelled — 出党 —,
 * leave_reason "取消预备党员资格：REASON", history action "disqualify"), office and posts end. */
int store_probation_cancel(struct store *st, struct probation_decision *d,
                           const struct probation_rules *rules);
/* A member's decisions, oldest first. */
struct store_probation_decision_list {
    struct probation_decision *v;
    int n;
};
int store_probation_decision_list(struct store *st, int64_t member_id,
                                  struct store_probation_decision_list *out);
void store_probation_decision_list_free(struct store_probation_decision_list *l);
/* The meeting that approved a member's 转正 (0 if none). */
int64_t store_member_full_meeting(struct store *st, int64_t member_id);

struct mobile_info {
    int64_t member_id;
    char destination[TEXT_SHORT];  /* 外出地点 */
    char since[11];                /* 外出日期 */
    char card_no[32];              /* 《流动党员活动证》编号 */
    char contact_person[TEXT_SHORT];
    char contact_phone[24];
    char last_contact[11];         /* filled on read: the newest contact's date, "" if none */
    int64_t version;               /* as read (store.h: versions); 0: there were no details */
};
/* Set (insert or replace) a member's mobile details; marks member.mobile = 1. Refused with
 * STORE_ERR_CHANGED when the details changed (or were entered) since mi was read. */
int store_mobile_set(struct store *st, struct mobile_info *mi);
int store_mobile_get(struct store *st, int64_t member_id, struct mobile_info *out); /* NOT_FOUND if none */
/* The member is back: member.mobile = 0; the details and the log stay. */
int store_mobile_end(struct store *st, int64_t member_id, const char *date);
/* Mobile members of a branch (on the roster, mobile = 1) with their details. */
struct store_mobile_list {
    struct mobile_info *v;
    int n;
};
int store_mobile_list(struct store *st, int64_t branch_id, struct store_mobile_list *out);
void store_mobile_list_free(struct store_mobile_list *l);

struct mobile_contact {
    int64_t id;
    int64_t member_id;
    char date[11];
    char way[16];                  /* 电话 微信 走访 来信 其他 */
    char note[256];
};
int store_mobile_contact_add(struct store *st, struct mobile_contact *c);
/* A member's contacts, newest first. */
struct store_mobile_contact_list {
    struct mobile_contact *v;
    int n;
};
int store_mobile_contact_list(struct store *st, int64_t member_id,
                              struct store_mobile_contact_list *out);
void store_mobile_contact_list_free(struct store_mobile_contact_list *l);

struct transfer {
    int64_t id;
    char uuid[UUID_STR_LEN];
    int64_t member_id;
    char direction[4];             /* "out" / "in" */
    char date[11];
    char place[TEXT_SHORT];        /* to where (out) / from where (in) */
    char letter_no[32];            /* 介绍信编号 */
    char dues_paid_through[8];     /* YYYY-MM (out: what the letter states; in: as received) */
    char note[256];
};
/* Transfer out: records it and takes the member off the roster (leave_status transferred,
 * leave_date = date, leave_reason "转往 PLACE（介绍信 NO）") in one transaction. */
int store_transfer_out(struct store *st, struct transfer *t);
/* Transfer in: adds the member (as given, in the branch) and the transfer record together. */
int store_transfer_in(struct store *st, struct member *m, struct transfer *t);
/* A member's transfers, newest first. */
struct store_transfer_list {
    struct transfer *v;
    int n;
};
int store_transfer_list(struct store *st, int64_t member_id, struct store_transfer_list *out);
void store_transfer_list_free(struct store_transfer_list *l);

#endif
