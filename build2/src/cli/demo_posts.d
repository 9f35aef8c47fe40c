build2/src/cli/demo_posts.o: src/cli/demo_posts.c src/cli/demo_priv.h \
 include/zhibu/cli.h include/zhibu/args.h include/zhibu/auth.h \
 include/zhibu/clock.h include/zhibu/date.h include/zhibu/config.h \
 include/zhibu/rules.h include/zhibu/audit.h include/zhibu/dues.h \
 include/zhibu/meeting.h include/zhibu/model.h include/zhibu/lifecycle.h \
 include/zhibu/posts.h include/zhibu/store.h include/zhibu/store_auth.h \
 include/zhibu/store_dues.h include/zhibu/store_exchange.h \
 include/zhibu/store_lifecycle.h include/zhibu/store_meeting.h \
 include/zhibu/store_posts.h include/zhibu/util.h \
 include/zhibu/validate.h
src/cli/demo_priv.h:
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
include/zhibu/posts.h:
include/zhibu/store.h:
include/zhibu/store_auth.h:
include/zhibu/store_dues.h:
include/zhibu/store_exchange.h:
include/zhibu/store_lifecycle.h:
include/zhibu/store_meeting.h:
include/zhibu/store_posts.h:
include/zhibu/util.h:
include/zhibu/validate.h:
