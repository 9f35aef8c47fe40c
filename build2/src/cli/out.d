build2/src/cli/out.o: src/cli/out.c include/zhibu/cli.h \
 include/zhibu/config.h include/zhibu/rules.h include/zhibu/audit.h \
 include/zhibu/date.h include/zhibu/dues.h include/zhibu/meeting.h \
 include/zhibu/model.h include/zhibu/auth.h include/zhibu/lifecycle.h \
 include/zhibu/store.h include/zhibu/text.h include/zhibu/msg.h \
 include/zhibu/util.h
include/zhibu/cli.h:
include/zhibu/config.h:
include/zhibu/rules.h:
include/zhibu/audit.h:
include/zhibu/date.h:
include/zhibu/dues.h:
include/zhibu/meeting.h:
include/zhibu/model.h:
include/zhibu/auth.h:
include/zhibu/lifecycle.h:
include/zhibu/store.h:
include/zhibu/text.h:
include/zhibu/msg.h:
include/zhibu/util.h:
