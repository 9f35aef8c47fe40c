build2/src/screens/roster_import_screen.o: \
 src/screens/roster_import_screen.c include/zhibu/roster_import.h \
 include/zhibu/date.h include/zhibu/model.h include/zhibu/table.h \
 include/zhibu/rules.h include/zhibu/audit.h include/zhibu/dues.h \
 include/zhibu/meeting.h include/zhibu/auth.h include/zhibu/lifecycle.h \
 include/zhibu/screens.h include/zhibu/screen.h \
 include/zhibu/store_auth.h include/zhibu/store.h include/zhibu/ui.h \
 include/zhibu/store_roster.h include/zhibu/table_read.h \
 include/zhibu/text.h include/zhibu/util.h include/zhibu/widgets.h
include/zhibu/roster_import.h:
include/zhibu/date.h:
include/zhibu/model.h:
include/zhibu/table.h:
include/zhibu/rules.h:
include/zhibu/audit.h:
include/zhibu/dues.h:
include/zhibu/meeting.h:
include/zhibu/auth.h:
include/zhibu/lifecycle.h:
include/zhibu/screens.h:
include/zhibu/screen.h:
include/zhibu/store_auth.h:
include/zhibu/store.h:
include/zhibu/ui.h:
include/zhibu/store_roster.h:
include/zhibu/table_read.h:
include/zhibu/text.h:
include/zhibu/util.h:
include/zhibu/widgets.h:
