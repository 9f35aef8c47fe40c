/* meeting_list.c — meeting records read in bulk: the expected list from the roster as of a date,
 * list pages with kind/date/text filters, facts for the frequency rules, streaming whole records.
 * */
#include "meeting_priv.h"
#include "store_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/store_meeting.h"
#include "zhibu/text.h"
#include "zhibu/util.h"

/* ---- the expected list ----------------------------------------------------------------- */

/* The office a member held on ?2 (office_held_on, committee_term.h): from the office history
 * when the member has any (the span covering the day; none: no office that day), else
 * member.office (held since before the ledger). */
#define OFFICE_ON_DAY_SQL                                                                      \
    " CASE WHEN EXISTS (SELECT 1 FROM office_term t WHERE t.member_id = m.id)"                \
    " THEN ifnull((SELECT t.office FROM office_term t WHERE t.member_id = m.id"               \
    "  AND t.from_date <= ?2 AND (t.to_date = '' OR t.to_date > ?2)"                          \
    "  ORDER BY t.from_date DESC, t.id DESC LIMIT 1), '') ELSE m.office END"

/* An office's rank in the expected list: the committee's order (as member.c's roster). */
static int office_rank(const char *office)
{
    static const char *const RANKS[] = {"secretary", "deputy",     "organization",
                                        "publicity", "discipline", "committee"};
    for (int i = 0; i < (int)(sizeof RANKS / sizeof RANKS[0]); i++)
        if (strcmp(office, RANKS[i]) == 0) return i;
    return 6;
}

/* A row of the expected list with its sort keys: the group (gid_null: none), the office's rank,
 * the whole name (its bytes as SQLite's BINARY collation compares them) and the id; lead: the
 * rank again for the committee (ordered by rank first), else 0. */
struct expected_row {
    struct attendee a;
    int lead;
    bool gid_null;
    int64_t gid;
    int rank;
    char *name;
    size_t name_n;
};

static int expected_cmp(const void *pa, const void *pb)
{
    const struct expected_row *a = pa, *b = pb;
    if (a->lead != b->lead) return a->lead < b->lead ? -1 : 1;
    if (a->gid_null != b->gid_null) return a->gid_null ? 1 : -1;
    if (!a->gid_null && a->gid != b->gid) return a->gid < b->gid ? -1 : 1;
    if (a->rank != b->rank) return a->rank < b->rank ? -1 : 1;
    size_t n = a->name_n < b->name_n ? a->name_n : b->name_n;
    int c = n ? memcmp(a->name, b->name, n) : 0;
    if (c) return c;
    if (a->name_n != b->name_n) return a->name_n < b->name_n ? -1 : 1;
    return a->a.member_id < b->a.member_id ? -1 : a->a.member_id > b->a.member_id;
}

/* ---- the demo's roster cache (issue 17) -----------------------------------------------------
 * During the demo's bulk (store_demo_bulk_begin: one connection writes a new file) the expected
 * list of each of its meetings is worked out from a copy of its branch's roster read once, not
 * by a read of every member row of the branch per meeting (6% of the demo's main thread). The
 * copy holds what EXPECTED_SQL reads, row for row, and is dropped by any change to member,
 * office_term or party_group (an update hook; no journal: a savepoint rolled back leaves the
 * changes, so no change goes unseen). A member with an office history, or a value of another
 * type than the schema's, and the expected list is read by EXPECTED_SQL as always. */
struct st_text {
    char *p;
    size_t n;
};

struct roster_row {
    int64_t id;
    char name[TEXT_SHORT], office[16]; /* as st_col_text copies them */
    struct st_text whole_name, join_date, full_date, status, leave_status, leave_date;
    bool gid_null;
    int64_t gid;
    bool group_int; /* m.group_id an integer (else NULL or text: no group's meeting has it) */
    int64_t group_id;
};

struct st_roster {
    sqlite3 *db;  /* the connection whose changes the hook sees */
    bool valid;   /* rows are the branch's roster as the file holds it */
    bool usable;  /* rows can stand for EXPECTED_SQL (see above) */
    int64_t branch_id;
    struct roster_row *rows;
    int n, cap;
};

static void roster_clear(struct st_roster *r)
{
    for (int i = 0; i < r->n; i++) {
        struct roster_row *w = &r->rows[i];
        struct st_text *t[] = {&w->whole_name, &w->join_date, &w->full_date, &w->status,
                               &w->leave_status, &w->leave_date};
        for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) free(t[k]->p);
    }
    r->n = 0;
    r->valid = false;
}

static void roster_hook(void *arg, int op, const char *db, const char *table, sqlite3_int64 rowid)
{
    (void)op;
    (void)db;
    (void)rowid;
    struct st_roster *r = ((struct store *)arg)->roster;
    if (r && r->valid && table &&
        (strcmp(table, "member") == 0 || strcmp(table, "office_term") == 0 ||
         strcmp(table, "party_group") == 0))
        r->valid = false;
}

void st_roster_watch(struct store *st, bool on)
{
    if (st->roster) {
        roster_clear(st->roster);
        free(st->roster->rows);
        free(st->roster);
        st->roster = NULL;
    }
    if (st->db) sqlite3_update_hook(st->db, NULL, NULL);
    if (!on || !st->db) return;
    st->roster = xcalloc(1, sizeof *st->roster);
    st->roster->db = st->db;
    sqlite3_update_hook(st->db, roster_hook, st);
}

/* column col as text into t; false: not text */
static bool roster_text(sqlite3_stmt *s, int col, struct st_text *t)
{
    t->p = NULL;
    t->n = 0;
    if (sqlite3_column_type(s, col) != SQLITE_TEXT) return false;
    const unsigned char *v = sqlite3_column_text(s, col);
    t->n = (size_t)sqlite3_column_bytes(s, col);
    t->p = xmalloc(t->n + 1);
    if (t->n) memcpy(t->p, v, t->n);
    t->p[t->n] = '\0';
    return v != NULL;
}

static int roster_load(struct store *st, struct st_roster *r, int64_t branch_id)
{
    roster_clear(r);
    r->branch_id = branch_id;
    r->usable = true;
    sqlite3_stmt *s = st_stmt(st, "SELECT m.id, m.name, m.office, m.join_date, m.full_date,"
                                  " m.status, m.leave_status, m.leave_date, g.id, m.group_id,"
                                  " EXISTS (SELECT 1 FROM office_term t WHERE t.member_id = m.id)"
                                  " FROM member m LEFT JOIN party_group g ON g.id = m.group_id"
                                  " WHERE m.branch_id = ?1");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    int sqlrc;
    while ((sqlrc = sqlite3_step(s)) == SQLITE_ROW) {
        if (r->n == r->cap) {
            r->cap = r->cap ? r->cap * 2 : 64;
            r->rows = xrealloc(r->rows, (size_t)r->cap * sizeof *r->rows);
        }
        struct roster_row *w = &r->rows[r->n++];
        memset(w, 0, sizeof *w);
        w->id = sqlite3_column_int64(s, 0);
        st_col_text(s, 1, w->name, sizeof w->name);
        st_col_text(s, 2, w->office, sizeof w->office);
        bool ok = roster_text(s, 1, &w->whole_name) && sqlite3_column_type(s, 2) == SQLITE_TEXT;
        ok = roster_text(s, 3, &w->join_date) && ok;
        ok = roster_text(s, 4, &w->full_date) && ok;
        ok = roster_text(s, 5, &w->status) && ok;
        ok = roster_text(s, 6, &w->leave_status) && ok;
        ok = roster_text(s, 7, &w->leave_date) && ok;
        w->gid_null = sqlite3_column_type(s, 8) == SQLITE_NULL;
        w->gid = sqlite3_column_int64(s, 8);
        int gt = sqlite3_column_type(s, 9);
        w->group_int = gt == SQLITE_INTEGER;
        w->group_id = sqlite3_column_int64(s, 9);
        if (!ok || (gt != SQLITE_INTEGER && gt != SQLITE_NULL) || sqlite3_column_int(s, 10))
            r->usable = false;
    }
    st_done(s);
    if (sqlrc != SQLITE_DONE) {
        roster_clear(r);
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取应到人员");
    }
    r->valid = true;
    return STORE_OK;
}

/* SQLite's BINARY order of two texts */
static int text_cmp(const struct st_text *a, const char *b, size_t bn)
{
    size_t n = a->n < bn ? a->n : bn;
    int c = n ? memcmp(a->p, b, n) : 0;
    if (c) return c;
    return a->n < bn ? -1 : a->n > bn;
}

/* The expected rows from the cache, unsorted (EXPECTED_SQL's WHERE and columns); *served false:
 * the cache cannot stand for it (not the demo's bulk, or see above). */
static int roster_expected(struct store *st, int64_t branch_id, enum meeting_kind kind,
                           int64_t group_id, const char *date, struct expected_row **list,
                           int *rows, bool *served)
{
    *served = false;
    struct st_roster *r = st->roster;
    if (!r || !st->demo_bulk || r->db != st->db) return STORE_OK;
    if (!r->valid || r->branch_id != branch_id) {
        int rc = roster_load(st, r, branch_id);
        if (rc) return rc;
    }
    if (!r->usable) return STORE_OK;
    const char *d = date ? date : "";
    size_t dn = strlen(d);
    bool committee = kind == MK_COMMITTEE;
    int cap = 0;
    for (int i = 0; i < r->n; i++) {
        const struct roster_row *w = &r->rows[i];
        if (text_cmp(&w->join_date, d, dn) > 0) continue;
        if (w->leave_status.n != 0 && text_cmp(&w->leave_date, d, dn) < 0) continue;
        if (kind == MK_GROUP && !(w->group_int && w->group_id == group_id)) continue;
        if (committee && !w->office[0]) continue;
        if (*rows == cap) {
            cap = cap ? cap * 2 : 32;
            *list = xrealloc(*list, (size_t)cap * sizeof **list);
        }
        struct expected_row *e = &(*list)[(*rows)++];
        memset(e, 0, sizeof *e);
        struct attendee *a = &e->a;
        a->member_id = w->id;
        memcpy(a->name, w->name, sizeof a->name);
        memcpy(a->office, w->office, sizeof a->office);
        a->voting = w->full_date.n != 0 ? text_cmp(&w->full_date, d, dn) <= 0
                                        : w->status.n == 4 && memcmp(w->status.p, "full", 4) == 0;
        zb_strlcpy(a->mark, "present", sizeof a->mark);
        e->gid_null = w->gid_null;
        e->gid = w->gid;
        e->rank = office_rank(a->office);
        e->lead = committee ? e->rank : 0;
        e->name = w->whole_name.p; /* the cache's (not freed with the list) */
        e->name_n = w->whole_name.n;
    }
    *served = true;
    return STORE_OK;
}

/* The expected rows read by EXPECTED_SQL, unsorted; its last sqlite3_step's code
 * (SQLITE_MISUSE: not prepared). */
static int expected_sql(struct store *st, int64_t branch_id, enum meeting_kind kind,
                        int64_t group_id, const char *date, struct expected_row **list, int *rows)
{
#define EXPECTED_SQL(group)                                                                        "SELECT m.id, m.name," OFFICE_ON_DAY_SQL ","                                                   " CASE WHEN m.full_date <> '' THEN m.full_date <= ?2 ELSE m.status = 'full' END, g.id"        " FROM member m LEFT JOIN party_group g ON g.id = m.group_id"                                  " WHERE m.branch_id = ?1 AND m.join_date <= ?2"                                                " AND (m.leave_status = '' OR m.leave_date >= ?2)" group
    sqlite3_stmt *s = st_stmt(st, kind == MK_GROUP ? EXPECTED_SQL(" AND m.group_id = ?3")
                                                   : EXPECTED_SQL(""));
#undef EXPECTED_SQL
    if (!s) return SQLITE_MISUSE;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, date);
    if (kind == MK_GROUP) sqlite3_bind_int64(s, 3, group_id);
    bool committee = kind == MK_COMMITTEE;
    int cap = 0, sqlrc;
    while ((sqlrc = sqlite3_step(s)) == SQLITE_ROW) {
        char office[sizeof (*list)->a.office];
        st_col_text(s, 2, office, sizeof office);
        if (committee && !office[0]) continue; /* no office that day */
        if (*rows == cap) {
            cap = cap ? cap * 2 : 32;
            *list = xrealloc(*list, (size_t)cap * sizeof **list);
        }
        struct expected_row *r = &(*list)[(*rows)++];
        memset(r, 0, sizeof *r);
        struct attendee *a = &r->a;
        a->member_id = sqlite3_column_int64(s, 0);
        st_col_text(s, 1, a->name, sizeof a->name);
        zb_strlcpy(a->office, office, sizeof a->office);
        a->voting = sqlite3_column_int(s, 3) != 0;
        zb_strlcpy(a->mark, "present", sizeof a->mark);
        r->gid_null = sqlite3_column_type(s, 4) == SQLITE_NULL;
        r->gid = sqlite3_column_int64(s, 4);
        r->rank = office_rank(office);
        r->lead = committee ? r->rank : 0;
        const unsigned char *name = sqlite3_column_text(s, 1);
        r->name_n = name ? (size_t)sqlite3_column_bytes(s, 1) : 0;
        r->name = xmalloc(r->name_n + 1);
        if (r->name_n) memcpy(r->name, name, r->name_n);
        r->name[r->name_n] = '\0';
    }
    st_done(s);
    return sqlrc;
}

int store_meeting_expected(struct store *st, int64_t branch_id, enum meeting_kind kind,
                           int64_t group_id, const char *date, struct attendee **out, int *n)
{
    *out = NULL;
    *n = 0;
    /* The roster on the date: joined by then (an unknown join date counts as joined), not left
     * before it (a leaving without a date counts as left). A full member votes from the full
     * date; without one, the current status says. Committee: the offices held that day (the
     * office history, issue 19). Order: as the roster (member.c): by group (none last), the
     * office's rank (office_rank), name, id; the committee by rank first. The order and the
     * committee's filter are applied here, not in SQL: there the office of each member, a
     * look-up in the office history, was worked out once for the row, once for the filter and
     * twice for the order, and a sort of every row built; a group's meeting reads only its
     * group's members (index member_group). */
    if (kind == MK_GROUP && group_id == 0) return STORE_OK; /* no group: nobody expected yet */
    struct expected_row *list = NULL;
    int rows = 0, sqlrc = SQLITE_DONE;
    bool cached = false;
    int crc = roster_expected(st, branch_id, kind, group_id, date, &list, &rows, &cached);
    if (crc) {
        free(list);
        return crc;
    }
    if (!cached) {
        sqlrc = expected_sql(st, branch_id, kind, group_id, date, &list, &rows);
        if (sqlrc == SQLITE_MISUSE) return STORE_ERR; /* not prepared (message in st->err) */
    }
    if (sqlrc == SQLITE_DONE && rows > 1) qsort(list, (size_t)rows, sizeof *list, expected_cmp);
    struct attendee *att = rows ? xmalloc((size_t)rows * sizeof *att) : NULL;
    for (int i = 0; i < rows; i++) {
        att[i] = list[i].a;
        if (!cached) free(list[i].name);
    }
    free(list);
    if (sqlrc != SQLITE_DONE) {
        free(att);
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取应到人员");
    }
    *out = att;
    *n = rows;
    return STORE_OK;
}

/* ---- list pages ------------------------------------------------------------------------ */

/* struct meeting_filter as ?1..?7 (see bind_filter); the text query, when any, is ?8 and ?11
 * (see query_of). The date bounds are plain range terms so that the (branch_id, date) index
 * serves both the filter and the newest-first order; records of one day are then sorted by
 * start time (a sort of that day's few rows only, not of the branch's). */
#define MEETING_WHERE                                                                          \
    " WHERE m.branch_id = ?1 AND m.date >= ?2 AND m.date <= ?3"                                \
    " AND (?4 < 0 OR m.kind = ?5 OR (m.also_mask & ?6) <> 0)"                                  \
    " AND (CASE ?7 WHEN 0 THEN m.voided_at IS NULL WHEN 2 THEN m.voided_at IS NOT NULL"        \
    "      ELSE 1 END)"
#define MATCH_TEXT " AND zb_trigram_has(?11, m.topics, m.minutes)"
#define MATCH_FTS                                                                              \
    " AND m.id IN (SELECT rowid FROM meeting_fts WHERE meeting_fts MATCH ?8)" MATCH_TEXT
#define MATCH_INSTR " AND (instr(m.topics, ?8) > 0 OR instr(m.minutes, ?8) > 0)"

#define ROW_SELECT                                                                             \
    "SELECT m.id, m.uuid, m.kind, m.also_mask, m.date, m.topics, ifnull(m.group_id, 0),"       \
    " ifnull(g.name, ''),"                                                                     \
    /* 应到 as the form counts it: members excused with approval who stayed away leave it */  \
    " m.expected - (SELECT count(*) FROM meeting_attendance a WHERE a.meeting_id = m.id"        \
    "  AND a.excused AND a.mark <> 'present'),"                                                 \
    " m.present, m.quorum, m.missing_mask, m.created_at,"                                      \
    " m.voided_at IS NOT NULL FROM meeting m LEFT JOIN party_group g ON g.id = m.group_id"
#define ROW_ORDER " ORDER BY m.date DESC, m.start_time DESC, m.id DESC LIMIT ?9 OFFSET ?10"
#define COUNT_SELECT "SELECT count(*) FROM meeting m"

enum query_mode { Q_NONE, Q_FTS, Q_SCAN, Q_INSTR, Q_FAIL };

/* How the filter's text is matched, and the texts to bind. 1-2 characters: the trimmed query
 * (*bound, matched by instr). 3+: the trimmed query (*text) for zb_trigram_has, which checks each
 * record's own text (meeting_search.c); a query only of characters without case (Chinese,
 * digits, punctuation) is compared as it is, each of the branch's records in turn (Q_SCAN: on
 * the biggest branch of the ten-year district, ~1,000 records, faster than the index, whose
 * common trigrams name most of the district's records); any other asks the index first for the
 * records holding some of its trigrams (*bound: each a quoted string, so that FTS5's operators
 * and special characters in the text are plain text; st_meeting_fts_terms). Heap, NULL when not
 * used; Q_FAIL (st->err set) when the tokenizer failed. */
static enum query_mode query_of(struct store *st, const struct meeting_filter *f, char **bound,
                                char **text)
{
    *bound = NULL;
    *text = NULL;
    if (!f->query || !f->query[0]) return Q_NONE;
    char *q = xstrdup(f->query);
    text_trim(q);
    size_t chars = text_chars(q);
    if (chars == 0) {
        free(q);
        return Q_NONE;
    }
    if (chars < 3) {
        *bound = q;
        return Q_INSTR;
    }
    if (st_meeting_query_caseless(q)) {
        *text = q;
        return Q_SCAN;
    }
    *bound = st_meeting_fts_terms(st->db, q);
    if (!*bound) {
        free(q);
        st_fail(st, STORE_ERR, "无法处理查询文字");
        return Q_FAIL;
    }
    *text = q;
    return Q_FTS;
}

static void bind_filter(sqlite3_stmt *s, const struct meeting_filter *f, const char *query,
                        const char *text)
{
    sqlite3_bind_int64(s, 1, f->branch_id);
    st_bind_text(s, 2, f->from && f->from[0] ? f->from : "");
    st_bind_text(s, 3, f->to && f->to[0] ? f->to : "9999-99-99");
    if (f->kind < 0) {
        sqlite3_bind_int(s, 4, -1);
    } else {
        /* An unknown kind matches nothing (code NULL, no bit). */
        bool known = f->kind < MK_COUNT;
        sqlite3_bind_int(s, 4, f->kind);
        if (known) st_bind_text(s, 5, meeting_kind_code((enum meeting_kind)f->kind));
        sqlite3_bind_int64(s, 6, known ? (int64_t)MK_BIT(f->kind) : 0);
    }
    sqlite3_bind_int(s, 7, f->only_voided ? 2 : f->include_voided ? 1 : 0);
    if (query) st_bind_text(s, 8, query);
    if (text) st_bind_text(s, 11, text);
}

int store_meeting_count(struct store *st, const struct meeting_filter *f)
{
    char *query, *text;
    enum query_mode mode = query_of(st, f, &query, &text);
    if (mode == Q_FAIL) return -1;
    sqlite3_stmt *s =
        mode == Q_FTS     ? st_stmt(st, COUNT_SELECT MEETING_WHERE MATCH_FTS)
        : mode == Q_SCAN  ? st_stmt(st, COUNT_SELECT MEETING_WHERE MATCH_TEXT)
        : mode == Q_INSTR ? st_stmt(st,
                                    COUNT_SELECT MEETING_WHERE MATCH_INSTR)
                          : st_stmt(st, COUNT_SELECT MEETING_WHERE);
    if (!s) {
        free(query);
        free(text);
        return -1;
    }
    bind_filter(s, f, query, text);
    int n = -1;
    if (sqlite3_step(s) == SQLITE_ROW)
        n = sqlite3_column_int(s, 0);
    else
        st_sqlfail(st, sqlite3_extended_errcode(st->db), "统计会议记录");
    st_done(s);
    free(query);
    free(text);
    return n;
}

/* The first line of text that is not blank, trimmed, cut to fit dst at a character boundary. */
static void first_line(const char *text, char *dst, size_t dstsz)
{
    dst[0] = '\0';
    const char *p = text ? text : "";
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char *line = xmalloc(len + 1);
        memcpy(line, p, len);
        line[len] = '\0';
        for (char *c = line; *c; c++)
            if (*c == '\r' || *c == '\t') *c = ' ';
        text_trim(line);
        bool found = line[0] != '\0';
        if (found) zb_strlcpy(dst, line, dstsz);
        free(line);
        if (found || !nl) return;
        p = nl + 1;
    }
}

static void read_row(sqlite3_stmt *s, struct meeting_row *r)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(s, 0);
    st_col_text(s, 1, r->uuid, sizeof r->uuid);
    st_col_text(s, 2, r->kind, sizeof r->kind);
    r->also_mask = (unsigned)sqlite3_column_int64(s, 3);
    st_col_text(s, 4, r->date, sizeof r->date);
    first_line((const char *)sqlite3_column_text(s, 5), r->first_topic, sizeof r->first_topic);
    r->group_id = sqlite3_column_int64(s, 6);
    st_col_text(s, 7, r->group_name, sizeof r->group_name);
    r->expected = sqlite3_column_int(s, 8);
    r->present = sqlite3_column_int(s, 9);
    r->quorum = sqlite3_column_int(s, 10);
    r->missing_mask = (unsigned)sqlite3_column_int64(s, 11);
    st_col_text(s, 12, r->created_at, sizeof r->created_at);
    r->voided = sqlite3_column_int(s, 13) != 0;
}

int store_meeting_page(struct store *st, const struct meeting_filter *f, int offset, int max,
                       struct meeting_row *out, int *n)
{
    *n = 0;
    char *query, *text;
    enum query_mode mode = query_of(st, f, &query, &text);
    if (mode == Q_FAIL) return STORE_ERR;
    sqlite3_stmt *s =
        mode == Q_FTS     ? st_stmt(st,
                                    ROW_SELECT MEETING_WHERE MATCH_FTS ROW_ORDER)
        : mode == Q_SCAN  ? st_stmt(st, ROW_SELECT MEETING_WHERE MATCH_TEXT ROW_ORDER)
        : mode == Q_INSTR ? st_stmt(st,
                                    ROW_SELECT MEETING_WHERE MATCH_INSTR ROW_ORDER)
                          : st_stmt(st, ROW_SELECT MEETING_WHERE ROW_ORDER);
    if (!s) {
        free(query);
        free(text);
        return STORE_ERR;
    }
    bind_filter(s, f, query, text);
    sqlite3_bind_int(s, 9, max > 0 ? max : 0);
    sqlite3_bind_int(s, 10, offset > 0 ? offset : 0);
    int sqlrc;
    while ((sqlrc = sqlite3_step(s)) == SQLITE_ROW && *n < max) read_row(s, &out[(*n)++]);
    int rc = STORE_OK;
    if (sqlrc != SQLITE_DONE && sqlrc != SQLITE_ROW)
        rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取会议记录列表");
    st_done(s);
    free(query);
    free(text);
    return rc;
}

int store_meeting_list(struct store *st, const struct meeting_filter *f, struct store_meeting_list *out)
{
    enum { CHUNK = 256 }; /* read page after page, each appended: nothing is read twice */
    *out = (struct store_meeting_list){0};
    for (;;) {
        out->v = xrealloc(out->v, (size_t)(out->n + CHUNK) * sizeof *out->v);
        int got = 0;
        int rc = store_meeting_page(st, f, out->n, CHUNK, out->v + out->n, &got);
        if (rc != STORE_OK) {
            store_meeting_list_free(out);
            return rc;
        }
        out->n += got;
        if (got < CHUNK) return STORE_OK;
    }
}

void store_meeting_list_free(struct store_meeting_list *l)
{
    free(l->v);
    *l = (struct store_meeting_list){0};
}

/* ---- facts and streaming --------------------------------------------------------------- */

int store_meeting_facts(struct store *st, int64_t branch_id, const char *from, const char *to,
                        struct meeting_fact **out, int *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT date, kind, also_mask, ifnull(group_id, 0) FROM meeting"
                              " WHERE branch_id = ?1 AND date >= ?2 AND date <= ?3"
                              " AND voided_at IS NULL ORDER BY date, id");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, from && from[0] ? from : "");
    st_bind_text(s, 3, to && to[0] ? to : "9999-99-99");
    int cap = 0, sqlrc;
    struct meeting_fact *list = NULL;
    while ((sqlrc = sqlite3_step(s)) == SQLITE_ROW) {
        struct meeting_fact f = {0};
        int kind = meeting_kind_of_code((const char *)sqlite3_column_text(s, 1));
        if (!date_parse((const char *)sqlite3_column_text(s, 0), &f.date) || kind < 0)
            continue; /* the schema's checks make this unreachable; skip rather than miscount */
        f.kind = (enum meeting_kind)kind;
        f.also_mask = (unsigned)sqlite3_column_int64(s, 2);
        f.group_id = sqlite3_column_int64(s, 3);
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            list = xrealloc(list, (size_t)cap * sizeof *list);
        }
        list[(*n)++] = f;
    }
    st_done(s);
    if (sqlrc != SQLITE_DONE) {
        free(list);
        *n = 0;
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "统计会议记录");
    }
    *out = list;
    return STORE_OK;
}

/* Each record of a branch dated from..to in date, start_time, id order: whole (store_meeting_get)
 * or, light, its id, date, kind and also_mask only. Its own statement, not the cache: fn may call
 * back into the store (even this). */
static int meeting_walk(struct store *st, int64_t branch_id, const char *from, const char *to,
                        bool include_voided, bool light,
                        int (*fn)(const struct meeting *m, void *ctx), void *ctx)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT id, date, kind, also_mask FROM meeting WHERE branch_id = ?1"
                           " AND date >= ?2 AND date <= ?3 AND (?4 = 1 OR voided_at IS NULL)"
                           " ORDER BY date, start_time, id",
                           -1, &s, NULL) != SQLITE_OK) {
        sqlite3_finalize(s);
        return st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取会议记录");
    }
    sqlite3_bind_int64(s, 1, branch_id);
    st_bind_text(s, 2, from && from[0] ? from : "");
    st_bind_text(s, 3, to && to[0] ? to : "9999-99-99");
    sqlite3_bind_int(s, 4, include_voided ? 1 : 0);
    int rc = STORE_OK, sqlrc;
    while ((sqlrc = sqlite3_step(s)) == SQLITE_ROW) {
        struct meeting m;
        memset(&m, 0, sizeof m);
        if (light) {
            m.id = sqlite3_column_int64(s, 0);
            st_col_text(s, 1, m.date, sizeof m.date);
            st_col_text(s, 2, m.kind, sizeof m.kind);
            m.also_mask = (unsigned)sqlite3_column_int64(s, 3);
        } else if ((rc = store_meeting_get(st, sqlite3_column_int64(s, 0), &m)) != STORE_OK)
            break;
        int stop = fn(&m, ctx);
        if (!light) meeting_free(&m);
        if (stop) break;
    }
    if (rc == STORE_OK && sqlrc != SQLITE_DONE && sqlrc != SQLITE_ROW)
        rc = st_sqlfail(st, sqlite3_extended_errcode(st->db), "读取会议记录");
    sqlite3_finalize(s);
    return rc;
}

int store_meeting_each(struct store *st, int64_t branch_id, const char *from, const char *to,
                       bool include_voided,
                       int (*fn)(const struct meeting *m, void *ctx), void *ctx)
{
    return meeting_walk(st, branch_id, from, to, include_voided, false, fn, ctx);
}

int store_meeting_kinds_each(struct store *st, int64_t branch_id, const char *from,
                             int (*fn)(const struct meeting *m, void *ctx), void *ctx)
{
    return meeting_walk(st, branch_id, from, NULL, false, true, fn, ctx);
}
