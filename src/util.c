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
