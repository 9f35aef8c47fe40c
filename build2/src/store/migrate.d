build2/src/store/migrate.o: src/store/migrate.c src/store/conn_priv.h \
 src/store/store_priv.h include/zhibu/store.h include/zhibu/model.h \
 include/zhibu/store_auth.h include/zhibu/auth.h include/zhibu/date.h \
 src/store/journal_codec.h include/zhibu/clock.h \
 include/zhibu/store_office.h include/zhibu/util.h
src/store/conn_priv.h:
src/store/store_priv.h:
include/zhibu/store.h:
include/zhibu/model.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/date.h:
src/store/journal_codec.h:
include/zhibu/clock.h:
include/zhibu/store_office.h:
include/zhibu/util.h:
