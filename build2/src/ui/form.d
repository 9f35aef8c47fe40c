build2/src/ui/form.o: src/ui/form.c include/zhibu/widgets.h \
 include/zhibu/ui.h include/zhibu/date.h include/zhibu/text.h \
 include/zhibu/util.h
include/zhibu/widgets.h:
include/zhibu/ui.h:
include/zhibu/date.h:
include/zhibu/text.h:
include/zhibu/util.h:
