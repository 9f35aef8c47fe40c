build2/src/export/roster_template.o: src/export/roster_template.c \
 include/zhibu/roster_template.h include/zhibu/date_text.h \
 include/zhibu/date.h include/zhibu/model.h include/zhibu/roster_import.h \
 include/zhibu/table.h include/zhibu/sheet.h include/zhibu/util.h
include/zhibu/roster_template.h:
include/zhibu/date_text.h:
include/zhibu/date.h:
include/zhibu/model.h:
include/zhibu/roster_import.h:
include/zhibu/table.h:
include/zhibu/sheet.h:
include/zhibu/util.h:
