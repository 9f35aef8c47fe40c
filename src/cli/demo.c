/* demo.c — `zhibu demo`: a township's demo database, generated from a seed.
 * The same seed (and the same "today") gives the same branches, groups and members; only the
 * UUIDs and timestamps differ. The generator uses its own PRNG (splitmix64), never rand() or
 * the clock, and checks every member with validate_member() before writing it, so the demo
 * holds nothing a form would refuse. Everything is written in one transaction. */
#include "zhibu/cli.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "zhibu/args.h"
#include "zhibu/auth.h"
#include "zhibu/clock.h"
#include "zhibu/config.h"
#include "zhibu/date.h"
#include "zhibu/dues.h"
#include "zhibu/dues_config.h"
#include "zhibu/meeting.h"
#include "zhibu/model.h"
#include "zhibu/posts.h"
#include "zhibu/store.h"
#include "zhibu/store_auth.h"
#include "zhibu/store_dues.h"
#include "zhibu/store_exchange.h"
#include "zhibu/store_lifecycle.h"
#include "zhibu/store_meeting.h"
#include "zhibu/store_posts.h"
#include "zhibu/util.h"
#include "zhibu/validate.h"

#define DEMO_DEFAULT_BRANCHES 8
#define DEMO_MAX_BRANCHES 1000
#define DEMO_MAX_MEMBERS 90
#define DEMO_MAX_GROUPS 5
#define DEMO_CODE_PREFIX "110101"
#define DEMO_DEFAULT_YEARS 2
#define DEMO_MAX_YEARS 10

/* ---- the PRNG: splitmix64 (one 64-bit state, good enough for test data) ---- */

struct rng {
    uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
    uint64_t z = (r->s += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Uniform in [0, n) (n > 0); the modulo bias is negligible for our small n. */
static int rng_below(struct rng *r, int n)
{
    return (int)(rng_next(r) % (uint64_t)n);
}

/* Uniform in [lo, hi], inclusive. */
static int rng_range(struct rng *r, int lo, int hi)
{
    return lo + rng_below(r, hi - lo + 1);
}

static long rng_range_long(struct rng *r, long lo, long hi)
{
    return lo + (long)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

/* True with probability per_mille / 1000. */
static bool rng_chance(struct rng *r, int per_mille)
{
    return rng_below(r, 1000) < per_mille;
}

#define PICK(r, list) ((list)[rng_below((r), (int)ZB_ARRAY_LEN(list))])

/* ---- word lists ---- */

struct weighted {
    const char *text;
    int weight;
};

/* Common surnames, weighted roughly by how often they occur. */
static const struct weighted SURNAMES[] = {
    {"王", 71}, {"李", 70}, {"张", 68}, {"刘", 54}, {"陈", 45}, {"杨", 31}, {"赵", 23},
    {"黄", 22}, {"周", 21}, {"吴", 20}, {"徐", 17}, {"孙", 15}, {"胡", 13}, {"朱", 12},
    {"高", 12}, {"林", 12}, {"何", 12}, {"郭", 11}, {"马", 10}, {"罗", 9}, {"梁", 8},
    {"宋", 8}, {"郑", 8}, {"谢", 7}, {"韩", 7}, {"唐", 7}, {"冯", 7}, {"于", 6},
    {"董", 6}, {"萧", 5}, {"程", 5}, {"曹", 5}, {"袁", 5}, {"邓", 5}, {"许", 5},
    {"傅", 4}, {"沈", 4}, {"曾", 4}, {"彭", 4}, {"吕", 4}, {"苏", 4}, {"卢", 4},
    {"蒋", 4}, {"蔡", 4}, {"贾", 3}, {"丁", 3}, {"魏", 3}, {"薛", 3}, {"叶", 3},
    {"阎", 3}, {"余", 3}, {"潘", 3}, {"杜", 3}, {"戴", 3}, {"夏", 3}, {"钟", 3},
    {"汪", 3}, {"田", 3}, {"任", 3}, {"姜", 3}, {"范", 3}, {"方", 3}, {"石", 3},
    {"姚", 3}, {"谭", 2}, {"廖", 2}, {"邹", 2}, {"熊", 2}, {"金", 2}, {"陆", 2},
    {"郝", 2}, {"孔", 2}, {"白", 2}, {"崔", 2}, {"康", 2}, {"毛", 2}, {"邱", 2},
    {"秦", 2}, {"江", 2}, {"史", 2}, {"顾", 2}, {"侯", 2}, {"邵", 2}, {"孟", 2},
    {"龙", 2}, {"万", 2}, {"段", 2}, {"雷", 2}, {"钱", 2}, {"汤", 2}, {"尹", 2},
};
static const char *const COMPOUND_SURNAMES[] = {
    "欧阳", "司马", "上官", "诸葛", "司徒", "皇甫", "东方", "尉迟",
};
static const char *const HUI_SURNAMES[] = {"马", "白", "丁", "杨", "米", "沙", "哈", "纳"};
static const char *const GIVEN_MALE[] = {
    "建", "国", "明", "华", "军", "伟", "强", "平", "东", "志", "海", "林", "刚", "斌",
    "勇", "峰", "杰", "涛", "超", "鹏", "辉", "俊", "文", "成", "德", "福", "贵", "春",
    "生", "忠", "永", "金", "山", "宝", "庆", "喜", "学", "光", "亮", "新", "兵", "宇",
    "浩", "磊", "鑫", "振", "家", "立", "龙", "荣", "保", "全", "树", "长", "满", "有",
};
static const char *const GIVEN_FEMALE[] = {
    "秀", "英", "兰", "芳", "丽", "娟", "敏", "静", "玲", "霞", "梅", "燕", "红", "艳",
    "萍", "琴", "云", "桂", "凤", "珍", "慧", "婷", "雪", "莉", "娜", "洁", "颖", "晓",
    "丹", "月", "华", "玉", "春", "佳", "欣", "悦", "琳", "倩", "荣", "菊", "翠", "香",
};
static const char *const MONGOL_MALE[] = {"巴特尔", "额尔敦", "苏和", "朝鲁", "阿拉坦仓", "巴图", "孟和"};
static const char *const MONGOL_FEMALE[] = {"其其格", "乌云", "斯琴", "萨仁", "图雅", "格日勒", "那仁高娃"};
static const char *const TIBETAN_FIRST[] = {"扎西", "次仁", "格桑", "平措", "旺堆", "尼玛", "顿珠", "索朗"};
static const char *const TIBETAN_MALE[] = {"多吉", "旺堆", "顿珠", "平措", "罗布", "达瓦"};
static const char *const TIBETAN_FEMALE[] = {"卓玛", "央金", "拉姆", "德吉", "曲珍", "白珍"};
static const char *const UYGHUR_MALE[] = {
    "买买提", "艾力", "吐尔逊", "艾尼瓦尔", "阿不都", "热合曼", "努尔", "伊力哈木", "库尔班",
};
static const char *const UYGHUR_FEMALE[] = {
    "阿依古丽", "古丽米拉", "热依拉", "帕提古丽", "迪丽努尔", "阿依努尔", "古再丽努尔",
};

/* Place-name stems: a curated list first, then combinations of the two syllable lists. */
static const char *const STEMS_CURATED[] = {
    "红旗", "柳林", "东风", "新华", "前进", "光明", "团结", "胜利", "和平", "幸福",
    "永安", "长乐", "太平", "丰收", "建新", "富民", "青山", "白杨", "石桥", "沙河",
    "杨庄", "李庄", "王庄", "张庄", "马家湾", "高家堡", "刘家沟", "黄土岭", "清水", "大营",
};
static const char *const STEM_FIRST[] = {
    "红", "柳", "东", "新", "前", "光", "团", "胜", "和", "幸", "永", "长", "太", "丰",
    "建", "富", "青", "白", "石", "沙", "杨", "李", "王", "张", "马", "高", "刘", "黄",
    "清", "大", "小", "上", "下", "南", "北", "西", "中", "金", "银", "桃", "杏", "梨",
    "枣", "松", "柏", "槐", "榆", "安", "平", "兴", "双", "三", "五", "六", "八", "赵",
    "陈", "孙", "周", "吴",
};
static const char *const STEM_SECOND[] = {
    "旗", "林", "风", "华", "进", "明", "泉", "庄", "沟", "湾", "坪", "河", "桥", "岭",
    "山", "堡", "营", "屯", "寨", "店", "园", "峪", "塘", "湖", "坡", "洼", "集", "铺",
    "岗", "滩",
};
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

/* ---- generation state ---- */

struct demo {
    struct rng rng;
    struct store *st;
    struct zdate today;
    int min_join_age;
    int probation_months;
    char (*stems)[32];   /* place-name stems used so far (unique names) */
    int nstems;
    int members;         /* on the roster */
    int left;            /* who left the roster */
    uint64_t seed;
    int years;           /* of meeting history */
    int late_entry_days;
    int election_quorum_percent;
    long meetings;       /* records written (the voided duplicates included) */
    long plans;
    struct dues_rules dues_rules;
    long payments;       /* dues payments written */
    int post_report_months;
    int post_review_months;
    long holdings;       /* post claims written */
    long post_reports;
    long post_reviews;
    int standing;        /* enum demo_standing of the branch being made */
    unsigned problems;   /* its enum demo_problem set */
    char err[512];
};

static const char *pick_surname(struct rng *r)
{
    static int total;
    if (!total)
        for (size_t i = 0; i < ZB_ARRAY_LEN(SURNAMES); i++) total += SURNAMES[i].weight;
    int x = rng_below(r, total);
    for (size_t i = 0; i < ZB_ARRAY_LEN(SURNAMES); i++) {
        if (x < SURNAMES[i].weight) return SURNAMES[i].text;
        x -= SURNAMES[i].weight;
    }
    return SURNAMES[0].text;
}

static void han_given(struct rng *r, bool female, char *out, size_t outsz)
{
    const char *a = female ? PICK(r, GIVEN_FEMALE) : PICK(r, GIVEN_MALE);
    if (rng_chance(r, 300)) {
        snprintf(out, outsz, "%s", a);
        return;
    }
    const char *b = female ? PICK(r, GIVEN_FEMALE) : PICK(r, GIVEN_MALE);
    if (strcmp(a, b) == 0 && rng_chance(r, 500)) b = female ? "英" : "明";
    snprintf(out, outsz, "%s%s", a, b);
}

/* A name and ethnicity; minority_pm is the branch's share of minority members (per mille). */
static void make_person(struct rng *r, bool female, int minority_pm, struct member *m)
{
    char given[64];
    zb_strlcpy(m->ethnicity, "汉族", sizeof m->ethnicity);
    if (rng_chance(r, minority_pm)) {
        switch (rng_below(r, 4)) {
        case 0:
            zb_strlcpy(m->ethnicity, "回族", sizeof m->ethnicity);
            han_given(r, female, given, sizeof given);
            snprintf(m->name, sizeof m->name, "%s%s", PICK(r, HUI_SURNAMES), given);
            return;
        case 1:
            zb_strlcpy(m->ethnicity, "蒙古族", sizeof m->ethnicity);
            snprintf(m->name, sizeof m->name, "%s",
                     female ? PICK(r, MONGOL_FEMALE) : PICK(r, MONGOL_MALE));
            return;
        case 2:
            zb_strlcpy(m->ethnicity, "藏族", sizeof m->ethnicity);
            snprintf(m->name, sizeof m->name, "%s%s", PICK(r, TIBETAN_FIRST),
                     female ? PICK(r, TIBETAN_FEMALE) : PICK(r, TIBETAN_MALE));
            return;
        default:
            zb_strlcpy(m->ethnicity, "维吾尔族", sizeof m->ethnicity);
            snprintf(m->name, sizeof m->name, "%s·%s",
                     female ? PICK(r, UYGHUR_FEMALE) : PICK(r, UYGHUR_MALE), PICK(r, UYGHUR_MALE));
            return;
        }
    }
    if (rng_chance(r, 4)) {
        /* a compound surname and a two-character given name: four characters */
        const char *a = female ? PICK(r, GIVEN_FEMALE) : PICK(r, GIVEN_MALE);
        const char *b = female ? PICK(r, GIVEN_FEMALE) : PICK(r, GIVEN_MALE);
        snprintf(m->name, sizeof m->name, "%s%s%s", PICK(r, COMPOUND_SURNAMES), a, b);
        return;
    }
    han_given(r, female, given, sizeof given);
    snprintf(m->name, sizeof m->name, "%s%s", pick_surname(r), given);
}

/* A place-name stem not used before in this database. */
static const char *next_stem(struct demo *d)
{
    char cand[32];
    for (long tries = 0;; tries++) {
        if (d->nstems < (int)ZB_ARRAY_LEN(STEMS_CURATED) && tries == 0)
            snprintf(cand, sizeof cand, "%s", STEMS_CURATED[d->nstems]);
        else if (tries < 100000)
            snprintf(cand, sizeof cand, "%s%s", PICK(&d->rng, STEM_FIRST), PICK(&d->rng, STEM_SECOND));
        else
            snprintf(cand, sizeof cand, "新村%d", d->nstems + 1);
        bool used = false;
        for (int i = 0; i < d->nstems && !used; i++) used = strcmp(d->stems[i], cand) == 0;
        if (!used) break;
    }
    zb_strlcpy(d->stems[d->nstems], cand, sizeof d->stems[0]);
    return d->stems[d->nstems++];
}

static struct zdate random_date(struct rng *r, struct zdate lo, struct zdate hi)
{
    long a = date_to_days(lo), b = date_to_days(hi);
    if (b < a) return lo;
    return date_from_days(rng_range_long(r, a, b));
}

static struct zdate ymd(int y, int m, int dd)
{
    return (struct zdate){y, m, dd};
}

static struct zdate min_date(struct zdate a, struct zdate b)
{
    return date_cmp(a, b) <= 0 ? a : b;
}

static struct zdate max_date(struct zdate a, struct zdate b)
{
    return date_cmp(a, b) >= 0 ? a : b;
}

static const char *pick_education(struct rng *r, const char *type, int birth_year)
{
    int x = rng_below(r, 100);
    if (strcmp(type, "organ") == 0 || strcmp(type, "institution") == 0) {
        if (x < 10) return "college";
        if (x < 80) return "bachelor";
        if (x < 97) return "master";
        return "doctor";
    }
    if (strcmp(type, "soe") == 0 || strcmp(type, "private") == 0) {
        if (x < 20) return "senior";
        if (x < 40) return "vocational";
        if (x < 70) return "college";
        return "bachelor";
    }
    if (birth_year < 1960) {
        if (x < 40) return "primary";
        if (x < 85) return "junior";
        return "senior";
    }
    if (strcmp(type, "community") == 0) {
        if (x < 25) return "junior";
        if (x < 50) return "senior";
        if (x < 65) return "vocational";
        if (x < 85) return "college";
        return "bachelor";
    }
    if (x < 10) return birth_year < 1980 ? "primary" : "junior";
    if (x < 50) return "junior";
    if (x < 75) return "senior";
    if (x < 85) return "vocational";
    if (x < 95) return "college";
    return "bachelor";
}

static const char *pick_dues(struct rng *r, const char *type, int age)
{
    int x = rng_below(r, 100);
    if (strcmp(type, "rural") == 0) return age >= 60 && x < 15 ? "retired" : "farmer";
    if (strcmp(type, "community") == 0) {
        if (age >= 60) return x < 85 ? "retired" : "lowincome";
        if (x < 60) return "employed";
        if (x < 85) return "unemployed";
        return "lowincome";
    }
    return "employed";
}

static void random_phone(struct rng *r, char *out, size_t outsz)
{
    static const char second[] = "358";
    char buf[12];
    buf[0] = '1';
    buf[1] = second[rng_below(r, 3)];
    for (int i = 2; i < 11; i++) buf[i] = (char)('0' + rng_below(r, 10));
    buf[11] = '\0';
    zb_strlcpy(out, buf, outsz);
}

/* Moves a 29 February to the 28th (or 1 March when that would fall before lo), so that
 * "one year later" means the same day whichever way a check counts it. */
static struct zdate avoid_leap_day(struct zdate d, struct zdate lo)
{
    if (d.m != 2 || d.d != 29) return d;
    struct zdate prev = ymd(d.y, 2, 28);
    return date_cmp(prev, lo) >= 0 ? prev : ymd(d.y, 3, 1);
}

/* Dates of one member: birth, join, full, by status. */
static void make_dates(struct demo *d, struct member *m, const char *type, bool probationary)
{
    struct rng *r = &d->rng;
    /* the youngest birth that still leaves room to join and pass probation by today */
    int room = 12 * (d->min_join_age + 1) + d->probation_months;
    struct zdate youngest = min_date(ymd(2002, 12, 31), date_add_months(d->today, -room));
    struct zdate oldest = ymd(1940, 1, 1);
    if (strcmp(type, "rural") != 0 && strcmp(type, "community") != 0)
        oldest = max_date(oldest, date_add_years(d->today, -59)); /* working age */
    if (probationary) oldest = max_date(oldest, date_add_years(d->today, -45));
    if (date_cmp(oldest, youngest) > 0) oldest = youngest;
    struct zdate birth = random_date(r, oldest, youngest);
    date_format(birth, m->birth_date);

    struct zdate earliest_join = date_add_days(date_add_years(birth, d->min_join_age), 1);
    struct zdate join;
    if (probationary) {
        struct zdate lo = date_add_days(date_add_months(d->today, -d->probation_months), 1);
        join = random_date(r, max_date(lo, earliest_join), d->today);
        join = avoid_leap_day(join, earliest_join);
        zb_strlcpy(m->status, "probationary", sizeof m->status);
        m->full_date[0] = '\0';
    } else {
        struct zdate latest = date_add_days(date_add_months(d->today, -d->probation_months), -1);
        latest = min_date(latest, date_add_years(birth, 60));
        /* most people join young: the smaller of two uniform draws */
        long span = date_diff_days(latest, earliest_join);
        if (span < 0) span = 0;
        long a = rng_range_long(r, 0, span), b = rng_range_long(r, 0, span);
        join = avoid_leap_day(date_add_days(earliest_join, a < b ? a : b), earliest_join);
        zb_strlcpy(m->status, "full", sizeof m->status);
        date_format(date_add_months(join, d->probation_months), m->full_date);
    }
    date_format(join, m->join_date);
}

/* The committee's offices for a committee of `size` (3–5). */
static void committee_offices(struct rng *r, int size, const char *out[5])
{
    bool deputy = size >= 4 && rng_chance(r, 500);
    int k = 0;
    out[k++] = "secretary";
    if (deputy) out[k++] = "deputy";
    out[k++] = "organization";
    out[k++] = "publicity";
    if (k < size) out[k++] = "discipline";
    if (k < size) out[k++] = "committee";
}

/* Marks k of the indices i < n with eligible[i] in chosen[] (fewer if fewer are eligible),
 * each k-subset equally likely. */
static void choose(struct rng *r, const bool *eligible, int n, int k, bool *chosen)
{
    int pool[DEMO_MAX_MEMBERS], np = 0;
    for (int i = 0; i < n; i++)
        if (eligible[i]) pool[np++] = i;
    for (int c = 0; c < k && np > 0; c++) {
        int j = rng_below(r, np);
        chosen[pool[j]] = true;
        pool[j] = pool[--np];
    }
}

static int age_on(const struct member *m, struct zdate on)
{
    struct zdate b;
    return date_parse(m->birth_date, &b) ? date_age(b, on) : 0;
}

static int fail_store(struct demo *d, const char *what)
{
    snprintf(d->err, sizeof d->err, "%s失败：%s", what, store_errmsg(d->st));
    return -1;
}

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
enum demo_standing {
    STANDING_GOOD,   /* keeps the ledger: at most a rare slip (a group meeting missed, a 补记) */
    STANDING_SLIPS,  /* one or two of the specific problems below */
    STANDING_BEHIND, /* every problem below, and for longer */
};

/* The specific problems, as a bit set. */
enum demo_problem {
    DP_GROUP_LAX = 1u << 0,     /* 三会一课: one group often skips its monthly meeting */
    DP_COMMITTEE_GAP = 1u << 1, /* 三会一课: a month without a committee meeting */
    DP_THEME_MISSED = 1u << 2,  /* 主题党日: a month without the theme day */
    DP_RECORDS = 1u << 3,       /* 记录规范: 补记, a record without recorder, one short of a quorum */
    DP_PROBATION = 1u << 4,     /* 党员管理: a 预备党员 past the end of probation, undecided */
    DP_MOBILE_SILENT = 1u << 5, /* 党员管理: a mobile member not contacted for 7 months (villages) */
    DP_ARREARS = 1u << 6,       /* 党费: owing 1–2 months, one 3+ (需谈话), one 6+ (lapse) */
    DP_REPORTS = 1u << 7,       /* 设岗定责: two or three holders overdue with their report */
    DP_ALL = (1u << 8) - 1,
};

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

/* How often, per mille, what a branch of each standing holds is held (or done right). */
static const struct standing_rates {
    int committee;   /* the monthly committee meeting */
    int group;       /* each group's monthly meeting */
    int lax_group;   /* the meetings of a group with DP_GROUP_LAX */
    int general;     /* the quarterly general meeting */
    int lecture;     /* the quarterly lecture */
    int late_record; /* that a branch has one 补记 without DP_RECORDS */
    int forgot_dues; /* a member forgets a month's dues (paid with the next month) */
} STANDING_RATES[] = {
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

/* The standing of every branch of the township, from the seed alone. */
static void plan_standings(uint64_t seed, int nbranches, struct standing *out)
{
    struct rng rs = {seed ^ UINT64_C(0x6A09E667F3BCC909)};
    int nbehind = nbranches / DEMO_BEHIND_EVERY > 0 ? nbranches / DEMO_BEHIND_EVERY : 1;
    for (int i = 0; i < nbranches; i++) out[i] = (struct standing){STANDING_GOOD, 0};
    /* the first branch first, then at random */
    out[0] = SHOWCASE[0];
    for (int k = 1; k < nbehind; k++) {
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
        if (i > 0 && i < (int)ZB_ARRAY_LEN(SHOWCASE)) {
            out[i] = SHOWCASE[i];
            continue;
        }
        if (!slips) continue;
        out[i] = (struct standing){STANDING_SLIPS, problems};
    }
}

static bool has_problem(const struct demo *d, unsigned problem)
{
    return (d->problems & problem) != 0;
}

static const struct standing_rates *rates_of(const struct demo *d)
{
    return &STANDING_RATES[d->standing];
}

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

/* What the meeting generator knows about one branch. */
struct demo_branch {
    const struct branch *b;
    const char *type;
    const struct group *groups;
    int ngroups;
    const struct member *ms;
    int n;
    int64_t secretary, recorder;
    char secretary_name[TEXT_SHORT];
    int theme_day;
};

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

    /* attendance: the roster on the day */
    enum meeting_kind expect_kind = sl->kind == MK_TALK ? MK_GENERAL : sl->kind;
    if (store_meeting_expected(d->st, db->b->id, expect_kind, m.group_id, m.date, &m.attendees,
                               &m.nattendees) != STORE_OK)
        return fail_store(d, "读取应到人员");
    if (sl->kind == MK_TALK && sl->talk_group >= 0) {
        /* the secretary's yearly talks with each member of a group, one after another */
        int k = 0;
        for (int i = 0; i < m.nattendees; i++) {
            const struct member *mem = member_by_id(db, m.attendees[i].member_id);
            if (m.attendees[i].member_id == db->secretary ||
                (mem && mem->group_id == db->groups[sl->talk_group].id))
                m.attendees[k++] = m.attendees[i];
        }
        m.nattendees = k;
    } else if (sl->kind == MK_TALK && m.nattendees > 0) {
        /* one to one: the secretary and one member */
        struct attendee pair[2];
        int k = 0, other = rng_below(r, m.nattendees);
        for (int i = 0; i < m.nattendees && k < 1; i++)
            if (m.attendees[i].member_id == db->secretary) pair[k++] = m.attendees[i];
        if (m.attendees[other].member_id != db->secretary) pair[k++] = m.attendees[other];
        memcpy(m.attendees, pair, (size_t)k * sizeof pair[0]);
        m.nattendees = k;
    } else {
        mark_attendance(r, db, &m, sl->date);
    }
    if (sl->short_handed) { /* only the secretary and at most a third of the others came */
        int present = 0;
        for (int i = 0; i < m.nattendees; i++) {
            struct attendee *a = &m.attendees[i];
            if (a->member_id == db->secretary || (present + 1) * 3 < m.nattendees) {
                if (strcmp(a->mark, "present") == 0) present++;
                continue;
            }
            if (strcmp(a->mark, "present") == 0) {
                zb_strlcpy(a->mark, "leave", sizeof a->mark);
                zb_strlcpy(a->reason, "到镇里参加培训", sizeof a->reason);
            }
        }
    }

    const char *start = sl->kind == MK_THEME_DAY || sl->kind == MK_GENERAL ? (rng_chance(r, 600) ? "09:00" : "14:30")
                                                                          : PICK(r, START_TIMES);
    zb_strlcpy(m.start_time, start, sizeof m.start_time);
    int minutes = (start[0] - '0') * 600 + (start[1] - '0') * 60 + (start[3] - '0') * 10 +
                  (start[4] - '0');
    minutes += sl->kind == MK_TALK ? rng_range(r, 1, 2) * 30 : rng_range(r, 2, 5) * 30;
    snprintf(m.end_time, sizeof m.end_time, "%02u:%02u", (unsigned)(minutes / 60) % 24u,
             (unsigned)minutes % 60u);

    const char *place;
    if (sl->kind == MK_THEME_DAY && rng_chance(r, 300) && strcmp(db->type, "rural") == 0)
        place = PICK(r, OUTDOOR_PLACES);
    else if (strcmp(db->type, "rural") == 0) place = PICK(r, RURAL_PLACES);
    else if (strcmp(db->type, "community") == 0) place = PICK(r, COMMUNITY_PLACES);
    else place = PICK(r, UNIT_PLACES);
    zb_strlcpy(m.place, place, sizeof m.place);

    /* host and recorder: the secretary and the organising member; a group's leader hosts its
     * meeting and another member of the group present records it */
    m.host_id = db->secretary;
    m.recorder_id = db->recorder;
    const char *host_name = db->secretary_name;
    if (g && g->leader_id) {
        m.host_id = g->leader_id;
        const struct member *lead = member_by_id(db, g->leader_id);
        if (lead) host_name = lead->name;
        for (int i = 0; i < m.nattendees; i++)
            if (m.attendees[i].member_id != g->leader_id &&
                strcmp(m.attendees[i].mark, "present") == 0) {
                m.recorder_id = m.attendees[i].member_id;
                break;
            }
    }
    if (sl->incomplete) m.recorder_id = 0;
    if (meeting_counts_as(&m, MK_LECTURE)) {
        if (rng_chance(r, 650)) {
            m.lecturer_id = db->secretary;
        } else {
            char surname_given[64];
            han_given(r, rng_chance(r, 300), surname_given, sizeof surname_given);
            snprintf(m.lecturer_name, sizeof m.lecturer_name, "%s %s%s", PICK(r, VISITING_LECTURERS),
                     pick_surname(r), surname_given);
        }
        if (sl->by_secretary) { /* (after the draws, so the stream stays what it was) */
            m.lecturer_id = db->secretary;
            m.lecturer_name[0] = '\0';
        }
    }
    if (meeting_counts_as(&m, MK_GENERAL) && rng_chance(r, 300))
        zb_strlcpy(m.observers, "镇包村干部、村务监督委员会主任", sizeof m.observers);
    else if (sl->kind == MK_THEME_DAY && rng_chance(r, 200))
        zb_strlcpy(m.observers, "入党积极分子、部分群众代表", sizeof m.observers);

    m.topics = make_topics(r, sl);
    struct meeting_rules rules = {.election_quorum_percent = d->election_quorum_percent};
    meeting_evaluate(&m, &rules);
    m.minutes = make_minutes(r, &m, host_name);
    if (meeting_counts_as(&m, MK_GENERAL) || meeting_counts_as(&m, MK_COMMITTEE)) {
        if (sl->kind == MK_COMMITTEE && rng_chance(r, 200)) {
            m.no_resolutions = true;
        } else {
            int voters = meeting_voters_present(&m); /* votes never exceed those present with a vote */
            m.nresolutions = rng_range(r, 1, 2);
            m.resolutions = xcalloc((size_t)m.nresolutions, sizeof *m.resolutions);
            for (int i = 0; i < m.nresolutions; i++) {
                struct resolution *res = &m.resolutions[i];
                const char *t = PICK(r, RESOLUTION_TEXTS);
                if (i > 0 && strcmp(t, m.resolutions[0].text) == 0) t = RESOLUTION_TEXTS[0];
                zb_strlcpy(res->text, t, sizeof res->text);
                res->votes_abstain = voters > 3 && rng_chance(r, 150) ? 1 : 0;
                res->votes_against = voters > 10 && rng_chance(r, 80) ? 1 : 0;
                res->votes_for = voters - res->votes_abstain - res->votes_against;
                if (res->votes_for < 0) res->votes_for = 0;
            }
        }
    }
    meeting_evaluate(&m, &rules);

    enum meeting_field field;
    const char *problem = meeting_check(&m, d->today, &field);
    if (problem) {
        int rc = fail_meeting(d, db, &m, problem);
        meeting_free(&m);
        return rc;
    }

    /* a committee meeting of the last three months was planned a week ahead */
    if (sl->kind == MK_COMMITTEE && date_diff_days(d->today, sl->date) <= 90) {
        struct meeting_plan p = {0};
        p.branch_id = m.branch_id;
        zb_strlcpy(p.kind, m.kind, sizeof p.kind);
        zb_strlcpy(p.date, m.date, sizeof p.date);
        char *first = xstrdup(m.topics);
        first[strcspn(first, "\n")] = '\0';
        zb_strlcpy(p.topic, first, sizeof p.topic);
        free(first);
        char stamp[24];
        struct meeting planned = {.end_time = "18:00"};
        entry_stamp(r, d, &planned, date_add_days(sl->date, -7), 0, stamp);
        if (store_plan_add(d->st, &p) != STORE_OK || store_plan_set_created(d->st, p.id, stamp) != STORE_OK) {
            meeting_free(&m);
            return fail_store(d, "写入会议计划");
        }
        m.plan_id = p.id;
        d->plans++;
    }

    int delay = sl->late ? d->late_entry_days + rng_range(r, 3, 33)
              : rng_chance(r, 700) ? 0 : rng_chance(r, 650) ? 1 : rng_range(r, 2, 3);
    char stamp[24];
    entry_stamp(r, d, &m, sl->date, delay, stamp);
    if (store_meeting_add(d->st, &m) != STORE_OK ||
        store_meeting_set_created(d->st, m.id, stamp) != STORE_OK) {
        meeting_free(&m);
        return fail_store(d, "写入会议记录");
    }
    d->meetings++;
    if (sl->duplicate) { /* entered twice by mistake; the second copy is voided */
        m.plan_id = 0;
        entry_stamp(r, d, &m, sl->date, delay + 1, stamp);
        if (store_meeting_add(d->st, &m) != STORE_OK ||
            store_meeting_set_created(d->st, m.id, stamp) != STORE_OK ||
            store_meeting_void(d->st, m.id, "重复录入，以同日另一条记录为准") != STORE_OK) {
            meeting_free(&m);
            return fail_store(d, "写入会议记录");
        }
        d->meetings++;
    }
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
        return fail_store(d, "写入会议计划");
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

static int make_meetings(struct demo *d, const struct demo_branch *db, int index)
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
    const struct standing_rates *rate = rates_of(d);
    int missed_committee = nmonths > 2 ? rng_range(r, 0, nmonths - 2) : -1;
    if (!has_problem(d, DP_COMMITTEE_GAP)) missed_committee = -1;
    else if (d->standing == STANDING_BEHIND && nmonths > 1) missed_committee = nmonths - 2; /* last month */
    int missed_theme[2] = {-1, -1}, lax_group = rng_below(&xs, db->ngroups > 0 ? db->ngroups : 1);
    if (has_problem(d, DP_THEME_MISSED) && nmonths > 2)
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
            slot_add(&s, ymd(month.y, month.m, rng_range(r, 1, 6)), MK_COMMITTEE, 0, -1);
        /* groups */
        for (int g = 0; g < db->ngroups; g++)
            if (rng_chance(r, g == lax_group && has_problem(d, DP_GROUP_LAX) ? rate->lax_group : rate->group))
                slot_add(&s, ymd(month.y, month.m, rng_range(r, 7, dim < 27 ? dim : 27)), MK_GROUP, 0, g);
        /* theme day, with the quarter's general meeting on it (and perhaps a lecture) */
        struct zdate theme = ymd(month.y, month.m, db->theme_day <= dim ? db->theme_day : dim);
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
                slot_add(&s, ymd(month.y, month.m, theme.d > 8 ? theme.d - 1 : theme.d + 1), MK_LECTURE, 0, -1);
        }
        if (qpos == gen_month && !gen_on_theme && general_held) {
            int day = rng_range(r, 8, 27);
            if (day == theme.d) day = day > 8 ? day - 1 : day + 1;
            slot_add(&s, ymd(month.y, month.m, day), MK_GENERAL, 0, -1);
        }
        if (qpos == lecture_month && lecture_held && !lecture_with_gen) {
            int day = rng_range(r, 8, 27);
            if (day == theme.d) day = day > 8 ? day - 1 : day + 1;
            slot_add(&s, ymd(month.y, month.m, day), MK_LECTURE, 0, -1);
        }
        /* Q4: life meeting (often with the appraisal) in November or December */
        if (month.m == 11 || mi == 0) life_in_november = rng_chance(r, 300);
        if ((month.m == 11 && life_in_november) || (month.m == 12 && !life_in_november)) {
            bool both = rng_chance(r, 500);
            struct zdate day = ymd(month.y, month.m, rng_range(r, 16, 28));
            slot_add(&s, day, MK_LIFE_MEETING, both ? MK_BIT(MK_APPRAISAL) : 0, -1);
            if (!both) slot_add(&s, date_add_days(day, 1), MK_APPRAISAL, 0, -1);
        }
        if (rng_chance(r, 250)) slot_add(&s, ymd(month.y, month.m, rng_range(r, 1, dim)), MK_TALK, 0, -1);
        /* the secretary's yearly talk with every member (talk_per_year), a group at a time,
         * in the autumn before the life meeting (September to the first half of November);
         * a branch behind does not get round to it */
        if (month.m == 9 || (mi == 0 && month.m > 9))
            for (int g = 0; g < db->ngroups; g++) {
                /* (a history that starts in the autumn: from its first day to mid-December) */
                struct zdate lo = mi == 0 ? max_date(first_day, month) : month;
                struct zdate hi = ymd(month.y, mi == 0 ? 12 : 11, 15);
                if (date_cmp(lo, hi) > 0) break;
                struct zdate when = random_date(&xs, lo, hi);
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

    /* the marks a reviewer should find */
    /* the secretary gives one of each year's lectures at least (secretary_lectures_per_year) */
    for (int k = 0, year = 0; k < s.n; k++)
        if ((s.v[k].kind == MK_LECTURE || (s.v[k].also & MK_BIT(MK_LECTURE))) && s.v[k].date.y != year) {
            year = s.v[k].date.y;
            s.v[k].by_secretary = d->standing != STANDING_BEHIND;
        }
    struct zdate old = date_add_days(d->today, -45);
    int nlate = rng_range(r, 2, 4);
    if (!has_problem(d, DP_RECORDS)) nlate = rng_chance(&xs, rate->late_record) ? 1 : 0;
    for (int k = 0; k < nlate; k++) {
        int i = pick_slot(r, &s, older_than, &old);
        if (i >= 0) s.v[i].late = true;
    }
    int i = pick_slot(r, &s, old_group_meeting, &old);
    if (i >= 0 && has_problem(d, DP_RECORDS)) s.v[i].incomplete = true;
    i = pick_slot(r, &s, old_group_meeting, &old);
    if (i >= 0) s.v[i].duplicate = true; /* voided: not a problem, but shown */
    i = pick_slot(r, &s, old_committee_meeting, &old);
    if (i >= 0 && has_problem(d, DP_RECORDS)) s.v[i].short_handed = true;

    int rc = 0;
    for (int k = 0; k < s.n && rc == 0; k++)
        rc = write_slot(d, s.v[k].talk_group >= 0 ? &xs : r, db, &s.v[k]);
    free(s.v);
    if (rc) return rc;

    /* plans: the next theme day and a committee and a group meeting within the week; one
     * lecture that should have been held four days ago */
    struct zdate next_theme = ymd(d->today.y, d->today.m, db->theme_day);
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

static struct zdate theme_date(int ym, int theme_day)
{
    int y = dues_ym_year(ym), m = dues_ym_month(ym);
    int dim = date_days_in_month(y, m);
    return ymd(y, m, theme_day <= dim ? theme_day : dim);
}

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
                    age_on(&ms[i], d->today) < 50)
                    pool[np++] = i;
        if (np == 0) return;
        pick[k] = pool[rng_below(r, np)];
    }
    for (int k = 0; k < 2; k++) {
        struct member *m = &ms[pick[k]];
        struct zdate year_ago = date_add_months(d->today, -d->probation_months);
        int days = k == 0 ? rng_range(r, 8, 26) : -rng_range(r, 20, 45);
        if (k == 1 && d->standing == STANDING_BEHIND) days -= 30;
        else if (k == 1 && !has_problem(d, DP_PROBATION)) days = 15 - days; /* due in a month or two */
        struct zdate join = date_add_days(year_ago, days);
        struct zdate birth;
        if (date_parse(m->birth_date, &birth) && date_age(birth, join) < d->min_join_age) continue;
        join = avoid_leap_day(join, join);
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
        fail_store(d, "写入组织关系转出");
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
    if (!has_problem(d, DP_MOBILE_SILENT)) silent = -2; /* (after the draws: DP_MOBILE_SILENT only) */
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
        if (store_mobile_set(d->st, &mi) != STORE_OK) return fail_store(d, "写入流动党员信息");
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
            if (store_mobile_contact_add(d->st, &c) != STORE_OK) return fail_store(d, "写入联系记录");
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
                    return fail_store(d, "写入联系记录");
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
    make_person(r, female, 15, m);
    struct zdate birth = random_date(r, date_add_years(d->today, -55), date_add_years(d->today, -27));
    birth = avoid_leap_day(birth, birth);
    date_format(birth, m->birth_date);
    struct zdate join = date_add_days(date_add_years(birth, d->min_join_age + rng_range(r, 1, 6)),
                                      rng_range(r, 1, 300));
    join = avoid_leap_day(join, join);
    date_format(join, m->join_date);
    date_format(date_add_months(join, d->probation_months), m->full_date);
    zb_strlcpy(m->status, "full", sizeof m->status);
    zb_strlcpy(m->education, pick_education(r, type, birth.y), sizeof m->education);
    random_phone(r, m->phone, sizeof m->phone);
    zb_strlcpy(m->dues_category, pick_dues(r, type, date_age(birth, d->today)),
               sizeof m->dues_category);
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
    if (store_transfer_in(d->st, m, t) != STORE_OK) return fail_store(d, "写入组织关系转入");
    d->members++;
    return 0;
}

/* ---- dues history ---- */

enum dues_case { DC_NONE, DC_OWE, DC_TALK, DC_LAPSE, DC_DEFER, DC_WAIVE, DC_PAYCHANGE };

struct dues_person {
    const struct member *m;
    struct dues_facts f;
    struct dues_basis bases[DEMO_MAX_YEARS + 4];
    struct dues_adjust adjusts[3];
    struct dues_paid *paid;
    int cap;
    enum dues_case c;
    int stop_ym;          /* pays nothing for months after this one */
    int opening_to;       /* paid before the ledger was kept here, up to this month */
    int mode;             /* 0 monthly, 1 quarterly, 2 a year in advance */
    struct zdate join, leave;
};

struct dues_plan {
    int person;
    struct zdate date;
    int from, to;
    long amount;
    long paid_before;        /* already paid for from..to when it is made (store_dues.h) */
    int first_alloc, nalloc; /* in the branch's allocation array */
};

struct dues_gen {
    struct demo *d;
    struct rng *r;
    const struct dues_rules *rules;
    const struct branch *b;
    struct dues_person *p;
    int np;
    struct dues_plan *plans;
    int nplans, capplans;
    struct dues_paid *allocs;
    int nallocs, capallocs;
    int start_ym, cur_ym, theme_day;
};

static int add_adjust(struct dues_gen *g, struct dues_person *p, enum dues_adjust_kind kind,
                      int from, int to, const char *approved_by, const char *reason)
{
    struct dues_adjust_rec rec = {.member_id = p->m->id};
    rec.a = (struct dues_adjust){.from_ym = from, .to_ym = to, .kind = kind};
    zb_strlcpy(rec.approved_by, approved_by, sizeof rec.approved_by);
    zb_strlcpy(rec.reason, reason, sizeof rec.reason);
    if (store_dues_adjust_add(g->d->st, &rec) != STORE_OK) return fail_store(g->d, "写入党费减免");
    p->adjusts[p->f.nadjusts++] = rec.a;
    return 0;
}

static int add_basis(struct dues_gen *g, struct dues_person *p, int from, const char *category,
                     long base, const char *note)
{
    if (store_dues_basis_set(g->d->st, p->m->id, from, category, base, note,
                             store_dues_bases_version(g->d->st, p->m->id)) != STORE_OK)
        return fail_store(g->d, "写入党费基数");
    struct dues_basis *bs = &p->bases[p->f.nbases++];
    bs->from_ym = from;
    zb_strlcpy(bs->category, category, sizeof bs->category);
    bs->base_fen = base;
    return 0;
}

/* One payment: checked and split like the form does, kept for writing in date order. */
static int plan_payment(struct dues_gen *g, int pi, struct zdate date, int from, int to)
{
    struct dues_person *p = &g->p[pi];
    long amount = dues_amount_for(&p->f, from, to, g->rules);
    if (amount <= 0) return 0;
    char day[DATE_STR_LEN];
    date_format(date, day);
    const char *why = dues_check_payment(&p->f, from, to, amount, day, g->d->today);
    if (why) {
        snprintf(g->d->err, sizeof g->d->err, "演示党费有误（%s %s %s）：%s", g->b->name,
                 p->m->name, day, why);
        return -1;
    }
    int room = to - from + 1;
    if (g->nallocs + room > g->capallocs) {
        g->capallocs = (g->nallocs + room) * 2;
        g->allocs = xrealloc(g->allocs, (size_t)g->capallocs * sizeof *g->allocs);
    }
    int na = dues_allocate(&p->f, from, to, amount, g->rules, g->allocs + g->nallocs);
    long before = 0;
    for (int i = 0; i < p->f.npaid; i++)
        if (p->f.paid[i].ym >= from && p->f.paid[i].ym <= to) before += p->f.paid[i].amount;
    if (p->f.npaid + na > p->cap) {
        p->cap = (p->f.npaid + na) * 2 + 8;
        p->paid = xrealloc(p->paid, (size_t)p->cap * sizeof *p->paid);
    }
    memcpy(p->paid + p->f.npaid, g->allocs + g->nallocs, (size_t)na * sizeof *p->paid);
    p->f.npaid += na;
    p->f.paid = p->paid;
    if (g->nplans == g->capplans) {
        g->capplans = g->capplans ? g->capplans * 2 : 256;
        g->plans = xrealloc(g->plans, (size_t)g->capplans * sizeof *g->plans);
    }
    g->plans[g->nplans++] = (struct dues_plan){.person = pi, .date = date, .from = from, .to = to,
                                               .amount = amount, .paid_before = before,
                                               .first_alloc = g->nallocs, .nalloc = na};
    g->nallocs += na;
    return 0;
}

/* A member's payments from the first month of the history to today. */
static int plan_member(struct dues_gen *g, int pi)
{
    struct dues_person *p = &g->p[pi];
    int first = p->f.join_ym > g->start_ym ? p->f.join_ym : g->start_ym;
    if (p->opening_to >= first) first = p->opening_to + 1;
    int last = g->cur_ym;
    if (p->f.leave_ym && p->f.leave_ym < last) last = p->f.leave_ym;
    int paid_to = first - 1;
    for (int ym = first; ym <= last; ym++) {
        if (ym > p->stop_ym) break;
        struct zdate date = theme_date(ym, g->theme_day);
        if (p->f.leave_ym && ym == p->f.leave_ym && date_cmp(date, p->leave) > 0) date = p->leave;
        if (date_cmp(date, g->d->today) > 0) break;
        if (date_cmp(date, p->join) < 0) continue; /* admitted after this theme day */
        int to = ym;
        if (p->mode == 1) {
            if ((dues_ym_month(ym) - 1) % 3 != 0 && ym != first && paid_to >= ym) continue;
            to = ym + 2 - (dues_ym_month(ym) - 1) % 3;
        } else if (p->mode == 2) {
            if (dues_ym_month(ym) != 1 && ym != first && paid_to >= ym) continue;
            to = dues_ym(dues_ym_year(ym), 12);
        } else if (p->c == DC_NONE && ym < g->cur_ym - 1 &&
                   rng_chance(g->r, rates_of(g->d)->forgot_dues)) {
            continue; /* forgot this month: paid with the next one */
        }
        if (p->f.leave_ym && to > p->f.leave_ym) to = p->f.leave_ym;
        if (p->stop_ym < to) to = p->stop_ym;
        if (paid_to + 1 > to) continue;
        if (plan_payment(g, pi, date, paid_to + 1, to) != 0) return -1;
        paid_to = to;
    }
    return 0;
}

static int plan_cmp(const void *a, const void *b)
{
    const struct dues_plan *x = a, *y = b;
    int c = date_cmp(x->date, y->date);
    if (c) return c;
    return (x->person > y->person) - (x->person < y->person);
}

/* Choose up to k members among those with the whole history, at home, without office and
 * with no case yet, for case c. */
static void pick_case(struct dues_gen *g, enum dues_case c, int k, bool prefer_mobile,
                      const char *category)
{
    for (int pass = prefer_mobile ? 0 : 1; pass < 2 && k > 0; pass++) {
        int pool[DEMO_MAX_MEMBERS + 1], np = 0;
        for (int i = 0; i < g->np; i++) {
            const struct dues_person *p = &g->p[i];
            if (p->c != DC_NONE || p->m->office[0] || p->f.leave_ym || p->f.join_ym > g->start_ym ||
                p->opening_to >= g->start_ym)
                continue;
            if (strcmp(p->m->status, "full") != 0) continue;
            if (pass == 0 && !p->m->mobile) continue;
            if (category && strcmp(p->bases[0].category, category) != 0) continue;
            pool[np++] = i;
        }
        for (; k > 0 && np > 0; k--) {
            int j = rng_below(g->r, np);
            g->p[pool[j]].c = c;
            pool[j] = pool[--np];
        }
    }
}

static int make_dues(struct demo *d, int index, const struct branch *b, const struct member *ms,
                     int n, int theme_day, const struct transfer *in)
{
    struct rng rs = {d->seed ^ (UINT64_C(0x8CB92BA72F3D8DD7) * (uint64_t)(index + 1))};
    struct dues_gen g = {.d = d, .r = &rs, .rules = &d->dues_rules, .b = b,
                         .theme_day = theme_day};
    g.cur_ym = dues_ym_of_date(d->today);
    g.start_ym = dues_ym(d->today.y - d->years + 1, 1);
    g.p = xcalloc((size_t)n, sizeof *g.p);
    int rc = 0;
    for (int i = 0; i < n; i++) {
        struct dues_person *p = &g.p[g.np];
        const struct member *m = &ms[i];
        memset(p, 0, sizeof *p); /* the slot of one skipped before may hold its facts */
        if (!date_parse(m->join_date, &p->join)) continue;
        p->m = m;
        p->f.join_ym = dues_ym_of_date(p->join);
        if (m->leave_status[0] && date_parse(m->leave_date, &p->leave)) {
            p->f.leave_ym = dues_ym_of_date(p->leave);
            if (p->f.leave_ym < g.start_ym) continue; /* gone before the history begins */
        }
        p->f.bases = p->bases;
        p->f.adjusts = p->adjusts;
        p->stop_ym = INT32_MAX;
        p->opening_to = g.start_ym - 1;
        if (in && in->member_id == m->id) {
            struct zdate arrived;
            if (date_parse(in->date, &arrived)) p->opening_to = dues_ym_of_date(arrived) - 1;
        }
        int x = rng_below(&rs, 100);
        p->mode = x < 74 ? 0 : x < 92 ? 1 : 2;
        g.np++;
    }

    /* bases: employed and retired members' pay at the start of each year */
    for (int i = 0; i < g.np && rc == 0; i++) {
        struct dues_person *p = &g.p[i];
        const char *cat = p->m->dues_category;
        bool employed = strcmp(cat, "employed") == 0, retired = strcmp(cat, "retired") == 0;
        long base = employed ? rng_range_long(&rs, 2500, 12000) * 100
                  : retired ? rng_range_long(&rs, 2000, 7000) * 100 : 0;
        if (base && rng_chance(&rs, 300)) base += 50;
        int last_year = dues_ym_year(p->f.leave_ym ? p->f.leave_ym : g.cur_ym);
        for (int y = dues_ym_year(g.start_ym); y <= last_year && rc == 0; y++) {
            int from = dues_ym(y, 1) > p->f.join_ym ? dues_ym(y, 1) : p->f.join_ym;
            if (from > g.cur_ym) break;
            if (employed || retired || p->f.nbases == 0) {
                char note[64];
                snprintf(note, sizeof note, "%d年度基数", y);
                rc = add_basis(&g, p, from, cat, base, employed || retired ? note : "");
            }
            if (employed) base = (base * (100 + rng_range(&rs, 0, 6)) / 100 + 50) / 100 * 100;
            else if (retired) base = (base * (100 + rng_range(&rs, 2, 4)) / 100 + 50) / 100 * 100;
        }
        /* months before the ledger began (or before a transfer in) are not counted by the
         * rules: store_dues_start and the transfer letter's paid-through month bound them */
    }

    /* the cases the rules must find: arrears where the branch has DP_ARREARS */
    int cur = g.cur_ym;
    int nowe = rng_range(&rs, 2, 3);
    if (has_problem(d, DP_ARREARS)) {
        pick_case(&g, DC_OWE, nowe, false, NULL);
        pick_case(&g, DC_TALK, 1, false, NULL);
        pick_case(&g, DC_LAPSE, 1, false, NULL);
    }
    pick_case(&g, DC_DEFER, 1, true, NULL);
    pick_case(&g, DC_WAIVE, 1, false, NULL);
    pick_case(&g, DC_PAYCHANGE, 1, false, "employed");
    for (int i = 0; i < g.np && rc == 0; i++) {
        struct dues_person *p = &g.p[i];
        switch (p->c) {
        case DC_NONE: break;
        case DC_OWE: p->stop_ym = cur - 1 - rng_range(&rs, 1, 2); p->mode = 0; break;
        case DC_TALK: p->stop_ym = cur - 1 - rng_range(&rs, 3, 5); p->mode = 0; break;
        case DC_LAPSE: p->stop_ym = cur - 1 - rng_range(&rs, 6, 9); p->mode = 0; break;
        case DC_DEFER: /* two months so far: not yet owed long enough to need a talk */
            p->stop_ym = cur - 3;
            p->mode = 0;
            rc = add_adjust(&g, p, DUES_DEFER, cur - 2, dues_ym(dues_ym_year(cur), 12), "镇党委",
                            "外出务工，收入不稳定，经本人申请、支部研究缓交");
            break;
        case DC_WAIVE: {
            int from = cur - rng_range(&rs, 2, 6);
            if (from < g.start_ym) from = g.start_ym;
            rc = add_adjust(&g, p, DUES_WAIVE, from, dues_ym(dues_ym_year(cur), 12), "镇党委",
                            "纳入农村最低生活保障（低保），家庭生活困难，经支部研究、镇党委批准免交");
            break;
        }
        case DC_PAYCHANGE: {
            int from = dues_ym(dues_ym_year(cur), 7);
            if (from > cur) from -= 12;
            if (from <= g.start_ym || p->f.nbases == 0) break;
            const struct dues_basis *now = &p->bases[0];
            for (int k = 0; k < p->f.nbases; k++)
                if (p->bases[k].from_ym <= from) now = &p->bases[k];
            long raised = (now->base_fen * rng_range(&rs, 115, 130) / 100 + 50) / 100 * 100;
            int at = p->f.nbases;
            rc = add_basis(&g, p, from, "employed", raised, "岗位调整，7月起执行新工资");
            /* keep the bases sorted: the new one goes before any later January */
            for (int k = at; k > 0 && p->bases[k].from_ym < p->bases[k - 1].from_ym; k--) {
                struct dues_basis t = p->bases[k];
                p->bases[k] = p->bases[k - 1];
                p->bases[k - 1] = t;
            }
            p->mode = 0;
            break;
        }
        }
    }

    for (int i = 0; i < g.np && rc == 0; i++) rc = plan_member(&g, i);

    /* written in date order, receipts numbered per year: 2026-0001 ... */
    if (rc == 0) qsort(g.plans, (size_t)g.nplans, sizeof *g.plans, plan_cmp);
    int year = 0, seq = 0;
    for (int k = 0; k < g.nplans && rc == 0; k++) {
        const struct dues_plan *pl = &g.plans[k];
        if (pl->date.y != year) {
            year = pl->date.y;
            seq = 0;
        }
        struct dues_payment pay = {.member_id = g.p[pl->person].m->id, .branch_id = b->id,
                                   .from_ym = pl->from, .to_ym = pl->to, .amount = pl->amount,
                                   .paid_before = pl->paid_before};
        date_format(pl->date, pay.paid_date);
        snprintf(pay.receipt_no, sizeof pay.receipt_no, "%d-%04d", year, ++seq);
        if (pl->to > pl->from) {
            char a[8], z[8];
            dues_ym_format(pl->from, a);
            dues_ym_format(pl->to, z);
            snprintf(pay.note, sizeof pay.note, "%s至%s", a, z);
        }
        if (store_dues_payment_add(d->st, &pay, g.allocs + pl->first_alloc, pl->nalloc) != STORE_OK)
            rc = fail_store(d, "写入党费收缴");
        else
            d->payments++;
    }
    for (int i = 0; i < g.np; i++) free(g.p[i].paid);
    free(g.p);
    free(g.plans);
    free(g.allocs);
    return rc;
}

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
        struct zdate day = ymd(due.y, due.m, theme_day <= dim ? theme_day : dim);
        if (date_cmp(day, due) > 0) {
            struct zdate prev = date_add_months(date_month_start(due), -1);
            int pdim = date_days_in_month(prev.y, prev.m);
            day = ymd(prev.y, prev.m, theme_day <= pdim ? theme_day : pdim);
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
        const char *why = post_check_report(rep.date, claimed, ended, content, d->today);
        if (why) return fail_post_check(d, b, m, "履职汇报", why);
        if (store_report_add(d->st, &rep) != STORE_OK) return fail_store(d, "写入履职汇报");
        d->post_reports++;
        last = day;
    }
    return 0;
}

static int make_posts(struct demo *d, int index, const struct branch *b, const struct member *ms,
                      int n, int theme_day, const char *arrived)
{
    struct rng rs = {d->seed ^ (UINT64_C(0x9E6C63D0676A9A99) * (uint64_t)(index + 1))};
    struct rng *r = &rs;
    if (theme_day < 1 || theme_day > 28) theme_day = 15;
    struct zdate start = date_month_start(date_add_years(d->today, -2));
    char start_txt[DATE_STR_LEN];
    date_format(start, start_txt);

    /* the catalogue */
    int ncat = 0;
    while (POST_CATALOGUE[ncat].name) ncat++;
    if (ncat == 0) return 0;
    int nposts = rng_range(r, ncat < 8 ? ncat : 8, ncat < 12 ? ncat : 12);
    int cat[64], np = 0;
    {
        bool all[DEMO_MAX_MEMBERS + 1], chosen[DEMO_MAX_MEMBERS + 1] = {0};
        for (int i = 0; i < ncat && i <= DEMO_MAX_MEMBERS; i++) all[i] = true;
        choose(r, all, ncat <= DEMO_MAX_MEMBERS ? ncat : DEMO_MAX_MEMBERS, nposts, chosen);
        for (int i = 0; i < ncat && np < (int)ZB_ARRAY_LEN(cat); i++)
            if (chosen[i]) cat[np++] = i;
    }

    /* the rounds of claims: every half year from the start, and one a few weeks ago */
    struct zdate rounds[2 * DEMO_MAX_YEARS + 8];
    int nrounds = 0;
    struct zdate first = date_add_days(start, rng_range(r, 10, 20));
    struct zdate recent = date_add_days(d->today, -rng_range(r, 25, 40));
    for (struct zdate rd = first; date_cmp(rd, date_add_days(recent, -45)) < 0 && nrounds < 8;
         rd = date_add_months(first, 6 * nrounds))
        rounds[nrounds++] = rd;
    rounds[nrounds++] = recent;

    /* who: members on the roster without office; the oldest excused, one without a post */
    int people[DEMO_MAX_MEMBERS + 1], npeople = 0;
    struct zdate joined[DEMO_MAX_MEMBERS + 1];
    for (int i = 0; i < n && i <= DEMO_MAX_MEMBERS; i++) {
        if (ms[i].leave_status[0] || ms[i].office[0]) continue;
        const char *j = i == n - 1 && arrived && *arrived ? arrived : ms[i].join_date;
        if (!date_parse(j, &joined[i])) continue;
        people[npeople++] = i;
    }
    int excused = -1, nopost = -1;
    for (int k = 0; k < npeople; k++) {
        int i = people[k];
        if (date_cmp(joined[i], start) > 0) continue;
        if (excused < 0 || strcmp(ms[i].birth_date, ms[excused].birth_date) < 0) excused = i;
    }
    if (npeople >= 3 && excused >= 0) {
        int pool[DEMO_MAX_MEMBERS + 1], npool = 0;
        for (int k = 0; k < npeople; k++)
            if (people[k] != excused && date_cmp(joined[people[k]], start) <= 0) pool[npool++] = people[k];
        if (npool > 0) nopost = pool[rng_below(r, npool)];
    } else {
        excused = -1;
    }

    /* the plan: each holder's first post, round-robin over a shuffled list */
    struct post_plan *plans = xcalloc((size_t)npeople * 2 + 8, sizeof *plans);
    int nplans = 0;
    int holders[DEMO_MAX_MEMBERS + 1], nh = 0;
    for (int k = 0; k < npeople; k++)
        if (people[k] != excused && people[k] != nopost) holders[nh++] = people[k];
    for (int k = nh - 1; k > 0; k--) {
        int j = rng_below(r, k + 1), t = holders[k];
        holders[k] = holders[j];
        holders[j] = t;
    }
    /* the posts in a cycle, each as often as the catalogue wants holders for it */
    int cycle[64 * 4], ncycle = 0;
    for (int p = 0; p < np; p++)
        for (int w = 0; w < POST_CATALOGUE[cat[p]].wanted && w < 4; w++) cycle[ncycle++] = p;
    if (ncycle == 0) cycle[ncycle++] = 0;
    int offset = rng_below(r, ncycle);
    for (int k = 0; k < nh; k++) {
        int i = holders[k], round = -1;
        for (int q = 0; q < nrounds && round < 0; q++)
            if (date_cmp(joined[i], date_add_days(rounds[q], -7)) <= 0) round = q;
        if (round < 0) continue; /* joined too lately: not yet */
        struct post_plan *pl = &plans[nplans++];
        pl->member = i;
        pl->post = cycle[(k + offset) % ncycle];
        pl->round = round;
        pl->claimed = date_add_days(rounds[round], rng_range(r, 0, 12));
        if (date_cmp(pl->claimed, d->today) > 0) pl->claimed = d->today;
        pl->recommend = rng_chance(r, 250);
    }
    int first_plans = nplans;
    /* among the first round's holders: two take a second post, one or two step down and take
     * another one, two or three stop reporting */
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
        struct post_plan *pl = &plans[nplans++];
        *pl = (struct post_plan){.member = base->member, .post = (base->post + 1 + rng_below(r, np - 1)) % np,
                                 .round = rng_range(r, 1, later)};
        pl->claimed = date_add_days(rounds[pl->round], rng_range(r, 0, 12));
        pl->recommend = rng_chance(r, 500);
    }
    int nsteps = rng_range(r, 1, 2);
    for (int c = 0; c < nsteps && e < ne && later >= 1; c++, e++) {
        struct post_plan *old = &plans[early[e]];
        int round = rng_range(r, 1, later);
        old->ended = date_add_days(rounds[round], -rng_range(r, 3, 10));
        old->end_reason = PICK(r, STEP_DOWN_REASONS);
        struct post_plan *pl = &plans[nplans++];
        *pl = (struct post_plan){.member = old->member, .post = (old->post + 1 + rng_below(r, np - 1)) % np,
                                 .round = round};
        pl->claimed = date_add_days(rounds[round], rng_range(r, 0, 12));
    }
    int noverdue = rng_range(r, 2, 3);
    if (!has_problem(d, DP_REPORTS)) noverdue = 0;
    for (int c = 0; c < noverdue && e < ne; c++, e++) plans[early[e]].overdue = true;

    /* the posts: as many places as were ever taken, or the catalogue's number */
    struct post *posts = xcalloc((size_t)np, sizeof *posts);
    int rc = 0;
    for (int p = 0; p < np && rc == 0; p++) {
        const struct post_template *tp = &POST_CATALOGUE[cat[p]];
        int taken = 0;
        for (int k = 0; k < nplans; k++) taken += plans[k].post == p;
        posts[p].branch_id = b->id;
        zb_strlcpy(posts[p].category, tp->category, sizeof posts[p].category);
        zb_strlcpy(posts[p].name, tp->name, sizeof posts[p].name);
        posts[p].duties = xstrdup(tp->duties);
        posts[p].wanted = taken > tp->wanted ? (taken < 99 ? taken : 99) : tp->wanted;
        zb_strlcpy(posts[p].active_from, start_txt, sizeof posts[p].active_from);
        const char *why = post_check_post(posts[p].name, posts[p].category, posts[p].duties,
                                          posts[p].wanted, posts[p].active_from, "");
        if (why) {
            snprintf(d->err, sizeof d->err, "演示数据有误（%s %s）：%s", b->name, posts[p].name, why);
            rc = -1;
        } else if (store_post_add(d->st, &posts[p]) != STORE_OK) {
            rc = fail_store(d, "写入岗位");
        }
    }

    /* the excused member */
    if (rc == 0 && excused >= 0) {
        if (store_post_excuse(d->st, ms[excused].id, "年老体弱", start_txt) != STORE_OK)
            rc = fail_store(d, "写入免于设岗");
    }

    /* claims, steps down and notices in the order they happened */
    struct post_event *ev = xcalloc((size_t)nplans * 2 + (size_t)nrounds + 1, sizeof *ev);
    int nev = 0;
    struct zdate last_claim[2 * DEMO_MAX_YEARS + 8] = {{0, 0, 0}};
    for (int k = 0; k < nplans; k++) {
        ev[nev++] = (struct post_event){plans[k].claimed, 1, k};
        if (!is_zero_date(plans[k].ended)) ev[nev++] = (struct post_event){plans[k].ended, 0, k};
        if (date_cmp(plans[k].claimed, last_claim[plans[k].round]) > 0)
            last_claim[plans[k].round] = plans[k].claimed;
    }
    for (int q = 0; q < nrounds; q++) {
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
            if (store_posts_notice(d->st, b->id, date, &count) != STORE_OK) rc = fail_store(d, "写入公示日期");
            continue;
        }
        struct post_plan *pl = &plans[ev[k].plan];
        const struct member *m = &ms[pl->member];
        if (ev[k].kind == 0) {
            if (store_holding_end(d->st, pl->id, date, pl->end_reason) != STORE_OK)
                rc = fail_store(d, "写入卸任");
            continue;
        }
        struct holding h = {.post_id = posts[pl->post].id, .member_id = m->id};
        zb_strlcpy(h.how, pl->recommend ? "recommend" : "claim", sizeof h.how);
        zb_strlcpy(h.claimed, date, sizeof h.claimed);
        const struct post_texts *t = post_texts_of(posts[pl->post].name);
        zb_strlcpy(h.pledge, t->pledges[rng_below(r, 2)], sizeof h.pledge);
        const char *why = post_check_claim(h.claimed, m->join_date, m->leave_date, h.pledge, d->today);
        if (why) {
            rc = fail_post_check(d, b, m, "岗位认领", why);
        } else if (store_holding_add(d->st, &h) != STORE_OK) {
            rc = fail_store(d, "写入岗位认领");
        } else {
            pl->id = h.id;
            d->holdings++;
        }
    }
    free(ev);

    /* reports since each claim */
    for (int k = 0; k < nplans && rc == 0; k++)
        rc = post_reports(d, r, b, &ms[plans[k].member], &plans[k], posts[plans[k].post].name, theme_day);

    /* last year's reviews: one 基本称职, some 优秀, the rest 称职 */
    struct zdate ly = ymd(d->today.y - 1, 1, 1);
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
            const struct member *m = &ms[pl->member];
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
            const char *why = post_check_review(ps, pe, claimed, rv.rating, rv.date, d->today);
            if (why) rc = fail_post_check(d, b, m, "民主评议", why);
            else if (store_review_add(d->st, &rv) != STORE_OK) rc = fail_store(d, "写入民主评议");
            else d->post_reviews++;
        }
        ly = date_add_days(pe, 1);
    }

    for (int p = 0; p < np; p++) post_free(&posts[p]);
    free(posts);
    free(plans);
    return rc;
}

/* One branch with its groups and members. index is 0-based among the township's branches. */
static int make_branch(struct demo *d, int index, const char *type, const char *name,
                       int64_t parent_id, bool long_names)
{
    struct rng *r = &d->rng;
    struct branch b = {0};
    snprintf(b.code, sizeof b.code, DEMO_CODE_PREFIX "%04d", index + 1);
    zb_strlcpy(b.name, name, sizeof b.name);
    zb_strlcpy(b.type, type, sizeof b.type);
    b.parent_id = parent_id;
    zb_strlcpy(b.theme_day, PICK(r, THEME_DAYS), sizeof b.theme_day);
    if (store_branch_add(d->st, &b) != STORE_OK) return fail_store(d, "写入支部");

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
        if (store_group_add(d->st, &groups[g]) != STORE_OK) return fail_store(d, "写入党小组");
    }

    struct member *ms = xcalloc((size_t)n, sizeof *ms);
    /* who left: one or two, never the forced long names (indices 1 and 2); probationary:
     * 5–8% of the branch, at least one, among those on the roster */
    bool eligible[DEMO_MAX_MEMBERS], is_left[DEMO_MAX_MEMBERS] = {0}, is_prob[DEMO_MAX_MEMBERS] = {0};
    for (int i = 0; i < n; i++) eligible[i] = i >= 3;
    choose(r, eligible, n, rng_range(r, 1, 2), is_left);
    for (int i = 0; i < n; i++) eligible[i] = !is_left[i];
    int nprob = (n * rng_range(r, 50, 80) + 500) / 1000;
    choose(r, eligible, n, nprob > 0 ? nprob : 1, is_prob);

    for (int i = 0; i < n; i++) {
        struct member *m = &ms[i];
        bool left = is_left[i];
        bool female = rng_chance(r, female_pm);
        m->branch_id = b.id;
        m->group_id = groups[i % ngroups].id;
        zb_strlcpy(m->gender, female ? "F" : "M", sizeof m->gender);
        make_person(r, female, minority_pm, m);
        if (long_names && i == 1) {
            zb_strlcpy(m->name, "阿依古丽·买买提", sizeof m->name);
            zb_strlcpy(m->ethnicity, "维吾尔族", sizeof m->ethnicity);
            zb_strlcpy(m->gender, "F", sizeof m->gender);
        } else if (long_names && i == 2) {
            zb_strlcpy(m->name, "欧阳振华", sizeof m->name);
            zb_strlcpy(m->ethnicity, "汉族", sizeof m->ethnicity);
            zb_strlcpy(m->gender, "M", sizeof m->gender);
        }
        make_dates(d, m, type, is_prob[i]);
        int age = age_on(m, d->today);
        struct zdate birth;
        date_parse(m->birth_date, &birth);
        zb_strlcpy(m->education, pick_education(r, type, birth.y), sizeof m->education);
        random_phone(r, m->phone, sizeof m->phone);
        zb_strlcpy(m->dues_category, pick_dues(r, type, age), sizeof m->dues_category);
        if (left) {
            struct zdate full, lo;
            date_parse(m->full_date, &full);
            lo = max_date(full, date_add_years(d->today, -6));
            date_format(random_date(r, lo, d->today), m->leave_date);
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

    /* the committee: full members on the roster, 25 to 70 years old */
    int cand[DEMO_MAX_MEMBERS], ncand = 0;
    for (int i = 0; i < n; i++) {
        int age = age_on(&ms[i], d->today);
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
    committee_offices(r, csize, offices);
    for (int k = 0; k < csize && k < ncand; k++)
        zb_strlcpy(ms[cand[k]].office, offices[k], sizeof ms[cand[k]].office);

    /* mobile members: 8–12% of a village, among those on the roster without office and
     * under 60 */
    if (rural) {
        bool mobile[DEMO_MAX_MEMBERS] = {0};
        for (int i = 0; i < n; i++)
            eligible[i] = !ms[i].leave_status[0] && !ms[i].office[0] && age_on(&ms[i], d->today) < 60;
        choose(r, eligible, n, (n * rng_range(r, 8, 12) + 50) / 100, mobile);
        for (int i = 0; i < n; i++) {
            if (!mobile[i]) continue;
            ms[i].mobile = true;
            snprintf(ms[i].note, sizeof ms[i].note, "外出务工地：%s", PICK(r, WORK_PLACES));
        }
    }

    /* members over time: their own stream, so the roster above stays as it was */
    struct rng life = {d->seed ^ (UINT64_C(0xD1B54A32D192ED03) * (uint64_t)(index + 1))};
    life_probation(d, &life, ms, n);

    for (int i = 0; i < n; i++) {
        struct valid_result v = validate_member(&ms[i], d->today, d->min_join_age,
                                                d->probation_months);
        if (v.code != V_OK) {
            snprintf(d->err, sizeof d->err, "演示数据有误（%s %s）：%s：%s", b.name, ms[i].name,
                     validate_field_label(v.field),
                     validate_message_rules(v.code, d->min_join_age, d->probation_months));
            free(ms);
            return -1;
        }
        if (store_member_add(d->st, &ms[i]) != STORE_OK) {
            free(ms);
            return fail_store(d, "写入党员");
        }
        if (ms[i].leave_status[0]) d->left++;
        else d->members++;
    }

    /* each group's leader: a full member of the group on the roster, not away */
    for (int g = 0; g < ngroups; g++) {
        int pool[DEMO_MAX_MEMBERS], np = 0;
        for (int i = g; i < n; i += ngroups)
            if (!ms[i].leave_status[0] && !ms[i].mobile && strcmp(ms[i].status, "full") == 0)
                pool[np++] = i;
        if (np == 0) continue;
        const struct member *lead = &ms[pool[rng_below(r, np)]];
        groups[g].leader_id = lead->id;
        if (store_group_update(d->st, &groups[g]) != STORE_OK) {
            free(ms);
            return fail_store(d, "写入党小组组长");
        }
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
    int rc = make_meetings(d, &db, index);
    /* one member transferred in (after the meetings: they came lately), then the dues */
    struct transfer in = {0};
    if (rc == 0) {
        ms = xrealloc(ms, (size_t)(n + 1) * sizeof *ms);
        rc = life_transfer_in(d, &life, &b, type, groups, ngroups, &ms[n], &in);
        in.member_id = ms[n].id;
    }
    if (rc == 0 && d->years > 0) rc = make_dues(d, index, &b, ms, n + 1, db.theme_day, &in);
    if (rc == 0 && d->years > 0) rc = make_posts(d, index, &b, ms, n + 1, db.theme_day, in.date);
    free(ms);
    return rc;
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
    if (!village) return fail_store(d, "读取支部");
    struct user shuji = {.role = STORE_ROLE_SECRETARY, .branch_id = village};
    zb_strlcpy(shuji.login, "shuji", sizeof shuji.login);
    zb_strlcpy(shuji.display_name, "王书记", sizeof shuji.display_name);
    struct member_filter f = {.branch_id = village, .only_office = true};
    if (store_member_each(d->st, &f, find_secretary, shuji.display_name) < 0)
        return fail_store(d, "读取支部书记");
    struct user admin = {.role = STORE_ROLE_ADMIN};
    zb_strlcpy(admin.login, "admin", sizeof admin.login);
    zb_strlcpy(admin.display_name, "周管理", sizeof admin.display_name);
    struct user shencha = {.role = STORE_ROLE_REVIEWER, .branch_id = 0};
    zb_strlcpy(shencha.login, "shencha", sizeof shencha.login);
    zb_strlcpy(shencha.display_name, "镇审查组李敏", sizeof shencha.display_name);
    if (store_user_add(d->st, &admin, DEMO_PASSWORD) != STORE_OK ||
        store_user_add(d->st, &shuji, DEMO_PASSWORD) != STORE_OK ||
        store_user_add(d->st, &shencha, DEMO_PASSWORD) != STORE_OK)
        return fail_store(d, "添加演示账号");
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

static int generate(struct demo *d, int nbranches, uint64_t seed)
{
    struct rng *r = &d->rng;
    char name[TEXT_SHORT];
    const char *town = PICK(r, TOWN_STEMS);
    struct branch top = {0};
    zb_strlcpy(top.code, DEMO_CODE_PREFIX "0000", sizeof top.code);
    snprintf(top.name, sizeof top.name, "%s镇党委", town);
    zb_strlcpy(top.type, "organ", sizeof top.type);
    if (store_branch_add(d->st, &top) != STORE_OK) return fail_store(d, "写入镇党委");

    int institutions = 0;
    bool long_names_done = false;
    struct standing *standings = xcalloc((size_t)nbranches, sizeof *standings);
    plan_standings(seed, nbranches, standings);
    for (int i = 0; i < nbranches; i++) {
        d->standing = (int)standings[i].kind;
        d->problems = standings[i].problems;
        const char *type = branch_type(r, i);
        bool long_names = false;
        if (strcmp(type, "organ") == 0) {
            snprintf(name, sizeof name, "镇政府机关党支部");
        } else if (strcmp(type, "rural") == 0) {
            snprintf(name, sizeof name, "%s村党支部", next_stem(d));
            long_names = !long_names_done;
            long_names_done = true;
        } else if (strcmp(type, "community") == 0) {
            snprintf(name, sizeof name, "%s社区党支部", next_stem(d));
        } else if (strcmp(type, "institution") == 0) {
            if (institutions < (int)ZB_ARRAY_LEN(INSTITUTIONS))
                snprintf(name, sizeof name, "%s", INSTITUTIONS[institutions]);
            else
                snprintf(name, sizeof name, "%s小学党支部", next_stem(d));
            institutions++;
        } else if (strcmp(type, "soe") == 0) {
            snprintf(name, sizeof name, "%s%s党支部", next_stem(d), PICK(r, SOE_UNITS));
        } else {
            snprintf(name, sizeof name, "%s%s党支部", next_stem(d), PICK(r, PRIVATE_TRADES));
        }
        if (make_branch(d, i, type, name, top.id, long_names) != 0) {
            free(standings);
            return -1;
        }
    }
    free(standings);

    char seedtxt[24];
    snprintf(seedtxt, sizeof seedtxt, "%llu", (unsigned long long)seed);
    if (store_meta_set(d->st, "demo", "1") != STORE_OK ||
        store_meta_set(d->st, "demo_seed", seedtxt) != STORE_OK ||
        store_set_office_kind(d->st, "township") != STORE_OK) /* a township's database */
        return fail_store(d, "写入数据库信息");
    return make_accounts(d);
}

static void print_help(void)
{
    fputs("用法：zhibu demo --db 路径 [--branches N] [--years N] [--seed S]\n"
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
          "\n"
          "选项：\n"
          "  --db 路径        要创建的数据库文件（必填）\n"
          "  --branches N     支部数，1 到 1000，默认 8\n"
          "  --years N        会议记录的年数，0 到 10，默认 2（0 为不生成会议记录、党费和设岗定责）；\n"
          "                   党费从 N-1 年前的 1 月起\n"
          "  --seed S         随机种子，非负整数，默认 1\n"
          "  -h, --help       显示本说明\n",
          stdout);
}

/* Remove what a failed run created, so no half-written database is left behind. */
static void remove_created(const char *path, bool existed_empty)
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
    bool help = false;
    const struct args_option opts[] = {
        {.name = "db", .kind = ARGS_VALUE, .value = &db},
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
    long nbranches = DEMO_DEFAULT_BRANCHES;
    if (branches_txt && !args_parse_long(branches_txt, 1, DEMO_MAX_BRANCHES, &nbranches))
        return args_usage_error("demo", "--branches 应是 1 到 %d 之间的整数，而不是“%s”",
                                DEMO_MAX_BRANCHES, branches_txt);
    uint64_t seed = 1;
    if (seed_txt && !args_parse_u64(seed_txt, &seed))
        return args_usage_error("demo", "--seed 应是非负整数，而不是“%s”", seed_txt);
    long years = DEMO_DEFAULT_YEARS;
    if (years_txt && !args_parse_long(years_txt, 0, DEMO_MAX_YEARS, &years))
        return args_usage_error("demo", "--years 应是 0 到 %d 之间的整数，而不是“%s”",
                                DEMO_MAX_YEARS, years_txt);

    /* Never overwrite: an existing non-empty file (or anything not a regular file) is refused. */
    struct stat sb;
    bool existed_empty = false;
    if (stat(db, &sb) == 0) {
        if (!S_ISREG(sb.st_mode) || sb.st_size > 0) {
            cli_error("demo", "文件 %s 已存在，demo 不会覆盖已有数据", db);
            return 1;
        }
        existed_empty = true;
    }
    /* a leftover write-ahead log would be replayed into the new file: that is data too */
    char wal[CONFIG_PATH_MAX + 8];
    snprintf(wal, sizeof wal, "%s-wal", db);
    if (stat(wal, &sb) == 0 && sb.st_size > 0) {
        cli_error("demo", "文件 %s 已存在，demo 不会覆盖已有数据", wal);
        return 1;
    }

    struct store_options so = {
        .create = true,
        .backup_keep = cfg ? cfg->backup_keep : 10,
        .user = "demo",
        .adopt_empty = existed_empty,
        .test_clock = true, /* a demo database: ZHIBU_TODAY / ZHIBU_NOW honoured on it */
    };
    /* the demo's dates come from the (possibly fixed) clock of the database it makes */
    clock_allow_override(1);
    struct demo d = {
        .rng = {seed},
        .today = clock_today(),
        .min_join_age = cfg && cfg->min_join_age > 0 ? cfg->min_join_age : 18,
        .probation_months = cfg && cfg->probation_months > 0 ? cfg->probation_months : 12,
        .seed = seed,
        .years = (int)years,
        .late_entry_days = cfg && cfg->late_entry_days > 0 ? cfg->late_entry_days : 7,
        .election_quorum_percent = cfg && cfg->election_quorum_percent > 0 ? cfg->election_quorum_percent : 80,
        .post_report_months = cfg && cfg->post_report_months > 0 ? cfg->post_report_months : 3,
        .post_review_months = cfg && cfg->post_review_months > 0 ? cfg->post_review_months : 12,
    };
    dues_rules_from_config(cfg, &d.dues_rules);
    if (d.today.y < 1990) {
        cli_error("demo", "今天的日期早于 1990 年，无法生成演示数据");
        return 1;
    }
    if (store_open(db, &so, &d.st, err, sizeof err) != STORE_OK) {
        cli_error("demo", "%s", err);
        return 1;
    }
    d.stems = xcalloc((size_t)nbranches + 1, sizeof *d.stems);
    /* a large page cache for the one big transaction (a district takes a few hundred MB) */
    int rc = store_demo_bulk_cache(d.st, nbranches > 50 ? 64 : 32);
    if (rc == STORE_OK) rc = store_begin(d.st);
    if (rc != STORE_OK) fail_store(&d, "开始写入");
    if (rc == STORE_OK) rc = generate(&d, (int)nbranches, seed);
    if (rc == 0 && store_demo_history_in_time_order(d.st) != STORE_OK)
        rc = fail_store(&d, "整理修改日志");
    if (rc == 0 && store_commit(d.st) != STORE_OK) rc = fail_store(&d, "提交");
    if (rc != 0) store_rollback(d.st);
    free(d.stems);
    store_close(d.st);
    if (rc != 0) {
        remove_created(db, existed_empty);
        cli_error("demo", "%s；未创建数据库 %s", d.err, db);
        return 1;
    }
    fprintf(stderr, "已创建演示数据库 %s：%ld 个支部，%d 名党员（另有 %d 名已离开名册），"
            "%ld 条会议记录，%ld 个会议计划，%ld 笔党费收缴，%ld 人次认领岗位，%ld 次履职汇报，"
            "%ld 次岗位评议\n", db, nbranches, d.members, d.left, d.meetings, d.plans, d.payments,
            d.holdings, d.post_reports, d.post_reviews);
    return 0;
}
