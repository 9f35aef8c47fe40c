build2/src/ui/field.o: src/ui/field.c include/zhibu/widgets.h \
 include/zhibu/ui.h include/zhibu/text.h include/zhibu/util.h
include/zhibu/widgets.h:
include/zhibu/ui.h:
include/zhibu/text.h:
include/zhibu/util.h:
