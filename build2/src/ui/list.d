build2/src/ui/list.o: src/ui/list.c include/zhibu/widgets.h \
 include/zhibu/ui.h include/zhibu/text.h include/zhibu/util.h
include/zhibu/widgets.h:
include/zhibu/ui.h:
include/zhibu/text.h:
include/zhibu/util.h:
