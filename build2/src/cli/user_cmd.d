build2/src/cli/user_cmd.o: src/cli/user_cmd.c include/zhibu/cli.h \
 include/zhibu/args.h include/zhibu/auth.h include/zhibu/clock.h \
 include/zhibu/date.h include/zhibu/config.h include/zhibu/rules.h \
 include/zhibu/audit.h include/zhibu/dues.h include/zhibu/meeting.h \
 include/zhibu/model.h include/zhibu/lifecycle.h include/zhibu/csv.h \
 include/zhibu/store.h include/zhibu/store_auth.h include/zhibu/text.h \
 include/zhibu/util.h
include/zhibu/cli.h:
include/zhibu/args.h:
include/zhibu/auth.h:
include/zhibu/clock.h:
include/zhibu/date.h:
include/zhibu/config.h:
include/zhibu/rules.h:
include/zhibu/audit.h:
include/zhibu/dues.h:
include/zhibu/meeting.h:
include/zhibu/model.h:
include/zhibu/lifecycle.h:
include/zhibu/csv.h:
include/zhibu/store.h:
include/zhibu/store_auth.h:
include/zhibu/text.h:
include/zhibu/util.h:
