/* store_audit.h — the monthly review in the database (src/store/audit_db.c): the facts the engine
 * judges, loaded for every branch in a few bulk queries; verdicts; rectification orders and their
 * states; months handed in with a snapshot. History for every write; nothing deleted. */
#ifndef ZHIBU_STORE_AUDIT_H
#define ZHIBU_STORE_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "zhibu/audit.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"

/* Months of dues history loaded for the review (the month and the ones before it): a member's
 * start_ym is at least the first of them, so that older months count neither as paid nor as
 * owed. A year holds a run of arrears_lapse_months and arrears_talk_months owed; arrears older
 * than that were listed by the reviews of their own months (the dues screens keep the whole
 * history). Loading 24 months would cost the district demo ~25 ms more (465,000 rows instead of
 * 260,000), half the audit's budget. */
#define AUDIT_DUES_WINDOW 12

/* Load the facts of `month` for one branch (branch_id) or for every branch that has no
 * branches under it (branch_id 0: the villages, not the township committee) and call fn once
 * per branch, in code order, with an input (in->today = today) that lives only during the call.
 * Dues facts carry start_ym and the allocations of the AUDIT_DUES_WINDOW months up to month end
 * (enough for the arrears rules). The loading is a few bulk queries for all branches, not queries per
 * branch. Stops when fn returns non-zero. */
int store_audit_each(struct store *st, int64_t branch_id, struct zmonth month, struct zdate today,
                     int (*fn)(const struct audit_input *in, const struct branch *b, void *ctx),
                     void *ctx);
/* The same load, but fn is called once with every branch's input: ins[i] for bs[i], n of them
 * in code order, all valid during the call (for a caller that judges the branches on several
 * threads; fn must not use the store from other threads). */
int store_audit_all(struct store *st, int64_t branch_id, struct zmonth month, struct zdate today,
                    int (*fn)(const struct audit_input *ins, const struct branch *bs, int n, void *ctx),
                    void *ctx);

/* store_audit_all of every branch for two months, one after the other (the township table:
 * the month and the previous month's score), each as store_audit_all would load it, the
 * members' dues bases (which do not depend on the month) read once. fn2 is not called when fn1
 * returns non-zero. On a failure *failed is the load that failed (1 or 2). */
int store_audit_all_pair(struct store *st, struct zmonth first, struct zmonth second, struct zdate today,
                         int (*fn1)(const struct audit_input *ins, const struct branch *bs, int n, void *ctx),
                         int (*fn2)(const struct audit_input *ins, const struct branch *bs, int n, void *ctx),
                         void *ctx, int *failed);

/* ---- verdicts ---- */
struct verdict {
    int64_t id;
    int64_t branch_id;
    char month[8];            /* YYYY-MM */
    char item[16];            /* AUDIT_ITEMS code, or "overall" */
    char verdict[12];         /* VERDICTS code */
    char comment[600];
    char deadline[11];        /* for rectify: the rectification deadline */
    char reviewer[64];
    char updated_at[24];
    /* store_verdict_set only (store_verdict_list leaves it NULL): the engine's result the
     * reviewer judged (audit_engine_json), kept with the verdict; NULL keeps the one kept
     * before (none: "{}"). Read back with store_verdict_engine. */
    const char *engine_json;
};
/* Set (insert or replace, history keeps the old one) a verdict. For "rectify" and "fail" a
 * deadline is required ("需整改须填写整改期限" / "不合格须填写整改期限") and an open
 * rectification order for that item is created (or its deadline/comment updated), with the
 * problem it is given for: the failing reasons of the item (every failing reason, with its
 * item's label, for "overall") in engine_json; when engine_json is NULL an existing order keeps
 * its problem. engine_json that is not a JSON object is refused ("审查结果格式无效"). */
int store_verdict_set(struct store *st, struct verdict *v);
/* The engine's result kept with the verdict of (branch, month, item) (heap, "{}" when none was
 * kept); STORE_ERR_NOT_FOUND when there is no such verdict. A month that is not zmonth_valid is
 * refused here and by every month-taking function below (STORE_ERR_CONSTRAINT,
 * "月份格式应为 YYYY-MM"). */
int store_verdict_engine(struct store *st, int64_t branch_id, struct zmonth month, const char *item,
                         char **json_out);
/* The verdicts of a branch and month (item order, overall last). */
struct store_verdict_list {
    struct verdict *v;
    int n;
};
int store_verdict_list(struct store *st, int64_t branch_id, struct zmonth month,
                       struct store_verdict_list *out);
void store_verdict_list_free(struct store_verdict_list *l);

/* ---- rectification ---- */
struct rectification {
    int64_t id;
    char uuid[UUID_STR_LEN];
    int64_t branch_id;
    char branch_name[TEXT_SHORT]; /* filled on read */
    char month[8];
    char item[16];
    char order_text[600];     /* what must be put right (the verdict's comment) */
    char deadline[11];
    char status[12];          /* RECTIFY_STATES code: open, done, confirmed */
    char done_note[600];
    char done_at[24], done_by[64];
    char confirmed_at[24], confirmed_by[64];
    char return_note[600];    /* the reviewer's note when sending it back */
    char problem[2048];       /* the problem it was given for ("\n" between reasons; "" when
                               * the verdict kept no engine result) */
};
/* Orders of a branch (branch_id 0 = all) and month (NULL = every month), optionally only not
 * confirmed; newest month first. */
struct store_rectification_list {
    struct rectification *v;
    int n;
};
int store_rectification_list(struct store *st, int64_t branch_id, const struct zmonth *month,
                             bool open_only,
                             struct store_rectification_list *out);
void store_rectification_list_free(struct store_rectification_list *l);
/* The branch says it is done (note required) — open → done. */
int store_rectification_done(struct store *st, int64_t id, const char *note);
/* The reviewer confirms (done → confirmed) or sends it back with a note (done → open). */
int store_rectification_confirm(struct store *st, int64_t id);
int store_rectification_return(struct store *st, int64_t id, const char *note);

/* ---- 审后修改 with what changed ---- */
/* The journal entry an amend points at: the first entry of its row after history_after (the
 * change itself), into *out (old_json / new_json heap: store_history_free(out, 1)).
 * STORE_ERR_NOT_FOUND when the journal holds none (e.g. an amend imported without it). */
int store_amend_change(struct store *st, const struct amend *a, struct history_entry *out);

/* ---- handing the month in (提交月报) ---- */
struct handin {
    int64_t id;
    int64_t branch_id;
    char month[8];
    char handed_at[24];
    char handed_by[64];
    char *snapshot_json;      /* heap: {"score":..,"states":{"meetings":"pass",..},"reasons":[..]} */
    char *notes_json;         /* heap: {"dues":"note for a failed item", ...} */
};
/* Hand a month in (once per branch and month: a second time is refused, "该月已提交"). */
int store_handin_add(struct store *st, struct handin *h);
/* The hand-in of a branch and month: STORE_ERR_NOT_FOUND if none. Free with store_handin_free. */
int store_handin_get(struct store *st, int64_t branch_id, struct zmonth month, struct handin *out);
void store_handin_free(struct handin *h);

/* ---- the township table (月审): every branch's review facts of a month at once ---- */
struct review_facts {
    int64_t branch_id;
    char verdict[12];         /* the overall verdict (VERDICTS code), "" = not reviewed */
    char handed[11];          /* the hand-in's date (YYYY-MM-DD), "" = not handed in */
    int open_orders;          /* rectification orders of the month 整改中 (open) */
    int done_orders;          /* reported done, awaiting the reviewer (done) */
    int amends;               /* 审后修改 (amend requests) of the month */
};
/* Every branch's facts of the month, in branch id order: what store_verdict_list,
 * store_rectification_list, store_handin_get and store_amend_list of each branch and month
 * give the table, in one statement (each an index look-up a branch). */
struct store_review_facts {
    struct review_facts *v;
    int n;
};
int store_review_facts(struct store *st, struct zmonth month, struct store_review_facts *out);
/* The facts of branch_id in l (NULL: none). */
const struct review_facts *store_review_facts_find(const struct store_review_facts *l, int64_t branch_id);
void store_review_facts_free(struct store_review_facts *l);

#endif
