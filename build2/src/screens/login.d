build2/src/screens/login.o: src/screens/login.c include/zhibu/auth.h \
 include/zhibu/rules.h include/zhibu/audit.h include/zhibu/date.h \
 include/zhibu/dues.h include/zhibu/meeting.h include/zhibu/model.h \
 include/zhibu/lifecycle.h include/zhibu/screens.h include/zhibu/screen.h \
 include/zhibu/store_auth.h include/zhibu/store.h include/zhibu/ui.h \
 include/zhibu/text.h include/zhibu/util.h include/zhibu/widgets.h
include/zhibu/auth.h:
include/zhibu/rules.h:
include/zhibu/audit.h:
include/zhibu/date.h:
include/zhibu/dues.h:
include/zhibu/meeting.h:
include/zhibu/model.h:
include/zhibu/lifecycle.h:
include/zhibu/screens.h:
include/zhibu/screen.h:
include/zhibu/store_auth.h:
include/zhibu/store.h:
include/zhibu/ui.h:
include/zhibu/text.h:
include/zhibu/util.h:
include/zhibu/widgets.h:
