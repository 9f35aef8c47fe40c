build2/src/core/table.o: src/core/table.c include/zhibu/table.h \
 include/zhibu/text.h include/zhibu/util.h
include/zhibu/table.h:
include/zhibu/text.h:
include/zhibu/util.h:
