/* clock.h — "today" from one place: $ZHIBU_TODAY (YYYY-MM-DD) when set, else the local date;
 * and the current UTC timestamp for created_at / updated_at. */
#ifndef ZHIBU_CLOCK_H
#define ZHIBU_CLOCK_H

#include <stddef.h>

#include "zhibu/date.h"

/* Today. An invalid $ZHIBU_TODAY is ignored (the real date is used). */
struct zdate clock_today(void);
/* "YYYY-MM-DDTHH:MM:SSZ" (UTC) into out[24]. Under $ZHIBU_TODAY, the date part is that day
 * (the time of day stays real) so that late-entry rules can be tested. $ZHIBU_NOW, a whole
 * timestamp in that form, overrides both (lockout tests); an invalid one is ignored. */
void clock_now_iso(char out[24]);
/* The demo generator (a demo database only: honoured when overrides are, as $ZHIBU_NOW, before
 * it): clock_now_iso gives iso, a whole timestamp in that form, until clock_set_now(NULL), so
 * that a record it writes is written as entered on its day rather than written and back-dated
 * (issue 17). An invalid one is ignored. */
void clock_set_now(const char *iso);
/* Whether $ZHIBU_TODAY holds a valid date (and is honoured). */
int clock_is_fixed(void);
/* The overrides are honoured only after clock_allow_override(1): store_open calls it with
 * whether the database is a test or demo database (store_office_test_clock), so that a real
 * ledger never runs on a clock someone set in the environment. Off at start. */
void clock_allow_override(int allowed);
/* Whether an override is in force now (shown in the title bar). */
int clock_override_active(void);
/* A UTC timestamp "YYYY-MM-DDTHH:MM:SSZ" as "YYYY-MM-DD HH:MM" in local time, into out (the
 * text itself when it is not one). */
void clock_local_text(const char *utc, char *out, size_t outsz);

#endif
