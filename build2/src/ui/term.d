build2/src/ui/term.o: src/ui/term.c src/ui/ui_internal.h \
 include/zhibu/text.h include/zhibu/ui.h include/zhibu/util.h
src/ui/ui_internal.h:
include/zhibu/text.h:
include/zhibu/ui.h:
include/zhibu/util.h:
