/* validate.c — what makes a member record acceptable (core: pure).
 * Every rule number arrives as a parameter; the sentences for users live here, in one table. */
#include "zhibu/validate.h"

#include <stdio.h>
#include <string.h>

#include "zhibu/text.h"
#include "zhibu/util.h"

#define STR_(x) #x
#define STR(x) STR_(x)

#define PHONE_MIN_DIGITS 7
#define PHONE_MAX_DIGITS 15

static const char *const MESSAGES[] = {
    [V_OK] = "",
    [V_NAME_EMPTY] = "姓名不能为空",
    [V_NAME_TOO_LONG] = "姓名不能超过" STR(NAME_MAX_CHARS) "个字",
    [V_TEXT_CONTROL] = "不能含有控制字符或无效字符",
    [V_DATE_FORMAT] = "日期格式应为 YYYY-MM-DD，且须是真实日期",
    [V_DATE_FUTURE] = "日期不能晚于今天",
    [V_JOIN_REQUIRED] = "入党日期不能为空",
    [V_BIRTH_AFTER_JOIN] = "入党时须年满18岁",
    [V_FULL_TOO_EARLY] = "转正日期须在入党满一年之后",
    [V_FULL_REQUIRED] = "正式党员须填写转正日期",
    [V_FULL_NOT_ALLOWED] = "预备党员不应有转正日期",
    [V_PHONE_DIGITS] = "电话只能是" STR(PHONE_MIN_DIGITS) "到" STR(PHONE_MAX_DIGITS) "位数字",
    [V_CODE_UNKNOWN] = "选项无效，请从列表中选择",
    [V_LEAVE_DATE_REQUIRED] = "离开名册须填写日期",
    [V_LEAVE_REASON_REQUIRED] = "离开名册须填写原因",
    [V_LEAVE_BEFORE_JOIN] = "离开日期不能早于入党日期",
    [V_TEXT_TOO_LONG] = "内容过长",
};

static const char *const FIELD_LABELS[] = {
    [MF_NONE] = "",
    [MF_NAME] = "姓名",
    [MF_GENDER] = "性别",
    [MF_BIRTH] = "出生日期",
    [MF_ETHNICITY] = "民族",
    [MF_EDUCATION] = "学历",
    [MF_PHONE] = "电话",
    [MF_JOIN] = "入党日期",
    [MF_FULL] = "转正日期",
    [MF_STATUS] = "党籍状态",
    [MF_DUES] = "党费类别",
    [MF_OFFICE] = "职务",
    [MF_GROUP] = "党小组",
    [MF_LEAVE_STATUS] = "离开名册方式",
    [MF_LEAVE_DATE] = "离开日期",
    [MF_LEAVE_REASON] = "离开原因",
    [MF_NOTE] = "备注",
    [MF_CATEGORY] = "人员类别",
};

const char *validate_message(enum valid_code code)
{
    if ((unsigned)code >= ZB_ARRAY_LEN(MESSAGES) || !MESSAGES[code]) return "";
    return MESSAGES[code];
}

const char *validate_message_rules(enum valid_code code, int min_join_age, int probation_months,
                                   char *buf, size_t bufsz)
{
    if (code == V_BIRTH_AFTER_JOIN) {
        snprintf(buf, bufsz, "入党时须年满%d岁", min_join_age);
        return buf;
    }
    if (code == V_FULL_TOO_EARLY && probation_months != 12) {
        snprintf(buf, bufsz, "转正日期须在入党满%d个月之后", probation_months);
        return buf;
    }
    return validate_message(code);
}

const char *validate_date_message(const char *s, enum valid_code code, char *buf, size_t bufsz)
{
    if (code == V_DATE_FORMAT && s && *s) {
        const char *why = date_problem(s, buf, bufsz);
        if (why) return why;
    }
    return validate_message(code);
}

const char *validate_member_message(const struct member *m, struct valid_result vr, int min_join_age,
                                    int probation_months, char *buf, size_t bufsz)
{
    if (vr.code == V_DATE_FORMAT && m) {
        const char *s = vr.field == MF_BIRTH ? m->birth_date
                        : vr.field == MF_JOIN ? m->join_date
                        : vr.field == MF_FULL ? m->full_date
                        : vr.field == MF_LEAVE_DATE ? m->leave_date
                                                    : NULL;
        if (s) return validate_date_message(s, vr.code, buf, bufsz);
    }
    return validate_message_rules(vr.code, min_join_age, probation_months, buf, bufsz);
}

const char *validate_field_label(enum member_field field)
{
    if ((unsigned)field >= ZB_ARRAY_LEN(FIELD_LABELS) || !FIELD_LABELS[field]) return "";
    return FIELD_LABELS[field];
}

enum valid_code validate_date_text(const char *s, bool required, struct zdate today)
{
    struct zdate d;
    if (!s || !*s) return required ? V_DATE_FORMAT : V_OK;
    if (!date_parse(s, &d)) return V_DATE_FORMAT;
    if (date_cmp(d, today) > 0) return V_DATE_FUTURE;
    return V_OK;
}

/* True if s holds an invalid UTF-8 sequence or a control character ('\n' is allowed when
 * multiline). */
static bool has_bad_chars(const char *s, bool multiline)
{
    size_t len = strlen(s);
    uint32_t cp;
    for (size_t i = 0; i < len;) {
        size_t n = text_decode(s + i, len - i, &cp);
        if (cp == TEXT_REPLACEMENT && n == 1) return true;
        if (cp == '\n' && multiline) {
            i += n;
            continue;
        }
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return true;
        i += n;
    }
    return false;
}

/* True when s, ignoring surrounding white space, is empty. */
static bool blank(const char *s)
{
    char buf[TEXT_LONG];
    zb_strlcpy(buf, s, sizeof buf);
    text_trim(buf);
    return buf[0] == '\0';
}

static struct valid_result fail(enum valid_code code, enum member_field field)
{
    return (struct valid_result){code, field};
}

struct valid_result validate_member(const struct member *m, struct zdate today,
                                    int min_join_age, int probation_months)
{
    enum valid_code c;
    struct zdate birth = {0, 0, 0}, join, full, leave;
    bool have_birth;

    /* 姓名 */
    char name[sizeof m->name];
    zb_strlcpy(name, m->name, sizeof name);
    text_trim(name);
    if (!name[0]) return fail(V_NAME_EMPTY, MF_NAME);
    if (has_bad_chars(name, false)) return fail(V_TEXT_CONTROL, MF_NAME);
    if (text_chars(name) > NAME_MAX_CHARS) return fail(V_NAME_TOO_LONG, MF_NAME);

    /* 性别 */
    if (code_index(GENDERS, m->gender) < 0) return fail(V_CODE_UNKNOWN, MF_GENDER);

    /* 出生日期: optional */
    if ((c = validate_date_text(m->birth_date, false, today)) != V_OK) return fail(c, MF_BIRTH);
    have_birth = date_parse(m->birth_date, &birth);

    /* 民族: free text */
    if (has_bad_chars(m->ethnicity, false)) return fail(V_TEXT_CONTROL, MF_ETHNICITY);

    /* 学历: optional code */
    if (m->education[0] && code_index(EDUCATIONS, m->education) < 0)
        return fail(V_CODE_UNKNOWN, MF_EDUCATION);

    /* 电话 */
    if (m->phone[0]) {
        size_t n = strlen(m->phone);
        if (!text_all_digits(m->phone) || n < PHONE_MIN_DIGITS || n > PHONE_MAX_DIGITS)
            return fail(V_PHONE_DIGITS, MF_PHONE);
    }

    /* 入党日期 */
    if (!m->join_date[0]) return fail(V_JOIN_REQUIRED, MF_JOIN);
    if ((c = validate_date_text(m->join_date, true, today)) != V_OK) return fail(c, MF_JOIN);
    date_parse(m->join_date, &join);
    if (have_birth && date_age(birth, join) < min_join_age)
        return fail(V_BIRTH_AFTER_JOIN, MF_JOIN);

    /* 转正日期: depends on the status; an unknown status is reported at its own field. */
    if (strcmp(m->status, "full") == 0) {
        if (!m->full_date[0]) return fail(V_FULL_REQUIRED, MF_FULL);
        if ((c = validate_date_text(m->full_date, true, today)) != V_OK) return fail(c, MF_FULL);
        date_parse(m->full_date, &full);
        if (date_cmp(full, date_add_months(join, probation_months)) < 0)
            return fail(V_FULL_TOO_EARLY, MF_FULL);
    } else if (strcmp(m->status, "probationary") == 0) {
        if (m->full_date[0]) return fail(V_FULL_NOT_ALLOWED, MF_FULL);
    }

    /* 党籍状态, 党费类别, 职务 */
    if (code_index(MEMBER_STATUSES, m->status) < 0) return fail(V_CODE_UNKNOWN, MF_STATUS);
    if (code_index(DUES_CATEGORIES, m->dues_category) < 0) return fail(V_CODE_UNKNOWN, MF_DUES);
    /* 人员类别: optional code ("" = 未填) */
    if (code_index(MEMBER_CATEGORIES, m->category) < 0) return fail(V_CODE_UNKNOWN, MF_CATEGORY);
    if (code_index(OFFICES, m->office) < 0) return fail(V_CODE_UNKNOWN, MF_OFFICE);

    /* 离开名册 */
    if (code_index(LEAVE_STATUSES, m->leave_status) < 0)
        return fail(V_CODE_UNKNOWN, MF_LEAVE_STATUS);
    if (m->leave_status[0]) {
        if (!m->leave_date[0]) return fail(V_LEAVE_DATE_REQUIRED, MF_LEAVE_DATE);
        if ((c = validate_date_text(m->leave_date, true, today)) != V_OK)
            return fail(c, MF_LEAVE_DATE);
        date_parse(m->leave_date, &leave);
        if (date_cmp(leave, join) < 0) return fail(V_LEAVE_BEFORE_JOIN, MF_LEAVE_DATE);
        if (blank(m->leave_reason)) return fail(V_LEAVE_REASON_REQUIRED, MF_LEAVE_REASON);
    }
    if (has_bad_chars(m->leave_reason, true)) return fail(V_TEXT_CONTROL, MF_LEAVE_REASON);

    /* 备注 */
    if (has_bad_chars(m->note, true)) return fail(V_TEXT_CONTROL, MF_NOTE);

    return fail(V_OK, MF_NONE);
}
