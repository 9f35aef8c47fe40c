build2/src/screens/list_screen.o: src/screens/list_screen.c \
 include/zhibu/list_screen.h include/zhibu/screen.h \
 include/zhibu/store_auth.h include/zhibu/auth.h include/zhibu/date.h \
 include/zhibu/model.h include/zhibu/store.h include/zhibu/ui.h \
 include/zhibu/widgets.h
include/zhibu/list_screen.h:
include/zhibu/screen.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/date.h:
include/zhibu/model.h:
include/zhibu/store.h:
include/zhibu/ui.h:
include/zhibu/widgets.h:
