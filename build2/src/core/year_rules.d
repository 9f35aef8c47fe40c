build2/src/core/year_rules.o: src/core/year_rules.c \
 include/zhibu/year_rules.h include/zhibu/util.h
include/zhibu/year_rules.h:
include/zhibu/util.h:
