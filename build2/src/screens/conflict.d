build2/src/screens/conflict.o: src/screens/conflict.c \
 include/zhibu/history_view.h include/zhibu/screens.h \
 include/zhibu/screen.h include/zhibu/store_auth.h include/zhibu/auth.h \
 include/zhibu/date.h include/zhibu/model.h include/zhibu/store.h \
 include/zhibu/ui.h include/zhibu/util.h include/zhibu/widgets.h
include/zhibu/history_view.h:
include/zhibu/screens.h:
include/zhibu/screen.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/date.h:
include/zhibu/model.h:
include/zhibu/store.h:
include/zhibu/ui.h:
include/zhibu/util.h:
include/zhibu/widgets.h:
