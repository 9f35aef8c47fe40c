build2/src/export/meeting_print.o: src/export/meeting_print.c \
 include/zhibu/meeting_export.h include/zhibu/meeting.h \
 include/zhibu/date.h include/zhibu/model.h include/zhibu/store_meeting.h \
 include/zhibu/store.h include/zhibu/csv.h include/zhibu/sheet.h \
 include/zhibu/store_auth.h include/zhibu/auth.h include/zhibu/text.h \
 include/zhibu/util.h src/export/meeting_export_priv.h
include/zhibu/meeting_export.h:
include/zhibu/meeting.h:
include/zhibu/date.h:
include/zhibu/model.h:
include/zhibu/store_meeting.h:
include/zhibu/store.h:
include/zhibu/csv.h:
include/zhibu/sheet.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/text.h:
include/zhibu/util.h:
src/export/meeting_export_priv.h:
