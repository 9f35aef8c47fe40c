build2/src/rules_config.o: src/rules_config.c include/zhibu/rules.h \
 include/zhibu/audit.h include/zhibu/date.h include/zhibu/dues.h \
 include/zhibu/meeting.h include/zhibu/model.h include/zhibu/auth.h \
 include/zhibu/lifecycle.h include/zhibu/config.h
include/zhibu/rules.h:
include/zhibu/audit.h:
include/zhibu/date.h:
include/zhibu/dues.h:
include/zhibu/meeting.h:
include/zhibu/model.h:
include/zhibu/auth.h:
include/zhibu/lifecycle.h:
include/zhibu/config.h:
