build2/src/store/journal_dict.o: src/store/journal_dict.c \
 src/store/journal_codec.h
src/store/journal_codec.h:
