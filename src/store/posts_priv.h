/* posts_priv.h — what posts.c and post_holdings.c share; private to them. */
#ifndef ZHIBU_POSTS_PRIV_H
#define ZHIBU_POSTS_PRIV_H

#include "store_priv.h"

#define DATE_MSG "格式应为 YYYY-MM-DD，且须是真实日期"

int st_check_date(struct store *st, const char *date, const char *label, bool optional);
int64_t st_holding_branch(struct store *st, int64_t holding_id);
int64_t st_post_branch(struct store *st, int64_t post_id);
int st_read_end(struct store *st, sqlite3_stmt *s, int rc, const char *what);
int st_take_text(struct store *st, char *dst, size_t dstsz, const char *text, const char *msg,
                 const char *label);

#endif
