build2/src/ui/textview.o: src/ui/textview.c include/zhibu/widgets.h \
 include/zhibu/ui.h include/zhibu/text.h include/zhibu/util.h \
 src/ui/ui_internal.h
include/zhibu/widgets.h:
include/zhibu/ui.h:
include/zhibu/text.h:
include/zhibu/util.h:
src/ui/ui_internal.h:
