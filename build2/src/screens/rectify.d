build2/src/screens/rectify.o: src/screens/rectify.c include/zhibu/audit.h \
 include/zhibu/date.h include/zhibu/dues.h include/zhibu/meeting.h \
 include/zhibu/model.h include/zhibu/clock.h include/zhibu/deadlines.h \
 include/zhibu/list_screen.h include/zhibu/screen.h \
 include/zhibu/store_auth.h include/zhibu/auth.h include/zhibu/store.h \
 include/zhibu/ui.h include/zhibu/widgets.h include/zhibu/screens.h \
 include/zhibu/store_audit.h include/zhibu/text.h include/zhibu/util.h
include/zhibu/audit.h:
include/zhibu/date.h:
include/zhibu/dues.h:
include/zhibu/meeting.h:
include/zhibu/model.h:
include/zhibu/clock.h:
include/zhibu/deadlines.h:
include/zhibu/list_screen.h:
include/zhibu/screen.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/store.h:
include/zhibu/ui.h:
include/zhibu/widgets.h:
include/zhibu/screens.h:
include/zhibu/store_audit.h:
include/zhibu/text.h:
include/zhibu/util.h:
