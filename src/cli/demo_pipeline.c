/* demo_pipeline.c — 发展党员 in the demo (demo_priv.h): per branch two or three 入党申请人, one or
 * two 入党积极分子 with their 培养联系人 and quarterly 考察 notes, and (where the branch's meeting
 * history is long enough) a 发展对象 with 政审, 培训 and 公示. Each decision is linked to one of the
 * branch's own 支部委员会 records of that date (the demo's meetings: nothing is added to them);
 * a person is only made where such a record exists. No one is admitted here, so the roster stays
 * as the demo made it (demo_golden.sh): its 预备党员 show in the pipeline as admitted before the
 * ledger. A "behind" branch (DP_PROBATION) shows an applicant whose 入党谈话 is overdue and an
 * activist whose 考察 is overdue (both on the home's reminders and in `zhibu list candidates`,
 * not in the monthly review, which checks the decisions' meetings). Everything is written through store_pipeline.h, so the rules
 * (with the default intervals of [pipeline]) hold. */
#include "demo_priv.h"

#include "zhibu/store_pipeline.h"

#define MAX_COMMITTEE 64

struct committees {
    struct zdate date[MAX_COMMITTEE];
    int64_t id[MAX_COMMITTEE];
    int n;
};

static int collect_committee(const struct meeting *m, void *ctx)
{
    struct committees *c = ctx;
    int k = meeting_kind_of_code(m->kind);
    bool committee = k == MK_COMMITTEE || (m->also_mask & MK_BIT(MK_COMMITTEE));
    struct zdate d;
    if (!committee || !date_parse(m->date, &d)) return 0;
    if (c->n == MAX_COMMITTEE) { /* keep the newest: drop the oldest */
        memmove(c->date, c->date + 1, (MAX_COMMITTEE - 1) * sizeof c->date[0]);
        memmove(c->id, c->id + 1, (MAX_COMMITTEE - 1) * sizeof c->id[0]);
        c->n--;
    }
    c->date[c->n] = d;
    c->id[c->n++] = m->id;
    return 0;
}

/* The newest committee record in [lo, hi]: its index, or -1. */
static int committee_in(const struct committees *c, struct zdate lo, struct zdate hi)
{
    for (int i = c->n - 1; i >= 0; i--)
        if (date_cmp(c->date[i], lo) >= 0 && date_cmp(c->date[i], hi) <= 0) return i;
    return -1;
}

/* A member full and on the roster on `on`, other than `not` (0 when none). */
static int64_t pick_contact(struct rng *r, const struct demo_branch *db, struct zdate on,
                            int64_t not)
{
    char day[DATE_STR_LEN];
    date_format(on, day);
    int64_t ok[DEMO_MAX_MEMBERS + 1];
    int n = 0;
    for (int i = 0; i < db->n && n < (int)ZB_ARRAY_LEN(ok); i++) {
        const struct member *m = &db->ms[i];
        if (m->id == not || strcmp(m->status, "full") != 0) continue;
        if (m->full_date[0] && strcmp(m->full_date, day) > 0) continue;
        if (strcmp(m->join_date, day) > 0) continue;
        if (m->leave_status[0] && strcmp(m->leave_date, day) <= 0) continue;
        ok[n++] = m->id;
    }
    return n ? ok[rng_below(r, n)] : 0;
}

/* demo_priv.h. A secretary who joined after the talk (the ten-year district's branch
 * 1101010345: joined 2025-08-23, talk 2025-07-12) was not on the roster that day. */
int64_t demo_talker(struct rng *r, const struct demo_branch *db, struct zdate on)
{
    char day[DATE_STR_LEN];
    date_format(on, day);
    for (int i = 0; i < db->n; i++) {
        const struct member *m = &db->ms[i];
        if (m->id != db->secretary) continue;
        if (strcmp(m->join_date, day) <= 0 && !(m->leave_status[0] && strcmp(m->leave_date, day) <= 0))
            return m->id;
        break;
    }
    return pick_contact(r, db, on, 0);
}

static const char *const OBSERVE_NOTES[] = {
    "按时递交思想汇报，参加支部组织的学习",
    "参加村里人居环境整治志愿服务，群众反映较好",
    "思想汇报认识较深，工作积极主动",
    "培养联系人谈话一次，本人表示继续努力",
    "参加防汛值守，表现突出",
    "带头参加秋收互助，能吃苦",
};

struct maker {
    struct demo *d;
    const struct demo_branch *db;
    struct rng *r;
    int64_t id;
    struct zdate today;
};

static int add_step(struct maker *mk, const char *kind, struct zdate on, int64_t meeting,
                    int64_t p1, int64_t p2, const char *note)
{
    struct candidate_step s = {0};
    s.candidate_id = mk->id;
    zb_strlcpy(s.kind, kind, sizeof s.kind);
    date_format(on, s.date);
    s.meeting_id = meeting;
    s.person_id = p1;
    s.person2_id = p2;
    zb_strlcpy(s.note, note ? note : "", sizeof s.note);
    if (store_candidate_step_add(mk->d->st, &s, NULL, NULL, mk->d->min_join_age) != STORE_OK)
        return demo_fail_store(mk->d, "记录发展步骤");
    /* entered a day or two after (the person's page marks a step entered later 补记) */
    return demo_backdate(mk->d, "candidate_step", s.id, on, 1 + (int)(s.id % 2));
}

/* A new applicant who applied on `applied`. */
static int add_person(struct maker *mk, struct zdate applied)
{
    struct candidate c = {0};
    c.branch_id = mk->db->b->id;
    bool female = rng_chance(mk->r, 450);
    zb_strlcpy(c.name, demo_pick_surname(mk->r), sizeof c.name);
    size_t len = strlen(c.name);
    demo_han_given(mk->r, female, c.name + len, sizeof c.name - len);
    zb_strlcpy(c.gender, female ? "F" : "M", sizeof c.gender);
    int age = rng_range(mk->r, 21, 42);
    date_format(demo_random_date(mk->r, demo_ymd(applied.y - age - 1, applied.m, 1),
                                 demo_ymd(applied.y - age, applied.m, 1)),
                c.birth_date);
    zb_strlcpy(c.ethnicity, rng_chance(mk->r, 100) ? "回族" : "汉族", sizeof c.ethnicity);
    zb_strlcpy(c.education, demo_pick_education(mk->r, mk->db->type, applied.y - age),
               sizeof c.education);
    static const char *const CATS[] = {"farmer", "farmer", "farmer", "worker", "professional"};
    zb_strlcpy(c.category, strcmp(mk->db->type, "rural") ? "worker" : PICK(mk->r, CATS),
               sizeof c.category);
    demo_random_phone(mk->r, c.phone, sizeof c.phone);
    char day[DATE_STR_LEN];
    date_format(applied, day);
    if (store_candidate_add(mk->d->st, &c, day, NULL, mk->d->min_join_age) != STORE_OK)
        return demo_fail_store(mk->d, "记录入党申请人");
    mk->id = c.id;
    /* the person and the application entered the day after it */
    struct store_candidate_step_list l;
    if (store_candidate_steps(mk->d->st, c.id, &l) != STORE_OK) return demo_fail_store(mk->d, "读取发展步骤");
    int rc = demo_backdate(mk->d, "candidate", c.id, applied, 1);
    for (int i = 0; i < l.n && rc == 0; i++) rc = demo_backdate(mk->d, "candidate_step", l.v[i].id, applied, 1);
    store_candidate_step_list_free(&l);
    return rc;
}

/* Applied some weeks before committee meeting ci, talked, chosen as activist there, observed
 * each quarter up to `until` (a date not after today). */
static int make_activist(struct maker *mk, const struct committees *cm, int ci, struct zdate until)
{
    struct zdate at = cm->date[ci];
    struct zdate applied = date_add_days(at, -rng_range(mk->r, 45, 110));
    struct zdate talk = date_add_days(applied, rng_range(mk->r, 7, 25));
    int64_t c1 = pick_contact(mk->r, mk->db, at, mk->db->secretary);
    int64_t c2 = pick_contact(mk->r, mk->db, at, c1);
    int64_t talker = demo_talker(mk->r, mk->db, talk);
    if (!c1 || !c2 || !talker) return 1; /* no two full members that day: no one made */
    if (add_person(mk, applied) || add_step(mk, "talk", talk, 0, talker, 0, NULL) ||
        add_step(mk, "activist", at, cm->id[ci], c1, c2, NULL))
        return -1;
    for (struct zdate o = date_add_days(date_add_months(at, 3), -rng_range(mk->r, 3, 20));
         date_cmp(o, until) <= 0; o = date_add_days(date_add_months(o, 3), -rng_range(mk->r, 0, 10)))
        if (add_step(mk, "observe", o, 0, 0, 0, PICK(mk->r, OBSERVE_NOTES)))
            return -1;
    return 0;
}

int demo_make_pipeline(struct demo *d, int index, const struct demo_branch *db)
{
    struct rng rs = {d->seed ^ (UINT64_C(0x5851F42D4C957F2D) * (uint64_t)(index + 1))};
    struct committees cm = {0};
    char from[DATE_STR_LEN];
    date_format(date_add_years(d->today, -3), from);
    if (store_meeting_kinds_each(d->st, db->b->id, from, collect_committee, &cm) !=
        STORE_OK)
        return demo_fail_store(d, "读取会议记录");
    struct maker mk = {.d = d, .db = db, .r = &rs, .today = d->today};
    bool behind = demo_has_problem(d, DP_PROBATION);
    int rc;

    /* a 发展对象: an activist chosen 14 to 24 months ago, then 发展对象 a year or more later */
    int ca = committee_in(&cm, date_add_months(d->today, -24), date_add_months(d->today, -14));
    if (ca >= 0) {
        struct zdate earliest = date_add_months(cm.date[ca], 12);
        int cc = committee_in(&cm, earliest, date_add_days(d->today, -75));
        if (cc >= 0) {
            rc = make_activist(&mk, &cm, ca, d->today);
            if (rc < 0) return -1;
            if (rc == 0) {
                struct zdate c = cm.date[cc];
                struct zdate rv = date_add_days(c, rng_range(&rs, 10, 20));
                struct zdate tr = date_add_days(rv, rng_range(&rs, 5, 15));
                struct zdate pb = date_add_days(tr, rng_range(&rs, 5, 15));
                if (add_step(&mk, "candidate", c, cm.id[cc], 0, 0, NULL) ||
                    add_step(&mk, "review", rv, 0, 0, 0, "函调本人及直系亲属，政治审查合格") ||
                    add_step(&mk, "training", tr, 0, 0, 0, "参加镇党委组织的发展对象培训班，结业") ||
                    add_step(&mk, "publicity", pb, 0, 0, 0, "在村务公开栏公示7天，无异议"))
                    return -1;
            }
        }
    }
    /* one or two activists chosen 2 to 10 months ago; in a behind branch the 考察 stopped */
    int nact = rng_range(&rs, 1, 2);
    struct zdate hi = date_add_months(d->today, -2);
    for (int k = 0; k < nact; k++) {
        bool stalled = behind && k == 0; /* chosen 6 to 10 months ago, not observed since */
        int ci = committee_in(&cm, date_add_months(d->today, -10),
                              stalled ? date_add_months(d->today, -6) : hi);
        if (ci < 0) break;
        struct zdate until = stalled ? date_add_months(d->today, -4) : d->today;
        rc = make_activist(&mk, &cm, ci, until);
        if (rc < 0) return -1;
        hi = date_add_days(cm.date[ci], -1);
    }
    /* two or three applicants of the last weeks; the talk held within 30 days, or not yet due
     * (overdue in a behind branch) */
    int napp = rng_range(&rs, 2, 3);
    for (int k = 0; k < napp; k++) {
        int back = behind && k == 0 ? rng_range(&rs, 45, 70) : rng_range(&rs, 3, 50);
        struct zdate applied = date_add_days(d->today, -back);
        if (add_person(&mk, applied)) return -1;
        int talk_after = rng_range(&rs, 7, 25);
        if (!(behind && k == 0) && talk_after < back) {
            struct zdate talk = date_add_days(applied, talk_after);
            int64_t talker = demo_talker(&rs, db, talk);
            if (talker && add_step(&mk, "talk", talk, 0, talker, 0, NULL)) return -1;
        }
    }
    return 0;
}
