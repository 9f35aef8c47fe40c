build2/src/core/meeting.o: src/core/meeting.c include/zhibu/meeting.h \
 include/zhibu/date.h include/zhibu/model.h include/zhibu/text.h \
 include/zhibu/util.h
include/zhibu/meeting.h:
include/zhibu/date.h:
include/zhibu/model.h:
include/zhibu/text.h:
include/zhibu/util.h:
