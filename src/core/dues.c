/* dues.c — 党费 rules: monthly amounts, the state of each month, arrears, and how a payment is
 * split over months (see dues.h). Pure: no I/O; the facts come in, the answers go out. */
#include "zhibu/dues.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Months of years outside DATE_YEAR_MIN..DATE_YEAR_MAX (date.h, as dates) are refused wherever
 * a month comes from the user. */
#define YM_MIN (DATE_YEAR_MIN * 12)
#define YM_MAX (DATE_YEAR_MAX * 12 + 11)

int dues_ym(int year, int month)
{
    return year * 12 + (month - 1);
}

int dues_ym_of_date(struct zdate d)
{
    return dues_ym(d.y, d.m);
}

int dues_ym_year(int ym)
{
    return ym >= 0 ? ym / 12 : -((-ym + 11) / 12);
}

int dues_ym_month(int ym)
{
    return ym - dues_ym_year(ym) * 12 + 1;
}

void dues_ym_format(int ym, char out[8])
{
    month_format((struct zdate){dues_ym_year(ym), dues_ym_month(ym), 1}, out);
}

int dues_ym_parse(const char *s)
{
    struct zdate d;
    if (!month_parse(s, &d)) return -1;
    return dues_ym(d.y, d.m);
}

long dues_parse_yuan(const char *s)
{
    if (!s || !*s) return -1;
    const char *p = s;
    long yuan = 0;
    int ndigits = 0;
    for (; *p >= '0' && *p <= '9'; p++, ndigits++) {
        yuan = yuan * 10 + (*p - '0');
        if (yuan > DUES_MAX_AMOUNT / 100) return -1; /* also keeps the sum from overflowing */
    }
    if (ndigits == 0) return -1;
    long fen = 0;
    if (*p == '.') {
        p++;
        int ndec = 0;
        for (; *p >= '0' && *p <= '9'; p++, ndec++) {
            if (ndec == 2) return -1;
            fen = fen * 10 + (*p - '0');
        }
        if (ndec == 0) return -1;
        if (ndec == 1) fen *= 10;
    }
    if (*p) return -1;
    long total = yuan * 100 + fen;
    return total > DUES_MAX_AMOUNT ? -1 : total;
}

void dues_format_yuan(long fen, char *out, size_t outsz)
{
    if (!out || outsz == 0) return;
    const char *sign = fen < 0 ? "-" : "";
    unsigned long a = fen < 0 ? 0UL - (unsigned long)fen : (unsigned long)fen;
    snprintf(out, outsz, "%s%lu.%02lu", sign, a / 100, a % 100);
}

/* base × rate (basis points) in 分, half up. */
static long apply_rate(long base_fen, int rate)
{
    if (base_fen <= 0 || rate <= 0) return 0;
    long long v = (long long)base_fen * rate;
    return (long)((v + 5000) / 10000);
}

long dues_monthly_amount(const char *category, long base_fen, const struct dues_rules *r)
{
    if (!category || !r) return 0;
    if (strcmp(category, "employed") == 0) {
        int rate = base_fen <= r->employed_bound1   ? r->employed_rate1
                   : base_fen <= r->employed_bound2 ? r->employed_rate2
                   : base_fen <= r->employed_bound3 ? r->employed_rate3
                                                    : r->employed_rate4;
        return apply_rate(base_fen, rate);
    }
    if (strcmp(category, "retired") == 0)
        return apply_rate(base_fen, base_fen <= r->retired_bound1 ? r->retired_rate1 : r->retired_rate2);
    if (strcmp(category, "farmer") == 0) return r->farmer_amount;
    if (strcmp(category, "student") == 0 || strcmp(category, "unemployed") == 0 ||
        strcmp(category, "lowincome") == 0)
        return r->flat_amount;
    return 0;
}

const char *dues_state_label(enum dues_state s)
{
    switch (s) {
    case DUES_NOT_DUE: return "不计";
    case DUES_FUTURE: return "未到";
    case DUES_WAIVED: return "免";
    case DUES_PAID: return "已交";
    case DUES_PARTLY: return "部分";
    case DUES_UNPAID: return "欠";
    }
    return "";
}

static bool on_roster(const struct dues_facts *f, int ym)
{
    return ym >= f->join_ym && (f->start_ym == 0 || ym >= f->start_ym) &&
           (f->leave_ym == 0 || ym <= f->leave_ym);
}

static const struct dues_basis *basis_for(const struct dues_facts *f, int ym)
{
    if (f->nbases <= 0 || !f->bases) return NULL;
    const struct dues_basis *b = &f->bases[0];
    for (int i = 1; i < f->nbases; i++)
        if (f->bases[i].from_ym <= ym) b = &f->bases[i];
    return b;
}

bool dues_base_missing(const struct dues_facts *f, int ym)
{
    const struct dues_basis *b = basis_for(f, ym);
    return b && b->base_fen <= 0 &&
           (strcmp(b->category, "employed") == 0 || strcmp(b->category, "retired") == 0);
}

/* An approved adjustment makes nothing due this month (免交, or 减交 to nothing). */
static bool waived_by_adjust(const struct dues_facts *f, int ym);

bool dues_base_needed(const struct dues_facts *f, int ym)
{
    return on_roster(f, ym) && dues_base_missing(f, ym) && !waived_by_adjust(f, ym);
}

static bool waived_by_adjust(const struct dues_facts *f, int ym)
{
    bool waived = false;
    for (int i = 0; i < f->nadjusts; i++) {
        const struct dues_adjust *a = &f->adjusts[i];
        if (ym < a->from_ym || ym > a->to_ym) continue;
        if (a->kind == DUES_WAIVE) waived = true;
        else if (a->kind == DUES_REDUCE && a->amount <= 0) waived = true;
    }
    return waived;
}

static long paid_in(const struct dues_facts *f, int ym)
{
    long sum = 0;
    for (int i = 0; i < f->npaid; i++)
        if (f->paid[i].ym == ym) sum += f->paid[i].amount;
    return sum;
}

/* The month with its paid sum already known (so callers walking many months can sum once). */
/* The monthly amount of the last basis asked for (a member's months mostly share one). */
struct basis_memo {
    const struct dues_basis *b;
    long due;
};

/* Inlined into dues_status_of's walk (the compiler's own choice split it and called the rest:
 * the walk took 40 M instructions of one month's review of the ten-year district, 27 M
 * inlined). */
static inline __attribute__((always_inline)) struct dues_month
month_with_paid(const struct dues_facts *f, int ym, int current_ym, const struct dues_rules *r, long paid,
                struct basis_memo *memo)
{
    struct dues_month m = {.ym = ym, .due = 0, .paid = paid, .state = DUES_NOT_DUE, .deferred = false};
    if (!on_roster(f, ym)) return m;

    const struct dues_basis *b = basis_for(f, ym);
    long due;
    if (memo && memo->b == b && b) {
        due = memo->due;
    } else {
        due = b ? dues_monthly_amount(b->category, b->base_fen, r) : 0;
        if (memo) *memo = (struct basis_memo){b, due};
    }
    bool waived = false;
    /* Several adjustments may cover one month: any waiver wins, the last reduction listed
     * applies, and a deferral only marks the month. */
    for (int i = 0; i < f->nadjusts; i++) {
        const struct dues_adjust *a = &f->adjusts[i];
        if (ym < a->from_ym || ym > a->to_ym) continue;
        switch (a->kind) {
        case DUES_WAIVE: waived = true; break;
        case DUES_REDUCE: due = a->amount > 0 ? a->amount : 0; break;
        case DUES_DEFER: m.deferred = true; break;
        }
    }
    if (waived) due = 0;
    m.due = due;

    if (due <= 0) m.state = paid > 0 && !waived ? DUES_PAID : DUES_WAIVED;
    else if (paid >= due) m.state = DUES_PAID;
    else if (paid > 0) m.state = DUES_PARTLY;
    else if (ym > current_ym) m.state = DUES_FUTURE;
    else m.state = DUES_UNPAID;
    return m;
}

struct dues_month dues_month_of(const struct dues_facts *f, int ym, int current_ym,
                                const struct dues_rules *r)
{
    return month_with_paid(f, ym, current_ym, r, paid_in(f, ym), NULL);
}

void dues_status_of(const struct dues_facts *f, int current_ym, const struct dues_rules *r,
                    struct dues_status *out)
{
    memset(out, 0, sizeof *out);
    out->paid_through_ym = f->join_ym - 1;

    /* Walk from admission to the latest month that could matter: now, or the last month paid
     * ahead, but never past leaving. */
    int last = current_ym;
    for (int i = 0; i < f->npaid; i++)
        if (f->paid[i].ym > last) last = f->paid[i].ym;
    if (f->leave_ym != 0 && f->leave_ym < last) last = f->leave_ym;
    if (last < f->join_ym) return;

    /* Months before the ledger's start for the member (start_ym) are not due: each would only
     * move paid_through_ym on and reset the run, so the walk begins at the start. */
    int first = f->join_ym;
    if (f->start_ym != 0 && f->start_ym > first) first = f->start_ym;
    if (first > last) {
        out->paid_through_ym = last;
        first = last + 1;
    } else {
        out->paid_through_ym = first - 1;
    }

    /* Sum the payments per month once (on the stack for a span of up to five years: the
     * monthly review's window and then some, 22,000 calls a month of the district). */
    int span = last - first + 1;
    long room[60];
    long *paid = span <= (int)(sizeof room / sizeof room[0]) ? room : calloc((size_t)span, sizeof *paid);
    if (!paid) abort();
    if (paid == room) memset(room, 0, (size_t)(span > 0 ? span : 0) * sizeof *room);
    for (int i = 0; i < f->npaid; i++) {
        int k = f->paid[i].ym - first;
        if (k >= 0 && k < span) paid[k] += f->paid[i].amount;
    }

    bool through = true;
    int run = 0, talk_owed = 0;
    struct basis_memo memo = {0};
    for (int k = 0; k < span; k++) {
        int ym = first + k;
        struct dues_month m = month_with_paid(f, ym, current_ym, r, paid[k], &memo);
        if (through) {
            if (m.state == DUES_PAID || m.state == DUES_WAIVED || m.state == DUES_NOT_DUE)
                out->paid_through_ym = ym;
            else
                through = false;
        }
        if (ym >= current_ym) continue;
        if (m.state == DUES_UNPAID || m.state == DUES_PARTLY) {
            out->months_owed++;
            out->amount_owed += m.due - m.paid;
            if (!m.deferred) talk_owed++;
        }
        if (m.state == DUES_UNPAID && !m.deferred) {
            if (++run > out->unpaid_run) out->unpaid_run = run;
        } else {
            run = 0;
        }
    }
    if (paid != room) free(paid);

    /* A month deferred (缓交) with approval is still owed, but no reason to talk to the member. */
    out->needs_talk = talk_owed > 0 && talk_owed >= r->arrears_talk_months;
    out->lapse = out->unpaid_run > 0 && out->unpaid_run >= r->arrears_lapse_months;
}

int dues_leave_ym(struct zdate left, int paid_through_ym, int join_ym)
{
    int ym = paid_through_ym > 0 ? paid_through_ym
             : left.d == 1     ? dues_ym_of_date(left) - 1
                               : dues_ym_of_date(left);
    return ym < join_ym - 1 ? join_ym - 1 : ym;
}

/* The date a stored date or timestamp begins with (its first 10 characters); false if none. */
static bool day_of(const char *text, struct zdate *out)
{
    char day[DATE_STR_LEN];
    size_t n = text ? strnlen(text, DATE_STR_LEN - 1) : 0;
    memcpy(day, text ? text : "", n);
    day[n] = '\0';
    return date_parse(day, out);
}

int dues_join_ym(const char *join_date, const char *created_at)
{
    struct zdate d;
    if (join_date && date_parse(join_date, &d)) return dues_ym_of_date(d);
    return day_of(created_at, &d) ? dues_ym_of_date(d) : 0;
}

int dues_leave_ym_of(const char *leave_status, const char *leave_date, const char *updated_at,
                     int join_ym, const char *paid_through)
{
    if (!leave_status || !leave_status[0]) return 0;
    struct zdate left;
    if (!leave_date || !date_parse(leave_date, &left)) { /* no date: when the row last changed */
        if (!day_of(updated_at, &left)) return join_ym;
    }
    int through = strcmp(leave_status, "transferred") == 0 && paid_through && paid_through[0]
                      ? dues_ym_parse(paid_through)
                      : -1;
    return dues_leave_ym(left, through, join_ym);
}

int dues_member_start(int branch_start, const char *paid_through, const char *arrived)
{
    int ym = paid_through ? dues_ym_parse(paid_through) : -1;
    int from = ym >= 0 ? ym + 1 : -1;
    struct zdate d;
    if (from < 0 && arrived && date_parse(arrived, &d)) from = dues_ym_of_date(d);
    return from > branch_start ? from : branch_start;
}

/* A month that can take money: on the roster and not waived by an approved adjustment. A month
 * whose amount is nothing for lack of a base can still take money (it shows as paid). */
static bool payable(const struct dues_facts *f, int ym)
{
    return on_roster(f, ym) && !waived_by_adjust(f, ym);
}

int dues_allocate(const struct dues_facts *f, int from_ym, int to_ym, long amount,
                  const struct dues_rules *r, struct dues_paid *out)
{
    if (amount <= 0 || from_ym > to_ym) return 0;
    int n = 0, last_payable = 0;
    bool any = false;
    long left = amount;
    for (int ym = from_ym; ym <= to_ym; ym++) {
        if (!payable(f, ym)) continue;
        any = true;
        last_payable = ym;
        if (left <= 0) continue;
        struct dues_month m = dues_month_of(f, ym, ym, r);
        long lack = m.due - m.paid;
        if (lack <= 0) continue;
        long take = lack < left ? lack : left;
        out[n++] = (struct dues_paid){.ym = ym, .amount = take};
        left -= take;
    }
    if (!any) return 0;
    if (left > 0) {
        if (n > 0 && out[n - 1].ym == last_payable) out[n - 1].amount += left;
        else out[n++] = (struct dues_paid){.ym = last_payable, .amount = left};
    }
    return n;
}

long dues_amount_for(const struct dues_facts *f, int from_ym, int to_ym, const struct dues_rules *r)
{
    long sum = 0;
    for (int ym = from_ym; ym <= to_ym; ym++) {
        if (!payable(f, ym)) continue;
        struct dues_month m = dues_month_of(f, ym, ym, r);
        if (m.due > m.paid) sum += m.due - m.paid;
    }
    return sum;
}

const char *dues_check_payment(const struct dues_facts *f, int from_ym, int to_ym, long amount,
                               const char *paid_date, struct zdate today, char *buf, size_t bufsz)
{
    if (amount <= 0) return "金额须大于零";
    if (amount > DUES_MAX_AMOUNT) return "金额过大（单笔不能超过10万元）";
    if (from_ym < YM_MIN || to_ym > YM_MAX || from_ym > to_ym) return "起止月份有误";
    if (f && from_ym < f->join_ym) return "不能为入党前的月份交党费";
    if (f && f->start_ym && from_ym < f->start_ym) return "不能为党费台账起始月份之前的月份交党费";
    if (f && f->leave_ym != 0 && to_ym > f->leave_ym) return "不能为离开名册后的月份交党费";
    if (to_ym - from_ym + 1 > 24) return "一次最多交24个月";
    struct zdate d;
    if (!date_parse(paid_date, &d)) return date_problem(paid_date, buf, bufsz);
    if (date_cmp(d, today) > 0) return "交费日期不能晚于今天";
    if (f) {
        bool any = false;
        for (int ym = from_ym; ym <= to_ym && !any; ym++) any = payable(f, ym);
        if (!any) return "所选月份均已免交，无需交党费";
    }
    return NULL;
}

/* ---- the checks every stored dues row passes (store writes and bundle imports) ---- */

_Static_assert(DUES_MAX_AMOUNT == 10000000L, "the messages below say 100000 元");

bool dues_ym_valid(int ym)
{
    return ym >= YM_MIN && ym <= YM_MAX;
}

const char *dues_check_allocations(int from_ym, int to_ym, long amount, const struct dues_paid *alloc,
                                   int nalloc)
{
    if (!alloc || nalloc <= 0) return "交费未分配到月份";
    long sum = 0;
    for (int i = 0; i < nalloc; i++) {
        if (alloc[i].ym < from_ym || alloc[i].ym > to_ym) return "分配的月份不在交费起止月份之内";
        if (alloc[i].amount <= 0 || alloc[i].amount > DUES_MAX_AMOUNT) return "分配到月份的金额无效";
        sum += alloc[i].amount; /* each at most DUES_MAX_AMOUNT: no overflow for any count an int holds */
    }
    if (sum != amount) return "各月分配合计与交费金额不符";
    return NULL;
}

const char *dues_check_entry(int from_ym, int to_ym, long amount, const char *paid_date)
{
    if (amount <= 0) return "交费金额须大于0";
    if (amount > DUES_MAX_AMOUNT) return "交费金额不能超过 100000 元";
    if (!dues_ym_valid(from_ym) || !dues_ym_valid(to_ym)) return "交费月份无效";
    if (from_ym > to_ym) return "起始月份不能晚于结束月份";
    if (!date_parse(paid_date, NULL)) return "交费日期格式应为 YYYY-MM-DD，且须是真实日期";
    return NULL;
}

const char *dues_check_basis(int from_ym, const char *category, long base_fen)
{
    static const char *const CATEGORIES[] = {"employed", "retired", "farmer", "student",
                                             "unemployed", "lowincome"};
    if (!dues_ym_valid(from_ym)) return "起始月份无效";
    bool known = false;
    for (size_t i = 0; category && i < sizeof CATEGORIES / sizeof CATEGORIES[0]; i++)
        known = known || strcmp(category, CATEGORIES[i]) == 0;
    if (!known) return "党费类别无效";
    if (base_fen < 0) return "党费基数不能为负数";
    if (base_fen > DUES_MAX_AMOUNT) return "党费基数不能超过 100000 元";
    return NULL;
}

const char *dues_check_adjust(int from_ym, int to_ym, int kind, long amount)
{
    if (!dues_ym_valid(from_ym) || !dues_ym_valid(to_ym)) return "起止月份无效";
    if (from_ym > to_ym) return "起始月份不能晚于结束月份";
    if (kind != DUES_WAIVE && kind != DUES_REDUCE && kind != DUES_DEFER) return "减免类别无效";
    if (amount < 0 || amount > DUES_MAX_AMOUNT) return "减交金额无效";
    return NULL;
}

int dues_adjust_kind_of(const char *code)
{
    if (!code) return -1;
    if (strcmp(code, "waive") == 0) return DUES_WAIVE;
    if (strcmp(code, "reduce") == 0) return DUES_REDUCE;
    if (strcmp(code, "defer") == 0) return DUES_DEFER;
    return -1;
}
