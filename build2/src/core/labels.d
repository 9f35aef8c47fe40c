build2/src/core/labels.o: src/core/labels.c include/zhibu/model.h
include/zhibu/model.h:
