build2/src/store/bundle_db.o: src/store/bundle_db.c \
 src/store/bundle_priv.h src/store/store_priv.h include/zhibu/store.h \
 include/zhibu/model.h include/zhibu/store_auth.h include/zhibu/auth.h \
 include/zhibu/date.h include/zhibu/clock.h \
 include/zhibu/store_exchange.h include/zhibu/store_office.h \
 include/zhibu/util.h
src/store/bundle_priv.h:
src/store/store_priv.h:
include/zhibu/store.h:
include/zhibu/model.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/date.h:
include/zhibu/clock.h:
include/zhibu/store_exchange.h:
include/zhibu/store_office.h:
include/zhibu/util.h:
