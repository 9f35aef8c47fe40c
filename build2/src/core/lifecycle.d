build2/src/core/lifecycle.o: src/core/lifecycle.c \
 include/zhibu/lifecycle.h include/zhibu/date.h
include/zhibu/lifecycle.h:
include/zhibu/date.h:
