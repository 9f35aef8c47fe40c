build2/src/core/roster_report.o: src/core/roster_report.c \
 include/zhibu/roster_import.h include/zhibu/date.h include/zhibu/model.h \
 include/zhibu/table.h include/zhibu/util.h
include/zhibu/roster_import.h:
include/zhibu/date.h:
include/zhibu/model.h:
include/zhibu/table.h:
include/zhibu/util.h:
