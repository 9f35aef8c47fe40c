/* clock.h — "today" from one place: $ZHIBU_TODAY (YYYY-MM-DD) when set, else the local date;
 * and the current UTC timestamp for created_at / updated_at. */
#ifndef ZHIBU_CLOCK_H
#define ZHIBU_CLOCK_H

#include "zhibu/date.h"

/* Today. An invalid $ZHIBU_TODAY is ignored (the real date is used). */
struct zdate clock_today(void);
/* "YYYY-MM-DDTHH:MM:SSZ" (UTC) into out[24]. Under $ZHIBU_TODAY, the date part is that day
 * (the time of day stays real) so that late-entry rules can be tested. $ZHIBU_NOW, a whole
 * timestamp in that form, overrides both (lockout tests); an invalid one is ignored. */
void clock_now_iso(char out[24]);
/* Whether $ZHIBU_TODAY holds a valid date. */
int clock_is_fixed(void);

#endif
