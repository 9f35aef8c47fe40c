/* Unit test of the demo's 发展党员 talk (src/cli/demo_pipeline.c demo_talker): the secretary
 * holds it only when on the roster that day. The ten-year district of `make bench` (seed 1)
 * failed at branch 1101010345, whose secretary joined on 2025-08-23, after a talk of 2025-07-12
 * ("谈话人……在2025-07-12不在党员名册上"), so the bench could not make its district. */
#include <string.h>

#include "../../src/cli/demo_priv.h"
#include "test.h"

static struct member person(int64_t id, const char *status, const char *join, const char *full)
{
    struct member m;
    memset(&m, 0, sizeof m);
    m.id = id;
    zb_strlcpy(m.status, status, sizeof m.status);
    zb_strlcpy(m.join_date, join, sizeof m.join_date);
    zb_strlcpy(m.full_date, full, sizeof m.full_date);
    return m;
}

static int64_t talker_on(const struct demo_branch *db, const char *day)
{
    struct rng r = {7};
    struct zdate d;
    if (!date_parse(day, &d)) return -1;
    return demo_talker(&r, db, d);
}

TEST(demo_talker_on_the_roster_that_day)
{
    struct member ms[3] = {
        person(1, "full", "2025-08-23", "2026-08-23"), /* the secretary, joined in 2025 */
        person(2, "full", "1990-03-01", "1991-03-01"),
        person(3, "probationary", "2025-01-10", ""),
    };
    struct demo_branch db = {.ms = ms, .n = 3, .secretary = 1};
    /* before the secretary joined: the one full member then, not the secretary */
    CHECK_INT(talker_on(&db, "2025-07-12"), 2);
    /* from the day the secretary joined: the secretary */
    CHECK_INT(talker_on(&db, "2025-08-23"), 1);
    CHECK_INT(talker_on(&db, "2026-10-01"), 1);
    /* a secretary who left the roster: another member */
    zb_strlcpy(ms[0].leave_status, "transfer_out", sizeof ms[0].leave_status);
    zb_strlcpy(ms[0].leave_date, "2026-03-01", sizeof ms[0].leave_date);
    CHECK_INT(talker_on(&db, "2026-02-28"), 1);
    CHECK_INT(talker_on(&db, "2026-03-01"), 2);
    /* no one full that day (the full member left too): nobody, and no talk is made */
    zb_strlcpy(ms[1].leave_status, "died", sizeof ms[1].leave_status);
    zb_strlcpy(ms[1].leave_date, "2026-01-05", sizeof ms[1].leave_date);
    CHECK_INT(talker_on(&db, "2026-04-01"), 0);
}
