/* appraisal.c — 民主评议党员 results: the checks of a result and of its follow-up, the counts, and
 * the December review's section appraisal (audit_people.h): the year's appraisal held and every
 * member on the roster at the year's end rated at one (see appraisal.h). */
#include "zhibu/appraisal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/audit.h"
#include "zhibu/audit_people.h"
#include "zhibu/meeting.h"
#include "zhibu/model.h"
#include "zhibu/util.h"
#include "zhibu/year_rules.h"

int appraisal_grade_of(const char *code)
{
    if (!code || !code[0]) return -1;
    for (int i = 0; APPRAISAL_RESULTS[i].code && i < AG_COUNT; i++)
        if (strcmp(APPRAISAL_RESULTS[i].code, code) == 0) return i;
    return -1;
}

bool appraisal_meeting_kind(const char *kind, unsigned also_mask)
{
    return (kind && meeting_kind_of_code(kind) == MK_APPRAISAL) || (also_mask & MK_BIT(MK_APPRAISAL));
}

const char *appraisal_result_check(const struct appraisal_meeting *m,
                                   const struct appraisal_member *who, const char *result)
{
    struct zdate day, joined, left;
    if (!m || !who) return "没有这次会议或这名党员";
    if (m->voided) return "已作废的会议记录不能登记评议结果";
    if (!appraisal_meeting_kind(m->kind, m->also_mask))
        return "只有民主评议党员会议（或同时计为民主评议的会议）才能登记评议结果";
    if (m->branch_id != who->branch_id) return "只能评议本支部的党员";
    if (!m->date || !date_parse(m->date, &day)) return "会议日期无效";
    if (who->join_date && who->join_date[0] &&
        (!date_parse(who->join_date, &joined) || date_cmp(joined, day) > 0))
        return "该党员在会议当日尚未入党，不在名册中";
    struct zdate came;
    if (who->arrived && who->arrived[0] && date_parse(who->arrived, &came) && date_cmp(came, day) > 0)
        return "该党员在会议之后才转入本支部";
    if (who->left && (!who->leave_date || !date_parse(who->leave_date, &left) || date_cmp(left, day) < 0))
        return "该党员在会议之前已离开名册";
    if (appraisal_grade_of(result) < 0) return "评议结果只能是优秀、合格、基本合格或不合格";
    return NULL;
}

const char *appraisal_follow_up_check(const char *result, const char *meeting_date,
                                      const char *follow_up, const char *date, struct zdate today)
{
    if (!follow_up || !follow_up[0]) {
        if (date && date[0]) return "没有组织处置就不必填写处置日期";
        return NULL;
    }
    if (appraisal_grade_of(result) != AG_UNQUALIFIED) return "只有评为不合格的党员才登记组织处置";
    bool known = false;
    for (int i = 0; APPRAISAL_FOLLOW_UPS[i].code; i++)
        if (APPRAISAL_FOLLOW_UPS[i].code[0] && strcmp(APPRAISAL_FOLLOW_UPS[i].code, follow_up) == 0) known = true;
    if (!known)
        return "组织处置只能是限期改正、劝其退党、除名或其他处置";
    struct zdate d, held;
    if (!date || !date[0]) return "须填写处置日期";
    if (!date_parse(date, &d)) return "处置日期无效（格式 YYYY-MM-DD）";
    if (meeting_date && date_parse(meeting_date, &held) && date_cmp(d, held) < 0)
        return "处置日期不能早于评议会议";
    if (date_valid(today) && date_cmp(d, today) > 0) return "处置日期不能晚于今天";
    return NULL;
}

bool appraisal_pending(const char *result, const char *follow_up)
{
    return appraisal_grade_of(result) == AG_UNQUALIFIED && (!follow_up || !follow_up[0]);
}

void appraisal_count(const struct appraisal_entry *v, int n, struct appraisal_counts *out)
{
    memset(out, 0, sizeof *out);
    for (int i = 0; v && i < n; i++) {
        int g = appraisal_grade_of(v[i].result);
        if (g < 0) {
            out->unrated++;
            continue;
        }
        out->by[g]++;
        out->rated++;
        if (appraisal_pending(v[i].result, v[i].follow_up)) out->pending++;
    }
}

void appraisal_counts_text(const struct appraisal_counts *c, char *out, size_t outsz)
{
    if (!out || outsz == 0) return;
    char buf[256];
    int len = snprintf(buf, sizeof buf, "优秀 %d  合格 %d  基本合格 %d  不合格 %d", c->by[AG_EXCELLENT],
                       c->by[AG_QUALIFIED], c->by[AG_BASIC], c->by[AG_UNQUALIFIED]);
    if (c->unrated && len > 0 && (size_t)len < sizeof buf)
        len += snprintf(buf + len, sizeof buf - (size_t)len, "  未评 %d", c->unrated);
    if (c->pending && len > 0 && (size_t)len < sizeof buf)
        snprintf(buf + len, sizeof buf - (size_t)len, "  待处置 %d", c->pending);
    zb_strlcpy(out, buf, outsz);
}

void appraisal_unrated_text(const char *const *names, int n, bool open, const char *note,
                            char *out, size_t outsz)
{
    if (!out || outsz == 0) return;
    out[0] = '\0';
    if (n <= 0) return;
    char buf[4096];
    int len;
    if (open)
        len = snprintf(buf, sizeof buf, "本年度民主评议尚有%d名党员未评定等次%s：", n, note ? note : "");
    else
        len = snprintf(buf, sizeof buf, "本年度民主评议未评定等次的党员%d名%s：", n, note ? note : "");
    if (len < 0 || (size_t)len >= sizeof buf) len = (int)strlen(buf);
    size_t room = outsz < sizeof buf ? outsz : sizeof buf;
    static const char MORE[] = "等";
    for (int k = 0; k < n; k++) {
        char item[160];
        snprintf(item, sizeof item, "%s%s", k ? "、" : "", names[k] ? names[k] : "");
        size_t need = strlen(item) + (k + 1 < n ? sizeof MORE - 1 : 0);
        if ((size_t)len + need + 1 > room) {
            zb_strlcpy(buf + len, MORE, sizeof buf - (size_t)len);
            break;
        }
        memcpy(buf + len, item, strlen(item) + 1);
        len += (int)strlen(item);
    }
    zb_strlcpy(out, buf, outsz);
}

/* ---- the December review (audit_people.h, section appraisal) ---- */

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static bool listed(const int64_t *v, int n, int64_t id)
{
    return v && n > 0 && bsearch(&id, v, (size_t)n, sizeof *v, cmp_id) != NULL;
}

int appraisal_year_held(const struct audit_input *in, struct zdate *last)
{
    int held = 0;
    struct zdate newest = {0};
    for (int i = 0; in && in->meetings && i < in->nmeetings; i++) {
        const struct meeting_fact *f = &in->meetings[i].f;
        if (f->date.y != in->year || f->voided) continue;
        if (f->kind != MK_APPRAISAL && !(f->also_mask & MK_BIT(MK_APPRAISAL))) continue;
        held++;
        if (!date_valid(newest) || date_cmp(f->date, newest) > 0) newest = f->date;
    }
    if (last) *last = newest;
    return held;
}

int appraisal_unrated(const struct audit_input *in, int *idx)
{
    struct zdate last;
    if (!in || !in->people || appraisal_year_held(in, &last) == 0) return -1;
    const struct audit_appraisal *a = &in->people->appraisal;
    int nm = in->members ? in->nmembers : 0;
    struct year_person *yp = xcalloc((size_t)(nm > 0 ? nm : 1), sizeof *yp);
    int ny = audit_year_people(in, yp); /* on the roster at the year's end, in members' order */
    int nun = 0, j = 0;
    for (int k = 0; k < ny; k++) {
        while (j < nm && in->members[j].id != yp[k].id) j++;
        if (j >= nm) break;
        const struct audit_member *m = &in->members[j];
        struct zdate joined;
        if (date_parse(m->join_date, &joined) && date_cmp(joined, last) > 0) continue;
        if (date_valid(m->arrived) && date_cmp(m->arrived, last) > 0) continue;
        if (listed(a->rated, a->nrated, m->id)) continue;
        idx[nun++] = j;
    }
    free(yp);
    return nun;
}

static struct audit_reason *put(struct audit_reason *out, int *n, int max, bool fails, const char *text)
{
    if (*n >= max) return NULL;
    struct audit_reason *r = &out[(*n)++];
    memset(r, 0, sizeof *r);
    r->item = AI_MEMBERS;
    r->fails = fails;
    zb_strlcpy(r->text, text, sizeof r->text);
    return r;
}

static void ref_member(struct audit_reason *r, int64_t id)
{
    if (r && r->nrefs < AUDIT_MAX_REFS) r->refs[r->nrefs++] = (struct audit_ref){REF_MEMBER, id};
}

/* December: the year's appraisal (appraisal_per_year records of kind appraisal or counting as
 * one — the meeting-frequency reasons do not judge this kind, so the reason is this section's),
 * every member on the roster at the year's end who was on it at the year's last appraisal rated
 * at an appraisal of the year, and the 不合格 without a follow-up (listed, 待定). Shortfalls are
 * 待定 "（年末前待定）" until December is over, and 待定 "（台账自…建立）" when the ledger began
 * after January 1 (the earlier part was kept on paper). */
int audit_appraisal_reasons(const struct audit_input *in, const struct audit_rules *r, struct audit_reason *out,
        int max)
{
    if (!in || !r || !out || max <= 0 || in->month != 12 || !in->people) return 0;
    int required = r->freq.appraisal_per_year;
    if (required <= 0) return 0;
    const struct audit_appraisal *a = &in->people->appraisal;
    struct zdate jan1 = {in->year, 1, 1}, dec31 = {in->year, 12, 31};
    bool over = date_cmp(in->today, dec31) > 0;
    bool late_ledger = date_valid(in->since) && date_cmp(in->since, jan1) > 0;
    bool fails = over && !late_ledger;
    char note[64] = "";
    if (late_ledger) snprintf(note, sizeof note, "（台账自%d月%d日建立）", in->since.m, in->since.d);
    else if (!over) zb_strlcpy(note, "（年末前待定）", sizeof note);

    int held = appraisal_year_held(in, NULL);
    int n = 0;
    char text[sizeof out->text];
    if (held < required) {
        if (held == 0)
            snprintf(text, sizeof text, "本年度%s开展民主评议党员%s", over ? "未" : "尚未", note);
        else
            snprintf(text, sizeof text, "本年度民主评议党员%s%d次，应开展%d次%s", over ? "仅开展" : "已开展",
                     held, required, note);
        put(out, &n, max, fails, text);
    }
    if (held == 0) return n;

    int nm = in->members ? in->nmembers : 0;
    int *idx = xcalloc((size_t)(nm > 0 ? nm : 1), sizeof *idx);
    const char **names = xcalloc((size_t)(nm > 0 ? nm : 1), sizeof *names);
    int nun = appraisal_unrated(in, idx);
    for (int k = 0; k < nun; k++) names[k] = in->members[idx[k]].name;
    if (nun > 0) {
        appraisal_unrated_text(names, nun, !over, note, text, sizeof text);
        struct audit_reason *rr = put(out, &n, max, fails, text);
        for (int k = 0; k < nun; k++) ref_member(rr, in->members[idx[k]].id);
    }
    if (a->npending > 0) {
        snprintf(text, sizeof text, "评为不合格的党员%d名尚未登记组织处置（待处置）", a->npending);
        struct audit_reason *rr = put(out, &n, max, false, text);
        for (int k = 0; k < a->npending; k++) ref_member(rr, a->pending[k]);
    }
    free(names);
    free(idx);
    return n;
}
