/* posts_export.h — the public notice of post assignments (公示明岗) out of the program
 * (src/export/posts_export.c): a plain-text page for the notice board, and .xlsx (sheet 设岗定责公示)
 * listing category, post, duties, holder, pledge, claim date; and the rows of `zhibu list posts`. */
#ifndef ZHIBU_POSTS_EXPORT_H
#define ZHIBU_POSTS_EXPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "zhibu/store.h"

/* The notice as text, lines at most `width` columns (wrapped by columns), headed with the branch
 * and the notice date (notice_date "" = today's), one block per post with its duties and holders
 * and their pledges, and a closing line for the supervision phone or the branch. */
int posts_notice_text(FILE *out, struct store *st, int64_t branch_id, const char *notice_date, int width);
/* The notice as .xlsx (or .csv by extension) through a temporary file; 0 or -1 with a Chinese
 * message. */
int posts_notice_export(struct store *st, int64_t branch_id, const char *notice_date, const char *path,
                        char *err, size_t errsz);

#endif
