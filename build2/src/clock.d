build2/src/clock.o: src/clock.c include/zhibu/clock.h \
 include/zhibu/date.h
include/zhibu/clock.h:
include/zhibu/date.h:
