build2/src/core/branch_rules.o: src/core/branch_rules.c \
 include/zhibu/branch_rules.h include/zhibu/date.h include/zhibu/model.h \
 include/zhibu/text.h include/zhibu/util.h
include/zhibu/branch_rules.h:
include/zhibu/date.h:
include/zhibu/model.h:
include/zhibu/text.h:
include/zhibu/util.h:
