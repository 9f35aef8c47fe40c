build2/src/store/backup_db.o: src/store/backup_db.c \
 src/store/store_priv.h include/zhibu/store.h include/zhibu/model.h \
 include/zhibu/store_auth.h include/zhibu/auth.h include/zhibu/date.h \
 include/zhibu/clock.h include/zhibu/store_backup.h \
 include/zhibu/store_office.h include/zhibu/util.h
src/store/store_priv.h:
include/zhibu/store.h:
include/zhibu/model.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/date.h:
include/zhibu/clock.h:
include/zhibu/store_backup.h:
include/zhibu/store_office.h:
include/zhibu/util.h:
