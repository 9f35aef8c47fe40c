build2/src/core/meeting_freq.o: src/core/meeting_freq.c \
 include/zhibu/meeting.h include/zhibu/date.h include/zhibu/model.h \
 include/zhibu/util.h
include/zhibu/meeting.h:
include/zhibu/date.h:
include/zhibu/model.h:
include/zhibu/util.h:
