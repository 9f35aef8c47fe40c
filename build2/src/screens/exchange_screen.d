build2/src/screens/exchange_screen.o: src/screens/exchange_screen.c \
 include/zhibu/version.h include/zhibu/list_screen.h \
 include/zhibu/screen.h include/zhibu/store_auth.h include/zhibu/auth.h \
 include/zhibu/date.h include/zhibu/model.h include/zhibu/store.h \
 include/zhibu/ui.h include/zhibu/widgets.h include/zhibu/screens.h \
 include/zhibu/store_exchange.h include/zhibu/store_office.h \
 include/zhibu/text.h include/zhibu/util.h
include/zhibu/version.h:
include/zhibu/list_screen.h:
include/zhibu/screen.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/date.h:
include/zhibu/model.h:
include/zhibu/store.h:
include/zhibu/ui.h:
include/zhibu/widgets.h:
include/zhibu/screens.h:
include/zhibu/store_exchange.h:
include/zhibu/store_office.h:
include/zhibu/text.h:
include/zhibu/util.h:
