/* sheet.c — the output file and text helpers every export shares (see sheet.h). */
#include "zhibu/sheet.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "zhibu/text.h"
#include "zhibu/util.h"

char *export_clean_text(const char *s, bool multiline)
{
    if (!s) s = "";
    char *tmp = xstrdup(s);
    size_t w = 0;
    for (size_t r = 0; tmp[r]; r++) {
        char c = tmp[r];
        if (c == '\r') {
            if (tmp[r + 1] == '\n') continue; /* the LF that follows stands for both */
            c = '\n';
        }
        if (c == '\t') c = ' ';
        if (c == '\n' && !multiline) c = ' ';
        tmp[w++] = c;
    }
    tmp[w] = '\0';
    char *out = text_sanitize(tmp, multiline);
    free(tmp);
    return out;
}

const char *export_errno_text(int e)
{
    switch (e) {
    case ENOENT: return "目录不存在";
    case EACCES: case EPERM: return "没有写入权限";
    case ENOSPC: return "磁盘空间不足";
    case EROFS: return "文件系统只读";
    case EISDIR: return "这是一个目录";
    case ENOTDIR: return "路径中有一段不是目录";
    case ENAMETOOLONG: return "路径太长";
    case EDQUOT: return "超出磁盘配额";
    case EIO: return "读写错误";
    default: return strerror(e);
    }
}

void export_file_lxw(struct export_file *x, int lxw_rc)
{
    if (lxw_rc != LXW_NO_ERROR && !x->failed) {
        x->failed = true;
        x->lxw_rc = lxw_rc;
    }
}

void export_file_io(struct export_file *x, int rc)
{
    if (rc != 0 && !x->failed) {
        x->failed = true;
        x->errno_saved = errno ? errno : EIO;
    }
}

int export_file_open(struct export_file *x, const char *path, bool xlsx, char *err, size_t errsz)
{
    memset(x, 0, sizeof *x);
    x->path = xstrdup(path);
    x->tmp = xasprintf("%s.tmp", path);
    x->xlsx = xlsx;
    /* Open the temporary file ourselves first: it reports an unwritable place with errno
     * (libxlsxwriter only tells that it failed). */
    errno = 0;
    x->f = fopen(x->tmp, "w");
    if (!x->f) {
        snprintf(err, errsz, "无法写入 %s：%s", path, export_errno_text(errno));
        free(x->path);
        free(x->tmp);
        x->path = x->tmp = NULL;
        return -1;
    }
    if (xlsx) {
        fclose(x->f);
        x->f = NULL;
        lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
        x->wb = workbook_new_opt(x->tmp, &opt);
        if (!x->wb) export_file_lxw(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
    }
    return 0;
}

int export_file_close(struct export_file *x, bool ok, char *err, size_t errsz)
{
    if (!x->path) return -1;
    if (x->xlsx) {
        if (x->wb) {
            errno = 0;
            lxw_error rc = workbook_close(x->wb);
            if (rc != LXW_NO_ERROR && !x->failed) {
                x->failed = true;
                x->lxw_rc = rc;
                x->errno_saved = errno;
            }
            x->wb = NULL;
        }
    } else if (x->f) {
        errno = 0;
        if (fflush(x->f) != 0 || ferror(x->f)) export_file_io(x, -1);
        if (!x->failed && fsync(fileno(x->f)) != 0 && errno != EINVAL) export_file_io(x, -1);
        if (fclose(x->f) != 0) export_file_io(x, -1);
        x->f = NULL;
    }
    if (ok && !x->failed) {
        errno = 0;
        if (rename(x->tmp, x->path) != 0) {
            x->failed = true;
            x->errno_saved = errno;
        }
    }
    int status = 0;
    if (!ok || x->failed) {
        unlink(x->tmp);
        if (x->failed) {
            if (x->errno_saved)
                snprintf(err, errsz, "无法写入 %s：%s", x->path, export_errno_text(x->errno_saved));
            else
                snprintf(err, errsz, "无法写入 %s：%s", x->path,
                         lxw_strerror((lxw_error)x->lxw_rc));
        }
        status = -1;
    }
    free(x->path);
    free(x->tmp);
    x->path = x->tmp = NULL;
    return status;
}
