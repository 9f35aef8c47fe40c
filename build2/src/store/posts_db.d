build2/src/store/posts_db.o: src/store/posts_db.c src/store/posts_priv.h \
 src/store/store_priv.h include/zhibu/store.h include/zhibu/model.h \
 include/zhibu/store_auth.h include/zhibu/auth.h include/zhibu/date.h \
 src/store/store_json.h src/store/store_list.h include/zhibu/util.h \
 include/zhibu/clock.h include/zhibu/store_posts.h include/zhibu/text.h
src/store/posts_priv.h:
src/store/store_priv.h:
include/zhibu/store.h:
include/zhibu/model.h:
include/zhibu/store_auth.h:
include/zhibu/auth.h:
include/zhibu/date.h:
src/store/store_json.h:
src/store/store_list.h:
include/zhibu/util.h:
include/zhibu/clock.h:
include/zhibu/store_posts.h:
include/zhibu/text.h:
