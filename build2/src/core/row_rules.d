build2/src/core/row_rules.o: src/core/row_rules.c \
 include/zhibu/row_rules.h include/zhibu/date.h include/zhibu/meeting.h \
 include/zhibu/model.h include/zhibu/audit.h include/zhibu/dues.h \
 include/zhibu/branch_rules.h include/zhibu/posts.h include/zhibu/text.h \
 include/zhibu/util.h
include/zhibu/row_rules.h:
include/zhibu/date.h:
include/zhibu/meeting.h:
include/zhibu/model.h:
include/zhibu/audit.h:
include/zhibu/dues.h:
include/zhibu/branch_rules.h:
include/zhibu/posts.h:
include/zhibu/text.h:
include/zhibu/util.h:
