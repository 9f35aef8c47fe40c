/* audit_many.c — judging many branches at once: the engine is pure and the branches
 * independent, so two threads take the next branch in turn (the machine the budgets are set for
 * has two cores); each result lands in its own place, so the order is the input's. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "zhibu/audit.h"

struct judge {
    const struct audit_input *ins;
    const struct audit_rules *rules;
    struct audit_result *res;
    int n;
    atomic_int next;
};

static void *judge_run(void *arg)
{
    struct judge *j = arg;
    int i;
    while ((i = atomic_fetch_add(&j->next, 1)) < j->n) audit_branch(&j->ins[i], j->rules, &j->res[i]);
    return NULL;
}

void audit_branches(const struct audit_input *ins, int n, const struct audit_rules *r,
                    struct audit_result *res)
{
    struct judge j = {.ins = ins, .rules = r, .res = res, .n = n};
    atomic_init(&j.next, 0);
    pthread_t t;
    bool helper = n > 1 && pthread_create(&t, NULL, judge_run, &j) == 0;
    judge_run(&j);
    if (helper) pthread_join(t, NULL);
}
