/* util.h — allocation wrappers that abort on failure, small string helpers.
 * Owns nothing; used by every layer. */
#ifndef ZHIBU_UTIL_H
#define ZHIBU_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>

#define ZB_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
/* Room for a sentence a check composes (with dates or numbers) into its caller's buffer: core
 * keeps no static buffers, a message returned is a constant string or the caller's buf. */
#define ZB_MSG_MAX 256

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
/* printf into a fresh heap string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Copy src into dst (size dstsz), always NUL-terminated, never splitting a UTF-8 sequence. */
void zb_strlcpy(char *dst, const char *src, size_t dstsz);
/* A secret (password) from the first line of a file, without its line end, into buf. Returns 0,
 * or -1 with a Chinese sentence in err: the file cannot be read, or its first line does not fit
 * in bufsz - 1 bytes (too long: refused, never cut). */
int zb_read_secret_file(const char *path, char *buf, size_t bufsz, char *err, size_t errsz);

/* A short Chinese reason for an errno (文件或目录不存在, 没有权限, 磁盘已满 ...; strerror for the
 * rare ones). */
const char *zb_errno_text(int e);

/* Files the program creates hold personal data: they are made readable and writable by their
 * owner only (0600), whatever the umask. zb_create_private opens path for writing — a new file
 * when excl (EEXIST when there is one), else truncating an existing one, which also becomes
 * 0600 — and returns the descriptor, or -1 with errno. zb_fopen_private is the same as
 * fopen(path, "w") with that mode. */
int zb_create_private(const char *path, bool excl);
FILE *zb_fopen_private(const char *path);


/* Print "zhibu: MESSAGE" to stderr and exit with status. Only before the screen starts. */
void die(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));

#endif
