/* pipeline_db.c — 发展党员 in the database (store_pipeline.h; rules in core/pipeline.c): people
 * before they are members (candidate) and their dated steps (candidate_step), each linked to
 * the meeting that decided it where one is required. Every write is journaled; the admission
 * makes the roster row in the same transaction. Also the monthly review's loader of the month's
 * steps (st_load_pipeline, audit_people.h) and the list are in pipeline_list.c. */
#include "pipeline_priv.h"
#include "posts_priv.h"
#include "store_json.h"
#include "store_list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhibu/clock.h"
#include "zhibu/date.h"
#include "zhibu/meeting.h"
#include "zhibu/model.h"
#include "zhibu/store_pipeline.h"
#include "zhibu/text.h"
#include "zhibu/util.h"
#include "zhibu/validate.h"

void st_cand_read(sqlite3_stmt *s, void *out)
{
    struct candidate *c = out;
    memset(c, 0, sizeof *c);
    c->id = sqlite3_column_int64(s, 0);
    st_col_text(s, 1, c->uuid, sizeof c->uuid);
    c->branch_id = sqlite3_column_int64(s, 2);
    st_col_text(s, 3, c->name, sizeof c->name);
    st_col_text(s, 4, c->gender, sizeof c->gender);
    st_col_text(s, 5, c->birth_date, sizeof c->birth_date);
    st_col_text(s, 6, c->ethnicity, sizeof c->ethnicity);
    st_col_text(s, 7, c->education, sizeof c->education);
    st_col_text(s, 8, c->category, sizeof c->category);
    st_col_text(s, 9, c->phone, sizeof c->phone);
    st_col_text(s, 10, c->stage, sizeof c->stage);
    c->member_id = sqlite3_column_int64(s, 11);
    st_col_text(s, 12, c->note, sizeof c->note);
    c->voided = sqlite3_column_int(s, 13) != 0;
    c->version = sqlite3_column_int64(s, 14);
}

void st_cand_read_step(sqlite3_stmt *s, void *out)
{
    struct candidate_step *t = out;
    memset(t, 0, sizeof *t);
    t->id = sqlite3_column_int64(s, 0);
    st_col_text(s, 1, t->uuid, sizeof t->uuid);
    t->candidate_id = sqlite3_column_int64(s, 2);
    st_col_text(s, 3, t->kind, sizeof t->kind);
    st_col_text(s, 4, t->date, sizeof t->date);
    t->meeting_id = sqlite3_column_int64(s, 5);
    t->person_id = sqlite3_column_int64(s, 6);
    t->person2_id = sqlite3_column_int64(s, 7);
    t->votes_for = sqlite3_column_int(s, 8);
    t->votes_against = sqlite3_column_int(s, 9);
    t->votes_abstain = sqlite3_column_int(s, 10);
    st_col_text(s, 11, t->note, sizeof t->note);
    t->voided = sqlite3_column_int(s, 12) != 0;
    if (t->meeting_id) {
        char d[11], k[16];
        st_col_text(s, 13, d, sizeof d);
        st_col_text(s, 14, k, sizeof k);
        int mk = meeting_kind_of_code(k);
        snprintf(t->meeting_label, sizeof t->meeting_label, "%s %s", d,
                 mk >= 0 ? MEETING_KINDS[mk].label : "");
    }
    st_col_text(s, 17, t->created_at, sizeof t->created_at);
    st_col_text(s, 15, t->person_name, sizeof t->person_name);
    st_col_text(s, 16, t->person2_name, sizeof t->person2_name);
}

int store_candidate_steps(struct store *st, int64_t candidate_id,
                          struct store_candidate_step_list *out)
{
    *out = (struct store_candidate_step_list){0};
    sqlite3_stmt *s = st_stmt(st, STEP_COLS " WHERE t.candidate_id = ?1 ORDER BY t.date, t.id");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, candidate_id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) st_cand_read_step(s, ST_LIST_ADD(out));
    int result = st_read_end(st, s, rc, "读取发展步骤");
    if (result) store_candidate_step_list_free(out);
    return result;
}

void store_candidate_step_list_free(struct store_candidate_step_list *l)
{
    free(l->v);
    *l = (struct store_candidate_step_list){0};
}

/* The core's facts of a person from their steps (facts->steps: heap, the caller frees). */
void st_cand_facts(const struct candidate *c, const struct store_candidate_step_list *l,
                     struct cand_facts *f)
{
    struct cand_step_fact *v = xcalloc((size_t)(l->n ? l->n : 1), sizeof *v);
    int n = 0;
    for (int i = 0; i < l->n; i++) {
        int k = cand_step_of(l->v[i].kind);
        if (k < 0 || !date_parse(l->v[i].date, &v[n].date)) continue;
        v[n].kind = (enum cand_step)k;
        v[n].voided = l->v[i].voided;
        n++;
    }
    *f = (struct cand_facts){.steps = v, .nsteps = n};
    if (!date_parse(c->birth_date, &f->birth)) f->birth = (struct zdate){0, 0, 0};
}

/* The date the stage was reached (the first not voided step that leads to it). */
void st_cand_stage_date(struct candidate *c, const struct cand_facts *f)
{
    static const enum cand_step lead[] = {STEP_APPLY, STEP_ACTIVIST, STEP_CANDIDATE, STEP_ADMIT,
                                          STEP_STOP};
    int stage = cand_stage_of(c->stage);
    c->stage_date[0] = '\0';
    if (stage < 0) return;
    struct zdate best = {0, 0, 0};
    for (int i = 0; i < f->nsteps; i++)
        if (!f->steps[i].voided && f->steps[i].kind == lead[stage] &&
            (!date_valid(best) || date_cmp(f->steps[i].date, best) < 0))
            best = f->steps[i].date;
    if (date_valid(best)) date_format(best, c->stage_date);
}

int store_candidate_get(struct store *st, int64_t id, struct candidate *out)
{
    int rc = st_get_row(st, st_stmt(st, CAND_COLS " WHERE c.id = ?1"), id, st_cand_read, out,
                        "发展党员对象不存在", "读取发展党员对象");
    if (rc) return rc;
    struct store_candidate_step_list l;
    rc = store_candidate_steps(st, id, &l);
    if (rc) return rc;
    struct cand_facts f;
    st_cand_facts(out, &l, &f);
    st_cand_stage_date(out, &f);
    cand_due_of(&f, clock_today(), NULL, &out->due);
    free((void *)f.steps);
    store_candidate_step_list_free(&l);
    return STORE_OK;
}

/* ---- the person ------------------------------------------------------------------------------ */

static int check_facts(struct store *st, struct candidate *c)
{
    char name[TEXT_SHORT];
    int rc = st_check_reason(st, name, sizeof name, c->name, "须填写姓名", "姓名");
    if (rc) return rc;
    zb_strlcpy(c->name, name, sizeof c->name);
    if (code_index(GENDERS, c->gender) < 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "性别应为 M（男）或 F（女）");
    if (code_index(EDUCATIONS, c->education) < 0 && c->education[0])
        return st_fail(st, STORE_ERR_CONSTRAINT, "学历代码无效：%s", c->education);
    if (code_index(MEMBER_CATEGORIES, c->category) < 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "人员类别代码无效：%s", c->category);
    rc = st_check_date(st, c->birth_date, "出生日期", true);
    if (rc) return rc;
    size_t np = strlen(c->phone);
    if (np && (!text_all_digits(c->phone) || np < 7 || np > 15))
        return st_fail(st, STORE_ERR_CONSTRAINT, "%s", validate_message(V_PHONE_DIGITS));
    struct zdate b;
    if (c->birth_date[0] && date_parse(c->birth_date, &b) && date_cmp(b, clock_today()) > 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "出生日期不能晚于今天");
    return STORE_OK;
}

static int64_t cand_branch(struct store *st, int64_t id)
{
    sqlite3_stmt *s = st_stmt(st, "SELECT branch_id FROM candidate WHERE id = ?1");
    if (!s) return 0;
    sqlite3_bind_int64(s, 1, id);
    int64_t b = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    st_done(s);
    return b;
}

/* Insert one step row (journaled); the stage is set by the caller. */
static int insert_step(struct store *st, struct candidate_step *t)
{
    sqlite3_stmt *s = st_stmt(st,
                              "INSERT INTO candidate_step(uuid, candidate_id, kind, date,"
                              " meeting_id, person_id, person2_id, votes_for, votes_against,"
                              " votes_abstain, note, created_at, created_by, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
                              " ?12)");
    if (!s) return STORE_ERR;
    char now[24];
    clock_now_iso(now);
    st_bind_text(s, 1, t->uuid);
    sqlite3_bind_int64(s, 2, t->candidate_id);
    st_bind_text(s, 3, t->kind);
    st_bind_text(s, 4, t->date);
    st_bind_id(s, 5, t->meeting_id);
    st_bind_id(s, 6, t->person_id);
    st_bind_id(s, 7, t->person2_id);
    sqlite3_bind_int(s, 8, t->votes_for);
    sqlite3_bind_int(s, 9, t->votes_against);
    sqlite3_bind_int(s, 10, t->votes_abstain);
    st_bind_text(s, 11, t->note);
    st_bind_text(s, 12, now);
    st_bind_text(s, 13, st->user);
    int rc = st_step_write(st, s, "保存发展步骤");
    if (rc) return rc;
    int64_t id = st_insert_history(st, "candidate_step", t->uuid, CANDIDATE_STEP_JSON);
    if (id < 0) return (int)id;
    t->id = id;
    return STORE_OK;
}

/* The candidate's stage (and member_id when given) set from its steps, journaled ("update")
 * when it changes. Inside the caller's transaction. */
static int restage(struct store *st, int64_t cand_id, int64_t member_id)
{
    struct candidate c;
    int rc = st_get_row(st, st_stmt(st, CAND_COLS " WHERE c.id = ?1"), cand_id, st_cand_read, &c,
                        "发展党员对象不存在", "读取发展党员对象");
    if (rc) return rc;
    struct store_candidate_step_list l;
    rc = store_candidate_steps(st, cand_id, &l);
    if (rc) return rc;
    struct cand_facts f;
    st_cand_facts(&c, &l, &f);
    const char *stage = cand_stage_code(cand_stage_from(&f));
    free((void *)f.steps);
    store_candidate_step_list_free(&l);
    if (!strcmp(stage, c.stage) && (!member_id || member_id == c.member_id)) return STORE_OK;
    int64_t h = st_history_begin(st, "candidate", c.uuid, "update", CANDIDATE_JSON, cand_id);
    if (h < 0) return (int)h;
    sqlite3_stmt *s = st_stmt(st,
                              "UPDATE candidate SET stage = ?2, member_id = ifnull(?3, member_id),"
                              " updated_at = ?4 WHERE id = ?1");
    if (!s) return STORE_ERR;
    char now[24];
    clock_now_iso(now);
    sqlite3_bind_int64(s, 1, cand_id);
    st_bind_text(s, 2, stage);
    st_bind_id(s, 3, member_id);
    st_bind_text(s, 4, now);
    rc = st_step_write(st, s, "保存发展阶段");
    if (rc == STORE_OK) rc = st_history_finish(st, h, CANDIDATE_JSON, cand_id);
    return rc;
}

int store_candidate_add(struct store *st, struct candidate *c, const char *applied,
                        const struct people_rules *rules, int min_join_age)
{
    int rc = st_require_edit(st, c->branch_id);
    if (rc) return rc;
    rc = check_facts(st, c);
    if (rc) return rc;
    struct zdate ad;
    if (!applied || !date_parse(applied, &ad))
        return st_fail(st, STORE_ERR_CONSTRAINT, "申请日期" DATE_MSG);
    if (date_cmp(ad, clock_today()) > 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "申请日期不能晚于今天");
    struct cand_facts f = {.steps = NULL, .nsteps = 0};
    if (!date_parse(c->birth_date, &f.birth)) f.birth = (struct zdate){0, 0, 0};
    char buf[ZB_MSG_MAX];
    const char *why = cand_step_check(&f, STEP_APPLY, ad, false, false, ad, rules, min_join_age,
                                      buf, sizeof buf);
    if (why) return st_fail(st, STORE_ERR_CONSTRAINT, "%s", why);
    rc = store_begin(st);
    if (rc) return rc;
    struct candidate_step t = {0};
    store_uuid(t.uuid);
    rc = st_check_lock(st, c->branch_id, applied, "candidate_step", t.uuid);
    if (rc) return st_abort(st, rc);
    sqlite3_stmt *s = st_stmt(st,
                              "INSERT INTO candidate(uuid, branch_id, name, gender, birth_date,"
                              " ethnicity, education, category, phone, stage, note, created_at,"
                              " created_by, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'applicant', ?10, ?11,"
                              " ?12, ?11)");
    if (!s) return st_abort(st, STORE_ERR);
    char uuid[UUID_STR_LEN], now[24];
    st_bind_stamps(st, s, 1, uuid, 11, now);
    sqlite3_bind_int64(s, 2, c->branch_id);
    st_bind_text(s, 3, c->name);
    st_bind_text(s, 4, c->gender);
    st_bind_text(s, 5, c->birth_date);
    st_bind_text(s, 6, c->ethnicity);
    st_bind_text(s, 7, c->education);
    st_bind_text(s, 8, c->category);
    st_bind_text(s, 9, c->phone);
    st_bind_text(s, 10, c->note);
    rc = st_step_write(st, s, "保存发展党员对象");
    if (rc) return st_abort(st, rc);
    int64_t id = st_insert_history(st, "candidate", uuid, CANDIDATE_JSON);
    if (id < 0) return st_abort(st, (int)id);
    t.candidate_id = id;
    zb_strlcpy(t.kind, "apply", sizeof t.kind);
    zb_strlcpy(t.date, applied, sizeof t.date);
    rc = insert_step(st, &t);
    if (rc) return st_abort(st, rc);
    int64_t version = st_row_version(st, "candidate", uuid);
    if (version < 0) return st_abort(st, (int)version);
    rc = store_commit(st);
    if (rc) return rc;
    c->id = id;
    memcpy(c->uuid, uuid, sizeof uuid);
    zb_strlcpy(c->stage, "applicant", sizeof c->stage);
    zb_strlcpy(c->stage_date, applied, sizeof c->stage_date);
    c->member_id = 0;
    c->voided = false;
    c->version = version;
    return STORE_OK;
}

int store_candidate_update(struct store *st, struct candidate *c)
{
    int rc = st_require_edit(st, cand_branch(st, c->id));
    if (rc) return rc;
    rc = check_facts(st, c);
    if (rc) return rc;
    rc = store_begin(st);
    if (rc) return rc;
    struct candidate old;
    rc = store_candidate_get(st, c->id, &old);
    if (rc) return st_abort(st, rc);
    if (old.voided) return st_abort(st, st_fail(st, STORE_ERR_CONSTRAINT, "该记录已作废，不能修改"));
    rc = st_check_version(st, "candidate", old.uuid, c->version, CANDIDATE_JSON, c->id);
    if (rc) return st_abort(st, rc);
    int64_t h = st_history_begin(st, "candidate", old.uuid, "update", CANDIDATE_JSON, c->id);
    sqlite3_stmt *s = h < 0 ? NULL
                            : st_stmt(st,
                                      "UPDATE candidate SET name = ?2, gender = ?3, birth_date = ?4,"
                                      " ethnicity = ?5, education = ?6, category = ?7, phone = ?8,"
                                      " note = ?9, updated_at = ?10 WHERE id = ?1");
    if (!s) return st_abort(st, h < 0 ? (int)h : STORE_ERR);
    char now[24];
    clock_now_iso(now);
    sqlite3_bind_int64(s, 1, c->id);
    st_bind_text(s, 2, c->name);
    st_bind_text(s, 3, c->gender);
    st_bind_text(s, 4, c->birth_date);
    st_bind_text(s, 5, c->ethnicity);
    st_bind_text(s, 6, c->education);
    st_bind_text(s, 7, c->category);
    st_bind_text(s, 8, c->phone);
    st_bind_text(s, 9, c->note);
    st_bind_text(s, 10, now);
    rc = st_step_write(st, s, "保存发展党员对象");
    if (rc == STORE_OK) rc = st_history_finish(st, h, CANDIDATE_JSON, c->id);
    if (rc) return st_abort(st, rc);
    int same = st_history_same(st, h);
    if (same < 0) return st_abort(st, same);
    if (same) return st_abort(st, STORE_OK);
    rc = store_commit(st);
    if (rc == STORE_OK) c->version = h;
    return rc;
}

static int cand_void_check_db(struct store *st, void *ctx)
{
    const struct candidate *c = ctx;
    if (c->member_id)
        return st_fail(st, STORE_ERR_CONSTRAINT, "已接收为预备党员，不能作废；更正请在党员名册办理");
    return STORE_OK;
}

int store_candidate_void(struct store *st, int64_t id, const char *reason)
{
    struct candidate old;
    int rc = store_candidate_get(st, id, &old);
    if (rc) return rc;
    const struct st_void v = {
        .table = "candidate",
        .json_sql = CANDIDATE_JSON,
        .void_sql = "UPDATE candidate SET voided_at = ?2, voided_by = ?3, void_reason = ?4,"
                    " updated_at = ?2 WHERE id = ?1",
        .what = "作废发展党员对象",
        .voided_msg = "该记录已作废",
        .reason_label = "作废原因",
        .id = id,
        .branch_id = old.branch_id,
        .uuid = old.uuid,
        .voided = old.voided,
        .check = cand_void_check_db,
        .ctx = &old,
    };
    return st_void_row(st, &v, reason);
}

/* ---- steps ----------------------------------------------------------------------------------- */

/* A 培养联系人 (or the talker): a member of the branch on the roster on `date`; full that day
 * when full is asked. */
static int check_person(struct store *st, int64_t id, int64_t branch_id, const char *date,
                        bool full, const char *role)
{
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT name, branch_id, join_date <= ?2"
                              " AND (leave_status = '' OR leave_date > ?2),"
                              " status = 'full' AND (full_date = '' OR full_date <= ?2)"
                              " FROM member WHERE id = ?1");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, id);
    st_bind_text(s, 2, date);
    if (sqlite3_step(s) != SQLITE_ROW) {
        st_done(s);
        return st_fail(st, STORE_ERR_CONSTRAINT, "%s不在党员名册中", role);
    }
    char name[TEXT_SHORT];
    st_col_text(s, 0, name, sizeof name);
    int64_t b = sqlite3_column_int64(s, 1);
    bool on = sqlite3_column_int(s, 2) != 0, isfull = sqlite3_column_int(s, 3) != 0;
    st_done(s);
    if (b != branch_id) return st_fail(st, STORE_ERR_CONSTRAINT, "%s%s不是本支部党员", role, name);
    if (!on)
        return st_fail(st, STORE_ERR_CONSTRAINT, "%s%s在%s不在党员名册上", role, name, date);
    if (full && !isfull)
        return st_fail(st, STORE_ERR_CONSTRAINT, "%s%s在%s不是正式党员", role, name, date);
    return STORE_OK;
}

/* The linked meeting: the branch's, not voided; its kind fits mk; its voting_expected. */
struct step_meeting {
    bool has, kind_ok;
    struct zdate date;
    int voting_expected;
};

static int load_meeting(struct store *st, int64_t id, int64_t branch_id, int mk,
                        struct step_meeting *m)
{
    memset(m, 0, sizeof *m);
    if (!id) return STORE_OK;
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT branch_id, kind, also_mask, date, voided_at IS NOT NULL,"
                              " voting_expected FROM meeting WHERE id = ?1");
    if (!s) return STORE_ERR;
    sqlite3_bind_int64(s, 1, id);
    if (sqlite3_step(s) != SQLITE_ROW) {
        st_done(s);
        return st_fail(st, STORE_ERR_CONSTRAINT, "所关联的会议记录不存在");
    }
    int64_t b = sqlite3_column_int64(s, 0);
    char kind[16], date[11];
    st_col_text(s, 1, kind, sizeof kind);
    unsigned also = (unsigned)sqlite3_column_int64(s, 2);
    st_col_text(s, 3, date, sizeof date);
    bool voided = sqlite3_column_int(s, 4) != 0;
    m->voting_expected = sqlite3_column_int(s, 5);
    st_done(s);
    if (b != branch_id) return st_fail(st, STORE_ERR_CONSTRAINT, "所关联的会议不是本支部的会议");
    if (voided) return st_fail(st, STORE_ERR_CONSTRAINT, "所关联的会议记录已作废");
    m->has = true;
    date_parse(date, &m->date);
    int k = meeting_kind_of_code(kind);
    m->kind_ok = mk < 0 || k == mk || (also & MK_BIT(mk));
    return STORE_OK;
}

/* The roster row of an admission: the person's facts, the rest from m (NULL: defaults). */
static int admit_member(struct store *st, const struct candidate *c, const char *date,
                        const struct member *m, int min_join_age, int64_t *member_id)
{
    struct member nm;
    if (m)
        nm = *m;
    else
        memset(&nm, 0, sizeof nm);
    nm.id = 0;
    nm.branch_id = c->branch_id;
    zb_strlcpy(nm.name, c->name, sizeof nm.name);
    zb_strlcpy(nm.gender, c->gender, sizeof nm.gender);
    zb_strlcpy(nm.birth_date, c->birth_date, sizeof nm.birth_date);
    zb_strlcpy(nm.ethnicity, c->ethnicity, sizeof nm.ethnicity);
    zb_strlcpy(nm.education, c->education, sizeof nm.education);
    zb_strlcpy(nm.category, c->category, sizeof nm.category); /* 人员类别 */
    if (!nm.phone[0]) zb_strlcpy(nm.phone, c->phone, sizeof nm.phone);
    zb_strlcpy(nm.join_date, date, sizeof nm.join_date);
    nm.full_date[0] = '\0';
    zb_strlcpy(nm.status, "probationary", sizeof nm.status);
    if (!nm.dues_category[0])
        zb_strlcpy(nm.dues_category, !strcmp(c->category, "farmer") ? "farmer"
                                     : !strcmp(c->category, "student") ? "student"
                                     : !strcmp(c->category, "retired") ? "retired"
                                                                        : "employed",
                   sizeof nm.dues_category);
    nm.office[0] = '\0';
    nm.mobile = false;
    nm.leave_status[0] = nm.leave_date[0] = nm.leave_reason[0] = '\0';
    if (!m) nm.note[0] = '\0';
    /* the roster's own check of the row it gets (as the member form would save it) */
    struct valid_result vr = validate_member(&nm, clock_today(), min_join_age, 12);
    if (vr.code != V_OK) {
        char buf[ZB_MSG_MAX];
        return st_fail(st, STORE_ERR_CONSTRAINT, "新增预备党员：%s",
                       validate_member_message(&nm, vr, min_join_age, 12, buf, sizeof buf));
    }
    int rc = store_member_add(st, &nm);
    if (rc == STORE_OK) *member_id = nm.id;
    return rc;
}

int store_candidate_step_add(struct store *st, struct candidate_step *s,
                             const struct member *m, const struct people_rules *rules,
                             int min_join_age)
{
    struct candidate c;
    int rc = store_candidate_get(st, s->candidate_id, &c);
    if (rc) return rc;
    rc = st_require_edit(st, c.branch_id);
    if (rc) return rc;
    if (c.voided) return st_fail(st, STORE_ERR_CONSTRAINT, "该发展党员对象已作废");
    int kind = cand_step_of(s->kind);
    if (kind < 0) return st_fail(st, STORE_ERR_CONSTRAINT, "未知的发展步骤：%s", s->kind);
    struct zdate date;
    if (!date_parse(s->date, &date)) return st_fail(st, STORE_ERR_CONSTRAINT, "日期" DATE_MSG);
    if (date_cmp(date, clock_today()) > 0)
        return st_fail(st, STORE_ERR_CONSTRAINT, "日期不能晚于今天");
    char note[PEOPLE_NOTE_BYTES + 1];
    rc = st_check_reason(st, note, sizeof note, s->note,
                         kind == STEP_STOP ? "中止培养须填写原因" : NULL, "备注");
    if (rc) return rc;
    zb_strlcpy(s->note, note, sizeof s->note);
    int mk = cand_step_meeting_kind((enum cand_step)kind);
    struct step_meeting mt;
    rc = load_meeting(st, s->meeting_id, c.branch_id, mk, &mt);
    if (rc) return rc;
    struct store_candidate_step_list l;
    rc = store_candidate_steps(st, c.id, &l);
    if (rc) return rc;
    struct cand_facts f;
    st_cand_facts(&c, &l, &f);
    store_candidate_step_list_free(&l);
    char buf[ZB_MSG_MAX];
    const char *why = cand_step_check(&f, (enum cand_step)kind, date, mt.has, mt.kind_ok, mt.date,
                                      rules, min_join_age, buf, sizeof buf);
    free((void *)f.steps);
    if (why) return st_fail(st, STORE_ERR_CONSTRAINT, "%s", why);
    /* who */
    if (kind == STEP_ACTIVIST) {
        int need = rules ? rules->contacts_required : 2;
        int have = (s->person_id != 0) + (s->person2_id != 0);
        if (have < need || (need > 2 && have < 2))
            return st_fail(st, STORE_ERR_CONSTRAINT, "须指定%d名培养联系人", need);
        if (s->person_id && s->person_id == s->person2_id)
            return st_fail(st, STORE_ERR_CONSTRAINT, "两名培养联系人不能是同一人");
        if (s->person_id && (rc = check_person(st, s->person_id, c.branch_id, s->date, true,
                                               "培养联系人")))
            return rc;
        if (s->person2_id && (rc = check_person(st, s->person2_id, c.branch_id, s->date, true,
                                                "培养联系人")))
            return rc;
    } else if (kind == STEP_TALK || kind == STEP_OBSERVE) {
        if (s->person2_id) return st_fail(st, STORE_ERR_CONSTRAINT, "该步骤只有一名经办人");
        if (s->person_id && (rc = check_person(st, s->person_id, c.branch_id, s->date, false,
                                               kind == STEP_TALK ? "谈话人" : "考察人")))
            return rc;
    } else if (s->person_id || s->person2_id) {
        return st_fail(st, STORE_ERR_CONSTRAINT, "该步骤不记录经办人");
    }
    if (kind == STEP_ADMIT) {
        why = cand_vote_check(s->votes_for, s->votes_against, s->votes_abstain,
                              mt.voting_expected, buf, sizeof buf);
        if (why) return st_fail(st, STORE_ERR_CONSTRAINT, "%s", why);
    } else if (s->votes_for || s->votes_against || s->votes_abstain) {
        return st_fail(st, STORE_ERR_CONSTRAINT, "只有接收预备党员记录表决票数");
    }
    rc = store_begin(st);
    if (rc) return rc;
    store_uuid(s->uuid);
    rc = st_check_lock(st, c.branch_id, s->date, "candidate_step", s->uuid);
    if (rc) return st_abort(st, rc);
    rc = insert_step(st, s);
    if (rc) return st_abort(st, rc);
    int64_t member_id = 0;
    if (kind == STEP_ADMIT) {
        rc = admit_member(st, &c, s->date, m, min_join_age, &member_id);
        if (rc) return st_abort(st, rc);
    }
    rc = restage(st, c.id, member_id);
    if (rc) return st_abort(st, rc);
    rc = store_commit(st);
    if (rc) return rc;
    s->voided = false;
    return STORE_OK;
}

/* A step's void: the core's refusal (st_void_row's check), then the stage follows (after). */
struct step_void_ctx {
    int64_t candidate_id;
    const char *why;
};

static int step_void_check(struct store *st, void *ctx)
{
    const struct step_void_ctx *k = ctx;
    return k->why ? st_fail(st, STORE_ERR_CONSTRAINT, "%s", k->why) : STORE_OK;
}

static int step_void_after(struct store *st, void *ctx)
{
    return restage(st, ((const struct step_void_ctx *)ctx)->candidate_id, 0);
}

int store_candidate_step_void(struct store *st, int64_t step_id, const char *reason)
{
    sqlite3_stmt *q = st_stmt(st, "SELECT candidate_id FROM candidate_step WHERE id = ?1");
    if (!q) return STORE_ERR;
    sqlite3_bind_int64(q, 1, step_id);
    int64_t cand_id = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    st_done(q);
    if (!cand_id) return st_fail(st, STORE_ERR_NOT_FOUND, "发展步骤不存在");
    struct candidate c;
    int rc = store_candidate_get(st, cand_id, &c);
    if (rc) return rc;
    struct store_candidate_step_list l;
    rc = store_candidate_steps(st, cand_id, &l);
    if (rc) return rc;
    struct cand_facts f;
    st_cand_facts(&c, &l, &f);
    int idx = -1;
    struct candidate_step me = {0};
    for (int i = 0, j = 0; i < l.n; i++) {
        if (cand_step_of(l.v[i].kind) < 0) continue;
        if (l.v[i].id == step_id) {
            idx = j;
            me = l.v[i];
        }
        j++;
    }
    store_candidate_step_list_free(&l);
    char buf[ZB_MSG_MAX];
    struct step_void_ctx k = {.candidate_id = cand_id, .why = NULL};
    k.why = idx < 0 ? "发展步骤不存在" : cand_void_check(&f, idx, buf, sizeof buf);
    free((void *)f.steps);
    const struct st_void v = {
        .table = "candidate_step",
        .json_sql = CANDIDATE_STEP_JSON,
        .void_sql = "UPDATE candidate_step SET voided_at = ?2, voided_by = ?3, void_reason = ?4,"
                    " updated_at = ?2 WHERE id = ?1",
        .what = "作废发展步骤",
        .voided_msg = "该步骤已作废",
        .reason_label = "作废原因",
        .id = step_id,
        .branch_id = c.branch_id,
        .uuid = me.uuid,
        .month = me.date,
        .voided = me.voided,
        .check = step_void_check,
        .after = step_void_after,
        .ctx = &k,
    };
    return st_void_row(st, &v, reason);
}

