build2/src/ui/editor.o: src/ui/editor.c include/zhibu/widgets.h \
 include/zhibu/ui.h include/zhibu/text.h include/zhibu/util.h
include/zhibu/widgets.h:
include/zhibu/ui.h:
include/zhibu/text.h:
include/zhibu/util.h:
