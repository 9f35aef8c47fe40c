/* audit_config.c — struct audit_rules from struct config (see audit_report.h): every number
 * the monthly review uses, from [meetings], [dues], [members], [posts] and [audit]. */
#include "zhibu/audit_report.h"

#include <string.h>

#include "zhibu/config.h"
#include "zhibu/dues_config.h"

void audit_rules_from_config(const struct config *c, struct audit_rules *r)
{
    struct config defaults;
    if (!c) {
        config_defaults(&defaults);
        c = &defaults;
    }
    memset(r, 0, sizeof *r);
    r->freq.general_per_quarter = c->general_per_quarter;
    r->freq.committee_per_month = c->committee_per_month;
    r->freq.group_per_month = c->group_per_month;
    r->freq.lecture_per_quarter = c->lecture_per_quarter;
    r->freq.theme_day_per_month = c->theme_day_per_month;
    r->freq.life_meeting_per_year = c->life_meeting_per_year;
    r->freq.appraisal_per_year = c->appraisal_per_year;
    r->late_entry_days = c->late_entry_days;
    dues_rules_from_config(c, &r->dues);
    r->probation_months = c->probation_months;
    r->probation_remind_days = c->probation_remind_days;
    r->mobile_contact_months = c->mobile_contact_months;
    r->mobile_transfer_months = c->mobile_transfer_months;
    r->post_report_months = c->post_report_months;
    r->post_coverage_percent = c->post_coverage_percent;
    r->talk_per_year = c->talk_per_year;
    r->secretary_lectures_per_year = c->secretary_lectures_per_year;
    r->weight[AI_MEETINGS] = c->weight_meetings;
    r->weight[AI_THEME_DAY] = c->weight_theme_day;
    r->weight[AI_RECORDS] = c->weight_records;
    r->weight[AI_MEMBERS] = c->weight_members;
    r->weight[AI_DUES] = c->weight_dues;
    r->weight[AI_POSTS] = c->weight_posts;
    r->pass_score = c->pass_score;
}
