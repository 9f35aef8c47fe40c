/* Unit tests of the monthly review's records (src/store/audit_jobs.c): the fields only the
 * month's records are judged by (quorum, missing elements, entry time) are read for those by a
 * statement of their own — given for every record dated in the month, by a load of every
 * branch, of one branch, and by the second month of a pair (whose meetings come from the first
 * month's load), and 0 / "" on the year's earlier records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "test.h"
#include "zhibu/audit.h"
#include "zhibu/dues.h"
#include "zhibu/store.h"
#include "zhibu/store_audit.h"
#include "zhibu/store_meeting.h"

#define REC_B 3
#define REC_M 8
struct rec_seen {
    int n;
    struct {
        int64_t id;
        int nm;
        struct {
            int64_t id;
            int quorum;
            unsigned missing;
            char created[24];
        } m[REC_M];
    } b[REC_B];
};

static void rec_copy(struct rec_seen *p, const struct audit_input *ins, const struct branch *bs, int n)
{
    memset(p, 0, sizeof *p);
    for (int i = 0; i < n && i < REC_B; i++) {
        p->b[i].id = bs[i].id;
        for (int k = 0; k < ins[i].nmeetings && k < REC_M; k++) {
            const struct audit_meeting *m = &ins[i].meetings[k];
            p->b[i].m[k].id = m->id;
            p->b[i].m[k].quorum = m->quorum;
            p->b[i].m[k].missing = m->missing_mask;
            snprintf(p->b[i].m[k].created, sizeof p->b[i].m[k].created, "%s", m->created_at);
            p->b[i].nm++;
        }
        p->n++;
    }
}

static int rec_all(const struct audit_input *ins, const struct branch *bs, int n, void *ctx)
{
    rec_copy(ctx, ins, bs, n);
    return 0;
}

struct rec_pair {
    struct rec_seen first, second;
};
static int rec_first(const struct audit_input *ins, const struct branch *bs, int n, void *ctx)
{
    rec_copy(&((struct rec_pair *)ctx)->first, ins, bs, n);
    return 0;
}
static int rec_second(const struct audit_input *ins, const struct branch *bs, int n, void *ctx)
{
    rec_copy(&((struct rec_pair *)ctx)->second, ins, bs, n);
    return 0;
}
static int rec_one(const struct audit_input *in, const struct branch *b, void *ctx)
{
    rec_copy(ctx, in, b, 1);
    return 0;
}

/* The record id's fields in what a load gave (-1 quorum: not there). */
static void rec_find(const struct rec_seen *p, int64_t id, int *quorum, unsigned *missing, const char **created)
{
    *quorum = -1;
    *missing = 0;
    *created = "";
    for (int i = 0; i < p->n; i++)
        for (int k = 0; k < p->b[i].nm; k++)
            if (p->b[i].m[k].id == id) {
                *quorum = p->b[i].m[k].quorum;
                *missing = p->b[i].m[k].missing;
                *created = p->b[i].m[k].created;
            }
}

#define CHECK_REC(seen, id, q, miss, at)                                                       \
    do {                                                                                       \
        int q_;                                                                                \
        unsigned m_;                                                                           \
        const char *c_;                                                                        \
        rec_find(&(seen), (id), &q_, &m_, &c_);                                                \
        CHECK_INT(q_, (q));                                                                    \
        CHECK_INT((int)m_, (miss));                                                            \
        CHECK_STR(c_, (at));                                                                   \
    } while (0)

TEST(audit_month_records_fields_of_the_month_only)
{
    char *path = test_db_path("records.db");
    struct store *st = test_open_db(path, "审核员丙");
    if (!st) {
        free(path);
        return;
    }
    int64_t a = fx_branch(st, "R1", "R1党支部", 0);
    int64_t b = fx_branch(st, "R2", "R2党支部", 0);
    int64_t a_mar = test_add_meeting(st, a, "committee", "2024-03-05");
    int64_t a_sep = test_add_meeting(st, a, "committee", "2024-09-30");
    int64_t a_oct = test_add_meeting(st, a, "general", "2024-10-01");
    int64_t a_oct2 = test_add_meeting(st, a, "committee", "2024-10-01"); /* the same day */
    int64_t b_sep = test_add_meeting(st, b, "committee", "2024-09-01");
    int64_t b_oct = test_add_meeting(st, b, "committee", "2024-10-31");
    store_close(st);

    /* each record's own fields, as a form or a bundle would have left them */
    char sql[512];
    const int64_t ids[] = {a_mar, a_sep, a_oct, a_oct2, b_sep, b_oct};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        snprintf(sql, sizeof sql,
                 "UPDATE meeting SET quorum = %d, missing_mask = %d, created_at = '2024-11-%02d 09:00:00'"
                 " WHERE id = %lld",
                 (int)i % 3, (int)i + 1, (int)i + 1, (long long)ids[i]);
        test_sql(path, sql);
    }

    st = test_open_db(path, "审核员丙");
    free(path);
    if (!st) return;
    struct zdate today = {2024, 12, 10};

    /* every branch, October: the month's records with their fields, the earlier without */
    struct rec_seen oct;
    CHECK_INT(store_audit_all(st, 0, (struct zmonth){2024, 10}, today, rec_all, &oct), STORE_OK);
    CHECK_REC(oct, a_mar, 0, 0, "");
    CHECK_REC(oct, a_sep, 0, 0, "");
    CHECK_REC(oct, a_oct, 2, 3, "2024-11-03 09:00:00");
    CHECK_REC(oct, a_oct2, 0, 4, "2024-11-04 09:00:00");
    CHECK_REC(oct, b_sep, 0, 0, "");
    CHECK_REC(oct, b_oct, 2, 6, "2024-11-06 09:00:00");

    /* one branch */
    struct rec_seen one;
    CHECK_INT(store_audit_each(st, a, (struct zmonth){2024, 10}, today, rec_one, &one), STORE_OK);
    CHECK_INT(one.b[0].nm, 4);
    CHECK_REC(one, a_sep, 0, 0, "");
    CHECK_REC(one, a_oct, 2, 3, "2024-11-03 09:00:00");
    CHECK_REC(one, a_oct2, 0, 4, "2024-11-04 09:00:00");

    /* a pair: September from October's records (kept): September's fields, none of October's
     * (not in the month), the same as September alone */
    struct rec_pair got;
    int failed = -1;
    CHECK_INT(store_audit_all_pair(st, (struct zmonth){2024, 10}, (struct zmonth){2024, 9}, today, rec_first,
                                   rec_second, &got, &failed),
              STORE_OK);
    CHECK_INT(failed, 0);
    CHECK(memcmp(&got.first, &oct, sizeof oct) == 0);
    CHECK_REC(got.second, a_mar, 0, 0, "");
    CHECK_REC(got.second, a_sep, 1, 2, "2024-11-02 09:00:00");
    CHECK_REC(got.second, b_sep, 1, 5, "2024-11-05 09:00:00");
    CHECK_REC(got.second, a_oct, -1, 0, "");
    struct rec_seen sep;
    CHECK_INT(store_audit_all(st, 0, (struct zmonth){2024, 9}, today, rec_all, &sep), STORE_OK);
    CHECK(memcmp(&got.second, &sep, sizeof sep) == 0);
    store_close(st);
}

/* A member's facts from a load (the first with id; NULL if none). */
static const struct audit_member *rec_member(const struct audit_input *ins, int n, int64_t id)
{
    for (int i = 0; i < n; i++)
        for (int k = 0; k < ins[i].nmembers; k++)
            if (ins[i].members[k].id == id) return &ins[i].members[k];
    return NULL;
}

struct rec_dues {
    int64_t ids[4];
    int join_ym[4], leave_ym[4];
    int found;
};

static int rec_dues_all(const struct audit_input *ins, const struct branch *bs, int n, void *ctx)
{
    (void)bs;
    struct rec_dues *d = ctx;
    for (int i = 0; i < 4; i++) {
        const struct audit_member *m = rec_member(ins, n, d->ids[i]);
        if (!m) continue;
        d->join_ym[i] = m->dues.join_ym;
        d->leave_ym[i] = m->dues.leave_ym;
        d->found++;
    }
    return 0;
}

static int rec_dues_one(const struct audit_input *in, const struct branch *b, void *ctx)
{
    return rec_dues_all(in, b, 1, ctx);
}

/* The members' load reads a row's creation and last change only where they decide something:
 * no valid admission date (the month owed from: the row's creation), a leave without a valid
 * date (the last month owed: the row's last change), also for a member transferred out. A
 * member with valid dates takes neither. Every branch and one branch alike. */
TEST(audit_members_creation_and_last_change_where_dates_are_missing)
{
    char *path = test_db_path("dates.db");
    struct store *st = test_open_db(path, "审核员丙");
    if (!st) {
        free(path);
        return;
    }
    int64_t b = fx_branch(st, "D1", "D1党支部", 0);
    int64_t ok = fx_member(st, &(struct fx_member){.branch = b, .name = "甲", .join = "2015-03-02", .full = "2016-03-02"}, NULL);
    int64_t nojoin = fx_member(st, &(struct fx_member){.branch = b, .name = "乙", .full = "2016-03-02"}, NULL);
    int64_t died = fx_member(st, &(struct fx_member){.branch = b, .name = "丙", .full = "2016-03-02"}, NULL);
    int64_t moved = fx_member(st, &(struct fx_member){.branch = b, .name = "丁", .full = "2016-03-02"}, NULL);
    store_close(st);

    char sql[512];
    snprintf(sql, sizeof sql,
             "UPDATE member SET created_at = '2019-05-20 08:00:00', updated_at = '2024-10-20 08:00:00';"
             "UPDATE member SET join_date = '' WHERE id = %lld;"
             "UPDATE member SET leave_status = 'deceased', leave_date = '2024-10-3' WHERE id = %lld;"
             "UPDATE member SET leave_status = 'transferred', leave_date = '2024-1O-03' WHERE id = %lld;",
             (long long)nojoin, (long long)died, (long long)moved);
    test_sql(path, sql);

    st = test_open_db(path, "审核员丙");
    free(path);
    if (!st) return;
    struct zdate today = {2024, 12, 10};
    for (int one = 0; one < 2; one++) {
        struct rec_dues d = {.ids = {ok, nojoin, died, moved}};
        if (one)
            CHECK_INT(store_audit_each(st, b, (struct zmonth){2024, 10}, today, rec_dues_one, &d), STORE_OK);
        else
            CHECK_INT(store_audit_all(st, 0, (struct zmonth){2024, 10}, today, rec_dues_all, &d), STORE_OK);
        CHECK_INT(d.found, 4);
        CHECK_INT(d.join_ym[0], dues_ym(2015, 3));
        CHECK_INT(d.leave_ym[0], 0);
        CHECK_INT(d.join_ym[1], dues_ym(2019, 5)); /* the row's creation */
        CHECK_INT(d.leave_ym[1], 0);
        CHECK_INT(d.leave_ym[2], dues_ym(2024, 10)); /* the last change: left on 2024-10-20 */
        CHECK_INT(d.leave_ym[3], dues_ym(2024, 10)); /* transferred, the date not valid: the same */
    }
    store_close(st);
}
