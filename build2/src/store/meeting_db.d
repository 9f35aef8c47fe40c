build2/src/store/meeting_db.o: src/store/meeting_db.c \
 src/store/meeting_priv.h src/store/store_priv.h include/zhibu/store.h \
 include/zhibu/model.h include/zhibu/store_auth.h include/zhibu/auth.h \
 include/zhibu/date.h src/store/store_json.h include/zhibu/clock.h \
 include/zhibu/store_meeting.h include/zhibu/meeting.h \
 include/zhibu/text.h include/zhibu/util.h
src/store/meeting_priv.h:
src/store/store_priv.h:
include/zhibu/store.h:
include/zhibu/model.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/date.h:
src/store/store_json.h:
include/zhibu/clock.h:
include/zhibu/store_meeting.h:
include/zhibu/meeting.h:
include/zhibu/text.h:
include/zhibu/util.h:
