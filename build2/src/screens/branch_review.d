build2/src/screens/branch_review.o: src/screens/branch_review.c \
 include/zhibu/audit.h include/zhibu/date.h include/zhibu/dues.h \
 include/zhibu/meeting.h include/zhibu/model.h \
 include/zhibu/audit_report.h include/zhibu/store.h include/zhibu/clock.h \
 include/zhibu/csv.h include/zhibu/deadlines.h include/zhibu/flatjson.h \
 include/zhibu/post_flows.h include/zhibu/rules.h include/zhibu/auth.h \
 include/zhibu/lifecycle.h include/zhibu/screens.h include/zhibu/screen.h \
 include/zhibu/store_auth.h include/zhibu/ui.h \
 include/zhibu/store_audit.h include/zhibu/history_view.h \
 include/zhibu/store_meeting.h include/zhibu/store_posts.h \
 include/zhibu/text.h include/zhibu/util.h include/zhibu/widgets.h \
 src/screens/audit_refs.h
include/zhibu/audit.h:
include/zhibu/date.h:
include/zhibu/dues.h:
include/zhibu/meeting.h:
include/zhibu/model.h:
include/zhibu/audit_report.h:
include/zhibu/store.h:
include/zhibu/clock.h:
include/zhibu/csv.h:
include/zhibu/deadlines.h:
include/zhibu/flatjson.h:
include/zhibu/post_flows.h:
include/zhibu/rules.h:
include/zhibu/auth.h:
include/zhibu/lifecycle.h:
include/zhibu/screens.h:
include/zhibu/screen.h:
include/zhibu/store_auth.h:
include/zhibu/ui.h:
include/zhibu/store_audit.h:
include/zhibu/history_view.h:
include/zhibu/store_meeting.h:
include/zhibu/store_posts.h:
include/zhibu/text.h:
include/zhibu/util.h:
include/zhibu/widgets.h:
src/screens/audit_refs.h:
