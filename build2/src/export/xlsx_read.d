build2/src/export/xlsx_read.o: src/export/xlsx_read.c \
 include/zhibu/table_read.h include/zhibu/table.h \
 /usr/include/minizip/unzip.h /usr/include/minizip/ioapi.h \
 include/zhibu/util.h
include/zhibu/table_read.h:
include/zhibu/table.h:
/usr/include/minizip/unzip.h:
/usr/include/minizip/ioapi.h:
include/zhibu/util.h:
