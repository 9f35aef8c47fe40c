/* util.c — allocation that aborts on failure, and small string helpers. */
#include "zhibu/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void out_of_memory(void)
{
    fputs("zhibu: 内存不足\n", stderr);
    abort();
}

void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p) out_of_memory();
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p) out_of_memory();
    return p;
}

void *xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    if (!p) out_of_memory();
    return p;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = xmalloc(n);
    memcpy(p, s, n);
    return p;
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) out_of_memory();
    char *p = xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void zb_strlcpy(char *dst, const char *src, size_t dstsz)
{
    if (dstsz == 0) return;
    size_t n = strlen(src);
    if (n >= dstsz) {
        n = dstsz - 1;
        /* step back over UTF-8 continuation bytes so no character is cut */
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80) n--;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

void die(int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("zhibu: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(status);
}

int zb_read_secret_file(const char *path, char *buf, size_t bufsz, char *err, size_t errsz)
{
    buf[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errsz, "无法读取密码文件 %s：%s", path, zb_errno_text(errno));
        return -1;
    }
    setvbuf(f, NULL, _IONBF, 0); /* no stdio buffer keeps a copy of the secret */
    size_t n = 0;
    int c;
    bool too_long = false;
    while ((c = fgetc(f)) != EOF && c != '\n') {
        if (n + 1 >= bufsz) {
            too_long = true;
            break;
        }
        buf[n++] = (char)c;
    }
    fclose(f);
    if (n > 0 && buf[n - 1] == '\r') n--;
    buf[n] = '\0';
    if (too_long) {
        memset(buf, 0, bufsz);
        snprintf(err, errsz, "密码文件 %s 的密码过长", path);
        return -1;
    }
    return 0;
}

const char *zb_errno_text(int e)
{
    switch (e) {
    case ENOENT: return "文件或目录不存在";
    case EACCES: case EPERM: return "没有权限";
    case ENOSPC: return "磁盘已满";
    case EROFS: return "文件系统只读";
    case EISDIR: return "这是一个目录";
    case ENOTDIR: return "路径中有一段不是目录";
    case ENAMETOOLONG: return "路径太长";
    case EDQUOT: return "超出磁盘配额";
    case EEXIST: return "文件已存在";
    case EIO: return "读写错误";
    default: return strerror(e);
    }
}

int zb_create_private(const char *path, bool excl)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY | (excl ? O_EXCL : O_TRUNC),
                  0600);
    if (fd < 0) return -1;
    /* the umask may have taken bits away, or an existing file had more: exactly 0600 */
    if (fchmod(fd, 0600) != 0) {
        int e = errno;
        close(fd);
        if (excl) unlink(path);
        errno = e;
        return -1;
    }
    return fd;
}

FILE *zb_fopen_private(const char *path)
{
    int fd = zb_create_private(path, false);
    if (fd < 0) return NULL;
    FILE *f = fdopen(fd, "w");
    if (!f) {
        int e = errno;
        close(fd);
        errno = e;
    }
    return f;
}

/* ---- messages ---- */

/* The code point at p (UTF-8, NUL-terminated), and its length in *n; 0 with *n = 1 for a byte
 * that does not start a valid sequence. */
static uint32_t cp_at(const char *p, size_t *n)
{
    const unsigned char *u = (const unsigned char *)p;
    if (u[0] < 0x80) {
        *n = 1;
        return u[0];
    }
    size_t len = u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : u[0] >= 0xC0 ? 2 : 0;
    uint32_t cp = len == 4 ? u[0] & 0x07u : len == 3 ? u[0] & 0x0Fu : u[0] & 0x1Fu;
    for (size_t i = 1; i < len; i++) {
        if ((u[i] & 0xC0) != 0x80) len = 0;
        else cp = cp << 6 | (u[i] & 0x3Fu);
        if (!len) break;
    }
    *n = len ? len : 1;
    return len ? cp : 0;
}

/* Chinese text, or the full-width and CJK punctuation that goes with it. */
static bool is_wide_text(uint32_t cp)
{
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* Sentences that say everything themselves: whatever was being done when they happened is
 * left out before them. */
static const char *const WHOLE_SENTENCES[] = {
    "磁盘已满，未保存；已保存的内容没有丢失",
    "只读文件：不能保存",
};

void zb_tidy_message(char *s, size_t size)
{
    static const char FAIL[] = "失败：";
    if (size == 0) return;
    /* a program prefix inside the message ("zhibu: ", "zhibu user: "): the printer adds its own */
    if (strncmp(s, "zhibu", 5) == 0 && (s[5] == ':' || s[5] == ' ')) {
        const char *p = s + 5;
        if (*p == ' ') {
            p++;
            while (*p && *p != ':' && *p != ' ' && (unsigned char)*p < 0x80) p++;
        }
        if (p[0] == ':' && p[1] == ' ') memmove(s, p + 2, strlen(p + 2) + 1);
    }
    /* ASCII colons after Chinese text become full-width (and the space after them goes); the
     * message may grow by two bytes a colon, up to size (never cutting a character) */
    char *src = xstrdup(s);
    size_t w = 0;
    uint32_t prev = 0;
    for (size_t r = 0; src[r];) {
        size_t n;
        uint32_t cp = cp_at(src + r, &n);
        const char *put = src + r;
        size_t len = n;
        if (cp == ':' && is_wide_text(prev)) {
            put = "：";
            len = 3;
            while (src[r + n] == ' ') n++;
            cp = 0xFF1A;
        }
        if (w + len >= size) break;
        memcpy(s + w, put, len);
        w += len;
        r += n;
        prev = cp;
    }
    s[w] = '\0';
    free(src);
    /* the whole sentences stand alone */
    for (size_t i = 0; i < ZB_ARRAY_LEN(WHOLE_SENTENCES); i++) {
        const char *p = strstr(s, WHOLE_SENTENCES[i]);
        if (p && p != s) memmove(s, p, strlen(p) + 1);
    }
    /* "保存失败：保存党员失败：…": one failure said once, with the longer of the two names */
    char *first = strstr(s, FAIL);
    if (!first) return;
    char *second_name = first + strlen(FAIL);
    char *second = strstr(second_name, FAIL);
    if (!second) return;
    for (const char *p = second_name; p < second; p++)
        if (strncmp(p, "：", 3) == 0 || strncmp(p, "，", 3) == 0 || *p == '\n') return;
    size_t a = (size_t)(first - s), b = (size_t)(second - second_name);
    if (a > b) memmove(first, second, strlen(second) + 1); /* keep the first name */
    else memmove(s, second_name, strlen(second_name) + 1);  /* keep the second */
}
