build2/src/core/text.o: src/core/text.c include/zhibu/text.h \
 include/zhibu/util.h
include/zhibu/text.h:
include/zhibu/util.h:
