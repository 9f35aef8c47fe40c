/* posts.c — 设岗定责 rules (see posts.h): the shipped catalogue, coverage on a day, when a
 * holder's report is due, review periods and their names, and the checks on posts, claims,
 * reports and reviews.
 *
 * Choices the rules leave open, made here:
 * - A member is on the roster on their leave date (as the meeting roster counts it), so a claim
 *   dated on that day is accepted and one dated the day after is refused.
 * - A holding counts from its claim day up to the day before it ended: on the step-down day the
 *   member no longer holds the post. A report dated on the step-down day is still accepted (the
 *   closing report is often made then).
 * - An excused member who still holds a post is not counted as covered: they are outside the
 *   denominator, and counting them above it could push coverage over 100%.
 * - Review periods restart each January; a step that does not divide 12 leaves a shorter last
 *   period ending 31 December. Steps outside 1..12 are taken as a year.
 * - Text is measured in characters (code points); control characters (newline allowed in the
 *   multi-line fields) and invalid UTF-8 are refused. */
#include "zhibu/posts.h"

#include <stdio.h>
#include <string.h>

#include "zhibu/text.h"

const struct code_label POST_RATINGS[] = {
    {"excellent", "优秀"},
    {"competent", "称职"},
    {"basic", "基本称职"},
    {"incompetent", "不称职"},
    {NULL, NULL},
};

const struct post_template POST_CATALOGUE[] = {
    {"宣传教育类", "政策宣传岗",
     "宣传党的路线方针政策和惠农政策\n每月入户宣讲不少于2次\n收集反映群众意见建议", 2},
    {"村务监督类", "村务监督岗",
     "监督村务公开和重大事项决策程序\n列席村“两委”有关会议\n发现问题及时向支部反映", 2},
    {"村务监督类", "财务监督岗",
     "每季度审核村级财务收支公开\n监督集体资金资产资源管理\n对不合规开支提出意见", 1},
    {"科技示范类", "种植示范岗",
     "带头推广良种和实用种植技术\n办好示范田，带动农户增收\n每年开展技术指导不少于4次", 2},
    {"科技示范类", "养殖示范岗",
     "带头发展规模养殖，推广防疫技术\n为养殖户提供信息和技术帮助\n督促做好畜禽粪污处理", 1},
    {"致富帮扶类", "致富帮扶岗",
     "结对帮扶1至2户困难群众\n帮助联系就业、销售渠道\n每月走访帮扶对象不少于1次", 3},
    {"矛盾调解类", "民事纠纷调解岗",
     "及时排查邻里、家庭、土地纠纷\n协助调委会调解矛盾，做到小事不出村\n重大矛盾及时上报", 2},
    {"治安维护类", "治安维护岗",
     "参加村内治安巡逻和重点时段值守\n协助做好防火防盗防诈骗宣传\n发现安全隐患及时报告", 3},
    {"环境整治类", "环境卫生岗",
     "带头做好房前屋后清洁\n督促落实门前三包和垃圾分类\n每月组织参与环境整治活动", 3},
    {"公共服务类", "设施维护岗",
     "看护道路、路灯、水利等公共设施\n发现损坏及时登记报修\n劝阻损坏公共设施的行为", 2},
    {"公共服务类", "信息咨询岗",
     "为群众解答政策和办事咨询\n帮助老年人网上办理社保医保等业务\n及时传达村务通知", 1},
    {"文明新风类", "文明新风岗",
     "宣传移风易俗，倡导婚事新办丧事简办\n参与评选好媳妇好婆婆等先进典型\n劝导不文明行为", 2},
    {NULL, NULL, NULL, 0},
};

/* ---- helpers ---- */

static bool is_set(const char *s)
{
    return s && s[0];
}

/* True if s has a control character (newline allowed when keep_newlines) or invalid UTF-8. */
static bool has_bad_char(const char *s, bool keep_newlines)
{
    if (!s) return false;
    size_t len = strlen(s), i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = text_decode(s + i, len - i, &cp);
        if (cp == TEXT_REPLACEMENT && n != 3) return true; /* a literal U+FFFD is 3 bytes */
        if (cp == '\n' && keep_newlines) {
            i += n;
            continue;
        }
        if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) return true;
        i += n;
    }
    return false;
}

/* True if s is NULL, empty or only ASCII / ideographic white space. */
static bool is_blank(const char *s)
{
    if (!s) return true;
    size_t len = strlen(s), i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = text_decode(s + i, len - i, &cp);
        if (!(cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000)) return false;
        i += n;
    }
    return true;
}

static bool holds_on(const struct coverage_hold *h, struct zdate on)
{
    if (!date_valid(h->claimed) || date_cmp(h->claimed, on) > 0) return false;
    if (h->ended.y == 0 && h->ended.m == 0 && h->ended.d == 0) return true;
    return date_cmp(on, h->ended) < 0;
}

/* ---- coverage ---- */

void post_coverage(const struct coverage_member *m, int nm, const struct coverage_hold *h, int nh,
                   struct zdate on, struct coverage *out, bool *covered_out)
{
    struct coverage c = {0, 0, 0, 0, 0};
    for (int i = 0; i < nm; i++) {
        bool counted = false;
        if (!m[i].on_roster) {
            /* left (or not yet joined) on that day: not counted at all */
        } else if (m[i].has_office) {
            c.office++;
        } else if (m[i].excused) {
            c.excused++;
        } else {
            c.eligible++;
            for (int j = 0; j < nh; j++)
                if (h[j].member_id == m[i].id && holds_on(&h[j], on)) {
                    counted = true;
                    break;
                }
            if (counted) c.covered++;
        }
        if (covered_out) covered_out[i] = counted;
    }
    c.percent = c.eligible == 0 ? 100 : c.covered * 100 / c.eligible;
    *out = c;
}

/* ---- reports ---- */

bool post_report_due(const char *claimed, const char *last_report, struct zdate today,
                     int report_months, struct report_due *out)
{
    struct zdate c, r, base;
    bool have_c = is_set(claimed) && date_parse(claimed, &c);
    bool have_r = is_set(last_report) && date_parse(last_report, &r);
    if (!have_c && !have_r) return false;
    if (have_c && have_r) base = date_cmp(r, c) > 0 ? r : c;
    else base = have_r ? r : c;
    struct report_due d;
    d.due = date_add_months(base, report_months);
    d.days_left = date_diff_days(d.due, today);
    d.overdue = d.days_left < 0;
    *out = d;
    return true;
}

/* ---- reviews ---- */

void post_review_period(struct zdate d, int review_months, struct zdate *start, struct zdate *end)
{
    int k = (review_months >= 1 && review_months <= 12) ? review_months : 12;
    int first = (d.m - 1) / k * k + 1;
    int last = first + k - 1;
    if (last > 12) last = 12;
    *start = (struct zdate){d.y, first, 1};
    *end = (struct zdate){d.y, last, date_days_in_month(d.y, last)};
}

void post_period_label(struct zdate start, struct zdate end, char *out, size_t outsz)
{
    if (outsz == 0) return;
    bool from_jan1 = start.m == 1 && start.d == 1;
    bool to_dec31 = end.m == 12 && end.d == 31;
    bool whole_months = start.d == 1 && end.d == date_days_in_month(end.y, end.m);
    if (start.y == end.y && from_jan1 && to_dec31)
        snprintf(out, outsz, "%d年", start.y);
    else if (start.y == end.y && from_jan1 && end.m == 6 && end.d == 30)
        snprintf(out, outsz, "%d年上半年", start.y);
    else if (start.y == end.y && start.m == 7 && start.d == 1 && to_dec31)
        snprintf(out, outsz, "%d年下半年", start.y);
    else if (start.y == end.y && whole_months && start.m == end.m)
        snprintf(out, outsz, "%d年%d月", start.y, start.m);
    else if (start.y == end.y && whole_months)
        snprintf(out, outsz, "%d年%d-%d月", start.y, start.m, end.m);
    else if (whole_months)
        snprintf(out, outsz, "%d年%d月-%d年%d月", start.y, start.m, end.y, end.m);
    else {
        char a[DATE_STR_LEN], b[DATE_STR_LEN];
        date_format(start, a);
        date_format(end, b);
        snprintf(out, outsz, "%s至%s", a, b);
    }
}

/* ---- checks ---- */

static const char MSG_DATE_FORMAT[] = "日期格式应为 YYYY-MM-DD，且须是真实日期";
static const char MSG_DATE_FUTURE[] = "日期不能晚于今天";

/* A required date, not after today. */
static const char *check_date(const char *s, struct zdate today, struct zdate *out, char *buf,
                              size_t bufsz)
{
    if (!is_set(s)) return MSG_DATE_FORMAT;
    if (!date_parse(s, out)) return date_problem(s, buf, bufsz);
    if (date_cmp(*out, today) > 0) return MSG_DATE_FUTURE;
    return NULL;
}

const char *post_check_claim(const char *claim_date, const char *member_join, const char *member_leave,
                             const char *pledge, struct zdate today, char *buf, size_t bufsz)
{
    struct zdate d, join, leave;
    const char *e = check_date(claim_date, today, &d, buf, bufsz);
    if (e) return e;
    if (is_set(member_join) && date_parse(member_join, &join) && date_cmp(d, join) < 0)
        return "认领日期不能早于入党日期";
    if (is_set(member_leave) && date_parse(member_leave, &leave) && date_cmp(d, leave) > 0)
        return "该党员已离开名册，不能认领岗位";
    if (has_bad_char(pledge, true)) return "承诺含有控制字符或无效字符";
    if (pledge && text_chars(pledge) > 200) return "承诺不能超过200字";
    return NULL;
}

const char *post_check_report(const char *date, const char *claimed, const char *ended,
                              const char *content, struct zdate today, char *buf, size_t bufsz)
{
    struct zdate d, c, e;
    const char *err = check_date(date, today, &d, buf, bufsz);
    if (err) return err;
    if (is_set(claimed) && date_parse(claimed, &c) && date_cmp(d, c) < 0)
        return "汇报日期不能早于认领日期";
    if (is_set(ended) && date_parse(ended, &e) && date_cmp(d, e) > 0)
        return "汇报日期不能晚于卸任日期";
    if (is_blank(content)) return "汇报内容不能为空";
    if (has_bad_char(content, true)) return "汇报内容含有控制字符或无效字符";
    if (text_chars(content) > 2000) return "汇报内容不能超过2000字";
    return NULL;
}

const char *post_check_review_period(struct zdate start, struct zdate end, const char *claimed,
                                     struct zdate today)
{
    struct zdate c;
    if (is_set(claimed) && date_parse(claimed, &c) && date_cmp(end, c) < 0)
        return "评议期间早于认领岗位的日期";
    if (date_cmp(start, today) > 0) return "尚未到评议期间";
    return NULL;
}

const char *post_check_review(struct zdate start, struct zdate end, const char *claimed,
                              const char *rating, const char *date, struct zdate today, char *buf,
                              size_t bufsz)
{
    struct zdate d;
    const char *e = post_check_review_period(start, end, claimed, today);
    if (e) return e;
    if (!is_set(rating) || code_index(POST_RATINGS, rating) < 0) return "请选择评议等次";
    return check_date(date, today, &d, buf, bufsz);
}

const char *post_check_post(const char *name, const char *category, const char *duties, int wanted,
                            const char *active_from, const char *active_to)
{
    if (is_blank(name)) return "岗位名称不能为空";
    if (has_bad_char(name, false)) return "岗位名称含有控制字符或无效字符";
    if (text_chars(name) > 20) return "岗位名称不能超过20字";
    if (has_bad_char(category, false)) return "类别含有控制字符或无效字符";
    if (category && text_chars(category) > 20) return "类别不能超过20字";
    if (has_bad_char(duties, true)) return "岗位职责含有控制字符或无效字符";
    if (duties && text_chars(duties) > 1000) return "岗位职责不能超过1000字";
    if (wanted < 1 || wanted > 99) return "需要人数应为1到99";
    struct zdate from, to;
    bool have_from = false;
    if (is_set(active_from)) {
        if (!date_parse(active_from, &from)) return MSG_DATE_FORMAT;
        have_from = true;
    }
    if (is_set(active_to)) {
        if (!date_parse(active_to, &to)) return MSG_DATE_FORMAT;
        if (have_from && date_cmp(to, from) < 0) return "停止日期不能早于开始日期";
    }
    return NULL;
}

bool post_active_on(bool voided, const char *active_from, const char *active_to, const char *date)
{
    if (voided) return false;
    if (is_set(active_from) && strcmp(active_from, date) > 0) return false;
    if (is_set(active_to) && strcmp(active_to, date) < 0) return false;
    return true;
}

bool post_held_on(const char *claimed, const char *ended, const char *date)
{
    return is_set(claimed) && strcmp(claimed, date) <= 0 && (!is_set(ended) || strcmp(ended, date) > 0);
}
