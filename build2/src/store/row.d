build2/src/store/row.o: src/store/row.c src/store/store_priv.h \
 include/zhibu/store.h include/zhibu/model.h include/zhibu/store_auth.h \
 include/zhibu/auth.h include/zhibu/date.h include/zhibu/clock.h \
 include/zhibu/text.h include/zhibu/util.h
src/store/store_priv.h:
include/zhibu/store.h:
include/zhibu/model.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/date.h:
include/zhibu/clock.h:
include/zhibu/text.h:
include/zhibu/util.h:
