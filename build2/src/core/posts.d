build2/src/core/posts.o: src/core/posts.c include/zhibu/posts.h \
 include/zhibu/date.h include/zhibu/model.h include/zhibu/text.h
include/zhibu/posts.h:
include/zhibu/date.h:
include/zhibu/model.h:
include/zhibu/text.h:
