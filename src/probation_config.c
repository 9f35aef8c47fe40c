/* probation_config.c — struct probation_rules from struct config (see probation_config.h). */
#include "zhibu/probation_config.h"

#include <string.h>

void probation_rules_from_config(const struct config *c, struct probation_rules *r)
{
    struct config defaults;
    if (!c) {
        config_defaults(&defaults);
        c = &defaults;
    }
    memset(r, 0, sizeof *r);
    r->months = c->probation_months;
    r->extend_min_months = c->probation_extend_min_months;
    r->extend_max_months = c->probation_extend_max_months;
    r->extend_times = c->probation_extend_times;
}
