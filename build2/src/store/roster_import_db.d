build2/src/store/roster_import_db.o: src/store/roster_import_db.c \
 src/store/store_priv.h include/zhibu/store.h include/zhibu/model.h \
 include/zhibu/store_auth.h include/zhibu/auth.h include/zhibu/date.h \
 include/zhibu/store_roster.h include/zhibu/roster_import.h \
 include/zhibu/table.h include/zhibu/clock.h include/zhibu/util.h
src/store/store_priv.h:
include/zhibu/store.h:
include/zhibu/model.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/date.h:
include/zhibu/store_roster.h:
include/zhibu/roster_import.h:
include/zhibu/table.h:
include/zhibu/clock.h:
include/zhibu/util.h:
