build2/src/screens/uncovered.o: src/screens/uncovered.c \
 include/zhibu/clock.h include/zhibu/date.h include/zhibu/post_flows.h \
 include/zhibu/post_status.h include/zhibu/model.h include/zhibu/posts.h \
 include/zhibu/list_screen.h include/zhibu/screen.h \
 include/zhibu/store_auth.h include/zhibu/auth.h include/zhibu/store.h \
 include/zhibu/ui.h include/zhibu/widgets.h include/zhibu/screens.h \
 include/zhibu/store_posts.h include/zhibu/text.h include/zhibu/util.h
include/zhibu/clock.h:
include/zhibu/date.h:
include/zhibu/post_flows.h:
include/zhibu/post_status.h:
include/zhibu/model.h:
include/zhibu/posts.h:
include/zhibu/list_screen.h:
include/zhibu/screen.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/store.h:
include/zhibu/ui.h:
include/zhibu/widgets.h:
include/zhibu/screens.h:
include/zhibu/store_posts.h:
include/zhibu/text.h:
include/zhibu/util.h:
