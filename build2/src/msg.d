build2/src/msg.o: src/msg.c include/zhibu/msg.h include/zhibu/store.h \
 include/zhibu/model.h include/zhibu/util.h
include/zhibu/msg.h:
include/zhibu/store.h:
include/zhibu/model.h:
include/zhibu/util.h:
