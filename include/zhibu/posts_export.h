/* posts_export.h — the public notice of post assignments (公示明岗) out of the program
 * (src/export/posts_export.c): a plain-text page for the notice board, and .xlsx (sheet 设岗定责公示)
 * listing category, post, duties, holder, pledge, claim date (CSV by extension too); and the rows
 * of `zhibu list posts`. */
#ifndef ZHIBU_POSTS_EXPORT_H
#define ZHIBU_POSTS_EXPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "zhibu/date.h"
#include "zhibu/store.h"

/* The notice as text, lines at most `width` columns (wrapped by columns), headed with the branch
 * and the notice date (notice_date "" = today's), one block per post with its duties and holders
 * and their pledges, and a closing line for the supervision phone or the branch. */
int posts_notice_text(FILE *out, struct store *st, int64_t branch_id, const char *notice_date, int width);
/* The notice as .xlsx (or .csv by extension) through a temporary file; 0 or -1 with a Chinese
 * message. */
int posts_notice_export(struct store *st, int64_t branch_id, const char *notice_date, const char *path,
                        char *err, size_t errsz);

/* The narrowest page posts_notice_text lays out (narrower: -1 with errno EINVAL), and the
 * width of a .txt notice written by posts_notice_export. */
#define POSTS_NOTICE_MIN_WIDTH 40
#define POSTS_NOTICE_WIDTH 80

/* posts_notice_export with the page width of a .txt notice given: .xlsx, .csv or .txt by
 * extension (anything else is refused with a message). */
int posts_notice_write(struct store *st, int64_t branch_id, const char *notice_date, const char *path,
                       int width, char *err, size_t errsz);

/* ---- zhibu list posts ---- */
#define POSTS_LIST_COLUMNS 12
#define POSTS_LIST_OVERDUE 11   /* the column written as a boolean in JSON */
/* branch_code, category, post, member, how, claimed, noticed, ended, last_report,
 * latest_rating, report_due, overdue */
extern const char *const POSTS_LIST_KEYS[POSTS_LIST_COLUMNS];
/* Calls fn with the fields of each holding of the branch, current and ended, in post order
 * (category, name; posts since voided last), then by claim date and member. report_due is
 * post_report_due's date for `today` and report_months ("" for an ended holding) and overdue
 * "1" or "0" (always "0" once ended). Returns STORE_OK, a store error, or 1 when fn returned
 * non-zero (which stops the walk). */
int posts_list_each(struct store *st, int64_t branch_id, const char *branch_code, struct zdate today,
                    int report_months, int (*fn)(const char *const *fields, void *ctx), void *ctx);

#endif
