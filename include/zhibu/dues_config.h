/* dues_config.h — the dues rule numbers of struct dues_rules (core, which does not know the
 * config) filled from struct config ([dues]), for the screens and the subcommands alike
 * (src/dues_config.c). */
#ifndef ZHIBU_DUES_CONFIG_H
#define ZHIBU_DUES_CONFIG_H

#include "zhibu/config.h"
#include "zhibu/dues.h"

/* c may be NULL: the defaults of config_defaults() are used. */
void dues_rules_from_config(const struct config *c, struct dues_rules *r);

#endif
