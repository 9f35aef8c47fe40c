/* rules_config.c — struct rules from struct config (see rules.h): the one place where config
 * keys become rule numbers. */
#include "zhibu/rules.h"

#include <string.h>

#include "zhibu/config.h"

static void dues_of(const struct config *c, struct dues_rules *r)
{
    r->employed_bound1 = c->employed_bound1;
    r->employed_bound2 = c->employed_bound2;
    r->employed_bound3 = c->employed_bound3;
    r->employed_rate1 = c->employed_rate1;
    r->employed_rate2 = c->employed_rate2;
    r->employed_rate3 = c->employed_rate3;
    r->employed_rate4 = c->employed_rate4;
    r->retired_bound1 = c->retired_bound1;
    r->retired_rate1 = c->retired_rate1;
    r->retired_rate2 = c->retired_rate2;
    r->farmer_amount = c->farmer_amount;
    r->flat_amount = c->flat_amount;
    r->arrears_talk_months = c->arrears_talk_months;
    r->arrears_lapse_months = c->arrears_lapse_months;
}

static void audit_of(const struct config *c, struct audit_rules *r)
{
    r->freq.general_per_quarter = c->general_per_quarter;
    r->freq.committee_per_month = c->committee_per_month;
    r->freq.group_per_month = c->group_per_month;
    r->freq.lecture_per_quarter = c->lecture_per_quarter;
    r->freq.theme_day_per_month = c->theme_day_per_month;
    r->freq.life_meeting_per_year = c->life_meeting_per_year;
    r->freq.appraisal_per_year = c->appraisal_per_year;
    r->late_entry_days = c->late_entry_days;
    dues_of(c, &r->dues);
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
    r->people.talk_within_days = c->talk_within_days;
    r->people.observe_months = c->observe_months;
    r->people.activist_min_months = c->activist_min_months;
    r->people.approve_within_months = c->approve_within_months;
    r->people.contacts_required = c->contacts_required;
    r->people.term_years = c->term_years;
    r->people.term_remind_months1 = c->term_remind_months1;
    r->people.term_remind_months2 = c->term_remind_months2;
    r->people.remit_interval_months = c->remit_interval_months;
}

void rules_from_config(const struct config *c, struct rules *r)
{
    struct config defaults;
    if (!c) {
        config_defaults(&defaults);
        c = &defaults;
    }
    memset(r, 0, sizeof *r);
    audit_of(c, &r->audit);
    r->probation.months = c->probation_months;
    r->probation.extend_min_months = c->probation_extend_min_months;
    r->probation.extend_max_months = c->probation_extend_max_months;
    r->probation.extend_times = c->probation_extend_times;
    r->lockout.attempts = c->lockout_attempts;
    r->lockout.minutes = c->lockout_minutes;
    r->plan_lookahead_days = c->plan_lookahead_days;
    r->election_quorum_percent = c->election_quorum_percent;
    r->min_join_age = c->min_join_age;
    r->post_review_months = c->post_review_months;
    r->rectify_days = c->rectify_days;
    r->circular.behind_months = c->circular_behind_months;
    r->circular.trend_months = c->circular_trend_months;
}
