/* roster_template.h — the roster template an office fills in for `zhibu import members`
 * (src/export/roster_template.c): sheet 党员名册 with the Chinese headers and one sample row
 * (dates as Excel dates, the coded columns with drop-down lists), sheet 填写说明 with each
 * column, whether it is required, what it accepts, and how the import treats the file. */
#ifndef ZHIBU_ROSTER_TEMPLATE_H
#define ZHIBU_ROSTER_TEMPLATE_H

#include <stddef.h>

/* The sheet the members go in (the first). */
#define ROSTER_TEMPLATE_SHEET "党员名册"

/* Writes the template to path (through PATH.tmp, 0600; an existing file is replaced: the caller
 * asks first). 0, or -1 with "无法写入 PATH：原因" in err. */
int roster_template_write(const char *path, char *err, size_t errsz);

#endif
