/* msg.h — the one place a failure becomes the sentence the user reads.
 *
 * The store returns a code and records what failed (store_error: the work it was doing, the
 * table and field, the label the user knows); core returns its reason in the caller's buffer.
 * A screen (screens_store_error) or a subcommand (cli_store_error) names its own step — "保存失败",
 * "未保存", "找不到该党员" — and this module writes the sentence once: full-width punctuation, a
 * failure named once with the more precise of the two names, a sentence that says everything
 * itself ("磁盘已满…") standing alone, a program prefix ("zhibu: ") left to the printer. */
#ifndef ZHIBU_MSG_H
#define ZHIBU_MSG_H

#include <stddef.h>

struct store_error;

enum { MSG_MAX = 1024 };

/* "LEAD：REASON" for a store failure, into out (n bytes, never cut inside a character): REASON is
 * the store's sentence; when both name the failure ("保存失败" and "保存会议记录失败：…") the
 * failure is said once. lead NULL or "" gives the store's sentence alone. Returns out. */
char *msg_store_failure(char *out, size_t n, const char *lead, const struct store_error *e);

/* Tidy a composed message in place (size bytes): ASCII colons after Chinese text become
 * full-width, a doubled "…失败：…失败：" says the failure once, a whole sentence stands alone, a
 * "zhibu: " prefix goes. app_error, app_status and cli_error pass every message through it. */
void msg_tidy(char *s, size_t size);

#endif
