build2/src/core/meeting_summary.o: src/core/meeting_summary.c \
 include/zhibu/meeting_summary.h include/zhibu/date.h \
 include/zhibu/meeting.h include/zhibu/model.h
include/zhibu/meeting_summary.h:
include/zhibu/date.h:
include/zhibu/meeting.h:
include/zhibu/model.h:
