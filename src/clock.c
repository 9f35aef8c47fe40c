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
    snprintf(out, 24, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}
