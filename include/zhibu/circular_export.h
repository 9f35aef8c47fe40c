/* circular_export.h — the 通报 out of the program: an .xlsx ready to print and stamp
 * (src/export/circular_xlsx.c) and a plain text page (src/export/circular_text.c), from a
 * computed circular (circular.h) and its input. */
#ifndef ZHIBU_CIRCULAR_EXPORT_H
#define ZHIBU_CIRCULAR_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "zhibu/circular.h"
#include "zhibu/date.h"

struct circ_doc {
    const struct circ_input *in;
    const struct circ_result *res;
    const char *office;       /* the issuing office's name ("" or NULL: 区委组织部) */
    struct zdate issued;      /* the date printed under the office's name */
    const char *scope;        /* an inspector's station ("第一指导站"), or ""/NULL: the district */
};
/* What the totals are called: "全区", or the station's name for an inspector. */
const char *circ_scope_name(const struct circ_doc *d);

/* .xlsx (A4 landscape, fit to the page's width, footer 第 N 页，共 M 页): sheet 通报 (title,
 * office and date, the summary, the ranking with its heading row repeated on every page, what
 * each figure means, the office and date with room for the stamp), sheet 连续未合格支部 (附件1:
 * township, branch code and name, months, each month's final verdict) and sheet 合格率走势
 * (附件2: each township's and the district's 合格 share per month, as numbers formatted 0.0%,
 * empty where there was no branch). Through PATH.tmp; 0 or -1 with a Chinese message. */
int circular_write_xlsx(const struct circ_doc *d, const char *path, char *err, size_t errsz);
/* The same as a UTF-8 text page of 100 columns, columns aligned by terminal width (wide
 * characters count two), names cut with … where they do not fit. */
int circular_write_text(const struct circ_doc *d, const char *path, char *err, size_t errsz);
/* The page at `width` columns (the screen's): below 100 the counts of 需整改, 不合格 and 未审
 * are given up as needed and the trend shows the latest months that fit. */
#define CIRC_TEXT_WIDTH 100
void circular_text(FILE *f, const struct circ_doc *d, int width);

/* Shared by both: the office's name as printed; a behind branch's months as
 * "2026年9月（需整改）、2026年10月（不合格）"; the notes explaining the figures (NULL-ended). */
const char *circ_office_name(const struct circ_doc *d);
void circ_behind_months_text(const struct circ_doc *d, const struct circ_behind *b, char *out,
                             size_t outsz);
const char *circ_note(const struct circ_doc *d, int i, char *buf, size_t n); /* NULL past the last */
/* "本月" or "本季度" summary sentence of the district: "全区共N个乡镇、M个支部……" */
void circ_summary_text(const struct circ_doc *d, char *out, size_t outsz);

#endif
