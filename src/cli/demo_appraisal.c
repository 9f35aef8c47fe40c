/* demo_appraisal.c — 民主评议 results in the demo (demo_priv.h): for every appraisal record the
 * meeting generator made (kind appraisal, or a life meeting counting as one), a result for each
 * member on the roster that day — mostly 合格, some 优秀, now and then 基本合格, rarely one 不合格
 * with its follow-up (限期改正, dated after the meeting). A branch that is behind leaves a few
 * members unrated at last year's appraisal (the December review names them). Drawn from its own
 * generator (seed and branch index), never d->rng: the township made before issue 19 stays the
 * same. */
#include "demo_priv.h"

#include "zhibu/store_appraisal.h"

/* The member transferred in last (db: the branch with every member, that one last): the day
 * they arrived, so that they are not rated at a meeting held before it. */
static struct zdate arrival_of(struct demo *d, const struct demo_branch *db)
{
    struct zdate day = {0};
    if (db->n <= 0) return day;
    struct store_transfer_list l = {0};
    if (store_transfer_list(d->st, db->ms[db->n - 1].id, &l) != STORE_OK) return day;
    for (int i = 0; i < l.n && !date_valid(day); i++)
        if (strcmp(l.v[i].direction, "in") == 0) date_parse(l.v[i].date, &day);
    store_transfer_list_free(&l);
    return day;
}

static const char *pick_result(struct rng *r)
{
    int x = rng_below(r, 1000);
    return x < 170 ? "excellent" : x < 965 ? "qualified" : "basic";
}

static const char *const FOLLOW_NOTES[] = {
    "限期三个月改正，支部指定一名党员帮助",
    "支部书记谈话提醒，限期半年改正，明年评议时复查",
    "限期改正：按时参加组织生活、交纳党费，由党小组长督促",
};

static int rate_meeting(struct demo *d, struct rng *r, const struct meeting_row *mr, struct zdate arrived,
                        int64_t arrived_id, int leave_out)
{
    struct appraisal_sheet sh;
    if (store_appraisal_sheet(d->st, mr->id, &sh) != STORE_OK) return demo_fail_store(d, "读取评议名单");
    struct zdate held;
    if (!date_parse(mr->date, &held)) {
        store_appraisal_sheet_free(&sh);
        return 0;
    }
    /* at most one 不合格 a meeting, and rarely */
    int unqualified = sh.n >= 12 && rng_chance(r, 150) ? rng_below(r, sh.n) : -1;
    int rc = 0;
    for (int i = 0; i < sh.n && rc == 0; i++) {
        const struct appraisal_row *row = &sh.v[i];
        if (row->off_roster || row->id) continue;
        if (row->member_id == arrived_id && date_valid(arrived) && date_cmp(arrived, held) > 0) continue;
        if (leave_out > 0 && i % 5 == 2) { /* behind: a few not rated */
            leave_out--;
            continue;
        }
        const char *result = i == unqualified ? "unqualified" : pick_result(r);
        int64_t v = 0;
        if (store_appraisal_set(d->st, mr->id, row->member_id, result, &v) != STORE_OK)
            rc = demo_fail_store(d, "登记评议结果");
        if (rc == 0 && i == unqualified) {
            struct zdate on = date_add_days(held, rng_range(r, 3, 20));
            if (date_cmp(on, d->today) > 0) on = d->today;
            char day[DATE_STR_LEN];
            date_format(on, day);
            if (store_appraisal_follow_up(d->st, mr->id, row->member_id, "correct", day, PICK(r, FOLLOW_NOTES), &v) !=
                STORE_OK)
                rc = demo_fail_store(d, "登记组织处置");
        }
    }
    store_appraisal_sheet_free(&sh);
    return rc;
}

int demo_make_appraisals(struct demo *d, int index, const struct demo_branch *db)
{
    struct rng own = {d->seed ^ (UINT64_C(0xA99A15A1) * (uint64_t)(index + 1))};
    struct rng *r = &own;
    rng_next(r);
    struct meeting_filter f = {.branch_id = db->b->id, .kind = MK_APPRAISAL};
    struct store_meeting_list l = {0};
    if (store_meeting_list(d->st, &f, &l) != STORE_OK) return demo_fail_store(d, "读取民主评议记录");
    struct zdate arrived = arrival_of(d, db);
    int64_t arrived_id = db->n > 0 ? db->ms[db->n - 1].id : 0;
    int rc = 0;
    /* oldest first (the list is newest first) */
    for (int i = l.n - 1; i >= 0 && rc == 0; i--) {
        struct zdate held;
        if (!date_parse(l.v[i].date, &held) || date_cmp(held, d->today) > 0) continue;
        int leave_out = d->standing == STANDING_BEHIND && held.y == d->today.y - 1 ? rng_range(r, 2, 4) : 0;
        rc = rate_meeting(d, r, &l.v[i], arrived, arrived_id, leave_out);
    }
    store_meeting_list_free(&l);
    return rc;
}
