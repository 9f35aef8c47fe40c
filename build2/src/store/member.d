build2/src/store/member.o: src/store/member.c src/store/store_priv.h \
 include/zhibu/store.h include/zhibu/model.h include/zhibu/store_auth.h \
 include/zhibu/auth.h include/zhibu/date.h src/store/store_json.h \
 src/store/store_list.h include/zhibu/util.h include/zhibu/branch_rules.h \
 include/zhibu/clock.h
src/store/store_priv.h:
include/zhibu/store.h:
include/zhibu/model.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/date.h:
src/store/store_json.h:
src/store/store_list.h:
include/zhibu/util.h:
include/zhibu/branch_rules.h:
include/zhibu/clock.h:
