build2/src/screens/post_status.o: src/screens/post_status.c \
 include/zhibu/post_status.h include/zhibu/model.h include/zhibu/posts.h \
 include/zhibu/date.h include/zhibu/rules.h include/zhibu/audit.h \
 include/zhibu/dues.h include/zhibu/meeting.h include/zhibu/auth.h \
 include/zhibu/lifecycle.h include/zhibu/clock.h include/zhibu/screen.h \
 include/zhibu/store_auth.h include/zhibu/store.h include/zhibu/ui.h \
 include/zhibu/store_posts.h include/zhibu/util.h
include/zhibu/post_status.h:
include/zhibu/model.h:
include/zhibu/posts.h:
include/zhibu/date.h:
include/zhibu/rules.h:
include/zhibu/audit.h:
include/zhibu/dues.h:
include/zhibu/meeting.h:
include/zhibu/auth.h:
include/zhibu/lifecycle.h:
include/zhibu/clock.h:
include/zhibu/screen.h:
include/zhibu/store_auth.h:
include/zhibu/store.h:
include/zhibu/ui.h:
include/zhibu/store_posts.h:
include/zhibu/util.h:
