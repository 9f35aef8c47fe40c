build2/src/screens/history_view.o: src/screens/history_view.c \
 include/zhibu/history_view.h include/zhibu/flatjson.h \
 include/zhibu/meeting.h include/zhibu/date.h include/zhibu/model.h \
 include/zhibu/screen.h include/zhibu/store_auth.h include/zhibu/auth.h \
 include/zhibu/store.h include/zhibu/ui.h include/zhibu/text.h \
 include/zhibu/util.h include/zhibu/widgets.h
include/zhibu/history_view.h:
include/zhibu/flatjson.h:
include/zhibu/meeting.h:
include/zhibu/date.h:
include/zhibu/model.h:
include/zhibu/screen.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/store.h:
include/zhibu/ui.h:
include/zhibu/text.h:
include/zhibu/util.h:
include/zhibu/widgets.h:
