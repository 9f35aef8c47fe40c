build2/src/util.o: src/util.c include/zhibu/util.h
include/zhibu/util.h:
