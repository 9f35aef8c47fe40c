build2/src/config.o: src/config.c include/zhibu/config.h \
 include/zhibu/rules.h include/zhibu/audit.h include/zhibu/date.h \
 include/zhibu/dues.h include/zhibu/meeting.h include/zhibu/model.h \
 include/zhibu/auth.h include/zhibu/lifecycle.h \
 /usr/include/iniparser/iniparser.h /usr/include/iniparser/dictionary.h \
 include/zhibu/text.h include/zhibu/util.h
include/zhibu/config.h:
include/zhibu/rules.h:
include/zhibu/audit.h:
include/zhibu/date.h:
include/zhibu/dues.h:
include/zhibu/meeting.h:
include/zhibu/model.h:
include/zhibu/auth.h:
include/zhibu/lifecycle.h:
/usr/include/iniparser/iniparser.h:
/usr/include/iniparser/dictionary.h:
include/zhibu/text.h:
include/zhibu/util.h:
