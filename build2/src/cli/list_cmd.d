build2/src/cli/list_cmd.o: src/cli/list_cmd.c include/zhibu/cli.h \
 include/zhibu/args.h include/zhibu/config.h include/zhibu/rules.h \
 include/zhibu/audit.h include/zhibu/date.h include/zhibu/dues.h \
 include/zhibu/meeting.h include/zhibu/model.h include/zhibu/auth.h \
 include/zhibu/lifecycle.h include/zhibu/csv.h include/zhibu/clock.h \
 include/zhibu/dues_export.h include/zhibu/store.h \
 include/zhibu/meeting_export.h include/zhibu/store_meeting.h \
 include/zhibu/posts_export.h include/zhibu/store_dues.h \
 include/zhibu/util.h
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
include/zhibu/csv.h:
include/zhibu/clock.h:
include/zhibu/dues_export.h:
include/zhibu/store.h:
include/zhibu/meeting_export.h:
include/zhibu/store_meeting.h:
include/zhibu/posts_export.h:
include/zhibu/store_dues.h:
include/zhibu/util.h:
