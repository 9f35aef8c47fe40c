/* rules.h — every rule number the program works by, in one struct: the monthly review's
 * (meeting frequencies, late entry, dues, probation, mobile members, posts, weights, pass
 * score), the probation extensions, plans, elections, admission age, post reviews, the default
 * deadline of a rectification order and the lockout. Core takes its numbers from here, never
 * from a literal. Built once from the config by rules_from_config() (src/rules_config.c, the
 * only place that maps config keys to rules): config_load() and config_defaults() fill
 * struct config's `rules`, which the app (app->rules) and the subcommands (cfg->rules) pass
 * down. */
#ifndef ZHIBU_RULES_H
#define ZHIBU_RULES_H

#include "zhibu/audit.h"
#include "zhibu/auth.h"
#include "zhibu/circular.h"
#include "zhibu/lifecycle.h"

struct rules {
    struct audit_rules audit;        /* the monthly review; audit.dues are the dues rules
                                        ([dues]) and audit.freq the meeting frequencies */
    struct probation_rules probation; /* [members] probation_* */
    struct auth_policy lockout;      /* [accounts] lockout_attempts, lockout_minutes */
    int plan_lookahead_days;         /* [meetings] plan_lookahead_days: plans shown as reminders */
    int election_quorum_percent;     /* [meetings] election_quorum_percent */
    int min_join_age;                /* [members] min_join_age */
    int post_review_months;          /* [posts] post_review_months */
    int rectify_days;                /* [audit] rectify_days: the deadline first offered for a
                                        rectification order, days after today */
    struct circular_rules circular;  /* [audit] circular_behind_months, circular_trend_months */
};

/* The rules from the config's numbers; c NULL: the defaults of config_defaults(). */
struct config;
void rules_from_config(const struct config *c, struct rules *r);

#endif
