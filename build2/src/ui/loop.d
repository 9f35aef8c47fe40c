build2/src/ui/loop.o: src/ui/loop.c include/zhibu/clock.h \
 include/zhibu/date.h include/zhibu/store_auth.h include/zhibu/auth.h \
 include/zhibu/model.h include/zhibu/store.h include/zhibu/screen.h \
 include/zhibu/ui.h include/zhibu/text.h include/zhibu/widgets.h \
 include/zhibu/msg.h include/zhibu/util.h
include/zhibu/clock.h:
include/zhibu/date.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/model.h:
include/zhibu/store.h:
include/zhibu/screen.h:
include/zhibu/ui.h:
include/zhibu/text.h:
include/zhibu/widgets.h:
include/zhibu/msg.h:
include/zhibu/util.h:
