/* list.c — `zhibu list members`, `zhibu list meetings`, `zhibu list dues` and `zhibu list
 * posts`: the roster, the meeting records with their marks, the year's dues of each member, or
 * the post scheme's holdings, of one branch or of all, as CSV or JSON on stdout.
 * Columns carry codes, not labels, so that scripts do not break when a label is reworded.
 * Rows are streamed from the store one at a time (store_member_each, store_meeting_each);
 * only the list of branches (and, for dues, one branch's dues history) is held in memory. */
#include "zhibu/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/args.h"
#include "zhibu/config.h"
#include "zhibu/csv.h"
#include "zhibu/date.h"
#include "zhibu/clock.h"
#include "zhibu/dues.h"
#include "zhibu/rules.h"
#include "zhibu/dues_export.h"
#include "zhibu/meeting.h"
#include "zhibu/meeting_export.h"
#include "zhibu/model.h"
#include "zhibu/posts_export.h"
#include "zhibu/store.h"
#include "zhibu/store_dues.h"
#include "zhibu/store_meeting.h"
#include "zhibu/util.h"

enum list_format { FORMAT_CSV, FORMAT_JSON };

/* New columns go at the end: scripts read the old ones by position. */
#define MEMBER_COLUMNS 17
static const char *const MEMBER_KEYS[MEMBER_COLUMNS] = {
    "branch_code", "name", "gender", "birth_date", "ethnicity", "education",
    "phone", "join_date", "full_date", "status", "dues_category", "office",
    "group", "mobile", "leave_status", "leave_date", "category",
};
#define MOBILE_COLUMN 13

struct member_out {
    FILE *f;
    enum list_format format;
    const char *branch_code;
    long rows;
    bool write_failed;
};

static int write_member(const struct member *m, void *ctx)
{
    struct member_out *o = ctx;
    const char *fields[MEMBER_COLUMNS] = {
        o->branch_code, m->name, m->gender, m->birth_date, m->ethnicity, m->education,
        m->phone, m->join_date, m->full_date, m->status, m->dues_category, m->office,
        m->group_name, m->mobile ? "1" : "0", m->leave_status, m->leave_date, m->category,
    };
    int rc = 0;
    if (o->format == FORMAT_CSV) {
        rc = csv_write_row(o->f, fields, MEMBER_COLUMNS);
    } else {
        if (o->rows > 0 && fputs(",\n", o->f) < 0) rc = -1;
        if (rc == 0 && putc('{', o->f) == EOF) rc = -1;
        for (int i = 0; rc == 0 && i < MEMBER_COLUMNS; i++) {
            if (i > 0 && putc(',', o->f) == EOF) rc = -1;
            if (rc == 0) rc = json_write_string(o->f, MEMBER_KEYS[i]);
            if (rc == 0 && putc(':', o->f) == EOF) rc = -1;
            if (rc == 0) {
                if (i == MOBILE_COLUMN) rc = fputs(m->mobile ? "true" : "false", o->f) < 0 ? -1 : 0;
                else rc = json_write_string(o->f, fields[i]);
            }
        }
        if (rc == 0 && putc('}', o->f) == EOF) rc = -1;
    }
    o->rows++;
    if (rc != 0) o->write_failed = true;
    return rc != 0; /* stop at a write error (closed pipe, full disk) */
}

#define MEETING_COLUMNS 20
static const char *const MEETING_KEYS[MEETING_COLUMNS] = {
    "branch_code", "date", "start_time", "end_time", "kind", "also", "group", "first_topic",
    "expected", "present", "on_leave", "absent", "quorum", "late", "incomplete", "missing",
    "voided", "created_at", "created_by", "uuid",
};

struct meeting_out {
    FILE *f;
    enum list_format format;
    const char *branch_code;
    int late_entry_days;
    long rows;
    bool write_failed;
};

static int write_meeting(const struct meeting *m, void *ctx)
{
    struct meeting_out *o = ctx;
    int rc;
    if (o->format == FORMAT_CSV) {
        char also[256], missing[256], expected[16], present[16], leave[16], absent[16];
        meeting_also_text(m->also_mask, m->kind, false, also, sizeof also);
        meeting_missing_codes(m->missing_mask, missing, sizeof missing);
        struct meeting_heads h; /* as the form and the print count them: the excused leave 应到 */
        meeting_heads(m, &h);
        snprintf(expected, sizeof expected, "%d", h.expected);
        snprintf(present, sizeof present, "%d", h.present);
        snprintf(leave, sizeof leave, "%d", h.on_leave);
        snprintf(absent, sizeof absent, "%d", h.absent);
        char *first = meeting_first_topic(m->topics);
        bool late = meeting_is_late(m->date, m->created_at, o->late_entry_days);
        const char *fields[MEETING_COLUMNS] = {
            o->branch_code, m->date, m->start_time, m->end_time, m->kind, also,
            m->group_name, first, expected, present, leave, absent,
            meeting_quorum_code(m->quorum), late ? "1" : "0", m->missing_mask ? "1" : "0",
            missing, m->voided_at[0] ? "1" : "0", m->created_at, m->created_by, m->uuid,
        };
        rc = csv_write_row(o->f, fields, MEETING_COLUMNS);
        free(first);
    } else {
        rc = (o->rows > 0 && fputs(",\n", o->f) < 0) ? -1 : 0;
        if (rc == 0) rc = meeting_write_json(o->f, m, o->branch_code, o->late_entry_days, false);
    }
    o->rows++;
    if (rc != 0) o->write_failed = true;
    return rc != 0;
}

#define DUES_COLUMNS 22
static const char *const DUES_KEYS[DUES_COLUMNS] = {
    "branch_code", "name", "status", "dues_category", "base_fen",
    "m01", "m02", "m03", "m04", "m05", "m06", "m07", "m08", "m09", "m10", "m11", "m12",
    "total_fen", "paid_through", "months_owed", "amount_owed_fen", "flag",
};
/* Which dues columns are numbers (JSON writes them bare). */
static bool dues_numeric(int col)
{
    return col == 4 || (col >= 5 && col <= 17) || col == 19 || col == 20;
}

struct dues_out {
    FILE *f;
    enum list_format format;
    int year, current_ym;
    struct dues_rules rules;
    long rows;
    bool write_failed;
};

static int write_dues(const struct branch *b, const struct dues_member *dm, struct dues_out *o)
{
    struct dues_ledger_row row;
    dues_ledger_row_of(&dm->f, o->year, o->current_ym, &o->rules, &row);
    if (!row.in_year) return 0;
    char nums[DUES_COLUMNS][24], through[8];
    const char *fields[DUES_COLUMNS];
    fields[0] = b->code;
    fields[1] = dm->m.name;
    fields[2] = dm->m.leave_status[0] ? dm->m.leave_status : dm->m.status;
    fields[3] = row.category;
    snprintf(nums[4], sizeof nums[4], "%ld", row.base_fen);
    for (int m = 0; m < 12; m++) snprintf(nums[5 + m], sizeof nums[5 + m], "%ld", row.paid[m]);
    snprintf(nums[17], sizeof nums[17], "%ld", row.total_paid);
    dues_paid_through_text(&dm->f, &row.status, through);
    fields[18] = through;
    snprintf(nums[19], sizeof nums[19], "%d", row.status.months_owed);
    snprintf(nums[20], sizeof nums[20], "%ld", row.status.amount_owed);
    fields[21] = dues_flag_code(&row.status);
    for (int c = 0; c < DUES_COLUMNS; c++)
        if (dues_numeric(c)) fields[c] = nums[c];
    int rc = 0;
    if (o->format == FORMAT_CSV) {
        rc = csv_write_row(o->f, fields, DUES_COLUMNS);
    } else {
        if (o->rows > 0 && fputs(",\n", o->f) < 0) rc = -1;
        if (rc == 0 && putc('{', o->f) == EOF) rc = -1;
        for (int c = 0; rc == 0 && c < DUES_COLUMNS; c++) {
            if (c > 0 && putc(',', o->f) == EOF) rc = -1;
            if (rc == 0) rc = json_write_string(o->f, DUES_KEYS[c]);
            if (rc == 0 && putc(':', o->f) == EOF) rc = -1;
            if (rc == 0)
                rc = dues_numeric(c) ? (fputs(fields[c], o->f) < 0 ? -1 : 0)
                                     : json_write_string(o->f, fields[c]);
        }
        if (rc == 0 && putc('}', o->f) == EOF) rc = -1;
    }
    o->rows++;
    if (rc != 0) o->write_failed = true;
    return rc;
}

/* The dues of one branch's members for the year. Returns 0, or 1 after printing the error. */
static int list_branch_dues(struct store *st, const struct branch *b, struct dues_out *o)
{
    struct store_dues_member_list dm;
    if (store_dues_member_list(st, b->id, (struct zmonth){o->year, 1}, &dm) != STORE_OK) {
        cli_error("list", "读取支部 %s 的党费失败：%s", b->code, store_errmsg(st));
        return 1;
    }
    for (int i = 0; i < dm.n && !o->write_failed; i++) write_dues(b, &dm.v[i], o);
    store_dues_member_list_free(&dm);
    return o->write_failed ? 1 : 0;
}

struct posts_out {
    FILE *f;
    enum list_format format;
    long rows;
    bool write_failed;
};

static int write_post_row(const char *const *fields, void *ctx)
{
    struct posts_out *o = ctx;
    int rc = 0;
    if (o->format == FORMAT_CSV) {
        rc = csv_write_row(o->f, fields, POSTS_LIST_COLUMNS);
    } else {
        if (o->rows > 0 && fputs(",\n", o->f) < 0) rc = -1;
        if (rc == 0 && putc('{', o->f) == EOF) rc = -1;
        for (int c = 0; rc == 0 && c < POSTS_LIST_COLUMNS; c++) {
            if (c > 0 && putc(',', o->f) == EOF) rc = -1;
            if (rc == 0) rc = json_write_string(o->f, POSTS_LIST_KEYS[c]);
            if (rc == 0 && putc(':', o->f) == EOF) rc = -1;
            if (rc == 0)
                rc = c == POSTS_LIST_OVERDUE
                         ? (fputs(strcmp(fields[c], "1") == 0 ? "true" : "false", o->f) < 0 ? -1 : 0)
                         : json_write_string(o->f, fields[c]);
        }
        if (rc == 0 && putc('}', o->f) == EOF) rc = -1;
    }
    o->rows++;
    if (rc != 0) o->write_failed = true;
    return rc != 0;
}

/* The holdings of one branch. Returns 0, or 1 after printing the error. */
static int list_branch_posts(struct store *st, const struct branch *b, int report_months,
                             struct posts_out *o)
{
    int rc = posts_list_each(st, b->id, b->code, clock_today(), report_months, write_post_row, o);
    if (o->write_failed) return 1;
    if (rc != STORE_OK) {
        cli_error("list", "读取支部 %s 的设岗定责失败：%s", b->code, store_errmsg(st));
        return 1;
    }
    return 0;
}

static void print_help(void)
{
    fputs("用法：zhibu list members [--db 路径] [--branch 组织代码] --format csv|json\n"
          "      zhibu list meetings [--db 路径] [--branch 组织代码] [--month YYYY-MM]\n"
          "                          [--include-voided] --format csv|json\n"
          "      zhibu list dues [--db 路径] --year YYYY [--branch 组织代码] --format csv|json\n"
          "      zhibu list posts [--db 路径] [--branch 组织代码] --format csv|json\n"
          "      zhibu list candidates [--db 路径] [--branch 组织代码] --format csv|json\n"
          "\n"
          "== list members ==\n"
          "\n"
          "把党员名册（含已离开名册的党员）写到标准输出：按支部组织代码排序，支部内按党小组、\n"
          "职务、姓名排序。不给 --branch 时列出所有支部。\n"
          "\n"
          "格式：\n"
          "  csv    UTF-8，首行为列名；含逗号、双引号或换行的字段加双引号，字段内的双引号写两遍\n"
          "         （RFC 4180），每行以 LF 结束\n"
          "  json   一个对象数组，每行一个对象，键与 CSV 列名相同\n"
          "\n"
          "列（取值为代码而不是中文名称，便于脚本处理）：\n"
          "  branch_code    组织代码\n"
          "  name           姓名\n"
          "  gender         性别：M 男，F 女\n"
          "  birth_date     出生日期 YYYY-MM-DD\n"
          "  ethnicity      民族\n"
          "  education      学历：primary 小学，junior 初中，senior 高中，vocational 中专，\n"
          "                 college 大专，bachelor 本科，master 硕士，doctor 博士\n"
          "  phone          电话\n"
          "  join_date      入党日期\n"
          "  full_date      转正日期（预备党员为空）\n"
          "  status         full 正式党员，probationary 预备党员\n"
          "  dues_category  党费类别：employed 在职，retired 离退休，farmer 农民，student 学生，\n"
          "                 unemployed 下岗失业，lowincome 低保\n"
          "  office         职务：secretary 书记，deputy 副书记，organization 组织委员，\n"
          "                 publicity 宣传委员，discipline 纪检委员，committee 委员，空为无职\n"
          "  group          党小组名称\n"
          "  mobile         流动党员：CSV 中为 1 或 0，JSON 中为 true 或 false\n"
          "  leave_status   离开名册：transferred 转出，deceased 去世，expelled 出党，\n"
          "                 suspended 停止党籍，空为在册\n"
          "  leave_date     离开日期\n"
          "  category       人员类别（党内统计）：worker 工人，farmer 农牧渔民，professional\n"
          "                 专业技术人员，manager 企事业单位管理人员，official 党政机关工作人员，\n"
          "                 student 学生，retired 离退休人员，military 解放军武警，other 其他\n"
          "                 职业人员，空为未填\n"
          "\n"
          "== list meetings ==\n"
          "\n"
          "把三会一课等会议记录写到标准输出，每条记录一行：按支部组织代码排序，支部内按会议\n"
          "日期从早到晚。默认不含已作废的记录；参会名单、会议内容和决议不在此列出（用 zhibu\n"
          "export meetings 导出 .xlsx 或 .json）。JSON 中人数为数字，标记为 true/false，\n"
          "also 与 missing 为数组。\n"
          "\n"
          "列：\n"
          "  branch_code    组织代码\n"
          "  date           会议日期 YYYY-MM-DD\n"
          "  start_time     开始时间 HH:MM（未填为空）\n"
          "  end_time       结束时间 HH:MM\n"
          "  kind           会议类型：general 支部党员大会，committee 支部委员会，group 党小组会，\n"
          "                 lecture 党课，theme_day 主题党日，life_meeting 组织生活会，\n"
          "                 appraisal 民主评议党员，talk 谈心谈话，other 其他\n"
          "  also           同时计为的会议类型（代码同上），CSV 中以分号分隔\n"
          "  group          党小组名称（党小组会）\n"
          "  first_topic    第一项议题\n"
          "  expected       应到人数\n"
          "  present        实到人数\n"
          "  on_leave       请假人数\n"
          "  absent         缺席人数\n"
          "  quorum         法定人数：met 达到，not_met 不足，na 该类会议无此要求\n"
          "  late           补记：录入日期晚于会议日期超过配置的 late_entry_days 天，1 或 0\n"
          "  incomplete     要素不全，1 或 0\n"
          "  missing        缺少的要素，CSV 中以分号分隔：time 时间，place 地点，host 主持人，\n"
          "                 recorder 记录人，lecturer 主讲人，attendance 出席名单，reasons 缺席\n"
          "                 原因，topics 议题，minutes 会议内容，resolutions 决议及表决，\n"
          "                 group 党小组\n"
          "  voided         已作废，1 或 0\n"
          "  created_at     首次录入时间（UTC，YYYY-MM-DDTHH:MM:SSZ）\n"
          "  created_by     录入人\n"
          "  uuid           记录的唯一标识\n"
          "\n"
          "== list dues ==\n"
          "\n"
          "把一年的党费收缴情况写到标准输出，每名党员一行：该年在册（或该年内离开名册）的党员，\n"
          "按支部组织代码排序，支部内按名册顺序。欠交情况以“今天”为准（当月尚在收缴，\n"
          "不算欠交），规则与金额取自配置文件 [dues]。金额均以分为单位的整数；JSON 中金额\n"
          "与月数为数字。\n"
          "\n"
          "列：\n"
          "  branch_code      组织代码\n"
          "  name             姓名\n"
          "  status           full 正式党员，probationary 预备党员；已离开名册的为离开方式\n"
          "                   （transferred 转出，deceased 去世，expelled 出党，suspended 停止党籍）\n"
          "  dues_category    该年（截至今天）最后一个应交月份的党费类别：employed 在职，\n"
          "                   retired 离退休，farmer 农民，student 学生，unemployed 下岗失业，\n"
          "                   lowincome 低保\n"
          "  base_fen         该月的月缴纳基数（分；在职、离退休以外为 0）\n"
          "  m01 … m12        记入该年各月的实交金额（分；一次交几个月的按月分摊）\n"
          "  total_fen        全年实交（分，即 m01 至 m12 之和）\n"
          "  paid_through     交至月份 YYYY-MM（入党以来一直未交为空）\n"
          "  months_owed      欠交月数（到上月为止）\n"
          "  amount_owed_fen  欠交金额（分）\n"
          "  flag             talk 欠交满 arrears_talk_months 个月、需谈话；lapse 连续\n"
          "                   arrears_lapse_months 个月未交且无缓交理由、按自行脱党处理待支部\n"
          "                   研究；空为无\n"
          "\n"
          "== list posts ==\n"
          "\n"
          "把设岗定责的岗位认领情况写到标准输出，每名党员认领的每个岗位一行（在岗的和已卸任\n"
          "的）：按支部组织代码排序，支部内按岗位类别、岗位名称，同一岗位按认领日期。汇报\n"
          "是否逾期以“今天”为准，汇报间隔取自配置文件 [posts] post_report_months。JSON 中\n"
          "overdue 为 true/false。\n"
          "\n"
          "列：\n"
          "  branch_code    组织代码\n"
          "  category       岗位类别，如 宣传教育类\n"
          "  post           岗位名称，如 政策宣传岗\n"
          "  member         党员姓名\n"
          "  how            claim 本人认领，recommend 支部推荐\n"
          "  claimed        认领日期 YYYY-MM-DD\n"
          "  noticed        公示日期（尚未公示为空）\n"
          "  ended          卸任日期（在岗为空）\n"
          "  last_report    最近一次履职汇报的日期（没有为空）\n"
          "  latest_rating  最近一次民主评议的结果：excellent 优秀，competent 称职，basic 基本称职，\n"
          "                 incompetent 不称职，空为未评议\n"
          "  report_due     下次汇报的截止日期：最近一次汇报（没有则为认领日期）之后\n"
          "                 post_report_months 个月；已卸任为空\n"
          "  overdue        汇报逾期（今天已过截止日期），1 或 0；已卸任为 0\n"
          "\n"
          "== list candidates ==\n"
          "\n"
          "把发展党员的对象（入党申请人、入党积极分子、发展对象和尚未转正的预备党员；已中止\n"
          "培养的不列）写到标准输出：按支部组织代码，支部内按阶段、进入该阶段的日期排序。\n"
          "下一步及期限以“今天”为准，间隔取自配置文件 [pipeline]。JSON 中 overdue 为 true/false。\n"
          "\n"
          "列：\n"
          "  branch_code    组织代码\n"
          "  name           姓名\n"
          "  stage          applicant 入党申请人，activist 入党积极分子，candidate 发展对象，\n"
          "                 probationary 预备党员\n"
          "  stage_date     进入该阶段的日期（申请、确定、接收的日期）\n"
          "  next_step      下一步：talk 入党谈话，activist，observe 考察，candidate，review\n"
          "                 政治审查，training 集中培训，publicity 公示，admit 接收，approve\n"
          "                 上级党委审批；空为暂无（转正在党员名册中办理）\n"
          "  due_by         下一步的期限 YYYY-MM-DD（没有期限为空）\n"
          "  overdue        已过期限，1 或 0\n"
          "\n"
          "选项：\n"
          "  --db 路径          数据库文件（默认取配置文件 [database] path）\n"
          "  --branch 代码      只列出组织代码为该值的支部\n"
          "  --month YYYY-MM    只列出该月的会议（仅 meetings）\n"
          "  --include-voided   包括已作废的记录（仅 meetings）\n"
          "  --year YYYY        年份（仅 dues，必填）\n"
          "  --format 格式      csv 或 json（必填）\n"
          "  -h, --help         显示本说明\n"
          "\n"
          "退出状态：0 成功，1 数据库或支部有问题，2 用法错误。\n",
          stdout);
}

/* Members of one branch, in store order. Returns 0, or 1 after printing the error. */
static int list_branch(struct store *st, const struct branch *b, struct member_out *o)
{
    struct member_filter f = {.branch_id = b->id, .include_left = true};
    o->branch_code = b->code;
    int rc = store_member_each(st, &f, write_member, o);
    if (o->write_failed) return 1;
    if (rc != STORE_OK) {
        cli_error("list", "读取支部 %s 的党员失败：%s", b->code, store_errmsg(st));
        return 1;
    }
    return 0;
}

/* Meetings of one branch in [from, to], oldest first. Returns 0, or 1 after printing the
 * error. */
static int list_branch_meetings(struct store *st, const struct branch *b, const char *from,
                                const char *to, bool include_voided, struct meeting_out *o)
{
    o->branch_code = b->code;
    int rc = store_meeting_each(st, b->id, from, to, include_voided, write_meeting, o);
    if (o->write_failed) return 1;
    if (rc != STORE_OK) {
        cli_error("list", "读取支部 %s 的会议记录失败：%s", b->code, store_errmsg(st));
        return 1;
    }
    return 0;
}

/* What to list and how. */
struct list_request {
    bool meetings;             /* else members (or dues) */
    bool dues;
    bool posts;
    bool candidates;
    int year;                  /* dues */
    const struct config *cfg;
    const char *branch_code;   /* NULL = all branches */
    enum list_format format;
    const char *from, *to;     /* meetings: the month, or NULL */
    bool include_voided;
    int late_entry_days;
};

static int list_rows(struct store *st, const struct list_request *req)
{
    if (req->candidates)
        return cli_list_candidates(st, "list", req->branch_code, req->format == FORMAT_JSON, false,
                                   req->cfg);
    const char *branch_code = req->branch_code;
    enum list_format format = req->format;
    struct member_out o = {.f = stdout, .format = format};
    struct meeting_out mo = {.f = stdout, .format = format, .late_entry_days = req->late_entry_days};
    struct dues_out du = {.f = stdout, .format = format, .year = req->year,
                          .current_ym = dues_ym_of_date(clock_today())};
    du.rules = req->cfg->rules.audit.dues;
    struct posts_out po = {.f = stdout, .format = format};
    int report_months = req->cfg->rules.audit.post_report_months;
    struct branch *branches = NULL;
    int nbranches = 0;
    if (branch_code) {
        branches = xcalloc(1, sizeof *branches);
        int rc = store_branch_by_code(st, branch_code, branches);
        if (rc == STORE_ERR_NOT_FOUND) {
            cli_error("list", "没有组织代码为 %s 的支部", branch_code);
            free(branches);
            return 1;
        }
        if (rc != STORE_OK) {
            cli_store_error("list", "读取支部失败", st);
            free(branches);
            return 1;
        }
        nbranches = 1;
    } else {
        struct store_branch_list all;
        if (store_branch_list(st, &all) != STORE_OK) {
            cli_store_error("list", "读取支部失败", st);
            return 1;
        }
        branches = all.v;
        nbranches = all.n;
    }

    int status = 0;
    if (format == FORMAT_CSV) {
        int rc = req->posts      ? csv_write_row(stdout, POSTS_LIST_KEYS, POSTS_LIST_COLUMNS)
                 : req->dues     ? csv_write_row(stdout, DUES_KEYS, DUES_COLUMNS)
                 : req->meetings ? csv_write_row(stdout, MEETING_KEYS, MEETING_COLUMNS)
                                 : csv_write_row(stdout, MEMBER_KEYS, MEMBER_COLUMNS);
        if (rc != 0) o.write_failed = true;
    } else if (fputs("[\n", stdout) < 0) {
        o.write_failed = true;
    }
    for (int i = 0; i < nbranches && !o.write_failed && !mo.write_failed && !du.write_failed &&
                    !po.write_failed && status == 0; i++) {
        if (req->posts)
            status = list_branch_posts(st, &branches[i], report_months, &po);
        else if (req->dues)
            status = list_branch_dues(st, &branches[i], &du);
        else if (req->meetings)
            status = list_branch_meetings(st, &branches[i], req->from, req->to,
                                          req->include_voided, &mo);
        else
            status = list_branch(st, &branches[i], &o);
    }
    if (mo.write_failed || du.write_failed || po.write_failed) o.write_failed = true;
    long rows = req->posts ? po.rows : req->dues ? du.rows : req->meetings ? mo.rows : o.rows;
    if (format == FORMAT_JSON && !o.write_failed && status == 0)
        if (fputs(rows > 0 ? "\n]\n" : "]\n", stdout) < 0) o.write_failed = true;
    free(branches);
    if (fflush(stdout) != 0 || ferror(stdout)) o.write_failed = true;
    if (o.write_failed) {
        cli_error("list", "写入输出失败");
        return 1;
    }
    return status;
}

int cli_list(int argc, char **argv, const struct config *cfg)
{
    const char *db = NULL, *branch = NULL, *format_txt = NULL, *month = NULL, *year_txt = NULL;
    bool help = false, include_voided = false, month_set = false, year_set = false;
    const struct args_option opts[] = {
        {.name = "db", .kind = ARGS_VALUE, .value = &db},
        {.name = "branch", .kind = ARGS_VALUE, .value = &branch},
        {.name = "format", .kind = ARGS_VALUE, .value = &format_txt},
        {.name = "month", .kind = ARGS_VALUE, .value = &month, .set = &month_set},
        {.name = "include-voided", .kind = ARGS_FLAG, .set = &include_voided},
        {.name = "year", .kind = ARGS_VALUE, .value = &year_txt, .set = &year_set},
        {.name = "help", .kind = ARGS_FLAG, .set = &help},
        {0},
    };
    const char *pos[1];
    int npos;
    char err[1024]; /* store_open's refusals name files and rows */
    if (args_parse(argc, argv, opts, pos, 1, &npos, err, sizeof err) != 0)
        return args_usage_error("list", "%s", err);
    if (help) {
        print_help();
        return 0;
    }
    if (npos == 0)
        return args_usage_error("list", "请指定要列出的内容：members、meetings、dues、posts 或 candidates");
    struct list_request req = {.branch_code = branch, .include_voided = include_voided, .cfg = cfg};
    if (strcmp(pos[0], "meetings") == 0) req.meetings = true;
    else if (strcmp(pos[0], "dues") == 0) req.dues = true;
    else if (strcmp(pos[0], "posts") == 0) req.posts = true;
    else if (strcmp(pos[0], "candidates") == 0) req.candidates = true;
    else if (strcmp(pos[0], "members") != 0)
        return args_usage_error("list", "不能列出“%s”，可列出的内容：members、meetings、dues、posts 或 candidates",
                                pos[0]);
    if (!req.meetings && (month_set || include_voided))
        return args_usage_error("list", "%s 只适用于 list meetings",
                                month_set ? "--month" : "--include-voided");
    if (!req.dues && year_set) return args_usage_error("list", "--year 只适用于 list dues");
    if (req.dues) {
        long year;
        if (!year_set) return args_usage_error("list", "缺少 --year：请指定年份，如 2026");
        if (!year_txt || strlen(year_txt) != 4 || !args_parse_long(year_txt, 1921, 2999, &year))
            return args_usage_error("list", "--year 应是四位数的年份，如 2026，而不是“%s”",
                                    year_txt ? year_txt : "");
        req.year = (int)year;
    }
    char from[DATE_STR_LEN], to[DATE_STR_LEN];
    if (month_set) {
        struct zdate first;
        if (!month || !month_parse(month, &first))
            return args_usage_error("list", "--month 应是 YYYY-MM 形式的月份，如 2026-11，而不是“%s”",
                                    month ? month : "");
        date_format(first, from);
        date_format(date_month_end(first), to);
        req.from = from;
        req.to = to;
    }
    req.late_entry_days = cfg->rules.audit.late_entry_days;
    enum list_format format;
    if (!format_txt) return args_usage_error("list", "缺少 --format：请指定 csv 或 json");
    if (strcmp(format_txt, "csv") == 0) format = FORMAT_CSV;
    else if (strcmp(format_txt, "json") == 0) format = FORMAT_JSON;
    else return args_usage_error("list", "--format 应是 csv 或 json，而不是“%s”", format_txt);
    req.format = format;
    if (branch && !*branch) return args_usage_error("list", "--branch 不能为空");
    if (!db || !*db) db = cfg ? cfg->db_path : NULL;
    if (!db || !*db) return args_usage_error("list", "缺少 --db：请指定数据库文件");

    struct store_options so = {
        .create = false,
        .backup_keep = cfg ? cfg->backup_keep : 10,
        .progress = cli_upgrade_progress,
    };
    struct store *st;
    if (store_open(db, &so, &st, err, sizeof err) != STORE_OK) {
        cli_error("list", "%s", err);
        return 1;
    }
    int status = list_rows(st, &req);
    store_close(st);
    return status;
}
