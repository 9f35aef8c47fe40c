build2/src/cli/export.o: src/cli/export.c include/zhibu/cli.h \
 include/zhibu/args.h include/zhibu/clock.h include/zhibu/date.h \
 include/zhibu/config.h include/zhibu/rules.h include/zhibu/audit.h \
 include/zhibu/dues.h include/zhibu/meeting.h include/zhibu/model.h \
 include/zhibu/auth.h include/zhibu/lifecycle.h \
 include/zhibu/dues_export.h include/zhibu/store.h \
 include/zhibu/meeting_export.h include/zhibu/store_meeting.h \
 include/zhibu/members_export.h include/zhibu/posts_export.h
include/zhibu/cli.h:
include/zhibu/args.h:
include/zhibu/clock.h:
include/zhibu/date.h:
include/zhibu/config.h:
include/zhibu/rules.h:
include/zhibu/audit.h:
include/zhibu/dues.h:
include/zhibu/meeting.h:
include/zhibu/model.h:
include/zhibu/auth.h:
include/zhibu/lifecycle.h:
include/zhibu/dues_export.h:
include/zhibu/store.h:
include/zhibu/meeting_export.h:
include/zhibu/store_meeting.h:
include/zhibu/members_export.h:
include/zhibu/posts_export.h:
