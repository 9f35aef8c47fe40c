build2/src/export/audit_json.o: src/export/audit_json.c \
 include/zhibu/audit_report.h include/zhibu/audit.h include/zhibu/date.h \
 include/zhibu/dues.h include/zhibu/meeting.h include/zhibu/model.h \
 include/zhibu/store.h include/zhibu/csv.h include/zhibu/flatjson.h \
 include/zhibu/sheet.h include/zhibu/store_audit.h \
 include/zhibu/store_auth.h include/zhibu/auth.h include/zhibu/text.h \
 include/zhibu/util.h src/export/audit_report_priv.h
include/zhibu/audit_report.h:
include/zhibu/audit.h:
include/zhibu/date.h:
include/zhibu/dues.h:
include/zhibu/meeting.h:
include/zhibu/model.h:
include/zhibu/store.h:
include/zhibu/csv.h:
include/zhibu/flatjson.h:
include/zhibu/sheet.h:
include/zhibu/store_audit.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/text.h:
include/zhibu/util.h:
src/export/audit_report_priv.h:
