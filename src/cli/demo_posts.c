/* demo_posts.c — `zhibu demo`: a branch's post scheme (设岗定责): claims, reports, reviews. */

#include "demo_priv.h"

/* ---- the post scheme (设岗定责) ----
 * Each branch gets a catalogue of 8–12 posts from POST_CATALOGUE, active from two years back,
 * and the cycle since: rounds of claims half a year apart (and one a few weeks ago), each
 * followed a few days later by its public notice (the last one may not be noticed yet); most
 * members without office hold a post, two hold two, one or two stepped down and took another
 * post; reports on the branch's theme days, on time except for two or three holders who are
 * overdue now; last year's reviews with their rewards; one member excused (年老体弱) and one
 * without a post. Everything passes the checks the forms apply (posts.h). Its own PRNG
 * stream per branch, so everything generated before stays as it was. */

struct post_act {
    const char *before;
    int lo, hi;
    const char *after;
};
static const struct post_texts {
    const char *key;           /* found in the post's name */
    const char *pledges[2];
    struct post_act acts[3];
} POST_TEXTS[] = {
    {"宣传", {"认真履行岗位职责，每月至少入户宣传2次，做群众的贴心人",
              "带头学习宣传党的政策，把惠农政策讲到田间地头"},
     {{"入户宣讲惠农政策", 4, 9, "次"}, {"发放政策宣传资料", 30, 120, "份"},
      {"收集群众意见建议", 2, 6, "条并向支部反映"}}},
    {"村务监督", {"坚持原则、公道正派，认真监督村务公开，发现问题及时反映",
                  "列席村“两委”会议，做好村务监督，让群众放心"},
     {{"列席村“两委”会议", 1, 3, "次"}, {"查看村务公开栏", 2, 6, "次，公开内容按时更新"},
      {"监督重大事项决策程序", 1, 2, "项，程序规范"}}},
    {"财务", {"严格审核村级财务收支，做到账目清楚、公开透明",
              "管好集体家底，每季度审核一次财务公开"},
     {{"审核村级财务收支票据", 20, 60, "张"}, {"参加财务公开审核", 1, 2, "次"},
      {"对不合规开支提出意见", 1, 3, "条，已整改"}}},
    {"种植", {"办好示范田，每年开展技术指导不少于4次，带动群众增收",
              "带头引进良种良法，手把手教会乡亲们新技术"},
     {{"开展种植技术指导", 1, 3, "次"}, {"推广良种，带动农户", 3, 12, "户"},
      {"示范田接待群众参观", 10, 40, "人次"}}},
    {"养殖", {"带头科学养殖，做好防疫，帮助养殖户解决技术难题",
              "推广规范养殖和粪污处理，带动群众共同致富"},
     {{"为养殖户提供防疫技术指导", 2, 8, "次"}, {"帮助联系饲料和销售渠道", 1, 4, "家"},
      {"督促落实畜禽粪污处理", 3, 10, "户"}}},
    {"帮扶", {"结对帮扶困难群众，每月至少走访1次，帮助解决实际困难",
              "尽己所能帮助结对户发展生产，早日增收致富"},
     {{"走访结对帮扶户", 3, 6, "次"}, {"帮助困难群众联系务工岗位", 1, 3, "个"},
      {"帮助销售农产品", 500, 3000, "斤"}}},
    {"调解", {"及时排查化解矛盾纠纷，做到小事不出村、矛盾不上交",
              "公平公正调解邻里纠纷，维护村里和谐稳定"},
     {{"排查矛盾纠纷", 2, 6, "起"}, {"协助调解邻里、土地纠纷", 1, 4, "起，均已化解"},
      {"走访重点户", 3, 8, "户"}}},
    {"治安", {"积极参加治安巡逻，做好防火防盗防诈骗宣传，守护一方平安",
              "发现安全隐患及时报告，做平安村建设的带头人"},
     {{"参加夜间治安巡逻", 4, 12, "次"}, {"开展防诈骗宣传", 1, 3, "次"},
      {"报告安全隐患", 1, 3, "处，已处理"}}},
    {"环境", {"带头搞好房前屋后卫生，督促落实门前三包，建设美丽乡村",
              "每月参加环境整治活动，带动群众养成垃圾分类好习惯"},
     {{"组织参加环境整治活动", 2, 4, "次"}, {"督促落实门前三包", 10, 30, "户"},
      {"清理卫生死角", 3, 8, "处"}}},
    {"设施", {"爱护公共设施，发现损坏及时登记报修",
              "看好管好道路路灯水利设施，为群众生产生活提供方便"},
     {{"巡查道路、路灯等公共设施", 4, 10, "次"}, {"登记报修损坏设施", 1, 5, "处"},
      {"劝阻损坏公共设施行为", 1, 2, "起"}}},
    {"信息", {"热情为群众解答政策咨询，帮助老年人办理网上业务", "及时传达村务通知，做群众的信息员"},
     {{"为群众解答政策和办事咨询", 5, 20, "人次"}, {"帮助老年人网上办理社保医保业务", 3, 12, "件"},
      {"传达村务通知", 2, 6, "次"}}},
    {"文明", {"带头移风易俗，倡导婚事新办、丧事简办，弘扬文明新风",
              "积极参与文明家庭评选，做文明新风的宣传员"},
     {{"劝导红白事简办", 1, 3, "户"}, {"参与好媳妇好婆婆评选", 1, 2, "次"},
      {"劝导不文明行为", 2, 6, "起"}}},
};
static const struct post_texts POST_TEXTS_ANY = {
    "", {"认真履行岗位职责，发挥党员先锋模范作用", "立足岗位作奉献，带头为群众办实事"},
    {{"开展岗位履职活动", 2, 6, "次"}, {"走访联系群众", 5, 15, "户"},
     {"向支部反映群众意见建议", 1, 4, "条"}},
};
static const char *const STEP_DOWN_REASONS[] = {
    "身体原因，申请调整岗位", "家中事务繁忙，申请调整岗位", "外出务工时间较长，调整岗位",
    "经支部研究，调整到更适合的岗位",
};
static const char *const EXCELLENT_COMMENTS[] = {"履职积极主动，成效突出，群众评价高",
                                                 "带头作用明显，群众满意"};
static const char *const COMPETENT_COMMENTS[] = {"能够认真履行岗位职责，按时汇报", "履职较好，群众认可"};

static const struct post_texts *post_texts_of(const char *name)
{
    for (size_t i = 0; i < ZB_ARRAY_LEN(POST_TEXTS); i++)
        if (strstr(name, POST_TEXTS[i].key)) return &POST_TEXTS[i];
    return &POST_TEXTS_ANY;
}

/* One holding as planned. */
struct post_plan {
    int member;             /* index into ms */
    int post;               /* index into the branch's posts */
    int round;
    struct zdate claimed;
    struct zdate ended;     /* {0} while held */
    const char *end_reason;
    bool recommend;
    bool overdue;           /* stops reporting early */
    int64_t id;
};

struct post_event {
    struct zdate date;
    int kind;               /* 0 end, 1 claim, 2 notice: the order on one day */
    int plan;               /* or the round for a notice */
};

static int post_event_cmp(const void *a, const void *b)
{
    const struct post_event *x = a, *y = b;
    int c = date_cmp(x->date, y->date);
    if (c) return c;
    if (x->kind != y->kind) return x->kind - y->kind;
    return x->plan - y->plan;
}

static bool is_zero_date(struct zdate d)
{
    return d.y == 0 && d.m == 0 && d.d == 0;
}

static int fail_post_check(struct demo *d, const struct branch *b, const struct member *m,
                           const char *what, const char *why)
{
    snprintf(d->err, sizeof d->err, "演示数据有误（%s %s，%s）：%s", b->name, m->name, what, why);
    return -1;
}

/* A report's content: two of the post's activities with numbers. */
static void post_report_text(struct rng *r, const struct post_texts *t, char *out, size_t outsz)
{
    int a = rng_below(r, 3), b = (a + 1 + rng_below(r, 2)) % 3;
    const struct post_act *x = &t->acts[a], *y = &t->acts[b];
    snprintf(out, outsz, "本季度%s%d%s；%s%d%s。", x->before, rng_range(r, x->lo, x->hi), x->after,
             y->before, rng_range(r, y->lo, y->hi), y->after);
}

static int post_reports(struct demo *d, struct rng *r, const struct branch *b, const struct member *m,
                        const struct post_plan *pl, const char *post_name, int theme_day)
{
    char claimed[DATE_STR_LEN], ended[DATE_STR_LEN] = "";
    date_format(pl->claimed, claimed);
    if (!is_zero_date(pl->ended)) date_format(pl->ended, ended);
    struct zdate stop = d->today;
    if (pl->overdue)
        stop = date_add_days(date_add_months(d->today, -d->post_report_months),
                             -rng_range(r, 5, 50) - (d->standing == STANDING_BEHIND ? 40 : 0));
    if (ended[0] && date_cmp(pl->ended, stop) < 0) stop = date_add_days(pl->ended, -1);
    const struct post_texts *t = post_texts_of(post_name);
    struct zdate last = pl->claimed;
    for (;;) {
        struct zdate due = date_add_months(last, d->post_report_months);
        int dim = date_days_in_month(due.y, due.m);
        struct zdate day = demo_ymd(due.y, due.m, theme_day <= dim ? theme_day : dim);
        if (date_cmp(day, due) > 0) {
            struct zdate prev = date_add_months(date_month_start(due), -1);
            int pdim = date_days_in_month(prev.y, prev.m);
            day = demo_ymd(prev.y, prev.m, theme_day <= pdim ? theme_day : pdim);
        }
        if (date_cmp(day, last) <= 0) day = date_add_days(due, -rng_range(r, 0, 5));
        if (date_cmp(day, last) <= 0) day = due;
        if (date_cmp(day, stop) > 0) break;
        struct post_report rep = {.holding_id = pl->id};
        date_format(day, rep.date);
        int x = rng_below(r, 100);
        const char *venue = day.m % 3 == 0 && x < 40 ? "支部党员大会" : x < 75 ? "主题党日" : "党小组会";
        zb_strlcpy(rep.venue, venue, sizeof rep.venue);
        char content[512];
        post_report_text(r, t, content, sizeof content);
        rep.content = content;
        char msgbuf[ZB_MSG_MAX];
        const char *why = post_check_report(rep.date, claimed, ended, content, d->today, msgbuf, sizeof msgbuf);
        if (why) return fail_post_check(d, b, m, "履职汇报", why);
        if (store_report_add(d->st, &rep) != STORE_OK) return demo_fail_store(d, "写入履职汇报");
        d->post_reports++;
        last = day;
    }
    return 0;
}

/* One branch's post scheme as it is made: its posts, the rounds of claims, who holds what. */
struct post_gen {
    struct demo *d;
    struct rng *r;
    const struct branch *b;
    const struct member *ms;
    int n;
    struct zdate start;
    char start_txt[DATE_STR_LEN];
    int cat[64], np;              /* the branch's posts: indices into POST_CATALOGUE */
    struct zdate rounds[2 * DEMO_MAX_YEARS + 8];
    int nrounds;
    int people[DEMO_MAX_MEMBERS + 1], npeople;
    struct zdate joined[DEMO_MAX_MEMBERS + 1];
    int excused, nopost;
    struct post_plan *plans;
    int nplans;
    struct post *posts;
};

/* The catalogue: 8–12 of its posts. */
static void posts_catalogue(struct post_gen *g, int ncat)
{
    struct rng *r = g->r;
    int nposts = rng_range(r, ncat < 8 ? ncat : 8, ncat < 12 ? ncat : 12);
    bool all[DEMO_MAX_MEMBERS + 1], chosen[DEMO_MAX_MEMBERS + 1] = {0};
    for (int i = 0; i < ncat && i <= DEMO_MAX_MEMBERS; i++) all[i] = true;
    demo_choose(r, all, ncat <= DEMO_MAX_MEMBERS ? ncat : DEMO_MAX_MEMBERS, nposts, chosen);
    for (int i = 0; i < ncat && g->np < (int)ZB_ARRAY_LEN(g->cat); i++)
        if (chosen[i]) g->cat[g->np++] = i;
}

/* The rounds of claims: every half year from the start, and one a few weeks ago. */
static void posts_rounds(struct post_gen *g)
{
    struct rng *r = g->r;
    struct zdate first = date_add_days(g->start, rng_range(r, 10, 20));
    struct zdate recent = date_add_days(g->d->today, -rng_range(r, 25, 40));
    for (struct zdate rd = first; date_cmp(rd, date_add_days(recent, -45)) < 0 && g->nrounds < 8;
         rd = date_add_months(first, 6 * g->nrounds))
        g->rounds[g->nrounds++] = rd;
    g->rounds[g->nrounds++] = recent;
}

/* Who: members on the roster without office; the oldest excused, one without a post. */
static void posts_people(struct post_gen *g, const char *arrived)
{
    const struct member *ms = g->ms;
    int n = g->n;
    for (int i = 0; i < n && i <= DEMO_MAX_MEMBERS; i++) {
        if (ms[i].leave_status[0] || ms[i].office[0]) continue;
        const char *j = i == n - 1 && arrived && *arrived ? arrived : ms[i].join_date;
        if (!date_parse(j, &g->joined[i])) continue;
        g->people[g->npeople++] = i;
    }
    g->excused = -1;
    g->nopost = -1;
    for (int k = 0; k < g->npeople; k++) {
        int i = g->people[k];
        if (date_cmp(g->joined[i], g->start) > 0) continue;
        if (g->excused < 0 || strcmp(ms[i].birth_date, ms[g->excused].birth_date) < 0) g->excused = i;
    }
    if (g->npeople >= 3 && g->excused >= 0) {
        int pool[DEMO_MAX_MEMBERS + 1], npool = 0;
        for (int k = 0; k < g->npeople; k++)
            if (g->people[k] != g->excused && date_cmp(g->joined[g->people[k]], g->start) <= 0)
                pool[npool++] = g->people[k];
        if (npool > 0) g->nopost = pool[rng_below(g->r, npool)];
    } else {
        g->excused = -1;
    }
}

/* The plan: each holder's first post, round-robin over a shuffled list. */
static void posts_first_claims(struct post_gen *g)
{
    struct rng *r = g->r;
    int holders[DEMO_MAX_MEMBERS + 1], nh = 0;
    for (int k = 0; k < g->npeople; k++)
        if (g->people[k] != g->excused && g->people[k] != g->nopost) holders[nh++] = g->people[k];
    for (int k = nh - 1; k > 0; k--) {
        int j = rng_below(r, k + 1), t = holders[k];
        holders[k] = holders[j];
        holders[j] = t;
    }
    /* the posts in a cycle, each as often as the catalogue wants holders for it */
    int cycle[64 * 4], ncycle = 0;
    for (int p = 0; p < g->np; p++)
        for (int w = 0; w < POST_CATALOGUE[g->cat[p]].wanted && w < 4; w++) cycle[ncycle++] = p;
    if (ncycle == 0) cycle[ncycle++] = 0;
    int offset = rng_below(r, ncycle);
    for (int k = 0; k < nh; k++) {
        int i = holders[k], round = -1;
        for (int q = 0; q < g->nrounds && round < 0; q++)
            if (date_cmp(g->joined[i], date_add_days(g->rounds[q], -7)) <= 0) round = q;
        if (round < 0) continue; /* joined too lately: not yet */
        struct post_plan *pl = &g->plans[g->nplans++];
        pl->member = i;
        pl->post = cycle[(k + offset) % ncycle];
        pl->round = round;
        pl->claimed = date_add_days(g->rounds[round], rng_range(r, 0, 12));
        if (date_cmp(pl->claimed, g->d->today) > 0) pl->claimed = g->d->today;
        pl->recommend = rng_chance(r, 250);
    }
}

/* Among the first round's holders: two take a second post, one or two step down and take
 * another one, two or three stop reporting. */
static void posts_later_claims(struct post_gen *g)
{
    struct rng *r = g->r;
    struct post_plan *plans = g->plans;
    int np = g->np, nrounds = g->nrounds, first_plans = g->nplans;
    int early[DEMO_MAX_MEMBERS + 1], ne = 0;
    for (int k = 0; k < first_plans; k++)
        if (plans[k].round == 0) early[ne++] = k;
    for (int k = ne - 1; k > 0; k--) {
        int j = rng_below(r, k + 1), t = early[k];
        early[k] = early[j];
        early[j] = t;
    }
    int e = 0, later = np < 2 ? 0 : nrounds > 2 ? nrounds - 2 : nrounds - 1;
    for (int c = 0; c < 2 && e < ne && later >= 1; c++, e++) {
        const struct post_plan *base = &plans[early[e]];
        struct post_plan *pl = &plans[g->nplans++];
        *pl = (struct post_plan){.member = base->member, .post = (base->post + 1 + rng_below(r, np - 1)) % np,
                                 .round = rng_range(r, 1, later)};
        pl->claimed = date_add_days(g->rounds[pl->round], rng_range(r, 0, 12));
        pl->recommend = rng_chance(r, 500);
    }
    int nsteps = rng_range(r, 1, 2);
    for (int c = 0; c < nsteps && e < ne && later >= 1; c++, e++) {
        struct post_plan *old = &plans[early[e]];
        int round = rng_range(r, 1, later);
        old->ended = date_add_days(g->rounds[round], -rng_range(r, 3, 10));
        old->end_reason = PICK(r, STEP_DOWN_REASONS);
        struct post_plan *pl = &plans[g->nplans++];
        *pl = (struct post_plan){.member = old->member, .post = (old->post + 1 + rng_below(r, np - 1)) % np,
                                 .round = round};
        pl->claimed = date_add_days(g->rounds[round], rng_range(r, 0, 12));
    }
    int noverdue = rng_range(r, 2, 3);
    if (!demo_has_problem(g->d, DP_REPORTS)) noverdue = 0;
    for (int c = 0; c < noverdue && e < ne; c++, e++) plans[early[e]].overdue = true;
}

/* The posts: as many places as were ever taken, or the catalogue's number; and the excused
 * member. */
static int posts_write(struct post_gen *g)
{
    struct demo *d = g->d;
    const struct branch *b = g->b;
    struct post *posts = g->posts;
    int rc = 0;
    for (int p = 0; p < g->np && rc == 0; p++) {
        const struct post_template *tp = &POST_CATALOGUE[g->cat[p]];
        int taken = 0;
        for (int k = 0; k < g->nplans; k++) taken += g->plans[k].post == p;
        posts[p].branch_id = b->id;
        zb_strlcpy(posts[p].category, tp->category, sizeof posts[p].category);
        zb_strlcpy(posts[p].name, tp->name, sizeof posts[p].name);
        posts[p].duties = xstrdup(tp->duties);
        posts[p].wanted = taken > tp->wanted ? (taken < 99 ? taken : 99) : tp->wanted;
        zb_strlcpy(posts[p].active_from, g->start_txt, sizeof posts[p].active_from);
        const char *why = post_check_post(posts[p].name, posts[p].category, posts[p].duties,
                                          posts[p].wanted, posts[p].active_from, "");
        if (why) {
            snprintf(d->err, sizeof d->err, "演示数据有误（%s %s）：%s", b->name, posts[p].name, why);
            rc = -1;
        } else if (store_post_add(d->st, &posts[p]) != STORE_OK) {
            rc = demo_fail_store(d, "写入岗位");
        }
    }

    if (rc == 0 && g->excused >= 0) {
        if (store_post_excuse_add(d->st, g->ms[g->excused].id, "年老体弱", g->start_txt) != STORE_OK)
            rc = demo_fail_store(d, "写入免于设岗");
    }
    return rc;
}

/* Claims, steps down and notices in the order they happened (rc: as far as it went). */
static int posts_events(struct post_gen *g, int rc)
{
    struct demo *d = g->d;
    struct rng *r = g->r;
    const struct branch *b = g->b;
    struct post_plan *plans = g->plans;
    int nplans = g->nplans;
    struct post_event *ev = xcalloc((size_t)nplans * 2 + (size_t)g->nrounds + 1, sizeof *ev);
    int nev = 0;
    struct zdate last_claim[2 * DEMO_MAX_YEARS + 8] = {{0, 0, 0}};
    for (int k = 0; k < nplans; k++) {
        ev[nev++] = (struct post_event){plans[k].claimed, 1, k};
        if (!is_zero_date(plans[k].ended)) ev[nev++] = (struct post_event){plans[k].ended, 0, k};
        if (date_cmp(plans[k].claimed, last_claim[plans[k].round]) > 0)
            last_claim[plans[k].round] = plans[k].claimed;
    }
    for (int q = 0; q < g->nrounds; q++) {
        if (is_zero_date(last_claim[q])) continue;
        struct zdate day = date_add_days(last_claim[q], rng_range(r, 2, 6));
        if (date_cmp(day, d->today) <= 0) ev[nev++] = (struct post_event){day, 2, q};
    }
    qsort(ev, (size_t)nev, sizeof *ev, post_event_cmp);
    for (int k = 0; k < nev && rc == 0; k++) {
        char date[DATE_STR_LEN];
        date_format(ev[k].date, date);
        if (ev[k].kind == 2) {
            int count = 0;
            if (store_holding_notice(d->st, b->id, date, &count) != STORE_OK) rc = demo_fail_store(d, "写入公示日期");
            continue;
        }
        struct post_plan *pl = &plans[ev[k].plan];
        const struct member *m = &g->ms[pl->member];
        if (ev[k].kind == 0) {
            if (store_holding_end(d->st, pl->id, date, pl->end_reason) != STORE_OK)
                rc = demo_fail_store(d, "写入卸任");
            continue;
        }
        struct holding h = {.post_id = g->posts[pl->post].id, .member_id = m->id};
        zb_strlcpy(h.how, pl->recommend ? "recommend" : "claim", sizeof h.how);
        zb_strlcpy(h.claimed, date, sizeof h.claimed);
        const struct post_texts *t = post_texts_of(g->posts[pl->post].name);
        zb_strlcpy(h.pledge, t->pledges[rng_below(r, 2)], sizeof h.pledge);
        char msgbuf[ZB_MSG_MAX];
        const char *why = post_check_claim(h.claimed, m->join_date, m->leave_date, h.pledge, d->today,
                                           msgbuf, sizeof msgbuf);
        if (why) {
            rc = fail_post_check(d, b, m, "岗位认领", why);
        } else if (store_holding_add(d->st, &h) != STORE_OK) {
            rc = demo_fail_store(d, "写入岗位认领");
        } else {
            pl->id = h.id;
            d->holdings++;
        }
    }
    free(ev);
    return rc;
}

/* Last year's reviews: one 基本称职, some 优秀, the rest 称职 (rc: as far as it went). */
static int posts_reviews(struct post_gen *g, int rc)
{
    struct demo *d = g->d;
    struct rng *r = g->r;
    const struct post_plan *plans = g->plans;
    int nplans = g->nplans;
    struct zdate ly = demo_ymd(d->today.y - 1, 1, 1);
    while (rc == 0 && ly.y == d->today.y - 1) {
        struct zdate ps, pe;
        post_review_period(ly, d->post_review_months, &ps, &pe);
        int cand[2 * DEMO_MAX_MEMBERS + 8], nc = 0;
        for (int k = 0; k < nplans && nc < (int)ZB_ARRAY_LEN(cand); k++)
            if (date_cmp(plans[k].claimed, pe) <= 0 &&
                (is_zero_date(plans[k].ended) || date_cmp(plans[k].ended, ps) >= 0))
                cand[nc++] = k;
        int basic = nc > 0 && pe.m == 12 ? rng_below(r, nc) : -1; /* the year's last period */
        for (int c = 0; c < nc && rc == 0; c++) {
            const struct post_plan *pl = &plans[cand[c]];
            const struct member *m = &g->ms[pl->member];
            struct post_review rv = {.holding_id = pl->id};
            date_format(ps, rv.period_start);
            date_format(pe, rv.period_end);
            struct zdate day = date_add_days(pe, rng_range(r, 5, 25));
            if (date_cmp(day, d->today) > 0) continue;
            date_format(day, rv.date);
            const char *rating = c == basic ? "basic" : rng_chance(r, 180) ? "excellent" : "competent";
            zb_strlcpy(rv.rating, rating, sizeof rv.rating);
            if (c == basic) {
                zb_strlcpy(rv.comment, "履职不够主动，汇报不及时，需加强", sizeof rv.comment);
                zb_strlcpy(rv.reward, "提醒谈话", sizeof rv.reward);
            } else if (strcmp(rating, "excellent") == 0) {
                zb_strlcpy(rv.comment, PICK(r, EXCELLENT_COMMENTS), sizeof rv.comment);
                zb_strlcpy(rv.reward, "表彰", sizeof rv.reward);
            } else {
                zb_strlcpy(rv.comment, PICK(r, COMPETENT_COMMENTS), sizeof rv.comment);
            }
            char claimed[DATE_STR_LEN];
            date_format(pl->claimed, claimed);
            char msgbuf[ZB_MSG_MAX];
            const char *why = post_check_review(ps, pe, claimed, rv.rating, rv.date, d->today, msgbuf,
                                                sizeof msgbuf);
            if (why) rc = fail_post_check(d, g->b, m, "民主评议", why);
            else if (store_review_add(d->st, &rv) != STORE_OK) rc = demo_fail_store(d, "写入民主评议");
            else d->post_reviews++;
        }
        ly = date_add_days(pe, 1);
    }
    return rc;
}

int demo_make_posts(struct demo *d, int index, const struct branch *b, const struct member *ms,
                    int n, int theme_day, const char *arrived)
{
    struct rng rs = {d->seed ^ (UINT64_C(0x9E6C63D0676A9A99) * (uint64_t)(index + 1))};
    struct rng *r = &rs;
    if (theme_day < 1 || theme_day > 28) theme_day = 15;
    struct post_gen *g = xcalloc(1, sizeof *g);
    *g = (struct post_gen){.d = d, .r = r, .b = b, .ms = ms, .n = n};
    g->start = date_month_start(date_add_years(d->today, -2));
    date_format(g->start, g->start_txt);

    int ncat = 0;
    while (POST_CATALOGUE[ncat].name) ncat++;
    if (ncat == 0) {
        free(g);
        return 0;
    }
    posts_catalogue(g, ncat);
    posts_rounds(g);
    posts_people(g, arrived);
    g->plans = xcalloc((size_t)g->npeople * 2 + 8, sizeof *g->plans);
    posts_first_claims(g);
    posts_later_claims(g);
    g->posts = xcalloc((size_t)g->np, sizeof *g->posts);
    int rc = posts_write(g);
    rc = posts_events(g, rc);
    /* reports since each claim */
    for (int k = 0; k < g->nplans && rc == 0; k++)
        rc = post_reports(d, r, b, &ms[g->plans[k].member], &g->plans[k], g->posts[g->plans[k].post].name,
                          theme_day);
    rc = posts_reviews(g, rc);

    for (int p = 0; p < g->np; p++) post_free(&g->posts[p]);
    free(g->posts);
    free(g->plans);
    free(g);
    return rc;
}
