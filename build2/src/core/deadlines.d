build2/src/core/deadlines.o: src/core/deadlines.c \
 include/zhibu/deadlines.h include/zhibu/date.h include/zhibu/rules.h \
 include/zhibu/audit.h include/zhibu/dues.h include/zhibu/meeting.h \
 include/zhibu/model.h include/zhibu/auth.h include/zhibu/lifecycle.h
include/zhibu/deadlines.h:
include/zhibu/date.h:
include/zhibu/rules.h:
include/zhibu/audit.h:
include/zhibu/dues.h:
include/zhibu/meeting.h:
include/zhibu/model.h:
include/zhibu/auth.h:
include/zhibu/lifecycle.h:
