build2/src/screens/form_same.o: src/screens/form_same.c \
 include/zhibu/screens.h include/zhibu/screen.h \
 include/zhibu/store_auth.h include/zhibu/auth.h include/zhibu/date.h \
 include/zhibu/model.h include/zhibu/store.h include/zhibu/ui.h \
 include/zhibu/widgets.h
include/zhibu/screens.h:
include/zhibu/screen.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/date.h:
include/zhibu/model.h:
include/zhibu/store.h:
include/zhibu/ui.h:
include/zhibu/widgets.h:
