build2/src/store/bundle_log.o: src/store/bundle_log.c \
 src/store/store_priv.h include/zhibu/store.h include/zhibu/model.h \
 include/zhibu/store_auth.h include/zhibu/auth.h include/zhibu/date.h \
 src/store/store_list.h include/zhibu/util.h \
 include/zhibu/store_exchange.h
src/store/store_priv.h:
include/zhibu/store.h:
include/zhibu/model.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/date.h:
src/store/store_list.h:
include/zhibu/util.h:
include/zhibu/store_exchange.h:
