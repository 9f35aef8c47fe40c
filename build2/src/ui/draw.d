build2/src/ui/draw.o: src/ui/draw.c src/ui/ui_internal.h \
 include/zhibu/text.h include/zhibu/ui.h
src/ui/ui_internal.h:
include/zhibu/text.h:
include/zhibu/ui.h:
