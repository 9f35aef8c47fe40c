/* sheet.h — what the exports in src/export/ share (src/export/sheet.c): text made safe for a
 * file, a short Chinese reason for an errno, and the output file itself — written to
 * PATH.tmp (a CSV/JSON stream or an .xlsx workbook) and renamed over PATH only once complete,
 * so that a failure (a missing directory, a full disk) leaves no file behind, neither the old
 * one half-replaced nor a fragment. */
#ifndef ZHIBU_SHEET_H
#define ZHIBU_SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct lxw_workbook;

/* A heap copy fit for output: CR LF and lone CR become LF (or, for single-line fields, every
 * line break becomes a space), tabs a space, and what is left that is not printable (control
 * characters, invalid UTF-8) U+FFFD, so the XML inside an .xlsx is always well formed. */
char *export_clean_text(const char *s, bool multiline);
/* 目录不存在, 没有写入权限, 磁盘空间不足 ... (strerror for the rare ones). */
const char *export_errno_text(int e);

/* One output file being written. */
struct export_file {
    char *path;                /* the final name (copied) */
    char *tmp;                 /* PATH.tmp */
    bool xlsx;                 /* else a text stream in f */
    FILE *f;                   /* CSV, JSON */
    struct lxw_workbook *wb;   /* .xlsx */
    bool failed;               /* a write failed: errno_saved or lxw_rc say why */
    int errno_saved;
    int lxw_rc;                /* an lxw_error */
};

/* Open PATH.tmp: a workbook (constant-memory mode: rows in order, sheet by sheet or
 * interleaved) when xlsx, else a stream. Returns 0, or -1 with "无法写入 PATH：原因" in err
 * (nothing is left behind). */
int export_file_open(struct export_file *x, const char *path, bool xlsx, char *err, size_t errsz);
/* Record a failed write: an lxw_error (LXW_NO_ERROR = 0 is no failure) or a stdio status
 * (non-zero = failure, errno says why). The first failure is the one reported. */
void export_file_lxw(struct export_file *x, int lxw_rc);
void export_file_io(struct export_file *x, int rc);
/* Close; when `ok` and nothing failed, rename PATH.tmp to PATH and return 0. Otherwise remove
 * PATH.tmp and return -1, with "无法写入 PATH：原因" in err when the failure was the file's
 * (when !ok the caller's message in err is kept). Frees what export_file_open allocated. */
int export_file_close(struct export_file *x, bool ok, char *err, size_t errsz);

#endif
