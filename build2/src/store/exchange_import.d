build2/src/store/exchange_import.o: src/store/exchange_import.c \
 src/store/exchange_priv.h src/store/store_priv.h include/zhibu/store.h \
 include/zhibu/model.h include/zhibu/store_auth.h include/zhibu/auth.h \
 include/zhibu/date.h include/zhibu/store_exchange.h \
 src/store/import_check.h src/store/store_json.h include/zhibu/clock.h \
 include/zhibu/store_office.h include/zhibu/util.h
src/store/exchange_priv.h:
src/store/store_priv.h:
include/zhibu/store.h:
include/zhibu/model.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/date.h:
include/zhibu/store_exchange.h:
src/store/import_check.h:
src/store/store_json.h:
include/zhibu/clock.h:
include/zhibu/store_office.h:
include/zhibu/util.h:
