/* labels.c — the coded values of the domain and their Chinese labels: the one place where a
 * stored code (e.g. "probationary") becomes what the user reads (预备党员). */
#include <string.h>

#include "zhibu/model.h"

const struct code_label BRANCH_TYPES[] = {
    {"rural", "农村"},
    {"community", "社区"},
    {"organ", "机关"},
    {"institution", "事业单位"},
    {"soe", "企业"},
    {"private", "非公企业"},
    {"social", "社会组织"},
    {NULL, NULL},
};

const struct code_label LEDGER_TABLES[] = {
    {"branch", "支部"},
    {"party_group", "党小组"},
    {"member", "党员"},
    {"meeting", "会议"},
    {"meeting_attendance", "会议出席"},
    {"meeting_resolution", "会议决议"},
    {"meeting_plan", "会议计划"},
    {"dues_basis", "党费基数"},
    {"dues_adjust", "党费减免"},
    {"dues_payment", "交费记录"},
    {"dues_allocation", "交费月份"},
    {"member_mobile", "流动党员信息"},
    {"mobile_contact", "流动党员联系记录"},
    {"member_transfer", "组织关系转接"},
    {"post", "岗位"},
    {"post_holding", "岗位认领"},
    {"post_report", "履职汇报"},
    {"post_review", "岗位评议"},
    {"post_excuse", "不设岗登记"},
    {"audit_verdict", "评审结论"},
    {"rectification", "整改通知"},
    {"handin", "月报提交"},
    {"app_user", "用户"},
    {"amend_request", "审后修改申请"},
    {"office_key", "本单位密钥"},
    {"office_peer", "登记的单位"},
    {"probation_decision", "预备期决定"},
    {"station", "指导站"},
    {"township", "乡镇"},
    {"township_branch", "乡镇所辖支部"},
    {"district_office", "上级区（县）"},
    {"district_verdict", "区复审结论"},
    {"spot_check", "督查记录"},
    {"candidate", "发展党员对象"},
    {"candidate_step", "发展党员步骤"},
    {"appraisal_result", "民主评议结果"},
    {"committee_term", "支委会任期"},
    {"office_term", "职务任职记录"},
    {"dues_remittance", "党费上缴"},
    {"office", "本单位"},
    {"journal", "修改日志"},
    {NULL, NULL},
};

const struct code_label MEMBER_CATEGORIES[] = {
    {"", "未填"},
    {"worker", "工人"},
    {"farmer", "农牧渔民"},
    {"professional", "专业技术人员"},
    {"manager", "企事业单位管理人员"},
    {"official", "党政机关工作人员"},
    {"student", "学生"},
    {"retired", "离退休人员"},
    {"military", "解放军武警"},
    {"other", "其他职业人员"},
    {NULL, NULL},
};

const struct code_label CANDIDATE_STAGES[] = {
    {"applicant", "入党申请人"}, {"activist", "入党积极分子"}, {"candidate", "发展对象"},
    {"probationary", "预备党员"}, {"stopped", "已中止"},       {NULL, NULL},
};

const struct code_label CANDIDATE_STEPS[] = {
    {"apply", "递交入党申请书"},   {"talk", "入党谈话"},       {"activist", "确定为入党积极分子"},
    {"observe", "考察"},           {"candidate", "确定为发展对象"}, {"review", "政治审查"},
    {"training", "集中培训"},      {"publicity", "公示"},      {"admit", "接收为预备党员"},
    {"approve", "上级党委审批"},   {"stop", "中止培养"},       {NULL, NULL},
};

const struct code_label APPRAISAL_RESULTS[] = {
    {"excellent", "优秀"}, {"qualified", "合格"}, {"basic", "基本合格"},
    {"unqualified", "不合格"}, {NULL, NULL},
};

const struct code_label APPRAISAL_FOLLOW_UPS[] = {
    {"", "无"}, {"correct", "限期改正"}, {"persuade", "劝其退党"}, {"remove", "除名"},
    {"other", "其他处置"}, {NULL, NULL},
};

const struct code_label HISTORY_ACTIONS[] = {
    {"insert", "新增"},        {"update", "修改"},         {"void", "作废"},
    {"leave", "离开名册"},     {"baseline", "基线"},       {"end", "结束"},
    {"notice", "公示"},        {"fulfil", "落实计划"},     {"full", "转正"},
    {"mobile", "流动党员"},    {"transfer_in", "转入"},    {"transfer_out", "转出"},
    {"reopen", "重新打开"},    {"import", "导入"},         {"login", "登录"},
    {"login_failed", "登录失败"}, {"locked", "锁定"},      {"passwd", "改密码"},
    {"disable", "停用"},       {"enable", "启用"},
    {"disqualify", "取消预备党员资格"},
    {"station", "指定指导站"},
    {"learn_key", "记录单位公钥"},
    {NULL, NULL},
};

const struct code_label GENDERS[] = {
    {"M", "男"},
    {"F", "女"},
    {NULL, NULL},
};

const struct code_label MEMBER_STATUSES[] = {
    {"full", "正式党员"},
    {"probationary", "预备党员"},
    {NULL, NULL},
};

const struct code_label DUES_CATEGORIES[] = {
    {"employed", "在职"},
    {"retired", "离退休"},
    {"farmer", "农民"},
    {"student", "学生"},
    {"unemployed", "下岗失业"},
    {"lowincome", "低保"},
    {NULL, NULL},
};

const struct code_label OFFICES[] = {
    {"", "无"},
    {"secretary", "书记"},
    {"deputy", "副书记"},
    {"organization", "组织委员"},
    {"publicity", "宣传委员"},
    {"discipline", "纪检委员"},
    {"committee", "委员"},
    {NULL, NULL},
};

const struct code_label LEAVE_STATUSES[] = {
    {"", "在册"},
    {"transferred", "转出"},
    {"deceased", "去世"},
    {"expelled", "出党"},
    {"suspended", "停止党籍"},
    {NULL, NULL},
};

const struct code_label EDUCATIONS[] = {
    {"primary", "小学"},
    {"junior", "初中"},
    {"senior", "高中"},
    {"vocational", "中专"},
    {"college", "大专"},
    {"bachelor", "本科"},
    {"master", "硕士"},
    {"doctor", "博士"},
    {NULL, NULL},
};

int code_index(const struct code_label *table, const char *code)
{
    if (!code) code = "";
    for (int i = 0; table[i].code; i++)
        if (strcmp(table[i].code, code) == 0) return i;
    return -1;
}

int code_count(const struct code_label *table)
{
    int n = 0;
    while (table[n].code) n++;
    return n;
}

const char *code_label_of(const struct code_label *table, const char *code)
{
    if (!code) code = "";
    int i = code_index(table, code);
    return i >= 0 ? table[i].label : code;
}

const char *code_of_label(const struct code_label *table, const char *text)
{
    if (!text) return NULL;
    for (int i = 0; table[i].code; i++)
        if (strcmp(table[i].label, text) == 0) return table[i].code;
    for (int i = 0; table[i].code; i++)
        if (strcmp(table[i].code, text) == 0) return table[i].code;
    return NULL;
}
