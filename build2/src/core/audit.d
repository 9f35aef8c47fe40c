build2/src/core/audit.o: src/core/audit.c include/zhibu/audit.h \
 include/zhibu/date.h include/zhibu/dues.h include/zhibu/meeting.h \
 include/zhibu/model.h include/zhibu/branch_rules.h \
 include/zhibu/lifecycle.h include/zhibu/posts.h include/zhibu/util.h \
 include/zhibu/year_rules.h
include/zhibu/audit.h:
include/zhibu/date.h:
include/zhibu/dues.h:
include/zhibu/meeting.h:
include/zhibu/model.h:
include/zhibu/branch_rules.h:
include/zhibu/lifecycle.h:
include/zhibu/posts.h:
include/zhibu/util.h:
include/zhibu/year_rules.h:
