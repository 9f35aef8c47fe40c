/* clock.c — today and now, from one place (see clock.h). */
#include "zhibu/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Off until a test or demo database says otherwise (clock_allow_override). */
static int override_allowed;

void clock_allow_override(int allowed)
{
    override_allowed = allowed != 0;
}

static int fixed_today(struct zdate *out)
{
    if (!override_allowed) return 0;
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

/* Whether t is a whole timestamp "YYYY-MM-DDTHH:MM:SSZ". */
static int valid_now(const char *t)
{
    struct zdate d;
    unsigned h, mi, s;
    char date[11], z;
    if (!t || strlen(t) != 20) return 0;
    if (sscanf(t, "%10[0-9-]T%2u:%2u:%2u%c", date, &h, &mi, &s, &z) != 5 || z != 'Z') return 0;
    return date_parse(date, &d) && h <= 23 && mi <= 59 && s <= 59;
}

/* clock_set_now's timestamp ("" when none) */
static char set_now[24];

void clock_set_now(const char *iso)
{
    set_now[0] = '\0';
    if (iso && valid_now(iso)) memcpy(set_now, iso, 21);
}

/* clock_set_now's, else $ZHIBU_NOW: a whole timestamp "YYYY-MM-DDTHH:MM:SSZ" (tests of lockouts
 * and their expiry). */
static int fixed_now(char out[24])
{
    if (!override_allowed) return 0;
    if (set_now[0]) {
        memcpy(out, set_now, 21);
        return 1;
    }
    const char *env = getenv("ZHIBU_NOW");
    if (!valid_now(env)) return 0;
    memcpy(out, env, 21);
    return 1;
}

void clock_now_iso(char out[24])
{
    if (fixed_now(out)) return;
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    struct zdate d;
    if (fixed_today(&d)) {
        tm.tm_year = d.y - 1900;
        tm.tm_mon = d.m - 1;
        tm.tm_mday = d.d;
    }
    /* "%04u-%02u-%02uT%02u:%02u:%02uZ" of the fields bounded as before (each modulo its width),
     * by hand: every write stamps a time (issue 17: snprintf was ~3k instructions of it) */
    unsigned v[6] = {(unsigned)(tm.tm_year + 1900) % 10000u, (unsigned)(tm.tm_mon + 1) % 100u,
                     (unsigned)tm.tm_mday % 100u, (unsigned)tm.tm_hour % 100u,
                     (unsigned)tm.tm_min % 100u, (unsigned)tm.tm_sec % 100u};
    out[0] = (char)('0' + v[0] / 1000u);
    out[1] = (char)('0' + v[0] / 100u % 10u);
    out[2] = (char)('0' + v[0] / 10u % 10u);
    out[3] = (char)('0' + v[0] % 10u);
    static const char sep[] = "--T::Z";
    for (int i = 1; i < 6; i++) {
        out[4 + (i - 1) * 3] = sep[i - 1];
        out[5 + (i - 1) * 3] = (char)('0' + v[i] / 10u);
        out[6 + (i - 1) * 3] = (char)('0' + v[i] % 10u);
    }
    out[19] = 'Z';
    out[20] = '\0';
}

int clock_override_active(void)
{
    char now[24];
    struct zdate d;
    return fixed_today(&d) || fixed_now(now);
}

void clock_local_text(const char *utc, char *out, size_t outsz)
{
    struct zdate d;
    char date[11];
    unsigned h = 0, mi = 0, sec = 0;
    snprintf(out, outsz, "%s", utc ? utc : "");
    if (!utc || strlen(utc) != 20) return;
    memcpy(date, utc, 10);
    date[10] = '\0';
    if (!date_parse(date, &d) || sscanf(utc + 11, "%2u:%2u:%2u", &h, &mi, &sec) != 3) return;
    time_t t = (time_t)date_to_days(d) * 86400 + (time_t)(h * 3600 + mi * 60 + sec);
    struct tm tm;
    if (!localtime_r(&t, &tm)) return;
    snprintf(out, outsz, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min);
}
