/* audit_load.c — the month's members loaded for the monthly review (月审), one bulk query each:
 * members, mobile details, excuses and transfers, the year's talks and lectures, dues bases and
 * adjustments. */
#include "audit_priv.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/store_audit.h"
#include "zhibu/text.h"
#include "zhibu/util.h"

/* The transfer letter's 党费交至 of each member transferred out (the newest letter out, as
 * dues_load.c's transfer_out_paid_through takes it), one statement for them all — a look-up and a sort in a
 * subquery of MEMBERS_SQL cost a fifth of its steps. */
#define TRANSFERS_OUT_SQL                                                                      \
    "SELECT member_id, dues_paid_through FROM member_transfer WHERE direction = 'out'"          \
    " ORDER BY member_id, date DESC, id DESC"

/* Every branch: a scan of the table in id order, no test of the branch (the rows of a branch
 * outside the load are passed over, as st_cursor_branch finds none) and no WHERE: the month's
 * test (MEMBER_SCOPE's) is made in C on the columns read anyway (a test in SQL fetches them
 * twice: 8 M instructions of the ten-year district's 23,549 rows); one branch: by the index,
 * the test in SQL too. The raw columns, no expression (office <> '', ifnull: 5 M), and the
 * probation's extension read apart (PROBATION_SQL; a CASE and its subquery a row: 9 M).
 * Neither the row's creation nor its last change: only a member without a valid admission or
 * leave date asks for them (member_text) — two columns of every row fewer (each column of the
 * 23,549 rows costs the scan about 4 M instructions). */
#define MEMBERS_SQL(where)                                                                     \
    "SELECT id, branch_id, name, office, status, full_date, join_date, leave_status,"         \
    " leave_date, dues_category, mobile, group_id FROM member" where " ORDER BY id"
#define MEMBERS_ONE_WHERE                                                                      \
    " WHERE branch_id BETWEEN ?1 AND ?2 AND join_date <= ?4 AND (leave_status = '' OR leave_date >= ?3)"
/* Each member's newest extension of the probation decided by the month's end, first in the
 * member's rows (as the subquery that was in MEMBERS_SQL took it); kept for a member whose
 * status is probationary. One branch: its members' alone. */
#define PROBATION_SQL(where)                                                                   \
    "SELECT member_id, until FROM probation_decision WHERE kind = 'extend' AND date <= ?4"     \
    where " ORDER BY member_id, date DESC, id DESC"
#define PROBATION_ONE_WHERE " AND member_id IN (SELECT id FROM member WHERE branch_id BETWEEN ?1 AND ?2)"

/* A member's created_at (col 0) or updated_at (col 1), read alone into buf; "" if none. */
static const char *member_text(struct load *L, int64_t id, int col, char *buf, size_t bufsz)
{
    buf[0] = '\0';
    sqlite3_stmt *q = st_stmt(L->st, "SELECT created_at, updated_at FROM member WHERE id = ?1");
    if (!q) return buf;
    sqlite3_bind_int64(q, 1, id);
    if (sqlite3_step(q) == SQLITE_ROW) st_col_text(q, col, buf, bufsz);
    st_done(q);
    return buf;
}

/* dues_leave_ym_of, the last change read only when it asks for it (no valid leave date). */
static int leave_ym_of(struct load *L, int64_t id, const char *status, const char *date, int join_ym,
                       const char *paid_through)
{
    char changed[64];
    const char *updated = date_parse(date, NULL) ? "" : member_text(L, id, 1, changed, sizeof changed);
    return dues_leave_ym_of(status, date, updated, join_ym, paid_through);
}

/* A dues category as a constant string (one of DUES_CATEGORIES; anything else copied). */
static const char *category_str(struct load *L, const unsigned char *text)
{
    static const char *const KNOWN[] = {"farmer", "employed", "retired", "student", "unemployed",
                                        "lowincome"};
    const char *t = text ? (const char *)text : "";
    for (size_t k = 0; k < ZB_ARRAY_LEN(KNOWN); k++)
        if (strcmp(t, KNOWN[k]) == 0) return KNOWN[k];
    return st_arena_str(&L->strings, text);
}

/* The probations' extensions (PROBATION_SQL) into the members read (mr, in id order) whose
 * status is probationary. */
static int load_probation(struct load *L)
{
    sqlite3_stmt *s = st_load_stmt(L, L->lo == L->hi ? PROBATION_SQL(PROBATION_ONE_WHERE) : PROBATION_SQL(""));
    if (!s) return STORE_ERR;
    int rc, i = 0; /* (both in member order: a merge; the ids are not published yet) */
    int64_t last = 0;
    bool first = true;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t mid = sqlite3_column_int64(s, 0);
        if (!first && mid == last) continue;
        first = false;
        last = mid;
        while (i < L->nmr && L->mr[i].am.id < mid) i++;
        if (i == L->nmr || L->mr[i].am.id != mid || !L->mr[i].status_prob) continue;
        const unsigned char *until = sqlite3_column_text(s, 1);
        L->mr[i].am.probation_until = until && until[0] ? st_arena_str(&L->strings, until) : "";
    }
    return st_load_end(L, s, rc, "读取预备期延长记录");
}

int st_load_members(struct load *L)
{
    sqlite3_stmt *s = L->lo == L->hi ? st_load_stmt(L, MEMBERS_SQL(MEMBERS_ONE_WHERE))
                                     : st_load_stmt(L, MEMBERS_SQL(""));
    if (!s) return STORE_ERR;
    char me[DATE_STR_LEN], ms[DATE_STR_LEN];
    date_format(L->me, me);
    date_format(L->ms, ms);
    struct bcursor c = {.idx = -2};
    int rc;
    bool count_groups = L->lo != L->hi;
    /* members transferred out: their last month owed once the letters are read */
    struct gone {
        int i;
        const char *leave_date;
    } *gone = NULL;
    int ngone = 0, cgone = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        /* the month's members (MEMBER_SCOPE: admitted by its end, not left before its start;
         * the texts compared as SQLite compares them, byte by byte) */
        const char *join = st_col_str(s, 6), *leave_status = st_col_str(s, 7);
        /* no leave: neither the date nor the row's last change says anything */
        const char *leave_date = leave_status[0] ? st_col_str(s, 8) : "";
        if (strcmp(join, me) > 0 || (leave_status[0] && strcmp(leave_date, ms) < 0)) continue;
        /* counted in a group (GROUP_COUNTED, audit_jobs.c) whatever its branch, as the count
         * in SQL would */
        int64_t bid = sqlite3_column_int64(s, 1);
        int64_t gid = count_groups && bid >= L->lo && bid <= L->hi ? sqlite3_column_int64(s, 11) : 0;
        if (gid != 0) {
            if (join[0] && (!leave_status[0] || strcmp(leave_date, me) > 0)) {
                L->ingroup = st_grow(L->ingroup, &L->cingroup, L->ningroup + 1, sizeof *L->ingroup);
                L->ingroup[L->ningroup++] = gid;
            }
        }
        int bi = st_cursor_branch(L, &c, bid);
        if (bi < 0) continue;
        L->mr = st_grow(L->mr, &L->cmr, L->nmr + 1, sizeof *L->mr);
        struct mrow *r = &L->mr[L->nmr++];
        memset(r, 0, sizeof *r);
        r->bidx = bi;
        r->am.id = sqlite3_column_int64(s, 0);
        r->am.name = st_arena_str(&L->strings, sqlite3_column_text(s, 2));
        r->am.has_office = st_col_str(s, 3)[0] != '\0';
        /* (the columns fetched only where they decide something: a fetch costs about as much
         * as the test) */
        r->status_prob = strcmp(st_col_str(s, 4), "probationary") == 0;
        bool prob = r->status_prob;
        if (!prob) {
            const char *full = st_col_str(s, 5);
            prob = full[0] && strcmp(full, me) > 0;
        }
        r->am.probationary = prob;
        zb_strlcpy(r->join, join, sizeof r->join);
        if (leave_status[0] && strcmp(leave_date, me) <= 0)
            zb_strlcpy(r->leave, leave_date, sizeof r->leave);
        /* dues_join_ym: the admission's month, else (no valid date) the row's creation's */
        struct zdate joined;
        char created[64];
        r->am.dues.join_ym = date_parse(r->join, &joined)
                                 ? dues_ym_of_date(joined)
                                 : dues_join_ym(r->join, member_text(L, r->am.id, 0, created, sizeof created));
        if (strcmp(leave_status, "transferred") == 0) {
            gone = st_grow(gone, &cgone, ngone + 1, sizeof *gone);
            gone[ngone++] = (struct gone){L->nmr - 1, st_arena_str(&L->strings, (const unsigned char *)leave_date)};
        } else if (leave_status[0]) {
            r->am.dues.leave_ym = leave_ym_of(L, r->am.id, leave_status, leave_date, r->am.dues.join_ym, "");
        } /* else 0, as dues_leave_ym_of gives for no leave */
        r->category = category_str(L, sqlite3_column_text(s, 9));
        r->am.mobile = sqlite3_column_int(s, 10) != 0;
        r->am.probation_until = "";
        r->start_ym = L->bs[bi].start_ym;
    }
    rc = st_load_end(L, s, rc, "读取党员");
    if (rc == STORE_OK && L->nmr > 0) rc = load_probation(L);
    if (rc == STORE_OK && ngone > 0) {
        /* the letters in member order (the newest first within one), the gone in id order */
        s = st_load_stmt(L, TRANSFERS_OUT_SQL);
        rc = s ? STORE_OK : STORE_ERR;
        int k = 0, step = SQLITE_DONE;
        int64_t last = 0;
        while (rc == STORE_OK && (step = sqlite3_step(s)) == SQLITE_ROW && k < ngone) {
            int64_t mid = sqlite3_column_int64(s, 0);
            if (mid == last) continue;
            last = mid;
            while (k < ngone && L->mr[gone[k].i].am.id < mid) {
                struct mrow *r = &L->mr[gone[k].i];
                r->am.dues.leave_ym = leave_ym_of(L, r->am.id, "transferred", gone[k].leave_date,
                                                  r->am.dues.join_ym, "");
                k++;
            }
            if (k < ngone && L->mr[gone[k].i].am.id == mid) {
                struct mrow *r = &L->mr[gone[k].i];
                r->am.dues.leave_ym = leave_ym_of(L, r->am.id, "transferred", gone[k].leave_date,
                                                  r->am.dues.join_ym, st_col_str(s, 1));
                k++;
            }
        }
        if (rc == STORE_OK) {
            rc = st_load_end(L, s, step == SQLITE_ROW ? SQLITE_DONE : step, "读取转出记录");
        }
        for (; rc == STORE_OK && k < ngone; k++) { /* no letter */
            struct mrow *r = &L->mr[gone[k].i];
            r->am.dues.leave_ym = leave_ym_of(L, r->am.id, "transferred", gone[k].leave_date,
                                              r->am.dues.join_ym, "");
        }
    }
    free(gone);
    return rc;
}

/* Mobile details as they stood at the month's end: a row that began by then and had not ended
 * makes the member mobile (a row ended later still counts). One branch: its month's members'
 * rows by the indexes; every branch: all rows (MOBILE_ALL_SQL, CONTACTS_ALL_SQL). */
#define MOBILE_SQL(where)                                                                      \
    "SELECT member_id, since, ifnull(substr(ended_at, 1, 10), '') FROM member_mobile" where    \
    " ORDER BY member_id"
#define CONTACTS_SQL(where)                                                                    \
    "SELECT member_id, max(date) FROM mobile_contact WHERE date <= ?4" where                   \
    " GROUP BY member_id ORDER BY member_id"
#define MOBILE_ONE_SQL MOBILE_SQL(" WHERE member_id IN (" MEMBER_SCOPE ")")
#define CONTACTS_ONE_SQL CONTACTS_SQL(" AND member_id IN (" MEMBER_SCOPE ")")
const char *const MOBILE_ALL_SQL = MOBILE_SQL("");
const char *const CONTACTS_ALL_SQL = CONTACTS_SQL("");

int st_read_mobile(struct load *L, sqlite3_stmt *s)
{
    char me[DATE_STR_LEN];
    date_format(L->me, me);
    int rc, hint = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int i = st_member_index(L, sqlite3_column_int64(s, 0), &hint);
        if (i < 0) continue;
        struct mrow *r = &L->mr[i];
        const char *since = st_col_str(s, 1), *ended = st_col_str(s, 2);
        bool began = !since[0] || strcmp(since, me) <= 0;
        bool over = ended[0] && strcmp(ended, me) <= 0;
        r->am.mobile = began && !over;
        if (r->am.mobile) zb_strlcpy(r->since, since, sizeof r->since);
    }
    return rc;
}

int st_read_contacts(struct load *L, sqlite3_stmt *s)
{
    int rc, hint = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int i = st_member_index(L, sqlite3_column_int64(s, 0), &hint);
        if (i >= 0) st_col_text(s, 1, L->mr[i].contact, sizeof L->mr[i].contact);
    }
    return rc;
}

int st_load_mobile(struct load *L)
{
    bool one = L->lo == L->hi;
    sqlite3_stmt *s = st_load_stmt(L, one ? MOBILE_ONE_SQL : MOBILE_ALL_SQL);
    if (!s) return STORE_ERR;
    int rc = st_load_end(L, s, st_read_mobile(L, s), "读取流动党员");
    if (rc) return rc;
    s = st_load_stmt(L, one ? CONTACTS_ONE_SQL : CONTACTS_ALL_SQL);
    if (!s) return STORE_ERR;
    return st_load_end(L, s, st_read_contacts(L, s), "读取联系记录");
}

/* Excused from the post scheme at the month's end; the newest transfer in (the dues start). */
const char *const EXCUSES_SQL = "SELECT DISTINCT member_id FROM post_excuse"
                                " WHERE (since = '' OR since <= ?4) AND (ended_at IS NULL"
                                " OR substr(ended_at, 1, 10) > ?4) ORDER BY member_id";
/* the same row member_start (dues.c) takes: the newest transfer in */
const char *const TRANSFERS_IN_SQL = "SELECT member_id, dues_paid_through, date FROM member_transfer"
                                     " WHERE direction = 'in' ORDER BY member_id, date DESC, id DESC";

int st_read_excuses(struct load *L, sqlite3_stmt *s)
{
    int rc, hint = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int i = st_member_index(L, sqlite3_column_int64(s, 0), &hint);
        if (i >= 0) L->mr[i].am.post_excused = true;
    }
    return rc;
}

int st_read_transfers_in(struct load *L, sqlite3_stmt *s)
{
    int rc, hint = 0;
    int64_t last = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t mid = sqlite3_column_int64(s, 0);
        if (mid == last) continue;
        last = mid;
        int i = st_member_index(L, mid, &hint);
        if (i < 0) continue;
        struct mrow *r = &L->mr[i];
        r->start_ym = dues_member_start(L->bs[r->bidx].start_ym,
                                        (const char *)sqlite3_column_text(s, 1),
                                        (const char *)sqlite3_column_text(s, 2));
        if (!date_parse((const char *)sqlite3_column_text(s, 2), &r->am.arrived))
            r->am.arrived = (struct zdate){0};
    }
    return rc;
}

int st_load_excuses_transfers(struct load *L)
{
    sqlite3_stmt *s = st_load_stmt(L, EXCUSES_SQL);
    if (!s) return STORE_ERR;
    int rc = st_load_end(L, s, st_read_excuses(L, s), "读取免于设岗记录");
    if (rc) return rc;
    s = st_load_stmt(L, TRANSFERS_IN_SQL);
    if (!s) return STORE_ERR;
    return st_load_end(L, s, st_read_transfers_in(L, s), "读取转入记录");
}

/* December: each member's 谈心谈话 of the year to month end (present in the attendance, or
 * the host — once a record), the 党课 they gave as lecturer, and who holds the office of 书记
 * (year_rules.h decides what falls short). */
#define TALK_BIT "128"    /* MK_BIT(MK_TALK) */
#define LECTURE_BIT "8"   /* MK_BIT(MK_LECTURE) */
_Static_assert(MK_BIT(MK_TALK) == 128 && MK_BIT(MK_LECTURE) == 8, "the kinds' bits in load_year");
/* The year's records branch by branch (CROSS JOIN: the branches outer, each one's records of
 * the year by the (branch_id, date) index, as MEETINGS_SQL reads them): with the branches' range
 * on m.branch_id instead, SQLite read every record of every year three times over (880 M
 * instructions of December on the ten-year district; 235 M this way). */
#define YEAR_BRANCH_MEETINGS                                                                   \
    " FROM branch b CROSS JOIN meeting m ON m.branch_id = b.id"
#define YEAR_WHERE                                                                             \
    " WHERE b.id BETWEEN ?1 AND ?2 AND m.date >= ?7 AND m.date <= ?4 AND m.voided_at IS NULL"
#define YEAR_MEETINGS YEAR_BRANCH_MEETINGS YEAR_WHERE
#define IS_TALK "(m.kind = 'talk' OR (m.also_mask & " TALK_BIT ") <> 0)"
const char *const YEAR_SQL =
    "SELECT member_id, sum(talk), sum(lecture) FROM ("
    " SELECT a.member_id AS member_id, 1 AS talk, 0 AS lecture"
    YEAR_BRANCH_MEETINGS " JOIN meeting_attendance a ON a.meeting_id = m.id AND a.mark = 'present'"
    YEAR_WHERE " AND " IS_TALK
    " UNION ALL SELECT m.host_id, 1, 0" YEAR_MEETINGS " AND " IS_TALK
    " AND m.host_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM meeting_attendance a"
    " WHERE a.meeting_id = m.id AND a.member_id = m.host_id AND a.mark = 'present')"
    " UNION ALL SELECT m.lecturer_id, 0, 1" YEAR_MEETINGS
    " AND (m.kind = 'lecture' OR (m.also_mask & " LECTURE_BIT ") <> 0)"
    " AND m.lecturer_id IS NOT NULL"
    ") GROUP BY member_id ORDER BY member_id";
const char *const SECRETARIES_SQL =
    "SELECT id FROM member WHERE branch_id BETWEEN ?1 AND ?2 AND office = 'secretary' ORDER BY id";

/* The rows of YEAR_SQL s into `into` (mr order) when given, else into the members' rows. */
static int read_year(struct load *L, sqlite3_stmt *s, struct year_fact *into)
{
    int rc, hint = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int i = st_member_index(L, sqlite3_column_int64(s, 0), &hint);
        if (i < 0) continue;
        int talks = sqlite3_column_int(s, 1), lectures = sqlite3_column_int(s, 2);
        if (into) {
            into[i].talks = talks;
            into[i].lectures = lectures;
        } else {
            L->mr[i].am.talks = talks;
            L->mr[i].am.lectures = lectures;
        }
    }
    return rc;
}

int st_read_year(struct load *L, sqlite3_stmt *s)
{
    return read_year(L, s, L->year);
}

int st_load_year_part(struct load *L, int64_t from, struct year_fact **out)
{
    *out = xcalloc((size_t)(L->pub.n ? L->pub.n : 1), sizeof **out);
    sqlite3_stmt *s = st_load_stmt(L, YEAR_SQL);
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, from);
    return st_load_end(L, s, read_year(L, s, *out), "读取谈心谈话和党课");
}

void st_year_add(struct load *L, const struct year_fact *part)
{
    if (!L->year || !part) return;
    for (int i = 0; i < L->pub.n; i++) {
        L->year[i].talks += part[i].talks;
        L->year[i].lectures += part[i].lectures;
    }
}

int st_read_secretaries(struct load *L, sqlite3_stmt *s)
{
    int rc, hint = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int i = st_member_index(L, sqlite3_column_int64(s, 0), &hint);
        if (i < 0) continue;
        if (L->year) L->year[i].secretary = true;
        else L->mr[i].am.secretary = true;
    }
    return rc;
}

int st_load_year(struct load *L)
{
    sqlite3_stmt *s = st_load_stmt(L, YEAR_SQL);
    if (!s) return STORE_ERR;
    int rc = st_load_end(L, s, st_read_year(L, s), "读取谈心谈话和党课");
    if (rc) return rc;
    s = st_load_stmt(L, SECRETARIES_SQL);
    if (!s) return STORE_ERR;
    return st_load_end(L, s, st_read_secretaries(L, s), "读取书记");
}

void st_year_to_members(struct load *L)
{
    if (!L->year || !L->am) return;
    for (int i = 0; i < L->pub.n; i++) {
        struct audit_member *m = &L->am[L->pos[i]];
        m->talks = L->year[i].talks;
        m->lectures = L->year[i].lectures;
        m->secretary = L->year[i].secretary;
    }
}

/* dues_ym_parse, remembered for the last few texts (the same months recur across members). */
struct ym_cache {
    char text[16][8];
    int ym[16];
};

static int cached_ym(struct ym_cache *c, const char *t)
{
    if (!t || strlen(t) != 7) return dues_ym_parse(t);
    unsigned h = ((unsigned char)t[3] * 31u + (unsigned char)t[5] * 7u + (unsigned char)t[6]) & 15u;
    if (memcmp(c->text[h], t, 8) != 0) {
        memcpy(c->text[h], t, 8);
        c->ym[h] = dues_ym_parse(t);
    }
    return c->ym[h];
}

static enum dues_adjust_kind adjust_kind(const char *code)
{
    if (strcmp(code, "reduce") == 0) return DUES_REDUCE;
    if (strcmp(code, "defer") == 0) return DUES_DEFER;
    return DUES_WAIVE;
}

struct basis_row {
    int midx;
    const char *from;          /* from_month as stored (the order within a member) */
    struct dues_basis b;
};

/* Every branch's bases: the table in storage order (a scan, not the (member_id, from_month)
 * index and a table lookup a row), laid out by member here (a counting sort) and ordered by
 * from_month within each member, as BASES_SQL's ORDER BY does. */
static int load_all_bases(struct load *L)
{
    sqlite3_stmt *s = st_load_stmt(L,
                                "SELECT member_id, from_month, category, base_fen FROM dues_basis");
    if (!s) return STORE_ERR;
    struct basis_row *rows = NULL;
    struct ym_cache yc = {0};
    int n = 0, cap = 0, rc, hint = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int i = st_member_index(L, sqlite3_column_int64(s, 0), &hint);
        if (i < 0) continue;
        rows = st_grow(rows, &cap, n + 1, sizeof *rows);
        struct basis_row *r = &rows[n++];
        memset(r, 0, sizeof *r);
        r->midx = i;
        r->from = st_arena_str(&L->strings, sqlite3_column_text(s, 1));
        r->b.from_ym = cached_ym(&yc, r->from);
        st_col_text(s, 2, r->b.category, sizeof r->b.category);
        r->b.base_fen = (long)sqlite3_column_int64(s, 3);
        L->mr[i].nb++;
    }
    rc = st_load_end(L, s, rc, "读取党费基数");
    if (rc) {
        free(rows);
        return rc;
    }
    int at = 0;
    for (int i = 0; i < L->nmr; i++) {
        L->mr[i].b0 = at;
        at += L->mr[i].nb;
        L->mr[i].nb = 0;
    }
    L->nbases = L->cbases = at;
    L->bases = xmalloc((size_t)(at ? at : 1) * sizeof *L->bases);
    const char **from = xmalloc((size_t)(at ? at : 1) * sizeof *from);
    for (int k = 0; k < n; k++) {
        struct mrow *r = &L->mr[rows[k].midx];
        int at_k = r->b0 + r->nb++;
        /* insertion by from_month within the member (mostly one or two rows) */
        while (at_k > r->b0 && strcmp(from[at_k - 1], rows[k].from) > 0) {
            L->bases[at_k] = L->bases[at_k - 1];
            from[at_k] = from[at_k - 1];
            at_k--;
        }
        L->bases[at_k] = rows[k].b;
        from[at_k] = rows[k].from;
    }
    free(from);
    st_spare(L, rows); /* the members' laid-out array is made of it (lay_out_members) */
    return STORE_OK;
}

/* Every branch's bases as the load before left them (L->keep): its arrays taken over, each
 * member found there given its slice; a member it did not have (one who left in the month
 * before) read alone, in from_month order as load_all_bases orders them. */
static int reuse_bases(struct load *L)
{
    struct bases_keep *k = L->keep;
    L->bases = k->bases;
    L->nbases = L->cbases = k->nbases;
    k->bases = NULL;
    k->nbases = 0;
    int j = 0;
    for (int i = 0; i < L->nmr; i++) {
        struct mrow *r = &L->mr[i];
        while (j < k->n && k->ids[j] < r->am.id) j++;
        if (j < k->n && k->ids[j] == r->am.id) {
            r->b0 = k->b0[j];
            r->nb = k->nb[j];
            continue;
        }
        sqlite3_stmt *s = st_stmt(L->st, "SELECT from_month, category, base_fen FROM dues_basis"
                                         " WHERE member_id = ?1 ORDER BY from_month");
        if (!s) return STORE_ERR;
        sqlite3_bind_int64(s, 1, r->am.id);
        int rc;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            if (r->nb == 0) r->b0 = L->nbases;
            r->nb++;
            L->bases = st_grow(L->bases, &L->cbases, L->nbases + 1, sizeof *L->bases);
            struct dues_basis *b = &L->bases[L->nbases++];
            memset(b, 0, sizeof *b);
            b->from_ym = dues_ym_parse(st_col_str(s, 0));
            st_col_text(s, 1, b->category, sizeof b->category);
            b->base_fen = (long)sqlite3_column_int64(s, 2);
        }
        rc = st_load_end(L, s, rc, "读取党费基数");
        if (rc) return rc;
    }
    return STORE_OK;
}

void st_bases_keep_free(struct bases_keep *k)
{
    free(k->ids);
    free(k->b0);
    free(k->nb);
    free(k->bases);
    free(k->mt);
    free(k->mbid);
    *k = (struct bases_keep){0};
}

/* One branch's bases: dues.c's query over the month's members, in member order. */
static int load_branch_bases(struct load *L)
{
    sqlite3_stmt *s = st_load_stmt(L, BASES_SQL("IN (" MEMBER_SCOPE ")"));
    if (!s) return STORE_ERR;
    int rc, hint = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int i = st_member_index(L, sqlite3_column_int64(s, 0), &hint);
        if (i < 0) continue;
        struct mrow *r = &L->mr[i];
        if (r->nb == 0) r->b0 = L->nbases;
        r->nb++;
        L->bases = st_grow(L->bases, &L->cbases, L->nbases + 1, sizeof *L->bases);
        struct dues_basis *b = &L->bases[L->nbases++];
        memset(b, 0, sizeof *b);
        b->from_ym = dues_ym_parse(st_col_str(s, 1));
        st_col_text(s, 2, b->category, sizeof b->category);
        b->base_fen = (long)sqlite3_column_int64(s, 3);
    }
    return st_load_end(L, s, rc, "读取党费基数");
}

/* Bases and adjustments (dues.c's queries; every branch: all rows, those of members outside
 * the month dropped here; one branch: over the month's members), in member order: each
 * member's rows are one slice. */
int st_load_bases_adjusts(struct load *L)
{
    bool one = L->lo == L->hi;
    int rc = one ? load_branch_bases(L) : L->keep && L->keep->ids ? reuse_bases(L) : load_all_bases(L);
    if (rc) return rc;
    sqlite3_stmt *s = one ? st_load_stmt(L, ADJUSTS_SQL("IN (" MEMBER_SCOPE ")"))
                          : st_load_stmt(L, ADJUSTS_SQL("> 0"));
    if (!s) return STORE_ERR;
    int hint = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int i = st_member_index(L, sqlite3_column_int64(s, 0), &hint);
        if (i < 0) continue;
        struct mrow *r = &L->mr[i];
        if (r->na == 0) r->a0 = L->nadjusts;
        r->na++;
        L->adjusts = st_grow(L->adjusts, &L->cadjusts, L->nadjusts + 1, sizeof *L->adjusts);
        struct dues_adjust *a = &L->adjusts[L->nadjusts++];
        a->from_ym = dues_ym_parse(st_col_str(s, 1));
        a->to_ym = dues_ym_parse(st_col_str(s, 2));
        a->kind = adjust_kind(st_col_str(s, 3));
        a->amount = (long)sqlite3_column_int64(s, 4);
    }
    return st_load_end(L, s, rc, "读取党费减免");
}
