build2/src/export/dues_export.o: src/export/dues_export.c \
 include/zhibu/dues_export.h include/zhibu/dues.h include/zhibu/date.h \
 include/zhibu/store.h include/zhibu/model.h include/zhibu/csv.h \
 include/zhibu/meeting_export.h include/zhibu/meeting.h \
 include/zhibu/store_meeting.h include/zhibu/sheet.h \
 include/zhibu/store_dues.h include/zhibu/util.h
include/zhibu/dues_export.h:
include/zhibu/dues.h:
include/zhibu/date.h:
include/zhibu/store.h:
include/zhibu/model.h:
include/zhibu/csv.h:
include/zhibu/meeting_export.h:
include/zhibu/meeting.h:
include/zhibu/store_meeting.h:
include/zhibu/sheet.h:
include/zhibu/store_dues.h:
include/zhibu/util.h:
