build2/src/ui/keys.o: src/ui/keys.c include/zhibu/text.h \
 include/zhibu/ui.h
include/zhibu/text.h:
include/zhibu/ui.h:
