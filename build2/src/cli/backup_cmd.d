build2/src/cli/backup_cmd.o: src/cli/backup_cmd.c include/zhibu/cli.h \
 include/zhibu/args.h include/zhibu/config.h include/zhibu/rules.h \
 include/zhibu/audit.h include/zhibu/date.h include/zhibu/dues.h \
 include/zhibu/meeting.h include/zhibu/model.h include/zhibu/auth.h \
 include/zhibu/lifecycle.h include/zhibu/store.h \
 include/zhibu/store_backup.h include/zhibu/store_office.h
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
include/zhibu/store.h:
include/zhibu/store_backup.h:
include/zhibu/store_office.h:
