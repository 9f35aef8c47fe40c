build2/src/main.o: src/main.c include/zhibu/auth.h include/zhibu/cli.h \
 include/zhibu/clock.h include/zhibu/date.h include/zhibu/config.h \
 include/zhibu/rules.h include/zhibu/audit.h include/zhibu/dues.h \
 include/zhibu/meeting.h include/zhibu/model.h include/zhibu/lifecycle.h \
 include/zhibu/screens.h include/zhibu/screen.h \
 include/zhibu/store_auth.h include/zhibu/store.h include/zhibu/ui.h \
 include/zhibu/store_exchange.h include/zhibu/util.h \
 include/zhibu/version.h
include/zhibu/auth.h:
include/zhibu/cli.h:
include/zhibu/clock.h:
include/zhibu/date.h:
include/zhibu/config.h:
include/zhibu/rules.h:
include/zhibu/audit.h:
include/zhibu/dues.h:
include/zhibu/meeting.h:
include/zhibu/model.h:
include/zhibu/lifecycle.h:
include/zhibu/screens.h:
include/zhibu/screen.h:
include/zhibu/store_auth.h:
include/zhibu/store.h:
include/zhibu/ui.h:
include/zhibu/store_exchange.h:
include/zhibu/util.h:
include/zhibu/version.h:
