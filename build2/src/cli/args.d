build2/src/cli/args.o: src/cli/args.c include/zhibu/args.h \
 include/zhibu/cli.h
include/zhibu/args.h:
include/zhibu/cli.h:
