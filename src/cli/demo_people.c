/* demo_people.c — `zhibu demo`: names, place names, dates and the details of one person. */

#include "demo_priv.h"

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

const char *demo_pick_surname(struct rng *r)
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

void demo_han_given(struct rng *r, bool female, char *out, size_t outsz)
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
void demo_make_person(struct rng *r, bool female, int minority_pm, struct member *m)
{
    char given[64];
    zb_strlcpy(m->ethnicity, "汉族", sizeof m->ethnicity);
    if (rng_chance(r, minority_pm)) {
        switch (rng_below(r, 4)) {
        case 0:
            zb_strlcpy(m->ethnicity, "回族", sizeof m->ethnicity);
            demo_han_given(r, female, given, sizeof given);
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
    demo_han_given(r, female, given, sizeof given);
    snprintf(m->name, sizeof m->name, "%s%s", demo_pick_surname(r), given);
}

/* A place-name stem not used before in this database. */
const char *demo_next_stem(struct demo *d)
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

struct zdate demo_random_date(struct rng *r, struct zdate lo, struct zdate hi)
{
    long a = date_to_days(lo), b = date_to_days(hi);
    if (b < a) return lo;
    return date_from_days(rng_range_long(r, a, b));
}

struct zdate demo_ymd(int y, int m, int dd)
{
    return (struct zdate){y, m, dd};
}

static struct zdate min_date(struct zdate a, struct zdate b)
{
    return date_cmp(a, b) <= 0 ? a : b;
}

struct zdate demo_max_date(struct zdate a, struct zdate b)
{
    return date_cmp(a, b) >= 0 ? a : b;
}

const char *demo_pick_education(struct rng *r, const char *type, int birth_year)
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

const char *demo_pick_dues(struct rng *r, const char *type, int age)
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

const char *demo_member_category(const char *type, const struct member *m)
{
    const char *dues = m->dues_category;
    if (strcmp(dues, "retired") == 0) return "retired";
    if (strcmp(dues, "farmer") == 0 || strcmp(type, "rural") == 0) return "farmer";
    if (strcmp(dues, "student") == 0) return "student";
    if (strcmp(type, "organ") == 0) return "official";
    if (strcmp(type, "institution") == 0) return "professional";
    bool degree = strcmp(m->education, "bachelor") == 0 || strcmp(m->education, "master") == 0 ||
                  strcmp(m->education, "doctor") == 0;
    if (strcmp(type, "soe") == 0 || strcmp(type, "private") == 0)
        return degree ? "professional" : "worker";
    if (strcmp(type, "community") == 0 && strcmp(dues, "employed") == 0)
        return degree ? "professional" : "worker";
    return "other";
}

void demo_random_phone(struct rng *r, char *out, size_t outsz)
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
struct zdate demo_avoid_leap_day(struct zdate d, struct zdate lo)
{
    if (d.m != 2 || d.d != 29) return d;
    struct zdate prev = demo_ymd(d.y, 2, 28);
    return date_cmp(prev, lo) >= 0 ? prev : demo_ymd(d.y, 3, 1);
}

/* Dates of one member: birth, join, full, by status. */
void demo_make_dates(struct demo *d, struct member *m, const char *type, bool probationary)
{
    struct rng *r = &d->rng;
    /* the youngest birth that still leaves room to join and pass probation by today */
    int room = 12 * (d->min_join_age + 1) + d->probation_months;
    struct zdate youngest = min_date(demo_ymd(2002, 12, 31), date_add_months(d->today, -room));
    struct zdate oldest = demo_ymd(1940, 1, 1);
    if (strcmp(type, "rural") != 0 && strcmp(type, "community") != 0)
        oldest = demo_max_date(oldest, date_add_years(d->today, -59)); /* working age */
    if (probationary) oldest = demo_max_date(oldest, date_add_years(d->today, -45));
    if (date_cmp(oldest, youngest) > 0) oldest = youngest;
    struct zdate birth = demo_random_date(r, oldest, youngest);
    date_format(birth, m->birth_date);

    struct zdate earliest_join = date_add_days(date_add_years(birth, d->min_join_age), 1);
    struct zdate join;
    if (probationary) {
        struct zdate lo = date_add_days(date_add_months(d->today, -d->probation_months), 1);
        join = demo_random_date(r, demo_max_date(lo, earliest_join), d->today);
        join = demo_avoid_leap_day(join, earliest_join);
        zb_strlcpy(m->status, "probationary", sizeof m->status);
        m->full_date[0] = '\0';
    } else {
        struct zdate latest = date_add_days(date_add_months(d->today, -d->probation_months), -1);
        latest = min_date(latest, date_add_years(birth, 60));
        /* most people join young: the smaller of two uniform draws */
        long span = date_diff_days(latest, earliest_join);
        if (span < 0) span = 0;
        long a = rng_range_long(r, 0, span), b = rng_range_long(r, 0, span);
        join = demo_avoid_leap_day(date_add_days(earliest_join, a < b ? a : b), earliest_join);
        zb_strlcpy(m->status, "full", sizeof m->status);
        date_format(date_add_months(join, d->probation_months), m->full_date);
    }
    date_format(join, m->join_date);
}

/* The committee's offices for a committee of `size` (3–5). */
void demo_committee_offices(struct rng *r, int size, const char *out[5])
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
void demo_choose(struct rng *r, const bool *eligible, int n, int k, bool *chosen)
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

int demo_age_on(const struct member *m, struct zdate on)
{
    struct zdate b;
    return date_parse(m->birth_date, &b) ? date_age(b, on) : 0;
}

int demo_fail_store(struct demo *d, const char *what)
{
    snprintf(d->err, sizeof d->err, "%s失败：%s", what, store_errmsg(d->st));
    return -1;
}

int demo_backdate(struct demo *d, const char *table, int64_t id, struct zdate on, int after)
{
    struct zdate day = date_add_days(on, after > 0 ? after : 0);
    if (date_cmp(day, d->today) > 0) day = d->today;
    if (date_cmp(day, on) < 0) day = on;
    char date[DATE_STR_LEN], stamp[24];
    date_format(day, date);
    snprintf(stamp, sizeof stamp, "%sT11:00:00Z", date);
    if (store_demo_set_created(d->st, table, id, stamp) != STORE_OK)
        return demo_fail_store(d, "写入录入时间");
    return 0;
}
