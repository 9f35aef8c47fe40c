/* demo_meetings.c — `zhibu demo`: a branch's meeting history (三会一课) and plans. */

#include "demo_priv.h"

/* ---- meeting history (三会一课) ----
 * Each branch gets, for the last `years` years up to today, the records a conscientious
 * secretary keeps: a committee meeting most months, each group's meeting most months, a theme
 * day every month (the quarter's general meeting often held on it, sometimes with a lecture),
 * a general meeting and a lecture most quarters, the life meeting and the appraisal in Q4, and
 * a few talks, and the secretary's yearly talk with every member. Then, where the branch's
 * standing puts them (DP_* above), what a reviewer should find: late entries (补记), a month
 * without a committee meeting, one committee meeting short of a quorum, one record without a
 * recorder (要素不全); everywhere one voided duplicate, and plans: a few in the coming week and
 * one overdue. Meetings draw on their own PRNG stream
 * per branch, so the roster stays what it was before meetings existed, whatever --years. */

static const char *const COMMITTEE_TOPICS[] = {
    "研究发展党员工作", "村级重大事项“四议两公开”", "党费收缴情况通报",
    "研究本月主题党日活动安排", "讨论困难党员帮扶名单", "研究村集体经济项目实施方案",
    "研究秋收防火安全工作", "研究人居环境整治工作安排", "讨论入党积极分子培养考察情况",
    "研究低保对象民主评议推荐工作", "研究防汛抗旱工作", "研究无职党员设岗定责工作",
};
static const char *const GENERAL_TOPICS[] = {
    "学习贯彻党的二十大精神", "讨论接收预备党员", "通报支部半年工作情况",
    "村级重大事项“四议两公开”决议", "学习《中国共产党纪律处分条例》", "部署民主评议党员工作",
    "讨论预备党员转正", "审议村集体经济收益分配方案",
};
static const char *const GROUP_TOPICS[] = {
    "学习习近平新时代中国特色社会主义思想", "学习党章", "交流本组党员设岗定责履职情况",
    "秋收防火安全", "收集群众意见建议", "学习《中国共产党农村基层组织工作条例》",
    "党费收缴情况通报", "学习党的二十大报告", "讨论本组困难群众帮扶",
};
static const char *const LECTURE_TOPICS[] = {
    "牢记初心使命 争做合格党员", "学习党的二十大报告专题党课", "发扬优良作风 推进乡村振兴",
    "加强党性修养 严守纪律规矩", "以学铸魂 以学促干", "传承红色基因 担当时代使命",
};
static const char *const THEME_TOPICS[] = {
    "重温入党誓词", "开展“我为群众办实事”志愿服务", "集中学习与党费收缴", "秋收防火安全宣传",
    "人居环境整治义务劳动", "走访慰问困难党员和老党员", "参观革命传统教育基地",
};
static const char *const TALK_TOPICS[] = {
    "与党员谈心谈话，了解思想、工作和生活情况", "与预备党员谈心谈话", "与流动党员电话谈心谈话",
};
static const char *const RESOLUTION_TEXTS[] = {
    "同意将本次讨论的人选列为入党积极分子", "同意村集体经济项目实施方案，提交村民代表会议表决",
    "同意困难党员帮扶名单", "同意本季度党费收缴情况报告", "同意秋收防火安全工作方案",
    "同意低保对象推荐名单并进行公示", "同意人居环境整治工作安排",
};
static const char *const LEAVE_REASONS[] = {"外出务工", "生病住院", "在外地", "家中有事", "照顾病人"};
static const char *const ABSENT_REASONS[] = {"未请假，会后已谈话提醒", "联系不上，已委托家属转告",
                                              "值班未能参加，会后补学"};
static const char *const VISITING_LECTURERS[] = {"镇党委书记", "镇党委副书记", "镇党委组织委员",
                                                  "县委党校讲师"};
static const char *const RURAL_PLACES[] = {"村委会会议室", "村党群服务中心", "党员活动室"};
static const char *const COMMUNITY_PLACES[] = {"社区党群服务中心", "社区会议室", "党员活动室"};
static const char *const UNIT_PLACES[] = {"单位会议室", "党员活动室"};
static const char *const OUTDOOR_PLACES[] = {"村文化广场", "革命传统教育基地", "村党群服务中心"};
static const char *const START_TIMES[] = {"08:30", "09:00", "14:00", "14:30", "19:30"};

/* A record still to be written. */
struct slot {
    struct zdate date;
    enum meeting_kind kind;
    unsigned also;
    int group;            /* index into groups, -1 */
    bool late, incomplete, duplicate;
    bool short_handed;    /* a committee meeting without a quorum (不足法定人数) */
    bool by_secretary;    /* a lecture the secretary gives (one a year at least) */
    int talk_group;       /* a talk: the secretary with each member of this group, or -1 */
};

struct slots {
    struct slot *v;
    int n, cap;
};

static void slot_add(struct slots *s, struct zdate date, enum meeting_kind kind, unsigned also,
                     int group)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->v = xrealloc(s->v, (size_t)s->cap * sizeof *s->v);
    }
    s->v[s->n++] = (struct slot){.date = date, .kind = kind, .also = also, .group = group,
                                 .talk_group = -1};
}

static int slot_cmp(const void *a, const void *b)
{
    const struct slot *x = a, *y = b;
    int c = date_cmp(x->date, y->date);
    if (c) return c;
    if (x->kind != y->kind) return (int)x->kind - (int)y->kind;
    return x->group - y->group;
}

static const struct member *member_by_id(const struct demo_branch *db, int64_t id)
{
    for (int i = 0; i < db->n; i++)
        if (db->ms[i].id == id) return &db->ms[i];
    return NULL;
}

/* A heap string built from parts (NULL-terminated). */
static void sb_add(char **buf, size_t *len, const char *s)
{
    size_t n = strlen(s);
    *buf = xrealloc(*buf, *len + n + 1);
    memcpy(*buf + *len, s, n + 1);
    *len += n;
}

static const char *pick_topic(struct rng *r, enum meeting_kind k)
{
    switch (k) {
    case MK_GENERAL: return PICK(r, GENERAL_TOPICS);
    case MK_COMMITTEE: return PICK(r, COMMITTEE_TOPICS);
    case MK_GROUP: return PICK(r, GROUP_TOPICS);
    case MK_LECTURE: return PICK(r, LECTURE_TOPICS);
    case MK_THEME_DAY: return PICK(r, THEME_TOPICS);
    case MK_LIFE_MEETING: return "召开年度组织生活会，开展批评与自我批评";
    case MK_APPRAISAL: return "开展年度民主评议党员";
    case MK_TALK: return PICK(r, TALK_TOPICS);
    default: return "其他事项";
    }
}

/* Topics, one a line, without repeats: the kind's own first, then the also-counts-as ones. */
static char *make_topics(struct rng *r, const struct slot *sl)
{
    const char *chosen[6];
    int n = 0;
    int own = sl->kind == MK_COMMITTEE || sl->kind == MK_GENERAL ? rng_range(r, 1, 3)
            : sl->kind == MK_GROUP || sl->kind == MK_THEME_DAY   ? rng_range(r, 1, 2)
                                                                  : 1;
    for (int tries = 0; n < own && tries < 12; tries++) {
        const char *t = pick_topic(r, sl->kind);
        bool dup = false;
        for (int i = 0; i < n; i++) dup |= strcmp(chosen[i], t) == 0;
        if (!dup) chosen[n++] = t;
    }
    char *out = NULL;
    size_t len = 0;
    sb_add(&out, &len, "");
    for (int i = 0; i < n; i++) {
        if (i) sb_add(&out, &len, "\n");
        sb_add(&out, &len, chosen[i]);
    }
    for (int k = 0; k < MK_COUNT; k++) {
        if (!(sl->also & MK_BIT(k))) continue;
        sb_add(&out, &len, "\n");
        if (k == MK_LECTURE) sb_add(&out, &len, "党课：");
        sb_add(&out, &len, pick_topic(r, (enum meeting_kind)k));
    }
    return out;
}

static char *make_minutes(struct rng *r, const struct meeting *m, const char *host)
{
    static const char *const OPENERS[][2] = {
        {"会议围绕“", "”进行了学习讨论，与会党员结合工作实际谈了认识和体会。"},
        {"关于“", "”，主持人作了说明，大家逐项讨论，提出了意见建议。"},
        {"会议就“", "”听取了情况汇报，并对下一步工作进行了研究。"},
    };
    static const char *const CLOSINGS[] = {
        "会议要求全体党员在秋收、防火等重点工作中发挥先锋模范作用。",
        "会议强调，要把学习成果转化为推动乡村振兴的实际行动。",
        "会议要求各党小组及时传达会议精神，做好群众的宣传解释工作。",
        "会议对下一阶段工作进行了安排部署，明确了责任人和完成时限。",
        "大家一致表示，要严守纪律规矩，带头落实支部各项决定。",
    };
    char *out = NULL, head[640];
    size_t len = 0;
    if (meeting_kind_of_code(m->kind) == MK_TALK) {
        const char *other = "党员";
        for (int i = 0; i < m->nattendees; i++)
            if (m->attendees[i].member_id != m->host_id) other = m->attendees[i].name;
        snprintf(head, sizeof head, "%s与%s面对面谈心谈话，了解其思想、工作和生活情况，听取了对"
                 "支部工作的意见建议，并就在群众中发挥党员作用提出了希望。", host, other);
        sb_add(&out, &len, head);
        return out;
    }
    snprintf(head, sizeof head, "会议由%s主持，应到%d人，实到%d人。", host, m->expected,
             m->present);
    sb_add(&out, &len, head);
    int kind = meeting_kind_of_code(m->kind);
    const char *t = m->topics;
    while (t && *t) {
        size_t n = strcspn(t, "\n");
        char topic[TEXT_SHORT * 2];
        snprintf(topic, sizeof topic, "%.*s", (int)n, t);
        const char *what = topic;
        bool lecture = kind == MK_LECTURE || strncmp(topic, "党课：", strlen("党课：")) == 0;
        if (strncmp(topic, "党课：", strlen("党课：")) == 0) what += strlen("党课：");
        bool theme = kind == MK_THEME_DAY;
        for (size_t i = 0; i < ZB_ARRAY_LEN(THEME_TOPICS); i++)
            theme |= strcmp(what, THEME_TOPICS[i]) == 0;
        /* quotes around the topic unless it holds quotes of its own */
        bool quote = strstr(what, "“") == NULL;
        if (lecture) {
            sb_add(&out, &len, m->lecturer_name[0] ? m->lecturer_name : host);
            sb_add(&out, &len, quote ? "以“" : "以");
            sb_add(&out, &len, what);
            sb_add(&out, &len, quote ? "”为题讲授专题党课，与会党员认真聆听并交流了学习体会。"
                                     : "为题讲授专题党课，与会党员认真聆听并交流了学习体会。");
        } else if (theme) {
            sb_add(&out, &len, "主题党日活动：");
            sb_add(&out, &len, what);
            sb_add(&out, &len, "，党员们积极参与。");
        } else {
            int o = rng_below(r, (int)ZB_ARRAY_LEN(OPENERS));
            sb_add(&out, &len, OPENERS[o][0]);
            if (!quote) len -= strlen("“"), out[len] = '\0';
            sb_add(&out, &len, what);
            sb_add(&out, &len, OPENERS[o][1] + (quote ? 0 : strlen("”")));
        }
        t += n;
        if (*t) t++;
    }
    if (meeting_counts_as(m, MK_THEME_DAY)) sb_add(&out, &len, "会上集中收缴了本月党费。");
    sb_add(&out, &len, "\n");
    sb_add(&out, &len, PICK(r, CLOSINGS));
    return out;
}

/* Marks for the expected list: most present; mobile members mostly on leave (some excused
 * with approval), a few others on leave or absent, each with a reason. */
static void mark_attendance(struct rng *r, const struct demo_branch *db, struct meeting *m,
                            struct zdate date)
{
    bool small = meeting_kind_of_code(m->kind) == MK_COMMITTEE;
    for (int i = 0; i < m->nattendees; i++) {
        struct attendee *a = &m->attendees[i];
        const struct member *mem = member_by_id(db, a->member_id);
        int x = rng_below(r, 1000);
        if (mem && mem->mobile) {
            if (x < 850) {
                zb_strlcpy(a->mark, "leave", sizeof a->mark);
                zb_strlcpy(a->reason, "外出务工", sizeof a->reason);
                a->excused = rng_chance(r, 500);
            }
            continue;
        }
        struct zdate birth;
        if (mem && date_parse(mem->birth_date, &birth) && date_age(birth, date) >= 80 && x < 500) {
            zb_strlcpy(a->mark, "leave", sizeof a->mark);
            zb_strlcpy(a->reason, "年老体弱，行动不便", sizeof a->reason);
            continue;
        }
        if (x < (small ? 30 : 40)) {
            zb_strlcpy(a->mark, "leave", sizeof a->mark);
            zb_strlcpy(a->reason, PICK(r, LEAVE_REASONS), sizeof a->reason);
        } else if (!small && x < 55) {
            zb_strlcpy(a->mark, "absent", sizeof a->mark);
            zb_strlcpy(a->reason, PICK(r, ABSENT_REASONS), sizeof a->reason);
        }
    }
}

/* "YYYY-MM-DDTHH:MM:SSZ" for an entry made `delay` days after the meeting, a little after it
 * ended (Beijing time, stored as UTC), never after today. */
static void entry_stamp(struct rng *r, struct demo *d, const struct meeting *m, struct zdate date,
                        int delay, char out[24])
{
    struct zdate day = date_add_days(date, delay);
    if (date_cmp(day, d->today) > 0) day = d->today;
    int end = 12 * 60;
    if (meeting_time_valid(m->end_time))
        end = ((m->end_time[0] - '0') * 10 + (m->end_time[1] - '0')) * 60 +
              (m->end_time[3] - '0') * 10 + (m->end_time[4] - '0');
    int local = date_cmp(day, date) == 0 ? end + rng_range(r, 30, 180) : rng_range(r, 8 * 60, 18 * 60);
    if (local > 23 * 60 + 50) local = 23 * 60 + 50;
    int utc = local - 8 * 60;
    if (utc < 0) { /* before 08:00 Beijing: the previous UTC day, but not before the meeting */
        if (date_cmp(day, date) > 0) {
            day = date_add_days(day, -1);
            utc += 24 * 60;
        } else {
            utc = 0;
        }
    }
    snprintf(out, 24, "%04u-%02u-%02uT%02u:%02u:%02uZ", (unsigned)day.y % 10000u,
             (unsigned)day.m % 100u, (unsigned)day.d % 100u, (unsigned)(utc / 60) % 100u,
             (unsigned)(utc % 60) % 100u, (unsigned)rng_below(r, 60) % 100u);
}

static int fail_meeting(struct demo *d, const struct demo_branch *db, const struct meeting *m,
                        const char *msg)
{
    snprintf(d->err, sizeof d->err, "演示会议记录有误（%s %s %s）：%s", db->b->name, m->date,
             m->kind, msg);
    return -1;
}

/* The record's attendance: the roster on the day, marked (a talk: the secretary and one member,
 * or each member of a group); a meeting short-handed loses most of those present. */
static int slot_attendance(struct demo *d, struct rng *r, const struct demo_branch *db,
                           const struct slot *sl, struct meeting *m)
{
    enum meeting_kind expect_kind = sl->kind == MK_TALK ? MK_GENERAL : sl->kind;
    if (store_meeting_expected(d->st, db->b->id, expect_kind, m->group_id, m->date, &m->attendees,
                               &m->nattendees) != STORE_OK)
        return demo_fail_store(d, "读取应到人员");
    if (sl->kind == MK_TALK && sl->talk_group >= 0) {
        /* the secretary's yearly talks with each member of a group, one after another */
        int k = 0;
        for (int i = 0; i < m->nattendees; i++) {
            const struct member *mem = member_by_id(db, m->attendees[i].member_id);
            if (m->attendees[i].member_id == db->secretary ||
                (mem && mem->group_id == db->groups[sl->talk_group].id))
                m->attendees[k++] = m->attendees[i];
        }
        m->nattendees = k;
    } else if (sl->kind == MK_TALK && m->nattendees > 0) {
        /* one to one: the secretary and one member */
        struct attendee pair[2];
        int k = 0, other = rng_below(r, m->nattendees);
        for (int i = 0; i < m->nattendees && k < 1; i++)
            if (m->attendees[i].member_id == db->secretary) pair[k++] = m->attendees[i];
        if (m->attendees[other].member_id != db->secretary) pair[k++] = m->attendees[other];
        memcpy(m->attendees, pair, (size_t)k * sizeof pair[0]);
        m->nattendees = k;
    } else {
        mark_attendance(r, db, m, sl->date);
    }
    if (sl->short_handed) { /* only the secretary and at most a third of the others came */
        int present = 0;
        for (int i = 0; i < m->nattendees; i++) {
            struct attendee *a = &m->attendees[i];
            if (a->member_id == db->secretary || (present + 1) * 3 < m->nattendees) {
                if (strcmp(a->mark, "present") == 0) present++;
                continue;
            }
            if (strcmp(a->mark, "present") == 0) {
                zb_strlcpy(a->mark, "leave", sizeof a->mark);
                zb_strlcpy(a->reason, "到镇里参加培训", sizeof a->reason);
            }
        }
    }
    return 0;
}

/* When and where. */
static void slot_time_place(struct rng *r, const struct demo_branch *db, const struct slot *sl,
                            struct meeting *m)
{
    const char *start = sl->kind == MK_THEME_DAY || sl->kind == MK_GENERAL ? (rng_chance(r, 600) ? "09:00" : "14:30")
                                                                          : PICK(r, START_TIMES);
    zb_strlcpy(m->start_time, start, sizeof m->start_time);
    int minutes = (start[0] - '0') * 600 + (start[1] - '0') * 60 + (start[3] - '0') * 10 +
                  (start[4] - '0');
    minutes += sl->kind == MK_TALK ? rng_range(r, 1, 2) * 30 : rng_range(r, 2, 5) * 30;
    snprintf(m->end_time, sizeof m->end_time, "%02u:%02u", (unsigned)(minutes / 60) % 24u,
             (unsigned)minutes % 60u);

    const char *place;
    if (sl->kind == MK_THEME_DAY && rng_chance(r, 300) && strcmp(db->type, "rural") == 0)
        place = PICK(r, OUTDOOR_PLACES);
    else if (strcmp(db->type, "rural") == 0) place = PICK(r, RURAL_PLACES);
    else if (strcmp(db->type, "community") == 0) place = PICK(r, COMMUNITY_PLACES);
    else place = PICK(r, UNIT_PLACES);
    zb_strlcpy(m->place, place, sizeof m->place);
}

/* Host and recorder, the lecturer, the observers; returns the host's name. */
static const char *slot_people(struct rng *r, const struct demo_branch *db, const struct slot *sl,
                               const struct group *g, struct meeting *m)
{
    /* host and recorder: the secretary and the organising member; a group's leader hosts its
     * meeting and another member of the group present records it */
    m->host_id = db->secretary;
    m->recorder_id = db->recorder;
    const char *host_name = db->secretary_name;
    if (g && g->leader_id) {
        m->host_id = g->leader_id;
        const struct member *lead = member_by_id(db, g->leader_id);
        if (lead) host_name = lead->name;
        for (int i = 0; i < m->nattendees; i++)
            if (m->attendees[i].member_id != g->leader_id &&
                strcmp(m->attendees[i].mark, "present") == 0) {
                m->recorder_id = m->attendees[i].member_id;
                break;
            }
    }
    if (sl->incomplete) m->recorder_id = 0;
    if (meeting_counts_as(m, MK_LECTURE)) {
        if (rng_chance(r, 650)) {
            m->lecturer_id = db->secretary;
        } else {
            char surname_given[64];
            demo_han_given(r, rng_chance(r, 300), surname_given, sizeof surname_given);
            snprintf(m->lecturer_name, sizeof m->lecturer_name, "%s %s%s", PICK(r, VISITING_LECTURERS),
                     demo_pick_surname(r), surname_given);
        }
        if (sl->by_secretary) { /* (after the draws, so the stream stays what it was) */
            m->lecturer_id = db->secretary;
            m->lecturer_name[0] = '\0';
        }
    }
    if (meeting_counts_as(m, MK_GENERAL) && rng_chance(r, 300))
        zb_strlcpy(m->observers, "镇包村干部、村务监督委员会主任", sizeof m->observers);
    else if (sl->kind == MK_THEME_DAY && rng_chance(r, 200))
        zb_strlcpy(m->observers, "入党积极分子、部分群众代表", sizeof m->observers);
    return host_name;
}

/* A general or committee meeting's resolutions (or 无表决事项), votes within those present. */
static void slot_resolutions(struct rng *r, const struct slot *sl, struct meeting *m)
{
    if (meeting_counts_as(m, MK_GENERAL) || meeting_counts_as(m, MK_COMMITTEE)) {
        if (sl->kind == MK_COMMITTEE && rng_chance(r, 200)) {
            m->no_resolutions = true;
        } else {
            int voters = meeting_voters_present(m); /* votes never exceed those present with a vote */
            m->nresolutions = rng_range(r, 1, 2);
            m->resolutions = xcalloc((size_t)m->nresolutions, sizeof *m->resolutions);
            for (int i = 0; i < m->nresolutions; i++) {
                struct resolution *res = &m->resolutions[i];
                const char *t = PICK(r, RESOLUTION_TEXTS);
                if (i > 0 && strcmp(t, m->resolutions[0].text) == 0) t = RESOLUTION_TEXTS[0];
                zb_strlcpy(res->text, t, sizeof res->text);
                res->votes_abstain = voters > 3 && rng_chance(r, 150) ? 1 : 0;
                res->votes_against = voters > 10 && rng_chance(r, 80) ? 1 : 0;
                res->votes_for = voters - res->votes_abstain - res->votes_against;
                if (res->votes_for < 0) res->votes_for = 0;
            }
        }
    }
}

/* A committee meeting of the last three months was planned a week ahead. */
static int slot_plan(struct demo *d, struct rng *r, const struct slot *sl, struct meeting *m)
{
    if (sl->kind == MK_COMMITTEE && date_diff_days(d->today, sl->date) <= 90) {
        struct meeting_plan p = {0};
        p.branch_id = m->branch_id;
        zb_strlcpy(p.kind, m->kind, sizeof p.kind);
        zb_strlcpy(p.date, m->date, sizeof p.date);
        char *first = xstrdup(m->topics);
        first[strcspn(first, "\n")] = '\0';
        zb_strlcpy(p.topic, first, sizeof p.topic);
        free(first);
        char stamp[24];
        struct meeting planned = {.end_time = "18:00"};
        entry_stamp(r, d, &planned, date_add_days(sl->date, -7), 0, stamp);
        if (store_plan_add(d->st, &p) != STORE_OK || store_plan_set_created(d->st, p.id, stamp) != STORE_OK) {
            meeting_free(m);
            return demo_fail_store(d, "写入会议计划");
        }
        m->plan_id = p.id;
        d->plans++;
    }
    return 0;
}

/* m written as entered at stamp: on a clock set to stamp (clock_set_now), so that the record,
 * its resolutions and its journal entry are written with it. A record that fulfils a plan is
 * written at the clock's time and back-dated after (store_meeting_set_created: the plan's
 * fulfilment keeps the time it was written at). */
static int add_entered(struct demo *d, struct meeting *m, const char *stamp)
{
    if (m->plan_id != 0)
        return store_meeting_add(d->st, m) == STORE_OK &&
               store_meeting_set_created(d->st, m->id, stamp) == STORE_OK ? 0 : -1;
    clock_set_now(stamp);
    int rc = store_meeting_add(d->st, m);
    clock_set_now(NULL);
    return rc == STORE_OK ? 0 : -1;
}

/* The record written, entered some days after the meeting (and a voided duplicate). */
static int slot_store(struct demo *d, struct rng *r, const struct slot *sl, struct meeting *m)
{
    int delay = sl->late ? d->late_entry_days + rng_range(r, 3, 33)
              : rng_chance(r, 700) ? 0 : rng_chance(r, 650) ? 1 : rng_range(r, 2, 3);
    char stamp[24];
    entry_stamp(r, d, m, sl->date, delay, stamp);
    if (add_entered(d, m, stamp) != 0) {
        meeting_free(m);
        return demo_fail_store(d, "写入会议记录");
    }
    d->meetings++;
    if (sl->duplicate) { /* entered twice by mistake; the second copy is voided */
        m->plan_id = 0;
        entry_stamp(r, d, m, sl->date, delay + 1, stamp);
        if (add_entered(d, m, stamp) != 0 ||
            store_meeting_void(d->st, m->id, "重复录入，以同日另一条记录为准") != STORE_OK) {
            meeting_free(m);
            return demo_fail_store(d, "写入会议记录");
        }
        d->meetings++;
    }
    return 0;
}

/* Build, check and write one record (and, for the duplicate, a second one that is voided). */
static int write_slot(struct demo *d, struct rng *r, const struct demo_branch *db,
                      const struct slot *sl)
{
    struct meeting m = {0};
    m.branch_id = db->b->id;
    zb_strlcpy(m.kind, meeting_kind_code(sl->kind), sizeof m.kind);
    m.also_mask = sl->also;
    date_format(sl->date, m.date);
    const struct group *g = sl->group >= 0 ? &db->groups[sl->group] : NULL;
    if (g) m.group_id = g->id;

    int rc = slot_attendance(d, r, db, sl, &m);
    if (rc != 0) return rc;
    slot_time_place(r, db, sl, &m);
    const char *host_name = slot_people(r, db, sl, g, &m);

    m.topics = make_topics(r, sl);
    struct meeting_rules rules = {.election_quorum_percent = d->election_quorum_percent};
    meeting_evaluate(&m, &rules);
    m.minutes = make_minutes(r, &m, host_name);
    slot_resolutions(r, sl, &m);
    meeting_evaluate(&m, &rules);

    enum meeting_field field;
    char buf[ZB_MSG_MAX];
    const char *problem = meeting_check(&m, d->today, &field, buf, sizeof buf);
    if (problem) {
        rc = fail_meeting(d, db, &m, problem);
        meeting_free(&m);
        return rc;
    }

    rc = slot_plan(d, r, sl, &m);
    if (rc == 0) rc = slot_store(d, r, sl, &m);
    if (rc != 0) return rc;
    meeting_free(&m);
    return 0;
}

static int add_plan(struct demo *d, struct rng *r, const struct demo_branch *db,
                    enum meeting_kind kind, int group, struct zdate date, const char *topic,
                    struct zdate made)
{
    struct meeting_plan p = {0};
    p.branch_id = db->b->id;
    zb_strlcpy(p.kind, meeting_kind_code(kind), sizeof p.kind);
    if (group >= 0) p.group_id = db->groups[group].id;
    date_format(date, p.date);
    zb_strlcpy(p.topic, topic, sizeof p.topic);
    char stamp[24];
    struct meeting planned = {.end_time = "17:00"};
    entry_stamp(r, d, &planned, made, 0, stamp);
    if (store_plan_add(d->st, &p) != STORE_OK || store_plan_set_created(d->st, p.id, stamp) != STORE_OK)
        return demo_fail_store(d, "写入会议计划");
    d->plans++;
    return 0;
}

/* Choose one index among the slots that match, or -1. */
static int pick_slot(struct rng *r, const struct slots *s, bool (*ok)(const struct slot *, void *),
                     void *ctx)
{
    int count = 0;
    for (int i = 0; i < s->n; i++)
        if (ok(&s->v[i], ctx)) count++;
    if (count == 0) return -1;
    int k = rng_below(r, count);
    for (int i = 0; i < s->n; i++)
        if (ok(&s->v[i], ctx) && k-- == 0) return i;
    return -1;
}

static bool older_than(const struct slot *s, void *ctx)
{
    const struct zdate *limit = ctx;
    return date_cmp(s->date, *limit) <= 0 && !s->late && !s->incomplete && !s->duplicate &&
           !s->short_handed;
}

static bool old_committee_meeting(const struct slot *s, void *ctx)
{
    return s->kind == MK_COMMITTEE && older_than(s, ctx);
}

static bool old_group_meeting(const struct slot *s, void *ctx)
{
    return s->kind == MK_GROUP && older_than(s, ctx);
}

/* The marks a reviewer should find: the secretary's lectures, 补记, a record without recorder,
 * a voided duplicate, a committee meeting short of a quorum. */
static void meetings_marks(struct demo *d, struct rng *r, struct rng *xs, struct slots *s)
{
    const struct standing_rates *rate = demo_rates_of(d);
    /* the secretary gives one of each year's lectures at least (secretary_lectures_per_year) */
    for (int k = 0, year = 0; k < s->n; k++)
        if ((s->v[k].kind == MK_LECTURE || (s->v[k].also & MK_BIT(MK_LECTURE))) && s->v[k].date.y != year) {
            year = s->v[k].date.y;
            s->v[k].by_secretary = d->standing != STANDING_BEHIND;
        }
    struct zdate old = date_add_days(d->today, -45);
    int nlate = rng_range(r, 2, 4);
    if (!demo_has_problem(d, DP_RECORDS)) nlate = rng_chance(xs, rate->late_record) ? 1 : 0;
    for (int k = 0; k < nlate; k++) {
        int i = pick_slot(r, s, older_than, &old);
        if (i >= 0) s->v[i].late = true;
    }
    int i = pick_slot(r, s, old_group_meeting, &old);
    if (i >= 0 && demo_has_problem(d, DP_RECORDS)) s->v[i].incomplete = true;
    i = pick_slot(r, s, old_group_meeting, &old);
    if (i >= 0) s->v[i].duplicate = true; /* voided: not a problem, but shown */
    i = pick_slot(r, s, old_committee_meeting, &old);
    if (i >= 0 && demo_has_problem(d, DP_RECORDS)) s->v[i].short_handed = true;
}

/* Plans: the next theme day and a committee and a group meeting within the week; one lecture
 * that should have been held four days ago. */
static int meetings_plans(struct demo *d, struct rng *r, const struct demo_branch *db)
{
    int rc = 0;
    struct zdate next_theme = demo_ymd(d->today.y, d->today.m, db->theme_day);
    if (date_cmp(next_theme, d->today) <= 0)
        next_theme = date_add_months(next_theme, 1);
    struct zdate made = date_add_days(d->today, -rng_range(r, 3, 10));
    if (date_diff_days(next_theme, d->today) <= 7)
        rc = add_plan(d, r, db, MK_THEME_DAY, -1, next_theme, PICK(r, THEME_TOPICS), made);
    if (rc == 0)
        rc = add_plan(d, r, db, MK_COMMITTEE, -1, date_add_days(d->today, rng_range(r, 1, 3)),
                      PICK(r, COMMITTEE_TOPICS), made);
    if (rc == 0 && db->ngroups > 0)
        rc = add_plan(d, r, db, MK_GROUP, rng_below(r, db->ngroups),
                      date_add_days(d->today, rng_range(r, 4, 7)), PICK(r, GROUP_TOPICS), made);
    if (rc == 0)
        rc = add_plan(d, r, db, MK_LECTURE, -1, date_add_days(d->today, -4), PICK(r, LECTURE_TOPICS),
                      date_add_days(d->today, -20));
    return rc;
}

int demo_make_meetings(struct demo *d, const struct demo_branch *db, int index)
{
    if (d->years <= 0) return 0;
    struct rng rs = {d->seed ^ (UINT64_C(0xA24BAED4963EE407) * (uint64_t)(index + 1))};
    struct rng *r = &rs;
    /* what the branch's standing adds draws on a stream of its own, so that the rest of the
     * records stay what they were */
    struct rng xs = {d->seed ^ (UINT64_C(0x3C6EF372FE94F82B) * (uint64_t)(index + 1))};
    struct slots s = {0};
    struct zdate first_day = date_add_days(date_add_years(d->today, -d->years), 1);
    struct zdate month = date_month_start(first_day);
    int nmonths = date_month_span(month, d->today) + 1;
    const struct standing_rates *rate = demo_rates_of(d);
    int missed_committee = nmonths > 2 ? rng_range(r, 0, nmonths - 2) : -1;
    if (!demo_has_problem(d, DP_COMMITTEE_GAP)) missed_committee = -1;
    else if (d->standing == STANDING_BEHIND && nmonths > 1) missed_committee = nmonths - 2; /* last month */
    int missed_theme[2] = {-1, -1}, lax_group = rng_below(&xs, db->ngroups > 0 ? db->ngroups : 1);
    if (demo_has_problem(d, DP_THEME_MISSED) && nmonths > 2)
        for (int k = 0; k < (d->standing == STANDING_BEHIND ? 2 : 1); k++)
            missed_theme[k] = rng_range(&xs, 0, nmonths - 2);
    int gen_month = 0, lecture_month = 0;
    bool gen_on_theme = false, lecture_with_gen = false, lecture_held = false, general_held = false;
    bool life_in_november = false;

    for (int mi = 0; mi < nmonths; mi++, month = date_add_months(month, 1)) {
        int dim = date_days_in_month(month.y, month.m);
        int qpos = (month.m - 1) % 3;
        if (qpos == 0 || mi == 0) {
            gen_month = rng_range(r, qpos, 2);
            lecture_month = rng_range(r, qpos, 2);
            gen_on_theme = rng_chance(r, 600);
            lecture_with_gen = gen_on_theme && rng_chance(r, 400);
            general_held = rng_chance(r, rate->general);
            lecture_held = rng_chance(r, rate->lecture);
        }
        /* committee */
        if (mi != missed_committee && rng_chance(r, rate->committee))
            slot_add(&s, demo_ymd(month.y, month.m, rng_range(r, 1, 6)), MK_COMMITTEE, 0, -1);
        /* groups */
        for (int g = 0; g < db->ngroups; g++)
            if (rng_chance(r, g == lax_group && demo_has_problem(d, DP_GROUP_LAX) ? rate->lax_group : rate->group))
                slot_add(&s, demo_ymd(month.y, month.m, rng_range(r, 7, dim < 27 ? dim : 27)), MK_GROUP, 0, g);
        /* theme day, with the quarter's general meeting on it (and perhaps a lecture) */
        struct zdate theme = demo_ymd(month.y, month.m, db->theme_day <= dim ? db->theme_day : dim);
        if (qpos == gen_month && gen_on_theme && general_held) {
            unsigned also = MK_BIT(MK_THEME_DAY) | (lecture_with_gen ? MK_BIT(MK_LECTURE) : 0);
            slot_add(&s, theme, MK_GENERAL, also, -1);
        } else {
            unsigned also = qpos == lecture_month && lecture_held && !lecture_with_gen && rng_chance(r, 300)
                                ? MK_BIT(MK_LECTURE) : 0;
            if (also) lecture_held = false; /* this quarter's lecture is this theme day */
            if (mi != missed_theme[0] && mi != missed_theme[1])
                slot_add(&s, theme, MK_THEME_DAY, also, -1);
            else if (also) /* the lecture is held on its own that month */
                slot_add(&s, demo_ymd(month.y, month.m, theme.d > 8 ? theme.d - 1 : theme.d + 1), MK_LECTURE, 0, -1);
        }
        if (qpos == gen_month && !gen_on_theme && general_held) {
            int day = rng_range(r, 8, 27);
            if (day == theme.d) day = day > 8 ? day - 1 : day + 1;
            slot_add(&s, demo_ymd(month.y, month.m, day), MK_GENERAL, 0, -1);
        }
        if (qpos == lecture_month && lecture_held && !lecture_with_gen) {
            int day = rng_range(r, 8, 27);
            if (day == theme.d) day = day > 8 ? day - 1 : day + 1;
            slot_add(&s, demo_ymd(month.y, month.m, day), MK_LECTURE, 0, -1);
        }
        /* Q4: life meeting (often with the appraisal) in November or December */
        if (month.m == 11 || mi == 0) life_in_november = rng_chance(r, 300);
        if ((month.m == 11 && life_in_november) || (month.m == 12 && !life_in_november)) {
            bool both = rng_chance(r, 500);
            struct zdate day = demo_ymd(month.y, month.m, rng_range(r, 16, 28));
            slot_add(&s, day, MK_LIFE_MEETING, both ? MK_BIT(MK_APPRAISAL) : 0, -1);
            if (!both) slot_add(&s, date_add_days(day, 1), MK_APPRAISAL, 0, -1);
        }
        if (rng_chance(r, 250)) slot_add(&s, demo_ymd(month.y, month.m, rng_range(r, 1, dim)), MK_TALK, 0, -1);
        /* the secretary's yearly talk with every member (talk_per_year), a group at a time,
         * in the autumn before the life meeting (September to the first half of November);
         * a branch behind does not get round to it */
        if (month.m == 9 || (mi == 0 && month.m > 9))
            for (int g = 0; g < db->ngroups; g++) {
                /* (a history that starts in the autumn: from its first day to mid-December) */
                struct zdate lo = mi == 0 ? demo_max_date(first_day, month) : month;
                struct zdate hi = demo_ymd(month.y, mi == 0 ? 12 : 11, 15);
                if (date_cmp(lo, hi) > 0) break;
                struct zdate when = demo_random_date(&xs, lo, hi);
                if (d->standing != STANDING_BEHIND) {
                    slot_add(&s, when, MK_TALK, 0, -1);
                    s.v[s.n - 1].talk_group = g;
                }
            }
    }
    /* only what has happened by today, within the years asked for */
    int kept = 0;
    for (int i = 0; i < s.n; i++)
        if (date_cmp(s.v[i].date, d->today) <= 0 && date_cmp(s.v[i].date, first_day) >= 0)
            s.v[kept++] = s.v[i];
    s.n = kept;
    qsort(s.v, (size_t)s.n, sizeof *s.v, slot_cmp);

    meetings_marks(d, r, &xs, &s);

    int rc = 0;
    for (int k = 0; k < s.n && rc == 0; k++)
        rc = write_slot(d, s.v[k].talk_group >= 0 ? &xs : r, db, &s.v[k]);
    free(s.v);
    if (rc) return rc;

    return meetings_plans(d, r, db);
}
