/* branch_rules.h — what makes a branch record and a party group acceptable (core: pure). */
#ifndef ZHIBU_BRANCH_RULES_H
#define ZHIBU_BRANCH_RULES_H

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

#endif
