build2/src/screens/meetings.o: src/screens/meetings.c \
 include/zhibu/clock.h include/zhibu/date.h include/zhibu/dues.h \
 include/zhibu/history_view.h include/zhibu/meeting.h \
 include/zhibu/model.h include/zhibu/meeting_export.h \
 include/zhibu/store_meeting.h include/zhibu/store.h \
 include/zhibu/paged.h include/zhibu/list_screen.h include/zhibu/screen.h \
 include/zhibu/store_auth.h include/zhibu/auth.h include/zhibu/ui.h \
 include/zhibu/widgets.h include/zhibu/rules.h include/zhibu/audit.h \
 include/zhibu/lifecycle.h include/zhibu/screens.h include/zhibu/text.h \
 include/zhibu/util.h
include/zhibu/clock.h:
include/zhibu/date.h:
include/zhibu/dues.h:
include/zhibu/history_view.h:
include/zhibu/meeting.h:
include/zhibu/model.h:
include/zhibu/meeting_export.h:
include/zhibu/store_meeting.h:
include/zhibu/store.h:
include/zhibu/paged.h:
include/zhibu/list_screen.h:
include/zhibu/screen.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/ui.h:
include/zhibu/widgets.h:
include/zhibu/rules.h:
include/zhibu/audit.h:
include/zhibu/lifecycle.h:
include/zhibu/screens.h:
include/zhibu/text.h:
include/zhibu/util.h:
