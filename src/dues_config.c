/* dues_config.c — struct dues_rules from struct config (see dues_config.h). */
#include "zhibu/dues_config.h"

#include <string.h>

void dues_rules_from_config(const struct config *c, struct dues_rules *r)
{
    struct config defaults;
    if (!c) {
        config_defaults(&defaults);
        c = &defaults;
    }
    memset(r, 0, sizeof *r);
    r->employed_bound1 = c->employed_bound1;
    r->employed_bound2 = c->employed_bound2;
    r->employed_bound3 = c->employed_bound3;
    r->employed_rate1 = c->employed_rate1;
    r->employed_rate2 = c->employed_rate2;
    r->employed_rate3 = c->employed_rate3;
    r->employed_rate4 = c->employed_rate4;
    r->retired_bound1 = c->retired_bound1;
    r->retired_rate1 = c->retired_rate1;
    r->retired_rate2 = c->retired_rate2;
    r->farmer_amount = c->farmer_amount;
    r->flat_amount = c->flat_amount;
    r->arrears_talk_months = c->arrears_talk_months;
    r->arrears_lapse_months = c->arrears_lapse_months;
}
