build2/src/screens/common.o: src/screens/common.c include/zhibu/screens.h \
 include/zhibu/screen.h include/zhibu/store_auth.h include/zhibu/auth.h \
 include/zhibu/date.h include/zhibu/model.h include/zhibu/store.h \
 include/zhibu/ui.h include/zhibu/validate.h include/zhibu/text.h \
 include/zhibu/dues.h include/zhibu/clock.h include/zhibu/store_dues.h \
 include/zhibu/store_posts.h include/zhibu/util.h include/zhibu/msg.h \
 include/zhibu/widgets.h
include/zhibu/screens.h:
include/zhibu/screen.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/date.h:
include/zhibu/model.h:
include/zhibu/store.h:
include/zhibu/ui.h:
include/zhibu/validate.h:
include/zhibu/text.h:
include/zhibu/dues.h:
include/zhibu/clock.h:
include/zhibu/store_dues.h:
include/zhibu/store_posts.h:
include/zhibu/util.h:
include/zhibu/msg.h:
include/zhibu/widgets.h:
