build2/src/screens/audit_refs.o: src/screens/audit_refs.c \
 src/screens/audit_refs.h include/zhibu/audit.h include/zhibu/date.h \
 include/zhibu/dues.h include/zhibu/meeting.h include/zhibu/model.h \
 include/zhibu/clock.h include/zhibu/rules.h include/zhibu/auth.h \
 include/zhibu/lifecycle.h include/zhibu/post_flows.h \
 include/zhibu/screens.h include/zhibu/screen.h \
 include/zhibu/store_auth.h include/zhibu/store.h include/zhibu/ui.h \
 include/zhibu/store_dues.h include/zhibu/store_meeting.h \
 include/zhibu/store_posts.h include/zhibu/util.h include/zhibu/widgets.h
src/screens/audit_refs.h:
include/zhibu/audit.h:
include/zhibu/date.h:
include/zhibu/dues.h:
include/zhibu/meeting.h:
include/zhibu/model.h:
include/zhibu/clock.h:
include/zhibu/rules.h:
include/zhibu/auth.h:
include/zhibu/lifecycle.h:
include/zhibu/post_flows.h:
include/zhibu/screens.h:
include/zhibu/screen.h:
include/zhibu/store_auth.h:
include/zhibu/store.h:
include/zhibu/ui.h:
include/zhibu/store_dues.h:
include/zhibu/store_meeting.h:
include/zhibu/store_posts.h:
include/zhibu/util.h:
include/zhibu/widgets.h:
