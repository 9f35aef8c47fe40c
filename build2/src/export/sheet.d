build2/src/export/sheet.o: src/export/sheet.c include/zhibu/sheet.h \
 include/zhibu/date.h include/zhibu/text.h include/zhibu/util.h
include/zhibu/sheet.h:
include/zhibu/date.h:
include/zhibu/text.h:
include/zhibu/util.h:
