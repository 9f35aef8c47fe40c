/* candidate_step.h — recording the next step of a person in the 发展党员 pipeline, asked
 * step by step (candidate_step.c). */
#ifndef ZHIBU_SCREENS_CANDIDATE_STEP_H
#define ZHIBU_SCREENS_CANDIDATE_STEP_H

struct app;
struct candidate;
struct store_candidate_step_list;

/* Asks which step, the meeting that decided it (of the kind the step needs), its date, who
 * (谈话人, 培养联系人), the vote (接收预备党员) or a note, and has the store record it; the store's
 * refusal goes to the status line. Returns 1 when a step was recorded, else 0. */
int candidate_step_record(struct app *app, const struct candidate *c, const struct store_candidate_step_list *steps);

#endif
