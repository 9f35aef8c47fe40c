/* validate.h — what makes a member record acceptable (core: pure).
 * Each check returns a code; validate_message() gives the Chinese sentence for it. */
#ifndef ZHIBU_VALIDATE_H
#define ZHIBU_VALIDATE_H

#include "zhibu/date.h"
#include "zhibu/model.h"

enum member_field {
    MF_NONE = 0, MF_NAME, MF_GENDER, MF_BIRTH, MF_ETHNICITY, MF_EDUCATION, MF_PHONE,
    MF_JOIN, MF_FULL, MF_STATUS, MF_DUES, MF_OFFICE, MF_GROUP, MF_LEAVE_STATUS,
    MF_LEAVE_DATE, MF_LEAVE_REASON, MF_NOTE, MF_CATEGORY
};

enum valid_code {
    V_OK = 0,
    V_NAME_EMPTY,          /* 姓名不能为空 */
    V_NAME_TOO_LONG,       /* 姓名不能超过 %d 个字 */
    V_TEXT_CONTROL,        /* 不能含有控制字符或无效字符 */
    V_DATE_FORMAT,         /* 日期格式应为 YYYY-MM-DD，且须是真实日期 */
    V_DATE_FUTURE,         /* 日期不能晚于今天 */
    V_JOIN_REQUIRED,       /* 入党日期不能为空 */
    V_BIRTH_AFTER_JOIN,    /* 入党时须年满18岁 */
    V_FULL_TOO_EARLY,      /* 转正日期须在入党满一年之后 */
    V_FULL_REQUIRED,       /* 正式党员须填写转正日期 */
    V_FULL_NOT_ALLOWED,    /* 预备党员不应有转正日期 */
    V_PHONE_DIGITS,        /* 电话只能是7到15位数字 */
    V_CODE_UNKNOWN,        /* 选项无效 */
    V_LEAVE_DATE_REQUIRED, /* 离开名册须填写日期 */
    V_LEAVE_REASON_REQUIRED, /* 离开名册须填写原因 */
    V_LEAVE_BEFORE_JOIN,   /* 离开日期不能早于入党日期 */
    V_TEXT_TOO_LONG,       /* 内容过长 */
};

struct valid_result {
    enum valid_code code;
    enum member_field field;
};

/* Check a whole member record as a form would save it, on the given day.
 * Returns the first problem found, in form order (name first). The rule numbers come from
 * the config: min_join_age (cfg->min_join_age, 18) and probation_months
 * (cfg->probation_months, 12). */
struct valid_result validate_member(const struct member *m, struct zdate today,
                                    int min_join_age, int probation_months);
/* One date field: "" is allowed when !required. */
enum valid_code validate_date_text(const char *s, bool required, struct zdate today);
/* The sentence for a date field's code with the text s that was typed: for V_DATE_FORMAT what is
 * wrong with s ("2026年2月没有30日", date_problem), else validate_message(code). A sentence with
 * numbers is written into buf (bufsz bytes; ZB_MSG_MAX is enough). */
const char *validate_date_message(const char *s, enum valid_code code, char *buf, size_t bufsz);
/* The sentence for a problem validate_member found in m: a date names what is wrong with the
 * text typed (validate_date_message); the rest as validate_message_rules. buf as above. */
const char *validate_member_message(const struct member *m, struct valid_result vr, int min_join_age,
                                    int probation_months, char *buf, size_t bufsz);
/* The Chinese sentence for a code (static storage), phrased with the default rule numbers
 * (18 years, one year of probation). */
const char *validate_message(enum valid_code code);
/* The same sentence with the configured rule numbers filled in (e.g. "入党时须年满16岁" when
 * min_join_age is 16). A sentence with a number is written into buf (bufsz bytes; ZB_MSG_MAX is
 * enough); the others are static storage. */
const char *validate_message_rules(enum valid_code code, int min_join_age, int probation_months,
                                   char *buf, size_t bufsz);
/* The Chinese label of a member field (e.g. "入党日期"). */
const char *validate_field_label(enum member_field field);

#endif
