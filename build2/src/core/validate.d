build2/src/core/validate.o: src/core/validate.c include/zhibu/validate.h \
 include/zhibu/date.h include/zhibu/model.h include/zhibu/text.h \
 include/zhibu/util.h
include/zhibu/validate.h:
include/zhibu/date.h:
include/zhibu/model.h:
include/zhibu/text.h:
include/zhibu/util.h:
