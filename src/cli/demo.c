/* demo.c — `zhibu demo`: a township's demo database, generated from a seed.
 * The same seed (and the same "today") gives the same branches, groups and members; only the
 * UUIDs and timestamps differ. The generator uses its own PRNG (splitmix64), never rand() or
 * the clock, and checks every member with validate_member() before writing it, so the demo
 * holds nothing a form would refuse. Everything is written in one transaction. */

#include "demo_priv.h"

#include <malloc.h>

/* the bulk's page cache (store_demo_bulk_begin; see demo_township_make) */
#define DEMO_CACHE_MB 3

static const char *const TOWN_STEMS[] = {
    "柳河", "青石", "黄花", "白沙", "长岭", "双河", "新兴", "红山", "杨树", "东湖",
};
static const char *const PRIVATE_TRADES[] = {
    "农业发展有限公司", "建材有限公司", "食品有限公司", "物流有限公司", "纺织有限公司",
    "农机专业合作社", "电子科技有限公司",
};
static const char *const SOE_UNITS[] = {"供电所", "粮站", "供销社", "邮政支局", "信用社"};
static const char *const INSTITUTIONS[] = {
    "镇中心学校党支部", "镇卫生院党支部", "镇农业综合服务中心党支部", "镇文化站党支部",
};

/* ---- how well each branch keeps its ledger (issue 14) ----
 * A demo month should look like a real township's, so that the reviewer's table carries a
 * signal: most branches 合格 on most items, a few with one or two specific problems, one or two
 * clearly behind. Each branch gets a standing (from its own PRNG stream, so the roster stays
 * what it was) and, from it, the problems a reviewer should find there. The intended
 * distribution, checked by tests/cli/demo_distribution.sh on the demo's whole months:
 *   - about 60–80% of branch-months 合格 (no item 未达标);
 *   - every item passed and failed somewhere, none failed by every branch;
 *   - the branches behind fail several items in each of the last two whole months.
 * The first branches are fixed (SHOWCASE below): the one the secretary's account opens, whose
 * home screen shows the reminders, is always one of the branches behind. */
/* Shares, per mille of the township's branches. The branches behind: one in
 * DEMO_BEHIND_EVERY, at least one. The rest are STANDING_SLIPS with DEMO_SLIPS_PER_MILLE and
 * STANDING_GOOD otherwise. */
#define DEMO_BEHIND_EVERY 20
#define DEMO_SLIPS_PER_MILLE 400

/* A branch with slips has DEMO_SLIPS_MIN to DEMO_SLIPS_MAX of these, drawn by weight. */
#define DEMO_SLIPS_MIN 1
#define DEMO_SLIPS_MAX 2
static const struct {
    unsigned problem;
    int weight;
} SLIP_PROBLEMS[] = {
    {DP_GROUP_LAX, 3}, {DP_COMMITTEE_GAP, 2}, {DP_THEME_MISSED, 1}, {DP_RECORDS, 3},
    {DP_PROBATION, 2}, {DP_MOBILE_SILENT, 2}, {DP_ARREARS, 3},      {DP_REPORTS, 3},
};

static const struct standing_rates STANDING_RATES[] = {
    [STANDING_GOOD] = {.committee = 990, .group = 990, .lax_group = 990, .general = 1000,
                       .lecture = 1000, .late_record = 300, .forgot_dues = 0},
    [STANDING_SLIPS] = {.committee = 990, .group = 990, .lax_group = 600, .general = 980,
                        .lecture = 980, .late_record = 500, .forgot_dues = 0},
    [STANDING_BEHIND] = {.committee = 850, .group = 800, .lax_group = 500, .general = 750,
                         .lecture = 700, .late_record = 1000, .forgot_dues = 30},
};

struct standing {
    enum demo_standing kind;
    unsigned problems;
};

/* The first branches show the cases (the screens a demo opens first, and their tests): the
 * first, the secretary's account's, is behind; the first village has a mobile member out of
 * touch (the first branch, an organ, has no mobile members); the next has dues owed lately. */
static const struct standing SHOWCASE[] = {
    {STANDING_BEHIND, DP_ALL},
    {STANDING_SLIPS, DP_MOBILE_SILENT},
    {STANDING_SLIPS, DP_ARREARS},
};

/* The standing of every branch of the township, from the seed alone. plain (a district's
 * townships after the first): no showcase, and one branch in DEMO_BEHIND_EVERY behind on
 * average (a small township may have none). */
static void plan_standings(uint64_t seed, int nbranches, bool plain, struct standing *out)
{
    struct rng rs = {seed ^ UINT64_C(0x6A09E667F3BCC909)};
    int nbehind = nbranches / DEMO_BEHIND_EVERY > 0 ? nbranches / DEMO_BEHIND_EVERY : 1;
    if (plain)
        nbehind = nbranches / DEMO_BEHIND_EVERY +
                  (rng_below(&rs, DEMO_BEHIND_EVERY) < nbranches % DEMO_BEHIND_EVERY);
    for (int i = 0; i < nbranches; i++) out[i] = (struct standing){STANDING_GOOD, 0};
    /* the first branch first, then at random */
    if (!plain) out[0] = SHOWCASE[0];
    for (int k = plain ? 0 : 1; k < nbehind; k++) {
        int i = rng_below(&rs, nbranches);
        while (out[i].kind == STANDING_BEHIND) i = (i + 1) % nbranches;
        out[i] = (struct standing){STANDING_BEHIND, DP_ALL};
    }
    int total = 0;
    for (size_t k = 0; k < ZB_ARRAY_LEN(SLIP_PROBLEMS); k++) total += SLIP_PROBLEMS[k].weight;
    for (int i = 0; i < nbranches; i++) {
        bool slips = rng_chance(&rs, DEMO_SLIPS_PER_MILLE);
        int count = rng_range(&rs, DEMO_SLIPS_MIN, DEMO_SLIPS_MAX);
        unsigned problems = 0;
        for (int c = 0; c < count; c++) {
            int x = rng_below(&rs, total);
            size_t k = 0;
            while (x >= SLIP_PROBLEMS[k].weight) x -= SLIP_PROBLEMS[k++].weight;
            problems |= SLIP_PROBLEMS[k].problem;
        }
        if (out[i].kind == STANDING_BEHIND) continue;
        if (!plain && i > 0 && i < (int)ZB_ARRAY_LEN(SHOWCASE)) {
            out[i] = SHOWCASE[i];
            continue;
        }
        if (!slips) continue;
        out[i] = (struct standing){STANDING_SLIPS, problems};
    }
}

bool demo_has_problem(const struct demo *d, unsigned problem)
{
    return (d->problems & problem) != 0;
}

const struct standing_rates *demo_rates_of(const struct demo *d)
{
    return &STANDING_RATES[d->standing];
}

/* ---- accounts ----
 * Three accounts, password DEMO_PASSWORD (the login screen shows them on a demo database):
 * admin (管理员); shuji, the secretary of the branch the interface opens first (main.c's
 * default: the first branch by code that sits under another), named after that branch's
 * secretary; shencha (镇审查组李敏), reviewer of every branch. Added as the system session. */

static int find_secretary(const struct member *m, void *ctx)
{
    if (strcmp(m->office, "secretary") != 0) return 0;
    zb_strlcpy(ctx, m->name, sizeof ((struct user *)0)->display_name);
    return 1;
}

static int make_accounts(struct demo *d)
{
    struct store_branch_list list;
    int64_t village = 0;
    if (store_branch_list(d->st, &list) == STORE_OK)
        for (int i = 0; i < list.n && !village; i++)
            if (list.v[i].parent_id) village = list.v[i].id;
    store_branch_list_free(&list);
    if (!village) return demo_fail_store(d, "读取支部");
    struct user shuji = {.role = STORE_ROLE_SECRETARY, .branch_id = village};
    zb_strlcpy(shuji.login, "shuji", sizeof shuji.login);
    zb_strlcpy(shuji.display_name, "王书记", sizeof shuji.display_name);
    struct member_filter f = {.branch_id = village, .only_office = true};
    if (store_member_each(d->st, &f, find_secretary, shuji.display_name) < 0)
        return demo_fail_store(d, "读取支部书记");
    struct user admin = {.role = STORE_ROLE_ADMIN};
    zb_strlcpy(admin.login, "admin", sizeof admin.login);
    zb_strlcpy(admin.display_name, "周管理", sizeof admin.display_name);
    struct user shencha = {.role = STORE_ROLE_REVIEWER, .branch_id = 0};
    zb_strlcpy(shencha.login, "shencha", sizeof shencha.login);
    zb_strlcpy(shencha.display_name, "镇审查组李敏", sizeof shencha.display_name);
    if (store_user_add(d->st, &admin, DEMO_PASSWORD) != STORE_OK ||
        store_user_add(d->st, &shuji, DEMO_PASSWORD) != STORE_OK ||
        store_user_add(d->st, &shencha, DEMO_PASSWORD) != STORE_OK)
        return demo_fail_store(d, "添加演示账号");
    return 0;
}

/* The branch type of the index-th branch: a fixed mix for the first eight (a default demo
 * is mostly villages, with one organ, one community and one enterprise), then weighted. */
static const char *branch_type(struct rng *r, int index)
{
    static const char *const first[] = {
        "organ", "rural", "rural", "community", "rural", "private", "rural", "rural",
    };
    if (index < (int)ZB_ARRAY_LEN(first)) return first[index];
    int x = rng_below(r, 100);
    if (x < 72) return "rural";
    if (x < 84) return "community";
    if (x < 89) return "institution";
    if (x < 93) return "soe";
    return "private";
}

static int generate(struct demo *d, int nbranches, uint64_t seed, const struct demo_spec *sp)
{
    struct rng *r = &d->rng;
    char name[TEXT_SHORT];
    const char *town = PICK(r, TOWN_STEMS);
    if (sp->town) town = sp->town;
    struct branch top = {0};
    snprintf(top.code, sizeof top.code, "%s0000", d->code_prefix);
    snprintf(top.name, sizeof top.name, "%s镇党委", town);
    zb_strlcpy(top.type, "organ", sizeof top.type);
    if (store_branch_add(d->st, &top) != STORE_OK) return demo_fail_store(d, "写入镇党委");

    int institutions = 0;
    bool long_names_done = false;
    struct standing *standings = xcalloc((size_t)nbranches, sizeof *standings);
    plan_standings(seed, nbranches, sp->plain, standings);
    for (int i = 0; i < nbranches; i++) {
        d->standing = (int)standings[i].kind;
        d->problems = standings[i].problems;
        const char *type = branch_type(r, i);
        bool long_names = false;
        if (strcmp(type, "organ") == 0) {
            snprintf(name, sizeof name, "镇政府机关党支部");
        } else if (strcmp(type, "rural") == 0) {
            snprintf(name, sizeof name, "%s村党支部", demo_next_stem(d));
            long_names = !long_names_done;
            long_names_done = true;
        } else if (strcmp(type, "community") == 0) {
            snprintf(name, sizeof name, "%s社区党支部", demo_next_stem(d));
        } else if (strcmp(type, "institution") == 0) {
            if (institutions < (int)ZB_ARRAY_LEN(INSTITUTIONS))
                snprintf(name, sizeof name, "%s", INSTITUTIONS[institutions]);
            else
                snprintf(name, sizeof name, "%s小学党支部", demo_next_stem(d));
            institutions++;
        } else if (strcmp(type, "soe") == 0) {
            snprintf(name, sizeof name, "%s%s党支部", demo_next_stem(d), PICK(r, SOE_UNITS));
        } else {
            snprintf(name, sizeof name, "%s%s党支部", demo_next_stem(d), PICK(r, PRIVATE_TRADES));
        }
        if (demo_make_branch(d, i, type, name, top.id, long_names) != 0) {
            free(standings);
            return -1;
        }
    }
    free(standings);

    char seedtxt[24];
    snprintf(seedtxt, sizeof seedtxt, "%llu", (unsigned long long)seed);
    if (store_meta_set(d->st, "demo", "1") != STORE_OK ||
        store_meta_set(d->st, "demo_seed", seedtxt) != STORE_OK ||
        store_office_set_kind(d->st, "township") != STORE_OK) /* a township's database */
        return demo_fail_store(d, "写入数据库信息");
    /* the page caches' pages (written out first) and the heap's free pages returned before the
     * accounts' password hashes take their 16 MiB (user_db.c): the demo's peak (DESIGN.md:
     * 32 MB) is there (issue 17: 350x10 31.5 -> 29.4 MiB; a larger cache while generating,
     * 12 MB, was no faster there) */
    if (sp->accounts && store_demo_bulk_cache(d->st, DEMO_CACHE_MB, 2) != STORE_OK)
        return demo_fail_store(d, "设置缓存");
    if (sp->accounts) malloc_trim(0);
    return sp->accounts ? make_accounts(d) : 0;
}

static void print_help(void)
{
    fputs("用法：zhibu demo --db 路径 [--branches N] [--years N] [--seed S]\n"
          "      zhibu demo --district --db 路径 [--townships N] [--branches N] [--years N]\n"
          "                 [--seed S]\n"
          "\n"
          "生成一个演示用的乡镇数据库：一个镇党委，其下 N 个党支部（农村为主，另有机关、\n"
          "社区、企业），每个支部有党小组、支委会和 20–90 名党员（正式和预备党员、流动党员，\n"
          "以及已转出或去世、仍留在库中的党员），以及最近 N 年直到今天的会议记录：支委会、\n"
          "党小组会、主题党日（常与季度党员大会、党课合开）、党员大会、党课、第四季度的\n"
          "组织生活会和民主评议、谈心谈话（书记每年与每名党员谈心谈话、讲一次党课），有请假\n"
          "和缺席及原因、决议及表决；每个支部有一条已作废的重复记录，以及未来 7 天内的会议\n"
          "计划和一条已过期的计划。\n"
          "像一个真实的乡镇：多数支部多数月份各项达标；约四成的支部有一两个具体问题；\n"
          "每 20 个支部有一个（至少一个，其中总有第一个支部）明显落后，以下问题样样都有：\n"
          "党小组会、支委会、党员大会、党课、主题党日有缺开的月份；补记、缺记录人、不足\n"
          "法定人数的记录；逾期未转正的预备党员、7 个月以上未联系的流动党员；欠交 1–2 个\n"
          "月的、欠交 3 个月以上需谈话的、连续 6 个月以上未交的党员；逾期未汇报履职的岗位。\n"
          "党员的变化：每个支部有一名下月到期应转正的预备党员，流动党员的外出地点、活动\n"
          "证号、联系人和联系记录（其中一人外出满 6 个月应转出组织关系），一名转出和一名\n"
          "转入的党员（介绍信编号、党费交至月份）。\n"
          "党费：N 年来每年年初的缴纳基数（在职、离退休；一人年中调资），多数党员在主题党日\n"
          "按月交纳，部分按季度或年初预交全年，收据编号按支部和年份排列（如 2026-0001）；\n"
          "每个支部有缓交（外出务工）和免交（低保）的党员。启用台账以前的月份不计欠交。\n"
          "设岗定责：每个支部 8–12 个岗位（两年前起设），多数无职党员分几批认领或经推荐\n"
          "上岗并作出承诺，每批认领后几天公示；两人各认领两个岗位，一两人卸任后改认其他\n"
          "岗位；每季度在主题党日、党员大会或党小组会上汇报履职；\n"
          "去年的民主评议（多为称职，部分优秀并予表彰，一人基本称职并提醒谈话）；一名\n"
          "党员因年老体弱免于设岗，一名无职党员尚未认领岗位。\n"
          "全部数据在一个事务中写入。\n"
          "同一种子生成相同的数据（UUID 和时间戳除外）；日期以“今天”为准（可用环境变量\n"
          "ZHIBU_TODAY=YYYY-MM-DD 固定）。已存在且非空的文件不会被覆盖。\n"
          "演示账号（密码均为 demo1234）：admin（管理员）、shuji（第一个村支部的书记）、\n"
          "shencha（镇审查组，审查全部支部）。\n"
          "\n"
          "--district：生成一个区（县）的演示数据库，按真实的方式得来：每个乡镇各生成一个\n"
          "上述的乡镇数据库（乡镇名各不相同，如 红旗镇党委；支部组织代码各不相同），乡镇审查组\n"
          "审查最近三个整月（多数按系统建议，少数从宽），导出报区县的月度交换包，再导入区县的\n"
          "数据库；区县登记每个乡镇（名称、组织代码、乡镇的指纹），设两个指导站分管各乡镇，\n"
          "区委组织部复审了前一个月的全部支部和最近一个月的部分支部（多数同意乡镇结论，\n"
          "部分改变并写明理由，一两个退回乡镇），指导站作了几次督查。乡镇的数据库在临时目录中\n"
          "生成，完成后删除。\n"
          "区县的演示账号（密码均为 demo1234）：admin（管理员）、quxian（区委组织部复审，\n"
          "全部乡镇）、ducha1、ducha2（第一、第二指导站的督查员，只管本站的乡镇）。\n"
          "\n"
          "选项：\n"
          "  --db 路径        要创建的数据库文件（必填）\n"
          "  --branches N     支部数，1 到 1000，默认 8；--district 时为全区的支部总数，\n"
          "                   平均分到各乡镇，默认 16\n"
          "  --years N        会议记录的年数，0 到 10，默认 2（--district 时默认 1；0 为不生成\n"
          "                   会议记录、党费和设岗定责）；党费从 N-1 年前的 1 月起\n"
          "  --seed S         随机种子，非负整数，默认 1\n"
          "  --district       生成区（县）的演示数据库（见上）\n"
          "  --townships N    --district 时的乡镇数，1 到 40，默认 4\n"
          "  -h, --help       显示本说明\n",
          stdout);
}

/* Remove what a failed run created, so no half-written database is left behind. */
void demo_remove_created(const char *path, bool existed_empty)
{
    static const char *const suffixes[] = {"-wal", "-shm", "-journal"};
    char side[CONFIG_PATH_MAX + 16];
    for (size_t i = 0; i < ZB_ARRAY_LEN(suffixes); i++) {
        snprintf(side, sizeof side, "%s%s", path, suffixes[i]);
        unlink(side);
    }
    if (existed_empty) {
        if (truncate(path, 0) != 0) unlink(path);
    } else {
        unlink(path);
    }
}

int cli_demo(int argc, char **argv, const struct config *cfg)
{
    const char *db = NULL, *branches_txt = NULL, *seed_txt = NULL, *years_txt = NULL;
    const char *townships_txt = NULL;
    bool help = false, district = false;
    const struct args_option opts[] = {
        {.name = "db", .kind = ARGS_VALUE, .value = &db},
        {.name = "district", .kind = ARGS_FLAG, .set = &district},
        {.name = "townships", .kind = ARGS_VALUE, .value = &townships_txt},
        {.name = "branches", .kind = ARGS_VALUE, .value = &branches_txt},
        {.name = "seed", .kind = ARGS_VALUE, .value = &seed_txt},
        {.name = "years", .kind = ARGS_VALUE, .value = &years_txt},
        {.name = "help", .kind = ARGS_FLAG, .set = &help},
        {0},
    };
    const char *pos[1];
    int npos;
    char err[512];
    if (args_parse(argc, argv, opts, pos, 0, &npos, err, sizeof err) != 0)
        return args_usage_error("demo", "%s", err);
    if (help) {
        print_help();
        return 0;
    }
    if (!db || !*db) return args_usage_error("demo", "缺少 --db：请指定要创建的演示数据库文件");
    if (townships_txt && !district)
        return args_usage_error("demo", "--townships 只用于 --district（生成区县演示数据库）");
    long ntownships = DEMO_DISTRICT_TOWNSHIPS;
    if (townships_txt && !args_parse_long(townships_txt, 1, DEMO_DISTRICT_MAX_TOWNSHIPS, &ntownships))
        return args_usage_error("demo", "--townships 应是 1 到 %d 之间的整数，而不是“%s”",
                                DEMO_DISTRICT_MAX_TOWNSHIPS, townships_txt);
    long nbranches = district ? DEMO_DISTRICT_BRANCHES : DEMO_DEFAULT_BRANCHES;
    if (branches_txt && !args_parse_long(branches_txt, 1, DEMO_MAX_BRANCHES, &nbranches))
        return args_usage_error("demo", "--branches 应是 1 到 %d 之间的整数，而不是“%s”",
                                DEMO_MAX_BRANCHES, branches_txt);
    uint64_t seed = 1;
    if (seed_txt && !args_parse_u64(seed_txt, &seed))
        return args_usage_error("demo", "--seed 应是非负整数，而不是“%s”", seed_txt);
    if (district && nbranches < ntownships)
        return args_usage_error("demo", "--branches（%ld）不能少于乡镇数（%ld）：每个乡镇至少一个支部",
                                nbranches, ntownships);
    long years = district ? DEMO_DISTRICT_YEARS : DEMO_DEFAULT_YEARS;
    if (years_txt && !args_parse_long(years_txt, 0, DEMO_MAX_YEARS, &years))
        return args_usage_error("demo", "--years 应是 0 到 %d 之间的整数，而不是“%s”",
                                DEMO_MAX_YEARS, years_txt);

    /* Never overwrite: an existing non-empty file (or anything not a regular file) is refused. */
    struct stat sb;
    if (stat(db, &sb) == 0 && (!S_ISREG(sb.st_mode) || sb.st_size > 0)) {
        cli_error("demo", "文件 %s 已存在，demo 不会覆盖已有数据", db);
        return 1;
    }
    /* a leftover write-ahead log would be replayed into the new file: that is data too */
    char wal[CONFIG_PATH_MAX + 8];
    snprintf(wal, sizeof wal, "%s-wal", db);
    if (stat(wal, &sb) == 0 && sb.st_size > 0) {
        cli_error("demo", "文件 %s 已存在，demo 不会覆盖已有数据", wal);
        return 1;
    }
    if (district) return demo_district_run(db, ntownships, nbranches, years, seed, cfg);
    struct demo_spec sp = {
        .db = db, .nbranches = nbranches, .years = years, .seed = seed, .accounts = true,
    };
    struct demo_made m;
    if (demo_township_make(&sp, cfg, &m, err, sizeof err) != 0) {
        cli_error("demo", "%s", err);
        return 1;
    }
    fprintf(stderr, "已创建演示数据库 %s：%ld 个支部，%d 名党员（另有 %d 名已离开名册），"
            "%ld 条会议记录，%ld 个会议计划，%ld 笔党费收缴，%ld 人次认领岗位，%ld 次履职汇报，"
            "%ld 次岗位评议\n", db, nbranches, m.members, m.left, m.meetings, m.plans, m.payments,
            m.holdings, m.post_reports, m.post_reviews);
    return 0;
}

int demo_township_make(const struct demo_spec *sp, const struct config *cfg,
                       struct demo_made *made, char *err, size_t errsz)
{
    const char *db = sp->db;
    long nbranches = sp->nbranches, years = sp->years;
    uint64_t seed = sp->seed;
    struct stat sb;
    bool existed_empty = stat(db, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size == 0;

    struct store_options so = {
        .create = true,
        .backup_keep = cfg ? cfg->backup_keep : 10,
        .user = "demo",
        .adopt_empty = existed_empty,
        .test_clock = true, /* a demo database: ZHIBU_TODAY / ZHIBU_NOW honoured on it */
    };
    /* the demo's dates come from the (possibly fixed) clock of the database it makes */
    clock_allow_override(1);
    struct rules defaults; /* the rules are the config's, never restated here */
    if (!cfg) rules_from_config(NULL, &defaults);
    const struct rules *ru = cfg ? &cfg->rules : &defaults;
    struct demo d = {
        .rng = {seed},
        .today = clock_today(),
        .min_join_age = ru->min_join_age,
        .probation_months = ru->probation.months,
        .seed = seed,
        .years = (int)years,
        .late_entry_days = ru->audit.late_entry_days,
        .election_quorum_percent = ru->election_quorum_percent,
        .term_years = ru->audit.people.term_years,
        .post_report_months = ru->audit.post_report_months,
        .post_review_months = ru->post_review_months,
        .dues_rules = ru->audit.dues,
        .people_rules = ru->audit.people,
    };
    if (d.today.y < 1990) {
        snprintf(err, errsz, "今天的日期早于 1990 年，无法生成演示数据");
        return -1;
    }
    if (store_open(db, &so, &d.st, err, errsz) != STORE_OK) return -1;
    d.code_prefix = sp->code_prefix ? sp->code_prefix : DEMO_CODE_PREFIX;
    if (sp->stems) {
        d.stems = sp->stems;
        d.nstems = *sp->nstems;
    } else {
        d.stems = xcalloc((size_t)nbranches + 1, sizeof *d.stems);
    }
    /* one big transaction on the new file, without journal (store_demo_bulk_begin); a small
     * page cache (DESIGN.md: 32 MB for any command): without a journal, what it cannot hold is
     * written to the file and read back from the system's cache, at about the same speed
     * (issue 17: 10 branches x 10 years, 4 MB or 32 MB alike, peak 31 MB instead of 81 MB;
     * 3 MB since the uuids of the bulk count up (few index pages in use at a time) and the
     * search index is built at the end: peak 31.1 MiB instead of 32.1) */
    int rc = store_demo_bulk_begin(d.st, DEMO_CACHE_MB);
    if (rc == STORE_OK) rc = store_begin(d.st);
    if (rc != STORE_OK) demo_fail_store(&d, "开始写入");
    if (rc == STORE_OK) rc = generate(&d, (int)nbranches, seed, sp);
    /* the dues sums the bulk set aside, made before the hook's reviews read them */
    if (rc == 0 && sp->before_seal && store_demo_bulk_sums(d.st) != STORE_OK)
        rc = demo_fail_store(&d, "汇总党费");
    if (rc == 0 && sp->before_seal) rc = sp->before_seal(d.st, sp->ctx, d.err, sizeof d.err);
    if (rc == 0 && store_demo_history_in_time_order(d.st) != STORE_OK)
        rc = demo_fail_store(&d, "整理修改日志");
    if (rc == 0 && store_commit(d.st) != STORE_OK) rc = demo_fail_store(&d, "提交");
    if (rc != 0) {
        store_rollback(d.st);
        store_demo_bulk_end(d.st); /* fails (the file is removed below); ends the bulk's modes */
    }
    if (rc == 0 && store_demo_bulk_end(d.st) != STORE_OK) rc = demo_fail_store(&d, "保存");
    if (sp->stems) *sp->nstems = d.nstems;
    else free(d.stems);
    store_close(d.st);
    if (rc != 0) {
        demo_remove_created(db, existed_empty);
        snprintf(err, errsz, "%s；未创建数据库 %s", d.err, db);
        return -1;
    }
    *made = (struct demo_made){
        .members = d.members, .left = d.left, .meetings = d.meetings, .plans = d.plans,
        .payments = d.payments, .holdings = d.holdings, .post_reports = d.post_reports,
        .post_reviews = d.post_reviews,
    };
    return 0;
}
