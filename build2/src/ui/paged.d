build2/src/ui/paged.o: src/ui/paged.c include/zhibu/paged.h \
 include/zhibu/util.h
include/zhibu/paged.h:
include/zhibu/util.h:
