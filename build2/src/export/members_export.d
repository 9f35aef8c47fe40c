build2/src/export/members_export.o: src/export/members_export.c \
 include/zhibu/members_export.h include/zhibu/date.h \
 include/zhibu/store.h include/zhibu/model.h include/zhibu/csv.h \
 include/zhibu/meeting_export.h include/zhibu/meeting.h \
 include/zhibu/store_meeting.h include/zhibu/sheet.h include/zhibu/util.h
include/zhibu/members_export.h:
include/zhibu/date.h:
include/zhibu/store.h:
include/zhibu/model.h:
include/zhibu/csv.h:
include/zhibu/meeting_export.h:
include/zhibu/meeting.h:
include/zhibu/store_meeting.h:
include/zhibu/sheet.h:
include/zhibu/util.h:
