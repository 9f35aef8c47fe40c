/* meeting_priv.h — what meeting.c, meeting_plan.c and meeting_list.c share; private to them. */
#ifndef ZHIBU_MEETING_PRIV_H
#define ZHIBU_MEETING_PRIV_H

#include "store_priv.h"

char *st_required_reason(struct store *st, const char *reason);
int st_check_plan_link(struct store *st, int64_t plan_id, int64_t branch_id,
                       int64_t meeting_id);
int st_set_plan_meeting(struct store *st, int64_t plan_id, int64_t meeting_id,
                        const char *action);

#endif
