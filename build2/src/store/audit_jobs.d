build2/src/store/audit_jobs.o: src/store/audit_jobs.c \
 src/store/audit_priv.h src/store/store_priv.h include/zhibu/store.h \
 include/zhibu/model.h include/zhibu/store_auth.h include/zhibu/auth.h \
 include/zhibu/date.h include/zhibu/store_audit.h include/zhibu/audit.h \
 include/zhibu/dues.h include/zhibu/meeting.h include/zhibu/clock.h \
 include/zhibu/text.h include/zhibu/util.h
src/store/audit_priv.h:
src/store/store_priv.h:
include/zhibu/store.h:
include/zhibu/model.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/date.h:
include/zhibu/store_audit.h:
include/zhibu/audit.h:
include/zhibu/dues.h:
include/zhibu/meeting.h:
include/zhibu/clock.h:
include/zhibu/text.h:
include/zhibu/util.h:
