build2/src/screens/reminders.o: src/screens/reminders.c \
 include/zhibu/reminders.h include/zhibu/audit.h include/zhibu/date.h \
 include/zhibu/dues.h include/zhibu/meeting.h include/zhibu/model.h \
 include/zhibu/branch_rules.h include/zhibu/clock.h \
 include/zhibu/deadlines.h include/zhibu/rules.h include/zhibu/auth.h \
 include/zhibu/lifecycle.h include/zhibu/post_status.h \
 include/zhibu/posts.h include/zhibu/screen.h include/zhibu/store_auth.h \
 include/zhibu/store.h include/zhibu/ui.h include/zhibu/screens.h \
 include/zhibu/store_audit.h include/zhibu/store_dues.h \
 include/zhibu/store_lifecycle.h include/zhibu/store_meeting.h \
 include/zhibu/util.h
include/zhibu/reminders.h:
include/zhibu/audit.h:
include/zhibu/date.h:
include/zhibu/dues.h:
include/zhibu/meeting.h:
include/zhibu/model.h:
include/zhibu/branch_rules.h:
include/zhibu/clock.h:
include/zhibu/deadlines.h:
include/zhibu/rules.h:
include/zhibu/auth.h:
include/zhibu/lifecycle.h:
include/zhibu/post_status.h:
include/zhibu/posts.h:
include/zhibu/screen.h:
include/zhibu/store_auth.h:
include/zhibu/store.h:
include/zhibu/ui.h:
include/zhibu/screens.h:
include/zhibu/store_audit.h:
include/zhibu/store_dues.h:
include/zhibu/store_lifecycle.h:
include/zhibu/store_meeting.h:
include/zhibu/util.h:
