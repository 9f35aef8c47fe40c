build2/src/store/journal.o: src/store/journal.c src/store/journal_priv.h \
 src/store/journal_codec.h src/store/store_priv.h include/zhibu/store.h \
 include/zhibu/model.h include/zhibu/store_auth.h include/zhibu/auth.h \
 include/zhibu/date.h src/store/store_json.h include/zhibu/clock.h \
 include/zhibu/util.h
src/store/journal_priv.h:
src/store/journal_codec.h:
src/store/store_priv.h:
include/zhibu/store.h:
include/zhibu/model.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/date.h:
src/store/store_json.h:
include/zhibu/clock.h:
include/zhibu/util.h:
