build2/src/screens/dues_screen.o: src/screens/dues_screen.c \
 include/zhibu/clock.h include/zhibu/date.h include/zhibu/dues.h \
 include/zhibu/rules.h include/zhibu/audit.h include/zhibu/meeting.h \
 include/zhibu/model.h include/zhibu/auth.h include/zhibu/lifecycle.h \
 include/zhibu/dues_export.h include/zhibu/store.h \
 include/zhibu/screens.h include/zhibu/screen.h \
 include/zhibu/store_auth.h include/zhibu/ui.h include/zhibu/store_dues.h \
 include/zhibu/text.h include/zhibu/util.h include/zhibu/widgets.h
include/zhibu/clock.h:
include/zhibu/date.h:
include/zhibu/dues.h:
include/zhibu/rules.h:
include/zhibu/audit.h:
include/zhibu/meeting.h:
include/zhibu/model.h:
include/zhibu/auth.h:
include/zhibu/lifecycle.h:
include/zhibu/dues_export.h:
include/zhibu/store.h:
include/zhibu/screens.h:
include/zhibu/screen.h:
include/zhibu/store_auth.h:
include/zhibu/ui.h:
include/zhibu/store_dues.h:
include/zhibu/text.h:
include/zhibu/util.h:
include/zhibu/widgets.h:
