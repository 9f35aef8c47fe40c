/* row_rules.c — the rule of every column that travels between offices (see row_rules.h). */
#include "zhibu/row_rules.h"

#include <stdio.h>
#include <string.h>

#include "zhibu/audit.h"
#include "zhibu/branch_rules.h"
#include "zhibu/dues.h"
#include "zhibu/posts.h"
#include "zhibu/text.h"
#include "zhibu/util.h"

const struct code_label DUES_ADJUST_KINDS[] = {
    {"waive", "免交"}, {"reduce", "减交"}, {"defer", "缓交"}, {NULL, NULL},
};
const struct code_label TRANSFER_DIRECTIONS[] = {
    {"out", "转出"}, {"in", "转入"}, {NULL, NULL},
};
const struct code_label PROBATION_DECISIONS[] = {
    {"extend", "延长预备期"}, {"cancel", "取消预备党员资格"}, {NULL, NULL},
};
const struct code_label HOLDING_HOWS[] = {
    {"claim", "认领"}, {"recommend", "推荐"}, {NULL, NULL},
};
const struct code_label VERDICT_ITEMS[] = {
    {"meetings", "三会一课"}, {"theme_day", "主题党日"}, {"records", "记录规范"},
    {"members", "党员管理"},  {"dues", "党费收缴"},      {"posts", "设岗定责"},
    {"overall", "总评"},      {NULL, NULL},
};

/* Sizes of the store's structs (the typed path cannot hold more): a field of char[N] holds
 * N - 1 bytes. */
#define FITS(n) ((size_t)(n) - 1)
#define LOGIN_BYTES FITS(64)     /* created_by, voided_by, done_by ...: char[64] */
#define REASON_BYTES FITS(512)   /* void reasons: struct meeting.void_reason[512] */

/* the masks a meeting's kind list and missing elements can hold */
#define ALL_KINDS ((1ll << MK_COUNT) - 1)
#define ALL_ELEMENTS ((long long)ME_GROUP * 2 - 1)

/* Shorthands for the table below. */
#define STAMPS(t)                                                                             \
    {t, "created_at", "创建时间", CK_STAMP, 0, 0, 0, 0, NULL},                                \
        {t, "created_by", "创建人", CK_TEXT, 0, 0, 0, LOGIN_BYTES, NULL},                      \
        {t, "updated_at", "修改时间", CK_STAMP, 0, 0, 0, 0, NULL}
#define STAMPS_NOBY(t)                                                                        \
    {t, "created_at", "创建时间", CK_STAMP, 0, 0, 0, 0, NULL},                                \
        {t, "updated_at", "修改时间", CK_STAMP, 0, 0, 0, 0, NULL}
#define VOIDED(t)                                                                             \
    {t, "voided_at", "作废时间", CK_STAMP, CR_NULL, 0, 0, 0, NULL},                           \
        {t, "void_reason", "作废原因", CK_NOTE, CR_NULL, 0, 0, REASON_BYTES, NULL},            \
        {t, "voided_by", "作废人", CK_TEXT, CR_NULL, 0, 0, LOGIN_BYTES, NULL}
#define REF(t, c, label) {t, c, label, CK_REF, 0, 0, 0, 0, NULL}
#define REF_NULL(t, c, label) {t, c, label, CK_REF, CR_NULL, 0, 0, 0, NULL}
#define CODE(t, c, label, codes) {t, c, label, CK_CODE, 0, 0, 0, 0, codes}
#define FLAG(t, c, label) {t, c, label, CK_INT, 0, 0, 1, 0, NULL}
#define COUNT(t, c, label) {t, c, label, CK_COUNT, 0, 0, 0, 0, NULL}

/* spot_check.result (store_district.h spot_check_result_label) */
static const struct code_label SPOT_RESULTS[] = {
    {"consistent", "一致"},
    {"issues", "发现问题"},
    {NULL, NULL},
};

static const struct col_rule RULES[] = {
    /* branch: branch_check (branch_rules.c) */
    {"branch", "code", "组织代码", CK_TEXT, CR_REQUIRED, 0, BRANCH_CODE_MAX, 0, NULL},
    {"branch", "name", "支部名称", CK_TEXT, CR_REQUIRED, 0, BRANCH_NAME_MAX, 0, NULL},
    CODE("branch", "type", "支部类型", BRANCH_TYPES),
    REF_NULL("branch", "parent_id", "上级党组织"),
    {"branch", "theme_day", "主题党日", CK_TEXT, 0, 0, 2, 0, NULL},
    STAMPS("branch"),
    {"branch", "dues_start", "党费台账起始月份", CK_MONTH, CR_NULL, 0, 0, 0, NULL},

    /* party_group: group_name_check, group_dates_check */
    REF("party_group", "branch_id", "所属支部"),
    {"party_group", "name", "党小组名称", CK_TEXT, CR_REQUIRED, 0, GROUP_NAME_MAX, 0, NULL},
    REF_NULL("party_group", "leader_id", "组长"),
    {"party_group", "start_date", "成立日期", CK_DATE, 0, 0, 0, 0, NULL},
    {"party_group", "end_date", "撤销日期", CK_DATE, 0, 0, 0, 0, NULL},
    {"party_group", "voided_at", "撤销时间", CK_STAMP, CR_NULL, 0, 0, 0, NULL},
    {"party_group", "void_reason", "撤销原因", CK_NOTE, CR_NULL, 0, 0, REASON_BYTES, NULL},
    STAMPS("party_group"),

    /* member: validate_member (validate.c) on the whole record */
    REF("member", "branch_id", "所属支部"),
    REF_NULL("member", "group_id", "党小组"),
    {"member", "name", "姓名", CK_TEXT, CR_REQUIRED, 0, NAME_MAX_CHARS, FITS(TEXT_SHORT), NULL},
    CODE("member", "gender", "性别", GENDERS),
    {"member", "birth_date", "出生日期", CK_DATE, 0, 0, 0, 0, NULL},
    {"member", "ethnicity", "民族", CK_TEXT, 0, 0, 0, FITS(32), NULL},
    {"member", "education", "学历", CK_CODE, CR_EMPTY, 0, 0, 0, EDUCATIONS},
    {"member", "phone", "电话", CK_TEXT, 0, 0, 0, FITS(24), NULL},
    {"member", "join_date", "入党日期", CK_DATE, CR_REQUIRED, 0, 0, 0, NULL},
    {"member", "full_date", "转正日期", CK_DATE, 0, 0, 0, 0, NULL},
    CODE("member", "status", "党籍状态", MEMBER_STATUSES),
    CODE("member", "dues_category", "党费类别", DUES_CATEGORIES),
    CODE("member", "office", "职务", OFFICES),
    FLAG("member", "mobile", "流动党员"),
    CODE("member", "leave_status", "离开名册方式", LEAVE_STATUSES),
    {"member", "leave_date", "离开日期", CK_DATE, 0, 0, 0, 0, NULL},
    {"member", "leave_reason", "离开原因", CK_NOTE, 0, 0, 0, FITS(TEXT_LONG), NULL},
    {"member", "note", "备注", CK_NOTE, 0, 0, 0, FITS(TEXT_LONG), NULL},
    STAMPS("member"),
    REF_NULL("member", "full_meeting_id", "批准转正的会议"),
    {"member", "category", "人员类别", CK_CODE, CR_EMPTY, 0, 0, 0, MEMBER_CATEGORIES},

    /* meeting_plan */
    REF("meeting_plan", "branch_id", "所属支部"),
    CODE("meeting_plan", "kind", "会议类型", MEETING_KINDS),
    REF_NULL("meeting_plan", "group_id", "党小组"),
    {"meeting_plan", "date", "计划日期", CK_DATE_ANY, CR_REQUIRED, 0, 0, 0, NULL},
    {"meeting_plan", "topic", "议题", CK_TEXT, 0, 0, 0, FITS(TEXT_SHORT * 2), NULL},
    REF_NULL("meeting_plan", "meeting_id", "会议记录"),
    VOIDED("meeting_plan"),
    STAMPS("meeting_plan"),

    /* meeting: meeting_check (meeting.c) and row_check_meeting_counts on the whole record */
    REF("meeting", "branch_id", "所属支部"),
    REF_NULL("meeting", "group_id", "党小组"),
    CODE("meeting", "kind", "会议类型", MEETING_KINDS),
    {"meeting", "also_mask", "同时计为", CK_INT, 0, 0, ALL_KINDS, 0, NULL},
    {"meeting", "date", "会议日期", CK_DATE, CR_REQUIRED, 0, 0, 0, NULL},
    {"meeting", "start_time", "开始时间", CK_TIME, 0, 0, 0, 0, NULL},
    {"meeting", "end_time", "结束时间", CK_TIME, 0, 0, 0, 0, NULL},
    {"meeting", "place", "地点", CK_TEXT, 0, 0, MEETING_PLACE_MAX, FITS(256), NULL},
    REF_NULL("meeting", "host_id", "主持人"),
    REF_NULL("meeting", "recorder_id", "记录人"),
    REF_NULL("meeting", "lecturer_id", "主讲人"),
    {"meeting", "lecturer_name", "主讲人", CK_TEXT, 0, 0, NAME_MAX_CHARS, FITS(TEXT_SHORT), NULL},
    FLAG("meeting", "election", "选举"),
    {"meeting", "observers", "列席人员", CK_NOTE, 0, 0, MEETING_OBSERVERS_MAX, FITS(1024), NULL},
    FLAG("meeting", "no_resolutions", "无表决事项"),
    REF_NULL("meeting", "plan_id", "会议计划"),
    COUNT("meeting", "expected", "应到人数"),
    COUNT("meeting", "present", "实到人数"),
    COUNT("meeting", "on_leave", "请假人数"),
    COUNT("meeting", "absent", "缺席人数"),
    COUNT("meeting", "voting_expected", "应到有表决权人数"),
    COUNT("meeting", "voting_present", "实到有表决权人数"),
    {"meeting", "quorum", "是否达到法定人数", CK_INT, 0, QUORUM_NA, QUORUM_NOT_MET, 0, NULL},
    {"meeting", "missing_mask", "缺少的要素", CK_INT, 0, 0, ALL_ELEMENTS, 0, NULL},
    STAMPS("meeting"),
    VOIDED("meeting"),
    {"meeting", "topics", "议题", CK_NOTE, 0, 0, MEETING_TOPICS_MAX, 0, NULL},
    {"meeting", "minutes", "会议内容", CK_NOTE, 0, 0, MEETING_MINUTES_MAX, 0, NULL},

    /* meeting_attendance, meeting_resolution: also through their meeting's meeting_check */
    REF("meeting_attendance", "meeting_id", "会议"),
    REF("meeting_attendance", "member_id", "党员"),
    FLAG("meeting_attendance", "voting", "有表决权"),
    CODE("meeting_attendance", "mark", "出席情况", ATTEND_MARKS),
    {"meeting_attendance", "reason", "原因", CK_TEXT, 0, 0, 0, FITS(256), NULL},
    FLAG("meeting_attendance", "excused", "经批准请假"),
    COUNT("meeting_attendance", "seq", "序号"),
    STAMPS_NOBY("meeting_attendance"),
    REF("meeting_resolution", "meeting_id", "会议"),
    COUNT("meeting_resolution", "seq", "序号"),
    {"meeting_resolution", "text", "决议事项", CK_NOTE, 0, 0, 0, FITS(512), NULL},
    COUNT("meeting_resolution", "votes_for", "赞成票"),
    COUNT("meeting_resolution", "votes_against", "反对票"),
    COUNT("meeting_resolution", "votes_abstain", "弃权票"),
    STAMPS_NOBY("meeting_resolution"),

    /* dues: dues_check_basis, dues_check_adjust, dues_check_entry, dues_check_allocations */
    REF("dues_basis", "member_id", "党员"),
    {"dues_basis", "from_month", "起始月份", CK_MONTH, CR_REQUIRED, 0, 0, 0, NULL},
    CODE("dues_basis", "category", "党费类别", DUES_CATEGORIES),
    {"dues_basis", "base_fen", "缴纳基数", CK_INT, 0, 0, DUES_MAX_AMOUNT, 0, NULL},
    {"dues_basis", "note", "备注", CK_NOTE, 0, 0, 0, FITS(TEXT_LONG), NULL},
    STAMPS("dues_basis"),
    REF("dues_adjust", "member_id", "党员"),
    {"dues_adjust", "from_month", "起始月份", CK_MONTH, CR_REQUIRED, 0, 0, 0, NULL},
    {"dues_adjust", "to_month", "截止月份", CK_MONTH, CR_REQUIRED, 0, 0, 0, NULL},
    CODE("dues_adjust", "kind", "减免类别", DUES_ADJUST_KINDS),
    {"dues_adjust", "amount", "减交后金额", CK_INT, 0, 0, DUES_MAX_AMOUNT, 0, NULL},
    {"dues_adjust", "approved_by", "批准人", CK_TEXT, CR_REQUIRED, 0, 0, FITS(TEXT_SHORT), NULL},
    {"dues_adjust", "reason", "原因", CK_NOTE, CR_REQUIRED, 0, 0, FITS(256), NULL},
    VOIDED("dues_adjust"),
    STAMPS("dues_adjust"),
    REF("dues_payment", "member_id", "党员"),
    REF("dues_payment", "branch_id", "所属支部"),
    {"dues_payment", "paid_date", "交费日期", CK_DATE, CR_REQUIRED, 0, 0, 0, NULL},
    {"dues_payment", "receipt_no", "收据编号", CK_TEXT, 0, 0, 0, FITS(32), NULL},
    {"dues_payment", "from_month", "起始月份", CK_MONTH, CR_REQUIRED, 0, 0, 0, NULL},
    {"dues_payment", "to_month", "截止月份", CK_MONTH, CR_REQUIRED, 0, 0, 0, NULL},
    {"dues_payment", "amount", "金额", CK_INT, 0, 1, DUES_MAX_AMOUNT, 0, NULL},
    {"dues_payment", "note", "备注", CK_NOTE, 0, 0, 0, FITS(256), NULL},
    STAMPS("dues_payment"),
    VOIDED("dues_payment"),
    REF("dues_allocation", "payment_id", "交费记录"),
    {"dues_allocation", "month", "月份", CK_MONTH, CR_REQUIRED, 0, 0, 0, NULL},
    {"dues_allocation", "amount", "金额", CK_INT, 0, 1, DUES_MAX_AMOUNT, 0, NULL},
    STAMPS_NOBY("dues_allocation"),

    /* members over time */
    REF("member_mobile", "member_id", "党员"),
    {"member_mobile", "destination", "外出地点", CK_TEXT, 0, 0, 0, FITS(TEXT_SHORT), NULL},
    {"member_mobile", "since", "外出日期", CK_DATE, 0, 0, 0, 0, NULL},
    {"member_mobile", "card_no", "活动证编号", CK_TEXT, 0, 0, 0, FITS(32), NULL},
    {"member_mobile", "contact_person", "联系人", CK_TEXT, 0, 0, 0, FITS(TEXT_SHORT), NULL},
    {"member_mobile", "contact_phone", "联系电话", CK_TEXT, 0, 0, 0, FITS(24), NULL},
    {"member_mobile", "ended_at", "返回日期", CK_DAY_STAMP, CR_NULL, 0, 0, 0, NULL},
    STAMPS("member_mobile"),
    REF("mobile_contact", "member_id", "党员"),
    {"mobile_contact", "date", "联系日期", CK_DATE, CR_REQUIRED, 0, 0, 0, NULL},
    {"mobile_contact", "way", "联系方式", CK_TEXT, 0, 0, 0, FITS(16), NULL},
    {"mobile_contact", "note", "情况", CK_NOTE, 0, 0, 0, FITS(256), NULL},
    STAMPS("mobile_contact"),
    REF("member_transfer", "member_id", "党员"),
    CODE("member_transfer", "direction", "转出或转入", TRANSFER_DIRECTIONS),
    {"member_transfer", "date", "转接日期", CK_DATE, CR_REQUIRED, 0, 0, 0, NULL},
    {"member_transfer", "place", "党组织", CK_TEXT, 0, 0, 0, FITS(TEXT_SHORT), NULL},
    {"member_transfer", "letter_no", "介绍信编号", CK_TEXT, 0, 0, 0, FITS(32), NULL},
    {"member_transfer", "dues_paid_through", "党费交至", CK_MONTH, 0, 0, 0, 0, NULL},
    {"member_transfer", "note", "备注", CK_NOTE, 0, 0, 0, FITS(256), NULL},
    STAMPS("member_transfer"),
    /* probation_decision: probation_decision_check (lifecycle.c) */
    REF("probation_decision", "member_id", "党员"),
    CODE("probation_decision", "kind", "预备期决定", PROBATION_DECISIONS),
    {"probation_decision", "date", "决定日期", CK_DATE, CR_REQUIRED, 0, 0, 0, NULL},
    REF_NULL("probation_decision", "meeting_id", "作出决定的会议"),
    {"probation_decision", "until", "预备期延长至", CK_DATE_ANY, 0, 0, 0, 0, NULL},
    {"probation_decision", "reason", "原因", CK_NOTE, 0, 0, 0, FITS(256), NULL},
    STAMPS("probation_decision"),

    /* issue 19 (people_schema.h); the rules tying rows together are in the pipeline's,
     * appraisal's, committee's and remittance's checks */
    REF("candidate", "branch_id", "所属支部"),
    {"candidate", "name", "姓名", CK_TEXT, CR_REQUIRED, 0, NAME_MAX_CHARS, FITS(TEXT_SHORT), NULL},
    CODE("candidate", "gender", "性别", GENDERS),
    {"candidate", "birth_date", "出生日期", CK_DATE, 0, 0, 0, 0, NULL},
    {"candidate", "ethnicity", "民族", CK_TEXT, 0, 0, 0, FITS(32), NULL},
    {"candidate", "education", "学历", CK_CODE, CR_EMPTY, 0, 0, 0, EDUCATIONS},
    CODE("candidate", "category", "人员类别", MEMBER_CATEGORIES),
    {"candidate", "phone", "电话", CK_TEXT, 0, 0, 0, FITS(24), NULL},
    CODE("candidate", "stage", "发展阶段", CANDIDATE_STAGES),
    REF_NULL("candidate", "member_id", "党员"),
    {"candidate", "note", "备注", CK_NOTE, 0, 0, 0, PEOPLE_NOTE_BYTES, NULL},
    VOIDED("candidate"),
    STAMPS("candidate"),
    REF("candidate_step", "candidate_id", "发展党员对象"),
    CODE("candidate_step", "kind", "发展步骤", CANDIDATE_STEPS),
    {"candidate_step", "date", "日期", CK_DATE, CR_REQUIRED, 0, 0, 0, NULL},
    REF_NULL("candidate_step", "meeting_id", "会议"),
    REF_NULL("candidate_step", "person_id", "谈话人或培养联系人"),
    REF_NULL("candidate_step", "person2_id", "培养联系人"),
    COUNT("candidate_step", "votes_for", "赞成票"),
    COUNT("candidate_step", "votes_against", "反对票"),
    COUNT("candidate_step", "votes_abstain", "弃权票"),
    {"candidate_step", "note", "情况", CK_NOTE, 0, 0, 0, PEOPLE_NOTE_BYTES, NULL},
    VOIDED("candidate_step"),
    STAMPS("candidate_step"),
    REF("appraisal_result", "meeting_id", "民主评议会议"),
    REF("appraisal_result", "member_id", "党员"),
    CODE("appraisal_result", "result", "评议结果", APPRAISAL_RESULTS),
    CODE("appraisal_result", "follow_up", "组织处置", APPRAISAL_FOLLOW_UPS),
    {"appraisal_result", "follow_up_date", "处置日期", CK_DATE, 0, 0, 0, 0, NULL},
    {"appraisal_result", "follow_up_note", "处置情况", CK_NOTE, 0, 0, 0, PEOPLE_NOTE_BYTES, NULL},
    STAMPS("appraisal_result"),
    REF("committee_term", "branch_id", "所属支部"),
    {"committee_term", "elected_date", "选举日期", CK_DATE, CR_REQUIRED, 0, 0, 0, NULL},
    {"committee_term", "term_years", "任期（年）", CK_INT, 0, 1, 10, 0, NULL},
    REF_NULL("committee_term", "meeting_id", "选举会议"),
    {"committee_term", "note", "备注", CK_NOTE, 0, 0, 0, PEOPLE_NOTE_BYTES, NULL},
    VOIDED("committee_term"),
    STAMPS("committee_term"),
    REF("office_term", "member_id", "党员"),
    {"office_term", "office", "职务", CK_CODE, CR_REQUIRED, 0, 0, 0, OFFICES},
    {"office_term", "from_date", "任职日期", CK_DATE, 0, 0, 0, 0, NULL},
    {"office_term", "to_date", "免职日期", CK_DATE, 0, 0, 0, 0, NULL},
    REF_NULL("office_term", "term_id", "届次"),
    STAMPS("office_term"),
    REF("dues_remittance", "branch_id", "所属支部"),
    {"dues_remittance", "date", "上缴日期", CK_DATE, CR_REQUIRED, 0, 0, 0, NULL},
    {"dues_remittance", "from_month", "起始月份", CK_MONTH, CR_REQUIRED, 0, 0, 0, NULL},
    {"dues_remittance", "to_month", "截止月份", CK_MONTH, CR_REQUIRED, 0, 0, 0, NULL},
    {"dues_remittance", "amount_fen", "上缴金额", CK_INT, 0, 0, DUES_MAX_AMOUNT, 0, NULL},
    {"dues_remittance", "receipt", "收据编号", CK_TEXT, 0, 0, 0, REMIT_RECEIPT_BYTES, NULL},
    {"dues_remittance", "note", "备注", CK_NOTE, 0, 0, 0, PEOPLE_NOTE_BYTES, NULL},
    VOIDED("dues_remittance"),
    STAMPS("dues_remittance"),

    /* posts: post_check_post, post_check_claim, post_check_report, post_check_review */
    REF("post", "branch_id", "所属支部"),
    {"post", "category", "类别", CK_TEXT, 0, 0, 20, FITS(64), NULL},
    {"post", "name", "岗位名称", CK_TEXT, CR_REQUIRED, 0, 20, FITS(64), NULL},
    {"post", "duties", "岗位职责", CK_NOTE, 0, 0, 1000, 0, NULL},
    {"post", "wanted", "需要人数", CK_INT, 0, 1, 99, 0, NULL},
    {"post", "active_from", "开始日期", CK_DATE_ANY, 0, 0, 0, 0, NULL},
    {"post", "active_to", "停止日期", CK_DATE_ANY, 0, 0, 0, 0, NULL},
    VOIDED("post"),
    STAMPS("post"),
    REF("post_holding", "post_id", "岗位"),
    REF("post_holding", "member_id", "党员"),
    CODE("post_holding", "how", "认领方式", HOLDING_HOWS),
    {"post_holding", "claimed", "认领日期", CK_DATE, CR_REQUIRED, 0, 0, 0, NULL},
    {"post_holding", "pledge", "承诺", CK_NOTE, 0, 0, 200, FITS(600), NULL},
    {"post_holding", "noticed", "公示日期", CK_DATE, 0, 0, 0, 0, NULL},
    {"post_holding", "ended", "卸任日期", CK_DATE, 0, 0, 0, 0, NULL},
    {"post_holding", "end_reason", "卸任原因", CK_NOTE, 0, 0, 0, FITS(256), NULL},
    STAMPS("post_holding"),
    REF("post_report", "holding_id", "岗位认领"),
    {"post_report", "date", "汇报日期", CK_DATE, CR_REQUIRED, 0, 0, 0, NULL},
    {"post_report", "venue", "汇报场合", CK_TEXT, 0, 0, 0, FITS(TEXT_SHORT), NULL},
    {"post_report", "content", "汇报内容", CK_NOTE, CR_REQUIRED, 0, 2000, 0, NULL},
    REF_NULL("post_report", "meeting_id", "会议"),
    STAMPS("post_report"),
    REF("post_review", "holding_id", "岗位认领"),
    {"post_review", "period_start", "评议期间开始", CK_DATE, CR_REQUIRED, 0, 0, 0, NULL},
    {"post_review", "period_end", "评议期间截止", CK_DATE_ANY, CR_REQUIRED, 0, 0, 0, NULL},
    CODE("post_review", "rating", "评议等次", POST_RATINGS),
    {"post_review", "comment", "评议意见", CK_NOTE, 0, 0, 0, FITS(600), NULL},
    {"post_review", "date", "评议日期", CK_DATE, CR_REQUIRED, 0, 0, 0, NULL},
    {"post_review", "reward", "考核奖励", CK_TEXT, 0, 0, 0, FITS(256), NULL},
    STAMPS("post_review"),
    REF("post_excuse", "member_id", "党员"),
    {"post_excuse", "reason", "原因", CK_NOTE, CR_REQUIRED, 0, 0, FITS(256), NULL},
    {"post_excuse", "since", "起始日期", CK_DATE, 0, 0, 0, 0, NULL},
    {"post_excuse", "ended_at", "结束时间", CK_DAY_STAMP, CR_NULL, 0, 0, 0, NULL},
    STAMPS("post_excuse"),

    /* the month's review */
    REF("handin", "branch_id", "所属支部"),
    {"handin", "month", "月份", CK_MONTH, CR_REQUIRED, 0, 0, 0, NULL},
    {"handin", "handed_at", "提交时间", CK_STAMP, 0, 0, 0, 0, NULL},
    {"handin", "handed_by", "提交人", CK_TEXT, 0, 0, 0, LOGIN_BYTES, NULL},
    /* a month's result of one branch is a few kilobytes; 256 KB leaves room for any notes */
    {"handin", "snapshot_json", "月报内容", CK_NOTE, 0, 0, 0, 256 * 1024, NULL},
    {"handin", "notes_json", "月报说明", CK_NOTE, 0, 0, 0, 256 * 1024, NULL},
    STAMPS("handin"),
    REF("amend_request", "branch_id", "所属支部"),
    {"amend_request", "month", "月份", CK_MONTH, CR_REQUIRED, 0, 0, 0, NULL},
    CODE("amend_request", "table_name", "修改的表", LEDGER_TABLES),
    {"amend_request", "row_uuid", "修改的记录", CK_UUID, 0, 0, 0, 0, NULL},
    {"amend_request", "reason", "修改原因", CK_NOTE, CR_REQUIRED, 0, 500, FITS(2048), NULL},
    STAMPS("amend_request"),
    REF("audit_verdict", "branch_id", "所属支部"),
    {"audit_verdict", "month", "月份", CK_MONTH, CR_REQUIRED, 0, 0, 0, NULL},
    CODE("audit_verdict", "item", "评审项目", VERDICT_ITEMS),
    CODE("audit_verdict", "verdict", "评审结论", VERDICTS),
    {"audit_verdict", "comment", "意见", CK_NOTE, 0, 0, 0, FITS(600), NULL},
    {"audit_verdict", "deadline", "整改期限", CK_DATE_ANY, 0, 0, 0, 0, NULL},
    {"audit_verdict", "reviewer", "审查员", CK_TEXT, 0, 0, 0, LOGIN_BYTES, NULL},
    {"audit_verdict", "engine_json", "审查时结果", CK_NOTE, 0, 0, 0, 256 * 1024, NULL},
    STAMPS("audit_verdict"),
    REF("rectification", "branch_id", "所属支部"),
    {"rectification", "month", "月份", CK_MONTH, CR_REQUIRED, 0, 0, 0, NULL},
    CODE("rectification", "item", "整改项目", VERDICT_ITEMS),
    {"rectification", "order_text", "整改要求", CK_NOTE, 0, 0, 0, FITS(600), NULL},
    {"rectification", "deadline", "整改期限", CK_DATE_ANY, 0, 0, 0, 0, NULL},
    CODE("rectification", "status", "整改状态", RECTIFY_STATES),
    {"rectification", "done_note", "整改情况", CK_NOTE, 0, 0, 0, FITS(600), NULL},
    {"rectification", "done_at", "整改完成时间", CK_DAY_STAMP, 0, 0, 0, 0, NULL},
    {"rectification", "done_by", "整改填报人", CK_TEXT, 0, 0, 0, LOGIN_BYTES, NULL},
    {"rectification", "confirmed_at", "确认时间", CK_DAY_STAMP, 0, 0, 0, 0, NULL},
    {"rectification", "confirmed_by", "确认人", CK_TEXT, 0, 0, 0, LOGIN_BYTES, NULL},
    {"rectification", "return_note", "退回原因", CK_NOTE, 0, 0, 0, FITS(600), NULL},
    {"rectification", "problem", "整改针对的问题", CK_NOTE, 0, 0, 0, 64 * 1024, NULL},
    STAMPS("rectification"),
    /* the district's (issue 18): its verdicts and spot checks travel down to the townships */
    REF("district_verdict", "branch_id", "所属支部"),
    {"district_verdict", "month", "月份", CK_MONTH, CR_REQUIRED, 0, 0, 0, NULL},
    CODE("district_verdict", "item", "复审项目", VERDICT_ITEMS),
    CODE("district_verdict", "verdict", "复审结论", VERDICTS),
    {"district_verdict", "township_verdict", "乡镇结论", CK_CODE, CR_EMPTY, 0, 0, 0, VERDICTS},
    {"district_verdict", "comment", "复审意见", CK_NOTE, 0, 0, 500, FITS(600), NULL},
    FLAG("district_verdict", "sent_back", "退回乡镇"),
    {"district_verdict", "reviewer", "复审人", CK_TEXT, 0, 0, 0, LOGIN_BYTES, NULL},
    {"district_verdict", "engine_json", "复审时结果", CK_NOTE, 0, 0, 0, 256 * 1024, NULL},
    STAMPS("district_verdict"),
    REF("spot_check", "branch_id", "所属支部"),
    {"spot_check", "station", "指导站", CK_TEXT, 0, 0, 40, FITS(TEXT_SHORT), NULL},
    {"spot_check", "date", "督查日期", CK_DATE, CR_REQUIRED, 0, 0, 0, NULL},
    {"spot_check", "inspectors", "督查人员", CK_TEXT, CR_REQUIRED, 0, 100, FITS(256), NULL},
    {"spot_check", "inspected", "督查内容", CK_NOTE, CR_REQUIRED, 0, 300, FITS(1024), NULL},
    CODE("spot_check", "result", "督查结果", SPOT_RESULTS),
    {"spot_check", "findings", "发现的问题", CK_NOTE, 0, 0, 1000, FITS(2048), NULL},
    {"spot_check", "voided_at", "作废时间", CK_STAMP, CR_NULL, 0, 0, 0, NULL},
    {"spot_check", "void_reason", "作废原因", CK_NOTE, CR_NULL, 0, 200, FITS(600), NULL},
    STAMPS("spot_check"),
};

const struct col_rule *col_rule_find(const char *table, const char *column)
{
    if (!table || !column) return NULL;
    for (size_t i = 0; i < ZB_ARRAY_LEN(RULES); i++)
        if (strcmp(RULES[i].table, table) == 0 && strcmp(RULES[i].column, column) == 0)
            return &RULES[i];
    return NULL;
}

const struct col_rule *col_rules_all(int *n)
{
    *n = (int)ZB_ARRAY_LEN(RULES);
    return RULES;
}

/* ---- one value --------------------------------------------------------------------------- */

/* 0 fine, 1 an invalid byte, a NUL or a control character ('\n' allowed when multiline). */
static int bad_chars(const char *s, size_t n, bool multiline, size_t *chars)
{
    size_t count = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = text_decode(s + i, n - i, &cp);
        if (cp == TEXT_REPLACEMENT && k == 1) return 1;
        if (cp == '\n' && multiline) {
            i += k;
            count++;
            continue;
        }
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return 1;
        i += k;
        count++;
    }
    *chars = count;
    return 0;
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
            i++;
            continue;
        }
        if (n - i >= 3 && memcmp(s + i, "\xE3\x80\x80", 3) == 0) { /* U+3000 */
            i += 3;
            continue;
        }
        return false;
    }
    return true;
}

/* A copy of the text (at most outsz - 1 bytes; longer is not a date, month or time anyway). */
static const char *short_text(const struct col_value *v, char *out, size_t outsz)
{
    size_t n = v->n < outsz ? v->n : outsz - 1;
    memcpy(out, v->s, n);
    out[n] = '\0';
    return v->n < outsz ? out : "";
}

static bool stamp_parse(const char *s, struct zdate *day)
{
    char date[11];
    unsigned h, mi, sec;
    char z;
    if (strlen(s) != 20 || s[10] != 'T') return false;
    if (sscanf(s, "%10[0-9-]T%2u:%2u:%2u%c", date, &h, &mi, &sec, &z) != 5 || z != 'Z')
        return false;
    if (s[13] != ':' || s[16] != ':') return false;
    return date_parse(date, day) && h <= 23 && mi <= 59 && sec <= 59;
}

static const char MSG_TYPE[] = "数据类型不符";
static const char MSG_EMPTY[] = "不能为空";
static const char MSG_CONTROL[] = "含有控制字符或无效字符";
static const char MSG_LONG[] = "内容过长";
static const char MSG_DATE[] = "日期格式应为 YYYY-MM-DD，且须是真实日期";
static const char MSG_FUTURE[] = "日期不能晚于今天";
static const char MSG_MONTH[] = "月份格式应为 YYYY-MM";
static const char MSG_TIME[] = "时间格式应为 HH:MM（如 09:30）";
static const char MSG_STAMP[] = "时间格式应为 YYYY-MM-DDTHH:MM:SSZ";
static const char MSG_STAMP_FUTURE[] = "时间不能晚于今天";
static const char MSG_CODE[] = "选项无效";
static const char MSG_RANGE[] = "数值超出范围";

const char *col_check(const struct col_rule *r, const struct col_value *v,
                      const struct row_limits *lim)
{
    if (v->type == CV_NULL) return (r->flags & CR_NULL) ? NULL : MSG_EMPTY;
    switch (r->kind) {
    case CK_INT:
    case CK_COUNT: {
        if (v->type != CV_INT) return MSG_TYPE;
        long long max = r->kind == CK_COUNT ? lim->max_count : r->max;
        long long min = r->kind == CK_COUNT ? 0 : r->min;
        return v->i < min || v->i > max ? MSG_RANGE : NULL;
    }
    default: break;
    }
    if (v->type != CV_TEXT || (!v->s && v->n)) return MSG_TYPE;
    const char *s = v->s ? v->s : "";
    bool ref = r->kind == CK_REF || r->kind == CK_UUID;
    if (!ref && (v->n == 0 || blank(s, v->n))) {
        if (r->flags & CR_REQUIRED) return MSG_EMPTY;
        if (v->n == 0)
            return r->kind == CK_CODE && !(r->flags & CR_EMPTY) && code_index(r->codes, "") < 0
                       ? MSG_CODE
                       : NULL;
    }
    char buf[48]; /* a uuid and more: longer is no date, month, time, stamp, code or uuid */
    struct zdate d;
    switch (r->kind) {
    case CK_TEXT:
    case CK_NOTE: {
        if (r->max_bytes && v->n > r->max_bytes) return MSG_LONG;
        size_t chars = 0;
        if (bad_chars(s, v->n, r->kind == CK_NOTE, &chars)) return MSG_CONTROL;
        if (r->max > 0 && chars > (size_t)r->max) return MSG_LONG;
        return NULL;
    }
    case CK_DATE:
    case CK_DATE_ANY:
        if (!date_parse(short_text(v, buf, sizeof buf), &d)) return MSG_DATE;
        if (r->kind == CK_DATE && date_cmp(d, lim->latest) > 0) return MSG_FUTURE;
        return NULL;
    case CK_MONTH:
        return dues_ym_parse(short_text(v, buf, sizeof buf)) < 0 ? MSG_MONTH : NULL;
    case CK_TIME:
        return meeting_time_valid(short_text(v, buf, sizeof buf)) ? NULL : MSG_TIME;
    case CK_STAMP:
    case CK_DAY_STAMP: {
        const char *t = short_text(v, buf, sizeof buf);
        if (r->kind == CK_DAY_STAMP && date_parse(t, &d))
            return date_cmp(d, lim->latest) > 0 ? MSG_FUTURE : NULL;
        if (!stamp_parse(t, &d)) return r->kind == CK_STAMP ? MSG_STAMP : MSG_DATE;
        return date_cmp(d, lim->latest) > 0 ? MSG_STAMP_FUTURE : NULL;
    }
    case CK_CODE:
        return code_index(r->codes, short_text(v, buf, sizeof buf)) < 0 ? MSG_CODE : NULL;
    case CK_REF:
    case CK_UUID: {
        const char *t = short_text(v, buf, sizeof buf);
        if (strlen(t) != 36) return "记录编号（uuid）无效";
        for (const char *p = t; *p; p++)
            if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F') ||
                  *p == '-'))
                return "记录编号（uuid）无效";
        return NULL;
    }
    default: return NULL;
    }
}

/* ---- a meeting's counts -------------------------------------------------------------------- */

const char *row_check_meeting_counts(const struct meeting *m)
{
    int present = 0, leave = 0, absent = 0, vexp = 0, vpres = 0;
    for (int i = 0; m->attendees && i < m->nattendees; i++) {
        const struct attendee *a = &m->attendees[i];
        bool here = strcmp(a->mark, "present") == 0;
        if (here) present++;
        else if (strcmp(a->mark, "leave") == 0) leave++;
        else if (strcmp(a->mark, "absent") == 0) absent++;
        if (a->voting && !a->excused) {
            vexp++;
            if (here) vpres++;
        }
    }
    if (m->expected != m->nattendees) return "应到人数与出席名单不符";
    if (m->present != present || m->on_leave != leave || m->absent != absent)
        return "实到、请假、缺席人数与出席名单不符";
    if (m->voting_expected != vexp || m->voting_present != vpres)
        return "有表决权的应到、实到人数与出席名单不符";
    if (m->quorum < QUORUM_NA || m->quorum > QUORUM_NOT_MET) return "是否达到法定人数的取值无效";
    if ((long long)m->missing_mask > ALL_ELEMENTS) return "缺少要素的取值无效";
    return NULL;
}
