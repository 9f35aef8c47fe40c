/* pipeline_priv.h — what pipeline_db.c and pipeline_list.c share (发展党员); private to them. */
#ifndef ZHIBU_PIPELINE_PRIV_H
#define ZHIBU_PIPELINE_PRIV_H

#include "store_priv.h"

#include "zhibu/pipeline.h"
#include "zhibu/store_pipeline.h"

#define CAND_COLS                                                                              \
    "SELECT c.id, c.uuid, c.branch_id, c.name, c.gender, c.birth_date, c.ethnicity,"           \
    " c.education, c.category, c.phone, c.stage, ifnull(c.member_id, 0), c.note,"              \
    " c.voided_at IS NOT NULL, " ST_VERSION_SQL("candidate", "c.uuid") " FROM candidate c"

#define STEP_COLS                                                                              \
    "SELECT t.id, t.uuid, t.candidate_id, t.kind, t.date, ifnull(t.meeting_id, 0),"            \
    " ifnull(t.person_id, 0), ifnull(t.person2_id, 0), t.votes_for, t.votes_against,"          \
    " t.votes_abstain, t.note, t.voided_at IS NOT NULL, ifnull(mt.date, ''), ifnull(mt.kind, ''),"\
    " ifnull(p1.name, ''), ifnull(p2.name, ''), t.created_at FROM candidate_step t"            \
    " LEFT JOIN meeting mt ON mt.id = t.meeting_id"                                            \
    " LEFT JOIN member p1 ON p1.id = t.person_id LEFT JOIN member p2 ON p2.id = t.person2_id"

/* Fill a candidate / a step from a row of CAND_COLS / STEP_COLS. */
void st_cand_read(sqlite3_stmt *s, void *out);
void st_cand_read_step(sqlite3_stmt *s, void *out);
/* The core's facts of a person from their steps (f->steps: heap, the caller frees). */
void st_cand_facts(const struct candidate *c, const struct store_candidate_step_list *l,
                   struct cand_facts *f);
/* c->stage_date: the date the stage was reached (the first not voided step leading to it). */
void st_cand_stage_date(struct candidate *c, const struct cand_facts *f);

#endif
