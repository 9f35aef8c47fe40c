/* pipeline_list.c — 发展党员 read for lists (store_candidate_list: the people of the pipeline
 * with what is due next, in two statements) and for the monthly review (st_load_pipeline: the
 * month's steps of every branch with their meetings, one statement). */
#include "audit_priv.h"
#include "pipeline_priv.h"
#include "posts_priv.h"
#include "store_list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/date.h"
#include "zhibu/util.h"

/* ---- the list --------------------------------------------------------------------------------- */

static int cmp_stage(const void *a, const void *b)
{
    const struct candidate *x = a, *y = b;
    int sx = cand_stage_of(x->stage), sy = cand_stage_of(y->stage);
    if (sx != sy) return sx - sy;
    if (x->branch_id != y->branch_id) return x->branch_id < y->branch_id ? -1 : 1;
    int c = strcmp(x->stage_date, y->stage_date);
    if (c) return c;
    return x->id < y->id ? -1 : x->id > y->id;
}

int store_candidate_list(struct store *st, int64_t branch_id, bool with_stopped,
                         struct zdate today, const struct people_rules *rules,
                         struct store_candidate_list *out)
{
    *out = (struct store_candidate_list){0};
    sqlite3_stmt *s = st_stmt(st,
                              CAND_COLS " LEFT JOIN member m ON m.id = c.member_id"
                              " WHERE (?1 = 0 OR c.branch_id = ?1) AND c.voided_at IS NULL"
                              " AND (?2 OR c.stage <> 'stopped')"
                              " AND (c.member_id IS NULL OR (m.status = 'probationary'"
                              " AND m.leave_status = '')) ORDER BY c.id");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, branch_id);
    sqlite3_bind_int(s, 2, with_stopped);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) st_cand_read(s, ST_LIST_ADD(out));
    int result = st_read_end(st, s, rc, "读取发展党员对象");
    if (result) goto fail;
    /* every step of the branch's people, in one statement */
    struct store_candidate_step_list l = {0};
    s = st_stmt(st,
                STEP_COLS " JOIN candidate c ON c.id = t.candidate_id"
                " WHERE (?1 = 0 OR c.branch_id = ?1) AND c.voided_at IS NULL"
                " ORDER BY t.candidate_id, t.date, t.id");
    if (!s) {
        result = STORE_ERR;
        goto fail;
    }
    sqlite3_bind_int64(s, 1, branch_id);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) st_cand_read_step(s, ST_LIST_ADD(&l));
    result = st_read_end(st, s, rc, "读取发展步骤");
    if (result) {
        store_candidate_step_list_free(&l);
        goto fail;
    }
    for (int i = 0, j = 0; i < out->n; i++) {
        struct candidate *c = &out->v[i];
        while (j < l.n && l.v[j].candidate_id < c->id) j++;
        int k = j;
        while (k < l.n && l.v[k].candidate_id == c->id) k++;
        struct store_candidate_step_list part = {l.v + j, k - j};
        struct cand_facts f;
        st_cand_facts(c, &part, &f);
        st_cand_stage_date(c, &f);
        cand_due_of(&f, today, rules, &c->due);
        free((void *)f.steps);
        j = k;
    }
    store_candidate_step_list_free(&l);
    /* probationary members admitted before the ledger kept the pipeline */
    s = st_stmt(st,
                "SELECT m.id, m.branch_id, m.name, m.gender, m.birth_date, m.join_date"
                " FROM member m WHERE (?1 = 0 OR m.branch_id = ?1) AND m.status = 'probationary'"
                " AND m.leave_status = '' AND NOT EXISTS (SELECT 1 FROM candidate c"
                " WHERE c.member_id = m.id AND c.voided_at IS NULL) ORDER BY m.id");
    if (!s) {
        result = STORE_ERR;
        goto fail;
    }
    sqlite3_bind_int64(s, 1, branch_id);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct candidate *c = ST_LIST_ADD(out);
        c->member_id = sqlite3_column_int64(s, 0);
        c->branch_id = sqlite3_column_int64(s, 1);
        st_col_text(s, 2, c->name, sizeof c->name);
        st_col_text(s, 3, c->gender, sizeof c->gender);
        st_col_text(s, 4, c->birth_date, sizeof c->birth_date);
        st_col_text(s, 5, c->stage_date, sizeof c->stage_date);
        zb_strlcpy(c->stage, "probationary", sizeof c->stage);
        struct zdate j;
        c->due.next = STEP_COUNT;
        if (date_parse(c->stage_date, &j)) {
            char end[DATE_STR_LEN];
            date_format(date_add_years(j, 1), end);
            snprintf(c->due.text, sizeof c->due.text, "预备期至%s，转正由党员名册办理", end);
        }
    }
    result = st_read_end(st, s, rc, "读取预备党员");
    if (result) goto fail;
    if (out->n > 1) qsort(out->v, (size_t)out->n, sizeof *out->v, cmp_stage);
    return STORE_OK;
fail:
    store_candidate_list_free(out);
    return result;
}

void store_candidate_list_free(struct store_candidate_list *l)
{
    free(l->v);
    *l = (struct store_candidate_list){0};
}

/* ---- the monthly review ------------------------------------------------------------------------ */

/* The month's steps (not voided, dated in the month) of every branch in the range, with their
 * linked meeting's kind, mask and date (NULL kind when none or voided): one statement. */
int st_load_pipeline(struct load *L)
{
    sqlite3_stmt *s = st_load_stmt(L,
                                   "SELECT c.branch_id, t.id, t.candidate_id, c.name, t.kind,"
                                   " t.date, ifnull(t.meeting_id, 0),"
                                   " CASE WHEN mt.voided_at IS NULL THEN mt.kind END,"
                                   " ifnull(mt.also_mask, 0), ifnull(mt.date, '')"
                                   " FROM candidate_step t JOIN candidate c"
                                   " ON c.id = t.candidate_id LEFT JOIN meeting mt"
                                   " ON mt.id = t.meeting_id"
                                   " WHERE c.branch_id BETWEEN ?1 AND ?2 AND t.date >= ?3"
                                   " AND t.date <= ?4 AND t.voided_at IS NULL"
                                   " AND c.voided_at IS NULL ORDER BY c.branch_id, t.date, t.id");
    if (!s) return STORE_ERR;
    int rc;
    struct bcursor cur = {0, -1};
    int *first = xcalloc((size_t)L->nbr, sizeof *first), *count = xcalloc((size_t)L->nbr,
                                                                           sizeof *count);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int b = st_cursor_branch(L, &cur, sqlite3_column_int64(s, 0));
        if (b < 0) continue;
        L->steps = st_grow(L->steps, &L->csteps, L->nsteps + 1, sizeof *L->steps);
        struct audit_step *a = &L->steps[L->nsteps];
        memset(a, 0, sizeof *a);
        a->id = sqlite3_column_int64(s, 1);
        a->candidate_id = sqlite3_column_int64(s, 2);
        a->name = st_arena_str(&L->strings, sqlite3_column_text(s, 3));
        a->kind = st_arena_str(&L->strings, sqlite3_column_text(s, 4));
        date_parse(st_col_str(s, 5), &a->date);
        a->meeting_id = sqlite3_column_int64(s, 6);
        a->meeting_kind = sqlite3_column_type(s, 7) == SQLITE_NULL
                              ? NULL
                              : st_arena_str(&L->strings, sqlite3_column_text(s, 7));
        a->meeting_also = (unsigned)sqlite3_column_int64(s, 8);
        if (!date_parse(st_col_str(s, 9), &a->meeting_date))
            a->meeting_date = (struct zdate){0, 0, 0};
        if (!count[b]) first[b] = L->nsteps;
        count[b]++;
        L->nsteps++;
    }
    rc = st_load_end(L, s, rc, "读取发展党员步骤");
    if (rc == STORE_OK)
        for (int b = 0; b < L->nbr; b++)
            if (count[b]) {
                L->people[b].pipeline.steps = &L->steps[first[b]];
                L->people[b].pipeline.nsteps = count[b];
            }
    free(first);
    free(count);
    return rc;
}
