#include <string.h>

#include "test.h"
#include "zhibu/branch_rules.h"
#include "zhibu/util.h"

static struct branch good(void)
{
    struct branch b = {0};
    zb_strlcpy(b.code, "1101010001", sizeof b.code);
    zb_strlcpy(b.name, "红旗村党支部", sizeof b.name);
    zb_strlcpy(b.type, "rural", sizeof b.type);
    zb_strlcpy(b.theme_day, "15", sizeof b.theme_day);
    return b;
}

TEST(branch_rules_accepts_good_branch)
{
    struct branch b = good();
    enum branch_field f;
    CHECK(branch_check(&b, &f) == NULL);
    CHECK_INT(f, BF_NONE);
    b.theme_day[0] = '\0';
    CHECK(branch_check(&b, &f) == NULL);
}

TEST(branch_rules_refuses_bad_fields)
{
    enum branch_field f;
    struct branch b = good();
    b.code[0] = '\0';
    CHECK_STR(branch_check(&b, &f), "组织代码不能为空");
    CHECK_INT(f, BF_CODE);
    b = good();
    zb_strlcpy(b.code, "11 01", sizeof b.code);
    CHECK(branch_check(&b, &f) != NULL);
    CHECK_INT(f, BF_CODE);
    b = good();
    b.name[0] = '\0';
    CHECK_STR(branch_check(&b, &f), "支部名称不能为空");
    CHECK_INT(f, BF_NAME);
    b = good();
    zb_strlcpy(b.name, "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一", sizeof b.name);
    CHECK(branch_check(&b, &f) != NULL);
    CHECK_INT(f, BF_NAME);
    b = good();
    zb_strlcpy(b.type, "village", sizeof b.type);
    CHECK_STR(branch_check(&b, &f), "请选择支部类型");
    b = good();
    zb_strlcpy(b.theme_day, "29", sizeof b.theme_day);
    CHECK(branch_check(&b, &f) != NULL);
    CHECK_INT(f, BF_THEME_DAY);
    zb_strlcpy(b.theme_day, "0", sizeof b.theme_day);
    CHECK(branch_check(&b, &f) != NULL);
    zb_strlcpy(b.theme_day, "1x", sizeof b.theme_day);
    CHECK(branch_check(&b, &f) != NULL);
    zb_strlcpy(b.theme_day, "28", sizeof b.theme_day);
    CHECK(branch_check(&b, &f) == NULL);
}

TEST(branch_rules_group_names)
{
    CHECK(group_name_check("第一党小组") == NULL);
    CHECK_STR(group_name_check(""), "党小组名称不能为空");
    CHECK(group_name_check("一二三四五六七八九十一二三四五六七八九十一") != NULL);
    CHECK(group_name_check("第一\t小组") != NULL);
}
