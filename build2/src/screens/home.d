build2/src/screens/home.o: src/screens/home.c include/zhibu/clock.h \
 include/zhibu/date.h include/zhibu/model.h include/zhibu/reminders.h \
 include/zhibu/screens.h include/zhibu/screen.h \
 include/zhibu/store_auth.h include/zhibu/auth.h include/zhibu/store.h \
 include/zhibu/ui.h include/zhibu/util.h include/zhibu/widgets.h
include/zhibu/clock.h:
include/zhibu/date.h:
include/zhibu/model.h:
include/zhibu/reminders.h:
include/zhibu/screens.h:
include/zhibu/screen.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/store.h:
include/zhibu/ui.h:
include/zhibu/util.h:
include/zhibu/widgets.h:
