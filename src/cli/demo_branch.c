/* demo_branch.c — `zhibu demo`: one branch with its groups and members, and its members over
 * time (probation, transfers, mobile members). */

#include "demo_priv.h"

static const char *const TRANSFER_PLACES[] = {
    "县城关镇党委", "市经济开发区党工委", "县教育局机关党委", "县人民医院党委",
    "浙江省宁波市务工地党组织", "广东省东莞市务工地党组织",
};
static const char *const WORK_PLACES[] = {
    "浙江省宁波市", "广东省东莞市", "江苏省苏州市", "上海市", "北京市", "新疆乌鲁木齐市",
    "福建省厦门市", "天津市",
};
static const char *const THEME_DAYS[] = {"5", "10", "15", "20", "25"};
static const char *const GROUP_NAMES[DEMO_MAX_GROUPS] = {
    "第一党小组", "第二党小组", "第三党小组", "第四党小组", "第五党小组",
};

/* ---- members over time and dues (issue 4) ----
 * Each branch gets, from its own two PRNG streams (so that the roster and the meetings stay
 * what they were): a probationary member due for 转正 within the month and one overdue;
 * details and contact logs for the mobile members (most contacted lately, one not for seven
 * months or more, one away six months or more who should transfer); one transfer out and one
 * transfer in; and, for the demo's years, a dues history: bases at the start of each year, a
 * pay change, payments on the theme day (monthly, quarterly, a year in advance), receipts
 * numbered per year, and the cases the arrears rules must find. Every payment is checked with
 * dues_check_payment and split with dues_allocate, as the payment form does. */

static const char *const CONTACT_WAYS[] = {"电话", "微信", "微信", "电话", "走访", "来信"};
static const char *const CONTACT_NOTES[] = {
    "了解务工和生活情况，提醒按时交纳党费",
    "传达本月主题党日学习内容",
    "通过微信群参加支部学习，已发送学习材料",
    "询问近况，身体健康，工作稳定",
    "提醒参加务工地党组织活动",
    "春节返乡，当面交流",
};
static const char *const TRANSFER_FROM[] = {
    "县城关镇东街社区党支部", "邻县青石镇红星村党支部", "市经济开发区机关党支部",
    "县第二中学党支部", "县农业农村局机关党支部",
};

/* A 预备党员 due for 转正 within the month and one a month past due (DP_PROBATION; two
 * months in a branch behind; else due in one to two months): existing probationary members
 * if there are two, else a full member without office made probationary. */
static void life_probation(struct demo *d, struct rng *r, struct member *ms, int n)
{
    int pick[2] = {-1, -1};
    for (int k = 0; k < 2; k++) {
        int pool[DEMO_MAX_MEMBERS], np = 0;
        for (int i = 3; i < n; i++)
            if (!ms[i].leave_status[0] && strcmp(ms[i].status, "probationary") == 0 && i != pick[0])
                pool[np++] = i;
        if (np == 0)
            for (int i = 3; i < n; i++)
                if (!ms[i].leave_status[0] && !ms[i].office[0] && !ms[i].mobile && i != pick[0] &&
                    demo_age_on(&ms[i], d->today) < 50)
                    pool[np++] = i;
        if (np == 0) return;
        pick[k] = pool[rng_below(r, np)];
    }
    for (int k = 0; k < 2; k++) {
        struct member *m = &ms[pick[k]];
        struct zdate year_ago = date_add_months(d->today, -d->probation_months);
        int days = k == 0 ? rng_range(r, 8, 26) : -rng_range(r, 20, 45);
        if (k == 1 && d->standing == STANDING_BEHIND) days -= 30;
        else if (k == 1 && !demo_has_problem(d, DP_PROBATION)) days = 15 - days; /* due in a month or two */
        struct zdate join = date_add_days(year_ago, days);
        struct zdate birth;
        if (date_parse(m->birth_date, &birth) && date_age(birth, join) < d->min_join_age) continue;
        join = demo_avoid_leap_day(join, join);
        date_format(join, m->join_date);
        zb_strlcpy(m->status, "probationary", sizeof m->status);
        m->full_date[0] = '\0';
    }
}

static bool is_leader(const struct group *groups, int ngroups, int64_t id)
{
    for (int g = 0; g < ngroups; g++)
        if (groups[g].leader_id == id) return true;
    return false;
}

/* One full member without office, at home, not a group leader, leaves for another party
 * organisation one to four months ago. Returns the index or -1. */
static int life_transfer_out(struct demo *d, struct rng *r, struct member *ms, int n,
                             const struct group *groups, int ngroups)
{
    int pool[DEMO_MAX_MEMBERS], np = 0;
    struct zdate date = date_add_days(d->today, -rng_range(r, 30, 120));
    for (int i = 3; i < n; i++) {
        struct zdate join;
        if (!ms[i].leave_status[0] && !ms[i].office[0] && !ms[i].mobile &&
            strcmp(ms[i].status, "full") == 0 && !is_leader(groups, ngroups, ms[i].id) &&
            date_parse(ms[i].join_date, &join) && date_cmp(join, date_add_years(date, -2)) < 0)
            pool[np++] = i;
    }
    if (np == 0) return -1;
    int i = pool[rng_below(r, np)];
    struct transfer t = {.member_id = ms[i].id};
    zb_strlcpy(t.direction, "out", sizeof t.direction);
    date_format(date, t.date);
    zb_strlcpy(t.place, PICK(r, TRANSFER_PLACES), sizeof t.place);
    snprintf(t.letter_no, sizeof t.letter_no, "组转〔%d〕%02d号", date.y, rng_range(r, 1, 60));
    dues_ym_format(dues_ym_of_date(date), t.dues_paid_through);
    zb_strlcpy(t.note, "工作调动", sizeof t.note);
    if (store_transfer_out(d->st, &t) != STORE_OK) {
        demo_fail_store(d, "写入组织关系转出");
        return -2;
    }
    zb_strlcpy(ms[i].leave_status, "transferred", sizeof ms[i].leave_status);
    date_format(date, ms[i].leave_date);
    snprintf(ms[i].leave_reason, sizeof ms[i].leave_reason, "转往 %s（介绍信 %s）", t.place,
             t.letter_no);
    d->members--;
    d->left++;
    return i;
}

/* Mobile members' details and contact logs. */
static int life_mobile(struct demo *d, struct rng *r, const struct member *ms, int n)
{
    const struct member *contact = NULL;
    for (int i = 0; i < n; i++)
        if (strcmp(ms[i].office, "organization") == 0) contact = &ms[i];
    for (int i = 0; i < n && !contact; i++)
        if (strcmp(ms[i].office, "secretary") == 0) contact = &ms[i];
    int mobiles[DEMO_MAX_MEMBERS], nm = 0;
    for (int i = 0; i < n; i++)
        if (ms[i].mobile && !ms[i].leave_status[0]) mobiles[nm++] = i;
    int silent = nm > 0 ? rng_below(r, nm) : -1;          /* no contact for 7+ months */
    int stayer = nm > 1 ? (silent + 1 + rng_below(r, nm - 1)) % nm : -1; /* away 6+ months */
    if (!demo_has_problem(d, DP_MOBILE_SILENT)) silent = -2; /* (after the draws: DP_MOBILE_SILENT only) */
    for (int k = 0; k < nm; k++) {
        const struct member *m = &ms[mobiles[k]];
        struct mobile_info mi = {.member_id = m->id};
        const char *dest = strstr(m->note, "外出务工地：");
        zb_strlcpy(mi.destination, dest ? dest + strlen("外出务工地：") : PICK(r, WORK_PLACES),
                   sizeof mi.destination);
        struct zdate since;
        if (k == silent) since = date_add_days(d->today, -rng_range(r, 260, 400));
        else if (k == stayer) since = date_add_days(d->today, -rng_range(r, 190, 330));
        else since = date_add_days(d->today, -rng_range(r, 25, 160));
        struct zdate join;
        if (date_parse(m->join_date, &join) && date_cmp(since, join) <= 0)
            since = date_add_days(join, 1);
        date_format(since, mi.since);
        snprintf(mi.card_no, sizeof mi.card_no, "LD%d%04d", since.y, rng_range(r, 1, 9999));
        if (contact) {
            snprintf(mi.contact_person, sizeof mi.contact_person, "%s", contact->name);
            zb_strlcpy(mi.contact_phone, contact->phone, sizeof mi.contact_phone);
        }
        if (store_mobile_set(d->st, &mi) != STORE_OK) return demo_fail_store(d, "写入流动党员信息");
        /* the log: every one to two and a half months since leaving; the silent one only
         * in the first weeks */
        struct zdate day = date_add_days(since, rng_range(r, 3, 20));
        struct zdate stop = d->today;
        if (k == silent)
            stop = date_add_days(d->today, -rng_range(r, 215, 240) - (d->standing == STANDING_BEHIND ? 45 : 0));
        while (date_cmp(day, stop) <= 0 && date_cmp(day, d->today) <= 0) {
            struct mobile_contact c = {.member_id = m->id};
            date_format(day, c.date);
            zb_strlcpy(c.way, PICK(r, CONTACT_WAYS), sizeof c.way);
            zb_strlcpy(c.note, PICK(r, CONTACT_NOTES), sizeof c.note);
            if (store_mobile_contact_add(d->st, &c) != STORE_OK) return demo_fail_store(d, "写入联系记录");
            if (k == silent) break;
            day = date_add_days(day, rng_range(r, 30, 75));
        }
        if (k != silent && date_diff_days(d->today, day) > 0) {
            /* most are contacted lately: a call in the last weeks */
            struct mobile_contact c = {.member_id = m->id};
            date_format(date_add_days(d->today, -rng_range(r, 2, 40)), c.date);
            if (strcmp(c.date, mi.since) > 0) {
                zb_strlcpy(c.way, "电话", sizeof c.way);
                zb_strlcpy(c.note, PICK(r, CONTACT_NOTES), sizeof c.note);
                if (store_mobile_contact_add(d->st, &c) != STORE_OK)
                    return demo_fail_store(d, "写入联系记录");
            }
        }
    }
    return 0;
}

/* A member transferred in from another organisation two to five months ago (0, or -1). */
static int life_transfer_in(struct demo *d, struct rng *r, const struct branch *b,
                            const char *type, const struct group *groups, int ngroups,
                            struct member *out, struct transfer *t)
{
    struct member *m = out;
    memset(m, 0, sizeof *m);
    bool female = rng_chance(r, 300);
    m->branch_id = b->id;
    m->group_id = ngroups > 0 ? groups[rng_below(r, ngroups)].id : 0;
    zb_strlcpy(m->gender, female ? "F" : "M", sizeof m->gender);
    demo_make_person(r, female, 15, m);
    struct zdate birth = demo_random_date(r, date_add_years(d->today, -55), date_add_years(d->today, -27));
    birth = demo_avoid_leap_day(birth, birth);
    date_format(birth, m->birth_date);
    struct zdate join = date_add_days(date_add_years(birth, d->min_join_age + rng_range(r, 1, 6)),
                                      rng_range(r, 1, 300));
    join = demo_avoid_leap_day(join, join);
    date_format(join, m->join_date);
    date_format(date_add_months(join, d->probation_months), m->full_date);
    zb_strlcpy(m->status, "full", sizeof m->status);
    zb_strlcpy(m->education, demo_pick_education(r, type, birth.y), sizeof m->education);
    demo_random_phone(r, m->phone, sizeof m->phone);
    zb_strlcpy(m->dues_category, demo_pick_dues(r, type, date_age(birth, d->today)),
               sizeof m->dues_category);
    zb_strlcpy(m->category, demo_member_category(type, m), sizeof m->category);
    struct valid_result v = validate_member(m, d->today, d->min_join_age, d->probation_months);
    if (v.code != V_OK) {
        snprintf(d->err, sizeof d->err, "演示数据有误（%s %s）：%s", b->name, m->name,
                 validate_field_label(v.field));
        return -1;
    }
    memset(t, 0, sizeof *t);
    zb_strlcpy(t->direction, "in", sizeof t->direction);
    struct zdate date = date_add_days(d->today, -rng_range(r, 60, 150));
    date_format(date, t->date);
    zb_strlcpy(t->place, PICK(r, TRANSFER_FROM), sizeof t->place);
    snprintf(t->letter_no, sizeof t->letter_no, "组转〔%d〕%02d号", date.y, rng_range(r, 1, 80));
    dues_ym_format(dues_ym_of_date(date) - 1, t->dues_paid_through);
    zb_strlcpy(t->note, "随工作调动转入", sizeof t->note);
    if (store_transfer_in(d->st, m, t) != STORE_OK) return demo_fail_store(d, "写入组织关系转入");
    d->members++;
    return 0;
}

/* The members: who left (one or two, never the forced long names, indices 1 and 2) and the
 * probationary (5–8% of the branch, at least one, among those on the roster); each one's
 * person, dates, education, phone and dues category. */
static void branch_members(struct demo *d, const char *type, const struct branch *b,
                           const struct group *groups, int ngroups, int minority_pm, int female_pm,
                           bool long_names, struct member *ms, int n)
{
    struct rng *r = &d->rng;
    bool eligible[DEMO_MAX_MEMBERS], is_left[DEMO_MAX_MEMBERS] = {0}, is_prob[DEMO_MAX_MEMBERS] = {0};
    for (int i = 0; i < n; i++) eligible[i] = i >= 3;
    demo_choose(r, eligible, n, rng_range(r, 1, 2), is_left);
    for (int i = 0; i < n; i++) eligible[i] = !is_left[i];
    int nprob = (n * rng_range(r, 50, 80) + 500) / 1000;
    demo_choose(r, eligible, n, nprob > 0 ? nprob : 1, is_prob);

    for (int i = 0; i < n; i++) {
        struct member *m = &ms[i];
        bool left = is_left[i];
        bool female = rng_chance(r, female_pm);
        m->branch_id = b->id;
        m->group_id = groups[i % ngroups].id;
        zb_strlcpy(m->gender, female ? "F" : "M", sizeof m->gender);
        demo_make_person(r, female, minority_pm, m);
        if (long_names && i == 1) {
            zb_strlcpy(m->name, "阿依古丽·买买提", sizeof m->name);
            zb_strlcpy(m->ethnicity, "维吾尔族", sizeof m->ethnicity);
            zb_strlcpy(m->gender, "F", sizeof m->gender);
        } else if (long_names && i == 2) {
            zb_strlcpy(m->name, "欧阳振华", sizeof m->name);
            zb_strlcpy(m->ethnicity, "汉族", sizeof m->ethnicity);
            zb_strlcpy(m->gender, "M", sizeof m->gender);
        }
        demo_make_dates(d, m, type, is_prob[i]);
        int age = demo_age_on(m, d->today);
        struct zdate birth;
        date_parse(m->birth_date, &birth);
        zb_strlcpy(m->education, demo_pick_education(r, type, birth.y), sizeof m->education);
        demo_random_phone(r, m->phone, sizeof m->phone);
        zb_strlcpy(m->dues_category, demo_pick_dues(r, type, age), sizeof m->dues_category);
        zb_strlcpy(m->category, demo_member_category(type, m), sizeof m->category);
        if (left) {
            struct zdate full, lo;
            date_parse(m->full_date, &full);
            lo = demo_max_date(full, date_add_years(d->today, -6));
            date_format(demo_random_date(r, lo, d->today), m->leave_date);
            if (age >= 66 && rng_chance(r, 700)) {
                zb_strlcpy(m->leave_status, "deceased", sizeof m->leave_status);
                zb_strlcpy(m->leave_reason, rng_chance(r, 500) ? "因病去世" : "病故",
                           sizeof m->leave_reason);
            } else {
                zb_strlcpy(m->leave_status, "transferred", sizeof m->leave_status);
                snprintf(m->leave_reason, sizeof m->leave_reason, "组织关系转至%s",
                         PICK(r, TRANSFER_PLACES));
            }
        }
    }
}

/* The committee: full members on the roster, 25 to 70 years old. */
static void branch_committee(struct demo *d, struct member *ms, int n)
{
    struct rng *r = &d->rng;
    int cand[DEMO_MAX_MEMBERS], ncand = 0;
    for (int i = 0; i < n; i++) {
        int age = demo_age_on(&ms[i], d->today);
        if (!ms[i].leave_status[0] && strcmp(ms[i].status, "full") == 0 && age >= 25 && age <= 70)
            cand[ncand++] = i;
    }
    for (int i = ncand - 1; i > 0; i--) { /* Fisher–Yates */
        int j = rng_below(r, i + 1), t = cand[i];
        cand[i] = cand[j];
        cand[j] = t;
    }
    int csize = rng_range(r, 3, 5);
    const char *offices[5] = {0};
    demo_committee_offices(r, csize, offices);
    for (int k = 0; k < csize && k < ncand; k++)
        zb_strlcpy(ms[cand[k]].office, offices[k], sizeof ms[cand[k]].office);
}

/* Mobile members: 8–12% of a village, among those on the roster without office and under 60. */
static void branch_mobile(struct demo *d, struct member *ms, int n)
{
    struct rng *r = &d->rng;
    bool eligible[DEMO_MAX_MEMBERS];
    bool mobile[DEMO_MAX_MEMBERS] = {0};
    for (int i = 0; i < n; i++)
        eligible[i] = !ms[i].leave_status[0] && !ms[i].office[0] && demo_age_on(&ms[i], d->today) < 60;
    demo_choose(r, eligible, n, (n * rng_range(r, 8, 12) + 50) / 100, mobile);
    for (int i = 0; i < n; i++) {
        if (!mobile[i]) continue;
        ms[i].mobile = true;
        snprintf(ms[i].note, sizeof ms[i].note, "外出务工地：%s", PICK(r, WORK_PLACES));
    }
}

/* Every member checked as the form checks, and written. */
static int branch_write_members(struct demo *d, const struct branch *b, struct member *ms, int n)
{
    for (int i = 0; i < n; i++) {
        struct valid_result v = validate_member(&ms[i], d->today, d->min_join_age,
                                                d->probation_months);
        if (v.code != V_OK) {
            char msgbuf[ZB_MSG_MAX];
            snprintf(d->err, sizeof d->err, "演示数据有误（%s %s）：%s：%s", b->name, ms[i].name,
                     validate_field_label(v.field),
                     validate_message_rules(v.code, d->min_join_age, d->probation_months, msgbuf,
                                            sizeof msgbuf));
            return -1;
        }
        if (store_member_add(d->st, &ms[i]) != STORE_OK) return demo_fail_store(d, "写入党员");
        if (ms[i].leave_status[0]) d->left++;
        else d->members++;
    }
    return 0;
}

/* Each group's leader: a full member of the group on the roster, not away. */
static int branch_leaders(struct demo *d, struct group *groups, int ngroups, const struct member *ms, int n)
{
    struct rng *r = &d->rng;
    for (int g = 0; g < ngroups; g++) {
        int pool[DEMO_MAX_MEMBERS], np = 0;
        for (int i = g; i < n; i += ngroups)
            if (!ms[i].leave_status[0] && !ms[i].mobile && strcmp(ms[i].status, "full") == 0)
                pool[np++] = i;
        if (np == 0) continue;
        const struct member *lead = &ms[pool[rng_below(r, np)]];
        groups[g].leader_id = lead->id;
        if (store_group_update(d->st, &groups[g]) != STORE_OK) return demo_fail_store(d, "写入党小组组长");
    }
    return 0;
}

/* One branch with its groups and members. index is 0-based among the township's branches. */
int demo_make_branch(struct demo *d, int index, const char *type, const char *name,
                     int64_t parent_id, bool long_names)
{
    struct rng *r = &d->rng;
    struct branch b = {0};
    snprintf(b.code, sizeof b.code, "%s%04d", d->code_prefix, index + 1);
    zb_strlcpy(b.name, name, sizeof b.name);
    zb_strlcpy(b.type, type, sizeof b.type);
    b.parent_id = parent_id;
    zb_strlcpy(b.theme_day, PICK(r, THEME_DAYS), sizeof b.theme_day);
    if (store_branch_add(d->st, &b) != STORE_OK) return demo_fail_store(d, "写入支部");

    bool rural = strcmp(type, "rural") == 0;
    int n;
    if (rural) n = rng_range(r, 60, 90);
    else if (strcmp(type, "community") == 0) n = rng_range(r, 40, 80);
    else if (strcmp(type, "organ") == 0) n = rng_range(r, 20, 45);
    else n = rng_range(r, 20, 50);
    int ngroups = rng_range(r, 2, n / 15 + 1 < DEMO_MAX_GROUPS ? n / 15 + 1 : DEMO_MAX_GROUPS);
    int minority_pm = rng_chance(r, 100) ? 250 : 15;
    int female_pm = strcmp(type, "community") == 0 ? 380 : 250;

    struct group groups[DEMO_MAX_GROUPS] = {0};
    for (int g = 0; g < ngroups; g++) {
        groups[g].branch_id = b.id;
        zb_strlcpy(groups[g].name, GROUP_NAMES[g], sizeof groups[g].name);
        /* standing long before the demo's records (no draw: the rest of the demo unchanged) */
        date_format(date_year_start(date_add_years(d->today, -5)), groups[g].start_date);
        if (store_group_add(d->st, &groups[g]) != STORE_OK) return demo_fail_store(d, "写入党小组");
    }

    struct member *ms = xcalloc((size_t)n, sizeof *ms);
    branch_members(d, type, &b, groups, ngroups, minority_pm, female_pm, long_names, ms, n);
    branch_committee(d, ms, n);
    if (rural) branch_mobile(d, ms, n);

    /* members over time: their own stream, so the roster above stays as it was */
    struct rng life = {d->seed ^ (UINT64_C(0xD1B54A32D192ED03) * (uint64_t)(index + 1))};
    life_probation(d, &life, ms, n);

    if (branch_write_members(d, &b, ms, n) != 0 || branch_leaders(d, groups, ngroups, ms, n) != 0) {
        free(ms);
        return -1;
    }

    if (life_transfer_out(d, &life, ms, n, groups, ngroups) < -1 || life_mobile(d, &life, ms, n) != 0) {
        free(ms);
        return -1;
    }

    struct demo_branch db = {.b = &b, .type = type, .groups = groups, .ngroups = ngroups,
                             .ms = ms, .n = n, .theme_day = atoi(b.theme_day)};
    static const char *const RECORDERS[] = {"organization", "deputy", "publicity", "discipline",
                                            "committee"};
    for (int i = 0; i < n; i++)
        if (strcmp(ms[i].office, "secretary") == 0) {
            db.secretary = ms[i].id;
            zb_strlcpy(db.secretary_name, ms[i].name, sizeof db.secretary_name);
        }
    for (size_t k = 0; k < ZB_ARRAY_LEN(RECORDERS) && !db.recorder; k++)
        for (int i = 0; i < n && !db.recorder; i++)
            if (strcmp(ms[i].office, RECORDERS[k]) == 0) db.recorder = ms[i].id;
    if (db.theme_day < 1 || db.theme_day > 28) db.theme_day = 15;
    int rc = demo_make_meetings(d, &db, index);
    /* one member transferred in (after the meetings: they came lately), then the dues */
    struct transfer in = {0};
    if (rc == 0) {
        ms = xrealloc(ms, (size_t)(n + 1) * sizeof *ms);
        rc = life_transfer_in(d, &life, &b, type, groups, ngroups, &ms[n], &in);
        in.member_id = ms[n].id;
    }
    if (rc == 0 && d->years > 0) rc = demo_make_dues(d, index, &b, ms, n + 1, db.theme_day, &in);
    if (rc == 0 && d->years > 0) rc = demo_make_posts(d, index, &b, ms, n + 1, db.theme_day, in.date);
    if (rc == 0 && d->years > 0) {
        struct demo_branch all = db;
        all.ms = ms;
        all.n = n + 1;
        rc = demo_make_pipeline(d, index, &all);
        if (rc == 0) rc = demo_make_appraisals(d, index, &all);
        if (rc == 0) rc = demo_make_terms(d, index, &all);
        if (rc == 0) rc = demo_make_remittances(d, index, &all);
    }
    free(ms);
    return rc;
}
