/* roster_import.c — planning the import of an office's roster spreadsheet (roster_import.h).
 * Pure: the table, the branch's members and groups and the rule numbers come in; the plan (what
 * each row would do, or what is wrong with it) goes out. The checks are the member form's
 * (validate_member, committee_office_check) plus what only a file can get wrong: a header
 * missing, a row twice, a value that is not one of the labels, a group the branch lacks.
 * The plan as text (rimp_plan_report) is in roster_report.c. */
#include "zhibu/roster_import.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/branch_rules.h"
#include "zhibu/date_text.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/validate.h"

#define ETHNICITY_MAX_CHARS 10 /* as the member form's field */
#define NOTE_MAX_CHARS 300
#define HEADER_SEARCH_ROWS 10  /* the header may sit under a title row or two */
#define RAW_SHOWN_CHARS 24     /* a bad value is quoted up to this many characters */

const struct rimp_column_info RIMP_COLUMNS[RIC_COUNT] = {
    [RIC_NAME] = {"姓名", "必填", "党员姓名；与出生日期一起用来对应名册中已有的党员", "张卫东"},
    [RIC_GENDER] = {"性别", "新党员必填", "男 或 女", "男"},
    [RIC_BIRTH] = {"出生日期", "", "日期，可写作 1975-03-02、1975/3/2、1975.3.2、1975年3月2日 或 Excel 的日期格式", "1975-03-02"},
    [RIC_ETHNICITY] = {"民族", "", "如 汉族，最多 10 个字", "汉族"},
    [RIC_EDUCATION] = {"学历", "", "小学、初中、高中、中专、大专、本科、硕士、博士", "高中"},
    [RIC_PHONE] = {"联系电话", "", "7 到 15 位数字", "13812345678"},
    [RIC_JOIN] = {"入党日期", "新党员必填", "日期（写法同出生日期）；入党时须年满 18 岁", "2001-07-01"},
    [RIC_FULL] = {"转正日期", "正式党员必填", "日期（写法同出生日期）；须在入党满一年之后；预备党员不填", "2002-07-01"},
    [RIC_STATUS] = {"党籍状态", "", "正式党员 或 预备党员；不填时，有转正日期的为正式党员，否则为预备党员（入党已满预备期却没有转正日期的，导入时会指出）", "正式党员"},
    [RIC_GROUP] = {"党小组", "", "党小组名称；支部还没有的党小组可在导入时新建", "第一党小组"},
    [RIC_OFFICE] = {"职务", "", "无、书记、副书记、组织委员、宣传委员、纪检委员、委员（预备党员不担任）", "无"},
    [RIC_DUES] = {"党费类别", "", "在职、离退休、农民、学生、下岗失业、低保（新党员不填时按农民）", "农民"},
    [RIC_CATEGORY] = {"人员类别", "", "工人、农牧渔民、专业技术人员、企事业单位管理人员、党政机关工作人员、学生、离退休人员、解放军武警、其他职业人员（党内统计用；可不填）", "农牧渔民"},
    [RIC_MOBILE] = {"流动党员", "", "是 或 否（不填为否）", "否"},
    [RIC_NOTE] = {"备注", "", "最多 300 个字", ""},
};

/* Other names offices give the same columns. */
static const struct {
    const char *header;
    enum rimp_col col;
} ALIASES[] = {
    {"出生年月", RIC_BIRTH},     {"出生年月日", RIC_BIRTH},   {"出生时间", RIC_BIRTH},
    {"文化程度", RIC_EDUCATION}, {"电话", RIC_PHONE},         {"手机", RIC_PHONE},
    {"手机号", RIC_PHONE},       {"手机号码", RIC_PHONE},     {"联系方式", RIC_PHONE},
    {"入党时间", RIC_JOIN},      {"转正时间", RIC_FULL},      {"人员状态", RIC_STATUS},
    {"党员状态", RIC_STATUS},    {"所在党小组", RIC_GROUP},   {"支委职务", RIC_OFFICE},
    {"党内职务", RIC_OFFICE},    {"是否流动党员", RIC_MOBILE}, {"人员分类", RIC_CATEGORY},
};

/* Values offices write beside the labels of labels.c. */
static const struct code_label MORE_GENDERS[] = {{"M", "男性"}, {"F", "女性"}, {NULL, NULL}};
static const struct code_label MORE_STATUSES[] = {
    {"full", "正式"}, {"probationary", "预备"}, {NULL, NULL}};
static const struct code_label MORE_EDUCATIONS[] = {
    {"bachelor", "大学本科"}, {"college", "大学专科"}, {"college", "专科"},
    {"master", "研究生"},     {"master", "硕士研究生"}, {"doctor", "博士研究生"},
    {"vocational", "中技"},   {"vocational", "技校"},   {"vocational", "职高"},
    {NULL, NULL}};
static const struct code_label MORE_OFFICES[] = {
    {"secretary", "支部书记"}, {"deputy", "支部副书记"}, {"committee", "支部委员"},
    {"committee", "支委"},     {NULL, NULL}};
static const struct code_label MORE_DUES[] = {
    {"retired", "退休"}, {"retired", "离休"}, {"employed", "在岗"}, {NULL, NULL}};
static const struct code_label MORE_CATEGORIES[] = {
    {"farmer", "农民"},        {"farmer", "农牧民"},       {"farmer", "农牧渔业人员"},
    {"retired", "离退休"},     {"retired", "退休"},        {"retired", "离休"},
    {"retired", "离退休干部"}, {"military", "军人"},       {"military", "解放军"},
    {"official", "机关工作人员"}, {"manager", "管理人员"}, {"professional", "专业技术"},
    {"other", "其他"},         {NULL, NULL}};

/* ---- small helpers ---- */

/* text with every ASCII and ideographic blank removed, into out. */
static void squeeze(const char *s, char *out, size_t outsz)
{
    size_t n = 0, len = strlen(s);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = text_decode(s + i, len - i, &cp);
        bool blank = cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0x3000 ||
                     cp == 0xA0;
        if (!blank && n + k < outsz) {
            memcpy(out + n, s + i, k);
            n += k;
        }
        i += k;
    }
    out[n] = '\0';
}

static bool has_non_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80) return true;
    return false;
}

int rimp_column_of_header(const char *header)
{
    char h[128];
    if (!header || strlen(header) >= sizeof h) return -1;
    squeeze(header, h, sizeof h);
    /* "姓名*", "姓名（必填）", "姓名(必填)" */
    static const char *const tails[] = {"（必填）", "(必填)", "*", "＊"};
    for (size_t t = 0; t < ZB_ARRAY_LEN(tails); t++) {
        size_t n = strlen(h), k = strlen(tails[t]);
        if (n > k && strcmp(h + n - k, tails[t]) == 0) h[n - k] = '\0';
    }
    for (int c = 0; c < RIC_COUNT; c++)
        if (strcmp(h, RIMP_COLUMNS[c].header) == 0) return c;
    for (size_t i = 0; i < ZB_ARRAY_LEN(ALIASES); i++)
        if (strcmp(h, ALIASES[i].header) == 0) return (int)ALIASES[i].col;
    return -1;
}

static void add_problem(struct rimp_plan *p, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void add_problem(struct rimp_plan *p, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char buf[1024];
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (p->nproblems % 64 == 0)
        p->problems = xrealloc(p->problems, (size_t)(p->nproblems + 64) * sizeof *p->problems);
    p->problems[p->nproblems++] = (struct rimp_problem){line, xstrdup(buf)};
}

static void add_note(struct rimp_plan *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_note(struct rimp_plan *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char buf[512];
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    p->notes = xrealloc(p->notes, (size_t)(p->nnotes + 1) * sizeof *p->notes);
    p->notes[p->nnotes++] = xstrdup(buf);
}

/* A value from the file as it is quoted in a problem: control characters as U+FFFD, cut with
 * "…" after RAW_SHOWN_CHARS characters. */
static const char *shown(const char *raw, char *buf, size_t bufsz)
{
    char *clean = text_sanitize(raw, false);
    size_t cut = 0, len = strlen(clean), chars = 0;
    while (cut < len && chars < RAW_SHOWN_CHARS) {
        uint32_t cp;
        cut += text_decode(clean + cut, len - cut, &cp);
        chars++;
    }
    if (cut < len)
        snprintf(buf, bufsz, "%.*s…", (int)cut, clean);
    else
        snprintf(buf, bufsz, "%s", clean);
    free(clean);
    return buf;
}

/* The code of a label (labels.c, or one of the more names), or NULL. */
static const char *code_of(const struct code_label *table, const struct code_label *more,
                           const char *text)
{
    const char *c = code_of_label(table, text);
    if (c) return c;
    for (int i = 0; more && more[i].code; i++)
        if (strcmp(more[i].label, text) == 0) return more[i].code;
    return NULL;
}

/* "小学、初中、高中" — the labels of a table (the "" code left out unless keep_empty). */
static const char *labels_list(const struct code_label *t, bool keep_empty, char *buf, size_t bufsz)
{
    size_t n = 0;
    buf[0] = '\0';
    for (; t->code; t++) {
        if (!keep_empty && !t->code[0]) continue;
        n += (size_t)snprintf(buf + n, bufsz - n, "%s%s", n ? "、" : "", t->label);
        if (n >= bufsz) break;
    }
    return buf;
}

/* ---- one row ---- */

/* The file's values of one row: has[c] when the cell is not empty. */
struct fileval {
    bool has[RIC_COUNT];
    char name[TEXT_SHORT];
    char gender[4];
    char birth[DATE_STR_LEN], join[DATE_STR_LEN], full[DATE_STR_LEN];
    char ethnicity[32];
    char education[16];
    char phone[24];
    char status[16];
    char group[TEXT_SHORT];
    char office[16];
    char dues[16];
    char category[16];
    bool mobile;
    char note[TEXT_LONG];
};

struct cursor {
    const struct table *t;
    const struct table_row *r;
    const int *colmap;   /* column of the file for each enum rimp_col, -1 when absent */
    struct rimp_plan *p;
    bool bad;            /* a problem was found in this row */
};

/* The trimmed text of column c of the row into out ("" when absent). */
static void text_of(struct cursor *k, int c, char *out, size_t outsz)
{
    out[0] = '\0';
    if (k->colmap[c] < 0) return;
    const char *s = table_text(k->r, k->colmap[c]);
    if (strlen(s) >= outsz) {
        /* too long for any field: keep the start, the length check reports it */
        zb_strlcpy(out, s, outsz);
        return;
    }
    zb_strlcpy(out, s, outsz);
    text_trim(out);
}

static void problem(struct cursor *k, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(struct cursor *k, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char buf[1024];
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    add_problem(k->p, k->r->line, "%s", buf);
    k->bad = true;
}

/* A date column into out ("" when empty); a problem when it is not a date. */
static void date_cell(struct cursor *k, int c, char out[DATE_STR_LEN])
{
    out[0] = '\0';
    if (k->colmap[c] < 0 || k->colmap[c] >= k->r->ncells) return;
    const struct table_cell *cell = &k->r->cells[k->colmap[c]];
    char raw[128];
    text_of(k, c, raw, sizeof raw);
    if (!raw[0]) return;
    struct zdate d;
    char buf[96], msg[ZB_MSG_MAX];
    const char *why = NULL;
    if (cell->kind == TABLE_NUMBER || cell->kind == TABLE_DATE) {
        char *end;
        errno = 0;
        double v = strtod(raw, &end);
        bool number = end != raw && *end == '\0' && errno == 0;
        if (cell->kind == TABLE_NUMBER && strlen(raw) == 8 && text_all_digits(raw)) {
            if (!date_text_parse(raw, &d)) why = date_text_problem(raw, msg, sizeof msg);
        } else if (!number || (cell->kind == TABLE_NUMBER && v < 3653) ||
                   !date_from_excel_serial(v, k->t->date1904, &d)) {
            why = "不是日期";
        }
    } else if (!date_text_parse(raw, &d)) {
        why = date_text_problem(raw, msg, sizeof msg);
    }
    if (why) {
        problem(k, "%s“%s”有误：%s", RIMP_COLUMNS[c].header, shown(raw, buf, sizeof buf), why);
        return;
    }
    date_format(d, out);
}

/* A coded column into out ("" when empty); a problem naming the accepted labels otherwise. */
static void code_cell(struct cursor *k, int c, const struct code_label *table,
                      const struct code_label *more, const char *accepted, char *out, size_t outsz)
{
    char raw[128], buf[96];
    out[0] = '\0';
    text_of(k, c, raw, sizeof raw);
    if (!raw[0]) return;
    char sq[128];
    squeeze(raw, sq, sizeof sq);
    const char *code = code_of(table, more, sq);
    if (!code) {
        problem(k, "%s“%s”无效（应为 %s）", RIMP_COLUMNS[c].header, shown(raw, buf, sizeof buf),
                accepted);
        return;
    }
    zb_strlcpy(out, code, outsz);
}

static void read_row(struct cursor *k, struct fileval *v)
{
    memset(v, 0, sizeof *v);
    char raw[TEXT_LONG * 2], buf[96], list[512]; /* list: the labels a column accepts */

    /* 姓名: blanks inside a Chinese name are layout ("王  五"), not part of it */
    text_of(k, RIC_NAME, raw, sizeof raw);
    if (has_non_ascii(raw)) {
        char sq[sizeof raw];
        squeeze(raw, sq, sizeof sq);
        zb_strlcpy(raw, sq, sizeof raw);
    }
    if (!raw[0])
        problem(k, "姓名为空");
    else if (text_chars(raw) > NAME_MAX_CHARS)
        problem(k, "姓名“%s”太长（最多 %d 个字）", shown(raw, buf, sizeof buf), NAME_MAX_CHARS);
    else
        zb_strlcpy(v->name, raw, sizeof v->name);

    code_cell(k, RIC_GENDER, GENDERS, MORE_GENDERS, "男 或 女", v->gender, sizeof v->gender);
    date_cell(k, RIC_BIRTH, v->birth);

    text_of(k, RIC_ETHNICITY, raw, sizeof raw);
    if (text_chars(raw) > ETHNICITY_MAX_CHARS)
        problem(k, "民族“%s”太长（最多 %d 个字）", shown(raw, buf, sizeof buf), ETHNICITY_MAX_CHARS);
    else
        zb_strlcpy(v->ethnicity, raw, sizeof v->ethnicity);

    code_cell(k, RIC_EDUCATION, EDUCATIONS, MORE_EDUCATIONS, labels_list(EDUCATIONS, false, list, sizeof list),
              v->education, sizeof v->education);

    /* 联系电话: "138 1234 5678", "0571-88886666" are the same digits */
    text_of(k, RIC_PHONE, raw, sizeof raw);
    if (raw[0]) {
        char digits[sizeof raw];
        size_t n = 0;
        for (const char *s = raw; *s; s++)
            if (*s != ' ' && *s != '-') digits[n++] = *s;
        digits[n] = '\0';
        if (!text_all_digits(digits) || n < 7 || n > 15)
            problem(k, "联系电话“%s”无效（应为 7 到 15 位数字）", shown(raw, buf, sizeof buf));
        else
            zb_strlcpy(v->phone, digits, sizeof v->phone);
    }

    date_cell(k, RIC_JOIN, v->join);
    date_cell(k, RIC_FULL, v->full);
    code_cell(k, RIC_STATUS, MEMBER_STATUSES, MORE_STATUSES, "正式党员 或 预备党员", v->status,
              sizeof v->status);

    text_of(k, RIC_GROUP, raw, sizeof raw);
    if (raw[0]) {
        const char *why = group_name_check(raw);
        if (why)
            problem(k, "党小组“%s”：%s", shown(raw, buf, sizeof buf), why);
        else
            zb_strlcpy(v->group, raw, sizeof v->group);
    }

    code_cell(k, RIC_OFFICE, OFFICES, MORE_OFFICES, labels_list(OFFICES, true, list, sizeof list), v->office,
              sizeof v->office);
    code_cell(k, RIC_DUES, DUES_CATEGORIES, MORE_DUES, labels_list(DUES_CATEGORIES, false, list, sizeof list),
              v->dues, sizeof v->dues);
    code_cell(k, RIC_CATEGORY, MEMBER_CATEGORIES, MORE_CATEGORIES,
              labels_list(MEMBER_CATEGORIES, false, list, sizeof list), v->category, sizeof v->category);

    text_of(k, RIC_MOBILE, raw, sizeof raw);
    if (raw[0]) {
        if (strcmp(raw, "是") == 0 || strcmp(raw, "√") == 0)
            v->mobile = true;
        else if (strcmp(raw, "否") != 0)
            problem(k, "流动党员“%s”无效（应为 是 或 否）", shown(raw, buf, sizeof buf));
    }

    text_of(k, RIC_NOTE, raw, sizeof raw);
    if (text_chars(raw) > NOTE_MAX_CHARS)
        problem(k, "备注太长（最多 %d 个字）", NOTE_MAX_CHARS);
    else
        zb_strlcpy(v->note, raw, sizeof v->note);

    for (int c = 0; c < RIC_COUNT; c++) {
        char t[8];
        text_of(k, c, t, sizeof t);
        v->has[c] = t[0] != '\0';
    }
}

/* ---- the plan ---- */

/* The label a validate_member field has in the file. */
static const char *field_header(enum member_field f)
{
    switch (f) {
    case MF_NAME: return RIMP_COLUMNS[RIC_NAME].header;
    case MF_GENDER: return RIMP_COLUMNS[RIC_GENDER].header;
    case MF_BIRTH: return RIMP_COLUMNS[RIC_BIRTH].header;
    case MF_ETHNICITY: return RIMP_COLUMNS[RIC_ETHNICITY].header;
    case MF_EDUCATION: return RIMP_COLUMNS[RIC_EDUCATION].header;
    case MF_PHONE: return RIMP_COLUMNS[RIC_PHONE].header;
    case MF_JOIN: return RIMP_COLUMNS[RIC_JOIN].header;
    case MF_FULL: return RIMP_COLUMNS[RIC_FULL].header;
    case MF_STATUS: return RIMP_COLUMNS[RIC_STATUS].header;
    case MF_DUES: return RIMP_COLUMNS[RIC_DUES].header;
    case MF_CATEGORY: return RIMP_COLUMNS[RIC_CATEGORY].header;
    case MF_OFFICE: return RIMP_COLUMNS[RIC_OFFICE].header;
    case MF_GROUP: return RIMP_COLUMNS[RIC_GROUP].header;
    case MF_NOTE: return RIMP_COLUMNS[RIC_NOTE].header;
    default: return validate_field_label(f);
    }
}

static const struct group *group_named(const struct rimp_context *c, const char *name)
{
    for (int i = 0; i < c->ngroups; i++)
        if (strcmp(c->groups[i].name, name) == 0) return &c->groups[i];
    return NULL;
}

static void note_new_group(struct rimp_plan *p, const char *name)
{
    for (int i = 0; i < p->nnew_groups; i++)
        if (strcmp(p->new_groups[i], name) == 0) return;
    p->new_groups = xrealloc(p->new_groups, (size_t)(p->nnew_groups + 1) * sizeof *p->new_groups);
    p->new_groups[p->nnew_groups++] = xstrdup(name);
}

/* What "更新" lists: "label old → new" for every field that changes. */
struct diff {
    char s[2048];
    size_t n;
};

static void diff_add(struct diff *d, const char *label, const char *old, const char *now)
{
    if (strcmp(old, now) == 0 || d->n >= sizeof d->s) return;
    d->n += (size_t)snprintf(d->s + d->n, sizeof d->s - d->n, "%s%s %s → %s", d->n ? "；" : "",
                             label, old[0] ? old : "—", now[0] ? now : "—");
    if (d->n >= sizeof d->s) d->n = sizeof d->s;
}

static void describe_changes(const struct member *old, const struct member *now,
                             const char *old_group, const char *new_group, struct diff *d)
{
    diff_add(d, "性别", code_label_of(GENDERS, old->gender), code_label_of(GENDERS, now->gender));
    diff_add(d, "出生日期", old->birth_date, now->birth_date);
    diff_add(d, "民族", old->ethnicity, now->ethnicity);
    diff_add(d, "学历", old->education[0] ? code_label_of(EDUCATIONS, old->education) : "",
             now->education[0] ? code_label_of(EDUCATIONS, now->education) : "");
    diff_add(d, "联系电话", old->phone, now->phone);
    diff_add(d, "入党日期", old->join_date, now->join_date);
    diff_add(d, "转正日期", old->full_date, now->full_date);
    diff_add(d, "党籍状态", code_label_of(MEMBER_STATUSES, old->status),
             code_label_of(MEMBER_STATUSES, now->status));
    diff_add(d, "党小组", old_group, new_group);
    diff_add(d, "职务", code_label_of(OFFICES, old->office), code_label_of(OFFICES, now->office));
    diff_add(d, "党费类别", code_label_of(DUES_CATEGORIES, old->dues_category),
             code_label_of(DUES_CATEGORIES, now->dues_category));
    diff_add(d, "人员类别", old->category[0] ? code_label_of(MEMBER_CATEGORIES, old->category) : "",
             now->category[0] ? code_label_of(MEMBER_CATEGORIES, now->category) : "");
    diff_add(d, "流动党员", old->mobile ? "是" : "否", now->mobile ? "是" : "否");
    diff_add(d, "备注", old->note, now->note);
}

/* The branch's member this row is about: same name and birth date, or, when either side has no
 * birth date, the only one of that name. *n_same is how many could be meant; *left is set to a
 * member who left the roster when only such a one matches. */
static const struct member *match(const struct rimp_context *c, const struct fileval *v,
                                  int *n_same, const struct member **left)
{
    const struct member *found = NULL;
    int n = 0;
    *left = NULL;
    for (int i = 0; i < c->nmembers; i++) {
        const struct member *m = &c->members[i];
        if (strcmp(m->name, v->name) != 0) continue;
        bool birth_ok = !v->birth[0] || !m->birth_date[0] || strcmp(m->birth_date, v->birth) == 0;
        if (!birth_ok) continue;
        if (m->leave_status[0]) {
            if (!*left) *left = m;
            continue;
        }
        /* an exact birth date wins over a member without one */
        if (found && v->birth[0] && strcmp(found->birth_date, v->birth) == 0 &&
            strcmp(m->birth_date, v->birth) != 0)
            continue;
        if (found && v->birth[0] && strcmp(m->birth_date, v->birth) == 0 &&
            strcmp(found->birth_date, v->birth) != 0) {
            found = m;
            n = 1;
            continue;
        }
        found = m;
        n++;
    }
    *n_same = n;
    return n == 1 ? found : NULL;
}

/* The row's record: the stored one (base, may be NULL) with the file's values over it. */
static void merge(const struct fileval *v, const struct member *base, int64_t branch_id,
                  struct member *m, bool *dues_defaulted)
{
    *dues_defaulted = false;
    if (base) {
        *m = *base;
    } else {
        memset(m, 0, sizeof *m);
        m->branch_id = branch_id;
    }
    zb_strlcpy(m->name, v->name, sizeof m->name);
    if (v->gender[0]) zb_strlcpy(m->gender, v->gender, sizeof m->gender);
    if (v->birth[0]) zb_strlcpy(m->birth_date, v->birth, sizeof m->birth_date);
    if (v->ethnicity[0]) zb_strlcpy(m->ethnicity, v->ethnicity, sizeof m->ethnicity);
    if (v->education[0]) zb_strlcpy(m->education, v->education, sizeof m->education);
    if (v->phone[0]) zb_strlcpy(m->phone, v->phone, sizeof m->phone);
    if (v->join[0]) zb_strlcpy(m->join_date, v->join, sizeof m->join_date);
    if (v->full[0]) zb_strlcpy(m->full_date, v->full, sizeof m->full_date);
    /* 党籍: as written, else a 转正日期 makes a full member, else a new one is probationary */
    if (v->status[0])
        zb_strlcpy(m->status, v->status, sizeof m->status);
    else if (v->full[0])
        zb_strlcpy(m->status, "full", sizeof m->status);
    else if (!base)
        zb_strlcpy(m->status, "probationary", sizeof m->status);
    if (v->has[RIC_OFFICE] && code_index(OFFICES, v->office) >= 0)
        zb_strlcpy(m->office, v->office, sizeof m->office);
    if (v->dues[0]) {
        zb_strlcpy(m->dues_category, v->dues, sizeof m->dues_category);
    } else if (!base) {
        zb_strlcpy(m->dues_category, "farmer", sizeof m->dues_category); /* the form's default */
        *dues_defaulted = true;
    }
    if (v->category[0]) zb_strlcpy(m->category, v->category, sizeof m->category);
    if (v->has[RIC_MOBILE]) m->mobile = v->mobile;
    if (v->note[0]) zb_strlcpy(m->note, v->note, sizeof m->note);
}

static void plan_row(const struct rimp_context *c, struct cursor *k, const struct fileval *v,
                     const struct member *base, struct rimp_row *row)
{
    struct member *m = &row->m;
    bool dues_defaulted;
    merge(v, base, c->branch_id, m, &dues_defaulted);
    const char *name = v->name;

    /* the group, by name */
    char old_group[TEXT_SHORT];
    zb_strlcpy(old_group, base ? base->group_name : "", sizeof old_group);
    char new_group_label[TEXT_SHORT + 16];
    zb_strlcpy(new_group_label, old_group, sizeof new_group_label);
    if (v->group[0]) {
        const struct group *g = group_named(c, v->group);
        if (g) {
            m->group_id = g->id;
            zb_strlcpy(m->group_name, g->name, sizeof m->group_name);
            zb_strlcpy(new_group_label, g->name, sizeof new_group_label);
        } else {
            note_new_group(k->p, v->group);
            if (!c->create_groups) {
                problem(k, "党小组“%s”不存在", v->group);
            } else {
                m->group_id = 0;
                zb_strlcpy(m->group_name, v->group, sizeof m->group_name);
                zb_strlcpy(row->new_group, v->group, sizeof row->new_group);
                snprintf(new_group_label, sizeof new_group_label, "%s（新建）", v->group);
            }
        }
    }

    /* what only the file can get wrong, said in its own words */
    if (!base && !v->gender[0] && !v->has[RIC_GENDER]) problem(k, "性别未填（应为 男 或 女）");
    if (!base && !v->has[RIC_JOIN]) problem(k, "入党日期未填");
    if (m->join_date[0] && m->full_date[0] && strcmp(m->full_date, m->join_date) < 0 &&
        date_parse(m->join_date, NULL) && date_parse(m->full_date, NULL))
        problem(k, "转正日期 %s 早于入党日期 %s", m->full_date, m->join_date);
    /* a new member without 转正日期 is taken for 预备 only while that can still be so: past the
     * probation, the file has left the date out (old rosters often do), and guessing either way
     * would put a wrong 党籍 on the roster */
    struct zdate joined;
    if (!base && !v->status[0] && !v->full[0] && m->join_date[0] &&
        date_parse(m->join_date, &joined) &&
        date_cmp(date_add_months(joined, c->probation_months), c->today) <= 0)
        problem(k, "转正日期未填：入党日期 %s 至今已超过 %d 个月的预备期，已转正的请填转正日期；"
                   "仍是预备党员（延长预备期）的请在“党籍状态”列填“预备党员”",
                m->join_date, c->probation_months);
    if (base && strcmp(base->status, "probationary") == 0 && strcmp(m->status, "full") == 0)
        problem(k, "%s 在名册中是预备党员：转正须经支部党员大会讨论决定，请在党员名册中按 z 登记，"
                   "不能由导入改为正式党员", name);
    if (k->bad) return;

    /* then the member form's own checks */
    struct valid_result vr = validate_member(m, c->today, c->min_join_age, c->probation_months);
    if (vr.code != V_OK) {
        char msgbuf[ZB_MSG_MAX];
        problem(k, "%s：%s", field_header(vr.field),
                validate_member_message(m, vr, c->min_join_age, c->probation_months, msgbuf, sizeof msgbuf));
        return;
    }
    const char *why = committee_office_check(m->status, m->office);
    if (why) {
        problem(k, "职务：%s", why);
        return;
    }

    if (!base) {
        row->action = RIMP_NEW;
        char extra[TEXT_SHORT + 96] = "";
        if (row->new_group[0] && dues_defaulted)
            snprintf(extra, sizeof extra, "（新建党小组 %s；党费类别未填，按农民）", row->new_group);
        else if (row->new_group[0])
            snprintf(extra, sizeof extra, "（新建党小组 %s）", row->new_group);
        else if (dues_defaulted)
            snprintf(extra, sizeof extra, "（党费类别未填，按农民）");
        row->what = xasprintf("新增 %s%s", name, extra);
        return;
    }
    struct diff d = {.n = 0};
    d.s[0] = '\0';
    describe_changes(base, m, old_group, new_group_label, &d);
    if (d.n == 0) {
        row->action = RIMP_SAME;
        row->what = xasprintf("无变化 %s", name);
    } else {
        row->action = RIMP_UPDATE;
        row->what = xasprintf("更新 %s：%s", name, d.s);
    }
}

/* A file made from a template before issue 19 heads its dues column 人员类别 (roster_import.h):
 * without a 党费类别 column, a 人员类别 column whose every value is a dues label is that column. */
static void old_dues_column(const struct table *t, int header, struct rimp_plan *p,
                            int colmap[RIC_COUNT])
{
    int col = colmap[RIC_CATEGORY];
    if (col < 0 || colmap[RIC_DUES] >= 0) return;
    bool any = false;
    for (int i = header + 1; i < t->nrows; i++) {
        char sq[128];
        const char *s = col < t->rows[i].ncells ? table_text(&t->rows[i], col) : "";
        if (strlen(s) >= sizeof sq) return;
        squeeze(s, sq, sizeof sq);
        if (!sq[0]) continue;
        if (!code_of(DUES_CATEGORIES, MORE_DUES, sq)) return;
        any = true;
    }
    if (!any) return;
    colmap[RIC_DUES] = col;
    colmap[RIC_CATEGORY] = -1;
    char letters[8];
    table_col_name(col, letters);
    add_note(p, "“人员类别”列（%s 列）填的是党费类别（在职、离退休、农民……），按党费类别导入；"
                "党内统计的人员类别（工人、农牧渔民……）可另列“人员类别”", letters);
}

/* The header row: the first of the first rows with a 姓名 column. Fills colmap; -1 when none. */
static int find_header(const struct table *t, struct rimp_plan *p, int colmap[RIC_COUNT])
{
    for (int i = 0; i < t->nrows && i < HEADER_SEARCH_ROWS; i++) {
        const struct table_row *r = &t->rows[i];
        bool has_name = false;
        for (int c = 0; c < r->ncells; c++)
            if (rimp_column_of_header(table_text(r, c)) == RIC_NAME) has_name = true;
        if (!has_name) continue;
        for (int c = 0; c < RIC_COUNT; c++) colmap[c] = -1;
        for (int c = 0; c < r->ncells; c++) {
            const char *h = table_text(r, c);
            char sq[128], letters[8], buf[96];
            squeeze(h, sq, sizeof sq);
            if (!sq[0]) continue;
            table_col_name(c, letters);
            int col = rimp_column_of_header(h);
            if (col < 0) {
                if (strcmp(sq, "党员编号") == 0 || strcmp(sq, "编号") == 0 ||
                    strcmp(sq, "序号") == 0)
                    add_note(p, "“%s”列（%s 列）不导入：本程序不记录党员编号，已有党员按姓名和出生日期对应",
                             shown(sq, buf, sizeof buf), letters);
                else
                    add_note(p, "“%s”列（%s 列）不是名册的列，不导入", shown(sq, buf, sizeof buf),
                             letters);
            } else if (colmap[col] >= 0) {
                char first[8];
                table_col_name(colmap[col], first);
                add_problem(p, r->line, "“%s”列出现了两次（%s 列和 %s 列）",
                            RIMP_COLUMNS[col].header, first, letters);
            } else {
                colmap[col] = c;
            }
        }
        old_dues_column(t, i, p, colmap);
        if (t->cols_kept > 0) {
            char letters[8];
            table_col_name(t->cols_kept, letters);
            add_note(p, "%s 列及更右边的内容没有读取（最多读 %d 列）", letters, t->cols_kept);
        }
        return i;
    }
    return -1;
}

static bool same_person(const struct fileval *a, const struct fileval *b)
{
    return strcmp(a->name, b->name) == 0 && strcmp(a->birth, b->birth) == 0;
}

int rimp_plan_make(const struct table *t, const struct rimp_context *c, struct rimp_plan *p)
{
    memset(p, 0, sizeof *p);
    p->create_groups = c->create_groups;
    int colmap[RIC_COUNT];
    int h = find_header(t, p, colmap);
    if (h < 0) {
        add_problem(p, 0, "表格中找不到“姓名”列：第一行应为表头（姓名、性别、出生日期、入党日期……），"
                          "可先生成模板对照");
        return p->nproblems;
    }
    p->header_line = t->rows[h].line;
    int ndata = t->nrows - h - 1;
    if (ndata <= 0) {
        add_problem(p, 0, "表格中只有表头，没有党员");
        return p->nproblems;
    }
    p->rows = xcalloc((size_t)ndata, sizeof *p->rows);
    struct fileval *vals = xcalloc((size_t)ndata, sizeof *vals);
    const struct member **matched = xcalloc((size_t)ndata, sizeof *matched);
    for (int i = 0; i < ndata; i++) {
        const struct table_row *r = &t->rows[h + 1 + i];
        struct rimp_row *row = &p->rows[p->nrows++];
        row->line = r->line;
        row->action = RIMP_BAD;
        struct cursor k = {.t = t, .r = r, .colmap = colmap, .p = p};
        struct fileval *v = &vals[i];
        read_row(&k, v);
        const struct member *base = NULL;
        if (v->name[0]) {
            /* the same person twice in the file */
            for (int j = 0; j < i; j++)
                if (vals[j].name[0] && same_person(&vals[j], v)) {
                    problem(&k, "与第 %d 行重复（姓名、出生日期相同）", p->rows[j].line);
                    break;
                }
            int n_same;
            const struct member *left;
            base = match(c, v, &n_same, &left);
            if (n_same > 1)
                problem(&k, v->birth[0] ? "名册中有 %d 名党员叫 %s，出生日期无法区分"
                                        : "名册中有 %d 名党员叫 %s：请填写出生日期以区分",
                        n_same, v->name);
            else if (!base && left)
                problem(&k, "%s 已离开名册（%s %s），导入不能恢复；请删去这一行", v->name,
                        code_label_of(LEAVE_STATUSES, left->leave_status), left->leave_date);
            for (int j = 0; base && j < i; j++)
                if (matched[j] == base && !same_person(&vals[j], v)) {
                    problem(&k, "与第 %d 行对应名册中的同一名党员（%s）", p->rows[j].line, v->name);
                    break;
                }
            matched[i] = base;
        }
        if (k.bad) continue;
        plan_row(c, &k, v, base, row);
        if (k.bad) {
            row->action = RIMP_BAD;
            free(row->what);
            row->what = NULL;
            continue;
        }
        if (row->action == RIMP_NEW) p->added++;
        else if (row->action == RIMP_UPDATE) p->updated++;
        else p->same++;
    }
    free(vals);
    free(matched);
    return p->nproblems;
}

void rimp_plan_free(struct rimp_plan *p)
{
    for (int i = 0; i < p->nrows; i++) free(p->rows[i].what);
    free(p->rows);
    for (int i = 0; i < p->nproblems; i++) free(p->problems[i].text);
    free(p->problems);
    for (int i = 0; i < p->nnotes; i++) free(p->notes[i]);
    free(p->notes);
    for (int i = 0; i < p->nnew_groups; i++) free(p->new_groups[i]);
    free(p->new_groups);
    memset(p, 0, sizeof *p);
}
