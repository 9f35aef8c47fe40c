build2/src/screens/system.o: src/screens/system.c include/zhibu/screens.h \
 include/zhibu/screen.h include/zhibu/store_auth.h include/zhibu/auth.h \
 include/zhibu/date.h include/zhibu/model.h include/zhibu/store.h \
 include/zhibu/ui.h include/zhibu/store_backup.h \
 include/zhibu/store_office.h include/zhibu/config.h \
 include/zhibu/rules.h include/zhibu/audit.h include/zhibu/dues.h \
 include/zhibu/meeting.h include/zhibu/lifecycle.h include/zhibu/util.h \
 include/zhibu/widgets.h
include/zhibu/screens.h:
include/zhibu/screen.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/date.h:
include/zhibu/model.h:
include/zhibu/store.h:
include/zhibu/ui.h:
include/zhibu/store_backup.h:
include/zhibu/store_office.h:
include/zhibu/config.h:
include/zhibu/rules.h:
include/zhibu/audit.h:
include/zhibu/dues.h:
include/zhibu/meeting.h:
include/zhibu/lifecycle.h:
include/zhibu/util.h:
include/zhibu/widgets.h:
