build2/src/store/office_db.o: src/store/office_db.c \
 src/store/store_priv.h include/zhibu/store.h include/zhibu/model.h \
 include/zhibu/store_auth.h include/zhibu/auth.h include/zhibu/date.h \
 src/store/store_list.h include/zhibu/util.h src/store/store_json.h \
 include/zhibu/clock.h include/zhibu/store_exchange.h \
 include/zhibu/store_office.h include/zhibu/text.h
src/store/store_priv.h:
include/zhibu/store.h:
include/zhibu/model.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/date.h:
src/store/store_list.h:
include/zhibu/util.h:
src/store/store_json.h:
include/zhibu/clock.h:
include/zhibu/store_exchange.h:
include/zhibu/store_office.h:
include/zhibu/text.h:
