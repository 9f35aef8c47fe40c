build2/src/screens/member_form.o: src/screens/member_form.c \
 include/zhibu/clock.h include/zhibu/date.h include/zhibu/model.h \
 include/zhibu/rules.h include/zhibu/audit.h include/zhibu/dues.h \
 include/zhibu/meeting.h include/zhibu/auth.h include/zhibu/lifecycle.h \
 include/zhibu/screens.h include/zhibu/screen.h \
 include/zhibu/store_auth.h include/zhibu/store.h include/zhibu/ui.h \
 include/zhibu/store_lifecycle.h include/zhibu/text.h \
 include/zhibu/util.h include/zhibu/validate.h include/zhibu/widgets.h \
 src/screens/audit_refs.h
include/zhibu/clock.h:
include/zhibu/date.h:
include/zhibu/model.h:
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
include/zhibu/store_lifecycle.h:
include/zhibu/text.h:
include/zhibu/util.h:
include/zhibu/validate.h:
include/zhibu/widgets.h:
src/screens/audit_refs.h:
