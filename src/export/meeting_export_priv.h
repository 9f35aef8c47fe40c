/* meeting_export_priv.h — what meeting_print.c lends meeting_export.c (src/export). */
#ifndef ZHIBU_EXPORT_MEETING_EXPORT_PRIV_H
#define ZHIBU_EXPORT_MEETING_EXPORT_PRIV_H

#include <stddef.h>

#include "zhibu/meeting.h"

const char *meeting_kind_text(const char *code);
const char *meeting_quorum_label(int quorum);
void meeting_marks_text(const struct meeting *m, int late_entry_days, char *out, size_t outsz);

#endif
