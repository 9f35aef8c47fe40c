/* store_term.h — 换届 and the roster's office history in the database (src/store/term_db.c;
 * rules in committee_term.h). Every write is journaled (history); a secretary of the branch
 * (or an administrator) writes, reviewers read. Nothing is deleted: a term entered by mistake
 * is voided with a reason. */
#ifndef ZHIBU_STORE_TERM_H
#define ZHIBU_STORE_TERM_H

#include <stdbool.h>
#include <stdint.h>

#include "zhibu/committee_term.h"
#include "zhibu/model.h"
#include "zhibu/store.h"

struct committee_term {
    int64_t id;
    char uuid[UUID_STR_LEN];
    int64_t branch_id;
    char elected_date[11];
    int term_years;
    int64_t meeting_id;           /* the election meeting (0: none linked) */
    char note[PEOPLE_NOTE_BYTES + 1];
    bool voided;
    char void_reason[TEXT_LONG];
    int64_t version;              /* as read (store.h: versions) */
    /* filled on read */
    char end_date[11];            /* term_end */
    char meeting_label[TEXT_SHORT]; /* "2026-03-10 支部党员大会（选举）", "" */
};

struct store_term_list {
    struct committee_term *v;
    int n;
};
void store_term_list_free(struct store_term_list *l);

/* 换届: a committee elected on t->elected_date at meeting t->meeting_id (a 支部党员大会 of the
 * branch marked 选举, its quorum met, held that day: term_election_problem; meeting 0 only for an
 * election before the branch's first meeting record: held before the ledger), for t->term_years
 * (0: the config's rules->term_years). Refused also before the branch's current term. Sets id,
 * uuid, version; history "insert". */
int store_term_record(struct store *st, struct committee_term *t, const struct people_rules *rules);
/* Void a term entered by mistake, with a reason (history "void"). */
int store_term_void(struct store *st, int64_t id, const char *reason);
/* The branch's terms, newest first, the voided ones included (marked). */
int store_term_list(struct store *st, int64_t branch_id, struct store_term_list *out);
/* The branch's current term: the newest not voided; STORE_ERR_NOT_FOUND when none. */
int store_term_current(struct store *st, int64_t branch_id, struct committee_term *out);

/* The election meetings to choose from: the branch's 支部党员大会 records (kind or also) marked
 * 选举, not voided, newest first. */
struct term_meeting_choice {
    int64_t id;
    char date[11];
    int quorum;                   /* enum quorum_state */
    char label[256];              /* "2026-03-10 支部党员大会 选举支部委员会" */
};
struct store_term_meeting_list {
    struct term_meeting_choice *v;
    int n;
};
int store_term_meetings(struct store *st, int64_t branch_id, struct store_term_meeting_list *out);
void store_term_meeting_list_free(struct store_term_meeting_list *l);

/* ---- the office history ---- */
struct office_term_row {
    int64_t id;
    int64_t member_id;
    char member_name[TEXT_SHORT];
    char office[16];              /* OFFICES code */
    char from_date[11];           /* "" = since before the ledger */
    char to_date[11];             /* "" = holds it still */
    int64_t term_id;
};
struct store_office_history {
    struct office_term_row *v;
    int n;
};
void store_office_history_free(struct store_office_history *l);
/* The office history of a member (member_id not 0) or of the branch's members (member_id 0),
 * newest first (the ones still held first). */
int store_office_history(struct store *st, int64_t branch_id, int64_t member_id,
                         struct store_office_history *out);

/* The committee screen's change of an office on `day` ("YYYY-MM-DD", not in the future; NULL or
 * "": today): m's office set to `office` ("" = relieved) with the member update
 * (store_member_update: version checked, history), the office history kept in step. */
int store_member_set_office(struct store *st, struct member *m, const char *office,
                            const char *day);

/* The office member_id holds today held since `from` (instead of since before the ledger): the
 * first span of a member with an office and no history yet (the demo's committee, a secretary
 * stating when the current committee took office). Refused: no office, a history already, from
 * not a date, in the future or before the member joined. History "insert". */
int store_office_since(struct store *st, int64_t member_id, const char *from);

#endif
