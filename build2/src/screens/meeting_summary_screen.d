build2/src/screens/meeting_summary_screen.o: \
 src/screens/meeting_summary_screen.c include/zhibu/clock.h \
 include/zhibu/date.h include/zhibu/config.h include/zhibu/rules.h \
 include/zhibu/audit.h include/zhibu/dues.h include/zhibu/meeting.h \
 include/zhibu/model.h include/zhibu/auth.h include/zhibu/lifecycle.h \
 include/zhibu/meeting_summary.h include/zhibu/screens.h \
 include/zhibu/screen.h include/zhibu/store_auth.h include/zhibu/store.h \
 include/zhibu/ui.h include/zhibu/store_audit.h \
 include/zhibu/store_meeting.h include/zhibu/text.h include/zhibu/util.h \
 include/zhibu/year_rules.h
include/zhibu/clock.h:
include/zhibu/date.h:
include/zhibu/config.h:
include/zhibu/rules.h:
include/zhibu/audit.h:
include/zhibu/dues.h:
include/zhibu/meeting.h:
include/zhibu/model.h:
include/zhibu/auth.h:
include/zhibu/lifecycle.h:
include/zhibu/meeting_summary.h:
include/zhibu/screens.h:
include/zhibu/screen.h:
include/zhibu/store_auth.h:
include/zhibu/store.h:
include/zhibu/ui.h:
include/zhibu/store_audit.h:
include/zhibu/store_meeting.h:
include/zhibu/text.h:
include/zhibu/util.h:
include/zhibu/year_rules.h:
