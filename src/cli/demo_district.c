/* demo_district.c — `zhibu demo --district`: a district's demo database, made the way a real
 * district receives it (issue 18). Each township is a township demo database of its own (the
 * generator of demo.c, in a temporary directory: its own name, e.g. 红旗镇党委, and its own
 * branch codes), whose review team judges the last DISTRICT_DEMO_MONTHS whole months (mostly as
 * the engine suggests, now and then more leniently: the first thing a re-reviewer looks for);
 * the township registers the district and exports its last month as a month bundle for the
 * district (it carries every branch's ledger and the township's verdicts and orders of every
 * month), which the district imports. The district
 * registers every township with its fingerprint (before its first bundle, as a real district
 * does), has its guidance stations and accounts, re-reviews the month before last (every
 * branch) and part of the last month (agreeing, overturning with a comment, sending one or two
 * back), leaving the rest of it to the demo's reviewer, and records a few spot checks.
 * The same seed (and "today") gives the same content; keys, UUIDs and timestamps differ. A
 * failure removes the partial district database; the temporary directory is always removed. */

#include "demo_priv.h"

#include <dirent.h>
#include <limits.h>
#include <malloc.h>
#include <time.h>

#include "zhibu/audit.h"
#include "zhibu/audit_report.h"
#include "zhibu/store_audit.h"
#include "zhibu/store_district.h"
#include "zhibu/store_office.h"
#include "zhibu/version.h"

/* The townships' place names (the first T of them; 红旗镇 first, as in the issue). */
static const char *const TOWNSHIP_STEMS[DEMO_DISTRICT_MAX_TOWNSHIPS] = {
    "红旗", "柳河", "青石", "黄花", "白沙", "长岭", "双河", "新兴", "红山", "杨树",
    "东湖", "太平", "永安", "五里", "龙泉", "石桥", "清水", "马集", "高庄", "三合",
    "金沟", "大营", "富民", "桃园", "前进", "胜利", "团结", "和平", "朝阳", "光明",
    "建设", "丰收", "幸福", "民主", "向阳", "红星", "新华", "兴隆", "安乐", "德胜",
};
static const char *const STATION_NAMES[] = {
    "第一指导站", "第二指导站", "第三指导站", "第四指导站", "第五指导站",
};
static const char *const INSPECTED[] = {
    "会议记录与系统一致", "党费收据与系统记录核对", "党员花名册与系统一致",
    "主题党日签到表与系统核对", "设岗定责公示与系统一致",
};

#define DISTRICT_DEMO_NAME "城关区委组织部"
#define DISTRICT_DEMO_MONTHS 3          /* whole months each township reviews */
#define DISTRICT_DEMO_LENIENT 150       /* per mille: the township passes what the engine fails */
#define DISTRICT_DEMO_REVIEW_LAST 500   /* per mille of branches re-reviewed, last month (and
                                         * every branch the township passed and the engine
                                         * fails): the rest is left to the demo's reviewer */
#define DISTRICT_DEMO_REVIEW_PREV 1000  /* the month before: every branch */
#define DISTRICT_DEMO_SENT_BACK 2       /* findings sent back to the township */
#define DISTRICT_DEMO_CHECKS 3          /* spot checks per station */
#define DISTRICT_DEMO_REVIEW_DAY 5      /* the township reviews a month on this day of the next */
#define DISTRICT_DEMO_RECTIFY_DAYS 25   /* the rectification deadline, days after the review */
#define DISTRICT_DEMO_DONE 800          /* per mille of orders the branch puts right */
#define DISTRICT_DEMO_ON_TIME 800       /* per mille of those by the deadline */
#define DISTRICT_DEMO_CONFIRMED 800     /* per mille of those the township confirms */

struct district_demo {
    struct rng rng;
    const struct audit_rules *rules;
    struct zdate today;
    struct zmonth months[DISTRICT_DEMO_MONTHS];   /* oldest first */
    int nmonths;
    int verdicts, lenient, dverdicts, overturned, sent_back, checks;
    double import_s, import_max_s;  /* the bundles' imports at the district (for make bench) */
    char err[640];
};

static int fail(struct district_demo *dd, struct store *st, const char *what)
{
    snprintf(dd->err, sizeof dd->err, "%s失败：%s", what, st ? store_errmsg(st) : "");
    return -1;
}

static int open_db(const char *path, bool create, bool adopt_empty, struct store **st, char *err,
                   size_t errsz)
{
    struct store_options so = {
        .create = create, .adopt_empty = adopt_empty, .user = "demo", .test_clock = create,
        .backup_keep = 0,
    };
    return store_open(path, &so, st, err, errsz) == STORE_OK ? 0 : -1;
}

/* ---- the engine's results of one month, for the township's and the district's review ---- */
struct judged {
    int n;
    int64_t *branch;
    char (*suggest)[12];
    enum audit_state (*state)[AI_COUNT];
    char **engine;            /* audit_engine_json, heap */
};

static int judge_all(const struct audit_input *ins, const struct branch *bs, int n, void *ctx)
{
    struct district_demo *dd = ((void **)ctx)[0];
    struct judged *j = ((void **)ctx)[1];
    struct audit_result *res = xcalloc((size_t)(n > 0 ? n : 1), sizeof *res);
    audit_branches(ins, n, dd->rules, res);
    size_t total = (size_t)j->n + (size_t)n + 1;
    j->branch = realloc(j->branch, total * sizeof *j->branch);
    j->suggest = realloc(j->suggest, total * sizeof *j->suggest);
    j->state = realloc(j->state, total * sizeof *j->state);
    j->engine = realloc(j->engine, total * sizeof *j->engine);
    if (!j->branch || !j->suggest || !j->state || !j->engine) abort();
    for (int i = 0; i < n; i++) {
        int k = j->n++;
        j->branch[k] = bs[i].id;
        zb_strlcpy(j->suggest[k], audit_suggest_verdict(&res[i], dd->rules), sizeof j->suggest[k]);
        memcpy(j->state[k], res[i].state, sizeof j->state[k]);
        j->engine[k] = audit_engine_json(&res[i]);
        audit_result_free(&res[i]);
    }
    free(res);
    return 0;
}

static void judged_free(struct judged *j)
{
    for (int i = 0; i < j->n; i++) free(j->engine[i]);
    free(j->branch);
    free(j->suggest);
    free(j->state);
    free(j->engine);
    memset(j, 0, sizeof *j);
}

/* The engine's results of month m for every branch. by_branch: one branch at a time (inside a
 * write transaction: the load of every branch at once reads on a second connection, which
 * does not see the transaction's rows). */
static int judge(struct district_demo *dd, struct store *st, struct zmonth m, bool by_branch,
                 struct judged *j)
{
    memset(j, 0, sizeof *j);
    void *ctx[2] = {dd, j};
    int rc = STORE_OK;
    if (!by_branch) {
        rc = store_audit_all(st, 0, m, dd->today, judge_all, ctx);
    } else {
        struct store_branch_list l = {0};
        rc = store_branch_list(st, &l);
        for (int i = 0; rc == STORE_OK && i < l.n; i++) {
            bool parent = false;
            for (int k = 0; k < l.n && !parent; k++) parent = l.v[k].parent_id == l.v[i].id;
            if (!parent) rc = store_audit_all(st, l.v[i].id, m, dd->today, judge_all, ctx);
        }
        store_branch_list_free(&l);
    }
    if (rc != STORE_OK) {
        judged_free(j);
        return fail(dd, st, "审查支部");
    }
    return 0;
}

/* The failing items' labels, "三会一课、党费收缴". */
static void failing_items(const enum audit_state *state, char *out, size_t outsz)
{
    out[0] = '\0';
    for (int i = 0; i < AI_COUNT; i++) {
        if (state[i] != AS_FAIL) continue;
        size_t len = strlen(out);
        snprintf(out + len, outsz - len, "%s%s", len ? "、" : "", AUDIT_ITEMS[i].label);
    }
}

/* ---- the township: its review team judges the reviewed months ---- */

/* The township works in time: it reviews month M on the DISTRICT_DEMO_REVIEW_DAY of the month
 * after (or today, if sooner), with a deadline DISTRICT_DEMO_RECTIFY_DAYS later; the branches put
 * most orders right, mostly by the deadline, and the team confirms most of those a few days
 * later. The demo database's clock (ZHIBU_TODAY: a demo database honours it) is set to each day
 * in turn, so that every row and journal entry carries the day it was done, in time order. */
struct order_plan {
    int64_t id;
    long done, confirm;       /* days (date_to_days); 0: not (yet) */
};
struct clock_saved {
    char today[32], now[32];
    bool had_today, had_now;
};

static void clock_save(struct clock_saved *c)
{
    const char *t = getenv("ZHIBU_TODAY"), *n = getenv("ZHIBU_NOW");
    c->had_today = t != NULL;
    c->had_now = n != NULL;
    zb_strlcpy(c->today, t ? t : "", sizeof c->today);
    zb_strlcpy(c->now, n ? n : "", sizeof c->now);
}

static void clock_restore(const struct clock_saved *c)
{
    if (c->had_today) setenv("ZHIBU_TODAY", c->today, 1);
    else unsetenv("ZHIBU_TODAY");
    if (c->had_now) setenv("ZHIBU_NOW", c->now, 1);
    else unsetenv("ZHIBU_NOW");
}

static void clock_set_day(long day)
{
    char t[DATE_STR_LEN];
    date_format(date_from_days(day), t);
    setenv("ZHIBU_TODAY", t, 1);
    unsetenv("ZHIBU_NOW");
}

/* The orders of month m just given: when each is put right and confirmed (or not). */
static int plan_orders(struct district_demo *dd, struct store *st, struct zmonth m, long reviewed,
                       long deadline, long today, struct order_plan **plans, int *nplans)
{
    struct store_rectification_list l;
    if (store_rectification_list(st, 0, &m, false, &l) != STORE_OK)
        return fail(dd, st, "读取整改通知");
    *plans = realloc(*plans, (size_t)(*nplans + l.n + 1) * sizeof **plans);
    if (!*plans) abort();
    for (int i = 0; i < l.n; i++) {
        struct order_plan p = {.id = l.v[i].id};
        if (rng_chance(&dd->rng, DISTRICT_DEMO_DONE)) {
            p.done = rng_chance(&dd->rng, DISTRICT_DEMO_ON_TIME)
                         ? rng_range_long(&dd->rng, reviewed + 2, deadline)
                         : rng_range_long(&dd->rng, deadline + 1, deadline + 20);
            if (p.done > today) p.done = 0;
        }
        if (p.done && rng_chance(&dd->rng, DISTRICT_DEMO_CONFIRMED)) {
            p.confirm = p.done + rng_range(&dd->rng, 1, 5);
            if (p.confirm > today) p.confirm = 0;
        }
        (*plans)[(*nplans)++] = p;
    }
    store_rectification_list_free(&l);
    return 0;
}

/* Review month m (the clock on the day of the review). */
static int review_month(struct district_demo *dd, struct store *st, struct zmonth m,
                        const char *reviewer, const char *deadline)
{
    struct judged j;
    if (judge(dd, st, m, true, &j) != 0) return -1;
    char month[ZMONTH_STR_LEN], items[256];
    zmonth_format(m, month);
    int rc = 0;
    for (int i = 0; i < j.n && rc == 0; i++) {
        failing_items(j.state[i], items, sizeof items);
        struct verdict v = {.branch_id = j.branch[i], .engine_json = j.engine[i]};
        zb_strlcpy(v.month, month, sizeof v.month);
        zb_strlcpy(v.reviewer, reviewer, sizeof v.reviewer);
        /* the items that fail: 需整改 each, with the deadline */
        for (int it = 0; it < AI_COUNT && rc == 0; it++) {
            if (j.state[i][it] != AS_FAIL) continue;
            zb_strlcpy(v.item, AUDIT_ITEMS[it].code, sizeof v.item);
            zb_strlcpy(v.verdict, "rectify", sizeof v.verdict);
            snprintf(v.comment, sizeof v.comment, "%s未达标，请于期限前整改", AUDIT_ITEMS[it].label);
            zb_strlcpy(v.deadline, deadline, sizeof v.deadline);
            if (store_verdict_set(st, &v) != STORE_OK) rc = fail(dd, st, "写入乡镇审查意见");
            else dd->verdicts++;
        }
        if (rc) break;
        /* overall: the engine's suggestion, or now and then 合格 where it fails */
        zb_strlcpy(v.item, "overall", sizeof v.item);
        bool lenient = strcmp(j.suggest[i], "pass") != 0 &&
                       rng_chance(&dd->rng, DISTRICT_DEMO_LENIENT);
        if (strcmp(j.suggest[i], "pass") == 0 || lenient) {
            zb_strlcpy(v.verdict, "pass", sizeof v.verdict);
            zb_strlcpy(v.comment, lenient ? "问题已当场纠正，评为合格" : "", sizeof v.comment);
            v.deadline[0] = '\0';
            dd->lenient += lenient;
        } else {
            zb_strlcpy(v.verdict, j.suggest[i], sizeof v.verdict);
            snprintf(v.comment, sizeof v.comment, "%s未达标，限期整改", items);
            zb_strlcpy(v.deadline, deadline, sizeof v.deadline);
        }
        if (store_verdict_set(st, &v) != STORE_OK) rc = fail(dd, st, "写入乡镇审查意见");
        else dd->verdicts++;
    }
    judged_free(&j);
    return rc;
}

static int township_review(struct district_demo *dd, struct store *st, const char *reviewer)
{
    long today = date_to_days(dd->today), first = 0, reviewed[DISTRICT_DEMO_MONTHS];
    for (int k = 0; k < dd->nmonths; k++) {
        struct zmonth next = zmonth_add(dd->months[k], 1);
        reviewed[k] = date_to_days(demo_ymd(next.year, next.month, DISTRICT_DEMO_REVIEW_DAY));
        if (reviewed[k] > today) reviewed[k] = today;
        if (!first) first = reviewed[k];
    }
    struct clock_saved saved;
    clock_save(&saved);
    struct zdate real_today = dd->today;
    struct order_plan *plans = NULL;
    int nplans = 0, rc = 0;
    for (long day = first; day <= today && rc == 0; day++) {
        clock_set_day(day);
        dd->today = date_from_days(day);
        for (int k = 0; k < dd->nmonths && rc == 0; k++) {
            if (reviewed[k] != day) continue;
            long deadline = day + DISTRICT_DEMO_RECTIFY_DAYS;
            char dl[DATE_STR_LEN];
            date_format(date_from_days(deadline), dl);
            rc = review_month(dd, st, dd->months[k], reviewer, dl);
            if (rc == 0)
                rc = plan_orders(dd, st, dd->months[k], day, deadline, today, &plans, &nplans);
        }
        for (int i = 0; i < nplans && rc == 0; i++) {
            if (plans[i].done == day &&
                store_rectification_done(st, plans[i].id, "已按要求整改，补齐记录") != STORE_OK)
                rc = fail(dd, st, "写入整改情况");
            if (rc == 0 && plans[i].confirm == day &&
                store_rectification_confirm(st, plans[i].id) != STORE_OK)
                rc = fail(dd, st, "确认整改");
        }
    }
    free(plans);
    dd->today = real_today;
    clock_restore(&saved);
    return rc;
}

/* The township's reviews inside its generator's transaction (demo_spec.before_seal): the
 * journal then holds them in time order among the ledger's back-dated records. */
struct seal_ctx {
    struct district_demo *dd;
    const char *reviewer;
};

static int township_seal(struct store *st, void *ctx, char *err, size_t errsz)
{
    struct seal_ctx *c = ctx;
    if (township_review(c->dd, st, c->reviewer) == 0) return 0;
    zb_strlcpy(err, c->dd->err, errsz);
    return -1;
}

/* ---- the month bundle, township → district ---- */
struct district_town {
    char path[PATH_MAX];
    char name[TEXT_SHORT];
    char code[24];
    char fingerprint[OFFICE_FPR_LEN];
    long branches;
    int64_t id;               /* at the district */
};

/* Export township tw's month m for the district (the bundle helper's month bundle) into tmp and
 * import it into the district's database. */
static int send_month(struct district_demo *dd, const char *tmp, const struct district_town *tw,
                      struct store *district, struct zmonth m);

/* ---- the district ---- */
static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int make_accounts(struct district_demo *dd, struct store *st, const int64_t *stations,
                         int nstations)
{
    struct user admin = {.role = STORE_ROLE_ADMIN};
    zb_strlcpy(admin.login, "admin", sizeof admin.login);
    zb_strlcpy(admin.display_name, "周管理", sizeof admin.display_name);
    struct user quxian = {.role = STORE_ROLE_REVIEWER};
    zb_strlcpy(quxian.login, "quxian", sizeof quxian.login);
    zb_strlcpy(quxian.display_name, "区委组织部陈静", sizeof quxian.display_name);
    if (store_user_add(st, &admin, DEMO_PASSWORD) != STORE_OK ||
        store_user_add(st, &quxian, DEMO_PASSWORD) != STORE_OK)
        return fail(dd, st, "添加演示账号");
    static const char *const names[] = {"刘建国", "孙丽", "马志强", "何芳", "郭涛"};
    for (int s = 0; s < nstations; s++) {
        struct user u = {.role = STORE_ROLE_INSPECTOR, .station_id = stations[s]};
        snprintf(u.login, sizeof u.login, "ducha%d", s + 1);
        snprintf(u.display_name, sizeof u.display_name, "%s督查员%s", STATION_NAMES[s],
                 names[s % (int)ZB_ARRAY_LEN(names)]);
        if (store_user_add(st, &u, DEMO_PASSWORD) != STORE_OK) return fail(dd, st, "添加督查员账号");
    }
    return 0;
}

/* The district's own review of month m: per mille of the branches re-reviewed, and every
 * branch the township passed and the engine fails: that one the district overturns (with a
 * comment); elsewhere it agrees. With send_back, the first DISTRICT_DEMO_SENT_BACK overturned
 * are sent back to the township — or, when the township passed nothing the engine fails, the
 * first agreed verdict that is not 合格 goes back with a finding on the township's order. */
static int district_review(struct district_demo *dd, struct store *st, struct zmonth m,
                           int per_mille, bool send_back)
{
    struct judged j;
    if (judge(dd, st, m, false, &j) != 0) return -1;
    struct store_district_rows rows;
    if (store_district_month(st, m, &rows) != STORE_OK) {
        judged_free(&j);
        return fail(dd, st, "读取乡镇审查意见");
    }
    char month[ZMONTH_STR_LEN], items[256];
    zmonth_format(m, month);
    int rc = 0, disagreements = 0;
    for (int r = 0; r < rows.n; r++)
        for (int i = 0; i < j.n; i++)
            if (j.branch[i] == rows.v[r].branch_id &&
                strcmp(rows.v[r].township_verdict[DISTRICT_ITEMS - 1], "pass") == 0 &&
                strcmp(j.suggest[i], "pass") != 0)
                disagreements++;
    for (int r = 0; r < rows.n && rc == 0; r++) {
        const struct district_row *row = &rows.v[r];
        const char *tv = row->township_verdict[DISTRICT_ITEMS - 1];
        if (!row->township_id || !tv[0]) continue;
        int i = 0;
        while (i < j.n && j.branch[i] != row->branch_id) i++;
        if (i == j.n) continue;
        bool disagree = strcmp(tv, "pass") == 0 && strcmp(j.suggest[i], "pass") != 0;
        if (!disagree && !rng_chance(&dd->rng, per_mille)) continue;
        struct district_verdict v = {.branch_id = row->branch_id, .engine_json = j.engine[i]};
        zb_strlcpy(v.month, month, sizeof v.month);
        zb_strlcpy(v.item, "overall", sizeof v.item);
        zb_strlcpy(v.reviewer, "区委组织部陈静", sizeof v.reviewer);
        if (disagree) {
            failing_items(j.state[i], items, sizeof items);
            zb_strlcpy(v.verdict, j.suggest[i], sizeof v.verdict);
            if (send_back && dd->sent_back < DISTRICT_DEMO_SENT_BACK) {
                snprintf(v.comment, sizeof v.comment,
                         "复审发现%s未达标，乡镇评为合格依据不足，请乡镇审查组核实后重新评定",
                         items);
                v.sent_back = true;
                dd->sent_back++;
            } else {
                snprintf(v.comment, sizeof v.comment, "复审：%s未达标，改为%s", items,
                         strcmp(v.verdict, "fail") == 0 ? "不合格" : "需整改");
            }
            dd->overturned++;
        } else {
            zb_strlcpy(v.verdict, tv, sizeof v.verdict);
            if (send_back && !disagreements && !dd->sent_back && strcmp(tv, "pass") != 0) {
                snprintf(v.comment, sizeof v.comment,
                         "同意乡镇结论。整改通知未写明具体问题和整改要求，请乡镇审查组补充后告知支部");
                v.sent_back = true;
                dd->sent_back++;
            }
        }
        if (store_district_verdict_set(st, &v) != STORE_OK) rc = fail(dd, st, "写入复审意见");
        else dd->dverdicts++;
    }
    store_district_rows_free(&rows);
    judged_free(&j);
    return rc;
}

/* A few unannounced checks per station, on branches of its townships, in the last weeks. */
static int spot_checks(struct district_demo *dd, struct store *st, const struct station *stations,
                       int nstations, const struct district_town *towns, int ntowns)
{
    static const char *const people[] = {"张伟、刘洋", "王芳、陈磊", "李娜、赵军", "周敏、吴刚"};
    struct store_district_rows rows;
    if (store_district_month(st, dd->months[dd->nmonths - 1], &rows) != STORE_OK)
        return fail(dd, st, "读取支部");
    int rc = 0;
    for (int s = 0; s < nstations && rc == 0; s++) {
        /* the branches of this station's townships */
        int *mine = xcalloc((size_t)rows.n + 1, sizeof *mine), n = 0;
        for (int r = 0; r < rows.n; r++)
            for (int t = 0; t < ntowns; t++)
                if (towns[t].id == rows.v[r].township_id && t % nstations == s) mine[n++] = r;
        for (int c = 0; c < DISTRICT_DEMO_CHECKS && n > 0 && rc == 0; c++) {
            const struct district_row *row = &rows.v[mine[rng_below(&dd->rng, n)]];
            struct spot_check k = {.branch_id = row->branch_id};
            zb_strlcpy(k.station, stations[s].name, sizeof k.station);
            date_format(date_add_days(dd->today, -rng_range(&dd->rng, 1, 40)), k.date);
            zb_strlcpy(k.inspectors, PICK(&dd->rng, people), sizeof k.inspectors);
            zb_strlcpy(k.inspected, PICK(&dd->rng, INSPECTED), sizeof k.inspected);
            if (c == 1) {
                zb_strlcpy(k.result, "issues", sizeof k.result);
                snprintf(k.findings, sizeof k.findings,
                         "纸质会议记录有一次党小组会未录入系统，已要求支部补录并说明原因");
            } else {
                zb_strlcpy(k.result, "consistent", sizeof k.result);
            }
            if (store_spot_check_add(st, &k) != STORE_OK) rc = fail(dd, st, "写入督查记录");
            else dd->checks++;
        }
        free(mine);
    }
    store_district_rows_free(&rows);
    return rc;
}

/* ---- the temporary directory ---- */
static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        char p[PATH_MAX];
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
            if ((size_t)snprintf(p, sizeof p, "%s/%s", dir, e->d_name) < sizeof p) unlink(p);
        }
        closedir(d);
    }
    rmdir(dir);
}

static int make_towns(struct district_demo *dd, const char *tmp, struct district_town *towns,
                      long ntowns, long nbranches, long years, uint64_t seed,
                      const struct config *cfg, const char *district_fpr)
{
    char (*stems)[32] = xcalloc((size_t)nbranches + 1, sizeof *stems);
    int nstems = 0, rc = 0;
    for (long t = 0; t < ntowns && rc == 0; t++) {
        struct district_town *tw = &towns[t];
        tw->branches = nbranches / ntowns + (t < nbranches % ntowns ? 1 : 0);
        if ((size_t)snprintf(tw->path, sizeof tw->path, "%s/township-%02d.db", tmp, (int)t + 1) >=
            sizeof tw->path) {
            snprintf(dd->err, sizeof dd->err, "临时目录的路径过长");
            rc = -1;
            break;
        }
        char prefix[8];
        snprintf(prefix, sizeof prefix, "1101%02ld", t + 1);
        struct rng mix = {seed ^ (UINT64_C(0xD1B54A32D192ED03) * (uint64_t)(t + 1))};
        char reviewer[TEXT_SHORT + 16];
        snprintf(tw->name, sizeof tw->name, "%s镇党委", TOWNSHIP_STEMS[t]);
        snprintf(tw->code, sizeof tw->code, "%s0000", prefix);
        snprintf(reviewer, sizeof reviewer, "%s审查组", tw->name);
        struct seal_ctx sc = {dd, reviewer};
        struct demo_spec sp = {
            .db = tw->path, .nbranches = tw->branches, .years = years,
            .seed = rng_next(&mix), .town = TOWNSHIP_STEMS[t], .code_prefix = prefix,
            .stems = stems, .nstems = &nstems, .max_stems = (int)nbranches + 1,
            .plain = t > 0,
            .before_seal = township_seal, .ctx = &sc,
        };
        struct demo_made made;
        if (demo_township_make(&sp, cfg, &made, dd->err, sizeof dd->err) != 0) {
            rc = -1;
            break;
        }
        struct store *st;
        if (open_db(tw->path, false, false, &st, dd->err, sizeof dd->err) != 0) {
            rc = -1;
            break;
        }
        char pk[OFFICE_PK_HEX];
        if (store_office_public(st, pk, tw->fingerprint) != STORE_OK) rc = fail(dd, st, "读取乡镇指纹");
        if (rc == 0 && store_office_set(st, NULL, tw->name) != STORE_OK) rc = fail(dd, st, "写入乡镇名称");
        if (rc == 0 && store_district_set(st, DISTRICT_DEMO_NAME, district_fpr) != STORE_OK)
            rc = fail(dd, st, "登记上级区县");
        store_close(st);
        malloc_trim(0); /* what the township's generation freed, back to the system: its peak is
                         * not added to the next township's or the imports' (DESIGN.md: 32 MB) */
    }
    free(stems);
    return rc;
}

int demo_district_run(const char *db, long ntowns, long nbranches, long years, uint64_t seed,
                      const struct config *cfg)
{
    struct stat sb;
    bool existed_empty = stat(db, &sb) == 0;
    struct rules defaults;
    if (!cfg) rules_from_config(NULL, &defaults);
    clock_allow_override(1);
    struct district_demo dd = {
        .rng = {seed ^ UINT64_C(0x3C6EF372FE94F82B)},
        .rules = cfg ? &cfg->rules.audit : &defaults.audit,
        .today = clock_today(),
    };
    if (dd.today.y < 1990) {
        cli_error("demo", "今天的日期早于 1990 年，无法生成演示数据");
        return 1;
    }
    /* the reviewed months: the last whole months, none before the ledgers begin */
    struct zmonth last = zmonth_add(zmonth_of_date(dd.today), -1);
    dd.nmonths = DISTRICT_DEMO_MONTHS;
    for (int k = 0; k < dd.nmonths; k++) dd.months[k] = zmonth_add(last, k - dd.nmonths + 1);

    struct store *st = NULL;
    char err[800];
    int rc = 0;
    char pk[OFFICE_PK_HEX], fpr[OFFICE_FPR_LEN];
    if (open_db(db, true, existed_empty, &st, dd.err, sizeof dd.err) != 0) {
        cli_error("demo", "%s", dd.err);   /* store_open said why, naming the file */
        return 1;
    }
    /* the townships' databases and bundles: in a directory of their own, removed at the end */
    const char *base = getenv("TMPDIR");
    char tmp[PATH_MAX - 64];
    if ((size_t)snprintf(tmp, sizeof tmp, "%s/zhibu-district.XXXXXX", base && *base ? base : "/tmp") >=
            sizeof tmp ||
        !mkdtemp(tmp)) {
        store_close(st);
        demo_remove_created(db, existed_empty);
        cli_error("demo", "无法创建临时目录 %s；未创建数据库 %s", tmp, db);
        return 1;
    }
    struct district_town *towns = xcalloc((size_t)ntowns, sizeof *towns);
    if (store_office_set(st, "district", DISTRICT_DEMO_NAME) != STORE_OK ||
        store_meta_set(st, "demo", "1") != STORE_OK ||
        store_office_public(st, pk, fpr) != STORE_OK)
        rc = fail(&dd, st, "写入数据库信息");
    char seedtxt[24];
    snprintf(seedtxt, sizeof seedtxt, "%llu", (unsigned long long)seed);
    if (rc == 0 && store_meta_set(st, "demo_seed", seedtxt) != STORE_OK)
        rc = fail(&dd, st, "写入数据库信息");

    /* the townships, made and reviewed at home */
    if (rc == 0) rc = make_towns(&dd, tmp, towns, ntowns, nbranches, years, seed, cfg, fpr);

    /* the district's stations and townships */
    int nstations = ntowns <= 1 ? 1 : (int)(ntowns / 4 < 2 ? 2 : ntowns / 4);
    if (nstations > (int)ZB_ARRAY_LEN(STATION_NAMES)) nstations = (int)ZB_ARRAY_LEN(STATION_NAMES);
    if (nstations > ntowns) nstations = (int)ntowns;
    struct station stations[ZB_ARRAY_LEN(STATION_NAMES)];
    int64_t station_ids[ZB_ARRAY_LEN(STATION_NAMES)];
    memset(stations, 0, sizeof stations);
    for (int s = 0; s < nstations && rc == 0; s++) {
        zb_strlcpy(stations[s].name, STATION_NAMES[s], sizeof stations[s].name);
        if (store_station_add(st, &stations[s]) != STORE_OK) rc = fail(&dd, st, "写入指导站");
        station_ids[s] = stations[s].id;
    }
    for (long t = 0; t < ntowns && rc == 0; t++) {
        struct township tw = {.station_id = station_ids[t % nstations]};
        zb_strlcpy(tw.code, towns[t].code, sizeof tw.code);
        zb_strlcpy(tw.name, towns[t].name, sizeof tw.name);
        zb_strlcpy(tw.fingerprint, towns[t].fingerprint, sizeof tw.fingerprint);
        if (store_township_add(st, &tw) != STORE_OK) rc = fail(&dd, st, "登记乡镇");
        towns[t].id = tw.id;
    }
    /* every township's reviewed months, as bundles: exported there, imported here */
    long bundles = 0;
    /* every township's last month, as a month bundle: exported there, imported here (it carries
     * every branch's ledger and the township's verdicts and orders of every month) */
    for (long t = 0; t < ntowns && rc == 0; t++) {
        rc = send_month(&dd, tmp, &towns[t], st, dd.months[dd.nmonths - 1]);
        bundles += rc == 0;
    }
    if (rc == 0 && store_begin(st) != STORE_OK) rc = fail(&dd, st, "开始写入");
    if (rc == 0) {
        rc = make_accounts(&dd, st, station_ids, nstations);
        /* the last month first: the findings sent back are of the month the townships see now */
        if (rc == 0)
            rc = district_review(&dd, st, dd.months[dd.nmonths - 1], DISTRICT_DEMO_REVIEW_LAST,
                                 true);
        if (rc == 0 && dd.nmonths >= 2)
            rc = district_review(&dd, st, dd.months[dd.nmonths - 2], DISTRICT_DEMO_REVIEW_PREV,
                                 false);
        if (rc == 0) rc = spot_checks(&dd, st, stations, nstations, towns, (int)ntowns);
        if (rc == 0 && store_commit(st) != STORE_OK) rc = fail(&dd, st, "提交");
        if (rc != 0) store_rollback(st);
    }
    store_close(st);
    remove_dir(tmp);
    free(towns);
    if (rc != 0) {
        demo_remove_created(db, existed_empty);
        snprintf(err, sizeof err, "%s；未创建数据库 %s", dd.err, db);
        cli_error("demo", "%s", err);
        return 1;
    }
    fprintf(stderr, "已创建区县演示数据库 %s：%ld 个乡镇、%d 个指导站、%ld 个支部，"
            "导入 %ld 个乡镇月度交换包（%.2f 秒，最大的一个 %.2f 秒）；乡镇审查意见 %d 条（从宽"
            "评为合格 %d 次），区县复审 %d 条（改变乡镇结论 %d 条，退回乡镇 %d 条），督查 %d 次\n",
            db, ntowns, nstations, nbranches, bundles, dd.import_s, dd.import_max_s, dd.verdicts,
            dd.lenient, dd.dverdicts, dd.overturned, dd.sent_back, dd.checks);
    return 0;
}

static int send_month(struct district_demo *dd, const char *tmp, const struct district_town *tw,
                      struct store *district, struct zmonth m)
{
    char month[ZMONTH_STR_LEN], path[PATH_MAX];
    zmonth_format(m, month);
    if ((size_t)snprintf(path, sizeof path, "%s/%s-%s.zbx", tmp, tw->code, month) >= sizeof path) {
        snprintf(dd->err, sizeof dd->err, "临时目录的路径过长");
        return -1;
    }
    struct store *st;
    if (open_db(tw->path, false, false, &st, dd->err, sizeof dd->err) != 0) return -1;
    int rc = 0;
    if (store_bundle_export_month(st, m, path, ZHIBU_VERSION, NULL) != STORE_OK)
        rc = fail(dd, st, "导出乡镇月度交换包");
    store_close(st);
    if (rc) return rc;
    double t0 = seconds_now();
    struct month_report rep;
    memset(&rep, 0, sizeof rep);
    if (store_bundle_import_month(district, path, NULL, &rep) != STORE_OK) {
        if (snprintf(dd->err, sizeof dd->err, "导入%s的月度交换包失败：%s", tw->name,
                     rep.problem[0] ? rep.problem : store_errmsg(district)) < 0)
            dd->err[0] = '\0';
        rc = -1;
    }
    double t = seconds_now() - t0;
    dd->import_s += t;
    if (t > dd->import_max_s) dd->import_max_s = t;
    month_report_free(&rep);
    unlink(path);
    malloc_trim(0);
    return rc;
}
