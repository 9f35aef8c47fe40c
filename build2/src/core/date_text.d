build2/src/core/date_text.o: src/core/date_text.c \
 include/zhibu/date_text.h include/zhibu/date.h include/zhibu/text.h \
 include/zhibu/util.h
include/zhibu/date_text.h:
include/zhibu/date.h:
include/zhibu/text.h:
include/zhibu/util.h:
