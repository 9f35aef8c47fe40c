build2/src/export/table_read.o: src/export/table_read.c \
 include/zhibu/table_read.h include/zhibu/table.h include/zhibu/util.h
include/zhibu/table_read.h:
include/zhibu/table.h:
include/zhibu/util.h:
