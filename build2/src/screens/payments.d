build2/src/screens/payments.o: src/screens/payments.c \
 include/zhibu/dues.h include/zhibu/date.h include/zhibu/list_screen.h \
 include/zhibu/screen.h include/zhibu/store_auth.h include/zhibu/auth.h \
 include/zhibu/model.h include/zhibu/store.h include/zhibu/ui.h \
 include/zhibu/widgets.h include/zhibu/screens.h \
 include/zhibu/store_dues.h include/zhibu/text.h include/zhibu/util.h
include/zhibu/dues.h:
include/zhibu/date.h:
include/zhibu/list_screen.h:
include/zhibu/screen.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/model.h:
include/zhibu/store.h:
include/zhibu/ui.h:
include/zhibu/widgets.h:
include/zhibu/screens.h:
include/zhibu/store_dues.h:
include/zhibu/text.h:
include/zhibu/util.h:
