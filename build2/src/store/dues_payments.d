build2/src/store/dues_payments.o: src/store/dues_payments.c \
 src/store/dues_priv.h src/store/store_priv.h include/zhibu/store.h \
 include/zhibu/model.h include/zhibu/store_auth.h include/zhibu/auth.h \
 include/zhibu/date.h include/zhibu/store_dues.h include/zhibu/dues.h \
 src/store/store_json.h src/store/store_list.h include/zhibu/util.h \
 include/zhibu/clock.h include/zhibu/text.h
src/store/dues_priv.h:
src/store/store_priv.h:
include/zhibu/store.h:
include/zhibu/model.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/date.h:
include/zhibu/store_dues.h:
include/zhibu/dues.h:
src/store/store_json.h:
src/store/store_list.h:
include/zhibu/util.h:
include/zhibu/clock.h:
include/zhibu/text.h:
