build2/src/store/journal_codec.o: src/store/journal_codec.c \
 src/store/journal_codec.h src/store/store_priv.h include/zhibu/store.h \
 include/zhibu/model.h include/zhibu/store_auth.h include/zhibu/auth.h \
 include/zhibu/date.h include/zhibu/util.h
src/store/journal_codec.h:
src/store/store_priv.h:
include/zhibu/store.h:
include/zhibu/model.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/date.h:
include/zhibu/util.h:
