/* pipeline.h — 发展党员 (core: pure): the stages of a person becoming a member, the order of their
 * steps, the minimum intervals, the meeting each decision needs, and what is due next
 * (DOMAIN.md "Becoming a member"; 《中国共产党发展党员工作细则》). The numbers come from config
 * (struct people_rules, audit_people.h; min_join_age from [members]).
 *
 * Stages and the steps that lead to them:
 *   applicant     apply 递交入党申请书 (the application's date); talk 入党谈话 within
 *                 talk_within_days (not before the application)
 *   activist      activist 确定为入党积极分子: a 支部委员会 (committee) meeting on or after the
 *                 application; contacts_required 培养联系人, full members on the roster that day;
 *                 then observe 考察 at least every observe_months
 *   candidate     candidate 确定为发展对象: a 支部委员会 meeting, at least activist_min_months
 *                 after becoming an activist; then review 政治审查, training 集中培训, publicity 公示
 *   probationary  admit 接收为预备党员: a 支部党员大会 (general) meeting, after review, training and
 *                 publicity; the resolution carried (votes_for > half of those entitled to vote,
 *                 the meeting's voting_expected); the person at least min_join_age that day.
 *                 Admission makes the roster row (member, status probationary, join_date = the
 *                 meeting's date). approve 上级党委审批 within approve_within_months. 转正 /
 *                 延长预备期 / 取消预备党员资格 are then the roster's (store_lifecycle.h), as today.
 *   stopped       stop 中止: not taken further (a reason); from any stage before admission.
 * A meeting "is" a kind when its kind or its also-counts-as mask says so (meeting.h). */
#ifndef ZHIBU_PIPELINE_H
#define ZHIBU_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zhibu/audit_people.h"
#include "zhibu/date.h"

enum cand_stage { CS_APPLICANT = 0, CS_ACTIVIST, CS_CANDIDATE, CS_PROBATIONARY, CS_STOPPED };
enum cand_step {
    STEP_APPLY = 0, STEP_TALK, STEP_ACTIVIST, STEP_OBSERVE, STEP_CANDIDATE, STEP_REVIEW,
    STEP_TRAINING, STEP_PUBLICITY, STEP_ADMIT, STEP_APPROVE, STEP_STOP, STEP_COUNT
};
/* Codes as in CANDIDATE_STAGES / CANDIDATE_STEPS (model.h); -1 when unknown. */
int cand_stage_of(const char *code);
int cand_step_of(const char *code);
const char *cand_stage_code(enum cand_stage s);
const char *cand_step_code(enum cand_step s);
/* The meeting kind a step must be decided at (MK_COMMITTEE, MK_GENERAL), or -1 when it needs
 * none (talk, observe, review, training, publicity, approve, stop; apply). */
int cand_step_meeting_kind(enum cand_step s);

/* One step as the checks see it. */
struct cand_step_fact {
    enum cand_step kind;
    struct zdate date;
    bool voided;
};
/* A person's facts for the checks: their steps (any order), birth date ({0} unknown). */
struct cand_facts {
    const struct cand_step_fact *steps;
    int nsteps;
    struct zdate birth;
};

/* The stage the (not voided) steps reach. */
enum cand_stage cand_stage_from(const struct cand_facts *f);

/* Whether step `kind` on `date` may be added to f. NULL if acceptable, else the sentence (a
 * constant string, or buf with dates and numbers): out of order ("须先确定为入党积极分子"), too
 * early ("确定为入党积极分子（2025-03-01）未满12个月，最早可于2026-03-01确定为发展对象"), before the
 * previous step, in the future, before birth, repeated where it may happen once, after a stop or
 * an admission. has_meeting / meeting_kind_ok / meeting_date: the linked meeting (the store looks
 * it up): a step that needs a meeting without one, or with one of the wrong kind, or dated
 * otherwise than the step, is refused. */
const char *cand_step_check(const struct cand_facts *f, enum cand_step kind, struct zdate date,
                            bool has_meeting, bool meeting_kind_ok, struct zdate meeting_date,
                            const struct people_rules *r, int min_join_age, char *buf,
                            size_t bufsz);
/* An admission's vote: NULL when votes_for > voting_expected / 2 and for + against + abstain <=
 * voting_expected, else the sentence. */
const char *cand_vote_check(int votes_for, int votes_against, int votes_abstain,
                            int voting_expected, char *buf, size_t bufsz);

/* Whether the step at f->steps[index] may be voided: NULL, or the sentence (the application:
 * void the person instead; an admission: the roster's business once made; a step another
 * remaining step needs: "须先作废其后的步骤（确定为发展对象）"). buf for a sentence with a name. */
const char *cand_void_check(const struct cand_facts *f, int index, char *buf, size_t bufsz);

/* What is due next for a person, as of today. */
struct cand_due {
    enum cand_step next;        /* the step due next (STEP_COUNT: nothing: stopped, or admitted
                                   and approved) */
    struct zdate by;            /* by when ({0}: no date) */
    bool overdue;               /* today is after `by` */
    char text[128];             /* "应于2026-04-01前谈话" "可确定为发展对象（满12个月）" "考察逾期" */
};
void cand_due_of(const struct cand_facts *f, struct zdate today, const struct people_rules *r,
                 struct cand_due *out);

#endif
