build2/src/screens/accounts.o: src/screens/accounts.c \
 include/zhibu/auth.h include/zhibu/clock.h include/zhibu/date.h \
 include/zhibu/list_screen.h include/zhibu/screen.h \
 include/zhibu/store_auth.h include/zhibu/model.h include/zhibu/store.h \
 include/zhibu/ui.h include/zhibu/widgets.h include/zhibu/screens.h \
 include/zhibu/text.h include/zhibu/util.h
include/zhibu/auth.h:
include/zhibu/clock.h:
include/zhibu/date.h:
include/zhibu/list_screen.h:
include/zhibu/screen.h:
include/zhibu/store_auth.h:
include/zhibu/model.h:
include/zhibu/store.h:
include/zhibu/ui.h:
include/zhibu/widgets.h:
include/zhibu/screens.h:
include/zhibu/text.h:
include/zhibu/util.h:
