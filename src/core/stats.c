/* stats.c — 党内统计: counting the members' facts of a year into the reported tables (stats.h).
 * Pure: the facts come in, the figures go out. */
#include "zhibu/stats.h"

#include <stdlib.h>
#include <string.h>

#include "zhibu/model.h"
#include "zhibu/util.h"

const char *const STATS_SECTIONS[SS_COUNT] = {
    [SS_BASIC] = "基本情况", [SS_ETHNICITY] = "民族",      [SS_AGE] = "年龄",
    [SS_EDUCATION] = "学历", [SS_CATEGORY] = "人员类别", [SS_CHANGE] = "本年发展和减少",
};

const struct stats_item_info STATS_ITEMS[ST_COUNT] = {
    [ST_TOTAL] = {SS_BASIC, "total", "党员总数"},
    [ST_FULL] = {SS_BASIC, "full", "正式党员"},
    [ST_PROBATIONARY] = {SS_BASIC, "probationary", "预备党员"},
    [ST_MALE] = {SS_BASIC, "male", "男"},
    [ST_FEMALE] = {SS_BASIC, "female", "女"},
    [ST_MOBILE] = {SS_BASIC, "mobile", "流动党员"},
    [ST_HAN] = {SS_ETHNICITY, "han", "汉族"},
    [ST_MINORITY] = {SS_ETHNICITY, "minority", "少数民族"},
    [ST_ETHNICITY_UNKNOWN] = {SS_ETHNICITY, "ethnicity_unknown", "民族未填"},
    [ST_AGE_30] = {SS_AGE, "age_30", "30岁及以下"},
    [ST_AGE_31_35] = {SS_AGE, "age_31_35", "31至35岁"},
    [ST_AGE_36_40] = {SS_AGE, "age_36_40", "36至40岁"},
    [ST_AGE_41_45] = {SS_AGE, "age_41_45", "41至45岁"},
    [ST_AGE_46_50] = {SS_AGE, "age_46_50", "46至50岁"},
    [ST_AGE_51_55] = {SS_AGE, "age_51_55", "51至55岁"},
    [ST_AGE_56_60] = {SS_AGE, "age_56_60", "56至60岁"},
    [ST_AGE_61_70] = {SS_AGE, "age_61_70", "61至70岁"},
    [ST_AGE_71] = {SS_AGE, "age_71", "71岁及以上"},
    [ST_AGE_UNKNOWN] = {SS_AGE, "age_unknown", "出生日期未填"},
    [ST_EDU_PRIMARY] = {SS_EDUCATION, "edu_primary", "小学"},
    [ST_EDU_JUNIOR] = {SS_EDUCATION, "edu_junior", "初中"},
    [ST_EDU_SENIOR] = {SS_EDUCATION, "edu_senior", "高中"},
    [ST_EDU_VOCATIONAL] = {SS_EDUCATION, "edu_vocational", "中专"},
    [ST_EDU_COLLEGE] = {SS_EDUCATION, "edu_college", "大专"},
    [ST_EDU_BACHELOR] = {SS_EDUCATION, "edu_bachelor", "本科"},
    [ST_EDU_MASTER] = {SS_EDUCATION, "edu_master", "硕士"},
    [ST_EDU_DOCTOR] = {SS_EDUCATION, "edu_doctor", "博士"},
    [ST_EDU_UNKNOWN] = {SS_EDUCATION, "edu_unknown", "学历未填"},
    [ST_CAT_WORKER] = {SS_CATEGORY, "cat_worker", "工人"},
    [ST_CAT_FARMER] = {SS_CATEGORY, "cat_farmer", "农牧渔民"},
    [ST_CAT_PROFESSIONAL] = {SS_CATEGORY, "cat_professional", "专业技术人员"},
    [ST_CAT_MANAGER] = {SS_CATEGORY, "cat_manager", "企事业单位管理人员"},
    [ST_CAT_OFFICIAL] = {SS_CATEGORY, "cat_official", "党政机关工作人员"},
    [ST_CAT_STUDENT] = {SS_CATEGORY, "cat_student", "学生"},
    [ST_CAT_RETIRED] = {SS_CATEGORY, "cat_retired", "离退休人员"},
    [ST_CAT_MILITARY] = {SS_CATEGORY, "cat_military", "解放军武警"},
    [ST_CAT_OTHER] = {SS_CATEGORY, "cat_other", "其他职业人员"},
    [ST_CAT_UNKNOWN] = {SS_CATEGORY, "cat_unknown", "人员类别未填"},
    [ST_ADMITTED] = {SS_CHANGE, "admitted", "本年发展党员"},
    [ST_LEFT] = {SS_CHANGE, "left", "本年减少"},
    [ST_LEFT_TRANSFERRED] = {SS_CHANGE, "left_transferred", "其中：转出"},
    [ST_LEFT_DECEASED] = {SS_CHANGE, "left_deceased", "其中：去世"},
    [ST_LEFT_EXPELLED] = {SS_CHANGE, "left_expelled", "其中：出党"},
    [ST_LEFT_SUSPENDED] = {SS_CHANGE, "left_suspended", "其中：停止党籍"},
    [ST_LEFT_CANCELLED] = {SS_CHANGE, "left_cancelled", "其中：取消预备党员资格"},
};

/* The codes of EDUCATIONS and MEMBER_CATEGORIES in the order of their items. */
static const char *const EDU_CODES[] = {"primary", "junior", "senior", "vocational",
                                        "college", "bachelor", "master", "doctor"};
static const char *const CAT_CODES[] = {"worker",  "farmer",  "professional", "manager", "official",
                                        "student", "retired", "military",     "other"};

bool stats_year_ok(int year, struct zdate today)
{
    return date_year_valid(year) && year <= today.y;
}

struct zdate stats_as_of(int year, struct zdate today)
{
    if (year == today.y) return today;
    return (struct zdate){year, 12, 31};
}

enum stats_item stats_age_band(int age)
{
    if (age <= 30) return ST_AGE_30;
    if (age <= 60) return (enum stats_item)(ST_AGE_31_35 + (age - 31) / 5);
    if (age <= 70) return ST_AGE_61_70;
    return ST_AGE_71;
}

static enum stats_item coded(const char *code, const char *const *codes, size_t n,
                             enum stats_item first, enum stats_item unknown)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(code, codes[i]) == 0) return (enum stats_item)(first + (int)i);
    return unknown;
}

static bool is_han(const char *e)
{
    return strcmp(e, "汉族") == 0 || strcmp(e, "汉") == 0;
}

static void add_minority(struct stats_counts *c, const char *name)
{
    for (int i = 0; i < c->nminorities; i++)
        if (strcmp(c->minorities[i].name, name) == 0) {
            c->minorities[i].n++;
            return;
        }
    c->minorities = xrealloc(c->minorities, (size_t)(c->nminorities + 1) * sizeof *c->minorities);
    struct stats_ethnic *e = &c->minorities[c->nminorities++];
    zb_strlcpy(e->name, name, sizeof e->name);
    e->n = 1;
}

static int by_count(const void *a, const void *b)
{
    const struct stats_ethnic *x = a, *y = b;
    if (x->n != y->n) return x->n > y->n ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* A date of the facts in [from, to] (both parsed). */
static bool within(const char *s, struct zdate from, struct zdate to)
{
    struct zdate d;
    return date_parse(s, &d) && date_cmp(d, from) >= 0 && date_cmp(d, to) <= 0;
}

/* On the roster on day: admitted by then and not left by then. */
static bool on_roster(const struct stats_member *m, struct zdate day)
{
    struct zdate j, l;
    if (!date_parse(m->join_date, &j) || date_cmp(j, day) > 0) return false;
    if (!m->leave_status[0]) return true;
    return date_parse(m->leave_date, &l) && date_cmp(l, day) > 0;
}

static void count_member(struct stats_counts *c, const struct stats_member *m, struct zdate year_start,
                         struct zdate as_of)
{
    if (within(m->join_date, year_start, as_of)) c->n[ST_ADMITTED]++;
    if (m->leave_status[0] && within(m->leave_date, year_start, as_of)) {
        c->n[ST_LEFT]++;
        static const char *const ways[] = {"transferred", "deceased", "expelled", "suspended"};
        enum stats_item w = coded(m->leave_status, ways, ZB_ARRAY_LEN(ways), ST_LEFT_TRANSFERRED,
                                  ST_COUNT);
        if (w == ST_LEFT_EXPELLED && m->cancelled) w = ST_LEFT_CANCELLED;
        if (w != ST_COUNT) c->n[w]++;
    }
    if (!on_roster(m, as_of)) return;
    c->n[ST_TOTAL]++;
    struct zdate full;
    bool is_full = date_parse(m->full_date, &full) && date_cmp(full, as_of) <= 0;
    c->n[is_full ? ST_FULL : ST_PROBATIONARY]++;
    if (strcmp(m->gender, "F") == 0) c->n[ST_FEMALE]++;
    else c->n[ST_MALE]++;
    if (m->mobile) c->n[ST_MOBILE]++;
    if (!m->ethnicity[0]) {
        c->n[ST_ETHNICITY_UNKNOWN]++;
    } else if (is_han(m->ethnicity)) {
        c->n[ST_HAN]++;
    } else {
        c->n[ST_MINORITY]++;
        add_minority(c, m->ethnicity);
    }
    struct zdate birth;
    if (date_parse(m->birth_date, &birth) && date_cmp(birth, as_of) <= 0)
        c->n[stats_age_band(date_age(birth, as_of))]++;
    else
        c->n[ST_AGE_UNKNOWN]++;
    c->n[coded(m->education, EDU_CODES, ZB_ARRAY_LEN(EDU_CODES), ST_EDU_PRIMARY, ST_EDU_UNKNOWN)]++;
    c->n[coded(m->category, CAT_CODES, ZB_ARRAY_LEN(CAT_CODES), ST_CAT_WORKER, ST_CAT_UNKNOWN)]++;
}

void stats_make(const struct stats_member *members, int nmembers, const int64_t *branch_ids,
                int nbranches, int year, struct zdate as_of, struct stats_table *out)
{
    memset(out, 0, sizeof *out);
    out->year = year;
    out->as_of = as_of;
    out->nbranches = nbranches;
    out->branch = xcalloc(nbranches > 0 ? (size_t)nbranches : 1, sizeof *out->branch);
    struct zdate year_start = {year, 1, 1};
    for (int i = 0; i < nmembers; i++) {
        const struct stats_member *m = &members[i];
        int b = -1;
        for (int k = 0; k < nbranches && b < 0; k++)
            if (branch_ids[k] == m->branch_id) b = k;
        if (b < 0) continue;
        count_member(&out->branch[b], m, year_start, as_of);
        count_member(&out->total, m, year_start, as_of);
    }
    for (int k = 0; k < nbranches; k++)
        if (out->branch[k].nminorities > 1)
            qsort(out->branch[k].minorities, (size_t)out->branch[k].nminorities,
                  sizeof *out->branch[k].minorities, by_count);
    if (out->total.nminorities > 1)
        qsort(out->total.minorities, (size_t)out->total.nminorities, sizeof *out->total.minorities,
              by_count);
}

void stats_free(struct stats_table *t)
{
    for (int k = 0; k < t->nbranches; k++) free(t->branch[k].minorities);
    free(t->branch);
    free(t->total.minorities);
    memset(t, 0, sizeof *t);
}
