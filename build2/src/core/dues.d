build2/src/core/dues.o: src/core/dues.c include/zhibu/dues.h \
 include/zhibu/date.h
include/zhibu/dues.h:
include/zhibu/date.h:
