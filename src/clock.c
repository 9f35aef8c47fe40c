/* clock.c — today and now, from one place (see clock.h). */
#include "zhibu/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int fixed_today(struct zdate *out)
{
    const char *env = getenv("ZHIBU_TODAY");
    return env && *env && date_parse(env, out);
}

int clock_is_fixed(void)
{
    struct zdate d;
    return fixed_today(&d);
}

struct zdate clock_today(void)
{
    struct zdate d;
    if (fixed_today(&d)) return d;
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    return (struct zdate){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

void clock_now_iso(char out[24])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    struct zdate d;
    if (fixed_today(&d)) {
        tm.tm_year = d.y - 1900;
        tm.tm_mon = d.m - 1;
        tm.tm_mday = d.d;
    }
    /* unsigned and bounded so the compiler can see it fits in 24 bytes */
    snprintf(out, 24, "%04u-%02u-%02uT%02u:%02u:%02uZ", (unsigned)(tm.tm_year + 1900) % 10000u,
             (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u,
             (unsigned)tm.tm_hour % 100u, (unsigned)tm.tm_min % 100u, (unsigned)tm.tm_sec % 100u);
}
