/* probation_config.h — the probation rule numbers of struct probation_rules (core, which does
 * not know the config) filled from struct config ([members]), for the screens and the
 * subcommands alike (src/probation_config.c), as dues_config.h does for the dues. */
#ifndef ZHIBU_PROBATION_CONFIG_H
#define ZHIBU_PROBATION_CONFIG_H

#include "zhibu/config.h"
#include "zhibu/lifecycle.h"

/* c may be NULL: the defaults of config_defaults() are used. */
void probation_rules_from_config(const struct config *c, struct probation_rules *r);

#endif
