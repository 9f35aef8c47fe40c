build2/src/store/dues_load.o: src/store/dues_load.c src/store/dues_priv.h \
 src/store/store_priv.h include/zhibu/store.h include/zhibu/model.h \
 include/zhibu/store_auth.h include/zhibu/auth.h include/zhibu/date.h \
 include/zhibu/store_dues.h include/zhibu/dues.h src/store/store_json.h \
 include/zhibu/clock.h include/zhibu/text.h include/zhibu/util.h
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
include/zhibu/clock.h:
include/zhibu/text.h:
include/zhibu/util.h:
