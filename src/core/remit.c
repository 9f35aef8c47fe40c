/* remit.c — 党费上缴 (remit.h): the check of a remittance, collected against remitted, and the
 * review's section remit (audit_people.h): a branch that has not handed its dues up within
 * remit_interval_months once the month under review is over. */
#include "zhibu/remit.h"

#include <stdio.h>
#include <string.h>

#include "zhibu/audit.h"
#include "zhibu/audit_people.h"
#include "zhibu/dues.h"
#include "zhibu/model.h"

void remit_months_text(int from_ym, int to_ym, char *out, size_t outsz)
{
    int fy = dues_ym_year(from_ym), fm = dues_ym_month(from_ym);
    int ty = dues_ym_year(to_ym), tm = dues_ym_month(to_ym);
    if (from_ym == to_ym)
        snprintf(out, outsz, "%d年%d月", fy, fm);
    else if (fy == ty)
        snprintf(out, outsz, "%d年%d月至%d月", fy, fm, tm);
    else
        snprintf(out, outsz, "%d年%d月至%d年%d月", fy, fm, ty, tm);
}

const char *remit_check(const char *date, int from_ym, int to_ym, long amount, const char *receipt,
                        struct zdate today, const struct remit_span *others, int nothers,
                        const char *const *other_dates, const char *const *other_receipts,
                        char *buf, size_t bufsz)
{
    struct zdate d;
    if (!date || !*date) return "须填写上缴日期";
    if (!date_parse(date, &d)) {
        const char *p = date_problem(date, buf, bufsz);
        return p ? p : "上缴日期格式应为 YYYY-MM-DD，且须是真实日期";
    }
    if (date_cmp(d, today) > 0) return "上缴日期不能晚于今天";
    if (!dues_ym_valid(from_ym) || !dues_ym_valid(to_ym)) return "上缴月份无效";
    if (from_ym > to_ym) return "起始月份不能晚于截止月份";
    int dym = dues_ym_of_date(d);
    if (to_ym > dym) {
        char m[64];
        remit_months_text(to_ym, to_ym, m, sizeof m);
        snprintf(buf, bufsz, "不能上缴%s及以后的党费：上缴日期为%d年%d月", m, d.y, d.m);
        return buf;
    }
    if (amount < 0) return "上缴金额不能为负数";
    if (amount > DUES_MAX_AMOUNT) return "上缴金额不能超过 100000 元";
    if (receipt && strlen(receipt) >= REMIT_RECEIPT_BYTES) return "收据编号过长";
    for (int i = 0; i < nothers; i++) {
        const struct remit_span *o = &others[i];
        if (o->to_ym < from_ym || o->from_ym > to_ym) continue;
        char m[64];
        remit_months_text(o->from_ym, o->to_ym, m, sizeof m);
        const char *od = other_dates && other_dates[i] ? other_dates[i] : "";
        const char *orc = other_receipts && other_receipts[i] ? other_receipts[i] : "";
        if (*orc)
            snprintf(buf, bufsz, "%s已上缴（%s，收据 %s），不能重复上缴", m, od, orc);
        else
            snprintf(buf, bufsz, "%s已上缴（%s），不能重复上缴", m, od);
        return buf;
    }
    return NULL;
}

long remit_share(const struct remit_span *s, int ym)
{
    if (ym < s->from_ym || ym > s->to_ym) return 0;
    long months = s->to_ym - s->from_ym + 1;
    long each = s->amount / months;
    return ym == s->to_ym ? s->amount - each * (months - 1) : each;
}

long remit_remitted(const struct remit_span *spans, int n, int from_ym, int to_ym)
{
    long sum = 0;
    for (int i = 0; i < n; i++) {
        const struct remit_span *s = &spans[i];
        if (s->to_ym < from_ym || s->from_ym > to_ym) continue;
        if (s->from_ym >= from_ym && s->to_ym <= to_ym) {
            sum += s->amount;
            continue;
        }
        for (int ym = from_ym; ym <= to_ym; ym++) sum += remit_share(s, ym);
    }
    return sum;
}

int remit_through(const struct remit_span *spans, int n)
{
    int t = 0;
    for (int i = 0; i < n; i++)
        if (spans[i].to_ym > t) t = spans[i].to_ym;
    return t;
}

void remit_next_months(int through_ym, int start_ym, struct zdate today, int *from_ym, int *to_ym)
{
    int from = through_ym > 0 ? through_ym + 1 : start_ym;
    int last = dues_ym_of_date(today) - 1;
    if (from <= 0) from = last;
    *from_ym = from;
    *to_ym = last >= from ? last : from;
}

bool remit_behind(int through_ym, int start_ym, int ym, int interval)
{
    /* months before the ledger's start were kept (and handed up) on paper */
    int through = through_ym > start_ym - 1 ? through_ym : start_ym - 1;
    return through < ym - interval;
}

int audit_remit_reasons(const struct audit_input *in, const struct audit_rules *r,
                        struct audit_reason *out, int max)
{
    if (!in->people || max < 1 || in->nmembers == 0) return 0;
    const struct audit_remit *f = &in->people->remit;
    int interval = r->people.remit_interval_months > 0 ? r->people.remit_interval_months : 3;
    struct zdate end = date_month_end((struct zdate){in->year, in->month, 1});
    if (date_cmp(in->today, end) <= 0) return 0; /* judged once the month is over */
    int ym = dues_ym(in->year, in->month);
    int start = f->start_ym > 0 ? f->start_ym
                : date_valid(in->since) ? dues_ym_of_date(in->since)
                                        : ym;
    if (!remit_behind(f->through_ym, start, ym, interval)) return 0;
    struct audit_reason *o = &out[0];
    memset(o, 0, sizeof *o);
    o->item = AI_DUES;
    o->fails = true;
    if (f->through_ym > 0)
        snprintf(o->text, sizeof o->text, "党费已上缴至%d年%d月，超过%d个月未上缴",
                 dues_ym_year(f->through_ym), dues_ym_month(f->through_ym), interval);
    else
        snprintf(o->text, sizeof o->text, "党费自%d年%d月起未上缴，超过%d个月未上缴",
                 dues_ym_year(start), dues_ym_month(start), interval);
    return 1;
}
