build2/src/store/import_check.o: src/store/import_check.c \
 src/store/store_priv.h include/zhibu/store.h include/zhibu/model.h \
 include/zhibu/store_auth.h include/zhibu/auth.h include/zhibu/date.h \
 src/store/import_check.h include/zhibu/store_exchange.h \
 include/zhibu/branch_rules.h include/zhibu/clock.h include/zhibu/dues.h \
 include/zhibu/meeting.h include/zhibu/posts.h include/zhibu/row_rules.h \
 include/zhibu/text.h include/zhibu/util.h include/zhibu/validate.h
src/store/store_priv.h:
include/zhibu/store.h:
include/zhibu/model.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/date.h:
src/store/import_check.h:
include/zhibu/store_exchange.h:
include/zhibu/branch_rules.h:
include/zhibu/clock.h:
include/zhibu/dues.h:
include/zhibu/meeting.h:
include/zhibu/posts.h:
include/zhibu/row_rules.h:
include/zhibu/text.h:
include/zhibu/util.h:
include/zhibu/validate.h:
