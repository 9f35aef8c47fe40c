/* store_meeting.h — meeting records and plans in the database (src/store/meeting_db.c).
 * Same conventions as store.h: STORE_OK or a negative enum store_rc, store_errmsg() for the
 * Chinese sentence, every statement prepared and bound, history for every write, nothing
 * deleted (records are voided with a reason). */
#ifndef ZHIBU_STORE_MEETING_H
#define ZHIBU_STORE_MEETING_H

#include <stdbool.h>
#include <stdint.h>

#include "zhibu/meeting.h"
#include "zhibu/store.h"

/* The expected list for a meeting of `kind` in a branch on `date`, from the roster as it
 * stood that day: members who had joined (join_date <= date) and had not left before it
 * (no leave, or leave_date >= date). General and other kinds: all of them; committee: those
 * holding an office that day (the office history, office_held_on in committee_term.h); group: the group's members. Each attendee gets voting = full member on that
 * date (full_date <= date), mark "present", no reason. Ordered like the roster. The array is
 * heap (free()); *n its length. */
int store_meeting_expected(struct store *st, int64_t branch_id, enum meeting_kind kind,
                           int64_t group_id, const char *date, struct attendee **out, int *n);

/* Add a record with its attendance and resolutions in one transaction (history "insert").
 * The caller has run meeting_evaluate(); derived fields are stored as given. Sets id, uuid,
 * created_at/by. If m->plan_id is set, that plan is marked done by this record. */
int store_meeting_add(struct store *st, struct meeting *m);
/* Replace a record's fields, attendance and resolutions (history "update" with the old
 * values, attendance and resolutions included as JSON arrays). A voided record cannot be
 * updated (STORE_ERR_CONSTRAINT, "已作废的记录不能修改"). The record keeps its branch
 * (m->branch_id is not written). Attendance rows are matched by member and resolutions by
 * position: matching rows are updated in place, rows no longer listed are removed (their old
 * values stay in the history row). Changing plan_id reopens the old plan and fulfils the new.
 * Refused with STORE_ERR_CHANGED when the record changed since m was read (m->version). */
int store_meeting_update(struct store *st, struct meeting *m);
/* Load a whole record (caller frees with meeting_free). */
int store_meeting_get(struct store *st, int64_t id, struct meeting *out);
/* Void with a reason (required, else STORE_ERR_CONSTRAINT "作废须填写原因"; a voided one:
 * "该记录已作废"); history "void". A voided record fulfils no plan: its plan is open again
 * (history "reopen" on the plan); the record keeps its plan_id. */
int store_meeting_void(struct store *st, int64_t id, const char *reason);

/* A list row: what the list shows, without the long texts. */
struct meeting_row {
    int64_t id;
    char uuid[UUID_STR_LEN];
    char kind[16];
    unsigned also_mask;
    char date[11];
    char first_topic[TEXT_SHORT]; /* the first line of topics, cut at a character boundary */
    int64_t group_id;
    char group_name[TEXT_SHORT];
    int expected, present;
    int quorum;
    unsigned missing_mask;
    char created_at[24];
    bool voided;
};

struct meeting_filter {
    int64_t branch_id;       /* required */
    int kind;                /* -1 = any; else enum meeting_kind, matching kind or also-counts-as */
    const char *from;        /* "" / NULL = no bound; YYYY-MM-DD inclusive */
    const char *to;
    const char *query;       /* "" / NULL = none. 3+ characters: in topics or minutes, letters
                                of either case (as FTS5's trigram tokenizer folds them; " * AND
                                are plain text); 1–2 characters: substring scan (instr) */
    bool include_voided;     /* voided records too */
    bool only_voided;
};
int store_meeting_count(struct store *st, const struct meeting_filter *f);
/* Newest first (date desc, then start time desc, then id desc); rows offset..offset+max-1. */
int store_meeting_page(struct store *st, const struct meeting_filter *f, int offset, int max,
                       struct meeting_row *out, int *n);
/* Every row f matches, in page order (store.h: lists): for a filter that keeps it short (the
 * general meetings since a member's admission); a screen of the whole record pages instead. */
struct store_meeting_list {
    struct meeting_row *v;
    int n;
};
int store_meeting_list(struct store *st, const struct meeting_filter *f, struct store_meeting_list *out);
void store_meeting_list_free(struct store_meeting_list *l);
/* Every non-voided record of a branch dated in [from, to] as facts for the frequency rules
 * (heap array, free()). */
int store_meeting_facts(struct store *st, int64_t branch_id, const char *from, const char *to,
                        struct meeting_fact **out, int *n);

/* ---- plans ---- */
struct meeting_plan {
    int64_t id;
    char uuid[UUID_STR_LEN];
    int64_t branch_id;
    char kind[16];
    int64_t group_id;
    char date[11];
    char topic[TEXT_SHORT * 2];
    int64_t meeting_id;      /* the record that fulfilled it, 0 = still planned */
    bool voided;
    char created_at[24];
    int64_t version;         /* as read (store.h: versions) */
};
int store_plan_add(struct store *st, struct meeting_plan *p);
/* Refused with STORE_ERR_CHANGED when the plan changed since p was read (p->version). */
int store_plan_update(struct store *st, struct meeting_plan *p);
int store_plan_get(struct store *st, int64_t id, struct meeting_plan *out);
/* Reason required as for records; a fulfilled plan cannot be voided (void its record first);
 * a voided plan cannot be updated. Plan history actions: insert, update, void, fulfil, reopen. */
int store_plan_void(struct store *st, int64_t id, const char *reason);
/* Open plans (not fulfilled, not voided) of a branch dated up to and including `to`
 * ("" = all), oldest first. */
struct store_plan_list {
    struct meeting_plan *v;
    int n;
};
int store_plan_list(struct store *st, int64_t branch_id, const char *to,
                    struct store_plan_list *out);
void store_plan_list_free(struct store_plan_list *l);

/* Each record of a branch dated in [from, to] (NULL/"" = open), oldest first, loaded whole, for
 * exports; stops when fn returns non-zero. Voided ones only with include_voided. */
int store_meeting_each(struct store *st, int64_t branch_id, const char *from, const char *to,
                       bool include_voided,
                       int (*fn)(const struct meeting *m, void *ctx), void *ctx);
/* Each record of a branch not voided dated from `from` on (NULL/"" = open), in the order of
 * store_meeting_each, as its id, date, kind (code) and also_mask only (m's other fields empty;
 * no attendance, resolutions or texts read); stops when fn returns non-zero. */
int store_meeting_kinds_each(struct store *st, int64_t branch_id, const char *from,
                             int (*fn)(const struct meeting *m, void *ctx), void *ctx);

/* ---- for the demo generator only (src/store/meeting_demo.c) ----
 * Back-date when a record (with its attendance, resolutions and its "insert" history row) or a
 * plan was entered, right after adding it, so that generated history carries believable entry
 * dates (and a few late ones). created_at is "YYYY-MM-DDTHH:MM:SSZ". Nothing else may call
 * these: the entry time is the ledger's evidence. */
int store_meeting_set_created(struct store *st, int64_t id, const char *created_at);
int store_plan_set_created(struct store *st, int64_t id, const char *created_at);
/* The same for a row of issue 19's tables (candidate, candidate_step, appraisal_result,
 * committee_term, office_term, dues_remittance); another table is refused. */
int store_demo_set_created(struct store *st, const char *table, int64_t id, const char *created_at);
/* The generator's one big transaction on a new demo file, outside any transaction: a page
 * cache of `megabytes`, no rollback journal and no sync until store_demo_bulk_end (after the
 * commit), which restores the ledger's settings (WAL, synchronous FULL) and syncs the file.
 * Without a journal nothing written can be undone: a savepoint rolled back in between (a store
 * call that failed halfway) makes store_demo_bulk_end fail, and the caller removes the file.
 * Demo or test databases only (STORE_ERR_DENIED otherwise). While it lasts, a dues payment's
 * check that the months are still as the caller saw them (two PCs) is skipped: one writer.
 * The history written meanwhile goes to a temporary table first: store_demo_history_in_time_order
 * must run before the commit (store_demo_bulk_end fails otherwise). */
int store_demo_bulk_begin(struct store *st, int megabytes);
int store_demo_bulk_end(struct store *st);
/* During the bulk: the page caches of the file and of its temporary tables set to these sizes,
 * what they hold written out first (so that a smaller cache gives its memory back now). */
int store_demo_bulk_cache(struct store *st, int megabytes, int temp_megabytes);
/* During the bulk: the sums the bulk sets aside (dues_paid_year, kept by triggers in a ledger)
 * made from what was written, and kept by their triggers again from then on: before anything
 * reads them inside the bulk's transaction (a district's townships audit their months before
 * the seal). store_demo_history_in_time_order does it too; a second call does nothing. */
int store_demo_bulk_sums(struct store *st);
/* The history written by this transaction numbered again in the order of its times, before the
 * commit seals it (the demo writes back-dated records out of order). Demo or test databases
 * only (STORE_ERR_DENIED otherwise). */
int store_demo_history_in_time_order(struct store *st);

#endif
