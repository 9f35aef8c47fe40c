/* audit_report_priv.h — what the files of the monthly review's output (audit_report.c,
 * audit_json.c, audit_amends.c in src/export) share. */
#ifndef ZHIBU_EXPORT_AUDIT_REPORT_PRIV_H
#define ZHIBU_EXPORT_AUDIT_REPORT_PRIV_H

#include <stddef.h>

#include "zhibu/audit.h"
#include "zhibu/store.h"
#include "zhibu/store_audit.h"

static inline const char *item_code(int i)
{
    return AUDIT_ITEMS[i].code;
}

static inline const char *item_label(int i)
{
    return AUDIT_ITEMS[i].label;
}

/* audit_amends.c: 审后修改, a record and what the change did to it */
void audit_record_text(struct store *st, const char *table, const char *json, char *out, size_t outsz);
char *audit_change_text(struct store *st, const struct history_entry *e, const char *table);

#endif
