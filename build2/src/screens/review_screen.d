build2/src/screens/review_screen.o: src/screens/review_screen.c \
 include/zhibu/audit.h include/zhibu/date.h include/zhibu/dues.h \
 include/zhibu/meeting.h include/zhibu/model.h \
 include/zhibu/audit_report.h include/zhibu/store.h include/zhibu/clock.h \
 include/zhibu/rules.h include/zhibu/auth.h include/zhibu/lifecycle.h \
 include/zhibu/screens.h include/zhibu/screen.h \
 include/zhibu/store_auth.h include/zhibu/ui.h \
 include/zhibu/store_audit.h include/zhibu/text.h include/zhibu/util.h \
 include/zhibu/widgets.h
include/zhibu/audit.h:
include/zhibu/date.h:
include/zhibu/dues.h:
include/zhibu/meeting.h:
include/zhibu/model.h:
include/zhibu/audit_report.h:
include/zhibu/store.h:
include/zhibu/clock.h:
include/zhibu/rules.h:
include/zhibu/auth.h:
include/zhibu/lifecycle.h:
include/zhibu/screens.h:
include/zhibu/screen.h:
include/zhibu/store_auth.h:
include/zhibu/ui.h:
include/zhibu/store_audit.h:
include/zhibu/text.h:
include/zhibu/util.h:
include/zhibu/widgets.h:
