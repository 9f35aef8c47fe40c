build2/src/core/roster_import.o: src/core/roster_import.c \
 include/zhibu/roster_import.h include/zhibu/date.h include/zhibu/model.h \
 include/zhibu/table.h include/zhibu/branch_rules.h \
 include/zhibu/date_text.h include/zhibu/text.h include/zhibu/util.h \
 include/zhibu/validate.h
include/zhibu/roster_import.h:
include/zhibu/date.h:
include/zhibu/model.h:
include/zhibu/table.h:
include/zhibu/branch_rules.h:
include/zhibu/date_text.h:
include/zhibu/text.h:
include/zhibu/util.h:
include/zhibu/validate.h:
