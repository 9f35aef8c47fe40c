build2/src/store/journal_verify.o: src/store/journal_verify.c \
 src/store/journal_priv.h src/store/journal_codec.h \
 src/store/store_priv.h include/zhibu/store.h include/zhibu/model.h \
 include/zhibu/store_auth.h include/zhibu/auth.h include/zhibu/date.h \
 src/store/journal_rows.h src/store/journal_sha.h include/zhibu/clock.h \
 include/zhibu/util.h
src/store/journal_priv.h:
src/store/journal_codec.h:
src/store/store_priv.h:
include/zhibu/store.h:
include/zhibu/model.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/date.h:
src/store/journal_rows.h:
src/store/journal_sha.h:
include/zhibu/clock.h:
include/zhibu/util.h:
