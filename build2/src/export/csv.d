build2/src/export/csv.o: src/export/csv.c include/zhibu/csv.h \
 include/zhibu/text.h
include/zhibu/csv.h:
include/zhibu/text.h:
