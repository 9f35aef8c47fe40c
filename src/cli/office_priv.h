/* office_priv.h — what office_cmd.c and office_district.c share. Private to src/cli/. */
#ifndef ZHIBU_OFFICE_PRIV_H
#define ZHIBU_OFFICE_PRIV_H

#include <stdbool.h>

#include "zhibu/cli.h"

struct store;
struct config;

/* zhibu office township|station|district ACTION with its options (NULL: not given). */
struct office_district_args {
    const char *what, *action;
    const char *code, *name, *fingerprint, *station, *format, *as, *as_pwfile;
    bool no_station;
};
/* The options fit the action: 0, else the exit status after the usage error. */
int office_district_check(const struct office_district_args *a);
/* Run it on the open database: the exit status. */
int office_district_run(struct store *st, const struct office_district_args *a,
                        const struct config *cfg);
/* With accounts in the database: log in as `as` (an administrator's rights are the store's to
 * check). 0, or the exit status after printing why (office_cmd.c). */
int office_login_admin(struct store *st, const char *as, const char *as_pwfile,
                       const struct config *cfg);

#endif
