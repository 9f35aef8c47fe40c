/* The review's reason for 发展党员 steps without their meeting points at the persons
 * (REF_CANDIDATE), so that the branch's review page opens their page (screens/audit_refs.c); a
 * step with a meeting of the wrong kind points at the meeting. */
#include <string.h>

#include "test.h"
#include "zhibu/audit.h"
#include "zhibu/audit_people.h"
#include "zhibu/meeting.h"

TEST(pipeline_review_refs_the_persons_without_a_meeting)
{
    struct audit_step st[] = {
        {1, 10, "张三", "activist", {2026, 10, 12}, 0, NULL, 0, {0, 0, 0}},
        {2, 11, "李四", "candidate", {2026, 10, 15}, 7, "lecture", 0, {2026, 10, 15}},
        {3, 12, "王五", "admit", {2026, 10, 20}, 0, NULL, 0, {0, 0, 0}},
        {4, 13, "钱七", "talk", {2026, 10, 23}, 0, NULL, 0, {0, 0, 0}}, /* needs none */
    };
    struct audit_people people = {0};
    people.pipeline.steps = st;
    people.pipeline.nsteps = 4;
    struct audit_input in = {.branch_id = 1, .year = 2026, .month = 10, .people = &people};
    struct audit_reason out[4];
    int n = audit_pipeline_reasons(&in, NULL, out, 4);
    CHECK_INT(n, 2);
    CHECK(strstr(out[0].text, "未关联作出决定的会议记录") != NULL);
    CHECK_INT(out[0].nrefs, 2);
    CHECK_INT(out[0].refs[0].kind, REF_CANDIDATE);
    CHECK_INT(out[0].refs[0].id, 10);
    CHECK_INT(out[0].refs[1].kind, REF_CANDIDATE);
    CHECK_INT(out[0].refs[1].id, 12);
    CHECK_INT(out[1].nrefs, 1);
    CHECK_INT(out[1].refs[0].kind, REF_MEETING);
    CHECK_INT(out[1].refs[0].id, 7);
}
