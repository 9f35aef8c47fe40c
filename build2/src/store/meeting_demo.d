build2/src/store/meeting_demo.o: src/store/meeting_demo.c \
 include/zhibu/store_meeting.h include/zhibu/meeting.h \
 include/zhibu/date.h include/zhibu/model.h include/zhibu/store.h \
 src/store/conn_priv.h src/store/store_priv.h include/zhibu/store_auth.h \
 include/zhibu/auth.h include/zhibu/store_office.h
include/zhibu/store_meeting.h:
include/zhibu/meeting.h:
include/zhibu/date.h:
include/zhibu/model.h:
include/zhibu/store.h:
src/store/conn_priv.h:
src/store/store_priv.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/store_office.h:
