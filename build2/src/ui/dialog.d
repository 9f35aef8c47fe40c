build2/src/ui/dialog.o: src/ui/dialog.c include/zhibu/widgets.h \
 include/zhibu/ui.h include/zhibu/screen.h include/zhibu/store_auth.h \
 include/zhibu/auth.h include/zhibu/date.h include/zhibu/model.h \
 include/zhibu/store.h include/zhibu/text.h include/zhibu/util.h \
 src/ui/ui_internal.h
include/zhibu/widgets.h:
include/zhibu/ui.h:
include/zhibu/screen.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/date.h:
include/zhibu/model.h:
include/zhibu/store.h:
include/zhibu/text.h:
include/zhibu/util.h:
src/ui/ui_internal.h:
