build2/src/core/auth.o: src/core/auth.c include/zhibu/auth.h \
 include/zhibu/date.h
include/zhibu/auth.h:
include/zhibu/date.h:
