build2/src/export/posts_export.o: src/export/posts_export.c \
 include/zhibu/posts_export.h include/zhibu/date.h include/zhibu/store.h \
 include/zhibu/model.h include/zhibu/clock.h include/zhibu/csv.h \
 include/zhibu/posts.h include/zhibu/sheet.h include/zhibu/store_posts.h \
 include/zhibu/text.h include/zhibu/util.h
include/zhibu/posts_export.h:
include/zhibu/date.h:
include/zhibu/store.h:
include/zhibu/model.h:
include/zhibu/clock.h:
include/zhibu/csv.h:
include/zhibu/posts.h:
include/zhibu/sheet.h:
include/zhibu/store_posts.h:
include/zhibu/text.h:
include/zhibu/util.h:
