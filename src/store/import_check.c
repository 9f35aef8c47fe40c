/* import_check.c — before an import writes anything, every row it would write is checked as a
 * form's row is (see import_check.h): each column against its rule (core/row_rules.c), then each
 * record whole with its form's check, on the rows as they will stand (a meeting with the
 * attendance and resolutions it keeps, a payment with its months). SQL text built here holds
 * identifiers read from the staging database's schema (quoted) and constants only. */
#include "store_priv.h"

#include "import_check.h"

#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/branch_rules.h"
#include "zhibu/clock.h"
#include "zhibu/dues.h"
#include "zhibu/meeting.h"
#include "zhibu/posts.h"
#include "zhibu/row_rules.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/validate.h"

/* the pseudo-tables of a ledger bundle (exchange.c): the journal is checked as a chain
 * elsewhere; the ledger start is one month */
#define JOURNAL "journal"
#define BRANCH_META "branch_meta"

struct ictx {
    sqlite3 *db;
    const struct exchange_limits *lim;
    struct row_limits rl;
    char *msg;
    size_t msgsz;
    sqlite3_stmt *member_dates, *holding_dates; /* lookup2's queries, prepared once */
    bool every;                                 /* every staged row is to be written */
};

static int stage_error(struct ictx *c)
{
    snprintf(c->msg, c->msgsz, "核对交换包失败: %s", sqlite3_errmsg(c->db));
    return STORE_ERR;
}

/* "交换包中表 T 的记录 UUID8 有误：WHAT，整个交换包未导入" */
static int bad_row(struct ictx *c, const char *table, const unsigned char *uuid, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int bad_row(struct ictx *c, const char *table, const unsigned char *uuid, const char *fmt, ...)
{
    char what[384];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    snprintf(c->msg, c->msgsz, "交换包中表 %s 的记录 %.8s 有误：%s，整个交换包未导入", table,
             uuid ? (const char *)uuid : "", what);
    return STORE_ERR_CONSTRAINT;
}

/* A value shown in a message: at most 24 bytes of it, whole characters, controls and invalid
 * bytes as '?', so that the message stays one short line. */
static void shown(const struct col_value *v, char *out, size_t outsz)
{
    if (v->type == CV_INT) {
        snprintf(out, outsz, "%lld", v->i);
        return;
    }
    size_t o = 0;
    for (size_t i = 0; v->type == CV_TEXT && v->s && i < v->n && o + 5 < outsz && o < 24;) {
        uint32_t cp;
        size_t k = text_decode(v->s + i, v->n - i, &cp);
        if ((cp == TEXT_REPLACEMENT && k == 1) || cp < 0x20 || cp == 0x7F) {
            out[o++] = '?';
        } else {
            memcpy(out + o, v->s + i, k);
            o += k;
        }
        i += k;
    }
    if (v->type == CV_TEXT && v->n > 24 && o + 4 < outsz) {
        memcpy(out + o, "…", 3);
        o += 3;
    }
    out[o] = '\0';
}

static struct col_value value_of(sqlite3_stmt *s, int col)
{
    struct col_value v = {.type = CV_OTHER};
    switch (sqlite3_column_type(s, col)) {
    case SQLITE_NULL: v.type = CV_NULL; break;
    case SQLITE_INTEGER:
        v.type = CV_INT;
        v.i = sqlite3_column_int64(s, col);
        break;
    case SQLITE_TEXT:
        v.type = CV_TEXT;
        v.s = (const char *)sqlite3_column_text(s, col);
        v.n = (size_t)sqlite3_column_bytes(s, col);
        break;
    default: break;
    }
    return v;
}

static int col_index(sqlite3_stmt *s, const char *name)
{
    int n = sqlite3_column_count(s);
    for (int i = 0; i < n; i++)
        if (strcmp(sqlite3_column_name(s, i), name) == 0) return i;
    return -1;
}

/* The text of a column by name ("" for NULL, a number or a missing column). */
static const char *txt(sqlite3_stmt *s, const char *name)
{
    int i = col_index(s, name);
    if (i < 0 || sqlite3_column_type(s, i) != SQLITE_TEXT) return "";
    return (const char *)sqlite3_column_text(s, i);
}

static long long num(sqlite3_stmt *s, const char *name)
{
    int i = col_index(s, name);
    return i < 0 ? 0 : sqlite3_column_int64(s, i);
}

static bool null_col(sqlite3_stmt *s, const char *name)
{
    int i = col_index(s, name);
    return i < 0 || sqlite3_column_type(s, i) == SQLITE_NULL;
}

static bool has_table(struct ictx *c, const char *name)
{
    sqlite3_stmt *s = NULL;
    bool found = false;
    if (sqlite3_prepare_v2(c->db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
                           -1, &s, NULL) == SQLITE_OK) {
        sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
        found = sqlite3_step(s) == SQLITE_ROW;
    }
    sqlite3_finalize(s);
    return found;
}

static void ident(char *out, size_t outsz, const char *prefix, const char *name, const char *suffix)
{
    size_t o = (size_t)snprintf(out, outsz, "%s\"", prefix);
    for (const char *p = name; *p && o + 3 < outsz; p++) {
        if (*p == '"') out[o++] = '"';
        out[o++] = *p;
    }
    snprintf(out + o, outsz - o, "\"%s", suffix);
}

/* ---- records whole ----------------------------------------------------------------------- */

static int check_member(struct ictx *c, sqlite3_stmt *s, const unsigned char *uuid)
{
    struct member m;
    memset(&m, 0, sizeof m);
    zb_strlcpy(m.name, txt(s, "name"), sizeof m.name);
    zb_strlcpy(m.gender, txt(s, "gender"), sizeof m.gender);
    zb_strlcpy(m.birth_date, txt(s, "birth_date"), sizeof m.birth_date);
    zb_strlcpy(m.ethnicity, txt(s, "ethnicity"), sizeof m.ethnicity);
    zb_strlcpy(m.education, txt(s, "education"), sizeof m.education);
    zb_strlcpy(m.phone, txt(s, "phone"), sizeof m.phone);
    zb_strlcpy(m.join_date, txt(s, "join_date"), sizeof m.join_date);
    zb_strlcpy(m.full_date, txt(s, "full_date"), sizeof m.full_date);
    zb_strlcpy(m.status, txt(s, "status"), sizeof m.status);
    zb_strlcpy(m.dues_category, txt(s, "dues_category"), sizeof m.dues_category);
    zb_strlcpy(m.category, txt(s, "category"), sizeof m.category);
    zb_strlcpy(m.office, txt(s, "office"), sizeof m.office);
    zb_strlcpy(m.leave_status, txt(s, "leave_status"), sizeof m.leave_status);
    zb_strlcpy(m.leave_date, txt(s, "leave_date"), sizeof m.leave_date);
    zb_strlcpy(m.leave_reason, txt(s, "leave_reason"), sizeof m.leave_reason);
    zb_strlcpy(m.note, txt(s, "note"), sizeof m.note);
    m.mobile = num(s, "mobile") != 0;
    struct valid_result v = validate_member(&m, c->rl.latest, c->lim->min_join_age,
                                            c->lim->probation_months);
    if (v.code == V_OK) return STORE_OK;
    char msgbuf[ZB_MSG_MAX];
    return bad_row(c, "member", uuid, "%s：%s", validate_field_label(v.field),
                   validate_message_rules(v.code, c->lim->min_join_age, c->lim->probation_months,
                                          msgbuf, sizeof msgbuf));
}

/* The claim of a holding (its member's join and leave dates), of a report or review (its
 * holding's claimed and ended), read from the stage by uuid. */
static int lookup2(struct ictx *c, sqlite3_stmt **cached, const char *sql, const char *uuid, char *a,
                   size_t asz, char *b, size_t bsz)
{
    if (!*cached && sqlite3_prepare_v2(c->db, sql, -1, cached, NULL) != SQLITE_OK)
        return stage_error(c);
    sqlite3_stmt *s = *cached;
    sqlite3_reset(s);
    sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
    a[0] = b[0] = '\0';
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        const unsigned char *x = sqlite3_column_text(s, 0), *y = sqlite3_column_text(s, 1);
        zb_strlcpy(a, x ? (const char *)x : "", asz);
        zb_strlcpy(b, y ? (const char *)y : "", bsz);
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : stage_error(c);
}

static int check_record(struct ictx *c, const char *table, sqlite3_stmt *s)
{
    const unsigned char *uuid = sqlite3_column_text(s, 0);
    const char *why = NULL;
    char a[64], b[64], msgbuf[ZB_MSG_MAX];
    int rc;
    if (strcmp(table, "branch") == 0) {
        struct branch br;
        memset(&br, 0, sizeof br);
        zb_strlcpy(br.code, txt(s, "code"), sizeof br.code);
        zb_strlcpy(br.name, txt(s, "name"), sizeof br.name);
        zb_strlcpy(br.type, txt(s, "type"), sizeof br.type);
        zb_strlcpy(br.theme_day, txt(s, "theme_day"), sizeof br.theme_day);
        enum branch_field f;
        why = branch_check(&br, &f);
    } else if (strcmp(table, "party_group") == 0) {
        why = group_name_check(txt(s, "name"));
        /* dates: "" start only in a row from before schema 9 (a bundle carries the column) */
        if (!why && txt(s, "start_date")[0])
            why = group_dates_check(txt(s, "start_date"), txt(s, "end_date"), c->rl.latest, NULL, msgbuf,
                                    sizeof msgbuf);
    } else if (strcmp(table, "member") == 0) {
        return check_member(c, s, uuid);
    } else if (strcmp(table, "dues_basis") == 0) {
        why = dues_check_basis(dues_ym_parse(txt(s, "from_month")), txt(s, "category"),
                               (long)num(s, "base_fen"));
    } else if (strcmp(table, "dues_adjust") == 0) {
        why = dues_check_adjust(dues_ym_parse(txt(s, "from_month")), dues_ym_parse(txt(s, "to_month")),
                                dues_adjust_kind_of(txt(s, "kind")), (long)num(s, "amount"));
    } else if (strcmp(table, "post") == 0) {
        why = post_check_post(txt(s, "name"), txt(s, "category"), txt(s, "duties"),
                              (int)num(s, "wanted"), txt(s, "active_from"), txt(s, "active_to"));
    } else if (strcmp(table, "post_holding") == 0) {
        rc = lookup2(c, &c->member_dates, "SELECT join_date, CASE WHEN leave_status <> '' THEN leave_date END"
                        " FROM member WHERE uuid = ?1",
                     txt(s, "member_id"), a, sizeof a, b, sizeof b);
        if (rc != STORE_OK) return rc;
        why = post_check_claim(txt(s, "claimed"), a, b, txt(s, "pledge"), c->rl.latest, msgbuf, sizeof msgbuf);
    } else if (strcmp(table, "post_report") == 0 || strcmp(table, "post_review") == 0) {
        rc = lookup2(c, &c->holding_dates, "SELECT claimed, ended FROM post_holding WHERE uuid = ?1",
                     txt(s, "holding_id"), a, sizeof a, b, sizeof b);
        if (rc != STORE_OK) return rc;
        if (strcmp(table, "post_report") == 0) {
            why = post_check_report(txt(s, "date"), a, b, txt(s, "content"), c->rl.latest, msgbuf,
                                    sizeof msgbuf);
        } else {
            struct zdate ps, pe;
            if (!date_parse(txt(s, "period_start"), &ps) || !date_parse(txt(s, "period_end"), &pe))
                why = "评议期间的日期无效";
            else if (date_cmp(pe, ps) < 0)
                why = "评议期间的截止日期不能早于开始日期";
            else
                why = post_check_review(ps, pe, a, txt(s, "rating"), txt(s, "date"), c->rl.latest, msgbuf,
                                        sizeof msgbuf);
        }
    }
    return why ? bad_row(c, table, uuid, "%s", why) : STORE_OK;
}

/* ---- meetings with their attendance and resolutions -------------------------------------- */

static uint64_t uuid_hash(const unsigned char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; s && *s; s++) h = (h ^ *s) * 1099511628211ull;
    return h ? h : 1;
}

/* The rows of a meeting's children that stay (a removed child is listed in zx_do with act 1). */
#define KEPT_CHILD " AND NOT EXISTS (SELECT 1 FROM zx_do d WHERE d.uuid = t.uuid AND d.act = 1)"

static int check_meeting(struct ictx *c, sqlite3_stmt *ms, sqlite3_stmt *att, sqlite3_stmt *natt,
                         sqlite3_stmt *res, long long members)
{
    const unsigned char *uuid = sqlite3_column_text(ms, 0);
    struct meeting m;
    memset(&m, 0, sizeof m);
    zb_strlcpy(m.kind, txt(ms, "kind"), sizeof m.kind);
    m.also_mask = (unsigned)num(ms, "also_mask");
    zb_strlcpy(m.date, txt(ms, "date"), sizeof m.date);
    zb_strlcpy(m.start_time, txt(ms, "start_time"), sizeof m.start_time);
    zb_strlcpy(m.end_time, txt(ms, "end_time"), sizeof m.end_time);
    zb_strlcpy(m.place, txt(ms, "place"), sizeof m.place);
    zb_strlcpy(m.lecturer_name, txt(ms, "lecturer_name"), sizeof m.lecturer_name);
    zb_strlcpy(m.observers, txt(ms, "observers"), sizeof m.observers);
    m.group_id = null_col(ms, "group_id") ? 0 : 1;
    m.host_id = null_col(ms, "host_id") ? 0 : 1;
    m.recorder_id = null_col(ms, "recorder_id") ? 0 : 1;
    m.lecturer_id = null_col(ms, "lecturer_id") ? 0 : 1;
    m.election = num(ms, "election") != 0;
    m.no_resolutions = num(ms, "no_resolutions") != 0;
    m.topics = (char *)txt(ms, "topics");    /* read only: meeting_check does not change them */
    m.minutes = (char *)txt(ms, "minutes");
    m.expected = (int)num(ms, "expected");
    m.present = (int)num(ms, "present");
    m.on_leave = (int)num(ms, "on_leave");
    m.absent = (int)num(ms, "absent");
    m.voting_expected = (int)num(ms, "voting_expected");
    m.voting_present = (int)num(ms, "voting_present");
    m.quorum = (int)num(ms, "quorum");
    m.missing_mask = (unsigned)num(ms, "missing_mask");

    /* a list holds each member of the branch once at most: a longer one is refused before it
     * is read (it would be held in memory) */
    int rc = STORE_OK, src;
    sqlite3_reset(natt);
    sqlite3_bind_value(natt, 1, sqlite3_column_value(ms, 0));
    if (sqlite3_step(natt) != SQLITE_ROW) return stage_error(c);
    long long listed = sqlite3_column_int64(natt, 0);
    sqlite3_reset(natt);
    if (listed > members)
        return bad_row(c, "meeting", uuid, "出席名单有 %lld 人，多于本支部的 %lld 名党员", listed,
                       members);
    int cap = 0;
    sqlite3_reset(att);
    sqlite3_bind_value(att, 1, sqlite3_column_value(ms, 0));
    while ((src = sqlite3_step(att)) == SQLITE_ROW) {
        if (m.nattendees == cap) {
            cap = cap ? cap * 2 : 64;
            m.attendees = xrealloc(m.attendees, (size_t)cap * sizeof *m.attendees);
        }
        struct attendee *a = &m.attendees[m.nattendees++];
        memset(a, 0, sizeof *a);
        a->member_id = (int64_t)(uuid_hash(sqlite3_column_text(att, 0)) >> 1);
        a->voting = sqlite3_column_int64(att, 1) != 0;
        const unsigned char *mark = sqlite3_column_text(att, 2), *reason = sqlite3_column_text(att, 3);
        zb_strlcpy(a->mark, mark ? (const char *)mark : "", sizeof a->mark);
        zb_strlcpy(a->reason, reason ? (const char *)reason : "", sizeof a->reason);
        a->excused = sqlite3_column_int64(att, 4) != 0;
    }
    if (src != SQLITE_DONE) rc = stage_error(c);
    /* the resolutions' votes (their texts passed the column rules already): meeting_check
     * refuses more votes than those present with a vote, as the form does */
    if (rc == STORE_OK) {
        int rcap = 0;
        sqlite3_reset(res);
        sqlite3_bind_value(res, 1, sqlite3_column_value(ms, 0));
        while ((src = sqlite3_step(res)) == SQLITE_ROW) {
            if (m.nresolutions == rcap) {
                rcap = rcap ? rcap * 2 : 8;
                m.resolutions = xrealloc(m.resolutions, (size_t)rcap * sizeof *m.resolutions);
            }
            struct resolution *r = &m.resolutions[m.nresolutions++];
            memset(r, 0, sizeof *r);
            int *v[3] = {&r->votes_for, &r->votes_against, &r->votes_abstain};
            for (int k = 0; k < 3; k++) { /* more than an int can hold is more than anyone present */
                sqlite3_int64 n = sqlite3_column_int64(res, k);
                *v[k] = n > INT_MAX ? INT_MAX : n < INT_MIN ? INT_MIN : (int)n;
            }
        }
        if (src != SQLITE_DONE) rc = stage_error(c);
        sqlite3_reset(res);
    }
    if (rc == STORE_OK) {
        enum meeting_field f;
        char buf[ZB_MSG_MAX];
        const char *why = meeting_check(&m, c->rl.latest, &f, buf, sizeof buf);
        if (!why) why = row_check_meeting_counts(&m);
        if (why) rc = bad_row(c, "meeting", uuid, "%s", why);
    }
    free(m.attendees);
    free(m.resolutions);
    return rc;
}

static int check_meetings(struct ictx *c)
{
    if (!has_table(c, "meeting")) return STORE_OK;
    sqlite3_stmt *ms = NULL, *att = NULL, *natt = NULL, *res = NULL, *cnt = NULL;
    int rc = STORE_OK;
    long long members = 0;
    if (sqlite3_exec(c->db,
                     "CREATE INDEX IF NOT EXISTS zx_att_meeting ON meeting_attendance(meeting_id);"
                     "CREATE INDEX IF NOT EXISTS zx_res_meeting ON meeting_resolution(meeting_id);",
                     NULL, NULL, NULL) != SQLITE_OK ||
        /* the meetings written, or whose attendance or resolutions are, in the order of their
         * uuids (as the IN list over every row to be written gave them, which cost a temporary
         * b-tree of all of them and a lookup of each in meeting) */
        /* every staged row written (a branch new here): every meeting, every child kept */
        sqlite3_prepare_v2(c->db,
                           c->every ? "SELECT m.* FROM meeting m ORDER BY m.uuid"
                           : "SELECT m.* FROM meeting m WHERE"
                           " EXISTS (SELECT 1 FROM zx_do d WHERE d.uuid = m.uuid AND d.act IN (2, 3))"
                           " OR EXISTS (SELECT 1 FROM meeting_attendance t JOIN zx_do d"
                           "  ON d.uuid = t.uuid WHERE t.meeting_id = m.uuid)"
                           " OR EXISTS (SELECT 1 FROM meeting_resolution t JOIN zx_do d"
                           "  ON d.uuid = t.uuid WHERE t.meeting_id = m.uuid)"
                           " ORDER BY m.uuid",
                           -1, &ms, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(c->db,
                           c->every ? "SELECT t.member_id, t.voting, t.mark, t.reason, t.excused"
                                      " FROM meeting_attendance t WHERE t.meeting_id = ?1"
                                      " ORDER BY t.seq, t.xid"
                           : "SELECT t.member_id, t.voting, t.mark, t.reason, t.excused"
                           " FROM meeting_attendance t WHERE t.meeting_id = ?1" KEPT_CHILD
                           " ORDER BY t.seq, t.xid",
                           -1, &att, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(c->db,
                           c->every ? "SELECT count(*) FROM meeting_attendance t WHERE t.meeting_id = ?1"
                           : "SELECT count(*) FROM meeting_attendance t WHERE t.meeting_id = ?1" KEPT_CHILD,
                           -1, &natt, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(c->db,
                           c->every ? "SELECT t.votes_for, t.votes_against, t.votes_abstain"
                                      " FROM meeting_resolution t WHERE t.meeting_id = ?1 ORDER BY t.seq"
                           : "SELECT t.votes_for, t.votes_against, t.votes_abstain"
                           " FROM meeting_resolution t WHERE t.meeting_id = ?1" KEPT_CHILD
                           " ORDER BY t.seq",
                           -1, &res, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(c->db, "SELECT count(*) FROM member", -1, &cnt, NULL) != SQLITE_OK ||
        sqlite3_step(cnt) != SQLITE_ROW)
        rc = stage_error(c);
    else
        members = sqlite3_column_int64(cnt, 0);
    int src = SQLITE_DONE;
    while (rc == STORE_OK && (src = sqlite3_step(ms)) == SQLITE_ROW)
        rc = check_meeting(c, ms, att, natt, res, members);
    if (rc == STORE_OK && src != SQLITE_DONE) rc = stage_error(c);
    sqlite3_finalize(ms);
    sqlite3_finalize(att);
    sqlite3_finalize(natt);
    sqlite3_finalize(res);
    sqlite3_finalize(cnt);
    return rc;
}

/* ---- payments with their months ----------------------------------------------------------- */

static int check_payments(struct ictx *c)
{
    if (!has_table(c, "dues_payment")) return STORE_OK;
    sqlite3_stmt *ps = NULL, *al = NULL;
    int rc = STORE_OK;
    if (sqlite3_exec(c->db,
                     "CREATE INDEX IF NOT EXISTS zx_alloc_payment ON dues_allocation(payment_id);",
                     NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(c->db, /* in the order of their uuids, as check_meetings */
                           c->every ? "SELECT p.uuid, p.from_month, p.to_month, p.amount, p.paid_date"
                                      " FROM dues_payment p ORDER BY p.uuid"
                           : "SELECT p.uuid, p.from_month, p.to_month, p.amount, p.paid_date"
                           " FROM dues_payment p WHERE"
                           " EXISTS (SELECT 1 FROM zx_do d WHERE d.uuid = p.uuid AND d.act IN (2, 3))"
                           " OR EXISTS (SELECT 1 FROM dues_allocation t JOIN zx_do d"
                           "  ON d.uuid = t.uuid WHERE t.payment_id = p.uuid)"
                           " ORDER BY p.uuid",
                           -1, &ps, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(c->db,
                           c->every ? "SELECT t.month, t.amount FROM dues_allocation t WHERE t.payment_id = ?1"
                           : "SELECT t.month, t.amount FROM dues_allocation t WHERE t.payment_id = ?1"
                           KEPT_CHILD,
                           -1, &al, NULL) != SQLITE_OK)
        rc = stage_error(c);
    struct dues_paid batch[256];
    int src = SQLITE_DONE;
    while (rc == STORE_OK && (src = sqlite3_step(ps)) == SQLITE_ROW) {
        const unsigned char *uuid = sqlite3_column_text(ps, 0);
        const unsigned char *from = sqlite3_column_text(ps, 1), *to = sqlite3_column_text(ps, 2);
        const unsigned char *day = sqlite3_column_text(ps, 4);
        int from_ym = dues_ym_parse((const char *)from), to_ym = dues_ym_parse((const char *)to);
        sqlite3_int64 amount = sqlite3_column_int64(ps, 3);
        const char *why = amount > DUES_MAX_AMOUNT ? "交费金额不能超过 100000 元"
                          : dues_check_entry(from_ym, to_ym, (long)amount, (const char *)day);
        /* the months in batches (however many a forged payment has, little is held): each
         * batch checked by dues_check_allocations against its own sum, the sums added up and
         * compared with the amount by it at the end */
        int n = 0, arc = SQLITE_DONE;
        long long sum = 0, count = 0;
        sqlite3_reset(al);
        sqlite3_bind_value(al, 1, sqlite3_column_value(ps, 0));
        for (bool more = !why; more;) {
            arc = sqlite3_step(al);
            more = arc == SQLITE_ROW;
            if (more) {
                sqlite3_int64 a = sqlite3_column_int64(al, 1);
                batch[n].ym = dues_ym_parse((const char *)sqlite3_column_text(al, 0));
                batch[n++].amount = a > DUES_MAX_AMOUNT || a < 0 ? -1 : (long)a;
            }
            if (n == (int)ZB_ARRAY_LEN(batch) || (!more && n > 0)) {
                long part = 0;
                for (int i = 0; i < n; i++) part += batch[i].amount > 0 ? batch[i].amount : 0;
                why = dues_check_allocations(from_ym, to_ym, part, batch, n);
                sum += part;
                count += n;
                n = 0;
                if (why) more = false;
            }
        }
        if (!why && arc != SQLITE_DONE) {
            rc = stage_error(c);
            break;
        }
        if (!why && count == 0) why = dues_check_allocations(from_ym, to_ym, (long)amount, NULL, 0);
        if (!why && sum != amount) {
            struct dues_paid whole = {.ym = from_ym,
                                      .amount = sum > DUES_MAX_AMOUNT ? DUES_MAX_AMOUNT : (long)sum};
            why = dues_check_allocations(from_ym, to_ym, (long)amount, &whole, 1);
            if (!why) why = "各月分配合计与交费金额不符";
        }
        if (why) rc = bad_row(c, "dues_payment", uuid, "%s", why);
    }
    if (rc == STORE_OK && src != SQLITE_DONE) rc = stage_error(c);
    sqlite3_finalize(ps);
    sqlite3_finalize(al);
    return rc;
}

/* ---- every column of every row to be written --------------------------------------------- */

/* The rows in the origin's order (sorted: the first wrong one named), or as stored (a branch new
 * here: check_table reads them again sorted only when one is wrong). */
static int check_rows(struct ictx *c, const char *table, bool sorted);

static int check_table(struct ictx *c, const char *table)
{
    if (!c->every) return check_rows(c, table, true);
    int rc = check_rows(c, table, false);
    return rc == STORE_OK ? rc : check_rows(c, table, true);
}

static int check_rows(struct ictx *c, const char *table, bool sorted)
{
    char sql[256];
    ident(sql, sizeof sql, "SELECT t.* FROM ", table,
          !c->every ? " t JOIN zx_do d ON d.uuid = t.uuid AND d.act IN (2, 3) ORDER BY t.xid"
          : sorted  ? " t ORDER BY t.xid"
                    : " t");
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(c->db, sql, -1, &s, NULL) != SQLITE_OK) return stage_error(c);
    int ncol = sqlite3_column_count(s);
    const struct col_rule **rules = xcalloc((size_t)(ncol ? ncol : 1), sizeof *rules);
    int rc = STORE_OK;
    for (int i = 2; i < ncol && rc == STORE_OK; i++) { /* uuid, xid, then the live columns */
        rules[i] = col_rule_find(table, sqlite3_column_name(s, i));
        if (!rules[i])
            rc = bad_row(c, table, (const unsigned char *)"", "本程序没有列 %s 的核对规则",
                         sqlite3_column_name(s, i));
    }
    int src = SQLITE_DONE;
    while (rc == STORE_OK && (src = sqlite3_step(s)) == SQLITE_ROW) {
        const unsigned char *uuid = sqlite3_column_text(s, 0);
        for (int i = 2; i < ncol && rc == STORE_OK; i++) {
            struct col_value v = value_of(s, i);
            const char *why = col_check(rules[i], &v, &c->rl);
            if (!why) continue;
            enum col_kind k = rules[i]->kind;
            bool show = v.type != CV_NULL && k != CK_TEXT && k != CK_NOTE;
            char val[64];
            if (show) shown(&v, val, sizeof val);
            if (show) rc = bad_row(c, table, uuid, "%s“%s”：%s", rules[i]->label, val, why);
            else rc = bad_row(c, table, uuid, "%s：%s", rules[i]->label, why);
        }
        if (rc == STORE_OK) rc = check_record(c, table, s);
    }
    if (rc == STORE_OK && src != SQLITE_DONE) rc = stage_error(c);
    sqlite3_finalize(s);
    free(rules);
    return rc;
}

/* The ledger's first month, when the bundle changes it. */
static int check_meta(struct ictx *c)
{
    if (!has_table(c, BRANCH_META)) return STORE_OK;
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(c->db,
                           c->every ? "SELECT m.key, m.value FROM " BRANCH_META " m"
                           : "SELECT m.key, m.value FROM " BRANCH_META " m JOIN zx_do d ON d.uuid = m.key",
                           -1, &s, NULL) != SQLITE_OK)
        return stage_error(c);
    int rc = STORE_OK, src;
    while (rc == STORE_OK && (src = sqlite3_step(s)) == SQLITE_ROW) {
        const unsigned char *v = sqlite3_column_text(s, 1);
        if (sqlite3_column_type(s, 1) != SQLITE_TEXT || dues_ym_parse((const char *)v) < 0)
            rc = bad_row(c, BRANCH_META, sqlite3_column_text(s, 0), "党费台账起始月份：月份格式应为 YYYY-MM");
    }
    if (rc == STORE_OK && src != SQLITE_DONE) rc = stage_error(c);
    sqlite3_finalize(s);
    return rc;
}

int st_import_check(struct store *st, sqlite3 *stage, const struct exchange_limits *lim,
                    bool every, char *msg, size_t msgsz)
{
    (void)st;
    struct ictx c = {.db = stage, .lim = lim, .msg = msg, .msgsz = msgsz, .every = every};
    msg[0] = '\0';
    /* the last day a past date may name: today here (or the clock's day, if later), plus the
     * skew allowed between the offices' clocks */
    struct zdate today = clock_today(), now_day;
    char now[24];
    clock_now_iso(now);
    now[10] = '\0';
    if (date_parse(now, &now_day) && date_cmp(now_day, today) > 0) today = now_day;
    c.rl.latest = date_add_days(today, lim->clock_skew_days);
    c.rl.max_count = lim->max_members;

    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(stage,
                           "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE"
                           " 'zx\\_%' ESCAPE '\\' AND name NOT IN ('" JOURNAL "', '" BRANCH_META "')"
                           " ORDER BY rowid",
                           -1, &s, NULL) != SQLITE_OK)
        return stage_error(&c);
    int rc = STORE_OK, src;
    while (rc == STORE_OK && (src = sqlite3_step(s)) == SQLITE_ROW) {
        char table[64];
        zb_strlcpy(table, (const char *)sqlite3_column_text(s, 0), sizeof table);
        rc = check_table(&c, table);
    }
    if (rc == STORE_OK && src != SQLITE_DONE) rc = stage_error(&c);
    sqlite3_finalize(s);
    sqlite3_finalize(c.member_dates);
    sqlite3_finalize(c.holding_dates);
    if (rc == STORE_OK) rc = check_meta(&c);
    if (rc == STORE_OK) rc = check_meetings(&c);
    if (rc == STORE_OK) rc = check_payments(&c);
    return rc;
}
