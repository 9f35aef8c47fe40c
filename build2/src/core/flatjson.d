build2/src/core/flatjson.o: src/core/flatjson.c include/zhibu/flatjson.h \
 include/zhibu/text.h include/zhibu/util.h
include/zhibu/flatjson.h:
include/zhibu/text.h:
include/zhibu/util.h:
