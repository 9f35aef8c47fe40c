build2/src/screens/roster.o: src/screens/roster.c include/zhibu/clock.h \
 include/zhibu/date.h include/zhibu/dues.h include/zhibu/rules.h \
 include/zhibu/audit.h include/zhibu/meeting.h include/zhibu/model.h \
 include/zhibu/auth.h include/zhibu/lifecycle.h \
 include/zhibu/history_view.h include/zhibu/meeting_export.h \
 include/zhibu/store_meeting.h include/zhibu/store.h \
 include/zhibu/members_export.h include/zhibu/paged.h \
 include/zhibu/screens.h include/zhibu/screen.h \
 include/zhibu/store_auth.h include/zhibu/ui.h include/zhibu/store_dues.h \
 include/zhibu/store_lifecycle.h include/zhibu/text.h \
 include/zhibu/util.h include/zhibu/validate.h include/zhibu/widgets.h
include/zhibu/clock.h:
include/zhibu/date.h:
include/zhibu/dues.h:
include/zhibu/rules.h:
include/zhibu/audit.h:
include/zhibu/meeting.h:
include/zhibu/model.h:
include/zhibu/auth.h:
include/zhibu/lifecycle.h:
include/zhibu/history_view.h:
include/zhibu/meeting_export.h:
include/zhibu/store_meeting.h:
include/zhibu/store.h:
include/zhibu/members_export.h:
include/zhibu/paged.h:
include/zhibu/screens.h:
include/zhibu/screen.h:
include/zhibu/store_auth.h:
include/zhibu/ui.h:
include/zhibu/store_dues.h:
include/zhibu/store_lifecycle.h:
include/zhibu/text.h:
include/zhibu/util.h:
include/zhibu/validate.h:
include/zhibu/widgets.h:
