build2/src/cli/import.o: src/cli/import.c include/zhibu/cli.h \
 include/zhibu/args.h include/zhibu/config.h include/zhibu/rules.h \
 include/zhibu/audit.h include/zhibu/date.h include/zhibu/dues.h \
 include/zhibu/meeting.h include/zhibu/model.h include/zhibu/auth.h \
 include/zhibu/lifecycle.h include/zhibu/roster_import.h \
 include/zhibu/table.h include/zhibu/roster_template.h \
 include/zhibu/store.h include/zhibu/store_auth.h \
 include/zhibu/store_roster.h include/zhibu/table_read.h
include/zhibu/cli.h:
include/zhibu/args.h:
include/zhibu/config.h:
include/zhibu/rules.h:
include/zhibu/audit.h:
include/zhibu/date.h:
include/zhibu/dues.h:
include/zhibu/meeting.h:
include/zhibu/model.h:
include/zhibu/auth.h:
include/zhibu/lifecycle.h:
include/zhibu/roster_import.h:
include/zhibu/table.h:
include/zhibu/roster_template.h:
include/zhibu/store.h:
include/zhibu/store_auth.h:
include/zhibu/store_roster.h:
include/zhibu/table_read.h:
