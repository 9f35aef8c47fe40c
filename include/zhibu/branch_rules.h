/* branch_rules.h — what makes a branch record and a party group acceptable (core: pure). */
#ifndef ZHIBU_BRANCH_RULES_H
#define ZHIBU_BRANCH_RULES_H

#include <stdbool.h>

#include "zhibu/date.h"
#include "zhibu/model.h"

enum branch_field { BF_NONE = 0, BF_CODE, BF_NAME, BF_TYPE, BF_THEME_DAY };

#define BRANCH_CODE_MAX 20 /* characters */
#define BRANCH_NAME_MAX 40
#define GROUP_NAME_MAX 20

/* NULL when acceptable, else a Chinese sentence; *field says which item is wrong. */
const char *branch_check(const struct branch *b, enum branch_field *field);
/* NULL when acceptable, else a Chinese sentence (the name is trimmed first by the caller). */
const char *group_name_check(const char *name);
/* A committee office (OFFICES code, "" = none) for a member of status (MEMBER_STATUSES code):
 * NULL when allowed, else the sentence. Only full members elect and may be elected: a 预备党员
 * sits on no committee. */
const char *committee_office_check(const char *status, const char *office);

/* A group's dates: start (成立日期) a real YYYY-MM-DD date, not after today; end (撤销日期) ""
 * (the group stands) or a real date after start (the first day the group no longer exists,
 * as a member's leave date is the first day off the roster) and not after today. NULL when
 * acceptable, else a Chinese sentence naming the date ("成立日期：2026年2月没有30日",
 * "撤销日期不能早于成立日期"); *field (may be NULL) gets 1 for start, 2 for end. A sentence with
 * numbers is written into buf (bufsz bytes; ZB_MSG_MAX is enough). */
const char *group_dates_check(const char *start, const char *end, struct zdate today, int *field,
                              char *buf, size_t bufsz);
/* Whether a group must hold its meetings in month (year, month): it stood the whole month —
 * start "" (before dates were kept) or on or before the month's first day, end "" or after the
 * month's last day — and had members on the roster at the month's end (members > 0). A group
 * set up after the 1st is first required the month after; one whose end falls in the month is
 * not required in it. */
bool group_meets_in_month(const char *start, const char *end, int members, int year, int month);

#endif
