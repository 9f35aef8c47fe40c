/* Unit tests for core/validate.c and the code tables of core/labels.c */
#include <stdio.h>

#include "test.h"
#include "zhibu/util.h"
#include "zhibu/validate.h"

static char MSG[ZB_MSG_MAX]; /* the checks' sentences */

static const struct zdate TODAY = {2026, 3, 15};

/* A complete, acceptable full member. */
static struct member good(void)
{
    struct member m = {0};
    zb_strlcpy(m.name, "张三", sizeof m.name);
    zb_strlcpy(m.gender, "M", sizeof m.gender);
    zb_strlcpy(m.birth_date, "1980-05-06", sizeof m.birth_date);
    zb_strlcpy(m.ethnicity, "汉族", sizeof m.ethnicity);
    zb_strlcpy(m.education, "bachelor", sizeof m.education);
    zb_strlcpy(m.phone, "13800138000", sizeof m.phone);
    zb_strlcpy(m.join_date, "2010-07-01", sizeof m.join_date);
    zb_strlcpy(m.full_date, "2011-07-01", sizeof m.full_date);
    zb_strlcpy(m.status, "full", sizeof m.status);
    zb_strlcpy(m.dues_category, "farmer", sizeof m.dues_category);
    return m;
}

static struct valid_result check(const struct member *m)
{
    return validate_member(m, TODAY, 18, 12);
}

#define EXPECT(m, want_code, want_field)                                       \
    do {                                                                       \
        struct valid_result r_ = check(&(m));                                  \
        CHECK_INT(r_.code, want_code);                                         \
        CHECK_INT(r_.field, want_field);                                       \
    } while (0)

TEST(validate_good_member_passes)
{
    struct member m = good();
    EXPECT(m, V_OK, MF_NONE);
    /* a probationary member without a full date, minimal fields */
    struct member p = {0};
    zb_strlcpy(p.name, "李四", sizeof p.name);
    zb_strlcpy(p.gender, "F", sizeof p.gender);
    zb_strlcpy(p.join_date, "2025-12-01", sizeof p.join_date);
    zb_strlcpy(p.status, "probationary", sizeof p.status);
    zb_strlcpy(p.dues_category, "student", sizeof p.dues_category);
    EXPECT(p, V_OK, MF_NONE);
}

TEST(validate_name_rules)
{
    struct member m = good();
    m.name[0] = '\0';
    EXPECT(m, V_NAME_EMPTY, MF_NAME);
    zb_strlcpy(m.name, " \t\xE3\x80\x80 ", sizeof m.name);
    EXPECT(m, V_NAME_EMPTY, MF_NAME);
    zb_strlcpy(m.name, "张\x07三", sizeof m.name);
    EXPECT(m, V_TEXT_CONTROL, MF_NAME);
    zb_strlcpy(m.name, "张\xFF三", sizeof m.name);
    EXPECT(m, V_TEXT_CONTROL, MF_NAME);
    /* exactly 30 characters (with surrounding spaces trimmed) is accepted, 31 is not */
    char name[TEXT_SHORT] = " ";
    for (int i = 0; i < 30; i++) strcat(name, i % 2 ? "a" : "张");
    strcat(name, " ");
    zb_strlcpy(m.name, name, sizeof m.name);
    EXPECT(m, V_OK, MF_NONE);
    name[strlen(name) - 1] = 'b';
    zb_strlcpy(m.name, name, sizeof m.name);
    EXPECT(m, V_NAME_TOO_LONG, MF_NAME);
}

TEST(validate_name_200_chars)
{
    /* A 200-character name as a user might paste it: it is cut to what the struct holds,
     * and what is left is still far too long. */
    char big[700] = "";
    for (int i = 0; i < 200; i++) strcat(big, "王");
    struct member m = good();
    zb_strlcpy(m.name, big, sizeof m.name);
    EXPECT(m, V_NAME_TOO_LONG, MF_NAME);
    CHECK_STR(validate_message(V_NAME_TOO_LONG), "姓名不能超过30个字");
}

TEST(validate_gender_education_codes)
{
    struct member m = good();
    zb_strlcpy(m.gender, "男", sizeof m.gender);
    EXPECT(m, V_CODE_UNKNOWN, MF_GENDER);
    m = good();
    m.gender[0] = '\0';
    EXPECT(m, V_CODE_UNKNOWN, MF_GENDER);
    m = good();
    zb_strlcpy(m.education, "phd", sizeof m.education);
    EXPECT(m, V_CODE_UNKNOWN, MF_EDUCATION);
    m.education[0] = '\0';
    EXPECT(m, V_OK, MF_NONE);
}

TEST(validate_birth_date)
{
    struct member m = good();
    m.birth_date[0] = '\0';
    EXPECT(m, V_OK, MF_NONE);
    zb_strlcpy(m.birth_date, "1980-02-30", sizeof m.birth_date);
    EXPECT(m, V_DATE_FORMAT, MF_BIRTH);
    zb_strlcpy(m.birth_date, "1980-2-3", sizeof m.birth_date);
    EXPECT(m, V_DATE_FORMAT, MF_BIRTH);
    zb_strlcpy(m.birth_date, "2026-03-16", sizeof m.birth_date);
    EXPECT(m, V_DATE_FUTURE, MF_BIRTH);
    m = good();
    zb_strlcpy(m.ethnicity, "汉\x1b族", sizeof m.ethnicity);
    EXPECT(m, V_TEXT_CONTROL, MF_ETHNICITY);
}

TEST(validate_phone)
{
    struct member m = good();
    m.phone[0] = '\0';
    EXPECT(m, V_OK, MF_NONE);
    zb_strlcpy(m.phone, "1234567", sizeof m.phone);
    EXPECT(m, V_OK, MF_NONE);
    zb_strlcpy(m.phone, "123456789012345", sizeof m.phone);
    EXPECT(m, V_OK, MF_NONE);
    zb_strlcpy(m.phone, "123456", sizeof m.phone);
    EXPECT(m, V_PHONE_DIGITS, MF_PHONE);
    zb_strlcpy(m.phone, "1234567890123456", sizeof m.phone);
    EXPECT(m, V_PHONE_DIGITS, MF_PHONE);
    zb_strlcpy(m.phone, "138-0013-8000", sizeof m.phone);
    EXPECT(m, V_PHONE_DIGITS, MF_PHONE);
    CHECK_STR(validate_message(V_PHONE_DIGITS), "电话只能是7到15位数字");
}

TEST(validate_join_date)
{
    struct member m = good();
    m.join_date[0] = '\0';
    EXPECT(m, V_JOIN_REQUIRED, MF_JOIN);
    zb_strlcpy(m.join_date, "2010-13-01", sizeof m.join_date);
    EXPECT(m, V_DATE_FORMAT, MF_JOIN);
    zb_strlcpy(m.join_date, "2026-03-16", sizeof m.join_date);
    m.full_date[0] = '\0';
    zb_strlcpy(m.status, "probationary", sizeof m.status);
    EXPECT(m, V_DATE_FUTURE, MF_JOIN);
    /* joining today is fine */
    zb_strlcpy(m.join_date, "2026-03-15", sizeof m.join_date);
    EXPECT(m, V_OK, MF_NONE);
}

TEST(validate_min_join_age)
{
    struct member m = good();
    zb_strlcpy(m.birth_date, "1992-07-01", sizeof m.birth_date);
    zb_strlcpy(m.join_date, "2010-07-01", sizeof m.join_date); /* 18th birthday */
    EXPECT(m, V_OK, MF_NONE);
    zb_strlcpy(m.join_date, "2010-06-30", sizeof m.join_date);
    zb_strlcpy(m.full_date, "2011-06-30", sizeof m.full_date);
    EXPECT(m, V_BIRTH_AFTER_JOIN, MF_JOIN);
    /* the age comes from the caller's config */
    struct valid_result r = validate_member(&m, TODAY, 17, 12);
    CHECK_INT(r.code, V_OK);
    CHECK_STR(validate_message_rules(V_BIRTH_AFTER_JOIN, 16, 12, MSG, sizeof MSG), "入党时须年满16岁");
    CHECK_STR(validate_message(V_BIRTH_AFTER_JOIN), "入党时须年满18岁");
}

TEST(validate_full_date_rules)
{
    struct member m = good();
    m.full_date[0] = '\0';
    EXPECT(m, V_FULL_REQUIRED, MF_FULL);
    zb_strlcpy(m.full_date, "2011-7-1", sizeof m.full_date);
    EXPECT(m, V_DATE_FORMAT, MF_FULL);
    zb_strlcpy(m.full_date, "2010-12-31", sizeof m.full_date);
    EXPECT(m, V_FULL_TOO_EARLY, MF_FULL);
    CHECK_STR(validate_message(V_FULL_TOO_EARLY), "转正日期须在入党满一年之后");
    /* a probationary member must not have one */
    m = good();
    zb_strlcpy(m.status, "probationary", sizeof m.status);
    EXPECT(m, V_FULL_NOT_ALLOWED, MF_FULL);
    /* not in the future */
    m = good();
    zb_strlcpy(m.join_date, "2025-03-15", sizeof m.join_date);
    zb_strlcpy(m.full_date, "2026-03-16", sizeof m.full_date);
    EXPECT(m, V_DATE_FUTURE, MF_FULL);
}

TEST(validate_full_date_exact_bound)
{
    struct member m = good();
    zb_strlcpy(m.join_date, "2020-06-15", sizeof m.join_date);
    zb_strlcpy(m.full_date, "2021-06-15", sizeof m.full_date);
    EXPECT(m, V_OK, MF_NONE);
    zb_strlcpy(m.full_date, "2021-06-14", sizeof m.full_date);
    EXPECT(m, V_FULL_TOO_EARLY, MF_FULL);
    /* the probation length comes from the caller */
    struct valid_result r = validate_member(&m, TODAY, 18, 6);
    CHECK_INT(r.code, V_OK);
    CHECK_STR(validate_message_rules(V_FULL_TOO_EARLY, 18, 6, MSG, sizeof MSG), "转正日期须在入党满6个月之后");
}

TEST(validate_join_feb29)
{
    struct member m = good();
    zb_strlcpy(m.join_date, "2024-02-29", sizeof m.join_date);
    /* one year after 29 Feb is 28 Feb of the common year */
    zb_strlcpy(m.full_date, "2025-02-28", sizeof m.full_date);
    EXPECT(m, V_OK, MF_NONE);
    zb_strlcpy(m.full_date, "2025-02-27", sizeof m.full_date);
    EXPECT(m, V_FULL_TOO_EARLY, MF_FULL);
    zb_strlcpy(m.join_date, "2023-02-29", sizeof m.join_date);
    EXPECT(m, V_DATE_FORMAT, MF_JOIN);
}

TEST(validate_coded_fields)
{
    struct member m = good();
    zb_strlcpy(m.status, "formal", sizeof m.status);
    EXPECT(m, V_CODE_UNKNOWN, MF_STATUS);
    m = good();
    zb_strlcpy(m.dues_category, "", sizeof m.dues_category);
    EXPECT(m, V_CODE_UNKNOWN, MF_DUES);
    m = good();
    zb_strlcpy(m.office, "boss", sizeof m.office);
    EXPECT(m, V_CODE_UNKNOWN, MF_OFFICE);
    zb_strlcpy(m.office, "secretary", sizeof m.office);
    EXPECT(m, V_OK, MF_NONE);
    zb_strlcpy(m.leave_status, "gone", sizeof m.leave_status);
    EXPECT(m, V_CODE_UNKNOWN, MF_LEAVE_STATUS);
}

TEST(validate_leave_rules)
{
    struct member m = good();
    zb_strlcpy(m.leave_status, "transferred", sizeof m.leave_status);
    EXPECT(m, V_LEAVE_DATE_REQUIRED, MF_LEAVE_DATE);
    zb_strlcpy(m.leave_date, "2026-02-30", sizeof m.leave_date);
    EXPECT(m, V_DATE_FORMAT, MF_LEAVE_DATE);
    zb_strlcpy(m.leave_date, "2026-04-01", sizeof m.leave_date);
    EXPECT(m, V_DATE_FUTURE, MF_LEAVE_DATE);
    zb_strlcpy(m.leave_date, "2010-06-30", sizeof m.leave_date);
    EXPECT(m, V_LEAVE_BEFORE_JOIN, MF_LEAVE_DATE);
    zb_strlcpy(m.leave_date, "2026-03-01", sizeof m.leave_date);
    EXPECT(m, V_LEAVE_REASON_REQUIRED, MF_LEAVE_REASON);
    zb_strlcpy(m.leave_reason, "  \xE3\x80\x80", sizeof m.leave_reason);
    EXPECT(m, V_LEAVE_REASON_REQUIRED, MF_LEAVE_REASON);
    zb_strlcpy(m.leave_reason, "工作调动，转至县城关镇党委", sizeof m.leave_reason);
    EXPECT(m, V_OK, MF_NONE);
    /* the join date itself is an acceptable leave date */
    zb_strlcpy(m.leave_date, "2010-07-01", sizeof m.leave_date);
    EXPECT(m, V_OK, MF_NONE);
}

TEST(validate_note_controls)
{
    struct member m = good();
    zb_strlcpy(m.note, "第一行\n第二行", sizeof m.note);
    EXPECT(m, V_OK, MF_NONE);
    zb_strlcpy(m.note, "响铃\x07", sizeof m.note);
    EXPECT(m, V_TEXT_CONTROL, MF_NOTE);
    m = good();
    zb_strlcpy(m.leave_reason, "a\x01", sizeof m.leave_reason);
    EXPECT(m, V_TEXT_CONTROL, MF_LEAVE_REASON);
}

TEST(validate_date_text_cases)
{
    CHECK_INT(validate_date_text("", false, TODAY), V_OK);
    CHECK_INT(validate_date_text("", true, TODAY), V_DATE_FORMAT);
    CHECK_INT(validate_date_text("2026-03-15", true, TODAY), V_OK);
    CHECK_INT(validate_date_text("2026-03-16", true, TODAY), V_DATE_FUTURE);
    CHECK_INT(validate_date_text("2026-03-15 ", true, TODAY), V_DATE_FORMAT);
    CHECK_STR(validate_message(V_DATE_FORMAT), "日期格式应为 YYYY-MM-DD，且须是真实日期");
    CHECK_STR(validate_message(V_DATE_FUTURE), "日期不能晚于今天");
}

/* A member's impossible date is named ("2026年2月没有30日") whichever date field holds it. */
TEST(validate_member_message_names_the_missing_day)
{
    struct member m = good();
    strcpy(m.birth_date, "1990-02-30");
    struct valid_result vr = validate_member(&m, TODAY, 18, 12);
    CHECK_INT(vr.code, V_DATE_FORMAT);
    CHECK_INT(vr.field, MF_BIRTH);
    CHECK_STR(validate_member_message(&m, vr, 18, 12, MSG, sizeof MSG), "1990年2月没有30日");
    m = good();
    strcpy(m.join_date, "2019-13-01");
    vr = validate_member(&m, TODAY, 18, 12);
    CHECK_INT(vr.field, MF_JOIN);
    CHECK_STR(validate_member_message(&m, vr, 18, 12, MSG, sizeof MSG), "没有13月：月份应为 01 到 12");
    m = good();
    strcpy(m.join_date, "2019/01/01");
    vr = validate_member(&m, TODAY, 18, 12);
    CHECK_STR(validate_member_message(&m, vr, 18, 12, MSG, sizeof MSG), "日期格式应为 YYYY-MM-DD（如 2026-03-05）");
    /* other problems keep their sentences, with the configured numbers */
    m = good();
    strcpy(m.birth_date, "2005-01-01");
    vr = validate_member(&m, TODAY, 18, 12);
    CHECK_INT(vr.code, V_BIRTH_AFTER_JOIN);
    CHECK_STR(validate_member_message(&m, vr, 16, 12, MSG, sizeof MSG), "入党时须年满16岁");
    CHECK_STR(validate_date_message("2026-02-30", V_DATE_FORMAT, MSG, sizeof MSG), "2026年2月没有30日");
    CHECK_STR(validate_date_message("", V_DATE_FORMAT, MSG, sizeof MSG), "日期格式应为 YYYY-MM-DD，且须是真实日期");
    CHECK_STR(validate_date_message("2027-01-01", V_DATE_FUTURE, MSG, sizeof MSG), "日期不能晚于今天");
}

TEST(validate_messages_and_labels)
{
    CHECK_STR(validate_message(V_NAME_EMPTY), "姓名不能为空");
    CHECK_STR(validate_message(V_OK), "");
    CHECK_STR(validate_message((enum valid_code)999), "");
    /* every code has a sentence */
    for (int c = V_NAME_EMPTY; c <= V_TEXT_TOO_LONG; c++) CHECK(validate_message(c)[0] != '\0');
    const char *want[] = {"", "姓名", "性别", "出生日期", "民族", "学历", "电话", "入党日期",
                          "转正日期", "党籍状态", "党费类别", "职务", "党小组", "离开名册方式",
                          "离开日期", "离开原因", "备注"};
    for (int f = MF_NONE; f <= MF_NOTE; f++) CHECK_STR(validate_field_label(f), want[f]);
    CHECK_STR(validate_field_label((enum member_field)99), "");
}

TEST(labels_tables)
{
    CHECK_INT(code_count(BRANCH_TYPES), 7);
    CHECK_INT(code_count(GENDERS), 2);
    CHECK_INT(code_count(MEMBER_STATUSES), 2);
    CHECK_INT(code_count(DUES_CATEGORIES), 6);
    CHECK_INT(code_count(OFFICES), 7);
    CHECK_INT(code_count(LEAVE_STATUSES), 5);
    CHECK_INT(code_count(EDUCATIONS), 8);
    CHECK_STR(code_label_of(BRANCH_TYPES, "private"), "非公企业");
    CHECK_STR(code_label_of(MEMBER_STATUSES, "probationary"), "预备党员");
    CHECK_STR(code_label_of(DUES_CATEGORIES, "lowincome"), "低保");
    CHECK_STR(code_label_of(OFFICES, ""), "无");
    CHECK_STR(code_label_of(OFFICES, "discipline"), "纪检委员");
    CHECK_STR(code_label_of(LEAVE_STATUSES, ""), "在册");
    CHECK_STR(code_label_of(LEAVE_STATUSES, "suspended"), "停止党籍");
    CHECK_STR(code_label_of(EDUCATIONS, "vocational"), "中专");
    CHECK_STR(code_label_of(GENDERS, "F"), "女");
    /* unknown codes show as themselves; "" without a "" entry shows as "" */
    CHECK_STR(code_label_of(EDUCATIONS, "phd"), "phd");
    CHECK_STR(code_label_of(EDUCATIONS, ""), "");
    CHECK_STR(code_label_of(GENDERS, NULL), "");
    CHECK_INT(code_index(OFFICES, ""), 0);
    CHECK_INT(code_index(OFFICES, "committee"), 6);
    CHECK_INT(code_index(GENDERS, ""), -1);
    CHECK_INT(code_index(GENDERS, "m"), -1);
    CHECK_STR(code_of_label(EDUCATIONS, "本科"), "bachelor");
    CHECK_STR(code_of_label(EDUCATIONS, "bachelor"), "bachelor");
    CHECK_STR(code_of_label(OFFICES, "无"), "");
    CHECK(code_of_label(EDUCATIONS, "博士后") == NULL);
    CHECK(code_of_label(EDUCATIONS, NULL) == NULL);
}

/* Two sentences asked in a row keep their own text (each in its caller's buffer; a static
 * buffer would have the second call overwrite the first). */
TEST(validate_messages_two_calls_keep_their_messages)
{
    char b1[ZB_MSG_MAX], b2[ZB_MSG_MAX];
    const char *m1 = validate_message_rules(V_BIRTH_AFTER_JOIN, 16, 12, b1, sizeof b1);
    const char *m2 = validate_message_rules(V_FULL_TOO_EARLY, 18, 6, b2, sizeof b2);
    CHECK_STR(m1, "入党时须年满16岁");
    CHECK_STR(m2, "转正日期须在入党满6个月之后");

    m1 = validate_date_message("2026-02-30", V_DATE_FORMAT, b1, sizeof b1);
    m2 = validate_date_message("2026-04-31", V_DATE_FORMAT, b2, sizeof b2);
    CHECK_STR(m1, "2026年2月没有30日");
    CHECK_STR(m2, "2026年4月没有31日");

    struct member a = good(), b = good();
    strcpy(a.birth_date, "1990-02-30");
    strcpy(b.join_date, "2019-13-01");
    struct valid_result va = validate_member(&a, TODAY, 18, 12), vb = validate_member(&b, TODAY, 18, 12);
    m1 = validate_member_message(&a, va, 18, 12, b1, sizeof b1);
    m2 = validate_member_message(&b, vb, 18, 12, b2, sizeof b2);
    CHECK_STR(m1, "1990年2月没有30日");
    CHECK_STR(m2, "没有13月：月份应为 01 到 12");
}
