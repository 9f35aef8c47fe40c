build2/src/screens/branch_screen.o: src/screens/branch_screen.c \
 include/zhibu/branch_rules.h include/zhibu/date.h include/zhibu/model.h \
 include/zhibu/history_view.h include/zhibu/screens.h \
 include/zhibu/screen.h include/zhibu/store_auth.h include/zhibu/auth.h \
 include/zhibu/store.h include/zhibu/ui.h include/zhibu/text.h \
 include/zhibu/util.h include/zhibu/widgets.h
include/zhibu/branch_rules.h:
include/zhibu/date.h:
include/zhibu/model.h:
include/zhibu/history_view.h:
include/zhibu/screens.h:
include/zhibu/screen.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/store.h:
include/zhibu/ui.h:
include/zhibu/text.h:
include/zhibu/util.h:
include/zhibu/widgets.h:
