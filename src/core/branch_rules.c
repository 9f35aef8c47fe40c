/* branch_rules.c — checks for a branch's details and a group's name (see branch_rules.h). */
#include "zhibu/branch_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/text.h"
#include "zhibu/util.h"

static bool has_control(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7F) return true;
    return false;
}

const char *branch_check(const struct branch *b, enum branch_field *field)
{
    *field = BF_CODE;
    if (!b->code[0]) return "组织代码不能为空";
    if (text_chars(b->code) > BRANCH_CODE_MAX) return "组织代码不能超过 20 个字符";
    for (const char *p = b->code; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '-'))
            return "组织代码只能由数字、字母和“-”组成";
    *field = BF_NAME;
    if (!b->name[0]) return "支部名称不能为空";
    if (has_control(b->name)) return "支部名称含有控制字符";
    if (text_chars(b->name) > BRANCH_NAME_MAX) return "支部名称不能超过 40 个字";
    *field = BF_TYPE;
    if (code_index(BRANCH_TYPES, b->type) < 0) return "请选择支部类型";
    *field = BF_THEME_DAY;
    if (b->theme_day[0]) {
        if (!text_all_digits(b->theme_day) || strlen(b->theme_day) > 2) return "主题党日应为每月的第几日（1–28）";
        int d = atoi(b->theme_day);
        if (d < 1 || d > 28) return "主题党日应为每月的第几日（1–28）";
    }
    *field = BF_NONE;
    return NULL;
}

const char *group_name_check(const char *name)
{
    if (!name || !name[0]) return "党小组名称不能为空";
    if (has_control(name)) return "党小组名称含有控制字符";
    if (text_chars(name) > GROUP_NAME_MAX) return "党小组名称不能超过 20 个字";
    return NULL;
}

const char *committee_office_check(const char *status, const char *office)
{
    if (!office || !office[0]) return NULL;
    if (status && strcmp(status, "probationary") == 0)
        return "预备党员没有表决权、选举权和被选举权，不能担任支委职务";
    return NULL;
}

const char *group_dates_check(const char *start, const char *end, struct zdate today, int *field,
                              char *buf, size_t bufsz)
{
    char why_buf[ZB_MSG_MAX];
    struct zdate s, e;
    if (field) *field = 1;
    if (!start || !start[0]) return "请填写成立日期";
    const char *why = date_problem(start, why_buf, sizeof why_buf);
    if (why) {
        snprintf(buf, bufsz, "成立日期：%s", why);
        return buf;
    }
    date_parse(start, &s);
    if (date_valid(today) && date_cmp(s, today) > 0) return "成立日期不能晚于今天";
    if (field) *field = 2;
    if (!end || !end[0]) {
        if (field) *field = 0;
        return NULL;
    }
    why = date_problem(end, why_buf, sizeof why_buf);
    if (why) {
        snprintf(buf, bufsz, "撤销日期：%s", why);
        return buf;
    }
    date_parse(end, &e);
    if (date_cmp(e, s) <= 0) return "撤销日期应晚于成立日期";
    if (date_valid(today) && date_cmp(e, today) > 0) return "撤销日期不能晚于今天";
    if (field) *field = 0;
    return NULL;
}

bool group_meets_in_month(const char *start, const char *end, int members, int year, int month)
{
    struct zdate first = {year, month, 1}, d;
    if (!date_valid(first) || members <= 0) return false;
    struct zdate last = date_month_end(first);
    if (start && start[0] && date_parse(start, &d) && date_cmp(d, first) > 0) return false;
    if (end && end[0] && date_parse(end, &d) && date_cmp(d, last) <= 0) return false;
    return true;
}
