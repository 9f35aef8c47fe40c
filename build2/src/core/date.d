build2/src/core/date.o: src/core/date.c include/zhibu/date.h
include/zhibu/date.h:
