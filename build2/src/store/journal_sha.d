build2/src/store/journal_sha.o: src/store/journal_sha.c \
 src/store/journal_sha.h
src/store/journal_sha.h:
